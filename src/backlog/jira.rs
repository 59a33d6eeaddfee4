//! Jira CSV exports as backlogs (SPEC 8.1): the file Jira Cloud and Data
//! Center write from an issue search ("Export > CSV (all fields)").
//!
//! Such a file is told apart from a sprintcast CSV by its header, which
//! names both `Issue key` and `Summary` ([`is_export`]); `--input-format
//! jira` forces it. Jira writes one column per value of a multi-value
//! field, under the same name (`Labels`, `Component/s`, `Sprint`, the
//! `Outward issue link (Blocks)` links), so columns are read by name,
//! every column of a name in order. Headers match case-insensitively
//! (Cloud writes `Original estimate` and `Due date`, Data Center `Original
//! Estimate` and `Due Date`).
//!
//! The mapping (docs/formats.md has it as a table):
//! - `Issue key` is the id, `Summary` the title (kept verbatim: a summary
//!   that looks like a formula is text), `Project name` (else `Project
//!   key`) the project, `Issue Type` (else the first component) the
//!   category, labels `skill:NAME` or `skill:NAME:LEVEL` the skills;
//! - the estimate is `Original Estimate` in seconds (Jira's export unit;
//!   a duration such as `1d 4h` reads too), else story points ×
//!   `--hours-per-point`, else none: the issue is read and not planned
//!   (SPEC 9.3), with a warning that names the issue;
//! - priorities follow Jira's own scheme levels (SPEC 8.1): Highest and
//!   Blocker are URGENT, High and Critical HIGH, Medium and Major MEDIUM,
//!   Low, Lowest, Minor and Trivial LOW; an empty one is MEDIUM; any other
//!   is MEDIUM with a warning;
//! - the status is `Status Category` (To Do, In Progress, Done: Jira's
//!   fixed names) when the export has it, else the status name mapped as
//!   Jira's default workflows categorise it; an unknown one is open, with
//!   a warning;
//! - in progress: `Remaining Estimate` is the remaining hours, `Time
//!   Spent` the spent hours, `Assignee` the developer it stays with; done:
//!   `Time Spent` is the actual hours, `Assignee` who did it and
//!   `Resolved` the finish day; open: the assignee is kept as the extra
//!   column `assignee` and does not pin the issue (Jira assignees of work
//!   not begun are often placeholders);
//! - "X blocks Y" links (outward on X, inward on Y) make Y depend on X;
//!   links to issues outside the export are left out, each with a warning
//!   (folded after [`LISTED_LINKS`]);
//! - tasks keep the export's row order (its rank when the search sorted
//!   by rank); a `Rank` column sorts them by its LexoRank strings;
//! - `Due date` is the due day (Jira's `18/Dec/26 12:00 AM`, or
//!   `YYYY-MM-DD`);
//! - story points, sprints, other labels, components, the parent and the
//!   open issues' assignee are kept as extra columns; the description and
//!   the other columns are not read.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::error::{Error, Location, Problem, Result};
use crate::model::{Backlog, Priority, Skill, Status, Task, Warning};

use super::csv::csv_error;
use super::{bad_field, one_line, plain_number, under_a_minute, ReadOptions};

/// How many links to issues outside the export get a warning each; the
/// rest are counted in one more.
pub(super) const LISTED_LINKS: usize = 10;

/// The columns sprintcast reads from a Jira export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Key,
    Summary,
    IssueType,
    Status,
    StatusCategory,
    Priority,
    Assignee,
    Original,
    Remaining,
    Spent,
    Labels,
    Components,
    Due,
    Points,
    Rank,
    Blocks,
    BlockedBy,
    ProjectName,
    ProjectKey,
    Sprint,
    Parent,
    ParentKey,
    Resolved,
}

impl Col {
    fn of(header: &str) -> Option<Col> {
        let name = header.trim().to_lowercase();
        Some(match name.as_str() {
            "issue key" => Col::Key,
            "summary" => Col::Summary,
            "issue type" => Col::IssueType,
            "status" => Col::Status,
            "status category" => Col::StatusCategory,
            "priority" => Col::Priority,
            "assignee" => Col::Assignee,
            "original estimate" => Col::Original,
            "remaining estimate" => Col::Remaining,
            "time spent" => Col::Spent,
            "labels" => Col::Labels,
            "component/s" | "components" => Col::Components,
            "due date" | "due" => Col::Due,
            "custom field (story points)"
            | "story points"
            | "custom field (story point estimate)"
            | "story point estimate" => Col::Points,
            "custom field (rank)" | "rank" => Col::Rank,
            "outward issue link (blocks)" => Col::Blocks,
            "inward issue link (blocks)" => Col::BlockedBy,
            "project name" => Col::ProjectName,
            "project key" => Col::ProjectKey,
            "sprint" => Col::Sprint,
            "parent" => Col::Parent,
            "parent key" => Col::ParentKey,
            "resolved" => Col::Resolved,
            _ => return None,
        })
    }
}

/// Whether `text` (a CSV file, byte-order mark removed) is a Jira export:
/// its header names `Issue key` and `Summary`.
pub(super) fn is_export(text: &str) -> bool {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = ::csv::StringRecord::new();
    if !matches!(reader.read_record(&mut record), Ok(true)) {
        return false;
    }
    let cols: Vec<Option<Col>> = record.iter().map(Col::of).collect();
    cols.contains(&Some(Col::Key)) && cols.contains(&Some(Col::Summary))
}

/// The extra columns an import keeps, in the order they are written.
const EXTRA: [&str; 6] = [
    "story_points",
    "sprint",
    "labels",
    "components",
    "parent",
    "assignee",
];

pub(super) fn read(source: &str, text: &str, opts: &ReadOptions) -> Result<Backlog> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(source, &e))?.clone();
    let layout: Vec<(Col, usize)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Col::of(h).map(|c| (c, i)))
        .collect();
    for (required, name) in [(Col::Key, "Issue key"), (Col::Summary, "Summary")] {
        if !layout.iter().any(|(c, _)| *c == required) {
            return Err(Error::input(
                Location::new(source, 1),
                Problem::Syntax {
                    message: format!(
                        "a Jira export needs the column \"{name}\"; export the issues with all fields"
                    ),
                },
            ));
        }
    }
    let ranked = layout.iter().any(|(c, _)| *c == Col::Rank);
    let mut rows: Vec<Row> = Vec::new();
    let mut warnings = Vec::new();
    let mut lines = Lines::new(text);
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(source, &e))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
            .map_or(0, |byte| lines.line_of(byte));
        let cells = Cells {
            layout: &layout,
            record: &record,
        };
        let row = row(&cells, line, opts, &mut |message| {
            warnings.push(Warning {
                at: Location::new(source, line),
                message,
            })
        })
        .map_err(|p| Error::input(Location::new(source, line), p))?;
        rows.push(row);
    }
    let links = link(source, &mut rows);
    warnings.extend(links);
    if ranked {
        // Stable: equal ranks (and unranked issues, last) keep row order.
        rows.sort_by(|a, b| (a.rank.is_empty(), &a.rank).cmp(&(b.rank.is_empty(), &b.rank)));
    }
    let tasks: Vec<Task> = rows.into_iter().map(|r| r.task).collect();
    Ok(imported(tasks, &EXTRA, warnings))
}

/// Line numbers of rows from their byte offsets. The `csv` crate's own
/// line count runs one behind after a CRLF line end (Jira writes CRLF):
/// the `\n` of the previous record's end is counted only once the next
/// record has begun, so that record's position points at it.
struct Lines<'a> {
    text: &'a [u8],
    /// Bytes counted so far, and the line the byte after them is on.
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the first character of a row the csv crate says starts
    /// at `byte` (rows come in order, so counting goes forward only).
    fn line_of(&mut self, byte: usize) -> usize {
        let mut start = byte.min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += self.text[self.at..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.at = start;
        self.line
    }
}

/// The cells of one row, by column.
struct Cells<'a> {
    layout: &'a [(Col, usize)],
    record: &'a ::csv::StringRecord,
}

impl Cells<'_> {
    /// The non-empty cells of every column named `col`, trimmed, in order.
    fn all(&self, col: Col) -> impl Iterator<Item = &str> {
        self.layout
            .iter()
            .filter(move |(c, _)| *c == col)
            .filter_map(|&(_, i)| self.record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The first non-empty cell of `col`, or "".
    fn one(&self, col: Col) -> &str {
        self.all(col).next().unwrap_or("")
    }
}

/// An issue as read, before its links are resolved.
struct Row {
    task: Task,
    rank: String,
    /// Issues this one blocks (outward links).
    blocks: Vec<String>,
    /// Issues that block this one (inward links).
    blocked_by: Vec<String>,
}

fn row(
    cells: &Cells<'_>,
    line: usize,
    opts: &ReadOptions,
    warn: &mut dyn FnMut(String),
) -> std::result::Result<Row, Problem> {
    let key = cells.one(Col::Key);
    if key.is_empty() {
        return Err(Problem::Syntax {
            message: "this row has no \"Issue key\"; export the issues with their keys".into(),
        });
    }
    let title = cells.one(Col::Summary);
    if title.is_empty() {
        return Err(Problem::Syntax {
            message: format!("issue {key} has no \"Summary\""),
        });
    }
    one_line(key, "Issue key", key)?;
    let mut task = Task::new(key, title, 0.0);
    task.line = line;
    task.project = match cells.one(Col::ProjectName) {
        "" => cells.one(Col::ProjectKey),
        name => name,
    }
    .to_string();
    task.category = match cells.one(Col::IssueType) {
        "" => cells.one(Col::Components),
        kind => kind,
    }
    .to_string();
    task.priority = priority(cells.one(Col::Priority)).unwrap_or_else(|| {
        warn(format!(
            "issue {key}: priority \"{}\" is not one sprintcast knows (Highest, High, Medium, Low, Lowest, Blocker, Critical, Major, Minor, Trivial); it is planned as MEDIUM",
            cells.one(Col::Priority)
        ));
        Priority::Medium
    });
    task.status = match category(cells.one(Col::StatusCategory))
        .or_else(|| status(cells.one(Col::Status)))
    {
        Some(s) => s,
        None => {
            warn(format!(
                "issue {key}: status \"{}\" is not one sprintcast knows; it is read as open (to do)",
                cells.one(Col::Status)
            ));
            Status::Open
        }
    };
    estimate(cells, &mut task, opts, warn)?;
    let mut labels = Vec::new();
    for label in cells.all(Col::Labels).flat_map(str::split_whitespace) {
        match skill_label(label) {
            Some(name) => task.skills.push(Skill::parse(name).ok_or_else(|| {
                bad_field(
                    key,
                    "Labels",
                    label,
                    "is not a skill; write skill:NAME or skill:NAME:LEVEL (level a whole number)",
                )
            })?),
            None => labels.push(label),
        }
    }
    let due = cells.one(Col::Due);
    if !due.is_empty() {
        task.due = Some(date(key, "Due date", due)?);
    }
    let assignee = cells.one(Col::Assignee);
    let p = &mut task.progress;
    match task.status {
        Status::InProgress => {
            p.remaining = seconds(key, "Remaining Estimate", cells.one(Col::Remaining), opts)?;
            p.spent = seconds(key, "Time Spent", cells.one(Col::Spent), opts)?;
            p.developer = (!assignee.is_empty()).then(|| assignee.to_string());
        }
        Status::Done => {
            p.actual =
                seconds(key, "Time Spent", cells.one(Col::Spent), opts)?.filter(|h| *h > 0.0);
            p.developer = (!assignee.is_empty()).then(|| assignee.to_string());
            let resolved = cells.one(Col::Resolved);
            if !resolved.is_empty() {
                p.finished = Some(date(key, "Resolved", resolved)?);
            }
        }
        Status::Open => {}
    }
    let sprints: Vec<&str> = cells.all(Col::Sprint).collect();
    let components: Vec<&str> = cells.all(Col::Components).collect();
    let parent = match cells.one(Col::ParentKey) {
        "" => cells.one(Col::Parent),
        parent => parent,
    };
    let open_assignee = if task.status == Status::Open {
        assignee
    } else {
        ""
    };
    let extra = [
        cells.one(Col::Points).to_string(),
        sprints.join("; "),
        labels.join(" "),
        components.join("; "),
        parent.to_string(),
        open_assignee.to_string(),
    ];
    task.extra = EXTRA
        .iter()
        .zip(extra)
        .filter(|(_, v)| !v.is_empty())
        .map(|(n, v)| (n.to_string(), v))
        .collect();
    let keys = |col| -> Vec<String> {
        cells
            .all(col)
            .flat_map(|c| c.split(|ch: char| ch == ',' || ch == ';' || ch.is_whitespace()))
            .filter(|k| !k.is_empty() && *k != key)
            .map(str::to_string)
            .collect()
    };
    Ok(Row {
        rank: cells.one(Col::Rank).to_string(),
        blocks: keys(Col::Blocks),
        blocked_by: keys(Col::BlockedBy),
        task,
    })
}

/// The hours of an issue: `Original Estimate`, else story points ×
/// hours per point, else none (`estimated` false), with a warning when the
/// issue has points but no hours per point was given.
fn estimate(
    cells: &Cells<'_>,
    task: &mut Task,
    opts: &ReadOptions,
    warn: &mut dyn FnMut(String),
) -> std::result::Result<(), Problem> {
    let key = task.id.clone();
    if let Some(h) =
        seconds(&key, "Original Estimate", cells.one(Col::Original), opts)?.filter(|h| *h > 0.0)
    {
        task.hours = h;
        return Ok(());
    }
    let points_text = cells.one(Col::Points);
    let points = match points_text {
        "" => None,
        text => Some(plain_number(text).filter(|p| *p >= 0.0).ok_or_else(|| {
            bad_field(
                &key,
                "Story Points",
                text,
                "is not a number of story points",
            )
        })?),
    };
    match (points.filter(|p| *p > 0.0), opts.hours_per_point) {
        (Some(points), Some(per_point)) => {
            let h = points * per_point;
            if under_a_minute(h) {
                return Err(bad_field(
                    &key,
                    "Story Points",
                    points_text,
                    "times --hours-per-point is less than a minute; give a larger --hours-per-point",
                ));
            }
            task.hours = h;
        }
        (Some(_), None) => {
            task.estimated = false;
            if task.is_open() {
                warn(format!(
                    "issue {key} has {points_text} story points but no Original Estimate: give --hours-per-point to plan it from its points"
                ));
            }
        }
        (None, _) => task.estimated = false,
    }
    Ok(())
}

/// The skill a label names: `skill:NAME` or `skill:NAME:LEVEL` (any case).
fn skill_label(label: &str) -> Option<&str> {
    let (head, rest) = label.split_once(':')?;
    head.eq_ignore_ascii_case("skill").then_some(rest)
}

/// Jira's priority names, by the level of Jira's two default schemes.
fn priority(name: &str) -> Option<Priority> {
    Some(match name.trim().to_lowercase().as_str() {
        "highest" | "blocker" => Priority::Urgent,
        "high" | "critical" => Priority::High,
        "" | "medium" | "major" => Priority::Medium,
        "low" | "lowest" | "minor" | "trivial" => Priority::Low,
        _ => return None,
    })
}

/// A `Status Category` (Jira's three fixed names).
fn category(name: &str) -> Option<Status> {
    Some(match name.trim().to_lowercase().as_str() {
        "to do" => Status::Open,
        "in progress" => Status::InProgress,
        "done" => Status::Done,
        _ => return None,
    })
}

/// A status name as Jira's default workflows categorise it.
fn status(name: &str) -> Option<Status> {
    Some(match name.trim().to_lowercase().as_str() {
        "done" | "closed" | "resolved" | "complete" | "completed" | "released" | "won't do"
        | "won't fix" | "cancelled" | "canceled" | "rejected" | "duplicate" => Status::Done,
        "in progress" | "in review" | "review" | "code review" | "in development"
        | "development" | "in testing" | "testing" | "in qa" | "qa" | "blocked"
        | "implementing" => Status::InProgress,
        ""
        | "to do"
        | "todo"
        | "open"
        | "backlog"
        | "selected for development"
        | "reopened"
        | "new"
        | "ready"
        | "ready for development" => Status::Open,
        _ => return None,
    })
}

/// Hours from a Jira time-tracking cell: seconds (what the CSV export
/// writes), or a duration such as `1w 2d 4h 30m` (a week is 5 days, a day
/// `hours_per_day` hours); `None` when empty.
fn seconds(
    key: &str,
    field: &str,
    text: &str,
    opts: &ReadOptions,
) -> std::result::Result<Option<f64>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || {
        bad_field(
            key,
            field,
            text,
            "is not a duration; Jira exports seconds, such as 14400 for 4 hours",
        )
    };
    if let Some(s) = plain_number(text) {
        return if s < 0.0 {
            Err(bad())
        } else {
            Ok(Some(s / 3600.0))
        };
    }
    let mut hours = 0.0;
    for part in text.split_whitespace() {
        let (number, unit) =
            part.split_at(part.len() - part.chars().last().map_or(0, char::len_utf8));
        let n = plain_number(number).filter(|n| *n >= 0.0).ok_or_else(bad)?;
        hours += n * match unit {
            "w" => 5.0 * opts.hours_per_day,
            "d" => opts.hours_per_day,
            "h" => 1.0,
            "m" => 1.0 / 60.0,
            _ => return Err(bad()),
        };
    }
    Ok(Some(hours))
}

/// A date as Jira exports it (`18/Dec/26 12:00 AM`, `18/Dec/2026`) or
/// `YYYY-MM-DD` (with or without a time after it).
fn date(key: &str, field: &str, text: &str) -> std::result::Result<NaiveDate, Problem> {
    let day = text.split_whitespace().next().unwrap_or("");
    let iso = day.get(..10).unwrap_or(day);
    ["%d/%b/%y", "%d/%b/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(day, f).ok())
        .or_else(|| NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok())
        .ok_or_else(|| {
            bad_field(
                key,
                field,
                text,
                "is not a date; Jira exports dates such as 18/Dec/26 12:00 AM (English month names)",
            )
        })
}

/// Turns the rows' Blocks links into dependencies (Y depends on X when X
/// blocks Y), each once, in row order; links to issues outside the export
/// are left out with a warning each, folded after [`LISTED_LINKS`].
fn link(source: &str, rows: &mut [Row]) -> Vec<Warning> {
    let index: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.task.id.clone(), i))
        .collect();
    let mut outside = Outside::default();
    let mut depends: Vec<Vec<String>> = vec![Vec::new(); rows.len()];
    for (i, row) in rows.iter().enumerate() {
        let key = &row.task.id;
        for other in &row.blocked_by {
            if index.contains_key(other) {
                depends[i].push(other.clone());
            } else {
                outside.note(
                    source,
                    row.task.line,
                    format!(
                        "issue {key} is blocked by {other}, which is not in this export: that dependency is left out (export {other} too unless it is done)"
                    ),
                );
            }
        }
        for other in &row.blocks {
            match index.get(other) {
                Some(&j) => depends[j].push(key.clone()),
                None => outside.note(
                    source,
                    row.task.line,
                    format!(
                        "issue {key} blocks {other}, which is not in this export: that link is left out"
                    ),
                ),
            }
        }
    }
    for (row, deps) in rows.iter_mut().zip(depends) {
        row.task.depends_on = unique(deps);
    }
    outside.warnings(source)
}

/// The backlog of imported tasks, with the extra columns (of `extra`, in
/// its order) that some task fills.
pub(super) fn imported(tasks: Vec<Task>, extra: &[&str], warnings: Vec<Warning>) -> Backlog {
    let extra_columns = extra
        .iter()
        .filter(|name| {
            tasks
                .iter()
                .any(|t| t.extra.iter().any(|(n, _)| n == *name))
        })
        .map(|name| name.to_string())
        .collect();
    Backlog {
        tasks,
        extra_columns,
        warnings,
        ..Backlog::default()
    }
}

/// The ids in their first order, each once (a link given on both of its
/// issues counts once).
pub(super) fn unique(ids: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.into_iter().filter(|d| seen.insert(d.clone())).collect()
}

/// Warnings about references to issues outside the imported file: the
/// first [`LISTED_LINKS`] each on its line, the rest counted in one more.
#[derive(Default)]
pub(super) struct Outside {
    listed: Vec<Warning>,
    more: usize,
}

impl Outside {
    /// Notes one reference outside the file, at `line`.
    pub(super) fn note(&mut self, source: &str, line: usize, message: String) {
        if self.listed.len() < LISTED_LINKS {
            self.listed.push(Warning {
                at: Location::new(source, line),
                message,
            });
        } else {
            self.more += 1;
        }
    }

    /// The warnings, with the count of those not listed.
    pub(super) fn warnings(mut self, source: &str) -> Vec<Warning> {
        if self.more > 0 {
            let links = if self.more == 1 { "link" } else { "links" };
            self.listed.push(Warning {
                at: Location::new(source, 0),
                message: format!(
                    "{} more {links} to issues outside this file {} left out (the first {LISTED_LINKS} are listed above)",
                    self.more,
                    if self.more == 1 { "is" } else { "are" }
                ),
            });
        }
        self.listed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> ReadOptions {
        ReadOptions::default()
    }

    #[test]
    fn seconds_and_durations_read_as_hours() {
        let o = opts();
        assert_eq!(seconds("K", "f", "14400", &o).unwrap(), Some(4.0));
        assert_eq!(seconds("K", "f", "", &o).unwrap(), None);
        assert_eq!(seconds("K", "f", "1d 4h 30m", &o).unwrap(), Some(12.5));
        assert_eq!(seconds("K", "f", "1w", &o).unwrap(), Some(40.0));
        let e = seconds("K-1", "Time Spent", "lots", &o).unwrap_err();
        assert_eq!(
            e.to_string(),
            "task \"K-1\": Time Spent \"lots\" is not a duration; Jira exports seconds, such as 14400 for 4 hours"
        );
        assert!(seconds("K", "f", "-5", &o).is_err());
        assert!(seconds("K", "f", "4x", &o).is_err());
    }

    #[test]
    fn dates_read_in_jira_and_iso_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 18).unwrap();
        assert_eq!(date("K", "Due date", "18/Dec/26 12:00 AM").unwrap(), d);
        assert_eq!(date("K", "Due date", "18/Dec/26").unwrap(), d);
        assert_eq!(date("K", "Due date", "18/Dec/2026").unwrap(), d);
        assert_eq!(date("K", "Due date", "2026-12-18").unwrap(), d);
        assert_eq!(date("K", "Due date", "2026-12-18T10:00:00Z").unwrap(), d);
        assert!(date("K", "Due date", "18.12.2026").is_err());
    }

    #[test]
    fn priorities_follow_the_scheme_levels() {
        assert_eq!(priority("Blocker"), Some(Priority::Urgent));
        assert_eq!(priority("highest"), Some(Priority::Urgent));
        assert_eq!(priority("Critical"), Some(Priority::High));
        assert_eq!(priority("Major"), Some(Priority::Medium));
        assert_eq!(priority(""), Some(Priority::Medium));
        assert_eq!(priority("Trivial"), Some(Priority::Low));
        assert_eq!(priority("P1"), None);
    }

    #[test]
    fn row_lines_count_crlf_and_quoted_line_breaks() {
        for text in [
            "Issue key,Summary,Priority\r\nA-1,\"x\ny\",High\r\n\r\nA-2,Two,Weird\r\n",
            "Issue key,Summary,Priority\nA-1,\"x\ny\",High\n\nA-2,Two,Weird\n",
        ] {
            let b = read("t.csv", text, &opts()).unwrap();
            let lines: Vec<usize> = b.tasks.iter().map(|t| t.line).collect();
            assert_eq!(lines, [2, 5], "{text:?}");
            assert_eq!(b.warnings[0].at.line, 5);
        }
    }

    #[test]
    fn header_detection_needs_key_and_summary() {
        assert!(is_export("Summary,Issue key,Issue id\nA,K-1,1\n"));
        assert!(is_export("\"Issue Key\",\"SUMMARY\"\n"));
        assert!(!is_export("id,title,hours\n"));
        assert!(!is_export("Summary,Key\n"));
    }
}
