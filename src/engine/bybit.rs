//! Bybit: which account a figure assumes, and the unified trading account's (UTA) rule, in
//! which the initial and the maintenance margin both hold the estimated fee to close.
//!
//! # Accounts
//! * `classic` ([`Account::Classic`], the default here): the classic account's formula,
//!   [`LiquidationModel::BybitClassic`](super::trade::LiquidationModel::BybitClassic),
//!   `LP = E − s·(M − MM(E))/Q` with maintenance at the entry notional and no fee
//!   (venue-formulas.md §3, isolated and classic cross).
//! * `uta` ([`Account::Uta`]): the unified trading account, Bybit's default account for new
//!   users, [`LiquidationModel::BybitUta`](super::trade::LiquidationModel::BybitUta), below.
//!
//! Classic stays the default because the figures the engine has always given for Bybit (and
//! the tests that pin them, e.g. 19,700 for 1 BTC at 20,000, 50×, MMR 0.5 %) are the
//! classic account's.
//!
//! # The venue's text (UTA, isolated)
//! Bybit, "Liquidation Price Calculation under Isolated Mode (Unified Trading Account)",
//! kbybit.com copy updated 2026 (venue-formulas.md §3 and §4):
//! ```text
//! IM = PV / L + estimated fee to close
//! MM = PV × MMR − mmDeduction + estimated fee to close
//! fee to close = bankruptcy value × taker fee
//! inverse:  LP_long  = Q·(MMR + 1) / [Q/EP + Q/EP/L + X/(1 + taker) + mmDeduction]
//!           LP_short = Q·(1 − MMR) / [Q/EP − Q/EP/L − X/(1 − taker) − mmDeduction]
//! ```
//! `X` is the extra margin added beyond the initial margin. Only the inverse formula is printed
//! whole; for USDT/USDC contracts the text gives IM, MM and the `(1 ± taker)` divisor.
//!
//! # The model (derived; it reproduces the inverse text exactly)
//! `N(P)` is the notional in the settlement currency at the price `P` (linear `Q·P`, inverse
//! `Q·C/P`), `s` = +1 long, −1 short, `r`, `a` the tier's rate and deduction, `t` the taker
//! fee, `M` the position's margin (isolated: the isolated margin, by default the initial
//! margin; cross: see below).
//! ```text
//! bankruptcy price:  M + PnL(BP) = t·N(BP)         (the margin net of the fee to close at BP
//!                                                   is used up)
//!     linear   BP = (M − s·Q·E) / (Q·t − s·Q)
//!     inverse  BP = Q·C·(t + s) / (M + s·Q·C/E)
//! fee to close:      F = t·N(BP)                   (bankruptcy value × taker)
//! initial margin:    IM = N(E)/L + t·N(BP₀)        BP₀ = E·(1 − s/L) linear, E/(1 + s/L) inverse
//!                       = N(E)/L + t·N(E)·(1 − s/L)    linear
//!                       = N(E)/L + t·N(E)·(1 + s/L)    inverse
//! maintenance:       MM(P) = N(P)·r − a + F
//! liquidation:       M + PnL(LP) = N(LP)·r − a + F  (exact root, maintenance at LP)
//!     linear   LP = (M − F + a − s·Q·E) / (Q·r − s·Q)
//!     inverse  LP = Q·C·(r + s) / (M − F + a + s·Q·C/E)
//! ```
//! `BP₀` is the bankruptcy price of a position holding exactly its initial margin: with
//! `M = IM` the equation for `BP` gives `BP₀`, the classic bankruptcy price `E·(1 − s/L)`, so
//! the fee the initial margin reserves is the fee the maintenance margin asks for, and
//! `M − F = N(E)/L`. With extra margin `X = M − IM`, `BP` moves and so does `F`:
//! `M − F = N(E)/L + X/(1 − s·t)` (linear), `N(E)/L + X/(1 + s·t)` (inverse). Put in the
//! inverse root this is Bybit's 2026 text term for term (`X/(1 + taker)` long, `X/(1 − taker)`
//! short); the linear form is the same equation with linear PnL **[derived]**:
//! ```text
//! linear   LP_long  = [Q·E·(1 − 1/L) − X/(1 − t) − a] / (Q·(1 − r))
//!          LP_short = [Q·E·(1 + 1/L) + X/(1 + t) + a] / (Q·(1 + r))
//! ```
//! Worked check (§4): 60,000 USD of BTCUSD long at 50,000, 10×, MMR 0.5 %, no extra margin:
//! `60,000 × 1.005 / (1.2 + 0.12) = 45,681.8` (the 2024 text, MM at entry, gives 45,662.1).
//!
//! What the fee changes: at the initial margin the reserve and the requirement cancel, so the
//! liquidation price is the exact root of the margin `N(E)/L` (nearer the entry than the
//! classic formula where maintenance grows toward the liquidation price: linear shorts and
//! inverse longs; farther where it shrinks); the initial margin, the maintenance margin and
//! the bankruptcy price carry the fee; and for the same margin `M` (an isolated margin entered,
//! a cross wallet) the fee comes out of the cushion, so the price is nearer the entry than the
//! classic account's by about `F/Q`.
//!
//! # Cross margin (UTA)
//! Bybit's unified account liquidates on the whole account: when the account's maintenance
//! margin rate (total maintenance / margin balance) reaches 100 % (§3). There is no exact
//! per-position price. As for every cross position here, `M` is the wallet less the other
//! positions' maintenance plus their unrealised PnL, held at their marks, and the position's
//! own maintenance carries its fee to close; the price is the estimate the formulas above give
//! with that `M` ([`super::trade::Warning::UtaCrossEstimate`] says so).
//!
//! Not modelled: the fee to close of the *other* positions (enter it in their maintenance
//! rate), and a fee tier other than the one given as the taker fee.

use super::contract::{ContractKind, Side};
use super::error::CalcResult;
use super::liquidation::{self, Trigger};
use super::margin::Maintenance;
use super::num::{add, div, mul, sub};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The Bybit account a figure assumes (scenario field `account`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Account {
    /// The classic account: no fee in the margins, maintenance at the entry notional.
    #[default]
    Classic,
    /// The unified trading account: the fee to close in the initial and maintenance margin.
    Uta,
}

impl Account {
    pub const ALL: [Account; 2] = [Account::Uta, Account::Classic];

    /// The scenario and report name.
    pub fn key(self) -> &'static str {
        match self {
            Account::Classic => "classic",
            Account::Uta => "uta",
        }
    }

    pub fn from_key(k: &str) -> Option<Account> {
        Account::ALL.into_iter().find(|a| a.key() == k)
    }

    /// The page's name for it.
    pub fn label(self) -> &'static str {
        match self {
            Account::Classic => "Classic account",
            Account::Uta => "Unified trading account",
        }
    }

    /// The liquidation formula this account uses, as the report names it.
    pub fn formula(self) -> &'static str {
        match self {
            Account::Classic => {
                "classic: E − s·(M − MM(E))/Q (linear), Q·C/(Q·C/E + s·(M − MM(E))) (inverse), maintenance at the entry notional, no fee (venue-formulas.md §3–§4)"
            }
            Account::Uta => {
                "uta: exact root of M + PnL(P) = N(P)·r − a + F, F = taker × bankruptcy value, IM = N(E)/L + F (venue-formulas.md §3–§4)"
            }
        }
    }

    /// What a figure under this account assumes, in one line (the results, the report).
    pub fn note(self) -> &'static str {
        match self {
            Account::Classic => "Bybit classic account: no fee in the margins",
            Account::Uta => "Bybit unified account: the fee to close is in the margin",
        }
    }
}

/// The fee to close of a UTA position (settlement currency), as the figures use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeToClose {
    /// The taker rate `t`.
    pub rate: Decimal,
    /// In the initial margin: `t·N(BP₀)`, at the bankruptcy price of a position holding exactly
    /// its initial margin.
    pub initial: Decimal,
    /// In the maintenance margin, reserved from the margin: `t·N(BP)` at the position's own
    /// bankruptcy price (equal to `initial` when the margin is the initial margin).
    pub maintenance: Decimal,
}

/// The taker rate the fee to close uses (a rebate is never reserved).
fn rate(taker: Decimal) -> Decimal {
    taker.max(Decimal::ZERO)
}

/// `t·N(E)·(1 − s/L)` (linear) or `t·N(E)·(1 + s/L)` (inverse): the fee to close at the
/// bankruptcy price of a position holding `N(E)/L`.
///
/// # Errors
/// [`CalcError::Overflow`](super::CalcError::Overflow) or a zero leverage.
pub fn initial_fee_to_close(
    contract: ContractKind,
    side: Side,
    notional: Decimal,
    leverage: Decimal,
    taker: Decimal,
) -> CalcResult<Decimal> {
    let per_leverage = div(notional, leverage)?;
    let s = match contract {
        ContractKind::Linear => side.sign(),
        ContractKind::Inverse { .. } => super::num::neg(side.sign()),
    };
    mul(rate(taker), sub(notional, mul(s, per_leverage)?)?)
}

/// UTA initial margin: `IM = N(E)/L + t·N(BP₀)`.
///
/// # Errors
/// As [`initial_fee_to_close`].
pub fn initial_margin(
    contract: ContractKind,
    side: Side,
    notional: Decimal,
    leverage: Decimal,
    taker: Decimal,
) -> CalcResult<Decimal> {
    add(
        div(notional, leverage)?,
        initial_fee_to_close(contract, side, notional, leverage, taker)?,
    )
}

/// The notional whose UTA initial margin is `margin`: `IM` is linear in `N`,
/// `IM = N·(1 + t·(L − k·s))/L` with `k` = +1 linear, −1 inverse, so
/// `N = margin·L / (1 + t·(L − k·s))`.
///
/// # Errors
/// [`CalcError::Overflow`](super::CalcError::Overflow), or a degenerate divisor.
pub fn notional_for_margin(
    contract: ContractKind,
    side: Side,
    margin: Decimal,
    leverage: Decimal,
    taker: Decimal,
) -> CalcResult<Decimal> {
    let ks = match contract {
        ContractKind::Linear => side.sign(),
        ContractKind::Inverse { .. } => super::num::neg(side.sign()),
    };
    let den = add(Decimal::ONE, mul(rate(taker), sub(leverage, ks)?)?)?;
    div(mul(margin, leverage)?, den)
}

/// UTA bankruptcy price: the root of `M + PnL(BP) = t·N(BP)` — the exact root of
/// [`liquidation::liquidation_price`] with rate `t` and no deduction.
///
/// # Errors
/// As [`liquidation::liquidation_price`].
pub fn bankruptcy_price(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    margin: Decimal,
    taker: Decimal,
) -> CalcResult<Trigger> {
    let fee = Maintenance::new(rate(taker), Decimal::ZERO);
    liquidation::liquidation_price(contract, side, quantity, entry, margin, &fee)
}

/// The fee to close at the position's bankruptcy price, `t·N(BP)`; zero when no positive price
/// uses the margin up (the bankruptcy value tends to zero there: a 1× linear long, an inverse
/// short backed by its whole coin value).
///
/// # Errors
/// As [`bankruptcy_price`].
pub fn fee_to_close(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    margin: Decimal,
    taker: Decimal,
) -> CalcResult<Decimal> {
    match bankruptcy_price(contract, side, quantity, entry, margin, taker)? {
        Trigger::At(bp) => mul(contract.notional(quantity, bp)?, rate(taker)),
        Trigger::Never => Ok(Decimal::ZERO),
    }
}

/// Both fees to close of a position with margin `margin` ([`FeeToClose`]).
///
/// # Errors
/// As [`initial_fee_to_close`] and [`fee_to_close`].
pub fn fees_to_close(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    margin: Decimal,
    leverage: Decimal,
    taker: Decimal,
) -> CalcResult<FeeToClose> {
    let notional = contract.notional(quantity, entry)?;
    Ok(FeeToClose {
        rate: rate(taker),
        initial: initial_fee_to_close(contract, side, notional, leverage, taker)?,
        maintenance: fee_to_close(contract, side, quantity, entry, margin, taker)?,
    })
}

/// UTA liquidation price: the root of `M + PnL(P) = N(P)·r − a + F`, i.e. the exact root with
/// the margin net of the fee to close, `M − F`.
///
/// # Errors
/// As [`liquidation::liquidation_price`].
pub fn liquidation_price(
    contract: ContractKind,
    side: Side,
    quantity: Decimal,
    entry: Decimal,
    margin: Decimal,
    maintenance: &Maintenance,
    taker: Decimal,
) -> CalcResult<Trigger> {
    let fee = fee_to_close(contract, side, quantity, entry, margin, taker)?;
    liquidation::liquidation_price(
        contract,
        side,
        quantity,
        entry,
        sub(margin, fee)?,
        maintenance,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn the_initial_margin_reserves_the_fee_at_the_classic_bankruptcy_price() {
        // 1 BTC long at 20,000, 50×, taker 0.055 %: BP₀ = 19,600, fee 10.78.
        let im = initial_margin(
            ContractKind::Linear,
            Side::Long,
            d("20000"),
            d("50"),
            d("0.00055"),
        )
        .unwrap();
        assert_eq!(im, d("410.78"));
        // Holding exactly that margin, the bankruptcy price is the classic one.
        let bp = bankruptcy_price(
            ContractKind::Linear,
            Side::Long,
            d("1"),
            d("20000"),
            im,
            d("0.00055"),
        )
        .unwrap()
        .price()
        .unwrap();
        assert_eq!(bp.round_dp(12), d("19600"));
    }

    #[test]
    fn sizing_by_margin_inverts_the_initial_margin() {
        for contract in [
            ContractKind::Linear,
            ContractKind::Inverse {
                contract_size: d("1"),
            },
        ] {
            for side in [Side::Long, Side::Short] {
                let n =
                    notional_for_margin(contract, side, d("1000"), d("20"), d("0.00055")).unwrap();
                let im = initial_margin(contract, side, n, d("20"), d("0.00055")).unwrap();
                assert!((im - d("1000")).abs() < d("0.000000000001"), "{im}");
            }
        }
    }

    #[test]
    fn no_bankruptcy_price_means_no_fee() {
        // A 1× linear long with its whole notional as margin.
        let f = fee_to_close(
            ContractKind::Linear,
            Side::Long,
            d("1"),
            d("100"),
            d("100"),
            d("0.00055"),
        )
        .unwrap();
        assert_eq!(f, Decimal::ZERO);
    }

    #[test]
    fn account_keys_read_back() {
        for a in Account::ALL {
            assert_eq!(Account::from_key(a.key()), Some(a));
        }
        assert_eq!(Account::default(), Account::Classic);
    }
}
