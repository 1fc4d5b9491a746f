//! Phases of the movement: the items of a schedule section (TIẾN ĐỘ, LỘ TRÌNH,
//! THỜI GIAN) that open with "Giai đoạn N", with the years they name: "Giai đoạn 1
//! (từ 2023 - 2025)", "Giai đoạn 2: Từ năm 2026 đến năm 2030", "Giai đoạn 1: Đến
//! năm 2025" (no start).
//!
//! Read on the accent-folded words of each item's paragraph, so OCR text ("Giai
//! doan 1 (tir 2023 - 2025)") reads too. Labels are "Giai đoạn N" with N a
//! number, Roman numerals read ("Giai đoạn II" is "Giai đoạn 2"). A year outside
//! 1945–2100 or a range that runs backwards gives no phase.

use std::sync::LazyLock;

use regex::Regex;

use super::folded::Folded;
use super::Context;
use crate::plan::Phase;
use crate::segment::SectionKind;

/// "giai doan 1", after an optional label, and what follows it.
static OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:\d{1,2}(?:\.\d{1,2})*\s*[.)]\s*|[a-z]\)\s*|[-+•*]\s*)?(giai\s*doan\s*(\d{1,2}|i{1,3}|iv|v)\b)",
    )
    .unwrap()
});

/// The years of a phase, right after its label: "(từ 2023 - 2025)", ": Từ năm 2026
/// đến năm 2030", ": Đến năm 2025", " năm 2024".
static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\s*[:(,-]?\s*\(?\s*
        (?:
          (?:t[a-z]{1,2}\s+)?(?:nam\s+)?(?P<a>\d{4})\s*(?:-|–|den)\s*(?:nam\s+)?(?P<b>\d{4})
        | den\s+(?:het\s+)?nam\s+(?P<e>\d{4})
        | nam\s+(?P<y>\d{4})
        )\s*\)?",
    )
    .unwrap()
});

/// The phases named in schedule sections, in order.
pub fn extract(ctx: &Context<'_>) -> Vec<Phase> {
    let mut out = Vec::new();
    for section in ctx.sections_of(SectionKind::Schedule) {
        for item in section.all_items() {
            let text = ctx.slice(item.range.clone());
            let f = Folded::new(text);
            let Some(c) = OPENING.captures(&f.key) else {
                continue;
            };
            let (Some(head), Some(num)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let rest = &f.key[head.end()..];
            let Some(y) = YEARS.captures(rest) else {
                continue;
            };
            let year = |name: &str| -> Option<i32> {
                y.name(name)
                    .and_then(|m| m.as_str().parse().ok())
                    .filter(|v| (1945..=2100).contains(v))
            };
            let (start, end) = if y.name("a").is_some() {
                match (year("a"), year("b")) {
                    (Some(a), Some(b)) if a <= b => (Some(a), Some(b)),
                    _ => continue,
                }
            } else if y.name("e").is_some() {
                match year("e") {
                    Some(e) => (None, Some(e)),
                    None => continue,
                }
            } else {
                match year("y") {
                    Some(v) => (Some(v), Some(v)),
                    None => continue,
                }
            };
            // Close the parenthesis only when one was opened.
            let mut years_end = head.end() + y.get(0).map_or(0, |m| m.end());
            let matched = &f.key[head.end()..years_end];
            if matched.trim_end().ends_with(')') && !matched.contains('(') {
                years_end = head.end() + matched.trim_end().len() - 1;
            }
            let years_end = head.end() + f.key[head.end()..years_end].trim_end().len();
            // Roman numerals read as numbers: "Giai đoạn II" is "Giai đoạn 2".
            let numeral = match num.as_str() {
                "i" => "1",
                "ii" => "2",
                "iii" => "3",
                "iv" => "4",
                "v" => "5",
                n => n,
            };
            let r = f.orig_range(head.start()..years_end);
            out.push(Phase {
                label: format!("Giai đoạn {numeral}"),
                start,
                end,
                span: ctx.span(item.range.start + r.start..item.range.start + r.end),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::folded::testing::with_ctx;
    use super::*;

    fn phases(src: &str) -> Vec<(String, Option<i32>, Option<i32>, String)> {
        with_ctx(src, |ctx| {
            extract(ctx)
                .into_iter()
                .map(|p| (p.label, p.start, p.end, src[p.span.range()].to_string()))
                .collect()
        })
    }

    #[test]
    fn ranges_in_parentheses_and_words() {
        let src = "KẾ HOẠCH\nThi đua\nI. TIẾN ĐỘ THỰC HIỆN\nPhong trào được triển khai từ năm 2024 đến năm 2030.\n1. Giai đoạn 1 (từ 2024 - 2026): Các phòng, ban triển khai.\n2. Giai đoạn 2: Từ năm 2027 đến năm 2030\nTổng kết phong trào.\nII. KINH PHÍ\nNgân sách nhà nước.\n";
        assert_eq!(
            phases(src),
            vec![
                (
                    "Giai đoạn 1".into(),
                    Some(2024),
                    Some(2026),
                    "Giai đoạn 1 (từ 2024 - 2026)".into()
                ),
                (
                    "Giai đoạn 2".into(),
                    Some(2027),
                    Some(2030),
                    "Giai đoạn 2: Từ năm 2027 đến năm 2030".into()
                ),
            ]
        );
    }

    #[test]
    fn open_start_and_ocr() {
        let src = "KẾ HOẠCH\nThi đua\nI. LỘ TRÌNH THỰC HIỆN\na) Giai đoạn I: Đến năm 2026\nXây dựng mô hình.\nb) Giai doan II (tir 2027 - 2030)\nNhân rộng.\n";
        assert_eq!(
            phases(src),
            vec![
                (
                    "Giai đoạn 1".into(),
                    None,
                    Some(2026),
                    "Giai đoạn I: Đến năm 2026".into()
                ),
                (
                    "Giai đoạn 2".into(),
                    Some(2027),
                    Some(2030),
                    "Giai doan II (tir 2027 - 2030)".into()
                ),
            ]
        );
    }

    #[test]
    fn only_schedule_sections_and_sane_years() {
        // A phase outside a schedule section, a backwards range, a bare mention.
        let src = "KẾ HOẠCH\nThi đua\nI. NỘI DUNG\n1. Giai đoạn 1 (từ 2023 - 2025): tuyên truyền.\nII. TIẾN ĐỘ THỰC HIỆN\n1. Giai đoạn 1 (từ 2025 - 2023)\n2. Trên cơ sở sơ kết giai đoạn 1, tiếp tục triển khai.\n3. Giai đoạn 2 triển khai nhân rộng.\n";
        assert!(phases(src).is_empty());
    }
}
