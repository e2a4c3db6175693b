//! Liquidation risk under volatility: `f64` statistics on top of the exact venue math.
//!
//! # Model and units
//! The price follows geometric Brownian motion (GBM)
//! ```text
//! dS/S = μ dt + σ dW        ⇔   X_t = ln(S_t/S_0) = ν t + σ W_t,   ν = μ − σ²/2
//! ```
//! - `σ` (`volatility_annual`) and `μ` (`drift_annual`) are annual **fractions** (0.6 = 60 %);
//! - time `t` and the horizon `T` are in **years of 365 days** (crypto trades 24/7):
//!   a horizon of `h` hours is `T = h / (24·365)` ([`volatility::horizon_years_from_hours`]).
//!
//! Source for the model: Shreve, *Stochastic Calculus for Finance II* (2004), §4.4.
//!
//! # Modules
//! - [`normal`]: `erf`, `erfc`, `Φ`, `Φ⁻¹`, `ln Φ` to ≈ 1e-15 (Cody 1969; Acklam + Halley).
//! - [`volatility`]: annual ↔ daily σ, σ from an ATR (Parkinson 1980), horizons.
//! - [`gbm`]: closed forms: touch probabilities (reflection principle with drift), the
//!   Broadie–Glasserman–Kou continuity correction, target-before-stop (scale function and a
//!   finite-horizon two-barrier series), expected loss, value-at-risk and expected shortfall.
//! - [`rng`]: seeded, reproducible `xoshiro256**` with normal and Student-t variates.
//! - [`montecarlo`]: paths with Gaussian, Student-t or Merton-jump increments; stops with
//!   gaps, liquidation, target; runs in slices ([`montecarlo::MonteCarlo::run_chunk`]).
//! - [`safe_leverage`]: highest leverage meeting a stop buffer and a liquidation-probability
//!   limit (bisection), Kelly and fractional Kelly.
//! - [`summary`]: the probabilities a scenario report carries, from the scenario's fields.
//!
//! Every input is validated: invalid numbers give a [`RiskError`], never a panic and never a
//! silent `NaN`. Numerical tolerances live in [`prec`].

pub mod gbm;
pub mod montecarlo;
pub mod normal;
pub mod rng;
pub mod safe_leverage;
pub mod summary;
pub mod volatility;

use core::fmt;

pub use super::contract::Side;
pub use gbm::{Gbm, Monitoring};

/// Numerical tolerances and limits, in one place.
pub mod prec {
    /// Relative accuracy the normal-distribution functions are held to in the tests.
    pub const NORMAL_REL: f64 = 1e-14;
    /// A series term smaller than this (relative to 1) ends a series.
    pub const SERIES_EPS: f64 = 1e-17;
    /// Hard cap on the number of terms of a series (it never gets close for valid inputs).
    pub const SERIES_MAX_TERMS: usize = 400;
    /// Two-barrier series: use the method of images while `σ²T / w² ≤` this, else the
    /// eigenfunction (Fourier) series. Both converge to ≈ 1e-17 within a dozen terms there.
    pub const TWO_BARRIER_SWITCH: f64 = 1.0;
    /// Below this annual volatility the model is treated as deterministic (the `σ → 0`
    /// limit); it keeps `2ν/σ²` finite.
    pub const SIGMA_ZERO: f64 = 1e-100;
    /// Iteration cap of the value-at-risk bisection.
    pub const VAR_BISECTION_ITER: usize = 200;
    /// Relative width at which the value-at-risk bisection stops.
    pub const VAR_REL: f64 = 1e-13;
    /// Relative width at which the safe-leverage bisection stops.
    pub const BISECTION_REL: f64 = 1e-10;
    /// Iteration cap of the safe-leverage bisection (2⁻²⁰⁰ is far below `BISECTION_REL`).
    pub const BISECTION_MAX_ITER: usize = 200;
    /// Broadie–Glasserman–Kou constant `β = −ζ(1/2)/√(2π) ≈ 0.5826`.
    pub const BGK_BETA: f64 = 0.582_597_157_939_010_6;
    /// Killed-density image series: images up to this many `σ√T` beyond the corridor are
    /// kept (the next one weighs less than e^{−50} of the largest).
    pub const IMAGE_SIGMAS: f64 = 10.0;
    /// Brownian-bridge crossing test: an exponent `2d₀d₁/(σ²Δt)` above this means a crossing
    /// probability below e^{−40} ≈ 4e−18, taken as zero (no uniform is drawn).
    pub const BRIDGE_CUTOFF: f64 = 40.0;
    /// Largest number of steps one Monte Carlo path may have.
    pub const MC_MAX_STEPS: u32 = 1_000_000;
    /// Largest expected number of jumps per Monte Carlo step (Poisson sampling by products
    /// of uniforms stays exact and fast below this).
    pub const MC_MAX_JUMPS_PER_STEP: f64 = 30.0;
}

/// Why a risk computation was refused.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum RiskError {
    /// The input is NaN or infinite.
    NotFinite { what: &'static str },
    /// The input must be ≥ 0.
    Negative { what: &'static str, value: f64 },
    /// The input must be > 0.
    NotPositive { what: &'static str, value: f64 },
    /// The input must lie in `[min, max]`.
    OutOfRange {
        what: &'static str,
        value: f64,
        min: f64,
        max: f64,
    },
    /// A barrier lies on the wrong side of the current price, e.g. a long's stop above it.
    WrongSide {
        what: &'static str,
        expected: &'static str,
    },
    /// Inputs that are each valid but do not fit together.
    Inconsistent(&'static str),
}

impl fmt::Display for RiskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RiskError::NotFinite { what } => write!(f, "{what} must be a finite number"),
            RiskError::Negative { what, value } => {
                write!(f, "{what} must not be negative (got {value})")
            }
            RiskError::NotPositive { what, value } => {
                write!(f, "{what} must be greater than zero (got {value})")
            }
            RiskError::OutOfRange {
                what,
                value,
                min,
                max,
            } => write!(f, "{what} must be between {min} and {max} (got {value})"),
            RiskError::WrongSide { what, expected } => {
                write!(f, "{what} must be {expected} the current price")
            }
            RiskError::Inconsistent(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for RiskError {}

/// Result of a risk computation.
pub type RiskResult<T> = Result<T, RiskError>;

/// `x` if it is finite.
pub(crate) fn finite(what: &'static str, x: f64) -> RiskResult<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(RiskError::NotFinite { what })
    }
}

/// `x` if it is finite and ≥ 0.
pub(crate) fn non_negative(what: &'static str, x: f64) -> RiskResult<f64> {
    let x = finite(what, x)?;
    if x < 0.0 {
        Err(RiskError::Negative { what, value: x })
    } else {
        Ok(x)
    }
}

/// `x` if it is finite and > 0.
pub(crate) fn positive(what: &'static str, x: f64) -> RiskResult<f64> {
    let x = finite(what, x)?;
    if x > 0.0 {
        Ok(x)
    } else {
        Err(RiskError::NotPositive { what, value: x })
    }
}

/// `x` if it is finite and in `[min, max]`.
pub(crate) fn in_range(what: &'static str, x: f64, min: f64, max: f64) -> RiskResult<f64> {
    let x = finite(what, x)?;
    if x < min || x > max {
        Err(RiskError::OutOfRange {
            what,
            value: x,
            min,
            max,
        })
    } else {
        Ok(x)
    }
}

/// How the position's profit depends on the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PnlKind {
    /// Quote-settled (USDT/USDC-margined): profit ∝ `S − S₀`.
    Linear,
    /// Coin-settled (inverse): profit in coin ∝ `1/S₀ − 1/S`.
    Inverse,
}

/// A position's exposure: side and contract kind. Profit is measured as a fraction of the
/// notional at the reference price `S₀` (in the settlement currency).
///
/// ```text
/// linear:  r(S) = s·(S/S₀ − 1)
/// inverse: r(S) = s·(1 − S₀/S)
/// ```
/// `s` = +1 long, −1 short. Multiply by the notional at `S₀` (quote for linear, coin for
/// inverse) to get money. Source: shared/reference/venue-formulas.md (notation), as in
/// [`crate::engine::contract`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Exposure {
    pub side: Side,
    pub kind: PnlKind,
}

impl Exposure {
    pub const fn new(side: Side, kind: PnlKind) -> Self {
        Exposure { side, kind }
    }

    /// A linear long.
    pub const LINEAR_LONG: Exposure = Exposure::new(Side::Long, PnlKind::Linear);
    /// A linear short.
    pub const LINEAR_SHORT: Exposure = Exposure::new(Side::Short, PnlKind::Linear);

    /// `+1.0` for a long, `−1.0` for a short.
    pub fn sign(self) -> f64 {
        match self.side {
            Side::Long => 1.0,
            Side::Short => -1.0,
        }
    }

    /// Profit as a fraction of the notional at `S₀`, for a log-return `x = ln(S/S₀)`.
    ///
    /// ```text
    /// linear:  r = s·(eˣ − 1)        inverse: r = s·(1 − e⁻ˣ)
    /// ```
    pub fn pnl_from_log(self, x: f64) -> f64 {
        match self.kind {
            PnlKind::Linear => self.sign() * x.exp_m1(),
            PnlKind::Inverse => -self.sign() * (-x).exp_m1(),
        }
    }

    /// Profit as a fraction of the notional at `s0` when the price is `s`.
    pub fn pnl(self, s0: f64, s: f64) -> f64 {
        self.pnl_from_log((s / s0).ln())
    }

    /// The profit is `a·(e^{c·x} − 1)`: returns `(a, c)` (each ±1).
    pub(crate) fn affine_exp(self) -> (f64, f64) {
        match self.kind {
            PnlKind::Linear => (self.sign(), 1.0),
            PnlKind::Inverse => (-self.sign(), -1.0),
        }
    }
}

/// Benchmark workloads without timers (`std::time::Instant` panics in the browser): the
/// caller times them with its own clock (`performance.now()` in the page,
/// `Instant` natively — see the ignored `bench_*` tests in `tests/risk.rs`).
pub mod bench {
    use super::gbm::{prob_touch, Gbm, Monitoring};
    use super::montecarlo::{Barriers, Increments, MonteCarlo, PathMonitoring, SimConfig};
    use super::{Exposure, RiskResult};

    /// `n` closed-form touch probabilities over a sweep of barriers; returns their sum
    /// (so the work cannot be optimised away).
    pub fn closed_form_workload(n: usize) -> RiskResult<f64> {
        let model = Gbm::new(0.8, 0.05)?;
        let mut acc = 0.0;
        for i in 0..n {
            let barrier = 100.0 * (0.5 + 0.499 * (i % 1000) as f64 / 1000.0);
            acc += prob_touch(
                &model,
                100.0,
                barrier,
                24.0 / 8760.0,
                Monitoring::Continuous,
            )?;
        }
        Ok(acc)
    }

    /// Monte Carlo of `paths` paths × `steps` steps over one day (σ = 80 %, stop, liquidation
    /// and target set); returns the path-steps simulated.
    pub fn monte_carlo_workload(
        paths: u64,
        steps: u32,
        increments: Increments,
        monitoring: PathMonitoring,
    ) -> RiskResult<u64> {
        let config = SimConfig {
            model: Gbm::new(0.8, 0.0)?,
            increments,
            s0: 100.0,
            horizon_years: 24.0 / 8760.0,
            steps,
            monitoring,
            exposure: Exposure::LINEAR_LONG,
            barriers: Barriers {
                stop: Some(97.0),
                liquidation: Some(95.0),
                target: Some(104.0),
                liquidation_pnl: None,
            },
            seed: 7,
            confidence: 0.99,
            fan_points: 0,
        };
        let mut mc = MonteCarlo::new(config)?;
        mc.run_chunk(paths);
        Ok(mc.paths_done() * u64::from(steps))
    }
}
