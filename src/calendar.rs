//! Calendar arithmetic: the planning clock, each developer's working time, and
//! conversions to dates, date-times, business hours and sprints.
//!
//! The planning clock counts whole minutes over the team's business days only
//! (workdays that are not holidays): business day `b` covers clock minutes
//! `[b·D, (b+1)·D)`, where `D` is the length of the longest working day anyone
//! has (normally `hours_per_day`); clock minute `b·D + m` is `day_start + m`
//! on that day's date. On each business day that is one of their workdays
//! and they are available, a developer works the window `[0, daily)` from
//! `day_start` (their daily capacity, [`daily_minutes`]) less their time off
//! inside it ([`crate::team::TimeRange`]): the day's *spans*. An afternoon
//! off shortens the window, a morning off makes it start later, an hour in
//! between splits it in two. Integer minutes keep the arithmetic exact and
//! the output byte-stable.
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
///
/// Business day `b` holds the spans `spans[first[b]..first[b + 1]]`, each
/// `[s, e)` in minutes from the day's start (`day_start`), in order and
/// apart; `cap[b]` is their total. Most days have one span `[0, cap)`, or
/// one that starts later: `lead[b]` says where, so the mapping functions
/// (the optimizer's hot path) only walk the spans of a day split in two.
#[derive(Debug, Clone)]
pub struct DevCalendar {
    /// The developer's name (reports label their lane with it).
    pub name: String,
    /// Working minutes on each business day.
    pub cap: Vec<i64>,
    /// `cum[b]` = working minutes on business days before `b` (length days + 1).
    pub cum: Vec<i64>,
    /// Where each business day's work starts when it is one span (or the
    /// day has none), in minutes from its start; [`SPLIT`] when it is more.
    lead: Vec<i64>,
    /// Index into `spans` of each business day's first span (length days + 1).
    first: Vec<usize>,
    /// The working spans of every day, day after day.
    spans: Vec<(i64, i64)>,
}

/// `ends.partition_point(before)` for `ends`, the working minutes done by
/// the end of each business day (non-decreasing), and `before` true on a
/// prefix of them, found near work position `w`: it gallops from the day the
/// mean pace puts `w` on, so the decoder's lookups take a few steps instead
/// of a search over the whole horizon (the same answer either way).
fn days_before(ends: &[i64], w: i64, before: impl Fn(i64) -> bool) -> usize {
    let n = ends.len();
    let total = ends.last().copied().unwrap_or(0);
    if n == 0 || total <= 0 {
        return ends.partition_point(|&c| before(c));
    }
    let guess = (i128::from(w.max(0)) * n as i128 / i128::from(total)).min(n as i128 - 1) as usize;
    // Every day before `lo` is before; `hi` is not (or is the end).
    let (lo, hi) = if before(ends[guess]) {
        let (mut lo, mut hi, mut step) = (guess + 1, guess + 1, 1);
        while hi < n && before(ends[hi]) {
            lo = hi + 1;
            hi = (lo + step).min(n);
            step *= 2;
        }
        (lo, hi)
    } else {
        let (mut hi, mut step) = (guess, 1);
        loop {
            if hi == 0 {
                break (0, 0);
            }
            let probe = hi.saturating_sub(step);
            if before(ends[probe]) {
                break (probe + 1, hi);
            }
            hi = probe;
            step *= 2;
        }
    };
    lo + ends[lo..hi].partition_point(|&c| before(c))
}

/// [`DevCalendar`]'s mark of a day whose work is split into several spans.
const SPLIT: i64 = -1;

/// Minutes a developer works on a full working day: weekly_hours over the
/// number of their workdays, times focus.
pub fn daily_minutes(calendar: &Calendar, dev: &Developer) -> i64 {
    let per_day = dev.weekly_hours / dev.workdays(calendar).len().max(1) as f64 * dev.focus;
    (per_day * MINUTE as f64).round() as i64
}

fn is_business_day(calendar: &Calendar, day: NaiveDate) -> bool {
    calendar.workdays.contains(&day.weekday()) && !calendar.holidays.contains(&day)
}

/// Whether `day` is one of the developer's workdays within their
/// availability and not a whole day off (holidays aside).
fn available(calendar: &Calendar, dev: &Developer, day: NaiveDate) -> bool {
    dev.works_on(calendar, day.weekday())
        && dev.available_from.is_none_or(|f| day >= f)
        && dev.available_until.is_none_or(|u| day <= u)
        && !dev.time_off.iter().any(|r| r.contains(day))
}

/// Appends to `out` the spans a developer works on `day` (a business day
/// they are available on): the window `[0, full)` minutes from `day_start`
/// less the parts of their hours off inside it.
fn push_spans(
    calendar: &Calendar,
    dev: &Developer,
    day: NaiveDate,
    full: i64,
    out: &mut Vec<(i64, i64)>,
) {
    if full <= 0 {
        return;
    }
    let opens = day.and_time(calendar.day_start);
    let closes = opens + Duration::minutes(full);
    let from = out.len();
    out.push((0, full));
    for r in dev.hours_off.iter().filter(|r| r.overlaps(opens, closes)) {
        let s = (r.start - opens).num_minutes().clamp(0, full);
        let e = (r.end - opens).num_minutes().clamp(0, full);
        let mut k = from;
        while k < out.len() {
            let (a, b) = out[k];
            if e <= a || b <= s {
                k += 1;
                continue;
            }
            // Cut [s, e) out of [a, b): keep what lies before and after.
            out.remove(k);
            if e < b {
                out.insert(k, (e, b));
            }
            if a < s {
                out.insert(k, (a, s));
                k += 1;
            }
        }
    }
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
            workdays: dev.workdays(calendar).len(),
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
    let mut spans = Vec::new();
    while day <= until {
        if let Some(r) = dev.time_off.iter().find(|r| r.contains(day)) {
            match r.last.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
            continue;
        }
        if is_business_day(calendar, day) && dev.works_on(calendar, day.weekday()) {
            spans.clear();
            push_spans(calendar, dev, day, minutes, &mut spans);
            if !spans.is_empty() {
                return None;
            }
            // The whole window is off: skip to the day its time off ends.
            let opens = day.and_time(calendar.day_start);
            if let Some(r) = dev
                .hours_off
                .iter()
                .find(|r| r.start <= opens && r.end.date() > day)
            {
                day = r.end.date();
                continue;
            }
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
        let daily: Vec<i64> = team
            .developers
            .iter()
            .map(|d| daily_minutes(&calendar, d))
            .collect();
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
                .map(|d| DevCalendar {
                    name: d.name.clone(),
                    cap: Vec::new(),
                    cum: vec![0],
                    lead: Vec::new(),
                    first: vec![0],
                    spans: Vec::new(),
                })
                .collect(),
        };
        let mut day = wc.calendar.plan_start();
        while wc.days.len() < MAX_DAYS && day <= LAST_DATE {
            if is_business_day(&wc.calendar, day) {
                let b = wc.days.len();
                wc.days.push(day);
                for ((dev, dc), &full) in team
                    .developers
                    .iter()
                    .zip(wc.developers.iter_mut())
                    .zip(&daily)
                {
                    if available(&wc.calendar, dev, day) {
                        push_spans(&wc.calendar, dev, day, full, &mut dc.spans);
                    }
                    let today = &dc.spans[dc.first[b]..];
                    let cap: i64 = today.iter().map(|(s, e)| e - s).sum();
                    dc.lead.push(match today {
                        [] => 0,
                        [(s, _)] => *s,
                        _ => SPLIT,
                    });
                    dc.first.push(dc.spans.len());
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

    /// The clock time of a local date-time: the minutes into its day (at
    /// most a whole business day) on a business day; on any other day, the
    /// start of the next business day. It inverts
    /// [`WorkCalendar::start_datetime`] and [`WorkCalendar::end_datetime`],
    /// and is how a chart draws time in working hours only.
    pub fn time_at(&self, t: NaiveDateTime) -> i64 {
        let day = t.date();
        let b = self.time_of_date(day);
        if !is_business_day(&self.calendar, day) {
            return b;
        }
        let since = (t - day.and_time(self.calendar.day_start)).num_minutes();
        b.saturating_add(since.clamp(0, self.day_minutes))
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

    /// The working spans `[s, e)` of business day `b`, in minutes from the
    /// day's start, in order (none past the horizon).
    pub fn spans_of(&self, b: usize) -> &[(i64, i64)] {
        match (self.first.get(b), self.first.get(b + 1)) {
            (Some(&lo), Some(&hi)) => &self.spans[lo..hi],
            _ => &[],
        }
    }

    /// Every start and end of a span, in minutes from its day's start: with
    /// the daily capacities, where work can begin or stop within a day.
    pub fn span_edges(&self) -> impl Iterator<Item = i64> + '_ {
        self.spans.iter().flat_map(|&(s, e)| [s, e])
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
        let into = t - b as i64 * day_minutes;
        let lead = self.lead[b];
        if lead != SPLIT {
            return self.cum[b] + (into - lead).clamp(0, self.cap[b]);
        }
        let mut w = self.cum[b];
        for &(s, e) in self.spans_of(b) {
            if into <= s {
                break;
            }
            w += into.min(e) - s;
        }
        w
    }

    /// The clock time at which the developer's work position `w` starts (the
    /// first working minute after `w` minutes of work), or None past the horizon.
    pub fn start_at(&self, w: i64, day_minutes: i64) -> Option<i64> {
        // first day b with cum[b+1] > w
        let b = days_before(&self.cum[1..], w, |c| c <= w);
        if b >= self.cap.len() {
            return None;
        }
        let mut rest = w - self.cum[b];
        let lead = self.lead[b];
        if lead != SPLIT {
            return Some(b as i64 * day_minutes + lead + rest);
        }
        for &(s, e) in self.spans_of(b) {
            if rest < e - s {
                return Some(b as i64 * day_minutes + s + rest);
            }
            rest -= e - s;
        }
        None
    }

    /// The clock time at which work position `w` (> 0) is reached, i.e. the end
    /// of the `w`-th working minute, or None past the horizon.
    pub fn end_at(&self, w: i64, day_minutes: i64) -> Option<i64> {
        if w <= 0 {
            return Some(0);
        }
        // first day b with cum[b+1] >= w
        let b = days_before(&self.cum[1..], w, |c| c < w);
        if b >= self.cap.len() {
            return None;
        }
        let mut rest = w - self.cum[b];
        let lead = self.lead[b];
        if lead != SPLIT {
            return Some(b as i64 * day_minutes + lead + rest);
        }
        for &(s, e) in self.spans_of(b) {
            if rest <= e - s {
                return Some(b as i64 * day_minutes + s + rest);
            }
            rest -= e - s;
        }
        None
    }

    /// The unbroken stretches `[start, end)` of clock time in which the
    /// developer does work positions `[w0, w1)`, one per working span (one
    /// per day unless time off splits it).
    pub fn stretches(&self, w0: i64, w1: i64, day_minutes: i64) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let mut w = w0;
        while w < w1 {
            let b = days_before(&self.cum[1..], w, |c| c <= w);
            if b >= self.cap.len() {
                break;
            }
            let day = b as i64 * day_minutes;
            let mut at = self.cum[b];
            for &(s, e) in self.spans_of(b) {
                let len = e - s;
                if w < w1 && w < at + len {
                    let from = s + (w - at);
                    let until = w1.min(at + len);
                    out.push((day + from, day + from + (until - w)));
                    w = until;
                }
                at += len;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
