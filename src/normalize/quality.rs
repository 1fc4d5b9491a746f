//! Text quality, judged from the words themselves: clean Vietnamese, Vietnamese typed
//! or converted without diacritics, or OCR damage (words that are no Vietnamese
//! syllable, digits and symbols inside words).
//!
//! Takes normalized text, gives a [`Quality`] and the counts behind it. Reads only.

use serde::{Deserialize, Serialize};

use crate::syllable::{
    fold_char, is_letter, is_letter_or_digit, is_lower, is_syllable_the_slow_way, PackedWord,
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
        // One pass over the characters both splits the tokens and reads them
        // (a test checks it against plain passes: split, trim, count the letters,
        // then ask `is_syllable_modulo_marks`). Each token is read by a loop of its
        // own, so that its counts stay in registers until the token is counted.
        let mut s = WordStats::default();
        let (mut tokens, mut start) = (0, 0);
        loop {
            let rest = &text[start..];
            let mut tok = Token::default();
            let mut space = None;
            for (i, c) in rest.char_indices() {
                if c.is_whitespace() {
                    space = Some((i, c.len_utf8()));
                    break;
                }
                tok.push(i, c);
            }
            let Some((end, len)) = space else {
                s.count(&tok, rest);
                return s;
            };
            s.count(&tok, &rest[..end]);
            tokens += 1;
            if tokens == SAMPLE_WORDS || s.words >= SETTLED_WORDS && s.clearly_clean() {
                return s;
            }
            start += end + len;
        }
    }

    /// Counts a token read by [`Token::push`].
    fn count(&mut self, tok: &Token, text: &str) {
        if tok.letters == 0 {
            return;
        }
        if tok.letters != tok.chars {
            if !tok.looks_like_code && tok.letters * 2 >= tok.chars {
                self.mixed += 1;
            }
            return;
        }
        // Capitalized words are names and abbreviations as often as not.
        if !is_lower(tok.first) {
            return;
        }
        self.words += 1;
        if tok.marked {
            self.marked += 1;
        }
        // Every character of the trimmed token is a letter, and every one was pushed.
        let syllable = if tok.slow {
            let trimmed = text[tok.start..].trim_end_matches(|c: char| !is_letter_or_digit(c));
            is_syllable_the_slow_way(trimmed)
        } else {
            tok.packed.is_syllable()
        };
        if !syllable {
            self.invalid += 1;
        }
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

/// A whitespace-separated token as read so far, trimmed of what is no letter or
/// digit: what [`WordStats`] counts of it, in one pass over its characters.
#[derive(Default)]
struct Token {
    /// Where the trimmed token starts (its end is found only when needed).
    start: usize,
    /// Characters of the trimmed token, as of its last letter or digit so far.
    chars: usize,
    /// Characters since the first letter or digit.
    seen: usize,
    /// A '/' or '-' since the first letter or digit; and one before the last.
    slash_or_dash: bool,
    looks_like_code: bool,
    letters: usize,
    /// A letter bears a mark.
    marked: bool,
    /// The first letter or digit; `'\0'` before one.
    first: char,
    /// The letters packed; `slow` once one did not fold quickly.
    packed: PackedWord,
    slow: bool,
}

impl Token {
    /// Reads the character `c` at byte `i` of the token.
    #[inline]
    fn push(&mut self, i: usize, c: char) {
        let letter = if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else if is_letter(c) {
            // A letter that folds to another character bears a mark.
            self.marked |= fold_char(c) != c;
            true
        } else {
            false
        };
        if letter {
            self.letters += 1;
            self.slow = self.slow || !self.packed.push(c);
        }
        // Letters are letters or digits: no letter is trimmed.
        if letter || is_letter_or_digit(c) {
            if self.seen == 0 {
                (self.start, self.first) = (i, c);
            }
            self.seen += 1;
            self.chars = self.seen;
            self.looks_like_code = self.slash_or_dash;
        } else if self.seen > 0 {
            self.seen += 1;
            self.slash_or_dash |= c == '/' || c == '-';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syllable::{has_diacritic, is_syllable_modulo_marks};

    /// [`WordStats::of`] as plain passes over each token.
    fn of_plainly(text: &str) -> WordStats {
        let mut s = WordStats::default();
        for tok in text.split(|c: char| c.is_whitespace()).take(SAMPLE_WORDS) {
            if s.words >= SETTLED_WORDS && s.clearly_clean() {
                break;
            }
            let tok = tok.trim_matches(|c: char| !is_letter_or_digit(c));
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

    #[test]
    fn one_pass_counts_as_the_plain_passes() {
        let texts = [
            "Phát huy sức mạnh của cả hệ thống chính trị (Đảng, Nhà nước) trong việc tuyên truyền.",
            "Kế hoạch số 15/KH-UBND ngày 12/3/2024 của UBND huyện; t6 chirc c@ 1op sudt-doi x-y a/b",
            "\"khuyến học\" — «tài» ...việc... nghiêngg nghiênghiêng abcdefghijklmn abcdefghijklm",
            "ỳ\u{212A} ỳ\u{212A}ỳ (ỳ\u{212A}), ỳ\u{212A}.\u{201D} ｈọc ßa aß ǆa ĳo ﬁn xin\u{A0}chào\u{2003}bạn\u{3000}nhé\t\n\u{85}đi",
            "-- // - / 12 3,5% 1.000 đồng ; , . ( ) a1 1a ạ1 1ạ a-1 a1- -a1 ạ/ạ/1 a1b2c d",
            "VIỆC Việc việC hoà hòa ủy uỷ quý qúy gìn giữ giư abcdefghijklm\u{212A} abcdefghijkl\u{212A}",
        ];
        for t in texts {
            assert_eq!(WordStats::of(t), of_plainly(t), "{t:?}");
        }
        // Every pairing of characters of each class, in tokens of up to three.
        let alphabet = [
            'a', 'ạ', 'Đ', 'đ', 'Q', '1', '/', '-', '.', '(', '@', 'ß', '\u{212A}', 'ａ', '\u{301}',
        ];
        let mut text = String::new();
        for a in alphabet {
            for b in alphabet {
                for c in alphabet {
                    text.extend([a, b, c, ' ', a, b, ' ', b, c, a, c, ' ']);
                }
            }
        }
        for chunk in text
            .as_bytes()
            .chunks(3000)
            .map(|c| String::from_utf8_lossy(c))
        {
            assert_eq!(WordStats::of(&chunk), of_plainly(&chunk));
        }
        let long = "các tầng lớp nhân dân xyzt t6 Đảng 15/KH ".repeat(500);
        assert_eq!(WordStats::of(&long), of_plainly(&long));
        // Real plans, as written and from each line on (tokens cut anywhere).
        for text in crate::extract::folded::testing::corpus_texts() {
            assert_eq!(WordStats::of(&text), of_plainly(&text));
            let mut at = 0;
            for line in text.split_inclusive('\n') {
                let rest = &text[at..];
                assert_eq!(WordStats::of(rest), of_plainly(rest));
                assert_eq!(WordStats::of(line), of_plainly(line), "{line:?}");
                at += line.len();
            }
        }
        for t in [
            "",
            " ",
            "  a",
            "a  ",
            "\u{A0}",
            "x\u{3000}y\u{2029}",
            "\u{85}",
        ] {
            assert_eq!(WordStats::of(t), of_plainly(t), "{t:?}");
        }
    }

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
