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
use crate::text::fit::{self, Width};
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

    /// One plain sentence on what the objective measures, with the
    /// penalties it includes: under the objective's figure in the views.
    pub fn objective_sentence(&self) -> String {
        let w = &self.weights;
        let mut text = if self.objective_name == "makespan" {
            "The makespan objective is when the last task finishes, in business hours from \
             the plan's start"
                .to_string()
        } else {
            format!(
                "The weighted objective adds up each task's finish, in business hours from the \
                 plan's start, times its priority's weight (URGENT {}, HIGH {}, MEDIUM {}, LOW {})",
                num(w.urgent, 2),
                num(w.high, 2),
                num(w.medium, 2),
                num(w.low, 2)
            )
        };
        let costs: Vec<String> = [
            (self.late_penalty, "for work past due dates"),
            (self.prefer_penalty, "for preferences not met"),
            (
                self.stability_penalty,
                "for tasks moved from the previous plan",
            ),
        ]
        .iter()
        .filter(|(cost, _)| *cost > 0.0)
        .map(|(cost, what)| format!("{} {what}", num(*cost, 2)))
        .collect();
        if !costs.is_empty() {
            text.push_str(&format!(", plus {}", and_list(&costs)));
        }
        text.push_str(": lower is better, and no plan can go below the lower bound.");
        text
    }

    fn headline(&self) -> Vec<String> {
        let mut lines = vec![
            format!(
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
            ),
            self.objective_sentence(),
        ];
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
        lines
    }

    /// The sprint-by-sprint table for the terminal, fitting `width`: one
    /// line per developer and sprint (hours, capacity, use) with the tasks
    /// they work on below it, one per line, in working order.
    pub fn write_table(&self, out: &mut dyn Write, width: Width) -> io::Result<()> {
        for line in self.headline() {
            for part in width.wrap(&line, 2) {
                writeln!(out, "{part}")?;
            }
        }
        if !self.unplanned.is_empty() {
            writeln!(
                out,
                "Not planned ({} task{}; --strict refuses to plan without them):",
                self.unplanned.len(),
                if self.unplanned.len() == 1 { "" } else { "s" }
            )?;
            for u in &self.unplanned {
                let line = format!("  {} [{}]: {}", u.title, u.cause, u.reason);
                for part in width.wrap(&line, 4) {
                    writeln!(out, "{part}")?;
                }
            }
        }
        let name = self
            .load
            .iter()
            .map(|l| fit::columns(&l.developer))
            .max()
            .unwrap_or(9)
            .max(9);
        // The numbers need 26 columns after the name; a name longer than the
        // terminal leaves is cut.
        let name = match width {
            Width::Fit(columns) => name.min(columns.saturating_sub(2 + 26).max(9)),
            Width::Wide => name,
        };
        for (k, from, to, rows) in self.sprint_rows() {
            writeln!(out)?;
            writeln!(out, "Sprint {k} ({from} to {to})")?;
            writeln!(
                out,
                "  {} {:>7} {:>9} {:>5}",
                fit::pad("developer", name),
                "hours",
                "capacity",
                "use"
            )?;
            for (dev, titles, hours, cap) in rows {
                let util = if cap > 0.0 { hours / cap * 100.0 } else { 0.0 };
                writeln!(
                    out,
                    "  {} {:>7} {:>9} {:>4}%",
                    fit::pad(&fit::truncate(&dev, name), name),
                    num(hours, 1),
                    num(cap, 1),
                    num(util, 0),
                )?;
                for title in titles {
                    writeln!(out, "    {}", width.cut(&title, 4))?;
                }
            }
        }
        writeln!(out)?;
        writeln!(out, "Finish by project")?;
        let finishes = self
            .projects
            .iter()
            .map(|(p, f)| (crate::model::project_name(p), f))
            .chain(self.priorities.iter().map(|(p, f)| (p.as_str(), f)));
        let label = finishes
            .clone()
            .map(|(p, _)| fit::columns(p))
            .max()
            .unwrap_or(0);
        // 2 columns of indent, 1 between, 16 for the date-time.
        let label = match width {
            Width::Fit(columns) => label.min(columns.saturating_sub(2 + 1 + 16)),
            Width::Wide => label,
        };
        for (i, (p, f)) in finishes.enumerate() {
            if i == self.projects.len() {
                writeln!(out, "Finish by priority")?;
            }
            writeln!(
                out,
                "  {} {}",
                fit::pad(&fit::truncate(p, label), label),
                fmt_dt(f)
            )?;
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

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, init)) if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}
