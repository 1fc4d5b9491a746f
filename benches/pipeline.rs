//! Throughput per stage and end to end, on clean and OCR-damaged plans
//! (`Throughput::Bytes`). Run: `cargo bench --bench pipeline`.
//!
//! The inputs are the corpus plans, so figures are comparable across runs; the
//! lazy tables (syllable inventory, repair model) are warmed before measuring.

use std::fs;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

use kehoach::normalize::normalize;
use kehoach::segment::segment;

fn plan(name: &str) -> String {
    fs::read_to_string(format!("corpus/{name}.txt")).expect("run from the crate root")
}

fn stages(c: &mut Criterion) {
    let clean = plan("ha-nam-province");
    let ocr = plan("trieu-son-town-ocr");
    // Warm the lazy tables.
    black_box(normalize(&ocr, true));
    for (kind, text) in [("clean/ha-nam", &clean), ("ocr/trieu-son", &ocr)] {
        let mut g = c.benchmark_group(kind);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function("decode", |b| {
            b.iter(|| kehoach::decode::decode(black_box(text.as_bytes()), None))
        });
        g.bench_function("normalize-no-repair", |b| {
            b.iter(|| normalize(black_box(text), false))
        });
        g.bench_function("normalize", |b| b.iter(|| normalize(black_box(text), true)));
        let norm = normalize(text, true);
        g.bench_function("segment", |b| b.iter(|| segment(black_box(&norm))));
        g.bench_function("end-to-end", |b| {
            b.iter(|| kehoach::process("p.txt", black_box(text.as_bytes()), &Default::default()))
        });
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
