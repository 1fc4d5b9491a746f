//! The deadline chain: a lower level must collect its reports before the level
//! above collects (a commune's 30/11 before its district's date, before the
//! province's 05/12).
//!
//! A plan's collection dates are its recurring report deadlines with a day and a
//! month ("Trước ngày 05 tháng 12 hằng năm … báo cáo"). Each hierarchy edge is
//! checked: the child's latest date must fall before the parent's earliest, within
//! the year. An edge that cannot be checked is a `gap`, with the reasons.

use crate::plan::{Deadline, Plan};
use crate::syllable::fold;

use super::{ChainCheck, DeadlineChain, DeadlineRef, Doc, Hierarchy, PlanDeadlines};

/// A plan's collection dates, earliest first.
pub fn collects(plan: &Plan) -> Vec<DeadlineRef> {
    let mut out: Vec<DeadlineRef> = plan
        .deadlines
        .iter()
        .filter_map(|d| {
            let recurring = match d.recurrence.as_deref() {
                Some("yearly") => true,
                None => d.year.is_none(),
                _ => false,
            };
            let reports = d
                .action
                .as_deref()
                .is_some_and(|a| fold(a).contains("bao cao"));
            let (day, month) = (d.day?, d.month?);
            (recurring && reports).then(|| reference(d, day, month))
        })
        .collect();
    out.sort_by_key(|d| (d.month, d.day, d.span.start));
    out
}

fn reference(d: &Deadline, day: u32, month: u32) -> DeadlineRef {
    DeadlineRef {
        text: d.text.clone(),
        day,
        month,
        action: d.action.clone(),
        responsible: d.responsible.clone(),
        recipients: d.recipients.clone(),
        span: d.span,
    }
}

/// Every plan's collection dates and one check per hierarchy edge.
pub(crate) fn chain(docs: &[Doc<'_>], hierarchy: &Hierarchy) -> DeadlineChain {
    let plans: Vec<PlanDeadlines> = docs
        .iter()
        .map(|d| PlanDeadlines {
            document: d.id.clone(),
            collects: collects(d.plan),
        })
        .collect();
    let of = |id: &str| plans.iter().find(|p| p.document == id);
    let checks = hierarchy
        .edges
        .iter()
        .map(|e| {
            let child = of(&e.child).and_then(|p| p.collects.last().cloned());
            let parent = if e.present {
                of(&e.parent).and_then(|p| p.collects.first().cloned())
            } else {
                None
            };
            let mut gaps = Vec::new();
            if !e.present {
                gaps.push("parent_absent".to_string());
            }
            if child.is_none() {
                gaps.push("child_undated".to_string());
            }
            if e.present && parent.is_none() {
                gaps.push("parent_undated".to_string());
            }
            let (status, message) = match (&child, &parent) {
                (Some(c), Some(p)) if (c.month, c.day) < (p.month, p.day) => (
                    "ok",
                    format!(
                        "{} collects by {:02}/{:02}, before {} collects by {:02}/{:02}",
                        e.child, c.day, c.month, e.parent, p.day, p.month
                    ),
                ),
                (Some(c), Some(p)) => (
                    "violation",
                    format!(
                        "{} collects by {:02}/{:02}, not before {} collects by {:02}/{:02}",
                        e.child, c.day, c.month, e.parent, p.day, p.month
                    ),
                ),
                _ => ("gap", gap_message(&e.child, &e.parent, &gaps)),
            };
            ChainCheck {
                child: e.child.clone(),
                parent: e.parent.clone(),
                status: status.to_string(),
                gaps,
                child_deadline: child,
                parent_deadline: parent,
                message,
            }
        })
        .collect();
    DeadlineChain { plans, checks }
}

fn gap_message(child: &str, parent: &str, gaps: &[String]) -> String {
    let why: Vec<String> = gaps
        .iter()
        .map(|g| match g.as_str() {
            "parent_absent" => format!("{parent} is not among the inputs"),
            "child_undated" => format!("{child} sets no dated yearly report deadline"),
            _ => format!("{parent} sets no dated yearly report deadline"),
        })
        .collect();
    format!("cannot check: {}", why.join("; "))
}
