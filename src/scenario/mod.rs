//! What-if scenarios (SPEC section 6): the scenario file, read from TOML into
//! [`Scenario`]s, and each scenario's changes applied to a copy of the
//! baseline backlog and team.
//!
//! Reading follows [`crate::team_file`] and shares its reader: a survey of the
//! parsed document finds unknown keys (with a "did you mean" from the keys
//! valid in that table), serde turns it into raw structs that keep their
//! spans, and the values are checked and converted. Every error is one line
//! `FILE:LINE: problem`.
//!
//! Applying ([`Scenario::apply`]) checks what needs the baseline: developer
//! and rule names (with suggestions), and selectors, each of whose values
//! must match at least one open task (a value that matches nothing is almost
//! always a typo, and a scenario that silently changes nothing would be
//! misleading). Changes apply in the order they are written, so a scenario
//! may add a developer and then name them in a rule.
//!
//! Choices where SPEC is silent (docs/scenarios.md is the user's reference):
//! - `drop_tasks` marks the matching open tasks done: they are not planned,
//!   and tasks that depend on them no longer wait for them (a warning names
//!   each such task);
//! - `remove_developer` leaves rules that name the developer as they are:
//!   a `require` rule whose developers are all gone leaves its tasks with
//!   nobody, and planning explains that infeasibility;
//! - `scale_hours` multiplies `hours` and the `low`/`high` range of the
//!   matching open tasks, so forecasts scale too.

mod apply;
mod read;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

use crate::eligibility::condition_matches;
use crate::model::{Backlog, Skill, Task, Warning};
use crate::team::{DateRange, Developer, RuleCondition, RuleMode, Team};

pub use read::{parse_scenarios, read_scenarios};

/// The name of the plan without changes; no scenario may take it.
pub const BASELINE: &str = "baseline";

/// The most a `scale_hours` factor may be: beyond it the plan's horizon, not
/// the question, is what gets measured.
pub const MAX_SCALE: f64 = 100.0;

/// A scenario file: its scenarios in file order.
#[derive(Debug, Clone)]
pub struct ScenarioFile {
    /// The file name as given (for messages).
    pub source: String,
    /// The scenarios, in file order.
    pub scenarios: Vec<Scenario>,
}

/// One scenario: a name and the changes it makes to the baseline.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Unique name (case-insensitive).
    pub name: String,
    /// Free text, shown in reports.
    pub description: Option<String>,
    /// Line of the `[[scenario]]` table.
    pub line: usize,
    /// The changes, in the order they are written (and applied).
    pub changes: Vec<Change>,
}

/// One change of a scenario, with the line it is written on.
#[derive(Debug, Clone)]
pub struct Change {
    /// Line of the change's key.
    pub line: usize,
    /// What it changes.
    pub kind: ChangeKind,
}

/// What a change does.
#[derive(Debug, Clone)]
pub enum ChangeKind {
    /// A developer joins the team (`add_developer`).
    AddDeveloper(Developer),
    /// Developers leave the team (`remove_developer`).
    RemoveDeveloper(Vec<Named>),
    /// A developer's hours, focus, skills or dates change (`set_developer`).
    SetDeveloper(DeveloperUpdate),
    /// Developers get more time off (`add_time_off`).
    AddTimeOff {
        /// Who.
        developers: Vec<Named>,
        /// The days off, inclusive ranges.
        days: Vec<DateRange>,
    },
    /// Matching open tasks are not done (`drop_tasks`).
    DropTasks(Selector),
    /// A rule's mode or developers change (`set_rule`).
    SetRule(RuleUpdate),
    /// Rules are removed (`remove_rule`).
    RemoveRule(Vec<Named>),
    /// Priority weights or the prefer penalty change (`set_weights`).
    SetWeights(WeightsUpdate),
    /// Estimates of matching open tasks are multiplied (`scale_hours`).
    ScaleHours {
        /// The factor (> 0).
        factor: f64,
        /// Which tasks; every open task when it has no condition.
        selector: Selector,
    },
}

impl ChangeKind {
    /// The key the change is written with.
    pub fn key(&self) -> &'static str {
        match self {
            ChangeKind::AddDeveloper(_) => "add_developer",
            ChangeKind::RemoveDeveloper(_) => "remove_developer",
            ChangeKind::SetDeveloper(_) => "set_developer",
            ChangeKind::AddTimeOff { .. } => "add_time_off",
            ChangeKind::DropTasks(_) => "drop_tasks",
            ChangeKind::SetRule(_) => "set_rule",
            ChangeKind::RemoveRule(_) => "remove_rule",
            ChangeKind::SetWeights(_) => "set_weights",
            ChangeKind::ScaleHours { .. } => "scale_hours",
        }
    }
}

/// A name as written in the scenario file, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The name, trimmed.
    pub name: String,
    /// Its line.
    pub line: usize,
}

/// The fields `set_developer` changes; `None` leaves a field as it is.
#[derive(Debug, Clone)]
pub struct DeveloperUpdate {
    /// Which developer.
    pub name: Named,
    /// New role.
    pub role: Option<String>,
    /// New weekly hours.
    pub weekly_hours: Option<f64>,
    /// New focus.
    pub focus: Option<f64>,
    /// New skills (replace the old ones).
    pub skills: Option<Vec<Skill>>,
    /// Skills added (or raised to this level).
    pub add_skills: Vec<Skill>,
    /// New first day of availability.
    pub available_from: Option<NaiveDate>,
    /// New last day of availability.
    pub available_until: Option<NaiveDate>,
}

/// The fields `set_rule` changes.
#[derive(Debug, Clone)]
pub struct RuleUpdate {
    /// Which rule.
    pub name: Named,
    /// New mode.
    pub mode: Option<RuleMode>,
    /// New developers (replace the old ones).
    pub assign_to: Option<Vec<Named>>,
}

/// The weights `set_weights` changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WeightsUpdate {
    /// URGENT.
    pub urgent: Option<f64>,
    /// HIGH.
    pub high: Option<f64>,
    /// MEDIUM.
    pub medium: Option<f64>,
    /// LOW.
    pub low: Option<f64>,
    /// The prefer penalty in hours.
    pub prefer_penalty_hours: Option<f64>,
}

/// Which open tasks a change applies to: every key must match, a key matches
/// when any of its values does (as a rule's `when`), and `id` names tasks.
#[derive(Debug, Clone, Default)]
pub struct Selector {
    /// priority, project, category, title (regex), skill.
    pub when: RuleCondition,
    /// Task ids (case-insensitive, as dependencies).
    pub ids: Vec<Named>,
    /// The selector as written, for messages (empty: every open task).
    pub text: String,
}

impl Selector {
    /// Whether the selector names no condition (every open task).
    pub fn is_all(&self) -> bool {
        self.text.is_empty()
    }

    /// Whether an open task matches.
    pub fn matches(&self, task: &Task) -> bool {
        condition_matches(&self.when, task)
            && (self.ids.is_empty() || self.ids.iter().any(|id| same_id(&id.name, &task.id)))
    }
}

fn same_id(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A scenario applied to the baseline.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The scenario's backlog.
    pub backlog: Backlog,
    /// The scenario's team.
    pub team: Team,
    /// Ids of the open tasks the scenario drops, in backlog order.
    pub dropped: Vec<String>,
    /// Warnings (`FILE:LINE: warning: ...`, the scenario file's line).
    pub warnings: Vec<Warning>,
}
