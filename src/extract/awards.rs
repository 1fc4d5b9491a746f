//! Award occasions: items of an awards or criteria section (KHEN THƯỞNG, TIÊU CHÍ)
//! headed "Khen thưởng hằng năm" (`annual`), "… sơ kết …" (`interim_review`) or
//! "… tổng kết …" (`final_review`), with the year each names ("sơ kết (năm
//! 2025)", "sơ kết giai đoạn 2023 - 2025" → 2025) and the forms of award listed
//! under the occasion
//! ("Hình thức khen thưởng: Bằng khen của Thủ tướng Chính phủ; Giấy khen", or one
//! form per bullet). A heading that names both reviews gives two occasions that
//! share the forms.
//!
//! Words are matched on accent-folded keys so OCR text reads; a form read from text
//! that lost its marks is given only when it is one of the genre's forms, in its
//! canonical spelling.

use std::sync::LazyLock;

use regex::Regex;

use super::folded::Folded;
use super::Context;
use crate::abbrev::expand;
use crate::fuzzy::similarity_at_least;
use crate::normalize::Quality;
use crate::plan::Award;
use crate::segment::{Item, Marker, SectionKind};
use crate::syllable::{fold, fold_words};
use crate::words;

/// Forms of award the genre names, folded, with their canonical spelling.
const FORMS: &[(&str, &str)] = &[
    (
        "bang khen cua thu tuong chinh phu",
        "Bằng khen của Thủ tướng Chính phủ",
    ),
    (
        "bang khen cap bo, ban, nganh, tinh, doan the trung uong",
        "Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể Trung ương",
    ),
    (
        "bang khen cua chu tich uy ban nhan dan tinh",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    ),
    (
        "giay khen cua chu tich uy ban nhan dan huyen",
        "Giấy khen của Chủ tịch Ủy ban nhân dân huyện",
    ),
    (
        "giay khen cua chu tich uy ban nhan dan xa",
        "Giấy khen của Chủ tịch Ủy ban nhân dân xã",
    ),
    ("co thi dua cua chinh phu", "Cờ thi đua của Chính phủ"),
    ("bang khen", "Bằng khen"),
    ("giay khen", "Giấy khen"),
];

/// Folded openings of a form of award.
const OPENINGS: &[&str] = &[
    "bang khen",
    "giay khen",
    "co thi dua",
    "huan chuong",
    "huy chuong",
    "ky niem chuong",
    "danh hieu",
];

/// "Hình thức khen thưởng:" opening a list of forms.
static FORMS_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"hinh\s*th\S*\s+khen\s*th\S*ng\s*:").unwrap());

/// An occasion heading opens with "Khen thưởng".
static OCCASION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^khen\s*th\S{0,3}ng\b").unwrap());

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19[4-9]\d|20\d\d|2100)\b").unwrap());

/// The award occasions of the plan, in order.
pub fn extract(ctx: &Context<'_>) -> Vec<Award> {
    let exact = ctx.norm.quality == Quality::Clean;
    let mut out = Vec::new();
    // Award parts also stand inside a criteria section whose heading does not name
    // them ("TIÊU CHÍ THI ĐUA" with an item "Khen thưởng hằng năm").
    let sections = ctx.layout.sections.iter().filter(|s| {
        s.kinds.contains(&SectionKind::Awards) || s.kinds.contains(&SectionKind::Criteria)
    });
    for section in sections {
        for item in section.all_items() {
            let Some(head) = item.heading.as_deref() else {
                continue;
            };
            let key = fold(head);
            if !OCCASION.is_match(key.trim_start()) {
                continue;
            }
            let occasions = occasions(&key);
            if occasions.is_empty() {
                continue;
            }
            let forms = forms_under(item, exact);
            let span = ctx.span(item.range.clone());
            for (occasion, years) in occasions {
                out.push(Award {
                    occasion: occasion.to_string(),
                    years,
                    forms: forms.clone(),
                    span,
                });
            }
        }
    }
    out
}

/// The occasions a folded heading names, each with the last year of its part.
fn occasions(key: &str) -> Vec<(&'static str, Vec<i32>)> {
    let mut marks: Vec<(usize, &'static str)> = Vec::new();
    for (word, occasion) in [
        ("hang nam", "annual"),
        ("so ket", "interim_review"),
        ("tong ket", "final_review"),
    ] {
        if let Some(at) = key.find(word) {
            marks.push((at, occasion));
        }
    }
    marks.sort();
    marks
        .iter()
        .enumerate()
        .map(|(k, &(at, occasion))| {
            let end = marks.get(k + 1).map_or(key.len(), |m| m.0);
            let years: Vec<i32> = if occasion == "annual" {
                Vec::new()
            } else {
                YEAR.find_iter(&key[at..end])
                    .filter_map(|m| m.as_str().parse().ok())
                    .last()
                    .into_iter()
                    .collect()
            };
            (occasion, years)
        })
        .collect()
}

/// The forms of award listed under an occasion: after "Hình thức khen thưởng", in
/// the occasion's own text, or one per short bullet.
fn forms_under(item: &Item, exact: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |text: &str| {
        for candidate in split_forms(text) {
            if let Some(f) = form(&candidate, exact) {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
    };
    push(&item.text);
    for d in item.walk().into_iter().skip(1) {
        let heading_key = d.heading.as_deref().map(fold).unwrap_or_default();
        let is_list = heading_key.starts_with("hinh th") && heading_key.contains("khen");
        if is_list {
            push(&d.text);
            for c in &d.items {
                push(&c.full_text());
            }
            continue;
        }
        let text = d.full_text();
        let key = fold(&text);
        if let Some(m) = FORMS_LINE.find(&key) {
            let rest: String = text.chars().skip(key[..m.end()].chars().count()).collect();
            push(&rest);
        } else if matches!(d.marker, Marker::Dash | Marker::Plus) && !words::more_than(&text, 14) {
            push(&text);
        }
    }
    out
}

/// Splits a list of forms at ';' and where a new form opens after ", ", " và " or
/// " hoặc " ("Bằng khen của …, Giấy khen của …").
fn split_forms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split(';') {
        let f = Folded::new(part);
        let mut cuts = vec![0];
        for sep in [", ", " va ", " hoac "] {
            for (at, _) in f.key.match_indices(sep) {
                let next = at + sep.len();
                if OPENINGS.iter().any(|o| f.key[next..].starts_with(o)) {
                    cuts.push(at);
                }
            }
        }
        cuts.sort_unstable();
        cuts.push(f.key.len());
        for w in cuts.windows(2) {
            let r = f.orig_range(w[0]..w[1]);
            let piece = part[r]
                .trim()
                .trim_start_matches([',', ' '])
                .trim_start_matches("và ")
                .trim_start_matches("hoặc ")
                .trim();
            if !piece.is_empty() {
                out.push(piece.to_string());
            }
        }
    }
    out
}

/// A form of award, canonical, from a candidate phrase.
fn form(candidate: &str, exact: bool) -> Option<String> {
    let c = candidate
        .trim()
        .trim_start_matches(['-', '+', '•', '*'])
        .trim()
        .trim_end_matches(['.', ';', ',', ':'])
        .trim();
    if c.is_empty() || words::more_than(c, 20) {
        return None;
    }
    let key = fold_words(c);
    let known = FORMS
        .iter()
        .filter_map(|(k, v)| Some((similarity_at_least(&key, k, 0.8)?, *v)))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((score, canonical)) = known {
        if score >= 0.999 || !exact {
            return Some(canonical.to_string());
        }
    }
    if !exact {
        return None;
    }
    OPENINGS
        .iter()
        .any(|o| key.starts_with(o))
        .then(|| expand(c))
}

#[cfg(test)]
mod tests {
    use super::super::folded::testing::with_ctx;
    use super::*;

    const PLAN: &str = "KẾ HOẠCH\nThi đua xây dựng thư viện thân thiện\nI. TIÊU CHÍ VÀ HÌNH THỨC KHEN THƯỞNG\n1. Tiêu chí\nCó nhiều sáng kiến.\n2. Hình thức khen thưởng\na) Khen thưởng hằng năm\nỦy ban nhân dân huyện khen thưởng kịp thời các tập thể tiêu biểu.\n- Hình thức khen thưởng: Giấy khen của Chủ tịch UBND huyện.\nb) Khen thưởng vào dịp sơ kết (năm 2026) và tổng kết (năm 2031)\n- Hình thức khen thưởng:\n+ Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh;\n+ Giấy khen.\n- Tiêu chuẩn khen thưởng: Căn cứ thành tích.\nII. TỔ CHỨC THỰC HIỆN\n1. Khen thưởng đột xuất cho cá nhân.\n";

    #[test]
    fn annual_and_reviews_with_forms() {
        with_ctx(PLAN, |ctx| {
            let a = extract(ctx);
            let got: Vec<_> = a
                .iter()
                .map(|x| (x.occasion.as_str(), x.years.clone(), x.forms.clone()))
                .collect();
            assert_eq!(
                got,
                vec![
                    (
                        "annual",
                        vec![],
                        vec!["Giấy khen của Chủ tịch Ủy ban nhân dân huyện".to_string()]
                    ),
                    (
                        "interim_review",
                        vec![2026],
                        vec![
                            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh".to_string(),
                            "Giấy khen".to_string()
                        ]
                    ),
                    (
                        "final_review",
                        vec![2031],
                        vec![
                            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh".to_string(),
                            "Giấy khen".to_string()
                        ]
                    ),
                ]
            );
            assert_eq!(&PLAN[a[0].span.range()], "a) Khen thưởng hằng năm");
            assert_eq!(
                &PLAN[a[2].span.range()],
                "b) Khen thưởng vào dịp sơ kết (năm 2026) và tổng kết (năm 2031)"
            );
        });
    }

    #[test]
    fn review_periods_and_inline_forms() {
        let src = "KẾ HOẠCH\nThi đua\nI. KHEN THƯỞNG\n1. Khen thưởng trong đợt sơ kết giai đoạn 2024 - 2027 và tổng kết giai đoạn 2024 - 2032\nHình thức khen thưởng: Bằng khen của Thủ tướng Chính phủ; Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể Trung ương; Giấy khen.\n";
        with_ctx(src, |ctx| {
            let a = extract(ctx);
            assert_eq!(a.len(), 2);
            assert_eq!(
                (a[0].occasion.as_str(), a[0].years.clone()),
                ("interim_review", vec![2027])
            );
            assert_eq!(
                (a[1].occasion.as_str(), a[1].years.clone()),
                ("final_review", vec![2032])
            );
            assert_eq!(
                a[0].forms,
                [
                    "Bằng khen của Thủ tướng Chính phủ",
                    "Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể Trung ương",
                    "Giấy khen"
                ]
            );
        });
    }

    #[test]
    fn forms_inline_and_as_bullets() {
        let src = "KẾ HOẠCH\nThi đua\nI. KHEN THƯỞNG\n1. Khen thưởng hằng năm: Giấy khen của Chủ tịch UBND xã và Giấy khen của Giám đốc Trung tâm học tập cộng đồng.\n2. Khen thưởng tổng kết năm 2030\n- Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh;\n- Giấy khen của Chủ tịch Ủy ban nhân dân huyện.\n- Tiêu chuẩn: Căn cứ thành tích của các tập thể và cá nhân trong phong trào.\n";
        with_ctx(src, |ctx| {
            let a = extract(ctx);
            assert_eq!(a.len(), 2);
            assert_eq!(
                a[0].forms,
                [
                    "Giấy khen của Chủ tịch Ủy ban nhân dân xã",
                    "Giấy khen của Giám đốc Trung tâm học tập cộng đồng"
                ]
            );
            assert_eq!(
                (a[1].occasion.as_str(), a[1].years.clone()),
                ("final_review", vec![2030])
            );
            assert_eq!(
                a[1].forms,
                [
                    "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                    "Giấy khen của Chủ tịch Ủy ban nhân dân huyện"
                ]
            );
            assert_eq!(&src[a[1].span.range()], "2. Khen thưởng tổng kết năm 2030");
        });
    }

    #[test]
    fn occasions_in_a_criteria_section_only() {
        let src = "KẾ HOẠCH\nThi đua\nI. TIÊU CHÍ THI ĐUA\n1. Đối với cấp xã: Có nhiều sáng kiến.\n2. Khen thưởng hằng năm\n- Giấy khen.\nII. TỔ CHỨC THỰC HIỆN\n1. Khen thưởng tổng kết năm 2030\n- Bằng khen.\n";
        with_ctx(src, |ctx| {
            let a = extract(ctx);
            assert_eq!(a.len(), 1);
            assert_eq!(
                (a[0].occasion.as_str(), a[0].forms.clone()),
                ("annual", vec!["Giấy khen".to_string()])
            );
            assert_eq!(&src[a[0].span.range()], "2. Khen thưởng hằng năm");
        });
    }

    #[test]
    fn no_occasion_no_award() {
        let src = "KẾ HOẠCH\nThi đua\nI. HÌNH THỨC KHEN THƯỞNG\n1. Hình thức và tiêu chuẩn khen thưởng\nỦy ban nhân dân tỉnh khen thưởng kịp thời bằng hình thức phù hợp.\n2. Khen thưởng đột xuất\nGiấy khen.\n";
        with_ctx(src, |ctx| assert!(extract(ctx).is_empty()));
    }

    #[test]
    fn ocr_forms_are_canonical_or_dropped() {
        assert_eq!(
            form("Bang khen ctia Thi tudng Chinh phu;", false).as_deref(),
            Some("Bằng khen của Thủ tướng Chính phủ")
        );
        assert_eq!(form("Gidy khen", false).as_deref(), Some("Giấy khen"));
        assert_eq!(form("Tiéu chuan khen thuéng", false), None);
        assert_eq!(form("Căn cứ thành tích", true), None);
    }
}
