//! Training text for the language model: gazette documents cleaned of running
//! headers, page numbers and signature blocks, hard line breaks joined, and clean
//! plans read through the normalize stage; both turned into sentences of model
//! tokens ([`super::lex::sentences`]).
//!
//! Takes file contents, gives token sentences or [`Counts`]. No offsets: the
//! training text is consumed, never shipped. Lossy (it drops what is not running
//! text).

use unicode_normalization::UnicodeNormalization;

use std::collections::HashMap;

use super::lex::sentences;
use super::model::{Counts, LanguageModel};
use crate::normalize::{normalize, Quality};
use crate::syllable::parse;

/// One document of a gazette dump: its name (the `=== <name>` line) and body.
#[derive(Clone, Debug)]
pub struct Document {
    /// The original file name.
    pub name: String,
    /// The text, as extracted.
    pub body: String,
}

/// Splits a dump whose documents each start with a line `=== <file name>`.
pub fn split_documents(dump: &str) -> Vec<Document> {
    let mut out: Vec<Document> = Vec::new();
    for line in dump.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("=== ") {
            out.push(Document {
                name: name.trim().to_string(),
                body: String::new(),
            });
        } else if let Some(d) = out.last_mut() {
            d.body.push_str(line);
        }
    }
    out
}

/// True for the documents kept out of the shipped model, to evaluate on: about
/// one in twelve, chosen by a stable hash of the name.
pub fn is_held_out(name: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h % 12 == 0
}

fn is_junk_line(line: &str) -> bool {
    let t = line.trim();
    const PREFIXES: [&str; 7] = [
        "Ký bởi",
        "Cơ quan:",
        "Ngày ký:",
        "Email:",
        "Thời gian ký:",
        "CÔNG BÁO",
        "Công báo",
    ];
    PREFIXES.iter().any(|p| t.starts_with(p))
        || (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == ' '))
}

/// Cleans a gazette document: NFC, without running headers, page numbers and
/// signature lines, hard-wrapped lines joined into paragraphs (one per line).
pub fn clean_gazette(body: &str) -> String {
    let body: String = body.nfc().collect();
    let mut out = String::with_capacity(body.len());
    let mut open = false; // a paragraph is being written
    for line in body.lines() {
        let t = line.trim();
        if is_junk_line(t) {
            continue;
        }
        if t.is_empty() {
            if open {
                out.push('\n');
                open = false;
            }
            continue;
        }
        if open {
            out.push(' ');
        }
        out.push_str(t);
        open = true;
        if t.ends_with(['.', ';', ':', '!', '?']) {
            out.push('\n');
            open = false;
        }
    }
    if open {
        out.push('\n');
    }
    out
}

/// Adds a gazette document to the counts.
pub fn count_gazette(counts: &mut Counts, body: &str) {
    for s in sentences(&clean_gazette(body)) {
        counts.add_sentence(&s, 1);
    }
}

/// Adds a plan to the counts if it reads as clean Vietnamese (plans without
/// diacritics or with OCR damage teach nothing); true when it was added. Plans
/// are weighted: they are the genre the repairer serves.
pub fn count_plan(counts: &mut Counts, text: &str, weight: u32) -> bool {
    let n = normalize(text, false);
    if n.quality != Quality::Clean {
        return false;
    }
    for s in sentences(n.text.as_str()) {
        counts.add_sentence(&s, weight);
    }
    true
}

/// Weight of a clean plan's sentences against gazette text.
pub const PLAN_WEIGHT: u32 = 2;

/// Smooths counts into the model that ships: words seen at least three times
/// (or any syllable seen once); every bigram and trigram kept (pruning the
/// singletons halves the model to 1.3 MB but costs 0.1 point of accuracy).
pub fn build(counts: &Counts) -> LanguageModel {
    counts.build(3, &|w| parse(w).is_some(), 1, 1)
}

/// How abbreviations are written: capitals that are no syllable ("HĐND", the "QĐ"
/// of "QĐ-TTg"), counted by their form without marks.
#[derive(Clone, Debug, Default)]
pub struct Abbreviations {
    /// Folded form ("HDND") → written form → count.
    seen: HashMap<String, HashMap<String, u32>>,
}

impl Abbreviations {
    /// Counts the abbreviations of a clean text, inside codes too.
    pub fn count(&mut self, text: &str) {
        for token in text.split(|c: char| c.is_whitespace()) {
            for part in token.split(|c: char| !c.is_alphanumeric()) {
                if !is_abbreviation(part) {
                    continue;
                }
                let key = crate::syllable::fold(part).to_uppercase();
                *self
                    .seen
                    .entry(key)
                    .or_default()
                    .entry(part.to_string())
                    .or_insert(0) += 1;
            }
        }
    }

    /// The lexicon as TSV, sorted: folded form, the form it stands for, that
    /// form's count, all forms' count. Only forms with marks, seen at least
    /// `min` times and making at least 95% of their folded form's uses.
    pub fn to_tsv(&self, min: u32) -> String {
        let mut rows: Vec<(String, String, u32, u32)> = Vec::new();
        for (key, forms) in &self.seen {
            let total: u32 = forms.values().sum();
            let Some((form, &n)) = forms.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            else {
                continue;
            };
            if form != key && n >= min && n as f64 >= 0.95 * total as f64 {
                rows.push((key.clone(), form.clone(), n, total));
            }
        }
        rows.sort();
        let mut out = String::from(
            "# kehoach abbreviation lexicon: folded form, written form, its count, all counts.\n\
             # Derived by examples/train_repair.rs; see src/normalize/repair/README.md.\n",
        );
        for (k, f, n, t) in rows {
            out.push_str(&format!("{k}\t{f}\t{n}\t{t}\n"));
        }
        out
    }
}

/// Capitals (two to ten letters) that no marking makes a syllable.
pub fn is_abbreviation(part: &str) -> bool {
    let n = part.chars().count();
    (2..=10).contains(&n)
        && part.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
        && !crate::syllable::is_syllable_modulo_marks(part)
}

/// The `.txt` files of a directory, recursively, in sorted path order (the
/// training and evaluation inputs).
pub fn txt_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let (inputs, _) = crate::batch::expand(&[dir.to_path_buf()]);
    inputs
        .into_iter()
        .filter_map(|i| match i {
            crate::batch::Input::File(p) if p.extension().is_some_and(|x| x == "txt") => Some(p),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_split_on_their_name_line() {
        let dump = "=== a.txt\nmột\nhai\n=== b.txt\nba\n";
        let d = split_documents(dump);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].name, "a.txt");
        assert_eq!(d[0].body, "một\nhai\n");
    }

    #[test]
    fn gazette_noise_is_dropped_and_lines_joined() {
        let body = "CÔNG BÁO/Số 290/Ngày 29-05-2026 \n11\n \nb) Cán bộ xã, phường, thị trấn quy định tại \nNghị định số 33/2023/NĐ-CP.\nKý bởi: CÔNG BÁO\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\n";
        assert_eq!(
            clean_gazette(body),
            "b) Cán bộ xã, phường, thị trấn quy định tại Nghị định số 33/2023/NĐ-CP.\n"
        );
    }

    #[test]
    fn abbreviations_are_learned_with_their_marks() {
        let mut a = Abbreviations::default();
        for _ in 0..20 {
            a.count("Nghị quyết của HĐND tỉnh; Quyết định số 12/QĐ-UBND, 5/NĐ-CP.");
        }
        a.count("HDND");
        a.count("ĐT DT ĐT");
        let tsv = a.to_tsv(5);
        assert!(tsv.contains("HDND\tHĐND\t20\t21\n"), "{tsv}");
        assert!(tsv.contains("QD\tQĐ\t20\t20\n"));
        assert!(tsv.contains("ND\tNĐ\t20\t20\n"));
        // Too rare, or not nearly always marked: not in the lexicon.
        assert!(!tsv.contains("DT\t"));
        // No marks to restore, or a syllable: not in the lexicon.
        assert!(!tsv.contains("UBND"));
        assert!(!tsv.contains("CP\t"));
    }

    #[test]
    fn held_out_is_stable() {
        assert_eq!(is_held_out("x.txt"), is_held_out("x.txt"));
        let n = (0..1200)
            .filter(|i| is_held_out(&format!("doc-{i}.txt")))
            .count();
        assert!((50..150).contains(&n), "{n}");
    }
}
