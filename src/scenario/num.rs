//! A decimal as the user gave it ([`Num`]): JSON string or number, kept as text until it is
//! parsed exactly, and the shortest text of a JSON number.

use crate::engine::error::{CalcError, Field};
use crate::engine::input::parse_decimal;
use rust_decimal::Decimal;
use serde::Serialize;

/// A decimal as the user gave it: a JSON string or number, kept as text until it is parsed
/// (exactly) with the field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Num(pub String);

impl Num {
    pub fn new(s: impl Into<String>) -> Self {
        Num(s.into())
    }

    /// Parse exactly, naming `field` in any error.
    pub fn parse(&self, field: Field) -> Result<Decimal, CalcError> {
        parse_decimal(field, &self.0)
    }
}

impl From<Decimal> for Num {
    fn from(d: Decimal) -> Self {
        Num(d.normalize().to_string())
    }
}

impl From<&str> for Num {
    fn from(s: &str) -> Self {
        Num(s.to_owned())
    }
}

/// The shortest text of a JSON number that reads back as the same number, as JavaScript's
/// `String(x)` gives it: plain digits while they are short (`1456.84`, `60000`), exponent form
/// otherwise (`1e-70`, `1.5e300`), so a number accepted once is accepted again when the
/// scenario is written and read back (a 1e-70 written in full would be 72 characters).
pub fn shortest_text(v: f64) -> String {
    let plain = format!("{v}");
    if plain.len() <= 24 {
        plain
    } else {
        format!("{v:e}")
    }
}
