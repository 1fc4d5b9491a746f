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

/// Edit costs in tenths, so that the distance is summed exactly in integers.
const WHOLE: u32 = 10;
const CHEAP_COST: u32 = 3;

fn sub_cost(a: char, b: char) -> u32 {
    if a == b {
        0
    } else if (a as u32) < 128 && (b as u32) < 128 && CHEAP_MASK[a as usize] >> (b as u32) & 1 == 1
    {
        CHEAP_COST
    } else {
        WHOLE
    }
}

/// Characters of a key kept on the stack; longer keys go to the heap.
const STACK: usize = 48;

/// Similarity of two folded keys: 1 − weighted edit distance / longer length.
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_at_least(a, b, f64::NEG_INFINITY).unwrap_or(0.0)
}

/// [`similarity`] when it is `threshold` or more, else `None`: gives up as soon as
/// the length difference, or the best cell of a row of the edit distance (which no
/// later row goes below), rules the threshold out. Same value as [`similarity`].
pub fn similarity_at_least(a: &str, b: &str, threshold: f64) -> Option<f64> {
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
    let classes = PhraseClasses::of_chars(b);
    let mask = a.iter().fold(0, |m, &c| m | 1 << class_of(c));
    if ruled_out(a.len(), mask, b.len(), &classes, threshold) {
        return None;
    }
    distance_at_least(a, b, threshold)
}

/// The length difference and the classes of characters of two keys, one of
/// `a_len` characters of the classes `a_mask`, the other of `b_len` of `b_classes`:
/// true when they alone rule the threshold out.
fn ruled_out(
    a_len: usize,
    a_mask: u64,
    b_len: usize,
    b_classes: &PhraseClasses,
    threshold: f64,
) -> bool {
    let longest = a_len.max(b_len);
    if longest == 0 {
        return false;
    }
    // Every character of the longer key beyond the shorter's length costs a whole
    // insertion or deletion.
    let bound =
        1.0 - f64::from(a_len.abs_diff(b_len) as u32 * WHOLE) / f64::from(WHOLE) / longest as f64;
    // Nor can the classes of characters of one be far from the other's.
    bound < threshold
        || 1.0 - b_classes.distance_bound(a_mask) / (longest as f64) < threshold - 1e-9
}

/// [`similarity_at_least`] of two keys as characters, by the edit distance.
fn distance_at_least(a: &[char], b: &[char], threshold: f64) -> Option<f64> {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return (1.0 >= threshold).then_some(1.0);
    }
    let bound = |tenths: u32| 1.0 - f64::from(tenths) / f64::from(WHOLE) / longest as f64;
    // Reaching cell (i, j) of the table takes |i − j| insertions or deletions, and
    // the cost along a path never falls: a path whose cost keeps the threshold stays
    // within `band` of the diagonal. Only those cells are filled, the ones just
    // beyond set to FAR (out of reach). The cells of such a path, and so the best
    // of each row and the final cost, are then as in the full table while they keep
    // the threshold, and any other path ends beyond it either way.
    let mut band = 0;
    while band < longest && bound((band as u32 + 1) * WHOLE) >= threshold {
        band += 1;
    }
    if a.len().abs_diff(b.len()) > band {
        return None;
    }
    const FAR: u32 = u32::MAX / 4;
    let (mut prev_buf, mut cur_buf) = ([0u32; STACK + 1], [0u32; STACK + 1]);
    let (mut prev_vec, mut cur_vec): (Vec<u32>, Vec<u32>);
    let (mut prev, mut cur): (&mut [u32], &mut [u32]) = if b.len() < STACK {
        (&mut prev_buf[..=b.len()], &mut cur_buf[..=b.len()])
    } else {
        prev_vec = vec![0; b.len() + 1];
        cur_vec = vec![0; b.len() + 1];
        (&mut prev_vec, &mut cur_vec)
    };
    for (j, p) in (0..).step_by(WHOLE as usize).zip(prev.iter_mut()) {
        *p = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        // The lengths differ by `band` at most, so the band meets every row.
        let (lo, hi) = (row.saturating_sub(band).max(1), (row + band).min(b.len()));
        cur[lo - 1] = if lo == 1 { row as u32 * WHOLE } else { FAR };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let sub = prev[j - 1] + sub_cost(ca, b[j - 1]);
            let v = sub.min(prev[j] + WHOLE).min(cur[j - 1] + WHOLE);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < b.len() {
            cur[hi + 1] = FAR;
        }
        std::mem::swap(&mut prev, &mut cur);
        if bound(row_min) < threshold {
            return None;
        }
    }
    let score = bound(prev[b.len()]);
    (score >= threshold).then_some(score)
}

/// A folded key that many others are compared with ("tren day" with the opening of
/// every paragraph): its characters and their classes are taken once, and the
/// bounds of [`similarity_at_least`] are tried before the other key's characters
/// are kept, so that most comparisons end after one pass over them.
pub struct Key {
    text: String,
    /// Its words: pieces between single spaces.
    words: usize,
    chars: Vec<char>,
    classes: PhraseClasses,
}

impl Key {
    /// The key `key`.
    pub fn new(key: &str) -> Key {
        let chars: Vec<char> = key.chars().collect();
        let classes = PhraseClasses::of_chars(&chars);
        Key {
            text: key.to_string(),
            words: key.split(' ').count(),
            chars,
            classes,
        }
    }

    /// [`similarity_at_least`]`(a, key, threshold)`, the same value.
    pub fn similarity_at_least(&self, a: &str, threshold: f64) -> Option<f64> {
        let (len, mask) = a
            .chars()
            .fold((0, 0), |(n, m), c| (n + 1, m | 1 << class_of(c)));
        if ruled_out(len, mask, self.chars.len(), &self.classes, threshold) {
            return None;
        }
        let mut buf = ['\0'; STACK];
        let a_vec: Vec<char>;
        let a: &[char] = match fill(a, &mut buf) {
            Some(n) => &buf[..n],
            None => {
                a_vec = a.chars().collect();
                &a_vec
            }
        };
        distance_at_least(a, &self.chars, threshold)
    }
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

/// Key words as [`find_phrase`] reads them: each with the classes of its characters
/// and how many there are, and all of them joined by single spaces as characters
/// (every run of words is a slice of those), made once however many phrases are
/// looked for.
pub struct Words<'a> {
    words: &'a [String],
    counted: Vec<(u64, usize)>,
    joined: Vec<char>,
    /// Where each word starts in `joined`.
    starts: Vec<usize>,
}

impl<'a> Words<'a> {
    /// Counts `words` (from [`key_words`]).
    pub fn new(words: &'a [String]) -> Words<'a> {
        let counted = words
            .iter()
            .map(|w| (class_mask(w), w.chars().count()))
            .collect();
        let (mut joined, mut starts) = (Vec::new(), Vec::with_capacity(words.len()));
        for w in words {
            if !starts.is_empty() {
                joined.push(' ');
            }
            starts.push(joined.len());
            joined.extend(w.chars());
        }
        Words {
            words,
            counted,
            joined,
            starts,
        }
    }
}

/// Best match of a folded phrase (a [`Key`] of words joined by single spaces)
/// against any run of words of the same length.
pub fn find_phrase(words: &Words, phrase: &Key, threshold: f64) -> Option<PhraseMatch> {
    let Words {
        words,
        counted,
        joined,
        starts,
    } = words;
    let n = phrase.words;
    if words.len() < n {
        return None;
    }
    // The phrase as it stands: no edit distance needed.
    if let Some(start) = words.windows(n).position(|w| joins_to(w, &phrase.text)) {
        return Some(PhraseMatch {
            start,
            len: n,
            score: 1.0,
        });
    }
    let mut best: Option<PhraseMatch> = None;
    let space = 1 << class_of(' ');
    for start in 0..=words.len() - n {
        // Only a score above the best so far can change the answer.
        let at_least = best.as_ref().map_or(threshold, |b| b.score.max(threshold));
        // The run's classes and length, from its words': the bounds of
        // `similarity_at_least` without joining them.
        let window = &counted[start..start + n];
        let mask = window
            .iter()
            .fold(if n > 1 { space } else { 0 }, |m, w| m | w.0);
        let run = &joined[starts[start]..starts[start + n - 1] + window[n - 1].1];
        if ruled_out(
            run.len(),
            mask,
            phrase.chars.len(),
            &phrase.classes,
            at_least,
        ) {
            continue;
        }
        let Some(score) = distance_at_least(run, &phrase.chars, at_least) else {
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

/// Classes of characters that the cheap substitutions of [`CHEAP`] connect ("p",
/// "d" and "b" are one), as bits: ASCII letters and digits by their class, a space
/// its own, every other character one more.
static CLASS_OF: [u8; 128] = {
    // Each character's class is the smallest character its cheap pairs reach.
    let mut rep = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        rep[i] = i as u8;
        i += 1;
    }
    let mut changed = true;
    while changed {
        changed = false;
        let mut k = 0;
        while k < CHEAP.len() {
            let (x, y) = (CHEAP[k].0 as usize, CHEAP[k].1 as usize);
            let low = if rep[x] < rep[y] { rep[x] } else { rep[y] };
            if rep[x] != low || rep[y] != low {
                rep[x] = low;
                rep[y] = low;
                changed = true;
            }
            k += 1;
        }
    }
    // Dense bit numbers: letters, digits and the space by class, the rest OTHER.
    let mut bit = [OTHER; 128];
    let mut next = 0u8;
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() || b == b' ' {
            let r = rep[c] as usize;
            if bit[r] == OTHER {
                bit[r] = next;
                next += 1;
            }
            bit[c] = bit[r];
        }
        c += 1;
    }
    assert!(next < OTHER);
    bit
};

/// The class of every character beyond those of [`CLASS_OF`].
const OTHER: u8 = 63;

fn class_of(c: char) -> u8 {
    CLASS_OF.get(c as usize).copied().unwrap_or(OTHER)
}

/// The classes present in a key, as bits of [`CLASS_OF`].
fn class_mask(key: &str) -> u64 {
    key.chars().fold(0, |m, c| m | 1 << class_of(c))
}

/// A phrase's characters counted by class, to bound its distance to a run of words.
struct PhraseClasses {
    mask: u64,
    counts: [u16; 64],
}

impl PhraseClasses {
    fn of_chars(phrase: impl IntoIterator<Item = impl std::borrow::Borrow<char>>) -> PhraseClasses {
        let (mut mask, mut counts) = (0u64, [0u16; 64]);
        for c in phrase {
            let k = class_of(*c.borrow());
            mask |= 1 << k;
            counts[usize::from(k)] = counts[usize::from(k)].saturating_add(1);
        }
        PhraseClasses { mask, counts }
    }

    /// A lower bound of the weighted edit distance between the phrase and a run of
    /// words whose classes are `run`: every character of a class the run lacks, and
    /// one of each class the phrase lacks, must change; a cheap substitution stays
    /// within its class, and any other edit costs one whole and settles two such
    /// characters at most.
    fn distance_bound(&self, run: u64) -> f64 {
        let mut missing = self.mask & !run;
        let mut changed = (run & !self.mask).count_ones();
        while missing != 0 {
            changed += u32::from(self.counts[missing.trailing_zeros() as usize]);
            missing &= missing - 1;
        }
        f64::from(changed) / 2.0
    }
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
    fn the_band_gives_the_full_table_s_scores() {
        // The weighted edit distance over the whole table, no early exit.
        fn full(a: &str, b: &str) -> f64 {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut d = vec![vec![0u32; b.len() + 1]; a.len() + 1];
            for (i, row) in d.iter_mut().enumerate() {
                row[0] = i as u32 * WHOLE;
            }
            for (j, cell) in d[0].iter_mut().enumerate() {
                *cell = j as u32 * WHOLE;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    d[i][j] = (d[i - 1][j - 1] + sub_cost(a[i - 1], b[j - 1]))
                        .min(d[i - 1][j] + WHOLE)
                        .min(d[i][j - 1] + WHOLE);
                }
            }
            let longest = a.len().max(b.len());
            if longest == 0 {
                return 1.0;
            }
            1.0 - f64::from(d[a.len()][b.len()]) / f64::from(WHOLE) / longest as f64
        }
        let alphabet: Vec<char> = "abcdehilnopqtuy0146đ ".chars().collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        let mut keys: Vec<String> = vec![String::new(), "x".repeat(60), "xy".repeat(30)];
        for _ in 0..400 {
            let n = next(24);
            keys.push((0..n).map(|_| alphabet[next(alphabet.len())]).collect());
        }
        // Near misses: a key with a few edits.
        for k in 3..60 {
            let mut c: Vec<char> = keys[k].chars().collect();
            for _ in 0..=next(4) {
                match next(3) {
                    0 if !c.is_empty() => {
                        c.remove(next(c.len()));
                    }
                    1 => c.insert(next(c.len() + 1), alphabet[next(alphabet.len())]),
                    _ if !c.is_empty() => {
                        let at = next(c.len());
                        c[at] = alphabet[next(alphabet.len())];
                    }
                    _ => {}
                }
            }
            keys.push(c.into_iter().collect());
        }
        for (x, a) in keys.iter().enumerate() {
            for b in keys.iter().skip(x % 7).step_by(7) {
                let want = full(a, b);
                for t in [
                    f64::NEG_INFINITY,
                    0.0,
                    0.3,
                    0.5,
                    0.7,
                    0.75,
                    0.8,
                    0.85,
                    0.9,
                    1.0,
                ] {
                    assert_eq!(
                        similarity_at_least(a, b, t),
                        (want >= t).then_some(want),
                        "{a:?} {b:?} {t}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_key_compares_as_the_plain_function() {
        let mut keys: Vec<String> = [
            "",
            "muc dich",
            "muc pich",
            "tren day",
            "tren đay",
            "trcn dav",
            "noi nhan",
            "n0i nhan",
            "- noi du",
            "1. tang c",
            "tm. uy b",
            "kt. chu ",
            "a",
            "đặc biệt",
        ]
        .iter()
        .map(|k| k.to_string())
        .chain(["x".repeat(70), "xy".repeat(40)])
        .collect();
        for plan in crate::extract::folded::testing::corpus_texts() {
            let norm = crate::normalize::normalize(&plan, true);
            for p in norm.text.as_str().lines() {
                keys.push(fold(&p.chars().take(8).collect::<String>()));
            }
        }
        for b in ["tren day", "noi nhan", "", "a", "to chuc thuc hien"] {
            let key = Key::new(b);
            for a in &keys {
                for t in [0.0, 0.5, 0.75, 0.8, 1.0] {
                    assert_eq!(
                        key.similarity_at_least(a, t),
                        similarity_at_least(a, b, t),
                        "{a:?} {b:?} {t}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_class_bound_never_drops_a_match() {
        // Every window scored in full, the best (first on ties) kept.
        fn brute(words: &[String], phrase: &str, threshold: f64) -> Option<PhraseMatch> {
            let n = phrase.split(' ').count();
            let mut best: Option<PhraseMatch> = None;
            for start in 0..=words.len().saturating_sub(n) {
                if words.len() < n {
                    break;
                }
                let score = similarity(&words[start..start + n].join(" "), phrase);
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
        let alphabet: Vec<char> = "abcdehilnopqtuy0146đ".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        for _ in 0..3000 {
            let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
                (0..1 + next(5))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect()
            };
            let words: Vec<String> = (0..next(7)).map(|_| word(&mut next)).collect();
            let phrase = (0..1 + next(3))
                .map(|_| word(&mut next))
                .collect::<Vec<_>>()
                .join(" ");
            for t in [0.5, 0.7, 0.8] {
                assert_eq!(
                    find_phrase(&Words::new(&words), &Key::new(&phrase), t),
                    brute(&words, &phrase, t),
                    "{words:?} {phrase:?} {t}"
                );
            }
        }
        // Words from a heading, too.
        let words = key_words("NỘI DUNG TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THU'ONG");
        for phrase in [
            "khen thuong",
            "tieu chi",
            "noi dung",
            "muc dich",
            "to chuc thuc hien",
        ] {
            assert_eq!(
                find_phrase(&Words::new(&words), &Key::new(phrase), 0.8),
                brute(&words, phrase, 0.8)
            );
        }
    }

    #[test]
    fn heading_words_are_folded_keys() {
        assert_eq!(
            key_words("VI. KINH PHiI THU'C HIEN"),
            vec!["vi", "kinh", "phii", "thuc", "hien"]
        );
        let words = key_words("TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG");
        let m = find_phrase(&Words::new(&words), &Key::new("khen thuong"), 0.8).unwrap();
        assert_eq!((m.start, m.len), (7, 2));
    }
}
