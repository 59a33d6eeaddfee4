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

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::{Spanned, Value};

use crate::eligibility::condition_matches;
use crate::error::{closest, Error, Location, Problem};
use crate::graph::TaskGraph;
use crate::model::{Backlog, Priority, Skill, Status, Task, Warning};
use crate::team::{DateRange, Developer, RuleCondition, RuleMode, Team};
use crate::team_file::{compile_title, RawDeveloper, DEVELOPER};
use crate::toml_read::{
    fmt_number, line_of, one_line, one_line_problem, FieldSpans, List, Reader, Survey, TableKeys,
};
use crate::Result;

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

// ---------------------------------------------------------------------------
// Reading

/// Reads a scenario file from disk. `team` gives the calendar that
/// `add_developer` defaults and `weekly_hours` checks depend on.
///
/// An unreadable file is [`Error::Io`]; a file that is not UTF-8 is
/// [`Problem::NotText`]; everything else is as [`parse_scenarios`].
pub fn read_scenarios(path: &Path, team: &Team) -> Result<ScenarioFile> {
    let source = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(source.clone(), e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Error::input(
            Location::new(source.clone(), line_of(e.as_bytes(), offset)),
            Problem::NotText { offset },
        )
    })?;
    parse_scenarios(&source, &text, team)
}

/// Parses the text of a scenario file; `source` names the file in messages.
///
/// ```
/// use sprintcast::{scenario, team_file};
///
/// let team = team_file::parse_team("team.toml", "[[developer]]\nname = \"Ana\"\n").unwrap();
/// let file = scenario::parse_scenarios(
///     "scenarios.toml",
///     "[[scenario]]\nname = \"Ana at half time\"\nset_developer = { name = \"Ana\", weekly_hours = 20 }\n",
///     &team,
/// )
/// .unwrap();
/// assert_eq!(file.scenarios[0].changes[0].kind.key(), "set_developer");
///
/// let err = scenario::parse_scenarios(
///     "scenarios.toml",
///     "[[scenario]]\nname = \"x\"\nset_developer = { name = \"Ana\", weekly_hour = 20 }\n",
///     &team,
/// )
/// .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "scenarios.toml:3: unknown key \"set_developer.weekly_hour\"; did you mean \"set_developer.weekly_hours\"?"
/// );
/// ```
pub fn parse_scenarios(source: &str, text: &str, team: &Team) -> Result<ScenarioFile> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let reader = Reader { source, text };
    let document = DeTable::parse(text).map_err(|e| reader.syntax(&e))?;
    let fields = survey(&reader, document.get_ref())?;
    let raw = RawFile::deserialize(toml::de::Deserializer::from(document))
        .map_err(|e| reader.wrong_type(&e, &fields))?;
    let read = Read {
        reader: &reader,
        team,
    };
    let mut scenarios: Vec<Scenario> = Vec::with_capacity(raw.scenario.len());
    for s in &raw.scenario {
        let scenario = read.scenario(s)?;
        let name_span = s.get_ref().name.as_ref().map_or(s.span(), |n| n.span());
        if scenario.name.eq_ignore_ascii_case(BASELINE) {
            return Err(reader.bad_value(
                &name_span,
                "name",
                scenario.name.clone(),
                "is reserved for the plan without changes; choose another name",
            ));
        }
        let earlier = scenarios.iter().map(|o| (o.name.as_str(), o.line));
        reader.unique_name(&name_span, "scenario", &scenario.name, earlier)?;
        scenarios.push(scenario);
    }
    if scenarios.is_empty() {
        return Err(Error::input(
            Location::new(source, 0),
            Problem::Syntax {
                message:
                    "the file has no scenarios; add a [[scenario]] table with a name and a change"
                        .to_string(),
            },
        ));
    }
    Ok(ScenarioFile {
        source: source.to_string(),
        scenarios,
    })
}

/// The name of the plan without changes; no scenario may take it.
pub const BASELINE: &str = "baseline";

// -- keys --------------------------------------------------------------------

/// The change keys, in the order the docs list them.
pub const CHANGE_KEYS: [&str; 9] = [
    "add_developer",
    "remove_developer",
    "set_developer",
    "add_time_off",
    "drop_tasks",
    "set_rule",
    "remove_rule",
    "set_weights",
    "scale_hours",
];

const TOP: TableKeys = TableKeys {
    valid: &["scenario"],
    prefix: "",
    any_case: false,
};
const SCENARIO: TableKeys = TableKeys {
    valid: &[
        "name",
        "description",
        "changes",
        "add_developer",
        "remove_developer",
        "set_developer",
        "add_time_off",
        "drop_tasks",
        "set_rule",
        "remove_rule",
        "set_weights",
        "scale_hours",
    ],
    prefix: "",
    any_case: false,
};
const CHANGE: TableKeys = TableKeys {
    valid: &CHANGE_KEYS,
    prefix: "",
    any_case: false,
};
const ADD_DEVELOPER: &[&str] = &["from", "until"];
const SET_DEVELOPER: TableKeys = TableKeys {
    valid: &[
        "name",
        "role",
        "weekly_hours",
        "focus",
        "skills",
        "add_skills",
        "from",
        "until",
        "available_from",
        "available_until",
    ],
    prefix: "set_developer.",
    any_case: false,
};
const ADD_TIME_OFF: TableKeys = TableKeys {
    valid: &["developer", "time_off"],
    prefix: "add_time_off.",
    any_case: false,
};
const SELECTOR_KEYS: [&str; 6] = ["priority", "project", "category", "title", "skill", "id"];
const DROP_TASKS: TableKeys = TableKeys {
    valid: &SELECTOR_KEYS,
    prefix: "drop_tasks.",
    any_case: false,
};
const SCALE_HOURS: TableKeys = TableKeys {
    valid: &[
        "factor", "priority", "project", "category", "title", "skill", "id",
    ],
    prefix: "scale_hours.",
    any_case: false,
};
const SET_RULE: TableKeys = TableKeys {
    valid: &["name", "mode", "assign_to"],
    prefix: "set_rule.",
    any_case: false,
};
const SET_WEIGHTS: TableKeys = TableKeys {
    valid: &["URGENT", "HIGH", "MEDIUM", "LOW", "prefer_penalty_hours"],
    prefix: "set_weights.",
    any_case: true,
};

/// Step 1: unknown keys and misshapen tables, the first in the file wins;
/// returns the span of every known key's value.
fn survey(reader: &Reader<'_>, root: &DeTable<'_>) -> Result<FieldSpans> {
    let mut survey = Survey::default();
    reader.check_keys(root, &TOP, &mut survey);
    if let Some(value) = root.get("scenario") {
        let shape = "`scenario` must be a list of tables: write [[scenario]] (double brackets) before each scenario";
        match value.get_ref() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(table) => {
                            survey_changes(reader, table, &SCENARIO, &mut survey)
                        }
                        _ => survey
                            .problem(&item.span(), reader.shape(&item.span(), shape.to_string())),
                    }
                }
            }
            _ => survey.problem(
                &value.span(),
                reader.shape(&value.span(), shape.to_string()),
            ),
        }
    }
    match survey.problems.into_iter().min_by_key(|(start, _)| *start) {
        Some((_, e)) => Err(e),
        None => Ok(survey.fields),
    }
}

/// Checks a scenario table (or one item of its `changes`) and the tables of
/// its changes.
fn survey_changes(reader: &Reader<'_>, table: &DeTable<'_>, keys: &TableKeys, survey: &mut Survey) {
    reader.check_keys(table, keys, survey);
    for (key, value) in table {
        let key: &str = key.get_ref();
        let DeValue::Table(inner) = value.get_ref() else {
            if key == "changes" {
                if let DeValue::Array(items) = value.get_ref() {
                    for item in items.iter() {
                        if let DeValue::Table(change) = item.get_ref() {
                            survey_changes(reader, change, &CHANGE, survey);
                        }
                    }
                }
            }
            continue;
        };
        let add_developer;
        let inner_keys = match key {
            "add_developer" => {
                add_developer = TableKeys {
                    valid: add_developer_keys(),
                    prefix: "add_developer.",
                    any_case: false,
                };
                &add_developer
            }
            "set_developer" => &SET_DEVELOPER,
            "add_time_off" => &ADD_TIME_OFF,
            "drop_tasks" => &DROP_TASKS,
            "scale_hours" => &SCALE_HOURS,
            "set_rule" => &SET_RULE,
            "set_weights" => &SET_WEIGHTS,
            _ => continue,
        };
        reader.check_keys(inner, inner_keys, survey);
    }
}

/// The keys of `add_developer`: a team file developer's, plus `from` and
/// `until` (SPEC section 6 spells the first day `from`).
fn add_developer_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: Vec<&'static str> = DEVELOPER.valid.to_vec();
        keys.extend_from_slice(ADD_DEVELOPER);
        keys
    })
    .as_slice()
}

// -- raw layer -----------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    scenario: Vec<Spanned<RawChanges>>,
}

/// A scenario table, or one item of its `changes` list: the survey allows
/// `name`, `description` and `changes` in the first only.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChanges {
    name: Option<Spanned<String>>,
    description: Option<String>,
    changes: Option<Vec<Spanned<RawChanges>>>,
    add_developer: Option<Spanned<RawAddDeveloper>>,
    remove_developer: Option<Spanned<List>>,
    set_developer: Option<Spanned<RawSetDeveloper>>,
    add_time_off: Option<Spanned<RawTimeOff>>,
    drop_tasks: Option<Spanned<RawSelector>>,
    set_rule: Option<Spanned<RawSetRule>>,
    remove_rule: Option<Spanned<List>>,
    set_weights: Option<Spanned<BTreeMap<String, Spanned<f64>>>>,
    scale_hours: Option<Spanned<RawScale>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAddDeveloper {
    name: Option<Spanned<String>>,
    role: Option<String>,
    weekly_hours: Option<Spanned<f64>>,
    focus: Option<Spanned<f64>>,
    skills: Option<Spanned<List>>,
    time_off: Option<Spanned<List>>,
    available_from: Option<Spanned<Value>>,
    available_until: Option<Spanned<Value>>,
    from: Option<Spanned<Value>>,
    until: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSetDeveloper {
    name: Option<Spanned<String>>,
    role: Option<String>,
    weekly_hours: Option<Spanned<f64>>,
    focus: Option<Spanned<f64>>,
    skills: Option<Spanned<List>>,
    add_skills: Option<Spanned<List>>,
    available_from: Option<Spanned<Value>>,
    available_until: Option<Spanned<Value>>,
    from: Option<Spanned<Value>>,
    until: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeOff {
    developer: Option<Spanned<List>>,
    time_off: Option<Spanned<List>>,
}

/// A selector; `factor` only in `scale_hours` (the survey sees to that).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSelector {
    factor: Option<Spanned<f64>>,
    priority: Option<Spanned<List>>,
    project: Option<Spanned<List>>,
    category: Option<Spanned<List>>,
    title: Option<Spanned<List>>,
    skill: Option<Spanned<List>>,
    id: Option<Spanned<List>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSetRule {
    name: Option<Spanned<String>>,
    mode: Option<Spanned<String>>,
    assign_to: Option<Spanned<List>>,
}

/// `scale_hours = 1.3` or `scale_hours = { factor = 1.3, priority = "LOW" }`.
enum RawScale {
    Factor(f64),
    Table(Box<RawSelector>),
}

impl<'de> Deserialize<'de> for RawScale {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScaleVisitor)
    }
}

struct ScaleVisitor;

impl<'de> Visitor<'de> for ScaleVisitor {
    type Value = RawScale;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a table")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawScale, E> {
        Ok(RawScale::Factor(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawScale, E> {
        Ok(RawScale::Factor(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawScale, E> {
        Ok(RawScale::Factor(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawScale, A::Error> {
        RawSelector::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|t| RawScale::Table(Box::new(t)))
    }
}

// -- conversion --------------------------------------------------------------

/// Step 3: checks and conversion into the domain types.
struct Read<'r, 'a> {
    reader: &'r Reader<'a>,
    team: &'r Team,
}

impl Read<'_, '_> {
    fn line(&self, span: &Range<usize>) -> usize {
        line_of(self.reader.text.as_bytes(), span.start)
    }

    fn syntax(&self, span: &Range<usize>, message: String) -> Error {
        self.reader.error(span, Problem::Syntax { message })
    }

    fn scenario(&self, raw: &Spanned<RawChanges>) -> Result<Scenario> {
        let line = self.line(&raw.span());
        let s = raw.get_ref();
        let name = self.reader.name(s.name.as_ref(), &raw.span(), "scenario")?;
        let mut changes: Vec<(usize, Change)> = Vec::new();
        self.changes(s, &mut changes)?;
        for item in s.changes.iter().flatten() {
            let before = changes.len();
            self.changes(item.get_ref(), &mut changes)?;
            if changes.len() == before {
                return Err(self.syntax(
                    &item.span(),
                    format!(
                        "scenario \"{name}\": an item of `changes` has no change; write one of {}",
                        CHANGE_KEYS.join(", ")
                    ),
                ));
            }
        }
        if changes.is_empty() {
            return Err(self.syntax(
                &raw.span(),
                format!(
                    "scenario \"{name}\" has no changes; add one of {}",
                    CHANGE_KEYS.join(", ")
                ),
            ));
        }
        changes.sort_by_key(|(start, _)| *start);
        Ok(Scenario {
            name,
            description: s
                .description
                .as_ref()
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            line,
            changes: changes.into_iter().map(|(_, c)| c).collect(),
        })
    }

    /// The changes written in one table, each with the offset it starts at.
    fn changes(&self, s: &RawChanges, out: &mut Vec<(usize, Change)>) -> Result<()> {
        let mut push = |span: Range<usize>, kind: ChangeKind| {
            out.push((
                span.start,
                Change {
                    line: self.line(&span),
                    kind,
                },
            ));
        };
        if let Some(v) = &s.add_developer {
            push(v.span(), ChangeKind::AddDeveloper(self.add_developer(v)?));
        }
        if let Some(v) = &s.remove_developer {
            let names = self.names(v, "remove_developer")?;
            push(v.span(), ChangeKind::RemoveDeveloper(names));
        }
        if let Some(v) = &s.set_developer {
            push(v.span(), ChangeKind::SetDeveloper(self.set_developer(v)?));
        }
        if let Some(v) = &s.add_time_off {
            push(v.span(), self.add_time_off(v)?);
        }
        if let Some(v) = &s.drop_tasks {
            let selector = self.selector(v.get_ref(), "drop_tasks")?;
            if selector.is_all() {
                return Err(self.syntax(
                    &v.span(),
                    format!(
                        "drop_tasks needs at least one of {} to say which tasks",
                        SELECTOR_KEYS.join(", ")
                    ),
                ));
            }
            push(v.span(), ChangeKind::DropTasks(selector));
        }
        if let Some(v) = &s.set_rule {
            push(v.span(), ChangeKind::SetRule(self.set_rule(v)?));
        }
        if let Some(v) = &s.remove_rule {
            let names = self.names(v, "remove_rule")?;
            push(v.span(), ChangeKind::RemoveRule(names));
        }
        if let Some(v) = &s.set_weights {
            push(v.span(), ChangeKind::SetWeights(self.set_weights(v)?));
        }
        if let Some(v) = &s.scale_hours {
            push(v.span(), self.scale_hours(v)?);
        }
        Ok(())
    }

    fn add_developer(&self, raw: &Spanned<RawAddDeveloper>) -> Result<Developer> {
        let a = raw.get_ref();
        if a.name.is_none() {
            return Err(self.syntax(
                &raw.span(),
                "add_developer has no name; add name = \"...\"".to_string(),
            ));
        }
        let from = self.either_date(&a.from, "from", &a.available_from, "available_from")?;
        let until = self.either_date(&a.until, "until", &a.available_until, "available_until")?;
        let dev = RawDeveloper {
            name: a.name.clone(),
            role: a.role.clone(),
            weekly_hours: a.weekly_hours.clone(),
            focus: a.focus.clone(),
            skills: a.skills.clone(),
            time_off: a.time_off.clone(),
            available_from: None,
            available_until: None,
        };
        let mut dev = self
            .reader
            .developer(&Spanned::new(raw.span(), dev), &self.team.calendar)?;
        dev.available_from = from.as_ref().map(|(d, _)| *d);
        dev.available_until = until.as_ref().map(|(d, _)| *d);
        if let (Some((first, _)), Some((last, span))) = (&from, &until) {
            if last < first {
                return Err(self.reader.bad_value(
                    span,
                    "until",
                    last.to_string(),
                    format!("is before from {first}"),
                ));
            }
        }
        // Lines in a team file; a scenario's developer has none.
        dev.line = 0;
        Ok(dev)
    }

    /// A date written as `from` or as `available_from` (not both).
    fn either_date(
        &self,
        short: &Option<Spanned<Value>>,
        short_name: &str,
        long: &Option<Spanned<Value>>,
        long_name: &str,
    ) -> Result<Option<(NaiveDate, Range<usize>)>> {
        match (short, long) {
            (Some(_), Some(l)) => Err(self.syntax(
                &l.span(),
                format!("{short_name} and {long_name} are the same date; write only one of them"),
            )),
            (Some(v), None) => Ok(Some((
                self.reader.date(v.get_ref(), &v.span(), short_name)?,
                v.span(),
            ))),
            (None, Some(v)) => Ok(Some((
                self.reader.date(v.get_ref(), &v.span(), long_name)?,
                v.span(),
            ))),
            (None, None) => Ok(None),
        }
    }

    fn set_developer(&self, raw: &Spanned<RawSetDeveloper>) -> Result<DeveloperUpdate> {
        let d = raw.get_ref();
        let Some(name) = &d.name else {
            return Err(self.syntax(
                &raw.span(),
                "set_developer has no name; add the name of the developer it changes".to_string(),
            ));
        };
        let weekly_hours = match &d.weekly_hours {
            Some(v) => Some(self.reader.weekly_hours(v, &self.team.calendar)?),
            None => None,
        };
        let focus = match &d.focus {
            Some(v) => Some(self.reader.focus(v)?),
            None => None,
        };
        let skills = match &d.skills {
            Some(v) => Some(self.reader.skills(v)?),
            None => None,
        };
        let add_skills = match &d.add_skills {
            Some(v) => self.reader.skills(v)?,
            None => Vec::new(),
        };
        let from = self.either_date(&d.from, "from", &d.available_from, "available_from")?;
        let until = self.either_date(&d.until, "until", &d.available_until, "available_until")?;
        let update = DeveloperUpdate {
            name: self.named(name),
            role: d.role.clone(),
            weekly_hours,
            focus,
            skills,
            add_skills,
            available_from: from.map(|(d, _)| d),
            available_until: until.map(|(d, _)| d),
        };
        let changes_nothing = update.role.is_none()
            && update.weekly_hours.is_none()
            && update.focus.is_none()
            && update.skills.is_none()
            && update.add_skills.is_empty()
            && update.available_from.is_none()
            && update.available_until.is_none();
        if changes_nothing {
            return Err(self.syntax(
                &raw.span(),
                "set_developer changes nothing; add weekly_hours, focus, skills, add_skills, role, from or until"
                    .to_string(),
            ));
        }
        Ok(update)
    }

    fn add_time_off(&self, raw: &Spanned<RawTimeOff>) -> Result<ChangeKind> {
        let t = raw.get_ref();
        let Some(who) = &t.developer else {
            return Err(self.syntax(
                &raw.span(),
                "add_time_off has no developer; add developer = \"...\"".to_string(),
            ));
        };
        let developers = self.names(who, "add_time_off.developer")?;
        let Some(field) = &t.time_off else {
            return Err(self.syntax(
                &raw.span(),
                "add_time_off has no time_off; add time_off = [[\"first\", \"last\"]]".to_string(),
            ));
        };
        let items = List::items(field);
        if items.is_empty() {
            return Err(self.reader.bad_value(
                &field.span(),
                "time_off",
                "[]",
                "must list at least one date or [first, last] pair",
            ));
        }
        let days = items
            .iter()
            .map(|item| self.reader.day_range(item))
            .collect::<Result<Vec<_>>>()?;
        Ok(ChangeKind::AddTimeOff { developers, days })
    }

    fn set_rule(&self, raw: &Spanned<RawSetRule>) -> Result<RuleUpdate> {
        let r = raw.get_ref();
        let Some(name) = &r.name else {
            return Err(self.syntax(
                &raw.span(),
                "set_rule has no name; add the name of the rule it changes".to_string(),
            ));
        };
        let mode = match &r.mode {
            None => None,
            Some(m) => Some(match m.get_ref().trim().to_lowercase().as_str() {
                "require" => RuleMode::Require,
                "prefer" => RuleMode::Prefer,
                _ => {
                    return Err(self.reader.bad_value(
                        &m.span(),
                        "set_rule.mode",
                        m.get_ref().clone(),
                        "must be \"require\" or \"prefer\"",
                    ))
                }
            }),
        };
        let assign_to = match &r.assign_to {
            Some(v) => Some(self.names(v, "set_rule.assign_to")?),
            None => None,
        };
        if mode.is_none() && assign_to.is_none() {
            return Err(self.syntax(
                &raw.span(),
                "set_rule changes nothing; add mode or assign_to".to_string(),
            ));
        }
        Ok(RuleUpdate {
            name: self.named(name),
            mode,
            assign_to,
        })
    }

    fn set_weights(&self, raw: &Spanned<BTreeMap<String, Spanned<f64>>>) -> Result<WeightsUpdate> {
        let mut update = WeightsUpdate::default();
        // File order, so that a key given twice (in two cases) is reported
        // at its second use.
        let mut entries: Vec<(&String, &Spanned<f64>)> = raw.get_ref().iter().collect();
        entries.sort_by_key(|(_, v)| v.span().start);
        if entries.is_empty() {
            return Err(self.syntax(
                &raw.span(),
                "set_weights changes nothing; add URGENT, HIGH, MEDIUM, LOW or prefer_penalty_hours"
                    .to_string(),
            ));
        }
        for (key, value) in entries {
            let span = value.span();
            let v = *value.get_ref();
            if !(v.is_finite() && v >= 0.0) {
                return Err(self.reader.bad_value(
                    &span,
                    &format!("set_weights.{key}"),
                    self.reader.written(&span),
                    "must be a number, at least 0",
                ));
            }
            let upper = key.to_uppercase();
            let slot = match upper.as_str() {
                "URGENT" => &mut update.urgent,
                "HIGH" => &mut update.high,
                "MEDIUM" => &mut update.medium,
                "LOW" => &mut update.low,
                _ => &mut update.prefer_penalty_hours,
            };
            if slot.is_some() {
                return Err(self.reader.bad_value(
                    &span,
                    &format!("set_weights.{key}"),
                    self.reader.written(&span),
                    format!("sets {upper} a second time (keys are case-insensitive)"),
                ));
            }
            *slot = Some(v);
        }
        Ok(update)
    }

    fn scale_hours(&self, raw: &Spanned<RawScale>) -> Result<ChangeKind> {
        let (factor, span, selector) = match raw.get_ref() {
            RawScale::Factor(f) => (*f, raw.span(), Selector::default()),
            RawScale::Table(t) => {
                let Some(factor) = &t.factor else {
                    return Err(self.syntax(
                        &raw.span(),
                        "scale_hours has no factor; add factor = 1.3 (every estimate 30% higher)"
                            .to_string(),
                    ));
                };
                (
                    *factor.get_ref(),
                    factor.span(),
                    self.selector(t, "scale_hours")?,
                )
            }
        };
        if !(factor.is_finite() && factor > 0.0 && factor <= MAX_SCALE) {
            return Err(self.reader.bad_value(
                &span,
                "scale_hours",
                self.reader.written(&span),
                format!(
                    "must be a number more than 0 and at most {} (1.3 makes every estimate 30% higher)",
                    fmt_number(MAX_SCALE)
                ),
            ));
        }
        Ok(ChangeKind::ScaleHours { factor, selector })
    }

    fn selector(&self, raw: &RawSelector, change: &str) -> Result<Selector> {
        let mut sel = Selector::default();
        let mut text: Vec<String> = Vec::new();
        let field = |key: &str| format!("{change}.{key}");
        for (value, span) in self
            .reader
            .when_values(raw.priority.as_ref(), &field("priority"))?
        {
            let p = value.parse::<Priority>().map_err(|()| {
                self.reader.bad_value(
                    &span,
                    &field("priority"),
                    value.clone(),
                    "is not a priority (URGENT, HIGH, MEDIUM or LOW)",
                )
            })?;
            if !sel.when.priority.contains(&p) {
                sel.when.priority.push(p);
            }
        }
        if !sel.when.priority.is_empty() {
            let names: Vec<&str> = sel.when.priority.iter().map(|p| p.as_str()).collect();
            text.push(format!("priority {}", names.join(" or ")));
        }
        for (key, values) in [
            ("project", &raw.project),
            ("category", &raw.category),
            ("skill", &raw.skill),
        ] {
            let lower = self.reader.lower_values(values.as_ref(), &field(key))?;
            if lower.is_empty() {
                continue;
            }
            let written: Vec<String> = self
                .reader
                .when_values(values.as_ref(), &field(key))?
                .into_iter()
                .map(|(v, _)| format!("\"{}\"", one_line(v.trim())))
                .collect();
            text.push(format!("{key} {}", written.join(" or ")));
            match key {
                "project" => sel.when.project = lower,
                "category" => sel.when.category = lower,
                _ => sel.when.skill = lower,
            }
        }
        let mut patterns: Vec<String> = Vec::new();
        for (pattern, span) in self
            .reader
            .when_values(raw.title.as_ref(), &field("title"))?
        {
            let re = compile_title(&pattern).map_err(|reason| {
                self.reader.bad_value(
                    &span,
                    &field("title"),
                    pattern.clone(),
                    format!("is not a valid regular expression ({reason})"),
                )
            })?;
            sel.when.title.push(re);
            patterns.push(format!("\"{}\"", one_line(&pattern)));
        }
        if !patterns.is_empty() {
            text.push(format!("title {}", patterns.join(" or ")));
        }
        for (id, span) in self.reader.when_values(raw.id.as_ref(), &field("id"))? {
            let id = id.trim().to_string();
            if id.is_empty() {
                return Err(self
                    .reader
                    .bad_value(&span, &field("id"), id, "must not be empty"));
            }
            sel.ids.push(Named {
                name: id,
                line: self.line(&span),
            });
        }
        if !sel.ids.is_empty() {
            let ids: Vec<String> = sel
                .ids
                .iter()
                .map(|n| format!("\"{}\"", one_line(&n.name)))
                .collect();
            text.push(format!("id {}", ids.join(" or ")));
        }
        sel.text = text.join(" and ");
        Ok(sel)
    }

    /// A string or list of strings naming developers or rules: at least one,
    /// none blank.
    fn names(&self, field: &Spanned<List>, key: &str) -> Result<Vec<Named>> {
        let items = List::items(field);
        if items.is_empty() {
            return Err(self
                .reader
                .bad_value(&field.span(), key, "[]", "must name at least one"));
        }
        let mut out: Vec<Named> = Vec::with_capacity(items.len());
        for item in &items {
            let text = self.reader.string(item, key)?;
            if text.trim().is_empty() {
                return Err(self
                    .reader
                    .bad_value(&item.span(), key, text, "must not be empty"));
            }
            out.push(Named {
                name: text.trim().to_string(),
                line: self.line(&item.span()),
            });
        }
        Ok(out)
    }

    fn named(&self, name: &Spanned<String>) -> Named {
        Named {
            name: name.get_ref().trim().to_string(),
            line: self.line(&name.span()),
        }
    }
}

// ---------------------------------------------------------------------------
// Applying

impl Scenario {
    /// Applies the changes, in order, to a copy of the baseline; `source`
    /// names the scenario file in messages.
    ///
    /// Errors (`FILE:LINE:` of the scenario file): a developer or rule the
    /// team (as changed so far) does not have, a developer added twice, a
    /// selector value that matches no open task, every developer removed,
    /// or nothing left to plan.
    pub fn apply(&self, source: &str, backlog: &Backlog, team: &Team) -> Result<Applied> {
        let mut out = Applied {
            backlog: backlog.clone(),
            team: team.clone(),
            dropped: Vec::new(),
            warnings: Vec::new(),
        };
        for change in &self.changes {
            let apply = Apply {
                source,
                context: format!(
                    "scenario \"{}\": {}",
                    one_line(&self.name),
                    change.kind.key()
                ),
                line: change.line,
            };
            apply.change(&change.kind, &mut out)?;
        }
        if out.backlog.open_tasks().next().is_none() {
            return Err(Error::input(
                Location::new(source, self.line),
                Problem::Syntax {
                    message: format!(
                        "scenario \"{}\" leaves no open task to plan",
                        one_line(&self.name)
                    ),
                },
            ));
        }
        out.warnings
            .extend(self.dependency_warnings(source, backlog, &out));
        Ok(out)
    }

    /// A warning for each open task that depended on a task the scenario
    /// drops: it is planned without waiting for it.
    fn dependency_warnings(&self, source: &str, baseline: &Backlog, out: &Applied) -> Vec<Warning> {
        if out.dropped.is_empty() {
            return Vec::new();
        }
        // The baseline backlog was planned or checked before: its graph builds.
        let Ok(graph) = TaskGraph::build(baseline) else {
            return Vec::new();
        };
        let line = self
            .changes
            .iter()
            .find(|c| matches!(c.kind, ChangeKind::DropTasks(_)))
            .map_or(self.line, |c| c.line);
        let mut warnings = Vec::new();
        for (i, task) in out.backlog.tasks.iter().enumerate() {
            if !task.is_open() {
                continue;
            }
            for &p in &graph.preds[i] {
                let pred = &baseline.tasks[p];
                if out.dropped.contains(&pred.id) {
                    warnings.push(Warning {
                        at: Location::new(source, line),
                        message: format!(
                            "scenario \"{}\": task \"{}\" depends on \"{}\", which the scenario drops; it is planned without waiting for it",
                            one_line(&self.name),
                            task.title,
                            pred.title
                        ),
                    });
                }
            }
        }
        warnings
    }
}

/// Where a change is written, to report its errors.
struct Apply<'a> {
    source: &'a str,
    /// `scenario "NAME": change_key`, for messages.
    context: String,
    line: usize,
}

impl Apply<'_> {
    fn error(&self, line: usize, problem: Problem) -> Error {
        Error::input(Location::new(self.source, line), one_line_problem(problem))
    }

    fn message(&self, message: String) -> Error {
        self.error(self.line, Problem::Syntax { message })
    }

    fn change(&self, kind: &ChangeKind, out: &mut Applied) -> Result<()> {
        match kind {
            ChangeKind::AddDeveloper(dev) => {
                if out.team.developer_index(&dev.name).is_some() {
                    return Err(self.error(
                        self.line,
                        Problem::BadValue {
                            field: "add_developer.name".to_string(),
                            value: dev.name.clone(),
                            expected: "is already a developer of the team; use set_developer to change them".to_string(),
                        },
                    ));
                }
                out.team.developers.push(dev.clone());
            }
            ChangeKind::RemoveDeveloper(names) => {
                for name in names {
                    let d = self.developer(&out.team, name)?;
                    out.team.developers.remove(d);
                }
                if out.team.developers.is_empty() {
                    return Err(self.message(format!(
                        "{} removes every developer; at least one must stay",
                        self.context
                    )));
                }
            }
            ChangeKind::SetDeveloper(update) => {
                let d = self.developer(&out.team, &update.name)?;
                let dev = &mut out.team.developers[d];
                if let Some(role) = &update.role {
                    dev.role = role.clone();
                }
                if let Some(h) = update.weekly_hours {
                    dev.weekly_hours = h;
                }
                if let Some(f) = update.focus {
                    dev.focus = f;
                }
                if let Some(skills) = &update.skills {
                    dev.skills = skills.clone();
                }
                for skill in &update.add_skills {
                    match dev.skills.iter_mut().find(|s| s.name == skill.name) {
                        Some(s) => s.level = s.level.max(skill.level),
                        None => dev.skills.push(skill.clone()),
                    }
                }
                if let Some(from) = update.available_from {
                    dev.available_from = Some(from);
                }
                if let Some(until) = update.available_until {
                    dev.available_until = Some(until);
                }
                if let (Some(from), Some(until)) = (dev.available_from, dev.available_until) {
                    if until < from {
                        return Err(self.message(format!(
                            "{}: {} would be available from {from} until {until}, which ends before it starts",
                            self.context, dev.name
                        )));
                    }
                }
            }
            ChangeKind::AddTimeOff { developers, days } => {
                for name in developers {
                    let d = self.developer(&out.team, name)?;
                    out.team.developers[d].time_off.extend(days.iter().copied());
                }
            }
            ChangeKind::DropTasks(selector) => {
                for i in self.select(selector, &out.backlog)? {
                    let task = &mut out.backlog.tasks[i];
                    task.status = Status::Done;
                    out.dropped.push(task.id.clone());
                }
            }
            ChangeKind::SetRule(update) => {
                let r = self.rule(&out.team, &update.name)?;
                if let Some(names) = &update.assign_to {
                    let mut assign_to: Vec<String> = Vec::new();
                    for name in names {
                        let d = self.developer(&out.team, name)?;
                        let dev = out.team.developers[d].name.clone();
                        if !assign_to.contains(&dev) {
                            assign_to.push(dev);
                        }
                    }
                    out.team.rules[r].assign_to = assign_to;
                }
                if let Some(mode) = update.mode {
                    out.team.rules[r].mode = mode;
                }
            }
            ChangeKind::RemoveRule(names) => {
                for name in names {
                    let r = self.rule(&out.team, name)?;
                    out.team.rules.remove(r);
                }
            }
            ChangeKind::SetWeights(update) => {
                let w = &mut out.team.weights;
                for (slot, value) in [
                    (&mut w.urgent, update.urgent),
                    (&mut w.high, update.high),
                    (&mut w.medium, update.medium),
                    (&mut w.low, update.low),
                    (
                        &mut out.team.prefer_penalty_hours,
                        update.prefer_penalty_hours,
                    ),
                ] {
                    if let Some(v) = value {
                        *slot = v;
                    }
                }
            }
            ChangeKind::ScaleHours { factor, selector } => {
                for i in self.select(selector, &out.backlog)? {
                    let task = &mut out.backlog.tasks[i];
                    task.hours *= factor;
                    task.low = task.low.map(|h| h * factor);
                    task.high = task.high.map(|h| h * factor);
                }
            }
        }
        Ok(())
    }

    /// The index of a developer of the team (as changed so far).
    fn developer(&self, team: &Team, name: &Named) -> Result<usize> {
        team.developer_index(&name.name).ok_or_else(|| {
            self.error(
                name.line,
                Problem::UnknownDeveloper {
                    context: self.context.clone(),
                    name: name.name.clone(),
                    suggestions: closest(
                        &name.name,
                        team.developers.iter().map(|d| d.name.as_str()),
                    ),
                },
            )
        })
    }

    /// The index of a rule of the team (as changed so far).
    fn rule(&self, team: &Team, name: &Named) -> Result<usize> {
        team.rules
            .iter()
            .position(|r| r.name.eq_ignore_ascii_case(&name.name))
            .ok_or_else(|| {
                self.error(
                    name.line,
                    Problem::UnknownRule {
                        context: self.context.clone(),
                        name: one_line(&name.name),
                        suggestions: closest(
                            &name.name,
                            team.rules.iter().map(|r| r.name.as_str()),
                        ),
                    },
                )
            })
    }

    /// The open tasks a selector matches, in backlog order. Each value must
    /// match some open task on its own, and the selector as a whole some task.
    fn select(&self, selector: &Selector, backlog: &Backlog) -> Result<Vec<usize>> {
        let open: Vec<&Task> = backlog.open_tasks().collect();
        let when = &selector.when;
        let no_match = |what: String, suggestions: Vec<String>| {
            self.error(
                self.line,
                Problem::NoMatch {
                    context: self.context.clone(),
                    selector: what,
                    suggestions,
                },
            )
        };
        for p in &when.priority {
            if !open.iter().any(|t| t.priority == *p) {
                return Err(no_match(format!("priority {p}"), Vec::new()));
            }
        }
        // The task's values of a key, as written.
        type Field = fn(&Task) -> Vec<String>;
        let fields: [(&str, &Vec<String>, Field); 3] = [
            ("project", &when.project, |t| vec![t.project.clone()]),
            ("category", &when.category, |t| vec![t.category.clone()]),
            ("skill", &when.skill, |t| {
                t.skills.iter().map(|s| s.name.clone()).collect()
            }),
        ];
        for (key, values, of) in fields {
            for value in values {
                let found = open
                    .iter()
                    .any(|t| of(t).iter().any(|v| v.trim().to_lowercase() == *value));
                if !found {
                    let mut known: Vec<String> = Vec::new();
                    for v in open.iter().flat_map(|t| of(t)) {
                        if !v.trim().is_empty() && !known.contains(&v) {
                            known.push(v);
                        }
                    }
                    let suggestions = closest(value, known.iter().map(String::as_str));
                    return Err(no_match(format!("{key} \"{value}\""), suggestions));
                }
            }
        }
        for re in &when.title {
            if !open.iter().any(|t| re.is_match(&t.title)) {
                return Err(no_match(format!("title \"{}\"", re.as_str()), Vec::new()));
            }
        }
        for id in &selector.ids {
            if !open.iter().any(|t| same_id(&id.name, &t.id)) {
                let done = backlog
                    .tasks
                    .iter()
                    .any(|t| !t.is_open() && same_id(&id.name, &t.id));
                let id_text = one_line(&id.name);
                let what = if done {
                    format!("id \"{id_text}\" (a task that is done or already dropped)")
                } else {
                    format!("id \"{id_text}\"")
                };
                let suggestions = if done {
                    Vec::new()
                } else {
                    closest(&id.name, open.iter().map(|t| t.id.as_str()))
                };
                return Err(self.error(
                    id.line,
                    Problem::NoMatch {
                        context: self.context.clone(),
                        selector: what,
                        suggestions,
                    },
                ));
            }
        }
        let matched: Vec<usize> = backlog
            .tasks
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_open() && selector.matches(t))
            .map(|(i, _)| i)
            .collect();
        if matched.is_empty() {
            // Each value matched some task above: only the combination fails.
            let what = if selector.is_all() {
                "the change".to_string()
            } else {
                selector.text.clone()
            };
            return Err(no_match(what, Vec::new()));
        }
        Ok(matched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backlog::{self, Format, ReadOptions};
    use crate::team_file::parse_team;

    const TEAM: &str = "[[developer]]\nname = \"Ana\"\nskills = [\"backend:2\"]\n\
        [[developer]]\nname = \"Bo\"\nweekly_hours = 20\n\
        [[rule]]\nname = \"ana owns urgent\"\nwhen = { priority = \"URGENT\" }\nassign_to = \"Ana\"\n";

    const BACKLOG: &str = "## app\n### URGENT - Bugs\n- [ ] **Fix login** (4 hours)\n\
        ### LOW - Polish\n- [ ] **Dark mode** (6 hours)\n  - depends on: Fix login\n\
        - [ ] **Emoji picker** (2 hours)\n  - depends on: Dark mode\n";

    fn team() -> Team {
        parse_team("team.toml", TEAM).unwrap()
    }

    fn backlog() -> Backlog {
        backlog::parse(
            "b.md",
            BACKLOG.as_bytes(),
            Format::Markdown,
            &ReadOptions::default(),
        )
        .unwrap()
    }

    fn parse(text: &str) -> Result<ScenarioFile> {
        parse_scenarios("s.toml", text, &team())
    }

    fn err(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    /// Parses one scenario and applies it.
    fn apply(text: &str) -> Result<Applied> {
        let file = parse(text)?;
        file.scenarios[0].apply("s.toml", &backlog(), &team())
    }

    fn apply_err(text: &str) -> String {
        match apply(text) {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn every_change_parses_in_file_order() {
        let file = parse(
            "[[scenario]]\nname = \"all\"\n\
             scale_hours = 1.3\n\
             add_developer = { name = \"Cy\", weekly_hours = 30, skills = [\"frontend\"], from = \"2026-12-07\" }\n\
             changes = [\n\
               { remove_developer = \"Bo\" },\n\
               { set_developer = { name = \"Ana\", weekly_hours = 20, focus = 0.5, add_skills = [\"docs\"] } },\n\
               { add_time_off = { developer = \"Ana\", time_off = [[\"2026-12-21\", \"2026-12-24\"]] } },\n\
               { drop_tasks = { priority = \"LOW\", title = \"emoji\" } },\n\
               { set_rule = { name = \"ana owns urgent\", mode = \"prefer\" } },\n\
               { remove_rule = [\"ana owns urgent\"] },\n\
               { set_weights = { urgent = 500, prefer_penalty_hours = 2 } },\n\
               { scale_hours = { factor = 0.5, project = \"app\" } },\n\
             ]\n",
        )
        .unwrap();
        let s = &file.scenarios[0];
        let keys: Vec<&str> = s.changes.iter().map(|c| c.kind.key()).collect();
        assert_eq!(
            keys,
            [
                "scale_hours",
                "add_developer",
                "remove_developer",
                "set_developer",
                "add_time_off",
                "drop_tasks",
                "set_rule",
                "remove_rule",
                "set_weights",
                "scale_hours"
            ]
        );
        let lines: Vec<usize> = s.changes.iter().map(|c| c.line).collect();
        assert_eq!(lines, [3, 4, 6, 7, 8, 9, 10, 11, 12, 13]);
        let ChangeKind::AddDeveloper(cy) = &s.changes[1].kind else {
            panic!("{:?}", s.changes[1]);
        };
        assert_eq!(cy.weekly_hours, 30.0);
        assert_eq!(cy.available_from, NaiveDate::from_ymd_opt(2026, 12, 7));
        let ChangeKind::SetWeights(w) = &s.changes[8].kind else {
            panic!();
        };
        assert_eq!(w.urgent, Some(500.0));
        assert_eq!(w.prefer_penalty_hours, Some(2.0));
        assert_eq!(w.high, None);
    }

    #[test]
    fn applying_changes_the_copy_only() {
        let base_team = team();
        let base = backlog();
        let file = parse(
            "[[scenario]]\nname = \"x\"\n\
             add_developer = { name = \"Cy\", from = \"2026-12-07\" }\n\
             set_rule = { name = \"ana owns urgent\", mode = \"prefer\", assign_to = [\"Cy\", \"ana\"] }\n\
             set_developer = { name = \"bo\", weekly_hours = 10, add_skills = [\"backend:3\"] }\n\
             add_time_off = { developer = [\"Ana\", \"Bo\"], time_off = \"2026-12-01\" }\n\
             scale_hours = 2\n",
        )
        .unwrap();
        let a = file.scenarios[0]
            .apply("s.toml", &base, &base_team)
            .unwrap();
        assert_eq!(base_team, team(), "the baseline team is untouched");
        let names: Vec<&str> = a.team.developers.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Ana", "Bo", "Cy"]);
        assert_eq!(a.team.rules[0].mode, RuleMode::Prefer);
        assert_eq!(a.team.rules[0].assign_to, ["Cy", "Ana"]);
        assert_eq!(a.team.developers[1].weekly_hours, 10.0);
        assert_eq!(a.team.developers[1].skills[0].to_string(), "backend:3");
        assert_eq!(a.team.developers[0].time_off.len(), 1);
        let hours: Vec<f64> = a.backlog.tasks.iter().map(|t| t.hours).collect();
        assert_eq!(hours, [8.0, 12.0, 4.0]);
        assert_eq!(base.tasks[0].hours, 4.0);
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn dropping_marks_tasks_done_and_warns_about_dependents() {
        let a = apply("[[scenario]]\nname = \"x\"\ndrop_tasks = { title = \"dark\" }\n").unwrap();
        assert_eq!(a.dropped, ["app/dark-mode"]);
        assert_eq!(a.backlog.tasks[1].status, Status::Done);
        let warnings: Vec<String> = a.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            warnings,
            ["s.toml:3: warning: scenario \"x\": task \"Emoji picker\" depends on \"Dark mode\", which the scenario drops; it is planned without waiting for it"]
        );
        let a = apply(
            "[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = \"low\", id = [\"APP/emoji-picker\"] }\n",
        )
        .unwrap();
        assert_eq!(a.dropped, ["app/emoji-picker"]);
    }

    #[test]
    fn selectors_that_match_nothing_are_errors() {
        assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\ndrop_tasks = { project = \"ap\" }\n"),
            "s.toml:3: scenario \"x\": drop_tasks: project \"ap\" matches no open task; did you mean \"app\"?"
        );
        assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = \"HIGH\" }\n"),
            "s.toml:3: scenario \"x\": drop_tasks: priority HIGH matches no open task"
        );
        assert_eq!(
            apply_err(
                "[[scenario]]\nname = \"x\"\nscale_hours = { factor = 2, id = [\"app/fix-login\",\n  \"app/dark-mod\"] }\n"
            ),
            "s.toml:4: scenario \"x\": scale_hours: id \"app/dark-mod\" matches no open task; did you mean \"app/dark-mode\"?"
        );
        assert_eq!(
            apply_err(
                "[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = \"URGENT\", category = \"Polish\" }\n"
            ),
            "s.toml:3: scenario \"x\": drop_tasks: priority URGENT and category \"Polish\" matches no open task"
        );
        assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nchanges = [{ drop_tasks = { title = \"login\" } }, { drop_tasks = { title = \"login\" } }]\n"),
            "s.toml:3: scenario \"x\": drop_tasks: title \"login\" matches no open task"
        );
        assert_eq!(
            apply_err(
                "[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = [\"URGENT\", \"LOW\"] }\n"
            ),
            "s.toml:1: scenario \"x\" leaves no open task to plan"
        );
    }

    #[test]
    fn unknown_names_are_errors_with_suggestions() {
        assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nset_developer = { name = \"Anna\", focus = 0.5 }\n"),
            "s.toml:3: scenario \"x\": set_developer: unknown developer \"Anna\"; did you mean \"Ana\"?"
        );
        assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nremove_developer = [\"Bo\",\n  \"Bob\"]\n"),
            "s.toml:4: scenario \"x\": remove_developer: unknown developer \"Bob\""
        );
        assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nremove_rule = \"ana own urgent\"\n"),
            "s.toml:3: scenario \"x\": remove_rule: unknown rule \"ana own urgent\"; did you mean \"ana owns urgent\"?"
        );
        assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nadd_developer = { name = \"ana\" }\n"),
            "s.toml:3: add_developer.name \"ana\" is already a developer of the team; use set_developer to change them"
        );
        assert_eq!(
            apply_err("[[scenario]]\nname = \"x\"\nremove_developer = [\"Ana\", \"Bo\"]\n"),
            "s.toml:3: scenario \"x\": remove_developer removes every developer; at least one must stay"
        );
        // Names resolve against the team as changed so far.
        assert!(apply(
            "[[scenario]]\nname = \"x\"\nadd_developer = { name = \"Cy\" }\nset_rule = { name = \"ana owns urgent\", assign_to = \"Cy\" }\n"
        )
        .is_ok());
        assert_eq!(
            apply_err(
                "[[scenario]]\nname = \"x\"\nset_rule = { name = \"ana owns urgent\", assign_to = \"Cy\" }\nadd_developer = { name = \"Cy\" }\n"
            ),
            "s.toml:3: scenario \"x\": set_rule: unknown developer \"Cy\""
        );
    }

    #[test]
    fn file_level_errors() {
        assert_eq!(
            err("[[scenario]]\nname = \"x\"\ndrop_task = { priority = \"LOW\" }\n"),
            "s.toml:3: unknown key \"drop_task\"; did you mean \"drop_tasks\"?"
        );
        assert_eq!(
            err("[[scenario]]\nname = \"x\"\nchanges = [{ scale_hour = 2 }]\n"),
            "s.toml:3: unknown key \"scale_hour\"; did you mean \"scale_hours\"?"
        );
        assert_eq!(
            err("[[scenario]]\nname = \"x\"\nadd_developer = { name = \"C\", start = \"2027-01-04\" }\n"),
            "s.toml:3: unknown key \"add_developer.start\""
        );
        assert_eq!(
            err("[[scenario]]\nname = \"x\"\ndrop_tasks = { titel = \"x\" }\n"),
            "s.toml:3: unknown key \"drop_tasks.titel\"; did you mean \"drop_tasks.title\"?"
        );
        assert_eq!(
            err("[scenario]\nname = \"x\"\n"),
            "s.toml:1: `scenario` must be a list of tables: write [[scenario]] (double brackets) before each scenario"
        );
        assert_eq!(
            err(""),
            "s.toml: the file has no scenarios; add a [[scenario]] table with a name and a change"
        );
        assert_eq!(
            err("[[scenario]]\nscale_hours = 2\n"),
            "s.toml:1: [[scenario]] has no name; add name = \"...\""
        );
        assert_eq!(
            err("[[scenario]]\nname = \"x\"\n"),
            "s.toml:1: scenario \"x\" has no changes; add one of add_developer, remove_developer, set_developer, add_time_off, drop_tasks, set_rule, remove_rule, set_weights, scale_hours"
        );
        assert_eq!(
            err("[[scenario]]\nname = \"x\"\nscale_hours = 2\n[[scenario]]\nname = \"X\"\nscale_hours = 3\n"),
            "s.toml:5: name \"X\" is already the name of the scenario on line 1 (names are case-insensitive)"
        );
        assert_eq!(
            err("[[scenario]]\nname = \"Baseline\"\nscale_hours = 2\n"),
            "s.toml:2: name \"Baseline\" is reserved for the plan without changes; choose another name"
        );
    }

    #[test]
    fn value_errors() {
        let one = |change: &str| err(&format!("[[scenario]]\nname = \"x\"\n{change}\n"));
        assert_eq!(
            one("set_developer = { name = \"Ana\", weekly_hours = 0 }"),
            "s.toml:3: weekly_hours \"0\" must be more than 0 and at most 168"
        );
        assert_eq!(
            one("set_developer = { name = \"Ana\", weekly_hours = \"half\" }"),
            "s.toml:3: set_developer.weekly_hours \"half\" must be a number"
        );
        assert_eq!(
            one("set_developer = { name = \"Ana\" }"),
            "s.toml:3: set_developer changes nothing; add weekly_hours, focus, skills, add_skills, role, from or until"
        );
        assert_eq!(
            one("add_developer = { name = \"C\", from = \"2027-02-30\" }"),
            "s.toml:3: from \"2027-02-30\" is not a valid date (YYYY-MM-DD)"
        );
        assert_eq!(
            one("add_developer = { name = \"C\", from = \"2027-02-03\", until = \"2027-01-01\" }"),
            "s.toml:3: until \"2027-01-01\" is before from 2027-02-03"
        );
        assert_eq!(
            one("add_time_off = { developer = \"Ana\", time_off = [[\"2027-01-08\", \"2027-01-04\"]] }"),
            "s.toml:3: time_off \"2027-01-08 to 2027-01-04\" ends before it starts"
        );
        assert_eq!(
            one("drop_tasks = { title = \"(unclosed\" }"),
            "s.toml:3: drop_tasks.title \"(unclosed\" is not a valid regular expression (unclosed group)"
        );
        assert_eq!(
            one("drop_tasks = { priority = \"CRITICAL\" }"),
            "s.toml:3: drop_tasks.priority \"CRITICAL\" is not a priority (URGENT, HIGH, MEDIUM or LOW)"
        );
        assert_eq!(
            one("drop_tasks = {}"),
            "s.toml:3: drop_tasks needs at least one of priority, project, category, title, skill, id to say which tasks"
        );
        assert_eq!(
            one("scale_hours = 0"),
            "s.toml:3: scale_hours \"0\" must be a number more than 0 and at most 100 (1.3 makes every estimate 30% higher)"
        );
        assert_eq!(
            one("scale_hours = \"30%\""),
            "s.toml:3: scale_hours \"30%\" must be a number or a table"
        );
        assert_eq!(
            one("scale_hours = { priority = \"LOW\" }"),
            "s.toml:3: scale_hours has no factor; add factor = 1.3 (every estimate 30% higher)"
        );
        assert_eq!(
            one("set_rule = { name = \"r\", mode = \"must\" }"),
            "s.toml:3: set_rule.mode \"must\" must be \"require\" or \"prefer\""
        );
        assert_eq!(
            one("set_weights = { LOW = -1 }"),
            "s.toml:3: set_weights.LOW \"-1\" must be a number, at least 0"
        );
        assert_eq!(
            one("set_weights = { LOW = 1, low = 2 }"),
            "s.toml:3: set_weights.low \"2\" sets LOW a second time (keys are case-insensitive)"
        );
        assert_eq!(
            one("set_weights = { LOWW = 1 }"),
            "s.toml:3: unknown key \"set_weights.LOWW\"; did you mean \"set_weights.LOW\"?"
        );
        assert_eq!(
            one("remove_developer = []"),
            "s.toml:3: remove_developer \"[]\" must name at least one"
        );
        assert_eq!(
            one("add_developer = { name = \"C\", from = \"2027-01-04\", available_from = \"2027-01-04\" }"),
            "s.toml:3: from and available_from are the same date; write only one of them"
        );
    }

    #[test]
    fn selector_text_reads_as_written() {
        let file = parse(
            "[[scenario]]\nname = \"x\"\ndrop_tasks = { priority = [\"low\", \"MEDIUM\"], project = \"App\", title = \"^Dark\", id = \"a/b\" }\n",
        )
        .unwrap();
        let ChangeKind::DropTasks(sel) = &file.scenarios[0].changes[0].kind else {
            panic!();
        };
        assert_eq!(
            sel.text,
            "priority LOW or MEDIUM and project \"App\" and title \"^Dark\" and id \"a/b\""
        );
    }
}
