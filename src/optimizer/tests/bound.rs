//! The lower bounds on the instance of [`fixture`], computed by hand.
//!
//! The optimum, for reference (argued here, and the greedy decoding of the
//! schedule tests reaches it): c and d can only go to Bob. Weighted: c
//! first on Bob ends at his 300th minute, Thursday 10:00 (17 business
//! hours), d after it at his 420th, Thursday 12:00 (19 h); d first would
//! delay the URGENT c to 19 h. a then b on Ana end at 10 and 13 h, each
//! its earliest. So 10·10 + 100·13 + 1000·17 + 1·19 = 18,419. Makespan:
//! Bob's 420 minutes end at 19 h at the earliest, and the plan above
//! reaches 19.

use super::*;
use crate::optimizer::schedule::{Decoder, Schedule, Solution};

use crate::optimizer::schedule::fixture::{self, ANA, BOB};

/// The greedy decoding of the order a, b, c, d (the optimum, above).
fn hint(inst: &Instance) -> Schedule {
    let mut sol = Solution {
        order: vec![0, 1, 2, 3],
        assign: vec![ANA, ANA, BOB, BOB],
    };
    let mut sched = Schedule::default();
    assert!(Decoder::new(inst).decode_greedy(inst, &mut sol, &mut sched));
    sched
}

/// Heads: the clock time each task could start with nobody in its way.
/// a, c, d: 0. b: when a could finish first, on Ana at 600 (Bob's 600th
/// minute is only at 1560).
///
/// Earliest finishes from the heads, in business hours: a 600 → 8 + 2 =
/// 10; b from 600 on Ana (position 600) to position 780, clock 780 → 8 + 5
/// = 13 (Bob: from position 240 to 420, clock 1140); c on Bob to his 300th
/// minute, on Thursday (b2) at 960 + 60 = 1020 → 16 + 1 = 17; d on Bob
/// to his 120th, 120 → 2.
#[test]
fn heads_and_earliest_finishes() {
    let inst = fixture::instance(Objective::Weighted);
    assert_eq!(inst.heads(), [0, 600, 0, 0]);
    assert_eq!(earliest_finish(&inst), [10.0, 13.0, 17.0, 2.0]);
}

/// Forced work: tasks only one developer may take finish no earlier than in
/// shortest-first order on that developer's calendar. c and d are Bob's
/// alone: d (120) first ends at position 120, clock 120 → 2 h; c then ends
/// at position 420, clock 960 + 180 = 1140 → 16 + 3 = 19 h. Every other
/// task counts its earliest finish.
///
/// Each "at least this important" set of the decomposition:
/// - URGENT {c}: c alone on Bob, 1020 → 17;
/// - HIGH and up {b, c}: 13 + 17 = 30;
/// - MEDIUM and up {a, b, c}: 10 + 13 + 17 = 40;
/// - all: 10 + 13 + (2 + 19) = 44, above the 42 of the earliest finishes.
#[test]
fn forced_work_runs_shortest_first_on_its_only_developer() {
    let inst = fixture::instance(Objective::Weighted);
    let ef = earliest_finish(&inst);
    assert_eq!(forced_bound(&inst, &[2], &ef), 17.0);
    assert_eq!(forced_bound(&inst, &[1, 2], &ef), 30.0);
    assert_eq!(forced_bound(&inst, &[0, 1, 2], &ef), 40.0);
    assert_eq!(forced_bound(&inst, &[0, 1, 2, 3], &ef), 44.0);
    assert_eq!(ef.iter().sum::<f64>(), 42.0);
}

/// The line a·W + b below each calendar (W work hours, result business
/// hours). Ana works the whole 8-hour day: a = 8 / 8 = 1, and the finish
/// of W hours of work is W business hours exactly, so b = 0. Bob works 4
/// hours a day: a = 8 / 4 = 2; the lowest point of φ(W) − 2W is at the
/// end of his Monday, φ(4) − 8 = 4 − 8 = −4 (each later day ends at
/// 16 + 4k business hours after 4 + 4k work hours, 8 above the line's 2W).
#[test]
fn calendar_lines_lie_below_each_calendar() {
    let inst = fixture::instance(Objective::Weighted);
    let ana = calendar_line(&inst, &inst.cal.developers[ANA]);
    let bob = calendar_line(&inst, &inst.cal.developers[BOB]);
    assert_eq!(ana, (1.0, 0.0));
    assert_eq!(bob, (2.0, -4.0));
    // Below at every working minute, and touching where the text says.
    for (dc, (a, b)) in [
        (&inst.cal.developers[ANA], ana),
        (&inst.cal.developers[BOB], bob),
    ] {
        for w in 1..=dc.total() {
            let finish = inst.cal.business_hours(dc.end_at(w, 480).unwrap());
            assert!(finish >= a * minutes_to_hours(w) + b - 1e-9, "{w}");
        }
    }
    let bob_monday = inst
        .cal
        .business_hours(inst.cal.developers[BOB].end_at(240, 480).unwrap());
    assert_eq!(bob_monday, 2.0 * 4.0 - 4.0);
}

/// Weighted bound. The decomposition over the distinct weights 1000, 100,
/// 10, 1 (steps 900, 90, 9, 1) of the terms above gives 900·17 + 90·30 +
/// 9·40 + 1·44 = 18,404; the column-generation LP may only raise it, and
/// no valid bound passes the optimum 18,419.
#[test]
fn weighted_bound_lies_between_the_decomposition_and_the_optimum() {
    let inst = fixture::instance(Objective::Weighted);
    let bound = lower_bound(&inst, 10.0, &hint(&inst));
    assert!(
        (18_404.0..=18_419.0 + 1e-6).contains(&bound.value),
        "{bound:?}"
    );
    assert_eq!(
        crate::optimizer::schedule::cost(&inst, &hint(&inst)).objective,
        18_419.0
    );
}

/// Makespan bound. Each task takes at least its hours in business hours
/// (nobody works more than the 8-hour day, so the speed is 1 and there is
/// no overtime): after a comes b, 3 h, so a's chain is 10 + 3 = 13; the
/// critical path is the largest earliest finish plus its chain: c, 17. The
/// team's capacity: 1,200 minutes of work are done by clock 960 at the
/// earliest (Ana 960 by the end of Tuesday, Bob 240), which is 16 business
/// hours. The energy LP cannot pass 17 either: T = 17 with a, b on Ana and
/// c, d on Bob meets every chain (13) and every load (Ana 13 ≤ 17, Bob 7 ≤
/// 0.5·17 + 4). But c and d need frontend, which only Bob has: Bob alone
/// must do their 7 hours (420 minutes), and his calendar holds 240 minutes
/// on Monday, none on Tuesday (time off) and the last 180 by Thursday
/// 12:00, clock 960 + 180 = 1140: 19 business hours, which is the optimum.
#[test]
fn makespan_bound_counts_the_work_forced_onto_one_developer() {
    let inst = fixture::instance(Objective::Makespan);
    let bound = lower_bound(&inst, 10.0, &hint(&inst));
    assert_eq!(bound.value, 19.0);
}

/// The grid: the gcd of every estimate (600, 180, 300, 120), daily capacity
/// (480, 240, 0) and the 480-minute day is 60 minutes, so bounds round up
/// to whole hours. With d at 2.5 hours (150 minutes) it is 30 minutes.
#[test]
fn makespan_bounds_round_up_to_the_grid() {
    let mut inst = fixture::instance(Objective::Makespan);
    assert_eq!(round_up_to_grid(&inst, 16.2), 17.0);
    assert_eq!(round_up_to_grid(&inst, 16.0), 16.0);
    // A bound a hair above a grid point (an LP tolerance) is not pushed to
    // the next one.
    assert_eq!(round_up_to_grid(&inst, 16.0 + 1e-9), 16.0 + 1e-9);
    inst.p[3] = 150;
    assert_eq!(round_up_to_grid(&inst, 16.2), 16.5);
    assert_eq!(gcd(600, 180), 60);
    assert_eq!(gcd(0, 150), 150);
}

/// Thresholds: the distinct non-negative values, all of them when there
/// are at most k, else k spread from the smallest to the largest.
#[test]
fn thresholds_spread_over_the_distinct_values() {
    assert_eq!(thresholds(&[3.0, 1.0, 1.0, 0.0, -2.0], 8), [0.0, 1.0, 3.0]);
    assert_eq!(thresholds(&[3.0, 1.0, 1.0, 0.0, -2.0], 2), [0.0, 3.0]);
    let many: Vec<f64> = (0..10).map(f64::from).collect();
    assert_eq!(thresholds(&many, 4), [0.0, 3.0, 6.0, 9.0]);
}
