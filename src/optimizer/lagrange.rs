//! The time-indexed bound of `indexed.rs` for backlogs too large for its
//! LP: the same relaxation, less the group delay rows, with its coupling
//! rows priced by Lagrange multipliers instead of solved together.
//! docs/optimizer.md gives the argument; in short, the relaxation is: for
//! each task j, x_jb ≥ 0 hours in each bucket b (within what j's allowed
//! developers' spans hold there, none before j's earliest start), Σ_b
//! x_jb = p_j, within-bucket delays z_jb ≥ A_j(x_jb) (by tangents), M_j =
//! Σ_b (T_b·x_jb + z_jb) / p_j, C_j ≥ M_j + h_j and C_j ≥ EF_j; coupling
//! them, each group S of developers holds the tasks only S may take in
//! each bucket (λ_Sb ≥ 0), and C_j ≥ C_i + ā_j(p_j) for each predecessor
//! i (μ_ij ≥ 0).
//!
//! With the coupling rows priced, each task is on its own: the cheapest
//! pieces of its buckets by α_j/p_j·(T_b + delay slope) + Σ_S λ_Sb,
//! filled in that order, where α_j = w_j + Σ_k μ_jk − Σ_i μ_ij is what a
//! business hour of C_j costs (kept ≥ 0). Weak duality makes L(λ, μ) =
//! Σ_j task_j − Σ λ·capacity + Σ μ·ā a lower bound for ANY multipliers:
//! the subgradient steps only decide how good it is, never whether it
//! holds.

use std::time::Instant;

use rayon::prelude::*;

use crate::optimizer::indexed::{Frame, Pace};
use crate::optimizer::instance::Instance;
use crate::optimizer::schedule::Schedule;

/// The step's scale halves after this many steps without a better bound.
const PATIENCE: usize = 20;

/// Seconds one piece of one task's answer takes on one thread (measured
/// about 13.5 ns; 6-7.5 on 2 cores). The steps are sized for the threads
/// the run has, counted up to [`MEASURED_THREADS`], so they fit their time
/// and the bound depends on the input, the limit and the number of threads,
/// not on how fast the run goes (a run cut by the deadline would).
const SECONDS_PER_PIECE: f64 = 16e-9;

/// The most threads the steps are sized for: the speed-up was measured on
/// 2 cores only; a machine with more ends the steps early.
const MEASURED_THREADS: usize = 2;

/// The steps the buckets are sized for, and the most taken.
const STEPS_WANTED: f64 = 600.0;
const MAX_STEPS: usize = 20_000;

/// The bound sized for `seconds` (its buckets and number of steps depend
/// on the input and `seconds` only, so one input gives one bound, unless
/// `deadline` comes first), or None when there is nothing to bound.
/// `ef`: each task's earliest finish in business hours; `penalties`: the
/// part of the cost outside the relaxation (each task's cheapest
/// developer penalty), added; `hint`: a good plan, which sets where the
/// buckets end and the step sizes.
pub fn bound(
    inst: &Instance,
    ef: &[f64],
    penalties: f64,
    hint: &Schedule,
    seconds: f64,
    deadline: Instant,
) -> Option<f64> {
    let n = inst.n();
    if n == 0 || seconds <= 0.0 || Instant::now() >= deadline {
        return None;
    }
    let threads = rayon::current_num_threads().clamp(1, MEASURED_THREADS);
    let per_piece = SECONDS_PER_PIECE / threads as f64;
    // Buckets: as many as leave time for the steps wanted.
    let per_task = seconds / (STEPS_WANTED * n as f64 * 3.0 * per_piece);
    let mut dual = Dual::new(inst, hint, per_task.clamp(6.0, 2000.0) as usize);
    let pieces: usize = dual
        .frame
        .first
        .iter()
        .map(|&f| 3 * (dual.frame.k() - f))
        .sum();
    let iterations = ((seconds / (pieces as f64 * per_piece)) as usize).min(MAX_STEPS);
    let upper: f64 = (0..n)
        .map(|j| inst.w[j] * inst.cal.business_hours(hint.finish[j]))
        .sum();
    let mut best = f64::NEG_INFINITY;
    let mut scale: f64 = 1.0;
    let mut since = 0;
    let mut done: usize = 0;
    for _ in 0..iterations {
        if Instant::now() >= deadline {
            break;
        }
        let value = dual.evaluate(inst, ef);
        done += 1;
        if value > best * (1.0 + 1e-6) || best == f64::NEG_INFINITY {
            since = 0;
        } else {
            since += 1;
            if since >= PATIENCE {
                scale /= 2.0;
                since = 0;
            }
        }
        best = best.max(value);
        if scale < 1e-6 || !dual.step(inst, scale * (upper - value).max(1e-9 * upper)) {
            break;
        }
    }
    if std::env::var_os("SPRINTCAST_TRACE").is_some() {
        eprintln!(
            "trace: lagrangian: {} buckets, {done} of {iterations} steps",
            dual.frame.k()
        );
    }
    // Rounding: the sums may sit a hair above the exact ones.
    best.is_finite()
        .then_some(best - 1e-9 * best.abs() - 1e-6 + penalties)
}

/// The Lagrangian dual: the relaxation's data, the multipliers and the
/// tasks' last answers.
struct Dual {
    /// The buckets and the classes of tasks; the last bucket is
    /// open-ended (no capacity row).
    frame: Frame,
    /// What one task of a class may be worked in each bucket (hours).
    rate: Vec<Vec<f64>>,
    /// What each task may be worked in its first bucket.
    first_most: Vec<f64>,
    /// Each class's delay pieces over a whole bucket.
    cut: Vec<Vec<[(f64, f64); 3]>>,
    /// Per task: hours, h_j (C_j ≥ M_j + h_j) and ā_j(p_j).
    hours: Vec<f64>,
    tail: Vec<f64>,
    lag: Vec<f64>,
    /// Groups of developers: each class's, and the whole team; the hours
    /// each holds in each bucket; the groups holding each class's tasks.
    capacity: Vec<Vec<f64>>,
    groups_of: Vec<Vec<usize>>,
    /// Dependencies (i, j) and, per task, the indices of those into it
    /// and out of it; open tasks, predecessors first.
    arcs: Vec<(usize, usize)>,
    into: Vec<Vec<usize>>,
    out_of: Vec<Vec<usize>>,
    topo: Vec<usize>,
    /// Multipliers: λ per group and bucket, μ per dependency.
    lambda: Vec<Vec<f64>>,
    mu: Vec<f64>,
    /// The tasks' last answers: finish C_j and each group's use of each
    /// bucket.
    finish: Vec<f64>,
    used: Vec<Vec<f64>>,
}

impl Dual {
    fn new(inst: &Instance, hint: &Schedule, per_task: usize) -> Dual {
        let n = inst.n();
        let frame = Frame::new(inst, hint, per_task.saturating_mul(n), &[8, 4, 2, 1]);
        let k = frame.k();
        let rate = frame.rates(inst);
        let hours: Vec<f64> = inst.p.iter().map(|&p| p as f64 / 60.0).collect();
        let first_most = (0..n)
            .map(|j| {
                if frame.first[j] + 1 == k {
                    hours[j]
                } else {
                    frame.first_most(inst, j, hours[j])
                }
            })
            .collect();
        let pace_of = |j: usize| frame.paces[frame.class_of[j]];
        let tail = (0..n)
            .map(|j| pace_of(j).area(hours[j]) / hours[j].max(1e-9))
            .collect();
        let lag = (0..n).map(|j| pace_of(j).delay(hours[j])).collect();
        let groups = frame.groups(inst);
        let capacity: Vec<Vec<f64>> = groups
            .iter()
            .map(|g| (0..k - 1).map(|b| frame.capacity(inst, g, b)).collect())
            .collect();
        let groups_of = frame
            .classes
            .iter()
            .map(|c| {
                (0..groups.len())
                    .filter(|&g| c.iter().all(|d| groups[g].binary_search(d).is_ok()))
                    .collect()
            })
            .collect();
        let mut arcs = Vec::new();
        let mut into = vec![Vec::new(); n];
        let mut out_of = vec![Vec::new(); n];
        for j in 0..n {
            for &i in &inst.preds[j] {
                into[j].push(arcs.len());
                out_of[i].push(arcs.len());
                arcs.push((i, j));
            }
        }
        let cut = frame
            .paces
            .iter()
            .zip(&rate)
            .map(|(pace, r)| r.iter().map(|&most| pieces(pace, most)).collect())
            .collect();
        Dual {
            frame,
            rate,
            first_most,
            hours,
            tail,
            lag,
            cut,
            lambda: vec![vec![0.0; k - 1]; groups.len()],
            used: vec![vec![0.0; k - 1]; groups.len()],
            capacity,
            groups_of,
            mu: vec![0.0; arcs.len()],
            arcs,
            into,
            out_of,
            topo: inst.topo.clone(),
            finish: vec![0.0; n],
        }
    }

    /// What a business hour of task j's finish costs under μ.
    fn alpha(&self, inst: &Instance, j: usize) -> f64 {
        inst.w[j] + self.out_of[j].iter().map(|&a| self.mu[a]).sum::<f64>()
            - self.into[j].iter().map(|&a| self.mu[a]).sum::<f64>()
    }

    /// L(λ, μ): every task's cheapest answer under the multipliers, less
    /// the capacity priced, plus the dependencies' lags priced. Keeps the
    /// answers for the step.
    fn evaluate(&mut self, inst: &Instance, ef: &[f64]) -> f64 {
        let k = self.frame.k();
        let classes = self.rate.len();
        // Each class's price of a bucket: the groups holding it.
        let price: Vec<Vec<f64>> = (0..classes)
            .map(|c| {
                (0..k)
                    .map(|b| {
                        if b + 1 == k {
                            0.0
                        } else {
                            self.groups_of[c].iter().map(|&g| self.lambda[g][b]).sum()
                        }
                    })
                    .collect()
            })
            .collect();
        // The tasks answer on their own (in parallel, in a fixed order,
        // so the sums do not depend on the threads).
        let answers: Vec<Answer> = (0..inst.n())
            .into_par_iter()
            .map_init(
                || Vec::with_capacity(3 * k),
                |scratch, j| self.answer(inst, ef, &price, j, scratch),
            )
            .collect();
        for row in &mut self.used {
            row.iter_mut().for_each(|u| *u = 0.0);
        }
        let mut total = 0.0;
        for (j, a) in answers.iter().enumerate() {
            total += a.value;
            self.finish[j] = a.finish;
            for &(b, x) in &a.work {
                if b + 1 < k {
                    for &g in &self.groups_of[self.frame.class_of[j]] {
                        self.used[g][b] += x;
                    }
                }
            }
        }
        for (g, row) in self.lambda.iter().enumerate() {
            total -= row
                .iter()
                .zip(&self.capacity[g])
                .map(|(l, cap)| l * cap)
                .sum::<f64>();
        }
        total += self
            .arcs
            .iter()
            .zip(&self.mu)
            .map(|(&(_, j), m)| m * self.lag[j])
            .sum::<f64>();
        total
    }

    /// Task j's cheapest answer under the bucket prices and its α: its
    /// work by bucket, its finish and what it costs.
    fn answer(
        &self,
        inst: &Instance,
        ef: &[f64],
        price: &[Vec<f64>],
        j: usize,
        order: &mut Vec<Piece>,
    ) -> Answer {
        let k = self.frame.k();
        let c = self.frame.class_of[j];
        let p = self.hours[j];
        let alpha = self.alpha(inst, j).max(0.0);
        if p <= 0.0 {
            return Answer {
                value: alpha * ef[j],
                finish: ef[j],
                work: Vec::new(),
            };
        }
        let pace = self.frame.paces[c];
        order.clear();
        let unit = alpha / p;
        for b in self.frame.first[j]..k {
            let most = if b == self.frame.first[j] {
                self.first_most[j]
            } else if b + 1 == k {
                p
            } else {
                self.rate[c][b].min(p)
            };
            let cut = if b + 1 < k && b != self.frame.first[j] && most == self.rate[c][b] {
                self.cut[c][b]
            } else {
                pieces(&pace, most)
            };
            let mut from = 0.0;
            for (upto, slope) in cut {
                if upto > from {
                    order.push(Piece {
                        cost: unit * (self.frame.bh[b] + slope) + price[c][b],
                        b,
                        room: upto - from,
                        slope,
                    });
                }
                from = upto;
            }
        }
        // The cheapest pieces first: only the first few are needed.
        let mut heap = std::collections::BinaryHeap::from(std::mem::take(order));
        let mut left = p;
        let mut busy = 0.0;
        let mut priced = 0.0;
        let mut work: Vec<(usize, f64)> = Vec::new();
        while left > 0.0 {
            let Some(Piece { b, room, slope, .. }) = heap.pop() else {
                break;
            };
            let x = room.min(left);
            left -= x;
            busy += (self.frame.bh[b] + slope) * x;
            priced += price[c][b] * x;
            match work.last_mut() {
                Some((last, sum)) if *last == b => *sum += x,
                _ => work.push((b, x)),
            }
        }
        *order = heap.into_vec();
        let on_time = busy / p + self.tail[j];
        Answer {
            value: (alpha * on_time + priced).max(alpha * ef[j]),
            finish: on_time.max(ef[j]),
            work,
        }
    }

    /// One projected subgradient step of Polyak's length `target` / ‖g‖²;
    /// false when the answers break no coupling row (then nothing moves).
    fn step(&mut self, inst: &Instance, target: f64) -> bool {
        let mut norm = 0.0;
        let cap_g = |l: f64, used: f64, cap: f64| {
            let g = used - cap;
            if l <= 0.0 && g < 0.0 {
                0.0
            } else {
                g
            }
        };
        for (g, row) in self.lambda.iter().enumerate() {
            for (b, &l) in row.iter().enumerate() {
                let s = cap_g(l, self.used[g][b], self.capacity[g][b]);
                norm += s * s;
            }
        }
        let arc_g: Vec<f64> = self
            .arcs
            .iter()
            .zip(&self.mu)
            .map(|(&(i, j), &m)| {
                let g = self.finish[i] + self.lag[j] - self.finish[j];
                if m <= 0.0 && g < 0.0 {
                    0.0
                } else {
                    g
                }
            })
            .collect();
        norm += arc_g.iter().map(|g| g * g).sum::<f64>();
        if norm <= 0.0 {
            return false;
        }
        let t = target / norm;
        for (g, row) in self.lambda.iter_mut().enumerate() {
            for (b, l) in row.iter_mut().enumerate() {
                let s = cap_g(*l, self.used[g][b], self.capacity[g][b]);
                *l = (*l + t * s).max(0.0);
            }
        }
        for (m, g) in self.mu.iter_mut().zip(&arc_g) {
            *m = (*m + t * g).max(0.0);
        }
        // α_j ≥ 0: from the last task back, a task whose dependencies'
        // multipliers outweigh it has them scaled down (its successors'
        // are final by then).
        for idx in (0..self.topo.len()).rev() {
            let j = self.topo[idx];
            let incoming: f64 = self.into[j].iter().map(|&a| self.mu[a]).sum();
            let allowed = inst.w[j] + self.out_of[j].iter().map(|&a| self.mu[a]).sum::<f64>();
            if incoming > allowed && incoming > 0.0 {
                let f = allowed / incoming;
                for &a in &self.into[j] {
                    self.mu[a] *= f;
                }
            }
        }
        true
    }
}

/// The delays of up to `most` hours of one task in one bucket, after the
/// bucket's start: z ≥ A(x) (the q-th hour ends no earlier than ā(q) in),
/// taken as the upper envelope of 0 and A's tangents at `most`/2 and
/// `most` (each below A, which is convex). As pieces of x: (up to, z's
/// slope there), slopes rising.
fn pieces(pace: &Pace, most: f64) -> [(f64, f64); 3] {
    if most <= 0.0 {
        return [(0.0, 0.0); 3];
    }
    let line = |x0: f64| {
        let slope = pace.delay(x0);
        (slope, pace.area(x0) - slope * x0)
    };
    let (s1, c1) = line(most / 2.0);
    let (s2, c2) = line(most);
    // Where the first tangent rises above 0, and the second above it.
    let b1 = if s1 > 0.0 {
        (-c1 / s1).clamp(0.0, most)
    } else {
        most
    };
    let b2 = if s2 > s1 {
        ((c1 - c2) / (s2 - s1)).clamp(b1, most)
    } else {
        most
    };
    [(b1, 0.0), (b2, s1), (most, s2)]
}

/// A task's answer to the prices: what it costs, its finish and its
/// hours by bucket.
struct Answer {
    value: f64,
    finish: f64,
    work: Vec<(usize, f64)>,
}

/// A piece of a bucket a task may be worked in, cheapest first in a heap.
struct Piece {
    cost: f64,
    b: usize,
    room: f64,
    slope: f64,
}

impl PartialEq for Piece {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Piece {}

impl PartialOrd for Piece {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Piece {
    /// Reversed: the heap's top is the cheapest (then the earliest bucket,
    /// then the lowest slope).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .cost
            .total_cmp(&self.cost)
            .then(other.b.cmp(&self.b))
            .then(other.slope.total_cmp(&self.slope))
    }
}
