//! Runs the normalize stage (with repair) over a file and prints the normalized
//! text; `-v` lists the repairs with the source words they came from.
//!
//! ```text
//! cargo run --release --example normalize_text -- FILE [-v]
//! ```

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: normalize_text FILE [-v]");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(path).expect("read file");
    let n = kehoach::normalize::normalize(&source, true);
    eprintln!(
        "quality {:?}, {} words repaired",
        n.quality, n.repaired_tokens
    );
    print!("{}", n.text.as_str());
    if args.iter().any(|a| a == "-v") {
        for r in &n.repairs {
            eprintln!(
                "{:?} {:?} -> {:?} ({:.2}) source {:?}",
                r.span,
                r.from,
                r.to,
                r.confidence,
                &source[r.span.range()]
            );
        }
    }
}
