//! The closed-form (GBM) risk of a scenario ([`RiskOutcome`]): touch probabilities, the safe
//! leverage and its defaults, and the leverage probe the safe leverage and the leverage curves
//! share.

use super::{Evaluation, Num, Scenario, ScenarioError};
use crate::engine::error::Field;
use crate::engine::trade::{
    evaluate, MaintenanceSource, MarginInput, SizeInput, TradeInput, TradeReport,
};

/// The closed-form (GBM) risk figures of a scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskOutcome {
    pub figures: crate::engine::risk::summary::RiskFigures,
    pub safe_leverage: Option<crate::engine::risk::safe_leverage::SafeLeverage>,
    /// Kelly leverage μ/σ² (shown as a reference; `None` when σ = 0).
    pub kelly_leverage: Option<f64>,
    pub volatility_annual: f64,
    pub horizon_hours: f64,
    /// The horizon in model years ([`crate::engine::risk::volatility::HOURS_PER_YEAR`]).
    pub horizon_years: f64,
    pub drift_annual: f64,
    /// How the mark is watched: discretely when the scenario gives a mark interval.
    pub monitoring: crate::engine::risk::Monitoring,
    /// Seconds between mark prices, when the scenario gives them.
    pub mark_interval_seconds: Option<f64>,
    /// The user's limit on `P(touch liquidation)` ([`DEFAULT_MAX_PROB_LIQUIDATION`] unless
    /// given).
    pub max_prob_liquidation: f64,
    /// The safe-leverage stop buffer `k`, in horizon σ ([`DEFAULT_SAFE_BUFFER_SIGMAS`] unless
    /// given).
    pub buffer_sigmas: f64,
    /// The venue's leverage limit for this position, within `1..=`[`MAX_LEVERAGE`]: the
    /// safe-leverage search's upper end.
    pub max_leverage: f64,
}

/// The limit on `P(touch liquidation within the horizon)` when the scenario gives none.
pub const DEFAULT_MAX_PROB_LIQUIDATION: f64 = 0.05;
/// The safe-leverage stop buffer, in horizon σ, when the scenario gives none.
pub const DEFAULT_SAFE_BUFFER_SIGMAS: f64 = 1.0;
/// The largest leverage the safe-leverage search (and the risk charts) consider.
pub const MAX_LEVERAGE: f64 = 125.0;

fn risk_err(field: &'static str) -> impl Fn(crate::engine::risk::RiskError) -> ScenarioError {
    move |e| ScenarioError::Risk {
        field: Some(field),
        message: e.to_string(),
    }
}

/// A scenario number as f64 for statistics, parsed exactly first.
fn stat(n: &Num, field: Field) -> Result<f64, ScenarioError> {
    Ok(crate::engine::num::to_f64(n.parse(field)?))
}

/// Probabilities of touching liquidation, stop and target within the horizon, target before
/// stop, and the safe leverage, all under GBM with the venue's own liquidation price.
///
/// The outer error is a bad input (named by its field); the inner one says why the figures
/// cannot be computed for these prices.
pub(super) fn risk_outcome(
    s: &Scenario,
    input: &TradeInput,
    report: &TradeReport,
    vol: &Num,
    hours: &Num,
) -> Result<Result<RiskOutcome, String>, ScenarioError> {
    use crate::engine::num::to_f64;
    use crate::engine::risk::safe_leverage::{kelly_leverage, safe_leverage, SafeLeverageQuery};
    use crate::engine::risk::summary::{scenario_figures, ScenarioRisk};
    use crate::engine::risk::volatility::{horizon_years_from_hours, SECONDS_PER_YEAR};
    use crate::engine::risk::{Gbm, Monitoring};

    let sigma = stat(vol, Field::Volatility)?;
    let horizon_hours = stat(hours, Field::Horizon)?;
    let mu = match &s.drift_annual {
        Some(d) => stat(d, Field::Drift)?,
        None => 0.0,
    };
    let mark_interval_seconds = match &s.mark_interval_seconds {
        Some(secs) => {
            let secs = stat(secs, Field::MarkInterval)?;
            if !(secs > 0.0 && secs.is_finite()) {
                return Err(ScenarioError::Risk {
                    field: Some("mark_interval_seconds"),
                    message: "must be greater than zero".into(),
                });
            }
            Some(secs)
        }
        None => None,
    };
    let monitoring = match mark_interval_seconds {
        Some(secs) => Monitoring::Discrete {
            interval_years: secs / SECONDS_PER_YEAR,
        },
        None => Monitoring::Continuous,
    };
    let reference = to_f64(input.mark_price.unwrap_or(input.entry_price));
    // The inputs themselves are checked first: these errors name their field.
    Gbm::new(sigma, mu).map_err(risk_err("volatility_annual"))?;
    horizon_years_from_hours(horizon_hours).map_err(risk_err("horizon_hours"))?;
    let figures = match scenario_figures(&ScenarioRisk {
        volatility_annual: sigma,
        drift_annual: mu,
        horizon_hours,
        side: input.side,
        reference,
        liquidation: report.liquidation_price.map(to_f64),
        stop: input.stop_price.map(to_f64),
        target: input.target_price.map(to_f64),
        monitoring,
    }) {
        Ok(f) => f,
        Err(e) => return Ok(Err(e.to_string())),
    };

    // Safe leverage: the venue's liquidation price at each leverage, isolated margin equal
    // to the initial margin, same quantity, bracket and formula.
    let model = Gbm::new(sigma, mu).map_err(risk_err("volatility_annual"))?;
    let max_leverage = venue_max_leverage(input, report);
    let probe = leverage_probe(input, report);
    let liquidation_at = |lev: f64| liquidation_at_leverage(&mut probe.clone(), lev);
    let buffer = match &s.safe_buffer_sigmas {
        Some(k) => stat(k, Field::SafeBuffer)?,
        None => DEFAULT_SAFE_BUFFER_SIGMAS,
    };
    let max_prob = match &s.max_prob_liquidation {
        Some(p) => stat(p, Field::MaxProbLiquidation)?,
        None => DEFAULT_MAX_PROB_LIQUIDATION,
    };
    let horizon_years =
        horizon_years_from_hours(horizon_hours).map_err(risk_err("horizon_hours"))?;
    let safe = safe_leverage(
        &SafeLeverageQuery {
            model,
            side: input.side,
            entry: to_f64(input.entry_price),
            stop: input.stop_price.map(to_f64),
            horizon_years,
            buffer_sigmas: buffer,
            max_prob_liquidation: max_prob,
            min_leverage: 1.0,
            max_leverage,
            monitoring,
        },
        &liquidation_at,
    )
    .map_err(risk_err("max_prob_liquidation"))?;
    Ok(Ok(RiskOutcome {
        figures,
        safe_leverage: safe,
        kelly_leverage: kelly_leverage(mu, sigma).ok(),
        volatility_annual: sigma,
        horizon_hours,
        horizon_years,
        drift_annual: mu,
        monitoring,
        mark_interval_seconds,
        max_prob_liquidation: max_prob,
        buffer_sigmas: buffer,
        max_leverage,
    }))
}

/// The venue's leverage limit for this position (the entry tier's, or the preset's), within
/// `1..=`[`MAX_LEVERAGE`].
fn venue_max_leverage(input: &TradeInput, report: &TradeReport) -> f64 {
    use crate::engine::num::to_f64;
    let table_max = match &input.maintenance {
        MaintenanceSource::Table(t) => t
            .at_price(input.contract, report.quantity, input.entry_price)
            .ok()
            .map(|c| to_f64(c.bracket.max_leverage)),
        MaintenanceSource::Fixed(_) => None,
    };
    table_max
        .or(input.max_leverage.map(to_f64))
        .unwrap_or(MAX_LEVERAGE)
        .clamp(1.0, MAX_LEVERAGE)
}

/// The position as a new isolated one of the same quantity, bracket and formula, with its
/// margin the initial margin (what the safe leverage and the leverage curves vary).
fn leverage_probe(input: &TradeInput, report: &TradeReport) -> TradeInput {
    let mut probe = input.clone();
    probe.size = SizeInput::Quantity(report.quantity);
    probe.margin = MarginInput::Isolated { margin: None };
    probe.mark_price = None;
    // The liquidation price does not depend on the exits: without them each probe skips the
    // stop and target reports and the stop-first leverage (the bisection runs ~40 probes).
    probe.stop_price = None;
    probe.target_price = None;
    probe
}

/// The venue's liquidation price of `probe` at leverage `lev` (`None`: no price liquidates
/// it). Beyond the venue's limits the position cannot be held: it counts as liquidated at
/// entry, which no limit accepts.
fn liquidation_at_leverage(probe: &mut TradeInput, lev: f64) -> Option<f64> {
    use crate::engine::num::{from_f64, to_f64};
    let entry = to_f64(probe.entry_price);
    let Some(l) = from_f64(lev) else {
        return Some(entry);
    };
    probe.leverage = crate::engine::num::round_half_away(l, 8);
    match evaluate(probe) {
        Ok(r) => r.liquidation_price.map(to_f64),
        Err(_) => Some(entry),
    }
}

/// A kept [`Evaluation::liquidation_by_leverage`]: its probe (leverage set to one), the
/// leverages asked (as bits) and the answer.
type KeptCurve = (TradeInput, Vec<u64>, Vec<Option<f64>>);

thread_local! {
    static LAST_CURVE: std::cell::RefCell<Option<KeptCurve>> = const { std::cell::RefCell::new(None) };
}

impl Evaluation {
    /// The liquidation prices of a new isolated position of the same quantity at each
    /// leverage in `levs`, by the engine (`None`: never liquidated; the entry: liquidated at
    /// once, e.g. above the venue's limit). The curve the safe leverage is searched on.
    ///
    /// The last answer is kept (per thread) with the probe it was computed for: a change of
    /// volatility, horizon, stop or target leaves the probe as it was, and the page then skips
    /// the engine's evaluation at every grid point (issue 14, the input update).
    pub fn liquidation_by_leverage(&self, levs: &[f64]) -> Vec<Option<f64>> {
        let mut probe = leverage_probe(&self.input, &self.report);
        // The probe's own leverage is replaced at each point: not part of the question.
        probe.leverage = rust_decimal::Decimal::ONE;
        let bits: Vec<u64> = levs.iter().map(|l| l.to_bits()).collect();
        let hit = LAST_CURVE.with(|c| {
            c.borrow()
                .as_ref()
                .filter(|(p, b, _)| *p == probe && *b == bits)
                .map(|(_, _, v)| v.clone())
        });
        if let Some(v) = hit {
            return v;
        }
        let key = probe.clone();
        let out: Vec<Option<f64>> = levs
            .iter()
            .map(|&l| liquidation_at_leverage(&mut probe, l))
            .collect();
        LAST_CURVE.with(|c| *c.borrow_mut() = Some((key, bits, out.clone())));
        out
    }
}
