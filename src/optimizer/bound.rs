//! Proven lower bounds on the objective (SPEC 4.5). Every bound here holds
//! for every valid plan; docs/optimizer.md gives the arguments.
//!
//! Weighted objective. First the column-generation LP of [`colgen`], which
//! weighs every priority level against the others and prices each
//! developer's calendar exactly; when it converges it is the bound. When it
//! cannot run or does not converge in time, the best of it and a
//! decomposition: with the distinct weights `v1 > v2 > ... > vK` and
//! `v(K+1) = 0`, Σ w_j C_j = Σ_k (v_k − v_(k+1)) · Σ_{j: w_j ≥ v_k} C_j, so a
//! lower bound on the plain sum of finishes of each "at least this
//! important" set gives one on the whole. For each set, the best of:
//! - heads: every task finishes no earlier than its own earliest finish;
//! - forced work: tasks only one developer may take finish, in any order, no
//!   earlier than in shortest-first order on that developer's calendar (the
//!   k-th finish of shortest-first is the earliest possible k-th finish);
//! - the assignment LP (HiGHS): the classic exact model of R||ΣC (a job in
//!   the s-th position from the end of a developer's sequence adds s times its
//!   length), with each developer's calendar replaced by a line below it
//!   (finish in business hours ≥ a_d · work + b_d). The LP is totally
//!   unimodular, so its optimum is the optimum of that relaxation.
//!
//! Makespan. The LP "energy" bound: min T over fractional assignments such
//! that, for each developer and each pair of thresholds (r, q), the work of
//! tasks that cannot start before r and still have q hours of chain after
//! them fits in the developer's capacity between r and T − q; plus the
//! critical path and the team's summed capacity on the real calendar.

use good_lp::{variable, Expression, ProblemVariables};

use crate::calendar::{minutes_to_hours, DevCalendar};
use crate::optimizer::instance::{Instance, Objective};
use crate::optimizer::schedule::Schedule;
use crate::optimizer::{colgen, indexed, lagrange, lp, parallel};

/// A bound and how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The bound on the objective, in its unit.
    pub value: f64,
    /// The argument that gave the value (the best of several).
    pub source: Source,
}

/// The arguments a bound can come from, each in docs/optimizer.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Every task finishes no earlier than along its dependency chain.
    EarliestFinish,
    /// Work only one developer may take, shortest first on their calendar.
    ForcedWork,
    /// The assignment LP of R||ΣC with linearised calendars.
    AssignmentLp,
    /// The column-generation LP.
    ColumnGeneration,
    /// Eastman, Even and Isaacs' parallel-machine bound on the whole team.
    ParallelMachines,
    /// The same bound on each class of tasks with the same allowed developers.
    ParallelGroups,
    /// The time-indexed LP that keeps dependencies with capacity.
    TimeIndexed,
    /// The same relaxation priced by Lagrange multipliers (large backlogs).
    TimeIndexedLagrangian,
    /// Makespan: the longest dependency chain.
    CriticalPath,
    /// Makespan: the team's total capacity.
    Capacity,
    /// Makespan: the work rules, skills or owners force onto a group.
    ForcedLoad,
    /// Makespan: the energy LP.
    EnergyLp,
    /// Nothing better exists: the exact search went through every plan.
    Exhaustive,
    /// No open task.
    Empty,
}

impl Source {
    /// The name in summary.json (`bound_source`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::EarliestFinish => "earliest_finish",
            Source::ForcedWork => "forced_work",
            Source::AssignmentLp => "assignment_lp",
            Source::ColumnGeneration => "column_generation",
            Source::ParallelMachines => "parallel_machines",
            Source::ParallelGroups => "parallel_machines_by_group",
            Source::TimeIndexed => "time_indexed_lp",
            Source::TimeIndexedLagrangian => "time_indexed_lagrangian",
            Source::CriticalPath => "critical_path",
            Source::Capacity => "capacity",
            Source::ForcedLoad => "forced_load",
            Source::EnergyLp => "energy_lp",
            Source::Exhaustive => "exhaustive_search",
            Source::Empty => "empty",
        }
    }
}

/// Largest assignment LP solved, in variables: beyond it the bound uses the
/// combinatorial parts only (and says so through `used_lp`).
const MAX_LP_VARIABLES: usize = 60_000;

/// Lower bound for the instance's objective.
/// `hint` is a good plan's schedule: it only steers which valid lines the
/// assignment LP uses for each position, never the bound's validity.
pub fn lower_bound(inst: &Instance, time_limit: f64, hint: &Schedule) -> Bound {
    match inst.objective {
        Objective::Weighted => weighted_bound(inst, time_limit, hint),
        Objective::Makespan => makespan_bound(inst, time_limit),
    }
}

/// A lower bound on the parts of the cost beside the finish: each task's
/// lateness at its earliest finish, and its cheapest developer's penalty.
pub fn extra_bound(inst: &Instance, ef: &[f64]) -> f64 {
    (0..inst.n())
        .map(|j| {
            let late = match inst.due[j] {
                Some(due) if inst.late_w[j] > 0.0 => {
                    inst.late_w[j] * (ef[j] - inst.cal.business_hours(due)).max(0.0)
                }
                _ => 0.0,
            };
            late + cheapest_penalty(inst, j)
        })
        .sum()
}

/// The least penalty (preference, stability) task `j` costs on any
/// developer allowed to take it.
fn cheapest_penalty(inst: &Instance, j: usize) -> f64 {
    let penalty = inst.allowed[j]
        .iter()
        .map(|&d| inst.assign_penalty(j, d))
        .fold(f64::INFINITY, f64::min);
    if penalty.is_finite() {
        penalty
    } else {
        0.0
    }
}

/// The time-indexed bound (`indexed.rs`) on the weighted objective, with
/// `cells` task-bucket cells, within `time_limit` seconds; None when it
/// does not solve in time (or the objective is the makespan). `plan`: the
/// best plan's schedule, whose last finish sets where the capacity
/// buckets end.
pub fn time_indexed(
    inst: &Instance,
    plan: &Schedule,
    cells: usize,
    time_limit: f64,
) -> Option<Bound> {
    weighted_with(inst, Source::TimeIndexed, |ef, penalties| {
        indexed::bound(inst, ef, penalties, plan, cells, time_limit)
    })
}

/// The time-indexed relaxation priced by Lagrange multipliers
/// (`lagrange.rs`) on the weighted objective, sized for `seconds` and
/// stopped at `deadline`. None for the makespan. `plan`: the best plan's
/// schedule.
pub fn time_indexed_lagrangian(
    inst: &Instance,
    plan: &Schedule,
    seconds: f64,
    deadline: std::time::Instant,
) -> Option<Bound> {
    weighted_with(inst, Source::TimeIndexedLagrangian, |ef, penalties| {
        lagrange::bound(inst, ef, penalties, plan, seconds, deadline)
    })
}

/// A weighted-only bound from the earliest finishes and the penalties
/// outside it (each task's cheapest developer penalty); None for the
/// makespan or when `compute` gives none.
fn weighted_with(
    inst: &Instance,
    source: Source,
    compute: impl FnOnce(&[f64], f64) -> Option<f64>,
) -> Option<Bound> {
    if inst.objective != Objective::Weighted {
        return None;
    }
    let ef = earliest_finish(inst);
    let penalties: f64 = (0..inst.n()).map(|j| cheapest_penalty(inst, j)).sum();
    let value = compute(&ef, penalties)?;
    Some(Bound { value, source })
}

/// Earliest finish of every task in business hours, from the heads.
pub fn earliest_finish(inst: &Instance) -> Vec<f64> {
    let day = inst.cal.day_minutes;
    let heads = inst.heads();
    (0..inst.n())
        .map(|j| {
            inst.allowed[j]
                .iter()
                .filter_map(|&d| {
                    let dc = &inst.cal.developers[d];
                    dc.end_at(dc.work_before(heads[j], day) + inst.p[j], day)
                })
                .min()
                .map_or(0.0, |t| inst.cal.business_hours(t))
        })
        .collect()
}

/// The line `a·W + b` (W in work hours, result in business hours) below a
/// developer's finish-time function over the horizon.
fn calendar_line(inst: &Instance, dc: &DevCalendar) -> (f64, f64) {
    let hpd = inst.cal.calendar.hours_per_day;
    let full = dc.cap.iter().copied().max().unwrap_or(0);
    if full == 0 {
        return (1.0, 0.0);
    }
    let a = hpd / minutes_to_hours(full);
    let mut b = 0.0f64;
    for (day, &cap) in dc.cap.iter().enumerate() {
        if cap == 0 {
            continue;
        }
        let w_start = minutes_to_hours(dc.cum[day]);
        let c_start = day as f64 * hpd;
        // Business hours grow with work at rate 1 until the day's end (capped
        // at hours_per_day), so the extremes of φ − aW are at these points.
        let worked = minutes_to_hours(cap);
        let in_day = worked.min(hpd);
        b = b
            .min(c_start - a * w_start)
            .min(c_start + in_day - a * (w_start + in_day))
            .min(c_start + in_day - a * (w_start + worked));
    }
    (a, b)
}

/// The weighted bounds that need no plan: the decomposition by priority
/// level (earliest finishes, forced work) and the parallel-machine bound.
/// They are cheap next to the rest, and [`lower_bound_after`] goes on from
/// them; the optimizer works them out beside its first plans.
pub struct Early {
    levels: Vec<f64>,
    /// Per level, the tasks at least that important.
    sets: Vec<Vec<usize>>,
    /// Per level, the bound on Σ C over its set.
    term: Vec<f64>,
    /// The lateness and penalty bound outside the decomposition.
    extra: f64,
    best: Bound,
}

/// [`Early`] for the weighted objective on a backlog with open work; None
/// otherwise.
pub fn early(inst: &Instance) -> Option<Early> {
    let n = inst.n();
    if n == 0 || inst.objective != Objective::Weighted {
        return None;
    }
    let started = std::time::Instant::now();
    let ef = earliest_finish(inst);
    let mut levels: Vec<f64> = inst.w.clone();
    levels.sort_by(|a, b| b.total_cmp(a));
    levels.dedup();
    let sets: Vec<Vec<usize>> = levels
        .iter()
        .map(|&v| (0..n).filter(|&j| inst.w[j] >= v).collect())
        .collect();
    // Bound on Σ C over each "at least this important" set, combinatorial
    // parts first (cheap).
    let mut forced_binds = false;
    let term: Vec<f64> = sets
        .iter()
        .map(|set| {
            let heads: f64 = set.iter().map(|&j| ef[j]).sum();
            let forced = forced_bound(inst, set, &ef);
            forced_binds |= forced > heads;
            heads.max(forced)
        })
        .collect();
    // Lateness and penalties are not in the decomposition: their own bound
    // is added (each part bounds a part of the cost, all parts ≥ 0).
    let extra = extra_bound(inst, &ef);
    let mut early = Early {
        levels,
        sets,
        term,
        extra,
        best: Bound {
            value: 0.0,
            source: if forced_binds {
                Source::ForcedWork
            } else {
                Source::EarliestFinish
            },
        },
    };
    early.best.value = early.decomposition(&early.term);
    crate::optimizer::trace(started, "bound: decomposition");
    // Eastman, Even and Isaacs on the team and on each group (cheap).
    let (parallel, form) = parallel::bound(inst);
    crate::optimizer::trace(started, "bound: parallel machines");
    let source = match form {
        parallel::Form::Team => Source::ParallelMachines,
        parallel::Form::Groups => Source::ParallelGroups,
    };
    early.consider(parallel + early.extra, source);
    Some(early)
}

impl Early {
    /// The decomposition's bound from per-level terms.
    fn decomposition(&self, term: &[f64]) -> f64 {
        let delta = |k: usize| self.levels[k] - self.levels.get(k + 1).copied().unwrap_or(0.0);
        (0..self.levels.len())
            .map(|k| delta(k) * term[k])
            .sum::<f64>()
            + self.extra
    }

    fn consider(&mut self, value: f64, source: Source) {
        if value > self.best.value {
            self.best = Bound { value, source };
        }
    }
}

fn weighted_bound(inst: &Instance, time_limit: f64, hint: &Schedule) -> Bound {
    match early(inst) {
        Some(early) => weighted_after(inst, early, time_limit, hint),
        None => Bound {
            value: 0.0,
            source: Source::Empty,
        },
    }
}

/// [`lower_bound`] going on from the early bounds, when the objective has them.
pub fn lower_bound_after(
    inst: &Instance,
    early: Option<Early>,
    time_limit: f64,
    hint: &Schedule,
) -> Bound {
    match early {
        Some(early) => weighted_after(inst, early, time_limit, hint),
        None => lower_bound(inst, time_limit, hint),
    }
}

/// The weighted bound: the early ones, then column generation and the
/// assignment LP within `time_limit` seconds.
fn weighted_after(inst: &Instance, mut early: Early, time_limit: f64, hint: &Schedule) -> Bound {
    let started = std::time::Instant::now();
    let deadline = crate::optimizer::deadline_after(started, time_limit);
    // The column-generation LP weighs every level against the others and
    // prices calendars exactly; when it converges nothing below beats it.
    let generated = colgen::bound(inst, hint, deadline);
    crate::optimizer::trace(started, "bound: column generation");
    if let Some((value, converged)) = generated {
        early.consider(value, Source::ColumnGeneration);
        if converged {
            return early.best;
        }
    }
    let lines: Vec<(f64, f64)> = inst
        .cal
        .developers
        .iter()
        .map(|dc| calendar_line(inst, dc))
        .collect();
    let mut used_lp = false;
    let mut term = early.term.clone();
    for (set, t) in early.sets.iter().zip(term.iter_mut()) {
        let left = (deadline - std::time::Instant::now()).as_secs_f64();
        if let Some(lpv) = assignment_lp(inst, set, &lines, hint, left) {
            used_lp |= lpv > *t;
            *t = t.max(lpv);
        }
    }
    if used_lp {
        let value = early.decomposition(&term);
        early.consider(value, Source::AssignmentLp);
    }
    early.best
}

/// Σ C over `set`: shortest-first on each developer for the tasks only they
/// may take, plus the earliest finish of every other task.
fn forced_bound(inst: &Instance, set: &[usize], ef: &[f64]) -> f64 {
    let day = inst.cal.day_minutes;
    let mut sum = 0.0;
    let mut forced: Vec<Vec<i64>> = vec![Vec::new(); inst.m()];
    for &j in set {
        match inst.allowed[j].as_slice() {
            [d] => forced[*d].push(inst.p[j]),
            _ => sum += ef[j],
        }
    }
    for (d, mut ps) in forced.into_iter().enumerate() {
        ps.sort_unstable();
        let dc = &inst.cal.developers[d];
        let mut w = 0;
        for p in ps {
            w += p;
            sum += dc
                .end_at(w, day)
                .map_or(f64::INFINITY, |t| inst.cal.business_hours(t));
        }
    }
    sum
}

/// The R||ΣC assignment LP over `set` with linearised calendars; None when
/// too large or the solver fails.
fn assignment_lp(
    inst: &Instance,
    set: &[usize],
    lines: &[(f64, f64)],
    hint: &Schedule,
    time_limit: f64,
) -> Option<f64> {
    if time_limit <= 0.0 {
        return None;
    }
    let m = inst.m();
    // How many developers could share the set: positions beyond a generous
    // per-developer count go to one overflow slot, whose cost (position
    // smax + 1) is below that of any later position, so the LP stays a relaxation.
    let devs_used = (0..m)
        .filter(|d| set.iter().any(|&j| inst.allowed[j].contains(d)))
        .count()
        .max(1);
    let smax = set.len().min(2 * set.len().div_ceil(devs_used) + 8);
    let n_vars: usize = set.iter().map(|&j| inst.allowed[j].len()).sum::<usize>() * (smax + 1);
    if n_vars > MAX_LP_VARIABLES {
        return None;
    }
    // Per developer and position from the end: the line to charge, and the
    // running sum of slopes A_s. Any line below the calendar is valid at any
    // position; the hint picks, for each position, the line that is highest
    // where the hint plan has that position's work.
    let mut in_set = vec![false; inst.n()];
    for &j in set {
        in_set[j] = true;
    }
    let mut slot_cost: Vec<Vec<(f64, f64)>> = Vec::with_capacity(m);
    for d in 0..m {
        let mut mine: Vec<usize> = (0..inst.n())
            .filter(|&j| in_set[j] && hint.dev.get(j) == Some(&d))
            .collect();
        mine.sort_by_key(|&j| hint.w0[j]);
        let mut ends = Vec::with_capacity(mine.len());
        let mut w = 0.0;
        for &j in &mine {
            w += minutes_to_hours(inst.p[j]);
            ends.push(w);
        }
        let (a, b) = lines[d];
        let unit_ok = a >= 1.0; // φ(W) ≥ W holds when nobody works past hours_per_day
        let mut acc = 0.0;
        let mut costs = Vec::with_capacity(smax + 1);
        for s in 1..=smax + 1 {
            let w_est = ends.len().checked_sub(s).map_or(0.0, |k| ends[k]);
            let (la, lb) = if unit_ok && w_est >= a * w_est + b {
                (1.0, 0.0)
            } else {
                (a, b)
            };
            acc += la;
            costs.push((acc, lb));
        }
        slot_cost.push(costs);
    }
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::default();
    let mut per_task: Vec<Expression> = vec![Expression::default(); set.len()];
    let mut per_slot: Vec<Vec<Option<Expression>>> = vec![vec![None; smax]; m];
    for (t, &j) in set.iter().enumerate() {
        let p = minutes_to_hours(inst.p[j]);
        for &d in &inst.allowed[j] {
            for s in 1..=smax + 1 {
                let x = if s <= smax {
                    vars.add(variable().min(0.0).max(1.0))
                } else {
                    vars.add(variable().min(0.0))
                };
                let (slope_sum, intercept) = slot_cost[d][s - 1];
                objective += (slope_sum * p + intercept) * x;
                per_task[t] += x;
                if s <= smax {
                    *per_slot[d][s - 1].get_or_insert_with(Expression::default) += x;
                }
            }
        }
    }
    let mut constraints = Vec::with_capacity(set.len() + m * smax);
    for e in per_task {
        constraints.push(e.eq(1.0));
    }
    for e in per_slot.into_iter().flatten().flatten() {
        constraints.push(e.leq(1.0));
    }
    let sol = lp::minimise(vars, objective, constraints, &[], time_limit)?;
    // Solver tolerances: keep the bound on the safe side.
    Some(sol.objective - 1e-6 * sol.objective.abs() - 1e-6)
}

/// The makespan bound without its LP (critical path, capacity, forced
/// loads, penalties): cheap, to tell whether a plan already meets it.
pub fn makespan_quick(inst: &Instance) -> f64 {
    makespan_bound(inst, 0.0).value
}

fn makespan_bound(inst: &Instance, time_limit: f64) -> Bound {
    let n = inst.n();
    if n == 0 {
        return Bound {
            value: 0.0,
            source: Source::Empty,
        };
    }
    let hpd = inst.cal.calendar.hours_per_day;
    let ef = earliest_finish(inst);
    // Work hours per business hour of each developer over whole days.
    let rate: Vec<f64> = inst
        .cal
        .developers
        .iter()
        .map(|dc| minutes_to_hours(dc.cap.iter().copied().max().unwrap_or(0)) / hpd)
        .collect();
    // Inside a working day work advances with the clock, so a stretch of
    // work takes at least its length in business hours, unless someone works
    // longer days than hours_per_day. Then a day gives `speed` work hours
    // per business hour, and work done past hours_per_day takes no business
    // time at all: a task may start in such an overtime stretch, so each
    // task takes at least (p − overtime) / speed business hours.
    let speed = rate.iter().copied().fold(1.0, f64::max);
    let overtime = inst
        .cal
        .developers
        .iter()
        .map(|dc| dc.cap.iter().copied().max().unwrap_or(0) - (hpd * 60.0).round() as i64)
        .fold(0, i64::max);
    let length: Vec<f64> = (0..n)
        .map(|j| minutes_to_hours((inst.p[j] - overtime).max(0)) / speed)
        .collect();
    // The business hours the chain after each task needs, at least.
    let mut after = vec![0.0f64; n];
    for &j in inst.topo.iter().rev() {
        after[j] = inst.succs[j]
            .iter()
            .map(|&s| length[s] + after[s])
            .fold(0.0, f64::max);
    }
    // Critical path: earliest finish plus the chain after it.
    let cp = (0..n).map(|j| ef[j] + after[j]).fold(0.0, f64::max);
    // Capacity: the first time by which the team has worked every open minute.
    let total: i64 = inst.p.iter().sum();
    let everyone: Vec<usize> = (0..inst.m()).collect();
    let capacity = inst
        .cal
        .business_hours(crate::binding::when_held(&inst.cal, &everyone, total));
    // Work that rules, skills and owners force onto one developer or a
    // group: on their exact calendars (the energy LP below prices them at
    // an average rate, which holidays make too generous).
    let forced = crate::binding::forced_loads(&inst.cal, &inst.allowed, &inst.p)
        .first()
        .map_or(0.0, |l| inst.cal.business_hours(l.end));
    let mut best = (cp, Source::CriticalPath);
    for (value, source) in [(capacity, Source::Capacity), (forced, Source::ForcedLoad)] {
        if value > best.0 {
            best = (value, source);
        }
    }
    let head_times = inst.heads();
    let heads: Vec<f64> = head_times
        .iter()
        .map(|&t| inst.cal.business_hours(t))
        .collect();
    // No time (makespan_quick): the combinatorial bounds alone.
    let lp = (time_limit > 0.0)
        .then(|| energy_lp(inst, &heads, &after, &length, &rate, time_limit))
        .flatten();
    if let Some(v) = lp {
        if v > best.0 {
            best = (v, Source::EnergyLp);
        }
    }
    Bound {
        value: round_up_to_grid(inst, best.0) + extra_bound(inst, &ef),
        source: best.1,
    }
}

/// Every finish falls on a grid when every estimate, every developer's daily
/// capacity, every start and end of their working spans (time off inside a
/// day) and the business day are whole multiples of some g minutes: each
/// finish, start and release is then a multiple of g into its day, and so
/// its business time is a multiple of g. The latest finish is one of them,
/// so a bound on it may be rounded up to the grid. (A hair is taken off
/// first: the LP's tolerances may leave a bound a hair above a grid point.)
fn round_up_to_grid(inst: &Instance, bound: f64) -> f64 {
    let business_day = (inst.cal.calendar.hours_per_day * 60.0).round() as i64;
    let g = inst
        .p
        .iter()
        .copied()
        .chain(
            inst.cal
                .developers
                .iter()
                .flat_map(|dc| dc.cap.iter().copied().chain(dc.span_edges())),
        )
        .chain([business_day, inst.cal.day_minutes])
        .fold(0i64, gcd);
    if g <= 0 || (inst.cal.calendar.hours_per_day * 60.0 - business_day as f64).abs() > 1e-9 {
        return bound;
    }
    let step = minutes_to_hours(g);
    ((bound / step - 1e-6).ceil() * step).max(bound)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

/// Up to `k` threshold values spread over the distinct values of `xs`.
fn thresholds(xs: &[f64], k: usize) -> Vec<f64> {
    let mut v: Vec<f64> = xs.iter().map(|x| x.max(0.0)).collect();
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    if v.len() <= k {
        return v;
    }
    (0..k).map(|i| v[i * (v.len() - 1) / (k - 1)]).collect()
}

/// The energy LP for the makespan; None when the solver fails.
fn energy_lp(
    inst: &Instance,
    heads: &[f64],
    after: &[f64],
    length: &[f64],
    rate: &[f64],
    time_limit: f64,
) -> Option<f64> {
    let n = inst.n();
    let m = inst.m();
    let mut vars = ProblemVariables::new();
    let t = vars.add(variable().min(0.0));
    let mut x: Vec<Vec<(usize, good_lp::Variable)>> = Vec::with_capacity(n);
    for j in 0..n {
        x.push(
            inst.allowed[j]
                .iter()
                .map(|&d| (d, vars.add(variable().min(0.0).max(1.0))))
                .collect(),
        );
    }
    let mut constraints = Vec::new();
    for xj in &x {
        let sum: Expression = xj.iter().map(|&(_, v)| v).sum();
        constraints.push(sum.eq(1.0));
    }
    for j in 0..n {
        let chain = heads[j] + length[j] + after[j];
        constraints.push(Expression::from(chain).leq(t));
    }
    let hpd = inst.cal.calendar.hours_per_day;
    let slack: Vec<f64> = rate
        .iter()
        .map(|&r| 2.0 * r * hpd * (1.0 - r).abs())
        .collect();
    let rs = thresholds(heads, 8);
    let qs = thresholds(after, 8);
    for d in 0..m {
        if rate[d] <= 0.0 {
            continue;
        }
        for &r in &rs {
            for &q in &qs {
                let mut load = Expression::default();
                let mut any = false;
                for j in 0..n {
                    if heads[j] >= r - 1e-9 && after[j] >= q - 1e-9 {
                        if let Some(&(_, v)) = x[j].iter().find(|(dd, _)| *dd == d) {
                            load += minutes_to_hours(inst.p[j]) * v;
                            any = true;
                        }
                    }
                }
                if any {
                    // Work in [r, T − q] ≤ rate·(T − r − q), plus what the two
                    // partial days at its ends can hold beyond their share.
                    constraints.push(load.leq(rate[d] * t - rate[d] * (r + q) + slack[d]));
                }
            }
        }
    }
    let sol = lp::minimise(vars, t.into(), constraints, &[], time_limit)?;
    Some(sol.objective - 1e-6 * sol.objective.abs() - 1e-6)
}

#[cfg(test)]
#[path = "tests/bound.rs"]
mod tests;
