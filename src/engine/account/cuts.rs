//! Position cuts: the account after closing part of a position at mark, and the cut that
//! brings the effective leverage (`ΔQ = (ΣN − L*·MB) / (n·(1 − L*·f))`) or the margin ratio
//! to a target.

use super::{Account, Position};
use crate::engine::error::{CalcError, CalcResult, Field};
use crate::engine::input;
use crate::engine::margin::Maintenance;
use crate::engine::num::{add, div, mul, sub};
use crate::engine::trade::MaintenanceSource;
use rust_decimal::Decimal;

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

impl Account {
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
            return Err(CalcError::NotPositive(Field::MarginRatio));
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
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{d, long, rel, short, table};
    use super::*;
    use crate::engine::contract::{ContractKind, Side};

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
}
