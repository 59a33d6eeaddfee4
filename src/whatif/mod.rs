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
//!
//! Explanations are in [`explain`]; the views (scenarios.csv, the terminal
//! table, Markdown, JSON) in [`crate::report::whatif`].

mod explain;
#[cfg(test)]
mod tests;

use std::iter;

use chrono::NaiveDateTime;
use rayon::prelude::*;

use crate::error::{Error, Infeasibility, Result};
use crate::forecast::{self, Forecast, ForecastOptions, BACKLOG_NAME};
use crate::model::{Backlog, Priority, Warning};
use crate::optimizer::{self, Optimized, PlanOptions};
use crate::plan::{Plan, PlannedTask};
use crate::scenario::{Applied, ScenarioFile, BASELINE};
use crate::team::Team;

use explain::{bottleneck, explain};

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
    pub fn label(&self) -> String {
        match self {
            Scope::Backlog => "backlog".to_string(),
            Scope::Priority(p) => p.to_string(),
            Scope::Project(p) => crate::model::project_name(p).to_string(),
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
    /// No plan exists: why, as data (its `Display` is the sentence).
    Infeasible(Box<Infeasibility>),
    /// Planning the scenario failed for another reason: the error's line.
    Failed(String),
}

/// One scenario, compared with the baseline.
#[derive(Debug, Clone)]
pub struct Compared {
    /// The scenario's name.
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

/// The baseline of a comparison: the plan without changes, which always
/// exists.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The sub-folder of `--out` for its plan files (see [`folder_name`]).
    pub folder: String,
    /// The plan.
    pub planned: Box<Planned>,
    /// One result per scope of [`WhatIf::scopes`] (deltas of zero).
    pub scopes: Vec<ScopeResult>,
    /// Who sets the finish, as a sentence.
    pub explanation: Vec<String>,
}

/// One column of the comparison as the views read it: the baseline
/// (column 0) or a scenario.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    /// `baseline`, or the scenario's name.
    pub name: &'a str,
    /// The scenario's description.
    pub description: Option<&'a str>,
    /// The sub-folder of `--out` for its plan files.
    pub folder: &'a str,
    /// The plan, or why there is none.
    pub outcome: std::result::Result<&'a Planned, Unplanned<'a>>,
    /// One result per scope of [`WhatIf::scopes`].
    pub scopes: &'a [ScopeResult],
    /// The facts that drive the difference.
    pub explanation: &'a [String],
}

/// Why a column has no plan.
#[derive(Debug, Clone, Copy)]
pub enum Unplanned<'a> {
    /// No plan exists: the cause as data.
    Infeasible(&'a Infeasibility),
    /// Planning failed for another reason: the error's line.
    Failed(&'a str),
}

impl std::fmt::Display for Unplanned<'_> {
    /// The sentence, on one line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unplanned::Infeasible(why) => write!(f, "{why}"),
            Unplanned::Failed(why) => f.write_str(why),
        }
    }
}

impl<'a> Column<'a> {
    /// The plan, when there is one.
    pub fn planned(&self) -> Option<&'a Planned> {
        self.outcome.ok()
    }

    /// `optimal`, `time_limit`, `heuristic` or `infeasible`.
    pub fn status(&self) -> &'static str {
        match self.outcome {
            Ok(p) => p.optimized.status.as_str(),
            Err(_) => "infeasible",
        }
    }
}

impl WhatIf {
    /// The columns of the comparison: the baseline, then the scenarios in
    /// file order.
    pub fn columns(&self) -> Vec<Column<'_>> {
        (0..=self.scenarios.len()).map(|k| self.column(k)).collect()
    }

    /// Column `k`: 0 is the baseline, `k` the k-th scenario.
    ///
    /// # Panics
    /// When there is no scenario `k`.
    pub fn column(&self, k: usize) -> Column<'_> {
        let Some(c) = k.checked_sub(1).map(|s| &self.scenarios[s]) else {
            let b = &self.baseline;
            return Column {
                name: BASELINE,
                description: None,
                folder: &b.folder,
                outcome: Ok(&b.planned),
                scopes: &b.scopes,
                explanation: &b.explanation,
            };
        };
        Column {
            name: &c.name,
            description: c.description.as_deref(),
            folder: &c.folder,
            outcome: match &c.outcome {
                Outcome::Planned(p) => Ok(p),
                Outcome::Infeasible(why) => Err(Unplanned::Infeasible(why)),
                Outcome::Failed(why) => Err(Unplanned::Failed(why)),
            },
            scopes: &c.scopes,
            explanation: &c.explanation,
        }
    }
}

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// The as-of date of a re-plan (`--as-of`); None from the calendar's start.
    pub as_of: Option<chrono::NaiveDate>,
    /// The scenario file.
    pub source: String,
    /// The backlog file.
    pub backlog_source: String,
    /// The team file.
    pub team_source: String,
    /// Rows of the comparison: backlog, priorities, projects (baseline order).
    pub scopes: Vec<Scope>,
    /// The baseline: always planned (an infeasible baseline is an error).
    pub baseline: Baseline,
    /// The scenarios in file order, each compared with the baseline.
    pub scenarios: Vec<Compared>,
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
        // A scenario that leaves tasks out which the baseline plans has no
        // plan of the same work: it is reported as infeasible, with why,
        // rather than compared as if it were finished earlier.
        let result = result.and_then(|planned| {
            let newly = planned.optimized.inst.unplanned.iter().find(|u| {
                let id = &planned.backlog.tasks[u.task].id;
                !base.plan.unplanned.iter().any(|b| &b.id == id)
            });
            match newly {
                Some(u) => Err(Error::Infeasible(Box::new(u.why.clone()))),
                None => Ok(planned),
            }
        });
        let (outcome, scope_results, explanation) = match result {
            Ok(planned) => {
                let r = results(&planned, &scopes, Some(&base), hours_per_day);
                let e = explain(&base, &planned, scenario, applied);
                (Outcome::Planned(Box::new(planned)), r, e)
            }
            Err(e) => {
                let why = one_line(&e);
                let outcome = match e {
                    Error::Infeasible(cause) => Outcome::Infeasible(cause),
                    _ => Outcome::Failed(why.clone()),
                };
                let empty = ScopeResult {
                    finish: None,
                    finish_hours: None,
                    delta_days: None,
                    p85: None,
                    p85_delta_days: None,
                };
                (
                    outcome,
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
    // Moved in now that the scenarios are compared with it.
    let baseline = Baseline {
        folder: folder_name(0, BASELINE),
        planned: Box::new(base),
        scopes: base_results,
        explanation: base_explanation,
    };
    Ok(WhatIf {
        as_of: team.calendar.as_of.map(|_| team.calendar.plan_start()),
        source: file.source.clone(),
        backlog_source: backlog.source.clone(),
        team_source: team.source.clone(),
        scopes,
        baseline,
        scenarios,
        hours_per_day,
        samples: opts.forecast.as_ref().map(|f| f.samples),
        warnings,
    })
}

/// Why a scenario has no plan or forecast, in one line (an infeasibility
/// without the "infeasible:" prefix the binary adds).
fn one_line(e: &Error) -> String {
    match e {
        Error::Infeasible(why) => why.to_string(),
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
                    message: format!("no forecast: {}", one_line(&e)),
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
                    .and_then(|r| r.p85)
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
                            p85.map(|t| cal.business_hours_at(t)),
                            b.p85.map(|t| cal.business_hours_at(t)),
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
