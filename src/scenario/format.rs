//! The types of the scenario format (written with serde, read by [`super::reader`]):
//! [`Scenario`], its positions, tables and names, and the page's opening example
//! ([`Scenario::default`]).

use super::{Num, SCENARIO_VERSION};
use crate::engine::bitmex::View as BitmexView;
use crate::engine::bybit::Account as BybitAccount;
use crate::engine::venues::Venue;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SideName {
    #[default]
    Long,
    Short,
}

impl SideName {
    /// The scenario-format name.
    pub fn key(self) -> &'static str {
        match self {
            SideName::Long => "long",
            SideName::Short => "short",
        }
    }
}

pub use crate::engine::contract::ContractType as ContractName;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MarginModeName {
    #[default]
    Isolated,
    Cross,
}

impl MarginModeName {
    /// The scenario-format name.
    pub fn key(self) -> &'static str {
        match self {
            MarginModeName::Isolated => "isolated",
            MarginModeName::Cross => "cross",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LiquidityName {
    Maker,
    #[default]
    Taker,
}

impl LiquidityName {
    /// The scenario-format name.
    pub fn key(self) -> &'static str {
        match self {
            LiquidityName::Maker => "maker",
            LiquidityName::Taker => "taker",
        }
    }
}

/// `{"rate", "amount"}`: overrides the venue's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaintenanceSpec {
    pub rate: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Num>,
}

/// One tier of a user-entered bracket table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BracketSpec {
    pub floor: Num,
    pub cap: Num,
    pub rate: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Num>,
    pub max_leverage: Num,
}

/// One of the account's other positions (cross margin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtherPosition {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    pub side: SideName,
    pub quantity: Num,
    pub entry_price: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark_price: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maintenance: Option<MaintenanceSpec>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract_size: Option<Num>,
}

/// A calculation, as a share link, a saved scenario, the JS API and the CLI describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scenario {
    pub version: u32,
    pub venue: Venue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<ContractName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    pub margin_mode: MarginModeName,
    pub side: SideName,
    pub entry_price: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark_price: Option<Num>,
    /// Base units (linear) or contracts (inverse).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Num>,
    /// Size as position value in the quote coin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notional: Option<Num>,
    /// Size as margin to commit (settlement currency).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<Num>,
    /// Size from risk: account equity and a budget (percent or amount).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equity: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_percent: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_amount: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity_step: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract_size: Option<Num>,
    pub leverage: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isolated_margin: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wallet_balance: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maintenance: Option<MaintenanceSpec>,
    /// A whole bracket table (overrides the venue's; `maintenance` overrides both):
    /// `[{floor, cap, rate, amount, max_leverage}]`, looked up by notional, last tier with
    /// `floor ≤ notional`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brackets: Option<Vec<BracketSpec>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taker_fee: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maker_fee: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_liquidity: Option<LiquidityName>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_positions: Vec<OtherPosition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_price: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_price: Option<Num>,
    /// Funding rate per interval (fraction; positive: longs pay shorts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding_rate: Option<Num>,
    /// Hours between funding payments (venue default: 8, or 1 on Hyperliquid and dYdX).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding_interval_hours: Option<Num>,
    /// How long the position is held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holding_hours: Option<Num>,
    /// Annualised volatility σ as a fraction (0.6 = 60 %), 365-day year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volatility_annual: Option<Num>,
    /// Risk horizon in hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon_hours: Option<Num>,
    /// Annual drift μ in dS/S = μ dt + σ dW (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drift_annual: Option<Num>,
    /// Safe leverage: the stop must fire this many horizon-σ before liquidation (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safe_buffer_sigmas: Option<Num>,
    /// Safe leverage: the largest acceptable probability of touching liquidation within the
    /// horizon (default 0.05).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_prob_liquidation: Option<Num>,
    /// Seconds between mark-price updates; when given, probabilities use the
    /// Broadie–Glasserman–Kou discrete-monitoring correction (default: continuous).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark_interval_seconds: Option<Num>,
    /// BitMEX only: `position` (default; the open position, as BitMEX's position screen
    /// reports it) or `order` (the order's cost before it fills, fees inside margin).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bitmex_view: Option<BitmexView>,
    /// Bybit only: `classic` (default; the classic account) or `uta` (the unified trading
    /// account: the fee to close in the initial and maintenance margin,
    /// [`crate::engine::bybit`]). Ignored on other venues, as `bitmex_view` is off BitMEX, so
    /// the same scenario can be compared across venues.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<BybitAccount>,
}

impl Default for Scenario {
    /// The page's opening example: a 10× BTC long on Binance USDⓈ-M BTCUSDT with a stop and a
    /// target, priced with the venue's table (tier 1 at 30,000 USDT: 0.4 %, amount 0).
    fn default() -> Self {
        Scenario {
            version: SCENARIO_VERSION,
            venue: Venue::BinanceUsdm,
            contract: None,
            symbol: Some("BTCUSDT".into()),
            margin_mode: MarginModeName::Isolated,
            side: SideName::Long,
            entry_price: "60000".into(),
            mark_price: None,
            quantity: Some("0.5".into()),
            notional: None,
            margin: None,
            equity: None,
            risk_percent: None,
            risk_amount: None,
            quantity_step: None,
            contract_size: None,
            leverage: "10".into(),
            isolated_margin: None,
            wallet_balance: None,
            maintenance: None,
            taker_fee: Some("0.0005".into()),
            maker_fee: Some("0.0002".into()),
            entry_liquidity: None,
            other_positions: Vec::new(),
            brackets: None,
            stop_price: Some("57000".into()),
            target_price: Some("66000".into()),
            funding_rate: None,
            funding_interval_hours: None,
            holding_hours: None,
            volatility_annual: None,
            horizon_hours: None,
            drift_annual: None,
            safe_buffer_sigmas: None,
            max_prob_liquidation: None,
            mark_interval_seconds: None,
            bitmex_view: None,
            account: None,
        }
    }
}
