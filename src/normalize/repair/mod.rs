//! Diacritic and OCR repair: turns Vietnamese typed without accents, or OCR'd
//! without Vietnamese support ("Ca nudc thi dua", "Pang", "t6 chirc"), back into
//! Vietnamese ("Cả nước thi đua", "Đảng", "tổ chức").
//!
//! A noisy-channel decoder: candidates for each word come from the syllable
//! inventory as seen in training text (same letters without marks, or, for OCR,
//! a few edits away); [`channel`] scores how the written word could come from each
//! candidate; a syllable trigram model ([`model`]) scores the sentence; [`decoder`]
//! searches for the best sentence and gives each choice a confidence.
//!
//! Takes normalized text (one paragraph per line), gives [`TokenRepair`]s: byte
//! ranges of that text with their replacement. Reads only: applying them is the
//! caller's business ([`crate::normalize::normalize`] applies them through the
//! offset map). Lossy by nature: a repair is a guess, which is why each carries a
//! confidence and the source keeps the word as written.
//!
//! Left alone: numbers, codes with digits, "/" or "-" ("KH-UBND", "QĐ-TTg"), words
//! in capitals that are no syllable (UBND, HĐND, MTTQ, TW) but for the marks an
//! abbreviation lost where training text always writes it with them ("HDND" →
//! "HĐND", "QD-TTg" → "QĐ-TTg"; `abbreviations.tsv`), Roman numerals (but
//! for OCR's "1" for "I" heading a line), list labels ("a)"; a second "d)" in a
//! list is "đ)"), and any word the model is not confident about.

pub mod channel;
pub mod decoder;
mod edits;
pub mod lex;
pub mod model;
mod nearby;
pub mod train;

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, OnceLock};

use crate::fasthash::FastMap;
use channel::ConfusionTable;
use decoder::{Cand, Choice, Slot};
use lex::{After, Lexeme};
use model::{LanguageModel, BOS, CODE, COMMA, EOS, FIRST_WORD, NUM, UNK};
use nearby::{NearWork, SpellingIndex};

use super::quality::{Quality, WordStats};
use crate::syllable::{fold, fold_char, is_syllable_modulo_marks, parse, split_tone, with_tone};

/// One repaired word.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenRepair {
    /// Byte range of the word in the text given to the repairer.
    pub range: Range<usize>,
    /// The word to write instead (two words, space-separated, when OCR ran them
    /// together: "nangcao" → "nâng cao").
    pub replacement: String,
    /// How sure the model is, 0..=1.
    pub confidence: f32,
}

/// What kind of damage to repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Marks stripped, letters intact: candidates share the letters.
    Stripped,
    /// OCR damage: letters may be wrong, split or merged too.
    Ocr,
}

/// Tuning of the search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// States kept per position.
    pub beam: usize,
    /// Candidates kept per word.
    pub max_cands: usize,
    /// Weight of the language model against the channel.
    pub lm_weight: f32,
    /// Weight of the channel (OCR mode).
    pub chan_weight: f32,
    /// A word that is valid as written is changed only when the model gives the
    /// written form less than this posterior (text without diacritics).
    pub keep_below: f32,
    /// The same for OCR'd text, where a word valid as written is more often right.
    pub keep_below_ocr: f32,
    /// Channel score of keeping a syllable the model never saw.
    pub unknown_penalty: f32,
    /// Spellings (folded forms) of an OCR'd word whose markings are tried.
    pub max_folds: usize,
    /// Repairs less sure than this are not made (the word stays as written).
    pub min_confidence: f32,
    /// Channel score of two words run together (OCR).
    pub split_penalty: f32,
    /// Candidates less likely than the slot's most frequent one by more than
    /// this (natural log of unigram probability) are not searched.
    pub prune: f32,
    /// OCR candidates ranked (channel plus half the unigram) this far below the
    /// best are not searched.
    pub ocr_gap: f32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            beam: 6,
            max_cands: 10,
            lm_weight: 1.0,
            chan_weight: 1.0,
            keep_below: 0.5,
            keep_below_ocr: 0.15,
            unknown_penalty: -6.0,
            prune: 7.0,
            ocr_gap: f32::INFINITY,
            split_penalty: -3.0,
            min_confidence: 0.25,
            max_folds: 12,
        }
    }
}

/// The repairer: a language model, a confusion table and the indexes built from
/// them.
pub struct Repairer {
    lm: LanguageModel,
    channel: ConfusionTable,
    /// The same, intended letters folded (ranks candidates before their marks).
    folded: ConfusionTable,
    /// Folded form → ids of the words that fold to it, most frequent first.
    by_fold: FastMap<String, Vec<u32>>,
    /// For OCR: syllable spellings by deletion keys (built on first use).
    deletes: OnceLock<SpellingIndex>,
    /// Abbreviations written without their marks: "HDND" → ("HĐND", share of
    /// "HDND"-folding uses that are "HĐND").
    abbreviations: FastMap<String, (String, f32)>,
    /// Search settings.
    pub params: Params,
    /// Tells this repairer's remembered OCR work ([`REMEMBERED`]) from another's.
    id: u64,
}

/// OCR'd words (and pieces of observed text) a thread remembers the
/// candidates (and channel probabilities) of before it starts afresh (a few
/// megabytes at most).
const REMEMBERED_WORDS: usize = 1 << 14;

thread_local! {
    /// What OCR repair worked out on this thread, and for which repairer
    /// ([`Repairer::id`]) with which settings: a word's candidates depend on
    /// nothing else, so each OCR'd document after the first starts with those
    /// of the words the documents before it had (plans share most words).
    static REMEMBERED: RefCell<Option<(u64, Params, Scratch)>> = const { RefCell::new(None) };

    /// The search's buffers, kept on the thread from one text to the next: its
    /// memo of the model's words ([`model::BigramMemo`], which empties itself
    /// for another model) stays warm, and is not allocated per document.
    static WORKSPACE: RefCell<decoder::Workspace> = RefCell::new(decoder::Workspace::default());
}

static MODEL_BYTES: &[u8] = include_bytes!("model.bin");
static CONFUSIONS: &str = include_str!("confusions.tsv");
static ABBREVIATIONS: &str = include_str!("abbreviations.tsv");

impl Repairer {
    /// The repairer with the shipped model and confusion table.
    pub fn global() -> &'static Repairer {
        static GLOBAL: LazyLock<Repairer> = LazyLock::new(|| {
            let lm = LanguageModel::from_bytes(MODEL_BYTES).unwrap_or_default();
            Repairer::new(lm, ConfusionTable::from_tsv(CONFUSIONS))
        });
        &GLOBAL
    }

    /// The shipped confusion table.
    pub fn shipped_confusions() -> ConfusionTable {
        ConfusionTable::from_tsv(CONFUSIONS)
    }

    /// A repairer from a model and a table (for training and evaluation).
    pub fn new(lm: LanguageModel, channel: ConfusionTable) -> Repairer {
        let mut by_fold: FastMap<String, Vec<u32>> = FastMap::default();
        for id in FIRST_WORD..lm.vocab.len() as u32 {
            let w = lm.vocab.word(id);
            if w.is_empty() || w.chars().any(|c| !c.is_alphabetic()) {
                continue;
            }
            by_fold.entry(fold(w)).or_default().push(id);
        }
        let abbreviations = ABBREVIATIONS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let (n, t) = (
                    f.get(2)?.parse::<f32>().ok()?,
                    f.get(3)?.parse::<f32>().ok()?,
                );
                Some((f[0].to_string(), (f[1].to_string(), n / t.max(1.0))))
            })
            .collect();
        Repairer {
            abbreviations,
            lm,
            folded: channel.folded(),
            channel,
            by_fold,
            deletes: OnceLock::new(),
            params: Params::default(),
            id: {
                static NEXT: AtomicU64 = AtomicU64::new(1);
                NEXT.fetch_add(1, Ordering::Relaxed)
            },
        }
    }

    /// The language model.
    pub fn model(&self) -> &LanguageModel {
        &self.lm
    }

    /// True when a model is loaded (an empty model repairs nothing).
    pub fn is_loaded(&self) -> bool {
        !self.lm.vocab.is_empty()
    }

    /// Repairs a normalized text as its quality calls for: nothing when it reads
    /// as clean Vietnamese.
    pub fn repair(&self, text: &str) -> Vec<TokenRepair> {
        match WordStats::of(text).quality() {
            Quality::Clean => Vec::new(),
            Quality::NoDiacritics => self.repair_as(text, Mode::Stripped),
            Quality::OcrDamaged => self.repair_as(text, Mode::Ocr),
        }
    }

    /// Repairs a text as if it had the given damage. Repairs are sorted and do not
    /// overlap.
    pub fn repair_as(&self, text: &str, mode: Mode) -> Vec<TokenRepair> {
        let mut out = Vec::new();
        if !self.is_loaded() {
            return out;
        }
        let mut at = 0;
        let mut cache = CandCache {
            workspace: WORKSPACE.take(),
            ..CandCache::default()
        };
        if mode == Mode::Ocr {
            if let Some((id, params, scratch)) = REMEMBERED.take() {
                if id == self.id && params == self.params {
                    cache.scratch = scratch;
                }
            }
        }
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            self.repair_line(body, at, mode, &mut cache, &mut out);
            at += line.len();
        }
        if mode == Mode::Ocr {
            let mut scratch = std::mem::take(&mut cache.scratch);
            if scratch.ocr.len() > REMEMBERED_WORDS || scratch.memo.pieces() > REMEMBERED_WORDS {
                scratch = Scratch::default();
            }
            REMEMBERED.set(Some((self.id, self.params, scratch)));
        }
        WORKSPACE.set(std::mem::take(&mut cache.workspace));
        // Abbreviations are repaired as they come, words when their sentence is
        // decoded: put them back in text order.
        out.sort_by_key(|r| r.range.start);
        out
    }

    /// An abbreviation, or a code made of some, with the marks it lost put back
    /// ("HDND" → "HĐND", "12/QD-UBND" → "12/QĐ-UBND"), and how sure that is. A
    /// long abbreviation of the plans' table ([`crate::abbrev::nearest`]) that no
    /// training text has is restored too ("BCDXHHT" → "BCĐXHHT"), and in OCR'd text
    /// from one letter edit ("BCDOXHHT").
    fn abbreviation_repair(&self, w: &str, mode: Mode) -> Option<(String, f32)> {
        if !self.abbreviations.contains_key(w) {
            let plans = crate::abbrev::nearest(w, 0)
                .map(|a| (a, PLANS_ABBREVIATION))
                .or_else(|| {
                    let edits = usize::from(mode == Mode::Ocr);
                    crate::abbrev::nearest(w, edits).map(|a| (a, PLANS_ABBREVIATION_EDITED))
                });
            if let Some((a, confidence)) = plans {
                return (a != w).then(|| (a.to_string(), confidence));
            }
        }
        let capitals = w.bytes().filter(u8::is_ascii_uppercase).count();
        if capitals < 2 || self.abbreviations.is_empty() || !w.is_ascii() {
            return None;
        }
        let mut out = String::with_capacity(w.len() + 4);
        let mut confidence = 1.0f32;
        let mut changed = false;
        let mut part_start = 0;
        for (i, c) in w.char_indices().chain(std::iter::once((w.len(), ' '))) {
            if c.is_ascii_alphanumeric() {
                continue;
            }
            let part = &w[part_start..i];
            match self.abbreviations.get(part) {
                Some((form, share)) if part.chars().all(|c| c.is_ascii_uppercase()) => {
                    out.push_str(form);
                    confidence = confidence.min(*share);
                    changed = true;
                }
                _ => out.push_str(part),
            }
            if i < w.len() {
                out.push(c);
            }
            part_start = i + c.len_utf8();
        }
        changed.then_some((out, confidence))
    }

    /// The slot of an abbreviation of the plans' table ([`crate::abbrev`]): the
    /// model reads the last two words it stands for ("TT" as "thường trực", so
    /// that "TT bang uy" reads "TT Đảng ủy"), as it reads them written out. `None`
    /// for a word that is no such abbreviation.
    fn expansion_slot(&self, form: &str) -> Option<Slot> {
        let full = crate::abbrev::expansion(form)?;
        let id = |w: &str| self.lm.vocab.id(&w.to_lowercase()).unwrap_or(UNK);
        let mut words = full.split_whitespace().rev();
        let last = id(words.next()?);
        let cand = match words.next() {
            Some(before) => Cand {
                id: id(before),
                chan: 0.0,
                second: Some(last),
            },
            None => Cand::one(last, 0.0),
        };
        Some(Slot {
            cands: Rc::from([cand]),
        })
    }

    fn repair_line(
        &self,
        line: &str,
        base: usize,
        mode: Mode,
        cache: &mut CandCache,
        out: &mut Vec<TokenRepair>,
    ) {
        let mut sentence = Sentence::default();
        let at = Spot { line, base, mode };
        let lexemes = match mode {
            Mode::Stripped => lex::lex(line),
            Mode::Ocr => lex::lex_ocr(line),
        };
        // In OCR'd text a lone mark glued to the front of a word may be a speck:
        // the sentence is read across it, and the mark weighed when it is decoded.
        let stray = |lx: &Lexeme| mode == Mode::Ocr && lx.stray_lead;
        let number_at = |i: usize| {
            lexemes
                .get(i)
                .is_some_and(|l| line[l.range.clone()].starts_with(|c: char| c.is_ascii_digit()))
        };
        let beside_number = |i: usize| (i > 0 && number_at(i - 1)) || number_at(i + 1);
        for (i, lx) in lexemes.iter().enumerate() {
            let w = &line[lx.range.clone()];
            if stray(lx) && !sentence.slots.is_empty() {
                let mark = lx.range.start - 1;
                sentence.strays.push(Stray {
                    pos: sentence.slots.len(),
                    mark,
                    kind: if line[mark..].starts_with(',') {
                        Mark::Comma
                    } else {
                        Mark::Period
                    },
                    word: lx.range.clone(),
                    as_written: None,
                });
            } else if mode == Mode::Ocr && w.starts_with(['[', '{']) {
                // An unclosed bracket glued to the word ([`lex::lex_ocr`]): a
                // letter, or punctuation breaking the sentence as written.
                let (as_letter, as_written) = self.bracket_readings(w, lx, cache);
                let Some((slot, word)) = as_letter else {
                    self.flush(&at, &mut cache.workspace, &mut sentence, out);
                    sentence.slots.push(as_written.0);
                    sentence.words.push(as_written.1);
                    self.after_word(lx, lexemes.get(i + 1), &at, cache, &mut sentence, out);
                    continue;
                };
                sentence.strays.push(Stray {
                    pos: sentence.slots.len(),
                    mark: lx.range.start,
                    kind: Mark::Bracket,
                    word: lx.range.clone(),
                    as_written: Some(as_written),
                });
                sentence.slots.push(slot);
                sentence.words.push(Some(word));
                self.after_word(lx, lexemes.get(i + 1), &at, cache, &mut sentence, out);
                continue;
            } else if lx.break_before && !sentence.slots.is_empty() {
                self.flush(&at, &mut cache.workspace, &mut sentence, out);
            }
            let abbreviation = self.abbreviation_repair(w, mode);
            // An abbreviation of the plans' own is read as what it stands for,
            // before a word in lowercase: in a line of capitals "TU" is a word
            // that lost its marks ("BO TU PHAP"), not "Tỉnh ủy", and "TT" heading
            // a table's column ("TT Nhiệm vụ") is "thứ tự".
            let before_lowercase = lexemes.get(i + 1).is_some_and(|n| {
                line[n.range.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
            });
            let expanded = before_lowercase
                .then(|| self.expansion_slot(abbreviation.as_ref().map_or(w, |(to, _)| to)))
                .flatten();
            let (slot, word) = match (&abbreviation, expanded) {
                (_, Some(slot)) => (slot, None),
                // The model reads the abbreviation as repaired ("hđnd").
                (Some((to, _)), None) if to.chars().all(char::is_alphabetic) => {
                    let id = self.lm.vocab.id(&to.to_lowercase()).unwrap_or(UNK);
                    (
                        Slot {
                            cands: Rc::from([Cand::one(id, 0.0)]),
                        },
                        None,
                    )
                }
                // A symbol beside a number is its unit ("30 ¢").
                _ if stands_for_a_word(w) && beside_number(i) => (
                    Slot {
                        cands: Rc::from([Cand::one(UNK, 0.0)]),
                    },
                    None,
                ),
                _ => self.slot_for(w, lx, i == 0, mode, cache),
            };
            if let Some((to, confidence)) = abbreviation {
                out.push(TokenRepair {
                    range: base + lx.range.start..base + lx.range.end,
                    replacement: to,
                    confidence,
                });
            }
            sentence.slots.push(slot);
            sentence.words.push(word);
            self.after_word(lx, lexemes.get(i + 1), &at, cache, &mut sentence, out);
        }
        self.flush(&at, &mut cache.workspace, &mut sentence, out);
    }

    /// What follows a word: a comma for the model, or the end of the sentence
    /// (but before a stray mark, which is weighed).
    fn after_word(
        &self,
        lx: &Lexeme,
        next: Option<&Lexeme>,
        at: &Spot<'_>,
        cache: &mut CandCache,
        sentence: &mut Sentence,
        out: &mut Vec<TokenRepair>,
    ) {
        match lx.after {
            After::Space => {}
            After::Comma => {
                sentence.slots.push(Slot {
                    cands: Rc::from([Cand::one(COMMA, 0.0)]),
                });
                sentence.words.push(None);
            }
            After::Break if at.mode == Mode::Ocr && next.is_some_and(|n| n.stray_lead) => {}
            After::Break => self.flush(at, &mut cache.workspace, sentence, out),
        }
    }

    /// The score the search gives a sentence read as `choices`: language model
    /// plus channel.
    fn sentence_score(&self, slots: &[Slot], choices: &[Choice]) -> f32 {
        let mut chan = 0.0;
        let mut lm = 0.0;
        let (mut u, mut v) = (BOS, BOS);
        let mut next = |w: u32| {
            lm += self.lm.logp(u, v, w);
            (u, v) = (v, w);
        };
        for (slot, choice) in slots.iter().zip(choices) {
            let Some(c) = slot.cands.get(choice.index) else {
                continue;
            };
            chan += c.chan;
            next(c.id);
            if let Some(w2) = c.second {
                next(w2);
            }
        }
        next(EOS);
        self.params.lm_weight * lm + chan
    }

    /// The sentence decoded with its stray marks read as written: a comma as a
    /// comma, a period or a bracket as the end of a sentence (the word after a
    /// bracket read without it); the choices and their score.
    fn decode_with_marks(
        &self,
        slots: &[Slot],
        keep: &[Option<usize>],
        strays: &[Stray],
        workspace: &mut decoder::Workspace,
    ) -> (Vec<Choice>, f32) {
        let p = &self.params;
        let comma = Slot {
            cands: Rc::from([Cand::one(COMMA, 0.0)]),
        };
        let mut choices = Vec::with_capacity(slots.len());
        let mut score = 0.0;
        // Slots, their kept candidates, and whether each is the sentence's own.
        let mut part: (Vec<Slot>, Vec<Option<usize>>, Vec<bool>) = Default::default();
        let mut decode_part = |part: &mut (Vec<Slot>, Vec<Option<usize>>, Vec<bool>)| {
            if part.0.is_empty() {
                return;
            }
            let got =
                decoder::decode_in(&self.lm, &part.0, &part.1, p.beam, p.lm_weight, workspace);
            score += self.sentence_score(&part.0, &got);
            choices.extend(got.into_iter().zip(&part.2).filter(|e| *e.1).map(|e| e.0));
            part.0.clear();
            part.1.clear();
            part.2.clear();
        };
        for (i, slot) in slots.iter().enumerate() {
            let (mut slot, mut keep) = (slot, keep[i]);
            if let Some(st) = strays.iter().find(|s| s.pos == i) {
                if st.kind == Mark::Comma {
                    part.0.push(comma.clone());
                    part.1.push(None);
                    part.2.push(false);
                } else {
                    decode_part(&mut part);
                }
                if let Some((s, w)) = &st.as_written {
                    slot = s;
                    keep = w.as_ref().and_then(|w| w.keep);
                }
            }
            part.0.push(slot.clone());
            part.1.push(keep);
            part.2.push(true);
        }
        decode_part(&mut part);
        (choices, score)
    }

    fn flush(
        &self,
        at: &Spot<'_>,
        workspace: &mut decoder::Workspace,
        sentence: &mut Sentence,
        out: &mut Vec<TokenRepair>,
    ) {
        let (line, base, mode) = (at.line, at.base, at.mode);
        let Sentence {
            slots,
            words,
            strays,
        } = sentence;
        if slots.is_empty() {
            return;
        }
        let p = &self.params;
        let keep: Vec<Option<usize>> = words
            .iter()
            .map(|w| w.as_ref().and_then(|w| w.keep))
            .collect();
        let mut choices: Vec<Choice> =
            decoder::decode_in(&self.lm, slots, &keep, p.beam, p.lm_weight, workspace);
        // Stray marks: read across them, or as written, whichever scores better;
        // dropped only when that is sure.
        let mut drop_marks = None;
        if !strays.is_empty() {
            let across = self.sentence_score(slots, &choices);
            let (as_written, score) = self.decode_with_marks(slots, &keep, strays, workspace);
            let sure = 1.0 / (1.0 + (score - across).exp());
            if sure >= STRAY_MARK_CONFIDENCE {
                drop_marks = Some(sure);
            } else {
                choices = as_written;
                for st in strays.iter_mut() {
                    if let Some((slot, word)) = st.as_written.take() {
                        slots[st.pos] = slot;
                        words[st.pos] = word;
                    }
                }
            }
        }
        let first_new = out.len();
        for (pos, (choice, word)) in choices.iter().zip(words.iter()).enumerate() {
            let Some(word) = word else { continue };
            if Some(choice.index) == word.keep {
                continue;
            }
            let keep_below = match mode {
                Mode::Stripped => p.keep_below,
                Mode::Ocr => p.keep_below_ocr,
            };
            if word.keep.is_some() && choice.keep_posterior >= keep_below {
                continue;
            }
            if choice.confidence < p.min_confidence {
                continue;
            }
            let Some(c) = slots[pos].cands.get(choice.index) else {
                continue;
            };
            let form = self.lm.vocab.word(c.id);
            if form.is_empty() || form.starts_with('<') {
                continue;
            }
            let written = &line[word.range.clone()];
            let mut replacement = apply_case(form, word.case);
            if let Some(w2) = c.second {
                replacement.push(' ');
                if w2 == NUM {
                    replacement.push_str(written.trim_start_matches(|c: char| !c.is_ascii_digit()));
                } else {
                    let second = self.lm.vocab.word(w2);
                    if second.is_empty() || second.starts_with('<') {
                        continue;
                    }
                    let case = if word.case == Case::Upper {
                        Case::Upper
                    } else {
                        Case::Lower
                    };
                    replacement.push_str(&apply_case(second, case));
                }
            }
            if replacement == written {
                continue;
            }
            out.push(TokenRepair {
                range: base + word.range.start..base + word.range.end,
                replacement,
                confidence: choice.confidence,
            });
        }
        if let Some(sure) = drop_marks {
            for st in strays.iter() {
                let word = base + st.word.start..base + st.word.end;
                match out[first_new..].iter_mut().find(|r| r.range == word) {
                    Some(r) => {
                        r.range.start = base + st.mark;
                        r.confidence = r.confidence.min(sure);
                    }
                    // A bracket read as a letter is in the word.
                    None if st.kind == Mark::Bracket => {}
                    None => out.push(TokenRepair {
                        range: base + st.mark..word.end,
                        replacement: line[st.word.clone()].to_string(),
                        confidence: sure,
                    }),
                }
            }
        }
        slots.clear();
        words.clear();
        strays.clear();
    }

    /// The candidates of one word, and what is needed to write the choice back.
    fn slot_for(
        &self,
        w: &str,
        lx: &Lexeme,
        line_start: bool,
        mode: Mode,
        cache: &mut CandCache,
    ) -> (Slot, Option<Word>) {
        let fixed = |id: u32| {
            (
                Slot {
                    cands: Rc::from([Cand::one(id, 0.0)]),
                },
                None,
            )
        };
        // List labels "a)", "đ)"; Roman numerals heading a line or before ".".
        let mut chars = w.chars();
        let single = chars.next().is_some_and(char::is_alphabetic) && chars.next().is_none();
        let label = single && matches!(lx.next_char, Some(')' | '.'));
        let numeral = roman_numeral(w, lx.next_char, line_start, mode);
        if label && line_start {
            // Lists run a) b) c) d) đ) e): a second "d)" is "đ)" without its mark.
            let lower = w.to_lowercase();
            let second_d = lower == "d" && cache.last_label == Some('d');
            cache.last_label = lower.chars().next();
            if second_d {
                if let Some(id) = self.lm.vocab.id("đ") {
                    cache.last_label = Some('đ');
                    return (
                        Slot {
                            cands: Rc::from([Cand::one(id, 0.0)]),
                        },
                        Some(Word {
                            range: lx.range.clone(),
                            case: Case::of(w),
                            keep: None,
                        }),
                    );
                }
            }
        }
        if let Some(Numeral::Read(read)) = &numeral {
            if let Some(id) = self.lm.vocab.id(&read.to_lowercase()) {
                return (
                    Slot {
                        cands: Rc::from([Cand::one(id, 0.0)]),
                    },
                    Some(Word {
                        range: lx.range.clone(),
                        case: Case::Upper,
                        keep: None,
                    }),
                );
            }
        }
        if label || numeral.is_some() {
            return fixed(self.lm.vocab.id(&w.to_lowercase()).unwrap_or(UNK));
        }
        match self.entry(w, mode, cache) {
            Entry::Fixed(id) => fixed(id),
            Entry::Word { cands, keep, case } => (
                Slot { cands },
                Some(Word {
                    range: lx.range.clone(),
                    case,
                    keep,
                }),
            ),
        }
    }

    /// What a written word is, worked out once per call.
    fn entry(&self, w: &str, mode: Mode, cache: &mut CandCache) -> Entry {
        if let Some(e) = cache.map.get(w) {
            return e.clone();
        }
        let e = self.classify(w, mode, &mut cache.scratch);
        if cache.map.len() < 200_000 {
            cache.map.insert(w.to_string(), e.clone());
        }
        e
    }

    /// A word OCR wrote after an opening bracket it never closed ("[qu" for
    /// "Ủy"): the word read with the bracket as a damaged letter (none when
    /// no reading is found), and the word after the bracket. A bracket read
    /// as a letter stands for a capital: it is as tall as one.
    fn bracket_readings(
        &self,
        w: &str,
        lx: &Lexeme,
        cache: &mut CandCache,
    ) -> (Option<(Slot, Word)>, Reading) {
        let inner_lx = Lexeme {
            range: lx.range.start + 1..lx.range.end,
            ..lx.clone()
        };
        let inner = &w[1..];
        let as_punctuation = self.slot_for(inner, &inner_lx, false, Mode::Ocr, cache);
        let as_letter = match self.entry(w, Mode::Ocr, cache) {
            Entry::Word {
                cands, keep: None, ..
            } => Some((
                Slot { cands },
                Word {
                    range: lx.range.clone(),
                    case: match Case::of(inner) {
                        Case::Lower => Case::Title,
                        case => case,
                    },
                    keep: None,
                },
            )),
            _ => None,
        };
        (as_letter, as_punctuation)
    }

    /// What a written word is, whatever its context: fixed, or a choice among
    /// candidates.
    fn classify(&self, w: &str, mode: Mode, work: &mut Scratch) -> Entry {
        let lower = w.to_lowercase();
        let fixed_word = Entry::Fixed(self.lm.vocab.id(&lower).unwrap_or(UNK));
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let digits = w.chars().filter(|c| c.is_ascii_digit()).count();
        let as_written = if digits > 0 { NUM } else { UNK };
        if letters == 0 {
            if mode == Mode::Ocr && stands_for_a_word(w) {
                return self.symbol_word(&lower, as_written, work);
            }
            return Entry::Fixed(as_written);
        }
        if w.contains(['/', '-', '.', ',', ':', '_']) {
            return Entry::Fixed(CODE);
        }
        if w.chars().count() > 16 {
            return fixed_word;
        }
        let case = Case::of(w);
        if digits > 0 {
            if mode == Mode::Stripped || digits > 2 || case == Case::Upper {
                return Entry::Fixed(CODE);
            }
            // "ngay21", "thango2": a word and a number run together.
            if w.ends_with(|c: char| c.is_ascii_digit()) {
                let head = w.trim_end_matches(|c: char| c.is_ascii_digit());
                let head = head.trim_end_matches(['o', 'O']);
                if head.chars().count() >= 3 && is_syllable_modulo_marks(head) {
                    // A word and a number: split them, or leave the whole alone.
                    let pairs = self.split_cands(&lower, work);
                    if pairs.is_empty() {
                        return Entry::Fixed(CODE);
                    }
                    return Entry::Word {
                        cands: Rc::from(pairs),
                        keep: None,
                        case,
                    };
                }
            }
        }
        let all_letters = w.chars().all(char::is_alphabetic);
        if case == Case::Upper && all_letters && !is_syllable_modulo_marks(w) {
            return fixed_word; // UBND, HĐND, MTTQ, TW
        }
        if case != Case::Lower
            && all_letters
            && !is_syllable_modulo_marks(w)
            && mode == Mode::Stripped
        {
            return fixed_word; // names and words of other languages
        }
        let (mut cands, mut keep) = match mode {
            Mode::Stripped => self.stripped_cands(&lower),
            Mode::Ocr => self.ocr_cands(&lower, work),
        };
        if mode == Mode::Ocr && keep.is_none() {
            cands.extend(self.split_cands(&lower, work));
        }
        if cands.is_empty() {
            return fixed_word;
        }
        if keep.is_none() && all_letters && parse(&lower).is_some() && mode == Mode::Stripped {
            // A syllable the model never saw: keeping it is a candidate.
            cands.push(Cand::one(UNK, self.params.unknown_penalty));
            keep = Some(cands.len() - 1);
        }
        if cands.len() == 1 && keep == Some(0) {
            return fixed_word;
        }
        Entry::Word {
            cands: Rc::from(cands),
            keep,
            case,
        }
    }

    /// An OCR'd word written with no letter ("@0" for "độ", "¢" for "ở"): its
    /// OCR candidates, and keeping it as written (`as_written`, as the model
    /// reads it) with the channel score of a word the model never saw.
    fn symbol_word(&self, lower: &str, as_written: u32, work: &mut Scratch) -> Entry {
        let mut cands = self.ocr_cands(lower, work).0;
        if cands.is_empty() {
            return Entry::Fixed(as_written);
        }
        cands.push(Cand::one(as_written, self.params.unknown_penalty));
        Entry::Word {
            keep: Some(cands.len() - 1),
            cands: Rc::from(cands),
            case: Case::Lower,
        }
    }

    /// Candidates for a word with marks stripped: the words with the same letters
    /// whose marks agree with whatever marks are written.
    fn stripped_cands(&self, lower: &str) -> (Vec<Cand>, Option<usize>) {
        let mut cands = Vec::new();
        let mut keep = None;
        let key = fold(lower);
        let Some(ids) = self.by_fold.get(&key) else {
            return (cands, keep);
        };
        let written: Vec<char> = lower.chars().collect();
        let mut top = None;
        for &id in ids {
            let form = self.lm.vocab.word(id);
            if !compatible(form, &written) {
                continue;
            }
            let is_keep = form == lower;
            let uni = self.lm.unigram(id);
            let top = *top.get_or_insert(uni);
            if (cands.len() >= self.params.max_cands || uni < top - self.params.prune) && !is_keep {
                continue;
            }
            if is_keep {
                keep = Some(cands.len());
            }
            cands.push(Cand::one(id, 0.0));
        }
        (cands, keep)
    }

    /// Candidates for an OCR'd word: words a few letter edits away, scored by the
    /// learned channel.
    fn ocr_cands(&self, lower: &str, work: &mut Scratch) -> (Vec<Cand>, Option<usize>) {
        // Written forms differing in case only, and the halves of words run
        // together, are worked out once.
        if let Some(done) = work.ocr.get(lower) {
            return done.clone();
        }
        let out = self.ocr_cands_uncached(lower, work);
        if work.ocr.len() < 200_000 {
            work.ocr.insert(lower.to_string(), out.clone());
        }
        out
    }

    fn ocr_cands_uncached(&self, lower: &str, work: &mut Scratch) -> (Vec<Cand>, Option<usize>) {
        // A word with letter stand-ins says least about its letters: more of its
        // spellings and words are searched.
        let widen = if lower.chars().any(lex::is_ocr_symbol) {
            STAND_IN_WIDENING
        } else {
            1
        };
        let (max_folds, max_cands) = (self.params.max_folds * widen, self.params.max_cands * widen);
        let obs: Vec<char> = lower.chars().collect();
        let key: String = obs.iter().map(|&c| fold_char(c)).collect();
        let index = self.deletes.get_or_init(|| self.build_deletes());
        // Spellings and their distance from the written one.
        let mut folds = index.near(&key, &mut work.near);
        // Channel log-probabilities are at most 0, so half a word's unigram
        // log-probability bounds its rank (and the top form's, its spelling's):
        // what cannot reach the best `max_folds` spellings or `max_cands` words
        // (or the best word's rank within `ocr_gap`) is not scored, or not to
        // the end. The result is the same as scoring everything; trying the
        // nearest spellings and the likeliest words first only saves the more.
        let prune = self.params.chan_weight > 0.0;
        // Only the likeliest spellings are worth trying every marking of.
        if folds.len() > max_folds {
            let mut by_fold = self.folded.scorer(&obs, &mut work.memo);
            let mut order: Vec<(u8, f32, u32)> = folds
                .iter()
                .map(|&(f, d)| {
                    let top = index.fold_forms[f as usize]
                        .first()
                        .map_or(-30.0, |e| self.lm.unigram(e.0));
                    (d, 0.5 * top, f)
                })
                .collect();
            order.sort_unstable_by(|a, b| {
                a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2))
            });
            let mut bar = Bar::new(max_folds, f32::INFINITY);
            let mut ranked: Vec<(f32, u32, u8)> = Vec::with_capacity(order.len());
            for (d, bound, f) in order {
                let score = if d == 0 {
                    f32::INFINITY
                } else if prune && !bar.admits(bound) {
                    continue;
                } else {
                    let floor = if prune {
                        bar.floor(bound, 1.0)
                    } else {
                        f64::NEG_INFINITY
                    };
                    match by_fold.word_logp_above(&index.fold_chars[f as usize], floor) {
                        Some(chan) => chan as f32 + bound,
                        None => continue,
                    }
                };
                bar.add(score);
                ranked.push((score, f, d));
            }
            ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            ranked.truncate(max_folds);
            folds = ranked.into_iter().map(|e| (e.1, e.2)).collect();
        }
        let mut scored: Vec<(f32, Cand, bool)> = Vec::new();
        let mut bar = Bar::new(max_cands, self.params.ocr_gap);
        if let Some(id) = self.lm.vocab.id(lower) {
            // The word as written, when the model knows it but it is no syllable.
            if parse(lower).is_none() && id >= FIRST_WORD {
                scored.push((f32::INFINITY, Cand::one(id, 0.0), true));
                bar.add(f32::INFINITY);
            }
        }
        let mut order: Vec<(u8, f32, u32, u32)> = Vec::new();
        for (f, d) in folds {
            for (i, &(id, _)) in index.fold_forms[f as usize].iter().enumerate() {
                order.push((d, 0.5 * self.lm.unigram(id), f, i as u32));
            }
        }
        order.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.total_cmp(&a.1))
                .then((a.2, a.3).cmp(&(b.2, b.3)))
        });
        let mut scorer = self.channel.scorer(&obs, &mut work.memo);
        for (_, bound, f, i) in order {
            let (id, ref intended) = index.fold_forms[f as usize][i as usize];
            let is_keep = intended.len() == obs.len() && *intended == obs;
            if prune && !is_keep && !bar.admits(bound) {
                continue;
            }
            let weight = self.params.chan_weight;
            let floor = if prune && !is_keep {
                bar.floor(bound, weight)
            } else {
                f64::NEG_INFINITY
            };
            let Some(chan) = scorer.word_logp_above(intended, floor) else {
                continue;
            };
            let chan = chan as f32;
            if !chan.is_finite() {
                continue;
            }
            let chan = chan * weight;
            let rank = chan + bound;
            bar.add(rank);
            scored.push((rank, Cand::one(id, chan), is_keep));
        }
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
        let top = scored
            .iter()
            .map(|e| e.0)
            .filter(|r| r.is_finite())
            .fold(f32::NEG_INFINITY, f32::max);
        let mut cands = Vec::new();
        let mut keep = None;
        for (rank, c, is_keep) in scored {
            if (cands.len() >= max_cands || rank < top - self.params.ocr_gap) && !is_keep {
                continue;
            }
            if is_keep {
                keep = Some(cands.len());
            }
            cands.push(c);
        }
        (cands, keep)
    }

    /// Candidates for two words OCR ran together ("nangcao", "ngay21"): splits
    /// whose both halves could be syllables as written (or a number after a
    /// word), each half with its best few OCR candidates.
    fn split_cands(&self, lower: &str, work: &mut Scratch) -> Vec<Cand> {
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        if chars.len() < 4 || chars.len() > 14 || is_syllable_modulo_marks(lower) {
            return Vec::new();
        }
        let mut out: Vec<(f32, Cand)> = Vec::new();
        for &(at, _) in chars.iter().skip(1) {
            let (a, b) = lower.split_at(at);
            if !a.chars().all(char::is_alphabetic) || !is_syllable_modulo_marks(a) {
                continue;
            }
            let number = b.chars().all(|c| c.is_ascii_digit());
            let word = b.chars().all(char::is_alphabetic) && is_syllable_modulo_marks(b);
            if !(number || word) {
                continue;
            }
            let left = self.ocr_cands(a, work).0;
            let right = if number {
                vec![Cand::one(NUM, 0.0)]
            } else {
                self.ocr_cands(b, work).0
            };
            for l in left.iter().take(3) {
                for r in right.iter().take(3) {
                    let chan = l.chan + r.chan + self.params.split_penalty;
                    let rank = chan + 0.5 * (self.lm.unigram(l.id) + self.lm.unigram(r.id));
                    out.push((
                        rank,
                        Cand {
                            id: l.id,
                            chan,
                            second: Some(r.id),
                        },
                    ));
                }
            }
        }
        out.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(a.1.id.cmp(&b.1.id))
                .then(a.1.second.cmp(&b.1.second))
        });
        out.into_iter().take(6).map(|e| e.1).collect()
    }

    fn build_deletes(&self) -> SpellingIndex {
        SpellingIndex::build(&self.lm, &self.by_fold, self.channel.rewrites(2.0))
    }
}

/// What was worked out for a written word, whatever its context.
#[derive(Clone)]
enum Entry {
    /// Left alone, with its language-model id.
    Fixed(u32),
    /// A choice.
    Word {
        cands: Rc<[Cand]>,
        keep: Option<usize>,
        case: Case,
    },
}

/// The line being repaired.
struct Spot<'a> {
    line: &'a str,
    /// Offset of the line in the text.
    base: usize,
    mode: Mode,
}

/// The words of the sentence being gathered, and what decides them.
#[derive(Default)]
struct Sentence {
    slots: Vec<Slot>,
    words: Vec<Option<Word>>,
    /// Lone marks glued to the front of a word ([`Lexeme::stray_lead`]).
    strays: Vec<Stray>,
}

/// A mark glued to the front of a word in OCR'd text, which may be a speck
/// (a lone comma or period) or a letter (an unclosed bracket).
struct Stray {
    /// The slot of the word.
    pos: usize,
    /// Byte offset of the mark in the line.
    mark: usize,
    kind: Mark,
    /// The word's range in the line (the bracket included).
    word: Range<usize>,
    /// For a bracket: the word after it, read with the bracket as punctuation.
    as_written: Option<Reading>,
}

/// A word's candidates, and what is needed to write the choice back (none for
/// a word left alone).
type Reading = (Slot, Option<Word>);

/// What a stray mark is as written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Comma,
    Period,
    Bracket,
}

/// How many times more spellings and candidates are searched for a word with
/// OCR letter stand-ins ("@0", "¢").
const STAND_IN_WIDENING: usize = 3;

/// How sure the model must be that a stray mark is a speck (or a letter) to
/// read it so.
const STRAY_MARK_CONFIDENCE: f32 = 0.9;

/// How sure a long abbreviation of the plans' table is when only its marks were
/// lost: no other code of six capitals or more reads the same.
const PLANS_ABBREVIATION: f32 = 0.95;

/// The same from one letter edit of OCR: likely, not certain (above the 0.5 of
/// the low-confidence warnings, below what the learned abbreviations reach).
const PLANS_ABBREVIATION_EDITED: f32 = 0.6;

/// Words already worked out in this call, by their written form.
#[derive(Default)]
struct CandCache {
    map: FastMap<String, Entry>,
    /// What OCR candidates are worked out with.
    scratch: Scratch,
    /// The last list label heading a line ("a" for "a)").
    last_label: Option<char>,
    /// The search's buffers.
    workspace: decoder::Workspace,
}

/// Remembered channel probabilities and OCR candidates, and the buffers of the
/// spelling search: what OCR repair works out whatever the document.
#[derive(Default)]
struct Scratch {
    memo: channel::Memo,
    near: NearWork,
    /// OCR candidates by lowercase written form.
    ocr: FastMap<String, (Vec<Cand>, Option<usize>)>,
}

/// A word the decoder may change.
#[derive(Clone, Debug)]
struct Word {
    range: Range<usize>,
    case: Case,
    /// The candidate that writes the word as it is, if any.
    keep: Option<usize>,
}

/// A word read as a Roman numeral.
#[derive(Debug, PartialEq)]
enum Numeral {
    /// Left as written (the segmenter reads it).
    Keep,
    /// OCR's reading of a numeral heading a line, to write as this numeral.
    Read(String),
}

/// True for a word of no letter that OCR may have made of one: one or two
/// characters, at least one of them a letter stand-in other than "&" and "$"
/// (which typed text uses as such), the other a stand-in or "0" (an "o"):
/// "@0", "¢".
fn stands_for_a_word(w: &str) -> bool {
    let mut n = 0;
    let mut stand_ins = 0;
    for c in w.chars() {
        n += 1;
        if lex::is_letter_stand_in(c) && !matches!(c, '&' | '$') {
            stand_ins += 1;
        } else if c != '0' {
            return false;
        }
    }
    n <= 2 && stand_ins >= 1
}

/// Whether a word is a Roman numeral, and how to write it. A numeral in
/// capitals heads a line, stands alone or comes before ".", ")" or ":". OCR reads
/// the I of a numeral heading a line as 1, l or | ("I1." for "II.", "I11," for
/// "III,"): such a word is a numeral too, left alone, but for OCR'd text where it
/// heads a line before "." and reads as a numeral of at most four letters once
/// its 1 and l are I: then it is written so.
fn roman_numeral(w: &str, next: Option<char>, line_start: bool, mode: Mode) -> Option<Numeral> {
    let clean = w.chars().all(|c| "IVXLC".contains(c));
    if clean && (line_start || matches!(next, Some('.' | ')' | ':')) || w.len() == 1) {
        return Some(Numeral::Keep);
    }
    let misread = line_start
        && w.starts_with(['I', 'V', 'X'])
        && w.chars().all(|c| "IVXl1|".contains(c))
        && matches!(next, Some('.' | ',' | ':'));
    if !misread {
        return None;
    }
    if mode == Mode::Ocr && next == Some('.') {
        let read: String = w
            .chars()
            .map(|c| if matches!(c, '1' | 'l') { 'I' } else { c })
            .collect();
        if read.len() <= 4 && read.chars().all(|c| "IVX".contains(c)) {
            return Some(Numeral::Read(read));
        }
    }
    Some(Numeral::Keep)
}

/// The `k` best scores seen so far, and the best finite one, to tell whether a
/// bound can still reach the best `k` within `gap` of the best.
struct Bar {
    best: Vec<f32>,
    k: usize,
    top: f32,
    gap: f32,
}

impl Bar {
    fn new(k: usize, gap: f32) -> Bar {
        Bar {
            best: Vec::with_capacity(k + 1),
            k,
            top: f32::NEG_INFINITY,
            gap,
        }
    }

    fn add(&mut self, score: f32) {
        if score.is_finite() {
            self.top = self.top.max(score);
        }
        let at = self.best.partition_point(|&b| b >= score);
        if at < self.k {
            self.best.insert(at, score);
            self.best.truncate(self.k);
        }
    }

    /// A channel score below which a word of unigram bound `bound` (rank:
    /// `weight` × channel + bound) cannot pass [`Bar::admits`], with a margin
    /// for rounding (`weight` > 0).
    fn floor(&self, bound: f32, weight: f32) -> f64 {
        let mut need = self.top - self.gap;
        if self.best.len() >= self.k {
            need = need.max(self.best.last().copied().unwrap_or(f32::NEG_INFINITY));
        }
        if !need.is_finite() {
            return f64::NEG_INFINITY;
        }
        let x = ((need - bound) / weight) as f64;
        x - 1e-4 * (1.0 + x.abs())
    }

    /// False when nothing scoring at most `bound` can be among the best `k`
    /// (`k` scores above it are known) or within `gap` of the best.
    fn admits(&self, bound: f32) -> bool {
        let in_k = self.best.len() < self.k || self.best.last().is_some_and(|&b| bound >= b);
        in_k && bound >= self.top - self.gap
    }
}

/// The case pattern of a written word, to put back on its repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Lower,
    Title,
    Upper,
}

impl Case {
    fn of(w: &str) -> Case {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        let first_upper = w.chars().next().is_some_and(char::is_uppercase);
        if letters.len() >= 2 && upper * 2 > letters.len() && upper >= 2 {
            Case::Upper
        } else if first_upper {
            Case::Title
        } else {
            Case::Lower
        }
    }
}

fn apply_case(form: &str, case: Case) -> String {
    match case {
        Case::Lower => form.to_string(),
        Case::Upper => form.to_uppercase(),
        Case::Title => {
            let mut it = form.chars();
            match it.next() {
                Some(c) => c.to_uppercase().chain(it).collect(),
                None => String::new(),
            }
        }
    }
}

/// True when every written letter could be the candidate's letter with some of
/// its marks stripped.
fn compatible(form: &str, written: &[char]) -> bool {
    if form.chars().count() != written.len() {
        return false;
    }
    for (x, &y) in form.chars().zip(written) {
        if x == y || y == fold_char(x) {
            continue;
        }
        let (base, tone) = split_tone(x);
        if y == base || y == with_tone(fold_char(x), tone) {
            continue;
        }
        return false;
    }
    true
}

/// Applies repairs to a plain string (for tools and tests; the pipeline applies
/// them through [`crate::normalize::NormText`]).
pub fn apply(text: &str, repairs: &[TokenRepair]) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut at = 0;
    for r in repairs {
        if r.range.start < at || r.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..r.range.start]);
        out.push_str(&r.replacement);
        at = r.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Strips every diacritic from a text (for evaluation: the damage of text typed
/// without accents).
pub fn strip_marks(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests;
