//! The emit stage: a [`Layout`](crate::segment::Layout) and extracted facts to the
//! wire types of [`crate::plan`], and records to JSON text.
//!
//! Turns normalized-text ranges into source spans; writes one JSON object per line
//! (JSON Lines) or an indented document. Output is deterministic: struct field
//! order, no maps with unordered keys.

use crate::extract::Context;
use crate::plan::{ItemOut, PlanRecord, SectionOut};
use crate::segment::Item;

/// The sections of the layout as wire types, spans into the source.
pub fn sections(ctx: &Context<'_>) -> Vec<SectionOut> {
    ctx.layout
        .sections
        .iter()
        .map(|s| SectionOut {
            numeral: s.numeral.clone(),
            ordinal: s.ordinal,
            heading: s.heading.clone(),
            kinds: s.kinds.clone(),
            span: ctx.span(s.range.clone()),
            items: items(ctx, &s.items),
        })
        .collect()
}

fn items(ctx: &Context<'_>, list: &[Item]) -> Vec<ItemOut> {
    list.iter()
        .map(|i| ItemOut {
            id: i.id.clone(),
            label: i.label.clone(),
            heading: i.heading.clone(),
            text: i.text.clone(),
            span: ctx.span(i.range.clone()),
            items: items(ctx, &i.items),
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
