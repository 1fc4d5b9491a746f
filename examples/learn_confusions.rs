//! Learns the OCR confusion table from an OCR'd text and its hand-corrected
//! ground truth (line N corrects line N), and writes it as TSV.
//!
//! ```text
//! cargo run --release --example learn_confusions -- \
//!     OCR.txt TRUTH.txt \
//!     > src/normalize/repair/confusions.tsv
//! ```
//!
//! (The exact files of this repository are in src/normalize/repair/README.md.)
//! Tokens are aligned per line (edit distance on folded forms), then letters
//! within each aligned pair; only letter-level counts are kept, never words.

use kehoach::normalize::repair::channel::{aligned_word_pairs, learn};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: learn_confusions OCR.txt TRUTH.txt [> confusions.tsv]");
        std::process::exit(2);
    }
    let ocr = std::fs::read_to_string(&args[0]).expect("read OCR text");
    let truth = std::fs::read_to_string(&args[1]).expect("read ground truth");
    let pairs = aligned_word_pairs(&ocr, &truth, |_| true);
    let table = learn(pairs.iter().map(|(t, o)| (t.as_str(), o.as_str())));
    eprintln!(
        "{} word pairs, {} letter confusions",
        pairs.len(),
        table.len()
    );
    print!("{}", table.to_tsv());
}
