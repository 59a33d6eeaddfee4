//! The searches working together ([`together`]) on a backlog of 200 tasks
//! with dependencies, three rounds' worth of moves.

use super::*;
use crate::optimizer::schedule::fixture;

/// 200 tasks of 1 to 11 hours, all four priorities, 40 % depending on an
/// earlier one; Ana (40 h) and Bob (20 h, off one day).
fn instance() -> Instance {
    let (mut backlog, team) = fixture::backlog_and_team();
    backlog.tasks = fixture::random_tasks(200, 3);
    Instance::new(&backlog, &team, &PlanOptions::default()).unwrap()
}

/// Its outcome never costs more than the better start, its cost is the
/// cost of the plan it returns, and it is the same plan on one thread as
/// on two: the rounds, their seeds and the choice between the two
/// outcomes depend on nothing else.
#[test]
fn the_searches_together_improve_and_do_not_depend_on_the_threads() {
    let inst = instance();
    let far = deadline_after(Instant::now(), 3_600.0);
    let (mut dec, mut sched, mut starts) = constructions(&inst, far);
    starts.sort_by(|a, b| a.1.primary().total_cmp(&b.1.primary()));
    starts.truncate(2);
    let first = starts[0].1;
    let n = inst.n() as u64;
    let budget = SearchBudget {
        lookups: 5_000 * n,
        patience: u64::MAX,
        order_share: 0.0,
        starts: 2,
    };
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| together(&inst, starts.clone(), budget, far, 0.0))
    };
    let one = run(1);
    let two = run(2);
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].solution, two[0].solution);
    let out = &one[0];
    assert!(!out.timed_out);
    assert!(
        out.cost.better_than(&first),
        "{:?} against {:?}",
        out.cost,
        first
    );
    let again = evaluate(&inst, &mut dec, &out.solution, &mut sched);
    assert_eq!(again.primary(), out.cost.primary());
}
