//! The risk inputs as typed, and what they become: the scenario's statistical fields
//! (`volatility_annual`, `horizon_hours`, `drift_annual`, `max_prob_liquidation`,
//! `safe_buffer_sigmas`, `mark_interval_seconds`) and the Monte Carlo settings.
//!
//! Percentages are typed in percent ("60" = 60 %) and stored in the scenario as exact
//! fractions ("0.6"). A daily volatility or an ATR is converted to the annual figure by the
//! engine ([`volatility::annual_from_daily`], [`volatility::annual_from_atr`]). Every check
//! names the input to blame, in the page's own units. Pure, tested natively.

use crate::engine::input::parse_decimal;
use crate::engine::num::{from_f64, to_f64};
use crate::engine::risk::montecarlo::Increments;
use crate::engine::risk::volatility;
use crate::engine::Field;
use crate::scenario::{fraction_to_percent, Num, Scenario, ScenarioError};
use rust_decimal::Decimal;

/// How the volatility is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VolMode {
    /// Annualised, in percent (365-day year).
    #[default]
    Annual,
    /// Daily, in percent.
    Daily,
    /// From an average true range in price units and the candle length.
    Atr,
}

impl VolMode {
    pub const ALL: [VolMode; 3] = [VolMode::Annual, VolMode::Daily, VolMode::Atr];

    pub fn key(self) -> &'static str {
        match self {
            VolMode::Annual => "annual",
            VolMode::Daily => "daily",
            VolMode::Atr => "atr",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            VolMode::Annual => "Annualised %",
            VolMode::Daily => "Daily %",
            VolMode::Atr => "From an ATR",
        }
    }

    pub fn from_key(k: &str) -> Option<VolMode> {
        VolMode::ALL.into_iter().find(|m| m.key() == k)
    }
}

/// The unit the horizon is typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HorizonUnit {
    #[default]
    Hours,
    Days,
}

/// The Monte Carlo's price increments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum McKind {
    #[default]
    Gaussian,
    StudentT,
    Jumps,
}

impl McKind {
    pub const ALL: [McKind; 3] = [McKind::Gaussian, McKind::StudentT, McKind::Jumps];

    pub fn key(self) -> &'static str {
        match self {
            McKind::Gaussian => "gaussian",
            McKind::StudentT => "student-t",
            McKind::Jumps => "jumps",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            McKind::Gaussian => "Gaussian",
            McKind::StudentT => "Fat tails (Student-t)",
            McKind::Jumps => "Jumps (Merton)",
        }
    }

    pub fn from_key(k: &str) -> Option<McKind> {
        McKind::ALL.into_iter().find(|m| m.key() == k)
    }
}

/// Every risk input, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskForm {
    pub vol_mode: VolMode,
    /// Percent, annual or daily by `vol_mode`; blank: no risk figures.
    pub volatility: String,
    /// Average true range in the quote currency.
    pub atr: String,
    /// Candle length of the ATR, hours.
    pub atr_hours: String,
    pub horizon: String,
    pub horizon_unit: HorizonUnit,
    /// Percent a year; blank: 0.
    pub drift: String,
    /// Safe leverage: largest acceptable P(touch liquidation within the horizon), percent.
    pub limit: String,
    /// Safe leverage: stop-to-liquidation buffer in horizon standard deviations.
    pub buffer: String,
    /// Seconds between mark-price updates; blank: continuous monitoring.
    pub mark_interval: String,
    pub mc_kind: McKind,
    /// Student-t degrees of freedom.
    pub mc_df: String,
    /// Jumps a year.
    pub mc_jump_rate: String,
    /// Mean log jump, percent.
    pub mc_jump_mean: String,
    /// Standard deviation of the log jump, percent.
    pub mc_jump_std: String,
    pub mc_paths: String,
    pub mc_seed: String,
}

impl Default for RiskForm {
    /// σ = 60 % a year over one day, a 5 % limit and a 1σ buffer: meaningful for the opening
    /// 10× BTC long.
    fn default() -> Self {
        RiskForm {
            vol_mode: VolMode::Annual,
            volatility: "60".into(),
            atr: "3000".into(),
            atr_hours: "24".into(),
            horizon: "24".into(),
            horizon_unit: HorizonUnit::Hours,
            drift: String::new(),
            limit: "5".into(),
            buffer: "1".into(),
            mark_interval: String::new(),
            mc_kind: McKind::Gaussian,
            mc_df: "4".into(),
            mc_jump_rate: "20".into(),
            mc_jump_mean: "-2".into(),
            mc_jump_std: "4".into(),
            mc_paths: "20000".into(),
            mc_seed: "1".into(),
        }
    }
}

/// Annual volatility above this is outside the engine's range (`gbm::MAX_SIGMA`, 2000 %).
const MAX_SIGMA: f64 = crate::engine::risk::gbm::MAX_SIGMA;
/// Longest horizon, hours (100 years).
const MAX_HORIZON_HOURS: i64 = 876_000;

fn err(key: &'static str, message: impl Into<String>) -> ScenarioError {
    ScenarioError::Risk {
        field: Some(key),
        message: message.into(),
    }
}

/// A typed number, or the message `what must be a number, like {example}`.
fn number(
    key: &'static str,
    what: &str,
    example: &str,
    text: &str,
) -> Result<Decimal, ScenarioError> {
    parse_decimal(Field::Volatility, text)
        .map_err(|_| err(key, format!("{what} must be a number, like {example}.")))
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn fraction(percent: Decimal) -> Num {
    Num::from(percent.checked_div(Decimal::ONE_HUNDRED).unwrap_or(percent))
}

/// An f64 statistic as a scenario number (12 decimals are far below any input's precision).
fn stat_num(x: f64) -> Option<Num> {
    from_f64(x).map(|d| Num::from(crate::engine::num::round_half_away(d, 12)))
}

impl RiskForm {
    /// The annual volatility as a scenario fraction; `None` when the field is blank (no risk
    /// figures) or, for an ATR, when the price it refers to cannot be read (the price's own
    /// error is shown instead).
    ///
    /// # Errors
    /// Not a number, negative, or beyond 2000 % a year, naming the input.
    pub fn volatility_annual(&self, price_text: &str) -> Result<Option<Num>, ScenarioError> {
        const KEY: &str = "volatility_annual";
        match self.vol_mode {
            VolMode::Annual | VolMode::Daily => {
                if blank(&self.volatility) {
                    return Ok(None);
                }
                let daily = self.vol_mode == VolMode::Daily;
                let example = if daily { "3.1" } else { "60" };
                let p = number(KEY, "Volatility", example, &self.volatility)?;
                if p.is_sign_negative() && !p.is_zero() {
                    return Err(err(KEY, "Volatility cannot be negative."));
                }
                let num = if daily {
                    let annual = volatility::annual_from_daily(to_f64(p) / 100.0)
                        .map_err(|e| err(KEY, e.to_string()))?;
                    if annual.is_nan() || annual > MAX_SIGMA {
                        return Err(err(
                            KEY,
                            "That is more than 2,000 % a year, beyond the model's range.",
                        ));
                    }
                    stat_num(annual).ok_or_else(|| err(KEY, "Volatility is out of range."))?
                } else {
                    if p > Decimal::from(2000) {
                        return Err(err(KEY, "Volatility must be at most 2,000 % a year."));
                    }
                    fraction(p)
                };
                Ok(Some(num))
            }
            VolMode::Atr => {
                if blank(&self.atr) {
                    return Ok(None);
                }
                let atr = number("atr", "The ATR", "1500", &self.atr)?;
                if atr.is_sign_negative() && !atr.is_zero() {
                    return Err(err("atr", "The ATR cannot be negative."));
                }
                let hours = number("atr_hours", "The candle length", "24", &self.atr_hours)?;
                if hours <= Decimal::ZERO {
                    return Err(err(
                        "atr_hours",
                        "The candle length must be more than zero hours.",
                    ));
                }
                let Some(price) = parse_decimal(Field::EntryPrice, price_text)
                    .ok()
                    .filter(|p| *p > Decimal::ZERO)
                else {
                    return Ok(None);
                };
                let annual = volatility::annual_from_atr(to_f64(atr), to_f64(price), to_f64(hours))
                    .map_err(|e| err("atr", e.to_string()))?;
                if annual.is_nan() || annual > MAX_SIGMA {
                    return Err(err(
                        "atr",
                        "This ATR means more than 2,000 % volatility a year, beyond the model's range.",
                    ));
                }
                Ok(Some(
                    stat_num(annual).ok_or_else(|| err("atr", "The ATR is out of range."))?,
                ))
            }
        }
    }

    /// The horizon in hours.
    ///
    /// # Errors
    /// Not a number, not positive, or longer than 100 years.
    pub fn horizon_hours(&self) -> Result<Num, ScenarioError> {
        const KEY: &str = "horizon_hours";
        if blank(&self.horizon) {
            return Err(err(KEY, "A horizon is needed with a volatility."));
        }
        let h = number(KEY, "The horizon", "24", &self.horizon)?;
        let hours = match self.horizon_unit {
            HorizonUnit::Hours => h,
            HorizonUnit::Days => h
                .checked_mul(Decimal::from(24))
                .ok_or_else(|| err(KEY, "The horizon is too long."))?,
        };
        if hours <= Decimal::ZERO {
            return Err(err(KEY, "The horizon must be more than zero."));
        }
        if hours > Decimal::from(MAX_HORIZON_HOURS) {
            return Err(err(KEY, "The horizon must be at most 100 years."));
        }
        Ok(Num::from(hours))
    }

    /// Writes the statistical fields into `s`; leaves them all out when the volatility is
    /// blank. `price_text` is the price an ATR refers to (the entry, or the mark when given).
    ///
    /// # Errors
    /// The first input that cannot be used, named by its scenario key (or `atr`,
    /// `atr_hours`).
    pub fn apply(&self, price_text: &str, s: &mut Scenario) -> Result<(), ScenarioError> {
        let Some(sigma) = self.volatility_annual(price_text)? else {
            return Ok(());
        };
        s.volatility_annual = Some(sigma);
        s.horizon_hours = Some(self.horizon_hours()?);
        s.drift_annual = if blank(&self.drift) {
            None
        } else {
            let d = number("drift_annual", "The drift", "10", &self.drift)?;
            if d.abs() > Decimal::from(10_000) {
                return Err(err(
                    "drift_annual",
                    "The drift must be between −10,000 % and 10,000 % a year.",
                ));
            }
            Some(fraction(d))
        };
        s.max_prob_liquidation = if blank(&self.limit) {
            None
        } else {
            let p = number("max_prob_liquidation", "The limit", "5", &self.limit)?;
            if p <= Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                return Err(err(
                    "max_prob_liquidation",
                    "The limit must be more than 0 % and at most 100 %.",
                ));
            }
            Some(fraction(p))
        };
        s.safe_buffer_sigmas = if blank(&self.buffer) {
            None
        } else {
            let k = number("safe_buffer_sigmas", "The buffer", "1", &self.buffer)?;
            if k.is_sign_negative() && !k.is_zero() || k > Decimal::ONE_HUNDRED {
                return Err(err(
                    "safe_buffer_sigmas",
                    "The buffer must be between 0 and 100 σ.",
                ));
            }
            Some(Num::from(k))
        };
        s.mark_interval_seconds = if blank(&self.mark_interval) {
            None
        } else {
            let m = number(
                "mark_interval_seconds",
                "The mark interval",
                "1",
                &self.mark_interval,
            )?;
            if m <= Decimal::ZERO || m > Decimal::from(86_400) {
                return Err(err(
                    "mark_interval_seconds",
                    "The mark interval must be more than 0 and at most 86,400 seconds (one day).",
                ));
            }
            Some(Num::from(m))
        };
        Ok(())
    }

    /// The inputs that describe a scenario's statistical fields (for a shared link or a saved
    /// scenario): annual volatility in percent, horizon in hours, the rest as stored. The
    /// Monte Carlo settings keep their current values.
    pub fn with_scenario(&self, s: &Scenario) -> RiskForm {
        let pct = |n: &Option<Num>| {
            n.as_ref()
                .and_then(|n| fraction_to_percent(Field::Volatility, n).ok())
                .unwrap_or_default()
        };
        let plain = |n: &Option<Num>| n.as_ref().map(|n| n.0.clone()).unwrap_or_default();
        RiskForm {
            vol_mode: VolMode::Annual,
            volatility: pct(&s.volatility_annual),
            horizon: if s.horizon_hours.is_some() {
                plain(&s.horizon_hours)
            } else {
                self.horizon.clone()
            },
            horizon_unit: HorizonUnit::Hours,
            drift: pct(&s.drift_annual),
            limit: pct(&s.max_prob_liquidation),
            buffer: plain(&s.safe_buffer_sigmas),
            mark_interval: plain(&s.mark_interval_seconds),
            ..self.clone()
        }
    }
}

/// Validated Monte Carlo settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct McParams {
    pub increments: Increments,
    pub paths: u64,
    pub seed: u64,
}

/// Most paths a run may have (memory: one loss and a few dozen fan prices per path).
pub const MAX_PATHS: u64 = 100_000;

impl RiskForm {
    /// The Monte Carlo settings for annual volatility `sigma`. Errors are `(input id,
    /// message)`, shown under the Monte Carlo inputs (they do not stop the closed forms).
    pub fn mc_params(&self, sigma: f64) -> Result<McParams, (&'static str, String)> {
        let num = |id: &'static str, what: &str, example: &str, text: &str| {
            parse_decimal(Field::Volatility, text)
                .map(to_f64)
                .map_err(|_| (id, format!("{what} must be a number, like {example}.")))
        };
        let increments = match self.mc_kind {
            McKind::Gaussian => Increments::Gaussian,
            McKind::StudentT => {
                let df = num("mc-df", "Degrees of freedom", "4", &self.mc_df)?;
                if !(df > 2.0 && df <= 1000.0) {
                    return Err((
                        "mc-df",
                        "Degrees of freedom must be more than 2 (the variance must exist) and at most 1,000.".into(),
                    ));
                }
                Increments::StudentT { df }
            }
            McKind::Jumps => {
                let rate = num(
                    "mc-jump-rate",
                    "The jump intensity",
                    "20",
                    &self.mc_jump_rate,
                )?;
                let mean = num("mc-jump-mean", "The mean jump", "-2", &self.mc_jump_mean)? / 100.0;
                let sd = num("mc-jump-std", "The jump deviation", "4", &self.mc_jump_std)? / 100.0;
                if !(0.0..=10_000.0).contains(&rate) {
                    return Err((
                        "mc-jump-rate",
                        "The jump intensity must be between 0 and 10,000 a year.".into(),
                    ));
                }
                if !(-0.5..=0.5).contains(&mean) {
                    return Err((
                        "mc-jump-mean",
                        "The mean jump must be between −50 % and 50 %.".into(),
                    ));
                }
                if !(0.0..=0.5).contains(&sd) {
                    return Err((
                        "mc-jump-std",
                        "The jump deviation must be between 0 % and 50 %.".into(),
                    ));
                }
                if rate * (mean * mean + sd * sd) > sigma * sigma * (1.0 + 1e-12) {
                    return Err((
                        "mc-jump-rate",
                        "The jumps alone vary more than the volatility allows: lower the intensity or the jump sizes, or raise the volatility.".into(),
                    ));
                }
                Increments::MertonJumps {
                    intensity: rate,
                    jump_mean: mean,
                    jump_std: sd,
                }
            }
        };
        let whole = |id: &'static str, what: &str, text: &str, min: u64, max: u64| {
            let d = parse_decimal(Field::Volatility, text)
                .ok()
                .filter(|d| d.fract().is_zero())
                .ok_or_else(|| (id, format!("{what} must be a whole number.")))?;
            use rust_decimal::prelude::ToPrimitive;
            d.to_u64()
                .filter(|v| (min..=max).contains(v))
                .ok_or_else(|| (id, format!("{what} must be between {min} and {max}.")))
        };
        let paths = whole(
            "mc-paths",
            "The number of paths",
            &self.mc_paths,
            100,
            MAX_PATHS,
        )?;
        let seed = whole("mc-seed", "The seed", &self.mc_seed, 0, u64::MAX)?;
        Ok(McParams {
            increments,
            paths,
            seed,
        })
    }
}

/// The input (test-id suffix) a risk key belongs to, for [`super::super::state::input_for_key`].
pub fn input_for_key(key: &str) -> &'static str {
    match key {
        "volatility_annual" => "volatility",
        "atr" => "atr",
        "atr_hours" => "atr-hours",
        "horizon_hours" => "horizon",
        "drift_annual" => "drift",
        "max_prob_liquidation" => "risk-limit",
        "safe_buffer_sigmas" => "buffer",
        "mark_interval_seconds" => "mark-interval",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::evaluate_scenario;

    fn apply(f: &RiskForm) -> Result<Scenario, ScenarioError> {
        let mut s = Scenario::default();
        f.apply("60000", &mut s).map(|()| s)
    }

    fn key_of(e: ScenarioError) -> String {
        e.field_key().unwrap()
    }

    #[test]
    fn defaults_give_a_meaningful_scenario() {
        let s = apply(&RiskForm::default()).unwrap();
        assert_eq!(s.volatility_annual, Some(Num::new("0.6")));
        assert_eq!(s.horizon_hours, Some(Num::new("24")));
        assert_eq!(s.max_prob_liquidation, Some(Num::new("0.05")));
        assert_eq!(s.safe_buffer_sigmas, Some(Num::new("1")));
        assert_eq!(s.drift_annual, None);
        assert_eq!(s.mark_interval_seconds, None);
        let e = evaluate_scenario(&s).unwrap();
        let r = e.risk.unwrap();
        assert!(r.figures.prob_touch_liquidation > 0.0 && r.figures.prob_touch_liquidation < 0.5);
        assert!(r.safe_leverage.is_some());
    }

    #[test]
    fn blank_volatility_leaves_the_risk_fields_out() {
        let f = RiskForm {
            volatility: " ".into(),
            horizon: "zz".into(),
            ..RiskForm::default()
        };
        let s = apply(&f).unwrap();
        assert_eq!(s, Scenario::default());
    }

    #[test]
    fn bad_volatility_names_the_input_in_percent() {
        for (text, needle) in [("-5", "negative"), ("abc", "number"), ("2500", "2,000")] {
            let f = RiskForm {
                volatility: text.into(),
                ..RiskForm::default()
            };
            let e = apply(&f).unwrap_err();
            assert!(e.to_string().contains(needle), "{text}: {e}");
            assert_eq!(input_for_key(&key_of(e)), "volatility");
        }
    }

    #[test]
    fn daily_and_atr_convert_with_the_engine() {
        let daily = RiskForm {
            vol_mode: VolMode::Daily,
            volatility: "2".into(),
            ..RiskForm::default()
        };
        let s = apply(&daily).unwrap();
        let v: f64 = s.volatility_annual.unwrap().0.parse().unwrap();
        assert!((v - 0.02 * 365f64.sqrt()).abs() < 1e-12);

        // ATR = 2 % · √(8/π) of the price on daily candles is a 2 % daily volatility.
        let atr = 0.02 * volatility::EXPECTED_RANGE_FACTOR * 60_000.0;
        let f = RiskForm {
            vol_mode: VolMode::Atr,
            atr: format!("{}", (atr * 1e6).round() / 1e6),
            atr_hours: "24".into(),
            ..RiskForm::default()
        };
        let s = apply(&f).unwrap();
        let v: f64 = s.volatility_annual.unwrap().0.parse().unwrap();
        assert!((v - 0.02 * 365f64.sqrt()).abs() < 1e-9, "{v}");
        // The ATR refers to a price: without a readable one the risk fields wait.
        let mut s = Scenario::default();
        f.apply("abc", &mut s).unwrap();
        assert_eq!(s.volatility_annual, None);
        let bad = RiskForm {
            atr_hours: "0".into(),
            ..f.clone()
        };
        assert_eq!(
            input_for_key(&key_of(apply(&bad).unwrap_err())),
            "atr-hours"
        );
        let bad = RiskForm {
            atr: "-1".into(),
            ..f
        };
        assert_eq!(input_for_key(&key_of(apply(&bad).unwrap_err())), "atr");
    }

    #[test]
    fn horizon_in_days_and_the_other_fields() {
        let f = RiskForm {
            horizon: "2.5".into(),
            horizon_unit: HorizonUnit::Days,
            drift: "-10".into(),
            limit: "1".into(),
            buffer: "2".into(),
            mark_interval: "1".into(),
            ..RiskForm::default()
        };
        let s = apply(&f).unwrap();
        assert_eq!(s.horizon_hours, Some(Num::new("60")));
        assert_eq!(s.drift_annual, Some(Num::new("-0.1")));
        assert_eq!(s.max_prob_liquidation, Some(Num::new("0.01")));
        assert_eq!(s.safe_buffer_sigmas, Some(Num::new("2")));
        assert_eq!(s.mark_interval_seconds, Some(Num::new("1")));
        assert!(evaluate_scenario(&s).is_ok());
        let back = RiskForm::default().with_scenario(&s);
        assert_eq!(back.volatility, "60");
        assert_eq!(back.horizon, "60");
        assert_eq!(back.drift, "-10");
        assert_eq!(back.limit, "1");
        assert_eq!(apply(&back).unwrap(), s);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Case = (fn(&mut RiskForm), &'static str);
        let cases: [Case; 6] = [
            (|f| f.horizon = "0".into(), "horizon"),
            (|f| f.horizon = "x".into(), "horizon"),
            (|f| f.drift = "x".into(), "drift"),
            (|f| f.limit = "0".into(), "risk-limit"),
            (|f| f.buffer = "-1".into(), "buffer"),
            (|f| f.mark_interval = "0".into(), "mark-interval"),
        ];
        for (edit, input) in cases {
            let mut f = RiskForm::default();
            edit(&mut f);
            let e = apply(&f).unwrap_err();
            assert_eq!(input_for_key(&key_of(e)), input);
        }
    }

    #[test]
    fn monte_carlo_settings() {
        let f = RiskForm::default();
        let p = f.mc_params(0.6).unwrap();
        assert_eq!(p.increments, Increments::Gaussian);
        assert_eq!((p.paths, p.seed), (20_000, 1));
        let t = RiskForm {
            mc_kind: McKind::StudentT,
            mc_df: "2".into(),
            ..f.clone()
        };
        assert_eq!(t.mc_params(0.6).unwrap_err().0, "mc-df");
        let j = RiskForm {
            mc_kind: McKind::Jumps,
            ..f.clone()
        };
        assert!(matches!(
            j.mc_params(0.6).unwrap().increments,
            Increments::MertonJumps { .. }
        ));
        // 20 jumps a year of ±4.5 % carry 0.04 of variance: more than σ = 15 % allows.
        assert_eq!(j.mc_params(0.15).unwrap_err().0, "mc-jump-rate");
        let p = RiskForm {
            mc_paths: "1.5".into(),
            ..f.clone()
        };
        assert_eq!(p.mc_params(0.6).unwrap_err().0, "mc-paths");
        let p = RiskForm {
            mc_paths: "10".into(),
            ..f
        };
        assert!(p.mc_params(0.6).unwrap_err().1.contains("between 100"));
    }
}
