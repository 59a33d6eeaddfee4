//! Reading and writing backlogs: Markdown (SPEC 2.1), CSV (2.2) and JSON (2.3),
//! and reading Jira CSV exports and GitHub issue lists (SPEC 8.1, 8.2).
//!
//! Each format has its own reader and writer ([`markdown`], [`csv`], [`json`]);
//! this module owns what they share:
//! - the checks every reader runs on the raw bytes (UTF-8 text, not empty) and
//!   on the tasks it found (at least one, ids unique, derived ids filled in);
//! - the field parsers (hours with units, due dates, skills, ranges,
//!   confidence) so that a value means the same thing in every format;
//! - the progress fields of SPEC 7.1 ([`progress`]): how each format holds
//!   them, and the warnings where they disagree with a task's status;
//! - the comparison of a declared "Time Estimates Summary" with the tasks;
//! - what every reader checks so that any backlog it returns writes to every
//!   format and reads back the same: one-line fields (title, id, project,
//!   category, owner, dependencies, skills, extra column names) and notes
//!   hold no line break (`\n`, `\r`, U+000B, U+000C, U+0085, U+2028, U+2029)
//!   or other control character, notes are split at every line break, and
//!   error messages show such characters escaped, on one line;
//! - estimates in whole minutes, as plans count them
//!   ([`crate::calendar::hours_to_minutes`]): an estimate (or a `low`) under a
//!   minute is an error; one that is not a whole number of minutes reads,
//!   with a warning saying what it is planned as. `low`/`high` are not
//!   rounded: they shape the forecast's effort distribution, whose draws
//!   are whole minutes.
//!
//! Readers hand back tasks whose `id` is empty when the file gave none;
//! [`parse`] derives those ids once every given id is known.
//!
//! ```
//! use sprintcast::backlog::{self, Format, ReadOptions};
//!
//! let text = "## shop\n### HIGH - Checkout\n- [ ] **Add coupons** (90 min)\n";
//! let backlog = backlog::parse("shop.md", text.as_bytes(), Format::Markdown, &ReadOptions::default())?;
//! assert_eq!(backlog.tasks[0].id, "shop/add-coupons");
//! assert_eq!(backlog.tasks[0].hours, 1.5);
//! # Ok::<(), sprintcast::Error>(())
//! ```

mod csv;
mod fields;
mod github;
mod jira;
mod json;
mod markdown;
mod progress;

use fields::*;

use std::collections::HashMap;
use std::io;
use std::path::Path;

use crate::error::{Error, Location, Problem, Result};
use crate::model::{derive_id, Backlog, Task, Warning};

/// A backlog file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown checklists under `##` project and `###` priority headings (SPEC 2.1).
    Markdown,
    /// One task per row with a header row (SPEC 2.2).
    Csv,
    /// An array of task objects (SPEC 2.3).
    Json,
    /// A Jira CSV export (SPEC 8.1; read only). A `.csv` file whose header
    /// names `Issue key` and `Summary` reads as one.
    Jira,
    /// `gh issue list --json ...` output (SPEC 8.2; read only). A `.json`
    /// file that is an array of objects with `number` and `title` reads as one.
    Github,
}

impl Format {
    /// The format a file's extension names (`.md`, `.markdown`, `.csv`,
    /// `.json`, any case), or `None`.
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::from_name(path.extension()?.to_str()?)
    }

    /// The format called `md`, `markdown`, `csv`, `json`, `jira` or
    /// `github` (any case), or `None`.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "jira" => Some(Format::Jira),
            "github" => Some(Format::Github),
            _ => None,
        }
    }

    /// The usual file extension (`md`, `csv`, `json`; a Jira export is
    /// `csv`, a GitHub issue list `json`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv | Format::Jira => "csv",
            Format::Json | Format::Github => "json",
        }
    }

    /// Whether [`write`] can write the format: Jira and GitHub are read only.
    pub fn writable(self) -> bool {
        matches!(self, Format::Markdown | Format::Csv | Format::Json)
    }
}

/// How to read a backlog.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadOptions {
    /// Hours in a working day, to turn estimates such as `(2 days)` into hours
    /// (the team calendar's `hours_per_day`; 8 without a team).
    pub hours_per_day: f64,
    /// Hours per story point, for imported issues with points but no hour
    /// estimate (`--hours-per-point`); without it such issues are read
    /// unestimated and not planned.
    pub hours_per_point: Option<f64>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            hours_per_day: 8.0,
            hours_per_point: None,
        }
    }
}

/// Reads a backlog from the bytes of a file in `format`.
///
/// `source` names the file in messages (a path, or `-` for stdin). The bytes
/// must be UTF-8 (an optional byte-order mark is skipped) and hold at least
/// one task. Tasks without an id get `<project>/<slug of title>`; see
/// [`Task::id`]. Warnings (such as a declared summary that disagrees with the
/// tasks) are in [`Backlog::warnings`].
pub fn parse(source: &str, bytes: &[u8], format: Format, opts: &ReadOptions) -> Result<Backlog> {
    let mut backlog = read_tasks(source, bytes, format, opts).map_err(printable)?;
    for w in &mut backlog.warnings {
        w.at.file = shown(&w.at.file);
        w.message = shown(&w.message);
    }
    Ok(backlog)
}

fn read_tasks(source: &str, bytes: &[u8], format: Format, opts: &ReadOptions) -> Result<Backlog> {
    let text = crate::input::as_text(source, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::input(Location::new(source, 0), Problem::EmptyFile));
    }
    // Imports are told apart from sprintcast's own CSV and JSON by content.
    let format = match format {
        Format::Csv if jira::is_export(text) => Format::Jira,
        Format::Json if github::is_issue_list(text) => Format::Github,
        format => format,
    };
    let mut backlog = match format {
        Format::Markdown => markdown::read(source, text, opts)?,
        Format::Csv => csv::read(source, text, opts)?,
        Format::Json => json::read(source, text, opts)?,
        Format::Jira => jira::read(source, text, opts)?,
        Format::Github => github::read(source, text, opts)?,
    };
    backlog.source = source.to_string();
    if backlog.tasks.is_empty() {
        let message = match format {
            Format::Markdown => {
                "no task found; write tasks as `- [ ] **Title** (N hours)` lines under `##` project and `###` priority headings"
            }
            Format::Csv => "no task found; the header must be followed by one row per task",
            Format::Json => "no task found; expected an array of task objects with id, title and hours",
            Format::Jira => "no issue found; the header must be followed by one row per issue",
            Format::Github => "no issue found; expected the array `gh issue list --json number,title,...` prints",
        };
        return Err(Error::input(
            Location::new(source, 0),
            Problem::Syntax {
                message: message.to_string(),
            },
        ));
    }
    for task in &backlog.tasks {
        check_text(task).map_err(|p| Error::input(Location::new(source, task.line), p))?;
    }
    assign_ids(source, &mut backlog.tasks)?;
    let rounded = minute_warnings(&backlog);
    backlog.warnings.extend(rounded);
    let progress = progress::warnings(&backlog);
    backlog.warnings.extend(progress);
    let summary = declared_warnings(&backlog);
    backlog.warnings.extend(summary);
    let unestimated = unestimated_warnings(&backlog);
    backlog.warnings.extend(unestimated);
    Ok(backlog)
}

/// One warning per open task without an hour estimate: it is read, and
/// listed as not planned until it has one (SPEC 9.3; `--strict` refuses).
fn unestimated_warnings(backlog: &Backlog) -> Vec<Warning> {
    backlog
        .tasks
        .iter()
        .filter(|t| t.is_open() && !t.estimated)
        .map(|t| Warning {
            at: Location::new(backlog.source.clone(), t.line),
            message: format!(
                "task \"{}\" has no hour estimate: it is not planned until it has one (add one such as (4 hours))",
                t.title
            ),
        })
        .collect()
}

/// Reads a backlog file, choosing the format by its extension.
///
/// Day estimates use `opts.hours_per_day`.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<Backlog> {
    let source = path.display().to_string();
    read_path(&source, path, opts).map_err(printable)
}

fn read_path(source: &str, path: &Path, opts: &ReadOptions) -> Result<Backlog> {
    let Some(format) = Format::from_path(path) else {
        let ext = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        return Err(Error::input(
            Location::new(source, 0),
            Problem::BadValue {
                field: "file extension".into(),
                value: ext,
                expected: "is not a backlog format; use .md, .csv or .json".into(),
            },
        ));
    };
    let bytes = std::fs::read(path).map_err(|e| Error::io(source, e))?;
    parse(source, &bytes, format, opts)
}

/// Writes a backlog in `format`.
///
/// Reading the output back gives the same tasks with the same fields in the
/// same order (line numbers aside). Markdown keeps extra CSV/JSON columns as
/// `extra.NAME: value` sub-bullets; JSON writes extra values as strings.
/// The import formats are not written ([`Format::writable`]): asking for
/// one is an [`io::ErrorKind::Unsupported`] error.
pub fn write(backlog: &Backlog, format: Format, out: &mut dyn io::Write) -> io::Result<()> {
    match format {
        Format::Markdown => markdown::write(backlog, out),
        Format::Csv => csv::write(backlog, out),
        Format::Json => json::write(backlog, out),
        Format::Jira | Format::Github => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "sprintcast writes backlogs as md, csv or json, not as Jira or GitHub issues",
        )),
    }
}

/// What of a Markdown backlog's text around its tasks (SPEC 8.5) writing
/// it in `format` leaves out, as a phrase ("the document's title,
/// introduction and 2 other sections"); `None` when the format keeps it all
/// (Markdown; JSON, in its tasks' `markdown_before`/`markdown_after` keys,
/// when there is a task to carry them).
pub fn text_lost_in(backlog: &Backlog, format: Format) -> Option<String> {
    let document = backlog.document.as_ref()?;
    match format {
        Format::Json if !backlog.tasks.is_empty() => None,
        Format::Markdown => None,
        _ => markdown::lost_text(document),
    }
}

/// Reads an estimate such as `4 hours`, `1 hour`, `2.5h`, `90 min`, `2 days`
/// or a bare `4` (hours) into hours; days count `hours_per_day` hours.
///
/// `None` when the text is not a positive estimate of at least a minute
/// (plans count whole minutes).
pub fn parse_hours(text: &str, hours_per_day: f64) -> Option<f64> {
    match classify_hours(text, hours_per_day) {
        HoursText::Hours(h) => Some(h),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Shared checks

/// Gives every task an id and checks that ids are unique.
///
/// Given ids must be unique: a repeat is an error at the line of the second.
/// A task without an id gets `<project>/<slug of title>`. When that id is
/// already taken (two tasks with the same title in one project, or a given id
/// equal to it), the later task gets `-2`, `-3`, ... appended instead of an
/// error, so a backlog whose titles repeat still reads; such tasks must then be
/// referred to by id. Given ids are reserved before any id is derived, so a
/// derived id never takes an id given further down the file.
fn assign_ids(source: &str, tasks: &mut [Task]) -> Result<()> {
    let mut taken: HashMap<String, usize> = HashMap::new();
    for task in tasks.iter().filter(|t| !t.id.is_empty()) {
        if let Some(&first_line) = taken.get(&task.id) {
            return Err(Error::input(
                Location::new(source, task.line),
                Problem::DuplicateId {
                    id: task.id.clone(),
                    first_line,
                },
            ));
        }
        taken.insert(task.id.clone(), task.line);
    }
    for task in tasks.iter_mut().filter(|t| t.id.is_empty()) {
        let base = derive_id(&task.project, &task.title);
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains_key(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone(), task.line);
        task.id = id;
    }
    Ok(())
}

/// Warnings where a declared "Time Estimates Summary" disagrees with the
/// tasks (all of them, open and done), located at the table.
fn declared_warnings(backlog: &Backlog) -> Vec<Warning> {
    let Some(declared) = &backlog.declared else {
        return Vec::new();
    };
    let at = Location::new(backlog.source.clone(), declared.line);
    let mut warnings = Vec::new();
    if let Some(total) = declared.total {
        let computed = backlog.total_hours();
        if differs(total, computed) {
            let n = backlog.tasks.len();
            let (tasks, verb) = if n == 1 {
                ("task", "adds")
            } else {
                ("tasks", "add")
            };
            warnings.push(Warning {
                at: at.clone(),
                message: format!(
                    "Time Estimates Summary says {} in total, but the {n} {tasks} {verb} up to {}",
                    hours_text(total),
                    hours_text(computed)
                ),
            });
        }
    }
    for &(priority, hours) in &declared.by_priority {
        let tasks: Vec<&Task> = backlog
            .tasks
            .iter()
            .filter(|t| t.priority == priority)
            .collect();
        let computed: f64 = tasks.iter().map(|t| t.hours).sum();
        if differs(hours, computed) {
            let rest = match tasks.len() {
                0 => format!("but there are no {priority} tasks"),
                1 => format!(
                    "the one {priority} task adds up to {}",
                    hours_text(computed)
                ),
                _ => format!("the {priority} tasks add up to {}", hours_text(computed)),
            };
            warnings.push(Warning {
                at: at.clone(),
                message: format!(
                    "Time Estimates Summary says {priority} {}, {rest}",
                    hours_text(hours)
                ),
            });
        }
    }
    warnings
}

fn differs(a: f64, b: f64) -> bool {
    (a - b).abs() > 0.005
}

/// `1 hour`, `2.5 hours`: sums rounded to 1/100 so float noise never shows.
fn hours_text(hours: f64) -> String {
    let rounded = (hours * 100.0).round() / 100.0;
    if rounded == 1.0 {
        "1 hour".to_string()
    } else {
        format!("{} hours", num(rounded))
    }
}

/// A number as the shortest text that reads back to the same `f64` (`4`, `2.5`).
fn num(x: f64) -> String {
    if x == 0.0 {
        // no "-0"
        "0".to_string()
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests;
