//! Trains the repairer's language model and writes it where the library embeds it.
//!
//! ```text
//! cargo run --release --example train_repair -- /work/shared/lm-text corpus/ \
//!     [src/normalize/repair/model.bin]
//!     # also writes abbreviations.tsv beside the model
//! ```
//!
//! Reads every `*.txt` of the gazette directory (documents split on their
//! `=== <name>` lines; the held-out ones, see `train::is_held_out`, are skipped so
//! the evaluation can score them) and every clean plan `*.txt` of the corpus
//! directory (plans that do not read as clean Vietnamese, such as an OCR'd one,
//! are skipped). Ships statistics only, never the text.

use std::path::Path;

use kehoach::normalize::repair::model::Counts;
use kehoach::normalize::repair::train;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: train_repair LM_TEXT_DIR CORPUS_DIR [OUT]");
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
    let lexicon_path = std::path::Path::new(&out).with_file_name("abbreviations.tsv");
    std::fs::write(&lexicon_path, &lexicon).expect("write abbreviation lexicon");
    eprintln!(
        "{} abbreviations -> {}",
        lexicon.lines().filter(|l| !l.starts_with('#')).count(),
        lexicon_path.display()
    );
    let model = train::build(&counts);
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).expect("write model");
    let [v, b, t] = model.sizes();
    eprintln!(
        "{docs} gazette documents ({held} held out), {plans} plans; vocabulary {v}, bigrams {b}, trigrams {t}; {} bytes -> {out}",
        bytes.len()
    );
}
