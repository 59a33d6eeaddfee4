//! Calendar arithmetic: the planning clock, each developer's working time, and
//! conversions to dates, date-times, business hours and sprints.
//!
//! The planning clock counts whole minutes over the team's business days only
//! (workdays that are not holidays): business day `b` covers clock minutes
//! `[b·D, (b+1)·D)`, where `D` is the length of the longest working day anyone
//! has (normally `hours_per_day`). A developer works the first `cap` minutes of
//! each business day they are available, from `day_start` on. Integer minutes
//! keep the arithmetic exact and the output byte-stable.
//!
//! The clock starts at [`Calendar::plan_start`]: the calendar `start`, or the
//! as-of date of a re-plan (`--as-of`), so nothing is planned before it and
//! business hours count from it. Sprints keep counting from `start`
//! ([`WorkCalendar::sprint_of`]), so a re-plan in week 3 plans into sprint 2.
//!
//! Within a developer's own working time we also use a *work position*: the
//! number of working minutes the developer has had before a clock time. It
//! turns "do 300 minutes of work starting at t" into one addition and two
//! binary searches, which is what the schedulers need to be fast.
//!
//! A horizon ends at [`MAX_DAYS`] business days and never runs past
//! [`LAST_DATE`]: outputs write four-digit years, so no work is planned after
//! 9999-12-31. A plan that needs more time than that is refused, with
//! [`WorkCalendar::limit`] saying which limit it met.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

use crate::error::infeasible::{Facts, Idle, Infeasibility, Kind};
use crate::team::{Calendar, Developer, Team};

/// Minutes in an hour; the clock unit is one minute.
pub const MINUTE: i64 = 60;

/// Hours (as written in a backlog) to whole clock minutes, at least one.
pub fn hours_to_minutes(hours: f64) -> i64 {
    ((hours * MINUTE as f64).round() as i64).max(1)
}

/// Clock minutes to hours.
pub fn minutes_to_hours(minutes: i64) -> f64 {
    minutes as f64 / MINUTE as f64
}

/// The team's planning clock over a horizon of business days, with every
/// developer's working time.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    /// The team calendar it was built from.
    pub calendar: Calendar,
    /// Clock minutes per business day (`D`).
    pub day_minutes: i64,
    /// The date of each business day, index = business day.
    pub days: Vec<NaiveDate>,
    /// Working time per developer, in team order.
    pub developers: Vec<DevCalendar>,
}

/// One developer's working time over the horizon.
#[derive(Debug, Clone)]
pub struct DevCalendar {
    /// Working minutes on each business day.
    pub cap: Vec<i64>,
    /// `cum[b]` = working minutes on business days before `b` (length days + 1).
    pub cum: Vec<i64>,
}

/// Minutes a developer works on a full working day.
pub fn daily_minutes(calendar: &Calendar, dev: &Developer) -> i64 {
    let per_day = dev.weekly_hours / calendar.workdays.len().max(1) as f64 * dev.focus;
    (per_day * MINUTE as f64).round() as i64
}

fn is_business_day(calendar: &Calendar, day: NaiveDate) -> bool {
    calendar.workdays.contains(&day.weekday()) && !calendar.holidays.contains(&day)
}

fn available(dev: &Developer, day: NaiveDate) -> bool {
    dev.available_from.is_none_or(|f| day >= f)
        && dev.available_until.is_none_or(|u| day <= u)
        && !dev.time_off.iter().any(|r| r.contains(day))
}

/// The most business days a horizon may have (about 380 years of
/// Monday-to-Friday weeks): past it, a plan is not worth computing.
pub const MAX_DAYS: usize = 100_000;

/// The last date a plan may use: dates are written `YYYY-MM-DD`, and chrono
/// writes a later year as `+10000`, which nothing reads back.
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// What stopped a horizon from growing further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HorizonLimit {
    /// It has [`MAX_DAYS`] business days.
    MaxDays,
    /// No business day is left before [`LAST_DATE`].
    LastDate,
}

impl std::fmt::Display for HorizonLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HorizonLimit::MaxDays => {
                write!(f, "sprintcast plans at most {MAX_DAYS} business days ahead")
            }
            HorizonLimit::LastDate => write!(f, "sprintcast plans no work after {LAST_DATE}"),
        }
    }
}

/// Working days from `a` to `b` (negative when `b` is earlier): business
/// days between their dates times `hours_per_day`, plus the hours into each
/// one's day, divided by `hours_per_day`. Measures how far a re-plan moved
/// a start or finish; independent of the as-of date.
pub fn working_days_between(calendar: &Calendar, a: NaiveDateTime, b: NaiveDateTime) -> f64 {
    let hpd = calendar.hours_per_day.max(f64::MIN_POSITIVE);
    let hours = |t: NaiveDateTime| {
        let day = t.date();
        let whole = business_days_between(calendar, calendar.start, day) as f64 * hpd;
        let into = if is_business_day(calendar, day) {
            let since = (t - day.and_time(calendar.day_start)).num_seconds() as f64 / 3600.0;
            since.clamp(0.0, hpd)
        } else {
            0.0
        };
        whole + into
    };
    (hours(b) - hours(a)) / hpd
}

/// Business days in `[from, to)`: whole weeks by multiplication, the rest
/// day by day, holidays subtracted, so a far date costs no walk.
fn business_days_between(calendar: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    if to <= from {
        return 0;
    }
    let days = (to - from).num_days();
    let weeks = days / 7;
    let mut count = weeks * calendar.workdays.len() as i64;
    let mut day = from + Duration::days(weeks * 7);
    while day < to {
        if calendar.workdays.contains(&day.weekday()) {
            count += 1;
        }
        day = match day.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    let holidays = calendar
        .holidays
        .range(from..to)
        .filter(|h| calendar.workdays.contains(&h.weekday()))
        .count() as i64;
    count - holidays
}

/// Why a developer never has working time between the calendar start and
/// [`LAST_DATE`] (its `Display` reads e.g. "leaves on 2026-01-01, before the
/// calendar starts on 2026-11-30"); None when they have some.
pub fn never_works(calendar: &Calendar, dev: &Developer) -> Option<Idle> {
    let minutes = daily_minutes(calendar, dev);
    if minutes <= 0 {
        return Some(Idle::NoMinutes {
            weekly_hours: dev.weekly_hours,
            focus: dev.focus,
            workdays: calendar.workdays.len(),
        });
    }
    if calendar.workdays.is_empty() {
        return Some(Idle::NoWorkdays);
    }
    let first = calendar.plan_start();
    let from = dev.available_from.map_or(first, |f| f.max(first));
    let until = dev.available_until.map_or(LAST_DATE, |u| u.min(LAST_DATE));
    if let Some(u) = dev.available_until.filter(|u| *u < first) {
        return Some(Idle::LeavesBeforeStart {
            until: u,
            start: first,
        });
    }
    if from > until {
        return Some(Idle::JoinsAfter { from, until });
    }
    // Step over time off a range at a time, so a decade off is no walk.
    let mut day = from;
    while day <= until {
        if let Some(r) = dev.time_off.iter().find(|r| r.contains(day)) {
            match r.last.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
            continue;
        }
        if is_business_day(calendar, day) {
            return None;
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    Some(Idle::AlwaysOff { from, until })
}

/// Why no plan exists when no developer of the team ever has working time;
/// None when someone has.
pub fn nobody_works(team: &Team) -> Option<Infeasibility> {
    let cause = |facts| Infeasibility {
        kind: Kind::Availability,
        tasks: Vec::new(),
        facts,
    };
    if team.developers.is_empty() {
        return Some(cause(Facts::NoDevelopers));
    }
    let reasons: Option<Vec<(String, Idle)>> = team
        .developers
        .iter()
        .map(|d| never_works(&team.calendar, d).map(|why| (d.name.clone(), why)))
        .collect();
    reasons.map(|r| cause(Facts::NobodyWorks(r)))
}

impl WorkCalendar {
    /// Builds the clock with enough business days that every developer could
    /// do `work_minutes` of work on their own (or has left), and at least
    /// `min_days` days.
    pub fn new(team: &Team, work_minutes: i64, min_days: usize) -> WorkCalendar {
        let calendar = team.calendar.clone();
        let hpd = (calendar.hours_per_day * MINUTE as f64).round() as i64;
        let longest = team
            .developers
            .iter()
            .map(|d| daily_minutes(&calendar, d))
            .max()
            .unwrap_or(0);
        let day_minutes = hpd.max(longest).max(1);
        let last_end = team
            .developers
            .iter()
            .map(|d| d.available_until)
            .collect::<Option<Vec<_>>>()
            .and_then(|ends| ends.into_iter().max());
        let mut wc = WorkCalendar {
            calendar,
            day_minutes,
            days: Vec::new(),
            developers: team
                .developers
                .iter()
                .map(|_| DevCalendar {
                    cap: Vec::new(),
                    cum: vec![0],
                })
                .collect(),
        };
        let mut day = wc.calendar.plan_start();
        while wc.days.len() < MAX_DAYS && day <= LAST_DATE {
            if is_business_day(&wc.calendar, day) {
                let b = wc.days.len();
                wc.days.push(day);
                for (dev, dc) in team.developers.iter().zip(wc.developers.iter_mut()) {
                    let cap = if available(dev, day) {
                        daily_minutes(&wc.calendar, dev)
                    } else {
                        0
                    };
                    dc.cap.push(cap);
                    dc.cum.push(dc.cum[b] + cap);
                }
                let enough = wc.days.len() >= min_days
                    && team.developers.iter().zip(&wc.developers).all(|(dev, dc)| {
                        dc.cum[b + 1] >= work_minutes
                            || dev.available_until.is_some_and(|u| day > u)
                    });
                let everyone_left = last_end.is_some_and(|u| day > u);
                if enough || (everyone_left && wc.days.len() >= min_days) {
                    break;
                }
            }
            day = match day.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        wc
    }

    /// Number of business days in the horizon.
    pub fn horizon_days(&self) -> usize {
        self.days.len()
    }

    /// The limit that keeps the horizon from growing, when it has met one.
    pub fn limit(&self) -> Option<HorizonLimit> {
        if self.days.len() >= MAX_DAYS {
            return Some(HorizonLimit::MaxDays);
        }
        let next = match self.days.last() {
            Some(last) => last.succ_opt(),
            None => Some(self.calendar.plan_start()),
        };
        let left = next.is_some_and(|from| {
            from <= LAST_DATE
                && LAST_DATE
                    .succ_opt()
                    .is_none_or(|end| business_days_between(&self.calendar, from, end) > 0)
        });
        (!left).then_some(HorizonLimit::LastDate)
    }

    /// The clock time at the start of business day `b`.
    pub fn day_start_time(&self, b: usize) -> i64 {
        b as i64 * self.day_minutes
    }

    /// The business day a start time falls on, and the minutes into it.
    fn split_start(&self, t: i64) -> (usize, i64) {
        let b = t.div_euclid(self.day_minutes);
        (b.max(0) as usize, t - b.max(0) * self.day_minutes)
    }

    /// The business day an end time falls on (an end at midnight belongs to
    /// the day before), and the minutes into it.
    fn split_end(&self, t: i64) -> (usize, i64) {
        if t <= 0 {
            return (0, 0);
        }
        let b = (t - 1).div_euclid(self.day_minutes);
        (b as usize, t - b * self.day_minutes)
    }

    /// The date of business day `b`, also past the horizon.
    pub fn date_of(&self, b: usize) -> NaiveDate {
        if let Some(d) = self.days.get(b) {
            return *d;
        }
        let mut day = self
            .days
            .last()
            .copied()
            .unwrap_or(self.calendar.plan_start());
        let mut have = self.days.len().max(1) - 1;
        while have < b {
            day = match day.succ_opt() {
                Some(d) => d,
                None => return day,
            };
            if is_business_day(&self.calendar, day) {
                have += 1;
            }
        }
        day
    }

    fn datetime(&self, b: usize, minutes: i64) -> NaiveDateTime {
        self.date_of(b).and_time(self.calendar.day_start) + Duration::minutes(minutes)
    }

    /// The local date-time at which work starting at clock time `t` starts.
    pub fn start_datetime(&self, t: i64) -> NaiveDateTime {
        let (b, m) = self.split_start(t);
        self.datetime(b, m)
    }

    /// The local date-time at which work ending at clock time `t` ends.
    pub fn end_datetime(&self, t: i64) -> NaiveDateTime {
        let (b, m) = self.split_end(t);
        self.datetime(b, m)
    }

    /// The date on which work ending at `t` ends.
    pub fn end_date(&self, t: i64) -> NaiveDate {
        self.date_of(self.split_end(t).0)
    }

    /// The date on which work starting at `t` starts.
    pub fn start_date(&self, t: i64) -> NaiveDate {
        self.date_of(self.split_start(t).0)
    }

    /// An end time in team business hours from the plan start (SPEC 4.3):
    /// `hours_per_day` per business day before it, plus the hours into its day
    /// (at most `hours_per_day`).
    pub fn business_hours(&self, t: i64) -> f64 {
        if t <= 0 {
            return 0.0;
        }
        let (b, m) = self.split_end(t);
        let hpd = self.calendar.hours_per_day;
        b as f64 * hpd + minutes_to_hours(m).min(hpd)
    }

    /// A date-time in business hours from the plan start (SPEC 4.3): whole
    /// business days before its date, plus the hours into its day when that
    /// is a business day (at most `hours_per_day`).
    pub fn business_hours_at(&self, t: NaiveDateTime) -> f64 {
        let c = &self.calendar;
        let day = t.date();
        let business = c.workdays.contains(&day.weekday()) && !c.holidays.contains(&day);
        let into = if business {
            let since = i64::from(t.time().num_seconds_from_midnight())
                - i64::from(c.day_start.num_seconds_from_midnight());
            (since / 60).clamp(0, (c.hours_per_day * 60.0).round() as i64)
        } else {
            0
        };
        self.business_hours(self.time_of_date(day) + into)
    }

    /// The team clock time (minutes) at a mark of `hours` business hours
    /// from the plan start: whole business days of `hours_per_day`, then the
    /// rest into the next day. The inverse of [`WorkCalendar::business_hours`]
    /// on the team's days.
    pub fn time_of_business_hours(&self, hours: f64) -> i64 {
        let hpd = self.calendar.hours_per_day;
        let days = (hours / hpd).floor();
        let rest = hours - days * hpd;
        days as i64 * self.day_minutes + (rest * 60.0).round() as i64
    }

    /// The 1-based sprint a date falls in (dates before the start are sprint 1).
    pub fn sprint_of(&self, day: NaiveDate) -> u32 {
        let days = (day - self.calendar.start).num_days().max(0);
        let len = 7 * i64::from(self.calendar.sprint_weeks.max(1));
        (days / len) as u32 + 1
    }

    /// The first date of sprint `k` (1-based).
    pub fn sprint_start(&self, k: u32) -> NaiveDate {
        let len = 7 * i64::from(self.calendar.sprint_weeks.max(1));
        self.calendar.start + Duration::days(len * i64::from(k.max(1) - 1))
    }

    /// The clock time at the start of the first business day on or after `day`.
    pub fn time_of_date(&self, day: NaiveDate) -> i64 {
        let b = self.days.partition_point(|d| *d < day);
        if b < self.days.len() {
            return self.day_start_time(b);
        }
        // Past the horizon: count on (a due date may lie centuries ahead).
        let b = match self.days.last().and_then(|d| d.succ_opt()) {
            Some(from) => self.days.len() as i64 + business_days_between(&self.calendar, from, day),
            None => business_days_between(&self.calendar, self.calendar.plan_start(), day),
        };
        b.saturating_mul(self.day_minutes)
    }

    /// The clock time at the end of `day` (start of the next business day):
    /// finishing at or before it meets a due date of `day`.
    pub fn time_after_date(&self, day: NaiveDate) -> i64 {
        match day.succ_opt() {
            Some(next) => self.time_of_date(next),
            None => i64::MAX,
        }
    }
}

impl DevCalendar {
    /// Total working minutes over the horizon.
    pub fn total(&self) -> i64 {
        self.cum.last().copied().unwrap_or(0)
    }

    /// Working minutes the developer has had before clock time `t`.
    pub fn work_before(&self, t: i64, day_minutes: i64) -> i64 {
        if t <= 0 {
            return 0;
        }
        let b = (t / day_minutes) as usize;
        if b >= self.cap.len() {
            return self.total();
        }
        self.cum[b] + (t - b as i64 * day_minutes).min(self.cap[b])
    }

    /// The clock time at which the developer's work position `w` starts (the
    /// first working minute after `w` minutes of work), or None past the horizon.
    pub fn start_at(&self, w: i64, day_minutes: i64) -> Option<i64> {
        // first day b with cum[b+1] > w
        let b = self.cum[1..].partition_point(|&c| c <= w);
        if b >= self.cap.len() {
            return None;
        }
        Some(b as i64 * day_minutes + (w - self.cum[b]))
    }

    /// The clock time at which work position `w` (> 0) is reached, i.e. the end
    /// of the `w`-th working minute, or None past the horizon.
    pub fn end_at(&self, w: i64, day_minutes: i64) -> Option<i64> {
        if w <= 0 {
            return Some(0);
        }
        // first day b with cum[b+1] >= w
        let b = self.cum[1..].partition_point(|&c| c < w);
        if b >= self.cap.len() {
            return None;
        }
        Some(b as i64 * day_minutes + (w - self.cum[b]))
    }

    /// The unbroken stretches `[start, end)` of clock time in which the
    /// developer does work positions `[w0, w1)`, one per working day.
    pub fn stretches(&self, w0: i64, w1: i64, day_minutes: i64) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let mut w = w0;
        while w < w1 {
            let b = self.cum[1..].partition_point(|&c| c <= w);
            if b >= self.cap.len() {
                break;
            }
            let day_end_w = self.cum[b + 1];
            let until = w1.min(day_end_w);
            let t0 = b as i64 * day_minutes + (w - self.cum[b]);
            out.push((t0, t0 + (until - w)));
            w = until;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::{DateRange, Weights};
    use chrono::NaiveTime;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dev(name: &str, weekly: f64) -> Developer {
        Developer {
            name: name.into(),
            role: String::new(),
            weekly_hours: weekly,
            focus: 1.0,
            skills: vec![],
            time_off: vec![],
            available_from: None,
            available_until: None,
            line: 0,
        }
    }

    fn team(devs: Vec<Developer>) -> Team {
        let mut calendar = Calendar {
            start: date("2026-11-30"),
            ..Calendar::default()
        };
        calendar.holidays.insert(date("2026-12-25"));
        Team {
            source: "t.toml".into(),
            calendar,
            weights: Weights::default(),
            prefer_penalty_hours: 8.0,
            developers: devs,
            rules: vec![],
        }
    }

    #[test]
    fn business_hours_of_date_times_and_back() {
        let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 200, 0);
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        // 2026-11-30 is the first day (a Monday), 09:00 to 17:00.
        assert_eq!(wc.business_hours_at(at("2026-11-30T09:00")), 0.0);
        assert_eq!(wc.business_hours_at(at("2026-11-30T13:30")), 4.5);
        assert_eq!(wc.business_hours_at(at("2026-11-30T17:00")), 8.0);
        assert_eq!(wc.business_hours_at(at("2026-12-01T10:00")), 9.0);
        // A Saturday counts as the start of the next business day.
        assert_eq!(wc.business_hours_at(at("2026-12-05T12:00")), 40.0);
        // 9.5 business hours: one whole day, then 1.5 h into the second.
        assert_eq!(wc.time_of_business_hours(9.5), wc.day_minutes + 90);
        assert_eq!(wc.business_hours(wc.time_of_business_hours(9.5)), 9.5);
    }

    #[test]
    fn business_days_skip_weekends_and_holidays() {
        let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 200, 0);
        assert_eq!(wc.days[0], date("2026-11-30"));
        assert_eq!(wc.days[5], date("2026-12-07"));
        assert!(!wc.days.contains(&date("2026-12-25")));
        assert!(!wc.days.contains(&date("2026-12-05")));
        // 200 hours at 8 h/day = 25 days
        assert!(wc.horizon_days() >= 25);
    }

    #[test]
    fn part_timer_works_the_start_of_each_day() {
        let t = team(vec![dev("p", 20.0)]);
        let wc = WorkCalendar::new(&t, 60 * 10, 0);
        let d = &wc.developers[0];
        assert_eq!(d.cap[0], 240);
        // 6 hours of work from the start: 4 h on Monday, 2 h on Tuesday.
        let end = d.end_at(360, wc.day_minutes).unwrap();
        assert_eq!(
            wc.end_datetime(end),
            date("2026-12-01").and_time(NaiveTime::from_hms_opt(11, 0, 0).unwrap())
        );
        assert_eq!(wc.business_hours(end), 10.0);
        assert_eq!(
            d.stretches(0, 360, wc.day_minutes),
            vec![(0, 240), (480, 600)]
        );
    }

    #[test]
    fn end_of_day_belongs_to_that_day() {
        let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 16, 0);
        let d = &wc.developers[0];
        let end = d.end_at(480, wc.day_minutes).unwrap();
        assert_eq!(end, 480);
        assert_eq!(
            wc.end_datetime(end),
            date("2026-11-30").and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap())
        );
        assert_eq!(
            wc.start_datetime(d.start_at(480, wc.day_minutes).unwrap())
                .to_string(),
            "2026-12-01 09:00:00"
        );
        assert_eq!(wc.business_hours(end), 8.0);
    }

    #[test]
    fn time_off_and_late_start_have_no_capacity() {
        let mut a = dev("a", 40.0);
        a.time_off = vec![DateRange {
            first: date("2026-12-01"),
            last: date("2026-12-02"),
        }];
        let mut b = dev("b", 40.0);
        b.available_from = Some(date("2026-12-03"));
        let wc = WorkCalendar::new(&team(vec![a, b]), 60 * 8, 0);
        assert_eq!(&wc.developers[0].cap[..4], &[480, 0, 0, 480]);
        assert_eq!(&wc.developers[1].cap[..4], &[0, 0, 0, 480]);
        assert_eq!(wc.developers[1].start_at(0, wc.day_minutes), Some(3 * 480));
        assert_eq!(wc.developers[0].work_before(4 * 480, wc.day_minutes), 960);
    }

    #[test]
    fn sprints_count_from_the_start() {
        let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60, 0);
        assert_eq!(wc.sprint_of(date("2026-11-30")), 1);
        assert_eq!(wc.sprint_of(date("2026-12-13")), 1);
        assert_eq!(wc.sprint_of(date("2026-12-14")), 2);
        assert_eq!(wc.sprint_start(2), date("2026-12-14"));
    }

    #[test]
    fn business_days_by_weeks_match_a_day_by_day_count() {
        let t = team(vec![dev("a", 40.0)]);
        let cal = &t.calendar;
        let from = date("2026-11-27");
        for len in [0, 1, 6, 7, 8, 30, 400] {
            let to = from + Duration::days(len);
            let walked = (0..len)
                .filter(|&k| is_business_day(cal, from + Duration::days(k)))
                .count() as i64;
            assert_eq!(business_days_between(cal, from, to), walked, "{len} days");
        }
    }

    #[test]
    fn a_far_due_date_is_counted_not_walked() {
        let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 8, 0);
        // 2026-11-30 is a Monday; the holiday 2026-12-25 is a Friday.
        let next_monday = wc.time_of_date(date("2026-12-07"));
        assert_eq!(next_monday, 5 * 480);
        assert_eq!(wc.time_of_date(date("2027-01-04")), (5 * 5 - 1) * 480);
        // Far ahead (about a century): five business days a week, less the
        // one holiday.
        let far = wc.time_of_date(date("2026-11-30") + Duration::weeks(5_000));
        assert_eq!(far, (5_000 * 5 - 1) * 480);
    }

    #[test]
    fn the_horizon_stops_at_the_last_date_and_says_so() {
        let mut t = team(vec![dev("a", 40.0)]);
        t.calendar.start = date("9999-12-20");
        t.calendar.holidays.clear();
        let wc = WorkCalendar::new(&t, 60 * 8 * 100, 0);
        assert_eq!(wc.days.last(), Some(&date("9999-12-31")));
        assert_eq!(wc.limit(), Some(HorizonLimit::LastDate));
        let roomy = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 8, 0);
        assert_eq!(roomy.limit(), None);
    }

    #[test]
    fn who_never_works_and_why() {
        let t = team(vec![dev("a", 40.0)]);
        let mut gone = dev("g", 40.0);
        gone.available_until = Some(date("2026-11-27"));
        let why = never_works(&t.calendar, &gone);
        assert_eq!(
            why,
            Some(Idle::LeavesBeforeStart {
                until: date("2026-11-27"),
                start: date("2026-11-30")
            })
        );
        assert_eq!(
            why.unwrap().to_string(),
            "leaves on 2026-11-27, before the calendar starts on 2026-11-30"
        );
        let mut idle = dev("i", 0.01);
        idle.focus = 0.5;
        assert!(matches!(
            never_works(&t.calendar, &idle),
            Some(Idle::NoMinutes { workdays: 5, .. })
        ));
        let mut away = dev("w", 40.0);
        away.time_off = vec![
            DateRange {
                first: date("2026-11-30"),
                last: date("2030-01-01"),
            },
            DateRange {
                first: date("2030-01-02"),
                last: date("9999-12-31"),
            },
        ];
        assert_eq!(
            never_works(&t.calendar, &away),
            Some(Idle::AlwaysOff {
                from: date("2026-11-30"),
                until: LAST_DATE
            })
        );
        // A single working day left is enough.
        away.time_off[1].first = date("2030-01-03");
        assert_eq!(never_works(&t.calendar, &away), None);
        assert_eq!(nobody_works(&t), None);
        let idle_team = team(vec![gone, away.clone()]);
        assert_eq!(nobody_works(&idle_team), None);
    }

    #[test]
    fn due_date_maps_to_the_end_of_that_day() {
        let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 80, 0);
        // Friday 2026-12-04 is business day 4; its end is the start of day 5.
        assert_eq!(wc.time_after_date(date("2026-12-04")), 5 * 480);
        assert_eq!(wc.time_of_date(date("2026-12-05")), 5 * 480);
    }
}
