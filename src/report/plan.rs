//! The plan's files and views: plan.csv, schedule.csv, load.csv and
//! summary.json (SPEC 5), the sprint-by-sprint table for the terminal and
//! the JSON on stdout.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

use crate::plan::{Load, Plan};
use crate::text::date_time as fmt_dt;
use crate::text::escape::{cell, Cells};
use crate::text::{num, round};

/// One sprint of the terminal view: number, first and last date, and per
/// developer (name, task titles in working order, hours, capacity).
pub(crate) type SprintRows = (
    u32,
    NaiveDate,
    NaiveDate,
    Vec<(String, Vec<String>, f64, f64)>,
);

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

impl Plan {
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
        let mut summary = json!({
            "objective": {"name": self.objective_name, "value": round(self.objective, 4)},
            "lower_bound": round(self.lower_bound, 4),
            "bound_source": self.bound_source,
            "gap": round(self.gap, 6),
            "status": self.status,
            "solver": self.solver,
            "solve_seconds": round(self.solve_seconds, 3),
            "prefer_penalty": round(self.prefer_penalty, 4),
            "late_penalty": round(self.late_penalty, 4),
            "stability_penalty": round(self.stability_penalty, 4),
            "tasks": self.tasks.len(),
            "hours": round(self.tasks.iter().map(|t| t.hours).sum::<f64>(), 4),
            "finish": finish.map(|f| fmt_dt(&f)),
            "finish_set_by": self.finish_set_by,
            "unplanned": self.unplanned.iter().map(|u| json!({
                "id": u.id,
                "title": u.title,
                "project": u.project,
                "priority": u.priority.to_string(),
                "cause": u.cause,
                "reason": u.reason,
            })).collect::<Vec<_>>(),
            "sprints": self.sprints.len(),
            "projects": projects,
            "priorities": priorities,
            "due": due,
            "warnings": self.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        });
        if let (Some(as_of), Some(map)) = (self.as_of, summary.as_object_mut()) {
            // Only in a re-plan, so a plan from the calendar start keeps its bytes.
            map.insert("as_of".into(), json!(as_of.to_string()));
        }
        summary
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
        if let Some(as_of) = self.as_of {
            lines.push(format!(
                "Planned as of {as_of}: nothing before it; in-progress tasks continue first"
            ));
        }
        if let Some(f) = self.tasks.iter().map(|t| t.finish).max() {
            lines.push(format!("All open work done by {}", fmt_dt(&f)));
            if let Some(why) = &self.finish_set_by {
                lines.push(format!("What sets the earliest finish: {why}."));
            }
        }
        if !self.unplanned.is_empty() {
            lines.push(format!(
                "Not planned ({} task{}; --strict refuses to plan without them):",
                self.unplanned.len(),
                if self.unplanned.len() == 1 { "" } else { "s" }
            ));
            for u in &self.unplanned {
                lines.push(format!("  {} [{}]: {}", u.title, u.cause, u.reason));
            }
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

    /// The stdout JSON view: the summary plus the sprints and the tasks
    /// (`planned_tasks`, [`super::json::TaskRow`]).
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
            map.insert(
                "planned_tasks".into(),
                serde_json::to_value(super::json::task_rows(self))?,
            );
        }
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)
    }
}
