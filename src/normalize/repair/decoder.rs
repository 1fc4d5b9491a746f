//! Beam search over one sentence: each position offers a few candidate words
//! with their channel log-probabilities; the search picks the sequence that
//! maximizes language model plus channel, then scores each choice against its
//! alternatives with both neighbours fixed, which gives the confidence.
//!
//! Takes [`Slot`]s (one per word or comma of a sentence), gives one [`Choice`] per
//! slot. Knows no offsets and no text: the caller maps choices back to words.

use std::rc::Rc;

use super::model::{BigramMemo, LanguageModel, Step, BOS, EOS};

/// One candidate word for a position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cand {
    /// Language-model id.
    pub id: u32,
    /// Log P(observed | this word), already weighted.
    pub chan: f32,
    /// A second word, when the written word is two run together ("nangcao").
    pub second: Option<u32>,
}

impl Cand {
    /// One word.
    pub fn one(id: u32, chan: f32) -> Cand {
        Cand {
            id,
            chan,
            second: None,
        }
    }
}

/// The candidates of one position (never empty: a fixed word has one).
#[derive(Clone, Debug)]
pub struct Slot {
    /// Candidates, best channel first (shared between the occurrences of a word).
    pub cands: Rc<[Cand]>,
}

/// What the search chose for a slot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Choice {
    /// Index into the slot's candidates.
    pub index: usize,
    /// Posterior of the chosen candidate among the slot's candidates, 0..=1
    /// (1 when the choice keeps the word as written: it is not computed then).
    pub confidence: f32,
    /// Posterior of the candidate that keeps the word as written (0 without one).
    pub keep_posterior: f32,
}

/// States scoring this much (natural log) below the best at a position are dropped.
const PRUNE_GAP: f32 = 10.0;

#[derive(Clone, Copy)]
struct State {
    u: u32,
    v: u32,
    score: f32,
    back: u32,
    cand: u16,
}

/// Decodes one sentence. `keep[i]` is the candidate of slot `i` that writes the
/// word as it is, if any (for [`Choice::keep_posterior`]).
pub fn decode(
    lm: &LanguageModel,
    slots: &[Slot],
    keep: &[Option<usize>],
    beam: usize,
    lm_weight: f32,
) -> Vec<Choice> {
    decode_in(lm, slots, keep, beam, lm_weight, &mut Workspace::default())
}

/// Buffers of the search, kept between sentences to spare allocations.
#[derive(Default)]
pub struct Workspace {
    states: Vec<State>,
    starts: Vec<usize>,
    groups: Vec<u32>,
    group_of: Vec<usize>,
    p2: Vec<Step>,
    best: Vec<(f32, u32)>,
    order: Vec<u32>,
    lps: Vec<f32>,
    lp_at: Vec<usize>,
    layer_from: Vec<usize>,
    picked: Vec<usize>,
    came_from: Vec<usize>,
    flat: Vec<u32>,
    first: Vec<usize>,
    scores: Vec<f32>,
    bigrams: BigramMemo,
}

/// [`decode`] with reusable buffers.
pub fn decode_in(
    lm: &LanguageModel,
    slots: &[Slot],
    keep: &[Option<usize>],
    beam: usize,
    lm_weight: f32,
    ws: &mut Workspace,
) -> Vec<Choice> {
    if slots.is_empty() {
        return Vec::new();
    }
    let beam = beam.max(1);
    // All layers in one vector: layer i is states[starts[i]..starts[i + 1]].
    let Workspace {
        states,
        starts,
        groups,
        group_of,
        p2,
        best,
        order,
        lps,
        lp_at,
        layer_from,
        picked,
        came_from,
        flat,
        first,
        scores,
        bigrams,
    } = ws;
    bigrams.attach(lm);
    for v in [
        &mut *starts,
        &mut *group_of,
        &mut *lp_at,
        &mut *layer_from,
        &mut *picked,
        &mut *came_from,
        &mut *first,
    ] {
        v.clear();
    }
    states.clear();
    lps.clear();
    flat.clear();
    starts.push(0);
    states.push(State {
        u: BOS,
        v: BOS,
        score: 0.0,
        back: 0,
        cand: 0,
    });
    // Every transition's log-probability, kept for the confidence: slot `pos`
    // from state `from[pos] + i` with candidate `c` is at lp_at[pos] + i * k + c.
    for slot in slots {
        let from = *starts.last().unwrap_or(&0);
        let to = states.len();
        let k = slot.cands.len().max(1);
        lp_at.push(lps.len());
        layer_from.push(from);
        // States sharing their last word share the bigram probabilities.
        groups.clear();
        group_of.clear();
        for s in &states[from..to] {
            let g = match groups.iter().position(|&v| v == s.v) {
                Some(g) => g,
                None => {
                    groups.push(s.v);
                    groups.len() - 1
                }
            };
            group_of.push(g);
        }
        // The model's tables are larger than the caches: the bigrams, then the
        // trigrams, this layer looks up are prefetched, their misses together.
        for s in &states[from..to] {
            bigrams.prefetch(lm, s.u, s.v);
        }
        for &v in groups.iter() {
            for c in slot.cands.iter() {
                bigrams.prefetch(lm, v, c.id);
            }
        }
        p2.clear();
        for &v in groups.iter() {
            for c in slot.cands.iter() {
                p2.push(bigrams.step(lm, v, c.id));
            }
        }
        for (pi, s) in states[from..to].iter().enumerate() {
            let g = group_of[pi];
            for (ci, c) in slot.cands.iter().enumerate() {
                if p2[g * k + ci].may_follow(s.u) {
                    lm.prefetch_trigram(s.u, s.v, c.id);
                }
                if let Some(w2) = c.second {
                    bigrams.prefetch(lm, s.v, c.id);
                    bigrams.prefetch(lm, c.id, w2);
                }
            }
        }
        best.clear();
        best.resize(groups.len() * k, (f32::NEG_INFINITY, 0));
        for (pi, s) in states[from..to].iter().enumerate() {
            let g = group_of[pi];
            // The context's backoff weight, looked up when a trigram is unknown.
            let mut bo = None;
            for (ci, c) in slot.cands.iter().enumerate() {
                let step = p2[g * k + ci];
                let known = if step.may_follow(s.u) {
                    lm.trigram(s.u, s.v, c.id)
                } else {
                    None
                };
                let mut lp = match known {
                    Some(p) => p,
                    None => {
                        *bo.get_or_insert_with(|| bigrams.context_backoff(lm, s.u, s.v)) + step.logp
                    }
                };
                if let Some(w2) = c.second {
                    lp += bigrams.logp(lm, s.v, c.id, w2);
                }
                lps.push(lp);
                let score = s.score + lm_weight * lp + c.chan;
                let b = &mut best[g * k + ci];
                if score > b.0 {
                    *b = (score, (from + pi) as u32);
                }
            }
        }
        // The best `beam` (score, then index), in order: kept sorted as they
        // come, which for a beam of a few beats selecting among all.
        order.clear();
        let by_score = |a: u32, b: u32| {
            best[b as usize]
                .0
                .total_cmp(&best[a as usize].0)
                .then(a.cmp(&b))
        };
        for i in 0..best.len() as u32 {
            let score = best[i as usize].0;
            if score.is_nan() || score == f32::NEG_INFINITY {
                continue;
            }
            if order.len() == beam
                && order.last().is_some_and(|&l| {
                    let last = best[l as usize].0;
                    score < last || by_score(i, l) != std::cmp::Ordering::Less
                })
            {
                continue;
            }
            let at = order.partition_point(|&j| by_score(j, i) == std::cmp::Ordering::Less);
            order.insert(at, i);
            order.truncate(beam);
        }
        // Hypotheses far behind the best are not worth extending.
        if let Some(&top) = order.first() {
            let floor = best[top as usize].0 - PRUNE_GAP;
            order.retain(|&i| best[i as usize].0 >= floor);
        }
        starts.push(to);
        for &i in order.iter() {
            let (g, ci) = (i as usize / k, i as usize % k);
            let (score, back) = best[i as usize];
            let (u, v) = match slot.cands.get(ci) {
                Some(Cand {
                    id,
                    second: Some(w2),
                    ..
                }) => (*id, *w2),
                Some(c) => (groups[g], c.id),
                None => (groups[g], BOS),
            };
            states.push(State {
                u,
                v,
                score,
                back,
                cand: ci as u16,
            });
        }
        if states.len() == to {
            // A slot without candidates: cannot happen, but never panic.
            states.push(State {
                u: BOS,
                v: BOS,
                score: 0.0,
                back: from as u32,
                cand: 0,
            });
        }
    }
    // Close the sentence.
    let from = *starts.last().unwrap_or(&0);
    let mut at = from;
    let mut best_score = f32::NEG_INFINITY;
    for (i, s) in states.iter().enumerate().skip(from) {
        let sc = s.score + lm_weight * bigrams.logp(lm, s.u, s.v, EOS);
        if sc > best_score {
            best_score = sc;
            at = i;
        }
    }
    picked.resize(slots.len(), 0);
    came_from.resize(slots.len(), 0);
    for pos in (0..slots.len()).rev() {
        let s = states[at];
        picked[pos] = s.cand as usize;
        at = s.back as usize;
        came_from[pos] = at;
    }
    // Confidence: each slot's candidates with the chosen neighbours fixed. The
    // chosen words in one sequence (a pair gives two), and where each slot starts.
    for (slot, &i) in slots.iter().zip(picked.iter()) {
        first.push(flat.len());
        match slot.cands.get(i) {
            Some(c) => {
                flat.push(c.id);
                if let Some(w2) = c.second {
                    flat.push(w2);
                }
            }
            None => flat.push(EOS),
        }
    }
    first.push(flat.len());
    let at_or = |i: isize| -> u32 {
        if i < 0 {
            BOS
        } else {
            flat.get(i as usize).copied().unwrap_or(EOS)
        }
    };
    let n = flat.len() as isize;
    let mut out = Vec::with_capacity(slots.len());
    for (pos, slot) in slots.iter().enumerate() {
        let keep_at = keep.get(pos).copied().flatten();
        if keep_at == Some(picked[pos]) {
            // Kept as written: nothing to report.
            out.push(Choice {
                index: picked[pos],
                confidence: 1.0,
                keep_posterior: 1.0,
            });
            continue;
        }
        if slot.cands.len() <= 1 {
            out.push(Choice {
                index: 0,
                confidence: 1.0,
                keep_posterior: if keep_at == Some(0) { 1.0 } else { 0.0 },
            });
            continue;
        }
        let (lo, hi) = (first[pos] as isize, first[pos + 1] as isize);
        let (a, b) = (at_or(lo - 2), at_or(lo - 1));
        let (c, d) = (at_or(hi), at_or(hi + 1));
        scores.clear();
        let k = slot.cands.len();
        let row = lp_at[pos] + came_from[pos].saturating_sub(layer_from[pos]) * k;
        // Prefetch, as in the search: the bigrams, then the trigrams they do
        // not rule out.
        for pass in 0..2 {
            let mut prefetch = |u: u32, v: u32, w: u32| match pass {
                0 => {
                    bigrams.prefetch(lm, u, v);
                    bigrams.prefetch(lm, v, w);
                }
                _ => bigrams.prefetch_trigram_if_possible(lm, u, v, w),
            };
            for (ci, cand) in slot.cands.iter().enumerate() {
                let w = cand.id;
                if lps.get(row + ci).is_none() {
                    prefetch(a, b, w);
                    if let Some(w2) = cand.second {
                        prefetch(b, w, w2);
                    }
                }
                let last = match cand.second {
                    Some(w2) => {
                        prefetch(w, w2, c);
                        w2
                    }
                    None => {
                        prefetch(b, w, c);
                        w
                    }
                };
                if hi < n {
                    prefetch(last, c, d);
                }
            }
        }
        for (ci, cand) in slot.cands.iter().enumerate() {
            let w = cand.id;
            // The left context as the search scored it (pair term included).
            let known = lps.get(row + ci).copied();
            let mut s = match known {
                Some(lp) => lp,
                None => {
                    let mut lp = bigrams.logp(lm, a, b, w);
                    if let Some(w2) = cand.second {
                        lp += bigrams.logp(lm, b, w, w2);
                    }
                    lp
                }
            };
            let last = match cand.second {
                Some(w2) => {
                    s += bigrams.logp(lm, w, w2, c);
                    w2
                }
                None => {
                    s += bigrams.logp(lm, b, w, c);
                    w
                }
            };
            if hi < n {
                s += bigrams.logp(lm, last, c, d);
            }
            scores.push(lm_weight * s + cand.chan);
        }
        let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let total: f32 = scores
            .iter()
            .map(|s| (s - max).exp())
            .sum::<f32>()
            .max(1e-30);
        let post = |i: usize| ((scores[i] - max).exp() / total).clamp(0.0, 1.0);
        let chosen = picked[pos];
        out.push(Choice {
            index: chosen,
            confidence: post(chosen),
            keep_posterior: keep_at.filter(|&k| k < scores.len()).map_or(0.0, post),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::model::Counts;
    use super::*;

    fn lm() -> LanguageModel {
        let mut c = Counts::new();
        for s in [
            "xây dựng xã hội học tập",
            "xây dựng xã hội học tập suốt đời",
            "học tập suốt đời",
            "xã hội hóa giáo dục",
            "cả nước thi đua",
            "thi đua xây dựng",
        ] {
            let toks: Vec<&str> = s.split(' ').collect();
            c.add_sentence(&toks, 1);
        }
        // A distractor seen alone.
        c.add_sentence(&["xa", "lạ"], 1);
        c.build(1, &|_| true, 1, 1)
    }

    #[test]
    fn context_picks_the_marked_form() {
        let m = lm();
        let id = |w: &str| m.vocab.id(w).unwrap();
        let slot = |ws: &[&str]| Slot {
            cands: ws.iter().map(|w| Cand::one(id(w), 0.0)).collect(),
        };
        let slots = vec![
            slot(&["xây"]),
            slot(&["dựng"]),
            slot(&["xa", "xã"]),
            slot(&["hội"]),
            slot(&["học"]),
            slot(&["tập"]),
        ];
        let keep = vec![None, None, Some(0), None, None, None];
        let out = decode(&m, &slots, &keep, 8, 1.0);
        assert_eq!(out[2].index, 1);
        assert!(out[2].confidence > 0.5);
        assert!(out[2].keep_posterior < 0.5);
        assert_eq!(out[0].confidence, 1.0);
        // A narrow beam finds the same answer here.
        assert_eq!(decode(&m, &slots, &keep, 1, 1.0)[2].index, 1);
    }

    #[test]
    fn empty_and_single_slots() {
        let m = lm();
        assert!(decode(&m, &[], &[], 4, 1.0).is_empty());
        let one = vec![Slot {
            cands: Rc::from([Cand::one(2, 0.0)]),
        }];
        assert_eq!(decode(&m, &one, &[], 0, 1.0).len(), 1);
        let none = vec![Slot {
            cands: Rc::from([]),
        }];
        assert_eq!(decode(&m, &none, &[], 3, 1.0).len(), 1);
    }
}
