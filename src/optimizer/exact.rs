//! Exact branch and bound for small backlogs: proves optimality (gap 0).
//!
//! Some optimal plan is *active*: no task could start earlier without moving
//! another. Placing an active plan's tasks in order of start time (ties by
//! index) with the insertion decoder reproduces it, so searching over every
//! such order and every assignment finds an optimum. Branches whose start
//! times go backwards are not canonical and are cut, and so is every branch
//! whose partial cost plus each remaining task's earliest finish cannot beat
//! the best plan known.
//!
//! The search gives up, proving nothing, on a node budget or at the run's
//! deadline; the best plan it met is still returned.

use std::time::Instant;

use crate::optimizer::instance::{Instance, Objective};
use crate::optimizer::schedule::{cost, Cost, Decoder, Schedule, Solution};

/// The most open tasks the exact search takes on.
pub const MAX_TASKS: usize = 8;

/// Nodes visited at most before the search gives up (then it proves nothing).
const MAX_NODES: u64 = 5_000_000;

/// Nodes between two looks at the clock.
const CLOCK_EVERY: u64 = 1024;

/// What the search found.
#[derive(Debug, Clone)]
pub struct Exact {
    /// The best plan met.
    pub solution: Solution,
    /// Its cost.
    pub cost: Cost,
    /// Whether the search was exhaustive, so no plan is better.
    pub proven: bool,
}

struct Search<'a> {
    inst: &'a Instance,
    ef: &'a [f64],
    dec: Decoder,
    sched: Schedule,
    placed: Vec<bool>,
    missing: Vec<usize>,
    order: Vec<usize>,
    best: Option<(Solution, Cost)>,
    best_value: f64,
    nodes: u64,
    deadline: Instant,
    stopped: bool,
}

/// The best plan found, proven optimal unless the node budget or the
/// deadline stopped the search; None when the instance is too large or no
/// plan was met. `upper` is a known plan (prunes from the start).
pub fn solve(
    inst: &Instance,
    ef: &[f64],
    upper: Option<(Solution, Cost)>,
    deadline: Instant,
) -> Option<Exact> {
    let n = inst.n();
    if n > MAX_TASKS {
        return None;
    }
    let best_value = upper.as_ref().map_or(f64::INFINITY, |(_, c)| c.primary());
    let mut s = Search {
        inst,
        ef,
        dec: Decoder::new(inst),
        sched: Schedule {
            dev: vec![0; n],
            w0: vec![0; n],
            start: vec![0; n],
            finish: vec![0; n],
        },
        placed: vec![false; n],
        missing: inst.preds.iter().map(Vec::len).collect(),
        order: Vec::with_capacity(n),
        best: upper,
        best_value,
        nodes: 0,
        deadline,
        stopped: false,
    };
    s.dfs(0.0, 0.0, 0.0);
    let proven = !s.stopped;
    s.best.map(|(solution, cost)| Exact {
        solution,
        cost,
        proven,
    })
}

impl Search<'_> {
    /// `partial`: Σ w·C (weighted) or max C (makespan) of placed tasks;
    /// `penalty`: prefer and stability penalties so far; `late`: the cost of
    /// lateness so far.
    fn dfs(&mut self, partial: f64, penalty: f64, late: f64) {
        self.nodes += 1;
        if self.stopped
            || self.nodes >= MAX_NODES
            || (self.nodes.is_multiple_of(CLOCK_EVERY) && Instant::now() >= self.deadline)
        {
            // Depth is at most MAX_TASKS, so unwinding is immediate.
            self.stopped = true;
            return;
        }
        let inst = self.inst;
        let n = inst.n();
        if self.order.len() == n {
            let sol = Solution {
                order: self.order.clone(),
                assign: self.sched.dev.clone(),
            };
            let c = cost(inst, &self.sched);
            if self.best.as_ref().is_none_or(|(_, b)| c.better_than(b)) {
                self.best_value = c.primary();
                self.best = Some((sol, c));
            }
            return;
        }
        let day = inst.cal.day_minutes;
        // In-progress tasks are placed first, in their order, as the
        // decoder places them; the canonical-order cut starts after them.
        let next_first = inst.first.iter().copied().find(|&j| !self.placed[j]);
        let last = self.order.last().copied().filter(|&i| !inst.is_first[i]);
        for j in 0..n {
            if self.placed[j] || self.missing[j] > 0 {
                continue;
            }
            if next_first.is_some_and(|f| f != j) {
                continue;
            }
            let release = inst.preds[j]
                .iter()
                .map(|&q| self.sched.finish[q])
                .max()
                .unwrap_or(0);
            for &d in &inst.allowed[j] {
                let dc = &inst.cal.developers[d];
                let wr = dc.work_before(release, day);
                let (k, at) = self.dec.fit(d, wr, inst.p[j]);
                let (Some(start), Some(finish)) =
                    (dc.start_at(at, day), dc.end_at(at + inst.p[j], day))
                else {
                    continue;
                };
                if let Some(i) = last {
                    let prev = self.sched.start[i];
                    if start < prev || (start == prev && j < i) {
                        continue;
                    }
                }
                let c = inst.cal.business_hours(finish);
                let (new_partial, bound) = match inst.objective {
                    Objective::Weighted => {
                        let p = partial + inst.w[j] * c;
                        let rest: f64 = (0..n)
                            .filter(|&q| !self.placed[q] && q != j)
                            .map(|q| inst.w[q] * self.ef[q])
                            .sum();
                        (p, p + rest)
                    }
                    Objective::Makespan => {
                        let p = partial.max(c);
                        let rest = (0..n)
                            .filter(|&q| !self.placed[q] && q != j)
                            .map(|q| self.ef[q])
                            .fold(p, f64::max);
                        (p, rest)
                    }
                };
                let pen = penalty + inst.assign_penalty(j, d);
                let lt = late + inst.late_cost(j, finish);
                // The finish cap (makespan only) prices the plan's last
                // finish once, as `schedule::cost` does: the latest so far.
                let over = match inst.objective {
                    Objective::Makespan => inst.cap_cost(new_partial),
                    Objective::Weighted => 0.0,
                };
                if bound + pen + lt + over >= self.best_value - 1e-9 {
                    continue;
                }
                self.dec.commit(d, k, at, inst.p[j]);
                self.sched.dev[j] = d;
                self.sched.w0[j] = at;
                self.sched.start[j] = start;
                self.sched.finish[j] = finish;
                self.placed[j] = true;
                self.order.push(j);
                for &s in &inst.succs[j] {
                    self.missing[s] -= 1;
                }
                self.dfs(new_partial, pen, lt);
                for &s in &inst.succs[j] {
                    self.missing[s] += 1;
                }
                self.order.pop();
                self.placed[j] = false;
                self.dec.uncommit(d, k);
            }
        }
    }
}
