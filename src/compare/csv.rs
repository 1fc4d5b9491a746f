//! The comparison as CSV for spreadsheets: UTF-8 with a byte order mark (so Excel
//! reads Vietnamese intact), RFC 4180 quoting, CRLF line ends.
//!
//! One table, one row per aligned (or unaligned) criterion, task, per field's
//! bodies in a plan (agency), per deadline chain check and per plan's reuse; the
//! `kind` column tells which. Cells are the comparison's own texts; a cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-` or `@`) is
//! prefixed with an apostrophe.

use super::{level_name, Comparison, DocumentRef};

/// The header row.
pub const HEADER: &[&str] = &[
    "kind", "pair", "relation", "group", "status", "score", "plan_a", "level_a", "text_a",
    "plan_b", "level_b", "text_b", "detail",
];

/// Quotes one field per RFC 4180 (and guards formulas).
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains(['"', ',', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn line(out: &mut String, cells: &[String]) {
    let quoted: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

/// One row being filled.
#[derive(Default)]
struct Row {
    kind: &'static str,
    pair: String,
    relation: String,
    group: String,
    status: String,
    score: Option<f64>,
    a: Option<String>,
    text_a: String,
    b: Option<String>,
    text_b: String,
    detail: String,
}

/// The comparison as CSV text, byte order mark first.
pub fn render(c: &Comparison) -> String {
    let doc = |id: &str| c.documents.iter().find(|d| d.id == id);
    let plan_cells = |id: &Option<String>| -> (String, String) {
        match id.as_deref() {
            Some(id) => match doc(id) {
                Some(d) => (format!("{} {}", d.id, d.label), level(d)),
                None => (absent_label(c, id), String::new()),
            },
            None => (String::new(), String::new()),
        }
    };
    let relation = |pair: &str| -> String {
        c.pairs
            .iter()
            .find(|p| p.id == pair)
            .map(|p| p.relation.clone())
            .unwrap_or_default()
    };
    let mut rows: Vec<Row> = Vec::new();
    for r in &c.criteria {
        let pair = c.pairs.iter().find(|p| p.id == r.pair);
        rows.push(Row {
            kind: "criterion",
            pair: r.pair.clone(),
            relation: relation(&r.pair),
            group: r.target.clone(),
            status: r.status.clone(),
            score: r.score,
            a: pair.map(|p| p.a.clone()),
            text_a: r.a.as_ref().map(|s| s.text.clone()).unwrap_or_default(),
            b: pair.map(|p| p.b.clone()),
            text_b: r.b.as_ref().map(|s| s.text.clone()).unwrap_or_default(),
            detail: r
                .terms
                .as_ref()
                .map(|t| format!("a: {} | b: {}", t.a_only.join("; "), t.b_only.join("; ")))
                .unwrap_or_default(),
        });
    }
    for t in &c.agencies.tasks {
        let pair = c.pairs.iter().find(|p| p.id == t.pair);
        let side = |s: &Option<super::TaskSide>| {
            s.as_ref()
                .map(|s| format!("[{}] {}", s.task_id, s.text))
                .unwrap_or_default()
        };
        let lead =
            |s: &Option<super::TaskSide>| s.as_ref().map(|s| s.lead.join("; ")).unwrap_or_default();
        let fields: Vec<String> = [&t.a, &t.b]
            .iter()
            .filter_map(|s| s.as_ref())
            .flat_map(|s| s.fields.clone())
            .fold(Vec::new(), |mut acc, f| {
                if !acc.contains(&f) {
                    acc.push(f);
                }
                acc
            });
        let same = match t.same_field {
            Some(true) => "; same field",
            Some(false) => "; different fields",
            None => "",
        };
        rows.push(Row {
            kind: "task",
            pair: t.pair.clone(),
            relation: relation(&t.pair),
            group: fields.join("; "),
            status: t.status.clone(),
            score: t.score,
            a: pair.map(|p| p.a.clone()),
            text_a: side(&t.a),
            b: pair.map(|p| p.b.clone()),
            text_b: side(&t.b),
            detail: format!("lead a: {} | lead b: {}{same}", lead(&t.a), lead(&t.b)),
        });
    }
    for f in &c.agencies.fields {
        for b in &f.bodies {
            rows.push(Row {
                kind: "agency",
                group: f.label.clone(),
                status: b.roles.join("; "),
                a: Some(b.document.clone()),
                text_a: b.names.join("; "),
                detail: format!("{} task(s) led", b.leads),
                ..Row::default()
            });
        }
    }
    for k in &c.deadlines.checks {
        rows.push(Row {
            kind: "deadline",
            relation: "parent_child".to_string(),
            status: k.status.clone(),
            a: Some(k.child.clone()),
            text_a: k
                .child_deadline
                .as_ref()
                .map(|d| d.text.clone())
                .unwrap_or_default(),
            b: Some(k.parent.clone()),
            text_b: k
                .parent_deadline
                .as_ref()
                .map(|d| d.text.clone())
                .unwrap_or_default(),
            detail: k.message.clone(),
            ..Row::default()
        });
    }
    for p in &c.reuse.plans {
        let top = p.sources.first();
        rows.push(Row {
            kind: "reuse",
            score: Some(p.share),
            a: Some(p.document.clone()),
            text_a: format!(
                "{} of {} sentences found in another plan",
                p.reused, p.sentences
            ),
            b: top.map(|s| s.document.clone()),
            text_b: top
                .map(|s| format!("{} sentences ({:.1}%)", s.sentences, s.share * 100.0))
                .unwrap_or_default(),
            detail: p
                .from_parent
                .as_ref()
                .map(|s| format!("from parent {}: {:.1}%", s.document, s.share * 100.0))
                .unwrap_or_default(),
            ..Row::default()
        });
    }
    let mut out = String::from("\u{feff}");
    line(
        &mut out,
        &HEADER.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    for r in rows {
        let (pa, la) = plan_cells(&r.a);
        let (pb, lb) = plan_cells(&r.b);
        line(
            &mut out,
            &[
                r.kind.to_string(),
                r.pair,
                r.relation,
                r.group,
                r.status,
                r.score.map(|s| format!("{s:.3}")).unwrap_or_default(),
                pa,
                la,
                r.text_a,
                pb,
                lb,
                r.text_b,
                r.detail,
            ],
        );
    }
    out
}

fn level(d: &DocumentRef) -> String {
    d.level.map(level_name).unwrap_or_default().to_string()
}

fn absent_label(c: &Comparison, id: &str) -> String {
    c.hierarchy
        .absent
        .iter()
        .find(|a| a.id == id)
        .map(|a| format!("{} {} (absent)", a.id, a.label))
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4180_quoting_and_formula_guard() {
        assert_eq!(field("Sở Nội vụ"), "Sở Nội vụ");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("“x” \"y\""), "\"“x” \"\"y\"\"\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(field("=1+1"), "'=1+1");
    }
}
