//! Funding over the holding period, and the liquidation price once it is paid.

use super::trade::opt;
use super::{Num, Scenario, ScenarioError};
use crate::engine::error::{CalcError, Field};
use crate::engine::funding::{Funding, FundingOutcome};
use crate::engine::margin::Maintenance;
use crate::engine::trade::{evaluate, MarginInput, SizeInput, TradeInput, TradeReport};
use crate::engine::venues;
use rust_decimal::Decimal;

/// Funding paid over `holding_hours` (mark held at entry, one payment per whole interval) and
/// the venue's liquidation price with the margin reduced by it.
pub(super) fn funding_outcome(
    s: &Scenario,
    input: &TradeInput,
    report: &TradeReport,
    rate: &Num,
) -> Result<FundingOutcome, ScenarioError> {
    let rate = rate.parse(Field::FundingRate)?;
    let interval = match &s.funding_interval_hours {
        Some(h) => h.parse(Field::FundingInterval)?,
        None => venues::funding_interval_hours(s.venue),
    };
    let funding = Funding::new(rate, interval)?;
    let hours = opt(&s.holding_hours, Field::HoldingHours)?.unwrap_or(Decimal::ZERO);
    let maintenance = Maintenance::new(report.maintenance_rate, report.maintenance_amount);
    let mut outcome = crate::engine::funding::after_holding(
        input.contract,
        input.side,
        report.quantity,
        input.entry_price,
        input.entry_price,
        report.margin_balance,
        &maintenance,
        &funding,
        hours,
    )?;
    if outcome.liquidated_by_funding {
        return Ok(outcome);
    }
    // The venue's own formula and bracket with the reduced margin.
    let mut after = input.clone();
    after.mark_price = None;
    after.size = SizeInput::Quantity(report.quantity);
    let reduced = |m: Decimal| crate::engine::num::sub(m, outcome.paid);
    after.margin = match input.margin {
        MarginInput::Isolated { .. } => MarginInput::Isolated {
            margin: Some(reduced(report.margin_balance)?),
        },
        MarginInput::Cross {
            wallet_balance,
            others_maintenance,
            others_unrealized_pnl,
        } => MarginInput::Cross {
            wallet_balance: reduced(wallet_balance)?,
            others_maintenance,
            others_unrealized_pnl,
        },
    };
    match evaluate(&after) {
        Ok(r) => outcome.liquidation_price_after = r.liquidation_price,
        Err(CalcError::ImmediateLiquidation { .. })
        | Err(CalcError::CrossBalanceShort { .. })
        | Err(CalcError::NotPositive(_)) => {
            outcome.liquidated_by_funding = true;
            outcome.liquidation_price_after = None;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(outcome)
}
