//! Position-size limits the user sets (risk per trade, effective leverage, notional, bracket)
//! and the ones the account breaks: `−PnLᵢ(stopᵢ) > MB·pct/100`, `Σ Nᵢ / MB > L_max`,
//! `Nᵢ > N_max`, `tierᵢ > tier_max`.

use super::Account;
use crate::engine::error::{CalcError, CalcResult, Field};
use crate::engine::input;
use crate::engine::num::{div, mul};
use rust_decimal::Decimal;

/// Position-size limits the user sets. Every field is optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    /// Largest loss at a position's stop, from its entry, as a percent of the margin balance
    /// (1 = 1 %).
    pub max_risk_percent: Option<Decimal>,
    /// Largest effective leverage of the account, `Σ Nᵢ / MB`.
    pub max_effective_leverage: Option<Decimal>,
    /// Largest notional of one position at mark (settlement currency).
    pub max_position_notional: Option<Decimal>,
    /// Highest venue bracket (tier number, 1-based) a position may sit in at mark.
    pub max_tier: Option<u32>,
}

impl Limits {
    /// Validated limits.
    ///
    /// # Errors
    /// [`CalcError::NotPositive`] or [`CalcError::TooLarge`] naming the field.
    pub fn new(
        max_risk_percent: Option<Decimal>,
        max_effective_leverage: Option<Decimal>,
        max_position_notional: Option<Decimal>,
        max_tier: Option<u32>,
    ) -> CalcResult<Limits> {
        if let Some(p) = max_risk_percent {
            if p <= Decimal::ZERO {
                return Err(CalcError::NotPositive(Field::Risk));
            }
            if p > Decimal::ONE_HUNDRED {
                return Err(CalcError::TooLarge {
                    field: Field::Risk,
                    max: Decimal::ONE_HUNDRED,
                });
            }
        }
        if let Some(l) = max_effective_leverage {
            if l <= Decimal::ZERO {
                return Err(CalcError::NotPositive(Field::Leverage));
            }
            input::leverage(l.max(Decimal::ONE))?;
        }
        if let Some(n) = max_position_notional {
            input::money_positive(Field::Notional, n)?;
        }
        if max_tier == Some(0) {
            return Err(CalcError::NotPositive(Field::OtherPositions));
        }
        Ok(Limits {
            max_risk_percent,
            max_effective_leverage,
            max_position_notional,
            max_tier,
        })
    }
}

/// A limit the account breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BrokenLimit {
    /// Loss at the stop above the risk budget (`max` is the budget as an amount).
    RiskPerTrade {
        position: usize,
        risk: Decimal,
        max: Decimal,
    },
    /// A risk limit is set but the position has no stop: its risk is unbounded.
    NoStop { position: usize },
    /// Effective leverage above the limit (`None`: margin balance not positive).
    AccountLeverage {
        leverage: Option<Decimal>,
        max: Decimal,
    },
    /// Notional at mark above the limit.
    PositionNotional {
        position: usize,
        notional: Decimal,
        max: Decimal,
    },
    /// The position sits in a higher bracket than allowed.
    Tier {
        position: usize,
        tier: u32,
        max_tier: u32,
    },
}

impl BrokenLimit {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            BrokenLimit::RiskPerTrade { .. } => "risk_per_trade",
            BrokenLimit::NoStop { .. } => "no_stop",
            BrokenLimit::AccountLeverage { .. } => "account_leverage",
            BrokenLimit::PositionNotional { .. } => "position_notional",
            BrokenLimit::Tier { .. } => "tier",
        }
    }

    /// A sentence for the page (positions numbered from 1).
    pub fn message(&self) -> String {
        let r = |x: &Decimal| crate::engine::num::round_half_away(*x, 8).normalize();
        match self {
            BrokenLimit::RiskPerTrade {
                position,
                risk,
                max,
            } => format!(
                "Position {}: the loss at its stop ({}) is above your risk limit ({}).",
                position + 1,
                r(risk),
                r(max)
            ),
            BrokenLimit::NoStop { position } => format!(
                "Position {} has no stop, so its risk is not limited.",
                position + 1
            ),
            BrokenLimit::AccountLeverage {
                leverage: Some(l),
                max,
            } => format!(
                "The account's effective leverage ({}×) is above your limit ({}×).",
                crate::engine::num::round_half_away(*l, 2).normalize(),
                r(max)
            ),
            BrokenLimit::AccountLeverage {
                leverage: None,
                max,
            } => format!(
                "The margin balance is not positive: leverage is unbounded (limit {}×).",
                r(max)
            ),
            BrokenLimit::PositionNotional {
                position,
                notional,
                max,
            } => format!(
                "Position {}: notional {} is above your limit ({}).",
                position + 1,
                r(notional),
                r(max)
            ),
            BrokenLimit::Tier {
                position,
                tier,
                max_tier,
            } => format!(
                "Position {} is in bracket {tier}, above your limit (bracket {max_tier}).",
                position + 1
            ),
        }
    }
}

impl Account {
    /// The limits the account breaks (empty: none).
    ///
    /// # Formula
    /// ```text
    /// risk per trade:  −PnLᵢ(stopᵢ) > MB · pct/100          (loss from entry to stop)
    /// leverage:        Σ Nᵢ / MB > L_max                    (or MB ≤ 0)
    /// notional:        Nᵢ(markᵢ) > N_max
    /// bracket:         tierᵢ(markᵢ) > tier_max              (positions with a table)
    /// ```
    /// Fixed-fractional risk as in [`crate::engine::sizing`].
    ///
    /// # Errors
    /// Overflow only.
    pub fn check_limits(&self, limits: &Limits) -> CalcResult<Vec<BrokenLimit>> {
        let v = self.view()?;
        let mut out = Vec::new();
        if let Some(max) = limits.max_effective_leverage {
            match v.effective_leverage {
                Some(l) if l <= max => {}
                leverage => out.push(BrokenLimit::AccountLeverage { leverage, max }),
            }
        }
        for (i, (p, pv)) in self.positions.iter().zip(&v.positions).enumerate() {
            if let Some(pct) = limits.max_risk_percent {
                let budget = div(mul(v.margin_balance, pct)?, Decimal::ONE_HUNDRED)?;
                match p.stop_price {
                    None => out.push(BrokenLimit::NoStop { position: i }),
                    Some(s) => {
                        let risk = crate::engine::num::neg(p.pnl_at(s)?).max(Decimal::ZERO);
                        if risk > budget.max(Decimal::ZERO) || v.margin_balance <= Decimal::ZERO {
                            out.push(BrokenLimit::RiskPerTrade {
                                position: i,
                                risk,
                                max: budget,
                            });
                        }
                    }
                }
            }
            if let Some(max) = limits.max_position_notional {
                if pv.notional > max {
                    out.push(BrokenLimit::PositionNotional {
                        position: i,
                        notional: pv.notional,
                        max,
                    });
                }
            }
            if let (Some(max_tier), Some(tier)) = (limits.max_tier, pv.tier) {
                if tier > max_tier {
                    out.push(BrokenLimit::Tier {
                        position: i,
                        tier,
                        max_tier,
                    });
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{d, long, short};
    use super::*;

    #[test]
    fn limits_report_what_is_broken() {
        let acc = Account::new(
            d("2000"),
            vec![
                long("1", "20000", "20000").with_stop(d("19000")).unwrap(),
                short("10", "1000", "1000"),
            ],
        )
        .unwrap();
        let limits = Limits::new(Some(d("10")), Some(d("10")), Some(d("15000")), None).unwrap();
        let broken = acc.check_limits(&limits).unwrap();
        let codes: Vec<_> = broken.iter().map(BrokenLimit::code).collect();
        // Leverage 15× > 10×; loss at stop 1,000 > 10 % of 2,000; no stop on the short;
        // notional 20k > 15k.
        assert_eq!(
            codes,
            vec![
                "account_leverage",
                "risk_per_trade",
                "position_notional",
                "no_stop"
            ]
        );
        let ok = Limits::new(Some(d("60")), Some(d("20")), None, None).unwrap();
        let broken = acc.check_limits(&ok).unwrap();
        assert_eq!(broken, vec![BrokenLimit::NoStop { position: 1 }]);
        assert!(Limits::new(Some(d("0")), None, None, None).is_err());
    }
}
