//! The raw shape read by hand from a parsed `serde_json::Value`: the wasm's reader.
//!
//! It yields exactly what [`super::raw`]'s serde derives yield (the test below reads every
//! committed file both ways and compares), with the same rules: every field named, unknown
//! keys rejected, numbers kept as text. It exists for size: the derived readers of the 36-field
//! symbol record, monomorphised for serde_json, cost the page about 15 KB gzip, this reader a
//! fraction of that (the `Value` parser is generic code the page needs once). The path of a
//! shape error is given (`symbols[3].tiers.floor[0]`); its line and column are not, since a
//! `Value` has none (a syntax error still has them, from the parser).

use super::raw::{
    RawDiscounts, RawFeeTable, RawFile, RawMakerTiers, RawSymbol, RawTiers, RawVolumeTiers,
};
use serde_json::{Map, Value};

/// A shape error: (path, message).
pub(super) type ShapeError = (String, String);
type R<T> = Result<T, ShapeError>;

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "map",
    }
}

fn wrong(v: &Value, path: &str, expected: &str) -> ShapeError {
    (
        path.to_owned(),
        format!("invalid type: {}, expected {expected}", kind(v)),
    )
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn string(v: &Value, path: &str) -> R<String> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| wrong(v, path, "a string"))
}

fn opt_string(v: &Value, path: &str) -> R<Option<String>> {
    if v.is_null() {
        return Ok(None);
    }
    string(v, path).map(Some)
}

fn opt_bool(v: &Value, path: &str) -> R<Option<bool>> {
    if v.is_null() {
        return Ok(None);
    }
    v.as_bool()
        .map(Some)
        .ok_or_else(|| wrong(v, path, "a boolean"))
}

fn opt_u32(v: &Value, path: &str) -> R<Option<u32>> {
    if v.is_null() {
        return Ok(None);
    }
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| wrong(v, path, "u32"))
}

fn array<'a>(v: &'a Value, path: &str) -> R<&'a Vec<Value>> {
    v.as_array().ok_or_else(|| wrong(v, path, "a sequence"))
}

fn strings(v: &Value, path: &str) -> R<Vec<String>> {
    array(v, path)?
        .iter()
        .enumerate()
        .map(|(i, x)| string(x, &format!("{path}[{i}]")))
        .collect()
}

fn opt_strings(v: &Value, path: &str) -> R<Option<Vec<String>>> {
    if v.is_null() {
        return Ok(None);
    }
    strings(v, path).map(Some)
}

fn object<'a>(v: &'a Value, path: &str) -> R<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| wrong(v, path, "a map"))
}

fn unknown(path: &str, key: &str) -> ShapeError {
    (join(path, key), format!("unknown field `{key}`"))
}

fn missing(path: &str, key: &str) -> ShapeError {
    (path.to_owned(), format!("missing field `{key}`"))
}

fn required<T>(v: Option<T>, path: &str, key: &str) -> R<T> {
    v.ok_or_else(|| missing(path, key))
}

/// A whole file from its parsed JSON.
pub(super) fn file(v: &Value) -> R<RawFile> {
    let path = "";
    let mut venue = None;
    let mut source = None;
    let mut as_of = None;
    let mut quality = None;
    let mut note = None;
    let mut fees = None;
    let mut symbols = None;
    for (k, x) in object(v, path)? {
        let p = join(path, k);
        match k.as_str() {
            "venue" => venue = Some(string(x, &p)?),
            "source" => source = Some(string(x, &p)?),
            "as_of" => as_of = Some(string(x, &p)?),
            "quality" => quality = Some(string(x, &p)?),
            "note" => note = Some(string(x, &p)?),
            "fees" => {
                fees = Some(if x.is_null() {
                    None
                } else {
                    Some(fee_table(x, &p)?)
                })
            }
            "symbols" => {
                let list = array(x, &p)?;
                let mut out = Vec::with_capacity(list.len().min(super::MAX_SYMBOLS));
                for (i, s) in list.iter().enumerate() {
                    out.push(symbol(s, &format!("{p}[{i}]"))?);
                }
                symbols = Some(out);
            }
            _ => return Err(unknown(path, k)),
        }
    }
    Ok(RawFile {
        venue: required(venue, path, "venue")?,
        source: required(source, path, "source")?,
        as_of: required(as_of, path, "as_of")?,
        quality: required(quality, path, "quality")?,
        note: note.unwrap_or_default(),
        fees: fees.flatten(),
        symbols: required(symbols, path, "symbols")?,
    })
}

/// The text fields of a symbol, in [`RawSymbol`]'s order (one loop reads them all: a
/// match arm per field would cost the page several KB).
const SYMBOL_TEXT: [&str; 30] = [
    "source",
    "as_of",
    "quality",
    "settle",
    "expiry",
    "status",
    "market_type",
    "imf",
    "mmf",
    "oi_lower_cap",
    "oi_upper_cap",
    "mmr",
    "imr",
    "lev",
    "risk_limit_base",
    "risk_limit_step",
    "risk_limit_max",
    "risk_limit",
    "risk_step",
    "multiplier",
    "position_multiplier",
    "tick_size",
    "step_size",
    "lot_size",
    "min_size",
    "ct_val",
    "ct_val_ccy",
    "ct_mult",
    "taker",
    "maker",
];

fn symbol(v: &Value, path: &str) -> R<RawSymbol> {
    let mut text: [Option<String>; 30] = Default::default();
    let mut name = None;
    let mut inverse = None;
    let mut sz_decimals = None;
    let mut margin_table = None;
    let mut tier_table = None;
    for (k, x) in object(v, path)? {
        let p = join(path, k);
        match k.as_str() {
            "symbol" => name = Some(string(x, &p)?),
            "inverse" => inverse = opt_bool(x, &p)?,
            "sz_decimals" => sz_decimals = opt_u32(x, &p)?,
            "margin_table" => margin_table = opt_u32(x, &p)?,
            "tiers" if x.is_null() => tier_table = None,
            "tiers" => tier_table = Some(tiers(x, &p)?),
            _ => {
                let Some(slot) = SYMBOL_TEXT
                    .iter()
                    .position(|n| n == k)
                    .and_then(|i| text.get_mut(i))
                else {
                    return Err(unknown(path, k));
                };
                *slot = opt_string(x, &p)?;
            }
        }
    }
    let [source, as_of, quality, settle, expiry, status, market_type, imf, mmf, oi_lower_cap, oi_upper_cap, mmr, imr, lev, risk_limit_base, risk_limit_step, risk_limit_max, risk_limit, risk_step, multiplier, position_multiplier, tick_size, step_size, lot_size, min_size, ct_val, ct_val_ccy, ct_mult, taker, maker] =
        text;
    Ok(RawSymbol {
        symbol: required(name, path, "symbol")?,
        inverse,
        sz_decimals,
        margin_table,
        tiers: tier_table,
        source,
        as_of,
        quality,
        settle,
        expiry,
        status,
        market_type,
        imf,
        mmf,
        oi_lower_cap,
        oi_upper_cap,
        mmr,
        imr,
        lev,
        risk_limit_base,
        risk_limit_step,
        risk_limit_max,
        risk_limit,
        risk_step,
        multiplier,
        position_multiplier,
        tick_size,
        step_size,
        lot_size,
        min_size,
        ct_val,
        ct_val_ccy,
        ct_mult,
        taker,
        maker,
    })
}

fn tiers(v: &Value, path: &str) -> R<RawTiers> {
    let mut t = RawTiers::default();
    let mut floor = None;
    for (k, x) in object(v, path)? {
        let p = join(path, k);
        match k.as_str() {
            "floor" => floor = Some(strings(x, &p)?),
            "cap" => {
                t.cap = if x.is_null() {
                    None
                } else {
                    let list = array(x, &p)?;
                    let mut out = Vec::with_capacity(list.len());
                    for (i, c) in list.iter().enumerate() {
                        out.push(opt_string(c, &format!("{p}[{i}]"))?);
                    }
                    Some(out)
                }
            }
            "rate" => t.rate = opt_strings(x, &p)?,
            "cum" => t.cum = opt_strings(x, &p)?,
            "lev" => t.lev = opt_strings(x, &p)?,
            "imr" => t.imr = opt_strings(x, &p)?,
            _ => return Err(unknown(path, k)),
        }
    }
    t.floor = required(floor, path, "floor")?;
    Ok(t)
}

/// An object of equal-purpose string columns, each required, none other allowed.
fn columns<const N: usize>(v: &Value, path: &str, names: [&str; N]) -> R<[Vec<String>; N]> {
    let mut out: [Option<Vec<String>>; N] = core::array::from_fn(|_| None);
    for (k, x) in object(v, path)? {
        let Some(slot) = names
            .iter()
            .position(|n| n == k)
            .and_then(|i| out.get_mut(i))
        else {
            return Err(unknown(path, k));
        };
        *slot = Some(strings(x, &join(path, k))?);
    }
    let mut done: [Vec<String>; N] = core::array::from_fn(|_| Vec::new());
    for ((slot, col), name) in out.into_iter().zip(done.iter_mut()).zip(names) {
        *col = required(slot, path, name)?;
    }
    Ok(done)
}

fn fee_table(v: &Value, path: &str) -> R<RawFeeTable> {
    let mut f: [Option<String>; 6] = Default::default();
    let names = [
        "source",
        "as_of",
        "quality",
        "taker",
        "maker",
        "referral_discount",
    ];
    let mut volume = None;
    let mut maker_tiers = None;
    let mut staking = None;
    for (k, x) in object(v, path)? {
        let p = join(path, k);
        match k.as_str() {
            "volume_tiers" => {
                let [cutoff, taker, maker] = columns(x, &p, ["cutoff", "taker", "maker"])?;
                volume = Some(RawVolumeTiers {
                    cutoff,
                    taker,
                    maker,
                });
            }
            "maker_tiers" => {
                let [cutoff, maker] = columns(x, &p, ["cutoff", "maker"])?;
                maker_tiers = Some(RawMakerTiers { cutoff, maker });
            }
            "staking_discounts" => {
                let [cutoff, discount] = columns(x, &p, ["cutoff", "discount"])?;
                staking = Some(RawDiscounts { cutoff, discount });
            }
            _ => {
                let Some(slot) = names.iter().position(|n| n == k).and_then(|i| f.get_mut(i))
                else {
                    return Err(unknown(path, k));
                };
                *slot = Some(string(x, &p)?);
            }
        }
    }
    let [source, as_of, quality, taker, maker, referral] = f;
    Ok(RawFeeTable {
        source: required(source, path, "source")?,
        as_of: required(as_of, path, "as_of")?,
        quality: required(quality, path, "quality")?,
        taker: required(taker, path, "taker")?,
        maker: required(maker, path, "maker")?,
        volume_tiers: required(volume, path, "volume_tiers")?,
        maker_tiers: required(maker_tiers, path, "maker_tiers")?,
        referral_discount: required(referral, path, "referral_discount")?,
        staking_discounts: required(staking, path, "staking_discounts")?,
    })
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used)]
mod tests {
    use super::*;

    const FILES: [(&str, &str); 7] = [
        (
            "binance-usdm",
            include_str!("../../../data/venues/binance-usdm.json"),
        ),
        (
            "hyperliquid",
            include_str!("../../../data/venues/hyperliquid.json"),
        ),
        ("dydx", include_str!("../../../data/venues/dydx.json")),
        (
            "gate-linear",
            include_str!("../../../data/venues/gate-linear.json"),
        ),
        ("bitmex", include_str!("../../../data/venues/bitmex.json")),
        ("okx", include_str!("../../../data/venues/okx.json")),
        (
            "bybit-linear",
            include_str!("../../../data/venues/bybit-linear.json"),
        ),
    ];

    #[test]
    fn reads_every_committed_file_as_the_serde_reader_does() {
        for (key, text) in FILES {
            let by_serde: RawFile =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{key}: {e}"));
            let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{key}: {e}"));
            let by_hand = file(&value).unwrap_or_else(|e| panic!("{key}: {e:?}"));
            assert_eq!(format!("{by_hand:?}"), format!("{by_serde:?}"), "{key}");
        }
    }

    #[test]
    fn names_the_path_of_a_shape_error() {
        let v: Value = serde_json::from_str(
            r#"{"venue":"x","source":"s","as_of":"2026-01-01","quality":"exact",
                "symbols":[{"symbol":"A","tiers":{"floor":[0]}}]}"#,
        )
        .unwrap_or(Value::Null);
        let (path, message) = file(&v).err().unwrap_or_default();
        assert_eq!(path, "symbols[0].tiers.floor[0]");
        assert!(message.contains("expected a string"), "{message}");
        let v: Value = serde_json::from_str(r#"{"venue":"x","colour":1}"#).unwrap_or(Value::Null);
        assert_eq!(
            file(&v).err().unwrap_or_default().1,
            "unknown field `colour`"
        );
        let v: Value = serde_json::from_str(r#"{"venue":"x"}"#).unwrap_or(Value::Null);
        assert_eq!(
            file(&v).err().unwrap_or_default().1,
            "missing field `source`"
        );
    }
}
