//! Throughput per stage and end to end, on clean and OCR-damaged plans, and the
//! scaling of a batch over worker threads (`Throughput::Bytes` throughout).
//! Run: `cargo bench --bench pipeline`.
//!
//! The inputs are the corpus plans, so figures are comparable across runs; the
//! lazy tables (syllable inventory, folding tables, repair model) are warmed before
//! measuring. "end-to-end" is bytes to the JSON line, one document at a time;
//! "end-to-end-grouped" runs the four clean plans as one group, stage by stage, as
//! a batch worker takes its inputs (`pipeline::process_all`). The `batch` group runs 200 clean plans through `batch::run_mapped` on a
//! rayon pool of 1, 2 … cores; parallel efficiency is the 1-thread time over the
//! n-thread time, divided by n.

use std::fs;

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use kehoach::batch::{run_mapped, Input, WINDOW_PER_THREAD};
use kehoach::extract::{extract, Context};
use kehoach::normalize::normalize;
use kehoach::segment::segment;
use kehoach::Options;

/// The allocator of the `kehoach` binary, so the figures are those users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn plan(name: &str) -> String {
    fs::read_to_string(format!("corpus/{name}.txt")).expect("run from the crate root")
}

const CLEAN: &[&str] = &[
    "an-lao-district",
    "binh-thuan-province",
    "ha-nam-province",
    "ninh-hai-commune",
];

fn stages(c: &mut Criterion) {
    let clean = plan("ha-nam-province");
    let ocr = plan("trieu-son-town-ocr");
    // Warm the lazy tables.
    black_box(kehoach::process(
        "p.txt",
        ocr.as_bytes(),
        &Options::default(),
    ));
    black_box(kehoach::process(
        "p.txt",
        clean.as_bytes(),
        &Options::default(),
    ));
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
        let layout = segment(&norm);
        let ctx = Context {
            source: text,
            norm: &norm,
            layout: &layout,
        };
        g.bench_function("extract", |b| b.iter(|| extract(black_box(&ctx))));
        let record = kehoach::process("p.txt", text.as_bytes(), &Options::default());
        g.bench_function("emit", |b| {
            b.iter(|| kehoach::emit::to_line(black_box(&record)))
        });
        g.bench_function("end-to-end", |b| {
            b.iter(|| {
                let r = kehoach::process("p.txt", black_box(text.as_bytes()), &Options::default());
                kehoach::emit::to_line(&r)
            })
        });
        g.finish();
    }
    // All four clean plans, one after the other: the clean figure of the issue.
    let all: Vec<String> = CLEAN.iter().map(|n| plan(n)).collect();
    let bytes: usize = all.iter().map(String::len).sum();
    let mut g = c.benchmark_group("clean/corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("end-to-end", |b| {
        b.iter(|| {
            all.iter()
                .map(|t| {
                    let r = kehoach::process("p.txt", t.as_bytes(), &Options::default());
                    kehoach::emit::to_line(&r).len()
                })
                .sum::<usize>()
        })
    });
    // The same four as one group, stage by stage, as a batch worker takes them.
    g.bench_function("end-to-end-grouped", |b| {
        let docs: Vec<(&str, &[u8])> = all.iter().map(|t| ("p.txt", t.as_bytes())).collect();
        b.iter(|| {
            kehoach::pipeline::process_all(black_box(&docs), &Options::default())
                .iter()
                .map(|r| kehoach::emit::to_line(r).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

/// 200 clean plans (the corpus's four, 50 times each) from files, to JSON lines, on
/// pools of 1 … all cores.
fn batch(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut inputs = Vec::new();
    let mut bytes = 0;
    for i in 0..200 {
        let name = CLEAN[i % CLEAN.len()];
        let text = plan(name);
        bytes += text.len();
        let path = dir.path().join(format!("{i:03}-{name}.txt"));
        fs::write(&path, text).expect("write a plan");
        inputs.push(Input::File(path));
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut g = c.benchmark_group("batch/200-clean-plans");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    for threads in 1..=cores {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        g.bench_with_input(BenchmarkId::new("threads", threads), &threads, |b, _| {
            b.iter(|| {
                let mut out = 0usize;
                pool.install(|| {
                    run_mapped(
                        &inputs,
                        &Options::default(),
                        threads * WINDOW_PER_THREAD,
                        |r| kehoach::emit::to_line(&r),
                        |line| {
                            out += line.len() + 1;
                            Ok(())
                        },
                    )
                })
                .expect("no sink error");
                out
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, batch);
criterion_main!(benches);
