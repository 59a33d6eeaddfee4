//! The planning instance: open tasks with their minutes, weights, allowed and
//! preferred developers, dependencies and deadlines, over the team's working
//! time. Everything the optimizer needs, in flat vectors indexed by open task.

use crate::calendar::{hours_to_minutes, WorkCalendar};
use crate::eligibility;
use crate::error::infeasible::{Facts, Infeasibility, Kind};
use crate::error::{Error, Result};
use crate::graph::TaskGraph;
use crate::model::{Backlog, Task};
use crate::previous::PreviousPlan;
use crate::team::Team;

/// What the plan minimises (SPEC 4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objective {
    /// Σ weight(priority) × finish, in business hours.
    Weighted,
    /// The latest finish, in business hours.
    Makespan,
}

impl Objective {
    /// `weighted` or `makespan`.
    pub fn as_str(self) -> &'static str {
        match self {
            Objective::Weighted => "weighted",
            Objective::Makespan => "makespan",
        }
    }
}

/// Options of one planning run.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// What to minimise.
    pub objective: Objective,
    /// Wall-clock budget in seconds (the search also stops on its own, earlier,
    /// after a fixed amount of work, which keeps results reproducible).
    pub time_limit: f64,
    /// Whether `due` dates are hard constraints.
    pub strict_due: bool,
    /// Stop at the first task that cannot be planned (`--strict`) instead
    /// of planning the rest and listing it (SPEC 9.3).
    pub strict: bool,
    /// An earlier plan to stay close to (`plan --previous`, SPEC 7.3):
    /// moving a task away from its developer there costs
    /// [`crate::team::Weights::reassign_hours`].
    pub previous: Option<PreviousPlan>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            objective: Objective::Weighted,
            time_limit: 10.0,
            strict_due: false,
            strict: false,
            previous: None,
        }
    }
}

/// What an hour past a hard due date costs (`--strict-due`): more than any
/// plan's objective, so the search meets every due date it can first.
pub const STRICT_LATE: f64 = 1e6;

/// The objective weight of each open task (SPEC 4.3): its priority's
/// weight.
pub fn weights(backlog: &Backlog, team: &Team, task: &[usize]) -> Vec<f64> {
    task.iter()
        .map(|&i| team.weights.of(backlog.tasks[i].priority))
        .collect()
}

/// The rank tie-break of each open task (SPEC 9.1): its priority's weight
/// × (n − r) / n for the task ranked r-th (from 0, in backlog order) of the
/// n open tasks of its priority. Among plans of equal cost the one with the
/// least Σ rank weight × finish wins (applied to the search's best plan by
/// `optimizer::polish_rank`): higher-ranked tasks first. A
/// tie-break only, compared after the cost, so it never outweighs a
/// priority level or anything else the plan weighs.
pub fn rank_weights(backlog: &Backlog, team: &Team, task: &[usize]) -> Vec<f64> {
    let mut count = [0usize; 4];
    for &i in task {
        count[backlog.tasks[i].priority as usize] += 1;
    }
    let mut seen = [0usize; 4];
    task.iter()
        .map(|&i| {
            let priority = backlog.tasks[i].priority;
            let k = priority as usize;
            let r = seen[k];
            seen[k] += 1;
            team.weights.of(priority) * (count[k] - r) as f64 / count[k] as f64
        })
        .collect()
}

/// The developer an in-progress task continues on: the one its progress
/// names, when they are in the team and have the time for what is left;
/// None (the task is planned as open work) otherwise.
fn continues_on(task: &Task, team: &Team, cal: &WorkCalendar, p: i64) -> Option<usize> {
    if !task.is_in_progress() {
        return None;
    }
    let d = team.developer_index(task.progress.developer.as_deref()?)?;
    (cal.developers[d].total() >= p).then_some(d)
}

/// An open task the plan leaves out (SPEC 9.3), and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unplanned {
    /// Its backlog index.
    pub task: usize,
    /// Why: no estimate, nobody may take it, nobody allowed has the time,
    /// or it waits on such a task.
    pub why: Infeasibility,
}

/// Why task `t` cannot be planned on time: none of its allowed developers
/// ever has `p` minutes of working time.
fn without_time(
    t: &Task,
    allowed: &[usize],
    cal: &WorkCalendar,
    p: i64,
    team: &Team,
) -> Option<Infeasibility> {
    if allowed.iter().any(|&d| cal.developers[d].total() >= p) {
        return None;
    }
    let developers = allowed
        .iter()
        .map(|&d| {
            (
                team.developers[d].name.clone(),
                crate::calendar::minutes_to_hours(cal.developers[d].total()),
            )
        })
        .collect();
    Some(Infeasibility {
        kind: Kind::Capacity,
        tasks: vec![t.id.clone()],
        facts: Facts::Capacity {
            title: t.title.clone(),
            hours: t.hours,
            horizon: cal.limit().map(|l| l.to_string()),
            developers,
        },
    })
}

/// The flattened instance. Open task `j` is backlog task `task[j]`.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Backlog index of each open task.
    pub task: Vec<usize>,
    /// Effort in minutes.
    pub p: Vec<i64>,
    /// Objective weight.
    pub w: Vec<f64>,
    /// Rank tie-break weight ([`rank_weights`]).
    pub rank_w: Vec<f64>,
    /// Developers allowed to take the task, ascending (never empty).
    pub allowed: Vec<Vec<usize>>,
    /// Developers preferred by `prefer` rules (empty: no preference).
    pub preferred: Vec<Vec<usize>>,
    /// Open predecessors.
    pub preds: Vec<Vec<usize>>,
    /// Open successors.
    pub succs: Vec<Vec<usize>>,
    /// Open tasks, predecessors first.
    pub topo: Vec<usize>,
    /// Due date as the clock time the task must finish by, when it has one.
    pub due: Vec<Option<i64>>,
    /// Whether due dates are hard.
    pub strict_due: bool,
    /// What each business hour task j finishes past its due date costs:
    /// late_per_hour × the highest priority weight (weighted),
    /// late_per_hour (makespan), or
    /// [`STRICT_LATE`] with `--strict-due`; 0 without a due date.
    pub late_w: Vec<f64>,
    /// Cost of breaking a preference of task j: w_j × prefer penalty hours
    /// (weighted), prefer penalty hours (makespan).
    pub prefer_cost: Vec<f64>,
    /// The developer an earlier plan gave task j, when the task may still go
    /// to them (`--previous`).
    pub keep: Vec<Option<usize>>,
    /// Cost of moving task j away from `keep[j]`: w_j × reassign hours
    /// (weighted), reassign hours (makespan).
    pub keep_cost: Vec<f64>,
    /// The makespan objective only: the latest finish (business hours) a
    /// plan may have, the weighted plan's, so that trading the finish for
    /// preferences, stability or due dates never ends later than that plan
    /// (issue 13 item 6). Past it a plan costs [`STRICT_LATE`] an hour.
    pub finish_cap: Option<f64>,
    /// Earliest start of each task (clock time): [`Instance::heads`].
    heads: Vec<i64>,
    /// In-progress tasks, in backlog order: each is placed first on its
    /// one allowed developer, at the plan start, whatever the order.
    pub first: Vec<usize>,
    /// Whether task j is in `first`.
    pub is_first: Vec<bool>,
    /// The planning clock.
    pub cal: WorkCalendar,
    /// The objective.
    pub objective: Objective,
    /// Developer names, for explanations.
    pub names: Vec<String>,
    /// Open tasks left out of the plan, in backlog order.
    pub unplanned: Vec<Unplanned>,
}

impl Instance {
    /// Number of open tasks.
    pub fn n(&self) -> usize {
        self.p.len()
    }

    /// Number of developers.
    pub fn m(&self) -> usize {
        self.names.len()
    }

    /// Builds the instance, or explains why no plan can exist: a task nobody
    /// may take, or one that no allowed developer has the time for.
    pub fn new(backlog: &Backlog, team: &Team, opts: &PlanOptions) -> Result<Instance> {
        Instance::with_min_days(backlog, team, opts, 1)
    }

    /// [`Instance::new`] with a calendar of at least `min_days` business
    /// days. The default horizon ends once every developer alone could do
    /// all the work; a plan can need more when work waits on a developer
    /// whose time off falls just then, and the planner then asks for more.
    pub fn with_min_days(
        backlog: &Backlog,
        team: &Team,
        opts: &PlanOptions,
        min_days: usize,
    ) -> Result<Instance> {
        let graph = TaskGraph::build(backlog)?;
        eligibility::check_owners(backlog, team)?;
        if backlog.open_tasks().next().is_some() {
            if let Some(why) = crate::calendar::nobody_works(team) {
                return Err(Error::Infeasible(Box::new(why)));
            }
        }
        // The horizon holds all the open work, planned or not.
        let all: i64 = backlog
            .open_tasks()
            .filter(|t| t.estimated)
            .map(|t| hours_to_minutes(t.hours_to_plan()))
            .fold(0i64, |a, b| a.saturating_add(b));
        let cal = WorkCalendar::new(team, all, min_days);
        // Who may take each open task, or why it cannot be planned.
        let mut why: Vec<Option<Infeasibility>> = vec![None; backlog.tasks.len()];
        let mut who: Vec<(Vec<usize>, Vec<usize>, bool)> =
            vec![(Vec::new(), Vec::new(), false); backlog.tasks.len()];
        let mut allowance = eligibility::Allowance::new(team);
        for (i, t) in backlog.tasks.iter().enumerate() {
            if !t.is_open() {
                continue;
            }
            if !t.estimated {
                why[i] = Some(Infeasibility {
                    kind: Kind::Estimate,
                    tasks: vec![t.id.clone()],
                    facts: Facts::NoEstimate {
                        title: t.title.clone(),
                    },
                });
                continue;
            }
            let p = hours_to_minutes(t.hours_to_plan());
            if let Some(d) = continues_on(t, team, &cal, p) {
                // Unlike an owner, rules and skills do not stop it (Plan warns).
                who[i] = (vec![d], Vec::new(), true);
                continue;
            }
            let a = allowance.of(t);
            if let Some(no) = a.why_empty {
                why[i] = Some(no);
                continue;
            }
            if let Some(no) = without_time(t, &a.developers, &cal, p, team) {
                why[i] = Some(no);
                continue;
            }
            who[i] = (a.developers, a.preferred, false);
        }
        if opts.strict {
            if let Some((i, first)) = why
                .iter_mut()
                .enumerate()
                .find_map(|(i, w)| Some((i, w.take()?)))
            {
                let t = &backlog.tasks[i];
                if first.kind == Kind::Estimate {
                    // A bad value in the file: where it is.
                    return Err(Error::input(
                        crate::Location::new(backlog.source.clone(), t.line),
                        crate::Problem::MissingHours {
                            task: t.title.clone(),
                        },
                    ));
                }
                return Err(Error::Infeasible(Box::new(first)));
            }
        }
        // A task that waits on one that cannot be planned cannot start.
        for &i in &graph.topo {
            if why[i].is_some() || !backlog.tasks[i].is_open() || who[i].2 {
                continue;
            }
            let blocked = graph.preds[i]
                .iter()
                .find(|&&q| backlog.tasks[q].is_open() && why[q].is_some());
            if let Some(&q) = blocked {
                let t = &backlog.tasks[i];
                why[i] = Some(Infeasibility {
                    kind: Kind::Dependency,
                    tasks: vec![t.id.clone(), backlog.tasks[q].id.clone()],
                    facts: Facts::WaitsOn {
                        title: t.title.clone(),
                        on: backlog.tasks[q].title.clone(),
                    },
                });
            }
        }
        let mut index = vec![usize::MAX; backlog.tasks.len()];
        let mut task = Vec::new();
        let mut unplanned = Vec::new();
        for (i, t) in backlog.tasks.iter().enumerate() {
            if !t.is_open() {
                continue;
            }
            match why[i].take() {
                Some(why) => unplanned.push(Unplanned { task: i, why }),
                None => {
                    index[i] = task.len();
                    task.push(i);
                }
            }
        }
        let n = task.len();
        // In progress: the hours left, on the developer already on it.
        let p: Vec<i64> = task
            .iter()
            .map(|&i| hours_to_minutes(backlog.tasks[i].hours_to_plan()))
            .collect();
        let w = weights(backlog, team, &task);
        let rank_w = rank_weights(backlog, team, &task);
        let mut allowed = Vec::with_capacity(n);
        let mut preferred = Vec::with_capacity(n);
        let mut first = Vec::new();
        for (j, &i) in task.iter().enumerate() {
            let (a, pref, continues) = std::mem::take(&mut who[i]);
            if continues {
                first.push(j);
            }
            allowed.push(a);
            preferred.push(pref);
        }
        let mut is_first = vec![false; n];
        for &j in &first {
            is_first[j] = true;
        }
        let mut preds = vec![Vec::new(); n];
        let mut succs = vec![Vec::new(); n];
        for (j, &i) in task.iter().enumerate() {
            if is_first[j] {
                // Started: whatever it waited on no longer holds it back.
                continue;
            }
            for &pi in &graph.preds[i] {
                let pj = index[pi];
                if pj != usize::MAX {
                    preds[j].push(pj);
                    succs[pj].push(j);
                }
            }
        }
        let topo: Vec<usize> = graph
            .topo
            .iter()
            .filter_map(|&i| (index[i] != usize::MAX).then_some(index[i]))
            .collect();
        let due: Vec<Option<i64>> = task
            .iter()
            .map(|&i| backlog.tasks[i].due.map(|d| cal.time_after_date(d)))
            .collect();
        // Penalties in the objective's own unit (SPEC 9.2, issue 13 item 6):
        // weight × hours of finish when minimising the weighted sum, plain
        // hours of makespan when minimising the makespan.
        let unit: Vec<f64> = match opts.objective {
            Objective::Weighted => w.clone(),
            Objective::Makespan => vec![1.0; n],
        };
        let prefer_cost = unit.iter().map(|u| u * team.prefer_penalty_hours).collect();
        // A late hour costs late_per_hour hours of an URGENT task's finish
        // (weighted), or of the makespan: due dates outweigh priorities.
        let late_unit = match opts.objective {
            Objective::Weighted => crate::model::Priority::ALL
                .iter()
                .map(|&p| team.weights.of(p))
                .fold(0.0, f64::max),
            Objective::Makespan => 1.0,
        };
        let late_w = (0..n)
            .map(|j| {
                if due[j].is_none() {
                    0.0
                } else if opts.strict_due {
                    STRICT_LATE
                } else {
                    late_unit * team.weights.late_per_hour
                }
            })
            .collect();
        let keep: Vec<Option<usize>> = task
            .iter()
            .enumerate()
            .map(|(j, &i)| {
                let before = opts.previous.as_ref()?.task(&backlog.tasks[i].id)?;
                let d = team.developer_index(&before.developer)?;
                (!is_first[j] && allowed[j].contains(&d)).then_some(d)
            })
            .collect();
        let keep_cost = unit
            .iter()
            .map(|u| u * team.weights.reassign_hours)
            .collect();
        let mut inst = Instance {
            heads: Vec::new(),
            task,
            p,
            w,
            rank_w,
            allowed,
            preferred,
            preds,
            succs,
            topo,
            due,
            strict_due: opts.strict_due,
            late_w,
            prefer_cost,
            keep,
            keep_cost,
            finish_cap: None,
            first,
            is_first,
            cal,
            objective: opts.objective,
            names: team.developers.iter().map(|d| d.name.clone()).collect(),
            unplanned,
        };
        inst.heads = inst.compute_heads();
        Ok(inst)
    }

    /// The order tasks are placed in: in-progress tasks first (in backlog
    /// order), then `order` without them.
    pub fn placement<'a>(&'a self, order: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
        self.first
            .iter()
            .copied()
            .chain(order.iter().copied().filter(|&j| !self.is_first[j]))
    }

    /// The cost of giving task `j` to developer `d` on top of the
    /// objective: a broken `prefer` rule, a move away from the previous plan.
    pub fn assign_penalty(&self, j: usize, d: usize) -> f64 {
        let mut c = 0.0;
        if !self.preferred[j].is_empty() && !self.preferred[j].contains(&d) {
            c += self.prefer_cost[j];
        }
        if self.keep[j].is_some_and(|k| k != d) {
            c += self.keep_cost[j];
        }
        c
    }

    /// Whether task `j` carries a steering cost beside its finish: a
    /// preference, a previous developer or a due date.
    pub fn steered(&self, j: usize) -> bool {
        !self.preferred[j].is_empty() || self.keep[j].is_some() || self.late_w[j] > 0.0
    }

    /// What finishing task `j` at clock time `finish` costs past its due
    /// date: late_w × business hours late.
    pub fn late_cost(&self, j: usize, finish: i64) -> f64 {
        match self.due[j] {
            Some(due) if finish > due && self.late_w[j] > 0.0 => {
                self.late_w[j] * (self.cal.business_hours(finish) - self.cal.business_hours(due))
            }
            _ => 0.0,
        }
    }

    /// What a plan ending at `makespan` business hours costs past
    /// [`Instance::finish_cap`].
    pub fn cap_cost(&self, makespan: f64) -> f64 {
        self.finish_cap
            .map_or(0.0, |cap| STRICT_LATE * (makespan - cap - 1e-9).max(0.0))
    }

    /// Earliest start of each task (clock time) if every task could go to its
    /// fastest allowed developer with nobody else in the way.
    pub fn heads(&self) -> &[i64] {
        &self.heads
    }

    /// [`Instance::heads`], computed once when the instance is built.
    fn compute_heads(&self) -> Vec<i64> {
        let d = self.cal.day_minutes;
        let mut head = vec![0i64; self.n()];
        let mut finish = vec![0i64; self.n()];
        for &j in &self.topo {
            let r = self.preds[j].iter().map(|&q| finish[q]).max().unwrap_or(0);
            head[j] = r;
            finish[j] = self.allowed[j]
                .iter()
                .filter_map(|&dev| {
                    let dc = &self.cal.developers[dev];
                    dc.end_at(dc.work_before(r, d) + self.p[j], d)
                })
                .min()
                .unwrap_or(i64::MAX / 4);
        }
        head
    }

    /// Longest chain of work (minutes) from the start of each task to the end
    /// of the backlog, the task included.
    pub fn tails(&self) -> Vec<i64> {
        let mut tail = vec![0i64; self.n()];
        for &j in self.topo.iter().rev() {
            tail[j] = self.p[j] + self.succs[j].iter().map(|&s| tail[s]).max().unwrap_or(0);
        }
        tail
    }
}
