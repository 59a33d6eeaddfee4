//! The Excel workbook (`--xlsx FILE`, written with rust_xlsxwriter): sheets
//! Plan, Schedule and Load (the columns of plan.csv, schedule.csv and
//! load.csv), Forecast and Burnup when there is a forecast, Scenarios (the
//! rows of scenarios.csv) for `whatif`, and Summary (with a forecast: its
//! samples, seed and model too).
//!
//! Dates and date-times are real date cells (`yyyy-mm-dd`, `yyyy-mm-dd hh:mm`;
//! the forecast's dates show the half-day, `Wed 16 Dec 2026 PM`, and keep
//! the minute in the cell),
//! hours, sprints and shares are numbers, `late` is a boolean; every header
//! row is bold, frozen and filtered, and every column is as wide as its
//! longest value (within limits).
//!
//! Text cells are always text, never formulas. A text that a spreadsheet
//! would take for a formula once edited (see [`crate::text::escape::is_formula_like`]) gets
//! Excel's quote prefix, which keeps it text without changing its value;
//! [`Cells::Raw`] leaves that out.
//!
//! The workbook is deterministic: its creation date is the plan's first day,
//! not the clock.

use std::io::{self, Write};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_xlsxwriter::{DocProperties, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::forecast::{BURNUP_COLUMNS, FORECAST_COLUMNS, UNFINISHED};
use super::plan::{LOAD_COLUMNS, PLAN_COLUMNS, SCHEDULE_COLUMNS};
use super::whatif::SCENARIOS_COLUMNS;
use super::{Cells, Report};
use crate::forecast::Forecast;
use crate::plan::Plan;
use crate::text::escape as safe;
use crate::text::round_as_written;
use crate::whatif::WhatIf;

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// One cell's value, typed.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    Number(f64),
    Share(f64),
    DateTime(NaiveDateTime),
    /// A forecast date: the minute in the cell, the half-day on show.
    HalfDay(NaiveDateTime),
    Date(NaiveDate),
    Bool(bool),
    Empty,
}

impl Value {
    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }

    /// How many characters the cell shows, for the column width.
    fn width(&self) -> usize {
        match self {
            Value::Text(s) => s.chars().count().min(MAX_CELL_CHARS),
            Value::Number(x) => crate::text::num(*x, 4).len(),
            Value::Share(_) => 6,
            Value::DateTime(_) => 16,
            Value::HalfDay(_) => 18,
            Value::Date(_) => 10,
            Value::Bool(_) => 5,
            Value::Empty => 0,
        }
    }
}

/// The formats of one workbook.
struct Formats {
    header: Format,
    quoted: Format,
    datetime: Format,
    half_day: Format,
    date: Format,
    share: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin),
            quoted: Format::new().set_quote_prefix(),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            half_day: Format::new().set_num_format("ddd d mmm yyyy AM/PM"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            share: Format::new().set_num_format("0.0%"),
        }
    }
}

/// A sheet named `name` with `header` and `rows`: header frozen and
/// filtered, columns sized.
fn sheet(
    name: &str,
    header: &[String],
    rows: &[Vec<Value>],
    formats: &Formats,
    cells: Cells,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for (c, h) in header.iter().enumerate() {
        let col = c as u16;
        match cells {
            Cells::Neutralised if safe::is_formula_like(h) => {
                ws.write_string_with_format(0, col, h, &formats.header.clone().set_quote_prefix())?
            }
            _ => ws.write_string_with_format(0, col, h, &formats.header)?,
        };
    }
    for (r, row) in rows.iter().enumerate() {
        let at = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let col = c as u16;
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(value.width());
            }
            match value {
                Value::Text(s) => {
                    let s: String = s.chars().take(MAX_CELL_CHARS).collect();
                    if cells == Cells::Neutralised && safe::is_formula_like(&s) {
                        ws.write_string_with_format(at, col, &s, &formats.quoted)?;
                    } else {
                        ws.write_string(at, col, &s)?;
                    }
                }
                Value::Number(x) => {
                    ws.write_number(at, col, *x)?;
                }
                Value::Share(x) => {
                    ws.write_number_with_format(at, col, *x, &formats.share)?;
                }
                Value::DateTime(t) => {
                    ws.write_datetime_with_format(at, col, t, &formats.datetime)?;
                }
                Value::HalfDay(t) => {
                    ws.write_datetime_with_format(at, col, t, &formats.half_day)?;
                }
                Value::Date(d) => {
                    ws.write_datetime_with_format(at, col, d, &formats.date)?;
                }
                Value::Bool(b) => {
                    ws.write_boolean(at, col, *b)?;
                }
                Value::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, header.len() as u16 - 1)?;
    }
    for (c, w) in widths.iter().enumerate() {
        // Room for the filter button; long texts stop at 60 characters.
        ws.set_column_width(c as u16, (*w as f64 + 3.0).clamp(8.0, 60.0))?;
    }
    Ok(ws)
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// The rows of plan.csv, typed.
fn plan_sheet(plan: &Plan) -> (Vec<String>, Vec<Vec<Value>>) {
    let mut header = strings(&PLAN_COLUMNS);
    header.extend(plan.extra_columns.iter().cloned());
    let rows = plan
        .tasks
        .iter()
        .map(|t| {
            let mut row = vec![
                Value::text(&t.id),
                Value::text(&t.title),
                Value::text(&t.project),
                Value::text(t.priority.as_str()),
                Value::text(&t.category),
                Value::Number(t.hours),
                Value::text(&t.developer),
                Value::DateTime(t.start),
                Value::DateTime(t.finish),
                Value::Number(f64::from(t.start_sprint)),
                Value::Number(f64::from(t.finish_sprint)),
                Value::Number(round_as_written(t.finish_hours, 4)),
                t.due.map_or(Value::Empty, Value::Date),
                if t.due.is_some() {
                    Value::Bool(t.late)
                } else {
                    Value::Empty
                },
            ];
            for col in &plan.extra_columns {
                row.push(
                    t.extra
                        .iter()
                        .find(|(k, _)| k == col)
                        .map_or(Value::Empty, |(_, v)| Value::text(v)),
                );
            }
            row
        })
        .collect();
    (header, rows)
}

fn schedule_sheet(plan: &Plan) -> (Vec<String>, Vec<Vec<Value>>) {
    let header = strings(&SCHEDULE_COLUMNS);
    let rows = plan
        .stretches
        .iter()
        .map(|s| {
            vec![
                Value::text(&s.task_id),
                Value::text(&s.developer),
                Value::DateTime(s.start),
                Value::DateTime(s.end),
                Value::Number(round_as_written(s.hours, 4)),
            ]
        })
        .collect();
    (header, rows)
}

fn load_sheet(plan: &Plan) -> (Vec<String>, Vec<Vec<Value>>) {
    let header = strings(&LOAD_COLUMNS);
    let rows = plan
        .load
        .iter()
        .map(|l| {
            vec![
                Value::text(&l.developer),
                Value::Number(f64::from(l.sprint)),
                Value::Number(round_as_written(l.capacity_hours, 4)),
                Value::Number(round_as_written(l.planned_hours, 4)),
                Value::Share(round_as_written(l.utilization(), 4)),
            ]
        })
        .collect();
    (header, rows)
}

/// The rows of forecast.csv, typed, then each row's `title` (a task's
/// title, as the views name it).
fn forecast_sheet(f: &Forecast) -> (Vec<String>, Vec<Vec<Value>>) {
    let mut header = strings(&FORECAST_COLUMNS);
    header.push("title".to_string());
    let finish = |t: Option<NaiveDateTime>| t.map_or(Value::text(UNFINISHED), Value::HalfDay);
    let rows = f
        .rows
        .iter()
        .map(|r| {
            vec![
                Value::text(r.scope.as_str()),
                Value::text(&r.name),
                finish(r.p50),
                finish(r.p85),
                finish(r.p95),
                r.due.map_or(Value::Empty, Value::Date),
                r.p_on_time
                    .map_or(Value::Empty, |p| Value::Share(round_as_written(p, 4))),
                Value::HalfDay(r.deterministic),
                Value::Share(round_as_written(r.unfinished, 4)),
                Value::text(r.label()),
            ]
        })
        .collect();
    (header, rows)
}

fn burnup_sheet(f: &Forecast) -> (Vec<String>, Vec<Vec<Value>>) {
    let header = strings(&BURNUP_COLUMNS);
    let rows = f
        .burnup
        .iter()
        .map(|b| {
            vec![
                Value::Number(f64::from(b.week)),
                Value::Date(b.start),
                Value::Date(b.end),
                Value::Number(round_as_written(b.scope_hours, 2)),
                Value::Number(round_as_written(b.deterministic, 2)),
                Value::Number(round_as_written(b.p50, 2)),
                Value::Number(round_as_written(b.p85, 2)),
                Value::Number(round_as_written(b.p95, 2)),
            ]
        })
        .collect();
    (header, rows)
}

/// The rows of scenarios.csv, typed.
fn scenarios_sheet(w: &WhatIf) -> (Vec<String>, Vec<Vec<Value>>) {
    let number = |x: Option<f64>| x.map_or(Value::Empty, |d| Value::Number(round_as_written(d, 4)));
    let rows = w
        .scenario_rows()
        .into_iter()
        .map(|row| {
            let r = row.result;
            vec![
                Value::text(row.scenario),
                Value::text(row.scope.kind()),
                Value::Text(row.scope.name()),
                r.finish.map_or(Value::Empty, Value::DateTime),
                number(r.delta_days),
                number(row.makespan_days),
                row.utilization
                    .map_or(Value::Empty, |u| Value::Share(round_as_written(u, 4))),
                Value::text(row.status),
                r.p85.map_or(Value::Empty, Value::DateTime),
                number(r.p85_delta_days),
                row.explanation.map_or(Value::Empty, Value::Text),
            ]
        })
        .collect();
    (strings(&SCENARIOS_COLUMNS), rows)
}

/// The plan's figures, one per row (no `solve_seconds`: it is not the same
/// twice), then the forecast's: samples, seed and model.
fn summary_sheet(report: &Report<'_>) -> (Vec<String>, Vec<Vec<Value>>) {
    let plan = report.plan;
    let header = strings(&["key", "value"]);
    let kv = |k: &str, v: Value| vec![Value::text(k), v];
    let mut rows = vec![];
    if !report.source.is_empty() {
        rows.push(kv("backlog", Value::text(report.source)));
    }
    rows.extend([
        kv("objective", Value::text(plan.objective_name)),
        kv(
            "objective value",
            Value::Number(round_as_written(plan.objective, 4)),
        ),
        kv(
            "lower bound",
            Value::Number(round_as_written(plan.lower_bound, 4)),
        ),
        kv("gap", Value::Share(round_as_written(plan.gap, 6))),
        kv("status", Value::text(plan.status)),
        kv("solver", Value::text(plan.solver)),
        kv(
            "prefer penalty",
            Value::Number(round_as_written(plan.prefer_penalty, 4)),
        ),
        kv("tasks", Value::Number(plan.tasks.len() as f64)),
        kv("hours", Value::Number(round_as_written(report.hours(), 4))),
        kv(
            "finish",
            report.finish().map_or(Value::Empty, Value::DateTime),
        ),
        kv("sprints", Value::Number(plan.sprints.len() as f64)),
    ]);
    if let Some(as_of) = plan.as_of {
        rows.push(vec![Value::text("as of"), Value::Date(as_of)]);
    }
    for (p, f) in &plan.projects {
        rows.push(vec![
            Value::Text(format!("finish of project {p}")),
            Value::DateTime(*f),
        ]);
    }
    for (p, f) in &plan.priorities {
        rows.push(vec![
            Value::Text(format!("finish of priority {p}")),
            Value::DateTime(*f),
        ]);
    }
    if let Some(why) = &plan.finish_set_by {
        rows.push(vec![
            Value::text("what sets the earliest finish"),
            Value::Text(why.clone()),
        ]);
    }
    for u in &plan.unplanned {
        rows.push(vec![
            Value::Text(format!("not planned: {} ({})", u.id, u.cause)),
            Value::Text(u.reason.clone()),
        ]);
    }
    if let Some(f) = report.forecast {
        rows.extend(forecast_summary(f));
    }
    for w in report.warnings() {
        rows.push(vec![Value::text("warning"), Value::Text(w.to_string())]);
    }
    (header, rows)
}

/// The forecast's rows of the Summary sheet: `samples`, `seed` (a number
/// while a spreadsheet holds it exactly), then [`Forecast::model_rows`].
fn forecast_summary(f: &Forecast) -> Vec<Vec<Value>> {
    const EXACT: u64 = 1 << f64::MANTISSA_DIGITS;
    let seed = if f.seed <= EXACT {
        Value::Number(f.seed as f64)
    } else {
        Value::Text(f.seed.to_string())
    };
    let mut rows = vec![
        vec![Value::text("samples"), Value::Number(f.samples as f64)],
        vec![Value::text("seed"), seed],
    ];
    for (what, how) in f.model_rows() {
        rows.push(vec![Value::text(what), Value::Text(how)]);
    }
    rows
}

fn workbook(report: &Report<'_>, cells: Cells) -> Result<Vec<u8>, XlsxError> {
    let plan = report.plan;
    let formats = Formats::new();
    let mut wb = Workbook::new();
    let created = plan
        .sprints
        .first()
        .map(|s| s.1)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN);
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", report.kind(), report.source).trim())
            .set_creation_datetime(&created),
    );
    let mut sheets = vec![
        ("Plan", plan_sheet(plan)),
        ("Schedule", schedule_sheet(plan)),
        ("Load", load_sheet(plan)),
    ];
    if let Some(f) = report.forecast {
        sheets.push(("Forecast", forecast_sheet(f)));
        sheets.push(("Burnup", burnup_sheet(f)));
    }
    if let Some(w) = report.whatif {
        sheets.push(("Scenarios", scenarios_sheet(w)));
    }
    sheets.push(("Summary", summary_sheet(report)));
    for (name, (header, rows)) in sheets {
        wb.push_worksheet(sheet(name, &header, &rows, &formats, cells)?);
    }
    wb.save_to_buffer()
}

/// The workbook of `report`, as the bytes of an .xlsx file.
pub fn to_bytes(report: &Report<'_>, cells: Cells) -> io::Result<Vec<u8>> {
    workbook(report, cells).map_err(|e| io::Error::other(format!("writing the workbook: {e}")))
}

/// Writes the workbook of `report` to `out`.
pub fn write(report: &Report<'_>, cells: Cells, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(&to_bytes(report, cells)?)
}
