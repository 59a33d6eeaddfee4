//! The independent plan validator: checks the files a plan wrote (`plan.csv`
//! and `schedule.csv`, SPEC section 5) against the backlog and the team, per
//! SPEC section 4, and recomputes the objective a plan claims from those files
//! alone.
//!
//! It is the oracle of the property tests, so it is written from SPEC only and
//! shares no code with the calendar, the optimizer or the schedule: its date and
//! time arithmetic is its own. It reads the backlog and team as the rest of the
//! crate does (the model, [`crate::eligibility`] for who may take a task and
//! [`crate::graph`] for resolved dependencies), since those interpret the input,
//! not the plan.
//!
//! Choices where SPEC is silent:
//! - A developer's daily capacity is `weekly_hours / len(workdays) × focus`
//!   (their own workdays when they have some, else the team's), as
//!   written, even when it exceeds `hours_per_day` (someone on 50 h over five
//!   days may work 10 h a day); the window of a working day is
//!   `[day_start, day_start + capacity]`, with one minute of slack at its end for
//!   rounding to whole minutes. A window that runs past midnight belongs to the
//!   day it started on. Time off as part of a day (hour ranges and half days,
//!   `[start, end)`) takes its overlap out of the window: no work inside it,
//!   and a day's work adds up to at most what is left.
//! - No work before the plan start: `calendar.start`, or the as-of date of a
//!   re-plan (SPEC 7.2). An in-progress task stays with its developer (even
//!   against rules and skills), no open task of theirs comes before it, the
//!   first of them starts at their first working time from the plan start,
//!   and its stretches sum to its remaining hours.
//! - Overlaps and dependencies are checked without slack: a stretch may start at
//!   the minute another one ends, not a minute earlier.
//! - The times of a task come from its stretches in `schedule.csv`; `plan.csv`'s
//!   start and finish must equal them. A task without stretches falls back to
//!   its `plan.csv` times for the dependency check.
//! - Developer names match the team case-insensitively (as [`Team::developer`]);
//!   ids match the backlog exactly; `priority` matches case-insensitively;
//!   title, project and category must be exactly the backlog's.
//! - Numbers are plain decimals (`-`, digits, optionally `.` and digits): no
//!   comma, exponent, `inf` or `nan`. Sprint numbers are integers.
//! - Both files may have extra columns after the SPEC ones.
//! - [`finish_business_hours`] counts nothing for a finish on a day that is not
//!   a team business day, or before the plan start, beyond the whole business
//!   days before it.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use crate::eligibility;
use crate::graph::TaskGraph;
use crate::model::{Backlog, Priority, Task};
use crate::team::{Calendar, Developer, Team};

/// The columns `plan.csv` starts with (SPEC section 5).
pub const PLAN_COLUMNS: [&str; 11] = [
    "id",
    "title",
    "project",
    "priority",
    "category",
    "hours",
    "developer",
    "start",
    "finish",
    "start_sprint",
    "finish_sprint",
];

/// The columns of `schedule.csv` (SPEC section 5).
pub const SCHEDULE_COLUMNS: [&str; 5] = ["task_id", "developer", "start", "end", "hours"];

/// How date-times are written (SPEC section 5).
const DATETIME_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// Allowed difference between a number of hours and what it should be.
const HOURS_TOLERANCE: f64 = 0.01;
/// Allowed difference between the sum of a task's stretches and its estimate.
const SUM_TOLERANCE: f64 = 0.02;
/// Minutes a stretch may run past the end of its day's capacity (rounding).
const CAPACITY_SLACK_MINUTES: i64 = 1;

/// One broken rule, in a sentence that names the task/developer/time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation(pub String);

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks the files a plan wrote (the text of plan.csv and schedule.csv, SPEC
/// section 5) against the backlog and team, per SPEC section 4. Returns every
/// violation found (empty = valid).
///
/// Malformed text never panics: it is reported as a violation, and whatever
/// can still be checked is.
pub fn validate(
    backlog: &Backlog,
    team: &Team,
    plan_csv: &str,
    schedule_csv: &str,
) -> Vec<Violation> {
    let mut ids = HashMap::with_capacity(backlog.tasks.len());
    for (i, t) in backlog.tasks.iter().enumerate() {
        ids.entry(t.id.as_str()).or_insert(i);
    }
    let mut v = Validator {
        backlog,
        team,
        ids,
        out: Vec::new(),
    };
    let plan_rows = read_table("plan.csv", plan_csv, &PLAN_COLUMNS, &mut v.out);
    let schedule_rows = read_table("schedule.csv", schedule_csv, &SCHEDULE_COLUMNS, &mut v.out);
    let planned = match &plan_rows {
        Some(rows) => v.check_plan(rows),
        None => BTreeMap::new(),
    };
    let stretches = match &schedule_rows {
        Some(rows) => v.check_schedule(rows, &planned),
        None => Vec::new(),
    };
    if schedule_rows.is_some() {
        v.check_tasks(&planned, &stretches);
        v.check_overlaps(&stretches);
        v.check_daily_load(&stretches);
    }
    v.check_dependencies(&planned, &stretches);
    v.check_in_progress(&planned, &stretches);
    v.out
}

/// [`validate`] for a partial plan (SPEC 9.3): the tasks `unplanned` names
/// (summary.json's list) are left out; each must be an open task of the
/// backlog, and no planned task may depend on one (it could never start).
pub fn validate_partial(
    backlog: &Backlog,
    team: &Team,
    plan_csv: &str,
    schedule_csv: &str,
    unplanned: &[String],
) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut rest = backlog.clone();
    let mut left_out = vec![false; backlog.tasks.len()];
    for id in unplanned {
        match rest.tasks.iter().position(|t| &t.id == id) {
            Some(i) if rest.tasks[i].is_open() => {
                left_out[i] = true;
                rest.tasks[i].status = crate::model::Status::Done;
            }
            _ => out.push(Violation(format!(
                "summary.json: unplanned task \"{id}\" is not an open task of the backlog"
            ))),
        }
    }
    let index: HashMap<&str, usize> = backlog
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    for (i, t) in backlog.tasks.iter().enumerate() {
        // Started work no longer waits on anything (SPEC 7).
        if !t.is_open() || t.is_in_progress() || left_out[i] {
            continue;
        }
        for dep in &t.depends_on {
            let on = index
                .get(dep.as_str())
                .copied()
                .or_else(|| backlog.tasks.iter().position(|q| &q.title == dep));
            if on.is_some_and(|q| left_out[q]) {
                out.push(Violation(format!(
                    "plan.csv: task \"{}\" is planned but depends on \"{dep}\", which is not",
                    t.id
                )));
            }
        }
    }
    out.extend(validate(&rest, team, plan_csv, schedule_csv));
    out
}

/// A finish measured in team business hours from the plan start (SPEC 4.3):
/// `hours_per_day` for every business day (a workday that is not a holiday)
/// from the plan start (`calendar.start`, or the as-of date) up to the day before the finish's date, plus the hours
/// from `day_start` to the finish time on the finish's day when that is a
/// business day, capped at `hours_per_day`.
pub fn finish_business_hours(team: &Team, finish: NaiveDateTime) -> f64 {
    let cal = &team.calendar;
    let day = finish.date();
    let start = cal.plan_start();
    let whole = business_days_between(cal, start, day) as f64 * cal.hours_per_day;
    let partial = if day >= start && is_business_day(cal, day) {
        let since = (finish - day.and_time(cal.day_start)).num_seconds() as f64 / 3600.0;
        since.clamp(0.0, cal.hours_per_day.max(0.0))
    } else {
        0.0
    };
    whole + partial
}

/// The `weighted` objective of a plan, from its `plan.csv` alone:
/// Σ weight(priority) × [`finish_business_hours`] over its rows, with each
/// task's priority taken from the backlog. None when the file cannot be read,
/// a row names no task of the backlog or a finish is not a date-time.
pub fn weighted_objective(backlog: &Backlog, team: &Team, plan_csv: &str) -> Option<f64> {
    let finishes = plan_finishes(backlog, plan_csv)?;
    Some(
        finishes
            .iter()
            .map(|&(p, f)| team.weights.of(p) * finish_business_hours(team, f))
            .sum(),
    )
}

/// The `makespan` objective of a plan, from its `plan.csv` alone: the latest
/// finish in business hours (0 for an empty plan). None as for
/// [`weighted_objective`].
pub fn makespan_objective(backlog: &Backlog, team: &Team, plan_csv: &str) -> Option<f64> {
    let finishes = plan_finishes(backlog, plan_csv)?;
    Some(
        finishes
            .iter()
            .map(|&(_, f)| finish_business_hours(team, f))
            .fold(0.0, f64::max),
    )
}

// ---------------------------------------------------------------------------
// Reading the files

/// A data row of a CSV file, with the line it starts on.
struct Row {
    line: u64,
    fields: csv::StringRecord,
}

impl Row {
    fn get(&self, column: usize) -> &str {
        self.fields.get(column).unwrap_or("")
    }
}

/// The data rows of a CSV file whose header starts with `columns`; None (and
/// a violation) when the header is wrong. Rows with the wrong number of fields
/// are reported and left out.
fn read_table(
    name: &str,
    text: &str,
    columns: &[&str],
    out: &mut Vec<Violation>,
) -> Option<Vec<Row>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            out.push(Violation(format!("{name}: the header cannot be read: {e}")));
            return None;
        }
    };
    let got: Vec<&str> = headers.iter().collect();
    if got.len() < columns.len() || got[..columns.len()] != *columns {
        out.push(Violation(format!(
            "{name}: the header is \"{}\", but it must start with \"{}\"",
            got.join(","),
            columns.join(",")
        )));
        return None;
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(fields) => {
                let line = fields.position().map_or(0, |p| p.line());
                if fields.len() != got.len() {
                    out.push(Violation(format!(
                        "{name} line {line}: the row has {} fields, the header {}",
                        fields.len(),
                        got.len()
                    )));
                    continue;
                }
                rows.push(Row { line, fields });
            }
            Err(e) => {
                out.push(Violation(format!("{name}: malformed CSV: {e}")));
                break;
            }
        }
    }
    Some(rows)
}

/// A `YYYY-MM-DDTHH:MM` date-time, written exactly so.
fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let dt = NaiveDateTime::parse_from_str(text, DATETIME_FORMAT).ok()?;
    (dt.format(DATETIME_FORMAT).to_string() == text).then_some(dt)
}

/// A plain decimal number: `-`, digits, optionally `.` and digits.
fn parse_number(text: &str) -> Option<f64> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    text.parse().ok()
}

/// An integer: `-` and digits.
fn parse_integer(text: &str) -> Option<i64> {
    let body = text.strip_prefix('-').unwrap_or(text);
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Why a field is not a number, for messages.
fn not_a_number(text: &str) -> String {
    if text.contains(',') {
        format!("\"{text}\" is not a number (the decimal separator must be '.')")
    } else {
        format!("\"{text}\" is not a number")
    }
}

/// Priority and finish of every row of a plan.csv, or None.
fn plan_finishes(backlog: &Backlog, plan_csv: &str) -> Option<Vec<(Priority, NaiveDateTime)>> {
    let mut problems = Vec::new();
    let rows = read_table("plan.csv", plan_csv, &PLAN_COLUMNS, &mut problems)?;
    if !problems.is_empty() {
        return None;
    }
    rows.iter()
        .map(|row| {
            let task = backlog.tasks.iter().find(|t| t.id == row.get(0))?;
            Some((task.priority, parse_datetime(row.get(8))?))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Calendar arithmetic (independent of crate::calendar on purpose)

/// A workday of the team that is not a holiday.
fn is_business_day(cal: &Calendar, day: NaiveDate) -> bool {
    cal.workdays.contains(&day.weekday()) && !cal.holidays.contains(&day)
}

/// Business days in `[from, to)`.
fn business_days_between(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> i64 {
    let days = (to - from).num_days();
    if days <= 0 {
        return 0;
    }
    let mut workdays: Vec<Weekday> = cal.workdays.clone();
    workdays.sort_by_key(|w| w.num_days_from_monday());
    workdays.dedup();
    let weeks = days / 7;
    let mut count = weeks * workdays.len() as i64;
    for k in weeks * 7..days {
        if let Some(d) = from.checked_add_signed(Duration::days(k)) {
            if workdays.contains(&d.weekday()) {
                count += 1;
            }
        }
    }
    let holidays = cal
        .holidays
        .range(from..to)
        .filter(|h| workdays.contains(&h.weekday()))
        .count() as i64;
    count - holidays
}

/// A developer's working hours on a working day: weekly_hours / len(their
/// workdays) × focus (their own workdays, or the team's).
fn daily_capacity(cal: &Calendar, dev: &Developer) -> f64 {
    let days = dev.workdays(cal).len();
    if days == 0 {
        return 0.0;
    }
    let cap = dev.weekly_hours / days as f64 * dev.focus;
    if cap.is_finite() && cap > 0.0 {
        cap
    } else {
        0.0
    }
}

/// The sprint (1-based) a date falls in (SPEC 4.4); 0 or less before the start.
fn sprint_of(cal: &Calendar, day: NaiveDate) -> i64 {
    let length = 7 * i64::from(cal.sprint_weeks.max(1));
    (day - cal.start).num_days().div_euclid(length) + 1
}

/// `t + d`, saturating at the end of time (absurd capacities must not panic).
fn plus(t: NaiveDateTime, d: Duration) -> NaiveDateTime {
    t.checked_add_signed(d).unwrap_or(NaiveDateTime::MAX)
}

fn weekday_name(day: NaiveDate) -> &'static str {
    match day.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

// ---------------------------------------------------------------------------
// The checks

/// What plan.csv says about one open task.
struct Planned {
    line: u64,
    developer: Option<usize>,
    start: Option<NaiveDateTime>,
    finish: Option<NaiveDateTime>,
}

/// One well-formed row of schedule.csv.
struct Stretch {
    line: u64,
    task: usize,
    developer: usize,
    start: NaiveDateTime,
    end: NaiveDateTime,
    hours: f64,
}

struct Validator<'a> {
    backlog: &'a Backlog,
    team: &'a Team,
    /// Backlog index of each id (the first, should ids repeat): a lookup per
    /// row, so 100,000-task plans validate in linear time.
    ids: HashMap<&'a str, usize>,
    out: Vec<Violation>,
}

fn label(task: &Task) -> String {
    format!("task \"{}\" ({})", task.title, task.id)
}

fn fmt_time(t: NaiveDateTime) -> String {
    t.format(DATETIME_FORMAT).to_string()
}

/// Hours with at most two decimals, trailing zeros dropped.
fn fmt_hours(h: f64) -> String {
    let s = format!("{h:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

impl Validator<'_> {
    fn push(&mut self, message: String) {
        self.out.push(Violation(message));
    }

    /// The backlog task with this exact id (the first, should ids repeat).
    fn task_index(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// Checks plan.csv row by row, then that every open task has a row and
    /// that rows follow backlog order. Returns what it says of each open task.
    fn check_plan(&mut self, rows: &[Row]) -> BTreeMap<usize, Planned> {
        let mut planned: BTreeMap<usize, Planned> = BTreeMap::new();
        let mut order: Vec<(usize, u64)> = Vec::new();
        for row in rows {
            let at = format!("plan.csv line {}", row.line);
            let id = row.get(0);
            let Some(ti) = self.task_index(id) else {
                self.push(format!("{at}: id \"{id}\" names no task of the backlog"));
                continue;
            };
            let task = &self.backlog.tasks[ti];
            let this = label(task);
            if !task.is_open() {
                self.push(format!("{at}: {this} is done and must not be planned"));
                continue;
            }
            if let Some(first) = planned.get(&ti) {
                let first = first.line;
                self.push(format!(
                    "{at}: {this} is planned twice (first on line {first})"
                ));
                continue;
            }
            order.push((ti, row.line));
            self.check_plan_fields(&at, task, row);
            let developer = self.check_plan_developer(&at, task, row.get(6));
            let start = self.plan_datetime(&at, &this, "start", row.get(7));
            let finish = self.plan_datetime(&at, &this, "finish", row.get(8));
            if let Some(start) = start {
                self.check_sprint(&at, &this, "start_sprint", "start", start, row.get(9));
            }
            if let Some(finish) = finish {
                self.check_sprint(&at, &this, "finish_sprint", "finish", finish, row.get(10));
            }
            planned.insert(
                ti,
                Planned {
                    line: row.line,
                    developer,
                    start,
                    finish,
                },
            );
        }
        let missing: Vec<String> = self
            .backlog
            .tasks
            .iter()
            .enumerate()
            .filter(|(i, t)| t.is_open() && !planned.contains_key(i))
            .map(|(_, t)| format!("plan.csv: open {} is missing", label(t)))
            .collect();
        for m in missing {
            self.push(m);
        }
        if let Some(w) = order.windows(2).find(|w| w[0].0 > w[1].0) {
            let (before, after) = (&self.backlog.tasks[w[0].0], &self.backlog.tasks[w[1].0]);
            self.push(format!(
                "plan.csv line {}: {} comes after {}, but the backlog has them the other way round (rows must follow backlog order)",
                w[1].1,
                label(after),
                label(before)
            ));
        }
        planned
    }

    /// title, project, priority, category and hours as in the backlog.
    fn check_plan_fields(&mut self, at: &str, task: &Task, row: &Row) {
        let this = label(task);
        for (column, expected) in [
            (1, task.title.as_str()),
            (2, task.project.as_str()),
            (4, task.category.as_str()),
        ] {
            if row.get(column) != expected {
                self.push(format!(
                    "{at}: {this}: {} is \"{}\", the backlog says \"{expected}\"",
                    PLAN_COLUMNS[column],
                    row.get(column)
                ));
            }
        }
        if row.get(3).parse::<Priority>() != Ok(task.priority) {
            self.push(format!(
                "{at}: {this}: priority is \"{}\", the backlog says {}",
                row.get(3),
                task.priority
            ));
        }
        match parse_number(row.get(5)) {
            None => self.push(format!("{at}: {this}: hours {}", not_a_number(row.get(5)))),
            Some(h) if (h - task.hours).abs() > HOURS_TOLERANCE => self.push(format!(
                "{at}: {this}: hours is {}, the backlog says {}",
                row.get(5),
                fmt_hours(task.hours)
            )),
            Some(_) => {}
        }
    }

    /// The developer of a plan row: a team member allowed to take the task.
    fn check_plan_developer(&mut self, at: &str, task: &Task, name: &str) -> Option<usize> {
        let this = label(task);
        let Some(d) = self.team.developer_index(name) else {
            self.push(format!(
                "{at}: {this} is assigned to \"{name}\", who is not a member of the team"
            ));
            return None;
        };
        let on_it = task.is_in_progress()
            && task
                .progress
                .developer
                .as_deref()
                .and_then(|n| self.team.developer_index(n))
                == Some(d);
        let allowed = eligibility::allowed(task, self.team);
        if !on_it && !allowed.developers.contains(&d) {
            let who = if allowed.developers.is_empty() {
                "nobody may".to_string()
            } else {
                let names: Vec<&str> = allowed
                    .developers
                    .iter()
                    .filter_map(|&i| self.team.developers.get(i))
                    .map(|dev| dev.name.as_str())
                    .collect();
                format!("allowed: {}", names.join(", "))
            };
            self.push(format!(
                "{at}: {this} is assigned to {}, who may not take it ({who})",
                self.team.developers[d].name
            ));
        }
        Some(d)
    }

    fn plan_datetime(
        &mut self,
        at: &str,
        this: &str,
        column: &str,
        text: &str,
    ) -> Option<NaiveDateTime> {
        let parsed = parse_datetime(text);
        if parsed.is_none() {
            self.push(format!(
                "{at}: {this}: {column} \"{text}\" is not a date-time YYYY-MM-DDTHH:MM"
            ));
        }
        parsed
    }

    fn check_sprint(
        &mut self,
        at: &str,
        this: &str,
        column: &str,
        what: &str,
        when: NaiveDateTime,
        text: &str,
    ) {
        let expected = sprint_of(&self.team.calendar, when.date());
        match parse_integer(text) {
            Some(k) if k == expected => {}
            Some(_) => self.push(format!(
                "{at}: {this}: {column} is {text}, but its {what} {} falls in sprint {expected}",
                fmt_time(when)
            )),
            None => self.push(format!(
                "{at}: {this}: {column} \"{text}\" is not a sprint number"
            )),
        }
    }

    /// Checks schedule.csv row by row; returns its well-formed stretches.
    fn check_schedule(&mut self, rows: &[Row], planned: &BTreeMap<usize, Planned>) -> Vec<Stretch> {
        let mut stretches = Vec::new();
        for row in rows {
            let at = format!("schedule.csv line {}", row.line);
            let id = row.get(0);
            let Some(ti) = self.task_index(id) else {
                self.push(format!(
                    "{at}: task_id \"{id}\" names no task of the backlog"
                ));
                continue;
            };
            let task = &self.backlog.tasks[ti];
            let this = label(task);
            if !task.is_open() {
                self.push(format!("{at}: {this} is done, yet has work scheduled"));
                continue;
            }
            let name = row.get(1);
            let Some(d) = self.team.developer_index(name) else {
                self.push(format!(
                    "{at}: {this} is worked by \"{name}\", who is not a member of the team"
                ));
                continue;
            };
            let dev_name = self.team.developers[d].name.clone();
            if let Some(pd) = planned.get(&ti).and_then(|p| p.developer) {
                if pd != d {
                    self.push(format!(
                        "{at}: {this} is worked by {dev_name}, but plan.csv assigns it to {}",
                        self.team.developers[pd].name
                    ));
                }
            }
            let start = parse_datetime(row.get(2));
            let end = parse_datetime(row.get(3));
            for (column, value, parsed) in [
                ("start", row.get(2), start.is_some()),
                ("end", row.get(3), end.is_some()),
            ] {
                if !parsed {
                    self.push(format!(
                        "{at}: {this}: {column} \"{value}\" is not a date-time YYYY-MM-DDTHH:MM"
                    ));
                }
            }
            let hours = parse_number(row.get(4));
            if hours.is_none() {
                self.push(format!("{at}: {this}: hours {}", not_a_number(row.get(4))));
            }
            let (Some(start), Some(end), Some(hours)) = (start, end, hours) else {
                continue;
            };
            if end <= start {
                self.push(format!(
                    "{at}: {this}: the stretch ends at {}, not after its start {}",
                    fmt_time(end),
                    fmt_time(start)
                ));
                continue;
            }
            let length = (end - start).num_seconds() as f64 / 3600.0;
            if (hours - length).abs() > HOURS_TOLERANCE {
                self.push(format!(
                    "{at}: {this}: hours is {}, but {} to {} is {} h",
                    row.get(4),
                    fmt_time(start),
                    fmt_time(end),
                    fmt_hours(length)
                ));
            }
            self.check_working_time(&at, &this, d, start, end);
            stretches.push(Stretch {
                line: row.line,
                task: ti,
                developer: d,
                start,
                end,
                hours,
            });
        }
        stretches
    }

    /// A stretch lies inside one working day of its developer: a team workday
    /// and one of theirs, not a holiday, not a day off, within availability,
    /// inside `[day_start, day_start + daily capacity]`, and outside their
    /// hour ranges and half days off.
    fn check_working_time(
        &mut self,
        at: &str,
        this: &str,
        developer: usize,
        start: NaiveDateTime,
        end: NaiveDateTime,
    ) {
        let cal = &self.team.calendar;
        let dev = &self.team.developers[developer];
        let capacity_hours = daily_capacity(cal, dev);
        let capacity = days::window_length(capacity_hours);
        let opens = |day: NaiveDate| day.and_time(cal.day_start);
        let day = days::day_of(cal, capacity_hours, start);
        let on = format!("{} {day}", weekday_name(day));
        let span = format!("from {} to {}", fmt_time(start), fmt_time(end));
        let name = &dev.name;
        let not_working = off_reason(cal, dev, day);
        if let Some(why) = not_working {
            self.push(format!("{at}: {this}: {name} works {span}, on {on}, {why}"));
            return;
        }
        let window_start = opens(day);
        let window_end = plus(window_start, capacity);
        if start < window_start {
            self.push(format!(
                "{at}: {this}: {name} works {span}, starting before the working day starts at {}",
                cal.day_start.format("%H:%M")
            ));
        }
        if end > plus(window_end, Duration::minutes(CAPACITY_SLACK_MINUTES)) {
            self.push(format!(
                "{at}: {this}: {name} works {span}, past {}, the end of {name}'s daily capacity of {} h from {} on {on}",
                fmt_time(window_end),
                fmt_hours(capacity_hours),
                cal.day_start.format("%H:%M")
            ));
        }
        self.check_hours_off(at, this, dev, start, end);
    }

    /// Per open task: its stretches sum to its hours, and plan.csv's start and
    /// finish are its first start and last end.
    fn check_tasks(&mut self, planned: &BTreeMap<usize, Planned>, stretches: &[Stretch]) {
        let mut by_task: BTreeMap<usize, Vec<&Stretch>> = BTreeMap::new();
        for s in stretches {
            by_task.entry(s.task).or_default().push(s);
        }
        for (i, task) in self.backlog.tasks.iter().enumerate() {
            if !task.is_open() {
                continue;
            }
            let this = label(task);
            let Some(own) = by_task.get(&i) else {
                self.push(format!("schedule.csv: {this} has no stretch of work"));
                continue;
            };
            let sum: f64 = own.iter().map(|s| s.hours).sum();
            // In progress: what is left (SPEC 7.1), at least one minute.
            let (left, what) = if task.is_in_progress() {
                (task.hours_to_plan().max(1.0 / 60.0), "remaining hours")
            } else {
                (task.hours, "estimate")
            };
            if (sum - left).abs() > SUM_TOLERANCE {
                self.push(format!(
                    "schedule.csv: {this}: its stretches sum to {} h, not its {what} of {} h",
                    fmt_hours(sum),
                    fmt_hours(left)
                ));
            }
            let Some(p) = planned.get(&i) else {
                continue;
            };
            let first = own.iter().map(|s| s.start).min();
            let last = own.iter().map(|s| s.end).max();
            for (column, claimed, actual, which) in [
                ("start", p.start, first, "first stretch starts"),
                ("finish", p.finish, last, "last stretch ends"),
            ] {
                if let (Some(c), Some(a)) = (claimed, actual) {
                    if c != a {
                        self.push(format!(
                            "plan.csv line {}: {this}: {column} is {}, but its {which} at {} in schedule.csv",
                            p.line,
                            fmt_time(c),
                            fmt_time(a)
                        ));
                    }
                }
            }
        }
    }

    /// A developer works on one thing at a time.
    fn check_overlaps(&mut self, stretches: &[Stretch]) {
        let mut by_dev: BTreeMap<usize, Vec<&Stretch>> = BTreeMap::new();
        for s in stretches {
            by_dev.entry(s.developer).or_default().push(s);
        }
        let mut found = Vec::new();
        for (d, mut own) in by_dev {
            own.sort_by_key(|s| (s.start, s.end, s.line));
            // The stretch reaching furthest so far: a later stretch that starts
            // before it ends overlaps it, even when stretches lie in between.
            let mut reach: Option<&Stretch> = None;
            for s in own {
                if let Some(r) = reach {
                    if s.start < r.end {
                        let tasks = &self.backlog.tasks;
                        found.push(format!(
                            "{} works on two things at once: {} from {} to {} (schedule.csv line {}) overlaps {} from {} to {} (schedule.csv line {})",
                            self.team.developers[d].name,
                            label(&tasks[r.task]),
                            fmt_time(r.start),
                            fmt_time(r.end),
                            r.line,
                            label(&tasks[s.task]),
                            fmt_time(s.start),
                            fmt_time(s.end),
                            s.line
                        ));
                    }
                }
                if reach.is_none_or(|r| s.end > r.end) {
                    reach = Some(s);
                }
            }
        }
        for f in found {
            self.push(f);
        }
    }

    /// Every dependency between open tasks finishes before the dependent task
    /// starts.
    fn check_dependencies(&mut self, planned: &BTreeMap<usize, Planned>, stretches: &[Stretch]) {
        let graph = match TaskGraph::build(self.backlog) {
            Ok(g) => g,
            Err(e) => {
                self.push(format!("dependencies cannot be checked: {e}"));
                return;
            }
        };
        let mut first_start: HashMap<usize, NaiveDateTime> = HashMap::new();
        let mut last_end: HashMap<usize, NaiveDateTime> = HashMap::new();
        for s in stretches {
            first_start
                .entry(s.task)
                .and_modify(|t| *t = (*t).min(s.start))
                .or_insert(s.start);
            last_end
                .entry(s.task)
                .and_modify(|t| *t = (*t).max(s.end))
                .or_insert(s.end);
        }
        let start_of = |i: usize| {
            first_start
                .get(&i)
                .copied()
                .or_else(|| planned.get(&i).and_then(|p| p.start))
        };
        let finish_of = |i: usize| {
            last_end
                .get(&i)
                .copied()
                .or_else(|| planned.get(&i).and_then(|p| p.finish))
        };
        let tasks = &self.backlog.tasks;
        let mut found = Vec::new();
        for (i, task) in tasks.iter().enumerate() {
            // A task in progress has started: what it waited on no longer holds it.
            if !task.is_open() || task.is_in_progress() {
                continue;
            }
            for &p in graph.preds.get(i).map(Vec::as_slice).unwrap_or(&[]) {
                if !tasks[p].is_open() {
                    continue;
                }
                if let (Some(finish), Some(start)) = (finish_of(p), start_of(i)) {
                    if finish > start {
                        found.push(format!(
                            "{} starts at {}, before {}, which it depends on, finishes at {}",
                            label(task),
                            fmt_time(start),
                            label(&tasks[p]),
                            fmt_time(finish)
                        ));
                    }
                }
            }
        }
        for f in found {
            self.push(f);
        }
    }
}

mod days;
mod progress;
use progress::off_reason;

#[cfg(test)]
mod tests;
