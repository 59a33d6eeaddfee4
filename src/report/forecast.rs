//! The forecast as files and views: forecast.csv and burnup.csv (SPEC 5),
//! the terminal table, Markdown tables and JSON.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::forecast::{BurnupRow, Forecast, ForecastRow, Scope, PERCENTILES};
use crate::text::escape::{self as safe, cell, Cells};
use crate::text::{date_time as fmt_dt, num, percent, shorten};

/// The widest a name gets in the terminal table; longer ones are cut with `…`.
const NAME_WIDTH: usize = 48;

/// The columns of forecast.csv (and of the workbook's Forecast sheet).
pub const FORECAST_COLUMNS: [&str; 8] = [
    "scope",
    "name",
    "p50",
    "p85",
    "p95",
    "due",
    "p_on_time",
    "deterministic",
];

/// The columns of burnup.csv (and of the workbook's Burnup sheet).
pub const BURNUP_COLUMNS: [&str; 8] = [
    "week",
    "start",
    "end",
    "scope_hours",
    "deterministic",
    "p50",
    "p85",
    "p95",
];

impl ForecastRow {
    /// How the row is named in tables: a task's title, a project's name (or
    /// `(no project)`), a priority, `all`.
    fn label(&self) -> &str {
        if self.label.is_empty() && self.scope == Scope::Project {
            "(no project)"
        } else {
            &self.label
        }
    }

    /// The due cell of the tables: a task's date, or for a group with due
    /// dates how many it holds.
    fn due_cell(&self, group_due: usize) -> String {
        match (self.due, self.p_on_time) {
            (Some(d), _) => d.to_string(),
            (None, Some(_)) if group_due == 1 => "1 date".to_string(),
            (None, Some(_)) => format!("{group_due} dates"),
            (None, None) => "-".to_string(),
        }
    }
}

impl Forecast {
    /// forecast.csv: `scope,name,p50,p85,p95,due,p_on_time`, then the plan's
    /// own finish as `deterministic`; a formula-like name is neutralised
    /// ([`Cells`]).
    pub fn write_forecast_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_forecast_csv_with(out, Cells::default())
    }

    /// forecast.csv, the name cells written as `cells` says.
    pub fn write_forecast_csv_with(&self, out: &mut dyn Write, cells: Cells) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(FORECAST_COLUMNS)?;
        for r in &self.rows {
            w.write_record([
                r.scope.as_str().to_string(),
                cell(&r.name, cells).into_owned(),
                fmt_dt(&r.p50),
                fmt_dt(&r.p85),
                fmt_dt(&r.p95),
                r.due.map(|d| d.to_string()).unwrap_or_default(),
                r.p_on_time.map(|p| num(p, 4)).unwrap_or_default(),
                fmt_dt(&r.deterministic),
            ])?;
        }
        w.flush()
    }

    /// burnup.csv: `week,start,end,scope_hours,deterministic,p50,p85,p95`,
    /// hours of estimated work done by the end of each week.
    pub fn write_burnup_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(BURNUP_COLUMNS)?;
        for b in &self.burnup {
            w.write_record([
                b.week.to_string(),
                b.start.to_string(),
                b.end.to_string(),
                num(b.scope_hours, 2),
                num(b.deterministic, 2),
                num(b.p50, 2),
                num(b.p85, 2),
                num(b.p95, 2),
            ])?;
        }
        w.flush()
    }

    fn headline(&self) -> Vec<String> {
        let spread = if self.uncertainty == 1.0 {
            "no uncertainty: every effort as estimated, unless a task gives a range".to_string()
        } else {
            format!(
                "effort log-normal, median = estimate and P90 = {} × estimate unless a task gives a range or confidence",
                num(self.uncertainty, 3)
            )
        };
        vec![
            format!(
                "Forecast of {} open tasks, {} hours: {} samples (seed {}); {}.",
                self.tasks,
                num(self.hours, 2),
                self.samples,
                self.seed,
                spread
            ),
            format!(
                "plan: the {} plan ({}); P{}/P{}/P{}: the dates by which that share of the samples has finished; on time: the share that meets the due date (for a group: every due date in it).",
                self.objective, self.plan_status, PERCENTILES[0], PERCENTILES[1], PERCENTILES[2]
            ),
        ]
    }

    /// The readable table for the terminal: scope, name, the plan's finish,
    /// P50, P85, P95, due and chance on time, one group of rows per scope.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        for line in self.headline() {
            writeln!(out, "{line}")?;
        }
        if self.rows.is_empty() {
            writeln!(out)?;
            writeln!(out, "No open tasks: nothing to forecast.")?;
            return Ok(());
        }
        let width = self
            .rows
            .iter()
            .map(|r| r.label().chars().count().min(NAME_WIDTH))
            .max()
            .unwrap_or(4)
            .max(4);
        let due = self.due_dates.iter().copied();
        let header = format!(
            "{:<8}  {:<width$}  {:<16}  {:<16}  {:<16}  {:<16}  {:<10}  {:>7}",
            "scope", "name", "plan", "P50", "P85", "P95", "due", "on time"
        );
        writeln!(out)?;
        writeln!(out, "{}", header.trim_end())?;
        let mut last_scope = None;
        for (r, due) in self.rows.iter().zip(due) {
            // A blank line between the groups of rows.
            if last_scope.is_some_and(|s| s != r.scope) {
                writeln!(out)?;
            }
            last_scope = Some(r.scope);
            let line = format!(
                "{:<8}  {:<width$}  {}  {}  {}  {}  {:<10}  {:>7}",
                r.scope.as_str(),
                shorten(r.label(), NAME_WIDTH),
                fmt_dt(&r.deterministic),
                fmt_dt(&r.p50),
                fmt_dt(&r.p85),
                fmt_dt(&r.p95),
                r.due_cell(due),
                r.p_on_time.map(percent).unwrap_or_else(|| "-".into()),
            );
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }

    /// The same rows as one Markdown table (no heading, no prose; names
    /// escaped so that they stay plain text in one cell).
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let esc = |s: &str| safe::markdown(s).into_owned();
        writeln!(
            out,
            "| scope | name | plan | P50 | P85 | P95 | due | on time |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|---:|")?;
        for (r, &due) in self.rows.iter().zip(&self.due_dates) {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                r.scope.as_str(),
                esc(r.label()),
                fmt_dt(&r.deterministic),
                fmt_dt(&r.p50),
                fmt_dt(&r.p85),
                fmt_dt(&r.p95),
                r.due_cell(due),
                r.p_on_time.map(percent).unwrap_or_else(|| "-".into()),
            )?;
        }
        Ok(())
    }

    /// The burn-up as one Markdown table (no heading, no prose).
    pub fn write_burnup_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "| week | from | to | scope hours | plan | P50 | P85 | P95 |"
        )?;
        writeln!(out, "|---:|---|---|---:|---:|---:|---:|---:|")?;
        for b in &self.burnup {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                b.week,
                b.start,
                b.end,
                num(b.scope_hours, 1),
                num(b.deterministic, 1),
                num(b.p50, 1),
                num(b.p85, 1),
                num(b.p95, 1)
            )?;
        }
        Ok(())
    }

    /// The whole forecast as JSON.
    pub fn to_json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                json!({
                    "scope": r.scope.as_str(),
                    "name": r.name,
                    "label": r.label,
                    "deterministic": fmt_dt(&r.deterministic),
                    "p50": fmt_dt(&r.p50),
                    "p85": fmt_dt(&r.p85),
                    "p95": fmt_dt(&r.p95),
                    "due": r.due.map(|d| d.to_string()),
                    "p_on_time": r.p_on_time,
                })
            })
            .collect();
        let burnup: Vec<Value> = self.burnup.iter().map(burnup_json).collect();
        json!({
            "samples": self.samples,
            "seed": self.seed,
            "uncertainty": self.uncertainty,
            "tasks": self.tasks,
            "hours": self.hours,
            "objective": self.objective,
            "plan_status": self.plan_status,
            "rows": rows,
            "burnup": burnup,
            "warnings": self.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        })
    }

    /// [`Forecast::to_json`], pretty, with a trailing newline.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.to_json())?;
        writeln!(out)
    }
}

fn burnup_json(b: &BurnupRow) -> Value {
    json!({
        "week": b.week,
        "start": b.start.to_string(),
        "end": b.end.to_string(),
        "scope_hours": b.scope_hours,
        "deterministic": b.deterministic,
        "p50": b.p50,
        "p85": b.p85,
        "p95": b.p95,
    })
}
