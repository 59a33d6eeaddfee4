//! The instance the decoder's and the bounds' unit tests compute by hand.
//!
//! Calendar: from Monday 2026-11-30, 8-hour business days from 09:00,
//! Monday to Friday; Wednesday 2026-12-02 is a holiday, so the planning
//! clock skips it. Each business day is D = 480 clock minutes:
//!
//! | business day | b0 | b1 | b2 | b3 | b4 | b5 |
//! |---|---|---|---|---|---|---|
//! | date | Mon 11-30 | Tue 12-01 | Thu 12-03 | Fri 12-04 | Mon 12-07 | Tue 12-08 |
//! | clock at 09:00 | 0 | 480 | 960 | 1440 | 1920 | 2400 |
//! | Ana works (min) | 480 | 480 | 480 | 480 | 480 | 480 |
//! | Bob works (min) | 240 | 0 (time off) | 240 | 240 | 240 | 240 |
//!
//! Ana works 40 h a week (8 h a day), Bob 20 h (4 h a day, from 09:00) and
//! takes Tuesday 12-01 off. Work positions (working minutes before each
//! business day, and in all): Ana 0, 480, 960, ...; Bob 0, 240, 240, 480,
//! 720, 960, 1200. The horizon ends once each developer alone could do all
//! the work (1,200 minutes): Ana by b2, Bob only by b5, so six business
//! days.
//!
//! Open task j is backlog task j:
//!
//! | j | id | hours (min) | priority (weight) | depends on | who may |
//! |---|---|---|---|---|---|
//! | 0 | a | 10 (600) | MEDIUM (10) | - | Ana, Bob |
//! | 1 | b | 3 (180) | HIGH (100) | a | Ana, Bob |
//! | 2 | c | 5 (300) | URGENT (1000) | - | Bob (needs frontend) |
//! | 3 | d | 2 (120) | LOW (1) | - | Bob (needs frontend) |

use chrono::NaiveDate;

use crate::model::{Backlog, Priority, Skill, Task};
use crate::optimizer::instance::{Instance, Objective, PlanOptions};
use crate::team::{Calendar, DateRange, Developer, Team, Weights};

/// Ana and Bob.
pub const ANA: usize = 0;
pub const BOB: usize = 1;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn developer(name: &str, weekly_hours: f64) -> Developer {
    Developer::new(name, weekly_hours)
}

fn task(id: &str, hours: f64, priority: Priority) -> Task {
    let mut t = Task::new(id, id, hours);
    t.priority = priority;
    t
}

/// The backlog and team of the table above.
pub fn backlog_and_team() -> (Backlog, Team) {
    let frontend = Skill::parse("frontend").unwrap();
    let a = task("a", 10.0, Priority::Medium);
    let mut b = task("b", 3.0, Priority::High);
    b.depends_on = vec!["a".into()];
    let mut c = task("c", 5.0, Priority::Urgent);
    c.skills = vec![frontend.clone()];
    let mut d = task("d", 2.0, Priority::Low);
    d.skills = vec![frontend.clone()];
    let backlog = Backlog {
        source: "backlog.csv".into(),
        tasks: vec![a, b, c, d],
        ..Backlog::default()
    };
    let ana = developer("Ana", 40.0);
    let mut bob = developer("Bob", 20.0);
    bob.skills = vec![frontend];
    bob.time_off = vec![DateRange {
        first: date("2026-12-01"),
        last: date("2026-12-01"),
    }];
    let mut calendar = Calendar::default();
    calendar.holidays.insert(date("2026-12-02"));
    let team = Team {
        source: "team.toml".into(),
        calendar,
        weights: Weights::default(),
        prefer_penalty_hours: 8.0,
        developers: vec![ana, bob],
        rules: Vec::new(),
    };
    (backlog, team)
}

/// The instance of the table above, for `objective`.
pub fn instance(objective: Objective) -> Instance {
    let (backlog, team) = backlog_and_team();
    let opts = PlanOptions {
        objective,
        time_limit: 10.0,
        strict_due: false,
        strict: false,
        previous: None,
    };
    let inst = Instance::new(&backlog, &team, &opts).unwrap();
    // The calendar is the one the tables describe.
    assert_eq!(inst.cal.day_minutes, 480);
    let days: Vec<String> = inst.cal.days.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        days,
        [
            "2026-11-30",
            "2026-12-01",
            "2026-12-03",
            "2026-12-04",
            "2026-12-07",
            "2026-12-08"
        ]
    );
    assert_eq!(inst.cal.developers[ANA].cap, [480; 6]);
    assert_eq!(
        inst.cal.developers[BOB].cum,
        [0, 240, 240, 480, 720, 960, 1200]
    );
    assert_eq!(inst.p, [600, 180, 300, 120]);
    assert_eq!(inst.w, [10.0, 100.0, 1000.0, 1.0]);
    assert_eq!(
        inst.allowed,
        [vec![ANA, BOB], vec![ANA, BOB], vec![BOB], vec![BOB]]
    );
    assert_eq!(inst.preds, [vec![], vec![0], vec![], vec![]]);
    inst
}

/// `n` tasks shaped like task a (anyone may take them): 1 to 11 hours,
/// the four priorities in turn, 40 % depending on one earlier task, drawn
/// with `seed`; for the tests that walk many plans of a larger backlog.
pub fn random_tasks(n: usize, seed: u64) -> Vec<Task> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let base = task("a", 1.0, Priority::Medium);
    (0..n)
        .map(|i| {
            let mut t = base.clone();
            t.id = format!("t{i}");
            t.title = t.id.clone();
            t.hours = f64::from(rng.random_range(1..12u32));
            t.priority = Priority::ALL[i % 4];
            if i > 0 && rng.random_bool(0.4) {
                t.depends_on = vec![format!("t{}", rng.random_range(0..i))];
            }
            t
        })
        .collect()
}
