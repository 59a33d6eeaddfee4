//! Improvement by iterated local search on the exact schedule.
//!
//! A solution is a priority order plus an assignment; every candidate is
//! decoded to its exact schedule (see [`crate::schedule`]) and costed, so the
//! search never trusts an approximation. Moves: give a task to another allowed
//! developer, move a task earlier or later in the order (within its
//! dependency window), or both at once. Moves that do not make the plan worse
//! are accepted (to cross plateaus); after a stretch without improvement the
//! search restarts from the best plan with a few random moves (a "kick").
//!
//! The search is deterministic: a seeded generator, and a stopping rule
//! counted in evaluations. The wall-clock limit only cuts it short.

use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::optimizer::instance::Instance;
use crate::schedule::{evaluate, Cost, Decoder, Schedule, Solution};

/// Limits of one search.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Candidate evaluations at most.
    pub evaluations: u64,
    /// Evaluations without improving the best before giving up.
    pub patience: u64,
    /// Wall-clock deadline.
    pub deadline: Instant,
}

/// What the search returns.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The best solution found.
    pub solution: Solution,
    /// Its cost.
    pub cost: Cost,
    /// Evaluations done.
    pub evaluations: u64,
    /// Whether the wall-clock deadline stopped it.
    pub timed_out: bool,
}

struct State {
    sol: Solution,
    pos: Vec<usize>,
}

impl State {
    fn new(sol: Solution) -> State {
        let mut pos = vec![0; sol.order.len()];
        for (i, &j) in sol.order.iter().enumerate() {
            pos[j] = i;
        }
        State { sol, pos }
    }

    /// Positions task j may take in the order: after its predecessors,
    /// before its successors.
    fn window(&self, inst: &Instance, j: usize) -> (usize, usize) {
        let lo = inst.preds[j]
            .iter()
            .map(|&q| self.pos[q] + 1)
            .max()
            .unwrap_or(0);
        let hi = inst.succs[j]
            .iter()
            .map(|&s| self.pos[s])
            .min()
            .unwrap_or(self.sol.order.len())
            .saturating_sub(1);
        (lo, hi.max(lo))
    }

    fn shift(&mut self, from: usize, to: usize) {
        let order = &mut self.sol.order;
        if from < to {
            order[from..=to].rotate_left(1);
        } else if to < from {
            order[to..=from].rotate_right(1);
        }
        let a = from.min(to);
        for (i, &j) in order.iter().enumerate().take(from.max(to) + 1).skip(a) {
            self.pos[j] = i;
        }
    }
}

/// The move applied, so it can be undone.
enum Move {
    Assign {
        j: usize,
        old: usize,
    },
    Shift {
        from: usize,
        to: usize,
    },
    Both {
        j: usize,
        old: usize,
        from: usize,
        to: usize,
    },
}

fn random_move(
    inst: &Instance,
    st: &mut State,
    rng: &mut ChaCha8Rng,
    focus: &[usize],
) -> Option<Move> {
    let n = inst.n();
    let j = if !focus.is_empty() && rng.random_bool(0.5) {
        focus[rng.random_range(0..focus.len())]
    } else {
        rng.random_range(0..n)
    };
    let kind = rng.random_range(0..3);
    let can_reassign = inst.allowed[j].len() > 1;
    if kind == 0 && can_reassign {
        let old = st.sol.assign[j];
        let mut d = inst.allowed[j][rng.random_range(0..inst.allowed[j].len() - 1)];
        if d == old {
            d = *inst.allowed[j].last()?;
        }
        st.sol.assign[j] = d;
        return Some(Move::Assign { j, old });
    }
    let (lo, hi) = st.window(inst, j);
    if lo == hi && !(kind == 2 && can_reassign) {
        return None;
    }
    let from = st.pos[j];
    // Mostly small moves; sometimes anywhere in the window.
    let to = if rng.random_bool(0.7) {
        let span = 1 + rng.random_range(0..4usize);
        if rng.random_bool(0.5) {
            from.saturating_sub(span).max(lo)
        } else {
            (from + span).min(hi)
        }
    } else {
        rng.random_range(lo..=hi)
    };
    if kind == 2 && can_reassign {
        let old = st.sol.assign[j];
        let d = inst.allowed[j][rng.random_range(0..inst.allowed[j].len())];
        st.sol.assign[j] = d;
        st.shift(from, to);
        return Some(Move::Both { j, old, from, to });
    }
    if from == to {
        return None;
    }
    st.shift(from, to);
    Some(Move::Shift { from, to })
}

fn undo(st: &mut State, mv: Move) {
    match mv {
        Move::Assign { j, old } => st.sol.assign[j] = old,
        Move::Shift { from, to } => st.shift(to, from),
        Move::Both { j, old, from, to } => {
            st.shift(to, from);
            st.sol.assign[j] = old;
        }
    }
}

/// Tasks worth moving first: for the makespan, those finishing in the last
/// tenth of it; for the weighted objective, every task (weights steer the
/// search through the cost).
fn focus_tasks(inst: &Instance, sched: &Schedule) -> Vec<usize> {
    let last = sched.finish.iter().copied().max().unwrap_or(0);
    let cut = last - last / 10;
    (0..inst.n()).filter(|&j| sched.finish[j] >= cut).collect()
}

/// Improves `start` until the budget runs out.
pub fn improve(inst: &Instance, start: Solution, budget: Budget, seed: u64) -> Outcome {
    let n = inst.n();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut dec = Decoder::new(inst);
    let mut sched = Schedule::default();
    let mut cur_cost = evaluate(inst, &mut dec, &start, &mut sched);
    let mut focus = focus_tasks(inst, &sched);
    let mut best = start.clone();
    let mut best_cost = cur_cost;
    let mut st = State::new(start);
    let mut evaluations = 0u64;
    let mut since_best = 0u64;
    let mut since_kick = 0u64;
    let kick_after = (20 * n as u64).max(200);
    let mut timed_out = false;
    if n < 2 {
        return Outcome {
            solution: best,
            cost: best_cost,
            evaluations,
            timed_out,
        };
    }
    while evaluations < budget.evaluations && since_best < budget.patience {
        if evaluations.is_multiple_of(256) && Instant::now() >= budget.deadline {
            timed_out = true;
            break;
        }
        let Some(mv) = random_move(inst, &mut st, &mut rng, &focus) else {
            continue;
        };
        evaluations += 1;
        since_best += 1;
        since_kick += 1;
        let c = evaluate(inst, &mut dec, &st.sol, &mut sched);
        if c.better_than(&cur_cost) || !cur_cost.better_than(&c) {
            cur_cost = c;
            if c.better_than(&best_cost) {
                best_cost = c;
                best.clone_from(&st.sol);
                since_best = 0;
                since_kick = 0;
                focus = focus_tasks(inst, &sched);
            }
        } else {
            undo(&mut st, mv);
        }
        if since_kick >= kick_after {
            since_kick = 0;
            st = State::new(best.clone());
            for _ in 0..(2 + n / 25).min(8) {
                let _ = random_move(inst, &mut st, &mut rng, &focus);
            }
            cur_cost = evaluate(inst, &mut dec, &st.sol, &mut sched);
        }
    }
    Outcome {
        solution: best,
        cost: best_cost,
        evaluations,
        timed_out,
    }
}
