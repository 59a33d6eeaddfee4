//! Learning from actuals (SPEC 7.4) through the public API: done tasks with
//! `actual` move the effort model of the open ones, every view says what
//! was fitted, and without actuals (or with `calibrate: false`) the
//! forecast is the default one, to the byte.
//!
//! Oracle: one full-time developer (8-hour weekdays from Monday 2026-11-30
//! 09:00) doing one open task never waits, so the task's finish is its
//! sampled effort in business hours: a log-normal whose median and σ are
//! the fit's, computed here by hand from the ratios. Tolerances are 4
//! standard errors of a sample quantile, √(q(1−q)/N) / f(x_q), plus a
//! minute.

use chrono::{Datelike, NaiveDateTime, NaiveTime};
use sprintcast::forecast::{self, inverse_normal_cdf, sigma_of, Forecast, ForecastOptions, Z90};
use sprintcast::model::{Progress, Status};
use sprintcast::optimizer::{optimize, PlanOptions};
use sprintcast::{Backlog, Task, Team};

mod common;
use common::generate::{backlog_of, date, developer, team_of};

const SAMPLES: usize = 20_000;

fn team() -> Team {
    team_of(vec![developer("Ana", 40.0)])
}

/// A done task of `hours` that took `ratio` × as long, by Ana.
fn done(id: usize, hours: f64, ratio: f64) -> Task {
    let mut t = Task::new(format!("done-{id}"), format!("Done {id}"), hours);
    t.status = Status::Done;
    t.progress = Progress {
        actual: Some(hours * ratio),
        developer: Some("Ana".into()),
        ..Progress::default()
    };
    t
}

fn with_actuals(ratios: &[f64], open: Task) -> Backlog {
    let mut tasks: Vec<Task> = ratios
        .iter()
        .enumerate()
        .map(|(i, &r)| done(i, 4.0, r))
        .collect();
    tasks.push(open);
    backlog_of(tasks)
}

fn run(b: &Backlog, calibrate: bool, shared: Option<f64>) -> Forecast {
    let t = team();
    let plan = optimize(b, &t, &PlanOptions::default()).unwrap();
    let opts = ForecastOptions {
        samples: SAMPLES,
        seed: 11,
        calibrate,
        shared_uncertainty: shared,
        ..ForecastOptions::default()
    };
    forecast::run(b, &t, &plan, &opts).unwrap()
}

/// Business minutes from the start to a finish (480 per weekday from 09:00).
fn business_minutes(t: NaiveDateTime) -> f64 {
    let mut days = 0i64;
    let mut d = date("2026-11-30");
    while d < t.date() {
        if d.weekday().num_days_from_monday() < 5 {
            days += 1;
        }
        d = d.succ_opt().unwrap();
    }
    (days * 480 + (t.time() - NaiveTime::from_hms_opt(9, 0, 0).unwrap()).num_minutes()) as f64
}

fn phi(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// The forecast's P50/P85/P95 of the backlog against a log-normal of median
/// `m` minutes and spread `sigma`.
fn check_lognormal(f: &Forecast, m: f64, sigma: f64) {
    let row = &f.rows[0];
    for (q, got) in [(0.5, row.p50), (0.85, row.p85), (0.95, row.p95)] {
        let z = inverse_normal_cdf(q);
        let x = m * (sigma * z).exp();
        let se = (q * (1.0 - q) / SAMPLES as f64).sqrt() / (phi(z) / (x * sigma));
        let got = business_minutes(got.expect("every sample finishes"));
        assert!(
            (got - x).abs() <= 4.0 * se + 1.0,
            "P{q}: forecast {got} min, exact {x:.1} ± {:.1}",
            4.0 * se + 1.0
        );
    }
}

// Twenty done tasks (by nobody named) that each took 1.6 × the estimate:
// mean ln 1.6, no spread. With the default as 5 tasks: μ = 20 ln 1.6 / 25,
// σ² = (5 σ₀² + 5·20/25 (ln 1.6)²) / 25. The open 10-hour task's effort is
// log-normal with median 600·e^μ minutes and that σ; the shared factor only
// correlates tasks, so one task's distribution is the same.
#[test]
fn actuals_move_the_effort_of_open_tasks() {
    let mut b = with_actuals(&[1.6; 20], Task::new("open", "Open", 10.0));
    for t in &mut b.tasks {
        t.progress.developer = None;
    }
    let f = run(&b, true, None);
    assert!(f.calibration.developers.is_empty());
    let s0 = sigma_of(1.5);
    let l = 1.6f64.ln();
    let mu = 20.0 * l / 25.0;
    let sigma = ((5.0 * s0 * s0 + 5.0 * 20.0 / 25.0 * l * l) / 25.0).sqrt();
    let fit = f.calibration.team;
    assert!((fit.mu - mu).abs() < 1e-12 && (fit.sigma - sigma).abs() < 1e-12);
    assert_eq!(fit.tasks, 20);
    check_lognormal(&f, 600.0 * mu.exp(), sigma);
    // Without calibration: the default model, median 600 minutes.
    let off = run(&b, false, None);
    check_lognormal(&off, 600.0, s0);
    assert!(off.rows[0].p50 < f.rows[0].p50);
    // Done by Ana, the planned developer: her own fit, shrunk toward the
    // team's as 5 tasks: μ_A = (5 μ + 20 ln 1.6) / 25, σ_A² = (5 σ² + 5·20/25
    // (ln 1.6 − μ)²) / 25.
    let by_ana = with_actuals(&[1.6; 20], Task::new("open", "Open", 10.0));
    let f = run(&by_ana, true, None);
    let mu_a = (5.0 * mu + 20.0 * l) / 25.0;
    let sigma_a = ((5.0 * sigma * sigma + 5.0 * 20.0 / 25.0 * (l - mu).powi(2)) / 25.0).sqrt();
    let (name, ana) = &f.calibration.developers[0];
    assert_eq!(name, "Ana");
    assert!((ana.mu - mu_a).abs() < 1e-12 && (ana.sigma - sigma_a).abs() < 1e-12);
    check_lognormal(&f, 600.0 * mu_a.exp(), sigma_a);
}

#[test]
fn every_view_states_the_fit() {
    let b = with_actuals(&[1.6; 20], Task::new("open", "Open", 10.0));
    let f = run(&b, true, None);
    // 1.6^(20/25) ≈ 1.457 at the median, P90 e^(μ + z₀.₉σ).
    let median = format!("{}×", (f.calibration.team.median() * 100.0).round() / 100.0);
    let p90 = (f.calibration.team.mu + Z90 * f.calibration.team.sigma).exp();
    assert_eq!(median, "1.46×");
    let said = format!(
        "learned from actuals: estimates run 1.46× at the median, P90 {}×, from 20 done tasks",
        (p90 * 100.0).round() / 100.0
    );
    let mut table = Vec::new();
    f.write_table(&mut table, sprintcast::text::fit::Width::Wide)
        .unwrap();
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains(&said), "{said}\n{table}");
    assert!(
        table.contains("All tasks of a sample share one factor (the team's estimation bias), P90 = 1.25 × median, the default"),
        "{table}"
    );
    let mut md = Vec::new();
    f.write_markdown(&mut md).unwrap();
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.contains(&format!("| calibration | {said}")),
        "{said}\n{md}"
    );
    let v = f.to_json();
    assert_eq!(v["calibration"]["team"]["done_tasks"], 20);
    // 1.6^0.8 = 1.45646…
    assert_eq!(v["calibration"]["team"]["median"], 1.4565);
    assert!(v["model"][0].as_str().unwrap().contains(&said[1..]));
    let mut csv = Vec::new();
    f.write_calibration_csv_with(&mut csv, Default::default())
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "part,name,done_tasks,sprints,median,p90,sigma,source"
    );
    assert!(lines[1].starts_with("team,all,20,,1.4565,"), "{csv}");
    assert!(lines[1].ends_with(",actuals"), "{csv}");
    // A developer with five or more actuals gets a fit of their own: Ana's
    // 20 ratios shrunk toward the team's, (5 μ + 20 ln 1.6) / 25.
    let ana = (5.0 * f.calibration.team.mu + 20.0 * 1.6f64.ln()) / 25.0;
    assert!(lines[2].starts_with("developer,Ana,20,,"), "{csv}");
    assert!(
        table.contains(&format!(
            "per developer: Ana {}×",
            (ana.exp() * 100.0).round() / 100.0
        )),
        "{table}"
    );
    assert_eq!(lines[3], "shared,all,0,0,1,1.25,0.1741,default");
}

#[test]
fn without_actuals_calibration_changes_nothing() {
    let b = backlog_of(vec![
        Task::new("a", "A", 6.0),
        Task::new("b", "B", 3.0),
        done(1, 4.0, 2.0),
    ]);
    // The done task has an actual: take it away, and calibration is idle.
    let mut idle = b.clone();
    idle.tasks[2].progress.actual = None;
    let on = run(&idle, true, None);
    let off = run(&idle, false, None);
    assert_eq!(on.rows, off.rows);
    assert_eq!(on.burnup, off.burnup);
    assert_eq!(on.calibration.team, off.calibration.team);
    let mut text = Vec::new();
    on.write_table(&mut text, sprintcast::text::fit::Width::Wide)
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("no actuals, so the default model: effort log-normal, median = estimate and P90 = 1.5 × estimate"),
        "{text}"
    );
    let mut text = Vec::new();
    off.write_table(&mut text, sprintcast::text::fit::Width::Wide)
        .unwrap();
    assert!(String::from_utf8(text)
        .unwrap()
        .contains("calibration off: effort log-normal"));
    // With the actual it learns.
    assert_ne!(run(&b, true, None).rows, on.rows);
}

// An in-progress task: 10 hours estimated, 2 remaining. With no spread
// (uncertainty 1, no shared factor) the forecast takes the 2 hours left,
// whatever the plan made of the task.
#[test]
fn an_in_progress_task_is_uncertain_in_what_remains() {
    let mut t = Task::new("going", "Going", 10.0);
    t.status = Status::InProgress;
    t.progress.remaining = Some(2.0);
    t.progress.developer = Some("Ana".into());
    let b = backlog_of(vec![t]);
    let team = team();
    let plan = optimize(&b, &team, &PlanOptions::default()).unwrap();
    let opts = ForecastOptions {
        samples: 50,
        uncertainty: Some(1.0),
        ..ForecastOptions::default()
    };
    let f = forecast::run(&b, &team, &plan, &opts).unwrap();
    let p50 = f.rows[0].p50.unwrap();
    assert_eq!(business_minutes(p50), 120.0);
    // With the default spread, the median effort is the 2 hours left.
    let f = forecast::run(
        &b,
        &team,
        &plan,
        &ForecastOptions {
            samples: SAMPLES,
            ..ForecastOptions::default()
        },
    )
    .unwrap();
    check_lognormal(&f, 120.0, sigma_of(1.5));
}
