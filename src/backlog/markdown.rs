//! The Markdown backlog format (SPEC 2.1): reader and writer.
//!
//! ```text
//! ## customer-feedback-app (Comment Analyzer)     project "customer-feedback-app"
//! ### 🔴 URGENT - Bug Fixes                         priority URGENT, category "Bug Fixes"
//! - [ ] **Fix HTTP/2 request splitting** (4 hours)  an open task of 4 hours
//!   - depends on: Deploy to Render.com            a field (see `Key`)
//!   - Review GHSA-847f-9342-265h                  a note
//! - [x] **Done thing** (2 hours)                  a done task
//! - [~] **Started thing** (3 hours)               in progress (also `[/]`)
//!   - developer: Ana                              a progress field (SPEC 7.1)
//! ```
//!
//! Reading rules beyond SPEC, chosen to read real files as their authors meant:
//! - a checkbox line is a task at any indentation, unless it sits deeper than
//!   the task above it: then it is one of that task's checklist lines (a note);
//! - lines inside fenced code blocks are ignored; `#` and `####`+ headings
//!   neither set a project nor a priority;
//! - text on the task line besides the title and the estimate
//!   (`**T** (4 hours) - waiting on vendor`) becomes the task's first note;
//! - indented lines under a task that are not bullets are notes too;
//! - a sub-bullet that starts with `\` is always a note (the `\` dropped): the
//!   writer uses this for notes that would otherwise read as `key: value`;
//! - `extra.NAME: value` sub-bullets carry extra CSV/JSON columns, so
//!   CSV -> Markdown -> CSV keeps them (empty values are not written); a
//!   name or value written as a JSON string (`extra."Time: spent": "a\nb"`)
//!   is that string, which is how the writer keeps a multi-line value, or a
//!   name with a `:`, on one line; NAME may not be one of SPEC's columns;
//! - in a bold title `\` escapes ASCII punctuation, as in CommonMark
//!   (`**Fix \*nix paths**` is "Fix *nix paths"); the writer escapes `\` and
//!   `*` so that any title reads back as it was;
//! - in `depends on` and `skills`, `\,` is a comma inside an item and `\\`
//!   a backslash (a title with a comma can be a dependency);
//! - a note line holding a line break other than `\n` (such as U+2028) is
//!   split there, as CSV and JSON notes are;
//! - a key given twice: list keys (`depends on`, `skills`) add up, the others
//!   keep the last value;
//! - a `status:` sub-bullet overrides the checkbox, wherever it stands.

use std::io::{self, Write};

use crate::error::{Error, Location, Problem, Result};
use crate::model::{derive_id, Backlog, DeclaredSummary, Priority, Status, Task, Warning};

use super::{
    check_text, classify_hours, hours_field, join_list, num, parse_confidence, parse_due,
    parse_range, parse_skills, parse_status, progress, split_list, split_notes, Column, HoursText,
    ReadOptions,
};

mod document;
mod item;
pub use document::lost_text;
use item::{classify_item, json_string, quoted_if_needed, Item, Key, EXTRA_PREFIX};

/// The phrase that marks the heading of a declared summary table.
const SUMMARY_HEADING: &str = "time estimates summary";

pub(super) fn read(source: &str, text: &str, opts: &ReadOptions) -> Result<Backlog> {
    let mut reader = Reader {
        source,
        hours_per_day: opts.hours_per_day,
        backlog: Backlog::default(),
        project: String::new(),
        priority: Priority::Medium,
        category: String::new(),
        unprioritised: None,
        open_task_indent: None,
        in_fence: false,
        summary: None,
        pending: None,
        owned: false,
    };
    let mut document = document::Builder::default();
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        reader.line(i + 1, line.strip_suffix('\r').unwrap_or(line))?;
        document.line(raw, reader.owned, reader.backlog.tasks.len());
    }
    reader.backlog.document = document.finish();
    reader.finish()
}

/// What the sub-bullets of the last task said about the fields its line and
/// headings give too, settled when its sub-bullets end ([`Reader::close_task`]).
struct Pending {
    /// The estimate on the task line, if it had one.
    inline_hours: Option<f64>,
    /// The heading's priority, when it named one.
    heading_priority: Option<Priority>,
    /// `estimate:` (hours, line).
    hours: Option<(f64, usize)>,
    /// `priority:` (priority, line).
    priority: Option<(Priority, usize)>,
    /// `project:` (project, line).
    project: Option<(String, usize)>,
    /// `category:` (category, line).
    category: Option<(String, usize)>,
}

/// A `###` heading without a priority word, until a task sits under it.
struct Unprioritised {
    heading: String,
    line: usize,
    warned: bool,
}

struct Reader<'a> {
    source: &'a str,
    hours_per_day: f64,
    backlog: Backlog,
    project: String,
    priority: Priority,
    category: String,
    unprioritised: Option<Unprioritised>,
    /// Indentation of the last task while it can still take sub-bullets.
    open_task_indent: Option<usize>,
    in_fence: bool,
    /// Inside a "Time Estimates Summary" section: the summary so far.
    summary: Option<DeclaredSummary>,
    /// The last task's fields from sub-bullets, while it can take them.
    pending: Option<Pending>,
    /// Whether the last line was a task's line or one of its sub-lines.
    owned: bool,
}

impl Reader<'_> {
    fn error(&self, line: usize, problem: Problem) -> Error {
        Error::input(Location::new(self.source, line), problem)
    }

    fn line(&mut self, no: usize, raw: &str) -> Result<()> {
        let trimmed = raw.trim_start();
        let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if self.in_fence || fence {
            self.in_fence ^= fence;
            self.owned = false;
            return Ok(());
        }
        if trimmed.trim_end().is_empty() {
            self.owned = false;
            return Ok(());
        }
        let indent = indentation(raw);
        self.owned = false;
        if let Some(task_indent) = self.open_task_indent {
            if indent > task_indent {
                self.owned = true;
                return self.sub_line(no, trimmed.trim_end());
            }
        }
        self.open_task_indent = None;
        self.close_task()?;
        let trimmed = trimmed.trim_end();
        if let Some((level, text)) = heading(trimmed) {
            self.heading(no, level, text);
        } else if let Some((status, body)) = checkbox(trimmed) {
            self.task(no, indent, status, body)?;
        } else if trimmed.starts_with('|') {
            self.table_row(no, trimmed);
        }
        Ok(())
    }

    fn heading(&mut self, no: usize, level: usize, text: &str) {
        // Any heading ends a summary section.
        self.close_summary();
        if level >= 2 && text.to_lowercase().contains(SUMMARY_HEADING) {
            self.summary = Some(DeclaredSummary {
                by_priority: Vec::new(),
                total: None,
                line: 0,
            });
        }
        match level {
            2 => {
                self.project = strip_trailing_group(text).to_string();
                self.priority = Priority::Medium;
                self.category.clear();
                self.unprioritised = None;
            }
            3 => match Priority::find_in(text) {
                Some((priority, at)) => {
                    self.priority = priority;
                    let word = priority.as_str();
                    // find_in reports offset 0 when upper-casing changed byte
                    // lengths; then look for the separator from the start.
                    let after = match text.get(at..at + word.len()) {
                        Some(w) if w.eq_ignore_ascii_case(word) => &text[at + word.len()..],
                        _ => text,
                    };
                    self.category = after_separator(after).unwrap_or("").to_string();
                    self.unprioritised = None;
                }
                None => {
                    self.priority = Priority::Medium;
                    self.category = after_separator(text).unwrap_or(text).to_string();
                    self.unprioritised = Some(Unprioritised {
                        heading: text.to_string(),
                        line: no,
                        warned: false,
                    });
                }
            },
            _ => {}
        }
    }

    fn task(&mut self, no: usize, indent: usize, status: Status, body: &str) -> Result<()> {
        let line = parse_task_line(body, self.hours_per_day).map_err(|p| self.error(no, p))?;
        // The hours are settled when the sub-bullets end: one may give them.
        let mut task = Task::new(String::new(), line.title, line.hours.unwrap_or(0.0));
        task.project = self.project.clone();
        task.priority = self.priority;
        task.category = self.category.clone();
        task.status = status;
        task.notes.extend(line.leftover);
        task.line = no;
        self.backlog.tasks.push(task);
        self.open_task_indent = Some(indent);
        self.pending = Some(Pending {
            inline_hours: line.hours,
            heading_priority: self.unprioritised.is_none().then_some(self.priority),
            hours: None,
            priority: None,
            project: None,
            category: None,
        });
        Ok(())
    }

    /// Settles the last task once its sub-bullets have ended: a sub-bullet's
    /// estimate, priority, project or category wins over the task line's or
    /// heading's, with a warning naming both when they differ; a task with
    /// no estimate anywhere is an error; a heading without a priority word
    /// warns (once) for its first task that gives no `priority:` either.
    fn close_task(&mut self) -> Result<()> {
        let Some(p) = self.pending.take() else {
            return Ok(());
        };
        let source = self.source;
        let Some(task) = self.backlog.tasks.last_mut() else {
            return Ok(());
        };
        let title = task.title.clone();
        let mut warnings = Vec::new();
        let mut warn = |line: usize, message: String| {
            warnings.push(Warning {
                at: Location::new(source, line),
                message: format!("task \"{title}\": {message}"),
            })
        };
        match (p.inline_hours, p.hours) {
            // No estimate: read, warned about and listed as not planned
            // (SPEC 9.3).
            (None, None) => {
                task.hours = 0.0;
                task.estimated = false;
            }
            (Some(h), None) | (None, Some((h, _))) => task.hours = h,
            (Some(inline), Some((h, line))) => {
                if inline != h {
                    warn(line, format!(
                        "the sub-bullet's estimate {} overrides the task line's {}; the sub-bullet wins",
                        hours_text(h),
                        hours_text(inline)
                    ));
                }
                task.hours = h;
            }
        }
        if let Some((priority, line)) = p.priority {
            if let Some(heading) = p.heading_priority.filter(|h| *h != priority) {
                warn(line, format!(
                    "the sub-bullet's priority {priority} overrides the heading's {heading}; the sub-bullet wins"
                ));
            }
            task.priority = priority;
        }
        for (field, given, slot) in [
            ("project", p.project, &mut task.project),
            ("category", p.category, &mut task.category),
        ] {
            // Another case of the heading's name is the same name (rules
            // compare names so): the heading's spelling stays.
            if let Some((value, line)) =
                given.filter(|(v, _)| v.to_lowercase() != slot.to_lowercase())
            {
                if !slot.is_empty() {
                    warn(line, format!(
                        "the sub-bullet's {field} \"{value}\" overrides the heading's \"{slot}\"; the sub-bullet wins"
                    ));
                }
                *slot = value;
            }
        }
        warnings.sort_by_key(|w| w.at.line);
        let explicit_priority = p.priority.is_some();
        if let Some(h) = self
            .unprioritised
            .as_mut()
            .filter(|h| !h.warned && !explicit_priority)
        {
            h.warned = true;
            // Before the task's own warnings: the heading comes first in the file.
            warnings.insert(
                0,
                Warning {
                    at: Location::new(source, h.line),
                    message: format!(
                        "heading \"{}\" names no priority (URGENT, HIGH, MEDIUM or LOW); its tasks are MEDIUM",
                        h.heading
                    ),
                },
            );
        }
        self.backlog.warnings.extend(warnings);
        Ok(())
    }

    /// An indented line under a task: a field, a note or a checklist line.
    fn sub_line(&mut self, no: usize, trimmed: &str) -> Result<()> {
        let item = match bullet(trimmed) {
            Some(text) => classify_item(text),
            None => Item::Note(trimmed.to_string()),
        };
        let hours_per_day = self.hours_per_day;
        let source = self.source;
        let Some(task) = self.backlog.tasks.last_mut() else {
            return Ok(());
        };
        let title = task.title.clone();
        let fail = |problem: Problem| Error::input(Location::new(source, no), problem);
        let pending = self.pending.as_mut();
        match item {
            Item::Note(note) => task.notes.extend(split_notes(&note)),
            Item::Extra(name, value) => {
                if let Some(column) = Column::find(&name) {
                    return Err(fail(super::bad_field(
                        &title,
                        "extra column",
                        &name,
                        &format!(
                            "is the backlog's own field \"{}\"; give the extra column another name",
                            column.name()
                        ),
                    )));
                }
                task.extra.retain(|(n, _)| *n != name);
                task.extra.push((name, value));
            }
            Item::Field(key, value) => match key {
                Key::Id => {
                    if value.is_empty() {
                        return Err(fail(super::bad_field(
                            &title,
                            "id",
                            "",
                            "must not be empty",
                        )));
                    }
                    task.id = value;
                }
                Key::DependsOn => task.depends_on.extend(split_list(&value, &[','])),
                Key::Skills => {
                    let items = split_list(&value, &[',']);
                    let skills =
                        parse_skills(&title, items.iter().map(String::as_str)).map_err(fail)?;
                    task.skills.extend(skills);
                }
                Key::Owner => task.owner = Some(value).filter(|v| !v.is_empty()),
                Key::Due => task.due = Some(parse_due(&title, &value).map_err(fail)?),
                Key::Range => {
                    let (low, high) = parse_range(&title, &value, hours_per_day).map_err(fail)?;
                    task.low = Some(low);
                    task.high = Some(high);
                }
                Key::Confidence => {
                    task.confidence = Some(parse_confidence(&title, &value).map_err(fail)?);
                }
                // An empty status would read as open: say so rather than guess.
                Key::Status if value.is_empty() => {
                    let expected = "is empty; use open, in_progress or done";
                    return Err(fail(super::bad_field(&title, "status", "", expected)));
                }
                Key::Status => task.status = parse_status(&title, &value).map_err(fail)?,
                Key::Progress(column) => {
                    progress::set(task, column, &value, hours_per_day).map_err(fail)?;
                }
                Key::Hours => {
                    let hours = hours_field(&title, &value, hours_per_day).map_err(fail)?;
                    if let Some(p) = pending {
                        p.hours = Some((hours, no));
                    }
                }
                Key::Priority => {
                    let priority = value.parse().map_err(|()| {
                        let expected = "is not a priority; use URGENT, HIGH, MEDIUM or LOW";
                        fail(super::bad_field(&title, "priority", &value, expected))
                    })?;
                    if let Some(p) = pending {
                        p.priority = Some((priority, no));
                    }
                }
                Key::Project | Key::Category => {
                    let field = if key == Key::Project {
                        "project"
                    } else {
                        "category"
                    };
                    if value.is_empty() {
                        let expected = "is empty; give a name or leave the sub-bullet out";
                        return Err(fail(super::bad_field(&title, field, "", expected)));
                    }
                    if let Some(p) = pending {
                        let slot = if key == Key::Project {
                            &mut p.project
                        } else {
                            &mut p.category
                        };
                        *slot = Some((value, no));
                    }
                }
                Key::Unsettable(why) => {
                    let note = bullet(trimmed).unwrap_or(trimmed).to_string();
                    self.backlog.warnings.push(Warning {
                        at: Location::new(source, no),
                        message: format!(
                            "task \"{title}\": \"{note}\" is kept as a note: {why} (write \\{note} to keep it without this warning)"
                        ),
                    });
                    task.notes.push(note);
                }
            },
        }
        Ok(())
    }

    fn table_row(&mut self, no: usize, row: &str) {
        let hours_per_day = self.hours_per_day;
        let Some(summary) = &mut self.summary else {
            return;
        };
        if summary.line == 0 {
            summary.line = no;
        }
        let cells: Vec<String> = row
            .trim_matches('|')
            .split('|')
            .map(|c| c.replace('*', "").trim().to_string())
            .collect();
        let Some((label, rest)) = cells.split_first() else {
            return;
        };
        let Some(hours) = rest.iter().find_map(|c| declared_hours(c, hours_per_day)) else {
            return;
        };
        if label.to_uppercase().contains("TOTAL") {
            summary.total = Some(hours);
        } else if let Some((priority, _)) = Priority::find_in(label) {
            summary.by_priority.push((priority, hours));
        }
    }

    fn finish(mut self) -> Result<Backlog> {
        self.close_task()?;
        self.close_summary();
        let mut columns = Vec::new();
        for task in &self.backlog.tasks {
            super::note_extra_columns(&mut columns, task);
        }
        self.backlog.extra_columns = columns;
        Ok(self.backlog)
    }

    /// Keeps the summary section's table when it had rows.
    fn close_summary(&mut self) {
        if let Some(s) = self.summary.take() {
            if s.total.is_some() || !s.by_priority.is_empty() {
                self.backlog.declared = Some(s);
            }
        }
    }
}

/// Hours in a summary cell (`42 hours`, `402`); 0 counts, unlike estimates.
fn declared_hours(cell: &str, hours_per_day: f64) -> Option<f64> {
    match classify_hours(cell, hours_per_day) {
        HoursText::Hours(h) | HoursText::UnderMinute(_, h) => Some(h),
        HoursText::NotPositive(n) if super::plain_number(&n) == Some(0.0) => Some(0.0),
        _ => None,
    }
}

/// Width of the leading blanks, a tab counting 4.
fn indentation(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// `## Text ##` -> (2, "Text").
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &line[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = rest.trim();
    // An optional closing run of `#`, after a blank.
    let without = text.trim_end_matches('#');
    if without.len() < text.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        text = without.trim_end();
    }
    Some((level, text))
}

/// `- [ ] body` / `* [x] body` -> (status, body).
fn checkbox(line: &str) -> Option<(Status, &str)> {
    let rest = bullet(line)?;
    let status = match rest.get(..3)? {
        "[ ]" => Status::Open,
        "[x]" | "[X]" => Status::Done,
        "[~]" | "[/]" => Status::InProgress,
        _ => return None,
    };
    let body = &rest[3..];
    if !(body.is_empty() || body.starts_with([' ', '\t'])) {
        return None;
    }
    Some((status, body.trim()))
}

/// The text of a `- `, `* ` or `+ ` list item.
fn bullet(line: &str) -> Option<&str> {
    let rest = line.strip_prefix(['-', '*', '+'])?;
    if rest.is_empty() {
        return Some("");
    }
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest.trim())
}

/// `customer-feedback-app (Comment Analyzer)` -> `customer-feedback-app`.
fn strip_trailing_group(text: &str) -> &str {
    let text = text.trim();
    if !text.ends_with(')') {
        return text;
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return text[..i].trim_end();
                }
            }
            _ => {}
        }
    }
    text
}

/// The text after the first ` - ` (or en/em dash, or `: `) separator.
fn after_separator(text: &str) -> Option<&str> {
    [" - ", " – ", " — ", ": "]
        .iter()
        .filter_map(|sep| text.find(sep).map(|i| (i, sep.len())))
        .min()
        .map(|(i, len)| text[i + len..].trim())
}

/// A task line's parts.
struct TaskLine {
    title: String,
    /// The estimate; `None` when the line has none (a sub-bullet may give it).
    hours: Option<f64>,
    /// Other text on the line, kept as a note.
    leftover: Option<String>,
}

/// `**Title** (4 hours)` or `Title (4 hours)`: the title is the bold text when
/// the line starts with it, else the text before the estimate; the estimate is
/// the last parenthesised group that reads as hours.
fn parse_task_line(body: &str, hours_per_day: f64) -> std::result::Result<TaskLine, Problem> {
    let bold = body.strip_prefix("**").and_then(|rest| {
        bold_end(rest).map(|end| (unescape(rest[..end].trim()), &rest[end + 2..]))
    });
    let search = match bold {
        Some((_, after)) => after,
        None => body,
    };
    let groups = paren_groups(search);
    let classified: Vec<(usize, usize, HoursText)> = groups
        .iter()
        .map(|&(start, end)| {
            (
                start,
                end,
                classify_hours(&search[start + 1..end - 1], hours_per_day),
            )
        })
        .collect();
    let accepted = classified
        .iter()
        .rev()
        .find(|(_, _, h)| matches!(h, HoursText::Hours(_)));
    let attempted = classified
        .iter()
        .rev()
        .find(|(_, _, h)| !matches!(h, HoursText::NotEstimate));
    let chosen = accepted.or(attempted);
    let title = match (&bold, chosen) {
        (Some((title, _)), _) => title.clone(),
        (None, Some(&(start, _, _))) => body[..start].trim().to_string(),
        (None, None) => body.trim().to_string(),
    };
    if title.is_empty() {
        return Err(Problem::Syntax {
            message: "a task needs a title, as in `- [ ] **Title** (4 hours)`".into(),
        });
    }
    let Some((start, end, hours)) = chosen else {
        // No estimate on the line: a sub-bullet may give one.
        let leftover = match bold {
            Some(_) => leftover_text(search),
            None => None,
        };
        return Ok(TaskLine {
            title,
            hours: None,
            leftover,
        });
    };
    let hours = match hours {
        HoursText::Hours(h) => *h,
        HoursText::NotPositive(value) => {
            return Err(Problem::HoursNotPositive {
                task: title,
                value: value.clone(),
            })
        }
        HoursText::NotNumber(value) => {
            return Err(Problem::HoursNotNumber {
                task: title,
                value: value.clone(),
            })
        }
        HoursText::UnderMinute(value, _) => {
            return Err(super::under_minute_problem(&title, "hours", value))
        }
        // `chosen` never holds one of these.
        HoursText::NotEstimate => return Err(Problem::MissingHours { task: title }),
    };
    let leftover = match bold {
        Some(_) => format!("{} {}", &search[..*start], &search[*end..]),
        None => search[*end..].to_string(),
    };
    Ok(TaskLine {
        title,
        hours: Some(hours),
        leftover: leftover_text(&leftover),
    })
}

/// The text of a task line besides its title and estimate, as a note.
fn leftover_text(text: &str) -> Option<String> {
    let leftover = text
        .trim()
        .trim_start_matches(['-', '–', '—', ':', ','])
        .trim();
    (!leftover.is_empty()).then(|| leftover.to_string())
}

/// Where the `**` that closes a bold text starting `text` is: the first one
/// that no `\` escapes.
fn bold_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'\\' if bytes[i + 1].is_ascii_punctuation() => i += 2,
            b'*' if bytes[i + 1] == b'*' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// CommonMark backslash escapes: `\` before ASCII punctuation gives the
/// punctuation; any other `\` stays.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Byte ranges `(start, end)` of the top-level `( ... )` groups, parentheses included.
fn paren_groups(text: &str) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push((start, i + 1));
                }
            }
            _ => {}
        }
    }
    groups
}

// ---------------------------------------------------------------------------
// Writer

/// Writes the backlog as Markdown that [`read`] gives back: headings
/// whenever project or priority/category change (so file order is kept),
/// then each task with a sub-bullet per non-default field, then its notes.
/// With a [`crate::model::Document`], its text is put back around the tasks
/// when that reads back as the same backlog ([`document::render`]).
pub(super) fn write(backlog: &Backlog, out: &mut dyn Write) -> io::Result<()> {
    if let Some(doc) = &backlog.document {
        let task =
            |t: &Task, out: &mut dyn Write| checked(backlog, t).and_then(|_| write_task(t, out));
        if let Some(bytes) = document::render(backlog, doc, task)? {
            return out.write_all(&bytes);
        }
    }
    let mut previous: Option<&Task> = None;
    for task in &backlog.tasks {
        let new_project = previous.is_none_or(|p| p.project != task.project);
        checked(backlog, task)?;
        if new_project && !(previous.is_none() && task.project.is_empty()) {
            if task.project.is_empty() {
                writeln!(out, "##\n")?;
            } else if task.project.ends_with(')') {
                // The reader drops a trailing "(...)"; give it an empty one to drop.
                writeln!(
                    out,
                    "## {}\n",
                    heading_text(&format!("{} ()", task.project))
                )?;
            } else {
                writeln!(out, "## {}\n", heading_text(&task.project))?;
            }
        }
        let new_section = new_project
            || previous.is_some_and(|p| p.priority != task.priority || p.category != task.category);
        if new_section {
            if task.category.is_empty() {
                writeln!(out, "### {}\n", task.priority)?;
            } else {
                let text = format!("{} - {}", task.priority, task.category);
                writeln!(out, "### {}\n", heading_text(&text))?;
            }
        }
        write_task(task, out)?;
        writeln!(out)?;
        previous = Some(task);
    }
    if let Some(declared) = &backlog.declared {
        writeln!(out, "## Time Estimates Summary\n")?;
        writeln!(out, "| Priority | Total Hours |")?;
        writeln!(out, "|----------|-------------|")?;
        for (priority, hours) in &declared.by_priority {
            writeln!(out, "| {priority} | {} |", hours_text(*hours))?;
        }
        if let Some(total) = declared.total {
            writeln!(out, "| **TOTAL** | **{}** |", hours_text(total))?;
        }
    }
    Ok(())
}

/// Text that cannot be written as it is, never written at all: a line
/// break in a title would start a task of its own.
fn checked(backlog: &Backlog, task: &Task) -> io::Result<()> {
    check_text(task).map_err(|p| {
        let at = crate::error::Location::new(backlog.source.clone(), task.line);
        let e = super::printable(Error::input(at, p));
        io::Error::new(io::ErrorKind::InvalidData, e.to_string())
    })
}

/// A heading's text that the reader gives back: a closing run of `#` is
/// optional Markdown, so a text that ends in `#` gets one to drop.
fn heading_text(text: &str) -> String {
    if text.ends_with('#') {
        format!("{text} #")
    } else {
        text.to_string()
    }
}

/// A title as bold Markdown text: `\` and `*` escaped, so that no `**` in
/// the title ends the bold and no `*` at its end merges with the closing one.
fn bold_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len() + 4);
    out.push_str("**");
    for c in title.chars() {
        if matches!(c, '\\' | '*') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push_str("**");
    out
}

fn write_task(task: &Task, out: &mut dyn Write) -> io::Result<()> {
    let mark = match task.status {
        Status::Open => ' ',
        Status::Done => 'x',
        Status::InProgress => '~',
    };
    if task.estimated {
        let hours = hours_text(task.hours);
        writeln!(out, "- [{mark}] {} ({hours})", bold_title(&task.title))?;
    } else {
        writeln!(out, "- [{mark}] {}", bold_title(&task.title))?;
    }
    let mut field = |key: &str, value: &str| writeln!(out, "  - {key}: {value}");
    // An empty id is one to derive, as the reader does.
    if !task.id.is_empty() && task.id != derive_id(&task.project, &task.title) {
        field("id", &task.id)?;
    }
    if !task.depends_on.is_empty() {
        let items = task.depends_on.iter().map(String::as_str);
        field("depends on", &join_list(items, &[','], ", "))?;
    }
    if !task.skills.is_empty() {
        let skills: Vec<String> = task.skills.iter().map(super::skill_text).collect();
        field(
            "skills",
            &join_list(skills.iter().map(String::as_str), &[','], ", "),
        )?;
    }
    if let Some(owner) = &task.owner {
        field("owner", owner)?;
    }
    if let Some(due) = task.due {
        field("due", &due.format("%Y-%m-%d").to_string())?;
    }
    if let (Some(low), Some(high)) = (task.low, task.high) {
        field("range", &format!("{}-{}", num(low), num(high)))?;
    }
    if let Some(c) = task.confidence {
        field("confidence", &num(c))?;
    }
    // The status is the box; the other progress fields are sub-bullets.
    for column in Column::PROGRESS {
        if let Some(value) = progress::value(task, column) {
            field(column.name(), &value.text(hours_text))?;
        }
    }
    for (name, value) in &task.extra {
        if !value.is_empty() {
            let name = if name.contains(':') {
                json_string(name)
            } else {
                quoted_if_needed(name)
            };
            field(&format!("{EXTRA_PREFIX}{name}"), &quoted_if_needed(value))?;
        }
    }
    // Notes split as the reader would, so a line break in a note can never
    // start a line of its own.
    for note in task.notes.iter().flat_map(|n| split_notes(n)) {
        let plain = matches!(classify_item(&note), Item::Note(ref n) if *n == note);
        if plain && !note.starts_with('\\') {
            writeln!(out, "  - {note}")?;
        } else {
            writeln!(out, "  - \\{note}")?;
        }
    }
    Ok(())
}

/// `(1 hour)`, `(2.5 hours)`: the reader's own spelling.
fn hours_text(hours: f64) -> String {
    if hours == 1.0 {
        "1 hour".to_string()
    } else {
        format!("{} hours", num(hours))
    }
}

#[cfg(test)]
mod tests;
