//! Gate `GET /api/v4/futures/usdt/risk_limit_tiers[?contract=…]` (public).
//!
//! # Answer
//! ```text
//! [{"tier": 1, "risk_limit": "20000", "initial_rate": "0.02", "maintenance_rate": "0.01",
//!   "leverage_max": "50", "contract": "ZTX_USDT", "deduction": "0"}, ...]
//! ```
//! (gate.io/docs/developers/apiv4, "List risk limit tiers"; the schema of
//! `FuturesLimitRiskTiers` in gateio/gateapi-python). Gate names the `contract` only "when
//! market pagination is requested" (no `contract` parameter: the top 100 markets); an answer
//! without it needs the symbol from the caller ([`super::import_named`]).
//!
//! # Rule
//! `risk_limit` is the tier's upper bound of the position value in USDT (look-up: first tier
//! with value ≤ cap); tier `n` (numbered 1, 2, … in order) covers `(risk_limit_{n−1},
//! risk_limit_n]`; maintenance rate `maintenance_rate`; maintenance amount `deduction`
//! ("maintenance margin quick calculation deduction"), checked against the cumulative rule;
//! max leverage `leverage_max` (or `1/initial_rate`).

use super::json::{self, Obj};
use super::table::{self, Amounts, Raw};
use super::{shape, Cx, Parsed};
use crate::engine::brackets::{Lookup, TierUnit};
use crate::engine::json_tree::Value;
use crate::engine::tables::ContractFacts;
use crate::engine::venue_data::{Problem, Quality, VenueDataError, MAX_STEP_TIERS, MAX_SYMBOLS};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Most rows in one answer (every contract's tiers together).
const MAX_ROWS: usize = 100_000;

fn row(o: &Obj) -> Result<(usize, Raw), Problem> {
    let max_leverage = match json::opt_decimal(o, "leverage_max")? {
        Some(l) => l,
        None => table::inverse("initial_rate", json::decimal(o, "initial_rate")?)?,
    };
    Ok((
        json::ordinal(o, "tier")?,
        Raw {
            floor: Decimal::ZERO,
            cap: Some(json::decimal(o, "risk_limit")?),
            rate: json::decimal(o, "maintenance_rate")?,
            amount: json::opt_decimal(o, "deduction")?.unwrap_or(Decimal::ZERO),
            max_leverage,
        },
    ))
}

/// Parse the answer; `named` is the contract of an answer that does not name it.
pub(super) fn parse(
    cx: &Cx,
    v: &Value,
    named: Option<&str>,
) -> Result<Vec<Parsed>, VenueDataError> {
    let list = json::list("answer", v, "risk-limit tiers", MAX_ROWS).map_err(|p| cx.whole(p))?;
    let mut by_contract: BTreeMap<String, Vec<(usize, Raw)>> = BTreeMap::new();
    for (i, item) in list.iter().enumerate() {
        let here = |p: Problem| cx.whole(shape(format!("[{i}]"), p.to_string()));
        let o = json::object("tier", item).map_err(here)?;
        let contract = match (json::opt_text(o, "contract").map_err(here)?, named) {
            (Some(c), _) => c,
            (None, Some(n)) => n,
            (None, None) => {
                return Err(here(Problem::Missing {
                    field: "contract (Gate names it only when no contract is asked; \
                            give the symbol with import_named)",
                }))
            }
        };
        json::symbol_name(contract).map_err(here)?;
        let listed = by_contract.get(contract).map_or(0, Vec::len);
        let r = row(o).map_err(|p| cx.at(contract, Some(listed), p))?;
        if !by_contract.contains_key(contract) && by_contract.len() >= MAX_SYMBOLS {
            return Err(cx.whole(Problem::TooMany {
                what: "symbols",
                count: by_contract.len().saturating_add(1),
                max: MAX_SYMBOLS,
            }));
        }
        if listed >= MAX_STEP_TIERS {
            return Err(cx.at(
                contract,
                None,
                Problem::TooMany {
                    what: "tiers",
                    count: listed.saturating_add(1),
                    max: MAX_STEP_TIERS,
                },
            ));
        }
        by_contract.entry(contract.to_string()).or_default().push(r);
    }
    let mut out = Vec::with_capacity(by_contract.len());
    for (symbol, mut rows) in by_contract {
        crate::engine::order::sort_vec(&mut rows, &|a, b| a.0 < b.0);
        let mut floor = Decimal::ZERO;
        let mut raws = Vec::with_capacity(rows.len());
        for (i, (number, mut t)) in rows.into_iter().enumerate() {
            if number != i.saturating_add(1) {
                return Err(cx.at(
                    &symbol,
                    Some(i),
                    Problem::OutOfRange {
                        field: "tier",
                        value: Decimal::from(number),
                        rule: "tiers must be numbered 1, 2, 3 … without gaps or repeats",
                    },
                ));
            }
            t.floor = floor;
            floor = t.cap.unwrap_or(floor);
            raws.push(t);
        }
        let table = table::build(
            &raws,
            Amounts::Stated,
            Lookup::CapInclusive,
            TierUnit::Notional,
        )
        .map_err(|(tier, p)| cx.at(&symbol, tier, p))?;
        out.push(Parsed {
            symbol,
            table,
            contract: ContractFacts::default(),
            quality: Quality::Exact,
        });
    }
    Ok(out)
}
