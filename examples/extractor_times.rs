//! Native time of each extractor on one plan, on one thread, two ways: alone
//! (the extractor `N` times in a row, its code, tables and branch history warm)
//! and in turn (all of them one after another `N` times, as `extract` runs them).
//! The stages before extraction run once to give the extractors their input, and
//! are then timed alone too; the figures are microseconds per run, alone the
//! median of five rounds. In turn is what a batch pays: every extractor runs
//! slower there, as each finds the caches and predictors left by the others.
//!
//! ```text
//! cargo run --release --example extractor_times -- 300 corpus/ha-nam-province.txt
//! ```

use std::hint::black_box;
use std::time::Instant;

use kehoach::extract::{self, Context};

/// The allocator of the `kehoach` binary, so the figures are those users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The extractors, in the order `extract` runs them.
const NAMES: [&str; 11] = [
    "metadata",
    "references",
    "warnings",
    "tasks",
    "agencies",
    "deadlines",
    "criteria",
    "awards",
    "phases",
    "funding",
    "targets",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(file)) = (
        args.first().and_then(|n| n.parse::<u32>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: extractor_times N FILE");
        std::process::exit(2);
    };
    let source = String::from_utf8(std::fs::read(file).expect("read file")).expect("UTF-8 plan");
    let norm = kehoach::normalize::normalize(&source, true);
    let layout = kehoach::segment::segment(&norm);
    let ctx = Context {
        source: &source,
        norm: &norm,
        layout: &layout,
    };
    let doc = extract::metadata::document(&ctx);
    let date = doc.date.as_deref();
    let (refs, _) = extract::references::extract(&ctx, &doc);
    let assigned = extract::tasks::assignments(&ctx, date);
    // Each extractor as a closure over what the ones before it gave.
    let one = |i: usize| match i {
        0 => drop(black_box(extract::metadata::document(&ctx))),
        1 => drop(black_box(extract::references::extract(&ctx, &doc))),
        2 => drop(black_box(extract::warnings::extract(&ctx, &doc, &refs))),
        3 => drop(black_box(extract::tasks::assignments(&ctx, date))),
        4 => drop(black_box(extract::agencies::from_assignments(
            &assigned,
            doc.locality.as_ref(),
        ))),
        5 => drop(black_box(extract::deadlines::extract(
            &ctx,
            &assigned.tasks,
            date,
        ))),
        6 => drop(black_box(extract::criteria::extract(&ctx))),
        7 => drop(black_box(extract::awards::extract(&ctx))),
        8 => drop(black_box(extract::phases::extract(&ctx))),
        9 => drop(black_box(extract::funding::extract(&ctx))),
        _ => drop(black_box(extract::targets::extract(&ctx))),
    };
    let per_run = |t: Instant| t.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    let median = |f: &dyn Fn()| {
        f();
        let mut rounds: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                (0..n).for_each(|_| f());
                per_run(t)
            })
            .collect();
        rounds.sort_by(f64::total_cmp);
        rounds[2]
    };
    let mut in_turn = [0f64; NAMES.len()];
    for _ in 0..n {
        for (i, total) in in_turn.iter_mut().enumerate() {
            let t = Instant::now();
            one(i);
            *total += t.elapsed().as_secs_f64() * 1e6;
        }
    }
    println!("{:>12} {:>9} {:>9}", "µs per run", "alone", "in turn");
    let whole = median(&|| drop(black_box(extract::extract(&ctx))));
    println!("{:>12} {:9.1}", "extract", whole);
    for (i, name) in NAMES.iter().enumerate() {
        let alone = median(&|| one(i));
        println!("{name:>12} {alone:9.1} {:9.1}", in_turn[i] / f64::from(n));
    }
    let stages = [
        (
            "normalize",
            median(&|| drop(black_box(kehoach::normalize::normalize(&source, true)))),
        ),
        (
            "segment",
            median(&|| drop(black_box(kehoach::segment::segment(&norm)))),
        ),
    ];
    for (name, t) in stages {
        println!("{name:>12} {t:9.1}");
    }
}
