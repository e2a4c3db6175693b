//! Liquidation and bankruptcy prices: the exact root of "equity = maintenance margin".
//!
//! The position is backed by a margin balance `M` (settlement currency): for isolated margin
//! the isolated wallet (initial margin plus added margin); for cross margin the wallet balance
//! less the other positions' maintenance margin plus their unrealised PnL (Binance's
//! `WB − TMM1 + UPNL1`). Liquidation happens at the price `P` where
//!
//! ```text
//! M + PnL(P) = N(P) · r − a
//! ```
//!
//! # Formula
//! Linear (`N = Q·P`, `PnL = s·Q·(P − E)`):
//! ```text
//! LP = (M + a − s·Q·E) / (Q·r − s·Q)
//! ```
//! Inverse (`N = Q·C/P`, `PnL = s·Q·C·(1/E − 1/P)`), multiplying through by `P`:
//! ```text
//! LP = Q·C·(r + s) / (M + a + s·Q·C/E)
//! ```
//! The bankruptcy price is the same root with `r = a = 0` (margin balance exactly zero).
//!
//! Sources: Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts"
//! (`LP = (WB − TMM1 + UPNL1 + cumB − s·Q·EP)/(Q·MMR_B − s·Q)`) and its COIN-M counterpart;
//! shared/reference/venue-formulas.md §1–§2. Worked check: Binance's isolated ETHUSDT example
//! gives 1,114.78 (see tests/vectors.rs).

use super::contract::{ContractKind, Side};
use super::error::CalcResult;
use super::margin::Maintenance;
use super::num::{add, div, mul, sub};
use rust_decimal::Decimal;

/// Where the price must go for the margin condition to bind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The condition binds at this (positive) price.
    At(Decimal),
    /// No positive price makes it bind: the position cannot be liquidated by price alone
    /// (e.g. a 1× long on a linear contract, or a short inverse contract fully backed in coin).
    Never,
}

impl Trigger {
    pub fn price(self) -> Option<Decimal> {
        match self {
            Trigger::At(p) => Some(p),
            Trigger::Never => None,
        }
    }
}

/// Liquidation price: the price at which equity equals the maintenance margin.
///
/// `margin_balance` is `M` above. `maintenance` is the bracket's rate and amount; choosing the
/// bracket that holds the notional *at* the liquidation price is the venue module's job
/// (see [`crate::engine::brackets`]).
///
/// # Errors
/// [`CalcError::Overflow`](super::CalcError::Overflow) or
/// [`CalcError::Degenerate`](super::CalcError::Degenerate) for inputs outside the validated
/// ranges.
pub fn liquidation_price(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    margin_balance: Decimal,
    maintenance: &Maintenance,
) -> CalcResult<Trigger> {
    let s = side.sign();
    let r = maintenance.rate;
    let a = maintenance.amount;
    match contract {
        ContractKind::Linear => {
            let numerator = sub(add(margin_balance, a)?, mul(s, mul(quantity, entry)?)?)?;
            let denominator = mul(quantity, sub(r, s)?)?;
            positive(div(numerator, denominator)?)
        }
        ContractKind::Inverse { contract_size } => {
            let value = mul(quantity, contract_size)?;
            let numerator = mul(value, add(r, s)?)?;
            let denominator = add(add(margin_balance, a)?, mul(s, div(value, entry)?)?)?;
            if denominator.is_zero() {
                return Ok(Trigger::Never);
            }
            positive(div(numerator, denominator)?)
        }
    }
}

/// Bankruptcy price: where the margin balance is exactly used up (`r = a = 0`).
/// Venues fill liquidation orders at this price.
///
/// # Formula
/// ```text
/// linear:  BP = E − s·M/Q
/// inverse: BP = s·Q·C / (M + s·Q·C/E)
/// ```
pub fn bankruptcy_price(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    margin_balance: Decimal,
) -> CalcResult<Trigger> {
    liquidation_price(
        contract,
        side,
        quantity,
        entry,
        margin_balance,
        &Maintenance::default(),
    )
}

/// Equity minus maintenance margin at `price`: zero at the liquidation price, positive on the
/// safe side. Used by tests and by the bracket re-solve.
pub fn margin_surplus(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    margin_balance: Decimal,
    maintenance: &Maintenance,
    price: Decimal,
) -> CalcResult<Decimal> {
    let equity = add(margin_balance, contract.pnl(side, quantity, entry, price)?)?;
    let mm = maintenance.margin(contract.notional(quantity, price)?)?;
    sub(equity, mm)
}

fn positive(p: Decimal) -> CalcResult<Trigger> {
    Ok(if p > Decimal::ZERO {
        Trigger::At(p)
    } else {
        Trigger::Never
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn linear_long_root_makes_surplus_zero() {
        let m = Maintenance::new(d("0.004"), d("0"));
        let lp = liquidation_price(
            ContractKind::Linear,
            Side::Long,
            d("1"),
            d("20000"),
            d("400"),
            &m,
        )
        .unwrap()
        .price()
        .unwrap();
        // (400 − 20000) / (0.004 − 1) = 19,678.714859…
        assert_eq!(lp.round_dp(6), d("19678.714859"));
        let s = margin_surplus(
            ContractKind::Linear,
            Side::Long,
            d("1"),
            d("20000"),
            d("400"),
            &m,
            lp,
        )
        .unwrap();
        assert!(s.abs() < d("0.0000000001"));
    }

    #[test]
    fn one_x_long_linear_never_liquidates_without_amount() {
        let m = Maintenance::new(d("0.004"), d("0"));
        let t = liquidation_price(
            ContractKind::Linear,
            Side::Long,
            d("2"),
            d("100"),
            d("200"),
            &m,
        )
        .unwrap();
        assert_eq!(t, Trigger::Never);
    }

    #[test]
    fn inverse_short_fully_backed_never_liquidates() {
        let c = ContractKind::Inverse {
            contract_size: d("100"),
        };
        // 100 contracts × 100 USD at 20,000 = 0.5 BTC notional; 0.5 BTC margin: a 1× short.
        let t = liquidation_price(
            c,
            Side::Short,
            d("100"),
            d("20000"),
            d("0.5"),
            &Maintenance::default(),
        )
        .unwrap();
        assert_eq!(t, Trigger::Never);
    }

    #[test]
    fn bankruptcy_linear_is_entry_minus_margin_per_unit() {
        let bp = bankruptcy_price(
            ContractKind::Linear,
            Side::Long,
            d("1"),
            d("10000"),
            d("200"),
        )
        .unwrap()
        .price()
        .unwrap();
        assert_eq!(bp, d("9800"));
        let bp = bankruptcy_price(
            ContractKind::Linear,
            Side::Short,
            d("1"),
            d("10000"),
            d("200"),
        )
        .unwrap()
        .price()
        .unwrap();
        assert_eq!(bp, d("10200"));
    }
}
