//! The file format as serde reads it: every number a string, every field named.
//!
//! Unknown keys are rejected (`deny_unknown_fields`), so a misspelt column is an error rather
//! than a silently missing one. Numbers stay text here; [`super::parse`] turns them into
//! `Decimal` one by one so a bad one is reported with its venue, symbol and tier.

use serde::Deserialize;

/// A whole file: `{"venue", "source", "as_of", "quality", "note", "fees"?, "symbols": [...]}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub venue: String,
    pub source: String,
    pub as_of: String,
    pub quality: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub fees: Option<RawFeeTable>,
    pub symbols: Vec<RawSymbol>,
}

/// One symbol. Which fields a venue needs is checked by the loader.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSymbol {
    pub symbol: String,
    pub source: Option<String>,
    pub as_of: Option<String>,
    pub quality: Option<String>,
    pub settle: Option<String>,
    pub expiry: Option<String>,
    pub status: Option<String>,
    pub market_type: Option<String>,
    pub inverse: Option<bool>,
    pub sz_decimals: Option<u32>,
    pub margin_table: Option<u32>,
    pub tiers: Option<RawTiers>,
    pub imf: Option<String>,
    pub mmf: Option<String>,
    pub oi_lower_cap: Option<String>,
    pub oi_upper_cap: Option<String>,
    pub mmr: Option<String>,
    pub imr: Option<String>,
    pub lev: Option<String>,
    pub risk_limit_base: Option<String>,
    pub risk_limit_step: Option<String>,
    pub risk_limit_max: Option<String>,
    pub risk_limit: Option<String>,
    pub risk_step: Option<String>,
    pub multiplier: Option<String>,
    pub position_multiplier: Option<String>,
    pub tick_size: Option<String>,
    pub step_size: Option<String>,
    pub lot_size: Option<String>,
    pub min_size: Option<String>,
    pub ct_val: Option<String>,
    pub ct_val_ccy: Option<String>,
    pub ct_mult: Option<String>,
    pub taker: Option<String>,
    pub maker: Option<String>,
}

/// A columnar tier table: equal-length arrays, one entry per tier.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTiers {
    pub floor: Vec<String>,
    /// `null` for an open-ended last tier.
    pub cap: Option<Vec<Option<String>>>,
    pub rate: Option<Vec<String>>,
    pub cum: Option<Vec<String>>,
    pub lev: Option<Vec<String>>,
    pub imr: Option<Vec<String>>,
}

/// A venue-wide fee schedule (Hyperliquid `userFees.feeSchedule`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeeTable {
    pub source: String,
    pub as_of: String,
    pub quality: String,
    pub taker: String,
    pub maker: String,
    pub volume_tiers: RawVolumeTiers,
    pub maker_tiers: RawMakerTiers,
    pub referral_discount: String,
    pub staking_discounts: RawDiscounts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVolumeTiers {
    pub cutoff: Vec<String>,
    pub taker: Vec<String>,
    pub maker: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMakerTiers {
    pub cutoff: Vec<String>,
    pub maker: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDiscounts {
    pub cutoff: Vec<String>,
    pub discount: Vec<String>,
}
