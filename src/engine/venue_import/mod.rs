//! A venue's own API answer, pasted or dropped by the user, turned into bracket tables.
//!
//! The user opens (or sends) the request [`endpoint`] names and pastes the JSON answer;
//! [`import`] recognises which of the venue's [`formats_for`] it is, applies that venue's rule
//! and returns one [`Entry`] per symbol, each table checked by
//! [`crate::engine::table_text::check_table`] and by the rules of
//! [`crate::engine::venue_data`] (tiers from 0, contiguous, rates in (0, 1) and below
//! `1/max leverage`, stated deductions equal to the cumulative rule). For a snapshot that the
//! repository's own data files were made from, the tables are the ones
//! [`crate::engine::tables::entries_of`] gives (tests/venue_import.rs checks it).
//!
//! # Formats and rules
//! | format | venue rule | look-up, unit |
//! |---|---|---|
//! | [`Format::BinanceLeverageBracket`] | stated floor, cap, rate, `cum`, leverage | floor, notional (COIN-M: coin) |
//! | [`Format::BinanceCcxtTiers`] | the raw `info` brackets of a ccxt dump | floor, notional |
//! | [`Format::BybitRiskLimit`] | stated cap, rate, `mmDeduction`, leverage | cap, notional |
//! | [`Format::OkxPositionTiers`] | stated `maxSz`, `mmr`, `maxLever`; no deduction | cap, contracts |
//! | [`Format::GateRiskLimitTiers`] | stated cap, rate, `deduction`, leverage | cap, notional |
//! | [`Format::GateContracts`] | risk-limit steps ([`crate::engine::venue_data::steps`]) | cap, notional |
//! | [`Format::HyperliquidMeta`] | rate `1/(2·lev)`, cumulative deduction | floor, notional |
//! | [`Format::DydxPerpetualMarkets`] | one open tier: rate MMF, leverage `1/IMF` | floor, notional |
//! | [`Format::BitmexInstrument`] | risk-limit steps, minor units converted | cap, notional |
//!
//! # Reading
//! The text is read into a small value tree ([`crate::engine::json_tree`]: numbers keep their JSON text) and
//! walked by hand (no serde derives and no float parser: this runs in the wasm page). Numbers
//! may be JSON strings or JSON numbers; both are read as exact decimals from their text: a
//! string must be plain decimal text (`"0.005"`), a JSON integer is exact, a JSON fraction is
//! refused when it has an exponent or more than 15 significant digits (see
//! `json::MAX_FLOAT_DIGITS`: such a number is a double printed in full, not the venue's value). Everything is bounded:
//! at most [`MAX_IMPORT_BYTES`] of text, [`MAX_SYMBOLS`] symbols, [`MAX_STEP_TIERS`](crate::engine::venue_data::MAX_STEP_TIERS) tiers per
//! symbol, JSON nesting at most 128 deep (serde_json's limit); bad input is an error, never a
//! panic.
//!
//! # Errors
//! Every error is a [`VenueDataError`] whose `venue` is the venue key followed by the format
//! (or the expected formats) in parentheses, `binance-usdm (Binance GET /fapi/v1/leverageBracket)`,
//! with the symbol and tier where one is to blame and the field in the problem. A payload of
//! another venue's format says which it looks like; a venue's error envelope (Binance
//! `{code, msg}`, Bybit `retCode ≠ 0`, OKX `code ≠ "0"`, Gate `{label, message}`, BitMEX
//! `{error}`, dYdX `{errors}`) reports the venue's own message.

#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod binance_bracket;
mod binance_ccxt;
mod bitmex;
mod bybit;
mod dydx;
mod gate_contracts;
mod gate_tiers;
mod hyperliquid;
mod json;
mod okx;
mod table;

use super::brackets::BracketTable;
use super::contract::ContractType;
use super::table_text::check_table;
use super::tables::{ContractFacts, Entry, TableInfo};
use super::venue_data::error::cut;
use super::venue_data::{Problem, Quality, VenueDataError, MAX_SYMBOLS};
use super::venues::{implied_contract, Venue};
use crate::engine::json_tree::{self as tree, Value};
use rust_decimal::Decimal;

/// Largest answer accepted (bytes). Binance's full USDⓈ-M dump is about 2.7 MB.
pub const MAX_IMPORT_BYTES: usize = 5_000_000;

/// How an imported table's source begins (`your table: <format>`): the mark the page keeps
/// with the table text in local storage and reads to say "imported <date>".
pub const YOUR_TABLE: &str = "your table";

/// How the source of a table that came in a share link begins (`from a link, your table: …`):
/// someone else's import, used in the tab that opened the link and never kept in storage.
pub const FROM_LINK: &str = "from a link";

/// A venue answer this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Binance `GET /fapi/v1/leverageBracket` (USDⓈ-M: `notionalCap`, `notionalFloor`) and
    /// `GET /dapi/v1|v2/leverageBracket` (COIN-M: `qtyCap`, `qtyFloor`, v1 keyed by `pair`).
    BinanceLeverageBracket,
    /// ccxt `fetch_leverage_tiers` of Binance (freqtrade's `binance_leverage_tiers.json`).
    BinanceCcxtTiers,
    /// Bybit `GET /v5/market/risk-limit`.
    BybitRiskLimit,
    /// OKX `GET /api/v5/public/position-tiers` (instType=SWAP).
    OkxPositionTiers,
    /// Gate `GET /api/v4/futures/usdt/risk_limit_tiers`.
    GateRiskLimitTiers,
    /// Gate `GET /api/v4/futures/usdt/contracts`.
    GateContracts,
    /// Hyperliquid `POST /info {"type":"meta"}`.
    HyperliquidMeta,
    /// dYdX v4 indexer `GET /v4/perpetualMarkets`.
    DydxPerpetualMarkets,
    /// BitMEX `GET /api/v1/instrument`.
    BitmexInstrument,
}

impl Format {
    /// Every format, in the order detection reports them.
    pub const ALL: [Format; 9] = [
        Format::BinanceLeverageBracket,
        Format::BinanceCcxtTiers,
        Format::BybitRiskLimit,
        Format::OkxPositionTiers,
        Format::GateRiskLimitTiers,
        Format::GateContracts,
        Format::HyperliquidMeta,
        Format::DydxPerpetualMarkets,
        Format::BitmexInstrument,
    ];

    /// The format's name for people: venue and request.
    pub fn label(self) -> &'static str {
        match self {
            Format::BinanceLeverageBracket => "Binance GET /fapi/v1/leverageBracket",
            Format::BinanceCcxtTiers => "Binance leverage tiers as ccxt fetch_leverage_tiers",
            Format::BybitRiskLimit => "Bybit GET /v5/market/risk-limit",
            Format::OkxPositionTiers => "OKX GET /api/v5/public/position-tiers",
            Format::GateRiskLimitTiers => "Gate GET /futures/usdt/risk_limit_tiers",
            Format::GateContracts => "Gate GET /futures/usdt/contracts",
            Format::HyperliquidMeta => "Hyperliquid POST /info {\"type\":\"meta\"}",
            Format::DydxPerpetualMarkets => "dYdX GET /v4/perpetualMarkets",
            Format::BitmexInstrument => "BitMEX GET /api/v1/instrument",
        }
    }

    /// The label for a venue (Binance COIN-M's request is `/dapi/…`).
    fn label_for(self, venue: Venue) -> &'static str {
        match (self, venue) {
            (Format::BinanceLeverageBracket, Venue::BinanceCoinm) => {
                "Binance GET /dapi/v2/leverageBracket (or v1)"
            }
            _ => self.label(),
        }
    }
}

/// The formats a venue accepts, in the order to try them.
pub fn formats_for(venue: Venue) -> &'static [Format] {
    match venue {
        Venue::BinanceUsdm | Venue::BinanceCoinm => {
            &[Format::BinanceLeverageBracket, Format::BinanceCcxtTiers]
        }
        Venue::BybitLinear | Venue::BybitInverse => &[Format::BybitRiskLimit],
        Venue::OkxLinear | Venue::OkxInverse => &[Format::OkxPositionTiers],
        Venue::GateLinear => &[Format::GateRiskLimitTiers, Format::GateContracts],
        Venue::Hyperliquid => &[Format::HyperliquidMeta],
        Venue::Dydx => &[Format::DydxPerpetualMarkets],
        Venue::Bitmex => &[Format::BitmexInstrument],
        Venue::Custom => &[],
    }
}

/// The exact URL (or request) the user opens or sends to get the payload for `symbol` on
/// `venue`; `None` for Custom. The symbol is put into the URL only when it is a plausible
/// symbol (letters, digits, `- _ / : .`), so the text shown cannot be made into another URL.
pub fn endpoint(venue: Venue, symbol: &str) -> Option<String> {
    let s = symbol.trim();
    let s = if json::symbol_name(s).is_ok() { s } else { "" };
    let q = |key: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!("{key}{s}")
        }
    };
    Some(match venue {
        Venue::BinanceUsdm => format!(
            "https://fapi.binance.com/fapi/v1/leverageBracket{} (signed: needs your API key)",
            q("?symbol=")
        ),
        Venue::BinanceCoinm => format!(
            "https://dapi.binance.com/dapi/v2/leverageBracket{} (signed: needs your API key)",
            q("?symbol=")
        ),
        Venue::BybitLinear => format!(
            "https://api.bybit.com/v5/market/risk-limit?category=linear{}",
            q("&symbol=")
        ),
        Venue::BybitInverse => format!(
            "https://api.bybit.com/v5/market/risk-limit?category=inverse{}",
            q("&symbol=")
        ),
        Venue::OkxLinear | Venue::OkxInverse => {
            let family = s.strip_suffix("-SWAP").unwrap_or(s);
            let fam = if family.is_empty() {
                String::new()
            } else {
                format!("&instFamily={family}")
            };
            format!(
                "https://www.okx.com/api/v5/public/position-tiers?instType=SWAP&tdMode=cross{fam}"
            )
        }
        Venue::GateLinear => format!(
            "https://api.gateio.ws/api/v4/futures/usdt/risk_limit_tiers{}",
            q("?contract=")
        ),
        Venue::Hyperliquid => {
            "POST https://api.hyperliquid.xyz/info {\"type\":\"meta\"}".to_string()
        }
        Venue::Dydx => format!(
            "https://indexer.dydx.trade/v4/perpetualMarkets{}",
            q("?ticker=")
        ),
        Venue::Bitmex => format!("https://www.bitmex.com/api/v1/instrument{}", q("?symbol=")),
        Venue::Custom => return None,
    })
}

/// What the page's import module ([`import_page_text`]) hands back to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageImport {
    /// The format read ([`Format::label`], for the venue).
    pub format: &'static str,
    /// How many symbols it holds.
    pub symbols: usize,
    /// Their tables as the page text of [`crate::engine::table_text`] (what the page keeps in
    /// local storage and reads with [`crate::engine::table_text::read`]).
    pub text: String,
}

/// [`import`] for the page: the venue named by its page key (`binance-usdm`, `bitmex` …),
/// and the tables written as page text, so they can be kept in local storage and read back
/// with the reader the page already has ([`crate::engine::table_text::read`]).
///
/// # Errors
/// As [`import_entries_for`].
pub fn import_page_text(
    venue_key: &str,
    text: &str,
    imported_on: &str,
) -> Result<PageImport, String> {
    let venue = Venue::from_key(venue_key).ok_or_else(|| {
        format!(
            "unknown venue {}",
            super::venue_data::error::quote(venue_key)
        )
    })?;
    let (key, format, entries) = import_entries_for(venue, text, imported_on)?;
    Ok(PageImport {
        format,
        symbols: entries.len(),
        text: super::table_text::write_entries(key, &entries),
    })
}

/// What the page's import panel uses: the venue file the tables belong to, the format read
/// ([`Format::label`] for the venue) and the checked entries, sorted by symbol.
///
/// # Errors
/// One sentence for the user: a venue without tables, [`import`]'s message, or an answer
/// that holds no table of the venue's contract type.
pub fn import_entries_for(
    venue: Venue,
    text: &str,
    imported_on: &str,
) -> Result<(super::venue_data::VenueKey, &'static str, Vec<Entry>), String> {
    let key = super::tables::import_key(venue)
        .ok_or_else(|| "this venue has no table to replace.".to_owned())?;
    let imported = import(venue, text, imported_on).map_err(|e| e.to_string())?;
    let format = imported.format.label_for(venue);
    if imported.entries.is_empty() {
        return Err(format!(
            "the {format} answer holds no {} table.",
            venue.label()
        ));
    }
    Ok((key, format, imported.entries))
}

/// What [`import`] made of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub format: Format,
    /// Sorted by symbol (byte order), each once.
    pub entries: Vec<Entry>,
}

/// One symbol as a format's parser reads it, before it becomes an [`Entry`].
pub(crate) struct Parsed {
    pub symbol: String,
    pub table: BracketTable,
    pub contract: ContractFacts,
    pub quality: Quality,
}

/// Where an error is reported: the venue and the format (or formats) concerned.
#[derive(Clone, Copy)]
pub(crate) struct Cx {
    pub venue: Venue,
    pub format: Format,
}

impl Cx {
    fn place(&self) -> String {
        format!(
            "{} ({})",
            self.venue.key(),
            self.format.label_for(self.venue)
        )
    }

    /// An error in the whole answer.
    pub fn whole(&self, problem: Problem) -> VenueDataError {
        VenueDataError {
            venue: self.place(),
            symbol: None,
            tier: None,
            problem,
        }
    }

    /// An error in a symbol, and a tier of it when one is to blame (0-based).
    pub fn at(&self, symbol: &str, tier: Option<usize>, problem: Problem) -> VenueDataError {
        VenueDataError {
            venue: self.place(),
            symbol: Some(cut(symbol, 40)),
            tier,
            problem,
        }
    }
}

/// A shape problem in the answer: `path` (e.g. `result.list[3]`) and what is wrong.
pub(crate) fn shape(path: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem::Json {
        path: path.into(),
        message: message.into(),
    }
}

/// An error naming the venue's expected formats (before the format is known).
fn expected_error(venue: Venue, problem: Problem) -> VenueDataError {
    let labels: Vec<&str> = formats_for(venue)
        .iter()
        .map(|f| f.label_for(venue))
        .collect();
    let expected = if labels.is_empty() {
        "no import format".to_string()
    } else {
        labels.join(" or ")
    };
    VenueDataError {
        venue: format!("{} ({expected})", venue.key()),
        symbol: None,
        tier: None,
        problem,
    }
}

/// What an answer looks like, from its top-level shape.
enum Shape {
    Format(Format),
    /// A venue's error envelope: who answered, and their code and message.
    VenueError(&'static str, String),
    /// Recognised, but not a format read here.
    Other(&'static str),
    Unknown,
}

/// The longest venue error message quoted (characters).
const VENUE_MESSAGE_LEN: usize = 160;

fn text_of(v: Option<&Value>) -> String {
    let t = match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Null) | None => String::new(),
        Some(other) => json::kind(other).to_owned(),
    };
    cut(&t, VENUE_MESSAGE_LEN)
}

fn venue_error(who: &'static str, code: Option<&Value>, msg: Option<&Value>) -> Shape {
    Shape::VenueError(who, format!("code {}: {}", text_of(code), text_of(msg)))
}

/// Recognise an answer by its top-level keys (and those of its first element).
fn detect(v: &Value) -> Shape {
    let has = |o: &tree::Obj, k: &str| o.contains_key(k);
    match v {
        Value::Object(o) => {
            if let Some(code) = o.get("retCode") {
                return if code.as_i64() == Some(0) {
                    Shape::Format(Format::BybitRiskLimit)
                } else {
                    venue_error("Bybit", Some(code), o.get("retMsg"))
                };
            }
            if let (Some(Value::String(code)), true) = (o.get("code"), has(o, "data")) {
                return if code == "0" {
                    Shape::Format(Format::OkxPositionTiers)
                } else {
                    venue_error("OKX", o.get("code"), o.get("msg"))
                };
            }
            if let (Some(Value::Number(_)), true) = (o.get("code"), has(o, "msg")) {
                return venue_error("Binance", o.get("code"), o.get("msg"));
            }
            if has(o, "label") && has(o, "message") {
                return venue_error("Gate", o.get("label"), o.get("message"));
            }
            if let Some(Value::Object(e)) = o.get("error") {
                return venue_error("BitMEX", e.get("name"), e.get("message"));
            }
            if let Some(Value::Array(e)) = o.get("errors") {
                let first = e.first().and_then(|x| x.get("msg"));
                return venue_error("dYdX", None, first);
            }
            if has(o, "universe") {
                return Shape::Format(Format::HyperliquidMeta);
            }
            if has(o, "markets") {
                return Shape::Format(Format::DydxPerpetualMarkets);
            }
            if has(o, "brackets") {
                return Shape::Format(Format::BinanceLeverageBracket);
            }
            if has(o, "risk_limit_base") || has(o, "quanto_multiplier") {
                return Shape::Format(Format::GateContracts);
            }
            if has(o, "typ") || (has(o, "maintMargin") && has(o, "riskStep")) {
                return Shape::Format(Format::BitmexInstrument);
            }
            let ccxt = o.values().next().is_some_and(|t| {
                t.as_array()
                    .and_then(|a| a.first())
                    .is_some_and(|x| x.get("info").is_some())
            });
            if ccxt {
                return Shape::Format(Format::BinanceCcxtTiers);
            }
            Shape::Unknown
        }
        Value::Array(a) => {
            let Some(first) = a.first() else {
                return Shape::Other("an empty list (no symbols)");
            };
            let Some(o) = first.as_object() else {
                return Shape::Unknown;
            };
            if has(o, "brackets") {
                Shape::Format(Format::BinanceLeverageBracket)
            } else if has(o, "risk_limit_base") || has(o, "quanto_multiplier") {
                Shape::Format(Format::GateContracts)
            } else if has(o, "risk_limit") && has(o, "maintenance_rate") {
                Shape::Format(Format::GateRiskLimitTiers)
            } else if has(o, "typ") || (has(o, "maintMargin") && has(o, "riskStep")) {
                Shape::Format(Format::BitmexInstrument)
            } else if has(o, "universe") {
                Shape::Other(
                    "a Hyperliquid allPerpMetas answer (paste the {\"type\":\"meta\"} answer)",
                )
            } else {
                Shape::Unknown
            }
        }
        _ => Shape::Unknown,
    }
}

/// Detect which of `formats_for(venue)` the text is and parse it (see the module
/// documentation). `imported_on` (`YYYY-MM-DD`) becomes each entry's `info.as_of`;
/// `info.source` is `your table: <format label>`; quality is exact (derived for Gate's
/// contract step rule and Hyperliquid's unlisted flat tables). Only the symbols of the venue's
/// contract type are kept (BitMEX keeps both).
///
/// # Errors
/// The first problem found (see the module documentation).
pub fn import(venue: Venue, text: &str, imported_on: &str) -> Result<Imported, VenueDataError> {
    import_named(venue, text, imported_on, None)
}

/// [`import`], naming the symbol of an answer that does not name its own: Gate's
/// `risk_limit_tiers?contract=X` lists the contract only when several markets are asked.
///
/// # Errors
/// As [`import`].
pub fn import_named(
    venue: Venue,
    text: &str,
    imported_on: &str,
    symbol: Option<&str>,
) -> Result<Imported, VenueDataError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(expected_error(
            venue,
            Problem::FileTooLarge {
                bytes: text.len(),
                max: MAX_IMPORT_BYTES,
            },
        ));
    }
    if !json::is_date(imported_on) {
        return Err(expected_error(
            venue,
            Problem::BadText {
                field: "imported_on",
                text: cut(imported_on, 40),
                reason: "expected a date YYYY-MM-DD",
            },
        ));
    }
    run(venue, text, imported_on, symbol)
}

fn run(
    venue: Venue,
    text: &str,
    imported_on: &str,
    symbol: Option<&str>,
) -> Result<Imported, VenueDataError> {
    let formats = formats_for(venue);
    let value: Value = tree::parse(text).map_err(|e| {
        expected_error(
            venue,
            shape(
                "",
                format!(
                    "not JSON: {}",
                    cut(&e.to_string(), super::venue_data::error::JSON_MESSAGE_LEN)
                ),
            ),
        )
    })?;
    let format = match detect(&value) {
        Shape::Format(f) if formats.contains(&f) => f,
        Shape::Format(f) => {
            return Err(expected_error(
                venue,
                shape("", format!("this looks like a {} answer", f.label())),
            ))
        }
        Shape::VenueError(who, message) => {
            return Err(expected_error(
                venue,
                shape("", format!("{who} answered with an error, {message}")),
            ))
        }
        Shape::Other(what) => {
            return Err(expected_error(venue, shape("", format!("this is {what}"))))
        }
        Shape::Unknown => {
            return Err(expected_error(
                venue,
                shape(
                    "",
                    format!(
                        "this is not such an answer (its top level is {})",
                        json::kind(&value)
                    ),
                ),
            ))
        }
    };
    let cx = Cx { venue, format };
    let parsed = match format {
        Format::BinanceLeverageBracket => binance_bracket::parse(&cx, &value)?,
        Format::BinanceCcxtTiers => binance_ccxt::parse(&cx, &value)?,
        Format::BybitRiskLimit => bybit::parse(&cx, &value)?,
        Format::OkxPositionTiers => okx::parse(&cx, &value)?,
        Format::GateRiskLimitTiers => gate_tiers::parse(&cx, &value, symbol)?,
        Format::GateContracts => gate_contracts::parse(&cx, &value)?,
        Format::HyperliquidMeta => hyperliquid::parse(&cx, &value)?,
        Format::DydxPerpetualMarkets => dydx::parse(&cx, &value)?,
        Format::BitmexInstrument => bitmex::parse(&cx, &value)?,
    };
    finish(&cx, parsed, imported_on)
}

/// Check every table, keep the venue's contract type, sort, refuse duplicates.
fn finish(cx: &Cx, parsed: Vec<Parsed>, imported_on: &str) -> Result<Imported, VenueDataError> {
    let total = parsed.len();
    if total > MAX_SYMBOLS {
        return Err(cx.whole(Problem::TooMany {
            what: "symbols",
            count: total,
            max: MAX_SYMBOLS,
        }));
    }
    let want = implied_contract(cx.venue);
    let source = format!("{YOUR_TABLE}: {}", cx.format.label_for(cx.venue));
    let mut entries: Vec<Entry> = Vec::with_capacity(total);
    for p in parsed {
        check_table(&p.table).map_err(|(i, problem)| cx.at(&p.symbol, Some(i), problem))?;
        let keep = cx.venue == Venue::Bitmex
            || match want {
                Some(ContractType::Inverse) => p.contract.inverse,
                Some(ContractType::Linear) => !p.contract.inverse,
                None => false,
            };
        if !keep {
            continue;
        }
        entries.push(Entry {
            symbol: p.symbol,
            table: p.table,
            info: TableInfo {
                source: source.clone(),
                as_of: imported_on.to_string(),
                quality: p.quality,
            },
            contract: p.contract,
        });
    }
    if entries.is_empty() {
        let what = match want {
            Some(ContractType::Inverse) => "no inverse (coin-margined) contract in this answer",
            _ => "no linear contract in this answer",
        };
        return Err(cx.whole(if total == 0 {
            Problem::NoTiers
        } else {
            shape("", what)
        }));
    }
    crate::engine::order::sort_vec(&mut entries, &|a, b| a.symbol < b.symbol);
    for pair in entries.windows(2) {
        if let [a, b] = pair {
            if a.symbol == b.symbol {
                return Err(cx.at(
                    &b.symbol,
                    None,
                    Problem::BadText {
                        field: "symbol",
                        text: cut(&b.symbol, 40),
                        reason: "the answer lists this symbol twice",
                    },
                ));
            }
        }
    }
    Ok(Imported {
        format: cx.format,
        entries,
    })
}

/// Scale a table's bounds by `factor` (OKX linear swaps: tiers in contracts times the
/// contract value `ctVal × ctMult` from `GET /api/v5/public/instruments` give base units, the
/// engine's quantity for a linear contract; inverse swaps count contracts and need no scaling).
///
/// # Errors
/// [`Problem::OutOfRange`] for a factor that is not positive, [`Problem::Overflow`].
pub fn scale_bounds(table: &BracketTable, factor: Decimal) -> Result<BracketTable, Problem> {
    if factor <= Decimal::ZERO {
        return Err(Problem::OutOfRange {
            field: "contract value",
            value: factor,
            rule: "must be above 0",
        });
    }
    let mut out = table.clone();
    for b in &mut out.brackets {
        b.floor = b.floor.checked_mul(factor).ok_or(Problem::Overflow)?;
        b.cap = b.cap.checked_mul(factor).ok_or(Problem::Overflow)?;
    }
    check_table(&out).map_err(|(_, p)| p)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_venue_with_formats_has_an_endpoint() {
        for v in Venue::ALL {
            assert_eq!(
                formats_for(v).is_empty(),
                endpoint(v, "BTC").is_none(),
                "{v:?}"
            );
        }
        assert_eq!(
            endpoint(Venue::Dydx, "BTC-USD").as_deref(),
            Some("https://indexer.dydx.trade/v4/perpetualMarkets?ticker=BTC-USD")
        );
        assert_eq!(
            endpoint(Venue::Bitmex, "XBTUSD&x=1").as_deref(),
            Some("https://www.bitmex.com/api/v1/instrument")
        );
    }
}
