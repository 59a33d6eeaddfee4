//! Replaying a plan with sampled efforts.
//!
//! The plan fixes who does each task and in which order each developer works
//! through their tasks (by planned start). A replay keeps both and redoes the
//! timing: a task starts when its developer has finished their previous task
//! and every task it depends on has finished, in that sample; it then takes
//! its sampled effort out of the developer's working time (calendars,
//! holidays and time off as planned). With every effort equal to its
//! estimate, the replay gives back the plan's schedule minute for minute.
//!
//! Samples are independent: sample `s` draws from its own ChaCha8 stream (the
//! seed, stream `s`), so the result does not depend on how samples are spread
//! over threads.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::effort::{inverse_normal_cdf, open_unit, EffortModel};
use crate::calendar::WorkCalendar;
use crate::optimizer::schedule::Schedule;
use crate::optimizer::Instance;

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
    /// The effort distribution of each task.
    models: Vec<EffortModel>,
    /// The RNG every sample's stream derives from.
    base: ChaCha8Rng,
}

/// Buffers one thread reuses from sample to sample.
#[derive(Debug, Clone)]
pub(crate) struct Scratch {
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
            models,
            base: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// Fresh buffers for one thread.
    pub(crate) fn scratch(&self) -> Scratch {
        Scratch {
            effort: vec![0; self.inst.n()],
            finish: vec![0; self.inst.n()],
            free: vec![0; self.inst.m()],
        }
    }

    /// Runs sample `s` on `cal`, writing each task's finish (clock minutes)
    /// into `row`. Returns the first task that does not finish within the
    /// calendar's horizon, if any (then `row` is incomplete).
    pub(crate) fn sample(
        &self,
        cal: &WorkCalendar,
        s: u64,
        scratch: &mut Scratch,
        row: &mut [u32],
    ) -> Option<usize> {
        let mut rng = self.base.clone();
        rng.set_stream(s);
        // One draw per task, in task order, whatever the replay order: a
        // task's effort in sample s does not depend on the plan.
        for (e, model) in scratch.effort.iter_mut().zip(&self.models) {
            let u = open_unit(rng.next_u64());
            *e = if model.sigma == 0.0 {
                model.minutes(0.0)
            } else {
                model.minutes(inverse_normal_cdf(u))
            };
        }
        self.replay(cal, scratch, row)
    }

    /// The timing pass with the efforts in `scratch`.
    fn replay(&self, cal: &WorkCalendar, scratch: &mut Scratch, row: &mut [u32]) -> Option<usize> {
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
            let at = dc.work_before(release, day).max(scratch.free[d]);
            let end = at.saturating_add(scratch.effort[j]);
            let Some(finish) = dc.end_at(end, day) else {
                return Some(j);
            };
            // Clock times within MAX_DAYS business days of at most 24 hours
            // fit in 32 bits.
            let Ok(f) = u32::try_from(finish) else {
                return Some(j);
            };
            scratch.free[d] = end;
            scratch.finish[j] = finish;
            row[j] = f;
        }
        None
    }

    /// The developer of task `j`.
    pub(crate) fn developer(&self, j: usize) -> usize {
        self.dev[j]
    }
}

/// The effort (minutes) task `j` draws in sample `s`, for messages.
pub(crate) fn effort_of(replay: &Replay<'_>, s: u64, j: usize) -> i64 {
    let mut rng = replay.base.clone();
    rng.set_stream(s);
    let mut effort = 0;
    for (k, model) in replay.models.iter().enumerate() {
        let u = open_unit(rng.next_u64());
        if k == j {
            effort = model.minutes(inverse_normal_cdf(u));
        }
    }
    effort
}
