//! OCR-tolerant comparison of accent-folded words and phrases, for matching headings
//! and labels against the genre's vocabulary.
//!
//! Takes search keys (see [`crate::syllable::fold`]), gives similarities in `0..=1`.
//! Lossy by design: keys, never output.

use crate::syllable::fold;

/// Pairs of characters an OCR engine without Vietnamese confuses, with a reduced
/// substitution cost (folded forms: Đ read as P or B, ô/ơ as 6 or 0, l as 1 …).
const CHEAP: &[(char, char)] = &[
    ('p', 'd'),
    ('b', 'd'),
    ('q', 'o'),
    ('0', 'o'),
    ('6', 'o'),
    ('1', 'l'),
    ('1', 'i'),
    ('l', 'i'),
    ('j', 'i'),
    ('y', 'u'),
    ('r', 'u'),
    ('4', 'a'),
    ('c', 'e'),
];

fn sub_cost(a: char, b: char) -> f64 {
    if a == b {
        0.0
    } else if CHEAP
        .iter()
        .any(|&(x, y)| (x, y) == (a, b) || (y, x) == (a, b))
    {
        0.3
    } else {
        1.0
    }
}

/// Similarity of two folded keys: 1 − weighted edit distance / longer length.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let mut prev: Vec<f64> = (0..=b.len()).map(|j| j as f64).collect();
    let mut cur = vec![0.0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i as f64;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + sub_cost(a[i - 1], b[j - 1]);
            cur[j] = sub.min(prev[j] + 1.0).min(cur[j - 1] + 1.0);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    1.0 - prev[b.len()] / longest as f64
}

/// The words of a heading as folded keys: letters and digits only, so that OCR marks
/// inside words ("THU'C", "PHiI") do not split them.
pub fn key_words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Where a phrase of the vocabulary matches a run of `words`.
#[derive(Clone, Debug, PartialEq)]
pub struct PhraseMatch {
    /// Index of the first word matched.
    pub start: usize,
    /// Number of words matched.
    pub len: usize,
    /// Similarity of the run with the phrase.
    pub score: f64,
}

/// Best match of a folded phrase against any run of words of the same length.
pub fn find_phrase(words: &[String], phrase: &str, threshold: f64) -> Option<PhraseMatch> {
    let n = phrase.split(' ').count();
    if n == 0 || words.len() < n {
        return None;
    }
    // The phrase as it stands: no edit distance needed.
    if let Some(start) = words.windows(n).position(|w| w.join(" ") == phrase) {
        return Some(PhraseMatch {
            start,
            len: n,
            score: 1.0,
        });
    }
    let mut best: Option<PhraseMatch> = None;
    for start in 0..=words.len() - n {
        let run = words[start..start + n].join(" ");
        let score = similarity(&run, phrase);
        if score >= threshold && best.as_ref().is_none_or(|b| score > b.score) {
            best = Some(PhraseMatch {
                start,
                len: n,
                score,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_confusions_are_cheap() {
        assert!(similarity("muc pich", "muc dich") > 0.95);
        assert!(similarity("tien pq", "tien do") >= 0.9);
        assert!(similarity("kinh phii", "kinh phi") > 0.85);
        assert!(similarity("tieu chi", "khen thuong") < 0.5);
    }

    #[test]
    fn heading_words_are_folded_keys() {
        assert_eq!(
            key_words("VI. KINH PHiI THU'C HIEN"),
            vec!["vi", "kinh", "phii", "thuc", "hien"]
        );
        let words = key_words("TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG");
        let m = find_phrase(&words, "khen thuong", 0.8).unwrap();
        assert_eq!((m.start, m.len), (7, 2));
    }
}
