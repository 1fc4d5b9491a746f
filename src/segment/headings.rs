//! Section headings: which kinds of part a heading names (`MỤC ĐÍCH, YÊU CẦU` is
//! `purpose`; `NỘI DUNG, GIẢI PHÁP` is `content` and `solutions`), matched fuzzily
//! on accent-folded words so OCR damage (`MUC PiCH`, `TIEN PQ`, `KINH PHiI`) still
//! lands right, and the heading as it should read, restored from the genre's heading
//! vocabulary when the source lost its marks.
//!
//! Takes heading text, gives kinds and a repaired heading. Offsets are not involved.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::fuzzy::{find_phrase, key_words, similarity_at_least, Key, Words};
use crate::syllable::has_diacritic;

/// What a top-level section of a plan is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// MỤC ĐÍCH, YÊU CẦU.
    Purpose,
    /// MỤC TIÊU.
    Objectives,
    /// NỘI DUNG, NHIỆM VỤ.
    Content,
    /// TIÊU CHÍ.
    Criteria,
    /// KHEN THƯỞNG.
    Awards,
    /// GIẢI PHÁP.
    Solutions,
    /// TIẾN ĐỘ, LỘ TRÌNH, THỜI GIAN.
    Schedule,
    /// KINH PHÍ.
    Funding,
    /// TỔ CHỨC THỰC HIỆN.
    Organization,
    /// CHẾ ĐỘ BÁO CÁO.
    Reporting,
    /// Anything else.
    Other,
}

/// Folded key phrases naming each kind.
const KIND_PHRASES: &[(&str, SectionKind)] = &[
    ("muc dich", SectionKind::Purpose),
    ("yeu cau", SectionKind::Purpose),
    ("muc tieu", SectionKind::Objectives),
    ("noi dung", SectionKind::Content),
    ("nhiem vu", SectionKind::Content),
    ("tieu chi", SectionKind::Criteria),
    ("khen thuong", SectionKind::Awards),
    ("giai phap", SectionKind::Solutions),
    ("tien do", SectionKind::Schedule),
    ("lo trinh", SectionKind::Schedule),
    ("thoi gian", SectionKind::Schedule),
    ("kinh phi", SectionKind::Funding),
    ("to chuc thuc hien", SectionKind::Organization),
    ("che do bao cao", SectionKind::Reporting),
];

/// [`KIND_PHRASES`] as keys, made once.
static KIND_KEYS: LazyLock<Vec<(Key, SectionKind)>> = LazyLock::new(|| {
    KIND_PHRASES
        .iter()
        .map(|&(phrase, kind)| (Key::new(phrase), kind))
        .collect()
});

/// Threshold for a heading run to count as a key phrase.
const PHRASE_THRESHOLD: f64 = 0.8;

/// The kinds a heading names, in order of appearance; `[Other]` when none.
pub fn kinds(heading: &str) -> Vec<SectionKind> {
    let keys = key_words(heading);
    // Counted once for all the phrases.
    let words = Words::new(&keys);
    let mut found: Vec<(usize, SectionKind)> = Vec::new();
    for (phrase, kind) in KIND_KEYS.iter() {
        let kind = *kind;
        if let Some(m) = find_phrase(&words, phrase, PHRASE_THRESHOLD) {
            // "Tổ chức thực hiện" names the part; "nội dung" inside it does not.
            if !found.iter().any(|&(_, k)| k == kind) {
                found.push((m.start, kind));
            }
        }
    }
    // "Báo cáo" alone, or the organization phrase, win over words they contain.
    if found.iter().any(|&(_, k)| k == SectionKind::Reporting) && found.len() > 1 {
        found.retain(|&(_, k)| k == SectionKind::Reporting);
    }
    found.sort();
    let kinds: Vec<SectionKind> = found.into_iter().map(|(_, k)| k).collect();
    if kinds.is_empty() {
        vec![SectionKind::Other]
    } else {
        kinds
    }
}

/// Phrases that make up section headings of this genre, as they are written.
/// Longer phrases are tried first, so "THỰC HIỆN" and "HÌNH THỨC" resolve the
/// ambiguous folded "thuc" by their neighbour.
const VOCABULARY: &[&str] = &[
    "TỔ CHỨC THỰC HIỆN",
    "CHẾ ĐỘ BÁO CÁO",
    "MỤC ĐÍCH",
    "YÊU CẦU",
    "MỤC TIÊU",
    "NỘI DUNG",
    "NHIỆM VỤ",
    "PHONG TRÀO",
    "THI ĐUA",
    "TIÊU CHÍ",
    "HÌNH THỨC",
    "KHEN THƯỞNG",
    "GIẢI PHÁP",
    "THỰC HIỆN",
    "TIẾN ĐỘ",
    "LỘ TRÌNH",
    "THỜI GIAN",
    "KINH PHÍ",
    "CHỦ YẾU",
    "TRỌNG TÂM",
    "PHÂN CÔNG",
    "TRÁCH NHIỆM",
    "NGUỒN LỰC",
    "TIÊU CHUẨN",
    "VÀ",
];

/// [`VOCABULARY`] with the key words of each phrase.
static VOCABULARY_KEYS: LazyLock<Vec<(Vec<String>, &str)>> =
    LazyLock::new(|| VOCABULARY.iter().map(|p| (key_words(p), *p)).collect());

/// The heading as it should read. A heading with marks whose every word is a
/// vocabulary word is returned as written; one that lost its marks, or whose marks
/// came from repairing damaged words ("TIỀN PQ"), is rebuilt from the vocabulary
/// where every word matches, and otherwise kept as written (never half-guessed).
pub fn repaired(heading: &str) -> String {
    let heading = heading.trim();
    let words = key_words(heading);
    let vocab = &*VOCABULARY_KEYS;
    let known = |w: &String| vocab.iter().any(|(keys, _)| keys.contains(w));
    if heading.chars().any(has_diacritic)
        && (words.iter().all(known) || !words.iter().any(|w| !known(w) && vocab_close(w, vocab)))
    {
        return heading.to_string();
    }
    let mut out: Vec<(&str, usize)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut best: Option<(f64, usize, &str)> = None;
        for (keys, written) in vocab {
            let n = keys.len();
            if i + n > words.len() {
                continue;
            }
            let Some(score) = similarity_at_least(
                &words[i..i + n].join(" "),
                &keys.join(" "),
                PHRASE_THRESHOLD,
            ) else {
                continue;
            };
            let per_word_ok = words[i..i + n]
                .iter()
                .zip(keys)
                .all(|(w, k)| similarity_at_least(w, k, 0.5).is_some());
            if per_word_ok && best.is_none_or(|(s, bn, _)| n > bn || (n == bn && score > s)) {
                best = Some((score, n, written));
            }
        }
        let Some((_, n, written)) = best else {
            // A word outside the vocabulary: keep the heading as written.
            return heading.to_string();
        };
        out.push((written, n));
        i += n;
    }
    // Keep the list punctuation of the source: "MỤC ĐÍCH, YÊU CẦU".
    let comma_after = heading.find(',').map(|at| key_words(&heading[..at]).len());
    let mut text = String::new();
    let mut count = 0;
    for (written, n) in out {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(written);
        count += n;
        if Some(count) == comma_after {
            text.push(',');
        }
    }
    text
}

/// True when a word that is no vocabulary word is close to one: a damaged
/// vocabulary word.
fn vocab_close(w: &str, vocab: &[(Vec<String>, &str)]) -> bool {
    vocab
        .iter()
        .flat_map(|(keys, _)| keys)
        .any(|k| similarity_at_least(w, k, 0.5).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use SectionKind::*;

    #[test]
    fn kinds_of_clean_headings() {
        assert_eq!(kinds("MỤC ĐÍCH, YÊU CẦU"), vec![Purpose]);
        assert_eq!(kinds("NỘI DUNG, GIẢI PHÁP"), vec![Content, Solutions]);
        assert_eq!(
            kinds("TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG"),
            vec![Criteria, Awards]
        );
        assert_eq!(kinds("NỘI DUNG PHONG TRÀO THI ĐUA"), vec![Content]);
        assert_eq!(kinds("TỔ CHỨC THỰC HIỆN"), vec![Organization]);
        assert_eq!(kinds("LỘ TRÌNH THỰC HIỆN"), vec![Schedule]);
        assert_eq!(kinds("MỤC TIÊU CỤ THỂ"), vec![Objectives]);
        assert_eq!(kinds("CHẾ ĐỘ BÁO CÁO"), vec![Reporting]);
        assert_eq!(kinds("ĐIỀU KHOẢN THI HÀNH"), vec![Other]);
    }

    #[test]
    fn kinds_of_ocr_headings() {
        assert_eq!(kinds("MUC PiCH, YEU CAU"), vec![Purpose]);
        assert_eq!(kinds("TIEN PQ THUC HIEN"), vec![Schedule]);
        assert_eq!(kinds("KINH PHiI THU'C HIEN"), vec![Funding]);
        assert_eq!(kinds("TO CHUC THUC HIEN"), vec![Organization]);
        assert_eq!(
            kinds("TIEU CHI THI PUA VA HINH THU'C KHEN THUONG"),
            vec![Criteria, Awards]
        );
    }

    #[test]
    fn headings_are_repaired_from_the_vocabulary() {
        assert_eq!(repaired("MUC PiCH, YEU CAU"), "MỤC ĐÍCH, YÊU CẦU");
        assert_eq!(repaired("TIEN PQ THUC HIEN"), "TIẾN ĐỘ THỰC HIỆN");
        assert_eq!(repaired("KINH PHiI THU'C HIEN"), "KINH PHÍ THỰC HIỆN");
        assert_eq!(
            repaired("NOI DUNG PHONG TRAO THI BUA"),
            "NỘI DUNG PHONG TRÀO THI ĐUA"
        );
        assert_eq!(
            repaired("TIEU CHI THI PUA VA HINH THU'C KHEN THUONG"),
            "TIÊU CHÍ THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG"
        );
        assert_eq!(repaired("TỔ CHỨC THỰC HIỆN"), "TỔ CHỨC THỰC HIỆN");
        assert_eq!(repaired("TIỀN PQ THỰC HIỆN"), "TIẾN ĐỘ THỰC HIỆN");
        assert_eq!(repaired("KÍNH PHiI THỰC HIỆN"), "KINH PHÍ THỰC HIỆN");
        assert_eq!(repaired("GIẢI PHÁP CHỦ YẾU"), "GIẢI PHÁP CHỦ YẾU");
        assert_eq!(repaired("ĐIỀU KHOẢN THI HÀNH"), "ĐIỀU KHOẢN THI HÀNH");
        // A word outside the vocabulary: kept as written, not half-guessed.
        assert_eq!(repaired("DIEU KHOAN THI HANH"), "DIEU KHOAN THI HANH");
    }
}
