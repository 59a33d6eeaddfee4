//! An earlier plan, read back from the folder `plan --out` wrote (SPEC 7.3):
//! who had each task and when it was to start and finish. A re-plan with
//! `--previous` keeps tasks with their developer unless moving them pays
//! ([`crate::optimizer`]), and lists what changed ([`crate::changes`]).
//!
//! Only `plan.csv` is read, by column name, so a folder written by an older
//! sprintcast (or edited in a spreadsheet, columns added) still reads.

use std::path::Path;

use chrono::NaiveDateTime;

use crate::error::{Error, Location, Problem, Result};
use crate::input::read_text;

/// One task of the earlier plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousTask {
    /// The task's id.
    pub id: String,
    /// Its title then.
    pub title: String,
    /// Its project then (may be empty).
    pub project: String,
    /// Its priority then, as written (`URGENT` …).
    pub priority: String,
    /// Who had it.
    pub developer: String,
    /// When it was to start.
    pub start: NaiveDateTime,
    /// When it was to finish.
    pub finish: NaiveDateTime,
}

/// An earlier plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PreviousPlan {
    /// The folder it was read from, as given.
    pub source: String,
    /// Its tasks in file order.
    pub tasks: Vec<PreviousTask>,
}

impl PreviousPlan {
    /// The task with this id.
    pub fn task(&self, id: &str) -> Option<&PreviousTask> {
        self.tasks.iter().find(|t| t.id == id)
    }
}

/// The columns read, by name.
const COLUMNS: [&str; 7] = [
    "id",
    "title",
    "project",
    "priority",
    "developer",
    "start",
    "finish",
];

/// Reads `DIR/plan.csv`. A folder without it is [`Error::Io`]; a row with a
/// bad date, or a file without one of the columns, an input error at its line.
pub fn read_previous(dir: &Path) -> Result<PreviousPlan> {
    let path = dir.join("plan.csv");
    let (source, text) = read_text(&path)?;
    let mut plan = parse_previous(&source, &text)?;
    plan.source = dir.display().to_string();
    Ok(plan)
}

/// Parses the text of a plan.csv; `source` names it in errors.
pub fn parse_previous(source: &str, text: &str) -> Result<PreviousPlan> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let bad = |line: usize, message: String| {
        Error::input(Location::new(source, line), Problem::Syntax { message })
    };
    let header = reader
        .headers()
        .map_err(|e| bad(1, format!("not a plan.csv: {e}")))?
        .clone();
    let mut at = [0usize; COLUMNS.len()];
    for (k, name) in COLUMNS.iter().enumerate() {
        at[k] = header.iter().position(|h| h.trim() == *name).ok_or_else(|| {
            bad(
                1,
                format!(
                    "not a plan.csv: no \"{name}\" column; give --previous the folder an earlier `plan --out` wrote"
                ),
            )
        })?;
    }
    let mut tasks = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            bad(line, format!("not a plan.csv row: {e}"))
        })?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        let cell = |k: usize| row.get(at[k]).unwrap_or("").trim().to_string();
        let time = |k: usize| {
            let value = cell(k);
            NaiveDateTime::parse_from_str(&value, "%Y-%m-%dT%H:%M").map_err(|_| {
                Error::input(
                    Location::new(source, line),
                    Problem::BadDate {
                        field: COLUMNS[k].to_string(),
                        value,
                        expected: "date-time (YYYY-MM-DDTHH:MM, as plan.csv writes it)".to_string(),
                    },
                )
            })
        };
        tasks.push(PreviousTask {
            id: cell(0),
            title: cell(1),
            project: cell(2),
            priority: cell(3),
            developer: cell(4),
            start: time(5)?,
            finish: time(6)?,
        });
    }
    Ok(PreviousPlan {
        source: source.to_string(),
        tasks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "id,title,project,priority,category,hours,developer,start,finish,start_sprint,finish_sprint,finish_hours,due,late\n\
        app/a,Fix A,app,URGENT,Bugs,4,Jonathan,2026-12-01T10:36,2026-12-01T14:36,1,1,13.6,,\n\
        app/b,\"Add B, C\",app,LOW,,2,Ana,2026-11-30T15:00,2026-12-01T10:36,1,1,9.6,,\n";

    #[test]
    fn reads_by_column_name() {
        let p = parse_previous("plan.csv", PLAN).unwrap();
        assert_eq!(p.tasks.len(), 2);
        let b = p.task("app/b").unwrap();
        assert_eq!(
            (b.title.as_str(), b.developer.as_str()),
            ("Add B, C", "Ana")
        );
        assert_eq!(b.finish.to_string(), "2026-12-01 10:36:00");
        assert_eq!(p.task("app/a").unwrap().priority, "URGENT");
    }

    #[test]
    fn a_bad_row_is_one_line_at_its_line() {
        let bad = PLAN.replace("2026-12-01T14:36", "soon");
        assert_eq!(
            parse_previous("p/plan.csv", &bad).unwrap_err().to_string(),
            "p/plan.csv:2: finish \"soon\" is not a valid date-time (YYYY-MM-DDTHH:MM, as plan.csv writes it)"
        );
        let no_dev = "id,title,project,priority,start,finish\n";
        assert_eq!(
            parse_previous("p/plan.csv", no_dev).unwrap_err().to_string(),
            "p/plan.csv:1: not a plan.csv: no \"developer\" column; give --previous the folder an earlier `plan --out` wrote"
        );
    }
}
