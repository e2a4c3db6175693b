//! BitMEX: liquidation and bankruptcy prices of an open position, inverse (XBTUSD) and linear
//! (XBTUSDT, ETHUSDT, …), isolated and cross; the instrument numbers from
//! `data/venues/bitmex.json`.
//!
//! # The open-position rule (the default view)
//! BitMEX's own position records (`GET /position`: `posCost`, `posMargin`, `posMaint`,
//! `posComm`, `liquidationPrice`, `bankruptPrice`) show that once an isolated position is open
//! the entry fee has left the wallet and the exit-fee reserve `posComm` sits in both
//! `posMargin = posInit + posComm` and `posMaint = MMR·|posCost| + posComm`, so it cancels:
//! the cushion per unit of position cost is `f − MMR` with `f = posInit/|posCost| = 1/L`.
//! Maintenance is a fixed fraction of the position *cost* (the value at entry), not of the
//! value at the liquidation price. Solving `margin + PnL(P) = MMR·cost`:
//! ```text
//! inverse:  LP = E / (1 + s·(f − MMR))        BP = E / (1 + s·f)
//! linear:   LP = E · (1 − s·(f − MMR))        BP = E · (1 − s·f)
//! ```
//! `s` = +1 long, −1 short; `f = M / N(E)`, the margin balance over the position value at
//! entry in the settlement currency (`1/L` exactly for an isolated position holding its
//! initial margin). Both prices are rounded to the symbol's price tick **toward the entry
//! price** (longs up, shorts down), not half-away.
//!
//! Source: shared/reference/venue-formulas.md §7, "Correction (2026-12-01)" (open position,
//! inverse); the linear form is the same margin condition with linear PnL (§7, last bullet).
//!
//! # Which tick
//! §7 says "the 0.5 USD tick". That was XBTUSD's tick size when the reverse-engineered UI
//! code §7 cites was written (its `round(x·2)/2`). BitMEX cut XBTUSD's minimum price increment
//! from 0.5 to 0.1 on 2024-07-31 (BitMEX blog, "Changes to Minimum Price Increments for XBTUSD
//! and ETHUSD", reported 2024-07-26), and both instrument snapshots since say `tickSize`
//! 0.1 (`bitmex-instrument-XBTUSD-2024-11-24.json`, whose prices are on 0.1 steps, and
//! `bitmex-instrument-2026-05-21.json`). The liquidation and bankruptcy prices are order
//! prices, so they live on the trading tick: the tick here is the symbol's `tick_size` from
//! the data file (XBTUSD 0.1, ETHUSDT 0.01, …), a per-symbol parameter of [`Rule`].
//! Caveat: a position record from before 2024-07-31 is on 0.5 steps; BitMEX announced further
//! tick changes for "several contracts" on 2026-06-23, after the snapshot.
//!
//! # Cross margin
//! BitMEX cross uses the whole available balance as the position's margin (§7). The engine's
//! cross balance is `M = wallet − other positions' maintenance + their unrealised PnL`, and the
//! rule above applies with `f = M / N(E)`. Assumed: the entered wallet balance is after the
//! entry fee, and the exit-fee reserve (`posComm`) is counted on neither side, as in the
//! isolated record (if the balance entered includes it, the venue's price is closer to entry by
//! about `taker·(1 + 1/L)` of the entry price). Other positions' maintenance comes from their
//! own tier.
//!
//! # The order's cost view (optional)
//! The formula §7 gives first prices an *order* before it fills: entry and exit taker fees
//! inside initial margin, the exit fee inside maintenance,
//! `P = E / (1 + s·(im − mm))` (inverse), `P = E·(1 − s·(im − mm))` (linear), with
//! `im = 1/L + 2·taker + extra/N`, `mm = MMR + taker` (`mm = 0` for bankruptcy), rounded
//! half-away from zero to the tick. It is kept, labelled, as [`View::Order`].
//!
//! Not modelled: the funding term in maintenance (§7: added when the position pays), BitMEX's
//! integer-satoshi arithmetic, and the step from one risk limit to the next while the position
//! is open (the risk-limit tier is the one holding the position value at entry).

use super::brackets::BracketTable;
use super::contract::{ContractKind, ContractType, Side};
use super::error::{CalcError, CalcResult, Field};
use super::fees::FeeSchedule;
use super::liquidation::Trigger;
use super::num::{add, div, mul, sub};
use super::tables;
use super::tables::Entry;
use super::venue_data::{Quality, VenueKey};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// Which BitMEX figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// The open position, after the fill (what BitMEX's position screen reports).
    #[default]
    Position,
    /// The order's cost before it fills (fees inside margin).
    Order,
}

impl View {
    /// Scenario and report name: `position` or `order`.
    pub fn key(self) -> &'static str {
        match self {
            View::Position => "position",
            View::Order => "order",
        }
    }

    /// Label for the page and the explanation.
    pub fn label(self) -> &'static str {
        match self {
            View::Position => "open position (after the fill)",
            View::Order => "order's cost (before the fill, fees in margin)",
        }
    }
}

/// The BitMEX liquidation rule in force: the view and the symbol's price tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule {
    pub view: View,
    /// Price tick the liquidation and bankruptcy prices are rounded to (`tick_size`).
    pub tick: Decimal,
}

/// One BitMEX instrument, from `data/venues/bitmex.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    pub symbol: String,
    pub inverse: bool,
    pub tick: Decimal,
    /// Base maintenance and initial rates (`maintMargin`, `initMargin`).
    pub mmr: Decimal,
    pub imr: Decimal,
    pub fees: FeeSchedule,
    /// The risk-limit steps as a bracket table (position value in XBT or USDT).
    pub table: BracketTable,
    pub source: String,
    pub as_of: String,
    pub quality: Quality,
}

/// Decimal places the unrounded root is cut to before the tick rounding (far below any tick).
const SNAP_DP: u32 = 18;

/// BitMEX's loaded entry for `symbol` ([`tables`]); natively, when no BitMEX file is loaded,
/// the repository's own file is loaded on first use (the wasm never compiles it in: the page
/// fetches its tables when BitMEX is chosen).
///
/// # Errors
/// [`CalcError::NotApplicable`] while the file is not loaded or when it has no such symbol.
fn entry(symbol: &str) -> CalcResult<Entry> {
    #[cfg(not(target_arch = "wasm32"))]
    if !tables::is_loaded("bitmex") {
        let text = include_str!("../../data/venues/bitmex.json");
        tables::load("bitmex", text)
            .map_err(|_| CalcError::Degenerate("the bundled BitMEX data file does not load"))?;
    }
    if !tables::is_loaded("bitmex") {
        return Err(CalcError::NotApplicable {
            field: Field::Venue,
            reason: "BitMEX's tables are not loaded yet",
        });
    }
    tables::entry_in(VenueKey::Bitmex, symbol).ok_or(CalcError::NotApplicable {
        field: Field::Symbol,
        reason: "BitMEX has no instrument of that name in its data file",
    })
}

/// The instrument `symbol` (`XBTUSD`, `XBTUSDT`, `ETHUSDT`, …).
///
/// # Errors
/// [`CalcError::NotApplicable`] for a symbol not in the data file.
pub fn instrument(symbol: &str) -> CalcResult<Instrument> {
    let e = entry(symbol)?;
    let c = &e.contract;
    let (Some(mmr), Some(imr)) = (c.mmr, c.imr) else {
        return Err(CalcError::Degenerate(
            "BitMEX instrument without risk limits",
        ));
    };
    let tick = c.tick.ok_or(CalcError::Degenerate(
        "BitMEX instrument without a tick size",
    ))?;
    Ok(Instrument {
        inverse: c.inverse,
        tick,
        mmr,
        imr,
        fees: c.fees.unwrap_or_default(),
        table: e.table,
        source: e.info.source,
        as_of: e.info.as_of,
        quality: e.info.quality,
        symbol: e.symbol,
    })
}

/// The contract type of a BitMEX symbol (`None`: not in the data file).
pub fn contract_type(symbol: &str) -> Option<ContractType> {
    entry(symbol).ok().map(|e| {
        if e.contract.inverse {
            ContractType::Inverse
        } else {
            ContractType::Linear
        }
    })
}

/// The margin fraction `f = M / N(E)`; exactly `1/L` when the margin balance is the initial
/// margin (isolated, nothing added), so that `1/3` is not re-derived through a division.
///
/// # Errors
/// [`CalcError::Degenerate`] for a zero notional or leverage.
pub fn margin_fraction(
    margin_balance: Decimal,
    initial_margin: Decimal,
    notional: Decimal,
    leverage: Decimal,
) -> CalcResult<Decimal> {
    if margin_balance == initial_margin {
        div(Decimal::ONE, leverage)
    } else {
        div(margin_balance, notional)
    }
}

/// Round `price` to a multiple of `tick` toward `entry`: up when it is below the entry (a
/// long's liquidation and bankruptcy prices), down when above (a short's).
///
/// # Errors
/// [`CalcError::Degenerate`] for a zero tick, [`CalcError::Overflow`].
pub fn round_toward_entry(price: Decimal, entry: Decimal, tick: Decimal) -> CalcResult<Decimal> {
    let steps = div(price, tick)?;
    let whole = if price < entry {
        steps.ceil()
    } else {
        steps.floor()
    };
    mul(whole, tick)
}

/// The open-position price (module docs): `mmr` = the tier's maintenance rate for the
/// liquidation price, `0` for the bankruptcy price.
///
/// ```text
/// inverse:  P = E / (1 + s·(f − mmr))      linear:  P = E · (1 − s·(f − mmr))
/// ```
/// rounded to `tick` toward `entry` (after cutting the root to 18 decimals, so a division's
/// last-digit error cannot push it across a tick). [`Trigger::Never`] when no positive price solves it (a
/// 1× inverse short's bankruptcy, a 1× linear long's bankruptcy).
///
/// # Errors
/// [`CalcError::Degenerate`] for a zero tick, [`CalcError::Overflow`].
pub fn position_price(
    contract: ContractKind,
    side: Side,
    entry: Decimal,
    fraction: Decimal,
    mmr: Decimal,
    tick: Decimal,
) -> CalcResult<Trigger> {
    let cushion = mul(side.sign(), sub(fraction, mmr)?)?;
    let raw = match contract {
        ContractKind::Inverse { .. } => {
            let den = add(Decimal::ONE, cushion)?;
            if den <= Decimal::ZERO {
                return Ok(Trigger::Never);
            }
            div(entry, den)?
        }
        ContractKind::Linear => mul(entry, sub(Decimal::ONE, cushion)?)?,
    };
    if raw <= Decimal::ZERO {
        return Ok(Trigger::Never);
    }
    // A division leaves an error in the 28th digit (f = M/N with a recurring N): snap it
    // away first, so that a root exactly on a tick (E + M/Q on a linear short) stays there.
    let raw = crate::engine::num::round_half_away(raw, SNAP_DP);
    let p = round_toward_entry(raw, entry, tick)?;
    Ok(if p > Decimal::ZERO {
        Trigger::At(p)
    } else {
        Trigger::Never
    })
}

/// The leverage at which the open-position liquidation price sits on the stop `S`
/// (isolated, margin = initial margin): maintenance is on the cost at entry, so
///
/// ```text
/// L* = N(E) / (MMR·N(E) − PnL(S))   (= 1 / (MMR + s·(E/S − 1)) inverse, 1 / (MMR + s·(1 − S/E)) linear)
/// ```
/// before the tick rounding. `None` when no finite leverage puts liquidation on the stop.
///
/// # Errors
/// [`CalcError::Overflow`], [`CalcError::Degenerate`].
pub fn max_leverage_stop_first(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    stop: Decimal,
    mmr: Decimal,
) -> CalcResult<Option<Decimal>> {
    let notional = contract.notional(quantity, entry)?;
    let needed = sub(
        mul(notional, mmr)?,
        contract.pnl(side, quantity, entry, stop)?,
    )?;
    if needed <= Decimal::ZERO {
        return Ok(None);
    }
    Ok(Some(div(notional, needed)?))
}

/// The order's cost view (module docs; the engine's BitMEX formula before 2026-12):
/// `im = 1/L + 2·taker + max(0, M − N/L)/N`, `mm = mmr + taker` (`0` when `bankrupt`),
/// `P = E / (1 + s·(im − mm))` (inverse) or `E·(1 − s·(im − mm))` (linear), rounded half-away
/// from zero to `tick`.
///
/// # Errors
/// [`CalcError::Degenerate`] for a zero tick, notional or leverage, [`CalcError::Overflow`].
#[allow(clippy::too_many_arguments)]
pub fn order_price(
    contract: ContractKind,
    side: Side,
    entry: Decimal,
    notional: Decimal,
    margin_balance: Decimal,
    leverage: Decimal,
    taker: Decimal,
    mmr: Decimal,
    bankrupt: bool,
    tick: Decimal,
) -> CalcResult<Trigger> {
    let s = side.sign();
    let base_im = div(Decimal::ONE, leverage)?;
    let im_margin = mul(notional, base_im)?;
    let extra = div(sub(margin_balance, im_margin)?.max(Decimal::ZERO), notional)?;
    let im = add(add(base_im, mul(Decimal::TWO, taker)?)?, extra)?;
    let mm = if bankrupt {
        Decimal::ZERO
    } else {
        add(mmr, taker)?
    };
    let den = match contract {
        ContractKind::Inverse { .. } => add(Decimal::ONE, mul(s, sub(im, mm)?)?)?,
        ContractKind::Linear => sub(Decimal::ONE, mul(s, sub(im, mm)?)?)?,
    };
    if den <= Decimal::ZERO {
        return Ok(Trigger::Never);
    }
    let p = match contract {
        ContractKind::Inverse { .. } => div(entry, den)?,
        ContractKind::Linear => mul(entry, den)?,
    };
    let p = mul(
        div(p, tick)?.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero),
        tick,
    )?;
    Ok(if p > Decimal::ZERO {
        Trigger::At(p)
    } else {
        Trigger::Never
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_file_loads_every_symbol() {
        let x = instrument("XBTUSD").unwrap();
        assert!(x.inverse);
        assert_eq!(x.tick, Decimal::new(1, 1));
        assert_eq!(x.mmr, Decimal::new(5, 3));
        let e = instrument("ETHUSDT").unwrap();
        assert!(!e.inverse);
        assert_eq!(e.tick, Decimal::new(1, 2));
        assert!(instrument("ETHUSD").is_err());
        assert_eq!(contract_type("XBTUSDT"), Some(ContractType::Linear));
    }
}
