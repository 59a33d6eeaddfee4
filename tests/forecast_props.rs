//! Property tests of the Monte Carlo forecast on random small backlogs and
//! teams (built as structs, planned by the optimizer):
//!
//! - percentiles are ordered (P50 ≤ P85 ≤ P95) for every scope, and no group
//!   finishes after the backlog;
//! - with no uncertainty every percentile is the plan's own finish;
//! - widening the uncertainty never narrows the P50–P95 spread (measured in
//!   business minutes, on teams whose working time runs without breaks
//!   other than nights and weekends: full-time developers, no time off);
//! - a due date far in the future is met in every sample, one before the
//!   start in none.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use proptest::prelude::*;

use sprintcast::calendar::WorkCalendar;
use sprintcast::forecast::{self, ForecastOptions, Scope};
use sprintcast::optimizer::{optimize, PlanOptions};
use sprintcast::team::{Calendar, DateRange, Weights};
use sprintcast::{Backlog, Developer, Priority, Task, Team};

const HOURS: [f64; 8] = [0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 16.0];
const NAMES: [&str; 3] = ["Ana", "Bob", "Cyd"];
const PROJECTS: [&str; 2] = ["app", "site"];
const SAMPLES: usize = 1_000;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn start() -> NaiveDate {
    date("2026-11-30")
}

#[derive(Debug, Clone, Copy)]
enum Due {
    None,
    FarAhead,
    BeforeStart,
    /// Days after the start.
    After(i64),
}

#[derive(Debug, Clone)]
struct GenTask {
    hours: usize,
    priority: usize,
    project: usize,
    deps: Vec<usize>,
    due: Due,
    confidence: Option<f64>,
}

#[derive(Debug, Clone)]
struct GenDev {
    weekly_hours: f64,
    /// (days after the start, length in days) off.
    time_off: Option<(i64, i64)>,
}

fn gen_task() -> impl Strategy<Value = GenTask> {
    (
        0..HOURS.len(),
        0..4usize,
        0..2usize,
        prop::collection::vec(0..8usize, 0..3),
        prop_oneof![
            3 => Just(Due::None),
            1 => Just(Due::FarAhead),
            1 => Just(Due::BeforeStart),
            2 => (0..20i64).prop_map(Due::After),
        ],
        prop_oneof![3 => Just(None), 1 => (0.2..0.9f64).prop_map(Some)],
    )
        .prop_map(
            |(hours, priority, project, deps, due, confidence)| GenTask {
                hours,
                priority,
                project,
                deps,
                due,
                confidence,
            },
        )
}

fn gen_dev(plain: bool) -> BoxedStrategy<GenDev> {
    if plain {
        Just(GenDev {
            weekly_hours: 40.0,
            time_off: None,
        })
        .boxed()
    } else {
        (
            prop_oneof![Just(40.0), Just(24.0), Just(32.0)],
            prop::option::of((0..10i64, 1..5i64)),
        )
            .prop_map(|(weekly_hours, time_off)| GenDev {
                weekly_hours,
                time_off,
            })
            .boxed()
    }
}

fn instance(plain: bool) -> impl Strategy<Value = (Vec<GenTask>, Vec<GenDev>)> {
    (
        prop::collection::vec(gen_task(), 1..8),
        prop::collection::vec(gen_dev(plain), 1..4),
    )
}

fn build(tasks: &[GenTask], devs: &[GenDev]) -> (Backlog, Team) {
    let tasks: Vec<Task> = tasks
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let id = format!("t{i}");
            let mut t = Task::new(id.clone(), id, HOURS[g.hours]);
            t.priority = Priority::ALL[g.priority];
            t.project = PROJECTS[g.project].into();
            let mut deps: Vec<usize> = g.deps.iter().copied().filter(|&d| d < i).collect();
            deps.sort_unstable();
            deps.dedup();
            t.depends_on = deps.iter().map(|d| format!("t{d}")).collect();
            t.due = match g.due {
                Due::None => None,
                Due::FarAhead => Some(date("2099-12-31")),
                Due::BeforeStart => Some(date("2026-11-27")),
                Due::After(days) => Some(start() + Duration::days(days)),
            };
            t.confidence = g.confidence;
            t
        })
        .collect();
    let developers = devs
        .iter()
        .enumerate()
        .map(|(i, g)| Developer {
            name: NAMES[i].into(),
            role: String::new(),
            weekly_hours: g.weekly_hours,
            focus: 1.0,
            skills: vec![],
            time_off: g
                .time_off
                .map(|(from, len)| DateRange {
                    first: start() + Duration::days(from),
                    last: start() + Duration::days(from + len - 1),
                })
                .into_iter()
                .collect(),
            available_from: None,
            available_until: None,
            line: 0,
        })
        .collect();
    let team = Team {
        source: "team.toml".into(),
        calendar: Calendar {
            start: start(),
            ..Calendar::default()
        },
        weights: Weights::default(),
        prefer_penalty_hours: 8.0,
        developers,
        rules: vec![],
    };
    let backlog = Backlog {
        source: "b.csv".into(),
        tasks,
        ..Backlog::default()
    };
    (backlog, team)
}

fn options(uncertainty: f64, seed: u64) -> ForecastOptions {
    ForecastOptions {
        samples: SAMPLES,
        seed,
        uncertainty: Some(uncertainty),
    }
}

fn plan_options() -> PlanOptions {
    PlanOptions {
        time_limit: 5.0,
        ..PlanOptions::default()
    }
}

/// Business minutes from the start to `t` on the team's clock.
fn clock(cal: &WorkCalendar, t: NaiveDateTime) -> i64 {
    let day_start = cal.calendar.day_start;
    cal.time_of_date(t.date()) + (t.time() - day_start).num_minutes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn percentiles_are_ordered(
        (tasks, devs) in instance(false),
        uncertainty in 1.0..3.0f64,
        seed in 0..1000u64,
    ) {
        let (b, t) = build(&tasks, &devs);
        let plan = optimize(&b, &t, &plan_options()).unwrap();
        let f = forecast::run(&b, &t, &plan, &options(uncertainty, seed)).unwrap();
        prop_assert_eq!(f.rows[0].scope, Scope::Backlog);
        for r in &f.rows {
            prop_assert!(r.p50 <= r.p85 && r.p85 <= r.p95, "{:?}", r);
            prop_assert!(r.p95 <= f.rows[0].p95, "{:?}", r);
            if let Some(p) = r.p_on_time {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }
    }

    #[test]
    fn no_uncertainty_is_the_plan(
        (tasks, devs) in instance(false),
        seed in 0..1000u64,
    ) {
        let (b, t) = build(&tasks, &devs);
        let plan = optimize(&b, &t, &plan_options()).unwrap();
        let f = forecast::run(&b, &t, &plan, &options(1.0, seed)).unwrap();
        for r in &f.rows {
            prop_assert_eq!(r.p50, r.deterministic, "{:?}", r);
            prop_assert_eq!(r.p85, r.deterministic, "{:?}", r);
            prop_assert_eq!(r.p95, r.deterministic, "{:?}", r);
            // Every sample is the plan: a due date is met always or never.
            if let Some(p) = r.p_on_time {
                prop_assert!(p == 0.0 || p == 1.0, "{:?}", r);
            }
        }
    }

    #[test]
    fn wider_uncertainty_never_narrows_the_spread(
        (tasks, devs) in instance(true),
        narrow in 1.0..2.0f64,
        wider_by in 0.3..2.0f64,
        seed in 0..1000u64,
    ) {
        let (b, t) = build(&tasks, &devs);
        let plan = optimize(&b, &t, &plan_options()).unwrap();
        let cal = WorkCalendar::new(&t, 1, 1);
        let spread = |uncertainty: f64| -> Vec<i64> {
            forecast::run(&b, &t, &plan, &options(uncertainty, seed))
                .unwrap()
                .rows
                .iter()
                .map(|r| clock(&cal, r.p95) - clock(&cal, r.p50))
                .collect()
        };
        let a = spread(narrow);
        let w = spread(narrow + wider_by);
        for (i, (x, y)) in a.iter().zip(&w).enumerate() {
            prop_assert!(y >= x, "row {}: spread {} min at {}, {} min at {}", i, x, narrow, y, narrow + wider_by);
        }
    }

    #[test]
    fn due_far_ahead_is_certain_and_before_the_start_hopeless(
        (tasks, devs) in instance(false),
        uncertainty in 1.0..4.0f64,
    ) {
        let (b, t) = build(&tasks, &devs);
        let plan = optimize(&b, &t, &plan_options()).unwrap();
        let f = forecast::run(&b, &t, &plan, &options(uncertainty, 5)).unwrap();
        for (g, task) in tasks.iter().zip(&b.tasks) {
            let row = f.rows.iter().find(|r| r.scope == Scope::Task && r.name == task.id).unwrap();
            match g.due {
                Due::FarAhead => prop_assert_eq!(row.p_on_time, Some(1.0)),
                Due::BeforeStart => prop_assert_eq!(row.p_on_time, Some(0.0)),
                Due::None => prop_assert_eq!(row.p_on_time, None),
                Due::After(_) => prop_assert!(row.p_on_time.is_some()),
            }
        }
        // A group is on time only when all its tasks are: never more often
        // than its least punctual task.
        for r in f.rows.iter().filter(|r| r.scope != Scope::Task) {
            let members = b.tasks.iter().filter(|task| match r.scope {
                Scope::Backlog => true,
                Scope::Priority => task.priority.as_str() == r.name,
                Scope::Project => task.project == r.name,
                Scope::Task => false,
            });
            let least = members
                .filter_map(|task| f.rows.iter().find(|x| x.scope == Scope::Task && x.name == task.id))
                .filter_map(|x| x.p_on_time)
                .fold(None, |m: Option<f64>, p| Some(m.map_or(p, |m| m.min(p))));
            prop_assert_eq!(r.p_on_time.is_some(), least.is_some());
            if let (Some(p), Some(least)) = (r.p_on_time, least) {
                prop_assert!(p <= least, "{:?}", r);
            }
        }
    }
}
