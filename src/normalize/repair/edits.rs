//! Spellings a few letter edits away from a written word: deletion keys for a
//! symmetric-deletion index, learned rewrites undone, and edit distance (plain,
//! and bit-parallel against one pattern for the many comparisons of a lookup).
//!
//! Takes folded spellings (lowercase, marks removed), gives spellings, keys and
//! distances. No offsets; nothing lossy.

/// The strings made by undoing up to `depth` learned rewrites (observed piece →
/// intended letter) at different places of `key`, at most `cap` of them, the
/// key itself excluded.
pub(super) fn undo_rewrites(
    key: &str,
    rules: &[(String, String)],
    depth: usize,
    cap: usize,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if cap == 0 {
        return out;
    }
    let mut frontier = vec![key.to_string()];
    let mut next: Vec<String> = Vec::new();
    for _ in 0..depth {
        next.clear();
        for w in &frontier {
            let b = w.as_bytes();
            let mut has = [false; 256];
            for &c in b {
                has[c as usize] = true;
            }
            for (from, to) in rules {
                let from_b = from.as_bytes();
                // Most rules are ruled out by their first byte.
                if !from_b.first().is_some_and(|&c| has[c as usize]) {
                    continue;
                }
                // Non-overlapping matches, left to right (a match of valid
                // UTF-8 starts on a character boundary).
                let mut at = 0;
                while at + from_b.len() <= b.len() {
                    if &b[at..at + from_b.len()] != from_b {
                        at += 1;
                        continue;
                    }
                    let mut v = String::with_capacity(w.len() + to.len());
                    v.push_str(&w[..at]);
                    v.push_str(to);
                    v.push_str(&w[at + from_b.len()..]);
                    if v != key && !out.contains(&v) && !next.contains(&v) {
                        next.push(v);
                        if out.len() + next.len() >= cap {
                            out.append(&mut next);
                            return out;
                        }
                    }
                    at += from_b.len();
                }
            }
        }
        out.extend(next.iter().cloned());
        std::mem::swap(&mut frontier, &mut next);
    }
    out
}

/// Up to 8 ASCII bytes as one number (none for longer or empty strings).
pub(super) fn pack(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 8 || !s.is_ascii() {
        return None;
    }
    let mut b = [0u8; 8];
    b[..s.len()].copy_from_slice(s);
    Some(u64::from_le_bytes(b))
}

/// [`deletions`], packed; variants that cannot be a spelling are left out.
pub(super) fn packed_deletions(s: &str, d: usize) -> Vec<u64> {
    let mut out = Vec::new();
    if s.is_ascii() && s.len() <= 10 {
        fn go(b: &[u8], d: usize, out: &mut Vec<u64>) {
            if let Some(k) = pack(b) {
                out.push(k);
            }
            if d == 0 || b.len() <= 1 {
                return;
            }
            let mut buf = [0u8; 10];
            for i in 0..b.len() {
                buf[..i].copy_from_slice(&b[..i]);
                buf[i..b.len() - 1].copy_from_slice(&b[i + 1..]);
                go(&buf[..b.len() - 1], d - 1, out);
            }
        }
        go(s.as_bytes(), d, &mut out);
    } else {
        out.extend(deletions(s, d).iter().filter_map(|v| pack(v.as_bytes())));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// All strings made by deleting up to `d` characters (never the empty string).
fn deletions(s: &str, d: usize) -> Vec<String> {
    let mut out = vec![s.to_string()];
    let mut frontier = vec![s.to_string()];
    for _ in 0..d {
        let mut next = Vec::new();
        for w in &frontier {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() <= 1 {
                continue;
            }
            for i in 0..chars.len() {
                let v: String = chars
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, c)| c)
                    .collect();
                next.push(v);
            }
        }
        next.sort();
        next.dedup();
        out.extend(next.iter().cloned());
        frontier = next;
    }
    out.sort();
    out.dedup();
    out
}

fn edit_distance(a: &str, b: &str) -> usize {
    if a.is_ascii() && b.is_ascii() {
        return edit_distance_of(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance_of(&a, &b)
}

/// Levenshtein distance; short words (the usual case) without allocating. For
/// words over 32 letters whose lengths differ by more than 2, the length
/// difference (a lower bound, enough to reject them).
fn edit_distance_of<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    if a.len().abs_diff(b.len()) > 2 && (a.len() > 32 || b.len() > 32) {
        return a.len().abs_diff(b.len());
    }
    let mut prev_buf = [0usize; 33];
    let mut cur_buf = [0usize; 33];
    let mut prev_vec;
    let mut cur_vec;
    let (prev, cur): (&mut [usize], &mut [usize]) = if b.len() < 33 {
        (&mut prev_buf[..=b.len()], &mut cur_buf[..=b.len()])
    } else {
        prev_vec = vec![0; b.len() + 1];
        cur_vec = vec![0; b.len() + 1];
        (&mut prev_vec[..], &mut cur_vec[..])
    };
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j;
    }
    let (mut prev, mut cur) = (prev, cur);
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A pattern to measure many spellings against: Myers' bit-parallel edit
/// distance (Hyyrö's formulation), one machine word per comparison. For ASCII
/// patterns of at most 64 bytes; others fall back to [`edit_distance`].
pub(super) struct Pattern<'a> {
    text: &'a str,
    /// Per ASCII byte: the positions of the pattern that hold it.
    peq: Option<[u64; 128]>,
}

impl<'a> Pattern<'a> {
    pub(super) fn new(text: &'a str) -> Pattern<'a> {
        let b = text.as_bytes();
        let peq = (text.is_ascii() && !b.is_empty() && b.len() <= 64).then(|| {
            let mut peq = [0u64; 128];
            for (i, &c) in b.iter().enumerate() {
                peq[c as usize] |= 1 << i;
            }
            peq
        });
        Pattern { text, peq }
    }

    /// The edit distance between the pattern and a spelling packed by [`pack`].
    pub(super) fn distance_packed(&self, other: u64) -> usize {
        let bytes = other.to_le_bytes();
        let len = 8 - other.leading_zeros() as usize / 8;
        match &self.peq {
            Some(peq) if bytes.is_ascii() => self.myers(peq, &bytes[..len]),
            _ => std::str::from_utf8(&bytes[..len]).map_or(usize::MAX, |s| self.distance(s)),
        }
    }

    /// The edit distance between the pattern and `other`.
    pub(super) fn distance(&self, other: &str) -> usize {
        match &self.peq {
            Some(peq) if other.is_ascii() => self.myers(peq, other.as_bytes()),
            _ => edit_distance(self.text, other),
        }
    }

    /// Myers' recurrence over the ASCII bytes of `other`.
    fn myers(&self, peq: &[u64; 128], other: &[u8]) -> usize {
        let m = self.text.len();
        let last = 1u64 << (m - 1);
        let mut pv = if m == 64 { u64::MAX } else { (1u64 << m) - 1 };
        let mut mv = 0u64;
        let mut score = m;
        for &c in other {
            let eq = peq[(c & 0x7f) as usize];
            let xv = eq | mv;
            let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & last != 0 {
                score += 1;
            } else if mh & last != 0 {
                score -= 1;
            }
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn deletion_keys_and_distances() {
        assert_eq!(edit_distance("nudc", "nuoc"), 1);
        let d = deletions("abc", 2);
        assert!(d.contains(&"a".to_string()) && d.contains(&"abc".to_string()));
        assert!(!d.contains(&String::new()));
        let p = packed_deletions("abc", 2);
        assert_eq!(p.len(), d.len());
        assert!(p.contains(&pack(b"ac").unwrap()));
        assert_eq!(packed_deletions("nhi€em", 1), vec![pack(b"nhiem").unwrap()]);
        assert!(pack(b"").is_none() && pack(b"abcdefghi").is_none());
    }

    #[test]
    fn the_pattern_measures_as_the_plain_distance() {
        let p = Pattern::new("chirc");
        assert_eq!(p.distance("chuc"), 2);
        assert_eq!(p.distance("chirc"), 0);
        assert_eq!(p.distance(""), 5);
        assert_eq!(Pattern::new("").distance("abc"), 3);
        assert_eq!(Pattern::new("ng€").distance("ngo"), 1);
        assert_eq!(p.distance_packed(pack(b"chuc").unwrap()), 2);
        let long = "a".repeat(70);
        assert_eq!(Pattern::new(&long).distance("a"), 69);
    }

    proptest! {
        #[test]
        fn pattern_distance_is_edit_distance(a in "[a-e]{0,12}", b in "[a-eạ]{0,12}") {
            prop_assert_eq!(Pattern::new(&a).distance(&b), edit_distance(&a, &b));
            prop_assert_eq!(Pattern::new(&b).distance(&a), edit_distance(&b, &a));
        }
    }
}
