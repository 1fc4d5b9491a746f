//! The whole pipeline, bytes to JSON, on whatever libFuzzer makes: no panic, and the
//! invariants of `tests/support/invariants.rs` (the same checks the regression
//! inputs under `tests/fuzz-regressions/` run through in `cargo test`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    invariants::check(data);
});
