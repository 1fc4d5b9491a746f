//! Running the `kehoach` binary from integration tests: its output, and its stdout
//! read as JSON lines. Included by path by the test crates that run the binary
//! (not through `support/mod.rs`, whose other users do not).

use std::process::{Command, Output};

use serde_json::Value;

/// Runs the binary with `args` and waits for it.
pub fn kehoach(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kehoach"))
        .args(args)
        .output()
        .expect("run kehoach")
}

/// Each line of the run's stdout, parsed as JSON.
pub fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}
