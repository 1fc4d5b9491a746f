//! The extract stage: facts from a segmented plan, one fact family per module.
//!
//! Every extractor takes the shared [`Context`] (the decoded source, the normalized
//! text with its offset map, the layout) and gives wire types of [`crate::plan`],
//! each with a [`Span`] into the decoded source, made with [`Context::span`].
//! Extractors read normalized (and repaired) text, so OCR damage that normalization
//! repaired is invisible to them; spans still point at the evidence as written.

pub mod agencies;
pub mod awards;
mod calendar;
pub mod criteria;
pub mod deadlines;
pub mod folded;
pub mod funding;
pub mod metadata;
pub mod phases;
pub mod references;
mod rhythms;
pub mod targets;
pub mod tasks;
pub mod warnings;
mod when;

use std::ops::Range;

use crate::normalize::Normalized;
use crate::plan::Plan;
use crate::segment::{Layout, Section, SectionKind};
use crate::span::Span;

/// A table of the bytes given, for scans that skip every other byte with one
/// look-up each.
pub(crate) const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// The first place of `needle`, a few words, in `hay`; an empty needle is at 0.
/// The needle's first byte is looked for with memchr and the rest compared, which
/// for needles this short beats setting up a substring searcher per call.
fn find_short(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return Some(0);
    };
    let last_start = hay.len().checked_sub(needle.len())?;
    memchr::memchr_iter(first, &hay[..=last_start]).find(|&i| hay[i..].starts_with(needle))
}

/// What every extractor reads.
pub struct Context<'a> {
    /// The decoded source text: spans index into it.
    pub source: &'a str,
    /// The normalized text and its map to the source.
    pub norm: &'a Normalized,
    /// The layout of the plan.
    pub layout: &'a Layout,
}

impl Context<'_> {
    /// The normalized text.
    pub fn text(&self) -> &str {
        self.norm.text.as_str()
    }

    /// A byte range of the normalized text.
    pub fn slice(&self, range: Range<usize>) -> &str {
        self.text().get(range).unwrap_or("")
    }

    /// The source span of a byte range of the normalized text.
    pub fn span(&self, range: Range<usize>) -> Span {
        self.norm.text.source_span(range)
    }

    /// Where `text`, an item's text, starts in the normalized `range` (its
    /// paragraph): at its first 16 characters, else at the start.
    pub fn text_start(&self, range: Range<usize>, text: &str) -> usize {
        let head = &text[..text.char_indices().nth(16).map_or(text.len(), |(i, _)| i)];
        range.start + find_short(self.slice(range), head).unwrap_or(0)
    }

    /// Sections of a kind, in order.
    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = &Section> {
        self.layout
            .sections
            .iter()
            .filter(move |s| s.kinds.contains(&kind))
    }
}

/// Runs every extractor.
pub fn extract(ctx: &Context<'_>) -> Plan {
    // One plan for one context (see `extract_all`).
    extract_all(std::slice::from_ref(ctx)).swap_remove(0)
}

/// Runs every extractor over several plans, extractor by extractor: each one runs
/// over all the plans before the next starts, so its code, tables and the branch
/// history the processor keeps for it stay warm, where plan by plan every
/// extractor would find them taken by the others. Each plan's facts are exactly
/// those [`extract`] gives it alone.
pub fn extract_all(ctxs: &[Context<'_>]) -> Vec<Plan> {
    let mut plans: Vec<Plan> = ctxs
        .iter()
        .map(|ctx| Plan {
            document: metadata::document(ctx),
            ..Plan::default()
        })
        .collect();
    each(ctxs, &mut plans, |ctx, p| {
        (p.references, p.warnings) = references::extract(ctx, &p.document);
    });
    each(ctxs, &mut plans, |ctx, p| {
        let more = warnings::extract(ctx, &p.document, &p.references);
        p.warnings.extend(more);
        p.warnings.sort_by(|a, b| {
            let key = |w: &crate::plan::Warning| w.span.map(|s| (s.start, s.end));
            key(a).cmp(&key(b)).then_with(|| a.code.cmp(&b.code))
        });
    });
    let assigned: Vec<tasks::Assignments> = ctxs
        .iter()
        .zip(&plans)
        .map(|(ctx, p)| tasks::assignments(ctx, p.document.date.as_deref()))
        .collect();
    for (p, a) in plans.iter_mut().zip(&assigned) {
        p.agencies = agencies::from_assignments(a, p.document.locality.as_ref());
    }
    for ((ctx, p), a) in ctxs.iter().zip(&mut plans).zip(&assigned) {
        p.deadlines = deadlines::extract(ctx, &a.tasks, p.document.date.as_deref());
    }
    for (p, a) in plans.iter_mut().zip(assigned) {
        p.tasks = a.tasks;
    }
    each(ctxs, &mut plans, |ctx, p| {
        p.criteria = criteria::extract(ctx)
    });
    each(ctxs, &mut plans, |ctx, p| p.awards = awards::extract(ctx));
    each(ctxs, &mut plans, |ctx, p| p.phases = phases::extract(ctx));
    each(ctxs, &mut plans, |ctx, p| p.funding = funding::extract(ctx));
    each(ctxs, &mut plans, |ctx, p| p.targets = targets::extract(ctx));
    plans
}

/// One extractor's step over every plan, each with its context.
fn each(ctxs: &[Context<'_>], plans: &mut [Plan], mut step: impl FnMut(&Context<'_>, &mut Plan)) {
    for (ctx, plan) in ctxs.iter().zip(plans) {
        step(ctx, plan);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_needles_found_where_str_find_finds_them() {
        let hay = "1. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nội vụ; Sở Giáo dục.";
        for needle in [
            "",
            "1",
            "Sở",
            "Sở Giáo dục",
            "Sở Nội vụ; Sở",
            "dục.",
            "Sở Tài chính",
            "ở",
            "chủ trì, phối hợp với Sở Nội vụ; Sở Giáo dục. và hơn",
        ] {
            assert_eq!(find_short(hay, needle), hay.find(needle), "{needle:?}");
        }
        assert_eq!(find_short("", "a"), None);
        assert_eq!(find_short("", ""), Some(0));
    }
}
