//! The ground floor: how every layer writes numbers, dates and untrusted
//! text. Nothing here knows a backlog, a team or a plan, and this module
//! imports no other module of the crate, so every module may import it.
//!
//! - [`escape`] makes untrusted text inert in HTML, Markdown, CSV cells and
//!   on the terminal;
//! - the functions below format numbers (shortest decimal form, rounding
//!   for JSON and for workbook cells), date-times (the files' form and the
//!   people's form), shares and long names.

pub mod escape;
pub mod fit;

use chrono::{NaiveDate, NaiveDateTime, Timelike};

/// Shortest decimal form with at most `places` decimals: `8`, `7.5`,
/// `26.67`; never `-0`.
pub fn num(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// `x` rounded to `places` decimals (half away from zero), for the JSON
/// files.
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// `x` rounded to `places` decimals exactly as [`num`] writes it (ties
/// included), so a workbook cell and its CSV value are the same number.
pub fn round_as_written(x: f64, places: usize) -> f64 {
    num(x, places).parse().unwrap_or(x)
}

/// `YYYY-MM-DDTHH:MM`, as in the CSV and JSON files.
pub fn date_time(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// `YYYY-MM-DD HH:MM`, for people.
pub fn date_time_human(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// `Wed 16 Dec 2026`: a date for people, with its weekday.
pub fn day(d: &NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// `Wed 16 Dec 2026 am`: a forecast date for people, to the half-day:
/// `am` before 12:00, `pm` from 12:00 on (a spreadsheet's AM/PM draws the
/// same line). A P85 to the minute is false precision; the files keep the
/// minute ([`date_time`]).
pub fn half_day(t: &NaiveDateTime) -> String {
    format!("{} {}", day(&t.date()), am_pm(t))
}

/// `16 Dec pm`: [`half_day`] without the weekday and the year, for a table
/// whose dates all fall within a year (it says from which date).
pub fn day_month_half(t: &NaiveDateTime) -> String {
    format!("{} {}", t.format("%-d %b"), am_pm(t))
}

/// `am` before 12:00, `pm` from 12:00 on.
fn am_pm(t: &NaiveDateTime) -> &'static str {
    if t.hour() < 12 {
        "am"
    } else {
        "pm"
    }
}

/// Hours for people: `12.5 h`.
pub fn hours(h: f64) -> String {
    format!("{} h", num(h, 1))
}

/// A share as a percentage with at most one decimal: `97.3%`, `100%`, `0%`.
pub fn percent(share: f64) -> String {
    format!("{}%", num(share * 100.0, 1))
}

/// `text` cut to `width` characters, the last one `…` when cut.
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn numbers() {
        assert_eq!(num(26.666, 2), "26.67");
        assert_eq!(num(8.0, 2), "8");
        assert_eq!(num(-0.001, 1), "0");
        assert_eq!(round(2.345, 2), 2.35);
        assert_eq!(round_as_written(0.125, 2), 0.12);
        assert_eq!(percent(0.973), "97.3%");
        assert_eq!(percent(1.0), "100%");
    }

    /// The half-day turns at noon: 11:59 is still the morning, 12:00 is
    /// the afternoon, and the end of a working day is too.
    #[test]
    fn forecast_dates_read_to_the_half_day() {
        let at = |d: u32, h: u32, m: u32| {
            NaiveDate::from_ymd_opt(2026, 12, d)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap()
        };
        assert_eq!(half_day(&at(16, 9, 0)), "Wed 16 Dec 2026 am");
        assert_eq!(half_day(&at(16, 11, 59)), "Wed 16 Dec 2026 am");
        assert_eq!(half_day(&at(16, 12, 0)), "Wed 16 Dec 2026 pm");
        assert_eq!(half_day(&at(16, 17, 0)), "Wed 16 Dec 2026 pm");
        assert_eq!(half_day(&at(3, 0, 0)), "Thu 3 Dec 2026 am");
        assert_eq!(half_day(&at(31, 23, 59)), "Thu 31 Dec 2026 pm");
        assert_eq!(day_month_half(&at(16, 11, 59)), "16 Dec am");
        assert_eq!(day_month_half(&at(3, 12, 0)), "3 Dec pm");
    }

    #[test]
    fn dates_and_names() {
        let t = NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(9, 5, 0)
            .unwrap();
        assert_eq!(date_time(&t), "2026-12-02T09:05");
        assert_eq!(date_time_human(&t), "2026-12-02 09:05");
        assert_eq!(day(&t.date()), "Wed 2 Dec 2026");
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
        assert_eq!(shorten(&"x".repeat(70), 60).chars().count(), 60);
    }
}
