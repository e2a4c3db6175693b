//! Bybit `GET /v5/market/risk-limit?category=linear|inverse[&symbol=…]` (public).
//!
//! # Answer
//! ```text
//! {"retCode": 0, "retMsg": "OK",
//!  "result": {"category": "linear",
//!             "list": [{"id": 1, "symbol": "BTCUSDT", "riskLimitValue": "2000000",
//!                       "maintenanceMargin": "0.005", "initialMargin": "0.01", "isLowestRisk": 1,
//!                       "maxLeverage": "100.00", "mmDeduction": ""}, ...],
//!             "nextPageCursor": ""}, ...}
//! ```
//! (bybit-exchange.github.io/docs/v5/market/risk-limit). Without `symbol` a linear answer
//! holds one page of symbols; each page is imported on its own.
//!
//! # Rule
//! A symbol's tiers, ordered by `riskLimitValue`, are the upper bounds of the position value
//! (look-up: first tier with value ≤ cap; venue-formulas.md §3): tier `n` covers
//! `(riskLimitValue_{n−1}, riskLimitValue_n]`, the first from 0; maintenance rate
//! `maintenanceMargin`; maintenance amount `mmDeduction` (`""` on the lowest tier: 0), checked
//! against the cumulative rule; max leverage `maxLeverage`, or `1/initialMargin` where it is
//! not given. The last tier keeps its stated cap. `category` `inverse` marks coin-margined
//! contracts (values in coin).

use super::json::{self, Obj};
use super::table::{self, Amounts, Raw};
use super::{shape, Cx, Parsed};
use crate::engine::brackets::{Lookup, TierUnit};
use crate::engine::json_tree::Value;
use crate::engine::tables::ContractFacts;
use crate::engine::venue_data::{Problem, Quality, VenueDataError, MAX_STEP_TIERS, MAX_SYMBOLS};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Most tiers in one answer (every symbol's together).
const MAX_ROWS: usize = 100_000;

fn tier(o: &Obj) -> Result<(Decimal, Raw), Problem> {
    let cap = json::decimal(o, "riskLimitValue")?;
    let rate = json::decimal(o, "maintenanceMargin")?;
    let max_leverage = match json::opt_decimal(o, "maxLeverage")? {
        Some(l) => l,
        None => table::inverse("initialMargin", json::decimal(o, "initialMargin")?)?,
    };
    Ok((
        cap,
        Raw {
            floor: Decimal::ZERO,
            cap: Some(cap),
            rate,
            amount: json::opt_decimal(o, "mmDeduction")?.unwrap_or(Decimal::ZERO),
            max_leverage,
        },
    ))
}

/// Parse the answer.
pub(super) fn parse(cx: &Cx, v: &Value) -> Result<Vec<Parsed>, VenueDataError> {
    let top = json::object("answer", v).map_err(|p| cx.whole(p))?;
    let result = json::object_field(top, "result").map_err(|p| cx.whole(p))?;
    let category = json::text(result, "category").map_err(|p| cx.whole(p))?;
    let inverse = match category {
        "linear" => false,
        "inverse" => true,
        other => {
            return Err(cx.whole(Problem::BadText {
                field: "result.category",
                text: crate::engine::venue_data::error::quote(other),
                reason: "expected linear or inverse",
            }))
        }
    };
    let list =
        json::list_field(result, "list", "risk-limit tiers", MAX_ROWS).map_err(|p| cx.whole(p))?;
    let mut by_symbol: BTreeMap<&str, Vec<(Decimal, Raw)>> = BTreeMap::new();
    for (i, row) in list.iter().enumerate() {
        let here = |p: Problem| cx.whole(shape(format!("result.list[{i}]"), p.to_string()));
        let o = json::object("tier", row).map_err(here)?;
        let symbol = json::symbol(o, "symbol").map_err(here)?;
        let listed = by_symbol.get(symbol).map_or(0, Vec::len);
        let t = tier(o).map_err(|p| cx.at(symbol, Some(listed), p))?;
        if !by_symbol.contains_key(symbol) && by_symbol.len() >= MAX_SYMBOLS {
            return Err(cx.whole(Problem::TooMany {
                what: "symbols",
                count: by_symbol.len().saturating_add(1),
                max: MAX_SYMBOLS,
            }));
        }
        let tiers = by_symbol.entry(symbol).or_default();
        if tiers.len() >= MAX_STEP_TIERS {
            return Err(cx.at(
                symbol,
                None,
                Problem::TooMany {
                    what: "tiers",
                    count: tiers.len().saturating_add(1),
                    max: MAX_STEP_TIERS,
                },
            ));
        }
        tiers.push(t);
    }
    let mut out = Vec::with_capacity(by_symbol.len());
    for (symbol, mut tiers) in by_symbol {
        crate::engine::order::sort_vec(&mut tiers, &|a, b| a.0 < b.0);
        let mut floor = Decimal::ZERO;
        let mut raws = Vec::with_capacity(tiers.len());
        for (i, (cap, mut t)) in tiers.into_iter().enumerate() {
            if i > 0 && cap == floor {
                return Err(cx.at(symbol, Some(i), Problem::CapNotAboveFloor { floor, cap }));
            }
            t.floor = floor;
            floor = cap;
            raws.push(t);
        }
        let table = table::build(
            &raws,
            Amounts::Stated,
            Lookup::CapInclusive,
            TierUnit::Notional,
        )
        .map_err(|(tier, p)| cx.at(symbol, tier, p))?;
        out.push(Parsed {
            symbol: symbol.to_string(),
            table,
            contract: ContractFacts {
                inverse,
                ..ContractFacts::default()
            },
            quality: Quality::Exact,
        });
    }
    Ok(out)
}
