//! The `levcalc` command line: documented behaviour, clear errors, never a panic.

// Figures are compared rounded with `round_dp` (clippy.toml refuses it outside tests).
#![allow(clippy::disallowed_methods)]

use std::io::Write;
use std::process::{Command, Stdio};

fn levcalc(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_levcalc"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("levcalc runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn eval_reads_a_file_and_prints_the_report() {
    let (code, example, _) = levcalc(&["example"], None);
    assert_eq!(code, 0);
    let dir = std::env::temp_dir().join(format!("levcalc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.json");
    std::fs::write(&path, &example).unwrap();
    let (code, out, err) = levcalc(&["eval", path.to_str().unwrap()], None);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "liquidation_price",
        "bankruptcy_price",
        "initial_margin",
        "maintenance_margin",
        "maintenance_rate",
        "maintenance_amount",
        "bracket",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "report lacks {key}");
    }
    // (3000 − 30000) / (0.5 × (0.004 − 1)) for the opening example.
    assert!(v["liquidation_price"]
        .as_str()
        .unwrap()
        .starts_with("54216.867469879518"));
}

#[test]
fn eval_reads_stdin_and_takes_numbers_or_strings() {
    let s = r#"{"version":1,"venue":"binance-usdm","symbol":"ETHUSDT","side":"short","entry_price":3000,"quantity":"2","leverage":10}"#;
    let (code, out, err) = levcalc(&["eval", "-"], Some(s));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["bracket"]["tier"], 1);
    assert_eq!(v["maintenance_rate"], "0.004");
}

#[test]
fn bad_input_is_a_clear_message_and_a_nonzero_exit() {
    for (input, needle) in [
        ("{not json", "line 1"),
        (
            r#"{"version":1,"entry_price":-5,"leverage":10,"quantity":1,"maintenance":{"rate":0.004}}"#,
            "entry_price",
        ),
        (r#"{"version":2,"entry_price":5,"leverage":10}"#, "version"),
        ("", "EOF"),
    ] {
        let (code, out, err) = levcalc(&["eval", "-"], Some(input));
        assert_eq!(code, 2, "{input}: {out}{err}");
        assert!(err.contains(needle), "{input}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (code, _, err) = levcalc(&["eval", "/nonexistent/file.json"], None);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"));
    let (code, _, _) = levcalc(&["frobnicate"], None);
    assert_ne!(code, 0);
}

#[test]
fn eval_uses_the_embedded_venue_file_for_any_of_its_symbols() {
    let s = r#"{"version":1,"venue":"binance-usdm","symbol":"DOGEUSDT","side":"long","entry_price":"0.2","quantity":"10000","leverage":"10"}"#;
    let (code, out, err) = levcalc(&["eval", "-"], Some(s));
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // DOGEUSDT tier 1 of the 2026-07-02 table: 0.65 %, 75×, cap 80,000.
    assert_eq!(v["bracket"]["tier"], 1);
    assert_eq!(v["maintenance_rate"], "0.0065");
    assert_eq!(v["bracket"]["max_leverage"], "75");
    assert_eq!(v["table"]["as_of"], "2026-07-02");
    assert_eq!(v["table"]["quality"], "exact");
    assert!(v["liquidation_price"]
        .as_str()
        .unwrap()
        .starts_with("0.18117765475591343"));
    // A symbol no file and no built-in table has is still refused, naming the field.
    let (code, _, err) = levcalc(
        &["eval", "-"],
        Some(&s.replace("DOGEUSDT", "NOSUCHCOINUSDT")),
    );
    assert_eq!(code, 2);
    assert!(err.contains("symbol"), "{err}");
}

#[test]
fn venues_json_lists_every_symbol_with_its_date_and_quality() {
    let (code, out, err) = levcalc(&["venues", "--json"], None);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let venues = v["venues"].as_array().unwrap();
    assert_eq!(venues.len(), 11);
    let count = |key: &str| {
        venues
            .iter()
            .find(|x| x["key"] == key)
            .unwrap_or_else(|| panic!("{key} listed"))["symbols"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count("binance-usdm"), 808);
    assert_eq!(count("hyperliquid"), 178);
    assert_eq!(count("dydx"), 125);
    assert_eq!(count("gate-linear"), 5);
    assert_eq!(
        count("bitmex"),
        7,
        "the perpetuals of the 2026-05-21 file, inverse and linear"
    );
    assert_eq!(count("custom"), 0);
    for venue in venues {
        assert!(venue["label"].as_str().is_some_and(|l| !l.is_empty()));
        for s in venue["symbols"].as_array().unwrap() {
            let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["as_of", "quality", "source", "symbol"], "{s}");
            assert!(["exact", "derived", "stand-in"].contains(&s["quality"].as_str().unwrap()));
        }
    }
    let binance = &venues[0]["symbols"];
    let doge = binance
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["symbol"] == "DOGEUSDT")
        .unwrap();
    assert_eq!(doge["as_of"], "2026-07-02");
    assert_eq!(doge["quality"], "exact");
}

#[test]
fn venues_prints_counts_and_dates_not_every_name() {
    let (code, out, err) = levcalc(&["venues"], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("808 symbols"), "{out}");
    assert!(out.contains("2026-07-02"), "{out}");
    assert!(out.contains("data/venues/binance-usdm.json"), "{out}");
    assert!(!out.contains("ZRXUSDT"), "no wall of names: {out}");
    assert!(out.lines().count() < 60, "{out}");
}

#[test]
fn eval_says_when_a_table_is_stale_or_derived() {
    // dYdX's file is from 2024-08-20: more than six months before any run of this test.
    let s = r#"{"version":1,"venue":"dydx","symbol":"BTC-USD","side":"long","entry_price":"60000","quantity":"0.1","leverage":"10"}"#;
    let (code, out, err) = levcalc(&["eval", "-"], Some(s));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["table"]["as_of"], "2024-08-20");
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"table_stale"), "{codes:?}");
    let s = r#"{"version":1,"venue":"gate-linear","symbol":"ETH_USDT","side":"short","entry_price":"3000","quantity":"1","leverage":"10"}"#;
    let (code, out, err) = levcalc(&["eval", "-"], Some(s));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"table_derived\""), "{out}");
}

#[test]
fn eval_tables_uses_the_venues_own_answer_for_its_symbols() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/venue-import/");
    let eth = r#"{"version":1,"venue":"binance-usdm","symbol":"ETHUSDT","side":"long","entry_price":"3000","quantity":"3","leverage":"10"}"#;
    let (code, bundled, err) = levcalc(&["eval", "-"], Some(eth));
    assert_eq!(code, 0, "{err}");
    let bundled: serde_json::Value = serde_json::from_str(&bundled).unwrap();
    let payload = format!("{data}binance-fapi-leverageBracket-docs-example.json");
    let (code, out, err) = levcalc(&["eval", "--tables", &payload, "-"], Some(eth));
    assert_eq!(code, 0, "{err}");
    let mine: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        mine["table"]["source"],
        "your table: Binance GET /fapi/v1/leverageBracket"
    );
    assert_eq!(
        mine["table"]["as_of"].as_str().map(str::len),
        Some(10),
        "today's date"
    );
    // The documented example's first ETHUSDT bracket: 0.65 %, 75×, cap 10,000 (9,000 notional).
    assert_eq!(mine["bracket"]["maintenance_rate"], "0.0065");
    assert_eq!(mine["bracket"]["max_leverage"], "75");
    assert_ne!(mine["liquidation_price"], bundled["liquidation_price"]);
    // Another venue's answer: one message naming what was expected and what it looks like.
    let bybit = format!("{data}bybit-risk-limit-docs-example.json");
    let (code, _, err) = levcalc(&["eval", "--tables", &bybit, "-"], Some(eth));
    assert_eq!(code, 2);
    assert!(
        err.contains("venue_data") && err.contains("leverageBracket") && err.contains("Bybit"),
        "{err}"
    );
    let (code, _, err) = levcalc(&["eval", "--tables", "/no/such/file", "-"], Some(eth));
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /no/such/file"), "{err}");
}

/// Issue 13 §1: the maintenance figure, its rate, amount and tier belong together. At 5.1 BTC
/// and 60,000 the entry notional (306,000) is in Binance's tier 2 while the liquidation price's
/// notional is in tier 1: the report names both tiers, and `N·r − a` of the mark tier gives the
/// figure (it used to carry tier 1's 0.4 % next to tier 2's 1,230).
#[test]
fn the_maintenance_margin_reads_back_from_its_own_tier() {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let d = |v: &serde_json::Value| Decimal::from_str(v.as_str().unwrap()).unwrap();
    for (side, qty) in [
        ("long", "0.9"),
        ("long", "5.1"),
        ("short", "5.1"),
        ("long", "20"),
        ("short", "80"),
    ] {
        let s = format!(
            r#"{{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"{side}","entry_price":"60000","quantity":"{qty}","leverage":"5"}}"#
        );
        let (code, out, err) = levcalc(&["eval", "-"], Some(&s));
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mb = &v["maintenance_bracket"];
        let notional = d(&v["notional"]);
        assert!(
            d(&mb["floor"]) <= notional && notional <= d(&mb["cap"]),
            "{side} {qty}: {mb}"
        );
        let expected = notional * d(&mb["maintenance_rate"]) - d(&mb["maintenance_amount"]);
        assert_eq!(d(&v["maintenance_margin"]), expected, "{side} {qty}: {v}");
        // The liquidation price's own rate is its tier's.
        assert_eq!(
            v["maintenance_rate"], v["bracket"]["maintenance_rate"],
            "{side} {qty}"
        );
    }
    let s = r#"{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"long","entry_price":"60000","quantity":"5.1","leverage":"10"}"#;
    let (_, out, _) = levcalc(&["eval", "-"], Some(s));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["maintenance_bracket"]["tier"], 2, "{v}");
    assert_eq!(v["bracket"]["tier"], 1, "{v}");
    assert_eq!(v["maintenance_margin"], "1230");
}

/// Issue 13 §1: an isolated position liquidated before its stop loses its margin (the stop's
/// PnL beyond the margin never happens), and in cross margin no leverage puts liquidation on
/// the stop (the wallet sets it), so there is no "highest leverage with the stop first".
#[test]
fn liquidation_before_the_stop_reports_what_happens() {
    use rust_decimal::Decimal;
    use std::str::FromStr;
    let d = |v: &serde_json::Value| Decimal::from_str(v.as_str().unwrap()).unwrap();
    let s = r#"{"version":1,"venue":"custom","side":"long","entry_price":"60000","quantity":"0.5","leverage":"25","stop_price":"57000","maintenance":{"rate":"0.004","amount":"0"},"taker_fee":"0.0005","maker_fee":"0.0002"}"#;
    let (code, out, err) = levcalc(&["eval", "-"], Some(s));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let l = &v["liquidated_before_stop"];
    assert_eq!(l["price"], v["liquidation_price"], "{v}");
    assert_eq!(d(&l["margin_lost"]), d(&v["initial_margin"]));
    assert_eq!(
        d(&l["net_pnl"]),
        -(d(&v["initial_margin"]) + d(&v["open_fee"]))
    );
    assert!(
        d(&l["net_pnl"]) > d(&v["stop"]["net_pnl"]),
        "the loss is capped: {v}"
    );
    assert!(d(&l["roe"]) <= Decimal::from(-1));
    // The stop first: no such block.
    let s10 = s.replace("\"25\"", "\"10\"");
    let (_, out, _) = levcalc(&["eval", "-"], Some(&s10));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v.get("liquidated_before_stop").is_none(), "{v}");
    assert!(v["max_leverage_stop_first"].is_string());
    // Cross margin at 25×: the stop fires first, and no leverage figure claims otherwise.
    let cross = r#"{"version":1,"venue":"custom","side":"long","entry_price":"60000","quantity":"0.5","leverage":"25","stop_price":"57000","maintenance":{"rate":"0.004","amount":"0"},"margin_mode":"cross","wallet_balance":"4800"}"#;
    let (code, out, err) = levcalc(&["eval", "-"], Some(cross));
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["max_leverage_stop_first"].is_null(), "{v}");
    assert!(d(&v["liquidation_price"]) < Decimal::from(57000), "{v}");
    assert!(v.get("liquidated_before_stop").is_none());
}

/// Issue 13 §6: a negative taker fee is refused, naming the field; a negative maker fee is a
/// rebate and lowers the cost of a maker exit.
#[test]
fn only_makers_get_rebates() {
    let base = r#"{"version":1,"venue":"custom","side":"long","entry_price":"60000","quantity":"0.5","leverage":"10","target_price":"66000","maintenance":{"rate":"0.004","amount":"0"}"#;
    let (code, out, err) = levcalc(
        &["eval", "-"],
        Some(&format!(r#"{base},"taker_fee":"-0.0005"}}"#)),
    );
    assert_ne!(code, 0, "{out}");
    let v: serde_json::Value =
        serde_json::from_str(if out.trim().is_empty() { &err } else { &out }).unwrap();
    assert_eq!(v["error"]["field"], "taker_fee", "{v}");
    let (code, out, err) = levcalc(
        &["eval", "-"],
        Some(&format!(r#"{base},"maker_fee":"-0.0001"}}"#)),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["target"]["close_fee"], "-3.3", "{v}");
}

#[test]
fn levcalc_eval_reads_the_bybit_account() {
    // The §4 example of tests/bybit_uta.rs, through the command line.
    let s = r#"{"version":1,"venue":"bybit-inverse","side":"long","entry_price":"50000","quantity":"60000","leverage":"10","maintenance":{"rate":"0.005"},"taker_fee":"0.00055","account":"uta"}"#;
    let (code, out, err) = levcalc(&["eval", "-"], Some(s));
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["account"], "uta");
    assert_eq!(j["fee_to_close"], "0.000726");
    let lp: rust_decimal::Decimal = j["liquidation_price"].as_str().unwrap().parse().unwrap();
    assert_eq!(lp.round_dp(1), rust_decimal::Decimal::new(456_818, 1));
}

/// `levcalc venues --json | head -c 100`: the reader closes the pipe early; the CLI stops
/// quietly (it panicked with "failed printing to stdout: Broken pipe").
#[test]
fn a_closed_stdout_ends_the_program_quietly() {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_levcalc"))
        .args(["venues", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.success(), "{status:?} {err}");
}

/// Binance COIN-M (no data file) takes the user's `/dapi` brackets: `--tables` uses them
/// (it refused "importing tables for Binance COIN-M is not supported").
#[test]
fn eval_tables_takes_binance_coinm_brackets() {
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/venue-import/binance-dapi-v2-leverageBracket-docs-example.json"
    ))
    .unwrap();
    // The docs example with a maintenance rate of 1 % instead of 0.4 % (and 50x, so the
    // initial rate stays above it).
    let changed = docs
        .replace("\"maintMarginRatio\": 0.004", "\"maintMarginRatio\": 0.01")
        .replace("\"initialLeverage\": 125", "\"initialLeverage\": 50");
    assert_ne!(changed, docs);
    let dir = std::env::temp_dir().join(format!("levcalc-coinm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("dapi.json");
    std::fs::write(&file, &changed).unwrap();
    let scenario = r#"{"version":1,"venue":"binance-coinm","symbol":"BTCUSD_PERP","side":"long","entry_price":"60000","quantity":"10","leverage":"10"}"#;
    let (code, bundled, err) = levcalc(&["eval", "-"], Some(scenario));
    assert_eq!(code, 0, "{err}");
    let (code, mine, err) = levcalc(
        &["eval", "--tables", file.to_str().unwrap(), "-"],
        Some(scenario),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&mine).unwrap();
    let b: serde_json::Value = serde_json::from_str(&bundled).unwrap();
    assert!(v["table"]["source"]
        .as_str()
        .unwrap()
        .starts_with("your table: Binance GET /dapi"));
    assert_eq!(v["maintenance_rate"], "0.01");
    assert_ne!(v["liquidation_price"], b["liquidation_price"]);
    let _ = std::fs::remove_dir_all(&dir);
}
