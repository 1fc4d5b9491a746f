//! The whole pipeline on one document: bytes to a [`PlanRecord`], stage after stage
//! (decode, normalize, segment, extract, emit). Never panics on any input: input that
//! is not a readable plan becomes a record with an `error`.

use sha2::{Digest, Sha256};

use crate::decode::{decode, DecodeError, Encoding};
use crate::extract::{extract, Context};
use crate::normalize::{normalize, Normalized};
use crate::plan::{ErrorInfo, Plan, PlanRecord, Source, PLAN_SCHEMA};
use crate::segment::segment;

/// How to run the pipeline.
#[derive(Clone, Debug)]
pub struct Options {
    /// Repair OCR damage and missing diacritics (on by default).
    pub repair: bool,
    /// Read the input in this encoding instead of detecting it.
    pub encoding: Option<Encoding>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            repair: true,
            encoding: None,
        }
    }
}

/// Runs the pipeline on the bytes of one document; `path` is reported as given.
pub fn process(path: &str, bytes: &[u8], options: &Options) -> PlanRecord {
    let mut source = Source {
        path: path.to_string(),
        sha256: hex(&Sha256::digest(bytes)),
        bytes: bytes.len() as u64,
        encoding: None,
        quality: None,
        repaired_tokens: 0,
    };
    let decoded = match decode(bytes, options.encoding) {
        Ok(d) => d,
        Err(e) => {
            return PlanRecord {
                schema: PLAN_SCHEMA.to_string(),
                source,
                error: Some(ErrorInfo {
                    code: e.code().to_string(),
                    message: e.to_string(),
                }),
                plan: None,
            }
        }
    };
    source.encoding = Some(decoded.encoding);
    let norm = normalize(&decoded.text, options.repair);
    source.quality = Some(norm.quality);
    source.repaired_tokens = norm.repaired_tokens;
    let plan = plan_of(&decoded.text, &norm);
    PlanRecord {
        schema: PLAN_SCHEMA.to_string(),
        source,
        error: None,
        plan: Some(plan),
    }
}

/// Runs segment, extract and emit over normalized text.
fn plan_of(source: &str, norm: &Normalized) -> Plan {
    let layout = segment(norm);
    let ctx = Context {
        source,
        norm,
        layout: &layout,
    };
    let mut plan = extract(&ctx);
    plan.sections = crate::emit::sections(layout.sections, &norm.text);
    plan
}

/// Extracts a plan from text already in memory (decoded source text).
pub fn extract_text(source: &str) -> Plan {
    plan_of(source, &normalize(source, true))
}

/// An error record for an input that could not be read at all.
pub fn unreadable(path: &str, error: &std::io::Error) -> PlanRecord {
    unprocessed(path, 0, "io", error.to_string())
}

/// An error record for an input of `bytes` bytes, above [`crate::decode::MAX_BYTES`],
/// that was not read whole.
pub fn too_large(path: &str, bytes: u64) -> PlanRecord {
    let error = DecodeError::TooLarge {
        bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
    };
    unprocessed(path, bytes, error.code(), error.to_string())
}

fn unprocessed(path: &str, bytes: u64, code: &str, message: String) -> PlanRecord {
    PlanRecord {
        schema: PLAN_SCHEMA.to_string(),
        source: Source {
            path: path.to_string(),
            sha256: String::new(),
            bytes,
            encoding: None,
            quality: None,
            repaired_tokens: 0,
        },
        error: Some(ErrorInfo {
            code: code.to_string(),
            message,
        }),
        plan: None,
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xF)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_two_lowercase_digits_a_byte() {
        let bytes: Vec<u8> = (0..=255).collect();
        let want: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex(&bytes), want);
        assert_eq!(hex(&[]), "");
    }
}
