//! The exact schedule: from the optimizer's decisions (who does each task, and
//! a priority order) to the minute each task starts and finishes in its
//! developer's working time, and from there to the stretches of work a plan
//! lists.
//!
//! Decoding is a serial schedule-generation scheme with insertion: tasks are
//! taken in priority order (predecessors first) and each is placed on its
//! developer in the earliest gap of their working time that starts after its
//! predecessors have finished and is long enough to hold it whole. Work pauses
//! only outside working time, never for another task, so every task runs as
//! one block of its developer's working time.

use crate::optimizer::instance::{Instance, Objective};

/// The decisions the optimizer searches over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// Every open task once, predecessors before successors.
    pub order: Vec<usize>,
    /// The developer of each open task.
    pub assign: Vec<usize>,
}

/// Exact times of every open task, in planning-clock minutes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// Developer of each task.
    pub dev: Vec<usize>,
    /// The developer's work position (working minutes before) where the task starts.
    pub w0: Vec<i64>,
    /// Clock time of the first working minute.
    pub start: Vec<i64>,
    /// Clock time the task ends.
    pub finish: Vec<i64>,
}

/// What a schedule costs, compared lexicographically by `primary` then
/// `secondary`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// The objective of SPEC 4.3 in business hours (weighted sum or makespan).
    pub objective: f64,
    /// Prefer-rule penalties (business hours × weight).
    pub penalty: f64,
    /// Stability costs (`--previous`): tasks moved away from the developer
    /// the previous plan gave them, each weight × reassign hours.
    pub moved: f64,
    /// What finishing past due dates costs: Σ late_w × business hours late
    /// (with `--strict-due` a plan is feasible only at 0).
    pub late: f64,
    /// Tie-breaker: Σ weight × finish when minimising the makespan; 0
    /// otherwise (the rank tie-break of the weighted objective is applied
    /// once the search is done: `optimizer::polish_rank`).
    pub secondary: f64,
}

impl Cost {
    /// The number the search minimises first.
    pub fn primary(&self) -> f64 {
        self.objective + self.penalty + self.moved + self.late
    }

    /// What the plan minimises, as reported: the primary cost, with a hard
    /// due date's lateness left out (a plan that has any is refused).
    pub fn total(&self, strict_due: bool) -> f64 {
        self.objective + self.penalty + self.moved + if strict_due { 0.0 } else { self.late }
    }

    /// Whether `self` is strictly better than `other`.
    pub fn better_than(&self, other: &Cost) -> bool {
        let (a, b) = (self.primary(), other.primary());
        let tol = 1e-9 * a.abs().max(b.abs()).max(1.0);
        a < b - tol || (a <= b + tol && self.secondary < other.secondary - 1e-9)
    }

    /// A cost worse than any schedule's.
    pub fn infinite() -> Cost {
        Cost {
            objective: f64::INFINITY,
            penalty: 0.0,
            moved: 0.0,
            late: 0.0,
            secondary: f64::INFINITY,
        }
    }
}

/// Reusable decoder (keeps its buffers between calls); one serves one
/// instance.
///
/// [`Decoder::decode`] remembers what it placed last and starts again after
/// the longest prefix (of the placement order, with the same developers)
/// that a new solution shares with it: the tasks before a move's first
/// changed position are placed exactly as before, so only the rest is
/// placed again. A search's moves mostly change the later part of the order,
/// and on a large backlog that is most of the decoding saved.
#[derive(Debug, Clone)]
pub struct Decoder {
    /// Busy work-position intervals of each developer, sorted.
    busy: Vec<Vec<(i64, i64)>>,
    /// What the last [`Decoder::decode`] placed, in placement order;
    /// `busy` holds exactly these intervals. Emptied by any other change
    /// to `busy`.
    placed: Vec<Placed>,
    /// The times the last decode gave each task it placed.
    times: Schedule,
}

/// [`Decoder::fit`] on one developer's busy intervals.
fn fit_in(busy: &[(i64, i64)], wr: i64, p: i64) -> (usize, i64) {
    // Intervals ending by wr leave no usable gap before wr.
    let mut k = busy.partition_point(|&(_, e)| e <= wr);
    let mut at = wr;
    while k < busy.len() {
        let (s, e) = busy[k];
        if at + p <= s {
            break;
        }
        at = at.max(e);
        k += 1;
    }
    (k, at)
}

/// One task placed by [`Decoder::decode`]: the task, its developer, its
/// minutes, and the index its interval took in the developer's timeline
/// (undone in reverse order, each is found where it was put).
#[derive(Debug, Clone, Copy)]
struct Placed {
    task: usize,
    dev: usize,
    minutes: i64,
    index: usize,
}

impl Decoder {
    /// A decoder for an instance.
    pub fn new(inst: &Instance) -> Decoder {
        Decoder {
            busy: vec![Vec::new(); inst.m()],
            placed: Vec::new(),
            times: Schedule::default(),
        }
    }

    /// Empties every developer's timeline.
    pub fn clear(&mut self) {
        self.placed.clear();
        for b in &mut self.busy {
            b.clear();
        }
    }

    /// The earliest work position at or after `wr` where developer `d` has `p`
    /// free working minutes in a row, and the index at which to record it.
    pub fn fit(&self, d: usize, wr: i64, p: i64) -> (usize, i64) {
        fit_in(&self.busy[d], wr, p)
    }

    /// Records that developer `d` works positions `[at, at + p)` (from [`Decoder::fit`]).
    pub fn commit(&mut self, d: usize, k: usize, at: i64, p: i64) {
        self.placed.clear();
        self.busy[d].insert(k, (at, at + p));
    }

    /// Undoes [`Decoder::commit`] (the interval recorded at index `k`).
    pub fn uncommit(&mut self, d: usize, k: usize) {
        self.placed.clear();
        self.busy[d].remove(k);
    }

    /// Places every task, in-progress tasks first ([`Instance::placement`]);
    /// false when some task does not fit in the horizon.
    pub fn decode(&mut self, inst: &Instance, sol: &Solution, out: &mut Schedule) -> bool {
        let n = inst.n();
        let day = inst.cal.day_minutes;
        if self.times.finish.len() != n {
            self.clear();
            self.times.w0 = vec![0; n];
            self.times.start = vec![0; n];
            self.times.finish = vec![0; n];
        }
        // The prefix shared with the last decode stays placed.
        let keep = inst
            .placement(&sol.order)
            .zip(&self.placed)
            .take_while(|(j, p)| p.task == *j && p.dev == sol.assign[*j] && p.minutes == inst.p[*j])
            .count();
        if keep == 0 {
            self.clear();
        }
        while self.placed.len() > keep {
            if let Some(p) = self.placed.pop() {
                self.busy[p.dev].remove(p.index);
            }
        }
        let times = &mut self.times;
        for j in inst.placement(&sol.order).skip(keep) {
            let d = sol.assign[j];
            let dc = &inst.cal.developers[d];
            let release = inst.preds[j]
                .iter()
                .map(|&q| times.finish[q])
                .max()
                .unwrap_or(0);
            let wr = dc.work_before(release, day);
            let p = inst.p[j];
            let (k, at) = fit_in(&self.busy[d], wr, p);
            let (Some(start), Some(finish)) = (dc.start_at(at, day), dc.end_at(at + p, day)) else {
                return false;
            };
            self.busy[d].insert(k, (at, at + p));
            self.placed.push(Placed {
                task: j,
                dev: d,
                minutes: p,
                index: k,
            });
            times.w0[j] = at;
            times.start[j] = start;
            times.finish[j] = finish;
        }
        out.dev.clear();
        out.dev.extend_from_slice(&sol.assign);
        for (to, from) in [
            (&mut out.w0, &times.w0),
            (&mut out.start, &times.start),
            (&mut out.finish, &times.finish),
        ] {
            to.clear();
            to.extend_from_slice(from);
        }
        true
    }
}

impl Decoder {
    /// Places the tasks in `sol.order` (in-progress tasks first), each on
    /// the allowed developer who finishes it first (on ties the one with the
    /// smaller [`Instance::assign_penalty`], then the lower index), and records that choice in `sol.assign`; the
    /// resulting solution decodes to the same schedule with [`Decoder::decode`].
    /// False when some task fits nobody's horizon.
    pub fn decode_greedy(
        &mut self,
        inst: &Instance,
        sol: &mut Solution,
        out: &mut Schedule,
    ) -> bool {
        let n = inst.n();
        let day = inst.cal.day_minutes;
        self.clear();
        out.dev.resize(n, 0);
        out.w0.resize(n, 0);
        out.start.resize(n, 0);
        out.finish.resize(n, 0);
        for j in inst.placement(&sol.order) {
            let release = inst.preds[j]
                .iter()
                .map(|&q| out.finish[q])
                .max()
                .unwrap_or(0);
            let p = inst.p[j];
            let mut best: Option<(i64, f64, usize, usize, i64)> = None;
            for &d in &inst.allowed[j] {
                let dc = &inst.cal.developers[d];
                let (k, at) = self.fit(d, dc.work_before(release, day), p);
                let Some(end) = dc.end_at(at + p, day) else {
                    continue;
                };
                let penalty = inst.assign_penalty(j, d);
                if best.is_none_or(|(e, u, ..)| (end, penalty) < (e, u)) {
                    best = Some((end, penalty, d, k, at));
                }
            }
            let Some((end, _, d, k, at)) = best else {
                return false;
            };
            let Some(start) = inst.cal.developers[d].start_at(at, day) else {
                return false;
            };
            self.commit(d, k, at, p);
            sol.assign[j] = d;
            out.dev[j] = d;
            out.w0[j] = at;
            out.start[j] = start;
            out.finish[j] = end;
        }
        true
    }
}

/// The cost of a decoded schedule.
pub fn cost(inst: &Instance, sched: &Schedule) -> Cost {
    let mut weighted = 0.0;
    let mut makespan: f64 = 0.0;
    let mut penalty = 0.0;
    let mut moved = 0.0;
    let mut late = 0.0;
    for j in 0..inst.n() {
        let c = inst.cal.business_hours(sched.finish[j]);
        weighted += inst.w[j] * c;
        makespan = makespan.max(c);
        if !inst.preferred[j].is_empty() && !inst.preferred[j].contains(&sched.dev[j]) {
            penalty += inst.prefer_cost[j];
        }
        if inst.keep[j].is_some_and(|k| k != sched.dev[j]) {
            moved += inst.keep_cost[j];
        }
        late += inst.late_cost(j, sched.finish[j]);
    }
    late += inst.cap_cost(makespan);
    match inst.objective {
        Objective::Weighted => Cost {
            objective: weighted,
            penalty,
            moved,
            late,
            secondary: 0.0,
        },
        Objective::Makespan => Cost {
            objective: makespan,
            penalty,
            moved,
            late,
            secondary: weighted,
        },
    }
}

/// Decodes and costs in one step (infinite cost when it does not fit).
pub fn evaluate(inst: &Instance, dec: &mut Decoder, sol: &Solution, out: &mut Schedule) -> Cost {
    if dec.decode(inst, sol, out) {
        cost(inst, out)
    } else {
        Cost::infinite()
    }
}

/// One unbroken stretch of work: task, developer, clock start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    /// Open task.
    pub task: usize,
    /// Developer.
    pub dev: usize,
    /// Clock start.
    pub start: i64,
    /// Clock end.
    pub end: i64,
}

/// Every stretch of work of a schedule, by developer then time.
pub fn stretches(inst: &Instance, sched: &Schedule) -> Vec<Stretch> {
    let day = inst.cal.day_minutes;
    let mut out = Vec::new();
    for j in 0..inst.n() {
        let d = sched.dev[j];
        for (start, end) in
            inst.cal.developers[d].stretches(sched.w0[j], sched.w0[j] + inst.p[j], day)
        {
            out.push(Stretch {
                task: j,
                dev: d,
                start,
                end,
            });
        }
    }
    out.sort_by_key(|s| (s.dev, s.start));
    out
}

/// The instance the unit tests of this file and of bound.rs compute by hand.
#[cfg(test)]
#[path = "tests/fixture.rs"]
pub(crate) mod fixture;

#[cfg(test)]
#[path = "tests/schedule.rs"]
mod tests;
