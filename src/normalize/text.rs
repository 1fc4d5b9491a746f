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

/// Normalized text plus, per byte, the source range that produced it.
#[derive(Clone, Debug, Default)]
pub struct NormText {
    text: String,
    /// `align[i]` is the source byte range that byte `i` of `text` came from.
    align: Vec<(u32, u32)>,
    /// Length of the source in bytes; the span of an empty range at the end.
    source_len: u32,
}

impl NormText {
    /// The identity normalization of `source`: every byte maps to itself.
    ///
    /// Offsets are `u32`: sources above 4 GiB are rejected by the decoder long
    /// before they get here.
    pub fn from_source(source: &str) -> NormText {
        let align = (0..source.len() as u32).map(|i| (i, i + 1)).collect();
        NormText {
            text: source.to_string(),
            align,
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
        let end = range.end.min(self.align.len());
        let start = range.start.min(end);
        if start == end {
            let at = self
                .align
                .get(start)
                .map(|a| a.0)
                .unwrap_or(self.source_len);
            return Span::new(at as usize, at as usize);
        }
        let first = self.align[start].0;
        let last = self.align[end - 1].1;
        Span::new(first as usize, last.max(first) as usize)
    }

    /// Starts a new text built from pieces of this one.
    pub fn builder(&self) -> Builder<'_> {
        Builder {
            from: self,
            text: String::with_capacity(self.text.len()),
            align: Vec::with_capacity(self.align.len()),
        }
    }

    /// The source range aligned with a byte range of this text, for replacements.
    fn source_range(&self, range: Range<usize>) -> (u32, u32) {
        let span = self.source_span(range);
        (span.start as u32, span.end as u32)
    }
}

/// Builds a new [`NormText`] from pieces of an old one: copied ranges keep their
/// alignment, replaced ranges align every new byte with the whole replaced source.
pub struct Builder<'a> {
    from: &'a NormText,
    text: String,
    align: Vec<(u32, u32)>,
}

impl Builder<'_> {
    /// Copies a range of the old text unchanged.
    pub fn copy(&mut self, range: Range<usize>) {
        self.text.push_str(&self.from.text[range.clone()]);
        self.align.extend_from_slice(&self.from.align[range]);
    }

    /// Writes `with` in place of a range of the old text (deletion when `with` is
    /// empty). An empty `range` inserts: the new bytes align with an empty span there.
    pub fn replace(&mut self, range: Range<usize>, with: &str) {
        let src = self.from.source_range(range);
        self.text.push_str(with);
        self.align.extend(std::iter::repeat_n(src, with.len()));
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
        self.align.truncate(keep);
    }

    /// Finishes the new text.
    pub fn finish(self) -> NormText {
        NormText {
            text: self.text,
            align: self.align,
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
    fn out_of_range_is_clamped_not_a_panic() {
        let t = NormText::from_source("abc");
        assert_eq!(t.source_span(2..99), Span::new(2, 3));
        assert_eq!(t.source_span(99..120), Span::new(3, 3));
    }
}
