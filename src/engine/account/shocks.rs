//! Uniform price shocks: the account at `Pᵢ = markᵢ·(1 + x)` (liquidated when
//! `MB(x) ≤ TMM(x)`), the shock table, and the first shocks at which the margin ratio reaches
//! a level.

use super::{in_liquidation, ratio, Account, MAX_SHOCK};
use crate::engine::error::{CalcError, CalcResult, Field};
use crate::engine::num::{add, div, from_f64, mul, sub};
use crate::engine::order::sort_indices;
use rust_decimal::Decimal;

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

/// First uniform shocks at which the margin ratio reaches a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShockCrossing {
    /// Largest downward shock (closest to 0, ≤ 0) that reaches the level, down to −99.9 %.
    pub down: Option<Decimal>,
    /// Smallest upward shock (≥ 0) that reaches the level, up to +99 900 %.
    pub up: Option<Decimal>,
}

impl Account {
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
            sort_indices(&mut order, &|a, b| {
                st.mm[b].cmp(&st.mm[a]).then(a.cmp(&b)).is_lt()
            });
            let mut tmm = st.tmm;
            for i in order {
                if st.equity > tmm {
                    break;
                }
                gone.push(i);
                tmm = sub(tmm, st.mm[i])?;
            }
            sort_indices(&mut gone, &|a, b| a < b);
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
            return Err(CalcError::NotPositive(Field::MarginRatio));
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
                let x = crate::engine::num::round_half_away(
                    from_f64(u.exp_m1()).ok_or(CalcError::Overflow)?,
                    12,
                );
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
}

/// The default shocks of the table: −50 % … +50 % in steps of 5 %.
///
/// ```text
/// x_k = k/20,  k = −10 … 10
/// ```
pub fn default_shocks() -> Vec<Decimal> {
    (-10..=10).map(|k| Decimal::new(k * 5, 2)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{d, fixed, long, short};
    use super::*;

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
    fn shock_to_ratio_brackets_the_liquidation_move() {
        let acc = Account::new(d("2000"), vec![long("1", "20000", "20000")]).unwrap();
        let c = acc.shock_to_ratio(Decimal::ONE).unwrap();
        // Single long: the liquidation move is LP/mark − 1.
        let lp = acc.view().unwrap().positions[0].liquidation_price.unwrap();
        let want = lp / d("20000") - Decimal::ONE;
        assert!((c.down.unwrap() - want).abs() < d("1e-15"));
        assert_eq!(c.up, None);
    }
}
