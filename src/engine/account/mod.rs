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

mod alerts;
mod cuts;
mod limits;
mod margin;
mod position;
mod shocks;
#[cfg(test)]
mod test_support;
mod view;

pub use alerts::AlertPrice;
pub use cuts::CutPlan;
pub use limits::{BrokenLimit, Limits};
pub use margin::MarginChange;
pub use position::Position;
pub use shocks::{default_shocks, ShockCrossing, ShockRow};
pub use view::{AccountView, PositionView};

use super::brackets;
use super::error::{CalcError, CalcResult, Field};
use super::input;
use super::liquidation::{self, Trigger};
use super::margin::Maintenance;
use super::num::{add, div};
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

/// A cross-margin account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    wallet_balance: Decimal,
    positions: Vec<Position>,
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
    use super::test_support::{d, fixed, long};
    use super::*;
    use crate::engine::contract::{ContractKind, Side};

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
}
