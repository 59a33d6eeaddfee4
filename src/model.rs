//! The backlog domain: tasks, priorities, skills, and the backlog that holds them.
//!
//! These types are what every reader produces and every later stage (graph,
//! optimizer, forecast, reports) consumes. They hold values as the user meant
//! them (hours as hours, references as written); resolution of dependencies
//! happens in [`crate::graph`].

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Task priority, most urgent first (the derived order sorts URGENT first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Priority {
    /// Must be done first.
    Urgent,
    /// Important.
    High,
    /// The default.
    Medium,
    /// Nice to have.
    Low,
}

impl Priority {
    /// All priorities, most urgent first.
    pub const ALL: [Priority; 4] = [
        Priority::Urgent,
        Priority::High,
        Priority::Medium,
        Priority::Low,
    ];

    /// The upper-case name used in files (`URGENT`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Urgent => "URGENT",
            Priority::High => "HIGH",
            Priority::Medium => "MEDIUM",
            Priority::Low => "LOW",
        }
    }

    /// The first priority word (any case) in `text`, with its byte offset.
    ///
    /// Words are matched whole, so "HIGHLIGHTS" is not HIGH.
    pub fn find_in(text: &str) -> Option<(Priority, usize)> {
        let upper = text.to_uppercase();
        // to_uppercase can change byte lengths for some scripts; only trust
        // offsets when it did not.
        let same_len = upper.len() == text.len();
        let mut best: Option<(Priority, usize)> = None;
        for p in Priority::ALL {
            let word = p.as_str();
            let mut from = 0;
            while let Some(pos) = upper[from..].find(word) {
                let at = from + pos;
                let before_ok = upper[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = upper[at + word.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                if before_ok && after_ok {
                    if best.is_none_or(|(_, b)| at < b) {
                        best = Some((p, at));
                    }
                    break;
                }
                from = at + word.len();
            }
        }
        best.map(|(p, at)| (p, if same_len { at } else { 0 }))
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = ();

    /// Parses `urgent`, `High`, ... (any case, surrounding blanks ignored).
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_uppercase().as_str() {
            "URGENT" => Ok(Priority::Urgent),
            "HIGH" => Ok(Priority::High),
            "MEDIUM" => Ok(Priority::Medium),
            "LOW" => Ok(Priority::Low),
            _ => Err(()),
        }
    }
}

/// Whether a task still needs doing (SPEC 7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// To be planned.
    #[default]
    Open,
    /// Started: planned first, on its developer, with its remaining hours.
    InProgress,
    /// Already done: kept in the backlog, not planned; satisfies dependencies.
    Done,
}

impl Status {
    /// `open`, `in_progress` or `done`: the form every writer uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }
}

impl FromStr for Status {
    type Err = ();

    /// Case-insensitive; `in progress` and `in-progress` are `in_progress`.
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
            "" | "open" | "todo" => Ok(Status::Open),
            "in_progress" | "started" | "doing" => Ok(Status::InProgress),
            "done" | "closed" => Ok(Status::Done),
            _ => Err(()),
        }
    }
}

/// What has happened to a task so far (SPEC 7.1). All fields are optional;
/// [`Task::hours_to_plan`] reads them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Progress {
    /// Hours left (in-progress tasks).
    pub remaining: Option<f64>,
    /// Hours worked so far.
    pub spent: Option<f64>,
    /// Hours a done task really took.
    pub actual: Option<f64>,
    /// Who is on it (in progress) or who did it (done), as written.
    pub developer: Option<String>,
    /// The day work began.
    pub started: Option<NaiveDate>,
    /// The day it was finished.
    pub finished: Option<NaiveDate>,
}

impl Progress {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Progress::default()
    }
}

/// A skill with a level: on a task, the minimum level needed; on a developer,
/// the level they have. Names are stored lower-case (skills compare
/// case-insensitively); a missing level means 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Skill {
    /// Lower-case skill name.
    pub name: String,
    /// Level, 1 when not written.
    pub level: u32,
}

impl Skill {
    /// Parses `name` or `name:level`.
    pub fn parse(text: &str) -> Option<Skill> {
        let text = text.trim();
        let (name, level) = match text.rsplit_once(':') {
            Some((name, level)) => (name.trim(), level.trim().parse::<u32>().ok()?),
            None => (text, 1),
        };
        if name.is_empty() {
            return None;
        }
        Some(Skill {
            name: name.to_lowercase(),
            level,
        })
    }
}

impl fmt::Display for Skill {
    /// `name` at level 1, `name:level` otherwise: the shortest form that parses back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.level == 1 {
            f.write_str(&self.name)
        } else {
            write!(f, "{}:{}", self.name, self.level)
        }
    }
}

/// One backlog item.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Unique id: given, or `<project>/<slug of title>`.
    pub id: String,
    /// The title as written.
    pub title: String,
    /// Project (the `##` heading, or the CSV column); may be empty.
    pub project: String,
    /// Priority (MEDIUM when none is given).
    pub priority: Priority,
    /// Category (the text after ` - ` in the `###` heading); may be empty.
    pub category: String,
    /// Estimated effort in hours (> 0; 0 when the task has no estimate).
    pub hours: f64,
    /// Whether the task has an hour estimate: one without is read (with a
    /// warning) and listed as not planned (SPEC 9.3).
    pub estimated: bool,
    /// Dependencies as written: ids or titles.
    pub depends_on: Vec<String>,
    /// Skills required, each at or above its level.
    pub skills: Vec<Skill>,
    /// A developer the task is pinned to.
    pub owner: Option<String>,
    /// A deadline (end of that day).
    pub due: Option<NaiveDate>,
    /// Open, in progress or done.
    pub status: Status,
    /// Remaining, spent and actual hours, who and when (SPEC 7.1).
    pub progress: Progress,
    /// Hours at P10 (with `high`, replaces the default effort spread).
    pub low: Option<f64>,
    /// Hours at P90.
    pub high: Option<f64>,
    /// Probability that the actual effort is at most the estimate, in (0, 1).
    pub confidence: Option<f64>,
    /// Checklist lines and other notes, in order.
    pub notes: Vec<String>,
    /// Columns the CSV or JSON had beyond SPEC's, as (column, value), in column order.
    pub extra: Vec<(String, String)>,
    /// The line the task starts on in its source file (0 when unknown).
    pub line: usize,
}

impl Task {
    /// A new open MEDIUM task with only a title, id and hours set.
    pub fn new(id: impl Into<String>, title: impl Into<String>, hours: f64) -> Task {
        Task {
            id: id.into(),
            title: title.into(),
            project: String::new(),
            priority: Priority::Medium,
            category: String::new(),
            hours,
            estimated: true,
            depends_on: Vec::new(),
            skills: Vec::new(),
            owner: None,
            due: None,
            status: Status::Open,
            progress: Progress::default(),
            low: None,
            high: None,
            confidence: None,
            notes: Vec::new(),
            extra: Vec::new(),
            line: 0,
        }
    }

    /// Whether the task is to be planned: open or in progress.
    pub fn is_open(&self) -> bool {
        self.status != Status::Done
    }

    /// Whether the task is in progress.
    pub fn is_in_progress(&self) -> bool {
        self.status == Status::InProgress
    }

    /// The hours still to plan: for an in-progress task its `remaining`
    /// hours, else `hours − spent` (never below zero), else `hours`; for
    /// an open task `hours`; for a done task zero.
    pub fn hours_to_plan(&self) -> f64 {
        match self.status {
            Status::Done => 0.0,
            Status::Open => self.hours,
            Status::InProgress => match (self.progress.remaining, self.progress.spent) {
                (Some(remaining), _) => remaining,
                (None, Some(spent)) => (self.hours - spent).max(0.0),
                (None, None) => self.hours,
            },
        }
    }
}

/// The id a task gets when none is given: `<project>/<slug of title>`
/// (just the slug without a project).
pub fn derive_id(project: &str, title: &str) -> String {
    let slug = slugify(title);
    if project.is_empty() {
        slug
    } else {
        format!("{}/{}", slugify(project), slug)
    }
}

/// Lower-case ASCII letters and digits, runs of anything else become one `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("task");
    }
    out
}

/// A row of a "Time Estimates Summary" table: hours the author declared.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredSummary {
    /// Declared hours per priority, in table order.
    pub by_priority: Vec<(Priority, f64)>,
    /// The TOTAL row, when present.
    pub total: Option<f64>,
    /// Line of the table's heading or first row.
    pub line: usize,
}

/// A warning about the input: never fatal, printed to stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file, and line when it is tied to one (`file:line: text`).
    pub at: crate::error::Location,
    /// What to know.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.at, self.message)
    }
}

/// How a project reads in the views: its name, or `(no project)` for the
/// tasks that have none.
pub fn project_name(project: &str) -> &str {
    if project.is_empty() {
        "(no project)"
    } else {
        project
    }
}

/// How much of a list of warnings a command shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningDetail {
    /// Every warning (`check` and the reports' warning lists).
    All,
    /// Every warning's first line at each place: further warnings at the
    /// same line of the same file (the five totals of a summary table that
    /// disagrees with its tasks) fold into a count and a pointer to
    /// `check`, so `plan`, `forecast` and `whatif` do not repeat a page of
    /// them on every run.
    Brief,
}

/// The warnings as the lines a person reads, in the order first found.
///
/// The same message in several places of a file is one line: at its first
/// place, with the count and the other lines (`data/b.md:12: warning: no
/// estimate (3 times: lines 12, 40 and 51)`). Under
/// [`WarningDetail::Brief`], the warnings after the first at one line are
/// counted on that line instead of printed.
pub fn warning_lines(warnings: &[Warning], detail: WarningDetail) -> Vec<String> {
    use std::collections::{HashMap, HashSet};
    // Each (file, message) once, with the lines it occurs at, in
    // first-found order; indexed, so a backlog of thousands of warnings
    // folds in one pass.
    let mut groups: Vec<(&Warning, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<(&str, &str), usize> = HashMap::new();
    let mut seen: HashSet<(&str, &str, usize)> = HashSet::new();
    for w in warnings {
        let key = (w.at.file.as_str(), w.message.as_str());
        // The same warning twice (a command that reads a file twice) is
        // printed once.
        if !seen.insert((key.0, key.1, w.at.line)) {
            continue;
        }
        match group_of.get(&key) {
            Some(&g) => groups[g].1.push(w.at.line),
            None => {
                group_of.insert(key, groups.len());
                groups.push((w, vec![w.at.line]));
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    // (file, line) -> the printed line there, and how many were folded into it.
    let mut placed: HashMap<(&str, usize), (usize, usize)> = HashMap::new();
    for (first, lines) in &groups {
        let place = (first.at.file.as_str(), first.at.line);
        if detail == WarningDetail::Brief && place.1 > 0 {
            if let Some((_, more)) = placed.get_mut(&place) {
                *more += 1;
                continue;
            }
        }
        let mut line = first.to_string();
        if lines.len() > 1 {
            line.push_str(&format!(" ({} times{})", lines.len(), line_list(lines)));
        }
        placed.entry(place).or_insert((out.len(), 0));
        out.push(line);
    }
    for (at, more) in placed.into_values() {
        if more > 0 {
            out[at].push_str(&format!(
                " (and {more} more warning{} at this line: `sprintcast check` lists them)",
                if more == 1 { "" } else { "s" }
            ));
        }
    }
    out
}

/// `: lines 12, 40 and 51`, at most six numbers (`…, 70 and 9 more`);
/// nothing when the warning is not tied to lines.
fn line_list(lines: &[usize]) -> String {
    const SHOWN: usize = 6;
    if lines.contains(&0) {
        return String::new();
    }
    let numbers: Vec<String> = lines.iter().take(SHOWN).map(usize::to_string).collect();
    let rest = lines.len().saturating_sub(SHOWN);
    let listed = if rest > 0 {
        format!("{} and {rest} more", numbers.join(", "))
    } else {
        let (last, init) = numbers.split_last().expect("two or more lines");
        format!("{} and {last}", init.join(", "))
    };
    format!(": lines {listed}")
}

/// A backlog as read from a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Backlog {
    /// The source name (file path or `-`).
    pub source: String,
    /// Tasks in file order (done tasks included).
    pub tasks: Vec<Task>,
    /// The "Time Estimates Summary" table, when the file has one.
    pub declared: Option<DeclaredSummary>,
    /// Names of extra CSV/JSON columns, in order.
    pub extra_columns: Vec<String>,
    /// Warnings found while reading.
    pub warnings: Vec<Warning>,
    /// The text of a Markdown backlog around its tasks (title, introduction,
    /// headings, summary table, trailing sections), so that writing Markdown
    /// gives the file back (SPEC 8.5); `None` when there is none.
    pub document: Option<Document>,
}

/// The non-task text of a Markdown backlog, verbatim: `text[i]` is the text
/// (whole lines, line ends included) before task `i`, and the last entry the
/// text after the last task, so there is one more entry than tasks.
/// Sub-bullets of tasks are not in it: the tasks carry them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// The text between tasks, one more entry than tasks.
    pub text: Vec<String>,
}

impl Backlog {
    /// Open tasks only, in file order.
    pub fn open_tasks(&self) -> impl Iterator<Item = &Task> {
        self.tasks.iter().filter(|t| t.is_open())
    }

    /// Sum of hours over all tasks (open and done).
    pub fn total_hours(&self) -> f64 {
        self.tasks.iter().map(|t| t.hours).sum()
    }

    /// Hours per priority over all tasks, most urgent first, priorities without tasks left out.
    pub fn hours_by_priority(&self) -> Vec<(Priority, f64)> {
        Priority::ALL
            .iter()
            .filter_map(|&p| {
                let tasks: Vec<&Task> = self.tasks.iter().filter(|t| t.priority == p).collect();
                (!tasks.is_empty()).then(|| (p, tasks.iter().map(|t| t.hours).sum()))
            })
            .collect()
    }

    /// Projects in order of first appearance.
    pub fn projects(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for t in &self.tasks {
            if !seen.contains(&t.project.as_str()) {
                seen.push(&t.project);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_found_after_garbled_emoji() {
        assert_eq!(
            Priority::find_in("游댮 URGENT - Bug Fixes").map(|p| p.0),
            Some(Priority::Urgent)
        );
        assert_eq!(
            Priority::find_in("High - Testing").map(|p| p.0),
            Some(Priority::High)
        );
        assert_eq!(Priority::find_in("HIGHLIGHTS"), None);
        // the first word wins
        assert_eq!(
            Priority::find_in("LOW then HIGH").map(|p| p.0),
            Some(Priority::Low)
        );
    }

    #[test]
    fn skills_parse_with_default_level() {
        assert_eq!(
            Skill::parse("Testing:3"),
            Some(Skill {
                name: "testing".into(),
                level: 3
            })
        );
        assert_eq!(Skill::parse("rust").map(|s| s.level), Some(1));
        assert_eq!(Skill::parse("rust:x"), None);
        assert_eq!(Skill::parse(" "), None);
        assert_eq!(Skill::parse("q3:2").unwrap().to_string(), "q3:2");
    }

    #[test]
    fn ids_derive_from_project_and_title() {
        assert_eq!(
            derive_id(
                "customer-feedback-app",
                "Fix HTTP/2 request splitting vulnerability"
            ),
            "customer-feedback-app/fix-http-2-request-splitting-vulnerability"
        );
        assert_eq!(derive_id("", "!!!"), "task");
    }

    fn warning(file: &str, line: usize, message: &str) -> Warning {
        Warning {
            at: crate::error::Location::new(file, line),
            message: message.into(),
        }
    }

    #[test]
    fn the_same_warning_in_many_places_is_one_line_with_a_count() {
        let ws: Vec<Warning> = [12, 40, 51, 60, 70, 80, 90, 99]
            .iter()
            .map(|&l| warning("b.md", l, "no estimate"))
            .chain([
                warning("b.md", 5, "other"),
                warning("t.toml", 3, "no estimate"),
            ])
            .collect();
        assert_eq!(
            warning_lines(&ws, WarningDetail::All),
            [
                "b.md:12: warning: no estimate (8 times: lines 12, 40, 51, 60, 70, 80 and 2 more)",
                "b.md:5: warning: other",
                "t.toml:3: warning: no estimate",
            ]
        );
        let two = [warning("b.md", 3, "x"), warning("b.md", 9, "x")];
        assert_eq!(
            warning_lines(&two, WarningDetail::All),
            ["b.md:3: warning: x (2 times: lines 3 and 9)"]
        );
        let twice = [warning("b.md", 0, "x"), warning("b.md", 0, "x")];
        assert_eq!(
            warning_lines(&twice, WarningDetail::Brief),
            ["b.md: warning: x"]
        );
    }

    #[test]
    fn brief_folds_the_warnings_after_the_first_at_one_line() {
        let ws = [
            warning("b.md", 422, "total differs"),
            warning("b.md", 422, "URGENT differs"),
            warning("b.md", 7, "elsewhere"),
            warning("b.md", 422, "LOW differs"),
        ];
        assert_eq!(
            warning_lines(&ws, WarningDetail::Brief),
            [
                "b.md:422: warning: total differs (and 2 more warnings at this line: `sprintcast check` lists them)",
                "b.md:7: warning: elsewhere",
            ]
        );
        assert_eq!(warning_lines(&ws, WarningDetail::All).len(), 4);
    }
}
