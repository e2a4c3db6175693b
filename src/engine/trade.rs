//! One trade, evaluated: margin, maintenance, liquidation and bankruptcy prices, fees, PnL and
//! ROE at stop and target, break-even, risk:reward, and the leverage at which the stop still
//! fires before liquidation.
//!
//! [`TradeInput`] is the validated description; [`evaluate`] turns it into a [`TradeReport`] or
//! a [`CalcError`] that names the input to fix. This is the single place the page, the command
//! line and the JavaScript API get their figures from.

use super::bitmex;
use super::brackets::{self, BracketTable, TierChoice};
use super::bybit::{self, FeeToClose};
use super::contract::{ContractKind, Settlement, Side};
use super::error::{CalcError, CalcResult, Field};
use super::fees::{self, FeeSchedule, Liquidity};
use super::input;
use super::liquidation::{self, Trigger};
use super::margin::{self, Maintenance};
use super::num::{add, div, floor_to_step, mul, sub};
use super::sizing::{self, RiskBudget, StopFirst};
use rust_decimal::{Decimal, RoundingStrategy};

/// How the position size is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeInput {
    /// Base units (linear) or contracts (inverse).
    Quantity(Decimal),
    /// Position value in the quote coin (USDT, USD).
    Notional(Decimal),
    /// Margin to commit (settlement currency); quantity = margin × leverage / price.
    Margin(Decimal),
    /// Size so that the loss at the stop, fees included, equals the budget.
    Risk { equity: Decimal, budget: RiskBudget },
}

/// Isolated or cross, with what each needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarginInput {
    /// Isolated margin; `None` means "the initial margin".
    Isolated { margin: Option<Decimal> },
    /// Cross margin: the wallet balance and, for the account's *other* positions, their total
    /// maintenance margin and unrealised PnL at mark (signed per side).
    Cross {
        wallet_balance: Decimal,
        others_maintenance: Decimal,
        others_unrealized_pnl: Decimal,
    },
}

/// Where the maintenance rate and amount come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MaintenanceSource {
    /// One rate and amount for every size (user-entered, or a flat venue rate).
    Fixed(Maintenance),
    /// A venue's tiered table; the tier holding the notional at the liquidation price applies.
    Table(BracketTable),
}

/// The venue's liquidation formula family (shared/reference/venue-formulas.md, subtlety 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LiquidationModel {
    /// Exact root of `equity(P) = N(P)·r − a` (Binance, Hyperliquid, dYdX, custom).
    #[default]
    ExactRoot,
    /// Exact root with the taker fee added to the maintenance rate (OKX, Gate, Bitget).
    FeeInRate,
    /// Bybit's classic formula: `LP = E − s·(M − MM(E))/Q` with maintenance taken at the
    /// *entry* notional (linear); `LP = Q·C / (Q·C/E + s·(M − MM(E)))` (inverse).
    BybitClassic,
    /// Bybit's unified trading account ([`super::bybit`]): the fee to close `F = t·N(BP)` in
    /// the initial and the maintenance margin; exact root of `M + PnL(P) = N(P)·r − a + F`,
    /// `IM = N(E)/L + t·N(BP₀)`, bankruptcy where `M + PnL(BP) = t·N(BP)`.
    BybitUta,
    /// BitMEX ([`super::bitmex`]): by default the open position,
    /// `LP = E / (1 + s·(f − MMR))` (inverse), `E·(1 − s·(f − MMR))` (linear), `f = M/N(E)`,
    /// rounded to the symbol's tick toward the entry; or, as [`bitmex::View::Order`], the
    /// order's cost with the fees inside margin. Maintenance from the tier at entry.
    Bitmex(bitmex::Rule),
}

impl LiquidationModel {
    /// The BitMEX view in force, `None` on other venues.
    pub fn bitmex_view(self) -> Option<bitmex::View> {
        match self {
            LiquidationModel::Bitmex(r) => Some(r.view),
            _ => None,
        }
    }

    /// The Bybit account in force, `None` on other venues.
    pub fn bybit_account(self) -> Option<bybit::Account> {
        match self {
            LiquidationModel::BybitClassic => Some(bybit::Account::Classic),
            LiquidationModel::BybitUta => Some(bybit::Account::Uta),
            _ => None,
        }
    }

    /// The same model with Bybit's account set to `account` (other models are unchanged).
    pub fn with_bybit_account(self, account: bybit::Account) -> Self {
        match (self, account) {
            (LiquidationModel::BybitClassic | LiquidationModel::BybitUta, bybit::Account::Uta) => {
                LiquidationModel::BybitUta
            }
            (LiquidationModel::BybitClassic | LiquidationModel::BybitUta, _) => {
                LiquidationModel::BybitClassic
            }
            (other, _) => other,
        }
    }

    /// The same model with BitMEX's view set to `view` (other models are unchanged).
    pub fn with_bitmex_view(self, view: bitmex::View) -> Self {
        match self {
            LiquidationModel::Bitmex(r) => LiquidationModel::Bitmex(bitmex::Rule { view, ..r }),
            other => other,
        }
    }
}

/// A validated trade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradeInput {
    pub side: Side,
    pub contract: ContractKind,
    pub entry_price: Decimal,
    /// Current mark price; defaults to the entry price.
    pub mark_price: Option<Decimal>,
    pub size: SizeInput,
    pub leverage: Decimal,
    pub margin: MarginInput,
    pub maintenance: MaintenanceSource,
    pub fees: FeeSchedule,
    /// Whether the entry fills as maker or taker (the stop always exits as taker, the target
    /// as maker).
    pub entry_liquidity: Liquidity,
    pub stop_price: Option<Decimal>,
    pub target_price: Option<Decimal>,
    /// Lot step the quantity is rounded down to (risk and margin sizing).
    pub quantity_step: Option<Decimal>,
    /// The venue's maximum leverage, when there is no table to say it.
    pub max_leverage: Option<Decimal>,
    pub model: LiquidationModel,
}

impl TradeInput {
    /// A linear, isolated trade with a fixed maintenance requirement: the common case, and a
    /// convenient start for tests.
    pub fn linear(side: Side, entry: Decimal, quantity: Decimal, leverage: Decimal) -> Self {
        TradeInput {
            side,
            contract: ContractKind::Linear,
            entry_price: entry,
            mark_price: None,
            size: SizeInput::Quantity(quantity),
            leverage,
            margin: MarginInput::Isolated { margin: None },
            maintenance: MaintenanceSource::Fixed(Maintenance::default()),
            fees: FeeSchedule::default(),
            entry_liquidity: Liquidity::Taker,
            stop_price: None,
            target_price: None,
            quantity_step: None,
            max_leverage: None,
            model: LiquidationModel::ExactRoot,
        }
    }
}

/// The figures at one exit price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitReport {
    pub price: Decimal,
    /// Signed move from entry as a fraction of entry.
    pub price_move: Decimal,
    /// PnL before fees.
    pub gross_pnl: Decimal,
    pub open_fee: Decimal,
    pub close_fee: Decimal,
    /// PnL after both fees.
    pub net_pnl: Decimal,
    /// Net PnL as a fraction of the initial margin.
    pub roe: Decimal,
}

/// Something the trader should know that does not stop the calculation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The venue would liquidate before the stop fires.
    StopBeyondLiquidation {
        liquidation_price: Decimal,
        max_leverage: Option<Decimal>,
    },
    /// No positive price liquidates the position.
    NoLiquidationPrice,
    /// The bracket at the liquidation price differs from the one at entry.
    BracketChanged {
        entry_tier: u32,
        liquidation_tier: u32,
    },
    /// Isolated margin below the initial margin the leverage requires.
    MarginBelowInitial { margin: Decimal, initial: Decimal },
    /// The volatility figures could not be computed for these prices (the reason is given);
    /// every other figure stands.
    RiskNotComputed(String),
    /// Cross margin: the margin balance is below the initial margin the order needs.
    InsufficientBalance { needed: Decimal, available: Decimal },
    /// The mark price is already past the stop.
    MarkBeyondStop,
    /// The risk-sized position needs more leverage than chosen to fit the margin... or the
    /// maintenance formula went negative at this size (custom inputs).
    NegativeMaintenance,
    /// The venue table is `derived` (computed or rewritten from the venue's data, not its own
    /// answer: data/venues/README.md).
    TableDerived { as_of: String },
    /// The venue table is a stand-in (a first tier or a placeholder, not the venue's table).
    TableStandIn { as_of: String },
    /// The venue table is older than [`crate::engine::tables::STALE_MONTHS`] months on the
    /// date the host set ([`crate::engine::tables::set_today`]).
    TableStale { as_of: String },
    /// Bybit unified account in cross margin: the venue liquidates on the whole account's
    /// maintenance-margin rate, so the price is an estimate ([`super::bybit`], cross margin).
    UtaCrossEstimate,
    /// A dated (delivery) contract ([`super::venues::dated_expiry`]): figures are those of a
    /// perpetual position, and no funding is applied (a dated contract pays none).
    DatedContract {
        expiry: String,
        funding_dropped: bool,
    },
}

impl Warning {
    pub fn code(&self) -> &'static str {
        match self {
            Warning::StopBeyondLiquidation { .. } => "stop_beyond_liquidation",
            Warning::NoLiquidationPrice => "no_liquidation_price",
            Warning::BracketChanged { .. } => "bracket_changed",
            Warning::InsufficientBalance { .. } => "insufficient_balance",
            Warning::MarginBelowInitial { .. } => "margin_below_initial",
            Warning::RiskNotComputed(_) => "risk_not_computed",
            Warning::MarkBeyondStop => "mark_beyond_stop",
            Warning::NegativeMaintenance => "negative_maintenance",
            Warning::TableDerived { .. } => "table_derived",
            Warning::TableStandIn { .. } => "table_stand_in",
            Warning::TableStale { .. } => "table_stale",
            Warning::UtaCrossEstimate => "uta_cross_estimate",
            Warning::DatedContract { .. } => "dated_contract",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Warning::StopBeyondLiquidation {
                liquidation_price,
                max_leverage: Some(l),
            } => format!(
                "The liquidation price ({}) is reached before your stop: the venue would \
                 liquidate you first. Use leverage below {}× for the stop to fire first.",
                crate::engine::num::round_half_away(*liquidation_price, 8).normalize(),
                l.round_dp_with_strategy(2, RoundingStrategy::ToZero)
                    .normalize()
            ),
            Warning::StopBeyondLiquidation {
                liquidation_price,
                max_leverage: None,
            } => format!(
                "The liquidation price ({}) is reached before your stop.",
                crate::engine::num::round_half_away(*liquidation_price, 8).normalize()
            ),
            Warning::NoLiquidationPrice => {
                "No price liquidates this position: its margin covers any move.".to_owned()
            }
            Warning::BracketChanged {
                entry_tier,
                liquidation_tier,
            } => format!(
                "At the liquidation price the position falls in tier {liquidation_tier}, not the \
                 entry tier {entry_tier}; the liquidation price uses tier {liquidation_tier}."
            ),
            Warning::InsufficientBalance { needed, available } => format!(
                "The margin balance ({}) is below the initial margin the order needs ({}).",
                crate::engine::num::round_half_away(*available, 8).normalize(),
                crate::engine::num::round_half_away(*needed, 8).normalize()
            ),
            Warning::MarginBelowInitial { margin, initial } => format!(
                "The isolated margin ({}) is below the initial margin this leverage requires ({}); \
                 a venue would not open the position with it.",
                crate::engine::num::round_half_away(*margin, 8).normalize(),
                crate::engine::num::round_half_away(*initial, 8).normalize()
            ),
            Warning::RiskNotComputed(reason) => {
                format!("The liquidation-risk figures are not shown: {reason}.")
            }
            Warning::MarkBeyondStop => "The mark price is already past the stop.".to_owned(),
            Warning::NegativeMaintenance => {
                "The maintenance amount exceeds notional × rate: maintenance margin is negative."
                    .to_owned()
            }
            Warning::TableDerived { as_of } => format!(
                "The venue's table (as of {as_of}) is derived from its published data, not copied from the venue's own answer: check the figures on the venue."
            ),
            Warning::TableStandIn { as_of } => format!(
                "First tier only: the venue's table here (as of {as_of}) is a stand-in, so larger positions are not exact. Enter your venue's bracket for a position beyond its first tier."
            ),
            Warning::TableStale { as_of } => format!(
                "The venue's table is as of {as_of}, more than {} months ago: the venue may have changed it since. Check it on the venue.",
                crate::engine::tables::STALE_MONTHS
            ),
            Warning::DatedContract { expiry, funding_dropped } => format!(
                "A dated contract that expires on {expiry}: the figures are those of the position while it is open (the engine does not model the settlement at expiry), and a dated contract pays no funding{}.",
                if *funding_dropped { ", so the funding rate entered is not applied" } else { "" }
            ),
            Warning::UtaCrossEstimate => "Bybit's unified account liquidates cross positions on the whole account's maintenance-margin rate: this price is an estimate, with the other positions held at their marks and this position's fee to close in its maintenance.".to_owned(),
        }
    }
}

/// An isolated position liquidated before its stop: closed at the liquidation price, its
/// margin kept by the venue (the remainder pays the liquidation), the opening fee already paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiquidatedFirst {
    pub price: Decimal,
    /// The isolated margin, lost whole.
    pub margin_lost: Decimal,
    pub open_fee: Decimal,
    /// `−(margin + open fee)`.
    pub net_pnl: Decimal,
    /// Net PnL as a fraction of the initial margin.
    pub roe: Decimal,
}

/// Every figure of one trade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradeReport {
    pub settlement: Settlement,
    pub quantity: Decimal,
    /// Notional at entry in the settlement currency.
    pub notional: Decimal,
    /// Position value in the quote coin at entry.
    pub position_value: Decimal,
    pub leverage: Decimal,
    pub initial_margin: Decimal,
    /// The margin balance backing the position (`M`).
    pub margin_balance: Decimal,
    /// Notional ÷ margin balance.
    pub effective_leverage: Decimal,
    /// Maintenance requirement used for the liquidation price (the tier at the liquidation
    /// price, [`TradeReport::bracket`]).
    pub maintenance_rate: Decimal,
    pub maintenance_amount: Decimal,
    /// Maintenance margin at the mark price: `N_mark · r − a` with the rate and amount of
    /// [`TradeReport::mark_maintenance`] (the tier holding the mark notional,
    /// [`TradeReport::mark_bracket`]), which may be another tier than the liquidation price's.
    pub maintenance_margin: Decimal,
    /// The rate and amount behind [`TradeReport::maintenance_margin`].
    pub mark_maintenance: Maintenance,
    /// Tier holding the notional at the mark price (the one of the maintenance margin).
    pub mark_bracket: Option<TierChoice>,
    /// Tier at the liquidation price (the one of the liquidation price), for tables.
    pub bracket: Option<TierChoice>,
    /// Notional at the mark price (the `N` of [`TradeReport::maintenance_margin`]).
    pub mark_notional: Decimal,
    pub liquidation_price: Option<Decimal>,
    pub bankruptcy_price: Option<Decimal>,
    /// |LP − E| / E.
    pub liquidation_distance: Option<Decimal>,
    pub open_fee: Decimal,
    pub break_even_price: Decimal,
    pub stop: Option<ExitReport>,
    pub target: Option<ExitReport>,
    /// Net gain at target ÷ net loss at stop.
    pub risk_reward: Option<Decimal>,
    /// Leverage at which liquidation sits on the stop (any lower leverage: stop fires first).
    pub max_leverage_stop_first: Option<Decimal>,
    /// The numbers behind [`TradeReport::max_leverage_stop_first`], as the formula used them
    /// (`None` on BitMEX, whose maintenance is on the cost at entry, and in cross margin).
    pub stop_first: Option<StopFirst>,
    /// Isolated margin with liquidation before the stop: what really happens instead of the
    /// stop's PnL (which [`TradeReport::stop`] still gives, as the price alone would).
    pub liquidated_before_stop: Option<LiquidatedFirst>,
    /// The risk budget as an amount, when sized by risk.
    pub risk_amount: Option<Decimal>,
    /// Bybit unified account: the fee to close inside [`TradeReport::initial_margin`] and
    /// [`TradeReport::maintenance_margin`] (`None` on every other model).
    pub fee_to_close: Option<FeeToClose>,
    pub warnings: Vec<Warning>,
}

/// Evaluate a trade.
///
/// # Errors
/// Any [`CalcError`]; each names the field to fix where one is to blame.
pub fn evaluate(t: &TradeInput) -> CalcResult<TradeReport> {
    validate(t)?;
    let side = t.side;
    let contract = t.contract;
    let entry = t.entry_price;
    let mark = t.mark_price.unwrap_or(entry);
    let leverage = t.leverage;
    let open_rate = t.fees.rate(t.entry_liquidity);
    let stop_rate = t.fees.taker;
    let target_rate = t.fees.maker;

    let mut risk_amount = None;
    let quantity = match t.size {
        SizeInput::Quantity(q) => q,
        SizeInput::Notional(n) => step(contract.quantity_from_quote_value(n, entry)?, t)?,
        SizeInput::Margin(m) => {
            // Bybit's unified account: the margin also holds the fee to close.
            let settlement_notional = match t.model {
                LiquidationModel::BybitUta => {
                    bybit::notional_for_margin(contract, side, m, leverage, t.fees.taker)?
                }
                _ => mul(m, leverage)?,
            };
            let quote_value = match contract {
                ContractKind::Linear => settlement_notional,
                ContractKind::Inverse { .. } => mul(settlement_notional, entry)?,
            };
            step(contract.quantity_from_quote_value(quote_value, entry)?, t)?
        }
        SizeInput::Risk { equity, budget } => {
            let stop = t.stop_price.ok_or(CalcError::Empty(Field::StopPrice))?;
            let amount = budget.amount(equity)?;
            risk_amount = Some(amount);
            sizing::quantity_for_risk(
                contract,
                side,
                entry,
                stop,
                open_rate,
                stop_rate,
                amount,
                t.quantity_step,
            )?
        }
    };
    let quantity = input::quantity(Field::Quantity, quantity)?;

    let notional = contract.notional(quantity, entry)?;
    let position_value = contract.value_in_quote(quantity, entry)?;
    let initial_margin = match t.model {
        LiquidationModel::BybitUta => {
            bybit::initial_margin(contract, side, notional, leverage, t.fees.taker)?
        }
        _ => margin::initial_margin(notional, leverage)?,
    };
    let open_fee = mul(notional, open_rate)?;

    // Venue leverage cap and entry tier.
    let entry_tier = match &t.maintenance {
        MaintenanceSource::Table(table) => {
            Some(table.check_leverage(contract, quantity, entry, leverage)?)
        }
        MaintenanceSource::Fixed(_) => None,
    };
    if let Some(max) = t.max_leverage {
        if leverage > max {
            return Err(CalcError::LeverageAboveMax { max, tier: None });
        }
    }

    let mut warnings = Vec::new();
    let margin_balance = match t.margin {
        MarginInput::Isolated { margin: None } => initial_margin,
        MarginInput::Isolated { margin: Some(m) } => {
            // Venues require the initial margin to open; after fees or a margin withdrawal the
            // isolated wallet can hold less, so this is a warning, not an error.
            if m < initial_margin {
                warnings.push(Warning::MarginBelowInitial {
                    margin: m,
                    initial: initial_margin,
                });
            }
            m
        }
        MarginInput::Cross {
            wallet_balance,
            others_maintenance,
            others_unrealized_pnl,
        } => {
            let m = add(
                sub(wallet_balance, others_maintenance)?,
                others_unrealized_pnl,
            )?;
            if m < initial_margin {
                warnings.push(Warning::InsufficientBalance {
                    needed: initial_margin,
                    available: m,
                });
            }
            m
        }
    };

    // Bybit's unified account: the fee to close of this margin, in the maintenance margin.
    let fee_to_close = match t.model {
        LiquidationModel::BybitUta => {
            if matches!(t.margin, MarginInput::Cross { .. }) {
                warnings.push(Warning::UtaCrossEstimate);
            }
            Some(bybit::fees_to_close(
                contract,
                side,
                quantity,
                entry,
                margin_balance,
                leverage,
                t.fees.taker,
            )?)
        }
        _ => None,
    };

    // Liquidation and bankruptcy prices by the venue's formula, with the tier at the
    // liquidation price.
    let fee_add = match t.model {
        LiquidationModel::FeeInRate => t.fees.taker,
        _ => Decimal::ZERO,
    };
    let solve = |m: &Maintenance| -> CalcResult<Trigger> {
        solve_model(
            t.model,
            contract,
            side,
            quantity,
            entry,
            margin_balance,
            leverage,
            initial_margin,
            &t.fees,
            m,
            fee_add,
        )
    };
    let (trigger, tier) = match (&t.maintenance, entry_tier) {
        (MaintenanceSource::Table(table), Some(entry_tier)) => {
            let entry_only = matches!(
                t.model,
                LiquidationModel::BybitClassic | LiquidationModel::Bitmex(_)
            );
            let (trigger, tier) = if entry_only {
                // Bybit classic takes maintenance at the entry notional, BitMEX at the
                // position's cost (its risk limit is on the position value): no re-solve.
                (solve(&entry_tier.bracket.maintenance)?, entry_tier)
            } else {
                brackets::resolve(table, contract, quantity, entry_tier, solve)?
            };
            if tier.tier != entry_tier.tier {
                warnings.push(Warning::BracketChanged {
                    entry_tier: entry_tier.tier,
                    liquidation_tier: tier.tier,
                });
            }
            (trigger, Some(tier))
        }
        (MaintenanceSource::Fixed(m), _) => (solve(m)?, None),
        (MaintenanceSource::Table(_), None) => {
            return Err(CalcError::Degenerate("no tier for the entry notional"))
        }
    };
    let maintenance = match (&t.maintenance, tier) {
        (_, Some(choice)) => choice.bracket.maintenance,
        (MaintenanceSource::Fixed(m), None) => *m,
        (MaintenanceSource::Table(_), None) => Maintenance::default(),
    };
    let bankruptcy = solve_model(
        t.model,
        contract,
        side,
        quantity,
        entry,
        margin_balance,
        leverage,
        initial_margin,
        &t.fees,
        &Maintenance::default(),
        Decimal::ZERO,
    )?;

    // Maintenance margin at mark, with the tier that holds the mark notional.
    let (mark_bracket, mark_maintenance) = match &t.maintenance {
        MaintenanceSource::Table(table) => {
            let choice = table.at_price(contract, quantity, mark)?;
            (Some(choice), choice.bracket.maintenance)
        }
        MaintenanceSource::Fixed(m) => (None, *m),
    };
    let mark_notional = contract.notional(quantity, mark)?;
    let maintenance_margin = match fee_to_close {
        Some(f) => add(mark_maintenance.margin(mark_notional)?, f.maintenance)?,
        None => mark_maintenance.margin(mark_notional)?,
    };
    if maintenance_margin < Decimal::ZERO {
        warnings.push(Warning::NegativeMaintenance);
    }

    // Immediate liquidation: the margin does not cover maintenance at mark, or the
    // liquidation price is at or beyond the entry.
    let equity_at_mark = add(margin_balance, contract.pnl(side, quantity, entry, mark)?)?;
    let effective_mm = add(maintenance_margin, mul(mark_notional, fee_add)?)?;
    let liquidation_price = trigger.price();
    let beyond_entry = liquidation_price.is_some_and(|lp| match side {
        Side::Long => lp >= mark,
        Side::Short => lp <= mark,
    });
    if equity_at_mark <= effective_mm || beyond_entry {
        if matches!(t.margin, MarginInput::Cross { .. }) {
            return Err(CalcError::CrossBalanceShort {
                balance: equity_at_mark,
                maintenance: effective_mm,
            });
        }
        return Err(CalcError::ImmediateLiquidation {
            margin: equity_at_mark,
            maintenance: effective_mm,
        });
    }
    if liquidation_price.is_none() {
        warnings.push(Warning::NoLiquidationPrice);
    }
    let liquidation_distance = match liquidation_price {
        Some(lp) => Some(div(sub(lp, entry)?.abs(), entry)?),
        None => None,
    };

    let exit = |price: Decimal, close_rate: Decimal| -> CalcResult<ExitReport> {
        let gross = contract.pnl(side, quantity, entry, price)?;
        let close_fee = fees::fee(contract, quantity, price, close_rate)?;
        let net = sub(sub(gross, open_fee)?, close_fee)?;
        Ok(ExitReport {
            price,
            price_move: div(sub(price, entry)?, entry)?,
            gross_pnl: gross,
            open_fee,
            close_fee,
            net_pnl: net,
            roe: div(net, initial_margin)?,
        })
    };
    let stop = t.stop_price.map(|s| exit(s, stop_rate)).transpose()?;
    let target = t.target_price.map(|p| exit(p, target_rate)).transpose()?;
    let risk_reward = match (&stop, &target) {
        (Some(s), Some(g)) if s.net_pnl < Decimal::ZERO && g.net_pnl > Decimal::ZERO => {
            Some(div(g.net_pnl, super::num::neg(s.net_pnl))?)
        }
        _ => None,
    };

    let mut max_leverage_stop_first = None;
    let mut stop_first = None;
    let mut liquidated_before_stop = None;
    // Cross margin: the wallet backs the position, so the leverage (the initial margin only)
    // does not move the liquidation price; no leverage puts it on the stop.
    let isolated = matches!(t.margin, MarginInput::Isolated { .. });
    if let Some(s) = t.stop_price {
        match t.model {
            _ if !isolated => {}
            // BitMEX keeps maintenance on the position's cost at entry.
            LiquidationModel::Bitmex(_) => {
                max_leverage_stop_first = bitmex::max_leverage_stop_first(
                    contract,
                    side,
                    quantity,
                    entry,
                    s,
                    maintenance.rate,
                )?;
            }
            _ => {
                let m_stop = match &t.maintenance {
                    MaintenanceSource::Table(table) => {
                        table.at_price(contract, quantity, s)?.bracket.maintenance
                    }
                    MaintenanceSource::Fixed(m) => *m,
                };
                let m_stop = Maintenance::new(add(m_stop.rate, fee_add)?, m_stop.amount);
                let terms = sizing::stop_first(contract, side, quantity, entry, s, &m_stop)?;
                max_leverage_stop_first = terms.max_leverage()?;
                stop_first = Some(terms);
            }
        }
        let mark_past_stop = match side {
            Side::Long => mark <= s,
            Side::Short => mark >= s,
        };
        if mark_past_stop {
            warnings.push(Warning::MarkBeyondStop);
        }
        if let Some(lp) = liquidation_price {
            let liquidated_first = match side {
                Side::Long => lp >= s,
                Side::Short => lp <= s,
            };
            if liquidated_first {
                warnings.push(Warning::StopBeyondLiquidation {
                    liquidation_price: lp,
                    max_leverage: max_leverage_stop_first,
                });
                // Isolated: the venue closes the position at the liquidation price and keeps
                // what is left of its margin, so the margin is the loss (the stop never fires).
                if isolated {
                    let net_pnl = super::num::neg(add(margin_balance, open_fee)?);
                    liquidated_before_stop = Some(LiquidatedFirst {
                        price: lp,
                        margin_lost: margin_balance,
                        open_fee,
                        net_pnl,
                        roe: div(net_pnl, initial_margin)?,
                    });
                }
            }
        }
    }

    Ok(TradeReport {
        settlement: contract.settlement(),
        quantity,
        notional,
        position_value,
        leverage,
        initial_margin,
        margin_balance,
        effective_leverage: div(notional, margin_balance.max(Decimal::new(1, 28)))?,
        maintenance_rate: maintenance.rate,
        maintenance_amount: maintenance.amount,
        maintenance_margin,
        mark_maintenance,
        mark_bracket,
        bracket: tier,
        mark_notional,
        liquidation_price,
        bankruptcy_price: bankruptcy.price(),
        liquidation_distance,
        open_fee,
        break_even_price: fees::break_even_price(contract, side, entry, open_rate, stop_rate)?,
        stop,
        target,
        risk_reward,
        max_leverage_stop_first,
        stop_first,
        liquidated_before_stop,
        risk_amount,
        fee_to_close,
        warnings,
    })
}

fn step(q: Decimal, t: &TradeInput) -> CalcResult<Decimal> {
    match t.quantity_step {
        Some(s) if s > Decimal::ZERO => floor_to_step(q, s),
        _ => Ok(q),
    }
}

#[allow(clippy::too_many_arguments)]
fn solve_model(
    model: LiquidationModel,
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    margin_balance: Decimal,
    leverage: Decimal,
    initial_margin: Decimal,
    fees: &FeeSchedule,
    m: &Maintenance,
    fee_add: Decimal,
) -> CalcResult<Trigger> {
    match model {
        LiquidationModel::ExactRoot | LiquidationModel::FeeInRate => {
            let m = Maintenance::new(add(m.rate, fee_add)?, m.amount);
            liquidation::liquidation_price(contract, side, quantity, entry, margin_balance, &m)
        }
        LiquidationModel::BybitClassic => {
            let s = side.sign();
            let mm_entry = m.margin(contract.notional(quantity, entry)?)?;
            let cushion = sub(margin_balance, mm_entry)?;
            let p = match contract {
                ContractKind::Linear => sub(entry, mul(s, div(cushion, quantity)?)?)?,
                ContractKind::Inverse { contract_size } => {
                    let value = mul(quantity, contract_size)?;
                    let den = add(div(value, entry)?, mul(s, cushion)?)?;
                    if den <= Decimal::ZERO {
                        return Ok(Trigger::Never);
                    }
                    div(value, den)?
                }
            };
            Ok(if p > Decimal::ZERO {
                Trigger::At(p)
            } else {
                Trigger::Never
            })
        }
        LiquidationModel::BybitUta => {
            // A bankruptcy call passes r = a = 0: where the margin net of the fee to close
            // is used up (the same root, taken directly).
            if m.rate.is_zero() && m.amount.is_zero() {
                bybit::bankruptcy_price(contract, side, quantity, entry, margin_balance, fees.taker)
            } else {
                bybit::liquidation_price(
                    contract,
                    side,
                    quantity,
                    entry,
                    margin_balance,
                    m,
                    fees.taker,
                )
            }
        }
        LiquidationModel::Bitmex(rule) => {
            // A bankruptcy call passes r = a = 0.
            let bankrupt = m.rate.is_zero() && m.amount.is_zero();
            let notional = contract.notional(quantity, entry)?;
            match rule.view {
                bitmex::View::Position => {
                    let f = bitmex::margin_fraction(
                        margin_balance,
                        initial_margin,
                        notional,
                        leverage,
                    )?;
                    bitmex::position_price(contract, side, entry, f, m.rate, rule.tick)
                }
                bitmex::View::Order => bitmex::order_price(
                    contract,
                    side,
                    entry,
                    notional,
                    margin_balance,
                    leverage,
                    fees.taker,
                    m.rate,
                    bankrupt,
                    rule.tick,
                ),
            }
        }
    }
}

/// Range checks for every field, each naming the field.
fn validate(t: &TradeInput) -> CalcResult<()> {
    input::price(Field::EntryPrice, t.entry_price)?;
    if let Some(m) = t.mark_price {
        input::price(Field::MarkPrice, m)?;
    }
    input::leverage(t.leverage)?;
    if let ContractKind::Inverse { contract_size } = t.contract {
        input::contract_size(contract_size)?;
    }
    match t.size {
        SizeInput::Quantity(q) => {
            input::quantity(Field::Quantity, q)?;
        }
        SizeInput::Notional(n) => {
            input::money_positive(Field::Notional, n)?;
        }
        SizeInput::Margin(m) => {
            input::money_positive(Field::Margin, m)?;
        }
        SizeInput::Risk { equity, budget } => {
            input::money_positive(Field::Equity, equity)?;
            match budget {
                RiskBudget::Percent(p) => {
                    if p <= Decimal::ZERO {
                        return Err(CalcError::NotPositive(Field::Risk));
                    }
                    if p > Decimal::ONE_HUNDRED {
                        return Err(CalcError::TooLarge {
                            field: Field::Risk,
                            max: Decimal::ONE_HUNDRED,
                        });
                    }
                }
                RiskBudget::Amount(a) => {
                    input::money_positive(Field::Risk, a)?;
                    if a > equity {
                        return Err(CalcError::TooLarge {
                            field: Field::Risk,
                            max: equity,
                        });
                    }
                }
            }
        }
    }
    match t.margin {
        MarginInput::Isolated { margin: Some(m) } => {
            input::money_positive(Field::IsolatedMargin, m)?;
        }
        MarginInput::Isolated { margin: None } => {}
        MarginInput::Cross {
            wallet_balance,
            others_maintenance,
            others_unrealized_pnl,
        } => {
            input::money_positive(Field::WalletBalance, wallet_balance)?;
            input::money_signed(Field::OtherPositions, others_maintenance)?;
            input::money_signed(Field::OtherPositions, others_unrealized_pnl)?;
        }
    }
    match &t.maintenance {
        MaintenanceSource::Fixed(m) => {
            input::unit_rate(Field::MaintenanceRate, m.rate)?;
            input::money_non_negative(Field::MaintenanceAmount, m.amount)?;
        }
        MaintenanceSource::Table(table) => {
            if table.brackets.is_empty() {
                return Err(CalcError::Degenerate("the bracket table is empty"));
            }
            for b in &table.brackets {
                input::unit_rate(Field::MaintenanceRate, b.maintenance.rate)?;
                input::money_non_negative(Field::MaintenanceAmount, b.maintenance.amount)?;
            }
        }
    }
    input::fee_rate(Field::TakerFee, t.fees.taker)?;
    input::fee_rate(Field::MakerFee, t.fees.maker)?;
    if let Some(step) = t.quantity_step {
        if step <= Decimal::ZERO {
            return Err(CalcError::NotPositive(Field::QuantityStep));
        }
    }
    let long = t.side.is_long();
    if let Some(s) = t.stop_price {
        input::price(Field::StopPrice, s)?;
        if (long && s >= t.entry_price) || (!long && s <= t.entry_price) {
            return Err(CalcError::StopWrongSide { long });
        }
    }
    if let Some(g) = t.target_price {
        input::price(Field::TargetPrice, g)?;
        if (long && g <= t.entry_price) || (!long && g >= t.entry_price) {
            return Err(CalcError::TargetWrongSide { long });
        }
    }
    Ok(())
}
