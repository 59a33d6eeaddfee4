//! The parallel-machine bound (src/optimizer/parallel.rs) on instances
//! computed by hand: Eastman, Even and Isaacs' value on identical
//! developers, the same with a release date from a dependency, and the
//! per-group form where a skill puts all the work on one developer. That no
//! bound passes the brute-force optimum of tiny instances is checked by
//! tests/plan_props.rs (`tiny_instances_are_solved_to_optimality`).

use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::optimizer::bound::{self, Source};
use sprintcast::optimizer::instance::Instance;
use sprintcast::optimizer::parallel::{self, Form};
use sprintcast::optimizer::{self, PlanOptions};
use sprintcast::team_file::parse_team;

/// Two developers on 8-hour days from Monday 2026-11-30.
const TWO: &str = "[calendar]\nstart = \"2026-11-30\"\n[[developer]]\nname = \"Ana\"\nweekly_hours = 40\nskills = [\"rust\"]\n[[developer]]\nname = \"Bob\"\nweekly_hours = 40\n";

/// The instance of `csv` on `team`, and the best plan found for it.
fn planned(csv: &str, team: &str) -> (Instance, optimizer::Optimized) {
    let b = backlog::parse(
        "b.csv",
        csv.as_bytes(),
        Format::Csv,
        &ReadOptions::default(),
    )
    .unwrap();
    let t = parse_team("team.toml", team).unwrap();
    let opts = PlanOptions::default();
    let inst = Instance::new(&b, &t, &opts).unwrap();
    let best = optimizer::optimize(&b, &t, &opts).unwrap();
    (inst, best)
}

fn bound_of(csv: &str) -> (f64, Form, f64) {
    let (inst, best) = planned(csv, TWO);
    let (value, form) = parallel::bound(&inst);
    (value, form, best.cost.objective)
}

/// a URGENT 2 h, b HIGH 4 h, c LOW 2 h on two identical developers. Smith's
/// order a, b, c on one machine ends at 2, 6, 8: F₁ = 1000·2 + 100·6 + 1·8 =
/// 2608; Σ w·p = 2000 + 400 + 2 = 2402. EEI: F₁/2 + (1/4)·2402 = 1904.5.
/// The optimum (a then c on Ana, b on Bob) is 2000 + 400 + 4 = 2404.
#[test]
fn identical_developers_give_the_textbook_bound() {
    let (value, form, optimum) =
        bound_of("id,title,priority,hours\na,A,URGENT,2\nb,B,HIGH,4\nc,C,LOW,2\n");
    assert!((value - 1904.5).abs() < 1e-9, "{value}");
    assert_eq!(form, Form::Team);
    assert_eq!(optimum, 2404.0);
}

/// b now waits on a: it cannot start before a could end, 2 h in, when the
/// team has had 240 working minutes. In minutes of team work, preemptive
/// Smith with release dates runs a over [0, 120] (mean 60), c over [120,
/// 240] (mean 180), b over [240, 480] (mean 360); each task ends at least
/// its length later than its mean on two developers (p/(2σ), σ = 1/2):
/// L = 1000·(60 + 120) + 1·(180 + 120) + 100·(360 + 240) = 240,300 minutes,
/// two developers do 120 a business hour: 2002.5. The optimum: a on Ana,
/// then b (ends at 6), c on Bob: 2000 + 600 + 2 = 2602.
#[test]
fn a_dependency_is_a_release_date() {
    let (value, form, optimum) =
        bound_of("id,title,priority,hours,depends_on\na,A,URGENT,2,\nb,B,HIGH,4,a\nc,C,LOW,2,\n");
    assert!((value - 2002.5).abs() < 1e-9, "{value}");
    assert_eq!(form, Form::Team);
    assert_eq!(optimum, 2602.0);
}

/// x and y need rust, which only Ana has: as their own group they are one
/// machine, 1000·4 + 1000·8 = 12,000, the optimum; the whole team would
/// give only (1000·(240 + 120) + 1000·(480 + 120)) / 120 = 8,000.
#[test]
fn a_group_of_one_developer_binds() {
    let (value, form, optimum) =
        bound_of("id,title,priority,hours,skills\nx,X,URGENT,4,rust\ny,Y,URGENT,4,rust\n");
    assert!((value - 12_000.0).abs() < 1e-9, "{value}");
    assert_eq!(form, Form::Groups);
    assert_eq!(optimum, 12_000.0);
}

/// One developer; u (URGENT, 8 h) waits on x (LOW, 8 h); y (URGENT, 8 h)
/// is free. The best order is y, x, u: 1000·8 + 1·16 + 1000·24 = 32,016.
/// The parallel-machine bound sees u's dependency only as a release date
/// (8 h in): preemptive Smith runs y, then u, then x, 1000·8 + 1000·16 +
/// 1·24 = 24,024, and column generation, which relaxes the order of tasks
/// on one developer against their dependencies in the same way, gives the
/// same. The time-indexed LP keeps u after x (C_u ≥ C_x + 8) with the one
/// developer's capacity, which leaves y first, x, then u: the optimum.
#[test]
fn the_time_indexed_lp_keeps_a_dependency_with_capacity() {
    let csv = "id,title,priority,hours,depends_on\nx,X,LOW,8,\nu,U,URGENT,8,x\ny,Y,URGENT,8,\n";
    let team =
        "[calendar]\nstart = \"2026-11-30\"\n[[developer]]\nname = \"Ana\"\nweekly_hours = 40\n";
    let (inst, best) = planned(csv, team);
    assert_eq!(best.cost.objective, 32_016.0);
    let (parallel, _) = parallel::bound(&inst);
    assert!((parallel - 24_024.0).abs() < 1e-6, "{parallel}");
    let others = bound::lower_bound(&inst, 30.0, &best.schedule).value;
    assert!(others <= 24_024.0 + 1e-6, "the other bounds give {others}");
    let indexed = bound::time_indexed(&inst, &best.schedule, 4_000, 30.0).unwrap();
    assert_eq!(indexed.source, Source::TimeIndexed);
    assert!(
        (indexed.value - 32_016.0).abs() < 0.05,
        "time-indexed {}",
        indexed.value
    );
}

/// The same backlog, the same relaxation priced by Lagrange multipliers
/// (src/optimizer/lagrange.rs): u's dependency on x costs it a multiplier
/// until u's finish is x's plus 8 h, and the single developer's hours,
/// priced, keep y and u from sharing the first day: after its steps it is
/// within 0.3% of the optimum 32,016 (31,932 measured; the subgradient
/// closes in on the LP's value, it does not reach it exactly), far above
/// the 24,024 of the other bounds, and never past the optimum.
#[test]
fn the_lagrangian_keeps_the_dependency_too() {
    let csv = "id,title,priority,hours,depends_on\nx,X,LOW,8,\nu,U,URGENT,8,x\ny,Y,URGENT,8,\n";
    let team =
        "[calendar]\nstart = \"2026-11-30\"\n[[developer]]\nname = \"Ana\"\nweekly_hours = 40\n";
    let (inst, best) = planned(csv, team);
    let far = std::time::Instant::now() + std::time::Duration::from_secs(600);
    let priced = bound::time_indexed_lagrangian(&inst, &best.schedule, 1.0, far).unwrap();
    assert_eq!(priced.source, Source::TimeIndexedLagrangian);
    assert!(priced.value <= 32_016.0 + 1e-6, "{}", priced.value);
    assert!(priced.value >= 31_900.0, "{}", priced.value);
}
