//! Venue data files: dated, sourced tier and contract tables, validated as they are read.
//!
//! One JSON file per venue lives in `data/venues/<venue>.json`, written by
//! `scripts/gen-venue-data` from the snapshots in `../shared/reference/venue-data/` (run it
//! with `--check` to see that the committed files are what the snapshots give). The page
//! fetches a file and hands its text to [`parse`], which returns a [`VenueFile`] or a
//! [`VenueDataError`] naming the venue, symbol and tier of the first problem. Nothing here
//! panics on a bad file, and no figure is produced from a table that failed a check.
//!
//! # Format
//! ```text
//! {"venue": "binance-usdm", "source": "...", "as_of": "2026-07-02", "quality": "exact",
//!  "note": "...", "fees": {...}?,               (Hyperliquid: the venue's fee schedule)
//!  "symbols": [
//!   {"symbol": "BTCUSDT", "settle": "USDT",      (per-symbol as_of / quality / source override)
//!    "tiers": {"floor": ["0", ...], "cap": ["300000", ..., null?], "rate": [...],
//!              "cum": [...], "lev": [...]}},     (columnar: one entry per tier)
//!   ...]}
//! ```
//! Every number is a string holding an exact decimal (no floats, no exponent). `quality` is
//! `exact` (the venue's own answer), `derived` (computed or rewritten from it) or `stand-in`.
//! Per venue:
//! - `binance-usdm`: tiers with floor, cap, rate, cum (maintenance amount), lev; look-up by
//!   floor (last tier with floor ≤ notional). Dated contracts carry `expiry`.
//! - `hyperliquid`: tiers with floor, cap (`null`: open-ended), lev; rate = 1/(2·lev) and the
//!   deduction by the cumulative rule (Hyperliquid docs, "Margin tiers").
//! - `bybit-linear`: tiers with floor, cap, rate, cum and, where known, imr (lev = 1/imr);
//!   look-up by cap (first tier with value ≤ cap, Bybit `riskLimitValue`).
//! - `dydx`: `imf`, `mmf` per market: one open tier, rate = MMF, max leverage = 1/IMF.
//! - `gate-linear`, `bitmex`: the contract's risk-limit fields, expanded into tiers by the
//!   step rule ([`steps`]); look-up by cap.
//! - `okx`: contract values and max leverage only; no tiers.
//!
//! Tier bounds are notional in the settlement currency (USDT, USDC, …; XBT for BitMEX
//! XBTUSD; BitMEX's minor units XBt/USDt are converted when the file is read).

#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

pub mod error;
mod raw;
pub mod steps;
mod tiers;

pub use error::{Problem, VenueDataError};

use crate::engine::brackets::{Bracket, BracketTable, Lookup, TierUnit};
use crate::engine::fees::FeeSchedule;
use crate::engine::input::{MAX_FEE, MAX_MONEY};
use crate::engine::margin::Maintenance;
use crate::engine::num::{div, mul};
use crate::engine::venues::Venue;
use raw::{RawFeeTable, RawFile, RawSymbol};
use rust_decimal::Decimal;
use steps::StepRule;
use tiers::Rule;

/// Largest file accepted (bytes). The Binance file is about 0.3 MB.
pub const MAX_FILE_BYTES: usize = 4_000_000;
/// Most symbols in one file.
pub const MAX_SYMBOLS: usize = 2_000;
/// Most tiers stated in one table (Binance has at most 12, Bybit 35).
pub const MAX_TIERS: usize = 64;
/// Most tiers a risk-limit step rule may expand into (BitMEX XBTUSD needs 199).
pub const MAX_STEP_TIERS: usize = 256;
/// Longest symbol name (characters).
pub const MAX_SYMBOL_LEN: usize = 40;
/// Longest number text (characters).
pub const MAX_NUMBER_LEN: usize = 40;
/// Longest `source` or `note` text (characters).
pub const MAX_TEXT_LEN: usize = 2_000;
/// Largest tier bound or maintenance amount: 10¹⁵ (the engine's largest money amount).
pub const MAX_BOUND: Decimal = MAX_MONEY;

/// A venue data file this loader reads, by its file name (`data/venues/<key>.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VenueKey {
    BinanceUsdm,
    Hyperliquid,
    Dydx,
    GateLinear,
    Bitmex,
    Okx,
    BybitLinear,
}

impl VenueKey {
    /// Every file, in the order the issue lists them.
    pub const ALL: [VenueKey; 7] = [
        VenueKey::BinanceUsdm,
        VenueKey::Hyperliquid,
        VenueKey::Dydx,
        VenueKey::GateLinear,
        VenueKey::Bitmex,
        VenueKey::Okx,
        VenueKey::BybitLinear,
    ];

    /// The file's key (the venue keys of [`crate::engine::venues`] where one exists; OKX's
    /// file covers both its linear and inverse swaps).
    pub fn key(self) -> &'static str {
        match self {
            VenueKey::BinanceUsdm => "binance-usdm",
            VenueKey::Hyperliquid => "hyperliquid",
            VenueKey::Dydx => "dydx",
            VenueKey::GateLinear => "gate-linear",
            VenueKey::Bitmex => "bitmex",
            VenueKey::Okx => "okx",
            VenueKey::BybitLinear => "bybit-linear",
        }
    }

    pub fn from_key(key: &str) -> Option<VenueKey> {
        VenueKey::ALL.into_iter().find(|v| v.key() == key)
    }

    /// The engine's venue for a symbol of this file (`inverse` picks OKX's coin swaps).
    pub fn engine_venue(self, inverse: bool) -> Venue {
        match self {
            VenueKey::BinanceUsdm => Venue::BinanceUsdm,
            VenueKey::Hyperliquid => Venue::Hyperliquid,
            VenueKey::Dydx => Venue::Dydx,
            VenueKey::GateLinear => Venue::GateLinear,
            VenueKey::Bitmex => Venue::Bitmex,
            VenueKey::Okx if inverse => Venue::OkxInverse,
            VenueKey::Okx => Venue::OkxLinear,
            VenueKey::BybitLinear => Venue::BybitLinear,
        }
    }
}

/// How far a table can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quality {
    /// Copied from the venue's own answer.
    Exact,
    /// Computed or rewritten from the venue's data (a rule applied, a third party's cache).
    Derived,
    /// A placeholder until real data is found.
    StandIn,
}

impl Quality {
    pub fn key(self) -> &'static str {
        match self {
            Quality::Exact => "exact",
            Quality::Derived => "derived",
            Quality::StandIn => "stand-in",
        }
    }

    fn from_key(key: &str) -> Option<Quality> {
        [Quality::Exact, Quality::Derived, Quality::StandIn]
            .into_iter()
            .find(|q| q.key() == key)
    }
}

/// One maintenance tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    /// Lower bound (notional in the settlement currency).
    pub floor: Decimal,
    /// Upper bound; `None` for an open-ended last tier.
    pub cap: Option<Decimal>,
    /// Maintenance margin rate.
    pub rate: Decimal,
    /// Maintenance amount (Binance `cum`, Bybit `mmDeduction`, Hyperliquid deduction).
    pub amount: Decimal,
    /// Highest leverage in the tier, when the venue states one.
    pub max_leverage: Option<Decimal>,
}

/// dYdX v4 margin fractions of a market.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DydxMargin {
    /// Base initial margin fraction.
    pub imf: Decimal,
    /// Maintenance margin fraction.
    pub mmf: Decimal,
    /// Open-interest notional (USDC) from which IMF starts to rise, and at which it reaches 1.
    pub oi_lower_cap: Decimal,
    pub oi_upper_cap: Decimal,
}

/// Contract facts of a symbol; which are present depends on the venue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contract {
    /// Settlement (margin) currency as the venue names it (`USDT`, `XBt`, …).
    pub settle: Option<String>,
    /// Expiry date of a dated contract (YYYY-MM-DD); the engine models perpetuals only.
    pub expiry: Option<String>,
    /// The venue's status word (`trading`, `ACTIVE`, `live`, …).
    pub status: Option<String>,
    /// dYdX `CROSS` / `ISOLATED`.
    pub market_type: Option<String>,
    /// Inverse (coin-margined) contract.
    pub inverse: bool,
    pub tick_size: Option<Decimal>,
    pub lot_size: Option<Decimal>,
    pub min_size: Option<Decimal>,
    /// dYdX step size (base units).
    pub step_size: Option<Decimal>,
    /// OKX `ctVal` × `ctMult`, in [`Contract::contract_value_ccy`].
    pub contract_value: Option<Decimal>,
    pub contract_value_ccy: Option<String>,
    /// Gate `quanto_multiplier`, BitMEX `multiplier`.
    pub multiplier: Option<Decimal>,
    /// BitMEX `underlyingToPositionMultiplier`.
    pub position_multiplier: Option<Decimal>,
    /// Hyperliquid size decimals and margin table id.
    pub sz_decimals: Option<u32>,
    pub margin_table: Option<u32>,
    /// Contract-level max leverage (OKX `lever`, Gate `leverage_max`).
    pub max_leverage: Option<Decimal>,
    /// Contract-level fees (Gate, BitMEX).
    pub fees: Option<FeeSchedule>,
    /// dYdX margin fractions.
    pub dydx: Option<DydxMargin>,
    /// The risk-limit fields the tiers were expanded from (Gate, BitMEX).
    pub steps: Option<StepRule>,
}

/// One symbol's data, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolData {
    /// As the venue names it: `BTCUSDT`, `BTC`, `BTC-USD`, `BTC_USDT`, `XBTUSD`, `BTC-USDT-SWAP`.
    pub symbol: String,
    pub source: String,
    pub as_of: String,
    pub quality: Quality,
    pub contract: Contract,
    /// Empty for OKX (no tier data).
    pub tiers: Vec<Tier>,
    /// How a notional picks its tier.
    pub lookup: Lookup,
}

/// A volume tier of a fee schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeFeeTier {
    /// Trailing volume from which the tier applies (Hyperliquid: 14-day USDC).
    pub cutoff: Decimal,
    pub taker: Decimal,
    pub maker: Decimal,
}

/// A venue's fee schedule (Hyperliquid `userFees.feeSchedule`, perpetuals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeTable {
    pub source: String,
    pub as_of: String,
    pub quality: Quality,
    /// Base tier.
    pub base: FeeSchedule,
    pub volume_tiers: Vec<VolumeFeeTier>,
    /// Maker rates by share of maker volume (negative: rebate).
    pub maker_tiers: Vec<(Decimal, Decimal)>,
    pub referral_discount: Decimal,
    /// Fee discount by staked share (cutoff, discount).
    pub staking_discounts: Vec<(Decimal, Decimal)>,
}

/// A validated venue data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenueFile {
    pub venue: VenueKey,
    pub source: String,
    pub as_of: String,
    pub quality: Quality,
    pub note: String,
    pub fees: Option<FeeTable>,
    /// Sorted by symbol (byte order), each once.
    pub symbols: Vec<SymbolData>,
}

impl VenueFile {
    /// The symbol named exactly `name`.
    pub fn symbol(&self, name: &str) -> Option<&SymbolData> {
        self.symbols
            .binary_search_by(|s| s.symbol.as_str().cmp(name))
            .ok()
            .and_then(|i| self.symbols.get(i))
    }

    /// The engine's [`BracketTable`] for `symbol` (see [`SymbolData::bracket_table`]).
    ///
    /// # Errors
    /// [`Problem::UnknownSymbol`], or the errors of [`SymbolData::bracket_table`].
    pub fn bracket_table(
        &self,
        symbol: &str,
        fallback_max_leverage: Option<Decimal>,
    ) -> Result<BracketTable, VenueDataError> {
        self.symbol(symbol)
            .ok_or_else(|| {
                VenueDataError::at(self.venue.key(), symbol, None, Problem::UnknownSymbol)
            })?
            .bracket_table(self.venue, fallback_max_leverage)
    }
}

impl SymbolData {
    /// The tiers as the engine's [`BracketTable`] (notional tiers, this venue's look-up).
    ///
    /// An open-ended last tier is capped at [`MAX_MONEY`]. Tiers without a leverage limit
    /// (Bybit BTCUSDT in the derived cache) take `fallback_max_leverage`; without one they are
    /// an error rather than an unlimited leverage.
    ///
    /// # Errors
    /// [`Problem::NoTiers`] for a symbol without tiers (OKX), [`Problem::NoLeverageLimit`].
    pub fn bracket_table(
        &self,
        venue: VenueKey,
        fallback_max_leverage: Option<Decimal>,
    ) -> Result<BracketTable, VenueDataError> {
        let err = |tier, p| VenueDataError::at(venue.key(), &self.symbol, tier, p);
        if self.tiers.is_empty() {
            return Err(err(None, Problem::NoTiers));
        }
        let mut brackets = Vec::with_capacity(self.tiers.len());
        for (i, t) in self.tiers.iter().enumerate() {
            let max_leverage = t
                .max_leverage
                .or(fallback_max_leverage)
                .ok_or(err(Some(i), Problem::NoLeverageLimit))?;
            let cap = match t.cap {
                Some(c) => c,
                None if t.floor < MAX_MONEY => MAX_MONEY,
                None => {
                    return Err(err(
                        Some(i),
                        Problem::OutOfRange {
                            field: "floor",
                            value: t.floor,
                            rule: "an open-ended tier must start below 10^15",
                        },
                    ))
                }
            };
            brackets.push(Bracket {
                floor: t.floor,
                cap,
                maintenance: Maintenance::new(t.rate, t.amount),
                max_leverage,
            });
        }
        Ok(BracketTable {
            brackets,
            unit: TierUnit::Notional,
            lookup: self.lookup,
        })
    }
}

/// Read and validate one venue data file.
///
/// `venue_key` is the file's key (`binance-usdm`, …); the file must say the same.
///
/// # Errors
/// The first problem found, as a [`VenueDataError`] naming venue, symbol and tier.
pub fn parse(venue_key: &str, text: &str) -> Result<VenueFile, VenueDataError> {
    let venue = VenueKey::from_key(venue_key)
        .ok_or(VenueDataError::new(venue_key, Problem::UnknownVenue))?;
    let key = venue.key();
    if text.len() > MAX_FILE_BYTES {
        return Err(VenueDataError::new(
            key,
            Problem::FileTooLarge {
                bytes: text.len(),
                max: MAX_FILE_BYTES,
            },
        ));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let raw: RawFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let message = error::quote(&e.inner().to_string());
        VenueDataError::new(
            key,
            Problem::Json {
                path: e.path().to_string(),
                message,
            },
        )
    })?;
    de.end().map_err(|e| {
        VenueDataError::new(
            key,
            Problem::Json {
                path: String::new(),
                message: error::quote(&e.to_string()),
            },
        )
    })?;
    let top = |p| VenueDataError::new(key, p);
    if raw.venue != key {
        return Err(top(Problem::VenueMismatch {
            found: error::quote(&raw.venue),
        }));
    }
    let source = text_field("source", &raw.source).map_err(top)?;
    let note = if raw.note.is_empty() {
        String::new()
    } else {
        text_field("note", &raw.note).map_err(top)?
    };
    let as_of = date("as_of", &raw.as_of).map_err(top)?;
    let quality = quality(&raw.quality).map_err(top)?;
    if raw.symbols.len() > MAX_SYMBOLS {
        return Err(top(Problem::TooMany {
            what: "symbols",
            count: raw.symbols.len(),
            max: MAX_SYMBOLS,
        }));
    }
    let fees = match &raw.fees {
        Some(f) => Some(fee_table(f).map_err(top)?),
        None => None,
    };
    let defaults = Defaults {
        source: &source,
        as_of: &as_of,
        quality,
    };
    let mut symbols: Vec<SymbolData> = Vec::with_capacity(raw.symbols.len());
    for s in &raw.symbols {
        symbol_name(&s.symbol).map_err(|p| VenueDataError::new(key, p))?;
        if let Some(prev) = symbols.last() {
            if prev.symbol.as_str() >= s.symbol.as_str() {
                return Err(VenueDataError::at(
                    key,
                    &s.symbol,
                    None,
                    Problem::NotSorted {
                        previous: error::quote(&prev.symbol),
                    },
                ));
            }
        }
        let data = symbol(venue, s, &defaults)
            .map_err(|(tier, p)| VenueDataError::at(key, &s.symbol, tier, p))?;
        symbols.push(data);
    }
    Ok(VenueFile {
        venue,
        source,
        as_of,
        quality,
        note,
        fees,
        symbols,
    })
}

struct Defaults<'a> {
    source: &'a str,
    as_of: &'a str,
    quality: Quality,
}

type SymbolResult<T> = Result<T, (Option<usize>, Problem)>;

fn whole<T>(r: Result<T, Problem>) -> SymbolResult<T> {
    r.map_err(|p| (None, p))
}

/// Parse an exact plain decimal: optional `-`, digits, at most one `.` between digits.
/// No exponent, no spaces, at most [`MAX_NUMBER_LEN`] characters, representable exactly.
pub(crate) fn number(field: &'static str, text: &str) -> Result<Decimal, Problem> {
    let bad = || Problem::NotANumber {
        field,
        text: error::quote(text),
    };
    if text.is_empty() || text.len() > MAX_NUMBER_LEN {
        return Err(bad());
    }
    let body = text.strip_prefix('-').unwrap_or(text);
    let plain = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|c| *c == '.').count() <= 1
        && !body.starts_with('.')
        && !body.ends_with('.');
    if !plain {
        return Err(bad());
    }
    Decimal::from_str_exact(text).map_err(|_| bad())
}

fn opt_number(field: &'static str, text: &Option<String>) -> Result<Option<Decimal>, Problem> {
    text.as_deref().map(|t| number(field, t)).transpose()
}

fn need<'a>(field: &'static str, text: &'a Option<String>) -> Result<&'a str, Problem> {
    text.as_deref().ok_or(Problem::Missing { field })
}

fn need_number(field: &'static str, text: &Option<String>) -> Result<Decimal, Problem> {
    number(field, need(field, text)?)
}

fn text_field(field: &'static str, text: &str) -> Result<String, Problem> {
    let bad = |reason| Problem::BadText {
        field,
        text: error::quote(text),
        reason,
    };
    if text.trim().is_empty() {
        return Err(bad("must not be empty"));
    }
    if text.chars().count() > MAX_TEXT_LEN {
        return Err(bad("longer than 2000 characters"));
    }
    if text.chars().any(char::is_control) {
        return Err(bad("contains control characters"));
    }
    Ok(text.to_string())
}

/// A short word (settle currency, status): 1–20 ASCII letters, digits, `_` or `-`.
fn word(field: &'static str, text: &str) -> Result<String, Problem> {
    let ok = !text.is_empty()
        && text.len() <= 20
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return Err(Problem::BadText {
            field,
            text: error::quote(text),
            reason: "expected 1 to 20 letters, digits, '_' or '-'",
        });
    }
    Ok(text.to_string())
}

fn opt_word(field: &'static str, text: &Option<String>) -> Result<Option<String>, Problem> {
    text.as_deref().map(|t| word(field, t)).transpose()
}

/// A symbol: 1–40 letters (any script: Binance lists `币安人生USDT`), digits or `- _ / : .`.
fn symbol_name(name: &str) -> Result<(), Problem> {
    let bad = |reason| Problem::BadText {
        field: "symbol",
        text: error::quote(name),
        reason,
    };
    if name.is_empty() {
        return Err(bad("must not be empty"));
    }
    if name.chars().count() > MAX_SYMBOL_LEN {
        return Err(bad("longer than 40 characters"));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | ':' | '.'))
    {
        return Err(bad("only letters, digits and - _ / : . are allowed"));
    }
    Ok(())
}

/// `YYYY-MM-DD` with a plausible month and day.
fn date(field: &'static str, text: &str) -> Result<String, Problem> {
    let bad = || Problem::BadText {
        field,
        text: error::quote(text),
        reason: "expected a date YYYY-MM-DD",
    };
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return Err(bad());
    }
    let month: u32 = text
        .get(5..7)
        .and_then(|m| m.parse().ok())
        .ok_or_else(bad)?;
    let day: u32 = text
        .get(8..10)
        .and_then(|d| d.parse().ok())
        .ok_or_else(bad)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad());
    }
    Ok(text.to_string())
}

fn quality(text: &str) -> Result<Quality, Problem> {
    Quality::from_key(text).ok_or(Problem::BadText {
        field: "quality",
        text: error::quote(text),
        reason: "expected exact, derived or stand-in",
    })
}

fn fee(field: &'static str, text: &str) -> Result<Decimal, Problem> {
    let v = number(field, text)?;
    if v.abs() > MAX_FEE {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "a fee rate must be within ±0.1",
        });
    }
    Ok(v)
}

fn same_len(column: &'static str, expected: usize, found: usize) -> Result<(), Problem> {
    if expected != found {
        return Err(Problem::ColumnLength {
            column,
            expected,
            found,
        });
    }
    if found > MAX_TIERS {
        return Err(Problem::TooMany {
            what: "fee tiers",
            count: found,
            max: MAX_TIERS,
        });
    }
    Ok(())
}

fn increasing(field: &'static str, cutoffs: &[Decimal]) -> Result<(), Problem> {
    for pair in cutoffs.windows(2) {
        if let [a, b] = pair {
            if b <= a {
                return Err(Problem::OutOfRange {
                    field,
                    value: *b,
                    rule: "cutoffs must increase",
                });
            }
        }
    }
    Ok(())
}

fn discount(field: &'static str, text: &str) -> Result<Decimal, Problem> {
    let v = number(field, text)?;
    if v < Decimal::ZERO || v >= Decimal::ONE {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "a discount must be in [0, 1)",
        });
    }
    Ok(v)
}

fn fee_table(raw: &RawFeeTable) -> Result<FeeTable, Problem> {
    let v = &raw.volume_tiers;
    same_len("fees.volume_tiers.taker", v.cutoff.len(), v.taker.len())?;
    same_len("fees.volume_tiers.maker", v.cutoff.len(), v.maker.len())?;
    let mut volume_tiers = Vec::with_capacity(v.cutoff.len());
    for ((c, t), m) in v.cutoff.iter().zip(&v.taker).zip(&v.maker) {
        volume_tiers.push(VolumeFeeTier {
            cutoff: number("fees.volume_tiers.cutoff", c)?,
            taker: fee("fees.volume_tiers.taker", t)?,
            maker: fee("fees.volume_tiers.maker", m)?,
        });
    }
    let cutoffs: Vec<Decimal> = volume_tiers.iter().map(|t| t.cutoff).collect();
    increasing("fees.volume_tiers.cutoff", &cutoffs)?;
    let m = &raw.maker_tiers;
    same_len("fees.maker_tiers.maker", m.cutoff.len(), m.maker.len())?;
    let mut maker_tiers = Vec::with_capacity(m.cutoff.len());
    for (c, r) in m.cutoff.iter().zip(&m.maker) {
        maker_tiers.push((
            discount("fees.maker_tiers.cutoff", c)?,
            fee("fees.maker_tiers.maker", r)?,
        ));
    }
    let cutoffs: Vec<Decimal> = maker_tiers.iter().map(|t| t.0).collect();
    increasing("fees.maker_tiers.cutoff", &cutoffs)?;
    let s = &raw.staking_discounts;
    same_len(
        "fees.staking_discounts.discount",
        s.cutoff.len(),
        s.discount.len(),
    )?;
    let mut staking_discounts = Vec::with_capacity(s.cutoff.len());
    for (c, d) in s.cutoff.iter().zip(&s.discount) {
        staking_discounts.push((
            number("fees.staking_discounts.cutoff", c)?,
            discount("fees.staking_discounts.discount", d)?,
        ));
    }
    let cutoffs: Vec<Decimal> = staking_discounts.iter().map(|t| t.0).collect();
    increasing("fees.staking_discounts.cutoff", &cutoffs)?;
    Ok(FeeTable {
        source: text_field("fees.source", &raw.source)?,
        as_of: date("fees.as_of", &raw.as_of)?,
        quality: quality(&raw.quality)?,
        base: FeeSchedule {
            taker: fee("fees.taker", &raw.taker)?,
            maker: fee("fees.maker", &raw.maker)?,
        },
        volume_tiers,
        maker_tiers,
        referral_discount: discount("fees.referral_discount", &raw.referral_discount)?,
        staking_discounts,
    })
}

fn contract_fees(s: &RawSymbol) -> Result<Option<FeeSchedule>, Problem> {
    match (&s.taker, &s.maker) {
        (None, None) => Ok(None),
        (Some(t), Some(m)) => Ok(Some(FeeSchedule {
            taker: fee("taker", t)?,
            maker: fee("maker", m)?,
        })),
        (None, Some(_)) => Err(Problem::Missing { field: "taker" }),
        (Some(_), None) => Err(Problem::Missing { field: "maker" }),
    }
}

fn positive(field: &'static str, v: Decimal) -> Result<Decimal, Problem> {
    if v <= Decimal::ZERO || v > MAX_BOUND {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "must be above 0 and at most 10^15",
        });
    }
    Ok(v)
}

fn opt_positive(field: &'static str, text: &Option<String>) -> Result<Option<Decimal>, Problem> {
    opt_number(field, text)?
        .map(|v| positive(field, v))
        .transpose()
}

fn leverage(field: &'static str, text: &Option<String>) -> Result<Decimal, Problem> {
    let v = need_number(field, text)?;
    if v < Decimal::ONE || v > crate::engine::input::MAX_LEVERAGE {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "max leverage must be from 1 to 1000",
        });
    }
    Ok(v)
}

/// Fields a venue does not use must be absent, so a file for one venue cannot pass for another.
fn forbid(s: &RawSymbol, allowed: &[&'static str]) -> Result<(), Problem> {
    let present: [(&'static str, bool); 31] = [
        ("settle", s.settle.is_some()),
        ("expiry", s.expiry.is_some()),
        ("status", s.status.is_some()),
        ("market_type", s.market_type.is_some()),
        ("inverse", s.inverse.is_some()),
        ("sz_decimals", s.sz_decimals.is_some()),
        ("margin_table", s.margin_table.is_some()),
        ("tiers", s.tiers.is_some()),
        ("imf", s.imf.is_some()),
        ("mmf", s.mmf.is_some()),
        ("oi_lower_cap", s.oi_lower_cap.is_some()),
        ("oi_upper_cap", s.oi_upper_cap.is_some()),
        ("mmr", s.mmr.is_some()),
        ("imr", s.imr.is_some()),
        ("lev", s.lev.is_some()),
        ("risk_limit_base", s.risk_limit_base.is_some()),
        ("risk_limit_step", s.risk_limit_step.is_some()),
        ("risk_limit_max", s.risk_limit_max.is_some()),
        ("risk_limit", s.risk_limit.is_some()),
        ("risk_step", s.risk_step.is_some()),
        ("multiplier", s.multiplier.is_some()),
        ("position_multiplier", s.position_multiplier.is_some()),
        ("tick_size", s.tick_size.is_some()),
        ("step_size", s.step_size.is_some()),
        ("lot_size", s.lot_size.is_some()),
        ("min_size", s.min_size.is_some()),
        ("ct_val", s.ct_val.is_some()),
        ("ct_val_ccy", s.ct_val_ccy.is_some()),
        ("ct_mult", s.ct_mult.is_some()),
        ("taker", s.taker.is_some()),
        ("maker", s.maker.is_some()),
    ];
    match present
        .iter()
        .find(|(name, here)| *here && !allowed.contains(name))
    {
        Some((name, _)) => Err(Problem::BadText {
            field: name,
            text: String::new(),
            reason: "this field does not belong to this venue's file",
        }),
        None => Ok(()),
    }
}

fn symbol(venue: VenueKey, s: &RawSymbol, d: &Defaults<'_>) -> SymbolResult<SymbolData> {
    let source = match &s.source {
        Some(t) => whole(text_field("source", t))?,
        None => d.source.to_string(),
    };
    let as_of = match &s.as_of {
        Some(t) => whole(date("as_of", t))?,
        None => d.as_of.to_string(),
    };
    let quality = match &s.quality {
        Some(t) => whole(quality(t))?,
        None => d.quality,
    };
    let mut contract = Contract {
        inverse: s.inverse.unwrap_or(false),
        status: whole(opt_word("status", &s.status))?,
        tick_size: whole(opt_positive("tick_size", &s.tick_size))?,
        ..Contract::default()
    };
    let (tiers, lookup) = match venue {
        VenueKey::BinanceUsdm => {
            whole(forbid(s, &["settle", "expiry", "tiers"]))?;
            contract.settle = Some(whole(word("settle", whole(need("settle", &s.settle))?))?);
            contract.expiry = s
                .expiry
                .as_deref()
                .map(|e| date("expiry", e))
                .transpose()
                .map_err(|p| (None, p))?;
            let raw = s
                .tiers
                .as_ref()
                .ok_or((None, Problem::Missing { field: "tiers" }))?;
            (tiers::read(raw, Rule::Stated)?, Lookup::FloorInclusive)
        }
        VenueKey::BybitLinear => {
            whole(forbid(s, &["tiers"]))?;
            contract.settle = Some("USDT".to_string());
            let raw = s
                .tiers
                .as_ref()
                .ok_or((None, Problem::Missing { field: "tiers" }))?;
            (tiers::read(raw, Rule::Stated)?, Lookup::CapInclusive)
        }
        VenueKey::Hyperliquid => {
            whole(forbid(s, &["sz_decimals", "margin_table", "tiers"]))?;
            contract.settle = Some("USDC".to_string());
            contract.sz_decimals = s.sz_decimals;
            contract.margin_table = s.margin_table;
            let raw = s
                .tiers
                .as_ref()
                .ok_or((None, Problem::Missing { field: "tiers" }))?;
            if raw.rate.is_some() || raw.cum.is_some() || raw.imr.is_some() {
                return Err((
                    None,
                    Problem::BadText {
                        field: "tiers",
                        text: "rate, cum, imr".into(),
                        reason: "Hyperliquid tiers give floor, cap and lev only",
                    },
                ));
            }
            (
                tiers::read(raw, Rule::HalfInverseLeverage)?,
                Lookup::FloorInclusive,
            )
        }
        VenueKey::Dydx => {
            whole(forbid(
                s,
                &[
                    "status",
                    "market_type",
                    "imf",
                    "mmf",
                    "oi_lower_cap",
                    "oi_upper_cap",
                    "tick_size",
                    "step_size",
                ],
            ))?;
            contract.settle = Some("USDC".to_string());
            contract.market_type = whole(opt_word("market_type", &s.market_type))?;
            contract.step_size = whole(opt_positive("step_size", &s.step_size))?;
            let imf = whole(need_number("imf", &s.imf))?;
            let mmf = whole(need_number("mmf", &s.mmf))?;
            if imf <= Decimal::ZERO || imf > Decimal::ONE {
                return Err((
                    None,
                    Problem::OutOfRange {
                        field: "imf",
                        value: imf,
                        rule: "an initial margin fraction must be in (0, 1]",
                    },
                ));
            }
            let oi_lower_cap = whole(need_number("oi_lower_cap", &s.oi_lower_cap))?;
            let oi_upper_cap = whole(need_number("oi_upper_cap", &s.oi_upper_cap))?;
            if oi_lower_cap < Decimal::ZERO
                || oi_upper_cap < oi_lower_cap
                || oi_upper_cap > MAX_BOUND
            {
                return Err((
                    None,
                    Problem::OutOfRange {
                        field: "oi_upper_cap",
                        value: oi_upper_cap,
                        rule: "open-interest caps must satisfy 0 ≤ lower ≤ upper ≤ 10^15",
                    },
                ));
            }
            contract.dydx = Some(DydxMargin {
                imf,
                mmf,
                oi_lower_cap,
                oi_upper_cap,
            });
            let max_leverage = div(Decimal::ONE, imf).map_err(|_| (None, Problem::Overflow))?;
            let tiers = vec![Tier {
                floor: Decimal::ZERO,
                cap: None,
                rate: mmf,
                amount: Decimal::ZERO,
                max_leverage: Some(max_leverage),
            }];
            tiers::check(&tiers, true)?;
            (tiers, Lookup::FloorInclusive)
        }
        VenueKey::GateLinear => {
            whole(forbid(
                s,
                &[
                    "status",
                    "mmr",
                    "lev",
                    "risk_limit_base",
                    "risk_limit_step",
                    "risk_limit_max",
                    "multiplier",
                    "tick_size",
                    "taker",
                    "maker",
                ],
            ))?;
            contract.settle = Some("USDT".to_string());
            contract.multiplier = whole(opt_positive("multiplier", &s.multiplier))?;
            contract.fees = whole(contract_fees(s))?;
            let lev = whole(leverage("lev", &s.lev))?;
            contract.max_leverage = Some(lev);
            let rule = StepRule {
                base: whole(need_number("risk_limit_base", &s.risk_limit_base))?,
                step: whole(need_number("risk_limit_step", &s.risk_limit_step))?,
                max: Some(whole(need_number("risk_limit_max", &s.risk_limit_max))?),
                maintenance: whole(need_number("mmr", &s.mmr))?,
                initial: div(Decimal::ONE, lev).map_err(|_| (None, Problem::Overflow))?,
            };
            contract.steps = Some(rule);
            let tiers = steps::expand(&rule)?;
            tiers::check(&tiers, false)?;
            (tiers, Lookup::CapInclusive)
        }
        VenueKey::Bitmex => {
            whole(forbid(
                s,
                &[
                    "inverse",
                    "settle",
                    "tick_size",
                    "lot_size",
                    "multiplier",
                    "position_multiplier",
                    "mmr",
                    "imr",
                    "risk_limit",
                    "risk_step",
                    "taker",
                    "maker",
                ],
            ))?;
            let inverse = s
                .inverse
                .ok_or((None, Problem::Missing { field: "inverse" }))?;
            let settle = whole(word("settle", whole(need("settle", &s.settle))?))?;
            // Risk limits are in the settlement currency's minor unit.
            let unit = match settle.as_str() {
                "XBt" => Decimal::new(1, 8),
                "USDt" => Decimal::new(1, 6),
                _ => {
                    return Err((
                        None,
                        Problem::BadText {
                            field: "settle",
                            text: error::quote(&settle),
                            reason: "BitMEX settlement must be XBt or USDt",
                        },
                    ))
                }
            };
            if inverse != (settle == "XBt") {
                return Err((
                    None,
                    Problem::BadText {
                        field: "inverse",
                        text: inverse.to_string(),
                        reason: "inverse contracts settle in XBt, linear ones in USDt",
                    },
                ));
            }
            contract.settle = Some(settle);
            contract.lot_size = whole(opt_positive("lot_size", &s.lot_size))?;
            contract.multiplier = whole(opt_number("multiplier", &s.multiplier))?;
            contract.position_multiplier =
                whole(opt_positive("position_multiplier", &s.position_multiplier))?;
            contract.fees = whole(contract_fees(s))?;
            let scaled = |field, text: &Option<String>| -> SymbolResult<Decimal> {
                let raw = whole(need_number(field, text))?;
                mul(raw, unit).map_err(|_| (None, Problem::Overflow))
            };
            let rule = StepRule {
                base: scaled("risk_limit", &s.risk_limit)?,
                step: scaled("risk_step", &s.risk_step)?,
                max: None,
                maintenance: whole(need_number("mmr", &s.mmr))?,
                initial: whole(need_number("imr", &s.imr))?,
            };
            contract.steps = Some(rule);
            let tiers = steps::expand(&rule)?;
            tiers::check(&tiers, false)?;
            (tiers, Lookup::CapInclusive)
        }
        VenueKey::Okx => {
            whole(forbid(
                s,
                &[
                    "status",
                    "inverse",
                    "settle",
                    "ct_val",
                    "ct_val_ccy",
                    "ct_mult",
                    "lev",
                    "tick_size",
                    "lot_size",
                    "min_size",
                ],
            ))?;
            contract.settle = Some(whole(word("settle", whole(need("settle", &s.settle))?))?);
            let ct_val =
                whole(need_number("ct_val", &s.ct_val).and_then(|v| positive("ct_val", v)))?;
            let ct_mult = whole(opt_positive("ct_mult", &s.ct_mult))?.unwrap_or(Decimal::ONE);
            contract.contract_value =
                Some(mul(ct_val, ct_mult).map_err(|_| (None, Problem::Overflow))?);
            contract.contract_value_ccy = Some(whole(word(
                "ct_val_ccy",
                whole(need("ct_val_ccy", &s.ct_val_ccy))?,
            ))?);
            contract.max_leverage = Some(whole(leverage("lev", &s.lev))?);
            contract.lot_size = whole(opt_positive("lot_size", &s.lot_size))?;
            contract.min_size = whole(opt_positive("min_size", &s.min_size))?;
            (Vec::new(), Lookup::CapInclusive)
        }
    };
    Ok(SymbolData {
        symbol: s.symbol.clone(),
        source,
        as_of,
        quality,
        contract,
        tiers,
        lookup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_exact_decimals() {
        assert_eq!(number("x", "0.005"), Ok(Decimal::new(5, 3)));
        assert_eq!(number("x", "-0.0001"), Ok(Decimal::new(-1, 4)));
        for bad in ["", "1e3", "+1", ".5", "5.", "1.2.3", " 1", "NaN", "0x1"] {
            assert!(number("x", bad).is_err(), "{bad:?}");
        }
        assert!(number("x", &"1".repeat(41)).is_err());
    }

    #[test]
    fn dates_and_names() {
        assert!(date("d", "2026-07-02").is_ok());
        for bad in [
            "2026-7-02",
            "2026-00-10",
            "2026-01-32",
            "20260702",
            "2026-07-02T",
        ] {
            assert!(date("d", bad).is_err(), "{bad}");
        }
        assert!(symbol_name("BTC-USDT-SWAP").is_ok());
        assert!(symbol_name("币安人生USDT").is_ok());
        assert!(symbol_name("").is_err());
        assert!(symbol_name("A\nB").is_err());
        assert!(symbol_name(&"A".repeat(41)).is_err());
    }

    #[test]
    fn every_key_round_trips() {
        for v in VenueKey::ALL {
            assert_eq!(VenueKey::from_key(v.key()), Some(v));
        }
        assert_eq!(
            VenueKey::BybitLinear.engine_venue(false).key(),
            VenueKey::BybitLinear.key()
        );
    }
}
