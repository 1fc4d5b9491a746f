//! kehoach: Vietnamese government plans (KẾ HOẠCH) to structured JSON.
#![deny(missing_docs)]


pub mod normalize;
pub mod span;
pub mod syllable;
