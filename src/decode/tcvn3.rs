//! TCVN3: the Vietnamese national 8-bit font encoding TCVN 5712:1993 "VN3"
//! (the "ABC" encoding of the `.VnTime`, `.VnArial`, ... fonts).
//!
//! # The encoding
//!
//! TCVN3 is single-byte. Bytes 0x00–0x7F are ASCII. The upper half adds 75
//! characters: the 67 lowercase Vietnamese letters that are not ASCII (ă â ê ô
//! ơ ư đ and the 60 toned vowels), the 7 capitals without tone mark (Ă Â Ê Ô Ơ
//! Ư Đ) and the no-break space at 0xA0.
//!
//! Capitals *with* a tone mark do not exist in TCVN3. Documents get them by
//! switching to a separate all-capital font (`.VnTimeH`, `.VnArialH`, ...)
//! whose glyphs at the lowercase positions are capitals: the bytes for "KẾ
//! HOẠCH" typed in `.VnTimeH` are usually the bytes of "kế hoạch". The byte
//! value alone cannot tell which font was used, so [`decode`] yields the
//! lowercase letter for those positions, except on lines that show they are
//! capitals: every other letter a capital, and a word with the toned letter
//! between capitals ("Kế HOạCH", as converters write "KẾ HOẠCH"). A line typed
//! all in lowercase bytes in a capital font cannot be told from lowercase text and
//! stays lowercase.
//!
//! Besides the VN3 repertoire this decoder also reads:
//! - 0x80–0x9F as the Windows-1252 symbols (“ ” ‘ ’ – — … • € ™ ...), as UniKey
//!   does: TCVN3 fonts are Windows "ANSI" fonts and Word writes typographic
//!   quotes and dashes there. The five positions Windows-1252 leaves undefined
//!   (0x81 0x8D 0x8F 0x90 0x9D) are unmapped.
//! - the 21 positions of the upper half that VN3 leaves empty but its superset
//!   TCVN 5712 VN2 assigns (16 capitals with tone mark and 5 combining tone
//!   marks at 0xB0–0xB4), as VN2 defines them. The result is recomposed to NFC.
//!
//! # Output form
//!
//! [`decode`] yields NFC text (every TCVN3 letter maps to one precomposed code
//! point). Bytes with no mapping decode to U+FFFD and are counted in
//! [`Decoded::unmapped`].
//!
//! # Encoding (for test fixtures)
//!
//! [`encode`] writes VN3 only (never the VN2 extras). A capital with a tone
//! mark is written as the byte of its lowercase letter, which is what a
//! `.VnTimeH` document contains: lossy, `decode(encode("Ế"))` is "ế". UniKey's
//! converter does the same. Characters with no representation give `None`.
//!
//! # Sources
//!
//! Every entry of the table `HIGH` was checked against at least two of these
//! independent tables (the test `table_matches_unikey_listing` re-derives the
//! VN3 letters from a second listing written in UniKey's order):
//! 1. UniKey / VnConv, `data.cpp` (Pham Kim Long, 1998–2002), TCVN3 row of
//!    `SingleByteTables`, as shipped in fcitx5-unikey: the 74 VN3 letters, the
//!    mapping of capitals with tone to the lowercase byte, and the Windows
//!    symbols kept at 0x80–0x9F.
//! 2. xvnkb `tcvn.h` (Dao Hai Lam, VISC, 2002): the same 74 letter positions.
//! 3. XFree86 X-TrueType `TCVNtoUCS2.c` (T. Shiozaki and P. Saratxaga, 1998),
//!    the full TCVN 5712 (VN1) table: agrees on all 74 VN3 letters and gives
//!    the VN2 extras used here.
//! 4. Wikipedia, "VSCII": the VN3 repertoire (67 lowercase + 7 capitals + NBSP,
//!    C0 and C1 not reassigned) and the all-capital-font convention.
//!
//! The Windows-1252 part is checked in the tests against `encoding_rs`.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use super::nfc::nfc;
use crate::fasthash::FastMap;
use crate::syllable::{is_letter, is_lower, is_upper};

/// Result of [`decode`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    /// The decoded text, in NFC.
    pub text: String,
    /// How many bytes had no mapping (each decoded to U+FFFD).
    pub unmapped: usize,
}

/// Marks a byte with no mapping.
const NONE: char = '\u{FFFD}';

/// Bytes 0x80..=0xFF: `HIGH[b - 0x80]`.
#[rustfmt::skip]
static HIGH: [char; 128] = [
    // 0x80–0x8F: Windows-1252 symbols
    '\u{20AC}', NONE,       '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', NONE,       '\u{017D}', NONE,
    // 0x90–0x9F: Windows-1252 symbols
    NONE,       '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', NONE,       '\u{017E}', '\u{0178}',
    // 0xA0–0xAF: NBSP, Ă Â Ê Ô Ơ Ư Đ, ă â ê ô ơ ư đ, (VN2) Ằ
    '\u{00A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ',
    'ă',        'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ',
    // 0xB0–0xBF: (VN2) combining grave, hook, tilde, acute, dot below;
    //            à ả ã á ạ, (VN2) Ẳ, ằ ẳ ẵ ắ, (VN2) Ẵ
    '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', 'à', 'ả', 'ã',
    'á',        'ạ',        'Ẳ',        'ằ',        'ẳ',        'ẵ', 'ắ', 'Ẵ',
    // 0xC0–0xCF: (VN2) Ắ Ầ Ẩ Ẫ Ấ Ề, ặ ầ ẩ ẫ ấ ậ è, (VN2) Ể, ẻ ẽ
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ',
    'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ',
    // 0xD0–0xDF: é ẹ ề ể ễ ế ệ ì ỉ, (VN2) Ễ Ế Ồ, ĩ í ị ò
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì',
    'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò',
    // 0xE0–0xEF: (VN2) Ổ, ỏ õ ó ọ ồ ổ ỗ ố ộ ờ ở ỡ ớ ợ ù
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ',
    'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù',
    // 0xF0–0xFF: (VN2) Ỗ, ủ ũ ú ụ ừ ử ữ ứ ự ỳ ỷ ỹ ý ỵ, (VN2) Ố
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ',
    'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

/// Positions of the upper half that VN3 leaves empty and VN2 assigns.
fn is_vn2_only(b: u8) -> bool {
    matches!(
        b,
        0xAF | 0xB0..=0xB4 | 0xBA | 0xBF | 0xC0..=0xC5 | 0xCD | 0xD9..=0xDB | 0xE0 | 0xF0 | 0xFF
    )
}

/// One of the 74 letters of VN3 (0xA1..=0xFE minus the VN2 extras).
fn is_vn3_letter(b: u8) -> bool {
    (0xA1..=0xFE).contains(&b) && !is_vn2_only(b)
}

/// A Windows-1252 symbol at 0x80–0x9F or the NBSP: punctuation, not a letter.
fn is_symbol(b: u8) -> bool {
    (0x80..=0xA0).contains(&b) && HIGH[usize::from(b - 0x80)] != NONE
}

/// Decodes bytes in this encoding to NFC Unicode text. Never panics. Bytes that have no
/// mapping are counted, not dropped: they decode to U+FFFD.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut unmapped = 0;
    let mut combining = false;
    for &b in bytes {
        if b < 0x80 {
            text.push(char::from(b));
        } else {
            let c = HIGH[usize::from(b - 0x80)];
            if c == NONE {
                unmapped += 1;
            }
            combining |= (0xB0..=0xB4).contains(&b);
            text.push(c);
        }
    }
    if combining {
        text = nfc(&text);
    }
    let text = restore_capitals(text);
    Decoded { text, unmapped }
}

/// True for a lowercase letter whose capital VN3 cannot write (the toned vowels):
/// in capitals it comes out as this lowercase letter.
fn lacks_capital(c: char) -> bool {
    !c.is_ascii()
        && c.is_lowercase()
        && reverse().contains_key(&c)
        && c.to_uppercase().all(|u| !reverse().contains_key(&u))
}

/// Capitals with a tone mark written as their lowercase byte ("KẾ HOẠCH" as
/// "Kế HOạCH") made capitals again, line by line. A line is restored only when
/// every lowercase letter in it is one VN3 has no capital for, and some word holds
/// such a letter with at least two capitals ("HOạCH"); "Số: 12/KH-UBND" or "Kế
/// hoạch" are left as they are.
fn restore_capitals(text: String) -> String {
    if text.is_ascii() {
        return text;
    }
    let capital_line = |line: &str| {
        let mut evidence = false;
        for word in line.split(|c: char| !is_letter(c)) {
            let (mut upper, mut toned) = (0, 0);
            for c in word.chars() {
                if is_upper(c) {
                    upper += 1;
                } else if lacks_capital(c) {
                    toned += 1;
                } else if is_lower(c) {
                    return false;
                }
            }
            evidence |= toned > 0 && upper >= 2;
        }
        evidence
    };
    if !text.split('\n').any(capital_line) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if capital_line(line) {
            out.extend(line.chars().map(|c| {
                if lacks_capital(c) {
                    c.to_uppercase().next().unwrap_or(c)
                } else {
                    c
                }
            }));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Unicode character → VN3 byte, for everything [`encode`] writes directly.
fn reverse() -> &'static HashMap<char, u8> {
    static MAP: OnceLock<HashMap<char, u8>> = OnceLock::new();
    MAP.get_or_init(|| {
        (0x80u8..=0xFE)
            .filter(|&b| is_vn3_letter(b) || is_symbol(b))
            .map(|b| (HIGH[usize::from(b - 0x80)], b))
            .collect()
    })
}

fn encode_char(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some(c as u8);
    }
    if let Some(&b) = reverse().get(&c) {
        return Some(b);
    }
    // A capital with a tone mark: the byte of its lowercase letter (.VnTimeH style).
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l != c => reverse().get(&l).copied().filter(|&b| b >= 0xA1),
        _ => None,
    }
}

/// Encodes NFC Unicode text; None when a character has no representation (used by the
/// test-fixture generator, not by users).
///
/// Input that is not NFC is normalized first. Capitals with a tone mark are written as
/// their lowercase byte (lossy, see the module documentation).
pub fn encode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        out.push(encode_char(c)?);
    }
    Some(out)
}

/// How strongly these bytes look like this encoding, in 0.0..=1.0: the share of the
/// non-ASCII bytes (or byte pairs for VNI) that form valid Vietnamese letters in this
/// encoding and sit inside words (adjacent to ASCII letters), with evidence weighed so
/// that UTF-8 text, Windows-1258 text and random bytes score low. Used by the detector.
///
/// The bytes are cut into words (runs of ASCII letters and non-symbol upper-half
/// bytes). The non-ASCII bytes of a word count as evidence for TCVN3 when every one of
/// them is a VN3 letter and the decoded word is a plausible Vietnamese syllable (see
/// `plausible_syllable`), or a short consonant abbreviation with "đ" such as "QĐ".
/// Symbol bytes (0x80–0xA0) are neutral unless they touch another non-ASCII byte, as
/// UTF-8 continuation bytes do. The share is `good / (total + 2)`, shrunk towards 0
/// when there are only a few non-ASCII bytes. It is then weighed by how many of the
/// good bytes are the untoned ă â ê ô ơ ư đ (0xA1–0xAE): about a quarter of the
/// Vietnamese letters are, while Windows-1258 text read as TCVN3 (its à á â ê ô ơ ư
/// land on toned TCVN3 letters) has none; below 8 % the score falls proportionally.
pub fn likelihood(bytes: &[u8]) -> f32 {
    let mut good = 0usize;
    let mut total = 0usize;
    let mut modified = 0usize;
    let mut word = String::new();
    // Whether a word's bytes read as a syllable, by its bytes: a plan writes the
    // same few hundred syllables over and over, and the test is slow.
    let mut syllables: FastMap<&[u8], bool> = FastMap::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_symbol(b) {
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
            && (bytes[i].is_ascii_alphabetic() || (bytes[i] >= 0x80 && !is_symbol(bytes[i])))
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
            run.iter().all(|&x| x < 0x80 || is_vn3_letter(x)) && {
                word.clear();
                word.extend(run.iter().map(|&x| {
                    if x < 0x80 {
                        char::from(x)
                    } else {
                        HIGH[usize::from(x - 0x80)]
                    }
                }));
                plausible_syllable(&word)
            }
        });
        if syllable {
            good += high;
            modified += run.iter().filter(|&&x| (0xA1..=0xAE).contains(&x)).count();
        }
    }
    if total == 0 {
        return 0.0;
    }
    let share = good as f32 / (total as f32 + 2.0);
    // Vietnamese text writes about one letter in four as ă â ê ô ơ ư đ without tone
    // (0xA1–0xAE); Windows-1258 text read as TCVN3 has none there.
    let modified_weight = ((modified as f32 + 1.0) / (0.08 * good as f32 + 1.0)).min(1.0);
    (share * modified_weight).clamp(0.0, 1.0)
}

// ---------------------------------------------------------------------------
// Vietnamese letters and syllables (shared with `vni`).
// ---------------------------------------------------------------------------

/// The twelve Vietnamese vowel letters (lowercase), each in the six tones, in the
/// order: no tone, acute (sắc), grave (huyền), hook above (hỏi), tilde (ngã), dot
/// below (nặng). Rows: a ă â e ê i o ô ơ u ư y.
#[rustfmt::skip]
pub(crate) const VOWELS: [[char; 6]; 12] = [
    ['a', 'á', 'à', 'ả', 'ã', 'ạ'],
    ['ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ế', 'ề', 'ể', 'ễ', 'ệ'],
    ['i', 'í', 'ì', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ớ', 'ờ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ứ', 'ừ', 'ử', 'ữ', 'ự'],
    ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'],
];

/// Tone index (into a [`VOWELS`] row) of the acute accent.
const ACUTE: u8 = 1;
/// Tone index of the dot below.
const DOT: u8 = 5;

/// For a lowercase Vietnamese vowel: (row in [`VOWELS`], tone index).
pub(crate) fn vowel_position(c: char) -> Option<(usize, u8)> {
    if c.is_ascii() && !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
        return None;
    }
    static POSITIONS: OnceLock<FastMap<char, (usize, u8)>> = OnceLock::new();
    let positions = POSITIONS.get_or_init(|| {
        let mut map = FastMap::default();
        for (row, forms) in VOWELS.iter().enumerate() {
            for (tone, &f) in forms.iter().enumerate() {
                map.entry(f).or_insert((row, tone as u8));
            }
        }
        map
    });
    positions.get(&c).copied()
}

/// Lowercase of a single character (itself when the lowercase is not one character).
fn lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// Whether `c` (any case) is a letter of the Vietnamese alphabet or an ASCII letter.
pub(crate) fn is_vietnamese_letter(c: char) -> bool {
    let l = lower(c);
    l.is_ascii_lowercase() || l == 'đ' || vowel_position(l).is_some()
}

/// Syllable onsets, longest first; "" is the empty onset.
const ONSETS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Syllable codas; "" is the open syllable.
const CODAS: [&str; 9] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
const _: () = {
    let mut i = 0;
    while i < CODAS.len() {
        assert!(CODAS[i].is_ascii());
        i += 1;
    }
};

#[derive(Clone, Copy, PartialEq)]
enum Nucleus {
    /// Takes a coda or not.
    Either,
    /// Needs a coda (ă, â, iê, ươ, ...).
    Closed,
    /// Ends in a glide, takes no coda (ai, ao, ươi, ...).
    Open,
}

/// The vowel nuclei of Vietnamese, toneless, with glides.
#[rustfmt::skip]
const NUCLEI: [(&str, Nucleus); 55] = [
    ("a", Nucleus::Either), ("e", Nucleus::Either), ("ê", Nucleus::Either),
    ("i", Nucleus::Either), ("o", Nucleus::Either), ("ô", Nucleus::Either),
    ("ơ", Nucleus::Either), ("u", Nucleus::Either), ("ư", Nucleus::Either),
    ("y", Nucleus::Either), ("oa", Nucleus::Either), ("oe", Nucleus::Either),
    ("uê", Nucleus::Either), ("uy", Nucleus::Either),
    ("ă", Nucleus::Closed), ("â", Nucleus::Closed), ("iê", Nucleus::Closed),
    ("yê", Nucleus::Closed), ("oă", Nucleus::Closed), ("uâ", Nucleus::Closed),
    ("uô", Nucleus::Closed), ("ươ", Nucleus::Closed), ("uyê", Nucleus::Closed),
    ("oo", Nucleus::Closed),
    ("ai", Nucleus::Open), ("ao", Nucleus::Open), ("au", Nucleus::Open),
    ("ay", Nucleus::Open), ("âu", Nucleus::Open), ("ây", Nucleus::Open),
    ("eo", Nucleus::Open), ("êu", Nucleus::Open), ("ia", Nucleus::Open),
    ("iu", Nucleus::Open), ("oi", Nucleus::Open), ("ôi", Nucleus::Open),
    ("ơi", Nucleus::Open), ("ua", Nucleus::Open), ("ui", Nucleus::Open),
    ("ưa", Nucleus::Open), ("ưi", Nucleus::Open), ("ưu", Nucleus::Open),
    ("uơ", Nucleus::Open), ("iêu", Nucleus::Open), ("yêu", Nucleus::Open),
    ("oai", Nucleus::Open), ("oao", Nucleus::Open), ("oay", Nucleus::Open),
    ("oeo", Nucleus::Open), ("uây", Nucleus::Open), ("uôi", Nucleus::Open),
    ("uya", Nucleus::Open), ("uyu", Nucleus::Open), ("ươi", Nucleus::Open),
    ("ươu", Nucleus::Open),
];

fn starts_with(word: &[char], prefix: &str) -> bool {
    let mut w = word.iter();
    prefix.chars().all(|p| w.next() == Some(&p))
}

/// Up to three characters, none of them NUL, as one number (21 bits each): equal
/// numbers, equal characters.
fn packed(chars: &[char]) -> Option<u64> {
    (chars.len() <= 3 && !chars.contains(&'\0'))
        .then(|| chars.iter().fold(0, |key, &c| key << 21 | u64::from(c)))
}

/// The kind of the nucleus written `nucleus`, if it is one of [`NUCLEI`]: compared
/// as [`packed`] numbers.
fn nucleus_kind(nucleus: &[char]) -> Option<Nucleus> {
    static KEYS: OnceLock<Vec<(u64, Nucleus)>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        NUCLEI
            .iter()
            .filter_map(|&(n, kind)| Some((packed(&n.chars().collect::<Vec<_>>())?, kind)))
            .collect()
    });
    let key = packed(nucleus)?;
    keys.iter().find(|&&(k, _)| k == key).map(|&(_, kind)| kind)
}

/// Whether the characters of `part` are those of `s`, in one pass (no count of
/// `s`'s characters first).
fn equals(part: &[char], s: &str) -> bool {
    let mut chars = s.chars();
    part.iter().all(|&c| chars.next() == Some(c)) && chars.next().is_none()
}

fn rhyme_ok(onset: &str, rest: &[char], tone: u8) -> bool {
    CODAS.iter().any(|&coda| {
        // (The codas are ASCII: a byte a character.)
        let coda_len = coda.len();
        if rest.len() <= coda_len || !equals(&rest[rest.len() - coda_len..], coda) {
            return false;
        }
        let nucleus = &rest[..rest.len() - coda_len];
        let Some(kind) = nucleus_kind(nucleus) else {
            return false;
        };
        match (kind, coda.is_empty()) {
            (Nucleus::Open, false) | (Nucleus::Closed, true) => return false,
            _ => {}
        }
        // Syllables closed by a stop take only the acute or the dot below.
        if matches!(coda, "c" | "ch" | "p" | "t") && tone != ACUTE && tone != DOT {
            return false;
        }
        let is = |names: &[&str]| names.iter().any(|n| equals(nucleus, n));
        if matches!(coda, "ch" | "nh") && !is(&["a", "ê", "i", "y", "oa", "uê", "uy"]) {
            return false;
        }
        if matches!(coda, "c" | "ng") && is(&["ê", "i", "y", "ơ", "uê", "uy"]) {
            return false;
        }
        // Spelling of the onset before front vowels.
        let first = nucleus[0];
        let front = matches!(first, 'i' | 'e' | 'ê' | 'y');
        match onset {
            "k" | "gh" | "ngh" => front,
            "c" | "ng" => !front,
            "g" => !matches!(first, 'e' | 'ê'),
            "gi" => first != 'i',
            "qu" => first != 'u',
            _ => true,
        }
    })
}

/// Whether `word` (any case, NFC) can be one Vietnamese syllable: at most one tone
/// mark, an onset, a vowel nucleus and a coda that Vietnamese spelling allows (stop
/// codas only with the acute or dot below, "ch"/"nh" only after a ê i y, ...). A word
/// without any vowel of at most six letters also passes: abbreviations such as "QĐ",
/// "HĐND" or an item label "đ".
pub(crate) fn plausible_syllable(word: &str) -> bool {
    let mut letters = [' '; 8];
    let mut n = 0;
    let mut tone = 0u8;
    let mut vowels = 0;
    for c in word.chars() {
        let l = lower(c);
        let base = if let Some((row, t)) = vowel_position(l) {
            if t != 0 {
                if tone != 0 {
                    return false;
                }
                tone = t;
            }
            vowels += 1;
            VOWELS[row][0]
        } else if l.is_ascii_lowercase() || l == 'đ' {
            l
        } else {
            return false;
        };
        if n == letters.len() {
            return false;
        }
        letters[n] = base;
        n += 1;
    }
    let w = &letters[..n];
    if vowels == 0 {
        return (1..=6).contains(&n);
    }
    ONSETS
        .iter()
        .any(|&onset| starts_with(w, onset) && rhyme_ok(onset, &w[onset.chars().count()..], tone))
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    const SENTENCE: &str = "Kế hoạch triển khai Phong trào thi đua xây dựng xã hội học tập";

    const PARAGRAPH: &str = "Căn cứ Quyết định số 1315/QĐ-TTg ngày 09 tháng 11 năm 2023 của \
        Thủ tướng Chính phủ về việc ban hành Kế hoạch triển khai Phong trào “Cả nước thi đua \
        xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023-2030”, Ủy ban nhân \
        dân tỉnh ban hành Kế hoạch triển khai thực hiện trên địa bàn tỉnh như sau: nâng cao \
        nhận thức của các cấp ủy đảng, chính quyền, đoàn thể và người dân về vai trò, ý nghĩa \
        của việc học tập suốt đời; khuyến khích mọi người dân tích cực tham gia học tập, \
        tự học, học thường xuyên để nâng cao trình độ, kỹ năng, góp phần phát triển kinh tế, \
        xã hội của địa phương.";

    /// All 134 non-ASCII letters of Vietnamese: the 132 vowels with a modifier or a
    /// tone mark (both cases) and đ/Đ.
    fn vietnamese_letters() -> Vec<char> {
        let mut out = Vec::new();
        for row in VOWELS {
            for (tone, c) in row.into_iter().enumerate() {
                if !c.is_ascii() || tone != 0 {
                    out.push(c);
                    out.extend(c.to_uppercase());
                }
            }
        }
        out.push('đ');
        out.push('Đ');
        out
    }

    /// Tiny deterministic generator (xorshift64*).
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

    /// Windows-1258 as Vietnamese Windows writes it: precomposed where the code page
    /// has the letter, otherwise base letter + combining tone mark.
    fn windows_1258_mixed(text: &str) -> Vec<u8> {
        let mut prepared = String::new();
        for c in text.chars() {
            let mut buf = [0u8; 4];
            let (_, _, unmappable) = encoding_rs::WINDOWS_1258.encode(c.encode_utf8(&mut buf));
            if unmappable {
                prepared.push_str(&detone(c));
            } else {
                prepared.push(c);
            }
        }
        let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&prepared);
        bytes.into_owned()
    }

    /// Base letter (with its modifier) + combining tone mark, as the detone crate does.
    fn detone(c: char) -> String {
        let decomposed: Vec<char> = c.nfd().collect();
        let tones = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
        let base: String = decomposed.iter().filter(|d| !tones.contains(d)).collect();
        let mut out: String = base.nfc().collect();
        out.extend(decomposed.iter().filter(|d| tones.contains(d)));
        out
    }

    fn windows_1258_detoned(text: &str) -> Vec<u8> {
        let prepared: String = text.chars().map(detone).collect();
        let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&prepared);
        bytes.into_owned()
    }

    #[test]
    fn vowel_table_matches_unicode_decomposition() {
        let bases = ['a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'];
        let modifiers = [
            None,
            Some('\u{0306}'),
            Some('\u{0302}'),
            None,
            Some('\u{0302}'),
            None,
            None,
            Some('\u{0302}'),
            Some('\u{031B}'),
            None,
            Some('\u{031B}'),
            None,
        ];
        let tones = [
            None,
            Some('\u{0301}'),
            Some('\u{0300}'),
            Some('\u{0309}'),
            Some('\u{0303}'),
            Some('\u{0323}'),
        ];
        for (row, forms) in VOWELS.iter().enumerate() {
            for (t, &c) in forms.iter().enumerate() {
                let mut s = String::from(bases[row]);
                s.extend(modifiers[row]);
                s.extend(tones[t]);
                let composed: String = s.nfc().collect();
                assert_eq!(composed, c.to_string(), "row {row} tone {t}");
            }
        }
        assert_eq!(vietnamese_letters().len(), 134);
    }

    #[test]
    fn table_matches_unikey_listing() {
        // Second listing of the VN3 letters, written in UniKey's VnConv order (per vowel:
        // no tone, acute, grave, hook, tilde, dot), byte values as in its TCVN3 table.
        let listing: [(char, [u8; 6]); 12] = [
            ('a', [b'a', 0xB8, 0xB5, 0xB6, 0xB7, 0xB9]),
            ('ă', [0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6]),
            ('â', [0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB]),
            ('e', [b'e', 0xD0, 0xCC, 0xCE, 0xCF, 0xD1]),
            ('ê', [0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6]),
            ('i', [b'i', 0xDD, 0xD7, 0xD8, 0xDC, 0xDE]),
            ('o', [b'o', 0xE3, 0xDF, 0xE1, 0xE2, 0xE4]),
            ('ô', [0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9]),
            ('ơ', [0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE]),
            ('u', [b'u', 0xF3, 0xEF, 0xF1, 0xF2, 0xF4]),
            ('ư', [0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9]),
            ('y', [b'y', 0xFD, 0xFA, 0xFB, 0xFC, 0xFE]),
        ];
        let mut seen = vec![];
        for (row, (base, bytes)) in listing.iter().enumerate() {
            assert_eq!(VOWELS[row][0], *base);
            for (tone, &b) in bytes.iter().enumerate() {
                let decoded = decode(&[b]).text;
                assert_eq!(decoded, VOWELS[row][tone].to_string(), "byte {b:#04X}");
                if b >= 0x80 {
                    seen.push(b);
                }
            }
        }
        // Capitals without tone and đ.
        for (b, c) in [
            (0xA1, 'Ă'),
            (0xA2, 'Â'),
            (0xA3, 'Ê'),
            (0xA4, 'Ô'),
            (0xA5, 'Ơ'),
            (0xA6, 'Ư'),
            (0xA7, 'Đ'),
            (0xAE, 'đ'),
        ] {
            assert_eq!(decode(&[b]).text, c.to_string());
            seen.push(b);
        }
        // Exactly the VN3 letters, 74 of them (67 lowercase + 7 capitals).
        seen.sort_unstable();
        let vn3: Vec<u8> = (0x80..=0xFF).filter(|&b| is_vn3_letter(b)).collect();
        assert_eq!(seen, vn3);
        assert_eq!(vn3.len(), 74);
    }

    #[test]
    fn c1_range_is_windows_1252() {
        for b in 0x80u8..=0x9F {
            let ours = decode(&[b]);
            let one = [b];
            let (theirs, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&one);
            if matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
                assert_eq!(ours.text, "\u{FFFD}");
                assert_eq!(ours.unmapped, 1);
            } else {
                assert_eq!(ours.text, theirs, "byte {b:#04X}");
                assert_eq!(ours.unmapped, 0);
            }
        }
        assert_eq!(decode(&[0xA0]).text, "\u{A0}");
    }

    #[test]
    fn vn2_extras_decode_to_capitals_and_compose() {
        assert_eq!(decode(&[0xDA]).text, "Ế");
        assert_eq!(decode(&[0xC1]).text, "Ầ");
        // Combining marks at 0xB0–0xB4 compose with the letter before them.
        assert_eq!(decode(b"A\xB3").text, "Á");
        assert_eq!(decode(b"\xA2\xB4").text, "Ậ");
    }

    #[test]
    fn round_trip_every_vietnamese_letter() {
        for c in vietnamese_letters() {
            let s = c.to_string();
            let bytes = encode(&s).unwrap_or_else(|| panic!("{c} not encodable"));
            assert_eq!(bytes.len(), 1);
            let back = decode(&bytes);
            assert_eq!(back.unmapped, 0);
            let has_tone = vowel_position(lower(c)).is_some_and(|(_, t)| t != 0);
            if c.is_uppercase() && has_tone {
                // No capitals with tone mark in TCVN3: the lowercase byte (.VnTimeH).
                assert_eq!(back.text, lower(c).to_string(), "{c}");
            } else {
                assert_eq!(back.text, s, "{c}");
            }
        }
    }

    #[test]
    fn decodes_hand_written_sentence() {
        // "Kế hoạch triển khai Phong trào thi đua xây dựng xã hội học tập", byte by byte.
        let bytes = b"K\xD5 ho\xB9ch tri\xD3n khai Phong tr\xB5o thi \xAEua x\xA9y d\xF9ng x\xB7 h\xE9i h\xE4c t\xCBp";
        let d = decode(bytes);
        assert_eq!(d.text, SENTENCE);
        assert_eq!(d.unmapped, 0);
        assert_eq!(encode(SENTENCE).unwrap(), bytes.to_vec());
    }

    #[test]
    fn capitals_with_tone_come_back_on_capital_lines() {
        // "ỦY BAN NHÂN DÂN TỈNH": Ủ and Ỉ have no TCVN3 byte; encode writes ủ and ỉ,
        // and the capitals around them show what they were.
        let bytes = encode("ỦY BAN NHÂN DÂN TỈNH").unwrap();
        assert_eq!(bytes, b"\xF1Y BAN NH\xA2N D\xA2N T\xD8NH".to_vec());
        assert_eq!(decode(&bytes).text, "ỦY BAN NHÂN DÂN TỈNH");
        let heading = "KẾ HOẠCH\nSố: 12/KH-UBND\nII. MỤC ĐÍCH, YÊU CẦU\nKế hoạch Tổ chức\nỦY\n";
        assert_eq!(
            decode(&encode(heading).unwrap()).text,
            "KẾ HOẠCH\nSố: 12/KH-UBND\nII. MỤC ĐÍCH, YÊU CẦU\nKế hoạch Tổ chức\nủY\n",
            "only lines that show capitals around a toned letter"
        );
        // As typed in .VnTimeH (all lowercase bytes).
        assert_eq!(
            decode(b"\xF1y ban nh\xA9n d\xA9n t\xD8nh").text,
            "ủy ban nhân dân tỉnh"
        );
    }

    #[test]
    fn encode_rejects_unrepresentable() {
        assert_eq!(encode("Ab ©"), None);
        assert_eq!(encode("日本"), None);
        assert_eq!(encode("₫"), None);
        // Typographic quotes and dashes are Windows-1252 bytes.
        assert_eq!(
            encode("“a” – b…").unwrap(),
            b"\x93a\x94 \x96 b\x85".to_vec()
        );
        // Decomposed input is normalized first.
        assert_eq!(encode("a\u{0301}").unwrap(), vec![0xB8]);
    }

    #[test]
    fn no_panic_on_any_byte_or_truncation() {
        for b in 0u8..=255 {
            let d = decode(&[b]);
            assert_eq!(d.text.chars().count(), 1);
            let _ = likelihood(&[b]);
            let _ = likelihood(&[b'a', b, b'c']);
        }
        let all: Vec<u8> = (0u8..=255).collect();
        let d = decode(&all);
        assert_eq!(d.unmapped, 5);
        let bytes = encode(PARAGRAPH).unwrap();
        for cut in 0..bytes.len().min(64) {
            let _ = decode(&bytes[..cut]);
            let _ = likelihood(&bytes[..cut]);
            let _ = decode(&bytes[bytes.len() - cut..]);
        }
        assert_eq!(likelihood(b""), 0.0);
        assert_eq!(likelihood(b"plain ascii only"), 0.0);
    }

    #[test]
    fn decode_output_is_nfc() {
        let all: Vec<u8> = (0u8..=255).collect();
        let text = decode(&all).text;
        assert_eq!(text, text.nfc().collect::<String>());
    }

    /// Every sequence of up to `max` of `letters` (the empty one included).
    fn sequences(letters: &[char], max: usize) -> Vec<Vec<char>> {
        let mut all: Vec<Vec<char>> = vec![Vec::new()];
        let mut last: Vec<Vec<char>> = vec![Vec::new()];
        for _ in 0..max {
            last = last
                .iter()
                .flat_map(|p| letters.iter().map(move |&c| [p.clone(), vec![c]].concat()))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn tables_answer_as_the_plain_scans() {
        let position = |c: char| {
            if c.is_ascii() && !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
                return None;
            }
            VOWELS.iter().enumerate().find_map(|(row, forms)| {
                forms
                    .iter()
                    .position(|&f| f == c)
                    .map(|tone| (row, tone as u8))
            })
        };
        for c in (0..0x2000).chain(0x1E00..0x1F00).filter_map(char::from_u32) {
            assert_eq!(vowel_position(c), position(c), "{c:?}");
            let l = {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(x), None) => x,
                    _ => c,
                }
            };
            assert_eq!(lower(c), l, "{c:?}");
        }
        let letters: Vec<char> = "aăâeêioôơuưyđngc\0".chars().collect();
        for part in &sequences(&letters, 4) {
            let plain = NUCLEI
                .iter()
                .find(|(n, _)| equals(part, n))
                .map(|&(_, k)| k);
            assert!(nucleus_kind(part) == plain, "{part:?}");
        }
    }

    #[test]
    fn equals_as_counting_first() {
        let plain =
            |part: &[char], s: &str| part.len() == s.chars().count() && starts_with(part, s);
        let parts = sequences(&['a', 'ư', 'ơ', 'n', 'g', 'đ', 'y', 'ê', 'u', 'i'], 3);
        let names = NUCLEI.iter().map(|(n, _)| *n).chain(ONSETS).chain(CODAS);
        for s in names {
            for part in &parts {
                assert_eq!(equals(part, s), plain(part, s), "{part:?} {s:?}");
            }
        }
    }

    #[test]
    fn likelihood_high_for_tcvn3() {
        let bytes = encode(PARAGRAPH).unwrap();
        let score = likelihood(&bytes);
        assert!(score > 0.8, "tcvn3 paragraph scored {score}");
        let sentence = encode(SENTENCE).unwrap();
        assert!(likelihood(&sentence) > 0.8, "{}", likelihood(&sentence));
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
        let (plain, _, _) = encoding_rs::WINDOWS_1258.encode(PARAGRAPH);
        let plain = likelihood(&plain);
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
    fn syllable_checker() {
        for w in [
            "người",
            "được",
            "trường",
            "nghiêng",
            "khuyến",
            "quốc",
            "gì",
            "giữa",
            "hoạch",
            "tỉnh",
            "ỦY",
            "KẾ",
            "HOẠCH",
            "QĐ",
            "đ",
            "năm",
            "xoong",
            "thuở",
            "quyết",
            "tuổi",
        ] {
            assert!(plausible_syllable(w), "{w} should pass");
        }
        for w in [
            "hoũc", "tiềnh", "thơng", "aư", "viêọt", "các1", "cê", "kà", "bác̀",
        ] {
            assert!(!plausible_syllable(w), "{w} should fail");
        }
    }
}
