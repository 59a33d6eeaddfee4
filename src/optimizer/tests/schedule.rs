//! The decoder on the instance of [`fixture`], computed by hand.
//!
//! Reminders from the calendar code: `work_before(t)` is the work position
//! a developer has reached at clock time t; `start_at(w)` is the clock time
//! of the first working minute after w minutes of work (the first business
//! day b with cum[b+1] > w, at b·480 + w − cum[b]); `end_at(w)` is the clock
//! time the w-th working minute ends (the first b with cum[b+1] ≥ w, same
//! formula). A task's finish in business hours is 8 h per business day
//! before the one it ends on, plus the hours into that day.

use chrono::NaiveDateTime;

use super::*;
use crate::optimizer::instance::{Instance, Objective, PlanOptions, STRICT_LATE};

use crate::optimizer::schedule::fixture::{self, ANA, BOB};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}

/// Order a, b, c, d; a to Ana, the rest to Bob.
fn by_hand() -> Solution {
    Solution {
        order: vec![0, 1, 2, 3],
        assign: vec![ANA, BOB, BOB, BOB],
    }
}

/// - a (Ana, 600 min): released at 0, position 0; starts at clock 0 (Mon
///   09:00) and its 600th minute ends on b1 at 480 + (600 − 480) = 600 (Tue
///   11:00).
/// - b (Bob, 180, after a): released at 600; Bob's position then is
///   cum[1] + min(600 − 480, 0) = 240 (he is off on Tuesday). Nothing in
///   his way: positions 240..420. Position 240 starts on the first day with
///   cum[b+1] > 240, b2 (Thursday): 960 + 0 = 960 (09:00); it ends at
///   960 + (420 − 240) = 1140 (12:00).
/// - c (Bob, 300): released at 0, but the gap 0..240 before b is too short
///   for 300 minutes, so it goes after b: positions 420..720; starts at
///   960 + 180 = 1140 (Thu 12:00), ends on b3 at 1440 + (720 − 480) = 1680
///   (Fri 13:00).
/// - d (Bob, 120): decoded last, yet the gap 0..240 holds it: positions
///   0..120, clock 0..120 (Mon 09:00 to 11:00).
#[test]
fn decode_puts_each_task_in_the_first_gap_that_holds_it() {
    let inst = fixture::instance(Objective::Weighted);
    let mut dec = Decoder::new(&inst);
    let mut sched = Schedule::default();
    assert!(dec.decode(&inst, &by_hand(), &mut sched));
    assert_eq!(
        sched,
        Schedule {
            dev: vec![ANA, BOB, BOB, BOB],
            w0: vec![0, 240, 420, 0],
            start: vec![0, 960, 1140, 0],
            finish: vec![600, 1140, 1680, 120],
        }
    );
    let cal = &inst.cal;
    let dates: Vec<(NaiveDateTime, NaiveDateTime)> = (0..4)
        .map(|j| {
            (
                cal.start_datetime(sched.start[j]),
                cal.end_datetime(sched.finish[j]),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            (at("2026-11-30T09:00"), at("2026-12-01T11:00")),
            (at("2026-12-03T09:00"), at("2026-12-03T12:00")),
            (at("2026-12-03T12:00"), at("2026-12-04T13:00")),
            (at("2026-11-30T09:00"), at("2026-11-30T11:00")),
        ]
    );
    // The same decisions decode to the same schedule with a used decoder.
    let mut again = Schedule::default();
    assert!(dec.decode(&inst, &by_hand(), &mut again));
    assert_eq!(again, sched);
}

/// Finishes in business hours: a 600 → b1 + 120 min = 8 + 2 = 10; b 1140 →
/// b2 + 180 = 16 + 3 = 19; c 1680 → b3 + 240 = 24 + 4 = 28; d 120 → 2.
/// Weighted: 10·10 + 100·19 + 1000·28 + 1·2 = 30,002; makespan 28, with
/// the weighted sum as its tie-breaker.
#[test]
fn cost_weighs_the_finishes_in_business_hours() {
    let mut sched = Schedule::default();
    for (objective, primary, secondary) in [
        (Objective::Weighted, 30_002.0, 0.0),
        (Objective::Makespan, 28.0, 30_002.0),
    ] {
        let inst = fixture::instance(objective);
        let mut dec = Decoder::new(&inst);
        let c = evaluate(&inst, &mut dec, &by_hand(), &mut sched);
        assert_eq!(
            c,
            Cost {
                objective: primary,
                penalty: 0.0,
                moved: 0.0,
                late: 0.0,
                secondary,
            },
            "{}",
            objective.as_str()
        );
    }
}

/// A preference for Ana on d (LOW, weight 1) that Bob gets costs
/// 1 × 8 prefer-penalty hours. With strict due dates, c due Thursday
/// 12-03 must finish by the start of Friday, clock 1440 (24 business
/// hours); it finishes at 28: 4 hours late, which the primary cost
/// counts a million times ([`STRICT_LATE`] per hour).
#[test]
fn cost_counts_broken_preferences_and_strict_lateness() {
    let mut inst = fixture::instance(Objective::Weighted);
    inst.preferred[3] = vec![ANA];
    inst.strict_due = true;
    inst.late_w[2] = STRICT_LATE;
    inst.due[2] = Some(
        inst.cal
            .time_after_date(chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()),
    );
    assert_eq!(inst.due[2], Some(1440));
    assert_eq!(inst.prefer_cost[3], 8.0);
    let mut dec = Decoder::new(&inst);
    let mut sched = Schedule::default();
    let c = evaluate(&inst, &mut dec, &by_hand(), &mut sched);
    assert_eq!(c.objective, 30_002.0);
    assert_eq!(c.penalty, 8.0);
    assert_eq!(c.late, 4.0 * STRICT_LATE);
    assert_eq!(c.primary(), 30_002.0 + 8.0 + 4.0e6);
    assert_eq!(c.total(true), 30_002.0 + 8.0, "a hard date is not a cost");
}

/// Soft due dates (the default): c 4 hours late costs late_per_hour (10)
/// × the highest priority weight (1000) per hour: 40,000, on top of the
/// same objective and penalty.
#[test]
fn soft_lateness_costs_weight_times_late_per_hour() {
    let (backlog, team) = fixture::backlog_and_team();
    let mut backlog = backlog;
    backlog.tasks[2].due = chrono::NaiveDate::from_ymd_opt(2026, 12, 3);
    let inst = Instance::new(&backlog, &team, &PlanOptions::default()).unwrap();
    assert_eq!(inst.late_w[2], 10_000.0);
    let mut dec = Decoder::new(&inst);
    let mut sched = Schedule::default();
    let c = evaluate(&inst, &mut dec, &by_hand(), &mut sched);
    assert_eq!(c.objective, 30_002.0);
    assert_eq!(c.late, 40_000.0);
    assert_eq!(c.total(false), 70_002.0);
}

/// The stretches of the hand decoding, by developer then time: a on
/// Monday 0..480 and Tuesday 480..600; Bob's d 0..120, b 960..1140, and c
/// from Thursday 12:00 to his day's end (1140..1200) and on Friday
/// 1440..1680.
#[test]
fn stretches_break_at_the_end_of_each_working_day() {
    let inst = fixture::instance(Objective::Weighted);
    let mut sched = Schedule::default();
    assert!(Decoder::new(&inst).decode(&inst, &by_hand(), &mut sched));
    let got: Vec<(usize, usize, i64, i64)> = stretches(&inst, &sched)
        .iter()
        .map(|s| (s.task, s.dev, s.start, s.end))
        .collect();
    assert_eq!(
        got,
        [
            (0, ANA, 0, 480),
            (0, ANA, 480, 600),
            (3, BOB, 0, 120),
            (1, BOB, 960, 1140),
            (2, BOB, 1140, 1200),
            (2, BOB, 1440, 1680),
        ]
    );
}

/// Greedy decoding of the order a, b, c, d: each task to whoever of its
/// allowed developers finishes it first.
/// - a: Ana ends 600th minute at 600 (Tue 11:00); Bob's 600th minute is on
///   b3 at 1440 + (600 − 480) = 1560. Ana.
/// - b (after a, released at 600): Ana at position 600, ends 780 (Tue
///   14:00); Bob at position 240, ends 1140. Ana.
/// - c: Bob only; positions 0..300, ends on b2 at 960 + 60 = 1020 (Thu
///   10:00).
/// - d: Bob only; after c, positions 300..420: starts at 960 + 60 = 1020,
///   ends 1140 (Thu 12:00).
///
/// Cost: a 10 h, b 780 → 8 + 5 = 13 h, c 1020 → 16 + 1 = 17 h, d 1140 →
/// 19 h: 10·10 + 100·13 + 1000·17 + 1·19 = 18,419.
#[test]
fn greedy_decoding_gives_each_task_to_whoever_finishes_it_first() {
    let inst = fixture::instance(Objective::Weighted);
    let mut dec = Decoder::new(&inst);
    let mut sol = Solution {
        order: vec![0, 1, 2, 3],
        assign: vec![BOB; 4],
    };
    let mut sched = Schedule::default();
    assert!(dec.decode_greedy(&inst, &mut sol, &mut sched));
    assert_eq!(sol.assign, [ANA, ANA, BOB, BOB]);
    let expected = Schedule {
        dev: vec![ANA, ANA, BOB, BOB],
        w0: vec![0, 600, 0, 300],
        start: vec![0, 600, 0, 1020],
        finish: vec![600, 780, 1020, 1140],
    };
    assert_eq!(sched, expected);
    assert_eq!(cost(&inst, &sched).objective, 18_419.0);
    // The recorded assignment decodes to the same schedule.
    let mut plain = Schedule::default();
    assert!(dec.decode(&inst, &sol, &mut plain));
    assert_eq!(plain, expected);
}

/// Bob has 1,200 working minutes in the horizon. With d at 900 minutes,
/// c (300) and d fill them exactly: d ends with his last minute, b5
/// (Tuesday 12-08) at 2400 + (1200 − 960) = 2640, 13:00. One minute more
/// does not fit: decode says so and the cost is infinite.
#[test]
fn work_past_the_horizon_does_not_decode() {
    let mut inst = fixture::instance(Objective::Weighted);
    let sol = Solution {
        order: vec![0, 1, 2, 3],
        assign: vec![ANA, ANA, BOB, BOB],
    };
    let mut dec = Decoder::new(&inst);
    let mut sched = Schedule::default();
    inst.p[3] = 900;
    assert!(dec.decode(&inst, &sol, &mut sched));
    assert_eq!((sched.start[3], sched.finish[3]), (1020, 2640));
    assert_eq!(inst.cal.end_datetime(2640), at("2026-12-08T13:00"));
    inst.p[3] = 901;
    assert!(!dec.decode(&inst, &sol, &mut sched));
    assert_eq!(
        evaluate(&inst, &mut dec, &sol, &mut sched),
        Cost::infinite()
    );
}

/// The decoder starts again after the prefix a solution shares with the
/// one it decoded last: along a random walk of moves (shifts in the order
/// that keep dependencies first, reassignments, now and then a fresh
/// order) on a backlog of 40 tasks with gaps to fill, every decode equals
/// a fresh decoder's, success or not (Bob leaves before he could do all his
/// share, so some plans do not fit).
#[test]
fn decoding_again_after_a_move_equals_decoding_afresh() {
    use rand::{Rng, SeedableRng};
    let (mut backlog, mut team) = fixture::backlog_and_team();
    team.developers[BOB].available_until = chrono::NaiveDate::from_ymd_opt(2027, 1, 15);
    backlog.tasks = fixture::random_tasks(40, 7);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let opts = PlanOptions {
        objective: Objective::Weighted,
        time_limit: 10.0,
        strict_due: false,
        strict: false,
        previous: None,
    };
    let inst = Instance::new(&backlog, &team, &opts).unwrap();
    let n = inst.n();
    let mut sol = Solution {
        order: (0..n).collect(),
        assign: (0..n).map(|j| inst.allowed[j][0]).collect(),
    };
    let mut dec = Decoder::new(&inst);
    let (mut again, mut afresh) = (Schedule::default(), Schedule::default());
    let mut failed = 0;
    for step in 0..2_000 {
        match rng.random_range(0..10) {
            0 => {
                // A fresh order, dependencies first: any ready task next.
                let mut waiting: Vec<usize> = (0..n).map(|j| inst.preds[j].len()).collect();
                let mut ready: Vec<usize> = (0..n).filter(|&j| waiting[j] == 0).collect();
                sol.order.clear();
                while !ready.is_empty() {
                    let j = ready.swap_remove(rng.random_range(0..ready.len()));
                    sol.order.push(j);
                    for &s in &inst.succs[j] {
                        waiting[s] -= 1;
                        if waiting[s] == 0 {
                            ready.push(s);
                        }
                    }
                }
                assert_eq!(sol.order.len(), n);
            }
            1..=5 => {
                let i = rng.random_range(0..n - 1);
                let (a, b) = (sol.order[i], sol.order[i + 1]);
                if !inst.preds[b].contains(&a) {
                    sol.order.swap(i, i + 1);
                }
            }
            _ => {
                let j = rng.random_range(0..n);
                sol.assign[j] = inst.allowed[j][rng.random_range(0..inst.allowed[j].len())];
            }
        }
        let ok = dec.decode(&inst, &sol, &mut again);
        let fresh = Decoder::new(&inst).decode(&inst, &sol, &mut afresh);
        assert_eq!(ok, fresh, "step {step}");
        if ok {
            assert_eq!(again, afresh, "step {step}");
        } else {
            failed += 1;
        }
    }
    assert!(
        failed > 0 && failed < 1_000,
        "{failed} of 2,000 plans do not fit"
    );
}
