//! Criterion benchmarks of the Monte Carlo forecast (`forecast::run` alone:
//! each input is planned once, before timing).
//!
//! ```text
//! cargo bench --bench forecast                 # both, about a minute on a quiet machine
//! cargo bench --bench forecast -- seed         # one (criterion's name filter)
//! cargo bench --bench forecast -- --test       # run each benchmark once, no timing
//! ```
//!
//! - `forecast/seed-10000`: 10,000 samples of data/backlog.md with data/team.toml
//!   (target: under 1 s on 2 cores);
//! - `forecast/generated-500x20-1000`: 1,000 samples of the generated 500-task,
//!   20-developer backlog of benches/support/generate.rs (target: under 5 s).
//!
//! Samples run on rayon's global pool: set `RAYON_NUM_THREADS` to time a
//! given number of threads (the result is the same whatever the number).

#[path = "support/generate.rs"]
mod generate;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::forecast::{self, ForecastOptions};
use sprintcast::optimizer::{self, Optimized, PlanOptions};
use sprintcast::team_file::parse_team;
use sprintcast::{Backlog, Team};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_options(team: &Team) -> ReadOptions {
    ReadOptions {
        hours_per_day: team.calendar.hours_per_day,
        ..ReadOptions::default()
    }
}

fn seed() -> (Backlog, Team) {
    let text = String::from_utf8(read(&repo().join("data/team.toml"))).expect("UTF-8");
    let team = parse_team("data/team.toml", &text).expect("data/team.toml parses");
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

fn generated() -> (Backlog, Team) {
    let (csv, toml) = generate::generate(500, 20, 1);
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

fn plan(label: &str, backlog: &Backlog, team: &Team) -> Optimized {
    let p = optimizer::optimize(backlog, team, &PlanOptions::default())
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    eprintln!(
        "{label}: {} tasks planned ({}, {:.1} s)",
        p.inst.n(),
        p.status.as_str(),
        p.solve_seconds
    );
    p
}

fn bench_forecast(c: &mut Criterion) {
    let mut group = c.benchmark_group("forecast");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    eprintln!("rayon threads: {}", rayon::current_num_threads());

    let (backlog, team) = seed();
    let planned = plan("seed", &backlog, &team);
    let opts = ForecastOptions {
        samples: 10_000,
        ..ForecastOptions::default()
    };
    group.bench_function("seed-10000", |b| {
        b.iter(|| forecast::run(black_box(&backlog), &team, &planned, &opts).expect("forecasts"))
    });

    let (backlog, team) = generated();
    let planned = plan("generated-500x20", &backlog, &team);
    let opts = ForecastOptions {
        samples: 1_000,
        ..ForecastOptions::default()
    };
    group.bench_function("generated-500x20-1000", |b| {
        b.iter(|| forecast::run(black_box(&backlog), &team, &planned, &opts).expect("forecasts"))
    });
    group.finish();
}

criterion_group!(benches, bench_forecast);
criterion_main!(benches);
