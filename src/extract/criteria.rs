//! Emulation criteria: every criterion under the "Tiêu chí thi đua" item of a
//! criteria section (TIÊU CHÍ), grouped by its "Đối với …" heading (lettered,
//! numbered or unlabeled), with the group's target mapped to the schema's enum
//! (`departments`, `front_unions`, `district`, `commune`, `village`, `household`,
//! `enterprise`, `individual`, `other`) and the titles of the learning movement the
//! criterion names in quotes (“Cộng đồng học tập”, “Đơn vị học tập”, “Gia đình học
//! tập”, “Dòng họ học tập”, “Công dân học tập”), canonical.
//!
//! Targets and titles are read on accent-folded words, tolerant of OCR ("Déi véi
//! cdp thi trin", “Pon vi hoc tap”). A group whose target cannot be told gives no
//! criteria: a wrong target is worse than none.

use std::sync::LazyLock;

use regex::Regex;

use super::Context;
use crate::fuzzy::similarity_at_least;
use crate::plan::Criterion;
use crate::segment::{Item, SectionKind};
use crate::syllable::fold;

/// A group heading: "Đối với …" or "Đối tượng khác" (OCR: "Déi véi", "Poi voi").
static GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[dp][eo0]i\s*(?:v[eo0]i|tuong)\b").unwrap());

/// Targets, with folded patterns; the pattern matched first in the heading wins.
const TARGETS: &[(&str, &str)] = &[
    ("other", r"doi tuong khac"),
    (
        "front_unions",
        r"mat tr[a-z]n|chinh tr[a-z]\s*-?\s*xa h[o0]i|hoi quan chung",
    ),
    (
        "district",
        r"c[a-z]p huy[a-z]n|(?:ubnd|uy ban nhan dan) (?:cac )?(?:huyen|quan|thi xa)|cac huyen",
    ),
    (
        "commune",
        r"c[a-z]p (?:xa|x4|phuong|thi tr[a-z]n)(?:$|[^a-z0-9]+(?:$|[^h\s]))|(?:ubnd|uy ban nhan dan) (?:cac )?(?:xa|phuong|thi tran)\b|cac (?:xa|phuong|thi tran)(?:$|,| va)",
    ),
    (
        "village",
        r"\bthon\b|t[o0e6] d[a-z]n ph[o0]|khu pho|khu dan cu|\bxom\b",
    ),
    ("household", r"h[o0e] gia d[a-z]nh|gia dinh|d[o0]ng h[o0]\b"),
    ("enterprise", r"doanh ngh[a-z]{1,3}p|hop tac xa"),
    ("individual", r"\bca[a-z]? nhan\b"),
    (
        "departments",
        r"\bso\b|\bban\s*,\s*nganh|\bnganh\b|phong\s*,\s*ban|co quan|\btruong\b|don vi",
    ),
];

/// The titles of the movement, folded, with their canonical spelling.
const TITLES: &[(&str, &str)] = &[
    ("cong dong hoc tap", "Cộng đồng học tập"),
    ("don vi hoc tap", "Đơn vị học tập"),
    ("gia dinh hoc tap", "Gia đình học tập"),
    ("dong ho hoc tap", "Dòng họ học tập"),
    ("cong dan hoc tap", "Công dân học tập"),
];

/// The criteria of the plan, in order.
pub fn extract(ctx: &Context<'_>) -> Vec<Criterion> {
    let mut out = Vec::new();
    for section in ctx.sections_of(SectionKind::Criteria) {
        let containers: Vec<&Item> = section
            .all_items()
            .into_iter()
            .filter(|i| {
                i.heading.as_deref().is_some_and(|h| {
                    let k = fold(h);
                    k.trim_start().starts_with("tieu chi") && !k.contains("khen")
                })
            })
            .collect();
        let groups: Vec<&Item> = if containers.is_empty() {
            section.all_items()
        } else {
            containers
                .iter()
                .flat_map(|c| c.walk().into_iter().skip(1))
                .collect()
        };
        for g in groups {
            group(ctx, g, &mut out);
        }
    }
    out
}

fn group(ctx: &Context<'_>, g: &Item, out: &mut Vec<Criterion>) {
    // The heading, or an unlabeled-heading text ("Đối với … :" too long to be a
    // heading) that heads sub-items.
    let (target_text, inline) = match (&g.heading, g.items.is_empty()) {
        (Some(h), _) => (h.clone(), (!g.text.is_empty()).then(|| g.text.clone())),
        (None, false) => (g.text.clone(), None),
        (None, true) => return,
    };
    let target_text = target_text.trim().trim_end_matches(':').trim().to_string();
    if !is_group(&target_text) {
        return;
    }
    let key = fold(&target_text);
    let Some(target) = target_of(&key) else {
        return;
    };
    let mut push = |text: String, item: &Item, inline: bool| {
        let text = text.trim().to_string();
        if text.is_empty() {
            return;
        }
        out.push(Criterion {
            target: target.to_string(),
            target_text: target_text.clone(),
            titles: titles(&text),
            span: ctx.span(text_range(ctx, item, inline)),
            text,
        });
    };
    if let Some(t) = inline {
        push(t, g, true);
    }
    // A nested group heading (an unlabeled "Đối với …" under a lettered one) is a
    // group of its own, not a criterion.
    for c in g
        .items
        .iter()
        .filter(|c| !c.heading.as_deref().is_some_and(is_group))
    {
        // A criterion that only heads a list ("Có nhiều sáng kiến:") gives its items.
        let lead_only = c.text.is_empty() && !c.items.is_empty();
        if lead_only {
            for d in &c.items {
                push(d.full_text(), d, false);
            }
        } else {
            push(c.full_text(), c, false);
        }
    }
}

/// The range of a criterion's words in its item's paragraph: from where its heading
/// or text starts (the label left out) to the end of the paragraph.
fn text_range(ctx: &Context<'_>, item: &Item, inline: bool) -> std::ops::Range<usize> {
    let first = match &item.heading {
        Some(h) if !inline => h.as_str(),
        _ => item.text.as_str(),
    };
    ctx.text_start(item.range.clone(), first)..item.range.end
}

fn is_group(heading: &str) -> bool {
    GROUP.is_match(fold(heading).trim_start())
}

/// The target a folded group heading names: the category mentioned first.
fn target_of(key: &str) -> Option<&'static str> {
    static RES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
        TARGETS
            .iter()
            .filter_map(|(t, p)| Regex::new(p).ok().map(|r| (*t, r)))
            .collect()
    });
    let rest = GROUP
        .find(key.trim_start())
        .map_or(key, |m| &key.trim_start()[m.end()..]);
    if key.trim_start().contains("doi tuong khac") {
        return Some("other");
    }
    RES.iter()
        .filter_map(|(t, re)| re.find(rest).map(|m| (m.start(), *t)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, t)| t)
}

/// Titles named in quotes, canonical, in order of appearance.
fn titles(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in QUOTED.captures_iter(text) {
        if let Some(canonical) = title_of(&c[1]) {
            if !out.iter().any(|t| t == canonical) {
                out.push(canonical.to_string());
            }
        }
    }
    out
}

/// A quoted title: `“…”` or `"…"`, 3 to 60 characters.
static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"[“"]([^”"“]{3,60})[”"]"#).unwrap());

/// The canonical title the words of a quote name: the closest of [`TITLES`] to
/// their first words ("cong dan" and "cong dong" are near each other).
fn title_of(quoted: &str) -> Option<&'static str> {
    let words: String = fold(quoted)
        .chars()
        .filter(|ch| ch.is_alphanumeric() || ch.is_whitespace())
        .collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    // The first words, as many as a title has: made once for each count.
    let mut heads: Vec<(usize, String)> = Vec::new();
    for (k, _) in TITLES {
        let n = k.split(' ').count();
        if !heads.iter().any(|(m, _)| *m == n) {
            heads.push((n, words.split(' ').take(n).collect::<Vec<_>>().join(" ")));
        }
    }
    let head_of = |k: &str| {
        let n = k.split(' ').count();
        heads
            .iter()
            .find(|(m, _)| *m == n)
            .map_or("", |(_, h)| h.as_str())
    };
    // A title written out is the closest (the only one at similarity 1): the
    // usual case, without the edit distances.
    if let Some(&(_, v)) = TITLES.iter().find(|(k, _)| head_of(k) == *k) {
        return Some(v);
    }
    TITLES
        .iter()
        .filter_map(|&(k, v)| Some((similarity_at_least(head_of(k), k, 0.85)?, v)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::super::folded::testing::with_ctx;
    use super::*;

    const PLAN: &str = "KẾ HOẠCH\nThi đua xây dựng xã hội học tập\nI. TIÊU CHÍ THI ĐUA VÀ KHEN THƯỞNG\n1. Tiêu chí thi đua\na) Đối với các phòng, ban, ngành huyện và các trường học:\n- Tổ chức tốt việc học tập cho cán bộ, viên chức.\n- Được công nhận “Đơn vị học tập” theo quy định.\nb) Đối với cấp thị trấn\n- Được công nhận “Cộng đồng học tập” cấp xã.\nĐối với các khu phố\n- Được công nhận \"cộng đồng học tập khu phố\".\nc) Đối với hộ gia đình, dòng họ\n- Đạt danh hiệu “Gia đình học tập” và “Dòng họ học tập”.\nd) Đối tượng khác: Các tổ chức quốc tế có nhiều đóng góp.\n2. Hình thức khen thưởng\n- Giấy khen.\n";

    /// [`titles`] as it was written first, every title's edit distance computed.
    fn titles_plain(text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in QUOTED.captures_iter(text) {
            let words: String = fold(&c[1])
                .chars()
                .filter(|ch| ch.is_alphanumeric() || ch.is_whitespace())
                .collect();
            let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
            let found = TITLES
                .iter()
                .filter_map(|(k, v)| {
                    let n = k.split(' ').count();
                    let head = words.split(' ').take(n).collect::<Vec<_>>().join(" ");
                    Some((similarity_at_least(&head, k, 0.85)?, *v))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, canonical)) = found {
                if !out.iter().any(|t| t == canonical) {
                    out.push(canonical.to_string());
                }
            }
        }
        out
    }

    #[test]
    fn titles_agree_with_the_plain_search() {
        let texts = [
            "Được công nhận “Cộng đồng học tập” cấp xã.",
            "Đạt danh hiệu “Gia đình học tập” và “Dòng họ học tập”, “Gia đình học tập”.",
            "“Công dân học tập” \"cong dan hoc tap\" “Cong dong hoc tap”",
            "“Pon vi hoc tap” “Đơn vị hoc tâp” “Don vi hoc tap cap huyen”",
            "“Công dân hoc tap tiêu biểu” “Cộng dân học tập”",
            "“Toàn dân đoàn kết xây dựng đời sống văn hóa”",
            "“Gia  đình   học tập” “gia-đình học tập!” “học tập”",
            "“abc” “” “ab” \"\"",
        ];
        for t in texts {
            assert_eq!(titles(t), titles_plain(t), "{t:?}");
        }
        let plans = crate::extract::folded::testing::corpus_texts();
        for plan in &plans {
            for line in plan.lines() {
                assert_eq!(titles(line), titles_plain(line), "{line:?}");
            }
        }
    }

    #[test]
    fn criteria_grouped_by_target() {
        with_ctx(PLAN, |ctx| {
            let c = extract(ctx);
            let got: Vec<_> = c
                .iter()
                .map(|x| (x.target.as_str(), x.target_text.as_str()))
                .collect();
            assert_eq!(
                got,
                [
                    (
                        "departments",
                        "Đối với các phòng, ban, ngành huyện và các trường học"
                    ),
                    (
                        "departments",
                        "Đối với các phòng, ban, ngành huyện và các trường học"
                    ),
                    ("commune", "Đối với cấp thị trấn"),
                    ("village", "Đối với các khu phố"),
                    ("household", "Đối với hộ gia đình, dòng họ"),
                    ("other", "Đối tượng khác"),
                ]
            );
            assert_eq!(c[1].titles, ["Đơn vị học tập"]);
            assert_eq!(c[3].titles, ["Cộng đồng học tập"]);
            assert_eq!(c[4].titles, ["Gia đình học tập", "Dòng họ học tập"]);
            assert_eq!(
                &PLAN[c[0].span.range()],
                "Tổ chức tốt việc học tập cho cán bộ, viên chức."
            );
            assert_eq!(c[5].text, "Các tổ chức quốc tế có nhiều đóng góp.");
            assert_eq!(
                &PLAN[c[5].span.range()],
                "Các tổ chức quốc tế có nhiều đóng góp."
            );
        });
    }

    #[test]
    fn targets_of_headings() {
        let t = |s: &str| target_of(&fold(s));
        assert_eq!(
            t("Đối với Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội"),
            Some("front_unions")
        );
        assert_eq!(t("Đối với UBND các xã, phường"), Some("commune"));
        assert_eq!(t("Đối với các xã, thị trấn"), Some("commune"));
        assert_eq!(t("Đối với các tổ chức xã hội nghề nghiệp"), None);
        assert_eq!(t("Đối với cấp huyện"), Some("district"));
        assert_eq!(
            t("Đối với các doanh nghiệp, hợp tác xã"),
            Some("enterprise")
        );
        assert_eq!(t("Đối với cá nhân"), Some("individual"));
        assert_eq!(t("Déi véi cdp thi trin"), Some("commune"));
        assert_eq!(t("Déi véi cdc té din pho"), Some("village"));
        assert_eq!(t("Đối với người học"), None);
        assert!(is_group("Déi véi cad nhan"));
        assert!(is_group("Poi voi cac doanh nghiép"));
        assert!(!is_group("Được công nhận “Cộng đồng học tập”"));
    }

    #[test]
    fn ocr_titles() {
        assert_eq!(
            titles("Pugc cong nhan “Pon vi hoc tap” va “Cong ,dan hoc tap”"),
            ["Đơn vị học tập", "Công dân học tập"]
        );
        assert!(titles("Phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”").is_empty());
    }

    #[test]
    fn no_criteria_outside_criteria_sections() {
        let src = "KẾ HOẠCH\nThi đua\nI. NỘI DUNG\n1. Tiêu chí thi đua\na) Đối với cấp xã\n- Được công nhận “Cộng đồng học tập”.\n";
        with_ctx(src, |ctx| assert!(extract(ctx).is_empty()));
    }
}
