//! A cross-margin account: one margin balance behind several positions.
//!
//! All positions share the wallet balance `WB`. At mark prices `Pᵢ`:
//!
//! ```text
//! margin balance   MB  = WB + Σᵢ PnLᵢ(Pᵢ)                 (settlement currency)
//! maintenance      TMM = Σᵢ MMᵢ(Pᵢ),   MMᵢ(P) = Nᵢ(P)·rᵢ − aᵢ   (tier holding Nᵢ(P))
//! margin ratio     MR  = TMM / MB                          (liquidation at MR ≥ 100 %)
//! effective lev.   EL  = Σᵢ Nᵢ(Pᵢ) / MB                    (gross notional)
//! ```
//! The margin ratio follows Binance's convention, "Margin Ratio = Maintenance Margin / Margin
//! Balance": the account is liquidated when it reaches 100 %, and Binance recommends keeping it
//! below 80 % (Binance FAQ "Liquidation Protocols", 360033525271). Bybit and OKX display the
//! same quotient (Bybit "account maintenance margin rate", OKX "maintenance margin ratio" in
//! its inverse form); fees are not included.
//!
//! Each position's liquidation price holds the *other* positions at their marks: position `i`
//! is backed by `Mᵢ = WB − TMM₁ + UPNL₁`, where `TMM₁` and `UPNL₁` are the maintenance margin
//! and unrealised PnL of all other positions (Binance USDⓈ-M FAQ "How to Calculate
//! Liquidation Price", cross-margin terms `TMM1`, `UPNL1`), and the exact root of
//! [`liquidation::liquidation_price`] is taken with the tier that holds the notional at that
//! price ([`brackets::resolve`]). All positions must settle in the same currency (all linear,
//! or all inverse in one coin); venue-specific formula families (Bybit classic, OKX fee in
//! rate) are not applied here.

use super::brackets;
use super::contract::{ContractKind, Side};
use super::error::{CalcError, CalcResult, Field};
use super::input;
use super::liquidation::{self, Trigger};
use super::margin::Maintenance;
use super::num::{add, div, from_f64, mul, sub};
use super::trade::MaintenanceSource;
use crate::engine::num::dec;
use rust_decimal::Decimal;

/// Most positions an account may hold here.
pub const MAX_POSITIONS: usize = 100;
/// Margin ratio at which the venue liquidates (100 %).
pub const LIQUIDATION_RATIO: Decimal = Decimal::ONE;
/// Margin ratio Binance recommends staying below (80 %; "Liquidation Protocols" FAQ).
pub const RECOMMENDED_MAX_RATIO: Decimal = dec(8, 1);
/// Largest shock accepted by the shock functions, as a fraction (+100 000 %).
pub const MAX_SHOCK: Decimal = dec(1000, 0);

/// One position of the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub side: Side,
    pub contract: ContractKind,
    /// Base units (linear) or contracts (inverse).
    pub quantity: Decimal,
    pub entry_price: Decimal,
    pub mark_price: Decimal,
    pub maintenance: MaintenanceSource,
    /// The position's stop, for the risk-per-trade limit.
    pub stop_price: Option<Decimal>,
}

impl Position {
    /// A validated position.
    ///
    /// # Errors
    /// A [`CalcError`] naming the field: prices, quantity, contract size, maintenance rate and
    /// amount, an empty bracket table.
    pub fn new(
        side: Side,
        contract: ContractKind,
        quantity: Decimal,
        entry_price: Decimal,
        mark_price: Decimal,
        maintenance: MaintenanceSource,
    ) -> CalcResult<Position> {
        let p = Position {
            side,
            contract,
            quantity,
            entry_price,
            mark_price,
            maintenance,
            stop_price: None,
        };
        p.validate()?;
        Ok(p)
    }

    /// The same position with a stop (on the loss side of the entry).
    ///
    /// # Errors
    /// [`CalcError::StopWrongSide`], or a price out of range.
    pub fn with_stop(mut self, stop: Decimal) -> CalcResult<Position> {
        self.stop_price = Some(stop);
        self.validate()?;
        Ok(self)
    }

    fn validate(&self) -> CalcResult<()> {
        input::price(Field::EntryPrice, self.entry_price)?;
        input::price(Field::MarkPrice, self.mark_price)?;
        input::quantity(Field::Quantity, self.quantity)?;
        if let ContractKind::Inverse { contract_size } = self.contract {
            input::contract_size(contract_size)?;
        }
        match &self.maintenance {
            MaintenanceSource::Fixed(m) => check_maintenance(m)?,
            MaintenanceSource::Table(t) => {
                if t.brackets.is_empty() {
                    return Err(CalcError::Degenerate("the bracket table is empty"));
                }
                for b in &t.brackets {
                    check_maintenance(&b.maintenance)?;
                }
            }
        }
        if let Some(s) = self.stop_price {
            input::price(Field::StopPrice, s)?;
            let long = self.side.is_long();
            if (long && s >= self.entry_price) || (!long && s <= self.entry_price) {
                return Err(CalcError::StopWrongSide { long });
            }
        }
        Ok(())
    }

    /// Notional at `price` (settlement currency).
    ///
    /// ```text
    /// linear: N = Q·P      inverse: N = Q·C/P
    /// ```
    /// Source: [`ContractKind::notional`].
    pub fn notional_at(&self, price: Decimal) -> CalcResult<Decimal> {
        self.contract.notional(self.quantity, price)
    }

    /// Unrealised PnL at `price` (settlement currency).
    ///
    /// ```text
    /// linear: s·Q·(P − E)      inverse: s·Q·C·(1/E − 1/P)
    /// ```
    /// Source: [`ContractKind::pnl`].
    pub fn pnl_at(&self, price: Decimal) -> CalcResult<Decimal> {
        self.contract
            .pnl(self.side, self.quantity, self.entry_price, price)
    }

    /// Maintenance requirement at `price` and its tier (tables only).
    ///
    /// ```text
    /// MM(P) = N(P)·r − a      (r, a of the tier holding N(P))
    /// ```
    /// Source: [`crate::engine::margin`], [`crate::engine::brackets`].
    pub fn maintenance_at(&self, price: Decimal) -> CalcResult<(Maintenance, Option<u32>)> {
        self.maintenance_for(self.quantity, price)
    }

    fn maintenance_for(
        &self,
        quantity: Decimal,
        price: Decimal,
    ) -> CalcResult<(Maintenance, Option<u32>)> {
        match &self.maintenance {
            MaintenanceSource::Fixed(m) => Ok((*m, None)),
            MaintenanceSource::Table(t) => {
                let c = t.at_price(self.contract, quantity, price)?;
                Ok((c.bracket.maintenance, Some(c.tier)))
            }
        }
    }

    /// Maintenance margin at `price`.
    ///
    /// ```text
    /// MM(P) = N(P)·r − a      (tier holding N(P))
    /// ```
    /// Source: [`crate::engine::margin`].
    pub fn maintenance_margin_at(&self, price: Decimal) -> CalcResult<Decimal> {
        self.maintenance_at(price)?
            .0
            .margin(self.notional_at(price)?)
    }

    /// True when `price` is at or beyond `level` on this position's losing side.
    fn beyond(&self, price: Decimal, level: Decimal) -> bool {
        match self.side {
            Side::Long => price <= level,
            Side::Short => price >= level,
        }
    }
}

fn check_maintenance(m: &Maintenance) -> CalcResult<()> {
    input::unit_rate(Field::MaintenanceRate, m.rate)?;
    input::money_non_negative(Field::MaintenanceAmount, m.amount)?;
    Ok(())
}

/// A cross-margin account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    wallet_balance: Decimal,
    positions: Vec<Position>,
}

/// One position in the account view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PositionView {
    /// Notional at mark (settlement currency).
    pub notional: Decimal,
    /// Unrealised PnL at mark.
    pub unrealized_pnl: Decimal,
    /// Maintenance margin at mark.
    pub maintenance_margin: Decimal,
    /// Rate and amount of the tier at mark.
    pub maintenance: Maintenance,
    /// Tier at mark (tables only).
    pub tier: Option<u32>,
    /// The margin backing this position, others held at mark: `WB − TMM₁ + UPNL₁`.
    pub backing_margin: Decimal,
    /// Liquidation price with the others held at their marks (`None`: no price liquidates).
    pub liquidation_price: Option<Decimal>,
    /// Tier at the liquidation price (tables only).
    pub liquidation_tier: Option<u32>,
    /// `|LP − mark| / mark`.
    pub liquidation_distance: Option<Decimal>,
}

/// The account at its marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView {
    pub wallet_balance: Decimal,
    /// `Σ PnLᵢ` at mark.
    pub unrealized_pnl: Decimal,
    /// `MB = WB + Σ PnLᵢ`.
    pub margin_balance: Decimal,
    /// `TMM = Σ MMᵢ`.
    pub total_maintenance: Decimal,
    /// Gross notional `Σ Nᵢ`.
    pub total_notional: Decimal,
    /// `TMM / MB`; `None` when the margin balance is not positive (bankrupt).
    pub margin_ratio: Option<Decimal>,
    /// `Σ Nᵢ / MB`; `None` when the margin balance is not positive.
    pub effective_leverage: Option<Decimal>,
    /// Margin ratio at or above 100 % (or margin balance ≤ 0): the venue liquidates.
    pub liquidated: bool,
    pub positions: Vec<PositionView>,
}

/// One row of the price-shock table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShockRow {
    /// The move of every underlying, as a fraction (−0.1 = −10 %).
    pub shock: Decimal,
    /// Each position's price after the shock: `mark·(1 + shock)`.
    pub prices: Vec<Decimal>,
    /// Margin balance at the shocked prices.
    pub equity: Decimal,
    pub total_maintenance: Decimal,
    pub margin_ratio: Option<Decimal>,
    /// The account is in liquidation (`MR ≥ 100 %` or `MB ≤ 0`).
    pub liquidated: bool,
    /// Positions the liquidation closes (indices, ascending): see [`Account::shock_row`].
    pub gone: Vec<usize>,
}

/// Where a margin-ratio alert level is crossed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlertPrice {
    /// The ratio is already at or above the level.
    AlreadyCrossed,
    /// Crossed when this position's price reaches `price`.
    At { price: Decimal, tier: Option<u32> },
    /// No positive price crosses it.
    Never,
}

/// First uniform shocks at which the margin ratio reaches a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShockCrossing {
    /// Largest downward shock (closest to 0, ≤ 0) that reaches the level, down to −99.9 %.
    pub down: Option<Decimal>,
    /// Smallest upward shock (≥ 0) that reaches the level, up to +99 900 %.
    pub up: Option<Decimal>,
}

/// Wallet change that puts a position's liquidation price on a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarginChange {
    /// Positive: margin to add; negative: margin that can be withdrawn.
    pub amount: Decimal,
    pub wallet_balance_after: Decimal,
}

/// How much of a position to close to reach a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CutPlan {
    pub position: usize,
    /// Quantity to close (rounded up to the step).
    pub cut: Decimal,
    pub remaining: Decimal,
    /// False when closing the whole position is not enough (then `cut` is the whole quantity).
    pub reaches_target: bool,
    /// Fee paid to close `cut` at mark.
    pub close_fee: Decimal,
    pub effective_leverage_after: Option<Decimal>,
    pub margin_ratio_after: Option<Decimal>,
}

/// Position-size limits the user sets. Every field is optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    /// Largest loss at a position's stop, from its entry, as a percent of the margin balance
    /// (1 = 1 %).
    pub max_risk_percent: Option<Decimal>,
    /// Largest effective leverage of the account, `Σ Nᵢ / MB`.
    pub max_effective_leverage: Option<Decimal>,
    /// Largest notional of one position at mark (settlement currency).
    pub max_position_notional: Option<Decimal>,
    /// Highest venue bracket (tier number, 1-based) a position may sit in at mark.
    pub max_tier: Option<u32>,
}

impl Limits {
    /// Validated limits.
    ///
    /// # Errors
    /// [`CalcError::NotPositive`] or [`CalcError::TooLarge`] naming the field.
    pub fn new(
        max_risk_percent: Option<Decimal>,
        max_effective_leverage: Option<Decimal>,
        max_position_notional: Option<Decimal>,
        max_tier: Option<u32>,
    ) -> CalcResult<Limits> {
        if let Some(p) = max_risk_percent {
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
        if let Some(l) = max_effective_leverage {
            if l <= Decimal::ZERO {
                return Err(CalcError::NotPositive(Field::Leverage));
            }
            input::leverage(l.max(Decimal::ONE))?;
        }
        if let Some(n) = max_position_notional {
            input::money_positive(Field::Notional, n)?;
        }
        if max_tier == Some(0) {
            return Err(CalcError::NotPositive(Field::OtherPositions));
        }
        Ok(Limits {
            max_risk_percent,
            max_effective_leverage,
            max_position_notional,
            max_tier,
        })
    }
}

/// A limit the account breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BrokenLimit {
    /// Loss at the stop above the risk budget (`max` is the budget as an amount).
    RiskPerTrade {
        position: usize,
        risk: Decimal,
        max: Decimal,
    },
    /// A risk limit is set but the position has no stop: its risk is unbounded.
    NoStop { position: usize },
    /// Effective leverage above the limit (`None`: margin balance not positive).
    AccountLeverage {
        leverage: Option<Decimal>,
        max: Decimal,
    },
    /// Notional at mark above the limit.
    PositionNotional {
        position: usize,
        notional: Decimal,
        max: Decimal,
    },
    /// The position sits in a higher bracket than allowed.
    Tier {
        position: usize,
        tier: u32,
        max_tier: u32,
    },
}

impl BrokenLimit {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            BrokenLimit::RiskPerTrade { .. } => "risk_per_trade",
            BrokenLimit::NoStop { .. } => "no_stop",
            BrokenLimit::AccountLeverage { .. } => "account_leverage",
            BrokenLimit::PositionNotional { .. } => "position_notional",
            BrokenLimit::Tier { .. } => "tier",
        }
    }

    /// A sentence for the page (positions numbered from 1).
    pub fn message(&self) -> String {
        let r = |x: &Decimal| x.round_dp(8).normalize();
        match self {
            BrokenLimit::RiskPerTrade {
                position,
                risk,
                max,
            } => format!(
                "Position {}: the loss at its stop ({}) is above your risk limit ({}).",
                position + 1,
                r(risk),
                r(max)
            ),
            BrokenLimit::NoStop { position } => format!(
                "Position {} has no stop, so its risk is not limited.",
                position + 1
            ),
            BrokenLimit::AccountLeverage {
                leverage: Some(l),
                max,
            } => format!(
                "The account's effective leverage ({}×) is above your limit ({}×).",
                l.round_dp(2).normalize(),
                r(max)
            ),
            BrokenLimit::AccountLeverage {
                leverage: None,
                max,
            } => format!(
                "The margin balance is not positive: leverage is unbounded (limit {}×).",
                r(max)
            ),
            BrokenLimit::PositionNotional {
                position,
                notional,
                max,
            } => format!(
                "Position {}: notional {} is above your limit ({}).",
                position + 1,
                r(notional),
                r(max)
            ),
            BrokenLimit::Tier {
                position,
                tier,
                max_tier,
            } => format!(
                "Position {} is in bracket {tier}, above your limit (bracket {max_tier}).",
                position + 1
            ),
        }
    }
}

/// Sums at a set of prices.
struct State {
    equity: Decimal,
    tmm: Decimal,
    upnl: Decimal,
    pnl: Vec<Decimal>,
    mm: Vec<Decimal>,
}

impl Account {
    /// A validated account.
    ///
    /// # Errors
    /// [`CalcError::TooLarge`] for more than [`MAX_POSITIONS`] positions or a wallet out of
    /// range; [`CalcError::NotApplicable`] when linear and inverse positions are mixed; any
    /// position's own validation error.
    pub fn new(wallet_balance: Decimal, positions: Vec<Position>) -> CalcResult<Account> {
        input::money_signed(Field::WalletBalance, wallet_balance)?;
        if positions.len() > MAX_POSITIONS {
            return Err(CalcError::TooLarge {
                field: Field::OtherPositions,
                max: Decimal::from(MAX_POSITIONS as u64),
            });
        }
        for p in &positions {
            p.validate()?;
        }
        if let Some(first) = positions.first() {
            let s = first.contract.settlement();
            if positions.iter().any(|p| p.contract.settlement() != s) {
                return Err(CalcError::NotApplicable {
                    field: Field::OtherPositions,
                    reason: "linear and inverse positions settle in different currencies and \
                             cannot share one cross margin",
                });
            }
        }
        Ok(Account {
            wallet_balance,
            positions,
        })
    }

    pub fn wallet_balance(&self) -> Decimal {
        self.wallet_balance
    }

    pub fn positions(&self) -> &[Position] {
        &self.positions
    }

    fn position(&self, i: usize) -> CalcResult<&Position> {
        self.positions
            .get(i)
            .ok_or(CalcError::Degenerate("there is no such position"))
    }

    fn marks(&self) -> Vec<Decimal> {
        self.positions.iter().map(|p| p.mark_price).collect()
    }

    fn state(&self, prices: &[Decimal]) -> CalcResult<State> {
        let mut pnl = Vec::with_capacity(self.positions.len());
        let mut mm = Vec::with_capacity(self.positions.len());
        let (mut upnl, mut tmm) = (Decimal::ZERO, Decimal::ZERO);
        for (p, &price) in self.positions.iter().zip(prices) {
            let x = p.pnl_at(price)?;
            let m = p.maintenance_margin_at(price)?;
            upnl = add(upnl, x)?;
            tmm = add(tmm, m)?;
            pnl.push(x);
            mm.push(m);
        }
        Ok(State {
            equity: add(self.wallet_balance, upnl)?,
            tmm,
            upnl,
            pnl,
            mm,
        })
    }

    /// Margin balance, maintenance, margin ratio, effective leverage and each position's
    /// liquidation price given the others.
    ///
    /// # Formula
    /// ```text
    /// MB = WB + Σ PnLᵢ(markᵢ)      TMM = Σ MMᵢ(markᵢ)      MR = TMM / MB      EL = Σ Nᵢ / MB
    /// LPᵢ: Mᵢ + PnLᵢ(LP) = MMᵢ(LP),   Mᵢ = WB − (TMM − MMᵢ) + (Σ PnL − PnLᵢ)
    /// ```
    /// Source: Binance FAQ "Liquidation Protocols" (margin ratio); Binance USDⓈ-M liquidation
    /// price FAQ (`WB − TMM1 + UPNL1`); see the module docs.
    ///
    /// # Errors
    /// [`CalcError::Overflow`] / [`CalcError::Degenerate`] for out-of-range combinations.
    pub fn view(&self) -> CalcResult<AccountView> {
        let marks = self.marks();
        let st = self.state(&marks)?;
        let mut positions = Vec::with_capacity(self.positions.len());
        let mut total_notional = Decimal::ZERO;
        for (i, p) in self.positions.iter().enumerate() {
            let notional = p.notional_at(p.mark_price)?;
            total_notional = add(total_notional, notional)?;
            let (maintenance, tier) = p.maintenance_at(p.mark_price)?;
            let backing = self.backing_margin(&st, i)?;
            let (trigger, liquidation_tier) = solve_level(p, backing, Decimal::ONE)?;
            let liquidation_price = trigger.price();
            let liquidation_distance = match liquidation_price {
                Some(lp) => Some(div(sub(lp, p.mark_price)?.abs(), p.mark_price)?),
                None => None,
            };
            positions.push(PositionView {
                notional,
                unrealized_pnl: st.pnl[i],
                maintenance_margin: st.mm[i],
                maintenance,
                tier,
                backing_margin: backing,
                liquidation_price,
                liquidation_tier,
                liquidation_distance,
            });
        }
        let (margin_ratio, effective_leverage) = if st.equity > Decimal::ZERO {
            (
                Some(div(st.tmm, st.equity)?),
                Some(div(total_notional, st.equity)?),
            )
        } else {
            (None, None)
        };
        Ok(AccountView {
            wallet_balance: self.wallet_balance,
            unrealized_pnl: st.upnl,
            margin_balance: st.equity,
            total_maintenance: st.tmm,
            total_notional,
            margin_ratio,
            effective_leverage,
            liquidated: in_liquidation(st.equity, st.tmm),
            positions,
        })
    }

    /// `Mᵢ = WB − TMM₁ + UPNL₁` (the others at the prices of `st`).
    fn backing_margin(&self, st: &State, i: usize) -> CalcResult<Decimal> {
        let tmm_others = sub(st.tmm, st.mm[i])?;
        let upnl_others = sub(st.upnl, st.pnl[i])?;
        add(sub(self.wallet_balance, tmm_others)?, upnl_others)
    }

    /// The account when every underlying moves by `shock` (a fraction, > −1).
    ///
    /// # Formula
    /// ```text
    /// Pᵢ = markᵢ·(1 + x)       MB(x) = WB + Σ PnLᵢ(Pᵢ)       TMM(x) = Σ MMᵢ(Pᵢ)
    /// liquidated  ⇔  MB(x) ≤ TMM(x)
    /// ```
    /// When liquidated, `gone` lists the positions closed by this model of a partial
    /// liquidation: positions are closed at the shocked price, largest maintenance margin
    /// first, until `MB > TMM` of what remains (closing realises the PnL, so `MB` is unchanged
    /// and `TMM` falls by the closed position's `MMᵢ`; fees ignored). With `MB ≤ 0` every
    /// position goes. Venues close in their own order ("Binance avoids full liquidation of a
    /// user's position whenever possible", Liquidation Protocols FAQ); this is an illustration
    /// of that, not a venue's algorithm.
    ///
    /// # Errors
    /// [`CalcError::TooSmall`] for `shock ≤ −1`, [`CalcError::TooLarge`] above
    /// [`MAX_SHOCK`]; overflow.
    pub fn shock_row(&self, shock: Decimal) -> CalcResult<ShockRow> {
        let prices = self.shocked_prices(shock)?;
        let st = self.state(&prices)?;
        let liquidated = in_liquidation(st.equity, st.tmm);
        let mut gone = Vec::new();
        if liquidated {
            let mut order: Vec<usize> = (0..self.positions.len()).collect();
            order.sort_by(|&a, &b| st.mm[b].cmp(&st.mm[a]).then(a.cmp(&b)));
            let mut tmm = st.tmm;
            for i in order {
                if st.equity > tmm {
                    break;
                }
                gone.push(i);
                tmm = sub(tmm, st.mm[i])?;
            }
            gone.sort_unstable();
        }
        Ok(ShockRow {
            shock,
            prices,
            equity: st.equity,
            total_maintenance: st.tmm,
            margin_ratio: ratio(st.tmm, st.equity)?,
            liquidated,
            gone,
        })
    }

    /// The shock table for a list of shocks (e.g. [`default_shocks`]).
    ///
    /// ```text
    /// row(x) = shock_row(x)   for x in shocks
    /// ```
    pub fn shock_table(&self, shocks: &[Decimal]) -> CalcResult<Vec<ShockRow>> {
        shocks.iter().map(|&x| self.shock_row(x)).collect()
    }

    fn shocked_prices(&self, shock: Decimal) -> CalcResult<Vec<Decimal>> {
        if shock <= Decimal::NEGATIVE_ONE {
            return Err(CalcError::TooSmall {
                field: Field::MarkPrice,
                min: Decimal::new(-99_9999, 6),
            });
        }
        if shock > MAX_SHOCK {
            return Err(CalcError::TooLarge {
                field: Field::MarkPrice,
                max: MAX_SHOCK,
            });
        }
        let f = add(Decimal::ONE, shock)?;
        self.positions
            .iter()
            .map(|p| mul(p.mark_price, f))
            .collect()
    }

    /// First uniform shocks, downward and upward, at which the margin ratio reaches `level`
    /// (`level = 1`: the account's liquidation move).
    ///
    /// # Formula
    /// ```text
    /// down = max{x ≤ 0 : MR(x) ≥ level or MB(x) ≤ 0},   up = min{x ≥ 0 : …}
    /// ```
    /// Found on a grid of 400 steps in `ln(1 + x)` per direction (to ×1/1000 and ×1000), then
    /// bisected to a width of 10⁻¹⁸. A crossing narrower than a grid step (possible only for
    /// hedged accounts whose ratio is not monotone) can be missed.
    ///
    /// # Errors
    /// [`CalcError::NotPositive`] for `level ≤ 0`; overflow.
    pub fn shock_to_ratio(&self, level: Decimal) -> CalcResult<ShockCrossing> {
        if level <= Decimal::ZERO {
            return Err(CalcError::NotPositive(Field::Risk));
        }
        let reached = |x: Decimal| -> CalcResult<bool> {
            let st = self.state(&self.shocked_prices(x)?)?;
            Ok(st.equity <= Decimal::ZERO || st.tmm >= mul(level, st.equity)?)
        };
        if reached(Decimal::ZERO)? {
            return Ok(ShockCrossing {
                down: Some(Decimal::ZERO),
                up: Some(Decimal::ZERO),
            });
        }
        let search = |sign: f64| -> CalcResult<Option<Decimal>> {
            const STEPS: u32 = 400;
            let span = 1000f64.ln();
            let mut safe = Decimal::ZERO;
            for j in 1..=STEPS {
                let u = sign * span * f64::from(j) / f64::from(STEPS);
                let x = from_f64(u.exp_m1())
                    .ok_or(CalcError::Overflow)?
                    .round_dp(12);
                let x = x.max(Decimal::new(-999, 3));
                if reached(x)? {
                    let (mut lo, mut hi) = (safe, x); // reached(hi), !reached(lo)
                    for _ in 0..200 {
                        if sub(hi, lo)?.abs() <= Decimal::new(1, 18) {
                            break;
                        }
                        let mid = div(add(lo, hi)?, Decimal::TWO)?;
                        if reached(mid)? {
                            hi = mid;
                        } else {
                            lo = mid;
                        }
                    }
                    return Ok(Some(hi));
                }
                safe = x;
            }
            Ok(None)
        };
        Ok(ShockCrossing {
            down: search(-1.0)?,
            up: search(1.0)?,
        })
    }

    /// The price of position `i` (others at mark) at which the account's margin ratio reaches
    /// `level` (e.g. 0.8). At `level = 1` this is the liquidation price.
    ///
    /// # Formula
    /// `T + MMᵢ(P) = R·(K + PnLᵢ(P))`, with `T = TMM₁`, `K = WB + UPNL₁`: dividing by `R`, the
    /// liquidation root with
    /// ```text
    /// M' = K − T/R,    r' = r/R,    a' = a/R
    /// ```
    /// solved by [`liquidation::liquidation_price`] with the tier at the price.
    ///
    /// # Errors
    /// [`CalcError::NotPositive`] for `level ≤ 0`, [`CalcError::TooLarge`] above 10; overflow.
    pub fn alert_price(&self, i: usize, level: Decimal) -> CalcResult<AlertPrice> {
        if level <= Decimal::ZERO {
            return Err(CalcError::NotPositive(Field::Risk));
        }
        if level > Decimal::TEN {
            return Err(CalcError::TooLarge {
                field: Field::Risk,
                max: Decimal::TEN,
            });
        }
        let p = self.position(i)?;
        let st = self.state(&self.marks())?;
        if st.equity <= Decimal::ZERO || st.tmm >= mul(level, st.equity)? {
            return Ok(AlertPrice::AlreadyCrossed);
        }
        let t = sub(st.tmm, st.mm[i])?;
        let k = add(self.wallet_balance, sub(st.upnl, st.pnl[i])?)?;
        let m = sub(k, div(t, level)?)?;
        let (trigger, tier) = solve_level(p, m, level)?;
        Ok(match trigger {
            Trigger::At(price) => AlertPrice::At { price, tier },
            Trigger::Never => AlertPrice::Never,
        })
    }

    /// Wallet change that moves position `i`'s liquidation price (others at mark) exactly to
    /// `target`.
    ///
    /// # Formula
    /// ```text
    /// Mᵢ* = MMᵢ(T) − PnLᵢ(T)           (tier at T)
    /// ΔWB = Mᵢ* − Mᵢ,   Mᵢ = WB − TMM₁ + UPNL₁
    /// ```
    /// (the root condition `M + PnL(T) = MM(T)` solved for `M`; Binance liquidation-price FAQ).
    ///
    /// # Errors
    /// [`CalcError::NotApplicable`] when the target is not on the losing side of the mark;
    /// a price out of range.
    pub fn margin_to_move_liquidation(
        &self,
        i: usize,
        target: Decimal,
    ) -> CalcResult<MarginChange> {
        let p = self.position(i)?;
        input::price(Field::Margin, target)?;
        if !p.beyond(target, p.mark_price) || target == p.mark_price {
            return Err(CalcError::NotApplicable {
                field: Field::Margin,
                reason: "the target liquidation price must be below the mark price for a long \
                         (above it for a short)",
            });
        }
        let st = self.state(&self.marks())?;
        let needed = sub(p.maintenance_margin_at(target)?, p.pnl_at(target)?)?;
        let current = self.backing_margin(&st, i)?;
        let amount = sub(needed, current)?;
        Ok(MarginChange {
            amount,
            wallet_balance_after: add(self.wallet_balance, amount)?,
        })
    }

    /// The account with `amount` added to the wallet (negative: withdrawn).
    ///
    /// ```text
    /// WB' = WB + amount
    /// ```
    pub fn with_wallet_change(&self, amount: Decimal) -> CalcResult<Account> {
        Account::new(add(self.wallet_balance, amount)?, self.positions.clone())
    }

    /// The account after closing `cut` of position `i` at its mark, paying `close_fee_rate`
    /// on the closed notional. The realised PnL and the fee go to the wallet; a fully closed
    /// position is removed (later indices shift down by one).
    ///
    /// ```text
    /// WB' = WB + PnLᵢ(mark)·cut/Q − N(mark)·cut/Q·f,    Q' = Q − cut
    /// ```
    ///
    /// # Errors
    /// [`CalcError::TooLarge`] when `cut > Q`; [`CalcError::Negative`] for `cut < 0`.
    pub fn with_cut(&self, i: usize, cut: Decimal, close_fee_rate: Decimal) -> CalcResult<Account> {
        let p = self.position(i)?;
        input::fee_rate(Field::TakerFee, close_fee_rate)?;
        if cut < Decimal::ZERO {
            return Err(CalcError::Negative(Field::Quantity));
        }
        if cut > p.quantity {
            return Err(CalcError::TooLarge {
                field: Field::Quantity,
                max: p.quantity,
            });
        }
        let closed = Position {
            quantity: cut,
            ..p.clone()
        };
        let realised = if cut.is_zero() {
            Decimal::ZERO
        } else {
            sub(
                closed.pnl_at(p.mark_price)?,
                mul(closed.notional_at(p.mark_price)?, close_fee_rate)?,
            )?
        };
        let mut positions = self.positions.clone();
        let remaining = sub(p.quantity, cut)?;
        if remaining.is_zero() {
            positions.remove(i);
        } else {
            positions[i].quantity = remaining;
        }
        Account::new(add(self.wallet_balance, realised)?, positions)
    }

    /// Quantity of position `i` to close at mark so that the account's effective leverage
    /// falls to `target`.
    ///
    /// # Formula
    /// With `n = Nᵢ/Qᵢ` (notional per unit at mark) and close fee rate `f`:
    /// ```text
    /// (ΣN − n·ΔQ) / (MB − f·n·ΔQ) = L*   ⇒   ΔQ = (ΣN − L*·MB) / (n·(1 − L*·f))
    /// ```
    /// rounded up to `step` (when given) and capped at `Qᵢ`.
    ///
    /// # Errors
    /// [`CalcError::Degenerate`] when the margin balance is not positive; invalid inputs.
    pub fn cut_to_leverage(
        &self,
        i: usize,
        target: Decimal,
        close_fee_rate: Decimal,
        step: Option<Decimal>,
    ) -> CalcResult<CutPlan> {
        let p = self.position(i)?;
        if target <= Decimal::ZERO {
            return Err(CalcError::NotPositive(Field::Leverage));
        }
        input::fee_rate(Field::TakerFee, close_fee_rate)?;
        let v = self.view()?;
        if v.margin_balance <= Decimal::ZERO {
            return Err(CalcError::Degenerate(
                "the margin balance is not positive, so leverage is unbounded",
            ));
        }
        let excess = sub(v.total_notional, mul(target, v.margin_balance)?)?;
        if excess <= Decimal::ZERO {
            return self.plan(i, Decimal::ZERO, true, close_fee_rate);
        }
        let n = div(v.positions[i].notional, p.quantity)?;
        let den = mul(n, sub(Decimal::ONE, mul(target, close_fee_rate)?)?)?;
        if den <= Decimal::ZERO {
            return self.plan(i, p.quantity, false, close_fee_rate);
        }
        let dq = div(excess, den)?;
        self.plan_rounded(i, dq, step, close_fee_rate)
    }

    /// Quantity of position `i` to close at mark so that the margin ratio falls to `target`.
    ///
    /// # Formula
    /// With `T = TMM₁` (others), tier `(r, a)` at the remaining size `q'`, `n = Nᵢ/Qᵢ`:
    /// ```text
    /// (T + n·q'·r − a) / (MB − f·n·(Qᵢ − q')) = R*
    /// ⇒ q' = (R*·(MB − f·n·Qᵢ) − T + a) / (n·(r − R*·f)),     ΔQ = Qᵢ − q'
    /// ```
    /// solved tier by tier until the tier of `q'` is the one used (bisection on `q'` if a
    /// table never settles), rounded up to `step` and capped at `Qᵢ`.
    ///
    /// # Errors
    /// [`CalcError::Degenerate`] when the margin balance is not positive; invalid inputs.
    pub fn cut_to_margin_ratio(
        &self,
        i: usize,
        target: Decimal,
        close_fee_rate: Decimal,
        step: Option<Decimal>,
    ) -> CalcResult<CutPlan> {
        let p = self.position(i)?;
        if target <= Decimal::ZERO {
            return Err(CalcError::NotPositive(Field::Risk));
        }
        input::fee_rate(Field::TakerFee, close_fee_rate)?;
        let st = self.state(&self.marks())?;
        if st.equity <= Decimal::ZERO {
            return Err(CalcError::Degenerate(
                "the margin balance is not positive, so the margin ratio is unbounded",
            ));
        }
        if st.tmm <= mul(target, st.equity)? {
            return self.plan(i, Decimal::ZERO, true, close_fee_rate);
        }
        let q = p.quantity;
        let n = div(p.notional_at(p.mark_price)?, q)?;
        let t = sub(st.tmm, st.mm[i])?;
        let f = close_fee_rate;
        // Ratio after keeping q' of the position.
        let ratio_at = |qr: Decimal| -> CalcResult<Option<Decimal>> {
            let mm = if qr.is_zero() {
                Decimal::ZERO
            } else {
                p.maintenance_for(qr, p.mark_price)?.0.margin(mul(n, qr)?)?
            };
            let mb = sub(st.equity, mul(mul(f, n)?, sub(q, qr)?)?)?;
            if mb <= Decimal::ZERO {
                return Ok(None);
            }
            Ok(Some(div(add(t, mm)?, mb)?))
        };
        let solve = |m: &Maintenance| -> CalcResult<Option<Decimal>> {
            let den = mul(n, sub(m.rate, mul(target, f)?)?)?;
            if den <= Decimal::ZERO {
                return Ok(None);
            }
            let num = add(
                sub(mul(target, sub(st.equity, mul(mul(f, n)?, q)?)?)?, t)?,
                m.amount,
            )?;
            Ok(Some(div(num, den)?))
        };
        let mut keep: Option<Decimal> = None;
        let (mut m, mut tier) = p.maintenance_for(q, p.mark_price)?;
        let tiers = match &p.maintenance {
            MaintenanceSource::Table(tb) => tb.brackets.len(),
            MaintenanceSource::Fixed(_) => 1,
        };
        for _ in 0..=tiers {
            let Some(qr) = solve(&m)? else { break };
            if qr <= Decimal::ZERO || qr >= q {
                keep = Some(qr.max(Decimal::ZERO).min(q));
                break;
            }
            let (m2, tier2) = p.maintenance_for(qr, p.mark_price)?;
            if tier2 == tier {
                keep = Some(qr);
                break;
            }
            m = m2;
            tier = tier2;
        }
        let keep = match keep {
            Some(k) => k,
            None => {
                // Bisection: the largest q' whose ratio is at most the target.
                let ok = |qr: Decimal| -> CalcResult<bool> {
                    Ok(ratio_at(qr)?.is_some_and(|r| r <= target))
                };
                if !ok(Decimal::ZERO)? {
                    Decimal::ZERO
                } else {
                    let (mut lo, mut hi) = (Decimal::ZERO, q);
                    for _ in 0..200 {
                        if sub(hi, lo)? <= mul(q, Decimal::new(1, 20))? {
                            break;
                        }
                        let mid = div(add(lo, hi)?, Decimal::TWO)?;
                        if ok(mid)? {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    lo
                }
            }
        };
        // Whether closing everything reaches the target.
        if keep.is_zero() && ratio_at(Decimal::ZERO)?.is_none_or(|r| r > target) {
            return self.plan(i, q, false, close_fee_rate);
        }
        self.plan_rounded(i, sub(q, keep)?, step, close_fee_rate)
    }

    fn plan_rounded(
        &self,
        i: usize,
        cut: Decimal,
        step: Option<Decimal>,
        fee: Decimal,
    ) -> CalcResult<CutPlan> {
        let q = self.position(i)?.quantity;
        let mut cut = cut.max(Decimal::ZERO);
        if let Some(s) = step {
            if s <= Decimal::ZERO {
                return Err(CalcError::NotPositive(Field::QuantityStep));
            }
            cut = mul(div(cut, s)?.ceil(), s)?;
        }
        if cut > q {
            return self.plan(i, q, false, fee);
        }
        self.plan(i, cut, true, fee)
    }

    fn plan(&self, i: usize, cut: Decimal, reaches: bool, fee: Decimal) -> CalcResult<CutPlan> {
        let p = self.position(i)?;
        let after = self.with_cut(i, cut, fee)?.view()?;
        let close_fee = mul(p.contract.notional(cut, p.mark_price)?, fee)?;
        Ok(CutPlan {
            position: i,
            cut,
            remaining: sub(p.quantity, cut)?,
            reaches_target: reaches,
            close_fee,
            effective_leverage_after: after.effective_leverage,
            margin_ratio_after: after.margin_ratio,
        })
    }

    /// The limits the account breaks (empty: none).
    ///
    /// # Formula
    /// ```text
    /// risk per trade:  −PnLᵢ(stopᵢ) > MB · pct/100          (loss from entry to stop)
    /// leverage:        Σ Nᵢ / MB > L_max                    (or MB ≤ 0)
    /// notional:        Nᵢ(markᵢ) > N_max
    /// bracket:         tierᵢ(markᵢ) > tier_max              (positions with a table)
    /// ```
    /// Fixed-fractional risk as in [`crate::engine::sizing`].
    ///
    /// # Errors
    /// Overflow only.
    pub fn check_limits(&self, limits: &Limits) -> CalcResult<Vec<BrokenLimit>> {
        let v = self.view()?;
        let mut out = Vec::new();
        if let Some(max) = limits.max_effective_leverage {
            match v.effective_leverage {
                Some(l) if l <= max => {}
                leverage => out.push(BrokenLimit::AccountLeverage { leverage, max }),
            }
        }
        for (i, (p, pv)) in self.positions.iter().zip(&v.positions).enumerate() {
            if let Some(pct) = limits.max_risk_percent {
                let budget = div(mul(v.margin_balance, pct)?, Decimal::ONE_HUNDRED)?;
                match p.stop_price {
                    None => out.push(BrokenLimit::NoStop { position: i }),
                    Some(s) => {
                        let risk = super::num::neg(p.pnl_at(s)?).max(Decimal::ZERO);
                        if risk > budget.max(Decimal::ZERO) || v.margin_balance <= Decimal::ZERO {
                            out.push(BrokenLimit::RiskPerTrade {
                                position: i,
                                risk,
                                max: budget,
                            });
                        }
                    }
                }
            }
            if let Some(max) = limits.max_position_notional {
                if pv.notional > max {
                    out.push(BrokenLimit::PositionNotional {
                        position: i,
                        notional: pv.notional,
                        max,
                    });
                }
            }
            if let (Some(max_tier), Some(tier)) = (limits.max_tier, pv.tier) {
                if tier > max_tier {
                    out.push(BrokenLimit::Tier {
                        position: i,
                        tier,
                        max_tier,
                    });
                }
            }
        }
        Ok(out)
    }
}

/// The default shocks of the table: −50 % … +50 % in steps of 5 %.
///
/// ```text
/// x_k = k/20,  k = −10 … 10
/// ```
pub fn default_shocks() -> Vec<Decimal> {
    (-10..=10).map(|k| Decimal::new(k * 5, 2)).collect()
}

fn in_liquidation(equity: Decimal, tmm: Decimal) -> bool {
    equity <= Decimal::ZERO || tmm >= equity
}

fn ratio(tmm: Decimal, equity: Decimal) -> CalcResult<Option<Decimal>> {
    if equity > Decimal::ZERO {
        Ok(Some(div(tmm, equity)?))
    } else {
        Ok(None)
    }
}

/// Root of `M + PnL(P) = (N(P)·r − a)/R` with the tier holding `N(P)`.
fn solve_level(
    p: &Position,
    margin: Decimal,
    level: Decimal,
) -> CalcResult<(Trigger, Option<u32>)> {
    let solve = |m: &Maintenance| -> CalcResult<Trigger> {
        let scaled = Maintenance::new(div(m.rate, level)?, div(m.amount, level)?);
        liquidation::liquidation_price(
            p.contract,
            p.side,
            p.quantity,
            p.entry_price,
            margin,
            &scaled,
        )
    };
    match &p.maintenance {
        MaintenanceSource::Fixed(m) => Ok((solve(m)?, None)),
        MaintenanceSource::Table(t) => {
            let start = t.at_price(p.contract, p.quantity, p.mark_price)?;
            let (trigger, choice) = brackets::resolve(t, p.contract, p.quantity, start, solve)?;
            Ok((trigger, Some(choice.tier)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::brackets::{Bracket, BracketTable, Lookup, TierUnit};
    use core::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn fixed(rate: &str) -> MaintenanceSource {
        MaintenanceSource::Fixed(Maintenance::new(d(rate), Decimal::ZERO))
    }

    fn long(q: &str, e: &str, m: &str) -> Position {
        Position::new(
            Side::Long,
            ContractKind::Linear,
            d(q),
            d(e),
            d(m),
            fixed("0.005"),
        )
        .unwrap()
    }

    fn short(q: &str, e: &str, m: &str) -> Position {
        Position::new(
            Side::Short,
            ContractKind::Linear,
            d(q),
            d(e),
            d(m),
            fixed("0.005"),
        )
        .unwrap()
    }

    fn table() -> MaintenanceSource {
        // Binance-style: 0–50k 0.4 %, 50k–250k 0.5 % (cum 50), 250k+ 1 % (cum 1,300).
        let b = |floor: &str, cap: &str, rate: &str, amount: &str, lev: &str| Bracket {
            floor: d(floor),
            cap: d(cap),
            maintenance: Maintenance::new(d(rate), d(amount)),
            max_leverage: d(lev),
        };
        MaintenanceSource::Table(BracketTable {
            brackets: vec![
                b("0", "50000", "0.004", "0", "125"),
                b("50000", "250000", "0.005", "50", "100"),
                b("250000", "1000000", "0.01", "1300", "50"),
            ],
            unit: TierUnit::Notional,
            lookup: Lookup::FloorInclusive,
        })
    }

    fn rel(a: Decimal, b: Decimal) -> Decimal {
        if b.is_zero() {
            a.abs()
        } else {
            ((a - b) / b).abs()
        }
    }

    #[test]
    fn single_position_matches_isolated_root() {
        // One position: Mᵢ = WB, so the LP is the plain root with margin WB.
        let acc = Account::new(d("1000"), vec![long("1", "20000", "20000")]).unwrap();
        let v = acc.view().unwrap();
        let want = liquidation::liquidation_price(
            ContractKind::Linear,
            Side::Long,
            d("1"),
            d("20000"),
            d("1000"),
            &Maintenance::new(d("0.005"), Decimal::ZERO),
        )
        .unwrap()
        .price()
        .unwrap();
        assert_eq!(v.positions[0].liquidation_price, Some(want));
        assert_eq!(v.margin_balance, d("1000"));
        assert_eq!(v.total_maintenance, d("100"));
        assert_eq!(v.margin_ratio, Some(d("0.1")));
        assert_eq!(v.effective_leverage, Some(d("20")));
        assert!(!v.liquidated);
    }

    #[test]
    fn equity_equals_maintenance_at_each_liquidation_price() {
        let acc = Account::new(
            d("20000"),
            vec![
                Position::new(
                    Side::Long,
                    ContractKind::Linear,
                    d("5"),
                    d("60000"),
                    d("61000"),
                    table(),
                )
                .unwrap(),
                short("40", "3000", "2900"),
                long("100000", "1.2", "1.1"),
            ],
        )
        .unwrap();
        let v = acc.view().unwrap();
        for (i, pv) in v.positions.iter().enumerate() {
            let lp = pv.liquidation_price.unwrap();
            let mut prices = acc.marks();
            prices[i] = lp;
            let st = acc.state(&prices).unwrap();
            assert!(
                rel(st.equity, st.tmm) <= d("1e-12"),
                "{i}: {} vs {}",
                st.equity,
                st.tmm
            );
        }
        // The big long's notional at LP stays in tier 3 (≥ 250k): bracket re-solve used.
        assert_eq!(v.positions[0].liquidation_tier, Some(3));
    }

    #[test]
    fn shock_zero_is_current_state_and_big_drop_liquidates() {
        let acc = Account::new(
            d("2000"),
            vec![long("1", "20000", "20000"), short("10", "1000", "1000")],
        )
        .unwrap();
        let v = acc.view().unwrap();
        let rows = acc.shock_table(&default_shocks()).unwrap();
        assert_eq!(rows.len(), 21);
        let zero = &rows[10];
        assert_eq!(zero.shock, Decimal::ZERO);
        assert_eq!(zero.equity, v.margin_balance);
        assert_eq!(zero.total_maintenance, v.total_maintenance);
        assert_eq!(zero.margin_ratio, v.margin_ratio);
        assert!(zero.gone.is_empty());
        // Net long 10k notional: −50 % loses 5k, more than the 2k wallet: all gone.
        let worst = &rows[0];
        assert!(worst.liquidated);
        assert_eq!(worst.gone, vec![0, 1]);
    }

    #[test]
    fn partial_liquidation_closes_largest_maintenance_first() {
        // Two longs, a short hedge; after a drop, closing the biggest-MM long restores margin.
        let acc = Account::new(
            d("600"),
            vec![
                long("1", "10000", "10000"),
                long("0.1", "10000", "10000"),
                short("0.9", "10000", "10000"),
            ],
        )
        .unwrap();
        // x = −5 %: PnL = −500 − 50 + 450 = −100 ⇒ MB = 500; TMM = 47.5+4.75+42.75 = 95: fine.
        assert!(!acc.shock_row(d("-0.05")).unwrap().liquidated);
        // Raise maintenance to make it bite: a 50 % rate on the long.
        let mut ps = acc.positions().to_vec();
        ps[0].maintenance = fixed("0.5");
        let acc = Account::new(d("600"), ps).unwrap();
        let row = acc.shock_row(d("-0.05")).unwrap();
        // TMM = 4750 + 4.75 + 42.75 > 500 ⇒ liquidated; closing position 0 leaves 47.5 < 500.
        assert!(row.liquidated);
        assert_eq!(row.gone, vec![0]);
    }

    #[test]
    fn margin_to_add_hits_the_target_exactly() {
        let acc = Account::new(
            d("5000"),
            vec![
                Position::new(
                    Side::Long,
                    ContractKind::Linear,
                    d("5"),
                    d("60000"),
                    d("61000"),
                    table(),
                )
                .unwrap(),
                short("40", "3000", "2900"),
            ],
        )
        .unwrap();
        for (i, target) in [(0, d("50000")), (0, d("58000")), (1, d("3500"))] {
            let ch = acc.margin_to_move_liquidation(i, target).unwrap();
            let after = acc.with_wallet_change(ch.amount).unwrap();
            let lp = after.view().unwrap().positions[i]
                .liquidation_price
                .unwrap();
            assert!(rel(lp, target) <= d("1e-20"), "{lp} vs {target}");
        }
        assert!(acc.margin_to_move_liquidation(0, d("62000")).is_err());
    }

    #[test]
    fn alert_at_level_one_is_the_liquidation_price() {
        let acc = Account::new(
            d("3000"),
            vec![long("1", "20000", "20500"), short("5", "2000", "1900")],
        )
        .unwrap();
        let v = acc.view().unwrap();
        for i in 0..2 {
            let AlertPrice::At { price, .. } = acc.alert_price(i, Decimal::ONE).unwrap() else {
                panic!("no alert price");
            };
            assert!(rel(price, v.positions[i].liquidation_price.unwrap()) <= d("1e-24"));
            let AlertPrice::At { price, .. } = acc.alert_price(i, d("0.8")).unwrap() else {
                panic!("no alert price");
            };
            let mut prices = acc.marks();
            prices[i] = price;
            let st = acc.state(&prices).unwrap();
            assert!(rel(st.tmm / st.equity, d("0.8")) <= d("1e-20"));
        }
        assert_eq!(
            acc.alert_price(0, d("0.0001")).unwrap(),
            AlertPrice::AlreadyCrossed
        );
    }

    #[test]
    fn shock_to_ratio_brackets_the_liquidation_move() {
        let acc = Account::new(d("2000"), vec![long("1", "20000", "20000")]).unwrap();
        let c = acc.shock_to_ratio(Decimal::ONE).unwrap();
        // Single long: the liquidation move is LP/mark − 1.
        let lp = acc.view().unwrap().positions[0].liquidation_price.unwrap();
        let want = lp / d("20000") - Decimal::ONE;
        assert!((c.down.unwrap() - want).abs() < d("1e-15"));
        assert_eq!(c.up, None);
    }

    #[test]
    fn cuts_reach_their_targets() {
        let acc = Account::new(
            d("2000"),
            vec![long("1", "20000", "20000"), short("10", "1000", "1000")],
        )
        .unwrap();
        // Effective leverage 30k/2k = 15×; cut the long to reach 10×.
        let plan = acc.cut_to_leverage(0, d("10"), d("0.0005"), None).unwrap();
        assert!(plan.reaches_target);
        assert!(rel(plan.effective_leverage_after.unwrap(), d("10")) <= d("1e-20"));
        // With a lot step, the cut rounds up and overshoots the target.
        let plan = acc
            .cut_to_leverage(0, d("10"), d("0.0005"), Some(d("0.001")))
            .unwrap();
        assert!(plan.effective_leverage_after.unwrap() <= d("10"));
        // Margin ratio 150/2000 = 7.5 %; cut the short to reach 6 %.
        let plan = acc
            .cut_to_margin_ratio(1, d("0.06"), d("0.0005"), None)
            .unwrap();
        assert!(plan.reaches_target);
        assert!(rel(plan.margin_ratio_after.unwrap(), d("0.06")) <= d("1e-20"));
        // 5 % is out of reach: the long alone keeps 100/1995.
        let plan = acc
            .cut_to_margin_ratio(1, d("0.05"), d("0.0005"), None)
            .unwrap();
        assert!(!plan.reaches_target);
        // Unreachable: closing the short alone cannot bring the ratio to 1 %.
        let plan = acc
            .cut_to_margin_ratio(1, d("0.01"), Decimal::ZERO, None)
            .unwrap();
        assert!(!plan.reaches_target);
        assert_eq!(plan.cut, d("10"));
        // Already met.
        let plan = acc
            .cut_to_leverage(0, d("20"), Decimal::ZERO, None)
            .unwrap();
        assert_eq!(plan.cut, Decimal::ZERO);
    }

    #[test]
    fn cut_to_ratio_walks_the_brackets() {
        let acc = Account::new(
            d("60000"),
            vec![Position::new(
                Side::Long,
                ContractKind::Linear,
                d("10"),
                d("60000"),
                d("60000"),
                table(),
            )
            .unwrap()],
        )
        .unwrap();
        // 600k notional in tier 3: MM = 6,000 − 1,300 = 4,700, ratio 7.83 %. Target 0.3 %
        // (MM 180): tier 3 gives q' in tier 2, tier 2 gives 0.7667 (46k, tier 1), tier 1 gives
        // q' = 180/240 = 0.75.
        let plan = acc
            .cut_to_margin_ratio(0, d("0.003"), Decimal::ZERO, None)
            .unwrap();
        assert!(plan.reaches_target);
        assert!(rel(plan.margin_ratio_after.unwrap(), d("0.003")) <= d("1e-20"));
        assert_eq!(plan.remaining, d("0.75"));
    }

    #[test]
    fn limits_report_what_is_broken() {
        let acc = Account::new(
            d("2000"),
            vec![
                long("1", "20000", "20000").with_stop(d("19000")).unwrap(),
                short("10", "1000", "1000"),
            ],
        )
        .unwrap();
        let limits = Limits::new(Some(d("10")), Some(d("10")), Some(d("15000")), None).unwrap();
        let broken = acc.check_limits(&limits).unwrap();
        let codes: Vec<_> = broken.iter().map(BrokenLimit::code).collect();
        // Leverage 15× > 10×; loss at stop 1,000 > 10 % of 2,000; no stop on the short;
        // notional 20k > 15k.
        assert_eq!(
            codes,
            vec![
                "account_leverage",
                "risk_per_trade",
                "position_notional",
                "no_stop"
            ]
        );
        let ok = Limits::new(Some(d("60")), Some(d("20")), None, None).unwrap();
        let broken = acc.check_limits(&ok).unwrap();
        assert_eq!(broken, vec![BrokenLimit::NoStop { position: 1 }]);
        assert!(Limits::new(Some(d("0")), None, None, None).is_err());
    }

    #[test]
    fn rejects_mixed_settlement_and_bad_input() {
        let inv = Position::new(
            Side::Long,
            ContractKind::Inverse {
                contract_size: d("100"),
            },
            d("100"),
            d("20000"),
            d("20000"),
            fixed("0.005"),
        )
        .unwrap();
        assert!(Account::new(d("1"), vec![long("1", "1", "1"), inv]).is_err());
        assert!(long("1", "100", "100").with_stop(d("101")).is_err());
        let acc = Account::new(d("100"), vec![long("1", "100", "100")]).unwrap();
        assert!(acc.shock_row(d("-1")).is_err());
        assert!(acc.alert_price(3, d("0.8")).is_err());
    }

    #[test]
    fn inverse_account_roots_hold() {
        let c = ContractKind::Inverse {
            contract_size: d("100"),
        };
        let acc = Account::new(
            d("0.5"),
            vec![
                Position::new(
                    Side::Long,
                    c,
                    d("1000"),
                    d("20000"),
                    d("21000"),
                    fixed("0.005"),
                )
                .unwrap(),
                Position::new(
                    Side::Short,
                    c,
                    d("300"),
                    d("22000"),
                    d("21000"),
                    fixed("0.005"),
                )
                .unwrap(),
            ],
        )
        .unwrap();
        let v = acc.view().unwrap();
        for (i, pv) in v.positions.iter().enumerate() {
            let mut prices = acc.marks();
            prices[i] = pv.liquidation_price.unwrap();
            let st = acc.state(&prices).unwrap();
            assert!(rel(st.equity, st.tmm) <= d("1e-12"));
        }
        let ch = acc.margin_to_move_liquidation(0, d("15000")).unwrap();
        let lp = acc
            .with_wallet_change(ch.amount)
            .unwrap()
            .view()
            .unwrap()
            .positions[0]
            .liquidation_price
            .unwrap();
        assert!(rel(lp, d("15000")) <= d("1e-20"));
    }
}
