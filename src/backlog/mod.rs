//! Reading and writing backlogs: Markdown (SPEC 2.1), CSV (2.2) and JSON (2.3).
//!
//! Each format has its own reader and writer ([`markdown`], [`csv`], [`json`]);
//! this module owns what they share:
//! - the checks every reader runs on the raw bytes (UTF-8 text, not empty) and
//!   on the tasks it found (at least one, ids unique, derived ids filled in);
//! - the field parsers (hours with units, due dates, skills, ranges,
//!   confidence) so that a value means the same thing in every format;
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
mod json;
mod markdown;

use std::collections::HashMap;
use std::io;
use std::path::Path;

use chrono::NaiveDate;

use crate::error::{Error, Location, Problem, Result};
use crate::model::{derive_id, Backlog, Priority, Skill, Status, Task, Warning};

/// A backlog file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown checklists under `##` project and `###` priority headings (SPEC 2.1).
    Markdown,
    /// One task per row with a header row (SPEC 2.2).
    Csv,
    /// An array of task objects (SPEC 2.3).
    Json,
}

impl Format {
    /// The format a file's extension names (`.md`, `.markdown`, `.csv`,
    /// `.json`, any case), or `None`.
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::from_name(path.extension()?.to_str()?)
    }

    /// The format called `md`, `markdown`, `csv` or `json` (any case), or `None`.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// The usual file extension (`md`, `csv`, `json`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// How to read a backlog.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadOptions {
    /// Hours in a working day, to turn estimates such as `(2 days)` into hours
    /// (the team calendar's `hours_per_day`; 8 without a team).
    pub hours_per_day: f64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { hours_per_day: 8.0 }
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
    let text = as_text(source, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::input(Location::new(source, 0), Problem::EmptyFile));
    }
    let mut backlog = match format {
        Format::Markdown => markdown::read(source, text, opts)?,
        Format::Csv => csv::read(source, text, opts)?,
        Format::Json => json::read(source, text, opts)?,
    };
    backlog.source = source.to_string();
    if backlog.tasks.is_empty() {
        let message = match format {
            Format::Markdown => {
                "no task found; write tasks as `- [ ] **Title** (N hours)` lines under `##` project and `###` priority headings"
            }
            Format::Csv => "no task found; the header must be followed by one row per task",
            Format::Json => "no task found; expected an array of task objects with id, title and hours",
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
    let summary = declared_warnings(&backlog);
    backlog.warnings.extend(summary);
    Ok(backlog)
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
pub fn write(backlog: &Backlog, format: Format, out: &mut dyn io::Write) -> io::Result<()> {
    match format {
        Format::Markdown => markdown::write(backlog, out),
        Format::Csv => csv::write(backlog, out),
        Format::Json => json::write(backlog, out),
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

/// The bytes as text, or `NotText` at the first invalid byte (or NUL, which
/// is valid UTF-8 but only ever found in binary files).
fn as_text<'a>(source: &str, bytes: &'a [u8]) -> Result<&'a str> {
    let not_text = |offset: usize| {
        let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
        Error::input(Location::new(source, line), Problem::NotText { offset })
    };
    let text = std::str::from_utf8(bytes).map_err(|e| not_text(e.valid_up_to()))?;
    match text.find('\0') {
        Some(offset) => Err(not_text(offset)),
        None => Ok(text),
    }
}

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

// ---------------------------------------------------------------------------
// Field parsers shared by the readers

/// What an estimate's text turned out to be.
#[derive(Debug, Clone, PartialEq)]
enum HoursText {
    /// A positive number of hours.
    Hours(f64),
    /// An estimate whose number is zero or negative; holds the number as written.
    NotPositive(String),
    /// A positive estimate under one minute, which a plan cannot hold (it
    /// counts whole minutes); holds the estimate as written (the number, with
    /// its unit unless that is hours) and the hours.
    UnderMinute(String, f64),
    /// An estimate (it ends in a unit) whose number is not a number; holds it as written.
    NotNumber(String),
    /// Not an estimate at all (`(v2)`, `(see notes)`).
    NotEstimate,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Bare,
    Hours,
    Minutes,
    Days,
}

/// Units, longest first so `hours` is not read as `h` + garbage.
const UNITS: [(&str, Unit); 13] = [
    ("minutes", Unit::Minutes),
    ("minute", Unit::Minutes),
    ("hours", Unit::Hours),
    ("hour", Unit::Hours),
    ("days", Unit::Days),
    ("mins", Unit::Minutes),
    ("day", Unit::Days),
    ("hrs", Unit::Hours),
    ("min", Unit::Minutes),
    ("hr", Unit::Hours),
    ("h", Unit::Hours),
    ("m", Unit::Minutes),
    ("d", Unit::Days),
];

/// Splits `2.5 hours` into (`2.5`, Hours). A unit counts only after a blank
/// or a digit, so `(backend)` has no unit `d`.
fn split_unit(text: &str) -> (&str, Unit) {
    let text = text.trim();
    for (word, unit) in UNITS {
        let Some(cut) = text.len().checked_sub(word.len()) else {
            continue;
        };
        if !text.is_char_boundary(cut) || !text[cut..].eq_ignore_ascii_case(word) {
            continue;
        }
        let number = &text[..cut];
        let joined = number
            .chars()
            .next_back()
            .is_some_and(|c| c.is_whitespace() || c.is_ascii_digit() || c == '.');
        if joined {
            return (number.trim(), unit);
        }
    }
    (text, Unit::Bare)
}

/// A plain decimal number (`4`, `2.5`, `-2`, `.5`): no exponent, no `inf`/`nan`.
fn plain_number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !ok {
        return None;
    }
    text.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn classify_hours(text: &str, hours_per_day: f64) -> HoursText {
    let (number, unit) = split_unit(text);
    let Some(n) = plain_number(number) else {
        let looks_numeric = number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | ','))
            && number.chars().any(|c| c.is_ascii_digit());
        return if unit != Unit::Bare || looks_numeric {
            HoursText::NotNumber(number.to_string())
        } else {
            HoursText::NotEstimate
        };
    };
    let hours = match unit {
        Unit::Bare | Unit::Hours => n,
        Unit::Minutes => n / 60.0,
        Unit::Days => n * hours_per_day,
    };
    if !(hours.is_finite() && hours > 0.0) {
        HoursText::NotPositive(number.to_string())
    } else if under_a_minute(hours) {
        let written = match unit {
            Unit::Bare | Unit::Hours => number,
            Unit::Minutes | Unit::Days => text.trim(),
        };
        HoursText::UnderMinute(written.to_string(), hours)
    } else {
        HoursText::Hours(hours)
    }
}

/// Whether `hours` is less than the one minute a plan counts at least.
fn under_a_minute(hours: f64) -> bool {
    // 1/60 h times 60 may come out a hair under 1.
    hours * 60.0 < 1.0 - 1e-9
}

const UNDER_A_MINUTE: &str = "is less than a minute; give at least 0.02 hours";

/// The error for an estimate (`field` hours, low or high) under a minute.
fn under_minute_problem(task: &str, field: &str, written: &str) -> Problem {
    bad_field(task, field, written, UNDER_A_MINUTE)
}

/// The hours of a CSV cell or JSON string: anything that is not a positive
/// estimate is an error naming the task.
fn hours_field(task: &str, text: &str, hours_per_day: f64) -> std::result::Result<f64, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::MissingHours { task: task.into() });
    }
    match classify_hours(text, hours_per_day) {
        HoursText::Hours(h) => Ok(h),
        HoursText::NotPositive(value) => Err(Problem::HoursNotPositive {
            task: task.into(),
            value,
        }),
        HoursText::UnderMinute(value, _) => Err(under_minute_problem(task, "hours", &value)),
        HoursText::NotNumber(value) => Err(Problem::HoursNotNumber {
            task: task.into(),
            value,
        }),
        HoursText::NotEstimate => Err(Problem::HoursNotNumber {
            task: task.into(),
            value: text.trim().into(),
        }),
    }
}

/// A field's problem. Values are quoted as they are; [`printable`] escapes
/// what would break the message's line.
fn bad_field(task: &str, field: &str, value: &str, expected: &str) -> Problem {
    Problem::BadField {
        task: task.into(),
        field: field.into(),
        value: value.into(),
        expected: expected.into(),
    }
}

fn parse_due(task: &str, value: &str) -> std::result::Result<NaiveDate, Problem> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| bad_field(task, "due", value.trim(), "is not a date (YYYY-MM-DD)"))
}

/// Skills from list items (`rust`, `sql:2`); blank items are skipped.
fn parse_skills<'a>(
    task: &str,
    items: impl IntoIterator<Item = &'a str>,
) -> std::result::Result<Vec<Skill>, Problem> {
    items
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            Skill::parse(s).ok_or_else(|| {
                bad_field(
                    task,
                    "skills",
                    s,
                    "is not a skill; write name or name:level (level a whole number)",
                )
            })
        })
        .collect()
}

fn parse_confidence(task: &str, value: &str) -> std::result::Result<f64, Problem> {
    plain_number(value.trim())
        .filter(|c| *c > 0.0 && *c < 1.0)
        .ok_or_else(|| {
            bad_field(
                task,
                "confidence",
                value.trim(),
                "must be a number between 0 and 1, such as 0.8",
            )
        })
}

const RANGE_EXPECTED: &str = "must be low-high hours with 0 < low <= high, such as 3-6";

/// A Markdown `range` value: `3-6`, `2.5-4 hours`, `1-2 days` (a unit
/// written once, at the end, applies to both ends).
fn parse_range(
    task: &str,
    value: &str,
    hours_per_day: f64,
) -> std::result::Result<(f64, f64), Problem> {
    let bad = || bad_field(task, "range", value.trim(), RANGE_EXPECTED);
    let (low, high) = value.trim().split_once('-').ok_or_else(bad)?;
    let (high_number, unit) = split_unit(high);
    let to_hours = |text: &str, unit: Unit| -> Option<f64> {
        let n = plain_number(text)?;
        let h = match unit {
            Unit::Bare | Unit::Hours => n,
            Unit::Minutes => n / 60.0,
            Unit::Days => n * hours_per_day,
        };
        Some(h)
    };
    let (low_number, low_unit) = split_unit(low);
    let low_unit = if low_unit == Unit::Bare {
        unit
    } else {
        low_unit
    };
    let low = to_hours(low_number, low_unit).ok_or_else(bad)?;
    let high = to_hours(high_number, unit).ok_or_else(bad)?;
    let (low, high) = check_range(task, low, high, value.trim())?;
    if under_a_minute(low) {
        // The forecast draws whole minutes, at least one: a P10 under a
        // minute could never be met.
        return Err(bad_field(
            task,
            "range",
            value.trim(),
            "starts under a minute; give a low of at least 0.02 hours",
        ));
    }
    Ok((low, high))
}

/// `0 < low <= high`, finite; `written` is the value for the message.
fn check_range(
    task: &str,
    low: f64,
    high: f64,
    written: &str,
) -> std::result::Result<(f64, f64), Problem> {
    if low.is_finite() && high.is_finite() && low > 0.0 && low <= high {
        Ok((low, high))
    } else {
        Err(bad_field(task, "range", written, RANGE_EXPECTED))
    }
}

/// CSV and JSON give `low` and `high` apart: both or neither.
fn low_high(
    task: &str,
    low: Option<&str>,
    high: Option<&str>,
    hours_per_day: f64,
) -> std::result::Result<(Option<f64>, Option<f64>), Problem> {
    let low = low.map(str::trim).filter(|s| !s.is_empty());
    let high = high.map(str::trim).filter(|s| !s.is_empty());
    match (low, high) {
        (None, None) => Ok((None, None)),
        (Some(l), Some(h)) => {
            let written = format!("{l}-{h}");
            let bad = || bad_field(task, "range", &written, RANGE_EXPECTED);
            let end = |field: &str, text: &str| match classify_hours(text, hours_per_day) {
                HoursText::Hours(x) => Ok(x),
                // The forecast draws whole minutes, at least one: a P10
                // under a minute could never be met.
                HoursText::UnderMinute(value, x) => {
                    if field == "low" {
                        Err(under_minute_problem(task, field, &value))
                    } else {
                        Ok(x)
                    }
                }
                _ => Err(bad()),
            };
            let lo = end("low", l)?;
            let hi = end("high", h)?;
            let (lo, hi) = check_range(task, lo, hi, &written)?;
            Ok((Some(lo), Some(hi)))
        }
        (Some(l), None) => Err(bad_field(
            task,
            "high",
            "",
            &format!("is missing; low {l} needs a high (P90 hours) too"),
        )),
        (None, Some(h)) => Err(bad_field(
            task,
            "low",
            "",
            &format!("is missing; high {h} needs a low (P10 hours) too"),
        )),
    }
}

fn parse_priority(task: &str, value: &str) -> std::result::Result<Priority, Problem> {
    if value.trim().is_empty() {
        return Ok(Priority::Medium);
    }
    value.parse().map_err(|()| {
        bad_field(
            task,
            "priority",
            value.trim(),
            "is not a priority; use URGENT, HIGH, MEDIUM or LOW",
        )
    })
}

fn parse_status(task: &str, value: &str) -> std::result::Result<Status, Problem> {
    value.parse().map_err(|()| {
        bad_field(
            task,
            "status",
            value.trim(),
            "is not a status; use open or done",
        )
    })
}

/// Titles, ids and the like become Markdown lines: they must fit on one.
fn one_line(task: &str, field: &str, value: &str) -> std::result::Result<(), Problem> {
    match value.chars().find(|&c| breaks_text(c)) {
        None => Ok(()),
        Some(c) => Err(bad_field(task, field, value, &unfit(c))),
    }
}

/// What to say about a character that a one-line field cannot hold.
fn unfit(c: char) -> String {
    if LINE_BREAKS.contains(&c) {
        format!(
            "holds a line break ({}); write it on one line",
            c.escape_default()
        )
    } else {
        format!(
            "holds a control character ({}); remove it",
            c.escape_default()
        )
    }
}

/// Characters that end a line for some reader of a file: editors, Markdown
/// viewers, terminals, Unicode's line and paragraph separators.
const LINE_BREAKS: [char; 7] = [
    '\n', '\r', '\u{0b}', '\u{0c}', '\u{85}', '\u{2028}', '\u{2029}',
];

/// A line break or another control character (a tab is neither).
fn breaks_text(c: char) -> bool {
    (c.is_control() && c != '\t') || LINE_BREAKS.contains(&c)
}

/// `text` fit for a one-line message: line breaks and control characters
/// (tabs too) shown as escapes (`\n`, `\u{2028}`).
pub(crate) fn shown(text: &str) -> String {
    if !text.chars().any(|c| c == '\t' || breaks_text(c)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\t' || breaks_text(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The error with every value it quotes [`shown`], so that it prints as
/// one line whatever the input held.
fn printable(e: Error) -> Error {
    let s = |text: String| shown(&text);
    match e {
        Error::Input { at, problem } => {
            let at = Location {
                file: shown(&at.file),
                ..*at
            };
            let problem = match *problem {
                Problem::MissingHours { task } => Problem::MissingHours { task: s(task) },
                Problem::HoursNotNumber { task, value } => Problem::HoursNotNumber {
                    task: s(task),
                    value: s(value),
                },
                Problem::HoursNotPositive { task, value } => Problem::HoursNotPositive {
                    task: s(task),
                    value: s(value),
                },
                Problem::BadField {
                    task,
                    field,
                    value,
                    expected,
                } => Problem::BadField {
                    task: s(task),
                    field: s(field),
                    value: s(value),
                    expected: s(expected),
                },
                Problem::BadValue {
                    field,
                    value,
                    expected,
                } => Problem::BadValue {
                    field: s(field),
                    value: s(value),
                    expected: s(expected),
                },
                Problem::DuplicateId { id, first_line } => Problem::DuplicateId {
                    id: s(id),
                    first_line,
                },
                Problem::Syntax { message } => Problem::Syntax {
                    message: s(message),
                },
                Problem::MissingColumn { column } => Problem::MissingColumn { column: s(column) },
                // The readers raise no other problem.
                other => other,
            };
            Error::input(at, problem)
        }
        Error::Io { path, source } => Error::Io {
            path: shown(&path),
            source,
        },
        other => other,
    }
}

/// Checks that a task's text fields can be written to every format and read
/// back the same: one-line fields (title, id, project, category, owner,
/// dependencies, skills, extra column names) and notes (already split at
/// line breaks) hold no line break or control character, skill names no
/// list separator; extra values may hold anything but NUL, which no text
/// file can carry.
fn check_text(task: &Task) -> std::result::Result<(), Problem> {
    let title = task.title.as_str();
    let mut one_line_fields: Vec<(&str, &str)> = vec![
        ("title", title),
        ("id", &task.id),
        ("project", &task.project),
        ("category", &task.category),
    ];
    if let Some(owner) = &task.owner {
        one_line_fields.push(("owner", owner));
    }
    one_line_fields.extend(task.depends_on.iter().map(|d| ("depends_on", d.as_str())));
    one_line_fields.extend(task.skills.iter().map(|s| ("skills", s.name.as_str())));
    one_line_fields.extend(task.extra.iter().map(|(n, _)| ("extra column", n.as_str())));
    one_line_fields.extend(task.notes.iter().map(|n| ("notes", n.as_str())));
    for (field, value) in one_line_fields {
        one_line(title, field, value)?;
    }
    for skill in &task.skills {
        if skill.name.contains([',', ';']) {
            return Err(bad_field(
                title,
                "skills",
                &skill.name,
                "holds a list separator (, or ;); give each skill as its own item",
            ));
        }
    }
    for (name, value) in &task.extra {
        if name.trim().is_empty() {
            return Err(bad_field(
                title,
                "extra column",
                name,
                "has no name; name it",
            ));
        }
        if let Some(column) = Column::find(name) {
            return Err(bad_field(
                title,
                "extra column",
                name,
                &format!(
                    "is the backlog's own field \"{}\"; give the extra column another name",
                    column.name()
                ),
            ));
        }
        if value.contains('\0') {
            return Err(bad_field(
                title,
                name,
                value,
                "holds a NUL character, which no text file can carry; remove it",
            ));
        }
    }
    Ok(())
}

/// One warning per task whose estimate is not a whole number of minutes:
/// plans count whole minutes (see [`crate::calendar::hours_to_minutes`]), so
/// say what the task is planned as. `low`/`high` are not rounded (they shape
/// the forecast's effort distribution; only its draws are whole minutes).
fn minute_warnings(backlog: &Backlog) -> Vec<Warning> {
    backlog
        .tasks
        .iter()
        .filter(|t| {
            let minutes = t.hours * 60.0;
            (minutes - minutes.round()).abs() > 1e-6 * minutes.max(1.0)
        })
        .map(|t| {
            let minutes = crate::calendar::hours_to_minutes(t.hours);
            let planned = match (minutes / 60, minutes % 60) {
                (0, m) => format!("{m} min"),
                (h, 0) => format!("{h} h"),
                (h, m) => format!("{h} h {m} min"),
            };
            Warning {
                at: Location::new(backlog.source.clone(), t.line),
                message: format!(
                    "task \"{}\": {} hours is planned as {planned} (plans count whole minutes)",
                    t.title,
                    num(t.hours)
                ),
            }
        })
        .collect()
}

/// Notes from a CSV cell, JSON string or Markdown note: one note per line
/// (any of [`LINE_BREAKS`] ends one), trimmed, blank lines dropped.
fn split_notes(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(LINE_BREAKS)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
}

/// The items of a list (`a; b`, `a, b`) split at `separators`, each trimmed,
/// blanks dropped. A `\` before a separator or a `\` takes it literally
/// (`Fix login\, logout` is one item), so that a dependency on a title that
/// holds the separator can be written; any other `\` is kept as it is.
fn split_list(text: &str, separators: &[char]) -> Vec<String> {
    let mut items = Vec::new();
    let mut item = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some(&next) if next == '\\' || separators.contains(&next) => {
                    item.push(next);
                    chars.next();
                }
                _ => item.push(c),
            }
        } else if separators.contains(&c) {
            items.push(std::mem::take(&mut item));
        } else {
            item.push(c);
        }
    }
    items.push(item);
    items
        .into_iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect()
}

/// Joins items with `joiner` so that [`split_list`] at `separators` gives
/// them back: every `\` and separator inside an item gets a `\` in front.
fn join_list<'a>(
    items: impl IntoIterator<Item = &'a str>,
    separators: &[char],
    joiner: &str,
) -> String {
    let escaped: Vec<String> = items
        .into_iter()
        .map(|item| {
            let mut out = String::with_capacity(item.len());
            for c in item.chars() {
                if c == '\\' || separators.contains(&c) {
                    out.push('\\');
                }
                out.push(c);
            }
            out
        })
        .collect();
    escaped.join(joiner)
}

/// A skill as list text: [`Skill`]'s own form, except that a level-1 skill
/// whose name holds a `:` keeps its `:1` (else the name's tail would read as
/// a level).
fn skill_text(skill: &Skill) -> String {
    if skill.level == 1 && skill.name.contains(':') {
        format!("{}:1", skill.name)
    } else {
        skill.to_string()
    }
}

/// Names a CSV header or JSON key may use for each SPEC field: compared
/// case-insensitively, ignoring blanks, `_` and `-` (`Depends On` = `depends_on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Title,
    Project,
    Priority,
    Category,
    Hours,
    DependsOn,
    Skills,
    Owner,
    Due,
    Status,
    Low,
    High,
    Confidence,
    Notes,
}

impl Column {
    /// SPEC 2.2 order.
    const ALL: [Column; 15] = [
        Column::Id,
        Column::Title,
        Column::Project,
        Column::Priority,
        Column::Category,
        Column::Hours,
        Column::DependsOn,
        Column::Skills,
        Column::Owner,
        Column::Due,
        Column::Status,
        Column::Low,
        Column::High,
        Column::Confidence,
        Column::Notes,
    ];

    fn name(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Title => "title",
            Column::Project => "project",
            Column::Priority => "priority",
            Column::Category => "category",
            Column::Hours => "hours",
            Column::DependsOn => "depends_on",
            Column::Skills => "skills",
            Column::Owner => "owner",
            Column::Due => "due",
            Column::Status => "status",
            Column::Low => "low",
            Column::High => "high",
            Column::Confidence => "confidence",
            Column::Notes => "notes",
        }
    }

    fn find(name: &str) -> Option<Column> {
        let key: String = name
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect();
        if key == "dependencies" {
            return Some(Column::DependsOn);
        }
        Column::ALL
            .into_iter()
            .find(|c| c.name().replace('_', "") == key)
    }
}

/// Adds the task's extra column names to `columns`, keeping first-seen order.
fn note_extra_columns(columns: &mut Vec<String>, task: &Task) {
    for (name, _) in &task.extra {
        if !columns.contains(name) {
            columns.push(name.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Result<Backlog> {
        parse(
            "t.md",
            text.as_bytes(),
            Format::Markdown,
            &ReadOptions::default(),
        )
    }

    #[test]
    fn hours_with_units() {
        for (text, hours) in [
            ("4 hours", 4.0),
            ("1 hour", 1.0),
            ("2.5h", 2.5),
            ("90 min", 1.5),
            ("30m", 0.5),
            ("2 days", 16.0),
            ("1 Day", 8.0),
            ("4", 4.0),
            ("3 hrs", 3.0),
            (" 45 minutes ", 0.75),
            (".5h", 0.5),
        ] {
            assert_eq!(parse_hours(text, 8.0), Some(hours), "{text}");
        }
        assert_eq!(parse_hours("2 days", 6.0), Some(12.0));
        for text in [
            "six hours",
            "0 hours",
            "-2 hours",
            "",
            "approx",
            "v2",
            "inf",
            "nan",
            "1e3",
            "4-6 hours",
        ] {
            assert_eq!(parse_hours(text, 8.0), None, "{text}");
        }
    }

    #[test]
    fn estimate_attempts_are_told_apart_from_other_text() {
        assert_eq!(
            classify_hours("six hours", 8.0),
            HoursText::NotNumber("six".into())
        );
        assert_eq!(
            classify_hours("-2 hours", 8.0),
            HoursText::NotPositive("-2".into())
        );
        assert_eq!(classify_hours("0", 8.0), HoursText::NotPositive("0".into()));
        assert_eq!(classify_hours("backend", 8.0), HoursText::NotEstimate);
        assert_eq!(classify_hours("Phase 2", 8.0), HoursText::NotEstimate);
        assert_eq!(
            classify_hours("3.7.0", 8.0),
            HoursText::NotNumber("3.7.0".into())
        );
    }

    #[test]
    fn formats_by_name_and_path() {
        assert_eq!(Format::from_name("MD"), Some(Format::Markdown));
        assert_eq!(Format::from_name("markdown"), Some(Format::Markdown));
        assert_eq!(Format::from_name("xlsx"), None);
        assert_eq!(Format::from_path(Path::new("a/b.JSON")), Some(Format::Json));
        assert_eq!(Format::from_path(Path::new("a/b")), None);
    }

    #[test]
    fn binary_and_empty_input_give_one_clear_line() {
        let png = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0];
        let e = parse("x.png", &png, Format::Markdown, &ReadOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.png:1: the file is not UTF-8 text (byte 0); save it as UTF-8"
        );
        let e = parse(
            "x.md",
            b"ab\ncd\0",
            Format::Markdown,
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.md:2: the file is not UTF-8 text (byte 5); save it as UTF-8"
        );
        let e = md(" \n\t\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.md: the file is empty; expected a backlog with at least one task"
        );
        let e = md("# Notes\n\nNothing to do.\n").unwrap_err();
        assert!(e.to_string().starts_with("t.md: no task found;"), "{e}");
    }

    #[test]
    fn derived_ids_that_collide_get_suffixes() {
        let b = md("## p\n- [ ] **A** (1h)\n- [ ] **A** (1h)\n- [ ] **A** (1h)\n  - id: p/a-2\n")
            .unwrap();
        let ids: Vec<&str> = b.tasks.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["p/a", "p/a-3", "p/a-2"]);
    }

    #[test]
    fn given_ids_must_be_unique() {
        let e = md("- [ ] **A** (1h)\n  - id: x\n- [ ] **B** (1h)\n  - id: x\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.md:3: duplicate task id \"x\" (first used on line 1); give one of them another `id:`"
        );
    }

    #[test]
    fn summary_mismatch_warns_with_both_numbers() {
        let b = md("## p\n### HIGH\n- [ ] **A** (3h)\n\n## Time Estimates Summary\n\n| Priority | Hours |\n|---|---|\n| HIGH | 3 hours |\n| LOW | 2 hours |\n| **TOTAL** | **5 hours** |\n").unwrap();
        let messages: Vec<String> = b.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            messages,
            [
                "t.md:7: warning: Time Estimates Summary says 5 hours in total, but the 1 task adds up to 3 hours",
                "t.md:7: warning: Time Estimates Summary says LOW 2 hours, but there are no LOW tasks",
            ]
        );
    }

    #[test]
    fn ranges_and_confidence() {
        assert_eq!(parse_range("t", "3-6", 8.0), Ok((3.0, 6.0)));
        assert_eq!(parse_range("t", "1-2 days", 8.0), Ok((8.0, 16.0)));
        assert_eq!(parse_range("t", "2.5 - 4h", 8.0), Ok((2.5, 4.0)));
        assert!(parse_range("t", "6-3", 8.0).is_err());
        assert!(parse_range("t", "0-3", 8.0).is_err());
        assert!(parse_range("t", "3", 8.0).is_err());
        assert_eq!(parse_confidence("t", "0.8"), Ok(0.8));
        assert!(parse_confidence("t", "1").is_err());
        assert!(parse_confidence("t", "0").is_err());
        assert!(parse_confidence("t", "high").is_err());
    }

    #[test]
    fn columns_match_loosely() {
        assert_eq!(Column::find("Depends On"), Some(Column::DependsOn));
        assert_eq!(Column::find("depends-on"), Some(Column::DependsOn));
        assert_eq!(Column::find("HOURS"), Some(Column::Hours));
        assert_eq!(Column::find("story points"), None);
    }
}
