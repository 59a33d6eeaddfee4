//! Improvement by iterated local search on the exact schedule.
//!
//! A solution is a priority order plus an assignment; every candidate is
//! decoded to its exact schedule (see [`crate::optimizer::schedule`]) and costed, so the
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

use crate::optimizer::instance::{Instance, Objective};
use crate::optimizer::schedule::{evaluate, Cost, Decoder, Schedule, Solution};

/// Share of the order-only search's moves that are best insertions of a
/// critical task (the rest are random shifts).
const INSERTION_SHARE: f64 = 0.05;
/// Positions a best insertion tries at most.
const MAX_INSERTIONS: usize = 40;
/// Tasks decoded between two looks at the clock (a few milliseconds' work).
const CLOCK_TASKS: u64 = 50_000;

/// Limits of one search.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Candidate evaluations at most.
    pub evaluations: u64,
    /// Evaluations without improving the best before giving up.
    pub patience: u64,
    /// Wall-clock deadline.
    pub deadline: Instant,
    /// A proven lower bound: reaching it ends the search.
    pub target: f64,
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
    order_only: bool,
) -> Option<Move> {
    let n = inst.n();
    let j = if !focus.is_empty() && rng.random_bool(0.5) {
        focus[rng.random_range(0..focus.len())]
    } else {
        rng.random_range(0..n)
    };
    let kind = if order_only {
        1
    } else {
        rng.random_range(0..3)
    };
    let can_reassign = !order_only && inst.allowed[j].len() > 1;
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

/// Tasks worth moving first. For the makespan: the critical chains, walked
/// back from every task that ends last: each task either waited for its
/// developer (then the task its developer did just before is critical) or
/// for a predecessor (then the predecessor that finished last is). Moving
/// anything else cannot shorten the plan. For the weighted objective: the
/// tasks finishing in the last tenth of the plan.
pub(crate) fn focus_tasks(inst: &Instance, sched: &Schedule) -> Vec<usize> {
    let last = sched.finish.iter().copied().max().unwrap_or(0);
    if inst.objective == Objective::Weighted {
        let cut = last - last / 10;
        return (0..inst.n()).filter(|&j| sched.finish[j] >= cut).collect();
    }
    let day = inst.cal.day_minutes;
    let mut by_dev: Vec<Vec<usize>> = vec![Vec::new(); inst.m()];
    for j in 0..inst.n() {
        by_dev[sched.dev[j]].push(j);
    }
    for tasks in &mut by_dev {
        tasks.sort_by_key(|&j| sched.w0[j]);
    }
    let mut critical = vec![false; inst.n()];
    let mut stack: Vec<usize> = (0..inst.n()).filter(|&j| sched.finish[j] == last).collect();
    while let Some(j) = stack.pop() {
        if std::mem::replace(&mut critical[j], true) {
            continue;
        }
        let d = sched.dev[j];
        let release = inst.preds[j]
            .iter()
            .map(|&q| sched.finish[q])
            .max()
            .unwrap_or(0);
        let ready = inst.cal.developers[d].work_before(release, day);
        if sched.w0[j] > ready {
            // Waited for its developer: the task that ends where j starts.
            let tasks = &by_dev[d];
            let k = tasks.partition_point(|&i| sched.w0[i] < sched.w0[j]);
            if let Some(&prev) = k.checked_sub(1).and_then(|k| tasks.get(k)) {
                stack.push(prev);
            }
        } else {
            stack.extend(
                inst.preds[j]
                    .iter()
                    .filter(|&&q| sched.finish[q] == release),
            );
        }
    }
    (0..inst.n()).filter(|&j| critical[j]).collect()
}

/// Improves `start` until the budget runs out.
pub fn improve(inst: &Instance, start: Solution, budget: Budget, seed: u64) -> Outcome {
    improve_with(inst, start, budget, seed, false)
}

/// Like [`improve`], but searching over the order alone: each candidate's
/// tasks go, in order, to whoever finishes them first.
pub fn improve_order(inst: &Instance, start: Solution, budget: Budget, seed: u64) -> Outcome {
    improve_with(inst, start, budget, seed, true)
}

fn improve_with(
    inst: &Instance,
    start: Solution,
    budget: Budget,
    seed: u64,
    greedy: bool,
) -> Outcome {
    let eval = |dec: &mut Decoder, sol: &mut Solution, sched: &mut Schedule| -> Cost {
        if greedy {
            if dec.decode_greedy(inst, sol, sched) {
                crate::optimizer::schedule::cost(inst, sched)
            } else {
                Cost::infinite()
            }
        } else {
            evaluate(inst, dec, sol, sched)
        }
    };
    let n = inst.n();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut dec = Decoder::new(inst);
    let mut sched = Schedule::default();
    let mut start = start;
    let mut cur_cost = eval(&mut dec, &mut start, &mut sched);
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
    let reached = |c: &Cost| c.primary() <= budget.target * (1.0 + 1e-9) + 1e-9;
    // Each evaluation decodes every task: look at the clock about every
    // CLOCK_TASKS decoded tasks, so a huge backlog still stops on time.
    let clock_every = (CLOCK_TASKS / n as u64).clamp(1, 256);
    let mut next_look = 0u64;
    while evaluations < budget.evaluations && since_best < budget.patience && !reached(&best_cost) {
        if evaluations >= next_look {
            next_look = evaluations + clock_every;
            if Instant::now() >= budget.deadline {
                timed_out = true;
                break;
            }
        }
        if greedy && !focus.is_empty() && rng.random_bool(INSERTION_SHARE) {
            // Best insertion of one critical task: try its positions, keep
            // the best (a random one among equals, to walk plateaus).
            let j = focus[rng.random_range(0..focus.len())];
            let (lo, hi) = st.window(inst, j);
            let from = st.pos[j];
            let mut positions: Vec<usize> = (lo..=hi).filter(|&p| p != from).collect();
            if positions.len() > MAX_INSERTIONS {
                for i in 0..MAX_INSERTIONS {
                    let k = rng.random_range(i..positions.len());
                    positions.swap(i, k);
                }
                positions.truncate(MAX_INSERTIONS);
            }
            let mut chosen: Option<(usize, Cost)> = None;
            let mut ties = 0u32;
            for to in positions {
                st.shift(from, to);
                let c = eval(&mut dec, &mut st.sol, &mut sched);
                st.shift(to, from);
                evaluations += 1;
                match chosen {
                    Some((_, b)) if c.better_than(&b) => {
                        chosen = Some((to, c));
                        ties = 1;
                    }
                    Some((_, b)) if !b.better_than(&c) => {
                        ties += 1;
                        if rng.random_range(0..ties) == 0 {
                            chosen = Some((to, c));
                        }
                    }
                    None => {
                        chosen = Some((to, c));
                        ties = 1;
                    }
                    _ => {}
                }
            }
            since_best += 1;
            since_kick += 1;
            if let Some((to, c)) = chosen {
                if !cur_cost.better_than(&c) {
                    st.shift(from, to);
                    cur_cost = eval(&mut dec, &mut st.sol, &mut sched);
                    focus = focus_tasks(inst, &sched);
                    if cur_cost.better_than(&best_cost) {
                        best_cost = cur_cost;
                        best.clone_from(&st.sol);
                        since_best = 0;
                        since_kick = 0;
                    }
                } else {
                    // Restore the current plan's schedule and assignment.
                    cur_cost = eval(&mut dec, &mut st.sol, &mut sched);
                }
            }
            continue;
        }
        let Some(mv) = random_move(inst, &mut st, &mut rng, &focus, greedy) else {
            continue;
        };
        evaluations += 1;
        since_best += 1;
        since_kick += 1;
        let before = greedy.then(|| st.sol.assign.clone());
        let c = eval(&mut dec, &mut st.sol, &mut sched);
        if c.better_than(&cur_cost) || !cur_cost.better_than(&c) {
            cur_cost = c;
            if inst.objective == Objective::Makespan {
                focus = focus_tasks(inst, &sched);
            }
            if c.better_than(&best_cost) {
                best_cost = c;
                best.clone_from(&st.sol);
                since_best = 0;
                since_kick = 0;
                focus = focus_tasks(inst, &sched);
            }
        } else {
            undo(&mut st, mv);
            if let Some(assign) = before {
                st.sol.assign = assign;
            }
        }
        if since_kick >= kick_after {
            since_kick = 0;
            st = State::new(best.clone());
            for _ in 0..(2 + n / 25).min(8) {
                let _ = random_move(inst, &mut st, &mut rng, &focus, greedy);
            }
            cur_cost = eval(&mut dec, &mut st.sol, &mut sched);
        }
    }
    Outcome {
        solution: best,
        cost: best_cost,
        evaluations,
        timed_out,
    }
}
