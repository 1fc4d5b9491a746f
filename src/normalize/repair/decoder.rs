//! Beam search over one sentence: each position offers a few candidate words
//! with their channel log-probabilities; the search picks the sequence that
//! maximizes language model plus channel, then scores each choice against its
//! alternatives with both neighbours fixed, which gives the confidence.
//!
//! Takes [`Slot`]s (one per word or comma of a sentence), gives one [`Choice`] per
//! slot. Knows no offsets and no text: the caller maps choices back to words.

use super::model::{LanguageModel, BOS, EOS};

/// One candidate word for a position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cand {
    /// Language-model id.
    pub id: u32,
    /// Log P(observed | this word), already weighted.
    pub chan: f32,
}

/// The candidates of one position (never empty: a fixed word has one).
#[derive(Clone, Debug, Default)]
pub struct Slot {
    /// Candidates, best channel first.
    pub cands: Vec<Cand>,
}

/// What the search chose for a slot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Choice {
    /// Index into the slot's candidates.
    pub index: usize,
    /// Posterior of the chosen candidate among the slot's candidates, 0..=1.
    pub confidence: f32,
}

#[derive(Clone, Copy)]
struct State {
    u: u32,
    v: u32,
    score: f32,
    back: u32,
    cand: u16,
}

/// Decodes one sentence.
pub fn decode(lm: &LanguageModel, slots: &[Slot], beam: usize, lm_weight: f32) -> Vec<Choice> {
    if slots.is_empty() {
        return Vec::new();
    }
    let beam = beam.max(1);
    let mut layers: Vec<Vec<State>> = Vec::with_capacity(slots.len() + 1);
    layers.push(vec![State {
        u: BOS,
        v: BOS,
        score: 0.0,
        back: 0,
        cand: 0,
    }]);
    let mut next: Vec<State> = Vec::new();
    for slot in slots {
        let prev = layers.last().map_or(&[][..], |l| l.as_slice());
        next.clear();
        for (pi, s) in prev.iter().enumerate() {
            for (ci, c) in slot.cands.iter().enumerate() {
                let score = s.score + lm_weight * lm.logp(s.u, s.v, c.id) + c.chan;
                next.push(State {
                    u: s.v,
                    v: c.id,
                    score,
                    back: pi as u32,
                    cand: ci as u16,
                });
            }
        }
        // Recombine states with the same two-word history, then keep the best.
        next.sort_unstable_by(|a, b| {
            (a.u, a.v)
                .cmp(&(b.u, b.v))
                .then(b.score.total_cmp(&a.score))
                .then(a.back.cmp(&b.back))
                .then(a.cand.cmp(&b.cand))
        });
        next.dedup_by(|b, a| a.u == b.u && a.v == b.v);
        next.sort_unstable_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.back.cmp(&b.back))
                .then(a.cand.cmp(&b.cand))
        });
        next.truncate(beam);
        if next.is_empty() {
            // A slot without candidates: cannot happen, but never panic.
            next.push(State {
                u: BOS,
                v: BOS,
                score: 0.0,
                back: 0,
                cand: 0,
            });
        }
        layers.push(next.clone());
    }
    // Close the sentence.
    let last = layers.last().map_or(&[][..], |l| l.as_slice());
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (i, s) in last.iter().enumerate() {
        let sc = s.score + lm_weight * lm.logp(s.u, s.v, EOS);
        if sc > best_score {
            best_score = sc;
            best = i;
        }
    }
    let mut picked = vec![0usize; slots.len()];
    let mut at = best;
    for pos in (0..slots.len()).rev() {
        let s = layers[pos + 1][at];
        picked[pos] = s.cand as usize;
        at = s.back as usize;
    }
    // Confidence: each slot's candidates with the chosen neighbours fixed.
    let ids: Vec<u32> = slots
        .iter()
        .zip(&picked)
        .map(|(s, &i)| s.cands.get(i).map_or(EOS, |c| c.id))
        .collect();
    let at_or = |i: isize| -> u32 {
        if i < 0 {
            BOS
        } else {
            ids.get(i as usize).copied().unwrap_or(EOS)
        }
    };
    let mut out = Vec::with_capacity(slots.len());
    let mut scores: Vec<f32> = Vec::new();
    for (pos, slot) in slots.iter().enumerate() {
        if slot.cands.len() <= 1 {
            out.push(Choice {
                index: 0,
                confidence: 1.0,
            });
            continue;
        }
        let p = pos as isize;
        let (a, b) = (at_or(p - 2), at_or(p - 1));
        let (c, d) = (at_or(p + 1), at_or(p + 2));
        let n = slots.len() as isize;
        scores.clear();
        for cand in &slot.cands {
            let w = cand.id;
            let mut s = lm.logp(a, b, w);
            if p < n {
                s += lm.logp(b, w, c);
            }
            if p + 1 < n {
                s += lm.logp(w, c, d);
            }
            scores.push(lm_weight * s + cand.chan);
        }
        let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let total: f32 = scores.iter().map(|s| (s - max).exp()).sum();
        let chosen = picked[pos];
        let conf = (scores[chosen] - max).exp() / total.max(1e-30);
        out.push(Choice {
            index: chosen,
            confidence: conf.clamp(0.0, 1.0),
        });
    }
    out
}

/// Posterior of candidate `index` in a slot with the chosen neighbours fixed
/// (used to decide whether a word kept as written was likely right).
pub fn posterior_of(
    lm: &LanguageModel,
    slots: &[Slot],
    choices: &[Choice],
    pos: usize,
    index: usize,
    lm_weight: f32,
) -> f32 {
    let Some(slot) = slots.get(pos) else {
        return 0.0;
    };
    if index >= slot.cands.len() {
        return 0.0;
    }
    let id_at = |i: isize| -> u32 {
        if i < 0 {
            BOS
        } else {
            let i = i as usize;
            match (slots.get(i), choices.get(i)) {
                (Some(s), Some(c)) => s.cands.get(c.index).map_or(EOS, |c| c.id),
                _ => EOS,
            }
        }
    };
    let p = pos as isize;
    let (a, b, c, d) = (id_at(p - 2), id_at(p - 1), id_at(p + 1), id_at(p + 2));
    let n = slots.len() as isize;
    let score = |w: u32, chan: f32| {
        let mut s = lm.logp(a, b, w);
        s += lm.logp(b, w, c);
        if p + 1 < n {
            s += lm.logp(w, c, d);
        }
        lm_weight * s + chan
    };
    let scores: Vec<f32> = slot.cands.iter().map(|c| score(c.id, c.chan)).collect();
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let total: f32 = scores.iter().map(|s| (s - max).exp()).sum();
    ((scores[index] - max).exp() / total.max(1e-30)).clamp(0.0, 1.0)
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
            cands: ws
                .iter()
                .map(|w| Cand {
                    id: id(w),
                    chan: 0.0,
                })
                .collect(),
        };
        let slots = vec![
            slot(&["xây"]),
            slot(&["dựng"]),
            slot(&["xa", "xã"]),
            slot(&["hội"]),
            slot(&["học"]),
            slot(&["tập"]),
        ];
        let out = decode(&m, &slots, 8, 1.0);
        assert_eq!(out[2].index, 1);
        assert!(out[2].confidence > 0.5);
        assert_eq!(out[0].confidence, 1.0);
        let p = posterior_of(&m, &slots, &out, 2, 0, 1.0);
        assert!(p < 0.5);
    }

    #[test]
    fn empty_and_single_slots() {
        let m = lm();
        assert!(decode(&m, &[], 4, 1.0).is_empty());
        let one = vec![Slot {
            cands: vec![Cand { id: 2, chan: 0.0 }],
        }];
        assert_eq!(decode(&m, &one, 0, 1.0).len(), 1);
    }
}
