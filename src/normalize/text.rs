//! [`NormText`]: a text that remembers, for every byte, which bytes of the decoded
//! source it came from, so that any number of edits (NFC, joined lines, repaired
//! words) keep every span pointing at its evidence.
//!
//! Offsets: `text` offsets are into the normalized text; [`Span`]s are half-open byte
//! ranges into the decoded source. Edits are made by building a new `NormText` from
//! an old one with [`Builder`], never by mutating in place, so the alignment cannot
//! drift.

use std::ops::Range;

use crate::span::Span;

/// Normalized text plus, for every byte, the source range that produced it.
///
/// The alignment is stored as pieces, not per byte: a piece is a run of bytes that
/// either came one for one from consecutive source bytes (copied text) or all from
/// one source range (a replacement). A plan normalizes into a few hundred pieces,
/// so building and copying the map costs little next to the text itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NormText {
    text: String,
    /// Sorted by [`Piece::at`], none empty, covering `text` from byte 0.
    pieces: Vec<Piece>,
    /// Length of the source in bytes; the span of an empty range at the end.
    source_len: u32,
}

/// Bytes of text a [`Builder`] makes room for one new piece for: the line pass
/// makes about two pieces a line, and plan lines run 40 to 80 bytes.
const BYTES_A_PIECE: usize = 16;

/// A run of text bytes, from its `at` to the next piece's (or the text's end).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// First byte of the run in the text.
    at: u32,
    /// Source offset of the run's first byte.
    src: u32,
    /// `None`: byte `at + k` came from source byte `src + k`. `Some(end)`: every byte
    /// of the run came from the source range `src..end` as a whole.
    whole: Option<u32>,
}

impl Piece {
    /// The source range of text byte `i` (which the piece covers).
    fn align(&self, i: u32) -> (u32, u32) {
        match self.whole {
            None => {
                let s = self.src + (i - self.at);
                (s, s + 1)
            }
            Some(end) => (self.src, end),
        }
    }

    /// The same alignment, for the bytes from text byte `i` on, placed at `at`.
    fn tail_at(&self, i: u32, at: u32) -> Piece {
        let src = match self.whole {
            None => self.src + (i - self.at),
            Some(_) => self.src,
        };
        Piece {
            at,
            src,
            whole: self.whole,
        }
    }
}

impl NormText {
    /// The identity normalization of `source`: every byte maps to itself.
    ///
    /// Offsets are `u32`: sources above 4 GiB are rejected by the decoder long
    /// before they get here.
    pub fn from_source(source: &str) -> NormText {
        let pieces = if source.is_empty() {
            Vec::new()
        } else {
            vec![Piece {
                at: 0,
                src: 0,
                whole: None,
            }]
        };
        NormText {
            text: source.to_string(),
            pieces,
            source_len: source.len() as u32,
        }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the normalized text in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when the normalized text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The source span behind a byte range of the normalized text.
    ///
    /// An empty range maps to an empty span at the source position of its start.
    /// Ranges past the end are clamped; this never panics.
    pub fn source_span(&self, range: Range<usize>) -> Span {
        self.source_span_near(range, &mut 0)
    }

    /// [`NormText::source_span`], the pieces looked for from piece `near` on
    /// ([`NormText::piece_near`]), which is left at the piece of the range's end.
    fn source_span_near(&self, range: Range<usize>, near: &mut usize) -> Span {
        let end = range.end.min(self.text.len());
        let start = range.start.min(end);
        let mut align = |i: usize| {
            *near = self.piece_near(i, *near);
            self.pieces[*near].align(i as u32)
        };
        if start == end {
            let at = if start < self.text.len() {
                align(start).0
            } else {
                self.source_len
            };
            return Span::new(at as usize, at as usize);
        }
        let first = align(start).0;
        let last = align(end - 1).1;
        Span::new(first as usize, last.max(first) as usize)
    }

    /// Starts a new text built from pieces of this one. Room is made for a piece
    /// every [`BYTES_A_PIECE`] bytes: a pass that rewrites each line or many
    /// words makes that many, and a vector grown by doubling instead would copy
    /// its pieces over and over into memory not yet cached.
    pub fn builder(&self) -> Builder<'_> {
        Builder {
            from: self,
            text: String::with_capacity(self.text.len()),
            pieces: Vec::with_capacity(self.pieces.len() + 16 + self.text.len() / BYTES_A_PIECE),
            near: 0,
        }
    }

    /// Index of the piece that covers text byte `i` (`i` < the text's length).
    fn piece_of(&self, i: usize) -> usize {
        self.pieces
            .partition_point(|p| p.at as usize <= i)
            .saturating_sub(1)
    }

    /// [`NormText::piece_of`] byte `i`, found from piece `near` on when that piece
    /// starts at or before `i`: passes over a text go forward, and the piece is
    /// then most often `near` itself or the next one.
    fn piece_near(&self, i: usize, near: usize) -> usize {
        let starts_by = |k: usize| self.pieces.get(k).is_some_and(|p| p.at as usize <= i);
        if !starts_by(near) {
            return self.piece_of(i);
        }
        if !starts_by(near + 1) {
            return near;
        }
        near + self.pieces[near..].partition_point(|p| p.at as usize <= i) - 1
    }

    /// The source range of text byte `i` (`i` < the text's length).
    #[cfg(test)]
    fn align(&self, i: usize) -> (u32, u32) {
        self.pieces[self.piece_of(i)].align(i as u32)
    }

    /// End of piece `k` in the text.
    fn piece_end(&self, k: usize) -> u32 {
        self.pieces
            .get(k + 1)
            .map_or(self.text.len() as u32, |p| p.at)
    }
}

/// Builds a new [`NormText`] from pieces of an old one: copied ranges keep their
/// alignment, replaced ranges align every new byte with the whole replaced source.
pub struct Builder<'a> {
    from: &'a NormText,
    text: String,
    pieces: Vec<Piece>,
    /// The piece of `from` last looked up: where the next look-up starts
    /// ([`NormText::piece_near`]).
    near: usize,
}

impl Builder<'_> {
    /// Copies a range of the old text unchanged.
    pub fn copy(&mut self, range: Range<usize>) {
        self.text.push_str(&self.from.text[range.clone()]);
        if range.is_empty() {
            return;
        }
        let base = self.text.len() - range.len();
        let from = self.from;
        for k in from.piece_near(range.start, self.near)..from.pieces.len() {
            let p = from.pieces[k];
            if p.at as usize >= range.end {
                break;
            }
            self.near = k;
            let first = (p.at as usize).max(range.start);
            if first >= from.piece_end(k) as usize {
                continue;
            }
            self.push(p.tail_at(first as u32, (base + first - range.start) as u32));
        }
    }

    /// Writes `with` in place of a range of the old text (deletion when `with` is
    /// empty). An empty `range` inserts: the new bytes align with an empty span there.
    /// Gives the source span of the range (what the new bytes align with).
    pub fn replace(&mut self, range: Range<usize>, with: &str) -> Span {
        let span = self.from.source_span_near(range, &mut self.near);
        if !with.is_empty() {
            let at = self.text.len() as u32;
            self.text.push_str(with);
            self.push(Piece {
                at,
                src: span.start as u32,
                whole: Some(span.end as u32),
            });
        }
        span
    }

    /// Appends a piece starting at the end of the text before the last push,
    /// merging it into the last piece when it continues its alignment.
    fn push(&mut self, p: Piece) {
        if let Some(last) = self.pieces.last() {
            let continues = match (last.whole, p.whole) {
                (None, None) => last.src + (p.at - last.at) == p.src,
                (Some(a), Some(b)) => a == b && last.src == p.src,
                _ => false,
            };
            if continues {
                return;
            }
        }
        self.pieces.push(p);
    }

    /// The text written so far.
    pub fn written(&self) -> &str {
        &self.text
    }

    /// Removes trailing bytes of the text written so far while they are ASCII
    /// whitespace.
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(keep);
        while self.pieces.last().is_some_and(|p| p.at as usize >= keep) {
            self.pieces.pop();
        }
    }

    /// Finishes the new text.
    pub fn finish(self) -> NormText {
        NormText {
            text: self.text,
            pieces: self.pieces,
            source_len: self.from.source_len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_spans_are_source_bytes() {
        let src = "Số: 119/KH-UBND";
        let t = NormText::from_source(src);
        let at = src.find("119").unwrap();
        let span = t.source_span(at..src.len());
        assert_eq!(&src[span.range()], "119/KH-UBND");
    }

    #[test]
    fn replaced_words_point_at_their_evidence() {
        let src = "chinh sach cua Pang va Nha nudc";
        let t = NormText::from_source(src);
        let mut b = t.builder();
        b.copy(0..15);
        b.replace(15..19, "Đảng");
        b.copy(19..27);
        b.replace(27..31, "nước");
        let n = b.finish();
        assert_eq!(n.as_str(), "chinh sach cua Đảng va Nha nước");
        let at = n.as_str().find("Đảng").unwrap();
        let span = n.source_span(at..at + "Đảng".len());
        assert_eq!(&src[span.range()], "Pang");
        let at = n.as_str().find("Nha nước").unwrap();
        let span = n.source_span(at..n.len());
        assert_eq!(&src[span.range()], "Nha nudc");
    }

    #[test]
    fn joined_lines_span_the_line_break() {
        let src = "của Ủy ban nhân \n\ndân huyện";
        let t = NormText::from_source(src);
        let mut b = t.builder();
        b.copy(0..src.find(" \n").unwrap());
        b.replace(src.find(" \n").unwrap()..src.find("dân").unwrap(), " ");
        b.copy(src.find("dân").unwrap()..src.len());
        let n = b.finish();
        assert_eq!(n.as_str(), "của Ủy ban nhân dân huyện");
        let span = n.source_span(0..n.len());
        assert_eq!(&src[span.range()], src);
    }

    #[test]
    fn pieces_found_from_any_hint_as_from_the_start() {
        let src = "chinh sach cua Pang va Nha nudc ve doi moi can ban giao duc";
        let t = NormText::from_source(src);
        let mut b = t.builder();
        for (k, w) in src.split_inclusive(' ').enumerate() {
            let at = w.as_ptr() as usize - src.as_ptr() as usize;
            if k % 2 == 0 {
                b.replace(at..at + w.len(), &w.to_uppercase());
            } else {
                b.copy(at..at + w.len());
            }
        }
        let n = b.finish();
        assert!(n.pieces.len() > 8);
        for i in 0..n.len() {
            for near in 0..n.pieces.len() + 2 {
                assert_eq!(n.piece_near(i, near), n.piece_of(i), "{i} {near}");
            }
            for j in 0..=n.len() {
                let mut near = n.piece_of(i);
                assert_eq!(n.source_span_near(i..j, &mut near), n.source_span(i..j));
            }
        }
    }

    #[test]
    fn out_of_range_is_clamped_not_a_panic() {
        let t = NormText::from_source("abc");
        assert_eq!(t.source_span(2..99), Span::new(2, 3));
        assert_eq!(t.source_span(99..120), Span::new(3, 3));
    }

    /// The alignment the pieces stand for, byte by byte.
    fn per_byte(t: &NormText) -> Vec<(u32, u32)> {
        (0..t.len()).map(|i| t.align(i)).collect()
    }

    /// One edit of a chain: copy or replace a range of the previous text.
    #[derive(Clone, Debug)]
    enum Edit {
        Copy(usize, usize),
        Replace(usize, usize, String),
    }

    fn edits() -> impl proptest::strategy::Strategy<Value = Vec<Vec<Edit>>> {
        use proptest::prelude::*;
        let edit = prop_oneof![
            (0..40usize, 0..8usize).prop_map(|(a, n)| Edit::Copy(a, n)),
            (0..40usize, 0..4usize, "[a-zđ ]{0,3}").prop_map(|(a, n, w)| Edit::Replace(a, n, w)),
        ];
        proptest::collection::vec(proptest::collection::vec(edit, 0..12), 1..4)
    }

    proptest::proptest! {
        /// Chains of builds agree with a per-byte map built alongside: every byte of
        /// every generation aligns with what copying and replacing byte by byte gives.
        #[test]
        fn pieces_agree_with_a_per_byte_map(src in "[a-z ]{0,40}", gens in edits()) {
            let mut t = NormText::from_source(&src);
            let mut naive: Vec<(u32, u32)> = (0..src.len() as u32).map(|i| (i, i + 1)).collect();
            for gen in gens {
                let mut b = t.builder();
                let mut next = Vec::new();
                let mut at = 0;
                for e in gen {
                    let (a, n) = match &e { Edit::Copy(a, n) | Edit::Replace(a, n, _) => (*a, *n) };
                    let start = (at + a % 3).min(t.len());
                    let end = (start + n).min(t.len());
                    if !t.as_str().is_char_boundary(start) || !t.as_str().is_char_boundary(end) {
                        continue;
                    }
                    match e {
                        Edit::Copy(..) => {
                            b.copy(start..end);
                            next.extend_from_slice(&naive[start..end]);
                        }
                        Edit::Replace(_, _, w) => {
                            let span = t.source_span(start..end);
                            b.replace(start..end, &w);
                            next.extend(std::iter::repeat_n((span.start as u32, span.end as u32), w.len()));
                        }
                    }
                    at = end;
                    if e_is_trim(at) {
                        b.trim_end();
                        next.truncate(b.written().len());
                    }
                }
                t = b.finish();
                naive = next;
                proptest::prop_assert_eq!(per_byte(&t), naive.clone());
            }
        }
    }

    /// Trims now and then, at positions the generator reaches by chance.
    fn e_is_trim(at: usize) -> bool {
        at % 7 == 3
    }
}
