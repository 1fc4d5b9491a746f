//! kehoach: Vietnamese government plans (KẾ HOẠCH) to structured JSON.
#![deny(missing_docs)]

pub mod decode;
pub mod fuzzy;
pub mod normalize;
pub mod segment;
pub mod span;
pub mod syllable;
