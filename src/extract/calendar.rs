//! Civil calendar arithmetic shared by the extractors: month lengths, valid dates
//! and ISO formatting. No offsets, no text.

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
    }
}
