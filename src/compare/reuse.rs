//! Text reuse: the share of each plan's sentences found near-verbatim in another
//! plan, and in its parent: how much was copied from the template above.
//!
//! Sentences come from the plan objects' sections and items ([`super::text::sentences`]),
//! so JSON Lines inputs measure the same as text files. Identical folded sentences
//! are one entry (exact hashing); near-verbatim ones are found with MinHash over
//! word 3-shingles and locality-sensitive hashing (8 bands of 4 of 32 hashes), and
//! each candidate is confirmed by word-level Levenshtein similarity (strsim) of at
//! least [`THRESHOLD`]. Confirmed sentences form clusters (transitively), and a
//! sentence counts as reused when its cluster holds another plan. The work grows
//! with the number of distinct sentences, not with the square of the plans.

use std::collections::{HashMap, HashSet};

use super::text::{hash, sentences, similarity_at_least, Words};
use super::{round3, Doc, PlanReuse, Reuse, ReuseSource};
use crate::compare::hierarchy::Linked;

/// Word-level similarity from which two sentences are near-verbatim.
pub const THRESHOLD: f64 = 0.8;

const HASHES: usize = 32;
const ROWS: usize = 4;
const SOURCES: usize = 3;

/// The reuse measured, with what the pairing needs.
pub(crate) struct Measured {
    /// The wire object.
    pub wire: Reuse,
    /// Document ids by docs index.
    pub ids: Vec<String>,
    /// For each document, the sentences of its peer-group fellows found in it.
    received: Vec<usize>,
}

impl Measured {
    /// Sentences of the other members of `m`'s peer group found in `m`.
    pub fn received(&self, m: usize) -> usize {
        self.received.get(m).copied().unwrap_or(0)
    }
}

/// Union–find over distinct sentences.
struct Clusters {
    parent: Vec<u32>,
}

impl Clusters {
    fn new(n: usize) -> Clusters {
        Clusters {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let up = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = up;
            x = up;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller id is the root: the result does not depend on order.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi as usize] = lo;
        }
    }
}

fn mix(mut x: u64) -> u64 {
    // splitmix64 finalizer
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn signature(words: &[String]) -> [u64; HASHES] {
    let hashed: Vec<u64> = words.iter().map(|w| hash(w.as_bytes())).collect();
    let mut sig = [u64::MAX; HASHES];
    for w in hashed.windows(3) {
        let shingle = mix(w[0] ^ mix(w[1] ^ mix(w[2])));
        for (k, slot) in sig.iter_mut().enumerate() {
            let h = mix(shingle ^ (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            *slot = (*slot).min(h);
        }
    }
    sig
}

/// Measures reuse over the documents; `linked` gives parents and peer groups.
pub(crate) fn measure(docs: &[Doc<'_>], linked: &Linked) -> Measured {
    let n = docs.len();
    // Distinct sentences and, per plan, the distinct id of each of its sentences.
    let mut ids_of: HashMap<Vec<String>, u32> = HashMap::new();
    let mut distinct: Vec<Vec<String>> = Vec::new();
    let mut per_plan: Vec<Vec<u32>> = Vec::with_capacity(n);
    for d in docs {
        let mut list = Vec::new();
        for s in sentences(d.plan) {
            let id = match ids_of.get(&s) {
                Some(&id) => id,
                None => {
                    let id = distinct.len() as u32;
                    ids_of.insert(s.clone(), id);
                    distinct.push(s);
                    id
                }
            };
            list.push(id);
        }
        per_plan.push(list);
    }
    drop(ids_of);
    let clusters = cluster(&distinct);
    // The plans of each cluster.
    let mut plans_of: Vec<Vec<u32>> = vec![Vec::new(); distinct.len()];
    for (p, list) in per_plan.iter().enumerate() {
        for &u in list {
            plans_of[clusters[u as usize] as usize].push(p as u32);
        }
    }
    for v in &mut plans_of {
        v.sort_unstable();
        v.dedup();
    }
    let group_of = group_index(docs, linked);
    let mut received = vec![0usize; n];
    let mut plans = Vec::with_capacity(n);
    let mut counts = vec![0usize; n];
    for (p, list) in per_plan.iter().enumerate() {
        counts.iter_mut().for_each(|c| *c = 0);
        let mut reused = 0;
        for &u in list {
            let others = &plans_of[clusters[u as usize] as usize];
            if others.iter().any(|&q| q as usize != p) {
                reused += 1;
            }
            for &q in others {
                if q as usize != p {
                    counts[q as usize] += 1;
                }
            }
        }
        for (q, &c) in counts.iter().enumerate() {
            if q != p && group_of[p].is_some() && group_of[p] == group_of[q] {
                received[q] += c;
            }
        }
        let total = list.len();
        let source = |q: usize| ReuseSource {
            document: docs[q].id.clone(),
            sentences: counts[q],
            share: share(counts[q], total),
        };
        let mut order: Vec<usize> = (0..n).filter(|&q| q != p && counts[q] > 0).collect();
        order.sort_by_key(|&q| (std::cmp::Reverse(counts[q]), q));
        plans.push(PlanReuse {
            document: docs[p].id.clone(),
            sentences: total,
            reused,
            share: share(reused, total),
            from_parent: linked.parent_of[p].map(source),
            sources: order.into_iter().take(SOURCES).map(source).collect(),
        });
    }
    Measured {
        wire: Reuse {
            method: format!(
                "sentences of {}+ accent-folded words; identical ones hashed, near-verbatim ones found by MinHash LSH over word 3-shingles ({HASHES} hashes, bands of {ROWS}) and confirmed by word-level Levenshtein similarity (strsim) ≥ {THRESHOLD}, clustered transitively",
                super::text::MIN_SENTENCE_WORDS
            ),
            threshold: THRESHOLD,
            plans,
        },
        ids: docs.iter().map(|d| d.id.clone()).collect(),
        received,
    }
}

fn share(part: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        round3(part as f64 / total as f64)
    }
}

/// For each document, the index of its peer group, if any.
fn group_index(docs: &[Doc<'_>], linked: &Linked) -> Vec<Option<usize>> {
    let mut out = vec![None; docs.len()];
    for (g, group) in linked.hierarchy.peer_groups.iter().enumerate() {
        for m in &group.members {
            if let Some(i) = docs.iter().position(|d| &d.id == m) {
                out[i] = Some(g);
            }
        }
    }
    out
}

/// The cluster root of every distinct sentence.
fn cluster(distinct: &[Vec<String>]) -> Vec<u32> {
    let words: Vec<Words> = distinct.iter().map(|s| Words::from_folded(s)).collect();
    let sigs: Vec<[u64; HASHES]> = distinct.iter().map(|s| signature(s)).collect();
    let mut clusters = Clusters::new(distinct.len());
    let mut buckets: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut rejected: HashSet<(u32, u32)> = HashSet::new();
    for u in 0..distinct.len() as u32 {
        for band in 0..HASHES / ROWS {
            let rows = &sigs[u as usize][band * ROWS..(band + 1) * ROWS];
            let mut key = mix(band as u64 + 1);
            for &r in rows {
                key = mix(key ^ r);
            }
            let bucket = buckets.entry(key).or_default();
            for &v in bucket.iter() {
                if clusters.find(u) == clusters.find(v) || rejected.contains(&(v, u)) {
                    continue;
                }
                if similarity_at_least(&words[u as usize], &words[v as usize], THRESHOLD).is_some()
                {
                    clusters.union(u, v);
                } else {
                    rejected.insert((v, u));
                }
            }
            bucket.push(u);
        }
    }
    (0..distinct.len() as u32)
        .map(|u| clusters.find(u))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::text::folded_words;

    #[test]
    fn near_verbatim_sentences_cluster_and_others_do_not() {
        let s = [
            "Phát huy sức mạnh của cả hệ thống chính trị trong việc tuyên truyền nâng cao nhận thức của các tầng lớp Nhân dân về vai trò của khuyến học",
            "Phát huy sức mạnh của cả hệ thống chính trị trong việc tuyên truyền, nâng cao nhận thức của các tầng lớp nhân dân về vai trò của khuyến học, khuyến tài",
            "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán chi thường xuyên hằng năm theo phân cấp ngân sách hiện hành",
        ];
        let distinct: Vec<Vec<String>> = s.iter().map(|t| folded_words(t)).collect();
        let roots = cluster(&distinct);
        assert_eq!(roots, [0, 0, 2]);
    }
}
