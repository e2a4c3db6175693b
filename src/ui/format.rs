//! Number formatting for people: thousands separators, sensible decimals, never "NaN".
//!
//! The engine reports exact decimal strings; the page shows them rounded (half away from
//! zero) and keeps the exact string in `data-value`. Pure functions, tested natively.

use core::str::FromStr;
use rust_decimal::{Decimal, RoundingStrategy};

/// Shown where a figure does not apply or cannot be computed.
pub const DASH: &str = "—";

/// Parse an engine decimal string; `None` for anything else.
pub fn parse(s: &str) -> Option<Decimal> {
    Decimal::from_str(s.trim()).ok()
}

/// Group the integer digits of an unsigned decimal text in threes: `1234567.5` → `1,234,567.5`.
fn group(digits: &str) -> String {
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(digits.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `d` with exactly `dp` decimals (half away from zero), grouped, with a real minus sign.
pub fn fixed(d: Decimal, dp: u32) -> String {
    let r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let negative = r.is_sign_negative() && !r.is_zero();
    let mut text = r.abs().to_string();
    // `to_string` keeps the scale; pad when the value had fewer decimals.
    let have = text.split_once('.').map_or(0, |(_, f)| f.len()) as u32;
    if have < dp {
        if have == 0 {
            text.push('.');
        }
        for _ in have..dp {
            text.push('0');
        }
    }
    let grouped = group(&text);
    if negative {
        format!("\u{2212}{grouped}")
    } else {
        grouped
    }
}

/// Like [`fixed`] but with trailing zeros removed down to `min_dp` decimals.
pub fn trimmed(d: Decimal, max_dp: u32, min_dp: u32) -> String {
    let r = d
        .round_dp_with_strategy(max_dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    let dp = r.scale().clamp(min_dp, max_dp);
    fixed(r, dp)
}

/// Decimals that suit a price of this size: 2 from 1,000 up, 4 from 1, more below.
pub fn price_dp(d: Decimal) -> u32 {
    let a = d.abs();
    if a >= Decimal::ONE_THOUSAND {
        2
    } else if a >= Decimal::ONE {
        4
    } else {
        8
    }
}

/// A price: `54,321.50`.
pub fn price(d: Decimal) -> String {
    trimmed(d, price_dp(d), 2.min(price_dp(d)))
}

/// An amount in a currency; `coin` amounts (BTC, ETH) get 8 decimals, trimmed to at least 4.
pub fn amount(d: Decimal, coin: bool) -> String {
    if coin {
        trimmed(d, 8, 4)
    } else {
        fixed(d, 2)
    }
}

/// A signed amount: `+1,234.50` or `−1,234.50`.
pub fn signed_amount(d: Decimal, coin: bool) -> String {
    let s = amount(d, coin);
    if d.is_sign_positive() && !crate::engine::num::round_half_away(d, 8).is_zero() {
        format!("+{s}")
    } else {
        s
    }
}

/// A fraction as a percentage: `0.0512` → `5.12 %`.
pub fn percent(fraction: Decimal, dp: u32) -> String {
    match fraction.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}\u{a0}%", trimmed(p, dp, 0)),
        None => DASH.to_owned(),
    }
}

/// A signed percentage of a fraction: `+12.5 %`.
pub fn signed_percent(fraction: Decimal, dp: u32) -> String {
    let s = percent(fraction, dp);
    if fraction.is_sign_positive() && !fraction.is_zero() {
        format!("+{s}")
    } else {
        s
    }
}

/// A rate the page edits in percent (`0.004` → `"0.4"`), exact, no grouping.
pub fn percent_input(fraction: Decimal) -> String {
    fraction
        .checked_mul(Decimal::ONE_HUNDRED)
        .map(|p| p.normalize().to_string())
        .unwrap_or_default()
}

/// A leverage: `12.5×`.
pub fn leverage(d: Decimal) -> String {
    format!("{}×", trimmed(d, 2, 0))
}

/// A leverage limit, rounded down so that "below 18.58×" stays true: `18.58×`.
pub fn leverage_floor(d: Decimal) -> String {
    let r = d
        .round_dp_with_strategy(2, RoundingStrategy::ToZero)
        .normalize();
    format!("{}×", fixed(r, r.scale().min(2)))
}

/// A large bound in short form: `50k`, `1.2M`, `1.8B`; smaller values as they are.
pub fn compact(d: Decimal) -> String {
    let a = d.abs();
    for (unit, suffix) in [
        (Decimal::from(1_000_000_000_000u64), "T"),
        (Decimal::from(1_000_000_000u64), "B"),
        (Decimal::from(1_000_000u64), "M"),
        (Decimal::ONE_THOUSAND, "k"),
    ] {
        if a >= unit {
            if let Some(q) = d.checked_div(unit) {
                return format!("{}{suffix}", trimmed(q, 2, 0));
            }
        }
    }
    trimmed(d, 4, 0)
}

/// An f64 for the chart's axes and readout (already bounded by the engine's limits).
pub fn f64_price(x: f64) -> String {
    match crate::engine::num::from_f64(x) {
        Some(d) => price(d),
        _ => DASH.to_owned(),
    }
}

/// An f64 amount for the chart's axes and readout.
pub fn f64_amount(x: f64, coin: bool) -> String {
    match crate::engine::num::from_f64(x) {
        Some(d) => signed_amount(d, coin),
        _ => DASH.to_owned(),
    }
}

/// An axis tick: `54,000`, `−1,500`, `0.25`: as few decimals as the value needs.
pub fn f64_tick(x: f64) -> String {
    match crate::engine::num::from_f64(x) {
        Some(d) => {
            let a = d.abs();
            if a >= Decimal::from(1_000_000u64) {
                return compact(d);
            }
            let dp = if a >= Decimal::ONE_HUNDRED {
                0
            } else if a >= Decimal::ONE {
                2
            } else {
                6
            };
            trimmed(d, dp, 0)
        }
        None => DASH.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn groups_thousands_and_pads_decimals() {
        assert_eq!(fixed(d("1234567.5"), 2), "1,234,567.50");
        assert_eq!(fixed(d("999"), 2), "999.00");
        assert_eq!(fixed(d("1000"), 0), "1,000");
        assert_eq!(fixed(d("0.004"), 2), "0.00");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(fixed(d("2.345"), 2), "2.35");
        assert_eq!(fixed(d("-2.345"), 2), "\u{2212}2.35");
        assert_eq!(fixed(d("-0.001"), 2), "0.00");
    }

    #[test]
    fn prices_get_decimals_by_size() {
        assert_eq!(price(d("54321.456")), "54,321.46");
        assert_eq!(price(d("54321")), "54,321.00");
        assert_eq!(price(d("1.23456")), "1.2346");
        assert_eq!(price(d("0.000123456789")), "0.00012346");
    }

    #[test]
    fn coin_amounts_keep_satoshis() {
        assert_eq!(amount(d("0.0005"), true), "0.0005");
        assert_eq!(amount(d("0.123456789"), true), "0.12345679");
        assert_eq!(amount(d("1"), true), "1.0000");
        assert_eq!(signed_amount(d("12.5"), false), "+12.50");
        assert_eq!(signed_amount(d("-12.5"), false), "\u{2212}12.50");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(d("0.0512"), 2), "5.12\u{a0}%");
        assert_eq!(percent(d("0.004"), 2), "0.4\u{a0}%");
        assert_eq!(signed_percent(d("-0.5"), 2), "\u{2212}50\u{a0}%");
        assert_eq!(percent_input(d("0.0005")), "0.05");
    }

    #[test]
    fn limits_round_down_and_bounds_shorten() {
        assert_eq!(leverage_floor(d("18.5899")), "18.58×");
        assert_eq!(leverage_floor(d("20")), "20×");
        assert_eq!(compact(d("50000")), "50k");
        assert_eq!(compact(d("1200000000")), "1.2B");
        assert_eq!(compact(d("3000000")), "3M");
        assert_eq!(compact(d("0")), "0");
        assert_eq!(compact(d("12.5")), "12.5");
    }

    #[test]
    fn non_finite_floats_are_a_dash() {
        assert_eq!(f64_price(f64::NAN), DASH);
        assert_eq!(f64_amount(f64::INFINITY, false), DASH);
        assert_eq!(f64_price(60000.0), "60,000.00");
        assert_eq!(f64_tick(-1500.0), "\u{2212}1,500");
        assert_eq!(f64_tick(0.25), "0.25");
        assert_eq!(f64_tick(-50_000_000.0), "\u{2212}50M");
        assert_eq!(f64_tick(900_000_000_000.0), "900B");
        assert_eq!(f64_tick(f64::NAN), DASH);
    }
}
