//! The emit stage: a [`Layout`](crate::segment::Layout) and extracted facts to the
//! wire types of [`crate::plan`], and records to JSON text.
//!
//! Turns normalized-text ranges into source spans; writes one JSON object per line
//! (JSON Lines) or an indented document. Output is deterministic: struct field
//! order, no maps with unordered keys.

mod json;

use crate::normalize::NormText;
use crate::plan::{ItemOut, PlanRecord, SectionOut};
use crate::segment::{Item, Section};

/// The sections of a layout as wire types, spans into the source through `text`
/// (the normalized text the layout was made on). Takes the sections, so their
/// words move into the wire types rather than being copied.
pub fn sections(sections: Vec<Section>, text: &NormText) -> Vec<SectionOut> {
    sections
        .into_iter()
        .map(|s| SectionOut {
            numeral: s.numeral,
            ordinal: s.ordinal,
            heading: s.heading,
            kinds: s.kinds,
            span: text.source_span(s.range),
            items: items(s.items, text),
        })
        .collect()
}

fn items(list: Vec<Item>, text: &NormText) -> Vec<ItemOut> {
    list.into_iter()
        .map(|i| ItemOut {
            id: i.id,
            label: i.label,
            heading: i.heading,
            text: i.text,
            span: text.source_span(i.range),
            items: items(i.items, text),
        })
        .collect()
}

/// One record as a JSON line (no trailing newline): what `serde_json` writes,
/// through [`json`]'s faster writer.
pub fn to_line(record: &PlanRecord) -> String {
    let mut out = Vec::with_capacity(line_capacity(record));
    if json::write(&mut out, record).is_err() {
        // A part of the data model the fast writer leaves alone: serde_json's line.
        out.clear();
        if let Err(e) = serde_json::to_writer(&mut out, record) {
            return internal_error(record, &e);
        }
    }
    // SAFETY: both writers write valid UTF-8 only: the strings they are given are
    // `str`, and their escapes and punctuation are ASCII (serde_json's own
    // `to_string` relies on the same).
    unsafe { String::from_utf8_unchecked(out) }
}

/// Room for the line of `record` from the start, so that it is written into one
/// buffer rather than copied through a dozen doublings: a plan's line runs to two
/// or three times its input (items, tasks and spans repeat its words). An error
/// record is a short line whatever the size of its input.
fn line_capacity(record: &PlanRecord) -> usize {
    if record.plan.is_none() {
        return 1024;
    }
    usize::try_from(record.source.bytes)
        .unwrap_or(usize::MAX)
        .min(crate::decode::MAX_BYTES)
        .saturating_mul(3)
        .saturating_add(1024)
}

/// One record as indented JSON.
pub fn to_pretty(record: &PlanRecord) -> String {
    serde_json::to_string_pretty(record).unwrap_or_else(|e| internal_error(record, &e))
}

/// Serialization of these types cannot fail (no maps with non-string keys, no
/// non-finite floats are produced); should it, the record still becomes a line.
fn internal_error(record: &PlanRecord, e: &serde_json::Error) -> String {
    serde_json::json!({
        "schema": record.schema,
        "source": { "path": record.source.path },
        "error": { "code": "internal", "message": e.to_string() },
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{process, Options};

    #[test]
    fn lines_are_what_serde_json_writes() {
        let plan = "KẾ HOẠCH\nThực hiện phong trào “Cả nước thi đua”\nI. MỤC ĐÍCH\n1. Sở Giáo dục và Đào tạo chủ trì, trước ngày 30/11/2026.\n";
        // A plan, and two inputs that give error records (short lines).
        let inputs: [(&[u8], bool); 3] = [
            (plan.as_bytes(), true),
            (b"", false),
            (b"\x00\x01binary\x00", false),
        ];
        for (bytes, is_plan) in inputs {
            let record = process("p.txt", bytes, &Options::default());
            assert_eq!(record.plan.is_some(), is_plan);
            assert_eq!(to_line(&record), serde_json::to_string(&record).unwrap());
        }
    }

    #[test]
    fn corpus_lines_are_what_serde_json_writes() {
        let texts = crate::extract::folded::testing::corpus_texts();
        assert!(!texts.is_empty());
        for text in texts {
            let record = process("p.txt", text.as_bytes(), &Options::default());
            assert_eq!(to_line(&record), serde_json::to_string(&record).unwrap());
        }
    }
}
