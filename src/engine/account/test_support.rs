//! Helpers shared by the account's tests: decimals, fixed-rate and bracket-table maintenance,
//! long and short linear positions, relative error.

use super::Position;
use crate::engine::brackets::{Bracket, BracketTable, Lookup, TierUnit};
use crate::engine::contract::{ContractKind, Side};
use crate::engine::margin::Maintenance;
use crate::engine::trade::MaintenanceSource;
use core::str::FromStr;
use rust_decimal::Decimal;

pub(super) fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub(super) fn fixed(rate: &str) -> MaintenanceSource {
    MaintenanceSource::Fixed(Maintenance::new(d(rate), Decimal::ZERO))
}

pub(super) fn long(q: &str, e: &str, m: &str) -> Position {
    Position::new(
        Side::Long,
        ContractKind::Linear,
        d(q),
        d(e),
        d(m),
        fixed("0.005"),
    )
    .unwrap()
}

pub(super) fn short(q: &str, e: &str, m: &str) -> Position {
    Position::new(
        Side::Short,
        ContractKind::Linear,
        d(q),
        d(e),
        d(m),
        fixed("0.005"),
    )
    .unwrap()
}

pub(super) fn table() -> MaintenanceSource {
    // Binance-style: 0–50k 0.4 %, 50k–250k 0.5 % (cum 50), 250k+ 1 % (cum 1,300).
    let b = |floor: &str, cap: &str, rate: &str, amount: &str, lev: &str| Bracket {
        floor: d(floor),
        cap: d(cap),
        maintenance: Maintenance::new(d(rate), d(amount)),
        max_leverage: d(lev),
    };
    MaintenanceSource::Table(BracketTable {
        brackets: vec![
            b("0", "50000", "0.004", "0", "125"),
            b("50000", "250000", "0.005", "50", "100"),
            b("250000", "1000000", "0.01", "1300", "50"),
        ],
        unit: TierUnit::Notional,
        lookup: Lookup::FloorInclusive,
    })
}

pub(super) fn rel(a: Decimal, b: Decimal) -> Decimal {
    if b.is_zero() {
        a.abs()
    } else {
        ((a - b) / b).abs()
    }
}
