//! The team: developers, their skills and availability, the calendar, the
//! priority weights and the assignment rules, as read from the TOML team file
//! (SPEC section 3).
//!
//! Reading lives in [`crate::team_file`]; calendar arithmetic in
//! [`crate::calendar`]; who may take which task in [`crate::eligibility`].

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use regex::Regex;

use crate::model::{Priority, Skill};

/// The team calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// First planning day.
    pub start: NaiveDate,
    /// Work starts at this time on a working day.
    pub day_start: NaiveTime,
    /// Length of a full-time working day, in hours (> 0).
    pub hours_per_day: f64,
    /// Working weekdays, Monday first, without repeats.
    pub workdays: Vec<Weekday>,
    /// Days off for everyone.
    pub holidays: BTreeSet<NaiveDate>,
    /// Sprint length in weeks (>= 1).
    pub sprint_weeks: u32,
    /// The day planning starts from (`--as-of`, SPEC 7.2): nothing is
    /// scheduled before it, while sprints keep counting from `start`.
    /// None: plan from `start`.
    pub as_of: Option<NaiveDate>,
}

impl Calendar {
    /// The first day work may be planned on: the as-of date, or `start`
    /// when there is none or it lies before `start`.
    pub fn plan_start(&self) -> NaiveDate {
        self.as_of.map_or(self.start, |a| a.max(self.start))
    }
}

impl Default for Calendar {
    /// Monday to Friday, 8-hour days from 09:00, two-week sprints, starting
    /// 2026-11-30 (used when a backlog is checked without a team file).
    fn default() -> Self {
        Calendar {
            start: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default(),
            day_start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            hours_per_day: 8.0,
            workdays: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            holidays: BTreeSet::new(),
            sprint_weeks: 2,
            as_of: None,
        }
    }
}

/// Priority weights of the `weighted` objective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Weight of URGENT tasks (default 1000).
    pub urgent: f64,
    /// Weight of HIGH tasks (default 100).
    pub high: f64,
    /// Weight of MEDIUM tasks (default 10).
    pub medium: f64,
    /// Weight of LOW tasks (default 1).
    pub low: f64,
    /// Cost of moving a task away from the developer an earlier plan gave
    /// it (`[stability] reassign_hours`, SPEC 7.3), in hours of the task's
    /// weighted finish, like `prefer_penalty_hours`: a move must gain more
    /// than weight × this many hours (default 8).
    pub reassign_hours: f64,
    /// What an hour past a task's due date costs (`[weights] late_per_hour`,
    /// SPEC 9.2), in hours of an URGENT task's finish: under the weighted
    /// objective a late hour of any task counts like this many hours of
    /// finish at the highest priority weight (default 10: 10,000 with the
    /// default weights); under the makespan, like this many hours of
    /// makespan.
    pub late_per_hour: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            urgent: 1000.0,
            high: 100.0,
            medium: 10.0,
            low: 1.0,
            reassign_hours: 8.0,
            late_per_hour: 10.0,
        }
    }
}

impl Weights {
    /// The weight of a priority.
    pub fn of(&self, p: Priority) -> f64 {
        match p {
            Priority::Urgent => self.urgent,
            Priority::High => self.high,
            Priority::Medium => self.medium,
            Priority::Low => self.low,
        }
    }
}

/// An inclusive range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateRange {
    /// First day.
    pub first: NaiveDate,
    /// Last day (inclusive).
    pub last: NaiveDate,
}

impl DateRange {
    /// Whether `day` falls in the range.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }
}

/// Time off as part of a day or a few: the date-times `[start, end)`
/// (start inclusive, end exclusive), from an hour range or a half day of
/// the team file. Only the working time inside it is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeRange {
    /// First minute off.
    pub start: NaiveDateTime,
    /// First minute back at work.
    pub end: NaiveDateTime,
}

impl TimeRange {
    /// Whether the range and `[from, to)` share a minute.
    pub fn overlaps(&self, from: NaiveDateTime, to: NaiveDateTime) -> bool {
        self.start < to && from < self.end
    }
}

/// One developer.
#[derive(Debug, Clone, PartialEq)]
pub struct Developer {
    /// Unique name.
    pub name: String,
    /// Role, for reports.
    pub role: String,
    /// Hours per week (default hours_per_day × the developer's workdays).
    pub weekly_hours: f64,
    /// Share of working time available for planned tasks, in (0, 1].
    pub focus: f64,
    /// Skills with levels (names lower-case).
    pub skills: Vec<Skill>,
    /// Days off, inclusive ranges.
    pub time_off: Vec<DateRange>,
    /// Parts of days off (hour ranges, half days), sorted by start.
    pub hours_off: Vec<TimeRange>,
    /// The developer's own weekdays (a subset of the team's, Monday first);
    /// None: the team's `[calendar] workdays`.
    pub workdays: Option<Vec<Weekday>>,
    /// First day the developer can work, when they join late.
    pub available_from: Option<NaiveDate>,
    /// Last day the developer can work, when they leave early.
    pub available_until: Option<NaiveDate>,
    /// Line of the `[[developer]]` table in the team file (0 when unknown).
    pub line: usize,
}

impl Developer {
    /// A developer with no skills, full focus, no time off, the team's
    /// workdays and no availability window: the defaults of a team file's
    /// `[[developer]]` table with only a name and weekly hours.
    pub fn new(name: impl Into<String>, weekly_hours: f64) -> Developer {
        Developer {
            name: name.into(),
            role: String::new(),
            weekly_hours,
            focus: 1.0,
            skills: Vec::new(),
            time_off: Vec::new(),
            hours_off: Vec::new(),
            workdays: None,
            available_from: None,
            available_until: None,
            line: 0,
        }
    }

    /// The level the developer has in a skill (None when they lack it);
    /// skill names compare as [`same_name`].
    pub fn level(&self, skill: &str) -> Option<u32> {
        self.skills
            .iter()
            .filter(|s| same_name(&s.name, skill))
            .map(|s| s.level)
            .max()
    }

    /// The weekdays the developer works: their own, or the team's.
    pub fn workdays<'a>(&'a self, calendar: &'a Calendar) -> &'a [Weekday] {
        self.workdays
            .as_deref()
            .unwrap_or(calendar.workdays.as_slice())
    }

    /// Whether `day` is one of the developer's working weekdays (holidays,
    /// time off and availability aside).
    pub fn works_on(&self, calendar: &Calendar, day: Weekday) -> bool {
        self.workdays(calendar).contains(&day)
    }

    /// Whether the developer has `need` at or above its level.
    pub fn has(&self, need: &Skill) -> bool {
        self.level(&need.name).is_some_and(|l| l >= need.level)
    }
}

/// Whether a rule restricts or only prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleMode {
    /// Only the named developers may take matching tasks.
    Require,
    /// The named developers should take matching tasks unless that costs more
    /// than the prefer penalty.
    Prefer,
}

impl RuleMode {
    /// `require` or `prefer`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleMode::Require => "require",
            RuleMode::Prefer => "prefer",
        }
    }
}

/// The `when` table of a rule: every non-empty key must match; a key matches
/// when any of its values does.
#[derive(Debug, Clone, Default)]
pub struct RuleCondition {
    /// Priorities.
    pub priority: Vec<Priority>,
    /// Projects, lower-case.
    pub project: Vec<String>,
    /// Categories, lower-case.
    pub category: Vec<String>,
    /// Title patterns, searched in the title.
    pub title: Vec<Regex>,
    /// Skill names a task requires, lower-case.
    pub skill: Vec<String>,
}

impl PartialEq for RuleCondition {
    fn eq(&self, other: &Self) -> bool {
        self.priority == other.priority
            && self.project == other.project
            && self.category == other.category
            && self.skill == other.skill
            && self.title.len() == other.title.len()
            && self
                .title
                .iter()
                .zip(&other.title)
                .all(|(a, b)| a.as_str() == b.as_str())
    }
}

/// An assignment rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The rule's name (unique; scenarios refer to it).
    pub name: String,
    /// Which tasks it applies to.
    pub when: RuleCondition,
    /// Developers the matching tasks go to (names as in the team).
    pub assign_to: Vec<String>,
    /// Require or prefer.
    pub mode: RuleMode,
    /// Line of the `[[rule]]` table (0 when unknown).
    pub line: usize,
}

/// A whole team file.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    /// The source name (file path).
    pub source: String,
    /// Working days and hours.
    pub calendar: Calendar,
    /// Objective weights.
    pub weights: Weights,
    /// Cost of breaking a `prefer` rule, in hours of the task's weighted
    /// finish: breaking it must gain more than weight × this many hours.
    pub prefer_penalty_hours: f64,
    /// Developers in file order.
    pub developers: Vec<Developer>,
    /// Rules in file order.
    pub rules: Vec<Rule>,
}

/// Whether two names of a developer, rule or skill name the same one: the
/// one rule of every lookup by name. Surrounding white space aside, and
/// without regard to case in any script (`ZOË` is `Zoë`).
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    // Lower-casing allocates; most names are ASCII, where comparing
    // without case is the same test (a non-ASCII name may lower-case to an
    // ASCII one, as the Kelvin sign does to `k`: those take the long way).
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a == b || a.to_lowercase() == b.to_lowercase()
}

impl Team {
    /// The developer with this name ([`same_name`]).
    pub fn developer(&self, name: &str) -> Option<&Developer> {
        self.developers.iter().find(|d| same_name(&d.name, name))
    }

    /// Index of the developer with this name ([`same_name`]).
    pub fn developer_index(&self, name: &str) -> Option<usize> {
        self.developers
            .iter()
            .position(|d| same_name(&d.name, name))
    }

    /// Index of the rule with this name ([`same_name`]).
    pub fn rule_index(&self, name: &str) -> Option<usize> {
        self.rules.iter().position(|r| same_name(&r.name, name))
    }
}

/// The team file's `[forecast]` table: defaults of the Monte Carlo forecast
/// (see [`crate::forecast`]). Kept apart from [`Team`], which is what a plan
/// needs; [`crate::team_file::read_team_file`] returns both.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ForecastSettings {
    /// P90 ÷ median of a task's effort when the task gives no `range` (at
    /// least 1; 1 means no uncertainty). `None` when the file does not say:
    /// then [`crate::forecast::DEFAULT_UNCERTAINTY`] applies.
    pub uncertainty: Option<f64>,
}
