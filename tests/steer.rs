//! What a lead steers by (SPEC 9): rank within a priority, soft due dates,
//! partial plans, the binding bound. Hand-computed cases, and brute force
//! over every assignment and order of tiny backlogs as the oracle of the
//! smallest lateness.

use chrono::NaiveDate;
use proptest::prelude::*;
use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::error::infeasible::Facts;
use sprintcast::optimizer::{self, Objective, PlanOptions};
use sprintcast::plan::Plan;
use sprintcast::team_file::parse_team;
use sprintcast::{Backlog, Error, Team};

/// Ana works 8 hours a day, Monday to Friday, from Monday 2026-11-30 (one
/// business hour per working hour: finishes in business hours are her
/// cumulative hours).
const ANA: &str =
    "[calendar]\nstart = \"2026-11-30\"\n[[developer]]\nname = \"Ana\"\nweekly_hours = 40\n";
const ANA_AND_BOB: &str = "[calendar]\nstart = \"2026-11-30\"\n[[developer]]\nname = \"Ana\"\nweekly_hours = 40\n[[developer]]\nname = \"Bob\"\nweekly_hours = 40\n";

fn backlog(csv: &str) -> Backlog {
    backlog::parse(
        "b.csv",
        csv.as_bytes(),
        Format::Csv,
        &ReadOptions::default(),
    )
    .unwrap()
}

fn team(toml: &str) -> Team {
    parse_team("team.toml", toml).unwrap()
}

fn plan(b: &Backlog, t: &Team, opts: &PlanOptions) -> Plan {
    let o = optimizer::optimize(b, t, opts).expect("a plan");
    Plan::new(b, t, &o)
}

/// plan.csv and schedule.csv as the plan writes them.
fn files(plan: &Plan) -> (String, String) {
    let mut p = Vec::new();
    plan.write_plan_csv(&mut p).unwrap();
    let mut s = Vec::new();
    plan.write_schedule_csv(&mut s).unwrap();
    (String::from_utf8(p).unwrap(), String::from_utf8(s).unwrap())
}

/// Titles in the order they start.
fn order(plan: &Plan) -> Vec<String> {
    let mut tasks: Vec<_> = plan.tasks.iter().collect();
    tasks.sort_by_key(|t| (t.start, t.developer.clone()));
    tasks.iter().map(|t| t.title.clone()).collect()
}

/// Three URGENT tasks of two hours for one developer cost the same in any
/// order (2 + 4 + 6 business hours × 1000); the backlog's order decides:
/// C, A, B as written. A HIGH task written first still comes after them:
/// the rank never outweighs a priority level.
#[test]
fn rank_orders_equal_tasks_of_one_priority_in_backlog_order() {
    let b =
        backlog("id,title,priority,hours\nh,H,HIGH,2\nc,C,URGENT,2\na,A,URGENT,2\nb,B,URGENT,2\n");
    let p = plan(&b, &team(ANA), &PlanOptions::default());
    assert_eq!(order(&p), ["C", "A", "B", "H"]);
    assert_eq!(p.status, "optimal");
}

/// A LOW task due Monday evening: last (after the two 8-hour URGENT tasks)
/// it would finish Wednesday 13:00, 12 business hours late, costing 12 ×
/// late_per_hour (10) × 1000 = 120,000; first it delays A and B by 4
/// hours each, 8,000. The plan puts it first, on time.
#[test]
fn a_soft_due_date_is_met_when_it_can_be() {
    let csv = "id,title,priority,hours,due\na,A,URGENT,8,\nb,B,URGENT,8,\nc,C,LOW,4,2026-11-30\n";
    let b = backlog(csv);
    let p = plan(&b, &team(ANA), &PlanOptions::default());
    assert_eq!(order(&p)[0], "C");
    assert!(p.tasks.iter().all(|t| !t.late));
    assert_eq!(p.late_penalty, 0.0);
    // Ignoring the date (none given), C goes last: the date changed the plan.
    let undated = backlog(&csv.replace("2026-11-30", ""));
    assert_eq!(
        order(&plan(&undated, &team(ANA), &PlanOptions::default()))[2],
        "C"
    );
}

/// Two 8-hour tasks due Monday for one developer: one of them is a whole
/// working day late in every plan. `--strict-due` refuses, naming the late
/// task and by how much in the least late plan (one day, not more).
#[test]
fn conflicting_due_dates_report_the_smallest_lateness() {
    let b = backlog(
        "id,title,priority,hours,due\na,A,LOW,8,2026-11-30\nb,B,LOW,8,2026-11-30\nc,C,URGENT,4,\n",
    );
    let strict = PlanOptions {
        strict_due: true,
        ..PlanOptions::default()
    };
    let Err(Error::Infeasible(why)) = optimizer::optimize(&b, &team(ANA), &strict) else {
        panic!("the dates cannot both be met");
    };
    let Facts::DueDatesTogether { late } = &why.facts else {
        panic!("not the together case: {why}");
    };
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].3, 1.0, "{why}");
    assert!(why.to_string().contains("1 working day late"), "{why}");
    // Soft (the default): A on time (rank), B a day late, C after them
    // (8 late hours × 10,000 beat C's 4 hours × 1,000); the warning says
    // B could have been on time alone.
    let p = plan(&b, &team(ANA), &PlanOptions::default());
    assert_eq!(order(&p), ["A", "B", "C"]);
    assert_eq!(p.late_penalty, 8.0 * 10.0 * 1000.0);
    let late: Vec<String> = p
        .warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| w.contains("is due"))
        .collect();
    assert_eq!(
        late,
        ["b.csv:3: warning: task \"B\" is due 2026-11-30 but finishes 2026-12-01T17:00: alone it could finish by 2026-11-30T17:00, but other work on Ana comes first in the best plan found (a later due date, higher priority or shorter task; --strict-due makes it hard)"]
    );
}

/// One open task of a tiny backlog: hours, due day (0 = Monday), and whether
/// only Ana may take it.
#[derive(Debug, Clone)]
struct Tiny {
    hours: u32,
    due: Option<u32>,
}

/// The least total lateness in business hours over every assignment to
/// Ana and Bob and every order on each: both work 8 hours every business
/// day, so a task finishes at its developer's cumulative hours, and one
/// due on business day k must finish by 8(k + 1).
fn brute_force_lateness(tasks: &[Tiny]) -> u32 {
    let n = tasks.len();
    let mut best = u32::MAX;
    for mask in 0u32..(1 << n) {
        let mut total = 0;
        for side in [0, 1] {
            let mine: Vec<&Tiny> = (0..n)
                .filter(|&j| (mask >> j) & 1 == side)
                .map(|j| &tasks[j])
                .collect();
            total += least_on_one(&mine);
        }
        best = best.min(total);
    }
    best
}

/// The least total lateness of tasks done back to back by one developer,
/// over every order.
fn least_on_one(tasks: &[&Tiny]) -> u32 {
    fn go(left: &mut Vec<&Tiny>, time: u32) -> u32 {
        if left.is_empty() {
            return 0;
        }
        let mut best = u32::MAX;
        for k in 0..left.len() {
            let t = left.remove(k);
            let end = time + t.hours;
            let late = t.due.map_or(0, |d| end.saturating_sub(8 * (d + 1)));
            best = best.min(late + go(left, end));
            left.insert(k, t);
        }
        best
    }
    go(&mut tasks.to_vec(), 0)
}

fn tiny_csv(tasks: &[Tiny]) -> String {
    let mut csv = String::from("id,title,priority,hours,due\n");
    let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    for (j, t) in tasks.iter().enumerate() {
        let due = t
            .due
            .map(|d| (monday + chrono::Days::new(d as u64)).to_string())
            .unwrap_or_default();
        csv.push_str(&format!("t{j},T{j},MEDIUM,{},{due}\n", t.hours));
    }
    csv
}

fn tiny() -> impl Strategy<Value = Vec<Tiny>> {
    prop::collection::vec(
        (1u32..=12, prop::option::weighted(0.7, 0u32..=3))
            .prop_map(|(hours, due)| Tiny { hours, due }),
        2..=6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Under `--strict-due` the search minimises lateness first, and up to
    /// eight tasks it is exhaustive: the lateness it reports is the least
    /// any plan has (brute force), and none when every date can be met.
    #[test]
    fn strict_due_reports_the_least_lateness(tasks in tiny()) {
        let b = backlog(&tiny_csv(&tasks));
        let t = team(ANA_AND_BOB);
        let least = brute_force_lateness(&tasks);
        let strict = PlanOptions { strict_due: true, ..PlanOptions::default() };
        match optimizer::optimize(&b, &t, &strict) {
            Ok(_) => prop_assert_eq!(least, 0),
            Err(Error::Infeasible(why)) => {
                let total: f64 = match &why.facts {
                    Facts::DueDatesTogether { late } => late.iter().map(|l| l.3 * 8.0).sum(),
                    // One task alone cannot make it: its own lateness is a floor.
                    Facts::Due { .. } => {
                        prop_assert!(least > 0);
                        return Ok(());
                    }
                    other => panic!("unexpected {other:?}"),
                };
                prop_assert!((total - least as f64).abs() < 1e-6, "reported {} vs least {}", total, least);
            }
            Err(e) => panic!("{e}"),
        }
    }

    /// With soft due dates (the default) the plan is never later in total
    /// than the plan that ignores them (up to eight tasks both are
    /// optimal: the soft plan pays at least the other's objective, so its
    /// lateness cannot be larger), and it validates.
    #[test]
    fn soft_due_dates_never_make_lateness_worse(tasks in tiny()) {
        let csv = tiny_csv(&tasks);
        let t = team(ANA_AND_BOB);
        let dated = backlog(&csv);
        let soft = plan(&dated, &t, &PlanOptions::default());
        let mut undated = dated.clone();
        for task in &mut undated.tasks {
            task.due = None;
        }
        let ignoring = plan(&undated, &t, &PlanOptions::default());
        let lateness = |p: &Plan| -> f64 {
            p.tasks
                .iter()
                .zip(&dated.tasks)
                .map(|(pt, bt)| {
                    bt.due.map_or(0.0, |d| {
                        let due_end = 8.0 * (d - NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).num_days() as f64 + 8.0;
                        (pt.finish_hours - due_end).max(0.0)
                    })
                })
                .sum()
        };
        prop_assert!(lateness(&soft) <= lateness(&ignoring) + 1e-9);
    }
}

/// A task without an estimate, one nobody may take, and one that waits on
/// it: the rest is planned and those three are listed with the cause, in
/// backlog order; `strict` refuses instead.
#[test]
fn tasks_that_cannot_be_planned_are_listed_and_the_rest_planned() {
    let b = backlog("id,title,hours,skills,depends_on\na,A,,,\nb,B,3,,\nc,C,2,cobol,\nd,D,2,,c\n");
    let t = team(ANA);
    let p = plan(&b, &t, &PlanOptions::default());
    let planned: Vec<&str> = p.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(planned, ["b"]);
    let causes: Vec<(&str, &str)> = p
        .unplanned
        .iter()
        .map(|u| (u.id.as_str(), u.cause))
        .collect();
    assert_eq!(
        causes,
        [("a", "estimate"), ("c", "skills"), ("d", "dependency")]
    );
    assert_eq!(
        p.unplanned[2].reason,
        "task \"D\" depends on \"C\", which cannot be planned"
    );
    let strict = PlanOptions {
        strict: true,
        ..PlanOptions::default()
    };
    let err = optimizer::optimize(&b, &t, &strict).unwrap_err();
    assert_eq!(
        err.to_string(),
        "b.csv:2: task \"A\": no hour estimate; add one such as (4 hours)"
    );
}

/// A backlog of up to ten tasks, some without an estimate, some needing a
/// skill nobody has, some waiting on earlier ones.
fn partial() -> impl Strategy<Value = String> {
    prop::collection::vec((0u8..6, 1u32..=12, prop::option::of(0usize..10)), 2..=10).prop_map(
        |rows| {
            let mut csv = String::from("id,title,priority,hours,skills,depends_on\n");
            for (j, (kind, hours, dep)) in rows.iter().enumerate() {
                let hours = if *kind == 0 {
                    String::new()
                } else {
                    hours.to_string()
                };
                let skills = if *kind == 1 { "cobol" } else { "" };
                let dep = dep
                    .filter(|&d| d < j)
                    .map(|d| format!("t{d}"))
                    .unwrap_or_default();
                csv.push_str(&format!("t{j},T{j},HIGH,{hours},{skills},{dep}\n"));
            }
            csv
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Partial plans validate (the validator, written from the SPEC alone,
    /// told which tasks summary.json lists as not planned), and exactly the
    /// tasks without an estimate, needing cobol, or waiting on such a task
    /// are left out.
    #[test]
    fn partial_plans_validate(csv in partial()) {
        let b = backlog(&csv);
        let t = team(ANA_AND_BOB);
        let p = plan(&b, &t, &PlanOptions::default());
        let unplanned: Vec<String> = p.unplanned.iter().map(|u| u.id.clone()).collect();
        let (plan_csv, schedule_csv) = files(&p);
        let found = sprintcast::validate::validate_partial(&b, &t, &plan_csv, &schedule_csv, &unplanned);
        prop_assert!(found.is_empty(), "{:?}\n{}", found, csv);
        // The oracle: left out when it cannot be done, or waits on such a task.
        let mut out = vec![false; b.tasks.len()];
        for (j, task) in b.tasks.iter().enumerate() {
            out[j] = !task.estimated
                || !task.skills.is_empty()
                || task.depends_on.iter().any(|d| out[d[1..].parse::<usize>().unwrap()]);
        }
        let expected: Vec<String> = (0..b.tasks.len()).filter(|&j| out[j]).map(|j| format!("t{j}")).collect();
        prop_assert_eq!(unplanned, expected);
    }
}

/// The makespan bound counts the work rules force onto one developer: the
/// URGENT rule gives Ana 16 hours, so nothing ends before Tuesday's end,
/// and the plan that does it is proven optimal. The weighted plan's finish
/// is never earlier than the makespan plan's.
#[test]
fn forced_load_proves_the_makespan() {
    let toml = format!(
        "{ANA_AND_BOB}[[rule]]\nname = \"ana owns urgent\"\nwhen = {{ priority = \"URGENT\" }}\nassign_to = \"Ana\"\nmode = \"require\"\n"
    );
    let b = backlog("id,title,priority,hours\na,A,URGENT,8\nb,B,URGENT,8\nc,C,LOW,4\nd,D,LOW,4\n");
    let t = team(&toml);
    let makespan = PlanOptions {
        objective: Objective::Makespan,
        ..PlanOptions::default()
    };
    let o = optimizer::optimize(&b, &t, &makespan).unwrap();
    assert_eq!(o.lower_bound, 16.0);
    assert_eq!(o.status.as_str(), "optimal");
    let p = Plan::new(&b, &t, &o);
    let weighted = plan(&b, &t, &PlanOptions::default());
    let last = |p: &Plan| p.tasks.iter().map(|t| t.finish).max().unwrap();
    assert!(last(&p) <= last(&weighted));
    let why = p.finish_set_by.unwrap();
    assert!(
        why.starts_with("Ana alone must do 16 h of required work (2 tasks that rules, skills or owners give to nobody else): nothing finishes before 2026-12-01"),
        "{why}"
    );
}

/// Four 4-hour URGENT tasks that prefer Ana, and Bob free. Weighted: all on
/// Ana cost 4+8+12+16 = 40 × 1000; one on Bob 4+8+12+4 + 8 (the broken
/// preference) = 36 × 1000, the best, finishing at 12. Makespan alone would
/// keep all four on Ana (16, against 12 + 8 for the split), ending later
/// than the weighted plan; it never may, so it splits too: 12 + 8 = 20.
#[test]
fn the_makespan_plan_never_ends_after_the_weighted_one() {
    let toml = format!(
        "{ANA_AND_BOB}[[rule]]\nname = \"ana first\"\nwhen = {{ priority = \"URGENT\" }}\nassign_to = \"Ana\"\nmode = \"prefer\"\n"
    );
    let b = backlog(
        "id,title,priority,hours\na,A,URGENT,4\nb,B,URGENT,4\nc,C,URGENT,4\nd,D,URGENT,4\n",
    );
    let t = team(&toml);
    let last = |p: &Plan| p.tasks.iter().map(|t| t.finish).max().unwrap();
    let weighted = optimizer::optimize(&b, &t, &PlanOptions::default()).unwrap();
    assert_eq!(weighted.cost.objective, 28_000.0);
    assert_eq!(weighted.cost.penalty, 8_000.0);
    let makespan = PlanOptions {
        objective: Objective::Makespan,
        ..PlanOptions::default()
    };
    let m = optimizer::optimize(&b, &t, &makespan).unwrap();
    assert_eq!((m.cost.objective, m.cost.penalty), (12.0, 8.0));
    let (w, m) = (Plan::new(&b, &t, &weighted), Plan::new(&b, &t, &m));
    assert_eq!(last(&m), last(&w));
}

#[derive(Debug, Clone)]
struct Pref {
    hours: u32,
    urgent: bool,
    ana: bool,
}

fn prefs() -> impl Strategy<Value = Vec<Pref>> {
    prop::collection::vec(
        (1u32..=8, any::<bool>(), any::<bool>()).prop_map(|(hours, urgent, ana)| Pref {
            hours,
            urgent,
            ana,
        }),
        2..=7,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// With preferences in both directions, the makespan plan never ends
    /// later than the weighted plan of the same input.
    #[test]
    fn makespan_with_preferences_never_ends_later(tasks in prefs()) {
        let mut csv = String::from("id,title,priority,hours,category\n");
        for (k, t) in tasks.iter().enumerate() {
            let p = if t.urgent { "URGENT" } else { "LOW" };
            let c = if t.ana { "A" } else { "B" };
            csv.push_str(&format!("t{k},T{k},{p},{},{c}\n", t.hours));
        }
        let toml = format!(
            "{ANA_AND_BOB}[[rule]]\nname = \"a\"\nwhen = {{ category = \"A\" }}\nassign_to = \"Ana\"\nmode = \"prefer\"\n[[rule]]\nname = \"b\"\nwhen = {{ category = \"B\" }}\nassign_to = \"Bob\"\nmode = \"prefer\"\n"
        );
        let b = backlog(&csv);
        let t = team(&toml);
        let last = |p: &Plan| p.tasks.iter().map(|t| t.finish).max().unwrap();
        let w = plan(&b, &t, &PlanOptions::default());
        let makespan = PlanOptions { objective: Objective::Makespan, ..PlanOptions::default() };
        let m = plan(&b, &t, &makespan);
        prop_assert!(last(&m) <= last(&w), "makespan plan ends {} after the weighted {}", last(&m), last(&w));
    }
}
