//! The weekly loop (SPEC 7): re-planning from an as-of date with tasks done
//! and in progress, against the previous plan. The oracle is the plan
//! validator (src/validate.rs), which checks the re-plan rules on its own.

mod common;

use proptest::prelude::*;
use sprintcast::optimizer::{self, PlanOptions};
use sprintcast::plan::Plan;
use sprintcast::previous::{parse_previous, PreviousPlan};
use sprintcast::validate;
use sprintcast::{Backlog, Status, Team};

use common::generate::{build, date, instance, Count, DevShape, RuleMix, Shape, TaskShape};
use common::{ok, path_arg, read};

const HOURS: [f64; 6] = [4.0, 4.0, 8.0, 8.0, 16.0, 2.5];

fn shape() -> Shape {
    Shape {
        tasks: 4..=14,
        developers: 2..=3,
        task: TaskShape {
            hours: &HOURS,
            deps: Count {
                none: 1,
                some: 2,
                len: 1..=2,
            },
            deps_below: 6,
            skills: Count {
                none: 1,
                some: 1,
                len: 1..=1,
            },
            projects: true,
            due: false,
            confidence: false,
        },
        developer: DevShape {
            skills: Count::uniform(0..=3),
            weekly_hours: &[(3, 40.0), (1, 20.0), (1, 32.0)],
            focus: &[(3, 1.0), (1, 0.8)],
            time_off_chance: 0.4,
            time_off_from: 0..=12,
            time_off_days: 1..=4,
            joins_chance: 0.1,
            joins_after: 0..=3,
            own_workdays_chance: 0.0,
            part_off_chance: 0.0,
        },
        first_has_all: 0.7,
        holiday: 0.3,
        rules: RuleMix {
            none: 2,
            urgent_to_first: 1,
            prefer: 1,
        },
    }
}

fn opts(previous: Option<PreviousPlan>) -> PlanOptions {
    PlanOptions {
        time_limit: 5.0,
        previous,
        ..PlanOptions::default()
    }
}

fn plan(backlog: &Backlog, team: &Team, previous: Option<PreviousPlan>) -> (Plan, String, String) {
    let o = optimizer::optimize(backlog, team, &opts(previous)).expect("a plan");
    let plan = Plan::new(backlog, team, &o);
    let (mut p, mut s) = (Vec::new(), Vec::new());
    plan.write_plan_csv(&mut p).unwrap();
    plan.write_schedule_csv(&mut s).unwrap();
    (
        plan,
        String::from_utf8(p).unwrap(),
        String::from_utf8(s).unwrap(),
    )
}

/// Tasks whose developer differs between the previous plan and `plan`.
fn reassigned(previous: &PreviousPlan, plan: &Plan) -> usize {
    plan.tasks
        .iter()
        .filter(|t| {
            previous
                .task(&t.id)
                .is_some_and(|p| p.developer != t.developer)
        })
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("REPLAN_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Marking tasks done or in progress and re-planning a week later with
    /// --previous gives a valid plan (in-progress tasks on their developer,
    /// first, from the as-of date, with their remaining hours: the
    /// validator checks it), and it costs no more, counting each move at
    /// its price (SPEC 7.3), than the plan made without --previous would
    /// (up to the price of the cheapest move, the margin by which the
    /// previous order is kept): keeping tasks where they were never loses
    /// against planning afresh.
    ///
    /// (Moving no more tasks than the fresh plan follows from that only
    /// when both searches find their optimum; the fresh search sometimes
    /// stops at a plan the re-plan's search improves on by more than a
    /// move costs, and then the re-plan rightly moves one task more: about
    /// 1 case in 2,400 measured, so that is not asserted.)
    #[test]
    fn a_replan_is_valid_and_costs_no_more_than_the_fresh_plan_would(
        g in instance(&shape()),
        marks in proptest::collection::vec(0u8..10, 14),
    ) {
        let (mut backlog, mut team) = build(&g);
        let (_, first_csv, _) = plan(&backlog, &team, None);
        let previous = parse_previous("previous/plan.csv", &first_csv).unwrap();
        for (t, mark) in backlog.tasks.iter_mut().zip(&marks) {
            match mark {
                0 | 1 => t.status = Status::Done,
                2 | 3 => {
                    t.status = Status::InProgress;
                    t.progress.developer = previous.task(&t.id).map(|p| p.developer.clone());
                    t.progress.remaining = Some((t.hours / 2.0).max(0.5));
                }
                _ => {}
            }
        }
        team.calendar.as_of = Some(date("2026-12-07"));
        let (stable, plan_csv, schedule_csv) = plan(&backlog, &team, Some(previous.clone()));
        let found = validate::validate(&backlog, &team, &plan_csv, &schedule_csv);
        prop_assert!(found.is_empty(), "{found:#?}\n{plan_csv}\n{schedule_csv}");
        prop_assert!(stable.tasks.iter().all(|t| t.start.date() >= date("2026-12-07")));
        for t in backlog.tasks.iter().filter(|t| t.is_in_progress()) {
            let p = stable.tasks.iter().find(|p| p.id == t.id).unwrap();
            prop_assert_eq!(Some(&p.developer), t.progress.developer.as_ref());
        }
        let (fresh, _, _) = plan(&backlog, &team, None);
        // The fresh plan as a re-plan: its objective plus the price of each
        // task it moves (weight x reassign_hours).
        let moves: f64 = fresh
            .tasks
            .iter()
            .filter(|t| previous.task(&t.id).is_some_and(|p| p.developer != t.developer))
            .map(|t| team.weights.of(t.priority) * team.weights.reassign_hours)
            .sum();
        // The previous plan replayed is kept unless the best plan beats it
        // by more than moving the least important task costs, so that an
        // unchanged backlog re-plans to the same plan: that much more is
        // allowed.
        let least = backlog
            .open_tasks()
            .map(|t| team.weights.of(t.priority) * team.weights.reassign_hours)
            .fold(f64::INFINITY, f64::min);
        prop_assert!(
            stable.objective
                <= fresh.objective + moves + least + 1e-6 * fresh.objective.max(1.0),
            "re-plan {} ({} moved), fresh {} + {moves} for its {} moves",
            stable.objective,
            reassigned(&previous, &stable),
            fresh.objective,
            reassigned(&previous, &fresh)
        );
    }
}

/// Re-planning data/ against its own plan changes nothing: zero changes,
/// and the same plan.csv, schedule.csv and load.csv byte for byte.
#[test]
fn an_unchanged_replan_is_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (first, again) = (dir.path().join("first"), dir.path().join("again"));
    let base = [
        "plan",
        "data/backlog.md",
        "--team",
        "data/team.toml",
        "--out",
    ];
    ok(&[&base[..], &[path_arg(&first)]].concat());
    let (_, stderr) = ok(&[
        &base[..],
        &[path_arg(&again), "--previous", path_arg(&first)],
    ]
    .concat());
    assert!(
        stderr.contains("changes: no changes against the previous plan"),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8(read(&again.join("changes.csv"))).unwrap(),
        "id,title,change,from,to,days\n"
    );
    for f in ["plan.csv", "schedule.csv", "load.csv"] {
        assert!(read(&first.join(f)) == read(&again.join(f)), "{f} differs");
    }
}

/// --as-of in sprint 2 plans into sprint 2: the sprints keep the numbers
/// and boundaries of the calendar, nothing starts before the as-of date.
#[test]
fn as_of_keeps_the_calendars_sprints() {
    let team = sprintcast::team_file::read_team("data/team.toml".as_ref()).unwrap();
    let backlog =
        sprintcast::backlog::read_file("data/backlog.md".as_ref(), &Default::default()).unwrap();
    let (whole, _, _) = plan(&backlog, &team, None);
    let mut later = team.clone();
    later.calendar.as_of = Some(date("2026-12-16"));
    let (replan, plan_csv, schedule_csv) = plan(&backlog, &later, None);
    assert!(validate::validate(&backlog, &later, &plan_csv, &schedule_csv).is_empty());
    assert_eq!(replan.as_of, Some(date("2026-12-16")));
    assert_eq!(replan.sprints[0].0, 2, "{:?}", replan.sprints);
    for s in &replan.sprints {
        if let Some(w) = whole.sprints.iter().find(|w| w.0 == s.0) {
            assert_eq!(w, s);
        }
    }
    // Sprint 2 of a 2-week calendar from 2026-11-30.
    assert_eq!(
        (replan.sprints[0].1, replan.sprints[0].2),
        (date("2026-12-14"), date("2026-12-27"))
    );
    assert!(replan
        .tasks
        .iter()
        .all(|t| t.start.date() >= date("2026-12-16") && t.start_sprint >= 2));
}

/// The README's weekly loop on data/week3: a valid plan from 2026-12-14 in
/// which every in-progress task stays with its developer and no open task
/// moves away from the developer the first plan gave it.
#[test]
fn the_week3_replan_keeps_the_team_on_its_work() {
    let mut team = sprintcast::team_file::read_team("data/team.toml".as_ref()).unwrap();
    team.calendar.as_of = Some(date("2026-12-14"));
    let backlog =
        sprintcast::backlog::read_file("data/week3/backlog.md".as_ref(), &Default::default())
            .unwrap();
    assert_eq!(
        backlog
            .tasks
            .iter()
            .filter(|t| t.status == Status::InProgress)
            .count(),
        12
    );
    let previous =
        sprintcast::previous::read_previous("data/week3/previous-plan".as_ref()).unwrap();
    let (replan, plan_csv, schedule_csv) = plan(&backlog, &team, Some(previous.clone()));
    let found = validate::validate(&backlog, &team, &plan_csv, &schedule_csv);
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(reassigned(&previous, &replan), 0);
    assert!(replan
        .tasks
        .iter()
        .all(|t| t.start.date() >= date("2026-12-14") && t.start_sprint == 2));
}

/// Every view says the as-of date: the plan's, forecast's and whatif's JSON,
/// and the forecast's and whatif's tables.
#[test]
fn forecast_and_whatif_state_the_as_of_date() {
    let base = [
        "data/week3/backlog.md",
        "--team",
        "data/team.toml",
        "--as-of",
        "2026-12-14",
    ];
    let (json, _) = ok(&[
        &["forecast"][..],
        &base,
        &["--samples", "200", "--format", "json"],
    ]
    .concat());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["as_of"], "2026-12-14");
    let (table, _) = ok(&[&["forecast"][..], &base, &["--samples", "200"]].concat());
    assert!(table.contains("Forecast as of 2026-12-14"), "{table}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.toml");
    std::fs::write(
        &file,
        "[[scenario]]\nname = \"no low\"\ndrop_tasks = { priority = \"LOW\" }\n",
    )
    .unwrap();
    let (json, _) = ok(&[
        &["whatif"][..],
        &base,
        &["--scenarios", path_arg(&file), "--format", "json"],
    ]
    .concat());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["as_of"], "2026-12-14");
    let (table, _) = ok(&[&["whatif"][..], &base, &["--scenarios", path_arg(&file)]].concat());
    assert!(table.contains("Every plan as of 2026-12-14"), "{table}");
    let (plan, _) = ok(&[&["plan"][..], &base, &["--format", "json"]].concat());
    assert!(plan.contains("\"as_of\": \"2026-12-14\""), "{plan}");
}
