//! Comparison keys of plan text: accent-folded words, sentences, word-level
//! similarity and the key terms (numbers, quoted titles, level words) that tell a
//! changed criterion from a copied one.
//!
//! Takes text as the plan objects give it (repaired, canonical), gives keys that
//! never reach the output. Lossy by design: "Đảng ủy" and "dang uy" are one word.

use std::sync::LazyLock;

use regex::Regex;

use crate::plan::{ItemOut, Plan};
use crate::syllable::fold_char;

/// The accent-folded, lowercase words of a text: letters and digits only.
pub fn folded_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let f = fold_char(c);
        if f.is_alphanumeric() {
            cur.push(f);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A folded key: the words of [`folded_words`] joined by single spaces.
pub fn key(text: &str) -> String {
    folded_words(text).join(" ")
}

/// A stable 64-bit hash (FNV-1a): the same on every run and platform.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A text as a sequence of hashed folded words, with the sorted bag of them for a
/// cheap upper bound on similarity.
#[derive(Clone, Debug)]
pub struct Words {
    seq: Vec<u64>,
    bag: Vec<u64>,
}

impl Words {
    /// The words of `text`.
    pub fn new(text: &str) -> Words {
        Words::from_folded(&folded_words(text))
    }

    /// Words already folded.
    pub fn from_folded(words: &[String]) -> Words {
        let seq: Vec<u64> = words.iter().map(|w| hash(w.as_bytes())).collect();
        let mut bag = seq.clone();
        bag.sort_unstable();
        Words { seq, bag }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.seq.len()
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.seq.is_empty()
    }
}

/// Word-level similarity: 1 − word edit distance (strsim) / the longer length.
/// Two empty texts are identical.
pub fn similarity(a: &Words, b: &Words) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let d = strsim::generic_levenshtein(&a.seq, &b.seq);
    1.0 - d as f64 / longest as f64
}

/// [`similarity`] when it can reach `min`, else `None` without computing it: the
/// distance is at least the longer length minus the words the two have in common.
pub fn similarity_at_least(a: &Words, b: &Words, min: f64) -> Option<f64> {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return Some(1.0);
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.bag.len() && j < b.bag.len() {
        match a.bag[i].cmp(&b.bag[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    if (common as f64 / longest as f64) < min {
        return None;
    }
    Some(similarity(a, b)).filter(|&s| s >= min)
}

/// One-to-one alignment: candidate `(score, i, j)` triples taken best first (ties
/// by `i`, then `j`), each `i` and `j` used once. Gives `(i, j, score)` sorted by `i`.
pub fn assign(mut candidates: Vec<(f64, usize, usize)>) -> Vec<(usize, usize, f64)> {
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut used_i = std::collections::BTreeSet::new();
    let mut used_j = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for (score, i, j) in candidates {
        if !used_i.contains(&i) && !used_j.contains(&j) {
            used_i.insert(i);
            used_j.insert(j);
            out.push((i, j, score));
        }
    }
    out.sort_by_key(|&(i, _, _)| i);
    out
}

/// Sentences shorter than this many words are not counted for reuse: headings and
/// fragments ("Giấy khen") are shared by every plan of the genre.
pub const MIN_SENTENCE_WORDS: usize = 5;

/// The sentences of a plan's sections and items, as folded word lists, in order.
/// A sentence ends at `.`, `;`, `!`, `?` or `:` followed by a space or the end.
pub fn sentences(plan: &Plan) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for s in &plan.sections {
        walk(&s.items, &mut out);
    }
    out
}

fn walk(items: &[ItemOut], out: &mut Vec<Vec<String>>) {
    for item in items {
        if let Some(h) = &item.heading {
            split_into(h, out);
        }
        split_into(&item.text, out);
        walk(&item.items, out);
    }
}

fn split_into(text: &str, out: &mut Vec<Vec<String>>) {
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let ends = matches!(c, '.' | ';' | '!' | '?' | ':' | '\n')
            && chars.get(k + 1).is_none_or(|&(_, n)| n.is_whitespace());
        if ends {
            push_sentence(&text[start..at], out);
            start = at + c.len_utf8();
        }
    }
    push_sentence(&text[start..], out);
}

fn push_sentence(s: &str, out: &mut Vec<Vec<String>>) {
    let words = folded_words(s);
    if words.len() >= MIN_SENTENCE_WORDS {
        out.push(words);
    }
}

/// Words naming a level of government or a place unit, longest first, as written.
const LEVEL_TERMS: &[&[&str]] = &[
    &["tổ", "dân", "phố"],
    &["trung", "ương"],
    &["thị", "trấn"],
    &["thị", "xã"],
    &["thành", "phố"],
    &["các", "cấp"],
    &["tỉnh"],
    &["huyện"],
    &["quận"],
    &["phường"],
    &["xã"],
    &["thôn"],
];

/// The key terms of a text, as written (lowercase) and sorted: numbers, quoted
/// titles ("“Cộng đồng học tập”") and level words ("huyện", "thị trấn"; "xã" in
/// "xã hội" is not one).
pub fn key_terms(text: &str) -> Vec<String> {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\d+(?:[.,/]\d+)*").expect("valid regex"));
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"[“"]([^”"]{2,80})[”"]"#).expect("valid regex"));
    let mut terms: Vec<String> = NUMBER
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect();
    terms.extend(
        QUOTED
            .captures_iter(text)
            .map(|c| format!("“{}”", c[1].trim())),
    );
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = 0;
    while i < words.len() {
        let hit = LEVEL_TERMS.iter().find(|t| {
            words[i..].starts_with(t) && !(**t == ["xã"] && words.get(i + 1) == Some(&"hội"))
        });
        match hit {
            Some(t) => {
                terms.push(t.join(" "));
                i += t.len();
            }
            None => i += 1,
        }
    }
    terms.sort();
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_bare() {
        assert_eq!(
            folded_words("Công chức Văn phòng Đảng ủy, Nội vụ"),
            ["cong", "chuc", "van", "phong", "dang", "uy", "noi", "vu"]
        );
    }

    #[test]
    fn word_similarity_counts_edits() {
        let a = Words::new("Có nhiều sáng kiến, giải pháp hiệu quả");
        let b = Words::new("Có nhiều sáng kiến, giải pháp, biện pháp hiệu quả");
        let s = similarity(&a, &b);
        assert!((s - 0.8).abs() < 1e-9, "{s}"); // 2 of 10 words inserted
        assert_eq!(similarity_at_least(&a, &b, 0.9), None);
        assert_eq!(similarity_at_least(&a, &b, 0.7), Some(s));
        let unrelated = Words::new("Quan tâm đầu tư các nguồn lực");
        assert_eq!(similarity_at_least(&a, &unrelated, 0.4), None);
    }

    #[test]
    fn assignment_takes_the_best_pairs_once() {
        let got = assign(vec![(0.5, 0, 0), (0.9, 0, 1), (0.8, 1, 1), (0.6, 1, 0)]);
        assert_eq!(got, [(0, 1, 0.9), (1, 0, 0.6)]);
    }

    #[test]
    fn key_terms_tell_levels_numbers_and_titles() {
        assert_eq!(
            key_terms("Được công nhận “Cộng đồng học tập” cấp huyện theo tiêu chí."),
            ["huyện", "“Cộng đồng học tập”"]
        );
        assert_eq!(
            key_terms("xây dựng xã hội học tập do thị trấn, tỉnh và huyện ban hành năm 2025"),
            ["2025", "huyện", "thị trấn", "tỉnh"]
        );
    }

    #[test]
    fn sentences_split_at_stops_not_inside_numbers() {
        let mut out = Vec::new();
        split_into(
            "Cách mạng công nghiệp 4.0 đang diễn ra rất nhanh. Ngắn quá. Mỗi người dân đều được học tập suốt đời; hết",
            &mut out,
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[0][4], "4");
        assert_eq!(out[1][0], "moi");
    }
}
