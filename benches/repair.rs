//! Throughput of the OCR and diacritic repairer alone (`Throughput::Bytes`), on
//! corpus text: a clean plan with its marks stripped, the same plan with OCR
//! damage simulated from the learned table, the real OCR'd plan, and a clean
//! plan through `repair` (which only checks that it reads as clean). Run:
//! `cargo bench --bench repair`.
//!
//! The model and the OCR index are loaded before measuring; each repair starts
//! with empty per-call caches, but OCR work (candidates of OCR'd words, channel
//! probabilities) is remembered per thread across calls, so the OCR figures are
//! those of a batch past its first documents.

use std::fs;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

use kehoach::normalize::normalize;
use kehoach::normalize::repair::{strip_marks, Mode, Repairer};

fn plan(name: &str) -> String {
    let text = fs::read_to_string(format!("corpus/{name}.txt")).expect("run from the crate root");
    normalize(&text, false).text.as_str().to_string()
}

fn repair(c: &mut Criterion) {
    let rep = Repairer::global();
    let clean = plan("ha-nam-province");
    let stripped = strip_marks(&clean);
    let simulated = Repairer::shipped_confusions().simulate(&clean, 0x9E37_79B9_7F4A_7C15);
    let ocr = plan("trieu-son-town-ocr");
    // Load the model and build the OCR index.
    black_box(rep.repair_as(&ocr, Mode::Ocr));
    let inputs = [
        ("stripped/ha-nam", &stripped, Some(Mode::Stripped)),
        ("ocr-simulated/ha-nam", &simulated, Some(Mode::Ocr)),
        ("ocr/trieu-son", &ocr, Some(Mode::Ocr)),
        ("clean/ha-nam", &clean, None),
    ];
    let mut g = c.benchmark_group("repair");
    for (name, text, mode) in inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| match mode {
            Some(mode) => b.iter(|| rep.repair_as(black_box(text), mode)),
            None => b.iter(|| rep.repair(black_box(text))),
        });
    }
    g.finish();
}

criterion_group!(benches, repair);
criterion_main!(benches);
