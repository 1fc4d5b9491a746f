//! Word counts with limits, as the segmenter and the extractors ask them ("at most
//! 25 words?"): whitespace-separated words counted over bytes, without splitting.
//!
//! Gives exactly `s.split_whitespace().take(limit).count()`, whatever the text.

/// The words of `s` (separated by Unicode white space), counted up to `limit`:
/// `s.split_whitespace().take(limit).count()`.
///
/// Reads bytes, with no branch on where words start. Every white space character
/// is ASCII or opens with one of four lead bytes: 0xC2, 0xE2 and 0xE3, and 0xE1
/// (only U+1680, whose bytes have a 0x9A). Only those are decoded, and 0xE1, the lead
/// of most Vietnamese letters, only in a text with a byte 0x9A.
pub fn count_up_to(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let table = if memchr::memchr(0x9A, bytes).is_some() {
        &CLASS_WITH_E1
    } else {
        &CLASS
    };
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while let Some(&x) = bytes.get(i) {
        let class = table[usize::from(x)];
        let (space, len) = if class == DECODE {
            decoded_space(s, i)
        } else {
            (class == SPACE, 1)
        };
        words += usize::from(!space & !in_word);
        if words > limit {
            return limit;
        }
        in_word = !space;
        i += len;
    }
    words
}

/// A byte of a word ([`count_up_to`]'s classes).
const WORD: u8 = 0;
/// ASCII white space.
const SPACE: u8 = 1;
/// The lead byte of a character that may be white space.
const DECODE: u8 = 2;

/// The class of every byte, 0xE1 a word byte.
static CLASS: [u8; 256] = classes(WORD);
/// The class of every byte, 0xE1 decoded.
static CLASS_WITH_E1: [u8; 256] = classes(DECODE);

const fn classes(e1: u8) -> [u8; 256] {
    let mut t = [WORD; 256];
    let spaces = [b'\t', b'\n', 0x0B, 0x0C, b'\r', b' '];
    let mut k = 0;
    while k < spaces.len() {
        t[spaces[k] as usize] = SPACE;
        k += 1;
    }
    t[0xC2] = DECODE;
    t[0xE2] = DECODE;
    t[0xE3] = DECODE;
    t[0xE1] = e1;
    t
}

/// Whether the character at byte `i` of `s` is white space, and its length.
fn decoded_space(s: &str, i: usize) -> (bool, usize) {
    match s.get(i..).and_then(|rest| rest.chars().next()) {
        Some(c) => (c.is_whitespace(), c.len_utf8()),
        None => (false, 1),
    }
}

/// True when `s` has more than `n` words: `s.split_whitespace().nth(n).is_some()`.
/// A short text is told by its length: each word, and the space after it, takes
/// a byte at least.
pub fn more_than(s: &str, n: usize) -> bool {
    s.len() > n.saturating_mul(2) && count_up_to(s, n.saturating_add(1)) > n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str, limit: usize) -> usize {
        s.split_whitespace().take(limit).count()
    }

    #[test]
    fn every_character_between_words() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [
                format!("{c}"),
                format!("Kế {c}hoạch{c}"),
                format!("{c}{c} a {c}"),
            ] {
                for limit in 0..5 {
                    assert_eq!(count_up_to(&s, limit), plain(&s, limit), "{s:?} {limit}");
                }
            }
        }
    }

    #[test]
    fn limits() {
        let s = "Sở Giáo dục và Đào tạo\u{2003}chủ trì,\u{A0}phối hợp\u{3000}";
        assert_eq!(count_up_to(s, 100), 10);
        assert_eq!(count_up_to(s, 3), 3);
        assert!(more_than(s, 9));
        assert!(!more_than(s, 10));
        assert!(!more_than("", 0));
        assert!(more_than("a", 0));
    }

    proptest::proptest! {
        #[test]
        fn any_text_counts_as_split_whitespace_does(s in "\\PC*|[ \\t\\n\\u{85}\\u{A0}\\u{1680}\\u{2000}-\\u{200A}\\u{2028}\\u{3000}aá]*", limit in 0usize..40) {
            proptest::prop_assert_eq!(count_up_to(&s, limit), plain(&s, limit));
            proptest::prop_assert_eq!(more_than(&s, limit), s.split_whitespace().nth(limit).is_some());
        }
    }
}
