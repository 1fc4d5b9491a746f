//! The decode stage: bytes of a real file to UTF-8 text, with the encoding detected
//! (UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1258, TCVN3, VNI-Windows, or a
//! Word `.docx` read through its XML) or forced by the caller.
//!
//! Gives [`Decoded`]: the text that all spans index into. For UTF-8 input that text
//! is the file itself, BOM included, so `file[start..end]` is the evidence of a fact;
//! the normalize stage drops the BOM. Windows-1258 and VNI decode to decomposed
//! marks, which are composed here (the decoded text is NFC). Input that is not text
//! (NUL bytes, control bytes, undecodable sequences beyond a small tolerance) gives a
//! [`DecodeError`], never a mangled document and never a panic.

pub mod docx;
mod nfc;
pub mod tcvn3;
pub mod vni;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::fasthash::FastMap;
use crate::syllable::{has_diacritic, is_letter_or_digit, parse};
use nfc::nfc;

/// Text encodings kehoach reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-16 little-endian.
    #[serde(rename = "utf-16le")]
    Utf16Le,
    /// UTF-16 big-endian.
    #[serde(rename = "utf-16be")]
    Utf16Be,
    /// Windows-1258 (Vietnamese Windows code page).
    #[serde(rename = "windows-1258")]
    Windows1258,
    /// TCVN 5712:1993 "ABC" (fonts .VnTime and kin).
    #[serde(rename = "tcvn3")]
    Tcvn3,
    /// VNI-Windows (fonts VNI-Times and kin).
    #[serde(rename = "vni")]
    Vni,
    /// A Word document (`.docx`): spans index into its extracted text.
    #[serde(rename = "docx")]
    Docx,
}

impl Encoding {
    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Docx => "docx",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Encoding {
    type Err = DecodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.to_ascii_lowercase().replace('_', "-");
        Ok(match key.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-16le" | "utf16le" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1258" | "cp1258" => Encoding::Windows1258,
            "tcvn3" | "tcvn" | "abc" => Encoding::Tcvn3,
            "vni" | "vni-windows" => Encoding::Vni,
            "docx" => Encoding::Docx,
            _ => {
                return Err(DecodeError::UnknownEncoding {
                    label: s.to_string(),
                })
            }
        })
    }
}

/// Why bytes could not be decoded. The `code` goes into the `error` record.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input has no bytes (or only a byte-order mark and white space).
    #[error("the input is empty")]
    Empty,
    /// NUL or control bytes: a binary file, not text.
    #[error(
        "the input is binary, not text ({control} control or NUL bytes in the first {sampled})"
    )]
    Binary {
        /// Control or NUL bytes seen.
        control: usize,
        /// Bytes sampled.
        sampled: usize,
    },
    /// No supported encoding reads the bytes as text.
    #[error("no supported encoding decodes the input ({invalid} invalid UTF-8 sequences and no legacy Vietnamese encoding fits)")]
    Undecodable {
        /// Invalid UTF-8 sequences found.
        invalid: usize,
    },
    /// The forced encoding does not decode the bytes.
    #[error("the input is not valid {encoding} ({invalid} invalid sequences)")]
    InvalidForEncoding {
        /// The encoding asked for.
        encoding: Encoding,
        /// Invalid sequences found.
        invalid: usize,
    },
    /// An encoding name kehoach does not know.
    #[error(
        "unknown encoding {label:?} (known: utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni, docx)"
    )]
    UnknownEncoding {
        /// The name given.
        label: String,
    },
    /// A `.docx` whose archive or XML is broken.
    #[error("the Word document is corrupt: {why}")]
    CorruptDocx {
        /// What is broken.
        why: String,
    },
    /// Larger than [`MAX_BYTES`] (a `.docx`: its text, or its XML past eight times that).
    #[error("the input is too large: {bytes} bytes or more, above the limit of 32 MiB of text (256 MiB of Word XML)")]
    TooLarge {
        /// Bytes seen when the limit was passed (the input has at least these).
        bytes: usize,
    },
}

impl DecodeError {
    /// The stable code for JSON `error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            DecodeError::Empty => "empty",
            DecodeError::Binary { .. } => "binary",
            DecodeError::Undecodable { .. } => "undecodable",
            DecodeError::InvalidForEncoding { .. } => "invalid_encoding",
            DecodeError::UnknownEncoding { .. } => "unknown_encoding",
            DecodeError::CorruptDocx { .. } => "corrupt_docx",
            DecodeError::TooLarge { .. } => "too_large",
        }
    }
}

/// Decoded text and how it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, UTF-8 (for UTF-8 input: the file itself).
    pub text: String,
    /// The encoding it was read in.
    pub encoding: Encoding,
    /// Characters that could not be decoded and were replaced by U+FFFD.
    pub replaced: usize,
}

/// Largest input accepted, and largest text taken from a `.docx`: the pipeline holds
/// some 8 bytes per byte of text, so one document stays under about 300 MB.
pub const MAX_BYTES: usize = 32 << 20;
/// Invalid sequences tolerated in text that is otherwise UTF-8 (replaced, reported).
const UTF8_TOLERANCE: usize = 8;

/// Decodes bytes, detecting the encoding unless `force` names one.
pub fn decode(bytes: &[u8], force: Option<Encoding>) -> Result<Decoded, DecodeError> {
    if bytes.len() > MAX_BYTES {
        return Err(DecodeError::TooLarge { bytes: bytes.len() });
    }
    let decoded = match force {
        Some(enc) => decode_as(bytes, enc)?,
        None => detect_and_decode(bytes)?,
    };
    if decoded.text.len() > MAX_BYTES {
        return Err(DecodeError::TooLarge {
            bytes: decoded.text.len(),
        });
    }
    if decoded
        .text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .is_empty()
    {
        return Err(DecodeError::Empty);
    }
    Ok(decoded)
}

fn detect_and_decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if docx::looks_like_docx(bytes) {
        return decode_as(bytes, Encoding::Docx);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return decode_as(bytes, Encoding::Utf16Le);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return decode_as(bytes, Encoding::Utf16Be);
    }
    if !bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        if let Some(enc) = utf16_without_bom(bytes) {
            return decode_as(bytes, enc);
        }
    }
    check_not_binary(bytes)?;
    if let Some(text) = valid_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: Encoding::Utf8,
            replaced: 0,
        });
    }
    let invalid = invalid_utf8(bytes);
    if ascii_with_ansi_punctuation(bytes) {
        return decode_as(bytes, Encoding::Windows1258);
    }
    // Not UTF-8: the legacy Vietnamese encodings compete on how Vietnamese they read.
    let (w1258, whole) = windows_1258_sample(bytes);
    let candidates = [
        (Encoding::Tcvn3, tcvn3::likelihood(bytes)),
        (Encoding::Vni, vni::likelihood(bytes)),
        (Encoding::Windows1258, vietnamese_word_share(&w1258)),
    ];
    let (best, score) = candidates
        .iter()
        .copied()
        .fold(
            (Encoding::Utf8, 0.0f32),
            |acc, c| if c.1 > acc.1 { c } else { acc },
        );
    let mostly_utf8 = invalid <= UTF8_TOLERANCE && invalid * 1000 <= bytes.len();
    if mostly_utf8 && score < 0.9 {
        let text = String::from_utf8_lossy(bytes).into_owned();
        return Ok(Decoded {
            text,
            encoding: Encoding::Utf8,
            replaced: invalid,
        });
    }
    if score >= 0.5 {
        if best == Encoding::Windows1258 && whole {
            // The sample read was the whole file: what `decode_as` would make again.
            return Ok(Decoded {
                text: w1258,
                encoding: best,
                replaced: 0,
            });
        }
        return decode_as(bytes, best);
    }
    Err(DecodeError::Undecodable { invalid })
}

/// Decodes in one encoding; errors when the bytes are not valid in it.
fn decode_as(bytes: &[u8], enc: Encoding) -> Result<Decoded, DecodeError> {
    let (text, replaced) = match enc {
        Encoding::Utf8 => match valid_utf8(bytes) {
            Some(s) => (s.to_string(), 0),
            None => {
                let invalid = invalid_utf8(bytes);
                if invalid > UTF8_TOLERANCE || invalid * 1000 > bytes.len() {
                    return Err(DecodeError::InvalidForEncoding {
                        encoding: enc,
                        invalid,
                    });
                }
                (String::from_utf8_lossy(bytes).into_owned(), invalid)
            }
        },
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let codec = if enc == Encoding::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let (cow, _) = codec.decode_with_bom_removal(bytes);
            let replaced = cow.matches('\u{FFFD}').count();
            if replaced > UTF8_TOLERANCE {
                return Err(DecodeError::InvalidForEncoding {
                    encoding: enc,
                    invalid: replaced,
                });
            }
            (cow.into_owned(), replaced)
        }
        Encoding::Windows1258 => {
            let (cow, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
            (nfc(&cow), 0)
        }
        Encoding::Tcvn3 => {
            let d = tcvn3::decode(bytes);
            (d.text, d.unmapped)
        }
        Encoding::Vni => {
            let d = vni::decode(bytes);
            (d.text, d.unmapped)
        }
        Encoding::Docx => (nfc(&docx::text(bytes)?), 0),
    };
    if matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be) {
        check_not_binary(text.as_bytes())?;
    }
    Ok(Decoded {
        text,
        encoding: enc,
        replaced,
    })
}

/// UTF-16 without a byte-order mark shows as NUL bytes at every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd * 10 >= pairs * 6 && even * 10 <= pairs {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= pairs * 6 && odd * 10 <= pairs {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    let sample = &bytes[..bytes.len().min(65536)];
    // Controls other than line and page breaks and tabs, counted without a branch
    // per byte (the count is vectorized), and NULs.
    let control: usize = sample
        .chunks(128)
        .map(|chunk| {
            let n: u8 = chunk
                .iter()
                .map(|&b| {
                    u8::from((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0C))
                })
                .fold(0, u8::wrapping_add);
            usize::from(n)
        })
        .sum();
    let nul = memchr::memchr(0, sample).is_some();
    if nul || control * 100 > sample.len() {
        return Err(DecodeError::Binary {
            control,
            sampled: sample.len(),
        });
    }
    Ok(())
}

/// The bytes as text when they are valid UTF-8. Vietnamese is mostly multi-byte
/// characters, where a SIMD validator is several times faster than the standard
/// library's (which is kept for locating errors, in [`invalid_utf8`]).
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

fn invalid_utf8(mut bytes: &[u8]) -> usize {
    let mut n = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return n,
            Err(e) => {
                n += 1;
                let skip = e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                bytes = &bytes[skip.min(bytes.len())..];
            }
        }
    }
}

/// ASCII whose other bytes are all Windows "ANSI" punctuation (“ ” – …): a plan
/// typed without diacritics in an 8-bit file. No Vietnamese letter tells the legacy
/// encodings apart, and all of them read these bytes alike, as Windows-1258 does.
fn ascii_with_ansi_punctuation(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| {
        b < 0x80
            || ((0x80..=0x9F).contains(&b)
                && !matches!(b, 0x81 | 0x8A | 0x8D..=0x90 | 0x9A | 0x9D | 0x9E))
    })
}

/// Bytes of a file read as Windows-1258 to judge how Vietnamese they read.
const WINDOWS_1258_SAMPLE: usize = 65536;

/// The text (NFC) of the first [`WINDOWS_1258_SAMPLE`] bytes taken as
/// Windows-1258, whose words [`vietnamese_word_share`] judges, and whether they are
/// all the bytes (then the text is the file's decoding in that encoding).
fn windows_1258_sample(bytes: &[u8]) -> (String, bool) {
    let sample = &bytes[..bytes.len().min(WINDOWS_1258_SAMPLE)];
    let (cow, _, _) = encoding_rs::WINDOWS_1258.decode(sample);
    (nfc(&cow), sample.len() == bytes.len())
}

/// Share of the words carrying diacritics that are valid Vietnamese syllables.
pub(crate) fn vietnamese_word_share(text: &str) -> f32 {
    let mut marked = 0usize;
    let mut valid = 0usize;
    // Whether a word is marked, and a syllable, by the word: a plan writes the
    // same few hundred over and over.
    let mut words: FastMap<&str, (bool, bool)> = FastMap::default();
    for w in text.split(|c: char| !is_letter_or_digit(c)) {
        let (has_mark, syllable) = *words.entry(w).or_insert_with(|| {
            let has_mark = w.chars().any(has_diacritic);
            (has_mark, has_mark && parse(w).is_some())
        });
        marked += usize::from(has_mark);
        valid += usize::from(syllable);
    }
    if marked < 5 {
        return 0.0;
    }
    valid as f32 / marked as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_is_told_as_one_byte_at_a_time_tells_it() {
        let plain = |bytes: &[u8]| {
            let sample = &bytes[..bytes.len().min(65536)];
            let (mut control, mut nul) = (0, false);
            for &b in sample.iter().filter(|&&b| b < 0x20) {
                nul |= b == 0;
                control += usize::from(!matches!(b, b'\n' | b'\r' | b'\t' | 0x0C));
            }
            if nul || control * 100 > sample.len() {
                Err(DecodeError::Binary {
                    control,
                    sampled: sample.len(),
                })
            } else {
                Ok(())
            }
        };
        let every: Vec<u8> = (0..=255).collect();
        let mut texts: Vec<Vec<u8>> = vec![Vec::new(), every.clone()];
        for b in every {
            // One byte among text, at one control in a hundred and just over it.
            for n in [99, 100, 101, 200] {
                let mut t = b"Ke hoach\r\n\t".repeat(n / 10 + 1);
                t.truncate(n);
                t.push(b);
                texts.push(t);
            }
        }
        let long = b"\x01abcdefghijklmnopqrstuvwxyz ".repeat(70_000 / 30 * 10);
        texts.push(long);
        for t in &texts {
            assert_eq!(check_not_binary(t), plain(t), "{t:?}");
        }
    }

    #[test]
    fn utf8_with_bom_keeps_file_offsets() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("KẾ HOẠCH".as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.text.as_bytes(), &bytes[..]);
    }

    #[test]
    fn unaccented_text_with_windows_quotes_is_windows_1258() {
        let bytes = b"KE HOACH\nTrien khai phong trao \x93Hoc tap suot doi\x94 \x96 giai doan 2023\x852030\n";
        let d = decode(bytes, None).unwrap();
        assert_eq!(d.encoding, Encoding::Windows1258);
        assert_eq!(
            d.text,
            "KE HOACH\nTrien khai phong trao \u{201C}Hoc tap suot doi\u{201D} \u{2013} giai doan 2023\u{2026}2030\n"
        );
        assert!(
            decode(b"KE HOACH \x81 \x93", None).is_err(),
            "0x81 is no character"
        );
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "Kế hoạch triển khai Phong trào thi đua";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le, None).unwrap().text, text);
        assert_eq!(decode(&be, None).unwrap().encoding, Encoding::Utf16Be);
        assert_eq!(decode(&be, None).unwrap().text, text);
        let d = decode(&le[2..], None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), (Encoding::Utf16Le, text));
    }

    /// `text` as Windows-1258 writes it: tones as combining marks after the letter.
    fn windows_1258(text: &str) -> Vec<u8> {
        let mut split = String::new();
        for c in text.chars() {
            let (base, tone) = crate::syllable::split_tone(c);
            split.push(base);
            split.extend(crate::syllable::tone_mark(tone));
        }
        let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(&split);
        assert!(!bad);
        bytes.into_owned()
    }

    #[test]
    fn windows_1258_is_detected_and_composed() {
        let text = "Ủy ban nhân dân tỉnh triển khai Phong trào thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời.";
        let d = decode(&windows_1258(text), None).unwrap();
        assert_eq!(d.encoding, Encoding::Windows1258);
        assert_eq!(d.text, text);
    }

    #[test]
    fn detected_windows_1258_is_decoded_as_decode_as_does() {
        let line =
            windows_1258("Kế hoạch triển khai Phong trào “Cả nước thi đua” trên địa bàn huyện.\n");
        // Within the sample, the sample's text is used; past it, the file is decoded.
        for n in [
            1,
            WINDOWS_1258_SAMPLE / line.len(),
            WINDOWS_1258_SAMPLE / line.len() + 1,
        ] {
            let bytes = line.repeat(n);
            let d = detect_and_decode(&bytes).unwrap();
            assert_eq!(d.encoding, Encoding::Windows1258);
            assert_eq!(d, decode_as(&bytes, Encoding::Windows1258).unwrap(), "{n}");
        }
    }

    #[test]
    fn not_text_is_an_error() {
        assert_eq!(decode(b"", None), Err(DecodeError::Empty));
        assert_eq!(decode(b"  \n\t", None), Err(DecodeError::Empty));
        let e = decode(b"KE HOACH\0\0\x01\x02 binary", None).unwrap_err();
        assert_eq!(e.code(), "binary");
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        assert!(decode(&noise, None).is_err());
    }

    #[test]
    fn forced_encoding_is_checked() {
        let e = decode(
            &[
                0xC3, 0x28, 0xFF, 0xFE, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
            ],
            Some(Encoding::Utf8),
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_encoding");
        assert_eq!("TCVN3".parse::<Encoding>().unwrap(), Encoding::Tcvn3);
        assert!("latin-9".parse::<Encoding>().is_err());
    }
}
