//! "Safe leverage" and Kelly leverage.
//!
//! The liquidation price as a function of leverage is venue math (brackets, fees, margin
//! mode) that lives outside this module: the caller passes it as a [`LiquidationModel`]
//! (any `Fn(f64) -> Option<f64>` is one). [`IsolatedLinear`] is the textbook isolated linear
//! contract, for tests and as a fallback.

use super::gbm::{prob_touch, Gbm, Monitoring};
use super::prec::{BISECTION_MAX_ITER, BISECTION_REL};
use super::{finite, in_range, non_negative, positive, RiskError, RiskResult, Side};

/// The liquidation price of the position opened at the given leverage; `None` when no price
/// liquidates it (e.g. a 1× linear long without a maintenance amount).
pub trait LiquidationModel {
    fn liquidation_price(&self, leverage: f64) -> Option<f64>;
}

impl<F: Fn(f64) -> Option<f64>> LiquidationModel for F {
    fn liquidation_price(&self, leverage: f64) -> Option<f64> {
        self(leverage)
    }
}

/// Isolated margin on a linear contract, margin `N/L`, maintenance rate `r`, no maintenance
/// amount and no fees:
///
/// ```text
/// long:  LP = E·(1 − 1/L)/(1 − r)        short: LP = E·(1 + 1/L)/(1 + r)
/// ```
/// (`LP = (M − s·Q·E)/(Q·r − s·Q)` with `M = Q·E/L`.) Source: Binance, "How to Calculate
/// Liquidation Price of USDⓈ-M Futures Contracts"; [`crate::engine::liquidation`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IsolatedLinear {
    pub side: Side,
    pub entry: f64,
    pub maintenance_rate: f64,
}

impl LiquidationModel for IsolatedLinear {
    fn liquidation_price(&self, leverage: f64) -> Option<f64> {
        let (e, r, l) = (self.entry, self.maintenance_rate, leverage);
        let p = match self.side {
            Side::Long => e * (1.0 - 1.0 / l) / (1.0 - r),
            Side::Short => e * (1.0 + 1.0 / l) / (1.0 + r),
        };
        (p > 0.0 && p.is_finite()).then_some(p)
    }
}

/// The question "how much leverage is safe".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SafeLeverageQuery {
    pub model: Gbm,
    pub side: Side,
    /// Entry (current) price.
    pub entry: f64,
    /// The stop price, if any (below the entry for a long).
    pub stop: Option<f64>,
    pub horizon_years: f64,
    /// `k`: liquidation must lie at least `k·σ√T` (in log-price) beyond the stop.
    pub buffer_sigmas: f64,
    /// Largest acceptable `P(touch liquidation within T)`, in `(0, 1]`.
    pub max_prob_liquidation: f64,
    /// Leverage range searched, e.g. `1..=125`.
    pub min_leverage: f64,
    pub max_leverage: f64,
    pub monitoring: Monitoring,
}

/// The condition that limits the leverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// Every leverage up to the maximum is safe.
    MaxLeverage,
    /// (a) the stop would no longer fire `k` horizon-σ before liquidation.
    StopBuffer,
    /// (b) the liquidation-touch probability would exceed the limit.
    LiquidationProbability,
}

/// The answer of [`safe_leverage`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SafeLeverage {
    pub leverage: f64,
    pub binding: Binding,
    /// Liquidation price at that leverage (`None`: never liquidated).
    pub liquidation_price: Option<f64>,
    /// `P(touch liquidation within T)` at that leverage.
    pub prob_touch_liquidation: f64,
    /// The stop-to-liquidation distance in horizon σ, `|ln(stop/LP)|/(σ√T)` (`None` without
    /// a stop or liquidation, `+∞` when σ = 0).
    pub buffer_sigmas: Option<f64>,
}

struct Check {
    ok_buffer: bool,
    ok_prob: bool,
    liq: Option<f64>,
    prob: f64,
    buffer: Option<f64>,
}

fn check(q: &SafeLeverageQuery, liq: &impl LiquidationModel, lev: f64) -> RiskResult<Check> {
    let lp = match liq.liquidation_price(lev) {
        None => None,
        Some(p) => Some(positive("liquidation price", p)?),
    };
    let Some(lp) = lp else {
        return Ok(Check {
            ok_buffer: true,
            ok_prob: true,
            liq: None,
            prob: 0.0,
            buffer: None,
        });
    };
    let long = q.side == Side::Long;
    // Liquidation at or past the entry: liquidated at once.
    if (long && lp >= q.entry) || (!long && lp <= q.entry) {
        return Ok(Check {
            ok_buffer: false,
            ok_prob: false,
            liq: Some(lp),
            prob: 1.0,
            buffer: q.stop.map(|_| f64::NEG_INFINITY),
        });
    }
    let prob = prob_touch(&q.model, q.entry, lp, q.horizon_years, q.monitoring)?;
    let scale = q.model.sigma() * q.horizon_years.sqrt();
    let buffer = q.stop.map(|s| {
        let gap = if long { (s / lp).ln() } else { (lp / s).ln() };
        if scale > 0.0 {
            gap / scale
        } else if gap > 0.0 {
            f64::INFINITY
        } else if gap == 0.0 {
            0.0
        } else {
            f64::NEG_INFINITY
        }
    });
    let ok_buffer = match buffer {
        None => true,
        // The stop must fire strictly before liquidation, with the buffer.
        Some(b) => b >= q.buffer_sigmas && b > 0.0,
    };
    Ok(Check {
        ok_buffer,
        ok_prob: prob <= q.max_prob_liquidation,
        liq: Some(lp),
        prob,
        buffer,
    })
}

/// The highest leverage in `[min_leverage, max_leverage]` such that
///
/// ```text
/// (a) the stop fires before liquidation with a buffer:   |ln(stop/LP(L))| ≥ k·σ√T
///     (stop on the safe side of LP; skipped without a stop)
/// (b) P(touch LP(L) within T) ≤ p_max                     (see gbm::prob_touch)
/// ```
/// `LP(L)` comes from the caller's [`LiquidationModel`]. Both conditions only get harder as
/// the leverage rises (the liquidation price moves towards the entry), so the safe set is an
/// interval `[min, L*]`, found by bisection to a relative width of 1e-10. If the liquidation
/// price of the caller's model is not monotone in `L`, the answer is still a leverage that
/// meets both conditions, with an unsafe one within 1e-10 above it.
///
/// Returns `Ok(None)` when even `min_leverage` violates a condition.
///
/// Sources: bisection — R. L. Burden & J. D. Faires, *Numerical Analysis* (9th ed.), §2.1;
/// touch probability — Shreve II §7.2 (see [`prob_touch`]).
///
/// # Errors
/// Invalid numbers: price, horizon, `k < 0`, `p_max ∉ (0, 1]`, `1 ≤ min ≤ max` violated, a
/// stop on the wrong side of the entry, a non-finite or non-positive liquidation price from
/// the caller's model.
pub fn safe_leverage(
    query: &SafeLeverageQuery,
    liquidation: &impl LiquidationModel,
) -> RiskResult<Option<SafeLeverage>> {
    let entry = positive("entry price", query.entry)?;
    non_negative("stop buffer", query.buffer_sigmas)?;
    in_range(
        "liquidation probability limit",
        query.max_prob_liquidation,
        0.0,
        1.0,
    )?;
    if query.max_prob_liquidation <= 0.0 {
        return Err(RiskError::NotPositive {
            what: "liquidation probability limit",
            value: query.max_prob_liquidation,
        });
    }
    let lo = in_range("minimum leverage", query.min_leverage, 1.0, 1e6)?;
    let hi = in_range("maximum leverage", query.max_leverage, 1.0, 1e6)?;
    if hi < lo {
        return Err(RiskError::Inconsistent(
            "the maximum leverage must not be below the minimum",
        ));
    }
    if let Some(s) = query.stop {
        let s = positive("stop price", finite("stop price", s)?)?;
        let long = query.side == Side::Long;
        if (long && s >= entry) || (!long && s <= entry) {
            return Err(RiskError::WrongSide {
                what: "the stop price",
                expected: if long {
                    "strictly below"
                } else {
                    "strictly above"
                },
            });
        }
    }

    let answer = |lev: f64, c: &Check, binding: Binding| SafeLeverage {
        leverage: lev,
        binding,
        liquidation_price: c.liq,
        prob_touch_liquidation: c.prob,
        buffer_sigmas: c.buffer,
    };
    let c_hi = check(query, liquidation, hi)?;
    if c_hi.ok_buffer && c_hi.ok_prob {
        return Ok(Some(answer(hi, &c_hi, Binding::MaxLeverage)));
    }
    let c_lo = check(query, liquidation, lo)?;
    if !(c_lo.ok_buffer && c_lo.ok_prob) {
        return Ok(None);
    }
    let (mut a, mut b) = (lo, hi);
    let mut best = c_lo;
    let mut fail = c_hi;
    for _ in 0..BISECTION_MAX_ITER {
        if b - a <= BISECTION_REL * b {
            break;
        }
        let m = 0.5 * (a + b);
        let c = check(query, liquidation, m)?;
        if c.ok_buffer && c.ok_prob {
            a = m;
            best = c;
        } else {
            b = m;
            fail = c;
        }
    }
    let binding = if !fail.ok_buffer {
        Binding::StopBuffer
    } else {
        Binding::LiquidationProbability
    };
    Ok(Some(answer(a, &best, binding)))
}

/// Kelly leverage: the leverage that maximises the long-run growth rate of a continuously
/// rebalanced position (zero interest on cash). Positive: long; negative: short.
///
/// ```text
/// g(L) = L·μ − L²σ²/2      ⇒      L* = μ / σ²
/// ```
/// `μ`: annual drift of `dS/S`; `σ`: annual volatility.
/// Sources: J. L. Kelly (1956), "A new interpretation of information rate", *Bell System
/// Technical Journal* 35(4), 917–926; E. O. Thorp (2006), "The Kelly criterion in blackjack,
/// sports betting and the stock market", *Handbook of Asset and Liability Management* vol. 1,
/// §7 (continuous approximation, `f* = (m − r)/s²`); R. C. Merton (1969), *Rev. Econ.
/// Statist.* 51(3) (log utility).
///
/// # Errors
/// Non-finite inputs, `σ ≤ 0`.
pub fn kelly_leverage(mu: f64, sigma: f64) -> RiskResult<f64> {
    let mu = finite("drift", mu)?;
    let sigma = positive("volatility", sigma)?;
    let l = mu / (sigma * sigma);
    if l.is_finite() {
        Ok(l)
    } else {
        Err(RiskError::Inconsistent(
            "the Kelly leverage overflows for this tiny volatility",
        ))
    }
}

/// Fractional Kelly: `c·μ/σ²` with `0 ≤ c ≤ 1` (e.g. half Kelly, `c = ½`, keeps ¾ of the
/// growth rate with half the volatility). Source: Thorp (2006) §7; L. C. MacLean, E. O.
/// Thorp, W. T. Ziemba (2010), "Good and bad properties of the Kelly criterion".
///
/// # Errors
/// As [`kelly_leverage`]; `c ∉ [0, 1]`.
pub fn fractional_kelly(mu: f64, sigma: f64, fraction: f64) -> RiskResult<f64> {
    let c = in_range("Kelly fraction", fraction, 0.0, 1.0)?;
    Ok(c * kelly_leverage(mu, sigma)?)
}

/// Growth rate of log wealth at leverage `L`: `g(L) = L·μ − L²σ²/2` (per year). Source:
/// Thorp (2006) §7.
///
/// # Errors
/// Non-finite inputs or a negative σ.
pub fn growth_rate(mu: f64, sigma: f64, leverage: f64) -> RiskResult<f64> {
    let mu = finite("drift", mu)?;
    let sigma = non_negative("volatility", sigma)?;
    let l = finite("leverage", leverage)?;
    Ok(l * mu - 0.5 * l * l * sigma * sigma)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query() -> SafeLeverageQuery {
        SafeLeverageQuery {
            model: Gbm::new(0.8, 0.0).unwrap(),
            side: Side::Long,
            entry: 100.0,
            stop: Some(97.0),
            horizon_years: 24.0 / 8760.0,
            buffer_sigmas: 1.0,
            max_prob_liquidation: 0.01,
            min_leverage: 1.0,
            max_leverage: 125.0,
            monitoring: Monitoring::Continuous,
        }
    }

    fn venue(side: Side) -> IsolatedLinear {
        IsolatedLinear {
            side,
            entry: 100.0,
            maintenance_rate: 0.005,
        }
    }

    #[test]
    fn both_conditions_hold_at_the_answer_and_fail_just_above() {
        let q = query();
        let v = venue(Side::Long);
        let r = safe_leverage(&q, &v).unwrap().unwrap();
        let c = check(&q, &v, r.leverage).unwrap();
        assert!(c.ok_buffer && c.ok_prob);
        let c = check(&q, &v, r.leverage * (1.0 + 1e-8)).unwrap();
        assert!(!(c.ok_buffer && c.ok_prob));
        // σ√T = 0.8·√(1/365) ≈ 0.04187: the stop at −3 % needs LP ≤ 97·e^{−0.0419} ≈ 93.02,
        // i.e. L ≈ 13.5; P(touch 93) in a day ≈ 8 % > 1 %, so the probability binds first.
        assert_eq!(r.binding, Binding::LiquidationProbability);
        assert!((r.prob_touch_liquidation - 0.01).abs() < 1e-8);
        assert!(r.buffer_sigmas.unwrap() >= 1.0);
    }

    #[test]
    fn buffer_binds_when_the_probability_limit_is_loose() {
        let q = SafeLeverageQuery {
            max_prob_liquidation: 0.5,
            buffer_sigmas: 1.0,
            ..query()
        };
        let r = safe_leverage(&q, &venue(Side::Long)).unwrap().unwrap();
        assert_eq!(r.binding, Binding::StopBuffer);
        assert!((r.buffer_sigmas.unwrap() - 1.0).abs() < 1e-7);
        // Analytic: LP = 97·e^{−σ√T} ⇒ 1 − 1/L = LP(1 − r)/100.
        let lp = 97.0 * (-0.8 * (1.0f64 / 365.0).sqrt()).exp();
        let l = 1.0 / (1.0 - lp * 0.995 / 100.0);
        assert!((r.leverage - l).abs() < 1e-6 * l, "{} vs {l}", r.leverage);
    }

    #[test]
    fn short_side_and_limits() {
        let q = SafeLeverageQuery {
            side: Side::Short,
            stop: Some(103.0),
            ..query()
        };
        let r = safe_leverage(&q, &venue(Side::Short)).unwrap().unwrap();
        assert!(r.leverage > 1.0 && r.leverage < 125.0);
        assert!(r.liquidation_price.unwrap() > 103.0);
        // No volatility, no drift: nothing is ever touched, max leverage.
        let calm = SafeLeverageQuery {
            model: Gbm::new(0.0, 0.0).unwrap(),
            stop: None,
            ..query()
        };
        let r = safe_leverage(&calm, &venue(Side::Long)).unwrap().unwrap();
        assert_eq!(r.binding, Binding::MaxLeverage);
        assert_eq!(r.leverage, 125.0);
        // A limit nothing can meet (from 2×: a 1× linear long is never liquidated).
        let wild = SafeLeverageQuery {
            model: Gbm::new(15.0, 0.0).unwrap(),
            stop: None,
            max_prob_liquidation: 1e-6,
            horizon_years: 1.0,
            min_leverage: 2.0,
            ..query()
        };
        assert_eq!(safe_leverage(&wild, &venue(Side::Long)).unwrap(), None);
        // Closures work as liquidation models; `None` = never liquidated.
        let never = |_l: f64| -> Option<f64> { None };
        let r = safe_leverage(&query(), &never).unwrap().unwrap();
        assert_eq!(r.binding, Binding::MaxLeverage);
        let nan = |_l: f64| -> Option<f64> { Some(f64::NAN) };
        assert!(safe_leverage(&query(), &nan).is_err());
        let bad = SafeLeverageQuery {
            stop: Some(101.0),
            ..query()
        };
        assert!(safe_leverage(&bad, &venue(Side::Long)).is_err());
        let bad = SafeLeverageQuery {
            max_prob_liquidation: 0.0,
            ..query()
        };
        assert!(safe_leverage(&bad, &venue(Side::Long)).is_err());
    }

    #[test]
    fn kelly() {
        assert!((kelly_leverage(0.2, 0.5).unwrap() - 0.8).abs() < 1e-15);
        assert!((kelly_leverage(-0.2, 0.5).unwrap() + 0.8).abs() < 1e-15);
        assert!((fractional_kelly(0.2, 0.5, 0.5).unwrap() - 0.4).abs() < 1e-15);
        assert!(kelly_leverage(0.1, 0.0).is_err());
        assert!(fractional_kelly(0.1, 0.5, 1.5).is_err());
        // g is maximal at L* and half Kelly keeps 3/4 of the growth.
        let (mu, s) = (0.3, 0.6);
        let l = kelly_leverage(mu, s).unwrap();
        let g = growth_rate(mu, s, l).unwrap();
        assert!(g > growth_rate(mu, s, l * 1.01).unwrap());
        assert!(g > growth_rate(mu, s, l * 0.99).unwrap());
        assert!((growth_rate(mu, s, l / 2.0).unwrap() - 0.75 * g).abs() < 1e-15);
    }
}
