//! Averaging in: a ladder of planned adds, and what each does to the liquidation price.
//!
//! The ladder starts with the first rung's fill and adds the others in order. After rung `k`
//! the position has
//!
//! ```text
//! Q_k = Σ_{j≤k} q_j
//! linear:  E_k = Σ q_j·p_j / Q_k                 (quantity-weighted mean)
//! inverse: E_k = Q_k / Σ (q_j / p_j)             (quantity-weighted harmonic mean)
//! isolated margin M_k = M_1 + Σ_{2≤j≤k} N_j(p_j)/L     (each add posts its initial margin)
//! ```
//! and is evaluated by [`trade::evaluate`] at entry `E_k`, quantity `Q_k`, so the venue's
//! formula and the bracket re-solve apply exactly as for a single trade. The average entry of
//! an inverse position is the harmonic mean because its notional in coin, `Q·C/E`, must equal
//! the sum of the fills' `q_j·C/p_j` (Binance COIN-M "average entry price"; BitMEX
//! "Average Entry Price"). With `M_1` the initial margin, `M_k = N(E_k)/L` exactly.
//!
//! The price travels from one rung to the next; rung `k` fills only if it lies before the
//! liquidation price after rung `k − 1` and before the stop (`reached`). The stop fires before
//! liquidation while the liquidation price lies beyond it; the report names the first rung
//! after which it no longer does.

use super::contract::{ContractKind, Side};
use super::error::{CalcError, CalcResult, Field};
use super::input;
use super::num::{add, div, mul};
use super::trade::{self, MarginInput, SizeInput, TradeInput, TradeReport};
use rust_decimal::Decimal;

/// Most rungs a ladder may have.
pub const MAX_RUNGS: usize = 50;

/// One planned fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rung {
    pub price: Decimal,
    /// Base units (linear) or contracts (inverse).
    pub quantity: Decimal,
}

/// A validated ladder: the trade's settings (side, contract, leverage, margin mode,
/// maintenance, fees, stop, target, venue model) and the fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ladder {
    template: TradeInput,
    rungs: Vec<Rung>,
}

/// The position after one rung.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RungReport {
    /// 0-based rung number.
    pub index: usize,
    pub price: Decimal,
    pub quantity: Decimal,
    /// `Q_k`.
    pub total_quantity: Decimal,
    /// `E_k`.
    pub average_entry: Decimal,
    /// Margin backing the position (isolated margin, or the cross margin balance).
    pub margin: Decimal,
    pub liquidation_price: Option<Decimal>,
    /// PnL of the whole position at this rung's fill price.
    pub unrealized_pnl_at_fill: Decimal,
    /// The price reaches this rung before the previous liquidation price and before the stop
    /// (always true for the first rung).
    pub reached: bool,
    /// `Some(true)`: the stop fires before liquidation; `None`: no stop.
    pub stop_fires_first: Option<bool>,
    /// The full single-trade evaluation at `E_k`, `Q_k` (mark at `E_k`).
    pub report: TradeReport,
}

/// The venue refused the position after a rung (e.g. its leverage exceeds the bracket that
/// the larger size falls in, or a cross balance no longer covers it).
#[derive(Debug, Clone, PartialEq)]
pub struct RungFailure {
    pub index: usize,
    pub error: CalcError,
}

/// Every rung, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct LadderReport {
    /// One report per rung, up to the first failure.
    pub rungs: Vec<RungReport>,
    /// The first rung after which the stop no longer fires before liquidation.
    pub first_stop_after_liquidation: Option<usize>,
    /// The first rung that is not reached (the position is liquidated or stopped first).
    pub first_unreached: Option<usize>,
    /// Evaluation stopped at this rung.
    pub failure: Option<RungFailure>,
}

impl Ladder {
    /// A validated ladder. The template's size, entry and mark are replaced rung by rung.
    ///
    /// # Errors
    /// [`CalcError::Empty`] for no rungs, [`CalcError::TooLarge`] above [`MAX_RUNGS`], a rung
    /// price or quantity out of range (named as the entry price or quantity).
    pub fn new(template: TradeInput, rungs: Vec<Rung>) -> CalcResult<Ladder> {
        if rungs.is_empty() {
            return Err(CalcError::Empty(Field::Quantity));
        }
        if rungs.len() > MAX_RUNGS {
            return Err(CalcError::TooLarge {
                field: Field::Quantity,
                max: Decimal::from(MAX_RUNGS as u64),
            });
        }
        for r in &rungs {
            input::price(Field::EntryPrice, r.price)?;
            input::quantity(Field::Quantity, r.quantity)?;
        }
        Ok(Ladder { template, rungs })
    }

    pub fn rungs(&self) -> &[Rung] {
        &self.rungs
    }

    pub fn template(&self) -> &TradeInput {
        &self.template
    }

    /// Evaluate every rung.
    ///
    /// # Formula
    /// ```text
    /// Q_k = Σ q_j;  E_k = Σ q_j p_j / Q_k (linear), Q_k / Σ(q_j/p_j) (inverse)
    /// M_k = M_1 + Σ_{j≥2} N_j(p_j)/L  (isolated);  cross: the template's balance
    /// report_k = trade::evaluate(template, entry = E_k, quantity = Q_k)
    /// reached_k = reached_{k−1} ∧ p_k not beyond LP_{k−1} ∧ p_k not beyond the stop
    /// stop first ⇔ LP_k beyond the stop (long: LP < stop; short: LP > stop) or no LP
    /// ```
    /// Sources: the module docs; [`trade::evaluate`] for the venue formulas.
    ///
    /// # Errors
    /// Errors of the template that no rung can fix (invalid fees, leverage, maintenance …) as
    /// returned by the first evaluation; later refusals end the ladder in
    /// [`LadderReport::failure`].
    pub fn evaluate(&self) -> CalcResult<LadderReport> {
        let t = &self.template;
        let contract = t.contract;
        let mut total_q = Decimal::ZERO;
        // Σ q·p (linear) or Σ q/p (inverse).
        let mut weighted = Decimal::ZERO;
        let mut extra_margin = Decimal::ZERO;
        let mut out: Vec<RungReport> = Vec::with_capacity(self.rungs.len());
        let mut first_stop_after_liquidation = None;
        let mut first_unreached = None;
        let mut failure = None;
        for (k, r) in self.rungs.iter().enumerate() {
            total_q = add(total_q, r.quantity)?;
            weighted = match contract {
                ContractKind::Linear => add(weighted, mul(r.quantity, r.price)?)?,
                ContractKind::Inverse { .. } => add(weighted, div(r.quantity, r.price)?)?,
            };
            let average_entry = match contract {
                ContractKind::Linear => div(weighted, total_q)?,
                ContractKind::Inverse { .. } => div(total_q, weighted)?,
            };
            if k > 0 {
                let im = div(contract.notional(r.quantity, r.price)?, t.leverage)?;
                extra_margin = add(extra_margin, im)?;
            }
            let input = self.rung_input(average_entry, total_q, extra_margin)?;
            let report = match trade::evaluate(&input) {
                Ok(rep) => rep,
                Err(e) if k == 0 => return Err(e),
                Err(error) => {
                    failure = Some(RungFailure { index: k, error });
                    break;
                }
            };
            let prev_reached = out.last().is_none_or(|p: &RungReport| p.reached);
            let past_liq = out
                .last()
                .and_then(|p| p.liquidation_price)
                .is_some_and(|lp| beyond(t.side, r.price, lp));
            let past_stop = k > 0 && t.stop_price.is_some_and(|s| beyond(t.side, r.price, s));
            let reached = prev_reached && !past_liq && !past_stop;
            if !reached && first_unreached.is_none() {
                first_unreached = Some(k);
            }
            let stop_fires_first = t.stop_price.map(|s| match report.liquidation_price {
                None => true,
                Some(lp) => beyond(t.side, lp, s) && lp != s,
            });
            if stop_fires_first == Some(false) && first_stop_after_liquidation.is_none() {
                first_stop_after_liquidation = Some(k);
            }
            out.push(RungReport {
                index: k,
                price: r.price,
                quantity: r.quantity,
                total_quantity: total_q,
                average_entry,
                margin: report.margin_balance,
                liquidation_price: report.liquidation_price,
                unrealized_pnl_at_fill: contract.pnl(t.side, total_q, average_entry, r.price)?,
                reached,
                stop_fires_first,
                report,
            });
        }
        Ok(LadderReport {
            rungs: out,
            first_stop_after_liquidation,
            first_unreached,
            failure,
        })
    }

    /// The trade after a rung: entry `E_k`, quantity `Q_k`, mark at `E_k`; isolated margin
    /// raised by the adds' initial margins; a stop or target on the wrong side of `E_k` is
    /// dropped from the single-trade evaluation (the rung is then not reached anyway).
    fn rung_input(
        &self,
        entry: Decimal,
        quantity: Decimal,
        extra: Decimal,
    ) -> CalcResult<TradeInput> {
        let mut input = self.template.clone();
        input.entry_price = entry;
        input.mark_price = None;
        input.size = SizeInput::Quantity(quantity);
        if let MarginInput::Isolated { margin: Some(m) } = input.margin {
            input.margin = MarginInput::Isolated {
                margin: Some(add(m, extra)?),
            };
        }
        let long = input.side.is_long();
        if let Some(s) = input.stop_price {
            if (long && s >= entry) || (!long && s <= entry) {
                input.stop_price = None;
            }
        }
        if let Some(g) = input.target_price {
            if (long && g <= entry) || (!long && g >= entry) {
                input.target_price = None;
            }
        }
        Ok(input)
    }
}

/// `price` at or past `level` on the side's losing side.
fn beyond(side: Side, price: Decimal, level: Decimal) -> bool {
    match side {
        Side::Long => price <= level,
        Side::Short => price >= level,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::margin::Maintenance;
    use crate::engine::trade::MaintenanceSource;
    use core::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn template(side: Side, lev: &str, stop: Option<&str>) -> TradeInput {
        let mut t = TradeInput::linear(side, d("100"), d("1"), d(lev));
        t.maintenance = MaintenanceSource::Fixed(Maintenance::new(d("0.005"), Decimal::ZERO));
        t.stop_price = stop.map(d);
        t
    }

    fn rung(p: &str, q: &str) -> Rung {
        Rung {
            price: d(p),
            quantity: d(q),
        }
    }

    #[test]
    fn one_rung_is_a_single_evaluation() {
        let t = template(Side::Long, "10", Some("95"));
        let ladder = Ladder::new(t.clone(), vec![rung("100", "2")]).unwrap();
        let rep = ladder.evaluate().unwrap();
        let mut single = t;
        single.size = SizeInput::Quantity(d("2"));
        let want = trade::evaluate(&single).unwrap();
        assert_eq!(rep.rungs.len(), 1);
        assert_eq!(rep.rungs[0].report, want);
        assert_eq!(rep.rungs[0].liquidation_price, want.liquidation_price);
        assert_eq!(rep.first_stop_after_liquidation, None);
    }

    #[test]
    fn averages_and_margins_accumulate() {
        let t = template(Side::Long, "5", None);
        let ladder =
            Ladder::new(t, vec![rung("100", "1"), rung("90", "2"), rung("80", "3")]).unwrap();
        let rep = ladder.evaluate().unwrap();
        assert_eq!(rep.rungs[1].average_entry, d("280") / d("3"));
        assert_eq!(rep.rungs[2].average_entry, d("520") / d("6"));
        // Isolated margin = Σ qp / L = 104.
        assert_eq!(rep.rungs[2].margin.round_dp(20), d("104"));
        // 5×: LP_k ≈ 0.804·E_k stays below the next fill, so every rung is reached.
        assert!(rep.rungs.iter().all(|r| r.reached));
    }

    #[test]
    fn finds_the_rung_after_which_liquidation_comes_first() {
        // Isolated adds that post their initial margin keep LP ≈ 0.804·E_k below a stop at 85;
        // adds on one cross balance do not.
        let t = template(Side::Long, "5", Some("85"));
        let rungs = vec![rung("100", "1"), rung("95", "3"), rung("90", "10")];
        let rep = Ladder::new(t.clone(), rungs.clone())
            .unwrap()
            .evaluate()
            .unwrap();
        assert_eq!(rep.first_stop_after_liquidation, None);
        // Rung 1: Q = 4, E = 96.25, M = 20 + 57 = 77 ⇒ LP = (77 − 385)/(4·(0.005 − 1)).
        let lp = (d("77") - d("385")) / (d("4") * d("-0.995"));
        assert_eq!(rep.rungs[1].liquidation_price, Some(lp));
        let mut cross = t;
        cross.margin = MarginInput::Cross {
            wallet_balance: d("40"),
            others_maintenance: Decimal::ZERO,
            others_unrealized_pnl: Decimal::ZERO,
        };
        let rep = Ladder::new(cross, rungs).unwrap().evaluate().unwrap();
        // Rung 0: LP = (40 − 100)/(−0.995) ≈ 60.3; rung 1: (40 − 385)/(−3.98) ≈ 86.7 > 85.
        assert_eq!(rep.rungs[0].stop_fires_first, Some(true));
        assert_eq!(rep.rungs[1].stop_fires_first, Some(false));
        assert_eq!(rep.first_stop_after_liquidation, Some(1));
        // The fill at 90 still comes before that liquidation price; after it LP ≈ 89.4.
        assert_eq!(rep.first_unreached, None);
        assert_eq!(rep.rungs[2].stop_fires_first, Some(false));
    }

    #[test]
    fn rungs_beyond_liquidation_or_stop_are_not_reached() {
        let t = template(Side::Long, "20", Some("80"));
        let ladder = Ladder::new(t, vec![rung("100", "1"), rung("90", "1")]).unwrap();
        let rep = ladder.evaluate().unwrap();
        // 20×: LP ≈ 95.5, so the fill at 90 is never reached.
        assert_eq!(rep.first_unreached, Some(1));
        assert!(!rep.rungs[1].reached);
        let t = template(Side::Short, "5", Some("110"));
        let ladder = Ladder::new(t, vec![rung("100", "1"), rung("112", "1")]).unwrap();
        let rep = ladder.evaluate().unwrap();
        assert_eq!(rep.first_unreached, Some(1));
    }

    #[test]
    fn inverse_average_is_harmonic() {
        let mut t = template(Side::Long, "5", None);
        t.contract = ContractKind::Inverse {
            contract_size: d("100"),
        };
        let ladder = Ladder::new(t, vec![rung("20000", "100"), rung("10000", "100")]).unwrap();
        let rep = ladder.evaluate().unwrap();
        // 200 / (100/20000 + 100/10000) = 13,333.33…
        let e = rep.rungs[1].average_entry;
        assert!((e - d("40000") / d("3")).abs() < d("1e-20"));
    }

    #[test]
    fn venue_refusal_ends_the_ladder() {
        let mut t = template(Side::Long, "10", None);
        t.margin = MarginInput::Cross {
            wallet_balance: d("30"),
            others_maintenance: Decimal::ZERO,
            others_unrealized_pnl: Decimal::ZERO,
        };
        // The wallet of 30 cannot back 100 units (maintenance 0.5 × 100 = 50 at entry).
        let ladder = Ladder::new(t, vec![rung("100", "1"), rung("100", "99")]).unwrap();
        let rep = ladder.evaluate().unwrap();
        assert_eq!(rep.rungs.len(), 1);
        assert_eq!(rep.failure.as_ref().unwrap().index, 1);
        assert!(Ladder::new(template(Side::Long, "10", None), vec![]).is_err());
    }
}
