//! A plan as people read it: tasks with developers, dates and sprints; the
//! stretches of work; load per developer and sprint; a summary. Built from
//! the optimizer's result; its files and views (plan.csv, schedule.csv,
//! load.csv, summary.json, the terminal table) are in [`crate::report::plan`].

use chrono::{NaiveDate, NaiveDateTime};

use crate::calendar::{minutes_to_hours, WorkCalendar};
use crate::model::{Backlog, Priority, Warning};
use crate::optimizer::schedule::stretches;
use crate::optimizer::Optimized;
use crate::team::Team;
use crate::text::date_time as fmt_dt;

/// One planned task (a row of plan.csv).
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedTask {
    /// Task id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Project.
    pub project: String,
    /// Priority.
    pub priority: Priority,
    /// Category.
    pub category: String,
    /// Hours.
    pub hours: f64,
    /// Developer name.
    pub developer: String,
    /// First minute of work.
    pub start: NaiveDateTime,
    /// End of the last minute of work.
    pub finish: NaiveDateTime,
    /// Sprint of the start date.
    pub start_sprint: u32,
    /// Sprint of the finish date.
    pub finish_sprint: u32,
    /// Finish in business hours from the plan start (SPEC 4.3).
    pub finish_hours: f64,
    /// Due date, if any.
    pub due: Option<NaiveDate>,
    /// Whether the finish is after the due date.
    pub late: bool,
    /// Ids of the open tasks it waits for, in backlog order.
    pub depends_on: Vec<String>,
    /// Extra backlog columns, passed through.
    pub extra: Vec<(String, String)>,
}

/// An open task the plan leaves out (SPEC 9.3), and why.
#[derive(Debug, Clone, PartialEq)]
pub struct UnplannedTask {
    /// Task id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Project.
    pub project: String,
    /// Priority.
    pub priority: Priority,
    /// The kind of cause: estimate, skills, rules, owner, capacity or
    /// dependency.
    pub cause: &'static str,
    /// The reason in a sentence.
    pub reason: String,
}

/// One stretch of work (a row of schedule.csv).
#[derive(Debug, Clone, PartialEq)]
pub struct WorkStretch {
    /// Task id.
    pub task_id: String,
    /// Developer.
    pub developer: String,
    /// Start.
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// Hours worked.
    pub hours: f64,
    /// Sprint of the day.
    pub sprint: u32,
}

/// Load of one developer in one sprint (a row of load.csv).
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// Developer.
    pub developer: String,
    /// Sprint (1-based).
    pub sprint: u32,
    /// Working hours the developer has in the sprint.
    pub capacity_hours: f64,
    /// Hours planned.
    pub planned_hours: f64,
}

impl Load {
    /// planned / capacity (0 without capacity).
    pub fn utilization(&self) -> f64 {
        if self.capacity_hours > 0.0 {
            self.planned_hours / self.capacity_hours
        } else {
            0.0
        }
    }
}

/// A whole plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Open tasks in backlog order.
    pub tasks: Vec<PlannedTask>,
    /// Stretches by developer and time.
    pub stretches: Vec<WorkStretch>,
    /// Load by developer (team order) and sprint.
    pub load: Vec<Load>,
    /// Names of extra columns.
    pub extra_columns: Vec<String>,
    /// The as-of date of a re-plan (`--as-of`): the first day planned;
    /// None when the plan starts at the calendar's start.
    pub as_of: Option<NaiveDate>,
    /// Sprint start dates, index k-1 for sprint k, over the planned sprints.
    pub sprints: Vec<(u32, NaiveDate, NaiveDate)>,
    /// What sets the earliest finish and what would move it (SPEC 9.5),
    /// as `check` states it.
    pub finish_set_by: Option<String>,
    /// Objective name.
    pub objective_name: &'static str,
    /// The priority weights the weighted objective multiplies finishes by.
    pub weights: crate::team::Weights,
    /// Objective value: what the plan minimised (docs/optimizer.md), the
    /// finish term plus lateness, prefer penalties and stability costs.
    pub objective: f64,
    /// Prefer penalties included in the objective.
    pub prefer_penalty: f64,
    /// Lateness past due dates included in the objective (0 with
    /// `--strict-due`, whose plans meet every due date).
    pub late_penalty: f64,
    /// Costs of moving tasks away from the previous plan's developer
    /// (`--previous`) included in the objective.
    pub stability_penalty: f64,
    /// Proven lower bound.
    pub lower_bound: f64,
    /// The argument the bound comes from (docs/optimizer.md).
    pub bound_source: &'static str,
    /// (objective − bound) / objective.
    pub gap: f64,
    /// optimal / time_limit / heuristic.
    pub status: &'static str,
    /// Solver name.
    pub solver: &'static str,
    /// Seconds spent.
    pub solve_seconds: f64,
    /// Finish per project (first-appearance order).
    pub projects: Vec<(String, NaiveDateTime)>,
    /// Finish per priority.
    pub priorities: Vec<(Priority, NaiveDateTime)>,
    /// Open tasks left out of the plan, in backlog order (SPEC 9.3).
    pub unplanned: Vec<UnplannedTask>,
    /// Warnings (input warnings, tasks not planned and missed due dates).
    pub warnings: Vec<Warning>,
    /// The planning clock and every developer's working time: the Gantt
    /// chart draws working time only, and each developer's time off.
    pub calendar: WorkCalendar,
}

impl Plan {
    /// Builds the plan from the optimizer's result.
    pub fn new(backlog: &Backlog, team: &Team, opt: &Optimized) -> Plan {
        let inst = &opt.inst;
        let cal = &inst.cal;
        let sched = &opt.schedule;
        let mut tasks = Vec::with_capacity(inst.n());
        let mut warnings = backlog.warnings.clone();
        // Only a late task's warning needs the earliest finishes.
        let earliest = if inst.due.iter().any(Option::is_some) {
            crate::optimizer::bound::earliest_finish(inst)
        } else {
            vec![0.0; inst.n()]
        };
        let unplanned: Vec<UnplannedTask> = inst
            .unplanned
            .iter()
            .map(|u| {
                let t = &backlog.tasks[u.task];
                UnplannedTask {
                    id: t.id.clone(),
                    title: t.title.clone(),
                    project: t.project.clone(),
                    priority: t.priority,
                    cause: u.why.kind.as_str(),
                    reason: u.why.to_string(),
                }
            })
            .collect();
        for (u, why) in inst.unplanned.iter().zip(&unplanned) {
            // A missing estimate is already warned about by the reader.
            if u.why.kind != crate::error::infeasible::Kind::Estimate {
                warnings.push(Warning {
                    at: crate::Location::new(backlog.source.clone(), backlog.tasks[u.task].line),
                    message: format!("not planned: {}", why.reason),
                });
            }
        }
        for (j, &ef) in earliest.iter().enumerate() {
            let t = &backlog.tasks[inst.task[j]];
            let start = cal.start_datetime(sched.start[j]);
            let finish = cal.end_datetime(sched.finish[j]);
            let late = t.due.is_some_and(|d| finish.date() > d);
            if late {
                warnings.push(Warning {
                    at: crate::Location::new(backlog.source.clone(), t.line),
                    message: late_message(t, &finish, inst, ef, j),
                });
            }
            tasks.push(PlannedTask {
                id: t.id.clone(),
                title: t.title.clone(),
                project: t.project.clone(),
                priority: t.priority,
                category: t.category.clone(),
                hours: t.hours,
                developer: inst.names[sched.dev[j]].clone(),
                start,
                finish,
                start_sprint: cal.sprint_of(start.date()),
                finish_sprint: cal.sprint_of(finish.date()),
                finish_hours: cal.business_hours(sched.finish[j]),
                due: t.due,
                late,
                depends_on: {
                    let mut preds = inst.preds[j].clone();
                    preds.sort_unstable();
                    preds
                        .iter()
                        .map(|&i| backlog.tasks[inst.task[i]].id.clone())
                        .collect()
                },
                extra: t.extra.clone(),
            });
        }
        let stretches: Vec<WorkStretch> = stretches(inst, sched)
            .into_iter()
            .map(|s| {
                let start = cal.start_datetime(s.start);
                WorkStretch {
                    task_id: backlog.tasks[inst.task[s.task]].id.clone(),
                    developer: inst.names[s.dev].clone(),
                    start,
                    end: cal.end_datetime(s.end),
                    hours: minutes_to_hours(s.end - s.start),
                    sprint: cal.sprint_of(start.date()),
                }
            })
            .collect();
        // A re-plan lists the sprints from the as-of date's on: the earlier
        // ones are history.
        let first_sprint = cal.sprint_of(team.calendar.plan_start());
        let last_sprint = tasks
            .iter()
            .map(|t| t.finish_sprint)
            .max()
            .unwrap_or(first_sprint)
            .max(first_sprint);
        // One pass over the days and one over the stretches: a plan of
        // thousands of sprints and stretches must not multiply the two.
        let sprints_n = last_sprint as usize;
        let mut capacity = vec![vec![0i64; sprints_n]; team.developers.len()];
        for (b, day) in cal.days.iter().enumerate() {
            let k = cal.sprint_of(*day) as usize;
            if (1..=sprints_n).contains(&k) {
                for (d, dc) in cal.developers.iter().enumerate() {
                    capacity[d][k - 1] += dc.cap.get(b).copied().unwrap_or(0);
                }
            }
        }
        let mut planned = vec![vec![0.0f64; sprints_n]; team.developers.len()];
        for s in &stretches {
            let d = team
                .developers
                .iter()
                .position(|dev| dev.name == s.developer);
            if let (Some(d), true) = (d, (1..=sprints_n).contains(&(s.sprint as usize))) {
                planned[d][s.sprint as usize - 1] += s.hours;
            }
        }
        let mut load = Vec::new();
        for (d, dev) in team.developers.iter().enumerate() {
            for k in first_sprint..=last_sprint {
                load.push(Load {
                    developer: dev.name.clone(),
                    sprint: k,
                    capacity_hours: minutes_to_hours(capacity[d][k as usize - 1]),
                    planned_hours: planned[d][k as usize - 1],
                });
            }
        }
        let sprints = (first_sprint..=last_sprint)
            .map(|k| {
                let s = cal.sprint_start(k);
                let e = cal.sprint_start(k + 1).pred_opt().unwrap_or(s);
                (k, s, e)
            })
            .collect();
        let mut projects: Vec<(String, NaiveDateTime)> = Vec::new();
        for t in &tasks {
            match projects.iter_mut().find(|(p, _)| *p == t.project) {
                Some(e) => e.1 = e.1.max(t.finish),
                None => projects.push((t.project.clone(), t.finish)),
            }
        }
        let priorities = Priority::ALL
            .iter()
            .filter_map(|&p| {
                tasks
                    .iter()
                    .filter(|t| t.priority == p)
                    .map(|t| t.finish)
                    .max()
                    .map(|f| (p, f))
            })
            .collect();
        Plan {
            tasks,
            stretches,
            load,
            extra_columns: backlog.extra_columns.clone(),
            as_of: team.calendar.as_of.map(|_| team.calendar.plan_start()),
            sprints,
            finish_set_by: (inst.n() > 0)
                .then(|| {
                    crate::check::finish_bound(&planned_only(backlog, inst), team, &inst.cal).ok()
                })
                .flatten()
                .map(|b| b.binding()),
            objective_name: inst.objective.as_str(),
            weights: team.weights,
            objective: opt.cost.total(inst.strict_due),
            prefer_penalty: opt.cost.penalty,
            late_penalty: if inst.strict_due { 0.0 } else { opt.cost.late },
            stability_penalty: opt.cost.moved,
            lower_bound: opt.lower_bound,
            bound_source: opt.bound_source.as_str(),
            gap: opt.gap(),
            status: opt.status.as_str(),
            solver: opt.solver,
            solve_seconds: opt.solve_seconds,
            projects,
            priorities,
            unplanned,
            warnings,
            calendar: cal.clone(),
        }
    }
}

/// The warning of a task that finishes after its due date: by how much, and
/// whether it could have been on time: the earliest it can finish with
/// nobody in its way (its dependencies, then its hours on its fastest
/// allowed developer) is the smallest lateness any plan can give it alone.
fn late_message(
    t: &crate::model::Task,
    finish: &NaiveDateTime,
    inst: &crate::optimizer::Instance,
    earliest_hours: f64,
    j: usize,
) -> String {
    let due = t.due.map(|d| d.to_string()).unwrap_or_default();
    let earliest = inst
        .cal
        .end_datetime(inst.cal.time_of_business_hours(earliest_hours));
    let who: Vec<&str> = inst.allowed[j]
        .iter()
        .map(|&d| inst.names[d].as_str())
        .collect();
    let after = if inst.preds[j].is_empty() {
        ""
    } else {
        " after its dependencies"
    };
    if t.due.is_some_and(|d| earliest.date() > d) {
        format!(
            "task \"{}\" is due {due} but finishes {}: it cannot finish before {} ({} h{after} on {}), so it is late in any plan",
            t.title,
            fmt_dt(finish),
            fmt_dt(&earliest),
            crate::text::num(t.hours_to_plan(), 2),
            who.join(" or ")
        )
    } else {
        format!(
            "task \"{}\" is due {due} but finishes {}: alone it could finish by {}, but other work on {} comes first in the best plan found (a later due date, higher priority or shorter task; --strict-due makes it hard)",
            t.title,
            fmt_dt(finish),
            fmt_dt(&earliest),
            who.join(" or ")
        )
    }
}

/// The backlog with the tasks the plan leaves out marked done, so that
/// what sets the finish is stated for the work that is planned.
fn planned_only(backlog: &Backlog, inst: &crate::optimizer::Instance) -> Backlog {
    let mut planned = backlog.clone();
    for u in &inst.unplanned {
        planned.tasks[u.task].status = crate::model::Status::Done;
    }
    planned
}
