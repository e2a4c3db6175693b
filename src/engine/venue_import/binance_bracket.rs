//! Binance `GET /fapi/v1/leverageBracket` (USDⓈ-M) and `GET /dapi/v1|v2/leverageBracket`
//! (COIN-M), signed USER_DATA requests.
//!
//! # Answer
//! ```text
//! [{"symbol": "ETHUSDT", "notionalCoef"?: 1.5,
//!   "brackets": [{"bracket": 1, "initialLeverage": 75, "notionalCap": 10000,
//!                 "notionalFloor": 0, "maintMarginRatio": 0.0065, "cum": 0.0}, ...]}, ...]
//! ```
//! or the single object when `symbol` is sent. COIN-M brackets give `qtyCap` and `qtyFloor`
//! (base-asset quantity, i.e. the coin notional; the docs' example spells the floor
//! `qtylFloor`, both are read); `/dapi/v1` is keyed by `pair` (`BTCUSD`: the pair's default
//! brackets, named here as its perpetual `BTCUSD_PERP`), `/dapi/v2` by `symbol`. Sources:
//! developers.binance.com, "Notional and Leverage Brackets (USER_DATA)" (USDⓈ-M) and
//! "Notional Bracket for Pair / for Symbol (USER_DATA)" (COIN-M).
//!
//! # Rule
//! Bracket `n` (numbered 1, 2, … in order) covers `notionalFloor ≤ v < notionalCap` (look-up:
//! last bracket with floor ≤ notional, as the repository's loader and freqtrade read it) with
//! maintenance rate `maintMarginRatio`, maintenance amount `cum` (checked against the
//! cumulative rule of the Binance FAQ) and max leverage `initialLeverage`. A cap of
//! 9223372036854775807 (i64 max) on the last bracket is Binance's "no cap": open-ended.
//! `notionalCoef` (the user's bracket multiplier) is not applied: the brackets are read as
//! returned.

use super::json::{self, Obj};
use super::table::{self, Amounts, Raw};
use super::{shape, Cx, Parsed};
use crate::engine::brackets::{BracketTable, Lookup, TierUnit};
use crate::engine::json_tree::Value;
use crate::engine::num::dec;
use crate::engine::tables::ContractFacts;
use crate::engine::venue_data::{Problem, Quality, VenueDataError, MAX_STEP_TIERS, MAX_SYMBOLS};
use crate::engine::venues::Venue;
use rust_decimal::Decimal;

/// Binance's "no cap" sentinel.
const NO_CAP: Decimal = dec(i64::MAX as u64, 0);

/// Whether the venue's brackets are in coin quantity (COIN-M) rather than notional.
pub(super) fn coin(cx: &Cx) -> bool {
    cx.venue == Venue::BinanceCoinm
}

fn field_of(b: &Obj, coin: bool) -> Result<(&'static str, &'static str), Problem> {
    let (cap, floor) = if coin {
        let floor = if b.contains_key("qtyFloor") {
            "qtyFloor"
        } else {
            "qtylFloor"
        };
        ("qtyCap", floor)
    } else {
        ("notionalCap", "notionalFloor")
    };
    if !b.contains_key(cap) {
        if !coin && b.contains_key("qtyCap") {
            return Err(Problem::BadText {
                field: "qtyCap",
                text: String::new(),
                reason: "these are COIN-M brackets (qtyCap, qtyFloor); for USDⓈ-M ask \
                         /fapi/v1/leverageBracket",
            });
        }
        if coin && b.contains_key("notionalCap") {
            return Err(Problem::BadText {
                field: "notionalCap",
                text: String::new(),
                reason: "these are USDⓈ-M brackets (notionalCap, notionalFloor); for COIN-M ask \
                         /dapi/v2/leverageBracket",
            });
        }
    }
    Ok((cap, floor))
}

/// One symbol's brackets (the raw `brackets` list, or the `info` objects of a ccxt dump).
pub(super) fn table<'a>(
    cx: &Cx,
    symbol: &str,
    brackets: impl ExactSizeIterator<Item = Result<&'a Obj, Problem>>,
) -> Result<BracketTable, VenueDataError> {
    let n = brackets.len();
    if n > MAX_STEP_TIERS {
        return Err(cx.at(
            symbol,
            None,
            Problem::TooMany {
                what: "brackets",
                count: n,
                max: MAX_STEP_TIERS,
            },
        ));
    }
    let coin = coin(cx);
    let mut tiers = Vec::with_capacity(n);
    for (i, b) in brackets.enumerate() {
        let at = |p| cx.at(symbol, Some(i), p);
        let b = b.map_err(at)?;
        let number = json::ordinal(b, "bracket").map_err(at)?;
        if number != i.saturating_add(1) {
            return Err(at(Problem::OutOfRange {
                field: "bracket",
                value: Decimal::from(number),
                rule: "brackets must be numbered 1, 2, 3 … in order",
            }));
        }
        let (cap_field, floor_field) = field_of(b, coin).map_err(at)?;
        let cap = json::decimal(b, cap_field).map_err(at)?;
        let cap = if cap == NO_CAP && i.saturating_add(1) == n {
            None
        } else {
            Some(cap)
        };
        tiers.push(Raw {
            floor: json::decimal(b, floor_field).map_err(at)?,
            cap,
            rate: json::decimal(b, "maintMarginRatio").map_err(at)?,
            amount: json::decimal(b, "cum").map_err(at)?,
            max_leverage: json::decimal(b, "initialLeverage").map_err(at)?,
        });
    }
    table::build(
        &tiers,
        Amounts::Stated,
        Lookup::FloorInclusive,
        TierUnit::Notional,
    )
    .map_err(|(tier, p)| cx.at(symbol, tier, p))
}

/// The contract facts of a Binance symbol (none but the contract type).
pub(super) fn facts(cx: &Cx) -> ContractFacts {
    ContractFacts {
        inverse: coin(cx),
        ..ContractFacts::default()
    }
}

fn item(cx: &Cx, index: usize, v: &Value) -> Result<Parsed, VenueDataError> {
    let here = |p: Problem| cx.whole(shape(format!("[{index}]"), p.to_string()));
    let o = json::object("symbol entry", v).map_err(here)?;
    let symbol = if o.contains_key("symbol") || !o.contains_key("pair") {
        json::symbol(o, "symbol").map_err(here)?.to_string()
    } else {
        format!("{}_PERP", json::symbol(o, "pair").map_err(here)?)
    };
    let list = json::list_field(o, "brackets", "brackets", MAX_STEP_TIERS)
        .map_err(|p| cx.at(&symbol, None, p))?;
    let objects = list.iter().map(|b| json::object("bracket", b));
    let table = table(cx, &symbol, objects)?;
    Ok(Parsed {
        symbol,
        table,
        contract: facts(cx),
        quality: Quality::Exact,
    })
}

/// Parse the answer (a list of symbols, or one symbol's object).
pub(super) fn parse(cx: &Cx, v: &Value) -> Result<Vec<Parsed>, VenueDataError> {
    match v {
        Value::Array(_) => {
            let items = json::list("answer", v, "symbols", MAX_SYMBOLS).map_err(|p| cx.whole(p))?;
            items
                .iter()
                .enumerate()
                .map(|(i, x)| item(cx, i, x))
                .collect()
        }
        _ => Ok(vec![item(cx, 0, v)?]),
    }
}
