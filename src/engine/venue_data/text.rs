//! Reading one value from a file: exact plain decimals, dates, words, names, rates, leverage.
//!
//! Each reader returns a [`Problem`] naming the field; the caller adds venue, symbol and tier.
//! Numbers must be plain decimal text (`"0.005"`, `"-0.0001"`): no exponent, sign `+`, spaces
//! or separators, so the text in the file is the exact figure (rust_decimal `from_str_exact`).

use super::error::{quote, Problem};
use super::{Quality, MAX_BOUND, MAX_NUMBER_LEN, MAX_SYMBOL_LEN, MAX_TEXT_LEN};
use crate::engine::input::{MAX_FEE, MAX_LEVERAGE};
use rust_decimal::Decimal;

/// Parse an exact plain decimal: optional `-`, digits, at most one `.` between digits.
/// No exponent, no spaces, at most [`MAX_NUMBER_LEN`] characters, representable exactly.
pub(super) fn number(field: &'static str, text: &str) -> Result<Decimal, Problem> {
    let bad = || Problem::NotANumber {
        field,
        text: quote(text),
    };
    if text.is_empty() || text.len() > MAX_NUMBER_LEN {
        return Err(bad());
    }
    let body = text.strip_prefix('-').unwrap_or(text);
    let plain = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|c| *c == '.').count() <= 1
        && !body.starts_with('.')
        && !body.ends_with('.');
    if !plain {
        return Err(bad());
    }
    Decimal::from_str_exact(text).map_err(|_| bad())
}

pub(super) fn opt_number(
    field: &'static str,
    text: &Option<String>,
) -> Result<Option<Decimal>, Problem> {
    text.as_deref().map(|t| number(field, t)).transpose()
}

pub(super) fn need<'a>(field: &'static str, text: &'a Option<String>) -> Result<&'a str, Problem> {
    text.as_deref().ok_or(Problem::Missing { field })
}

pub(super) fn need_number(field: &'static str, text: &Option<String>) -> Result<Decimal, Problem> {
    number(field, need(field, text)?)
}

pub(super) fn text_field(field: &'static str, text: &str) -> Result<String, Problem> {
    let bad = |reason| Problem::BadText {
        field,
        text: quote(text),
        reason,
    };
    if text.trim().is_empty() {
        return Err(bad("must not be empty"));
    }
    if text.chars().count() > MAX_TEXT_LEN {
        return Err(bad("longer than 2000 characters"));
    }
    if text.chars().any(char::is_control) {
        return Err(bad("contains control characters"));
    }
    Ok(text.to_string())
}

/// A short word (settle currency, status): 1–20 ASCII letters, digits, `_` or `-`.
pub(super) fn word(field: &'static str, text: &str) -> Result<String, Problem> {
    let ok = !text.is_empty()
        && text.len() <= 20
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return Err(Problem::BadText {
            field,
            text: quote(text),
            reason: "expected 1 to 20 letters, digits, '_' or '-'",
        });
    }
    Ok(text.to_string())
}

pub(super) fn opt_word(
    field: &'static str,
    text: &Option<String>,
) -> Result<Option<String>, Problem> {
    text.as_deref().map(|t| word(field, t)).transpose()
}

/// A symbol: 1–40 letters (any script: Binance lists `币安人生USDT`), digits or `- _ / : .`.
pub(crate) fn symbol_name(name: &str) -> Result<(), Problem> {
    let bad = |reason| Problem::BadText {
        field: "symbol",
        text: quote(name),
        reason,
    };
    if name.is_empty() {
        return Err(bad("must not be empty"));
    }
    if name.chars().count() > MAX_SYMBOL_LEN {
        return Err(bad("longer than 40 characters"));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | ':' | '.'))
    {
        return Err(bad("only letters, digits and - _ / : . are allowed"));
    }
    Ok(())
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(super) fn date(field: &'static str, text: &str) -> Result<String, Problem> {
    let bad = || Problem::BadText {
        field,
        text: quote(text),
        reason: "expected a date YYYY-MM-DD",
    };
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape {
        return Err(bad());
    }
    let month: u32 = text
        .get(5..7)
        .and_then(|m| m.parse().ok())
        .ok_or_else(bad)?;
    let day: u32 = text
        .get(8..10)
        .and_then(|d| d.parse().ok())
        .ok_or_else(bad)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad());
    }
    Ok(text.to_string())
}

pub(super) fn quality(text: &str) -> Result<Quality, Problem> {
    Quality::from_key(text).ok_or(Problem::BadText {
        field: "quality",
        text: quote(text),
        reason: "expected exact, derived or stand-in",
    })
}

pub(super) fn fee(field: &'static str, text: &str) -> Result<Decimal, Problem> {
    let v = number(field, text)?;
    if v.abs() > MAX_FEE {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "a fee rate must be within ±0.1",
        });
    }
    Ok(v)
}

pub(super) fn positive(field: &'static str, v: Decimal) -> Result<Decimal, Problem> {
    if v <= Decimal::ZERO || v > MAX_BOUND {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "must be above 0 and at most 10^15",
        });
    }
    Ok(v)
}

pub(super) fn opt_positive(
    field: &'static str,
    text: &Option<String>,
) -> Result<Option<Decimal>, Problem> {
    opt_number(field, text)?
        .map(|v| positive(field, v))
        .transpose()
}

/// A max leverage from 1× to [`MAX_LEVERAGE`] (1000×).
pub(super) fn leverage_in_range(field: &'static str, v: Decimal) -> Result<Decimal, Problem> {
    if v < Decimal::ONE || v > MAX_LEVERAGE {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "max leverage must be from 1 to 1000",
        });
    }
    Ok(v)
}

/// A required max leverage field.
pub(super) fn leverage(field: &'static str, text: &Option<String>) -> Result<Decimal, Problem> {
    leverage_in_range(field, need_number(field, text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_exact_decimals() {
        assert_eq!(number("x", "0.005"), Ok(Decimal::new(5, 3)));
        assert_eq!(number("x", "-0.0001"), Ok(Decimal::new(-1, 4)));
        for bad in ["", "1e3", "+1", ".5", "5.", "1.2.3", " 1", "NaN", "0x1"] {
            assert!(number("x", bad).is_err(), "{bad:?}");
        }
        assert!(number("x", &"1".repeat(41)).is_err());
    }

    #[test]
    fn dates_and_names() {
        assert!(date("d", "2026-07-02").is_ok());
        for bad in [
            "2026-7-02",
            "2026-00-10",
            "2026-01-32",
            "20260702",
            "2026-07-02T",
        ] {
            assert!(date("d", bad).is_err(), "{bad}");
        }
        assert!(symbol_name("BTC-USDT-SWAP").is_ok());
        assert!(symbol_name("币安人生USDT").is_ok());
        assert!(symbol_name("").is_err());
        assert!(symbol_name("A\nB").is_err());
        assert!(symbol_name(&"A".repeat(41)).is_err());
    }
}
