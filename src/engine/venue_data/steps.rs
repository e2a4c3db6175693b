//! Risk-limit steps expanded into tiers (BitMEX, and Gate's contract-level fields).
//!
//! # Rule
//! A contract states a base risk limit `B`, a step `S`, a base maintenance rate `m` and a
//! base initial rate `i` (`1/max leverage`). Tier `k = 0, 1, 2, …` covers position values
//! up to `B + k·S` and requires
//! ```text
//! maintenance_k = m·(k + 1)        initial_k = i + k·m        max leverage_k = 1 / initial_k
//! ```
//! ("each risk-limit step raises both IM and MM by the base MM": BitMEX risk limits,
//! shared/reference/venue-formulas.md §7, https://www.bitmex.com/app/riskLimitsExamples).
//! With a maximum risk limit `R` (Gate's `risk_limit_max`) the last tier is capped at `R`;
//! without one (BitMEX) the steps stop at the last tier whose initial rate is at most 100 %
//! (leverage 1×). The number of tiers is bounded by [`super::MAX_STEP_TIERS`] before any is
//! built, so a hostile step of 1 cannot make the loader loop or allocate without bound.
//!
//! Gate's own documents for this rule were not found (venue-formulas.md §6 only says tiered
//! risk limits raise the MMR); its file is marked `derived` for that reason.

use super::error::Problem;
use super::{Tier, MAX_STEP_TIERS};
use crate::engine::num::{add, div, mul, sub};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The contract-level fields a step table is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepRule {
    /// Risk limit of the first tier (`B`).
    pub base: Decimal,
    /// Size of one step (`S`).
    pub step: Decimal,
    /// Highest risk limit (`R`), when the venue states one.
    pub max: Option<Decimal>,
    /// Base maintenance rate (`m`).
    pub maintenance: Decimal,
    /// Base initial rate (`i`).
    pub initial: Decimal,
}

fn range(field: &'static str, value: Decimal, rule: &'static str) -> Problem {
    Problem::OutOfRange { field, value, rule }
}

fn overflow<T>(r: crate::engine::CalcResult<T>) -> Result<T, Problem> {
    r.map_err(|_| Problem::Overflow)
}

/// Expand a step rule into tiers. Errors carry the tier index when one tier is to blame.
pub fn expand(rule: &StepRule) -> Result<Vec<Tier>, (Option<usize>, Problem)> {
    let top = |p| (None, p);
    let one = Decimal::ONE;
    if rule.base <= Decimal::ZERO {
        return Err(top(range("risk limit base", rule.base, "must be above 0")));
    }
    if rule.step <= Decimal::ZERO {
        return Err(top(range("risk limit step", rule.step, "must be above 0")));
    }
    if rule.maintenance <= Decimal::ZERO || rule.maintenance >= one {
        return Err(top(range(
            "maintenance rate",
            rule.maintenance,
            "must be in (0, 1)",
        )));
    }
    if rule.initial <= rule.maintenance || rule.initial > one {
        return Err(top(range(
            "initial rate",
            rule.initial,
            "must be above the maintenance rate and at most 1",
        )));
    }
    // Number of steps above the base, bounded before anything is built.
    let steps = match rule.max {
        Some(max) if max < rule.base => {
            return Err(top(range(
                "risk limit max",
                max,
                "must not be below the base",
            )))
        }
        Some(max) => {
            let span = overflow(sub(max, rule.base)).map_err(top)?;
            overflow(div(span, rule.step)).map_err(top)?.ceil()
        }
        None => overflow(div(
            overflow(sub(one, rule.initial)).map_err(top)?,
            rule.maintenance,
        ))
        .map_err(top)?
        .floor(),
    };
    let limit = Decimal::from(MAX_STEP_TIERS);
    if steps >= limit {
        return Err(top(Problem::TooMany {
            what: "risk-limit steps",
            count: steps.to_usize().unwrap_or(usize::MAX),
            max: MAX_STEP_TIERS.saturating_sub(1),
        }));
    }
    let count = steps.to_usize().unwrap_or(0);
    let mut tiers = Vec::with_capacity(count.saturating_add(1));
    let mut floor = Decimal::ZERO;
    for k in 0..=count {
        let at = |p| (Some(k), p);
        let kd = Decimal::from(k);
        let mut cap =
            overflow(add(rule.base, overflow(mul(kd, rule.step)).map_err(at)?)).map_err(at)?;
        if let Some(max) = rule.max {
            cap = cap.min(max);
        }
        let rate =
            overflow(mul(rule.maintenance, overflow(add(kd, one)).map_err(at)?)).map_err(at)?;
        let initial = overflow(add(
            rule.initial,
            overflow(mul(kd, rule.maintenance)).map_err(at)?,
        ))
        .map_err(at)?;
        let max_leverage = overflow(div(one, initial)).map_err(at)?;
        tiers.push(Tier {
            floor,
            cap: Some(cap),
            rate,
            amount: Decimal::ZERO,
            max_leverage: Some(max_leverage),
        });
        floor = cap;
    }
    Ok(tiers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn bitmex_xbtusd_steps_run_to_one_times_leverage() {
        let rule = StepRule {
            base: d("200"),
            step: d("150"),
            max: None,
            maintenance: d("0.005"),
            initial: d("0.01"),
        };
        let tiers = expand(&rule).unwrap_or_default();
        assert_eq!(tiers.len(), 199);
        assert_eq!(tiers.first().map(|t| t.cap), Some(Some(d("200"))));
        let second = tiers.get(1).copied();
        assert_eq!(
            second.map(|t| (t.floor, t.rate)),
            Some((d("200"), d("0.01")))
        );
        assert_eq!(
            tiers.last().map(|t| (t.rate, t.max_leverage)),
            Some((d("0.995"), Some(d("1"))))
        );
    }

    #[test]
    fn gate_steps_stop_at_the_max_and_are_bounded() {
        let rule = StepRule {
            base: d("50000"),
            step: d("49950000"),
            max: Some(d("50000000")),
            maintenance: d("0.0066"),
            initial: crate::engine::num::div(Decimal::ONE, d("75")).unwrap_or_default(),
        };
        let tiers = expand(&rule).unwrap_or_default();
        assert_eq!(tiers.len(), 2);
        assert_eq!(tiers.get(1).map(|t| t.cap), Some(Some(d("50000000"))));
        let hostile = StepRule {
            step: d("0.0000001"),
            ..rule
        };
        assert!(matches!(
            expand(&hostile),
            Err((None, Problem::TooMany { .. }))
        ));
        let below = StepRule {
            max: Some(d("1")),
            ..rule
        };
        assert!(expand(&below).is_err());
    }
}
