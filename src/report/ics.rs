//! The plan as calendars (`plan --ics DIR`, SPEC 8.3): one iCalendar file
//! (RFC 5545) per developer, an event per stretch of work, exactly the rows
//! of schedule.csv.
//!
//! Written by hand: it is a few lines per event, and what matters (the
//! escaping, the folding, stable bytes) is easier to hold to here than
//! through a builder. The bytes depend on the plan alone:
//! - `UID`: the task id, the stretch's number within the task and the
//!   developer, percent-encoded and joined (`ID.K.DEVELOPER@sprintcast`),
//!   so a re-plan updates an event rather than adding one, and two stretches
//!   never share one;
//! - `DTSTAMP`: midnight UTC of the plan's first day (the as-of date of a
//!   re-plan, else the calendar's start), not the clock: a later re-plan
//!   stamps its events later;
//! - `DTSTART`/`DTEND`: floating local times (`20261130T090000`, no zone):
//!   the team file names no time zone, so an event shows at the team's
//!   working hours wherever the calendar is opened;
//! - TEXT values escape `\`, `;`, `,` and line breaks; lines are folded at
//!   75 octets (never inside a UTF-8 character) and end in CRLF.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveDateTime};

use crate::plan::{Plan, PlannedTask, WorkStretch};
use crate::text::num;

/// The extension of the files, without the dot.
pub const EXTENSION: &str = "ics";

/// The longest line, in octets without its CRLF (RFC 5545 3.1).
const MAX_LINE: usize = 75;

/// The file name of each developer's calendar, in the order given:
/// `NAME.ics` with every character that is not a letter, digit, `-` or `_`
/// made a `-` (runs collapsed, none at the ends), `developer` when nothing
/// is left; a name that comes out the same as an earlier one (ignoring
/// case, for case-insensitive file systems) gets `-2`, `-3`, ….
pub fn file_names<'a>(developers: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for name in developers {
        let base = safe_stem(name);
        let mut stem = base.clone();
        let mut k = 2;
        while taken.contains(&stem.to_lowercase()) {
            stem = format!("{base}-{k}");
            k += 1;
        }
        taken.push(stem.to_lowercase());
        out.push(format!("{stem}.{EXTENSION}"));
    }
    out
}

/// `name` with only letters, digits, `-` and `_`.
fn safe_stem(name: &str) -> String {
    let mut stem = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    while stem.ends_with('-') {
        stem.pop();
    }
    if stem.is_empty() {
        stem.push_str("developer");
    }
    stem
}

/// Every developer's calendar: (file name, bytes), in the order of
/// `developers` (the team's), a file for each, with no event for a
/// developer without work, so that a re-plan leaves no stale calendar.
pub fn calendars(plan: &Plan, developers: &[&str]) -> Vec<(String, Vec<u8>)> {
    let names = file_names(developers.iter().copied());
    let tasks: HashMap<&str, &PlannedTask> =
        plan.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    // How many stretches each task has, and the number of each.
    let mut parts: HashMap<&str, usize> = HashMap::new();
    for s in &plan.stretches {
        *parts.entry(s.task_id.as_str()).or_default() += 1;
    }
    let stamp = stamp_of(plan);
    developers
        .iter()
        .zip(names)
        .map(|(&developer, name)| {
            let mut ical = Lines::default();
            ical.push("BEGIN:VCALENDAR");
            ical.push("VERSION:2.0");
            ical.push("PRODID:-//sprintcast//sprint plan//EN");
            ical.push("CALSCALE:GREGORIAN");
            ical.push("METHOD:PUBLISH");
            ical.push(&format!(
                "X-WR-CALNAME:{}",
                escape_text(&format!("{developer} (sprintcast)"))
            ));
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for s in &plan.stretches {
                // Numbered over the task's stretches (a task has one
                // developer, so they are all in this file or none is).
                let k = {
                    let n = seen.entry(s.task_id.as_str()).or_default();
                    *n += 1;
                    *n
                };
                if s.developer != developer {
                    continue;
                }
                let of = parts.get(s.task_id.as_str()).copied().unwrap_or(1);
                event(
                    &mut ical,
                    s,
                    k,
                    of,
                    tasks.get(s.task_id.as_str()).copied(),
                    &stamp,
                );
            }
            ical.push("END:VCALENDAR");
            (name, ical.text.into_bytes())
        })
        .collect()
}

/// One VEVENT: the `k`-th of the task's `of` stretches.
fn event(
    ical: &mut Lines,
    s: &WorkStretch,
    k: usize,
    of: usize,
    task: Option<&PlannedTask>,
    stamp: &str,
) {
    ical.push("BEGIN:VEVENT");
    ical.push(&format!(
        "UID:{}.{k}.{}@sprintcast",
        encode(&s.task_id),
        encode(&s.developer)
    ));
    ical.push(&format!("DTSTAMP:{stamp}"));
    ical.push(&format!("DTSTART:{}", local(&s.start)));
    ical.push(&format!("DTEND:{}", local(&s.end)));
    let title = task.map_or(s.task_id.as_str(), |t| t.title.as_str());
    ical.push(&format!("SUMMARY:{}", escape_text(title)));
    let mut about = format!("id: {}\n", s.task_id);
    if let Some(t) = task {
        if !t.project.is_empty() {
            let _ = writeln!(about, "project: {}", t.project);
        }
        let _ = writeln!(about, "priority: {}", t.priority);
        let _ = writeln!(about, "hours: {}", num(t.hours, 4));
    }
    let _ = writeln!(
        about,
        "this stretch: {} h (part {k} of {of})",
        num(s.hours, 4)
    );
    let _ = write!(about, "sprint: {}", s.sprint);
    ical.push(&format!("DESCRIPTION:{}", escape_text(&about)));
    ical.push("END:VEVENT");
}

/// The DTSTAMP of every event: midnight UTC of the plan's first day.
fn stamp_of(plan: &Plan) -> String {
    let first: Option<NaiveDate> = plan
        .as_of
        .or_else(|| plan.sprints.first().map(|s| s.1))
        .or_else(|| plan.stretches.iter().map(|s| s.start.date()).min());
    let day = first.unwrap_or_default();
    format!("{}T000000Z", day.format("%Y%m%d"))
}

/// A floating local DATE-TIME (RFC 5545 3.3.5, form 1).
fn local(t: &NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// `text` as an RFC 5545 TEXT value: `\`, `;` and `,` backslash-escaped,
/// a line break (`\r\n`, `\n` or `\r`) written `\n`, any other control
/// character but tab (not allowed in TEXT) a blank.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` percent-encoded but for ASCII letters, digits, `-` and `_`, so
/// that a UID's parts cannot run into each other.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Content lines, folded and ended with CRLF as they are added.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    /// Adds one content line, folded at [`MAX_LINE`] octets: each
    /// continuation starts with a blank (RFC 5545 3.1), and no UTF-8
    /// character is cut.
    fn push(&mut self, line: &str) {
        let mut room = MAX_LINE;
        let mut used = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if used + len > room {
                self.text.push_str("\r\n ");
                // The blank takes one octet of the next line.
                room = MAX_LINE - 1;
                used = 0;
            }
            self.text.push(c);
            used += len;
        }
        self.text.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_rfc_5545_says() {
        assert_eq!(escape_text(r"a,b;c\d"), r"a\,b\;c\\d");
        assert_eq!(
            escape_text("one\ntwo\r\nthree\rfour"),
            r"one\ntwo\nthree\nfour"
        );
        assert_eq!(escape_text("bell\u{7}"), "bell ");
        assert_eq!(escape_text("Zoë: fine"), "Zoë: fine");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_cutting_a_character() {
        let mut lines = Lines::default();
        let value = "é".repeat(100);
        lines.push(&format!("SUMMARY:{value}"));
        let physical: Vec<&str> = lines.text.split("\r\n").collect();
        assert_eq!(physical.last(), Some(&""));
        for line in &physical {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // "SUMMARY:" is 8 octets, then 33 two-octet characters fill 74.
        assert_eq!(physical[0].len(), 74);
        assert!(physical[1].starts_with(' '));
        let unfolded: String = lines.text.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}\r\n"));
    }

    #[test]
    fn a_line_of_exactly_75_octets_is_not_folded() {
        let mut lines = Lines::default();
        lines.push(&"x".repeat(75));
        assert_eq!(lines.text, format!("{}\r\n", "x".repeat(75)));
        let mut lines = Lines::default();
        lines.push(&"x".repeat(76));
        assert_eq!(lines.text, format!("{}\r\n x\r\n", "x".repeat(75)));
    }

    #[test]
    fn file_names_are_safe_and_distinct() {
        assert_eq!(
            file_names([
                "Jonathan",
                "Ana María",
                "../etc",
                "a/b",
                "A-B",
                "???",
                "José"
            ]),
            [
                "Jonathan.ics",
                "Ana-María.ics",
                "etc.ics",
                "a-b.ics",
                "A-B-2.ics",
                "developer.ics",
                "José.ics"
            ]
        );
    }

    #[test]
    fn uid_parts_cannot_run_together() {
        assert_eq!(encode("web/fix login.2"), "web%2Ffix%20login%2E2");
        assert_eq!(encode("Zoë"), "Zo%C3%AB");
    }
}
