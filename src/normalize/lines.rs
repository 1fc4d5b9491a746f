//! The line pass: Markdown decoration, the two-column header, page numbers and
//! running headers, and hard-wrapped lines joined into one paragraph per line.
//!
//! Takes the output of the character pass, gives a text with exactly one paragraph
//! (or heading, or header line) per `\n`-terminated line and no blank lines. Joining
//! and deleting keep the source alignment: a joining space aligns with the line break
//! it replaces. Paragraph breaks are decided from the words, never from blank lines,
//! which converters put everywhere or nowhere.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::text::NormText;
use crate::byteword::{ascii_in, equal, first, word_of, ONES};
use crate::fasthash::FastMap;
use crate::syllable::{fold, fold_lower_char, is_letter, is_lower, is_upper};

/// One source line after cleaning: the byte ranges of the current text it keeps,
/// and their text (borrowed when it is one range, as most lines are).
struct Line<'t> {
    kept: Kept,
    clean: Cow<'t, str>,
    /// [`is_caps`] of `clean`.
    caps: bool,
    /// [`starts_with_marker`] of `clean`.
    marker: bool,
    /// Characters in `clean`.
    chars: usize,
}

/// The byte ranges of the text a line keeps, in order: most lines keep one, and
/// take no allocation for it.
enum Kept {
    One(Range<usize>),
    Many(Vec<Range<usize>>),
}

impl Kept {
    fn as_slice(&self) -> &[Range<usize>] {
        match self {
            Kept::One(r) => std::slice::from_ref(r),
            Kept::Many(v) => v,
        }
    }
}

impl From<Vec<Range<usize>>> for Kept {
    fn from(mut v: Vec<Range<usize>>) -> Kept {
        match v.len() {
            1 => Kept::One(v.remove(0)),
            _ => Kept::Many(v),
        }
    }
}

impl<'t> Line<'t> {
    /// The line keeping `kept` of `text`.
    fn new(text: &'t str, kept: Kept) -> Line<'t> {
        let clean = match kept.as_slice() {
            [one] => Cow::Borrowed(&text[one.clone()]),
            many => Cow::Owned(many.iter().map(|r| &text[r.clone()]).collect()),
        };
        Line {
            caps: is_caps(&clean),
            marker: starts_with_marker(&clean),
            chars: clean.chars().count(),
            kept,
            clean,
        }
    }

    fn first(&self) -> usize {
        self.kept.as_slice().first().map_or(0, |r| r.start)
    }
    fn last(&self) -> usize {
        self.kept.as_slice().last().map_or(0, |r| r.end)
    }
}

/// Runs the line pass.
pub fn normalize_lines(input: &NormText) -> NormText {
    let text = input.as_str();
    let markdown = looks_like_markdown(text);
    // One line a newline at most: room made once, not grown by copies.
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let mut lines: Vec<Line> = Vec::with_capacity(newlines + 1);
    let mut header_done = false;
    let mut start = 0;
    // The lines as `split_inclusive('\n')` gives them, found eight bytes at a time.
    while start < text.len() {
        let end = find_newline(text.as_bytes(), start).map_or(text.len(), |n| n + 1);
        let raw = &text[start..end];
        let range = start..start + raw.trim_end_matches('\n').len();
        start = end;
        let kept = clean_line(text, range, markdown);
        if kept.as_slice().is_empty() {
            continue;
        }
        let line = Line::new(text, kept);
        if is_page_number(&line.clean) {
            continue;
        }
        if !header_done && is_kind_title(&line.clean) {
            header_done = true;
        }
        lines.push(line);
    }
    // The header is the block before the title "KẾ HOẠCH"; only when that title is
    // near the top is there a header to split into its columns.
    let title_at = lines.iter().take(40).position(|l| is_kind_title(&l.clean));
    if let Some(t) = title_at {
        let mut split = Vec::new();
        for line in lines.drain(..t) {
            split.extend(split_columns(text, line));
        }
        split.append(&mut lines);
        lines = split;
    }
    let title_at = lines.iter().position(|l| is_kind_title(&l.clean));
    let repeated = running_headers(&lines);
    let short = short_line_limit(&lines[title_at.unwrap_or(0)..]);

    let mut b = input.builder();
    let mut prev: Option<&Line> = None;
    for (i, line) in lines.iter().enumerate() {
        if !repeated.is_empty() && repeated.contains_key(&*line.clean) {
            continue;
        }
        if let Some(p) = prev {
            let in_header = title_at.is_some_and(|t| i <= t);
            let sep = if !in_header && should_join(p, line, short) {
                " "
            } else {
                "\n"
            };
            b.replace(p.last()..line.first(), sep);
        }
        for r in line.kept.as_slice() {
            b.copy(r.clone());
        }
        prev = Some(line);
    }
    if let Some(p) = prev {
        b.replace(p.last()..p.last(), "\n");
    }
    b.finish()
}

fn looks_like_markdown(text: &str) -> bool {
    // Neither a heading nor bold text without their characters.
    let has = |b: u8| memchr::memchr(b, text.as_bytes()).is_some();
    let headings = has(b'#')
        && text
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                t.starts_with("# ") || t.starts_with("## ") || t.starts_with("### ")
            })
            .nth(1)
            .is_some();
    headings || (has(b'*') && text.matches("**").nth(3).is_some())
}

/// Kept byte ranges of one line: trimmed, runs of spaces collapsed, Markdown
/// decoration removed when the document is Markdown.
fn clean_line(text: &str, range: Range<usize>, markdown: bool) -> Kept {
    let line = &text[range.clone()];
    let base = range.start;
    let skip = decoration(line, markdown);
    // Spaces: drop leading and trailing ones and all but the first of a run. A run
    // of two or more is kept whole (it may separate header columns) and collapsed
    // later, when the header is split. With no decoration dropped (most lines of a
    // Markdown document too), that is the line without its outer spaces: what
    // `kept_around` gives when it skips nothing, its runs and the spaces between
    // them merging into one range.
    if !skip.contains(&true) {
        let inner = line.trim_start_matches(' ');
        let start = base + line.len() - inner.len();
        let inner = inner.trim_end_matches(' ');
        return if inner.is_empty() {
            Kept::Many(Vec::new())
        } else {
            Kept::One(start..start + inner.len())
        };
    }
    kept_around(line.as_bytes(), &skip, base).into()
}

/// The bytes of `line` dropped as decoration, marked `true`; empty when the line
/// can have none (no Markdown document, no heading).
fn decoration(line: &str, markdown: bool) -> Vec<bool> {
    // A line opening with "## " is a converter's heading in any document.
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let hashes = trimmed.bytes().take_while(|&c| c == b'#').count();
    if !markdown && hashes == 0 {
        return Vec::new();
    }
    let mut skip = vec![false; line.len()];
    if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
        skip[lead..lead + hashes].iter_mut().for_each(|s| *s = true);
    }
    if markdown {
        if trimmed.starts_with("> ") {
            skip[lead] = true;
        }
        for pat in ["**", "__"] {
            // Most lines have no decoration: a byte search (memchr) rules it out
            // faster than the substring search finds nothing.
            if !line.as_bytes().contains(&pat.as_bytes()[0]) {
                continue;
            }
            for (at, _) in line.match_indices(pat) {
                skip[at..at + 2].iter_mut().for_each(|s| *s = true);
            }
        }
        let bytes = line.as_bytes();
        for (at, _) in line.match_indices('\\') {
            if bytes
                .get(at + 1)
                .is_some_and(|next| b"\\`*_{}[]()#+-.!|".contains(next))
            {
                skip[at] = true;
            }
        }
    }
    skip
}

/// The ranges of `line` (at `base` in the text) kept when the bytes marked in
/// `skip` are dropped, without leading and trailing spaces; a run of spaces
/// between kept bytes is kept from its first space to its last, skipped bytes
/// within included. Skipped bytes are ASCII decoration, so runs of other bytes
/// are kept whole, never split inside a character.
fn kept_around(line: &[u8], skip: &[bool], base: usize) -> Vec<Range<usize>> {
    let mut kept: Vec<Range<usize>> = Vec::new();
    let mut pending_space: Option<Range<usize>> = None;
    let mut i = 0;
    while i < line.len() {
        if skip[i] {
            i += 1;
            continue;
        }
        if line[i] == b' ' {
            if !kept.is_empty() {
                let start = pending_space.map_or(base + i, |p| p.start);
                pending_space = Some(start..base + i + 1);
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < line.len() && !skip[i] && line[i] != b' ' {
            i += 1;
        }
        if let Some(sp) = pending_space.take() {
            push_range(&mut kept, sp);
        }
        push_range(&mut kept, base + start..base + i);
    }
    kept
}

fn push_range(kept: &mut Vec<Range<usize>>, r: Range<usize>) {
    if let Some(last) = kept.last_mut() {
        if last.end == r.start {
            last.end = r.end;
            return;
        }
    }
    kept.push(r);
}

/// Splits a header line at its column gaps: a run of two or more spaces followed by
/// a capital ("ỦY BAN NHÂN DÂN  CỘNG HÒA …"). Other runs (the blanks of
/// "Số :      /KH-UBND") collapse to one space.
fn split_columns<'t>(text: &'t str, line: Line<'t>) -> Vec<Line<'t>> {
    let mut out = Vec::new();
    let mut cur: Vec<Range<usize>> = Vec::new();
    for r in line.kept.as_slice() {
        let piece = &text[r.clone()];
        let parts = split_keep(piece);
        for (k, &(i, part)) in parts.iter().enumerate() {
            let pr = r.start + i..r.start + i + part.len();
            if part.starts_with(' ') {
                let next_upper = parts
                    .get(k + 1)
                    .and_then(|(_, p)| p.chars().next())
                    .is_some_and(char::is_uppercase);
                if part.len() >= 2 && next_upper {
                    if !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                } else {
                    push_range(&mut cur, pr.start..pr.start + 1);
                }
            } else {
                push_range(&mut cur, pr);
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .map(|kept| Line::new(text, kept.into()))
        .collect()
}

/// Splits a string into runs of spaces and runs of other characters, with offsets.
fn split_keep(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in s.char_indices() {
        let sp = c == ' ';
        match in_space {
            Some(prev) if prev != sp => {
                out.push((start, &s[start..i]));
                start = i;
            }
            _ => {}
        }
        in_space = Some(sp);
    }
    if start < s.len() {
        out.push((start, &s[start..]));
    }
    out
}

/// A line that is only a page number ("2", "- 2 -", "Trang 2/5").
fn is_page_number(clean: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:-\s*)?(?:[Tt]rang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$").unwrap()
    });
    // The regex's first and last characters, checked before it runs.
    let t = clean.trim();
    let (Some(first), Some(last)) = (t.bytes().next(), t.bytes().last()) else {
        return false;
    };
    matches!(first, b'-' | b'T' | b't' | b'0'..=b'9')
        && matches!(last, b'-' | b'0'..=b'9')
        && RE.is_match(t)
}

/// The document-kind line "KẾ HOẠCH" (also as OCR or Markdown leaves it).
pub(crate) fn is_kind_title(clean: &str) -> bool {
    // "kehoach" is seven letters, and every letter folds to one at least.
    if clean.chars().filter(|&c| is_letter(c)).nth(7).is_some() {
        return false;
    }
    let letters: String = clean.chars().filter(|&c| is_letter(c)).collect();
    let upper = letters.chars().filter(|&c| is_upper(c)).count();
    upper * 10 >= letters.chars().count() * 8 && fold(&letters) == "kehoach"
}

/// Short lines that recur on several pages: running headers and footers. Only lines
/// in capitals or carrying a number qualify, so that a wrapped fragment that recurs
/// ("trào thi đua.") is never taken for one.
fn running_headers<'a>(lines: &'a [Line<'_>]) -> FastMap<&'a str, usize> {
    let mut counts: FastMap<&str, usize> = FastMap::default();
    for l in lines {
        // The cheap tests first: most lines are long or open an item.
        if l.chars <= 80 && !l.marker && (l.caps || has_ascii_digit(&l.clean)) {
            *counts.entry(&*l.clean).or_default() += 1;
        }
    }
    counts.retain(|_, n| *n >= 3);
    counts
}

/// True when `s` has an ASCII digit, read eight bytes at a time.
fn has_ascii_digit(s: &str) -> bool {
    let mut chunks = s.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        if ascii_in(word_of(chunk), b'0', b'9') != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// The offset of the first `\n` in `bytes` from `from` on, read eight bytes at a
/// time ([`crate::byteword::equal`]).
fn find_newline(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    let mut chunks = bytes[from..].chunks_exact(8);
    for chunk in &mut chunks {
        let newline = equal(word_of(chunk), b'\n');
        if newline != 0 {
            return Some(at + first(newline));
        }
        at += 8;
    }
    let rest = chunks.remainder().iter().position(|&b| b == b'\n');
    rest.map(|k| at + k)
}

/// True when the line opens a list item or a numbered heading.
pub(crate) fn starts_with_marker(line: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:[IVXl1|]{1,5}\s*[.,:]\s|\d{1,2}(?:\.\d{1,2})*\s?[.,)]\s|\d{1,2}\.\d{1,2}\s|[a-zđ]\)\s|\(\d{1,2}\)\s|[+•*]\s)",
        )
        .unwrap()
    });
    // The regex only where its first characters can match.
    let mut chars = line.chars();
    let may_match = match chars.next() {
        Some('I' | 'V' | 'X' | 'l' | '1' | '|' | '0'..='9' | '(' | '+' | '•' | '*') => true,
        Some('a'..='z' | 'đ') => chars.next() == Some(')'),
        _ => false,
    };
    (may_match && RE.is_match(line)) || is_dash_bullet(line)
}

fn is_dash_bullet(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('-') else {
        return false;
    };
    let rest = rest.trim_start();
    rest.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '“' || c == '(')
}

/// True when the line is set in capitals (a heading, a header or a signature line).
pub(crate) fn is_caps(line: &str) -> bool {
    // Every ASCII lowercase byte is a lowercase letter the loop below counts, and
    // its count only grows: once these bytes alone pass 15% of the bytes, the loop
    // would return false too. Most lines are running text and are settled here
    // after a few words, without decoding a character.
    // Counted eight bytes at a time: the flagged top bits, one a byte, summed by
    // a multiplication into the top byte (at most 8, no carry).
    let limit = line.len() * 15;
    let mut ascii_lower = 0usize;
    let mut chunks = line.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let flags = ascii_in(word_of(chunk), b'a', b'z') >> 7;
        ascii_lower += (flags.wrapping_mul(ONES) >> 56) as usize;
        if ascii_lower * 100 > limit {
            return false;
        }
    }
    for &b in chunks.remainder() {
        if b.is_ascii_lowercase() {
            ascii_lower += 1;
            if ascii_lower * 100 > limit {
                return false;
            }
        }
    }
    let mut letters = 0usize;
    let mut lower = 0usize;
    for c in line.chars() {
        let (is_letter, is_lower) = if c.is_ascii() {
            (c.is_ascii_alphabetic(), c.is_ascii_lowercase())
        } else {
            (is_letter(c), is_lower(c))
        };
        if is_letter {
            letters += 1;
            if is_lower {
                lower += 1;
                // More than 15% lowercase among at most all the bytes: settled.
                if lower * 100 > line.len() * 15 {
                    return false;
                }
            }
        }
    }
    letters >= 3 && (letters - lower) * 100 >= letters * 85
}

/// Words that open a paragraph of this genre when they start a line with a capital.
const OPENERS: &[&str] = &[
    "can cu ",
    "thuc hien ke hoach",
    "thuc hien quyet dinh",
    "thuc hien chi thi",
    "thuc hien nghi quyet",
    "thuc hien cong van",
    "thuc hien van ban",
    "tiep theo ",
    "tren day la",
    "tren co so",
    "noi nhan",
    // A verb given a capital opens a sentence: a line before it that did not end
    // one is a heading ("6. Ủy ban MTTQ …, các tổ chức có liên quan" / "Phát động
    // …"). Verbs that also open names ("Sở Xây dựng", "Ban Chỉ đạo") are left out.
    "chu tri ",
    "chu tri,",
    "phoi hop ",
    "tham muu ",
    "trien khai ",
    "tang cuong ",
    "day manh ",
    "phat dong ",
    "tich cuc ",
    "van dong ",
];

/// Lines shorter than this many characters end their paragraph when the next line
/// starts with a capital: three fifths of the document's usual wrap width (its 75th
/// percentile line length). A document that is not hard-wrapped at all (fewer than
/// one line in twenty continues on a lowercase word) has no wrap width: there a line
/// that ends before a capital always ends its paragraph.
fn short_line_limit(lines: &[Line]) -> usize {
    let mut lens: Vec<usize> = lines.iter().map(|l| l.chars).collect();
    if lens.is_empty() {
        return 0;
    }
    let wraps = lines
        .windows(2)
        .filter(|w| {
            let last = w[0].clean.chars().next_back().unwrap_or('.');
            let first = w[1].clean.chars().next().unwrap_or('A');
            !matches!(last, '.' | ';' | ':' | '!' | '?') && first.is_lowercase()
        })
        .count();
    if wraps * 20 < lines.len() {
        return usize::MAX;
    }
    // The value a sort would put at that place, found without sorting the rest.
    let at = lens.len() * 3 / 4;
    *lens.select_nth_unstable(at).1 * 3 / 5
}

/// Decides whether `next` continues the paragraph that `prev` ends.
fn should_join(prev: &Line, next: &Line, short: usize) -> bool {
    if next.marker || next.caps || prev.caps {
        return false;
    }
    let ends_short = prev.chars < short;
    let (prev, next) = (&*prev.clean, &*next.clean);
    let first = next.chars().next().unwrap_or(' ');
    let starts_upper = first.is_uppercase() || first.is_ascii_digit() || first == '“';
    // The key's first character is `first` folded (folding gives every character
    // one at least, `fold_lower_char` the first): only an opener that starts with
    // it can match, and most lines open with a word no opener starts with.
    if starts_upper
        && OPENERS
            .iter()
            .any(|o| o.starts_with(fold_lower_char(first)))
    {
        // The first 24 characters, sliced rather than collected.
        let end = next.char_indices().nth(24).map_or(next.len(), |(at, _)| at);
        let key = fold(&next[..end]);
        if OPENERS.iter().any(|o| key.starts_with(o)) {
            return false;
        }
    }
    let last = prev.trim_end().chars().next_back().unwrap_or(' ');
    let terminal = matches!(last, '.' | ';' | ':' | '!' | '?' | '…');
    !((terminal || ends_short) && starts_upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_letter_folds_to_one_at_least() {
        // is_kind_title stops counting after seven letters on this ground.
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| is_letter(c))
        {
            assert!(!fold(c.encode_utf8(&mut [0; 4])).is_empty(), "{c:?}");
        }
    }

    #[test]
    fn markers_as_the_regex_reads_them() {
        for (line, want) in [
            ("1. Mục đích", true),
            ("II. NỘI DUNG", true),
            ("l1. TỔ CHỨC", true),
            ("a) Sở Tài chính", true),
            ("đ) Các xã", true),
            ("(2) Báo cáo", true),
            ("1.2 Tuyên truyền", true),
            ("+ Ủy ban", true),
            ("• Hội", true),
            ("- Tổ chức", true),
            ("ab) không", false),
            ("Ủy ban nhân dân", false),
            ("a ) không", false),
            ("2026 là năm", false),
            ("", false),
        ] {
            assert_eq!(starts_with_marker(line), want, "{line:?}");
        }
    }

    /// Kept ranges as the character loop worked them out before [`kept_around`].
    fn plain_kept(line: &str, skip: &[bool], base: usize) -> Vec<Range<usize>> {
        let mut kept: Vec<Range<usize>> = Vec::new();
        let mut pending_space: Option<Range<usize>> = None;
        for (i, c) in line.char_indices() {
            if skip.get(i) == Some(&true) {
                continue;
            }
            let r = base + i..base + i + c.len_utf8();
            if c == ' ' {
                if kept.is_empty() {
                    continue;
                }
                pending_space = Some(match pending_space {
                    Some(p) => p.start..r.end,
                    None => r,
                });
                continue;
            }
            if let Some(sp) = pending_space.take() {
                push_range(&mut kept, sp);
            }
            push_range(&mut kept, r);
        }
        kept
    }

    #[test]
    fn kept_runs_agree_with_the_character_loop() {
        for line in [
            "## **KẾ HOẠCH**",
            "  **1. Giai đoạn 1:**   Các sở, ban.  ",
            "> Trích \\*dẫn\\* __Ủy ban__  ** **  ",
            "Số :      /KH-UBND  Hà Nam, ngày    tháng   năm 2024",
            "**",
            "   ",
            "",
            "a ** b",
            "\\# không phải tiêu đề \\\\ và \\x",
        ] {
            for base in [0, 17] {
                // Decoration as clean_line marks it, then each ASCII byte toggled.
                let mut skips = vec![markdown_skip(line)];
                for (at, _) in line.char_indices().filter(|&(_, c)| c.is_ascii()) {
                    let mut skip = skips[0].clone();
                    skip[at] = !skip[at];
                    skips.push(skip);
                }
                for skip in skips {
                    assert_eq!(
                        kept_around(line.as_bytes(), &skip, base),
                        plain_kept(line, &skip, base),
                        "{line:?} {skip:?}"
                    );
                }
            }
        }
    }

    /// The bytes a Markdown document drops from `line`, as [`clean_line`] marks them.
    fn markdown_skip(line: &str) -> Vec<bool> {
        let kept = clean_line(line, 0..line.len(), true);
        let mut skip = vec![true; line.len()];
        for r in kept.as_slice().iter().cloned() {
            skip[r].iter_mut().for_each(|s| *s = false);
        }
        for (at, b) in line.bytes().enumerate() {
            if b == b' ' {
                skip[at] = false;
            }
        }
        skip
    }

    /// Lines to compare fast paths on: snippets with decoration, spaces, capitals
    /// and digits, and every line of the corpus plans.
    fn sample_lines() -> Vec<String> {
        let mut lines: Vec<String> = [
            "",
            " ",
            "## **KẾ HOẠCH**",
            "  **1. Giai đoạn 1:**   Các sở, ban.  ",
            "> Trích \\*dẫn\\* __Ủy ban__  ** **  ",
            "# Tiêu đề",
            "####### bảy",
            "***",
            "a*b_c**d__e",
            "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TỈNH HÀ NAM\u{A0}\tĐộc lập - Tự do - Hạnh phúc",
            "Số :      /KH-UBND  Hà Nam, ngày    tháng   năm 2024",
            "KẾ HOẠCH",
            "Kế hoạch",
            "UBND tỉnh ban hành",
            "ĐẢNG ỦY xã",
            "Căn cứ Quyết định số 1315/QĐ-TTg",
            "Tích cực vận động hội viên",
            "Phối hợp với các sở",
            "Đẩy mạnh phong trào",
            "Ǆ ǅ ǆ ΑΒΓ αβγ 𝐀𝐁𝐂 ﬁ İ",
            "٣ ੩ ²",
            "- 3 -",
            "abcdefg7",
            "abcdefgh9",
            "a\u{300}\u{301} Ha\u{300} NA\u{300}M",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for text in crate::extract::folded::testing::corpus_texts() {
            lines.extend(text.lines().map(str::to_string));
        }
        lines
    }

    /// [`decoration`] marking every match, with no byte search first.
    fn plain_decoration(line: &str, markdown: bool) -> Vec<bool> {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let hashes = trimmed.bytes().take_while(|&c| c == b'#').count();
        if !markdown && hashes == 0 {
            return Vec::new();
        }
        let mut skip = vec![false; line.len()];
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            skip[lead..lead + hashes].iter_mut().for_each(|s| *s = true);
        }
        if markdown {
            if trimmed.starts_with("> ") {
                skip[lead] = true;
            }
            for pat in ["**", "__"] {
                for (at, _) in line.match_indices(pat) {
                    skip[at..at + 2].iter_mut().for_each(|s| *s = true);
                }
            }
            for (at, _) in line.match_indices('\\') {
                if line
                    .as_bytes()
                    .get(at + 1)
                    .is_some_and(|next| b"\\`*_{}[]()#+-.!|".contains(next))
                {
                    skip[at] = true;
                }
            }
        }
        skip
    }

    /// [`clean_line`] as it read before: [`kept_around`] whenever the line could
    /// have decoration, even when it has none.
    fn plain_clean_line(line: &str, base: usize, markdown: bool) -> Vec<Range<usize>> {
        let skip = plain_decoration(line, markdown);
        if skip.is_empty() {
            let inner = line.trim_start_matches(' ');
            let start = base + line.len() - inner.len();
            let inner = inner.trim_end_matches(' ');
            return if inner.is_empty() {
                Vec::new()
            } else {
                std::iter::once(start..start + inner.len()).collect()
            };
        }
        kept_around(line.as_bytes(), &skip, base)
    }

    #[test]
    fn clean_lines_agree_with_the_plain_pass() {
        for line in sample_lines() {
            for markdown in [false, true] {
                assert_eq!(
                    decoration(&line, markdown),
                    plain_decoration(&line, markdown),
                    "{line:?}"
                );
                let text = format!("ab\n{line}");
                assert_eq!(
                    clean_line(&text, 3..text.len(), markdown).as_slice(),
                    plain_clean_line(&line, 3, markdown),
                    "{line:?}"
                );
            }
        }
    }

    /// [`is_caps`] by its character loop alone, without the byte count first.
    fn plain_is_caps(line: &str) -> bool {
        let mut letters = 0usize;
        let mut lower = 0usize;
        for c in line.chars() {
            if is_letter(c) {
                letters += 1;
                if is_lower(c) {
                    lower += 1;
                }
            }
        }
        letters >= 3 && (letters - lower) * 100 >= letters * 85
    }

    #[test]
    fn caps_agree_with_the_character_loop() {
        let mut lines = sample_lines();
        // Around the 15% and 85% bounds: a few lowercase letters among capitals.
        for k in 0..12 {
            let mut line = "KẾ HOẠCH ĐẢNG ỦY".to_string();
            line.push_str(&"ab".repeat(k));
            line.push_str(&"ằ".repeat(k % 3));
            lines.push(line);
        }
        for line in lines {
            assert_eq!(is_caps(&line), plain_is_caps(&line), "{line:?}");
        }
    }

    #[test]
    fn digits_are_found_as_by_bytes() {
        let mut lines = sample_lines();
        for at in 0..20 {
            for b in [b'/', b'0', b'5', b'9', b':', b'a', 0xB0, 0xB9, 0xC0] {
                let mut bytes = vec![b'x'; 20];
                bytes[at] = b;
                lines.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        lines.push("ợ".repeat(9) + "0");
        for line in lines {
            let plain = line.bytes().any(|b| b.is_ascii_digit());
            assert_eq!(has_ascii_digit(&line), plain, "{line:?}");
        }
    }

    #[test]
    fn newlines_are_found_as_by_position() {
        let plain = |bytes: &[u8], from: usize| {
            bytes[from..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|k| from + k)
        };
        // A newline at each place among bytes the zero-byte test could confuse
        // with one (0x0B, 0x8A and 0x0A ± 0x100 …), or none.
        for fill in [b'x', 0x0B, 0x09, 0x8A, 0x0A ^ 0x80, 0xFF, 0x00] {
            for len in 0..20 {
                for at in (0..len).map(Some).chain([None]) {
                    let mut bytes = vec![fill; len];
                    if let Some(at) = at {
                        bytes[at] = b'\n';
                    }
                    for from in 0..=len {
                        assert_eq!(find_newline(&bytes, from), plain(&bytes, from));
                    }
                }
            }
        }
        for text in crate::extract::folded::testing::corpus_texts() {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                assert_eq!(find_newline(bytes, from), plain(bytes, from));
            }
        }
    }

    #[test]
    fn short_limit_agrees_with_sorting() {
        let texts: Vec<String> = sample_lines();
        let all: Vec<Line> = texts
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| Line::new(l, Kept::One(0..l.len())))
            .collect();
        let mut checked = 0;
        for n in (0..all.len()).step_by(7).chain([all.len()]) {
            let lines = &all[..n];
            let mut lens: Vec<usize> = lines.iter().map(|l| l.chars).collect();
            lens.sort_unstable();
            let limit = short_line_limit(lines);
            if limit != usize::MAX && !lens.is_empty() {
                assert_eq!(limit, lens[lens.len() * 3 / 4] * 3 / 5, "{n}");
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }

    /// [`should_join`] folding every line that starts with a capital.
    fn plain_should_join(prev: &Line, next: &Line, short: usize) -> bool {
        if next.marker || next.caps || prev.caps {
            return false;
        }
        let ends_short = prev.chars < short;
        let (prev, next) = (&*prev.clean, &*next.clean);
        let first = next.chars().next().unwrap_or(' ');
        let starts_upper = first.is_uppercase() || first.is_ascii_digit() || first == '“';
        if starts_upper {
            // The first 24 characters, sliced rather than collected.
            let end = next.char_indices().nth(24).map_or(next.len(), |(at, _)| at);
            let key = fold(&next[..end]);
            if OPENERS.iter().any(|o| key.starts_with(o)) {
                return false;
            }
        }
        let last = prev.trim_end().chars().next_back().unwrap_or(' ');
        let terminal = matches!(last, '.' | ';' | ':' | '!' | '?' | '…');
        !((terminal || ends_short) && starts_upper)
    }

    #[test]
    fn joins_agree_with_folding_every_capital() {
        let mut lines = sample_lines();
        lines.extend(OPENERS.iter().map(|o| {
            let mut cs = o.chars();
            cs.next()
                .map_or(String::new(), |c| c.to_ascii_uppercase().to_string())
                + cs.as_str()
        }));
        lines.extend(
            [
                "Căn cứ",
                "Nơi nhận:",
                "Trên đây là",
                "Đẩy mạnh",
                "İ",
                "“Tiếp",
            ]
            .map(String::from),
        );
        let lines: Vec<Line> = lines
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| Line::new(l, Kept::One(0..l.len())))
            .collect();
        for w in lines.windows(2) {
            for short in [0, 40, usize::MAX] {
                assert_eq!(
                    should_join(&w[0], &w[1], short),
                    plain_should_join(&w[0], &w[1], short),
                    "{:?} {:?}",
                    w[0].clean,
                    w[1].clean
                );
            }
        }
    }

    #[test]
    fn page_numbers() {
        for (line, want) in [
            ("12", true),
            ("- 3 -", true),
            ("Trang 2/15", true),
            ("  trang 7  ", true),
            ("3/12 -", true),
            ("12 tháng", false),
            ("Trang chủ", false),
            ("- Tổ chức", false),
            ("1.", false),
            ("", false),
        ] {
            assert_eq!(is_page_number(line), want, "{line:?}");
        }
    }

    fn run(src: &str) -> String {
        normalize_lines(&NormText::from_source(src))
            .as_str()
            .to_string()
    }

    #[test]
    fn hard_wrapped_paragraphs_with_blank_lines_are_joined() {
        let src = "1.1. Phát huy sức mạnh của cả hệ thống, \n\nnâng cao nhận thức của các tầng lớp Nhân dân.\n\n1.2. Nâng cao vai trò.\n";
        assert_eq!(
            run(src),
            "1.1. Phát huy sức mạnh của cả hệ thống, nâng cao nhận thức của các tầng lớp Nhân dân.\n1.2. Nâng cao vai trò.\n"
        );
    }

    #[test]
    fn page_numbers_are_dropped_and_sentences_rejoined() {
        let src = "thực hiện lồng ghép các danh hiệu\n\n\n\n2\n\ncủa Ủy ban.\n";
        assert_eq!(run(src), "thực hiện lồng ghép các danh hiệu của Ủy ban.\n");
    }

    #[test]
    fn unwrapped_documents_keep_their_lines() {
        let src = "1. Phòng Giáo dục và Đào tạo\nChủ trì, phối hợp với Phòng Nội vụ.\n2. Phòng Tài chính\n";
        assert_eq!(run(src), src);
    }

    #[test]
    fn markdown_decoration_is_stripped() {
        let src = "## **KẾ HOẠCH**\n\n## **I. MỤC ĐÍCH**\n\n**1. Giai đoạn 1:** Các sở, ban.\n";
        assert_eq!(
            run(src),
            "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Giai đoạn 1: Các sở, ban.\n"
        );
    }

    #[test]
    fn header_columns_are_split() {
        let src = "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HÀ NAM  Độc lập - Tự do - Hạnh phúc\nSố :      /KH-UBND  Hà Nam, ngày    tháng   năm 2024\nKẾ HOẠCH\nTriển khai Phong trào\n\nCăn cứ Quyết định số 1.\n";
        assert_eq!(
            run(src),
            "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH HÀ NAM\nĐộc lập - Tự do - Hạnh phúc\nSố : /KH-UBND\nHà Nam, ngày tháng năm 2024\nKẾ HOẠCH\nTriển khai Phong trào\nCăn cứ Quyết định số 1.\n"
        );
    }

    #[test]
    fn a_wrapped_hyphen_is_not_a_bullet() {
        let src = "các tổ chức chính trị\n- xã hội, xã hội nghề nghiệp.\n- Có nhiều sáng kiến.\n";
        assert_eq!(
            run(src),
            "các tổ chức chính trị - xã hội, xã hội nghề nghiệp.\n- Có nhiều sáng kiến.\n"
        );
    }

    #[test]
    fn a_capitalized_verb_opens_a_paragraph() {
        let wrapped = "dài dòng để có độ rộng của một dòng văn bản được ngắt dòng cứng ở đây";
        let src = format!("1. Mở đầu {wrapped}\n\n3. Hội Nông dân, Hội Cựu chiến binh và các tổ chức xã hội có liên quan\n\nTích cực vận động hội viên tham gia {wrapped}\n\nphong trào.\n4. Sở Tài chính phối hợp với các cơ quan, đơn vị liên quan trong tỉnh và Sở\n\nXây dựng bố trí kinh phí.\n");
        let out = run(&src);
        assert!(out.contains("có liên quan\nTích cực vận động"), "{out}");
        assert!(out.contains("tham gia dài dòng"), "{out}");
        assert!(out.contains("và Sở Xây dựng"), "{out}");
    }

    #[test]
    fn a_short_heading_line_ends_its_paragraph() {
        let src = "2.1. Nâng cao vai trò, trách nhiệm của các cấp, các ngành, các cơ quan, đơn \nvị, tổ chức, đặc biệt vai trò của người đứng đầu cấp ủy, chính quyền địa phương \ntrong việc chỉ đạo, triển khai phong trào thi đua, thực hiện các nhiệm vụ, giải pháp \n2.2. Khen thưởng hằng năm\nỦy ban nhân dân xã biểu dương, khen thưởng kịp thời các tập thể, hộ gia \nđình, cá nhân tiêu biểu bằng hình thức phù hợp.\n";
        let out = run(src);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert_eq!(lines[1], "2.2. Khen thưởng hằng năm");
    }

    #[test]
    fn spans_cover_the_joined_source() {
        let src = "của Ủy ban nhân \n\ndân huyện Ninh Giang.\n";
        let n = normalize_lines(&NormText::from_source(src));
        assert_eq!(n.as_str(), "của Ủy ban nhân dân huyện Ninh Giang.\n");
        let at = n.as_str().find("nhân dân").unwrap();
        let span = n.source_span(at..at + "nhân dân".len());
        assert_eq!(&src[span.range()], "nhân \n\ndân");
    }
}
