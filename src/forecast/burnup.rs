//! The burn-up: how much of the estimated work is done by the end of each
//! week, as planned and at P50/P85/P95 of the samples.
//!
//! A task counts with its estimated hours once it has finished; a task
//! that is not done in a sample (its developer left first, or it waits for
//! such a task) never counts in that sample.

use chrono::{Duration, NaiveDate};
use rayon::prelude::*;

use super::replay::finished;
use super::{rank, BurnupRow, ScopeDef, PERCENTILES};
use crate::calendar::{minutes_to_hours, WorkCalendar};
use crate::optimizer::Instance;

/// The burn-up, week by week, until the week in which both the plan and 95 %
/// of the samples have finished every task (when fewer than 95 % finish,
/// the week of the last finish of any sample), computed in blocks of weeks
/// whose per-sample amounts take at most `block_bytes` (or one week). A
/// task counts with its estimated hours once it has finished; "done at P85"
/// is the amount done in at least 85 % of the samples (so the P85 and P95
/// lines lie below the P50 line, as their dates lie after it).
pub(super) fn burnup(
    cal: &WorkCalendar,
    inst: &Instance,
    planned: &[i64],
    finishes: &[u32],
    backlog_scope: &ScopeDef,
    block_bytes: usize,
) -> Vec<BurnupRow> {
    let n = inst.n();
    let samples = finishes.len() / n;
    let mut last: Vec<u32> = finishes
        .chunks_exact(n)
        .map(|row| row.iter().copied().max().unwrap_or(0))
        .collect();
    last.sort_unstable();
    let p95 = last[rank(PERCENTILES[2], samples)];
    let latest = || {
        finishes
            .par_iter()
            .copied()
            .filter(|&f| finished(f))
            .max()
            .unwrap_or(0)
    };
    let until = if finished(p95) { p95 } else { latest() };
    let weeks = Weeks::new(cal, inst, planned, until, backlog_scope);
    // Every sample's amount for every week would take 8·samples·weeks bytes:
    // a long burn-up of many samples goes a block of weeks at a time.
    let block = (block_bytes / (8 * samples)).clamp(1, weeks.len());
    let mut rows = Vec::with_capacity(weeks.len());
    let mut by_sample = vec![0i64; samples * block];
    for first in (0..weeks.len()).step_by(block) {
        let width = block.min(weeks.len() - first);
        let by_sample = &mut by_sample[..samples * width];
        by_sample
            .par_chunks_mut(width)
            .zip(finishes.par_chunks_exact(n))
            .for_each(|(out, row)| weeks.done(row, first, out));
        for k in first..first + width {
            let mut column: Vec<i64> = by_sample
                .iter()
                .skip(k - first)
                .step_by(width)
                .copied()
                .collect();
            column.sort_unstable();
            // Done in at least q % of the samples: the value ⌈q·n/100⌉ from the top.
            let at = |percent: usize| column[samples - 1 - rank(percent, samples)];
            rows.push(weeks.row(k, PERCENTILES.map(at)));
        }
    }
    rows
}

/// The weeks of a burn-up: when each ends, and what the plan has done by
/// then.
pub(super) struct Weeks<'a> {
    inst: &'a Instance,
    start: NaiveDate,
    /// Clock time at which each week ends.
    ends: Vec<i64>,
    /// Minutes of estimated work the plan has finished by each week's end.
    plan_done: Vec<i64>,
    /// Minutes of estimated work in all.
    pub(super) total: i64,
}

impl<'a> Weeks<'a> {
    /// The weeks until both the plan and the samples shown (those done by
    /// clock time `until`: the backlog's P95, or the last finish of any
    /// sample when fewer than 95 % finish) have finished.
    pub(super) fn new(
        cal: &WorkCalendar,
        inst: &'a Instance,
        planned: &[i64],
        until: u32,
        backlog_scope: &ScopeDef,
    ) -> Weeks<'a> {
        let end = i64::from(until).max(
            backlog_scope
                .members
                .iter()
                .map(|&j| planned[j])
                .max()
                .unwrap_or(0),
        );
        // Week k ends when the first business day on or after start + 7k begins.
        let start = cal.calendar.start;
        let mut ends: Vec<i64> = Vec::new();
        while ends.last().is_none_or(|&t| t < end) {
            let k = ends.len() as i64 + 1;
            ends.push(cal.time_of_date(start + Duration::days(7 * k)));
        }
        let mut weeks = Weeks {
            inst,
            start,
            plan_done: vec![0; ends.len()],
            ends,
            total: inst.p.iter().sum(),
        };
        let mut plan_done = vec![0; weeks.len()];
        weeks.done_by(planned.iter().copied(), 0, &mut plan_done);
        weeks.plan_done = plan_done;
        weeks
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The minutes of estimated work one sample (its finishes in `row`) has
    /// done by the end of weeks `first`.. (as many as `out` holds); work not
    /// done in the sample lies after every week.
    pub(super) fn done(&self, row: &[u32], first: usize, out: &mut [i64]) {
        let at = |f: u32| if finished(f) { i64::from(f) } else { i64::MAX };
        self.done_by(row.iter().map(|&f| at(f)), first, out)
    }

    fn done_by(&self, finishes: impl Iterator<Item = i64>, first: usize, out: &mut [i64]) {
        out.fill(0);
        let mut before = 0;
        for (j, f) in finishes.enumerate() {
            let week = self.ends.partition_point(|&t| t < f);
            if week < first {
                before += self.inst.p[j];
            } else if let Some(o) = out.get_mut(week - first) {
                *o += self.inst.p[j];
            }
        }
        let mut sum = before;
        for o in out.iter_mut() {
            sum += *o;
            *o = sum;
        }
    }

    /// Week `k`'s row, from the minutes done at [`PERCENTILES`].
    pub(super) fn row(&self, k: usize, done: [i64; 3]) -> BurnupRow {
        let first = self.start + Duration::days(7 * k as i64);
        BurnupRow {
            week: k as u32 + 1,
            start: first,
            end: first + Duration::days(6),
            scope_hours: minutes_to_hours(self.total),
            deterministic: minutes_to_hours(self.plan_done[k]),
            p50: minutes_to_hours(done[0]),
            p85: minutes_to_hours(done[1]),
            p95: minutes_to_hours(done[2]),
        }
    }
}
