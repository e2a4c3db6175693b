//! Writing a scenario as compact JSON text by hand ([`to_json`]): the text serde_json's
//! `to_string` gives for the derived `Serialize` (same members, order, omissions and string
//! escapes; tested equal on scenarios with every field set and on every scenario of the fuzz
//! run, `tests/fuzz.rs`), so the page needs no serde_json. The derives stay for the CLI and
//! the JS API.

use super::format::{BracketSpec, LiquidityName, MaintenanceSpec, OtherPosition, Scenario};
use super::{ContractName, Num};

/// The scenario as compact JSON text.
pub fn to_json(s: &Scenario) -> String {
    let mut out = String::with_capacity(512);
    scenario(&mut out, s);
    out
}

/// Append `text` as a JSON string, escaped as serde_json escapes it: `"` and `\`, the short
/// escapes `\b \t \n \f \r`, other control characters below U+0020 as `\u00xx`; everything
/// else as it is.
pub fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let b = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// An object being written: members separated by commas, closed by [`Obj::end`].
pub struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    pub fn new(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, first: true }
    }

    /// Start a member: its key and colon; the caller writes the value into [`Obj::out`].
    pub fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        string(self.out, key);
        self.out.push(':');
        self.out
    }

    pub fn str(&mut self, key: &str, value: &str) {
        let out = self.key(key);
        string(out, value);
    }

    pub fn opt_str(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.str(key, v);
        }
    }

    fn num(&mut self, key: &str, n: &Num) {
        self.str(key, &n.0);
    }

    fn opt_num(&mut self, key: &str, n: &Option<Num>) {
        if let Some(n) = n {
            self.num(key, n);
        }
    }

    pub fn end(self) {
        self.out.push('}');
    }
}

/// Append `[item, item, …]`.
pub fn list<T>(out: &mut String, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    out.push('[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        item(out, x);
    }
    out.push(']');
}

fn maintenance(out: &mut String, m: &MaintenanceSpec) {
    let mut o = Obj::new(out);
    o.num("rate", &m.rate);
    o.opt_num("amount", &m.amount);
    o.end();
}

fn bracket(out: &mut String, b: &BracketSpec) {
    let mut o = Obj::new(out);
    o.num("floor", &b.floor);
    o.num("cap", &b.cap);
    o.num("rate", &b.rate);
    o.opt_num("amount", &b.amount);
    o.num("max_leverage", &b.max_leverage);
    o.end();
}

fn position(out: &mut String, p: &OtherPosition) {
    let mut o = Obj::new(out);
    o.opt_str("symbol", p.symbol.as_deref());
    o.str("side", p.side.key());
    o.num("quantity", &p.quantity);
    o.num("entry_price", &p.entry_price);
    o.opt_num("mark_price", &p.mark_price);
    if let Some(m) = &p.maintenance {
        maintenance(o.key("maintenance"), m);
    }
    o.opt_num("contract_size", &p.contract_size);
    o.end();
}

/// Append the scenario's object.
pub fn scenario(out: &mut String, s: &Scenario) {
    let mut o = Obj::new(out);
    o.key("version").push_str(&s.version.to_string());
    o.str("venue", s.venue.key());
    o.opt_str(
        "contract",
        s.contract.map(|c| match c {
            ContractName::Linear => "linear",
            ContractName::Inverse => "inverse",
        }),
    );
    o.opt_str("symbol", s.symbol.as_deref());
    o.str("margin_mode", s.margin_mode.key());
    o.str("side", s.side.key());
    o.num("entry_price", &s.entry_price);
    o.opt_num("mark_price", &s.mark_price);
    o.opt_num("quantity", &s.quantity);
    o.opt_num("notional", &s.notional);
    o.opt_num("margin", &s.margin);
    o.opt_num("equity", &s.equity);
    o.opt_num("risk_percent", &s.risk_percent);
    o.opt_num("risk_amount", &s.risk_amount);
    o.opt_num("quantity_step", &s.quantity_step);
    o.opt_num("contract_size", &s.contract_size);
    o.num("leverage", &s.leverage);
    o.opt_num("isolated_margin", &s.isolated_margin);
    o.opt_num("wallet_balance", &s.wallet_balance);
    if let Some(m) = &s.maintenance {
        maintenance(o.key("maintenance"), m);
    }
    if let Some(b) = &s.brackets {
        list(o.key("brackets"), b, bracket);
    }
    o.opt_num("taker_fee", &s.taker_fee);
    o.opt_num("maker_fee", &s.maker_fee);
    o.opt_str("entry_liquidity", s.entry_liquidity.map(LiquidityName::key));
    if !s.other_positions.is_empty() {
        list(o.key("other_positions"), &s.other_positions, position);
    }
    o.opt_num("stop_price", &s.stop_price);
    o.opt_num("target_price", &s.target_price);
    o.opt_num("funding_rate", &s.funding_rate);
    o.opt_num("funding_interval_hours", &s.funding_interval_hours);
    o.opt_num("holding_hours", &s.holding_hours);
    o.opt_num("volatility_annual", &s.volatility_annual);
    o.opt_num("horizon_hours", &s.horizon_hours);
    o.opt_num("drift_annual", &s.drift_annual);
    o.opt_num("safe_buffer_sigmas", &s.safe_buffer_sigmas);
    o.opt_num("max_prob_liquidation", &s.max_prob_liquidation);
    o.opt_num("mark_interval_seconds", &s.mark_interval_seconds);
    o.opt_str("bitmex_view", s.bitmex_view.map(|v| v.key()));
    o.opt_str("account", s.account.map(|a| a.key()));
    o.end();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::venues::Venue;
    use crate::scenario::{MarginModeName, SideName};

    fn same(s: &Scenario) {
        assert_eq!(to_json(s), serde_json::to_string(s).unwrap());
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        for t in [
            "",
            "plain",
            "q\"uote\\back",
            "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}",
            "é€😀\u{2028}\u{2029}</script>",
        ] {
            let mut out = String::new();
            string(&mut out, t);
            assert_eq!(out, serde_json::to_string(t).unwrap(), "{t:?}");
        }
    }

    #[test]
    fn a_scenario_writes_as_serde_json_writes_it() {
        same(&Scenario::default());
        let n = |t: &str| Some(Num::new(t));
        let full = Scenario {
            venue: Venue::Bitmex,
            contract: Some(ContractName::Inverse),
            symbol: Some("X\"\n\u{1}é".into()),
            margin_mode: MarginModeName::Cross,
            side: SideName::Short,
            mark_price: n("1"),
            notional: n("2"),
            margin: n("3"),
            equity: n("4"),
            risk_percent: n("5"),
            risk_amount: n("6"),
            quantity_step: n("7"),
            contract_size: n("8"),
            isolated_margin: n("9"),
            wallet_balance: n("10"),
            maintenance: Some(MaintenanceSpec {
                rate: Num::new("0.01"),
                amount: n("2"),
            }),
            brackets: Some(vec![
                BracketSpec {
                    floor: Num::new("0"),
                    cap: Num::new("10"),
                    rate: Num::new("0.1"),
                    amount: None,
                    max_leverage: Num::new("5"),
                },
                BracketSpec {
                    floor: Num::new("10"),
                    cap: Num::new("20"),
                    rate: Num::new("0.2"),
                    amount: n("1"),
                    max_leverage: Num::new("2"),
                },
            ]),
            entry_liquidity: Some(LiquidityName::Maker),
            other_positions: vec![
                OtherPosition {
                    symbol: None,
                    side: SideName::Long,
                    quantity: Num::new("1"),
                    entry_price: Num::new("2"),
                    mark_price: None,
                    maintenance: None,
                    contract_size: None,
                },
                OtherPosition {
                    symbol: Some("ETH".into()),
                    side: SideName::Short,
                    quantity: Num::new("1"),
                    entry_price: Num::new("2"),
                    mark_price: n("3"),
                    maintenance: Some(MaintenanceSpec {
                        rate: Num::new("0.5"),
                        amount: None,
                    }),
                    contract_size: n("100"),
                },
            ],
            stop_price: n("11"),
            target_price: n("12"),
            funding_rate: n("0.0001"),
            funding_interval_hours: n("8"),
            holding_hours: n("24"),
            volatility_annual: n("0.6"),
            horizon_hours: n("48"),
            drift_annual: n("-0.1"),
            safe_buffer_sigmas: n("1"),
            max_prob_liquidation: n("0.05"),
            mark_interval_seconds: n("1"),
            bitmex_view: Some(crate::engine::bitmex::View::Order),
            account: Some(crate::engine::bybit::Account::Uta),
            ..Scenario::default()
        };
        same(&full);
        for venue in Venue::ALL {
            same(&Scenario {
                venue,
                contract: Some(ContractName::Linear),
                entry_liquidity: Some(LiquidityName::Taker),
                brackets: Some(Vec::new()),
                bitmex_view: Some(crate::engine::bitmex::View::Position),
                account: Some(crate::engine::bybit::Account::Classic),
                ..Scenario::default()
            });
        }
    }
}
