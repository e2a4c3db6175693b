//! BitMEX `GET https://www.bitmex.com/api/v1/instrument[?symbol=…]` (public): a list of
//! instruments (or one instrument's object).
//!
//! # Answer (fields read)
//! ```text
//! [{"symbol": "XBTUSD", "typ": "FFWCSX", "isInverse": true, "isQuanto": false,
//!   "settlCurrency": "XBt", "tickSize": 0.1, "lotSize": 100, "maintMargin": 0.005,
//!   "initMargin": 0.01, "riskLimit": 20000000000, "riskStep": 15000000000,
//!   "takerFee": 0.0005, "makerFee": 0.0005, ...}, ...]
//! ```
//!
//! # Rule
//! As the repository's `bitmex.json` reads it (`scripts/gen-venue-data`, `venue_data`): the
//! risk-limit step rule of [`crate::engine::venue_data::steps`] ("each risk-limit step raises
//! both IM and MM by the base MM", www.bitmex.com/app/riskLimitsExamples; venue-formulas.md
//! §7) with base `riskLimit`, step `riskStep` (both in the settlement currency's minor unit:
//! `XBt` = 10⁻⁸ XBT, `USDt` = 10⁻⁶ USDT, converted), base rates `maintMargin`/`initMargin`, no
//! maximum (steps up to leverage 1×); look-up by cap. Inverse contracts settle in `XBt`, linear
//! ones in `USDt`. Only perpetuals (`typ` `FFWCSX`) that are not quanto are read; other
//! instruments of a longer list are left out. Contract facts: tick, lot, base rates, fees.

use super::gate_contracts::{fees, positive};
use super::json;
use super::table::{self, Amounts};
use super::{shape, Cx, Parsed};
use crate::engine::brackets::{Lookup, TierUnit};
use crate::engine::json_tree::Value;
use crate::engine::num::mul;
use crate::engine::tables::ContractFacts;
use crate::engine::venue_data::error::quote;
use crate::engine::venue_data::steps::{expand, StepRule};
use crate::engine::venue_data::{Problem, Quality, VenueDataError};
use rust_decimal::Decimal;

/// Most instruments in one answer (`/instrument` pages hold at most 500).
const MAX_INSTRUMENTS: usize = 10_000;

fn instrument(cx: &Cx, index: usize, v: &Value) -> Result<Option<Parsed>, VenueDataError> {
    let here = |p: Problem| cx.whole(shape(format!("[{index}]"), p.to_string()));
    let o = json::object("instrument", v).map_err(here)?;
    let symbol = json::symbol(o, "symbol").map_err(here)?;
    let whole = |p| cx.at(symbol, None, p);
    let perpetual = json::text(o, "typ").map_err(whole)? == "FFWCSX";
    if !perpetual || json::opt_bool(o, "isQuanto").map_err(whole)? == Some(true) {
        return Ok(None);
    }
    let inverse = json::opt_bool(o, "isInverse")
        .map_err(whole)?
        .ok_or(whole(Problem::Missing { field: "isInverse" }))?;
    let settle = json::text(o, "settlCurrency").map_err(whole)?;
    let unit = match settle {
        "XBt" => Decimal::new(1, 8),
        "USDt" => Decimal::new(1, 6),
        other => {
            return Err(whole(Problem::BadText {
                field: "settlCurrency",
                text: quote(other),
                reason: "BitMEX settlement must be XBt or USDt",
            }))
        }
    };
    if inverse != (settle == "XBt") {
        return Err(whole(Problem::BadText {
            field: "isInverse",
            text: inverse.to_string(),
            reason: "inverse contracts settle in XBt, linear ones in USDt",
        }));
    }
    let scaled = |field| {
        let raw = json::decimal(o, field)?;
        mul(raw, unit).map_err(|_| Problem::Overflow)
    };
    let rule = StepRule {
        base: scaled("riskLimit").map_err(whole)?,
        step: scaled("riskStep").map_err(whole)?,
        max: None,
        maintenance: json::decimal(o, "maintMargin").map_err(whole)?,
        initial: json::decimal(o, "initMargin").map_err(whole)?,
    };
    let at = |tier, p| cx.at(symbol, tier, p);
    let steps = expand(&rule).map_err(|(tier, p)| at(tier, p))?;
    let raws = table::from_steps(&steps).map_err(|(tier, p)| at(tier, p))?;
    let table = table::build(
        &raws,
        Amounts::Zero,
        Lookup::CapInclusive,
        TierUnit::Notional,
    )
    .map_err(|(tier, p)| at(tier, p))?;
    Ok(Some(Parsed {
        symbol: symbol.to_string(),
        table,
        contract: ContractFacts {
            inverse,
            tick: positive(o, "tickSize").map_err(whole)?,
            lot: positive(o, "lotSize").map_err(whole)?,
            mmr: Some(rule.maintenance),
            imr: Some(rule.initial),
            fees: fees(o, "takerFee", "makerFee").map_err(whole)?,
        },
        quality: Quality::Exact,
    }))
}

/// Parse the answer.
pub(super) fn parse(cx: &Cx, v: &Value) -> Result<Vec<Parsed>, VenueDataError> {
    let parsed: Vec<Option<Parsed>> = match v {
        Value::Array(_) => json::list("answer", v, "instruments", MAX_INSTRUMENTS)
            .map_err(|p| cx.whole(p))?
            .iter()
            .enumerate()
            .map(|(i, x)| instrument(cx, i, x))
            .collect::<Result<_, _>>()?,
        _ => vec![instrument(cx, 0, v)?],
    };
    let read: Vec<Parsed> = parsed.into_iter().flatten().collect();
    if read.is_empty() {
        return Err(cx.whole(shape(
            "",
            "no perpetual (typ FFWCSX) that is not quanto in this answer",
        )));
    }
    Ok(read)
}
