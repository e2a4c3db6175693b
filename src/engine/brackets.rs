//! Tiered maintenance-margin brackets and the bracket that applies at the liquidation price.
//!
//! A venue's table maps the position's notional (or size) to a maintenance rate `r`, a
//! maintenance amount `a` and the maximum leverage. Two look-up rules exist:
//!
//! - **Floor inclusive** (Binance, Hyperliquid; freqtrade's reading of Binance): the last tier
//!   whose floor `≤ v`; a value on a boundary belongs to the upper tier. A value above the last
//!   cap still gets the last tier.
//! - **Cap inclusive** (Bybit `riskLimitValue`, OKX `maxSz`): the first tier whose cap `≥ v`.
//!
//! The bracket must be the one that holds the notional **at the liquidation price**; when it
//! differs from the bracket at entry, the liquidation price is solved again with that bracket
//! (Binance FAQ, "bracket consistency"; shared/reference/venue-formulas.md §1 and subtlety 2).
//! Because `a` makes maintenance margin continuous in the notional, exactly one bracket is
//! self-consistent; [`resolve`] finds it.

use super::contract::ContractKind;
use super::error::{CalcError, CalcResult};
use super::liquidation::Trigger;
use super::margin::Maintenance;
use rust_decimal::Decimal;

/// What a table's bounds measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TierUnit {
    /// Notional in the settlement currency at the price considered (Binance USDⓈ-M: USDT;
    /// Binance COIN-M: coin).
    Notional,
    /// Position size in contracts or base units: independent of price (OKX swaps).
    Size,
    /// Position value in the quote currency (inverse contracts whose tiers are in USD).
    QuoteValue,
}

/// The look-up rule of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Last tier with `floor ≤ v`.
    FloorInclusive,
    /// First tier with `v ≤ cap`.
    CapInclusive,
}

/// One tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bracket {
    /// Lower bound of the tier.
    pub floor: Decimal,
    /// Upper bound of the tier.
    pub cap: Decimal,
    /// Maintenance rate and amount.
    pub maintenance: Maintenance,
    /// Highest leverage allowed in this tier.
    pub max_leverage: Decimal,
}

/// A bracket table with its unit and look-up rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BracketTable {
    pub brackets: Vec<Bracket>,
    pub unit: TierUnit,
    pub lookup: Lookup,
}

/// The tier chosen, with its 1-based number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierChoice {
    pub tier: u32,
    pub bracket: Bracket,
}

impl BracketTable {
    /// The tier holding the measure `v`.
    ///
    /// # Errors
    /// [`CalcError::Degenerate`] for an empty table.
    pub fn lookup(&self, v: Decimal) -> CalcResult<TierChoice> {
        let n = self.brackets.len();
        if n == 0 {
            return Err(CalcError::Degenerate("the bracket table is empty"));
        }
        let index = match self.lookup {
            Lookup::FloorInclusive => self
                .brackets
                .iter()
                .rposition(|b| b.floor <= v)
                .unwrap_or(0),
            Lookup::CapInclusive => self
                .brackets
                .iter()
                .position(|b| v <= b.cap)
                .unwrap_or(n - 1),
        };
        Ok(TierChoice {
            tier: index as u32 + 1,
            bracket: self.brackets[index],
        })
    }

    /// The measure this table looks up, for a position of `quantity` at `price`.
    pub fn measure(
        &self,
        contract: ContractKind,
        quantity: Decimal,
        price: Decimal,
    ) -> CalcResult<Decimal> {
        match self.unit {
            TierUnit::Notional => contract.notional(quantity, price),
            TierUnit::Size => Ok(quantity),
            TierUnit::QuoteValue => contract.value_in_quote(quantity, price),
        }
    }

    /// The tier at `price`.
    pub fn at_price(
        &self,
        contract: ContractKind,
        quantity: Decimal,
        price: Decimal,
    ) -> CalcResult<TierChoice> {
        self.lookup(self.measure(contract, quantity, price)?)
    }

    /// Check the leverage against the tier at `price` (venues check the entry notional).
    ///
    /// # Errors
    /// [`CalcError::LeverageAboveMax`] naming the limit and the tier.
    pub fn check_leverage(
        &self,
        contract: ContractKind,
        quantity: Decimal,
        price: Decimal,
        leverage: Decimal,
    ) -> CalcResult<TierChoice> {
        let choice = self.at_price(contract, quantity, price)?;
        if leverage > choice.bracket.max_leverage {
            return Err(CalcError::LeverageAboveMax {
                max: choice.bracket.max_leverage,
                tier: Some(choice.tier),
            });
        }
        Ok(choice)
    }
}

/// Solve a liquidation price with the bracket that holds the notional at that price.
///
/// `solve` computes the trigger for one maintenance requirement. The entry tier is tried
/// first; if the notional at its root falls in another tier, that tier is solved, and so on.
/// If the walk does not settle (a table whose amounts are not continuous), every tier is
/// tried and the self-consistent one is returned; failing that, the last iterate.
pub fn resolve(
    table: &BracketTable,
    contract: ContractKind,
    quantity: Decimal,
    entry_tier: TierChoice,
    mut solve: impl FnMut(&Maintenance) -> CalcResult<Trigger>,
) -> CalcResult<(Trigger, TierChoice)> {
    let mut choice = entry_tier;
    let max_steps = table.brackets.len() + 1;
    for _ in 0..max_steps {
        let trigger = solve(&choice.bracket.maintenance)?;
        let Trigger::At(price) = trigger else {
            return Ok((trigger, choice));
        };
        let at_liq = table.at_price(contract, quantity, price)?;
        if at_liq.tier == choice.tier {
            return Ok((trigger, choice));
        }
        choice = at_liq;
    }
    // Fallback: look for a self-consistent tier.
    let mut last = None;
    for (i, bracket) in table.brackets.iter().enumerate() {
        let candidate = TierChoice {
            tier: i as u32 + 1,
            bracket: *bracket,
        };
        let trigger = solve(&bracket.maintenance)?;
        if let Trigger::At(price) = trigger {
            if table.at_price(contract, quantity, price)?.tier == candidate.tier {
                return Ok((trigger, candidate));
            }
        }
        last = Some((trigger, candidate));
    }
    last.ok_or(CalcError::Degenerate("the bracket table is empty"))
}

/// Maintenance amounts of a table from its rates and floors, by the `cum` recursion.
pub fn cumulative_amounts(floors_and_rates: &[(Decimal, Decimal)]) -> CalcResult<Vec<Decimal>> {
    let mut out = Vec::with_capacity(floors_and_rates.len());
    let mut prev_rate = Decimal::ZERO;
    let mut prev_amount = Decimal::ZERO;
    for (i, (floor, rate)) in floors_and_rates.iter().enumerate() {
        let amount = if i == 0 {
            Decimal::ZERO
        } else {
            super::margin::maintenance_amount_step(*floor, *rate, prev_rate, prev_amount)?
        };
        out.push(amount);
        prev_rate = *rate;
        prev_amount = amount;
    }
    Ok(out)
}
