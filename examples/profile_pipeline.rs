//! Runs the whole pipeline (bytes to a JSON line) over files `N` times on one
//! thread, for a profiler: instruction counts under callgrind are repeatable even
//! on a busy machine, so decisions about speed are made on them.
//!
//! ```text
//! cargo build --release --example profile_pipeline
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
//!     target/release/examples/profile_pipeline 20 corpus/ha-nam-province.txt
//! callgrind_annotate --inclusive=yes /tmp/cg.out | head -60
//! ```
//!
//! The lazy tables are warmed by one run before the counted ones; the bytes and
//! the output bytes of the counted runs are printed, so instructions per byte are
//! the profile's total over the first figure.

/// The allocator of the `kehoach` binary, so the figures are those users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), files) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        &args[1..],
    ) else {
        eprintln!("usage: profile_pipeline N FILE...");
        std::process::exit(2);
    };
    let docs: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| (f.clone(), std::fs::read(f).expect("read file")))
        .collect();
    let options = kehoach::Options::default();
    let run = |(path, bytes): &(String, Vec<u8>)| {
        kehoach::emit::to_line(&kehoach::process(path, bytes, &options)).len()
    };
    docs.iter().for_each(|d| {
        run(d);
    });
    let (mut bytes, mut out) = (0, 0);
    for _ in 0..n {
        for d in &docs {
            bytes += d.1.len();
            out += run(d);
        }
    }
    println!("{bytes} bytes in, {out} bytes out");
}
