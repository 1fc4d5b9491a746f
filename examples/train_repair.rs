//! Trains the repairer's language model and writes it where the library embeds it.
//!
//! ```text
//! cargo run --release --example train_repair -- /work/shared/lm-text corpus/ \
//!     [src/normalize/repair/model.bin] [--check]
//!     # also writes abbreviations.tsv beside the model
//! ```
//!
//! Reads every `*.txt` of the gazette directory (documents split on their
//! `=== <name>` lines; the held-out ones, see `train::is_held_out`, are skipped so
//! the evaluation can score them) and every clean plan `*.txt` of the corpus
//! directory (plans that do not read as clean Vietnamese, such as an OCR'd one,
//! are skipped). Ships statistics only, never the text. Training is
//! deterministic: the same inputs give the same bytes, whose SHA-256 it prints.
//! With `--check` nothing is written: it exits with status 1 unless the files
//! already there are byte for byte what training gives (the reproducibility
//! check of the shipped model).

use std::path::Path;

use sha2::{Digest, Sha256};

use kehoach::normalize::repair::model::Counts;
use kehoach::normalize::repair::train;

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `bytes` to `path`, or with `check` compares them with what is there;
/// false when they differ.
fn put(path: &Path, bytes: &[u8], check: bool) -> bool {
    let same = !check || std::fs::read(path).is_ok_and(|old| old == bytes);
    if !check {
        std::fs::write(path, bytes).expect("write output");
    }
    eprintln!(
        "{} {} sha256 {}",
        path.display(),
        match (check, same) {
            (false, _) => "written,",
            (true, true) => "reproduced,",
            (true, false) => "DIFFERS from training,",
        },
        sha256(bytes)
    );
    same
}

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.len() < 2 {
        eprintln!("usage: train_repair LM_TEXT_DIR CORPUS_DIR [OUT] [--check]");
        std::process::exit(2);
    }
    let out = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| "src/normalize/repair/model.bin".to_string());
    let mut counts = Counts::new();
    let mut abbreviations = train::Abbreviations::default();
    let (mut docs, mut held) = (0, 0);
    for f in train::txt_files(Path::new(&args[0])) {
        let dump = std::fs::read_to_string(&f).expect("read gazette dump");
        for d in train::split_documents(&dump) {
            if train::is_held_out(&d.name) {
                held += 1;
                continue;
            }
            train::count_gazette(&mut counts, &d.body);
            abbreviations.count(&train::clean_gazette(&d.body));
            docs += 1;
        }
    }
    let mut plans = 0;
    for f in train::txt_files(Path::new(&args[1])) {
        let text = std::fs::read_to_string(&f).expect("read plan");
        if train::count_plan(&mut counts, &text, train::PLAN_WEIGHT) {
            abbreviations.count(&text);
            plans += 1;
            eprintln!("plan: {}", f.display());
        } else {
            eprintln!("skipped (not clean): {}", f.display());
        }
    }
    let lexicon = abbreviations.to_tsv(5);
    eprintln!(
        "{} abbreviations",
        lexicon.lines().filter(|l| !l.starts_with('#')).count(),
    );
    let model = train::build(&counts);
    let bytes = model.to_bytes();
    let [v, b, t] = model.sizes();
    eprintln!(
        "{docs} gazette documents ({held} held out), {plans} plans; vocabulary {v}, bigrams {b}, trigrams {t}; {} bytes",
        bytes.len()
    );
    let out = Path::new(&out);
    let lexicon_ok = put(
        &out.with_file_name("abbreviations.tsv"),
        lexicon.as_bytes(),
        check,
    );
    let model_ok = put(out, &bytes, check);
    if !(lexicon_ok && model_ok) {
        std::process::exit(1);
    }
}
