//! A scenario as the engine's validated input ([`Scenario::to_trade`]): the contract kind, the
//! size, the venue's preset, the maintenance table, the fees and the cross account's other
//! positions.

use super::{
    BracketSpec, ContractName, LiquidityName, MaintenanceSpec, MarginModeName, Num, Scenario,
    ScenarioError, SideName,
};
use crate::engine::contract::{ContractKind, Side};
use crate::engine::error::{CalcError, Field};
use crate::engine::fees::{FeeSchedule, Liquidity};
use crate::engine::margin::Maintenance;
use crate::engine::sizing::RiskBudget;
use crate::engine::tables::TableInfo;
use crate::engine::trade::{MaintenanceSource, MarginInput, SizeInput, TradeInput};
use crate::engine::venues;
use rust_decimal::Decimal;

impl Scenario {
    /// The contract kind, from the venue where it has one kind.
    pub fn contract_kind(&self) -> Result<ContractKind, ScenarioError> {
        let implied = venues::implied_contract_for(self.venue, self.symbol.as_deref());
        let name = match (self.contract, implied) {
            (Some(c), Some(implied)) if c != implied => {
                return Err(CalcError::NotApplicable {
                    field: Field::ContractSize,
                    reason: "this venue does not offer that contract type",
                }
                .into())
            }
            (Some(c), _) => c,
            (None, Some(implied)) => implied,
            (None, None) => ContractName::Linear,
        };
        Ok(match name {
            ContractName::Linear => ContractKind::Linear,
            ContractName::Inverse => {
                let cs = match &self.contract_size {
                    Some(n) => n.parse(Field::ContractSize)?,
                    None => venues::default_contract_size(self.venue, self.symbol.as_deref())
                        .ok_or(CalcError::Empty(Field::ContractSize))?,
                };
                ContractKind::Inverse { contract_size: cs }
            }
        })
    }

    /// Turn the scenario into a validated engine input.
    pub fn to_trade(&self) -> Result<TradeInput, ScenarioError> {
        self.check_version()?;
        self.check_limits()?;
        let contract = self.contract_kind()?;
        let side = side(self.side);
        let entry = self.entry_price.parse(Field::EntryPrice)?;
        let mark = opt(&self.mark_price, Field::MarkPrice)?;
        let leverage = self.leverage.parse(Field::Leverage)?;

        let size = if let Some(q) = &self.quantity {
            SizeInput::Quantity(q.parse(Field::Quantity)?)
        } else if let Some(n) = &self.notional {
            SizeInput::Notional(n.parse(Field::Notional)?)
        } else if let Some(m) = &self.margin {
            SizeInput::Margin(m.parse(Field::Margin)?)
        } else if let Some(eq) = &self.equity {
            let equity = eq.parse(Field::Equity)?;
            let budget = match (&self.risk_percent, &self.risk_amount) {
                (Some(p), _) => RiskBudget::Percent(p.parse(Field::Risk)?),
                (None, Some(a)) => RiskBudget::Amount(a.parse(Field::Risk)?),
                (None, None) => return Err(CalcError::Empty(Field::Risk).into()),
            };
            SizeInput::Risk { equity, budget }
        } else {
            return Err(CalcError::Empty(Field::Quantity).into());
        };
        let by_risk = matches!(size, SizeInput::Risk { .. });

        let own_table = self.maintenance.is_some() || self.brackets.is_some();
        let preset = match venues::preset(self.venue, self.symbol.as_deref(), contract) {
            // A symbol the venue's tables do not hold, with the user's own rate or table: the
            // venue's formula and fees (its default symbol's), and no leverage limit from a
            // table that is not this symbol's.
            Err(CalcError::NotApplicable {
                field: Field::Symbol,
                ..
            }) if own_table => {
                let mut p = venues::preset(self.venue, None, contract)?;
                p.table = None;
                p.max_leverage = None;
                p
            }
            r => r?,
        };
        let maintenance = match (&self.maintenance, &self.brackets) {
            (Some(spec), _) => MaintenanceSource::Fixed(maintenance_of(spec)?),
            (None, Some(rows)) => MaintenanceSource::Table(table_of(rows)?),
            (None, None) => match preset.table {
                Some(table) => MaintenanceSource::Table(table),
                None => return Err(CalcError::Empty(Field::MaintenanceRate).into()),
            },
        };
        let fees = FeeSchedule {
            taker: opt(&self.taker_fee, Field::TakerFee)?.unwrap_or(preset.fees.taker),
            maker: opt(&self.maker_fee, Field::MakerFee)?.unwrap_or(preset.fees.maker),
        };

        let margin = match self.margin_mode {
            MarginModeName::Isolated => MarginInput::Isolated {
                margin: opt(&self.isolated_margin, Field::IsolatedMargin)?,
            },
            MarginModeName::Cross => {
                let wallet_balance = self
                    .wallet_balance
                    .as_ref()
                    .ok_or(CalcError::Empty(Field::WalletBalance))?
                    .parse(Field::WalletBalance)?;
                let (mm, upnl) = self.others(contract)?;
                MarginInput::Cross {
                    wallet_balance,
                    others_maintenance: mm,
                    others_unrealized_pnl: upnl,
                }
            }
        };

        Ok(TradeInput {
            side,
            contract,
            entry_price: entry,
            mark_price: mark,
            size,
            leverage,
            margin,
            maintenance,
            fees,
            entry_liquidity: match self.entry_liquidity.unwrap_or_default() {
                LiquidityName::Maker => Liquidity::Maker,
                LiquidityName::Taker => Liquidity::Taker,
            },
            stop_price: opt(&self.stop_price, Field::StopPrice)?,
            target_price: opt(&self.target_price, Field::TargetPrice)?,
            // A size from a risk budget is rounded down to the symbol's lot step from the
            // venue data (the loss at the stop then stays within the budget), unless the
            // scenario gives its own step (issue 13 §3).
            quantity_step: match opt(&self.quantity_step, Field::QuantityStep)? {
                Some(step) => Some(step),
                None if by_risk => preset.lot,
                None => None,
            },
            max_leverage: preset.max_leverage,
            model: preset
                .model
                .with_bitmex_view(self.bitmex_view.unwrap_or_default())
                .with_bybit_account(self.account.unwrap_or_default()),
        })
    }

    /// Where the venue table of the main position comes from, when the venue's table is the
    /// one used (no `maintenance` or `brackets` of the user's): the same [`venues::preset`]
    /// that [`Scenario::to_trade`] reads.
    pub fn venue_table_info(&self) -> Option<TableInfo> {
        if self.maintenance.is_some() || self.brackets.is_some() {
            return None;
        }
        let contract = self.contract_kind().ok()?;
        let p = venues::preset(self.venue, self.symbol.as_deref(), contract).ok()?;
        p.table.as_ref()?;
        Some(p.table_info())
    }

    /// Total maintenance margin and unrealised PnL of the other positions, at their marks.
    fn others(&self, contract: ContractKind) -> Result<(Decimal, Decimal), ScenarioError> {
        let mut mm = Decimal::ZERO;
        let mut upnl = Decimal::ZERO;
        for p in self.other_account_positions(contract)? {
            mm = crate::engine::num::add(mm, p.maintenance_margin_at(p.mark_price)?)?;
            upnl = crate::engine::num::add(upnl, p.pnl_at(p.mark_price)?)?;
        }
        Ok((mm, upnl))
    }

    /// The other positions of the cross account, as the engine's account positions (held at
    /// their marks, the entry when a mark is not given): an inverse position takes its own
    /// contract size when it gives one, and a position without its own maintenance uses its
    /// symbol's table on the scenario's venue.
    ///
    /// # Errors
    /// A number that does not parse or is out of range, or a symbol without a table, each
    /// named [`Field::OtherPositions`].
    pub fn other_account_positions(
        &self,
        contract: ContractKind,
    ) -> Result<Vec<crate::engine::account::Position>, ScenarioError> {
        let mut out = Vec::with_capacity(self.other_positions.len());
        for p in &self.other_positions {
            let kind = match (contract, &p.contract_size) {
                (ContractKind::Inverse { .. }, Some(cs)) => ContractKind::Inverse {
                    contract_size: cs.parse(Field::ContractSize)?,
                },
                (k, _) => k,
            };
            let q = p.quantity.parse(Field::OtherPositions)?;
            let e = p.entry_price.parse(Field::OtherPositions)?;
            let m = match &p.mark_price {
                Some(m) => m.parse(Field::OtherPositions)?,
                None => e,
            };
            crate::engine::input::quantity(Field::OtherPositions, q)?;
            crate::engine::input::price(Field::OtherPositions, e)?;
            crate::engine::input::price(Field::OtherPositions, m)?;
            let maintenance = match &p.maintenance {
                Some(spec) => MaintenanceSource::Fixed(maintenance_of(spec)?),
                None => {
                    let preset = venues::preset(self.venue, p.symbol.as_deref(), kind)?;
                    match preset.table {
                        Some(t) => MaintenanceSource::Table(t),
                        None => return Err(CalcError::Empty(Field::OtherPositions).into()),
                    }
                }
            };
            out.push(crate::engine::account::Position {
                side: side(p.side),
                contract: kind,
                quantity: q,
                entry_price: e,
                mark_price: m,
                maintenance,
                stop_price: None,
            });
        }
        Ok(out)
    }
}

fn side(s: SideName) -> Side {
    match s {
        SideName::Long => Side::Long,
        SideName::Short => Side::Short,
    }
}

pub(super) fn opt(n: &Option<Num>, field: Field) -> Result<Option<Decimal>, CalcError> {
    n.as_ref().map(|n| n.parse(field)).transpose()
}

/// A user-entered table: tiers in order, each floor below its cap and at or above the
/// previous cap, leverage at least 1.
fn table_of(rows: &[BracketSpec]) -> Result<crate::engine::brackets::BracketTable, CalcError> {
    use crate::engine::brackets::{Bracket, BracketTable, Lookup, TierUnit};
    let bad = |reason| CalcError::NotApplicable {
        field: Field::Brackets,
        reason,
    };
    if rows.is_empty() || rows.len() > 50 {
        return Err(bad("give between 1 and 50 tiers"));
    }
    let mut brackets = Vec::with_capacity(rows.len());
    let mut prev_cap: Option<Decimal> = None;
    for r in rows {
        let floor = r.floor.parse(Field::Brackets)?;
        let cap = r.cap.parse(Field::Brackets)?;
        let maintenance = Maintenance {
            rate: crate::engine::input::unit_rate(Field::Brackets, r.rate.parse(Field::Brackets)?)?,
            amount: opt(&r.amount, Field::Brackets)?.unwrap_or(Decimal::ZERO),
        };
        let max_leverage =
            crate::engine::input::leverage(r.max_leverage.parse(Field::Brackets)?)
                .map_err(|_| bad("each tier's maximum leverage must be between 1 and 1000"))?;
        if floor < Decimal::ZERO || cap <= floor {
            return Err(bad("each tier's cap must be above its floor"));
        }
        if prev_cap.is_some_and(|p| floor < p) {
            return Err(bad(
                "tiers must be in order, each starting at or above the previous cap",
            ));
        }
        prev_cap = Some(cap);
        brackets.push(Bracket {
            floor,
            cap,
            maintenance,
            max_leverage,
        });
    }
    Ok(BracketTable {
        brackets,
        unit: TierUnit::Notional,
        lookup: Lookup::FloorInclusive,
    })
}

fn maintenance_of(spec: &MaintenanceSpec) -> Result<Maintenance, CalcError> {
    Ok(Maintenance {
        rate: spec.rate.parse(Field::MaintenanceRate)?,
        amount: opt(&spec.amount, Field::MaintenanceAmount)?.unwrap_or(Decimal::ZERO),
    })
}
