//! Constructive heuristics: priority-rule list scheduling. Tasks are taken one
//! at a time among those whose predecessors are placed, best priority first,
//! and each goes to the allowed developer who would finish it earliest
//! (on ties, the one with the smaller penalty: a `prefer` rule's developer,
//! the previous plan's). In-progress tasks go first.
//!
//! These give the search its starting points and are the fallback plan when
//! the LP is unavailable.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use crate::optimizer::instance::{Instance, Objective};
use crate::optimizer::schedule::{Decoder, Solution};

/// Builds a solution by serial list scheduling: at each step the ready task
/// with the highest `priority` (ties: lower index) goes to the developer
/// finishing it first.
pub fn list_schedule(inst: &Instance, priority: &[f64]) -> Option<Solution> {
    let n = inst.n();
    let day = inst.cal.day_minutes;
    let mut dec = Decoder::new(inst);
    let mut missing: Vec<usize> = inst.preds.iter().map(Vec::len).collect();
    // A heap, not a scan of the ready list: 100,000 independent tasks would
    // make a scan quadratic.
    // In-progress tasks go first, whatever their priority.
    let key = |j: usize| (inst.is_first[j], Key(priority[j]), Reverse(j));
    let mut ready: BinaryHeap<(bool, Key, Reverse<usize>)> =
        (0..n).filter(|&j| missing[j] == 0).map(key).collect();
    let mut finish = vec![0i64; n];
    let mut order = Vec::with_capacity(n);
    let mut assign = vec![0usize; n];
    while let Some((_, _, Reverse(j))) = ready.pop() {
        let release = inst.preds[j].iter().map(|&q| finish[q]).max().unwrap_or(0);
        let mut best: Option<(i64, f64, usize, usize, i64)> = None;
        for &d in &inst.allowed[j] {
            let dc = &inst.cal.developers[d];
            let wr = dc.work_before(release, day);
            let (k, at) = dec.fit(d, wr, inst.p[j]);
            let Some(end) = dc.end_at(at + inst.p[j], day) else {
                continue;
            };
            let penalty = inst.assign_penalty(j, d);
            let better = match best {
                None => true,
                Some((e, u, _, _, _)) => (end, penalty) < (e, u),
            };
            if better {
                best = Some((end, penalty, d, k, at));
            }
        }
        let (end, _, d, k, at) = best?;
        dec.commit(d, k, at, inst.p[j]);
        finish[j] = end;
        assign[j] = d;
        order.push(j);
        for &s in &inst.succs[j] {
            missing[s] -= 1;
            if missing[s] == 0 {
                ready.push(key(s));
            }
        }
    }
    (order.len() == n).then_some(Solution { order, assign })
}

/// A priority as a heap key: higher first, every NaN equal to every value
/// (so the task index decides, as it does for equal priorities), and -0.0
/// equal to 0.0.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key(pub(crate) f64);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        self.0.partial_cmp(&other.0).unwrap_or(Ordering::Equal)
    }
}

/// The priority rules worth trying for the instance's objective, each a
/// priority value per task (higher goes first).
pub fn priority_rules(inst: &Instance) -> Vec<Vec<f64>> {
    let n = inst.n();
    let tails = inst.tails();
    // A task that blocks heavier work inherits its weight.
    let mut eff_w = inst.w.clone();
    for &j in inst.topo.iter().rev() {
        for &s in &inst.succs[j] {
            eff_w[j] = eff_w[j].max(eff_w[s]);
        }
    }
    // Weight of everything a task blocks, itself included.
    let mut chain_w = inst.w.clone();
    for &j in inst.topo.iter().rev() {
        for &s in &inst.succs[j] {
            chain_w[j] += chain_w[s];
        }
    }
    let p = |j: usize| inst.p[j] as f64;
    let flexibility = |j: usize| inst.allowed[j].len() as f64;
    let mut rules: Vec<Vec<f64>> = Vec::new();
    match inst.objective {
        Objective::Weighted => {
            rules.push((0..n).map(|j| eff_w[j] / p(j)).collect());
            rules.push((0..n).map(|j| chain_w[j] / p(j)).collect());
            rules.push((0..n).map(|j| eff_w[j] * 1e6 + tails[j] as f64).collect());
            rules.push(
                (0..n)
                    .map(|j| eff_w[j] / p(j) * 1e3 - flexibility(j))
                    .collect(),
            );
        }
        Objective::Makespan => {
            rules.push((0..n).map(|j| tails[j] as f64).collect());
            rules.push(
                (0..n)
                    .map(|j| tails[j] as f64 - flexibility(j) * 1e-3)
                    .collect(),
            );
            rules.push((0..n).map(|j| tails[j] as f64 / flexibility(j)).collect());
            rules.push(
                (0..n)
                    .map(|j| tails[j] as f64 + inst.succs[j].len() as f64 * p(j))
                    .collect(),
            );
        }
    }
    // File order, as a neutral baseline.
    rules.push((0..n).map(|j| -(j as f64)).collect());
    rules
}
