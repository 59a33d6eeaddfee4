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
//!   [`Team::prefer_penalty_hours`], and `late_per_hour` (default 10) sets
//!   [`Weights::late_per_hour`];
//! - a developer: the team's `workdays`, `weekly_hours = hours_per_day ×
//!   len(their workdays)`, `focus = 1.0`, `role = ""`, no skills, no time off,
//!   available for the whole plan. Their own `workdays` must be team
//!   workdays: the planning clock counts the team's business days only, so a
//!   developer's Saturday would be time nobody plans or reports against (the
//!   file is refused, naming the day and both ways out);
//! - a rule: `mode = "require"`; a rule without `when` applies to every task;
//! - `[forecast]`: `uncertainty` (P90 ÷ median effort, from 1 to 10) unset, so
//!   the forecast's default applies ([`crate::forecast::DEFAULT_UNCERTAINTY`]);
//! - `[stability]`: `reassign_hours` = 8 ([`Weights::reassign_hours`]): with
//!   `plan --previous`, moving a task away from its previous developer must
//!   gain more than the task's weight × 8 hours.
//!
//! Accepted spellings: dates as strings (`"2026-12-25"`) or TOML dates
//! (`2026-12-25`); `day_start` as `"HH:MM"`, `"HH:MM:SS"` or a TOML time;
//! weekdays as `Mon` or `Monday` in any case; each `time_off` entry is a
//! `[first, last]` pair of dates (inclusive) or a single date for whole days,
//! a half day `"YYYY-MM-DD am"` / `"YYYY-MM-DD pm"` (also `morning` /
//! `afternoon`), or an hour range `["YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM"]`
//! (start inclusive, end exclusive, may run over several days; TOML local
//! date-times too). A half day splits the date at the middle of the team's
//! working day (`day_start + hours_per_day / 2`, 13:00 by default): `am` is
//! off before it, `pm` from it on. An hour range that holds no minute of
//! the team's working hours (`day_start` to `day_start + hours_per_day`) on
//! any of its dates takes nothing off and is refused as a likely typo; every `when`
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
    Calendar, Developer, ForecastSettings, Rule, RuleCondition, RuleMode, Team, Weights,
};
use crate::toml_read::{fmt_number, line_of, FieldSpans, List, Reader, Survey, TableKeys};
use crate::Result;
use time_off::TimeOff;

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
    let (source, text) = crate::input::read_text(path)?;
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
    valid: &[
        "calendar",
        "weights",
        "developer",
        "rule",
        "forecast",
        "stability",
    ],
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
    valid: &[
        "URGENT",
        "HIGH",
        "MEDIUM",
        "LOW",
        "prefer_penalty_hours",
        "late_per_hour",
    ],
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
        "workdays",
    ],
    prefix: "",
    any_case: false,
};
const STABILITY: TableKeys = TableKeys {
    valid: &["reassign_hours"],
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
    stability: Option<RawStability>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStability {
    reassign_hours: Option<Spanned<f64>>,
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
    pub(crate) workdays: Option<Spanned<List>>,
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
                "calendar" | "weights" | "forecast" | "stability" => {
                    let keys = match name {
                        "calendar" => &CALENDAR,
                        "weights" => &WEIGHTS,
                        "stability" => &STABILITY,
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
        let (mut weights, prefer_penalty_hours) = self.weights(raw.weights.unwrap_or_default())?;
        if let Some(v) = raw
            .stability
            .as_ref()
            .and_then(|s| s.reassign_hours.as_ref())
        {
            let hours = *v.get_ref();
            if !(hours.is_finite() && hours >= 0.0) {
                return Err(self.bad_value(
                    &v.span(),
                    "reassign_hours",
                    self.written(&v.span()),
                    "must be a number of hours, at least 0 (0: re-plans ignore the previous plan)",
                ));
            }
            weights.reassign_hours = hours;
        }
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
                "LATE_PER_HOUR" => weights.late_per_hour = v,
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
        let workdays = match &d.workdays {
            Some(field) => Some(self.own_workdays(field, calendar)?),
            None => None,
        };
        let days = workdays.as_ref().unwrap_or(&calendar.workdays).len();
        let weekly_hours = match &d.weekly_hours {
            Some(v) => self.weekly_hours_over(v, calendar, days)?,
            None => calendar.hours_per_day * days as f64,
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
        let mut hours_off = Vec::new();
        if let Some(field) = &d.time_off {
            for item in List::items(field) {
                match self.time_off(&item, calendar)? {
                    TimeOff::Days(r) => time_off.push(r),
                    TimeOff::Hours(r) => hours_off.push(r),
                }
            }
        }
        hours_off.sort();
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
            hours_off,
            workdays,
            available_from,
            available_until,
            line,
        })
    }

    /// A developer's own `workdays`: weekdays as in `[calendar]`, each one
    /// of the team's workdays.
    fn own_workdays(&self, field: &Spanned<List>, calendar: &Calendar) -> Result<Vec<Weekday>> {
        let days = self.workdays(field)?;
        for item in List::items(field) {
            let Some(day) = item.get_ref().as_str().and_then(weekday) else {
                continue;
            };
            if !calendar.workdays.contains(&day) {
                return Err(self.bad_value(
                    &item.span(),
                    "workdays",
                    self.written(&item.span()),
                    "is not a team workday, and the plan counts team workdays only; add it to [calendar] workdays or drop it here",
                ));
            }
        }
        Ok(days)
    }

    /// `weekly_hours`: more than 0, at most 168, and a working day that ends
    /// by midnight.
    pub(crate) fn weekly_hours(&self, v: &Spanned<f64>, calendar: &Calendar) -> Result<f64> {
        self.weekly_hours_over(v, calendar, calendar.workdays.len())
    }

    /// `weekly_hours` of a developer who works `days` days a week.
    fn weekly_hours_over(&self, v: &Spanned<f64>, calendar: &Calendar, days: usize) -> Result<f64> {
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
        let per_day = h / days.max(1) as f64;
        let room = 24.0 - f64::from(calendar.day_start.num_seconds_from_midnight()) / 3600.0;
        if per_day > room {
            return Err(self.bad_value(
                &v.span(),
                "weekly_hours",
                self.written(&v.span()),
                format!(
                    "over {} workdays is {} hours a day, more than fit between day_start {} and midnight",
                    days,
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
                .find(|d| crate::team::same_name(&d.name, who))
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

mod time_off;

#[cfg(test)]
mod tests;
