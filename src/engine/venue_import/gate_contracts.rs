//! Gate `GET /api/v4/futures/usdt/contracts` (a list) or `/contracts/{contract}` (one object).
//!
//! # Answer (fields read)
//! ```text
//! [{"name": "BTC_USDT", "type": "direct", "maintenance_rate": "0.003", "leverage_max": "200",
//!   "risk_limit_base": "500000", "risk_limit_step": "1499500000",
//!   "risk_limit_max": "1500000000", "order_price_round": "0.1",
//!   "taker_fee_rate": "0.00075", "maker_fee_rate": "-0.0001", ...}, ...]
//! ```
//! (gate.io/docs/developers/apiv4, "List all futures contracts").
//!
//! # Rule
//! The repository's `gate-linear.json` rule (`scripts/gen-venue-data`, `venue_data`): the
//! risk-limit step rule of [`crate::engine::venue_data::steps`] with base `risk_limit_base`,
//! step `risk_limit_step`, maximum `risk_limit_max`, base maintenance rate `maintenance_rate`
//! and base initial rate `1/leverage_max`; look-up by cap, position value in USDT. Gate's
//! document for the step rule was not found, so these tables are `derived`
//! (`risk_limit_tiers` is the venue's stated table). Contract facts: tick `order_price_round`,
//! fees `taker_fee_rate`/`maker_fee_rate` (within ±0.1). `type` `inverse` (BTC-settled) marks
//! a coin-margined contract.

use super::json::{self, Obj};
use super::table::{self, Amounts};
use super::{shape, Cx, Parsed};
use crate::engine::brackets::{Lookup, TierUnit};
use crate::engine::fees::FeeSchedule;
use crate::engine::input::{MAX_FEE, MAX_MONEY};
use crate::engine::json_tree::Value;
use crate::engine::num::div;
use crate::engine::tables::ContractFacts;
use crate::engine::venue_data::steps::{expand, StepRule};
use crate::engine::venue_data::{Problem, Quality, VenueDataError, MAX_SYMBOLS};
use rust_decimal::Decimal;

/// A fee rate within ±[`MAX_FEE`].
pub(super) fn fee(o: &Obj, field: &'static str) -> Result<Option<Decimal>, Problem> {
    let Some(v) = json::opt_decimal(o, field)? else {
        return Ok(None);
    };
    if v.abs() > MAX_FEE {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "a fee rate must be within ±0.1",
        });
    }
    Ok(Some(v))
}

/// Taker and maker together, or neither.
pub(super) fn fees(
    o: &Obj,
    taker: &'static str,
    maker: &'static str,
) -> Result<Option<FeeSchedule>, Problem> {
    match (fee(o, taker)?, fee(o, maker)?) {
        (Some(taker), Some(maker)) => Ok(Some(FeeSchedule { maker, taker })),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(Problem::Missing { field: taker }),
        (Some(_), None) => Err(Problem::Missing { field: maker }),
    }
}

/// An optional positive figure at most 10¹⁵ (tick, lot, step sizes).
pub(super) fn positive(o: &Obj, field: &'static str) -> Result<Option<Decimal>, Problem> {
    let Some(v) = json::opt_decimal(o, field)? else {
        return Ok(None);
    };
    if v <= Decimal::ZERO || v > MAX_MONEY {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "must be above 0 and at most 10^15",
        });
    }
    Ok(Some(v))
}

fn contract(cx: &Cx, index: usize, v: &Value) -> Result<Parsed, VenueDataError> {
    let here = |p: Problem| cx.whole(shape(format!("[{index}]"), p.to_string()));
    let o = json::object("contract", v).map_err(here)?;
    let symbol = json::symbol(o, "name").map_err(here)?;
    let at = |tier, p| cx.at(symbol, tier, p);
    let whole = |p| at(None, p);
    let inverse = json::opt_text(o, "type").map_err(whole)? == Some("inverse");
    let lev = json::decimal(o, "leverage_max").map_err(whole)?;
    let lev_ok = lev >= Decimal::ONE && lev <= crate::engine::input::MAX_LEVERAGE;
    if !lev_ok {
        return Err(whole(Problem::OutOfRange {
            field: "leverage_max",
            value: lev,
            rule: "max leverage must be from 1 to 1000",
        }));
    }
    let rule = StepRule {
        base: json::decimal(o, "risk_limit_base").map_err(whole)?,
        step: json::decimal(o, "risk_limit_step").map_err(whole)?,
        max: Some(json::decimal(o, "risk_limit_max").map_err(whole)?),
        maintenance: json::decimal(o, "maintenance_rate").map_err(whole)?,
        initial: div(Decimal::ONE, lev).map_err(|_| whole(Problem::Overflow))?,
    };
    let steps = expand(&rule).map_err(|(tier, p)| at(tier, p))?;
    let raws = table::from_steps(&steps).map_err(|(tier, p)| at(tier, p))?;
    let table = table::build(
        &raws,
        Amounts::Zero,
        Lookup::CapInclusive,
        TierUnit::Notional,
    )
    .map_err(|(tier, p)| at(tier, p))?;
    Ok(Parsed {
        symbol: symbol.to_string(),
        table,
        contract: ContractFacts {
            inverse,
            tick: positive(o, "order_price_round").map_err(whole)?,
            lot: None,
            mmr: Some(rule.maintenance),
            imr: Some(rule.initial),
            fees: fees(o, "taker_fee_rate", "maker_fee_rate").map_err(whole)?,
        },
        quality: Quality::Derived,
    })
}

/// Parse the answer (a list of contracts, or one contract's object).
pub(super) fn parse(cx: &Cx, v: &Value) -> Result<Vec<Parsed>, VenueDataError> {
    match v {
        Value::Array(_) => json::list("answer", v, "contracts", MAX_SYMBOLS)
            .map_err(|p| cx.whole(p))?
            .iter()
            .enumerate()
            .map(|(i, c)| contract(cx, i, c))
            .collect(),
        _ => Ok(vec![contract(cx, 0, v)?]),
    }
}
