//! The JSON views that need more than one stage's data: the per-task rows
//! of `plan --format json` and `forecast --format json` (`planned_tasks`),
//! and the whole `check` report (`check --format json`). Typed with serde,
//! so each field is named once and docs/formats.md can list them.
//!
//! Texts are written as they are (JSON is no spreadsheet: nothing is
//! neutralised as in the CSV files); hours are rounded to 4 decimals as in
//! plan.csv; date-times are `YYYY-MM-DDTHH:MM`, dates `YYYY-MM-DD`.

use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::check::{CheckReport, Tally};
use crate::forecast::{Forecast, Scope};
use crate::model::Priority;
use crate::plan::{Plan, PlannedTask};
use crate::text::date_time as fmt_dt;
use crate::text::round;

/// One planned task: the columns of plan.csv, typed, and the sprints it is
/// worked in.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    /// Task id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Project (empty without one).
    pub project: String,
    /// URGENT, HIGH, MEDIUM or LOW.
    pub priority: &'static str,
    /// Category (empty without one).
    pub category: String,
    /// The estimate in hours.
    pub hours: f64,
    /// Who works it.
    pub developer: String,
    /// First minute of work.
    pub start: String,
    /// End of the last minute of work.
    pub finish: String,
    /// Sprint of the start.
    pub start_sprint: u32,
    /// Sprint of the finish.
    pub finish_sprint: u32,
    /// Every sprint with a stretch of work on it, in order.
    pub sprints: Vec<u32>,
    /// Finish in team business hours from the plan start.
    pub finish_hours: f64,
    /// Due date, or null.
    pub due: Option<String>,
    /// Whether it finishes after its due date; null without one.
    pub late: Option<bool>,
    /// Ids of the open tasks it waits for.
    pub depends_on: Vec<String>,
    /// The backlog's extra columns, by name (empty without any).
    pub extra: Map<String, Value>,
}

impl TaskRow {
    fn new(plan: &Plan, t: &PlannedTask, sprints: BTreeSet<u32>) -> TaskRow {
        TaskRow {
            id: t.id.clone(),
            title: t.title.clone(),
            project: t.project.clone(),
            priority: t.priority.as_str(),
            category: t.category.clone(),
            hours: round(t.hours, 4),
            developer: t.developer.clone(),
            start: fmt_dt(&t.start),
            finish: fmt_dt(&t.finish),
            start_sprint: t.start_sprint,
            finish_sprint: t.finish_sprint,
            sprints: sprints.into_iter().collect(),
            finish_hours: round(t.finish_hours, 4),
            due: t.due.map(|d| d.to_string()),
            late: t.due.map(|_| t.late),
            depends_on: t.depends_on.clone(),
            extra: plan
                .extra_columns
                .iter()
                .map(|c| {
                    let v = t
                        .extra
                        .iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                    (c.clone(), Value::String(v))
                })
                .collect(),
        }
    }
}

/// The plan's tasks as [`TaskRow`]s, in backlog order (plan.csv's rows).
pub fn task_rows(plan: &Plan) -> Vec<TaskRow> {
    // One pass over the stretches, however many tasks there are.
    let mut sprints: HashMap<&str, BTreeSet<u32>> = HashMap::new();
    for s in &plan.stretches {
        sprints.entry(&s.task_id).or_default().insert(s.sprint);
    }
    plan.tasks
        .iter()
        .map(|t| TaskRow::new(plan, t, sprints.remove(t.id.as_str()).unwrap_or_default()))
        .collect()
}

/// One task of the forecast: its [`TaskRow`] and its forecast.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastTaskRow {
    /// The task as planned.
    #[serde(flatten)]
    pub task: TaskRow,
    /// Half the samples finish it by then; null when more than half never do.
    pub p50: Option<String>,
    /// 85 % of the samples finish it by then; null when more than 15 % never do.
    pub p85: Option<String>,
    /// 95 % of the samples finish it by then; null when more than 5 % never do.
    pub p95: Option<String>,
    /// Share of samples that meet its due date; null without one.
    pub p_on_time: Option<f64>,
    /// Share of samples in which it is not done.
    pub p_unfinished: f64,
}

/// The forecast's tasks, in backlog order: the plan's row of each with its
/// forecast row (matched by id).
pub fn forecast_task_rows(plan: &Plan, forecast: &Forecast) -> Vec<ForecastTaskRow> {
    task_rows(plan)
        .into_iter()
        .filter_map(|task| {
            let r = forecast
                .rows
                .iter()
                .find(|r| r.scope == Scope::Task && r.name == task.id)?;
            Some(ForecastTaskRow {
                task,
                p50: r.p50.as_ref().map(fmt_dt),
                p85: r.p85.as_ref().map(fmt_dt),
                p95: r.p95.as_ref().map(fmt_dt),
                p_on_time: r.p_on_time,
                p_unfinished: r.unfinished,
            })
        })
        .collect()
}

/// `forecast --format json`: the forecast's JSON ([`Forecast::to_json`])
/// with `planned_tasks`, each task's plan and forecast in one row.
pub fn write_forecast(plan: &Plan, forecast: &Forecast, out: &mut dyn Write) -> io::Result<()> {
    let mut v = forecast.to_json();
    if let Value::Object(map) = &mut v {
        map.insert(
            "planned_tasks".into(),
            serde_json::to_value(forecast_task_rows(plan, forecast))?,
        );
    }
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)
}

/// A count of tasks and their hours.
#[derive(Debug, Clone, Serialize)]
pub struct TallyJson {
    /// Tasks.
    pub tasks: usize,
    /// Their hours.
    pub hours: f64,
}

impl From<&Tally> for TallyJson {
    fn from(t: &Tally) -> Self {
        TallyJson {
            tasks: t.tasks,
            hours: round(t.hours, 4),
        }
    }
}

/// A tally of one priority.
#[derive(Debug, Clone, Serialize)]
pub struct PriorityTally {
    /// URGENT, HIGH, MEDIUM or LOW.
    pub priority: &'static str,
    /// Open tasks of it.
    pub tasks: usize,
    /// Their hours.
    pub hours: f64,
}

fn by_priority(cells: &[Tally; 4]) -> Vec<PriorityTally> {
    Priority::ALL
        .iter()
        .zip(cells)
        .map(|(p, t)| PriorityTally {
            priority: p.as_str(),
            tasks: t.tasks,
            hours: round(t.hours, 4),
        })
        .collect()
}

/// Open work of one project.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectJson {
    /// Project (empty for tasks without one).
    pub project: String,
    /// Its open tasks by priority, URGENT first.
    pub by_priority: Vec<PriorityTally>,
    /// All its open tasks.
    pub total: TallyJson,
}

/// One task of the critical path.
#[derive(Debug, Clone, Serialize)]
pub struct PathTask {
    /// Title.
    pub title: String,
    /// Project.
    pub project: String,
    /// Hours.
    pub hours: f64,
}

/// One developer's line of the capacity table.
#[derive(Debug, Clone, Serialize)]
pub struct CapacityJson {
    /// Name.
    pub developer: String,
    /// Role.
    pub role: String,
    /// Contracted hours per week.
    pub weekly_hours: f64,
    /// Share of time for planned work.
    pub focus: f64,
    /// Hours per week for planned tasks.
    pub effective_hours: f64,
    /// Time off, joining late, leaving early (empty: full availability).
    pub availability: Vec<String>,
}

/// Work that rules, skills and owners give to some developers only.
#[derive(Debug, Clone, Serialize)]
pub struct ForcedJson {
    /// Those developers.
    pub developers: Vec<String>,
    /// Hours of that work.
    pub hours: f64,
    /// How many tasks.
    pub tasks: usize,
    /// Business hours by which their calendars first hold it.
    pub business_hours: f64,
}

/// The makespan lower bound and what sets it.
#[derive(Debug, Clone, Serialize)]
pub struct BoundJson {
    /// The bound in team business hours from the plan start.
    pub business_hours: f64,
    /// The earliest date all open work could be done.
    pub date: String,
    /// Business hours of the critical path at the fastest pace.
    pub critical_path_hours: f64,
    /// Business hours the whole team needs for every open hour.
    pub capacity_hours: f64,
    /// The largest forced load, or null.
    pub forced: Option<ForcedJson>,
    /// What sets the finish and what would move it (the sentence `check`
    /// prints after "What sets the finish:").
    pub binding: String,
}

/// Everything `check` reports, as `check --format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckJson {
    /// The backlog file.
    pub source: String,
    /// Every task.
    pub all: TallyJson,
    /// Open tasks (in progress included).
    pub open: TallyJson,
    /// Done tasks.
    pub done: usize,
    /// Open work per project, in backlog order.
    pub projects: Vec<ProjectJson>,
    /// Open work per priority, URGENT first.
    pub priorities: Vec<PriorityTally>,
    /// Hours of the critical path.
    pub critical_path_hours: f64,
    /// Its tasks, first to last.
    pub critical_path: Vec<PathTask>,
    /// The team file, or null when checked without one.
    pub team: Option<String>,
    /// Weekly capacity per developer (empty without a team).
    pub capacity: Vec<CapacityJson>,
    /// Hours per week for planned tasks of the whole team (null without a
    /// team).
    pub team_effective_hours: Option<f64>,
    /// The makespan lower bound (null without a team).
    pub bound: Option<BoundJson>,
    /// Every warning, one line each, in the order found.
    pub warnings: Vec<String>,
}

impl From<&CheckReport> for CheckJson {
    fn from(r: &CheckReport) -> Self {
        CheckJson {
            source: r.source.clone(),
            all: (&r.all).into(),
            open: (&r.open).into(),
            done: r.all.tasks - r.open.tasks,
            projects: r
                .by_project
                .iter()
                .map(|(name, cells, total)| ProjectJson {
                    project: name.clone(),
                    by_priority: by_priority(cells),
                    total: total.into(),
                })
                .collect(),
            priorities: by_priority(&r.by_priority),
            critical_path_hours: round(r.critical_path_hours, 4),
            critical_path: r
                .critical_path
                .iter()
                .map(|(title, project, hours)| PathTask {
                    title: title.clone(),
                    project: project.clone(),
                    hours: round(*hours, 4),
                })
                .collect(),
            team: r.team_source.clone(),
            capacity: r
                .capacity
                .iter()
                .map(|c| CapacityJson {
                    developer: c.name.clone(),
                    role: c.role.clone(),
                    weekly_hours: round(c.weekly_hours, 4),
                    focus: round(c.focus, 4),
                    effective_hours: round(c.effective_hours, 4),
                    availability: c.notes.clone(),
                })
                .collect(),
            team_effective_hours: r
                .team_source
                .as_ref()
                .map(|_| round(r.capacity.iter().map(|c| c.effective_hours).sum(), 4)),
            bound: r.bound.as_ref().map(|b| BoundJson {
                business_hours: round(b.business_hours, 4),
                date: b.date.to_string(),
                critical_path_hours: round(b.critical_path_hours, 4),
                capacity_hours: round(b.capacity_hours, 4),
                forced: b.forced.as_ref().map(|f| ForcedJson {
                    developers: f.developers.clone(),
                    hours: round(f.hours, 4),
                    tasks: f.tasks,
                    business_hours: round(f.business_hours, 4),
                }),
                binding: b.binding(),
            }),
            warnings: r.warnings.iter().map(|w| w.to_string()).collect(),
        }
    }
}

/// `check --format json`: the whole report ([`CheckJson`]), pretty, with a
/// trailing newline.
pub fn write_check(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &CheckJson::from(report))?;
    writeln!(out)
}
