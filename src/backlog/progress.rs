//! The progress fields of SPEC 7.1 as every format reads and writes them:
//! `remaining`, `spent` and `actual` (hours), `developer`, `started` and
//! `finished` (dates), and the warnings where they disagree with the
//! task's status.
//!
//! - Hours are written as estimates are (`2h`, `2.5 hours`, `90 min`,
//!   `1 day`, a bare number) and read by the same parser. `remaining` and
//!   `spent` may be 0 (work not begun, or all done but the review);
//!   `actual` must be above zero: a done task took some time, and the
//!   forecast's calibration divides by it.
//! - An empty value is an absent field, in every format (as `owner` is).
//! - Disagreements with the status are warnings, never errors: the file
//!   is the lead's record, and a stale field is no reason to refuse a
//!   plan. `remaining` above `hours` is not one: estimates grow.

use chrono::NaiveDate;

use crate::error::{Location, Problem};
use crate::model::{Backlog, Progress, Status, Task, Warning};

use super::{bad_field, classify_hours, hours_text, parse_date, plain_number, Column, HoursText};

/// What a progress field holds, for the writers to spell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Value<'a> {
    /// `remaining`, `spent`, `actual`.
    Hours(f64),
    /// `developer`.
    Text(&'a str),
    /// `started`, `finished`.
    Date(NaiveDate),
}

impl Value<'_> {
    /// The value as text, hours spelled by `hours`, dates `YYYY-MM-DD`.
    pub(super) fn text(self, hours: impl Fn(f64) -> String) -> String {
        match self {
            Value::Hours(h) => hours(h),
            Value::Text(s) => s.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// The value of the progress field `column` of `task`, when it has one
/// (an empty developer counts as none, as the readers give it back).
pub(super) fn value(task: &Task, column: Column) -> Option<Value<'_>> {
    let p = &task.progress;
    match column {
        Column::Remaining => p.remaining.map(Value::Hours),
        Column::Spent => p.spent.map(Value::Hours),
        Column::Actual => p.actual.map(Value::Hours),
        Column::Developer => p
            .developer
            .as_deref()
            .filter(|d| !d.is_empty())
            .map(Value::Text),
        Column::Started => p.started.map(Value::Date),
        Column::Finished => p.finished.map(Value::Date),
        _ => None,
    }
}

/// Whether any task has a progress field: the CSV writer adds the
/// progress columns only then, so that a backlog without progress writes
/// the same bytes as before they existed.
pub(super) fn any(backlog: &Backlog) -> bool {
    backlog
        .tasks
        .iter()
        .any(|t| Column::PROGRESS.iter().any(|&c| value(t, c).is_some()))
}

/// Sets the progress field `column` of `task` from its text; an empty
/// text clears it.
pub(super) fn set(
    task: &mut Task,
    column: Column,
    text: &str,
    hours_per_day: f64,
) -> std::result::Result<(), Problem> {
    let text = text.trim();
    let title = task.title.as_str();
    let p = &mut task.progress;
    if let Some(slot) = hours_slot(p, column) {
        *slot = hours(title, column, text, hours_per_day)?;
    }
    match column {
        Column::Developer => p.developer = (!text.is_empty()).then(|| text.to_string()),
        Column::Started => p.started = date(title, column, text)?,
        Column::Finished => p.finished = date(title, column, text)?,
        _ => {}
    }
    Ok(())
}

/// Sets the progress field `column` of `task` from a JSON number:
/// `number` as read from `written`, which may have an exponent (`1e-2`)
/// that hours in text do not take. A field that holds no hours reads
/// `written` as text.
pub(super) fn set_number(
    task: &mut Task,
    column: Column,
    number: Option<f64>,
    written: &str,
) -> std::result::Result<(), Problem> {
    let title = task.title.as_str();
    let Some(slot) = hours_slot(&mut task.progress, column) else {
        // Not hours, so no hours per day to read it with.
        return set(task, column, written, 0.0);
    };
    match number.filter(|h| h.is_finite()) {
        Some(h) => *slot = Some(checked(title, column, h, written)?),
        None => return Err(not_hours(title, column, written)),
    }
    Ok(())
}

/// Where `remaining`, `spent` or `actual` is kept; `None` for the others.
fn hours_slot(p: &mut Progress, column: Column) -> Option<&mut Option<f64>> {
    match column {
        Column::Remaining => Some(&mut p.remaining),
        Column::Spent => Some(&mut p.spent),
        Column::Actual => Some(&mut p.actual),
        _ => None,
    }
}

/// Hours from text written like an estimate; `None` when empty.
fn hours(
    task: &str,
    column: Column,
    text: &str,
    hours_per_day: f64,
) -> std::result::Result<Option<f64>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    let h = match classify_hours(text, hours_per_day) {
        HoursText::Hours(h) | HoursText::UnderMinute(_, h) => h,
        // Zero or negative as written; infinite after turning days into hours.
        HoursText::NotPositive(number) => match plain_number(&number) {
            Some(n) if n <= 0.0 => n,
            _ => return Err(not_hours(task, column, text)),
        },
        HoursText::NotNumber(_) | HoursText::NotEstimate => {
            return Err(not_hours(task, column, text))
        }
    };
    checked(task, column, h, text).map(Some)
}

/// `h` if `column` may hold it: 0 or more, `actual` above 0.
fn checked(task: &str, column: Column, h: f64, written: &str) -> std::result::Result<f64, Problem> {
    let field = column.name();
    if column == Column::Actual && h <= 0.0 {
        Err(bad_field(
            task,
            field,
            written,
            "must be greater than zero; write the hours the task took, such as 6h",
        ))
    } else if h < 0.0 {
        Err(bad_field(
            task,
            field,
            written,
            "is below zero; write 0 or more hours, such as 2h",
        ))
    } else {
        // -0 reads as 0, so that it writes as 0.
        Ok(if h == 0.0 { 0.0 } else { h })
    }
}

fn not_hours(task: &str, column: Column, written: &str) -> Problem {
    bad_field(
        task,
        column.name(),
        written,
        "is not hours; write hours such as 2h, 2.5 hours or 90 min",
    )
}

fn date(task: &str, column: Column, text: &str) -> std::result::Result<Option<NaiveDate>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    parse_date(task, column.name(), text).map(Some)
}

/// One warning per disagreement between a task's progress and its status,
/// in task order, at the task's line: `remaining` on a task not in
/// progress (the plan ignores it), `actual` on a task not done, a task in
/// progress without a `developer`.
pub(super) fn warnings(backlog: &Backlog) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for t in &backlog.tasks {
        let mut warn = |message: String| {
            warnings.push(Warning {
                at: Location::new(backlog.source.clone(), t.line),
                message,
            });
        };
        let status = match t.status {
            Status::Open => "open",
            Status::InProgress => "in progress",
            Status::Done => "done",
        };
        if let (Some(h), false) = (t.progress.remaining, t.is_in_progress()) {
            let planned = if t.is_open() {
                "its hours are planned"
            } else {
                "nothing is planned"
            };
            warn(format!(
                "task \"{}\" is {status} but has remaining {}; remaining counts only for a task in progress, so {planned}",
                t.title,
                hours_text(h)
            ));
        }
        if let (Some(h), false) = (t.progress.actual, t.status == Status::Done) {
            warn(format!(
                "task \"{}\" is {status} but has actual {}; actual is what a done task took (use spent for work so far)",
                t.title,
                hours_text(h)
            ));
        }
        if t.is_in_progress() && value(t, Column::Developer).is_none() {
            warn(format!(
                "task \"{}\": in progress but no developer: it is planned as open work that must start first; name who is on it with developer",
                t.title
            ));
        }
    }
    warnings
}
