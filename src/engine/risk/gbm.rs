//! Closed forms under geometric Brownian motion: touch probabilities, target before stop,
//! expected loss, value-at-risk and expected shortfall over a horizon.
//!
//! Throughout, with `S₀` the current price, `σ` the annual volatility, `μ` the annual drift
//! and `T` the horizon in years (365-day year):
//! ```text
//! X_t = ln(S_t/S₀) = ν t + σ W_t,    ν = μ − σ²/2,    s = σ√T,    θ = 2ν/σ²
//! b   = ln(B/S₀)                     (a barrier B in log space)
//! ```
//! Source for the model and the reflection principle: S. E. Shreve, *Stochastic Calculus for
//! Finance II* (2004), §3.7 (first passage time, reflection principle) and §7.2 (maximum of
//! Brownian motion with drift, via Girsanov).

use super::normal::{cdf, ln_cdf};
use super::prec::{
    BGK_BETA, IMAGE_SIGMAS, SERIES_EPS, SERIES_MAX_TERMS, SIGMA_ZERO, TWO_BARRIER_SWITCH,
    VAR_BISECTION_ITER, VAR_REL,
};
use super::{finite, in_range, positive, Exposure, RiskError, RiskResult, Side};

/// Largest annual volatility accepted (2000 %).
pub const MAX_SIGMA: f64 = 20.0;
/// Largest absolute annual drift accepted (10 000 %).
pub const MAX_DRIFT: f64 = 100.0;
/// Longest horizon accepted, in years.
pub const MAX_HORIZON_YEARS: f64 = 100.0;

/// The price model: GBM with annual volatility `σ` and annual drift `μ` (fractions).
///
/// ```text
/// dS/S = μ dt + σ dW,   ln-price drift ν = μ − σ²/2
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gbm {
    sigma: f64,
    mu: f64,
}

impl Gbm {
    /// A validated model. `sigma_annual` in `[0, 20]`, `drift_annual` in `[−100, 100]`.
    /// `σ = 0` is allowed: the price then moves deterministically as `S₀e^{μt}`.
    ///
    /// # Errors
    /// [`RiskError::NotFinite`], [`RiskError::OutOfRange`] (a negative volatility included).
    pub fn new(sigma_annual: f64, drift_annual: f64) -> RiskResult<Gbm> {
        let sigma = finite("volatility", sigma_annual)?;
        if sigma < 0.0 {
            return Err(RiskError::Negative {
                what: "volatility",
                value: sigma,
            });
        }
        let sigma = in_range("volatility", sigma, 0.0, MAX_SIGMA)?;
        let mu = in_range("drift", drift_annual, -MAX_DRIFT, MAX_DRIFT)?;
        Ok(Gbm { sigma, mu })
    }

    /// `σ`, annual.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// `μ`, annual.
    pub fn mu(&self) -> f64 {
        self.mu
    }

    /// Drift of the log-price: `ν = μ − σ²/2`.
    pub fn nu(&self) -> f64 {
        self.mu - 0.5 * self.sigma * self.sigma
    }

    /// `σ` as used by the formulas: below `1e-100` the model is treated as deterministic
    /// (the `σ → 0` limit), which keeps `2ν/σ²` finite.
    fn effective_sigma(&self) -> f64 {
        if self.sigma < SIGMA_ZERO {
            0.0
        } else {
            self.sigma
        }
    }
}

/// How the mark price is watched for barrier crossings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Monitoring {
    /// Every instant (the formulas' native assumption).
    Continuous,
    /// Every `interval_years` (e.g. a 1-second mark price: `1/(3600·24·365)`); the
    /// continuous formulas are applied to barriers shifted by the Broadie–Glasserman–Kou
    /// correction, see [`Monitoring::shift_log_barrier`].
    Discrete { interval_years: f64 },
}

impl Monitoring {
    fn validate(self) -> RiskResult<Monitoring> {
        if let Monitoring::Discrete { interval_years } = self {
            positive("monitoring interval", interval_years)?;
        }
        Ok(self)
    }

    /// The Broadie–Glasserman–Kou continuity correction: a barrier watched every `Δt` acts
    /// like a continuously watched barrier moved away from the spot.
    ///
    /// ```text
    /// B' = B·e^{−βσ√Δt}   for a barrier below the spot,
    /// B' = B·e^{+βσ√Δt}   for a barrier above,        β = −ζ(½)/√(2π) ≈ 0.5826
    /// ```
    /// In log space `b' = b ∓ βσ√Δt`. A barrier at the spot (`b = 0`) stays put (it is
    /// touched at once). Source: M. Broadie, P. Glasserman, S. Kou (1997), "A continuity
    /// correction for discrete barrier options", *Mathematical Finance* 7(4), 325–349,
    /// Theorem 2.1; the error is `o(1/√m)` in the number `m = T/Δt` of monitoring dates.
    pub fn shift_log_barrier(self, sigma: f64, b: f64) -> f64 {
        match self {
            Monitoring::Continuous => b,
            Monitoring::Discrete { interval_years } => {
                let d = BGK_BETA * sigma * interval_years.sqrt();
                if b < 0.0 {
                    b - d
                } else if b > 0.0 {
                    b + d
                } else {
                    b
                }
            }
        }
    }
}

fn horizon(t: f64) -> RiskResult<f64> {
    in_range("horizon", t, 0.0, MAX_HORIZON_YEARS)
}

fn log_barrier(what: &'static str, s0: f64, barrier: f64) -> RiskResult<f64> {
    let s0 = positive("current price", s0)?;
    let b = positive(what, barrier)?;
    Ok((b / s0).ln())
}

/// `ln(eᵃ + eᵇ)` without overflow.
fn log_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if hi == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// `ln(Φ(u₂) − Φ(u₁))` for `u₁ ≤ u₂`, accurate in both tails (`−∞` for an empty interval).
pub(crate) fn ln_cdf_diff(u1: f64, u2: f64) -> f64 {
    if u2 <= u1 {
        return f64::NEG_INFINITY;
    }
    if u2 <= 0.0 {
        let l2 = ln_cdf(u2);
        l2 + (-(ln_cdf(u1) - l2).exp_m1()).ln()
    } else if u1 >= 0.0 {
        let l1 = ln_cdf(-u1);
        l1 + (-(ln_cdf(-u2) - l1).exp_m1()).ln()
    } else {
        (cdf(u2) - cdf(u1)).ln()
    }
}

/// `P(max_{t≤T} X_t ≥ z)` for `z > 0`, in log form, `σ > 0`, `T > 0`.
fn ln_touch_up(nu: f64, sigma: f64, z: f64, t: f64) -> f64 {
    let s = sigma * t.sqrt();
    let theta = 2.0 * nu / (sigma * sigma);
    log_add_exp(
        ln_cdf((-z + nu * t) / s),
        theta * z + ln_cdf((-z - nu * t) / s),
    )
}

/// Touch probability in log space; `b` is the log-barrier, any sign.
pub(crate) fn touch_log(nu: f64, sigma: f64, b: f64, t: f64) -> f64 {
    if b == 0.0 {
        return 1.0;
    }
    if t == 0.0 {
        return 0.0;
    }
    if sigma == 0.0 {
        // Deterministic path X_t = νt: touched iff the drift carries it to b by T.
        let end = nu * t;
        let hit = if b < 0.0 { end <= b } else { end >= b };
        return if hit { 1.0 } else { 0.0 };
    }
    let p = if b > 0.0 {
        ln_touch_up(nu, sigma, b, t).exp()
    } else {
        ln_touch_up(-nu, sigma, -b, t).exp()
    };
    p.clamp(0.0, 1.0)
}

/// Probability that the price touches `barrier` (below or above `s0`) within `horizon_years`.
///
/// ```text
/// lower barrier (b < 0):  P = Φ((b − νT)/s) + e^{2νb/σ²}·Φ((b + νT)/s)
/// upper barrier (b > 0):  P = Φ((νT − b)/s) + e^{2νb/σ²}·Φ((−b − νT)/s)
/// ```
/// with `b = ln(B/S₀)`, `s = σ√T`, `ν = μ − σ²/2`. The second term is evaluated as
/// `exp(2νb/σ² + ln Φ(·))`, so it neither overflows nor turns into `∞·0`.
///
/// Limits: `B = S₀` → 1; `T = 0` → 0; `σ = 0` → 1 if the deterministic path `νt` reaches
/// `b` by `T`, else 0 (these are also the limits of the formula).
/// With [`Monitoring::Discrete`] the barrier is first moved by the BGK correction.
///
/// Source: Shreve, *Stochastic Calculus for Finance II*, §7.2.1, eq. (7.2.2) (the joint law
/// of Brownian motion with drift and its maximum, which integrates to this), equivalently
/// Borodin & Salminen, *Handbook of Brownian Motion* (2002), Part II, 2.1.1.4.
///
/// # Errors
/// Non-positive prices, a horizon outside `[0, 100]` years, an invalid monitoring interval.
pub fn prob_touch(
    model: &Gbm,
    s0: f64,
    barrier: f64,
    horizon_years: f64,
    monitoring: Monitoring,
) -> RiskResult<f64> {
    let b = log_barrier("barrier", s0, barrier)?;
    let t = horizon(horizon_years)?;
    let sigma = model.effective_sigma();
    let b = monitoring.validate()?.shift_log_barrier(sigma, b);
    Ok(touch_log(model.nu(), sigma, b, t))
}

/// `P(hit c before a)` for `a < 0 < c`, no horizon (scale function).
fn upper_first_forever(nu: f64, sigma: f64, a: f64, c: f64) -> f64 {
    let x = -a; // distance to the lower barrier
    let w = c - a;
    if sigma == 0.0 {
        return if nu > 0.0 { 1.0 } else { 0.0 };
    }
    let theta = 2.0 * nu / (sigma * sigma);
    if theta == 0.0 {
        return x / w;
    }
    let p = if theta > 0.0 {
        (-theta * x).exp_m1() / (-theta * w).exp_m1()
    } else {
        // e^{−θx} is huge: divide through by e^{−θw}.
        (theta * (w - x)).exp() * (theta * x).exp_m1() / (theta * w).exp_m1()
    };
    p.clamp(0.0, 1.0)
}

/// Probability that the price reaches `target` before `stop`, with no time limit (the trade
/// runs until one of them is hit).
///
/// With `L < S₀ < U` the lower and upper barrier, `x = ln(S₀/L)`, `w = ln(U/L)` and
/// `θ = 2ν/σ²`, the scale function `s(y) = e^{−θy}` of `X` gives
/// ```text
/// P(U before L) = (1 − e^{−θx}) / (1 − e^{−θw})          (θ ≠ 0)
///               = x / w = ln(S₀/L) / ln(U/L)               (θ = 0, i.e. μ = σ²/2)
/// ```
/// For a long the target is `U`; for a short it is `L` and the answer is `1 − P(U before L)`.
/// With `σ > 0` one of the two is reached with probability 1. With `σ = 0` the drift decides
/// (and with `ν = 0` as well neither is ever reached: the result is 0).
///
/// Source: S. Karlin & H. M. Taylor, *A First Course in Stochastic Processes* (2nd ed.,
/// 1975), ch. 7 §5 (gambler's ruin for Brownian motion with drift); Shreve II, Exercise 8.1
/// style derivation: `e^{−θX_t}` is a martingale, optional stopping at the exit time.
///
/// # Errors
/// Non-positive prices; target and stop not on opposite sides of `s0`
/// ([`RiskError::WrongSide`]); an invalid monitoring interval.
pub fn prob_target_before_stop(
    model: &Gbm,
    s0: f64,
    target: f64,
    stop: f64,
    monitoring: Monitoring,
) -> RiskResult<f64> {
    let (a, c, target_is_upper) = bracket(model, s0, target, stop, monitoring)?;
    if a == 0.0 {
        return Ok(if target_is_upper { 0.0 } else { 1.0 });
    }
    if c == 0.0 {
        return Ok(if target_is_upper { 1.0 } else { 0.0 });
    }
    let sigma = model.effective_sigma();
    let nu = model.nu();
    let up = upper_first_forever(nu, sigma, a, c);
    Ok(if target_is_upper {
        up
    } else if sigma == 0.0 {
        if nu < 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        (1.0 - up).clamp(0.0, 1.0)
    })
}

/// Validates a target/stop pair and returns `(a, c, target_is_upper)` in log space (shifted
/// for discrete monitoring), `a ≤ 0 ≤ c`.
fn bracket(
    model: &Gbm,
    s0: f64,
    target: f64,
    stop: f64,
    monitoring: Monitoring,
) -> RiskResult<(f64, f64, bool)> {
    let bt = log_barrier("target price", s0, target)?;
    let bs = log_barrier("stop price", s0, stop)?;
    let sigma = model.effective_sigma();
    let m = monitoring.validate()?;
    if bt > 0.0 && bs <= 0.0 {
        Ok((
            m.shift_log_barrier(sigma, bs),
            m.shift_log_barrier(sigma, bt),
            true,
        ))
    } else if bt < 0.0 && bs >= 0.0 {
        Ok((
            m.shift_log_barrier(sigma, bt),
            m.shift_log_barrier(sigma, bs),
            false,
        ))
    } else {
        Err(RiskError::Inconsistent(
            "the target and the stop must lie on opposite sides of the current price",
        ))
    }
}

/// Outcome probabilities of a corridor `L < S₀ < U` within a horizon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TwoBarrier {
    /// `P(U is reached first, by T)`.
    pub upper_first: f64,
    /// `P(L is reached first, by T)`.
    pub lower_first: f64,
    /// `P(neither is reached by T) = 1 − upper_first − lower_first`.
    pub neither: f64,
}

/// `P(hit c before a, and by T)`, log space, `a < 0 < c`, `σ > 0`, `T > 0`.
fn upper_first_by(nu: f64, sigma: f64, a: f64, c: f64, t: f64) -> f64 {
    let w = c - a;
    let ratio = sigma * sigma * t / (w * w);
    let p = if ratio <= TWO_BARRIER_SWITCH {
        upper_first_images(nu, sigma, a, c, t)
    } else {
        upper_first_forever(nu, sigma, a, c) - upper_first_eigen_tail(nu, sigma, a, c, t)
    };
    p.clamp(0.0, 1.0)
}

/// Method of images: `Σ_k e^{−2kwν/σ²}·sgn(z_k)·G(|z_k|, sgn(z_k)ν, T)`, `z_k = c + 2kw`.
fn upper_first_images(nu: f64, sigma: f64, a: f64, c: f64, t: f64) -> f64 {
    let w = c - a;
    let theta = 2.0 * nu / (sigma * sigma);
    let term = |k: f64| -> f64 {
        let z = c + 2.0 * k * w;
        let lw = -k * w * theta;
        if z > 0.0 {
            (lw + ln_touch_up(nu, sigma, z, t)).exp()
        } else {
            -(lw + ln_touch_up(-nu, sigma, -z, t)).exp()
        }
    };
    let mut sum = term(0.0);
    for k in 1..SERIES_MAX_TERMS {
        let k = k as f64;
        let (tp, tm) = (term(k), term(-k));
        sum += tp + tm;
        if tp.abs().max(tm.abs()) <= SERIES_EPS * sum.abs().max(f64::MIN_POSITIVE) && k >= 2.0 {
            break;
        }
    }
    sum
}

/// Eigenfunction expansion of `P_U(∞) − P_U(T)`:
/// `(σ²π/w²)·Σ_n n(−1)^{n+1} sin(nπx/w)·e^{ν(w−x)/σ² − λ_n T}/λ_n`,
/// `λ_n = (nπσ/w)²/2 + ν²/(2σ²)`, `x = −a`.
fn upper_first_eigen_tail(nu: f64, sigma: f64, a: f64, c: f64, t: f64) -> f64 {
    let w = c - a;
    let x = -a;
    let s2 = sigma * sigma;
    let pi = core::f64::consts::PI;
    let pre = s2 * pi / (w * w);
    let base = nu * (w - x) / s2 - nu * nu * t / (2.0 * s2);
    let mut sum = 0.0;
    for n in 1..SERIES_MAX_TERMS {
        let nf = n as f64;
        let k = nf * pi / w;
        let lambda = 0.5 * k * k * s2 + nu * nu / (2.0 * s2);
        let decay = (base - 0.5 * k * k * s2 * t).exp();
        let sign = if n % 2 == 1 { 1.0 } else { -1.0 };
        let term = pre * sign * nf * (k * x).sin() * decay / lambda;
        sum += term;
        if decay / lambda * pre * nf <= SERIES_EPS * sum.abs().max(f64::MIN_POSITIVE) {
            break;
        }
    }
    sum
}

/// Exit probabilities of the corridor in log space: `a ≤ 0 ≤ c` (either may be infinite).
pub(crate) fn corridor_log(nu: f64, sigma: f64, a: f64, c: f64, t: f64) -> TwoBarrier {
    let done = |u: f64, l: f64| TwoBarrier {
        upper_first: u,
        lower_first: l,
        neither: (1.0 - u - l).clamp(0.0, 1.0),
    };
    if a == 0.0 {
        return done(0.0, 1.0);
    }
    if c == 0.0 {
        return done(1.0, 0.0);
    }
    if t == 0.0 {
        return done(0.0, 0.0);
    }
    if sigma == 0.0 {
        let end = nu * t;
        return if end >= c {
            done(1.0, 0.0)
        } else if end <= a {
            done(0.0, 1.0)
        } else {
            done(0.0, 0.0)
        };
    }
    match (a.is_finite(), c.is_finite()) {
        (false, false) => done(0.0, 0.0),
        (true, false) => done(0.0, touch_log(nu, sigma, a, t)),
        (false, true) => done(touch_log(nu, sigma, c, t), 0.0),
        (true, true) => {
            let u = upper_first_by(nu, sigma, a, c, t);
            // Reflect X → −X: the lower barrier becomes the upper one.
            let l = upper_first_by(-nu, sigma, -c, -a, t);
            done(u, l)
        }
    }
}

/// Probabilities that the price leaves the corridor `lower < S₀ < upper` through the upper
/// side first, through the lower side first, or not at all, within `horizon_years`.
///
/// With `a = ln(L/S₀) < 0 < c = ln(U/S₀)`, `w = c − a`, and
/// `G(z, ν, T) = Φ((νT − z)/s) + e^{2νz/σ²}Φ((−z − νT)/s)` (one-barrier touch, `z > 0`):
/// ```text
/// method of images (σ²T ≤ w²):
///   P_U(T) = Σ_{k∈ℤ} e^{−2kwν/σ²} · sgn(z_k) · G(|z_k|, sgn(z_k)·ν, T),   z_k = c + 2kw
/// eigenfunction series (σ²T > w²), x = −a:
///   P_U(T) = P_U(∞) − (σ²π/w²) Σ_{n≥1} (−1)^{n+1} n sin(nπx/w) e^{ν(w−x)/σ² − λ_n T} / λ_n
///   λ_n = ½(nπσ/w)² + ν²/(2σ²),   P_U(∞) = (1 − e^{−θx})/(1 − e^{−θw})
/// ```
/// `P_L` is `P_U` of the reflected process (`ν → −ν`, `(a, c) → (−c, −a)`). Both series are
/// summed until a term is below 1e-17 of the sum; in their ranges that takes a dozen terms.
///
/// Sources: T. W. Anderson (1960), "A modification of the sequential probability ratio test
/// to reduce the sample size", *Ann. Math. Statist.* 31(1), 165–197 (two-sided boundary
/// crossing by Brownian motion with drift, image series); D. R. Cox & H. D. Miller, *The
/// Theory of Stochastic Processes* (1965), §5.7 (absorbing barriers, both series);
/// Borodin & Salminen (2002), Part II, 3.0.6 / 3.1.
///
/// # Errors
/// Non-positive prices, `lower ≥ s0` or `upper ≤ s0` ([`RiskError::WrongSide`]), a horizon
/// outside `[0, 100]` years, an invalid monitoring interval.
pub fn two_barrier(
    model: &Gbm,
    s0: f64,
    lower: f64,
    upper: f64,
    horizon_years: f64,
    monitoring: Monitoring,
) -> RiskResult<TwoBarrier> {
    let a = log_barrier("lower barrier", s0, lower)?;
    let c = log_barrier("upper barrier", s0, upper)?;
    if a > 0.0 {
        return Err(RiskError::WrongSide {
            what: "the lower barrier",
            expected: "at or below",
        });
    }
    if c < 0.0 {
        return Err(RiskError::WrongSide {
            what: "the upper barrier",
            expected: "at or above",
        });
    }
    let t = horizon(horizon_years)?;
    let sigma = model.effective_sigma();
    let m = monitoring.validate()?;
    Ok(corridor_log(
        model.nu(),
        sigma,
        m.shift_log_barrier(sigma, a),
        m.shift_log_barrier(sigma, c),
        t,
    ))
}

/// Probability that `target` is reached before `stop` **and within** `horizon_years`
/// (the finite-horizon version of [`prob_target_before_stop`], via [`two_barrier`]).
///
/// ```text
/// long:  P = P_U(T) with U = target, L = stop
/// short: P = P_L(T) with L = target, U = stop
/// ```
/// Sources as for [`two_barrier`].
///
/// # Errors
/// As [`two_barrier`]; target and stop must be on opposite sides of `s0`.
pub fn prob_target_before_stop_within(
    model: &Gbm,
    s0: f64,
    target: f64,
    stop: f64,
    horizon_years: f64,
    monitoring: Monitoring,
) -> RiskResult<f64> {
    let (a, c, target_is_upper) = bracket(model, s0, target, stop, monitoring)?;
    let t = horizon(horizon_years)?;
    let r = corridor_log(model.nu(), model.effective_sigma(), a, c, t);
    Ok(if target_is_upper {
        r.upper_first
    } else {
        r.lower_first
    })
}

/// An exit order: the price at which it triggers and the profit it realises, as a fraction
/// of the notional at `S₀` (see [`Exposure`]). `pnl: None` means "the position's profit at
/// that price" (a stop or take-profit filled at its price); a liquidation passes the loss the
/// venue math gives (typically the whole margin, `−1/leverage` and fees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exit {
    pub price: f64,
    pub pnl: Option<f64>,
}

impl Exit {
    /// An exit filled at its price.
    pub fn at(price: f64) -> Exit {
        Exit { price, pnl: None }
    }
}

/// A position for [`horizon_risk`]: reference price, exposure and up to two exits.
/// `stop` is on the losing side of `s0` (below for a long) — pass the liquidation here when
/// there is no stop, or when the stop lies beyond the liquidation price; `target` on the
/// winning side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PositionSpec {
    pub s0: f64,
    pub exposure: Exposure,
    pub stop: Option<Exit>,
    pub target: Option<Exit>,
}

/// The position over the horizon. Money figures are fractions of the notional at `S₀`
/// (losses positive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HorizonRisk {
    /// `P(the stop exit is hit first, by T)`.
    pub prob_stop: f64,
    /// `P(the target exit is hit first, by T)`.
    pub prob_target: f64,
    /// `E[PnL]`.
    pub expected_pnl: f64,
    /// `E[max(−PnL, 0)]`.
    pub expected_loss: f64,
    /// The confidence `α` of the two figures below.
    pub confidence: f64,
    /// `VaR_α = inf{v : P(loss > v) ≤ 1 − α}` (negative: even that quantile is a gain).
    pub value_at_risk: f64,
    /// `ES_α`, the mean loss in the worst `1 − α` of outcomes.
    pub expected_shortfall: f64,
}

/// One Gaussian term `sign·e^{ln_w}·φ(y; mean, s²)` of a killed density.
#[derive(Debug, Clone, Copy)]
struct Term {
    sign: f64,
    ln_w: f64,
    mean: f64,
}

/// The density of `X_T` on paths that stay inside `(a, c)` up to `T`, as a sum of weighted
/// Gaussians (reflection principle / method of images with the Girsanov factor), `s > 0`.
struct Killed {
    a: f64,
    c: f64,
    s: f64,
    terms: Vec<Term>,
}

impl Killed {
    fn new(nu: f64, sigma: f64, a: f64, c: f64, t: f64) -> Killed {
        let s = sigma * t.sqrt();
        let theta = 2.0 * nu / (sigma * sigma);
        let drift = nu * t;
        let free = Term {
            sign: 1.0,
            ln_w: 0.0,
            mean: drift,
        };
        let mirror = |b: f64| Term {
            sign: -1.0,
            ln_w: theta * b,
            mean: 2.0 * b + drift,
        };
        let terms = match (a.is_finite(), c.is_finite()) {
            (false, false) => vec![free],
            (true, false) => vec![free, mirror(a)],
            (false, true) => vec![free, mirror(c)],
            (true, true) => {
                // p(y) = Σ_k e^{νm_k/σ²}φ(y; m_k + νT) − e^{νm'_k/σ²}φ(y; m'_k + νT),
                // m_k = 2kw, m'_k = 2a + 2kw.
                let w = c - a;
                let kmax =
                    ((IMAGE_SIGMAS * s / (2.0 * w)).ceil() as usize + 2).min(SERIES_MAX_TERMS);
                let mut v = Vec::with_capacity(4 * kmax + 2);
                for k in -(kmax as i64)..=(kmax as i64) {
                    let m = 2.0 * k as f64 * w;
                    v.push(Term {
                        sign: 1.0,
                        ln_w: 0.5 * theta * m,
                        mean: m + drift,
                    });
                    let m2 = 2.0 * a + m;
                    v.push(Term {
                        sign: -1.0,
                        ln_w: 0.5 * theta * m2,
                        mean: m2 + drift,
                    });
                }
                v
            }
        };
        Killed { a, c, s, terms }
    }

    /// `(∫ p(y) dy, ∫ e^{κy} p(y) dy)` over `(y1, y2) ∩ (a, c)`.
    ///
    /// `∫ e^{κy}φ(y; m, s²) dy over (y1, y2) = e^{κm + κ²s²/2}[Φ((y2−m−κs²)/s) − Φ((y1−m−κs²)/s)]`
    fn moments(&self, y1: f64, y2: f64, kappa: f64) -> (f64, f64) {
        let lo = y1.max(self.a);
        let hi = y2.min(self.c);
        if hi <= lo {
            return (0.0, 0.0);
        }
        let s = self.s;
        let (mut p0, mut p1) = (0.0, 0.0);
        for t in &self.terms {
            let d0 = ln_cdf_diff((lo - t.mean) / s, (hi - t.mean) / s);
            p0 += t.sign * (t.ln_w + d0).exp();
            let shift = t.mean + kappa * s * s;
            let d1 = ln_cdf_diff((lo - shift) / s, (hi - shift) / s);
            p1 += t.sign * (t.ln_w + kappa * t.mean + 0.5 * kappa * kappa * s * s + d1).exp();
        }
        (p0.max(0.0), p1.max(0.0))
    }
}

/// Expected profit, expected loss, value-at-risk and expected shortfall of a position over
/// `horizon_years`, with an optional stop and target that close it early.
///
/// Profit (fraction of notional at `S₀`) is `r(y) = A·(e^{κy} − 1)` for a log-return `y`
/// (`A = s, κ = 1` linear; `A = −s, κ = −1` inverse; `s = ±1` the side). Let `a < 0 < c` be
/// the log exits (±∞ when absent), `P_a`, `P_c` their first-exit probabilities by `T`
/// ([`two_barrier`]) and `p(y)` the density of `X_T` on paths that stayed in `(a, c)`:
/// ```text
/// p(y) = Σ_k [ e^{νm_k/σ²} φ_s(y − m_k − νT) − e^{νm'_k/σ²} φ_s(y − m'_k − νT) ]
///        m_k = 2k(c − a),  m'_k = 2a + m_k        (one barrier b: m₀ = 0, m'₀ = 2b only)
/// E[PnL]  = P_a·r_a + P_c·r_c + ∫ r(y) p(y) dy
/// loss L  = −PnL;  P(L > v) = Σ_{exits: −r_e > v} P_e + ∫_{L(y) > v} p(y) dy
/// VaR_α   = inf{v : P(L > v) ≤ 1 − α}       (bisection on v; L(y) is monotone in y)
/// ES_α    = ( E[L·1{L > VaR}] + VaR·(1 − α − P(L > VaR)) ) / (1 − α)
/// E[loss] = E[L·1{L > 0}]
/// ```
/// with `∫ e^{κy} φ(y; m, s²) dy = e^{κm + κ²s²/2}·[Φ((y₂−m−κs²)/s) − Φ((y₁−m−κs²)/s)]`.
/// Without exits this is the lognormal model: e.g. a linear long has
/// `VaR = 1 − e^{νT − s·z_α}` ([`value_at_risk`]).
///
/// Sources: killed density — Shreve II §7.2 (one barrier), Cox & Miller (1965) §5.7 (two
/// barriers, images); ES with atoms — C. Acerbi & D. Tasche (2002), "On the coherence of
/// expected shortfall", *J. Banking & Finance* 26(7), 1487–1503, eq. (3.3); VaR —
/// P. Jorion, *Value at Risk* (3rd ed., 2007), ch. 5.
///
/// # Errors
/// Invalid prices or horizon; an exit on the wrong side of `s0`; `confidence` outside
/// `[0.5, 1)`; a non-finite exit profit.
pub fn horizon_risk(
    model: &Gbm,
    position: &PositionSpec,
    horizon_years: f64,
    confidence: f64,
    monitoring: Monitoring,
) -> RiskResult<HorizonRisk> {
    let s0 = positive("current price", position.s0)?;
    let t = horizon(horizon_years)?;
    let alpha = in_range("confidence", confidence, 0.5, 1.0 - 1e-12)?;
    let m = monitoring.validate()?;
    let sigma = model.effective_sigma();
    let nu = model.nu();
    let ex = position.exposure;
    let long = ex.side == Side::Long;

    let exit_log =
        |e: Option<Exit>, what: &'static str, below: bool| -> RiskResult<Option<(f64, f64)>> {
            let Some(e) = e else { return Ok(None) };
            let y = log_barrier(what, s0, e.price)?;
            if (below && y > 0.0) || (!below && y < 0.0) {
                return Err(RiskError::WrongSide {
                    what,
                    expected: if below { "at or below" } else { "at or above" },
                });
            }
            let pnl = match e.pnl {
                Some(p) => finite("exit profit", p)?,
                None => ex.pnl_from_log(y),
            };
            Ok(Some((m.shift_log_barrier(sigma, y), pnl)))
        };
    // A long's stop is below, its target above; a short's the other way round.
    let stop = exit_log(position.stop, "stop price", long)?;
    let target = exit_log(position.target, "target price", !long)?;
    let (lower, upper) = if long { (stop, target) } else { (target, stop) };
    let a = lower.map_or(f64::NEG_INFINITY, |e| e.0);
    let c = upper.map_or(f64::INFINITY, |e| e.0);
    let r_a = lower.map_or(0.0, |e| e.1);
    let r_c = upper.map_or(0.0, |e| e.1);

    let corridor = corridor_log(nu, sigma, a, c, t);
    let (p_a, p_c) = (corridor.lower_first, corridor.upper_first);
    let (prob_stop, prob_target) = if long { (p_a, p_c) } else { (p_c, p_a) };
    let (amp, kappa) = ex.affine_exp();
    let loss_of = |y: f64| -amp * (kappa * y).exp_m1();

    // Degenerate: the end point is certain (σ = 0 or T = 0), or an exit is at the spot.
    if sigma == 0.0 || t == 0.0 || corridor.neither == 0.0 && (a == 0.0 || c == 0.0) {
        let loss = if p_a >= 1.0 {
            -r_a
        } else if p_c >= 1.0 {
            -r_c
        } else {
            loss_of(nu * t)
        };
        return Ok(HorizonRisk {
            prob_stop,
            prob_target,
            expected_pnl: -loss,
            expected_loss: loss.max(0.0),
            confidence: alpha,
            value_at_risk: loss,
            expected_shortfall: loss,
        });
    }

    let killed = Killed::new(nu, sigma, a, c, t);
    let atoms = [(p_a, -r_a), (p_c, -r_c)];
    // {y : L(y) > v} is (−∞, y_v) for a long, (y_v, ∞) for a short, with
    // y_v = ln(1 − v/A)/κ; empty or everything when 1 − v/A ≤ 0.
    let region = |v: f64| -> (f64, f64) {
        let arg = 1.0 - v / amp;
        if arg <= 0.0 {
            // L(y) > v never (amp > 0: L < A) or always (amp < 0: L > −1 ≥ v).
            return if amp > 0.0 {
                (0.0, 0.0)
            } else {
                (f64::NEG_INFINITY, f64::INFINITY)
            };
        }
        let yv = arg.ln() / kappa;
        if long {
            (f64::NEG_INFINITY, yv)
        } else {
            (yv, f64::INFINITY)
        }
    };
    // (P(L > v), E[L·1{L > v}])
    let tail = |v: f64| -> (f64, f64) {
        let (mut p, mut e) = (0.0, 0.0);
        for &(pe, le) in &atoms {
            if pe > 0.0 && le > v {
                p += pe;
                e += pe * le;
            }
        }
        let (y1, y2) = region(v);
        if y2 > y1 {
            let (m0, m1) = killed.moments(y1, y2, kappa);
            p += m0;
            e += amp * (m0 - m1);
        }
        (p, e)
    };

    let (all0, all1) = killed.moments(f64::NEG_INFINITY, f64::INFINITY, kappa);
    let expected_pnl = p_a * r_a + p_c * r_c + amp * (all1 - all0);
    let expected_loss = tail(0.0).1.max(0.0);

    // VaR by bisection: find a bracket [lo, hi] with P(L > lo) > 1 − α ≥ P(L > hi).
    let q = 1.0 - alpha;
    let mut hi = 1.0f64;
    let mut n = 0;
    while tail(hi).0 > q && n < 200 {
        hi = 2.0 * hi + 1.0;
        n += 1;
    }
    let mut lo = -0.5f64;
    n = 0;
    while tail(lo).0 <= q && n < 200 {
        // Losses are > −1 for amp < 0 sides only in the limit; step towards −∞ geometrically.
        lo = 2.0 * lo - 1.0;
        n += 1;
    }
    for _ in 0..VAR_BISECTION_ITER {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi || hi - lo <= VAR_REL * hi.abs().max(1e-3) {
            break;
        }
        if tail(mid).0 > q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let var = hi;
    let (p_tail, e_tail) = tail(var);
    let es = (e_tail + var * (q - p_tail)) / q;
    let out = HorizonRisk {
        prob_stop,
        prob_target,
        expected_pnl,
        expected_loss,
        confidence: alpha,
        value_at_risk: var,
        expected_shortfall: es.max(var),
    };
    for v in [out.expected_pnl, out.expected_loss, var, es] {
        if !v.is_finite() {
            return Err(RiskError::Inconsistent(
                "the horizon is too long for this volatility: the loss figures overflow",
            ));
        }
    }
    Ok(out)
}

fn lognormal_params(model: &Gbm, exposure: Exposure, t: f64) -> (f64, f64, f64, f64) {
    let (amp, kappa) = exposure.affine_exp();
    let s = model.effective_sigma() * t.sqrt();
    (amp, kappa * model.nu() * t, s, model.mu() * t)
}

/// Value-at-risk of an unprotected position over `horizon_years` at confidence `α`, as a
/// fraction of the notional at `S₀` (loss positive).
///
/// With `Y = κX_T ~ N(κνT, s²)`, profit `A(e^Y − 1)` ([`Exposure`]) and `z = Φ⁻¹(α)`:
/// ```text
/// A = +1 (linear long, inverse short):  VaR = 1 − e^{κνT − s·z}
/// A = −1 (linear short, inverse long):  VaR = e^{κνT + s·z} − 1
/// ```
/// Source: Jorion, *Value at Risk* (3rd ed., 2007), §5.2 (lognormal VaR); Hull, *Options,
/// Futures, and Other Derivatives*, §15.1 (lognormal property of GBM).
///
/// # Errors
/// Invalid horizon, `confidence` outside `[0.5, 1)`, overflow for absurd horizons.
pub fn value_at_risk(
    model: &Gbm,
    exposure: Exposure,
    horizon_years: f64,
    confidence: f64,
) -> RiskResult<f64> {
    let t = horizon(horizon_years)?;
    let alpha = in_range("confidence", confidence, 0.5, 1.0 - 1e-12)?;
    let z = super::normal::inv_cdf(alpha)?;
    let (amp, m, s, _) = lognormal_params(model, exposure, t);
    let v = if amp > 0.0 {
        -(m - s * z).exp_m1()
    } else {
        (m + s * z).exp_m1()
    };
    finite_out(v)
}

/// Expected shortfall (conditional VaR) of an unprotected position over `horizon_years`.
///
/// ```text
/// A = +1:  ES = 1 − e^{κνT + s²/2}·Φ(−z − s)/(1 − α)
/// A = −1:  ES = e^{κνT + s²/2}·Φ(s − z)/(1 − α) − 1
/// ```
/// (`E[e^Y; Y ≤ m − sz] = e^{m + s²/2}Φ(−z − s)`, the lognormal partial expectation.)
/// Source: Acerbi & Tasche (2002), J. Banking & Finance 26(7); Hull, *Options, Futures, and
/// Other Derivatives*, technical note 2 (partial expectation of a lognormal variable).
///
/// # Errors
/// As [`value_at_risk`].
pub fn expected_shortfall(
    model: &Gbm,
    exposure: Exposure,
    horizon_years: f64,
    confidence: f64,
) -> RiskResult<f64> {
    let t = horizon(horizon_years)?;
    let alpha = in_range("confidence", confidence, 0.5, 1.0 - 1e-12)?;
    let z = super::normal::inv_cdf(alpha)?;
    let (amp, m, s, _) = lognormal_params(model, exposure, t);
    let lq = (1.0 - alpha).ln();
    let v = if amp > 0.0 {
        -(m + 0.5 * s * s + ln_cdf(-z - s) - lq).exp_m1()
    } else {
        (m + 0.5 * s * s + ln_cdf(s - z) - lq).exp_m1()
    };
    finite_out(v)
}

/// Expected loss `E[max(−PnL, 0)]` of an unprotected position over `horizon_years` (the
/// undiscounted Black–Scholes put or call on the profit).
///
/// With `k = −κνT/s` (the standardised break-even) and `m = κνT`:
/// ```text
/// A = +1:  E[loss] = Φ(k) − e^{m + s²/2}·Φ(k − s)
/// A = −1:  E[loss] = e^{m + s²/2}·Φ(s − k) − Φ(−k)
/// ```
/// Source: F. Black & M. Scholes (1973), "The pricing of options and corporate liabilities",
/// *J. Political Economy* 81(3) (the same partial expectations); Hull, technical note 2.
///
/// # Errors
/// Invalid horizon.
pub fn expected_loss(model: &Gbm, exposure: Exposure, horizon_years: f64) -> RiskResult<f64> {
    let t = horizon(horizon_years)?;
    let (amp, m, s, _) = lognormal_params(model, exposure, t);
    if s == 0.0 {
        return finite_out((-amp * m.exp_m1()).max(0.0));
    }
    let k = -m / s;
    let g = m + 0.5 * s * s;
    let v = if amp > 0.0 {
        cdf(k) - (g + ln_cdf(k - s)).exp()
    } else {
        (g + ln_cdf(s - k)).exp() - cdf(-k)
    };
    finite_out(v.max(0.0))
}

fn finite_out(v: f64) -> RiskResult<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(RiskError::Inconsistent(
            "the horizon is too long for this volatility: the result overflows",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::risk::PnlKind;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    const DAY: f64 = 1.0 / 365.0;

    #[test]
    fn validation() {
        assert!(Gbm::new(-0.1, 0.0).is_err());
        assert!(Gbm::new(f64::NAN, 0.0).is_err());
        assert!(Gbm::new(0.5, f64::INFINITY).is_err());
        let g = Gbm::new(0.6, 0.1).unwrap();
        assert!(prob_touch(&g, 0.0, 90.0, DAY, Monitoring::Continuous).is_err());
        assert!(prob_touch(&g, 100.0, -1.0, DAY, Monitoring::Continuous).is_err());
        assert!(prob_touch(&g, 100.0, 90.0, -1.0, Monitoring::Continuous).is_err());
        assert!(prob_touch(&g, 100.0, 90.0, f64::NAN, Monitoring::Continuous).is_err());
        let bad = Monitoring::Discrete {
            interval_years: 0.0,
        };
        assert!(prob_touch(&g, 100.0, 90.0, DAY, bad).is_err());
        assert!(prob_target_before_stop(&g, 100.0, 110.0, 120.0, Monitoring::Continuous).is_err());
        assert!(two_barrier(&g, 100.0, 101.0, 120.0, DAY, Monitoring::Continuous).is_err());
        let e = RiskError::Negative {
            what: "volatility",
            value: -0.1,
        };
        assert_eq!(e.to_string(), "volatility must not be negative (got -0.1)");
    }

    #[test]
    fn driftless_touch_is_twice_the_end_probability() {
        // μ = σ²/2 ⇒ ν = 0 ⇒ P = 2Φ(b/s).
        let g = Gbm::new(0.5, 0.125).unwrap();
        let p = prob_touch(&g, 100.0, 90.0, 0.25, Monitoring::Continuous).unwrap();
        let b = (0.9f64).ln();
        assert!(close(p, 2.0 * cdf(b / 0.25), 1e-15));
        let up = prob_touch(&g, 100.0, 1.0 / 0.9 * 100.0, 0.25, Monitoring::Continuous).unwrap();
        assert!(close(up, p, 1e-14));
    }

    #[test]
    fn limits() {
        let g = Gbm::new(0.8, 0.0).unwrap();
        let c = Monitoring::Continuous;
        assert_eq!(prob_touch(&g, 100.0, 100.0, DAY, c).unwrap(), 1.0);
        assert_eq!(prob_touch(&g, 100.0, 90.0, 0.0, c).unwrap(), 0.0);
        // T → 0
        let p = prob_touch(&g, 100.0, 90.0, 1e-9, c).unwrap();
        assert!(p < 1e-300 || p == 0.0);
        // σ → 0 with drift towards the barrier: touched iff νT reaches b.
        let down = Gbm::new(0.0, -0.5).unwrap();
        assert_eq!(prob_touch(&down, 100.0, 90.0, 0.5, c).unwrap(), 1.0); // e^{−0.25} < 0.9
        assert_eq!(prob_touch(&down, 100.0, 90.0, 0.1, c).unwrap(), 0.0); // e^{−0.05} > 0.9
        assert_eq!(prob_touch(&down, 100.0, 110.0, 5.0, c).unwrap(), 0.0);
        for sigma in [1e-2, 1e-3, 1e-5, 1e-8] {
            let g = Gbm::new(sigma, -0.5).unwrap();
            assert!(prob_touch(&g, 100.0, 90.0, 0.5, c).unwrap() > 0.999);
            assert!(prob_touch(&g, 100.0, 90.0, 0.1, c).unwrap() < 1e-3);
            let p = prob_touch(&g, 100.0, 110.0, 0.5, c).unwrap();
            assert!(p < 1e-3 && p.is_finite());
        }
        // Extreme σ·T: probability tends to 1 for a driftless log price.
        let wild = Gbm::new(10.0, 50.0).unwrap();
        assert!(prob_touch(&wild, 100.0, 50.0, 100.0, c).unwrap() > 0.99);
    }

    #[test]
    fn bgk_shift_lowers_touch_probability() {
        let g = Gbm::new(0.8, 0.0).unwrap();
        let cont = prob_touch(&g, 100.0, 95.0, DAY, Monitoring::Continuous).unwrap();
        let d = Monitoring::Discrete {
            interval_years: DAY / 24.0,
        };
        let disc = prob_touch(&g, 100.0, 95.0, DAY, d).unwrap();
        assert!(disc < cont);
        let shifted = 95.0 * (-BGK_BETA * 0.8 * (DAY / 24.0f64).sqrt()).exp();
        let direct = prob_touch(&g, 100.0, shifted, DAY, Monitoring::Continuous).unwrap();
        assert!(close(disc, direct, 1e-15));
    }

    #[test]
    fn scale_function_limits() {
        let c = Monitoring::Continuous;
        let g = Gbm::new(0.5, 0.125).unwrap(); // ν = 0
        let p = prob_target_before_stop(&g, 100.0, 120.0, 90.0, c).unwrap();
        let want = (100.0f64 / 90.0).ln() / (120.0f64 / 90.0).ln();
        assert!(close(p, want, 1e-15));
        // Short: target below.
        let ps = prob_target_before_stop(&g, 100.0, 90.0, 120.0, c).unwrap();
        assert!(close(ps, 1.0 - want, 1e-15));
        // Strong drifts: no overflow, sensible limits.
        let up = Gbm::new(0.01, 50.0).unwrap();
        assert!(close(
            prob_target_before_stop(&up, 100.0, 120.0, 90.0, c).unwrap(),
            1.0,
            1e-12
        ));
        let down = Gbm::new(0.01, -50.0).unwrap();
        assert!(prob_target_before_stop(&down, 100.0, 120.0, 90.0, c).unwrap() < 1e-12);
        // Near-zero drift is continuous with the ν = 0 formula.
        let near = Gbm::new(0.5, 0.125 + 1e-12).unwrap();
        assert!(close(
            prob_target_before_stop(&near, 100.0, 120.0, 90.0, c).unwrap(),
            want,
            1e-9
        ));
        // Stop at the spot: already out.
        assert_eq!(
            prob_target_before_stop(&g, 100.0, 120.0, 100.0, c).unwrap(),
            0.0
        );
    }

    #[test]
    fn two_barrier_series_agree_at_the_switch_and_converge() {
        for &(sigma, mu) in &[(0.8, 0.0), (0.5, 0.9), (1.2, -1.5), (0.3, 0.045)] {
            let nu = mu - sigma * sigma / 2.0;
            let (a, c) = ((0.9f64).ln(), (1.15f64).ln());
            let w: f64 = c - a;
            for ratio in [0.2, 0.5, 1.0, 2.0, 4.0] {
                let t = ratio * w * w / (sigma * sigma);
                let img = upper_first_images(nu, sigma, a, c, t);
                let eig = upper_first_forever(nu, sigma, a, c)
                    - upper_first_eigen_tail(nu, sigma, a, c, t);
                assert!(
                    close(img, eig, 1e-13),
                    "σ={sigma} μ={mu} r={ratio}: {img} vs {eig}"
                );
            }
            // T → ∞: the scale-function answer.
            let long = upper_first_by(nu, sigma, a, c, 400.0 * w * w / (sigma * sigma));
            assert!(close(long, upper_first_forever(nu, sigma, a, c), 1e-13));
            // Tiny T: nothing happens.
            assert!(upper_first_by(nu, sigma, a, c, 1e-4 * w * w / (sigma * sigma)) < 1e-100);
        }
    }

    #[test]
    fn two_barrier_bounds_single_barrier() {
        let g = Gbm::new(0.9, 0.2).unwrap();
        let c = Monitoring::Continuous;
        let r = two_barrier(&g, 100.0, 92.0, 107.0, 3.0 * DAY, c).unwrap();
        let pl = prob_touch(&g, 100.0, 92.0, 3.0 * DAY, c).unwrap();
        let pu = prob_touch(&g, 100.0, 107.0, 3.0 * DAY, c).unwrap();
        assert!(r.lower_first < pl && r.upper_first < pu);
        assert!(r.lower_first + r.upper_first >= pl.max(pu));
        assert!(close(r.lower_first + r.upper_first + r.neither, 1.0, 1e-14));
        // Far barriers decouple: two-barrier → single barrier.
        let r = two_barrier(&g, 100.0, 92.0, 1e6, 3.0 * DAY, c).unwrap();
        assert!(close(r.lower_first, pl, 1e-14));
    }

    #[test]
    fn unprotected_horizon_risk_matches_lognormal_closed_forms() {
        let g = Gbm::new(0.7, 0.3).unwrap();
        let t = 10.0 * DAY;
        for ex in [
            Exposure::LINEAR_LONG,
            Exposure::LINEAR_SHORT,
            Exposure::new(Side::Long, PnlKind::Inverse),
            Exposure::new(Side::Short, PnlKind::Inverse),
        ] {
            let pos = PositionSpec {
                s0: 100.0,
                exposure: ex,
                stop: None,
                target: None,
            };
            let h = horizon_risk(&g, &pos, t, 0.99, Monitoring::Continuous).unwrap();
            let var = value_at_risk(&g, ex, t, 0.99).unwrap();
            let es = expected_shortfall(&g, ex, t, 0.99).unwrap();
            let el = expected_loss(&g, ex, t).unwrap();
            assert!(
                close(h.value_at_risk, var, 1e-12),
                "{ex:?}: {} vs {var}",
                h.value_at_risk
            );
            assert!(close(h.expected_shortfall, es, 1e-12), "{ex:?}");
            assert!(close(h.expected_loss, el, 1e-13), "{ex:?}");
            // E[PnL] = A(e^{κ-moment} − 1): linear long: e^{μT} − 1.
            if ex == Exposure::LINEAR_LONG {
                assert!(close(h.expected_pnl, (0.3 * t).exp_m1(), 1e-14));
            }
            assert!(es > var && var > 0.0);
        }
    }

    #[test]
    fn stop_caps_the_loss() {
        let g = Gbm::new(0.8, 0.0).unwrap();
        let t = 5.0 * DAY;
        let pos = PositionSpec {
            s0: 100.0,
            exposure: Exposure::LINEAR_LONG,
            stop: Some(Exit::at(95.0)),
            target: None,
        };
        let h = horizon_risk(&g, &pos, t, 0.99, Monitoring::Continuous).unwrap();
        // The 99 % loss is the stop's 5 % (the stop is hit far more often than 1 %).
        assert!(close(h.value_at_risk, 0.05, 1e-12));
        assert!(close(h.expected_shortfall, 0.05, 1e-12));
        assert!(close(
            h.prob_stop,
            prob_touch(&g, 100.0, 95.0, t, Monitoring::Continuous).unwrap(),
            1e-15
        ));
        // Martingale check: μ = 0 ⇒ E[S_{τ∧T}] = S₀ ⇒ E[PnL] = 0 for a linear position.
        assert!(close(h.expected_pnl, 0.0, 1e-13), "{}", h.expected_pnl);
        let both = PositionSpec {
            target: Some(Exit::at(104.0)),
            ..pos
        };
        let h2 = horizon_risk(&g, &both, t, 0.95, Monitoring::Continuous).unwrap();
        assert!(close(h2.expected_pnl, 0.0, 1e-13), "{}", h2.expected_pnl);
        let short = PositionSpec {
            s0: 100.0,
            exposure: Exposure::LINEAR_SHORT,
            stop: Some(Exit::at(105.0)),
            target: Some(Exit::at(96.0)),
        };
        let h3 = horizon_risk(&g, &short, t, 0.95, Monitoring::Continuous).unwrap();
        assert!(close(h3.expected_pnl, 0.0, 1e-13), "{}", h3.expected_pnl);
        assert!(close(h3.value_at_risk, 0.05, 1e-12));
        // Wrong sides.
        let bad = PositionSpec {
            stop: Some(Exit::at(105.0)),
            ..pos
        };
        assert!(horizon_risk(&g, &bad, t, 0.99, Monitoring::Continuous).is_err());
    }

    #[test]
    fn deterministic_horizon_risk() {
        let g = Gbm::new(0.0, -1.0).unwrap();
        let pos = PositionSpec {
            s0: 100.0,
            exposure: Exposure::LINEAR_LONG,
            stop: Some(Exit {
                price: 90.0,
                pnl: Some(-0.2),
            }),
            target: None,
        };
        let h = horizon_risk(&g, &pos, 0.5, 0.99, Monitoring::Continuous).unwrap();
        assert_eq!(h.prob_stop, 1.0);
        assert!(close(h.value_at_risk, 0.2, 1e-15));
        let h = horizon_risk(&g, &pos, 0.05, 0.99, Monitoring::Continuous).unwrap();
        assert_eq!(h.prob_stop, 0.0);
        assert!(close(h.value_at_risk, -(-0.05f64).exp_m1(), 1e-15));
    }
}
