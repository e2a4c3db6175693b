//! Contract kinds and the position's value and profit in each.
//!
//! - **Linear** (USDT/USDC-margined): quantity `Q` in base units, settled in the quote coin.
//!   Notional `N(P) = Q·P`; PnL `= s·Q·(P − E)`.
//! - **Inverse** (coin-margined): quantity `Q` in contracts of a fixed quote value `C`
//!   (e.g. 100 USD for BTCUSD), settled in the base coin. Notional in coin `N(P) = Q·C/P`;
//!   PnL (coin) `= s·Q·C·(1/E − 1/P)`.
//!
//! `s` is +1 for a long and −1 for a short; `E` the entry price, `P` the price.
//! Source: shared/reference/venue-formulas.md, notation section (Binance COIN-M FAQ for the
//! inverse notional `Q × CM / MP`).

use super::error::CalcResult;
use super::num::{div, mul, sub};
use rust_decimal::Decimal;

/// Direction of the position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Long,
    Short,
}

impl Side {
    /// `s`: +1 for long, −1 for short.
    pub fn sign(self) -> Decimal {
        match self {
            Side::Long => Decimal::ONE,
            Side::Short => Decimal::NEGATIVE_ONE,
        }
    }

    pub fn is_long(self) -> bool {
        self == Side::Long
    }

    /// The scenario-format name.
    pub fn key(self) -> &'static str {
        match self {
            Side::Long => "long",
            Side::Short => "short",
        }
    }
}

/// Linear or inverse, with the inverse contract's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractKind {
    /// Quantity in base units; margin, fees and PnL in the quote coin.
    Linear,
    /// Quantity in contracts worth `contract_size` quote units each; margin, fees and PnL in
    /// the base coin.
    Inverse { contract_size: Decimal },
}

/// Linear or inverse, without the contract size (the scenario format's `contract`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContractType {
    Linear,
    Inverse,
}

/// The currency amounts are settled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    /// The quote coin (USDT, USDC, USD).
    Quote,
    /// The base coin (BTC, ETH …).
    Base,
}

impl ContractKind {
    pub fn settlement(self) -> Settlement {
        match self {
            ContractKind::Linear => Settlement::Quote,
            ContractKind::Inverse { .. } => Settlement::Base,
        }
    }

    pub fn is_inverse(self) -> bool {
        matches!(self, ContractKind::Inverse { .. })
    }

    /// The scenario-format name.
    pub fn key(self) -> &'static str {
        match self {
            ContractKind::Linear => "linear",
            ContractKind::Inverse { .. } => "inverse",
        }
    }

    /// Notional at `price`, in the settlement currency.
    ///
    /// # Formula
    /// ```text
    /// linear:  N = Q · P
    /// inverse: N = Q · C / P
    /// ```
    pub fn notional(self, quantity: Decimal, price: Decimal) -> CalcResult<Decimal> {
        match self {
            ContractKind::Linear => mul(quantity, price),
            ContractKind::Inverse { contract_size } => div(mul(quantity, contract_size)?, price),
        }
    }

    /// The position's value in the quote coin at `price`: `Q·P` (linear) or `Q·C` (inverse).
    pub fn value_in_quote(self, quantity: Decimal, price: Decimal) -> CalcResult<Decimal> {
        match self {
            ContractKind::Linear => mul(quantity, price),
            ContractKind::Inverse { contract_size } => mul(quantity, contract_size),
        }
    }

    /// Profit or loss of a position opened at `entry` and valued at `price`, in the settlement
    /// currency, before fees.
    ///
    /// # Formula
    /// ```text
    /// linear:  PnL = s · Q · (P − E)
    /// inverse: PnL = s · Q · C · (1/E − 1/P)
    /// ```
    ///
    /// # Examples
    /// ```
    /// use levcalc::engine::contract::{ContractKind, Side};
    /// use rust_decimal::Decimal;
    /// let inv = ContractKind::Inverse { contract_size: Decimal::from(100) };
    /// // 100 contracts of 100 USD long from 20,000 to 25,000: 10,000·(1/20,000 − 1/25,000) = 0.1 BTC
    /// let pnl = inv.pnl(Side::Long, Decimal::from(100), Decimal::from(20_000), Decimal::from(25_000)).unwrap();
    /// assert_eq!(pnl.normalize().to_string(), "0.1");
    /// ```
    pub fn pnl(
        self,
        side: Side,
        quantity: Decimal,
        entry: Decimal,
        price: Decimal,
    ) -> CalcResult<Decimal> {
        match self {
            ContractKind::Linear => mul(side.sign(), mul(quantity, sub(price, entry)?)?),
            ContractKind::Inverse { contract_size } => {
                let value = mul(quantity, contract_size)?;
                let diff = sub(div(Decimal::ONE, entry)?, div(Decimal::ONE, price)?)?;
                mul(side.sign(), mul(value, diff)?)
            }
        }
    }

    /// Quantity from a notional in the quote coin: `N/E` base units (linear) or `N/C` contracts
    /// (inverse).
    pub fn quantity_from_quote_value(self, value: Decimal, entry: Decimal) -> CalcResult<Decimal> {
        match self {
            ContractKind::Linear => div(value, entry),
            ContractKind::Inverse { contract_size } => div(value, contract_size),
        }
    }
}
