//! The whole pipeline: bytes to a [`PlanRecord`], stage after stage (decode,
//! normalize, segment, extract, emit), for one document or for a group of them
//! run stage by stage. Never panics on any input: input that is not a readable
//! plan becomes a record with an `error`.

use sha2::{Digest, Sha256};

use crate::decode::{decode, DecodeError, Encoding};
use crate::extract::{extract_all, Context};
use crate::normalize::{normalize, normalize_all, Normalized};
use crate::plan::{ErrorInfo, Plan, PlanRecord, Source, PLAN_SCHEMA};
use crate::segment::{segment, Layout};

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
    // One record for one input (see `process_all`).
    process_all(&[(path, bytes)], options).swap_remove(0)
}

/// Runs the pipeline on several documents, given as path and bytes, stage by
/// stage: all are decoded, then normalized, then segmented, then each extractor
/// runs over all of them ([`crate::extract::extract_all`]). The code and tables of
/// a stage stay warm from one document to the next, which makes a group of
/// documents faster to process than the same documents one at a time. Gives one
/// record per input, in input order, each exactly the record [`process`] gives
/// for that input alone.
pub fn process_all(inputs: &[(&str, &[u8])], options: &Options) -> Vec<PlanRecord> {
    let mut records = Vec::with_capacity(inputs.len());
    // The decoded texts, each with the index of its record.
    let mut texts: Vec<(usize, String)> = Vec::with_capacity(inputs.len());
    for &(path, bytes) in inputs {
        let mut source = Source {
            path: path.to_string(),
            sha256: hex(&Sha256::digest(bytes)),
            bytes: bytes.len() as u64,
            encoding: None,
            quality: None,
            repaired_tokens: 0,
        };
        let error = match decode(bytes, options.encoding) {
            Ok(d) => {
                source.encoding = Some(d.encoding);
                texts.push((records.len(), d.text));
                None
            }
            Err(e) => Some(ErrorInfo {
                code: e.code().to_string(),
                message: e.to_string(),
            }),
        };
        records.push(PlanRecord {
            schema: PLAN_SCHEMA.to_string(),
            source,
            error,
            plan: None,
        });
    }
    let sources: Vec<&str> = texts.iter().map(|(_, text)| text.as_str()).collect();
    let norms = normalize_all(&sources, options.repair);
    let plans = plans_of(&sources, &norms);
    for (((i, _), norm), plan) in texts.iter().zip(&norms).zip(plans) {
        let record = &mut records[*i];
        record.source.quality = Some(norm.quality);
        record.source.repaired_tokens = norm.repaired_tokens;
        record.plan = Some(plan);
    }
    records
}

/// Runs segment, extract and emit over normalized texts (with the decoded source
/// texts their spans point into), stage by stage.
fn plans_of(sources: &[&str], norms: &[Normalized]) -> Vec<Plan> {
    let layouts: Vec<Layout> = norms.iter().map(segment).collect();
    let ctxs: Vec<Context<'_>> = sources
        .iter()
        .zip(norms)
        .zip(&layouts)
        .map(|((source, norm), layout)| Context {
            source,
            norm,
            layout,
        })
        .collect();
    let mut plans = extract_all(&ctxs);
    drop(ctxs);
    for ((plan, layout), norm) in plans.iter_mut().zip(layouts).zip(norms) {
        plan.sections = crate::emit::sections(layout.sections, &norm.text);
    }
    plans
}

/// Extracts a plan from text already in memory (decoded source text).
pub fn extract_text(source: &str) -> Plan {
    let norm = normalize(source, true);
    plans_of(&[source], std::slice::from_ref(&norm)).swap_remove(0)
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

    #[test]
    fn a_group_gives_each_document_the_record_it_gets_alone() {
        let plan =
            "UBND TỈNH AN BÌNH\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện phong trào học tập suốt đời\n\
            I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao nhận thức của cán bộ.\n\
            II. TỔ CHỨC THỰC HIỆN\n1. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nội vụ \
            tham mưu triển khai; báo cáo trước ngày 30/11 hằng năm.\n";
        let stripped = "KE HOACH\nI. MUC DICH\n1. So Giao duc va Dao tao chu tri thuc hien.\n";
        let inputs: Vec<(&str, &[u8])> = vec![
            ("a.txt", plan.as_bytes()),
            ("empty.txt", b""),
            ("b.txt", stripped.as_bytes()),
            ("binary.bin", &[0, 159, 146, 150, 0, 0, 7]),
            ("a-again.txt", plan.as_bytes()),
        ];
        let line = |r: &PlanRecord| crate::emit::to_line(r);
        let together: Vec<String> = process_all(&inputs, &Options::default())
            .iter()
            .map(line)
            .collect();
        let alone: Vec<String> = inputs
            .iter()
            .map(|(p, b)| line(&process(p, b, &Options::default())))
            .collect();
        assert_eq!(together.len(), inputs.len());
        assert_eq!(together, alone);
        assert!(
            together[0].contains("\"lead\":[\"Sở Giáo dục và Đào tạo\"]"),
            "{}",
            together[0]
        );
        assert!(together[1].contains("\"error\":{"), "{}", together[1]);
        assert!(process_all(&[], &Options::default()).is_empty());
    }
}
