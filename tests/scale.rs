//! Backlogs at the edges of scale: dependency chains and cycles of 100,000
//! tasks, tasks of 100,000 hours, absurd time limits, teams that can never
//! work and plans that would run past the year 9999.
//!
//! The graph walks run on a thread with a small stack (`SMALL_STACK`): a walk
//! that recursed once per task would overflow it long before 100,000 tasks,
//! so passing here means the walk does not recurse on the dependency depth.
//! Plans are checked with the independent validator ([`validate`]) or by
//! their properties, never by wall-clock time (timings are measured with the
//! release binary, not asserted here).

mod common;

use std::path::Path;

use sprintcast::check;
use sprintcast::graph::TaskGraph;
use sprintcast::optimizer::{self, PlanOptions, SolveStatus};
use sprintcast::plan::Plan;
use sprintcast::team::DateRange;
use sprintcast::validate;
use sprintcast::{Backlog, Priority, Task, Team};

use common::generate::{date, developer, team_of};
use common::{path_arg, read_text, run};

/// Stack of the threads the graph walks run on: far less than the main
/// thread's 8 MiB or a rayon worker's 2 MiB.
const SMALL_STACK: usize = 256 * 1024;

/// Tasks of the long chains and cycles.
const LONG: usize = 100_000;

/// Runs `f` on a thread with [`SMALL_STACK`] bytes of stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("a thread starts")
        .join()
        .expect("the thread does not panic or overflow")
}

/// `n` one-hour URGENT tasks "Task 0".."Task n-1"; task i depends on task
/// i-1, and with `closed` task 0 depends on the last one.
fn chain(n: usize, closed: bool) -> Backlog {
    let tasks = (0..n)
        .map(|i| {
            let mut t = Task::new(format!("proj/task-{i}"), format!("Task {i}"), 1.0);
            t.project = "proj".into();
            t.priority = Priority::Urgent;
            t.line = 3 + 2 * i;
            if i > 0 {
                t.depends_on = vec![format!("task {}", i - 1)];
            } else if closed {
                t.depends_on = vec![format!("Task {}", n - 1)];
            }
            t
        })
        .collect();
    Backlog {
        source: "chain.md".into(),
        tasks,
        ..Backlog::default()
    }
}

fn two_developers() -> Team {
    team_of(vec![developer("Ana", 40.0), developer("Bob", 40.0)])
}

#[test]
fn chain_of_100k_tasks_is_ordered_and_is_its_own_critical_path() {
    let (topo, cp_tasks, cp_hours) = on_small_stack(|| {
        let b = chain(LONG, false);
        let g = TaskGraph::build(&b).expect("a chain has no cycle");
        let cp = g.critical_path(&b);
        (g.topo, cp.tasks, cp.hours)
    });
    let expected: Vec<usize> = (0..LONG).collect();
    assert_eq!(topo, expected);
    assert_eq!(cp_tasks, expected);
    assert_eq!(cp_hours, LONG as f64);
}

#[test]
fn cycle_of_100k_tasks_is_one_abbreviated_line() {
    let message = on_small_stack(|| {
        TaskGraph::build(&chain(LONG, true))
            .expect_err("a closed chain is a cycle")
            .to_string()
    });
    assert!(!message.contains('\n'), "{message}");
    assert!(
        message.starts_with("chain.md:3: dependency cycle: \"Task 0\" -> \"Task 1\" -> "),
        "{}",
        &message[..200.min(message.len())]
    );
    assert!(
        message.contains("\"Task 9\" -> (99980 more tasks) -> \"Task 99990\""),
        "{message}"
    );
    assert!(
        message.ends_with("\"Task 99999\" -> \"Task 0\""),
        "{message}"
    );
    assert!(message.len() < 1_000, "{} bytes", message.len());
}

#[test]
fn cycle_behind_a_long_chain_is_found_from_its_first_task() {
    // 0 -> 1 -> ... -> 99,999, and 99,997 -> 99,998 -> 99,999 -> 99,997:
    // the walk into the cycle is as deep as the chain.
    let message = on_small_stack(|| {
        let mut b = chain(LONG, false);
        b.tasks[LONG - 3]
            .depends_on
            .push(format!("Task {}", LONG - 1));
        TaskGraph::build(&b).expect_err("a cycle").to_string()
    });
    assert!(
        message.ends_with(
            "dependency cycle: \"Task 99997\" -> \"Task 99998\" -> \"Task 99999\" -> \"Task 99997\""
        ),
        "{message}"
    );
}

#[test]
fn check_of_a_100k_chain_reports_the_whole_critical_path() {
    let report = on_small_stack(|| {
        let b = chain(LONG, false);
        check::check(&b, Some(&two_developers())).expect("the chain checks")
    });
    assert_eq!(report.critical_path.len(), LONG);
    assert_eq!(report.critical_path_hours, LONG as f64);
    let bound = report.bound.expect("a team gives a bound");
    // One developer at a time along the chain: 100,000 business hours.
    assert_eq!(bound.business_hours, LONG as f64);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

/// Plans `backlog` for `team` and returns the plan and its plan.csv and
/// schedule.csv text.
/// Plans `backlog`, requires the validator to find the written plan valid,
/// and returns it with its plan.csv.
fn valid_plan(backlog: &Backlog, team: &Team, opts: &PlanOptions) -> (Plan, String) {
    let opt = optimizer::optimize(backlog, team, opts).expect("a plan");
    let plan = Plan::new(backlog, team, &opt);
    let mut plan_csv = Vec::new();
    plan.write_plan_csv(&mut plan_csv).expect("in memory");
    let mut schedule_csv = Vec::new();
    plan.write_schedule_csv(&mut schedule_csv)
        .expect("in memory");
    let plan_csv = String::from_utf8(plan_csv).expect("UTF-8");
    let schedule_csv = String::from_utf8(schedule_csv).expect("UTF-8");
    let violations = validate::validate(backlog, team, &plan_csv, &schedule_csv);
    assert!(
        violations.is_empty(),
        "{:?}",
        &violations[..violations.len().min(5)]
    );
    (plan, plan_csv)
}

#[test]
fn long_chain_plans_validly_one_task_after_the_other() {
    // The planner's own walks are as deep as the chain; 20,000 tasks keep
    // the debug build quick (100,000 is measured with the release binary).
    const N: usize = 20_000;
    let b = chain(N, false);
    let team = two_developers();
    let opts = PlanOptions {
        time_limit: 5.0,
        ..PlanOptions::default()
    };
    let (plan, _) = valid_plan(&b, &team, &opts);
    // Every task of the chain is planned, each after the one before it.
    assert_eq!(plan.tasks.len(), N);
    for pair in plan.tasks.windows(2) {
        assert!(pair[1].start >= pair[0].finish, "{:?}", pair);
    }
}

#[test]
fn huge_tasks_with_a_short_limit_return_a_plan_with_an_honest_status() {
    let tasks = [60_000.0, 90_000.0, 120_000.0]
        .iter()
        .enumerate()
        .map(|(i, &h)| {
            let mut t = Task::new(format!("huge-{i}"), format!("Huge {i}"), h);
            t.priority = Priority::Urgent;
            t
        })
        .collect();
    let b = Backlog {
        source: "huge.md".into(),
        tasks,
        ..Backlog::default()
    };
    let team = team_of(vec![
        developer("Ana", 40.0),
        developer("Bob", 40.0),
        developer("Cyd", 40.0),
    ]);
    let opts = PlanOptions {
        time_limit: 1.0,
        ..PlanOptions::default()
    };
    let (plan, plan_csv) = valid_plan(&b, &team, &opts);
    let objective = validate::weighted_objective(&b, &team, &plan_csv).expect("an objective");
    assert!(
        (objective - plan.objective).abs() <= 1e-6 * objective,
        "{objective} vs {}",
        plan.objective
    );
    assert!(plan.lower_bound <= plan.objective * (1.0 + 1e-9));
    // Either the limit stopped it (and says so) or the bound proves the plan.
    match plan.status {
        "time_limit" => {}
        "optimal" => assert!(plan.lower_bound >= plan.objective * (1.0 - 1e-9)),
        other => panic!(
            "status {other} with bound {} of {}",
            plan.lower_bound, plan.objective
        ),
    }
    // One task each, on three developers: each finishes after its own
    // hours of 8-hour days, which no plan beats.
    let proven: f64 = [60_000.0, 90_000.0, 120_000.0].iter().sum::<f64>() * 1000.0;
    assert!(
        (plan.objective - proven).abs() < 1e-6 * proven,
        "{}",
        plan.objective
    );
}

#[test]
fn an_absurd_time_limit_plans_without_panicking() {
    let b = chain(20, false);
    for limit in [1e19, f64::MAX, f64::INFINITY, f64::NAN] {
        let opts = PlanOptions {
            time_limit: limit,
            ..PlanOptions::default()
        };
        let opt = optimizer::optimize(&b, &two_developers(), &opts).expect("a plan");
        assert_eq!(opt.status, SolveStatus::Optimal, "limit {limit}");
        assert_eq!(opt.cost.objective, 1000.0 * (1..=20).sum::<usize>() as f64);
    }
}

#[test]
fn nobody_can_ever_work_is_one_sentence_in_plan_and_check() {
    let mut gone = developer("Ana", 40.0);
    gone.available_until = Some(date("2026-01-01"));
    let mut away = developer("Bob", 40.0);
    away.time_off = vec![DateRange {
        first: date("2026-11-01"),
        last: date("9999-12-31"),
    }];
    let team = team_of(vec![gone, away]);
    let b = chain(3, false);
    let expected = "infeasible: no developer can ever work, so no task can be planned: \
        Ana leaves on 2026-01-01, before the calendar starts on 2026-11-30; \
        Bob has time off or holidays on every workday from 2026-11-30 to 9999-12-31";
    let planned = optimizer::optimize(&b, &team, &PlanOptions::default())
        .expect_err("no plan")
        .to_string();
    assert_eq!(planned, expected);
    let checked = check::check(&b, Some(&team))
        .expect_err("no plan")
        .to_string();
    assert_eq!(checked, expected);
}

#[test]
fn one_developer_who_can_never_work_is_a_warning_in_check() {
    let mut gone = developer("Ana", 40.0);
    gone.available_until = Some(date("2026-01-01"));
    gone.line = 12;
    let team = team_of(vec![gone, developer("Bob", 40.0)]);
    let report = check::check(&chain(3, false), Some(&team)).expect("Bob can work");
    let lines: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        vec![
            "team.toml:12: warning: developer \"Ana\" can never work: leaves on 2026-01-01, \
             before the calendar starts on 2026-11-30; no task will be planned for them"
                .to_string()
        ]
    );
}

/// Writes `text` to `name` in `dir` and returns the path.
fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path
}

/// A team file of one full-time developer whose calendar starts on `start`.
fn team_file(start: &str) -> String {
    format!("[calendar]\nstart = \"{start}\"\n\n[[developer]]\nname = \"Ana\"\nweekly_hours = 40\n")
}

/// Plans one task of `hours` for Ana, whose calendar starts on `start`,
/// into `out` of a fresh folder: the run's outcome and that folder.
fn plan_one_task(hours: u32, start: &str) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let backlog = write(
        dir.path(),
        "b.md",
        &format!("## proj\n### HIGH - Work\n- [ ] **Job** ({hours} hours)\n"),
    );
    let team = write(dir.path(), "team.toml", &team_file(start));
    let out_dir = dir.path().join("out");
    let args = [
        "plan",
        path_arg(&backlog),
        "--team",
        path_arg(&team),
        "--out",
        path_arg(&out_dir),
        // Refused, not listed as not planned (SPEC 9.3).
        "--strict",
    ];
    (run(&args), dir)
}

#[test]
fn a_plan_past_the_year_9999_is_refused_in_one_line() {
    let (out, dir) = plan_one_task(4000, "9999-06-07");
    let out_dir = dir.path().join("out");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("9999-12-31"), "{stderr}");
    assert!(!stderr.contains("+10000"), "{stderr}");
    assert!(!out_dir.join("plan.csv").exists());
}

#[test]
fn a_plan_that_ends_just_before_the_year_10000_is_written_with_four_digit_years() {
    let (out, dir) = plan_one_task(80, "9999-12-06");
    common::check_ok(&["plan"], out);
    let out_dir = dir.path().join("out");
    for file in ["plan.csv", "schedule.csv", "load.csv", "summary.json"] {
        let text = read_text(&out_dir.join(file));
        assert!(!text.contains("+10000"), "{file}: {text}");
    }
    let plan = read_text(&out_dir.join("plan.csv"));
    assert!(plan.contains("9999-12-17T17:00"), "{plan}");
}
