//! Venues: which formula, which bracket table, which fees, which contract.
//!
//! Each venue computes liquidation its own way (shared/reference/venue-formulas.md §0):
//!
//! | venue | contract | formula | tiers |
//! |---|---|---|---|
//! | Binance USDⓈ-M | linear | exact root | notional, floor-inclusive, `cum` |
//! | Binance COIN-M | inverse | exact root | coin notional |
//! | Bybit linear / inverse | both | classic `E ∓ (IM − MM)/Q`; UTA: exact root, fee to close in IM and MM ([`super::bybit`]) | risk limit, cap-inclusive |
//! | OKX | both | exact root, taker fee added to MMR | contracts |
//! | Gate | linear | exact root, taker fee added to MMR | — |
//! | Hyperliquid | linear | exact root | notional, MMR = 1/(2·max lev) |
//! | dYdX v4 | linear | exact root at the oracle price | flat MMF |
//! | BitMEX | both | open position `E/(1 + s·(f − MMR))`, symbol tick toward entry | risk-limit steps |

use super::brackets::{Bracket, BracketTable, Lookup, TierUnit};
use super::contract::{ContractKind, ContractType};
use super::data::{self, Row};
use super::error::{CalcError, CalcResult, Field};
use super::fees::FeeSchedule;
use super::margin::Maintenance;
use super::num::{div, mul};
use super::tables::{self, TableInfo};
use super::trade::LiquidationModel;
use super::venue_data::Quality;
use core::str::FromStr;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A venue (exchange) and product family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Venue {
    BinanceUsdm,
    BinanceCoinm,
    BybitLinear,
    BybitInverse,
    OkxLinear,
    OkxInverse,
    GateLinear,
    Hyperliquid,
    Dydx,
    Bitmex,
    #[default]
    Custom,
}

impl Venue {
    /// Every venue, in the order the page lists them.
    pub const ALL: [Venue; 11] = [
        Venue::BinanceUsdm,
        Venue::BinanceCoinm,
        Venue::BybitLinear,
        Venue::BybitInverse,
        Venue::OkxLinear,
        Venue::OkxInverse,
        Venue::GateLinear,
        Venue::Hyperliquid,
        Venue::Dydx,
        Venue::Bitmex,
        Venue::Custom,
    ];

    /// Scenario-format name.
    pub fn key(self) -> &'static str {
        match self {
            Venue::BinanceUsdm => "binance-usdm",
            Venue::BinanceCoinm => "binance-coinm",
            Venue::BybitLinear => "bybit-linear",
            Venue::BybitInverse => "bybit-inverse",
            Venue::OkxLinear => "okx-linear",
            Venue::OkxInverse => "okx-inverse",
            Venue::GateLinear => "gate-linear",
            Venue::Hyperliquid => "hyperliquid",
            Venue::Dydx => "dydx",
            Venue::Bitmex => "bitmex",
            Venue::Custom => "custom",
        }
    }

    pub fn from_key(key: &str) -> Option<Venue> {
        Venue::ALL.into_iter().find(|v| v.key() == key)
    }

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Venue::BinanceUsdm => "Binance USDS-M",
            Venue::BinanceCoinm => "Binance COIN-M",
            Venue::BybitLinear => "Bybit USDT",
            Venue::BybitInverse => "Bybit inverse",
            Venue::OkxLinear => "OKX USDT swap",
            Venue::OkxInverse => "OKX coin swap",
            Venue::GateLinear => "Gate USDT",
            Venue::Hyperliquid => "Hyperliquid",
            Venue::Dydx => "dYdX v4",
            Venue::Bitmex => "BitMEX",
            Venue::Custom => "Custom",
        }
    }

    /// The price that triggers liquidation.
    pub fn trigger_price(self) -> &'static str {
        match self {
            Venue::Dydx => "oracle price",
            Venue::Custom => "mark price (assumed)",
            _ => "mark price",
        }
    }

    /// The symbols with bundled presets; the first is the default.
    pub fn symbols(self) -> &'static [&'static str] {
        match self {
            Venue::BinanceUsdm => &["BTCUSDT", "ETHUSDT", "SOLUSDT"],
            Venue::BinanceCoinm => &["BTCUSD_PERP", "ETHUSD_PERP"],
            Venue::BybitLinear => &["BTCUSDT", "ETHUSDT"],
            Venue::BybitInverse => &["BTCUSD", "ETHUSD"],
            Venue::OkxLinear => &["ETH-USDT-SWAP", "BTC-USDT-SWAP"],
            Venue::OkxInverse => &["BTC-USD-SWAP", "ETH-USD-SWAP"],
            Venue::GateLinear => &["BTC_USDT", "ETH_USDT"],
            Venue::Hyperliquid => &["BTC", "ETH", "SOL"],
            Venue::Dydx => &["BTC-USD", "ETH-USD"],
            Venue::Bitmex => &["XBTUSD"],
            Venue::Custom => &[],
        }
    }

    /// Bybit's venues, whose figures depend on the account type ([`super::bybit::Account`]).
    pub fn is_bybit(self) -> bool {
        matches!(self, Venue::BybitLinear | Venue::BybitInverse)
    }

    /// The symbol a scenario without one uses.
    pub fn default_symbol(self) -> Option<&'static str> {
        self.symbols().first().copied()
    }
}

/// The contract type a venue implies, where it offers only one.
pub fn implied_contract(v: Venue) -> Option<ContractType> {
    match v {
        Venue::BinanceUsdm
        | Venue::BybitLinear
        | Venue::OkxLinear
        | Venue::GateLinear
        | Venue::Hyperliquid
        | Venue::Dydx => Some(ContractType::Linear),
        Venue::BinanceCoinm | Venue::BybitInverse | Venue::OkxInverse | Venue::Bitmex => {
            Some(ContractType::Inverse)
        }
        Venue::Custom => None,
    }
}

/// The contract type of a venue's symbol: BitMEX lists both (its data file says which),
/// the other venues one or none ([`implied_contract`]).
pub fn implied_contract_for(v: Venue, symbol: Option<&str>) -> Option<ContractType> {
    match (v, symbol) {
        (Venue::Bitmex, Some(sym)) => super::bitmex::contract_type(sym).or(implied_contract(v)),
        _ => implied_contract(v),
    }
}

/// Contract size (quote per contract) of a venue's inverse symbol.
pub fn default_contract_size(v: Venue, symbol: Option<&str>) -> Option<Decimal> {
    let sym = symbol.or(v.default_symbol()).unwrap_or("");
    let n = match v {
        // Binance COIN-M: 100 USD for BTCUSD, 10 USD for the others (COIN-M FAQ).
        Venue::BinanceCoinm if sym.starts_with("BTC") => 100,
        Venue::BinanceCoinm => 10,
        // OKX coin swaps: 100 USD (BTC), 10 USD (others).
        Venue::OkxInverse if sym.starts_with("BTC") => 100,
        Venue::OkxInverse => 10,
        // Bybit inverse and BitMEX XBTUSD: 1 USD per contract.
        Venue::BybitInverse | Venue::Bitmex => 1,
        _ => return None,
    };
    Some(Decimal::from(n))
}

/// Hours between funding payments on a venue's perpetuals (8 h on most venues; hourly on
/// Hyperliquid and dYdX v4).
pub fn funding_interval_hours(v: Venue) -> Decimal {
    match v {
        Venue::Hyperliquid | Venue::Dydx => Decimal::ONE,
        _ => Decimal::from(8),
    }
}

/// What a venue brings to a calculation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VenuePreset {
    pub table: Option<BracketTable>,
    pub fees: FeeSchedule,
    pub model: LiquidationModel,
    pub max_leverage: Option<Decimal>,
    /// Where the numbers come from, and as of when.
    pub source: String,
    pub as_of: String,
    /// True when the table is a stand-in first tier, not the venue's full table.
    pub partial: bool,
    /// How far the table can be trusted: a loaded file's quality; for the built-in tables,
    /// stand-in when `partial`, exact otherwise.
    pub quality: Quality,
    /// True when the table comes from a loaded venue data file ([`tables`]).
    pub from_file: bool,
    /// The symbol's lot step from its data file (OKX `lotSz`, dYdX `stepSize`, Hyperliquid
    /// `szDecimals`), when the file has one: a size sized by risk is rounded down to it.
    pub lot: Option<Decimal>,
}

impl VenuePreset {
    /// Where the table comes from, as the report states it.
    pub fn table_info(&self) -> TableInfo {
        TableInfo {
            source: self.source.clone(),
            as_of: self.as_of.clone(),
            quality: self.quality,
        }
    }
}

/// The symbols `venue` offers: the built-in ones, then those of its loaded data file
/// and the user's imports ([`tables::find_symbol`]) that are not built in, in the file's order.
/// The first is the default.
pub fn symbols_of(v: Venue) -> Vec<String> {
    let mut out: Vec<String> = v.symbols().iter().map(|s| (*s).to_owned()).collect();
    tables::find_symbol(v, |s| {
        if !v.symbols().contains(&s) {
            out.push(s.to_owned());
        }
        false
    });
    out
}

/// The first of [`symbols_of`] for which `pred` holds, without listing them all.
pub fn find_symbol_of(v: Venue, pred: impl Fn(&str) -> bool) -> Option<String> {
    if let Some(s) = v.symbols().iter().find(|s| pred(s)) {
        return Some((*s).to_owned());
    }
    tables::find_symbol(v, |s| !v.symbols().contains(&s) && pred(s))
}

/// Whether `venue` has a table for `symbol` (built in, or in its loaded data file).
pub fn has_symbol(v: Venue, symbol: &str) -> bool {
    v.symbols().contains(&symbol) || tables::has_symbol(v, symbol)
}

fn d(s: &str) -> Decimal {
    // Data rows are literals checked by the tests; a malformed literal yields zero, which the
    // validation then rejects with a message rather than a panic.
    Decimal::from_str(s).unwrap_or(Decimal::ZERO)
}

fn fees(f: (&str, &str)) -> FeeSchedule {
    FeeSchedule {
        taker: d(f.0),
        maker: d(f.1),
    }
}

fn table(rows: &[Row], unit: TierUnit, lookup: Lookup, scale: Decimal) -> CalcResult<BracketTable> {
    let mut brackets = Vec::with_capacity(rows.len());
    for (floor, cap, rate, amount, lev) in rows {
        brackets.push(Bracket {
            floor: mul(d(floor), scale)?,
            cap: mul(d(cap), scale)?,
            maintenance: Maintenance::new(d(rate), d(amount)),
            max_leverage: d(lev),
        });
    }
    Ok(BracketTable {
        brackets,
        unit,
        lookup,
    })
}

fn flat(rate: &str, max_leverage: &str) -> BracketTable {
    BracketTable {
        brackets: vec![Bracket {
            floor: Decimal::ZERO,
            cap: super::input::MAX_MONEY,
            maintenance: Maintenance::new(d(rate), Decimal::ZERO),
            max_leverage: d(max_leverage),
        }],
        unit: TierUnit::Notional,
        lookup: Lookup::FloorInclusive,
    }
}

/// Hyperliquid tiers from (lower bound, upper bound, max leverage): MMR = 1/(2·L_max),
/// deduction_n = deduction_{n−1} + lower_n·(MMR_n − MMR_{n−1}).
fn hyperliquid(rows: &[(&str, &str, &str)]) -> CalcResult<BracketTable> {
    let mut brackets = Vec::with_capacity(rows.len());
    let mut prev_rate = Decimal::ZERO;
    let mut prev_amount = Decimal::ZERO;
    for (i, (lo, hi, lev)) in rows.iter().enumerate() {
        let max_leverage = d(lev);
        let rate = div(Decimal::ONE, mul(Decimal::TWO, max_leverage)?)?;
        let amount = if i == 0 {
            Decimal::ZERO
        } else {
            super::margin::maintenance_amount_step(d(lo), rate, prev_rate, prev_amount)?
        };
        brackets.push(Bracket {
            floor: d(lo),
            cap: d(hi),
            maintenance: Maintenance::new(rate, amount),
            max_leverage,
        });
        prev_rate = rate;
        prev_amount = amount;
    }
    Ok(BracketTable {
        brackets,
        unit: TierUnit::Notional,
        lookup: Lookup::FloorInclusive,
    })
}

/// The preset for a venue and symbol (`None`: the venue's default symbol).
///
/// The bracket table is the loaded data file's when the venue's file is loaded and has a
/// usable table for the symbol ([`tables::table_for`]); otherwise the built-in table of
/// [`data`]. Fees and the liquidation model are the venue's built-in ones either way. Every
/// figure path (the position, other positions, the page's bracket table) asks here, so they
/// all use the same table.
///
/// # Errors
/// [`CalcError::NotApplicable`] for a symbol the venue has no table for (neither built in nor
/// in a loaded file).
pub fn preset(v: Venue, symbol: Option<&str>, contract: ContractKind) -> CalcResult<VenuePreset> {
    let sym = symbol.or(v.default_symbol()).unwrap_or("");
    if v == Venue::Bitmex {
        // Every BitMEX number comes from its data file already (engine::bitmex).
        return builtin(v, sym, contract);
    }
    let Some((table, info)) = tables::table_for(v, sym) else {
        return builtin(v, sym, contract);
    };
    // Fees and model from the built-in preset (of the default symbol when the symbol is
    // only in the file).
    let base = if v.symbols().contains(&sym) {
        sym
    } else {
        v.default_symbol().unwrap_or("")
    };
    let mut p = builtin(v, base, contract)?;
    p.table = Some(table);
    p.source = info.source;
    p.as_of = info.as_of;
    p.quality = info.quality;
    p.partial = false;
    p.from_file = true;
    p.lot = tables::lot_for(v, sym);
    Ok(p)
}

/// The built-in preset ([`data`]).
fn builtin(v: Venue, sym: &str, contract: ContractKind) -> CalcResult<VenuePreset> {
    let unknown = || {
        CalcError::NotApplicable {
        field: Field::Symbol,
        reason: "no bundled bracket table for this symbol on this venue; choose Custom and enter the maintenance rate",
    }
    };
    let one = Decimal::ONE;
    let p = |table, fee, model, source: &str, as_of: &str, partial: bool| VenuePreset {
        table: Some(table),
        fees: fees(fee),
        model,
        max_leverage: None,
        source: source.to_owned(),
        as_of: as_of.to_owned(),
        partial,
        quality: if partial {
            Quality::StandIn
        } else {
            Quality::Exact
        },
        from_file: false,
        lot: None,
    };
    use LiquidationModel::*;
    // Every venue but Custom has a fixed list of symbols with bundled data.
    // BitMEX: every symbol of its data file (engine::bitmex).
    if !matches!(v, Venue::Custom | Venue::Bitmex) && !v.symbols().contains(&sym) {
        return Err(unknown());
    }
    Ok(match v {
        Venue::BinanceUsdm => {
            let rows = match sym {
                "BTCUSDT" => data::BINANCE_USDM_BTCUSDT,
                "ETHUSDT" => data::BINANCE_USDM_ETHUSDT,
                "SOLUSDT" => data::BINANCE_USDM_SOLUSDT,
                _ => return Err(unknown()),
            };
            let t = table(rows, TierUnit::Notional, Lookup::FloorInclusive, one)?;
            p(
                t,
                data::FEES_BINANCE_USDM,
                ExactRoot,
                data::BINANCE_USDM_SOURCE,
                data::BINANCE_USDM_AS_OF,
                false,
            )
        }
        Venue::BinanceCoinm => {
            let (r, l) = data::BINANCE_COINM_BTCUSD;
            p(
                flat(r, l),
                data::FEES_BINANCE_COINM,
                ExactRoot,
                "Binance COIN-M liquidation FAQ (level 1)",
                "2024",
                true,
            )
        }
        Venue::BybitLinear => {
            let t = table(
                data::BYBIT_LINEAR_BTCUSDT,
                TierUnit::Notional,
                Lookup::CapInclusive,
                one,
            )?;
            p(
                t,
                data::FEES_BYBIT,
                BybitClassic,
                data::BYBIT_SOURCE,
                data::BYBIT_AS_OF,
                sym != "BTCUSDT",
            )
        }
        Venue::BybitInverse => {
            let (r, l) = data::BYBIT_INVERSE_BTCUSD;
            p(
                flat(r, l),
                data::FEES_BYBIT,
                BybitClassic,
                "Bybit inverse liquidation article",
                "2024",
                true,
            )
        }
        Venue::OkxLinear => {
            let _ = contract;
            if sym == "ETH-USDT-SWAP" {
                // Tier bounds in contracts of 0.1 ETH, scaled to ETH so they compare with the
                // quantity.
                let t = table(
                    data::OKX_ETH_USDT_SWAP_CONTRACTS,
                    TierUnit::Size,
                    Lookup::CapInclusive,
                    d(data::OKX_ETH_CONTRACT_VALUE),
                )?;
                p(
                    t,
                    data::FEES_OKX,
                    FeeInRate,
                    data::OKX_SOURCE,
                    data::OKX_AS_OF,
                    false,
                )
            } else {
                let (r, l) = data::GATE_DEFAULT;
                p(
                    flat(r, l),
                    data::FEES_OKX,
                    FeeInRate,
                    "stand-in first tier",
                    "—",
                    true,
                )
            }
        }
        Venue::OkxInverse => {
            let (r, l) = data::GATE_DEFAULT;
            p(
                flat(r, l),
                data::FEES_OKX,
                FeeInRate,
                "stand-in first tier",
                "—",
                true,
            )
        }
        Venue::GateLinear => {
            let (r, l) = data::GATE_DEFAULT;
            p(
                flat(r, l),
                data::FEES_GATE,
                FeeInRate,
                "stand-in first tier",
                "—",
                true,
            )
        }
        Venue::Hyperliquid => {
            let rows = match sym {
                "BTC" => data::HYPERLIQUID_BTC,
                "ETH" => data::HYPERLIQUID_ETH,
                "SOL" => data::HYPERLIQUID_SOL,
                _ => return Err(unknown()),
            };
            p(
                hyperliquid(rows)?,
                data::FEES_HYPERLIQUID,
                ExactRoot,
                data::HYPERLIQUID_SOURCE,
                data::HYPERLIQUID_AS_OF,
                false,
            )
        }
        Venue::Dydx => {
            let (r, l) = data::DYDX_BTC_ETH;
            p(
                flat(r, l),
                data::FEES_DYDX,
                ExactRoot,
                "dYdX v4 market parameters",
                "2025",
                false,
            )
        }
        Venue::Bitmex => {
            // Every number from data/venues/bitmex.json (engine::bitmex).
            let i = super::bitmex::instrument(sym)?;
            VenuePreset {
                table: Some(i.table),
                fees: i.fees,
                model: Bitmex(super::bitmex::Rule {
                    view: super::bitmex::View::Position,
                    tick: i.tick,
                }),
                max_leverage: None,
                source: i.source,
                as_of: i.as_of,
                partial: false,
                quality: i.quality,
                from_file: true,
                lot: None,
            }
        }
        Venue::Custom => VenuePreset {
            table: None,
            fees: FeeSchedule::default(),
            model: ExactRoot,
            max_leverage: None,
            source: "entered by the user".to_owned(),
            as_of: "—".to_owned(),
            partial: false,
            quality: Quality::Exact,
            from_file: false,
            lot: None,
        },
    })
}

/// Bybit's legacy inverse cross-margin bankruptcy price, which includes the fee to close at
/// the bankruptcy price (Bybit help "How to calculate Liquidation Price (Inverse Contract)").
///
/// # Formula
/// ```text
/// BP_long  = (1 + f)·Q / (Q/E + (AB − OM))
/// BP_short = (1 − f)·Q / (Q/E − (AB − OM))
/// ```
/// `Q` contracts of 1 USD, `AB` available balance and `OM` order margin in coin, `f` taker fee.
/// Example from the article: AB 0.5 BTC, 10,000 contracts long at 8,000 → 5,718.57.
pub fn bybit_inverse_cross_legacy_bankruptcy(
    side: super::contract::Side,
    contracts: Decimal,
    entry: Decimal,
    available_balance: Decimal,
    order_margin: Decimal,
    taker_fee: Decimal,
) -> CalcResult<Decimal> {
    use super::num::{add, sub};
    let s = side.sign();
    let free = sub(available_balance, order_margin)?;
    let num = mul(add(Decimal::ONE, mul(s, taker_fee)?)?, contracts)?;
    let den = add(div(contracts, entry)?, mul(s, free)?)?;
    div(num, den)
}

/// The expiry (`YYYY-MM-DD`) of a dated (delivery) contract, from the venue's own name for it:
/// Binance names its quarterly contracts `BASEQUOTE_YYMMDD` (USDⓈ-M `BTCUSDT_260925`, COIN-M
/// `BTCUSD_260925`). `None` for a perpetual, and on venues whose bundled data holds
/// perpetuals only. The engine models perpetual positions: a dated contract pays no funding
/// and settles at its expiry ([`super::trade::Warning::DatedContract`]).
pub fn dated_expiry(venue: Venue, symbol: &str) -> Option<String> {
    if !matches!(venue, Venue::BinanceUsdm | Venue::BinanceCoinm) {
        return None;
    }
    let (_, date) = symbol.rsplit_once('_')?;
    let b = date.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let two = |i: usize| date.get(i..i.saturating_add(2))?.parse::<u32>().ok();
    let (y, m, d) = (two(0)?, two(2)?, two(4)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("20{y:02}-{m:02}-{d:02}"))
}
