//! Accent-folded search keys that keep their way back: [`Folded`] is the lowercase,
//! mark-free key of a piece of normalized text (see [`crate::syllable::fold`]) with a
//! byte map from the key to the text, so a match found on the key ("ke hoach so")
//! becomes a range of the normalized text and then a source span.
//!
//! Shared by the extractors; keys never reach the output.

use std::ops::Range;

use crate::syllable::fold_each;

/// A folded key of a text with its map back to the text.
#[derive(Clone, Debug)]
pub struct Folded {
    /// Lowercase, accent-folded key.
    pub key: String,
    /// For each byte of `key` (and one past the end), the byte of the text it came from.
    map: Vec<usize>,
}

impl Folded {
    /// Folds `text`.
    pub fn new(text: &str) -> Folded {
        let mut key = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() + 1);
        fold_each(text, |at, f| {
            key.push(f);
            if f.is_ascii() {
                map.push(at);
            } else {
                map.extend(std::iter::repeat_n(at, f.len_utf8()));
            }
        });
        map.push(text.len());
        Folded { key, map }
    }

    /// The byte of the text where key byte `k` came from (`k` up to the key's length).
    pub fn orig(&self, k: usize) -> usize {
        self.map
            .get(k)
            .copied()
            .unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }

    /// A key range as a range of the text.
    pub fn orig_range(&self, r: Range<usize>) -> Range<usize> {
        self.orig(r.start)..self.orig(r.end)
    }

    /// The first key byte that comes from text byte `o` or later.
    pub fn key_at(&self, o: usize) -> usize {
        self.map.partition_point(|&m| m < o).min(self.key.len())
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::super::Context;
    use crate::normalize::normalize;
    use crate::segment::segment;

    /// The text of every `.txt` plan in `corpus/`, in name order: real text to
    /// compare fast paths with plain ones on (no file is named; a plan added to
    /// the corpus is read too).
    pub fn corpus_texts() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("corpus/ is readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("corpus plans are UTF-8"))
            .collect()
    }

    /// Runs `f` over the context of a source text.
    pub fn with_ctx<R>(src: &str, f: impl FnOnce(&Context<'_>) -> R) -> R {
        let norm = normalize(src, true);
        let layout = segment(&norm);
        f(&Context {
            source: src,
            norm: &norm,
            layout: &layout,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_of_odd_text() {
        for t in ["", "İ", "ǅ", "a\u{301}", "\u{300}", "ﬁ", "Ⅻ", "ß"] {
            let f = Folded::new(t);
            assert_eq!(f.orig(f.key.len()), t.len());
            assert!(f.key_at(t.len()) <= f.key.len());
            for k in 0..=f.key.len() {
                assert!(f.orig(k) <= t.len());
            }
        }
    }

    #[test]
    fn extractors_survive_every_prefix() {
        let plan = "KẾ HOẠCH\nThi đua\nCăn cứ các Kế hoạch của UBND tỉnh: số 1/KH-UBND ngày 2/3/2024; số /KH-\nI. TIÊU CHÍ VÀ KHEN THƯỞNG\n1. Tiêu chí thi đua\na) Đối với cấp xã:\n- Được công nhận “Cộng đồng học tập\n2. Khen thưởng sơ kết (năm 2025) và tổng kết giai đoạn 2023 -\n- Hình thức khen thưởng: Bằng khen;\nII. TIẾN ĐỘ\n1. Giai đoạn 1 (từ 2023 -\nIII. KINH PHÍ\nNgân sách nhà nước\nIV. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế: Chủ trì, phối hợp với Sở Nội vụ và các sở, ngành báo cáo trước ngày 15/12/2026 về Sở Tư pháp.\n2. UBND tỉnh yêu cầu các sở triển khai xong trong Quý II/2026.\n";
        let cut: Vec<usize> = plan
            .char_indices()
            .map(|(i, _)| i)
            .chain([plan.len()])
            .collect();
        for &end in &cut {
            testing::with_ctx(&plan[..end], |ctx| {
                let document = super::super::metadata::document(ctx);
                let _ = super::super::references::extract(ctx, &document);
                let _ = super::super::phases::extract(ctx);
                let _ = super::super::funding::extract(ctx);
                let _ = super::super::awards::extract(ctx);
                let _ = super::super::criteria::extract(ctx);
                let a = super::super::tasks::assignments(ctx, Some("2026-02-20"));
                let _ = super::super::agencies::from_assignments(&a, None);
                let _ = super::super::deadlines::extract(ctx, &a.tasks, None);
            });
        }
    }

    #[test]
    fn maps_key_back_to_text() {
        let t = "Căn cứ Kế hoạch số 12";
        let f = Folded::new(t);
        assert_eq!(f.key, "can cu ke hoach so 12");
        let k = f.key.find("ke hoach").unwrap();
        let r = f.orig_range(k..k + "ke hoach".len());
        assert_eq!(&t[r], "Kế hoạch");
        assert_eq!(f.key_at(t.find("Kế").unwrap()), k);
        assert_eq!(f.orig(f.key.len()), t.len());
    }
}
