//! Deadlines: every dated obligation of the plan's sections ("trước ngày 30/11 hằng
//! năm", "Trước ngày 05 tháng 12 hằng năm", "(trước ngày 06/12)" in a sentence that
//! opens "Hằng năm"), with day, month and year as written (a year is never
//! guessed), the ISO date when the year is written, the recurrence, the action (the
//! verb phrase of the clause), the bodies that must act (the clause's subject, else
//! the lead of the task the item gives), the recipients (after "về" / "gửi"), the
//! id of the item that holds it, and the span of the deadline phrase.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::tasks::{canonical, split_bodies, starts_with_body};
use super::when::{phrases, When};
use super::Context;
use crate::plan::{Deadline, Task};
use crate::syllable::fold;

/// The verbs an obligation's action opens with.
static ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s)((?:gửi\s+)?báo cáo|gửi|nộp|hoàn thành|tổng hợp|ban hành|xây dựng|tổ chức (?:thực hiện|triển khai)|triển khai|đăng ký|đề xuất|trình)\s").unwrap()
});

/// The verbs of reporting: a rhythm alone ("định kỳ 6 tháng") binds only these.
static REPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:^|\s)(?:báo cáo|gửi|nộp)\s").unwrap());

/// The words of [`REPORT`] without the spaces around them: a paragraph that has
/// none has no clause that [`REPORT`] matches.
static REPORT_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)báo cáo|gửi|nộp").unwrap());

/// Where an action's words end.
static ACTION_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(;.:]|,\s|\s(?:về|gửi|trước ngày|chậm nhất|để|cho)\s").unwrap());

/// Where recipients end.
static RECIPIENT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(;.:]|\s(?:trước ngày|chậm nhất|để|theo|trước|qua|trong|định kỳ|hằng|hàng)\s")
        .unwrap()
});

/// The deadlines of the plan, in order.
pub fn extract(ctx: &Context<'_>, tasks: &[Task], base: Option<&str>) -> Vec<Deadline> {
    let mut out = Vec::new();
    for section in &ctx.layout.sections {
        for item in section.all_items() {
            paragraph_deadlines(
                ctx,
                item.range.clone(),
                Some(&item.id),
                tasks,
                base,
                &mut out,
            );
        }
    }
    // "Trên đây là Kế hoạch …; trước ngày … báo cáo": closing words bind too.
    for r in &ctx.layout.closing {
        paragraph_deadlines(ctx, r.clone(), None, tasks, base, &mut out);
    }
    out
}

/// The clause around `at` in `text`: between the closest `;` or sentence end before
/// and after it.
fn clause(text: &str, at: Range<usize>) -> Range<usize> {
    let start = text[..at.start].rfind(['.', ';', ':']).map_or(0, |i| i + 1);
    let end = text[at.end..]
        .find(['.', ';'])
        .map_or(text.len(), |i| at.end + i);
    start..end
}

/// The deadlines of one paragraph; `id` is the item that holds it, if any.
fn paragraph_deadlines(
    ctx: &Context<'_>,
    range: Range<usize>,
    id: Option<&str>,
    tasks: &[Task],
    base: Option<&str>,
    out: &mut Vec<Deadline>,
) {
    let para = ctx.slice(range.clone());
    // A rhythm alone binds only a clause with a reporting verb.
    let found = phrases(para, || REPORT_WORDS.is_match(para));
    for p in &found {
        let cl = clause(para, p.range.clone());
        let words = &para[cl.clone()];
        let key = fold(words);
        let dated_in_clause = found
            .iter()
            .any(|q| q.when.is_dated() && q.range.start >= cl.start && q.range.end <= cl.end);
        let recurrence = match p.when {
            When::Before { year: None, .. } => {
                // "hằng năm" anywhere in the clause or the sentence it ends.
                let s = para[..cl.start].rfind('.').map_or(0, |i| i + 1);
                let sentence = fold(&para[s..cl.end]);
                (key.contains("hang nam") || sentence.contains("hang nam")).then_some("yearly")
            }
            When::Before { .. } => p.when.recurrence(),
            // A quarter, month, year or span binds only an obligation: an action,
            // not a target to reach by then.
            When::Quarter { .. }
            | When::Month { .. }
            | When::Year { .. }
            | When::Relative { .. } => {
                let finish = {
                    let k = fold(&para[p.range.clone()]);
                    k.starts_with("xong") || k.starts_with("hoan thanh")
                };
                if !(finish || ACTION.is_match(words))
                    || key.contains("phan dau")
                    || words.contains('%')
                {
                    continue;
                }
                p.when.recurrence()
            }
            // A rhythm alone is a deadline only for reporting, and only where no
            // date of the same clause says more.
            When::Recurring(r) => {
                if dated_in_clause || !REPORT.is_match(words) {
                    continue;
                }
                Some(r)
            }
        };
        let (day, month, year) = p.when.parts();
        let by = p.when.by(base);
        let m = p.range.clone();
        // The clause without the deadline phrase.
        let rel = m.start - cl.start..m.end - cl.start;
        let rest: String = format!("{} {}", &words[..rel.start], &words[rel.end..]);
        let rest = rest.trim().trim_start_matches([',', ' ']).to_string();
        let rest = strip_time_words(&rest);
        let (action, action_at) = action_of(&rest);
        let mut responsible: Vec<String> = Vec::new();
        if let Some(at) = action_at {
            let whole = rest[..at].trim().trim_end_matches(',').trim();
            let start = whole
                .match_indices(", ")
                .map(|(i, _)| i + 2)
                .chain([0])
                .filter(|&i| starts_with_body(&whole[i..]))
                .min();
            if let Some(start) = start {
                for b in split_bodies(&whole[start..]) {
                    let b = canonical(&b);
                    if starts_with_body(&b) && !responsible.contains(&b) {
                        responsible.push(b);
                    }
                }
            }
        }
        let task = tasks
            .iter()
            .rfind(|t| t.source == "body" && Some(t.id.as_str()) == id);
        if responsible.is_empty() {
            if let Some(t) = task {
                responsible = t.lead.clone();
            }
        }
        out.push(Deadline {
            text: para[m.clone()].to_string(),
            day,
            month,
            year,
            by,
            recurrence: recurrence.map(str::to_string),
            action,
            responsible,
            recipients: recipients(words),
            task_id: id.map(str::to_string),
            span: ctx.span(range.start + m.start..range.start + m.end),
        });
    }
}

/// Drops an opening "Hằng năm," and bracket marks left by the deadline phrase.
fn strip_time_words(s: &str) -> String {
    static OPEN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^(?:định kỳ\s+)?(?:hằng|hàng)\s+năm\s*,?\s*").unwrap());
    let s = OPEN.replace(s.trim(), "");
    s.replace("()", "").replace("  ", " ").trim().to_string()
}

/// The action of a clause and where its verb opens.
fn action_of(rest: &str) -> (Option<String>, Option<usize>) {
    let Some(c) = ACTION.captures(rest) else {
        return (None, None);
    };
    let Some(v) = c.get(1) else {
        return (None, None);
    };
    let tail = &rest[v.start()..];
    let end = ACTION_END
        .find(&tail[v.len()..])
        .map_or(tail.len(), |e| v.len() + e.start());
    let a = tail[..end].trim();
    ((!a.is_empty()).then(|| a.to_string()), Some(v.start()))
}

/// Recipients: the bodies after "về" or "gửi".
fn recipients(words: &str) -> Vec<String> {
    static TO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s(?:gửi\s+về|gửi|về)\s+").unwrap());
    let mut out = Vec::new();
    for m in TO.find_iter(words) {
        let rest = &words[m.end()..];
        if !starts_with_body(rest) {
            continue;
        }
        let end = RECIPIENT_END.find(rest).map_or(rest.len(), |e| e.start());
        for b in split_bodies(&rest[..end]) {
            let b = canonical(&b);
            if starts_with_body(&b) && !out.contains(&b) {
                out.push(b);
            }
        }
        break;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::folded::testing::with_ctx;
    use super::super::tasks;
    use super::*;

    const PLAN: &str = "KẾ HOẠCH\nPhòng, chống dịch bệnh năm 2026\nI. NỘI DUNG\n1. Tuyên truyền thường xuyên.\nII. TỔ CHỨC THỰC HIỆN\n1. Phòng Y tế huyện\n- Hằng năm, tổng hợp kết quả gửi về Sở Y tế và Sở Tài chính (trước ngày 10/12) để theo dõi.\n2. Trước ngày 15 tháng 11 hằng năm, các cơ quan, đơn vị báo cáo kết quả thực hiện Kế hoạch về Phòng Y tế huyện và Văn phòng HĐND - UBND huyện để tổng hợp.\n3. UBND các xã, thị trấn xây dựng kế hoạch, gửi Phòng Y tế trước ngày 20/3/2026.\n4. Trong ngày hội, các đơn vị trưng bày sản phẩm.\n";

    #[test]
    fn report_words_found_wherever_report_matches_a_clause() {
        for clause in [
            "báo cáo kết quả",
            "UBND các xã BÁO CÁO về Phòng",
            "định kỳ 6 tháng gửi về Sở",
            "nộp hồ sơ đúng hạn",
            "Gửi Sở Nội vụ",
        ] {
            assert!(REPORT.is_match(clause), "{clause}");
            assert!(REPORT_WORDS.is_match(clause), "{clause}");
        }
        assert!(!REPORT_WORDS.is_match("Định kỳ 6 tháng kiểm tra, đánh giá"));
    }

    #[test]
    fn deadlines_with_actions() {
        with_ctx(PLAN, |ctx| {
            let t = tasks::extract(ctx);
            let d = extract(ctx, &t, None);
            assert_eq!(d.len(), 3);
            assert_eq!(&PLAN[d[0].span.range()], "trước ngày 10/12");
            assert_eq!(
                (d[0].day, d[0].month, d[0].year),
                (Some(10), Some(12), None)
            );
            assert_eq!(d[0].recurrence.as_deref(), Some("yearly"));
            assert_eq!(d[0].by, None);
            assert_eq!(d[0].recipients, ["Sở Y tế", "Sở Tài chính"]);
            assert_eq!(d[0].responsible, ["Phòng Y tế huyện"]);
            assert_eq!(d[0].task_id.as_deref(), Some("II.1.1"));
            assert_eq!(d[0].action.as_deref(), Some("tổng hợp kết quả"));
            assert_eq!(&PLAN[d[1].span.range()], "Trước ngày 15 tháng 11 hằng năm");
            assert_eq!(d[1].responsible, ["các cơ quan, đơn vị"]);
            assert_eq!(
                d[1].action.as_deref(),
                Some("báo cáo kết quả thực hiện Kế hoạch")
            );
            assert_eq!(
                d[1].recipients,
                [
                    "Phòng Y tế huyện",
                    "Văn phòng Hội đồng nhân dân - Ủy ban nhân dân huyện"
                ]
            );
            assert_eq!(d[2].year, Some(2026));
            assert_eq!(d[2].by.as_deref(), Some("2026-03-20"));
            assert_eq!(d[2].recurrence.as_deref(), Some("once"));
            assert_eq!(d[2].task_id.as_deref(), Some("II.3"));
        });
    }

    #[test]
    fn closing_deadlines_have_no_task() {
        let src = "KẾ HOẠCH\nThi đua\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ hướng dẫn khen thưởng.\nTrên đây là Kế hoạch thi đua; các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 20/11/2026.\n";
        with_ctx(src, |ctx| {
            let d = extract(ctx, &tasks::extract(ctx), None);
            assert_eq!(d.len(), 1);
            assert_eq!(d[0].task_id, None);
            assert_eq!(d[0].by.as_deref(), Some("2026-11-20"));
            assert_eq!(d[0].responsible, ["các đơn vị"]);
            assert_eq!(d[0].recipients, ["Sở Nội vụ"]);
            assert_eq!(d[0].action.as_deref(), Some("gửi báo cáo"));
            assert_eq!(&src[d[0].span.range()], "trước ngày 20/11/2026");
        });
    }

    #[test]
    fn no_deadline_without_a_date() {
        let src = "KẾ HOẠCH\nThi đua\nI. TỔ CHỨC THỰC HIỆN\n1. Các đơn vị báo cáo trước ngày nhận quyết định; trước ngày 35/13 hằng năm.\n";
        with_ctx(src, |ctx| assert!(extract(ctx, &[], None).is_empty()));
    }

    #[test]
    fn quarter_month_year_and_relative_obligations() {
        let src = "KẾ HOẠCH\nSố: 45/KH-UBND ngày 10 tháng 3 năm 2026\nChuyển đổi số năm 2026\nI. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp rà soát thủ tục hành chính, xong trong Quý II/2026.\n2. Các huyện báo cáo kết quả về Sở Nội vụ trong tháng 11/2026.\n3. Phấn đấu trong năm 2026, 100% hồ sơ được số hóa.\n4. Các đơn vị xây dựng kế hoạch trong 15 ngày kể từ ngày ký.\n5. Định kỳ 6 tháng, hằng năm, các xã báo cáo kết quả về Ủy ban nhân dân huyện.\n6. Thường xuyên tuyên truyền về chuyển đổi số.\n";
        with_ctx(src, |ctx| {
            let t = tasks::extract(ctx);
            let d = extract(ctx, &t, Some("2026-03-10"));
            let got: Vec<_> = d
                .iter()
                .map(|d| {
                    (
                        &src[d.span.range()],
                        d.by.as_deref(),
                        d.recurrence.as_deref(),
                        d.task_id.as_deref(),
                    )
                })
                .collect();
            assert_eq!(
                got,
                [
                    (
                        "xong trong Quý II/2026",
                        Some("2026-06-30"),
                        Some("once"),
                        Some("I.1")
                    ),
                    (
                        "trong tháng 11/2026",
                        Some("2026-11-30"),
                        Some("once"),
                        Some("I.2")
                    ),
                    (
                        "trong 15 ngày kể từ ngày ký",
                        Some("2026-03-25"),
                        Some("once"),
                        Some("I.4")
                    ),
                    ("Định kỳ 6 tháng", None, Some("half_yearly"), Some("I.5")),
                    ("hằng năm", None, Some("yearly"), Some("I.5")),
                ]
            );
            assert_eq!((d[0].day, d[0].month, d[0].year), (None, None, Some(2026)));
            assert_eq!(
                (d[1].day, d[1].month, d[1].year),
                (None, Some(11), Some(2026))
            );
            assert_eq!(d[0].responsible, ["Sở Tư pháp"]);
            assert_eq!(d[1].recipients, ["Sở Nội vụ"]);
            assert_eq!(d[3].responsible, ["các xã"]);
            assert_eq!(d[3].recipients, ["Ủy ban nhân dân huyện"]);
        });
    }

    #[test]
    fn relative_spans_wait_for_a_plan_date() {
        let src = "KẾ HOẠCH\nThi đua\nI. TỔ CHỨC THỰC HIỆN\n1. Các đơn vị gửi kế hoạch về Sở Nội vụ trong 10 ngày kể từ ngày ban hành.\n";
        with_ctx(src, |ctx| {
            let d = extract(ctx, &[], None);
            assert_eq!(d.len(), 1);
            assert_eq!(
                (d[0].by.as_deref(), d[0].recurrence.as_deref()),
                (None, Some("once"))
            );
        });
    }
}
