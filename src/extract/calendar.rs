//! Civil calendar arithmetic shared by the extractors: month lengths, valid dates,
//! ISO formatting and day counts. No offsets, no text.

/// Last day of a month (1..=12) of a year.
pub(crate) fn month_end(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// True when the day exists in that month.
pub(crate) fn is_valid_date(year: i32, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= month_end(year, month)
}

/// An ISO date when the parts make one.
pub(crate) fn iso(year: i32, month: u32, day: u32) -> Option<String> {
    is_valid_date(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// `base` (ISO) plus `days`, when `base` is a valid ISO date.
pub(crate) fn add_days(base: &str, days: i64) -> Option<String> {
    let mut parts = base.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !is_valid_date(
        i32::try_from(y).ok()?,
        u32::try_from(m).ok()?,
        u32::try_from(d).ok()?,
    ) {
        return None;
    }
    let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years_and_month_ends() {
        assert_eq!(iso(2024, 2, 29).as_deref(), Some("2024-02-29"));
        assert_eq!(iso(2023, 2, 29), None);
        assert_eq!(iso(1900, 2, 29), None);
        assert_eq!(iso(2000, 2, 29).as_deref(), Some("2000-02-29"));
        assert_eq!(month_end(2026, 6), 30);
        assert!(!is_valid_date(2026, 13, 1));
        assert!(!is_valid_date(2026, 4, 0));
        assert_eq!(add_days("2024-02-28", 1).as_deref(), Some("2024-02-29"));
        assert_eq!(add_days("2026-12-20", 15).as_deref(), Some("2027-01-04"));
        assert_eq!(add_days("2026-02-30", 1), None);
    }
}
