//! Trading fees and the break-even price.
//!
//! A fee is charged on the notional of each fill: `fee = N · f` (settlement currency), with
//! `f` the maker or taker rate (a negative maker rate is a rebate).
//!
//! # Formula (break-even, open fee `f_o`, close fee `f_c`)
//! Solve `PnL(P) = fee_open + fee_close(P)`:
//! ```text
//! linear long:   P = E·(1 + f_o)/(1 − f_c)      linear short:  P = E·(1 − f_o)/(1 + f_c)
//! inverse long:  P = E·(1 + f_c)/(1 − f_o)      inverse short: P = E·(1 − f_c)/(1 + f_o)
//! ```
//! (Inverse: `Q·C·(1/E − 1/P) = Q·C·f_o/E + Q·C·f_c/P` for a long.)

use super::contract::{ContractKind, Side};
use super::error::CalcResult;
use super::num::{add, div, mul, sub};
use rust_decimal::Decimal;

/// Maker and taker rates (fractions: 0.0004 = 0.04 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FeeSchedule {
    pub maker: Decimal,
    pub taker: Decimal,
}

/// Whether a fill adds liquidity (limit order resting in the book) or takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liquidity {
    Maker,
    Taker,
}

impl FeeSchedule {
    pub fn rate(&self, liquidity: Liquidity) -> Decimal {
        match liquidity {
            Liquidity::Maker => self.maker,
            Liquidity::Taker => self.taker,
        }
    }
}

/// Fee on a fill of `quantity` at `price`: `N(P) · f`.
pub fn fee(
    contract: ContractKind,
    quantity: Decimal,
    price: Decimal,
    rate: Decimal,
) -> CalcResult<Decimal> {
    mul(contract.notional(quantity, price)?, rate)
}

/// The exit price at which the trade neither gains nor loses after both fees.
pub fn break_even_price(
    contract: ContractKind,
    side: Side,
    entry: Decimal,
    open_rate: Decimal,
    close_rate: Decimal,
) -> CalcResult<Decimal> {
    let one = Decimal::ONE;
    let (num, den) = match (contract, side) {
        (ContractKind::Linear, Side::Long) => (add(one, open_rate)?, sub(one, close_rate)?),
        (ContractKind::Linear, Side::Short) => (sub(one, open_rate)?, add(one, close_rate)?),
        (ContractKind::Inverse { .. }, Side::Long) => (add(one, close_rate)?, sub(one, open_rate)?),
        (ContractKind::Inverse { .. }, Side::Short) => {
            (sub(one, close_rate)?, add(one, open_rate)?)
        }
    };
    mul(entry, div(num, den)?)
}
