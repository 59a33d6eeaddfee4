//! Completion forecasts (SPEC 4.6): the plan's own finish dates, and a Monte
//! Carlo forecast that replays the plan with uncertain efforts.
//!
//! Every open task's effort is drawn from a log-normal ([`effort`] has the
//! parameters); the plan's assignment and each developer's order are replayed
//! with those efforts over the team's calendars ([`replay`]); the finish of
//! every task, project, priority and of the whole backlog is recorded per
//! sample. The report gives, per scope, the date by which 50 %, 85 % and
//! 95 % of the samples have finished (P50, P85, P95), the chance of meeting
//! the due dates, and the burn-up per week.
//!
//! Percentiles are nearest-rank: of `n` sorted values, P`q` is the
//! ⌈q·n/100⌉-th (1-based), always a value some sample reached. Sample `s`
//! draws from the ChaCha8 stream `s` of the seed, and samples run in
//! parallel: the same seed gives the same bytes whatever the number of
//! threads.
//!
//! ```no_run
//! use sprintcast::forecast::{self, ForecastOptions};
//! use sprintcast::optimizer::{optimize, PlanOptions};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let team = sprintcast::team_file::read_team("data/team.toml".as_ref())?;
//! let backlog = sprintcast::backlog::read_file("data/backlog.md".as_ref(), &Default::default())?;
//! let plan = optimize(&backlog, &team, &PlanOptions::default())?;
//! let forecast = forecast::run(&backlog, &team, &plan, &ForecastOptions::default())?;
//! forecast.write_table(&mut std::io::stdout())?;
//! # Ok(())
//! # }
//! ```

mod effort;
mod replay;
mod report;

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rayon::prelude::*;

use crate::calendar::{minutes_to_hours, WorkCalendar, MAX_DAYS};
use crate::error::{Error, Location, Result};
use crate::model::{Backlog, Priority, Warning};
use crate::optimizer::{Instance, Optimized};
use crate::team::Team;

pub use effort::{inverse_normal_cdf, sigma_of, EffortModel, Z90};
use replay::Replay;
pub use report::{BURNUP_COLUMNS, FORECAST_COLUMNS};

/// P90 ÷ median of a task's effort when neither the task, the team file's
/// `[forecast]` table nor the caller says otherwise (SPEC 4.6).
pub const DEFAULT_UNCERTAINTY: f64 = 1.5;

/// The largest uncertainty accepted: a P90 ten times the median is no
/// estimate at all.
pub const MAX_UNCERTAINTY: f64 = 10.0;

/// Samples drawn when the caller does not say.
pub const DEFAULT_SAMPLES: usize = 10_000;

/// The most samples a forecast takes: every task's finish is kept for every
/// sample (4 bytes each), and a million samples already pin a percentile
/// far below the minute.
pub const MAX_SAMPLES: usize = 1_000_000;

/// The seed used when the caller does not say.
pub const DEFAULT_SEED: u64 = 1;

/// The percentiles reported.
pub const PERCENTILES: [usize; 3] = [50, 85, 95];

/// How to forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastOptions {
    /// Number of samples (1 to [`MAX_SAMPLES`]).
    pub samples: usize,
    /// Seed of the random draws: the same seed gives the same forecast.
    pub seed: u64,
    /// P90 ÷ median of the effort of tasks without a `range` (1 to
    /// [`MAX_UNCERTAINTY`]; 1 means no uncertainty); `None` for
    /// [`DEFAULT_UNCERTAINTY`].
    pub uncertainty: Option<f64>,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
            uncertainty: None,
        }
    }
}

/// What a forecast row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// One open task (named by id).
    Task,
    /// Every open task of a project.
    Project,
    /// Every open task of a priority.
    Priority,
    /// Every open task.
    Backlog,
}

impl Scope {
    /// `task`, `project`, `priority` or `backlog`, as in forecast.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Task => "task",
            Scope::Project => "project",
            Scope::Priority => "priority",
            Scope::Backlog => "backlog",
        }
    }
}

/// The name of the backlog scope's row.
pub const BACKLOG_NAME: &str = "all";

/// When one scope finishes.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    /// What the row is about.
    pub scope: Scope,
    /// Task id, project, priority, or [`BACKLOG_NAME`].
    pub name: String,
    /// How people read it: a task's title, else the name (the tables show
    /// this, forecast.csv the name).
    pub label: String,
    /// The plan's finish (efforts as estimated).
    pub deterministic: NaiveDateTime,
    /// Half the samples finish by then.
    pub p50: NaiveDateTime,
    /// 85 % of the samples finish by then.
    pub p85: NaiveDateTime,
    /// 95 % of the samples finish by then.
    pub p95: NaiveDateTime,
    /// A task's due date (None for the other scopes).
    pub due: Option<NaiveDate>,
    /// Share of samples that meet the due date; for a project, priority or
    /// the backlog, that meet every due date in it at once. None when there
    /// is no due date.
    pub p_on_time: Option<f64>,
}

/// The work done by the end of one week.
#[derive(Debug, Clone, PartialEq)]
pub struct BurnupRow {
    /// Week number, 1 from the plan's start date.
    pub week: u32,
    /// First day of the week.
    pub start: NaiveDate,
    /// Last day of the week.
    pub end: NaiveDate,
    /// Estimated hours of all open tasks (the scope line).
    pub scope_hours: f64,
    /// Estimated hours of the tasks the plan finishes by the week's end.
    pub deterministic: f64,
    /// Hours done by the week's end in at least half of the samples.
    pub p50: f64,
    /// Hours done in at least 85 % of the samples.
    pub p85: f64,
    /// Hours done in at least 95 % of the samples.
    pub p95: f64,
}

/// A whole forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Backlog, priorities (most urgent first), projects (in backlog order),
    /// then tasks (in backlog order).
    pub rows: Vec<ForecastRow>,
    /// How many due dates each row's scope holds, row by row.
    pub due_dates: Vec<usize>,
    /// Week by week until 95 % of the samples have finished everything.
    pub burnup: Vec<BurnupRow>,
    /// Samples drawn.
    pub samples: usize,
    /// Seed used.
    pub seed: u64,
    /// P90 ÷ median used for tasks without a range.
    pub uncertainty: f64,
    /// Open tasks.
    pub tasks: usize,
    /// Their estimated hours.
    pub hours: f64,
    /// The plan's objective (`weighted` or `makespan`).
    pub objective: &'static str,
    /// The plan's status (`optimal`, `time_limit`, `heuristic`).
    pub plan_status: &'static str,
    /// Things to know about the input (a task's estimate outside its range).
    pub warnings: Vec<Warning>,
}

/// Forecasts the completion of `plan` (a plan of `backlog` by `team`).
///
/// Errors: options out of range ([`Error::BadOption`]); a forecast that
/// cannot finish, because in some sample a developer leaves the team with
/// work left or the work runs past [`MAX_DAYS`] business days
/// ([`Error::Infeasible`], with the task and sample).
pub fn run(
    backlog: &Backlog,
    team: &Team,
    plan: &Optimized,
    opts: &ForecastOptions,
) -> Result<Forecast> {
    run_counted(backlog, team, plan, opts, &AtomicUsize::new(0))
}

/// [`run`], adding to `done` the samples replayed (in steps of 64, then the
/// rest; a sample that runs again on a longer calendar counts once), so
/// that a caller on another thread can show how far the forecast has come.
/// The result does not depend on it.
pub fn run_counted(
    backlog: &Backlog,
    team: &Team,
    plan: &Optimized,
    opts: &ForecastOptions,
    done: &AtomicUsize,
) -> Result<Forecast> {
    let uncertainty = check_options(opts)?;
    let inst = &plan.inst;
    let sigma = sigma_of(uncertainty);
    let models: Vec<EffortModel> = (0..inst.n())
        .map(|j| EffortModel::for_task(&backlog.tasks[inst.task[j]], inst.p[j], sigma))
        .collect();
    let mut forecast = Forecast {
        rows: Vec::new(),
        due_dates: Vec::new(),
        burnup: Vec::new(),
        samples: opts.samples,
        seed: opts.seed,
        uncertainty,
        tasks: inst.n(),
        hours: minutes_to_hours(inst.p.iter().sum()),
        objective: inst.objective.as_str(),
        plan_status: plan.status.as_str(),
        warnings: range_warnings(backlog, inst),
    };
    if inst.n() == 0 {
        return Ok(forecast);
    }
    let replay = Replay::new(inst, &plan.schedule, models, opts.seed);
    let (cal, finishes) = simulate(backlog, team, inst, &replay, opts.samples, done)?;
    let scopes = scopes(backlog, inst, &cal);
    forecast.rows = scopes
        .par_iter()
        .map(|scope| summarize(scope, &finishes, inst.n(), &plan.schedule.finish, &cal))
        .collect();
    forecast.due_dates = scopes.iter().map(|s| s.deadlines.len()).collect();
    forecast.burnup = burnup(&cal, inst, &plan.schedule.finish, &finishes, &scopes[0]);
    Ok(forecast)
}

impl ForecastOptions {
    /// Checks that the options are in range (what [`run`] checks first), so
    /// that a caller can refuse them before planning.
    pub fn check(&self) -> Result<()> {
        check_options(self).map(|_| ())
    }
}

/// The uncertainty to use, once the options are known to be in range.
fn check_options(opts: &ForecastOptions) -> Result<f64> {
    if opts.samples == 0 || opts.samples > MAX_SAMPLES {
        return Err(Error::BadOption {
            option: "samples".into(),
            value: opts.samples.to_string(),
            expected: format!(
                "must be a whole number from 1 to {MAX_SAMPLES} (how many times the forecast replays the plan)"
            ),
        });
    }
    let u = opts.uncertainty.unwrap_or(DEFAULT_UNCERTAINTY);
    if !(u.is_finite() && (1.0..=MAX_UNCERTAINTY).contains(&u)) {
        return Err(Error::BadOption {
            option: "uncertainty".into(),
            value: crate::plan::num(u, 6),
            expected: format!(
                "must be a number from 1 to {MAX_UNCERTAINTY} (P90 effort ÷ median effort; 1 means no uncertainty)"
            ),
        });
    }
    Ok(u)
}

/// A warning for every open task whose estimate lies outside its own range:
/// the plan uses the estimate, the forecast the range.
fn range_warnings(backlog: &Backlog, inst: &Instance) -> Vec<Warning> {
    let num = |x: f64| crate::plan::num(x, 2);
    inst.task
        .iter()
        .map(|&i| &backlog.tasks[i])
        .filter_map(|t| match (t.low, t.high) {
            (Some(low), Some(high)) if t.hours < low || t.hours > high => Some(Warning {
                at: Location::new(backlog.source.clone(), t.line),
                message: format!(
                    "task \"{}\": estimate {} hours is outside its range {}-{}; the plan uses the estimate, the forecast draws from the range",
                    t.title,
                    num(t.hours),
                    num(low),
                    num(high)
                ),
            }),
            _ => None,
        })
        .collect()
}

/// Runs every sample; returns the calendar the finishes are on (long enough
/// for every sample) and the finishes, sample-major (`samples × n`).
fn simulate(
    backlog: &Backlog,
    team: &Team,
    inst: &Instance,
    replay: &Replay<'_>,
    samples: usize,
    done: &AtomicUsize,
) -> Result<(WorkCalendar, Vec<u32>)> {
    let n = inst.n();
    let mut finishes = vec![0u32; samples * n];
    // Three times the planned work covers all but the rarest samples; those
    // run again on a longer calendar.
    let total: i64 = inst.p.iter().sum();
    let mut work = total.saturating_mul(3).max(1);
    let mut cal = WorkCalendar::new(team, work, inst.cal.horizon_days());
    let mut failed: Vec<(usize, usize)> = finishes
        .par_chunks_mut(n)
        .enumerate()
        .map_init(
            || replay.scratch(),
            |scratch, (s, row)| {
                let failed = replay.sample(&cal, s as u64, scratch, row).map(|j| (s, j));
                // Counted by the 64, so the threads seldom touch the counter.
                if (s + 1) % 64 == 0 {
                    done.fetch_add(64, Ordering::Relaxed);
                }
                failed
            },
        )
        .flatten()
        .collect();
    done.fetch_add(samples % 64, Ordering::Relaxed);
    while let Some(&(s, j)) = failed.first() {
        let d = replay.developer(j);
        let dev = &team.developers[d];
        let task = &backlog.tasks[inst.task[j]];
        let hours = crate::plan::num(minutes_to_hours(replay::effort_of(replay, s as u64, j)), 1);
        let last_day = cal.days.last().copied().unwrap_or(cal.calendar.start);
        if let Some(until) = dev.available_until.filter(|u| *u < last_day) {
            return Err(Error::Infeasible(format!(
                "the forecast cannot finish: in {} of {samples} samples the work given to {} runs past {until}, when {} leaves (first in sample {s}: task \"{}\" takes {hours} hours); plan with more room or a later available_until",
                failed.len(),
                dev.name,
                dev.name,
                task.title
            )));
        }
        if cal.horizon_days() >= MAX_DAYS {
            return Err(Error::Infeasible(format!(
                "the forecast runs past {MAX_DAYS} business days: in sample {s}, task \"{}\" takes {hours} hours; narrow its range or lower the uncertainty",
                task.title
            )));
        }
        work = work.saturating_mul(4);
        cal = WorkCalendar::new(team, work, (2 * cal.horizon_days()).min(MAX_DAYS));
        let redone: Vec<(usize, Vec<u32>, Option<usize>)> = failed
            .par_iter()
            .map_init(
                || replay.scratch(),
                |scratch, &(s, _)| {
                    let mut row = vec![0u32; n];
                    let stopped = replay.sample(&cal, s as u64, scratch, &mut row);
                    (s, row, stopped)
                },
            )
            .collect();
        failed.clear();
        for (s, row, stopped) in redone {
            match stopped {
                Some(j) => failed.push((s, j)),
                None => finishes[s * n..(s + 1) * n].copy_from_slice(&row),
            }
        }
    }
    Ok((cal, finishes))
}

/// The tasks one forecast row covers, and the deadlines among them.
#[derive(Debug, Clone)]
struct ScopeDef {
    scope: Scope,
    name: String,
    label: String,
    members: Vec<usize>,
    due: Option<NaiveDate>,
    /// (task, clock time it must finish by).
    deadlines: Vec<(usize, i64)>,
}

/// The rows' scopes, in report order: the backlog, priorities, projects, tasks.
fn scopes(backlog: &Backlog, inst: &Instance, cal: &WorkCalendar) -> Vec<ScopeDef> {
    let task = |j: usize| &backlog.tasks[inst.task[j]];
    let deadline = |j: usize| task(j).due.map(|d| (j, cal.time_after_date(d)));
    let group = |scope: Scope, name: String, members: Vec<usize>| ScopeDef {
        scope,
        label: name.clone(),
        name,
        deadlines: members.iter().filter_map(|&j| deadline(j)).collect(),
        members,
        due: None,
    };
    let all: Vec<usize> = (0..inst.n()).collect();
    let mut out = vec![group(Scope::Backlog, BACKLOG_NAME.to_string(), all.clone())];
    for p in Priority::ALL {
        let members: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&j| task(j).priority == p)
            .collect();
        if !members.is_empty() {
            out.push(group(Scope::Priority, p.to_string(), members));
        }
    }
    let mut projects: Vec<&str> = Vec::new();
    for &j in &all {
        if !projects.contains(&task(j).project.as_str()) {
            projects.push(&task(j).project);
        }
    }
    for project in projects {
        let members = all
            .iter()
            .copied()
            .filter(|&j| task(j).project == project)
            .collect();
        out.push(group(Scope::Project, project.to_string(), members));
    }
    for j in all {
        out.push(ScopeDef {
            scope: Scope::Task,
            name: task(j).id.clone(),
            label: task(j).title.clone(),
            members: vec![j],
            due: task(j).due,
            deadlines: deadline(j).into_iter().collect(),
        });
    }
    out
}

/// 0-based index of the `percent`-th percentile among `n` sorted values
/// (nearest rank: the ⌈percent·n/100⌉-th value).
pub fn rank(percent: usize, n: usize) -> usize {
    (percent * n).div_ceil(100).clamp(1, n.max(1)) - 1
}

/// One row from the samples' finishes.
fn summarize(
    scope: &ScopeDef,
    finishes: &[u32],
    n: usize,
    planned: &[i64],
    cal: &WorkCalendar,
) -> ForecastRow {
    let mut values: Vec<u32> = Vec::with_capacity(finishes.len() / n);
    let mut on_time = 0usize;
    for row in finishes.chunks_exact(n) {
        values.push(scope.members.iter().map(|&j| row[j]).max().unwrap_or(0));
        if scope
            .deadlines
            .iter()
            .all(|&(j, due)| i64::from(row[j]) <= due)
        {
            on_time += 1;
        }
    }
    let samples = values.len();
    values.sort_unstable();
    let at = |percent: usize| cal.end_datetime(i64::from(values[rank(percent, samples)]));
    let deterministic = scope.members.iter().map(|&j| planned[j]).max().unwrap_or(0);
    ForecastRow {
        scope: scope.scope,
        name: scope.name.clone(),
        label: scope.label.clone(),
        deterministic: cal.end_datetime(deterministic),
        p50: at(PERCENTILES[0]),
        p85: at(PERCENTILES[1]),
        p95: at(PERCENTILES[2]),
        due: scope.due,
        p_on_time: (!scope.deadlines.is_empty()).then(|| on_time as f64 / samples as f64),
    }
}

/// The burn-up, week by week, until the week in which both the plan and 95 %
/// of the samples have finished every task. A task counts with its estimated
/// hours once it has finished; "done at P85" is the amount done in at least
/// 85 % of the samples (so the P85 and P95 lines lie below the P50 line, as
/// their dates lie after it).
fn burnup(
    cal: &WorkCalendar,
    inst: &Instance,
    planned: &[i64],
    finishes: &[u32],
    backlog_scope: &ScopeDef,
) -> Vec<BurnupRow> {
    let n = inst.n();
    let samples = finishes.len() / n;
    let mut last: Vec<u32> = finishes
        .chunks_exact(n)
        .map(|row| row.iter().copied().max().unwrap_or(0))
        .collect();
    last.sort_unstable();
    let p95 = i64::from(last[rank(PERCENTILES[2], samples)]);
    let end = p95.max(
        backlog_scope
            .members
            .iter()
            .map(|&j| planned[j])
            .max()
            .unwrap_or(0),
    );
    // Week k ends when the first business day on or after start + 7k begins.
    let start = cal.calendar.start;
    let mut ends: Vec<i64> = Vec::new();
    while ends.last().is_none_or(|&t| t < end) {
        let k = ends.len() as i64 + 1;
        ends.push(cal.time_of_date(start + Duration::days(7 * k)));
    }
    let weeks = ends.len();
    let done = |finish: &mut dyn Iterator<Item = i64>, out: &mut [i64]| {
        out.fill(0);
        for (j, f) in finish.enumerate() {
            let week = ends.partition_point(|&t| t < f);
            if week < weeks {
                out[week] += inst.p[j];
            }
        }
        for k in 1..weeks {
            out[k] += out[k - 1];
        }
    };
    let mut plan_done = vec![0i64; weeks];
    done(&mut planned.iter().copied(), &mut plan_done);
    let mut by_sample = vec![0i64; samples * weeks];
    by_sample
        .par_chunks_mut(weeks)
        .zip(finishes.par_chunks_exact(n))
        .for_each(|(out, row)| done(&mut row.iter().map(|&f| i64::from(f)), out));
    let total: i64 = inst.p.iter().sum();
    (0..weeks)
        .map(|k| {
            let mut column: Vec<i64> = by_sample.iter().skip(k).step_by(weeks).copied().collect();
            column.sort_unstable();
            // Done in at least q % of the samples: the value ⌈q·n/100⌉ from the top.
            let at =
                |percent: usize| minutes_to_hours(column[samples - 1 - rank(percent, samples)]);
            let first = start + Duration::days(7 * k as i64);
            BurnupRow {
                week: k as u32 + 1,
                start: first,
                end: first + Duration::days(6),
                scope_hours: minutes_to_hours(total),
                deterministic: minutes_to_hours(plan_done[k]),
                p50: at(PERCENTILES[0]),
                p85: at(PERCENTILES[1]),
                p95: at(PERCENTILES[2]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
