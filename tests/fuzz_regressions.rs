//! Inputs that once broke the pipeline or one of its invariants, kept in
//! `tests/fuzz-regressions/` and run through the same checks as the fuzz target
//! (`tests/support/invariants.rs`). A crash the fuzzer finds is minimized
//! (`cargo fuzz tmin`) and added there before it is fixed.

mod support;

use std::fs;

#[test]
fn every_kept_input_holds_the_invariants() {
    let mut paths: Vec<_> = fs::read_dir("tests/fuzz-regressions")
        .expect("the regression inputs are in the repository")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 4, "regression inputs missing: {paths:?}");
    for path in paths {
        let bytes = fs::read(&path).expect("read a regression input");
        // A panic names the input first.
        eprintln!("{}", path.display());
        support::invariants::check(&bytes);
    }
}

#[test]
fn ascii_text_with_windows_quotes_is_a_plan() {
    // Found by fuzzing: smart quotes (0x93, 0x94) in otherwise ASCII text made the
    // input "undecodable"; it is Windows-1258 (or -1252) and reads as such.
    let bytes = fs::read("tests/fuzz-regressions/ascii-with-windows-quotes.txt").unwrap();
    let record = kehoach::process("q.txt", &bytes, &kehoach::Options::default());
    assert!(
        record.error.is_none() && record.plan.is_some(),
        "a plan, not an error"
    );
    // The quotes are read as quotes, whatever the repair makes of the words.
    let line = kehoach::emit::to_line(&record);
    assert!(line.contains('“') && line.contains('”'), "{line}");
}
