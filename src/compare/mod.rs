//! The compare stage: many plans in, one `kehoach/comparison@1` object out.
//!
//! Takes [`PlanRecord`]s (from text files through the pipeline, or read back from
//! `extract` JSON Lines by [`inputs`]) and gives a [`Comparison`]: the documents,
//! the hierarchy it could establish ([`hierarchy`]: who implements whom, from
//! citations and localities), a coverage matrix ([`coverage`]), criteria aligned
//! per target group ([`criteria`]), agencies mapped across levels by field and
//! tasks aligned ([`agencies`]), the reporting deadline chain ([`deadlines`]) and
//! text reuse ([`reuse`]). [`csv`] and [`html`] render it.
//!
//! Only the wire objects of the plans are read (never the source text), so JSON
//! Lines inputs compare exactly as the text files they came from. Text is compared
//! on accent-folded keys ([`text`]), which never reach the output: every text in
//! the comparison is quoted as the plan gives it, with its span into that plan's
//! source. The output is deterministic: documents keep input order, everything
//! else is sorted or follows document order; no hash map is iterated for output.

pub mod agencies;
pub mod coverage;
pub mod criteria;
pub mod csv;
pub mod deadlines;
pub mod hierarchy;
pub mod html;
pub mod inputs;
pub mod reuse;
pub mod text;

use serde::{Deserialize, Serialize};

use crate::plan::{ErrorInfo, Level, Locality, Plan, PlanRecord};
use crate::segment::SectionKind;
use crate::span::Span;

/// The schema identifier of a comparison object.
pub const COMPARISON_SCHEMA: &str = "kehoach/comparison@1";

/// The whole comparison.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Comparison {
    /// Always [`COMPARISON_SCHEMA`].
    pub schema: String,
    /// The inputs, in input order; ids `D1`, `D2` …
    pub documents: Vec<DocumentRef>,
    /// Who implements whom, absent parents, peer groups.
    pub hierarchy: Hierarchy,
    /// The pairs compared side by side (criteria and tasks), ids `P1` …
    pub pairs: Vec<Pair>,
    /// Which plan has which parts, criteria groups, owned and dated tasks.
    pub coverage: Coverage,
    /// Criteria aligned per target group, one row per aligned or unaligned criterion.
    pub criteria: Vec<CriterionRow>,
    /// Bodies mapped across levels by field, and tasks aligned.
    pub agencies: AgencyMap,
    /// Reporting dates and the chain checks.
    pub deadlines: DeadlineChain,
    /// Sentences found near-verbatim in other plans.
    pub reuse: Reuse,
}

/// One input document.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DocumentRef {
    /// `D1`, `D2` … in input order.
    pub id: String,
    /// A short name for people: "xã Ninh Hải", else the file name.
    pub label: String,
    /// The input path as given.
    pub path: String,
    /// SHA-256 of the input bytes (empty when unreadable).
    pub sha256: String,
    /// Why the input could not be compared; everything below is then null.
    pub error: Option<ErrorInfo>,
    /// Canonical number.
    pub number: Option<String>,
    /// ISO date.
    pub date: Option<String>,
    /// Year of the date line.
    pub year: Option<i32>,
    /// Title.
    pub title: Option<String>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// The locality the plan is for.
    pub locality: Option<Locality>,
    /// Its level (the locality's).
    pub level: Option<Level>,
}

/// Who implements whom.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Hierarchy {
    /// One edge per plan whose parent could be named.
    pub edges: Vec<Edge>,
    /// Parents cited or named but not among the inputs, ids `A1` …
    pub absent: Vec<AbsentParent>,
    /// Plans without a parent among the inputs, grouped by level.
    pub peer_groups: Vec<PeerGroup>,
}

/// A plan and the plan it implements.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Edge {
    /// The implementing plan (`D…`).
    pub child: String,
    /// The implemented plan: a document (`D…`) or an absent parent (`A…`).
    pub parent: String,
    /// True when the parent is among the inputs.
    pub present: bool,
    /// `reference` (the child cites the parent) or `locality` (the child's
    /// locality lies in the parent's).
    pub evidence: String,
    /// The citation, when there is one.
    pub reference: Option<Cited>,
}

/// A citation of the parent, as the child gives it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Cited {
    /// `ke_hoach`, `quyet_dinh` …
    pub doc_type: String,
    /// Canonical number.
    pub number: Option<String>,
    /// ISO date.
    pub date: Option<String>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Where the child cites it (into the child's source).
    pub span: Span,
}

/// A parent that is not among the inputs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AbsentParent {
    /// `A1`, `A2` …
    pub id: String,
    /// A short name for people ("Kế hoạch 77/KH-UBND, Ủy ban nhân dân huyện Ninh Giang").
    pub label: String,
    /// Document type, when cited.
    pub doc_type: Option<String>,
    /// Canonical number, when cited.
    pub number: Option<String>,
    /// ISO date, when cited.
    pub date: Option<String>,
    /// Issuing body, when cited.
    pub issuer: Option<String>,
    /// The locality it is for, when named ("huyện Ninh Giang").
    pub locality: Option<String>,
    /// Its level, when the issuer or locality tells.
    pub level: Option<Level>,
    /// The plans implementing it.
    pub children: Vec<String>,
}

/// Plans of one level with no parent among the inputs, compared as peers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PeerGroup {
    /// The level, null for plans whose level is unknown.
    pub level: Option<Level>,
    /// Members in input order.
    pub members: Vec<String>,
    /// `all_pairs` for small groups; `anchor` (every member against the member
    /// whose sentences the others reuse most) for large ones.
    pub mode: String,
    /// The anchor member in `anchor` mode.
    pub anchor: Option<String>,
}

/// Two plans compared side by side.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pair {
    /// `P1`, `P2` …
    pub id: String,
    /// The parent for `parent_child`, else the earlier peer.
    pub a: String,
    /// The child for `parent_child`, else the later peer.
    pub b: String,
    /// `parent_child` or `peers`.
    pub relation: String,
}

/// The coverage matrix.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Coverage {
    /// Column order of `rows[].sections`.
    pub section_kinds: Vec<SectionKind>,
    /// Column order of `rows[].criteria`.
    pub targets: Vec<String>,
    /// One row per readable document, in input order.
    pub rows: Vec<CoverageRow>,
}

/// One plan's coverage.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CoverageRow {
    /// The document.
    pub document: String,
    /// Whether a section of each kind is present (aligned with `section_kinds`).
    pub sections: Vec<bool>,
    /// Criteria per target group (aligned with `targets`).
    pub criteria: Vec<usize>,
    /// Task counts.
    pub tasks: TaskCounts,
    /// Dated obligations.
    pub deadlines: usize,
    /// Cited documents.
    pub references: usize,
}

/// Tasks with and without owners and deadlines.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct TaskCounts {
    /// All tasks.
    pub total: usize,
    /// With a leading body.
    pub with_lead: usize,
    /// Without one.
    pub without_lead: usize,
    /// With a due date or recurrence.
    pub with_due: usize,
    /// Without one.
    pub without_due: usize,
}

/// A criterion of one plan, as aligned.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CriterionSide {
    /// The document.
    pub document: String,
    /// The criterion as the plan gives it.
    pub text: String,
    /// Where it stands in that plan's source.
    pub span: Span,
}

/// One row of the criteria alignment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CriterionRow {
    /// The pair (`P…`).
    pub pair: String,
    /// Target group (`commune`, `household` …).
    pub target: String,
    /// `matched`, `changed` or `only_in`.
    pub status: String,
    /// Word-level similarity of the two texts (0..1), for aligned rows.
    pub score: Option<f64>,
    /// The criterion in the pair's `a` plan, when it has one.
    pub a: Option<CriterionSide>,
    /// The criterion in the pair's `b` plan, when it has one.
    pub b: Option<CriterionSide>,
    /// For `changed`: key terms (numbers, titles, levels) found on one side only.
    pub terms: Option<TermDiff>,
}

/// Key terms that differ between two aligned texts.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct TermDiff {
    /// Only in `a`.
    pub a_only: Vec<String>,
    /// Only in `b`.
    pub b_only: Vec<String>,
}

/// Agencies across levels.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AgencyMap {
    /// One row per field some plan has a body for, in the rule table's order.
    pub fields: Vec<FieldRow>,
    /// Tasks aligned across each pair.
    pub tasks: Vec<TaskRow>,
}

/// The bodies of one field in every plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FieldRow {
    /// Stable key (`education`, `home_affairs` …).
    pub field: String,
    /// Vietnamese label.
    pub label: String,
    /// One entry per readable document that has a body in the field, in input order.
    pub bodies: Vec<FieldBodies>,
}

/// A plan's bodies in one field.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FieldBodies {
    /// The document.
    pub document: String,
    /// Body names as the plan gives them.
    pub names: Vec<String>,
    /// Roles across those bodies, in the schema's order.
    pub roles: Vec<String>,
    /// Tasks these bodies lead.
    pub leads: usize,
}

/// One task of one plan, as aligned.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TaskSide {
    /// The document.
    pub document: String,
    /// The task id in that plan.
    pub task_id: String,
    /// The task as the plan gives it.
    pub text: String,
    /// Its leading bodies.
    pub lead: Vec<String>,
    /// The fields of those bodies.
    pub fields: Vec<String>,
    /// Where it stands in that plan's source.
    pub span: Span,
}

/// One row of the task alignment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TaskRow {
    /// The pair (`P…`).
    pub pair: String,
    /// `matched`; `only_in` (one side only); `unowned` (a parent's task whose
    /// field has no body in the child plan).
    pub status: String,
    /// Word-level similarity of the two texts, bodies' names left out.
    pub score: Option<f64>,
    /// The task in the pair's `a` plan.
    pub a: Option<TaskSide>,
    /// The task in the pair's `b` plan.
    pub b: Option<TaskSide>,
    /// For `matched`: whether the two leads share a field.
    pub same_field: Option<bool>,
}

/// Reporting dates and their order across levels.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeadlineChain {
    /// Each readable plan's dated, recurring report deadlines (the day it collects).
    pub plans: Vec<PlanDeadlines>,
    /// One check per hierarchy edge.
    pub checks: Vec<ChainCheck>,
}

/// A plan's report deadlines.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanDeadlines {
    /// The document.
    pub document: String,
    /// Yearly (or undated-recurrence) report deadlines with day and month.
    pub collects: Vec<DeadlineRef>,
}

/// A report deadline.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DeadlineRef {
    /// As written.
    pub text: String,
    /// Day.
    pub day: u32,
    /// Month.
    pub month: u32,
    /// What must be reported.
    pub action: Option<String>,
    /// Who reports.
    pub responsible: Vec<String>,
    /// To whom.
    pub recipients: Vec<String>,
    /// Where it stands in that plan's source.
    pub span: Span,
}

/// Whether a child collects its reports before its parent collects.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChainCheck {
    /// The child (`D…`).
    pub child: String,
    /// The parent (`D…` or `A…`).
    pub parent: String,
    /// `ok`, `violation` or `gap` (cannot be checked; see `gaps`).
    pub status: String,
    /// Why it cannot be checked: `parent_absent`, `child_undated`, `parent_undated`.
    pub gaps: Vec<String>,
    /// The child's latest report deadline.
    pub child_deadline: Option<DeadlineRef>,
    /// The parent's earliest report deadline.
    pub parent_deadline: Option<DeadlineRef>,
    /// A sentence for people.
    pub message: String,
}

/// Text reuse.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Reuse {
    /// How sentences were matched.
    pub method: String,
    /// Similarity from which two sentences count as near-verbatim.
    pub threshold: f64,
    /// One entry per readable document, in input order.
    pub plans: Vec<PlanReuse>,
}

/// One plan's reuse.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanReuse {
    /// The document.
    pub document: String,
    /// Sentences of five words or more in its sections.
    pub sentences: usize,
    /// Of those, found near-verbatim in at least one other plan.
    pub reused: usize,
    /// `reused / sentences` (0 when there are no sentences).
    pub share: f64,
    /// The share found in its parent, when the parent is among the inputs.
    pub from_parent: Option<ReuseSource>,
    /// The plans it shares most with (up to three), most first.
    pub sources: Vec<ReuseSource>,
}

/// Sentences of a plan found in one other plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReuseSource {
    /// The other plan.
    pub document: String,
    /// How many of this plan's sentences it contains.
    pub sentences: usize,
    /// Their share of this plan's sentences.
    pub share: f64,
}

/// A readable plan and its place in the input.
pub(crate) struct Doc<'a> {
    /// The document id.
    pub id: String,
    /// The plan.
    pub plan: &'a Plan,
}

impl Doc<'_> {
    /// The plan's level.
    pub fn level(&self) -> Option<Level> {
        self.plan.document.locality.as_ref().and_then(|l| l.level)
    }
}

/// Rounds a share or score to three decimals, so output does not depend on the last
/// bits of a float computation.
pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A level as the contract writes it.
pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::National => "national",
        Level::Province => "province",
        Level::District => "district",
        Level::Commune => "commune",
    }
}

/// The document id of input `i`.
pub(crate) fn doc_id(i: usize) -> String {
    format!("D{}", i + 1)
}

/// Compares the plans of `records` (error records are listed, not compared).
pub fn compare(records: &[PlanRecord]) -> Comparison {
    let documents: Vec<DocumentRef> = records.iter().enumerate().map(document_ref).collect();
    let docs: Vec<Doc<'_>> = records
        .iter()
        .enumerate()
        .filter_map(|(index, r)| {
            r.plan.as_ref().map(|plan| Doc {
                id: doc_id(index),
                plan,
            })
        })
        .collect();
    let mut linked = hierarchy::link(&docs);
    let reused = reuse::measure(&docs, &linked);
    let pairs = hierarchy::pairs(&mut linked, &reused);
    let criteria = criteria::align(&docs, &pairs);
    let agencies = agencies::map(&docs, &pairs);
    let deadlines = deadlines::chain(&docs, &linked.hierarchy);
    Comparison {
        schema: COMPARISON_SCHEMA.to_string(),
        documents,
        coverage: coverage::matrix(&docs),
        hierarchy: linked.hierarchy,
        pairs: pairs.iter().map(|p| p.wire.clone()).collect(),
        criteria,
        agencies,
        deadlines,
        reuse: reused.wire,
    }
}

fn document_ref((i, r): (usize, &PlanRecord)) -> DocumentRef {
    let d = r.plan.as_ref().map(|p| &p.document);
    let locality = d.and_then(|d| d.locality.clone());
    let label = match &locality {
        Some(l) => format!("{} {}", l.unit, l.name),
        None => file_name(&r.source.path),
    };
    DocumentRef {
        id: doc_id(i),
        label,
        path: r.source.path.clone(),
        sha256: r.source.sha256.clone(),
        error: r.error.clone(),
        number: d.and_then(|d| d.number.clone()),
        date: d.and_then(|d| d.date.clone()),
        year: d.and_then(|d| d.year),
        title: d.and_then(|d| d.title.clone()),
        issuer: d.and_then(|d| d.issuer.clone()),
        level: locality.as_ref().and_then(|l| l.level),
        locality,
    }
}

fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(path)
        .to_string()
}

/// The comparison as one JSON line (no trailing newline).
pub fn to_json(c: &Comparison) -> String {
    serde_json::to_string(c).unwrap_or_else(|e| internal_error(&e))
}

/// The comparison as indented JSON.
pub fn to_pretty(c: &Comparison) -> String {
    serde_json::to_string_pretty(c).unwrap_or_else(|e| internal_error(&e))
}

/// Serialization of these types cannot fail (string keys only, finite floats);
/// should it, the output still says so in JSON.
fn internal_error(e: &serde_json::Error) -> String {
    serde_json::json!({ "schema": COMPARISON_SCHEMA, "error": { "code": "internal", "message": e.to_string() } })
        .to_string()
}
