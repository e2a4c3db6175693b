//! Volatility and horizon conversions (365-day year: crypto trades 24/7).
//!
//! Volatilities are fractions (0.6 = 60 %); time is in years of 365 days.

use super::{non_negative, positive, RiskResult};

/// Days in the model year.
pub const DAYS_PER_YEAR: f64 = 365.0;
/// Hours in the model year, `24 · 365`.
pub const HOURS_PER_YEAR: f64 = 24.0 * DAYS_PER_YEAR;
/// Seconds in the model year, `3600 · 24 · 365` (exact in `f64`).
pub const SECONDS_PER_YEAR: f64 = 3600.0 * HOURS_PER_YEAR;

/// `√(8/π)`: the expected range of a standard Brownian motion over unit time.
pub const EXPECTED_RANGE_FACTOR: f64 = 1.595_769_121_605_730_7;

/// Horizon in years from hours.
///
/// ```text
/// T = h / (24·365)
/// ```
///
/// # Errors
/// [`RiskError::NotFinite`](super::RiskError::NotFinite) or
/// [`RiskError::Negative`](super::RiskError::Negative).
pub fn horizon_years_from_hours(hours: f64) -> RiskResult<f64> {
    Ok(non_negative("horizon", hours)? / HOURS_PER_YEAR)
}

/// Horizon in years from days: `T = d / 365`.
///
/// # Errors
/// As [`horizon_years_from_hours`].
pub fn horizon_years_from_days(days: f64) -> RiskResult<f64> {
    Ok(non_negative("horizon", days)? / DAYS_PER_YEAR)
}

/// Daily volatility from annual volatility (square-root-of-time scaling, independent
/// increments).
///
/// ```text
/// σ_daily = σ_annual / √365
/// ```
/// Source: Hull, *Options, Futures, and Other Derivatives* (10th ed.), §15.4 ("Estimating
/// volatility from historical data"), with 365 trading days for a 24/7 market.
///
/// # Errors
/// [`RiskError::NotFinite`](super::RiskError::NotFinite) or
/// [`RiskError::Negative`](super::RiskError::Negative).
pub fn daily_from_annual(sigma_annual: f64) -> RiskResult<f64> {
    Ok(non_negative("annual volatility", sigma_annual)? / DAYS_PER_YEAR.sqrt())
}

/// Annual volatility from daily volatility: `σ_annual = σ_daily · √365` (Hull §15.4).
///
/// # Errors
/// As [`daily_from_annual`].
pub fn annual_from_daily(sigma_daily: f64) -> RiskResult<f64> {
    Ok(non_negative("daily volatility", sigma_daily)? * DAYS_PER_YEAR.sqrt())
}

/// Annual volatility from the volatility of a period of `period_hours` hours.
///
/// ```text
/// σ_annual = σ_period · √(8760 / period_hours)
/// ```
///
/// # Errors
/// Invalid numbers, or a period that is not positive.
pub fn annual_from_period(sigma_period: f64, period_hours: f64) -> RiskResult<f64> {
    let s = non_negative("volatility", sigma_period)?;
    let h = positive("period length", period_hours)?;
    Ok(s * (HOURS_PER_YEAR / h).sqrt())
}

/// Annual volatility from an average true range (ATR) measured on candles of
/// `candle_hours` hours, at price `price`.
///
/// ```text
/// E[ln(H/L)] = √(8/π) · σ_c            (range of Brownian motion over one candle)
/// σ_c ≈ (ATR / P) · √(π/8) ≈ 0.6267 · ATR/P
/// σ_annual = σ_c · √(8760 / candle_hours)
/// ```
/// `H`, `L`: a candle's high and low; `σ_c`: the volatility of one candle; `P`: the price
/// the ATR refers to (`ATR/P ≈ ln(H/L)` for ranges of a few per cent).
///
/// The true range is `max(H, C₋₁) − min(L, C₋₁)`; for a market that trades around the clock
/// the previous close `C₋₁` is the next open, so the true range is the high–low range up to
/// rare gaps, which make this estimate slightly high (conservative for risk). The
/// frequently used shortcut "σ_daily ≈ ATR/P" overstates σ by the factor √(8/π) ≈ 1.60.
///
/// Sources: W. Feller (1951), "The asymptotic distribution of the range of sums of
/// independent random variables", *Ann. Math. Statist.* 22(3), 427–432 (expected range
/// `√(8t/π)`); M. Parkinson (1980), "The extreme value method for estimating the variance of
/// the rate of return", *Journal of Business* 53(1), 61–65; J. W. Wilder (1978), *New Concepts
/// in Technical Trading Systems* (definition of the ATR).
///
/// # Errors
/// Invalid numbers, a non-positive price or candle length, a negative ATR.
pub fn annual_from_atr(atr: f64, price: f64, candle_hours: f64) -> RiskResult<f64> {
    let atr = non_negative("ATR", atr)?;
    let price = positive("price", price)?;
    let candle = positive("candle length", candle_hours)?;
    let sigma_candle = atr / price / EXPECTED_RANGE_FACTOR;
    Ok(sigma_candle * (HOURS_PER_YEAR / candle).sqrt())
}

/// How the user states volatility. [`VolatilityInput::annual`] converts any of them to the
/// annual fraction the models use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum VolatilityInput {
    /// Annualised volatility, a fraction (0.6 = 60 %).
    Annual(f64),
    /// Daily volatility, a fraction.
    Daily(f64),
    /// An average true range in price units, the price it refers to and the candle length.
    Atr {
        atr: f64,
        price: f64,
        candle_hours: f64,
    },
}

impl VolatilityInput {
    /// The annual volatility (fraction). See [`annual_from_daily`], [`annual_from_atr`].
    ///
    /// # Errors
    /// Invalid numbers (NaN, negative volatility, non-positive price or candle length).
    pub fn annual(self) -> RiskResult<f64> {
        match self {
            VolatilityInput::Annual(s) => non_negative("annual volatility", s),
            VolatilityInput::Daily(s) => annual_from_daily(s),
            VolatilityInput::Atr {
                atr,
                price,
                candle_hours,
            } => annual_from_atr(atr, price, candle_hours),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annual_daily_round_trip() {
        let d = daily_from_annual(0.6).unwrap();
        assert!((d - 0.6 / 365f64.sqrt()).abs() < 1e-16);
        assert!((annual_from_daily(d).unwrap() - 0.6).abs() < 1e-15);
        assert!((annual_from_period(d, 24.0).unwrap() - 0.6).abs() < 1e-15);
        assert!(daily_from_annual(-0.1).is_err());
        assert!(annual_from_daily(f64::NAN).is_err());
        assert!(annual_from_period(0.1, 0.0).is_err());
    }

    #[test]
    fn horizons() {
        assert_eq!(horizon_years_from_hours(8760.0).unwrap(), 1.0);
        assert_eq!(horizon_years_from_days(73.0).unwrap(), 0.2);
        assert!((horizon_years_from_hours(24.0).unwrap() - 1.0 / 365.0).abs() < 1e-18);
        assert!(horizon_years_from_hours(-1.0).is_err());
        assert!(horizon_years_from_hours(f64::INFINITY).is_err());
    }

    #[test]
    fn atr_conversion() {
        // Daily candles, ATR 3.192 % of price → σ_daily = 0.03192/1.5958 ≈ 2 %.
        let atr = 0.02 * EXPECTED_RANGE_FACTOR * 50_000.0;
        let a = annual_from_atr(atr, 50_000.0, 24.0).unwrap();
        assert!((a - 0.02 * 365f64.sqrt()).abs() < 1e-14);
        // Hourly candles: 24× the periods, √24 scaling.
        let h = annual_from_atr(atr, 50_000.0, 1.0).unwrap();
        assert!((h / a - 24f64.sqrt()).abs() < 1e-13);
        assert!(annual_from_atr(1.0, 0.0, 24.0).is_err());
        assert!(annual_from_atr(-1.0, 10.0, 24.0).is_err());
        let via_enum = VolatilityInput::Atr {
            atr,
            price: 50_000.0,
            candle_hours: 24.0,
        }
        .annual()
        .unwrap();
        assert_eq!(via_enum, a);
        assert!(VolatilityInput::Annual(-0.2).annual().is_err());
    }

    #[test]
    fn expected_range_constant() {
        assert!((EXPECTED_RANGE_FACTOR - (8.0 / core::f64::consts::PI).sqrt()).abs() < 1e-15);
    }
}
