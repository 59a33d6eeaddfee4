//! Lagrangian lower bound for Σ w_j C_j (van den Akker, Hoogeveen and van de
//! Velde's bound for parallel machines, with calendars and eligibility).
//!
//! Relax "each task goes to exactly one developer" with multipliers λ_j.
//! What is left splits by developer: each one picks any subset of the tasks
//! they may take, pays for each the weighted finish it would have in their
//! own sequence minus λ_j, and the bound is Σ λ_j plus the sum of the
//! developers' minima. Any λ gives a valid bound (weak duality); subgradient
//! steps search for a good one.
//!
//! A developer's finish-time function (work hours → business hours) is a
//! sawtooth; each (developer, task) pair is charged along a line under it,
//! w_j·(a·W + b) with W the developer's work when the task ends. With linear
//! costs, Smith's rule (ratio w_j·a / p_j, largest first) orders any subset
//! optimally, so a knapsack-style dynamic program over the work done so far
//! solves each developer's subproblem exactly. A task's earliest finish (from
//! its dependencies) enters as one more line, the constant EF_j. Capacity
//! limits are relaxed away, which only lowers the bound.
//!
//! Processing times are counted in a common unit; when the sums would make
//! the tables too large the unit grows and times are rounded *down*, which
//! keeps the bound valid.

use std::time::Instant;

use crate::calendar::minutes_to_hours;
use crate::optimizer::instance::Instance;

/// Largest table per developer (cells) before the time unit grows.
const MAX_UNITS: i64 = 4_000;

/// The best Lagrangian bound found for Σ weights_j · C_j.
///
/// `lines[d]` are the lines (a, b) under developer d's finish-time function
/// that may be used; `w_est[j][k]` the work (hours) at which task j would end
/// on its k-th allowed developer, used only to pick the tightest line.
// The inputs are the bound's own data, computed once by the caller for all
// priority levels; a struct holding them would only be unpacked again here.
#[allow(clippy::too_many_arguments)]
pub fn bound(
    inst: &Instance,
    weights: &[f64],
    lines: &[Vec<(f64, f64)>],
    w_est: &dyn Fn(usize, usize) -> f64,
    release: &[f64],
    upper: f64,
    deadline: Instant,
    max_iterations: usize,
) -> f64 {
    let n = inst.n();
    let m = inst.m();
    let jobs: Vec<usize> = (0..n).filter(|&j| weights[j] > 0.0).collect();
    if jobs.is_empty() {
        return 0.0;
    }
    let total: i64 = jobs.iter().map(|&j| inst.p[j]).sum();
    let mut unit = jobs.iter().fold(0i64, |g, &j| gcd(g, inst.p[j])).max(1);
    if total / unit > MAX_UNITS {
        unit = (total + MAX_UNITS - 1) / MAX_UNITS;
    }
    let unit_hours = minutes_to_hours(unit);
    let p_units: Vec<i64> = (0..n).map(|j| inst.p[j] / unit).collect();
    // Per developer: (task, α = w·a, β = w·b), in Smith order.
    let mut per_dev: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new(); m];
    for &j in &jobs {
        for &d in &inst.allowed[j] {
            let west = w_est(j, d);
            // C_j ≥ θ·(a·W + b) + (1 − θ)·release_j for any θ in [0, 1] is
            // still linear in W; θ = 0 (the earliest finish alone) wins for
            // tasks that wait on others longer than their place in line.
            let line = lines[d]
                .iter()
                .copied()
                .max_by(|x, y| (x.0 * west + x.1).total_cmp(&(y.0 * west + y.1)))
                .unwrap_or((1.0, 0.0));
            // On a tie the sloped line wins: it also charges the tasks after j.
            let (a, b) = if release[j] > line.0 * west + line.1 + 1e-9 {
                (0.0, release[j])
            } else {
                line
            };
            per_dev[d].push((j, weights[j] * a, weights[j] * b));
        }
    }
    for list in &mut per_dev {
        list.sort_by(|x, y| {
            let rx = x.1 / (p_units[x.0].max(0) as f64 + 1e-12);
            let ry = y.1 / (p_units[y.0].max(0) as f64 + 1e-12);
            ry.total_cmp(&rx).then(x.0.cmp(&y.0))
        });
    }
    // Start: each task's price is its cost done first by its cheapest developer.
    let mut lambda = vec![0.0f64; n];
    for &j in &jobs {
        lambda[j] = per_dev
            .iter()
            .flat_map(|l| l.iter().filter(|e| e.0 == j))
            .map(|&(_, alpha, beta)| alpha * p_units[j] as f64 * unit_hours + beta)
            .fold(f64::INFINITY, f64::min);
        if !lambda[j].is_finite() {
            lambda[j] = 0.0;
        }
    }
    let mut best = f64::NEG_INFINITY;
    let mut theta = 1.0;
    let mut since_best = 0;
    let mut count = vec![0i32; n];
    let mut tables = DevTables::default();
    for _ in 0..max_iterations {
        if Instant::now() >= deadline {
            break;
        }
        count.iter_mut().for_each(|c| *c = 0);
        let mut value: f64 = jobs.iter().map(|&j| lambda[j]).sum();
        for list in &per_dev {
            value += tables.solve(list, &p_units, unit_hours, &lambda, &mut count);
        }
        if value > best + 1e-9 {
            best = value;
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= 15 {
                theta *= 0.5;
                since_best = 0;
            }
        }
        let norm: f64 = jobs.iter().map(|&j| f64::from(1 - count[j]).powi(2)).sum();
        if norm == 0.0 || theta < 1e-4 {
            break;
        }
        let step = theta * (upper - value).max(upper * 1e-4) / norm;
        for &j in &jobs {
            lambda[j] += step * f64::from(1 - count[j]);
        }
    }
    best
}

/// Scratch tables for the per-developer dynamic program.
#[derive(Default)]
struct DevTables {
    cost: Vec<f64>,
    take: Vec<bool>,
}

impl DevTables {
    /// min over subsets of Σ (α_j·(a·W_j) + β_j − λ_j) in Smith order, W_j the
    /// work up to and including j; marks the chosen tasks in `count`.
    fn solve(
        &mut self,
        list: &[(usize, f64, f64)],
        p: &[i64],
        unit_hours: f64,
        lambda: &[f64],
        count: &mut [i32],
    ) -> f64 {
        if list.is_empty() {
            return 0.0;
        }
        let cap: usize = list.iter().map(|e| p[e.0] as usize).sum::<usize>() + 1;
        let k = list.len();
        self.cost.clear();
        self.cost.resize(cap, f64::INFINITY);
        self.cost[0] = 0.0;
        self.take.clear();
        self.take.resize(k * cap, false);
        let mut reach = 0usize;
        for (i, &(j, alpha, beta)) in list.iter().enumerate() {
            let pj = p[j] as usize;
            let row = &mut self.take[i * cap..(i + 1) * cap];
            let price = beta - lambda[j];
            // Descending so each task is taken at most once (0/1 knapsack).
            for t in (0..=reach).rev() {
                let c = self.cost[t];
                if !c.is_finite() {
                    continue;
                }
                let end = t + pj;
                let cand = c + alpha * end as f64 * unit_hours + price;
                if pj == 0 {
                    if cand < c {
                        self.cost[t] = cand;
                        row[t] = true;
                    }
                } else if cand < self.cost[end] {
                    self.cost[end] = cand;
                    row[end] = true;
                }
            }
            reach += pj;
        }
        let (mut t, best) = self.cost.iter().enumerate().take(reach + 1).fold(
            (0usize, f64::INFINITY),
            |acc, (t, &c)| if c < acc.1 { (t, c) } else { acc },
        );
        // Walk back through the choices.
        for i in (0..k).rev() {
            let (j, _, _) = list[i];
            if self.take[i * cap + t] {
                count[j] += 1;
                t -= p[j] as usize;
            }
        }
        best
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}
