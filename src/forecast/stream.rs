//! Exact percentiles of more samples than fit in memory.
//!
//! When the finishes of every task in every sample would pass
//! [`MAX_SAMPLE_BYTES`](super::MAX_SAMPLE_BYTES), the forecast keeps none of
//! them: it replays the samples a chunk at a time, several times over.
//! Sample `s` always draws from stream `s` of the seed, so every pass sees
//! the same finishes. The first pass grows the calendar until every sample
//! fits on it (as the in-memory forecast does); the next finds each scope's
//! earliest and latest finish, counts its samples on time and with work not
//! done, and tallies the causes of work not done; each further
//! pass cuts the interval that holds every wanted order statistic into
//! buckets, counts the samples per bucket and keeps the bucket that holds
//! it, until the interval is one value. That is the value the in-memory
//! forecast's sort picks, so both give the same bytes. The burn-up, once
//! the backlog's P95 fixes its weeks, goes the same way (the amounts lie
//! between 0 and the backlog's hours).
//!
//! Memory: one chunk of finishes and burn-up amounts ([`Limits::chunk`])
//! and the bucket counts of one pass ([`Limits::counts`]), whatever the
//! number of samples. Time: a pass costs about what the in-memory forecast
//! costs in all; a forecast takes 1 + 1 + ⌈log_B(range)⌉ passes for the
//! scopes (B buckets over a range of clock minutes: two or three) and as
//! many for the burn-up.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::replay::{finished, Reach, Replay};
use super::risk::{causes, Tally};
use super::{first_calendar, grow, rank, scope_finish, scope_row, Counts, Weeks, PERCENTILES};
use super::{BurnupRow, ForecastRow};
use crate::calendar::WorkCalendar;
use crate::model::Backlog;
use crate::optimizer::Instance;
use crate::team::Team;

/// How much memory the streamed forecast uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Bytes of one chunk: the finishes of its samples, and their burn-up
    /// amounts week by week.
    pub chunk: usize,
    /// Bytes of the bucket counts of one pass.
    pub counts: usize,
}

/// What the streamed forecast uses: 64 MiB of finishes, 64 MiB of counts.
pub(crate) const LIMITS: Limits = Limits {
    chunk: 64 << 20,
    counts: 64 << 20,
};

/// The most buckets one order statistic gets in a pass.
const MAX_BUCKETS: usize = 1 << 16;

/// The samples of one forecast, replayed a chunk at a time on a calendar
/// that holds every one of them.
struct Samples<'a> {
    replay: &'a Replay<'a>,
    cal: WorkCalendar,
    reach: Reach,
    n: usize,
    samples: usize,
}

impl Samples<'_> {
    /// Replays every sample, `chunk` samples at a time, and hands each
    /// chunk's finishes (sample-major) to `f`.
    fn each_chunk(&self, chunk: usize, mut f: impl FnMut(&[u32])) {
        let chunk = chunk.clamp(1, self.samples);
        let mut buf = vec![0u32; chunk * self.n];
        for first in (0..self.samples).step_by(chunk) {
            let rows = &mut buf[..chunk.min(self.samples - first) * self.n];
            rows.par_chunks_mut(self.n).enumerate().for_each_init(
                || self.replay.scratch(),
                |scratch, (i, row)| {
                    let stopped = self.replay.sample(
                        &self.cal,
                        &self.reach,
                        (first + i) as u64,
                        scratch,
                        row,
                    );
                    // The calendar was grown until no sample stopped.
                    debug_assert_eq!(stopped, None);
                },
            );
            f(rows);
        }
    }
}

/// One order statistic being narrowed down: the `rank`-th smallest value
/// (0-based) of one quantity over all samples lies in `[lo, hi]`, and
/// `below` samples lie under `lo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Select {
    lo: u64,
    hi: u64,
    below: u64,
    rank: u64,
    /// Buckets of the current pass.
    buckets: u64,
}

impl Select {
    fn new(lo: u64, hi: u64, rank: u64) -> Select {
        Select {
            lo,
            hi,
            below: 0,
            rank,
            buckets: 1,
        }
    }

    fn found(&self) -> bool {
        self.lo == self.hi
    }

    /// Width of a bucket: ⌈(hi − lo + 1) / buckets⌉.
    fn width(&self) -> u64 {
        (self.hi - self.lo) / self.buckets + 1
    }

    /// How many counters a pass needs.
    fn counters(&self) -> usize {
        ((self.hi - self.lo) / self.width() + 1) as usize
    }

    /// Counts `v` into `counts` when it lies in the interval.
    fn count(&self, width: u64, v: u64, counts: &mut [u32]) {
        if (self.lo..=self.hi).contains(&v) {
            counts[((v - self.lo) / width) as usize] += 1;
        }
    }

    /// Keeps the bucket that holds the order statistic.
    fn narrow(&mut self, counts: &[u32]) {
        let width = self.width();
        let mut cum = self.below;
        for (i, &c) in counts.iter().enumerate() {
            if cum + u64::from(c) > self.rank {
                let lo = self.lo + i as u64 * width;
                self.hi = self.hi.min(lo + (width - 1));
                self.lo = lo;
                self.below = cum;
                return;
            }
            cum += u64::from(c);
        }
        // Every value of the interval is counted in one bucket and the
        // statistic lies in it, so the loop returns; were it not so, stop
        // narrowing rather than pass forever.
        debug_assert!(cum > self.rank, "order statistic not in {self:?}");
        self.hi = self.lo;
    }
}

/// Starts a pass over the selects not yet found: gives each as many
/// buckets as `counts_bytes` allows and returns its zeroed counters; None
/// when every select is found.
fn start_pass<const Q: usize>(
    selects: &mut [[Select; Q]],
    counts_bytes: usize,
) -> Option<Vec<[Vec<u32>; Q]>> {
    let open = selects.iter().flatten().filter(|s| !s.found()).count();
    if open == 0 {
        return None;
    }
    let buckets = (counts_bytes / (4 * open)).clamp(2, MAX_BUCKETS) as u64;
    Some(
        selects
            .iter_mut()
            .map(|row| {
                row.each_mut().map(|s| {
                    s.buckets = buckets;
                    if s.found() {
                        Vec::new()
                    } else {
                        vec![0; s.counters()]
                    }
                })
            })
            .collect(),
    )
}

/// Ends a pass: every select keeps the bucket that holds its statistic.
fn end_pass<const Q: usize>(selects: &mut [[Select; Q]], counts: &[[Vec<u32>; Q]]) {
    for (row, counts) in selects.iter_mut().zip(counts) {
        for (s, c) in row.iter_mut().zip(counts) {
            if !s.found() {
                s.narrow(c);
            }
        }
    }
}

/// Counts one quantity's value in one sample for each of its selects.
fn count_value<const Q: usize>(selects: &[Select; Q], v: u64, counts: &mut [Vec<u32>; Q]) {
    for (s, c) in selects.iter().zip(counts.iter_mut()) {
        if !s.found() {
            s.count(s.width(), v, c);
        }
    }
}

/// What a streamed forecast gives: what the in-memory one computes from
/// its finishes.
pub(crate) struct Streamed {
    /// The rows, in [`super::scopes`] order.
    pub rows: Vec<ForecastRow>,
    /// The due dates of each row's scope.
    pub due_dates: Vec<usize>,
    /// The burn-up.
    pub burnup: Vec<BurnupRow>,
    /// The calendar the samples ran on, and what it holds.
    pub cal: WorkCalendar,
    /// What that calendar holds.
    pub reach: Reach,
    /// The work not done, by cause.
    pub tally: Tally,
}

/// A forecast of `samples` samples, streamed within `limits`; `done` counts
/// the samples of the first pass.
#[allow(clippy::too_many_arguments)]
pub(crate) fn forecast(
    backlog: &Backlog,
    team: &Team,
    inst: &Instance,
    replay: &Replay<'_>,
    planned: &[i64],
    samples: usize,
    done: &AtomicUsize,
    limits: Limits,
) -> Streamed {
    let n = inst.n();
    let chunk = (limits.chunk / (4 * n)).clamp(1, samples);
    // Pass 1: the calendar every sample fits on.
    let (cal, work) = first_calendar(team, inst);
    let reach = Reach::new(team, &cal, false);
    let mut failed: Vec<usize> = Vec::new();
    let mut buf = vec![0u32; chunk * n];
    for first in (0..samples).step_by(chunk) {
        let rows = &mut buf[..chunk.min(samples - first) * n];
        let stopped: Vec<usize> = rows
            .par_chunks_mut(n)
            .enumerate()
            .map_init(
                || replay.scratch(),
                |scratch, (i, row)| {
                    let s = first + i;
                    replay
                        .sample(&cal, &reach, s as u64, scratch, row)
                        .map(|_| s)
                },
            )
            .flatten()
            .collect();
        failed.extend(stopped);
        done.fetch_add(rows.len() / n, Ordering::Relaxed);
    }
    drop(buf);
    let (cal, reach) = grow(team, cal, work, failed, |cal, reach, failed| {
        failed
            .par_iter()
            .map_init(
                || (replay.scratch(), vec![0u32; n]),
                |(scratch, row), &s| replay.sample(cal, reach, s as u64, scratch, row).map(|_| s),
            )
            .flatten()
            .collect()
    });
    let all = Samples {
        replay,
        cal,
        reach,
        n,
        samples,
    };
    let scopes = super::scopes(backlog, inst, &all.cal);

    // Pass 2: each scope's earliest and latest finish, its samples on time
    // and with work not done; the causes of work not done; the last finish
    // of any task in any sample.
    let mut seen: Vec<(u32, u32, Counts)> = vec![
        (
            u32::MAX,
            0,
            Counts {
                on_time: 0,
                unfinished: 0,
                samples,
            }
        );
        scopes.len()
    ];
    let m = team.developers.len();
    let cause = causes(&replay_devs(replay, n), &all.reach);
    let mut tally = Tally::new(n, m);
    let mut latest = 0u32;
    all.each_chunk(chunk, |rows| {
        seen.par_iter_mut()
            .zip(&scopes)
            .for_each(|((lo, hi, counts), scope)| {
                for row in rows.chunks_exact(n) {
                    let (finish, met) = scope_finish(scope, row);
                    *lo = (*lo).min(finish);
                    *hi = (*hi).max(finish);
                    counts.on_time += usize::from(met);
                    counts.unfinished += usize::from(!finished(finish));
                }
            });
        let part = rows
            .par_chunks_exact(n)
            .fold(
                || Tally::new(n, m),
                |mut t, row| {
                    t.add(row, &cause);
                    t
                },
            )
            .reduce(|| Tally::new(n, m), Tally::merge);
        tally.absorb(&part);
        let last = rows.par_iter().copied().filter(|&f| finished(f)).max();
        latest = latest.max(last.unwrap_or(0));
    });
    let mut selects: Vec<[Select; 3]> = seen
        .iter()
        .map(|&(lo, hi, _)| {
            PERCENTILES.map(|q| Select::new(lo.into(), hi.into(), rank(q, samples) as u64))
        })
        .collect();
    while let Some(mut counts) = start_pass(&mut selects, limits.counts) {
        all.each_chunk(chunk, |rows| {
            scopes.par_iter().zip(&selects).zip(&mut counts).for_each(
                |((scope, selects), counts)| {
                    if selects.iter().all(Select::found) {
                        return;
                    }
                    for row in rows.chunks_exact(n) {
                        let (finish, _) = scope_finish(scope, row);
                        count_value(selects, finish.into(), counts);
                    }
                },
            );
        });
        end_pass(&mut selects, &counts);
    }
    // Found selects hold clock times of u32 finishes.
    let value = |s: &Select| s.lo as u32;
    let rows = scopes
        .iter()
        .zip(&selects)
        .zip(&seen)
        .map(|((scope, selects), &(_, _, counts))| {
            scope_row(
                scope,
                planned,
                &all.cal,
                selects.each_ref().map(value),
                counts,
            )
        })
        .collect();
    let due_dates = scopes.iter().map(|s| s.deadlines.len()).collect();

    // The burn-up: the backlog scope (the first) gives the P95 finish, or
    // when fewer than 95 % finish, the last finish of any sample.
    let p95 = value(&selects[0][2]);
    let until = if finished(p95) { p95 } else { latest };
    let weeks = Weeks::new(&all.cal, inst, planned, until, &scopes[0]);
    let w = weeks.len();
    let chunk = (limits.chunk / (4 * n + 8 * w)).clamp(1, samples);
    // Done in at least q % of the samples: the value ⌈q·n/100⌉ from the top.
    let mut selects: Vec<[Select; 3]> = (0..w)
        .map(|_| {
            PERCENTILES.map(|q| {
                let from_top = samples - 1 - rank(q, samples);
                Select::new(0, weeks.total as u64, from_top as u64)
            })
        })
        .collect();
    let mut amounts = vec![0i64; chunk * w];
    while let Some(mut counts) = start_pass(&mut selects, limits.counts) {
        all.each_chunk(chunk, |rows| {
            let amounts = &mut amounts[..rows.len() / n * w];
            amounts
                .par_chunks_mut(w)
                .zip(rows.par_chunks_exact(n))
                .for_each(|(out, row)| weeks.done(row, 0, out));
            selects
                .par_iter()
                .zip(&mut counts)
                .enumerate()
                .for_each(|(k, (selects, counts))| {
                    if selects.iter().all(Select::found) {
                        return;
                    }
                    for &a in amounts.iter().skip(k).step_by(w) {
                        count_value(selects, a as u64, counts);
                    }
                });
        });
        end_pass(&mut selects, &counts);
    }
    let burnup = selects
        .iter()
        .enumerate()
        .map(|(k, s)| weeks.row(k, s.each_ref().map(|s| s.lo as i64)))
        .collect();
    Streamed {
        rows,
        due_dates,
        burnup,
        cal: all.cal,
        reach: all.reach,
        tally,
    }
}

/// The planned developer of each of the `n` tasks.
fn replay_devs(replay: &Replay<'_>, n: usize) -> Vec<usize> {
    (0..n).map(|j| replay.developer(j)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Narrows selects over `values` the way a forecast does, pass by pass.
    fn select_all(values: &[u64], ranks: &[u64], counts_bytes: usize) -> (Vec<u64>, usize) {
        let lo = values.iter().copied().min().unwrap();
        let hi = values.iter().copied().max().unwrap();
        let mut selects: Vec<[Select; 1]> =
            ranks.iter().map(|&r| [Select::new(lo, hi, r)]).collect();
        let mut passes = 0;
        while let Some(mut counts) = start_pass(&mut selects, counts_bytes) {
            passes += 1;
            for (s, c) in selects.iter().zip(&mut counts) {
                for &v in values {
                    count_value(s, v, c);
                }
            }
            end_pass(&mut selects, &counts);
        }
        (selects.iter().map(|s| s[0].lo).collect(), passes)
    }

    #[test]
    fn selects_find_the_order_statistics_of_a_sort() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for case in 0..200 {
            let len = rng.random_range(1..300);
            let spread = [1u64, 2, 50, 10_000, 1 << 40][case % 5];
            let base = rng.random_range(0..1_000_000u64);
            let values: Vec<u64> = (0..len)
                .map(|_| base + rng.random_range(0..spread))
                .collect();
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let ranks: Vec<u64> = (0..len as u64).collect();
            for counts_bytes in [0, 40, 1 << 12] {
                let (found, _) = select_all(&values, &ranks, counts_bytes);
                assert_eq!(found, sorted, "case {case}, {counts_bytes} bytes of counts");
            }
        }
    }

    #[test]
    fn buckets_bound_the_passes() {
        // 2^20 distinct values, 1024 buckets: two passes narrow each rank.
        let values: Vec<u64> = (0..1u64 << 20).rev().collect();
        let (found, passes) = select_all(&values, &[0, 524_287, (1 << 20) - 1], 3 * 4 * 1024);
        assert_eq!(found, vec![0, 524_287, (1 << 20) - 1]);
        assert_eq!(passes, 2);
    }
}
