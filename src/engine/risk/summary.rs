//! The closed-form figures a scenario report carries, from the scenario's own fields
//! (`volatility_annual`, `drift_annual`, `horizon_hours`) and the prices the venue math gave.

use super::gbm::{prob_target_before_stop, prob_target_before_stop_within, prob_touch, Gbm};
use super::volatility::horizon_years_from_hours;
use super::{positive, Monitoring, RiskError, RiskResult, Side};

/// Inputs of [`scenario_figures`]. Prices are in the quote currency; `reference` is the price
/// the horizon starts from (the entry, or the current mark price).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScenarioRisk {
    /// `σ`, annual fraction (0.6 = 60 %).
    pub volatility_annual: f64,
    /// `μ` in `dS/S = μ dt + σ dW`, annual fraction (default 0).
    pub drift_annual: f64,
    pub horizon_hours: f64,
    pub side: Side,
    pub reference: f64,
    /// `None`: the position cannot be liquidated by price.
    pub liquidation: Option<f64>,
    pub stop: Option<f64>,
    pub target: Option<f64>,
    pub monitoring: Monitoring,
}

/// Closed-form probabilities (GBM). `None` where the price it needs is absent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskFigures {
    /// `P(touch liquidation within the horizon)`; 0 when there is no liquidation price.
    pub prob_touch_liquidation: f64,
    pub prob_touch_stop: Option<f64>,
    pub prob_touch_target: Option<f64>,
    /// `P(target before stop)` with no time limit (the trade runs until one is hit).
    pub prob_target_before_stop: Option<f64>,
    /// The same, but only counting targets reached within the horizon.
    pub prob_target_before_stop_within: Option<f64>,
}

/// The report's probabilities: [`prob_touch`] for liquidation, stop and target over
/// `T = horizon_hours/8760`, and [`prob_target_before_stop`] (no horizon) and
/// [`prob_target_before_stop_within`]. Formulas and sources are on those functions.
///
/// # Errors
/// Invalid numbers (negative volatility, NaN, non-positive prices, negative horizon); a stop
/// or liquidation price on the winning side of `reference`, or a target on the losing side
/// ([`RiskError::WrongSide`]).
pub fn scenario_figures(s: &ScenarioRisk) -> RiskResult<RiskFigures> {
    let model = Gbm::new(s.volatility_annual, s.drift_annual)?;
    let t = horizon_years_from_hours(s.horizon_hours)?;
    let s0 = positive("reference price", s.reference)?;
    let long = s.side == Side::Long;
    let side_check = |p: Option<f64>, what: &'static str, loss_side: bool| -> RiskResult<()> {
        if let Some(p) = p {
            let p = positive(what, p)?;
            let below = loss_side == long;
            if (below && p > s0) || (!below && p < s0) {
                return Err(RiskError::WrongSide {
                    what,
                    expected: if below { "at or below" } else { "at or above" },
                });
            }
        }
        Ok(())
    };
    side_check(s.liquidation, "the liquidation price", true)?;
    side_check(s.stop, "the stop price", true)?;
    side_check(s.target, "the target price", false)?;
    let touch = |p: Option<f64>| -> RiskResult<Option<f64>> {
        p.map(|b| prob_touch(&model, s0, b, t, s.monitoring))
            .transpose()
    };
    let (forever, within) = match (s.target, s.stop) {
        (Some(tg), Some(st)) if tg != s0 && st != s0 => (
            Some(prob_target_before_stop(&model, s0, tg, st, s.monitoring)?),
            Some(prob_target_before_stop_within(
                &model,
                s0,
                tg,
                st,
                t,
                s.monitoring,
            )?),
        ),
        // One of them at the spot: it is hit at once.
        (Some(tg), Some(_)) => {
            let p = if tg == s0 { 1.0 } else { 0.0 };
            (Some(p), Some(p))
        }
        _ => (None, None),
    };
    Ok(RiskFigures {
        prob_touch_liquidation: touch(s.liquidation)?.unwrap_or(0.0),
        prob_touch_stop: touch(s.stop)?,
        prob_touch_target: touch(s.target)?,
        prob_target_before_stop: forever,
        prob_target_before_stop_within: within,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> ScenarioRisk {
        ScenarioRisk {
            volatility_annual: 0.6,
            drift_annual: 0.0,
            horizon_hours: 24.0,
            side: Side::Long,
            reference: 100.0,
            liquidation: Some(90.5),
            stop: Some(95.0),
            target: Some(110.0),
            monitoring: Monitoring::Continuous,
        }
    }

    #[test]
    fn figures_match_the_primitives() {
        let f = scenario_figures(&base()).unwrap();
        let g = Gbm::new(0.6, 0.0).unwrap();
        let t = 1.0 / 365.0;
        let c = Monitoring::Continuous;
        assert_eq!(
            f.prob_touch_liquidation,
            prob_touch(&g, 100.0, 90.5, t, c).unwrap()
        );
        assert_eq!(
            f.prob_touch_stop,
            Some(prob_touch(&g, 100.0, 95.0, t, c).unwrap())
        );
        assert!(f.prob_touch_stop.unwrap() > f.prob_touch_liquidation);
        let p = f.prob_target_before_stop.unwrap();
        assert!(p > 0.0 && p < 1.0);
        assert!(f.prob_target_before_stop_within.unwrap() < p);
    }

    #[test]
    fn absent_prices_and_errors() {
        let f = scenario_figures(&ScenarioRisk {
            liquidation: None,
            stop: None,
            ..base()
        })
        .unwrap();
        assert_eq!(f.prob_touch_liquidation, 0.0);
        assert_eq!(f.prob_touch_stop, None);
        assert_eq!(f.prob_target_before_stop, None);
        let e = scenario_figures(&ScenarioRisk {
            side: Side::Short,
            ..base()
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the liquidation price must be at or above the current price"
        );
        assert!(scenario_figures(&ScenarioRisk {
            volatility_annual: -0.1,
            ..base()
        })
        .is_err());
        assert!(scenario_figures(&ScenarioRisk {
            horizon_hours: f64::NAN,
            ..base()
        })
        .is_err());
    }
}
