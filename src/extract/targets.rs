//! Quantitative targets: percentages a plan sets out to reach ("phấn đấu 100% xã đạt
//! …", "đến năm 2025, 40% … và 60% vào năm 2030"), with value, unit, year and
//! subject.
//!
//! Reads the paragraphs of the sections, sentence by sentence (split at `.` and
//! `;`); each percentage owns the words up to the next percentage. The year is the
//! one stated with it ("vào năm 2030"), else the last one stated before it in the
//! sentence ("đến năm 2025, …"), else null. Spans cover the target's own words.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::Context;
use crate::plan::Target;

static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,3}(?:[.,]\d{1,2})?)\s?%").unwrap());
static YEAR_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:vào|đến|trong|đến hết|hết)\s+năm\s+(\d{4})").unwrap());
static YEAR_ANY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"năm\s+(\d{4})").unwrap());

/// Extracts the targets of the plan's sections.
pub fn extract(ctx: &Context<'_>) -> Vec<Target> {
    let text = ctx.text();
    let mut out = Vec::new();
    for section in &ctx.layout.sections {
        for item in section.all_items() {
            // An item's range is its own paragraph; sub-items are visited apart. A
            // target is a percentage: a paragraph without "%" has none.
            if memchr::memchr(b'%', text[item.range.clone()].as_bytes()).is_none() {
                continue;
            }
            for sentence in sentences(text, item.range.clone()) {
                targets_in(ctx, sentence, &mut out);
            }
        }
    }
    out
}

fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let slice = &text[range.clone()];
    for (i, c) in slice.char_indices() {
        let end = range.start + i;
        // A period between digits is a decimal or a date, not a sentence end.
        let digit_around = c == '.'
            && slice[..i]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_digit())
            && slice[i + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_digit());
        if (c == '.' || c == ';') && !digit_around {
            out.push(start..end);
            start = end + 1;
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

fn targets_in(ctx: &Context<'_>, sentence: Range<usize>, out: &mut Vec<Target>) {
    let text = &ctx.text()[sentence.clone()];
    let found: Vec<regex::Captures<'_>> = PERCENT.captures_iter(text).collect();
    for (k, c) in found.iter().enumerate() {
        let Some(whole) = c.get(0) else { continue };
        let Ok(value) = c[1].replace(',', ".").parse::<f64>() else {
            continue;
        };
        if !(0.0..=100.0).contains(&value) {
            continue;
        }
        let end = found
            .get(k + 1)
            .and_then(|n| n.get(0))
            .map_or(text.len(), |m| m.start());
        let own = text[whole.start()..end]
            .trim_end()
            .trim_end_matches(',')
            .trim_end_matches(" và")
            .trim_end_matches(',')
            .trim_end();
        let after = &own[whole.len()..];
        let year = YEAR_AFTER
            .captures(after)
            .or_else(|| YEAR_ANY.captures_iter(&text[..whole.start()]).last())
            .and_then(|y| y[1].parse::<i32>().ok())
            .filter(|y| (1945..=2100).contains(y));
        let subject = subject_of(after);
        let start = sentence.start + whole.start();
        out.push(Target {
            text: own.to_string(),
            value,
            unit: "%".to_string(),
            year,
            subject,
            span: ctx.span(start..start + own.len()),
        });
    }
}

/// The words a percentage counts: up to the first comma or time phrase.
fn subject_of(after: &str) -> Option<String> {
    let mut s = after.trim_start();
    for stop in [",", " vào năm", " đến năm", " trong năm", " năm 2"] {
        if let Some(at) = s.find(stop) {
            s = &s[..at];
        }
    }
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;
    use crate::segment::segment;

    fn targets(src: &str) -> Vec<Target> {
        let norm = normalize(src, true);
        let layout = segment(&norm);
        extract(&Context {
            source: src,
            norm: &norm,
            layout: &layout,
        })
    }

    const HEAD: &str =
        "KẾ HOẠCH\nXây dựng xã hội học tập trên địa bàn tỉnh Quảng Ngãi\nI. MỤC TIÊU\n";

    #[test]
    fn two_targets_with_their_years() {
        let src = format!("{HEAD}1. Đến năm 2025, 40% số xã đạt “Cộng đồng học tập” mức độ 3 và 60% vào năm 2030.\n");
        let t = targets(&src);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!((t[0].value, t[0].year), (40.0, Some(2025)));
        assert_eq!(
            t[0].subject.as_deref(),
            Some("số xã đạt “Cộng đồng học tập” mức độ 3")
        );
        assert_eq!(
            &src[t[0].span.range()],
            "40% số xã đạt “Cộng đồng học tập” mức độ 3"
        );
        assert_eq!((t[1].value, t[1].year), (60.0, Some(2030)));
        assert_eq!(&src[t[1].span.range()], "60% vào năm 2030");
    }

    #[test]
    fn a_decimal_target_without_year() {
        let src = format!("{HEAD}- Phấn đấu 99,5% trẻ em trong độ tuổi được đến trường; duy trì kết quả phổ cập.\n");
        let t = targets(&src);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].value, t[0].year), (99.5, None));
        assert_eq!(
            t[0].subject.as_deref(),
            Some("trẻ em trong độ tuổi được đến trường")
        );
    }

    #[test]
    fn no_percentage_no_target() {
        let src = format!("{HEAD}1. Nâng cao chất lượng học tập suốt đời đến năm 2030.\n2. Tỷ lệ 150% là nhầm lẫn.\n");
        assert!(targets(&src).is_empty());
    }
}
