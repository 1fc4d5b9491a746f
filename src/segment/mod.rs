//! The segment stage: normalized paragraphs to the layout of a plan — header, title,
//! preamble, top-level sections (I, II, … by Roman numeral, robust to OCR: `I1.` is
//! II, `I11.` is III) with their nested items (`1.`, `1.1.`, `a)`, `-`, `+`, and
//! unlabeled paragraphs), closing matter (Trên đây, Nơi nhận, signature) and annexes.
//!
//! Takes a [`Normalized`] text; gives a [`Layout`] whose ranges are byte ranges of
//! the normalized text (turn them into source spans with
//! [`crate::normalize::NormText::source_span`]). Markdown heading levels were
//! dropped by normalization on purpose: a numbered sub-item rendered as `##` is an
//! item like any other.

pub mod headings;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

pub use headings::SectionKind;

#[cfg(test)]
use crate::fuzzy::similarity_at_least;
use crate::fuzzy::Key;
use crate::normalize::lines::{is_caps, is_kind_title};
use crate::normalize::Normalized;
use crate::syllable::fold;
use crate::words;

/// How an item is marked in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// `1.`, `1.1.`, `1.1.1.`: the number of components.
    Decimal(u8),
    /// `a)`, `đ)`.
    Letter,
    /// `(1)`, `1)`.
    Paren,
    /// `-`, `•`, `*`.
    Dash,
    /// `+`.
    Plus,
    /// A short unlabeled line that heads what follows ("Đối với cấp xã").
    Heading,
    /// An unlabeled paragraph.
    Paragraph,
}

impl Marker {
    fn is_bullet(self) -> bool {
        matches!(self, Marker::Dash | Marker::Plus)
    }
}

/// An item of a section, with its sub-items.
#[derive(Clone, Debug)]
pub struct Item {
    /// Stable path: section numeral, then each level's label (or ordinal among its
    /// siblings when the label is a bullet or absent), e.g. `VII.2.1`.
    pub id: String,
    /// The label as written, normalized (`"1.1"`, `"a"`, `"-"`), or none.
    pub label: Option<String>,
    /// How the item is marked.
    pub marker: Marker,
    /// A heading that opens the item ("Mục đích", "Sở Tài chính"), if any.
    pub heading: Option<String>,
    /// The item's own text after the label and heading.
    pub text: String,
    /// The item's paragraph (label included) in the normalized text.
    pub range: Range<usize>,
    /// Nested items.
    pub items: Vec<Item>,
}

impl Item {
    /// The item's own words: heading and text together.
    pub fn full_text(&self) -> String {
        match (&self.heading, self.text.is_empty()) {
            (Some(h), true) => h.clone(),
            (Some(h), false) => format!("{h}: {}", self.text),
            (None, _) => self.text.clone(),
        }
    }

    /// This item and all its descendants, depth first.
    pub fn walk(&self) -> Vec<&Item> {
        let mut out = Vec::new();
        self.walk_into(&mut out);
        out
    }

    /// [`Item::walk`], appended to `out`: one list for the whole tree.
    fn walk_into<'a>(&'a self, out: &mut Vec<&'a Item>) {
        out.push(self);
        for c in &self.items {
            c.walk_into(out);
        }
    }
}

/// A top-level section.
#[derive(Clone, Debug)]
pub struct Section {
    /// The Roman numeral, as it should read (`"II"` for OCR `"I1"`).
    pub numeral: String,
    /// 1 for I, 2 for II …
    pub ordinal: u32,
    /// The heading, repaired when the source lost its marks.
    pub heading: String,
    /// What the section is about.
    pub kinds: Vec<SectionKind>,
    /// The heading paragraph in the normalized text.
    pub heading_range: Range<usize>,
    /// From the heading to the end of the section's last paragraph.
    pub range: Range<usize>,
    /// The items.
    pub items: Vec<Item>,
}

impl Section {
    /// All items of the section, depth first.
    pub fn all_items(&self) -> Vec<&Item> {
        let mut out = Vec::new();
        for item in &self.items {
            item.walk_into(&mut out);
        }
        out
    }
}

/// The layout of a plan: paragraph ranges of the normalized text by role.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Paragraphs before the document-kind line (issuer, national motto, number,
    /// place and date).
    pub header: Vec<Range<usize>>,
    /// The document-kind line ("KẾ HOẠCH").
    pub kind_line: Option<Range<usize>>,
    /// The title paragraph.
    pub title: Option<Range<usize>>,
    /// Paragraphs between the title and the first section (Căn cứ …).
    pub preamble: Vec<Range<usize>>,
    /// The sections.
    pub sections: Vec<Section>,
    /// Closing matter: "Trên đây …", "Nơi nhận", the signature block.
    pub closing: Vec<Range<usize>>,
    /// Annexes ("PHỤ LỤC") after the signature.
    pub annexes: Vec<Range<usize>>,
}

/// Runs the segment stage.
pub fn segment(norm: &Normalized) -> Layout {
    let text = norm.text.as_str();
    let paras: Vec<Range<usize>> = norm.paragraphs().filter(|r| !r.is_empty()).collect();
    let mut layout = Layout::default();
    let mut i = 0;
    if let Some(k) = paras
        .iter()
        .take(60)
        .position(|r| is_kind_title(&text[r.clone()]))
    {
        layout.header = paras[..k].to_vec();
        layout.kind_line = Some(paras[k].clone());
        i = k + 1;
        if let Some(t) = paras.get(i) {
            if parse_section_heading(&text[t.clone()], 1).is_none() && !is_opener(&text[t.clone()])
            {
                layout.title = Some(t.clone());
                i += 1;
            }
        }
    }
    // Sections in order: each heading must carry the next numeral.
    let mut body_end = paras.len();
    let mut current: Option<(Section, Vec<Range<usize>>)> = None;
    let mut sections: Vec<(Section, Vec<Range<usize>>)> = Vec::new();
    while i < paras.len() {
        let p = &text[paras[i].clone()];
        let next_ordinal = sections.len() as u32 + current.is_some() as u32 + 1;
        if let Some((numeral, heading)) = parse_section_heading(p, next_ordinal) {
            if let Some(c) = current.take() {
                sections.push(c);
            }
            let heading_repaired = headings::repaired(heading);
            current = Some((
                Section {
                    numeral,
                    ordinal: next_ordinal,
                    kinds: headings::kinds(&heading_repaired),
                    heading: heading_repaired,
                    heading_range: paras[i].clone(),
                    range: paras[i].clone(),
                    items: Vec::new(),
                },
                Vec::new(),
            ));
        } else if current.is_some() && ends_body(p) {
            body_end = i;
            break;
        } else if let Some((_, body)) = current.as_mut() {
            body.push(paras[i].clone());
        } else {
            layout.preamble.push(paras[i].clone());
        }
        i += 1;
    }
    if let Some(c) = current.take() {
        sections.push(c);
    }
    for (mut section, body) in sections {
        if let Some(last) = body.last() {
            section.range = section.heading_range.start..last.end;
        }
        section.items = build_items(text, &body, &section.numeral);
        layout.sections.push(section);
    }
    for r in paras.get(body_end..).unwrap_or_default() {
        if !layout.annexes.is_empty() || is_annex(&text[r.clone()]) {
            layout.annexes.push(r.clone());
        } else {
            layout.closing.push(r.clone());
        }
    }
    layout
}

/// A Roman-numeral section heading in capitals whose numeral, read through OCR
/// confusions (`1`, `l`, `|` for I), is `expected`. Gives the numeral as it should
/// read and the heading text.
///
/// Read by hand as the regex `^(?:PHẦN\s+)?([IVXLl1|]{1,6})\s*[.,:]\s*(\S.*)$`
/// reads it: "PHẦN" needs whitespace after it; a seventh numeral character leaves
/// nothing the punctuation could match; the heading is what follows the
/// punctuation and its spaces, up to the end of the paragraph, with no line break.
fn parse_section_heading(p: &str, expected: u32) -> Option<(String, &str)> {
    let rest = match p.strip_prefix("PHẦN") {
        Some(r) if r.starts_with(char::is_whitespace) => r.trim_start(),
        Some(_) => return None,
        None => p,
    };
    let after = rest.trim_start_matches(['I', 'V', 'X', 'L', 'l', '1', '|']);
    // The numeral characters are ASCII: a byte each.
    let numeral_raw = &rest[..rest.len() - after.len()];
    if !(1..=6).contains(&numeral_raw.len()) {
        return None;
    }
    let heading = after
        .trim_start()
        .strip_prefix(['.', ',', ':'])?
        .trim_start();
    if heading.is_empty() || heading.contains('\n') {
        return None;
    }
    // A heading not in capitals ("1. Mục đích …", the most of items) is none.
    let heading = heading.trim();
    if !is_caps(heading) {
        return None;
    }
    let read: String = numeral_raw
        .chars()
        .map(|c| if matches!(c, '1' | 'l' | '|') { 'I' } else { c })
        .collect();
    (roman_value(&read)? == expected).then(|| (roman(expected), heading))
}

fn roman_value(s: &str) -> Option<u32> {
    (1..=39).find(|&n| roman(n) == s)
}

/// The Roman numeral for `n` (1..=39).
pub fn roman(n: u32) -> String {
    let mut out = String::new();
    let mut n = n;
    for (v, s) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Folded prefixes that open a basis paragraph.
fn is_opener(p: &str) -> bool {
    let key = fold(first_chars(p, 20));
    ["can cu", "thuc hien", "tiep theo", "theo "]
        .iter()
        .any(|o| key.starts_with(o))
}

/// The first `n` characters of `s` (all of it when shorter).
fn first_chars(s: &str, n: usize) -> &str {
    &s[..s.char_indices().nth(n).map_or(s.len(), |(at, _)| at)]
}

/// Where a section's body ends: the closing matter ("Trên đây là …", "Nơi nhận", a
/// signature line) or an annex ([`is_annex`]). Both read the paragraph's first
/// twelve characters folded, folded once here.
fn ends_body(p: &str) -> bool {
    let key = fold(first_chars(p, 12));
    closing_key(&key)
        || if p.trim_start().len() == p.len() {
            annex_key(&key) && is_caps(p)
        } else {
            is_annex(p)
        }
}

/// The start of the closing matter, read from the paragraph's first twelve
/// characters folded.
fn closing_key(key: &str) -> bool {
    static TREN_DAY: LazyLock<Key> = LazyLock::new(|| Key::new("tren day"));
    static NOI_NHAN: LazyLock<Key> = LazyLock::new(|| Key::new("noi nhan"));
    let head = first_chars(key, 8);
    TREN_DAY.similarity_at_least(head, 0.75).is_some()
        || NOI_NHAN.similarity_at_least(head, 0.75).is_some()
        || key.starts_with("tm.")
        || key.starts_with("kt.")
}

fn is_annex(p: &str) -> bool {
    annex_key(&fold(first_chars(p.trim_start(), 12))) && is_caps(p)
}

/// The annex heading's words ("PHỤ LỤC") lead the folded first twelve characters:
/// folding is letter by letter, so the first letters decide the prefix.
fn annex_key(key: &str) -> bool {
    key.starts_with("phu luc")
}

/// A paragraph's marker and label, and where its text starts.
fn parse_marker(p: &str) -> (Marker, Option<String>, usize) {
    static DECIMAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:\s?[.,)]\s*|\s+)").unwrap());
    static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([a-zđ])\)\s*").unwrap());
    static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\((\d{1,2})\)\s*").unwrap());
    let first = p.chars().next().unwrap_or(' ');
    let decimal = || {
        decimal_label(p).unwrap_or_else(|| {
            let c = DECIMAL.captures(p)?;
            Some((c.get(1)?.end(), c.get(0)?.end()))
        })
    };
    if let Some((label_end, whole)) = first.is_ascii_digit().then(decimal).flatten() {
        let label = p[..label_end].to_string();
        // "2023 …" is a year, not a label; a bare "1 " needs a dot somewhere.
        let dotted =
            label.contains('.') || whole > label.len() && !p[label.len()..whole].trim().is_empty();
        if dotted {
            let depth = label.split('.').count() as u8;
            return (Marker::Decimal(depth), Some(label), whole);
        }
    }
    let letter_then_paren = p[first.len_utf8().min(p.len())..].starts_with(')');
    if let Some(c) = letter_then_paren.then(|| LETTER.captures(p)).flatten() {
        return (
            Marker::Letter,
            Some(c[1].to_string()),
            c.get(0).map_or(0, |m| m.end()),
        );
    }
    if let Some(c) = (first == '(').then(|| PAREN.captures(p)).flatten() {
        return (
            Marker::Paren,
            Some(c[1].to_string()),
            c.get(0).map_or(0, |m| m.end()),
        );
    }
    for (ch, marker) in [
        ('-', Marker::Dash),
        ('•', Marker::Dash),
        ('*', Marker::Dash),
        ('+', Marker::Plus),
    ] {
        if let Some(rest) = p.strip_prefix(ch) {
            let skip = p.len() - rest.trim_start().len();
            return (marker, Some(ch.to_string()), skip);
        }
    }
    (Marker::Paragraph, None, 0)
}

/// Where the decimal label at the start of `p` ends, and where the match of the
/// `DECIMAL` regex of [`parse_marker`] ends, read by hand in the regex's order of
/// preference (more digits, then more components, then `\s?[.,)]\s*` before
/// `\s+`): `Some(None)` when there is no label. `None` when a character beyond
/// ASCII stands where a digit is tested (`\d` is any decimal digit of Unicode), so
/// that the regex decides; whitespace is tested as `\s` reads it, on characters.
fn decimal_label(p: &str) -> Option<Option<(usize, usize)>> {
    for end in digit_ends(p, 0)?.into_iter().flatten() {
        if let Some(m) = decimal_from(p, end, 0)? {
            return Some(Some(m));
        }
    }
    Some(None)
}

/// [`decimal_label`] after `components` more components (`.` and digits) than the
/// first, ending at `at`.
fn decimal_from(p: &str, at: usize, components: u32) -> Option<Option<(usize, usize)>> {
    if components < 3 && p.as_bytes().get(at) == Some(&b'.') {
        for end in digit_ends(p, at + 1)?.into_iter().flatten() {
            if let Some(m) = decimal_from(p, end, components + 1)? {
                return Some(Some(m));
            }
        }
    }
    let char_at = |i: usize| p[i..].chars().next();
    let spaces_from = |mut i: usize| {
        while let Some(c) = char_at(i).filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
        }
        i
    };
    let punct = |i: usize| matches!(p.as_bytes().get(i), Some(b'.' | b',' | b')'));
    let Some(c) = char_at(at) else {
        return Some(None);
    };
    let end = if c.is_whitespace() && punct(at + c.len_utf8()) {
        spaces_from(at + c.len_utf8() + 1)
    } else if punct(at) {
        spaces_from(at + 1)
    } else if c.is_whitespace() {
        spaces_from(at)
    } else {
        return Some(None);
    };
    Some(Some((at, end)))
}

/// Where `\d{1,2}` may end from `at`, two digits before one; `None` when a
/// character beyond ASCII is tested.
fn digit_ends(p: &str, at: usize) -> Option<[Option<usize>; 2]> {
    let digit = |i: usize| match p.as_bytes().get(i) {
        Some(&b) if !b.is_ascii() => None,
        b => Some(b.is_some_and(u8::is_ascii_digit)),
    };
    if !digit(at)? {
        return Some([None, None]);
    }
    Some([digit(at + 1)?.then_some(at + 2), Some(at + 1)])
}

/// Splits an item's words into an opening heading and the text.
fn split_heading(body: &str, has_label: bool) -> (Option<String>, String) {
    let body = body.trim();
    if !has_label {
        return (None, body.to_string());
    }
    if let Some(colon) = memchr::memchr(b':', body.as_bytes()) {
        let head = body[..colon].trim();
        // Words are counted only as far as the limits need.
        let words = words::count_up_to(head, 13);
        if (1..=12).contains(&words) && !head.contains(';') && colon < 120 {
            return (Some(head.to_string()), body[colon + 1..].trim().to_string());
        }
    }
    // Closing punctuation is checked first: it rules out most texts, and counting
    // their words costs more.
    let ends = body.trim_end_matches(['”', '"', ')']).chars().next_back();
    if !matches!(ends, Some('.' | ';' | '…')) && words::count_up_to(body, 26) <= 25 {
        return (
            Some(body.trim_end_matches(':').trim().to_string()),
            String::new(),
        );
    }
    (None, body.to_string())
}

/// Heading-like unlabeled line: short, no closing punctuation.
fn is_unlabeled_heading(p: &str, next: Option<&str>) -> bool {
    let ends = p.trim_end().chars().next_back();
    if matches!(ends, Some('.' | ';' | ',' | '…')) {
        return false;
    }
    let Some(next) = next else { return false };
    let (next_marker, _, _) = parse_marker(next);
    let most = match next_marker {
        Marker::Dash | Marker::Plus => 25,
        Marker::Paragraph => 12,
        _ => return false,
    };
    // Words are counted only as far as the limit needs.
    (1..=most).contains(&words::count_up_to(p, most + 1))
}

struct Builder {
    item: Item,
}

/// Builds the item tree of a section from its body paragraphs.
fn build_items(text: &str, body: &[Range<usize>], numeral: &str) -> Vec<Item> {
    // A stack of open items; the bottom is a virtual root.
    let mut stack: Vec<Builder> = vec![Builder {
        item: Item {
            id: numeral.to_string(),
            label: None,
            marker: Marker::Heading,
            heading: None,
            text: String::new(),
            range: 0..0,
            items: Vec::new(),
        },
    }];
    for (k, r) in body.iter().enumerate() {
        let p = &text[r.clone()];
        let (mut marker, label, skip) = parse_marker(p);
        let next = body.get(k + 1).map(|n| &text[n.clone()]);
        if marker == Marker::Paragraph && is_unlabeled_heading(p, next) {
            marker = Marker::Heading;
        }
        let (heading, body_text) = match marker {
            Marker::Heading => (Some(p.trim().to_string()), String::new()),
            _ => split_heading(&p[skip..], label.is_some()),
        };
        let item = Item {
            id: String::new(),
            label: label.clone(),
            marker,
            heading,
            text: body_text,
            range: r.clone(),
            items: Vec::new(),
        };
        match marker {
            Marker::Paragraph => {
                // Unlabeled text belongs to the deepest open item that is not a bullet.
                while stack.len() > 1 && stack.last().is_some_and(|b| b.item.marker.is_bullet()) {
                    close(&mut stack);
                }
                push_child(&mut stack, item);
            }
            _ => {
                let same = stack
                    .iter()
                    .skip(1)
                    .rposition(|b| b.item.marker == marker)
                    .map(|p| p + 1);
                if let Some(depth) = same {
                    while stack.len() > depth {
                        close(&mut stack);
                    }
                } else if matches!(marker, Marker::Decimal(_) | Marker::Heading) {
                    // A shallower decimal ("2." after "1.1.") closes the deeper ones.
                    if let Marker::Decimal(d) = marker {
                        while stack.len() > 1
                            && matches!(stack.last().map(|b| b.item.marker), Some(Marker::Decimal(e)) if e > d)
                        {
                            close(&mut stack);
                        }
                    }
                    while stack.len() > 1 && stack.last().is_some_and(|b| b.item.marker.is_bullet())
                    {
                        close(&mut stack);
                    }
                }
                stack.push(Builder { item });
            }
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    let mut root = stack.pop().map(|b| b.item.items).unwrap_or_default();
    assign_ids(&mut root, numeral);
    promote_headings(&mut root);
    root
}

fn push_child(stack: &mut [Builder], item: Item) {
    if let Some(top) = stack.last_mut() {
        top.item.items.push(item);
    }
}

fn close(stack: &mut Vec<Builder>) {
    if let Some(done) = stack.pop() {
        push_child(stack, done.item);
    }
}

/// Ids: each level's label (last component of a decimal label) when it is a number
/// or a letter, else the ordinal among siblings; unlabeled items among labeled
/// siblings are numbered apart (`II.p1`), so ids never collide.
fn assign_ids(items: &mut [Item], parent: &str) {
    let labeled = items.iter().any(|i| {
        matches!(
            i.marker,
            Marker::Decimal(_) | Marker::Letter | Marker::Paren
        )
    });
    let mut unlabeled = 0;
    for (n, item) in items.iter_mut().enumerate() {
        // Written into one string: no string per part, nor a copy for the children.
        let mut id = String::with_capacity(parent.len() + 4);
        id.push_str(parent);
        id.push('.');
        match (&item.label, item.marker) {
            (Some(l), Marker::Decimal(_)) => id.push_str(l.rsplit('.').next().unwrap_or(l)),
            (Some(l), Marker::Letter | Marker::Paren) => id.push_str(l),
            _ if labeled => {
                unlabeled += 1;
                id.push('p');
                push_number(&mut id, unlabeled);
            }
            _ => push_number(&mut id, n + 1),
        }
        assign_ids(&mut item.items, &id);
        item.id = id;
    }
}

/// `n` in decimal digits, appended to `s`.
fn push_number(s: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    s.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// A short labeled item whose words end with a period but which heads sub-items
/// ("5. Công chức Văn hóa - Thông tin, Đài truyền thanh xã.") is a heading.
fn promote_headings(items: &mut [Item]) {
    for item in items {
        if item.heading.is_none()
            && item.label.is_some()
            && !item.items.is_empty()
            && !words::more_than(&item.text, 20)
        {
            let t = item.text.trim_end_matches(['.', ':']).trim().to_string();
            item.heading = Some(t);
            item.text.clear();
        }
        promote_headings(&mut item.items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn layout(src: &str) -> (Normalized, Layout) {
        let n = normalize(src, true);
        let l = segment(&n);
        (n, l)
    }

    const PLAN: &str = "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHUYỆN ĐÔNG SƠN  Độc lập - Tự do - Hạnh phúc\n\nKẾ HOẠCH\nTriển khai phong trào thi đua trên địa bàn huyện Đông Sơn\n\nCăn cứ Kế hoạch số 12/KH-UBND ngày 02/02/2024 của UBND tỉnh;\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\na) Nâng cao nhận thức.\nb) Phát huy vai trò.\n2. Yêu cầu\nBảo đảm thiết thực.\nI1. NOI DUNG PHONG TRAO THI BUA\n1. Tuyên truyền.\n## 2. Đẩy mạnh học tập.\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Giáo dục và Đào tạo\nChủ trì, phối hợp với Phòng Nội vụ tham mưu.\n- Hướng dẫn các xã.\n- Tổng hợp báo cáo.\nHằng năm, báo cáo kết quả trước ngày 30/11.\n2. Phòng Tài chính - Kế hoạch: Tham mưu bố trí kinh phí.\nTrên đây là Kế hoạch của UBND huyện.\nNơi nhận:\n- Như trên;\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn A\n";

    #[test]
    fn walks_agree_with_the_plain_recursion() {
        fn plain(item: &Item) -> Vec<&Item> {
            let mut out = vec![item];
            for c in &item.items {
                out.extend(plain(c));
            }
            out
        }
        let (_, l) = layout(PLAN);
        let ids = |items: Vec<&Item>| items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        for s in &l.sections {
            let want: Vec<&Item> = s.items.iter().flat_map(plain).collect();
            assert_eq!(ids(s.all_items()), ids(want));
            for item in &s.items {
                assert_eq!(ids(item.walk()), ids(plain(item)));
            }
        }
    }

    #[test]
    fn section_headings_are_read_as_the_regex_reads_them() {
        // The reading as it was: the opening tested, then the regex.
        fn plain<'a>(re: &Regex, p: &'a str, expected: u32) -> Option<(String, &'a str)> {
            let caps = re.captures(p)?;
            let numeral_raw = caps.get(1)?.as_str();
            let heading = caps.get(2)?.as_str().trim();
            if !is_caps(heading) {
                return None;
            }
            let read: String = numeral_raw
                .chars()
                .map(|c| if matches!(c, '1' | 'l' | '|') { 'I' } else { c })
                .collect();
            (roman_value(&read)? == expected).then(|| (roman(expected), heading))
        }
        let re = Regex::new(r"^(?:PHẦN\s+)?([IVXLl1|]{1,6})\s*[.,:]\s*(\S.*)$").unwrap();
        let pieces = [
            "PHẦN",
            " ",
            " ",
            "\u{a0}",
            "I",
            "I",
            "V",
            "X",
            "L",
            "l",
            "1",
            "|",
            ".",
            ",",
            ":",
            "MỤC ĐÍCH",
            "Mục đích",
            "A",
            "\n",
            "\t",
            "-",
        ];
        let mut cases: Vec<String> = [
            "I. MỤC ĐÍCH, YÊU CẦU",
            "I1. NOI DUNG PHONG TRAO THI BUA",
            "PHẦN  II . NỘI DUNG",
            "PHẦNII. NỘI DUNG",
            "l: TỔ CHỨC THỰC HIỆN",
            "IIIIIII. BẢY",
            "IIIIII. SÁU",
            "II.",
            "II.   ",
            "II. NỘI\nDUNG",
            "II. NỘI DUNG  ",
            "1. Mục đích",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut state = 0xdead_beef_cafe_f00du64;
        let mut next = |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        for _ in 0..20_000 {
            let n = 1 + next(8);
            cases.push((0..n).map(|_| pieces[next(pieces.len())]).collect());
        }
        for plan in crate::extract::folded::testing::corpus_texts() {
            let n = normalize(&plan, true);
            cases.extend(n.text.as_str().lines().map(str::to_string));
        }
        let mut found = 0;
        for p in &cases {
            for expected in 1..=8 {
                let got = parse_section_heading(p, expected);
                assert_eq!(got, plain(&re, p, expected), "{p:?} {expected}");
                found += usize::from(got.is_some());
            }
        }
        assert!(found > 100, "{found}");
    }

    #[test]
    fn decimal_labels_are_read_as_the_regex_reads_them() {
        let re = Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,3})(?:\s?[.,)]\s*|\s+)").unwrap();
        let plain = |p: &str| re.captures(p).map(|c| (c[1].len(), c[0].len()));
        let mut cases: Vec<String> = [
            "1. Mục đích",
            "1.1. Nội dung",
            "2.3.1 Tuyên truyền",
            "1.2.3.4.5 quá sâu",
            "12.34.56.78. Bốn tầng",
            "123 không phải",
            "2023 là năm",
            "1 ",
            "1",
            "1.",
            "1.a",
            "1.23.4",
            "1 ) Mở ngoặc",
            "1 .Chấm",
            "1, Phẩy",
            "1)Đóng",
            "1.\u{a0}Cách",
            "1\u{2003}. Em",
            "1.Đẩy mạnh",
            "1١. Chữ số Ả Rập",
            "1.١ Chữ số",
            "1.2١",
            "١. Ả Rập",
            "3 \t\n x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let alphabet: Vec<&str> = vec![
            "1", "2", "0", "9", ".", ".", ",", ")", " ", " ", "\t", "\u{a0}", "\u{3000}", "a", "Đ",
            "ư", "١", "５",
        ];
        let mut state = 0x1234_5678_9abc_def1u64;
        let mut next = |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        for _ in 0..20_000 {
            let n = 1 + next(12);
            let mut p = ["1", "2", "7"][next(3)].to_string();
            for _ in 0..n {
                p.push_str(alphabet[next(alphabet.len())]);
            }
            cases.push(p);
        }
        for plan in crate::extract::folded::testing::corpus_texts() {
            let n = normalize(&plan, true);
            cases.extend(n.text.as_str().lines().map(str::to_string));
        }
        let mut read = 0;
        for p in &cases {
            if let Some(fast) = decimal_label(p) {
                assert_eq!(fast, plain(p), "{p:?}");
                read += 1;
            }
        }
        // The hand reading decides all but the few with a character beyond ASCII.
        assert!(read > cases.len() / 2, "{read} of {}", cases.len());
    }

    #[test]
    fn ids_are_those_the_plain_formatting_gives() {
        // The ids as they were made before, a string per part.
        fn plain(items: &mut [Item], parent: &str) {
            let labeled = items.iter().any(|i| {
                matches!(
                    i.marker,
                    Marker::Decimal(_) | Marker::Letter | Marker::Paren
                )
            });
            let mut unlabeled = 0;
            for (n, item) in items.iter_mut().enumerate() {
                let part = match (&item.label, item.marker) {
                    (Some(l), Marker::Decimal(_)) => l.rsplit('.').next().unwrap_or(l).to_string(),
                    (Some(l), Marker::Letter | Marker::Paren) => l.clone(),
                    _ if labeled => {
                        unlabeled += 1;
                        format!("p{unlabeled}")
                    }
                    _ => (n + 1).to_string(),
                };
                item.id = format!("{parent}.{part}");
                let id = item.id.clone();
                plain(&mut item.items, &id);
            }
        }
        for n in (0..2000).chain([9_999, 10_000, 123_456_789, usize::MAX]) {
            let mut s = String::from("II.");
            push_number(&mut s, n);
            assert_eq!(s, format!("II.{n}"));
        }
        let ids = |items: &[Item]| {
            items
                .iter()
                .flat_map(Item::walk)
                .map(|i| i.id.clone())
                .collect::<Vec<_>>()
        };
        let mut plans = crate::extract::folded::testing::corpus_texts();
        plans.push(PLAN.to_string());
        for plan in plans {
            let (_, l) = layout(&plan);
            for s in &l.sections {
                let mut items = s.items.clone();
                plain(&mut items, &s.numeral);
                assert_eq!(ids(&s.items), ids(&items));
            }
        }
    }

    #[test]
    fn the_body_ends_as_the_plain_tests_read() {
        // The tests as they read before the shared folding.
        let is_closing = |p: &str| {
            let key = fold(&p.chars().take(12).collect::<String>());
            let head: String = key.chars().take(8).collect();
            similarity_at_least(&head, "tren day", 0.75).is_some()
                || similarity_at_least(&head, "noi nhan", 0.75).is_some()
                || key.starts_with("tm.")
                || key.starts_with("kt.")
        };
        let is_annex = |p: &str| {
            let head: String = p.trim_start().chars().take(12).collect();
            fold(&head).starts_with("phu luc") && is_caps(p)
        };
        for p in [
            "Trên đây là Kế hoạch của UBND huyện.",
            "Tren day la ke hoach",
            "Trên đay",
            "Nơi nhận:",
            "Noi nhan",
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHỤ LỤC I",
            "  PHỤ LỤC I",
            "\u{1680}PHỤ LỤC II",
            "\u{1680}Trên đây là",
            " Nơi nhận:",
            "Phụ lục kèm theo",
            "PHỤ LỤC kèm theo Kế hoạch số 12",
            "1. Phòng Giáo dục và Đào tạo",
            "- Như trên;",
            "",
            "P",
            "Ph\u{1EE4} L\u{1EE4}C",
            "Pha\u{323}",
        ] {
            assert_eq!(ends_body(p), is_closing(p) || is_annex(p), "{p:?}");
        }
    }

    #[test]
    fn sections_and_layout() {
        let (n, l) = layout(PLAN);
        let t = n.text.as_str();
        assert_eq!(l.header.len(), 4);
        assert_eq!(
            &t[l.title.clone().unwrap()],
            "Triển khai phong trào thi đua trên địa bàn huyện Đông Sơn"
        );
        assert_eq!(l.preamble.len(), 1);
        let nums: Vec<_> = l.sections.iter().map(|s| s.numeral.as_str()).collect();
        assert_eq!(nums, ["I", "II", "III"]);
        assert_eq!(l.sections[1].heading, "NỘI DUNG PHONG TRÀO THI ĐUA");
        assert_eq!(l.sections[1].kinds, vec![SectionKind::Content]);
        // The "##" of a converter does not make a section.
        assert_eq!(l.sections[1].items.len(), 2);
        assert_eq!(l.closing.len(), 6);
    }

    #[test]
    fn items_nest_and_carry_ids() {
        let (n, l) = layout(PLAN);
        let purpose = &l.sections[0];
        assert_eq!(purpose.items[0].heading.as_deref(), Some("Mục đích"));
        assert_eq!(purpose.items[0].items.len(), 2);
        assert_eq!(purpose.items[0].items[1].id, "I.1.b");
        assert_eq!(purpose.items[1].items[0].text, "Bảo đảm thiết thực.");
        let org = &l.sections[2];
        let lead = &org.items[0];
        assert_eq!(lead.heading.as_deref(), Some("Phòng Giáo dục và Đào tạo"));
        let ids: Vec<_> = lead.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["III.1.1", "III.1.2", "III.1.3", "III.1.4"]);
        assert_eq!(lead.items[3].marker, Marker::Paragraph);
        let fin = &org.items[1];
        assert_eq!(fin.heading.as_deref(), Some("Phòng Tài chính - Kế hoạch"));
        assert_eq!(fin.text, "Tham mưu bố trí kinh phí.");
        let src_span = n.text.source_span(fin.range.clone());
        assert_eq!(
            &PLAN[src_span.range()],
            "2. Phòng Tài chính - Kế hoạch: Tham mưu bố trí kinh phí."
        );
    }

    #[test]
    fn unlabeled_group_headings_hold_their_bullets() {
        let src = "KẾ HOẠCH\nThi đua\nI. TIÊU CHÍ THI ĐUA\n1. Tiêu chí thi đua\nĐối với cấp xã\n- Thực hiện đầy đủ các chính sách.\n- Có nhiều sáng kiến.\nĐối với tổ dân phố\n- Được công nhận “Cộng đồng học tập”.\n2. Hình thức khen thưởng\n";
        let (_, l) = layout(src);
        let crit = &l.sections[0].items[0];
        assert_eq!(crit.items.len(), 2);
        assert_eq!(crit.items[0].heading.as_deref(), Some("Đối với cấp xã"));
        assert_eq!(crit.items[0].items.len(), 2);
        assert_eq!(crit.items[1].items.len(), 1);
        assert_eq!(l.sections[0].items.len(), 2);
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(7), "VII");
        assert_eq!(roman(14), "XIV");
        assert_eq!(
            parse_section_heading("I11. TIEU CHI", 3).map(|x| x.0),
            Some("III".into())
        );
        assert_eq!(parse_section_heading("I. Mục đích", 1), None);
        assert_eq!(parse_section_heading("II. MỤC TIÊU", 3), None);
        // "PHẦN" and spaces before the punctuation are part of the form.
        assert_eq!(
            parse_section_heading("PHẦN  II . NỘI DUNG", 2).map(|x| x.1),
            Some("NỘI DUNG")
        );
        assert_eq!(
            parse_section_heading("l: TỔ CHỨC THỰC HIỆN", 1).map(|x| x.0),
            Some("I".into())
        );
        assert_eq!(parse_section_heading("Văn bản", 5), None);
    }

    #[test]
    fn markers_open_the_paragraph() {
        let label = |p: &str| parse_marker(p).1;
        assert_eq!(label("1.2. Nội dung"), Some("1.2".into()));
        assert_eq!(label("a) Đối với cấp xã"), Some("a".into()));
        assert_eq!(label("đ) Khen thưởng"), Some("đ".into()));
        assert_eq!(label("(3) Báo cáo"), Some("3".into()));
        assert_eq!(label("ab) không"), None);
        assert_eq!(label("2023 là năm"), None);
        assert!(is_annex("  PHỤ LỤC I"));
        assert!(!is_annex("Phụ lục kèm theo"));
    }
}
