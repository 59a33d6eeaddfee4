//! Replaying a plan with sampled efforts.
//!
//! The plan fixes who does each task and in which order each developer works
//! through their tasks (by planned start). A replay keeps both and redoes the
//! timing: a task starts when its developer has finished their previous task
//! and every task it depends on has finished, in that sample; it then takes
//! its sampled effort out of the developer's working time (the plan's
//! [`WorkCalendar`]: their own workdays, holidays, days and parts of days
//! off). With every effort equal to its estimate, the replay gives back the
//! plan's schedule minute for minute.
//!
//! Work that cannot be done is marked, not failed: a task whose developer
//! has left before it is done, or that runs past the last calendar
//! sprintcast looks ahead on, is [`CUT`] (and so is the rest of that
//! developer's work in the sample); a task that waits for an unfinished one
//! is [`BLOCKED`], and its developer goes on with their next task.
//!
//! Samples are independent: sample `s` draws from its own ChaCha8 stream (the
//! seed, stream `s`): first one uniform per task, in task order, then the
//! sample's common deviate, so the result does not depend on how samples
//! are spread over threads.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::effort::{inverse_normal_cdf, open_unit, EffortModel};
use crate::calendar::WorkCalendar;
use crate::optimizer::schedule::Schedule;
use crate::optimizer::Instance;
use crate::team::Team;

/// The finish of a task that is not done because its developer left (or
/// the calendar ended) first.
pub(crate) const CUT: u32 = u32::MAX;

/// The finish of a task that is not done because it waits for one that is
/// not done.
pub(crate) const BLOCKED: u32 = u32::MAX - 1;

/// Whether a sampled finish is a clock time (not [`CUT`] or [`BLOCKED`]).
pub(crate) fn finished(f: u32) -> bool {
    f < BLOCKED
}

/// What a calendar holds for a replay: which developers have left before
/// its last day (work past their time is never done), and whether it is
/// the last calendar (work past its end is never done either; otherwise
/// the sample runs again on a longer one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reach {
    /// By developer: left before the calendar's last day.
    pub gone: Vec<bool>,
    /// No longer calendar will be tried.
    pub last: bool,
}

impl Reach {
    /// What `cal` (built for `team`) holds.
    pub(crate) fn new(team: &Team, cal: &WorkCalendar, last: bool) -> Reach {
        let last_day = cal.days.last().copied().unwrap_or(cal.calendar.start);
        Reach {
            gone: team
                .developers
                .iter()
                .map(|d| d.available_until.is_some_and(|u| u < last_day))
                .collect(),
            last,
        }
    }
}

/// A plan ready to replay.
#[derive(Debug, Clone)]
pub(crate) struct Replay<'a> {
    /// The instance planned.
    inst: &'a Instance,
    /// Open tasks by planned start (predecessors and each developer's
    /// earlier tasks always come first).
    order: Vec<usize>,
    /// The planned developer of each task.
    dev: Vec<usize>,
    /// Each sample's efforts.
    draws: Draws,
}

/// The efforts of every sample: each task's distribution and the RNG every
/// sample's stream derives from.
#[derive(Debug, Clone)]
pub(crate) struct Draws {
    /// The effort distribution of each task.
    models: Vec<EffortModel>,
    /// Whether any task has a shared part (then each sample draws the
    /// common deviate).
    shared: bool,
    /// The RNG every sample's stream derives from.
    base: ChaCha8Rng,
}

impl Draws {
    /// Draws from `models` with `seed`.
    pub(crate) fn new(models: Vec<EffortModel>, seed: u64) -> Draws {
        Draws {
            shared: models.iter().any(|m| m.shared > 0.0),
            models,
            base: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// Sample `s`'s efforts into `effort` (`z` holds the deviates): one
    /// uniform per task, in task order, whatever the replay order (a task's
    /// effort in sample s does not depend on the plan), then the common
    /// deviate. A task without spread uses none of its uniform.
    pub(crate) fn draw(&self, s: u64, z: &mut [f64], effort: &mut [i64]) {
        let mut rng = self.base.clone();
        rng.set_stream(s);
        for (z, model) in z.iter_mut().zip(&self.models) {
            let u = open_unit(rng.next_u64());
            *z = if model.sigma == 0.0 {
                0.0
            } else {
                inverse_normal_cdf(u)
            };
        }
        let common = if self.shared {
            inverse_normal_cdf(open_unit(rng.next_u64()))
        } else {
            0.0
        };
        for ((e, model), &z) in effort.iter_mut().zip(&self.models).zip(z.iter()) {
            *e = model.minutes_with(z, common);
        }
    }
}

/// Buffers one thread reuses from sample to sample.
#[derive(Debug, Clone)]
pub(crate) struct Scratch {
    /// Each task's own deviate, then its effort.
    z: Vec<f64>,
    effort: Vec<i64>,
    finish: Vec<i64>,
    /// Work position at which each developer is free again.
    free: Vec<i64>,
}

impl<'a> Replay<'a> {
    /// The replay of `schedule`, drawing from `models` with `seed`.
    pub(crate) fn new(
        inst: &'a Instance,
        schedule: &Schedule,
        models: Vec<EffortModel>,
        seed: u64,
    ) -> Replay<'a> {
        let mut order: Vec<usize> = (0..inst.n()).collect();
        // A task starts no earlier than its predecessors finish, so by start
        // time predecessors come first; ties (different developers) by index.
        order.sort_by_key(|&j| (schedule.start[j], j));
        Replay {
            inst,
            order,
            dev: schedule.dev.clone(),
            draws: Draws::new(models, seed),
        }
    }

    /// Fresh buffers for one thread.
    pub(crate) fn scratch(&self) -> Scratch {
        Scratch {
            z: vec![0.0; self.inst.n()],
            effort: vec![0; self.inst.n()],
            finish: vec![0; self.inst.n()],
            free: vec![0; self.inst.m()],
        }
    }

    /// Runs sample `s` on `cal`, writing each task's finish (clock minutes,
    /// or [`CUT`] / [`BLOCKED`]) into `row`. Returns the first task that
    /// runs past the calendar while a longer one may hold it (`reach`), if
    /// any (then `row` is incomplete).
    pub(crate) fn sample(
        &self,
        cal: &WorkCalendar,
        reach: &Reach,
        s: u64,
        scratch: &mut Scratch,
        row: &mut [u32],
    ) -> Option<usize> {
        self.draws.draw(s, &mut scratch.z, &mut scratch.effort);
        self.replay(cal, reach, scratch, row)
    }

    /// The timing pass with the efforts in `scratch`.
    fn replay(
        &self,
        cal: &WorkCalendar,
        reach: &Reach,
        scratch: &mut Scratch,
        row: &mut [u32],
    ) -> Option<usize> {
        // An unfinished task's finish in `scratch.finish`: after every time.
        const NEVER: i64 = i64::MAX;
        let day = cal.day_minutes;
        scratch.free.fill(0);
        for &j in &self.order {
            let d = self.dev[j];
            let dc = &cal.developers[d];
            let release = self.inst.preds[j]
                .iter()
                .map(|&q| scratch.finish[q])
                .max()
                .unwrap_or(0);
            if release == NEVER {
                // Waits for work that is never done; its developer goes on.
                scratch.finish[j] = NEVER;
                row[j] = BLOCKED;
                continue;
            }
            let at = dc.work_before(release, day).max(scratch.free[d]);
            let end = at.saturating_add(scratch.effort[j]);
            // Clock times within MAX_DAYS business days of at most 24 hours
            // fit in 32 bits, below the two marks.
            match dc.end_at(end, day).and_then(|t| {
                u32::try_from(t)
                    .ok()
                    .filter(|&f| finished(f))
                    .map(|f| (t, f))
            }) {
                Some((finish, f)) => {
                    scratch.finish[j] = finish;
                    row[j] = f;
                }
                None if reach.gone[d] || reach.last => {
                    scratch.finish[j] = NEVER;
                    row[j] = CUT;
                }
                None => return Some(j),
            }
            scratch.free[d] = end;
        }
        None
    }

    /// The developer of task `j`.
    pub(crate) fn developer(&self, j: usize) -> usize {
        self.dev[j]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::calibrate::default_shared_sigma;
    use crate::forecast::effort::{sigma_of, Z90};

    fn draws_of(models: Vec<EffortModel>, seed: u64, s: u64) -> Vec<i64> {
        let draws = Draws::new(models, seed);
        let n = draws.models.len();
        let (mut z, mut effort) = (vec![0.0; n], vec![0; n]);
        draws.draw(s, &mut z, &mut effort);
        effort
    }

    /// The draws as they were before the shared factor: one uniform per
    /// task from stream `s`, each effort median · exp(σ Φ⁻¹(u)).
    fn one_deviate_draws(models: &[EffortModel], seed: u64, s: u64) -> Vec<i64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(s);
        models
            .iter()
            .map(|m| {
                let u = open_unit(rng.next_u64());
                if m.sigma == 0.0 {
                    m.median.round() as i64
                } else {
                    (m.median * (m.sigma * inverse_normal_cdf(u)).exp()).round() as i64
                }
            })
            .collect()
    }

    fn models(n: usize, sigma: f64) -> Vec<EffortModel> {
        (0..n)
            .map(|j| EffortModel::new(60.0 * (1 + j % 7) as f64, sigma * (j % 3) as f64))
            .collect()
    }

    #[test]
    fn without_a_shared_part_the_draws_are_the_one_deviate_ones() {
        let plain = models(40, 0.3);
        for s in [0, 1, 977] {
            assert_eq!(
                draws_of(plain.clone(), 5, s),
                one_deviate_draws(&plain, 5, s)
            );
        }
    }

    #[test]
    fn the_common_deviate_is_the_streams_draw_after_the_tasks() {
        let shared: Vec<EffortModel> = models(12, 0.4)
            .into_iter()
            .map(|m| m.with_shared(0.2))
            .collect();
        let (seed, s) = (9, 31);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(s);
        let z: Vec<f64> = shared
            .iter()
            .map(|_| inverse_normal_cdf(open_unit(rng.next_u64())))
            .collect();
        let common = inverse_normal_cdf(open_unit(rng.next_u64()));
        let want: Vec<i64> = shared
            .iter()
            .zip(&z)
            .map(|(m, &z)| {
                if m.sigma == 0.0 {
                    m.median.round() as i64
                } else {
                    (m.median * (m.own * z + m.shared * common).exp()).round() as i64
                }
            })
            .collect();
        assert_eq!(draws_of(shared, seed, s), want);
    }

    /// Mean and standard deviation of `x`.
    fn mean_sd(x: &[f64]) -> (f64, f64) {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
        (mean, var.sqrt())
    }

    /// ln of the total effort of `n` tasks of 8 hours with the default
    /// spread and `shared` of it common, over `samples` samples.
    fn log_totals(n: usize, shared: f64, samples: u64) -> Vec<f64> {
        let sigma = sigma_of(1.5);
        let draws = Draws::new(
            vec![EffortModel::new(480.0, sigma).with_shared(shared); n],
            2024,
        );
        let (mut z, mut effort) = (vec![0.0; n], vec![0; n]);
        (0..samples)
            .map(|s| {
                draws.draw(s, &mut z, &mut effort);
                (effort.iter().sum::<i64>() as f64).ln()
            })
            .collect()
    }

    // The whole backlog's spread: with independent efforts the sd of ln(total)
    // of n i.i.d. tasks shrinks like 1/√n; the shared factor keeps it near
    // its own σ_c. Oracle: ln(total) = σ_c·Z_c + ln(Σ own efforts), and the
    // sum of n i.i.d. log-normals of σ_own has a log-variance of about
    // ln(1 + (exp(σ_own²) − 1)/n) (Fenton–Wilkinson; exact as n grows), so
    // sd(ln total) ≈ √(σ_c² + ln(1 + (exp(σ_own²) − 1)/n)). The sample sd of
    // S draws has a standard error of sd/√(2(S−1)); each check allows 4.
    #[test]
    fn the_shared_factor_keeps_the_backlogs_spread_as_it_grows() {
        let samples = 2_000u64;
        let sigma = sigma_of(1.5);
        let tau = default_shared_sigma(1.5);
        assert!((tau - 1.25f64.ln() / Z90).abs() < 1e-15);
        let own = (sigma * sigma - tau * tau).sqrt();
        let expected =
            |n: f64, own: f64, tau: f64| (tau * tau + ((own * own).exp_m1() / n).ln_1p()).sqrt();
        let check = |n: usize, shared: f64, own: f64| {
            let (_, sd) = mean_sd(&log_totals(n, shared, samples));
            let want = expected(n as f64, own, shared);
            let tolerance = 4.0 * want / (2.0 * (samples - 1) as f64).sqrt();
            assert!(
                (sd - want).abs() <= tolerance,
                "n = {n}, shared σ {shared}: sd(ln total) {sd:.5}, formula {want:.5} ± {tolerance:.5}"
            );
            sd
        };
        let shared_1000 = check(1000, tau, own);
        let shared_10 = check(10, tau, own);
        let alone_1000 = check(1000, 0.0, sigma);
        let alone_10 = check(10, 0.0, sigma);
        // Independent: 100 times the tasks, a tenth of the spread.
        assert!(
            (alone_10 / alone_1000 - 10.0).abs() < 1.0,
            "{alone_10} / {alone_1000}"
        );
        // Shared: the spread stays near σ_c whatever the size.
        assert!(shared_1000 > 0.9 * tau && shared_10 / shared_1000 < 1.2);
        assert!(shared_1000 > 15.0 * alone_1000);
        // P90 ÷ P50 of the total of 1000 tasks: exp(z₀.₉ · sd) ≈ 1.25.
        let mut totals = log_totals(1000, tau, samples);
        totals.sort_by(f64::total_cmp);
        let ratio = (totals[1799] - totals[999]).exp();
        let want = (Z90 * expected(1000.0, own, tau)).exp();
        assert!(
            (ratio - want).abs() < 0.04,
            "P90/P50 {ratio:.4}, formula {want:.4}"
        );
    }
}
