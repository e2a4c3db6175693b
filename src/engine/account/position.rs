//! One position of the account: its notional (`N = Q·P` linear, `N = Q·C/P` inverse),
//! unrealised PnL and maintenance margin `MM(P) = N(P)·r − a` at a price.

use crate::engine::contract::{ContractKind, Side};
use crate::engine::error::{CalcError, CalcResult, Field};
use crate::engine::input;
use crate::engine::margin::Maintenance;
use crate::engine::trade::MaintenanceSource;
use rust_decimal::Decimal;

/// One position of the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub side: Side,
    pub contract: ContractKind,
    /// Base units (linear) or contracts (inverse).
    pub quantity: Decimal,
    pub entry_price: Decimal,
    pub mark_price: Decimal,
    pub maintenance: MaintenanceSource,
    /// The position's stop, for the risk-per-trade limit.
    pub stop_price: Option<Decimal>,
}

impl Position {
    /// A validated position.
    ///
    /// # Errors
    /// A [`CalcError`] naming the field: prices, quantity, contract size, maintenance rate and
    /// amount, an empty bracket table.
    pub fn new(
        side: Side,
        contract: ContractKind,
        quantity: Decimal,
        entry_price: Decimal,
        mark_price: Decimal,
        maintenance: MaintenanceSource,
    ) -> CalcResult<Position> {
        let p = Position {
            side,
            contract,
            quantity,
            entry_price,
            mark_price,
            maintenance,
            stop_price: None,
        };
        p.validate()?;
        Ok(p)
    }

    /// The same position with a stop (on the loss side of the entry).
    ///
    /// # Errors
    /// [`CalcError::StopWrongSide`], or a price out of range.
    pub fn with_stop(mut self, stop: Decimal) -> CalcResult<Position> {
        self.stop_price = Some(stop);
        self.validate()?;
        Ok(self)
    }

    pub(super) fn validate(&self) -> CalcResult<()> {
        input::price(Field::EntryPrice, self.entry_price)?;
        input::price(Field::MarkPrice, self.mark_price)?;
        input::quantity(Field::Quantity, self.quantity)?;
        if let ContractKind::Inverse { contract_size } = self.contract {
            input::contract_size(contract_size)?;
        }
        match &self.maintenance {
            MaintenanceSource::Fixed(m) => check_maintenance(m)?,
            MaintenanceSource::Table(t) => {
                if t.brackets.is_empty() {
                    return Err(CalcError::Degenerate("the bracket table is empty"));
                }
                for b in &t.brackets {
                    check_maintenance(&b.maintenance)?;
                }
            }
        }
        if let Some(s) = self.stop_price {
            input::price(Field::StopPrice, s)?;
            let long = self.side.is_long();
            if (long && s >= self.entry_price) || (!long && s <= self.entry_price) {
                return Err(CalcError::StopWrongSide { long });
            }
        }
        Ok(())
    }

    /// Notional at `price` (settlement currency).
    ///
    /// ```text
    /// linear: N = Q·P      inverse: N = Q·C/P
    /// ```
    /// Source: [`ContractKind::notional`].
    pub fn notional_at(&self, price: Decimal) -> CalcResult<Decimal> {
        self.contract.notional(self.quantity, price)
    }

    /// Unrealised PnL at `price` (settlement currency).
    ///
    /// ```text
    /// linear: s·Q·(P − E)      inverse: s·Q·C·(1/E − 1/P)
    /// ```
    /// Source: [`ContractKind::pnl`].
    pub fn pnl_at(&self, price: Decimal) -> CalcResult<Decimal> {
        self.contract
            .pnl(self.side, self.quantity, self.entry_price, price)
    }

    /// Maintenance requirement at `price` and its tier (tables only).
    ///
    /// ```text
    /// MM(P) = N(P)·r − a      (r, a of the tier holding N(P))
    /// ```
    /// Source: [`crate::engine::margin`], [`crate::engine::brackets`].
    pub fn maintenance_at(&self, price: Decimal) -> CalcResult<(Maintenance, Option<u32>)> {
        self.maintenance_for(self.quantity, price)
    }

    pub(super) fn maintenance_for(
        &self,
        quantity: Decimal,
        price: Decimal,
    ) -> CalcResult<(Maintenance, Option<u32>)> {
        match &self.maintenance {
            MaintenanceSource::Fixed(m) => Ok((*m, None)),
            MaintenanceSource::Table(t) => {
                let c = t.at_price(self.contract, quantity, price)?;
                Ok((c.bracket.maintenance, Some(c.tier)))
            }
        }
    }

    /// Maintenance margin at `price`.
    ///
    /// ```text
    /// MM(P) = N(P)·r − a      (tier holding N(P))
    /// ```
    /// Source: [`crate::engine::margin`].
    pub fn maintenance_margin_at(&self, price: Decimal) -> CalcResult<Decimal> {
        self.maintenance_at(price)?
            .0
            .margin(self.notional_at(price)?)
    }

    /// True when `price` is at or beyond `level` on this position's losing side.
    pub(super) fn beyond(&self, price: Decimal, level: Decimal) -> bool {
        match self.side {
            Side::Long => price <= level,
            Side::Short => price >= level,
        }
    }
}

fn check_maintenance(m: &Maintenance) -> CalcResult<()> {
    input::unit_rate(Field::MaintenanceRate, m.rate)?;
    input::money_non_negative(Field::MaintenanceAmount, m.amount)?;
    Ok(())
}
