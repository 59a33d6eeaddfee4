//! The column-generation bound for the weighted objective: the LP relaxation
//! of a set-covering model whose columns are one developer's sequence of
//! tasks, solved by pricing with a dynamic program over that developer's
//! work positions.
//!
//! Why it is a bound. Take any valid plan and one developer d. List d's tasks
//! by finish; the k-th finishes no earlier than the moment d has worked
//! W_k = p_1 + … + p_k minutes, φ_d(W_k), because d works one task at a time
//! (pausing and idling only delay it), and no earlier than its earliest
//! finish on d, EF_jd (its predecessors' earliest finishes, then its own work
//! on d's calendar). So the plan costs at least Σ_d c(S_d) with
//! c(S) = Σ_k w_k · max(φ_d(W_k), EF_kd), and the sequences S_d cover every
//! task once. The master LP
//!
//!   min Σ_s c_s λ_s  s.t.  Σ_s a_js λ_s ≥ 1 (each task),  Σ_{s of d} λ_s ≤ 1,
//!
//! over every sequence s is therefore below the optimum. Its columns are
//! generated: we solve its dual over the columns found so far (π_j ≥ 0 per
//! task, μ_d ≤ 0 per developer; any LP solver works, no dual values are
//! read back), then price: for each developer, a dynamic program over work
//! positions t finds the cheapest *pseudo-sequence* (tasks may repeat, but
//! not twice in a row) ending at each t, with reduced cost
//! Σ (w_j · max(φ_d(t_j), EF_jd) − π_j). Pseudo-sequences include every real
//! sequence, so for every π ≥ 0 the Lagrangian value
//!
//!   L(π) = Σ_j π_j + Σ_d min(0, cheapest reduced cost of d)
//!
//! is a valid lower bound, whether or not the generation has converged; we
//! report the best L seen. At convergence it equals the LP optimum.
//!
//! Durations are counted in a common unit (their greatest common divisor);
//! when positions would be too many the unit grows and durations are rounded
//! *down*, which only moves the positions, and so φ, earlier: still a bound.

use std::time::Instant;

use crate::optimizer::instance::Instance;
use crate::optimizer::lp::CoveringMaster;
use crate::optimizer::schedule::Schedule;

/// Most work positions per developer the pricing walks through.
const MAX_POSITIONS: i64 = 8_000;
/// Subgradient steps before the master LP takes over.
const SUBGRADIENT_STEPS: usize = 100;
/// Weight of the best-bound prices in the point the master prices at.
const SMOOTHING: f64 = 0.5;
/// The generation stops when the bound is this close (relative) to the
/// restricted master's optimum, which no bound of this LP can pass.
const CLOSE_ENOUGH: f64 = 1e-4;

/// One developer's view of the relaxation.
struct DevData {
    /// Developer index.
    d: usize,
    /// φ_d at each position t (business hours), for t = 0..=last.
    phi: Vec<f64>,
    /// Tasks d may take.
    jobs: Vec<Job>,
    /// Where each task is in `jobs` (NONE: d may not take it), so a
    /// sequence of thousands of tasks is costed without searching `jobs`.
    slot: Vec<usize>,
}

/// A task as one developer may do it.
#[derive(Clone, Copy)]
struct Job {
    /// The task.
    j: usize,
    /// Its duration in units.
    p: usize,
    /// EF_jd in business hours.
    ef: f64,
    /// Its weight.
    w: f64,
    /// Its due date in business hours (infinite without one) and what an
    /// hour past it costs.
    due: f64,
    late_w: f64,
    /// What giving it to this developer costs beside its finish (a broken
    /// preference, a move away from the previous plan).
    fixed: f64,
}

impl Job {
    /// What the task costs finishing at position `phi` (business hours),
    /// and never before its earliest finish: f_jd(max(φ, EF_jd)), with
    /// f_jd(C) = w·C + late_w·(C − due)⁺ + fixed, non-decreasing in C.
    fn cost(&self, phi: f64) -> f64 {
        let c = phi.max(self.ef);
        self.w * c + self.late_w * (c - self.due).max(0.0) + self.fixed
    }
}

/// A column: a developer and the tasks of its sequence (with repeats).
struct Column {
    dev: usize,
    tasks: Vec<usize>,
    cost: f64,
}

/// One cell of the pricing table: the cheapest pseudo-sequence ending at a
/// position with a given last task.
#[derive(Clone, Copy)]
struct Cell {
    value: f64,
    last: usize,
    /// Which of the two cells at `t − p_last` it extends.
    from: u8,
}

const NONE: usize = usize::MAX;
const EMPTY: Cell = Cell {
    value: f64::INFINITY,
    last: NONE,
    from: 0,
};

/// The relaxation's data: developers' finish-time tables, tasks in units.
struct Pricer {
    devs: Vec<DevData>,
    /// Tasks with a positive weight, the items of the master.
    jobs: Vec<usize>,
    /// Duration of each task in units.
    units: Vec<usize>,
    /// Scratch table of the dynamic program.
    table: Vec<[Cell; 2]>,
}

impl Pricer {
    /// None when the positions would be too many even with the coarsest
    /// unit that keeps every task at least one unit long.
    fn new(inst: &Instance, jobs: Vec<usize>) -> Option<Pricer> {
        let day = inst.cal.day_minutes;
        // Positions a developer could ever reach: the work it may take,
        // within its calendar.
        let reach = |d: usize| -> i64 {
            let allowed: i64 = jobs
                .iter()
                .filter(|&&j| inst.allowed[j].contains(&d))
                .map(|&j| inst.p[j])
                .sum();
            allowed.min(inst.cal.developers[d].total())
        };
        let max_reach = (0..inst.m()).map(reach).max().unwrap_or(0);
        let min_p = jobs.iter().map(|&j| inst.p[j]).min().unwrap_or(1).max(1);
        let mut unit = jobs.iter().fold(0i64, |g, &j| gcd(g, inst.p[j])).max(1);
        if max_reach / unit > MAX_POSITIONS {
            unit = (max_reach + MAX_POSITIONS - 1) / MAX_POSITIONS;
            if unit > min_p {
                return None;
            }
        }
        let units: Vec<usize> = inst.p.iter().map(|&p| (p / unit) as usize).collect();
        let heads = inst.heads();
        let devs = (0..inst.m())
            .map(|d| {
                let dc = &inst.cal.developers[d];
                let last = (reach(d) / unit) as usize;
                let phi = (0..=last)
                    .map(|t| {
                        dc.end_at(t as i64 * unit, day)
                            .map_or(f64::INFINITY, |c| inst.cal.business_hours(c))
                    })
                    .collect();
                // A task that d could never finish is left out of d's list:
                // no plan gives it to d.
                let jobs: Vec<Job> = jobs
                    .iter()
                    .filter(|&&j| inst.allowed[j].contains(&d))
                    .filter_map(|&j| {
                        let ef = dc.end_at(dc.work_before(heads[j], day) + inst.p[j], day)?;
                        Some(Job {
                            j,
                            p: units[j],
                            ef: inst.cal.business_hours(ef),
                            w: inst.w[j],
                            due: inst.due[j].map_or(f64::INFINITY, |t| inst.cal.business_hours(t)),
                            late_w: inst.late_w[j],
                            fixed: inst.assign_penalty(j, d),
                        })
                    })
                    .collect();
                let mut slot = vec![NONE; inst.n()];
                for (k, e) in jobs.iter().enumerate() {
                    slot[e.j] = k;
                }
                DevData { d, phi, jobs, slot }
            })
            .collect();
        Some(Pricer {
            devs,
            jobs,
            units,
            table: Vec::new(),
        })
    }

    /// c(S) of a sequence on developer `dev` (index into `devs`); infinite
    /// when the developer cannot do it.
    fn cost(&self, dev: usize, tasks: &[usize]) -> f64 {
        let dev = &self.devs[dev];
        let mut t = 0usize;
        let mut cost = 0.0;
        for &j in tasks {
            t += self.units[j];
            let Some(job) = dev.jobs.get(dev.slot[j]) else {
                return f64::INFINITY;
            };
            cost += job.cost(dev.phi.get(t).copied().unwrap_or(f64::INFINITY));
        }
        cost
    }

    /// L(π), and for each developer whose cheapest pseudo-sequence has a
    /// negative reduced cost, that sequence as a column; None when the
    /// deadline came first (L needs every developer's table).
    fn price(&mut self, pi: &[f64], deadline: Instant) -> Option<(f64, Vec<Column>)> {
        let mut lagrangian: f64 = self.jobs.iter().map(|&j| pi[j]).sum();
        let mut found = Vec::new();
        for k in 0..self.devs.len() {
            let mut table = std::mem::take(&mut self.table);
            if !fill(&self.devs[k], pi, &mut table, deadline) {
                self.table = table;
                return None;
            }
            let best = (1..table.len())
                .filter(|&t| table[t][0].value < 0.0)
                .min_by(|&a, &b| table[a][0].value.total_cmp(&table[b][0].value));
            if let Some(t) = best {
                lagrangian += table[t][0].value;
                let tasks = walk_back(&table, t, &self.units);
                let cost = self.cost(k, &tasks);
                found.push(Column {
                    dev: self.devs[k].d,
                    tasks,
                    cost,
                });
            }
            self.table = table;
        }
        Some((lagrangian, found))
    }
}

/// The best lower bound the generation reaches on Σ w_j C_j before
/// `deadline`, and whether the generation converged (the bound is then the
/// LP optimum); None when the instance is too large for the pricing, or
/// nothing could be computed in time.
pub fn bound(inst: &Instance, hint: &Schedule, deadline: Instant) -> Option<(f64, bool)> {
    // Out of time already: its set-up alone takes a tenth of a second on
    // 10,000 tasks, and without steps it bounds nothing.
    if Instant::now() >= deadline {
        return None;
    }
    let n = inst.n();
    // Tasks whose cost can be positive: a weight, a due date or a penalty.
    let counts = |j: usize| inst.w[j] > 0.0 || inst.steered(j);
    let jobs: Vec<usize> = (0..n).filter(|&j| counts(j)).collect();
    if jobs.is_empty() {
        return Some((0.0, true));
    }
    let mut pricer = Pricer::new(inst, jobs.clone())?;
    let hint_cost = |j: usize| {
        inst.w[j] * inst.cal.business_hours(hint.finish[j])
            + inst.late_cost(j, hint.finish[j])
            + hint.dev.get(j).map_or(0.0, |&d| inst.assign_penalty(j, d))
    };

    // First columns: the hint plan's sequences, and every task alone.
    let mut columns: Vec<Column> = Vec::new();
    for k in 0..pricer.devs.len() {
        let d = pricer.devs[k].d;
        let mut mine: Vec<usize> = jobs
            .iter()
            .copied()
            .filter(|&j| hint.dev.get(j) == Some(&d))
            .collect();
        mine.sort_by_key(|&j| (hint.finish[j], j));
        let singles = pricer.devs[k].jobs.iter().map(|e| vec![e.j]);
        for tasks in std::iter::once(mine).chain(singles.collect::<Vec<_>>()) {
            let cost = pricer.cost(k, &tasks);
            if !tasks.is_empty() && cost.is_finite() {
                columns.push(Column {
                    dev: d,
                    tasks,
                    cost,
                });
            }
        }
    }

    // Warm start: subgradient steps on L(π) from each task priced at its
    // cost in the hint plan. They need only the pricing, which is far
    // cheaper than an LP solve; the sequences they meet become columns.
    let mut best = f64::NEG_INFINITY;
    let mut center: Vec<f64> = (0..n)
        .map(|j| if counts(j) { hint_cost(j) } else { 0.0 })
        .collect();
    {
        let upper: f64 = jobs.iter().map(|&j| hint_cost(j)).sum();
        let mut pi = center.clone();
        let mut theta = 1.0;
        let mut stall = 0;
        let mut seen = std::collections::HashSet::new();
        for _ in 0..SUBGRADIENT_STEPS {
            if Instant::now() >= deadline {
                break;
            }
            let Some((lagrangian, found)) = pricer.price(&pi, deadline) else {
                break;
            };
            if lagrangian > best {
                best = lagrangian;
                center.clone_from(&pi);
                stall = 0;
            } else {
                stall += 1;
                if stall >= 10 {
                    theta *= 0.5;
                    stall = 0;
                }
            }
            let mut g = vec![0.0; n];
            for &j in &jobs {
                g[j] = 1.0;
            }
            for c in found {
                for &j in &c.tasks {
                    g[j] -= 1.0;
                }
                if seen.insert((c.dev, c.tasks.clone())) {
                    columns.push(c);
                }
            }
            let norm: f64 = g.iter().map(|x| x * x).sum();
            if norm == 0.0 {
                break;
            }
            let step = theta * (upper - lagrangian).max(upper * 1e-4) / norm;
            for &j in &jobs {
                pi[j] = (pi[j] + step * g[j]).max(0.0);
            }
        }
    }

    // The master, priced at a point between the best-bound prices and the
    // LP's (Wentges smoothing): the LP's duals swing wildly while columns
    // are few. When that point finds nothing the LP's own duals are priced;
    // nothing there means the LP optimum is reached.
    let mut item = vec![usize::MAX; n];
    for (k, &j) in jobs.iter().enumerate() {
        item[j] = k;
    }
    let artificial = columns.iter().map(|c| c.cost).fold(1.0, f64::max) * 10.0;
    let mut master = CoveringMaster::new(jobs.len(), inst.m(), artificial);
    let mut passed = 0;
    let mut converged = false;
    loop {
        let left = (deadline - Instant::now()).as_secs_f64();
        if left <= 0.0 {
            break;
        }
        for c in &columns[passed..] {
            let mut coefs: Vec<(usize, f64)> = Vec::new();
            for &j in &c.tasks {
                match coefs.iter_mut().find(|e| e.0 == item[j]) {
                    Some(e) => e.1 += 1.0,
                    None => coefs.push((item[j], 1.0)),
                }
            }
            master.add_column(c.dev, coefs, c.cost);
        }
        passed = columns.len();
        let Some(prices) = master.solve(left) else {
            break;
        };
        if prices.objective - best <= CLOSE_ENOUGH * prices.objective.abs() {
            converged = true;
            break;
        }
        let mut pi = vec![0.0; n];
        for (k, &j) in jobs.iter().enumerate() {
            pi[j] = prices.items[k];
        }
        let violated = |c: &Column| {
            let reduced =
                c.cost - c.tasks.iter().map(|&j| pi[j]).sum::<f64>() - prices.groups[c.dev];
            reduced < -1e-7 * (1.0 + c.cost.abs())
        };
        let mixed: Vec<f64> = (0..n)
            .map(|j| SMOOTHING * center[j] + (1.0 - SMOOTHING) * pi[j])
            .collect();
        let Some((lagrangian, found)) = pricer.price(&mixed, deadline) else {
            break;
        };
        if lagrangian > best {
            best = lagrangian;
        }
        let before = columns.len();
        columns.extend(found.into_iter().filter(|c| violated(c)));
        if columns.len() == before {
            let Some((lagrangian, found)) = pricer.price(&pi, deadline) else {
                break;
            };
            if lagrangian > best {
                best = lagrangian;
                center = pi.clone();
            }
            columns.extend(found.into_iter().filter(|c| violated(c)));
            if columns.len() == before {
                converged = true;
                break;
            }
        }
    }
    // Sums of floating-point prices: keep a hair below for rounding.
    best.is_finite()
        .then(|| (best - 1e-9 * best.abs(), converged))
}

/// Fills `table[t]` with the two cheapest pseudo-sequences of `dev` ending
/// exactly at position t (distinct last tasks), at prices π; false when the
/// deadline came first.
fn fill(dev: &DevData, pi: &[f64], table: &mut Vec<[Cell; 2]>, deadline: Instant) -> bool {
    let last = dev.phi.len().saturating_sub(1);
    table.clear();
    table.resize(last + 1, [EMPTY, EMPTY]);
    table[0][0] = Cell {
        value: 0.0,
        last: NONE,
        from: 0,
    };
    for t in 1..=last {
        // A position costs one pass over the developer's tasks: with
        // thousands of tasks the table takes seconds, so look at the clock.
        if t % 64 == 0 && Instant::now() >= deadline {
            return false;
        }
        let phi = dev.phi[t];
        if !phi.is_finite() {
            break;
        }
        let mut cells = [EMPTY, EMPTY];
        for job in &dev.jobs {
            let (j, p) = (job.j, job.p);
            if p == 0 || p > t {
                continue;
            }
            let prev = &table[t - p];
            let from = usize::from(prev[0].last == j);
            let base = prev[from];
            if !base.value.is_finite() || base.last == j {
                continue;
            }
            let value = base.value + job.cost(phi) - pi[j];
            insert(
                &mut cells,
                Cell {
                    value,
                    last: j,
                    from: from as u8,
                },
            );
        }
        table[t] = cells;
    }
    true
}

/// Keeps the two cheapest cells with distinct last tasks.
fn insert(cells: &mut [Cell; 2], c: Cell) {
    if c.value < cells[0].value {
        if cells[0].last != c.last {
            cells[1] = cells[0];
        }
        cells[0] = c;
    } else if c.value < cells[1].value && c.last != cells[0].last {
        cells[1] = c;
    }
}

/// The tasks of the cheapest pseudo-sequence ending at `t`, first to last.
fn walk_back(table: &[[Cell; 2]], t: usize, units: &[usize]) -> Vec<usize> {
    let mut tasks = Vec::new();
    let (mut t, mut slot) = (t, 0usize);
    while t > 0 {
        let cell = table[t][slot];
        if cell.last == NONE {
            break;
        }
        tasks.push(cell.last);
        t -= units[cell.last];
        slot = usize::from(cell.from);
    }
    tasks.reverse();
    tasks
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}
