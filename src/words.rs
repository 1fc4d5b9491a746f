//! Word counts with limits, as the segmenter and the extractors ask them ("at most
//! 25 words?"): whitespace-separated words counted over bytes, without splitting.
//!
//! Gives exactly `s.split_whitespace().take(limit).count()`, whatever the text.

/// The words of `s` (separated by Unicode white space), counted up to `limit`:
/// `s.split_whitespace().take(limit).count()`.
///
/// Reads bytes. Every white space character is ASCII or opens with one of four
/// lead bytes (0xC2, 0xE1 followed by 0x9A, 0xE2, 0xE3); only those are decoded,
/// every other byte (the Vietnamese letters, E1 BA and E1 BB, among them) is part
/// of a word.
pub fn count_up_to(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while let Some(&x) = bytes.get(i) {
        let (space, len) = match x {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => (true, 1),
            0xC2 | 0xE2 | 0xE3 => decoded_space(s, i),
            0xE1 if bytes.get(i + 1) == Some(&0x9A) => decoded_space(s, i),
            _ => (false, 1),
        };
        if !space && !in_word {
            if words == limit {
                return words;
            }
            words += 1;
        }
        in_word = !space;
        i += len;
    }
    words
}

/// Whether the character at byte `i` of `s` is white space, and its length.
fn decoded_space(s: &str, i: usize) -> (bool, usize) {
    match s.get(i..).and_then(|rest| rest.chars().next()) {
        Some(c) => (c.is_whitespace(), c.len_utf8()),
        None => (false, 1),
    }
}

/// True when `s` has more than `n` words: `s.split_whitespace().nth(n).is_some()`.
pub fn more_than(s: &str, n: usize) -> bool {
    n < usize::MAX && count_up_to(s, n + 1) > n
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
