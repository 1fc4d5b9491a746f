//! The emit stage: a [`Layout`](crate::segment::Layout) and extracted facts to the
//! wire types of [`crate::plan`], and records to JSON text.
//!
//! Turns normalized-text ranges into source spans; writes one JSON object per line
//! (JSON Lines) or an indented document. Output is deterministic: struct field
//! order, no maps with unordered keys.

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

/// One record as a JSON line (no trailing newline).
pub fn to_line(record: &PlanRecord) -> String {
    serde_json::to_string(record).unwrap_or_else(|e| internal_error(record, &e))
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
