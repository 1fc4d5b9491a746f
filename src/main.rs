//! The `kehoach` command line: a thin layer over the library.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use kehoach::batch::{expand, run_mapped};
use kehoach::decode::Encoding;
use kehoach::pipeline::Options;
use kehoach::plan::PlanRecord;

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
        /// Write to this file (atomically) instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Indented JSON: one object for one input, an array for several.
        #[arg(long)]
        pretty: bool,
        /// Worker threads (default: all cores).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Skip OCR repair (report quality only).
        #[arg(long)]
        no_repair: bool,
        /// Read inputs in this encoding instead of detecting it.
        #[arg(long, value_parser = parse_encoding)]
        encoding: Option<Encoding>,
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
    /// Print a JSON Schema document.
    Schema {
        /// Which schema.
        #[arg(value_enum, default_value_t = SchemaKind::Plan)]
        which: SchemaKind,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// The plan object (`kehoach/plan@1`).
    Plan,
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    s.parse::<Encoding>().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract {
            paths,
            output,
            pretty,
            jobs,
            no_repair,
            encoding,
        } => {
            let options = Options {
                repair: !no_repair,
                encoding,
            };
            extract(&paths, output.as_deref(), pretty, jobs, &options)
        }
        Command::Normalize {
            path,
            encoding,
            no_repair,
        } => normalize(&path, encoding, !no_repair),
        Command::Schema { which } => {
            let schema = match which {
                SchemaKind::Plan => kehoach::schema::plan_schema(),
            };
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            write_stdout(&format!("{text}\n"))
        }
    }
}

fn extract(
    paths: &[PathBuf],
    output: Option<&Path>,
    pretty: bool,
    jobs: Option<usize>,
    options: &Options,
) -> ExitCode {
    if let Some(n) = jobs {
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
        {
            eprintln!("kehoach: cannot start {n} workers: {e}");
            return ExitCode::from(2);
        }
    }
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
    let mut pretty_records: Vec<PlanRecord> = Vec::new();
    // Documents in flight: enough that no worker waits on a slow one for long.
    let window = rayon::current_num_threads() * 16;
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
    // Records become JSON lines on the workers; the sink only writes them.
    let to_line = |record: PlanRecord| {
        let line = (!pretty).then(|| kehoach::emit::to_line(&record));
        (record, line)
    };
    let result = run_mapped(&inputs, options, window, to_line, |(record, line)| {
        progress.inc(1);
        summary.add(&record);
        if record.error.is_some() {
            failed += 1;
        }
        match line {
            Some(line) => writeln!(out, "{line}"),
            None => {
                pretty_records.push(record);
                Ok(())
            }
        }
    })
    .and_then(|()| {
        if pretty {
            let text = if pretty_records.len() == 1 {
                kehoach::emit::to_pretty(&pretty_records[0])
            } else {
                serde_json::to_string_pretty(&pretty_records).unwrap_or_default()
            };
            writeln!(out, "{text}")?;
        }
        out.flush()
    });
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
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        io::Read::read_to_end(&mut io::stdin(), &mut buf).map(|_| buf)
    } else {
        fs::read(path)
    };
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
        let file = fs::File::create(Self::temp_path(dest))?;
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
