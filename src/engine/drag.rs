//! Volatility drag of a constant-leverage position rebalanced every period (a leveraged token
//! or a perpetual position topped up to the same leverage every day).
//!
//! Each period (a day by default, `dt = 1/365` year) the underlying returns `rₜ`, i.i.d. with
//! mean `m = μ·dt` and variance `v = σ²·dt` (simple returns; `μ`, `σ` annual fractions). The
//! position is reset to leverage `L` at the start of every period, so after `n` periods
//!
//! ```text
//! W_n = Π (1 + L·rₜ)                                       (W₀ = 1)
//! mean:    E[W_n] = (1 + L·m)^n                            (exact, by independence)
//! log:     E[ln(1 + L·r)] ≈ g(L) = ln(1 + L·m) − L²·v / (2·(1 + L·m)²)     (second order)
//!          Var[ln(1 + L·r)] ≈ s²(L) = L²·v / (1 + L·m)²
//! median ≈ e^{n·g(L)} = (1 + L·m)^n · e^{−n·L²·v / (2·(1 + L·m)²)}
//! band   ≈ e^{n·g ± z·s·√n}                                (lognormal by the CLT)
//! ```
//! The factor `e^{−n·L²·v/(2(1+Lm)²)}` is the volatility drag: the median falls behind the mean
//! as `L²σ²` grows. In continuous time this becomes `median = e^{(Lμ − L²σ²/2)·T}`, maximised at
//! the Kelly leverage `L* = μ/σ²`; the leveraged product against `L×` the underlying's log
//! return carries `e^{−(L² − L)σ²T/2}`.
//!
//! Sources: M. Cheng & A. Madhavan (2009), "The Dynamics of Leveraged and Inverse
//! Exchange-Traded Funds", *Journal of Investment Management* 7(4), 43–62 (daily-rebalanced
//! compounding and its variance term); M. Avellaneda & S. Zhang (2010), "Path-dependence of
//! leveraged ETF returns", *SIAM J. Financial Math.* 1, 586–603 (the `(L² − L)σ²/2` term);
//! E. O. Thorp (2006), "The Kelly criterion in blackjack, sports betting and the stock market",
//! §7 (`f* = μ/σ²` for a continuous lognormal asset).

use super::error::{CalcError, CalcResult, Field};
use rust_decimal::Decimal;

/// Largest annual volatility accepted (2000 %).
pub const MAX_SIGMA: f64 = 20.0;
/// Largest absolute annual drift accepted (10 000 %).
pub const MAX_DRIFT: f64 = 100.0;
/// Largest |leverage| accepted.
pub const MAX_LEVERAGE: f64 = 1000.0;
/// Most rebalancing periods (100 years of days).
pub const MAX_PERIODS: u32 = 36_500;
/// The band is reported at 5 % and 95 %: `z = Φ⁻¹(0.95)`.
pub const Z_95: f64 = 1.644_853_626_951_472_2;
/// Per-period standard deviation of the leveraged return above which the second-order
/// (lognormal) approximation is flagged as unreliable (a −100 % period is then plausible).
pub const RELIABLE_PERIOD_SD: f64 = 0.2;

/// A validated drag model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drag {
    sigma: f64,
    mu: f64,
    periods_per_year: f64,
    periods: u32,
}

/// The outcome of one leverage over the horizon, per unit of starting capital.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub leverage: f64,
    /// `E[W_n]`.
    pub mean: f64,
    /// Median of `W_n`.
    pub median: f64,
    /// 5 % and 95 % quantiles of `W_n`.
    pub p05: f64,
    pub p95: f64,
    /// `1 − median/mean`: the share of the mean outcome lost to volatility for the typical path.
    pub drag: f64,
    /// False when `|L|·σ·√dt` exceeds [`RELIABLE_PERIOD_SD`].
    pub reliable: bool,
}

/// The leverage with the highest median.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum GrowthOptimal {
    /// The median is maximised at this leverage (negative: short).
    At(f64),
    /// The median keeps rising with |leverage| (volatility too small against the drift):
    /// `+1.0` towards long leverage, `−1.0` towards short.
    Unbounded { direction: f64 },
}

impl Drag {
    /// Daily rebalancing (365 periods a year) over `days`.
    ///
    /// # Errors
    /// [`CalcError::NotANumber`], [`CalcError::Negative`], [`CalcError::TooLarge`] naming
    /// volatility, drift or horizon.
    pub fn daily(sigma_annual: f64, mu_annual: f64, days: u32) -> CalcResult<Drag> {
        Drag::new(sigma_annual, mu_annual, 365.0, days)
    }

    /// Rebalancing `periods_per_year` times a year, for `periods` periods.
    ///
    /// # Errors
    /// As [`Drag::daily`]; the period count must be `1 ..= MAX_PERIODS` and
    /// `periods_per_year` in `[1, 525 600]` (once a minute).
    pub fn new(
        sigma_annual: f64,
        mu_annual: f64,
        periods_per_year: f64,
        periods: u32,
    ) -> CalcResult<Drag> {
        check(Field::Volatility, sigma_annual, 0.0, MAX_SIGMA)?;
        check(Field::Drift, mu_annual, -MAX_DRIFT, MAX_DRIFT)?;
        check(Field::Horizon, periods_per_year, 1.0, 525_600.0)?;
        if periods == 0 {
            return Err(CalcError::NotPositive(Field::Horizon));
        }
        if periods > MAX_PERIODS {
            return Err(CalcError::TooLarge {
                field: Field::Horizon,
                max: Decimal::from(MAX_PERIODS),
            });
        }
        Ok(Drag {
            sigma: sigma_annual,
            mu: mu_annual,
            periods_per_year,
            periods,
        })
    }

    /// Mean simple return per period.
    ///
    /// ```text
    /// m = μ·dt,   dt = 1/periods_per_year
    /// ```
    pub fn period_mean(&self) -> f64 {
        self.mu / self.periods_per_year
    }

    /// Variance of the simple return per period.
    ///
    /// ```text
    /// v = σ²·dt
    /// ```
    pub fn period_variance(&self) -> f64 {
        self.sigma * self.sigma / self.periods_per_year
    }

    pub fn periods(&self) -> u32 {
        self.periods
    }

    /// Mean, median, 5–95 % band and drag at leverage `L`.
    ///
    /// # Formula
    /// ```text
    /// u = 1 + L·m
    /// mean   = uⁿ
    /// median = uⁿ · exp(−n·L²·v/(2u²))
    /// p05, p95 = median · exp(∓ z·√n·|L|·√v/u),   z = 1.6449
    /// drag   = 1 − median/mean
    /// ```
    /// Source: Cheng & Madhavan (2009); see the module docs.
    ///
    /// # Errors
    /// [`CalcError::TooLarge`] for `|L|` above [`MAX_LEVERAGE`]; [`CalcError::Degenerate`] when
    /// `1 + L·m ≤ 0` (the expected period return alone wipes the position out) or the result
    /// leaves the `f64` range.
    pub fn outcome(&self, leverage: f64) -> CalcResult<Outcome> {
        check(Field::Leverage, leverage, -MAX_LEVERAGE, MAX_LEVERAGE)?;
        let m = self.period_mean();
        let v = self.period_variance();
        let u = 1.0 + leverage * m;
        if u <= 0.0 {
            return Err(CalcError::Degenerate(
                "leverage times the drift per period is −100 % or worse",
            ));
        }
        let n = self.periods as i32;
        let nf = f64::from(self.periods);
        let mean = u.powi(n);
        let drag_exp = -nf * leverage * leverage * v / (2.0 * u * u);
        let median = mean * drag_exp.exp();
        let spread = Z_95 * nf.sqrt() * leverage.abs() * v.sqrt() / u;
        let p05 = median * (-spread).exp();
        let p95 = median * spread.exp();
        if !(mean.is_finite() && median.is_finite() && p95.is_finite()) {
            return Err(CalcError::Degenerate(
                "the outcome is too large to represent; shorten the horizon",
            ));
        }
        Ok(Outcome {
            leverage,
            mean,
            median,
            p05,
            p95,
            drag: if mean > 0.0 { 1.0 - median / mean } else { 0.0 },
            reliable: leverage.abs() * v.sqrt() <= RELIABLE_PERIOD_SD,
        })
    }

    /// Outcomes at `points` leverages evenly spaced over `[from, to]` (for the chart).
    ///
    /// ```text
    /// L_k = from + k·(to − from)/(points − 1),   k = 0 … points − 1
    /// ```
    /// Leverages where [`Drag::outcome`] fails are left out.
    ///
    /// # Errors
    /// [`CalcError::NotPositive`] for fewer than 2 points; more than 10 000 points or an
    /// invalid range.
    pub fn curve(&self, from: f64, to: f64, points: usize) -> CalcResult<Vec<Outcome>> {
        check(Field::Leverage, from, -MAX_LEVERAGE, MAX_LEVERAGE)?;
        check(Field::Leverage, to, -MAX_LEVERAGE, MAX_LEVERAGE)?;
        if points < 2 {
            return Err(CalcError::NotPositive(Field::Leverage));
        }
        if points > 10_000 {
            return Err(CalcError::TooLarge {
                field: Field::Leverage,
                max: Decimal::from(10_000),
            });
        }
        let step = (to - from) / (points - 1) as f64;
        Ok((0..points)
            .filter_map(|k| self.outcome(from + step * k as f64).ok())
            .collect())
    }

    /// The leverage that maximises the median [`Drag::outcome`].
    ///
    /// # Formula
    /// `d/dL [ln(1 + Lm) − L²v/(2(1 + Lm)²)] = (m·(1 + Lm)² − L·v)/(1 + Lm)³ = 0`, i.e.
    /// `m³L² + (2m² − v)L + m = 0`; the root nearest zero (the maximum) is
    /// ```text
    /// L* = 2m / ((v − 2m²) + √((v − 2m²)² − 4m⁴))        (v ≥ 4m²)
    /// ```
    /// which tends to the Kelly leverage `μ/σ²` as `dt → 0`. With `v < 4m²` there is no
    /// stationary point and the median rises without bound in the drift's direction.
    /// Source: Thorp (2006) §7 for the continuous limit; the quadratic is this model's.
    pub fn growth_optimal(&self) -> GrowthOptimal {
        let m = self.period_mean();
        let v = self.period_variance();
        if m == 0.0 {
            return GrowthOptimal::At(0.0);
        }
        let b = v - 2.0 * m * m;
        let disc = b * b - 4.0 * m * m * m * m;
        if b <= 0.0 || disc < 0.0 {
            return GrowthOptimal::Unbounded {
                direction: m.signum(),
            };
        }
        let l = 2.0 * m / (b + disc.sqrt());
        if l.abs() > MAX_LEVERAGE {
            return GrowthOptimal::Unbounded {
                direction: m.signum(),
            };
        }
        GrowthOptimal::At(l)
    }

    /// The continuous-time Kelly leverage `μ/σ²` (`None` when `σ = 0`).
    ///
    /// ```text
    /// L_Kelly = μ / σ²
    /// ```
    /// Source: Thorp (2006), §7.
    pub fn kelly(&self) -> Option<f64> {
        if self.sigma > 0.0 {
            Some(self.mu / (self.sigma * self.sigma))
        } else {
            None
        }
    }

    /// Continuous-time growth rate of the median, per year: `Lμ − L²σ²/2`.
    ///
    /// ```text
    /// g_c(L) = L·μ − L²·σ²/2
    /// ```
    /// Source: Avellaneda & Zhang (2010), eq. for the leveraged ETF value.
    pub fn continuous_growth_rate(&self, leverage: f64) -> f64 {
        leverage * self.mu - 0.5 * leverage * leverage * self.sigma * self.sigma
    }
}

use super::input::f64_within as check;

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn zero_volatility_median_equals_mean() {
        let d = Drag::daily(0.0, 0.3, 365).unwrap();
        for l in [-3.0, -1.0, 0.0, 1.0, 2.0, 5.0, 10.0] {
            let o = d.outcome(l).unwrap();
            let want = (1.0 + l * 0.3 / 365.0_f64).powi(365);
            assert_eq!(o.mean, want);
            assert_eq!(o.median, want);
            assert_eq!(o.drag, 0.0);
        }
        assert_eq!(
            d.growth_optimal(),
            GrowthOptimal::Unbounded { direction: 1.0 }
        );
    }

    #[test]
    fn growth_optimal_maximises_the_median() {
        for (sigma, mu) in [
            (0.6, 0.2),
            (0.8, 0.5),
            (0.3, -0.1),
            (1.2, 2.0),
            (0.05, 0.01),
        ] {
            let d = Drag::daily(sigma, mu, 365).unwrap();
            let GrowthOptimal::At(l) = d.growth_optimal() else {
                panic!("no optimum for {sigma} {mu}");
            };
            let best = d.outcome(l).unwrap().median;
            for eps in [1e-3, 1e-2, 0.1] {
                let h = eps * l.abs().max(1.0);
                for nb in [l + h, l - h] {
                    assert!(
                        d.outcome(nb).unwrap().median < best,
                        "{sigma} {mu} {l} {nb}"
                    );
                }
            }
            // Close to the continuous Kelly leverage μ/σ².
            assert!(rel(l, d.kelly().unwrap()) < 0.02, "{l}");
        }
    }

    #[test]
    fn drag_grows_with_leverage_and_volatility() {
        let d = Drag::daily(0.8, 0.0, 365).unwrap();
        let o1 = d.outcome(1.0).unwrap();
        let o3 = d.outcome(3.0).unwrap();
        assert!(o3.drag > o1.drag);
        // Zero drift: mean stays 1, median = e^{−n L² v / 2} = e^{−L²σ²/2} over a year.
        assert_eq!(o3.mean, 1.0);
        assert!(rel(o3.median, (-9.0 * 0.64 / 2.0_f64).exp()) < 1e-12);
        assert!(o3.p05 < o3.median && o3.median < o3.p95);
        let calm = Drag::daily(0.4, 0.0, 365).unwrap().outcome(3.0).unwrap();
        assert!(calm.drag < o3.drag);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(Drag::daily(f64::NAN, 0.1, 10).is_err());
        assert!(Drag::daily(-0.1, 0.1, 10).is_err());
        assert!(Drag::daily(0.5, 0.1, 0).is_err());
        let d = Drag::daily(0.5, 0.1, 10).unwrap();
        assert!(d.outcome(f64::INFINITY).is_err());
        assert!(d.outcome(2000.0).is_err());
        let d = Drag::daily(0.5, -100.0, 10).unwrap();
        assert!(d.outcome(10.0).is_err()); // 1 + 10·(−100/365) < 0
        assert!(
            !Drag::daily(3.0, 0.0, 10)
                .unwrap()
                .outcome(100.0)
                .unwrap()
                .reliable
        );
    }
}
