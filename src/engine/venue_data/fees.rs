//! Fee schedules: the venue-wide table (Hyperliquid `userFees.feeSchedule`) and
//! contract-level taker/maker rates (Gate, BitMEX).
//!
//! Rates are fractions within ±[`MAX_FEE`](crate::engine::input::MAX_FEE) (a negative maker rate
//! is a rebate); cutoffs increase; discounts are in [0, 1).

use super::error::Problem;
use super::raw::{RawFeeTable, RawSymbol};
use super::text::{date, fee, number, quality, text_field};
use super::{FeeTable, VolumeFeeTier, MAX_TIERS};
use crate::engine::fees::FeeSchedule;
use rust_decimal::Decimal;

pub(super) fn same_len(column: &'static str, expected: usize, found: usize) -> Result<(), Problem> {
    if expected != found {
        return Err(Problem::ColumnLength {
            column,
            expected,
            found,
        });
    }
    if found > MAX_TIERS {
        return Err(Problem::TooMany {
            what: "fee tiers",
            count: found,
            max: MAX_TIERS,
        });
    }
    Ok(())
}

pub(super) fn increasing(field: &'static str, cutoffs: &[Decimal]) -> Result<(), Problem> {
    for pair in cutoffs.windows(2) {
        if let [a, b] = pair {
            if b <= a {
                return Err(Problem::OutOfRange {
                    field,
                    value: *b,
                    rule: "cutoffs must increase",
                });
            }
        }
    }
    Ok(())
}

pub(super) fn discount(field: &'static str, text: &str) -> Result<Decimal, Problem> {
    let v = number(field, text)?;
    if v < Decimal::ZERO || v >= Decimal::ONE {
        return Err(Problem::OutOfRange {
            field,
            value: v,
            rule: "a discount must be in [0, 1)",
        });
    }
    Ok(v)
}

pub(super) fn fee_table(raw: &RawFeeTable) -> Result<FeeTable, Problem> {
    let v = &raw.volume_tiers;
    same_len("fees.volume_tiers.taker", v.cutoff.len(), v.taker.len())?;
    same_len("fees.volume_tiers.maker", v.cutoff.len(), v.maker.len())?;
    let mut volume_tiers = Vec::with_capacity(v.cutoff.len());
    for ((c, t), m) in v.cutoff.iter().zip(&v.taker).zip(&v.maker) {
        volume_tiers.push(VolumeFeeTier {
            cutoff: number("fees.volume_tiers.cutoff", c)?,
            taker: fee("fees.volume_tiers.taker", t)?,
            maker: fee("fees.volume_tiers.maker", m)?,
        });
    }
    let cutoffs: Vec<Decimal> = volume_tiers.iter().map(|t| t.cutoff).collect();
    increasing("fees.volume_tiers.cutoff", &cutoffs)?;
    let m = &raw.maker_tiers;
    same_len("fees.maker_tiers.maker", m.cutoff.len(), m.maker.len())?;
    let mut maker_tiers = Vec::with_capacity(m.cutoff.len());
    for (c, r) in m.cutoff.iter().zip(&m.maker) {
        maker_tiers.push((
            discount("fees.maker_tiers.cutoff", c)?,
            fee("fees.maker_tiers.maker", r)?,
        ));
    }
    let cutoffs: Vec<Decimal> = maker_tiers.iter().map(|t| t.0).collect();
    increasing("fees.maker_tiers.cutoff", &cutoffs)?;
    let s = &raw.staking_discounts;
    same_len(
        "fees.staking_discounts.discount",
        s.cutoff.len(),
        s.discount.len(),
    )?;
    let mut staking_discounts = Vec::with_capacity(s.cutoff.len());
    for (c, d) in s.cutoff.iter().zip(&s.discount) {
        staking_discounts.push((
            number("fees.staking_discounts.cutoff", c)?,
            discount("fees.staking_discounts.discount", d)?,
        ));
    }
    let cutoffs: Vec<Decimal> = staking_discounts.iter().map(|t| t.0).collect();
    increasing("fees.staking_discounts.cutoff", &cutoffs)?;
    Ok(FeeTable {
        source: text_field("fees.source", &raw.source)?,
        as_of: date("fees.as_of", &raw.as_of)?,
        quality: quality(&raw.quality)?,
        base: FeeSchedule {
            taker: fee("fees.taker", &raw.taker)?,
            maker: fee("fees.maker", &raw.maker)?,
        },
        volume_tiers,
        maker_tiers,
        referral_discount: discount("fees.referral_discount", &raw.referral_discount)?,
        staking_discounts,
    })
}

pub(super) fn contract_fees(s: &RawSymbol) -> Result<Option<FeeSchedule>, Problem> {
    match (&s.taker, &s.maker) {
        (None, None) => Ok(None),
        (Some(t), Some(m)) => Ok(Some(FeeSchedule {
            taker: fee("taker", t)?,
            maker: fee("maker", m)?,
        })),
        (None, Some(_)) => Err(Problem::Missing { field: "taker" }),
        (Some(_), None) => Err(Problem::Missing { field: "maker" }),
    }
}
