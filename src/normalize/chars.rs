//! The character pass: byte-order mark, CRLF, NFC, spaces and invisible characters,
//! typographic dashes and quotes, and the tone placement of official documents
//! ("hoà" → "hòa", "uỷ" → "ủy").
//!
//! Takes a [`NormText`], gives a new one; every edit keeps its source alignment.
//! Lossless in meaning: only the form of characters changes, never the words.

use std::cell::RefCell;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::repair::fasthash::FastMap;
use super::text::NormText;
use crate::syllable::{canonical_tone_placement, is_letter_or_digit};

/// Runs the character pass.
pub fn normalize_chars(input: &NormText) -> NormText {
    let text = input.as_str();
    let bytes = text.as_bytes();
    let mut b = input.builder();
    let mut copied = 0; // start of the pending copy run
    let mut i = 0;
    while i < bytes.len() {
        // ASCII outside words: only quotes, tabs and control characters change.
        let c = match bytes[i] {
            x if x.is_ascii_alphanumeric() => x as char,
            x if x.is_ascii() && !matches!(x, b'"' | b'\t' | b'\r') && !x.is_ascii_control() => {
                i += 1;
                continue;
            }
            x if x.is_ascii() => x as char,
            _ => text[i..].chars().next().unwrap_or_default(),
        };
        let end = i + c.len_utf8();
        if is_word_char(c) {
            // Gather the whole word, combining marks included.
            let end = word_end(text, end);
            let word = &text[i..end];
            if !word.is_ascii() {
                with_rewritten(word, |new| {
                    if let Some(new) = new {
                        b.copy(copied..i);
                        b.replace(i..end, new);
                        copied = end;
                    }
                });
            }
            i = end;
            continue;
        }
        let replacement: Option<&str> = match c {
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{2060}' => Some(""),
            '\r' => {
                if bytes.get(end) == Some(&b'\n') {
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
                let prev = text[..i].chars().next_back();
                let opens = prev.is_none_or(|p| p.is_whitespace() || "([{-/".contains(p));
                Some(if opens { "\u{201C}" } else { "\u{201D}" })
            }
            c if is_combining(c) => None,
            c if c.is_control() && c != '\n' => Some(" "),
            _ => None,
        };
        if let Some(r) = replacement {
            b.copy(copied..i);
            b.replace(i..end, r);
            copied = end;
        }
        i = end;
    }
    b.copy(copied..text.len());
    b.finish()
}

/// The end of the word that runs on from byte `at`: word characters and combining
/// marks.
fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        if bytes[at].is_ascii_alphanumeric() {
            at += 1;
            continue;
        }
        if bytes[at].is_ascii() {
            break;
        }
        match text[at..].chars().next() {
            Some(d) if is_word_char(d) || is_combining(d) => at += d.len_utf8(),
            _ => break,
        }
    }
    at
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

    #[test]
    fn clean_text_is_untouched() {
        let src = "Phát huy sức mạnh của cả hệ thống chính trị.";
        assert_eq!(run(src).as_str(), src);
    }
}
