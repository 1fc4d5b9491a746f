//! Text quality, judged from the words themselves: clean Vietnamese, Vietnamese typed
//! or converted without diacritics, or OCR damage (words that are no Vietnamese
//! syllable, digits and symbols inside words).
//!
//! Takes normalized text, gives a [`Quality`] and the counts behind it. Reads only.

use serde::{Deserialize, Serialize};

use crate::syllable::{
    has_diacritic, is_letter, is_letter_or_digit, is_lower, is_syllable_modulo_marks,
};

/// How the text reads, as `source.quality` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    /// Vietnamese with its diacritics.
    Clean,
    /// Vietnamese written without diacritics.
    NoDiacritics,
    /// Damaged by OCR without Vietnamese support.
    OcrDamaged,
}

/// Tokens sampled to judge quality.
pub const SAMPLE_WORDS: usize = 3000;

/// Words after which a sample that reads as clearly clean stops ([`WordStats::of`]).
pub const SETTLED_WORDS: usize = 1000;

/// The counts a [`Quality`] is judged from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordStats {
    /// Lowercase-led alphabetic words considered.
    pub words: usize,
    /// Of those, words with a Vietnamese diacritic.
    pub marked: usize,
    /// Of those, words that are no Vietnamese syllable.
    pub invalid: usize,
    /// Tokens mixing letters with digits or symbols inside the word ("t6", "c@").
    pub mixed: usize,
}

impl WordStats {
    /// Counts the words of a text (the first [`SAMPLE_WORDS`] tokens: quality is a
    /// property of the whole document, and a sample judges it as well). Counting
    /// stops early once [`SETTLED_WORDS`] words read as clean Vietnamese by a wide
    /// margin ([`WordStats::clearly_clean`]): more of the sample would not change
    /// the verdict.
    pub fn of(text: &str) -> WordStats {
        let mut s = WordStats::default();
        for tok in text.split(|c: char| c.is_whitespace()).take(SAMPLE_WORDS) {
            if s.words >= SETTLED_WORDS && s.clearly_clean() {
                break;
            }
            let tok = tok.trim_matches(|c: char| !is_letter_or_digit(c));
            // One pass over the letters: how many, and whether any is marked.
            let (mut chars, mut letters, mut marked) = (0, 0, false);
            for c in tok.chars() {
                chars += 1;
                if c.is_ascii_alphabetic() {
                    letters += 1;
                } else if !c.is_ascii() && is_letter(c) {
                    letters += 1;
                    marked |= has_diacritic(c);
                }
            }
            if letters == 0 {
                continue;
            }
            if letters != chars {
                let looks_like_code = tok.contains('/') || tok.contains('-');
                if !looks_like_code && letters * 2 >= chars {
                    s.mixed += 1;
                }
                continue;
            }
            // Capitalized words are names and abbreviations as often as not.
            if !tok.chars().next().is_some_and(is_lower) {
                continue;
            }
            s.words += 1;
            if marked {
                s.marked += 1;
            }
            if !is_syllable_modulo_marks(tok) {
                s.invalid += 1;
            }
        }
        s
    }

    /// True when the counts are far inside [`Quality::Clean`]: at least twice the
    /// marked share it needs, at most a third of the broken share it allows.
    fn clearly_clean(&self) -> bool {
        let words = self.words;
        self.marked * 2 >= words && (self.invalid + self.mixed) * 50 <= words
    }

    /// The quality these counts show. Clean Vietnamese marks about three words in
    /// four and has almost no invalid words; OCR damage leaves one word in ten or
    /// more invalid; text without diacritics is valid but unmarked.
    pub fn quality(&self) -> Quality {
        if self.words < 20 {
            return Quality::Clean;
        }
        let words = self.words as f64;
        let marked = self.marked as f64 / words;
        let broken = (self.invalid + self.mixed) as f64 / words;
        if broken >= 0.06 {
            Quality::OcrDamaged
        } else if marked < 0.25 {
            Quality::NoDiacritics
        } else {
            Quality::Clean
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text() {
        let t = "Phát huy sức mạnh của cả hệ thống chính trị trong việc tuyên truyền, nâng cao nhận thức của các tầng lớp nhân dân về vai trò, ý nghĩa và sự cần thiết của khuyến học, khuyến tài, học tập suốt đời.";
        assert_eq!(WordStats::of(t).quality(), Quality::Clean);
    }

    #[test]
    fn a_clearly_clean_sample_stops_early() {
        let clean = "các tầng lớp nhân dân tích cực học tập suốt đời ".repeat(400);
        let s = WordStats::of(&clean);
        assert_eq!(s.words, SETTLED_WORDS);
        assert_eq!(s.quality(), Quality::Clean);
        // Clean but with more invalid words than a wide margin allows: read on.
        let rough = "các tầng lớp nhân dân tích cực học tập suốt đời xyzt ".repeat(400);
        let s = WordStats::of(&rough);
        assert!(s.words > SETTLED_WORDS, "{s:?}");
        assert_eq!(s.quality(), Quality::OcrDamaged);
    }

    #[test]
    fn stripped_text() {
        let t = "Phat huy suc manh cua ca he thong chinh tri trong viec tuyen truyen, nang cao nhan thuc cua cac tang lop nhan dan ve vai tro, y nghia va su can thiet cua khuyen hoc, khuyen tai, hoc tap suot doi.";
        assert_eq!(WordStats::of(t).quality(), Quality::NoDiacritics);
    }

    #[test]
    fn ocr_text() {
        let t = "Phat huy strc manh cua ca hé thong chinh trj trong viéc tuyén truyen nang cao nhan thirc cua cac tang 1op nhan dan vé vai tro, y nghia va sy can thiét caa khuyén hoc, khuyén tai, hoc tap sudt doi, t6 chirc.";
        assert_eq!(WordStats::of(t).quality(), Quality::OcrDamaged);
    }
}
