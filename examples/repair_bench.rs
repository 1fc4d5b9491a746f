//! Throughput and accuracy of the repairer, and the files for a side-by-side run
//! with another tool (`benches/pyvi_compare.sh`).
//!
//! ```text
//! cargo run --release --example repair_bench -- prepare /work/shared/lm-text OUTDIR [MAX_BYTES]
//!     # OUTDIR/truth.txt: held-out gazette text; OUTDIR/stripped.txt: the same, marks
//!     # stripped; OUTDIR/ocr.txt: the same, OCR damage simulated (as eval_repair's (c))
//! cargo run --release --example repair_bench -- run OUTDIR [ocr]
//!     # repairs OUTDIR/stripped.txt (OUTDIR/ocr.txt as OCR'd text with `ocr`) into
//!     # OUTDIR/kehoach.txt; prints MB/s, best and median of five runs (`--runs=N`: N runs,
//!     # e.g. 1 under `valgrind --tool=callgrind`), and of the first (OCR work is
//!     # remembered per thread, so later runs of OCR'd text start warm)
//! cargo run --release --example repair_bench -- run PLAN.txt ocr
//!     # the same on one plan, normalized first (output not written)
//! cargo run --release --example repair_bench -- score TRUTH OUT
//!     # syllable accuracy of OUT against TRUTH, line by line
//! cargo run --release --example repair_bench -- clean CORPUS_DIR
//!     # cost of normalize(.., true) over normalize(.., false) on clean plans
//! ```
//! Timings are single-threaded, model loading (and the OCR index) excluded and
//! printed apart.

use std::path::Path;
use std::time::Instant;

use kehoach::normalize::repair::channel::align_tokens;
use kehoach::normalize::repair::lex::letter_words;
use kehoach::normalize::repair::{apply, strip_marks, train, Mode, Repairer};
use kehoach::normalize::{normalize, Quality};

/// Seed of the simulated OCR damage (the same as `eval_repair`'s (c)).
const OCR_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// (right, right ignoring case, total) syllables of `out` against `truth`.
fn score(truth: &str, out: &str) -> (usize, usize, usize) {
    let (mut right, mut right_ci, mut total) = (0, 0, 0);
    for (t, o) in truth.lines().zip(out.lines()) {
        let (tw, ow) = (letter_words(t), letter_words(o));
        for (a, b) in align_tokens(&tw, &ow) {
            let Some(a) = a else { continue };
            total += 1;
            if let Some(b) = b {
                right += usize::from(tw[a] == ow[b]);
                right_ci += usize::from(tw[a].to_lowercase() == ow[b].to_lowercase());
            }
        }
    }
    (right, right_ci, total)
}

fn main() {
    let runs: usize = std::env::args()
        .find_map(|a| a.strip_prefix("--runs=").and_then(|n| n.parse().ok()))
        .unwrap_or(5)
        .max(1);
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    match args.first().map(String::as_str) {
        Some("prepare") if args.len() >= 3 => {
            let max: usize = args
                .get(3)
                .and_then(|s| s.parse().ok())
                .unwrap_or(usize::MAX);
            let mut truth = String::new();
            for f in train::txt_files(Path::new(&args[1])) {
                let dump = std::fs::read_to_string(&f).expect("read gazette dump");
                for d in train::split_documents(&dump) {
                    if train::is_held_out(&d.name) && truth.len() < max {
                        // The form the normalize stage gives: NFC, official tone placement.
                        let clean = train::clean_gazette(&d.body);
                        truth.push_str(normalize(&clean, false).text.as_str());
                    }
                }
            }
            let out = Path::new(&args[2]);
            std::fs::create_dir_all(out).expect("create output directory");
            std::fs::write(out.join("truth.txt"), &truth).expect("write truth");
            std::fs::write(out.join("stripped.txt"), strip_marks(&truth)).expect("write stripped");
            let ocr = Repairer::shipped_confusions().simulate(&truth, OCR_SEED);
            std::fs::write(out.join("ocr.txt"), ocr).expect("write ocr");
            println!(
                "{} bytes of held-out text in {}",
                truth.len(),
                out.display()
            );
        }
        Some("run") if args.len() >= 2 => {
            let path = Path::new(&args[1]);
            let ocr = args.get(2).is_some_and(|a| a == "ocr");
            let input = if path.is_file() {
                let plan = std::fs::read_to_string(path).expect("read plan");
                normalize(&plan, false).text.as_str().to_string()
            } else {
                let name = if ocr { "ocr.txt" } else { "stripped.txt" };
                std::fs::read_to_string(path.join(name)).expect("read input")
            };
            let t0 = Instant::now();
            let rep = Repairer::global();
            assert!(rep.is_loaded());
            let mode = if ocr { Mode::Ocr } else { Mode::Stripped };
            // The OCR index is built on first use: warm it with the model.
            std::hint::black_box(rep.repair_as("Ca nudc thi dua", mode));
            let load = t0.elapsed().as_secs_f64();
            // Best of several: the machine is shared, the best run is the one least
            // disturbed.
            let mut times = Vec::new();
            let mut fixes = Vec::new();
            for _ in 0..runs {
                let t0 = Instant::now();
                fixes = rep.repair_as(&input, mode);
                times.push(t0.elapsed().as_secs_f64());
            }
            // OCR work is remembered per thread across calls (as across the
            // documents of a batch): the first run is the one that starts cold.
            let first = times[0];
            times.sort_by(f64::total_cmp);
            let dt = times[0];
            println!(
                "kehoach: first run {:.2} MB/s, median of {runs} runs {:.2} MB/s",
                input.len() as f64 / first / 1e6,
                input.len() as f64 / times[runs / 2] / 1e6
            );
            if path.is_dir() {
                let out = apply(&input, &fixes);
                std::fs::write(path.join("kehoach.txt"), &out).expect("write output");
            }
            println!(
                "kehoach: {} bytes in {:.3} s = {:.2} MB/s, best of {runs} (model load {:.3} s, {} repairs)",
                input.len(),
                dt,
                input.len() as f64 / dt / 1e6,
                load,
                fixes.len()
            );
        }
        Some("score") if args.len() >= 3 => {
            let truth = std::fs::read_to_string(&args[1]).expect("read truth");
            let out = std::fs::read_to_string(&args[2]).expect("read output");
            let (r, rci, n) = score(&truth, &out);
            println!(
                "{}: syllable accuracy {:.2}% ({r}/{n}), ignoring case {:.2}%",
                args[2],
                100.0 * r as f64 / n.max(1) as f64,
                100.0 * rci as f64 / n.max(1) as f64
            );
        }
        Some("clean") if args.len() >= 2 => {
            let plans: Vec<String> = train::txt_files(Path::new(&args[1]))
                .iter()
                .map(|p| std::fs::read_to_string(p).expect("read plan"))
                .filter(|t| normalize(t, false).quality == Quality::Clean)
                .collect();
            let _ = Repairer::global();
            let bytes: usize = plans.iter().map(String::len).sum();
            let rounds = 40;
            let mut best = [f64::MAX; 2];
            for round in 0..7 {
                // Alternate the order, so that neither side always runs second.
                let order = if round % 2 == 0 {
                    [false, true]
                } else {
                    [true, false]
                };
                for repair in order {
                    let i = usize::from(repair);
                    let t0 = Instant::now();
                    for _ in 0..rounds {
                        for p in &plans {
                            std::hint::black_box(normalize(p, repair));
                        }
                    }
                    best[i] = best[i].min(t0.elapsed().as_secs_f64());
                }
            }
            println!(
                "clean plans ({} bytes x {rounds}): normalize {:.3} s, with repair {:.3} s: {:+.1}%",
                bytes,
                best[0],
                best[1],
                100.0 * (best[1] / best[0] - 1.0)
            );
        }
        _ => {
            eprintln!("usage: repair_bench prepare LM_DIR OUTDIR [MAX_BYTES] | run OUTDIR|PLAN [ocr] | score TRUTH OUT | clean CORPUS_DIR");
            std::process::exit(2);
        }
    }
}
