//! Margin-ratio alerts: the price of one position (others at mark) at which `TMM / MB` reaches
//! a level, the liquidation root with `M' = K − T/R`, `r' = r/R`, `a' = a/R` (`R = 1`: the
//! liquidation price).

use super::{solve_level, Account};
use crate::engine::error::{CalcError, CalcResult, Field};
#[cfg(doc)]
use crate::engine::liquidation;
use crate::engine::liquidation::Trigger;
use crate::engine::num::{add, div, mul, sub};
use rust_decimal::Decimal;

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

impl Account {
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
            return Err(CalcError::NotPositive(Field::MarginRatio));
        }
        if level > Decimal::TEN {
            return Err(CalcError::TooLarge {
                field: Field::MarginRatio,
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
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{d, long, rel, short};
    use super::*;

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
}
