//! Share links: the whole scenario in the URL, compact and readable.
//!
//! A link carries the scenario as query parameters after `#` (so nothing reaches a server,
//! and a static page can read it offline):
//!
//! ```text
//! #v=1&venue=binance-usdm&sym=BTCUSDT&side=long&entry=60000&qty=0.5&lev=10&stop=57000&tp=66000
//! ```
//!
//! Each scenario field has a short key ([`KEYS`]). `other_positions` (`op`) and `brackets`
//! (`br`) travel as compact lists (`op=ETHUSDT:s:1.2345:3012.5,…`; the JSON arrays of older
//! links are still read), and [`link`] refuses to produce a fragment longer than the page
//! accepts ([`MAX_LINK_LEN`]). Links are versioned by `v`: a link without `v` is read as version 1
//! (the first public format), and a newer version is refused with a message that says so.
//!
//! A link is untrusted input: it is length-limited, percent-decoded without panics, and
//! every value goes through the same exact validation as typed input. Nothing from a link is
//! ever inserted into the page as markup (the UI renders text nodes only).

use crate::engine::json_tree::{Obj, Value};
use crate::limits::{MAX_BRACKETS, MAX_NUMBER_CHARS, MAX_OTHER_POSITIONS};
use crate::scenario::{
    BracketSpec, MaintenanceSpec, Num, OtherPosition, Scenario, ScenarioError, SideName,
    SCENARIO_VERSION,
};
use core::fmt;

pub use crate::limits::MAX_LINK_LEN;

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
    ("bxv", "bitmex_view"),
    ("acct", "account"),
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
    // The scenario's own JSON members, by name (every link value is a string in it).
    let value = crate::engine::json_tree::parse(&crate::scenario::to_json(s))
        .unwrap_or(crate::engine::json_tree::Value::Null);
    for (short, long) in KEYS {
        let v = match long.split_once('.') {
            Some((outer, inner)) => value.get(outer).and_then(|o| o.get(inner)),
            None => value.get(long),
        };
        let compact = match *long {
            "other_positions" if !s.other_positions.is_empty() => {
                Some(compact_positions(&s.other_positions))
            }
            "brackets" => s.brackets.as_deref().map(compact_brackets),
            _ => None,
        };
        let text = match (compact, v) {
            (Some(text), _) => text,
            (None, v) => match v {
                Some(crate::engine::json_tree::Value::String(t)) => t.clone(),
                Some(crate::engine::json_tree::Value::Number(t)) => t.clone(),
                // Null, empty lists (written compactly above when not empty); the format
                // has no other kind of value under a link key.
                _ => continue,
            },
        };
        out.push('&');
        out.push_str(short);
        out.push('=');
        out.push_str(&percent_encode(&text));
    }
    out
}

/// The link fragment for a scenario, or [`ShareError::TooLong`] when it would be longer than
/// the page accepts ([`MAX_LINK_LEN`], with `extra` characters of page options after it): the
/// page never writes or hands out a link it would refuse.
///
/// # Errors
/// [`ShareError::TooLong`] with the length the link would have.
pub fn link(s: &Scenario, extra: usize) -> Result<String, ShareError> {
    let fragment = encode(s);
    let len = fragment.len().saturating_add(extra);
    if len > MAX_LINK_LEN {
        return Err(ShareError::TooLong(len));
    }
    Ok(fragment)
}

// Compact lists. A link carries other positions and bracket tiers as entries separated by `,`,
// fields by `:` (`ETHUSDT:s:1.2345:3012.5:2990.1,…`), a third of the JSON's length once
// percent-encoded. Inside a field `%`, `,` and `:` are escaped as `%25`, `%2C`, `%3A`; an empty
// field is an absent value. Links written before this form (`op=[{…}]`) are still read.

const ENTRY_SEP: char = ',';
const FIELD_SEP: char = ':';
/// A value given as empty text.
const EMPTY: &str = "~";

/// A value for a compact field: `%`, `,`, `:` and `~` escaped, and an empty text (given, but
/// empty) written as `~` so that it differs from an absent value (an empty field).
fn escape_field(s: &str) -> String {
    if s.is_empty() {
        return EMPTY.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            ',' => out.push_str("%2C"),
            ':' => out.push_str("%3A"),
            '~' => out.push_str("%7E"),
            c => out.push(c),
        }
    }
    out
}

/// A compact field's value: `None` when absent (empty), `Some("")` for `~`.
fn unescape_field(s: &str) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    if s == EMPTY {
        return Some(String::new());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let code = rest.get(i..i.saturating_add(3)).unwrap_or("");
        let c = match code.to_ascii_uppercase().as_str() {
            "%25" => Some('%'),
            "%2C" => Some(','),
            "%3A" => Some(':'),
            "%7E" => Some('~'),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[i.saturating_add(3)..];
            }
            None => {
                out.push('%');
                rest = &rest[i.saturating_add(1)..];
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

fn opt_text(n: &Option<Num>) -> String {
    n.as_ref().map(|n| escape_field(&n.0)).unwrap_or_default()
}

fn opt_str(s: &Option<String>) -> String {
    s.as_deref().map(escape_field).unwrap_or_default()
}

/// Join fields with `:`, leaving out trailing empty ones.
fn join_fields(mut fields: Vec<String>) -> String {
    while fields.last().is_some_and(String::is_empty) {
        fields.pop();
    }
    fields.join(&FIELD_SEP.to_string())
}

fn compact_positions(ops: &[OtherPosition]) -> String {
    ops.iter()
        .map(|p| {
            let (rate, amount) = match &p.maintenance {
                Some(m) => (escape_field(&m.rate.0), opt_text(&m.amount)),
                None => (String::new(), String::new()),
            };
            join_fields(vec![
                opt_str(&p.symbol),
                match p.side {
                    SideName::Long => "l".into(),
                    SideName::Short => "s".into(),
                },
                escape_field(&p.quantity.0),
                escape_field(&p.entry_price.0),
                opt_text(&p.mark_price),
                rate,
                amount,
                opt_text(&p.contract_size),
            ])
        })
        .collect::<Vec<_>>()
        .join(&ENTRY_SEP.to_string())
}

fn compact_brackets(rows: &[BracketSpec]) -> String {
    rows.iter()
        .map(|b| {
            join_fields(vec![
                escape_field(&b.floor.0),
                escape_field(&b.cap.0),
                escape_field(&b.rate.0),
                opt_text(&b.amount),
                escape_field(&b.max_leverage.0),
            ])
        })
        .collect::<Vec<_>>()
        .join(&ENTRY_SEP.to_string())
}

/// The fields of a compact list's entries, bounded: at most `max` entries of `width` fields.
fn compact_entries(
    val: &str,
    max: usize,
    noun: &str,
    width: usize,
) -> Result<Vec<Vec<Option<String>>>, String> {
    if val.is_empty() {
        return Ok(Vec::new());
    }
    let count = val.split(ENTRY_SEP).count();
    if count > max {
        return Err(format!(
            "at most {max} {noun} are accepted; this link has {count}"
        ));
    }
    val.split(ENTRY_SEP)
        .enumerate()
        .map(|(i, entry)| {
            let fields: Vec<Option<String>> = entry.split(FIELD_SEP).map(unescape_field).collect();
            if fields.len() > width {
                return Err(format!(
                    "entry {} has more than {width} fields",
                    i.saturating_add(1)
                ));
            }
            if fields.iter().flatten().any(|f| f.len() > MAX_NUMBER_CHARS) {
                return Err(format!(
                    "entry {} has a value longer than {MAX_NUMBER_CHARS} characters",
                    i.saturating_add(1)
                ));
            }
            Ok(fields)
        })
        .collect()
}

fn field(fields: &[Option<String>], i: usize) -> Option<Num> {
    fields.get(i).cloned().flatten().map(Num)
}

fn required(fields: &[Option<String>], i: usize, entry: usize, what: &str) -> Result<Num, String> {
    field(fields, i).ok_or_else(|| format!("entry {} has no {what}", entry.saturating_add(1)))
}

/// Other positions from a link's `op`: the compact form, or the JSON list of older links.
fn read_positions(val: &str) -> Result<Vec<OtherPosition>, String> {
    if val.trim_start().starts_with('[') {
        return crate::scenario::positions_from_json(val).map_err(|e| e.to_string());
    }
    compact_entries(val, MAX_OTHER_POSITIONS, "other positions", 8)?
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let side = match f.get(1).and_then(|x| x.as_deref()) {
                Some("l" | "long") => SideName::Long,
                Some("s" | "short") => SideName::Short,
                _ => {
                    return Err(format!(
                        "entry {} has no side (l or s)",
                        i.saturating_add(1)
                    ))
                }
            };
            let maintenance = match (field(f, 5), field(f, 6)) {
                (Some(rate), amount) => Some(MaintenanceSpec { rate, amount }),
                (None, None) => None,
                (None, Some(_)) => {
                    return Err(format!(
                        "entry {} has a maintenance amount without a rate",
                        i.saturating_add(1)
                    ))
                }
            };
            Ok(OtherPosition {
                symbol: f.first().cloned().flatten(),
                side,
                quantity: required(f, 2, i, "quantity")?,
                entry_price: required(f, 3, i, "entry price")?,
                mark_price: field(f, 4),
                maintenance,
                contract_size: field(f, 7),
            })
        })
        .collect()
}

/// A bracket table from a link's `br`: the compact form, or the JSON list of older links.
fn read_brackets(val: &str) -> Result<Vec<BracketSpec>, String> {
    if val.trim_start().starts_with('[') {
        return crate::scenario::brackets_from_json(val).map_err(|e| e.to_string());
    }
    compact_entries(val, MAX_BRACKETS, "bracket tiers", 5)?
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Ok(BracketSpec {
                floor: required(f, 0, i, "floor")?,
                cap: required(f, 1, i, "cap")?,
                rate: required(f, 2, i, "rate")?,
                amount: field(f, 3),
                max_leverage: required(f, 4, i, "max leverage")?,
            })
        })
        .collect()
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
    // The scalar fields as a JSON value tree, read by the one scenario reader (which names
    // the failing field); the lists are read by their own readers and set after.
    let mut members: Vec<(String, Value)> = Vec::new();
    let mut maintenance: Vec<(String, Value)> = Vec::new();
    let mut positions: Option<Vec<OtherPosition>> = None;
    let mut brackets: Option<Vec<BracketSpec>> = None;
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
        match *long {
            "other_positions" => {
                positions = Some(
                    read_positions(&val).map_err(|reason| ShareError::Malformed {
                        key: key.clone(),
                        reason,
                    })?,
                );
            }
            "brackets" => {
                brackets = Some(read_brackets(&val).map_err(|reason| ShareError::Malformed {
                    key: key.clone(),
                    reason,
                })?);
            }
            _ => match long.split_once('.') {
                Some((_, inner)) => maintenance.push((inner.to_owned(), Value::String(val))),
                None => members.push(((*long).to_owned(), Value::String(val))),
            },
        }
    }
    let version = version.unwrap_or(1);
    if version > SCENARIO_VERSION {
        return Err(ShareError::NewerVersion(version.to_string()));
    }
    let migrated_from = (version < SCENARIO_VERSION).then_some(version);
    if !maintenance.is_empty() {
        members.push((
            "maintenance".into(),
            Value::Object(Obj::from_members(maintenance)),
        ));
    }
    let defaults = Scenario::default();
    let has = |k: &str| members.iter().any(|(m, _)| m == k);
    let mut fill = Vec::new();
    if !has("entry_price") {
        fill.push((
            "entry_price".to_owned(),
            Value::String(defaults.entry_price.0),
        ));
    }
    if !has("leverage") {
        fill.push(("leverage".to_owned(), Value::String(defaults.leverage.0)));
    }
    members.extend(fill);
    members.push((
        "version".into(),
        Value::Number(SCENARIO_VERSION.to_string()),
    ));
    let mut scenario = crate::scenario::reader::scenario(&Value::Object(Obj::from_members(
        members,
    )))
    .map_err(|e| match e {
        ScenarioError::Format { path, message } => ShareError::Malformed {
            key: short_key(&path),
            reason: message,
        },
        other => ShareError::Malformed {
            key: String::new(),
            reason: other.to_string(),
        },
    })?;
    if let Some(p) = positions {
        scenario.other_positions = p;
    }
    if brackets.is_some() {
        scenario.brackets = brackets;
    }
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

/// The link key of the table a link carries ([`table_pair`]).
pub const TABLE_KEY: &str = "tbl";

/// `&tbl=…`: the imported table of `symbol` on `venue`, when the user imported one (issue 11
/// §3: imported tables are carried in share links for the symbol in use), as the page keeps it
/// (one entry of [`crate::engine::table_text`]), percent-encoded. Empty otherwise.
pub fn table_pair(venue: crate::engine::venues::Venue, symbol: &str) -> String {
    use crate::engine::{table_text, tables};
    let Some(key) = tables::import_key(venue) else {
        return String::new();
    };
    let Some(entry) = tables::imported(key, symbol) else {
        return String::new();
    };
    let text = table_text::write_entries(key, core::slice::from_ref(&entry));
    format!("&{TABLE_KEY}={}", percent_encode(&text))
}

/// Read the table a link carries for `symbol` on `venue` (the decoded value of [`TABLE_KEY`]):
/// validated as every table file is, its source marked [`crate::engine::venue_import::FROM_LINK`].
///
/// # Errors
/// A sentence for the user: a venue without table files, a text that does not read (with the
/// reader's message naming symbol and tier), another venue's table, or none for `symbol`.
pub fn read_table(
    venue: crate::engine::venues::Venue,
    symbol: &str,
    text: &str,
) -> Result<
    (
        crate::engine::venue_data::VenueKey,
        Vec<crate::engine::tables::Entry>,
    ),
    String,
> {
    use crate::engine::{table_text, tables, venue_import::FROM_LINK};
    let key = tables::import_key(venue).ok_or("this venue has no tables to import")?;
    let (got, mut entries) = table_text::read(key.key(), text).map_err(|e| e.to_string())?;
    if got != key {
        return Err(format!(
            "it is a table of {}, not of {}",
            got.key(),
            key.key()
        ));
    }
    entries.retain(|e| e.symbol == symbol);
    let Some(mut entry) = entries.pop() else {
        return Err(format!("it holds no table for {symbol}"));
    };
    if !entry.info.source.starts_with(FROM_LINK) {
        entry.info.source = format!("{FROM_LINK}, {}", entry.info.source);
    }
    Ok((key, vec![entry]))
}
