//! GitHub issues as backlogs (SPEC 8.2): the JSON array that
//! `gh issue list --json number,title,labels,state,assignees,milestone,body,url`
//! prints (any subset of those fields, and others, which are ignored).
//!
//! Such a file is told apart from a sprintcast JSON backlog by its shape
//! ([`is_issue_list`]): an array whose first element has `number` and
//! `title` and no `hours`; `--input-format github` forces it.
//!
//! The mapping (docs/formats.md has it as a table). Values come from
//! labels `KEY: VALUE` (also `KEY:VALUE`, `KEY/VALUE`) and from body lines
//! `KEY: VALUE` (list markers and bold around the key allowed); a label
//! wins over the body. Keys: `estimate` (or `hours`), `priority`,
//! `skill`/`skills`, `due`, `category`/`type`, `status`, `remaining`,
//! `spent`, `actual`.
//! - id `REPO#N` when the issue's `url` names its repository (and the
//!   project is that repository), else `#N`; the title as written;
//! - estimate: the `estimate` key, or a bare label such as `4h` or
//!   `2 days` (a number with a unit); without one the issue is read and
//!   not planned (SPEC 9.3);
//! - priority: the `priority` key or a bare label: `urgent`, `critical`,
//!   `blocker`, `P0` are URGENT, `high`, `P1` HIGH, `medium`, `P2`
//!   MEDIUM, `low`, `P3`, `P4` LOW; several give the most urgent; none
//!   MEDIUM;
//! - skills: `skill:NAME[:LEVEL]` labels and `skills: a, b` body lines;
//! - state: `CLOSED` (and `MERGED`) is done, `OPEN` open, or in progress
//!   with a label or key `status: in progress` (or a bare `in progress`,
//!   `in-progress`, `wip`, `doing` label); in progress, the first assignee
//!   is the developer it stays with and `remaining`/`spent` count; done,
//!   the first assignee did it and `actual` counts; open, the assignees
//!   are kept as the extra column `assignees` and pin nothing;
//! - dependencies: body lines that start with `Depends on`, `Blocked by`
//!   (this issue waits) or `Blocks` (the other one waits), with `#12`,
//!   `owner/repo#12` or issue URLs; references to issues outside the file
//!   are left out with a warning each (folded after
//!   [`super::jira::LISTED_LINKS`]);
//! - due: the `due` key (`YYYY-MM-DD`), else the milestone's due date;
//! - the milestone's title, the other labels, the assignees of open issues
//!   and the URL are kept as extra columns; the first other label is the
//!   category when no key gives one; the rest of the body is not read.
//!
//! Values that cannot be read (`Estimate: TBD` in a body) are warnings
//! naming the issue, not errors: issue text is written by people, and one
//! odd line should not stop the import.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Location, Problem, Result};
use crate::model::{Backlog, Priority, Skill, Status, Task, Warning};

use super::jira::{imported, unique, Outside};
use super::{classify_hours, split_unit, HoursText, ReadOptions, Unit};

/// Whether `text` (a JSON file) is a GitHub issue list: an array whose
/// first element is an object with a whole `number` and a `title`, no
/// `hours`, and no `id` unless it also has a field only issues have (a
/// sprintcast task may carry an extra `number` and no estimate; `gh`
/// writes an `id` only next to the fields asked for).
pub(super) fn is_issue_list(text: &str) -> bool {
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let Some(Value::Object(o)) = items.first() else {
        return false;
    };
    let issue_only = ["state", "labels", "url", "assignees", "body", "milestone"];
    o.get("number").is_some_and(Value::is_u64)
        && o.contains_key("title")
        && !o.contains_key("hours")
        && (!o.contains_key("id") || issue_only.iter().any(|k| o.contains_key(*k)))
}

#[derive(Debug, Deserialize)]
struct Issue {
    number: u64,
    title: String,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    assignees: Vec<User>,
    #[serde(default)]
    milestone: Option<Milestone>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Label {
    name: String,
}

#[derive(Debug, Deserialize)]
struct User {
    login: String,
}

#[derive(Debug, Deserialize)]
struct Milestone {
    #[serde(default)]
    title: String,
    #[serde(default, rename = "dueOn")]
    due_on: Option<String>,
}

/// The extra columns an import keeps, in the order they are written.
const EXTRA: [&str; 4] = ["milestone", "labels", "assignees", "url"];

pub(super) fn read(source: &str, text: &str, opts: &ReadOptions) -> Result<Backlog> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::input(
            Location::new(source, e.line()).with_column(e.column()),
            Problem::Syntax {
                message: format!("not valid JSON: {e}"),
            },
        )
    })?;
    let Value::Array(items) = value else {
        return Err(Error::input(
            Location::new(source, 1),
            Problem::Syntax {
                message: "expected the array of issues `gh issue list --json ...` prints".into(),
            },
        ));
    };
    let lines = element_lines(text);
    let mut warnings = Vec::new();
    let mut rows = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let at = || Location::new(source, line);
        let issue: Issue = serde_json::from_value(item).map_err(|e| {
            Error::input(
                at(),
                Problem::Syntax {
                    message: format!(
                        "element {} of the array is not a GitHub issue ({e}); expected objects with number and title",
                        i + 1
                    ),
                },
            )
        })?;
        if issue.title.trim().is_empty() {
            return Err(Error::input(
                at(),
                Problem::Syntax {
                    message: format!("issue #{} has no title", issue.number),
                },
            ));
        }
        let row = row(issue, line, opts, &mut |message| {
            warnings.push(Warning { at: at(), message })
        });
        rows.push(row);
    }
    let links = link(source, &mut rows);
    warnings.extend(links);
    let tasks: Vec<Task> = rows.into_iter().map(|r| r.task).collect();
    Ok(imported(tasks, &EXTRA, warnings))
}

/// The line each element of the top-level array starts on (the text parsed
/// as JSON already, so strings and nesting are all there is to track).
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (1, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => {
                if depth == 1 {
                    lines.push(line);
                }
                depth += 1;
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    lines
}

/// An issue as read, before its references are resolved.
struct Row {
    task: Task,
    /// The repository that `#N` references are in ("" when unknown).
    repo: String,
    /// Issues this one waits for, as written.
    waits_for: Vec<String>,
    /// Issues that wait for this one, as written.
    blocks: Vec<String>,
}

/// The repository name in an issue URL (`https://github.com/o/REPO/issues/N`).
fn repo_of(url: &str) -> Option<&str> {
    let mut parts = url.trim_end_matches('/').rsplit('/');
    let _number = parts.next()?;
    matches!(parts.next()?, "issues" | "pull").then_some(())?;
    parts.next().filter(|r| !r.is_empty())
}

/// What the keys of labels and body lines say about an issue, label first.
#[derive(Default)]
struct Keys {
    values: HashMap<&'static str, (String, &'static str)>,
}

impl Keys {
    /// Notes `value` for the key `key` names, unless one is noted already;
    /// `from` says where it was written, for warnings.
    fn note(&mut self, key: &str, value: &str, from: &'static str) -> bool {
        let key = match key.trim().to_lowercase().as_str() {
            "estimate" | "hours" => "estimate",
            "priority" => "priority",
            "skill" | "skills" => "skills",
            "due" | "due date" => "due",
            "category" | "type" => "category",
            "status" => "status",
            "remaining" => "remaining",
            "spent" => "spent",
            "actual" => "actual",
            _ => return false,
        };
        if key == "skills" {
            // Skills add up over labels and lines.
            let entry = self
                .values
                .entry(key)
                .or_insert_with(|| (String::new(), from));
            entry.0.push(',');
            entry.0.push_str(value);
        } else {
            self.values
                .entry(key)
                .or_insert_with(|| (value.trim().to_string(), from));
        }
        true
    }

    fn get(&self, key: &str) -> Option<(&str, &'static str)> {
        self.values
            .get(key)
            .map(|(v, from)| (v.as_str(), *from))
            .filter(|(v, _)| !v.is_empty())
    }
}

fn row(issue: Issue, line: usize, opts: &ReadOptions, warn: &mut dyn FnMut(String)) -> Row {
    let repo = issue
        .url
        .as_deref()
        .and_then(repo_of)
        .unwrap_or("")
        .to_string();
    let id = format!("{repo}#{}", issue.number);
    let mut task = Task::new(id.clone(), issue.title.trim(), 0.0);
    task.line = line;
    task.project = repo.clone();
    let mut keys = Keys::default();
    let mut priorities = Vec::new();
    let mut in_progress = false;
    let mut others = Vec::new();
    for label in &issue.labels {
        let name = label.name.trim();
        if let Some((key, value)) = name.split_once([':', '/']) {
            if key.trim().eq_ignore_ascii_case("skill") {
                keys.note("skills", value, "label");
                continue;
            }
            if keys.note(key, value, "label") {
                continue;
            }
        }
        if let Some(p) = priority_word(name) {
            priorities.push(p);
        } else if is_in_progress(name) {
            in_progress = true;
        } else if bare_hours(name, opts.hours_per_day) {
            keys.note("estimate", name, "label");
        } else {
            others.push(name.to_string());
        }
    }
    // Bare priority labels count as labels: before any body line.
    if let Some(most_urgent) = priorities.into_iter().min() {
        keys.note("priority", most_urgent.as_str(), "label");
    }
    let mut waits_for = Vec::new();
    let mut blocks = Vec::new();
    for text in issue.body.as_deref().unwrap_or("").lines() {
        let text = text
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '>' | '+'))
            .trim_start_matches("[ ]")
            .trim_start_matches("[x]")
            .trim_start();
        let lower = text.to_lowercase();
        let lower = lower.trim_start_matches(['*', '_']);
        if let Some(rest) = ["depends on", "blocked by"]
            .iter()
            .find_map(|k| lower.strip_prefix(k))
        {
            waits_for.extend(references(rest));
        } else if let Some(rest) = lower.strip_prefix("blocks") {
            blocks.extend(references(rest));
        } else if let Some((key, value)) = text.split_once(':') {
            keys.note(
                key.trim_matches(['*', '_', ' ']),
                value.trim_matches(['*', '_', ' ']),
                "body",
            );
        }
    }
    let bad = |warn: &mut dyn FnMut(String), key: &str, value: &str, from: &str, then: &str| {
        warn(format!(
            "issue {id}: {key} \"{value}\" in its {from} cannot be read; {then}"
        ))
    };
    task.priority = match keys.get("priority") {
        Some((value, from)) => priority_word(value).unwrap_or_else(|| {
            bad(
                warn,
                "priority",
                value,
                from,
                "it is planned as MEDIUM (use urgent, high, medium, low or P0 to P3)",
            );
            Priority::Medium
        }),
        None => Priority::Medium,
    };
    let state = issue.state.as_deref().unwrap_or("").trim().to_uppercase();
    if let Some((value, from)) = keys.get("status") {
        match value.parse::<Status>() {
            Ok(Status::InProgress) => in_progress = true,
            Ok(_) => {}
            Err(()) => bad(
                warn,
                "status",
                value,
                from,
                "it is not read (use in progress)",
            ),
        }
    }
    task.status = match state.as_str() {
        "CLOSED" | "MERGED" => Status::Done,
        _ if in_progress => Status::InProgress,
        "OPEN" | "" => Status::Open,
        other => {
            warn(format!(
                "issue {id}: state \"{other}\" is not OPEN or CLOSED; it is read as open"
            ));
            Status::Open
        }
    };
    let estimate = match keys.get("estimate") {
        Some((value, from)) => match classify_hours(value, opts.hours_per_day) {
            HoursText::Hours(h) => Some(h),
            _ => {
                bad(
                    warn,
                    "estimate",
                    value,
                    from,
                    "the issue is read without one (write hours such as 4h)",
                );
                None
            }
        },
        None => None,
    };
    match estimate {
        Some(h) => task.hours = h,
        None => task.estimated = false,
    }
    if let Some((value, from)) = keys.get("skills") {
        for item in value
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match Skill::parse(item) {
                Some(skill) if !task.skills.contains(&skill) => task.skills.push(skill),
                Some(_) => {}
                None => bad(
                    warn,
                    "skill",
                    item,
                    from,
                    "it is left out (write NAME or NAME:LEVEL)",
                ),
            }
        }
    }
    // Due: the key, else the milestone's.
    if let Some((value, from)) = keys.get("due") {
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => task.due = Some(d),
            Err(_) => bad(
                warn,
                "due",
                value,
                from,
                "it is left out (write YYYY-MM-DD)",
            ),
        }
    } else if let Some(due) = issue.milestone.as_ref().and_then(|m| m.due_on.as_deref()) {
        task.due = due
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    }
    task.category = match keys.get("category") {
        Some((value, _)) => value.to_string(),
        None => others.first().cloned().unwrap_or_default(),
    };
    // Progress.
    let logins: Vec<&str> = issue
        .assignees
        .iter()
        .map(|u| u.login.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let mut hours_key = |key: &str| -> Option<f64> {
        let (value, from) = keys.get(key)?;
        match classify_hours(value, opts.hours_per_day) {
            HoursText::Hours(h) => Some(h),
            _ if value.trim() == "0" && key != "actual" => Some(0.0),
            _ => {
                bad(
                    warn,
                    key,
                    value,
                    from,
                    "it is left out (write hours such as 2h)",
                );
                None
            }
        }
    };
    let p = &mut task.progress;
    match task.status {
        Status::InProgress => {
            p.remaining = hours_key("remaining");
            p.spent = hours_key("spent");
            p.developer = logins.first().map(|l| l.to_string());
        }
        Status::Done => {
            p.actual = hours_key("actual");
            p.developer = logins.first().map(|l| l.to_string());
        }
        Status::Open => {}
    }
    let open_assignees = if task.status == Status::Open {
        logins.join(", ")
    } else {
        String::new()
    };
    let extra = [
        issue.milestone.map(|m| m.title).unwrap_or_default(),
        others.join("; "),
        open_assignees,
        issue.url.unwrap_or_default(),
    ];
    task.extra = EXTRA
        .iter()
        .zip(extra)
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        .collect();
    Row {
        task,
        repo,
        waits_for,
        blocks,
    }
}

/// A priority named by a label or value: a word or `P0`..`P4`.
fn priority_word(text: &str) -> Option<Priority> {
    Some(match text.trim().to_lowercase().as_str() {
        "urgent" | "critical" | "blocker" | "p0" => Priority::Urgent,
        "high" | "p1" => Priority::High,
        "medium" | "p2" => Priority::Medium,
        "low" | "p3" | "p4" => Priority::Low,
        _ => return None,
    })
}

/// Whether a label is an estimate with a unit (`4h`, `2 days`); a bare
/// number is not one (labels such as `2024` are not estimates).
fn bare_hours(label: &str, hours_per_day: f64) -> bool {
    split_unit(label).1 != Unit::Bare
        && matches!(classify_hours(label, hours_per_day), HoursText::Hours(_))
}

fn is_in_progress(label: &str) -> bool {
    matches!(
        label.trim().to_lowercase().as_str(),
        "in progress" | "in-progress" | "in_progress" | "wip" | "doing"
    )
}

/// The issue references in a line's rest: `#12`, `owner/repo#12`,
/// `repo#12` or an issue URL, as `(repo or "", number)` text `REPO#N`.
fn references(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .map(|t| {
            t.trim_matches(|c: char| matches!(c, '.' | ':' | '(' | ')' | '[' | ']' | '*' | '_'))
        })
        .filter_map(|token| {
            if let Some((_, number)) = token.rsplit_once("/issues/") {
                let repo = repo_of(token)?;
                number.parse::<u64>().ok()?;
                return Some(format!("{repo}#{number}"));
            }
            let (repo, number) = token.split_once('#')?;
            number.parse::<u64>().ok()?;
            let repo = repo.rsplit('/').next().unwrap_or("");
            Some(format!("{repo}#{number}"))
        })
        .collect()
}

/// Turns the rows' references into dependencies, each once, in order; a
/// reference without a repository is to the issue's own. References to
/// issues outside the file are left out with a warning.
fn link(source: &str, rows: &mut [Row]) -> Vec<Warning> {
    let index: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.task.id.clone(), i))
        .collect();
    let full = |row: &Row, reference: &str| -> String {
        match reference.strip_prefix('#') {
            Some(number) => format!("{}#{number}", row.repo),
            None => reference.to_string(),
        }
    };
    let mut outside = Outside::default();
    let mut depends: Vec<Vec<String>> = vec![Vec::new(); rows.len()];
    for (i, row) in rows.iter().enumerate() {
        let id = &row.task.id;
        for reference in &row.waits_for {
            let other = full(row, reference);
            if other == *id {
                continue;
            }
            if index.contains_key(&other) {
                depends[i].push(other);
            } else {
                outside.note(
                    source,
                    row.task.line,
                    format!(
                        "issue {id} depends on {other}, which is not in this file: that dependency is left out (list {other} too unless it is closed)"
                    ),
                );
            }
        }
        for reference in &row.blocks {
            let other = full(row, reference);
            match index.get(&other) {
                Some(&j) if j != i => depends[j].push(id.clone()),
                Some(_) => {}
                None => outside.note(
                    source,
                    row.task.line,
                    format!(
                        "issue {id} blocks {other}, which is not in this file: that link is left out"
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_take_the_forms_github_links() {
        assert_eq!(
            references(" #12, #13 and acme/api#4 (https://github.com/acme/web/issues/9)."),
            ["#12", "#13", "api#4", "web#9"]
        );
        assert!(references("nothing here #x").is_empty());
    }

    #[test]
    fn repo_comes_from_the_issue_url() {
        assert_eq!(
            repo_of("https://github.com/acme/shop/issues/12"),
            Some("shop")
        );
        assert_eq!(repo_of("https://example.com/x"), None);
    }

    #[test]
    fn element_lines_skip_nested_and_quoted_brackets() {
        let text = "[\n {\"a\": \"{[\\\"\", \"b\": [1]},\n {\"c\": {}}\n]";
        assert_eq!(element_lines(text), [2, 3]);
        assert_eq!(element_lines("[{},{}]"), [1, 1]);
    }

    #[test]
    fn shape_detection() {
        assert!(is_issue_list(r#"[{"number": 1, "title": "A"}]"#));
        assert!(is_issue_list(
            r#"[{"id": "I_kwDOA", "number": 1, "title": "A", "state": "OPEN"}]"#
        ));
        assert!(!is_issue_list(r#"[{"id": "a", "title": "A", "hours": 2}]"#));
        assert!(!is_issue_list(
            r#"[{"id": "a", "title": "A", "number": 3}]"#
        ));
        assert!(!is_issue_list(r#"[{"number": "1", "title": "A"}]"#));
        assert!(!is_issue_list(r#"{"number": 1}"#));
        assert!(!is_issue_list("[]"));
    }
}
