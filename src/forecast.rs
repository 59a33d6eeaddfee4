//! Completion forecasts (SPEC 4.6): the plan's own finish dates, and a Monte
//! Carlo forecast that replays the plan with uncertain efforts.
//!
//! Every open task's effort is drawn from a log-normal ([`effort`] has the
//! parameters, [`calibrate`] fits them to the actuals of done tasks), with a
//! factor per sample that every task shares; the plan's assignment and each
//! developer's order are replayed with those efforts over the team's
//! calendars ([`replay`]); the finish of every task, project, priority and
//! of the whole backlog is recorded per sample. The report gives, per
//! scope, the date by which 50 %, 85 % and 95 % of the samples have
//! finished (P50, P85, P95), the chance of meeting the due dates, the
//! burn-up per week ([`burnup`]), and the work that is not done in some
//! samples because a developer leaves first or it runs past the last day
//! looked at ([`risk`]): a percentile that falls among those samples has
//! no date.
//!
//! Percentiles are nearest-rank: of `n` sorted values, P`q` is the
//! ⌈q·n/100⌉-th (1-based), always a value some sample reached. Sample `s`
//! draws from the ChaCha8 stream `s` of the seed, and samples run in
//! parallel: the same seed gives the same bytes whatever the number of
//! threads.
//!
//! Memory: with `n` open tasks and `S` samples, the finishes take 4·n·S
//! bytes. Up to [`MAX_SAMPLE_BYTES`] (2 GiB) they are kept in memory and
//! sorted; with `T` threads and `W` weeks of burn-up the forecast then holds
//! about 4·n·S (the finishes) + 8·S·min(W, max(1, 256 MiB / 8·S)) (the
//! burn-up, a block of weeks at a time) + 4·S·(T + 3) (one scope's values
//! per thread, the last finishes, one week's column) bytes on top of the
//! plan. Past it the forecast streams (forecast/stream.rs): the samples are
//! replayed a chunk at a time, several times, and counted into histograms
//! that pin each percentile to the exact same value, in at most 64 MiB of
//! finishes and 64 MiB of counts, whatever `S`; it takes a few times longer.
//!
//! ```no_run
//! use sprintcast::forecast::{self, ForecastOptions};
//! use sprintcast::optimizer::{optimize, PlanOptions};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let team = sprintcast::team_file::read_team("data/team.toml".as_ref())?;
//! let backlog = sprintcast::backlog::read_file("data/backlog.md".as_ref(), &Default::default())?;
//! let plan = optimize(&backlog, &team, &PlanOptions::default())?;
//! let forecast = forecast::run(&backlog, &team, &plan, &ForecastOptions::default())?;
//! forecast.write_table(&mut std::io::stdout(), sprintcast::text::fit::Width::Wide)?;
//! # Ok(())
//! # }
//! ```

mod burnup;
pub mod calibrate;
mod effort;
mod replay;
pub mod risk;
mod stream;

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{NaiveDate, NaiveDateTime};
use rayon::prelude::*;

use crate::calendar::{hours_to_minutes, minutes_to_hours, WorkCalendar, MAX_DAYS};
use crate::error::{Error, Location, Result};
use crate::model::{Backlog, Priority, Warning};
use crate::optimizer::{Instance, Optimized};
use crate::team::Team;

use burnup::{burnup, Weeks};
pub use calibrate::{default_shared_sigma, Calibration, Fit, Shared};
pub use effort::{inverse_normal_cdf, sigma_of, EffortModel, Z90};
use replay::{finished, Reach, Replay};
use risk::Tally;
pub use risk::{Cause, Risk};

/// P90 ÷ median of a task's effort when neither the task, the team file's
/// `[forecast]` table nor the caller says otherwise (SPEC 4.6).
pub const DEFAULT_UNCERTAINTY: f64 = 1.5;

/// The largest uncertainty accepted: a P90 ten times the median is no
/// estimate at all.
pub const MAX_UNCERTAINTY: f64 = 10.0;

/// Samples drawn when the caller does not say.
pub const DEFAULT_SAMPLES: usize = 10_000;

/// The most samples a forecast takes: a million samples already pin a
/// percentile far below the minute.
pub const MAX_SAMPLES: usize = 1_000_000;

/// The most memory a forecast keeps its samples in: every open task's
/// finish in every sample, 4 bytes each (2 GiB). Past it the forecast
/// streams the samples instead, to the same result ([`sample_bytes`]).
pub const MAX_SAMPLE_BYTES: u64 = 2 << 30;

/// The most memory the burn-up's per-sample amounts take at once; a longer
/// burn-up is computed a block of weeks at a time.
const BURNUP_BLOCK_BYTES: usize = 256 << 20;

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
    /// [`DEFAULT_UNCERTAINTY`]. With actuals, the prior of the fit.
    pub uncertainty: Option<f64>,
    /// Learn from the actuals of done tasks (SPEC 7.4; [`calibrate`]).
    pub calibrate: bool,
    /// P90 ÷ median of the factor every task of a sample shares (1 to
    /// [`MAX_UNCERTAINTY`]; 1 means none); `None` for the actuals' or the
    /// default ([`default_shared_sigma`]).
    pub shared_uncertainty: Option<f64>,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
            uncertainty: None,
            calibrate: true,
            shared_uncertainty: None,
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
    /// Half the samples finish by then; None when more than half never
    /// finish ([`ForecastRow::unfinished`]).
    pub p50: Option<NaiveDateTime>,
    /// 85 % of the samples finish by then; None when more than 15 % never
    /// finish.
    pub p85: Option<NaiveDateTime>,
    /// 95 % of the samples finish by then; None when more than 5 % never
    /// finish.
    pub p95: Option<NaiveDateTime>,
    /// Share of samples in which some task of the scope is not done: its
    /// developer leaves first, it waits for such a task, or it runs past the
    /// last day looked at ([`Forecast::risks`] says which).
    pub unfinished: f64,
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
    /// The as-of date of a re-plan (`--as-of`): the first day planned and
    /// sampled; None from the calendar's start.
    pub as_of: Option<NaiveDate>,
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
    /// P90 ÷ median used for tasks without a range (the prior when
    /// calibrated).
    pub uncertainty: f64,
    /// What was learned from the actuals, and the shared factor.
    pub calibration: Calibration,
    /// Why work is not done in some samples: every developer who leaves
    /// with work in the plan, and the horizon when it cut work.
    pub risks: Vec<Risk>,
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
/// Work that a developer cannot finish before leaving, or that runs past
/// the longest calendar (at most [`MAX_DAYS`] business days; fewer for a
/// team that works few days a week), is not done in those samples and is
/// reported ([`Forecast::risks`], [`ForecastRow::unfinished`]), not an
/// error. Errors: options out of range ([`Error::BadOption`]).
pub fn run(
    backlog: &Backlog,
    team: &Team,
    plan: &Optimized,
    opts: &ForecastOptions,
) -> Result<Forecast> {
    run_counted(backlog, team, plan, opts, &AtomicUsize::new(0))
}

/// [`run`], adding to `done` the samples replayed (in steps of 64, then the
/// rest; a sample that runs again on a longer calendar counts once, and a
/// streamed forecast counts its first pass only), so
/// that a caller on another thread can show how far the forecast has come.
/// The result does not depend on it.
pub fn run_counted(
    backlog: &Backlog,
    team: &Team,
    plan: &Optimized,
    opts: &ForecastOptions,
    done: &AtomicUsize,
) -> Result<Forecast> {
    run_within(backlog, team, plan, opts, done, MEMORY)
}

/// [`run_counted`] within `memory`.
fn run_within(
    backlog: &Backlog,
    team: &Team,
    plan: &Optimized,
    opts: &ForecastOptions,
    done: &AtomicUsize,
    memory: Memory,
) -> Result<Forecast> {
    let (uncertainty, shared) = check_options(opts)?;
    let inst = &plan.inst;
    let settings = calibrate::Settings {
        enabled: opts.calibrate,
        sigma: sigma_of(uncertainty),
        shared: shared.map(sigma_of),
    };
    let calibration = calibrate::calibrate(backlog, team, settings);
    let models: Vec<EffortModel> = (0..inst.n())
        .map(|j| {
            let task = &backlog.tasks[inst.task[j]];
            let developer = &team.developers[plan.schedule.dev[j]].name;
            calibration.model(task, estimate(task, inst.p[j]), developer)
        })
        .collect();
    let mut forecast = Forecast {
        as_of: team.calendar.as_of.map(|_| team.calendar.plan_start()),
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
        calibration,
        risks: Vec::new(),
    };
    if inst.n() == 0 {
        return Ok(forecast);
    }
    let replay = Replay::new(inst, &plan.schedule, models, opts.seed);
    let planned = &plan.schedule.finish;
    let dev = &plan.schedule.dev;
    if sample_bytes(opts.samples, inst.n()) > memory.in_memory {
        let streamed = stream::forecast(
            backlog,
            team,
            inst,
            &replay,
            planned,
            opts.samples,
            done,
            memory.stream,
        );
        let cause = risk::causes(dev, &streamed.reach);
        forecast.rows = streamed.rows;
        forecast.due_dates = streamed.due_dates;
        forecast.burnup = streamed.burnup;
        forecast.risks = risk::risks(
            backlog,
            team,
            inst,
            dev,
            &cause,
            &streamed.cal,
            &streamed.tally,
            opts.samples,
        );
        return Ok(forecast);
    }
    let (cal, reach, finishes) = simulate(team, inst, &replay, opts.samples, done);
    let n = inst.n();
    let cause = risk::causes(dev, &reach);
    let tally = finishes
        .par_chunks_exact(n)
        .fold(
            || Tally::new(n, team.developers.len()),
            |mut t, row| {
                t.add(row, &cause);
                t
            },
        )
        .reduce(|| Tally::new(n, team.developers.len()), Tally::merge);
    let scopes = scopes(backlog, inst, &cal);
    forecast.rows = scopes
        .par_iter()
        .map(|scope| summarize(scope, &finishes, n, planned, &cal))
        .collect();
    forecast.due_dates = scopes.iter().map(|s| s.deadlines.len()).collect();
    forecast.burnup = burnup(
        &cal,
        inst,
        planned,
        &finishes,
        &scopes[0],
        memory.burnup_block,
    );
    forecast.risks = risk::risks(backlog, team, inst, dev, &cause, &cal, &tally, opts.samples);
    Ok(forecast)
}

/// The minutes whose effort is uncertain: what remains of an in-progress
/// task ([`Task::hours_to_plan`](crate::model::Task::hours_to_plan)), else
/// the plan's minutes for the task.
fn estimate(task: &crate::model::Task, planned: i64) -> i64 {
    if task.is_in_progress() {
        hours_to_minutes(task.hours_to_plan())
    } else {
        planned
    }
}

/// How much memory a forecast may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Memory {
    /// The most bytes of finishes kept in memory; past it, the forecast streams.
    in_memory: u64,
    /// The most bytes of burn-up amounts held at once in memory.
    burnup_block: usize,
    /// What the streamed forecast uses.
    stream: stream::Limits,
}

/// The limits documented at the top of the module.
const MEMORY: Memory = Memory {
    in_memory: MAX_SAMPLE_BYTES,
    burnup_block: BURNUP_BLOCK_BYTES,
    stream: stream::LIMITS,
};

impl ForecastOptions {
    /// Checks that the options are in range (what [`run`] checks first), so
    /// that a caller can refuse them before planning.
    pub fn check(&self) -> Result<()> {
        check_options(self).map(|_| ())
    }
}

/// Bytes of the samples' finishes: 4 per open task and sample. Up to
/// [`MAX_SAMPLE_BYTES`] a forecast keeps them in memory; past it, it streams.
pub fn sample_bytes(samples: usize, tasks: usize) -> u64 {
    (samples as u64)
        .saturating_mul(tasks as u64)
        .saturating_mul(4)
}

/// The uncertainty and the shared uncertainty (when set) to use, once the
/// options are known to be in range.
fn check_options(opts: &ForecastOptions) -> Result<(f64, Option<f64>)> {
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
    let in_range = |u: f64| u.is_finite() && (1.0..=MAX_UNCERTAINTY).contains(&u);
    if !in_range(u) {
        return Err(Error::BadOption {
            option: "uncertainty".into(),
            value: crate::text::num(u, 6),
            expected: format!(
                "must be a number from 1 to {MAX_UNCERTAINTY} (P90 effort ÷ median effort; 1 means no uncertainty)"
            ),
        });
    }
    if let Some(c) = opts.shared_uncertainty.filter(|&c| !in_range(c)) {
        return Err(Error::BadOption {
            option: "shared uncertainty".into(),
            value: crate::text::num(c, 6),
            expected: format!(
                "must be a number from 1 to {MAX_UNCERTAINTY} (P90 ÷ median of the factor all tasks share; 1 means none)"
            ),
        });
    }
    Ok((u, opts.shared_uncertainty))
}

/// A warning for every open task whose estimate lies outside its own range:
/// the plan uses the estimate, the forecast the range.
fn range_warnings(backlog: &Backlog, inst: &Instance) -> Vec<Warning> {
    let num = |x: f64| crate::text::num(x, 2);
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
/// for every sample, or the longest there is), what it holds, and the
/// finishes, sample-major (`samples × n`).
fn simulate(
    team: &Team,
    inst: &Instance,
    replay: &Replay<'_>,
    samples: usize,
    done: &AtomicUsize,
) -> (WorkCalendar, Reach, Vec<u32>) {
    let n = inst.n();
    let mut finishes = vec![0u32; samples * n];
    let (cal, work) = first_calendar(team, inst);
    let reach = Reach::new(team, &cal, false);
    let failed: Vec<usize> = finishes
        .par_chunks_mut(n)
        .enumerate()
        .map_init(
            || replay.scratch(),
            |scratch, (s, row)| {
                let failed = replay
                    .sample(&cal, &reach, s as u64, scratch, row)
                    .map(|_| s);
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
    let (cal, reach) = grow(team, cal, work, failed, |cal, reach, failed| {
        // Rerun in place: a failed sample's row is rewritten whole, and no
        // second buffer of failed rows doubles the memory when most fail.
        let mut again = vec![false; samples];
        for &s in failed {
            again[s] = true;
        }
        finishes
            .par_chunks_mut(n)
            .enumerate()
            .filter(|(s, _)| again[*s])
            .map_init(
                || replay.scratch(),
                |scratch, (s, row)| replay.sample(cal, reach, s as u64, scratch, row).map(|_| s),
            )
            .flatten()
            .collect()
    });
    (cal, reach, finishes)
}

/// The calendar the samples first run on, and the work it was built for:
/// three times the planned work covers all but the rarest samples; those
/// run again on a longer calendar ([`grow`]).
fn first_calendar(team: &Team, inst: &Instance) -> (WorkCalendar, i64) {
    let total: i64 = inst.p.iter().sum();
    let work = total.saturating_mul(3).max(1);
    (WorkCalendar::new(team, work, inst.cal.horizon_days()), work)
}

/// Grows `cal` (built for `work` minutes) until no sample runs past it;
/// `failed` holds the samples that ran past `cal`, and `rerun` replays
/// such samples on a calendar and returns those that still do.
///
/// Each round runs the failed samples again on a calendar at least twice
/// as long. The calendar stops growing at its cap (MAX_DAYS business days,
/// or fewer when the team works few days a week: WorkCalendar::new also
/// stops after 2 × MAX_DAYS calendar days), so the test for giving up is
/// "did it grow", which compares like with like whatever caps it; the
/// horizon only grows and is bounded, so the rounds are too. At the cap the
/// samples left run once more with the calendar marked as the last, so that
/// their work past it is marked not done, and none fails.
fn grow(
    team: &Team,
    mut cal: WorkCalendar,
    mut work: i64,
    mut failed: Vec<usize>,
    mut rerun: impl FnMut(&WorkCalendar, &Reach, &[usize]) -> Vec<usize>,
) -> (WorkCalendar, Reach) {
    let mut reach = Reach::new(team, &cal, false);
    while !failed.is_empty() {
        work = work.saturating_mul(4);
        let days = cal.horizon_days();
        let min_days = days.saturating_mul(2).clamp(1, MAX_DAYS);
        let longer = WorkCalendar::new(team, work, min_days);
        if longer.horizon_days() <= days {
            reach = Reach::new(team, &cal, true);
            failed = rerun(&cal, &reach, &failed);
            debug_assert!(failed.is_empty(), "the last calendar failed {failed:?}");
            break;
        }
        cal = longer;
        reach = Reach::new(team, &cal, false);
        failed = rerun(&cal, &reach, &failed);
    }
    (cal, reach)
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
        let (finish, met) = scope_finish(scope, row);
        values.push(finish);
        on_time += usize::from(met);
    }
    let samples = values.len();
    let unfinished = values.iter().filter(|&&f| !finished(f)).count();
    values.sort_unstable();
    let at = |percent: usize| values[rank(percent, samples)];
    let percentiles = PERCENTILES.map(at);
    let counts = Counts {
        on_time,
        unfinished,
        samples,
    };
    scope_row(scope, planned, cal, percentiles, counts)
}

/// How many of a scope's samples meet its due dates, how many leave some
/// of its work undone, and of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    on_time: usize,
    unfinished: usize,
    samples: usize,
}

/// A row from its percentiles (clock times or the not-done marks, in
/// [`PERCENTILES`] order) and its counts.
fn scope_row(
    scope: &ScopeDef,
    planned: &[i64],
    cal: &WorkCalendar,
    percentiles: [u32; 3],
    counts: Counts,
) -> ForecastRow {
    let at = |k: usize| {
        let t = percentiles[k];
        finished(t).then(|| cal.end_datetime(i64::from(t)))
    };
    let deterministic = scope.members.iter().map(|&j| planned[j]).max().unwrap_or(0);
    let share = |k: usize| k as f64 / counts.samples as f64;
    ForecastRow {
        scope: scope.scope,
        name: scope.name.clone(),
        label: scope.label.clone(),
        deterministic: cal.end_datetime(deterministic),
        p50: at(0),
        p85: at(1),
        p95: at(2),
        unfinished: share(counts.unfinished),
        due: scope.due,
        p_on_time: (!scope.deadlines.is_empty()).then(|| share(counts.on_time)),
    }
}

/// One scope's finish in one sample (a not-done mark when some of its work
/// is not done), and whether it meets every deadline in it.
fn scope_finish(scope: &ScopeDef, row: &[u32]) -> (u32, bool) {
    let finish = scope.members.iter().map(|&j| row[j]).max().unwrap_or(0);
    let on_time = scope
        .deadlines
        .iter()
        .all(|&(j, due)| finished(row[j]) && i64::from(row[j]) <= due);
    (finish, on_time)
}

#[cfg(test)]
mod tests;
