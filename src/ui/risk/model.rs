//! What the closed-form risk charts draw, computed from one evaluation: the venue's
//! liquidation price at each leverage (the engine's own math, one `evaluate` per grid point),
//! the touch probabilities per volatility level, the leverage × volatility grid with the
//! contour of the user's limit, the distances to liquidation and to the stop, and the horizon
//! figures (expected loss, VaR, ES). Pure and tested natively; the components only draw it.
//!
//! Cost: [`LEV_POINTS`] engine evaluations and
//! `LEV_POINTS·VOL_MULTIPLES.len() + HEAT_COLS·HEAT_ROWS` calls of `prob_touch`, plus one
//! `horizon_risk`, once per input change.

use super::geometry::first_crossing;
use crate::engine::num::to_f64;
use crate::engine::risk::gbm::{horizon_risk, prob_touch, Exit, HorizonRisk, PositionSpec};
use crate::engine::risk::safe_leverage::{Binding, SafeLeverage};
use crate::engine::risk::summary::RiskFigures;
use crate::engine::risk::{Exposure, Gbm, Monitoring, PnlKind, Side};
use crate::engine::ContractKind;
use crate::scenario::{Evaluation, MAX_LEVERAGE};

/// Leverage grid points of the curves (uniform from 1× to the venue's limit).
pub const LEV_POINTS: usize = 100;
/// The curves' volatility levels, as multiples of the user's σ.
pub const VOL_MULTIPLES: [f64; 4] = [0.5, 1.0, 1.5, 2.0];
/// Heatmap columns: every other leverage grid point.
pub const HEAT_COLS: usize = LEV_POINTS / 2;
/// Heatmap rows (volatility levels).
pub const HEAT_ROWS: usize = 30;
/// Confidence of the value-at-risk and expected shortfall.
pub const CONFIDENCE: f64 = 0.99;

/// Everything the closed-form charts and figures show.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskData {
    pub sigma: f64,
    pub mu: f64,
    pub horizon_hours: f64,
    /// `σ√T`, the horizon's standard deviation of the log-price.
    pub horizon_sigma: f64,
    /// The user's limit on `P(touch liquidation)`.
    pub limit: f64,
    /// The stop buffer `k`, in horizon σ.
    pub buffer: f64,
    /// Seconds between mark prices, when monitored discretely.
    pub mark_interval: Option<f64>,
    pub long: bool,
    pub entry: f64,
    /// The price the horizon starts from (mark, or entry).
    pub reference: f64,
    pub stop: Option<f64>,
    pub target: Option<f64>,
    /// The position's liquidation price (as the venue computes it for these inputs).
    pub liquidation: Option<f64>,
    /// Leverage grid.
    pub lev: Vec<f64>,
    /// The liquidation price of a new isolated position at each grid leverage: `None` when no
    /// price liquidates it; the entry when the venue would liquidate it at once.
    pub liq: Vec<Option<f64>>,
    /// The curves' volatilities.
    pub levels: [f64; 4],
    /// `P(touch liquidation within the horizon)` per level, per grid point.
    pub curves: Vec<Vec<f64>>,
    /// The user's leverage and probability (the figure shown in the results).
    pub user_lev: f64,
    pub user_prob: f64,
    /// Right end of the leverage axis: the venue's limit for this size, at most 125×.
    pub max_lev: f64,
    pub safe: Option<SafeLeverage>,
    /// Heatmap: column leverages (a subset of `lev`), row volatilities (ascending), and
    /// `P` row by row (`heat[r·cols + c]`).
    pub heat_lev: Vec<f64>,
    pub heat_sigma: Vec<f64>,
    pub heat: Vec<f64>,
    /// Where `P = limit` across the heatmap: `(leverage, σ)` per row, `NaN` where a row has
    /// no crossing inside the range (a gap in the line).
    pub contour: Vec<(f64, f64)>,
    /// Distance from entry to the liquidation price, fraction of entry, per grid point
    /// (`NaN`: never liquidated).
    pub liq_dist: Vec<f64>,
    pub stop_dist: Option<f64>,
    /// The distance the liquidation must keep for the safe-leverage buffer: the stop's
    /// distance plus `k·σ√T` in log-price.
    pub buffer_dist: Option<f64>,
    /// The leverage at which the liquidation price reaches the stop (the stop stops
    /// protecting you); equal to the first grid leverage when it already does there.
    pub stop_cross: Option<f64>,
    pub buffer_cross: Option<f64>,
    pub figures: RiskFigures,
    pub horizon: Option<HorizonRisk>,
    /// The notional at the reference price in the settlement currency: horizon figures are
    /// fractions of it.
    pub notional: f64,
    pub kelly: Option<f64>,
}

/// `P(touch lp within T)` from `s0`; 0 without a liquidation price, 1 at or past `s0`.
fn touch(model: &Gbm, s0: f64, lp: Option<f64>, long: bool, t: f64, m: Monitoring) -> f64 {
    match lp {
        None => 0.0,
        Some(p) if (long && p >= s0) || (!long && p <= s0) => 1.0,
        Some(p) => prob_touch(model, s0, p, t, m).unwrap_or(f64::NAN),
    }
}

/// The chart data, or `None` when the scenario has no volatility (or a statistic cannot be
/// computed, which the evaluation already reports).
pub fn build(e: &Evaluation) -> Option<RiskData> {
    let r = e.risk?;
    let long = e.input.side == Side::Long;
    let entry = to_f64(e.input.entry_price);
    let reference = to_f64(e.input.mark_price.unwrap_or(e.input.entry_price));
    let user_lev = to_f64(e.input.leverage);
    // The venue's limit, or the user's leverage when it is above (at most the largest).
    let max_lev = r.max_leverage.max(user_lev.min(MAX_LEVERAGE)).max(1.0);
    let lev: Vec<f64> = (0..LEV_POINTS)
        .map(|i| 1.0 + (max_lev - 1.0) * i as f64 / (LEV_POINTS - 1) as f64)
        .collect();
    let liq = e.liquidation_by_leverage(&lev);

    let model_at = |sigma: f64| {
        Gbm::new(
            sigma.min(crate::engine::risk::gbm::MAX_SIGMA),
            r.drift_annual,
        )
    };
    let levels = VOL_MULTIPLES.map(|k| k * r.volatility_annual);
    let mut curves = Vec::with_capacity(levels.len());
    for &sig in &levels {
        let model = model_at(sig).ok()?;
        curves.push(
            liq.iter()
                .map(|lp| touch(&model, entry, *lp, long, r.horizon_years, r.monitoring))
                .collect(),
        );
    }

    // Heatmap: every other grid leverage × volatilities up to 2.5σ (at least 10 %).
    let heat_idx: Vec<usize> = (0..HEAT_COLS).map(|c| 2 * c).collect();
    let heat_lev: Vec<f64> = heat_idx.iter().map(|&i| lev[i]).collect();
    let top = (2.5 * r.volatility_annual).clamp(0.1, crate::engine::risk::gbm::MAX_SIGMA);
    let heat_sigma: Vec<f64> = (0..HEAT_ROWS)
        .map(|j| top * (j as f64 + 0.5) / HEAT_ROWS as f64)
        .collect();
    let mut heat = Vec::with_capacity(HEAT_ROWS * HEAT_COLS);
    let mut contour = Vec::with_capacity(HEAT_ROWS + 4);
    for &sig in &heat_sigma {
        let model = model_at(sig).ok()?;
        let row: Vec<f64> = heat_idx
            .iter()
            .map(|&i| touch(&model, entry, liq[i], long, r.horizon_years, r.monitoring))
            .collect();
        match first_crossing(&heat_lev, &row, r.max_prob_liquidation) {
            Some(l) => contour.push((l, sig)),
            None => contour.push((f64::NAN, sig)),
        }
        heat.extend(row);
    }

    // Distances, as fractions of the entry.
    let liq_dist: Vec<f64> = liq
        .iter()
        .map(|lp| match lp {
            Some(p) => ((entry - p) / entry * if long { 1.0 } else { -1.0 }).max(0.0),
            None => f64::NAN,
        })
        .collect();
    let stop = e.input.stop_price.map(to_f64);
    let stop_dist = stop.map(|s| (entry - s) / entry * if long { 1.0 } else { -1.0 });
    let horizon_sigma = r.volatility_annual * r.horizon_years.sqrt();
    let buffer_dist = stop.filter(|_| r.buffer_sigmas > 0.0).map(|s| {
        let shift = (r.buffer_sigmas * horizon_sigma).exp();
        if long {
            1.0 - s / shift / entry
        } else {
            s * shift / entry - 1.0
        }
    });
    // Liquidation distance ≈ a + b/L: interpolate in 1/L.
    let inv: Vec<f64> = lev.iter().map(|l| 1.0 / l).collect();
    let cross = |d: Option<f64>| -> Option<f64> {
        let d = d?;
        let first = liq_dist.iter().copied().find(|x| x.is_finite())?;
        if first <= d {
            return Some(lev[0]);
        }
        first_crossing(&inv, &liq_dist, d).map(|u| 1.0 / u)
    };
    let stop_cross = cross(stop_dist);
    let buffer_cross = cross(buffer_dist);

    // Horizon figures: the nearer of stop and liquidation closes the position on the losing
    // side (liquidation loses the margin balance); the target on the winning side.
    let contract = e.input.contract;
    let kind = match contract {
        ContractKind::Linear => PnlKind::Linear,
        ContractKind::Inverse { .. } => PnlKind::Inverse,
    };
    let notional = contract
        .notional(
            e.report.quantity,
            e.input.mark_price.unwrap_or(e.input.entry_price),
        )
        .map(to_f64)
        .unwrap_or(f64::NAN);
    let liq_exit = e.report.liquidation_price.map(|p| Exit {
        price: to_f64(p),
        pnl: Some(-to_f64(e.report.margin_balance) / notional),
    });
    let loss_exit = match (stop, liq_exit) {
        (Some(s), Some(l)) if (long && s > l.price) || (!long && s < l.price) => Some(Exit::at(s)),
        (Some(_), Some(l)) => Some(l),
        (Some(s), None) => Some(Exit::at(s)),
        (None, l) => l,
    };
    let target = e.input.target_price.map(to_f64);
    let horizon = Gbm::new(r.volatility_annual, r.drift_annual)
        .ok()
        .and_then(|m| {
            horizon_risk(
                &m,
                &PositionSpec {
                    s0: reference,
                    exposure: Exposure::new(e.input.side, kind),
                    stop: loss_exit,
                    target: target.map(Exit::at),
                },
                r.horizon_years,
                CONFIDENCE,
                r.monitoring,
            )
            .ok()
        });

    Some(RiskData {
        sigma: r.volatility_annual,
        mu: r.drift_annual,
        horizon_hours: r.horizon_hours,
        horizon_sigma,
        limit: r.max_prob_liquidation,
        buffer: r.buffer_sigmas,
        mark_interval: r.mark_interval_seconds,
        long,
        entry,
        reference,
        stop,
        target,
        liquidation: e.report.liquidation_price.map(to_f64),
        lev,
        liq,
        levels,
        curves,
        user_lev,
        user_prob: r.figures.prob_touch_liquidation,
        max_lev,
        safe: r.safe_leverage,
        heat_lev,
        heat_sigma,
        heat,
        contour,
        liq_dist,
        stop_dist,
        buffer_dist,
        stop_cross,
        buffer_cross,
        figures: r.figures,
        horizon,
        notional,
        kelly: r.kelly_leverage,
    })
}

/// Which safe-leverage condition binds, in words.
pub fn binding_text(b: Binding) -> &'static str {
    match b {
        Binding::MaxLeverage => "every leverage up to the venue's limit meets both conditions",
        Binding::StopBuffer => "limited by the stop buffer: above it the stop would no longer fire k σ before liquidation",
        Binding::LiquidationProbability => "limited by your probability limit: above it liquidation becomes more likely than that",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{evaluate_scenario, Num, Scenario};

    fn scenario() -> Scenario {
        Scenario {
            volatility_annual: Some(Num::new("0.6")),
            horizon_hours: Some(Num::new("24")),
            max_prob_liquidation: Some(Num::new("0.05")),
            ..Scenario::default()
        }
    }

    fn data(s: &Scenario) -> RiskData {
        build(&evaluate_scenario(s).unwrap()).unwrap()
    }

    #[test]
    fn the_kept_liquidation_curve_is_the_one_computed_afresh() {
        let levs: Vec<f64> = (1..=60).map(f64::from).collect();
        let fresh = |s: Scenario, levs: Vec<f64>| {
            std::thread::spawn(move || {
                evaluate_scenario(&s)
                    .unwrap()
                    .liquidation_by_leverage(&levs)
            })
            .join()
            .unwrap()
        };
        let base = scenario();
        let first = evaluate_scenario(&base)
            .unwrap()
            .liquidation_by_leverage(&levs);
        assert_eq!(first, fresh(base.clone(), levs.clone()));
        // Another volatility and stop: the same probe, the same curve (kept).
        let calm = Scenario {
            volatility_annual: Some(Num::new("0.2")),
            stop_price: Some(Num::new("58000")),
            ..base.clone()
        };
        assert_eq!(
            evaluate_scenario(&calm)
                .unwrap()
                .liquidation_by_leverage(&levs),
            first
        );
        // Another entry or maintenance: a new curve, as computed afresh.
        for other in [
            Scenario {
                entry_price: Num::new("62000"),
                ..base.clone()
            },
            Scenario {
                side: crate::scenario::SideName::Short,
                stop_price: None,
                target_price: None,
                ..base.clone()
            },
        ] {
            let got = evaluate_scenario(&other)
                .unwrap()
                .liquidation_by_leverage(&levs);
            assert_ne!(got, first);
            assert_eq!(got, fresh(other, levs.clone()));
        }
        // Other leverages asked: their own answer.
        let fewer = &levs[..10];
        assert_eq!(
            evaluate_scenario(&base)
                .unwrap()
                .liquidation_by_leverage(fewer),
            first[..10].to_vec()
        );
    }

    #[test]
    fn no_volatility_no_data() {
        let s = Scenario::default();
        assert!(build(&evaluate_scenario(&s).unwrap()).is_none());
    }

    #[test]
    fn the_grid_uses_the_engine_and_the_user_point_lies_on_the_curve() {
        let s = scenario();
        let d = data(&s);
        assert_eq!(d.lev.len(), LEV_POINTS);
        assert_eq!(d.lev[0], 1.0);
        assert_eq!(d.max_lev, 125.0);
        assert!((d.lev[LEV_POINTS - 1] - 125.0).abs() < 1e-12);
        // At the user's leverage, the grid's engine liquidation price is the report's.
        let e = evaluate_scenario(&s).unwrap();
        let lp = e.liquidation_by_leverage(&[10.0])[0].unwrap();
        assert_eq!(lp, to_f64(e.report.liquidation_price.unwrap()));
        // The σ curve interpolated at 10× is close to the figure shown.
        let i = d.lev.partition_point(|l| *l < 10.0);
        let (l0, l1) = (d.lev[i - 1], d.lev[i]);
        let (p0, p1) = (d.curves[1][i - 1], d.curves[1][i]);
        let p = p0 + (p1 - p0) * (10.0 - l0) / (l1 - l0);
        assert!((p - d.user_prob).abs() < 0.01, "{p} vs {}", d.user_prob);
        assert_eq!(d.user_lev, 10.0);
        // Probabilities rise with leverage and with volatility.
        for c in &d.curves {
            assert!(c.windows(2).all(|w| w[1] >= w[0] - 1e-12));
            assert!(c.iter().all(|p| (0.0..=1.0).contains(p)));
        }
        for i in 0..LEV_POINTS {
            assert!(d.curves[0][i] <= d.curves[3][i] + 1e-12);
        }
    }

    #[test]
    fn heatmap_and_contour() {
        let d = data(&scenario());
        assert_eq!(d.heat.len(), HEAT_ROWS * HEAT_COLS);
        assert!(d.heat.iter().all(|p| p.is_finite()));
        assert_eq!(d.contour.len(), HEAT_ROWS);
        // Along the contour P equals the limit (checked against a direct computation).
        let e = evaluate_scenario(&scenario()).unwrap();
        let (l, sig) = d
            .contour
            .iter()
            .copied()
            .find(|(l, _)| l.is_finite())
            .unwrap();
        let lp = e.liquidation_by_leverage(&[l])[0].unwrap();
        let p = prob_touch(
            &Gbm::new(sig, 0.0).unwrap(),
            60_000.0,
            lp,
            1.0 / 365.0,
            Monitoring::Continuous,
        )
        .unwrap();
        assert!((p - 0.05).abs() < 0.01, "{p}");
        // Higher volatility: the limit is reached at a lower leverage.
        let finite: Vec<f64> = d
            .contour
            .iter()
            .map(|c| c.0)
            .filter(|l| l.is_finite())
            .collect();
        assert!(finite.windows(2).all(|w| w[1] <= w[0] + 1e-9));
    }

    #[test]
    fn the_stop_crossing_is_the_engines_stop_first_leverage() {
        let s = scenario();
        let e = evaluate_scenario(&s).unwrap();
        let d = data(&s);
        let engine = to_f64(e.report.max_leverage_stop_first.unwrap());
        let cross = d.stop_cross.unwrap();
        assert!(
            (cross - engine).abs() / engine < 2e-3,
            "{cross} vs {engine}"
        );
        assert!((d.stop_dist.unwrap() - 0.05).abs() < 1e-12);
        // The buffer asks for more room: it binds at a lower leverage.
        assert!(d.buffer_cross.unwrap() < cross);
        assert!(d.buffer_dist.unwrap() > 0.05);
        // The safe leverage with a buffer binding sits at the buffer crossing.
        let safe = d.safe.unwrap();
        if safe.binding == Binding::StopBuffer {
            assert!((safe.leverage - d.buffer_cross.unwrap()).abs() / safe.leverage < 2e-3);
        }
    }

    #[test]
    fn shorts_inverse_and_tables() {
        let s = Scenario {
            side: crate::scenario::SideName::Short,
            stop_price: Some(Num::new("63000")),
            target_price: Some(Num::new("54000")),
            ..scenario()
        };
        let d = data(&s);
        assert!(!d.long);
        assert!(d.liq.iter().flatten().all(|p| *p >= 60_000.0));
        assert!(d.stop_cross.is_some());
        assert!(d.horizon.is_some());

        let mut s = scenario();
        s.venue = crate::engine::venues::Venue::BinanceCoinm;
        s.contract = None;
        s.symbol = Some("BTCUSD_PERP".into());
        s.maintenance = None;
        s.quantity = Some(Num::new("300"));
        s.quantity_step = Some(Num::new("1"));
        let d = data(&s);
        assert!(d.max_lev <= 125.0);
        assert!(
            d.notional > 0.0 && d.notional < 1.0,
            "coin notional {}",
            d.notional
        );
        let h = d.horizon.unwrap();
        assert!(h.expected_shortfall >= h.value_at_risk);
    }

    #[test]
    fn horizon_figures_are_consistent() {
        let d = data(&scenario());
        let h = d.horizon.unwrap();
        assert!(h.expected_loss > 0.0);
        assert!(h.value_at_risk > 0.0 && h.value_at_risk <= 0.06);
        assert!(h.expected_shortfall >= h.value_at_risk);
        assert!((d.notional - 30_000.0).abs() < 1e-9);
    }

    #[test]
    fn discrete_monitoring_lowers_the_probabilities() {
        let mut s = scenario();
        let cont = data(&s);
        s.mark_interval_seconds = Some(Num::new("3600"));
        let disc = data(&s);
        assert_eq!(disc.mark_interval, Some(3600.0));
        assert!(disc.user_prob < cont.user_prob);
        assert!(disc.curves[1][30] <= cont.curves[1][30]);
    }
}
