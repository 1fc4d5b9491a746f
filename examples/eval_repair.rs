//! Evaluates the repairer. Prints syllable accuracy for
//!
//! - (a) each clean corpus plan with every mark stripped, scored with a model
//!   trained without it (leave one document out: gazette text plus the other
//!   clean plans, built in memory);
//! - (b) the held-out gazette documents (never in the shipped model) stripped;
//! - (c) the same documents with OCR damage simulated from the learned table;
//! - (d) the real OCR'd plan against its hand-corrected fixture: all words,
//!   letter-damaged words, words that only lost marks, and the share of words
//!   already right that the repair broke; with the shipped table and with a
//!   2-fold split (table learned on one half of the lines, scored on the other).
//!
//! ```text
//! cargo run --release --example eval_repair -- /work/shared/lm-text corpus/ \
//!     OCR.txt TRUTH.txt
//! ```
//! (b)–(d) use the shipped model; pass `--quick` to skip (a). The exact files
//! of this repository are in src/normalize/repair/README.md. Tuning flags:
//! `--beam= --cands= --keep= --keep-ocr= --prune= --split= --chan=`, and
//! `--errors` lists the commonest errors.

use std::path::{Path, PathBuf};
use std::time::Instant;

use kehoach::normalize::repair::channel::{align_tokens, aligned_word_pairs, learn};
use kehoach::normalize::repair::lex::{letter_words, lex};
use kehoach::normalize::repair::model::Counts;
use kehoach::normalize::repair::{apply, strip_marks, train, Mode, Repairer};
use kehoach::normalize::{normalize, Quality};
use kehoach::syllable::{fold, is_syllable_modulo_marks};

/// Seed of the simulated OCR damage (the same as `repair_bench prepare`).
const OCR_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

#[derive(Clone, Default)]
struct Score {
    right: usize,
    total: usize,
}

impl Score {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.right += usize::from(ok);
    }
    fn pct(&self) -> f64 {
        100.0 * self.right as f64 / self.total.max(1) as f64
    }
    fn show(&self) -> String {
        format!("{:.2}% ({}/{})", self.pct(), self.right, self.total)
    }
}

/// Scores repaired text against the truth, line by line (same line count).
fn score_lines(truth: &str, out: &str, s: &mut Score) {
    for (t, o) in truth.lines().zip(out.lines()) {
        let (tw, ow) = (letter_words(t), letter_words(o));
        if tw.len() == ow.len() {
            for (a, b) in tw.iter().zip(&ow) {
                s.add(a == b);
            }
        } else {
            for (a, b) in align_tokens(&tw, &ow) {
                if let Some(a) = a {
                    s.add(b.is_some_and(|b| tw[a] == ow[b]));
                }
            }
        }
    }
}

/// How often a repair is right, by its confidence (text where damage keeps the
/// words in place, so the n-th word of a line is the n-th word of its truth).
fn calibration(truth: &str, damaged: &str, fixes: &[kehoach::normalize::repair::TokenRepair]) {
    let bounds = [0.0f32, 0.5, 0.9, 0.99, 1.01];
    let mut buckets = vec![Score::default(); bounds.len() - 1];
    let mut fi = 0;
    let mut at = 0;
    for (t, d) in truth.lines().zip(damaged.split_inclusive('\n')) {
        let dl = lex(d.trim_end_matches('\n'));
        let tl: Vec<&str> = lex(t).into_iter().map(|l| &t[l.range]).collect();
        while fi < fixes.len() && fixes[fi].range.start < at + d.len() {
            let f = &fixes[fi];
            fi += 1;
            if dl.len() != tl.len() {
                continue;
            }
            let local = f.range.start - at..f.range.end - at;
            if let Some(i) = dl.iter().position(|l| l.range == local) {
                let b = bounds
                    .windows(2)
                    .position(|w| f.confidence >= w[0] && f.confidence < w[1]);
                if let Some(b) = b {
                    buckets[b].add(tl[i] == f.replacement);
                }
            }
        }
        at += d.len();
    }
    for (b, w) in buckets.iter().zip(bounds.windows(2)) {
        println!(
            "    repairs with confidence in [{:.2}, {:.2}): {} right",
            w[0],
            w[1].min(1.0),
            b.show()
        );
    }
}

/// Codes and abbreviations with a marked letter ("15/2020/NĐ-CP", "QĐ-TTg"),
/// not counted as syllables: how many came back exactly.
fn codes_restored(truth: &str, out: &str) -> Score {
    let mut s = Score::default();
    for (t, o) in truth.lines().zip(out.lines()) {
        let tw: Vec<&str> = lex(t).into_iter().map(|l| &t[l.range]).collect();
        let ow: Vec<&str> = lex(o).into_iter().map(|l| &o[l.range]).collect();
        if tw.len() != ow.len() {
            continue;
        }
        for (a, b) in tw.iter().zip(&ow) {
            let code = !a.chars().all(char::is_alphabetic)
                || (a.chars().all(char::is_uppercase) && !is_syllable_modulo_marks(a));
            if code && fold(a) != a.to_lowercase() {
                s.add(a == b);
            }
        }
    }
    s
}

/// The most frequent (truth → output) errors.
fn print_errors(truth: &str, out: &str) {
    let mut errs: std::collections::HashMap<(String, String), usize> = Default::default();
    for (t, o) in truth.lines().zip(out.lines()) {
        let (tw, ow) = (letter_words(t), letter_words(o));
        if tw.len() == ow.len() {
            for (a, b) in tw.iter().zip(&ow) {
                if a != b {
                    *errs.entry((a.to_string(), b.to_string())).or_default() += 1;
                }
            }
        }
    }
    let mut v: Vec<_> = errs.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((a, b), n) in v.iter().take(60) {
        println!("      {n:5}  {a} -> {b}");
    }
}

/// Real OCR evaluation of the lines `keep` accepts. Each truth word is right
/// when the repaired line has it in the aligned place (so a split "nangcao" →
/// "nâng cao" counts for both words); its category comes from its OCR form.
fn eval_ocr(rep: &Repairer, ocr: &str, truth: &str, keep: impl Fn(usize) -> bool) {
    let errors = std::env::args().any(|a| a == "--errors");
    let mut all = Score::default();
    let mut damaged = Score::default();
    let mut marks = Score::default();
    let mut broken = Score::default(); // "right" counts the broken ones
    let mut repairs = 0;
    let mut low_conf = 0;
    for (n, (o, t)) in ocr.lines().zip(truth.lines()).enumerate() {
        if !keep(n) {
            continue;
        }
        let fixes = rep.repair_as(o, Mode::Ocr);
        repairs += fixes.len();
        low_conf += fixes.iter().filter(|f| f.confidence < 0.5).count();
        let fixed = apply(o, &fixes);
        let lex_words = |s: &'_ str| -> Vec<String> {
            lex(s).into_iter().map(|l| s[l.range].to_string()).collect()
        };
        let ow = lex_words(o);
        let fw = lex_words(&fixed);
        let tw = lex_words(t);
        let tws: Vec<&str> = tw.iter().map(String::as_str).collect();
        let ows: Vec<&str> = ow.iter().map(String::as_str).collect();
        let fws: Vec<&str> = fw.iter().map(String::as_str).collect();
        let mut written: Vec<Option<usize>> = vec![None; tw.len()];
        for (ti, oi) in align_tokens(&tws, &ows) {
            if let Some(ti) = ti {
                written[ti] = oi;
            }
        }
        let mut repaired: Vec<Option<usize>> = vec![None; tw.len()];
        for (ti, fi) in align_tokens(&tws, &fws) {
            if let Some(ti) = ti {
                repaired[ti] = fi;
            }
        }
        for (ti, truth_w) in tws.iter().enumerate() {
            if !truth_w.chars().all(char::is_alphabetic) {
                continue;
            }
            let ok = repaired[ti].is_some_and(|fi| fws[fi] == *truth_w);
            all.add(ok);
            let out_w = repaired[ti].map_or("", |fi| fws[fi]);
            match written[ti] {
                Some(oi) if ows[oi] == *truth_w => {
                    broken.add(!ok);
                    if !ok && errors {
                        println!("      broken: {} -> {out_w} in {o}", ows[oi]);
                    }
                }
                Some(oi) if fold(ows[oi]) == fold(truth_w) => marks.add(ok),
                other => {
                    damaged.add(ok);
                    if !ok && errors {
                        let ow = other.map_or("", |oi| ows[oi]);
                        println!("      unfixed: {ow} -> {out_w} (truth {truth_w})");
                    }
                }
            }
        }
    }
    println!("    all words            {}", all.show());
    println!("    letter-damaged fixed {}", damaged.show());
    println!("    marks-only fixed     {}", marks.show());
    println!("    right words broken   {}", broken.show());
    println!("    repairs made {repairs}, of which confidence < 0.5: {low_conf}");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if args.len() < 4 {
        eprintln!("usage: eval_repair LM_TEXT_DIR CORPUS_DIR OCR.txt TRUTH.txt [--quick]");
        std::process::exit(2);
    }
    let global = Repairer::global();
    assert!(global.is_loaded(), "no shipped model");
    let flag = |name: &str| {
        std::env::args()
            .find_map(|a| a.strip_prefix(&format!("--{name}=")).map(str::to_string))
            .and_then(|v| v.parse::<f32>().ok())
    };
    let mut params = global.params;
    if let Some(v) = flag("beam") {
        params.beam = v as usize;
    }
    if let Some(v) = flag("cands") {
        params.max_cands = v as usize;
    }
    if let Some(v) = flag("keep") {
        params.keep_below = v;
    }
    if let Some(v) = flag("keep-ocr") {
        params.keep_below_ocr = v;
    }
    if let Some(v) = flag("prune") {
        params.prune = v;
    }
    if let Some(v) = flag("ocr-gap") {
        params.ocr_gap = v;
    }
    if let Some(v) = flag("split") {
        params.split_penalty = v;
    }
    if let Some(v) = flag("min-conf") {
        params.min_confidence = v;
    }
    if let Some(v) = flag("folds") {
        params.max_folds = v as usize;
    }
    if let Some(v) = flag("chan") {
        params.chan_weight = v;
    }
    let mut tuned = Repairer::new(global.model().clone(), Repairer::shipped_confusions());
    tuned.params = params;
    let shipped = &tuned;
    let show_errors = std::env::args().any(|a| a == "--errors");

    // Gazette documents: training counts and held-out texts.
    let mut base = Counts::new();
    let mut held: Vec<String> = Vec::new();
    for f in train::txt_files(Path::new(args[0])) {
        let dump = std::fs::read_to_string(&f).expect("read gazette dump");
        for d in train::split_documents(&dump) {
            if train::is_held_out(&d.name) {
                // As the normalize stage gives it: NFC, official tone placement.
                let clean = train::clean_gazette(&d.body);
                held.push(normalize(&clean, false).text.as_str().to_string());
            } else if !quick {
                train::count_gazette(&mut base, &d.body);
            }
        }
    }
    let plans: Vec<(PathBuf, String)> = train::txt_files(Path::new(args[1]))
        .into_iter()
        .map(|p| {
            let t = std::fs::read_to_string(&p).expect("read plan");
            (p, t)
        })
        .filter(|(_, t)| normalize(t, false).quality == Quality::Clean)
        .collect();

    if !quick {
        println!("(a) clean plans, marks stripped, leave one document out");
        let mut total = Score::default();
        for (i, (path, text)) in plans.iter().enumerate() {
            let mut counts = base.clone();
            for (j, (_, other)) in plans.iter().enumerate() {
                if j != i {
                    train::count_plan(&mut counts, other, train::PLAN_WEIGHT);
                }
            }
            let mut rep = Repairer::new(train::build(&counts), Repairer::shipped_confusions());
            rep.params = params;
            let truth = normalize(text, false).text.as_str().to_string();
            let stripped = strip_marks(&truth);
            let out = apply(&stripped, &rep.repair_as(&stripped, Mode::Stripped));
            let mut s = Score::default();
            score_lines(&truth, &out, &mut s);
            println!("    {:40} {}", path.display(), s.show());
            total.right += s.right;
            total.total += s.total;
        }
        println!(
            "    all plans                                {}",
            total.show()
        );
    }

    let held_text: String = held.concat();
    println!(
        "(b) held-out gazette text, marks stripped ({} documents, {} bytes)",
        held.len(),
        held_text.len()
    );
    let stripped = strip_marks(&held_text);
    let t0 = Instant::now();
    let fixes = shipped.repair_as(&stripped, Mode::Stripped);
    let dt = t0.elapsed().as_secs_f64();
    let out = apply(&stripped, &fixes);
    let mut s = Score::default();
    score_lines(&held_text, &out, &mut s);
    println!("    syllable accuracy {}", s.show());
    println!(
        "    codes, abbreviations and words fused with digits that lost a mark (\"NĐ-CP\", \"HĐND\", \"ngoài1\"): restored {}",
        codes_restored(&held_text, &out).show()
    );
    calibration(&held_text, &stripped, &fixes);
    if show_errors {
        print_errors(&held_text, &out);
    }
    println!(
        "    speed {:.2} MB/s on one core ({} bytes in {:.2} s)",
        stripped.len() as f64 / dt / 1e6,
        stripped.len(),
        dt
    );

    println!("(c) held-out gazette text, OCR damage simulated from the learned table");
    let table = Repairer::shipped_confusions();
    let damaged = table.simulate(&held_text, OCR_SEED);
    let t0 = Instant::now();
    let fixes = shipped.repair_as(&damaged, Mode::Ocr);
    let dt = t0.elapsed().as_secs_f64();
    let out = apply(&damaged, &fixes);
    let mut before = Score::default();
    score_lines(&held_text, &damaged, &mut before);
    let mut s = Score::default();
    score_lines(&held_text, &out, &mut s);
    println!("    before repair {}", before.show());
    println!("    after repair  {}", s.show());
    calibration(&held_text, &damaged, &fixes);
    println!(
        "    speed {:.2} MB/s on one core",
        damaged.len() as f64 / dt / 1e6
    );

    println!("(e) clean plans forced through the OCR repair: words changed (all wrongly)");
    let mut changed = Score::default();
    for (_, text) in &plans {
        let clean = normalize(text, false).text.as_str().to_string();
        let fixes = shipped.repair_as(&clean, Mode::Ocr);
        let words: usize = clean.lines().map(|l| letter_words(l).len()).sum();
        changed.right += fixes.len();
        changed.total += words;
    }
    println!("    {}", changed.show());

    println!("(d) real OCR plan against its corrected fixture");
    let ocr = std::fs::read_to_string(args[2]).expect("read OCR plan");
    let truth = std::fs::read_to_string(args[3]).expect("read fixture");
    println!("  shipped table (learned on the whole plan):");
    eval_ocr(shipped, &ocr, &truth, |_| true);
    for fold_no in 0..2 {
        let pairs = aligned_word_pairs(&ocr, &truth, |n| n % 2 != fold_no);
        let table = learn(pairs.iter().map(|(t, o)| (t.as_str(), o.as_str())));
        let mut rep = Repairer::new(shipped.model().clone(), table);
        rep.params = params;
        println!(
            "  2-fold, table learned on {} lines, scored on {} lines:",
            if fold_no == 0 { "odd" } else { "even" },
            if fold_no == 0 { "even" } else { "odd" }
        );
        eval_ocr(&rep, &ocr, &truth, |n| n % 2 == fold_no);
    }
}
