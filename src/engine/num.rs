//! Checked decimal arithmetic.
//!
//! `rust_decimal`'s operators panic on overflow and division by zero; a panic kills the WASM
//! page. Every money operation in the engine goes through these helpers, which turn `None`
//! into [`CalcError`].

use super::error::{CalcError, CalcResult};
use rust_decimal::Decimal;

/// `d` to `dp` decimals, a half away from zero (0.125 → 0.13, −0.125 → −0.13): how prices
/// and amounts are written in messages and figures. `Decimal::round_dp` rounds a half to even
/// (banker's rounding), which no venue shows; clippy refuses it outside tests (clippy.toml).
pub fn round_half_away(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// `units · 10^−scale` as a constant (`dec(8, 1)` is 0.8, `dec(1_000_000_000_000, 0)` is
/// 10¹²): the named constructor for money constants, readable where `Decimal::from_parts`
/// takes the 96-bit mantissa in 32-bit words. `scale` at most 28.
pub const fn dec(units: u64, scale: u32) -> Decimal {
    // The low and middle words of the mantissa; a u64 never reaches the high word.
    Decimal::from_parts(units as u32, (units >> 32) as u32, 0, false, scale)
}

/// `a + b`, or [`CalcError::Overflow`].
pub fn add(a: Decimal, b: Decimal) -> CalcResult<Decimal> {
    a.checked_add(b).ok_or(CalcError::Overflow)
}

/// `a − b`, or [`CalcError::Overflow`].
pub fn sub(a: Decimal, b: Decimal) -> CalcResult<Decimal> {
    a.checked_sub(b).ok_or(CalcError::Overflow)
}

/// `a × b`, or [`CalcError::Overflow`].
pub fn mul(a: Decimal, b: Decimal) -> CalcResult<Decimal> {
    a.checked_mul(b).ok_or(CalcError::Overflow)
}

/// `a ÷ b`; [`CalcError::Degenerate`] when `b` is zero, [`CalcError::Overflow`] otherwise.
pub fn div(a: Decimal, b: Decimal) -> CalcResult<Decimal> {
    if b.is_zero() {
        return Err(CalcError::Degenerate("division by zero"));
    }
    a.checked_div(b).ok_or(CalcError::Overflow)
}

/// `−a`. Flipping the sign cannot overflow, so this never fails.
pub fn neg(a: Decimal) -> Decimal {
    let mut x = a;
    x.set_sign_negative(!a.is_sign_negative());
    x
}

/// Sum of a slice, checked.
pub fn sum(xs: impl IntoIterator<Item = Decimal>) -> CalcResult<Decimal> {
    xs.into_iter().try_fold(Decimal::ZERO, add)
}

/// Round `x` down (toward zero) to a multiple of `step` (> 0).
pub fn floor_to_step(x: Decimal, step: Decimal) -> CalcResult<Decimal> {
    let n = div(x, step)?.trunc();
    mul(n, step)
}

/// Decimal → f64 for statistics and charts (the only place money leaves `Decimal`).
pub fn to_f64(x: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    x.to_f64().unwrap_or(f64::NAN)
}

/// f64 → Decimal for a value computed statistically (e.g. a leverage limit).
/// Non-finite or out-of-range values give `None`.
pub fn from_f64(x: f64) -> Option<Decimal> {
    use rust_decimal::prelude::FromPrimitive;
    if !x.is_finite() {
        return None;
    }
    Decimal::from_f64(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_rounds_away_from_zero_not_to_even() {
        let d = |units: i64, scale: u32| Decimal::new(units, scale);
        assert_eq!(round_half_away(d(125, 3), 2), d(13, 2));
        assert_eq!(round_half_away(d(-125, 3), 2), d(-13, 2));
        // Banker's rounding (Decimal::round_dp) gives 0.12 and 2 here.
        assert_eq!(round_half_away(d(25, 1), 0), d(3, 0));
        assert_eq!(round_half_away(d(124, 3), 2), d(12, 2));
        assert_eq!(round_half_away(dec(8, 1), 5), d(8, 1));
    }
}
