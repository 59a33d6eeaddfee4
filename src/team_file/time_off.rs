//! Reading a developer's `time_off` entries: whole days, half days and
//! hour ranges (the forms and their rules are in the parent module's
//! documentation and docs/formats.md).

use std::ops::Range;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use toml::{Spanned, Value};

use crate::error::Problem;
use crate::team::{Calendar, DateRange, TimeRange};
use crate::toml_read::Reader;
use crate::Result;

impl Reader<'_> {
    /// A `time_off` entry of whole days: `[first, last]` or a single date
    /// (what a scenario's `add_time_off` takes).
    pub(crate) fn day_range(&self, item: &Spanned<Value>) -> Result<DateRange> {
        match self.time_off(item, &Calendar::default())? {
            TimeOff::Days(r) => Ok(r),
            TimeOff::Hours(_) => Err(self.bad_value(
                &item.span(),
                "time_off",
                self.written(&item.span()),
                "is part of a day; here time off is whole days (a date or a [first, last] pair of dates)",
            )),
        }
    }

    /// A `time_off` entry: a date or `[first, last]` pair of dates (whole
    /// days), a half day `"YYYY-MM-DD am"` / `"pm"`, or an hour range
    /// `["YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM"]` (end exclusive).
    pub(super) fn time_off(&self, item: &Spanned<Value>, calendar: &Calendar) -> Result<TimeOff> {
        let span = item.span();
        let Value::Array(pair) = item.get_ref() else {
            return self.time_off_one(item.get_ref(), &span, calendar);
        };
        let [first, last] = pair.as_slice() else {
            return Err(self.bad_value(
                &span,
                "time_off",
                self.written(&span),
                "must be a date or a [first, last] pair of dates or date-times",
            ));
        };
        match (self.point(first, &span)?, self.point(last, &span)?) {
            (Point::Date(first), Point::Date(last)) => {
                if last < first {
                    return Err(self.bad_value(
                        &span,
                        "time_off",
                        format!("{first} to {last}"),
                        "ends before it starts",
                    ));
                }
                Ok(TimeOff::Days(DateRange { first, last }))
            }
            (Point::DateTime(start), Point::DateTime(end)) => {
                let shown = format!("{} to {}", fmt_minute(start), fmt_minute(end));
                if end < start {
                    return Err(self.bad_value(&span, "time_off", shown, "ends before it starts"));
                }
                if end == start {
                    return Err(self.bad_value(
                        &span,
                        "time_off",
                        shown,
                        "ends when it starts (the end is the first minute back at work)",
                    ));
                }
                let range = TimeRange { start, end };
                if !touches_working_hours(calendar, range) {
                    let opens = calendar.day_start;
                    let closes = opens
                        + Duration::minutes((calendar.hours_per_day * 60.0).round() as i64);
                    return Err(self.bad_value(
                        &span,
                        "time_off",
                        shown,
                        format!(
                            "is outside working hours ({} to {}), so it takes no time off; check the times",
                            opens.format("%H:%M"),
                            closes.format("%H:%M")
                        ),
                    ));
                }
                Ok(TimeOff::Hours(range))
            }
            _ => Err(self.bad_value(
                &span,
                "time_off",
                self.written(&span),
                "mixes a date and a date-time; write two dates (whole days) or two date-times YYYY-MM-DD HH:MM (an hour range)",
            )),
        }
    }

    /// A single `time_off` value: a date or a half day.
    fn time_off_one(
        &self,
        value: &Value,
        span: &Range<usize>,
        calendar: &Calendar,
    ) -> Result<TimeOff> {
        if let Some(text) = value.as_str() {
            let mut words = text.split_whitespace();
            if let (Some(day), Some(half), None) = (words.next(), words.next(), words.next()) {
                let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
                let half = match half.to_lowercase().as_str() {
                    "am" | "morning" => Some(false),
                    "pm" | "afternoon" => Some(true),
                    _ => None,
                };
                if let (Some(day), Some(afternoon)) = (day, half) {
                    return Ok(TimeOff::Hours(half_day(calendar, day, afternoon)));
                }
                if parse_minute(text).is_some() {
                    return Err(self.bad_value(
                        span,
                        "time_off",
                        text.trim(),
                        "is a single date-time; an hour range is a [start, end] pair, or write a half day YYYY-MM-DD am or pm",
                    ));
                }
                return Err(self.bad_value(
                    span,
                    "time_off",
                    text.trim(),
                    "is not a date or a half day (write YYYY-MM-DD, YYYY-MM-DD am or YYYY-MM-DD pm)",
                ));
            }
        }
        match self.point(value, span)? {
            Point::Date(day) => Ok(TimeOff::Days(DateRange {
                first: day,
                last: day,
            })),
            Point::DateTime(t) => Err(self.bad_value(
                span,
                "time_off",
                fmt_minute(t),
                "is a single date-time; an hour range is a [start, end] pair, or write a half day YYYY-MM-DD am or pm",
            )),
        }
    }

    /// One end of a `time_off` pair: a date, or a date-time to the minute.
    fn point(&self, value: &Value, span: &Range<usize>) -> Result<Point> {
        let text = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Datetime(dt) => dt.to_string(),
            _ => return self.date(value, span, "time_off").map(Point::Date),
        };
        if let Ok(day) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            return Ok(Point::Date(day));
        }
        if let Some(t) = parse_minute(&text) {
            return Ok(Point::DateTime(t));
        }
        let expected = if text.contains(':') {
            "date-time (YYYY-MM-DD HH:MM)"
        } else {
            "date (YYYY-MM-DD)"
        };
        Err(self.error(
            span,
            Problem::BadDate {
                field: "time_off".to_string(),
                value: text,
                expected: expected.to_string(),
            },
        ))
    }
}

/// A `time_off` entry read: whole days, or part of a day (or of a few).
pub(super) enum TimeOff {
    /// Whole days.
    Days(DateRange),
    /// Part of a day, or of a few.
    Hours(TimeRange),
}

/// One end of a `time_off` pair.
enum Point {
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

/// A date-time to the minute: `YYYY-MM-DD HH:MM`, with `T` for the space
/// too, and TOML's `YYYY-MM-DDTHH:MM:00`.
fn parse_minute(text: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .filter(|t| t.second() == 0 && t.nanosecond() == 0)
}

fn fmt_minute(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Half of `day`, split at the middle of the team's working day: the
/// morning runs from midnight to it, the afternoon from it to midnight.
fn half_day(calendar: &Calendar, day: NaiveDate, afternoon: bool) -> TimeRange {
    let midnight = day.and_time(NaiveTime::MIN);
    let middle = day.and_time(calendar.day_start)
        + Duration::minutes((calendar.hours_per_day * 30.0).round() as i64);
    if afternoon {
        TimeRange {
            start: middle,
            end: midnight + Duration::days(1),
        }
    } else {
        TimeRange {
            start: midnight,
            end: middle,
        }
    }
}

/// Whether the range holds a minute of the team's working hours (from
/// `day_start`, `hours_per_day` long) on one of its dates.
fn touches_working_hours(calendar: &Calendar, r: TimeRange) -> bool {
    let length = Duration::minutes((calendar.hours_per_day * 60.0).round() as i64);
    // Past the first full day of the range, a whole day of working hours lies inside it.
    let mut day = r.start.date();
    for _ in 0..3 {
        let opens = day.and_time(calendar.day_start);
        if r.overlaps(opens, opens + length) {
            return true;
        }
        match day.succ_opt() {
            Some(next) if next <= r.end.date() => day = next,
            _ => return false,
        }
    }
    false
}
