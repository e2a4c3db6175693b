//! Reading values out of a [`Value`] ([`super::tree`]): exact decimals from strings or numbers,
//! texts, symbols, bounded arrays. Each reader names the field in its [`Problem`]; the caller
//! adds venue, symbol and tier.

pub(super) use crate::engine::json_tree::{Obj, Value};
use crate::engine::venue_data::error::quote;
use crate::engine::venue_data::{Problem, MAX_NUMBER_LEN};
use rust_decimal::Decimal;

/// Most significant digits of a JSON fraction taken as the venue's value. The text is read
/// exactly, but a fraction with more digits is almost always a binary double printed in full
/// (`0.004000000000000001`) by the venue's or a library's serialiser, not the venue's own
/// decimal: it is refused and the user is asked for plain decimal text.
const MAX_FLOAT_DIGITS: usize = 15;

/// The significant digits of a number's text (mantissa only, leading and trailing zeros off).
fn significant(token: &str) -> usize {
    let mantissa = token.split(['e', 'E']).next().unwrap_or_default();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// What kind of JSON value this is, for messages.
pub(super) fn kind(v: &Value) -> &'static str {
    v.kind()
}

fn wrong(field: &'static str, v: &Value, expected: &'static str) -> Problem {
    Problem::BadText {
        field,
        text: kind(v).to_string(),
        reason: expected,
    }
}

/// Plain decimal text: optional `-`, digits, at most one `.` between digits, at most
/// [`MAX_NUMBER_LEN`] characters, exactly representable.
fn plain(field: &'static str, text: &str) -> Result<Decimal, Problem> {
    let bad = || Problem::NotANumber {
        field,
        text: quote(text),
    };
    if text.is_empty() || text.len() > MAX_NUMBER_LEN {
        return Err(bad());
    }
    let body = text.strip_prefix('-').unwrap_or(text);
    let ok = !body.is_empty()
        && body.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && body.bytes().filter(|c| *c == b'.').count() <= 1
        && !body.starts_with('.')
        && !body.ends_with('.');
    if !ok {
        return Err(bad());
    }
    Decimal::from_str_exact(text).map_err(|_| bad())
}

/// A value holding a decimal: a JSON string of plain decimal text, or a JSON number read
/// exactly (see the module documentation of [`super`]).
pub(super) fn decimal_value(field: &'static str, v: &Value) -> Result<Decimal, Problem> {
    match v {
        Value::String(s) => plain(field, s),
        Value::Number(text) => {
            if text.contains(['e', 'E']) {
                return Err(Problem::NotANumber {
                    field,
                    text: quote(text),
                });
            }
            if text.contains('.') && significant(text) > MAX_FLOAT_DIGITS {
                return Err(Problem::BadText {
                    field,
                    text: quote(text),
                    reason: "a JSON number with an exponent or more than 15 significant \
                             digits is not read exactly; write it as plain decimal text",
                });
            }
            plain(field, text)
        }
        other => Err(wrong(field, other, "expected a number or a decimal string")),
    }
}

/// A required decimal field.
pub(super) fn decimal(o: &Obj, field: &'static str) -> Result<Decimal, Problem> {
    decimal_value(field, o.get(field).ok_or(Problem::Missing { field })?)
}

/// An optional decimal field; absent, `null` or `""` give `None`.
pub(super) fn opt_decimal(o: &Obj, field: &'static str) -> Result<Option<Decimal>, Problem> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(v) => decimal_value(field, v).map(Some),
    }
}

/// A required whole number at least 1 (a tier or bracket number), as number or string.
pub(super) fn ordinal(o: &Obj, field: &'static str) -> Result<usize, Problem> {
    let v = decimal(o, field)?;
    let whole = v.fract().is_zero() && v >= Decimal::ONE && v <= Decimal::from(1_000_000u32);
    if !whole {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "a tier number is a whole number from 1",
        });
    }
    use rust_decimal::prelude::ToPrimitive;
    v.to_usize().ok_or(Problem::OutOfRange {
        field,
        value: v,
        rule: "a tier number is a whole number from 1",
    })
}

/// A required string field.
pub(super) fn text<'a>(o: &'a Obj, field: &'static str) -> Result<&'a str, Problem> {
    match o.get(field) {
        None => Err(Problem::Missing { field }),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(wrong(field, other, "expected a string")),
    }
}

/// An optional string field (absent or `null`: `None`).
pub(super) fn opt_text<'a>(o: &'a Obj, field: &'static str) -> Result<Option<&'a str>, Problem> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(wrong(field, other, "expected a string")),
    }
}

/// An optional boolean field.
pub(super) fn opt_bool(o: &Obj, field: &'static str) -> Result<Option<bool>, Problem> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(wrong(field, other, "expected true or false")),
    }
}

/// `v` as an object.
pub(super) fn object<'a>(field: &'static str, v: &'a Value) -> Result<&'a Obj, Problem> {
    v.as_object()
        .ok_or_else(|| wrong(field, v, "expected an object"))
}

/// A required object field.
pub(super) fn object_field<'a>(o: &'a Obj, field: &'static str) -> Result<&'a Obj, Problem> {
    object(field, o.get(field).ok_or(Problem::Missing { field })?)
}

/// `v` as a list of at most `max` elements (`what` names them in the error).
pub(super) fn list<'a>(
    field: &'static str,
    v: &'a Value,
    what: &'static str,
    max: usize,
) -> Result<&'a [Value], Problem> {
    let a = v
        .as_array()
        .ok_or_else(|| wrong(field, v, "expected a list"))?;
    if a.len() > max {
        return Err(Problem::TooMany {
            what,
            count: a.len(),
            max,
        });
    }
    Ok(a.as_slice())
}

/// A required list field of at most `max` elements.
pub(super) fn list_field<'a>(
    o: &'a Obj,
    field: &'static str,
    what: &'static str,
    max: usize,
) -> Result<&'a [Value], Problem> {
    list(
        field,
        o.get(field).ok_or(Problem::Missing { field })?,
        what,
        max,
    )
}

/// A symbol: the data files' rule (1–40 letters of any script, digits or `- _ / : .`).
pub(super) use crate::engine::venue_data::symbol_name;

/// A symbol field, checked.
pub(super) fn symbol<'a>(o: &'a Obj, field: &'static str) -> Result<&'a str, Problem> {
    let s = text(o, field)?;
    symbol_name(s)?;
    Ok(s)
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(super) fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    let part = |r: core::ops::Range<usize>| text.get(r).and_then(|t| t.parse::<u32>().ok());
    shape
        && part(5..7).is_some_and(|m| (1..=12).contains(&m))
        && part(8..10).is_some_and(|d| (1..=31).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Result<Decimal, Problem> {
        let v: Value = crate::engine::json_tree::parse(text).unwrap_or(Value::Null);
        decimal_value("x", &v)
    }

    #[test]
    fn numbers_are_exact_or_refused() {
        assert_eq!(num("0.004"), Ok(Decimal::new(4, 3)));
        assert_eq!(num("\"0.004\""), Ok(Decimal::new(4, 3)));
        assert_eq!(num("300000"), Ok(Decimal::from(300_000)));
        assert_eq!(num("300.0"), Ok(Decimal::new(3000, 1)));
        assert_eq!(num("-0.0001"), Ok(Decimal::new(-1, 4)));
        assert_eq!(num("9223372036854775807"), Ok(Decimal::from(i64::MAX)));
        assert!(num("1e-7").is_err(), "exponent form");
        assert!(num("1e300").is_err());
        assert!(num("0.12345678901234567").is_err(), "17 digits");
        assert!(num("\"1e3\"").is_err());
        assert!(num("\" 1\"").is_err());
        assert!(num("true").is_err());
        assert!(num("null").is_err());
        assert!(is_date("2026-12-01"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("2026-1-01"));
    }
}
