//! The coverage matrix: for each plan, which kinds of section it has, how many
//! criteria per target group, and its tasks with and without an owner (a leading
//! body) and a deadline. Counts only; no text.

use crate::segment::SectionKind;

use super::{Coverage, CoverageRow, Doc, TaskCounts};

/// Section kinds in the contract's order.
pub const SECTION_KINDS: &[SectionKind] = &[
    SectionKind::Purpose,
    SectionKind::Objectives,
    SectionKind::Content,
    SectionKind::Criteria,
    SectionKind::Awards,
    SectionKind::Solutions,
    SectionKind::Schedule,
    SectionKind::Funding,
    SectionKind::Organization,
    SectionKind::Reporting,
    SectionKind::Other,
];

/// Criteria target groups in the contract's order.
pub const TARGETS: &[&str] = &[
    "departments",
    "front_unions",
    "district",
    "commune",
    "village",
    "household",
    "enterprise",
    "individual",
    "other",
];

/// The matrix over the readable documents, in input order.
pub(crate) fn matrix(docs: &[Doc<'_>]) -> Coverage {
    let rows = docs
        .iter()
        .map(|d| {
            let p = d.plan;
            let sections = SECTION_KINDS
                .iter()
                .map(|k| p.sections.iter().any(|s| s.kinds.contains(k)))
                .collect();
            let criteria = TARGETS
                .iter()
                .map(|t| p.criteria.iter().filter(|c| c.target == *t).count())
                .collect();
            let with_lead = p.tasks.iter().filter(|t| !t.lead.is_empty()).count();
            let with_due = p.tasks.iter().filter(|t| t.due.is_some()).count();
            CoverageRow {
                document: d.id.clone(),
                sections,
                criteria,
                tasks: TaskCounts {
                    total: p.tasks.len(),
                    with_lead,
                    without_lead: p.tasks.len() - with_lead,
                    with_due,
                    without_due: p.tasks.len() - with_due,
                },
                deadlines: p.deadlines.len(),
                references: p.references.len(),
            }
        })
        .collect();
    Coverage {
        section_kinds: SECTION_KINDS.to_vec(),
        targets: TARGETS.iter().map(|t| t.to_string()).collect(),
        rows,
    }
}
