//! The case of a repaired word whose first letter OCR turned into another letter
//! ("bao tao" for "Đào tạo"). OCR without Vietnamese support reads Đ as P, B and b
//! alike, so the case it wrote is no evidence; the document's own writing of the
//! same word after the same three words (as written, case and all) decides: "Bộ
//! Giáo dục và Đào tạo" elsewhere makes the repaired "Bộ Giáo dục và đào tạo" "…
//! và Đào tạo", while "giáo dục và đào tạo" stays as it is.
//!
//! Where the document never writes those three words before the word, the word's
//! own writing elsewhere decides: capitalized at least twice inside a sentence after
//! three lowercase words (so neither at a sentence's or clause's start nor inside a
//! name such as "Bộ Giáo dục và Đào tạo") and never in lowercase, as a proper noun is ("của Đảng" twice makes
//! a repaired "TT đảng ủy" "TT Đảng ủy").
//!
//! Before that, a word that opens a body's name with the next word, as the names
//! of the plans' abbreviation table write them ("Đảng ủy"), takes the name's
//! capital, as the rules of administrative style capitalize the names of bodies.
//!
//! Takes the text given to the repairer and its repairs (sorted, not overlapping);
//! changes only the case of such a repair's first letter, never a range.

use std::borrow::Cow;

use super::repair::TokenRepair;
use crate::fasthash::FastMap;
use crate::syllable::{fold_char, is_letter};

/// Words before a word that make its context.
const CONTEXT: usize = 3;

/// A word of the repaired text: as written, lowercase, whether it starts with a
/// capital, and the repair that wrote it.
struct Word<'a> {
    written: &'a str,
    /// Borrowed when the word is lowercase already.
    lower: Cow<'a, str>,
    capital: bool,
    /// The first word of the text or after sentence or clause punctuation.
    after_break: bool,
    fix: Option<usize>,
}

/// Gives repairs that changed their first letter the case the document gives the
/// same word after the same [`CONTEXT`] words, when every other such occurrence is
/// capitalized.
pub fn from_document(text: &str, fixes: &mut [TokenRepair]) {
    let recase: Vec<bool> = fixes
        .iter()
        .map(|f| first_letter_changed(text, f))
        .collect();
    if !recase.contains(&true) {
        return;
    }
    let words = words_after_repair(text, fixes);
    // (previous words as written, word) → (capitalized, lowercase), over the words
    // no repair changed the first letter of. Keys borrow the words; the maps are
    // only looked up, never iterated, so their hasher decides no output.
    fn key<'w>(run: &'w [Word<'_>]) -> ([&'w str; CONTEXT], &'w str) {
        (std::array::from_fn(|k| run[k].written), &run[CONTEXT].lower)
    }
    let mut seen: FastMap<([&str; CONTEXT], &str), (usize, usize)> =
        FastMap::with_capacity_and_hasher(words.len(), Default::default());
    // Word → (capitalized after lowercase words, lowercase anywhere).
    let mut anywhere: FastMap<&str, (usize, usize)> =
        FastMap::with_capacity_and_hasher(words.len(), Default::default());
    for run in words.windows(CONTEXT + 1) {
        let word = &run[CONTEXT];
        if word.fix.is_some_and(|i| recase[i]) {
            continue;
        }
        let counts = seen.entry(key(run)).or_default();
        let own = anywhere.entry(&word.lower).or_default();
        if word.capital {
            counts.0 += 1;
            own.0 += usize::from(!word.after_break && run[..CONTEXT].iter().all(|w| !w.capital));
        } else {
            counts.1 += 1;
            own.1 += 1;
        }
    }
    let mut capitalize = Vec::new();
    for (j, run) in words.windows(CONTEXT + 1).enumerate() {
        let word = &run[CONTEXT];
        let Some(i) = word.fix.filter(|&i| recase[i] && !word.capital) else {
            continue;
        };
        let next = words.get(j + CONTEXT + 1).map_or("", |w| &*w.lower);
        let proper = match seen.get(&key(run)) {
            Some(&(up, low)) => up > 0 && low == 0,
            None => {
                crate::abbrev::opens_a_name(&word.lower, next)
                    || anywhere
                        .get(&*word.lower)
                        .is_some_and(|&(up, low)| up >= 2 && low == 0)
            }
        };
        if proper {
            capitalize.push(i);
        }
    }
    for i in capitalize {
        let rep = &mut fixes[i].replacement;
        let Some(first) = rep.chars().next() else {
            continue;
        };
        let upper: String = first.to_uppercase().collect();
        if upper.len() == first.len_utf8() {
            rep.replace_range(..first.len_utf8(), &upper);
        }
    }
}

/// True when the repair begins with another letter than the word as written (not
/// just another mark), and the word as written began in lowercase.
fn first_letter_changed(text: &str, f: &TokenRepair) -> bool {
    let written = text.get(f.range.clone()).and_then(|w| w.chars().next());
    let repaired = f.replacement.chars().next();
    match (written, repaired) {
        (Some(w), Some(r)) => w.is_lowercase() && r.is_lowercase() && fold_char(w) != fold_char(r),
        _ => false,
    }
}

/// `str::to_lowercase` of a word, borrowed when no character of it changes (most
/// words: only the first letter of a few is a capital).
fn lowercase(w: &str) -> Cow<'_, str> {
    let stays = |c: char| {
        if c.is_ascii() {
            return !c.is_ascii_uppercase();
        }
        let mut l = c.to_lowercase();
        l.next() == Some(c) && l.next().is_none()
    };
    if w.chars().all(stays) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// The words of the text as the repairs will leave it, in order.
fn words_after_repair<'a>(text: &'a str, fixes: &'a [TokenRepair]) -> Vec<Word<'a>> {
    const BREAKS: [char; 6] = ['.', ':', ';', '!', '?', '\n'];
    let mut words = Vec::new();
    // Whether punctuation that opens a sentence or clause came since the last word.
    let mut after_break = true;
    let mut push = |s: &'a str, fix: Option<usize>, words: &mut Vec<Word<'a>>| {
        let mut last = 0;
        for w in s.split(|c: char| !is_letter(c)).filter(|w| !w.is_empty()) {
            let at = w.as_ptr() as usize - s.as_ptr() as usize;
            after_break |= s[last..at].contains(BREAKS);
            words.push(Word {
                written: w,
                lower: lowercase(w),
                capital: w.chars().next().is_some_and(char::is_uppercase),
                after_break,
                fix,
            });
            after_break = false;
            last = at + w.len();
        }
        after_break |= s[last..].contains(BREAKS);
    };
    let mut at = 0;
    for (i, f) in fixes.iter().enumerate() {
        let r = f.range.clone();
        if r.start < at || text.get(r.clone()).is_none() {
            continue;
        }
        push(&text[at..r.start], None, &mut words);
        push(&f.replacement, Some(i), &mut words);
        at = r.end;
    }
    push(&text[at..], None, &mut words);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str, written: &str, nth: usize, to: &str) -> TokenRepair {
        let at = text.match_indices(written).nth(nth).unwrap().0;
        TokenRepair {
            range: at..at + written.len(),
            replacement: to.to_string(),
            confidence: 0.9,
        }
    }

    #[test]
    fn a_changed_first_letter_takes_the_documents_case() {
        let text = "Sở Giáo dục và Đào tạo chủ trì; Phòng Giáo dục và bao tạo phối hợp.";
        let mut fixes = vec![fix(text, "bao", 0, "đào")];
        from_document(text, &mut fixes);
        assert_eq!(fixes[0].replacement, "Đào");
    }

    #[test]
    fn lowercase_elsewhere_or_marks_only_stay() {
        // The document writes the same words before it both ways: no verdict.
        let text = "Bộ Giáo dục và Đào tạo; Ngành Giáo dục và đào tạo nghề; Giáo dục và bao tạo.";
        let mut fixes = vec![fix(text, "bao", 0, "đào")];
        from_document(text, &mut fixes);
        assert_eq!(fixes[0].replacement, "đào");
        // Only the marks changed ("dao" → "đào" keeps its letter d): the case as
        // written stands.
        let text = "Sở Giáo dục và Đào tạo; Phòng Giáo dục và dao tạo.";
        let mut fixes = vec![fix(text, "dao", 0, "đào")];
        from_document(text, &mut fixes);
        assert_eq!(fixes[0].replacement, "đào");
        // The common noun after lowercase words stays lowercase.
        let text = "Sở Giáo dục và Đào tạo; đổi mới giáo dục và bao tạo.";
        let mut fixes = vec![fix(text, "bao", 0, "đào")];
        from_document(text, &mut fixes);
        assert_eq!(fixes[0].replacement, "đào");
    }

    #[test]
    fn a_proper_noun_elsewhere_decides_where_the_words_before_are_new() {
        // "Đảng" is capitalized twice after lowercase words, never lowercase.
        let text = "Quán triệt chủ trương của Đảng về học tập; \
                    thực hiện nghị quyết của Đảng và Nhà nước.\n- TT bảng bộ xã (b/c);";
        let mut fixes = vec![fix(text, "bảng", 0, "đảng")];
        from_document(text, &mut fixes);
        assert_eq!(fixes[0].replacement, "Đảng");
        // Once only, or only at sentence starts and inside names: no verdict.
        for text in [
            "Quán triệt chủ trương của Đảng về học tập.\n- TT bảng bộ xã (b/c);",
            "Đảng ủy xã chỉ đạo. Đảng ủy xã kiểm tra; Đảng ủy xã tổng kết.\n- TT bảng bộ (b/c);",
            "Ban Tuyên giáo Đảng ủy; Ban Dân vận Đảng ủy.\n- TT bảng bộ xã (b/c);",
        ] {
            let mut fixes = vec![fix(text, "bảng", 0, "đảng")];
            from_document(text, &mut fixes);
            assert_eq!(fixes[0].replacement, "đảng", "{text}");
        }
        // Written in lowercase anywhere: a common word.
        let text = "Thực hiện của Đảng; theo của Đảng; mở đảng phái.\n- TT bảng bộ (b/c);";
        let mut fixes = vec![fix(text, "bảng", 0, "đảng")];
        from_document(text, &mut fixes);
        assert_eq!(fixes[0].replacement, "đảng");
    }

    #[test]
    fn a_body_s_name_takes_its_capital() {
        // The document writes "đảng" in lowercase elsewhere ("tổ chức đảng"), but
        // "Đảng ủy" is the name of a body.
        let text = "Cấp ủy, tổ chức đảng các cấp.\n- TT bảng ủy xã (b/c);\n- bảng viên;";
        let mut fixes = vec![fix(text, "bảng", 0, "đảng"), fix(text, "bảng", 1, "đảng")];
        from_document(text, &mut fixes);
        assert_eq!(fixes[0].replacement, "Đảng");
        assert_eq!(fixes[1].replacement, "đảng");
    }

    #[test]
    fn two_repairs_in_a_row_read_each_other() {
        // "va" is repaired too: the pair is read as the repairs leave it.
        let text = "Bộ Giáo dục và Đào tạo ban hành; Bộ Giáo dục va bao tạo hướng dẫn.";
        let mut fixes = vec![fix(text, "va", 0, "và"), fix(text, "bao", 0, "đào")];
        from_document(text, &mut fixes);
        assert_eq!(fixes[1].replacement, "Đào");
    }

    #[test]
    fn lowercase_is_str_to_lowercase() {
        for w in [
            "",
            "đào",
            "Đào",
            "ĐÀO",
            "tạo",
            "UBND",
            "ΟΔΟΣ",
            "Σ",
            "İstanbul",
            "ǅ",
            "ß",
            "ẞ",
            "x\u{300}",
            "Ⅻ",
            "ﬁ",
        ] {
            assert_eq!(lowercase(w), w.to_lowercase(), "{w:?}");
        }
        for c in (0..=0x2FFFF).filter_map(char::from_u32) {
            let w = format!("a{c}{c}");
            assert_eq!(lowercase(&w), w.to_lowercase(), "{c:?}");
        }
        assert!(matches!(lowercase("giáo dục"), Cow::Borrowed(_)));
    }
}
