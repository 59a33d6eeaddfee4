//! Reading the TOML team file (SPEC section 3) into a [`Team`].
//!
//! The file is parsed once, then read in three steps, each of which can reject
//! it with a one-line message `FILE:LINE: problem`:
//!
//! 1. a survey of the parsed document (with spans) finds unknown keys, with a
//!    "did you mean" from the keys valid in that table, and tables written in
//!    the wrong shape (`[developer]` instead of `[[developer]]`);
//! 2. serde turns the document into raw structs whose fields keep their spans
//!    ([`toml::Spanned`]); a value of the wrong type is reported at its line;
//! 3. the raw values are checked and converted into the domain types of
//!    [`crate::team`]: dates, times, ranges, skills, regexes, developer names.
//!
//! Defaults where the file says nothing (SPEC section 3 fixes the rest):
//! - `[calendar]`: everything as [`Calendar::default`], including
//!   `start = 2026-11-30`, so the same file always gives the same plan (a start
//!   derived from today's date would not be deterministic);
//! - `[weights]`: as [`Weights::default`]; keys are case-insensitive; the extra
//!   key `prefer_penalty_hours` (default [`DEFAULT_PREFER_PENALTY_HOURS`]) sets
//!   [`Team::prefer_penalty_hours`];
//! - a developer: `weekly_hours = hours_per_day × len(workdays)`, `focus = 1.0`,
//!   `role = ""`, no skills, no time off, available for the whole plan;
//! - a rule: `mode = "require"`; a rule without `when` applies to every task;
//! - `[forecast]`: `uncertainty` (P90 ÷ median effort, from 1 to 10) unset, so
//!   the forecast's default applies ([`crate::forecast::DEFAULT_UNCERTAINTY`]).
//!
//! Accepted spellings: dates as strings (`"2026-12-25"`) or TOML dates
//! (`2026-12-25`); `day_start` as `"HH:MM"`, `"HH:MM:SS"` or a TOML time;
//! weekdays as `Mon` or `Monday` in any case; each `time_off` entry is a
//! `[first, last]` pair (inclusive) or a single date for one day; every `when`
//! key and `assign_to` take a string or a list of strings. `when.title` patterns
//! are regular expressions searched case-insensitively (write `(?-i)` in the
//! pattern to make it case-sensitive).
//!
//! The spanned-TOML layer (spans to lines, the key survey, names, dates) is
//! [`crate::toml_read`]; [`crate::scenario`] reads scenario files with it too,
//! and reuses this module's reading of a developer table and of rule
//! conditions for its own `add_developer` and task selectors.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use chrono::{NaiveTime, Timelike, Weekday};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::{Spanned, Value};

use crate::error::{closest, Error, Location, Problem};
use crate::model::{Priority, Skill};
use crate::team::{
    Calendar, DateRange, Developer, ForecastSettings, Rule, RuleCondition, RuleMode, Team, Weights,
};
use crate::toml_read::{fmt_number, line_of, FieldSpans, List, Reader, Survey, TableKeys};
use crate::Result;

/// The cost of breaking a `prefer` rule when the team file does not set
/// `[weights] prefer_penalty_hours`.
pub const DEFAULT_PREFER_PENALTY_HOURS: f64 = 8.0;

/// Reads a team file from disk.
///
/// An unreadable file is [`Error::Io`]; a file that is not UTF-8 is
/// [`Problem::NotText`] at the line of the first bad byte; everything else is
/// as [`parse_team`].
pub fn read_team(path: &Path) -> Result<Team> {
    read_team_file(path).map(|file| file.team)
}

/// Everything a team file holds: the team, and the `[forecast]` settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamFile {
    /// The team (what a plan needs).
    pub team: Team,
    /// The `[forecast]` table.
    pub forecast: ForecastSettings,
}

/// Reads a team file from disk with its `[forecast]` settings; errors as
/// [`read_team`].
pub fn read_team_file(path: &Path) -> Result<TeamFile> {
    let source = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(source.clone(), e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = line_of(e.as_bytes(), offset);
        Error::input(
            Location::new(source.clone(), line),
            Problem::NotText { offset },
        )
    })?;
    parse_team_file(&source, &text)
}

/// Parses the text of a team file; `source` names the file in messages.
///
/// ```
/// let team = sprintcast::team_file::parse_team(
///     "team.toml",
///     "[[developer]]\nname = \"Ana\"\nskills = [\"testing:3\"]\n",
/// )
/// .unwrap();
/// assert_eq!(team.developers[0].weekly_hours, 40.0);
///
/// let err = sprintcast::team_file::parse_team(
///     "team.toml",
///     "[[developer]]\nname = \"Ana\"\nweekly_hour = 20\n",
/// )
/// .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "team.toml:3: unknown key \"weekly_hour\"; did you mean \"weekly_hours\"?"
/// );
/// ```
pub fn parse_team(source: &str, text: &str) -> Result<Team> {
    parse_team_file(source, text).map(|file| file.team)
}

/// Parses the text of a team file with its `[forecast]` settings; errors as
/// [`parse_team`].
pub fn parse_team_file(source: &str, text: &str) -> Result<TeamFile> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let reader = Reader { source, text };
    let document = DeTable::parse(text).map_err(|e| reader.syntax(&e))?;
    let fields = reader.survey(document.get_ref())?;
    let raw = RawTeam::deserialize(toml::de::Deserializer::from(document))
        .map_err(|e| reader.wrong_type(&e, &fields))?;
    let forecast = reader.forecast(raw.forecast.as_ref())?;
    Ok(TeamFile {
        team: reader.team(raw)?,
        forecast,
    })
}

// ---------------------------------------------------------------------------
// Keys

const TOP: TableKeys = TableKeys {
    valid: &["calendar", "weights", "developer", "rule", "forecast"],
    prefix: "",
    any_case: false,
};
const CALENDAR: TableKeys = TableKeys {
    valid: &[
        "start",
        "day_start",
        "hours_per_day",
        "workdays",
        "holidays",
        "sprint_weeks",
    ],
    prefix: "",
    any_case: false,
};
pub(crate) const WEIGHTS: TableKeys = TableKeys {
    valid: &["URGENT", "HIGH", "MEDIUM", "LOW", "prefer_penalty_hours"],
    prefix: "",
    any_case: true,
};
pub(crate) const DEVELOPER: TableKeys = TableKeys {
    valid: &[
        "name",
        "role",
        "weekly_hours",
        "focus",
        "skills",
        "time_off",
        "available_from",
        "available_until",
    ],
    prefix: "",
    any_case: false,
};
const FORECAST: TableKeys = TableKeys {
    valid: &["uncertainty"],
    prefix: "",
    any_case: false,
};
const RULE: TableKeys = TableKeys {
    valid: &["name", "when", "assign_to", "mode"],
    prefix: "",
    any_case: false,
};
const WHEN: TableKeys = TableKeys {
    valid: &["priority", "project", "category", "title", "skill"],
    prefix: "when.",
    any_case: false,
};

// ---------------------------------------------------------------------------
// Raw layer: the file as written, with spans

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    calendar: Option<RawCalendar>,
    /// Case-insensitive keys, so a map rather than a struct; the survey has
    /// already rejected unknown keys.
    weights: Option<BTreeMap<String, Spanned<f64>>>,
    #[serde(default)]
    developer: Vec<Spanned<RawDeveloper>>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    forecast: Option<RawForecast>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForecast {
    uncertainty: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    start: Option<Spanned<Value>>,
    day_start: Option<Spanned<Value>>,
    hours_per_day: Option<Spanned<f64>>,
    workdays: Option<Spanned<List>>,
    holidays: Option<Spanned<List>>,
    sprint_weeks: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDeveloper {
    pub(crate) name: Option<Spanned<String>>,
    pub(crate) role: Option<String>,
    pub(crate) weekly_hours: Option<Spanned<f64>>,
    pub(crate) focus: Option<Spanned<f64>>,
    pub(crate) skills: Option<Spanned<List>>,
    pub(crate) time_off: Option<Spanned<List>>,
    pub(crate) available_from: Option<Spanned<Value>>,
    pub(crate) available_until: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: Option<Spanned<String>>,
    when: Option<RawWhen>,
    assign_to: Option<Spanned<List>>,
    mode: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWhen {
    priority: Option<Spanned<List>>,
    project: Option<Spanned<List>>,
    category: Option<Spanned<List>>,
    title: Option<Spanned<List>>,
    skill: Option<Spanned<List>>,
}

// ---------------------------------------------------------------------------
// Reading

impl Reader<'_> {
    // -- step 1: the survey ------------------------------------------------

    /// Finds unknown keys and misshapen tables; returns the span of every
    /// known key's value. Of several problems, the first in the file wins.
    fn survey(&self, root: &DeTable<'_>) -> Result<FieldSpans> {
        let mut survey = Survey::default();
        self.check_keys(root, &TOP, &mut survey);
        for (key, value) in root {
            let name: &str = key.get_ref();
            let span = value.span();
            match name {
                "calendar" | "weights" | "forecast" => {
                    let keys = match name {
                        "calendar" => &CALENDAR,
                        "weights" => &WEIGHTS,
                        _ => &FORECAST,
                    };
                    match value.get_ref() {
                        DeValue::Table(table) => self.check_keys(table, keys, &mut survey),
                        _ => survey.problem(
                            &span,
                            self.shape(&span, format!("`{name}` must be a table: write [{name}]")),
                        ),
                    }
                }
                "developer" | "rule" => {
                    let keys = if name == "developer" {
                        &DEVELOPER
                    } else {
                        &RULE
                    };
                    let shape = format!(
                        "`{name}` must be a list of tables: write [[{name}]] (double brackets) before each {name}"
                    );
                    let DeValue::Array(items) = value.get_ref() else {
                        survey.problem(&span, self.shape(&span, shape));
                        continue;
                    };
                    for item in items.iter() {
                        let DeValue::Table(table) = item.get_ref() else {
                            survey.problem(&item.span(), self.shape(&item.span(), shape.clone()));
                            continue;
                        };
                        self.check_keys(table, keys, &mut survey);
                        if let Some(DeValue::Table(when)) = table.get("when").map(|v| v.get_ref()) {
                            self.check_keys(when, &WHEN, &mut survey);
                        }
                    }
                }
                _ => {}
            }
        }
        match survey.problems.into_iter().min_by_key(|(start, _)| *start) {
            Some((_, e)) => Err(e),
            None => Ok(survey.fields),
        }
    }

    // -- step 3: checks and conversion ------------------------------------

    fn team(&self, raw: RawTeam) -> Result<Team> {
        let calendar = match raw.calendar {
            Some(c) => self.calendar(c)?,
            None => Calendar::default(),
        };
        let (weights, prefer_penalty_hours) = self.weights(raw.weights.unwrap_or_default())?;
        let mut developers: Vec<Developer> = Vec::with_capacity(raw.developer.len());
        for d in &raw.developer {
            let dev = self.developer(d, &calendar)?;
            let span = d.get_ref().name.as_ref().map_or(d.span(), |n| n.span());
            let earlier = developers.iter().map(|o| (o.name.as_str(), o.line));
            self.unique_name(&span, "developer", &dev.name, earlier)?;
            developers.push(dev);
        }
        if developers.is_empty() {
            return Err(Error::input(
                Location::new(self.source, 0),
                Problem::Syntax {
                    message: "the team has no developers; add a [[developer]] table with a name"
                        .to_string(),
                },
            ));
        }
        let mut rules: Vec<Rule> = Vec::with_capacity(raw.rule.len());
        for r in &raw.rule {
            let rule = self.rule(r, &developers)?;
            let span = r.get_ref().name.as_ref().map_or(r.span(), |n| n.span());
            let earlier = rules.iter().map(|o| (o.name.as_str(), o.line));
            self.unique_name(&span, "rule", &rule.name, earlier)?;
            rules.push(rule);
        }
        Ok(Team {
            source: self.source.to_string(),
            calendar,
            weights,
            prefer_penalty_hours,
            developers,
            rules,
        })
    }

    /// The `[forecast]` table: `uncertainty` from 1 (none) to 10.
    fn forecast(&self, raw: Option<&RawForecast>) -> Result<ForecastSettings> {
        let Some(v) = raw.and_then(|f| f.uncertainty.as_ref()) else {
            return Ok(ForecastSettings::default());
        };
        let u = *v.get_ref();
        if !(u.is_finite() && (1.0..=10.0).contains(&u)) {
            return Err(self.bad_value(
                &v.span(),
                "uncertainty",
                self.written(&v.span()),
                "must be a number from 1 to 10 (P90 effort ÷ median effort; 1 means no uncertainty)",
            ));
        }
        Ok(ForecastSettings {
            uncertainty: Some(u),
        })
    }

    fn calendar(&self, raw: RawCalendar) -> Result<Calendar> {
        let mut c = Calendar::default();
        if let Some(v) = &raw.start {
            c.start = self.date(v.get_ref(), &v.span(), "start")?;
        }
        if let Some(v) = &raw.day_start {
            c.day_start = self.time(v, "day_start")?;
        }
        if let Some(v) = &raw.hours_per_day {
            let h = *v.get_ref();
            if !(h.is_finite() && h > 0.0 && h <= 24.0) {
                return Err(self.bad_value(
                    &v.span(),
                    "hours_per_day",
                    self.written(&v.span()),
                    "must be more than 0 and at most 24",
                ));
            }
            c.hours_per_day = h;
        }
        let day_end = f64::from(c.day_start.num_seconds_from_midnight()) / 3600.0 + c.hours_per_day;
        if day_end > 24.0 {
            // Only reachable when one of the two is written: the defaults fit.
            let span = match (&raw.hours_per_day, &raw.day_start) {
                (Some(h), _) => h.span(),
                (None, Some(d)) => d.span(),
                (None, None) => 0..0,
            };
            return Err(self.bad_value(
                &span,
                "hours_per_day",
                fmt_number(c.hours_per_day),
                format!(
                    "from day_start {} runs past midnight; start earlier or shorten the day",
                    c.day_start.format("%H:%M")
                ),
            ));
        }
        if let Some(field) = &raw.workdays {
            c.workdays = self.workdays(field)?;
        }
        if let Some(field) = &raw.holidays {
            for item in List::items(field) {
                c.holidays
                    .insert(self.date(item.get_ref(), &item.span(), "holidays")?);
            }
        }
        if let Some(v) = &raw.sprint_weeks {
            c.sprint_weeks = u32::try_from(*v.get_ref())
                .ok()
                .filter(|w| *w >= 1)
                .ok_or_else(|| {
                    self.bad_value(
                        &v.span(),
                        "sprint_weeks",
                        self.written(&v.span()),
                        "must be a whole number of weeks, at least 1",
                    )
                })?;
        }
        Ok(c)
    }

    fn workdays(&self, field: &Spanned<List>) -> Result<Vec<Weekday>> {
        let items = List::items(field);
        if items.is_empty() {
            return Err(self.bad_value(
                &field.span(),
                "workdays",
                "[]",
                "must name at least one weekday",
            ));
        }
        let mut days: Vec<Weekday> = Vec::with_capacity(items.len());
        for item in &items {
            let text = self.string(item, "workdays")?;
            let day = weekday(text).ok_or_else(|| {
                self.bad_value(
                    &item.span(),
                    "workdays",
                    text,
                    "is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun, or the full name)",
                )
            })?;
            if days.contains(&day) {
                return Err(self.bad_value(&item.span(), "workdays", text, "is listed twice"));
            }
            days.push(day);
        }
        days.sort_by_key(|d| d.num_days_from_monday());
        Ok(days)
    }

    fn weights(&self, raw: BTreeMap<String, Spanned<f64>>) -> Result<(Weights, f64)> {
        let mut weights = Weights::default();
        let mut penalty = DEFAULT_PREFER_PENALTY_HOURS;
        // File order, so that a key given twice (in two cases) is reported
        // at its second use.
        let mut entries: Vec<(String, Spanned<f64>)> = raw.into_iter().collect();
        entries.sort_by_key(|(_, v)| v.span().start);
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in entries {
            let upper = key.to_uppercase();
            let span = value.span();
            let v = *value.get_ref();
            if seen.contains(&upper) {
                return Err(self.bad_value(
                    &span,
                    &key,
                    self.written(&span),
                    format!("sets {upper} a second time (keys are case-insensitive)"),
                ));
            }
            seen.push(upper.clone());
            if !(v.is_finite() && v >= 0.0) {
                return Err(self.bad_value(
                    &span,
                    &key,
                    self.written(&span),
                    "must be a number, at least 0",
                ));
            }
            match upper.as_str() {
                "URGENT" => weights.urgent = v,
                "HIGH" => weights.high = v,
                "MEDIUM" => weights.medium = v,
                "LOW" => weights.low = v,
                _ => penalty = v,
            }
        }
        Ok((weights, penalty))
    }

    pub(crate) fn developer(
        &self,
        raw: &Spanned<RawDeveloper>,
        calendar: &Calendar,
    ) -> Result<Developer> {
        let line = line_of(self.text.as_bytes(), raw.span().start);
        let d = raw.get_ref();
        let name = self.name(d.name.as_ref(), &raw.span(), "developer")?;
        let weekly_hours = match &d.weekly_hours {
            Some(v) => self.weekly_hours(v, calendar)?,
            None => calendar.hours_per_day * calendar.workdays.len() as f64,
        };
        let focus = match &d.focus {
            Some(v) => self.focus(v)?,
            None => 1.0,
        };
        let skills = match &d.skills {
            Some(field) => self.skills(field)?,
            None => Vec::new(),
        };
        let mut time_off = Vec::new();
        if let Some(field) = &d.time_off {
            for item in List::items(field) {
                time_off.push(self.day_range(&item)?);
            }
        }
        let available_from = match &d.available_from {
            Some(v) => Some(self.date(v.get_ref(), &v.span(), "available_from")?),
            None => None,
        };
        let available_until = match &d.available_until {
            Some(v) => Some(self.date(v.get_ref(), &v.span(), "available_until")?),
            None => None,
        };
        if let (Some(from), Some(until), Some(v)) =
            (available_from, available_until, &d.available_until)
        {
            if until < from {
                return Err(self.bad_value(
                    &v.span(),
                    "available_until",
                    until.to_string(),
                    format!("is before available_from {from}"),
                ));
            }
        }
        Ok(Developer {
            name,
            role: d.role.clone().unwrap_or_default(),
            weekly_hours,
            focus,
            skills,
            time_off,
            available_from,
            available_until,
            line,
        })
    }

    /// `weekly_hours`: more than 0, at most 168, and a working day that ends
    /// by midnight.
    pub(crate) fn weekly_hours(&self, v: &Spanned<f64>, calendar: &Calendar) -> Result<f64> {
        let h = *v.get_ref();
        if !(h.is_finite() && h > 0.0 && h <= 168.0) {
            return Err(self.bad_value(
                &v.span(),
                "weekly_hours",
                self.written(&v.span()),
                "must be more than 0 and at most 168",
            ));
        }
        // Working days run from day_start and must end by midnight.
        let per_day = h / calendar.workdays.len() as f64;
        let room = 24.0 - f64::from(calendar.day_start.num_seconds_from_midnight()) / 3600.0;
        if per_day > room {
            return Err(self.bad_value(
                &v.span(),
                "weekly_hours",
                self.written(&v.span()),
                format!(
                    "over {} workdays is {} hours a day, more than fit between day_start {} and midnight",
                    calendar.workdays.len(),
                    fmt_number(per_day),
                    calendar.day_start.format("%H:%M")
                ),
            ));
        }
        Ok(h)
    }

    /// `focus`: in (0, 1].
    pub(crate) fn focus(&self, v: &Spanned<f64>) -> Result<f64> {
        let f = *v.get_ref();
        if !(f.is_finite() && f > 0.0 && f <= 1.0) {
            return Err(self.bad_value(
                &v.span(),
                "focus",
                self.written(&v.span()),
                "must be more than 0 and at most 1 (the share of working time for planned tasks)",
            ));
        }
        Ok(f)
    }

    /// A developer's `skills`: `name` or `name:level` each.
    pub(crate) fn skills(&self, field: &Spanned<List>) -> Result<Vec<Skill>> {
        let mut skills: Vec<Skill> = Vec::new();
        for item in List::items(field) {
            let text = self.string(&item, "skills")?;
            let skill = Skill::parse(text).ok_or_else(|| {
                self.bad_value(
                    &item.span(),
                    "skills",
                    text,
                    "is not a skill (write name or name:level, the level a whole number from 0)",
                )
            })?;
            skills.push(skill);
        }
        Ok(skills)
    }

    /// A `time_off` entry: `[first, last]` or a single date.
    pub(crate) fn day_range(&self, item: &Spanned<Value>) -> Result<DateRange> {
        let span = item.span();
        match item.get_ref() {
            Value::Array(pair) => {
                let [first, last] = pair.as_slice() else {
                    return Err(self.bad_value(
                        &span,
                        "time_off",
                        self.written(&span),
                        "must be a date or a [first, last] pair of dates",
                    ));
                };
                let first = self.date(first, &span, "time_off")?;
                let last = self.date(last, &span, "time_off")?;
                if last < first {
                    return Err(self.bad_value(
                        &span,
                        "time_off",
                        format!("{first} to {last}"),
                        "ends before it starts",
                    ));
                }
                Ok(DateRange { first, last })
            }
            other => {
                let day = self.date(other, &span, "time_off")?;
                Ok(DateRange {
                    first: day,
                    last: day,
                })
            }
        }
    }

    fn rule(&self, raw: &Spanned<RawRule>, developers: &[Developer]) -> Result<Rule> {
        let line = line_of(self.text.as_bytes(), raw.span().start);
        let r = raw.get_ref();
        let name = self.name(r.name.as_ref(), &raw.span(), "rule")?;
        let when = match &r.when {
            Some(w) => self.condition(w, &name)?,
            None => RuleCondition::default(),
        };
        let Some(field) = &r.assign_to else {
            return Err(self.error(
                &raw.span(),
                Problem::Syntax {
                    message: format!(
                        "rule \"{name}\" has no assign_to; name the developers it assigns to"
                    ),
                },
            ));
        };
        let items = List::items(field);
        if items.is_empty() {
            return Err(self.bad_value(
                &field.span(),
                "assign_to",
                "[]",
                "must name at least one developer",
            ));
        }
        let mut assign_to: Vec<String> = Vec::new();
        for item in &items {
            let who = self.string(item, "assign_to")?;
            let dev = developers
                .iter()
                .find(|d| d.name.to_lowercase() == who.trim().to_lowercase())
                .ok_or_else(|| {
                    self.error(
                        &item.span(),
                        Problem::UnknownDeveloper {
                            context: format!("rule \"{name}\""),
                            name: who.to_string(),
                            suggestions: closest(who, developers.iter().map(|d| d.name.as_str())),
                        },
                    )
                })?;
            if !assign_to.contains(&dev.name) {
                assign_to.push(dev.name.clone());
            }
        }
        let mode = match &r.mode {
            None => RuleMode::Require,
            Some(m) => match m.get_ref().trim().to_lowercase().as_str() {
                "require" => RuleMode::Require,
                "prefer" => RuleMode::Prefer,
                _ => {
                    return Err(self.bad_value(
                        &m.span(),
                        "mode",
                        m.get_ref().clone(),
                        "must be \"require\" or \"prefer\"",
                    ))
                }
            },
        };
        Ok(Rule {
            name,
            when,
            assign_to,
            mode,
            line,
        })
    }

    fn condition(&self, w: &RawWhen, rule: &str) -> Result<RuleCondition> {
        let mut c = RuleCondition::default();
        for text_item in self.when_values(w.priority.as_ref(), "when.priority")? {
            let (text, span) = text_item;
            let p = text.parse::<Priority>().map_err(|()| {
                self.bad_value(
                    &span,
                    "when.priority",
                    text.clone(),
                    "is not a priority (URGENT, HIGH, MEDIUM or LOW)",
                )
            })?;
            if !c.priority.contains(&p) {
                c.priority.push(p);
            }
        }
        c.project = self.lower_values(w.project.as_ref(), "when.project")?;
        c.category = self.lower_values(w.category.as_ref(), "when.category")?;
        c.skill = self.lower_values(w.skill.as_ref(), "when.skill")?;
        if let Some(field) = &w.skill {
            for item in List::items(field) {
                if let Some(text) = item.get_ref().as_str().filter(|t| t.contains(':')) {
                    return Err(self.bad_value(
                        &item.span(),
                        "when.skill",
                        text,
                        "has a level; a rule matches skill names only (write the name without :level)",
                    ));
                }
            }
        }
        for (pattern, span) in self.when_values(w.title.as_ref(), "when.title")? {
            c.title.push(compile_title(&pattern).map_err(|reason| {
                self.error(
                    &span,
                    Problem::BadRegex {
                        rule: rule.to_string(),
                        pattern: pattern.clone(),
                        reason,
                    },
                )
            })?);
        }
        Ok(c)
    }

    /// The strings of a `when` key, with their spans; an explicit empty list
    /// is refused (it would read as "matches nothing" or "matches all").
    pub(crate) fn when_values(
        &self,
        field: Option<&Spanned<List>>,
        name: &str,
    ) -> Result<Vec<(String, Range<usize>)>> {
        let Some(field) = field else {
            return Ok(Vec::new());
        };
        let items = List::items(field);
        if items.is_empty() {
            return Err(self.bad_value(&field.span(), name, "[]", "must list at least one value"));
        }
        items
            .iter()
            .map(|item| Ok((self.string(item, name)?.to_string(), item.span())))
            .collect()
    }

    pub(crate) fn lower_values(
        &self,
        field: Option<&Spanned<List>>,
        name: &str,
    ) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for (text, span) in self.when_values(field, name)? {
            let lower = text.trim().to_lowercase();
            if lower.is_empty() {
                return Err(self.bad_value(&span, name, text, "must not be empty"));
            }
            if !out.contains(&lower) {
                out.push(lower);
            }
        }
        Ok(out)
    }

    /// A time of day: `"HH:MM"`, `"HH:MM:SS"` or a TOML time.
    fn time(&self, value: &Spanned<Value>, field: &str) -> Result<NaiveTime> {
        let text = match value.get_ref() {
            Value::String(s) => s.trim().to_string(),
            Value::Datetime(dt) => dt.to_string(),
            _ => self.written(&value.span()),
        };
        NaiveTime::parse_from_str(&text, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&text, "%H:%M:%S"))
            .map_err(|_| {
                self.error(
                    &value.span(),
                    Problem::BadDate {
                        field: field.to_string(),
                        value: text.clone(),
                        expected: "time (HH:MM)".to_string(),
                    },
                )
            })
    }
}

/// Compiles a `when.title` pattern, case-insensitively; the error is the
/// regex crate's reason on one line.
pub(crate) fn compile_title(pattern: &str) -> std::result::Result<Regex, String> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            text.lines()
                .find_map(|l| l.trim().strip_prefix("error: ").map(str::to_string))
                .or_else(|| {
                    text.lines()
                        .map(str::trim)
                        .find(|l| !l.is_empty())
                        .map(str::to_string)
                })
                .unwrap_or(text)
        })
}

fn weekday(text: &str) -> Option<Weekday> {
    Some(match text.trim().to_lowercase().as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn parse(text: &str) -> Result<Team> {
        parse_team("team.toml", text)
    }

    fn err(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    const ANA: &str = "[[developer]]\nname = \"Ana\"\n";

    #[test]
    fn minimal_file_takes_every_default() {
        let team = parse(ANA).unwrap();
        assert_eq!(team.source, "team.toml");
        assert_eq!(team.calendar, Calendar::default());
        assert_eq!(team.weights, Weights::default());
        assert_eq!(team.prefer_penalty_hours, DEFAULT_PREFER_PENALTY_HOURS);
        let ana = &team.developers[0];
        assert_eq!(ana.name, "Ana");
        assert_eq!(ana.role, "");
        assert_eq!(ana.weekly_hours, 40.0);
        assert_eq!(ana.focus, 1.0);
        assert!(ana.skills.is_empty() && ana.time_off.is_empty());
        assert_eq!((ana.available_from, ana.available_until), (None, None));
        assert_eq!(ana.line, 1);
        assert!(team.rules.is_empty());
    }

    #[test]
    fn weekly_hours_default_follows_the_calendar() {
        let team = parse(&format!(
            "[calendar]\nhours_per_day = 7.5\nworkdays = [\"mon\", \"Tuesday\", \"WED\", \"thu\"]\n{ANA}"
        ))
        .unwrap();
        assert_eq!(team.developers[0].weekly_hours, 30.0);
        assert_eq!(
            team.calendar.workdays,
            vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu]
        );
    }

    #[test]
    fn workdays_are_sorted_monday_first_and_repeats_refused() {
        let team = parse(&format!("[calendar]\nworkdays = [\"Fri\", \"Mon\"]\n{ANA}")).unwrap();
        assert_eq!(team.calendar.workdays, vec![Weekday::Mon, Weekday::Fri]);
        assert_eq!(
            err(&format!("[calendar]\nworkdays = [\"Mon\", \"mon\"]\n{ANA}")),
            "team.toml:2: workdays \"mon\" is listed twice"
        );
        assert_eq!(
            err(&format!("[calendar]\nworkdays = []\n{ANA}")),
            "team.toml:2: workdays \"[]\" must name at least one weekday"
        );
    }

    #[test]
    fn toml_dates_and_times_are_accepted_unquoted() {
        let team = parse(&format!(
            "[calendar]\nstart = 2027-01-04\nday_start = 08:30:00\nholidays = 2027-01-06\n{ANA}"
        ))
        .unwrap();
        assert_eq!(
            team.calendar.start,
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
        );
        assert_eq!(
            team.calendar.day_start,
            NaiveTime::from_hms_opt(8, 30, 0).unwrap()
        );
        assert!(team
            .calendar
            .holidays
            .contains(&NaiveDate::from_ymd_opt(2027, 1, 6).unwrap()));
    }

    #[test]
    fn bad_time_of_day() {
        assert_eq!(
            err(&format!("[calendar]\nday_start = \"9h\"\n{ANA}")),
            "team.toml:2: day_start \"9h\" is not a valid time (HH:MM)"
        );
    }

    #[test]
    fn a_day_must_end_by_midnight() {
        assert_eq!(
            err(&format!("[calendar]\nday_start = \"20:00\"\nhours_per_day = 8\n{ANA}")),
            "team.toml:3: hours_per_day \"8\" from day_start 20:00 runs past midnight; start earlier or shorten the day"
        );
        assert_eq!(
            err("[calendar]\nworkdays = [\"Mon\"]\n[[developer]]\nname = \"A\"\nweekly_hours = 20\n"),
            "team.toml:5: weekly_hours \"20\" over 1 workdays is 20 hours a day, more than fit between day_start 09:00 and midnight"
        );
    }

    #[test]
    fn number_ranges() {
        for (text, line, msg) in [
            (
                "[calendar]\nhours_per_day = 0\n",
                2,
                "hours_per_day \"0\" must be more than 0 and at most 24",
            ),
            (
                "[calendar]\nhours_per_day = 25\n",
                2,
                "hours_per_day \"25\" must be more than 0 and at most 24",
            ),
            (
                "[calendar]\nsprint_weeks = 0\n",
                2,
                "sprint_weeks \"0\" must be a whole number of weeks, at least 1",
            ),
            (
                "[calendar]\nsprint_weeks = 1.5\n",
                2,
                "sprint_weeks \"1.5\" must be a whole number",
            ),
            (
                "[weights]\nLOW = -1\n",
                2,
                "LOW \"-1\" must be a number, at least 0",
            ),
            (
                "[weights]\nprefer_penalty_hours = nan\n",
                2,
                "prefer_penalty_hours \"nan\" must be a number, at least 0",
            ),
        ] {
            assert_eq!(
                err(&format!("{text}{ANA}")),
                format!("team.toml:{line}: {msg}")
            );
        }
        for (key, value, msg) in [
            ("weekly_hours", "0", "must be more than 0 and at most 168"),
            ("weekly_hours", "169", "must be more than 0 and at most 168"),
            (
                "focus",
                "0",
                "must be more than 0 and at most 1 (the share of working time for planned tasks)",
            ),
            (
                "focus",
                "1.2",
                "must be more than 0 and at most 1 (the share of working time for planned tasks)",
            ),
            ("weekly_hours", "\"forty\"", "must be a number"),
        ] {
            let shown = value.trim_matches('"');
            assert_eq!(
                err(&format!("{ANA}{key} = {value}\n")),
                format!("team.toml:3: {key} \"{shown}\" {msg}")
            );
        }
    }

    #[test]
    fn weights_keys_any_case_and_penalty() {
        let team = parse(&format!(
            "[weights]\nurgent = 500\nHigh = 50\nMEDIUM = 5\nlow = 0\nprefer_penalty_hours = 4\n{ANA}"
        ))
        .unwrap();
        assert_eq!(
            team.weights,
            Weights {
                urgent: 500.0,
                high: 50.0,
                medium: 5.0,
                low: 0.0
            }
        );
        assert_eq!(team.prefer_penalty_hours, 4.0);
        assert_eq!(
            err(&format!("[weights]\nURGENT = 1\nurgent = 2\n{ANA}")),
            "team.toml:3: urgent \"2\" sets URGENT a second time (keys are case-insensitive)"
        );
        assert_eq!(
            err(&format!("[weights]\nURGNT = 1\n{ANA}")),
            "team.toml:2: unknown key \"URGNT\"; did you mean \"URGENT\"?"
        );
    }

    #[test]
    fn unknown_keys_in_every_table() {
        assert_eq!(
            err(&format!("[calendar]\nstart_date = \"2026-11-30\"\n{ANA}")),
            "team.toml:2: unknown key \"start_date\"; did you mean \"start\"?"
        );
        assert_eq!(
            err(&format!("{ANA}[[rule]]\nname = \"r\"\nassign_to = \"Ana\"\nwhen = {{ priorty = \"HIGH\" }}\n")),
            "team.toml:6: unknown key \"when.priorty\"; did you mean one of \"when.priority\", \"when.project\"?"
        );
        assert_eq!(
            err(&format!("{ANA}[[developers]]\nname = \"Bo\"\n")),
            "team.toml:3: unknown key \"developers\"; did you mean \"developer\"?"
        );
        // the first in the file wins, whatever the table
        assert_eq!(
            err("[[developer]]\nname = \"A\"\nfocuss = 1\n[calendar]\nstrat = \"x\"\n"),
            "team.toml:3: unknown key \"focuss\"; did you mean \"focus\"?"
        );
        assert_eq!(
            err(&format!("{ANA}zzz = 1\n")),
            "team.toml:3: unknown key \"zzz\""
        );
    }

    #[test]
    fn table_shapes() {
        assert_eq!(
            err("[developer]\nname = \"A\"\n"),
            "team.toml:1: `developer` must be a list of tables: write [[developer]] (double brackets) before each developer"
        );
        assert_eq!(
            err(&format!("calendar = 3\n{ANA}")),
            "team.toml:1: `calendar` must be a table: write [calendar]"
        );
        assert_eq!(
            err(&format!(
                "{ANA}[[rule]]\nname = \"r\"\nassign_to = \"Ana\"\nwhen = \"always\"\n"
            )),
            "team.toml:6: when \"always\" must be a table"
        );
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        assert_eq!(
            err("[[developer]]\nname = \"Ana\nfocus = 1\n"),
            "team.toml:2:12: TOML syntax error: invalid basic string, expected `\"`"
        );
        assert_eq!(
            err("[[developer]]\nname = \"A\"\nname = \"B\"\n"),
            "team.toml:3:1: TOML syntax error: duplicate key \"name\""
        );
    }

    #[test]
    fn empty_file_has_no_developers() {
        assert_eq!(
            err(""),
            "team.toml: the team has no developers; add a [[developer]] table with a name"
        );
        assert_eq!(
            err("[[developer]]\nrole = \"x\"\n"),
            "team.toml:1: [[developer]] has no name; add name = \"...\""
        );
        assert_eq!(
            err("[[developer]]\nname = \"  \"\n"),
            "team.toml:2: name \"  \" must not be empty"
        );
    }

    #[test]
    fn duplicate_names() {
        assert_eq!(
            err("[[developer]]\nname = \"Ana\"\n\n[[developer]]\nname = \"ana\"\n"),
            "team.toml:5: name \"ana\" is already the name of the developer on line 1 (names are case-insensitive)"
        );
        assert_eq!(
            err(&format!(
                "{ANA}[[rule]]\nname = \"r\"\nassign_to = \"Ana\"\n[[rule]]\nname = \"R\"\nassign_to = \"Ana\"\n"
            )),
            "team.toml:7: name \"R\" is already the name of the rule on line 3 (names are case-insensitive)"
        );
    }

    #[test]
    fn skills_parse_with_levels() {
        let team = parse(&format!(
            "{ANA}skills = [\"Security\", \"testing:3\", \"docs:0\"]\n"
        ))
        .unwrap();
        let got: Vec<String> = team.developers[0]
            .skills
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(got, vec!["security", "testing:3", "docs:0"]);
        assert_eq!(
            err(&format!("{ANA}skills = [\"testing:high\"]\n")),
            "team.toml:3: skills \"testing:high\" is not a skill (write name or name:level, the level a whole number from 0)"
        );
        assert_eq!(
            err(&format!("{ANA}skills = [\"a\", 3]\n")),
            "team.toml:3: skills \"3\" must be a string"
        );
    }

    #[test]
    fn time_off_pairs_and_single_days() {
        let team = parse(&format!(
            "{ANA}time_off = [[\"2026-12-21\", \"2026-12-31\"], \"2027-01-08\", 2027-01-15]\n"
        ))
        .unwrap();
        let d =
            |m, day| NaiveDate::from_ymd_opt(if m == 12 { 2026 } else { 2027 }, m, day).unwrap();
        assert_eq!(
            team.developers[0].time_off,
            vec![
                DateRange {
                    first: d(12, 21),
                    last: d(12, 31)
                },
                DateRange {
                    first: d(1, 8),
                    last: d(1, 8)
                },
                DateRange {
                    first: d(1, 15),
                    last: d(1, 15)
                },
            ]
        );
        assert_eq!(
            err(&format!(
                "{ANA}time_off = [[\"2026-12-31\", \"2026-12-21\"]]\n"
            )),
            "team.toml:3: time_off \"2026-12-31 to 2026-12-21\" ends before it starts"
        );
        assert_eq!(
            err(&format!("{ANA}time_off = [[\"2026-12-31\"]]\n")),
            "team.toml:3: time_off \"[\"2026-12-31\"]\" must be a date or a [first, last] pair of dates"
        );
        assert_eq!(
            err(&format!(
                "{ANA}time_off = [\n  [\"2026-12-21\", \"2026-12-32\"],\n]\n"
            )),
            "team.toml:4: time_off \"2026-12-32\" is not a valid date (YYYY-MM-DD)"
        );
    }

    #[test]
    fn availability_dates() {
        assert_eq!(
            err(&format!(
                "{ANA}available_from = \"2027-02-01\"\navailable_until = \"2027-01-01\"\n"
            )),
            "team.toml:4: available_until \"2027-01-01\" is before available_from 2027-02-01"
        );
        assert_eq!(
            err(&format!("{ANA}available_from = \"next week\"\n")),
            "team.toml:3: available_from \"next week\" is not a valid date (YYYY-MM-DD)"
        );
    }

    #[test]
    fn rules_read_every_condition() {
        let team = parse(&format!(
            "{ANA}[[developer]]\nname = \"Bo\"\n[[rule]]\nname = \"r\"\n\
             when = {{ priority = [\"urgent\", \"High\"], project = \"App\", category = [\"Bug Fixes\"], title = \"^fix\", skill = \"Security\" }}\n\
             assign_to = [\"ana\", \"BO\", \"Ana\"]\nmode = \"Prefer\"\n"
        ))
        .unwrap();
        let r = &team.rules[0];
        assert_eq!(r.name, "r");
        assert_eq!(r.line, 5);
        assert_eq!(r.when.priority, vec![Priority::Urgent, Priority::High]);
        assert_eq!(r.when.project, vec!["app"]);
        assert_eq!(r.when.category, vec!["bug fixes"]);
        assert_eq!(r.when.skill, vec!["security"]);
        assert!(r.when.title[0].is_match("FIX the build"));
        assert_eq!(r.assign_to, vec!["Ana", "Bo"]);
        assert_eq!(r.mode, RuleMode::Prefer);
    }

    #[test]
    fn rule_without_when_matches_all_and_mode_defaults_to_require() {
        let team = parse(&format!(
            "{ANA}[[rule]]\nname = \"all\"\nassign_to = \"Ana\"\n"
        ))
        .unwrap();
        assert_eq!(team.rules[0].when, RuleCondition::default());
        assert_eq!(team.rules[0].mode, RuleMode::Require);
    }

    #[test]
    fn rule_errors() {
        let rule = |body: &str| format!("{ANA}[[rule]]\nname = \"r\"\n{body}");
        assert_eq!(
            err(&rule("assign_to = \"Anna\"\n")),
            "team.toml:5: rule \"r\": unknown developer \"Anna\"; did you mean \"Ana\"?"
        );
        assert_eq!(
            err(&rule("assign_to = []\n")),
            "team.toml:5: assign_to \"[]\" must name at least one developer"
        );
        assert_eq!(
            err(&rule("")),
            "team.toml:3: rule \"r\" has no assign_to; name the developers it assigns to"
        );
        assert_eq!(
            err(&rule("assign_to = \"Ana\"\nmode = \"must\"\n")),
            "team.toml:6: mode \"must\" must be \"require\" or \"prefer\""
        );
        assert_eq!(
            err(&rule("assign_to = \"Ana\"\nwhen = { priority = \"CRITICAL\" }\n")),
            "team.toml:6: when.priority \"CRITICAL\" is not a priority (URGENT, HIGH, MEDIUM or LOW)"
        );
        assert_eq!(
            err(&rule("assign_to = \"Ana\"\nwhen = { title = \"(unclosed\" }\n")),
            "team.toml:6: rule \"r\": title pattern \"(unclosed\" is not a valid regular expression (unclosed group)"
        );
        assert_eq!(
            err(&rule("assign_to = \"Ana\"\nwhen = { project = [] }\n")),
            "team.toml:6: when.project \"[]\" must list at least one value"
        );
        assert_eq!(
            err(&rule("assign_to = \"Ana\"\nwhen = { skill = \"security:2\" }\n")),
            "team.toml:6: when.skill \"security:2\" has a level; a rule matches skill names only (write the name without :level)"
        );
        assert_eq!(
            err("[[developer]]\nname = \"A\"\n[[rule]]\nassign_to = \"A\"\n"),
            "team.toml:3: [[rule]] has no name; add name = \"...\""
        );
    }

    #[test]
    fn values_with_newlines_stay_on_one_line() {
        assert_eq!(
            err(&format!("[calendar]\nworkdays = [\"\"\"Mon\nday\"\"\"]\n{ANA}")),
            "team.toml:2: workdays \"Mon\\nday\" is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun, or the full name)"
        );
        assert_eq!(
            err(&format!("{ANA}\"weekly\\nhours\" = 1\n")),
            "team.toml:3: unknown key \"weekly\\nhours\"; did you mean \"weekly_hours\"?"
        );
        assert_eq!(
            err(&format!(
                "{ANA}[[rule]]\nname = \"r\"\nassign_to = '''An\na'''\n"
            )),
            "team.toml:5: rule \"r\": unknown developer \"An\\na\"; did you mean \"Ana\"?"
        );
    }

    #[test]
    fn bom_is_ignored() {
        assert!(parse(&format!("\u{feff}{ANA}")).is_ok());
    }

    #[test]
    fn read_team_reports_io_and_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.toml");
        let e = read_team(&missing).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let latin1 = dir.path().join("latin1.toml");
        std::fs::write(&latin1, b"[[developer]]\nname = \"Jos\xe9\"\n").unwrap();
        let e = read_team(&latin1).unwrap_err().to_string();
        assert!(
            e.ends_with("latin1.toml:2: the file is not UTF-8 text (byte 25); save it as UTF-8"),
            "{e}"
        );
        let good = dir.path().join("team.toml");
        std::fs::write(&good, ANA).unwrap();
        assert_eq!(read_team(&good).unwrap().developers[0].name, "Ana");
    }
}
