//! Evaluating a scenario ([`evaluate_scenario`]): the engine's report with the funding, the
//! risk and the venue table's warnings, and the page's evaluation by parts
//! ([`evaluate_in_parts`]).

use super::funding::funding_outcome;
use super::risk::risk_outcome;
use super::{RiskOutcome, Scenario, ScenarioError};
use crate::engine::funding::FundingOutcome;
use crate::engine::tables::TableInfo;
use crate::engine::trade::{evaluate, TradeInput, TradeReport};

/// The result of evaluating a scenario: the scenario's engine input and report.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub input: TradeInput,
    pub report: TradeReport,
    /// Funding over the holding period, when the scenario gives a funding rate.
    pub funding: Option<FundingOutcome>,
    /// Liquidation risk under volatility, when the scenario gives σ and a horizon.
    pub risk: Option<RiskOutcome>,
    /// Where the main position's venue table comes from (`None`: the user's own rate or
    /// table, or Custom).
    pub table: Option<TableInfo>,
}

/// The parts of a scenario that the position's own figures (margin, maintenance, liquidation,
/// bankruptcy, fees) do not depend on, by the scenario fields that belong to each.
const PERIPHERAL: &[&[&str]] = &[
    RISK_FIELDS,
    &["funding_rate", "funding_interval_hours", "holding_hours"],
    &["target_price"],
    &["stop_price"],
];

/// The statistical fields: volatility, horizon, drift and the safe-leverage conditions.
const RISK_FIELDS: &[&str] = &[
    "volatility_annual",
    "horizon_hours",
    "drift_annual",
    "safe_buffer_sigmas",
    "max_prob_liquidation",
    "mark_interval_seconds",
];

/// Evaluate as the page does: an error in a part the position's own figures do not depend on
/// (the volatility, the funding, the stop or the target) leaves the rest evaluated without that
/// part, and comes back beside it to be shown at its input. The stop is a part only when the
/// size does not come from it (a risk budget needs the stop).
///
/// Returns the evaluation (or the error that blanks everything) and the errors of the parts
/// left out, in the order found.
pub fn evaluate_in_parts(s: &Scenario) -> (Result<Evaluation, ScenarioError>, Vec<ScenarioError>) {
    let mut left_out = Vec::new();
    let mut current = s.clone();
    loop {
        let err = match evaluate_scenario(&current) {
            Ok(e) => return (Ok(e), left_out),
            Err(err) => err,
        };
        let key = err.field_key().unwrap_or_default();
        let sized_by_risk = current.risk_percent.is_some() || current.risk_amount.is_some();
        let part = PERIPHERAL
            .iter()
            .find(|p| p.contains(&key.as_str()))
            .filter(|p| !(sized_by_risk && p.contains(&"stop_price")));
        let Some(part) = part.filter(|_| left_out.len() < PERIPHERAL.len()) else {
            // The position itself is to blame: the first error found is the one to show.
            return (Err(err), left_out);
        };
        for field in *part {
            current.clear(field);
        }
        left_out.push(err);
    }
}

impl Scenario {
    /// Leave out the statistical fields (volatility, horizon, drift and the safe-leverage
    /// conditions).
    pub fn clear_risk(&mut self) {
        for field in RISK_FIELDS {
            self.clear(field);
        }
    }

    /// Leave out one optional field (a [`PERIPHERAL`] one).
    fn clear(&mut self, field: &str) {
        match field {
            "volatility_annual" => self.volatility_annual = None,
            "horizon_hours" => self.horizon_hours = None,
            "drift_annual" => self.drift_annual = None,
            "safe_buffer_sigmas" => self.safe_buffer_sigmas = None,
            "max_prob_liquidation" => self.max_prob_liquidation = None,
            "mark_interval_seconds" => self.mark_interval_seconds = None,
            "funding_rate" => self.funding_rate = None,
            "funding_interval_hours" => self.funding_interval_hours = None,
            "holding_hours" => self.holding_hours = None,
            "target_price" => self.target_price = None,
            "stop_price" => self.stop_price = None,
            _ => {}
        }
    }
}

/// Evaluate a scenario.
pub fn evaluate_scenario(s: &Scenario) -> Result<Evaluation, ScenarioError> {
    let input = s.to_trade()?;
    let mut report = evaluate(&input)?;
    // A dated contract pays no funding: a funding rate entered for one is not applied.
    let expiry = s
        .symbol
        .as_deref()
        .and_then(|sym| crate::engine::venues::dated_expiry(s.venue, sym));
    let funding = match (&s.funding_rate, &expiry) {
        (Some(rate), None) => Some(funding_outcome(s, &input, &report, rate)?),
        _ => None,
    };
    if let Some(expiry) = expiry {
        report
            .warnings
            .push(crate::engine::trade::Warning::DatedContract {
                expiry,
                funding_dropped: s.funding_rate.is_some(),
            });
    }
    let risk = match (&s.volatility_annual, &s.horizon_hours) {
        (Some(v), Some(h)) => match risk_outcome(s, &input, &report, v, h)? {
            Ok(r) => Some(r),
            // The inputs are valid but the prices are not in a shape the closed forms take
            // (e.g. the mark is already past the stop): keep every other figure and say why.
            Err(reason) => {
                report
                    .warnings
                    .push(crate::engine::trade::Warning::RiskNotComputed(reason));
                None
            }
        },
        (Some(_), None) => {
            return Err(ScenarioError::Risk {
                field: Some("horizon_hours"),
                message: "a horizon is needed with a volatility".into(),
            })
        }
        _ => None,
    };
    let table = s.venue_table_info();
    if let Some(t) = &table {
        report.warnings.extend(table_warnings(t));
    }
    Ok(Evaluation {
        input,
        report,
        funding,
        risk,
        table,
    })
}

/// What the report says about the venue table it used: `table_derived` or `table_stand_in`
/// by its quality, and `table_stale` when it is older than
/// [`crate::engine::tables::STALE_MONTHS`] months on the host's date (issue 11).
fn table_warnings(t: &TableInfo) -> Vec<crate::engine::trade::Warning> {
    use crate::engine::trade::Warning;
    use crate::engine::venue_data::Quality;
    let as_of = t.as_of.clone();
    let mut out = Vec::new();
    match t.quality {
        Quality::Exact => {}
        Quality::Derived => out.push(Warning::TableDerived {
            as_of: as_of.clone(),
        }),
        Quality::StandIn => out.push(Warning::TableStandIn {
            as_of: as_of.clone(),
        }),
    }
    if crate::engine::tables::is_stale(&as_of) == Some(true) {
        out.push(Warning::TableStale { as_of });
    }
    out
}
