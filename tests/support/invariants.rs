//! What must hold for the record of any input: it serializes to one line of JSON
//! that parses back, the very bytes `serde_json` writes for it (the line comes
//! from a faster writer of our own), it is a plan or an error (never both, never `internal`), and
//! every `span` is in bounds of the decoded text and on character boundaries; and
//! run in a group with another input, it gets the same record as alone.
//! Shared by the fuzz target (`fuzz/fuzz_targets/pipeline.rs`) and the regression
//! test over its minimized inputs (`tests/fuzz_regressions.rs`).

use serde_json::Value;

/// Inputs up to this long run with OCR repair, longer ones without: the repair
/// decoder works sentence by sentence, so short inputs exercise it fully, and at
/// eight times the cost of the rest it would otherwise take most of the fuzzer's time.
pub const REPAIR_UP_TO: usize = 512;

/// Inputs up to this long are also run as a group with their first half
/// ([`kehoach::process_all`]), which must give each the record it gets alone;
/// longer ones (the pathological tests' megabytes) only alone.
pub const GROUP_UP_TO: usize = 64 * 1024;

/// Runs the pipeline on `bytes` and panics, saying why, if an invariant fails.
pub fn check(bytes: &[u8]) {
    let options = kehoach::Options {
        repair: bytes.len() <= REPAIR_UP_TO,
        ..kehoach::Options::default()
    };
    let record = kehoach::process("fuzz.txt", bytes, &options);
    let line = kehoach::emit::to_line(&record);
    assert!(!line.contains('\n'), "a record is one line");
    assert_eq!(
        line,
        serde_json::to_string(&record).expect("serde_json writes the record"),
        "the line is what serde_json writes"
    );
    let value: Value = serde_json::from_str(&line).expect("the line is JSON");
    assert_eq!(value["source"]["bytes"].as_u64(), Some(bytes.len() as u64));
    assert_ne!(value["error"]["code"], "internal", "{line}");
    assert!(
        record.error.is_some() != record.plan.is_some(),
        "a plan or an error, not both or neither"
    );
    if bytes.len() <= GROUP_UP_TO {
        // In a group, each document gets the record it gets alone.
        let half = &bytes[..bytes.len() / 2];
        let group = kehoach::process_all(&[("fuzz.txt", bytes), ("half.txt", half)], &options);
        assert_eq!(group.len(), 2, "a record for each input of a group");
        let alone = kehoach::process("half.txt", half, &options);
        assert_eq!(
            kehoach::emit::to_line(&group[0]),
            line,
            "the first of a group"
        );
        assert_eq!(
            kehoach::emit::to_line(&group[1]),
            kehoach::emit::to_line(&alone),
            "the second of a group"
        );
    }
    if record.plan.is_none() {
        return;
    }
    let text = kehoach::decode::decode(bytes, None)
        .expect("a plan came out, so the bytes decode")
        .text;
    let mut stack = vec![&value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if let Some(span) = m.get("span").filter(|s| !s.is_null()) {
                    let bounds = span.as_array().expect("a span is an array");
                    assert_eq!(bounds.len(), 2, "a span has two ends: {span}");
                    let (a, b) = (
                        bounds[0].as_u64().expect("a byte offset") as usize,
                        bounds[1].as_u64().expect("a byte offset") as usize,
                    );
                    assert!(a <= b, "span {span} runs backwards");
                    assert!(b <= text.len(), "span {span} beyond {} bytes", text.len());
                    assert!(text.get(a..b).is_some(), "span {span} splits a character");
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
}
