//! kehoach: Vietnamese government plans (KẾ HOẠCH) to structured JSON.
#![deny(missing_docs)]

pub mod batch;
pub mod decode;
pub mod emit;
pub mod extract;
pub mod fuzzy;
pub mod normalize;
pub mod pipeline;
pub mod plan;
pub mod schema;
pub mod segment;
pub mod span;
pub mod syllable;
