//! A plan as people read it: tasks with developers, dates and sprints; the
//! stretches of work; load per developer and sprint; a summary. Also the
//! writers of plan.csv, schedule.csv, load.csv and summary.json (SPEC 5) and
//! the sprint-by-sprint view for the terminal.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

use crate::calendar::minutes_to_hours;
use crate::model::{Backlog, Priority, Warning};
use crate::optimizer::schedule::stretches;
use crate::optimizer::Optimized;
use crate::report::safe::{cell, Cells};
use crate::team::Team;

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
    /// Sprint start dates, index k-1 for sprint k, over the planned sprints.
    pub sprints: Vec<(u32, NaiveDate, NaiveDate)>,
    /// Objective name.
    pub objective_name: &'static str,
    /// Objective value.
    pub objective: f64,
    /// Prefer penalties included in what the search minimised.
    pub prefer_penalty: f64,
    /// Proven lower bound.
    pub lower_bound: f64,
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
    /// Warnings (input warnings and missed due dates).
    pub warnings: Vec<Warning>,
}

/// One sprint of the terminal view: number, first and last date, and per
/// developer (name, task titles in working order, hours, capacity).
pub(crate) type SprintRows = (
    u32,
    NaiveDate,
    NaiveDate,
    Vec<(String, Vec<String>, f64, f64)>,
);

fn fmt_dt(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// The columns plan.csv starts with (SPEC section 5); the backlog's extra
/// columns follow. The workbook's Plan sheet has the same.
pub const PLAN_COLUMNS: [&str; 14] = [
    "id",
    "title",
    "project",
    "priority",
    "category",
    "hours",
    "developer",
    "start",
    "finish",
    "start_sprint",
    "finish_sprint",
    "finish_hours",
    "due",
    "late",
];

/// The columns of schedule.csv (and of the workbook's Schedule sheet).
pub const SCHEDULE_COLUMNS: [&str; 5] = ["task_id", "developer", "start", "end", "hours"];

/// The columns of load.csv (and of the workbook's Load sheet).
pub const LOAD_COLUMNS: [&str; 5] = [
    "developer",
    "sprint",
    "capacity_hours",
    "planned_hours",
    "utilization",
];

/// `x` rounded to `places` decimals, for the JSON files.
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Shortest decimal form with at most `places` decimals.
pub fn num(x: f64, places: usize) -> String {
    let s = format!("{x:.places$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

impl Plan {
    /// Builds the plan from the optimizer's result.
    pub fn new(backlog: &Backlog, team: &Team, opt: &Optimized) -> Plan {
        let inst = &opt.inst;
        let cal = &inst.cal;
        let sched = &opt.schedule;
        let mut tasks = Vec::with_capacity(inst.n());
        let mut warnings = backlog.warnings.clone();
        for j in 0..inst.n() {
            let t = &backlog.tasks[inst.task[j]];
            let start = cal.start_datetime(sched.start[j]);
            let finish = cal.end_datetime(sched.finish[j]);
            let late = t.due.is_some_and(|d| finish.date() > d);
            if late {
                warnings.push(Warning {
                    at: crate::Location::new(backlog.source.clone(), t.line),
                    message: format!(
                        "task \"{}\" is due {} but finishes {}",
                        t.title,
                        t.due.map(|d| d.to_string()).unwrap_or_default(),
                        fmt_dt(&finish)
                    ),
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
        let last_sprint = tasks.iter().map(|t| t.finish_sprint).max().unwrap_or(1);
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
            for k in 1..=last_sprint {
                load.push(Load {
                    developer: dev.name.clone(),
                    sprint: k,
                    capacity_hours: minutes_to_hours(capacity[d][k as usize - 1]),
                    planned_hours: planned[d][k as usize - 1],
                });
            }
        }
        let sprints = (1..=last_sprint)
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
            sprints,
            objective_name: inst.objective.as_str(),
            objective: opt.cost.objective,
            prefer_penalty: opt.cost.penalty,
            lower_bound: opt.lower_bound,
            gap: opt.gap(),
            status: opt.status.as_str(),
            solver: opt.solver,
            solve_seconds: opt.solve_seconds,
            projects,
            priorities,
            warnings,
        }
    }

    /// plan.csv, with formula-like text cells neutralised ([`Cells`]).
    pub fn write_plan_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_plan_csv_with(out, Cells::default())
    }

    /// plan.csv, text cells written as `cells` says.
    pub fn write_plan_csv_with(&self, out: &mut dyn Write, cells: Cells) -> io::Result<()> {
        let text = |s: &str| cell(s, cells).into_owned();
        let mut w = csv::Writer::from_writer(out);
        let mut header: Vec<String> = PLAN_COLUMNS.iter().map(|s| s.to_string()).collect();
        header.extend(self.extra_columns.iter().map(|c| text(c)));
        w.write_record(&header)?;
        for t in &self.tasks {
            let mut row = vec![
                text(&t.id),
                text(&t.title),
                text(&t.project),
                t.priority.to_string(),
                text(&t.category),
                num(t.hours, 4),
                text(&t.developer),
                fmt_dt(&t.start),
                fmt_dt(&t.finish),
                t.start_sprint.to_string(),
                t.finish_sprint.to_string(),
                num(t.finish_hours, 4),
                t.due.map(|d| d.to_string()).unwrap_or_default(),
                if t.due.is_some() {
                    t.late.to_string()
                } else {
                    String::new()
                },
            ];
            for col in &self.extra_columns {
                row.push(
                    t.extra
                        .iter()
                        .find(|(k, _)| k == col)
                        .map(|(_, v)| text(v))
                        .unwrap_or_default(),
                );
            }
            w.write_record(&row)?;
        }
        w.flush()
    }

    /// schedule.csv, with formula-like text cells neutralised ([`Cells`]).
    pub fn write_schedule_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_schedule_csv_with(out, Cells::default())
    }

    /// schedule.csv, text cells written as `cells` says.
    pub fn write_schedule_csv_with(&self, out: &mut dyn Write, cells: Cells) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(SCHEDULE_COLUMNS)?;
        for s in &self.stretches {
            w.write_record([
                cell(&s.task_id, cells).into_owned(),
                cell(&s.developer, cells).into_owned(),
                fmt_dt(&s.start),
                fmt_dt(&s.end),
                num(s.hours, 4),
            ])?;
        }
        w.flush()
    }

    /// load.csv, with formula-like developer names neutralised ([`Cells`]).
    pub fn write_load_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_load_csv_with(out, Cells::default())
    }

    /// load.csv, text cells written as `cells` says.
    pub fn write_load_csv_with(&self, out: &mut dyn Write, cells: Cells) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(LOAD_COLUMNS)?;
        for l in &self.load {
            w.write_record([
                cell(&l.developer, cells).into_owned(),
                l.sprint.to_string(),
                num(l.capacity_hours, 4),
                num(l.planned_hours, 4),
                num(l.utilization(), 4),
            ])?;
        }
        w.flush()
    }

    /// The summary as JSON (summary.json, and `--format json` on stdout).
    pub fn summary_json(&self) -> Value {
        let mut projects = Map::new();
        for (p, f) in &self.projects {
            projects.insert(p.clone(), json!(fmt_dt(f)));
        }
        let mut priorities = Map::new();
        for (p, f) in &self.priorities {
            priorities.insert(p.to_string(), json!(fmt_dt(f)));
        }
        let finish = self.tasks.iter().map(|t| t.finish).max();
        let due: Vec<Value> = self
            .tasks
            .iter()
            .filter_map(|t| {
                t.due.map(|d| {
                    json!({"id": t.id, "due": d.to_string(), "finish": fmt_dt(&t.finish), "late": t.late})
                })
            })
            .collect();
        json!({
            "objective": {"name": self.objective_name, "value": round(self.objective, 4)},
            "lower_bound": round(self.lower_bound, 4),
            "gap": round(self.gap, 6),
            "status": self.status,
            "solver": self.solver,
            "solve_seconds": round(self.solve_seconds, 3),
            "prefer_penalty": round(self.prefer_penalty, 4),
            "tasks": self.tasks.len(),
            "hours": round(self.tasks.iter().map(|t| t.hours).sum::<f64>(), 4),
            "finish": finish.map(|f| fmt_dt(&f)),
            "sprints": self.sprints.len(),
            "projects": projects,
            "priorities": priorities,
            "due": due,
            "warnings": self.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        })
    }

    /// summary.json text (pretty, trailing newline).
    pub fn write_summary_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.summary_json())?;
        writeln!(out)
    }

    /// Per sprint and developer: (tasks worked, hours, capacity).
    pub(crate) fn sprint_rows(&self) -> Vec<SprintRows> {
        // Indexed once, so the rows cost one pass over the stretches however
        // many sprints and tasks the plan has.
        let mut position: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(self.tasks.len());
        for (pos, t) in self.tasks.iter().enumerate() {
            position.entry(t.id.as_str()).or_insert(pos);
        }
        // (sprint, developer) -> task position -> its first start in the sprint.
        let mut worked_in: BTreeMap<(u32, &str), BTreeMap<usize, NaiveDateTime>> = BTreeMap::new();
        for s in &self.stretches {
            if let Some(&pos) = position.get(s.task_id.as_str()) {
                worked_in
                    .entry((s.sprint, s.developer.as_str()))
                    .or_default()
                    .entry(pos)
                    .and_modify(|t| *t = (*t).min(s.start))
                    .or_insert(s.start);
            }
        }
        let mut load_of: BTreeMap<u32, Vec<&Load>> = BTreeMap::new();
        for l in &self.load {
            load_of.entry(l.sprint).or_default().push(l);
        }
        let mut out = Vec::new();
        for &(k, from, to) in &self.sprints {
            let mut rows = Vec::new();
            for l in load_of.get(&k).map(Vec::as_slice).unwrap_or(&[]) {
                // In the order they are worked.
                let mut worked: Vec<(NaiveDateTime, String)> = worked_in
                    .get(&(k, l.developer.as_str()))
                    .map(|tasks| {
                        tasks
                            .iter()
                            .map(|(&pos, &first)| (first, self.tasks[pos].title.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                worked.sort();
                rows.push((
                    l.developer.clone(),
                    worked.into_iter().map(|(_, t)| t).collect(),
                    l.planned_hours,
                    l.capacity_hours,
                ));
            }
            out.push((k, from, to, rows));
        }
        out
    }

    fn headline(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} tasks, {} hours; objective {} = {} (lower bound {}, gap {}%, {}, {} in {} s)",
            self.tasks.len(),
            num(self.tasks.iter().map(|t| t.hours).sum(), 2),
            self.objective_name,
            num(self.objective, 2),
            num(self.lower_bound, 2),
            num(self.gap * 100.0, 2),
            self.status,
            self.solver,
            num(self.solve_seconds, 2)
        )];
        if let Some(f) = self.tasks.iter().map(|t| t.finish).max() {
            lines.push(format!("All open work done by {}", fmt_dt(&f)));
        }
        lines
    }

    /// The sprint-by-sprint table for the terminal.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        for line in self.headline() {
            writeln!(out, "{line}")?;
        }
        let width = self
            .load
            .iter()
            .map(|l| l.developer.chars().count())
            .max()
            .unwrap_or(9)
            .max(9);
        for (k, from, to, rows) in self.sprint_rows() {
            writeln!(out)?;
            writeln!(out, "Sprint {k} ({from} to {to})")?;
            writeln!(
                out,
                "  {:<width$} {:>7} {:>9} {:>5}  tasks",
                "developer", "hours", "capacity", "use"
            )?;
            for (dev, titles, hours, cap) in rows {
                let util = if cap > 0.0 { hours / cap * 100.0 } else { 0.0 };
                writeln!(
                    out,
                    "  {:<width$} {:>7} {:>9} {:>4}%  {}",
                    dev,
                    num(hours, 1),
                    num(cap, 1),
                    num(util, 0),
                    if titles.is_empty() {
                        "-".to_string()
                    } else {
                        titles.join("; ")
                    }
                )?;
            }
        }
        writeln!(out)?;
        writeln!(out, "Finish by project")?;
        for (p, f) in &self.projects {
            writeln!(out, "  {:<40} {}", p, fmt_dt(f))?;
        }
        writeln!(out, "Finish by priority")?;
        for (p, f) in &self.priorities {
            writeln!(out, "  {:<40} {}", p.as_str(), fmt_dt(f))?;
        }
        Ok(())
    }

    /// The stdout JSON view: the summary plus the sprints.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut v = self.summary_json();
        let sprints: Vec<Value> = self
            .sprint_rows()
            .into_iter()
            .map(|(k, from, to, rows)| {
                json!({
                    "sprint": k,
                    "start": from.to_string(),
                    "end": to.to_string(),
                    "developers": rows.into_iter().map(|(dev, titles, hours, cap)| json!({
                        "developer": dev,
                        "hours": hours,
                        "capacity_hours": cap,
                        "tasks": titles,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        if let Value::Object(map) = &mut v {
            map.insert("sprint_plan".into(), Value::Array(sprints));
        }
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)
    }
}
