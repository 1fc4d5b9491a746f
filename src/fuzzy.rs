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

/// For each ASCII character, a bit per ASCII character it is cheaply confused with
/// (every pair of [`CHEAP`] is ASCII; a non-ASCII pair would not compile).
static CHEAP_MASK: [u128; 128] = {
    let mut m = [0u128; 128];
    let mut i = 0;
    while i < CHEAP.len() {
        let (x, y) = CHEAP[i];
        m[x as usize] |= 1 << (y as u32);
        m[y as usize] |= 1 << (x as u32);
        i += 1;
    }
    m
};

fn sub_cost(a: char, b: char) -> f64 {
    if a == b {
        0.0
    } else if (a as u32) < 128 && (b as u32) < 128 && CHEAP_MASK[a as usize] >> (b as u32) & 1 == 1
    {
        0.3
    } else {
        1.0
    }
}

/// Similarity of two folded keys: 1 − weighted edit distance / longer length.
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_at_least(a, b, f64::NEG_INFINITY).unwrap_or(0.0)
}

/// [`similarity`] when it is `threshold` or more, else `None`: gives up as soon as
/// the length difference, or the best cell of a row of the edit distance (which no
/// later row goes below), rules the threshold out. Same value as [`similarity`].
pub fn similarity_at_least(a: &str, b: &str, threshold: f64) -> Option<f64> {
    const STACK: usize = 48;
    let (mut a_buf, mut b_buf) = (['\0'; STACK], ['\0'; STACK]);
    let (a_vec, b_vec): (Vec<char>, Vec<char>);
    let a: &[char] = match fill(a, &mut a_buf) {
        Some(n) => &a_buf[..n],
        None => {
            a_vec = a.chars().collect();
            &a_vec
        }
    };
    let b: &[char] = match fill(b, &mut b_buf) {
        Some(n) => &b_buf[..n],
        None => {
            b_vec = b.chars().collect();
            &b_vec
        }
    };
    let longest = a.len().max(b.len());
    if longest == 0 {
        return (1.0 >= threshold).then_some(1.0);
    }
    // Every character of the longer key beyond the shorter's length costs a whole
    // insertion or deletion.
    let bound = |d: f64| 1.0 - d / longest as f64;
    if bound(a.len().abs_diff(b.len()) as f64) < threshold {
        return None;
    }
    let (mut prev_buf, mut cur_buf) = ([0.0f64; STACK + 1], [0.0f64; STACK + 1]);
    let (mut prev_vec, mut cur_vec): (Vec<f64>, Vec<f64>);
    let (mut prev, mut cur): (&mut [f64], &mut [f64]) = if b.len() < STACK {
        (&mut prev_buf[..=b.len()], &mut cur_buf[..=b.len()])
    } else {
        prev_vec = vec![0.0; b.len() + 1];
        cur_vec = vec![0.0; b.len() + 1];
        (&mut prev_vec, &mut cur_vec)
    };
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j as f64;
    }
    for i in 1..=a.len() {
        cur[0] = i as f64;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + sub_cost(a[i - 1], b[j - 1]);
            cur[j] = sub.min(prev[j] + 1.0).min(cur[j - 1] + 1.0);
            row_min = row_min.min(cur[j]);
        }
        std::mem::swap(&mut prev, &mut cur);
        if bound(row_min) < threshold {
            return None;
        }
    }
    let score = bound(prev[b.len()]);
    (score >= threshold).then_some(score)
}

/// The characters of `s` into `buf`, and how many, when they fit.
fn fill(s: &str, buf: &mut [char]) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
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
    if let Some(start) = words.windows(n).position(|w| joins_to(w, phrase)) {
        return Some(PhraseMatch {
            start,
            len: n,
            score: 1.0,
        });
    }
    let mut best: Option<PhraseMatch> = None;
    let mut run = String::new();
    for start in 0..=words.len() - n {
        run.clear();
        for (k, w) in words[start..start + n].iter().enumerate() {
            if k > 0 {
                run.push(' ');
            }
            run.push_str(w);
        }
        // Only a score above the best so far can change the answer.
        let at_least = best.as_ref().map_or(threshold, |b| b.score.max(threshold));
        let Some(score) = similarity_at_least(&run, phrase, at_least) else {
            continue;
        };
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

/// True when `words` joined by single spaces are `phrase`, without joining them.
fn joins_to(words: &[String], phrase: &str) -> bool {
    let mut rest = phrase;
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            let Some(r) = rest.strip_prefix(' ') else {
                return false;
            };
            rest = r;
        }
        let Some(r) = rest.strip_prefix(w.as_str()) else {
            return false;
        };
        rest = r;
    }
    rest.is_empty()
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
    fn early_exit_gives_the_same_scores() {
        let keys = [
            "",
            "muc dich",
            "muc pich",
            "tien do",
            "kinh phii",
            "to chuc thuc hien",
            "t6 chirc thuc hien",
            "noi nhan",
            "tren day",
            "khen thuong",
            "nghieng ngieng",
            "a",
            "đặc biệt",
            &"x".repeat(70),
            &"xy".repeat(40),
        ];
        for a in keys {
            for b in keys {
                let full = similarity(a, b);
                for t in [0.0, 0.5, 0.75, 0.8, 0.85, 0.95, 1.0] {
                    let want = (full >= t).then_some(full);
                    assert_eq!(similarity_at_least(a, b, t), want, "{a:?} {b:?} {t}");
                }
            }
        }
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
