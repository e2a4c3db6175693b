//! The honest liquidation band: the liquidation price as a range instead of one number.
//!
//! Calculators quote one liquidation price; traders are liquidated at prices they were never
//! shown, because the fee to close, the funding paid while holding, and a change of bracket
//! all move it. This module evaluates the same trade with each effect switched on:
//!
//! - **base**: the venue's formula as [`evaluate`] gives it;
//! - **with the closing fee**: the fee to close at the liquidation price is part of the
//!   requirement (`r → r + taker`, as OKX and Gate already do; BitMEX already counts it);
//! - **with funding to the horizon**: the margin reduced by the funding paid over the holding
//!   period (mark held at entry);
//! - **both**;
//! - **across a tier jump**: the liquidation price the entry tier would give, when the tier at
//!   the liquidation price differs.
//!
//! The band is the range they span; `nearest` is the one closest to the entry — the price a
//! cautious trader plans with.

use super::error::{CalcError, CalcResult};
use super::funding::Funding;
use super::margin::Maintenance;
use super::num::{add, mul, sub};
use super::trade::{
    evaluate, LiquidationModel, MaintenanceSource, MarginInput, SizeInput, TradeInput,
};
use rust_decimal::Decimal;

/// Funding over a holding period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FundingPlan {
    pub funding: Funding,
    pub holding_hours: Decimal,
}

/// The liquidation price with each effect; `None` where no price liquidates (or funding alone
/// already did — see `liquidated_by_funding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub base: Option<Decimal>,
    pub with_close_fee: Option<Decimal>,
    pub with_funding: Option<Decimal>,
    pub with_fee_and_funding: Option<Decimal>,
    /// The price the entry tier would give, when the tier at liquidation differs.
    pub entry_tier: Option<Decimal>,
    /// Funding alone uses up the margin over the holding period.
    pub liquidated_by_funding: bool,
    /// The variant closest to the entry (the first price that liquidates).
    pub nearest: Option<Decimal>,
    /// The variant farthest from the entry.
    pub farthest: Option<Decimal>,
}

/// Evaluate the band of a trade.
///
/// # Errors
/// Whatever [`evaluate`] returns for the base trade.
pub fn honest_band(input: &TradeInput, funding: Option<&FundingPlan>) -> CalcResult<Band> {
    let report = evaluate(input)?;
    let base = report.liquidation_price;
    let mut fixed = input.clone();
    fixed.size = SizeInput::Quantity(report.quantity);

    let with_fee_input = add_close_fee(&fixed)?;
    let with_close_fee = match &with_fee_input {
        Some(t) => liquidation_or_none(t)?,
        None => base,
    };

    let mut liquidated_by_funding = false;
    let (with_funding, with_fee_and_funding) = match funding {
        None => (base, with_close_fee),
        Some(plan) => {
            let paid = mul(
                plan.funding.payment(
                    input.contract,
                    input.side,
                    report.quantity,
                    input.entry_price,
                )?,
                plan.funding.payments_in(plan.holding_hours)?,
            )?;
            let reduce = |t: &TradeInput| -> CalcResult<Option<TradeInput>> {
                let mut t = t.clone();
                t.margin = match t.margin {
                    MarginInput::Isolated { .. } => {
                        let m = sub(report.margin_balance, paid)?;
                        if m <= Decimal::ZERO {
                            return Ok(None);
                        }
                        MarginInput::Isolated { margin: Some(m) }
                    }
                    MarginInput::Cross {
                        wallet_balance,
                        others_maintenance,
                        others_unrealized_pnl,
                    } => {
                        let w = sub(wallet_balance, paid)?;
                        if w <= Decimal::ZERO {
                            return Ok(None);
                        }
                        MarginInput::Cross {
                            wallet_balance: w,
                            others_maintenance,
                            others_unrealized_pnl,
                        }
                    }
                };
                Ok(Some(t))
            };
            let mut one = |t: &TradeInput| -> CalcResult<Option<Decimal>> {
                match reduce(t)? {
                    None => {
                        liquidated_by_funding = true;
                        Ok(None)
                    }
                    Some(t) => match evaluate(&t) {
                        Ok(r) => Ok(r.liquidation_price),
                        Err(
                            CalcError::ImmediateLiquidation { .. }
                            | CalcError::CrossBalanceShort { .. },
                        ) => {
                            liquidated_by_funding = true;
                            Ok(None)
                        }
                        Err(e) => Err(e),
                    },
                }
            };
            let f = one(&fixed)?;
            let both = match &with_fee_input {
                Some(t) => one(t)?,
                None => f,
            };
            (f, both)
        }
    };

    // Across a tier jump: the entry tier's own root.
    let entry_tier = match (&input.maintenance, report.bracket) {
        (MaintenanceSource::Table(table), Some(at_liq)) => {
            let entry = table.at_price(input.contract, report.quantity, input.entry_price)?;
            if entry.tier != at_liq.tier {
                let mut t = fixed.clone();
                t.maintenance = MaintenanceSource::Fixed(entry.bracket.maintenance);
                liquidation_or_none(&t)?
            } else {
                None
            }
        }
        _ => None,
    };

    let all: Vec<Decimal> = [
        base,
        with_close_fee,
        with_funding,
        with_fee_and_funding,
        entry_tier,
    ]
    .into_iter()
    .flatten()
    .collect();
    let distance =
        |p: &Decimal| super::num::sub(*p, input.entry_price).map_or(Decimal::MAX, |d| d.abs());
    let nearest = all.iter().copied().min_by_key(distance);
    let farthest = all.iter().copied().max_by_key(distance);
    Ok(Band {
        base,
        with_close_fee,
        with_funding,
        with_fee_and_funding,
        entry_tier,
        liquidated_by_funding,
        nearest,
        farthest,
    })
}

/// The trade with the taker fee to close added to the maintenance requirement, or `None`
/// when the venue's formula already counts it (BitMEX: in the order view, and cancelling in
/// the open-position view; OKX/Gate's fee-in-rate; Bybit's unified account, whose
/// maintenance holds the fee to close).
fn add_close_fee(t: &TradeInput) -> CalcResult<Option<TradeInput>> {
    if matches!(
        t.model,
        LiquidationModel::Bitmex(_) | LiquidationModel::FeeInRate | LiquidationModel::BybitUta
    ) {
        return Ok(None);
    }
    let fee = t.fees.taker.max(Decimal::ZERO);
    let bump = |m: &Maintenance| -> CalcResult<Maintenance> {
        Ok(Maintenance::new(add(m.rate, fee)?, m.amount))
    };
    let mut out = t.clone();
    out.maintenance = match &t.maintenance {
        MaintenanceSource::Fixed(m) => MaintenanceSource::Fixed(bump(m)?),
        MaintenanceSource::Table(table) => {
            let mut table = table.clone();
            for b in &mut table.brackets {
                b.maintenance = bump(&b.maintenance)?;
            }
            MaintenanceSource::Table(table)
        }
    };
    Ok(Some(out))
}

fn liquidation_or_none(t: &TradeInput) -> CalcResult<Option<Decimal>> {
    match evaluate(t) {
        Ok(r) => Ok(r.liquidation_price),
        // The fee pushes the requirement above the margin: liquidated at once.
        Err(CalcError::ImmediateLiquidation { .. } | CalcError::CrossBalanceShort { .. }) => {
            Ok(Some(t.entry_price))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::contract::Side;
    use core::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn trade() -> TradeInput {
        let mut t = TradeInput::linear(Side::Long, d("60000"), d("1"), d("10"));
        t.maintenance = MaintenanceSource::Fixed(Maintenance::new(d("0.004"), d("0")));
        t.fees.taker = d("0.0005");
        t
    }

    #[test]
    fn each_effect_moves_a_long_liquidation_up_and_the_band_orders_them() {
        let plan = FundingPlan {
            funding: Funding::new(d("0.0001"), d("8")).unwrap(),
            holding_hours: d("72"),
        };
        let b = honest_band(&trade(), Some(&plan)).unwrap();
        let base = b.base.unwrap();
        let fee = b.with_close_fee.unwrap();
        let fund = b.with_funding.unwrap();
        let both = b.with_fee_and_funding.unwrap();
        assert!(fee > base && fund > base && both > fee && both > fund);
        assert_eq!(b.nearest, Some(both));
        assert_eq!(b.farthest, Some(base));
        // The fee variant is the exact root with r + taker: (6,000 − 60,000)/(0.0045 − 1).
        assert_eq!(fee, (d("6000") - d("60000")) / (d("0.0045") - Decimal::ONE));
        // Funding: 9 payments of 6 → margin 5,946.
        assert_eq!(fund, (d("5946") - d("60000")) / (d("0.004") - Decimal::ONE));
    }

    #[test]
    fn without_funding_the_funding_variants_equal_the_others() {
        let b = honest_band(&trade(), None).unwrap();
        assert_eq!(b.with_funding, b.base);
        assert_eq!(b.with_fee_and_funding, b.with_close_fee);
        assert!(!b.liquidated_by_funding);
    }

    #[test]
    fn funding_that_eats_the_margin_is_reported() {
        let plan = FundingPlan {
            funding: Funding::new(d("0.01"), d("8")).unwrap(),
            holding_hours: d("240"),
        };
        let b = honest_band(&trade(), Some(&plan)).unwrap();
        assert!(b.liquidated_by_funding);
        assert_eq!(b.with_funding, None);
    }
}
