//! The Monte Carlo forecast against cases solved by hand.
//!
//! One full-time developer (8-hour days, Monday to Friday, no holidays)
//! working from Monday 2026-11-30 09:00 through independent tasks never
//! waits, so the backlog finishes after exactly the sum of the sampled
//! efforts, in business hours. For one task that sum is a log-normal with
//! known quantiles (the factor all tasks share does not change one task's
//! distribution); for three tasks without the shared factor its
//! distribution is computed here by numerical convolution of the three
//! effort distributions, and with it by integrating that convolution over
//! the factor's distribution, independently of the forecast's code (which
//! samples).
//!
//! Tolerance: the forecast's percentiles and chances are estimates from N
//! samples. A sample quantile at probability q has standard error
//! √(q(1−q)/N) / f(x_q), f the density at the quantile; a sample share has
//! √(p(1−p)/N). Every check allows 4 standard errors (plus 1 minute per task
//! for rounding efforts to whole minutes). For a correct forecast the chance
//! of one check failing is below 1 in 10000; the seed is fixed, so a test
//! either always passes or always fails.

use chrono::{Datelike, NaiveDateTime, NaiveTime};
use sprintcast::forecast::{self, inverse_normal_cdf, ForecastOptions, Scope, Z90};
use sprintcast::optimizer::{optimize, PlanOptions};
use sprintcast::{Backlog, Priority, Task, Team};

mod common;
use common::generate::{backlog_of, date, developer, team_of};

const SAMPLES: usize = 20_000;

fn one_developer() -> Team {
    team_of(vec![developer("Ana", 40.0)])
}

fn task(id: &str, hours: f64) -> Task {
    let mut t = Task::new(id, id, hours);
    t.priority = Priority::High;
    t
}

/// Business minutes from the start to a finish date-time (the inverse of the
/// plan's clock for this calendar: 480 minutes per weekday from 09:00).
fn business_minutes(t: NaiveDateTime) -> f64 {
    let start = date("2026-11-30");
    let mut days = 0i64;
    let mut d = start;
    while d < t.date() {
        if d.weekday().num_days_from_monday() < 5 {
            days += 1;
        }
        d = d.succ_opt().unwrap();
    }
    let into_day = (t.time() - NaiveTime::from_hms_opt(9, 0, 0).unwrap()).num_minutes();
    (days * 480 + into_day) as f64
}

fn forecast(b: &Backlog, uncertainty: f64) -> forecast::Forecast {
    forecast_shared(b, uncertainty, None)
}

/// The forecast with the shared factor's P90 ÷ median set (`Some(1.0)`:
/// none), else the default.
fn forecast_shared(b: &Backlog, uncertainty: f64, shared: Option<f64>) -> forecast::Forecast {
    let team = one_developer();
    let plan = optimize(b, &team, &PlanOptions::default()).unwrap();
    forecast::run(
        b,
        &team,
        &plan,
        &ForecastOptions {
            samples: SAMPLES,
            seed: 2024,
            uncertainty: Some(uncertainty),
            shared_uncertainty: shared,
            ..ForecastOptions::default()
        },
    )
    .unwrap()
}

/// Standard normal density.
fn phi(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Checks a percentile of a log-normal (median `m` minutes, `sigma`) against
/// the forecast's, within 4 standard errors.
fn check_lognormal_quantile(q: f64, got: Option<NaiveDateTime>, m: f64, sigma: f64) {
    let got = got.expect("every sample finishes");
    let z = inverse_normal_cdf(q);
    let x = m * (sigma * z).exp();
    let density = phi(z) / (x * sigma);
    let se = (q * (1.0 - q) / SAMPLES as f64).sqrt() / density;
    let got = business_minutes(got);
    assert!(
        (got - x).abs() <= 4.0 * se + 1.0,
        "P{q}: forecast {got} min, exact {x:.1} min, tolerance {:.1}",
        4.0 * se + 1.0
    );
}

fn check_share(got: Option<f64>, p: f64) {
    let got = got.expect("a due date gives a chance");
    let se = (p * (1.0 - p) / SAMPLES as f64).sqrt();
    assert!(
        (got - p).abs() <= 4.0 * se,
        "chance {got}, exact {p:.4}, tolerance {:.4}",
        4.0 * se
    );
}

#[test]
fn one_task_with_the_default_spread() {
    // 16 hours: median 16 h, P90 = 24 h = the end of Wednesday.
    let mut t = task("a", 16.0);
    t.due = Some(date("2026-12-02"));
    let f = forecast(&backlog_of(vec![t]), 1.5);
    let sigma = 1.5f64.ln() / Z90;
    let row = &f.rows[0];
    assert_eq!(row.scope, Scope::Backlog);
    for (q, got) in [(0.5, row.p50), (0.85, row.p85), (0.95, row.p95)] {
        check_lognormal_quantile(q, got, 960.0, sigma);
    }
    check_share(row.p_on_time, 0.9);
    assert_eq!(business_minutes(row.deterministic), 960.0);
}

#[test]
fn one_task_with_a_range() {
    // P10 = 2 h, P90 = 8 h: median 4 h; the due date (end of Monday, 8 h) is the P90.
    let mut t = task("a", 5.0);
    t.low = Some(2.0);
    t.high = Some(8.0);
    t.due = Some(date("2026-11-30"));
    let f = forecast(&backlog_of(vec![t]), 1.5);
    let sigma = 4f64.ln() / (2.0 * Z90);
    let row = &f.rows[0];
    for (q, got) in [(0.5, row.p50), (0.85, row.p85), (0.95, row.p95)] {
        check_lognormal_quantile(q, got, 240.0, sigma);
    }
    check_share(row.p_on_time, 0.9);
}

#[test]
fn one_task_with_a_confidence() {
    // "80 % sure 8 hours is enough": P(effort <= 8 h) = 0.8, due the end of Monday.
    let mut t = task("a", 8.0);
    t.confidence = Some(0.8);
    t.due = Some(date("2026-11-30"));
    let f = forecast(&backlog_of(vec![t]), 1.5);
    check_share(f.rows[0].p_on_time, 0.8);
    let sigma = 1.5f64.ln() / Z90;
    let median = 480.0 * (-sigma * inverse_normal_cdf(0.8)).exp();
    check_lognormal_quantile(0.5, f.rows[0].p50, median, sigma);
}

/// The distribution of the sum of independent log-normal efforts (each
/// rounded to whole minutes, as the forecast does), as probabilities per
/// minute: midpoint densities, normalised, convolved.
fn sum_distribution(tasks: &[(f64, f64)]) -> Vec<f64> {
    let mut total = vec![1.0];
    for &(median, sigma) in tasks {
        let top = (median * (7.0 * sigma).exp()).ceil() as usize;
        let mut pmf: Vec<f64> = (0..=top)
            .map(|k| {
                let x = k as f64;
                if x <= 0.0 {
                    0.0
                } else {
                    let z = (x / median).ln() / sigma;
                    phi(z) / (x * sigma)
                }
            })
            .collect();
        let mass: f64 = pmf.iter().sum();
        pmf.iter_mut().for_each(|p| *p /= mass);
        let mut next = vec![0.0; total.len() + pmf.len() - 1];
        for (i, a) in total.iter().enumerate() {
            if *a < 1e-300 {
                continue;
            }
            for (j, b) in pmf.iter().enumerate() {
                next[i + j] += a * b;
            }
        }
        total = next;
    }
    total
}

/// The three tasks of the sum tests: 12 h + 8 h + 4 h, all due at the end
/// of Thursday (32 h).
fn three_tasks() -> Backlog {
    let tasks: Vec<Task> = [("a", 12.0), ("b", 8.0), ("c", 4.0)]
        .iter()
        .map(|&(id, h)| {
            let mut t = task(id, h);
            t.due = Some(date("2026-12-03"));
            t
        })
        .collect();
    backlog_of(tasks)
}

/// Checks the backlog's P50/P85/P95 against a distribution function of
/// the total in minutes, `cdf(t)`, within 4 standard errors (plus 3 minutes
/// for rounding three efforts), and the chance of finishing by 32 hours.
fn check_total(f: &forecast::Forecast, cdf: &dyn Fn(f64) -> f64) {
    let row = &f.rows[0];
    assert_eq!(row.scope, Scope::Backlog);
    let quantile = |q: f64| {
        let (mut lo, mut hi) = (0.0f64, 100_000.0f64);
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if cdf(mid) < q {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        hi
    };
    for (q, got) in [(0.5, row.p50), (0.85, row.p85), (0.95, row.p95)] {
        let x = quantile(q);
        // Density around the quantile, per minute, over ±30 minutes.
        let density = (cdf(x + 30.0) - cdf(x - 30.0)) / 60.0;
        let se = (q * (1.0 - q) / SAMPLES as f64).sqrt() / density;
        let got = business_minutes(got.expect("every sample finishes"));
        assert!(
            (got - x).abs() <= 4.0 * se + 3.0,
            "P{q}: forecast {got} min, exact {x:.1} min, tolerance {:.1}",
            4.0 * se + 3.0
        );
    }
    check_share(row.p_on_time, cdf(32.0 * 60.0));
    // And the sum is not the plan: the median of a sum of skewed efforts
    // lies above the sum of the estimates (24 h).
    assert!(business_minutes(row.p50.unwrap()) > 24.0 * 60.0);
}

/// The distribution function of a sum given as probabilities per minute,
/// linear between minutes.
fn cdf_of(pmf: &[f64]) -> impl Fn(f64) -> f64 + '_ {
    let cum: Vec<f64> = pmf
        .iter()
        .scan(0.0, |acc, p| {
            *acc += p;
            Some(*acc)
        })
        .collect();
    move |t: f64| {
        if t < 0.0 {
            return 0.0;
        }
        let k = t.floor() as usize;
        if k + 1 >= cum.len() {
            return 1.0;
        }
        cum[k] + (t - k as f64) * (cum[k + 1] - cum[k])
    }
}

#[test]
fn independent_tasks_sum_as_convolved() {
    // No shared factor: the sum of three independent log-normals.
    let sigma = 1.5f64.ln() / Z90;
    let f = forecast_shared(&three_tasks(), 1.5, Some(1.0));
    let pmf = sum_distribution(&[(720.0, sigma), (480.0, sigma), (240.0, sigma)]);
    check_total(&f, &cdf_of(&pmf));
}

#[test]
fn tasks_with_the_shared_factor_sum_as_integrated() {
    // The default shared factor: total = C · S with ln C ~ N(0, σ_c²) and S
    // the sum of three independent log-normals of σ_own = √(σ² − σ_c²).
    // P(total ≤ t) = E[P(S ≤ t / C)]: the convolution's distribution
    // function averaged over C on a grid of z from −8 to 8.
    let sigma = 1.5f64.ln() / Z90;
    let sigma_c = 1.25f64.ln() / Z90;
    let own = (sigma * sigma - sigma_c * sigma_c).sqrt();
    let f = forecast(&three_tasks(), 1.5);
    let pmf = sum_distribution(&[(720.0, own), (480.0, own), (240.0, own)]);
    let of_s = cdf_of(&pmf);
    let grid: Vec<(f64, f64)> = (-800..=800)
        .map(|k| {
            let z = k as f64 / 100.0;
            ((sigma_c * z).exp(), phi(z) / 100.0)
        })
        .collect();
    let mass: f64 = grid.iter().map(|(_, w)| w).sum();
    let cdf = |t: f64| grid.iter().map(|&(c, w)| w * of_s(t / c)).sum::<f64>() / mass;
    check_total(&f, &cdf);
    // The shared factor widens the total: its P95 lies after the
    // independent one's.
    let alone = forecast_shared(&three_tasks(), 1.5, Some(1.0));
    assert!(f.rows[0].p95 > alone.rows[0].p95);
}
