//! OKX `GET /api/v5/public/position-tiers?instType=SWAP&tdMode=cross&instFamily=…` (public).
//!
//! # Answer
//! ```text
//! {"code": "0", "msg": "",
//!  "data": [{"uly": "ETH-USDT", "instFamily": "ETH-USDT", "instId": "", "tier": "1",
//!            "minSz": "0", "maxSz": "2000", "mmr": "0.01", "imr": "0.013", "maxLever": "75",
//!            "optMgnFactor": "0", "quoteMaxLoan": "", "baseMaxLoan": ""}, ...]}
//! ```
//! (www.okx.com/docs-v5, "Get position tiers"). The answer does not repeat `instType`: it is
//! read as the SWAP answer the page asks for, and a family's tiers are named after its swap,
//! `<instFamily>-SWAP`. Rows with no family but an `instId` are MARGIN (spot-margin) tiers and
//! are refused.
//!
//! # Rule
//! For swaps `minSz`/`maxSz` are positions in contracts (venue-formulas.md §5): tier `n` (the
//! `tier` numbers 1, 2, … in order) covers sizes up to `maxSz` (look-up: first tier with size
//! ≤ cap), maintenance rate `mmr` of the whole position (no deduction), max leverage
//! `maxLever` (or `1/imr`). OKX leaves integer gaps between tiers (0–2000, 2001–4000): a
//! tier's `minSz` must be the previous `maxSz` or one contract above it, and the tier is taken
//! to start at the previous cap. Bounds stay in contracts ([`TierUnit::Size`]); for a linear
//! swap multiply them by the contract value ([`super::scale_bounds`]). A family quoted in USD
//! (`BTC-USD`) is an inverse (coin-margined) swap.

use super::json::{self, Obj};
use super::table::{self, Amounts, Raw};
use super::{shape, Cx, Parsed};
use crate::engine::brackets::{Lookup, TierUnit};
use crate::engine::json_tree::Value;
use crate::engine::num::add;
use crate::engine::tables::ContractFacts;
use crate::engine::venue_data::{Problem, Quality, VenueDataError, MAX_STEP_TIERS, MAX_SYMBOLS};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Most rows in one answer (every family's tiers together).
const MAX_ROWS: usize = 100_000;

struct Row {
    tier: usize,
    min: Decimal,
    max: Decimal,
    rate: Decimal,
    max_leverage: Decimal,
}

fn row(o: &Obj) -> Result<Row, Problem> {
    let max_leverage = match json::opt_decimal(o, "maxLever")? {
        Some(l) => l,
        None => table::inverse("imr", json::decimal(o, "imr")?)?,
    };
    Ok(Row {
        tier: json::ordinal(o, "tier")?,
        min: json::decimal(o, "minSz")?,
        max: json::decimal(o, "maxSz")?,
        rate: json::decimal(o, "mmr")?,
        max_leverage,
    })
}

fn family(o: &Obj) -> Result<Option<&str>, Problem> {
    for field in ["instFamily", "uly"] {
        if let Some(f) = json::opt_text(o, field)?.filter(|f| !f.is_empty()) {
            json::symbol_name(f)?;
            return Ok(Some(f));
        }
    }
    Ok(None)
}

fn tiers(cx: &Cx, symbol: &str, mut rows: Vec<Row>) -> Result<Parsed, VenueDataError> {
    crate::engine::order::sort_vec(&mut rows, &|a, b| a.tier < b.tier);
    let mut raws = Vec::with_capacity(rows.len());
    let mut floor = Decimal::ZERO;
    for (i, r) in rows.iter().enumerate() {
        let at = |p| cx.at(symbol, Some(i), p);
        if r.tier != i.saturating_add(1) {
            return Err(at(Problem::OutOfRange {
                field: "tier",
                value: Decimal::from(r.tier),
                rule: "tiers must be numbered 1, 2, 3 … without gaps or repeats",
            }));
        }
        let one_above = add(floor, Decimal::ONE).map_err(|_| at(Problem::Overflow))?;
        let gap_ok = if i == 0 {
            r.min.is_zero()
        } else {
            r.min >= floor && r.min <= one_above
        };
        if !gap_ok {
            return Err(at(if i == 0 {
                Problem::FirstFloorNotZero { floor: r.min }
            } else {
                Problem::NotContiguous {
                    floor: r.min,
                    previous_cap: floor,
                }
            }));
        }
        raws.push(Raw {
            floor,
            cap: Some(r.max),
            rate: r.rate,
            amount: Decimal::ZERO,
            max_leverage: r.max_leverage,
        });
        floor = r.max;
    }
    let table = table::build(&raws, Amounts::Zero, Lookup::CapInclusive, TierUnit::Size)
        .map_err(|(tier, p)| cx.at(symbol, tier, p))?;
    let inverse = symbol
        .strip_suffix("-SWAP")
        .and_then(|f| f.rsplit('-').next())
        .is_some_and(|quote| quote == "USD");
    Ok(Parsed {
        symbol: symbol.to_string(),
        table,
        contract: ContractFacts {
            inverse,
            ..ContractFacts::default()
        },
        quality: Quality::Exact,
    })
}

/// Parse the answer.
pub(super) fn parse(cx: &Cx, v: &Value) -> Result<Vec<Parsed>, VenueDataError> {
    let top = json::object("answer", v).map_err(|p| cx.whole(p))?;
    let data =
        json::list_field(top, "data", "position tiers", MAX_ROWS).map_err(|p| cx.whole(p))?;
    let mut by_family: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for (i, item) in data.iter().enumerate() {
        let here = |p: Problem| cx.whole(shape(format!("data[{i}]"), p.to_string()));
        let o = json::object("tier", item).map_err(here)?;
        let Some(fam) = family(o).map_err(here)? else {
            let inst = json::opt_text(o, "instId")
                .map_err(here)?
                .unwrap_or_default();
            return Err(cx.whole(shape(
                format!("data[{i}]"),
                if inst.is_empty() {
                    "the field instFamily (or uly) is missing".to_string()
                } else {
                    format!(
                        "these are MARGIN (spot margin) tiers of {}; ask instType=SWAP",
                        crate::engine::venue_data::error::quote(inst)
                    )
                },
            )));
        };
        let symbol = format!("{fam}-SWAP");
        json::symbol_name(&symbol).map_err(here)?;
        let listed = by_family.get(&symbol).map_or(0, Vec::len);
        let r = row(o).map_err(|p| cx.at(&symbol, Some(listed), p))?;
        if !by_family.contains_key(&symbol) && by_family.len() >= MAX_SYMBOLS {
            return Err(cx.whole(Problem::TooMany {
                what: "symbols",
                count: by_family.len().saturating_add(1),
                max: MAX_SYMBOLS,
            }));
        }
        if listed >= MAX_STEP_TIERS {
            return Err(cx.at(
                &symbol,
                None,
                Problem::TooMany {
                    what: "tiers",
                    count: listed.saturating_add(1),
                    max: MAX_STEP_TIERS,
                },
            ));
        }
        by_family.entry(symbol).or_default().push(r);
    }
    by_family
        .into_iter()
        .map(|(symbol, rows)| tiers(cx, &symbol, rows))
        .collect()
}
