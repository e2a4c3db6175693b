//! Margin moves: the wallet change that puts a position's liquidation price on a target,
//! `ΔWB = MMᵢ(T) − PnLᵢ(T) − Mᵢ` (Binance liquidation-price FAQ), and the account after a
//! wallet change.

use super::Account;
use crate::engine::error::{CalcError, CalcResult, Field};
use crate::engine::input;
use crate::engine::num::{add, sub};
use rust_decimal::Decimal;

/// Wallet change that puts a position's liquidation price on a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarginChange {
    /// Positive: margin to add; negative: margin that can be withdrawn.
    pub amount: Decimal,
    pub wallet_balance_after: Decimal,
}

impl Account {
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
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{d, rel, short, table};
    use super::*;
    use crate::engine::account::Position;
    use crate::engine::contract::{ContractKind, Side};

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
}
