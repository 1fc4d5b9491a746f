//! Document metadata: number, date and year, title, issuer, locality (name, unit,
//! level, parent), period, signer and recipients.
//!
//! Reads the header (before "KẾ HOẠCH"), the title, the preamble and the closing
//! matter of the [`Layout`](crate::segment::Layout). Words are matched on
//! accent-folded keys, so OCR that dropped marks ("ngay21 thango2 ndam 2024") still
//! reads; values come from the normalized text. A value the document leaves blank
//! is null, never guessed.

use std::sync::LazyLock;

use regex::Regex;

use super::calendar::iso;
use super::Context;
use crate::abbrev::{expand, title_case};
use crate::fuzzy::similarity_at_least;
use crate::normalize::lines::is_caps;
use crate::plan::{Document, Level, Locality, Period, Signer};
use crate::syllable::{fold, fold_lower_char, is_letter_or_digit};

/// Builds the `document` object.
pub fn document(ctx: &Context<'_>) -> Document {
    let layout = ctx.layout;
    let header: Vec<&str> = layout.header.iter().map(|r| ctx.slice(r.clone())).collect();
    let title = layout.title.as_ref().map(|r| {
        ctx.slice(r.clone())
            .trim()
            .trim_end_matches('.')
            .trim()
            .to_string()
    });
    let preamble: Vec<&str> = layout
        .preamble
        .iter()
        .map(|r| ctx.slice(r.clone()))
        .collect();
    let closing: Vec<&str> = layout
        .closing
        .iter()
        .map(|r| ctx.slice(r.clone()))
        .collect();
    let (date, year) = date_line(&header);
    let exact = ctx.norm.has_marks();
    let locality = locality(&header, &preamble, title.as_deref(), ctx.text(), exact);
    let body = issuer_body(&header, &preamble, &closing);
    let issuer = match (&body, &locality) {
        (Some(b), Some(l)) => Some(format!("{b} {} {}", l.unit, l.name)),
        _ => None,
    };
    let span = match (layout.header.first(), layout.title.as_ref()) {
        (Some(h), Some(t)) => Some(ctx.span(h.start..t.end)),
        (None, Some(t)) => {
            Some(ctx.span(layout.kind_line.clone().unwrap_or(t.clone()).start..t.end))
        }
        (Some(h), None) => Some(ctx.span(h.start..layout.header.last().map_or(h.end, |l| l.end))),
        (None, None) => None,
    };
    Document {
        kind: "ke_hoach".to_string(),
        number: number(&header),
        period: title.as_deref().and_then(period),
        title,
        date,
        year,
        issuer,
        locality,
        signer: signer(&closing),
        recipients: recipients(&closing),
        span,
    }
}

/// "Số: 119/KH-UBND" in the header; OCR may garble "Số" ("86:119 /KH-UBND"), so the
/// anchor is the code after the slash. A blank number ("Số :   /KH-UBND") is null.
fn number(header: &[&str]) -> Option<String> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[\s:.])(\d{1,6})?\s*/\s*(KH-[A-ZĐ][A-ZĐ0-9&]*(?:-[A-ZĐ0-9&]+)*)").unwrap()
    });
    header.iter().find_map(|line| {
        let c = RE.captures(line)?;
        Some(c.get(1).map(|n| format!("{}/{}", n.as_str(), &c[2])))
    })?
}

/// "…, ngày 21 tháng 02 năm 2024", read on folded text with OCR digit confusions
/// (o for 0, l for 1). Gives the ISO date when day, month and year are all written,
/// and the year alone when day or month is blank.
fn date_line(header: &[&str]) -> (Option<String>, Option<i32>) {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"ngay\s*([0-9oli]{1,2})?\s*thang\s*([0-9oli]{1,2})?\s*n[a-z]{0,2}m\s*(\d{4})")
            .unwrap()
    });
    for line in header {
        let key = fold(line);
        let Some(c) = RE.captures(&key) else { continue };
        let Some(year) = c[3]
            .parse::<i32>()
            .ok()
            .filter(|y| (1945..=2100).contains(y))
        else {
            continue;
        };
        let digit = |m: Option<regex::Match<'_>>| -> Option<u32> {
            let s: String = m?
                .as_str()
                .chars()
                .map(|ch| match ch {
                    'o' => '0',
                    'l' | 'i' => '1',
                    d => d,
                })
                .collect();
            s.parse().ok()
        };
        let day = digit(c.get(1)).filter(|d| (1..=31).contains(d));
        let month = digit(c.get(2)).filter(|m| (1..=12).contains(m));
        let date = match (day, month) {
            (Some(d), Some(m)) => iso(year, m, d),
            _ => None,
        };
        return (date, Some(year));
    }
    (None, None)
}

/// Administrative units, folded, with their written form.
const UNITS: &[(&str, &str)] = &[
    ("thanh pho", "thành phố"),
    ("thi tran", "thị trấn"),
    ("thi xa", "thị xã"),
    ("dac khu", "đặc khu"),
    ("tinh", "tỉnh"),
    ("huyen", "huyện"),
    ("quan", "quận"),
    ("phuong", "phường"),
    ("xa", "xã"),
];

/// A set of units to look for, with the byte tables that rule most positions of a
/// text out before any character is decoded.
struct UnitSet {
    units: &'static [(&'static str, &'static str)],
    /// The bytes a character that folds to a unit's first letter can open with:
    /// the letters in both cases, and the lead bytes of "đ", "Đ" and the other
    /// Latin letters that fold to them ("Ţ", "ḍ" …); a test checks that none is
    /// missing.
    opener: [bool; 256],
    /// The bytes a character whose lowercase opens a unit as written ("t" of
    /// "tỉnh", "đ" of "đặc khu") can open with: all that exact matching needs,
    /// which rules out the lead bytes of marked vowels when no unit opens with one.
    exact_opener: [bool; 256],
    /// The ASCII letters a folded unit has first ("t" of "tinh" …).
    first: [bool; 128],
    /// The ASCII letters a folded unit has second ("h" of "thanh pho", "a" of "xa" …).
    second: [bool; 128],
}

impl UnitSet {
    const fn new(units: &'static [(&'static str, &'static str)]) -> UnitSet {
        let mut set = UnitSet {
            units,
            opener: super::byte_set(b"\xC4\xC5\xC8\xE1"),
            exact_opener: [false; 256],
            first: [false; 128],
            second: [false; 128],
        };
        let mut i = 0;
        while i < units.len() {
            let key = units[i].0.as_bytes();
            set.opener[key[0] as usize] = true;
            set.opener[key[0].to_ascii_uppercase() as usize] = true;
            let written = units[i].1.as_bytes()[0];
            if written.is_ascii() {
                set.exact_opener[written as usize] = true;
                set.exact_opener[written.to_ascii_uppercase() as usize] = true;
            } else {
                // A marked first letter: whatever the general test allows.
                let mut b = 0x80;
                while b < 256 {
                    set.exact_opener[b] |= set.opener[b];
                    b += 1;
                }
            }
            set.first[key[0] as usize] = true;
            set.second[key[1] as usize] = true;
            i += 1;
        }
        set
    }
}

/// Every unit.
static ALL_UNITS: UnitSet = UnitSet::new(UNITS);

/// The units a province can be named with: a parent looked for by a district.
static PROVINCE_UNITS: UnitSet = UnitSet::new(&[("thanh pho", "thành phố"), ("tinh", "tỉnh")]);

/// The units a district can be named with: a parent looked for by a commune.
static DISTRICT_UNITS: UnitSet = UnitSet::new(&[
    ("thanh pho", "thành phố"),
    ("thi xa", "thị xã"),
    ("huyen", "huyện"),
    ("quan", "quận"),
]);

/// The length of the longest folded unit (checked when compiled).
const UNIT_CHARS: usize = 9;
const _: () = {
    let mut i = 0;
    while i < UNITS.len() {
        assert!(UNITS[i].0.len() <= UNIT_CHARS);
        i += 1;
    }
};

/// Cities run by the central government: a "thành phố" of province level.
const CENTRAL_CITIES: &[&str] = &[
    "ha noi",
    "ho chi minh",
    "hai phong",
    "da nang",
    "can tho",
    "hue",
];

fn level_of(unit: &str, name: &str) -> Option<Level> {
    Some(match unit {
        "tỉnh" => Level::Province,
        "thành phố" if CENTRAL_CITIES.contains(&fold(name).as_str()) => Level::Province,
        "thành phố" | "huyện" | "quận" | "thị xã" => Level::District,
        "xã" | "phường" | "thị trấn" | "đặc khu" => Level::Commune,
        _ => return None,
    })
}

/// Places named in a text: every "<unit> <Name>" where the name is one to four
/// capitalized syllables. With `exact`, the unit must be written with its marks
/// ("quận", not the "quan" of "cơ quan"); without, units are matched on folded text
/// so that OCR and unaccented forms count.
fn places(text: &str, exact: bool, set: &UnitSet) -> Vec<(String, String)> {
    static NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^ \p{Lu}[\p{L}¢]*(?: \p{Lu}[\p{L}¢]*){0,3}").unwrap());
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let opener = if exact {
        &set.exact_opener
    } else {
        &set.opener
    };
    let mut next_at = 0;
    while let Some(skip) = bytes
        .get(next_at..)
        .and_then(|rest| rest.iter().position(|&b| opener[usize::from(b)]))
    {
        let start = next_at + skip;
        // Inside a word (after an ASCII letter or digit), or an ASCII letter then an
        // ASCII character that no unit has second: no unit.
        let inside = start > 0 && bytes[start - 1].is_ascii_alphanumeric();
        let second = bytes.get(start + 1).copied().unwrap_or(0);
        if inside
            || (bytes[start].is_ascii()
                && second.is_ascii()
                && !set.second[usize::from(second.to_ascii_lowercase())])
        {
            next_at = start + 1;
            continue;
        }
        // A Vietnamese vowel with marks (U+1EA0 to U+1EFF, E1 BA A0 to E1 BB BF)
        // folds to a vowel, which opens no unit (a test checks the block).
        if bytes[start] == 0xE1 && (second == 0xBB || (second == 0xBA && bytes[start + 2] >= 0xA0))
        {
            next_at = start + 3;
            continue;
        }
        let c = text[start..].chars().next().unwrap_or('\0');
        next_at = start + c.len_utf8();
        let k = fold_lower_char(c);
        // Every folded unit opens with one of the set's letters, at the start of a word.
        if !(k.is_ascii() && set.first[k as usize])
            || text[..start]
                .chars()
                .next_back()
                .is_some_and(|b| is_letter_or_digit(fold_lower_char(b)))
        {
            continue;
        }
        // The folded characters from here, with where each starts, read as far
        // as a comparison needs them (the longest unit and one more at most).
        let mut ahead = [('\0', text.len()); UNIT_CHARS + 1];
        let mut rest = text[start..].char_indices();
        let mut got = 0;
        let mut char_at = |j: usize| -> Option<(char, usize)> {
            while got <= j {
                let (at, c) = rest.next()?;
                ahead[got] = (fold_lower_char(c), start + at);
                got += 1;
            }
            Some(ahead[j])
        };
        for (u, written) in set.units {
            // The folded units are ASCII: one char per byte.
            let n = u.len();
            if u.as_bytes()[0] as char != k
                || !u
                    .bytes()
                    .enumerate()
                    .skip(1)
                    .all(|(j, b)| char_at(j).is_some_and(|(k, _)| k == b as char))
            {
                continue;
            }
            let next = char_at(n);
            if next.is_none_or(|(k, _)| !is_letter_or_digit(k)) {
                let after = next.map_or(text.len(), |(_, at)| at);
                let last = char_at(n - 1).map_or(start, |(_, at)| at);
                let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
                let unit_ok = !exact || text[start..end].to_lowercase() == *written;
                // The match is the space and the name: the name is all but
                // its first byte (no capture groups needed). A space then a
                // character that may be a capital is needed first.
                let tail = &text[after..];
                let may_name = tail.strip_prefix(' ').is_some_and(|t| {
                    t.chars()
                        .next()
                        .is_some_and(|c| !c.is_ascii() || c.is_ascii_uppercase())
                });
                if let Some(m) = (unit_ok && may_name).then(|| NAME.find(tail)).flatten() {
                    let name = &m.as_str()[1..];
                    let name = if is_caps(name) {
                        title_case(name)
                    } else {
                        name.to_string()
                    };
                    out.push((written.to_string(), name));
                }
                break;
            }
        }
    }
    out
}

/// The locality: from the issuer lines of the header ("TỈNH HÀ NAM"), else the
/// issuing clause of the preamble ("UBND tỉnh Bình Thuận ban hành"), else the title
/// ("… trên địa bàn xã Ninh Hải"). The parent is the one place of the next level
/// up that the text names.
fn locality(
    header: &[&str],
    preamble: &[&str],
    title: Option<&str>,
    all: &str,
    exact: bool,
) -> Option<Locality> {
    // The issuer column of the header, in capitals; the national motto ("CỘNG HÒA
    // XÃ HỘI CHỦ NGHĨA VIỆT NAM") interleaves with it once columns are flattened.
    let from_header = header
        .iter()
        .filter(|l| {
            is_caps(l) && {
                let key = fold(l);
                !key.contains("cong hoa") && !key.contains("doc lap")
            }
        })
        .flat_map(|l| places(l, exact, &ALL_UNITS))
        .next();
    // The preamble and the title are read only when the header names no place.
    let from_preamble = || {
        preamble.iter().find_map(|p| {
            let (key, at) = issuing_clause(p)?;
            let head: String = p.chars().take(key[..at].chars().count()).collect();
            places(&head, exact, &ALL_UNITS).pop()
        })
    };
    let from_title = || {
        title.and_then(|t| {
            let key = fold(t);
            let at = key.rfind("dia ban")?;
            let tail: String = t.chars().skip(key[..at].chars().count()).collect();
            places(&tail, exact, &ALL_UNITS).into_iter().next()
        })
    };
    let (unit, name) = from_header.or_else(from_preamble).or_else(from_title)?;
    let level = level_of(&unit, &name);
    let parent = level.and_then(|lv| parent_of(lv, all, exact));
    Some(Locality {
        name,
        unit,
        level,
        parent,
    })
}

/// The parent: the one place of the next level up that the text names (a town
/// and its district may share a name: "thị trấn Triệu Sơn", "huyện Triệu Sơn").
fn parent_of(level: Level, all: &str, exact: bool) -> Option<String> {
    let (want, units) = match level {
        Level::Commune => (Level::District, &DISTRICT_UNITS),
        Level::District => (Level::Province, &PROVINCE_UNITS),
        _ => return None,
    };
    let mut found: Vec<String> = places(all, exact, units)
        .into_iter()
        .filter(|(u, n)| level_of(u, n) == Some(want))
        .map(|(u, n)| format!("{u} {n}"))
        .collect();
    found.sort();
    found.dedup();
    (found.len() == 1).then(|| found.remove(0))
}

/// Issuing bodies, folded, with their canonical name.
const BODIES: &[(&str, &str)] = &[
    ("uy ban nhan dan", "Ủy ban nhân dân"),
    ("ubnd", "Ủy ban nhân dân"),
    ("hoi dong nhan dan", "Hội đồng nhân dân"),
    ("ban chi dao", "Ban Chỉ đạo"),
];

/// The kind of body that issued the plan: the header's first line, the "TM." line
/// of the signature, or the subject of the issuing clause of the preamble.
fn issuer_body(header: &[&str], preamble: &[&str], closing: &[&str]) -> Option<&'static str> {
    let find = |s: &str| -> Option<&'static str> {
        let key = fold(s);
        BODIES
            .iter()
            .find(|(k, _)| key.contains(k))
            .map(|(_, v)| *v)
    };
    if let Some(b) = header.first().filter(|l| is_caps(l)).and_then(|l| find(l)) {
        return Some(b);
    }
    for line in closing {
        let key = fold(line);
        if let Some(at) = key.find("tm.") {
            if let Some(b) = find(&key[at..]) {
                return Some(b);
            }
        }
    }
    preamble.iter().find_map(|p| {
        let (key, at) = issuing_clause(p)?;
        find(&key[..at])
    })
}

/// The fold of a preamble paragraph and where its issuing clause ("… ban hành kế
/// hoạch", "… xây dựng kế hoạch") starts in it: the issuer is named before.
fn issuing_clause(paragraph: &str) -> Option<(String, usize)> {
    let key = fold(paragraph);
    let at = ["ban hanh ke hoach", "xay dung ke hoach"]
        .iter()
        .filter_map(|k| key.find(k))
        .min()?;
    Some((key, at))
}

/// "giai đoạn 2023-2030", "đến năm 2030" in the title.
fn period(title: &str) -> Option<Period> {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})\s*-\s*(\d{4})").unwrap());
    let key = fold(title);
    if let Some(c) = RANGE.captures(&key) {
        let (a, b) = (c[1].parse().ok()?, c[2].parse().ok()?);
        return (1945..=2100)
            .contains(&a)
            .then_some(Period { start: a, end: b })
            .filter(|p| p.end >= p.start);
    }
    None
}

/// Positions, folded, and how official documents write them.
const POSITIONS: &[(&str, &str)] = &[
    ("pho chu tich", "Phó Chủ tịch"),
    ("chu tich", "Chủ tịch"),
    ("pho giam doc", "Phó Giám đốc"),
    ("giam doc", "Giám đốc"),
    ("pho truong ban", "Phó Trưởng ban"),
    ("truong ban", "Trưởng ban"),
    ("pho truong phong", "Phó Trưởng phòng"),
    ("truong phong", "Trưởng phòng"),
    ("pho bi thu", "Phó Bí thư"),
    ("bi thu", "Bí thư"),
    ("uy ban nhan dan", "Ủy ban nhân dân"),
];

fn canonical_position(key: &str) -> Option<&'static str> {
    let key = key.trim();
    POSITIONS
        .iter()
        .find(|(k, _)| key == *k || (key.len() >= 6 && similarity_at_least(key, k, 0.85).is_some()))
        .map(|(_, v)| *v)
}

/// The signer block: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name".
/// Position lines may share a line with "Nơi nhận" items when two columns were
/// flattened; they are found in capitals at the end of such lines.
fn signer(closing: &[&str]) -> Option<Signer> {
    static AUTH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(TM|KT|TL|TUQ|Q)\s*\.\s*([\p{Lu} ]{3,}?)\s*$").unwrap());
    static CAPS_TAIL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"((?:\p{Lu}+\s*){2,4})$").unwrap());
    let mut on_behalf: Vec<(String, String)> = Vec::new();
    let mut position = None;
    let mut name = None;
    for line in closing {
        let line = line.trim();
        if let Some(c) = AUTH.captures(line) {
            let what = canonical_position(&fold(&c[2]))
                .map(str::to_string)
                .unwrap_or_else(|| c[2].trim().to_string());
            on_behalf.push((c[1].to_string(), what));
            continue;
        }
        if let Some(c) = CAPS_TAIL.captures(line) {
            if let Some(p) = canonical_position(&fold(&c[1])) {
                if p != "Ủy ban nhân dân" {
                    position = Some(p.to_string());
                    continue;
                }
            }
        }
        if position.is_some() && looks_like_name(line) {
            name = Some(line.to_string());
        }
    }
    if on_behalf.is_empty() && position.is_none() {
        return None;
    }
    // The signer signs for the innermost authority: "KT. Chủ tịch" within
    // "TM. Ủy ban nhân dân".
    let on_behalf = on_behalf.last().map(|(k, w)| format!("{k}. {w}"));
    Some(Signer {
        name,
        position,
        on_behalf,
    })
}

fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && !is_caps(line)
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        })
}

/// "Nơi nhận" items, canonical: bullets stripped, notes such as "(để b/c)" and copy
/// counts dropped, abbreviations expanded, the archive line ("Lưu: VT") left out.
fn recipients(closing: &[&str]) -> Vec<String> {
    static NOTE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\(\s*(?:để[^)]*|đề[^)]*|b/c|t/h|\w{1,2}|\d+)\s*\)").unwrap());
    static SIGN_TAIL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*(?:(?:KT|TM)\s*\.\s*)?(?:\p{Lu}+\s*){2,4}$").unwrap());
    let Some(start) = closing.iter().position(|l| {
        let head: String = fold(l).chars().take(8).collect();
        similarity_at_least(&head, "noi nhan", 0.75).is_some()
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in &closing[start + 1..] {
        let Some(item) = line.trim().strip_prefix(['-', '+', '•']) else {
            if !out.is_empty() {
                break;
            }
            continue;
        };
        let mut item = NOTE.replace_all(item, "").to_string();
        if let Some(m) = SIGN_TAIL.find(&item) {
            if canonical_position(&fold(m.as_str()).replace("kt.", "").replace("tm.", "")).is_some()
            {
                item.truncate(m.start());
            }
        }
        let item = item.trim().trim_end_matches([';', '.', ',']).trim();
        let item = NOTE.replace_all(item, "");
        let item = item.trim().trim_end_matches([';', '.', ',']).trim();
        if item.is_empty() || fold(item).starts_with("luu") {
            continue;
        }
        out.push(expand(item));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_openers_cover_every_character_that_folds_to_one() {
        for set in [&ALL_UNITS, &PROVINCE_UNITS, &DISTRICT_UNITS] {
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                let k = fold_lower_char(c);
                if k.is_ascii() && set.first[k as usize] {
                    let mut buf = [0; 4];
                    let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                    assert!(set.opener[usize::from(lead)], "{c:?} U+{:04X}", c as u32);
                }
            }
        }
    }

    #[test]
    fn exact_openers_cover_every_character_whose_lowercase_opens_a_unit() {
        for set in [&ALL_UNITS, &PROVINCE_UNITS, &DISTRICT_UNITS] {
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                let lower = c.to_lowercase().to_string();
                for (_, written) in set.units {
                    if written.chars().next().is_some_and(|w| lower.starts_with(w)) {
                        let mut buf = [0; 4];
                        let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                        assert!(set.exact_opener[usize::from(lead)], "{c:?} {written}");
                    }
                }
            }
            // Units written with ASCII first letters need no lead byte of marks.
            if set.units.iter().all(|(_, w)| w.as_bytes()[0].is_ascii()) {
                assert!(!set.exact_opener[0xE1]);
            }
        }
    }

    #[test]
    fn no_vietnamese_vowel_with_marks_opens_a_unit() {
        for c in '\u{1EA0}'..='\u{1EFF}' {
            let k = fold_lower_char(c);
            assert!(!(k.is_ascii() && ALL_UNITS.first[k as usize]), "{c:?}");
        }
    }

    #[test]
    fn parent_units_are_every_unit_of_the_level() {
        // "Hà Nội" makes a "thành phố" of province level; any other name, of district.
        for (key, written) in UNITS {
            for (set, level) in [
                (&PROVINCE_UNITS, Level::Province),
                (&DISTRICT_UNITS, Level::District),
            ] {
                let can = ["Hà Nội", "Lạng Sơn"]
                    .iter()
                    .any(|n| level_of(written, n) == Some(level));
                assert_eq!(set.units.contains(&(*key, *written)), can, "{written}");
            }
        }
        let order = |set: &UnitSet| set.units.iter().map(|u| UNITS.iter().position(|x| x == u));
        for set in [&PROVINCE_UNITS, &DISTRICT_UNITS] {
            assert!(
                order(set).is_sorted(),
                "the order of UNITS, where the first match wins"
            );
        }
    }
    use crate::normalize::normalize;
    use crate::segment::segment;

    fn doc(src: &str) -> Document {
        let norm = normalize(src, true);
        let layout = segment(&norm);
        document(&Context {
            source: src,
            norm: &norm,
            layout: &layout,
        })
    }

    const COMMUNE: &str = "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ ĐÔNG HƯNG  Độc lập - Tự do - Hạnh phúc\nSố: 45/KH-UBND  Đông Hưng, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\nTriển khai phong trào thi đua giai đoạn 2023 - 2030 trên địa bàn xã Đông Hưng\n\nThực hiện Kế hoạch số 30/KH-UBND ngày 01/02/2024 của UBND huyện Tiên Lãng, UBND xã xây dựng Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức.\nNơi nhận:\n- UBND huyện (để b/c);\n- Các đoàn thể xã;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nPhạm Văn Bình\n";

    #[test]
    fn commune_plan_metadata() {
        let d = doc(COMMUNE);
        assert_eq!(d.number.as_deref(), Some("45/KH-UBND"));
        assert_eq!(d.date.as_deref(), Some("2024-03-05"));
        assert_eq!(d.year, Some(2024));
        assert_eq!(d.issuer.as_deref(), Some("Ủy ban nhân dân xã Đông Hưng"));
        let l = d.locality.unwrap();
        assert_eq!(
            (l.name.as_str(), l.unit.as_str(), l.level),
            ("Đông Hưng", "xã", Some(Level::Commune))
        );
        assert_eq!(l.parent.as_deref(), Some("huyện Tiên Lãng"));
        assert_eq!(
            d.period,
            Some(Period {
                start: 2023,
                end: 2030
            })
        );
        let s = d.signer.unwrap();
        assert_eq!(s.name.as_deref(), Some("Phạm Văn Bình"));
        assert_eq!(s.position.as_deref(), Some("Chủ tịch"));
        assert_eq!(s.on_behalf.as_deref(), Some("TM. Ủy ban nhân dân"));
        assert_eq!(
            d.recipients,
            vec!["Ủy ban nhân dân huyện", "Các đoàn thể xã"]
        );
    }

    #[test]
    fn blank_number_and_date_are_null_but_year_is_kept() {
        let d = doc("ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LONG AN  Độc lập - Tự do - Hạnh phúc\nSố :        /KH-UBND  Long An, ngày     tháng     năm 2025\nKẾ HOẠCH\nThi đua\nI. MỤC TIÊU\n1. Chung\n");
        assert_eq!(d.number, None);
        assert_eq!(d.date, None);
        assert_eq!(d.year, Some(2025));
        assert_eq!(d.locality.unwrap().name, "Long An");
    }

    #[test]
    fn ocr_date_line() {
        let (date, year) = date_line(&["86:45 /KH-UBND Xa Dong Hung, ngay05 thango3 ndam 2024"]);
        assert_eq!((date.as_deref(), year), (Some("2024-03-05"), Some(2024)));
        assert_eq!(
            number(&["86:45 /KH-UBND Xa Dong Hung"]).as_deref(),
            Some("45/KH-UBND")
        );
    }

    #[test]
    fn central_city_is_a_province() {
        assert_eq!(level_of("thành phố", "Hải Phòng"), Some(Level::Province));
        assert_eq!(level_of("thành phố", "Thanh Hóa"), Some(Level::District));
    }
}
