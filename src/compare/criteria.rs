//! Criteria alignment: for each pair and target group, which criteria of one plan
//! correspond to which of the other.
//!
//! Texts are compared as accent-folded word sequences (word-level Levenshtein,
//! strsim); criteria of one group are aligned one to one, best first, from
//! [`ALIGN_MIN`]. An aligned pair is `matched` when nearly the same
//! ([`MATCH_MIN`]) with the same key terms (numbers, quoted titles, level words),
//! else `changed`, with the terms on each side only; the rest are `only_in` the
//! plan that has them. Texts and spans in the output are the plans' own.

use crate::plan::{Criterion, Plan};

use super::coverage::TARGETS;
use super::hierarchy::PairRef;
use super::text::{assign, key, key_terms, similarity_at_least, Words};
use super::{round3, CriterionRow, CriterionSide, Doc, TermDiff};

/// Similarity from which two criteria of a group are the same criterion.
pub const ALIGN_MIN: f64 = 0.4;
/// Similarity from which an aligned criterion with the same key terms is `matched`.
pub const MATCH_MIN: f64 = 0.85;

/// The alignment rows of every pair, pair by pair, target group by target group.
pub(crate) fn align(docs: &[Doc<'_>], pairs: &[PairRef]) -> Vec<CriterionRow> {
    let mut rows = Vec::new();
    for pair in pairs {
        let (a, b) = (&docs[pair.a], &docs[pair.b]);
        for target in TARGETS {
            let (ca, cb) = (of(a.plan, target), of(b.plan, target));
            if ca.is_empty() && cb.is_empty() {
                continue;
            }
            group(&pair.wire.id, target, (a, &ca), (b, &cb), &mut rows);
        }
    }
    rows
}

fn of<'p>(plan: &'p Plan, target: &str) -> Vec<&'p Criterion> {
    plan.criteria
        .iter()
        .filter(|c| c.target == target)
        .collect()
}

fn side(d: &Doc<'_>, c: &Criterion) -> CriterionSide {
    CriterionSide {
        document: d.id.clone(),
        text: c.text.clone(),
        span: c.span,
    }
}

/// Terms of `a` and `b` not on the other side (compared folded).
pub(crate) fn term_diff(a: &str, b: &str) -> TermDiff {
    let (ta, tb) = (key_terms(a), key_terms(b));
    let keys = |t: &[String]| -> Vec<String> { t.iter().map(|s| key(s)).collect() };
    let (ka, kb) = (keys(&ta), keys(&tb));
    TermDiff {
        a_only: ta
            .iter()
            .zip(&ka)
            .filter(|(_, k)| !kb.contains(k))
            .map(|(t, _)| t.clone())
            .collect(),
        b_only: tb
            .iter()
            .zip(&kb)
            .filter(|(_, k)| !ka.contains(k))
            .map(|(t, _)| t.clone())
            .collect(),
    }
}

fn group(
    pair: &str,
    target: &str,
    (a, ca): (&Doc<'_>, &[&Criterion]),
    (b, cb): (&Doc<'_>, &[&Criterion]),
    rows: &mut Vec<CriterionRow>,
) {
    let wa: Vec<Words> = ca.iter().map(|c| Words::new(&c.text)).collect();
    let wb: Vec<Words> = cb.iter().map(|c| Words::new(&c.text)).collect();
    let mut candidates = Vec::new();
    for (i, x) in wa.iter().enumerate() {
        for (j, y) in wb.iter().enumerate() {
            if let Some(s) = similarity_at_least(x, y, ALIGN_MIN) {
                candidates.push((s, i, j));
            }
        }
    }
    let aligned = assign(candidates);
    let row = |status: &str, score: Option<f64>, sa, sb, terms| CriterionRow {
        pair: pair.to_string(),
        target: target.to_string(),
        status: status.to_string(),
        score,
        a: sa,
        b: sb,
        terms,
    };
    for (i, c) in ca.iter().enumerate() {
        match aligned.iter().find(|&&(ai, _, _)| ai == i) {
            Some(&(_, j, score)) => {
                let diff = term_diff(&c.text, &cb[j].text);
                let same_terms = diff.a_only.is_empty() && diff.b_only.is_empty();
                let matched = score >= MATCH_MIN && same_terms;
                rows.push(row(
                    if matched { "matched" } else { "changed" },
                    Some(round3(score)),
                    Some(side(a, c)),
                    Some(side(b, cb[j])),
                    (!matched).then_some(diff),
                ));
            }
            None => rows.push(row("only_in", None, Some(side(a, c)), None, None)),
        }
    }
    for (j, c) in cb.iter().enumerate() {
        if !aligned.iter().any(|&(_, bj, _)| bj == j) {
            rows.push(row("only_in", None, None, Some(side(b, c)), None));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_level_is_a_term_difference() {
        let d = term_diff(
            "Được công nhận “Cộng đồng học tập” cấp huyện theo tiêu chí do Bộ Giáo dục và Đào tạo ban hành.",
            "Được công nhận “Cộng đồng học tập” cấp xã theo tiêu chí do Bộ Giáo dục và Đào tạo ban hành.",
        );
        assert_eq!(d.a_only, ["huyện"]);
        assert_eq!(d.b_only, ["xã"]);
    }
}
