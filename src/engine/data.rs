//! Venue data: maintenance-margin brackets, leverage limits and base-tier fees.
//!
//! This is the one place venue numbers live, each table with its source and "as of" date, so
//! it can be refreshed without touching a formula. Rows are exact decimal strings.
//! `scripts/gen-binance-tiers.py` regenerates the Binance rows from the published dump.
//!
//! What is here and what is not (the page shows [`DATA_AS_OF`]):
//! - Binance USDⓈ-M BTCUSDT, ETHUSDT, SOLUSDT: full tables (12 tiers), 2024-10.
//! - Hyperliquid BTC, ETH, SOL: margin tiers from the docs (MMR = 1/(2·max leverage)).
//! - Bybit BTCUSDT: the lowest risk-limit tier of the v5 `/market/risk-limit` fixture.
//! - OKX ETH-USDT-SWAP: three tiers, in contracts of 0.1 ETH (freqtrade's OKX fixture).
//! - Binance COIN-M, Bybit inverse, OKX inverse, Gate, dYdX: the flat (first-tier)
//!   rates their documents state. (BitMEX: every number from `data/venues/bitmex.json`,
//!   read by [`super::bitmex`].) Larger positions need the custom bracket editor.

/// (floor, cap, maintenance rate, maintenance amount, max leverage)
pub type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// When the bundled tables were published (the oldest table's date).
pub const DATA_AS_OF: &str = "2024-10";

/// Binance USDⓈ-M: freqtrade `freqtrade/exchange/binance_leverage_tiers.json` (ccxt
/// `fetch_leverage_tiers` dump of `/fapi/v1/leverageBracket`, committed 2024-10-24),
/// shared/reference/binance-usdm-leverage-tiers-2024-10.json. Look-up: last tier with
/// `notionalFloor ≤ notional`.
pub const BINANCE_USDM_SOURCE: &str =
    "Binance /fapi/v1/leverageBracket via freqtrade binance_leverage_tiers.json";
pub const BINANCE_USDM_AS_OF: &str = "2024-10-24";
pub const BINANCE_USDM_BTCUSDT: &[Row] = &[
    ("0", "50000", "0.004", "0", "125"),
    ("50000", "600000", "0.005", "50", "100"),
    ("600000", "3000000", "0.0065", "950", "75"),
    ("3000000", "12000000", "0.01", "11450", "50"),
    ("12000000", "70000000", "0.02", "131450", "25"),
    ("70000000", "100000000", "0.025", "481450", "20"),
    ("100000000", "230000000", "0.05", "2981450", "10"),
    ("230000000", "480000000", "0.1", "14481450", "5"),
    ("480000000", "600000000", "0.125", "26481450", "4"),
    ("600000000", "800000000", "0.15", "41481450", "3"),
    ("800000000", "1200000000", "0.25", "121481450", "2"),
    ("1200000000", "1800000000", "0.5", "421481450", "1"),
];
pub const BINANCE_USDM_ETHUSDT: &[Row] = &[
    ("0", "50000", "0.004", "0", "125"),
    ("50000", "600000", "0.005", "50", "100"),
    ("600000", "3000000", "0.0065", "950", "75"),
    ("3000000", "12000000", "0.01", "11450", "50"),
    ("12000000", "50000000", "0.02", "131450", "25"),
    ("50000000", "65000000", "0.025", "381450", "20"),
    ("65000000", "150000000", "0.05", "2006450", "10"),
    ("150000000", "320000000", "0.1", "9506450", "5"),
    ("320000000", "400000000", "0.125", "17506450", "4"),
    ("400000000", "530000000", "0.15", "27506450", "3"),
    ("530000000", "800000000", "0.25", "80506450", "2"),
    ("800000000", "1200000000", "0.5", "280506450", "1"),
];
pub const BINANCE_USDM_SOLUSDT: &[Row] = &[
    ("0", "20000", "0.005", "0", "100"),
    ("20000", "100000", "0.0065", "30", "75"),
    ("100000", "800000", "0.01", "380", "50"),
    ("800000", "4000000", "0.02", "8380", "25"),
    ("4000000", "8000000", "0.025", "28380", "20"),
    ("8000000", "40000000", "0.05", "228380", "10"),
    ("40000000", "80000000", "0.1", "2228380", "5"),
    ("80000000", "100000000", "0.125", "4228380", "4"),
    ("100000000", "200000000", "0.25", "16728380", "2"),
    ("200000000", "400000000", "0.5", "66728380", "1"),
];

/// Hyperliquid margin tiers (docs "Margin tiers"): (lower bound, upper bound, max leverage).
/// MMR = 1/(2·max leverage); deductions follow the recursion (computed, not stored).
pub const HYPERLIQUID_SOURCE: &str = "hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers";
pub const HYPERLIQUID_AS_OF: &str = "2025";
pub const HYPERLIQUID_BTC: &[(&str, &str, &str)] = &[
    ("0", "150000000", "40"),
    ("150000000", "1000000000000", "20"),
];
pub const HYPERLIQUID_ETH: &[(&str, &str, &str)] = &[
    ("0", "100000000", "25"),
    ("100000000", "1000000000000", "15"),
];
pub const HYPERLIQUID_SOL: &[(&str, &str, &str)] =
    &[("0", "70000000", "20"), ("70000000", "1000000000000", "10")];

/// Bybit linear BTCUSDT, the first three risk-limit tiers (`/market/risk-limit`: limit
/// 2,000,000 / 4,000,000 / 6,000,000 (upper bounds), maintenance 0.5 % / 1 % / 1.5 %, max
/// leverage 100 / 57.14 / 40; the lowest tier's mmDeduction "" = 0 — shared/reference
/// brackets.json `bybit_btcusdt_example`, the higher tiers as printed by the public
/// carpenstar/bybitapi-sdk-derivatives risk-limit example). Classic risk limits carry no
/// deduction. Look-up: first tier with `value ≤ riskLimitValue`; above 6,000,000 the third
/// tier stands in.
pub const BYBIT_SOURCE: &str = "Bybit /market/risk-limit (first three tiers)";
pub const BYBIT_AS_OF: &str = "2024";
pub const BYBIT_LINEAR_BTCUSDT: &[Row] = &[
    ("0", "2000000", "0.005", "0", "100"),
    ("2000000", "4000000", "0.01", "0", "57.14"),
    ("4000000", "6000000", "0.015", "0", "40"),
];

/// OKX ETH-USDT-SWAP position tiers from freqtrade's OKX test fixture, bounds in contracts
/// (minSz/maxSz; 0–2000, 2001–4000, 4001–8000), no maintenance amount. Contract value 0.1 ETH.
pub const OKX_SOURCE: &str = "OKX position tiers (freqtrade tests/exchange/test_okx.py fixture)";
pub const OKX_AS_OF: &str = "2024";
pub const OKX_ETH_USDT_SWAP_CONTRACTS: &[Row] = &[
    ("0", "2000", "0.01", "0", "75"),
    ("2001", "4000", "0.015", "0", "50"),
    ("4001", "8000", "0.02", "0", "20"),
];
pub const OKX_ETH_CONTRACT_VALUE: &str = "0.1";

/// Flat first-tier rates stated in the venues' own liquidation documents
/// (shared/reference/venue-formulas.md): (maintenance rate, max leverage).
/// - Binance COIN-M BTCUSD: level 1 MMR 0.4 % (COIN-M liquidation FAQ).
/// - Bybit inverse BTCUSD: MMR 0.5 % (Bybit inverse liquidation article example).
/// - dYdX v4: MMF 3 %, IMF 5 % (20×) for BTC-USD/ETH-USD (v4 large-cap market parameters;
///   not in the bundled documents, whose worked example uses MMF 5 %).
pub const BINANCE_COINM_BTCUSD: (&str, &str) = ("0.004", "125");
pub const BYBIT_INVERSE_BTCUSD: (&str, &str) = ("0.005", "100");
pub const DYDX_BTC_ETH: (&str, &str) = ("0.03", "20");
/// Gate and OKX inverse: no tier table is bundled; a stand-in first-tier rate (0.5 %, 100×)
/// is used until the user enters the bracket, and the page says so.
pub const GATE_DEFAULT: (&str, &str) = ("0.005", "100");

/// Base-tier (VIP 0 / lowest volume) taker and maker fees, as published on each venue's fee
/// page. Check your own tier; the page lets you edit them.
pub const FEES_AS_OF: &str = "2025";
/// (taker, maker)
pub const FEES_BINANCE_USDM: (&str, &str) = ("0.0005", "0.0002");
pub const FEES_BINANCE_COINM: (&str, &str) = ("0.0005", "0.0002");
pub const FEES_BYBIT: (&str, &str) = ("0.00055", "0.0002");
pub const FEES_OKX: (&str, &str) = ("0.0005", "0.0002");
pub const FEES_GATE: (&str, &str) = ("0.0005", "0.0002");
pub const FEES_HYPERLIQUID: (&str, &str) = ("0.00045", "0.00015");
pub const FEES_DYDX: (&str, &str) = ("0.0005", "0.0001");
