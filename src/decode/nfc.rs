//! Unicode NFC of decoded text, passing over ASCII.
//!
//! Legacy decoders and `.docx` give text that is mostly ASCII letters, spaces and
//! digits, with Vietnamese letters and combining tone marks between them. An ASCII
//! character is a starter (canonical combining class 0) that nothing composes with
//! as a second character (its NFC quick check is Yes), so the text can be cut
//! before any ASCII character and each piece normalized alone: the ASCII runs are
//! copied, each run of other characters is normalized with the ASCII character
//! before it (which a mark after it may compose with), and a run that the quick
//! check finds normalized already is copied too. The result is the very string
//! `unicode_normalization`'s `nfc()` gives for the whole text.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The NFC of `text`.
pub(crate) fn nfc(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    // `at` is the start of the text or an ASCII byte.
    while let Some(k) = bytes[at..].iter().position(|b| !b.is_ascii()) {
        let other = at + k;
        // The ASCII character before the run opens its piece.
        let start = if other > at { other - 1 } else { other };
        out.push_str(&text[at..start]);
        let end = bytes[other..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |k| other + k);
        let piece = &text[start..end];
        if is_nfc_quick(piece.chars()) == IsNormalized::Yes {
            out.push_str(piece);
        } else {
            out.extend(piece.nfc());
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> String {
        text.nfc().collect()
    }

    #[test]
    fn pieces_normalize_as_the_whole_text() {
        for text in [
            "",
            "abc",
            "Kế hoạch số 12/KH-UBND",
            // Windows-1258 writes tones as combining marks after the letter.
            "Ke\u{302}\u{301} hoa\u{323}ch",
            "\u{301}a",
            "a\u{301}",
            "A\u{30A}\u{301}x",
            "e\u{323}\u{302}",
            "e\u{302}\u{323}",
            "\u{1100}\u{1161}\u{11A8} a",
            "\u{9C7}\u{9D7}",
            "x\u{9C7}\u{9D7}y",
            "\u{212B}\u{2126}",
            "ñ\u{303}n\u{303}",
            "\u{FFFD}\u{301}",
            "a\u{301}\u{301}\u{316}b",
        ] {
            assert_eq!(nfc(text), whole(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_normalizes_as_the_whole(text in "(\\PC|[a-zA-Z ]|[\u{300}-\u{36F}]|[\u{1100}-\u{11FF}]){0,40}") {
            proptest::prop_assert_eq!(nfc(&text), whole(&text));
        }
    }
}
