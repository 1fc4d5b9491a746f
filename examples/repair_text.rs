//! Repairs text read from standard input with the shipped model and prints the
//! result; `--ocr` or `--stripped` forces the kind of damage, `-v` lists the repairs.
//!
//! ```text
//! echo "Ca nudc thi dua xay dung xa hoi hoc tap" | cargo run --release --example repair_text -- --ocr -v
//! ```

use std::io::Read;

use kehoach::normalize::repair::{apply, Mode, Repairer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("read stdin");
    let rep = Repairer::global();
    let fixes = if args.iter().any(|a| a == "--ocr") {
        rep.repair_as(&text, Mode::Ocr)
    } else if args.iter().any(|a| a == "--stripped") {
        rep.repair_as(&text, Mode::Stripped)
    } else {
        rep.repair(&text)
    };
    print!("{}", apply(&text, &fixes));
    if args.iter().any(|a| a == "-v") {
        for f in &fixes {
            eprintln!(
                "{:?} {:?} -> {:?} ({:.2})",
                f.range,
                &text[f.range.clone()],
                f.replacement,
                f.confidence
            );
        }
    }
}
