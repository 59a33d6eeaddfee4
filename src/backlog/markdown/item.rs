//! What a sub-bullet under a task says: a field (`key: value`), an extra
//! column (`extra.NAME: value`) or a note.
//!
//! Keys compare case-insensitively, with `_` and `-` read as blanks. Besides
//! SPEC 2.1's keys, a sub-bullet may give the fields a heading or the task
//! line gives (`priority`, `project`, `category`, the estimate as
//! `estimate`/`hours`/`effort`), and common other names of SPEC's fields
//! (`assignee` and `assigned to` for `owner`, `deadline` and `due date` for
//! `due`, `dependencies` for `depends on`). A few keys would be ambiguous as
//! fields (`title`, `low`, `high`): they stay notes, with a warning.

use super::super::Column;

/// A field key of a sub-bullet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Id,
    DependsOn,
    Skills,
    Owner,
    Due,
    Range,
    Confidence,
    Status,
    /// The estimate (`estimate`, `hours`, `effort`), as on the task line.
    Hours,
    /// The priority, as in a `###` heading.
    Priority,
    /// The project, as in a `##` heading.
    Project,
    /// The category, as in a `###` heading.
    Category,
    /// `remaining`, `spent`, `actual`, `developer`, `started`, `finished`.
    Progress(Column),
    /// A key that names a field a sub-bullet cannot set unambiguously
    /// (`title`, `low`, `high`): a note, with a warning saying what to write.
    Unsettable(&'static str),
}

impl Key {
    /// Keys compare case-insensitively, with `_` and `-` read as blanks.
    pub(super) fn find(text: &str) -> Option<Key> {
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        match words.join(" ").as_str() {
            "id" => Some(Key::Id),
            "depends on" | "after" | "blocked by" | "dependencies" => Some(Key::DependsOn),
            "skills" | "skill" => Some(Key::Skills),
            "owner" | "assignee" | "assigned to" => Some(Key::Owner),
            "due" | "due date" | "deadline" => Some(Key::Due),
            "range" => Some(Key::Range),
            "confidence" => Some(Key::Confidence),
            "status" => Some(Key::Status),
            "estimate" | "hours" | "effort" => Some(Key::Hours),
            "priority" => Some(Key::Priority),
            "project" => Some(Key::Project),
            "category" => Some(Key::Category),
            "title" => Some(Key::Unsettable(
                "the title is the bold text of the task line",
            )),
            "low" | "high" => Some(Key::Unsettable(
                "write the P10 and P90 hours as one field, such as `range: 3-6`",
            )),
            key => Column::PROGRESS
                .into_iter()
                .find(|c| c.name() == key)
                .map(Key::Progress),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
    Field(Key, String),
    Extra(String, String),
    Note(String),
}

pub(super) const EXTRA_PREFIX: &str = "extra.";

/// What a sub-bullet's text means.
pub(super) fn classify_item(text: &str) -> Item {
    if let Some(escaped) = text.strip_prefix('\\') {
        return Item::Note(escaped.trim().to_string());
    }
    if let Some(extra) = extra_item(text) {
        return extra;
    }
    if let Some((key, value)) = text.split_once(':') {
        if let Some(k) = Key::find(key) {
            return Item::Field(k, value.trim().to_string());
        }
    }
    Item::Note(text.to_string())
}

/// `extra.NAME: value`, where NAME and value may be JSON strings.
fn extra_item(text: &str) -> Option<Item> {
    let prefix = text.get(..EXTRA_PREFIX.len())?;
    if !prefix.eq_ignore_ascii_case(EXTRA_PREFIX) {
        return None;
    }
    let rest = &text[EXTRA_PREFIX.len()..];
    let (name, value) = match json_prefix(rest) {
        Some((name, after)) => (name, after.trim_start().strip_prefix(':')?),
        None => {
            let (name, value) = rest.split_once(':')?;
            (name.trim().to_string(), value)
        }
    };
    // Trimmed even when quoted: CSV and JSON trim names and values too.
    let name = name.trim().to_string();
    if name.is_empty() {
        return None;
    }
    let value = value.trim();
    let value = match json_prefix(value) {
        Some((decoded, "")) => decoded.trim().to_string(),
        _ => value.to_string(),
    };
    Some(Item::Extra(name, value))
}

/// A JSON string at the start of `text` (after blanks): its value and the
/// text after it.
fn json_prefix(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    if !text.starts_with('"') {
        return None;
    }
    let mut strings = serde_json::Deserializer::from_str(text).into_iter::<String>();
    let value = strings.next()?.ok()?;
    let end = strings.byte_offset();
    Some((value, text.get(end..)?))
}

/// An extra column's name or value as written after `extra.`: as it is, or
/// as a JSON string when the reader would not give it back as it is (it
/// holds a line break or control character, has blanks around it, or
/// starts with a quote).
pub(super) fn quoted_if_needed(text: &str) -> String {
    let plain = !text
        .chars()
        .any(|c| c.is_control() || super::super::breaks_text(c))
        && text.trim() == text
        && !text.starts_with('"');
    if plain {
        text.to_string()
    } else {
        json_string(text)
    }
}

/// `text` as a JSON string literal on one line: besides what JSON must
/// escape, every control character and U+2028/U+2029 is written `\uXXXX`,
/// so no reader of the Markdown file sees a line break in it.
pub(super) fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || super::super::breaks_text(c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
