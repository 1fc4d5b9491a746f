//! The character pass: byte-order mark, CRLF, NFC, spaces and invisible characters,
//! typographic dashes and quotes, and the tone placement of official documents
//! ("hoà" → "hòa", "uỷ" → "ủy").
//!
//! Takes a [`NormText`], gives a new one; every edit keeps its source alignment.
//! Lossless in meaning: only the form of characters changes, never the words.

use std::cell::RefCell;
use std::sync::LazyLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::text::NormText;
use crate::byteword::{below, equal, first, word_of, TOP};
use crate::fasthash::FastMap;
use crate::syllable::{
    canonical_tone_placement, is_letter_or_digit, is_vowel, split_tone, with_tone, Tone,
};

/// Runs the character pass.
///
/// Reads bytes: ASCII letters, digits and punctuation other than quotes, tabs and
/// control characters stay as they are, so only the words with a non-ASCII letter
/// and the non-ASCII characters between words are looked at. Bytes that stay are
/// skipped eight at a time ([`first_looked`]).
pub fn normalize_chars(input: &NormText) -> NormText {
    let text = input.as_str();
    let bytes = text.as_bytes();
    let mut b = input.builder();
    let mut copied = 0; // start of the pending copy run
    let mut done = 0; // end of what was last looked at
    let mut i = 0;
    while let Some(at) = first_looked(bytes, i) {
        i = at;
        let x = bytes[i];
        if x == b'\n' {
            i += 1;
            continue;
        }
        let c = if x.is_ascii() {
            x as char
        } else {
            text[i..].chars().next().unwrap_or_default()
        };
        let end = i + c.len_utf8();
        // An ASCII letter or digit just before `i` opens the word.
        let letter_before = i > done && bytes[i - 1].is_ascii_alphanumeric();
        // A word: a non-ASCII letter, or a combining mark on the ASCII letters before.
        if is_word_char(c) || (is_combining(c) && letter_before) {
            // The ASCII letters before `i` are composed and toneless: only the last
            // one can stand beside a toned vowel.
            let prev = if letter_before {
                class_of(bytes[i - 1] as char)
            } else {
                0
            };
            let (end, stays) = scan_word(text, i, prev);
            if !stays {
                // The run of ASCII letters and digits that ends at `i`.
                let run = i - bytes[done..i]
                    .iter()
                    .rev()
                    .take_while(|x| x.is_ascii_alphanumeric())
                    .count();
                with_rewritten(&text[run..end], |new| {
                    if let Some(new) = new {
                        b.copy(copied..run);
                        b.replace(run..end, new);
                        copied = end;
                    }
                });
            }
            i = end;
            done = i;
            continue;
        }
        if let Some(r) = replacement(text, i, c) {
            b.copy(copied..i);
            b.replace(i..end, r);
            copied = end;
        }
        i = end;
        done = i;
    }
    b.copy(copied..text.len());
    b.finish()
}

/// The first byte from `from` on that the character pass looks at: a byte of a
/// non-ASCII character, a quote, or a control character (line breaks among them,
/// though they stay), found eight bytes at a time ([`crate::byteword`]).
fn first_looked(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    for (k, chunk) in (&mut chunks).enumerate() {
        let w = word_of(chunk);
        let looked = (w & TOP) | below(w, 0x20) | equal(w, b'"') | equal(w, 0x7F);
        if looked != 0 {
            return Some(from + 8 * k + first(looked));
        }
    }
    let tail = chunks.remainder();
    let k = tail.iter().position(|&x| is_looked(x))?;
    Some(from + rest.len() - tail.len() + k)
}

/// The bytes [`first_looked`] stops at.
fn is_looked(x: u8) -> bool {
    !x.is_ascii() || x == b'"' || x.is_ascii_control()
}

/// What a character outside words becomes (`None`: it stays); `at` is its offset
/// in `text`.
fn replacement(text: &str, at: usize, c: char) -> Option<&'static str> {
    match c {
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{2060}' => Some(""),
        '\r' => {
            if text.as_bytes().get(at + 1) == Some(&b'\n') {
                Some("")
            } else {
                Some("\n")
            }
        }
        '\t' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Some(" ")
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => Some("-"),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => Some("'"),
        '\u{201E}' | '\u{00AB}' => Some("\u{201C}"),
        '\u{00BB}' => Some("\u{201D}"),
        '"' => {
            let prev = text[..at].chars().next_back();
            let opens = prev.is_none_or(|p| p.is_whitespace() || "([{-/".contains(p));
            Some(if opens { "\u{201C}" } else { "\u{201D}" })
        }
        c if is_combining(c) => None,
        c if c.is_control() && c != '\n' => Some(" "),
        _ => None,
    }
}

/// The end of the word that runs on from byte `at` (word characters and combining
/// marks), and whether it certainly stays as written: composed already, and either
/// no toned vowel beside another vowel (only there can the tone sit on the wrong
/// one; see [`canonical_tone_placement`]) or its last vowel with a mark of its own
/// (ă â ê ô ơ ư) bearing the tone, in a word of Vietnamese letters. That vowel is
/// where [`Syllable::tone_index`](crate::syllable::Syllable::tone_index) puts the
/// tone (onsets and codas have no such vowel), so a word with one tone stays, and
/// a word with two is no syllable and stays too; letters of Vietnamese ([`VIET`])
/// keep their case when the word is rendered again ("người", "VIỆT", "Được").
/// `prev` is the class of the word's character before `at` (0 at its start); the
/// ASCII letters before `at` have no mark and are Vietnamese letters. A word that
/// may change is worked out by [`rewritten`].
fn scan_word(text: &str, mut at: usize, mut prev: u8) -> (usize, bool) {
    let bytes = text.as_bytes();
    let table = class_table();
    // The bits every character has, whether a toned vowel stands beside another,
    // and the class of the last vowel with a mark of its own.
    let (mut all, mut beside, mut last_marked) = (u8::MAX, false, 0);
    while at < bytes.len() {
        let (class, len) = if bytes[at].is_ascii() {
            (class_in(table, bytes[at] as char), 1)
        } else {
            match text[at..].chars().next() {
                Some(d) => (class_in(table, d), d.len_utf8()),
                None => break,
            }
        };
        if class & (WORD | MARK) == 0 {
            break;
        }
        all &= class;
        beside |= class & prev & VOWEL != 0 && (class | prev) & TONED != 0;
        if class & MODIFIED != 0 {
            last_marked = class;
        }
        prev = class;
        at += len;
    }
    let marked_toned = all & VIET != 0 && last_marked & TONED != 0;
    (at, all & STABLE != 0 && (!beside || marked_toned))
}

/// [`is_word_char`].
const WORD: u8 = 1;
/// [`is_combining`].
const MARK: u8 = 2;
/// Stays as it is under NFC whatever stands beside it (quick check "yes",
/// combining class 0).
const STABLE: u8 = 4;
/// Lowercase, a vowel letter with or without a tone.
const VOWEL: u8 = 8;
/// Lowercase, a letter with a tone mark.
const TONED: u8 = 16;
/// Lowercase, a vowel with a mark of its own: ă, â, ê, ô, ơ, ư, with or without a
/// tone.
const MODIFIED: u8 = 32;
/// An ASCII letter or digit, or a letter of Vietnamese (a vowel with or without
/// its marks, or đ) that is its lowercase or the one uppercase of it.
const VIET: u8 = 64;

/// Characters below this have their class in a table: every Latin letter with
/// Vietnamese marks, and the combining marks.
const CLASS_END: u32 = 0x2000;

/// The [`WORD`], [`MARK`], [`STABLE`], [`VOWEL`], [`TONED`], [`MODIFIED`], [`VIET`]
/// bits of a character;
/// above [`CLASS_END`] only [`WORD`] (a word with such a character is never taken
/// to stay without [`rewritten`]).
fn class_of(c: char) -> u8 {
    class_in(class_table(), c)
}

/// [`class_of`] with the table at hand (a scan looks it up once).
fn class_in(table: &[u8], c: char) -> u8 {
    match table.get(c as usize) {
        Some(&class) => class,
        None if is_word_char(c) => WORD,
        None => 0,
    }
}

/// [`class_by_rules`] of every character below [`CLASS_END`], computed once.
fn class_table() -> &'static [u8] {
    static CLASS: LazyLock<Vec<u8>> = LazyLock::new(|| {
        (0..CLASS_END)
            .map(|u| char::from_u32(u).map_or(0, class_by_rules))
            .collect()
    });
    &CLASS
}

/// [`class_of`] from the rules it stands for.
fn class_by_rules(c: char) -> u8 {
    let (base, tone) = split_tone(c.to_lowercase().next().unwrap_or(c));
    let stable =
        is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes && canonical_combining_class(c) == 0;
    let mut lower = c.to_lowercase();
    let viet = c.is_ascii_alphanumeric()
        || match (lower.next(), lower.next()) {
            (Some(l), None) => {
                let mut upper = l.to_uppercase();
                let case = c == l || (upper.next() == Some(c) && upper.next().is_none());
                (is_vowel(base) || base == 'đ') && with_tone(base, tone) == l && case
            }
            _ => false,
        };
    [
        (is_word_char(c), WORD),
        (is_combining(c), MARK),
        (stable, STABLE),
        (is_vowel(base), VOWEL),
        (tone != Tone::Level, TONED),
        (matches!(base, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư'), MODIFIED),
        (viet, VIET),
    ]
    .iter()
    .filter(|(yes, _)| *yes)
    .fold(0, |class, (_, bit)| class | bit)
}

/// Distinct words a thread remembers the rewriting of before it starts afresh
/// (a few megabytes at most).
const REMEMBERED_WORDS: usize = 1 << 16;

thread_local! {
    /// What each word becomes (`None`: it stays), worked out once per thread: plans
    /// repeat a few thousand words over and over, within a plan and across a batch.
    static REWRITTEN: RefCell<FastMap<Box<str>, Option<Box<str>>>> =
        RefCell::new(FastMap::default());
}

/// Calls `f` with [`rewritten`] of `word`, remembered.
fn with_rewritten(word: &str, f: impl FnOnce(Option<&str>)) {
    REWRITTEN.with_borrow_mut(|memo| {
        if let Some(new) = memo.get(word) {
            return f(new.as_deref());
        }
        if memo.len() >= REMEMBERED_WORDS {
            memo.clear();
        }
        let new = rewritten(word);
        f(new.as_deref());
        memo.insert(word.into(), new.map(String::into_boxed_str));
    });
}

/// What a word with non-ASCII letters becomes: composed (NFC), with its tone in the
/// official place; `None` when that is the word as written.
fn rewritten(word: &str) -> Option<String> {
    let composed: Option<String> = match is_nfc_quick(word.chars()) {
        IsNormalized::Yes => None,
        _ => Some(word.nfc().collect()),
    };
    let current = composed.as_deref().unwrap_or(word);
    canonical_tone_placement(current)
        .or(composed)
        .filter(|new| new != word)
}

fn is_word_char(c: char) -> bool {
    is_letter_or_digit(c)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> NormText {
        normalize_chars(&NormText::from_source(src))
    }

    #[test]
    fn the_word_scan_stops_where_the_byte_scan_would() {
        let plain = |bytes: &[u8], from: usize| (from..bytes.len()).find(|&k| is_looked(bytes[k]));
        for len in 0..=20 {
            let filler = vec![b'a'; len];
            assert_eq!(first_looked(&filler, 0), None);
            for k in 0..len {
                for x in 0..=255u8 {
                    let mut bytes = vec![b' '; len];
                    bytes[k] = x;
                    if k + 1 < len {
                        bytes[k + 1] = 0x80;
                    }
                    for from in [0, k.saturating_sub(1), k, k + 1] {
                        assert_eq!(
                            first_looked(&bytes, from),
                            plain(&bytes, from),
                            "{x:#x} at {k} of {len} from {from}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn crlf_bom_and_spaces() {
        let src = "\u{FEFF}KẾ HOẠCH\r\nSố:\u{A0}12/KH-UBND\r\n";
        let n = run(src);
        assert_eq!(n.as_str(), "KẾ HOẠCH\nSố: 12/KH-UBND\n");
        let at = n.as_str().find("12/KH").unwrap();
        assert_eq!(&src[n.source_span(at..at + 9).range()], "12/KH-UBN");
    }

    #[test]
    fn decomposed_text_is_composed_and_mapped() {
        let src = "Ha\u{300} Nam, ngày 21"; // "Hà" decomposed
        let n = run(src);
        assert_eq!(n.as_str(), "Hà Nam, ngày 21");
        assert_eq!(&src[n.source_span(0..3).range()], "Ha\u{300}");
    }

    #[test]
    fn tone_placement_and_typography() {
        let src = "CỘNG HOÀ – Uỷ ban \"Đơn vị học tập\"";
        let n = run(src);
        assert_eq!(n.as_str(), "CỘNG HÒA - Ủy ban “Đơn vị học tập”");
        let at = n.as_str().find("Ủy").unwrap();
        assert_eq!(&src[n.source_span(at..at + "Ủy".len()).range()], "Uỷ");
    }

    /// The character pass as it read before the byte scan: every character in turn,
    /// every word with a non-ASCII letter through [`rewritten`].
    fn plain(input: &NormText) -> NormText {
        let text = input.as_str();
        let mut b = input.builder();
        let mut copied = 0;
        let mut i = 0;
        while let Some(c) = text[i..].chars().next() {
            let end = i + c.len_utf8();
            if is_word_char(c) {
                let mut end = end;
                while let Some(d) = text[end..].chars().next() {
                    if !is_word_char(d) && !is_combining(d) {
                        break;
                    }
                    end += d.len_utf8();
                }
                if let Some(new) = rewritten(&text[i..end]) {
                    b.copy(copied..i);
                    b.replace(i..end, &new);
                    copied = end;
                }
                i = end;
                continue;
            }
            if let Some(r) = replacement(text, i, c) {
                b.copy(copied..i);
                b.replace(i..end, r);
                copied = end;
            }
            i = end;
        }
        b.copy(copied..text.len());
        b.finish()
    }

    /// Text and the source span of every character agree with [`plain`].
    fn assert_as_plain(src: &str) {
        let t = NormText::from_source(src);
        let (fast, slow) = (normalize_chars(&t), plain(&t));
        assert_eq!(fast.as_str(), slow.as_str(), "{src:?}");
        let text = fast.as_str();
        for (at, c) in text.char_indices() {
            let r = at..at + c.len_utf8();
            assert_eq!(fast.source_span(r.clone()), slow.source_span(r), "{src:?}");
        }
    }

    /// Pieces of text that the byte scan treats apart: ASCII words and symbols,
    /// quotes, controls, marked and decomposed letters, old tone placement, letters
    /// beyond the class table, spaces, dashes and invisible characters.
    const PIECES: &[&str] = &[
        "Phát",
        "huy",
        "hoà",
        "HOÀ",
        "Uỷ",
        "uỷ",
        "thuỷ",
        "khoẻ",
        "người",
        "của",
        "việc",
        "nhân",
        "KẾ",
        "HOẠCH",
        "t6",
        "2024",
        "ĐT-XH",
        "a",
        "Ha\u{300}",
        "e\u{301}\u{323}",
        "\u{301}",
        "o\u{302}\u{300}",
        "Ω",
        "中",
        "𝐀",
        "ǅ",
        "ﬁ",
        "ß",
        "\u{345}",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\"",
        "(",
        "-",
        "/",
        "\u{7f}",
        "\u{1}",
        "\u{85}",
        "\u{A0}",
        "\u{2003}",
        "\u{FEFF}",
        "\u{200B}",
        "\u{AD}",
        "\u{2013}",
        "\u{2212}",
        "\u{2019}",
        "\u{201E}",
        "\u{AB}",
        "\u{BB}",
        "“",
        ".",
        ",",
        "1.",
        "Ủy",
        "ÚY",
    ];

    #[test]
    fn the_byte_scan_agrees_with_the_plain_pass() {
        for src in [
            "",
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\r\nĐộc lập - Tự do - Hạnh phúc",
            "Số:\u{A0}12/KH-UBND ngày 21/3/2024 của Uỷ ban nhân dân tỉnh \"Hà Nam\"",
            "\"Đơn vị học tập\" (\"Gia đình học tập\") và “Dòng họ học tập”\t.",
            "Ha\u{300} Nam\u{301}, thu\u{309}y lơ\u{323}i, 5\u{301}, \u{301}a",
            "khoẻ, hoá, thuỷ, quý, quỳnh, gìn giữ, hoà nhập, Hoà Bình",
            "\u{FEFF}\u{200B}x\u{AD}y\u{2060}z\u{7f}\u{1}\u{85}\r",
        ] {
            assert_as_plain(src);
        }
        for (k, a) in PIECES.iter().enumerate() {
            for b in PIECES {
                assert_as_plain(&format!("{a}{b}"));
                assert_as_plain(&format!("{a}{b}{}", PIECES[(k * 7 + 3) % PIECES.len()]));
            }
        }
    }

    #[test]
    fn ascii_bytes_skipped_stay_and_words_are_letters_and_digits() {
        for x in 0..128u8 {
            let c = x as char;
            // The run before a word is its ASCII letters and digits.
            assert_eq!(is_word_char(c), x.is_ascii_alphanumeric(), "{c:?}");
            if !is_looked(x) {
                assert!(replacement("a", 0, c).is_none() && c != '"', "{c:?}");
                assert!(!is_combining(c), "{c:?}");
            }
        }
    }

    #[test]
    fn the_class_table_agrees_with_its_rules() {
        for c in (0..CLASS_END + 0x100).filter_map(char::from_u32) {
            let class = class_of(c);
            assert_eq!(class & WORD != 0, is_word_char(c), "{c:?}");
            if c as u32 >= CLASS_END {
                assert_eq!(class & !WORD, 0, "{c:?}");
                continue;
            }
            assert_eq!(class & MARK != 0, is_combining(c), "{c:?}");
            if class & STABLE != 0 {
                let s = c.to_string();
                assert_eq!(s.nfc().collect::<String>(), s, "{c:?}");
            }
        }
        // The letters of Vietnamese beyond ASCII: twelve vowels under six tones
        // less the six ASCII vowels, and đ, in both cases.
        let viet = (0x80..CLASS_END)
            .filter_map(char::from_u32)
            .filter(|&c| class_of(c) & VIET != 0)
            .count();
        assert_eq!(viet, 2 * (12 * 6 - 6 + 1));
    }

    /// A word the scan lets stay is one [`rewritten`] leaves as written.
    #[test]
    fn words_that_stay_are_not_rewritten() {
        let letters: Vec<char> = (0..CLASS_END)
            .filter_map(char::from_u32)
            .filter(|&c| is_word_char(c) || is_combining(c))
            .collect();
        for &c in &letters {
            for w in [
                format!("{c}"),
                format!("h{c}"),
                format!("{c}a"),
                format!("o{c}"),
                format!("u{c}n"),
                format!("ngư{c}i"),
                format!("v{c}ệt"),
                format!("{c}ườ"),
                format!("ng{c}ời"),
                format!("thu{c}ền"),
                format!("qu{c}ốc"),
                format!("g{c}ữ"),
                format!("{c}ỐI"),
                format!("ươ{c}"),
                format!("ư{c}"),
            ] {
                if !is_word_char(w.chars().next().unwrap_or(' ')) {
                    continue;
                }
                let (end, stays) = scan_word(&w, 0, 0);
                assert_eq!(end, w.len(), "{w:?}");
                if stays {
                    assert_eq!(rewritten(&w), None, "{w:?}");
                }
            }
        }
    }

    /// Every syllable, with its tone on each of its letters in turn, in lowercase,
    /// capitalized and in capitals: a word the scan lets stay is one [`rewritten`]
    /// leaves as written.
    #[test]
    fn syllables_that_stay_are_not_rewritten() {
        let mut seen = 0;
        for syllable in crate::syllable::inventory() {
            let letters: Vec<(char, Tone)> = syllable.chars().map(split_tone).collect();
            let Some(&(_, tone)) = letters.iter().find(|(_, t)| *t != Tone::Level) else {
                continue;
            };
            for at in 0..letters.len() {
                let word: String = letters
                    .iter()
                    .enumerate()
                    .map(|(k, &(base, _))| if k == at { with_tone(base, tone) } else { base })
                    .collect();
                let mut capitalized = word.chars();
                let capitalized: String = capitalized
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .chain(capitalized)
                    .collect();
                for w in [word.clone(), capitalized, word.to_uppercase()] {
                    let (end, stays) = scan_word(&w, 0, 0);
                    assert_eq!(end, w.len(), "{w:?}");
                    if stays {
                        assert_eq!(rewritten(&w), None, "{w:?}");
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 1000, "{seen}");
    }

    /// The corpus plans come out of the pass as they do when every word with a
    /// non-ASCII letter is worked out by [`rewritten`].
    #[test]
    fn corpus_plans_agree_with_the_plain_pass() {
        for text in crate::extract::folded::testing::corpus_texts() {
            assert_as_plain(&text);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_of_pieces_agrees_with_the_plain_pass(
            picks in proptest::collection::vec(0..PIECES.len(), 0..24)
        ) {
            let src: String = picks.iter().map(|&k| PIECES[k]).collect();
            assert_as_plain(&src);
        }
    }

    #[test]
    fn clean_text_is_untouched() {
        let src = "Phát huy sức mạnh của cả hệ thống chính trị.";
        assert_eq!(run(src).as_str(), src);
    }
}
