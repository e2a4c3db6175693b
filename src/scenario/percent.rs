//! Percentages as the page shows them and the fractions a scenario stores.

use super::Num;
use crate::engine::error::{CalcError, Field};
use crate::engine::input::parse_decimal;
use rust_decimal::Decimal;

/// A percentage typed by the user ("0.4" meaning 0.4 %) as the exact fraction the scenario
/// stores ("0.004").
pub fn percent_to_fraction(field: Field, text: &str) -> Result<Num, CalcError> {
    let p = parse_decimal(field, text)?;
    let f = crate::engine::num::div(p, Decimal::ONE_HUNDRED)?;
    Ok(Num::from(f))
}

/// The fraction a scenario stores ("0.004") as the percentage the page shows ("0.4").
pub fn fraction_to_percent(field: Field, n: &Num) -> Result<String, CalcError> {
    let f = n.parse(field)?;
    let p = crate::engine::num::mul(f, Decimal::ONE_HUNDRED)?;
    Ok(p.normalize().to_string())
}
