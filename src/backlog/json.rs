//! The JSON backlog format (SPEC 2.3): reader and writer.
//!
//! An array of objects with the CSV fields as keys (matched like CSV headers);
//! `depends_on`, `skills` and `notes` are arrays of strings (a single string
//! is split as in CSV); `hours`, `low`, `high`, `confidence`, `remaining`,
//! `spent` and `actual` are numbers or strings (`"90 min"`); `started` and
//! `finished` are strings. A missing or `null` field is absent; a missing
//! `id` is derived as in Markdown. Keys SPEC does not name are kept as the
//! tasks' `extra`: strings trimmed, other values as their JSON text; keys
//! are trimmed too (a blank key is dropped, as an unnamed CSV column is, and
//! two keys that trim to one name are an error).
//!
//! The keys `markdown_before` and `markdown_after` carry a Markdown
//! backlog's text around its tasks ([`crate::model::Document`]), not extra
//! columns: the text before a task, and after the last one.
//!
//! Errors in a task point at the line where its object starts.

use std::io::{self, Write};

use serde_json::{Map, Value};

use crate::error::{Error, Location, Problem, Result};
use crate::model::{Backlog, Task};

use super::{
    bad_field, hours_field, low_high, num, one_line, parse_confidence, parse_due, parse_priority,
    parse_skills, parse_status, progress, skill_text, split_list, split_notes, under_a_minute,
    under_minute_problem, Column, ReadOptions,
};

pub(super) fn read(source: &str, text: &str, opts: &ReadOptions) -> Result<Backlog> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => &message[..i],
            None => &message,
        };
        Error::input(
            Location::new(source, e.line()).with_column(e.column()),
            Problem::Syntax {
                message: format!("not valid JSON: {message}"),
            },
        )
    })?;
    let Value::Array(items) = value else {
        let first_line = text
            .lines()
            .position(|l| !l.trim().is_empty())
            .map_or(1, |i| i + 1);
        return Err(Error::input(
            Location::new(source, first_line),
            Problem::Syntax {
                message: format!("expected an array of task objects, found {}", kind(&value)),
            },
        ));
    };
    let elements = scan(text);
    let mut backlog = Backlog::default();
    let mut document = vec![String::new(); items.len() + 1];
    for (i, item) in items.iter().enumerate() {
        let element = elements.get(i);
        let line = element.map_or(0, |e| e.line);
        let numbers = element.map_or(&[][..], |e| &e.numbers[..]);
        let at = || Location::new(source, line);
        let Value::Object(object) = item else {
            return Err(Error::input(
                at(),
                Problem::Syntax {
                    message: format!(
                        "element {} of the array is {}; expected a task object with id, title and hours",
                        i + 1,
                        kind(item)
                    ),
                },
            ));
        };
        let mut object = object.clone();
        let text = document_text(&mut object, &mut document, i, items.len())
            .map_err(|p| Error::input(at(), p))?;
        let task = task(&object, line, numbers, opts).map_err(|p| Error::input(at(), p))?;
        if text {
            backlog.document = Some(crate::model::Document::default());
        }
        super::note_extra_columns(&mut backlog.extra_columns, &task);
        backlog.tasks.push(task);
    }
    if let Some(d) = backlog.document.as_mut() {
        d.text = document;
    }
    Ok(backlog)
}

/// The keys that carry a Markdown backlog's text around the tasks
/// ([`crate::model::Document`]): the text before a task, and after the last.
const BEFORE: &str = "markdown_before";
const AFTER: &str = "markdown_after";

/// Takes the document keys out of task `i` of `count` into `document`;
/// whether it had any.
fn document_text(
    object: &mut Map<String, Value>,
    document: &mut [String],
    i: usize,
    count: usize,
) -> std::result::Result<bool, Problem> {
    let mut found = false;
    for (key, slot) in [(BEFORE, i), (AFTER, count)] {
        let Some(value) = object.remove(key) else {
            continue;
        };
        let Value::String(text) = value else {
            return Err(Problem::Syntax {
                message: format!("\"{key}\" must be a string (Markdown text)"),
            });
        };
        if key == AFTER && i + 1 != count {
            return Err(Problem::Syntax {
                message: format!("\"{AFTER}\" belongs on the last task only"),
            });
        }
        document[slot] = text;
        found = true;
    }
    Ok(found)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Where an element of the top-level array starts, and the numbers of its
/// direct members as written.
#[derive(Debug, Default, PartialEq)]
struct Element {
    /// 1-based line of its first character.
    line: usize,
    /// (key, number text) for members whose value is a number.
    numbers: Vec<(String, String)>,
}

/// Scans the top-level array: where each element starts, and the text of
/// its numbers.
///
/// The numbers are kept as text because serde_json (without its
/// `float_roundtrip` feature) may read a decimal one unit in the last place
/// off; `str::parse` does not, so `100.33333333333333` reads back exactly.
/// Runs on text that already parsed as JSON, so tracking strings (with their
/// escapes), keys and nesting depth is enough.
fn scan(text: &str) -> Vec<Element> {
    let bytes = text.as_bytes();
    let mut elements: Vec<Element> = Vec::new();
    let mut line = 1;
    let mut depth = 0usize;
    let mut i = 0;
    let mut expect_element = false;
    let mut expect_key = false;
    let mut after_colon = false;
    let mut key: Option<String> = None;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\n' {
            line += 1;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if expect_element && depth == 1 && c != b']' {
            elements.push(Element {
                line,
                numbers: Vec::new(),
            });
        }
        expect_element = false;
        let value_at_member = depth == 2 && after_colon;
        after_colon = false;
        match c {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                if depth == 2 && expect_key {
                    key = text
                        .get(start..end)
                        .and_then(|raw| serde_json::from_str::<String>(raw).ok());
                    expect_key = false;
                }
                i = end;
                continue;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                if value_at_member {
                    if let (Some(k), Some(element), Some(number)) =
                        (key.take(), elements.last_mut(), text.get(start..i))
                    {
                        element.numbers.push((k, number.to_string()));
                    }
                }
                continue;
            }
            b'{' => {
                depth += 1;
                expect_key = depth == 2;
            }
            b'[' => {
                depth += 1;
                expect_element = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => {
                expect_element = depth == 1;
                expect_key = depth == 2;
            }
            b':' => after_colon = depth == 2,
            _ => {}
        }
        i += 1;
    }
    elements
}

/// A JSON value as text: strings as they are, numbers as written (`raw`,
/// when the scan found them), booleans as `true`/`false`.
fn scalar_text(value: &Value, raw: Option<&str>) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(raw.map_or_else(|| n.to_string(), str::to_string)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn task(
    object: &Map<String, Value>,
    line: usize,
    numbers: &[(String, String)],
    opts: &ReadOptions,
) -> std::result::Result<Task, Problem> {
    let raw = |key: &str| -> Option<&str> {
        numbers
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, n)| n.as_str())
    };
    let mut fields: Vec<(Column, &str, &Value)> = Vec::new();
    let mut extra = Vec::new();
    for (key, value) in object {
        match Column::find(key) {
            Some(column) => fields.push((column, key, value)),
            None => {
                let name = key.trim();
                if name.is_empty() {
                    continue;
                }
                let text = match value {
                    Value::Null => String::new(),
                    Value::String(s) => s.trim().to_string(),
                    Value::Number(_) => scalar_text(value, raw(key)).unwrap_or_default(),
                    other => other.to_string(),
                };
                if extra.iter().any(|(n, _)| n == name) {
                    let task = object.get("title").and_then(|t| scalar_text(t, None));
                    return Err(bad_field(
                        task.as_deref().unwrap_or(""),
                        "key",
                        key,
                        &format!("names the key \"{name}\" a second time (blanks around a key do not count); keep one"),
                    ));
                }
                extra.push((name.to_string(), text));
            }
        }
    }
    let field = |column: Column| -> Option<(&Value, Option<&str>)> {
        fields
            .iter()
            .find(|(c, _, v)| *c == column && !v.is_null())
            .map(|(_, key, v)| (*v, raw(key)))
    };
    let get = |column: Column| field(column).map(|(v, _)| v);
    let id = field(Column::Id)
        .and_then(|(v, raw)| scalar_text(v, raw))
        .unwrap_or_default();
    let title = match get(Column::Title).map(|v| (v, scalar_text(v, None))) {
        Some((_, Some(t))) if !t.is_empty() => t,
        Some((v, None)) => {
            return Err(bad_field(&id, "title", &v.to_string(), "must be a string"));
        }
        _ => {
            return Err(Problem::Syntax {
                message: "this task has no \"title\"".into(),
            })
        }
    };
    let title = title.as_str();
    let text = |column: Column| -> std::result::Result<String, Problem> {
        match field(column) {
            None => Ok(String::new()),
            Some((v, raw)) => scalar_text(v, raw)
                .ok_or_else(|| bad_field(title, column.name(), &v.to_string(), "must be a string")),
        }
    };
    let list = |column: Column, separators: &[char]| -> std::result::Result<Vec<String>, Problem> {
        let items: Vec<String> = match get(column) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| {
                    scalar_text(item, None).ok_or_else(|| {
                        bad_field(
                            title,
                            column.name(),
                            &item.to_string(),
                            "must be a list of strings",
                        )
                    })
                })
                .collect::<std::result::Result<_, _>>()?,
            Some(Value::String(s)) => split_list(s, separators),
            Some(v) => {
                return Err(bad_field(
                    title,
                    column.name(),
                    &v.to_string(),
                    "must be a list of strings",
                ))
            }
        };
        Ok(items)
    };
    for column in [
        Column::Id,
        Column::Title,
        Column::Project,
        Column::Category,
        Column::Owner,
        Column::Developer,
    ] {
        one_line(title, column.name(), &text(column)?)?;
    }
    // No estimate (absent, null or ""): read, and listed as not planned
    // (SPEC 9.3).
    let mut estimated = true;
    let hours = match field(Column::Hours) {
        None | Some((Value::Null, _)) => {
            estimated = false;
            0.0
        }
        Some((Value::String(s), _)) if s.trim().is_empty() => {
            estimated = false;
            0.0
        }
        Some((Value::Number(n), raw)) => {
            let written = raw.map_or_else(|| n.to_string(), str::to_string);
            match written.parse::<f64>().ok().or(n.as_f64()) {
                Some(h) if h.is_finite() && under_a_minute(h) && h > 0.0 => {
                    return Err(under_minute_problem(title, "hours", &written))
                }
                Some(h) if h.is_finite() && h > 0.0 => h,
                _ => {
                    return Err(Problem::HoursNotPositive {
                        task: title.into(),
                        value: written,
                    })
                }
            }
        }
        Some((Value::String(s), _)) => hours_field(title, s, opts.hours_per_day)?,
        Some((v, _)) => {
            return Err(Problem::HoursNotNumber {
                task: title.into(),
                value: v.to_string(),
            })
        }
    };
    let mut task = Task::new(id, title, hours);
    task.estimated = estimated;
    task.line = line;
    task.project = text(Column::Project)?;
    task.priority = parse_priority(title, &text(Column::Priority)?)?;
    task.category = text(Column::Category)?;
    task.depends_on = list(Column::DependsOn, &[';'])?
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let skills = list(Column::Skills, &[';', ','])?;
    task.skills = parse_skills(title, skills.iter().map(String::as_str))?;
    let owner = text(Column::Owner)?;
    task.owner = (!owner.is_empty()).then_some(owner);
    let due = text(Column::Due)?;
    if !due.is_empty() {
        task.due = Some(parse_due(title, &due)?);
    }
    task.status = parse_status(title, &text(Column::Status)?)?;
    let low = text(Column::Low)?;
    let high = text(Column::High)?;
    (task.low, task.high) = low_high(title, Some(&low), Some(&high), opts.hours_per_day)?;
    let confidence = text(Column::Confidence)?;
    if !confidence.is_empty() {
        task.confidence = Some(parse_confidence(title, &confidence)?);
    }
    // Notes are text, not a list: no `\` escapes, every line break splits.
    task.notes = match get(Column::Notes) {
        Some(Value::String(s)) => split_notes(s).collect(),
        _ => list(Column::Notes, &[])?
            .iter()
            .flat_map(|n| split_notes(n).collect::<Vec<_>>())
            .collect(),
    };
    for column in Column::PROGRESS {
        match field(column) {
            Some((Value::Number(n), raw)) => {
                let written = raw.map_or_else(|| n.to_string(), str::to_string);
                let h = written.parse::<f64>().ok().or(n.as_f64());
                progress::set_number(&mut task, column, h, &written)?;
            }
            _ => progress::set(&mut task, column, &text(column)?, opts.hours_per_day)?,
        }
    }
    task.extra = extra;
    Ok(task)
}

/// Writes pretty JSON (2-space indent): one object per task, fields in SPEC
/// order, then the progress fields, empty and absent fields left out
/// (priority and status always written), then the extra columns as
/// strings; a trailing newline.
pub(super) fn write(backlog: &Backlog, out: &mut dyn Write) -> io::Result<()> {
    let mut tasks: Vec<Value> = backlog.tasks.iter().map(task_object).collect();
    let count = tasks.len();
    let text = backlog
        .document
        .as_ref()
        .filter(|d| d.text.len() == count + 1 && count > 0);
    for (i, text) in text.iter().flat_map(|d| d.text.iter().enumerate()) {
        let (key, task) = match i {
            i if i < count => (BEFORE, &mut tasks[i]),
            _ => (AFTER, &mut tasks[count - 1]),
        };
        if let (Value::Object(o), false) = (task, text.is_empty()) {
            o.insert(key.into(), Value::String(text.clone()));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &tasks)?;
    writeln!(out)
}

fn task_object(task: &Task) -> Value {
    let mut o = Map::new();
    let text = |o: &mut Map<String, Value>, key: &str, value: &str| {
        if !value.is_empty() {
            o.insert(key.into(), Value::String(value.into()));
        }
    };
    text(&mut o, "id", &task.id);
    text(&mut o, "title", &task.title);
    text(&mut o, "project", &task.project);
    o.insert("priority".into(), Value::String(task.priority.to_string()));
    text(&mut o, "category", &task.category);
    let hours = if task.estimated {
        number(task.hours)
    } else {
        Value::Null
    };
    o.insert("hours".into(), hours);
    let strings = |items: Vec<String>| Value::Array(items.into_iter().map(Value::String).collect());
    if !task.depends_on.is_empty() {
        o.insert("depends_on".into(), strings(task.depends_on.clone()));
    }
    if !task.skills.is_empty() {
        let skills = task.skills.iter().map(skill_text).collect();
        o.insert("skills".into(), strings(skills));
    }
    if let Some(owner) = &task.owner {
        text(&mut o, "owner", owner);
    }
    if let Some(due) = task.due {
        text(&mut o, "due", &due.format("%Y-%m-%d").to_string());
    }
    o.insert("status".into(), Value::String(task.status.as_str().into()));
    for (key, value) in [
        ("low", task.low),
        ("high", task.high),
        ("confidence", task.confidence),
    ] {
        if let Some(x) = value {
            o.insert(key.into(), number(x));
        }
    }
    if !task.notes.is_empty() {
        o.insert("notes".into(), strings(task.notes.clone()));
    }
    for column in Column::PROGRESS {
        let value = match progress::value(task, column) {
            None => continue,
            Some(progress::Value::Hours(h)) => number(h),
            Some(other) => Value::String(other.text(num)),
        };
        o.insert(column.name().into(), value);
    }
    for (key, value) in &task.extra {
        if !o.contains_key(key) {
            o.insert(key.clone(), Value::String(value.clone()));
        }
    }
    Value::Object(o)
}

/// Whole numbers as integers (`4`, not `4.0`); others as the shortest
/// decimal that reads back the same.
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        // Exact: a whole number this small fits an i64 without rounding.
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::String(num(x)), Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::scan;
    use crate::backlog::{parse, Format, ReadOptions};
    use crate::model::Backlog;
    use crate::Result;

    fn json(text: &str) -> Result<Backlog> {
        parse(
            "t.json",
            text.as_bytes(),
            Format::Json,
            &ReadOptions::default(),
        )
    }

    #[test]
    fn scan_finds_element_lines_and_member_numbers() {
        let text = "[\n  {\"a\": \"[{,\\\"\", \"n\": 100.33333333333333},\n  {\"b\": [1, {\"c\": 2}], \"x:\": -1e2},\n\n  3\n]";
        let lines: Vec<usize> = scan(text).iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 5]);
        assert_eq!(
            scan(text)[0].numbers,
            [("n".to_string(), "100.33333333333333".to_string())]
        );
        assert_eq!(
            scan(text)[1].numbers,
            [("x:".to_string(), "-1e2".to_string())]
        );
        assert!(scan("[]").is_empty());
    }

    #[test]
    fn reads_fields_lists_and_extras() {
        let b = json(
            r#"[
  {"id": "a", "title": "A", "hours": "90 min", "skills": ["Rust", "sql:2"],
   "depends_on": "b; c", "points": 3, "tags": ["x"], "low": 1, "high": "2h"},
  {"title": "B", "hours": 2.5, "project": "p", "status": "done", "notes": ["one\ntwo"]}
]"#,
        )
        .unwrap();
        let a = &b.tasks[0];
        assert_eq!(a.hours, 1.5);
        assert_eq!(a.depends_on, ["b", "c"]);
        assert_eq!(a.skills.len(), 2);
        assert_eq!((a.low, a.high), (Some(1.0), Some(2.0)));
        assert_eq!(
            a.extra,
            [
                ("points".to_string(), "3".to_string()),
                ("tags".to_string(), "[\"x\"]".to_string())
            ]
        );
        assert_eq!(a.line, 2);
        let t = &b.tasks[1];
        assert_eq!((t.id.as_str(), t.line), ("p/b", 4));
        assert_eq!(t.notes, ["one", "two"]);
        assert_eq!(b.extra_columns, ["points", "tags"]);
    }

    #[test]
    fn errors_point_at_the_object_or_the_syntax() {
        let e = json("[\n  {\"id\": \"a\", \"title\": \"A\", \"hours\": 1},\n  {\"id\": \"b\",\n   \"title\": \"B\", \"hours\": 0}\n]").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json:3: task \"B\": hours \"0\" must be greater than zero"
        );
        let e = json("[\n  {\"id\": \"a\" \"title\": \"A\"}\n]").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json:2:14: not valid JSON: expected `,` or `}`"
        );
        let e = json("{\"id\": \"a\"}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json:1: expected an array of task objects, found an object"
        );
        let e = json("[{\"id\": \"a\", \"title\": \"A\", \"hours\": 1, \"due\": \"soon\"}]")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json:1: task \"A\": due \"soon\" is not a date (YYYY-MM-DD)"
        );
        let e = json("[1]").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json:1: element 1 of the array is a number; expected a task object with id, title and hours"
        );
    }

    #[test]
    fn progress_keys_read_numbers_and_strings_and_write_after_notes() {
        let b = json(
            r#"[{"title": "A", "hours": 6, "id": "a", "zz": "1", "notes": "n", "status": "done",
                 "actual": 7.25, "spent": "90 min", "remaining": 0, "developer": "Ana",
                 "finished": "2026-12-03", "Started": null},
                {"title": "B", "hours": 1, "id": "b", "status": "in progress", "remaining": 1e-1}]"#,
        )
        .unwrap();
        let p = &b.tasks[0].progress;
        assert_eq!(
            (p.remaining, p.spent, p.actual),
            (Some(0.0), Some(1.5), Some(7.25))
        );
        assert_eq!(p.started, None);
        assert_eq!(b.tasks[1].progress.remaining, Some(0.1));
        let mut out = Vec::new();
        super::write(&b, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("[\n  {\n    \"id\": \"a\",\n    \"title\": \"A\",\n    \"priority\": \"MEDIUM\",\n    \"hours\": 6,\n    \"status\": \"done\",\n    \"notes\": [\n      \"n\"\n    ],\n    \"remaining\": 0,\n    \"spent\": 1.5,\n    \"actual\": 7.25,\n    \"developer\": \"Ana\",\n    \"finished\": \"2026-12-03\",\n    \"zz\": \"1\"\n  },"),
            "{text}"
        );
        let e = json(r#"[{"title": "A", "hours": 6, "id": "a", "spent": -1e1}]"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json:1: task \"A\": spent \"-1e1\" is below zero; write 0 or more hours, such as 2h"
        );
        let e =
            json(r#"[{"title": "A", "hours": 6, "id": "a", "started": 20261201}]"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json:1: task \"A\": started \"20261201\" is not a date (YYYY-MM-DD)"
        );
        let e = json(r#"[{"title": "A", "hours": 6, "id": "a", "remaining": true}]"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.json:1: task \"A\": remaining \"true\" is not hours; write hours such as 2h, 2.5 hours or 90 min"
        );
    }

    #[test]
    fn writes_pretty_spec_order_without_empty_fields() {
        let b = json(r#"[{"title": "A", "hours": 2, "id": "x", "zz": "1", "confidence": 0.8, "skills": "rust"}]"#).unwrap();
        let mut out = Vec::new();
        super::write(&b, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[\n  {\n    \"id\": \"x\",\n    \"title\": \"A\",\n    \"priority\": \"MEDIUM\",\n    \"hours\": 2,\n    \"skills\": [\n      \"rust\"\n    ],\n    \"status\": \"open\",\n    \"confidence\": 0.8,\n    \"zz\": \"1\"\n  }\n]\n"
        );
    }
}
