//! Seeds for the fuzzer (`fuzz/`): every plan of a folder cut into pieces of whole
//! lines, small enough for `-max_len=4096`, and the smaller pieces also rendered in
//! every other encoding kehoach reads (UTF-16, Windows-1258, TCVN3, VNI, `.docx`).
//!
//! ```sh
//! cargo run --release --example fuzz_seeds -- corpus/ fuzz/corpus/pipeline
//! ```

#[path = "support/render.rs"]
mod render;

use std::fs;
use std::path::PathBuf;

use kehoach::decode::Encoding;

/// Piece sizes in bytes of UTF-8: large ones as they are, small ones re-encoded too
/// (UTF-16 and `.docx` grow, and libFuzzer cuts seeds at `-max_len`).
const LARGE: usize = 3900;
const SMALL: usize = 1500;

const OTHER_ENCODINGS: [Encoding; 6] = [
    Encoding::Utf16Le,
    Encoding::Utf16Be,
    Encoding::Windows1258,
    Encoding::Tcvn3,
    Encoding::Vni,
    Encoding::Docx,
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [plans, out] = args.as_slice() else {
        eprintln!("usage: fuzz_seeds PLAN_DIR OUT_DIR");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    fs::create_dir_all(&out).expect("create the output folder");
    let (inputs, _) = kehoach::batch::expand(&[PathBuf::from(plans)]);
    let mut written = 0;
    for input in inputs {
        let kehoach::batch::Input::File(path) = input else {
            continue;
        };
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        for (i, piece) in pieces(&text, LARGE).iter().enumerate() {
            fs::write(out.join(format!("{stem}-l{i:02}")), piece).expect("write a seed");
            written += 1;
        }
        for (i, piece) in pieces(&text, SMALL).iter().enumerate() {
            for enc in OTHER_ENCODINGS {
                if let Some(bytes) = render::render(piece, enc) {
                    fs::write(out.join(format!("{stem}-s{i:02}-{enc}")), bytes)
                        .expect("write a seed");
                    written += 1;
                }
            }
        }
    }
    eprintln!("{written} seeds in {}", out.display());
}

/// Consecutive whole lines, each piece at most `max` bytes (a longer line alone).
fn pieces(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.split_inclusive('\n') {
        if !cur.is_empty() && cur.len() + line.len() > max {
            out.push(std::mem::take(&mut cur));
        }
        cur.push_str(line);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
