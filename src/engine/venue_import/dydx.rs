//! dYdX v4 indexer `GET https://indexer.dydx.trade/v4/perpetualMarkets[?ticker=…]` (public).
//!
//! # Answer (fields read)
//! ```text
//! {"markets": {"BTC-USD": {"ticker": "BTC-USD", "status": "ACTIVE",
//!                          "initialMarginFraction": "0.05", "maintenanceMarginFraction": "0.03",
//!                          "openInterestLowerCap": "...", "openInterestUpperCap": "...",
//!                          "tickSize": "1", "stepSize": "0.0001", ...}, ...}}
//! ```
//!
//! # Rule
//! dYdX v4 docs, "Margin" (venue-formulas.md §9), as the repository's `dydx.json` reads it: one
//! open tier per market, maintenance rate MMF, max leverage `1/IMF` (IMF in (0, 1]), no
//! deduction. IMF rises with open interest between the caps; the table holds the base IMF
//! (the caps, when given, must satisfy 0 ≤ lower ≤ upper ≤ 10¹⁵). Every market is kept,
//! whatever its status, as the loader does. Contract facts: tick `tickSize`, lot `stepSize`.

use super::gate_contracts::positive;
use super::json;
use super::table::{self, Amounts, Raw};
use super::{shape, Cx, Parsed};
use crate::engine::brackets::{Lookup, TierUnit};
use crate::engine::input::MAX_MONEY;
use crate::engine::json_tree::Value;
use crate::engine::tables::ContractFacts;
use crate::engine::venue_data::{Problem, Quality, VenueDataError, MAX_SYMBOLS};
use rust_decimal::Decimal;

/// Parse the answer.
pub(super) fn parse(cx: &Cx, v: &Value) -> Result<Vec<Parsed>, VenueDataError> {
    let top = json::object("answer", v).map_err(|p| cx.whole(p))?;
    let markets = json::object_field(top, "markets").map_err(|p| cx.whole(p))?;
    if markets.len() > MAX_SYMBOLS {
        return Err(cx.whole(Problem::TooMany {
            what: "markets",
            count: markets.len(),
            max: MAX_SYMBOLS,
        }));
    }
    let mut out = Vec::with_capacity(markets.len());
    for (key, m) in markets {
        let here = |p: Problem| {
            cx.whole(shape(
                format!("markets.{}", crate::engine::venue_data::error::quote(key)),
                p.to_string(),
            ))
        };
        let m = json::object("market", m).map_err(here)?;
        let ticker = json::symbol(m, "ticker").map_err(here)?;
        let whole = |p| cx.at(ticker, None, p);
        if ticker != key {
            return Err(whole(Problem::BadText {
                field: "ticker",
                text: crate::engine::venue_data::error::quote(key),
                reason: "not the market's key in markets",
            }));
        }
        let imf = json::decimal(m, "initialMarginFraction").map_err(whole)?;
        let mmf = json::decimal(m, "maintenanceMarginFraction").map_err(whole)?;
        let lower = json::opt_decimal(m, "openInterestLowerCap").map_err(whole)?;
        let upper = json::opt_decimal(m, "openInterestUpperCap").map_err(whole)?;
        if let (Some(lo), Some(hi)) = (lower, upper) {
            if lo < Decimal::ZERO || hi < lo || hi > MAX_MONEY {
                return Err(whole(Problem::OutOfRange {
                    field: "openInterestUpperCap",
                    value: hi,
                    rule: "open-interest caps must satisfy 0 ≤ lower ≤ upper ≤ 10^15",
                }));
            }
        }
        let raw = Raw {
            floor: Decimal::ZERO,
            cap: None,
            rate: mmf,
            amount: Decimal::ZERO,
            max_leverage: table::inverse("initialMarginFraction", imf).map_err(whole)?,
        };
        let table = table::build(
            &[raw],
            Amounts::Zero,
            Lookup::FloorInclusive,
            TierUnit::Notional,
        )
        .map_err(|(tier, p)| cx.at(ticker, tier, p))?;
        out.push(Parsed {
            symbol: ticker.to_string(),
            table,
            contract: ContractFacts {
                tick: positive(m, "tickSize").map_err(whole)?,
                lot: positive(m, "stepSize").map_err(whole)?,
                ..ContractFacts::default()
            },
            quality: Quality::Exact,
        });
    }
    Ok(out)
}
