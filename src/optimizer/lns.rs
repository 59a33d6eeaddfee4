//! Large-neighbourhood search for the makespan, in the manner of CP-SAT's:
//! many small neighbourhoods along the current plan's critical chains, each
//! re-solved exactly in the decisions the decoder understands.
//!
//! A neighbourhood (a *window*) is a stretch of one critical chain (see
//! [`search::focus_tasks`]) with tasks that run beside it and compete with
//! it for the same developers: 4 to 7 tasks in all. Those tasks are freed;
//! every other task keeps its place in the priority order and its
//! developer. The freed tasks take the places in the order the freed ones
//! held, in every arrangement, each on any of its allowed developers among
//! those who do the freed tasks now: a depth-first branch and bound that
//! decodes the order incrementally (the decoder never moves a task once
//! placed, so a partial decoding is final) and prunes a branch when the
//! tasks placed, with the chains of work after them and the first gaps the
//! others can still find, cannot beat the best arrangement found. A window
//! whose search ends within its work allowance is solved exactly.
//!
//! Windows compare plans by the makespan (the cost's primary part), then
//! by the *overrun*: how far the tasks' finishes plus their chains of work
//! after them reach past a line 2% of the makespan before its end. A plan
//! with the same makespan and less overrun has gained slack where the plan
//! is tight; that is how a window walks a plateau, and a later window turns
//! the slack into a shorter plan (measured on iMOPSE: with the sum of
//! finishes as tie-break the windows gained one unit where these gain two).
//!
//! The local search moves one task at a time; a window moves several
//! together (a critical task onto a competitor's developer and place, the
//! competitor elsewhere), which the local search only reaches through worse
//! plans it does not accept.
//!
//! Deterministic: a seeded generator picks the windows, and every budget is
//! counted in task placements; the deadline only cuts the search short.

use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::optimizer::instance::{Instance, Objective};
use crate::optimizer::schedule::{cost, evaluate, Cost, Decoder, Schedule, Solution};
use crate::optimizer::search::{self, Outcome};

/// Tasks a window frees: drawn from this range for each window (a mix of
/// sizes found more on iMOPSE than any one size).
const WINDOW_TASKS: std::ops::RangeInclusive<usize> = 4..=7;
/// Critical tasks a window's chain stretch holds at most.
const CHAIN_TASKS: usize = 3;
/// Placements one window's branch and bound may spend, per task of the backlog.
const WINDOW_PLACEMENTS_PER_TASK: u64 = 400;
/// Placements one search may spend in all, per task of the backlog, and
/// at most (the budget of a 100-task backlog: about 2–3 s on iMOPSE, and
/// no more for larger ones, whose local search takes longer).
const PLACEMENTS_PER_TASK: u64 = 300_000;
const MAX_PLACEMENTS: u64 = 30_000_000;
/// Backlogs larger than this are left to the local search: a window's
/// decoding costs a share of the backlog, and they have no time to spare.
const MAX_TASKS: usize = 1_000;
/// Where the overrun is measured from: this share of the makespan before
/// the plan's end.
const PRESSURE_SHARE: f64 = 0.02;

/// After the local search: the best two of its outcomes are each searched
/// further by windows, side by side with their own seeds (makespan only;
/// any other outcome is returned as it came).
pub fn after_search(
    inst: &Instance,
    mut outcomes: Vec<Outcome>,
    deadline: Instant,
    target: f64,
) -> Vec<Outcome> {
    let proven = |out: &Outcome| out.cost.primary() <= target * (1.0 + 1e-9) + 1e-9;
    // A plan that meets the bound ends the search: the windows would only
    // spend the time on the others.
    if inst.objective != Objective::Makespan
        || inst.n() < 2
        || inst.n() > MAX_TASKS
        || outcomes.iter().any(proven)
    {
        return outcomes;
    }
    // Stable: equal plans keep their start's order, so the choice does not
    // depend on anything but the outcomes.
    outcomes.sort_by(|a, b| a.cost.primary().total_cmp(&b.cost.primary()));
    let rest = outcomes.split_off(outcomes.len().min(2));
    let budget = Budget {
        placements: (PLACEMENTS_PER_TASK * inst.n() as u64).min(MAX_PLACEMENTS),
        deadline,
        target,
    };
    let mut improved: Vec<Outcome> = outcomes
        .into_par_iter()
        .enumerate()
        .map(|(k, out)| {
            let mut lns = improve(inst, out.solution.clone(), budget, 0x1a5 + k as u64);
            // Same makespan, less overrun, may mean a larger sum of
            // finishes: the outcome as the optimizer compares plans stays.
            if out.cost.better_than(&lns.cost) {
                return Outcome {
                    timed_out: out.timed_out || lns.timed_out,
                    ..out
                };
            }
            lns.timed_out |= out.timed_out;
            lns.evaluations += out.evaluations;
            lns
        })
        .collect();
    improved.extend(rest);
    improved
}

/// Limits of one large-neighbourhood search.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Task placements (one developer-timeline lookup each) at most.
    pub placements: u64,
    /// Wall-clock deadline.
    pub deadline: Instant,
    /// A proven lower bound: reaching it ends the search.
    pub target: f64,
}

/// Improves `start` window by window until the budget is spent; the plan
/// returned never has a longer makespan (nor a larger primary cost) than
/// `start` (`evaluations` counts windows).
pub fn improve(inst: &Instance, start: Solution, budget: Budget, seed: u64) -> Outcome {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut dec = Decoder::new(inst);
    let mut sched = Schedule::default();
    let mut best = Solution {
        order: inst.placement(&start.order).collect(),
        assign: start.assign,
    };
    let mut best_cost = evaluate(inst, &mut dec, &best, &mut sched);
    let after: Vec<i64> = inst
        .tails()
        .iter()
        .zip(&inst.p)
        .map(|(t, p)| t - p)
        .collect();
    let mut spent = 0u64;
    let mut windows = 0u64;
    let mut timed_out = false;
    let window_limit = WINDOW_PLACEMENTS_PER_TASK * inst.n() as u64;
    while spent < budget.placements && best_cost.primary().is_finite() {
        if best_cost.primary() <= budget.target * (1.0 + 1e-9) + 1e-9 {
            break;
        }
        if Instant::now() >= budget.deadline {
            timed_out = true;
            break;
        }
        windows += 1;
        let freed = neighbourhood(inst, &sched, &mut rng);
        if freed.len() < 2 {
            spent += inst.n() as u64;
            continue;
        }
        let target = pressure_line(&sched);
        let incumbent = Score::of(inst, &sched, &after, target, best_cost);
        let mut window = Window::new(inst, &best, &freed, &after, target, incumbent);
        window.limit = window_limit.min(budget.placements - spent);
        window.solve(&mut dec, &mut sched);
        spent += window.work.max(1);
        if let Some(sol) = window.best_solution(&best) {
            let c = evaluate(inst, &mut dec, &sol, &mut sched);
            if Score::of(inst, &sched, &after, target, c).better_than(&incumbent) {
                best = sol;
                best_cost = c;
            }
        }
        // The schedule of the plan kept, for the next window's chains.
        evaluate(inst, &mut dec, &best, &mut sched);
    }
    Outcome {
        solution: best,
        cost: best_cost,
        evaluations: windows,
        timed_out,
    }
}

/// The tasks a window frees: a stretch of up to [`CHAIN_TASKS`] critical
/// tasks (consecutive in start time), then tasks that run beside that
/// stretch and could take a developer of its tasks, or whose developer
/// its tasks could take, picked at random, up to [`WINDOW_TASKS`] in all.
/// In-progress tasks stay where they are.
fn neighbourhood(inst: &Instance, sched: &Schedule, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let mut critical: Vec<usize> = search::focus_tasks(inst, sched)
        .into_iter()
        .filter(|&j| !inst.is_first[j])
        .collect();
    if critical.is_empty() {
        return critical;
    }
    critical.sort_by_key(|&j| (sched.start[j], j));
    let first = rng.random_range(0..critical.len());
    let len = rng.random_range(1..=CHAIN_TASKS);
    let mut freed: Vec<usize> = critical[first..(first + len).min(critical.len())].to_vec();
    let lo = freed.iter().map(|&j| sched.start[j]).min().unwrap_or(0);
    let hi = freed.iter().map(|&j| sched.finish[j]).max().unwrap_or(0);
    let competes = |j: usize| {
        freed.iter().any(|&c| {
            inst.allowed[j].contains(&sched.dev[c]) || inst.allowed[c].contains(&sched.dev[j])
        })
    };
    let mut rivals: Vec<usize> = (0..inst.n())
        .filter(|&j| !inst.is_first[j] && !freed.contains(&j))
        .filter(|&j| sched.start[j] < hi && sched.finish[j] > lo)
        .filter(|&j| competes(j))
        .collect();
    let size = rng.random_range(WINDOW_TASKS);
    let wanted = size.saturating_sub(freed.len()).min(rivals.len());
    for i in 0..wanted {
        let k = rng.random_range(i..rivals.len());
        rivals.swap(i, k);
    }
    freed.extend_from_slice(&rivals[..wanted]);
    freed
}

/// One window's branch and bound over the arrangements and developers of
/// its freed tasks.
struct Window<'a> {
    inst: &'a Instance,
    /// The plan's placement sequence; the freed tasks' places are the slots.
    seq: &'a [usize],
    assign: &'a [usize],
    slot: Vec<bool>,
    /// Position in `seq` of each task.
    pos: Vec<usize>,
    freed: &'a [usize],
    /// The developers each task may take in this window: for a freed task,
    /// those of its allowed developers who do one of the freed tasks now.
    devs: Vec<Vec<usize>>,
    /// Clock minutes of work that must follow each task (its longest chain
    /// of successors).
    after: &'a [i64],
    /// The pressure line ([`pressure_line`]).
    target: i64,
    placed: Vec<bool>,
    /// Earliest finish of each task not placed yet ([`Window::lookahead`]).
    early: Vec<i64>,
    /// (task, developer) taken at each slot so far.
    choice: Vec<(usize, usize)>,
    best: Option<Vec<(usize, usize)>>,
    best_score: Score,
    /// Placements done, and allowed.
    work: u64,
    limit: u64,
}

/// What [`Window::place`] leaves to undo: the task, its developer and the
/// index of the interval it recorded.
struct Placed {
    task: usize,
    dev: usize,
    index: usize,
}

impl<'a> Window<'a> {
    fn new(
        inst: &'a Instance,
        plan: &'a Solution,
        freed: &'a [usize],
        after: &'a [i64],
        target: i64,
        incumbent: Score,
    ) -> Window<'a> {
        let n = inst.n();
        let mut pos = vec![0; n];
        for (k, &j) in plan.order.iter().enumerate() {
            pos[j] = k;
        }
        let mut slot = vec![false; n];
        for &j in freed {
            slot[pos[j]] = true;
        }
        let mut used: Vec<usize> = freed.iter().map(|&j| plan.assign[j]).collect();
        used.sort_unstable();
        used.dedup();
        let devs = (0..n)
            .map(|j| {
                if slot[pos[j]] {
                    inst.allowed[j]
                        .iter()
                        .copied()
                        .filter(|d| used.contains(d))
                        .collect()
                } else {
                    vec![plan.assign[j]]
                }
            })
            .collect();
        Window {
            inst,
            devs,
            seq: &plan.order,
            assign: &plan.assign,
            slot,
            pos,
            freed,
            after,
            target,
            placed: vec![false; n],
            early: vec![0; n],
            choice: Vec::with_capacity(freed.len()),
            best: None,
            // Only a strictly better arrangement is kept; the plan's own
            // arrangement ties with it.
            best_score: incumbent,
            work: 0,
            limit: 0,
        }
    }

    /// Decodes the tasks before the first slot once, then branches.
    fn solve(&mut self, dec: &mut Decoder, sched: &mut Schedule) {
        let n = self.inst.n();
        dec.clear();
        sched.dev.resize(n, 0);
        sched.w0.resize(n, 0);
        sched.start.resize(n, 0);
        sched.finish.resize(n, 0);
        let first = (0..n).find(|&k| self.slot[k]).unwrap_or(n);
        let mut bounds = Bounds {
            reach: 0,
            overrun: 0,
        };
        for k in 0..first {
            let j = self.seq[k];
            if self
                .place(dec, sched, j, self.assign[j], &mut bounds)
                .is_none()
            {
                return;
            }
        }
        self.branch(dec, sched, first, bounds);
    }

    /// Places the sequence from position `k` on, the slots in every way.
    fn branch(&mut self, dec: &mut Decoder, sched: &mut Schedule, k: usize, bounds: Bounds) {
        let n = self.inst.n();
        let mut bounds = bounds;
        let mut undo: Vec<Placed> = Vec::new();
        let mut k = k;
        // Kept tasks up to the next slot: no choice to make.
        while k < n && !self.slot[k] {
            let j = self.seq[k];
            let ready = self.inst.preds[j].iter().all(|&q| self.placed[q]);
            let placed = if ready && !self.pruned(&bounds) {
                self.place(dec, sched, j, self.assign[j], &mut bounds)
            } else {
                None
            };
            match placed {
                Some(p) => undo.push(p),
                None => {
                    self.unwind(dec, undo);
                    return;
                }
            }
            k += 1;
        }
        if k == n {
            self.leaf(sched);
        } else if !self.pruned(&bounds) {
            for (j, d) in self.candidates(dec, sched, k) {
                if self.work >= self.limit {
                    break;
                }
                let mut child = bounds;
                if let Some(p) = self.place(dec, sched, j, d, &mut child) {
                    let ahead = self.lookahead(dec, sched, k + 1, child);
                    if !self.pruned(&ahead) {
                        self.choice.push((j, d));
                        self.branch(dec, sched, k + 1, child);
                        self.choice.pop();
                    }
                    self.unplace(dec, p);
                }
            }
        }
        self.unwind(dec, undo);
    }

    /// The freed tasks that may take slot `k` (predecessors placed, kept
    /// successors later), on each allowed developer: the plan's own choice
    /// first (so the incumbent is met at once), then by finish.
    fn candidates(&mut self, dec: &Decoder, sched: &Schedule, k: usize) -> Vec<(usize, usize)> {
        let inst = self.inst;
        let day = inst.cal.day_minutes;
        let mut out: Vec<(bool, i64, usize, usize)> = Vec::new();
        for &j in self.freed {
            if self.placed[j]
                || !inst.preds[j].iter().all(|&q| self.placed[q])
                || inst.succs[j]
                    .iter()
                    .any(|&s| !self.slot[self.pos[s]] && self.pos[s] < k)
            {
                continue;
            }
            let release = inst.preds[j]
                .iter()
                .map(|&q| sched.finish[q])
                .max()
                .unwrap_or(0);
            for &d in &self.devs[j] {
                let dc = &inst.cal.developers[d];
                self.work += 1;
                let (_, at) = dec.fit(d, dc.work_before(release, day), inst.p[j]);
                let Some(end) = dc.end_at(at + inst.p[j], day) else {
                    continue;
                };
                let own = self.seq[k] == j && self.assign[j] == d;
                out.push((!own, end, j, d));
            }
        }
        out.sort_unstable();
        out.into_iter().map(|(_, _, j, d)| (j, d)).collect()
    }

    /// `bounds` made stronger by the tasks not placed yet: each, in the
    /// sequence (a topological order), cannot start before its
    /// predecessors' earliest finishes, nor before the first gap that holds
    /// it in the timeline of its developer (any allowed one, for a freed
    /// task) as it is now: placing more tasks only fills gaps.
    fn lookahead(
        &mut self,
        dec: &Decoder,
        sched: &Schedule,
        from: usize,
        bounds: Bounds,
    ) -> Bounds {
        let inst = self.inst;
        let day = inst.cal.day_minutes;
        let mut out = bounds;
        for k in from..inst.n() {
            let j = self.seq[k];
            if self.placed[j] {
                continue;
            }
            let release = inst.preds[j]
                .iter()
                .map(|&q| {
                    if self.placed[q] {
                        sched.finish[q]
                    } else {
                        self.early[q]
                    }
                })
                .max()
                .unwrap_or(0);
            let mut end = i64::MAX / 4;
            for &d in &self.devs[j] {
                let dc = &inst.cal.developers[d];
                self.work += 1;
                let (_, at) = dec.fit(d, dc.work_before(release, day), inst.p[j]);
                if let Some(e) = dc.end_at(at + inst.p[j], day) {
                    end = end.min(e);
                }
            }
            self.early[j] = end;
            out.reach = out.reach.max(end.saturating_add(self.after[j]));
            out.overrun += overrun(end, self.after[j], self.target);
        }
        out
    }

    /// Whether no completion of the partial plan can beat the best found:
    /// its makespan cannot be shorter, and with the same makespan its sum
    /// of finishes cannot be smaller.
    fn pruned(&self, bounds: &Bounds) -> bool {
        let best = &self.best_score.cost;
        let reach = self.inst.cal.business_hours(bounds.reach);
        let tol = 1e-9 * best.primary().abs().max(1.0);
        reach > best.primary() + tol
            || (reach >= best.primary() - tol && bounds.overrun >= self.best_score.overrun)
    }

    /// Puts task `j` on developer `d` at its earliest gap; None when it does
    /// not fit the horizon (then nothing changed).
    fn place(
        &mut self,
        dec: &mut Decoder,
        sched: &mut Schedule,
        j: usize,
        d: usize,
        bounds: &mut Bounds,
    ) -> Option<Placed> {
        let inst = self.inst;
        let day = inst.cal.day_minutes;
        let dc = &inst.cal.developers[d];
        let release = inst.preds[j]
            .iter()
            .map(|&q| sched.finish[q])
            .max()
            .unwrap_or(0);
        let p = inst.p[j];
        self.work += 1;
        let (index, at) = dec.fit(d, dc.work_before(release, day), p);
        let start = dc.start_at(at, day)?;
        let finish = dc.end_at(at + p, day)?;
        dec.commit(d, index, at, p);
        let before = Placed {
            task: j,
            dev: d,
            index,
        };
        sched.dev[j] = d;
        sched.w0[j] = at;
        sched.start[j] = start;
        sched.finish[j] = finish;
        self.placed[j] = true;
        bounds.reach = bounds.reach.max(finish + self.after[j]);
        bounds.overrun += overrun(finish, self.after[j], self.target);
        Some(before)
    }

    /// Undoes [`Window::place`] (the latest placement still in place).
    fn unplace(&mut self, dec: &mut Decoder, p: Placed) {
        dec.uncommit(p.dev, p.index);
        self.placed[p.task] = false;
    }

    /// Undoes the placements of `undo`, the last first.
    fn unwind(&mut self, dec: &mut Decoder, undo: Vec<Placed>) {
        for p in undo.into_iter().rev() {
            self.unplace(dec, p);
        }
    }

    /// Every task is placed: keep the arrangement if it beats the best.
    fn leaf(&mut self, sched: &Schedule) {
        let c = Score::of(
            self.inst,
            sched,
            self.after,
            self.target,
            cost(self.inst, sched),
        );
        if c.better_than(&self.best_score) {
            self.best_score = c;
            self.best = Some(self.choice.clone());
        }
    }

    /// The plan with the best arrangement found in the slots, if any beat it.
    fn best_solution(&self, plan: &Solution) -> Option<Solution> {
        let arrangement = self.best.as_ref()?;
        let mut sol = plan.clone();
        let slots = (0..sol.order.len()).filter(|&k| self.slot[k]);
        for (k, &(j, d)) in slots.zip(arrangement) {
            sol.order[k] = j;
            sol.assign[j] = d;
        }
        Some(sol)
    }
}

/// The two bounds of a partial plan: the latest any placed task's chain of
/// successors can end (clock minutes), and the tie-break's floor.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    reach: i64,
    overrun: i64,
}

/// How a window compares plans: the cost's primary part first, then the
/// overrun: Σ over tasks of how far the task's finish plus the shortest
/// chain after it reaches past the pressure line. A plan with less
/// overrun has fewer tasks, by less, near the end: the same makespan
/// with slack gained where it is tight, which a later window can turn
/// into a shorter plan.
#[derive(Debug, Clone, Copy)]
struct Score {
    cost: Cost,
    overrun: i64,
}

impl Score {
    fn of(inst: &Instance, sched: &Schedule, after: &[i64], target: i64, cost: Cost) -> Score {
        let overrun = (0..inst.n())
            .map(|j| overrun(sched.finish[j], after[j], target))
            .sum();
        Score { cost, overrun }
    }

    fn better_than(&self, other: &Score) -> bool {
        let (a, b) = (self.cost.primary(), other.cost.primary());
        let tol = 1e-9 * a.abs().max(b.abs()).max(1.0);
        a < b - tol || (a <= b + tol && self.overrun < other.overrun)
    }
}

/// How far a task finishing at `finish`, with `after` minutes of work to
/// follow it, reaches past `target`.
fn overrun(finish: i64, after: i64, target: i64) -> i64 {
    (finish.saturating_add(after) - target).max(0)
}

/// The line the overrun is measured from: a short way before the plan's
/// last finish (clock minutes).
fn pressure_line(sched: &Schedule) -> i64 {
    let last = sched.finish.iter().copied().max().unwrap_or(0);
    last - (last as f64 * PRESSURE_SHARE).ceil() as i64
}

#[cfg(test)]
#[path = "tests/lns.rs"]
mod tests;
