//! Property tests of the optimizer and the plan files it writes.
//!
//! Random small instances are built directly as [`Backlog`] / [`Team`]
//! structs by the shared generator (tests/common/generate.rs), in the shape
//! [`shape`] states. The oracle is [`validate`] (written from SPEC alone): every plan
//! must validate with no violation, and its objective recomputed from
//! plan.csv must equal what the optimizer claims. On tiny instances a brute
//! force of our own (every assignment, every order per developer, each task
//! placed as early as possible in its developer's working time) gives the true
//! optimum, which the optimizer must match and prove.
//!
//! On a failure, the message holds the instance as a backlog CSV and a team
//! TOML, so it can be replayed with the command line.

mod common;

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDateTime, Timelike};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use sprintcast::eligibility;
use sprintcast::optimizer::schedule::{self, Decoder, Schedule, Solution};
use sprintcast::optimizer::{self, bound, lns, Objective, Optimized, PlanOptions, SolveStatus};
use sprintcast::plan::Plan;
use sprintcast::team::DateRange;
use sprintcast::validate;
use sprintcast::{Backlog, Developer, Priority, RuleMode, Skill, Task, Team};

use common::generate::{
    at, backlog_of, build, can_do, date, describe, developer, instance, sample, team_of, Count,
    DevShape, GenRule, RuleMix, Shape, TaskShape,
};

// ---------------------------------------------------------------------------
// Instances

const HOURS: [f64; 9] = [0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0];
/// Per-plan wall-clock budget.
const TIME_LIMIT: f64 = 5.0;

/// `tasks` tasks on two or three developers, with skills (developer 0 has
/// all of them half of the time), part-timers, reduced focus, time off
/// (whole days and parts of days), developers on some weekdays only, late
/// joiners, a holiday, an URGENT-to-developer-0 `require` rule and, with
/// `prefer`, a `prefer` rule.
fn shape(tasks: std::ops::RangeInclusive<usize>, prefer: bool) -> Shape {
    Shape {
        tasks,
        developers: 2..=3,
        task: TaskShape {
            hours: &HOURS,
            deps: Count {
                none: 1,
                some: 3,
                len: 1..=3,
            },
            deps_below: 7,
            skills: Count {
                none: 1,
                some: 2,
                len: 1..=2,
            },
            projects: false,
            due: false,
            confidence: false,
        },
        developer: DevShape {
            skills: Count::uniform(0..=3),
            weekly_hours: &[
                (3, 40.0),
                (1, 20.0),
                (1, 24.0),
                (1, 21.0),
                (1, 50.0),
                (1, 37.5),
            ],
            focus: &[(4, 1.0), (1, 0.75), (1, 0.33), (1, 0.9)],
            time_off_chance: 0.7,
            time_off_from: 0..=10,
            time_off_days: 1..=5,
            joins_chance: 0.3,
            joins_after: 0..=6,
            own_workdays_chance: 0.3,
            part_off_chance: 0.4,
        },
        first_has_all: 0.5,
        holiday: 0.3,
        rules: RuleMix {
            none: 3,
            urgent_to_first: 1,
            prefer: u32::from(prefer),
        },
    }
}

fn options(objective: Objective) -> PlanOptions {
    PlanOptions {
        objective,
        time_limit: TIME_LIMIT,
        strict_due: false,
        strict: false,
        previous: None,
    }
}

// ---------------------------------------------------------------------------
// Planning and checking

fn files(plan: &Plan) -> (String, String) {
    let mut p = Vec::new();
    plan.write_plan_csv(&mut p).unwrap();
    let mut s = Vec::new();
    plan.write_schedule_csv(&mut s).unwrap();
    (String::from_utf8(p).unwrap(), String::from_utf8(s).unwrap())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Plans the instance and checks the plan against the validator; returns the
/// result and the two files.
fn plan_and_check(
    backlog: &Backlog,
    team: &Team,
    objective: Objective,
) -> Result<(Optimized, String, String), TestCaseError> {
    let what = describe(backlog, team);
    let opt = match optimizer::optimize(backlog, team, &options(objective)) {
        Ok(o) => o,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "optimize ({}) failed: {e}\n{what}",
                objective.as_str()
            )))
        }
    };
    let plan = Plan::new(backlog, team, &opt);
    let (plan_csv, schedule_csv) = files(&plan);
    let found = validate::validate(backlog, team, &plan_csv, &schedule_csv);
    prop_assert!(
        found.is_empty(),
        "{} plan has violations: {:#?}\n{what}\n--- plan.csv\n{plan_csv}--- schedule.csv\n{schedule_csv}",
        objective.as_str(),
        found
    );
    // The bound is on all the plan minimises: the objective and the
    // steering costs (preferences, lateness).
    let obj = opt.cost.objective;
    let total = opt.cost.total(opt.inst.strict_due);
    prop_assert!(
        opt.lower_bound <= total + 1e-6,
        "{}: lower bound {} above the cost {total}\n{what}",
        objective.as_str(),
        opt.lower_bound
    );
    let recomputed = match objective {
        Objective::Weighted => validate::weighted_objective(backlog, team, &plan_csv),
        Objective::Makespan => validate::makespan_objective(backlog, team, &plan_csv),
    };
    prop_assert!(
        recomputed.is_some_and(|r| close(r, obj)),
        "{}: the optimizer claims {obj}, plan.csv gives {recomputed:?}\n{what}\n--- plan.csv\n{plan_csv}",
        objective.as_str()
    );
    Ok((opt, plan_csv, schedule_csv))
}

// ---------------------------------------------------------------------------
// Brute force: our own semi-active schedules, in whole minutes since the
// plan start's midnight.

/// Working windows [start, end) of one developer, in minutes, over the first
/// `days` calendar days: from day_start for their daily capacity (weekly
/// hours over their own workdays) on their workdays, less their parts of
/// days off (SPEC 3, 9.4).
fn windows(team: &Team, dev: &Developer, days: i64) -> Vec<(i64, i64)> {
    let cal = &team.calendar;
    let own = dev.workdays.as_ref().unwrap_or(&cal.workdays);
    let cap = (dev.weekly_hours / own.len() as f64 * dev.focus * 60.0).round() as i64;
    let open = i64::from(cal.day_start.num_seconds_from_midnight()) / 60;
    let midnight = cal.start.and_hms_opt(0, 0, 0).unwrap();
    let off: Vec<(i64, i64)> = dev
        .hours_off
        .iter()
        .map(|r| {
            (
                (r.start - midnight).num_minutes(),
                (r.end - midnight).num_minutes(),
            )
        })
        .collect();
    let mut out = Vec::new();
    for k in 0..days {
        let day = cal.start + Duration::days(k);
        let works = cal.workdays.contains(&day.weekday())
            && own.contains(&day.weekday())
            && !cal.holidays.contains(&day)
            && !dev.time_off.iter().any(|r| r.contains(day))
            && dev.available_from.is_none_or(|f| day >= f)
            && dev.available_until.is_none_or(|u| day <= u);
        if !works || cap <= 0 {
            continue;
        }
        // The day's window, minute by minute, less the minutes off.
        let (from, to) = (k * 1440 + open, k * 1440 + open + cap);
        let mut run: Option<i64> = None;
        for m in from..=to {
            let free = m < to && !off.iter().any(|&(s, e)| s <= m && m < e);
            match (free, run) {
                (true, None) => run = Some(m),
                (false, Some(s)) => {
                    out.push((s, m));
                    run = None;
                }
                _ => {}
            }
        }
    }
    out
}

/// Start and finish of `minutes` of work begun no earlier than `ready`, run in
/// the developer's working windows, pausing only between them.
fn run(windows: &[(i64, i64)], ready: i64, minutes: i64) -> (i64, i64) {
    let mut left = minutes;
    let mut start = None;
    let first = windows.partition_point(|&(_, e)| e <= ready);
    for &(ws, we) in &windows[first..] {
        let s = ws.max(ready);
        if s >= we {
            continue;
        }
        start.get_or_insert(s);
        let take = left.min(we - s);
        left -= take;
        if left == 0 {
            return (start.unwrap(), s + take);
        }
    }
    panic!("the brute force ran out of calendar (ready {ready}, {minutes} min)");
}

struct Brute<'a> {
    team: &'a Team,
    minutes: Vec<i64>,
    weight: Vec<f64>,
    preds: Vec<Vec<usize>>,
    allowed: Vec<Vec<usize>>,
    windows: Vec<Vec<(i64, i64)>>,
    seqs: Vec<Vec<usize>>,
    best_weighted: f64,
    best_makespan: f64,
    combinations: u64,
}

impl Brute<'_> {
    fn to_datetime(&self, minutes: i64) -> NaiveDateTime {
        self.team.calendar.start.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    /// Every way to put task `i` (and those after it) into the developers'
    /// sequences: each allowed developer, each position.
    fn enumerate(&mut self, i: usize) {
        if i == self.minutes.len() {
            self.evaluate();
            return;
        }
        for k in 0..self.allowed[i].len() {
            let d = self.allowed[i][k];
            for pos in 0..=self.seqs[d].len() {
                self.seqs[d].insert(pos, i);
                self.enumerate(i + 1);
                self.seqs[d].remove(pos);
            }
        }
    }

    /// The semi-active schedule of the current sequences (none when they
    /// deadlock against the dependencies), and its two objectives.
    fn evaluate(&mut self) {
        let n = self.minutes.len();
        let mut finish: Vec<Option<i64>> = vec![None; n];
        let mut next = vec![0usize; self.seqs.len()];
        let mut free = vec![0i64; self.seqs.len()];
        let mut placed = 0;
        loop {
            let mut progress = false;
            for d in 0..self.seqs.len() {
                while let Some(&j) = self.seqs[d].get(next[d]) {
                    let Some(ready) = self.preds[j]
                        .iter()
                        .map(|&q| finish[q])
                        .try_fold(free[d], |acc, f| f.map(|f| acc.max(f)))
                    else {
                        break;
                    };
                    let (_, end) = run(&self.windows[d], ready, self.minutes[j]);
                    finish[j] = Some(end);
                    free[d] = end;
                    next[d] += 1;
                    placed += 1;
                    progress = true;
                }
            }
            if placed == n {
                break;
            }
            if !progress {
                return; // the sequences contradict the dependencies
            }
        }
        self.combinations += 1;
        let mut weighted = 0.0;
        let mut makespan: f64 = 0.0;
        for (f, w) in finish.iter().zip(&self.weight) {
            let c = validate::finish_business_hours(self.team, self.to_datetime(f.unwrap()));
            weighted += w * c;
            makespan = makespan.max(c);
        }
        self.best_weighted = self.best_weighted.min(weighted);
        self.best_makespan = self.best_makespan.min(makespan);
    }
}

/// Who may take the task, by SPEC 3: skills, then `require` rules (only the
/// generated kind: by priority).
fn allowed_by_spec(task: &Task, team: &Team) -> Vec<usize> {
    (0..team.developers.len())
        .filter(|&d| can_do(&team.developers[d], &task.skills))
        .filter(|&d| {
            team.rules
                .iter()
                .filter(|r| r.mode == RuleMode::Require && r.when.priority.contains(&task.priority))
                .all(|r| {
                    r.assign_to
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(&team.developers[d].name))
                })
        })
        .collect()
}

/// The optimum of both objectives over every non-preemptive plan (the best
/// plan is semi-active for some assignment and per-developer order), and the
/// number of feasible combinations tried.
fn brute_force(backlog: &Backlog, team: &Team) -> (f64, f64, u64) {
    let tasks = &backlog.tasks;
    let index = |id: &str| tasks.iter().position(|t| t.id == id).unwrap();
    let mut b = Brute {
        team,
        minutes: tasks
            .iter()
            .map(|t| (t.hours * 60.0).round() as i64)
            .collect(),
        weight: tasks.iter().map(|t| team.weights.of(t.priority)).collect(),
        preds: tasks
            .iter()
            .map(|t| t.depends_on.iter().map(|d| index(d)).collect())
            .collect(),
        allowed: tasks.iter().map(|t| allowed_by_spec(t, team)).collect(),
        windows: team
            .developers
            .iter()
            .map(|d| windows(team, d, 400))
            .collect(),
        seqs: vec![Vec::new(); team.developers.len()],
        best_weighted: f64::INFINITY,
        best_makespan: f64::INFINITY,
        combinations: 0,
    };
    b.enumerate(0);
    (b.best_weighted, b.best_makespan, b.combinations)
}

// ---------------------------------------------------------------------------
// Properties

/// Cases per property: `default`, or `PLAN_PROPS_CASES` from the environment
/// (for a longer hunt: `PLAN_PROPS_CASES=2000 cargo test --release --test plan_props`).
fn cases(default: u32) -> u32 {
    std::env::var("PLAN_PROPS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Every plan validates, its bound is below its objective, and plan.csv
    /// gives back the objective the optimizer claims, for both objectives.
    #[test]
    fn plans_validate_and_objectives_match(g in instance(&shape(1..=12, true))) {
        let (backlog, team) = build(&g);
        plan_and_check(&backlog, &team, Objective::Weighted)?;
        plan_and_check(&backlog, &team, Objective::Makespan)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// On tiny instances the optimizer finds the brute-force optimum, says it
    /// is optimal, and its bound is below the optimum.
    #[test]
    fn tiny_instances_are_solved_to_optimality(g in instance(&shape(2..=7, false))) {
        let (backlog, team) = build(&g);
        let what = describe(&backlog, &team);
        for t in &backlog.tasks {
            prop_assert_eq!(
                &allowed_by_spec(t, &team),
                &eligibility::allowed(t, &team).developers,
                "who may take {}\n{}", &t.id, &what
            );
        }
        let (weighted, makespan, combinations) = brute_force(&backlog, &team);
        prop_assert!(combinations > 0, "no feasible combination\n{}", what);
        for (objective, best) in [(Objective::Weighted, weighted), (Objective::Makespan, makespan)] {
            let (opt, plan_csv, _) = plan_and_check(&backlog, &team, objective)?;
            let name = objective.as_str();
            prop_assert!(
                close(opt.cost.objective, best),
                "{}: the optimizer's objective is {}, the brute-force optimum {} ({} combinations)\n{}--- plan.csv\n{}",
                name, opt.cost.objective, best, combinations, what, plan_csv
            );
            prop_assert!(
                opt.status == SolveStatus::Optimal,
                "{}: status {:?} on a tiny instance\n{}", name, opt.status, what
            );
            prop_assert!(
                opt.lower_bound <= best + 1e-6,
                "{}: lower bound {} above the optimum {}\n{}", name, opt.lower_bound, best, what
            );
            // The exhaustive search replaces the bound on tiny instances, so
            // the bounding machinery (column generation, LPs) is checked
            // against the brute-force optimum on its own.
            let proven = bound::lower_bound(&opt.inst, 5.0, &opt.schedule).value;
            prop_assert!(
                proven <= best + 1e-6 * best.abs().max(1.0),
                "{}: the bound machinery proves {} above the optimum {}\n{}", name, proven, best, what
            );
            // The time-indexed LP runs on larger backlogs only: here on its own.
            if let Some(indexed) = bound::time_indexed(&opt.inst, &opt.schedule, 4_000, 5.0) {
                prop_assert!(
                    indexed.value <= best + 1e-6 * best.abs().max(1.0),
                    "{}: the time-indexed LP proves {} above the optimum {}\n{}", name, indexed.value, best, what
                );
            }
            // And its Lagrangian form, whatever the multipliers it ends on.
            let far = std::time::Instant::now() + std::time::Duration::from_secs(60);
            if let Some(priced) = bound::time_indexed_lagrangian(&opt.inst, &opt.schedule, 0.05, far) {
                prop_assert!(
                    priced.value <= best + 1e-6 * best.abs().max(1.0),
                    "{}: the Lagrangian proves {} above the optimum {}\n{}", name, priced.value, best, what
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(16),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The same instance planned twice gives the same files, byte for byte (SPEC 4.7).
    #[test]
    fn planning_is_deterministic(g in instance(&shape(1..=12, true)), makespan in any::<bool>()) {
        let (backlog, team) = build(&g);
        let objective = if makespan { Objective::Makespan } else { Objective::Weighted };
        let once = || -> (String, String) {
            let opt = optimizer::optimize(&backlog, &team, &options(objective)).unwrap();
            files(&Plan::new(&backlog, &team, &opt))
        };
        let (p1, s1) = once();
        let (p2, s2) = once();
        prop_assert_eq!(p1, p2, "plan.csv differs\n{}", describe(&backlog, &team));
        prop_assert_eq!(s1, s2, "schedule.csv differs\n{}", describe(&backlog, &team));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(32),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The large-neighbourhood search (makespan), started from the greedy
    /// plan in dependency order, never returns a longer plan than its start,
    /// the cost it reports is its plan's, and that plan validates with the
    /// makespan plan.csv gives back.
    #[test]
    fn windows_never_lengthen_the_plan_and_their_plans_validate(
        g in instance(&shape(4..=12, true)),
        seed in 0u64..4,
    ) {
        let (backlog, team) = build(&g);
        let what = describe(&backlog, &team);
        let opt = optimizer::optimize(&backlog, &team, &options(Objective::Makespan)).unwrap();
        let inst = &opt.inst;
        let mut start = Solution { order: inst.topo.clone(), assign: vec![0; inst.n()] };
        let mut dec = Decoder::new(inst);
        let mut sched = Schedule::default();
        prop_assume!(dec.decode_greedy(inst, &mut start, &mut sched));
        let before = schedule::cost(inst, &sched);
        let budget = lns::Budget {
            placements: 100_000,
            deadline: std::time::Instant::now() + std::time::Duration::from_secs(600),
            target: 0.0,
        };
        let out = lns::improve(inst, start, budget, seed);
        prop_assert!(
            out.cost.primary() <= before.primary() + 1e-9,
            "windows made the plan worse: {} after {}\n{}", out.cost.primary(), before.primary(), what
        );
        let again = schedule::evaluate(inst, &mut dec, &out.solution, &mut sched);
        prop_assert_eq!(again, out.cost, "the cost reported is not the plan's\n{}", &what);
        let makespan = out.cost.objective;
        let lns_plan = Optimized { solution: out.solution, schedule: sched, cost: out.cost, ..opt };
        let (plan_csv, schedule_csv) = files(&Plan::new(&backlog, &team, &lns_plan));
        let found = validate::validate(&backlog, &team, &plan_csv, &schedule_csv);
        prop_assert!(found.is_empty(), "violations: {:#?}\n{}\n--- plan.csv\n{}", found, what, plan_csv);
        let recomputed = validate::makespan_objective(&backlog, &team, &plan_csv);
        prop_assert!(
            recomputed.is_some_and(|r| close(r, makespan)),
            "windows claim {}, plan.csv gives {:?}\n{}", makespan, recomputed, what
        );
    }
}

/// The generated instances have the variety [`shape`] states (a fixed
/// sample of 300): each property above holds on the inputs it is given
/// only.
#[test]
fn the_instances_cover_their_shape() {
    let built: Vec<(Backlog, Team)> = sample(instance(&shape(1..=12, true)), 300)
        .iter()
        .map(build)
        .collect();
    let tasks = || built.iter().flat_map(|(b, _)| &b.tasks);
    let devs = || built.iter().flat_map(|(_, t)| &t.developers);
    let teams = || built.iter().map(|(_, t)| t);
    let sizes: BTreeSet<usize> = built.iter().map(|(b, _)| b.tasks.len()).collect();
    assert_eq!(sizes, (1..=12).collect());
    let team_sizes: BTreeSet<usize> = teams().map(|t| t.developers.len()).collect();
    assert_eq!(team_sizes, BTreeSet::from([2, 3]));
    for h in HOURS {
        assert!(tasks().any(|t| t.hours == h), "no task of {h} h");
    }
    let priorities: BTreeSet<Priority> = tasks().map(|t| t.priority).collect();
    assert_eq!(priorities.len(), 4);
    assert!(tasks().any(|t| t.depends_on.is_empty()));
    assert!(tasks().any(|t| t.depends_on.len() >= 3));
    assert!(tasks().any(|t| t.skills.is_empty()));
    assert!(tasks().any(|t| t.skills.len() == 2));
    assert!(devs().any(|d| d.skills.len() == 3 && d.skills.iter().all(|s| s.level == 3)));
    assert!(devs().any(|d| d.weekly_hours < 40.0) && devs().any(|d| d.weekly_hours > 40.0));
    assert!(devs().any(|d| d.focus < 1.0));
    assert!(devs().any(|d| !d.time_off.is_empty()));
    assert!(devs().any(|d| d.available_from.is_some()));
    assert!(devs().any(|d| d.workdays.as_ref().is_some_and(|w| w.len() == 2)));
    assert!(devs().any(|d| d.workdays.as_ref().is_some_and(|w| w.len() == 4)));
    // Parts of days off: mornings, afternoons, and hour ranges, one over a night.
    let off = || devs().flat_map(|d| &d.hours_off);
    assert!(off().any(|r| r.start.hour() == 0 && r.end.hour() == 13));
    assert!(off().any(|r| r.start.hour() == 13 && r.end.hour() == 0));
    assert!(off().any(|r| r.start.hour() == 11 && r.end - r.start == Duration::minutes(90)));
    assert!(off().any(|r| r.end.date() > r.start.date() && r.end.hour() > 0));
    assert!(teams().any(|t| !t.calendar.holidays.is_empty()));
    assert!(teams().any(|t| t.rules.is_empty()));
    for mode in [RuleMode::Require, RuleMode::Prefer] {
        assert!(teams().any(|t| t.rules.iter().any(|r| r.mode == mode)));
    }
    // Without `prefer`, no prefer rule.
    let plain = sample(instance(&shape(2..=7, false)), 300);
    assert!(plain.iter().all(|g| !matches!(g.rule, GenRule::Prefer(..))));
}

// ---------------------------------------------------------------------------
// Hand-computed cases

fn plan(backlog: &Backlog, team: &Team, objective: Objective) -> (Optimized, Plan) {
    let opt = optimizer::optimize(backlog, team, &options(objective)).unwrap();
    let plan = Plan::new(backlog, team, &opt);
    let (plan_csv, schedule_csv) = files(&plan);
    assert_eq!(
        validate::validate(backlog, team, &plan_csv, &schedule_csv),
        vec![],
        "{plan_csv}\n{schedule_csv}"
    );
    (opt, plan)
}

#[test]
fn shortest_task_first_on_one_developer() {
    let backlog = backlog_of(vec![
        Task::new("a", "Four", 4.0),
        Task::new("b", "Two", 2.0),
    ]);
    let team = team_of(vec![developer("Ana", 40.0)]);
    let (opt, plan) = plan(&backlog, &team, Objective::Weighted);
    // b: 09:00-11:00 (2 business hours), a: 11:00-15:00 (6): 10 × (2 + 6)
    assert_eq!(opt.cost.objective, 80.0);
    assert_eq!(opt.status, SolveStatus::Optimal);
    assert_eq!(opt.lower_bound, 80.0);
    assert_eq!(plan.tasks[1].start, at("2026-11-30T09:00"));
    assert_eq!(plan.tasks[1].finish, at("2026-11-30T11:00"));
    assert_eq!(plan.tasks[0].start, at("2026-11-30T11:00"));
    assert_eq!(plan.tasks[0].finish, at("2026-11-30T15:00"));
}

#[test]
fn a_chain_cannot_overlap_across_developers() {
    let a = Task::new("a", "First", 4.0);
    let mut b = Task::new("b", "Second", 4.0);
    b.depends_on = vec!["a".into()];
    let backlog = backlog_of(vec![a, b]);
    let team = team_of(vec![developer("Ana", 40.0), developer("Bob", 40.0)]);
    for (objective, value) in [
        (Objective::Weighted, 10.0 * (4.0 + 8.0)),
        (Objective::Makespan, 8.0),
    ] {
        let (opt, plan) = plan(&backlog, &team, objective);
        assert_eq!(opt.cost.objective, value, "{}", objective.as_str());
        assert!(plan.tasks[1].start >= plan.tasks[0].finish);
        assert_eq!(plan.tasks[0].finish, at("2026-11-30T13:00"));
        assert_eq!(plan.tasks[1].start, at("2026-11-30T13:00"));
        assert_eq!(plan.tasks[1].finish, at("2026-11-30T17:00"));
    }
}

#[test]
fn a_part_timer_works_four_hours_a_day() {
    let backlog = backlog_of(vec![Task::new("a", "Six", 6.0)]);
    let team = team_of(vec![developer("Bob", 20.0)]);
    let (opt, plan) = plan(&backlog, &team, Objective::Weighted);
    assert_eq!(plan.tasks[0].start, at("2026-11-30T09:00"));
    assert_eq!(plan.tasks[0].finish, at("2026-12-01T11:00"));
    // Monday (8 business hours) + 2 h on Tuesday, × MEDIUM 10
    assert_eq!(opt.cost.objective, 100.0);
    let stretches: Vec<(NaiveDateTime, NaiveDateTime, f64)> = plan
        .stretches
        .iter()
        .map(|s| (s.start, s.end, s.hours))
        .collect();
    assert_eq!(
        stretches,
        vec![
            (at("2026-11-30T09:00"), at("2026-11-30T13:00"), 4.0),
            (at("2026-12-01T09:00"), at("2026-12-01T11:00"), 2.0),
        ]
    );
}

#[test]
fn a_holiday_pushes_the_finish_by_a_day() {
    let backlog = backlog_of(vec![Task::new("a", "Twelve", 12.0)]);
    let mut team = team_of(vec![developer("Ana", 40.0)]);
    let (opt, plan1) = plan(&backlog, &team, Objective::Weighted);
    assert_eq!(plan1.tasks[0].finish, at("2026-12-01T13:00"));
    assert_eq!(opt.cost.objective, 120.0);
    team.calendar.holidays.insert(date("2026-12-01"));
    let (opt, plan2) = plan(&backlog, &team, Objective::Weighted);
    assert_eq!(plan2.tasks[0].finish, at("2026-12-02T13:00"));
    // a holiday is not a business hour: the finish is still 12 business hours in
    assert_eq!(opt.cost.objective, 120.0);
    // time off is not a holiday: it costs the business hours it loses
    team.calendar.holidays.clear();
    team.developers[0].time_off = vec![DateRange {
        first: date("2026-12-01"),
        last: date("2026-12-01"),
    }];
    let (opt, plan3) = plan(&backlog, &team, Objective::Weighted);
    assert_eq!(plan3.tasks[0].finish, at("2026-12-02T13:00"));
    assert_eq!(opt.cost.objective, 200.0);
}

/// Work that waits on a developer whose time off starts just then ends past
/// the first horizon (the day each developer alone could do all the work):
/// the planner must look further instead of calling it infeasible.
#[test]
fn work_waiting_on_time_off_is_planned_past_the_first_horizon() {
    let mut a = Task::new("a", "A", 16.0);
    a.skills = vec![Skill::parse("backend").unwrap()];
    let mut b = Task::new("b", "B", 8.0);
    b.skills = vec![Skill::parse("frontend").unwrap()];
    b.depends_on = vec!["a".into()];
    let backlog = backlog_of(vec![a, b]);
    let mut ana = developer("Ana", 40.0);
    ana.skills = vec![Skill::parse("backend").unwrap()];
    ana.time_off = vec![DateRange {
        first: date("2026-11-30"),
        last: date("2026-11-30"),
    }];
    let mut bob = developer("Bob", 40.0);
    bob.skills = vec![Skill::parse("frontend").unwrap()];
    bob.time_off = vec![DateRange {
        first: date("2026-12-03"),
        last: date("2026-12-04"),
    }];
    let team = team_of(vec![ana, bob]);
    let (opt, plan) = plan(&backlog, &team, Objective::Weighted);
    // a: Tuesday and Wednesday (Ana is off on Monday); b: Bob is off on
    // Thursday and Friday, so the next Monday.
    assert_eq!(plan.tasks[0].finish, at("2026-12-02T17:00"));
    assert_eq!(plan.tasks[1].start, at("2026-12-07T09:00"));
    assert_eq!(plan.tasks[1].finish, at("2026-12-07T17:00"));
    // MEDIUM 10 × (24 + 48 business hours)
    assert_eq!(opt.cost.objective, 720.0);
    assert_eq!(opt.status, SolveStatus::Optimal);
    assert_eq!(brute_force(&backlog, &team).0, 720.0);
}

/// Ana works Monday to Wednesday, 8 h a day, and is off Wednesday morning
/// until 12:00 and Monday 2026-12-07 in the afternoon. A 10 h task, then a
/// 10 h task after it: the first runs Monday 09:00-17:00 and Tuesday
/// 09:00-11:00; the second Tuesday 11:00-17:00 (6 h), Wednesday 12:00-16:00
/// (4 h). A third of 9 h takes Wednesday 16:00-17:00, skips Thursday and
/// Friday (not her days), and runs Monday 09:00-13:00 (the afternoon off)
/// and Tuesday 09:00-13:00.
#[test]
fn a_three_day_week_with_parts_of_days_off() {
    use chrono::Weekday::{Mon, Tue, Wed};
    use sprintcast::team::TimeRange;
    let a = Task::new("a", "First", 10.0);
    let mut b = Task::new("b", "Second", 10.0);
    b.depends_on = vec!["a".into()];
    let mut c = Task::new("c", "Third", 9.0);
    c.depends_on = vec!["b".into()];
    let backlog = backlog_of(vec![a, b, c]);
    let mut ana = developer("Ana", 24.0);
    ana.workdays = Some(vec![Mon, Tue, Wed]);
    ana.hours_off = vec![
        TimeRange {
            start: at("2026-12-02T09:00"),
            end: at("2026-12-02T12:00"),
        },
        TimeRange {
            start: at("2026-12-07T13:00"),
            end: at("2026-12-08T00:00"),
        },
    ];
    let team = team_of(vec![ana]);
    let (_, plan) = plan(&backlog, &team, Objective::Weighted);
    let times: Vec<(NaiveDateTime, NaiveDateTime)> =
        plan.tasks.iter().map(|t| (t.start, t.finish)).collect();
    assert_eq!(
        times,
        vec![
            (at("2026-11-30T09:00"), at("2026-12-01T11:00")),
            (at("2026-12-01T11:00"), at("2026-12-02T16:00")),
            (at("2026-12-02T16:00"), at("2026-12-08T13:00")),
        ]
    );
    let stretches: Vec<(&str, NaiveDateTime, NaiveDateTime)> = plan
        .stretches
        .iter()
        .filter(|s| s.task_id == "c")
        .map(|s| ("c", s.start, s.end))
        .collect();
    assert_eq!(
        stretches,
        vec![
            ("c", at("2026-12-02T16:00"), at("2026-12-02T17:00")),
            ("c", at("2026-12-07T09:00"), at("2026-12-07T13:00")),
            ("c", at("2026-12-08T09:00"), at("2026-12-08T13:00")),
        ]
    );
}
