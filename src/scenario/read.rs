//! Reading a scenario file: the survey of keys, the raw serde structs that
//! keep their spans, and the checked conversion into [`Scenario`]s.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::{Spanned, Value};

use crate::error::{Error, Location, Problem};
use crate::model::Priority;
use crate::team::{Developer, RuleMode, Team};
use crate::team_file::{compile_title, RawDeveloper, DEVELOPER};
use crate::toml_read::{
    fmt_number, line_of, one_line, FieldSpans, List, Reader, Survey, TableKeys,
};
use crate::Result;

use super::*;
/// Reads a scenario file from disk. `team` gives the calendar that
/// `add_developer` defaults and `weekly_hours` checks depend on.
///
/// An unreadable file is [`Error::Io`]; a file that is not UTF-8 is
/// [`Problem::NotText`]; everything else is as [`parse_scenarios`].
pub fn read_scenarios(path: &Path, team: &Team) -> Result<ScenarioFile> {
    let (source, text) = crate::input::read_text(path)?;
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
            workdays: None,
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
