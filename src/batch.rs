//! Batches: input paths expanded (directories walked in sorted order), documents
//! processed in parallel with rayon, records handed back in input order.
//!
//! Memory is bounded by the documents in flight: inputs are read and processed a
//! chunk at a time, and each chunk's records are written before the next is read.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::decode::MAX_BYTES;
use crate::pipeline::{process, too_large, unreadable, Options};
use crate::plan::PlanRecord;

/// One input: a file or standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file path.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// The path as reported in `source.path`.
    pub fn label(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// File name endings read when walking a directory; files named explicitly are
/// read whatever their name.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "docx"];

/// Expands paths: files as given, directories recursively in sorted path order
/// (.txt, .md and .docx files only; README, LICENSE and CHANGELOG files are not plans).
/// Each directory is walked once, however many links lead to it (so a link loop
/// ends), and only regular files are taken from it (a FIFO would block the batch);
/// an entry that cannot be resolved, such as a dangling link, is kept and becomes
/// an `io` error line. Returns the inputs and notes on what was skipped.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut notes = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if p.is_dir() {
            walk(p, &mut inputs, &mut notes, &mut HashSet::new());
        } else {
            inputs.push(Input::File(p.clone()));
        }
    }
    (inputs, notes)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, notes: &mut Vec<String>, seen: &mut HashSet<PathBuf>) {
    let Ok(canonical) = fs::canonicalize(dir) else {
        notes.push(format!("{}: cannot resolve directory", dir.display()));
        return;
    };
    if !seen.insert(canonical) {
        notes.push(format!(
            "{}: a directory already walked (a link loop or alias), skipped",
            dir.display()
        ));
        return;
    }
    let mut entries: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            notes.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    entries.sort();
    for path in entries {
        let kind = fs::metadata(&path).map(|m| m.file_type());
        if kind.as_ref().is_ok_and(|k| k.is_dir()) {
            walk(&path, inputs, notes, seen);
        } else if kind.as_ref().is_ok_and(|k| !k.is_file()) {
            notes.push(format!(
                "{}: not a regular file (a FIFO, socket or device), skipped",
                path.display()
            ));
        } else {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_ascii_lowercase);
            if matches!(stem.as_deref(), Some("readme" | "license" | "changelog")) {
                notes.push(format!(
                    "{}: a repository document, skipped",
                    path.display()
                ));
            } else if ext.as_deref().is_some_and(|e| TEXT_EXTENSIONS.contains(&e)) {
                inputs.push(Input::File(path));
            } else {
                notes.push(format!(
                    "{}: not a .txt, .md or .docx file, skipped",
                    path.display()
                ));
            }
        }
    }
}

/// Processes inputs in parallel, calling `sink` with each record in input order.
/// `chunk` documents are in flight at a time.
pub fn run<F>(inputs: &[Input], options: &Options, chunk: usize, mut sink: F) -> io::Result<()>
where
    F: FnMut(PlanRecord) -> io::Result<()>,
{
    for group in inputs.chunks(chunk.max(1)) {
        let records: Vec<PlanRecord> = group.par_iter().map(|i| one(i, options)).collect();
        for r in records {
            sink(r)?;
        }
    }
    Ok(())
}

fn one(input: &Input, options: &Options) -> PlanRecord {
    let label = input.label();
    let read = match input {
        Input::File(p) => fs::File::open(p).and_then(|f| {
            let size = f.metadata()?.len();
            Ok((read_capped(f)?, size))
        }),
        Input::Stdin => read_capped(io::stdin().lock()).map(|b| (b, 0)),
    };
    match read {
        Ok((b, size)) if b.len() > MAX_BYTES => too_large(&label, size.max(b.len() as u64)),
        Ok((b, _)) => process(&label, &b, options),
        Err(e) => unreadable(&label, &e),
    }
}

/// Reads at most one byte past [`MAX_BYTES`]: a larger input is never held whole.
fn read_capped(input: impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    input.take(MAX_BYTES as u64 + 1).read_to_end(&mut buf)?;
    Ok(buf)
}
