//! kehoach turns Vietnamese government plans (KẾ HOẠCH) into structured,
//! comparable JSON, with a span into the source behind every fact.
//!
//! # Overview
//!
//! The pipeline runs in stages, one module each, with typed values between them:
//! [`decode`] (bytes to text, encoding detected), [`normalize`] (one paragraph per
//! line, with a map back to the source), [`segment`] (sections and items),
//! [`extract`] (metadata and facts) and [`emit`] (the `kehoach/plan@1` wire types of
//! [`plan`]). [`pipeline::process`] runs them all on one document;
//! [`pipeline::process_all`] on several, stage by stage, which is faster for a
//! group of documents and gives each the same record; [`batch`] runs many in
//! parallel, in input order, in groups. [`compare`] sets many plans side by side
//! (`kehoach/comparison@1`, as JSON, CSV or one HTML page).
//!
//! ```
//! let text = "ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
//!             TỈNH LONG AN  Độc lập - Tự do - Hạnh phúc\n\
//!             Số: 12/KH-UBND  Long An, ngày 05 tháng 3 năm 2024\n\
//!             KẾ HOẠCH\n\
//!             Triển khai phong trào thi đua giai đoạn 2023 - 2030\n\
//!             I. MỤC ĐÍCH, YÊU CẦU\n\
//!             1. Mục đích\n";
//! let record = kehoach::process("long-an.txt", text.as_bytes(), &kehoach::Options::default());
//! let plan = record.plan.expect("a readable plan");
//! assert_eq!(plan.document.number.as_deref(), Some("12/KH-UBND"));
//! assert_eq!(plan.document.date.as_deref(), Some("2024-03-05"));
//! assert_eq!(plan.sections[0].kinds, [kehoach::SectionKind::Purpose]);
//! // Every span points at its evidence in the source.
//! let span = plan.sections[0].span;
//! assert!(text[span.range()].starts_with("I. MỤC ĐÍCH, YÊU CẦU"));
//! ```
//!
//! Several documents at once, stage by stage, as a batch worker runs them: one
//! record each, in order, each the record the document gets alone.
//!
//! ```
//! let plan = "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Sở Nội vụ chủ trì thực hiện.\n";
//! let records = kehoach::process_all(
//!     &[("a.txt", plan.as_bytes()), ("empty.txt", b"")],
//!     &kehoach::Options::default(),
//! );
//! assert_eq!(records.len(), 2);
//! assert!(records[0].plan.is_some());
//! assert_eq!(records[1].error.as_ref().map(|e| e.code.as_str()), Some("empty"));
//! ```
//!
//! # Untrusted input
//!
//! No input panics. Bytes that are not text (NUL or control bytes, undecodable
//! sequences beyond a small tolerance, nothing at all) give a record with an
//! `error` instead of a plan; data-quality findings are `warnings`, and the
//! document still comes out. The same input gives the same output bytes.
//!
//! # Offsets
//!
//! A [`Span`] is a half-open byte range into the decoded source text (for UTF-8
//! input: the file itself). Normalized text is never used for spans directly:
//! [`normalize::NormText::source_span`] maps any range of it back.
#![deny(missing_docs)]

pub mod abbrev;
pub mod batch;
pub(crate) mod byteword;
pub mod compare;
pub mod decode;
pub mod emit;
pub mod extract;
pub(crate) mod fasthash;
pub mod fuzzy;
pub mod normalize;
pub mod pipeline;
pub mod plan;
pub mod schema;
pub mod segment;
pub mod span;
pub mod syllable;
pub mod words;

pub use decode::{DecodeError, Encoding};
pub use normalize::Quality;
pub use pipeline::{extract_text, process, process_all, Options};
pub use plan::{Plan, PlanRecord};
pub use segment::SectionKind;
pub use span::Span;
