//! The syllable language model: a trigram model over lowercase Vietnamese syllables
//! (plus frequent non-syllable words, numbers and commas), smoothed with modified
//! Kneser-Ney and stored in backoff form.
//!
//! Takes token ids (see [`Vocab`]), gives natural-log probabilities. Knows nothing
//! about offsets. Training ([`Counts`]) takes token sequences, one sentence at a
//! time; the shipped model is a compact binary ([`LanguageModel::to_bytes`]):
//! sorted n-gram keys as delta varints and log-probabilities quantized to one byte,
//! so it is lossy (about 4% relative error on a probability), which the decoder
//! does not notice.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::fasthash::FastMap;

/// Sentence start.
pub const BOS: u32 = 0;
/// Sentence end.
pub const EOS: u32 = 1;
/// A word outside the vocabulary.
pub const UNK: u32 = 2;
/// A number.
pub const NUM: u32 = 3;
/// A comma (the only punctuation kept inside a sentence).
pub const COMMA: u32 = 4;
/// A code: a word with digits, "/" or "-" ("25/KH-UBND", "QĐ-TTg").
pub const CODE: u32 = 5;
/// The first id of an ordinary word.
pub const FIRST_WORD: u32 = 6;
const SPECIALS: [&str; 6] = ["<s>", "</s>", "<unk>", "<num>", ",", "<code>"];

const BITS: u32 = 21;
const MASK: u64 = (1 << BITS) - 1;

fn key2(a: u32, b: u32) -> u64 {
    ((a as u64) << BITS) | b as u64
}

fn key3(a: u32, b: u32, c: u32) -> u64 {
    ((a as u64) << (2 * BITS)) | ((b as u64) << BITS) | c as u64
}

/// The words of a model: id to lowercase form and back.
#[derive(Clone, Debug, Default)]
pub struct Vocab {
    words: Vec<String>,
    index: FastMap<String, u32>,
}

impl Vocab {
    fn from_words(words: Vec<String>) -> Vocab {
        let index = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as u32))
            .collect();
        Vocab { words, index }
    }

    /// The id of a lowercase word, if the model knows it.
    pub fn id(&self, word: &str) -> Option<u32> {
        self.index.get(word).copied()
    }

    /// The lowercase form of an id ("" for an unknown id).
    pub fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True for a model with no words beyond the special ones.
    pub fn is_empty(&self) -> bool {
        self.words.len() <= SPECIALS.len()
    }
}

/// An open-addressing hash table of packed 64-bit slots: an n-gram key of 16-bit
/// ids in the low bits, quantized values above it. One slot is one word, so a
/// lookup touches one cache line and the tables stay small.
#[derive(Clone, Debug, Default)]
struct Table {
    slots: Vec<u64>,
    key_bits: u32,
    shift: u32,
}

const EMPTY: u64 = u64::MAX;
/// Ids in memory are 16-bit: the vocabulary is capped below this.
const MAX_WORDS: usize = (1 << 16) - 1;

impl Table {
    fn with_entries(key_bits: u32, entries: impl ExactSizeIterator<Item = (u64, u64)>) -> Table {
        let n = entries.len().max(1);
        // At most two thirds full: small enough to stay in the caches, with
        // short probes still.
        let cap = (n + n / 2).next_power_of_two().max(16);
        let shift = 64 - cap.trailing_zeros();
        let mut t = Table {
            slots: vec![EMPTY; cap],
            key_bits,
            shift,
        };
        let mask = (1u64 << key_bits) - 1;
        for (k, v) in entries {
            let mut i = t.slot(k);
            while t.slots[i] != EMPTY && t.slots[i] & mask != k {
                i = (i + 1) & (cap - 1);
            }
            t.slots[i] = k | (v << key_bits);
        }
        t
    }

    #[inline]
    fn slot(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, k: u64) -> Option<u64> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let kmask = (1u64 << self.key_bits) - 1;
        let mut i = self.slot(k);
        loop {
            let here = self.slots[i];
            if here == EMPTY {
                return None;
            }
            if here & kmask == k {
                return Some(here >> self.key_bits);
            }
            i = (i + 1) & mask;
        }
    }

    /// The slot holding `k`, to change its value.
    fn get_mut(&mut self, k: u64) -> Option<&mut u64> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let kmask = (1u64 << self.key_bits) - 1;
        let mut i = self.slot(k);
        loop {
            let here = self.slots[i];
            if here == EMPTY {
                return None;
            }
            if here & kmask == k {
                return self.slots.get_mut(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// Asks for the cache line where a lookup of `k` starts (see
    /// [`LanguageModel::prefetch_bigram`]).
    #[inline]
    fn prefetch(&self, k: u64) {
        if let Some(slot) = self.slots.get(self.slot(k)) {
            prefetch(slot);
        }
    }

    /// (key, value) pairs sorted by key.
    fn entries(&self) -> Vec<(u64, u64)> {
        let kmask = (1u64 << self.key_bits) - 1;
        let mut v: Vec<(u64, u64)> = self
            .slots
            .iter()
            .filter(|&&e| e != EMPTY)
            .map(|&e| (e & kmask, e >> self.key_bits))
            .collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }
}

/// Starts bringing the cache line of `at` in, without waiting for it: a
/// prefetch, unlike a load, lets the instructions after it retire, so the
/// misses of a whole loop of lookups overlap.
#[inline]
fn prefetch(at: &u64) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it reads nothing into the program and
    // cannot fault, whatever the address (here a valid reference's). SSE is
    // part of every x86_64 target.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((at as *const u64).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    std::hint::black_box(*at);
}

/// A filter of the keys of a [`Table`] (a blocked Bloom filter: four bits of
/// one 64-bit word per key, half a byte to a byte per key): a key it rules
/// out is not in the table, and ruling it out reads a table 16 to 32 times
/// smaller, which stays in the caches (a larger filter, fewer keys let
/// through, measured slower). A key it lets through may still be absent.
#[derive(Clone, Debug, Default)]
struct KeyFilter {
    words: Vec<u64>,
    shift: u32,
}

impl KeyFilter {
    fn new(keys: impl ExactSizeIterator<Item = u64>) -> KeyFilter {
        let n = keys.len().max(1);
        let len = n.div_ceil(16).next_power_of_two().max(64);
        let mut f = KeyFilter {
            words: vec![0; len],
            shift: 64 - len.trailing_zeros(),
        };
        for k in keys {
            let (at, bits) = f.probe(k);
            if let Some(w) = f.words.get_mut(at) {
                *w |= bits;
            }
        }
        f
    }

    /// The word of `k` and its four bits.
    #[inline]
    fn probe(&self, k: u64) -> (usize, u64) {
        let mut h = (k ^ (k >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h ^= h >> 32;
        let bits = (1 << (h & 63))
            | (1 << ((h >> 6) & 63))
            | (1 << ((h >> 12) & 63))
            | (1 << ((h >> 18) & 63));
        (
            (h.wrapping_mul(0x94D0_49BB_1331_11EB) >> self.shift) as usize,
            bits,
        )
    }

    /// False when `k` is certainly not a key (never for an empty filter).
    #[inline]
    fn may_hold(&self, k: u64) -> bool {
        let (at, bits) = self.probe(k);
        self.words.get(at).is_none_or(|w| w & bits == bits)
    }
}

#[inline]
fn m2(a: u32, b: u32) -> u64 {
    ((a as u64) << 16) | b as u64
}

#[inline]
fn m3(a: u32, b: u32, c: u32) -> u64 {
    ((a as u64) << 32) | ((b as u64) << 16) | c as u64
}

/// A file key (21-bit ids) as an in-memory key (16-bit ids); `None` when an id
/// does not fit.
fn narrow(k: u64, n: u32) -> Option<u64> {
    let mut out = 0u64;
    for i in (0..n).rev() {
        let id = (k >> (i * BITS)) & MASK;
        if id >= MAX_WORDS as u64 {
            return None;
        }
        out |= id << (i * 16);
    }
    Some(out)
}

fn widen(k: u64, n: u32) -> u64 {
    let mut out = 0u64;
    for i in (0..n).rev() {
        out |= ((k >> (i * 16)) & 0xffff) << (i * BITS);
    }
    out
}

/// Quantization of a natural-log probability (or backoff weight) to one byte.
const STEP: f32 = 0.07;

/// A word's bit among the 16 of a bigram's filter of the first words of its
/// trigrams: a trigram (u, v, w) is known only if the filter of (v, w) has the
/// bit of u, so most unknown trigrams are ruled out without a lookup.
#[inline]
fn first_bit(u: u32) -> u16 {
    1 << (u.wrapping_mul(0x9E37_79B9) >> 28)
}

/// Where a bigram's filter sits in its value.
const FILTER_SHIFT: u32 = 16;

/// Sets the filters of the bigrams (in-memory keys) from the trigrams.
fn add_filters(bi: &mut Table, tri: &[(u64, u64)]) {
    let shift = FILTER_SHIFT + bi.key_bits;
    for &(k, _) in tri {
        if let Some(e) = bi.get_mut(k & 0xffff_ffff) {
            *e |= (first_bit((k >> 32) as u32) as u64) << shift;
        }
    }
}

fn quant(logp: f64) -> u8 {
    ((-logp) as f32 / STEP).round().clamp(0.0, 255.0) as u8
}

fn dequant(q: u8) -> f32 {
    -(q as f32) * STEP
}

/// What a bigram (v, w) tells of the trigrams (u, v, w) (see
/// [`LanguageModel::step`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// Log P(w | v): the bigram's, or backed off to the unigram when unknown.
    pub logp: f32,
    /// The [`first_bit`]s of the u that may make a known trigram.
    firsts: u16,
}

impl Step {
    /// False when the model knows no trigram (u, v, w).
    #[inline]
    pub fn may_follow(&self, u: u32) -> bool {
        self.firsts & first_bit(u) != 0
    }
}

/// The backoff weight in a bigram's stored word (0 for an unknown context).
#[inline]
fn backoff_of(word: Option<u32>) -> f32 {
    word.map_or(0.0, |b| dequant((b >> 8) as u8))
}

/// The bigram words a search has read, in a small direct-mapped table that
/// stays in the core's cache: a sentence's words and their candidates come
/// back again and again, and reading them there spares a trip to memory (the
/// model's tables are much larger than the cache). Gives what the model gives.
#[derive(Default)]
pub struct BigramMemo {
    /// Key (v, w) in the high half, the stored word in the low half
    /// ([`ABSENT`] for an unknown bigram); `u64::MAX` when empty.
    slots: Vec<u64>,
    /// The model the slots come from ([`LanguageModel::id`]; 0 for none).
    model: u64,
}

/// The low half of a [`BigramMemo`] slot for a bigram the model does not know
/// (a known bigram with this word is not remembered).
const ABSENT: u32 = u32::MAX;

/// log2 of the number of [`BigramMemo`] slots (1 MB: as large as helps).
const MEMO_BITS: u32 = 17;

impl BigramMemo {
    /// Empties the memo unless it holds the words of `lm`.
    pub fn attach(&mut self, lm: &LanguageModel) {
        if self.model != lm.id || self.slots.is_empty() {
            self.slots.clear();
            self.slots.resize(1 << MEMO_BITS, u64::MAX);
            self.model = lm.id;
        }
    }

    #[inline]
    fn at(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - MEMO_BITS)) as usize
    }

    /// The remembered word of (v, w): `Some(word)` when remembered.
    #[inline]
    fn recall(&self, key: u64) -> Option<Option<u32>> {
        let e = *self.slots.get(Self::at(key))?;
        if e >> 32 != key {
            return None;
        }
        let word = e as u32;
        Some((word != ABSENT).then_some(word))
    }

    /// The stored word of the bigram (v, w), as [`LanguageModel`] has it.
    #[inline]
    fn word(&mut self, lm: &LanguageModel, v: u32, w: u32) -> Option<u32> {
        let key = m2(v, w);
        if let Some(word) = self.recall(key) {
            return word;
        }
        let word = lm.bigram_word(v, w);
        if word != Some(ABSENT) {
            if let Some(slot) = self.slots.get_mut(Self::at(key)) {
                *slot = key << 32 | word.unwrap_or(ABSENT) as u64;
            }
        }
        word
    }

    /// [`LanguageModel::prefetch_bigram`], unless (v, w) is remembered.
    #[inline]
    pub fn prefetch(&self, lm: &LanguageModel, v: u32, w: u32) {
        if self.recall(m2(v, w)).is_none() {
            lm.prefetch_bigram(v, w);
        }
    }

    /// [`LanguageModel::prefetch_trigram`], when the bigram (v, w) (read
    /// here) does not rule the trigram out.
    #[inline]
    pub fn prefetch_trigram_if_possible(&mut self, lm: &LanguageModel, u: u32, v: u32, w: u32) {
        if self.step(lm, v, w).may_follow(u) {
            lm.prefetch_trigram(u, v, w);
        }
    }

    /// [`LanguageModel::step`].
    #[inline]
    pub fn step(&mut self, lm: &LanguageModel, v: u32, w: u32) -> Step {
        let word = self.word(lm, v, w);
        lm.step_of(v, w, word)
    }

    /// [`LanguageModel::context_backoff`].
    #[inline]
    pub fn context_backoff(&mut self, lm: &LanguageModel, u: u32, v: u32) -> f32 {
        backoff_of(self.word(lm, u, v))
    }

    /// [`LanguageModel::logp`].
    #[inline]
    pub fn logp(&mut self, lm: &LanguageModel, u: u32, v: u32, w: u32) -> f32 {
        let step = self.step(lm, v, w);
        if step.may_follow(u) {
            if let Some(p) = lm.trigram(u, v, w) {
                return p;
            }
        }
        self.context_backoff(lm, u, v) + step.logp
    }
}

/// A trigram language model in backoff form.
#[derive(Clone, Debug, Default)]
pub struct LanguageModel {
    /// The words.
    pub vocab: Vocab,
    /// Per id: log P1 and the backoff weight of the id as a one-word context.
    uni: Vec<(f32, f32)>,
    /// (v, w): log P2(w | v) and the backoff weight of (v, w) as a context, each
    /// quantized to a byte, and above them the [`first_bit`]s of the words u of
    /// the known trigrams (u, v, w) (built on load, not stored).
    bi: Table,
    /// The keys of `bi`, filtered: most bigrams the model does not know are
    /// ruled out without reading `bi`.
    bi_keys: KeyFilter,
    /// (u, v, w): log P3(w | u v), quantized.
    tri: Table,
    /// The keys of `tri`, filtered: most trigrams the bigram filters let
    /// through are ruled out here without reading `tri`.
    tri_keys: KeyFilter,
    /// Entry counts, for reports.
    sizes: [usize; 3],
    /// True when every known trigram (u, v, w) has its bigram (v, w) known (as
    /// models trained with every bigram kept do): a bigram the model does not
    /// know then rules out the trigram lookup. Checked when the model is built
    /// and stored in its last byte.
    trigrams_have_bigrams: bool,
    /// Tells this model (and its clones) from another, for [`BigramMemo`].
    id: u64,
}

/// A new [`LanguageModel::id`].
fn next_model_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl LanguageModel {
    /// Log-probability of the unigram `w`.
    #[inline]
    pub fn unigram(&self, w: u32) -> f32 {
        self.uni.get(w as usize).map_or(-20.0, |u| u.0)
    }

    /// Log P(w | u v), backing off to shorter contexts.
    #[inline]
    pub fn logp(&self, u: u32, v: u32, w: u32) -> f32 {
        let step = self.step(v, w);
        if step.may_follow(u) {
            if let Some(p) = self.trigram(u, v, w) {
                return p;
            }
        }
        self.context_backoff(u, v) + step.logp
    }

    /// What the bigram (v, w) tells of the trigrams (u, v, w) whatever u: its
    /// log-probability (backed off when unknown) and which u may make a known
    /// trigram.
    #[inline]
    pub fn step(&self, v: u32, w: u32) -> Step {
        match self.bigram_entry(v, w) {
            Some(e) => Step {
                logp: dequant(e as u8),
                firsts: (e >> FILTER_SHIFT) as u16,
            },
            // Without its bigram, the trigram is unknown (when the model says so).
            None => Step {
                logp: self.unseen_bigram(v, w),
                firsts: if self.trigrams_have_bigrams {
                    0
                } else {
                    u16::MAX
                },
            },
        }
    }

    /// The bigram's slot value, if the bigram is known.
    #[inline]
    fn bigram_entry(&self, v: u32, w: u32) -> Option<u64> {
        let k = m2(v, w);
        if !self.bi_keys.may_hold(k) {
            return None;
        }
        self.bi.get(k)
    }

    /// The bigram's stored word (log-probability, backoff weight, filter), if
    /// the bigram is known.
    #[inline]
    fn bigram_word(&self, v: u32, w: u32) -> Option<u32> {
        self.bigram_entry(v, w).map(|e| e as u32)
    }

    /// [`LanguageModel::step`] from what [`LanguageModel::bigram_word`] gave.
    #[inline]
    fn step_of(&self, v: u32, w: u32, word: Option<u32>) -> Step {
        match word {
            Some(e) => Step {
                logp: dequant(e as u8),
                firsts: (e >> FILTER_SHIFT) as u16,
            },
            // Without its bigram, the trigram is unknown (when the model says so).
            None => Step {
                logp: self.unseen_bigram(v, w),
                firsts: if self.trigrams_have_bigrams {
                    0
                } else {
                    u16::MAX
                },
            },
        }
    }

    /// The backoff weight of the context (u, v): what [`LanguageModel::logp`] adds
    /// to the bigram log-probability for a trigram it does not know.
    #[inline]
    pub fn context_backoff(&self, u: u32, v: u32) -> f32 {
        backoff_of(self.bigram_word(u, v))
    }

    /// The stored trigram log-probability, if the trigram is known.
    #[inline]
    pub fn trigram(&self, u: u32, v: u32, w: u32) -> Option<f32> {
        let k = m3(u, v, w);
        if !self.tri_keys.may_hold(k) {
            return None;
        }
        self.tri.get(k).map(|q| dequant(q as u8))
    }

    /// Prefetches the memory that [`LanguageModel::bigram`] of (v, w) starts
    /// from. The tables are larger than the caches, so a lookup mostly waits
    /// for memory: prefetching the slots of many lookups in one loop lets
    /// their cache misses overlap instead of coming one after another.
    #[inline]
    pub fn prefetch_bigram(&self, v: u32, w: u32) {
        self.bi.prefetch(m2(v, w));
    }

    /// [`LanguageModel::prefetch_bigram`] for [`LanguageModel::trigram`].
    #[inline]
    pub fn prefetch_trigram(&self, u: u32, v: u32, w: u32) {
        self.tri.prefetch(m3(u, v, w));
    }

    /// True when a trigram is known only if its last two words are a known
    /// bigram (checked when the model is built, and stored with it).
    pub fn trigrams_have_bigrams(&self) -> bool {
        self.trigrams_have_bigrams
    }

    /// The stored bigram log-probability, if the bigram is known.
    #[inline]
    pub fn bigram(&self, v: u32, w: u32) -> Option<f32> {
        self.bigram_entry(v, w).map(|p| dequant(p as u8))
    }

    /// Log P(w | v) for a bigram the model does not know.
    #[inline]
    pub fn unseen_bigram(&self, v: u32, w: u32) -> f32 {
        let bo = self.uni.get(v as usize).map_or(0.0, |u| u.1);
        bo + self.unigram(w)
    }

    /// Number of unigram, bigram and trigram entries.
    pub fn sizes(&self) -> [usize; 3] {
        self.sizes
    }

    /// Serializes the model compactly (see the module documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = b"KHLM1\n".to_vec();
        put_varint(&mut out, self.vocab.words.len() as u64);
        for w in &self.vocab.words {
            put_varint(&mut out, w.len() as u64);
            out.extend_from_slice(w.as_bytes());
        }
        for &(p, b) in &self.uni {
            out.push(quant(p as f64));
            out.push(quant(b as f64));
        }
        let bi = self.bi.entries();
        put_varint(&mut out, bi.len() as u64);
        let mut last = 0;
        for (k, _) in &bi {
            let k = widen(*k, 2);
            put_varint(&mut out, k - last);
            last = k;
        }
        for (_, v) in &bi {
            // The filter above is rebuilt on load.
            out.push(*v as u8);
            out.push((*v >> 8) as u8);
        }
        let tri = self.tri.entries();
        put_varint(&mut out, tri.len() as u64);
        let mut last = 0;
        for (k, _) in &tri {
            let k = widen(*k, 3);
            put_varint(&mut out, k - last);
            last = k;
        }
        for (_, v) in &tri {
            out.push(*v as u8);
        }
        // Optional last byte: 1 when every trigram's last two words are a known
        // bigram (files without it read as 0).
        out.push(u8::from(self.trigrams_have_bigrams));
        out
    }

    /// Reads a model written by [`LanguageModel::to_bytes`]; `None` when the bytes
    /// are not one (an empty model file gives `None`, and the repairer then repairs
    /// nothing).
    pub fn from_bytes(bytes: &[u8]) -> Option<LanguageModel> {
        let mut r = Reader {
            bytes: bytes.strip_prefix(b"KHLM1\n")?,
        };
        let nv = r.varint()? as usize;
        if nv > MAX_WORDS {
            return None;
        }
        let mut words = Vec::with_capacity(nv);
        for _ in 0..nv {
            let len = r.varint()? as usize;
            let w = std::str::from_utf8(r.take(len)?).ok()?;
            words.push(w.to_string());
        }
        let uq = r.take(nv * 2)?;
        let uni = uq
            .chunks(2)
            .map(|c| (dequant(c[0]), dequant(c[1])))
            .collect();
        let nb = r.varint()? as usize;
        let mut bkeys = Vec::with_capacity(nb.min(1 << 24));
        let mut last = 0u64;
        for _ in 0..nb {
            last = last.checked_add(r.varint()?)?;
            bkeys.push(last);
        }
        let bq = r.take(nb.checked_mul(2)?)?;
        let bi: Vec<(u64, u64)> = bkeys
            .iter()
            .zip(bq.chunks(2))
            .filter_map(|(k, c)| Some((narrow(*k, 2)?, c[0] as u64 | (c[1] as u64) << 8)))
            .collect();
        let bi_keys = KeyFilter::new(bi.iter().map(|e| e.0));
        let mut bi = Table::with_entries(32, bi.into_iter());
        let nt = r.varint()? as usize;
        let mut tkeys = Vec::with_capacity(nt.min(1 << 25));
        let mut last = 0u64;
        for _ in 0..nt {
            last = last.checked_add(r.varint()?)?;
            tkeys.push(last);
        }
        let tq = r.take(nt)?;
        let tri: Vec<(u64, u64)> = tkeys
            .iter()
            .zip(tq)
            .filter_map(|(k, q)| Some((narrow(*k, 3)?, *q as u64)))
            .collect();
        let trigrams_have_bigrams = r.take(1).is_some_and(|b| b[0] == 1);
        add_filters(&mut bi, &tri);
        let tri_keys = KeyFilter::new(tri.iter().map(|e| e.0));
        let tri = Table::with_entries(48, tri.into_iter());
        Some(LanguageModel {
            trigrams_have_bigrams,
            vocab: Vocab::from_words(words),
            uni,
            bi,
            bi_keys,
            tri,
            tri_keys,
            sizes: [nv, nb, nt],
            id: next_model_id(),
        })
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (a, b) = self.bytes.split_at(n);
        self.bytes = b;
        Some(a)
    }
}

/// Trigram counts gathered from training sentences, before smoothing.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    words: HashMap<String, u32>,
    names: Vec<String>,
    word_count: Vec<u64>,
    tri: HashMap<u64, u32>,
}

impl Counts {
    /// Empty counts.
    pub fn new() -> Counts {
        let mut c = Counts::default();
        for s in SPECIALS {
            c.intern(s);
        }
        c
    }

    fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.words.get(w) {
            return id;
        }
        let id = self.names.len() as u32;
        self.words.insert(w.to_string(), id);
        self.names.push(w.to_string());
        self.word_count.push(0);
        id
    }

    /// Adds one sentence of lowercase tokens (use [`SPECIALS`]-style names "<num>",
    /// "," and "<unk>" for the special tokens). `weight` repeats it.
    pub fn add_sentence<S: AsRef<str>>(&mut self, tokens: &[S], weight: u32) {
        if tokens.is_empty() || self.names.len() >= (1 << BITS) - 2 {
            return;
        }
        let mut u = BOS;
        let mut v = BOS;
        for t in tokens
            .iter()
            .map(|t| t.as_ref())
            .chain(std::iter::once("</s>"))
        {
            let w = self.intern(t);
            self.word_count[w as usize] += weight as u64;
            *self.tri.entry(key3(u, v, w)).or_insert(0) += weight;
            u = v;
            v = w;
        }
    }

    /// Smooths the counts into a model. Words seen fewer than `min_word` times
    /// become `<unk>` unless `keep` accepts them; trigrams seen fewer than
    /// `min_tri` times and bigrams seen fewer than `min_bi` times (as continuations)
    /// are pruned.
    pub fn build(
        &self,
        min_word: u64,
        keep: &dyn Fn(&str) -> bool,
        min_bi: u32,
        min_tri: u32,
    ) -> LanguageModel {
        // Vocabulary: specials first, then words by frequency (ties by form).
        let mut order: Vec<u32> = (SPECIALS.len() as u32..self.names.len() as u32)
            .filter(|&i| {
                let n = self.word_count[i as usize];
                n >= min_word || (n > 0 && keep(&self.names[i as usize]))
            })
            .collect();
        order.sort_by(|&a, &b| {
            self.word_count[b as usize]
                .cmp(&self.word_count[a as usize])
                .then_with(|| self.names[a as usize].cmp(&self.names[b as usize]))
        });
        order.truncate(MAX_WORDS - SPECIALS.len() - 1);
        let mut remap = vec![UNK; self.names.len()];
        for (i, r) in remap.iter_mut().enumerate().take(SPECIALS.len()) {
            *r = i as u32;
        }
        let mut words: Vec<String> = SPECIALS.iter().map(|s| s.to_string()).collect();
        for (i, &old) in order.iter().enumerate() {
            remap[old as usize] = (SPECIALS.len() + i) as u32;
            words.push(self.names[old as usize].clone());
        }
        let nv = words.len();
        // Trigram counts over the new ids.
        let mut c3: HashMap<u64, u32> = HashMap::with_capacity(self.tri.len());
        for (&k, &n) in &self.tri {
            let (u, v, w) = ((k >> (2 * BITS)) & MASK, (k >> BITS) & MASK, k & MASK);
            let k = key3(remap[u as usize], remap[v as usize], remap[w as usize]);
            *c3.entry(k).or_insert(0) += n;
        }
        let mut c3: Vec<(u64, u32)> = c3.into_iter().collect();
        c3.sort_unstable();
        // Continuation counts for bigrams: distinct u before (v, w).
        let mut c2: HashMap<u64, u32> = HashMap::new();
        for &(k, _) in &c3 {
            *c2.entry(k & ((1 << (2 * BITS)) - 1)).or_insert(0) += 1;
        }
        let mut c2: Vec<(u64, u32)> = c2.into_iter().collect();
        c2.sort_unstable();
        // Continuation counts for unigrams: distinct v before w.
        let mut c1 = vec![0u32; nv];
        for &(k, _) in &c2 {
            c1[(k & MASK) as usize] += 1;
        }
        let d3 = discounts(c3.iter().map(|e| e.1));
        let d2 = discounts(c2.iter().map(|e| e.1));
        let d1 = discounts(c1.iter().copied());
        // Unigrams: interpolated with the uniform distribution.
        let total1: f64 = c1.iter().map(|&n| n as f64).sum::<f64>().max(1.0);
        let (g1_num, _) = gamma_parts(c1.iter().copied(), &d1);
        let g1 = g1_num / total1;
        let p1: Vec<f64> = c1
            .iter()
            .map(|&n| (n as f64 - disc(&d1, n)).max(0.0) / total1 + g1 / nv as f64)
            .map(|p| p.max(1e-12))
            .collect();
        // Bigrams, grouped by context v.
        let mut bi: Vec<(u64, (f32, f32))> = Vec::new();
        let mut uni_bo = vec![0f32; nv];
        let mut p2_of: HashMap<u64, f64> = HashMap::with_capacity(c2.len());
        for group in c2.chunk_by(|a, b| a.0 >> BITS == b.0 >> BITS) {
            let v = (group[0].0 >> BITS) as usize;
            let total: f64 = group.iter().map(|e| e.1 as f64).sum();
            let (gnum, _) = gamma_parts(group.iter().map(|e| e.1), &d2);
            let g = gnum / total;
            uni_bo[v] = g.max(1e-12).ln() as f32;
            for &(k, n) in group {
                let w = (k & MASK) as usize;
                let p = (n as f64 - disc(&d2, n)).max(0.0) / total + g * p1[w];
                p2_of.insert(k, p);
            }
        }
        // Trigrams, grouped by context (u, v); their gammas become bigram backoffs.
        let mut ctx_bo: HashMap<u64, f32> = HashMap::new();
        let mut tri: Vec<(u64, f32)> = Vec::new();
        for group in c3.chunk_by(|a, b| a.0 >> BITS == b.0 >> BITS) {
            let ctx = group[0].0 >> BITS;
            let v = ctx & MASK;
            let total: f64 = group.iter().map(|e| e.1 as f64).sum();
            let (gnum, _) = gamma_parts(group.iter().map(|e| e.1), &d3);
            let g = gnum / total;
            ctx_bo.insert(ctx, g.max(1e-12).ln() as f32);
            for &(k, n) in group {
                if n < min_tri {
                    continue;
                }
                let w = k & MASK;
                let lower = p2_of
                    .get(&key2(v as u32, w as u32))
                    .copied()
                    .unwrap_or(1e-12);
                let p = (n as f64 - disc(&d3, n)).max(0.0) / total + g * lower;
                tri.push((k, p.max(1e-12).ln() as f32));
            }
        }
        for &(k, n) in &c2 {
            let bo = ctx_bo.get(&k).copied();
            if n < min_bi && bo.is_none() {
                continue;
            }
            let p = p2_of.get(&k).copied().unwrap_or(1e-12);
            bi.push((k, (p.ln() as f32, bo.unwrap_or(0.0))));
        }
        let uni: Vec<(f32, f32)> = p1
            .iter()
            .zip(&uni_bo)
            .map(|(p, b)| (p.ln() as f32, *b))
            .collect();
        let sizes = [nv, bi.len(), tri.len()];
        let bi: Vec<(u64, u64)> = bi
            .into_iter()
            .filter_map(|(k, (p, b))| {
                Some((
                    narrow(k, 2)?,
                    quant(p as f64) as u64 | (quant(b as f64) as u64) << 8,
                ))
            })
            .collect();
        let tri: Vec<(u64, u64)> = tri
            .into_iter()
            .filter_map(|(k, p)| Some((narrow(k, 3)?, quant(p as f64) as u64)))
            .collect();
        let bi_keys = KeyFilter::new(bi.iter().map(|e| e.0));
        let mut bi = Table::with_entries(32, bi.into_iter());
        add_filters(&mut bi, &tri);
        let trigrams_have_bigrams = tri.iter().all(|&(k, _)| bi.get(k & 0xffff_ffff).is_some());
        let model = LanguageModel {
            trigrams_have_bigrams,
            vocab: Vocab::from_words(words),
            uni,
            bi,
            bi_keys,
            tri_keys: KeyFilter::new(tri.iter().map(|e| e.0)),
            tri: Table::with_entries(48, tri.into_iter()),
            sizes,
            id: next_model_id(),
        };
        // Round-trip through the shipped form, so that what is evaluated is
        // exactly what ships.
        LanguageModel::from_bytes(&model.to_bytes()).unwrap_or(model)
    }
}

/// Modified Kneser-Ney discounts D1, D2, D3+ from the count-of-counts.
fn discounts(counts: impl Iterator<Item = u32>) -> [f64; 3] {
    let mut n = [0f64; 5];
    for c in counts {
        if (1..=4).contains(&c) {
            n[c as usize] += 1.0;
        }
    }
    if n[1] == 0.0 || n[2] == 0.0 {
        return [0.5, 0.75, 0.9];
    }
    let y = n[1] / (n[1] + 2.0 * n[2]);
    let d = |k: usize, next: f64| {
        let v = k as f64 - (k as f64 + 1.0) * y * next / n[k].max(1.0);
        v.clamp(0.05, k as f64 - 0.01)
    };
    [d(1, n[2]), d(2, n[3]), d(3, n[4])]
}

fn disc(d: &[f64; 3], n: u32) -> f64 {
    match n {
        0 => 0.0,
        1 => d[0],
        2 => d[1],
        _ => d[2],
    }
}

/// The numerator of the interpolation weight: the discount mass of a context.
fn gamma_parts(counts: impl Iterator<Item = u32>, d: &[f64; 3]) -> (f64, usize) {
    let mut mass = 0.0;
    let mut types = 0;
    for n in counts {
        if n > 0 {
            mass += disc(d, n);
            types += 1;
        }
    }
    (mass, types)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_filters_keep_every_key_and_rule_out_most_others() {
        let keys: Vec<u64> = (0..10_000u64)
            .map(|i| m3(i as u32 % 97, 7, i as u32))
            .collect();
        let f = KeyFilter::new(keys.iter().copied());
        assert!(keys.iter().all(|&k| f.may_hold(k)));
        let absent = (0..10_000u64)
            .map(|i| m3(200 + i as u32 % 97, 7, i as u32))
            .filter(|&k| f.may_hold(k))
            .count();
        assert!(absent < 1_000, "{absent} of 10000 absent keys let through");
        // An empty filter rules nothing out.
        assert!(KeyFilter::default().may_hold(1));
    }

    fn toy() -> LanguageModel {
        let mut c = Counts::new();
        for s in [
            "ủy ban nhân dân huyện",
            "ủy ban nhân dân tỉnh",
            "ủy ban nhân dân xã",
            "hội đồng nhân dân tỉnh",
            "nhân dân các dân tộc",
            "của ủy ban nhân dân",
        ] {
            let toks: Vec<&str> = s.split(' ').collect();
            c.add_sentence(&toks, 1);
        }
        c.build(1, &|_| true, 1, 1)
    }

    #[test]
    fn seen_trigrams_beat_unseen_ones() {
        let m = toy();
        let id = |w: &str| m.vocab.id(w).unwrap();
        let seen = m.logp(id("ban"), id("nhân"), id("dân"));
        let unseen = m.logp(id("ban"), id("nhân"), id("tộc"));
        assert!(seen > unseen, "{seen} {unseen}");
        assert!(seen <= 0.0);
        // Backing off through an unknown context still gives a probability.
        assert!(m.logp(id("tộc"), id("xã"), id("dân")).is_finite());
    }

    #[test]
    fn a_bigram_the_model_lacks_rules_out_its_trigrams() {
        assert!(toy().trigrams_have_bigrams());
        // Stored with the model; a file without it says nothing.
        let mut bytes = toy().to_bytes();
        assert_eq!(bytes.pop(), Some(1));
        let old = LanguageModel::from_bytes(&bytes).unwrap();
        assert!(!old.trigrams_have_bigrams());
        // Bigrams seen fewer than 3 times pruned, trigrams kept: not so.
        let mut c = Counts::new();
        c.add_sentence(&["ủy", "ban", "nhân", "dân"], 1);
        c.add_sentence(&["nhân", "dân"], 5);
        let m = c.build(1, &|_| true, 3, 1);
        assert!(!m.trigrams_have_bigrams());
        // "dân </s>" ends the trigram "nhân dân </s>" but is no context and
        // follows one word only.
        let id = |w: &str| m.vocab.id(w).unwrap();
        assert!(m.bigram(id("dân"), EOS).is_none());
        assert!(m.trigram(id("nhân"), id("dân"), EOS).is_some());
    }

    #[test]
    fn bigram_filters_rule_out_only_unknown_trigrams() {
        let m = toy();
        let tri = m.tri.entries();
        assert!(!tri.is_empty());
        for (k, _) in tri {
            let (u, v, w) = (
                (k >> 32) as u32,
                (k >> 16) as u32 & 0xffff,
                k as u32 & 0xffff,
            );
            assert!(m.step(v, w).may_follow(u), "{u} {v} {w}");
        }
        // Some first words are ruled out of "nhân dân" (known as "ban nhân dân"
        // and "hội đồng nhân dân"), and then give the backed-off probability.
        let id = |w: &str| m.vocab.id(w).unwrap();
        let step = m.step(id("nhân"), id("dân"));
        let out: Vec<u32> = (0..m.vocab.len() as u32)
            .filter(|&u| !step.may_follow(u))
            .collect();
        assert!(!out.is_empty());
        for u in out {
            assert!(m.trigram(u, id("nhân"), id("dân")).is_none());
            let backed_off = m.context_backoff(u, id("nhân")) + step.logp;
            assert_eq!(m.logp(u, id("nhân"), id("dân")), backed_off);
        }
        // An unknown bigram: no trigram, when the model says so.
        assert!(!m.step(id("tộc"), id("xã")).may_follow(id("dân")));
    }

    #[test]
    fn the_bigram_memo_gives_what_the_model_gives() {
        let m = toy();
        let mut memo = BigramMemo::default();
        memo.attach(&m);
        let n = m.vocab.len() as u32 + 1;
        // Twice: read from the model, then remembered.
        for _ in 0..2 {
            for u in 0..n {
                for v in 0..n {
                    assert_eq!(memo.step(&m, u, v), m.step(u, v));
                    let bo = memo.context_backoff(&m, u, v);
                    assert_eq!(bo.to_bits(), m.context_backoff(u, v).to_bits());
                    for w in 0..n {
                        let p = memo.logp(&m, u, v, w);
                        assert_eq!(p.to_bits(), m.logp(u, v, w).to_bits());
                    }
                }
            }
        }
        // Another model (here the same words, other counts): afresh.
        let mut c = Counts::new();
        c.add_sentence(&["ủy", "ban", "nhân", "dân"], 1);
        let other = c.build(1, &|_| true, 1, 1);
        memo.attach(&other);
        for u in 0..n {
            for v in 0..n {
                assert_eq!(memo.step(&other, u, v), other.step(u, v));
            }
        }
    }

    #[test]
    fn bytes_round_trip() {
        let m = toy();
        let bytes = m.to_bytes();
        let back = LanguageModel::from_bytes(&bytes).unwrap();
        assert_eq!(back.vocab.len(), m.vocab.len());
        assert_eq!(back.sizes(), m.sizes());
        let id = |w: &str| m.vocab.id(w).unwrap();
        let (a, b) = (
            m.logp(id("ủy"), id("ban"), id("nhân")),
            back.logp(id("ủy"), id("ban"), id("nhân")),
        );
        assert!((a - b).abs() < 0.05, "{a} {b}");
        assert!(LanguageModel::from_bytes(b"").is_none());
        assert!(LanguageModel::from_bytes(b"KHLM1\n\xff\xff").is_none());
    }

    #[test]
    fn vocabulary_is_frequency_ordered_and_deterministic() {
        let a = toy();
        let b = toy();
        assert_eq!(a.to_bytes(), b.to_bytes());
        assert_eq!(a.vocab.word(BOS), "<s>");
        assert_eq!(a.vocab.word(COMMA), ",");
        // "dân" is the most frequent word.
        assert_eq!(a.vocab.word(SPECIALS.len() as u32), "dân");
    }
}
