//! Sanity properties of what-if scenarios on generated inputs.
//!
//! Instances come from the shared generator (tests/common/generate.rs) in
//! the shape [`shape`] states. Scenarios are written as scenario-file text
//! and go through the real reader and [`Scenario::apply`]. The first two
//! properties use tiny instances (at most 6 open tasks), where `optimize` is exact (exhaustive
//! branch and bound, status `optimal`), so they speak about true optima; the
//! instances have no `prefer` rules and no due dates, so the optimizer
//! minimises the objective alone. On a failure, the message holds the
//! instance as a backlog CSV and a team TOML, and the scenario.

mod common;

use chrono::Duration;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use sprintcast::optimizer::{self, Objective, Optimized, PlanOptions, SolveStatus};
use sprintcast::plan::Plan;
use sprintcast::scenario::{parse_scenarios, Applied};
use sprintcast::whatif::{self, WhatIfOptions};
use sprintcast::{Backlog, RuleMode, Team};

use common::generate::{
    build, gen_developer, instance, sample, skill_set, start, Count, DevShape, RuleMix, Shape,
    TaskShape,
};

const HOURS: [f64; 8] = [0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0];
const OBJECTIVES: [Objective; 2] = [Objective::Weighted, Objective::Makespan];

/// `tasks` tasks on one to three developers, with skills, part-timers, half
/// focus, time off, late joiners, a holiday and an URGENT-to-developer-0
/// `require` rule; no `prefer` rule and no due date, so the optimizer
/// minimises the objective alone.
fn shape(tasks: std::ops::RangeInclusive<usize>) -> Shape {
    Shape {
        tasks,
        developers: 1..=3,
        task: TaskShape {
            hours: &HOURS,
            deps: Count::uniform(0..=2),
            deps_below: 6,
            skills: Count::uniform(0..=2),
            projects: false,
            due: false,
            confidence: false,
        },
        developer: DevShape {
            skills: Count::uniform(0..=3),
            weekly_hours: &[(3, 40.0), (1, 20.0), (1, 24.0)],
            focus: &[(3, 1.0), (1, 0.5)],
            time_off_chance: 0.4,
            time_off_from: 0..=8,
            time_off_days: 1..=4,
            joins_chance: 0.3,
            joins_after: 0..=5,
            own_workdays_chance: 0.0,
            part_off_chance: 0.0,
        },
        first_has_all: 0.0,
        holiday: 0.3,
        rules: RuleMix {
            none: 7,
            urgent_to_first: 3,
            prefer: 0,
        },
    }
}

/// The instance and scenario as text, to replay a failure.
fn describe(backlog: &Backlog, team: &Team, scenario: &str) -> String {
    format!(
        "{}--- scenario\n{scenario}",
        common::generate::describe(backlog, team)
    )
}

fn apply(backlog: &Backlog, team: &Team, text: &str) -> Applied {
    let file = parse_scenarios("s.toml", text, team).unwrap_or_else(|e| panic!("{e}\n{text}"));
    file.scenarios[0]
        .apply("s.toml", backlog, team)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn optimum(
    backlog: &Backlog,
    team: &Team,
    objective: Objective,
    what: &str,
) -> Result<Optimized, TestCaseError> {
    let opts = PlanOptions {
        objective,
        time_limit: 30.0,
        strict_due: false,
        strict: false,
        previous: None,
    };
    let opt = optimizer::optimize(backlog, team, &opts)
        .map_err(|e| TestCaseError::fail(format!("{e}\n{what}")))?;
    prop_assert!(
        opt.status == SolveStatus::Optimal,
        "{}: status {:?} on a tiny instance\n{}",
        objective.as_str(),
        opt.status,
        what
    );
    Ok(opt)
}

/// Tolerance on objectives (business hours × weights, rounded to minutes).
fn no_worse(a: f64, b: f64) -> bool {
    a <= b + 1e-6 * b.abs().max(1.0)
}

fn cases(default: u32) -> u32 {
    std::env::var("WHATIF_PROPS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A scenario that adds developer "Dee": skills, 40, 20 or 24 hours a week,
/// full or half focus, half of the time joining within the first week.
fn added_developer() -> impl Strategy<Value = String> {
    let shape = DevShape {
        skills: Count::uniform(0..=3),
        weekly_hours: &[(1, 40.0), (1, 20.0), (1, 24.0)],
        focus: &[(1, 1.0), (1, 0.5)],
        time_off_chance: 0.0,
        time_off_from: 0..=0,
        time_off_days: 1..=1,
        joins_chance: 0.5,
        joins_after: 0..=6,
        own_workdays_chance: 0.0,
        part_off_chance: 0.0,
    };
    gen_developer(&shape).prop_map(|d| {
        let skills: Vec<String> = skill_set(&d.skills)
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect();
        let from = d
            .available_from
            .map(|days| format!(", from = \"{}\"", start() + Duration::days(days)))
            .unwrap_or_default();
        format!(
            "[[scenario]]\nname = \"one more\"\nadd_developer = {{ name = \"Dee\", weekly_hours = {}, focus = {}, skills = [{}]{from} }}\n",
            d.weekly_hours,
            d.focus,
            skills.join(", ")
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(32),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Adding a developer never makes the optimal objective worse, for both
    /// objectives: every plan of the baseline is still a plan with the new
    /// developer idle (nobody's constraints get tighter: rules name the
    /// developers they allow, and the newcomer only adds choices).
    #[test]
    fn adding_a_developer_never_makes_the_optimum_worse(
        g in instance(&shape(2..=6)),
        scenario in added_developer(),
    ) {
        let (backlog, team) = build(&g);
        let what = describe(&backlog, &team, &scenario);
        let applied = apply(&backlog, &team, &scenario);
        prop_assert_eq!(applied.team.developers.len(), team.developers.len() + 1);
        for objective in OBJECTIVES {
            let base = optimum(&backlog, &team, objective, &what)?;
            let more = optimum(&applied.backlog, &applied.team, objective, &what)?;
            prop_assert!(
                no_worse(more.cost.objective, base.cost.objective),
                "{}: {} with one more developer, {} without\n{}",
                objective.as_str(), more.cost.objective, base.cost.objective, what
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(32),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Dropping tasks never delays the remaining work in the optimum, in this
    /// precise sense: the scenario's optimal objective is at most what the
    /// baseline's optimal plan gives the remaining tasks (Σ weight × finish
    /// over them, or their latest finish for the makespan). Removing tasks
    /// from a plan leaves a plan (dependents of a dropped task only lose a
    /// constraint), so that restricted baseline plan is one the optimizer
    /// could pick. Individual tasks may still finish later in the scenario's
    /// optimum, which may trade them against others: the property is about
    /// the objective, not each finish.
    #[test]
    fn dropping_tasks_never_makes_the_remaining_work_worse(
        g in instance(&shape(2..=6)),
        mask in prop::collection::vec(any::<bool>(), 6),
    ) {
        let (backlog, team) = build(&g);
        let n = backlog.tasks.len();
        let drop: Vec<usize> = (0..n).filter(|&i| mask[i]).collect();
        prop_assume!(!drop.is_empty() && drop.len() < n);
        let ids: Vec<String> = drop.iter().map(|i| format!("\"t{i}\"")).collect();
        let scenario = format!(
            "[[scenario]]\nname = \"less\"\ndrop_tasks = {{ id = [{}] }}\n",
            ids.join(", ")
        );
        let what = describe(&backlog, &team, &scenario);
        let applied = apply(&backlog, &team, &scenario);
        prop_assert_eq!(applied.backlog.open_tasks().count(), n - drop.len());
        for objective in OBJECTIVES {
            let base = optimum(&backlog, &team, objective, &what)?;
            let plan = Plan::new(&backlog, &team, &base);
            let remaining = plan.tasks.iter().filter(|t| !applied.dropped.contains(&t.id));
            let restricted = match objective {
                Objective::Weighted => remaining
                    .map(|t| team.weights.of(t.priority) * t.finish_hours)
                    .sum::<f64>(),
                Objective::Makespan => remaining.map(|t| t.finish_hours).fold(0.0, f64::max),
            };
            let less = optimum(&applied.backlog, &applied.team, objective, &what)?;
            prop_assert!(
                no_worse(less.cost.objective, restricted),
                "{}: {} after dropping {:?}, but the baseline's optimum gives the rest {}\n{}",
                objective.as_str(), less.cost.objective, drop, restricted, what
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(16),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// `scale_hours = 1.0` is the baseline exactly: the same plan files,
    /// byte for byte, the same objective, every delta 0 (on instances large
    /// enough for the heuristic search, up to 12 tasks).
    #[test]
    fn scaling_by_one_is_the_baseline(g in instance(&shape(1..=12))) {
        let (backlog, team) = build(&g);
        let scenario = "[[scenario]]\nname = \"same\"\nscale_hours = 1.0\n";
        let what = describe(&backlog, &team, scenario);
        let file = parse_scenarios("s.toml", scenario, &team).unwrap();
        let opts = WhatIfOptions { plan: PlanOptions::default(), forecast: None };
        let w = whatif::run(&backlog, &team, &file, &opts)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{what}")))?;
        let (base, same) = (
            &*w.baseline.planned,
            w.column(1).planned().unwrap(),
        );
        prop_assert_eq!(same.plan.objective, base.plan.objective, "{}", what);
        let files = |p: &Plan| -> Vec<Vec<u8>> {
            let mut out = Vec::new();
            for write in [Plan::write_plan_csv, Plan::write_schedule_csv, Plan::write_load_csv] {
                let mut bytes = Vec::new();
                write(p, &mut bytes).unwrap();
                out.push(bytes);
            }
            out
        };
        prop_assert_eq!(files(&same.plan), files(&base.plan), "{}", what);
        for r in &w.scenarios[0].scopes {
            prop_assert_eq!(r.delta_days, Some(0.0), "{}", what);
        }
        prop_assert!(
            w.scenarios[0].explanation.iter().any(|e| e == "the plan is the same as the baseline's"),
            "{:?}\n{}", w.scenarios[0].explanation, what
        );
    }
}

/// The generated instances and scenarios have the variety [`shape`] and
/// [`added_developer`] state (fixed samples of 300): each property above
/// holds on the inputs it is given only.
#[test]
fn the_instances_cover_their_shape() {
    let built: Vec<(Backlog, Team)> = sample(instance(&shape(2..=6)), 300)
        .iter()
        .map(build)
        .collect();
    let tasks = || built.iter().flat_map(|(b, _)| &b.tasks);
    let devs = || built.iter().flat_map(|(_, t)| &t.developers);
    let teams = || built.iter().map(|(_, t)| t);
    let sizes: std::collections::BTreeSet<usize> =
        built.iter().map(|(b, _)| b.tasks.len()).collect();
    assert_eq!(sizes, (2..=6).collect());
    let team_sizes: std::collections::BTreeSet<usize> =
        teams().map(|t| t.developers.len()).collect();
    assert_eq!(team_sizes, (1..=3).collect());
    for h in HOURS {
        assert!(tasks().any(|t| t.hours == h), "no task of {h} h");
    }
    assert!(tasks().any(|t| t.depends_on.len() == 2));
    assert!(tasks().any(|t| !t.skills.is_empty()));
    assert!(tasks().all(|t| t.due.is_none()), "no due dates");
    assert!(devs().any(|d| d.weekly_hours == 20.0) && devs().any(|d| d.focus == 0.5));
    assert!(devs().any(|d| !d.time_off.is_empty()));
    assert!(devs().any(|d| d.available_from.is_some()));
    assert!(teams().any(|t| !t.calendar.holidays.is_empty()));
    assert!(teams().any(|t| t.rules.iter().any(|r| r.mode == RuleMode::Require)));
    assert!(
        teams().all(|t| t.rules.iter().all(|r| r.mode != RuleMode::Prefer)),
        "no prefer rules"
    );
    let added = sample(added_developer(), 300);
    assert!(added.iter().any(|s| s.contains(", from = ")));
    assert!(added.iter().any(|s| !s.contains(", from = ")));
    assert!(added
        .iter()
        .any(|s| s.contains("weekly_hours = 24, focus = 0.5")));
}
