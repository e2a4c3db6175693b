//! Numbers of the risk panel as text: probabilities, leverages, volatilities, with integer
//! arithmetic only (no float formatting in the bundle), never "NaN".

use crate::ui::format::DASH;

/// `x` with exactly `dp` decimals (half away from zero), grouped in thousands, with a real
/// minus sign; a dash when not finite or beyond ±1e15.
pub fn fixed(x: f64, dp: u32) -> String {
    if !x.is_finite() || x.abs() >= 1e15 {
        return DASH.to_owned();
    }
    let scale = 10u64.pow(dp.min(6));
    let v = (x.abs() * scale as f64).round() as u64;
    let (int, frac) = (v / scale, v % scale);
    let digits = int.to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if x < 0.0 && v != 0 {
        out.push('\u{2212}');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if dp > 0 {
        let f = frac.to_string();
        out.push('.');
        for _ in f.len()..dp.min(6) as usize {
            out.push('0');
        }
        out.push_str(&f);
    }
    out
}

/// Like [`fixed`], with trailing zeros (and a bare point) removed.
pub fn trimmed(x: f64, dp: u32) -> String {
    let s = fixed(x, dp);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

/// `x` for a `data-value`: plain digits, ASCII minus, no grouping, trailing zeros trimmed;
/// empty when not finite.
pub fn plain(x: f64, dp: u32) -> String {
    if !x.is_finite() || x.abs() >= 1e15 {
        return String::new();
    }
    trimmed(x, dp).replace(',', "").replace('\u{2212}', "-")
}

/// A probability as a percentage for people: `3.21 %`; `< 0.01 %` and `> 99.99 %` near the
/// ends, `0 %` and `100 %` only when exact.
pub fn prob(p: f64) -> String {
    if !p.is_finite() {
        return DASH.to_owned();
    }
    let pct = p * 100.0;
    if p <= 0.0 {
        "0\u{a0}%".to_owned()
    } else if p >= 1.0 {
        "100\u{a0}%".to_owned()
    } else if pct < 0.01 {
        "<\u{a0}0.01\u{a0}%".to_owned()
    } else if pct > 99.99 {
        ">\u{a0}99.99\u{a0}%".to_owned()
    } else {
        format!("{}\u{a0}%", fixed(pct, 2))
    }
}

/// A probability for `data-value`: 15 decimals, plain digits (`0.012345678901234`), empty when
/// not finite. Within 1e-15 of the value, for comparisons with `levcalc eval`.
pub fn prob_exact(p: f64) -> String {
    if !p.is_finite() {
        return String::new();
    }
    let p = p.clamp(0.0, 1.0);
    let scale = 1_000_000_000_000_000u64;
    let v = (p * scale as f64).round() as u64;
    let frac = (v % scale).to_string();
    let mut out = format!("{}.", v / scale);
    for _ in frac.len()..15 {
        out.push('0');
    }
    out.push_str(&frac);
    out
}

/// A probability with its standard error: `3.21 % ± 0.12 %`.
pub fn prob_se(p: f64, se: f64) -> String {
    format!("{} ± {}\u{a0}%", prob(p), trimmed(se * 100.0, 2))
}

/// A leverage: `12.5×`.
pub fn lev(l: f64) -> String {
    if !l.is_finite() {
        return DASH.to_owned();
    }
    format!("{}×", trimmed(l, if l < 10.0 { 2 } else { 1 }))
}

/// A leverage limit, rounded down so that "up to 18.58×" stays true.
pub fn lev_floor(l: f64) -> String {
    if !l.is_finite() {
        return DASH.to_owned();
    }
    let (dp, scale) = if l < 10.0 { (2, 100.0) } else { (1, 10.0) };
    format!("{}×", trimmed((l * scale).floor() / scale, dp))
}

/// A volatility or another fraction as a percentage with up to `dp` decimals: `60 %`.
pub fn pct(f: f64, dp: u32) -> String {
    if !f.is_finite() {
        return DASH.to_owned();
    }
    format!("{}\u{a0}%", trimmed(f * 100.0, dp))
}

/// A price for the charts (the page's rule: 2 decimals from 1,000 up, 4 from 1, else 8).
pub fn price(p: f64) -> String {
    let dp = if p.abs() >= 1000.0 {
        2
    } else if p.abs() >= 1.0 {
        4
    } else {
        6
    };
    fixed(p, dp)
}

/// A horizon: `24 h`, `3 days`, `1.5 days`.
pub fn horizon(hours: f64) -> String {
    if hours >= 48.0 {
        format!("{} days", trimmed(hours / 24.0, 2))
    } else {
        format!("{}\u{a0}h", trimmed(hours, 2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_trimmed() {
        assert_eq!(fixed(1234567.456, 2), "1,234,567.46");
        assert_eq!(fixed(-2.345, 2), "\u{2212}2.35");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(0.05, 3), "0.050");
        assert_eq!(fixed(999.9999, 2), "1,000.00");
        assert_eq!(fixed(f64::NAN, 2), DASH);
        assert_eq!(fixed(1e300, 2), DASH);
        assert_eq!(trimmed(12.50, 2), "12.5");
        assert_eq!(trimmed(12.0, 2), "12");
        assert_eq!(trimmed(1000.0, 0), "1,000");
        assert_eq!(plain(-1234.5, 2), "-1234.5");
        assert_eq!(plain(f64::NAN, 2), "");
    }

    #[test]
    fn probabilities() {
        assert_eq!(prob(0.0321), "3.21\u{a0}%");
        assert_eq!(prob(0.0), "0\u{a0}%");
        assert_eq!(prob(1.0), "100\u{a0}%");
        assert_eq!(prob(1e-9), "<\u{a0}0.01\u{a0}%");
        assert_eq!(prob(0.999_999), ">\u{a0}99.99\u{a0}%");
        assert_eq!(prob(f64::NAN), DASH);
        assert_eq!(prob_se(0.05, 0.0012), "5.00\u{a0}% ± 0.12\u{a0}%");
    }

    #[test]
    fn exact_probabilities_round_trip() {
        for p in [
            0.0,
            1.0,
            0.5,
            0.012_345_678_901_234_5,
            1e-14,
            0.999_999_999_9,
        ] {
            let s = prob_exact(p);
            let back: f64 = s.parse().unwrap();
            assert!((back - p).abs() < 1e-15, "{p} {s}");
            assert_eq!(s.len(), 17, "{s}");
        }
        assert_eq!(prob_exact(0.25), "0.250000000000000");
        assert_eq!(prob_exact(1.0), "1.000000000000000");
        assert_eq!(prob_exact(f64::NAN), "");
    }

    #[test]
    fn leverages_and_others() {
        assert_eq!(lev(12.345), "12.3×");
        assert_eq!(lev(2.5), "2.5×");
        assert_eq!(lev(125.0), "125×");
        assert_eq!(lev_floor(18.5899), "18.5×");
        assert_eq!(lev_floor(5.5899), "5.58×");
        assert_eq!(pct(0.6, 1), "60\u{a0}%");
        assert_eq!(pct(0.0314, 2), "3.14\u{a0}%");
        assert_eq!(price(54321.456), "54,321.46");
        assert_eq!(price(1.23456), "1.2346");
        assert_eq!(horizon(24.0), "24\u{a0}h");
        assert_eq!(horizon(72.0), "3 days");
        assert_eq!(lev(f64::INFINITY), DASH);
    }
}
