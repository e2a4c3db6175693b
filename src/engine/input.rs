//! Parsing and validation of user-typed numbers.
//!
//! Text from a form or a JSON string becomes a [`Decimal`] exactly (no binary floating point
//! in between), or a [`CalcError`] that names the field. Limits keep every later product
//! inside `Decimal`'s range (about 7.9 × 10²⁸), so the checked arithmetic downstream only
//! fails on genuinely absurd combinations.

use super::error::{CalcError, CalcResult, Field};
use crate::engine::num::dec;
use core::str::FromStr;
use rust_decimal::Decimal;

/// Largest accepted price (quote units per base unit): 10¹².
pub const MAX_PRICE: Decimal = dec(1_000_000_000_000, 0);
/// Smallest accepted price: 10⁻¹².
pub const MIN_PRICE: Decimal = dec(1, 12);
/// Largest accepted quantity (base units or contracts): 10¹².
pub const MAX_QUANTITY: Decimal = MAX_PRICE;
/// Largest accepted money amount (balance, margin, notional): 10¹⁵.
pub const MAX_MONEY: Decimal = dec(1_000_000_000_000_000, 0);
/// Largest accepted leverage.
pub const MAX_LEVERAGE: Decimal = dec(1000, 0);
/// Largest accepted fee rate magnitude (10 %).
pub const MAX_FEE: Decimal = dec(1, 1);
/// Largest accepted contract size (quote units per contract).
pub const MAX_CONTRACT_SIZE: Decimal = dec(1_000_000, 0);

/// Parse a decimal number typed by a user.
///
/// One rule for separators (issue 13 §6): a point is the decimal separator and a comma only
/// groups thousands. Accepts `1234.5`, `1,234.5`, `50,000`, spaces and `_`, a leading `+`,
/// and scientific notation (`1e3`). Rejects a comma anywhere else (`1,5`, `1234,5`: "use a
/// point for decimals", [`CalcError::DecimalComma`]), empty text, `NaN`, `inf`, and anything
/// with more precision than `Decimal` can hold exactly.
///
/// # Errors
/// [`CalcError::Empty`], [`CalcError::NotANumber`] or [`CalcError::TooLarge`], naming `field`.
///
/// # Examples
/// ```
/// use levcalc::engine::input::parse_decimal;
/// use levcalc::engine::Field;
/// assert_eq!(parse_decimal(Field::EntryPrice, "50,000").unwrap().to_string(), "50000");
/// assert_eq!(parse_decimal(Field::EntryPrice, "1,234.5").unwrap().to_string(), "1234.5");
/// assert!(parse_decimal(Field::EntryPrice, "NaN").is_err());
/// ```
pub fn parse_decimal(field: Field, text: &str) -> CalcResult<Decimal> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '\u{2009}' && *c != '\'')
        .collect();
    if cleaned.is_empty() {
        return Err(CalcError::Empty(field));
    }
    if cleaned.len() > crate::limits::MAX_NUMBER_CHARS {
        return Err(CalcError::TooLong(field));
    }
    let s = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    let normalized = normalize_separators(s).ok_or(if s.contains(',') {
        CalcError::DecimalComma(field)
    } else {
        CalcError::NotANumber(field)
    })?;
    let valid_chars = normalized
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+'));
    if !valid_chars || !normalized.chars().any(|c| c.is_ascii_digit()) {
        return Err(CalcError::NotANumber(field));
    }
    if normalized.contains(['e', 'E']) {
        return parse_scientific(field, &normalized);
    }
    match Decimal::from_str_exact(&normalized) {
        Ok(d) => Ok(d),
        Err(rust_decimal::Error::Underflow) if !below_smallest(&normalized) => {
            Err(CalcError::TooPrecise(field))
        }
        Err(rust_decimal::Error::Underflow) => Err(CalcError::TooSmall {
            field,
            min: Decimal::new(1, 28),
        }),
        Err(rust_decimal::Error::ExceedsMaximumPossibleValue)
        | Err(rust_decimal::Error::LessThanMinimumPossibleValue) => Err(CalcError::TooLarge {
            field,
            max: MAX_MONEY,
        }),
        Err(_) => {
            let int_digits = normalized
                .split('.')
                .next()
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_digit)
                .count();
            let all_digits = normalized.chars().filter(char::is_ascii_digit).count();
            let well_formed = normalized.matches('.').count() <= 1
                && normalized.trim_start_matches('-').chars().all(|c| c != '-');
            if int_digits > 28 {
                Err(CalcError::TooLarge {
                    field,
                    max: MAX_MONEY,
                })
            } else if well_formed && all_digits > 28 {
                Err(CalcError::TooPrecise(field))
            } else {
                Err(CalcError::NotANumber(field))
            }
        }
    }
}

/// True when a plain decimal text has no non-zero digit in its first 28 decimal places (and a
/// zero integer part): its magnitude is below 10⁻²⁸, so it is too small rather than too precise.
fn below_smallest(plain: &str) -> bool {
    let unsigned = plain.trim_start_matches('-');
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    int.chars().all(|c| c == '0') && frac.chars().take(28).all(|c| c == '0')
}

fn parse_scientific(field: Field, s: &str) -> CalcResult<Decimal> {
    let (mantissa, exponent) = s
        .split_once(['e', 'E'])
        .ok_or(CalcError::NotANumber(field))?;
    let exp: i32 = exponent.parse().map_err(|_| CalcError::NotANumber(field))?;
    if exp > 28 {
        return Err(CalcError::TooLarge {
            field,
            max: MAX_MONEY,
        });
    }
    if exp < -28 {
        return Err(CalcError::TooSmall {
            field,
            min: Decimal::new(1, 28),
        });
    }
    let m = Decimal::from_str_exact(mantissa).map_err(|e| match e {
        // More digits than 28: the number is fine, the precision is not.
        rust_decimal::Error::Underflow => CalcError::TooPrecise(field),
        _ => CalcError::NotANumber(field),
    })?;
    let scale = Decimal::from_str(&format!("1e{exp}"))
        .or_else(|_| Decimal::from_scientific(&format!("1e{exp}")))
        .map_err(|_| CalcError::NotANumber(field))?;
    m.checked_mul(scale).ok_or(CalcError::TooLarge {
        field,
        max: MAX_MONEY,
    })
}

/// Resolve thousands separators into a plain `1234.5` form; `None` for a comma that does not
/// group thousands.
fn normalize_separators(s: &str) -> Option<String> {
    let commas = s.matches(',').count();
    if commas == 0 {
        return Some(s.to_owned());
    }
    if s.contains('.') {
        // "1,234,567.89": commas are thousands separators.
        let int_part = s.split('.').next()?;
        if !is_grouped_thousands(int_part) {
            return None;
        }
        return Some(s.replace(',', ""));
    }
    if is_grouped_thousands(s) {
        return Some(s.replace(',', ""));
    }
    None
}

/// `-?\d{1,3}(,\d{3})+`
fn is_grouped_thousands(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let mut groups = s.split(',');
    let first = match groups.next() {
        Some(g) => g,
        None => return false,
    };
    if first.is_empty() || first.len() > 3 || !first.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut n = 0;
    for g in groups {
        if g.len() != 3 || !g.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        n += 1;
    }
    n > 0
}

/// A price: `MIN_PRICE ≤ p ≤ MAX_PRICE`.
pub fn price(field: Field, p: Decimal) -> CalcResult<Decimal> {
    positive_within(field, p, MIN_PRICE, MAX_PRICE)
}

/// A position quantity (base units or contracts): `0 < q ≤ MAX_QUANTITY`.
pub fn quantity(field: Field, q: Decimal) -> CalcResult<Decimal> {
    positive_within(field, q, Decimal::new(1, 18), MAX_QUANTITY)
}

/// A strictly positive money amount: `0 < m ≤ MAX_MONEY`.
pub fn money_positive(field: Field, m: Decimal) -> CalcResult<Decimal> {
    positive_within(field, m, Decimal::new(1, 18), MAX_MONEY)
}

/// A non-negative money amount: `0 ≤ m ≤ MAX_MONEY`.
pub fn money_non_negative(field: Field, m: Decimal) -> CalcResult<Decimal> {
    if m.is_sign_negative() && !m.is_zero() {
        return Err(CalcError::Negative(field));
    }
    at_most(field, m, MAX_MONEY)
}

/// A money amount of either sign (e.g. unrealised PnL), `|m| ≤ MAX_MONEY`.
pub fn money_signed(field: Field, m: Decimal) -> CalcResult<Decimal> {
    at_most(field, m.abs(), MAX_MONEY).map(|_| m)
}

/// Leverage: `1 ≤ L ≤ MAX_LEVERAGE`.
pub fn leverage(l: Decimal) -> CalcResult<Decimal> {
    if l <= Decimal::ZERO {
        return Err(CalcError::NotPositive(Field::Leverage));
    }
    if l < Decimal::ONE {
        return Err(CalcError::TooSmall {
            field: Field::Leverage,
            min: Decimal::ONE,
        });
    }
    at_most(Field::Leverage, l, MAX_LEVERAGE)
}

/// A rate in `[0, 1)` (maintenance margin rate).
pub fn unit_rate(field: Field, r: Decimal) -> CalcResult<Decimal> {
    if r.is_sign_negative() && !r.is_zero() {
        return Err(CalcError::Negative(field));
    }
    if r >= Decimal::ONE {
        return Err(CalcError::TooLarge {
            field,
            max: Decimal::new(9999, 4),
        });
    }
    Ok(r)
}

/// A fee rate in `[−MAX_FEE, MAX_FEE]`; negative (a rebate) only for the maker fee: venues pay
/// rebates to makers, never to takers.
pub fn fee_rate(field: Field, r: Decimal) -> CalcResult<Decimal> {
    if r.is_sign_negative() && !r.is_zero() && field == Field::TakerFee {
        return Err(CalcError::Negative(field));
    }
    if r.abs() > MAX_FEE {
        return Err(CalcError::TooLarge {
            field,
            max: MAX_FEE,
        });
    }
    Ok(r)
}

/// A contract size (quote per contract): `0 < cs ≤ MAX_CONTRACT_SIZE`.
pub fn contract_size(cs: Decimal) -> CalcResult<Decimal> {
    positive_within(
        Field::ContractSize,
        cs,
        Decimal::new(1, 12),
        MAX_CONTRACT_SIZE,
    )
}

/// A statistics input (f64) within `[min, max]`: finite, and named in the error otherwise.
/// A zero minimum reports a negative value as [`CalcError::Negative`].
pub fn f64_within(field: Field, x: f64, min: f64, max: f64) -> CalcResult<f64> {
    use super::num::from_f64;
    if !x.is_finite() {
        return Err(CalcError::NotANumber(field));
    }
    if x < min {
        if min == 0.0 {
            return Err(CalcError::Negative(field));
        }
        return Err(CalcError::TooSmall {
            field,
            min: from_f64(min).unwrap_or_default(),
        });
    }
    if x > max {
        return Err(CalcError::TooLarge {
            field,
            max: from_f64(max).unwrap_or(Decimal::MAX),
        });
    }
    Ok(x)
}

fn positive_within(field: Field, v: Decimal, min: Decimal, max: Decimal) -> CalcResult<Decimal> {
    if v <= Decimal::ZERO {
        return Err(CalcError::NotPositive(field));
    }
    if v < min {
        return Err(CalcError::TooSmall { field, min });
    }
    at_most(field, v, max)
}

fn at_most(field: Field, v: Decimal, max: Decimal) -> CalcResult<Decimal> {
    if v > max {
        Err(CalcError::TooLarge { field, max })
    } else {
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_the_numbers_their_docs_give() {
        for (c, text) in [
            (MAX_PRICE, "1000000000000"),
            (MIN_PRICE, "0.000000000001"),
            (MAX_MONEY, "1000000000000000"),
            (MAX_LEVERAGE, "1000"),
            (MAX_FEE, "0.1"),
            (MAX_CONTRACT_SIZE, "1000000"),
        ] {
            assert_eq!(c.to_string(), text);
        }
    }

    fn p(s: &str) -> CalcResult<Decimal> {
        parse_decimal(Field::EntryPrice, s)
    }

    #[test]
    fn constants_have_their_stated_values() {
        assert_eq!(MAX_PRICE, Decimal::from_str("1000000000000").unwrap());
        assert_eq!(MIN_PRICE, Decimal::from_str("0.000000000001").unwrap());
        assert_eq!(MAX_MONEY, Decimal::from_str("1000000000000000").unwrap());
        assert_eq!(MAX_FEE, Decimal::from_str("0.1").unwrap());
    }

    #[test]
    fn parses_the_forms_traders_type() {
        let cases = [
            ("1234.5", "1234.5"),
            (" 1234.5 ", "1234.5"),
            ("+7", "7"),
            ("1,234.5", "1234.5"),
            ("50,000", "50000"),
            ("1,234,567", "1234567"),
            ("1_000", "1000"),
            ("1e3", "1000"),
            ("2.5E-2", "0.025"),
            ("-3", "-3"),
            ("0.1", "0.1"),
        ];
        for (input, want) in cases {
            assert_eq!(p(input).unwrap().normalize().to_string(), want, "{input}");
        }
        // One rule (issue 13 §6): "1,500" is 1500, so "1,5" is not 1.5 but a question.
        for input in ["1234,5", "0,25", "1,5", "1,50", "1,5000", "12,34.5"] {
            assert!(
                matches!(p(input), Err(CalcError::DecimalComma(_))),
                "{input}: {:?}",
                p(input)
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for bad in [
            "",
            "  ",
            "abc",
            "NaN",
            "nan",
            "inf",
            "-Infinity",
            "1.2.3",
            "1,2,3",
            "12,34.5",
            "--1",
            "0x10",
            "1e",
            "e5",
            "<script>",
        ] {
            let r = p(bad);
            assert!(r.is_err(), "{bad:?} parsed as {r:?}");
        }
        assert_eq!(p(""), Err(CalcError::Empty(Field::EntryPrice)));
        assert!(matches!(p("1e40"), Err(CalcError::TooLarge { .. })));
        assert!(matches!(
            p("99999999999999999999999999999999"),
            Err(CalcError::TooLarge { .. })
        ));
    }

    #[test]
    fn limits_name_the_field() {
        assert_eq!(
            price(Field::StopPrice, Decimal::ZERO),
            Err(CalcError::NotPositive(Field::StopPrice))
        );
        assert!(matches!(
            leverage(Decimal::new(5, 1)),
            Err(CalcError::TooSmall {
                field: Field::Leverage,
                ..
            })
        ));
        assert!(leverage(Decimal::new(1001, 0)).is_err());
        assert!(unit_rate(Field::MaintenanceRate, Decimal::ONE).is_err());
        // A maker rebate is a negative fee; a taker fee never is (issue 13 §6).
        assert!(fee_rate(Field::MakerFee, Decimal::new(-5, 4)).is_ok());
        assert!(matches!(
            fee_rate(Field::TakerFee, Decimal::new(-5, 4)),
            Err(CalcError::Negative(Field::TakerFee))
        ));
    }
}
