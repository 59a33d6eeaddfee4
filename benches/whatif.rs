//! Criterion benchmarks of `sprintcast whatif`.
//!
//! ```text
//! cargo bench --bench whatif                 # everything, about a minute on a quiet machine
//! cargo bench --bench whatif -- --test       # run each benchmark once, no timing
//! ```
//!
//! Groups:
//! - `scenarios`: reading data/scenarios.toml and applying its five scenarios
//!   to data/backlog.md and data/team.toml (no planning);
//! - `whatif`: the whole comparison, `whatif::run`: the baseline and the five
//!   scenarios planned in parallel with the CLI's defaults (10 s limit per
//!   plan, weighted objective), then compared and explained; once without a
//!   forecast and once with `--samples 1000`.
//!
//! Each plan's search is seeded and ends on a work budget, so the runs do the
//! same work every time unless a plan reaches the time limit (the statuses
//! are printed once before timing). Timings are only meaningful on a quiet
//! machine; the target is under 3 s for `whatif/seed` on 2 cores.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use sprintcast::backlog::{self, Format, ReadOptions};
use sprintcast::forecast::ForecastOptions;
use sprintcast::optimizer::PlanOptions;
use sprintcast::scenario::{parse_scenarios, ScenarioFile};
use sprintcast::team_file::parse_team;
use sprintcast::whatif::{self, WhatIfOptions};
use sprintcast::{Backlog, Team};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(name: &str) -> String {
    let path = repo().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// data/backlog.md, data/team.toml and data/scenarios.toml, parsed.
fn seed() -> (Backlog, Team, ScenarioFile) {
    let team = parse_team("data/team.toml", &text("data/team.toml")).expect("team parses");
    let opts = ReadOptions {
        hours_per_day: team.calendar.hours_per_day,
        ..ReadOptions::default()
    };
    let backlog = backlog::parse(
        "data/backlog.md",
        text("data/backlog.md").as_bytes(),
        Format::Markdown,
        &opts,
    )
    .expect("backlog parses");
    let scenarios = parse_scenarios("data/scenarios.toml", &text("data/scenarios.toml"), &team)
        .expect("scenarios parse");
    (backlog, team, scenarios)
}

fn options(samples: Option<usize>) -> WhatIfOptions {
    WhatIfOptions {
        plan: PlanOptions::default(),
        forecast: samples.map(|samples| ForecastOptions {
            samples,
            ..ForecastOptions::default()
        }),
    }
}

/// Runs the comparison once and prints each plan's status and backlog delta.
fn report(backlog: &Backlog, team: &Team, file: &ScenarioFile, opts: &WhatIfOptions) {
    let w = whatif::run(backlog, team, file, opts).expect("the seed's scenarios plan");
    for c in w.columns() {
        let (status, seconds) = c.planned().map_or(("infeasible", 0.0), |p| {
            (p.optimized.status.as_str(), p.optimized.solve_seconds)
        });
        eprintln!(
            "whatif/{}: {status} in {seconds:.2} s, backlog delta {:?} working days",
            c.name, c.scopes[0].delta_days
        );
    }
}

fn bench_scenarios(c: &mut Criterion) {
    let (backlog, team, _) = seed();
    let source = text("data/scenarios.toml");
    let mut group = c.benchmark_group("scenarios");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("read and apply", |b| {
        b.iter(|| {
            let file =
                parse_scenarios("data/scenarios.toml", black_box(&source), &team).expect("parses");
            for s in &file.scenarios {
                black_box(s.apply(&file.source, &backlog, &team).expect("applies"));
            }
        })
    });
    group.finish();
}

fn bench_whatif(c: &mut Criterion) {
    let (backlog, team, file) = seed();
    let mut group = c.benchmark_group("whatif");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(20));
    for (name, samples) in [("seed", None), ("seed --samples 1000", Some(1000))] {
        let opts = options(samples);
        report(&backlog, &team, &file, &opts);
        group.bench_function(name, |b| {
            b.iter(|| whatif::run(black_box(&backlog), &team, &file, &opts).expect("plans"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_scenarios, bench_whatif);
criterion_main!(benches);
