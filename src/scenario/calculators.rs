//! The venue calculators' other figures from an evaluated trade: the target price for an
//! amount or a return, the largest position a balance opens, the position after an add, and
//! the net PnL at an exit price.

use super::Evaluation;
use crate::engine::error::{CalcError, Field};
use rust_decimal::Decimal;

impl Evaluation {
    /// The venue calculators' "Target price" (issue 13 §3): the exit price at which this trade
    /// nets `wanted` after both fees. A gain exits as maker (a limit order, as the target), a
    /// loss as taker (a stop), as [`crate::engine::trade`] prices its exits.
    ///
    /// # Errors
    /// When no positive price gives that amount.
    pub fn target_price_for(&self, wanted: Decimal) -> Result<Decimal, crate::engine::CalcError> {
        let t = &self.input;
        let close_rate = if wanted.is_sign_negative() {
            t.fees.taker
        } else {
            t.fees.maker
        };
        crate::engine::max_open::target_price(
            t.contract,
            t.side,
            self.report.quantity,
            t.entry_price,
            self.report.open_fee,
            close_rate,
            wanted,
        )
    }

    /// The target price for a return on equity `roe` (a fraction of the initial margin).
    ///
    /// # Errors
    /// As [`Evaluation::target_price_for`].
    pub fn target_price_for_roe(&self, roe: Decimal) -> Result<Decimal, crate::engine::CalcError> {
        let wanted = crate::engine::num::mul(roe, self.report.initial_margin)?;
        self.target_price_for(wanted)
    }

    /// The venue calculators' "Max open" (issue 13 §3): the largest position `balance` opens
    /// at this trade's leverage and entry, walking the venue's tiers, the opening fee paid.
    ///
    /// # Errors
    /// When no tier allows the leverage, or the balance is not positive.
    pub fn max_open(
        &self,
        balance: Decimal,
    ) -> Result<crate::engine::max_open::MaxOpen, crate::engine::CalcError> {
        let t = &self.input;
        let table = match &t.maintenance {
            crate::engine::trade::MaintenanceSource::Table(table) => Some(table),
            crate::engine::trade::MaintenanceSource::Fixed(_) => None,
        };
        let open = crate::engine::max_open::max_open(
            t.contract,
            table,
            self.report.leverage,
            balance,
            t.fees.rate(t.entry_liquidity),
            t.entry_price,
            t.quantity_step,
        )?;
        // Without a table, the venue's own leverage limit still applies.
        if let Some(max) = t.max_leverage.filter(|m| self.report.leverage > *m) {
            return Err(crate::engine::CalcError::LeverageAboveMax { max, tier: None });
        }
        Ok(open)
    }

    /// "Open price", as the venues' calculators have it (issue 13 §3): the position after
    /// adding `quantity` at `price` to this trade, with its average entry, margin and new
    /// liquidation price. It is the Account tab's ladder with one add:
    /// [`crate::engine::ladder::Ladder`] with the rungs (entry, quantity) and (price, quantity).
    ///
    /// # Errors
    /// A price or size out of range (named as the add's), or the venue refusing the larger
    /// position (its tier's leverage limit, a cross balance that no longer covers it).
    pub fn add_to_position(
        &self,
        price: Decimal,
        quantity: Decimal,
    ) -> Result<crate::engine::ladder::RungReport, CalcError> {
        use crate::engine::ladder::{Ladder, Rung};
        crate::engine::input::price(Field::AddPrice, price)?;
        crate::engine::input::quantity(Field::AddQuantity, quantity)?;
        let first = Rung {
            price: self.input.entry_price,
            quantity: self.report.quantity,
        };
        let ladder = Ladder::new(self.input.clone(), vec![first, Rung { price, quantity }])?;
        let mut report = ladder.evaluate()?;
        if let Some(f) = report.failure {
            return Err(f.error);
        }
        report
            .rungs
            .pop()
            .ok_or(CalcError::Empty(Field::AddQuantity))
    }
}

impl Evaluation {
    /// Net PnL if the position is closed at `price` (open fee and a taker close fee
    /// included), never below the loss of the whole margin balance (the venue liquidates
    /// first). This is what the PnL chart draws.
    pub fn net_pnl_at(&self, price: Decimal) -> Result<Decimal, CalcError> {
        use crate::engine::num::{mul, sub};
        let t = &self.input;
        let r = &self.report;
        let gross = t.contract.pnl(t.side, r.quantity, t.entry_price, price)?;
        let close_fee = mul(t.contract.notional(r.quantity, price)?, t.fees.taker)?;
        let net = sub(sub(gross, r.open_fee)?, close_fee)?;
        Ok(net.max(crate::engine::num::neg(r.margin_balance)))
    }
}
