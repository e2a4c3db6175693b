//! Typed errors of the engine.
//!
//! Every failure a user can cause is a [`CalcError`] with a [`Display`](core::fmt::Display)
//! a trader can read, and, where one input is to blame, the [`Field`] that caused it so the
//! page can show the message next to that input. The engine never panics on user input.

use core::fmt;
use rust_decimal::Decimal;

/// The input a message refers to. `key()` is the scenario-format field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    EntryPrice,
    MarkPrice,
    Quantity,
    Notional,
    Margin,
    Leverage,
    IsolatedMargin,
    WalletBalance,
    MaintenanceRate,
    MaintenanceAmount,
    TakerFee,
    MakerFee,
    ContractSize,
    StopPrice,
    TargetPrice,
    Equity,
    Risk,
    QuantityStep,
    OtherPositions,
    Symbol,
    Venue,
    FundingRate,
    FundingInterval,
    HoldingHours,
    Volatility,
    Horizon,
    Drift,
    Brackets,
    /// The limit on the chance of liquidation within the horizon (the safe leverage's).
    MaxProbLiquidation,
    /// The safe leverage's stop buffer, in horizon σ.
    SafeBuffer,
    /// Seconds between mark prices (discrete monitoring).
    MarkInterval,
    /// A margin-ratio level of the account (an alert, a cut's target, a shock's crossing).
    MarginRatio,
    /// The calculator modes' inputs (not scenario fields): a wanted return on equity, a wanted
    /// net PnL, the balance of "Max open", and the size and price of an add ("Open price").
    WantedRoe,
    WantedPnl,
    Balance,
    AddQuantity,
    AddPrice,
}

impl Field {
    /// The scenario-format (JSON) name of the field (the calculator modes' inputs, which no
    /// scenario holds, have names of their own).
    pub fn key(self) -> &'static str {
        match self {
            Field::EntryPrice => "entry_price",
            Field::MarkPrice => "mark_price",
            Field::Quantity => "quantity",
            Field::Notional => "notional",
            Field::Margin => "margin",
            Field::Leverage => "leverage",
            Field::IsolatedMargin => "isolated_margin",
            Field::WalletBalance => "wallet_balance",
            Field::MaintenanceRate => "maintenance.rate",
            Field::MaintenanceAmount => "maintenance.amount",
            Field::TakerFee => "taker_fee",
            Field::MakerFee => "maker_fee",
            Field::ContractSize => "contract_size",
            Field::StopPrice => "stop_price",
            Field::TargetPrice => "target_price",
            Field::Equity => "equity",
            Field::Risk => "risk",
            Field::QuantityStep => "quantity_step",
            Field::OtherPositions => "other_positions",
            Field::Symbol => "symbol",
            Field::Venue => "venue",
            Field::FundingRate => "funding_rate",
            Field::FundingInterval => "funding_interval_hours",
            Field::HoldingHours => "holding_hours",
            Field::Volatility => "volatility_annual",
            Field::Horizon => "horizon_hours",
            Field::Drift => "drift_annual",
            Field::Brackets => "brackets",
            Field::MaxProbLiquidation => "max_prob_liquidation",
            Field::SafeBuffer => "safe_buffer_sigmas",
            Field::MarkInterval => "mark_interval_seconds",
            Field::MarginRatio => "margin_ratio",
            Field::WantedRoe => "wanted_roe",
            Field::WantedPnl => "wanted_pnl",
            Field::Balance => "balance",
            Field::AddQuantity => "add_quantity",
            Field::AddPrice => "add_price",
        }
    }

    /// A human label, as the page shows it.
    pub fn label(self) -> &'static str {
        match self {
            Field::EntryPrice => "Entry price",
            Field::MarkPrice => "Mark price",
            Field::Quantity => "Quantity",
            Field::Notional => "Notional",
            Field::Margin => "Margin",
            Field::Leverage => "Leverage",
            Field::IsolatedMargin => "Isolated margin",
            Field::WalletBalance => "Wallet balance",
            Field::MaintenanceRate => "Maintenance margin rate",
            Field::MaintenanceAmount => "Maintenance amount",
            Field::TakerFee => "Taker fee",
            Field::MakerFee => "Maker fee",
            Field::ContractSize => "Contract size",
            Field::StopPrice => "Stop price",
            Field::TargetPrice => "Target price",
            Field::Equity => "Account equity",
            Field::Risk => "Risk",
            Field::QuantityStep => "Quantity step",
            Field::OtherPositions => "Other positions",
            Field::Symbol => "Symbol",
            Field::Venue => "Venue",
            Field::FundingRate => "Funding rate",
            Field::FundingInterval => "Funding interval",
            Field::HoldingHours => "Holding period",
            Field::Volatility => "Volatility",
            Field::Horizon => "Horizon",
            Field::Drift => "Drift",
            Field::Brackets => "Bracket table",
            Field::MaxProbLiquidation => "Largest chance of liquidation",
            Field::SafeBuffer => "Stop buffer",
            Field::MarkInterval => "Mark price interval",
            Field::MarginRatio => "Margin ratio",
            Field::WantedRoe => "ROE",
            Field::WantedPnl => "Net PnL",
            Field::Balance => "Balance",
            Field::AddQuantity => "Added size",
            Field::AddPrice => "Add price",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Everything that can go wrong in a calculation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CalcError {
    /// The field is required and was left empty.
    Empty(Field),
    /// The text is not a number (includes "NaN", "inf" and stray characters).
    NotANumber(Field),
    /// A comma that does not group thousands (`1,5`): the page reads a point as the decimal
    /// separator and commas only as thousands separators (`1,500`).
    DecimalComma(Field),
    /// The number has more significant digits than `Decimal` holds exactly (28).
    TooPrecise(Field),
    /// The number's text is longer than [`crate::limits::MAX_NUMBER_CHARS`].
    TooLong(Field),
    /// The value must be strictly positive.
    NotPositive(Field),
    /// The value must not be negative.
    Negative(Field),
    /// The value exceeds the largest value the calculator accepts.
    TooLarge { field: Field, max: Decimal },
    /// The value is below the smallest value the calculator accepts.
    TooSmall { field: Field, min: Decimal },
    /// Leverage above what the venue (or its bracket) allows.
    LeverageAboveMax { max: Decimal, tier: Option<u32> },
    /// The margin does not cover maintenance at the entry (mark) price:
    /// the position would be liquidated the moment it opens.
    ImmediateLiquidation {
        margin: Decimal,
        maintenance: Decimal,
    },
    /// Cross margin: the balance that backs the position (wallet − other positions'
    /// maintenance + their unrealised PnL) does not cover its maintenance at the entry (mark)
    /// price. Leverage does not change that balance, so the wallet or the other positions are
    /// to blame, not the leverage.
    CrossBalanceShort {
        balance: Decimal,
        maintenance: Decimal,
    },
    /// The isolated margin is below the initial margin the leverage requires.
    MarginBelowInitial { margin: Decimal, initial: Decimal },
    /// The stop is on the profit side of the entry.
    StopWrongSide { long: bool },
    /// The target is on the loss side of the entry.
    TargetWrongSide { long: bool },
    /// The risk budget is smaller than the loss of the smallest tradable size.
    RiskTooSmall,
    /// A field does not apply to the chosen contract or venue.
    NotApplicable { field: Field, reason: &'static str },
    /// An intermediate result left the representable range.
    Overflow,
    /// A division by zero, caused by degenerate inputs.
    Degenerate(&'static str),
}

impl CalcError {
    /// The input to blame, if one is.
    pub fn field(&self) -> Option<Field> {
        match self {
            CalcError::Empty(f)
            | CalcError::NotANumber(f)
            | CalcError::DecimalComma(f)
            | CalcError::TooPrecise(f)
            | CalcError::TooLong(f)
            | CalcError::NotPositive(f)
            | CalcError::Negative(f) => Some(*f),
            CalcError::TooLarge { field, .. }
            | CalcError::TooSmall { field, .. }
            | CalcError::NotApplicable { field, .. } => Some(*field),
            CalcError::LeverageAboveMax { .. } | CalcError::ImmediateLiquidation { .. } => {
                Some(Field::Leverage)
            }
            CalcError::CrossBalanceShort { .. } => Some(Field::WalletBalance),
            CalcError::MarginBelowInitial { .. } => Some(Field::IsolatedMargin),
            CalcError::StopWrongSide { .. } => Some(Field::StopPrice),
            CalcError::TargetWrongSide { .. } => Some(Field::TargetPrice),
            CalcError::RiskTooSmall => Some(Field::Risk),
            CalcError::Overflow | CalcError::Degenerate(_) => None,
        }
    }

    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CalcError::Empty(_) => "empty",
            CalcError::NotANumber(_) | CalcError::DecimalComma(_) => "not_a_number",
            CalcError::TooPrecise(_) => "too_precise",
            CalcError::TooLong(_) => "too_long",
            CalcError::NotPositive(_) => "not_positive",
            CalcError::Negative(_) => "negative",
            CalcError::TooLarge { .. } => "too_large",
            CalcError::TooSmall { .. } => "too_small",
            CalcError::LeverageAboveMax { .. } => "leverage_above_max",
            CalcError::ImmediateLiquidation { .. } | CalcError::CrossBalanceShort { .. } => {
                "immediate_liquidation"
            }
            CalcError::MarginBelowInitial { .. } => "margin_below_initial",
            CalcError::StopWrongSide { .. } => "stop_wrong_side",
            CalcError::TargetWrongSide { .. } => "target_wrong_side",
            CalcError::RiskTooSmall => "risk_too_small",
            CalcError::NotApplicable { .. } => "not_applicable",
            CalcError::Overflow => "overflow",
            CalcError::Degenerate(_) => "degenerate",
        }
    }
}

impl fmt::Display for CalcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalcError::Empty(x) => write!(f, "{x} is required."),
            CalcError::NotANumber(x) => write!(f, "{x} must be a number, like 1234.5."),
            CalcError::DecimalComma(x) => write!(
                f,
                "{x}: use a point for decimals (1.5); a comma only groups thousands (1,500)."
            ),
            CalcError::TooPrecise(x) => write!(
                f,
                "{x} has more significant digits than the calculator holds exactly (28): \
                 round it."
            ),
            CalcError::TooLong(x) => write!(
                f,
                "{x} is longer than {} characters: write it shorter (e.g. 1e-9).",
                crate::limits::MAX_NUMBER_CHARS
            ),
            CalcError::NotPositive(x) => write!(f, "{x} must be greater than zero."),
            CalcError::Negative(x) => write!(f, "{x} cannot be negative."),
            CalcError::TooLarge { field, max } => {
                write!(f, "{field} is too large (at most {}).", max.normalize())
            }
            CalcError::TooSmall { field, min } => {
                write!(f, "{field} is too small (at least {}).", min.normalize())
            }
            CalcError::LeverageAboveMax { max, tier: Some(t) } => write!(
                f,
                "Leverage is above the maximum of {}× allowed for this position size (tier {t}).",
                max.normalize()
            ),
            CalcError::LeverageAboveMax { max, tier: None } => write!(
                f,
                "Leverage is above the maximum of {}× allowed here.",
                max.normalize()
            ),
            CalcError::ImmediateLiquidation {
                margin,
                maintenance,
            } => write!(
                f,
                "Leverage is too high: the margin ({}) does not cover the maintenance margin ({}), \
                 so the position would be liquidated at once. Lower the leverage.",
                crate::engine::num::round_half_away(*margin, 8).normalize(),
                crate::engine::num::round_half_away(*maintenance, 8).normalize()
            ),
            CalcError::CrossBalanceShort {
                balance,
                maintenance,
            } => write!(
                f,
                "The account cannot back this position: the wallet balance less the other positions' \
                 maintenance margin, plus their unrealised PnL, is {}, which does not cover this \
                 position's maintenance margin ({}), so it would be liquidated at once at any leverage. \
                 Add to the wallet balance, or reduce the other positions or this position's size.",
                crate::engine::num::round_half_away(*balance, 8).normalize(),
                crate::engine::num::round_half_away(*maintenance, 8).normalize()
            ),
            CalcError::MarginBelowInitial { margin, initial } => write!(
                f,
                "Isolated margin ({}) is below the initial margin this leverage requires ({}).",
                crate::engine::num::round_half_away(*margin, 8).normalize(),
                crate::engine::num::round_half_away(*initial, 8).normalize()
            ),
            CalcError::StopWrongSide { long: true } => {
                f.write_str("A long position's stop must be below the entry price.")
            }
            CalcError::StopWrongSide { long: false } => {
                f.write_str("A short position's stop must be above the entry price.")
            }
            CalcError::TargetWrongSide { long: true } => {
                f.write_str("A long position's target must be above the entry price.")
            }
            CalcError::TargetWrongSide { long: false } => {
                f.write_str("A short position's target must be below the entry price.")
            }
            CalcError::RiskTooSmall => {
                f.write_str("The risk budget is too small for the smallest position size.")
            }
            CalcError::NotApplicable { field, reason } => write!(f, "{field}: {reason}"),
            CalcError::Overflow => {
                f.write_str("The numbers are too large to compute exactly; use smaller values.")
            }
            CalcError::Degenerate(what) => write!(f, "Cannot compute: {what}."),
        }
    }
}

impl std::error::Error for CalcError {}

/// Engine result type.
pub type CalcResult<T> = Result<T, CalcError>;
