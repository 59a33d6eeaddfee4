//! The validator's view of a developer's working day (SPEC 3 and 9.4), in
//! its own arithmetic: the window `[day_start, day_start + daily capacity]`
//! of one of their workdays, less their time off inside it (hour ranges and
//! half days). Work must stay in what is left, and a day's work must not
//! add up to more than it.

use super::*;

impl Validator<'_> {
    /// No stretch lies in a part of a day the developer has off.
    pub(super) fn check_hours_off(
        &mut self,
        at: &str,
        this: &str,
        dev: &Developer,
        start: NaiveDateTime,
        end: NaiveDateTime,
    ) {
        for r in dev
            .hours_off
            .iter()
            .filter(|r| r.start < end && start < r.end)
        {
            self.push(format!(
                "{at}: {this}: {} works from {} to {}, inside {}'s time off ({} to {})",
                dev.name,
                fmt_time(start),
                fmt_time(end),
                dev.name,
                fmt_time(r.start),
                fmt_time(r.end)
            ));
        }
    }

    /// Each developer's work on each day adds up to at most that day's
    /// working time: their daily capacity less their time off inside it.
    pub(super) fn check_daily_load(&mut self, stretches: &[Stretch]) {
        let cal = &self.team.calendar;
        let mut load: BTreeMap<(usize, NaiveDate), f64> = BTreeMap::new();
        for s in stretches {
            let dev = &self.team.developers[s.developer];
            let day = day_of(cal, daily_capacity(cal, dev), s.start);
            *load.entry((s.developer, day)).or_insert(0.0) += s.hours;
        }
        let mut found = Vec::new();
        for ((d, day), hours) in load {
            let dev = &self.team.developers[d];
            if off_reason(cal, dev, day).is_some() {
                continue; // every stretch that day is reported already
            }
            let capacity = daily_capacity(cal, dev);
            let free: f64 = free_windows(cal, dev, day)
                .iter()
                .map(|(a, b)| (*b - *a).num_seconds() as f64 / 3600.0)
                .sum();
            if hours > free + CAPACITY_SLACK_MINUTES as f64 / 60.0 + HOURS_TOLERANCE {
                found.push(format!(
                    "{} works {} h on {} {day}, more than the {} h that day holds ({} h a day less time off)",
                    dev.name,
                    fmt_hours(hours),
                    weekday_name(day),
                    fmt_hours(free),
                    fmt_hours(capacity)
                ));
            }
        }
        for f in found {
            self.push(f);
        }
    }
}

/// The length of a developer's working window, as a duration.
pub(super) fn window_length(capacity_hours: f64) -> Duration {
    Duration::try_seconds((capacity_hours * 3600.0).round().min(1e12) as i64)
        .unwrap_or(Duration::MAX)
}

/// The day a stretch starting at `start` belongs to: its start's date, or
/// the day before when that day's window runs past midnight into it.
pub(super) fn day_of(cal: &Calendar, capacity_hours: f64, start: NaiveDateTime) -> NaiveDate {
    let opens = |day: NaiveDate| day.and_time(cal.day_start);
    let day = start.date();
    if start < opens(day) {
        if let Some(before) = day.pred_opt() {
            if start < plus(opens(before), window_length(capacity_hours)) {
                return before;
            }
        }
    }
    day
}

/// The free parts of a developer's window on `day`, in order: the window
/// less every hour range or half day off that overlaps it. Nothing on a day
/// they do not work (see [`off_reason`]).
pub(super) fn free_windows(
    cal: &Calendar,
    dev: &Developer,
    day: NaiveDate,
) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    if off_reason(cal, dev, day).is_some() {
        return Vec::new();
    }
    let opens = day.and_time(cal.day_start);
    let closes = plus(opens, window_length(daily_capacity(cal, dev)));
    let mut free = vec![(opens, closes)];
    for r in &dev.hours_off {
        free = free
            .into_iter()
            .flat_map(|(a, b)| {
                if r.end <= a || b <= r.start {
                    return vec![(a, b)];
                }
                let mut kept = Vec::new();
                if a < r.start {
                    kept.push((a, r.start));
                }
                if r.end < b {
                    kept.push((r.end, b));
                }
                kept
            })
            .collect();
    }
    free.retain(|(a, b)| a < b);
    free
}
