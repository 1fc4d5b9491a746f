//! Vietnamese letters and syllables: tones, accent folding, structural validity and
//! the tone placement of official documents.
//!
//! Takes single words (`&str`), gives parsed or re-rendered words. Nothing here knows
//! about offsets: callers decide where a word sits. Folding ([`fold`]) is lossy and is
//! only ever used for search keys, never for output.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use unicode_normalization::char::{compose, decompose_canonical};
use unicode_normalization::UnicodeNormalization;

use crate::fasthash::FxHasher;

/// The six tones of Vietnamese, as marked on the vowel that carries them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tone {
    /// ngang: no mark.
    Level,
    /// huyền: grave accent.
    Grave,
    /// sắc: acute accent.
    Acute,
    /// hỏi: hook above.
    Hook,
    /// ngã: tilde.
    Tilde,
    /// nặng: dot below.
    Dot,
}

impl Tone {
    fn from_mark(c: char) -> Option<Tone> {
        match c {
            '\u{300}' => Some(Tone::Grave),
            '\u{301}' => Some(Tone::Acute),
            '\u{309}' => Some(Tone::Hook),
            '\u{303}' => Some(Tone::Tilde),
            '\u{323}' => Some(Tone::Dot),
            _ => None,
        }
    }

    fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }

    /// All six tones, level first.
    pub const ALL: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];
}

/// Splits a letter into the letter without its tone mark and the tone.
/// `'ế'` gives `('ê', Acute)`; a letter without a tone gives `(c, Level)`.
pub fn split_tone(c: char) -> (char, Tone) {
    if c.is_ascii() {
        return (c, Tone::Level);
    }
    match tables().split.get(c as usize) {
        Some(&split) => split,
        None => split_tone_by_decomposition(c),
    }
}

fn split_tone_by_decomposition(c: char) -> (char, Tone) {
    let mut base: Option<char> = None;
    let mut tone = Tone::Level;
    let mut rest: [char; 3] = ['\0'; 3];
    let mut n = 0;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else if let Some(t) = Tone::from_mark(d) {
            tone = t;
        } else if n < rest.len() {
            rest[n] = d;
            n += 1;
        }
    });
    let mut out = base.unwrap_or(c);
    for &m in &rest[..n] {
        out = compose(out, m).unwrap_or(out);
    }
    (out, tone)
}

/// Puts `tone` on a letter that carries none (`'ê'`, Acute → `'ế'`).
pub fn with_tone(c: char, tone: Tone) -> char {
    if let Some(v) = VOWELS.iter().position(|&v| v == c) {
        return tables().toned[v][tone as usize];
    }
    with_tone_by_composition(c, tone)
}

/// The lowercase vowel letters without tone, each with a row of [`Tables::toned`].
const VOWELS: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

fn with_tone_by_composition(c: char, tone: Tone) -> char {
    let Some(m) = tone.mark() else {
        return c;
    };
    // Canonical composition goes through the dotted letter ("ệ" is "ẹ" + circumflex),
    // so compose the whole sequence rather than the pair.
    let mut composed = [c, m].into_iter().nfc();
    match (composed.next(), composed.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

/// The combining mark that writes a tone (none for the level tone).
pub fn tone_mark(tone: Tone) -> Option<char> {
    tone.mark()
}

/// Removes every diacritic: tone and vowel marks, and đ → d. Case is kept.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match tables().fold.get(c as usize) {
        Some(&f) => f,
        None => fold_char_by_decomposition(c),
    }
}

fn fold_char_by_decomposition(c: char) -> char {
    match c {
        'đ' => return 'd',
        'Đ' => return 'D',
        _ => {}
    }
    let mut base = c;
    let mut first = true;
    decompose_canonical(c, |d| {
        if first {
            base = d;
            first = false;
        }
    });
    base
}

/// [`fold_char`] of the lowercase of `c` (its first character, for the few letters
/// whose lowercase is longer): the search key of one character.
pub fn fold_lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match tables().lower_fold.get(c as usize) {
        Some(&f) if f != '\0' => f,
        _ => fold_char(c.to_lowercase().next().unwrap_or(c)),
    }
}

/// Lowercase, accent-folded search key: `"Đảng ủy"` → `"dang uy"`. Lossy.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], appended to `out` (so that a buffer can be reused); see [`fold_each`].
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        let at = out.len();
        out.push_str(s);
        out[at..].make_ascii_lowercase();
        return;
    }
    out.reserve(s.len());
    fold_each(s, |_, f| out.push(f));
}

/// The characters of [`fold`] of `s`, each given with the byte of `s` where the
/// character it comes from starts.
///
/// Reads bytes: a letter of two or three bytes whose search key is one ASCII letter
/// (every Vietnamese letter) is looked up by its code point, worked out from its
/// bytes, with no decoding into a `char` and no test of the result's width.
#[inline]
pub fn fold_each(s: &str, mut emit: impl FnMut(usize, char)) {
    let bytes = s.as_bytes();
    let ascii = &tables().lower_fold_ascii;
    let mut i = 0;
    while let Some(&x) = bytes.get(i) {
        if x.is_ascii() {
            emit(i, char::from(x.to_ascii_lowercase()));
            i += 1;
            continue;
        }
        // `s` is UTF-8: a lead byte below 0xF0 has one or two continuation bytes.
        let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
        let (code, len) = if x < 0xE0 {
            ((u32::from(x & 0x1F) << 6) | cont(1), 2)
        } else if x < 0xF0 {
            ((u32::from(x & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
        } else {
            (u32::MAX, 4)
        };
        match ascii.get(code as usize) {
            Some(&f) if f != 0 => emit(i, char::from(f)),
            _ => {
                let c = s[i..].chars().next().unwrap_or_default();
                fold_lower(c, |f| emit(i, f));
            }
        }
        i += len;
    }
}

/// [`fold`] with its words joined by single spaces (leading and trailing space
/// dropped): `fold(s).split_whitespace()` joined by `" "`, in one pass.
pub fn fold_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        fold_lower(c, |f| {
            if f.is_whitespace() {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(f);
            }
        });
    }
    out
}

/// The characters of the search key of `c`: [`fold_char`] of each character of its
/// lowercase, given to `push` (one, but for the few letters whose lowercase is
/// longer).
#[inline]
pub fn fold_lower(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
    } else if let Some(&f) = tables().lower_fold.get(c as usize).filter(|&&f| f != '\0') {
        push(f);
    } else {
        c.to_lowercase().map(fold_char).for_each(push);
    }
}

/// [`split_tone`] of the lowercase of `c` (its first character).
fn lower_split_tone(c: char) -> (char, Tone) {
    if c.is_ascii() {
        return (c.to_ascii_lowercase(), Tone::Level);
    }
    match tables().lower_split.get(c as usize) {
        Some(&split) => split,
        None => split_tone(c.to_lowercase().next().unwrap_or(c)),
    }
}

/// `char::is_alphabetic`, looked up in a table for the Latin letters of Vietnamese
/// (the standard library searches the Unicode tables for every non-ASCII letter).
pub fn is_letter(c: char) -> bool {
    class_of(c, ALPHABETIC, char::is_alphabetic)
}

/// `char::is_alphanumeric`, through the same table as [`is_letter`].
pub fn is_letter_or_digit(c: char) -> bool {
    class_of(c, ALPHANUMERIC, char::is_alphanumeric)
}

/// `char::is_lowercase`, through the same table as [`is_letter`].
pub fn is_lower(c: char) -> bool {
    class_of(c, LOWERCASE, char::is_lowercase)
}

/// `char::is_uppercase`, through the same table as [`is_letter`].
pub fn is_upper(c: char) -> bool {
    class_of(c, UPPERCASE, char::is_uppercase)
}

const ALPHABETIC: u8 = 1;
const ALPHANUMERIC: u8 = 2;
const LOWERCASE: u8 = 4;
const UPPERCASE: u8 = 8;

#[inline]
fn class_of(c: char, bit: u8, slow: fn(char) -> bool) -> bool {
    if c.is_ascii() {
        return slow(c);
    }
    match tables().class.get(c as usize) {
        Some(&class) => class & bit != 0,
        None => slow(c),
    }
}

/// Characters below this have their folding, tone split and letter class looked up
/// in a table (Latin letters with every Vietnamese mark lie below U+1F00; the
/// dashes, quotes and spaces of General Punctuation below U+2070).
const TABLE_END: u32 = 0x2070;

/// Folding, tone split and letter class of every character below [`TABLE_END`],
/// computed once (by canonical decomposition and the standard library): the text
/// passes ask them for every letter.
struct Tables {
    fold: Vec<char>,
    /// Folded lowercase; `'\0'` where the lowercase is more than one character.
    lower_fold: Vec<char>,
    /// [`Tables::lower_fold`] where it is an ASCII character other than NUL, else 0.
    lower_fold_ascii: Vec<u8>,
    split: Vec<(char, Tone)>,
    /// The split of the lowercase (its first character).
    lower_split: Vec<(char, Tone)>,
    /// Each of [`VOWELS`] with each tone, in the order of [`Tone::ALL`].
    toned: [[char; 6]; 12],
    /// [`ALPHABETIC`], [`ALPHANUMERIC`], [`LOWERCASE`], [`UPPERCASE`] bits.
    class: Vec<u8>,
}

fn tables() -> &'static Tables {
    static TABLES: LazyLock<Tables> = LazyLock::new(|| {
        let chars = || (0..TABLE_END).map(|u| char::from_u32(u).unwrap_or('\u{FFFD}'));
        let lower_fold: Vec<char> = chars()
            .map(|c| {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => fold_char_by_decomposition(l),
                    _ => '\0',
                }
            })
            .collect();
        Tables {
            fold: chars().map(fold_char_by_decomposition).collect(),
            lower_fold_ascii: lower_fold
                .iter()
                .map(|&f| if f.is_ascii() { f as u8 } else { 0 })
                .collect(),
            lower_fold,
            split: chars().map(split_tone_by_decomposition).collect(),
            lower_split: chars()
                .map(|c| split_tone_by_decomposition(c.to_lowercase().next().unwrap_or(c)))
                .collect(),
            toned: VOWELS.map(|v| Tone::ALL.map(|t| with_tone_by_composition(v, t))),
            class: chars()
                .map(|c| {
                    [
                        (c.is_alphabetic(), ALPHABETIC),
                        (c.is_alphanumeric(), ALPHANUMERIC),
                        (c.is_lowercase(), LOWERCASE),
                        (c.is_uppercase(), UPPERCASE),
                    ]
                    .iter()
                    .filter(|(yes, _)| *yes)
                    .fold(0, |class, (_, bit)| class | bit)
                })
                .collect(),
        }
    });
    &TABLES
}

/// True for the letters Vietnamese writes with a diacritic (tone or vowel mark, or đ).
pub fn has_diacritic(c: char) -> bool {
    !c.is_ascii() && is_letter(c) && fold_char(c) != c
}

/// One of the twelve vowel letters of Vietnamese, lowercase and without a tone.
pub(crate) fn is_vowel(c: char) -> bool {
    VOWELS.contains(&c)
}

const ONSETS: &[&str] = &[
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Vowel groups that take no final consonant (they end in a glide or are open only).
const OPEN_NUCLEI: &[&str] = &[
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu",
];

/// Vowel groups that need a final consonant.
const CLOSED_NUCLEI: &[&str] = &["ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ"];

/// Vowel groups that may stand open or closed.
const FREE_NUCLEI: &[&str] = &[
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy", "uơ",
];

const CODAS: &[&str] = &["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];

/// A parsed syllable: onset, vowel group and coda, all lowercase and toneless, plus
/// the tone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Syllable {
    /// Initial consonant(s), possibly empty.
    pub onset: String,
    /// The vowel group without tone.
    pub nucleus: String,
    /// Final consonant(s), possibly empty.
    pub coda: String,
    /// The tone.
    pub tone: Tone,
}

/// Parses one word as a Vietnamese syllable, or `None` when it is not one (by the
/// spelling rules: onset, vowel group and coda inventories, stop codas with sắc or
/// nặng only, k/gh/ngh only before front vowels). Accepts any tone placement.
pub fn parse(word: &str) -> Option<Syllable> {
    let mut tone = Tone::Level;
    let mut bare = String::with_capacity(word.len());
    for c in word.chars() {
        let (base, t) = lower_split_tone(c);
        if t != Tone::Level {
            if tone != Tone::Level {
                return None;
            }
            tone = t;
        }
        if !is_letter(base) {
            return None;
        }
        bare.push(base);
    }
    if bare.is_empty() || bare.len() > 24 {
        return None;
    }
    for onset in ONSETS {
        let Some(rest) = bare.strip_prefix(onset) else {
            continue;
        };
        if let Some(s) = parse_rhyme(onset, rest, tone) {
            return Some(s);
        }
    }
    None
}

fn parse_rhyme(onset: &str, rest: &str, tone: Tone) -> Option<Syllable> {
    // "gi" and "qu" swallow their vowel: "gì" is g + i, "gia" is gi + a.
    for coda in CODAS {
        let Some(nucleus) = rest.strip_suffix(coda) else {
            continue;
        };
        if nucleus.is_empty() || !nucleus.chars().all(is_vowel) {
            continue;
        }
        let ok = if coda.is_empty() {
            OPEN_NUCLEI.contains(&nucleus) || FREE_NUCLEI.contains(&nucleus)
        } else {
            CLOSED_NUCLEI.contains(&nucleus) || FREE_NUCLEI.contains(&nucleus)
        };
        if !ok {
            continue;
        }
        if matches!(*coda, "p" | "t" | "c" | "ch") && !matches!(tone, Tone::Acute | Tone::Dot) {
            continue;
        }
        let first = nucleus.chars().next()?;
        let front = matches!(first, 'i' | 'e' | 'ê' | 'y');
        match onset {
            "k" | "gh" | "ngh" if !front => continue,
            "c" | "g" | "ng" if front && !(onset == "g" && first == 'i') => continue,
            "qu" if first == 'u' => continue,
            "gi" if first == 'i' => continue,
            _ => {}
        }
        if *coda == "ch" && !matches!(nucleus, "a" | "ê" | "i" | "oa" | "uê" | "uy") {
            continue;
        }
        if *coda == "nh" && !matches!(nucleus, "a" | "ê" | "i" | "oa" | "uê" | "uy") {
            continue;
        }
        return Some(Syllable {
            onset: onset.to_string(),
            nucleus: nucleus.to_string(),
            coda: coda.to_string(),
            tone,
        });
    }
    None
}

impl Syllable {
    /// Index (in chars) within the nucleus of the vowel that carries the tone in the
    /// style of official documents: a vowel with a mark (ê, ơ …) first, the second
    /// vowel of a closed group, the first of an open pair (hòa, thủy), the middle of
    /// an open triple.
    pub fn tone_index(&self) -> usize {
        let vowels: Vec<char> = self.nucleus.chars().collect();
        if let Some(i) = vowels
            .iter()
            .rposition(|v| matches!(v, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư'))
        {
            // "ươ" carries it on ơ, "ưu"/"ưa" on ư: rposition picks the last marked one,
            // which is ơ in ươ and ư in ưa/ưu.
            return i;
        }
        match (vowels.len(), self.coda.is_empty()) {
            (1, _) => 0,
            (2, true) => 0,
            (2, false) => 1,
            (_, true) => 1,
            (n, false) => n - 1,
        }
    }

    /// Renders the syllable lowercase with its tone in the official position.
    pub fn render(&self) -> String {
        let at = self.tone_index();
        let mut out = String::with_capacity(self.onset.len() + self.nucleus.len() + 4);
        out.push_str(&self.onset);
        for (i, v) in self.nucleus.chars().enumerate() {
            out.push(if i == at { with_tone(v, self.tone) } else { v });
        }
        out.push_str(&self.coda);
        out
    }
}

/// True when a toned vowel stands next to another vowel: only then can the tone sit
/// on the wrong one. A cheap filter before parsing.
fn tone_beside_vowel(word: &str) -> bool {
    let mut prev_vowel = false;
    let mut prev_toned = false;
    for c in word.chars() {
        let (base, tone) = lower_split_tone(c);
        let vowel = is_vowel(base);
        let toned = tone != Tone::Level;
        if vowel && prev_vowel && (toned || prev_toned) {
            return true;
        }
        prev_vowel = vowel;
        prev_toned = toned;
    }
    false
}

/// Every Vietnamese syllable the spelling rules allow, lowercase, in official tone
/// placement, sorted. Generated once from the onset, vowel-group and coda
/// inventories.
pub fn inventory() -> &'static [String] {
    static ALL: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut out = Vec::new();
        for onset in ONSETS {
            for nucleus in OPEN_NUCLEI.iter().chain(CLOSED_NUCLEI).chain(FREE_NUCLEI) {
                for coda in CODAS {
                    for tone in Tone::ALL {
                        let bare = format!("{onset}{nucleus}{coda}");
                        let Some(rest) = bare.strip_prefix(onset) else {
                            continue;
                        };
                        if let Some(s) = parse_rhyme(onset, rest, tone) {
                            if s.onset == *onset {
                                out.push(s.render());
                            }
                        }
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    });
    &ALL
}

/// True when some way of marking the word gives a Vietnamese syllable: "viec",
/// "nuoc" and "việc" are, "nudc" and "ctia" are not.
pub fn is_syllable_modulo_marks(word: &str) -> bool {
    let mut packed = PackedWord::default();
    for c in word.chars() {
        if !packed.push(c) {
            return is_syllable_the_slow_way(word);
        }
        if packed.too_long() {
            return false;
        }
    }
    packed.is_syllable()
}

/// [`is_syllable_modulo_marks`] for a word with a letter [`PackedWord::push`] does
/// not fold: the whole word folded.
pub(crate) fn is_syllable_the_slow_way(word: &str) -> bool {
    packed_key(&fold(word)).is_some_and(is_folded_syllable)
}

fn is_folded_syllable(key: u64) -> bool {
    static FOLDED: LazyLock<HashSet<u64, BuildHasherDefault<FxHasher>>> = LazyLock::new(|| {
        inventory()
            .iter()
            .map(|s| packed_key(&fold(s)).expect("a folded syllable is a few ASCII letters"))
            .collect()
    });
    FOLDED.contains(&key)
}

/// A word folded and packed as a [`packed_key`] letter by letter, so that a pass
/// that reads the letters anyway can tell a syllable without reading them again.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PackedWord {
    key: u64,
    letters: usize,
}

impl PackedWord {
    /// Adds a letter; false when it has no quick folding to an ASCII letter (the
    /// word is then told by [`is_syllable_the_slow_way`]). Once the word is
    /// [`PackedWord::too_long`], further letters change nothing.
    #[inline]
    pub(crate) fn push(&mut self, c: char) -> bool {
        if self.too_long() {
            return true;
        }
        let f = match c {
            'a'..='z' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => match tables().lower_fold.get(c as usize) {
                Some(&f) if f.is_ascii_lowercase() => f,
                // Beyond the table, or folding to something else.
                _ => return false,
            },
        };
        self.letters += 1;
        self.key = self.key << 5 | u64::from(f as u8 - b'`');
        true
    }

    /// More letters than any syllable has: not a syllable, whatever follows.
    #[inline]
    pub(crate) fn too_long(&self) -> bool {
        self.letters > PACKED_LETTERS
    }

    /// True when the letters pushed, all folded quickly, are a syllable modulo marks.
    pub(crate) fn is_syllable(&self) -> bool {
        !self.too_long() && is_folded_syllable(self.key)
    }
}

/// Letters a [`packed_key`] holds: more than any syllable has.
const PACKED_LETTERS: usize = 12;

/// A folded word of at most [`PACKED_LETTERS`] ASCII lowercase letters, five bits a
/// letter (a = 1), so that syllables are looked up as numbers; `None` for any other.
fn packed_key(folded: &str) -> Option<u64> {
    if folded.len() > PACKED_LETTERS || !folded.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some(folded.bytes().fold(0, |k, b| k << 5 | u64::from(b - b'`')))
}

/// Rewrites a word whose tone sits on the wrong vowel for official style ("hoà" →
/// "hòa", "Uỷ" → "Ủy"), keeping each letter's case. `None` when the word is not a
/// syllable or is already canonical.
pub fn canonical_tone_placement(word: &str) -> Option<String> {
    if word.is_ascii() || !tone_beside_vowel(word) {
        return None;
    }
    let syl = parse(word)?;
    if syl.tone == Tone::Level {
        return None;
    }
    let lower = syl.render();
    if lower.chars().count() != word.chars().count() {
        return None;
    }
    let out: String = lower
        .chars()
        .zip(word.chars())
        .map(|(l, orig)| {
            if orig.is_uppercase() {
                l.to_uppercase().next().unwrap_or(l)
            } else {
                l
            }
        })
        .collect();
    (out != word).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_split_and_join() {
        assert_eq!(split_tone('ế'), ('ê', Tone::Acute));
        assert_eq!(split_tone('Ử'), ('Ư', Tone::Hook));
        assert_eq!(split_tone('đ'), ('đ', Tone::Level));
        assert_eq!(with_tone('ơ', Tone::Dot), 'ợ');
    }

    #[test]
    fn tables_agree_with_decomposition_and_std() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(fold_char(c), fold_char_by_decomposition(c), "{c:?}");
            assert_eq!(split_tone(c), split_tone_by_decomposition(c), "{c:?}");
            let lower: String = c.to_lowercase().map(fold_char).collect();
            assert_eq!(fold(&c.to_string()), lower, "{c:?}");
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
            let first_lower = c.to_lowercase().next().unwrap_or(c);
            assert_eq!(lower_split_tone(c), split_tone(first_lower), "{c:?}");
            for t in Tone::ALL {
                assert_eq!(with_tone(c, t), with_tone_by_composition(c, t), "{c:?}");
            }
        }
    }

    #[test]
    fn syllables_are_known_in_any_marking_and_case() {
        for s in inventory() {
            assert!(is_syllable_modulo_marks(s), "{s}");
            assert!(is_syllable_modulo_marks(&s.to_uppercase()), "{s}");
            assert!(is_syllable_modulo_marks(&fold(s)), "{s}");
        }
        for word in ["nudc", "ctia", "t6", "", "nghiêngg", "UBND", "nghiênghiêng"] {
            assert!(!is_syllable_modulo_marks(word), "{word}");
        }
        // Letters outside the tables fold the slow way: the Kelvin sign is a K.
        assert!(is_syllable_modulo_marks("\u{212A}ỳ"));
    }

    /// [`fold`] one character at a time, as [`fold_lower`] gives them.
    fn fold_by_chars(s: &str) -> String {
        let mut out = String::new();
        s.chars().for_each(|c| fold_lower(c, |f| out.push(f)));
        out
    }

    /// [`fold_each`] one character at a time.
    fn fold_each_by_chars(s: &str) -> Vec<(usize, char)> {
        let mut out = Vec::new();
        for (at, c) in s.char_indices() {
            fold_lower(c, |f| out.push((at, f)));
        }
        out
    }

    fn fold_each_of(s: &str) -> Vec<(usize, char)> {
        let mut out = Vec::new();
        fold_each(s, |at, f| out.push((at, f)));
        out
    }

    #[test]
    fn the_byte_fold_agrees_with_the_char_fold() {
        // Every character, alone and between others of each width (one to four
        // bytes, at the end of the text too).
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("Ạ{c}ß"),
                format!("x{c}\u{10400}"),
                format!("ươ{c}"),
            ] {
                assert_eq!(fold(&s), fold_by_chars(&s), "{s:?}");
                assert_eq!(fold_each_of(&s), fold_each_by_chars(&s), "{s:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_folds_as_its_chars_do(s in "\\PC*") {
            proptest::prop_assert_eq!(fold(&s), fold_by_chars(&s));
            proptest::prop_assert_eq!(fold_each_of(&s), fold_each_by_chars(&s));
        }
    }

    #[test]
    fn only_the_slash_folds_to_a_slash() {
        // Extractors skip text without '/' when every pattern they look for has one.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut has = false;
            fold_lower(c, |f| has |= f == '/');
            assert_eq!(has, c == '/', "{c:?}");
        }
    }

    #[test]
    fn folded_words() {
        for s in [
            "",
            "  ",
            " Đảng  ỦY\u{A0}Thủy\n",
            "a",
            "Số 12 /KH \t ",
            "\u{2003}x\u{3000}y ",
        ] {
            let want = fold(s).split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(fold_words(s), want, "{s:?}");
        }
    }

    #[test]
    fn folding_is_a_search_key() {
        assert_eq!(fold("Đảng ỦY Thủy"), "dang uy thuy");
        assert_eq!(fold("NGHĨA"), "nghia");
    }

    #[test]
    fn valid_syllables_of_the_genre() {
        for w in [
            "kế", "hoạch", "triển", "khai", "phong", "trào", "nghĩa", "quyết", "định", "giữa",
            "gì", "khuyến", "người", "xã", "hội", "ủy", "thủy", "hòa", "hoà", "chuyển", "đổi",
            "số", "yêu", "cầu", "nước", "tuyên", "truyền", "khuỷu", "ngoài", "oanh", "quý",
        ] {
            assert!(parse(w).is_some(), "{w} should parse");
        }
    }

    #[test]
    fn ocr_damage_is_not_a_syllable() {
        for w in [
            "nudc", "ctia", "t6", "chirc", "strc", "hgi", "thango2", "ndam", "kan",
        ] {
            assert!(parse(w).is_none(), "{w} should not parse");
        }
        // Stop codas take only sắc or nặng.
        assert!(parse("hoàt").is_none());
    }

    #[test]
    fn inventory_is_generated_by_rule() {
        let all = inventory();
        for w in [
            "nghiêng", "khuyến", "người", "quyết", "hòa", "thủy", "gì", "oanh",
        ] {
            assert!(all.binary_search(&w.to_string()).is_ok(), "{w} missing");
        }
        assert!(all.binary_search(&"hoà".to_string()).is_err());
        assert!(all.len() > 5000 && all.len() < 30000, "{}", all.len());
        assert!(is_syllable_modulo_marks("viec"));
        assert!(is_syllable_modulo_marks("DUOC"));
        assert!(!is_syllable_modulo_marks("nudc"));
    }

    #[test]
    fn official_tone_placement() {
        assert_eq!(canonical_tone_placement("hoà").as_deref(), Some("hòa"));
        assert_eq!(canonical_tone_placement("Uỷ").as_deref(), Some("Ủy"));
        assert_eq!(canonical_tone_placement("HOÀ").as_deref(), Some("HÒA"));
        assert_eq!(canonical_tone_placement("thuỷ").as_deref(), Some("thủy"));
        assert_eq!(canonical_tone_placement("hoàn"), None);
        assert_eq!(canonical_tone_placement("hòa"), None);
        assert_eq!(canonical_tone_placement("người"), None);
        assert_eq!(canonical_tone_placement("quý"), None);
        assert_eq!(canonical_tone_placement("già"), None);
        assert_eq!(canonical_tone_placement("khoẻ").as_deref(), Some("khỏe"));
    }
}
