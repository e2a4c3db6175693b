//! The venue calculators' "Max open" and "Target price" modes (issue 13 §3).
//!
//! **Max open.** The largest position a balance `B` can open at leverage `L`, paying the
//! opening fee at rate `f` on the notional:
//!
//! ```text
//! N/L + N·f ≤ B            ⇒  N_balance = B / (1/L + f)
//! N ≤ cap of the last tier (from the first) whose max leverage ≥ L   (tiered venues)
//! N_max = min(N_balance, N_tiers)
//! ```
//!
//! Tiers are contiguous with falling maximum leverage, so the tiers that allow `L` are a
//! prefix of the table; a table with no tier allowing `L` opens nothing (an error naming the
//! leverage). The tier measure is linear in the quantity (notional, size or quote value), so a
//! cap converts to a quantity by one division. The quantity is rounded *down* to the lot step.
//! Source: Binance Futures calculator, "Max open" tab; brackets as in [`super::brackets`].
//!
//! **Target price.** The exit price at which the net PnL (both fees, the exit at rate `c`)
//! equals a wanted amount `W` (or `W = ROE × IM`):
//!
//! ```text
//! linear:   s·Q·(P − E) − F_open − c·Q·P = W   ⇒  P = (W + F_open + s·Q·E) / (Q·(s − c))
//! inverse:  s·Q·C·(1/E − 1/P) − F_open − c·Q·C/P = W
//!                                        ⇒  P = (s + c)·Q·C / (s·Q·C/E − F_open − W)
//! ```
//!
//! with `s = +1` long, `−1` short. No positive price gives the wanted amount when the
//! denominator is not of the numerator's sign (a short cannot gain more than its entry, an
//! inverse long cannot gain more than its coin value): an error says so.

use super::brackets::BracketTable;
use super::contract::{ContractKind, Side};
use super::error::{CalcError, CalcResult, Field};
use super::num::{add, div, floor_to_step, mul, sub};
use rust_decimal::Decimal;

/// What limits a [`MaxOpen`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The balance at this leverage (with the opening fee).
    Balance,
    /// The venue's tiers: past this notional the leverage is not allowed.
    Tiers { tier: u32 },
}

/// The largest position that opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxOpen {
    /// Quantity (base units, or contracts for inverse), rounded down to the lot step.
    pub quantity: Decimal,
    /// Notional in the settlement currency at the price.
    pub notional: Decimal,
    /// Initial margin `N/L` and opening fee `N·f` of that position.
    pub initial_margin: Decimal,
    pub open_fee: Decimal,
    pub limit: Limit,
}

/// The largest position `balance` opens at `leverage` and `price` (see the module docs).
///
/// # Errors
/// [`CalcError::LeverageAboveMax`] when no tier allows the leverage; the checked-arithmetic
/// errors otherwise.
#[allow(clippy::too_many_arguments)]
pub fn max_open(
    contract: ContractKind,
    table: Option<&BracketTable>,
    leverage: Decimal,
    balance: Decimal,
    open_rate: Decimal,
    price: Decimal,
    step: Option<Decimal>,
) -> CalcResult<MaxOpen> {
    if leverage < Decimal::ONE {
        return Err(CalcError::TooSmall {
            field: Field::Leverage,
            min: Decimal::ONE,
        });
    }
    if balance <= Decimal::ZERO {
        return Err(CalcError::NotPositive(Field::Balance));
    }
    // Notional of one unit of quantity, in the settlement currency and in the tier measure.
    let per_unit = contract.notional(Decimal::ONE, price)?;
    let by_balance = div(
        balance,
        add(div(Decimal::ONE, leverage)?, open_rate.max(Decimal::ZERO))?,
    )?;
    let mut quantity = div(by_balance, per_unit)?;
    let mut limit = Limit::Balance;
    if let Some(t) = table {
        let allowed = t
            .brackets
            .iter()
            .take_while(|b| b.max_leverage >= leverage)
            .count();
        let Some(last) = allowed.checked_sub(1).and_then(|i| t.brackets.get(i)) else {
            return Err(CalcError::LeverageAboveMax {
                max: t.brackets.first().map_or(Decimal::ZERO, |b| b.max_leverage),
                tier: Some(1),
            });
        };
        // Past the last table row there is no cap.
        if allowed < t.brackets.len() {
            let measure_per_unit = t.measure(contract, Decimal::ONE, price)?;
            let by_tiers = div(last.cap, measure_per_unit)?;
            if by_tiers < quantity {
                quantity = by_tiers;
                limit = Limit::Tiers {
                    tier: u32::try_from(allowed).unwrap_or(u32::MAX),
                };
            }
        }
    }
    let quantity = match step {
        Some(s) if s > Decimal::ZERO => floor_to_step(quantity, s)?,
        _ => quantity,
    };
    let notional = mul(quantity, per_unit)?;
    Ok(MaxOpen {
        quantity,
        notional,
        initial_margin: div(notional, leverage)?,
        open_fee: mul(notional, open_rate)?,
        limit,
    })
}

/// The exit price at which the net PnL equals `wanted` (see the module docs).
///
/// # Errors
/// [`CalcError::Degenerate`] when no positive price gives that amount.
pub fn target_price(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    open_fee: Decimal,
    close_rate: Decimal,
    wanted: Decimal,
) -> CalcResult<Decimal> {
    let s = side.sign();
    let (num, den) = match contract {
        ContractKind::Linear => (
            add(add(wanted, open_fee)?, mul(s, mul(quantity, entry)?)?)?,
            mul(quantity, sub(s, close_rate)?)?,
        ),
        ContractKind::Inverse { contract_size } => {
            let value = mul(quantity, contract_size)?;
            (
                mul(add(s, close_rate)?, value)?,
                sub(sub(mul(s, div(value, entry)?)?, open_fee)?, wanted)?,
            )
        }
    };
    if den.is_zero() {
        return Err(CalcError::Degenerate("no price gives that amount"));
    }
    let p = div(num, den)?;
    if p <= Decimal::ZERO {
        return Err(CalcError::Degenerate(
            "no positive price gives that amount: it is more than this position can make",
        ));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::brackets::{Bracket, Lookup, TierUnit};
    use crate::engine::margin::Maintenance;
    use core::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn table() -> BracketTable {
        let b = |floor, cap, lev| Bracket {
            floor,
            cap,
            maintenance: Maintenance::new(d("0.004"), Decimal::ZERO),
            max_leverage: lev,
        };
        BracketTable {
            brackets: vec![
                b(d("0"), d("50000"), d("125")),
                b(d("50000"), d("250000"), d("100")),
                b(d("250000"), d("1000000"), d("50")),
            ],
            unit: TierUnit::Notional,
            lookup: Lookup::FloorInclusive,
        }
    }

    #[test]
    fn max_open_is_the_balance_or_the_tiers() {
        // 1,000 USDT at 10× with a 0.05 % fee: 1,000 / (0.1 + 0.0005) = 9,950.24…
        let m = max_open(
            ContractKind::Linear,
            Some(&table()),
            d("10"),
            d("1000"),
            d("0.0005"),
            d("60000"),
            Some(d("0.001")),
        )
        .unwrap();
        assert_eq!(m.limit, Limit::Balance);
        assert_eq!(m.quantity, d("0.165"));
        assert!(m.initial_margin + m.open_fee <= d("1000"));
        // At 125× on 1,000: 1,000 / (0.008 + 0.0005) = 117,647 > tier 1's cap 50,000.
        let m = max_open(
            ContractKind::Linear,
            Some(&table()),
            d("125"),
            d("1000"),
            d("0.0005"),
            d("60000"),
            None,
        )
        .unwrap();
        assert_eq!(m.limit, Limit::Tiers { tier: 1 });
        assert!(
            m.notional <= d("50000") && m.notional > d("49999.999999"),
            "{}",
            m.notional
        );
        // A leverage no tier allows.
        assert!(matches!(
            max_open(
                ContractKind::Linear,
                Some(&table()),
                d("150"),
                d("1000"),
                d("0"),
                d("60000"),
                None
            ),
            Err(CalcError::LeverageAboveMax { .. })
        ));
        // Past the last row's leverage: no cap.
        let m = max_open(
            ContractKind::Linear,
            Some(&table()),
            d("20"),
            d("10000000"),
            d("0"),
            d("60000"),
            None,
        )
        .unwrap();
        assert_eq!(m.limit, Limit::Balance);
    }

    #[test]
    fn target_price_returns_the_wanted_net_amount() {
        for (contract, side) in [
            (ContractKind::Linear, Side::Long),
            (ContractKind::Linear, Side::Short),
            (
                ContractKind::Inverse {
                    contract_size: d("100"),
                },
                Side::Long,
            ),
            (
                ContractKind::Inverse {
                    contract_size: d("100"),
                },
                Side::Short,
            ),
        ] {
            let (q, e) = match contract {
                ContractKind::Linear => (d("0.5"), d("60000")),
                ContractKind::Inverse { .. } => (d("300"), d("60000")),
            };
            let open_fee = crate::engine::fees::fee(contract, q, e, d("0.0005")).unwrap();
            let wanted = match contract {
                ContractKind::Linear => d("1500"),
                ContractKind::Inverse { .. } => d("0.025"),
            };
            let p = target_price(contract, side, q, e, open_fee, d("0.0002"), wanted).unwrap();
            let net = contract.pnl(side, q, e, p).unwrap()
                - open_fee
                - crate::engine::fees::fee(contract, q, p, d("0.0002")).unwrap();
            assert!(
                (net - wanted).abs() < d("0.000000001"),
                "{contract:?} {side:?}: {p} gives {net}"
            );
        }
        // A short cannot make more than its entry's worth.
        assert!(target_price(
            ContractKind::Linear,
            Side::Short,
            d("1"),
            d("100"),
            d("0"),
            d("0"),
            d("200")
        )
        .is_err());
    }
}
