//! Batches: input paths expanded (directories walked in sorted order), documents
//! processed in parallel on the rayon pool, records handed back in input order.
//!
//! Each worker takes the next input, processes it (and maps the record, e.g. to its
//! JSON line, so that serialization runs in parallel too), and whoever completes the
//! oldest pending record hands the ready run of records to the sink. No worker waits
//! for a whole chunk to finish: only when it runs `window` inputs ahead of the
//! oldest unfinished one, which bounds memory by the documents in flight.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

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
/// At most `window` documents are in flight at a time.
pub fn run<F>(inputs: &[Input], options: &Options, window: usize, sink: F) -> io::Result<()>
where
    F: FnMut(PlanRecord) -> io::Result<()> + Send,
{
    run_mapped(inputs, options, window, |r| r, sink)
}

/// [`run`], with `map` applied to each record on the worker that made it. Uses the
/// current rayon pool (all cores, or the pool of `ThreadPool::install`). The first
/// error of `sink` stops the batch and is returned.
pub fn run_mapped<T, M, F>(
    inputs: &[Input],
    options: &Options,
    window: usize,
    map: M,
    sink: F,
) -> io::Result<()>
where
    T: Send,
    M: Fn(PlanRecord) -> T + Sync,
    F: FnMut(T) -> io::Result<()> + Send,
{
    let window = window.max(1);
    let state = Mutex::new(Order {
        next: 0,
        written: 0,
        ready: BTreeMap::new(),
        sink,
        error: None,
    });
    let room = Condvar::new();
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    let workers = rayon::current_num_threads().clamp(1, inputs.len().max(1));
    rayon::scope(|s| {
        for _ in 0..workers {
            s.spawn(|_| {
                while let Some(i) = claim(lock(), &room, inputs.len(), window) {
                    let item = map(one(&inputs[i], options));
                    let mut st = lock();
                    st.ready.insert(i, item);
                    st.write_ready();
                    drop(st);
                    room.notify_all();
                }
            });
        }
    });
    let st = state.into_inner().unwrap_or_else(PoisonError::into_inner);
    st.error.map_or(Ok(()), Err)
}

/// The order of a batch: what was handed out, what was written, what waits.
struct Order<T, F> {
    /// The next input to hand out.
    next: usize,
    /// Records given to the sink so far.
    written: usize,
    /// Finished records that wait for an older one.
    ready: BTreeMap<usize, T>,
    sink: F,
    error: Option<io::Error>,
}

impl<T, F: FnMut(T) -> io::Result<()>> Order<T, F> {
    /// Gives the sink every record that is next in order.
    fn write_ready(&mut self) {
        while let Some(item) = self.ready.remove(&self.written) {
            if self.error.is_none() {
                if let Err(e) = (self.sink)(item) {
                    self.error = Some(e);
                }
            }
            self.written += 1;
        }
    }
}

/// The next input for a worker, waiting while it would run `window` inputs ahead of
/// the oldest unwritten one; `None` when all are handed out or the sink failed.
fn claim<T, F>(
    mut st: MutexGuard<'_, Order<T, F>>,
    room: &Condvar,
    len: usize,
    window: usize,
) -> Option<usize> {
    loop {
        if st.error.is_some() || st.next >= len {
            return None;
        }
        if st.next < st.written + window {
            st.next += 1;
            return Some(st.next - 1);
        }
        st = room.wait(st).unwrap_or_else(PoisonError::into_inner);
    }
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

/// Reads at most one byte past [`MAX_BYTES`]: a larger input is never held whole
/// (and [`crate::decode::decode`] reports it as too large).
pub fn read_capped(input: impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    input.take(MAX_BYTES as u64 + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing(n: usize) -> Vec<Input> {
        (0..n)
            .map(|i| Input::File(PathBuf::from(format!("/nonexistent/kehoach-{i}.txt"))))
            .collect()
    }

    #[test]
    fn records_come_in_input_order_whatever_the_window() {
        let inputs = missing(200);
        let want: Vec<String> = inputs.iter().map(Input::label).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        for window in [1, 2, 7, 1000] {
            let mut seen = Vec::new();
            pool.install(|| {
                run(&inputs, &Options::default(), window, |r| {
                    seen.push(r.source.path);
                    Ok(())
                })
            })
            .unwrap();
            assert_eq!(seen, want, "window {window}");
        }
    }

    #[test]
    fn a_sink_error_stops_the_batch() {
        let inputs = missing(100);
        let mut written = 0;
        let result = run(&inputs, &Options::default(), 4, |_| {
            written += 1;
            if written == 10 {
                Err(io::Error::other("disk full"))
            } else {
                Ok(())
            }
        });
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert_eq!(written, 10);
    }
}
