//! Batches: input paths expanded (directories walked in sorted order), documents
//! processed in parallel on the rayon pool, records handed back in input order.
//!
//! Each worker takes the next group of up to [`GROUP`] consecutive inputs, processes
//! it stage by stage ([`process_all`]: faster than one document at a time, as each
//! stage's code stays warm), maps the records (e.g. to their JSON lines, so that
//! serialization runs in parallel too), and whoever completes the oldest pending
//! record hands the ready run of records to the sink. No worker waits for others to
//! finish: only when it would run `window` inputs ahead of the oldest unfinished
//! one, which bounds memory by the documents in flight.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use crate::decode::MAX_BYTES;
use crate::pipeline::{process_all, too_large, unreadable, Options};
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

    /// The input's bytes, at most one past [`MAX_BYTES`], with the size its file
    /// reports (0 for standard input).
    pub fn read(&self) -> io::Result<(Vec<u8>, u64)> {
        match self {
            Input::File(p) => fs::File::open(p).and_then(read_file_capped),
            Input::Stdin => read_capped(io::stdin().lock()).map(|b| (b, 0)),
        }
    }
}

/// Inputs a worker takes at a time, when the window leaves room for them: enough
/// for a stage's code and tables to stay warm over many documents (one core on
/// clean plans runs some 7% faster with 16 than with 8), few enough against
/// [`WINDOW_PER_THREAD`] that a worker slow on one group (OCR to repair) leaves
/// the others room in the window.
pub const GROUP: usize = 16;

/// Documents in flight a worker thread: the window a batch is given is this many
/// times the threads. Twice [`GROUP`], so that a worker finds room for a group
/// while the other workers' groups are unfinished (with groups half the window
/// the generated 10,000-plan archive took 21.3 s on two cores, not 19).
pub const WINDOW_PER_THREAD: usize = 32;

/// Bytes of input a worker processes together at most: a run of a group's inputs
/// is processed once it reaches this, so that memory stays bounded by one large
/// document, not sixteen.
pub const GROUP_BYTES: usize = 1 << 20;

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
                while let Some(claimed) = claim(lock(), &room, inputs.len(), window) {
                    let at = claimed.start;
                    let items: Vec<T> = group(&inputs[claimed], options)
                        .into_iter()
                        .map(&map)
                        .collect();
                    let mut st = lock();
                    st.ready.extend((at..).zip(items));
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

/// The next inputs for a worker, up to [`GROUP`] of them, waiting while it would
/// run `window` inputs ahead of the oldest unwritten one; `None` when all are
/// handed out or the sink failed.
fn claim<T, F>(
    mut st: MutexGuard<'_, Order<T, F>>,
    room: &Condvar,
    len: usize,
    window: usize,
) -> Option<Range<usize>> {
    loop {
        if st.error.is_some() || st.next >= len {
            return None;
        }
        let room_left = (st.written + window).saturating_sub(st.next);
        if room_left > 0 {
            let start = st.next;
            st.next += GROUP.min(room_left).min(len - start);
            return Some(start..st.next);
        }
        st = room.wait(st).unwrap_or_else(PoisonError::into_inner);
    }
}

/// The records of consecutive inputs, in order: those read whole are processed
/// together ([`process_all`]), in runs of at most [`GROUP_BYTES`] (a run is
/// processed once its inputs reach that many bytes, so a group of large files is
/// never held at once); one that cannot be read, or is too large, gets its
/// error record.
fn group(inputs: &[Input], options: &Options) -> Vec<PlanRecord> {
    let mut records: Vec<Option<PlanRecord>> = Vec::with_capacity(inputs.len());
    // The inputs read and not yet processed: record index, label, bytes.
    let mut run: Vec<(usize, String, Vec<u8>)> = Vec::new();
    let mut run_bytes = 0;
    for (k, input) in inputs.iter().enumerate() {
        let label = input.label();
        let record = match input.read() {
            Ok((b, size)) if b.len() > MAX_BYTES => {
                Some(too_large(&label, size.max(b.len() as u64)))
            }
            Ok((b, _)) => {
                run_bytes += b.len();
                run.push((k, label, b));
                None
            }
            Err(e) => Some(unreadable(&label, &e)),
        };
        records.push(record);
        if run_bytes >= GROUP_BYTES || k + 1 == inputs.len() {
            let docs: Vec<(&str, &[u8])> = run
                .iter()
                .map(|(_, l, b)| (l.as_str(), b.as_slice()))
                .collect();
            for ((i, _, _), record) in run.iter().zip(process_all(&docs, options)) {
                records[*i] = Some(record);
            }
            run.clear();
            run_bytes = 0;
        }
    }
    records.into_iter().flatten().collect()
}

/// Reads at most one byte past [`MAX_BYTES`]: a larger input is never held whole
/// (and [`crate::decode::decode`] reports it as too large).
pub fn read_capped(input: impl Read) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    input.take(MAX_BYTES as u64 + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// A file's bytes as [`read_capped`] reads them, with the size the file reports.
/// Room for them is made at once, so they come in one read instead of into a
/// buffer grown read by read (which took 6% of a batch's time on one core).
fn read_file_capped(file: fs::File) -> io::Result<(Vec<u8>, u64)> {
    let size = file.metadata()?.len();
    let room = usize::try_from(size).map_or(MAX_BYTES, |s| s.min(MAX_BYTES)) + 1;
    let mut buf = Vec::with_capacity(room);
    file.take(MAX_BYTES as u64 + 1).read_to_end(&mut buf)?;
    Ok((buf, size))
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
    fn groups_of_read_and_unreadable_inputs_keep_their_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        for i in 0..23 {
            let path = dir.path().join(format!("{i:02}.txt"));
            // Every third input is missing; the others are small plans, but for
            // a few past half of GROUP_BYTES, which cut groups into runs.
            if i % 3 != 0 {
                let mut text =
                    format!("KẾ HOẠCH\nI. MỤC ĐÍCH\n{i}. Sở Nội vụ chủ trì thực hiện.\n");
                if i % 7 == 1 {
                    let line = "- Tuyên truyền, phổ biến kế hoạch đến cán bộ, nhân dân.\n";
                    text.push_str(&line.repeat(GROUP_BYTES / 2 / line.len() + 1));
                }
                fs::write(&path, text).unwrap();
            }
            inputs.push(Input::File(path));
        }
        let want: Vec<String> = inputs.iter().map(Input::label).collect();
        for window in [1, 3, GROUP, 100] {
            let mut seen = Vec::new();
            run(&inputs, &Options::default(), window, |r| {
                let i = seen.len();
                assert_eq!(r.error.is_some(), i % 3 == 0, "input {i}");
                seen.push(r.source.path);
                Ok(())
            })
            .unwrap();
            assert_eq!(seen, want, "window {window}");
        }
    }

    #[test]
    fn files_read_whole_with_their_size() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0usize, 1, 4095, 4096, 100_000] {
            let path = dir.path().join(format!("{len}.txt"));
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            fs::write(&path, &bytes).unwrap();
            let (read, size) = read_file_capped(fs::File::open(&path).unwrap()).unwrap();
            assert_eq!(read, bytes);
            assert_eq!(size, len as u64);
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
