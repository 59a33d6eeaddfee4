//! Property tests of the Monte Carlo forecast on random small backlogs and
//! teams (built as structs by the shared generator, tests/common/generate.rs,
//! in the shape [`shape`] states; planned by the optimizer):
//!
//! - percentiles are ordered (P50 ≤ P85 ≤ P95) for every scope, and no group
//!   finishes after the backlog;
//! - with no uncertainty every percentile is the plan's own finish;
//! - widening the uncertainty never narrows the P50–P95 spread (measured in
//!   business minutes, on teams whose working time runs without breaks
//!   other than nights and weekends: full-time developers, no time off);
//! - a due date far in the future is met in every sample, one before the
//!   start in none.

mod common;

use chrono::NaiveDateTime;
use proptest::prelude::*;

use sprintcast::calendar::WorkCalendar;
use sprintcast::forecast::{self, ForecastOptions, Scope};
use sprintcast::optimizer::{optimize, PlanOptions};

use common::generate::{build, instance, sample, Count, DevShape, Due, RuleMix, Shape, TaskShape};

const HOURS: [f64; 8] = [0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 16.0];
const SAMPLES: usize = 1_000;

/// One to seven tasks in two projects, with due dates and confidences, on
/// one to three developers without skills; `plain`: every developer full
/// time with no time off, else 24, 32 or 40 hours a week, time off, own
/// workdays and parts of days off (so the replay follows those calendars).
fn shape(plain: bool) -> Shape {
    Shape {
        tasks: 1..=7,
        developers: 1..=3,
        task: TaskShape {
            hours: &HOURS,
            deps: Count::uniform(0..=2),
            deps_below: 8,
            skills: Count::never(),
            projects: true,
            due: true,
            confidence: true,
        },
        developer: DevShape {
            skills: Count::never(),
            weekly_hours: if plain {
                &[(1, 40.0)]
            } else {
                &[(1, 40.0), (1, 24.0), (1, 32.0)]
            },
            focus: &[(1, 1.0)],
            time_off_chance: if plain { 0.0 } else { 0.5 },
            time_off_from: 0..=9,
            time_off_days: 1..=4,
            joins_chance: 0.0,
            joins_after: 0..=0,
            own_workdays_chance: if plain { 0.0 } else { 0.3 },
            part_off_chance: if plain { 0.0 } else { 0.4 },
        },
        first_has_all: 0.0,
        holiday: 0.0,
        rules: RuleMix::NONE,
    }
}

fn options(uncertainty: f64, seed: u64) -> ForecastOptions {
    ForecastOptions {
        samples: SAMPLES,
        seed,
        uncertainty: Some(uncertainty),
        ..ForecastOptions::default()
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
        g in instance(&shape(false)),
        uncertainty in 1.0..3.0f64,
        seed in 0..1000u64,
    ) {
        let (b, t) = build(&g);
        let plan = optimize(&b, &t, &plan_options()).unwrap();
        let f = forecast::run(&b, &t, &plan, &options(uncertainty, seed)).unwrap();
        prop_assert_eq!(f.rows[0].scope, Scope::Backlog);
        for r in &f.rows {
            prop_assert!(r.p50.is_some() && r.p50 <= r.p85 && r.p85 <= r.p95, "{:?}", r);
            prop_assert!(r.p95 <= f.rows[0].p95, "{:?}", r);
            if let Some(p) = r.p_on_time {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }
    }

    #[test]
    fn no_uncertainty_is_the_plan(
        g in instance(&shape(false)),
        seed in 0..1000u64,
    ) {
        let (b, t) = build(&g);
        let plan = optimize(&b, &t, &plan_options()).unwrap();
        let f = forecast::run(&b, &t, &plan, &options(1.0, seed)).unwrap();
        for r in &f.rows {
            prop_assert_eq!(r.p50, Some(r.deterministic), "{:?}", r);
            prop_assert_eq!(r.p85, Some(r.deterministic), "{:?}", r);
            prop_assert_eq!(r.p95, Some(r.deterministic), "{:?}", r);
            // Every sample is the plan: a due date is met always or never.
            if let Some(p) = r.p_on_time {
                prop_assert!(p == 0.0 || p == 1.0, "{:?}", r);
            }
        }
    }

    #[test]
    fn wider_uncertainty_never_narrows_the_spread(
        g in instance(&shape(true)),
        narrow in 1.0..2.0f64,
        wider_by in 0.3..2.0f64,
        seed in 0..1000u64,
    ) {
        let (b, t) = build(&g);
        let plan = optimize(&b, &t, &plan_options()).unwrap();
        let cal = WorkCalendar::new(&t, 1, 1);
        let spread = |uncertainty: f64| -> Vec<i64> {
            forecast::run(&b, &t, &plan, &options(uncertainty, seed))
                .unwrap()
                .rows
                .iter()
                .map(|r| clock(&cal, r.p95.unwrap()) - clock(&cal, r.p50.unwrap()))
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
        g in instance(&shape(false)),
        uncertainty in 1.0..4.0f64,
    ) {
        let (b, t) = build(&g);
        let plan = optimize(&b, &t, &plan_options()).unwrap();
        let f = forecast::run(&b, &t, &plan, &options(uncertainty, 5)).unwrap();
        for (gt, task) in g.tasks.iter().zip(&b.tasks) {
            let row = f.rows.iter().find(|r| r.scope == Scope::Task && r.name == task.id).unwrap();
            match gt.due {
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

/// The generated instances have the variety [`shape`] states (fixed samples
/// of 300): each property above holds on the inputs it is given only.
#[test]
fn the_instances_cover_their_shape() {
    let rich = sample(instance(&shape(false)), 300);
    let tasks = || rich.iter().flat_map(|g| &g.tasks);
    let sizes: std::collections::BTreeSet<usize> = rich.iter().map(|g| g.tasks.len()).collect();
    assert_eq!(sizes, (1..=7).collect());
    for due in [Due::None, Due::FarAhead, Due::BeforeStart] {
        assert!(tasks().any(|t| t.due == due), "{due:?}");
    }
    assert!(tasks().any(|t| matches!(t.due, Due::After(_))));
    assert!(tasks().any(|t| t.confidence.is_some()) && tasks().any(|t| t.confidence.is_none()));
    assert!(tasks().any(|t| t.project == "app") && tasks().any(|t| t.project == "site"));
    assert!(tasks().any(|t| t.deps.len() == 2));
    let built: Vec<_> = rich.iter().map(build).collect();
    let devs = || {
        built
            .iter()
            .flat_map(|(_, t): &(_, sprintcast::Team)| &t.developers)
    };
    for weekly in [24.0, 32.0, 40.0] {
        assert!(devs().any(|d| d.weekly_hours == weekly), "{weekly}");
    }
    assert!(devs().any(|d| !d.time_off.is_empty()));
    assert!(devs().all(|d| d.skills.is_empty() && d.focus == 1.0));
    // Plain teams: full time, never away.
    let plain: Vec<_> = sample(instance(&shape(true)), 300)
        .iter()
        .map(build)
        .collect();
    assert!(plain
        .iter()
        .flat_map(|(_, t)| &t.developers)
        .all(|d| d.weekly_hours == 40.0 && d.time_off.is_empty()));
    assert!(plain.iter().any(|(_, t)| t.developers.len() == 3));
}
