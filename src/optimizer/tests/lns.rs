//! The large-neighbourhood search on a plan computed by hand.
//!
//! Ana and Bob both work 8-hour days and may take every task; times are in
//! business hours from the plan start:
//!
//! | task | hours | depends on |
//! |---|---|---|
//! | a | 8 | - |
//! | b | 8 | - |
//! | c | 16 | - |
//! | d | 8 | c |
//!
//! Greedy decoding in file order (each task to whoever finishes it first,
//! Ana on ties): a Ana 0–8, b Bob 0–8, c Ana 8–24 (Bob would finish at 24
//! too), d after c Ana 24–32: makespan 32. The chain c → d alone takes 24
//! hours, and c, d on one developer with a, b on the other ends at 24: the
//! optimum, which the windows must reach from the greedy plan.

use std::time::{Duration, Instant};

use super::*;
use crate::model::{Backlog, Task};
use crate::optimizer::instance::PlanOptions;
use crate::optimizer::schedule::fixture::{ANA, BOB};
use crate::team::{Calendar, Developer, Team, Weights};

fn instance(objective: Objective) -> Instance {
    let tasks: Vec<Task> = [("a", 8.0), ("b", 8.0), ("c", 16.0), ("d", 8.0)]
        .into_iter()
        .map(|(id, hours)| Task::new(id, id, hours))
        .collect();
    let mut backlog = Backlog {
        source: "backlog.csv".into(),
        tasks,
        ..Backlog::default()
    };
    backlog.tasks[3].depends_on = vec!["c".into()];
    let team = Team {
        source: "team.toml".into(),
        calendar: Calendar::default(),
        weights: Weights::default(),
        prefer_penalty_hours: 8.0,
        developers: vec![Developer::new("Ana", 40.0), Developer::new("Bob", 40.0)],
        rules: Vec::new(),
    };
    let opts = PlanOptions {
        objective,
        time_limit: 10.0,
        strict_due: false,
        strict: false,
        previous: None,
    };
    Instance::new(&backlog, &team, &opts).unwrap()
}

/// The greedy plan of the table, checked against the hand computation.
fn greedy(inst: &Instance) -> Solution {
    let mut sol = Solution {
        order: vec![0, 1, 2, 3],
        assign: vec![0; 4],
    };
    let mut sched = Schedule::default();
    assert!(Decoder::new(inst).decode_greedy(inst, &mut sol, &mut sched));
    assert_eq!(sol.assign, [ANA, BOB, ANA, ANA]);
    let last = sched.finish.iter().copied().max().unwrap();
    assert_eq!(inst.cal.business_hours(last), 32.0);
    sol
}

fn budget() -> Budget {
    Budget {
        placements: 200_000,
        deadline: Instant::now() + Duration::from_secs(3600),
        target: 0.0,
    }
}

#[test]
fn windows_find_the_optimum_the_greedy_order_misses() {
    let inst = instance(Objective::Makespan);
    let out = improve(&inst, greedy(&inst), budget(), 1);
    assert_eq!(out.cost.objective, 24.0);
    assert!(!out.timed_out);
    let mut sched = Schedule::default();
    let c = evaluate(&inst, &mut Decoder::new(&inst), &out.solution, &mut sched);
    assert_eq!(c, out.cost);
    // c and d on one developer, back to back; a and b on the other.
    assert_eq!(sched.dev[2], sched.dev[3]);
    assert_eq!(sched.dev[0], sched.dev[1]);
    assert_ne!(sched.dev[0], sched.dev[2]);
    let hours = |t: i64| inst.cal.business_hours(t);
    assert_eq!(hours(sched.finish[2]), 16.0);
    assert_eq!(hours(sched.finish[3]), 24.0);
}

#[test]
fn the_same_seed_gives_the_same_plan() {
    let inst = instance(Objective::Makespan);
    let once = improve(&inst, greedy(&inst), budget(), 7);
    let again = improve(&inst, greedy(&inst), budget(), 7);
    assert_eq!(once.solution, again.solution);
    assert_eq!(once.evaluations, again.evaluations);
}

#[test]
fn the_weighted_objective_is_left_to_the_local_search() {
    let inst = instance(Objective::Weighted);
    let start = greedy(&inst);
    let mut sched = Schedule::default();
    let c = evaluate(&inst, &mut Decoder::new(&inst), &start, &mut sched);
    let outcome = Outcome {
        solution: start.clone(),
        cost: c,
        evaluations: 5,
        timed_out: false,
    };
    let out = after_search(&inst, vec![outcome], budget().deadline, 0.0);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].solution, start);
    assert_eq!(out[0].evaluations, 5);
}

#[test]
fn no_windows_once_a_plan_meets_the_bound() {
    let inst = instance(Objective::Makespan);
    let start = greedy(&inst);
    let mut sched = Schedule::default();
    let c = evaluate(&inst, &mut Decoder::new(&inst), &start, &mut sched);
    let at_bound = Outcome {
        solution: start.clone(),
        cost: c,
        evaluations: 5,
        timed_out: false,
    };
    let other = at_bound.clone();
    // A bound of 32 hours: the greedy plan (32) meets it.
    let out = after_search(&inst, vec![at_bound, other], budget().deadline, 32.0);
    assert!(out
        .iter()
        .all(|o| o.solution == start && o.evaluations == 5));
    // Below it the windows run and find the 24-hour plan.
    let out = after_search(&inst, out, budget().deadline, 0.0);
    assert!(out.iter().any(|o| o.cost.objective == 24.0));
}
