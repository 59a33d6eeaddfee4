//! The optimizer: from a backlog and a team to the best plan it can find and
//! a proven lower bound on the objective.
//!
//! Stages (docs/optimizer.md has the formulation and the arguments):
//! 1. [`instance`]: the flat instance, or an explanation why no plan exists;
//! 2. [`construct`]: priority-rule list schedules, and [`guide`]: the
//!    time-bucketed LP whose fractional plan orders and assigns the tasks;
//! 3. [`bound`]: the lower bound (assignment / energy LPs and combinatorial bounds);
//! 4. [`schedule`]: the decoder from decisions to the exact schedule; every
//!    stage costs its candidates with it;
//! 5. [`exact`] for small backlogs (proves optimality), else [`search`]: local
//!    search on the exact schedule until the gap closes or the budget ends.

// Parallel arrays indexed by task and developer are the natural shape of
// this code; index loops read better here than zipped iterators.
#![allow(clippy::needless_range_loop)]

pub mod bound;
pub mod colgen;
pub mod construct;
pub mod exact;
pub mod guide;
pub mod indexed;
pub mod instance;
pub mod lagrange;
pub mod lns;
pub mod lp;
pub mod parallel;
pub mod schedule;
pub mod search;

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::calendar::MAX_DAYS;
use crate::error::infeasible::{Facts, Kind};
use crate::error::{Error, Result};
use crate::model::Backlog;
use crate::team::Team;
use schedule::{evaluate, Cost, Decoder, Schedule, Solution};

pub use instance::{Instance, Objective, PlanOptions};

/// How the plan's optimality stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SolveStatus {
    /// The objective equals the proven bound.
    Optimal,
    /// The time limit stopped the search.
    TimeLimit,
    /// The search ended on its own work budget with a gap left.
    Heuristic,
}

impl SolveStatus {
    /// `optimal`, `time_limit` or `heuristic`.
    pub fn as_str(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::TimeLimit => "time_limit",
            SolveStatus::Heuristic => "heuristic",
        }
    }
}

/// An optimized plan with its bound.
#[derive(Debug, Clone)]
pub struct Optimized {
    /// The instance it plans.
    pub inst: Instance,
    /// The decisions.
    pub solution: Solution,
    /// The exact schedule.
    pub schedule: Schedule,
    /// Its cost.
    pub cost: Cost,
    /// Proven lower bound on the objective.
    pub lower_bound: f64,
    /// The argument the bound comes from.
    pub bound_source: bound::Source,
    /// Status.
    pub status: SolveStatus,
    /// The LP solver used.
    pub solver: &'static str,
    /// Wall-clock seconds spent optimizing.
    pub solve_seconds: f64,
}

impl Optimized {
    /// (objective − bound) / objective, 0 for a zero objective.
    pub fn gap(&self) -> f64 {
        let obj = self.cost.total(self.inst.strict_due);
        if obj <= 0.0 {
            0.0
        } else {
            ((obj - self.lower_bound) / obj).max(0.0)
        }
    }
}

/// Work each search start may spend: developer-timeline lookups in all (one
/// per task per evaluation with a fixed assignment, one per allowed
/// developer in the order-only search), the evaluations without improvement
/// after which a search gives up, and the share of the lookups the
/// order-only search gets. Enough to settle small backlogs, bounded so
/// that large ones stay within seconds (docs/performance.md has the
/// measured times).
#[derive(Debug, Clone, Copy)]
struct SearchBudget {
    lookups: u64,
    patience: u64,
    order_share: f64,
    /// Searches run side by side: the best two starting plans, then the
    /// same two again with other seeds.
    starts: usize,
}

impl SearchBudget {
    fn for_instance(inst: &Instance) -> SearchBudget {
        let n = inst.n() as u64;
        let evaluations = (3_000 * n).clamp(20_000, 400_000);
        let patience = (400 * n).clamp(5_000, 60_000);
        match inst.objective {
            Objective::Weighted => SearchBudget {
                lookups: evaluations / 2 * n,
                patience,
                order_share: 0.0,
                starts: 2,
            },
            // Up to 150 tasks two searches take at most about 2.5 s, and
            // two more with other seeds sometimes find a shorter plan
            // (measured on iMOPSE d36); above that they would not fit.
            Objective::Makespan => SearchBudget {
                lookups: 2 * evaluations * n,
                patience: 4 * patience,
                order_share: 0.5,
                starts: if n <= 150 { 4 } else { 2 },
            },
        }
    }
}

/// The instant `seconds` after `start`, saturating: a time limit too large
/// for the clock (or not a number) means no limit, never a panic.
pub fn deadline_after(start: Instant, seconds: f64) -> Instant {
    // A century is "never" for a planning run and fits every clock.
    const NEVER: Duration = Duration::from_secs(100 * 365 * 24 * 3600);
    let wait = if seconds.is_nan() {
        NEVER
    } else {
        Duration::try_from_secs_f64(seconds.max(0.0)).map_or(NEVER, |d| d.min(NEVER))
    };
    start.checked_add(wait).unwrap_or(start)
}

/// With `SPRINTCAST_TRACE` set, prints on stderr when each phase of the
/// optimizer ends (seconds since it started): where a time limit goes.
pub(crate) fn trace(started: Instant, phase: &str) {
    if std::env::var_os("SPRINTCAST_TRACE").is_some() {
        eprintln!("trace: {:8.3} s  {phase}", started.elapsed().as_secs_f64());
    }
}

/// Plans the backlog.
pub fn optimize(backlog: &Backlog, team: &Team, opts: &PlanOptions) -> Result<Optimized> {
    optimize_proving(backlog, team, opts, true)
}

/// The plans of the priority rules, each decoded: on a large backlog the
/// limit may be gone before every rule has been tried, so one plan is
/// enough to go on and a rule is not started when the last one's time would
/// take it past `deadline`. Empty when nothing fits the horizon.
fn constructions(inst: &Instance, deadline: Instant) -> (Decoder, Schedule, Vec<(Solution, Cost)>) {
    let mut dec = Decoder::new(inst);
    let mut sched = Schedule::default();
    let mut candidates: Vec<(Solution, Cost)> = Vec::new();
    let mut last = Duration::ZERO;
    for rule in construct::priority_rules(inst) {
        if !candidates.is_empty() && Instant::now() + last >= deadline {
            break;
        }
        let began = Instant::now();
        if let Some(sol) = construct::list_schedule(inst, &rule) {
            let c = evaluate(inst, &mut dec, &sol, &mut sched);
            candidates.push((sol, c));
        }
        last = began.elapsed();
    }
    (dec, sched, candidates)
}

/// Plans the backlog; with `prove` false the lower bound is not computed
/// (it reads 0): for a plan that only serves as a start of another search.
fn optimize_proving(
    backlog: &Backlog,
    team: &Team,
    opts: &PlanOptions,
    prove: bool,
) -> Result<Optimized> {
    let started = Instant::now();
    // Stop a little before the limit: the plan is still to be written, and
    // on a large backlog its views take a while.
    let limit = opts.time_limit.max(0.05);
    let reserve = (0.3 + 1e-4 * backlog.tasks.len() as f64).min(0.1 * limit);
    let deadline = deadline_after(started, limit - reserve);
    let mut inst = Instance::new(backlog, team, opts)?;
    // The bounds that need no plan are worked out beside the first plans.
    let (built, mut early) = rayon::join(
        || constructions(&inst, deadline),
        || prove.then(|| bound::early(&inst)).flatten(),
    );
    let (mut dec, mut sched, mut candidates) = built;
    while candidates.is_empty() && inst.cal.limit().is_none() {
        // Nothing fits the horizon: work waits on someone's time off past
        // its end. Twice the days, until the calendar's limit.
        let days = inst.cal.horizon_days();
        let more = (2 * days).max(days + 1).min(MAX_DAYS);
        inst = Instance::with_min_days(backlog, team, opts, more)?;
        (dec, sched, candidates) = constructions(&inst, deadline);
        early = prove.then(|| bound::early(&inst)).flatten();
    }
    trace(started, "constructions");
    // The previous plan replayed is a starting point of the search too: the
    // constructions place each task where it finishes first and would move
    // most of them.
    let mut replay = replay_previous(&inst, backlog, opts).map(|sol| {
        let c = evaluate(&inst, &mut dec, &sol, &mut sched);
        (sol, c)
    });
    if let Some((sol, c)) = &replay {
        if c.primary().is_finite() {
            candidates.push((sol.clone(), *c));
        }
    }
    let remaining = |frac: f64| (deadline - Instant::now()).as_secs_f64().max(0.0) * frac;
    // A re-plan also starts from the plan it would make without the
    // previous one: each move then has to pay for itself against that plan
    // too, so keeping tasks where they were never costs more (objective
    // plus moves) than planning afresh would (SPEC 7.3), whichever start
    // the search happens to improve best.
    if replay.is_some() {
        let fresh = PlanOptions {
            previous: None,
            time_limit: remaining(0.2),
            ..opts.clone()
        };
        if let Ok(f) = optimize_proving(backlog, team, &fresh, false) {
            if f.solution.order.len() == inst.n() {
                let c = evaluate(&inst, &mut dec, &f.solution, &mut sched);
                if c.primary().is_finite() {
                    candidates.push((f.solution, c));
                }
            }
        }
        trace(started, "plan without the previous one");
    }
    if let Some(sol) = guide::lp_guided(&inst, remaining(0.25)) {
        let c = evaluate(&inst, &mut dec, &sol, &mut sched);
        candidates.push((sol, c));
    }
    trace(started, "LP guide");
    // Where preferences, stability or due dates cost something, the two
    // objectives weigh them differently, and the makespan search (which
    // starts from finish-first constructions) could end later than the
    // weighted plan: that plan is then a start too (issue 13 item 6). Only
    // when the starts so far do not already meet the cheap bound. Without
    // such costs planning it would only add time (measured on iMOPSE: +2 s
    // per instance, no shorter plan).
    if inst.objective == Objective::Makespan && (0..inst.n()).any(|j| inst.steered(j)) {
        let quick = bound::makespan_quick(&inst);
        let best_so_far = candidates
            .iter()
            .map(|c| c.1.primary())
            .fold(f64::INFINITY, f64::min);
        if best_so_far > quick * (1.0 + 1e-9) + 1e-9 {
            let weighted = PlanOptions {
                objective: Objective::Weighted,
                time_limit: remaining(0.2),
                ..opts.clone()
            };
            if let Ok(w) = optimize(backlog, team, &weighted) {
                if w.solution.order.len() == inst.n() {
                    let c = evaluate(&inst, &mut dec, &w.solution, &mut sched);
                    if c.primary().is_finite() {
                        // From here on no plan may end later than this one.
                        inst.finish_cap = Some(c.objective);
                        for cand in candidates.iter_mut().chain(replay.iter_mut()) {
                            cand.1 = evaluate(&inst, &mut dec, &cand.0, &mut sched);
                        }
                        candidates.push((w.solution, c));
                    }
                }
            }
        }
    }
    let best_start = candidates
        .iter()
        .fold(None::<&(Solution, Cost)>, |best, cand| match best {
            Some(b) if !cand.1.better_than(&b.1) => Some(b),
            _ => Some(cand),
        })
        .cloned()
        .ok_or_else(|| nothing_fits(&inst, team))?;
    let (mut best, mut best_cost) = best_start;
    evaluate(&inst, &mut dec, &best, &mut sched);
    trace(
        started,
        &format!("best start, cost {:.1}", best_cost.primary()),
    );
    // The time-indexed bound runs after the search, on its best plan, in
    // a share of the limit kept for it from the bounds before and the
    // search.
    let indexed_size = indexed_plan(&inst, limit, prove);
    let indexed_seconds = indexed_size.map_or(0.0, |i| i.seconds());
    let bound = if prove {
        // Past 100 tasks (weighted) column generation does not converge in
        // the limit and the time-indexed bound does more with the time.
        let share = if indexed_size.is_some() && inst.n() > INDEXED_SMALL {
            0.15
        } else {
            0.5
        };
        let seconds = remaining(share)
            .min(remaining(1.0) - indexed_seconds)
            .max(0.0);
        bound::lower_bound_after(&inst, early, seconds, &sched)
    } else {
        bound::Bound {
            value: 0.0,
            source: bound::Source::EarliestFinish,
        }
    };
    trace(started, "bound");
    let mut lower = bound.value;
    let mut bound_source = bound.source;
    let mut timed_out = false;
    // Earliest finishes serve the exact search (small backlogs) and the
    // explanation of a missed hard due date only.
    let ef = if inst.n() <= exact::MAX_TASKS || inst.strict_due {
        bound::earliest_finish(&inst)
    } else {
        Vec::new()
    };
    let exact = exact::solve(&inst, &ef, Some((best.clone(), best_cost)), deadline);
    let proven = exact.as_ref().is_some_and(|e| e.proven);
    trace(started, "exact search");
    if let Some(e) = exact {
        if e.cost.better_than(&best_cost) || e.proven {
            best = e.solution;
            best_cost = e.cost;
        }
        timed_out |= !e.proven && Instant::now() >= deadline;
    }
    let strict = inst.strict_due;
    // It runs when the plan is still more than 0.5% above the bounds so far.
    let indexed = indexed_size.filter(|_| best_cost.total(strict) > lower * (1.0 + INDEXED_ABOVE));
    // Up to INDEXED_SMALL tasks the search ends on its own budget: it keeps
    // its deadline, and the bound takes the time it leaves.
    let search_deadline = match indexed {
        Some(_) if inst.n() > INDEXED_SMALL => deadline
            .checked_sub(Duration::from_secs_f64(indexed_seconds))
            .unwrap_or(deadline),
        _ => deadline,
    };
    if proven {
        // Exhaustive: nothing better exists, whatever the other bounds say.
        lower = best_cost.total(strict);
        bound_source = bound::Source::Exhaustive;
    } else if best_cost.total(strict) > lower * (1.0 + 1e-9) + 1e-9 {
        // Several starts: the best two constructions (for a small makespan
        // backlog, each twice with other seeds), searched in parallel,
        // each with its own fixed budget and seed, so the result does not
        // depend on the number of threads or the machine's speed. Budgets
        // count developer-timeline lookups, the unit of work of every move.
        // For the makespan each start is first improved over the order
        // alone (whoever finishes a task first takes it: far fewer
        // candidates, and measured on iMOPSE to find much shorter plans),
        // then over order and assignment together; the weighted objective
        // searches the two together from the start (measured better there).
        let n = inst.n() as u64;
        let budget = SearchBudget::for_instance(&inst);
        let choices: u64 = inst
            .allowed
            .iter()
            .map(|a| a.len() as u64)
            .sum::<u64>()
            .max(1);
        let target = lower;
        let mut starts = candidates;
        starts.sort_by(|a, b| a.1.primary().total_cmp(&b.1.primary()));
        starts.truncate(2);
        for k in starts.len()..budget.starts.max(starts.len()) {
            let again = starts[k % 2.min(starts.len())].clone();
            starts.push(again);
        }
        let outcomes: Vec<search::Outcome> =
            if inst.objective == Objective::Weighted && inst.n() >= TOGETHER_FROM {
                together(&inst, starts, budget, search_deadline, target)
            } else {
                starts
                    .into_par_iter()
                    .enumerate()
                    .map(|(k, (sol, _))| {
                        let seed = k as u64;
                        let (sol, mut lookups, order_timed_out) = if budget.order_share > 0.0 {
                            let spent = (budget.lookups as f64 * budget.order_share) as u64;
                            let by_order = search::improve_order(
                                &inst,
                                sol,
                                search::Budget {
                                    evaluations: spent / choices,
                                    patience: budget.patience * n / choices,
                                    deadline: search_deadline,
                                    target,
                                },
                                0x0de5 + seed,
                            );
                            (
                                by_order.solution,
                                budget.lookups - spent,
                                by_order.timed_out,
                            )
                        } else {
                            (sol, budget.lookups, false)
                        };
                        lookups /= n.max(1);
                        let mut out = search::improve(
                            &inst,
                            sol,
                            search::Budget {
                                evaluations: lookups,
                                patience: budget.patience,
                                deadline: search_deadline,
                                target,
                            },
                            0x5eed + seed,
                        );
                        out.timed_out |= order_timed_out;
                        out
                    })
                    .collect()
            };
        for (k, out) in outcomes.iter().enumerate() {
            let cost = out.cost.primary();
            let phase = format!("start {k}: {} evaluations, cost {cost:.1}", out.evaluations);
            trace(started, &phase);
        }
        let outcomes = lns::after_search(&inst, outcomes, search_deadline, target);
        for out in outcomes {
            timed_out |= out.timed_out;
            if out.cost.better_than(&best_cost) {
                best = out.solution;
                best_cost = out.cost;
            }
        }
    }
    if let Some((replay, c)) = replay {
        // Stability of the order too: the previous plan, replayed on the new
        // input, stays unless the best plan found beats it by more than the
        // cost of moving the least important task, so an unchanged backlog
        // re-plans to the same plan, not to an equally good reshuffle.
        let least = inst
            .keep_cost
            .iter()
            .copied()
            .filter(|c| *c > 0.0)
            .fold(f64::INFINITY, f64::min);
        if c.primary().is_finite() && best_cost.primary() >= c.primary() - least {
            best = replay;
            best_cost = c;
        }
    }
    trace(started, &format!("search, cost {:.1}", best_cost.primary()));
    // The tie-break may use a third of the time kept for writing the plan.
    let polish_until = deadline + std::time::Duration::from_secs_f64(reserve / 3.0);
    polish_rank(
        &inst,
        &mut dec,
        &mut sched,
        &mut best,
        &mut best_cost,
        polish_until,
    );
    trace(started, "rank polish");
    if let Some(indexed) = indexed {
        // After the rank polish, whose deadline it must not take: the
        // bound never changes the plan.
        if best_cost.total(strict) > lower * (1.0 + INDEXED_ABOVE) && Instant::now() < deadline {
            evaluate(&inst, &mut dec, &best, &mut sched);
            let b = match indexed {
                Indexed::Lp(cells) => {
                    let left = (deadline - Instant::now()).as_secs_f64();
                    bound::time_indexed(&inst, &sched, cells, left)
                }
                Indexed::Lagrangian(seconds) => {
                    bound::time_indexed_lagrangian(&inst, &sched, seconds, deadline)
                }
            };
            if let Some(b) = b.filter(|b| b.value > lower) {
                lower = b.value;
                bound_source = b.source;
            }
            trace(started, "bound: time-indexed");
        }
    }
    evaluate(&inst, &mut dec, &best, &mut sched);
    if inst.strict_due && best_cost.late > 0.0 {
        return Err(explain_due(&inst, backlog, &ef, &sched));
    }
    let total = best_cost.total(strict);
    let lower = lower.min(total);
    let status = if total <= lower * (1.0 + 1e-9) + 1e-9 {
        SolveStatus::Optimal
    } else if timed_out {
        SolveStatus::TimeLimit
    } else {
        SolveStatus::Heuristic
    };
    Ok(Optimized {
        solution: best,
        schedule: sched,
        cost: best_cost,
        lower_bound: lower,
        bound_source,
        status,
        solver: lp::solver_name(),
        solve_seconds: started.elapsed().as_secs_f64(),
        inst,
    })
}

/// Task-bucket cells of the time-indexed bound per second of the limit it
/// is given (HiGHS's interior point solves about 2,500 a second on the
/// generated backlogs: room to spare), and at most.
const INDEXED_CELLS_PER_SECOND: f64 = 2_000.0;
const INDEXED_MAX_CELLS: usize = 40_000;

/// Up to this many tasks the time-indexed bound gets a larger share of
/// the limit (their search ends on its own budget well within it).
const INDEXED_SMALL: usize = 100;

/// Fewer buckets per task than this and the time-indexed bound is weaker
/// than the parallel-machine bound (measured: 3 buckets on 10,000 tasks).
const INDEXED_MIN_BUCKETS: usize = 6;

/// From this many tasks (weighted) the two searches work together: the
/// limit cuts them long before they settle, and the second start, a worse
/// construction, rarely catches up.
const TOGETHER_FROM: usize = 1_000;

/// Evaluations per search in one round of [`together`].
const ROUND_EVALUATIONS: u64 = 2_000;

/// The weighted search on a large backlog: rounds in which the two
/// searches (one per start, then both from the best plan so far) each make
/// [`ROUND_EVALUATIONS`] moves with their own seed, and the better outcome
/// is where both go on from. As many evaluations in all as two separate
/// searches would make (so the same budget and, when it binds, a result
/// that depends on the input only), but both cores push the best plan.
fn together(
    inst: &Instance,
    starts: Vec<(Solution, Cost)>,
    budget: SearchBudget,
    deadline: Instant,
    target: f64,
) -> Vec<search::Outcome> {
    let n = inst.n().max(1) as u64;
    let per_search = budget.lookups / n;
    let mut plans: Vec<Solution> = starts.into_iter().map(|s| s.0).collect();
    let mut done = 0u64;
    let mut round = 0u64;
    let mut since_better = 0u64;
    let mut best: Option<search::Outcome> = None;
    loop {
        let evaluations = ROUND_EVALUATIONS.min(per_search - done);
        let outs: Vec<search::Outcome> = plans
            .par_iter()
            .enumerate()
            .map(|(k, sol)| {
                search::improve(
                    inst,
                    sol.clone(),
                    search::Budget {
                        evaluations,
                        patience: u64::MAX,
                        deadline,
                        target,
                    },
                    0x5eed + 1_000 * round + k as u64,
                )
            })
            .collect();
        done += evaluations;
        round += 1;
        let before = best.as_ref().map(|b| b.cost);
        let mut stop = done >= per_search;
        for out in outs {
            stop |= out.timed_out || out.cost.primary() <= target * (1.0 + 1e-9) + 1e-9;
            match &mut best {
                Some(b) if !out.cost.better_than(&b.cost) => b.timed_out |= out.timed_out,
                _ => {
                    let timed_out = out.timed_out || best.as_ref().is_some_and(|b| b.timed_out);
                    best = Some(search::Outcome { timed_out, ..out });
                }
            }
        }
        let Some(b) = &best else {
            return Vec::new();
        };
        // As the searches give up after `patience` moves without a better plan.
        since_better = match before {
            Some(c) if !b.cost.better_than(&c) => since_better + evaluations,
            _ => 0,
        };
        stop |= since_better >= budget.patience;
        if stop {
            let evaluations = done * plans.len() as u64;
            return vec![search::Outcome {
                evaluations,
                ..b.clone()
            }];
        }
        plans = vec![b.solution.clone(); plans.len().max(2)];
    }
}

/// The gap under which the time-indexed bound is not worth its time.
const INDEXED_ABOVE: f64 = 0.005;

/// The share of the limit the Lagrangian time-indexed bound
/// (`lagrange.rs`) is sized for, above [`INDEXED_SMALL`] tasks: 30 % up to
/// 2,000 tasks, rising to 50 % at 10,000 and beyond. The larger the
/// backlog, the less the search gains in a second (10,000 × 200: 0.7 % in
/// 40 s) and the more the bound (its value still rises at the end).
fn lagrange_share(n: usize) -> f64 {
    0.3 + 0.2 * ((n as f64 - 2_000.0) / 8_000.0).clamp(0.0, 1.0)
}

/// What the time-indexed bound after the search may spend.
#[derive(Debug, Clone, Copy)]
enum Indexed {
    /// The LP's task-bucket cells (`indexed.rs`), up to [`INDEXED_SMALL`]
    /// tasks.
    Lp(usize),
    /// The seconds the Lagrangian (`lagrange.rs`) is sized for, above.
    Lagrangian(f64),
}

impl Indexed {
    /// The seconds it is sized for.
    fn seconds(&self) -> f64 {
        match *self {
            Indexed::Lp(cells) => cells as f64 / INDEXED_CELLS_PER_SECOND,
            Indexed::Lagrangian(seconds) => seconds,
        }
    }
}

/// What the time-indexed bound may spend after the search in this run,
/// or None: weighted objective, proving, more tasks than the exact search
/// takes. Up to [`INDEXED_SMALL`] tasks the LP, sized for 60% of the limit
/// and only with at least [`INDEXED_MIN_BUCKETS`] buckets per task (the
/// Lagrangian was measured to add nothing there); above, the Lagrangian,
/// sized for 30% (the LP's cells would be too few to bound much). The
/// bound before the search leaves it that time, and so does the search
/// above [`INDEXED_SMALL`] tasks. Its size depends on the limit, not on
/// the time measured, so one input gives one bound (unless it runs out of
/// time).
fn indexed_plan(inst: &Instance, limit: f64, prove: bool) -> Option<Indexed> {
    let wanted = prove && inst.objective == Objective::Weighted && inst.n() > exact::MAX_TASKS;
    if !wanted {
        return None;
    }
    if inst.n() > INDEXED_SMALL {
        return Some(Indexed::Lagrangian(limit * lagrange_share(inst.n())));
    }
    let cells = ((limit * 0.6 * INDEXED_CELLS_PER_SECOND) as usize).min(INDEXED_MAX_CELLS);
    (cells >= INDEXED_MIN_BUCKETS * inst.n()).then_some(Indexed::Lp(cells))
}

/// The rank tie-break (SPEC 9.1) made good where the search left it: two
/// tasks of one priority done one after the other by one developer, the
/// lower-ranked first, swap places in the order when that costs nothing
/// (equal cost, smaller Σ rank weight × finish), until no such pair is left
/// or a bounded number of tries is spent. The search itself compares the
/// cost alone (the tie-break in every comparison made it 8% slower on the
/// seed for the same cost).
fn polish_rank(
    inst: &Instance,
    dec: &mut Decoder,
    sched: &mut Schedule,
    best: &mut Solution,
    best_cost: &mut Cost,
    until: Instant,
) {
    if inst.objective != Objective::Weighted {
        return;
    }
    let n = inst.n();
    let ranked = |sched: &Schedule| -> f64 {
        (0..n)
            .map(|j| inst.rank_w[j] * inst.cal.business_hours(sched.finish[j]))
            .sum()
    };
    // Each try decodes the whole plan: at most about two million task
    // placements in all, so a large backlog is not held past its limit.
    let mut tries = (4 * n + 100).min(2_000).min(1_000_000 / n.max(1));
    let mut position = vec![0usize; n];
    'again: loop {
        evaluate(inst, dec, best, sched);
        let best_rank = ranked(sched);
        let mut by_dev: Vec<Vec<usize>> = vec![Vec::new(); inst.m()];
        for j in 0..n {
            by_dev[sched.dev[j]].push(j);
        }
        for seq in &mut by_dev {
            seq.sort_by_key(|&j| (sched.start[j], j));
        }
        for (k, &j) in best.order.iter().enumerate() {
            position[j] = k;
        }
        for seq in &by_dev {
            for pair in seq.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let inverted = inst.w[a] == inst.w[b] && inst.rank_w[b] > inst.rank_w[a];
                if !inverted || inst.is_first[a] || inst.is_first[b] {
                    continue;
                }
                let (pa, pb) = (position[a], position[b]);
                let mut order = best.order.clone();
                order.swap(pa, pb);
                let (lo, hi) = (pa.min(pb), pa.max(pb));
                // Still predecessors first: nothing between the two
                // positions (or the other one) may need the one moved later.
                let fine = (lo..=hi).all(|k| {
                    let j = order[k];
                    inst.preds[j].iter().all(|&q| {
                        let at = if q == a {
                            pb
                        } else if q == b {
                            pa
                        } else {
                            position[q]
                        };
                        at < k
                    })
                });
                if !fine {
                    continue;
                }
                if tries == 0 || Instant::now() >= until {
                    break 'again;
                }
                tries -= 1;
                let candidate = Solution {
                    order,
                    assign: best.assign.clone(),
                };
                let c = evaluate(inst, dec, &candidate, sched);
                let tol = 1e-9 * c.primary().abs().max(1.0);
                if c.primary() <= best_cost.primary() + tol && ranked(sched) < best_rank - 1e-9 {
                    *best = candidate;
                    *best_cost = c;
                    continue 'again;
                }
            }
        }
        break;
    }
}

/// The previous plan (`--previous`) as a solution of this instance: every
/// task with its previous developer, in the order they were to start
/// (in-progress tasks first). None when there is no previous plan, moves
/// cost nothing, some open task is new or may no longer go to its previous
/// developer, or that order breaks a dependency.
fn replay_previous(inst: &Instance, backlog: &Backlog, opts: &PlanOptions) -> Option<Solution> {
    let previous = opts.previous.as_ref()?;
    let n = inst.n();
    if inst.keep_cost.iter().all(|c| *c <= 0.0) {
        return None;
    }
    let mut assign = vec![0usize; n];
    let mut key = Vec::with_capacity(n);
    for j in 0..n {
        if inst.is_first[j] {
            assign[j] = inst.allowed[j][0];
            key.push((false, None, j));
            continue;
        }
        assign[j] = inst.keep[j]?;
        let before = previous.task(&backlog.tasks[inst.task[j]].id)?;
        key.push((true, Some(before.start), j));
    }
    key.sort();
    let order: Vec<usize> = key.into_iter().map(|(_, _, j)| j).collect();
    let mut position = vec![0usize; n];
    for (k, &j) in order.iter().enumerate() {
        position[j] = k;
    }
    let in_order = (0..n).all(|j| inst.preds[j].iter().all(|&q| position[q] < position[j]));
    in_order.then_some(Solution { order, assign })
}

/// Why the hard due dates cannot be met: the first task that cannot finish
/// by its due date even with nobody in its way, or (each alone can) that
/// they cannot all be met together.
fn explain_due(inst: &Instance, backlog: &Backlog, ef: &[f64], sched: &Schedule) -> Error {
    for j in 0..inst.n() {
        if let Some(due) = inst.due[j] {
            let due_h = inst.cal.business_hours(due);
            if ef[j] > due_h + 1e-9 {
                let t = &backlog.tasks[inst.task[j]];
                return Error::infeasible(
                    Kind::DueDate,
                    vec![t.id.clone()],
                    Facts::Due {
                        title: t.title.clone(),
                        due: t.due.unwrap_or_default(),
                        earliest: inst.cal.end_date(inst.cal.time_of_business_hours(ef[j])),
                        hours: t.hours,
                        after_dependencies: !inst.preds[j].is_empty(),
                        developers: inst.allowed[j]
                            .iter()
                            .map(|&d| inst.names[d].clone())
                            .collect(),
                    },
                );
            }
        }
    }
    let hpd = inst.cal.calendar.hours_per_day;
    let late_tasks: Vec<usize> = (0..inst.n())
        .filter(|&j| inst.due[j].is_some_and(|due| sched.finish[j] > due))
        .collect();
    let tasks = late_tasks
        .iter()
        .map(|&j| backlog.tasks[inst.task[j]].id.clone())
        .collect();
    let late = late_tasks
        .iter()
        .map(|&j| {
            let t = &backlog.tasks[inst.task[j]];
            let due = inst.due[j].unwrap_or_default();
            let hours = inst.cal.business_hours(sched.finish[j]) - inst.cal.business_hours(due);
            (
                t.title.clone(),
                t.due.unwrap_or_default(),
                inst.cal.end_date(sched.finish[j]),
                hours / hpd,
            )
        })
        .collect();
    Error::infeasible(Kind::DueDate, tasks, Facts::DueDatesTogether { late })
}

/// Why no construction fits the horizon: everyone leaves too early, or the
/// work runs into the calendar's limit.
fn nothing_fits(inst: &Instance, team: &Team) -> Error {
    let last_day = inst.cal.days.last().copied();
    let everyone_leaves = team.developers.iter().all(|d| {
        d.available_until
            .is_some_and(|u| last_day.is_some_and(|l| u < l))
    });
    let limit = match inst.cal.limit() {
        Some(limit) if !everyone_leaves => Some(limit.to_string()),
        _ => None,
    };
    Error::infeasible(Kind::Availability, Vec::new(), Facts::Horizon { limit })
}

#[cfg(test)]
#[path = "tests/together.rs"]
mod together_tests;
