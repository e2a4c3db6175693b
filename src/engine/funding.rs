//! Funding payments of a perpetual swap and how they move an isolated liquidation price.
//!
//! Every funding interval (8 h on most venues, 1 h on Hyperliquid and dYdX) the position pays
//! or receives `N(P_mark) · f`, with `f` the funding rate: a positive rate means longs pay
//! shorts. With isolated margin the payment comes out of (or goes into) the position's margin,
//! so the liquidation price creeps toward the entry while the price stands still.
//!
//! # Formula
//! ```text
//! payment per interval (paid by the position) = s · f · N(P)          (N in settlement currency)
//! payments in a holding period h             = ⌊h / interval⌋
//! margin after k payments                    = M − k · s · f · N(P)
//! payments until liquidation at price P      = ⌈(M + PnL(P) − MM(P)) / (s · f · N(P))⌉
//! ```
//! Sources: Binance "Introduction to Binance Futures Funding Rates" (funding = position value
//! × funding rate, longs pay shorts when positive); Hyperliquid docs "Funding" (hourly).

use super::contract::{ContractKind, Side};
use super::error::{CalcError, CalcResult, Field};
use super::liquidation::{liquidation_price, Trigger};
use super::margin::Maintenance;
use super::num::{add, div, mul, sub};
use rust_decimal::Decimal;

/// A funding regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Funding {
    /// Rate per interval (fraction; positive: longs pay).
    pub rate: Decimal,
    /// Hours between payments (> 0).
    pub interval_hours: Decimal,
}

impl Funding {
    /// # Errors
    /// [`CalcError::NotPositive`] for a non-positive interval; [`CalcError::TooLarge`] for a
    /// rate above 10 % per interval.
    pub fn new(rate: Decimal, interval_hours: Decimal) -> CalcResult<Self> {
        if interval_hours <= Decimal::ZERO {
            return Err(CalcError::NotPositive(Field::FundingInterval));
        }
        if interval_hours > Decimal::from(24 * 366) {
            return Err(CalcError::TooLarge {
                field: Field::FundingInterval,
                max: Decimal::from(24 * 366),
            });
        }
        if rate.abs() > Decimal::new(1, 1) {
            return Err(CalcError::TooLarge {
                field: Field::FundingRate,
                max: Decimal::new(1, 1),
            });
        }
        Ok(Funding {
            rate,
            interval_hours,
        })
    }

    /// Whole payments in `hours` (one per whole interval elapsed).
    pub fn payments_in(&self, hours: Decimal) -> CalcResult<Decimal> {
        if hours < Decimal::ZERO {
            return Err(CalcError::Negative(Field::HoldingHours));
        }
        Ok(div(hours, self.interval_hours)?.floor())
    }

    /// What one payment costs the position (negative: it receives), settlement currency.
    pub fn payment(
        &self,
        contract: ContractKind,
        side: Side,
        quantity: Decimal,
        mark: Decimal,
    ) -> CalcResult<Decimal> {
        mul(
            side.sign(),
            mul(self.rate, contract.notional(quantity, mark)?)?,
        )
    }
}

/// Funding over a holding period, and the isolated liquidation price after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FundingOutcome {
    /// Number of payments in the holding period.
    pub payments: Decimal,
    /// Total paid by the position (negative: received).
    pub paid: Decimal,
    /// Liquidation price with the margin reduced by what was paid (mark held at `mark`);
    /// `None` when no price liquidates, or when funding alone has already liquidated it.
    pub liquidation_price_after: Option<Decimal>,
    /// True when the payments alone use up the margin above maintenance at `mark`.
    pub liquidated_by_funding: bool,
    /// Hours until funding alone liquidates the position at `mark` (`None`: never — the
    /// position receives funding or the rate is zero).
    pub hours_to_funding_liquidation: Option<Decimal>,
}

/// Apply `holding_hours` of funding to an isolated position.
#[allow(clippy::too_many_arguments)]
pub fn after_holding(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    mark: Decimal,
    margin: Decimal,
    maintenance: &Maintenance,
    funding: &Funding,
    holding_hours: Decimal,
) -> CalcResult<FundingOutcome> {
    let per = funding.payment(contract, side, quantity, mark)?;
    let payments = funding.payments_in(holding_hours)?;
    let paid = mul(per, payments)?;
    let margin_after = sub(margin, paid)?;
    let equity_at_mark = add(margin, contract.pnl(side, quantity, entry, mark)?)?;
    let mm_at_mark = maintenance.margin(contract.notional(quantity, mark)?)?;
    let cushion = sub(equity_at_mark, mm_at_mark)?;
    let hours_to_funding_liquidation = if per > Decimal::ZERO && cushion > Decimal::ZERO {
        let n = div(cushion, per)?.ceil();
        Some(mul(n, funding.interval_hours)?)
    } else if cushion <= Decimal::ZERO {
        Some(Decimal::ZERO)
    } else {
        None
    };
    let liquidated_by_funding = sub(cushion, paid)? <= Decimal::ZERO;
    let liquidation_price_after = if liquidated_by_funding {
        None
    } else {
        match liquidation_price(contract, side, quantity, entry, margin_after, maintenance)? {
            Trigger::At(p) => Some(p),
            Trigger::Never => None,
        }
    };
    Ok(FundingOutcome {
        payments,
        paid,
        liquidation_price_after,
        liquidated_by_funding,
        hours_to_funding_liquidation,
    })
}

/// The liquidation price after each whole day held, for the chart of liquidation against
/// days (`days + 1` points, day 0 first; `None` once funding has liquidated the position).
#[allow(clippy::too_many_arguments)]
pub fn liquidation_by_day(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    mark: Decimal,
    margin: Decimal,
    maintenance: &Maintenance,
    funding: &Funding,
    days: u32,
) -> CalcResult<Vec<Option<Decimal>>> {
    (0..=days.min(3650))
        .map(|day| {
            let hours = Decimal::from(day * 24);
            after_holding(
                contract,
                side,
                quantity,
                entry,
                mark,
                margin,
                maintenance,
                funding,
                hours,
            )
            .map(|o| o.liquidation_price_after)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn longs_pay_positive_funding_and_liquidation_creeps_up() {
        // 1 BTC long at 60,000, 10×: margin 6,000; MMR 0.4 %. Funding 0.01 % per 8 h.
        let f = Funding::new(d("0.0001"), d("8")).unwrap();
        let m = Maintenance::new(d("0.004"), d("0"));
        let o = after_holding(
            ContractKind::Linear,
            Side::Long,
            d("1"),
            d("60000"),
            d("60000"),
            d("6000"),
            &m,
            &f,
            d("72"),
        )
        .unwrap();
        assert_eq!(o.payments, d("9"));
        assert_eq!(o.paid, d("54")); // 9 × 6
        let before = liquidation_price(
            ContractKind::Linear,
            Side::Long,
            d("1"),
            d("60000"),
            d("6000"),
            &m,
        )
        .unwrap()
        .price()
        .unwrap();
        let after = o.liquidation_price_after.unwrap();
        assert!(after > before);
        // Exactly the root with 5,946 of margin.
        let want = (d("5946") - d("60000")) / (d("0.004") - d("1"));
        assert_eq!(after, want);
        // Cushion 6,000 − 240 = 5,760 → 960 payments of 6 → 7,680 hours.
        assert_eq!(o.hours_to_funding_liquidation, Some(d("7680")));
    }

    #[test]
    fn shorts_receive_positive_funding() {
        let f = Funding::new(d("0.0001"), d("8")).unwrap();
        let m = Maintenance::new(d("0.004"), d("0"));
        let o = after_holding(
            ContractKind::Linear,
            Side::Short,
            d("1"),
            d("60000"),
            d("60000"),
            d("6000"),
            &m,
            &f,
            d("24"),
        )
        .unwrap();
        assert_eq!(o.paid, d("-18"));
        assert_eq!(o.hours_to_funding_liquidation, None);
    }

    #[test]
    fn partial_intervals_do_not_pay() {
        let f = Funding::new(d("0.0001"), d("8")).unwrap();
        assert_eq!(f.payments_in(d("7.99")).unwrap(), d("0"));
        assert_eq!(f.payments_in(d("8")).unwrap(), d("1"));
        assert!(Funding::new(d("0.0001"), d("0")).is_err());
    }
}
