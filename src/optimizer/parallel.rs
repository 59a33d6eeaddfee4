//! The parallel-machine bound on Σ w·C of Eastman, Even and Isaacs (1964),
//! generalised to developers of unequal capacity with their own calendars,
//! and to groups of tasks only some developers may take. docs/optimizer.md
//! gives the argument; in short:
//!
//! Measure time by the team's work: u = R(t), the working minutes the
//! developers of a group G can have done by clock time t. In u the group is
//! one machine of speed 1 (no more work than u is done by u), so the mean
//! busy times M_j of any set of tasks obey the single-machine inequalities
//! Σ_A p_j·M_j ≥ p(A)²/2, and Σ w_j·M_j is least in Smith's order (w/p
//! descending), where M_j = P_j − p_j/2 (P_j: the work up to and including j
//! in that order). A task is done by one developer, who is at most a share
//! σ of the group's working rate at any moment, so it spans at least p_j/σ
//! of u and ends at U_j ≥ M_j + p_j/(2σ). Hence
//!
//!   Σ w_j·U_j ≥ L = Σ w_j·(P_j + p_j·(1/(2σ) − 1/2)).
//!
//! A task ending at clock time C has U = R(C) and finishes at business
//! hours g(U) or later, g(u) being the first business time the group has
//! done u minutes of work. With ğ the lower convex envelope of g (convex,
//! non-decreasing), Σ w_j·C_j ≥ Σ w_j·ğ(U_j) ≥ W·ğ(L/W) by Jensen, W = Σ w.
//! On m identical full-time developers this is EEI's (1/m)·F₁ + (m−1)/(2m)·Σ w·p.
//!
//! Groups: the tasks whose allowed developers are exactly a set S use only
//! S's time, so the bound holds for them with S as the group; over the
//! classes of a partition the bounds add up.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::calendar::WorkCalendar;
use crate::optimizer::instance::Instance;

/// Developer-days the curves of the classes may walk in all (about 0.1 s).
const CLASS_BUDGET: usize = 1_000_000;

/// The work-to-time curve of a group of developers.
struct Curve {
    /// Lower convex hull of (u, business hours), u in working minutes of
    /// the group, from (0, 0).
    hull: Vec<(f64, f64)>,
    /// The largest share of the group's working rate one developer has at
    /// any working moment (1 / the fewest developers working together).
    share: f64,
}

impl Curve {
    /// The group's curve over the instance's horizon; None when it never works.
    fn new(cal: &WorkCalendar, group: &[usize]) -> Option<Curve> {
        let hpd_minutes = (cal.calendar.hours_per_day * 60.0).round() as i64;
        let hpd = cal.calendar.hours_per_day;
        let days = cal.horizon_days();
        let mut points: Vec<(f64, f64)> = vec![(0.0, 0.0)];
        let mut fewest = usize::MAX;
        let mut events: Vec<(i64, i64)> = Vec::new();
        for b in 0..days {
            events.clear();
            let mut u: i64 = group.iter().map(|&d| cal.developers[d].cum[b]).sum();
            for &d in group {
                for &(s, e) in cal.developers[d].spans_of(b) {
                    events.push((s, 1));
                    events.push((e, -1));
                }
            }
            if events.is_empty() {
                continue;
            }
            events.push((hpd_minutes, 0));
            events.sort_unstable();
            let day_hours = b as f64 * hpd;
            let mut x = 0i64;
            let mut active = 0i64;
            for (k, &(at, delta)) in events.iter().enumerate() {
                u += active * (at - x);
                x = at;
                active += delta;
                // Count who works once every change at this minute is in.
                if events.get(k + 1).is_some_and(|e| e.0 == at) {
                    continue;
                }
                let bh = day_hours + (x as f64 / 60.0).min(hpd);
                points.push((u as f64, bh));
                if active > 0 {
                    fewest = fewest.min(active as usize);
                }
            }
        }
        if fewest == usize::MAX {
            return None;
        }
        Some(Curve {
            hull: lower_hull(&points),
            share: 1.0 / fewest as f64,
        })
    }

    /// ğ(u): the lower convex envelope of the curve at u (its last value
    /// past the horizon).
    fn at(&self, u: f64) -> f64 {
        let h = &self.hull;
        let k = h.partition_point(|p| p.0 < u);
        if k == 0 {
            return h[0].1;
        }
        if k >= h.len() {
            return h[h.len() - 1].1;
        }
        let (a, b) = (h[k - 1], h[k]);
        if b.0 <= a.0 {
            return a.1;
        }
        a.1 + (b.1 - a.1) * (u - a.0) / (b.0 - a.0)
    }
}

/// The lower convex hull of points sorted by their first coordinate
/// (Andrew's monotone chain; equal u keeps the lowest time).
fn lower_hull(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut sorted = points.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    sorted.dedup_by(|b, a| b.0 == a.0);
    let mut hull: Vec<(f64, f64)> = Vec::with_capacity(sorted.len());
    for p in sorted {
        while hull.len() >= 2 {
            let (o, a) = (hull[hull.len() - 2], hull[hull.len() - 1]);
            let cross = (a.0 - o.0) * (p.1 - o.1) - (a.1 - o.1) * (p.0 - o.0);
            if cross <= 0.0 {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(p);
    }
    hull
}

/// The bound of the module's text on Σ w_j·C_j (business hours) over
/// `tasks`, all of which only `group` may take. With release dates: task j
/// cannot start before clock time `heads[j]` (its dependency chain), so none
/// of its work falls before u = R(heads[j]); the least Σ w_j·M_j of a
/// preemptive unit-speed machine with release dates is then the preemptive
/// Smith rule's (at every moment the released task of highest w/p;
/// Goemans 1997).
fn group_bound(
    inst: &Instance,
    tasks: &[usize],
    group: &[usize],
    heads: &[i64],
    curve: &Curve,
) -> f64 {
    let day = inst.cal.day_minutes;
    let mut jobs: Vec<(f64, usize)> = tasks
        .iter()
        .filter(|&&j| inst.w[j] > 0.0)
        .map(|&j| {
            let release: i64 = group
                .iter()
                .map(|&d| inst.cal.developers[d].work_before(heads[j], day))
                .sum();
            (release as f64, j)
        })
        .collect();
    if jobs.is_empty() {
        return 0.0;
    }
    jobs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let spread = 0.5 / curve.share - 0.5;
    // Ready tasks by w/p (highest first; zero-length ones before all).
    let ratio = |j: usize| {
        let p = inst.p[j] as f64;
        if p > 0.0 {
            inst.w[j] / p
        } else {
            f64::INFINITY
        }
    };
    let mut ready: BinaryHeap<(Ratio, Reverse<usize>)> = BinaryHeap::new();
    let mut left: Vec<f64> = inst.p.iter().map(|&p| p as f64).collect();
    let mut busy = vec![0.0f64; inst.n()];
    let (mut next, mut u) = (0usize, 0.0f64);
    let (mut l, mut weight) = (0.0f64, 0.0f64);
    while next < jobs.len() || !ready.is_empty() {
        if ready.is_empty() {
            u = u.max(jobs[next].0);
        }
        while next < jobs.len() && jobs[next].0 <= u {
            let j = jobs[next].1;
            ready.push((Ratio(ratio(j)), Reverse(j)));
            next += 1;
        }
        let Some(&(_, Reverse(j))) = ready.peek() else {
            continue;
        };
        let until = jobs.get(next).map_or(f64::INFINITY, |r| r.0);
        let run = left[j].min(until - u);
        busy[j] += run * (u + run / 2.0);
        u += run;
        left[j] -= run;
        if left[j] <= 0.0 {
            ready.pop();
            let p = inst.p[j] as f64;
            let mean = if p > 0.0 { busy[j] / p } else { u };
            l += inst.w[j] * (mean + p * (0.5 + spread));
            weight += inst.w[j];
        }
    }
    weight * curve.at(l / weight)
}

/// A w/p ratio ordered as a number (never NaN).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ratio(f64);

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Which form of the parallel-machine bound gave the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The whole team as one group.
    Team,
    /// Each class of tasks with the same allowed developers as its own group.
    Groups,
}

/// The best of the whole-team bound and the sum of the class bounds on
/// Σ w·C over the open tasks, with the form that gave it.
pub fn bound(inst: &Instance) -> (f64, Form) {
    let n = inst.n();
    if n == 0 {
        return (0.0, Form::Team);
    }
    let everyone: Vec<usize> = (0..inst.m()).collect();
    let all: Vec<usize> = (0..n).collect();
    let heads = inst.heads();
    let team = Curve::new(&inst.cal, &everyone)
        .map_or(0.0, |c| group_bound(inst, &all, &everyone, heads, &c));
    let mut by_set: std::collections::BTreeMap<&Vec<usize>, Vec<usize>> = Default::default();
    for j in 0..n {
        by_set.entry(&inst.allowed[j]).or_default().push(j);
    }
    if by_set.len() == 1 && by_set.contains_key(&everyone) {
        return (team, Form::Team);
    }
    // Each class's curve walks its developers' days: the classes of most
    // weighted work first, within a fixed budget of developer-days (a class
    // left out adds 0, which is still a bound; fixed, so the bound does not
    // depend on the machine's speed).
    let mut classes: Vec<(&Vec<usize>, Vec<usize>)> = by_set.into_iter().collect();
    let work = |tasks: &[usize]| {
        tasks
            .iter()
            .map(|&j| inst.w[j] * inst.p[j] as f64)
            .sum::<f64>()
    };
    classes.sort_by(|a, b| work(&b.1).total_cmp(&work(&a.1)).then(a.0.cmp(b.0)));
    let days = inst.cal.horizon_days().max(1);
    let mut budget = CLASS_BUDGET;
    let mut groups = 0.0;
    for (set, tasks) in &classes {
        let cost = set.len() * days;
        if cost > budget {
            continue;
        }
        budget -= cost;
        groups +=
            Curve::new(&inst.cal, set).map_or(0.0, |c| group_bound(inst, tasks, set, heads, &c));
    }
    if groups > team {
        (groups, Form::Groups)
    } else {
        (team, Form::Team)
    }
}
