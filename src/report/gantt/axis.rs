//! The Gantt's time axis in working time, and what each developer does not
//! work on it.

use chrono::NaiveDate;

use super::*;
use crate::calendar::{DevCalendar, WorkCalendar};

/// The time axis in working time: clock minute `t` of the plan lies at
/// `LEFT + t·unit` plus one band for each run of days nobody works before
/// its day.
pub(super) struct Axis {
    /// Clock minutes per business day.
    pub(super) day_minutes: i64,
    /// The business days drawn, from the plan's first to the last sprint's end.
    pub(super) days: Vec<NaiveDate>,
    /// `gaps[b]`: runs of days nobody works before business day `b`;
    /// `gaps[days.len()]` counts one after the last day too.
    pub(super) gaps: Vec<u32>,
    /// Width of a clock minute.
    pub(super) unit: f64,
    /// Width of a run of days nobody works.
    pub(super) band: f64,
    /// The last day of the last sprint.
    pub(super) last: NaiveDate,
}

impl Axis {
    /// The axis of the business days of `cal` up to `last`; None when there
    /// is none.
    pub(super) fn new(cal: &WorkCalendar, last: NaiveDate) -> Option<Axis> {
        let mut days: Vec<NaiveDate> = Vec::new();
        for b in 0.. {
            let day = cal.date_of(b);
            if day > last || days.last().is_some_and(|d| *d >= day) {
                break;
            }
            days.push(day);
        }
        let end = *days.last()?;
        let mut gaps = vec![0u32];
        for pair in days.windows(2) {
            let apart = pair[1] - pair[0] > Duration::days(1);
            gaps.push(gaps[gaps.len() - 1] + u32::from(apart));
        }
        gaps.push(gaps[gaps.len() - 1] + u32::from(end < last));
        let day_minutes = cal.day_minutes;
        let widths = days.len() as f64 + BAND_DAYS * f64::from(gaps[days.len()]);
        let unit = (WIDTH - LEFT - RIGHT) / (widths * day_minutes as f64);
        Some(Axis {
            day_minutes,
            days,
            gaps,
            unit,
            band: BAND_DAYS * day_minutes as f64 * unit,
            last,
        })
    }

    /// Clock minutes on the axis.
    pub(super) fn end(&self) -> i64 {
        self.days.len() as i64 * self.day_minutes
    }

    /// Where clock minute `t` starts: after the band before its day.
    pub(super) fn x_start(&self, t: i64) -> f64 {
        let t = t.clamp(0, self.end());
        let b = ((t / self.day_minutes) as usize).min(self.days.len());
        LEFT + t as f64 * self.unit + f64::from(self.gaps[b]) * self.band
    }

    /// Where the minute before clock time `t` ends: before the band after
    /// its day, so a finish at a day's close stays on that day.
    pub(super) fn x_end(&self, t: i64) -> f64 {
        let t = t.clamp(0, self.end());
        let b = ((t - 1).max(0) / self.day_minutes) as usize;
        LEFT + t as f64 * self.unit + f64::from(self.gaps[b]) * self.band
    }

    /// Width of a business day.
    pub(super) fn day_width(&self) -> f64 {
        self.day_minutes as f64 * self.unit
    }
}

/// A stretch of clock time a developer does not work: whole business days
/// (`Away`) or the rest of days they work part of (`OffHours`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Off {
    Away,
    OffHours,
}

/// What a developer does not work on the axis's days, as clock intervals
/// `[from, to)`, merged where they touch; days past the calendar's horizon
/// are unknown and left out.
pub(super) fn off_time(axis: &Axis, dc: &DevCalendar) -> Vec<(Off, i64, i64)> {
    let d = axis.day_minutes;
    let mut out: Vec<(Off, i64, i64)> = Vec::new();
    let mut push = |kind: Off, from: i64, to: i64| match out.last_mut() {
        Some(last) if last.0 == kind && last.2 == from => last.2 = to,
        _ => out.push((kind, from, to)),
    };
    for b in 0..axis.days.len().min(dc.cap.len()) {
        let day = b as i64 * d;
        let spans = dc.spans_of(b);
        if spans.is_empty() {
            push(Off::Away, day, day + d);
            continue;
        }
        let mut at = 0;
        for &(s, e) in spans.iter().chain([(d, d)].iter()) {
            if s > at {
                push(Off::OffHours, day + at, day + s);
            }
            at = e;
        }
    }
    out
}
