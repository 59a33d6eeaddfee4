//! What-if scenarios side by side (`sprintcast whatif`): the baseline and
//! every scenario of a scenario file planned independently and in parallel,
//! compared scope by scope, each difference explained by the one or two
//! facts that drive it; and the views: scenarios.csv (SPEC section 5), the
//! terminal table, Markdown and JSON.
//!
//! Planning runs the baseline and the scenarios as parallel jobs (rayon);
//! each plan is deterministic on its own (the optimizer stops on a fixed
//! amount of work and seeds its search), and results are kept in file order,
//! so the output does not depend on the number of threads.
//!
//! Comparison. A scope is the whole backlog, a priority or a project (those
//! of the baseline's open tasks). Its finish is the latest finish of its open
//! tasks; the *delta* is the difference of the two finishes in team working
//! days: (business hours of the scenario's finish − business hours of the
//! baseline's) ÷ `hours_per_day`, where business hours are the objective's
//! unit (SPEC 4.3): positive means later. The makespan is the backlog's
//! finish in working days from the plan start; utilization is the planned
//! hours over the hours the team can work from the plan start to that finish.
//!
//! A scenario that cannot be planned (say, it removes the only developer a
//! rule allows) does not stop the others: it is reported as infeasible with
//! the optimizer's explanation. An infeasible baseline is an error.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::iter;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::calendar::{daily_minutes, minutes_to_hours, WorkCalendar};
use crate::error::{Error, Result};
use crate::forecast::{self, Forecast, ForecastOptions, BACKLOG_NAME};
use crate::model::{Backlog, Priority, Warning};
use crate::optimizer::{self, Optimized, PlanOptions, SolveStatus};
use crate::plan::{num, round, Plan, PlannedTask};
use crate::report::safe::{self, Cells};
use crate::scenario::{Applied, ChangeKind, Scenario, ScenarioFile, BASELINE};
use crate::team::{RuleMode, Team};

/// How to plan and forecast every scenario.
#[derive(Debug, Clone)]
pub struct WhatIfOptions {
    /// Options of each plan (the time limit is per plan).
    pub plan: PlanOptions,
    /// A Monte Carlo forecast of each plan, for the P85 finish; None for none.
    pub forecast: Option<ForecastOptions>,
}

/// What a row of the comparison is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every open task.
    Backlog,
    /// The open tasks of a priority.
    Priority(Priority),
    /// The open tasks of a project.
    Project(String),
}

impl Scope {
    /// `backlog`, `priority` or `project`, as in scenarios.csv.
    pub fn kind(&self) -> &'static str {
        match self {
            Scope::Backlog => "backlog",
            Scope::Priority(_) => "priority",
            Scope::Project(_) => "project",
        }
    }

    /// The name in scenarios.csv: [`BACKLOG_NAME`], the priority, the project.
    pub fn name(&self) -> String {
        match self {
            Scope::Backlog => BACKLOG_NAME.to_string(),
            Scope::Priority(p) => p.to_string(),
            Scope::Project(p) => p.clone(),
        }
    }

    /// How the terminal table labels it.
    fn label(&self) -> String {
        match self {
            Scope::Backlog => "backlog".to_string(),
            Scope::Priority(p) => p.to_string(),
            Scope::Project(p) if p.is_empty() => "(no project)".to_string(),
            Scope::Project(p) => p.clone(),
        }
    }

    fn contains(&self, task: &PlannedTask) -> bool {
        match self {
            Scope::Backlog => true,
            Scope::Priority(p) => task.priority == *p,
            Scope::Project(p) => task.project == *p,
        }
    }

    fn forecast_scope(&self) -> forecast::Scope {
        match self {
            Scope::Backlog => forecast::Scope::Backlog,
            Scope::Priority(_) => forecast::Scope::Priority,
            Scope::Project(_) => forecast::Scope::Project,
        }
    }
}

/// One scope of one plan, against the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeResult {
    /// Latest finish of the scope's open tasks; None when it has none (its
    /// tasks were dropped) or the plan is infeasible.
    pub finish: Option<NaiveDateTime>,
    /// The same in business hours from the plan start.
    pub finish_hours: Option<f64>,
    /// Working days later (+) or earlier (−) than the baseline.
    pub delta_days: Option<f64>,
    /// The forecast's P85 finish, with `--samples`.
    pub p85: Option<NaiveDateTime>,
    /// Working days the P85 is later (+) or earlier (−) than the baseline's.
    pub p85_delta_days: Option<f64>,
}

/// A plan that exists, with what the comparison needs.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The backlog planned (the scenario's).
    pub backlog: Backlog,
    /// The team planned with (the scenario's).
    pub team: Team,
    /// The optimizer's result.
    pub optimized: Optimized,
    /// The plan view (the files of SPEC section 5).
    pub plan: Plan,
    /// The forecast, with `--samples` (None also when it failed: see the warnings).
    pub forecast: Option<Forecast>,
    /// The backlog's finish in business hours from the plan start.
    pub makespan_hours: f64,
    /// Planned hours ÷ the team's working hours from the start to the finish.
    pub utilization: f64,
}

/// Whether a plan exists.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Planned.
    Planned(Box<Planned>),
    /// No plan exists: why, in a sentence.
    Infeasible(String),
}

/// The baseline or one scenario, compared with the baseline.
#[derive(Debug, Clone)]
pub struct Compared {
    /// `baseline`, or the scenario's name.
    pub name: String,
    /// The scenario's description.
    pub description: Option<String>,
    /// The sub-folder of `--out` for its plan files (see [`folder_name`]).
    pub folder: String,
    /// The plan, or why there is none.
    pub outcome: Outcome,
    /// One result per scope of [`WhatIf::scopes`].
    pub scopes: Vec<ScopeResult>,
    /// The one or two facts that drive the difference, as sentences.
    pub explanation: Vec<String>,
}

impl Compared {
    /// The plan, when there is one.
    pub fn planned(&self) -> Option<&Planned> {
        match &self.outcome {
            Outcome::Planned(p) => Some(p),
            Outcome::Infeasible(_) => None,
        }
    }

    /// `optimal`, `time_limit`, `heuristic` or `infeasible`.
    pub fn status(&self) -> &'static str {
        match &self.outcome {
            Outcome::Planned(p) => p.optimized.status.as_str(),
            Outcome::Infeasible(_) => "infeasible",
        }
    }
}

/// The columns of scenarios.csv (and of the workbook's Scenarios sheet).
pub const SCENARIOS_COLUMNS: [&str; 11] = [
    "scenario",
    "scope",
    "name",
    "finish",
    "delta_days",
    "makespan_days",
    "utilization",
    "status",
    "p85",
    "p85_delta_days",
    "explanation",
];

/// One row of scenarios.csv: one scope of one plan.
#[derive(Debug, Clone)]
pub struct ScenarioRow<'a> {
    /// `baseline`, or the scenario's name.
    pub scenario: &'a str,
    /// The scope.
    pub scope: &'a Scope,
    /// Its finish, and the changes against the baseline.
    pub result: &'a ScopeResult,
    /// The plan's makespan in working days; None without a plan.
    pub makespan_days: Option<f64>,
    /// The plan's utilization; None without a plan.
    pub utilization: Option<f64>,
    /// `optimal`, `time_limit`, `heuristic` or `infeasible`.
    pub status: &'static str,
    /// The explanation, on the backlog row only.
    pub explanation: Option<String>,
}

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// The scenario file.
    pub source: String,
    /// The backlog file.
    pub backlog_source: String,
    /// The team file.
    pub team_source: String,
    /// Rows of the comparison: backlog, priorities, projects (baseline order).
    pub scopes: Vec<Scope>,
    /// The baseline first, then the scenarios in file order.
    pub compared: Vec<Compared>,
    /// `hours_per_day` of the calendar: the length of a working day.
    pub hours_per_day: f64,
    /// Samples per forecast, with `--samples`.
    pub samples: Option<usize>,
    /// Warnings of the scenario file and of the forecasts.
    pub warnings: Vec<Warning>,
}

/// Plans the baseline and every scenario of `file` (in parallel), and
/// compares them.
///
/// Errors: a scenario that does not apply (an unknown developer or rule, a
/// selector that matches nothing: `FILE:LINE:` of the scenario file), and a
/// baseline that cannot be planned. A scenario that cannot be planned is
/// reported in its [`Compared::outcome`].
pub fn run(
    backlog: &Backlog,
    team: &Team,
    file: &ScenarioFile,
    opts: &WhatIfOptions,
) -> Result<WhatIf> {
    let applied: Vec<Applied> = file
        .scenarios
        .iter()
        .map(|s| s.apply(&file.source, backlog, team))
        .collect::<Result<_>>()?;
    let inputs: Vec<(&Backlog, &Team)> = iter::once((backlog, team))
        .chain(applied.iter().map(|a| (&a.backlog, &a.team)))
        .collect();
    let mut plans: Vec<(Result<Planned>, Option<Warning>)> = inputs
        .par_iter()
        .map(|(b, t)| plan_one(b, t, opts))
        .collect();
    let mut warnings: Vec<Warning> = applied.iter().flat_map(|a| a.warnings.clone()).collect();
    let (first, forecast_warning) = plans.remove(0);
    let base = first?;
    warnings.extend(forecast_warning);
    let scopes = scopes_of(&base.plan);
    let hours_per_day = team.calendar.hours_per_day;
    let base_results = results(&base, &scopes, None, hours_per_day);
    let base_explanation = bottleneck(&base, None).into_iter().collect();
    let mut scenarios = Vec::with_capacity(applied.len());
    for (k, ((scenario, applied), (result, forecast_warning))) in
        file.scenarios.iter().zip(&applied).zip(plans).enumerate()
    {
        warnings.extend(forecast_warning.map(|w| Warning {
            message: format!("scenario \"{}\": {}", scenario.name, w.message),
            ..w
        }));
        let folder = folder_name(k + 1, &scenario.name);
        let (outcome, scope_results, explanation) = match result {
            Ok(planned) => {
                let r = results(&planned, &scopes, Some(&base), hours_per_day);
                let e = explain(&base, &planned, scenario, applied);
                (Outcome::Planned(Box::new(planned)), r, e)
            }
            Err(e) => {
                let why = infeasibility(&e);
                let empty = ScopeResult {
                    finish: None,
                    finish_hours: None,
                    delta_days: None,
                    p85: None,
                    p85_delta_days: None,
                };
                (
                    Outcome::Infeasible(why.clone()),
                    vec![empty; scopes.len()],
                    vec![format!("no plan exists: {why}")],
                )
            }
        };
        scenarios.push(Compared {
            name: scenario.name.clone(),
            description: scenario.description.clone(),
            folder,
            outcome,
            scopes: scope_results,
            explanation,
        });
    }
    // The baseline goes first, moved in now that the scenarios are compared
    // with it.
    let mut compared = vec![Compared {
        name: BASELINE.to_string(),
        description: None,
        folder: folder_name(0, BASELINE),
        outcome: Outcome::Planned(Box::new(base)),
        scopes: base_results,
        explanation: base_explanation,
    }];
    compared.extend(scenarios);
    Ok(WhatIf {
        source: file.source.clone(),
        backlog_source: backlog.source.clone(),
        team_source: team.source.clone(),
        scopes,
        compared,
        hours_per_day,
        samples: opts.forecast.as_ref().map(|f| f.samples),
        warnings,
    })
}

/// Why a scenario has no plan, in one line.
fn infeasibility(e: &Error) -> String {
    match e {
        Error::Infeasible(why) => why.clone(),
        other => other.to_string(),
    }
    .replace('\n', " ")
}

/// Plans one backlog and team, with its forecast when asked; a forecast that
/// fails becomes a warning.
fn plan_one(
    backlog: &Backlog,
    team: &Team,
    opts: &WhatIfOptions,
) -> (Result<Planned>, Option<Warning>) {
    let optimized = match optimizer::optimize(backlog, team, &opts.plan) {
        Ok(o) => o,
        Err(e) => return (Err(e), None),
    };
    let plan = Plan::new(backlog, team, &optimized);
    let (forecast, warning) = match &opts.forecast {
        None => (None, None),
        Some(f) => match forecast::run(backlog, team, &optimized, f) {
            Ok(fc) => (Some(fc), None),
            Err(e) => (
                None,
                Some(Warning {
                    at: crate::Location::new(team.source.clone(), 0),
                    message: format!("no forecast: {}", infeasibility(&e)),
                }),
            ),
        },
    };
    let inst = &optimized.inst;
    let end = optimized.schedule.finish.iter().copied().max().unwrap_or(0);
    let capacity: i64 = inst
        .cal
        .developers
        .iter()
        .map(|dc| dc.work_before(end, inst.cal.day_minutes))
        .sum();
    let work: i64 = inst.p.iter().sum();
    let utilization = if capacity > 0 {
        work as f64 / capacity as f64
    } else {
        0.0
    };
    let makespan_hours = inst.cal.business_hours(end);
    (
        Ok(Planned {
            backlog: backlog.clone(),
            team: team.clone(),
            optimized,
            plan,
            forecast,
            makespan_hours,
            utilization,
        }),
        warning,
    )
}

/// The rows of the comparison: the backlog, the baseline's priorities (most
/// urgent first) and its projects (in backlog order).
fn scopes_of(base: &Plan) -> Vec<Scope> {
    let mut scopes = vec![Scope::Backlog];
    scopes.extend(base.priorities.iter().map(|(p, _)| Scope::Priority(*p)));
    scopes.extend(base.projects.iter().map(|(p, _)| Scope::Project(p.clone())));
    scopes
}

/// Each scope's finish in one plan, against the baseline when given.
fn results(
    planned: &Planned,
    scopes: &[Scope],
    base: Option<&Planned>,
    hours_per_day: f64,
) -> Vec<ScopeResult> {
    let cal = &planned.optimized.inst.cal;
    let base_results = base.map(|b| results(b, scopes, None, hours_per_day));
    scopes
        .iter()
        .enumerate()
        .map(|(i, scope)| {
            let last = planned
                .plan
                .tasks
                .iter()
                .filter(|t| scope.contains(t))
                .max_by(|a, b| a.finish_hours.total_cmp(&b.finish_hours));
            let p85 = planned.forecast.as_ref().and_then(|f| {
                f.rows
                    .iter()
                    .find(|r| r.scope == scope.forecast_scope() && r.name == scope.name())
                    .map(|r| r.p85)
            });
            let finish_hours = last.map(|t| t.finish_hours);
            let (delta_days, p85_delta_days) = match &base_results {
                None => (finish_hours.map(|_| 0.0), p85.map(|_| 0.0)),
                Some(b) => {
                    let b = &b[i];
                    let delta = |x: Option<f64>, y: Option<f64>| {
                        x.zip(y).map(|(x, y)| (x - y) / hours_per_day)
                    };
                    (
                        delta(finish_hours, b.finish_hours),
                        delta(
                            p85.map(|t| business_hours_at(cal, t)),
                            b.p85.map(|t| business_hours_at(cal, t)),
                        ),
                    )
                }
            };
            ScopeResult {
                finish: last.map(|t| t.finish),
                finish_hours,
                delta_days,
                p85,
                p85_delta_days,
            }
        })
        .collect()
}

/// A date-time in business hours from the plan start (SPEC 4.3): whole
/// business days before its date, plus the hours into its day when that is
/// a business day (at most `hours_per_day`).
pub fn business_hours_at(cal: &WorkCalendar, t: NaiveDateTime) -> f64 {
    let c = &cal.calendar;
    let day = t.date();
    let business = c.workdays.contains(&day.weekday()) && !c.holidays.contains(&day);
    let into = if business {
        let since = i64::from(t.time().num_seconds_from_midnight())
            - i64::from(c.day_start.num_seconds_from_midnight());
        (since / 60).clamp(0, (c.hours_per_day * 60.0).round() as i64)
    } else {
        0
    };
    cal.business_hours(cal.time_of_date(day) + into)
}

/// The sub-folder of `--out` for the plan at `index` (0 for the baseline,
/// then the scenarios in file order): the two-digit index, a dash, and the
/// name in lower-case ASCII letters and digits with every other run of
/// characters as one dash, at most 40 characters (`01-jonathan-at-half-time`).
/// The index keeps folders unique and in file order.
pub fn folder_name(index: usize, name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.chars().take(40).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("scenario");
    }
    format!("{index:02}-{slug}")
}

// ---------------------------------------------------------------------------
// Explanations

/// What the explanations read off one plan.
struct View<'a> {
    planned: &'a Planned,
    /// Open task id → its planned row.
    tasks: BTreeMap<&'a str, &'a PlannedTask>,
    /// Open task id → the one developer allowed to take it, when only one is.
    required: BTreeMap<&'a str, &'a str>,
}

impl<'a> View<'a> {
    fn new(planned: &'a Planned) -> View<'a> {
        let inst = &planned.optimized.inst;
        let mut required = BTreeMap::new();
        for j in 0..inst.n() {
            if let [d] = inst.allowed[j].as_slice() {
                let id = planned.backlog.tasks[inst.task[j]].id.as_str();
                required.insert(id, inst.names[*d].as_str());
            }
        }
        View {
            planned,
            tasks: planned
                .plan
                .tasks
                .iter()
                .map(|t| (t.id.as_str(), t))
                .collect(),
            required,
        }
    }

    /// The developer's name as the team writes it (case-insensitive lookup).
    fn developer(&self, name: &str) -> Option<&'a str> {
        self.planned
            .team
            .developers
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(name))
            .map(|d| d.name.as_str())
    }

    /// Hours planned for a developer.
    fn hours_of(&self, dev: &str) -> f64 {
        self.planned
            .plan
            .tasks
            .iter()
            .filter(|t| t.developer == dev)
            .map(|t| t.hours)
            .sum()
    }

    /// Hours of work only this developer may take.
    fn required_hours(&self, dev: &str) -> f64 {
        self.required
            .iter()
            .filter(|(_, d)| **d == dev)
            .filter_map(|(id, _)| self.tasks.get(id))
            .map(|t| t.hours)
            .sum()
    }

    /// The developer's last finish.
    fn last_finish(&self, dev: &str) -> Option<&'a PlannedTask> {
        self.planned
            .plan
            .tasks
            .iter()
            .filter(|t| t.developer == dev)
            .max_by(|a, b| a.finish_hours.total_cmp(&b.finish_hours))
    }

    /// The developer whose work ends last (the first in team order on a tie).
    fn last_developer(&self) -> Option<&'a str> {
        let mut best: Option<(&str, f64)> = None;
        for d in &self.planned.team.developers {
            if let Some(t) = self.last_finish(&d.name) {
                if best.is_none_or(|(_, f)| t.finish_hours > f + 1e-9) {
                    best = Some((d.name.as_str(), t.finish_hours));
                }
            }
        }
        best.map(|(d, _)| d)
    }
}

/// A fact and how much work it concerns (to pick the one that matters most).
struct Fact {
    text: String,
    hours: f64,
}

fn hours(h: f64) -> String {
    format!("{} h", num(h, 1))
}

fn date(t: &NaiveDateTime) -> String {
    t.date().to_string()
}

/// "Kai (25 h) and Sofia (16 h)": developers by hours, most first, three at
/// most.
fn who(by_dev: &BTreeMap<String, f64>) -> String {
    let mut list: Vec<(&String, &f64)> = by_dev.iter().filter(|(_, h)| **h > 0.0).collect();
    list.sort_by(|a, b| b.1.total_cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let mut parts: Vec<String> = list
        .iter()
        .take(3)
        .map(|(d, h)| format!("{d} ({})", hours(**h)))
        .collect();
    if list.len() > 3 {
        let rest: f64 = list[3..].iter().map(|(_, h)| **h).sum();
        parts.push(format!("others ({})", hours(rest)));
    }
    match parts.len() {
        0 => "nobody".to_string(),
        1 => parts.remove(0),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// Who finishes last, and with how much work: the fact that sets the finish.
fn bottleneck(planned: &Planned, base: Option<&Planned>) -> Option<String> {
    let view = View::new(planned);
    let dev = view.last_developer()?;
    let last = view.last_finish(dev)?;
    let h = view.hours_of(dev);
    let r = view.required_hours(dev);
    let work = if (h - r).abs() < 1e-9 {
        format!("{} of work that only {dev} may do", hours(h))
    } else if r > 0.0 {
        format!("{} of work, {} of it only {dev} may do", hours(h), hours(r))
    } else {
        format!("{} of work", hours(h))
    };
    let base_dev = base.and_then(|b| View::new(b).last_developer().map(str::to_string));
    Some(match base_dev {
        None => format!("{dev} finishes last ({}), with {work}", date(&last.finish)),
        Some(b) if b == dev => format!(
            "{dev} still finishes last ({}), with {work}",
            date(&last.finish)
        ),
        Some(b) => format!(
            "{dev} now finishes last ({}), with {work}; in the baseline {b} did",
            date(&last.finish)
        ),
    })
}

/// The one or two facts that drive the difference between a scenario's plan
/// and the baseline's: the change that concerns the most work, then who
/// finishes last.
fn explain(base: &Planned, scen: &Planned, scenario: &Scenario, applied: &Applied) -> Vec<String> {
    let b = View::new(base);
    let s = View::new(scen);
    let mut facts: Vec<Fact> = Vec::new();
    let mut rules_changed = false;
    for change in &scenario.changes {
        match &change.kind {
            ChangeKind::AddDeveloper(dev) => facts.push(added(&b, &s, dev)),
            ChangeKind::RemoveDeveloper(names) => {
                for name in names {
                    if let Some(f) = removed(&b, &s, &name.name) {
                        facts.push(f);
                    }
                }
            }
            ChangeKind::SetDeveloper(update) => {
                if let Some(f) = developer_changed(&b, &s, &update.name.name) {
                    facts.push(f);
                }
            }
            ChangeKind::AddTimeOff { developers, days } => {
                for name in developers {
                    if let Some(f) = time_off(&b, &s, &name.name, days) {
                        facts.push(f);
                    }
                }
            }
            ChangeKind::DropTasks(selector) => facts.push(dropped(&b, applied, selector)),
            ChangeKind::SetRule(_) | ChangeKind::RemoveRule(_) => rules_changed = true,
            ChangeKind::SetWeights(_) => facts.push(reordered(&b, &s)),
            ChangeKind::ScaleHours { factor, .. } => facts.push(scaled(&b, &s, *factor)),
        }
    }
    if rules_changed {
        facts.extend(rules(&b, &s, scenario));
    }
    facts.sort_by(|x, y| y.hours.total_cmp(&x.hours));
    let mut out: Vec<String> = facts.into_iter().take(1).map(|f| f.text).collect();
    if same_plan(&b, &s) {
        out.push("the plan is the same as the baseline's".to_string());
    } else if let Some(f) = bottleneck(scen, Some(base)) {
        out.push(f);
    }
    out
}

/// Whether every task has the same developer and times in both plans.
fn same_plan(b: &View<'_>, s: &View<'_>) -> bool {
    b.tasks.len() == s.tasks.len()
        && b.tasks.iter().all(|(id, t)| {
            s.tasks.get(id).is_some_and(|u| {
                u.developer == t.developer && u.start == t.start && u.finish == t.finish
            })
        })
}

/// Hours of the given tasks by the developer the other plan gives them.
fn by_developer<'a>(tasks: impl Iterator<Item = &'a PlannedTask>) -> BTreeMap<String, f64> {
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    for t in tasks {
        *out.entry(t.developer.clone()).or_default() += t.hours;
    }
    out
}

fn added(b: &View<'_>, s: &View<'_>, dev: &crate::Developer) -> Fact {
    let theirs: Vec<&PlannedTask> = s
        .planned
        .plan
        .tasks
        .iter()
        .filter(|t| t.developer == dev.name)
        .collect();
    let h: f64 = theirs.iter().map(|t| t.hours).sum();
    let from = dev
        .available_from
        .map(|d| format!(" from {d}"))
        .unwrap_or_default();
    if theirs.is_empty() {
        return Fact {
            text: format!(
                "{} gets no work{from}: no task they may take finishes earlier with them",
                dev.name
            ),
            hours: 0.0,
        };
    }
    let donors = by_developer(
        theirs
            .iter()
            .filter_map(|t| b.tasks.get(t.id.as_str()).copied()),
    );
    Fact {
        text: format!(
            "{} takes {} ({} tasks){from}, work the baseline gave to {}",
            dev.name,
            hours(h),
            theirs.len(),
            who(&donors)
        ),
        hours: h,
    }
}

fn removed(b: &View<'_>, s: &View<'_>, name: &str) -> Option<Fact> {
    let dev = b.developer(name)?;
    let theirs: Vec<&PlannedTask> = b
        .planned
        .plan
        .tasks
        .iter()
        .filter(|t| t.developer == dev)
        .collect();
    let h: f64 = theirs.iter().map(|t| t.hours).sum();
    let receivers = by_developer(
        theirs
            .iter()
            .filter_map(|t| s.tasks.get(t.id.as_str()).copied()),
    );
    Some(Fact {
        text: format!(
            "{dev}'s {} ({} tasks) go to {}",
            hours(h),
            theirs.len(),
            who(&receivers)
        ),
        hours: h,
    })
}

/// Hours a week a developer has for planned work (weekly_hours × focus).
fn weekly(planned: &Planned, dev: &str) -> Option<f64> {
    planned
        .team
        .developer(dev)
        .map(|d| d.weekly_hours * d.focus)
}

fn developer_changed(b: &View<'_>, s: &View<'_>, name: &str) -> Option<Fact> {
    let dev = s.developer(name)?;
    let (old, new) = (weekly(b.planned, dev)?, weekly(s.planned, dev)?);
    let first = if (old - new).abs() > 1e-9 {
        format!(
            "{dev} has {} a week for planned work instead of {}",
            hours(new),
            hours(old)
        )
    } else {
        format!("{dev}'s skills or dates change")
    };
    let r = b.required_hours(dev);
    let carries = if r > 0.0 {
        format!("carries {} of required work", hours(r))
    } else {
        format!("has {} of work", hours(s.hours_of(dev)))
    };
    let ends = match (b.last_finish(dev), s.last_finish(dev)) {
        (Some(x), Some(y)) if x.finish != y.finish => format!(
            ", which ends {} instead of {}",
            date(&y.finish),
            date(&x.finish)
        ),
        (Some(x), Some(_)) => format!(", which still ends {}", date(&x.finish)),
        _ => String::new(),
    };
    Some(Fact {
        text: format!("{first}, and {carries}{ends}"),
        hours: b.hours_of(dev).max(s.hours_of(dev)),
    })
}

fn time_off(
    b: &View<'_>,
    s: &View<'_>,
    name: &str,
    days: &[crate::team::DateRange],
) -> Option<Fact> {
    let dev = b.developer(name)?;
    let base_dev = b.planned.team.developer(dev)?;
    let cal = &b.planned.optimized.inst.cal;
    let mut lost_days = 0usize;
    let mut seen: Vec<NaiveDate> = Vec::new();
    for range in days {
        let mut day = range.first;
        // A range of years is a typo, not a question: count a decade at most.
        for _ in 0..3660 {
            if day > range.last {
                break;
            }
            let business = cal.calendar.workdays.contains(&day.weekday())
                && !cal.calendar.holidays.contains(&day);
            let available = base_dev.available_from.is_none_or(|f| day >= f)
                && base_dev.available_until.is_none_or(|u| day <= u)
                && !base_dev.time_off.iter().any(|r| r.contains(day));
            if business && available && !seen.contains(&day) {
                seen.push(day);
                lost_days += 1;
            }
            day = match day.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
    }
    let lost = minutes_to_hours(daily_minutes(&cal.calendar, base_dev)) * lost_days as f64;
    let ends = match (b.last_finish(dev), s.last_finish(dev)) {
        (Some(x), Some(y)) if x.finish != y.finish => format!(
            "; {dev}'s work ends {} instead of {}",
            date(&y.finish),
            date(&x.finish)
        ),
        (Some(x), Some(_)) => format!("; {dev}'s work still ends {}", date(&x.finish)),
        _ => String::new(),
    };
    Some(Fact {
        text: format!(
            "{dev} is off {lost_days} more working days ({} of capacity){ends}",
            hours(lost)
        ),
        hours: lost,
    })
}

fn dropped(b: &View<'_>, applied: &Applied, selector: &crate::scenario::Selector) -> Fact {
    let tasks: Vec<&PlannedTask> = applied
        .dropped
        .iter()
        .filter_map(|id| b.tasks.get(id.as_str()).copied())
        .filter(|t| {
            b.planned
                .backlog
                .tasks
                .iter()
                .find(|x| x.id == t.id)
                .is_some_and(|x| selector.matches(x))
        })
        .collect();
    let h: f64 = tasks.iter().map(|t| t.hours).sum();
    Fact {
        text: format!(
            "dropping {} tasks ({}) frees {}",
            tasks.len(),
            hours(h),
            who(&by_developer(tasks.iter().copied()))
        ),
        hours: h,
    }
}

fn scaled(b: &View<'_>, s: &View<'_>, factor: f64) -> Fact {
    // Over the tasks both plans have, so that dropped tasks do not count.
    let (mut old, mut new, mut changed, mut all) = (0.0, 0.0, 0usize, 0usize);
    let (mut old_changed, mut new_changed) = (0.0, 0.0);
    for t in &s.planned.plan.tasks {
        if let Some(x) = b.tasks.get(t.id.as_str()) {
            all += 1;
            old += x.hours;
            new += t.hours;
            if (x.hours - t.hours).abs() > 1e-9 {
                changed += 1;
                old_changed += x.hours;
                new_changed += t.hours;
            }
        }
    }
    let f = num(factor, 3);
    let text = if changed == 0 {
        format!("estimates × {f}: open work stays {}", hours(old))
    } else if changed == all {
        format!(
            "estimates × {f}: open work {} from {} to {}",
            if new > old { "grows" } else { "shrinks" },
            hours(old),
            hours(new)
        )
    } else {
        format!(
            "estimates of {changed} tasks × {f}: their {} become {}",
            hours(old_changed),
            hours(new_changed)
        )
    };
    Fact {
        text,
        hours: (new - old).abs(),
    }
}

fn reordered(b: &View<'_>, s: &View<'_>) -> Fact {
    let (mut earlier, mut later, mut moved) = (0usize, 0usize, 0.0);
    for (id, t) in &s.tasks {
        if let Some(x) = b.tasks.get(id) {
            if t.finish < x.finish {
                earlier += 1;
                moved += t.hours;
            } else if t.finish > x.finish {
                later += 1;
                moved += t.hours;
            }
        }
    }
    Fact {
        text: format!("with the new weights {earlier} tasks finish earlier and {later} later"),
        hours: moved,
    }
}

/// The rule changes of a scenario, as one fact per developer the changed
/// rules named: the work only they could take, and how much of it moves.
fn rules(b: &View<'_>, s: &View<'_>, scenario: &Scenario) -> Vec<Fact> {
    let mut names: Vec<&str> = Vec::new();
    let mut all_prefer = true;
    let mut all_removed = true;
    for change in &scenario.changes {
        let rule = match &change.kind {
            ChangeKind::SetRule(u) => {
                all_removed = false;
                all_prefer &= u.mode == Some(RuleMode::Prefer) && u.assign_to.is_none();
                vec![u.name.name.as_str()]
            }
            ChangeKind::RemoveRule(n) => {
                all_prefer = false;
                n.iter().map(|n| n.name.as_str()).collect()
            }
            _ => continue,
        };
        names.extend(rule);
    }
    let phrase = match (all_prefer, all_removed, names.len()) {
        (true, _, _) => "as preferences",
        (_, true, 1) => "without the rule",
        (_, true, _) => "without the rules",
        (_, _, 1) => "with the rule changed",
        _ => "with the rules changed",
    };
    let mut devs: Vec<&str> = Vec::new();
    for name in names {
        if let Some(rule) = b
            .planned
            .team
            .rules
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name))
        {
            for d in &rule.assign_to {
                if let Some(d) = b.developer(d) {
                    if !devs.contains(&d) {
                        devs.push(d);
                    }
                }
            }
        }
    }
    devs.into_iter()
        .filter_map(|dev| {
            let req = b.required_hours(dev);
            if req <= 0.0 {
                return None;
            }
            let moved: Vec<&PlannedTask> = b
                .required
                .iter()
                .filter(|(_, d)| **d == dev)
                .filter_map(|(id, _)| s.tasks.get(id).copied())
                .filter(|t| t.developer != dev)
                .collect();
            let h: f64 = moved.iter().map(|t| t.hours).sum();
            let text = if moved.is_empty() {
                format!(
                    "{dev} carries {} of required work; {phrase}, all of it stays with {dev}",
                    hours(req)
                )
            } else {
                format!(
                    "{dev} carries {} of required work; {phrase}, {} of it move to {}",
                    hours(req),
                    hours(h),
                    who(&by_developer(moved.iter().copied()))
                )
            };
            Some(Fact {
                text,
                hours: h.max(req * 1e-3),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Views

fn fmt_dt(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// A signed number of working days: `+4.5`, `-1`, `±0`.
fn signed_days(d: f64) -> String {
    let text = num(d, 1);
    if text == "0" {
        "±0".to_string()
    } else if d > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

/// The explanation as sentences.
fn sentences(facts: &[String]) -> String {
    facts
        .iter()
        .map(|f| {
            let mut chars = f.chars();
            let first: String = chars
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            format!("{first}{}.", chars.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl WhatIf {
    /// The cell of one scope of one plan: the date, and against the baseline
    /// the signed delta in working days; `dropped` when the scope has no open
    /// task left, `-` without a plan.
    fn cell(&self, k: usize, i: usize) -> String {
        let c = &self.compared[k];
        let r = &c.scopes[i];
        match (&c.outcome, r.finish, r.delta_days) {
            (Outcome::Infeasible(_), ..) => "-".to_string(),
            (_, None, _) => "dropped".to_string(),
            (_, Some(f), Some(d)) if k > 0 => format!("{} {}", f.date(), signed_days(d)),
            (_, Some(f), _) => f.date().to_string(),
        }
    }

    /// The comparison as the views print it: a row per scope (backlog,
    /// priorities, projects) then makespan, utilization, P85 and status,
    /// each with its label and one cell per plan (baseline first).
    pub fn comparison(&self) -> Vec<(String, Vec<String>)> {
        let mut rows: Vec<(String, Vec<String>)> = self
            .scopes
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    s.label(),
                    (0..self.compared.len()).map(|k| self.cell(k, i)).collect(),
                )
            })
            .collect();
        rows.extend(self.extra_rows());
        rows
    }

    /// How plan `k` is named in the views: `baseline`, or `#k` and the
    /// scenario's name.
    pub fn tag(&self, k: usize) -> String {
        if k == 0 {
            BASELINE.to_string()
        } else {
            format!("#{k} {}", self.compared[k].name)
        }
    }

    /// The explanation of `compared`, as sentences.
    pub fn explanation(compared: &Compared) -> String {
        sentences(&compared.explanation)
    }

    /// The rows below the scopes: makespan, utilization, P85, plan status.
    fn extra_rows(&self) -> Vec<(String, Vec<String>)> {
        let hpd = self.hours_per_day;
        let base = self.compared[0].planned();
        let mut rows = Vec::new();
        rows.push((
            "makespan (working days)".to_string(),
            self.compared
                .iter()
                .enumerate()
                .map(|(k, c)| match (c.planned(), base) {
                    (Some(p), Some(b)) if k > 0 => format!(
                        "{} {}",
                        num(p.makespan_hours / hpd, 1),
                        signed_days((p.makespan_hours - b.makespan_hours) / hpd)
                    ),
                    (Some(p), _) => num(p.makespan_hours / hpd, 1),
                    (None, _) => "-".to_string(),
                })
                .collect(),
        ));
        rows.push((
            "utilization".to_string(),
            self.compared
                .iter()
                .map(|c| match c.planned() {
                    Some(p) => format!("{}%", num(p.utilization * 100.0, 0)),
                    None => "-".to_string(),
                })
                .collect(),
        ));
        if let Some(n) = self.samples {
            rows.push((
                format!("P85 backlog ({n} samples)"),
                self.compared
                    .iter()
                    .enumerate()
                    .map(
                        |(k, c)| match (c.scopes[0].p85, c.scopes[0].p85_delta_days) {
                            (Some(t), Some(d)) if k > 0 => {
                                format!("{} {}", t.date(), signed_days(d))
                            }
                            (Some(t), _) => t.date().to_string(),
                            _ => "-".to_string(),
                        },
                    )
                    .collect(),
            ));
        }
        rows.push((
            "plan".to_string(),
            self.compared
                .iter()
                .map(|c| match c.planned() {
                    Some(p) if p.optimized.status == SolveStatus::Optimal => "optimal".to_string(),
                    Some(p) => format!("gap {}%", num(p.optimized.gap() * 100.0, 1)),
                    None => "infeasible".to_string(),
                })
                .collect(),
        ));
        rows
    }

    pub fn headline(&self) -> String {
        let base = self.compared[0].planned();
        let (tasks, h) = base.map_or((0, 0.0), |p| {
            (
                p.plan.tasks.len(),
                p.plan.tasks.iter().map(|t| t.hours).sum::<f64>(),
            )
        });
        format!(
            "What-if: {} scenarios from {} on {} ({tasks} open tasks, {}) with {}",
            self.compared.len() - 1,
            self.source,
            self.backlog_source,
            hours(h),
            self.team_source
        )
    }

    /// The terminal view: one table, a column per plan (the baseline, then
    /// `#1`, `#2`, … in file order), a row per scope, then each scenario's
    /// name and explanation.
    pub fn write_table(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", self.headline())?;
        writeln!(
            out,
            "Finish dates; after a scenario's date, its change against the baseline in working days (+ later, - earlier)."
        )?;
        writeln!(out)?;
        let rows = self.comparison();
        let header: Vec<String> = iter::once(BASELINE.to_string())
            .chain((1..self.compared.len()).map(|k| format!("#{k}")))
            .collect();
        let label_width = rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        let widths: Vec<usize> = (0..header.len())
            .map(|k| {
                rows.iter()
                    .map(|(_, cells)| cells[k].chars().count())
                    .chain(iter::once(header[k].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |label: &str, cells: &[String]| -> String {
            let mut s = format!("{label:<label_width$}");
            for (cell, w) in cells.iter().zip(&widths) {
                s.push_str("  ");
                s.push_str(&format!("{cell:<w$}"));
            }
            s.trim_end().to_string()
        };
        writeln!(out, "{}", line("", &header))?;
        for (label, cells) in &rows {
            writeln!(out, "{}", line(label, cells))?;
        }
        for (k, c) in self.compared.iter().enumerate() {
            writeln!(out)?;
            let tag = self.tag(k);
            match &c.description {
                Some(d) => writeln!(out, "{tag}: {d}")?,
                None => writeln!(out, "{tag}")?,
            }
            if !c.explanation.is_empty() {
                writeln!(out, "  {}", sentences(&c.explanation))?;
            }
        }
        Ok(())
    }

    /// The same as Markdown: the table with the scenarios' names as column
    /// heads, then the explanations.
    pub fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        // Names and explanations come from files anyone may write.
        let esc = |s: &str| safe::markdown(s).into_owned();
        writeln!(out, "# What-if scenarios")?;
        writeln!(out)?;
        writeln!(out, "{}  ", self.headline())?;
        writeln!(
            out,
            "Finish dates; after a scenario's date, its change against the baseline in working days (+ later, - earlier)."
        )?;
        writeln!(out)?;
        let mut head = String::from("| |");
        let mut rule = String::from("|---|");
        for k in 0..self.compared.len() {
            head.push_str(&format!(" {} |", esc(&self.tag(k))));
            rule.push_str("---|");
        }
        writeln!(out, "{head}")?;
        writeln!(out, "{rule}")?;
        for (i, s) in self.scopes.iter().enumerate() {
            let cells: Vec<String> = (0..self.compared.len())
                .map(|k| esc(&self.cell(k, i)))
                .collect();
            writeln!(out, "| {} | {} |", esc(&s.label()), cells.join(" | "))?;
        }
        for (label, cells) in self.extra_rows() {
            let cells: Vec<String> = cells.iter().map(|c| esc(c)).collect();
            writeln!(out, "| {} | {} |", esc(&label), cells.join(" | "))?;
        }
        writeln!(out)?;
        writeln!(out, "## Why")?;
        writeln!(out)?;
        for (k, c) in self.compared.iter().enumerate() {
            let tag = self.tag(k);
            writeln!(
                out,
                "- **{}**: {}",
                esc(&tag),
                esc(&sentences(&c.explanation))
            )?;
        }
        Ok(())
    }

    /// The comparison as JSON: per plan its status, objective, bound,
    /// makespan, utilization, scopes and explanation.
    pub fn to_json(&self) -> Value {
        let plans: Vec<Value> = self
            .compared
            .iter()
            .map(|c| {
                let mut m = Map::new();
                m.insert("name".into(), json!(c.name));
                m.insert("description".into(), json!(c.description));
                m.insert("folder".into(), json!(c.folder));
                m.insert("status".into(), json!(c.status()));
                match &c.outcome {
                    Outcome::Planned(p) => {
                        m.insert(
                            "objective".into(),
                            json!({"name": p.plan.objective_name, "value": round(p.plan.objective, 4)}),
                        );
                        m.insert("lower_bound".into(), json!(round(p.plan.lower_bound, 4)));
                        m.insert("gap".into(), json!(round(p.plan.gap, 6)));
                        m.insert(
                            "makespan_days".into(),
                            json!(round(p.makespan_hours / self.hours_per_day, 4)),
                        );
                        m.insert("utilization".into(), json!(round(p.utilization, 4)));
                    }
                    Outcome::Infeasible(why) => {
                        m.insert("reason".into(), json!(why));
                    }
                }
                let scopes: Vec<Value> = self
                    .scopes
                    .iter()
                    .zip(&c.scopes)
                    .map(|(s, r)| {
                        json!({
                            "scope": s.kind(),
                            "name": s.name(),
                            "finish": r.finish.as_ref().map(fmt_dt),
                            "delta_days": r.delta_days.map(|d| round(d, 4)),
                            "p85": r.p85.as_ref().map(fmt_dt),
                            "p85_delta_days": r.p85_delta_days.map(|d| round(d, 4)),
                        })
                    })
                    .collect();
                m.insert("scopes".into(), Value::Array(scopes));
                m.insert("explanation".into(), json!(sentences(&c.explanation)));
                Value::Object(m)
            })
            .collect();
        json!({
            "scenario_file": self.source,
            "backlog": self.backlog_source,
            "team": self.team_source,
            "samples": self.samples,
            "plans": plans,
            "warnings": self.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        })
    }

    /// [`WhatIf::to_json`], pretty, with a trailing newline.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.to_json())?;
        writeln!(out)
    }

    /// scenarios.csv: `scenario,scope,name,finish,delta_days,makespan_days,utilization,status,p85,p85_delta_days,explanation`,
    /// a row per plan (the baseline first, then the scenarios in file
    /// order) and scope (backlog, priorities, projects). Empty cells where a
    /// value does not exist (a dropped scope, an infeasible plan, no
    /// `--samples`); the explanation on the backlog row only.
    pub fn write_scenarios_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        self.write_scenarios_csv_with(out, Cells::default())
    }

    /// The rows of scenarios.csv, typed: a row per plan (the baseline
    /// first, then the scenarios in file order) and scope.
    pub fn scenario_rows(&self) -> Vec<ScenarioRow<'_>> {
        let mut rows = Vec::new();
        for c in &self.compared {
            let planned = c.planned();
            for (s, r) in self.scopes.iter().zip(&c.scopes) {
                rows.push(ScenarioRow {
                    scenario: &c.name,
                    scope: s,
                    result: r,
                    makespan_days: planned.map(|p| p.makespan_hours / self.hours_per_day),
                    utilization: planned.map(|p| p.utilization),
                    status: c.status(),
                    explanation: (*s == Scope::Backlog).then(|| sentences(&c.explanation)),
                });
            }
        }
        rows
    }

    /// scenarios.csv with its text cells (names, explanations) written as
    /// `cells` says ([`crate::report::safe::cell`]).
    pub fn write_scenarios_csv_with(&self, out: &mut dyn Write, cells: Cells) -> io::Result<()> {
        let text = |s: &str| safe::cell(s, cells).into_owned();
        let mut w = csv::Writer::from_writer(out);
        w.write_record(SCENARIOS_COLUMNS)?;
        for row in self.scenario_rows() {
            let r = row.result;
            w.write_record([
                text(row.scenario),
                row.scope.kind().to_string(),
                text(&row.scope.name()),
                r.finish.as_ref().map(fmt_dt).unwrap_or_default(),
                r.delta_days.map(|d| num(d, 4)).unwrap_or_default(),
                row.makespan_days.map(|d| num(d, 4)).unwrap_or_default(),
                row.utilization.map(|u| num(u, 4)).unwrap_or_default(),
                row.status.to_string(),
                r.p85.as_ref().map(fmt_dt).unwrap_or_default(),
                r.p85_delta_days.map(|d| num(d, 4)).unwrap_or_default(),
                row.explanation.as_deref().map(text).unwrap_or_default(),
            ])?;
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backlog::{self, Format, ReadOptions};
    use crate::scenario::parse_scenarios;
    use crate::team_file::parse_team;

    const TEAM: &str = "[weights]\nprefer_penalty_hours = 2\n[[developer]]\nname = \"Ana\"\n\
        [[developer]]\nname = \"Bo\"\n\
        [[rule]]\nname = \"ana owns urgent\"\nwhen = { priority = \"URGENT\" }\nassign_to = \"Ana\"\n";

    const BACKLOG: &str = "## app\n### URGENT - Bugs\n- [ ] **Fix login** (8 hours)\n\
        - [ ] **Fix logout** (8 hours)\n\
        ### LOW - Polish\n- [ ] **Dark mode** (6 hours)\n\
        ## site\n### HIGH - Pages\n- [ ] **Pricing page** (4 hours)\n";

    fn inputs() -> (Backlog, Team) {
        let team = parse_team("team.toml", TEAM).unwrap();
        let backlog = backlog::parse(
            "b.md",
            BACKLOG.as_bytes(),
            Format::Markdown,
            &ReadOptions::default(),
        )
        .unwrap();
        (backlog, team)
    }

    fn what_if(scenarios: &str) -> WhatIf {
        let (backlog, team) = inputs();
        let file = parse_scenarios("s.toml", scenarios, &team).unwrap();
        let opts = WhatIfOptions {
            plan: PlanOptions::default(),
            forecast: None,
        };
        run(&backlog, &team, &file, &opts).unwrap()
    }

    #[test]
    fn folder_names_are_safe_unique_and_ordered() {
        assert_eq!(folder_name(0, "baseline"), "00-baseline");
        assert_eq!(
            folder_name(3, "Jonathan at ½ time (20 h)!"),
            "03-jonathan-at-time-20-h"
        );
        assert_eq!(folder_name(12, "../../etc"), "12-etc");
        assert_eq!(folder_name(1, "???"), "01-scenario");
        assert_eq!(folder_name(2, &"x".repeat(80)).len(), 43);
    }

    #[test]
    fn signed_days_read_as_changes() {
        assert_eq!(signed_days(4.5), "+4.5");
        assert_eq!(signed_days(-1.0), "-1");
        assert_eq!(signed_days(0.01), "±0");
        assert_eq!(signed_days(-0.04), "±0");
    }

    #[test]
    fn required_work_moves_when_the_rule_becomes_a_preference() {
        // Ana must do 16 h of URGENT work alone; as a preference, Bo takes
        // one of the two tasks and URGENT finishes a day earlier.
        let w = what_if(
            "[[scenario]]\nname = \"prefer\"\nset_rule = { name = \"ana owns urgent\", mode = \"prefer\" }\n",
        );
        assert_eq!(w.compared.len(), 2);
        let names: Vec<String> = w.scopes.iter().map(Scope::label).collect();
        assert_eq!(names, ["backlog", "URGENT", "HIGH", "LOW", "app", "site"]);
        let urgent = &w.compared[1].scopes[1];
        assert_eq!(urgent.delta_days, Some(-1.0));
        assert_eq!(
            w.compared[1].explanation[0],
            "Ana carries 16 h of required work; as preferences, 8 h of it move to Bo (8 h)"
        );
    }

    #[test]
    fn dropped_scopes_and_removed_developers() {
        let w = what_if(
            "[[scenario]]\nname = \"no low\"\ndrop_tasks = { priority = \"LOW\" }\n\
             [[scenario]]\nname = \"no Ana\"\nremove_developer = \"Ana\"\n",
        );
        let low = &w.compared[1].scopes[3];
        assert_eq!((low.finish, low.delta_days), (None, None));
        assert_eq!(w.cell(1, 3), "dropped");
        assert!(w.compared[1].explanation[0].starts_with("dropping 1 tasks (6 h) frees "));
        // Without Ana nobody may take the URGENT work: infeasible, explained.
        let c = &w.compared[2];
        assert_eq!(c.status(), "infeasible");
        assert_eq!(
            c.explanation,
            ["no plan exists: task \"Fix login\": rule \"ana owns urgent\" requires Ana, who is not in the team"]
        );
        let mut csv = Vec::new();
        w.write_scenarios_csv(&mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows.len(), 1 + 3 * 6);
        assert!(rows[1].starts_with("baseline,backlog,all,"), "{}", rows[1]);
        assert!(
            rows[10].starts_with("no low,priority,LOW,,,"),
            "{}",
            rows[10]
        );
        assert!(
            rows[13].starts_with("no Ana,backlog,all,,,,,infeasible,"),
            "{}",
            rows[13]
        );
    }

    #[test]
    fn the_baseline_has_zero_deltas_and_scale_one_changes_nothing() {
        let w = what_if("[[scenario]]\nname = \"same\"\nscale_hours = 1.0\n");
        for k in 0..2 {
            for r in &w.compared[k].scopes {
                assert_eq!(r.delta_days, Some(0.0));
            }
        }
        assert_eq!(
            w.compared[1].explanation,
            [
                "estimates × 1: open work stays 26 h",
                "the plan is the same as the baseline's"
            ]
        );
    }

    #[test]
    fn business_hours_of_date_times() {
        let (backlog, team) = inputs();
        let opt = optimizer::optimize(&backlog, &team, &PlanOptions::default()).unwrap();
        let cal = &opt.inst.cal;
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        // 2026-11-30 is the first day (a Monday), 09:00 to 17:00.
        assert_eq!(business_hours_at(cal, at("2026-11-30T09:00")), 0.0);
        assert_eq!(business_hours_at(cal, at("2026-11-30T13:30")), 4.5);
        assert_eq!(business_hours_at(cal, at("2026-11-30T17:00")), 8.0);
        assert_eq!(business_hours_at(cal, at("2026-12-01T10:00")), 9.0);
        // A Saturday counts as the start of the next business day.
        assert_eq!(business_hours_at(cal, at("2026-12-05T12:00")), 40.0);
    }
}
