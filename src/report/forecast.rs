//! The forecast as files and views: forecast.csv and burnup.csv (SPEC 5),
//! calibration.csv and risks.csv, the terminal table, Markdown tables and
//! JSON.
//!
//! Every view says how many samples were drawn with which seed, and what the
//! efforts were drawn from ([`Forecast::model_lines`] as sentences,
//! [`Forecast::model_rows`] as rows: the uncertainty model, the factor all
//! tasks share and the calibration to the actuals), and what could not be
//! dated ([`Forecast::risk_lines`]). Views for people give forecast dates to
//! the half-day ([`half_day`]: a P85 to the minute is false precision) and
//! name tasks by title; the CSV and JSON files keep the minute and the id.
//!
//! A P50/P85/P95 that falls among the samples in which some of the row's
//! work is not done has no date: it reads [`UNFINISHED`], and the row's
//! `not done` share says how many samples those are.

use std::io::{self, Write};

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::forecast::calibrate::{Fit, PRIOR_TASKS};
use crate::forecast::{BurnupRow, Cause, Forecast, ForecastRow, Risk, Scope, PERCENTILES};
use crate::text::escape::{self as safe, cell, Cells};
use crate::text::fit::{self, Width};
use crate::text::{date_time as fmt_dt, day, day_month_half, half_day, num, percent, round};

/// What a percentile without a date reads in every view: more samples than
/// it leaves out do not finish the row's work.
pub const UNFINISHED: &str = "unfinished";

/// A percentile's cell: its date-time, or [`UNFINISHED`].
pub fn finish_cell(t: Option<&NaiveDateTime>, format: fn(&NaiveDateTime) -> String) -> String {
    t.map(format).unwrap_or_else(|| UNFINISHED.to_string())
}

/// How many task names a risk line lists before "and N more".
const RISK_TASKS: usize = 3;

/// The columns of forecast.csv (and the first ones of the workbook's
/// Forecast sheet, which adds each row's `title`).
pub const FORECAST_COLUMNS: [&str; 9] = [
    "scope",
    "name",
    "p50",
    "p85",
    "p95",
    "due",
    "p_on_time",
    "deterministic",
    "p_unfinished",
];

/// The columns of calibration.csv: one row for the team-wide fit, one per
/// developer and category with their own, one for the shared factor.
pub const CALIBRATION_COLUMNS: [&str; 8] = [
    "part",
    "name",
    "done_tasks",
    "sprints",
    "median",
    "p90",
    "sigma",
    "source",
];

/// The columns of risks.csv: one row per developer who leaves with work in
/// the plan, and one for the horizon when it cut work.
pub const RISK_COLUMNS: [&str; 6] = ["cause", "developer", "until", "samples", "share", "tasks"];

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
    pub(super) fn label(&self) -> &str {
        if self.scope == Scope::Project {
            crate::model::project_name(&self.label)
        } else {
            &self.label
        }
    }

    /// The due cell of the tables: a task's date, or for a group with due
    /// dates how many it holds.
    pub(super) fn due_cell(&self, group_due: usize) -> String {
        match (self.due, self.p_on_time) {
            (Some(d), _) => day(&d),
            (None, Some(_)) if group_due == 1 => "1 date".to_string(),
            (None, Some(_)) => format!("{group_due} dates"),
            (None, None) => "-".to_string(),
        }
    }
}

impl Forecast {
    /// Whether some row's work is not done in some sample.
    fn any_unfinished(&self) -> bool {
        self.rows.iter().any(|r| r.unfinished > 0.0)
    }

    /// The title of task `id` (the id when no row has it).
    fn title<'a>(&'a self, id: &'a str) -> &'a str {
        self.rows
            .iter()
            .find(|r| r.scope == Scope::Task && r.name == id)
            .map_or(id, |r| r.label())
    }

    /// What the efforts are drawn from, for people, as sentences: the
    /// default model or the fit to the actuals (with the developers and
    /// categories that have their own), then the factor all tasks share.
    pub fn model_lines(&self) -> Vec<String> {
        vec![
            format!("{}.", capitalized(&self.effort_line())),
            format!("{}.", self.shared_line()),
        ]
    }

    /// What the efforts are drawn from, for people, as (what, how) rows:
    /// the `uncertainty model`, the `shared factor` and the `calibration`
    /// to the actuals. The workbook's Summary sheet, the Markdown and the
    /// HTML show them under the samples and the seed.
    pub fn model_rows(&self) -> [(&'static str, String); 3] {
        let c = &self.calibration;
        let calibration = if !c.enabled {
            "off: the uncertainty model for every task without its own range or confidence"
                .to_string()
        } else if c.team.tasks == 0 {
            "nothing to learn from (no done task has hours and actual): the uncertainty model for every task without its own range or confidence".to_string()
        } else {
            self.fit_line()
        };
        [
            ("uncertainty model", self.default_model()),
            ("shared factor", self.shared_line()),
            ("calibration", calibration),
        ]
    }

    /// The default effort model, lower-case and without a full stop.
    fn default_model(&self) -> String {
        if self.uncertainty == 1.0 {
            "no uncertainty: every effort as estimated, unless a task gives a range".to_string()
        } else {
            format!(
                "effort log-normal, median = estimate and P90 = {} × estimate unless a task gives a range or confidence",
                num(self.uncertainty, 3)
            )
        }
    }

    /// The effort model, lower-case and without a full stop (it follows a
    /// semicolon in the headline).
    fn effort_line(&self) -> String {
        let c = &self.calibration;
        let default = self.default_model();
        if !c.enabled {
            format!("calibration off: {default}")
        } else if c.team.tasks == 0 {
            format!("no actuals, so the default model: {default}")
        } else {
            self.fit_line()
        }
    }

    /// The fit to the actuals (team, developers, categories), lower-case
    /// and without a full stop.
    fn fit_line(&self) -> String {
        let c = &self.calibration;
        let mut text = format!(
            "learned from actuals: estimates run {}, from {} done tasks (the default model, P90 = {} × estimate, counting as {} more)",
            ratio(&c.team),
            c.team.tasks,
            num(self.uncertainty, 3),
            num(PRIOR_TASKS, 0)
        );
        let groups = |kind: &str, list: &[(String, Fit)]| {
            let parts: Vec<String> = list
                .iter()
                .map(|(name, f)| format!("{name} {} ({} tasks)", ratio(f), f.tasks))
                .collect();
            format!("; per {kind}: {}", parts.join(", "))
        };
        if !c.developers.is_empty() {
            text.push_str(&groups("developer", &c.developers));
        }
        if !c.categories.is_empty() {
            text.push_str(&groups("category", &c.categories));
        }
        text.push_str("; a task with its own range or confidence keeps it");
        text
    }

    /// The shared factor, as a sentence without its full stop.
    fn shared_line(&self) -> String {
        let s = &self.calibration.shared;
        if s.sigma == 0.0 {
            "No factor shared by all tasks: their efforts vary independently".to_string()
        } else {
            let source = if s.given {
                "as set".to_string()
            } else if s.sprints > 0 {
                format!(
                    "from {} sprints of actuals ({} done tasks)",
                    s.sprints, s.tasks
                )
            } else {
                "the default for a backlog broken into tasks".to_string()
            };
            format!(
                "All tasks of a sample share one factor (the team's estimation bias), P90 = {} × median, {source}; each task's own spread stays as above",
                num(s.p90(), 3)
            )
        }
    }

    /// What could not be dated, for people: a line per developer who
    /// leaves with work in the plan and for the horizon, then how the rows
    /// show it. Empty when there is nothing to say.
    pub fn risk_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.risks.iter().map(|r| self.risk_line(r)).collect();
        if self.any_unfinished() {
            lines.push(format!(
                "In those samples those tasks, and the tasks that wait for them, are not done: a P50/P85/P95 beyond the share of samples that finish a row's work reads \"{UNFINISHED}\" (\"not done\": the share of samples in which the row's work is not all done)."
            ));
        }
        lines
    }

    fn risk_line(&self, r: &Risk) -> String {
        let titles: Vec<&str> = r.tasks.iter().map(|id| self.title(id)).collect();
        let listed = if titles.len() > RISK_TASKS {
            format!(
                "{} and {} more",
                titles[..RISK_TASKS].join(", "),
                titles.len() - RISK_TASKS
            )
        } else {
            titles.join(", ")
        };
        match &r.cause {
            Cause::Leaves { developer, until } if r.samples == 0 => format!(
                "{developer} leaves after {until}: the work given to {developer} is done by then in every sample."
            ),
            Cause::Leaves { developer, until } => format!(
                "{developer} leaves after {until}: in {} of the samples ({} of {}) work given to {developer} is not done by then: {listed}.",
                percent(r.share),
                r.samples,
                self.samples
            ),
            Cause::Horizon {
                last_day,
                days,
                limit,
            } => format!(
                "In {} of the samples ({} of {}) the work runs past {last_day}, the last of the {days} business days the forecast looks ahead ({limit}): {listed}.",
                percent(r.share),
                r.samples,
                self.samples
            ),
        }
    }

    /// forecast.csv: `scope,name,p50,p85,p95,due,p_on_time`, then the plan's
    /// own finish as `deterministic` and the share of samples in which the
    /// row's work is not all done as `p_unfinished`; a percentile without a
    /// date reads [`UNFINISHED`]; a formula-like name is neutralised
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
                finish_cell(r.p50.as_ref(), fmt_dt),
                finish_cell(r.p85.as_ref(), fmt_dt),
                finish_cell(r.p95.as_ref(), fmt_dt),
                r.due.map(|d| d.to_string()).unwrap_or_default(),
                r.p_on_time.map(|p| num(p, 4)).unwrap_or_default(),
                fmt_dt(&r.deterministic),
                num(r.unfinished, 4),
            ])?;
        }
        w.flush()
    }

    /// calibration.csv: what the efforts are drawn from, one row per fit
    /// (`team`, then `developer` and `category` rows with their own fit)
    /// and one for the `shared` factor: the done tasks (and sprints) it
    /// comes from, actual ÷ estimate at the median and at P90, σ of its
    /// logarithm, and its source (`default`, `actuals`, `off`, `option`).
    pub fn write_calibration_csv_with(&self, out: &mut dyn Write, cells: Cells) -> io::Result<()> {
        let c = &self.calibration;
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CALIBRATION_COLUMNS)?;
        let source = |f: &Fit| match (c.enabled, f.tasks) {
            (false, _) => "off",
            (true, 0) => "default",
            _ => "actuals",
        };
        let fit_row = |part: &str, name: &str, f: &Fit| {
            [
                part.to_string(),
                cell(name, cells).into_owned(),
                f.tasks.to_string(),
                String::new(),
                num(f.median(), 4),
                num(f.p90(), 4),
                num(f.sigma, 4),
                source(f).to_string(),
            ]
        };
        w.write_record(fit_row("team", "all", &c.team))?;
        for (name, f) in &c.developers {
            w.write_record(fit_row("developer", name, f))?;
        }
        for (name, f) in &c.categories {
            w.write_record(fit_row("category", name, f))?;
        }
        let s = &c.shared;
        let source = if s.given {
            "option"
        } else if s.sprints > 0 {
            "actuals"
        } else {
            "default"
        };
        w.write_record([
            "shared".to_string(),
            "all".to_string(),
            s.tasks.to_string(),
            s.sprints.to_string(),
            "1".to_string(),
            num(s.p90(), 4),
            num(s.sigma, 4),
            source.to_string(),
        ])?;
        w.flush()
    }

    /// risks.csv: per developer who leaves with work in the plan
    /// (`leaves`) and for the horizon when it cut work (`horizon`): the
    /// last day, the samples and share in which work is not done for that
    /// reason, and the ids of the tasks it leaves undone, separated by `; `.
    pub fn write_risks_csv_with(&self, out: &mut dyn Write, cells: Cells) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(RISK_COLUMNS)?;
        for r in &self.risks {
            let (cause, developer, until) = match &r.cause {
                Cause::Leaves { developer, until } => ("leaves", developer.as_str(), *until),
                Cause::Horizon { last_day, .. } => ("horizon", "", *last_day),
            };
            let tasks: Vec<String> = r
                .tasks
                .iter()
                .map(|id| cell(id, cells).into_owned())
                .collect();
            w.write_record([
                cause.to_string(),
                cell(developer, cells).into_owned(),
                until.to_string(),
                r.samples.to_string(),
                num(r.share, 4),
                tasks.join("; "),
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

    /// The lines above every table: what was forecast, from what model,
    /// how to read the columns, and what could not be dated.
    fn headline(&self) -> Vec<String> {
        let mut lines = vec![
            format!(
                "Forecast of {} open tasks, {} hours: {} samples (seed {}); {}.",
                self.tasks,
                num(self.hours, 2),
                self.samples,
                self.seed,
                self.effort_line()
            ),
            format!("{}.", self.shared_line()),
        ];
        if let Some(as_of) = self.as_of {
            lines.push(format!(
                "Forecast as of {as_of}: nothing before it; in-progress tasks continue first."
            ));
        }
        lines.extend([
            format!(
                "plan: the {} plan ({}); P{}/P{}/P{}: the half-day by which that share of the samples has finished; on time: the share that meets the due date (for a group: every due date in it).",
                self.objective, self.plan_status, PERCENTILES[0], PERCENTILES[1], PERCENTILES[2]
            ),
        ]);
        lines.extend(self.risk_lines());
        lines
    }

    /// The readable table for the terminal: name (a task's title), the
    /// plan's finish, P50, P85, P95 (to the half-day), due and chance on
    /// time (and, when some work is not done in some sample, the share not
    /// done), one group of rows per scope.
    ///
    /// Fitted to a width, each group has a heading instead of a scope
    /// column, dates leave out the weekday and the year when every date of
    /// the table falls within a year of the first (the heading line names
    /// that first date), and names are cut to the room left. The long form
    /// (`--wide`) keeps the scope column, full dates and whole names.
    pub fn write_table(&self, out: &mut dyn Write, width: Width) -> io::Result<()> {
        let mut head = String::new();
        for line in self.headline() {
            head.push_str(&line);
            head.push('\n');
        }
        out.write_all(width.fit_text(&head).as_bytes())?;
        if self.rows.is_empty() {
            writeln!(out)?;
            writeln!(out, "No open tasks: nothing to forecast.")?;
            return Ok(());
        }
        let compact = matches!(width, Width::Fit(_)) && self.within_a_year();
        let when: fn(&NaiveDateTime) -> String = if compact { day_month_half } else { half_day };
        let not_done = self.any_unfinished();
        // name, plan, P50, P85, P95, due, on time[, not done]
        let rows: Vec<(Scope, Vec<String>)> = self
            .rows
            .iter()
            .zip(self.due_dates.iter().copied())
            .map(|(r, due)| {
                let mut cells = vec![
                    r.label().to_string(),
                    when(&r.deterministic),
                    finish_cell(r.p50.as_ref(), when),
                    finish_cell(r.p85.as_ref(), when),
                    finish_cell(r.p95.as_ref(), when),
                    match (compact, r.due) {
                        (true, Some(d)) => d.format("%-d %b").to_string(),
                        _ => r.due_cell(due),
                    },
                    r.p_on_time.map(percent).unwrap_or_else(|| "-".into()),
                ];
                if not_done {
                    cells.push(percent(r.unfinished));
                }
                (r.scope, cells)
            })
            .collect();
        let mut header: Vec<&str> = vec!["name", "plan", "P50", "P85", "P95", "due", "on time"];
        if not_done {
            header.push("not done");
        }
        let mut widths: Vec<usize> = (0..header.len())
            .map(|k| {
                rows.iter()
                    .map(|(_, cells)| fit::columns(&cells[k]))
                    .chain([header[k].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // The scope column in the long form, two spaces before each column.
        let scope = if compact { 0 } else { 8 + 2 };
        if let Width::Fit(columns) = width {
            let others: usize = widths[1..].iter().map(|w| w + 2).sum();
            widths[0] = widths[0].min(columns.saturating_sub(2 + scope + others).max(12));
        }
        let line = |scope_cell: &str, cells: &[String]| -> String {
            let mut s = String::from("  ");
            if !compact {
                s = fit::pad(scope_cell, 8);
                s.push_str("  ");
            }
            for (k, cell) in cells.iter().enumerate() {
                if k > 0 {
                    s.push_str("  ");
                }
                let cell = match width {
                    Width::Fit(_) if k == 0 => fit::truncate(cell, widths[0]),
                    _ => cell.clone(),
                };
                // Numbers right-aligned, the rest left.
                if k >= 6 {
                    s.push_str(&format!("{cell:>w$}", w = widths[k]));
                } else {
                    s.push_str(&fit::pad(&cell, widths[k]));
                }
            }
            s.trim_end().to_string()
        };
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        writeln!(out)?;
        if compact {
            let first = self.rows.iter().map(|r| r.deterministic).min();
            if let Some(first) = first {
                let note = format!(
                    "Dates from {} on, all within a year; am: before noon, pm: from noon.\n",
                    day(&first.date())
                );
                out.write_all(width.fit_text(&note).as_bytes())?;
            }
        }
        writeln!(out, "{}", line("scope", &header))?;
        let mut last_scope = None;
        for (scope, cells) in &rows {
            // A blank line (and, fitted, a heading) between the groups.
            if last_scope != Some(*scope) {
                if last_scope.is_some() {
                    writeln!(out)?;
                }
                if compact {
                    writeln!(out, "{}", scope_heading(*scope))?;
                }
            }
            last_scope = Some(*scope);
            writeln!(out, "{}", line(scope.as_str(), cells))?;
        }
        Ok(())
    }

    /// Whether every date of the table falls within a year of the first,
    /// so that day and month name it.
    fn within_a_year(&self) -> bool {
        let dates = self.rows.iter().flat_map(|r| {
            [Some(r.deterministic), r.p50, r.p85, r.p95]
                .into_iter()
                .flatten()
                .chain(r.due.map(|d| d.and_time(chrono::NaiveTime::MIN)))
        });
        let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
            return true;
        };
        last < first + chrono::Duration::days(365)
    }

    /// The Markdown view: a heading, what was forecast, the samples, the
    /// seed and the model as a table ([`Forecast::write_settings_markdown`]),
    /// the risks as paragraphs, then the rows as one table under its own
    /// heading (names escaped so that they stay plain text in one cell).
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let esc = |s: &str| safe::markdown(s).into_owned();
        writeln!(out, "# Forecast")?;
        writeln!(out)?;
        write!(
            out,
            "{} open tasks, {} hours",
            self.tasks,
            num(self.hours, 2)
        )?;
        match self.as_of {
            Some(as_of) => writeln!(out, ", as of {as_of}.")?,
            None => writeln!(out, ".")?,
        }
        writeln!(out)?;
        self.write_settings_markdown(out)?;
        for line in self.risk_lines() {
            writeln!(out)?;
            writeln!(out, "{}", esc(&line))?;
        }
        writeln!(out)?;
        writeln!(out, "## Finish dates")?;
        writeln!(out)?;
        writeln!(
            out,
            "plan: the {} plan ({}); P{}/P{}/P{}: the half-day by which that share of the samples has finished; on time: the share that meets the due date (for a group: every due date in it).",
            self.objective, self.plan_status, PERCENTILES[0], PERCENTILES[1], PERCENTILES[2]
        )?;
        writeln!(out)?;
        let not_done = self.any_unfinished();
        let (extra, align) = if not_done {
            (" not done |", "---:|")
        } else {
            ("", "")
        };
        writeln!(
            out,
            "| scope | name | plan | P50 | P85 | P95 | due | on time |{extra}"
        )?;
        writeln!(out, "|---|---|---|---|---|---|---|---:|{align}")?;
        for (r, &due) in self.rows.iter().zip(&self.due_dates) {
            write!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                r.scope.as_str(),
                esc(r.label()),
                half_day(&r.deterministic),
                finish_cell(r.p50.as_ref(), half_day),
                finish_cell(r.p85.as_ref(), half_day),
                finish_cell(r.p95.as_ref(), half_day),
                r.due_cell(due),
                r.p_on_time.map(percent).unwrap_or_else(|| "-".into()),
            )?;
            if not_done {
                write!(out, " {} |", percent(r.unfinished))?;
            }
            writeln!(out)?;
        }
        Ok(())
    }

    /// The samples, the seed and [`Forecast::model_rows`] as a two-column
    /// Markdown table.
    pub(super) fn write_settings_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "| forecast | |")?;
        writeln!(out, "|---|---|")?;
        writeln!(out, "| samples | {} |", self.samples)?;
        writeln!(out, "| seed | {} |", self.seed)?;
        for (what, how) in self.model_rows() {
            writeln!(out, "| {what} | {} |", safe::markdown(&how))?;
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
                    "p50": r.p50.as_ref().map(fmt_dt),
                    "p85": r.p85.as_ref().map(fmt_dt),
                    "p95": r.p95.as_ref().map(fmt_dt),
                    "due": r.due.map(|d| d.to_string()),
                    "p_on_time": r.p_on_time,
                    "p_unfinished": r.unfinished,
                })
            })
            .collect();
        let burnup: Vec<Value> = self.burnup.iter().map(burnup_json).collect();
        let mut json = json!({
            "samples": self.samples,
            "seed": self.seed,
            "uncertainty": self.uncertainty,
            "tasks": self.tasks,
            "hours": self.hours,
            "objective": self.objective,
            "plan_status": self.plan_status,
            "model": self.model_lines(),
            "calibration": self.calibration_json(),
            "risks": self.risks.iter().map(risk_json).collect::<Vec<_>>(),
            "risk_notes": self.risk_lines(),
            "rows": rows,
            "burnup": burnup,
            "warnings": self.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        });
        if let (Some(as_of), Some(map)) = (self.as_of, json.as_object_mut()) {
            // Only in a re-plan, so a forecast from the calendar start keeps its bytes.
            map.insert("as_of".into(), json!(as_of.to_string()));
        }
        json
    }

    /// What the efforts were drawn from, as JSON: the fits (actual ÷
    /// estimate at the median and P90, σ, done tasks) and the shared factor.
    fn calibration_json(&self) -> Value {
        let c = &self.calibration;
        let fit = |f: &Fit| {
            json!({
                "median": round(f.median(), 4),
                "p90": round(f.p90(), 4),
                "sigma": round(f.sigma, 4),
                "done_tasks": f.tasks,
            })
        };
        let named = |list: &[(String, Fit)]| {
            list.iter()
                .map(|(name, f)| {
                    let mut v = fit(f);
                    v["name"] = json!(name);
                    v
                })
                .collect::<Vec<_>>()
        };
        json!({
            "enabled": c.enabled,
            "prior_tasks": PRIOR_TASKS,
            "team": fit(&c.team),
            "developers": named(&c.developers),
            "categories": named(&c.categories),
            "shared": {
                "p90": round(c.shared.p90(), 4),
                "sigma": round(c.shared.sigma, 4),
                "sprints": c.shared.sprints,
                "done_tasks": c.shared.tasks,
                "given": c.shared.given,
            },
        })
    }

    /// [`Forecast::to_json`], pretty, with a trailing newline.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.to_json())?;
        writeln!(out)
    }
}

/// `1.2× at the median, P90 2×`: a fit's actual ÷ estimate.
fn ratio(f: &Fit) -> String {
    format!(
        "{}× at the median, P90 {}×",
        num(f.median(), 2),
        num(f.p90(), 2)
    )
}

/// `text` with its first letter in upper case.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn risk_json(r: &Risk) -> Value {
    let mut v = match &r.cause {
        Cause::Leaves { developer, until } => json!({
            "cause": "leaves",
            "developer": developer,
            "until": until.to_string(),
        }),
        Cause::Horizon {
            last_day,
            days,
            limit,
        } => json!({
            "cause": "horizon",
            "last_day": last_day.to_string(),
            "days": days,
            "limit": limit,
        }),
    };
    v["samples"] = json!(r.samples);
    v["share"] = json!(r.share);
    v["tasks"] = json!(r.tasks);
    v
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

/// The heading of a group of rows in the fitted terminal table.
fn scope_heading(scope: Scope) -> &'static str {
    match scope {
        Scope::Backlog => "The whole backlog",
        Scope::Priority => "By priority",
        Scope::Project => "By project",
        Scope::Task => "By task",
    }
}
