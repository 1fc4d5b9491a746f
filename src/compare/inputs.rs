//! Inputs of `kehoach compare`: plans as text files (.txt, .md, .docx; directories
//! expanded as `extract` does, through [`crate::batch`]) or as `extract` output (a
//! `.jsonl` or `.json` file of `kehoach/plan@1` objects: JSON Lines, one indented
//! object, or an array), mixed freely and kept in the order given.
//!
//! An input that cannot be read becomes a record with an `error`, never a panic;
//! a JSON line that is not a plan object becomes one too, named `path:line`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::batch::{expand, run};
use crate::pipeline::Options;
use crate::plan::{ErrorInfo, PlanRecord, Source, PLAN_SCHEMA};

/// True for a file read as `extract` output rather than as a plan's text.
pub fn is_json(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("json"))
}

/// Reads every input, in order; gives the records and notes on skipped files.
pub fn load(paths: &[PathBuf], options: &Options, chunk: usize) -> (Vec<PlanRecord>, Vec<String>) {
    let mut records = Vec::new();
    let mut notes = Vec::new();
    let mut text_run: Vec<PathBuf> = Vec::new();
    let flush =
        |run_paths: &mut Vec<PathBuf>, records: &mut Vec<PlanRecord>, notes: &mut Vec<String>| {
            if run_paths.is_empty() {
                return;
            }
            let (inputs, skipped) = expand(run_paths);
            notes.extend(skipped);
            // The sink never fails, so neither does the run.
            let _ = run(&inputs, options, chunk, |r| {
                records.push(r);
                Ok(())
            });
            run_paths.clear();
        };
    for p in paths {
        if is_json(p) {
            flush(&mut text_run, &mut records, &mut notes);
            records.extend(read_json(p));
        } else {
            text_run.push(p.clone());
        }
    }
    flush(&mut text_run, &mut records, &mut notes);
    (records, notes)
}

fn error_record(path: String, code: &str, message: String) -> PlanRecord {
    PlanRecord {
        schema: PLAN_SCHEMA.to_string(),
        source: Source {
            path,
            sha256: String::new(),
            bytes: 0,
            encoding: None,
            quality: None,
            repaired_tokens: 0,
        },
        error: Some(ErrorInfo {
            code: code.to_string(),
            message,
        }),
        plan: None,
    }
}

/// The plan records of one `extract` output file.
pub fn read_json(path: &Path) -> Vec<PlanRecord> {
    let label = path.display().to_string();
    let text = match fs::read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => return vec![error_record(label, "io", e.to_string())],
    };
    parse_json(&label, &text)
}

/// Parses `extract` output: an array, one object, or JSON Lines.
pub fn parse_json(label: &str, text: &str) -> Vec<PlanRecord> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return vec![error_record(
            label.to_string(),
            "empty",
            "the file holds no plan objects".to_string(),
        )];
    }
    if trimmed.starts_with('[') {
        return match serde_json::from_str::<Vec<serde_json::Value>>(trimmed) {
            Ok(values) => values
                .into_iter()
                .enumerate()
                .map(|(k, v)| record(&format!("{label}[{k}]"), v))
                .collect(),
            Err(e) => vec![error_record(
                label.to_string(),
                "invalid_json",
                e.to_string(),
            )],
        };
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(trimmed) {
        return vec![record(label, v)];
    }
    trimmed
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(
            |(k, line)| match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) => record(&format!("{label}:{}", k + 1), v),
                Err(e) => error_record(format!("{label}:{}", k + 1), "invalid_json", e.to_string()),
            },
        )
        .collect()
}

/// One JSON value as a plan record; `at` names it in errors.
fn record(at: &str, v: serde_json::Value) -> PlanRecord {
    if v.get("schema").and_then(|s| s.as_str()) != Some(PLAN_SCHEMA) {
        return error_record(
            at.to_string(),
            "not_a_plan",
            format!("not a {PLAN_SCHEMA} object"),
        );
    }
    match serde_json::from_value::<PlanRecord>(v) {
        Ok(r) if r.error.is_none() && r.plan.is_none() => error_record(
            r.source.path,
            "not_a_plan",
            format!("{at}: a {PLAN_SCHEMA} object without a plan or an error"),
        ),
        Ok(r) => r,
        Err(e) => error_record(at.to_string(), "invalid_json", e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_arrays_and_bad_lines() {
        let good = r#"{"schema":"kehoach/plan@1","source":{"path":"a.txt","sha256":"","bytes":0,"encoding":null,"quality":null,"repaired_tokens":0},"error":{"code":"empty","message":"no text"}}"#;
        let lines = format!("{good}\n\nnot json\n{{\"schema\":\"other\"}}\n");
        let got = parse_json("x.jsonl", &lines);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].source.path, "a.txt");
        assert_eq!(got[1].source.path, "x.jsonl:3");
        assert_eq!(got[1].error.as_ref().unwrap().code, "invalid_json");
        assert_eq!(got[2].error.as_ref().unwrap().code, "not_a_plan");
        let array = format!("[{good}, {good}]");
        assert_eq!(parse_json("y.json", &array).len(), 2);
        assert_eq!(parse_json("z.json", "").len(), 1);
    }
}
