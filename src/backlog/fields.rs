//! Field parsers shared by the readers: estimates with units, ranges,
//! dates, priorities, statuses, skills, lists, and the checks that keep
//! one-line text on one line.

use crate::error::{Error, Location, Problem};
use crate::model::{Backlog, Priority, Skill, Status, Task, Warning};
use chrono::NaiveDate;

use super::*;

/// What an estimate's text turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum HoursText {
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
pub(super) enum Unit {
    Bare,
    Hours,
    Minutes,
    Days,
}

/// Units, longest first so `hours` is not read as `h` + garbage.
pub(super) const UNITS: [(&str, Unit); 13] = [
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
pub(super) fn split_unit(text: &str) -> (&str, Unit) {
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
pub(super) fn plain_number(text: &str) -> Option<f64> {
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

pub(super) fn classify_hours(text: &str, hours_per_day: f64) -> HoursText {
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
pub(super) fn under_a_minute(hours: f64) -> bool {
    // 1/60 h times 60 may come out a hair under 1.
    hours * 60.0 < 1.0 - 1e-9
}

pub(super) const UNDER_A_MINUTE: &str = "is less than a minute; give at least 0.02 hours";

/// The error for an estimate (`field` hours, low or high) under a minute.
pub(super) fn under_minute_problem(task: &str, field: &str, written: &str) -> Problem {
    bad_field(task, field, written, UNDER_A_MINUTE)
}

/// The hours of a CSV cell or JSON string: anything that is not a positive
/// estimate is an error naming the task.
pub(super) fn hours_field(
    task: &str,
    text: &str,
    hours_per_day: f64,
) -> std::result::Result<f64, Problem> {
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
pub(super) fn bad_field(task: &str, field: &str, value: &str, expected: &str) -> Problem {
    Problem::BadField {
        task: task.into(),
        field: field.into(),
        value: value.into(),
        expected: expected.into(),
    }
}

pub(super) fn parse_due(task: &str, value: &str) -> std::result::Result<NaiveDate, Problem> {
    parse_date(task, "due", value)
}

/// A `YYYY-MM-DD` date of the field `field` (`due`, `started`, `finished`).
pub(super) fn parse_date(
    task: &str,
    field: &str,
    value: &str,
) -> std::result::Result<NaiveDate, Problem> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| bad_field(task, field, value.trim(), "is not a date (YYYY-MM-DD)"))
}

/// Skills from list items (`rust`, `sql:2`); blank items are skipped.
pub(super) fn parse_skills<'a>(
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

pub(super) fn parse_confidence(task: &str, value: &str) -> std::result::Result<f64, Problem> {
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

pub(super) const RANGE_EXPECTED: &str = "must be low-high hours with 0 < low <= high, such as 3-6";

/// A Markdown `range` value: `3-6`, `2.5-4 hours`, `1-2 days` (a unit
/// written once, at the end, applies to both ends).
pub(super) fn parse_range(
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
pub(super) fn check_range(
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
pub(super) fn low_high(
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

pub(super) fn parse_priority(task: &str, value: &str) -> std::result::Result<Priority, Problem> {
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

pub(super) fn parse_status(task: &str, value: &str) -> std::result::Result<Status, Problem> {
    value.parse().map_err(|()| {
        bad_field(
            task,
            "status",
            value.trim(),
            "is not a status; use open, in_progress or done",
        )
    })
}

/// Titles, ids and the like become Markdown lines: they must fit on one.
pub(super) fn one_line(task: &str, field: &str, value: &str) -> std::result::Result<(), Problem> {
    match value.chars().find(|&c| breaks_text(c)) {
        None => Ok(()),
        Some(c) => Err(bad_field(task, field, value, &unfit(c))),
    }
}

/// What to say about a character that a one-line field cannot hold.
pub(super) fn unfit(c: char) -> String {
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
pub(super) const LINE_BREAKS: [char; 7] = [
    '\n', '\r', '\u{0b}', '\u{0c}', '\u{85}', '\u{2028}', '\u{2029}',
];

/// A line break or another control character (a tab is neither).
pub(super) fn breaks_text(c: char) -> bool {
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
pub(super) fn printable(e: Error) -> Error {
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
pub(super) fn check_text(task: &Task) -> std::result::Result<(), Problem> {
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
    if let Some(developer) = &task.progress.developer {
        one_line_fields.push(("developer", developer));
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
pub(super) fn minute_warnings(backlog: &Backlog) -> Vec<Warning> {
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
pub(super) fn split_notes(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(LINE_BREAKS)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
}

/// The items of a list (`a; b`, `a, b`) split at `separators`, each trimmed,
/// blanks dropped. A `\` before a separator or a `\` takes it literally
/// (`Fix login\, logout` is one item), so that a dependency on a title that
/// holds the separator can be written; any other `\` is kept as it is.
pub(super) fn split_list(text: &str, separators: &[char]) -> Vec<String> {
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
pub(super) fn join_list<'a>(
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
pub(super) fn skill_text(skill: &Skill) -> String {
    if skill.level == 1 && skill.name.contains(':') {
        format!("{}:1", skill.name)
    } else {
        skill.to_string()
    }
}

/// Names a CSV header or JSON key may use for each SPEC field (2.2, and
/// the progress fields of 7.1): compared case-insensitively, ignoring
/// blanks, `_` and `-` (`Depends On` = `depends_on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
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
    Remaining,
    Spent,
    Actual,
    Developer,
    Started,
    Finished,
}

impl Column {
    /// The progress fields (SPEC 7.1), in the order written after [`Column::ALL`].
    pub(super) const PROGRESS: [Column; 6] = [
        Column::Remaining,
        Column::Spent,
        Column::Actual,
        Column::Developer,
        Column::Started,
        Column::Finished,
    ];

    /// SPEC 2.2 order: the columns every CSV has.
    pub(super) const ALL: [Column; 15] = [
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

    pub(super) fn name(self) -> &'static str {
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
            Column::Remaining => "remaining",
            Column::Spent => "spent",
            Column::Actual => "actual",
            Column::Developer => "developer",
            Column::Started => "started",
            Column::Finished => "finished",
        }
    }

    pub(super) fn find(name: &str) -> Option<Column> {
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
            .chain(Column::PROGRESS)
            .find(|c| c.name().replace('_', "") == key)
    }
}

/// Adds the task's extra column names to `columns`, keeping first-seen order.
pub(super) fn note_extra_columns(columns: &mut Vec<String>, task: &Task) {
    for (name, _) in &task.extra {
        if !columns.contains(name) {
            columns.push(name.clone());
        }
    }
}
