//! Hyperliquid `POST https://api.hyperliquid.xyz/info {"type":"meta"}` (public).
//!
//! # Answer (fields read)
//! ```text
//! {"universe": [{"name": "BTC", "szDecimals": 5, "maxLeverage": 40, "marginTableId": 56,
//!                "isDelisted"?: true}, ...],
//!  "marginTables": [[56, {"description": "tiered 40x",
//!                         "marginTiers": [{"lowerBound": "0.0", "maxLeverage": 40},
//!                                         {"lowerBound": "150000000.0", "maxLeverage": 20}]}], ...]}
//! ```
//!
//! # Rule
//! Hyperliquid docs, "Margin tiers" (venue-formulas.md §8), as the repository's
//! `hyperliquid.json` reads it (`scripts/gen-venue-data`): delisted assets are left out; an
//! asset's table is its `marginTableId` in `marginTables`, tier `n` from `lowerBound_n` to the
//! next tier's lower bound (the last open-ended), look-up by floor; maintenance rate
//! `1/(2·maxLeverage)` and deduction `lowerBound_n·(r_n − r_{n−1}) + deduction_{n−1}`. Ids
//! below 50 are flat tables `meta` does not list: one tier at the asset's `maxLeverage`, which
//! must equal the id (quality `derived`). The first tier's leverage must be the asset's
//! `maxLeverage`.

use super::json::{self, Obj};
use super::table::{self, Amounts, Raw};
use super::{shape, Cx, Parsed};
use crate::engine::brackets::{Lookup, TierUnit};
use crate::engine::json_tree::Value;
use crate::engine::tables::ContractFacts;
use crate::engine::venue_data::{Problem, Quality, VenueDataError, MAX_STEP_TIERS, MAX_SYMBOLS};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Ids below this are flat tables that `meta` does not list (id = max leverage).
const FLAT_BELOW: u64 = 50;
/// Most margin tables in one answer.
const MAX_TABLES: usize = 1_000;

fn id(field: &'static str, v: &Value) -> Result<u64, Problem> {
    v.as_u64().ok_or_else(|| Problem::BadText {
        field,
        text: json::kind(v).to_string(),
        reason: "expected a whole number",
    })
}

/// The listed margin tables: id → tiers (floor, max leverage).
fn tables(cx: &Cx, top: &Obj) -> Result<BTreeMap<u64, Vec<Raw>>, VenueDataError> {
    let list = json::list_field(top, "marginTables", "margin tables", MAX_TABLES)
        .map_err(|p| cx.whole(p))?;
    let mut out = BTreeMap::new();
    for (i, entry) in list.iter().enumerate() {
        let here = |p: Problem| cx.whole(shape(format!("marginTables[{i}]"), p.to_string()));
        let pair = json::list("marginTables entry", entry, "values", 2).map_err(here)?;
        let (Some(tid), Some(body)) = (pair.first(), pair.get(1)) else {
            return Err(here(Problem::Missing {
                field: "[id, {marginTiers}]",
            }));
        };
        let tid = id("margin table id", tid).map_err(here)?;
        let body = json::object("margin table", body).map_err(here)?;
        let tiers =
            json::list_field(body, "marginTiers", "margin tiers", MAX_STEP_TIERS).map_err(here)?;
        let mut raws: Vec<Raw> = Vec::with_capacity(tiers.len());
        for (k, t) in tiers.iter().enumerate() {
            let here = |p: Problem| {
                cx.whole(shape(
                    format!("marginTables[{i}].marginTiers[{k}]"),
                    p.to_string(),
                ))
            };
            let t = json::object("margin tier", t).map_err(here)?;
            let floor = json::decimal(t, "lowerBound").map_err(here)?;
            let lev = json::decimal(t, "maxLeverage").map_err(here)?;
            if let Some(prev) = raws.last_mut() {
                prev.cap = Some(floor);
            }
            raws.push(Raw {
                floor,
                cap: None,
                rate: table::half_inverse(lev).map_err(here)?,
                amount: Decimal::ZERO,
                max_leverage: lev,
            });
        }
        if out.insert(tid, raws).is_some() {
            return Err(here(Problem::BadText {
                field: "margin table id",
                text: tid.to_string(),
                reason: "listed twice",
            }));
        }
    }
    Ok(out)
}

/// Parse the answer.
pub(super) fn parse(cx: &Cx, v: &Value) -> Result<Vec<Parsed>, VenueDataError> {
    let top = json::object("answer", v).map_err(|p| cx.whole(p))?;
    let listed = tables(cx, top)?;
    let universe =
        json::list_field(top, "universe", "assets", MAX_SYMBOLS).map_err(|p| cx.whole(p))?;
    let mut out = Vec::with_capacity(universe.len());
    for (i, asset) in universe.iter().enumerate() {
        let here = |p: Problem| cx.whole(shape(format!("universe[{i}]"), p.to_string()));
        let a = json::object("asset", asset).map_err(here)?;
        let symbol = json::symbol(a, "name").map_err(here)?;
        let whole = |p| cx.at(symbol, None, p);
        if json::opt_bool(a, "isDelisted").map_err(whole)? == Some(true) {
            continue;
        }
        let tid = id(
            "marginTableId",
            a.get("marginTableId").ok_or(whole(Problem::Missing {
                field: "marginTableId",
            }))?,
        )
        .map_err(whole)?;
        let max_leverage = json::decimal(a, "maxLeverage").map_err(whole)?;
        let (raws, quality) = match listed.get(&tid) {
            Some(t) => (t.clone(), Quality::Exact),
            None if tid < FLAT_BELOW && Decimal::from(tid) == max_leverage => (
                vec![Raw {
                    floor: Decimal::ZERO,
                    cap: None,
                    rate: table::half_inverse(max_leverage).map_err(whole)?,
                    amount: Decimal::ZERO,
                    max_leverage,
                }],
                Quality::Derived,
            ),
            None => {
                return Err(whole(Problem::BadText {
                    field: "marginTableId",
                    text: tid.to_string(),
                    reason: "not in marginTables (ids below 50 are flat tables whose id is the \
                             asset's maxLeverage)",
                }))
            }
        };
        if raws.first().map(|t| t.max_leverage) != Some(max_leverage) {
            return Err(whole(Problem::BadText {
                field: "maxLeverage",
                text: max_leverage.normalize().to_string(),
                reason: "not the first tier's max leverage of its margin table",
            }));
        }
        let table = table::build(
            &raws,
            Amounts::Cumulative,
            Lookup::FloorInclusive,
            TierUnit::Notional,
        )
        .map_err(|(tier, p)| cx.at(symbol, tier, p))?;
        // The lot: `szDecimals` decimals of the coin (as the repo's data file gives it).
        let lot = json::opt_decimal(a, "szDecimals")
            .map_err(whole)?
            .map(|d| d.normalize())
            .filter(|d| d.scale() == 0)
            .and_then(|d| u32::try_from(d.mantissa()).ok())
            .and_then(|d| Decimal::try_from_i128_with_scale(1, d).ok());
        out.push(Parsed {
            symbol: symbol.to_string(),
            table,
            contract: ContractFacts {
                lot,
                ..ContractFacts::default()
            },
            quality,
        });
    }
    Ok(out)
}
