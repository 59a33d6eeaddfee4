//! Criterion benchmarks of the planning pipeline.
//!
//! ```text
//! cargo bench --bench plan                 # everything, a few minutes on a quiet machine
//! cargo bench --bench plan -- optimize/    # one group (criterion's name filter)
//! cargo bench --bench plan -- --test       # run each benchmark once, no timing
//! ```
//!
//! Groups:
//! - `parse`: reading data/backlog.md and data/team.toml from memory;
//! - `instance`: `optimizer::Instance::new` on the seed and on a generated 500 × 20 backlog;
//! - `optimize`: the whole `optimize` (weighted) on the seed and on the generated backlog;
//! - `imopse`: `optimize` (makespan) on one 100-task and one 200-task iMOPSE instance from
//!   ../shared/bench/imopse/d36, skipped with a message when that directory is missing;
//! - `replan`: `optimize` with `--previous` (SPEC 7.3) on the seed after Jonathan's two
//!   first URGENT tasks are done, and on the generated backlog a week later (as of
//!   2026-12-07, 10 % of tasks done, 10 % in progress); each first prints the
//!   reassignments and objective with and without the previous plan.
//!
//! Every `optimize` runs with the CLI's default 10 s limit. Its search is seeded and ends on
//! a work budget, so a run that stops before the limit does the same work every time; a run
//! that reaches the limit (status `time_limit`) times the clock, not the work. Each
//! optimize benchmark therefore prints its objective, bound, status and seconds once before
//! it is timed. Sample sizes are criterion's minimum (10) and the slow benchmarks use flat
//! sampling (one run per sample), so `cargo bench --bench plan` takes about 11 runs of each
//! optimize benchmark: a few minutes. Timings are only meaningful on a quiet machine.

#[path = "support/generate.rs"]
mod generate;
#[path = "support/imopse.rs"]
mod imopse;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::optimizer::{self, Instance, Objective, PlanOptions};
use sprintcast::previous::{parse_previous, PreviousPlan};
use sprintcast::team_file::parse_team;
use sprintcast::{Backlog, Status, Team};

/// The iMOPSE instances of the `imopse` group (file stems in d36).
const IMOPSE: [&str; 2] = ["100_10_26_15", "200_10_50_9"];

/// Size and seed of the generated backlog.
const GENERATED: (usize, usize, u64) = (500, 20, 1);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(path: &Path) -> String {
    String::from_utf8(read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_options(team: &Team) -> ReadOptions {
    ReadOptions {
        hours_per_day: team.calendar.hours_per_day,
        ..ReadOptions::default()
    }
}

/// data/backlog.md and data/team.toml, parsed.
fn seed() -> (Backlog, Team) {
    let team_path = repo().join("data/team.toml");
    let team = parse_team("data/team.toml", &text(&team_path)).expect("data/team.toml parses");
    let bytes = read(&repo().join("data/backlog.md"));
    let backlog = backlog::parse(
        "data/backlog.md",
        &bytes,
        Format::Markdown,
        &read_options(&team),
    )
    .expect("data/backlog.md parses");
    (backlog, team)
}

/// The generated 500-task / 20-developer backlog and team.
fn generated() -> (Backlog, Team) {
    let (tasks, devs, seed) = GENERATED;
    let (csv, toml) = generate::generate(tasks, devs, seed);
    let team = parse_team("generated.toml", &toml).expect("the generated team parses");
    let backlog = backlog::parse(
        "generated.csv",
        csv.as_bytes(),
        Format::Csv,
        &read_options(&team),
    )
    .expect("the generated backlog parses");
    (backlog, team)
}

fn generated_name() -> String {
    let (tasks, devs, _) = GENERATED;
    format!("generated-{tasks}x{devs}")
}

/// An iMOPSE instance as a sprintcast backlog and team, or `None` (with a message) when
/// the shared benchmark files are missing.
fn imopse_instance(name: &str) -> Option<(Backlog, Team, u64)> {
    let dir: PathBuf = repo().join("../shared/bench/imopse/d36");
    let path = dir.join(format!("{name}.def"));
    if !path.is_file() {
        eprintln!(
            "imopse/{name}: skipped, {} not found (shared/ must sit beside the repo)",
            path.display()
        );
        return None;
    }
    let bytes = read(&path);
    let instance = imopse::parse(name, &String::from_utf8_lossy(&bytes))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let team = parse_team(&format!("{name}.toml"), &imopse::to_team_toml(&instance))
        .unwrap_or_else(|e| panic!("{name}: team: {e}"));
    let csv = imopse::to_backlog_csv(&instance);
    let backlog = backlog::parse(
        &format!("{name}.csv"),
        csv.as_bytes(),
        Format::Csv,
        &read_options(&team),
    )
    .unwrap_or_else(|e| panic!("{name}: backlog: {e}"));
    Some((backlog, team, imopse::lower_bound(&instance)))
}

fn options(objective: Objective, time_limit: f64) -> PlanOptions {
    PlanOptions {
        objective,
        time_limit,
        strict_due: false,
        strict: false,
        previous: None,
    }
}

/// Runs `optimize` once and prints what it found, so the timings come with the quality.
fn report(label: &str, backlog: &Backlog, team: &Team, opts: &PlanOptions) {
    match optimizer::optimize(backlog, team, opts) {
        Ok(r) => eprintln!(
            "{label}: {} tasks, {} = {:.2}, bound {:.2}, gap {:.2} %, {}, {:.2} s",
            r.inst.n(),
            opts.objective.as_str(),
            r.cost.objective,
            r.lower_bound,
            100.0 * r.gap(),
            r.status.as_str(),
            r.solve_seconds
        ),
        Err(e) => panic!("{label}: optimize failed: {e}"),
    }
}

fn bench_parse(c: &mut Criterion) {
    let backlog_bytes = read(&repo().join("data/backlog.md"));
    let team_text = text(&repo().join("data/team.toml"));
    let team = parse_team("data/team.toml", &team_text).expect("data/team.toml parses");
    let opts = read_options(&team);

    let mut group = c.benchmark_group("parse");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("backlog.md", |b| {
        b.iter(|| {
            backlog::parse(
                "data/backlog.md",
                black_box(&backlog_bytes),
                Format::Markdown,
                &opts,
            )
            .expect("parses")
        })
    });
    group.bench_function("team.toml", |b| {
        b.iter(|| parse_team("data/team.toml", black_box(&team_text)).expect("parses"))
    });
    group.finish();
}

fn bench_instance(c: &mut Criterion) {
    let opts = options(Objective::Weighted, 10.0);
    let mut group = c.benchmark_group("instance");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    let (backlog, team) = seed();
    group.bench_function("seed", |b| {
        b.iter(|| Instance::new(black_box(&backlog), &team, &opts).expect("builds"))
    });
    let (backlog, team) = generated();
    group.bench_function(generated_name(), |b| {
        b.iter(|| Instance::new(black_box(&backlog), &team, &opts).expect("builds"))
    });
    group.finish();
}

fn bench_optimize(c: &mut Criterion) {
    let opts = options(Objective::Weighted, 10.0);
    let mut group = c.benchmark_group("optimize");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500));

    let (backlog, team) = seed();
    report("optimize/seed", &backlog, &team, &opts);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("seed", |b| {
        b.iter(|| optimizer::optimize(black_box(&backlog), &team, &opts).expect("plans"))
    });

    // Up to the CLI's default 10 s limit a run: ten runs plus one reported.
    let (backlog, team) = generated();
    let name = generated_name();
    report(&format!("optimize/{name}"), &backlog, &team, &opts);
    group.measurement_time(Duration::from_secs(100));
    group.bench_function(name, |b| {
        b.iter(|| optimizer::optimize(black_box(&backlog), &team, &opts).expect("plans"))
    });
    group.finish();
}

fn bench_imopse(c: &mut Criterion) {
    let instances: Vec<_> = IMOPSE
        .iter()
        .filter_map(|&name| imopse_instance(name).map(|inst| (name, inst)))
        .collect();
    if instances.is_empty() {
        return;
    }
    let opts = options(Objective::Makespan, 10.0);
    let mut group = c.benchmark_group("imopse");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500));
    for (name, (backlog, team, simple_lb)) in &instances {
        report(
            &format!("imopse/{name} (simple lower bound {simple_lb})"),
            backlog,
            team,
            &opts,
        );
        // 100 tasks take up to about 2.5 s, 200 tasks up to about 7.5 s.
        let seconds = if backlog.tasks.len() > 150 { 40 } else { 8 };
        group.measurement_time(Duration::from_secs(seconds));
        group.bench_function(*name, |b| {
            b.iter(|| optimizer::optimize(black_box(backlog), team, &opts).expect("plans"))
        });
    }
    group.finish();
}

/// A backlog re-planned a week later (SPEC 7): `marks` says, per task in
/// order, whether it is done or in progress; in-progress tasks stay on the
/// developer the first plan gave them with half their hours left.
fn replan_state(
    backlog: &Backlog,
    team: &Team,
    first: &sprintcast::plan::Plan,
    done: impl Fn(usize, &sprintcast::Task) -> bool,
    in_progress: impl Fn(usize, &sprintcast::Task) -> bool,
    as_of: Option<&str>,
) -> (Backlog, Team, PreviousPlan) {
    let mut csv = Vec::new();
    first.write_plan_csv(&mut csv).expect("plan.csv");
    let previous = parse_previous("previous/plan.csv", &String::from_utf8(csv).expect("utf-8"))
        .expect("plan.csv reads back");
    let mut later = backlog.clone();
    for (i, t) in later.tasks.iter_mut().enumerate() {
        if done(i, t) {
            t.status = Status::Done;
        } else if in_progress(i, t) {
            t.status = Status::InProgress;
            t.progress.developer = previous.task(&t.id).map(|p| p.developer.clone());
            t.progress.remaining = Some(t.hours / 2.0);
        }
    }
    let mut team = team.clone();
    team.calendar.as_of = as_of.map(|d| d.parse().expect("a date"));
    (later, team, previous)
}

/// Plans `backlog` with and without the previous plan and prints the
/// reassignments and objectives of both (the re-planning targets).
fn report_replan(label: &str, backlog: &Backlog, team: &Team, previous: &PreviousPlan) {
    let moved = |opts: &PlanOptions| {
        let r = optimizer::optimize(backlog, team, opts).expect("plans");
        let plan = sprintcast::plan::Plan::new(backlog, team, &r);
        let n = plan
            .tasks
            .iter()
            .filter(|t| {
                previous
                    .task(&t.id)
                    .is_some_and(|p| p.developer != t.developer)
            })
            .count();
        (n, r.cost.objective, r.solve_seconds)
    };
    let fresh = moved(&options(Objective::Weighted, 10.0));
    let stable = moved(&PlanOptions {
        previous: Some(previous.clone()),
        ..options(Objective::Weighted, 10.0)
    });
    eprintln!(
        "{label}: reassigned {} with --previous, {} without; objective {:.1} vs {:.1} ({:+.3} %); {:.2} s vs {:.2} s",
        stable.0,
        fresh.0,
        stable.1,
        fresh.1,
        100.0 * (stable.1 - fresh.1) / fresh.1,
        stable.2,
        fresh.2
    );
}

fn bench_replan(c: &mut Criterion) {
    let mut group = c.benchmark_group("replan");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(100));
    // The seed after Jonathan's two URGENT tasks the first plan starts first are done.
    let (backlog, team) = seed();
    let opts = options(Objective::Weighted, 10.0);
    let first = sprintcast::plan::Plan::new(
        &backlog,
        &team,
        &optimizer::optimize(&backlog, &team, &opts).expect("plans"),
    );
    let mut urgent: Vec<&sprintcast::plan::PlannedTask> = first
        .tasks
        .iter()
        .filter(|t| t.priority == sprintcast::Priority::Urgent && t.developer == "Jonathan")
        .collect();
    urgent.sort_by_key(|t| t.start);
    let done: Vec<String> = urgent.iter().take(2).map(|t| t.id.clone()).collect();
    let (b, t, previous) = replan_state(
        &backlog,
        &team,
        &first,
        |_, t| done.contains(&t.id),
        |_, _| false,
        None,
    );
    report_replan("replan/seed", &b, &t, &previous);
    let stable = PlanOptions {
        previous: Some(previous.clone()),
        ..opts.clone()
    };
    group.bench_function("seed", |bench| {
        bench.iter(|| optimizer::optimize(black_box(&b), &t, &stable).expect("plans"))
    });
    // The generated backlog a week later: 10 % done, 10 % in progress.
    let (backlog, team) = generated();
    let first = sprintcast::plan::Plan::new(
        &backlog,
        &team,
        &optimizer::optimize(&backlog, &team, &opts).expect("plans"),
    );
    let (b, t, previous) = replan_state(
        &backlog,
        &team,
        &first,
        |i, _| i % 10 == 0,
        |i, _| i % 10 == 5,
        Some("2026-12-07"),
    );
    report_replan(&format!("replan/{}", generated_name()), &b, &t, &previous);
    let stable = PlanOptions {
        previous: Some(previous.clone()),
        ..opts.clone()
    };
    group.bench_function(generated_name(), |bench| {
        bench.iter(|| optimizer::optimize(black_box(&b), &t, &stable).expect("plans"))
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_parse,
    bench_instance,
    bench_optimize,
    bench_imopse,
    bench_replan
);
criterion_main!(benches);
