//! The noisy channel: how likely an observed (damaged) word is, given the word that
//! was written. Letters are rewritten one at a time: each letter of the intended
//! word becomes zero, one or two observed characters ("ư" → "ir", "ớ" → "d",
//! "Đ" → "P", "ế" → "é", "ổ" → "6"), with probabilities learned from aligned
//! OCR/ground-truth text ([`learn`]) and smoothed towards broad classes (mark
//! kept, mark stripped, other mark, other character, dropped, split).
//!
//! Takes lowercase words (NFC), gives natural-log probabilities. Knows no offsets.
//! The learned table is a TSV ([`ConfusionTable::to_tsv`]); learning is lossy by
//! design: it keeps character counts, never words.

use std::borrow::Cow;
use std::collections::HashMap;

use super::lex::is_ocr_symbol;
use crate::fasthash::FastMap;

use crate::syllable::{fold_char, split_tone, Tone};

/// How an observed piece relates to the letter that was meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Rel {
    /// The letter itself.
    Same,
    /// The letter with every mark stripped.
    Fold,
    /// The same base letter with other marks ("é" for "ê").
    Marks,
    /// Some other single character.
    Other,
    /// Nothing.
    Drop,
    /// Two characters.
    Split,
}

const RELS: [Rel; 6] = [
    Rel::Same,
    Rel::Fold,
    Rel::Marks,
    Rel::Other,
    Rel::Drop,
    Rel::Split,
];

impl Rel {
    fn of(x: char, y: &str) -> Rel {
        let mut it = y.chars();
        match (it.next(), it.next()) {
            (None, _) => Rel::Drop,
            (Some(_), Some(_)) => Rel::Split,
            (Some(c), None) if c == x => Rel::Same,
            (Some(c), None) if c == fold_char(x) => Rel::Fold,
            (Some(c), None) if fold_char(c) == fold_char(x) => Rel::Marks,
            _ => Rel::Other,
        }
    }

    /// Roughly how many different observations share this relation.
    fn alternatives(self) -> f64 {
        match self {
            Rel::Same | Rel::Fold | Rel::Drop => 1.0,
            Rel::Marks => 6.0,
            Rel::Other => 60.0,
            Rel::Split => 3600.0,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Rel::Same => "same",
            Rel::Fold => "fold",
            Rel::Marks => "marks",
            Rel::Other => "other",
            Rel::Drop => "drop",
            Rel::Split => "split",
        }
    }
}

/// Remembered letter probabilities, per table, observed piece and intended
/// letter: a piece and a letter are looked up once per word, each of their
/// pairs read from a dense table.
#[derive(Default)]
pub struct Memo {
    /// A table's salt and a piece (up to two characters) → row of `probs`.
    pieces: FastMap<u128, u32>,
    /// An intended letter → column of `probs`.
    letters: FastMap<char, u32>,
    /// Per piece, per letter: log P(piece | letter), NaN until computed.
    probs: Vec<Vec<f64>>,
}

impl Memo {
    /// How many observed pieces are remembered.
    pub fn pieces(&self) -> usize {
        self.pieces.len()
    }

    fn piece(&mut self, salt: u32, piece: &[char]) -> u32 {
        let c = |i: usize| piece.get(i).map_or(0, |&c| c as u128 + 1);
        let key = ((salt as u128) << 96) | (c(0) << 32) | c(1);
        let next = self.probs.len() as u32;
        let id = *self.pieces.entry(key).or_insert(next);
        if id == next {
            self.probs.push(Vec::new());
        }
        id
    }

    fn letter(&mut self, x: char) -> u32 {
        let next = self.letters.len() as u32;
        *self.letters.entry(x).or_insert(next)
    }
}

/// Letter classes the smoothing backs off to: does the letter carry a mark?
fn class(x: char) -> usize {
    usize::from(fold_char(x) != x)
}

/// Learned confusion counts: intended letter → observed piece, with the class
/// priors they are smoothed towards.
#[derive(Clone, Debug, Default)]
pub struct ConfusionTable {
    /// Intended letter → observed piece → count.
    pairs: FastMap<char, FastMap<String, f64>>,
    /// Per intended letter: total count.
    totals: FastMap<char, f64>,
    /// Per class and relation: count.
    rel: [[f64; 6]; 2],
    /// Per intended letter without its tone: observed piece → count (shares
    /// evidence between "ớ", "ờ", "ở" …).
    toneless: FastMap<char, FastMap<String, f64>>,
    toneless_totals: FastMap<char, f64>,
    /// Tells this table's remembered probabilities from another's.
    salt: u32,
}

/// Smoothing strength of the per-letter counts.
const BETA: f64 = 4.0;

/// Share of the channel kept for "read as written", whatever was learned.
const IDENTITY: f64 = 0.1;

impl ConfusionTable {
    /// Adds one observation of `x` written as `y`.
    pub fn add(&mut self, x: char, y: &str, n: f64) {
        *self
            .pairs
            .entry(x)
            .or_default()
            .entry(y.to_string())
            .or_insert(0.0) += n;
        *self.totals.entry(x).or_insert(0.0) += n;
        let r = RELS.iter().position(|&r| r == Rel::of(x, y)).unwrap_or(0);
        self.rel[class(x)][r] += n;
        let base = split_tone(x).0;
        *self
            .toneless
            .entry(base)
            .or_default()
            .entry(toneless_piece(x, y).into_owned())
            .or_insert(0.0) += n;
        *self.toneless_totals.entry(base).or_insert(0.0) += n;
    }

    fn prior(&self, x: char, y: &str) -> f64 {
        let c = &self.rel[class(x)];
        let total: f64 = c.iter().sum::<f64>() + 6.0;
        let r = Rel::of(x, y);
        let i = RELS.iter().position(|&k| k == r).unwrap_or(0);
        (c[i] + 1.0) / total / r.alternatives()
    }

    /// Log P(observed piece `y` | intended letter `x`).
    pub fn logp(&self, x: char, y: &str) -> f64 {
        let prior = self.prior(x, y);
        // Letters sharing a base without tone ("ớ", "ờ") share what the tone does
        // not change: evidence for the toneless letter is rewritten to this tone.
        let (base, tone) = split_tone(x);
        let piece = toneless_piece(x, y);
        let n = self
            .toneless
            .get(&base)
            .and_then(|m| m.get(piece.as_ref()))
            .copied()
            .unwrap_or(0.0);
        let t = self.toneless_totals.get(&base).copied().unwrap_or(0.0);
        let mid = if tone == Tone::Level {
            prior
        } else {
            (n + BETA * prior) / (t + BETA)
        };
        let n = self
            .pairs
            .get(&x)
            .and_then(|m| m.get(y))
            .copied()
            .unwrap_or(0.0);
        let t = self.totals.get(&x).copied().unwrap_or(0.0);
        let learned = (n + BETA * mid) / (t + BETA);
        // Whatever one OCR engine did, a letter read exactly as written is always
        // plausible: marks that OCR did produce are evidence.
        let same = if y.chars().eq(std::iter::once(x)) {
            1.0
        } else {
            0.0
        };
        ((1.0 - IDENTITY) * learned + IDENTITY * same)
            .max(1e-12)
            .ln()
    }

    /// The same counts with every intended letter folded ("ổ" → "o"): how a
    /// word without its marks is damaged, to rank candidates before their marks
    /// are known.
    pub fn folded(&self) -> ConfusionTable {
        let mut t = ConfusionTable {
            salt: self.salt.wrapping_add(1),
            ..ConfusionTable::default()
        };
        let mut rows: Vec<(char, &str, f64)> = self
            .pairs
            .iter()
            .flat_map(|(x, m)| m.iter().map(move |(y, n)| (*x, y.as_str(), *n)))
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
        for (x, y, n) in rows {
            t.add(fold_char(x), y, n);
        }
        t
    }

    /// The table as TSV: a header, the class priors, then one line per pair.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from(
            "# kehoach OCR confusion counts: intended letter, observed piece, count.\n\
             # Learned by examples/learn_confusions.rs; see src/normalize/repair/README.md.\n",
        );
        for (ci, c) in self.rel.iter().enumerate() {
            for (r, n) in RELS.iter().zip(c) {
                out.push_str(&format!("@class{ci}\t{}\t{n}\n", r.name()));
            }
        }
        let mut rows: Vec<(char, &str, f64)> = self
            .pairs
            .iter()
            .flat_map(|(x, m)| m.iter().map(move |(y, n)| (*x, y.as_str(), *n)))
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.total_cmp(&a.2)).then(a.1.cmp(b.1)));
        for (x, y, n) in rows {
            out.push_str(&format!("{x}\t{}\t{n}\n", escape(y)));
        }
        out
    }

    /// Reads a table written by [`ConfusionTable::to_tsv`]; malformed lines are
    /// skipped.
    pub fn from_tsv(tsv: &str) -> ConfusionTable {
        let mut t = ConfusionTable::default();
        for line in tsv.lines() {
            if line.starts_with('#') || line.starts_with('@') {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(x), Some(y), Some(n)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let mut xs = x.chars();
            let (Some(x), None) = (xs.next(), xs.next()) else {
                continue;
            };
            let Ok(n) = n.parse::<f64>() else {
                continue;
            };
            t.add(x, &unescape(y), n);
        }
        t
    }

    /// Number of distinct (letter, piece) pairs.
    pub fn len(&self) -> usize {
        self.pairs.values().map(FastMap::len).sum()
    }

    /// True when nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Draws how `x` is written, from the learned counts (`u` uniform in 0..1);
    /// a letter never seen loses its marks.
    pub fn sample(&self, x: char, u: f64) -> String {
        let Some(m) = self.pairs.get(&x) else {
            return fold_char(x).to_string();
        };
        let mut rows: Vec<(&String, f64)> = m.iter().map(|(y, n)| (y, *n)).collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let total: f64 = rows.iter().map(|r| r.1).sum();
        let mut at = u.clamp(0.0, 1.0) * total;
        for (y, n) in &rows {
            if at < *n {
                return (*y).clone();
            }
            at -= n;
        }
        rows.last().map_or_else(|| x.to_string(), |r| r.0.clone())
    }

    /// The text with OCR damage drawn letter by letter from the learned counts
    /// (case kept; the same seed gives the same text): for evaluation and
    /// benchmarks.
    pub fn simulate(&self, text: &str, seed: u64) -> String {
        // xorshift64: small, deterministic, good enough to draw damage.
        let mut state = seed.max(1);
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut out = String::with_capacity(text.len() + 16);
        for c in text.chars() {
            if !c.is_alphabetic() {
                out.push(c);
                continue;
            }
            let lower = c.to_lowercase().next().unwrap_or(c);
            let piece = self.sample(lower, next());
            if c.is_uppercase() {
                out.extend(piece.chars().flat_map(char::to_uppercase));
            } else {
                out.push_str(&piece);
            }
        }
        out
    }

    /// The damage seen at least `min_count` times that changes letters (not
    /// only marks), as (observed piece, intended letter) with marks folded away,
    /// most frequent first: "ir" → "u", "6" → "o", "p" → "d". Used to find
    /// candidates more than a couple of edits away.
    pub fn rewrites(&self, min_count: f64) -> Vec<(String, String)> {
        let mut counts: HashMap<(String, String), f64> = HashMap::new();
        for (x, m) in &self.pairs {
            let fx = fold_char(*x).to_string();
            for (y, n) in m {
                let fy: String = y.chars().map(fold_char).collect();
                if fy.is_empty() || fy == fx || !fx.chars().all(char::is_alphabetic) {
                    continue;
                }
                *counts.entry((fy, fx.clone())).or_insert(0.0) += n;
            }
        }
        let mut v: Vec<((String, String), f64)> =
            counts.into_iter().filter(|e| e.1 >= min_count).collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.into_iter().map(|e| e.0).collect()
    }

    /// A scorer of many intended words against one observed word; letter
    /// probabilities are remembered in `memo` across words and calls.
    pub fn scorer<'a>(&'a self, observed: &'a [char], memo: &'a mut Memo) -> Scorer<'a> {
        let m = observed.len();
        let pieces = (0..=m)
            .map(|j| {
                let mut r = [u32::MAX; 3];
                for (k, cell) in r.iter_mut().enumerate().take(2usize.min(m - j) + 1) {
                    *cell = memo.piece(self.salt, &observed[j..j + k]);
                }
                r
            })
            .collect();
        Scorer {
            table: self,
            observed,
            memo,
            pieces,
            at: FastMap::default(),
            rows: Vec::new(),
        }
    }

    /// Log P(observed word | intended word), both lowercase: the best way of
    /// writing each intended letter as zero to two observed characters.
    pub fn word_logp(&self, intended: &[char], observed: &[char]) -> f64 {
        let (n, m) = (intended.len(), observed.len());
        if n > 16 || m > 24 {
            return f64::NEG_INFINITY;
        }
        let mut best = [[f64::NEG_INFINITY; 25]; 17];
        best[0][0] = 0.0;
        let mut piece = String::new();
        for i in 0..n {
            for j in 0..=m {
                let here = best[i][j];
                if here == f64::NEG_INFINITY {
                    continue;
                }
                for k in 0..=2usize.min(m - j) {
                    piece.clear();
                    piece.extend(&observed[j..j + k]);
                    let p = here + self.logp(intended[i], &piece);
                    if p > best[i + 1][j + k] {
                        best[i + 1][j + k] = p;
                    }
                }
            }
        }
        best[n][m]
    }
}

/// Scores intended words against one observed word (see
/// [`ConfusionTable::scorer`]).
pub struct Scorer<'a> {
    table: &'a ConfusionTable,
    observed: &'a [char],
    memo: &'a mut Memo,
    /// The memo's piece for observed[j..j + k] (u32::MAX past the end).
    pieces: Vec<[u32; 3]>,
    /// Per intended letter: where its row starts in `rows`.
    at: FastMap<char, usize>,
    /// Rows of log P(observed[j..j + k] | letter), one entry per j, k = 0..=2.
    rows: Vec<[f64; 3]>,
}

impl Scorer<'_> {
    /// Where the row of `x` starts, computed on first use.
    fn row(&mut self, x: char) -> usize {
        if let Some(&at) = self.at.get(&x) {
            return at;
        }
        let (table, observed, memo) = (self.table, self.observed, &mut *self.memo);
        let letter = memo.letter(x) as usize;
        let at = self.rows.len();
        let mut piece = String::new();
        for (j, ids) in self.pieces.iter().enumerate() {
            let mut r = [f64::NEG_INFINITY; 3];
            for (k, (cell, &id)) in r.iter_mut().zip(ids).enumerate() {
                let Some(probs) = memo.probs.get_mut(id as usize) else {
                    continue;
                };
                if probs.len() <= letter {
                    probs.resize(letter + 1, f64::NAN);
                }
                if probs[letter].is_nan() {
                    piece.clear();
                    piece.extend(&observed[j..j + k]);
                    probs[letter] = table.logp(x, &piece);
                }
                *cell = probs[letter];
            }
            self.rows.push(r);
        }
        self.at.insert(x, at);
        at
    }

    /// Log P(observed | intended), as [`ConfusionTable::word_logp`].
    pub fn word_logp(&mut self, intended: &[char]) -> f64 {
        self.word_logp_above(intended, f64::NEG_INFINITY)
            .unwrap_or(f64::NEG_INFINITY)
    }

    /// [`Scorer::word_logp`] when it is at least `floor`, else `None`. Letters
    /// only lower the score, so ways of writing the first letters that already
    /// score below `floor` are not followed.
    pub fn word_logp_above(&mut self, intended: &[char], floor: f64) -> Option<f64> {
        let (n, m) = (intended.len(), self.observed.len());
        if n > 16 || m > 24 {
            return (floor == f64::NEG_INFINITY).then_some(f64::NEG_INFINITY);
        }
        // The best scores of the letters so far, by observed characters used:
        // two rows taking turns (row i + 1 writes every column row i - 1 did).
        let mut two = [[f64::NEG_INFINITY; 25]; 2];
        two[0][0] = 0.0;
        for (i, &x) in intended.iter().enumerate() {
            let [even, odd] = &mut two;
            let (prev, cur) = if i % 2 == 0 { (even, odd) } else { (odd, even) };
            let mut alive = false;
            for v in prev[..=m].iter_mut() {
                if *v < floor {
                    *v = f64::NEG_INFINITY;
                } else if *v > f64::NEG_INFINITY {
                    alive = true;
                }
            }
            if !alive {
                return (floor == f64::NEG_INFINITY).then_some(f64::NEG_INFINITY);
            }
            let at = self.row(x);
            let row = &self.rows[at..at + m + 1];
            // The letter reads 0, 1 or 2 characters ending at j (i + 1 letters
            // read at most 2i + 2).
            for j in 0..=m.min(2 * i + 2) {
                let mut best = prev[j] + row[j][0];
                if j >= 1 {
                    best = best.max(prev[j - 1] + row[j - 1][1]);
                }
                if j >= 2 {
                    best = best.max(prev[j - 2] + row[j - 2][2]);
                }
                cur[j] = best;
            }
        }
        let last = two[n % 2][m];
        (last >= floor).then_some(last)
    }
}

/// The observed piece as evidence about the letter without its tone: a single
/// character that kept the intended tone is written as its toneless letter
/// followed by U+0001 ("ế" seen as "é" and "ề" seen as "è" are the same event).
fn toneless_piece(x: char, y: &str) -> Cow<'_, str> {
    let (_, tone) = split_tone(x);
    let mut it = y.chars();
    if let (Some(c), None) = (it.next(), it.next()) {
        let (b, t) = split_tone(c);
        if t == tone && tone != Tone::Level {
            return Cow::Owned(format!("{b}\u{1}"));
        }
    }
    Cow::Borrowed(y)
}

fn escape(y: &str) -> String {
    if y.is_empty() {
        "\\0".to_string()
    } else {
        y.replace('\\', "\\\\").replace('\t', "\\t")
    }
}

fn unescape(y: &str) -> String {
    if y == "\\0" {
        String::new()
    } else {
        y.replace("\\t", "\t").replace("\\\\", "\\")
    }
}

/// Aligns an observed word with the word that was meant (both lowercase) and
/// gives, for each intended letter, the observed piece it became. Insertions are
/// attached to the letter before them (or after, at the start).
pub fn align(intended: &str, observed: &str) -> Vec<(char, String)> {
    let x: Vec<char> = intended.chars().collect();
    let y: Vec<char> = observed.chars().collect();
    let (n, m) = (x.len(), y.len());
    let sub = |a: char, b: char| -> f64 {
        if a == b {
            0.0
        } else if fold_char(a) == fold_char(b) {
            0.3
        } else {
            1.0
        }
    };
    let mut d = vec![vec![0f64; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as f64;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as f64;
    }
    for i in 1..=n {
        for j in 1..=m {
            let a = d[i - 1][j - 1] + sub(x[i - 1], y[j - 1]);
            let b = d[i - 1][j] + 1.0;
            let c = d[i][j - 1] + 1.0;
            d[i][j] = a.min(b).min(c);
        }
    }
    // Backtrack to a forward list of ops: (intended index, observed index).
    let mut ops: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + sub(x[i - 1], y[j - 1]) {
            ops.push((Some(i - 1), Some(j - 1)));
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1.0 {
            ops.push((Some(i - 1), None));
            i -= 1;
        } else {
            ops.push((None, Some(j - 1)));
            j -= 1;
        }
    }
    ops.reverse();
    // Each intended letter gets its substituted character; inserted characters go
    // to a neighbouring letter that was itself damaged, else to the one before.
    let mut out: Vec<(char, String)> = x.iter().map(|&c| (c, String::new())).collect();
    let exact = |i: usize, ops: &[(Option<usize>, Option<usize>)]| {
        ops.iter()
            .any(|&(a, b)| a == Some(i) && b.is_some_and(|j| y[j] == x[i]))
    };
    let mut last_letter: Option<usize> = None;
    let mut pending = String::new();
    for &(a, b) in &ops {
        match (a, b) {
            (Some(i), bj) => {
                let mut piece = String::new();
                if let Some(j) = bj {
                    piece.push(y[j]);
                }
                if !pending.is_empty() {
                    let prev_damaged = last_letter.is_some_and(|p| !exact(p, &ops));
                    let to_prev = last_letter.is_some() && (prev_damaged || exact(i, &ops));
                    match last_letter {
                        Some(p) if to_prev => out[p].1.push_str(&pending),
                        _ => piece.insert_str(0, &pending),
                    }
                    pending.clear();
                }
                out[i].1.push_str(&piece);
                last_letter = Some(i);
            }
            (None, Some(j)) => pending.push(y[j]),
            (None, None) => {}
        }
    }
    if let Some(p) = last_letter {
        out[p].1.push_str(&pending);
    }
    out
}

/// Lowercase (truth, observed) word pairs from an OCR'd text and its corrected
/// version (line N corrects line N), for the lines `keep` accepts: tokens aligned
/// per line, pairs kept when the words are close enough to be one word damaged.
pub fn aligned_word_pairs(
    observed: &str,
    truth: &str,
    keep: impl Fn(usize) -> bool,
) -> Vec<(String, String)> {
    use super::lex::{lex, lex_ocr};
    let mut out = Vec::new();
    for (n, (o, t)) in observed.lines().zip(truth.lines()).enumerate() {
        if !keep(n) {
            continue;
        }
        let ow: Vec<&str> = lex_ocr(o).into_iter().map(|l| &o[l.range]).collect();
        let tw: Vec<&str> = lex(t).into_iter().map(|l| &t[l.range]).collect();
        for (ti, oi) in align_tokens(&tw, &ow) {
            let (Some(ti), Some(oi)) = (ti, oi) else {
                continue;
            };
            if token_distance(tw[ti], ow[oi]) <= 0.67 {
                out.push((tw[ti].to_lowercase(), ow[oi].to_lowercase()));
            }
        }
    }
    out
}

/// Learns a table from pairs of (intended, observed) lowercase words.
pub fn learn<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ConfusionTable {
    let mut t = ConfusionTable::default();
    for (intended, observed) in pairs {
        for (x, y) in align(intended, observed) {
            // Pieces longer than two characters are not modelled.
            if y.chars().count() <= 2 {
                t.add(x, &y, 1.0);
            }
        }
    }
    t
}

/// Cost of reading token `b` where `a` was written: 0 for the same letters
/// without marks, up to 1 for unrelated words. An OCR symbol of `b` ("¢",
/// "@", [`is_ocr_symbol`]) matches any character.
pub fn token_distance(a: &str, b: &str) -> f64 {
    let fa: Vec<char> = a
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .collect();
    let fb: Vec<char> = b
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .collect();
    let n = fa.len().max(fb.len()).max(1);
    let mut prev: Vec<usize> = (0..=fb.len()).collect();
    let mut cur = vec![0; fb.len() + 1];
    for i in 1..=fa.len() {
        cur[0] = i;
        for j in 1..=fb.len() {
            let differ = fa[i - 1] != fb[j - 1] && !is_ocr_symbol(fb[j - 1]);
            let sub = prev[j - 1] + usize::from(differ);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[fb.len()] as f64 / n as f64
}

/// Aligns two token sequences (edit distance with [`token_distance`] as the
/// substitution cost): pairs of indexes, `None` on the side that has no token.
pub fn align_tokens(a: &[&str], b: &[&str]) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (a.len(), b.len());
    let sub = |i: usize, j: usize| 1.6 * token_distance(a[i], b[j]);
    let mut d = vec![vec![0f64; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as f64;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as f64;
    }
    for i in 1..=n {
        for j in 1..=m {
            let s = d[i - 1][j - 1] + sub(i - 1, j - 1);
            d[i][j] = s.min(d[i - 1][j] + 1.0).min(d[i][j - 1] + 1.0);
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && (d[i][j] - (d[i - 1][j - 1] + sub(i - 1, j - 1))).abs() < 1e-9 {
            out.push((Some(i - 1), Some(j - 1)));
            i -= 1;
            j -= 1;
        } else if i > 0 && (d[i][j] - (d[i - 1][j] + 1.0)).abs() < 1e-9 {
            out.push((Some(i - 1), None));
            i -= 1;
        } else {
            out.push((None, Some(j - 1)));
            j -= 1;
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignment_finds_split_letters() {
        let a = align("chức", "chirc");
        assert_eq!(a[2], ('ứ', "ir".to_string()));
        let a = align("nước", "nudc");
        assert_eq!(a[1], ('ư', "u".to_string()));
        assert_eq!(a[2], ('ớ', "d".to_string()));
        let a = align("tổ", "t6");
        assert_eq!(a[1], ('ổ', "6".to_string()));
        let a = align("đảng", "pang");
        assert_eq!(a[0], ('đ', "p".to_string()));
    }

    #[test]
    fn learned_confusions_outrank_unseen_ones() {
        let t = learn([
            ("nước", "nudc"),
            ("người", "ngudi"),
            ("tổ", "t6"),
            ("số", "s6"),
            ("việc", "viéc"),
            ("hiện", "hién"),
            ("của", "cua"),
            ("các", "cac"),
        ]);
        let w = |s: &str| s.chars().collect::<Vec<_>>();
        // Learned: ớ → d beats an unseen ớ → k.
        assert!(t.word_logp(&w("nước"), &w("nudc")) > t.word_logp(&w("nước"), &w("nukc")));
        // Stripping marks is cheap; ô as 6 generalizes to other tones of ô.
        assert!(t.word_logp(&w("tộ"), &w("t6")) > t.word_logp(&w("tộ"), &w("tx")));
        // Round trip through TSV keeps the numbers.
        let back = ConfusionTable::from_tsv(&t.to_tsv());
        let (a, b) = (
            t.word_logp(&w("nước"), &w("nudc")),
            back.word_logp(&w("nước"), &w("nudc")),
        );
        assert!((a - b).abs() < 1e-9);
    }

    #[test]
    fn simulated_damage_follows_the_table_and_the_seed() {
        let t = learn([("tổ", "t6"), ("tổ", "t6"), ("số", "s6")]);
        let a = t.simulate("Tổ, SỐ 12", 7);
        assert_eq!(a, t.simulate("Tổ, SỐ 12", 7));
        // Only learned damage for "ổ"/"ố": "6"; case and other characters kept.
        assert_eq!(a, "T6, S6 12");
    }

    #[test]
    fn tokens_align_across_damage() {
        let truth = ["Cả", "nước", "thi", "đua", "đáp", "ứng", "yêu", "cầu"];
        let ocr = ["Ca", "nudc", "thi", "dua", "dap", "tmgyéu", "cau"];
        let a = align_tokens(&truth, &ocr);
        assert!(a.contains(&(Some(1), Some(1))));
        assert!(a.contains(&(Some(7), Some(6))));
        assert_eq!(a.len(), 8);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let t = ConfusionTable::default();
        let long: Vec<char> = "x".repeat(100).chars().collect();
        assert_eq!(t.word_logp(&long, &long), f64::NEG_INFINITY);
        assert!(t.word_logp(&[], &[]).is_finite());
        let _ = align("", "abc");
        let _ = align("abc", "");
        let _ = align("😀a", "a😀");
    }
}
