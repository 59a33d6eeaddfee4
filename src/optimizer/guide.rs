//! The time-bucketed LP that decides who does what, and roughly when.
//!
//! Time is cut into buckets of whole business days. Variables x[j,d,b] ≥ 0
//! are the hours developer d works on task j in bucket b. Constraints: each
//! task gets all its hours; no developer works more in a bucket than their
//! calendar gives them there; a task is never further along (as a share of
//! its hours) than any of its predecessors at the end of the same bucket; no
//! work before a task's earliest start. The objective charges each share of
//! a task at the end of its bucket times its weight (for the makespan: its
//! remaining chain), plus the prefer penalty for work given to a developer a
//! `prefer` rule does not name.
//!
//! The fractional plan is then rounded: each task goes to the developer who
//! does most of it, and tasks are ordered by the LP's mean finish (an
//! "alpha point"). The exact schedule of that order is built by the decoder;
//! local search takes it from there.

use good_lp::{variable, Expression, ProblemVariables, Variable};

use crate::calendar::minutes_to_hours;
use crate::optimizer::instance::{Instance, Objective};
use crate::optimizer::schedule::Solution;
use crate::optimizer::{construct, lp};

/// Largest LP built, in variables.
const MAX_VARIABLES: usize = 80_000;

/// Builds the LP-guided solution; None when the LP is too large, times out,
/// or no construction exists to size its horizon.
pub fn lp_guided(inst: &Instance, time_limit: f64) -> Option<Solution> {
    let n = inst.n();
    if n == 0 || time_limit <= 0.01 {
        return None;
    }
    let per_task: usize = inst.allowed.iter().map(Vec::len).sum();
    if per_task > MAX_VARIABLES {
        // Too large with a single bucket: do not build the plan that
        // would size its horizon.
        return None;
    }
    let day = inst.cal.day_minutes;
    let hpd = inst.cal.calendar.hours_per_day;
    // Horizon: the first priority rule's plan, with room to spare.
    let rules = construct::priority_rules(inst);
    let first = construct::list_schedule(inst, rules.first()?)?;
    let mut dec = crate::optimizer::schedule::Decoder::new(inst);
    let mut sched = crate::optimizer::schedule::Schedule::default();
    if !dec.decode(inst, &first, &mut sched) {
        return None;
    }
    let last_day = (sched.finish.iter().copied().max()? / day) as usize + 1;
    let horizon_days = (last_day + last_day / 4 + 1).min(inst.cal.horizon_days());
    // Bucket length in days: as fine as the variable budget allows.
    let mut k = 1usize;
    while per_task * horizon_days.div_ceil(k) > MAX_VARIABLES / 2 && k < horizon_days {
        k += 1;
    }
    let buckets = horizon_days.div_ceil(k);
    if per_task * buckets > MAX_VARIABLES {
        return None;
    }
    let cap = |d: usize, b: usize| -> f64 {
        let dc = &inst.cal.developers[d];
        let lo = (b * k).min(dc.cap.len());
        let hi = ((b + 1) * k).min(dc.cap.len());
        minutes_to_hours(dc.cum[hi] - dc.cum[lo])
    };
    let heads = inst.heads();
    let tails = inst.tails();
    let total: f64 = inst.p.iter().map(|&p| minutes_to_hours(p)).sum();
    let weight = |j: usize| match inst.objective {
        Objective::Weighted => inst.w[j],
        Objective::Makespan => 1.0 + minutes_to_hours(tails[j]) / total.max(1.0) * n as f64,
    };
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::default();
    // x[j] = list of (d, b, var)
    let mut x: Vec<Vec<(usize, usize, Variable)>> = Vec::with_capacity(n);
    let mut load: Vec<Vec<Option<Expression>>> = vec![vec![None; buckets]; inst.m()];
    for j in 0..n {
        let p = minutes_to_hours(inst.p[j]);
        let first_bucket = ((heads[j] / day) as usize / k).min(buckets - 1);
        let mut xs = Vec::new();
        for &d in &inst.allowed[j] {
            let penalty = inst.assign_penalty(j, d);
            for b in first_bucket..buckets {
                if cap(d, b) <= 0.0 {
                    continue;
                }
                let v = vars.add(variable().min(0.0));
                let end = ((b + 1) * k) as f64 * hpd;
                let c = weight(j) * end / p + penalty / p;
                objective += c * v;
                *load[d][b].get_or_insert_with(Expression::default) += v;
                xs.push((d, b, v));
            }
        }
        if xs.is_empty() {
            return None;
        }
        x.push(xs);
    }
    let mut constraints = Vec::new();
    for (j, xs) in x.iter().enumerate() {
        let sum: Expression = xs.iter().map(|&(_, _, v)| v).sum();
        constraints.push(sum.eq(minutes_to_hours(inst.p[j])));
    }
    for (d, per_bucket) in load.into_iter().enumerate() {
        for (b, e) in per_bucket.into_iter().enumerate() {
            if let Some(e) = e {
                constraints.push(e.leq(cap(d, b)));
            }
        }
    }
    // Progress of j by the end of bucket b ≤ progress of each predecessor.
    for j in 0..n {
        for &i in &inst.preds[j] {
            let (pj, pi) = (minutes_to_hours(inst.p[j]), minutes_to_hours(inst.p[i]));
            for b in 0..buckets {
                if !x[j].iter().any(|&(_, bb, _)| bb <= b) {
                    continue;
                }
                let done_j: Expression = x[j]
                    .iter()
                    .filter(|&&(_, bb, _)| bb <= b)
                    .map(|&(_, _, v)| v * (1.0 / pj))
                    .sum();
                let done_i: Expression = x[i]
                    .iter()
                    .filter(|&&(_, bb, _)| bb <= b)
                    .map(|&(_, _, v)| v * (1.0 / pi))
                    .sum();
                constraints.push(done_j.leq(done_i));
            }
        }
    }
    let wanted: Vec<Variable> = x.iter().flatten().map(|&(_, _, v)| v).collect();
    let sol = lp::minimise(vars, objective, constraints, &wanted, time_limit)?;
    // Round: majority developer, and the mean finish as the order key.
    let mut assign = vec![0usize; n];
    let mut key = vec![0.0f64; n];
    let mut at = 0;
    for (j, xs) in x.iter().enumerate() {
        let p = minutes_to_hours(inst.p[j]);
        let mut by_dev: Vec<(usize, f64)> = inst.allowed[j].iter().map(|&d| (d, 0.0)).collect();
        let mut mean = 0.0;
        for &(d, b, _) in xs {
            let v = sol.values[at].max(0.0);
            at += 1;
            if let Some(e) = by_dev.iter_mut().find(|e| e.0 == d) {
                e.1 += v;
            }
            mean += v / p * ((b + 1) * k) as f64;
        }
        assign[j] = by_dev
            .iter()
            .fold((inst.allowed[j][0], -1.0), |best, &(d, v)| {
                if v > best.1 + 1e-9 {
                    (d, v)
                } else {
                    best
                }
            })
            .0;
        // Earlier mean finish first; among equals, the heavier per hour.
        key[j] = -mean + 1e-6 * weight(j) / p;
    }
    Some(Solution {
        order: topological_by(inst, &key),
        assign,
    })
}

/// Tasks in an order that keeps predecessors first, highest key first among
/// the ready ones.
pub fn topological_by(inst: &Instance, key: &[f64]) -> Vec<usize> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let n = inst.n();
    let mut missing: Vec<usize> = inst.preds.iter().map(Vec::len).collect();
    let entry = |j: usize| (construct::Key(key[j]), Reverse(j));
    let mut ready: BinaryHeap<_> = (0..n).filter(|&j| missing[j] == 0).map(entry).collect();
    let mut order = Vec::with_capacity(n);
    while let Some((_, Reverse(j))) = ready.pop() {
        order.push(j);
        for &s in &inst.succs[j] {
            missing[s] -= 1;
            if missing[s] == 0 {
                ready.push(entry(s));
            }
        }
    }
    order
}
