//! A generated archive for the batch benchmark: N variations of the plans of a
//! folder, written deterministically (same seed, same files) into nested folders of
//! a hundred, as an analyst would receive them: other localities, numbers and dates,
//! sections dropped or swapped, some stripped of diacritics, some in UTF-16,
//! Windows-1258, TCVN3 or VNI, some as `.docx`.
//!
//! ```sh
//! cargo run --release --example gen_archive -- corpus/ /tmp/archive 10000
//! /usr/bin/time -v target/release/kehoach extract /tmp/archive -o /tmp/archive.jsonl
//! ```

#[path = "support/render.rs"]
mod render;

use std::fs;
use std::path::{Path, PathBuf};

use kehoach::decode::Encoding;
use regex::{Captures, Regex};
use unicode_normalization::UnicodeNormalization;

/// Localities the variations are moved to (name, as the plans write it).
const PLACES: &[&str] = &[
    "Kim Bảng",
    "Thanh Liêm",
    "Bình Lục",
    "Lý Nhân",
    "Duy Tiên",
    "Tân Phú",
    "Long Hồ",
    "Cái Bè",
    "Mỹ Xuyên",
    "Yên Thành",
    "Đức Phổ",
    "Hòa Vang",
    "Quế Sơn",
    "Thạch Hà",
    "Gia Viễn",
    "Kim Sơn",
    "Phù Cừ",
    "Văn Lâm",
    "Tiên Lãng",
    "Đông Triều",
];

/// Shares of the archive, out of 100: encodings, diacritics stripped, sections.
const UTF16: u64 = 10;
const WINDOWS_1258: u64 = 10;
const TCVN3: u64 = 5;
const VNI: u64 = 5;
const DOCX: u64 = 10;
const STRIPPED: u64 = 5;
const DROP_SECTION: u64 = 20;
const SWAP_SECTIONS: u64 = 20;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (plans, out, count, seed) = match args.as_slice() {
        [p, o, n] => (p, o, n, "1"),
        [p, o, n, s] => (p, o, n, s.as_str()),
        _ => usage(),
    };
    let (Ok(count), Ok(seed)) = (count.parse::<usize>(), seed.parse::<u64>()) else {
        usage()
    };
    let bases = read_plans(Path::new(plans));
    if bases.is_empty() {
        eprintln!("no plans in {plans}");
        std::process::exit(1);
    }
    let out = PathBuf::from(out);
    let mut rng = Rng(seed);
    let mut bytes = 0usize;
    for i in 0..count {
        let (text, locality) = &bases[rng.below(bases.len() as u64) as usize];
        let varied = vary(text, locality.as_deref(), &mut rng);
        let (data, ext) = encode(&varied, &mut rng);
        let dir = out.join(format!("{:03}", i / 100));
        fs::create_dir_all(&dir).expect("create a folder of the archive");
        fs::write(dir.join(format!("plan-{i:05}.{ext}")), &data).expect("write a plan");
        bytes += data.len();
    }
    eprintln!(
        "{count} plans, {:.1} MB, in {}",
        bytes as f64 / 1e6,
        out.display()
    );
}

fn usage() -> ! {
    eprintln!("usage: gen_archive PLAN_DIR OUT_DIR COUNT [SEED]");
    std::process::exit(2);
}

/// The UTF-8 plans of a folder, each with its locality as kehoach reads it.
fn read_plans(dir: &Path) -> Vec<(String, Option<String>)> {
    let (inputs, _) = kehoach::batch::expand(&[dir.to_path_buf()]);
    inputs
        .into_iter()
        .filter_map(|input| match input {
            kehoach::batch::Input::File(p) => fs::read_to_string(p).ok(),
            kehoach::batch::Input::Stdin => None,
        })
        .map(|text| {
            let locality = kehoach::extract_text(&text).document.locality;
            (text, locality.map(|l| l.name))
        })
        .collect()
}

/// Another locality, number and dates; maybe a section dropped or two swapped;
/// maybe no diacritics.
fn vary(text: &str, locality: Option<&str>, rng: &mut Rng) -> String {
    static NUMBER: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"(Số:\s*)\d+").unwrap());
    static DATE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(20\d\d)").unwrap()
    });
    let mut text = text.to_string();
    if let Some(old) = locality {
        let new = PLACES[rng.below(PLACES.len() as u64) as usize];
        text = text
            .replace(old, new)
            .replace(&old.to_uppercase(), &new.to_uppercase());
    }
    let number = 1 + rng.below(300);
    text = NUMBER
        .replace_all(&text, |c: &Captures| format!("{}{number}", &c[1]))
        .into_owned();
    text = DATE
        .replace_all(&text, |c: &Captures| {
            format!(
                "ngày {:02} tháng {:02} năm {}",
                1 + rng.below(28),
                1 + rng.below(12),
                &c[1]
            )
        })
        .into_owned();
    text = shuffle_sections(&text, rng);
    if rng.below(100) < STRIPPED {
        text = strip_marks(&text);
    }
    text
}

/// Cuts the text at its top-level sections (`I.`, `II.`, …) and drops one or swaps
/// two neighbours (never the first, which follows the title).
fn shuffle_sections(text: &str, rng: &mut Rng) -> String {
    static SECTION: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"(?m)^(?:#+\s*)?[IVX]{1,4}\.\s").unwrap());
    let starts: Vec<usize> = SECTION.find_iter(text).map(|m| m.start()).collect();
    if starts.len() < 3 {
        return text.to_string();
    }
    let mut parts: Vec<&str> = Vec::new();
    let mut cut = 0;
    for &s in &starts {
        parts.push(&text[cut..s]);
        cut = s;
    }
    // The last section runs to the end (closing matter included): it stays last.
    parts.push(&text[cut..]);
    // parts[0] is the header, parts[1] the first section, the last part stays.
    let movable = 2..parts.len() - 1;
    if !movable.is_empty() && rng.below(100) < DROP_SECTION {
        let i = movable.start + rng.below(movable.len() as u64) as usize;
        parts.remove(i);
    } else if movable.len() >= 2 && rng.below(100) < SWAP_SECTIONS {
        let i = movable.start + rng.below(movable.len() as u64 - 1) as usize;
        parts.swap(i, i + 1);
    }
    parts.concat()
}

/// The text without tone marks and letter modifiers (as typed on a bare keyboard).
fn strip_marks(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36F}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// The bytes of the plan in an encoding drawn by the shares above (UTF-8 when the
/// drawn one cannot write a character), and the file name ending.
fn encode(text: &str, rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let draw = rng.below(100);
    let mut bound = 0;
    let mut encoding = Encoding::Utf8;
    for (share, enc) in [
        (UTF16, Encoding::Utf16Le),
        (WINDOWS_1258, Encoding::Windows1258),
        (TCVN3, Encoding::Tcvn3),
        (VNI, Encoding::Vni),
        (DOCX, Encoding::Docx),
    ] {
        bound += share;
        if draw < bound {
            encoding = enc;
            break;
        }
    }
    let ext = if encoding == Encoding::Docx {
        "docx"
    } else {
        "txt"
    };
    match render::render(text, encoding) {
        Some(bytes) => (bytes, ext),
        None => (text.as_bytes().to_vec(), "txt"),
    }
}

/// splitmix64: small, seeded, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
