//! The table registry: a loaded venue file's table is the one every figure uses; a bad file
//! is refused and changes nothing; with nothing loaded the built-in tables stand.
//!
//! Each test runs on its own thread, and the registry is per thread: every test starts empty.

use levcalc::engine::tables::{self, TableInfo};
use levcalc::engine::venue_data::Quality;
use levcalc::engine::venues::{self, preset, Venue};
use levcalc::engine::ContractKind;
use levcalc::scenario::{evaluate_scenario, from_json};

const BINANCE: &str = include_str!("../data/venues/binance-usdm.json");
const BITMEX: &str = include_str!("../data/venues/bitmex.json");
const BYBIT: &str = include_str!("../data/venues/bybit-linear.json");
const OKX: &str = include_str!("../data/venues/okx.json");

const DOGE: &str = r#"{"version":1,"venue":"binance-usdm","symbol":"DOGEUSDT","side":"long","entry_price":"0.2","quantity":"10000","leverage":"10"}"#;

fn report(text: &str) -> serde_json::Value {
    let s = from_json(text).unwrap();
    let e = evaluate_scenario(&s).unwrap();
    serde_json::to_value(e.to_report(s.venue)).unwrap()
}

#[test]
fn nothing_loaded_keeps_the_built_in_tables_and_refuses_other_symbols() {
    assert!(!tables::is_loaded("binance-usdm"));
    assert!(tables::table_for(Venue::BinanceUsdm, "BTCUSDT").is_none());
    let p = preset(Venue::BinanceUsdm, Some("BTCUSDT"), ContractKind::Linear).unwrap();
    assert!(!p.from_file);
    assert_eq!(p.as_of, "2024-10-24");
    let first = p.table.unwrap().brackets[0];
    assert_eq!(first.cap.to_string(), "50000");
    let err = evaluate_scenario(&from_json(DOGE).unwrap()).unwrap_err();
    assert!(err.to_string().contains("symbol"), "{err}");
    assert_eq!(venues::symbols_of(Venue::BinanceUsdm).len(), 3);
}

#[test]
fn dogeusdt_evaluates_with_the_files_tier_and_says_so() {
    tables::load("binance-usdm", BINANCE).unwrap();
    assert!(tables::is_loaded("binance-usdm"));
    assert!(!tables::is_loaded("hyperliquid"));
    assert!(!tables::is_loaded("no-such-venue"));
    let v = report(DOGE);
    // Notional 2,000 USDT: DOGEUSDT tier 1 of 2026-07-02 (0.65 %, 75×, cap 80,000).
    assert_eq!(v["bracket"]["tier"], 1);
    assert_eq!(v["maintenance_rate"], "0.0065");
    assert_eq!(v["bracket"]["cap"], "80000");
    assert_eq!(v["bracket"]["max_leverage"], "75");
    assert_eq!(v["table"]["as_of"], "2026-07-02");
    assert_eq!(v["table"]["quality"], "exact");
    assert!(v["table"]["source"].as_str().unwrap().contains("Binance"));
    // Long, isolated, margin 200: (200 − 2000) / (10000 × (0.0065 − 1)) = 0.18116…
    assert!(
        v["liquidation_price"]
            .as_str()
            .unwrap()
            .starts_with("0.1811"),
        "{v}"
    );
    assert_eq!(venues::symbols_of(Venue::BinanceUsdm).len(), 808);
    assert_eq!(venues::symbols_of(Venue::BinanceUsdm)[0], "BTCUSDT");
}

#[test]
fn a_loaded_file_replaces_the_built_in_table_of_a_known_symbol() {
    tables::load("binance-usdm", BINANCE).unwrap();
    let p = preset(Venue::BinanceUsdm, Some("BTCUSDT"), ContractKind::Linear).unwrap();
    assert!(p.from_file);
    assert_eq!(
        p.table_info(),
        TableInfo {
            source: p.source.clone(),
            as_of: "2026-07-02".into(),
            quality: Quality::Exact,
        }
    );
    let t = p.table.unwrap();
    assert_eq!(t.brackets[0].cap.to_string(), "300000");
    assert_eq!(t.brackets[0].max_leverage.to_string(), "150");
    // Fees and model stay the venue's.
    let builtin = {
        tables::clear();
        preset(Venue::BinanceUsdm, Some("BTCUSDT"), ContractKind::Linear).unwrap()
    };
    assert_eq!(p.fees, builtin.fees);
    assert_eq!(p.model, builtin.model);
}

#[test]
fn other_positions_use_the_same_table_as_the_main_position() {
    // Cross margin, the other position on DOGEUSDT: only the file has that symbol.
    let s = r#"{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","margin_mode":"cross",
        "wallet_balance":"10000","side":"long","entry_price":"60000","quantity":"0.1","leverage":"10",
        "other_positions":[{"symbol":"DOGEUSDT","side":"short","quantity":"100000","entry_price":"0.2"}]}"#;
    assert!(evaluate_scenario(&from_json(s).unwrap()).is_err());
    tables::load("binance-usdm", BINANCE).unwrap();
    let with = evaluate_scenario(&from_json(s).unwrap()).unwrap();
    // 20,000 USDT of DOGEUSDT: tier 1, 0.65 %, maintenance 130.
    let alone = s.replace(
        r#""symbol":"DOGEUSDT""#,
        r#""symbol":"DOGEUSDT","maintenance":{"rate":"0.0065"}"#,
    );
    let fixed = evaluate_scenario(&from_json(&alone).unwrap()).unwrap();
    assert_eq!(
        with.report.liquidation_price, fixed.report.liquidation_price,
        "the other position's maintenance is the file's tier"
    );
}

#[test]
fn a_corrupted_file_is_refused_with_its_place_and_keeps_the_good_one() {
    tables::load("binance-usdm", BINANCE).unwrap();
    let version = tables::version();
    // DOGEUSDT's tier 2 rate made invalid: a rate above 1.
    let start = BINANCE.find(r#"{"symbol":"DOGEUSDT""#).unwrap();
    let (head, tail) = BINANCE.split_at(start);
    let bad = format!(
        "{head}{}",
        tail.replacen(r#""rate":["0.0065","0.01","#, r#""rate":["0.0065","7","#, 1)
    );
    assert_ne!(bad, BINANCE);
    let err = tables::load("binance-usdm", &bad).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("binance-usdm"), "{msg}");
    assert_eq!(err.symbol.as_deref(), Some("DOGEUSDT"), "{msg}");
    assert_eq!(err.tier, Some(1), "{msg}");
    assert!(msg.contains("DOGEUSDT") && msg.contains("tier 2"), "{msg}");
    assert_eq!(tables::version(), version, "nothing changed");
    let v = report(DOGE);
    assert_eq!(v["maintenance_rate"], "0.0065");
    // Not JSON at all, and the wrong venue.
    assert!(tables::load("binance-usdm", "{").is_err());
    assert!(tables::load("hyperliquid", BINANCE).is_err());
    assert!(!tables::is_loaded("hyperliquid"));
    assert!(tables::is_loaded("binance-usdm"));
}

#[test]
fn only_symbols_the_engine_venue_can_price_are_taken() {
    tables::load("bitmex", BITMEX).unwrap();
    tables::load("bybit-linear", BYBIT).unwrap();
    tables::load("okx", OKX).unwrap();
    // BitMEX in the engine is XBTUSD (inverse); the linear USDT contracts are not taken.
    let bitmex: Vec<String> = venues::symbols_of(Venue::Bitmex);
    assert_eq!(bitmex, vec!["XBTUSD".to_owned()]);
    assert!(tables::table_for(Venue::Bitmex, "XBTUSD").is_some());
    assert!(tables::table_for(Venue::Bitmex, "ETHUSDT").is_none());
    // Bybit BTCUSDT has no leverage limits in the derived cache: the built-in table stays;
    // LTCUSDT has them.
    assert!(tables::table_for(Venue::BybitLinear, "BTCUSDT").is_none());
    let (_, info) = tables::table_for(Venue::BybitLinear, "LTCUSDT").unwrap();
    assert_eq!(info.quality, Quality::Derived);
    // OKX: contract values only.
    assert!(tables::table_for(Venue::OkxLinear, "ETH-USDT-SWAP").is_none());
    assert!(
        !preset(
            Venue::OkxLinear,
            Some("ETH-USDT-SWAP"),
            ContractKind::Linear
        )
        .unwrap()
        .from_file
    );
}

#[test]
fn a_users_own_rate_or_table_reports_no_venue_table() {
    tables::load("binance-usdm", BINANCE).unwrap();
    let v = report(
        r#"{"version":1,"venue":"binance-usdm","symbol":"DOGEUSDT","side":"long","entry_price":"0.2","quantity":"10000","leverage":"10","maintenance":{"rate":"0.01"}}"#,
    );
    assert!(v.get("table").is_none(), "{v}");
    let v = report(
        r#"{"version":1,"entry_price":"100","quantity":"1","leverage":"10","maintenance":{"rate":"0.01"}}"#,
    );
    assert!(v.get("table").is_none(), "{v}");
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn derived_stand_in_and_stale_tables_are_said_to_be() {
    const GATE: &str = include_str!("../data/venues/gate-linear.json");
    let gate = r#"{"version":1,"venue":"gate-linear","symbol":"BTC_USDT","side":"long","entry_price":"60000","quantity":"0.1","leverage":"10"}"#;
    // Built in: Gate's first tier is a stand-in.
    let v = report(gate);
    assert!(codes(&v).contains(&"table_stand_in".to_owned()), "{v}");
    // Loaded: Gate's file is derived.
    tables::load("gate-linear", GATE).unwrap();
    let v = report(gate);
    assert_eq!(v["table"]["quality"], "derived");
    assert!(codes(&v).contains(&"table_derived".to_owned()), "{v}");
    assert!(!codes(&v).contains(&"table_stand_in".to_owned()), "{v}");
    let message = &v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "table_derived")
        .unwrap()["message"];
    assert!(
        message.as_str().unwrap().contains("2026-06-01"),
        "{message}"
    );
    // Stale only against a date the host sets: none set, none said.
    tables::load("bitmex", BITMEX).unwrap();
    tables::load("binance-usdm", BINANCE).unwrap();
    let xbt = r#"{"version":1,"venue":"bitmex","symbol":"XBTUSD","side":"long","entry_price":"60000","quantity":"1000","leverage":"10"}"#;
    assert!(!codes(&report(xbt)).contains(&"table_stale".to_owned()));
    assert!(tables::set_today("2026-12-01"));
    let v = report(xbt);
    assert_eq!(v["table"]["as_of"], "2026-05-21");
    assert!(codes(&v).contains(&"table_stale".to_owned()), "{v}");
    // Binance's 2026-07-02 table is five months old: not stale.
    let v = report(DOGE);
    assert!(codes(&v).is_empty(), "{v}");
    // A user's own rate has no venue table to warn about.
    let own = report(&xbt.replace(
        "\"leverage\":\"10\"",
        "\"leverage\":\"10\",\"maintenance\":{\"rate\":\"0.005\"}",
    ));
    assert!(
        !codes(&own).iter().any(|c| c.starts_with("table_")),
        "{own}"
    );
}
