//! The planning instance: open tasks with their minutes, weights, allowed and
//! preferred developers, dependencies and deadlines, over the team's working
//! time. Everything the optimizer needs, in flat vectors indexed by open task.

use crate::calendar::{hours_to_minutes, WorkCalendar};
use crate::eligibility;
use crate::error::infeasible::{Facts, Kind};
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
            previous: None,
        }
    }
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

/// The flattened instance. Open task `j` is backlog task `task[j]`.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Backlog index of each open task.
    pub task: Vec<usize>,
    /// Effort in minutes.
    pub p: Vec<i64>,
    /// Objective weight.
    pub w: Vec<f64>,
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
    /// Cost of breaking a preference of task j: w_j × prefer penalty hours.
    pub prefer_cost: Vec<f64>,
    /// The developer an earlier plan gave task j, when the task may still go
    /// to them (`--previous`).
    pub keep: Vec<Option<usize>>,
    /// Cost of moving task j away from `keep[j]`: w_j × reassign hours.
    pub keep_cost: Vec<f64>,
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
        let mut index = vec![usize::MAX; backlog.tasks.len()];
        let mut task = Vec::new();
        for (i, t) in backlog.tasks.iter().enumerate() {
            if t.is_open() {
                index[i] = task.len();
                task.push(i);
            }
        }
        let n = task.len();
        if n > 0 {
            if let Some(why) = crate::calendar::nobody_works(team) {
                return Err(Error::Infeasible(Box::new(why)));
            }
        }
        // In progress: the hours left, on the developer already on it.
        let p: Vec<i64> = task
            .iter()
            .map(|&i| hours_to_minutes(backlog.tasks[i].hours_to_plan()))
            .collect();
        let w: Vec<f64> = task
            .iter()
            .map(|&i| team.weights.of(backlog.tasks[i].priority))
            .collect();
        let total: i64 = p.iter().fold(0i64, |a, &b| a.saturating_add(b));
        let cal = WorkCalendar::new(team, total, min_days);
        let mut allowed = Vec::with_capacity(n);
        let mut preferred = Vec::with_capacity(n);
        let mut first = Vec::new();
        for (j, &i) in task.iter().enumerate() {
            let t = &backlog.tasks[i];
            if let Some(d) = continues_on(t, team, &cal, p[j]) {
                // Unlike an owner, rules and skills do not stop it (Plan warns).
                first.push(j);
                allowed.push(vec![d]);
                preferred.push(Vec::new());
                continue;
            }
            let a = eligibility::allowed(t, team);
            if let Some(why) = a.why_empty {
                return Err(Error::Infeasible(Box::new(why)));
            }
            allowed.push(a.developers);
            preferred.push(a.preferred);
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
        let due = task
            .iter()
            .map(|&i| backlog.tasks[i].due.map(|d| cal.time_after_date(d)))
            .collect();
        let prefer_cost = w.iter().map(|wj| wj * team.prefer_penalty_hours).collect();
        let keep: Vec<Option<usize>> = task
            .iter()
            .enumerate()
            .map(|(j, &i)| {
                let before = opts.previous.as_ref()?.task(&backlog.tasks[i].id)?;
                let d = team.developer_index(&before.developer)?;
                (!is_first[j] && allowed[j].contains(&d)).then_some(d)
            })
            .collect();
        let keep_cost = w
            .iter()
            .map(|wj| wj * team.weights.reassign_hours)
            .collect();
        let inst = Instance {
            task,
            p,
            w,
            allowed,
            preferred,
            preds,
            succs,
            topo,
            due,
            strict_due: opts.strict_due,
            prefer_cost,
            keep,
            keep_cost,
            first,
            is_first,
            cal,
            objective: opts.objective,
            names: team.developers.iter().map(|d| d.name.clone()).collect(),
        };
        inst.drop_developers_without_time(backlog)?;
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

    /// Removes from each task the developers who never have enough working
    /// time for it; explains the task that has nobody left.
    fn drop_developers_without_time(&self, backlog: &Backlog) -> Result<()> {
        for j in 0..self.n() {
            let fits = self.allowed[j]
                .iter()
                .any(|&d| self.cal.developers[d].total() >= self.p[j]);
            if !fits {
                let t = &backlog.tasks[self.task[j]];
                let developers = self.allowed[j]
                    .iter()
                    .map(|&d| {
                        (
                            self.names[d].clone(),
                            crate::calendar::minutes_to_hours(self.cal.developers[d].total()),
                        )
                    })
                    .collect();
                return Err(Error::infeasible(
                    Kind::Capacity,
                    vec![t.id.clone()],
                    Facts::Capacity {
                        title: t.title.clone(),
                        hours: t.hours,
                        horizon: self.cal.limit().map(|l| l.to_string()),
                        developers,
                    },
                ));
            }
        }
        Ok(())
    }

    /// Earliest start of each task (clock time) if every task could go to its
    /// fastest allowed developer with nobody else in the way.
    pub fn heads(&self) -> Vec<i64> {
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
