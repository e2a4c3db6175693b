//! The JSON report of an evaluation ([`Report`] and its parts): every figure, decimals as
//! exact strings.

use super::{Evaluation, SCENARIO_VERSION};
use crate::engine::bitmex::View as BitmexView;
use crate::engine::brackets::TierChoice;
use crate::engine::bybit::Account as BybitAccount;
use crate::engine::contract::Settlement;
use crate::engine::tables::TableInfo;
use crate::engine::trade::ExitReport;
#[cfg(doc)]
use crate::engine::trade::TradeReport;
use crate::engine::venues::Venue;
use rust_decimal::Decimal;
use serde::Serialize;

/// A decimal in a report: a JSON string, exact.
fn dec(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The report: every figure of [`TradeReport`] as JSON (decimals as exact strings).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub version: u32,
    pub venue: Venue,
    pub side: &'static str,
    pub contract: &'static str,
    /// "quote" or "base": the currency margin, fees and PnL are in.
    pub settlement: &'static str,
    pub entry_price: String,
    pub quantity: String,
    pub notional: String,
    pub position_value: String,
    pub leverage: String,
    pub initial_margin: String,
    pub margin_balance: String,
    pub effective_leverage: String,
    /// At the mark price (entry unless a mark is given), with the tier holding that notional
    /// ([`Report::maintenance_bracket`]).
    pub maintenance_margin: String,
    /// The rate and amount the liquidation price uses: those of [`Report::bracket`].
    pub maintenance_rate: String,
    pub maintenance_amount: String,
    /// The tier at the liquidation price (the one the liquidation price uses).
    pub bracket: Option<BracketReport>,
    /// The tier at the mark price (the one of `maintenance_margin`); another tier than
    /// `bracket` when the notional crosses a tier boundary between mark and liquidation.
    pub maintenance_bracket: Option<BracketReport>,
    pub liquidation_price: Option<String>,
    pub bankruptcy_price: Option<String>,
    /// BitMEX only: which figure the liquidation and bankruptcy prices are, `position` (the
    /// open position) or `order` (the order's cost before it fills).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidation_view: Option<&'static str>,
    /// Bybit only: the account the figures assume, `classic` or `uta` (the unified trading
    /// account), and the formula that account uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_formula: Option<&'static str>,
    /// Bybit unified account: the estimated fee to close (taker × the bankruptcy value) that
    /// `maintenance_margin` holds and the margin reserves; `initial_margin` holds the same fee
    /// at the bankruptcy price of the initial margin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_to_close: Option<String>,
    pub liquidation_distance: Option<String>,
    pub open_fee: String,
    pub break_even_price: String,
    pub stop: Option<ExitJson>,
    pub target: Option<ExitJson>,
    pub risk_reward: Option<String>,
    pub max_leverage_stop_first: Option<String>,
    /// Isolated margin, liquidation before the stop: `{price, margin_lost, open_fee, net_pnl,
    /// roe}`, what happens instead of `stop` (which gives the stop's PnL as if it were reached).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidated_before_stop: Option<LiquidatedFirstJson>,
    pub risk_amount: Option<String>,
    /// Funding paid over the holding period (negative: received); present with a funding rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding_paid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding_payments: Option<String>,
    /// Liquidation price after the holding period's funding, mark at entry (`null`: none, or
    /// funding alone liquidated the position — see `liquidated_by_funding`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidation_price_after_holding: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidated_by_funding: Option<bool>,
    /// Hours until funding alone liquidates the position at the entry price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours_to_funding_liquidation: Option<Option<String>>,
    /// P(touch liquidation within the horizon), GBM, continuous monitoring unless asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_touch_liquidation: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_touch_stop: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_touch_target: Option<Option<f64>>,
    /// P(target before stop), no horizon: the trade runs until one is hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_target_before_stop: Option<Option<f64>>,
    /// P(target before stop and within the horizon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_target_before_stop_within: Option<Option<f64>>,
    /// The highest leverage meeting both safety conditions (`null`: none does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safe_leverage: Option<Option<SafeLeverageJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kelly_leverage: Option<Option<f64>>,
    /// Where the main position's bracket table comes from (the venue's table only: absent
    /// for a user-entered rate or table, and on Custom).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<TableJson>,
    pub warnings: Vec<WarningJson>,
}

/// `{"source", "as_of", "quality"}` of the table a report used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableJson {
    pub source: String,
    pub as_of: String,
    /// `exact`, `derived` or `stand-in`.
    pub quality: &'static str,
}

impl From<&TableInfo> for TableJson {
    fn from(t: &TableInfo) -> Self {
        TableJson {
            source: t.source.clone(),
            as_of: t.as_of.clone(),
            quality: t.quality.key(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SafeLeverageJson {
    pub leverage: f64,
    /// Which condition limits it: "max_leverage", "stop_buffer" or "liquidation_probability".
    pub binding: &'static str,
    pub liquidation_price: Option<f64>,
    pub prob_touch_liquidation: f64,
    pub buffer_sigmas: Option<f64>,
}

impl From<crate::engine::risk::safe_leverage::SafeLeverage> for SafeLeverageJson {
    fn from(s: crate::engine::risk::safe_leverage::SafeLeverage) -> Self {
        use crate::engine::risk::safe_leverage::Binding;
        SafeLeverageJson {
            leverage: s.leverage,
            binding: match s.binding {
                Binding::MaxLeverage => "max_leverage",
                Binding::StopBuffer => "stop_buffer",
                Binding::LiquidationProbability => "liquidation_probability",
            },
            liquidation_price: s.liquidation_price,
            prob_touch_liquidation: s.prob_touch_liquidation,
            buffer_sigmas: s.buffer_sigmas.filter(|b| b.is_finite()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BracketReport {
    pub tier: u32,
    pub floor: String,
    pub cap: String,
    pub maintenance_rate: String,
    pub maintenance_amount: String,
    pub max_leverage: String,
}

impl From<TierChoice> for BracketReport {
    fn from(c: TierChoice) -> Self {
        BracketReport {
            tier: c.tier,
            floor: dec(c.bracket.floor),
            cap: dec(c.bracket.cap),
            maintenance_rate: dec(c.bracket.maintenance.rate),
            maintenance_amount: dec(c.bracket.maintenance.amount),
            max_leverage: dec(c.bracket.max_leverage),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExitJson {
    pub price: String,
    pub price_move: String,
    pub gross_pnl: String,
    pub open_fee: String,
    pub close_fee: String,
    pub net_pnl: String,
    pub roe: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiquidatedFirstJson {
    pub price: String,
    pub margin_lost: String,
    pub open_fee: String,
    pub net_pnl: String,
    pub roe: String,
}

impl From<ExitReport> for ExitJson {
    fn from(e: ExitReport) -> Self {
        ExitJson {
            price: dec(e.price),
            price_move: dec(e.price_move),
            gross_pnl: dec(e.gross_pnl),
            open_fee: dec(e.open_fee),
            close_fee: dec(e.close_fee),
            net_pnl: dec(e.net_pnl),
            roe: dec(e.roe),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarningJson {
    pub code: &'static str,
    pub message: String,
}

impl Evaluation {
    /// The JSON report.
    pub fn to_report(&self, venue: Venue) -> Report {
        let r = &self.report;
        let t = &self.input;
        Report {
            version: SCENARIO_VERSION,
            venue,
            side: t.side.key(),
            contract: t.contract.key(),
            settlement: match r.settlement {
                Settlement::Quote => "quote",
                Settlement::Base => "base",
            },
            entry_price: dec(t.entry_price),
            quantity: dec(r.quantity),
            notional: dec(r.notional),
            position_value: dec(r.position_value),
            leverage: dec(r.leverage),
            initial_margin: dec(r.initial_margin),
            margin_balance: dec(r.margin_balance),
            effective_leverage: dec(r.effective_leverage),
            maintenance_margin: dec(r.maintenance_margin),
            maintenance_rate: dec(r.maintenance_rate),
            maintenance_amount: dec(r.maintenance_amount),
            bracket: r.bracket.map(BracketReport::from),
            maintenance_bracket: r.mark_bracket.map(BracketReport::from),
            liquidation_price: r.liquidation_price.map(dec),
            bankruptcy_price: r.bankruptcy_price.map(dec),
            liquidation_view: t.model.bitmex_view().map(BitmexView::key),
            account: t.model.bybit_account().map(BybitAccount::key),
            account_formula: t.model.bybit_account().map(BybitAccount::formula),
            fee_to_close: r.fee_to_close.map(|f| dec(f.maintenance)),
            liquidation_distance: r.liquidation_distance.map(dec),
            open_fee: dec(r.open_fee),
            break_even_price: dec(r.break_even_price),
            stop: r.stop.map(ExitJson::from),
            target: r.target.map(ExitJson::from),
            risk_reward: r.risk_reward.map(dec),
            max_leverage_stop_first: r.max_leverage_stop_first.map(dec),
            liquidated_before_stop: r.liquidated_before_stop.map(|l| LiquidatedFirstJson {
                price: dec(l.price),
                margin_lost: dec(l.margin_lost),
                open_fee: dec(l.open_fee),
                net_pnl: dec(l.net_pnl),
                roe: dec(l.roe),
            }),
            risk_amount: r.risk_amount.map(dec),
            funding_paid: self.funding.map(|f| dec(f.paid)),
            funding_payments: self.funding.map(|f| dec(f.payments)),
            liquidation_price_after_holding: self
                .funding
                .map(|f| f.liquidation_price_after.map(dec)),
            liquidated_by_funding: self.funding.map(|f| f.liquidated_by_funding),
            hours_to_funding_liquidation: self
                .funding
                .map(|f| f.hours_to_funding_liquidation.map(dec)),
            prob_touch_liquidation: self.risk.map(|r| r.figures.prob_touch_liquidation),
            prob_touch_stop: self.risk.map(|r| r.figures.prob_touch_stop),
            prob_touch_target: self.risk.map(|r| r.figures.prob_touch_target),
            prob_target_before_stop: self.risk.map(|r| r.figures.prob_target_before_stop),
            prob_target_before_stop_within: self
                .risk
                .map(|r| r.figures.prob_target_before_stop_within),
            safe_leverage: self
                .risk
                .map(|r| r.safe_leverage.map(SafeLeverageJson::from)),
            kelly_leverage: self.risk.map(|r| r.kelly_leverage),
            table: self.table.as_ref().map(TableJson::from),
            warnings: r
                .warnings
                .iter()
                .map(|w| WarningJson {
                    code: w.code(),
                    message: w.message(),
                })
                .collect(),
        }
    }
}
