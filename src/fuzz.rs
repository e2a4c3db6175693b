//! A seeded fuzz harness over every way input reaches the calculator: scenario JSON (the
//! `levcalc eval` and import path), JSON with number values (the JavaScript API, which reads
//! the object through `JSON.stringify`), share-link fragments, stored and imported
//! saved-scenario texts, the command line's raw bytes, and the page's typed inputs.
//!
//! Each input is run through everything that input reaches in the page — reading, evaluation,
//! the report, the explanations, the link written back, the formatting of the figures — and
//! three things are counted: panics, inputs slower than [`SLOW`], and NaN or infinity in
//! what would be shown. Inputs are mutations of valid seeds (structured: one field set to a
//! hostile value; textual: bytes flipped, spans cut, cloned or spliced, tokens inserted), so
//! most of them get past the parser and into the engine.
//!
//! `scripts/fuzz N` runs N inputs per entry point in the release profile; `cargo test --test
//! fuzz` runs a short seeded run. Native only: this module is not part of the web bundle.

use crate::scenario::{evaluate_scenario, from_json, Scenario};
use crate::storage::Store;
use crate::ui::state::FormValues;
use serde_json::{json, Value};
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// An input slower than this is reported.
pub const SLOW: Duration = Duration::from_millis(100);

/// The entry points, as `scripts/fuzz --entry` names them.
pub const ENTRIES: &[&str] = &["scenario", "api", "link", "storage", "cli", "typed"];

/// What a run found at one entry point.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub entry: &'static str,
    pub inputs: u64,
    /// Inputs that evaluated to a report (the rest were refused with a message).
    pub evaluated: u64,
    pub panics: u64,
    pub slow: u64,
    pub non_finite: u64,
    pub slowest: Duration,
    /// The slowest input, whole.
    pub slowest_input: String,
    pub elapsed: Duration,
    /// First findings (panic message or NaN place, and the input), for the report.
    pub findings: Vec<String>,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.inputs as f64 / s
        } else {
            0.0
        }
    }

    pub fn clean(&self) -> bool {
        self.panics == 0 && self.slow == 0 && self.non_finite == 0
    }
}

/// xorshift64*: small, seeded, the same sequence on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        let n = n.max(1) as u64;
        (self.next_u64() % n) as usize
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Number texts that have found bugs before or sit on a limit.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "10",
    "125",
    "1000",
    "1001",
    "60000",
    "1e-12",
    "1e12",
    "1e-13",
    "1e13",
    "1e15",
    "1e16",
    "1e28",
    "1e29",
    "1e-28",
    "1e-29",
    "1e-70",
    "1e-320",
    "1e308",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "1.00000000000000000000000000001",
    "123456789012345678901234567890",
    "3.14159265358979323846",
    "0.0005",
    "-0.0005",
    "0.1",
    "0.9999999",
    "99.99",
    "1,5",
    "1,500",
    "1,234.5",
    "1.2.3",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "",
    " ",
    "+5",
    "--5",
    "5e",
    "e5",
    "0x10",
    "١٢٣",
    "½",
    "1e+5",
    "57000",
    "66000",
    "1e-9",
    "0.00000001",
    "18446744073709551616",
    "-9223372036854775809",
];

/// JSON values that are not numbers, or numbers as JSON (not strings).
fn hostile_value(r: &mut Rng) -> Value {
    match r.below(12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!({"evil": [1, 2, {"deep": "x"}]}),
        3 => json!([]),
        4 => Value::String("<script>alert(1)</script>".into()),
        5 => Value::String("x".repeat(r.below(200))),
        6 => json!(r.pick(&[1e-70, 1e-320, 5e-324, 1e308, -1e308, 0.1, 1e21, 1e22, 12345.678])),
        7 => json!(r.next_u64() as i64),
        8 => json!(r.next_u64()),
        _ => Value::String((*r.pick(NUMBERS)).to_owned()),
    }
}

const VENUES: &[&str] = &[
    "binance-usdm",
    "binance-coinm",
    "bybit-linear",
    "bybit-inverse",
    "okx-linear",
    "okx-inverse",
    "gate-linear",
    "hyperliquid",
    "dydx",
    "bitmex",
    "custom",
    "nowhere",
];

const FIELDS: &[&str] = &[
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
    "taker_fee",
    "maker_fee",
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
];

/// Valid scenarios that reach every part of the engine (built once: the typed entry point
/// starts every input from one of them).
fn seeds() -> &'static [Value] {
    static SEEDS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(build_seeds)
}

fn build_seeds() -> Vec<Value> {
    let base = serde_json::to_value(Scenario::default()).unwrap_or(Value::Null);
    let mut out = vec![base.clone()];
    let mut with = |patch: Value| {
        let mut v = base.clone();
        if let (Value::Object(m), Value::Object(p)) = (&mut v, patch) {
            for (k, x) in p {
                if x.is_null() {
                    m.remove(&k);
                } else {
                    m.insert(k, x);
                }
            }
        }
        out.push(v);
    };
    with(json!({"venue": "binance-usdm", "maintenance": null, "leverage": "20"}));
    with(
        json!({"venue": "binance-coinm", "contract": "inverse", "symbol": "BTCUSD",
                "maintenance": null, "quantity": "100"}),
    );
    with(
        json!({"venue": "bybit-inverse", "contract": "inverse", "symbol": "BTCUSD",
                "maintenance": null, "quantity": "3000", "side": "short",
                "stop_price": "61000", "target_price": "55000"}),
    );
    with(
        json!({"venue": "hyperliquid", "symbol": "BTC", "maintenance": null,
                "volatility_annual": "0.6", "horizon_hours": "24",
                "funding_rate": "0.0001", "holding_hours": "72"}),
    );
    with(
        json!({"venue": "bitmex", "symbol": "XBTUSD", "contract": "inverse",
                "maintenance": null, "quantity": "1000"}),
    );
    with(json!({"margin_mode": "cross", "wallet_balance": "5000",
                "other_positions": [
                    {"symbol": "ETHUSDT", "side": "short", "quantity": "1.5",
                     "entry_price": "3000", "mark_price": "3100"},
                    {"side": "long", "quantity": "0.1", "entry_price": "60000",
                     "maintenance": {"rate": "0.005", "amount": "0"}}]}));
    with(
        json!({"quantity": null, "equity": "10000", "risk_percent": "1",
                "quantity_step": "0.001", "volatility_annual": "0.8",
                "horizon_hours": "168", "drift_annual": "0.1",
                "mark_interval_seconds": "1", "max_prob_liquidation": "0.05",
                "safe_buffer_sigmas": "1.5"}),
    );
    with(json!({"maintenance": null, "brackets": [
        {"floor": "0", "cap": "50000", "rate": "0.004", "amount": "0", "max_leverage": "125"},
        {"floor": "50000", "cap": "600000", "rate": "0.005", "amount": "50", "max_leverage": "100"}]}));
    with(
        json!({"entry_price": "1e-12", "quantity": "1e12", "leverage": "1000",
                "maintenance": {"rate": "0.0005"}, "target_price": "1e12"}),
    );
    out
}

/// One field of a seed set to a hostile value (or removed, or a list grown).
fn mutate_value(r: &mut Rng, mut v: Value) -> Value {
    let Value::Object(m) = &mut v else {
        return v;
    };
    for _ in 0..=r.below(3) {
        match r.below(10) {
            0 => {
                m.insert("venue".into(), json!(*r.pick(VENUES)));
            }
            1 => {
                let n = r.pick(&[0usize, 1, 2, 50, 99, 100, 101, 150]).to_owned();
                let list: Vec<Value> = (0..n)
                    .map(|_| {
                        json!({"symbol": "ETHUSDT", "side": if r.chance(2) {"long"} else {"short"},
                               "quantity": *r.pick(NUMBERS), "entry_price": *r.pick(NUMBERS),
                               "mark_price": *r.pick(NUMBERS)})
                    })
                    .collect();
                m.insert("other_positions".into(), Value::Array(list));
                m.insert("margin_mode".into(), json!("cross"));
                m.insert("wallet_balance".into(), json!(*r.pick(NUMBERS)));
            }
            2 => {
                let n = r.pick(&[0usize, 1, 3, 64, 65]).to_owned();
                let list: Vec<Value> = (0..n)
                    .map(|i| {
                        json!({"floor": (i * 1000).to_string(), "cap": *r.pick(NUMBERS),
                               "rate": *r.pick(NUMBERS), "amount": *r.pick(NUMBERS),
                               "max_leverage": *r.pick(NUMBERS)})
                    })
                    .collect();
                m.insert("brackets".into(), Value::Array(list));
            }
            3 => {
                m.insert(
                    "maintenance".into(),
                    json!({"rate": hostile_value(r), "amount": hostile_value(r)}),
                );
            }
            4 => {
                let k = *r.pick(FIELDS);
                m.remove(k);
            }
            5 => {
                m.insert(
                    "side".into(),
                    json!(*r.pick(&["long", "short", "sideways"])),
                );
                m.insert(
                    "margin_mode".into(),
                    json!(*r.pick(&["isolated", "cross", "x"])),
                );
            }
            6 => {
                m.insert(
                    "symbol".into(),
                    json!(*r.pick(&["BTCUSDT", "ETHUSDT", "", "x"])),
                );
            }
            _ => {
                let k = *r.pick(FIELDS);
                m.insert(k.into(), hostile_value(r));
            }
        }
    }
    v
}

/// Byte-level damage to a text.
fn mutate_text(r: &mut Rng, text: &str, other: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    for _ in 0..=r.below(4) {
        let len = b.len();
        match r.below(7) {
            0 if len > 0 => {
                let i = r.below(len);
                b[i] = r.next_u64() as u8;
            }
            1 if len > 0 => {
                let i = r.below(len);
                let j = (i + r.below(64)).min(len);
                b.drain(i..j);
            }
            2 if len > 0 => {
                let i = r.below(len);
                let j = (i + r.below(64)).min(len);
                let span = b[i..j].to_vec();
                for _ in 0..r.below(8) {
                    b.splice(i..i, span.iter().copied());
                }
            }
            3 => {
                let i = r.below(len + 1);
                let tok = *r.pick(&[
                    "\"", "{", "}", "[", "]", ",", ":", "\\u0000", "\\ud800", "%", "%00", "%zz",
                    "&", "=", "#", "\u{feff}", "é", "\u{202e}", "null", "1e999", "-",
                ]);
                b.splice(i..i, tok.bytes());
            }
            4 => {
                let i = r.below(len + 1);
                let tok = r.pick(NUMBERS);
                b.splice(i..i, tok.bytes());
            }
            5 if !other.is_empty() => {
                let o = other.as_bytes();
                let i = r.below(len + 1);
                let j = r.below(o.len());
                b.truncate(i);
                b.extend_from_slice(&o[j..]);
            }
            _ if len > 0 => {
                b.truncate(r.below(len));
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// NaN or infinity where a figure would be shown.
fn non_finite_text(s: &str) -> bool {
    s.contains("NaN")
        || s.contains('∞')
        || s.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w == "inf" || w == "Infinity")
}

/// Everything the page does with a scenario it accepted: evaluate, report, explain, write the
/// link back and read it, format the headline figures. `Err` names a NaN or infinity shown.
fn exercise(s: &Scenario) -> Result<bool, String> {
    // The page's hand-written JSON (links, saved work) is serde's text for every scenario.
    if crate::scenario::to_json(s) != serde_json::to_string(s).map_err(|x| x.to_string())? {
        return Err("scenario::to_json differs from serde_json::to_string".into());
    }
    let Ok(e) = evaluate_scenario(s) else {
        // The link of a scenario that does not evaluate is still written by the page.
        let _ = crate::share::link(s, 0);
        return Ok(false);
    };
    let report = e.to_report(s.venue);
    let text = serde_json::to_string(&report).map_err(|x| x.to_string())?;
    let probabilities = [
        report.prob_touch_liquidation,
        report.prob_touch_stop.flatten(),
        report.prob_touch_target.flatten(),
        report.prob_target_before_stop.flatten(),
        report.prob_target_before_stop_within.flatten(),
    ];
    for p in probabilities.into_iter().flatten() {
        if !(0.0..=1.0).contains(&p) {
            return Err(format!("probability {p} in the report"));
        }
    }
    if let Some(k) = report.kelly_leverage.flatten() {
        if !k.is_finite() {
            return Err(format!("kelly leverage {k}"));
        }
    }
    if non_finite_text(&text) {
        return Err("NaN or infinity in the report".into());
    }
    for x in crate::explain::explain(&e) {
        let all = format!(
            "{} {} {} {}",
            x.formula,
            x.substituted,
            x.result,
            x.notes.join(" ")
        );
        if non_finite_text(&all) {
            return Err(format!("NaN or infinity in the explanation of {}", x.key));
        }
    }
    let r = &e.report;
    let shown = [
        crate::ui::format::price(r.notional),
        crate::ui::format::amount(r.initial_margin, false),
        crate::ui::format::amount(r.maintenance_margin, true),
        crate::ui::format::leverage(r.leverage),
        r.liquidation_price
            .map(crate::ui::format::price)
            .unwrap_or_default(),
        r.liquidation_distance
            .map(|d| crate::ui::format::percent(d, 2))
            .unwrap_or_default(),
        r.stop
            .map(|x| crate::ui::format::signed_amount(x.net_pnl, false))
            .unwrap_or_default(),
        r.stop
            .map(|x| crate::ui::format::signed_percent(x.roe, 2))
            .unwrap_or_default(),
        r.target
            .map(|x| crate::ui::format::signed_percent(x.roe, 2))
            .unwrap_or_default(),
    ];
    if let Some(t) = shown.iter().find(|t| non_finite_text(t)) {
        return Err(format!("shown as {t}"));
    }
    // The page rewrites its address with the trade: that link must read back.
    if let Ok(fragment) = crate::share::link(s, 0) {
        let back = crate::share::decode(&fragment)
            .map_err(|x| format!("the page wrote a link it refuses: {x}"))?;
        if back.scenario != *s {
            return Err("the written link reads back as another scenario".into());
        }
    }
    // The page's form holds it, and the form's scenario evaluates the same way or says why.
    let form = FormValues::from_scenario(s);
    if let Ok(again) = form.to_scenario() {
        let _ = evaluate_scenario(&again);
    }
    Ok(true)
}

/// Run one input at `entry`: Ok(evaluated) or Err(what was wrong).
fn one(entry: &str, input: &str) -> Result<bool, String> {
    match entry {
        "scenario" | "api" => match from_json(input) {
            Ok(s) => exercise(&s),
            Err(_) => Ok(false),
        },
        "link" => match crate::share::decode(input) {
            Ok(d) => exercise(&d.scenario),
            Err(_) => Ok(false),
        },
        "storage" => {
            // What the page does with such a text: read it on start, or import it and write
            // the result. That is timed; the checks after it are not.
            // Two separate user actions (two tasks in the page): the longer one counts.
            let t = Instant::now();
            let store = Store::read(Some(input));
            let on_start = t.elapsed();
            let t = Instant::now();
            let mut target = Store::default();
            let imported = target.import(input);
            let _ = target.write();
            let on_import = t.elapsed();
            PRODUCT_TIME.with(|c| c.set(Some(on_start.max(on_import))));
            // What was read is written back whole and reads back the same.
            let text = store.write();
            let back = Store::read(Some(&text));
            if store.unreadable.is_none()
                && store.newer_schema.is_none()
                && back.saved != store.saved
            {
                return Err("a store does not read back as written".into());
            }
            // (A few are checked: a substring search per entry would time the harness.)
            for q in store.quarantine.iter().take(2) {
                // An item of the store's own kept-aside list is a JSON string there: escaped.
                let escaped = serde_json::to_string(&q.raw).unwrap_or_default();
                let escaped = escaped.trim_matches('"');
                if q.key.is_none() && !input.contains(q.raw.as_str()) && !input.contains(escaped) {
                    return Err("a kept-aside entry is not the original text".into());
                }
            }
            if let Ok(report) = imported {
                let _ = report.message();
                if target.saved.len() > crate::limits::MAX_SAVED
                    || target
                        .saved
                        .iter()
                        .any(|s| s.name.chars().count() > crate::limits::MAX_NAME_CHARS)
                {
                    return Err("an import went past the save limits".into());
                }
            }
            let mut evaluated = false;
            for s in store.saved.iter().take(3) {
                evaluated |= exercise(&s.scenario)?;
            }
            Ok(evaluated)
        }
        "cli" => Ok(crate::scenario::eval_bytes(input.as_bytes()).is_ok()),
        "typed" => {
            // {"seed": i, "<form field>": "text", …}: the seed's form with fields retyped.
            let Ok(Value::Object(patch)) = serde_json::from_str::<Value>(input) else {
                return Ok(false);
            };
            let seeds = seeds();
            let i = patch.get("seed").and_then(Value::as_u64).unwrap_or(0) as usize;
            let seed = seeds
                .get(i % seeds.len().max(1))
                .cloned()
                .unwrap_or(Value::Null);
            let Ok(s) = from_json(&seed.to_string()) else {
                return Ok(false);
            };
            let mut f = FormValues::from_scenario(&s);
            for (k, v) in &patch {
                let t = v.as_str().unwrap_or_default().to_owned();
                match k.as_str() {
                    "entry" => f.entry = t,
                    "mark" => f.mark = t,
                    "quantity" => f.quantity = t,
                    "notional" => f.notional = t,
                    "margin" => f.margin = t,
                    "equity" => f.equity = t,
                    "risk" => f.risk = t,
                    "leverage" => f.leverage = t,
                    "stop" => f.stop = t,
                    "target" => f.target = t,
                    "mmr" => {
                        f.mm_override = true;
                        f.mmr = t;
                    }
                    "mm_amount" => f.mm_amount = t,
                    "taker_fee" => f.taker_fee = t,
                    "maker_fee" => f.maker_fee = t,
                    "contract_size" => f.contract_size = t,
                    "isolated_margin" => f.isolated_margin = t,
                    "wallet_balance" => f.wallet_balance = t,
                    "funding_rate" => f.funding_rate = t,
                    "funding_interval" => f.funding_interval = t,
                    "holding_hours" => f.holding_hours = t,
                    _ => {}
                }
            }
            match f.to_scenario() {
                Ok(s) => exercise(&s),
                Err(_) => Ok(false),
            }
        }
        _ => Ok(false),
    }
}

/// The texts an entry point's mutations start from.
fn seed_texts(entry: &str) -> Vec<String> {
    let scenarios = seeds();
    match entry {
        "link" => scenarios
            .iter()
            .filter_map(|v| from_json(&v.to_string()).ok())
            .map(|s| crate::share::encode(&s))
            .chain([
                "v=1&venue=custom&entry=1e-12&qty=1e12&lev=1000&mmr=0.0005&tp=1e12".to_owned(),
                "v=1&op=%5B%7B%22side%22%3A%22long%22%2C%22quantity%22%3A%221%22%2C%22entry_price%22%3A%221%22%7D%5D"
                    .to_owned(),
            ])
            .collect(),
        "storage" => {
            let saved: Vec<Value> = scenarios
                .iter()
                .enumerate()
                .map(|(i, s)| json!({"name": format!("s{i}"), "saved_at": "2026-12-01T00:00:00Z", "scenario": s}))
                .collect();
            vec![
                json!({"schema": 1, "scenarios": saved}).to_string(),
                json!({"schema": 1, "scenarios": [saved[0].clone(), saved[0].clone()],
                       "quarantine": [{"raw": "{", "reason": "old"}]})
                .to_string(),
                json!({"schema": 2, "scenarios": []}).to_string(),
            ]
        }
        _ => scenarios.iter().map(Value::to_string).collect(),
    }
}

/// The `i`-th input of a run at `entry`.
fn input(entry: &str, r: &mut Rng, seeds: &[String]) -> String {
    let seed = r.pick(seeds).clone();
    let other = r.pick(seeds).clone();
    match entry {
        "scenario" | "cli" | "api" if r.chance(2) => {
            let v: Value = serde_json::from_str(&seed).unwrap_or(Value::Null);
            let mut v = mutate_value(r, v);
            if entry == "api" {
                // The JS API hands over JSON.stringify's text: numbers as numbers.
                if let Value::Object(m) = &mut v {
                    for k in FIELDS {
                        if let Some(Value::String(t)) = m.get(*k) {
                            if let Ok(x) = t.parse::<f64>() {
                                if x.is_finite() {
                                    m.insert((*k).into(), json!(x));
                                }
                            }
                        }
                    }
                }
            }
            let text = v.to_string();
            if entry == "cli" && r.chance(4) {
                format!("\u{feff}{text}")
            } else {
                text
            }
        }
        "storage" if r.chance(2) => {
            let mut v: Value = serde_json::from_str(&seed).unwrap_or(Value::Null);
            if let Some(Value::Array(list)) = v.get_mut("scenarios") {
                for item in list.iter_mut() {
                    if r.chance(2) {
                        if let Some(s) = item.get_mut("scenario") {
                            *s = mutate_value(r, s.clone());
                        }
                    }
                    if r.chance(8) {
                        item["name"] = json!("n".repeat(r.below(200)));
                    }
                }
                if r.chance(10) {
                    let first = list.first().cloned().unwrap_or(Value::Null);
                    list.extend(std::iter::repeat_n(first, r.below(300)));
                }
            }
            v.to_string()
        }
        "typed" => {
            const FORM: &[&str] = &[
                "entry",
                "mark",
                "quantity",
                "notional",
                "margin",
                "equity",
                "risk",
                "leverage",
                "stop",
                "target",
                "mmr",
                "mm_amount",
                "taker_fee",
                "maker_fee",
                "contract_size",
                "isolated_margin",
                "wallet_balance",
                "funding_rate",
                "funding_interval",
                "holding_hours",
            ];
            let mut m = serde_json::Map::new();
            m.insert("seed".into(), json!(r.below(seeds.len().max(1) * 4)));
            for _ in 0..=r.below(4) {
                let value = if r.chance(3) {
                    let n = *r.pick(NUMBERS);
                    mutate_text(r, n, "")
                } else {
                    (*r.pick(NUMBERS)).to_owned()
                };
                m.insert((*r.pick(FORM)).into(), json!(value));
            }
            Value::Object(m).to_string()
        }
        _ => mutate_text(r, &seed, &other),
    }
}

/// Run `n` inputs at `entry` from `seed`.
pub fn run(entry: &'static str, n: u64, seed: u64) -> Outcome {
    let mut r = Rng::new(seed ^ (entry.len() as u64).wrapping_mul(0x1000_0001));
    let seeds = seed_texts(entry);
    let mut out = Outcome {
        entry,
        ..Outcome::default()
    };
    let started = Instant::now();
    for _ in 0..n {
        let text = input(entry, &mut r, &seeds);
        CURRENT.with(|c| {
            let mut c = c.borrow_mut();
            c.0 = entry;
            c.1.clone_from(&text);
        });
        let (result, mut took) = timed(entry, &text);
        // On a shared machine one run can be held up by others: an input counts as slow only
        // when two more runs of it are slow too (the fastest of the three is kept).
        if took > SLOW && result.is_ok() {
            for _ in 0..2 {
                took = took.min(timed(entry, &text).1);
            }
        }
        out.inputs = out.inputs.saturating_add(1);
        if took > out.slowest {
            out.slowest = took;
            out.slowest_input.clone_from(&text);
        }
        if took > SLOW {
            out.slow = out.slow.saturating_add(1);
            // Slow inputs take at most 3 of the 8 places: panics and NaN/∞ are reported first.
            if out.findings.len() < 3 {
                out.findings.push(format!(
                    "slow ({} ms): {}",
                    took.as_millis(),
                    preview(&text)
                ));
            }
        }
        match result {
            Ok(Ok(true)) => out.evaluated = out.evaluated.saturating_add(1),
            Ok(Ok(false)) => {}
            Ok(Err(what)) => {
                out.non_finite = out.non_finite.saturating_add(1);
                if out.findings.len() < 8 {
                    out.findings.push(format!("{what}: {}", preview(&text)));
                }
            }
            Err(p) => {
                out.panics = out.panics.saturating_add(1);
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                if out.findings.len() < 8 {
                    out.findings
                        .push(format!("panic ({msg}): {}", preview(&text)));
                }
            }
        }
    }
    out.elapsed = started.elapsed();
    out
}

/// Run one input once: what it gave (or its panic), and the time of the product's own work
/// ([`PRODUCT_TIME`] where the entry point sets it, else the whole call).
fn timed(entry: &str, input: &str) -> (std::thread::Result<Result<bool, String>>, Duration) {
    PRODUCT_TIME.with(|c| c.set(None));
    let t = Instant::now();
    let result = panic::catch_unwind(AssertUnwindSafe(|| one(entry, input)));
    let took = PRODUCT_TIME
        .with(|c| c.get())
        .unwrap_or_else(|| t.elapsed());
    (result, took)
}

/// Run one input at `entry` `n` times: (fastest, median) time of the product's work.
pub fn replay(entry: &str, input: &str, n: usize) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..n.max(1)).map(|_| timed(entry, input).1).collect();
    times.sort();
    (times[0], times[times.len() / 2])
}

fn preview(s: &str) -> String {
    let p: String = s.chars().take(400).collect();
    format!("{p:?}")
}

thread_local! {
    /// The time of the product's own work for the current input, when the harness's checks
    /// around it are not to be counted (storage: reading and importing, not the round trip).
    static PRODUCT_TIME: std::cell::Cell<Option<Duration>> = const { std::cell::Cell::new(None) };
    /// The input being run, for the panic hook of a build that aborts on panic.
    static CURRENT: std::cell::RefCell<(&'static str, String)> =
        const { std::cell::RefCell::new(("", String::new())) };
}

/// Replace the default panic message with the entry point and the input that caused it (in a
/// release build the process then aborts; in tests the panic is caught and counted).
pub fn report_panics() {
    panic::set_hook(Box::new(|info| {
        CURRENT.with(|c| {
            let c = c.borrow();
            eprintln!("PANIC at entry {}: {info}\ninput: {}", c.0, preview(&c.1));
        });
    }));
}
