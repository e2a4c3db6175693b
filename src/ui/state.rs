//! What the user typed, and the [`Scenario`] it describes.
//!
//! [`FormValues`] keeps every input as the raw text the user typed (rates and fees in
//! percent, as the page shows them). [`FormValues::to_scenario`] turns it into the scenario the
//! engine evaluates; the venue and contract switches that prefill other fields are plain
//! methods too, so all of it is tested natively without a browser.

use crate::engine::contract::ContractType;
use crate::engine::num::{div, floor_to_step};
use crate::engine::symbol;
use crate::engine::venues::{self, Venue};
use crate::engine::{CalcError, ContractKind, Field};
use crate::scenario::{
    percent_to_fraction, MaintenanceSpec, MarginModeName, Num, OtherPosition, Scenario,
    ScenarioError, SideName, SCENARIO_VERSION,
};
use rust_decimal::{Decimal, RoundingStrategy};

/// Converted sizes and amounts are rounded half away from zero (as a trader rounds), never
/// to even by default.
const HALF_UP: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// A typed number read by the page's one parser ([`crate::engine::input::parse_decimal`]:
/// `50,000` is fifty thousand); `None` when blank or not a number. For inputs whose error is
/// shown elsewhere (the field named here only carries the kind of problem).
pub fn read_number(text: &str) -> Option<Decimal> {
    crate::engine::input::parse_decimal(Field::EntryPrice, text).ok()
}

pub use crate::scenario::ContractName;

/// How the position size is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SizeMode {
    #[default]
    Quantity,
    Notional,
    Margin,
    Risk,
}

impl SizeMode {
    pub const ALL: [SizeMode; 4] = [
        SizeMode::Quantity,
        SizeMode::Notional,
        SizeMode::Margin,
        SizeMode::Risk,
    ];

    /// The `<option>` value (test-id contract).
    pub fn key(self) -> &'static str {
        match self {
            SizeMode::Quantity => "quantity",
            SizeMode::Notional => "notional",
            SizeMode::Margin => "margin",
            SizeMode::Risk => "risk",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SizeMode::Quantity => "Quantity",
            SizeMode::Notional => "Notional (position value)",
            SizeMode::Margin => "Margin to commit",
            SizeMode::Risk => "Risk budget (equity and stop)",
        }
    }

    pub fn from_key(k: &str) -> Option<SizeMode> {
        SizeMode::ALL.into_iter().find(|m| m.key() == k)
    }
}

/// Whether the risk budget is a percentage of equity or an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RiskUnit {
    #[default]
    Percent,
    Amount,
}

/// One of the account's other positions, as typed (cross margin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherRow {
    /// Stable key for the list.
    pub id: u32,
    pub symbol: String,
    pub side: SideName,
    pub quantity: String,
    pub entry: String,
    /// Empty: the entry price.
    pub mark: String,
    /// Maintenance rate in percent; empty: the venue's table.
    pub mmr: String,
}

/// Every input of the page, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormValues {
    pub venue: Venue,
    pub symbol: String,
    pub contract: ContractName,
    pub margin_mode: MarginModeName,
    pub side: SideName,
    pub entry: String,
    pub mark: String,
    pub size_mode: SizeMode,
    pub quantity: String,
    pub notional: String,
    pub margin: String,
    pub equity: String,
    pub risk: String,
    pub risk_unit: RiskUnit,
    pub leverage: String,
    pub stop: String,
    pub target: String,
    /// For a venue with a table: use the rate and amount below instead.
    pub mm_override: bool,
    /// Maintenance rate in percent.
    pub mmr: String,
    pub mm_amount: String,
    /// Fees in percent; empty means the venue's default.
    pub taker_fee: String,
    pub maker_fee: String,
    pub contract_size: String,
    pub isolated_margin: String,
    pub wallet_balance: String,
    pub others: Vec<OtherRow>,
    pub next_id: u32,
    /// Funding rate per interval in percent (positive: longs pay); blank: no funding.
    pub funding_rate: String,
    /// Hours between funding payments; blank: the venue's default.
    pub funding_interval: String,
    /// Holding period in hours (one funding payment per whole interval).
    pub holding_hours: String,
    /// Bybit's account type, as chosen or as a link gave it (`None`: the default, classic);
    /// written to the scenario on Bybit venues only.
    pub account: Option<crate::engine::bybit::Account>,
    /// Volatility, horizon, safe-leverage limits and Monte Carlo settings (src/ui/risk/).
    pub risk_model: crate::ui::risk::params::RiskForm,
    /// The calculator modes' inputs (src/ui/modes.rs): a wanted ROE in percent or a wanted
    /// net PnL, and a balance for "Max open". Not part of the scenario.
    pub mode_roe: String,
    pub mode_pnl: String,
    pub mode_balance: String,
    /// "Open price": the size and price of an add to the trade.
    pub mode_add_qty: String,
    pub mode_add_price: String,
}

impl Default for FormValues {
    /// The opening example, the same trade as [`Scenario::default`].
    fn default() -> Self {
        FormValues {
            venue: Venue::BinanceUsdm,
            symbol: "BTCUSDT".into(),
            contract: ContractName::Linear,
            margin_mode: MarginModeName::Isolated,
            side: SideName::Long,
            entry: "60000".into(),
            mark: String::new(),
            size_mode: SizeMode::Quantity,
            quantity: "0.5".into(),
            notional: "30000".into(),
            margin: "3000".into(),
            equity: "10000".into(),
            risk: "1".into(),
            risk_unit: RiskUnit::Percent,
            leverage: "10".into(),
            stop: "57000".into(),
            target: "66000".into(),
            mm_override: false,
            mmr: "0.4".into(),
            mm_amount: "0".into(),
            taker_fee: "0.05".into(),
            maker_fee: "0.02".into(),
            contract_size: "100".into(),
            isolated_margin: String::new(),
            wallet_balance: "5000".into(),
            others: Vec::new(),
            next_id: 1,
            funding_rate: String::new(),
            funding_interval: String::new(),
            holding_hours: String::new(),
            account: None,
            risk_model: Default::default(),
            mode_roe: "50".into(),
            mode_pnl: String::new(),
            mode_balance: String::new(),
            mode_add_qty: String::new(),
            mode_add_price: String::new(),
        }
    }
}

/// `Some(text)` unless blank.
fn opt(s: &str) -> Option<Num> {
    let t = s.trim();
    (!t.is_empty()).then(|| Num::new(t))
}

fn num(s: &str) -> Num {
    Num::new(s.trim())
}

fn percent(field: Field, s: &str) -> Result<Num, CalcError> {
    percent_to_fraction(field, s)
}

fn opt_percent(field: Field, s: &str) -> Result<Option<Num>, CalcError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        percent(field, s).map(Some)
    }
}

impl FormValues {
    /// The venue uses the user's maintenance rate (Custom, or a venue with the override on).
    pub fn uses_own_maintenance(&self) -> bool {
        self.venue == Venue::Custom || self.mm_override
    }

    /// The contract type in effect (the venue's, where it has one).
    pub fn contract_type(&self) -> ContractName {
        self.implied_contract().unwrap_or(self.contract)
    }

    /// The contract type the venue fixes for the current symbol (BitMEX: the symbol's own).
    pub fn implied_contract(&self) -> Option<ContractName> {
        venues::implied_contract_for(
            self.venue,
            Some(self.symbol.as_str()).filter(|s| !s.is_empty()),
        )
    }

    pub fn is_inverse(&self) -> bool {
        self.contract_type() == ContractType::Inverse
    }

    pub fn is_cross(&self) -> bool {
        self.margin_mode == MarginModeName::Cross
    }

    /// The scenario these inputs describe.
    ///
    /// # Errors
    /// A percentage that is not a number, naming its field.
    pub fn to_scenario(&self) -> Result<Scenario, ScenarioError> {
        self.build(None)
    }

    /// The scenario for the page's figures: a funding rate or a volatility panel input that
    /// cannot be read is left out (its error comes back in the list, to be shown at its input)
    /// instead of failing the whole scenario, so the position's own figures stay.
    pub fn to_scenario_in_parts(&self) -> (Result<Scenario, ScenarioError>, Vec<ScenarioError>) {
        let mut left_out = Vec::new();
        let s = self.build(Some(&mut left_out));
        (s, left_out)
    }

    /// `left_out`: where to put the errors of the parts that may be left out (`None`: strict).
    fn build(
        &self,
        mut left_out: Option<&mut Vec<ScenarioError>>,
    ) -> Result<Scenario, ScenarioError> {
        let funding_rate = match opt_percent(Field::FundingRate, &self.funding_rate) {
            Ok(v) => v,
            Err(e) => match left_out.as_deref_mut() {
                Some(l) => {
                    l.push(e.into());
                    None
                }
                None => return Err(e.into()),
            },
        };
        let mut s = Scenario {
            version: SCENARIO_VERSION,
            venue: self.venue,
            contract: self.implied_contract().is_none().then_some(self.contract),
            symbol: Some(self.symbol.clone()).filter(|s| !s.is_empty()),
            margin_mode: self.margin_mode,
            side: self.side,
            entry_price: num(&self.entry),
            mark_price: opt(&self.mark),
            quantity: None,
            notional: None,
            margin: None,
            equity: None,
            risk_percent: None,
            risk_amount: None,
            // Inverse contracts trade in whole contracts.
            quantity_step: self.is_inverse().then(|| Num::new("1")),
            contract_size: self.is_inverse().then(|| num(&self.contract_size)),
            leverage: num(&self.leverage),
            isolated_margin: None,
            wallet_balance: None,
            maintenance: None,
            taker_fee: opt_percent(Field::TakerFee, &self.taker_fee)?,
            maker_fee: opt_percent(Field::MakerFee, &self.maker_fee)?,
            entry_liquidity: None,
            other_positions: Vec::new(),
            stop_price: opt(&self.stop),
            target_price: opt(&self.target),
            funding_rate,
            funding_interval_hours: opt(&self.funding_interval),
            holding_hours: opt(&self.holding_hours),
            account: self.account.filter(|_| self.venue.is_bybit()),
            // Fields this form does not edit keep the opening example's values.
            ..Scenario::default()
        };
        match self.size_mode {
            SizeMode::Quantity => s.quantity = Some(num(&self.quantity)),
            SizeMode::Notional => s.notional = Some(num(&self.notional)),
            SizeMode::Margin => s.margin = Some(num(&self.margin)),
            SizeMode::Risk => {
                s.equity = Some(num(&self.equity));
                match self.risk_unit {
                    RiskUnit::Percent => s.risk_percent = Some(num(&self.risk)),
                    RiskUnit::Amount => s.risk_amount = Some(num(&self.risk)),
                }
            }
        }
        if self.uses_own_maintenance() {
            s.maintenance = Some(MaintenanceSpec {
                rate: percent(Field::MaintenanceRate, &self.mmr)?,
                amount: opt(&self.mm_amount),
            });
        }
        match self.margin_mode {
            MarginModeName::Isolated => s.isolated_margin = opt(&self.isolated_margin),
            MarginModeName::Cross => {
                s.wallet_balance = Some(num(&self.wallet_balance));
                s.other_positions = self
                    .others
                    .iter()
                    .map(|row| self.other_position(row))
                    .collect::<Result<_, _>>()?;
            }
        }
        let price = if self.mark.trim().is_empty() {
            &self.entry
        } else {
            &self.mark
        };
        if let Err(e) = self.risk_model.apply(price, &mut s) {
            let Some(l) = left_out else {
                return Err(e);
            };
            l.push(e);
            s.clear_risk();
        }
        // What the form holds must read back (a saved entry, a link): same limits, same reader.
        crate::scenario::readable(s)
    }

    fn other_position(&self, row: &OtherRow) -> Result<OtherPosition, CalcError> {
        let rate = if self.venue == Venue::Custom && row.mmr.trim().is_empty() {
            // Custom has no table: the row borrows the position's own rate.
            Some(percent(Field::OtherPositions, &self.mmr)?)
        } else {
            opt_percent(Field::OtherPositions, &row.mmr)?
        };
        Ok(OtherPosition {
            symbol: Some(row.symbol.clone()).filter(|s| !s.is_empty()),
            side: row.side,
            quantity: num(&row.quantity),
            entry_price: num(&row.entry),
            mark_price: opt(&row.mark),
            maintenance: rate.map(|rate| MaintenanceSpec { rate, amount: None }),
            contract_size: None,
        })
    }

    /// Switch venue: pick the matching symbol, the venue's contract type, contract size and
    /// fees. `position_value` (quote coin) keeps the trade the same size when the contract
    /// type changes.
    pub fn set_venue(&mut self, venue: Venue, position_value: Option<Decimal>) {
        if venue == self.venue {
            return;
        }
        let base = symbol::base_of(&self.symbol);
        self.venue = venue;
        if venue != Venue::Custom {
            self.symbol = symbol::symbol_for_coin_or_first(venue, &base);
            self.mm_override = false;
        } else if self.symbol.is_empty() {
            self.symbol = "BTCUSDT".into();
        }
        if let Some(c) = self.implied_contract() {
            self.set_contract(c, position_value);
        }
        if venue != Venue::Custom {
            for row in &mut self.others {
                let s = symbol::symbol_for_coin_or_first(venue, &symbol::base_of(&row.symbol));
                if !s.is_empty() {
                    row.symbol = s;
                }
            }
        }
        self.prefill_venue_defaults();
    }

    /// Choose a symbol of the current venue.
    pub fn set_symbol(&mut self, symbol: String, position_value: Option<Decimal>) {
        self.symbol = symbol;
        if let Some(c) = self.implied_contract() {
            self.set_contract(c, position_value);
        }
        self.prefill_venue_defaults();
    }

    /// The venue's contract size and fees for the current symbol.
    fn prefill_venue_defaults(&mut self) {
        if self.venue == Venue::Custom {
            return;
        }
        if let Some(cs) = venues::default_contract_size(self.venue, Some(&self.symbol)) {
            self.contract_size = cs.normalize().to_string();
        }
        let kind = match self.contract_type() {
            ContractType::Linear => ContractKind::Linear,
            ContractType::Inverse => ContractKind::Inverse {
                contract_size: Decimal::ONE_HUNDRED,
            },
        };
        if let Ok(p) = venues::preset(self.venue, Some(&self.symbol), kind) {
            self.taker_fee = crate::ui::format::percent_input(p.fees.taker);
            self.maker_fee = crate::ui::format::percent_input(p.fees.maker);
        }
    }

    /// Switch linear ↔ inverse. In quantity mode the quantity is converted so the position
    /// keeps the same value in the quote coin (`position_value`, from the last evaluation).
    pub fn set_contract(&mut self, contract: ContractName, position_value: Option<Decimal>) {
        if contract == self.contract {
            return;
        }
        self.contract = contract;
        if contract == ContractType::Inverse && self.contract_size.trim().is_empty() {
            self.contract_size = "100".into();
        }
        self.convert_money(contract == ContractType::Inverse);
        if self.size_mode != SizeMode::Quantity {
            return;
        }
        let Some(value) = position_value else { return };
        let converted = match contract {
            ContractType::Inverse => read_number(&self.contract_size)
                .and_then(|cs| div(value, cs).ok())
                .and_then(|q| floor_to_step(q, Decimal::ONE).ok())
                .map(|q| q.max(Decimal::ONE)),
            ContractType::Linear => read_number(&self.entry)
                .and_then(|e| div(value, e).ok())
                .map(|q| q.round_dp_with_strategy(8, HALF_UP)),
        };
        if let Some(q) = converted {
            self.quantity = q.normalize().to_string();
        }
    }

    /// Amounts in the settlement currency follow it when the contract type changes: quote →
    /// coin divides by the entry price, coin → quote multiplies.
    fn convert_money(&mut self, to_coin: bool) {
        let Some(entry) = read_number(&self.entry).filter(|e| *e > Decimal::ZERO) else {
            return;
        };
        let convert = |text: &mut String| {
            let Some(v) = read_number(text) else {
                return;
            };
            let converted = if to_coin {
                div(v, entry).map(|c| c.round_dp_with_strategy(8, HALF_UP))
            } else {
                crate::engine::num::mul(v, entry).map(|q| q.round_dp_with_strategy(2, HALF_UP))
            };
            if let Ok(c) = converted {
                *text = c.normalize().to_string();
            }
        };
        convert(&mut self.wallet_balance);
        convert(&mut self.equity);
        convert(&mut self.margin);
        convert(&mut self.mm_amount);
        convert(&mut self.isolated_margin);
        if self.risk_unit == RiskUnit::Amount {
            convert(&mut self.risk);
        }
    }

    /// Add a prefilled other position (cross margin editor).
    pub fn add_other(&mut self) {
        if self.others.len() >= crate::limits::MAX_OTHER_POSITIONS {
            return;
        }
        let id = self.next_id;
        self.next_id += 1;
        let symbol = match self.venue {
            Venue::Custom => "ETHUSDT".to_owned(),
            v => symbol::symbol_for_coin_or_first(v, "ETH"),
        };
        let (quantity, entry) = if self.is_inverse() {
            ("100", "3000")
        } else {
            ("2", "3000")
        };
        self.others.push(OtherRow {
            id,
            symbol,
            side: SideName::Short,
            quantity: quantity.into(),
            entry: entry.into(),
            mark: "3100".into(),
            mmr: String::new(),
        });
    }

    pub fn remove_other(&mut self, id: u32) {
        self.others.retain(|r| r.id != id);
    }

    pub fn other_mut(&mut self, id: u32) -> Option<&mut OtherRow> {
        self.others.iter_mut().find(|r| r.id == id)
    }
}

impl FormValues {
    /// Choose Bybit's account (`None` for a key that is not one); the default is kept as `None`,
    /// so the scenario and the link carry the field only when it is not the default.
    pub fn set_account(&mut self, key: &str) {
        use crate::engine::bybit::Account;
        self.account = Account::from_key(key).filter(|a| *a != Account::default());
    }

    /// The inputs that describe `s`: the inverse of [`FormValues::to_scenario`] (share links,
    /// saved scenarios). Fields the scenario leaves out keep the opening example's values,
    /// except the optional ones the form leaves blank (mark, stop, target, fees, …), which are
    /// blank. Rates and fees become percentages; a value that is not a number is kept as it is,
    /// so the page shows it under its input with the engine's message.
    pub fn from_scenario(s: &Scenario) -> FormValues {
        let text = |n: &Option<Num>| n.as_ref().map(|n| n.0.clone()).unwrap_or_default();
        let pct = |field: Field, n: &Num| {
            crate::scenario::fraction_to_percent(field, n).unwrap_or_else(|_| n.0.clone())
        };
        let opt_pct =
            |field: Field, n: &Option<Num>| n.as_ref().map(|n| pct(field, n)).unwrap_or_default();
        let contract = s
            .contract
            .or(venues::implied_contract_for(s.venue, s.symbol.as_deref()))
            .unwrap_or(ContractName::Linear);
        let mut f = FormValues::default();
        if contract == ContractType::Inverse {
            // The opening amounts in coin, as switching to inverse on the page makes them.
            f.convert_money(true);
        }
        f.venue = s.venue;
        f.symbol = s.symbol.clone().unwrap_or_default();
        f.contract = contract;
        f.margin_mode = s.margin_mode;
        f.side = s.side;
        f.entry = s.entry_price.0.clone();
        f.mark = text(&s.mark_price);
        f.leverage = s.leverage.0.clone();
        f.stop = text(&s.stop_price);
        f.target = text(&s.target_price);
        f.taker_fee = opt_pct(Field::TakerFee, &s.taker_fee);
        f.maker_fee = opt_pct(Field::MakerFee, &s.maker_fee);
        f.funding_rate = opt_pct(Field::FundingRate, &s.funding_rate);
        f.funding_interval = text(&s.funding_interval_hours);
        f.holding_hours = text(&s.holding_hours);
        f.account = s.account;
        f.risk_model = f.risk_model.with_scenario(s);
        if let Some(n) = &s.quantity {
            f.size_mode = SizeMode::Quantity;
            f.quantity = n.0.clone();
        } else if let Some(n) = &s.notional {
            f.size_mode = SizeMode::Notional;
            f.notional = n.0.clone();
        } else if let Some(n) = &s.margin {
            f.size_mode = SizeMode::Margin;
            f.margin = n.0.clone();
        } else if let Some(n) = &s.equity {
            f.size_mode = SizeMode::Risk;
            f.equity = n.0.clone();
            match (&s.risk_percent, &s.risk_amount) {
                (None, Some(a)) => {
                    f.risk_unit = RiskUnit::Amount;
                    f.risk = a.0.clone();
                }
                (p, _) => f.risk = text(p),
            }
        }
        // A scenario without a contract size means the venue's own (as the engine reads it),
        // not the opening example's 100.
        if let Some(cs) = &s.contract_size {
            f.contract_size = cs.0.clone();
        } else if let Some(cs) = venues::default_contract_size(s.venue, s.symbol.as_deref()) {
            f.contract_size = cs.normalize().to_string();
        }
        if let Some(m) = &s.maintenance {
            f.mm_override = s.venue != Venue::Custom;
            f.mmr = pct(Field::MaintenanceRate, &m.rate);
            f.mm_amount = text(&m.amount);
        }
        match s.margin_mode {
            MarginModeName::Isolated => f.isolated_margin = text(&s.isolated_margin),
            MarginModeName::Cross => {
                f.wallet_balance = text(&s.wallet_balance);
                for o in &s.other_positions {
                    let mut mmr = o
                        .maintenance
                        .as_ref()
                        .map(|m| pct(Field::OtherPositions, &m.rate))
                        .unwrap_or_default();
                    // Custom rows with a blank rate borrow the position's own rate: blank again.
                    if s.venue == Venue::Custom && mmr == f.mmr {
                        mmr.clear();
                    }
                    f.others.push(OtherRow {
                        id: f.next_id,
                        symbol: o.symbol.clone().unwrap_or_default(),
                        side: o.side,
                        quantity: o.quantity.0.clone(),
                        entry: o.entry_price.0.clone(),
                        mark: text(&o.mark_price),
                        mmr,
                    });
                    f.next_id += 1;
                }
            }
        }
        f
    }
}

/// The page's evaluation of the form: the scenario evaluated in parts (a bad volatility,
/// funding, stop or target leaves the position's own figures standing, issue 13 §1), and the
/// errors of the parts left out, to be shown at their inputs. The app's memos call this.
pub fn evaluate_form(
    f: &FormValues,
) -> (
    Result<crate::scenario::Evaluation, ScenarioError>,
    Vec<ScenarioError>,
) {
    match f.to_scenario() {
        Ok(s) => crate::scenario::evaluate_in_parts(&s),
        Err(_) => evaluate_form_in_parts(f),
    }
}

/// [`evaluate_form`] for a form whose whole scenario failed: read again, leaving out the
/// parts that cannot be read.
pub fn evaluate_form_in_parts(
    f: &FormValues,
) -> (
    Result<crate::scenario::Evaluation, ScenarioError>,
    Vec<ScenarioError>,
) {
    let (s, mut left_out) = f.to_scenario_in_parts();
    match s {
        Ok(s) => {
            let (e, more) = crate::scenario::evaluate_in_parts(&s);
            left_out.extend(more);
            (e, left_out)
        }
        Err(e) => (Err(e), left_out),
    }
}

/// The input to blame for an evaluation's error (its test-id suffix) and the message, if one
/// input is to blame: the evaluation's own error, or else the first part left out.
pub fn field_error(
    eval: &Result<crate::scenario::Evaluation, ScenarioError>,
    left_out: &[ScenarioError],
) -> Option<(&'static str, String)> {
    let blame = |err: &ScenarioError| {
        let input = err.field_key().map(|k| input_for_key(&k)).unwrap_or("");
        (!input.is_empty()).then(|| (input, crate::ui::message(err)))
    };
    match eval {
        Err(err) => blame(err),
        Ok(_) => left_out.first().and_then(blame),
    }
}

/// The text field behind the form's number input `id` (its test-id suffix, as in
/// `data-testid="input-<id>"`); `None` for an input that is not a plain text field. The first
/// screen's inputs are carried into the app through this (src/ui/mod.rs).
pub fn text_field_mut<'a>(f: &'a mut FormValues, id: &str) -> Option<&'a mut String> {
    Some(match id {
        "entry" => &mut f.entry,
        "mark" => &mut f.mark,
        "quantity" => &mut f.quantity,
        "notional" => &mut f.notional,
        "margin" => &mut f.margin,
        "equity" => &mut f.equity,
        "risk" => &mut f.risk,
        "leverage" | "leverage-slider" => &mut f.leverage,
        "stop" => &mut f.stop,
        "target" => &mut f.target,
        "mmr" => &mut f.mmr,
        "mm-amount" => &mut f.mm_amount,
        "taker-fee" => &mut f.taker_fee,
        "maker-fee" => &mut f.maker_fee,
        "contract-size" => &mut f.contract_size,
        "isolated-margin" => &mut f.isolated_margin,
        "wallet-balance" => &mut f.wallet_balance,
        _ => return None,
    })
}

/// Set the form's input `id` (test-id suffix) to `value` as that input would: a number input's
/// text, or the side. False for an input this does not know.
pub fn set_input(f: &mut FormValues, id: &str, value: &str) -> bool {
    if id == "side" {
        f.side = if value == "short" {
            SideName::Short
        } else {
            SideName::Long
        };
        return true;
    }
    match text_field_mut(f, id) {
        Some(field) => {
            value.clone_into(field);
            true
        }
        None => false,
    }
}

/// The input (test id suffix) a scenario field key belongs to.
pub fn input_for_key(key: &str) -> &'static str {
    match key {
        "entry_price" => "entry",
        "mark_price" => "mark",
        "quantity" => "quantity",
        "notional" => "notional",
        "margin" => "margin",
        "leverage" => "leverage",
        "stop_price" => "stop",
        "target_price" => "target",
        "maintenance.rate" => "mmr",
        "maintenance.amount" => "mm-amount",
        "taker_fee" => "taker-fee",
        "maker_fee" => "maker-fee",
        "contract_size" => "contract-size",
        "equity" => "equity",
        "risk" | "risk_percent" | "risk_amount" => "risk",
        "wallet_balance" => "wallet-balance",
        "isolated_margin" => "isolated-margin",
        "funding_rate" => "funding-rate",
        "funding_interval_hours" => "funding-interval",
        "holding_hours" => "holding-hours",
        "account" => "account",
        "symbol" => "symbol",
        k if k.starts_with("other_positions") => "other-positions",
        k => crate::ui::risk::params::input_for_key(k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::evaluate_scenario;

    #[test]
    fn the_opening_form_is_the_default_scenario() {
        // Plus the risk panel's opening inputs (σ = 60 % over 24 h, 5 % limit, 1σ buffer).
        let s = FormValues::default().to_scenario().unwrap();
        assert!(s.volatility_annual.is_some() && s.horizon_hours.is_some());
        let without_risk = Scenario {
            volatility_annual: None,
            horizon_hours: None,
            max_prob_liquidation: None,
            safe_buffer_sigmas: None,
            ..s
        };
        assert_eq!(without_risk, Scenario::default());
    }

    #[test]
    fn the_opening_example_evaluates() {
        let s = FormValues::default().to_scenario().unwrap();
        let e = evaluate_scenario(&s).unwrap();
        assert!(e.report.liquidation_price.is_some());
    }

    #[test]
    fn a_bad_percentage_names_its_field() {
        let f = FormValues {
            venue: Venue::Custom,
            mmr: "abc".into(),
            ..FormValues::default()
        };
        let err = f.to_scenario().unwrap_err();
        assert_eq!(input_for_key(&err.field_key().unwrap()), "mmr");
        let f = FormValues {
            taker_fee: "x".into(),
            ..FormValues::default()
        };
        let err = f.to_scenario().unwrap_err();
        assert_eq!(input_for_key(&err.field_key().unwrap()), "taker-fee");
    }

    #[test]
    fn blank_stop_and_target_are_left_out() {
        let f = FormValues {
            stop: " ".into(),
            target: String::new(),
            ..FormValues::default()
        };
        let s = f.to_scenario().unwrap();
        assert_eq!(s.stop_price, None);
        assert_eq!(s.target_price, None);
        assert!(evaluate_scenario(&s).is_ok());
    }

    #[test]
    fn each_size_mode_sets_exactly_one_size() {
        for mode in SizeMode::ALL {
            let f = FormValues {
                size_mode: mode,
                ..FormValues::default()
            };
            let s = f.to_scenario().unwrap();
            let set = [
                s.quantity.is_some(),
                s.notional.is_some(),
                s.margin.is_some(),
                s.equity.is_some(),
            ];
            assert_eq!(set.iter().filter(|x| **x).count(), 1, "{mode:?}");
            assert!(evaluate_scenario(&s).is_ok(), "{mode:?}");
        }
    }

    #[test]
    fn a_scenario_without_contract_size_keeps_the_venues_own() {
        // BitMEX XBTUSD is 1 USD a contract: a link that names no contract size must give the
        // page the figures the engine gives the link (it gave 100, maintenance 100x the CLI's).
        let mut s = FormValues::default().to_scenario().unwrap();
        s.venue = Venue::Bitmex;
        s.symbol = Some("XBTUSD".into());
        s.contract = Some(ContractName::Inverse);
        s.contract_size = None;
        s.quantity = Some(Num::new("1000"));
        s.notional = None;
        s.stop_price = None;
        s.target_price = None;
        let f = FormValues::from_scenario(&s);
        assert_eq!(f.contract_size, "1");
        let back = f.to_scenario().unwrap();
        let (a, b) = (
            evaluate_scenario(&s).unwrap(),
            evaluate_scenario(&back).unwrap(),
        );
        assert_eq!(a.report, b.report);
    }

    #[test]
    fn switching_venue_takes_its_symbol_contract_and_fees() {
        let mut f = FormValues::default();
        f.set_venue(Venue::BinanceCoinm, Some(Decimal::from(30_000)));
        assert_eq!(f.symbol, "BTCUSD_PERP");
        assert!(f.is_inverse());
        assert_eq!(f.contract_size, "100");
        assert_eq!(f.quantity, "300");
        assert_eq!(f.wallet_balance, "0.08333333");
        assert_eq!(f.margin, "0.05");
        let s = f.to_scenario().unwrap();
        assert_eq!(s.maintenance, None);
        assert!(evaluate_scenario(&s).is_ok());

        f.set_venue(Venue::Hyperliquid, Some(Decimal::from(30_000)));
        assert_eq!(f.symbol, "BTC");
        assert!(!f.is_inverse());
        assert_eq!(f.quantity, "0.5");
        assert_eq!(f.taker_fee, "0.045");
        assert!(evaluate_scenario(&f.to_scenario().unwrap()).is_ok());
    }

    #[test]
    fn every_venue_evaluates_the_opening_trade() {
        for v in Venue::ALL {
            let mut f = FormValues::default();
            f.set_venue(v, Some(Decimal::from(30_000)));
            let s = f.to_scenario().unwrap();
            assert!(
                evaluate_scenario(&s).is_ok(),
                "{v:?}: {:?}",
                evaluate_scenario(&s)
            );
        }
    }

    #[test]
    fn cross_margin_with_other_positions() {
        let mut f = FormValues {
            margin_mode: MarginModeName::Cross,
            ..FormValues::default()
        };
        f.add_other();
        let s = f.to_scenario().unwrap();
        assert_eq!(s.other_positions.len(), 1);
        assert!(evaluate_scenario(&s).is_ok());
        f.others[0].quantity = "zz".into();
        let err = evaluate_scenario(&f.to_scenario().unwrap()).unwrap_err();
        assert_eq!(input_for_key(&err.field_key().unwrap()), "other-positions");
        f.others[0].quantity = "2".into();
        f.set_venue(Venue::OkxLinear, Some(Decimal::from(30_000)));
        assert_eq!(f.others[0].symbol, "ETH-USDT-SWAP");
        assert!(evaluate_scenario(&f.to_scenario().unwrap()).is_ok());
        let id = f.others[0].id;
        f.remove_other(id);
        assert!(f.others.is_empty());
    }

    #[test]
    fn every_field_error_maps_to_an_input() {
        for key in [
            "entry_price",
            "quantity",
            "leverage",
            "stop_price",
            "target_price",
            "maintenance.rate",
            "maintenance.amount",
            "taker_fee",
            "maker_fee",
            "contract_size",
            "equity",
            "risk",
            "wallet_balance",
        ] {
            assert!(!input_for_key(key).is_empty(), "{key}");
        }
    }
}
