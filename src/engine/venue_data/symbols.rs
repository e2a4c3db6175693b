//! One symbol of a file, read by its venue's rule into [`SymbolData`].
//!
//! Which fields a venue's symbols carry, and how its tiers are obtained:
//! stated tables (Binance, Bybit), derived rates (Hyperliquid), one tier from margin fractions
//! (dYdX), risk-limit steps (Gate, BitMEX), or no tiers (OKX). A field that belongs to another
//! venue is an error, so one venue's file cannot pass for another's.

use super::error::{quote, Problem};
use super::fees::contract_fees;
use super::raw::RawSymbol;
use super::steps::{self, StepRule};
use super::text::{
    date, leverage, need, need_number, opt_number, opt_positive, opt_word, positive, quality,
    text_field, word,
};
use super::tiers::{self, Rule};
use super::{Contract, DydxMargin, Quality, SymbolData, Tier, VenueKey, MAX_BOUND};
use crate::engine::brackets::Lookup;
use crate::engine::num::{div, mul};
use rust_decimal::Decimal;

pub(super) struct Defaults<'a> {
    pub source: &'a str,
    pub as_of: &'a str,
    pub quality: Quality,
}

type SymbolResult<T> = Result<T, (Option<usize>, Problem)>;

fn whole<T>(r: Result<T, Problem>) -> SymbolResult<T> {
    r.map_err(|p| (None, p))
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

pub(super) fn symbol(venue: VenueKey, s: &RawSymbol, d: &Defaults<'_>) -> SymbolResult<SymbolData> {
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
        // No data file of this key is written or read: its tables are the user's imports.
        VenueKey::BinanceCoinm => return Err((None, Problem::UnknownVenue)),
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
                            text: quote(&settle),
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
