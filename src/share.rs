//! Share links: the whole scenario in the URL, compact and readable.
//!
//! A link carries the scenario as query parameters after `#` (so nothing reaches a server,
//! and a static page can read it offline):
//!
//! ```text
//! #v=1&venue=binance-usdm&sym=BTCUSDT&side=long&entry=60000&qty=0.5&lev=10&stop=57000&tp=66000
//! ```
//!
//! Each scenario field has a short key ([`KEYS`]). `other_positions` travels as a compact
//! JSON array in `op`. Links are versioned by `v`: a link without `v` is read as version 1
//! (the first public format), and a newer version is refused with a message that says so.
//!
//! A link is untrusted input: it is length-limited, percent-decoded without panics, and
//! every value goes through the same exact validation as typed input. Nothing from a link is
//! ever inserted into the page as markup (the UI renders text nodes only).

use crate::scenario::{Num, OtherPosition, Scenario, SCENARIO_VERSION};
use core::fmt;

/// Longest link fragment accepted (characters).
pub const MAX_LINK_LEN: usize = 8_192;

/// (short key, scenario field). The order is the order links are written in.
pub const KEYS: &[(&str, &str)] = &[
    ("venue", "venue"),
    ("c", "contract"),
    ("sym", "symbol"),
    ("mm", "margin_mode"),
    ("side", "side"),
    ("entry", "entry_price"),
    ("mark", "mark_price"),
    ("qty", "quantity"),
    ("not", "notional"),
    ("mgn", "margin"),
    ("eq", "equity"),
    ("riskp", "risk_percent"),
    ("riska", "risk_amount"),
    ("step", "quantity_step"),
    ("cs", "contract_size"),
    ("lev", "leverage"),
    ("im", "isolated_margin"),
    ("wb", "wallet_balance"),
    ("mmr", "maintenance.rate"),
    ("mma", "maintenance.amount"),
    ("tf", "taker_fee"),
    ("mf", "maker_fee"),
    ("liq", "entry_liquidity"),
    ("stop", "stop_price"),
    ("tp", "target_price"),
    ("fr", "funding_rate"),
    ("fi", "funding_interval_hours"),
    ("hold", "holding_hours"),
    ("vol", "volatility_annual"),
    ("hz", "horizon_hours"),
    ("mu", "drift_annual"),
    ("kb", "safe_buffer_sigmas"),
    ("pmax", "max_prob_liquidation"),
    ("mi", "mark_interval_seconds"),
    ("op", "other_positions"),
    ("br", "brackets"),
];

/// Why a link could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// Longer than [`MAX_LINK_LEN`].
    TooLong(usize),
    /// Made by a newer version of the calculator.
    NewerVersion(String),
    /// A value that cannot be read (named by its key).
    Malformed { key: String, reason: String },
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong(n) => write!(
                f,
                "This link is too long to be a calculator link ({n} characters); it was ignored."
            ),
            ShareError::NewerVersion(v) => write!(
                f,
                "This link was made by a newer version of the calculator (format {v}); this page \
                 reads format {SCENARIO_VERSION}. Reload to update, or re-enter the trade."
            ),
            ShareError::Malformed { key, reason } => {
                write!(f, "The link's `{key}` value cannot be read: {reason}.")
            }
        }
    }
}

impl std::error::Error for ShareError {}

/// A link read into a scenario, with notes on anything that was skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub scenario: Scenario,
    /// Keys that were not recognised (kept out, listed for the user).
    pub ignored: Vec<String>,
    /// The link's version, if it was older than the current one and migrated.
    pub migrated_from: Option<u32>,
}

/// The link fragment (without `#`) for a scenario.
pub fn encode(s: &Scenario) -> String {
    let mut out = format!("v={SCENARIO_VERSION}");
    let value = serde_json::to_value(s).unwrap_or(serde_json::Value::Null);
    for (short, long) in KEYS {
        let v = match long.split_once('.') {
            Some((outer, inner)) => value.get(outer).and_then(|o| o.get(inner)),
            None => value.get(*long),
        };
        let text = match v {
            None | Some(serde_json::Value::Null) => continue,
            Some(serde_json::Value::String(t)) => t.clone(),
            Some(serde_json::Value::Array(a)) if a.is_empty() => continue,
            Some(other) => other.to_string(),
        };
        out.push('&');
        out.push_str(short);
        out.push('=');
        out.push_str(&percent_encode(&text));
    }
    out
}

/// Read a link fragment or query (with or without a leading `#` or `?`).
///
/// # Errors
/// [`ShareError`] for an over-long link, a newer version, or a value of the wrong shape.
/// Values are *not* validated here beyond their shape: the engine does that, naming fields.
pub fn decode(fragment: &str) -> Result<Decoded, ShareError> {
    let fragment = fragment.trim_start_matches(['#', '?']);
    if fragment.len() > MAX_LINK_LEN {
        return Err(ShareError::TooLong(fragment.len()));
    }
    let mut map = serde_json::Map::new();
    let mut maintenance = serde_json::Map::new();
    let mut ignored = Vec::new();
    let mut version: Option<u32> = None;
    for pair in fragment.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(k);
        let val = percent_decode(v);
        if key == "v" {
            let n: u32 = val.parse().map_err(|_| ShareError::Malformed {
                key: "v".into(),
                reason: "not a version number".into(),
            })?;
            version = Some(n);
            continue;
        }
        let Some((_, long)) = KEYS.iter().find(|(short, _)| *short == key) else {
            if ignored.len() < 20 {
                ignored.push(key.chars().take(40).collect());
            }
            continue;
        };
        let json_value = match *long {
            "other_positions" => {
                let ops: Vec<OtherPosition> =
                    serde_json::from_str(&val).map_err(|e| ShareError::Malformed {
                        key: key.clone(),
                        reason: e.to_string(),
                    })?;
                serde_json::to_value(ops).unwrap_or_default()
            }
            "brackets" => {
                let rows: Vec<crate::scenario::BracketSpec> =
                    serde_json::from_str(&val).map_err(|e| ShareError::Malformed {
                        key: key.clone(),
                        reason: e.to_string(),
                    })?;
                serde_json::to_value(rows).unwrap_or_default()
            }
            _ => serde_json::Value::String(val),
        };
        match long.split_once('.') {
            Some((_, inner)) => {
                maintenance.insert(inner.to_owned(), json_value);
            }
            None => {
                map.insert((*long).to_owned(), json_value);
            }
        }
    }
    let version = version.unwrap_or(1);
    if version > SCENARIO_VERSION {
        return Err(ShareError::NewerVersion(version.to_string()));
    }
    let migrated_from = (version < SCENARIO_VERSION).then_some(version);
    if !maintenance.is_empty() {
        map.insert("maintenance".into(), serde_json::Value::Object(maintenance));
    }
    map.insert("version".into(), SCENARIO_VERSION.into());
    let defaults = Scenario::default();
    map.entry("entry_price")
        .or_insert_with(|| serde_json::Value::String(defaults.entry_price.0.clone()));
    map.entry("leverage")
        .or_insert_with(|| serde_json::Value::String(defaults.leverage.0.clone()));
    let scenario: Scenario = serde_path_to_error::deserialize(serde_json::Value::Object(map))
        .map_err(|e| ShareError::Malformed {
            key: short_key(&e.path().to_string()),
            reason: e.inner().to_string(),
        })?;
    Ok(Decoded {
        scenario,
        ignored,
        migrated_from,
    })
}

fn short_key(path: &str) -> String {
    KEYS.iter()
        .find(|(_, long)| *long == path)
        .map(|(s, _)| (*s).to_owned())
        .unwrap_or_else(|| path.chars().take(40).collect())
}

/// Percent-encode everything but unreserved characters (RFC 3986 §2.3) and `,` `:`.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b':' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Percent-decode (`+` is a space); invalid escapes are kept as they are, invalid UTF-8 is
/// replaced, never a panic.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A scenario's values as `Num` for the page's text inputs (helper for the UI).
pub fn num_text(n: &Option<Num>) -> String {
    n.as_ref().map(|n| n.0.clone()).unwrap_or_default()
}
