//! Applying a scenario's changes, in order, to a copy of the baseline
//! backlog and team, with the checks that need the baseline.

use crate::error::{closest, Error, Location, Problem};
use crate::graph::TaskGraph;
use crate::model::{Backlog, Status, Task, Warning};
use crate::team::{same_name, Team};
use crate::toml_read::{one_line, one_line_problem};
use crate::Result;

use super::*;
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
                    match dev
                        .skills
                        .iter_mut()
                        .find(|s| same_name(&s.name, &skill.name))
                    {
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
        team.rule_index(&name.name).ok_or_else(|| {
            self.error(
                name.line,
                Problem::UnknownRule {
                    context: self.context.clone(),
                    name: one_line(&name.name),
                    suggestions: closest(&name.name, team.rules.iter().map(|r| r.name.as_str())),
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
