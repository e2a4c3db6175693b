//! Initial and maintenance margin.
//!
//! # Formula
//! ```text
//! IM = N(E) / L                    (N in settlement currency, L leverage)
//! MM = N(P) · r − a                (r maintenance rate of the bracket, a its maintenance amount)
//! ```
//! `a` is Binance's "maintenance amount" (`cum`), Bybit's `mmDeduction`, Hyperliquid's
//! deduction. It makes MM continuous across brackets:
//! `a_n = floor_n · (r_n − r_{n−1}) + a_{n−1}`, `a_1 = 0`.
//!
//! Sources: Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts"
//! (maintenance margin and maintenance-amount definitions, example 250,000 × (1 % − 0.5 %) + 50
//! = 1,300); shared/reference/venue-formulas.md §1–§3, §8.

use super::error::CalcResult;
use super::num::{add, div, mul, sub};
use rust_decimal::Decimal;

/// A maintenance requirement: rate and amount (deduction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Maintenance {
    /// Maintenance margin rate `r` (fraction, e.g. 0.004 for 0.4 %).
    pub rate: Decimal,
    /// Maintenance amount `a`, subtracted from `N·r` (settlement currency).
    pub amount: Decimal,
}

impl Maintenance {
    pub fn new(rate: Decimal, amount: Decimal) -> Self {
        Maintenance { rate, amount }
    }

    /// Maintenance margin for a notional: `N · r − a`.
    pub fn margin(&self, notional: Decimal) -> CalcResult<Decimal> {
        sub(mul(notional, self.rate)?, self.amount)
    }
}

/// Initial margin `N / L`.
pub fn initial_margin(notional: Decimal, leverage: Decimal) -> CalcResult<Decimal> {
    div(notional, leverage)
}

/// Maintenance amount of bracket n from the previous bracket (Binance's `cum` recursion).
///
/// # Formula
/// ```text
/// a_n = floor_n · (r_n − r_{n−1}) + a_{n−1}
/// ```
/// # Examples
/// Binance's documented example: 250,000 × (1 % − 0.5 %) + 50 = 1,300.
/// ```
/// use levcalc::engine::margin::maintenance_amount_step;
/// use rust_decimal::Decimal;
/// let a = maintenance_amount_step(
///     Decimal::from(250_000), Decimal::new(1, 2), Decimal::new(5, 3), Decimal::from(50)).unwrap();
/// assert_eq!(a, Decimal::from(1300));
/// ```
pub fn maintenance_amount_step(
    floor: Decimal,
    rate: Decimal,
    previous_rate: Decimal,
    previous_amount: Decimal,
) -> CalcResult<Decimal> {
    add(mul(floor, sub(rate, previous_rate)?)?, previous_amount)
}
