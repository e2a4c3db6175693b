//! Tier tables: read the columns, derive what the venue's rule derives, check every tier.
//!
//! # Checks (every table, when it is read)
//! - 1 to [`super::MAX_TIERS`] tiers; every column as long as `floor`;
//! - the first floor is 0; each floor is the previous tier's cap (contiguous, so floors
//!   increase); each cap is above its floor; only the last tier may be open-ended;
//! - bounds at most [`super::MAX_BOUND`]; maintenance rates in (0, 1); max leverage from 1 to
//!   [`crate::engine::input::MAX_LEVERAGE`]; maintenance rate below the initial rate
//!   `1/max leverage` (otherwise the position is liquidated as it opens);
//! - a stated maintenance amount (`cum`) equals the cumulative rule
//!   `cum_n = floor_n × (rate_n − rate_{n−1}) + cum_{n−1}`, `cum_1 = 0`, exactly
//!   (Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts": 250,000 ×
//!   (1 % − 0.5 %) + 50 = 1,300; Bybit `mmDeduction` and Hyperliquid's deduction follow the
//!   same rule; shared/reference/venue-formulas.md §1, §3, §8).

use super::error::Problem;
use super::raw::RawTiers;
use super::text::{leverage_in_range, number};
use super::{Tier, MAX_BOUND, MAX_TIERS};
use crate::engine::margin::maintenance_amount_step;
use crate::engine::num::{div, mul};
use rust_decimal::Decimal;

/// How a table's maintenance rate and amount are obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rule {
    /// Rates and amounts are stated (Binance, Bybit); amounts are checked.
    Stated,
    /// Hyperliquid: rate = 1/(2 × max leverage), amount by the cumulative rule
    /// (docs "Margin tiers").
    HalfInverseLeverage,
}

type TierError = (Option<usize>, Problem);

fn column<'a, T>(
    name: &'static str,
    col: &'a Option<Vec<T>>,
    n: usize,
) -> Result<Option<&'a [T]>, TierError> {
    match col {
        None => Ok(None),
        Some(v) if v.len() == n => Ok(Some(v.as_slice())),
        Some(v) => Err((
            None,
            Problem::ColumnLength {
                column: name,
                expected: n,
                found: v.len(),
            },
        )),
    }
}

fn cell<T>(col: &[T], i: usize) -> Result<&T, TierError> {
    // Lengths were checked; this keeps indexing panic-free regardless.
    col.get(i).ok_or((Some(i), Problem::NoTiers))
}

/// Read and derive a columnar table, then check it.
pub(super) fn read(raw: &RawTiers, rule: Rule) -> Result<Vec<Tier>, TierError> {
    let n = raw.floor.len();
    if n == 0 {
        return Err((None, Problem::NoTiers));
    }
    if n > MAX_TIERS {
        return Err((
            None,
            Problem::TooMany {
                what: "tiers",
                count: n,
                max: MAX_TIERS,
            },
        ));
    }
    let caps =
        column("cap", &raw.cap, n)?.ok_or((None, Problem::Missing { field: "tiers.cap" }))?;
    let rates = column("rate", &raw.rate, n)?;
    let cums = column("cum", &raw.cum, n)?;
    let levs = column("lev", &raw.lev, n)?;
    let imrs = column("imr", &raw.imr, n)?;
    if levs.is_some() && imrs.is_some() {
        return Err((
            None,
            Problem::BadText {
                field: "tiers",
                text: "lev, imr".into(),
                reason: "give max leverage either as lev or as imr, not both",
            },
        ));
    }
    let one = Decimal::ONE;
    let mut tiers = Vec::with_capacity(n);
    for (i, floor_text) in raw.floor.iter().enumerate() {
        let at = |p| (Some(i), p);
        let floor = number("floor", floor_text).map_err(at)?;
        let cap = match cell(caps, i)? {
            Some(t) => Some(number("cap", t).map_err(at)?),
            None => None,
        };
        let max_leverage = match (levs, imrs) {
            (Some(l), _) => Some(number("lev", cell(l, i)?).map_err(at)?),
            (None, Some(m)) => {
                let imr = number("imr", cell(m, i)?).map_err(at)?;
                if imr <= Decimal::ZERO || imr > one {
                    return Err(at(Problem::OutOfRange {
                        field: "imr",
                        value: imr,
                        rule: "an initial rate must be in (0, 1]",
                    }));
                }
                Some(div(one, imr).map_err(|_| at(Problem::Overflow))?)
            }
            (None, None) => None,
        };
        let rate = match (rates, rule) {
            (Some(r), _) => number("rate", cell(r, i)?).map_err(at)?,
            (None, Rule::HalfInverseLeverage) => {
                let lev =
                    max_leverage.ok_or_else(|| at(Problem::Missing { field: "tiers.lev" }))?;
                leverage_in_range("max leverage", lev).map_err(at)?;
                let twice = mul(Decimal::TWO, lev).map_err(|_| at(Problem::Overflow))?;
                div(one, twice).map_err(|_| at(Problem::Overflow))?
            }
            (None, Rule::Stated) => {
                return Err(at(Problem::Missing {
                    field: "tiers.rate",
                }))
            }
        };
        let amount = match cums {
            Some(c) => number("cum", cell(c, i)?).map_err(at)?,
            None if rule == Rule::Stated => {
                return Err(at(Problem::Missing { field: "tiers.cum" }))
            }
            None => derived_amount(&tiers, floor, rate).map_err(at)?,
        };
        tiers.push(Tier {
            floor,
            cap,
            rate,
            amount,
            max_leverage,
        });
    }
    check(&tiers, true)?;
    Ok(tiers)
}

/// The cumulative rule's amount for a tier following `before`.
fn derived_amount(before: &[Tier], floor: Decimal, rate: Decimal) -> Result<Decimal, Problem> {
    match before.last() {
        None => Ok(Decimal::ZERO),
        Some(prev) => maintenance_amount_step(floor, rate, prev.rate, prev.amount)
            .map_err(|_| Problem::Overflow),
    }
}

fn check_bound(field: &'static str, v: Decimal) -> Result<(), Problem> {
    if v < Decimal::ZERO || v > MAX_BOUND {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "a tier bound must be from 0 to 10^15",
        });
    }
    Ok(())
}

/// Check a table (read from a file, or expanded from risk-limit steps).
///
/// `cumulative`: the amounts follow the cumulative rule (tables with a deduction). Step tables
/// apply each tier's rate to the whole position and carry no amount (all zero).
pub(super) fn check(tiers: &[Tier], cumulative: bool) -> Result<(), TierError> {
    if tiers.is_empty() {
        return Err((None, Problem::NoTiers));
    }
    let last = tiers.len().saturating_sub(1);
    let mut prev: Option<&Tier> = None;
    for (i, t) in tiers.iter().enumerate() {
        let at = |p| (Some(i), p);
        check_bound("floor", t.floor).map_err(at)?;
        match prev {
            None if !t.floor.is_zero() => {
                return Err(at(Problem::FirstFloorNotZero { floor: t.floor }))
            }
            None => {}
            Some(p) => {
                let previous_cap = p.cap.ok_or_else(|| at(Problem::OpenTierNotLast))?;
                if t.floor != previous_cap {
                    return Err(at(Problem::NotContiguous {
                        floor: t.floor,
                        previous_cap,
                    }));
                }
            }
        }
        match t.cap {
            Some(cap) => {
                check_bound("cap", cap).map_err(at)?;
                if cap <= t.floor {
                    return Err(at(Problem::CapNotAboveFloor {
                        floor: t.floor,
                        cap,
                    }));
                }
            }
            None if i != last => return Err(at(Problem::OpenTierNotLast)),
            None => {}
        }
        if t.rate <= Decimal::ZERO || t.rate >= Decimal::ONE {
            return Err(at(Problem::OutOfRange {
                field: "maintenance rate",
                value: t.rate,
                rule: "must be in (0, 1)",
            }));
        }
        if let Some(lev) = t.max_leverage {
            leverage_in_range("max leverage", lev).map_err(at)?;
            let product = mul(t.rate, lev).map_err(|_| at(Problem::Overflow))?;
            if product >= Decimal::ONE {
                return Err(at(Problem::MaintenanceNotBelowInitial {
                    rate: t.rate,
                    max_leverage: lev,
                }));
            }
        }
        if t.amount.abs() > MAX_BOUND {
            return Err(at(Problem::OutOfRange {
                field: "cum",
                value: t.amount,
                rule: "a maintenance amount must be at most 10^15",
            }));
        }
        let expected = match prev {
            None => Decimal::ZERO,
            Some(_) if !cumulative => Decimal::ZERO,
            Some(p) => maintenance_amount_step(t.floor, t.rate, p.rate, p.amount)
                .map_err(|_| at(Problem::Overflow))?,
        };
        if t.amount != expected {
            return Err(at(Problem::CumMismatch {
                expected,
                found: t.amount,
            }));
        }
        prev = Some(t);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn hyperliquid_rates_and_deductions_are_derived() {
        let raw = RawTiers {
            floor: col(&["0", "150000000"]),
            cap: Some(vec![Some("150000000".into()), None]),
            lev: Some(col(&["40", "20"])),
            ..RawTiers::default()
        };
        let tiers = read(&raw, Rule::HalfInverseLeverage).unwrap_or_default();
        let rates: Vec<String> = tiers.iter().map(|t| t.rate.to_string()).collect();
        assert_eq!(rates, ["0.0125", "0.025"]);
        assert_eq!(
            tiers.get(1).map(|t| t.amount.normalize().to_string()),
            Some("1875000".to_string())
        );
    }

    #[test]
    fn stated_tables_need_rate_and_cum() {
        let raw = RawTiers {
            floor: col(&["0"]),
            cap: Some(vec![Some("10".into())]),
            lev: Some(col(&["2"])),
            ..RawTiers::default()
        };
        assert_eq!(
            read(&raw, Rule::Stated),
            Err((
                Some(0),
                Problem::Missing {
                    field: "tiers.rate"
                }
            ))
        );
    }
}
