//! Tiers as a venue states them, checked and made into a [`BracketTable`].
//!
//! The checks are those the repository's loader applies to its data files
//! (`venue_data::tiers`): 1 to [`MAX_STEP_TIERS`] tiers; the first floor is 0; each floor is
//! the previous tier's cap; each cap above its floor; only the last tier open-ended; bounds
//! from 0 to 10¹⁵; maintenance rates in (0, 1); max leverage from 1 to 1000 and the rate below
//! `1/max leverage`; the maintenance amounts as the rule says ([`Amounts`]). An open last tier
//! is capped at [`MAX_MONEY`], as the loader does.

use crate::engine::brackets::{Bracket, BracketTable, Lookup, TierUnit};
use crate::engine::input::{MAX_LEVERAGE, MAX_MONEY};
use crate::engine::margin::{maintenance_amount_step, Maintenance};
use crate::engine::num::{div, mul};
use crate::engine::venue_data::{Problem, Tier, MAX_STEP_TIERS};
use rust_decimal::Decimal;

/// A problem in a symbol's table: the tier (0-based) when one is to blame.
pub(super) type TierError = (Option<usize>, Problem);

/// One tier as read: cap `None` for an open-ended last tier; `amount` as stated (ignored
/// unless the rule is [`Amounts::Stated`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Raw {
    pub floor: Decimal,
    pub cap: Option<Decimal>,
    pub rate: Decimal,
    pub amount: Decimal,
    pub max_leverage: Decimal,
}

/// How a table's maintenance amounts are obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Amounts {
    /// Stated by the venue (Binance `cum`, Bybit `mmDeduction`, Gate `deduction`) and checked
    /// against the cumulative rule `a_n = floor_n·(r_n − r_{n−1}) + a_{n−1}`, `a_1 = 0`
    /// (Binance FAQ; venue-formulas.md §1, §3, §8).
    Stated,
    /// Derived by the cumulative rule (Hyperliquid, "Margin tiers").
    Cumulative,
    /// None: each tier's rate applies to the whole position (OKX, dYdX, risk-limit steps).
    Zero,
}

/// Rate from Hyperliquid's rule: `1/(2·max leverage)`.
pub(super) fn half_inverse(lev: Decimal) -> Result<Decimal, Problem> {
    leverage(lev)?;
    let twice = mul(Decimal::TWO, lev).map_err(|_| Problem::Overflow)?;
    div(Decimal::ONE, twice).map_err(|_| Problem::Overflow)
}

/// `1/rate` (a max leverage from an initial rate in (0, 1]).
pub(super) fn inverse(field: &'static str, rate: Decimal) -> Result<Decimal, Problem> {
    if rate <= Decimal::ZERO || rate > Decimal::ONE {
        return Err(Problem::OutOfRange {
            field,
            value: rate,
            rule: "an initial rate must be in (0, 1]",
        });
    }
    div(Decimal::ONE, rate).map_err(|_| Problem::Overflow)
}

fn leverage(lev: Decimal) -> Result<Decimal, Problem> {
    if lev < Decimal::ONE || lev > MAX_LEVERAGE {
        return Err(Problem::OutOfRange {
            field: "max leverage",
            value: lev,
            rule: "max leverage must be from 1 to 1000",
        });
    }
    Ok(lev)
}

fn bound(field: &'static str, v: Decimal) -> Result<(), Problem> {
    if v < Decimal::ZERO || v > MAX_MONEY {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "a tier bound must be from 0 to 10^15",
        });
    }
    Ok(())
}

/// The tiers a risk-limit step rule expanded into ([`crate::engine::venue_data::steps`]).
pub(super) fn from_steps(tiers: &[Tier]) -> Result<Vec<Raw>, TierError> {
    tiers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Ok(Raw {
                floor: t.floor,
                cap: t.cap,
                rate: t.rate,
                amount: t.amount,
                max_leverage: t.max_leverage.ok_or((Some(i), Problem::NoLeverageLimit))?,
            })
        })
        .collect()
}

/// Check `tiers` and make the table.
pub(super) fn build(
    tiers: &[Raw],
    amounts: Amounts,
    lookup: Lookup,
    unit: TierUnit,
) -> Result<BracketTable, TierError> {
    if tiers.is_empty() {
        return Err((None, Problem::NoTiers));
    }
    if tiers.len() > MAX_STEP_TIERS {
        return Err((
            None,
            Problem::TooMany {
                what: "tiers",
                count: tiers.len(),
                max: MAX_STEP_TIERS,
            },
        ));
    }
    let last = tiers.len().saturating_sub(1);
    let mut brackets: Vec<Bracket> = Vec::with_capacity(tiers.len());
    let mut prev: Option<&Raw> = None;
    let mut prev_amount = Decimal::ZERO;
    for (i, t) in tiers.iter().enumerate() {
        let at = |p| (Some(i), p);
        bound("floor", t.floor).map_err(at)?;
        match prev {
            None if !t.floor.is_zero() => {
                return Err(at(Problem::FirstFloorNotZero { floor: t.floor }))
            }
            None => {}
            Some(p) => {
                let previous_cap = p.cap.ok_or(at(Problem::OpenTierNotLast))?;
                if t.floor != previous_cap {
                    return Err(at(Problem::NotContiguous {
                        floor: t.floor,
                        previous_cap,
                    }));
                }
            }
        }
        let cap = match t.cap {
            Some(cap) => {
                bound("cap", cap).map_err(at)?;
                if cap <= t.floor {
                    return Err(at(Problem::CapNotAboveFloor {
                        floor: t.floor,
                        cap,
                    }));
                }
                cap
            }
            None if i != last => return Err(at(Problem::OpenTierNotLast)),
            None if t.floor < MAX_MONEY => MAX_MONEY,
            None => {
                return Err(at(Problem::OutOfRange {
                    field: "floor",
                    value: t.floor,
                    rule: "an open-ended tier must start below 10^15",
                }))
            }
        };
        if t.rate <= Decimal::ZERO || t.rate >= Decimal::ONE {
            return Err(at(Problem::OutOfRange {
                field: "maintenance rate",
                value: t.rate,
                rule: "must be in (0, 1)",
            }));
        }
        leverage(t.max_leverage).map_err(at)?;
        let share = mul(t.rate, t.max_leverage).map_err(|_| at(Problem::Overflow))?;
        if share >= Decimal::ONE {
            return Err(at(Problem::MaintenanceNotBelowInitial {
                rate: t.rate,
                max_leverage: t.max_leverage,
            }));
        }
        let rule = match prev {
            None => Decimal::ZERO,
            Some(_) if amounts == Amounts::Zero => Decimal::ZERO,
            Some(p) => maintenance_amount_step(t.floor, t.rate, p.rate, prev_amount)
                .map_err(|_| at(Problem::Overflow))?,
        };
        let amount = match amounts {
            Amounts::Stated => t.amount,
            Amounts::Cumulative | Amounts::Zero => rule,
        };
        if amount.abs() > MAX_MONEY {
            return Err(at(Problem::OutOfRange {
                field: "maintenance amount",
                value: amount,
                rule: "a maintenance amount must be at most 10^15",
            }));
        }
        if amount != rule {
            return Err(at(Problem::CumMismatch {
                expected: rule,
                found: amount,
            }));
        }
        brackets.push(Bracket {
            floor: t.floor,
            cap,
            maintenance: Maintenance::new(t.rate, amount),
            max_leverage: t.max_leverage,
        });
        prev = Some(t);
        prev_amount = amount;
    }
    Ok(BracketTable {
        brackets,
        unit,
        lookup,
    })
}
