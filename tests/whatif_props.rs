//! Sanity properties of what-if scenarios on generated inputs.
//!
//! Scenarios are written as scenario-file text and go through the real
//! reader and [`Scenario::apply`]. The first two properties use tiny
//! instances (at most 6 open tasks), where `optimize` is exact (exhaustive
//! branch and bound, status `optimal`), so they speak about true optima; the
//! instances have no `prefer` rules and no due dates, so the optimizer
//! minimises the objective alone. On a failure, the message holds the
//! instance as a backlog CSV, the team and the scenario.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use sprintcast::optimizer::{self, Objective, Optimized, PlanOptions, SolveStatus};
use sprintcast::plan::Plan;
use sprintcast::scenario::{parse_scenarios, Applied};
use sprintcast::team::{Calendar, DateRange, RuleCondition, Weights};
use sprintcast::whatif::{self, WhatIfOptions};
use sprintcast::{Backlog, Developer, Priority, Rule, RuleMode, Skill, Task, Team};

const HOURS: [f64; 8] = [0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0];
const SKILLS: [&str; 3] = ["backend", "frontend", "security"];
const NAMES: [&str; 3] = ["Ana", "Bob", "Cyd"];
const OBJECTIVES: [Objective; 2] = [Objective::Weighted, Objective::Makespan];

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn calendar(holiday: bool) -> Calendar {
    let mut holidays = BTreeSet::new();
    if holiday {
        holidays.insert(start() + Duration::days(8));
    }
    Calendar {
        start: start(),
        holidays,
        ..Calendar::default()
    }
}

#[derive(Debug, Clone)]
struct GenTask {
    hours: usize,
    priority: usize,
    /// Candidate predecessors; only those before the task are kept.
    deps: Vec<usize>,
    /// (index into SKILLS, level 0-2).
    skills: Vec<(usize, u32)>,
}

#[derive(Debug, Clone)]
struct GenDev {
    skills: Vec<(usize, u32)>,
    weekly_hours: f64,
    focus: f64,
    /// (days after the start, length in days).
    time_off: Option<(i64, i64)>,
    /// Days after the start the developer joins.
    from: Option<i64>,
}

#[derive(Debug, Clone)]
struct Gen {
    tasks: Vec<GenTask>,
    devs: Vec<GenDev>,
    holiday: bool,
    /// URGENT tasks require developer 0 (when they can).
    urgent_rule: bool,
}

fn gen_task() -> impl Strategy<Value = GenTask> {
    (
        0..HOURS.len(),
        0..4usize,
        prop::collection::vec(0..6usize, 0..=2),
        prop::collection::vec((0..3usize, 0..=2u32), 0..=2),
    )
        .prop_map(|(hours, priority, deps, skills)| GenTask {
            hours,
            priority,
            deps,
            skills,
        })
}

fn gen_dev() -> impl Strategy<Value = GenDev> {
    (
        prop::collection::vec((0..3usize, 0..=3u32), 0..=3),
        prop_oneof![3 => Just(40.0), 1 => Just(20.0), 1 => Just(24.0)],
        prop_oneof![3 => Just(1.0), 1 => Just(0.5)],
        prop::option::weighted(0.4, (0..=8i64, 1..=4i64)),
        prop::option::weighted(0.3, 0..=5i64),
    )
        .prop_map(|(skills, weekly_hours, focus, time_off, from)| GenDev {
            skills,
            weekly_hours,
            focus,
            time_off,
            from,
        })
}

fn gen_instance(tasks: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Gen> {
    (
        prop::collection::vec(gen_task(), tasks),
        prop::collection::vec(gen_dev(), 1..=3),
        prop::bool::weighted(0.3),
        prop::bool::weighted(0.3),
    )
        .prop_map(|(tasks, devs, holiday, urgent_rule)| Gen {
            tasks,
            devs,
            holiday,
            urgent_rule,
        })
}

fn skill_set(raw: &[(usize, u32)]) -> Vec<Skill> {
    let mut out: Vec<Skill> = Vec::new();
    for &(s, level) in raw {
        match out.iter_mut().find(|k| k.name == SKILLS[s]) {
            Some(k) => k.level = k.level.max(level),
            None => out.push(Skill {
                name: SKILLS[s].to_string(),
                level,
            }),
        }
    }
    out.sort();
    out
}

fn can_do(dev: &Developer, needs: &[Skill]) -> bool {
    needs.iter().all(|need| {
        dev.skills
            .iter()
            .any(|s| s.name == need.name && s.level >= need.level)
    })
}

/// The backlog and team of a generated instance; a task's skills that no
/// developer has are dropped, so every instance is feasible.
fn build(g: &Gen) -> (Backlog, Team) {
    let developers: Vec<Developer> = g
        .devs
        .iter()
        .enumerate()
        .map(|(i, d)| Developer {
            name: NAMES[i].to_string(),
            role: String::new(),
            weekly_hours: d.weekly_hours,
            focus: d.focus,
            skills: skill_set(&d.skills),
            time_off: d
                .time_off
                .map(|(from, len)| DateRange {
                    first: start() + Duration::days(from),
                    last: start() + Duration::days(from + len - 1),
                })
                .into_iter()
                .collect(),
            available_from: d.from.map(|f| start() + Duration::days(f)),
            available_until: None,
            line: 0,
        })
        .collect();
    let mut tasks = Vec::new();
    for (i, gt) in g.tasks.iter().enumerate() {
        let mut t = Task::new(format!("t{i}"), format!("Task {i}"), HOURS[gt.hours]);
        t.priority = Priority::ALL[gt.priority];
        let deps: BTreeSet<usize> = gt.deps.iter().copied().filter(|&d| d < i).collect();
        t.depends_on = deps.iter().map(|d| format!("t{d}")).collect();
        t.skills = skill_set(&gt.skills);
        if !developers.iter().any(|d| can_do(d, &t.skills)) {
            t.skills.clear();
        }
        tasks.push(t);
    }
    let mut rules = Vec::new();
    let urgent_ok = tasks
        .iter()
        .filter(|t| t.priority == Priority::Urgent)
        .all(|t| can_do(&developers[0], &t.skills));
    if g.urgent_rule && urgent_ok {
        rules.push(Rule {
            name: "first owns urgent".to_string(),
            when: RuleCondition {
                priority: vec![Priority::Urgent],
                ..RuleCondition::default()
            },
            assign_to: vec![NAMES[0].to_string()],
            mode: RuleMode::Require,
            line: 0,
        });
    }
    let team = Team {
        source: "team.toml".to_string(),
        calendar: calendar(g.holiday),
        weights: Weights::default(),
        prefer_penalty_hours: 8.0,
        developers,
        rules,
    };
    let backlog = Backlog {
        source: "backlog.csv".to_string(),
        tasks,
        ..Backlog::default()
    };
    (backlog, team)
}

/// The instance and scenario as text, to replay a failure.
fn describe(backlog: &Backlog, team: &Team, scenario: &str) -> String {
    let mut s = String::from("--- backlog.csv\nid,title,priority,hours,depends_on,skills\n");
    for t in &backlog.tasks {
        let skills: Vec<String> = t.skills.iter().map(Skill::to_string).collect();
        let _ = writeln!(
            s,
            "{},{},{},{},{},{}",
            t.id,
            t.title,
            t.priority,
            t.hours,
            t.depends_on.join(";"),
            skills.join(";")
        );
    }
    let _ = writeln!(
        s,
        "--- team\n{:#?}\n--- scenario\n{scenario}",
        team.developers
    );
    s
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

fn added_developer() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((0..3usize, 0..=3u32), 0..=3),
        prop_oneof![Just(40.0), Just(20.0), Just(24.0)],
        prop_oneof![Just(1.0), Just(0.5)],
        prop::option::of(0..=6i64),
    )
        .prop_map(|(skills, weekly, focus, from)| {
            let skills: Vec<String> = skill_set(&skills)
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect();
            let from = from
                .map(|d| format!(", from = \"{}\"", start() + Duration::days(d)))
                .unwrap_or_default();
            format!(
                "[[scenario]]\nname = \"one more\"\nadd_developer = {{ name = \"Dee\", weekly_hours = {weekly}, focus = {focus}, skills = [{}]{from} }}\n",
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
        g in gen_instance(2..=6),
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
        g in gen_instance(2..=6),
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
    fn scaling_by_one_is_the_baseline(g in gen_instance(1..=12)) {
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
