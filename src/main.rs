//! The `kehoach` command line: a thin layer over the library.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use kehoach::batch::{expand, run_mapped, Input, WINDOW_PER_THREAD};
use kehoach::decode::Encoding;
use kehoach::pipeline::Options;
use kehoach::plan::PlanRecord;

/// Extraction allocates many small strings and vectors per paragraph; mimalloc
/// serves them at about a third of the system allocator's cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn Vietnamese government plans (KẾ HOẠCH) into structured JSON.
#[derive(Parser)]
#[command(name = "kehoach", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract plans to JSON Lines, one object per input document, in input order.
    Extract {
        /// Files or directories (walked recursively for .txt, .md and .docx); '-' is stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Indented JSON: one object for one input, an array for several.
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Print the normalized (and repaired) text, as the extractors see it.
    Normalize {
        /// A file, or '-' for stdin.
        path: PathBuf,
        /// Skip OCR repair.
        #[arg(long)]
        no_repair: bool,
        /// Read the input in this encoding instead of detecting it.
        #[arg(long, value_parser = parse_encoding)]
        encoding: Option<Encoding>,
    },
    /// Compare plans across localities: hierarchy, coverage, criteria, agencies,
    /// deadline chain and text reuse, as one kehoach/comparison@1 object.
    Compare {
        /// Plan text files or directories (as for extract), or extract output
        /// (.jsonl / .json files of kehoach/plan@1 objects); '-' is stdin text.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Indented JSON.
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Print a JSON Schema document.
    Schema {
        /// Which schema.
        #[arg(value_enum, default_value_t = SchemaKind::Plan)]
        which: SchemaKind,
    },
}

/// How `extract` and `compare` read their inputs and where they write.
#[derive(Args)]
struct RunArgs {
    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Worker threads reading text inputs (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Skip OCR repair of text inputs (report quality only).
    #[arg(long)]
    no_repair: bool,
    /// Read text inputs in this encoding instead of detecting it.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<Encoding>,
}

impl RunArgs {
    /// Starts the worker pool of `--jobs` (rayon's default otherwise); exit code 2
    /// when it cannot start.
    fn start_workers(&self) -> Result<(), ExitCode> {
        let Some(n) = self.jobs else {
            return Ok(());
        };
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| {
                eprintln!("kehoach: cannot start {n} workers: {e}");
                ExitCode::from(2)
            })
    }

    fn options(&self) -> Options {
        Options {
            repair: !self.no_repair,
            encoding: self.encoding,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// The plan object (`kehoach/plan@1`).
    Plan,
    /// The comparison object (`kehoach/comparison@1`).
    Comparison,
}

/// Output formats of `compare`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One kehoach/comparison@1 object.
    Json,
    /// One row per aligned criterion, task, agency, deadline check and plan's reuse
    /// (UTF-8 with BOM, CRLF), for spreadsheets.
    Csv,
    /// One self-contained HTML page.
    Html,
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    s.parse::<Encoding>().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract { paths, pretty, run } => match run.start_workers() {
            Ok(()) => extract(&paths, run.output.as_deref(), pretty, &run.options()),
            Err(code) => code,
        },
        Command::Normalize {
            path,
            encoding,
            no_repair,
        } => normalize(&path, encoding, !no_repair),
        Command::Compare {
            paths,
            format,
            pretty,
            run,
        } => match run.start_workers() {
            Ok(()) => compare(
                &paths,
                format,
                run.output.as_deref(),
                pretty,
                &run.options(),
            ),
            Err(code) => code,
        },
        Command::Schema { which } => {
            let schema = match which {
                SchemaKind::Plan => kehoach::schema::plan_schema(),
                SchemaKind::Comparison => kehoach::schema::comparison_schema(),
            };
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            write_stdout(&format!("{text}\n"))
        }
    }
}

fn extract(paths: &[PathBuf], output: Option<&Path>, pretty: bool, options: &Options) -> ExitCode {
    let (inputs, notes) = expand(paths);
    for n in notes {
        eprintln!("kehoach: {n}");
    }
    let mut out: Box<dyn Write + Send> = match output {
        Some(p) => match AtomicFile::create(p) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("kehoach: cannot write {}: {e}", p.display());
                return ExitCode::from(2);
            }
        },
        None => Box::new(io::BufWriter::new(io::stdout())),
    };
    let mut failed = 0usize;
    // --pretty: one input is an object, several an array written element by
    // element (memory stays bounded by the documents in flight).
    let array = pretty && inputs.len() != 1;
    let mut elements = 0usize;
    // Documents in flight: enough that no worker waits on a slow one for long.
    let window = rayon::current_num_threads() * WINDOW_PER_THREAD;
    let progress = if io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} plans {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut summary = Summary::default();
    let started = std::time::Instant::now();
    // Records become JSON text on the workers; the sink only writes them.
    let to_text = |record: PlanRecord| {
        let text = if pretty {
            kehoach::emit::to_pretty(&record)
        } else {
            kehoach::emit::to_line(&record)
        };
        (record, text)
    };
    let opening: &[u8] = if array { b"[" } else { b"" };
    let result = out
        .write_all(opening)
        .and_then(|()| {
            run_mapped(&inputs, options, window, to_text, |(record, text)| {
                progress.inc(1);
                summary.add(&record);
                if record.error.is_some() {
                    failed += 1;
                }
                if !array {
                    writeln!(out, "{text}")
                } else {
                    out.write_all(if elements == 0 { b"\n" } else { b",\n" })?;
                    elements += 1;
                    write_indented(&mut out, &text)
                }
            })
        })
        .and_then(|()| match (array, elements) {
            (false, _) => Ok(()),
            (true, 0) => out.write_all(b"]\n"),
            (true, _) => out.write_all(b"\n]\n"),
        })
        .and_then(|()| out.flush());
    progress.finish_and_clear();
    eprintln!("kehoach: {}", summary.line(started.elapsed()));
    if let Err(e) = result {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
        eprintln!("kehoach: cannot write output: {e}");
        drop(out);
        if let Some(p) = output {
            let _ = fs::remove_file(AtomicFile::temp_path(p));
        }
        return ExitCode::from(2);
    }
    drop(out);
    if let Some(p) = output {
        if let Err(e) = AtomicFile::commit(p) {
            eprintln!("kehoach: cannot write {}: {e}", p.display());
            return ExitCode::from(2);
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn compare(
    paths: &[PathBuf],
    format: Format,
    output: Option<&Path>,
    pretty: bool,
    options: &Options,
) -> ExitCode {
    let chunk = rayon::current_num_threads() * 4;
    let (records, notes) = kehoach::compare::inputs::load(paths, options, chunk);
    for n in notes {
        eprintln!("kehoach: {n}");
    }
    if records.is_empty() {
        eprintln!(
            "kehoach: no plans to compare (directories are walked for .txt, .md and .docx files)"
        );
        return ExitCode::from(2);
    }
    let failed = records.iter().filter(|r| r.error.is_some()).count();
    for r in records.iter().filter(|r| r.error.is_some()) {
        if let Some(e) = &r.error {
            eprintln!("kehoach: {}: {} ({})", r.source.path, e.message, e.code);
        }
    }
    let comparison = kehoach::compare::compare(&records);
    let text = match format {
        Format::Json if pretty => kehoach::compare::to_pretty(&comparison) + "\n",
        Format::Json => kehoach::compare::to_json(&comparison) + "\n",
        Format::Csv => kehoach::compare::csv::render(&comparison),
        Format::Html => kehoach::compare::html::render(&comparison),
    };
    let written = match output {
        Some(p) => AtomicFile::create(p)
            .and_then(|mut f| {
                f.write_all(text.as_bytes())?;
                f.flush()
            })
            .and_then(|()| AtomicFile::commit(p))
            .map_err(|e| {
                let _ = fs::remove_file(AtomicFile::temp_path(p));
                eprintln!("kehoach: cannot write {}: {e}", p.display());
            })
            .is_ok(),
        None => write_stdout(&text) == ExitCode::SUCCESS,
    };
    eprintln!(
        "kehoach: compared {} plans ({failed} unreadable): {} pairs, {} hierarchy edges",
        records.len() - failed,
        comparison.pairs.len(),
        comparison.hierarchy.edges.len()
    );
    if !written {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes indented JSON one level deeper, as an element of an array (JSON strings
/// hold no raw line breaks, so every line is indented).
fn write_indented(out: &mut dyn Write, json: &str) -> io::Result<()> {
    for (i, line) in json.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        write!(out, "  {line}")?;
    }
    Ok(())
}

/// Counts for the summary line printed on stderr at the end of a batch.
#[derive(Default)]
struct Summary {
    documents: usize,
    errors: usize,
    bytes: u64,
    clean: usize,
    no_diacritics: usize,
    ocr_damaged: usize,
}

impl Summary {
    fn add(&mut self, r: &PlanRecord) {
        self.documents += 1;
        self.bytes += r.source.bytes;
        if r.error.is_some() {
            self.errors += 1;
        }
        match r.source.quality {
            Some(kehoach::Quality::Clean) => self.clean += 1,
            Some(kehoach::Quality::NoDiacritics) => self.no_diacritics += 1,
            Some(kehoach::Quality::OcrDamaged) => self.ocr_damaged += 1,
            None => {}
        }
    }

    fn line(&self, elapsed: std::time::Duration) -> String {
        let mb = self.bytes as f64 / 1e6;
        let secs = elapsed.as_secs_f64().max(1e-9);
        format!(
            "{} documents, {} errors; {} clean, {} without diacritics, {} OCR-damaged; {:.2} MB in {:.2} s ({:.1} MB/s)",
            self.documents, self.errors, self.clean, self.no_diacritics, self.ocr_damaged, mb, secs, mb / secs
        )
    }
}

fn normalize(path: &Path, encoding: Option<Encoding>, repair: bool) -> ExitCode {
    // Read as the batch reads: a file past the size limit is refused, not held.
    let input = if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path.to_path_buf())
    };
    let bytes = input.read().map(|(b, _)| b);
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("kehoach: {}: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    match kehoach::decode::decode(&bytes, encoding) {
        Ok(d) => {
            let n = kehoach::normalize::normalize(&d.text, repair);
            if io::stderr().is_terminal() {
                eprintln!(
                    "kehoach: {} read as {}, quality {:?}",
                    path.display(),
                    d.encoding,
                    n.quality
                );
            }
            write_stdout(n.text.as_str())
        }
        Err(e) => {
            eprintln!("kehoach: {}: {e} ({})", path.display(), e.code());
            ExitCode::from(1)
        }
    }
}

fn write_stdout(text: &str) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kehoach: cannot write output: {e}");
            ExitCode::from(2)
        }
    }
}

/// A file written beside its destination and renamed over it only when complete,
/// so an interrupted run never leaves a partial output file. A destination that is
/// no regular file (a device, a pipe) is written directly.
struct AtomicFile {
    file: io::BufWriter<fs::File>,
    /// Written directly to the destination: nothing to sync or rename.
    direct: bool,
}

impl AtomicFile {
    fn temp_path(dest: &Path) -> PathBuf {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        dest.with_file_name(format!(".{name}.kehoach-{}.tmp", std::process::id()))
    }

    /// Creates the temporary file. Interrupted (Ctrl-C, SIGTERM, SIGHUP), the run
    /// removes it and exits 130: nothing partial is left, the destination untouched.
    fn create(dest: &Path) -> io::Result<AtomicFile> {
        // A device or a pipe ("-o /dev/null") is written directly: renaming a file
        // over it would replace the device itself.
        if fs::metadata(dest).is_ok_and(|m| !m.is_file()) {
            let file = fs::OpenOptions::new().write(true).open(dest)?;
            return Ok(AtomicFile {
                file: io::BufWriter::new(file),
                direct: true,
            });
        }
        let temp = Self::temp_path(dest);
        let remove = temp.clone();
        let _ = ctrlc::set_handler(move || {
            let _ = fs::remove_file(&remove);
            std::process::exit(130);
        });
        let file = fs::File::create(&temp)?;
        Ok(AtomicFile {
            file: io::BufWriter::new(file),
            direct: false,
        })
    }

    fn commit(dest: &Path) -> io::Result<()> {
        let temp = Self::temp_path(dest);
        if !temp.exists() {
            // Written directly (see `create`).
            return Ok(());
        }
        fs::rename(temp, dest)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()?;
        if self.direct {
            return Ok(());
        }
        self.file.get_ref().sync_all()
    }
}
