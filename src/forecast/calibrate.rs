//! Learning from actuals (SPEC 7.4): how long done tasks really took,
//! against their estimates, fitted into the effort model of open and
//! in-progress tasks.
//!
//! A done task with `actual` and `hours` (both > 0) gives a ratio r =
//! actual ÷ hours. The model is log-normal in r: ln r ~ N(μ, σ²), so the
//! ratio at the median is exp μ and at P90 exp(μ + z₀.₉ σ).
//!
//! **Prior.** The default model (median 1, σ₀ = ln(U) / z₀.₉ from the
//! uncertainty U) is a normal–inverse-χ² prior worth [`PRIOR_TASKS`] done
//! tasks, for μ and for σ² alike. With n ratios of mean m and sum of
//! squared deviations S, the fit is the posterior's point estimate:
//!
//! ```text
//! μ  = (k₀ μ₀ + n m) / (k₀ + n)
//! σ² = (k₀ σ₀² + S + k₀ n / (k₀ + n) · (m − μ₀)²) / (k₀ + n)
//! ```
//!
//! With no ratio it is the prior, exactly. k₀ = 5 because a handful of
//! tasks is what a lead would want before trusting a pattern: one task that
//! took twice its estimate moves the median to 2^(1/6) ≈ 1.12×, five such
//! tasks to 2^(1/2) ≈ 1.41×, two hundred to 1.97×.
//!
//! **Groups.** The team-wide fit shrinks toward the default. A developer
//! (the done task's `developer`, matched as the team file's names are) or a
//! category with at least [`MIN_GROUP_TASKS`] ratios gets its own fit,
//! shrunk the same way toward the team-wide fit. An open task takes its
//! planned developer's fit, else its category's, else the team's. Tasks
//! with their own `low`/`high` or `confidence` keep their own model.
//!
//! **Shared factor.** Every sample draws one factor that multiplies every
//! task's effort (the team's estimation bias of the moment), with σ_c =
//! [`default_shared_sigma`] unless the actuals say otherwise: when at least
//! [`MIN_SPRINTS`] sprints (by the `finished` date) hold at least
//! [`MIN_SPRINT_TASKS`] ratios each, the spread of the sprints' mean log
//! ratios beyond what their own tasks explain (method of moments:
//! var(means) − mean(s²/n)) estimates σ_c², shrunk toward the default as
//! [`PRIOR_SPRINTS`] sprints.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::effort::{sigma_of, EffortModel, Z90};
use crate::model::{Backlog, Status, Task};
use crate::team::Team;

/// How many done tasks the default model counts as (k₀).
pub const PRIOR_TASKS: f64 = 5.0;

/// The fewest ratios a developer or category needs for its own fit.
pub const MIN_GROUP_TASKS: usize = 5;

/// P90 ÷ median of the shared factor at the default uncertainty (1.5):
/// "user-interface design complete" on the cone of uncertainty, 0.8× to
/// 1.25× (McConnell 2006, table 4-1, after Boehm 1981), read as P10/P90.
pub const DEFAULT_SHARED_P90: f64 = 1.25;

/// How many sprints the default shared σ counts as.
pub const PRIOR_SPRINTS: f64 = 3.0;

/// The fewest sprints with actuals that calibrate the shared factor.
pub const MIN_SPRINTS: usize = 3;

/// The fewest ratios a sprint needs to count toward the shared factor.
pub const MIN_SPRINT_TASKS: usize = 2;

/// The shared factor's σ for an uncertainty `u` (P90 ÷ median of a task):
/// the same share of the task's spread as 1.25 is of 1.5, so `u` = 1.5
/// gives ln 1.25 / z₀.₉ ≈ 0.174 and `u` = 1 none.
pub fn default_shared_sigma(uncertainty: f64) -> f64 {
    shared_of(sigma_of(uncertainty))
}

/// The default shared σ for a task spread σ₀.
fn shared_of(sigma0: f64) -> f64 {
    sigma0 * (DEFAULT_SHARED_P90.ln() / super::DEFAULT_UNCERTAINTY.ln())
}

/// A log-normal fitted to actual ÷ estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Mean of ln(actual ÷ estimate).
    pub mu: f64,
    /// σ of ln(actual ÷ estimate).
    pub sigma: f64,
    /// The done tasks fitted (0: the prior alone).
    pub tasks: usize,
}

impl Fit {
    /// The default model: median 1 and spread `sigma`, from no task.
    pub fn prior(sigma: f64) -> Fit {
        Fit {
            mu: 0.0,
            sigma,
            tasks: 0,
        }
    }

    /// Actual ÷ estimate at the median.
    pub fn median(&self) -> f64 {
        self.mu.exp()
    }

    /// Actual ÷ estimate at P90.
    pub fn p90(&self) -> f64 {
        (self.mu + Z90 * self.sigma).exp()
    }

    /// The posterior point estimate after the log ratios `logs`, this fit
    /// counting as `k0` of them (the formulas at the top of the module);
    /// this fit itself when `logs` is empty.
    pub fn update(&self, k0: f64, logs: &[f64]) -> Fit {
        if logs.is_empty() {
            return *self;
        }
        let n = logs.len() as f64;
        let mean = logs.iter().sum::<f64>() / n;
        let squares: f64 = logs.iter().map(|x| (x - mean) * (x - mean)).sum();
        let kn = k0 + n;
        let shift = mean - self.mu;
        let variance = (k0 * self.sigma * self.sigma + squares + k0 * n / kn * shift * shift) / kn;
        Fit {
            mu: (k0 * self.mu + n * mean) / kn,
            sigma: variance.sqrt(),
            tasks: logs.len(),
        }
    }
}

/// The shared factor: one draw per sample multiplies every task's effort.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shared {
    /// σ of its logarithm (0: none).
    pub sigma: f64,
    /// The sprints of actuals it was calibrated from (0: the default, or set
    /// by the caller).
    pub sprints: usize,
    /// The done tasks in those sprints.
    pub tasks: usize,
    /// Set by the caller ([`ForecastOptions::shared_uncertainty`](super::ForecastOptions::shared_uncertainty)).
    pub given: bool,
}

impl Shared {
    /// P90 ÷ median of the factor.
    pub fn p90(&self) -> f64 {
        (Z90 * self.sigma).exp()
    }
}

/// What the forecast learned from the actuals and uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Whether actuals were used (false with `--no-calibrate`).
    pub enabled: bool,
    /// The default model's σ (from the uncertainty).
    pub default_sigma: f64,
    /// The team-wide fit (the default when no done task has an actual).
    pub team: Fit,
    /// Developers with their own fit, in team order.
    pub developers: Vec<(String, Fit)>,
    /// Categories with their own fit, in order of their first done task.
    pub categories: Vec<(String, Fit)>,
    /// The shared factor.
    pub shared: Shared,
}

/// How to calibrate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Settings {
    /// Learn from actuals.
    pub enabled: bool,
    /// σ of a task's effort by default.
    pub sigma: f64,
    /// σ of the shared factor when the caller sets it (else the default or
    /// the actuals').
    pub shared: Option<f64>,
}

/// ln(actual ÷ estimate) of a done task that has both, and its developer,
/// category and finish date.
struct Ratio<'a> {
    log: f64,
    developer: Option<usize>,
    category: &'a str,
    finished: Option<NaiveDate>,
}

fn ratio<'a>(task: &'a Task, team: &Team) -> Option<Ratio<'a>> {
    let actual = task.progress.actual?;
    let ok = |x: f64| x.is_finite() && x > 0.0;
    if task.status != Status::Done || !ok(actual) || !ok(task.hours) {
        return None;
    }
    Some(Ratio {
        log: (actual / task.hours).ln(),
        developer: task
            .progress
            .developer
            .as_deref()
            .and_then(|name| team.developer_index(name)),
        category: task.category.trim(),
        finished: task.progress.finished,
    })
}

/// Fits the actuals of `backlog` (nothing when `settings.enabled` is false).
pub(crate) fn calibrate(backlog: &Backlog, team: &Team, settings: Settings) -> Calibration {
    let sigma0 = settings.sigma;
    let default_shared = settings.shared.unwrap_or_else(|| shared_of(sigma0));
    let mut out = Calibration {
        enabled: settings.enabled,
        default_sigma: sigma0,
        team: Fit::prior(sigma0),
        developers: Vec::new(),
        categories: Vec::new(),
        shared: Shared {
            sigma: default_shared,
            sprints: 0,
            tasks: 0,
            given: settings.shared.is_some(),
        },
    };
    if !settings.enabled {
        return out;
    }
    let ratios: Vec<Ratio> = backlog
        .tasks
        .iter()
        .filter_map(|t| ratio(t, team))
        .collect();
    let logs: Vec<f64> = ratios.iter().map(|r| r.log).collect();
    out.team = Fit::prior(sigma0).update(PRIOR_TASKS, &logs);
    for (d, dev) in team.developers.iter().enumerate() {
        let own: Vec<f64> = ratios
            .iter()
            .filter(|r| r.developer == Some(d))
            .map(|r| r.log)
            .collect();
        if own.len() >= MIN_GROUP_TASKS {
            let fit = out.team.update(PRIOR_TASKS, &own);
            out.developers.push((dev.name.clone(), fit));
        }
    }
    let mut categories: Vec<&str> = Vec::new();
    for r in &ratios {
        if !r.category.is_empty() && !categories.contains(&r.category) {
            categories.push(r.category);
        }
    }
    for category in categories {
        let own: Vec<f64> = ratios
            .iter()
            .filter(|r| r.category == category)
            .map(|r| r.log)
            .collect();
        if own.len() >= MIN_GROUP_TASKS {
            let fit = out.team.update(PRIOR_TASKS, &own);
            out.categories.push((category.to_string(), fit));
        }
    }
    if settings.shared.is_none() {
        let weeks = 7 * i64::from(team.calendar.sprint_weeks.max(1));
        let mut sprints: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
        for r in &ratios {
            if let Some(day) = r.finished {
                let sprint = (day - team.calendar.start).num_days().div_euclid(weeks);
                sprints.entry(sprint).or_default().push(r.log);
            }
        }
        let groups: Vec<Vec<f64>> = sprints
            .into_values()
            .filter(|g| g.len() >= MIN_SPRINT_TASKS)
            .collect();
        out.shared = shared_fit(default_shared, &groups);
    }
    out
}

/// The shared factor from the log ratios of each sprint, shrunk toward
/// `default` (the module's method of moments); the default when fewer than
/// [`MIN_SPRINTS`] sprints are given.
pub(crate) fn shared_fit(default: f64, sprints: &[Vec<f64>]) -> Shared {
    let g = sprints.len();
    if g < MIN_SPRINTS {
        return Shared {
            sigma: default,
            sprints: 0,
            tasks: 0,
            given: false,
        };
    }
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    let var = |x: &[f64]| {
        let m = mean(x);
        x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() - 1) as f64
    };
    let means: Vec<f64> = sprints.iter().map(|s| mean(s)).collect();
    let within: Vec<f64> = sprints.iter().map(|s| var(s) / s.len() as f64).collect();
    let between = (var(&means) - mean(&within)).max(0.0);
    let dof = (g - 1) as f64;
    let variance = (PRIOR_SPRINTS * default * default + dof * between) / (PRIOR_SPRINTS + dof);
    Shared {
        sigma: variance.sqrt(),
        sprints: g,
        tasks: sprints.iter().map(Vec::len).sum(),
        given: false,
    }
}

impl Calibration {
    /// The fit an open task uses: its planned developer's (named as in the
    /// team), else its category's, else the team's.
    pub fn fit_for(&self, task: &Task, developer: &str) -> &Fit {
        let by_developer = self
            .developers
            .iter()
            .find(|(name, _)| name == developer)
            .map(|(_, f)| f);
        let by_category = || {
            self.categories
                .iter()
                .find(|(name, _)| name == task.category.trim())
                .map(|(_, f)| f)
        };
        by_developer.or_else(by_category).unwrap_or(&self.team)
    }

    /// The effort model of `task`, planned for `minutes` on `developer`:
    /// its own range or confidence when it has one, else the fit's median
    /// ratio × the estimate and the fit's spread; then the shared factor.
    pub fn model(&self, task: &Task, minutes: i64, developer: &str) -> EffortModel {
        let own = (task.low.is_some() && task.high.is_some()) || task.confidence.is_some();
        let model = if own {
            EffortModel::for_task(task, minutes, self.default_sigma)
        } else {
            let fit = self.fit_for(task, developer);
            EffortModel::new(minutes as f64 * fit.median(), fit.sigma)
        };
        model.with_shared(self.shared.sigma)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::effort::{inverse_normal_cdf, open_unit};
    use crate::model::Progress;
    use crate::team::{Calendar, Developer, Weights};
    use rand::{RngCore, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn sigma0() -> f64 {
        sigma_of(1.5)
    }

    /// `n` log ratios from N(ln median, sigma²), seeded.
    fn normal_logs(n: usize, median: f64, sigma: f64, seed: u64) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..n)
            .map(|_| median.ln() + sigma * inverse_normal_cdf(open_unit(rng.next_u64())))
            .collect()
    }

    fn developer(name: &str) -> Developer {
        Developer::new(name, 40.0)
    }

    fn team() -> Team {
        Team {
            source: "team.toml".into(),
            calendar: Calendar::default(),
            weights: Weights::default(),
            prefer_penalty_hours: 8.0,
            developers: vec![developer("Ana"), developer("Kai")],
            rules: vec![],
        }
    }

    /// A done task of `hours` that took `actual`, by `who`, in `category`.
    fn done(id: usize, hours: f64, actual: f64, who: &str, category: &str) -> Task {
        let mut t = Task::new(format!("d{id}"), format!("done {id}"), hours);
        t.status = Status::Done;
        t.category = category.into();
        t.progress = Progress {
            actual: Some(actual),
            developer: Some(who.into()),
            ..Progress::default()
        };
        t
    }

    fn backlog(tasks: Vec<Task>) -> Backlog {
        Backlog {
            source: "b.csv".into(),
            tasks,
            ..Backlog::default()
        }
    }

    fn settings(enabled: bool) -> Settings {
        Settings {
            enabled,
            sigma: sigma0(),
            shared: None,
        }
    }

    // 200 ratios drawn from a log-normal of median 1.3 and σ 0.5. The fit's
    // μ estimates ln 1.3 with a standard error of 0.5/√200 ≈ 0.035 and its σ
    // estimates 0.5 with one of about 0.5/√400 = 0.025; shrinking toward the
    // default as 5 tasks moves them by about 5/205 of the gap (≤ 0.007).
    // Tolerance: 4 standard errors; with 100 times the ratios, a tenth.
    #[test]
    fn the_fit_recovers_a_known_median_and_spread() {
        for (n, seed) in [(200usize, 1u64), (20_000, 2)] {
            let logs = normal_logs(n, 1.3, 0.5, seed);
            let fit = Fit::prior(sigma0()).update(PRIOR_TASKS, &logs);
            let se_mu = 0.5 / (n as f64).sqrt();
            let se_sigma = 0.5 / (2.0 * n as f64).sqrt();
            assert!(
                (fit.mu - 1.3f64.ln()).abs() <= 4.0 * se_mu + 0.007,
                "n = {n}: median {} against 1.3",
                fit.median()
            );
            assert!(
                (fit.sigma - 0.5).abs() <= 4.0 * se_sigma + 0.007,
                "n = {n}: σ {} against 0.5",
                fit.sigma
            );
            assert_eq!(fit.tasks, n);
            // The P90 ratio follows: 1.3 · exp(z₀.₉ · 0.5) ≈ 2.47.
            assert!((fit.p90() / (1.3 * (Z90 * 0.5).exp()) - 1.0).abs() < 0.2);
        }
    }

    #[test]
    fn no_actuals_is_the_default_model_exactly() {
        // Done tasks without an actual, or with a zero estimate, teach nothing.
        let mut no_actual = done(1, 4.0, 6.0, "Ana", "x");
        no_actual.progress.actual = None;
        let zero = done(2, 0.0, 6.0, "Ana", "x");
        let open = Task::new("o", "open", 5.0);
        let b = backlog(vec![no_actual, zero, open.clone()]);
        let on = calibrate(&b, &team(), settings(true));
        let off = calibrate(&b, &team(), settings(false));
        assert_eq!(on.team, Fit::prior(sigma0()));
        assert_eq!((on.team.mu, on.team.sigma), (0.0, sigma0()));
        assert_eq!(on.team.median(), 1.0);
        assert!(on.developers.is_empty() && on.categories.is_empty());
        assert_eq!(
            Calibration {
                enabled: true,
                ..off.clone()
            },
            on
        );
        // The effort model is the uncalibrated one, to the bit, with and
        // without a range or a confidence.
        let mut ranged = open.clone();
        ranged.low = Some(3.0);
        ranged.high = Some(9.0);
        let mut sure = open.clone();
        sure.confidence = Some(0.8);
        for t in [&open, &ranged, &sure] {
            let want = EffortModel::for_task(t, 300, sigma0()).with_shared(on.shared.sigma);
            assert_eq!(on.model(t, 300, "Ana"), want);
            assert_eq!(off.model(t, 300, "Ana"), want);
        }
        assert_eq!(on.model(&open, 300, "Ana").median, 300.0);
    }

    // One done task that took twice its estimate, against the default as 5:
    // μ = ln 2 / 6, σ² = (5 σ₀² + 5·1/6 (ln 2)²) / 6, computed by hand.
    #[test]
    fn one_actual_moves_the_model_a_sixth_of_the_way() {
        let b = backlog(vec![done(1, 4.0, 8.0, "Ana", "x")]);
        let c = calibrate(&b, &team(), settings(true));
        let s0 = sigma0();
        let ln2 = 2f64.ln();
        assert!((c.team.mu - ln2 / 6.0).abs() < 1e-15);
        let var = (5.0 * s0 * s0 + 5.0 / 6.0 * ln2 * ln2) / 6.0;
        assert!((c.team.sigma - var.sqrt()).abs() < 1e-15);
        // Near the default: 1.12× at the median, σ 0.39 against 0.32.
        assert!(
            (c.team.median() - 1.1225).abs() < 1e-4,
            "{}",
            c.team.median()
        );
        assert!((c.team.sigma - 0.3875).abs() < 1e-3, "{}", c.team.sigma);
        // Too few for a developer or a category of its own.
        assert!(c.developers.is_empty() && c.categories.is_empty());
        // An open task's effort: the estimate × 1.12 at the median.
        let m = c.model(&Task::new("o", "open", 5.0), 300, "Ana");
        assert!((m.median - 300.0 * c.team.median()).abs() < 1e-9);
        assert_eq!(m.sigma, c.team.sigma);
    }

    #[test]
    fn developers_and_categories_with_enough_actuals_get_their_own_fit() {
        // Ana: 6 tasks at 2× (categories "ui"), Kai: 4 tasks at 1× ("db"),
        // one by someone who left (1×, "db"). Kai and "db" have 5 ratios
        // only together: "db" (5) gets a fit, Kai (4) does not.
        let mut tasks: Vec<Task> = (0..6).map(|i| done(i, 3.0, 6.0, "ana", "ui")).collect();
        tasks.extend((6..10).map(|i| done(i, 5.0, 5.0, "Kai", "db")));
        tasks.push(done(10, 2.0, 2.0, "Gone", "db"));
        let b = backlog(tasks);
        let c = calibrate(&b, &team(), settings(true));
        assert_eq!(c.team.tasks, 11);
        let names: Vec<&str> = c.developers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Ana"]);
        let cats: Vec<&str> = c.categories.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(cats, ["ui", "db"]);
        // Ana's fit: her 6 ratios of ln 2 shrunk toward the team's as 5.
        let ana = c.developers[0].1;
        assert!((ana.mu - (5.0 * c.team.mu + 6.0 * 2f64.ln()) / 11.0).abs() < 1e-12);
        assert!(ana.median() > c.team.median());
        // Who gets which: the planned developer first, then the category.
        let mut db = Task::new("o", "open", 5.0);
        db.category = "db".into();
        assert_eq!(c.fit_for(&db, "Ana"), &ana);
        assert_eq!(c.fit_for(&db, "Kai"), &c.categories[1].1);
        assert_eq!(c.fit_for(&Task::new("p", "plain", 1.0), "Kai"), &c.team);
    }

    // Sprints whose mean log ratio moves with σ_c = 0.3 around 1.1× while
    // each task adds its own σ 0.2: the method of moments recovers σ_c. With
    // G sprints of 10, var(means) estimates σ_c² + 0.04/10 with a standard
    // error of about (0.09 + 0.004)·√(2/(G−1)), ≈ 0.0067 for G = 400, so σ_c
    // within 4 × 0.0067 / (2 · 0.3) ≈ 0.045 (the default counts as 3 sprints
    // of 399: negligible).
    #[test]
    fn the_shared_factor_is_learned_from_sprints() {
        let mut rng = ChaCha8Rng::seed_from_u64(17);
        let mut z = || inverse_normal_cdf(open_unit(rng.next_u64()));
        let sprints: Vec<Vec<f64>> = (0..400)
            .map(|_| {
                let bias = 1.1f64.ln() + 0.3 * z();
                (0..10).map(|_| bias + 0.2 * z()).collect()
            })
            .collect();
        let tau0 = default_shared_sigma(1.5);
        let fit = shared_fit(tau0, &sprints);
        assert!((fit.sigma - 0.3).abs() <= 0.045, "σ_c {}", fit.sigma);
        assert_eq!((fit.sprints, fit.tasks, fit.given), (400, 4000, false));
        // Sprints that differ no more than their own tasks explain give no
        // shared part of their own: the default's weight alone remains.
        let flat: Vec<Vec<f64>> = vec![vec![0.1, -0.1], vec![0.1, -0.1], vec![0.1, -0.1]];
        let fit = shared_fit(tau0, &flat);
        assert!((fit.sigma - (3.0 * tau0 * tau0 / 5.0).sqrt()).abs() < 1e-15);
        // Fewer than three sprints: the default.
        assert_eq!(shared_fit(tau0, &flat[..2]).sigma, tau0);
    }

    #[test]
    fn sprints_come_from_the_finished_dates() {
        // Three two-week sprints before the start (2026-11-30), two tasks
        // each, the sprints' means ln 1, ln 2, ln 4; one task without a date.
        let start = Calendar::default().start;
        let day = |weeks_before: i64| start - chrono::Duration::weeks(weeks_before);
        let mut tasks = Vec::new();
        for (k, (ratio, weeks)) in [(1.0, 1), (2.0, 3), (4.0, 5)].iter().enumerate() {
            for i in 0..2 {
                let mut t = done(2 * k + i, 4.0, 4.0 * ratio, "Ana", "");
                t.progress.finished = Some(day(*weeks));
                tasks.push(t);
            }
        }
        tasks.push(done(99, 4.0, 4.0, "Ana", ""));
        let c = calibrate(&backlog(tasks), &team(), settings(true));
        assert_eq!((c.shared.sprints, c.shared.tasks), (3, 6));
        // No spread within a sprint: var(means) = (ln 2)² is all shared.
        let tau0 = default_shared_sigma(1.5);
        let ln2 = 2f64.ln();
        let want = ((3.0 * tau0 * tau0 + 2.0 * ln2 * ln2) / 5.0).sqrt();
        assert!((c.shared.sigma - want).abs() < 1e-12, "{}", c.shared.sigma);
        // A shared σ set by the caller wins.
        let given = Settings {
            shared: Some(0.05),
            ..settings(true)
        };
        let b = backlog(vec![done(1, 1.0, 1.0, "Ana", "")]);
        let c = calibrate(&b, &team(), given);
        assert_eq!((c.shared.sigma, c.shared.given), (0.05, true));
    }
}
