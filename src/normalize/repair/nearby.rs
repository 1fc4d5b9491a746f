//! The spellings an OCR'd word could stand for: an index of the syllable
//! spellings of the model (folded: lowercase, no marks) by their deletion keys,
//! searched for spellings a couple of edits away from a written word, or one edit
//! away once learned OCR damage is undone ("chire" → "chuc" → "chuc").
//!
//! Takes a folded written word, gives spelling ids (into [`SpellingIndex`]) and
//! their distance. No offsets, no probabilities: ranking is the channel's.

use super::edits::{pack, packed_deletions, undo_rewrites, Pattern};
use super::lex::is_ocr_symbol;
use super::model::LanguageModel;
use crate::fasthash::FastMap;
use crate::syllable::{is_syllable_modulo_marks, parse};

/// Syllable spellings, the syllables of each, and the deletion index.
pub(super) struct SpellingIndex {
    /// Spellings of syllables (ASCII, at most 8 letters), sorted.
    pub folds: Vec<String>,
    /// The same as letters.
    pub fold_chars: Vec<Vec<char>>,
    /// Per spelling: the syllables written so (id and letters), most frequent
    /// first, at most 24.
    pub fold_forms: Vec<Vec<(u32, Vec<char>)>>,
    /// Per spelling: its bytes packed ([`pack`]).
    packed: Vec<u64>,
    /// Packed spelling with up to two letters deleted → spellings.
    map: FastMap<u64, Vec<u32>>,
    /// The same with up to one letter deleted (for searches one edit away).
    map1: FastMap<u64, Vec<u32>>,
    /// Learned letter damage to undo, (observed, intended), folded.
    rewrites: Vec<(String, String)>,
}

/// Buffers of [`SpellingIndex::near`], kept between words.
#[derive(Default)]
pub(super) struct NearWork {
    /// Per spelling: the distance it was found at; `u8::MAX` when not looked
    /// at, `u8::MAX - 1` when measured too far from the key.
    found: Vec<u8>,
    /// The spellings marked in `found`, to reset.
    touched: Vec<u32>,
}

/// Distance given to spellings found only after undoing learned damage.
const REWRITTEN: u8 = 3;

impl SpellingIndex {
    /// The index of the model's syllables (`by_fold`: folded form → ids, most
    /// frequent first) and the damage to undo.
    pub fn build(
        lm: &LanguageModel,
        by_fold: &FastMap<String, Vec<u32>>,
        rewrites: Vec<(String, String)>,
    ) -> SpellingIndex {
        // Only spellings of syllables: OCR'd words are read as syllables.
        let mut folds: Vec<String> = by_fold
            .iter()
            .filter(|(f, ids)| {
                pack(f.as_bytes()).is_some()
                    && ids.iter().any(|&id| parse(lm.vocab.word(id)).is_some())
            })
            .map(|(f, _)| f.clone())
            .collect();
        folds.sort();
        let mut map: FastMap<u64, Vec<u32>> = FastMap::default();
        let mut map1: FastMap<u64, Vec<u32>> = FastMap::default();
        for (i, f) in folds.iter().enumerate() {
            for v in packed_deletions(f, 2) {
                map.entry(v).or_default().push(i as u32);
            }
            for v in packed_deletions(f, 1) {
                map1.entry(v).or_default().push(i as u32);
            }
        }
        let fold_forms = folds
            .iter()
            .map(|f| {
                by_fold
                    .get(f)
                    .map(|ids| {
                        ids.iter()
                            .filter_map(|&id| {
                                let w = lm.vocab.word(id);
                                parse(w).is_some().then(|| (id, w.chars().collect()))
                            })
                            .take(24)
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        SpellingIndex {
            fold_chars: folds.iter().map(|f| f.chars().collect()).collect(),
            packed: folds
                .iter()
                .map(|f| pack(f.as_bytes()).unwrap_or(0))
                .collect(),
            folds,
            fold_forms,
            map,
            map1,
            rewrites,
        }
    }

    /// Spellings near the folded written word `key`, with their edit distance
    /// ([`REWRITTEN`] for those found after undoing learned damage), sorted by
    /// spelling. A key that could be a syllable as written is at most one edit
    /// from what was meant; a broken one may be two, or one after up to two
    /// learned rewrites are undone.
    pub fn near(&self, key: &str, work: &mut NearWork) -> Vec<(u32, u8)> {
        work.found.resize(self.folds.len(), u8::MAX);
        let syllable = is_syllable_modulo_marks(key);
        let max_d = if key.chars().count() <= 2 || syllable {
            1
        } else {
            2
        };
        let mut out: Vec<(u32, u8)> = Vec::new();
        let pattern = Pattern::new(key);
        // Two spellings within d edits share a spelling with at most d letters
        // deleted from each.
        let map = if max_d == 1 { &self.map1 } else { &self.map };
        for variant in packed_deletions(key, max_d) {
            for &f in map.get(&variant).map_or(&[][..], Vec::as_slice) {
                if work.found[f as usize] != u8::MAX {
                    continue;
                }
                let d = pattern.distance_packed(self.packed[f as usize]);
                work.touched.push(f);
                if d <= max_d {
                    work.found[f as usize] = d as u8;
                    out.push((f, d as u8));
                } else {
                    // Measured: not to be measured again for this key.
                    work.found[f as usize] = u8::MAX - 1;
                }
            }
        }
        if !syllable {
            let mut variants = undo_rewrites(key, &self.rewrites, 2, 48);
            variants.extend(stand_ins_read_as_letters(key));
            for variant in variants {
                let pattern = Pattern::new(&variant);
                for v in packed_deletions(&variant, 1) {
                    for &f in self.map1.get(&v).map_or(&[][..], Vec::as_slice) {
                        let seen = work.found[f as usize];
                        if seen < u8::MAX - 1 {
                            continue; // already found
                        }
                        if pattern.distance_packed(self.packed[f as usize]) <= 1 {
                            work.touched.push(f);
                            work.found[f as usize] = REWRITTEN;
                            out.push((f, REWRITTEN));
                        }
                    }
                }
            }
        }
        for f in work.touched.drain(..) {
            work.found[f as usize] = u8::MAX;
        }
        out.sort_unstable();
        out
    }
}

/// The spellings made by reading each OCR symbol of `key` ("¢", "@", "[",
/// [`is_ocr_symbol`]), alone or with the character after it, as a letter, any
/// letter: the symbol says a letter with marks was there, not which ("¢6" is
/// "ó" as often as "¢" is "ệ"). At most two symbols.
fn stand_ins_read_as_letters(key: &str) -> Vec<String> {
    let symbols = key.chars().filter(|&c| is_ocr_symbol(c)).count();
    if symbols == 0 || symbols > 2 {
        return Vec::new();
    }
    let mut out = vec![key.to_string()];
    for _ in 0..symbols {
        out = out
            .iter()
            .flat_map(|w| {
                let Some((at, c)) = w.char_indices().find(|&(_, c)| is_ocr_symbol(c)) else {
                    return Vec::new();
                };
                let after = at + c.len_utf8();
                let with_next = w[after..].chars().next().map(|n| after + n.len_utf8());
                let mut v = Vec::new();
                for end in std::iter::once(after).chain(with_next) {
                    for l in b'a'..=b'z' {
                        v.push(format!("{}{}{}", &w[..at], l as char, &w[end..]));
                    }
                }
                v
            })
            .collect();
    }
    out.sort();
    out.dedup();
    out
}
