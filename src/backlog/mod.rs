//! Reading and writing backlogs: Markdown (SPEC 2.1), CSV (2.2) and JSON (2.3).
//!
//! Each format has its own reader and writer ([`markdown`], [`csv`], [`json`]);
//! this module owns what they share:
//! - the checks every reader runs on the raw bytes (UTF-8 text, not empty) and
//!   on the tasks it found (at least one, ids unique, derived ids filled in);
//! - the field parsers (hours with units, due dates, skills, ranges,
//!   confidence) so that a value means the same thing in every format;
//! - the comparison of a declared "Time Estimates Summary" with the tasks.
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
    assign_ids(source, &mut backlog.tasks)?;
    let summary = declared_warnings(&backlog);
    backlog.warnings.extend(summary);
    Ok(backlog)
}

/// Reads a backlog file, choosing the format by its extension.
///
/// Day estimates use `opts.hours_per_day`.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Result<Backlog> {
    let source = path.display().to_string();
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
    let bytes = std::fs::read(path).map_err(|e| Error::io(source.clone(), e))?;
    parse(&source, &bytes, format, opts)
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
/// `None` when the text is not a positive estimate.
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
    if hours.is_finite() && hours > 0.0 {
        HoursText::Hours(hours)
    } else {
        HoursText::NotPositive(number.to_string())
    }
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
    check_range(task, low, high, value.trim())
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
            let lo = parse_hours(l, hours_per_day).ok_or_else(bad)?;
            let hi = parse_hours(h, hours_per_day).ok_or_else(bad)?;
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
    if value.contains(['\n', '\r']) {
        Err(bad_field(task, field, value, "must fit on one line"))
    } else {
        Ok(())
    }
}

/// Notes from a CSV cell or JSON string: one note per line, blank lines dropped.
fn split_notes(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
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
