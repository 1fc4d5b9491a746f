//! The plan object of the public contract (`kehoach/plan@1`): serde wire types only.
//!
//! Every span here is a [`Span`] into the decoded source text. Field order is the
//! contract's, so output is stable byte for byte. Fields that the document does not
//! state are `null` or empty, never guessed.

use serde::{Deserialize, Serialize};

use crate::decode::Encoding;
use crate::normalize::Quality;
use crate::segment::SectionKind;
use crate::span::Span;

/// The values of `tasks[].role` and `agencies[].roles`, in the schema's order.
pub const ROLES: &[&str] = &[
    "lead",
    "coordinate",
    "advise",
    "implement",
    "report",
    "requested",
];

/// The schema identifier of a plan object.
pub const PLAN_SCHEMA: &str = "kehoach/plan@1";

/// One output line: a plan, or the source and an error.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PlanRecord {
    /// Always [`PLAN_SCHEMA`].
    pub schema: String,
    /// Where the document came from and how it read.
    pub source: Source,
    /// Why the document could not be read (then nothing else follows).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<ErrorInfo>,
    /// The extracted plan.
    #[serde(flatten, skip_serializing_if = "Option::is_none", default)]
    pub plan: Option<Plan>,
}

/// `source`: the input file and how it was read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Source {
    /// The path as given (or `-` for stdin).
    pub path: String,
    /// SHA-256 of the input bytes, lowercase hex.
    pub sha256: String,
    /// Size of the input in bytes.
    pub bytes: u64,
    /// The encoding read, when decoding succeeded.
    pub encoding: Option<Encoding>,
    /// How the text reads, when decoding succeeded.
    pub quality: Option<Quality>,
    /// Tokens changed by OCR or diacritic repair.
    pub repaired_tokens: usize,
}

/// `error`: why an input yielded no plan.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ErrorInfo {
    /// Stable code (`empty`, `binary`, `undecodable`, `io`, …).
    pub code: String,
    /// A sentence for people.
    pub message: String,
}

/// Everything extracted from one plan.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Plan {
    /// Document metadata.
    pub document: Document,
    /// Top-level sections.
    pub sections: Vec<SectionOut>,
    /// Cited documents.
    pub references: Vec<Reference>,
    /// Emulation criteria.
    pub criteria: Vec<Criterion>,
    /// Award occasions and forms.
    pub awards: Vec<Award>,
    /// Phases of the movement.
    pub phases: Vec<Phase>,
    /// Dated obligations.
    pub deadlines: Vec<Deadline>,
    /// Assigned work.
    pub tasks: Vec<Task>,
    /// Bodies given work.
    pub agencies: Vec<Agency>,
    /// Funding sources, when the plan has a funding part.
    pub funding: Option<Funding>,
    /// Quantitative targets.
    pub targets: Vec<Target>,
    /// Data-quality findings.
    pub warnings: Vec<Warning>,
}

/// `document`: metadata of the plan.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Document {
    /// Document kind; `ke_hoach` for plans.
    pub kind: String,
    /// Canonical number ("119/KH-UBND"); null when blank or absent.
    pub number: Option<String>,
    /// Title, as it should read.
    pub title: Option<String>,
    /// Issue date, ISO; null when any part is blank or absent.
    pub date: Option<String>,
    /// Year of the date line, even when day and month are blank.
    pub year: Option<i32>,
    /// The issuing body, canonical ("Ủy ban nhân dân tỉnh Hà Nam").
    pub issuer: Option<String>,
    /// The locality the plan is for.
    pub locality: Option<Locality>,
    /// The period the plan covers.
    pub period: Option<Period>,
    /// Who signed.
    pub signer: Option<Signer>,
    /// "Nơi nhận", canonical names.
    pub recipients: Vec<String>,
    /// Where the number, date and title stand (the header), when found.
    pub span: Option<Span>,
}

/// An administrative locality.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Locality {
    /// Its name ("Hà Nam").
    pub name: String,
    /// Its unit (`tỉnh`, `thành phố`, `huyện`, `quận`, `thị xã`, `xã`, `phường`,
    /// `thị trấn`, `đặc khu`).
    pub unit: String,
    /// `national`, `province`, `district` or `commune`.
    pub level: Option<Level>,
    /// The locality above it, when the text names it ("huyện Ninh Giang").
    pub parent: Option<String>,
}

/// Administrative level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Central government.
    National,
    /// Province or centrally-run city.
    Province,
    /// District, provincial city or town.
    District,
    /// Commune, ward or township.
    Commune,
}

/// A span of years.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Period {
    /// First year.
    pub start: i32,
    /// Last year.
    pub end: i32,
}

/// Who signed the plan.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Signer {
    /// The signer's name; null when the copy has none.
    pub name: Option<String>,
    /// Position ("Phó Chủ tịch").
    pub position: Option<String>,
    /// "TM. Ủy ban nhân dân", "KT. Chủ tịch" …
    pub on_behalf: Option<String>,
}

/// A section as emitted.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SectionOut {
    /// Roman numeral.
    pub numeral: String,
    /// 1 for I …
    pub ordinal: u32,
    /// Heading as it should read.
    pub heading: String,
    /// Kinds the heading names.
    pub kinds: Vec<SectionKind>,
    /// The whole section.
    pub span: Span,
    /// Items.
    pub items: Vec<ItemOut>,
}

/// An item as emitted.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemOut {
    /// Stable id (`VII.2.1`).
    pub id: String,
    /// Label as written (`1.1`, `a`, `-`), or null.
    pub label: Option<String>,
    /// Opening heading, or null.
    pub heading: Option<String>,
    /// The item's own text.
    pub text: String,
    /// The item's paragraph.
    pub span: Span,
    /// Nested items.
    pub items: Vec<ItemOut>,
}

/// A cited document.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Reference {
    /// `quyet_dinh`, `ke_hoach`, … (see the schema).
    pub doc_type: String,
    /// Canonical number, null when the citation has none.
    pub number: Option<String>,
    /// ISO date, when cited with one.
    pub date: Option<String>,
    /// Issuing body, canonical.
    pub issuer: Option<String>,
    /// `basis` for the documents the plan implements, else null.
    pub relation: Option<String>,
    /// How many times it is cited.
    pub mentions: usize,
    /// First citation.
    pub span: Span,
}

/// An emulation criterion.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Criterion {
    /// Target group (see the schema).
    pub target: String,
    /// The "Đối với …" heading as written.
    pub target_text: String,
    /// The criterion.
    pub text: String,
    /// Titles it awards ("Cộng đồng học tập" …).
    pub titles: Vec<String>,
    /// Where it stands.
    pub span: Span,
}

/// An award occasion.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Award {
    /// `annual`, `interim_review`, `final_review`.
    pub occasion: String,
    /// Years named.
    pub years: Vec<i32>,
    /// Forms of award.
    pub forms: Vec<String>,
    /// Where it stands.
    pub span: Span,
}

/// A phase of the movement.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Phase {
    /// "Giai đoạn 1".
    pub label: String,
    /// First year, when stated.
    pub start: Option<i32>,
    /// Last year.
    pub end: Option<i32>,
    /// Where it stands.
    pub span: Span,
}

/// A dated obligation.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Deadline {
    /// As written.
    pub text: String,
    /// Day, when stated.
    pub day: Option<u32>,
    /// Month, when stated.
    pub month: Option<u32>,
    /// Year, when stated.
    pub year: Option<i32>,
    /// Resolved ISO date when the deadline is a single date.
    pub by: Option<String>,
    /// `once`, `yearly`, … or null.
    pub recurrence: Option<String>,
    /// What must be done.
    pub action: Option<String>,
    /// Who must do it.
    pub responsible: Vec<String>,
    /// To whom it goes.
    pub recipients: Vec<String>,
    /// The task it belongs to.
    pub task_id: Option<String>,
    /// Where it stands.
    pub span: Span,
}

/// When a task is due.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Due {
    /// As written.
    pub text: String,
    /// Resolved ISO date, or null.
    pub by: Option<String>,
    /// Recurrence, or null.
    pub recurrence: Option<String>,
}

/// Assigned work.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Task {
    /// Item id.
    pub id: String,
    /// The task.
    pub text: String,
    /// Leading bodies.
    pub lead: Vec<String>,
    /// Partner bodies.
    pub partners: Vec<String>,
    /// Role of `lead`.
    pub role: Option<String>,
    /// When due.
    pub due: Option<Due>,
    /// `body` or `annex`.
    pub source: String,
    /// Where it stands.
    pub span: Span,
}

/// A body given work.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Agency {
    /// Canonical name.
    pub name: String,
    /// Forms as written.
    pub aliases: Vec<String>,
    /// Level.
    pub level: Option<Level>,
    /// Roles across the document.
    pub roles: Vec<String>,
    /// Tasks it appears in.
    pub task_ids: Vec<String>,
}

/// Funding of the plan.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Funding {
    /// Sources named.
    pub sources: Vec<String>,
    /// The funding text.
    pub text: String,
    /// Where it stands.
    pub span: Span,
}

/// A quantitative target.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Target {
    /// As written.
    pub text: String,
    /// The number.
    pub value: f64,
    /// Unit ("%").
    pub unit: String,
    /// Year to reach it.
    pub year: Option<i32>,
    /// What it counts.
    pub subject: Option<String>,
    /// Where it stands.
    pub span: Span,
}

/// A data-quality finding.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Warning {
    /// Stable code.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// Where, when it points at text.
    pub span: Option<Span>,
}
