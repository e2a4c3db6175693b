//! The account at its marks: `MB = WB + Σ PnLᵢ`, `MR = TMM / MB`, `EL = Σ Nᵢ / MB`, and each
//! position's liquidation price with the others held at mark, backed by `Mᵢ = WB − TMM₁ + UPNL₁`
//! (Binance FAQs "Liquidation Protocols" and "How to Calculate Liquidation Price").

use super::{in_liquidation, solve_level, Account, State};
#[cfg(doc)]
use crate::engine::error::CalcError;
use crate::engine::error::CalcResult;
use crate::engine::margin::Maintenance;
use crate::engine::num::{add, div, sub};
use rust_decimal::Decimal;

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

impl Account {
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
    pub(super) fn backing_margin(&self, st: &State, i: usize) -> CalcResult<Decimal> {
        let tmm_others = sub(st.tmm, st.mm[i])?;
        let upnl_others = sub(st.upnl, st.pnl[i])?;
        add(sub(self.wallet_balance, tmm_others)?, upnl_others)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{d, fixed, long, rel, short, table};
    use super::*;
    use crate::engine::account::Position;
    use crate::engine::contract::{ContractKind, Side};
    use crate::engine::liquidation;

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
