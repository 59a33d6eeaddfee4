//! Reading TOML files with spans: the layer the team file
//! ([`crate::team_file`]) and the scenario file ([`crate::scenario`]) share.
//!
//! A [`Reader`] turns byte spans into `FILE:LINE` locations and one-line
//! errors; a [`Survey`] of a parsed table finds unknown keys (with a "did you
//! mean" from the keys [`TableKeys`] lists) and records where every known
//! key's value is, so a serde type error can name its key; [`List`] reads a
//! value written alone or as a list, keeping each item's span. Values every
//! file has (names, strings, dates) are read here; what a value means to a
//! team or a scenario is read by those modules.

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use toml::de::DeTable;
use toml::{Spanned, Value};

use crate::error::{closest, Error, Location, Problem};
use crate::text::shorten;
use crate::Result;

/// The keys valid in one kind of table.
pub(crate) struct TableKeys {
    pub(crate) valid: &'static [&'static str],
    /// How the keys are named in messages (`when.` for the `when` table).
    pub(crate) prefix: &'static str,
    /// Whether `urgent` is the same key as `URGENT`.
    pub(crate) any_case: bool,
}

/// A value written alone or as a list: `"a"`, `["a", "b"]`, `2026-12-25`.
///
/// A hand-written visitor rather than `#[serde(untagged)]`, which would
/// buffer the value and lose the spans of the list's items.
#[derive(Clone)]
pub(crate) enum List {
    /// A value written alone.
    One(Value),
    /// A list, each item with its span.
    Many(Vec<Spanned<Value>>),
}

impl List {
    /// The items with their spans; a lone value gets the span of the field.
    pub(crate) fn items(field: &Spanned<List>) -> Vec<Spanned<Value>> {
        match field.get_ref() {
            List::One(v) => vec![Spanned::new(field.span(), v.clone())],
            List::Many(items) => items.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for List {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor)
    }
}

struct ListVisitor;

impl<'de> Visitor<'de> for ListVisitor {
    type Value = List;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(item);
        }
        Ok(List::Many(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<List, A::Error> {
        // TOML dates and times reach serde as one-entry maps; `Value` knows them.
        Value::deserialize(de::value::MapAccessDeserializer::new(map)).map(List::One)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<List, E> {
        Ok(List::One(Value::String(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<List, E> {
        Ok(List::One(Value::String(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<List, E> {
        Ok(List::One(Value::Integer(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<List, E> {
        Ok(List::One(Value::Float(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<List, E> {
        Ok(List::One(Value::Boolean(v)))
    }
}

/// The source name and text, to turn byte spans into locations and values.
pub(crate) struct Reader<'a> {
    pub(crate) source: &'a str,
    pub(crate) text: &'a str,
}

/// The span of every known key's value, with the key's name for messages
/// (`hours_per_day`, `when.title`): serde's type errors carry only a span.
pub(crate) type FieldSpans = Vec<(Range<usize>, String)>;

/// What the survey found: the spans of known keys, and problems with the
/// offset they start at.
#[derive(Default)]
pub(crate) struct Survey {
    pub(crate) fields: FieldSpans,
    pub(crate) problems: Vec<(usize, Error)>,
}

impl Survey {
    pub(crate) fn problem(&mut self, span: &Range<usize>, error: Error) {
        self.problems.push((span.start, error));
    }
}

impl Reader<'_> {
    pub(crate) fn at(&self, span: &Range<usize>) -> Location {
        Location::new(self.source, line_of(self.text.as_bytes(), span.start))
    }

    pub(crate) fn error(&self, span: &Range<usize>, problem: Problem) -> Error {
        Error::input(self.at(span), one_line_problem(problem))
    }

    pub(crate) fn bad_value(
        &self,
        span: &Range<usize>,
        field: &str,
        value: impl Into<String>,
        expected: impl Into<String>,
    ) -> Error {
        self.error(
            span,
            Problem::BadValue {
                field: field.to_string(),
                value: value.into(),
                expected: expected.into(),
            },
        )
    }

    /// Fails when `name` is already the name of an earlier `kind` (a
    /// developer, a rule, a scenario); `earlier` gives each earlier name
    /// with its line. Names are case-insensitive.
    pub(crate) fn unique_name<'n>(
        &self,
        span: &Range<usize>,
        kind: &str,
        name: &str,
        mut earlier: impl Iterator<Item = (&'n str, usize)>,
    ) -> Result<()> {
        let lower = name.to_lowercase();
        match earlier.find(|(other, _)| other.to_lowercase() == lower) {
            Some((_, line)) => Err(self.bad_value(
                span,
                "name",
                name,
                format!(
                    "is already the name of the {kind} on line {line} (names are case-insensitive)"
                ),
            )),
            None => Ok(()),
        }
    }

    /// The text of a span as written, on one line, without the quotes of a
    /// plain string, shortened when long.
    pub(crate) fn written(&self, span: &Range<usize>) -> String {
        let raw = self.text.get(span.clone()).unwrap_or_default();
        let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let unquoted = ['"', '\'']
            .iter()
            .find_map(|q| {
                one_line
                    .strip_prefix(*q)
                    .and_then(|s| s.strip_suffix(*q))
                    .filter(|s| !s.contains(*q))
            })
            .unwrap_or(&one_line);
        shorten(unquoted, 60)
    }

    /// A TOML syntax error, at its line and column, on one line.
    pub(crate) fn syntax(&self, e: &toml::de::Error) -> Error {
        let mut message = e.message().lines().next().unwrap_or_default().to_string();
        let mut at = Location::new(self.source, 0);
        if let Some(span) = e.span() {
            at = self.at(&span).with_column(column_of(self.text, span.start));
            if message == "duplicate key" {
                message = format!("duplicate key \"{}\"", self.written(&span));
            }
        }
        Error::input(
            at,
            Problem::Syntax {
                message: format!("TOML syntax error: {message}"),
            },
        )
    }

    /// A serde error: a value of the wrong type for its key.
    pub(crate) fn wrong_type(&self, e: &toml::de::Error, fields: &FieldSpans) -> Error {
        let message = e.message().lines().next().unwrap_or_default();
        let Some(span) = e.span() else {
            return Error::input(
                Location::new(self.source, 0),
                Problem::Syntax {
                    message: message.to_string(),
                },
            );
        };
        let field = fields
            .iter()
            .filter(|(s, _)| s.start <= span.start && span.end <= s.end)
            .min_by_key(|(s, _)| s.end - s.start)
            .map(|(_, name)| name.as_str());
        let expected = message
            .strip_prefix("invalid type: ")
            .or_else(|| message.strip_prefix("invalid value: "))
            .and_then(|m| m.rsplit_once(", expected "))
            .map(|(_, expected)| friendly_type(expected));
        match (field, expected) {
            (Some(field), Some(expected)) => self.bad_value(
                &span,
                field,
                self.written(&span),
                format!("must be {expected}"),
            ),
            (Some(field), None) => self.error(
                &span,
                Problem::Syntax {
                    message: format!("{field}: {message}"),
                },
            ),
            (None, _) => self.error(
                &span,
                Problem::Syntax {
                    message: message.to_string(),
                },
            ),
        }
    }

    /// Records the known keys of one table and reports the unknown ones.
    pub(crate) fn check_keys(&self, table: &DeTable<'_>, keys: &TableKeys, survey: &mut Survey) {
        let prefix = keys.prefix;
        for (key, value) in table {
            let name: &str = key.get_ref();
            let known = keys
                .valid
                .iter()
                .any(|v| *v == name || (keys.any_case && v.eq_ignore_ascii_case(name)));
            if known {
                survey
                    .fields
                    .push((value.span(), format!("{prefix}{name}")));
            } else {
                let problem = Problem::UnknownKey {
                    key: format!("{prefix}{name}"),
                    suggestions: closest(name, keys.valid.iter().copied())
                        .into_iter()
                        .map(|s| format!("{prefix}{s}"))
                        .collect(),
                };
                survey.problem(&key.span(), self.error(&key.span(), problem));
            }
        }
    }

    pub(crate) fn shape(&self, span: &Range<usize>, message: String) -> Error {
        self.error(span, Problem::Syntax { message })
    }

    /// The `name` of a developer or rule: present and not blank.
    pub(crate) fn name(
        &self,
        name: Option<&Spanned<String>>,
        table: &Range<usize>,
        what: &str,
    ) -> Result<String> {
        let Some(name) = name else {
            return Err(self.error(
                table,
                Problem::Syntax {
                    message: format!("[[{what}]] has no name; add name = \"...\""),
                },
            ));
        };
        let trimmed = name.get_ref().trim();
        if trimmed.is_empty() {
            return Err(self.bad_value(
                &name.span(),
                "name",
                name.get_ref().clone(),
                "must not be empty",
            ));
        }
        Ok(trimmed.to_string())
    }

    /// An item that must be a string.
    pub(crate) fn string<'v>(&self, item: &'v Spanned<Value>, field: &str) -> Result<&'v str> {
        item.get_ref().as_str().ok_or_else(|| {
            self.bad_value(
                &item.span(),
                field,
                self.written(&item.span()),
                "must be a string",
            )
        })
    }

    /// A date written as a string or as a TOML date.
    pub(crate) fn date(
        &self,
        value: &Value,
        span: &Range<usize>,
        field: &str,
    ) -> Result<NaiveDate> {
        let text = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Datetime(dt) => dt.to_string(),
            _ => self.written(span),
        };
        NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
            self.error(
                span,
                Problem::BadDate {
                    field: field.to_string(),
                    value: text.clone(),
                    expected: "date (YYYY-MM-DD)".to_string(),
                },
            )
        })
    }
}

/// The problem with every value it quotes on one line: a TOML multi-line
/// string or a quoted key may hold a newline, and messages are one line.
pub(crate) fn one_line_problem(problem: Problem) -> Problem {
    match problem {
        Problem::UnknownKey { key, suggestions } => Problem::UnknownKey {
            key: one_line(&key),
            suggestions,
        },
        Problem::BadDate {
            field,
            value,
            expected,
        } => Problem::BadDate {
            field: one_line(&field),
            value: one_line(&value),
            expected,
        },
        Problem::BadValue {
            field,
            value,
            expected,
        } => Problem::BadValue {
            field: one_line(&field),
            value: one_line(&value),
            expected: one_line(&expected),
        },
        Problem::UnknownDeveloper {
            context,
            name,
            suggestions,
        } => Problem::UnknownDeveloper {
            context: one_line(&context),
            name: one_line(&name),
            suggestions,
        },
        Problem::BadRegex {
            rule,
            pattern,
            reason,
        } => Problem::BadRegex {
            rule: one_line(&rule),
            pattern: one_line(&pattern),
            reason: one_line(&reason),
        },
        Problem::Syntax { message } => Problem::Syntax {
            message: one_line(&message),
        },
        other => other,
    }
}

/// Control characters (newlines, tabs) escaped as `\n`, `\t`.
pub(crate) fn one_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// serde's name for an expected type, in a team lead's words.
fn friendly_type(expected: &str) -> String {
    match expected {
        "f64" | "f32" => "a number".to_string(),
        "i64" | "i32" | "u32" | "u64" | "usize" => "a whole number".to_string(),
        "a sequence" => "a list".to_string(),
        "a map" => "a table".to_string(),
        e if e.starts_with("struct ") => "a table".to_string(),
        e => e.to_string(),
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> usize {
    let end = offset.min(bytes.len());
    bytes[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// 1-based column (in characters) of a byte offset.
fn column_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    let start = text.as_bytes()[..end]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    match text.get(start..end) {
        Some(s) => s.chars().count() + 1,
        None => end - start + 1,
    }
}

/// A number as a person would write it: `8`, `7.5`, `26.67`.
pub(crate) fn fmt_number(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    let s = format!("{rounded:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(column_of("ab\ncé d", 6), 3);
        assert_eq!(line_of(b"a\nb\nc", 4), 3);
        assert_eq!(fmt_number(26.666), "26.67");
        assert_eq!(fmt_number(8.0), "8");
    }
}
