//! Reading the scenario format from a JSON value tree ([`crate::engine::json_tree`]), by hand:
//! the page's one JSON reader, with no serde derives to instantiate (issue 11 needs the room
//! for the venue-answer readers, issue 14 a lighter wasm).
//!
//! The rules are those the format has always had:
//! - unknown fields are refused, every error names its field as a path (`other_positions[1].side`;
//!   a missing field names the object that lacks it, `.` for the scenario itself);
//! - a decimal is a JSON string (at most [`MAX_NUMBER_CHARS`] characters, kept as written) or a
//!   JSON number, read as the decimal it writes ([`number_text`]: `1.50` is 1.5, `1e3` is
//!   1000; a double that JavaScript's `JSON.stringify` wrote reads as its shortest decimal);
//! - `null` stands for an absent optional field; a field with a default (`venue`, `side` …)
//!   must be present with a value of its type, or absent;
//! - lists are bounded ([`MAX_OTHER_POSITIONS`], [`MAX_BRACKETS`]).

#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use super::{
    BracketSpec, LiquidityName, MaintenanceSpec, MarginModeName, Num, OtherPosition, Scenario,
    ScenarioError, SideName,
};
use crate::engine::bitmex::View as BitmexView;
use crate::engine::bybit::Account as BybitAccount;
use crate::engine::contract::ContractType;
use crate::engine::json_tree::{Obj, Value};
use crate::engine::venues::Venue;
use crate::limits::{MAX_BRACKETS, MAX_NUMBER_CHARS, MAX_OTHER_POSITIONS};

type Read<T> = Result<T, ScenarioError>;

/// An error at `path` (`.` when the path is empty).
pub(crate) fn at(path: &str, message: impl Into<String>) -> ScenarioError {
    ScenarioError::Format {
        path: if path.is_empty() {
            ".".into()
        } else {
            path.to_owned()
        },
        message: message.into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() || path == "." {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn invalid(path: &str, v: &Value, expected: &str) -> ScenarioError {
    at(
        path,
        format!("invalid type: {}, expected {expected}", v.kind()),
    )
}

/// The object `v` is, or an error expecting `what`.
pub(crate) fn object<'a>(v: &'a Value, path: &str, what: &str) -> Read<&'a Obj> {
    v.as_object().ok_or_else(|| invalid(path, v, what))
}

/// The members of one object, read field by field.
pub(crate) struct Fields<'a> {
    obj: &'a Obj,
    path: String,
}

impl<'a> Fields<'a> {
    /// `obj` at `path`, refusing a member not in `known`.
    pub(crate) fn new(obj: &'a Obj, path: &str, known: &[&str]) -> Read<Fields<'a>> {
        if let Some((k, _)) = obj.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            let list: Vec<String> = known.iter().map(|f| format!("`{f}`")).collect();
            return Err(at(
                &join(path, k),
                format!(
                    "unknown field `{}`, expected one of {}",
                    k.chars().take(40).collect::<String>(),
                    list.join(", ")
                ),
            ));
        }
        Ok(Fields {
            obj,
            path: path.to_owned(),
        })
    }

    fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    fn missing(&self, key: &str) -> ScenarioError {
        at(&self.path, format!("missing field `{key}`"))
    }

    /// The member, `null` as absent.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.obj.get(key).filter(|v| **v != Value::Null)
    }

    /// The member, present and not `null` (a field with a default: `null` is refused).
    fn given(&self, key: &str) -> Option<&'a Value> {
        self.obj.get(key)
    }

    /// `v` (member `key`) as a decimal; the member's path is written only for an error.
    fn num_of(&self, v: &Value, key: &str) -> Read<Num> {
        num_text(v).or_else(|_| num(v, &self.path(key)))
    }

    pub(crate) fn opt_num(&self, key: &str) -> Read<Option<Num>> {
        self.get(key).map(|v| self.num_of(v, key)).transpose()
    }

    pub(crate) fn num(&self, key: &str) -> Read<Num> {
        match self.given(key) {
            Some(v) => self.num_of(v, key),
            None => Err(self.missing(key)),
        }
    }

    pub(crate) fn opt_text(&self, key: &str) -> Read<Option<String>> {
        self.get(key)
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| invalid(&self.path(key), v, "a string"))
            })
            .transpose()
    }

    pub(crate) fn text(&self, key: &str) -> Read<String> {
        match self.given(key) {
            Some(v) => v
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| invalid(&self.path(key), v, "a string")),
            None => Err(self.missing(key)),
        }
    }

    /// A name from `names` (`null` as absent).
    fn opt_name<T: Copy>(&self, key: &str, names: &[(&str, T)]) -> Read<Option<T>> {
        self.get(key)
            .map(|v| name(v, &|| self.path(key), names))
            .transpose()
    }

    /// A name with a default: absent gives the default, `null` is refused.
    fn name_or<T: Copy>(&self, key: &str, names: &[(&str, T)], default: T) -> Read<T> {
        self.given(key)
            .map_or(Ok(default), |v| name(v, &|| self.path(key), names))
    }

    fn u32(&self, key: &str) -> Read<u32> {
        let v = self.given(key).ok_or_else(|| self.missing(key))?;
        v.as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| match v {
                Value::Number(t) => at(
                    &self.path(key),
                    format!("invalid value: {}, expected u32", cut(t)),
                ),
                _ => invalid(&self.path(key), v, "u32"),
            })
    }

    /// An optional bounded list.
    fn opt_list<T>(
        &self,
        key: &str,
        max: usize,
        noun: &str,
        read: fn(&Value, &str) -> Read<T>,
    ) -> Read<Option<Vec<T>>> {
        self.get(key)
            .map(|v| list(v, &self.path(key), max, noun, read))
            .transpose()
    }
}

fn cut(text: &str) -> String {
    text.chars().take(40).collect()
}

/// One of `names` (`"long"`, `"short"` …), or an error listing them; `path` names the
/// value's place (written only for an error).
fn name<T: Copy>(v: &Value, path: &dyn Fn() -> String, names: &[(&str, T)]) -> Read<T> {
    let list = || {
        let all: Vec<String> = names.iter().map(|(n, _)| format!("`{n}`")).collect();
        all.join(", ")
    };
    let Some(text) = v.as_str() else {
        return Err(invalid(&path(), v, &format!("one of {}", list())));
    };
    names
        .iter()
        .find(|(n, _)| *n == text)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            at(
                &path(),
                format!(
                    "unknown variant `{}`, expected one of {}",
                    cut(text),
                    list()
                ),
            )
        })
}

/// A list of at most `max` elements, each read by `read` at `path[i]`.
pub(crate) fn list<T>(
    v: &Value,
    path: &str,
    max: usize,
    noun: &str,
    read: fn(&Value, &str) -> Read<T>,
) -> Read<Vec<T>> {
    let items = v
        .as_array()
        .ok_or_else(|| invalid(path, v, &format!("a list of at most {max} {noun}")))?;
    if items.len() > max {
        return Err(at(
            path,
            format!("at most {max} {noun} are accepted; this list has more"),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read(item, &format!("{path}[{i}]")))
        .collect()
}

/// Why a value is not a decimal ([`num`] names it at its path).
enum NotNum {
    Kind,
    TooLong,
}

/// [`num`] without a path, so a value that reads costs no path text.
fn num_text(v: &Value) -> Result<Num, NotNum> {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(t) => number_text(t),
        _ => return Err(NotNum::Kind),
    };
    if text.len() > MAX_NUMBER_CHARS {
        return Err(NotNum::TooLong);
    }
    Ok(Num(text))
}

/// A decimal: a string as written, or a JSON number as the decimal it writes.
pub(crate) fn num(v: &Value, path: &str) -> Read<Num> {
    num_text(v).map_err(|why| match why {
        NotNum::Kind => invalid(path, v, "a number or a decimal string"),
        NotNum::TooLong => at(
            path,
            format!("number text longer than {MAX_NUMBER_CHARS} characters"),
        ),
    })
}

/// The decimal a JSON number writes, in its shortest text: trailing zeros of the fraction
/// and a redundant exponent dropped (`1.50` → `1.5`, `1e3` → `1000`, `-0.0` → `0`), plain
/// digits while they are at most 24 characters, exponent form otherwise (`1e-70`,
/// `1.5e300`), as [`super::shortest_text`] writes a double. Exact: every digit written is
/// kept, so a number that `JSON.stringify` wrote (a double's shortest text) reads as that
/// double's shortest decimal, and a longer one as exactly what it says.
pub fn number_text(t: &str) -> String {
    let (negative, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let (mantissa, exp) = match body.split_once(['e', 'E']) {
        Some((m, e)) => {
            let digits = e.trim_start_matches('+');
            // The tree refuses a magnitude beyond a double, so a huge exponent is negative
            // (the value is tiny); saturate it.
            (m, digits.parse::<i64>().unwrap_or(i64::MIN / 4))
        }
        None => (body, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let sig_start = all.len().saturating_sub(all.trim_start_matches('0').len());
    let sig = all.trim_start_matches('0').trim_end_matches('0');
    if sig.is_empty() {
        return "0".into();
    }
    let n = i64::try_from(sig.len()).unwrap_or(i64::MAX);
    let int_len = i64::try_from(int.len()).unwrap_or(i64::MAX);
    let lz = i64::try_from(sig_start).unwrap_or(i64::MAX);
    // The power of ten of the first significant digit.
    let lead = int_len
        .saturating_sub(lz)
        .saturating_sub(1)
        .saturating_add(exp);
    let sign = if negative { "-" } else { "" };
    // Length of the plain form (without the sign).
    let plain_len = if lead >= 0 {
        let whole = lead.saturating_add(1);
        if n <= whole {
            whole
        } else {
            n.saturating_add(1)
        }
    } else {
        // "0." + zeros + digits
        lead.saturating_neg().saturating_add(1).saturating_add(n)
    };
    if plain_len.saturating_add(i64::from(negative)) <= 24 {
        let mut out = String::from(sign);
        if lead >= 0 {
            let whole = usize::try_from(lead.saturating_add(1)).unwrap_or(0);
            if sig.len() <= whole {
                out.push_str(sig);
                out.extend(std::iter::repeat_n('0', whole.saturating_sub(sig.len())));
            } else {
                let (w, f) = sig.split_at(whole);
                out.push_str(w);
                out.push('.');
                out.push_str(f);
            }
        } else {
            out.push_str("0.");
            let zeros = usize::try_from(lead.saturating_neg().saturating_sub(1)).unwrap_or(0);
            out.extend(std::iter::repeat_n('0', zeros));
            out.push_str(sig);
        }
        out
    } else {
        let (first, rest) = sig.split_at(1);
        if rest.is_empty() {
            format!("{sign}{first}e{lead}")
        } else {
            format!("{sign}{first}.{rest}e{lead}")
        }
    }
}

const SIDES: [(&str, SideName); 2] = [("long", SideName::Long), ("short", SideName::Short)];

/// The fields of a scenario, in the order the format lists them.
const SCENARIO_FIELDS: [&str; 38] = [
    "version",
    "venue",
    "contract",
    "symbol",
    "margin_mode",
    "side",
    "entry_price",
    "mark_price",
    "quantity",
    "notional",
    "margin",
    "equity",
    "risk_percent",
    "risk_amount",
    "quantity_step",
    "contract_size",
    "leverage",
    "isolated_margin",
    "wallet_balance",
    "maintenance",
    "brackets",
    "taker_fee",
    "maker_fee",
    "entry_liquidity",
    "other_positions",
    "stop_price",
    "target_price",
    "funding_rate",
    "funding_interval_hours",
    "holding_hours",
    "volatility_annual",
    "horizon_hours",
    "drift_annual",
    "safe_buffer_sigmas",
    "max_prob_liquidation",
    "mark_interval_seconds",
    "bitmex_view",
    "account",
];

/// A scenario from its JSON value (limits on symbols and versions are the caller's:
/// [`super::from_json`]).
///
/// # Errors
/// [`ScenarioError::Format`] naming the field.
pub fn scenario(v: &Value) -> Read<Scenario> {
    scenario_at(v, "")
}

/// [`scenario`] for a scenario inside another value, at `path` (`scenario` in a saved entry).
///
/// # Errors
/// As [`scenario`].
pub fn scenario_at(v: &Value, path: &str) -> Read<Scenario> {
    let o = object(v, path, "struct Scenario")?;
    let f = Fields::new(o, path, &SCENARIO_FIELDS)?;
    let venues: Vec<(&str, Venue)> = Venue::ALL.iter().map(|v| (v.key(), *v)).collect();
    Ok(Scenario {
        version: f.u32("version")?,
        venue: f.name_or("venue", &venues, Venue::Custom)?,
        contract: f.opt_name(
            "contract",
            &[
                ("linear", ContractType::Linear),
                ("inverse", ContractType::Inverse),
            ],
        )?,
        symbol: f.opt_text("symbol")?,
        margin_mode: f.name_or(
            "margin_mode",
            &[
                ("isolated", MarginModeName::Isolated),
                ("cross", MarginModeName::Cross),
            ],
            MarginModeName::Isolated,
        )?,
        side: f.name_or("side", &SIDES, SideName::Long)?,
        entry_price: f.num("entry_price")?,
        mark_price: f.opt_num("mark_price")?,
        quantity: f.opt_num("quantity")?,
        notional: f.opt_num("notional")?,
        margin: f.opt_num("margin")?,
        equity: f.opt_num("equity")?,
        risk_percent: f.opt_num("risk_percent")?,
        risk_amount: f.opt_num("risk_amount")?,
        quantity_step: f.opt_num("quantity_step")?,
        contract_size: f.opt_num("contract_size")?,
        leverage: f.num("leverage")?,
        isolated_margin: f.opt_num("isolated_margin")?,
        wallet_balance: f.opt_num("wallet_balance")?,
        maintenance: f
            .get("maintenance")
            .map(|m| maintenance(m, &f.path("maintenance")))
            .transpose()?,
        brackets: f.opt_list("brackets", MAX_BRACKETS, "bracket tiers", bracket)?,
        taker_fee: f.opt_num("taker_fee")?,
        maker_fee: f.opt_num("maker_fee")?,
        entry_liquidity: f.opt_name(
            "entry_liquidity",
            &[
                ("maker", LiquidityName::Maker),
                ("taker", LiquidityName::Taker),
            ],
        )?,
        other_positions: match f.given("other_positions") {
            Some(v) => positions(v, &f.path("other_positions"))?,
            None => Vec::new(),
        },
        stop_price: f.opt_num("stop_price")?,
        target_price: f.opt_num("target_price")?,
        funding_rate: f.opt_num("funding_rate")?,
        funding_interval_hours: f.opt_num("funding_interval_hours")?,
        holding_hours: f.opt_num("holding_hours")?,
        volatility_annual: f.opt_num("volatility_annual")?,
        horizon_hours: f.opt_num("horizon_hours")?,
        drift_annual: f.opt_num("drift_annual")?,
        safe_buffer_sigmas: f.opt_num("safe_buffer_sigmas")?,
        max_prob_liquidation: f.opt_num("max_prob_liquidation")?,
        mark_interval_seconds: f.opt_num("mark_interval_seconds")?,
        bitmex_view: f.opt_name(
            "bitmex_view",
            &[
                ("position", BitmexView::Position),
                ("order", BitmexView::Order),
            ],
        )?,
        account: f.opt_name(
            "account",
            &[
                ("classic", BybitAccount::Classic),
                ("uta", BybitAccount::Uta),
            ],
        )?,
    })
}

fn maintenance(v: &Value, path: &str) -> Read<MaintenanceSpec> {
    let f = Fields::new(
        object(v, path, "struct MaintenanceSpec")?,
        path,
        &["rate", "amount"],
    )?;
    Ok(MaintenanceSpec {
        rate: f.num("rate")?,
        amount: f.opt_num("amount")?,
    })
}

/// One tier of a user bracket table.
pub(crate) fn bracket(v: &Value, path: &str) -> Read<BracketSpec> {
    let f = Fields::new(
        object(v, path, "struct BracketSpec")?,
        path,
        &["floor", "cap", "rate", "amount", "max_leverage"],
    )?;
    Ok(BracketSpec {
        floor: f.num("floor")?,
        cap: f.num("cap")?,
        rate: f.num("rate")?,
        amount: f.opt_num("amount")?,
        max_leverage: f.num("max_leverage")?,
    })
}

/// One other position of the account.
fn position(v: &Value, path: &str) -> Read<OtherPosition> {
    let f = Fields::new(
        object(v, path, "struct OtherPosition")?,
        path,
        &[
            "symbol",
            "side",
            "quantity",
            "entry_price",
            "mark_price",
            "maintenance",
            "contract_size",
        ],
    )?;
    let side = match f.given("side") {
        Some(v) => name(v, &|| f.path("side"), &SIDES)?,
        None => return Err(f.missing("side")),
    };
    Ok(OtherPosition {
        symbol: f.opt_text("symbol")?,
        side,
        quantity: f.num("quantity")?,
        entry_price: f.num("entry_price")?,
        mark_price: f.opt_num("mark_price")?,
        maintenance: f
            .get("maintenance")
            .map(|m| maintenance(m, &f.path("maintenance")))
            .transpose()?,
        contract_size: f.opt_num("contract_size")?,
    })
}

/// The account's other positions (bounded).
pub(crate) fn positions(v: &Value, path: &str) -> Read<Vec<OtherPosition>> {
    list(v, path, MAX_OTHER_POSITIONS, "other positions", position)
}

/// A bracket table (bounded).
pub(crate) fn brackets(v: &Value, path: &str) -> Read<Vec<BracketSpec>> {
    list(v, path, MAX_BRACKETS, "bracket tiers", bracket)
}

#[cfg(test)]
mod tests {
    use super::number_text;

    #[test]
    fn a_json_number_reads_as_the_decimal_it_writes() {
        for (text, want) in [
            ("0", "0"),
            ("-0", "0"),
            ("-0.0", "0"),
            ("60000", "60000"),
            ("1456.84", "1456.84"),
            ("1.50", "1.5"),
            ("2.0", "2"),
            ("0.0005", "0.0005"),
            ("-0.004", "-0.004"),
            ("1e3", "1000"),
            ("1.5E+3", "1500"),
            ("150e-2", "1.5"),
            ("0.30000000000000004", "0.30000000000000004"),
            ("1e-70", "1e-70"),
            ("1.5e300", "1.5e300"),
            ("-2.5e-30", "-2.5e-30"),
            ("1e21", "1000000000000000000000"),
            ("1e24", "1e24"),
            (
                "123456789012345678901234567",
                "1.23456789012345678901234567e26",
            ),
            ("0.000000000000000000001", "0.000000000000000000001"),
            ("0.0000000000000000000001", "0.0000000000000000000001"),
            ("0.00000000000000000000001", "1e-23"),
            ("00", "0"),
        ] {
            assert_eq!(number_text(text), want, "{text}");
        }
    }

    #[test]
    fn agrees_with_the_shortest_text_of_a_double_for_short_numbers() {
        // Any decimal of at most 15 significant digits is one double's shortest text.
        for x in [
            0.1, 0.004, 1456.84, 60000.0, 1e-7, 1e-22, 1e-23, -1e-22, 123.456, 5e-5, 1e20,
            9.99e-10, 1e-70, 1.5e300,
        ] {
            let written = format!("{x:e}");
            assert_eq!(number_text(&written), super::super::shortest_text(x), "{x}");
        }
    }
}
