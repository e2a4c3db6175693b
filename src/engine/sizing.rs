//! Position sizing from a risk budget, and the leverage at which the stop still fires first.
//!
//! # Formula (quantity from risk)
//! The loss at the stop `S`, with open fee `f_o` at entry `E` and close fee `f_c` at `S`, must
//! equal the risk budget `R` (settlement currency):
//! ```text
//! linear:  R = Q · (|E − S| + E·f_o + S·f_c)            ⇒ Q = R / (|E − S| + E·f_o + S·f_c)
//! inverse: R = Q · C · (|1/E − 1/S| + f_o/E + f_c/S)    ⇒ Q = R / (C · (…))
//! ```
//! The quantity is then rounded *down* to the lot step, so the loss never exceeds the budget.
//! This is the fixed-fractional sizing rule of position-size tools (TradingView's Long/Short
//! Position tool: quantity = risk ÷ stop distance), with fees added.
//!
//! # Formula (highest leverage with the stop first)
//! With isolated margin `M = N(E)/L`, the stop fires before liquidation while the margin exceeds
//! the margin that would put the liquidation price exactly on the stop:
//! ```text
//! M* = N(S)·r − a − PnL(S)        L* = N(E) / M*
//! ```
//! Any leverage strictly below `L*` keeps the liquidation price beyond the stop.

use super::contract::{ContractKind, Side};
use super::error::{CalcError, CalcResult};
use super::margin::Maintenance;
use super::num::{add, div, floor_to_step, mul, sub};
use rust_decimal::Decimal;

/// How much of the account a trade may lose at its stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskBudget {
    /// Percent of equity (e.g. 1 for 1 %).
    Percent(Decimal),
    /// An amount in the settlement currency.
    Amount(Decimal),
}

impl RiskBudget {
    /// The budget as an amount, given the account equity.
    pub fn amount(self, equity: Decimal) -> CalcResult<Decimal> {
        match self {
            RiskBudget::Percent(p) => div(mul(equity, p)?, Decimal::ONE_HUNDRED),
            RiskBudget::Amount(a) => Ok(a),
        }
    }
}

/// Loss per unit of quantity (base unit or contract) at the stop, fees included.
pub fn loss_per_unit(
    contract: ContractKind,
    side: Side,
    entry: Decimal,
    stop: Decimal,
    open_rate: Decimal,
    close_rate: Decimal,
) -> CalcResult<Decimal> {
    let one = Decimal::ONE;
    let move_loss = super::num::neg(contract.pnl(side, one, entry, stop)?);
    let open_fee = mul(contract.notional(one, entry)?, open_rate)?;
    let close_fee = mul(contract.notional(one, stop)?, close_rate)?;
    add(add(move_loss, open_fee)?, close_fee)
}

/// Quantity whose loss at the stop (fees included) is at most `risk_amount`.
///
/// `step` rounds the quantity down (e.g. 1 for whole inverse contracts, 0.001 for a BTC lot).
///
/// # Errors
/// [`CalcError::RiskTooSmall`] when the rounded quantity is zero;
/// [`CalcError::Degenerate`] when the stop produces no loss (stop on the wrong side with fees
/// that pay more than the move).
#[allow(clippy::too_many_arguments)]
pub fn quantity_for_risk(
    contract: ContractKind,
    side: Side,
    entry: Decimal,
    stop: Decimal,
    open_rate: Decimal,
    close_rate: Decimal,
    risk_amount: Decimal,
    step: Option<Decimal>,
) -> CalcResult<Decimal> {
    let per_unit = loss_per_unit(contract, side, entry, stop, open_rate, close_rate)?;
    if per_unit <= Decimal::ZERO {
        return Err(CalcError::Degenerate(
            "the stop produces no loss, so risk cannot size the position",
        ));
    }
    let raw = div(risk_amount, per_unit)?;
    let q = match step {
        Some(step) if step > Decimal::ZERO => floor_to_step(raw, step)?,
        _ => raw,
    };
    if q <= Decimal::ZERO {
        return Err(CalcError::RiskTooSmall);
    }
    Ok(q)
}

/// The terms of `L* = N(E) / (MM(S) − PnL(S))`, the leverage at which the liquidation price
/// sits exactly on the stop (isolated margin equal to the initial margin), as computed: an
/// explanation substitutes these very numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StopFirst {
    /// `N(E)`, the notional at entry.
    pub entry_notional: Decimal,
    /// `N(S)`, the notional at the stop, which the maintenance is taken on.
    pub notional: Decimal,
    /// Rate (the liquidation fee's rate included where the venue adds it) and amount.
    pub maintenance: Maintenance,
    /// `MM(S) = N(S) × rate − amount`.
    pub maintenance_margin: Decimal,
    /// `PnL(S)`, gross.
    pub pnl: Decimal,
}

impl StopFirst {
    /// `L*`: any lower leverage lets the stop fire first. `None` when no finite leverage puts
    /// liquidation on the stop.
    ///
    /// # Errors
    /// Overflow.
    pub fn max_leverage(&self) -> CalcResult<Option<Decimal>> {
        let needed = sub(self.maintenance_margin, self.pnl)?;
        if needed <= Decimal::ZERO {
            return Ok(None);
        }
        Ok(Some(div(self.entry_notional, needed)?))
    }
}

/// The terms of the highest leverage with the stop first ([`StopFirst`]).
///
/// # Errors
/// Overflow.
pub fn stop_first(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    stop: Decimal,
    maintenance: &Maintenance,
) -> CalcResult<StopFirst> {
    let notional = contract.notional(quantity, stop)?;
    Ok(StopFirst {
        entry_notional: contract.notional(quantity, entry)?,
        notional,
        maintenance: *maintenance,
        maintenance_margin: maintenance.margin(notional)?,
        pnl: contract.pnl(side, quantity, entry, stop)?,
    })
}
