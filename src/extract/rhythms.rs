//! Rhythm phrases of obligations ("thường xuyên", "định kỳ 6 tháng", "sáu tháng
//! một lần", "hằng quý", "định kỳ hàng năm"), found by a hand-written matcher.
//!
//! The matcher gives exactly the matches of the regular expression
//!
//! ```text
//! (?i)thường xuyên|định kỳ\s+(?:6|06|sáu)\s+tháng|(?:6|06|sáu)\s+tháng\s+(?:một|1)\s+lần|(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:năm|quý|tháng)
//! ```
//!
//! (leftmost-first, without overlaps), which the tests check against the regex
//! itself; it runs on every paragraph, where a regex with that many
//! case-insensitive openings costs tens of instructions a byte.

use std::ops::Range;

/// The first bytes a phrase can open with (see [`find`]): letters, digits and the
/// lead bytes of "đ", "Đ" and "ſ".
static OPENER: [bool; 256] = super::byte_set(b"tThHsS06\xC4\xC5");

/// The rhythm phrases of `text`, in order, without overlaps.
pub(crate) fn find(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            // Most bytes open nothing: skip them with one table look-up each.
            let Some(skip) = bytes[at..].iter().position(|&b| OPENER[usize::from(b)]) else {
                at = bytes.len();
                break;
            };
            let start = at + skip;
            // A phrase opens with one of few pairs of characters: "thư", "hằ"/"hà",
            // "sá", "đị", "06", "6" in either case, and the long s "ſ" that matches
            // "s" case-insensitively (bytes of UTF-8: ư C6 B0, Ư C6 AF, ằ E1 BA B1,
            // Ằ E1 BA B0, à C3 A0, À C3 80, á C3 A1, Á C3 81, ị E1 BB 8B, Ị E1 BB 8A).
            let next = |k: usize| bytes.get(start + k).copied().unwrap_or(0);
            let a_acute = |k: usize| next(k) == 0xC3 && matches!(next(k + 1), 0xA1 | 0x81);
            let opens = match bytes[start] {
                b't' | b'T' => {
                    matches!(next(1), b'h' | b'H')
                        && next(2) == 0xC6
                        && matches!(next(3), 0xB0 | 0xAF)
                }
                b'h' | b'H' => match next(1) {
                    0xE1 => next(2) == 0xBA && matches!(next(3), 0xB1 | 0xB0),
                    0xC3 => matches!(next(2), 0xA0 | 0x80),
                    _ => false,
                },
                b's' | b'S' => a_acute(1),
                0xC5 => next(1) == 0xBF && a_acute(2),
                0xC4 => {
                    matches!(next(1), 0x90 | 0x91)
                        && next(2) == 0xE1
                        && next(3) == 0xBB
                        && matches!(next(4), 0x8B | 0x8A)
                }
                b'0' => next(1) == b'6',
                b'6' => true,
                _ => false,
            };
            at = start + 1;
            if !opens {
                continue;
            }
            if let Some(end) = at_start(text, start) {
                at = end;
                return Some(start..end);
            }
        }
        None
    })
}

/// The phrase opening at byte `i` of `text`, if any: its end. The alternatives
/// open with letters of disjoint cases, so the first byte tells which to try.
fn at_start(text: &str, i: usize) -> Option<usize> {
    // "(định kỳ\s+)?(hằng|hàng)\s+(năm|quý|tháng)" from byte `from`.
    let every = |from: usize| {
        let e = word(text, from, "hằng").or_else(|| word(text, from, "hàng"))?;
        let e = spaces(text, e)?;
        word(text, e, "năm")
            .or_else(|| word(text, e, "quý"))
            .or_else(|| word(text, e, "tháng"))
    };
    match text.as_bytes()[i] {
        b't' | b'T' => word(text, i, "thường xuyên"),
        b'h' | b'H' => every(i),
        0xC4 => {
            let e = word(text, i, "định kỳ")?;
            let e = spaces(text, e)?;
            six(text, e)
                .and_then(|e| spaces(text, e))
                .and_then(|e| word(text, e, "tháng"))
                // The optional "định kỳ" is taken when what follows it matches.
                .or_else(|| every(e))
        }
        _ => {
            let e = six(text, i)?;
            let e = spaces(text, e)?;
            let e = word(text, e, "tháng")?;
            let e = spaces(text, e)?;
            let e = word(text, e, "một").or_else(|| word(text, e, "1"))?;
            let e = spaces(text, e)?;
            word(text, e, "lần")
        }
    }
}

/// "6", "06" or "sáu" at byte `i`: its end.
fn six(text: &str, i: usize) -> Option<usize> {
    word(text, i, "6")
        .or_else(|| word(text, i, "06"))
        .or_else(|| word(text, i, "sáu"))
}

/// One or more whitespace characters at byte `i`: their end.
fn spaces(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    let n = rest.len() - rest.trim_start().len();
    (n > 0).then_some(i + n)
}

/// `lower` (lowercase letters, spaces and digits) at byte `i` of `text`, matched
/// case-insensitively as a regex does: its end.
fn word(text: &str, i: usize, lower: &str) -> Option<usize> {
    let rest = text.get(i..)?;
    let mut chars = rest.char_indices();
    for l in lower.chars() {
        let (_, c) = chars.next()?;
        if !same(c, l) {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(at, _)| i + at))
}

/// True when `c` matches the lowercase `l` (a letter of the phrases) under simple
/// case folding, as a case-insensitive regex compares them.
fn same(c: char, l: char) -> bool {
    if c == l {
        return true;
    }
    if c.is_ascii() {
        return c.to_ascii_lowercase() == l;
    }
    let upper = match l {
        // KELVIN SIGN and LATIN SMALL LETTER LONG S fold with "k" and "s".
        'k' => '\u{212A}',
        's' => '\u{17F}',
        'ư' => 'Ư',
        'ờ' => 'Ờ',
        'ê' => 'Ê',
        'đ' => 'Đ',
        'ị' => 'Ị',
        'ỳ' => 'Ỳ',
        'á' => 'Á',
        'ộ' => 'Ộ',
        'ầ' => 'Ầ',
        'ằ' => 'Ằ',
        'à' => 'À',
        'ă' => 'Ă',
        'ý' => 'Ý',
        _ => return false,
    };
    c == upper
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    const RE: &str = r"(?i)thường xuyên|định kỳ\s+(?:6|06|sáu)\s+tháng|(?:6|06|sáu)\s+tháng\s+(?:một|1)\s+lần|(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:năm|quý|tháng)";

    fn both(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        static REGEX: std::sync::LazyLock<Regex> =
            std::sync::LazyLock::new(|| Regex::new(RE).unwrap());
        let re = &*REGEX;
        (
            find(text).collect(),
            re.find_iter(text).map(|m| m.range()).collect(),
        )
    }

    #[test]
    fn same_matches_as_the_regex() {
        for t in [
            "Thường xuyên tuyên truyền; định kỳ 6 tháng và hằng quý báo cáo.",
            "ĐỊNH KỲ HÀNG NĂM, định kỳ  06\ttháng, sáu tháng một lần, 16 tháng 1 lần",
            "định kỳ hằng tháng; định kỳ 7 tháng; hằng tuần; hàng  quý; ĐỊNH KỲ\nSÁU THÁNG",
            "định kỳ định kỳ hằng năm; 6 tháng một; 06 tháng 1 lần hằng",
            "ſáu tháng một lần, định \u{212A}ỳ 6 tháng, thường xuyênhằng năm",
            "",
            "đ",
            "thường",
            "Định kỳ 6 tháng một lần",
            "HẰNG NĂM, Hàng tháng, THƯỜNG XUYÊN, SÁU THÁNG 1 LẦN, ĐỊNH KỲ 6 THÁNG, ſÁU THÁNG MỘT LẦN",
            "hệ thống thơ hành sáng đi định hằng thườngxuyên Thừa hẰng hÀng ĐỊnh kỳ hằng năm",
        ] {
            let (got, want) = both(t);
            assert_eq!(got, want, "{t}");
        }
    }

    #[test]
    fn same_matches_on_pieces_run_together() {
        // Every sequence of up to four of these pieces (a simple counter walks them).
        let pieces = [
            "định kỳ",
            "ĐỊNH",
            " kỳ",
            "hằng",
            "HÀNG",
            " ",
            "\u{a0}",
            "6",
            "06",
            "sáu",
            "tháng",
            "một",
            "1",
            "lần",
            "năm",
            "quý",
            "thường xuyên",
            "x",
        ];
        let n = pieces.len();
        for code in 0..n.pow(4) {
            let mut t = String::new();
            let mut c = code;
            for _ in 0..4 {
                t.push_str(pieces[c % n]);
                c /= n;
            }
            let (got, want) = both(&t);
            assert_eq!(got, want, "{t}");
        }
    }

    #[test]
    fn letters_fold_as_in_the_regex() {
        let letters: String = [
            "thường xuyên",
            "định kỳ",
            "sáu",
            "tháng",
            "một",
            "lần",
            "hằng",
            "hàng",
            "năm",
            "quý",
            "016",
        ]
        .concat();
        for l in letters.chars().filter(|c| !c.is_whitespace()) {
            let re = Regex::new(&format!("(?i)^{l}$")).unwrap();
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                let mut buf = [0; 4];
                assert_eq!(same(c, l), re.is_match(c.encode_utf8(&mut buf)), "{l} {c}");
            }
        }
        let re = Regex::new(r"^\s$").unwrap();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let s: &str = c.encode_utf8(&mut buf);
            assert_eq!(spaces(s, 0).is_some(), re.is_match(s), "{c:?}");
        }
    }
}
