//! The time-indexed bound with dependencies: a linear program over coarse
//! time buckets that keeps precedence together with capacity, the thing
//! the parallel-machine bound (`parallel.rs`) and column generation
//! (`colgen.rs`) each give up. docs/optimizer.md gives the argument; in
//! short, for any valid plan set
//!
//! - x_jb: the minutes of task j worked in bucket b = [T_b, T_b+1) (the
//!   last bucket is open-ended and has no capacity limit: a relaxation);
//! - z_jb: Σ over those minutes of (their business time − T_b);
//! - M_j = Σ_b (T_b·x_jb + z_jb) / p_j, j's mean busy time;
//! - C_j, its finish in business hours.
//!
//! Then: Σ_b x_jb = p_j; x_jb ≤ what the union of j's allowed developers'
//! working spans holds in b (one developer at a time); for each group S of
//! developers, the tasks only S may take share S's work in b; j works in b
//! no more than that rate × the share of each predecessor done by the end
//! of b; z_jb ≥ A_j(x_jb) (the q-th minute of one task comes no earlier
//! than ā_j(q) after the bucket starts) and, over a group, Σ z ≥ G_Sb(X)
//! (the q-th minute of the group's work in b comes no earlier than the
//! group's capacity allows), both convex and taken by tangents; C_j ≥
//! M_j + h_j, M_j ≥ C_i + h_j and C_j ≥ C_i + ā_j(p_j) for each
//! predecessor i; C_j ≥ its earliest finish. The least Σ w_j·C_j (plus
//! lateness) over these is a lower bound.

use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};
use std::time::Instant;

use crate::optimizer::instance::Instance;
use crate::optimizer::lp;
use crate::optimizer::schedule::Schedule;

/// Fewer cells than this and the LP is not worth building.
const MIN_CELLS: usize = 400;

/// How each of a task's minutes is delayed, at the least, after the start
/// of the stretch it is worked in: the q-th minute ends no earlier than
/// ā(q) business hours in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pace {
    /// Business hours an hour of work takes when worked straight on (1,
    /// or 0 when a working day is longer than the business day: work past
    /// the business day's end takes no business time).
    per_hour: f64,
    /// When every allowed developer's working span starts at the same
    /// minute of the day: the most hours one task can be worked in a day
    /// (c), and hours per business day. Each further c hours of work then
    /// take a business day.
    daily: Option<(f64, f64)>,
}

impl Pace {
    /// ā(q): max(q·per_hour, q·hpd/c − (hpd − c)), convex: the q-th hour
    /// of work ends no earlier than that after the work starts (any start
    /// within a day: the span's offset is the same every day).
    pub(super) fn delay(&self, q: f64) -> f64 {
        let straight = q * self.per_hour;
        match self.daily {
            Some((c, hpd)) => straight.max(q * hpd / c - (hpd - c)),
            None => straight,
        }
    }

    /// A(x) = ∫₀ˣ ā(q) dq.
    pub(super) fn area(&self, x: f64) -> f64 {
        let straight = x * x * self.per_hour / 2.0;
        match self.daily {
            Some((c, hpd)) if x > c => {
                let base = c * c * self.per_hour / 2.0;
                let at = c * self.per_hour;
                let slope = hpd / c;
                base + at * (x - c) + slope * (x - c) * (x - c) / 2.0
            }
            _ => straight,
        }
    }
}

/// The buckets: boundaries in clock minutes, the last one open-ended,
/// about `cells / n` of them. Bucket widths: a quarter, a half or a whole
/// day up to a little past the hint's last finish when that fits; else
/// widening with time (width over start below a ratio), so that the
/// relative error of "a bucket's work starts at its start" stays even.
fn buckets(inst: &Instance, hint: &Schedule, cells: usize, finest: &[i64]) -> Vec<i64> {
    let day = inst.cal.day_minutes;
    let days = inst.cal.horizon_days() as i64;
    let last = hint.finish.iter().copied().max().unwrap_or(0);
    let end_day = ((last / day) as f64 * 1.1).ceil() as i64 + 2;
    let end_day = end_day.min(days).max(1);
    let cells = (cells / inst.n().max(1)).max(3) as i64;
    for &parts in finest {
        if end_day * parts <= cells {
            return (0..=end_day * parts).map(|k| k * day / parts).collect();
        }
    }
    // Buckets that widen with time: a bucket's width over its start stays
    // under a ratio chosen so that their number fits.
    let mut ratio = 0.05;
    loop {
        let mut edges = vec![0i64];
        let mut start = 0i64;
        while start < end_day {
            let width = ((start as f64 * ratio).floor() as i64).max(1);
            start = (start + width).min(end_day);
            edges.push(start);
        }
        if edges.len() as i64 <= cells + 1 || ratio > 10.0 {
            return edges.into_iter().map(|d| d * day).collect();
        }
        ratio *= 1.25;
    }
}

/// `devs`' working spans on business day `b`, in clock minutes, cut to
/// `[lo, hi)`, into `out`.
fn day_spans(
    inst: &Instance,
    devs: &[usize],
    b: i64,
    (lo, hi): (i64, i64),
    out: &mut Vec<(i64, i64)>,
) {
    let base = b * inst.cal.day_minutes;
    out.clear();
    for &d in devs {
        for &(s, e) in inst.cal.developers[d].spans_of(b as usize) {
            let (s, e) = ((base + s).max(lo), (base + e).min(hi));
            if s < e {
                out.push((s, e));
            }
        }
    }
}

/// The union of `devs`' working spans within clock `[lo, hi)`, in hours:
/// the most one task may be worked there (one developer at a time).
fn union_in(inst: &Instance, devs: &[usize], lo: i64, hi: i64) -> f64 {
    let day = inst.cal.day_minutes;
    let mut total = 0i64;
    let mut spans: Vec<(i64, i64)> = Vec::new();
    let first = (lo / day).max(0);
    let mut b = first;
    while b * day < hi {
        day_spans(inst, devs, b, (lo, hi), &mut spans);
        spans.sort_unstable();
        let mut reach = i64::MIN;
        for &(s, e) in &spans {
            let s = s.max(reach);
            if e > s {
                total += e - s;
            }
            reach = reach.max(e);
        }
        b += 1;
    }
    total as f64 / 60.0
}

/// Each developer's working days, as the pace needs them: the minute of
/// the day their span starts (None: they never work) and the longest
/// span; None when spans start at different minutes or a day has several.
/// One scan of the horizon per developer, shared by every class.
type Shape = Option<(Option<i64>, i64)>;

fn shapes(inst: &Instance) -> Vec<Shape> {
    inst.cal
        .developers
        .iter()
        .map(|dc| {
            let mut lead: Option<i64> = None;
            let mut most = 0i64;
            for b in 0..dc.cap.len() {
                match dc.spans_of(b) {
                    [] => {}
                    [(s, e)] => {
                        if *lead.get_or_insert(*s) != *s {
                            return None;
                        }
                        most = most.max(e - s);
                    }
                    _ => return None,
                }
            }
            Some((lead, most))
        })
        .collect()
}

/// The pace of a task any of `devs` may take (`shapes`: every developer's).
fn pace(inst: &Instance, devs: &[usize], shapes: &[Shape]) -> Pace {
    let hpd = inst.cal.calendar.hours_per_day;
    let day = inst.cal.day_minutes;
    let per_hour = if day as f64 <= hpd * 60.0 + 1e-9 {
        1.0
    } else {
        0.0
    };
    let mut lead: Option<i64> = None;
    let mut most = 0i64;
    let mut common = per_hour > 0.0;
    for &d in devs {
        match shapes[d] {
            None => common = false,
            Some((None, _)) => {}
            Some((Some(s), m)) => {
                common &= *lead.get_or_insert(s) == s;
                most = most.max(m);
            }
        }
    }
    let daily = (common && most > 0).then_some((most as f64 / 60.0, hpd));
    Pace { per_hour, daily }
}

/// The group's work curve in one bucket: G(X) = ∫₀ˣ τ(q) dq, τ(q) the
/// business hours after the bucket's start at which the group can have
/// done q hours (non-decreasing, so G is convex). Pieces of (work hours,
/// business hours at its start, business hours per hour of work).
struct Curve {
    pieces: Vec<(f64, f64, f64)>,
}

impl Curve {
    fn new(inst: &Instance, devs: &[usize], lo: i64, hi: i64) -> Curve {
        let day = inst.cal.day_minutes;
        let hpd_min = inst.cal.calendar.hours_per_day * 60.0;
        let start = inst.cal.business_hours(lo);
        let mut pieces = Vec::new();
        let mut events: Vec<(i64, i64)> = Vec::new();
        let mut spans: Vec<(i64, i64)> = Vec::new();
        let mut b = lo / day;
        while b * day < hi {
            let base = b * day;
            day_spans(inst, devs, b, (lo, hi), &mut spans);
            events.clear();
            events.extend(spans.iter().flat_map(|&(s, e)| [(s, 1), (e, -1)]));
            events.sort_unstable();
            let mut working = 0i64;
            for k in 0..events.len() {
                working += events[k].1;
                let Some(&(next, _)) = events.get(k + 1) else {
                    break;
                };
                let from = events[k].0;
                if working > 0 && next > from {
                    // Minutes of the day past the business day take no time.
                    let m0 = (from - base) as f64;
                    let m1 = (next - base) as f64;
                    let inside = (m1.min(hpd_min) - m0).max(0.0);
                    let t0 = inst.cal.business_hours(from) - start;
                    if inside > 0.0 {
                        pieces.push((inside * working as f64 / 60.0, t0, 1.0 / working as f64));
                    }
                    let past = m1 - m0.max(hpd_min);
                    if past > 0.0 {
                        let t1 = inst.cal.business_hours(next) - start;
                        pieces.push((past * working as f64 / 60.0, t1, 0.0));
                    }
                }
            }
            b += 1;
        }
        Curve { pieces }
    }

    /// (G(x), τ(x)): the area and its slope at x (beyond the curve's work,
    /// the last time).
    fn at(&self, x: f64) -> (f64, f64) {
        let mut area = 0.0;
        let mut done = 0.0;
        let mut last = 0.0;
        for &(work, t0, slope) in &self.pieces {
            let take = (x - done).min(work);
            if take <= 0.0 {
                break;
            }
            area += take * t0 + slope * take * take / 2.0;
            done += take;
            last = t0 + slope * take;
        }
        if x > done {
            area += (x - done) * last;
        }
        (area, last)
    }
}

/// What both time-indexed bounds work over: the buckets, and the classes
/// of tasks (the distinct sets of allowed developers).
pub(super) struct Frame {
    /// Bucket boundaries (clock minutes) and their business hours; the
    /// last bucket, `k − 1`, is open-ended.
    pub(super) edges: Vec<i64>,
    pub(super) bh: Vec<f64>,
    /// Distinct sets of allowed developers, each task's, and their paces.
    pub(super) classes: Vec<Vec<usize>>,
    pub(super) class_of: Vec<usize>,
    pub(super) paces: Vec<Pace>,
    /// The bucket each task's earliest start falls in.
    pub(super) first: Vec<usize>,
}

impl Frame {
    /// About `cells / n` buckets a task, each a part of a day from
    /// `finest` where they fit (see [`buckets`]).
    pub(super) fn new(inst: &Instance, hint: &Schedule, cells: usize, finest: &[i64]) -> Frame {
        let edges = buckets(inst, hint, cells, finest);
        let bh = edges.iter().map(|&t| inst.cal.business_hours(t)).collect();
        let mut classes: Vec<Vec<usize>> = inst.allowed.clone();
        classes.sort();
        classes.dedup();
        let class_of = (0..inst.n())
            .map(|j| classes.binary_search(&inst.allowed[j]).unwrap_or(0))
            .collect();
        let shapes = shapes(inst);
        let paces = classes.iter().map(|c| pace(inst, c, &shapes)).collect();
        let k = edges.len();
        let first = inst
            .heads()
            .iter()
            .map(|&h| edges[1..].partition_point(|&t| t <= h).min(k - 1))
            .collect();
        Frame {
            edges,
            bh,
            classes,
            class_of,
            paces,
            first,
        }
    }

    /// The number of buckets.
    pub(super) fn k(&self) -> usize {
        self.edges.len()
    }

    /// What one task of each class may be worked in each bucket but the
    /// last (hours: the union of its developers' spans).
    pub(super) fn rates(&self, inst: &Instance) -> Vec<Vec<f64>> {
        let k = self.k();
        self.classes
            .iter()
            .map(|c| {
                (0..k - 1)
                    .map(|b| union_in(inst, c, self.edges[b], self.edges[b + 1]))
                    .collect()
            })
            .collect()
    }

    /// What task j (`p` hours) may be worked in its first bucket, after
    /// its earliest start; the bucket is not the last.
    pub(super) fn first_most(&self, inst: &Instance, j: usize, p: f64) -> f64 {
        let b = self.first[j];
        let lo = self.edges[b].max(inst.heads()[j]);
        union_in(inst, &self.classes[self.class_of[j]], lo, self.edges[b + 1]).min(p)
    }

    /// The groups whose capacity binds: each class's developers, and the
    /// whole team.
    pub(super) fn groups(&self, inst: &Instance) -> Vec<Vec<usize>> {
        let mut groups = self.classes.clone();
        groups.push((0..inst.m()).collect());
        groups.sort();
        groups.dedup();
        groups
    }

    /// The hours developers `g` together work in bucket `b` (not the last).
    pub(super) fn capacity(&self, inst: &Instance, g: &[usize], b: usize) -> f64 {
        let day = inst.cal.day_minutes;
        let (lo, hi) = (self.edges[b], self.edges[b + 1]);
        g.iter()
            .map(|&d| {
                let dc = &inst.cal.developers[d];
                (dc.work_before(hi, day) - dc.work_before(lo, day)) as f64 / 60.0
            })
            .sum()
    }
}

/// The bound over about `cells` task-bucket cells, or None when they are
/// too few, the LP fails or runs out of time. `ef`: each task's earliest
/// finish in business hours; `penalties`: the part of the cost outside
/// the LP (each task's cheapest developer penalty); `hint` sets the
/// horizon of the capacity buckets.
pub fn bound(
    inst: &Instance,
    ef: &[f64],
    penalties: f64,
    hint: &Schedule,
    cells: usize,
    time_limit: f64,
) -> Option<f64> {
    let started = Instant::now();
    if inst.n() == 0 || cells < MIN_CELLS {
        return None;
    }
    let mut lp = Model::new(inst, hint, cells);
    lp.work_in_buckets(inst);
    lp.shared_capacity(inst);
    lp.finishes(inst, ef);
    let left = time_limit - started.elapsed().as_secs_f64();
    let sol = lp::minimise_interior(lp.vars, lp.objective, lp.rows, &[], left)?;
    // Tolerances: the LP optimum may sit a hair below the true one.
    Some(sol.objective * (1.0 - 1e-6) + penalties)
}

/// The LP being built.
struct Model {
    vars: ProblemVariables,
    rows: Vec<Constraint>,
    objective: Expression,
    /// The buckets and the classes of tasks.
    frame: Frame,
    /// x and z of each task, from its first bucket on.
    x: Vec<Vec<Variable>>,
    z: Vec<Vec<Variable>>,
}

impl Model {
    fn new(inst: &Instance, hint: &Schedule, cells: usize) -> Model {
        Model {
            vars: ProblemVariables::new(),
            rows: Vec::new(),
            objective: Expression::from(0.0),
            frame: Frame::new(inst, hint, cells, &[4, 2, 1]),
            x: Vec::new(),
            z: Vec::new(),
        }
    }

    /// Buckets: the last (open-ended) one is bucket `k − 1`.
    fn k(&self) -> usize {
        self.frame.k()
    }

    /// x_jb within [0, what j's allowed developers' spans hold in b after
    /// j's earliest start] and Σ_b x_jb = p_j; z_jb ≥ A_j(x_jb) by its
    /// tangents at half and all of x_jb's most.
    fn work_in_buckets(&mut self, inst: &Instance) {
        let k = self.k();
        let rate = self.frame.rates(inst);
        for j in 0..inst.n() {
            let p = inst.p[j] as f64 / 60.0;
            let class = self.frame.class_of[j];
            let pace = self.frame.paces[class];
            let (mut xs, mut zs) = (Vec::new(), Vec::new());
            for b in self.frame.first[j]..k {
                let most = if b + 1 == k {
                    p
                } else if b == self.frame.first[j] {
                    self.frame.first_most(inst, j, p)
                } else {
                    rate[class][b].min(p)
                };
                let x = self.vars.add(variable().min(0.0).max(most));
                let z = self.vars.add(variable().min(0.0));
                for x0 in [most / 2.0, most] {
                    if x0 > 0.0 {
                        let slope = pace.delay(x0);
                        self.rows
                            .push((z - slope * x).geq(pace.area(x0) - slope * x0));
                    }
                }
                xs.push(x);
                zs.push(z);
            }
            self.rows.push(xs.iter().copied().sum::<Expression>().eq(p));
            self.x.push(xs);
            self.z.push(zs);
        }
    }

    /// For each group S (each class's developers, and the whole team) and
    /// bucket: the tasks only S may take fit in S's working hours there,
    /// and their z add up to at least G_Sb of their work (four tangents).
    fn shared_capacity(&mut self, inst: &Instance) {
        let k = self.k();
        for g in &self.frame.groups(inst) {
            let members: Vec<usize> = (0..inst.n())
                .filter(|&j| inst.allowed[j].iter().all(|d| g.binary_search(d).is_ok()))
                .collect();
            for b in 0..k - 1 {
                let inside: Vec<(usize, usize)> = members
                    .iter()
                    .filter_map(|&j| b.checked_sub(self.frame.first[j]).map(|c| (j, c)))
                    .collect();
                if inside.is_empty() {
                    continue;
                }
                let (lo, hi) = (self.frame.edges[b], self.frame.edges[b + 1]);
                let capacity = self.frame.capacity(inst, g, b);
                let work = self.vars.add(variable().min(0.0).max(capacity));
                let delays = self.vars.add(variable().min(0.0));
                let sum_x: Expression = inside.iter().map(|&(j, c)| self.x[j][c]).sum();
                let sum_z: Expression = inside.iter().map(|&(j, c)| self.z[j][c]).sum();
                self.rows.push((sum_x - work).eq(0.0));
                self.rows.push((sum_z - delays).geq(0.0));
                if capacity <= 0.0 {
                    continue;
                }
                let curve = Curve::new(inst, g, lo, hi);
                for share in [0.25, 0.5, 0.75, 1.0] {
                    let x0 = capacity * share;
                    let (area, slope) = curve.at(x0);
                    self.rows
                        .push((delays - slope * work).geq(area - slope * x0));
                }
            }
        }
    }

    /// M_j = Σ_b (T_b·x_jb + z_jb) / p_j; C_j ≥ M_j + h_j, C_j ≥ EF_j;
    /// for each predecessor i, C_j ≥ C_i + ā_j(p_j) and M_j ≥ C_i + h_j;
    /// lateness past a due date; the objective Σ w_j·C_j + lateness.
    fn finishes(&mut self, inst: &Instance, ef: &[f64]) {
        let k = self.k();
        let n = inst.n();
        let mut mean = Vec::with_capacity(n);
        let mut finish = Vec::with_capacity(n);
        for j in 0..n {
            let p = inst.p[j] as f64 / 60.0;
            let h = self.frame.paces[self.frame.class_of[j]].area(p) / p;
            let m = self.vars.add(variable());
            let c = self.vars.add(variable().min(ef[j]));
            let busy: Expression = (self.frame.first[j]..k)
                .map(|b| {
                    let at = b - self.frame.first[j];
                    self.frame.bh[b] * self.x[j][at] + self.z[j][at]
                })
                .sum();
            self.rows.push((p * m - busy).eq(0.0));
            self.rows.push((c - m).geq(h));
            self.objective += inst.w[j] * c;
            if let (Some(due), true) = (inst.due[j], inst.late_w[j] > 0.0) {
                let late = self.vars.add(variable().min(0.0));
                self.rows
                    .push((late - c).geq(-inst.cal.business_hours(due)));
                self.objective += inst.late_w[j] * late;
            }
            mean.push(m);
            finish.push(c);
        }
        for j in 0..n {
            let p = inst.p[j] as f64 / 60.0;
            let pace = self.frame.paces[self.frame.class_of[j]];
            let h = pace.area(p) / p;
            for &i in &inst.preds[j] {
                self.rows.push((finish[j] - finish[i]).geq(pace.delay(p)));
                self.rows.push((mean[j] - finish[i]).geq(h));
            }
        }
    }
}
