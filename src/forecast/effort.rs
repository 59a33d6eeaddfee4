//! How much work a task really takes: the log-normal effort model of SPEC
//! 4.6, and the standard normal quantile function it needs.
//!
//! Effort X is log-normal: ln X ~ N(μ, σ²), so X = median · exp(σ·Z) with Z
//! standard normal. The parameters, in the order they apply:
//! - default: median = the estimate, σ = ln(u) / z₀.₉ where u is the
//!   uncertainty (P90 ÷ median, 1.5 unless set), so that P90 = u × estimate;
//!   with actuals, the fitted ratio and spread instead (`calibrate`);
//! - `low`/`high` (P10/P90): median = √(low·high), σ = ln(high/low) / (2·z₀.₉);
//! - `confidence` c: σ as above (range or default), median moved to
//!   estimate · exp(−σ·z_c), so that P(X ≤ estimate) = Φ(z_c) = c.
//!
//! Part of σ is shared by every task of a sample (the team's estimation
//! bias): X = median · exp(σ_own·Z + σ_shared·Z_c) with σ_own² + σ_shared² =
//! σ², Z the task's own deviate and Z_c the sample's common one. A task's
//! own distribution stays the one above; only tasks move together.
//!
//! Draws use the inverse transform, Z = Φ⁻¹(U): one uniform per task and
//! sample. The same uniform gives a larger effort above the median and a
//! smaller one below it as σ grows, so forecasts with different
//! uncertainties but the same seed compare sample by sample.

use crate::model::Task;

/// Φ⁻¹(0.9): the standard normal's 90th percentile.
pub const Z90: f64 = 1.281_551_565_544_600_4;

/// One task's effort distribution, in minutes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffortModel {
    /// The median effort in minutes (exp μ).
    pub median: f64,
    /// σ of ln(effort), the task's whole spread; 0 gives the median every
    /// time.
    pub sigma: f64,
    /// The part of σ the task draws from its own deviate: √(σ² − shared²).
    pub own: f64,
    /// The part of σ the task shares with every other task of the sample
    /// (the common factor's σ, at most σ).
    pub shared: f64,
}

impl EffortModel {
    /// A model with median `median` minutes and spread `sigma`, all of it
    /// the task's own.
    pub fn new(median: f64, sigma: f64) -> EffortModel {
        EffortModel {
            median,
            sigma,
            own: sigma,
            shared: 0.0,
        }
    }

    /// The model of `task`, whose estimate is `minutes` (as planned), with
    /// `default_sigma` for a task without a range.
    ///
    /// An in-progress task's range (`low`/`high`) is of the whole task; its
    /// estimate here is what remains ([`Task::hours_to_plan`]), so the
    /// range's median scales by remaining ÷ hours and keeps its spread.
    pub fn for_task(task: &Task, minutes: i64, default_sigma: f64) -> EffortModel {
        let estimate = minutes as f64;
        let (median, sigma) = match (task.low, task.high) {
            (Some(low), Some(high)) if low > 0.0 && high >= low => {
                let left = if task.is_in_progress() && task.hours > 0.0 {
                    task.hours_to_plan() / task.hours
                } else {
                    1.0
                };
                (
                    60.0 * (low * high).sqrt() * left,
                    (high / low).ln() / (2.0 * Z90),
                )
            }
            _ => (estimate, default_sigma),
        };
        match task.confidence {
            Some(c) if c > 0.0 && c < 1.0 && sigma > 0.0 => {
                EffortModel::new(estimate * (-sigma * inverse_normal_cdf(c)).exp(), sigma)
            }
            _ => EffortModel::new(median, sigma),
        }
    }

    /// The same model with `shared` of its spread (σ of ln) drawn from the
    /// sample's common deviate: at most the whole spread, the rest the
    /// task's own, so that the task's distribution stays the same.
    pub fn with_shared(self, shared: f64) -> EffortModel {
        let shared = shared.clamp(0.0, self.sigma);
        let own = if shared == 0.0 {
            self.sigma
        } else {
            (self.sigma * self.sigma - shared * shared).max(0.0).sqrt()
        };
        EffortModel {
            own,
            shared,
            ..self
        }
    }

    /// The effort for a standard normal deviate `z` of the whole spread:
    /// whole minutes, at least one.
    pub fn minutes(&self, z: f64) -> i64 {
        let x = if self.sigma == 0.0 {
            self.median
        } else {
            self.median * (self.sigma * z).exp()
        };
        whole_minutes(x)
    }

    /// The effort for the task's own deviate `z` and the sample's common
    /// one `common`: whole minutes, at least one. Without a shared part it
    /// is [`EffortModel::minutes`] of `z`, to the bit.
    pub fn minutes_with(&self, z: f64, common: f64) -> i64 {
        if self.shared == 0.0 {
            return self.minutes(z);
        }
        whole_minutes(self.median * (self.own * z + self.shared * common).exp())
    }

    /// The effort (minutes, unrounded) at probability `p`.
    pub fn quantile(&self, p: f64) -> f64 {
        self.median * (self.sigma * inverse_normal_cdf(p)).exp()
    }
}

/// Minutes rounded, at least one; far beyond any calendar (MAX_DAYS of
/// 24 h) they saturate, and the replay reports the task as unfinished.
fn whole_minutes(x: f64) -> i64 {
    x.round().clamp(1.0, 1e15) as i64
}

/// σ of ln(effort) for an uncertainty `u` = P90 ÷ median (u ≥ 1).
pub fn sigma_of(uncertainty: f64) -> f64 {
    uncertainty.ln() / Z90
}

/// A uniform draw in the open interval (0, 1) from 64 random bits: the top
/// 52 bits, centred in their cell, so neither 0 nor 1 ever comes out (with
/// 53 bits the last cell's centre would round to 1).
pub fn open_unit(bits: u64) -> f64 {
    ((bits >> 12) as f64 + 0.5) * (1.0 / (1u64 << 52) as f64)
}

/// Φ⁻¹(p), the standard normal quantile, for p in (0, 1).
///
/// Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988): rational
/// approximations, relative error about 1e-16. A pure function of `p`, so
/// every platform that rounds IEEE doubles the same draws the same efforts.
/// Returns ∓infinity at 0 and 1 and NaN outside [0, 1].
// The coefficients are written as published (20 digits), so they can be
// checked against the paper digit by digit; f64 keeps what it can.
#[allow(clippy::excessive_precision)]
pub fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 8] = [
        3.387_132_872_796_366_608,
        133.141_667_891_784_377_45,
        1_971.590_950_306_551_442_7,
        13_731.693_765_509_461_125,
        45_921.953_931_549_871_457,
        67_265.770_927_008_700_853,
        33_430.575_583_588_128_105,
        2_509.080_928_730_122_672_7,
    ];
    const B: [f64; 8] = [
        1.0,
        42.313_330_701_600_911_252,
        687.187_007_492_057_908_3,
        5_394.196_021_424_751_107_7,
        21_213.794_301_586_595_867,
        39_307.895_800_092_710_61,
        28_729.085_735_721_942_674,
        5_226.495_278_852_545_925,
    ];
    const C: [f64; 8] = [
        1.423_437_110_749_683_577_34,
        4.630_337_846_156_545_295_9,
        5.769_497_221_460_691_405_5,
        3.647_848_324_763_204_605_04,
        1.270_458_252_452_368_382_58,
        0.241_780_725_177_450_611_77,
        0.022_723_844_989_269_184_583_3,
        7.745_450_142_783_414_076_4e-4,
    ];
    const D: [f64; 8] = [
        1.0,
        2.053_191_626_637_758_821_87,
        1.676_384_830_183_803_849_4,
        0.689_767_334_985_100_004_55,
        0.148_103_976_427_480_074_59,
        0.015_198_666_563_616_457_196_6,
        5.475_938_084_995_344_946e-4,
        1.050_750_071_644_416_843_24e-9,
    ];
    const E: [f64; 8] = [
        6.657_904_643_501_103_777_2,
        5.463_784_911_164_114_369_9,
        1.784_826_539_917_291_335_8,
        0.296_560_571_828_504_891_23,
        0.026_532_189_526_576_123_093,
        0.001_242_660_947_388_078_438_6,
        2.711_555_568_743_487_578_15e-5,
        2.010_334_399_292_288_132_65e-7,
    ];
    const F: [f64; 8] = [
        1.0,
        0.599_832_206_555_887_937_69,
        0.136_929_880_922_735_805_31,
        0.014_875_361_290_850_614_852_5,
        7.868_691_311_456_132_591e-4,
        1.846_318_317_510_054_681_8e-5,
        1.421_511_758_316_445_888_7e-7,
        2.044_263_103_389_939_785_64e-15,
    ];
    fn poly(c: &[f64; 8], x: f64) -> f64 {
        c.iter().rev().fold(0.0, |acc, &k| acc * x + k)
    }
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let z = if r <= 5.0 {
        let r = r - 1.6;
        poly(&C, r) / poly(&D, r)
    } else {
        let r = r - 5.0;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 {
        -z
    } else {
        z
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    #[test]
    fn quantiles_match_published_values() {
        // Reference values to 16 digits (e.g. R's qnorm).
        for (p, z) in [
            (0.5, 0.0),
            (0.9, 1.281_551_565_544_600_4),
            (0.975, 1.959_963_984_540_054),
            (0.85, 1.036_433_389_493_789_6),
            (0.95, 1.644_853_626_951_472_2),
            (0.999, 3.090_232_306_167_813_5),
            (1e-10, -6.361_340_902_404_056),
            (1e-20, -9.262_340_089_798_408),
        ] {
            let got = inverse_normal_cdf(p);
            assert!(close(got, z, 1e-14), "p = {p}: {got} != {z}");
            // 1 - p is rounded; far in the tail that moves z by about 1e-9
            // (and 1 - 1e-20 is 1).
            if p > 1e-12 {
                assert!(
                    close(inverse_normal_cdf(1.0 - p), -z, 1e-8),
                    "symmetry at {p}"
                );
            }
        }
        assert!(close(inverse_normal_cdf(0.9), Z90, 1e-15));
        assert_eq!(inverse_normal_cdf(0.0), f64::NEG_INFINITY);
        assert!(inverse_normal_cdf(1.5).is_nan());
    }

    #[test]
    fn quantile_function_increases() {
        let mut last = f64::NEG_INFINITY;
        for k in 1..10_000 {
            let z = inverse_normal_cdf(k as f64 / 10_000.0);
            assert!(z > last, "not increasing at {k}");
            last = z;
        }
    }

    #[test]
    fn open_unit_never_reaches_the_ends() {
        assert_eq!(open_unit(0), 2f64.powi(-53));
        assert_eq!(open_unit(u64::MAX), 1.0 - 2f64.powi(-53));
        assert!(inverse_normal_cdf(open_unit(u64::MAX)).is_finite());
        assert!(close(open_unit(1 << 63), 0.5, 1e-15));
    }

    fn task(hours: f64) -> Task {
        Task::new("t", "T", hours)
    }

    #[test]
    fn default_model_has_median_estimate_and_p90_one_and_a_half() {
        let m = EffortModel::for_task(&task(4.0), 240, sigma_of(1.5));
        assert_eq!(m.median, 240.0);
        assert!(close(m.quantile(0.9), 360.0, 1e-12));
        assert_eq!(m.minutes(0.0), 240);
    }

    #[test]
    fn zero_spread_gives_the_estimate_exactly() {
        let m = EffortModel::for_task(&task(7.0), 421, sigma_of(1.0));
        assert_eq!(m.sigma, 0.0);
        for z in [-8.0, -1.0, 0.0, 2.5, 8.0] {
            assert_eq!(m.minutes(z), 421);
        }
    }

    #[test]
    fn range_sets_p10_and_p90() {
        let mut t = task(4.0);
        t.low = Some(3.0);
        t.high = Some(6.0);
        let m = EffortModel::for_task(&t, 240, sigma_of(1.5));
        assert!(close(m.quantile(0.1), 180.0, 1e-12));
        assert!(close(m.quantile(0.9), 360.0, 1e-12));
        assert!(close(m.median, 60.0 * 18f64.sqrt(), 1e-12));
        // low = high: no spread, always that effort.
        t.low = Some(5.0);
        t.high = Some(5.0);
        let m = EffortModel::for_task(&t, 240, sigma_of(1.5));
        assert_eq!((m.minutes(-3.0), m.minutes(3.0)), (300, 300));
    }

    #[test]
    fn confidence_moves_the_median_and_keeps_the_spread() {
        let mut t = task(8.0);
        t.confidence = Some(0.8);
        let base = EffortModel::for_task(&task(8.0), 480, sigma_of(1.5));
        let m = EffortModel::for_task(&t, 480, sigma_of(1.5));
        assert_eq!(m.sigma, base.sigma);
        // P(X <= estimate) = 0.8: the estimate is the 80th percentile.
        assert!(close(m.quantile(0.8), 480.0, 1e-12));
        assert!(m.median < 480.0);
        t.confidence = Some(0.5);
        let m = EffortModel::for_task(&t, 480, sigma_of(1.5));
        assert!(close(m.median, 480.0, 1e-15));
        // With a range, the range's spread and the estimate at P(c).
        t.confidence = Some(0.3);
        t.low = Some(4.0);
        t.high = Some(16.0);
        let m = EffortModel::for_task(&t, 480, sigma_of(1.5));
        assert!(close(m.sigma, 4f64.ln() / (2.0 * Z90), 1e-15));
        assert!(close(m.quantile(0.3), 480.0, 1e-12));
    }

    #[test]
    fn huge_draws_saturate_instead_of_overflowing() {
        let m = EffortModel::new(1e12, 10.0);
        assert_eq!(m.minutes(8.0), 1e15 as i64);
        assert_eq!(m.minutes(-8.0), 1);
    }

    #[test]
    fn a_shared_part_keeps_the_tasks_spread() {
        let m = EffortModel::new(600.0, 0.3).with_shared(0.18);
        assert!(close(m.own * m.own + m.shared * m.shared, 0.09, 1e-15));
        assert!(close(m.own, 0.24, 1e-12));
        // z and the common deviate add on the log scale.
        let x = 600.0 * (0.24f64 * 1.0 + 0.18 * -2.0).exp();
        assert_eq!(m.minutes_with(1.0, -2.0), x.round() as i64);
        // No shared part: exactly the one-deviate draw.
        let plain = EffortModel::new(600.0, 0.3).with_shared(0.0);
        assert_eq!(plain, EffortModel::new(600.0, 0.3));
        assert_eq!(plain.minutes_with(1.3, 5.0), plain.minutes(1.3));
        // A shared σ above the task's own spread is cut to it.
        let narrow = EffortModel::new(600.0, 0.1).with_shared(0.5);
        assert_eq!((narrow.shared, narrow.own), (0.1, 0.0));
    }

    #[test]
    fn an_in_progress_range_scales_to_what_remains() {
        let mut t = task(10.0);
        t.low = Some(8.0);
        t.high = Some(18.0);
        t.status = crate::model::Status::InProgress;
        t.progress.remaining = Some(4.0);
        let m = EffortModel::for_task(&t, 240, sigma_of(1.5));
        // Median √(8·18) = 12 hours of the whole, × 4/10 left.
        assert!(close(m.median, 60.0 * 12.0 * 0.4, 1e-12));
        assert!(close(m.sigma, (18.0f64 / 8.0).ln() / (2.0 * Z90), 1e-15));
    }
}
