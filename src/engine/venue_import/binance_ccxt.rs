//! Binance leverage brackets as ccxt's `fetch_leverage_tiers` returns them (freqtrade keeps
//! this dump as `freqtrade/exchange/binance_leverage_tiers.json`).
//!
//! # Answer
//! ```text
//! {"BTC/USDT:USDT": [{"tier": 1.0, "symbol": "BTC/USDT:USDT", "currency": "USDT",
//!                     "minNotional": 0.0, "maxNotional": 300000.0, "maintenanceMarginRate": 0.004,
//!                     "maxLeverage": 150.0,
//!                     "info": {"bracket": 1, "initialLeverage": 150, "notionalCap": 300000,
//!                              "notionalFloor": 0, "maintMarginRatio": 0.004, "cum": 0.0}}, ...],
//!  ...}
//! ```
//!
//! # Rule
//! Only `info`, Binance's own bracket (`GET /fapi/v1/leverageBracket`), is read, by the rule of
//! [`super::binance_bracket`]; ccxt's unified floats are not (they are rounded copies, and
//! drop `cum`). The symbol is the venue's id rebuilt from ccxt's `BASE/QUOTE:SETTLE[-YYMMDD]`
//! as `scripts/gen-venue-data` does: `BASEQUOTE`, dated contracts `BASEQUOTE_YYMMDD` (COIN-M:
//! `BASEQUOTE_PERP` for a perpetual).

use super::binance_bracket::{coin, facts, table};
use super::json;
use super::{shape, Cx, Parsed};
use crate::engine::json_tree::Value;
use crate::engine::venue_data::{Problem, Quality, VenueDataError, MAX_STEP_TIERS, MAX_SYMBOLS};

/// The venue id of a ccxt unified symbol (`None`: not of the form `BASE/QUOTE:SETTLE[-YYMMDD]`).
fn native(unified: &str, coin: bool) -> Option<String> {
    let (base, rest) = unified.split_once('/')?;
    let (quote, settle) = rest.split_once(':')?;
    let expiry = match settle.split_once('-') {
        Some((s, e)) if !s.is_empty() && e.len() == 6 && e.bytes().all(|b| b.is_ascii_digit()) => {
            Some(e)
        }
        Some(_) => return None,
        None => None,
    };
    if base.is_empty() || quote.is_empty() || settle.is_empty() {
        return None;
    }
    let name = match (expiry, coin) {
        (Some(e), _) => format!("{base}{quote}_{e}"),
        (None, true) => format!("{base}{quote}_PERP"),
        (None, false) => format!("{base}{quote}"),
    };
    json::symbol_name(&name).ok()?;
    Some(name)
}

/// Parse the dump.
pub(super) fn parse(cx: &Cx, v: &Value) -> Result<Vec<Parsed>, VenueDataError> {
    let o = json::object("answer", v).map_err(|p| cx.whole(p))?;
    if o.len() > MAX_SYMBOLS {
        return Err(cx.whole(Problem::TooMany {
            what: "symbols",
            count: o.len(),
            max: MAX_SYMBOLS,
        }));
    }
    let coin = coin(cx);
    let mut out = Vec::with_capacity(o.len());
    for (unified, tiers) in o {
        let symbol = native(unified, coin).ok_or_else(|| {
            cx.whole(shape(
                crate::engine::venue_data::error::quote(unified),
                "not a ccxt symbol BASE/QUOTE:SETTLE[-YYMMDD]",
            ))
        })?;
        let list = json::list("tiers", tiers, "brackets", MAX_STEP_TIERS)
            .map_err(|p| cx.at(&symbol, None, p))?;
        let infos = list
            .iter()
            .map(|t| json::object("tier", t).and_then(|t| json::object_field(t, "info")));
        let table = table(cx, &symbol, infos)?;
        out.push(Parsed {
            symbol,
            table,
            contract: facts(cx),
            quality: Quality::Exact,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::native;

    #[test]
    fn venue_ids_from_ccxt_symbols() {
        assert_eq!(native("BTC/USDT:USDT", false).as_deref(), Some("BTCUSDT"));
        assert_eq!(
            native("BTC/USDT:USDT-260925", false).as_deref(),
            Some("BTCUSDT_260925")
        );
        assert_eq!(native("BTC/USD:BTC", true).as_deref(), Some("BTCUSD_PERP"));
        assert_eq!(native("BTCUSDT", false), None);
        assert_eq!(native("BTC/USDT:USDT-2609", false), None);
        assert_eq!(native("/USDT:USDT", false), None);
    }
}
