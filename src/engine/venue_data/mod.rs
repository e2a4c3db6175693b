//! Venue data files: dated, sourced tier and contract tables, validated as they are read.
//!
//! One JSON file per venue lives in `data/venues/<venue>.json`, written by
//! `scripts/gen-venue-data` from the snapshots in `shared/reference/venue-data/` (run it
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
mod fees;
mod raw;
pub mod steps;
mod symbols;
mod text;
mod tiers;

pub use error::{Problem, VenueDataError};
pub(crate) use text::symbol_name;

use crate::engine::brackets::{Bracket, BracketTable, Lookup, TierUnit};
use crate::engine::fees::FeeSchedule;
use crate::engine::input::MAX_MONEY;
use crate::engine::margin::Maintenance;
use crate::engine::venues::Venue;
use raw::RawFile;
use rust_decimal::Decimal;
use steps::StepRule;
use symbols::Defaults;
use text::{date, quality, text_field};

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
    /// Binance COIN-M: no data file (its tables are built in), only the user's imports of
    /// `GET /dapi/v1|v2/leverageBracket` ([`VenueKey::has_file`]).
    BinanceCoinm,
}

impl VenueKey {
    /// Every file, in the order the issue lists them.
    pub const ALL: [VenueKey; 8] = [
        VenueKey::BinanceUsdm,
        VenueKey::Hyperliquid,
        VenueKey::Dydx,
        VenueKey::GateLinear,
        VenueKey::Bitmex,
        VenueKey::Okx,
        VenueKey::BybitLinear,
        VenueKey::BinanceCoinm,
    ];

    /// Whether the repository has a data file of this key (`data/venues/<key>.json`); a key
    /// without one holds imported tables only.
    pub fn has_file(self) -> bool {
        self != VenueKey::BinanceCoinm
    }

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
            VenueKey::BinanceCoinm => "binance-coinm",
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
            VenueKey::BinanceCoinm => Venue::BinanceCoinm,
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

    pub(crate) fn from_key(key: &str) -> Option<Quality> {
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
                .ok_or_else(|| err(Some(i), Problem::NoLeverageLimit))?;
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

/// The file's JSON as its raw shape, read by serde's derives: a shape error names its path
/// (`symbols[3].tiers.floor[0]`), line and column. The page does not read these files (it
/// reads their page form, [`crate::engine::table_text`]), so this reader is not in the wasm.
fn read_raw(key: &str, text: &str) -> Result<RawFile, VenueDataError> {
    crate::engine::json_path::from_str(text).map_err(|e| {
        let message = error::cut(&e.error.to_string(), error::JSON_MESSAGE_LEN);
        VenueDataError::new(
            key,
            Problem::Json {
                path: e.path,
                message,
            },
        )
    })
}

/// Read and validate one venue data file.
///
/// `venue_key` is the file's key (`binance-usdm`, …); the file must say the same.
///
/// # Errors
/// The first problem found, as a [`VenueDataError`] naming venue, symbol and tier.
pub fn parse(venue_key: &str, text: &str) -> Result<VenueFile, VenueDataError> {
    let venue = VenueKey::from_key(venue_key)
        .ok_or_else(|| VenueDataError::new(venue_key, Problem::UnknownVenue))?;
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
    let raw = read_raw(key, text)?;
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
        Some(f) => Some(fees::fee_table(f).map_err(top)?),
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
        let data = symbols::symbol(venue, s, &defaults)
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

#[cfg(test)]
mod tests {
    use super::*;

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
