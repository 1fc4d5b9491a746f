//! VNI-Windows: the 8-bit font encoding of the VNI fonts (`VNI-Times`, `VNI-Helve`,
//! ...) by VNI Software, common in southern Vietnam.
//!
//! # The encoding
//!
//! Bytes 0x00–0x7F are ASCII. A Vietnamese vowel is written as its ASCII base
//! letter followed by one byte from the upper half that carries the modifier
//! and/or the tone: "á" is `a` 0xF9, "ấ" is `a` 0xE1, "ặ" is `a` 0xEB, "Á" is
//! `A` 0xD9. The mark bytes come in a lowercase set (0xE0–0xFC) and an
//! uppercase set 0x20 lower (0xC0–0xDC), placed where Windows-1252 has the
//! lowercase/uppercase Latin letters so that Word's change-case keeps them
//! right. Some letters are single bytes: đ Đ (0xF1 0xD1), ơ Ơ (0xF4 0xD4), ư
//! Ư (0xF6 0xD6), the toned i (í ì ỉ ĩ ị = 0xED 0xEC 0xE6 0xF3 0xF2, capitals
//! 0x20 lower) and ỵ Ỵ (0xEE 0xCE). ơ and ư take a tone byte after them like an
//! ASCII base ("ướ" is 0xF6 0xF4 0xF9).
//!
//! [`decode`] reads a base letter and then the mark bytes after it. It accepts
//! what VNI text is seen to contain beyond the canonical spelling: a mark of
//! the other case ("a" 0xD9 is "á"), a bare modifier followed by a tone byte
//! ("a" 0xE2 0xF9 is "ấ"), a tone byte after i or y, the alternate hook-above
//! marks 0x8C/0x9C and the alternate ỵ/Ỵ at 0xFF/0x9F. A mark byte with no base
//! letter it can go on is unmapped.
//!
//! Other bytes: 0x80–0x9F are the Windows-1252 symbols (“ ” ‘ ’ – — … ™ ...)
//! as UniKey reads them, except where VNI's own character chart shows another
//! glyph (0x82 Æ, 0x84 æ, 0x9F Ỵ, 0x8C/0x9C hook marks, 0x8A/0x9A diaeresis
//! marks, which are unmapped); 0xA0–0xBF and the Latin-1 letters left between
//! the marks (Ç × Þ ß ç ÷ þ, and Ï Î ï î at 0xD0 0xDD 0xF0 0xFD) follow that
//! chart, which is Latin-1 there except for a few accent and box glyphs
//! (unmapped) and Œ at 0xAC.
//!
//! # Output form
//!
//! Every base + mark sequence is composed to its precomposed letter, so the
//! text is NFC (the tests check each composition against Unicode
//! normalization). Unmapped bytes decode to U+FFFD and are counted in
//! [`Decoded::unmapped`].
//!
//! # Encoding (for test fixtures)
//!
//! [`encode`] writes the canonical VNI spelling: ASCII base + one mark byte of
//! the letter's case, single bytes for đ ơ ư, the toned i and ỵ. Every
//! Vietnamese letter, both cases, is representable, and so are the typographic
//! quotes “ ” ‘ ’ and the dashes – — (Windows-1252 bytes). `None` only for
//! characters with no VNI byte at all, such as "₫" or CJK.
//!
//! # Sources
//!
//! Each letter and mark was checked against all three of:
//! 1. UniKey / VnConv, `data.cpp` (Pham Kim Long, 1998–2002), the VNI-WIN row of
//!    `DoubleByteTables` (base byte + mark byte per letter), as shipped in
//!    fcitx5-unikey; also its handling of 0x80–0x9F as Windows symbols.
//! 2. xvnkb `vni.h` (Dao Hai Lam, VISC, 2002): the VNI spelling of every letter.
//! 3. The Python codec `vni.py` by Jean Christophe André (2008–2009, in
//!    B2Uconverter), transcribed from VNI Software's chart `vnichar.htm`: the
//!    same marks per base, the alternate forms (0x8C 0x9C 0x9F 0xFF), and the
//!    glyphs of the non-letter positions.
//!
//! The test `table_matches_xvnkb_listing` re-derives every letter from a
//! second listing written in xvnkb's order.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use crate::fasthash::FastMap;
use crate::syllable::is_letter;

use super::tcvn3::{is_vietnamese_letter, plausible_syllable, vowel_position, VOWELS};

/// Result of [`decode`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    /// The decoded text, in NFC.
    pub text: String,
    /// How many bytes had no mapping (each decoded to U+FFFD).
    pub unmapped: usize,
}

/// Which modifier a mark byte carries besides the tone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    Plain,
    Circumflex,
    Breve,
}

/// What one upper-half byte is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    /// A character on its own (symbol or non-Vietnamese letter).
    Char(char),
    /// A Vietnamese letter in one byte (đ ơ ư, toned i, ỵ, and capitals).
    Letter(char),
    /// A mark that goes after its base letter: modifier and tone index (as in
    /// `VOWELS`: 0 none, 1 acute, 2 grave, 3 hook above, 4 tilde, 5 dot below).
    Mark(Modifier, u8),
    /// No mapping.
    Unmapped,
}

const X: Entry = Entry::Unmapped;
const fn c(ch: char) -> Entry {
    Entry::Char(ch)
}
const fn l(ch: char) -> Entry {
    Entry::Letter(ch)
}
const fn tone(t: u8) -> Entry {
    Entry::Mark(Modifier::Plain, t)
}
const fn circ(t: u8) -> Entry {
    Entry::Mark(Modifier::Circumflex, t)
}
const fn breve(t: u8) -> Entry {
    Entry::Mark(Modifier::Breve, t)
}
const NO: u8 = 0;
const ACU: u8 = 1;
const GRA: u8 = 2;
const HOO: u8 = 3;
const TIL: u8 = 4;
const DOT: u8 = 5;

/// Bytes 0x80..=0xFF: `HIGH[b - 0x80]`.
#[rustfmt::skip]
static HIGH: [Entry; 128] = [
    // 0x80–0x87 (Windows-1252; 0x82 Æ and 0x84 æ per VNI's chart)
    c('\u{20AC}'), X, c('Æ'), c('\u{0192}'), c('æ'), c('\u{2026}'), c('\u{2020}'), c('\u{2021}'),
    // 0x88–0x8F (0x8A diaeresis mark: unmapped; 0x8C hook above for capitals)
    c('\u{02C6}'), c('\u{2030}'), X, c('\u{2039}'), tone(HOO), X, c('\u{017D}'), X,
    // 0x90–0x97
    X, c('\u{2018}'), c('\u{2019}'), c('\u{201C}'), c('\u{201D}'), c('\u{2022}'), c('\u{2013}'), c('\u{2014}'),
    // 0x98–0x9F (0x9A diaeresis mark: unmapped; 0x9C hook above; 0x9F Ỵ)
    c('\u{02DC}'), c('\u{2122}'), X, c('\u{203A}'), tone(HOO), X, c('\u{017E}'), l('Ỵ'),
    // 0xA0–0xA7
    c('\u{00A0}'), c('¡'), c('¢'), c('£'), c('¤'), c('¥'), c('¦'), c('§'),
    // 0xA8–0xAF (0xA8 ring mark, 0xAA square: unmapped; 0xAC Œ)
    X, c('©'), X, c('«'), c('Œ'), c('\u{00AD}'), c('®'), c('¯'),
    // 0xB0–0xB7 (0xB0 circle, 0xB4 caron mark, 0xB7 ring mark: unmapped)
    X, c('±'), c('²'), c('³'), X, c('µ'), c('¶'), X,
    // 0xB8–0xBF (0xB8 caron mark, 0xBA square: unmapped)
    X, c('¹'), X, c('»'), c('¼'), c('½'), c('¾'), c('¿'),
    // 0xC0–0xC7: capital marks ^` ^' ^ ^~ ^. ^?, Ỉ, Ç
    circ(GRA), circ(ACU), circ(NO), circ(TIL), circ(DOT), circ(HOO), l('Ỉ'), c('Ç'),
    // 0xC8–0xCF: capital marks (` (' ( (., Ì Í Ỵ, capital dot below
    breve(GRA), breve(ACU), breve(NO), breve(DOT), l('Ì'), l('Í'), l('Ỵ'), tone(DOT),
    // 0xD0–0xD7: Ï Đ Ị Ĩ Ơ, capital tilde, Ư, ×
    c('Ï'), l('Đ'), l('Ị'), l('Ĩ'), l('Ơ'), tone(TIL), l('Ư'), c('×'),
    // 0xD8–0xDF: capital grave, acute, (?, hook, (~, Î Þ ß
    tone(GRA), tone(ACU), breve(HOO), tone(HOO), breve(TIL), c('Î'), c('Þ'), c('ß'),
    // 0xE0–0xE7: lowercase marks ^` ^' ^ ^~ ^. ^?, ỉ, ç
    circ(GRA), circ(ACU), circ(NO), circ(TIL), circ(DOT), circ(HOO), l('ỉ'), c('ç'),
    // 0xE8–0xEF: lowercase marks (` (' ( (., ì í ỵ, dot below
    breve(GRA), breve(ACU), breve(NO), breve(DOT), l('ì'), l('í'), l('ỵ'), tone(DOT),
    // 0xF0–0xF7: ï đ ị ĩ ơ, tilde, ư, ÷
    c('ï'), l('đ'), l('ị'), l('ĩ'), l('ơ'), tone(TIL), l('ư'), c('÷'),
    // 0xF8–0xFF: grave, acute, (?, hook, (~, î þ, ỵ
    tone(GRA), tone(ACU), breve(HOO), tone(HOO), breve(TIL), c('î'), c('þ'), l('ỵ'),
];

fn entry(b: u8) -> Entry {
    if b < 0x80 {
        Entry::Char(char::from(b))
    } else {
        HIGH[usize::from(b - 0x80)]
    }
}

/// Single-character lowercase (the character itself otherwise).
fn lower(ch: char) -> char {
    let mut it = ch.to_lowercase();
    match (it.next(), it.next()) {
        (Some(x), None) => x,
        _ => ch,
    }
}

/// Single-character uppercase (the character itself otherwise).
fn upper(ch: char) -> char {
    let mut it = ch.to_uppercase();
    match (it.next(), it.next()) {
        (Some(x), None) => x,
        _ => ch,
    }
}

/// The letter `base` + the marks at the start of `rest`: the composed letter and
/// how many mark bytes it used, or None when no mark applies.
fn compose(base: char, rest: &[u8]) -> Option<(char, usize)> {
    let low = lower(base);
    let plain_row = match low {
        'a' => 0,
        'e' => 3,
        'i' => 5,
        'o' => 6,
        'ơ' => 8,
        'u' => 9,
        'ư' => 10,
        'y' => 11,
        _ => return None,
    };
    let Entry::Mark(modifier, t) = entry(*rest.first()?) else {
        return None;
    };
    let row = match (modifier, low) {
        (Modifier::Plain, _) => plain_row,
        (Modifier::Circumflex, 'a') => 2,
        (Modifier::Circumflex, 'e') => 4,
        (Modifier::Circumflex, 'o') => 7,
        (Modifier::Breve, 'a') => 1,
        _ => return None,
    };
    let (t, used) = match (modifier, t, rest.get(1).map(|&b| entry(b))) {
        // A bare modifier followed by a separate tone byte.
        (Modifier::Circumflex | Modifier::Breve, NO, Some(Entry::Mark(Modifier::Plain, t2))) => {
            (t2, 2)
        }
        _ => (t, 1),
    };
    let letter = VOWELS[row][usize::from(t)];
    Some((if base == low { letter } else { upper(letter) }, used))
}

/// Decodes one character at `bytes[i]`: (character, bytes used, unmapped?).
fn next_char(bytes: &[u8], i: usize) -> (char, usize, bool) {
    let b = bytes[i];
    let base = match entry(b) {
        Entry::Char(ch) if b < 0x80 => ch,
        Entry::Letter(ch) => ch,
        Entry::Char(ch) => return (ch, 1, false),
        Entry::Mark(..) | Entry::Unmapped => return ('\u{FFFD}', 1, true),
    };
    match compose(base, &bytes[i + 1..]) {
        Some((ch, used)) => (ch, 1 + used, false),
        None => (base, 1, false),
    }
}

/// Decodes bytes in this encoding to NFC Unicode text. Never panics. Bytes that have no
/// mapping are counted, not dropped: they decode to U+FFFD.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut unmapped = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (ch, used, bad) = next_char(bytes, i);
        text.push(ch);
        unmapped += usize::from(bad);
        i += used;
    }
    Decoded { text, unmapped }
}

/// Characters written as one upper-half byte of their own (symbols, Latin-1 letters).
fn symbol_bytes() -> &'static HashMap<char, u8> {
    static MAP: OnceLock<HashMap<char, u8>> = OnceLock::new();
    MAP.get_or_init(|| {
        (0x80u8..=0xFF)
            .filter_map(|b| match entry(b) {
                Entry::Char(ch) => Some((ch, b)),
                _ => None,
            })
            .collect()
    })
}

/// Lowercase mark byte for (modifier, tone); capitals use the byte 0x20 lower.
fn mark_byte(modifier: Modifier, t: usize) -> Option<u8> {
    match modifier {
        Modifier::Plain => [
            None,
            Some(0xF9),
            Some(0xF8),
            Some(0xFB),
            Some(0xF5),
            Some(0xEF),
        ][t],
        Modifier::Circumflex => Some([0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4][t]),
        Modifier::Breve => Some([0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB][t]),
    }
}

fn encode_char(ch: char, out: &mut Vec<u8>) -> Option<()> {
    if ch.is_ascii() {
        out.push(ch as u8);
        return Some(());
    }
    let low = lower(ch);
    let case = |b: u8| if low == ch { b } else { b - 0x20 };
    if low == 'đ' {
        out.push(case(0xF1));
        return Some(());
    }
    let Some((row, t)) = vowel_position(low) else {
        out.push(*symbol_bytes().get(&ch)?);
        return Some(());
    };
    let t = usize::from(t);
    let (base, modifier) = match row {
        // i: every form is one byte.
        5 => {
            out.push(case([b'i', 0xED, 0xEC, 0xE6, 0xF3, 0xF2][t]));
            return Some(());
        }
        11 if t == usize::from(DOT) => {
            out.push(case(0xEE));
            return Some(());
        }
        0 => (b'a', Modifier::Plain),
        1 => (b'a', Modifier::Breve),
        2 => (b'a', Modifier::Circumflex),
        3 => (b'e', Modifier::Plain),
        4 => (b'e', Modifier::Circumflex),
        6 => (b'o', Modifier::Plain),
        7 => (b'o', Modifier::Circumflex),
        8 => (0xF4, Modifier::Plain),
        9 => (b'u', Modifier::Plain),
        10 => (0xF6, Modifier::Plain),
        _ => (b'y', Modifier::Plain),
    };
    out.push(case(base));
    if let Some(m) = mark_byte(modifier, t) {
        out.push(case(m));
    }
    Some(())
}

/// Encodes NFC Unicode text; None when a character has no representation (used by the
/// test-fixture generator, not by users).
///
/// Input that is not NFC is normalized first.
pub fn encode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for ch in text.nfc() {
        encode_char(ch, &mut out)?;
    }
    Some(out)
}

/// Whether an upper-half byte can be part of a word (letter, mark, unmapped, or a
/// Latin-1 letter); the rest are symbols and separate words.
fn is_word_byte(b: u8) -> bool {
    match entry(b) {
        Entry::Char(ch) => is_letter(ch),
        _ => true,
    }
}

/// How strongly these bytes look like this encoding, in 0.0..=1.0: the share of the
/// non-ASCII bytes (or byte pairs for VNI) that form valid Vietnamese letters in this
/// encoding and sit inside words (adjacent to ASCII letters), with evidence weighed so
/// that UTF-8 text, Windows-1258 text and random bytes score low. Used by the detector.
///
/// The bytes are cut into words (runs of ASCII letters and upper-half letter, mark or
/// unmapped bytes). The non-ASCII bytes of a word count as evidence for VNI when the
/// word decodes with no unmapped byte, only to Vietnamese letters, and to a plausible
/// Vietnamese syllable (or a short consonant abbreviation with "đ" such as "QĐ"). Symbol
/// bytes are neutral unless they touch another non-ASCII byte, as UTF-8 continuation
/// bytes do. The score is `good / (total + 2)`: the share of good bytes, shrunk towards
/// 0 when there are only a few non-ASCII bytes.
pub fn likelihood(bytes: &[u8]) -> f32 {
    let mut good = 0usize;
    let mut total = 0usize;
    // Whether a word's bytes read as a syllable, by its bytes: a plan writes the
    // same few hundred syllables over and over, and the test is slow.
    let mut syllables: FastMap<&[u8], bool> = FastMap::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b >= 0x80 && !is_word_byte(b) {
            let prev_high = i > 0 && bytes[i - 1] >= 0x80;
            let next_high = bytes.get(i + 1).is_some_and(|&n| n >= 0x80);
            if prev_high || next_high {
                total += 1;
            }
            i += 1;
            continue;
        }
        if !(b.is_ascii_alphabetic() || b >= 0x80) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_alphabetic() || (bytes[i] >= 0x80 && is_word_byte(bytes[i])))
        {
            i += 1;
        }
        let run = &bytes[start..i];
        let high = run.iter().filter(|&&x| x >= 0x80).count();
        if high == 0 {
            continue;
        }
        total += high;
        let syllable = *syllables.entry(run).or_insert_with(|| {
            let word = decode(run);
            word.unmapped == 0
                && word.text.chars().all(is_vietnamese_letter)
                && plausible_syllable(&word.text)
        });
        if syllable {
            good += high;
        }
    }
    if total == 0 {
        return 0.0;
    }
    (good as f32 / (total as f32 + 2.0)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "Kế hoạch triển khai Phong trào thi đua xây dựng xã hội học tập";

    const PARAGRAPH: &str = "Căn cứ Quyết định số 1315/QĐ-TTg ngày 09 tháng 11 năm 2023 của \
        Thủ tướng Chính phủ về việc ban hành Kế hoạch triển khai Phong trào “Cả nước thi đua \
        xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023-2030”, Ủy ban nhân \
        dân tỉnh ban hành Kế hoạch triển khai thực hiện trên địa bàn tỉnh như sau: nâng cao \
        nhận thức của các cấp ủy đảng, chính quyền, đoàn thể và người dân về vai trò, ý nghĩa \
        của việc học tập suốt đời; khuyến khích mọi người dân tích cực tham gia học tập, \
        tự học, học thường xuyên để nâng cao trình độ, kỹ năng, góp phần phát triển kinh tế, \
        xã hội của địa phương.";

    /// All 134 non-ASCII letters of Vietnamese (both cases).
    fn vietnamese_letters() -> Vec<char> {
        let mut out = Vec::new();
        for row in VOWELS {
            for (t, ch) in row.into_iter().enumerate() {
                if !ch.is_ascii() || t != 0 {
                    out.push(ch);
                    out.push(upper(ch));
                }
            }
        }
        out.push('đ');
        out.push('Đ');
        out
    }

    fn pseudo_random(n: usize, mut seed: u64) -> Vec<u8> {
        (0..n)
            .map(|_| {
                seed ^= seed >> 12;
                seed ^= seed << 25;
                seed ^= seed >> 27;
                (seed.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
            })
            .collect()
    }

    fn detone(ch: char) -> String {
        let decomposed: Vec<char> = ch.nfd().collect();
        let tones = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
        let base: String = decomposed.iter().filter(|d| !tones.contains(d)).collect();
        let mut out: String = base.nfc().collect();
        out.extend(decomposed.iter().filter(|d| tones.contains(d)));
        out
    }

    fn windows_1258_mixed(text: &str) -> Vec<u8> {
        let mut prepared = String::new();
        for ch in text.chars() {
            let mut buf = [0u8; 4];
            let (_, _, unmappable) = encoding_rs::WINDOWS_1258.encode(ch.encode_utf8(&mut buf));
            if unmappable {
                prepared.push_str(&detone(ch));
            } else {
                prepared.push(ch);
            }
        }
        encoding_rs::WINDOWS_1258.encode(&prepared).0.into_owned()
    }

    fn windows_1258_detoned(text: &str) -> Vec<u8> {
        let prepared: String = text.chars().map(detone).collect();
        encoding_rs::WINDOWS_1258.encode(&prepared).0.into_owned()
    }

    #[test]
    fn table_matches_xvnkb_listing() {
        // Second listing, in xvnkb's order (per vowel: no tone, acute, grave, hook,
        // tilde, dot), lowercase spellings; capitals are the same with base and mark
        // bytes 0x20 lower.
        let listing: [(usize, [&[u8]; 6]); 12] = [
            (0, [b"a", b"a\xF9", b"a\xF8", b"a\xFB", b"a\xF5", b"a\xEF"]),
            (
                2,
                [b"a\xE2", b"a\xE1", b"a\xE0", b"a\xE5", b"a\xE3", b"a\xE4"],
            ),
            (
                1,
                [b"a\xEA", b"a\xE9", b"a\xE8", b"a\xFA", b"a\xFC", b"a\xEB"],
            ),
            (3, [b"e", b"e\xF9", b"e\xF8", b"e\xFB", b"e\xF5", b"e\xEF"]),
            (
                4,
                [b"e\xE2", b"e\xE1", b"e\xE0", b"e\xE5", b"e\xE3", b"e\xE4"],
            ),
            (6, [b"o", b"o\xF9", b"o\xF8", b"o\xFB", b"o\xF5", b"o\xEF"]),
            (
                7,
                [b"o\xE2", b"o\xE1", b"o\xE0", b"o\xE5", b"o\xE3", b"o\xE4"],
            ),
            (
                8,
                [
                    b"\xF4",
                    b"\xF4\xF9",
                    b"\xF4\xF8",
                    b"\xF4\xFB",
                    b"\xF4\xF5",
                    b"\xF4\xEF",
                ],
            ),
            (9, [b"u", b"u\xF9", b"u\xF8", b"u\xFB", b"u\xF5", b"u\xEF"]),
            (
                10,
                [
                    b"\xF6",
                    b"\xF6\xF9",
                    b"\xF6\xF8",
                    b"\xF6\xFB",
                    b"\xF6\xF5",
                    b"\xF6\xEF",
                ],
            ),
            (5, [b"i", b"\xED", b"\xEC", b"\xE6", b"\xF3", b"\xF2"]),
            (11, [b"y", b"y\xF9", b"y\xF8", b"y\xFB", b"y\xF5", b"\xEE"]),
        ];
        let mut rows_seen = vec![];
        for (row, spellings) in listing {
            rows_seen.push(row);
            for (t, lower_bytes) in spellings.iter().enumerate() {
                let expected = VOWELS[row][t];
                let d = decode(lower_bytes);
                assert_eq!(
                    (d.text.as_str(), d.unmapped),
                    (expected.to_string().as_str(), 0)
                );
                assert_eq!(encode(&expected.to_string()).unwrap(), lower_bytes.to_vec());
                let capital: Vec<u8> = lower_bytes.iter().map(|&b| b - 0x20).collect();
                let expected = upper(expected).to_string();
                assert_eq!(decode(&capital).text, expected);
                assert_eq!(encode(&expected).unwrap(), capital);
            }
        }
        rows_seen.sort_unstable();
        assert_eq!(rows_seen, (0..12).collect::<Vec<_>>());
        assert_eq!(decode(b"\xF1\xD1").text, "đĐ");
        assert_eq!(encode("đĐ").unwrap(), b"\xF1\xD1".to_vec());
    }

    #[test]
    fn compositions_agree_with_unicode_normalization() {
        // Base + combining modifier + combining tone, composed by NFC, must give the
        // letter that the mark bytes compose to.
        let modifiers = [(0xE2u8, '\u{0302}'), (0xEA, '\u{0306}')];
        let tones = [
            (0xF9u8, '\u{0301}'),
            (0xF8, '\u{0300}'),
            (0xFB, '\u{0309}'),
            (0xF5, '\u{0303}'),
            (0xEF, '\u{0323}'),
        ];
        for base in ['a', 'e', 'o', 'u', 'y', 'i'] {
            for &(tb, tc) in &tones {
                let want: String = format!("{base}{tc}").nfc().collect();
                assert_eq!(decode(&[base as u8, tb]).text, want);
            }
            for &(mb, mc) in &modifiers {
                for &(tb, tc) in &tones {
                    let want: String = format!("{base}{mc}{tc}").nfc().collect();
                    let got = decode(&[base as u8, mb, tb]);
                    if want.chars().count() == 1
                        && is_vietnamese_letter(want.chars().next().unwrap())
                    {
                        assert_eq!(got.text, want, "{base} {mb:#X} {tb:#X}");
                    } else {
                        // No such Vietnamese letter: the marks stay unmapped.
                        assert!(got.unmapped > 0, "{base} {mb:#X} {tb:#X} -> {}", got.text);
                    }
                }
            }
        }
    }

    #[test]
    fn round_trip_every_vietnamese_letter() {
        let letters = vietnamese_letters();
        assert_eq!(letters.len(), 134);
        for ch in letters {
            let s = ch.to_string();
            let bytes = encode(&s).unwrap_or_else(|| panic!("{ch} not encodable"));
            assert!(bytes.len() <= 2);
            let back = decode(&bytes);
            assert_eq!((back.text.as_str(), back.unmapped), (s.as_str(), 0), "{ch}");
        }
        let all: String = vietnamese_letters().into_iter().collect();
        assert_eq!(decode(&encode(&all).unwrap()).text, all);
    }

    #[test]
    fn decodes_hand_written_sentence() {
        let bytes = b"Ke\xE1 hoa\xEFch trie\xE5n khai Phong tra\xF8o thi \xF1ua xa\xE2y d\xF6\xEFng xa\xF5 ho\xE4i ho\xEFc ta\xE4p";
        let d = decode(bytes);
        assert_eq!(d.text, SENTENCE);
        assert_eq!(d.unmapped, 0);
        assert_eq!(encode(SENTENCE).unwrap(), bytes.to_vec());

        let heading = b"U\xDBY BAN NHA\xC2N DA\xC2N T\xC6NH";
        assert_eq!(decode(heading).text, "ỦY BAN NHÂN DÂN TỈNH");
        assert_eq!(encode("ỦY BAN NHÂN DÂN TỈNH").unwrap(), heading.to_vec());

        // "trường" and "Độc lập - Tự do - Hạnh phúc".
        assert_eq!(decode(b"tr\xF6\xF4\xF8ng").text, "trường");
        assert_eq!(
            decode(b"\xD1o\xE4c la\xE4p - T\xF6\xEF do - Ha\xEFnh phu\xF9c").text,
            "Độc lập - Tự do - Hạnh phúc"
        );
    }

    #[test]
    fn lenient_forms() {
        // Mark of the other case.
        assert_eq!(decode(b"a\xD9").text, "á");
        assert_eq!(decode(b"A\xF9").text, "Á");
        // Bare modifier then a tone byte.
        assert_eq!(decode(b"a\xE2\xF9").text, "ấ");
        assert_eq!(decode(b"A\xCA\xD8").text, "Ằ");
        // Tone byte after i / y instead of the single-byte letter.
        assert_eq!(decode(b"i\xF9").text, "í");
        assert_eq!(decode(b"y\xEF").text, "ỵ");
        // Alternate hook marks and alternate ỵ/Ỵ.
        assert_eq!(decode(b"a\x9C A\x8C").text, "ả Ả");
        assert_eq!(decode(b"\xFF\x9F").text, "ỵỴ");
        // Marks with nothing to go on.
        let d = decode(b"\xF9 b\xF9 u\xE2");
        assert_eq!(d.text, "\u{FFFD} b\u{FFFD} u\u{FFFD}");
        assert_eq!(d.unmapped, 3);
    }

    #[test]
    fn typographic_quotes_are_representable() {
        assert_eq!(
            encode("“Cả nước”").unwrap(),
            b"\x93Ca\xFB n\xF6\xF4\xF9c\x94".to_vec()
        );
        assert_eq!(decode(b"\x93Ca\xFB n\xF6\xF4\xF9c\x94").text, "“Cả nước”");
        assert_eq!(
            encode("a – b — c ‘d’").unwrap(),
            b"a \x96 b \x97 c \x91d\x92".to_vec()
        );
        assert_eq!(encode("₫"), None);
        assert_eq!(encode("日"), None);
        assert_eq!(encode("©").unwrap(), vec![0xA9]);
        assert_eq!(encode("a\u{0323}").unwrap(), b"a\xEF".to_vec());
    }

    #[test]
    fn c1_range_follows_windows_1252_where_vni_agrees() {
        let vni_specific = [0x82u8, 0x84, 0x8A, 0x8C, 0x9A, 0x9C, 0x9F];
        for b in 0x80u8..=0x9F {
            if vni_specific.contains(&b) || matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
                continue;
            }
            let one = [b];
            let (theirs, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&one);
            assert_eq!(decode(&[b]).text, theirs, "byte {b:#04X}");
        }
        for b in [0x81u8, 0x8D, 0x8F, 0x90, 0x9D, 0x8A, 0x9A] {
            assert_eq!(decode(&[b]).unmapped, 1, "byte {b:#04X}");
        }
    }

    #[test]
    fn no_panic_on_any_byte_or_truncation() {
        for b in 0u8..=255 {
            let d = decode(&[b]);
            assert_eq!(d.text.chars().count(), 1);
            for base in [b'a', b'A', b'e', b'o', b'u', b'y', b'i', b'z', 0xF4, 0xF6] {
                let d = decode(&[base, b]);
                assert!(d.text.chars().count() >= 1);
                let _ = decode(&[base, 0xE2, b]);
                let _ = likelihood(&[base, b]);
            }
        }
        let bytes = encode(PARAGRAPH).unwrap();
        for cut in 0..bytes.len() {
            let _ = decode(&bytes[..cut]);
            let _ = likelihood(&bytes[..cut]);
            let _ = decode(&bytes[cut..]);
        }
        assert_eq!(likelihood(b""), 0.0);
        assert_eq!(likelihood(b"plain ascii only"), 0.0);
    }

    #[test]
    fn decode_output_is_nfc() {
        let mut bytes = Vec::new();
        for b in 0u8..=255 {
            for base in [b'a', b'E', b'o', 0xF4, b' '] {
                bytes.extend([base, b]);
            }
        }
        let text = decode(&bytes).text;
        assert_eq!(text, text.nfc().collect::<String>());
    }

    #[test]
    fn likelihood_high_for_vni() {
        let score = likelihood(&encode(PARAGRAPH).unwrap());
        assert!(score > 0.8, "vni paragraph scored {score}");
        let score = likelihood(&encode(SENTENCE).unwrap());
        assert!(score > 0.8, "vni sentence scored {score}");
    }

    #[test]
    fn likelihood_low_for_other_encodings() {
        let utf8 = likelihood(PARAGRAPH.as_bytes());
        assert!(utf8 < 0.2, "utf-8 scored {utf8}");
        let mixed = likelihood(&windows_1258_mixed(PARAGRAPH));
        assert!(
            mixed < 0.2,
            "windows-1258 (precomposed where possible) scored {mixed}"
        );
        let detoned = likelihood(&windows_1258_detoned(PARAGRAPH));
        assert!(
            detoned < 0.2,
            "windows-1258 (tones decomposed) scored {detoned}"
        );
        let plain = likelihood(&encoding_rs::WINDOWS_1258.encode(PARAGRAPH).0);
        assert!(
            plain < 0.2,
            "windows-1258 (encoding_rs on NFC) scored {plain}"
        );
        for seed in 1..=5u64 {
            let random = likelihood(&pseudo_random(4096, seed));
            assert!(random < 0.2, "random bytes (seed {seed}) scored {random}");
        }
    }

    #[test]
    fn tcvn3_and_vni_tell_each_other_apart() {
        use super::super::tcvn3;
        let as_tcvn3 = tcvn3::encode(PARAGRAPH).unwrap();
        let as_vni = encode(PARAGRAPH).unwrap();
        let vni_on_tcvn3 = likelihood(&as_tcvn3);
        let tcvn3_on_vni = tcvn3::likelihood(&as_vni);
        assert!(
            vni_on_tcvn3 < 0.2,
            "TCVN3 bytes scored {vni_on_tcvn3} as VNI"
        );
        assert!(
            tcvn3_on_vni < 0.2,
            "VNI bytes scored {tcvn3_on_vni} as TCVN3"
        );
    }
}
