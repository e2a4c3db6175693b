//! The scenario format: one versioned, serde description of a calculation.
//!
//! A share link, a saved scenario, the JavaScript API and the `levcalc` command line all read
//! this type. Decimal values are accepted as JSON strings (`"0.004"`) or numbers (`0.004`); a
//! number is taken by its shortest decimal representation, so `1456.84` means exactly 1456.84.
//! Unknown fields and wrong types are rejected with a message that names the field.

use crate::engine::bitmex::View as BitmexView;
use crate::engine::brackets::TierChoice;
use crate::engine::bybit::Account as BybitAccount;
use crate::engine::contract::{ContractKind, Settlement, Side};
use crate::engine::error::{CalcError, Field};
use crate::engine::fees::{FeeSchedule, Liquidity};
use crate::engine::funding::{Funding, FundingOutcome};
use crate::engine::input::parse_decimal;
use crate::engine::margin::Maintenance;
use crate::engine::sizing::RiskBudget;
use crate::engine::tables::TableInfo;
use crate::engine::trade::{
    evaluate, ExitReport, MaintenanceSource, MarginInput, SizeInput, TradeInput, TradeReport,
};
use crate::engine::venues::{self, Venue};
use crate::limits::{
    MAX_BRACKETS, MAX_NUMBER_CHARS, MAX_OTHER_POSITIONS, MAX_SCENARIO_BYTES, MAX_SYMBOL_CHARS,
};
use core::fmt;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

/// The current scenario version.
pub const SCENARIO_VERSION: u32 = 1;

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

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number or a decimal string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Num, E> {
                if v.len() > MAX_NUMBER_CHARS {
                    return Err(E::custom(format!(
                        "number text longer than {MAX_NUMBER_CHARS} characters"
                    )));
                }
                Ok(Num(v.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Num, E> {
                if !v.is_finite() {
                    return Err(E::custom("not a finite number"));
                }
                Ok(Num(shortest_text(v)))
            }
        }
        d.deserialize_any(V)
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

/// A list read with a bound: the element past `N` stops the reading with an error naming the
/// limit, so a crafted list of 60,000 entries costs no more than one of `N + 1`.
#[derive(Debug)]
struct Bounded<T, const N: usize>(Vec<T>);

/// What a bounded list holds, for its error message.
trait Listed {
    const NOUN: &'static str;
}

impl Listed for OtherPosition {
    const NOUN: &'static str = "other positions";
}

impl Listed for BracketSpec {
    const NOUN: &'static str = "bracket tiers";
}

impl<'de, T: Deserialize<'de> + Listed, const N: usize> Deserialize<'de> for Bounded<T, N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const N: usize>(core::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Listed, const N: usize> serde::de::Visitor<'de> for V<T, N> {
            type Value = Bounded<T, N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a list of at most {N} {}", T::NOUN)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<T>()? {
                    if out.len() >= N {
                        return Err(serde::de::Error::custom(format!(
                            "at most {N} {} are accepted; this list has more",
                            T::NOUN
                        )));
                    }
                    out.push(item);
                }
                Ok(Bounded(out))
            }
        }
        d.deserialize_seq(V::<T, N>(core::marker::PhantomData))
    }
}

fn bounded_positions<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<OtherPosition>, D::Error> {
    Bounded::<OtherPosition, MAX_OTHER_POSITIONS>::deserialize(d).map(|b| b.0)
}

fn bounded_brackets<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<BracketSpec>>, D::Error> {
    Option::<Bounded<BracketSpec, MAX_BRACKETS>>::deserialize(d).map(|o| o.map(|b| b.0))
}

/// Read a list of other positions (a share link's `op`), bounded as in a scenario.
///
/// # Errors
/// The JSON error, or the limit's message.
pub fn positions_from_json(text: &str) -> Result<Vec<OtherPosition>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = bounded_positions(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Read a bracket table (a share link's `br`), bounded as in a scenario.
///
/// # Errors
/// The JSON error, or the limit's message.
pub fn brackets_from_json(text: &str) -> Result<Vec<BracketSpec>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = Bounded::<BracketSpec, MAX_BRACKETS>::deserialize(&mut de)?.0;
    de.end()?;
    Ok(v)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SideName {
    #[default]
    Long,
    Short,
}

pub use crate::engine::contract::ContractType as ContractName;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MarginModeName {
    #[default]
    Isolated,
    Cross,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LiquidityName {
    Maker,
    #[default]
    Taker,
}

/// `{"rate", "amount"}`: overrides the venue's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaintenanceSpec {
    pub rate: Num,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Num>,
}

/// One tier of a user-entered bracket table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BracketSpec {
    pub floor: Num,
    pub cap: Num,
    pub rate: Num,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Num>,
    pub max_leverage: Num,
}

/// One of the account's other positions (cross margin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherPosition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    pub side: SideName,
    pub quantity: Num,
    pub entry_price: Num,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark_price: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance: Option<MaintenanceSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_size: Option<Num>,
}

/// A calculation, as a share link, a saved scenario, the JS API and the CLI describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    #[serde(default)]
    pub venue: Venue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<ContractName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default)]
    pub margin_mode: MarginModeName,
    #[serde(default)]
    pub side: SideName,
    pub entry_price: Num,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark_price: Option<Num>,
    /// Base units (linear) or contracts (inverse).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Num>,
    /// Size as position value in the quote coin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notional: Option<Num>,
    /// Size as margin to commit (settlement currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margin: Option<Num>,
    /// Size from risk: account equity and a budget (percent or amount).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equity: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_percent: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_amount: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_step: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_size: Option<Num>,
    pub leverage: Num,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolated_margin: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet_balance: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maintenance: Option<MaintenanceSpec>,
    /// A whole bracket table (overrides the venue's; `maintenance` overrides both):
    /// `[{floor, cap, rate, amount, max_leverage}]`, looked up by notional, last tier with
    /// `floor ≤ notional`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bounded_brackets"
    )]
    pub brackets: Option<Vec<BracketSpec>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taker_fee: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maker_fee: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_liquidity: Option<LiquidityName>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "bounded_positions"
    )]
    pub other_positions: Vec<OtherPosition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_price: Option<Num>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_price: Option<Num>,
    /// Funding rate per interval (fraction; positive: longs pay shorts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding_rate: Option<Num>,
    /// Hours between funding payments (venue default: 8, or 1 on Hyperliquid and dYdX).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding_interval_hours: Option<Num>,
    /// How long the position is held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holding_hours: Option<Num>,
    /// Annualised volatility σ as a fraction (0.6 = 60 %), 365-day year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volatility_annual: Option<Num>,
    /// Risk horizon in hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_hours: Option<Num>,
    /// Annual drift μ in dS/S = μ dt + σ dW (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift_annual: Option<Num>,
    /// Safe leverage: the stop must fire this many horizon-σ before liquidation (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safe_buffer_sigmas: Option<Num>,
    /// Safe leverage: the largest acceptable probability of touching liquidation within the
    /// horizon (default 0.05).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_prob_liquidation: Option<Num>,
    /// Seconds between mark-price updates; when given, probabilities use the
    /// Broadie–Glasserman–Kou discrete-monitoring correction (default: continuous).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark_interval_seconds: Option<Num>,
    /// BitMEX only: `position` (default; the open position, as BitMEX's position screen
    /// reports it) or `order` (the order's cost before it fills, fees inside margin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitmex_view: Option<BitmexView>,
    /// Bybit only: `classic` (default; the classic account) or `uta` (the unified trading
    /// account: the fee to close in the initial and maintenance margin,
    /// [`crate::engine::bybit`]). Ignored on other venues, as `bitmex_view` is off BitMEX, so
    /// the same scenario can be compared across venues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<BybitAccount>,
}

impl Default for Scenario {
    /// The page's opening example: a 10× BTC long on Binance USDⓈ-M BTCUSDT with a stop and a
    /// target, priced with the venue's table (tier 1 at 30,000 USDT: 0.4 %, amount 0).
    fn default() -> Self {
        Scenario {
            version: SCENARIO_VERSION,
            venue: Venue::BinanceUsdm,
            contract: None,
            symbol: Some("BTCUSDT".into()),
            margin_mode: MarginModeName::Isolated,
            side: SideName::Long,
            entry_price: "60000".into(),
            mark_price: None,
            quantity: Some("0.5".into()),
            notional: None,
            margin: None,
            equity: None,
            risk_percent: None,
            risk_amount: None,
            quantity_step: None,
            contract_size: None,
            leverage: "10".into(),
            isolated_margin: None,
            wallet_balance: None,
            maintenance: None,
            taker_fee: Some("0.0005".into()),
            maker_fee: Some("0.0002".into()),
            entry_liquidity: None,
            other_positions: Vec::new(),
            brackets: None,
            stop_price: Some("57000".into()),
            target_price: Some("66000".into()),
            funding_rate: None,
            funding_interval_hours: None,
            holding_hours: None,
            volatility_annual: None,
            horizon_hours: None,
            drift_annual: None,
            safe_buffer_sigmas: None,
            max_prob_liquidation: None,
            mark_interval_seconds: None,
            bitmex_view: None,
            account: None,
        }
    }
}

/// A scenario that could not be read or evaluated.
#[derive(Debug, Clone, PartialEq)]
pub enum ScenarioError {
    /// Not valid JSON, or a field of the wrong type, or an unknown field; `path` names it.
    Format { path: String, message: String },
    /// A value failed validation or the calculation failed.
    Calc(CalcError),
    /// A version this build does not read.
    Version(u32),
    /// The statistics could not be computed (e.g. a volatility input out of range).
    Risk {
        field: Option<&'static str>,
        message: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Format { path, message } if path.is_empty() || path == "." => {
                write!(f, "{message}")
            }
            ScenarioError::Format { path, message } => write!(f, "field `{path}`: {message}"),
            ScenarioError::Calc(e) => match e.field() {
                Some(field) => write!(f, "field `{}`: {e}", field.key()),
                None => write!(f, "{e}"),
            },
            ScenarioError::Risk {
                field: Some(k),
                message,
            } => write!(f, "field `{k}`: {message}"),
            ScenarioError::Risk { message, .. } => write!(f, "{message}"),
            ScenarioError::Version(v) => write!(
                f,
                "scenario version {v} is not supported (this build reads version {SCENARIO_VERSION})"
            ),
        }
    }
}

impl std::error::Error for ScenarioError {}

impl From<CalcError> for ScenarioError {
    fn from(e: CalcError) -> Self {
        ScenarioError::Calc(e)
    }
}

impl ScenarioError {
    /// The scenario field to blame, if known.
    pub fn field_key(&self) -> Option<String> {
        match self {
            ScenarioError::Format { path, .. } if !path.is_empty() && path != "." => {
                Some(path.clone())
            }
            ScenarioError::Calc(e) => e.field().map(|f| f.key().to_owned()),
            ScenarioError::Risk { field, .. } => field.map(str::to_owned),
            _ => None,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ScenarioError::Format { .. } => "format",
            ScenarioError::Calc(e) => e.code(),
            ScenarioError::Version(_) => "version",
            ScenarioError::Risk { .. } => "risk",
        }
    }
}

/// A scenario built in code (the page's form) as the readers would take it: written and read
/// back through [`from_json`], so that whatever the page holds, saves or puts in a link reads
/// back — with the same limits and the same message naming the field.
///
/// # Errors
/// The reader's error for the text the scenario writes.
pub fn readable(s: Scenario) -> Result<Scenario, ScenarioError> {
    // Through a `Value`, whose serializer the page already has (one copy of the code).
    let text = serde_json::to_value(&s)
        .map(|v| v.to_string())
        .map_err(|e| ScenarioError::Format {
            path: String::new(),
            message: e.to_string(),
        })?;
    from_json(&text)?;
    Ok(s)
}

/// Read a scenario from JSON text, naming the offending field on error.
pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(ScenarioError::Format {
            path: String::new(),
            message: format!(
                "scenario larger than {} KB ({} bytes)",
                MAX_SCENARIO_BYTES / 1024,
                text.len()
            ),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let scenario: Scenario =
        crate::engine::json_path::from_prefix(text).map_err(|e| ScenarioError::Format {
            path: e.path,
            message: e.error.to_string(),
        })?;
    scenario.check_version()?;
    scenario.check_limits()?;
    Ok(scenario)
}

impl Scenario {
    /// The limits of [`crate::limits`] that the field types do not enforce by themselves
    /// (the list lengths are bounded while reading): symbol names.
    ///
    /// # Errors
    /// [`ScenarioError::Format`] naming the field.
    pub fn check_limits(&self) -> Result<(), ScenarioError> {
        let too_long = |s: &Option<String>| {
            s.as_ref()
                .is_some_and(|s| s.chars().count() > MAX_SYMBOL_CHARS)
        };
        let symbol_error = |path: String| ScenarioError::Format {
            path,
            message: format!("a symbol is at most {MAX_SYMBOL_CHARS} characters"),
        };
        if too_long(&self.symbol) {
            return Err(symbol_error("symbol".into()));
        }
        for (i, p) in self.other_positions.iter().enumerate() {
            if too_long(&p.symbol) {
                return Err(symbol_error(format!("other_positions[{i}].symbol")));
            }
        }
        // Lists built in code (not read) are bounded here too.
        if self.other_positions.len() > MAX_OTHER_POSITIONS {
            return Err(ScenarioError::Format {
                path: "other_positions".into(),
                message: format!(
                    "at most {MAX_OTHER_POSITIONS} other positions are accepted; this list has {}",
                    self.other_positions.len()
                ),
            });
        }
        if self
            .brackets
            .as_ref()
            .is_some_and(|b| b.len() > MAX_BRACKETS)
        {
            return Err(ScenarioError::Format {
                path: "brackets".into(),
                message: format!("at most {MAX_BRACKETS} bracket tiers are accepted"),
            });
        }
        Ok(())
    }

    fn check_version(&self) -> Result<(), ScenarioError> {
        if self.version != SCENARIO_VERSION {
            return Err(ScenarioError::Version(self.version));
        }
        Ok(())
    }

    /// The contract kind, from the venue where it has one kind.
    pub fn contract_kind(&self) -> Result<ContractKind, ScenarioError> {
        let implied = venues::implied_contract_for(self.venue, self.symbol.as_deref());
        let name = match (self.contract, implied) {
            (Some(c), Some(implied)) if c != implied => {
                return Err(CalcError::NotApplicable {
                    field: Field::ContractSize,
                    reason: "this venue does not offer that contract type",
                }
                .into())
            }
            (Some(c), _) => c,
            (None, Some(implied)) => implied,
            (None, None) => ContractName::Linear,
        };
        Ok(match name {
            ContractName::Linear => ContractKind::Linear,
            ContractName::Inverse => {
                let cs = match &self.contract_size {
                    Some(n) => n.parse(Field::ContractSize)?,
                    None => venues::default_contract_size(self.venue, self.symbol.as_deref())
                        .ok_or(CalcError::Empty(Field::ContractSize))?,
                };
                ContractKind::Inverse { contract_size: cs }
            }
        })
    }

    /// Turn the scenario into a validated engine input.
    pub fn to_trade(&self) -> Result<TradeInput, ScenarioError> {
        self.check_version()?;
        self.check_limits()?;
        let contract = self.contract_kind()?;
        let side = side(self.side);
        let entry = self.entry_price.parse(Field::EntryPrice)?;
        let mark = opt(&self.mark_price, Field::MarkPrice)?;
        let leverage = self.leverage.parse(Field::Leverage)?;

        let size = if let Some(q) = &self.quantity {
            SizeInput::Quantity(q.parse(Field::Quantity)?)
        } else if let Some(n) = &self.notional {
            SizeInput::Notional(n.parse(Field::Notional)?)
        } else if let Some(m) = &self.margin {
            SizeInput::Margin(m.parse(Field::Margin)?)
        } else if let Some(eq) = &self.equity {
            let equity = eq.parse(Field::Equity)?;
            let budget = match (&self.risk_percent, &self.risk_amount) {
                (Some(p), _) => RiskBudget::Percent(p.parse(Field::Risk)?),
                (None, Some(a)) => RiskBudget::Amount(a.parse(Field::Risk)?),
                (None, None) => return Err(CalcError::Empty(Field::Risk).into()),
            };
            SizeInput::Risk { equity, budget }
        } else {
            return Err(CalcError::Empty(Field::Quantity).into());
        };
        let by_risk = matches!(size, SizeInput::Risk { .. });

        let own_table = self.maintenance.is_some() || self.brackets.is_some();
        let preset = match venues::preset(self.venue, self.symbol.as_deref(), contract) {
            // A symbol the venue's tables do not hold, with the user's own rate or table: the
            // venue's formula and fees (its default symbol's), and no leverage limit from a
            // table that is not this symbol's.
            Err(CalcError::NotApplicable {
                field: Field::Symbol,
                ..
            }) if own_table => {
                let mut p = venues::preset(self.venue, None, contract)?;
                p.table = None;
                p.max_leverage = None;
                p
            }
            r => r?,
        };
        let maintenance = match (&self.maintenance, &self.brackets) {
            (Some(spec), _) => MaintenanceSource::Fixed(maintenance_of(spec)?),
            (None, Some(rows)) => MaintenanceSource::Table(table_of(rows)?),
            (None, None) => match preset.table {
                Some(table) => MaintenanceSource::Table(table),
                None => return Err(CalcError::Empty(Field::MaintenanceRate).into()),
            },
        };
        let fees = FeeSchedule {
            taker: opt(&self.taker_fee, Field::TakerFee)?.unwrap_or(preset.fees.taker),
            maker: opt(&self.maker_fee, Field::MakerFee)?.unwrap_or(preset.fees.maker),
        };

        let margin = match self.margin_mode {
            MarginModeName::Isolated => MarginInput::Isolated {
                margin: opt(&self.isolated_margin, Field::IsolatedMargin)?,
            },
            MarginModeName::Cross => {
                let wallet_balance = self
                    .wallet_balance
                    .as_ref()
                    .ok_or(CalcError::Empty(Field::WalletBalance))?
                    .parse(Field::WalletBalance)?;
                let (mm, upnl) = self.others(contract)?;
                MarginInput::Cross {
                    wallet_balance,
                    others_maintenance: mm,
                    others_unrealized_pnl: upnl,
                }
            }
        };

        Ok(TradeInput {
            side,
            contract,
            entry_price: entry,
            mark_price: mark,
            size,
            leverage,
            margin,
            maintenance,
            fees,
            entry_liquidity: match self.entry_liquidity.unwrap_or_default() {
                LiquidityName::Maker => Liquidity::Maker,
                LiquidityName::Taker => Liquidity::Taker,
            },
            stop_price: opt(&self.stop_price, Field::StopPrice)?,
            target_price: opt(&self.target_price, Field::TargetPrice)?,
            // A size from a risk budget is rounded down to the symbol's lot step from the
            // venue data (the loss at the stop then stays within the budget), unless the
            // scenario gives its own step (issue 13 §3).
            quantity_step: match opt(&self.quantity_step, Field::QuantityStep)? {
                Some(step) => Some(step),
                None if by_risk => preset.lot,
                None => None,
            },
            max_leverage: preset.max_leverage,
            model: preset
                .model
                .with_bitmex_view(self.bitmex_view.unwrap_or_default())
                .with_bybit_account(self.account.unwrap_or_default()),
        })
    }

    /// Where the venue table of the main position comes from, when the venue's table is the
    /// one used (no `maintenance` or `brackets` of the user's): the same [`venues::preset`]
    /// that [`Scenario::to_trade`] reads.
    pub fn venue_table_info(&self) -> Option<TableInfo> {
        if self.maintenance.is_some() || self.brackets.is_some() {
            return None;
        }
        let contract = self.contract_kind().ok()?;
        let p = venues::preset(self.venue, self.symbol.as_deref(), contract).ok()?;
        p.table.as_ref()?;
        Some(p.table_info())
    }

    /// Total maintenance margin and unrealised PnL of the other positions, at their marks.
    fn others(&self, contract: ContractKind) -> Result<(Decimal, Decimal), ScenarioError> {
        let mut mm = Decimal::ZERO;
        let mut upnl = Decimal::ZERO;
        for p in self.other_account_positions(contract)? {
            mm = crate::engine::num::add(mm, p.maintenance_margin_at(p.mark_price)?)?;
            upnl = crate::engine::num::add(upnl, p.pnl_at(p.mark_price)?)?;
        }
        Ok((mm, upnl))
    }

    /// The other positions of the cross account, as the engine's account positions (held at
    /// their marks, the entry when a mark is not given): an inverse position takes its own
    /// contract size when it gives one, and a position without its own maintenance uses its
    /// symbol's table on the scenario's venue.
    ///
    /// # Errors
    /// A number that does not parse or is out of range, or a symbol without a table, each
    /// named [`Field::OtherPositions`].
    pub fn other_account_positions(
        &self,
        contract: ContractKind,
    ) -> Result<Vec<crate::engine::account::Position>, ScenarioError> {
        let mut out = Vec::with_capacity(self.other_positions.len());
        for p in &self.other_positions {
            let kind = match (contract, &p.contract_size) {
                (ContractKind::Inverse { .. }, Some(cs)) => ContractKind::Inverse {
                    contract_size: cs.parse(Field::ContractSize)?,
                },
                (k, _) => k,
            };
            let q = p.quantity.parse(Field::OtherPositions)?;
            let e = p.entry_price.parse(Field::OtherPositions)?;
            let m = match &p.mark_price {
                Some(m) => m.parse(Field::OtherPositions)?,
                None => e,
            };
            crate::engine::input::quantity(Field::OtherPositions, q)?;
            crate::engine::input::price(Field::OtherPositions, e)?;
            crate::engine::input::price(Field::OtherPositions, m)?;
            let maintenance = match &p.maintenance {
                Some(spec) => MaintenanceSource::Fixed(maintenance_of(spec)?),
                None => {
                    let preset = venues::preset(self.venue, p.symbol.as_deref(), kind)?;
                    match preset.table {
                        Some(t) => MaintenanceSource::Table(t),
                        None => return Err(CalcError::Empty(Field::OtherPositions).into()),
                    }
                }
            };
            out.push(crate::engine::account::Position {
                side: side(p.side),
                contract: kind,
                quantity: q,
                entry_price: e,
                mark_price: m,
                maintenance,
                stop_price: None,
            });
        }
        Ok(out)
    }
}

fn side(s: SideName) -> Side {
    match s {
        SideName::Long => Side::Long,
        SideName::Short => Side::Short,
    }
}

fn opt(n: &Option<Num>, field: Field) -> Result<Option<Decimal>, CalcError> {
    n.as_ref().map(|n| n.parse(field)).transpose()
}

/// A user-entered table: tiers in order, each floor below its cap and at or above the
/// previous cap, leverage at least 1.
fn table_of(rows: &[BracketSpec]) -> Result<crate::engine::brackets::BracketTable, CalcError> {
    use crate::engine::brackets::{Bracket, BracketTable, Lookup, TierUnit};
    let bad = |reason| CalcError::NotApplicable {
        field: Field::Brackets,
        reason,
    };
    if rows.is_empty() || rows.len() > 50 {
        return Err(bad("give between 1 and 50 tiers"));
    }
    let mut brackets = Vec::with_capacity(rows.len());
    let mut prev_cap: Option<Decimal> = None;
    for r in rows {
        let floor = r.floor.parse(Field::Brackets)?;
        let cap = r.cap.parse(Field::Brackets)?;
        let maintenance = Maintenance {
            rate: crate::engine::input::unit_rate(Field::Brackets, r.rate.parse(Field::Brackets)?)?,
            amount: opt(&r.amount, Field::Brackets)?.unwrap_or(Decimal::ZERO),
        };
        let max_leverage =
            crate::engine::input::leverage(r.max_leverage.parse(Field::Brackets)?)
                .map_err(|_| bad("each tier's maximum leverage must be between 1 and 1000"))?;
        if floor < Decimal::ZERO || cap <= floor {
            return Err(bad("each tier's cap must be above its floor"));
        }
        if prev_cap.is_some_and(|p| floor < p) {
            return Err(bad(
                "tiers must be in order, each starting at or above the previous cap",
            ));
        }
        prev_cap = Some(cap);
        brackets.push(Bracket {
            floor,
            cap,
            maintenance,
            max_leverage,
        });
    }
    Ok(BracketTable {
        brackets,
        unit: TierUnit::Notional,
        lookup: Lookup::FloorInclusive,
    })
}

fn maintenance_of(spec: &MaintenanceSpec) -> Result<Maintenance, CalcError> {
    Ok(Maintenance {
        rate: spec.rate.parse(Field::MaintenanceRate)?,
        amount: opt(&spec.amount, Field::MaintenanceAmount)?.unwrap_or(Decimal::ZERO),
    })
}

/// A decimal in a report: a JSON string, exact.
fn dec(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The report: every figure of [`TradeReport`] as JSON (decimals as exact strings).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub version: u32,
    pub venue: Venue,
    pub side: &'static str,
    pub contract: &'static str,
    /// "quote" or "base": the currency margin, fees and PnL are in.
    pub settlement: &'static str,
    pub entry_price: String,
    pub quantity: String,
    pub notional: String,
    pub position_value: String,
    pub leverage: String,
    pub initial_margin: String,
    pub margin_balance: String,
    pub effective_leverage: String,
    /// At the mark price (entry unless a mark is given), with the tier holding that notional
    /// ([`Report::maintenance_bracket`]).
    pub maintenance_margin: String,
    /// The rate and amount the liquidation price uses: those of [`Report::bracket`].
    pub maintenance_rate: String,
    pub maintenance_amount: String,
    /// The tier at the liquidation price (the one the liquidation price uses).
    pub bracket: Option<BracketReport>,
    /// The tier at the mark price (the one of `maintenance_margin`); another tier than
    /// `bracket` when the notional crosses a tier boundary between mark and liquidation.
    pub maintenance_bracket: Option<BracketReport>,
    pub liquidation_price: Option<String>,
    pub bankruptcy_price: Option<String>,
    /// BitMEX only: which figure the liquidation and bankruptcy prices are, `position` (the
    /// open position) or `order` (the order's cost before it fills).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidation_view: Option<&'static str>,
    /// Bybit only: the account the figures assume, `classic` or `uta` (the unified trading
    /// account), and the formula that account uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_formula: Option<&'static str>,
    /// Bybit unified account: the estimated fee to close (taker × the bankruptcy value) that
    /// `maintenance_margin` holds and the margin reserves; `initial_margin` holds the same fee
    /// at the bankruptcy price of the initial margin.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_to_close: Option<String>,
    pub liquidation_distance: Option<String>,
    pub open_fee: String,
    pub break_even_price: String,
    pub stop: Option<ExitJson>,
    pub target: Option<ExitJson>,
    pub risk_reward: Option<String>,
    pub max_leverage_stop_first: Option<String>,
    /// Isolated margin, liquidation before the stop: `{price, margin_lost, open_fee, net_pnl,
    /// roe}`, what happens instead of `stop` (which gives the stop's PnL as if it were reached).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidated_before_stop: Option<LiquidatedFirstJson>,
    pub risk_amount: Option<String>,
    /// Funding paid over the holding period (negative: received); present with a funding rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding_paid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding_payments: Option<String>,
    /// Liquidation price after the holding period's funding, mark at entry (`null`: none, or
    /// funding alone liquidated the position — see `liquidated_by_funding`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidation_price_after_holding: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub liquidated_by_funding: Option<bool>,
    /// Hours until funding alone liquidates the position at the entry price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours_to_funding_liquidation: Option<Option<String>>,
    /// P(touch liquidation within the horizon), GBM, continuous monitoring unless asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_touch_liquidation: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_touch_stop: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_touch_target: Option<Option<f64>>,
    /// P(target before stop), no horizon: the trade runs until one is hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_target_before_stop: Option<Option<f64>>,
    /// P(target before stop and within the horizon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_target_before_stop_within: Option<Option<f64>>,
    /// The highest leverage meeting both safety conditions (`null`: none does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safe_leverage: Option<Option<SafeLeverageJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kelly_leverage: Option<Option<f64>>,
    /// Where the main position's bracket table comes from (the venue's table only: absent
    /// for a user-entered rate or table, and on Custom).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<TableJson>,
    pub warnings: Vec<WarningJson>,
}

/// `{"source", "as_of", "quality"}` of the table a report used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableJson {
    pub source: String,
    pub as_of: String,
    /// `exact`, `derived` or `stand-in`.
    pub quality: &'static str,
}

impl From<&TableInfo> for TableJson {
    fn from(t: &TableInfo) -> Self {
        TableJson {
            source: t.source.clone(),
            as_of: t.as_of.clone(),
            quality: t.quality.key(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SafeLeverageJson {
    pub leverage: f64,
    /// Which condition limits it: "max_leverage", "stop_buffer" or "liquidation_probability".
    pub binding: &'static str,
    pub liquidation_price: Option<f64>,
    pub prob_touch_liquidation: f64,
    pub buffer_sigmas: Option<f64>,
}

impl From<crate::engine::risk::safe_leverage::SafeLeverage> for SafeLeverageJson {
    fn from(s: crate::engine::risk::safe_leverage::SafeLeverage) -> Self {
        use crate::engine::risk::safe_leverage::Binding;
        SafeLeverageJson {
            leverage: s.leverage,
            binding: match s.binding {
                Binding::MaxLeverage => "max_leverage",
                Binding::StopBuffer => "stop_buffer",
                Binding::LiquidationProbability => "liquidation_probability",
            },
            liquidation_price: s.liquidation_price,
            prob_touch_liquidation: s.prob_touch_liquidation,
            buffer_sigmas: s.buffer_sigmas.filter(|b| b.is_finite()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BracketReport {
    pub tier: u32,
    pub floor: String,
    pub cap: String,
    pub maintenance_rate: String,
    pub maintenance_amount: String,
    pub max_leverage: String,
}

impl From<TierChoice> for BracketReport {
    fn from(c: TierChoice) -> Self {
        BracketReport {
            tier: c.tier,
            floor: dec(c.bracket.floor),
            cap: dec(c.bracket.cap),
            maintenance_rate: dec(c.bracket.maintenance.rate),
            maintenance_amount: dec(c.bracket.maintenance.amount),
            max_leverage: dec(c.bracket.max_leverage),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExitJson {
    pub price: String,
    pub price_move: String,
    pub gross_pnl: String,
    pub open_fee: String,
    pub close_fee: String,
    pub net_pnl: String,
    pub roe: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiquidatedFirstJson {
    pub price: String,
    pub margin_lost: String,
    pub open_fee: String,
    pub net_pnl: String,
    pub roe: String,
}

impl From<ExitReport> for ExitJson {
    fn from(e: ExitReport) -> Self {
        ExitJson {
            price: dec(e.price),
            price_move: dec(e.price_move),
            gross_pnl: dec(e.gross_pnl),
            open_fee: dec(e.open_fee),
            close_fee: dec(e.close_fee),
            net_pnl: dec(e.net_pnl),
            roe: dec(e.roe),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarningJson {
    pub code: &'static str,
    pub message: String,
}

/// The result of evaluating a scenario: the scenario's engine input and report.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub input: TradeInput,
    pub report: TradeReport,
    /// Funding over the holding period, when the scenario gives a funding rate.
    pub funding: Option<FundingOutcome>,
    /// Liquidation risk under volatility, when the scenario gives σ and a horizon.
    pub risk: Option<RiskOutcome>,
    /// Where the main position's venue table comes from (`None`: the user's own rate or
    /// table, or Custom).
    pub table: Option<TableInfo>,
}

/// The closed-form (GBM) risk figures of a scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskOutcome {
    pub figures: crate::engine::risk::summary::RiskFigures,
    pub safe_leverage: Option<crate::engine::risk::safe_leverage::SafeLeverage>,
    /// Kelly leverage μ/σ² (shown as a reference; `None` when σ = 0).
    pub kelly_leverage: Option<f64>,
    pub volatility_annual: f64,
    pub horizon_hours: f64,
    /// The horizon in model years ([`crate::engine::risk::volatility::HOURS_PER_YEAR`]).
    pub horizon_years: f64,
    pub drift_annual: f64,
    /// How the mark is watched: discretely when the scenario gives a mark interval.
    pub monitoring: crate::engine::risk::Monitoring,
    /// Seconds between mark prices, when the scenario gives them.
    pub mark_interval_seconds: Option<f64>,
    /// The user's limit on `P(touch liquidation)` ([`DEFAULT_MAX_PROB_LIQUIDATION`] unless
    /// given).
    pub max_prob_liquidation: f64,
    /// The safe-leverage stop buffer `k`, in horizon σ ([`DEFAULT_SAFE_BUFFER_SIGMAS`] unless
    /// given).
    pub buffer_sigmas: f64,
    /// The venue's leverage limit for this position, within `1..=`[`MAX_LEVERAGE`]: the
    /// safe-leverage search's upper end.
    pub max_leverage: f64,
}

/// The limit on `P(touch liquidation within the horizon)` when the scenario gives none.
pub const DEFAULT_MAX_PROB_LIQUIDATION: f64 = 0.05;
/// The safe-leverage stop buffer, in horizon σ, when the scenario gives none.
pub const DEFAULT_SAFE_BUFFER_SIGMAS: f64 = 1.0;
/// The largest leverage the safe-leverage search (and the risk charts) consider.
pub const MAX_LEVERAGE: f64 = 125.0;

/// The parts of a scenario that the position's own figures (margin, maintenance, liquidation,
/// bankruptcy, fees) do not depend on, by the scenario fields that belong to each.
const PERIPHERAL: &[&[&str]] = &[
    RISK_FIELDS,
    &["funding_rate", "funding_interval_hours", "holding_hours"],
    &["target_price"],
    &["stop_price"],
];

/// The statistical fields: volatility, horizon, drift and the safe-leverage conditions.
const RISK_FIELDS: &[&str] = &[
    "volatility_annual",
    "horizon_hours",
    "drift_annual",
    "safe_buffer_sigmas",
    "max_prob_liquidation",
    "mark_interval_seconds",
];

/// Evaluate as the page does: an error in a part the position's own figures do not depend on
/// (the volatility, the funding, the stop or the target) leaves the rest evaluated without that
/// part, and comes back beside it to be shown at its input. The stop is a part only when the
/// size does not come from it (a risk budget needs the stop).
///
/// Returns the evaluation (or the error that blanks everything) and the errors of the parts
/// left out, in the order found.
pub fn evaluate_in_parts(s: &Scenario) -> (Result<Evaluation, ScenarioError>, Vec<ScenarioError>) {
    let mut left_out = Vec::new();
    let mut current = s.clone();
    loop {
        let err = match evaluate_scenario(&current) {
            Ok(e) => return (Ok(e), left_out),
            Err(err) => err,
        };
        let key = err.field_key().unwrap_or_default();
        let sized_by_risk = current.risk_percent.is_some() || current.risk_amount.is_some();
        let part = PERIPHERAL
            .iter()
            .find(|p| p.contains(&key.as_str()))
            .filter(|p| !(sized_by_risk && p.contains(&"stop_price")));
        let Some(part) = part.filter(|_| left_out.len() < PERIPHERAL.len()) else {
            // The position itself is to blame: the first error found is the one to show.
            return (Err(err), left_out);
        };
        for field in *part {
            current.clear(field);
        }
        left_out.push(err);
    }
}

impl Scenario {
    /// Leave out the statistical fields (volatility, horizon, drift and the safe-leverage
    /// conditions).
    pub fn clear_risk(&mut self) {
        for field in RISK_FIELDS {
            self.clear(field);
        }
    }

    /// Leave out one optional field (a [`PERIPHERAL`] one).
    fn clear(&mut self, field: &str) {
        match field {
            "volatility_annual" => self.volatility_annual = None,
            "horizon_hours" => self.horizon_hours = None,
            "drift_annual" => self.drift_annual = None,
            "safe_buffer_sigmas" => self.safe_buffer_sigmas = None,
            "max_prob_liquidation" => self.max_prob_liquidation = None,
            "mark_interval_seconds" => self.mark_interval_seconds = None,
            "funding_rate" => self.funding_rate = None,
            "funding_interval_hours" => self.funding_interval_hours = None,
            "holding_hours" => self.holding_hours = None,
            "target_price" => self.target_price = None,
            "stop_price" => self.stop_price = None,
            _ => {}
        }
    }
}

/// Evaluate a scenario.
pub fn evaluate_scenario(s: &Scenario) -> Result<Evaluation, ScenarioError> {
    let input = s.to_trade()?;
    let mut report = evaluate(&input)?;
    // A dated contract pays no funding: a funding rate entered for one is not applied.
    let expiry = s
        .symbol
        .as_deref()
        .and_then(|sym| crate::engine::venues::dated_expiry(s.venue, sym));
    let funding = match (&s.funding_rate, &expiry) {
        (Some(rate), None) => Some(funding_outcome(s, &input, &report, rate)?),
        _ => None,
    };
    if let Some(expiry) = expiry {
        report
            .warnings
            .push(crate::engine::trade::Warning::DatedContract {
                expiry,
                funding_dropped: s.funding_rate.is_some(),
            });
    }
    let risk = match (&s.volatility_annual, &s.horizon_hours) {
        (Some(v), Some(h)) => match risk_outcome(s, &input, &report, v, h)? {
            Ok(r) => Some(r),
            // The inputs are valid but the prices are not in a shape the closed forms take
            // (e.g. the mark is already past the stop): keep every other figure and say why.
            Err(reason) => {
                report
                    .warnings
                    .push(crate::engine::trade::Warning::RiskNotComputed(reason));
                None
            }
        },
        (Some(_), None) => {
            return Err(ScenarioError::Risk {
                field: Some("horizon_hours"),
                message: "a horizon is needed with a volatility".into(),
            })
        }
        _ => None,
    };
    let table = s.venue_table_info();
    if let Some(t) = &table {
        report.warnings.extend(table_warnings(t));
    }
    Ok(Evaluation {
        input,
        report,
        funding,
        risk,
        table,
    })
}

/// What the report says about the venue table it used: `table_derived` or `table_stand_in`
/// by its quality, and `table_stale` when it is older than
/// [`crate::engine::tables::STALE_MONTHS`] months on the host's date (issue 11).
fn table_warnings(t: &TableInfo) -> Vec<crate::engine::trade::Warning> {
    use crate::engine::trade::Warning;
    use crate::engine::venue_data::Quality;
    let as_of = t.as_of.clone();
    let mut out = Vec::new();
    match t.quality {
        Quality::Exact => {}
        Quality::Derived => out.push(Warning::TableDerived {
            as_of: as_of.clone(),
        }),
        Quality::StandIn => out.push(Warning::TableStandIn {
            as_of: as_of.clone(),
        }),
    }
    if crate::engine::tables::is_stale(&as_of) == Some(true) {
        out.push(Warning::TableStale { as_of });
    }
    out
}

fn risk_err(field: &'static str) -> impl Fn(crate::engine::risk::RiskError) -> ScenarioError {
    move |e| ScenarioError::Risk {
        field: Some(field),
        message: e.to_string(),
    }
}

/// A scenario number as f64 for statistics, parsed exactly first.
fn stat(n: &Num, field: Field) -> Result<f64, ScenarioError> {
    Ok(crate::engine::num::to_f64(n.parse(field)?))
}

/// Probabilities of touching liquidation, stop and target within the horizon, target before
/// stop, and the safe leverage, all under GBM with the venue's own liquidation price.
///
/// The outer error is a bad input (named by its field); the inner one says why the figures
/// cannot be computed for these prices.
fn risk_outcome(
    s: &Scenario,
    input: &TradeInput,
    report: &TradeReport,
    vol: &Num,
    hours: &Num,
) -> Result<Result<RiskOutcome, String>, ScenarioError> {
    use crate::engine::num::to_f64;
    use crate::engine::risk::safe_leverage::{kelly_leverage, safe_leverage, SafeLeverageQuery};
    use crate::engine::risk::summary::{scenario_figures, ScenarioRisk};
    use crate::engine::risk::volatility::{horizon_years_from_hours, SECONDS_PER_YEAR};
    use crate::engine::risk::{Gbm, Monitoring};

    let sigma = stat(vol, Field::Volatility)?;
    let horizon_hours = stat(hours, Field::Horizon)?;
    let mu = match &s.drift_annual {
        Some(d) => stat(d, Field::Drift)?,
        None => 0.0,
    };
    let mark_interval_seconds = match &s.mark_interval_seconds {
        Some(secs) => {
            let secs = stat(secs, Field::Horizon)?;
            if !(secs > 0.0 && secs.is_finite()) {
                return Err(ScenarioError::Risk {
                    field: Some("mark_interval_seconds"),
                    message: "must be greater than zero".into(),
                });
            }
            Some(secs)
        }
        None => None,
    };
    let monitoring = match mark_interval_seconds {
        Some(secs) => Monitoring::Discrete {
            interval_years: secs / SECONDS_PER_YEAR,
        },
        None => Monitoring::Continuous,
    };
    let reference = to_f64(input.mark_price.unwrap_or(input.entry_price));
    // The inputs themselves are checked first: these errors name their field.
    Gbm::new(sigma, mu).map_err(risk_err("volatility_annual"))?;
    horizon_years_from_hours(horizon_hours).map_err(risk_err("horizon_hours"))?;
    let figures = match scenario_figures(&ScenarioRisk {
        volatility_annual: sigma,
        drift_annual: mu,
        horizon_hours,
        side: input.side,
        reference,
        liquidation: report.liquidation_price.map(to_f64),
        stop: input.stop_price.map(to_f64),
        target: input.target_price.map(to_f64),
        monitoring,
    }) {
        Ok(f) => f,
        Err(e) => return Ok(Err(e.to_string())),
    };

    // Safe leverage: the venue's liquidation price at each leverage, isolated margin equal
    // to the initial margin, same quantity, bracket and formula.
    let model = Gbm::new(sigma, mu).map_err(risk_err("volatility_annual"))?;
    let max_leverage = venue_max_leverage(input, report);
    let probe = leverage_probe(input, report);
    let liquidation_at = |lev: f64| liquidation_at_leverage(&mut probe.clone(), lev);
    let buffer = match &s.safe_buffer_sigmas {
        Some(k) => stat(k, Field::Volatility)?,
        None => DEFAULT_SAFE_BUFFER_SIGMAS,
    };
    let max_prob = match &s.max_prob_liquidation {
        Some(p) => stat(p, Field::Volatility)?,
        None => DEFAULT_MAX_PROB_LIQUIDATION,
    };
    let horizon_years =
        horizon_years_from_hours(horizon_hours).map_err(risk_err("horizon_hours"))?;
    let safe = safe_leverage(
        &SafeLeverageQuery {
            model,
            side: input.side,
            entry: to_f64(input.entry_price),
            stop: input.stop_price.map(to_f64),
            horizon_years,
            buffer_sigmas: buffer,
            max_prob_liquidation: max_prob,
            min_leverage: 1.0,
            max_leverage,
            monitoring,
        },
        &liquidation_at,
    )
    .map_err(risk_err("max_prob_liquidation"))?;
    Ok(Ok(RiskOutcome {
        figures,
        safe_leverage: safe,
        kelly_leverage: kelly_leverage(mu, sigma).ok(),
        volatility_annual: sigma,
        horizon_hours,
        horizon_years,
        drift_annual: mu,
        monitoring,
        mark_interval_seconds,
        max_prob_liquidation: max_prob,
        buffer_sigmas: buffer,
        max_leverage,
    }))
}

/// The venue's leverage limit for this position (the entry tier's, or the preset's), within
/// `1..=`[`MAX_LEVERAGE`].
fn venue_max_leverage(input: &TradeInput, report: &TradeReport) -> f64 {
    use crate::engine::num::to_f64;
    let table_max = match &input.maintenance {
        MaintenanceSource::Table(t) => t
            .at_price(input.contract, report.quantity, input.entry_price)
            .ok()
            .map(|c| to_f64(c.bracket.max_leverage)),
        MaintenanceSource::Fixed(_) => None,
    };
    table_max
        .or(input.max_leverage.map(to_f64))
        .unwrap_or(MAX_LEVERAGE)
        .clamp(1.0, MAX_LEVERAGE)
}

/// The position as a new isolated one of the same quantity, bracket and formula, with its
/// margin the initial margin (what the safe leverage and the leverage curves vary).
fn leverage_probe(input: &TradeInput, report: &TradeReport) -> TradeInput {
    let mut probe = input.clone();
    probe.size = SizeInput::Quantity(report.quantity);
    probe.margin = MarginInput::Isolated { margin: None };
    probe.mark_price = None;
    probe
}

/// The venue's liquidation price of `probe` at leverage `lev` (`None`: no price liquidates
/// it). Beyond the venue's limits the position cannot be held: it counts as liquidated at
/// entry, which no limit accepts.
fn liquidation_at_leverage(probe: &mut TradeInput, lev: f64) -> Option<f64> {
    use crate::engine::num::{from_f64, to_f64};
    let entry = to_f64(probe.entry_price);
    let Some(l) = from_f64(lev) else {
        return Some(entry);
    };
    probe.leverage = l.round_dp(8);
    match evaluate(probe) {
        Ok(r) => r.liquidation_price.map(to_f64),
        Err(_) => Some(entry),
    }
}

/// Funding paid over `holding_hours` (mark held at entry, one payment per whole interval) and
/// the venue's liquidation price with the margin reduced by it.
fn funding_outcome(
    s: &Scenario,
    input: &TradeInput,
    report: &TradeReport,
    rate: &Num,
) -> Result<FundingOutcome, ScenarioError> {
    let rate = rate.parse(Field::FundingRate)?;
    let interval = match &s.funding_interval_hours {
        Some(h) => h.parse(Field::FundingInterval)?,
        None => venues::funding_interval_hours(s.venue),
    };
    let funding = Funding::new(rate, interval)?;
    let hours = opt(&s.holding_hours, Field::HoldingHours)?.unwrap_or(Decimal::ZERO);
    let maintenance = Maintenance::new(report.maintenance_rate, report.maintenance_amount);
    let mut outcome = crate::engine::funding::after_holding(
        input.contract,
        input.side,
        report.quantity,
        input.entry_price,
        input.entry_price,
        report.margin_balance,
        &maintenance,
        &funding,
        hours,
    )?;
    if outcome.liquidated_by_funding {
        return Ok(outcome);
    }
    // The venue's own formula and bracket with the reduced margin.
    let mut after = input.clone();
    after.mark_price = None;
    after.size = SizeInput::Quantity(report.quantity);
    let reduced = |m: Decimal| crate::engine::num::sub(m, outcome.paid);
    after.margin = match input.margin {
        MarginInput::Isolated { .. } => MarginInput::Isolated {
            margin: Some(reduced(report.margin_balance)?),
        },
        MarginInput::Cross {
            wallet_balance,
            others_maintenance,
            others_unrealized_pnl,
        } => MarginInput::Cross {
            wallet_balance: reduced(wallet_balance)?,
            others_maintenance,
            others_unrealized_pnl,
        },
    };
    match evaluate(&after) {
        Ok(r) => outcome.liquidation_price_after = r.liquidation_price,
        Err(CalcError::ImmediateLiquidation { .. })
        | Err(CalcError::CrossBalanceShort { .. })
        | Err(CalcError::NotPositive(_)) => {
            outcome.liquidated_by_funding = true;
            outcome.liquidation_price_after = None;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(outcome)
}

impl Evaluation {
    /// The liquidation prices of a new isolated position of the same quantity at each
    /// leverage in `levs`, by the engine (`None`: never liquidated; the entry: liquidated at
    /// once, e.g. above the venue's limit). The curve the safe leverage is searched on.
    pub fn liquidation_by_leverage(&self, levs: &[f64]) -> Vec<Option<f64>> {
        let mut probe = leverage_probe(&self.input, &self.report);
        levs.iter()
            .map(|&l| liquidation_at_leverage(&mut probe, l))
            .collect()
    }
}

impl Evaluation {
    /// The venue calculators' "Target price" (issue 13 §3): the exit price at which this trade
    /// nets `wanted` after both fees. A gain exits as maker (a limit order, as the target), a
    /// loss as taker (a stop), as [`crate::engine::trade`] prices its exits.
    ///
    /// # Errors
    /// When no positive price gives that amount.
    pub fn target_price_for(&self, wanted: Decimal) -> Result<Decimal, crate::engine::CalcError> {
        let t = &self.input;
        let close_rate = if wanted.is_sign_negative() {
            t.fees.taker
        } else {
            t.fees.maker
        };
        crate::engine::max_open::target_price(
            t.contract,
            t.side,
            self.report.quantity,
            t.entry_price,
            self.report.open_fee,
            close_rate,
            wanted,
        )
    }

    /// The target price for a return on equity `roe` (a fraction of the initial margin).
    ///
    /// # Errors
    /// As [`Evaluation::target_price_for`].
    pub fn target_price_for_roe(&self, roe: Decimal) -> Result<Decimal, crate::engine::CalcError> {
        let wanted = crate::engine::num::mul(roe, self.report.initial_margin)?;
        self.target_price_for(wanted)
    }

    /// The venue calculators' "Max open" (issue 13 §3): the largest position `balance` opens
    /// at this trade's leverage and entry, walking the venue's tiers, the opening fee paid.
    ///
    /// # Errors
    /// When no tier allows the leverage, or the balance is not positive.
    pub fn max_open(
        &self,
        balance: Decimal,
    ) -> Result<crate::engine::max_open::MaxOpen, crate::engine::CalcError> {
        let t = &self.input;
        let table = match &t.maintenance {
            crate::engine::trade::MaintenanceSource::Table(table) => Some(table),
            crate::engine::trade::MaintenanceSource::Fixed(_) => None,
        };
        let open = crate::engine::max_open::max_open(
            t.contract,
            table,
            self.report.leverage,
            balance,
            t.fees.rate(t.entry_liquidity),
            t.entry_price,
            t.quantity_step,
        )?;
        // Without a table, the venue's own leverage limit still applies.
        if let Some(max) = t.max_leverage.filter(|m| self.report.leverage > *m) {
            return Err(crate::engine::CalcError::LeverageAboveMax { max, tier: None });
        }
        Ok(open)
    }

    /// "Open price", as the venues' calculators have it (issue 13 §3): the position after
    /// adding `quantity` at `price` to this trade, with its average entry, margin and new
    /// liquidation price. It is the Account tab's ladder with one add:
    /// [`crate::engine::ladder::Ladder`] with the rungs (entry, quantity) and (price, quantity).
    ///
    /// # Errors
    /// A price or size out of range (named as the add's), or the venue refusing the larger
    /// position (its tier's leverage limit, a cross balance that no longer covers it).
    pub fn add_to_position(
        &self,
        price: Decimal,
        quantity: Decimal,
    ) -> Result<crate::engine::ladder::RungReport, CalcError> {
        use crate::engine::ladder::{Ladder, Rung};
        crate::engine::input::price(Field::AddPrice, price)?;
        crate::engine::input::quantity(Field::AddQuantity, quantity)?;
        let first = Rung {
            price: self.input.entry_price,
            quantity: self.report.quantity,
        };
        let ladder = Ladder::new(self.input.clone(), vec![first, Rung { price, quantity }])?;
        let mut report = ladder.evaluate()?;
        if let Some(f) = report.failure {
            return Err(f.error);
        }
        report
            .rungs
            .pop()
            .ok_or(CalcError::Empty(Field::AddQuantity))
    }

    /// The JSON report.
    pub fn to_report(&self, venue: Venue) -> Report {
        let r = &self.report;
        let t = &self.input;
        Report {
            version: SCENARIO_VERSION,
            venue,
            side: t.side.key(),
            contract: t.contract.key(),
            settlement: match r.settlement {
                Settlement::Quote => "quote",
                Settlement::Base => "base",
            },
            entry_price: dec(t.entry_price),
            quantity: dec(r.quantity),
            notional: dec(r.notional),
            position_value: dec(r.position_value),
            leverage: dec(r.leverage),
            initial_margin: dec(r.initial_margin),
            margin_balance: dec(r.margin_balance),
            effective_leverage: dec(r.effective_leverage),
            maintenance_margin: dec(r.maintenance_margin),
            maintenance_rate: dec(r.maintenance_rate),
            maintenance_amount: dec(r.maintenance_amount),
            bracket: r.bracket.map(BracketReport::from),
            maintenance_bracket: r.mark_bracket.map(BracketReport::from),
            liquidation_price: r.liquidation_price.map(dec),
            bankruptcy_price: r.bankruptcy_price.map(dec),
            liquidation_view: t.model.bitmex_view().map(BitmexView::key),
            account: t.model.bybit_account().map(BybitAccount::key),
            account_formula: t.model.bybit_account().map(BybitAccount::formula),
            fee_to_close: r.fee_to_close.map(|f| dec(f.maintenance)),
            liquidation_distance: r.liquidation_distance.map(dec),
            open_fee: dec(r.open_fee),
            break_even_price: dec(r.break_even_price),
            stop: r.stop.map(ExitJson::from),
            target: r.target.map(ExitJson::from),
            risk_reward: r.risk_reward.map(dec),
            max_leverage_stop_first: r.max_leverage_stop_first.map(dec),
            liquidated_before_stop: r.liquidated_before_stop.map(|l| LiquidatedFirstJson {
                price: dec(l.price),
                margin_lost: dec(l.margin_lost),
                open_fee: dec(l.open_fee),
                net_pnl: dec(l.net_pnl),
                roe: dec(l.roe),
            }),
            risk_amount: r.risk_amount.map(dec),
            funding_paid: self.funding.map(|f| dec(f.paid)),
            funding_payments: self.funding.map(|f| dec(f.payments)),
            liquidation_price_after_holding: self
                .funding
                .map(|f| f.liquidation_price_after.map(dec)),
            liquidated_by_funding: self.funding.map(|f| f.liquidated_by_funding),
            hours_to_funding_liquidation: self
                .funding
                .map(|f| f.hours_to_funding_liquidation.map(dec)),
            prob_touch_liquidation: self.risk.map(|r| r.figures.prob_touch_liquidation),
            prob_touch_stop: self.risk.map(|r| r.figures.prob_touch_stop),
            prob_touch_target: self.risk.map(|r| r.figures.prob_touch_target),
            prob_target_before_stop: self.risk.map(|r| r.figures.prob_target_before_stop),
            prob_target_before_stop_within: self
                .risk
                .map(|r| r.figures.prob_target_before_stop_within),
            safe_leverage: self
                .risk
                .map(|r| r.safe_leverage.map(SafeLeverageJson::from)),
            kelly_leverage: self.risk.map(|r| r.kelly_leverage),
            table: self.table.as_ref().map(TableJson::from),
            warnings: r
                .warnings
                .iter()
                .map(|w| WarningJson {
                    code: w.code(),
                    message: w.message(),
                })
                .collect(),
        }
    }
}

/// JSON in, JSON out: what `levcalc eval` prints. Errors come back as
/// `{"error": {"code", "field", "message"}}` with `Err`.
pub fn eval_json(text: &str) -> Result<String, String> {
    let result = from_json(text).and_then(|s| evaluate_scenario(&s).map(|e| (s.venue, e)));
    match result {
        Ok((venue, e)) => serde_json::to_string_pretty(&e.to_report(venue))
            .map_err(|err| error_json("internal", None, &err.to_string())),
        Err(err) => Err(error_json(err.code(), err.field_key(), &err.to_string())),
    }
}

/// Evaluate the raw bytes of a scenario file (what `levcalc eval` reads): at most
/// [`MAX_SCENARIO_BYTES`], UTF-8 (a leading byte-order mark is skipped), then [`eval_json`].
///
/// # Errors
/// The `{"error": …}` text, as [`eval_json`] gives it.
pub fn eval_bytes(bytes: &[u8]) -> Result<String, String> {
    if bytes.len() > MAX_SCENARIO_BYTES {
        return Err(error_json(
            "format",
            None,
            &format!(
                "scenario larger than {} KB: not read further",
                MAX_SCENARIO_BYTES / 1024
            ),
        ));
    }
    let text = core::str::from_utf8(bytes)
        .map_err(|_| error_json("format", None, "the scenario is not UTF-8 text"))?;
    eval_json(text)
}

/// `{"error": {...}}` text.
pub fn error_json(code: &str, field: Option<String>, message: &str) -> String {
    serde_json::json!({ "error": { "code": code, "field": field, "message": message } }).to_string()
}

impl Evaluation {
    /// Net PnL if the position is closed at `price` (open fee and a taker close fee
    /// included), never below the loss of the whole margin balance (the venue liquidates
    /// first). This is what the PnL chart draws.
    pub fn net_pnl_at(&self, price: Decimal) -> Result<Decimal, CalcError> {
        use crate::engine::num::{mul, sub};
        let t = &self.input;
        let r = &self.report;
        let gross = t.contract.pnl(t.side, r.quantity, t.entry_price, price)?;
        let close_fee = mul(t.contract.notional(r.quantity, price)?, t.fees.taker)?;
        let net = sub(sub(gross, r.open_fee)?, close_fee)?;
        Ok(net.max(crate::engine::num::neg(r.margin_balance)))
    }
}

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
