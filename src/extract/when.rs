//! Time expressions of obligations, as plans write them: a day ("trước ngày 30/11
//! hằng năm", "Trước ngày 05 tháng 12 năm 2026"), a quarter ("Xong trong Quý
//! II/2026"), a month ("trong tháng 5/2026"), a year ("trong năm 2026"), a span
//! counted from the plan ("trong 15 ngày kể từ ngày ký"), and a rhythm ("định kỳ 6
//! tháng", "hằng quý", "thường xuyên").
//!
//! [`phrases`] finds them all in a text, in order and without overlaps; [`When`]
//! tells what each one fixes (day, month, year, the last day it allows, its
//! recurrence). Nothing is guessed: a year not written stays `None`, and a relative
//! span resolves only against a known plan date, in calendar days.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::calendar::{add_days, iso, month_end};
use super::rhythms;
use crate::byteword::{ascii_in, word_of};
use crate::plan::Due;
use crate::syllable::fold;

/// What a time expression fixes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum When {
    /// "trước ngày 30/11", with the year when written and whether "hằng năm"
    /// follows.
    Before {
        day: u32,
        month: u32,
        year: Option<i32>,
        yearly: bool,
    },
    /// "trong Quý II/2026".
    Quarter { quarter: u32, year: i32 },
    /// "trong tháng 5/2026".
    Month { month: u32, year: i32 },
    /// "trong năm 2026".
    Year { year: i32 },
    /// "trong 15 ngày (làm việc) kể từ ngày ký".
    Relative { days: i64, working: bool },
    /// "hằng quý", "định kỳ 6 tháng", "thường xuyên": a recurrence of the schema.
    Recurring(&'static str),
}

/// A time expression and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Phrase {
    /// Byte range in the text searched.
    pub range: Range<usize>,
    /// What it fixes.
    pub when: When,
}

impl When {
    /// Day, month and year as written.
    pub fn parts(&self) -> (Option<u32>, Option<u32>, Option<i32>) {
        match *self {
            When::Before {
                day, month, year, ..
            } => (Some(day), Some(month), year),
            When::Quarter { year, .. } | When::Year { year } => (None, None, Some(year)),
            When::Month { month, year } => (None, Some(month), Some(year)),
            When::Relative { .. } | When::Recurring(_) => (None, None, None),
        }
    }

    /// The last day allowed, ISO, when the expression fixes one; relative spans
    /// count calendar days from `base`, the plan's ISO date.
    pub fn by(&self, base: Option<&str>) -> Option<String> {
        match *self {
            When::Before {
                day, month, year, ..
            } => year.and_then(|y| iso(y, month, day)),
            When::Quarter { quarter, year } => iso(year, quarter * 3, month_end(year, quarter * 3)),
            When::Month { month, year } => iso(year, month, month_end(year, month)),
            When::Year { year } => iso(year, 12, 31),
            When::Relative {
                days,
                working: false,
            } => base.and_then(|b| add_days(b, days)),
            When::Relative { working: true, .. } | When::Recurring(_) => None,
        }
    }

    /// The recurrence: `yearly` for "hằng năm" after a day, `once` for anything
    /// that fixes a single last day, `None` for a day without a year or rhythm.
    pub fn recurrence(&self) -> Option<&'static str> {
        match *self {
            When::Before { yearly: true, .. } => Some("yearly"),
            When::Before { year: Some(_), .. }
            | When::Quarter { .. }
            | When::Month { .. }
            | When::Year { .. }
            | When::Relative { .. } => Some("once"),
            When::Before { .. } => None,
            When::Recurring(r) => Some(r),
        }
    }

    /// True when the expression names a date or a span, not only a rhythm.
    pub fn is_dated(&self) -> bool {
        !matches!(self, When::Recurring(_))
    }
}

impl Phrase {
    /// The task due this phrase gives, its text taken from `text`.
    pub fn due(&self, text: &str, base: Option<&str>) -> Due {
        Due {
            text: text[self.range.clone()].to_string(),
            by: self.when.by(base),
            recurrence: self.when.recurrence().map(str::to_string),
        }
    }
}

/// "trước ngày 30/11", "Trước ngày 05 tháng 12 năm 2026", with "hằng năm" after.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:trước|chậm nhất|hạn chót)(?:\s+là)?\s+ngày\s+(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)(\d{1,2})(?:\s*(?:/|-|\.|\s+năm\s+)(\d{4}))?(?:\s*,?\s*(?:hằng|hàng)\s+năm)?").unwrap()
});

static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?:xong|hoàn thành)\s+)?trong\s+quý\s+(IV|III|II|I|[1-4])\s*(?:/|năm\s+)(\d{4})",
    )
    .unwrap()
});

static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?:xong|hoàn thành)\s+)?trong\s+tháng\s+(\d{1,2})\s*(?:/|năm\s+)(\d{4})")
        .unwrap()
});

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:(?:xong|hoàn thành)\s+)?trong\s+năm\s+(\d{4})").unwrap());

static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:trong|chậm nhất)\s+(?:vòng\s+|thời hạn\s+|là\s+)?(\d{1,3})\s+ngày(\s+làm việc)?\s*,?\s*kể từ\s+ngày\s+(?:ký|ban hành|Kế hoạch)").unwrap()
});

/// Every time expression of `text`, in order; where two overlap, the one that
/// opens first (then the longer) wins. For a reader that takes no rhythm alone,
/// `rhythms_bind` says whether it would take one here: when it would not and no
/// dated phrase is found, rhythms are not looked for (with no dated phrase they
/// hide nothing).
pub(crate) fn phrases(text: &str, rhythms_bind: impl FnOnce() -> bool) -> Vec<Phrase> {
    let mut found = Vec::new();
    dated_candidates(text, false, &mut found);
    if !found.is_empty() || rhythms_bind() {
        rhythm_candidates(text, false, &mut found);
    }
    found.sort_by_key(|p| (p.range.start, std::cmp::Reverse(p.range.end)));
    let mut out: Vec<Phrase> = Vec::with_capacity(found.len());
    for p in found {
        if out.last().is_none_or(|l| p.range.start >= l.range.end) {
            out.push(p);
        }
    }
    out
}

/// The first of [`phrases`], without reading past each form's first match: the
/// phrase that opens first (then the longer) is some form's first.
fn first_phrase(text: &str) -> Option<Phrase> {
    let mut found = Vec::new();
    dated_candidates(text, true, &mut found);
    rhythm_candidates(text, true, &mut found);
    found
        .into_iter()
        .min_by_key(|p| (p.range.start, std::cmp::Reverse(p.range.end)))
}

/// The matches of every dated form in `text` added to `found`, form by form (only
/// each form's first with `first_only`); they may overlap.
fn dated_candidates(text: &str, first_only: bool, found: &mut Vec<Phrase>) {
    scan_forms(text, first_only, forms_possible(text), found);
}

/// Whether each dated form (before a day, quarter, month, year, relative span)
/// can match `text`, by cheap tests: its numbers are parsed as ASCII digits (a
/// match without them is dropped, so a text without them has none of the form),
/// each in the place its form puts it (see [`Digits`]), and each form needs its
/// own letter with a mark ("ngày", "quý", "tháng", "năm", "kể từ"), in one of its
/// two cases (the only characters that match it case-insensitively).
fn forms_possible(text: &str) -> [bool; 5] {
    let d = Digits::of(text);
    let has = |lower: char, upper: char| text.contains(lower) || text.contains(upper);
    [
        d.day && has('à', 'À'),
        d.year_after_slash_or_nam && has('ý', 'Ý'),
        d.year_after_slash_or_nam && has('á', 'Á'),
        d.year_after_nam && has('ă', 'Ă'),
        d.days && has('ể', 'Ể'),
    ]
}

/// The matches of the dated forms that `on` lets run (see [`forms_possible`]).
fn scan_forms(text: &str, first_only: bool, on: [bool; 5], found: &mut Vec<Phrase>) {
    let mut push = |range: Range<usize>, when: When| found.push(Phrase { range, when });
    let [before, quarter, month, year, relative] = on;
    if before {
        for c in BEFORE.captures_iter(text) {
            let (Some(m), Ok(day), Ok(month)) = (c.get(0), c[1].parse(), c[2].parse()) else {
                continue;
            };
            if (1..=31).contains(&day) && (1..=12).contains(&month) {
                let year = c.get(3).and_then(|y| y.as_str().parse().ok());
                let yearly = year.is_none() && fold(m.as_str()).contains(" nam");
                push(
                    m.range(),
                    When::Before {
                        day,
                        month,
                        year,
                        yearly,
                    },
                );
                if first_only {
                    break;
                }
            }
        }
    }
    if quarter {
        for c in QUARTER.captures_iter(text) {
            let (Some(m), Ok(year)) = (c.get(0), c[2].parse()) else {
                continue;
            };
            let quarter = match &c[1].to_uppercase()[..] {
                "I" | "1" => 1,
                "II" | "2" => 2,
                "III" | "3" => 3,
                _ => 4,
            };
            push(m.range(), When::Quarter { quarter, year });
            if first_only {
                break;
            }
        }
    }
    if month {
        for c in MONTH.captures_iter(text) {
            let (Some(m), Ok(month), Ok(year)) = (c.get(0), c[1].parse(), c[2].parse()) else {
                continue;
            };
            if (1..=12).contains(&month) {
                push(m.range(), When::Month { month, year });
                if first_only {
                    break;
                }
            }
        }
    }
    if year {
        for c in YEAR.captures_iter(text) {
            if let (Some(m), Ok(year)) = (c.get(0), c[1].parse()) {
                push(m.range(), When::Year { year });
                if first_only {
                    break;
                }
            }
        }
    }
    if relative {
        for c in RELATIVE.captures_iter(text) {
            if let (Some(m), Ok(days)) = (c.get(0), c[1].parse()) {
                let working = c.get(2).is_some();
                push(m.range(), When::Relative { days, working });
                if first_only {
                    break;
                }
            }
        }
    }
}

/// The rhythm phrases of `text` added to `found` (only the first with `first_only`).
fn rhythm_candidates(text: &str, first_only: bool, found: &mut Vec<Phrase>) {
    for r in rhythms::find(text) {
        let when = When::Recurring(rhythm(&text[r.clone()]));
        found.push(Phrase { range: r, when });
        if first_only {
            break;
        }
    }
}

/// Where the ASCII digit runs of a text stand, as far as the dated forms need:
/// each form's number follows or precedes a word only these places allow, so a
/// text without the place has no match of the form. "Spaces" are one or more
/// whitespace characters, `\s+` of the forms.
#[derive(Debug, Default, PartialEq, Eq)]
struct Digits {
    /// A run after spaces after "y" or "Y" (the day of "ngày 30/11", [`BEFORE`]).
    day: bool,
    /// Four or more after "/", or after spaces after "m" or "M" (the year of
    /// "Quý II/2026", "tháng 5 năm 2026": [`QUARTER`], [`MONTH`]).
    year_after_slash_or_nam: bool,
    /// Four or more after spaces after "m" or "M" ("năm 2026", [`YEAR`]).
    year_after_nam: bool,
    /// A run before spaces and "n" or "N" (the span of "15 ngày", [`RELATIVE`]).
    days: bool,
}

impl Digits {
    fn of(text: &str) -> Digits {
        let mut d = Digits::default();
        for run in digit_runs(text.as_bytes()) {
            let head = &text[..run.start];
            let word = head.trim_end();
            let spaced = word.len() < head.len();
            let after_m = spaced && word.ends_with(['m', 'M']);
            let four = run.len() >= 4;
            d.day |= spaced && word.ends_with(['y', 'Y']);
            d.year_after_slash_or_nam |= four && (after_m || head.ends_with('/'));
            d.year_after_nam |= four && after_m;
            let tail = &text[run.end..];
            let next = tail.trim_start();
            d.days |= next.len() < tail.len() && next.starts_with(['n', 'N']);
        }
        d
    }
}

/// The runs of ASCII digits of `bytes`, in order.
///
/// Eight bytes at a time: most stretches of a plan hold no digit, and a word
/// without one is passed over in a few instructions instead of a test a byte.
fn digit_runs(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if let Some(chunk) = bytes.get(i..i + 8) {
                if ascii_in(word_of(chunk), b'0', b'9') == 0 {
                    i += 8;
                    continue;
                }
            }
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                return Some(start..i);
            }
            i += 1;
        }
        None
    })
}

/// The recurrence a rhythm phrase names.
fn rhythm(phrase: &str) -> &'static str {
    let k = fold(phrase);
    if k.contains("thuong xuyen") {
        "continuous"
    } else if k.contains("thang") && (k.contains('6') || k.contains("sau")) {
        "half_yearly"
    } else if k.ends_with("quy") {
        "quarterly"
    } else if k.ends_with("thang") {
        "monthly"
    } else {
        "yearly"
    }
}

/// The first time expression of a text and the due it gives, relative spans
/// resolved against `base` when given.
pub fn first_due(text: &str, base: Option<&str>) -> Option<(Range<usize>, Due)> {
    let p = first_phrase(text)?;
    let due = p.due(text, base);
    Some((p.range, due))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_as_byte_tests() {
        let plain = |t: &str| {
            let b = t.as_bytes();
            let mut runs: Vec<Range<usize>> = Vec::new();
            for (i, c) in b.iter().enumerate() {
                match runs.last_mut() {
                    Some(r) if c.is_ascii_digit() && r.end == i => r.end += 1,
                    _ if c.is_ascii_digit() => runs.push(i..i + 1),
                    _ => {}
                }
            }
            runs
        };
        let mut texts = vec![
            String::new(),
            "trước ngày 30/11 hằng năm".to_string(),
            "Xong trong Quý II/2026; ngày 05 tháng 12 năm 2026".to_string(),
            "không có chữ số nào ở đây cả, chỉ có chữ thôi nhé".to_string(),
            "12 345 6789".to_string(),
            "\u{1D7CE}\u{FF11}\u{0661}١٢٣٤ ٠/:;@`".to_string(),
        ];
        // Every byte beside digits, and runs of one to five digits at every offset
        // of an eight-byte word.
        let all: Vec<u8> = (0..=255).collect();
        texts.push(String::from_utf8_lossy(&all).into_owned());
        for c in (0u8..128)
            .map(char::from)
            .chain(['à', 'ể', '\u{80}', 'ÿ', '\u{2070}'])
        {
            for run in 1..=5 {
                for at in 0..10 {
                    let mut t: String = std::iter::repeat_n(c, at).collect();
                    t.extend(std::iter::repeat_n('7', run));
                    t.extend(std::iter::repeat_n(c, 9));
                    texts.push(t);
                }
            }
        }
        for t in &texts {
            assert_eq!(
                digit_runs(t.as_bytes()).collect::<Vec<_>>(),
                plain(t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn digit_places_rule_out_no_match() {
        let mut texts: Vec<String> = [
            "Trước ngày 05 tháng 12 năm 2026, hạn chót là ngày 1/2; chậm nhất  ngày\u{a0}3-4",
            "Xong trong Quý II/2026; hoàn thành trong quý 3 năm 2027; trong tháng 5/2026",
            "trong THÁNG 12 NĂM 2030, TRONG NĂM\t2025; trong năm 20266",
            "trong 15 ngày kể từ ngày ký; chậm nhất là 30 ngày làm việc, kể từ ngày ban hành",
            "ngày 2026; năm/2026; quý II /2026; trong 1234 ngày kể từ ngày Kế hoạch",
            "Định kỳ 6 tháng; Quyết định số 1315/QĐ-TTg ngày 21/10/2023",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let snippets = texts.len();
        for plan in crate::extract::folded::testing::corpus_texts() {
            texts.extend(plan.split('\n').map(str::to_string));
        }
        let mut matched = 0;
        for (i, t) in texts.iter().enumerate() {
            let (mut gated, mut plain) = (Vec::new(), Vec::new());
            dated_candidates(t, false, &mut gated);
            scan_forms(t, false, [true; 5], &mut plain);
            assert_eq!(gated, plain, "{t}");
            if i < snippets {
                matched += plain.len();
            }
        }
        assert_eq!(matched, 11, "the dated phrases of the snippets");
    }

    fn whens(s: &str) -> Vec<(&str, When)> {
        phrases(s, || true)
            .into_iter()
            .map(|p| (&s[p.range], p.when))
            .collect()
    }

    #[test]
    fn every_form_in_order() {
        let s = "Xong trong Quý II/2026; báo cáo trong tháng 5/2026, tổng kết trong năm 2030, định kỳ 6 tháng và hằng quý gửi Sở Tư pháp trước ngày 15/12 hằng năm.";
        let w = whens(s);
        assert_eq!(
            w,
            [
                (
                    "Xong trong Quý II/2026",
                    When::Quarter {
                        quarter: 2,
                        year: 2026
                    }
                ),
                (
                    "trong tháng 5/2026",
                    When::Month {
                        month: 5,
                        year: 2026
                    }
                ),
                ("trong năm 2030", When::Year { year: 2030 }),
                ("định kỳ 6 tháng", When::Recurring("half_yearly")),
                ("hằng quý", When::Recurring("quarterly")),
                (
                    "trước ngày 15/12 hằng năm",
                    When::Before {
                        day: 15,
                        month: 12,
                        year: None,
                        yearly: true
                    }
                ),
            ]
        );
    }

    #[test]
    fn the_first_phrase_is_the_first_of_all() {
        for s in [
            "Xong trong Quý II/2026; báo cáo trong tháng 5/2026, tổng kết trong năm 2030.",
            "Định kỳ 6 tháng và hằng quý gửi báo cáo trước ngày 15/12 hằng năm.",
            "trước ngày 45/13, trước ngày 30/11/2026 và trong 15 ngày kể từ ngày ký",
            "hằng năm; trong năm 2026",
            "thường xuyên, trong tháng 13/2026, trong tháng 12/2026",
            "không có thời hạn",
        ] {
            assert_eq!(
                first_phrase(s),
                phrases(s, || true).into_iter().next(),
                "{s}"
            );
        }
    }

    #[test]
    fn last_days() {
        let by = |s: &str| {
            phrases(s, || true)
                .first()
                .and_then(|p| p.when.by(Some("2026-12-20")))
        };
        assert_eq!(by("Xong trong Quý II/2026").as_deref(), Some("2026-06-30"));
        assert_eq!(by("trong quý 1 năm 2028").as_deref(), Some("2028-03-31"));
        assert_eq!(by("trong tháng 2/2028").as_deref(), Some("2028-02-29"));
        assert_eq!(
            by("hoàn thành trong năm 2026").as_deref(),
            Some("2026-12-31")
        );
        assert_eq!(
            by("trong 15 ngày kể từ ngày ký Kế hoạch").as_deref(),
            Some("2027-01-04")
        );
        assert_eq!(by("trong 10 ngày làm việc kể từ ngày ký"), None);
        assert_eq!(by("trước ngày 31/02/2026"), None);
        assert_eq!(by("thường xuyên"), None);
        assert_eq!(by("trong tháng 13/2026"), None);
    }

    #[test]
    fn recurrences() {
        let rec = |s: &str| {
            phrases(s, || true)
                .first()
                .and_then(|p| p.when.recurrence())
        };
        assert_eq!(rec("trước ngày 30/11 hằng năm"), Some("yearly"));
        assert_eq!(rec("trước ngày 30/11/2026"), Some("once"));
        assert_eq!(rec("trước ngày 30/11"), None);
        assert_eq!(rec("sáu tháng một lần"), Some("half_yearly"));
        assert_eq!(rec("hàng tháng"), Some("monthly"));
        assert_eq!(rec("Thường xuyên"), Some("continuous"));
        assert_eq!(rec("trong 30 ngày kể từ ngày ban hành"), Some("once"));
    }

    #[test]
    fn rhythms_looked_for_only_where_they_bind_or_may_hide_a_date() {
        let rhythm_only = "Định kỳ 6 tháng, thường xuyên kiểm tra.";
        assert!(phrases(rhythm_only, || false).is_empty());
        assert_eq!(phrases(rhythm_only, || true).len(), 2);
        // With a dated phrase every rhythm is read, as it may overlap the date.
        for s in [
            "Hằng năm, trước ngày 30/11 hằng năm báo cáo; định kỳ 6 tháng.",
            "Xong trong Quý II/2026, sau đó định kỳ hàng quý.",
        ] {
            assert_eq!(phrases(s, || false), phrases(s, || true), "{s}");
        }
        let mut asked = false;
        phrases("Hoàn thành trong năm 2026.", || {
            asked = true;
            true
        });
        assert!(!asked, "a dated phrase found, the reader is not asked");
    }

    #[test]
    fn no_time_no_phrase() {
        assert!(phrases("Sở Tư pháp chủ trì tổ chức thực hiện.", || true).is_empty());
        assert!(phrases("trước ngày 35/13", || true).is_empty());
        assert!(phrases("Quý I", || true).is_empty());
    }
}
