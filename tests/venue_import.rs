//! A venue's own API answer becomes its bracket tables (engine::venue_import).
//!
//! Payloads are in tests/data/venue-import/ (README.md there: provenance). Spot-check figures
//! are the payloads' own numbers; for snapshots the repository's data files were made from,
//! every imported table is compared with what the repository's loader gives.

use levcalc::engine::brackets::{Bracket, BracketTable, Lookup, TierUnit};
use levcalc::engine::contract::ContractKind;
use levcalc::engine::input::MAX_MONEY;
use levcalc::engine::tables::{entries_of, Entry};
use levcalc::engine::venue_data::{self, Problem, Quality, VenueDataError};
use levcalc::engine::venue_import::{
    endpoint, formats_for, import, import_named, scale_bounds, Format, Imported, MAX_IMPORT_BYTES,
};
use levcalc::engine::venues::{self, Venue};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

const BINANCE_CCXT: &str =
    include_str!("data/venue-import/binance-usdm-ccxt-tiers-subset-2026-07-02.json");
const BINANCE_FAPI: &str =
    include_str!("data/venue-import/binance-fapi-leverageBracket-docs-example.json");
const BINANCE_FAPI_ONE: &str =
    include_str!("data/venue-import/binance-fapi-leverageBracket-symbol-docs-example.json");
const BINANCE_DAPI_V1: &str =
    include_str!("data/venue-import/binance-dapi-v1-leverageBracket-docs-example.json");
const BINANCE_DAPI_V2: &str =
    include_str!("data/venue-import/binance-dapi-v2-leverageBracket-docs-example.json");
const BYBIT_DOCS: &str = include_str!("data/venue-import/bybit-risk-limit-docs-example.json");
const BYBIT_LTC: &str =
    include_str!("data/venue-import/bybit-risk-limit-LTCUSDT-rebuilt-2026-05-18.json");
const OKX_DOCS: &str = include_str!("data/venue-import/okx-position-tiers-docs-example.json");
const OKX_FIXTURE: &str =
    include_str!("data/venue-import/okx-position-tiers-freqtrade-fixture.json");
const GATE_TIERS: &str = include_str!("data/venue-import/gate-risk-limit-tiers-docs-example.json");
const GATE_SNAPSHOT: &str =
    include_str!("data/venue-import/gate-futures-contracts-2026-06-01.json");
const HYPERLIQUID: &str =
    include_str!("data/venue-import/hyperliquid-meta-rebuilt-2026-09-27.json");
const DYDX: &str = include_str!("data/venue-import/dydx-v4-perpetualMarkets-2024-08-20.json");
const BITMEX_SNAPSHOT: &str = include_str!("data/venue-import/bitmex-instrument-2026-05-21.json");
const BITMEX_XBTUSD: &str =
    include_str!("data/venue-import/bitmex-instrument-XBTUSD-2024-11-24.json");

const TODAY: &str = "2026-12-01";

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test literal")
}

fn ok(venue: Venue, text: &str) -> Imported {
    import(venue, text, TODAY).unwrap_or_else(|e| panic!("{venue:?}: {e}"))
}

fn fail(venue: Venue, text: &str) -> VenueDataError {
    match import(venue, text, TODAY) {
        Ok(i) => panic!("{venue:?}: imported {} entries", i.entries.len()),
        Err(e) => e,
    }
}

fn entry<'a>(i: &'a Imported, symbol: &str) -> &'a Entry {
    i.entries
        .iter()
        .find(|e| e.symbol == symbol)
        .unwrap_or_else(|| panic!("{symbol} imported"))
}

/// (floor, cap, rate, amount, max leverage) of every tier.
fn rows(t: &BracketTable) -> Vec<(Decimal, Decimal, Decimal, Decimal, Decimal)> {
    t.brackets
        .iter()
        .map(|b: &Bracket| {
            (
                b.floor,
                b.cap,
                b.maintenance.rate,
                b.maintenance.amount,
                b.max_leverage,
            )
        })
        .collect()
}

fn repo(key: &str, text: &str) -> Vec<Entry> {
    entries_of(&venue_data::parse(key, text).unwrap_or_else(|e| panic!("{key}: {e}")))
}

/// Every imported entry equals the loader's entry of the same symbol, table and contract.
fn same_as_repo(imported: &Imported, repo: &[Entry]) {
    for e in &imported.entries {
        let r = repo
            .iter()
            .find(|r| r.symbol == e.symbol)
            .unwrap_or_else(|| panic!("{} is in the repo's file", e.symbol));
        assert_eq!(e.table, r.table, "{} table", e.symbol);
        assert_eq!(e.contract, r.contract, "{} contract facts", e.symbol);
        assert_eq!(e.info.quality, r.info.quality, "{} quality", e.symbol);
    }
}

/// The message names the venue key, one of its format labels and every `needles`.
fn says(e: &VenueDataError, venue: Venue, needles: &[&str]) {
    let m = e.to_string();
    assert!(m.contains(venue.key()), "{m}");
    assert!(
        formats_for(venue).iter().any(|f| {
            let l = f.label();
            m.contains(l) || (venue == Venue::BinanceCoinm && m.contains("/dapi/"))
        }),
        "names a format: {m}"
    );
    for n in needles {
        assert!(m.contains(n), "{n:?} in {m}");
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("serialise")
}

// --- Binance ------------------------------------------------------------------------------

#[test]
fn binance_ccxt_dump_gives_the_repos_tables() {
    let i = ok(Venue::BinanceUsdm, BINANCE_CCXT);
    assert_eq!(i.format, Format::BinanceCcxtTiers);
    assert_eq!(i.entries.len(), 21);
    let names: Vec<&str> = i.entries.iter().map(|e| e.symbol.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted, "sorted, each once");
    for s in [
        "BTCUSDT",
        "DOGEUSDT",
        "BTCUSDT_260925",
        "ETHUSDT_261225",
        "BTCSTUSDT",
        "ETHBTC",
        "币安人生USDT",
    ] {
        assert!(names.contains(&s), "{s}");
    }
    same_as_repo(
        &i,
        &repo(
            "binance-usdm",
            include_str!("../data/venues/binance-usdm.json"),
        ),
    );
    let doge = entry(&i, "DOGEUSDT");
    assert_eq!(doge.table.brackets.len(), 10);
    assert_eq!(
        rows(&doge.table)[..3],
        [
            (d("0"), d("80000"), d("0.0065"), d("0"), d("75")),
            (d("80000"), d("150000"), d("0.01"), d("280"), d("50")),
            (d("150000"), d("750000"), d("0.0125"), d("655"), d("40")),
        ]
    );
    assert_eq!(
        rows(&doge.table)[9],
        (
            d("100000000"),
            d("200000000"),
            d("0.5"),
            d("33366280"),
            d("1")
        )
    );
    assert_eq!(doge.table.lookup, Lookup::FloorInclusive);
    assert_eq!(doge.table.unit, TierUnit::Notional);
    assert!(!doge.contract.inverse);
    assert_eq!(doge.info.as_of, TODAY);
    assert_eq!(doge.info.quality, Quality::Exact);
    assert!(doge.info.source.starts_with("your table: Binance"));
    let q3 = entry(&i, "BTCUSDT_260925");
    assert_eq!(
        rows(&q3.table)[1],
        (d("50000"), d("375000"), d("0.02"), d("500"), d("25"))
    );
    // BTCST's last cap is Binance's i64-max "no cap": open-ended, as the loader reads it.
    let st = entry(&i, "BTCSTUSDT");
    let last = st.table.brackets.last().expect("tiers");
    assert_eq!((last.floor, last.cap), (d("1000000"), MAX_MONEY));
}

#[test]
fn binance_fapi_docs_examples_list_and_single_symbol() {
    for text in [BINANCE_FAPI, BINANCE_FAPI_ONE] {
        let i = ok(Venue::BinanceUsdm, text);
        assert_eq!(i.format, Format::BinanceLeverageBracket);
        assert_eq!(i.entries.len(), 1);
        let e = entry(&i, "ETHUSDT");
        assert_eq!(
            rows(&e.table),
            [(d("0"), d("10000"), d("0.0065"), d("0"), d("75"))]
        );
        assert!(!e.contract.inverse);
    }
}

#[test]
fn binance_dapi_docs_examples_are_coin_margined() {
    for text in [BINANCE_DAPI_V1, BINANCE_DAPI_V2] {
        let i = ok(Venue::BinanceCoinm, text);
        let e = entry(&i, "BTCUSD_PERP");
        assert_eq!(
            rows(&e.table),
            [(d("0"), d("50"), d("0.004"), d("0"), d("125"))]
        );
        assert!(e.contract.inverse);
        assert!(e.info.source.contains("/dapi/"));
    }
    let e = fail(Venue::BinanceUsdm, BINANCE_DAPI_V2);
    says(
        &e,
        Venue::BinanceUsdm,
        &["BTCUSD_PERP", "tier 1", "qtyCap", "COIN-M"],
    );
    let e = fail(Venue::BinanceCoinm, BINANCE_FAPI);
    says(
        &e,
        Venue::BinanceCoinm,
        &["ETHUSDT", "notionalCap", "USDⓈ-M"],
    );
}

#[test]
fn binance_bad_brackets_are_named() {
    let base: Value = serde_json::from_str(BINANCE_CCXT).expect("json");
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = json!({"DOGE/USDT:USDT": base["DOGE/USDT:USDT"].clone()});
        f(&mut v);
        pretty(&v)
    };
    let info = |k: usize| format!("/DOGE~1USDT:USDT/{k}/info");
    // Non-contiguous: bracket 3 starts at 150001 instead of bracket 2's cap 150000.
    let t = with(&|v| {
        *v.pointer_mut(&info(2))
            .expect("b3")
            .get_mut("notionalFloor")
            .expect("f") = json!(150001)
    });
    says(
        &fail(Venue::BinanceUsdm, &t),
        Venue::BinanceUsdm,
        &["DOGEUSDT", "tier 3", "150000", "contiguous"],
    );
    // A cum that breaks the cumulative rule.
    let t = with(&|v| {
        *v.pointer_mut(&info(1))
            .expect("b2")
            .get_mut("cum")
            .expect("c") = json!(281.0)
    });
    says(
        &fail(Venue::BinanceUsdm, &t),
        Venue::BinanceUsdm,
        &["tier 2", "cum", "280"],
    );
    // Negative rate.
    let t = with(&|v| {
        *v.pointer_mut(&info(0))
            .expect("b1")
            .get_mut("maintMarginRatio")
            .expect("r") = json!(-0.0065)
    });
    says(
        &fail(Venue::BinanceUsdm, &t),
        Venue::BinanceUsdm,
        &["tier 1", "maintenance rate", "-0.0065"],
    );
    // Brackets out of order.
    let t = with(&|v| {
        *v.pointer_mut(&info(1))
            .expect("b2")
            .get_mut("bracket")
            .expect("n") = json!(3)
    });
    says(
        &fail(Venue::BinanceUsdm, &t),
        Venue::BinanceUsdm,
        &["tier 2", "bracket"],
    );
    // A missing field.
    let t = with(&|v| {
        v.pointer_mut(&info(4))
            .expect("b5")
            .as_object_mut()
            .expect("obj")
            .remove("initialLeverage");
    });
    says(
        &fail(Venue::BinanceUsdm, &t),
        Venue::BinanceUsdm,
        &["tier 5", "initialLeverage", "missing"],
    );
    // An exact-looking JSON number that is not exact, and exponent forms.
    for bad in [
        "0.00650000000000000001",
        "6.5e-3",
        "\"6.5e-3\"",
        "\"0x1\"",
        "true",
        "0.0065000000000000001",
    ] {
        let t = with(&|v| {
            *v.pointer_mut(&info(0))
                .expect("b1")
                .get_mut("maintMarginRatio")
                .expect("r") = json!("X")
        });
        let t = t.replace(
            "\"maintMarginRatio\": \"X\"",
            &format!("\"maintMarginRatio\": {bad}"),
        );
        says(
            &fail(Venue::BinanceUsdm, &t),
            Venue::BinanceUsdm,
            &["tier 1", "maintMarginRatio"],
        );
    }
    // Huge bounds: beyond 10^15, beyond Decimal, beyond f64.
    for (bad, needle) in [
        ("\"10000000000000000\"", "10^15"),
        ("\"99999999999999999999999999999999999\"", "notionalCap"),
        ("1e400", "JSON"),
        ("123456789012345678901234567890", "notionalCap"),
    ] {
        let t = with(&|v| {
            *v.pointer_mut(&info(9))
                .expect("b10")
                .get_mut("notionalCap")
                .expect("c") = json!("X")
        });
        let t = t.replace("\"notionalCap\": \"X\"", &format!("\"notionalCap\": {bad}"));
        let e = fail(Venue::BinanceUsdm, &t);
        says(&e, Venue::BinanceUsdm, &[needle]);
    }
}

#[test]
fn binance_error_envelope_reports_binances_message() {
    let t = r#"{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}"#;
    let e = fail(Venue::BinanceUsdm, t);
    says(
        &e,
        Venue::BinanceUsdm,
        &["Binance answered", "-2015", "Invalid API-key"],
    );
}

// --- Bybit --------------------------------------------------------------------------------

#[test]
fn bybit_rebuilt_ltcusdt_gives_the_repos_tiers() {
    let i = ok(Venue::BybitLinear, BYBIT_LTC);
    assert_eq!(i.format, Format::BybitRiskLimit);
    let ltc = entry(&i, "LTCUSDT");
    assert_eq!(ltc.table.brackets.len(), 29);
    assert_eq!(ltc.table.lookup, Lookup::CapInclusive);
    assert_eq!(
        rows(&ltc.table)[1],
        (
            d("200000"),
            d("400000"),
            d("0.015"),
            d("1000"),
            Decimal::ONE / d("0.03")
        )
    );
    // The loader's LTCUSDT has the same 29 tiers and a 30th, open one (the cache lost its cap).
    let r = repo(
        "bybit-linear",
        include_str!("../data/venues/bybit-linear.json"),
    );
    let repo_ltc = r.iter().find(|e| e.symbol == "LTCUSDT").expect("LTCUSDT");
    assert_eq!(repo_ltc.table.brackets.len(), 30);
    assert_eq!(ltc.table.brackets[..], repo_ltc.table.brackets[..29]);
    // Tiers listed out of order are ordered by riskLimitValue.
    let mut v: Value = serde_json::from_str(BYBIT_LTC).expect("json");
    v["result"]["list"].as_array_mut().expect("list").reverse();
    assert_eq!(ok(Venue::BybitLinear, &pretty(&v)).entries, i.entries);
    // A linear answer is no inverse table.
    says(
        &fail(Venue::BybitInverse, BYBIT_LTC),
        Venue::BybitInverse,
        &["no inverse"],
    );
}

#[test]
fn bybit_docs_example_is_refused_for_its_percent_rates() {
    // The docs example states maintenanceMargin "0.5" and initialMargin "1" with maxLeverage
    // 100: percent, where the live API answers fractions ("0.005").
    let e = fail(Venue::BybitInverse, BYBIT_DOCS);
    says(
        &e,
        Venue::BybitInverse,
        &["BTCUSD", "tier 1", "0.5", "1/100"],
    );
}

#[test]
fn bybit_errors_and_bad_tiers() {
    let t = r#"{"retCode":10001,"retMsg":"params error: symbol invalid","result":{},"retExtInfo":{},"time":1}"#;
    says(
        &fail(Venue::BybitLinear, t),
        Venue::BybitLinear,
        &["Bybit answered", "10001", "symbol invalid"],
    );
    let mut v: Value = serde_json::from_str(BYBIT_LTC).expect("json");
    v["result"]["list"][3]["mmDeduction"] = json!("6001");
    says(
        &fail(Venue::BybitLinear, &pretty(&v)),
        Venue::BybitLinear,
        &["LTCUSDT", "tier 4", "cum"],
    );
    let mut v: Value = serde_json::from_str(BYBIT_LTC).expect("json");
    v["result"]["list"][2]["riskLimitValue"] = json!("400000");
    says(
        &fail(Venue::BybitLinear, &pretty(&v)),
        Venue::BybitLinear,
        &["LTCUSDT", "tier 3", "cap"],
    );
    let mut v: Value = serde_json::from_str(BYBIT_LTC).expect("json");
    v["result"]["category"] = json!("spot");
    says(
        &fail(Venue::BybitLinear, &pretty(&v)),
        Venue::BybitLinear,
        &["category", "spot"],
    );
}

// --- OKX ----------------------------------------------------------------------------------

#[test]
fn okx_fixture_tiers_are_in_contracts_with_integer_gaps() {
    let i = ok(Venue::OkxLinear, OKX_FIXTURE);
    assert_eq!(i.format, Format::OkxPositionTiers);
    let names: Vec<&str> = i.entries.iter().map(|e| e.symbol.as_str()).collect();
    assert_eq!(names, ["ADA-USDT-SWAP", "ETH-USDT-SWAP"]);
    let eth = entry(&i, "ETH-USDT-SWAP");
    assert_eq!(eth.table.unit, TierUnit::Size);
    assert_eq!(eth.table.lookup, Lookup::CapInclusive);
    assert_eq!(
        rows(&eth.table),
        [
            (d("0"), d("2000"), d("0.01"), d("0"), d("75")),
            (d("2000"), d("4000"), d("0.015"), d("0"), d("50")),
            (d("4000"), d("8000"), d("0.02"), d("0"), d("20")),
        ]
    );
    // Scaled by the contract value 0.1 ETH, caps and rates are the built-in table's (from the
    // same freqtrade fixture).
    let scaled = scale_bounds(&eth.table, d("0.1")).expect("scaled");
    let builtin = venues::preset(
        Venue::OkxLinear,
        Some("ETH-USDT-SWAP"),
        ContractKind::Linear,
    )
    .expect("preset")
    .table
    .expect("table");
    let caps = |t: &BracketTable| -> Vec<(Decimal, Decimal, Decimal)> {
        t.brackets
            .iter()
            .map(|b| (b.cap, b.maintenance.rate, b.max_leverage))
            .collect()
    };
    assert_eq!(caps(&scaled), caps(&builtin));
    assert!(scale_bounds(&eth.table, Decimal::ZERO).is_err());
    says(
        &fail(Venue::OkxInverse, OKX_FIXTURE),
        Venue::OkxInverse,
        &["no inverse"],
    );
}

#[test]
fn okx_docs_example_is_margin_tiers_and_errors_are_okxs() {
    says(
        &fail(Venue::OkxLinear, OKX_DOCS),
        Venue::OkxLinear,
        &["MARGIN", "BTC-USDT", "instType=SWAP"],
    );
    let t = r#"{"code":"51001","msg":"Instrument ID does not exist","data":[]}"#;
    says(
        &fail(Venue::OkxLinear, t),
        Venue::OkxLinear,
        &["OKX answered", "51001", "does not exist"],
    );
    let mut v: Value = serde_json::from_str(OKX_FIXTURE).expect("json");
    v["data"][1]["minSz"] = json!("2500");
    says(
        &fail(Venue::OkxLinear, &pretty(&v)),
        Venue::OkxLinear,
        &["ETH-USDT-SWAP", "tier 2", "2500"],
    );
    let mut v: Value = serde_json::from_str(OKX_FIXTURE).expect("json");
    v["data"][2]["tier"] = json!("4");
    says(
        &fail(Venue::OkxLinear, &pretty(&v)),
        Venue::OkxLinear,
        &["ETH-USDT-SWAP", "tier"],
    );
    // An inverse family is kept by the inverse venue.
    let mut v: Value = serde_json::from_str(OKX_FIXTURE).expect("json");
    for r in v["data"].as_array_mut().expect("data") {
        r["uly"] = json!("BTC-USD");
    }
    v["data"].as_array_mut().expect("data").truncate(3);
    let i = ok(Venue::OkxInverse, &pretty(&v));
    assert!(entry(&i, "BTC-USD-SWAP").contract.inverse);
}

// --- Gate ---------------------------------------------------------------------------------

#[test]
fn gate_risk_limit_tiers_docs_example() {
    let i = ok(Venue::GateLinear, GATE_TIERS);
    assert_eq!(i.format, Format::GateRiskLimitTiers);
    let z = entry(&i, "ZTX_USDT");
    assert_eq!(z.table.lookup, Lookup::CapInclusive);
    assert_eq!(
        rows(&z.table),
        [
            (d("0"), d("20000"), d("0.01"), d("0"), d("50")),
            (d("20000"), d("30000"), d("0.013"), d("60"), d("40")),
            (d("30000"), d("50000"), d("0.015"), d("120"), d("35")),
            (d("50000"), d("70000"), d("0.02"), d("370"), d("30")),
            (d("70000"), d("100000"), d("0.025"), d("720"), d("25")),
        ]
    );
    assert_eq!(z.info.quality, Quality::Exact);
    let mut v: Value = serde_json::from_str(GATE_TIERS).expect("json");
    v[3]["deduction"] = json!("371");
    says(
        &fail(Venue::GateLinear, &pretty(&v)),
        Venue::GateLinear,
        &["ZTX_USDT", "tier 4", "370"],
    );
    // Without `contract` (a single-contract answer) the caller names the symbol.
    let mut v: Value = serde_json::from_str(GATE_TIERS).expect("json");
    for t in v.as_array_mut().expect("list") {
        t.as_object_mut().expect("obj").remove("contract");
    }
    let t = pretty(&v);
    says(
        &fail(Venue::GateLinear, &t),
        Venue::GateLinear,
        &["contract", "missing"],
    );
    let named = import_named(Venue::GateLinear, &t, TODAY, Some("ZTX_USDT")).expect("named");
    assert_eq!(named.entries, i.entries);
}

fn gate_usdt() -> String {
    let v: Value = serde_json::from_str(GATE_SNAPSHOT).expect("json");
    serde_json::to_string(&v["usdt"]).expect("usdt")
}

#[test]
fn gate_contracts_give_the_repos_step_tables() {
    let i = ok(Venue::GateLinear, &gate_usdt());
    assert_eq!(i.format, Format::GateContracts);
    assert_eq!(i.entries.len(), 5);
    same_as_repo(
        &i,
        &repo(
            "gate-linear",
            include_str!("../data/venues/gate-linear.json"),
        ),
    );
    let btc = entry(&i, "BTC_USDT");
    assert_eq!(btc.info.quality, Quality::Derived);
    // risk_limit_base 500000 at maintenance_rate 0.003 and leverage_max 200, up to
    // risk_limit_max 1500000000 in one step of 1499500000.
    assert_eq!(
        rows(&btc.table)[0],
        (d("0"), d("500000"), d("0.003"), d("0"), d("200"))
    );
    assert_eq!(
        btc.table.brackets.last().map(|b| b.cap),
        Some(d("1500000000"))
    );
    assert_eq!(btc.contract.tick, Some(d("0.1")));
    // The BTC-settled BTC_USD is no USDT contract; one contract object alone also imports.
    let v: Value = serde_json::from_str(GATE_SNAPSHOT).expect("json");
    let mut all = v["usdt"].as_array().expect("usdt").clone();
    all.extend(v["btc"].as_array().expect("btc").iter().cloned());
    let both = ok(
        Venue::GateLinear,
        &serde_json::to_string(&all).expect("all"),
    );
    assert_eq!(both.entries, i.entries);
    let one = ok(Venue::GateLinear, &pretty(&v["usdt"][0]));
    assert_eq!(one.entries.len(), 1);
    assert_eq!(one.entries[0], *entry(&i, "BTC_USDT"));
}

// --- Hyperliquid, dYdX, BitMEX ------------------------------------------------------------

#[test]
fn hyperliquid_meta_gives_the_repos_tables() {
    let i = ok(Venue::Hyperliquid, HYPERLIQUID);
    assert_eq!(i.format, Format::HyperliquidMeta);
    assert_eq!(i.entries.len(), 178);
    same_as_repo(
        &i,
        &repo(
            "hyperliquid",
            include_str!("../data/venues/hyperliquid.json"),
        ),
    );
    let btc = entry(&i, "BTC");
    // marginTables 56: lowerBound 0.0 at 40x, 150000000.0 at 20x; rate 1/(2·lev).
    assert_eq!(
        rows(&btc.table),
        [
            (d("0"), d("150000000"), d("0.0125"), d("0"), d("40")),
            (d("150000000"), MAX_MONEY, d("0.025"), d("1875000"), d("20")),
        ]
    );
    let flat = entry(&i, "0G");
    assert_eq!(flat.info.quality, Quality::Derived);
    assert_eq!(
        rows(&flat.table),
        [(d("0"), MAX_MONEY, Decimal::ONE / d("6"), d("0"), d("3"))]
    );
}

#[test]
fn hyperliquid_delisted_unknown_tables_and_all_perp_metas() {
    let meta = |u: Value| {
        json!({"universe": u, "marginTables": [[51, {"description": "tiered 10x",
            "marginTiers": [{"lowerBound": "0.0", "maxLeverage": 10},
                            {"lowerBound": "3000000.0", "maxLeverage": 5}]}]]})
    };
    let v = meta(json!([
        {"szDecimals": 2, "name": "AVAX", "maxLeverage": 10, "marginTableId": 51},
        {"szDecimals": 1, "name": "MATIC", "maxLeverage": 20, "marginTableId": 20, "isDelisted": true}
    ]));
    let i = ok(Venue::Hyperliquid, &pretty(&v));
    assert_eq!(i.entries.len(), 1);
    assert_eq!(
        rows(&entry(&i, "AVAX").table)[1].3,
        d("3000000") * (d("0.1") - d("0.05"))
    );
    let v =
        meta(json!([{"szDecimals": 2, "name": "AVAX", "maxLeverage": 10, "marginTableId": 77}]));
    says(
        &fail(Venue::Hyperliquid, &pretty(&v)),
        Venue::Hyperliquid,
        &["AVAX", "marginTableId", "77"],
    );
    let v =
        meta(json!([{"szDecimals": 2, "name": "AVAX", "maxLeverage": 20, "marginTableId": 51}]));
    says(
        &fail(Venue::Hyperliquid, &pretty(&v)),
        Venue::Hyperliquid,
        &["AVAX", "maxLeverage"],
    );
    let v = meta(json!([{"szDecimals": 2, "name": "AVAX", "maxLeverage": 0, "marginTableId": 0}]));
    says(
        &fail(Venue::Hyperliquid, &pretty(&v)),
        Venue::Hyperliquid,
        &["AVAX", "max leverage"],
    );
    let all = json!([serde_json::from_str::<Value>(HYPERLIQUID).expect("json")]);
    says(
        &fail(Venue::Hyperliquid, &pretty(&all)),
        Venue::Hyperliquid,
        &["allPerpMetas"],
    );
}

#[test]
fn dydx_markets_give_the_repos_tables() {
    let i = ok(Venue::Dydx, DYDX);
    assert_eq!(i.format, Format::DydxPerpetualMarkets);
    assert_eq!(i.entries.len(), 125);
    same_as_repo(&i, &repo("dydx", include_str!("../data/venues/dydx.json")));
    let btc = entry(&i, "BTC-USD");
    assert_eq!(
        rows(&btc.table),
        [(d("0"), MAX_MONEY, d("0.03"), d("0"), d("20"))]
    );
    assert_eq!(
        (btc.contract.tick, btc.contract.lot),
        (Some(d("1")), Some(d("0.0001")))
    );
    let mut v: Value = serde_json::from_str(DYDX).expect("json");
    v["markets"]["BTC-USD"]["initialMarginFraction"] = json!("0");
    says(
        &fail(Venue::Dydx, &pretty(&v)),
        Venue::Dydx,
        &["BTC-USD", "initialMarginFraction"],
    );
    let mut v: Value = serde_json::from_str(DYDX).expect("json");
    v["markets"]["BTC-USD"]["maintenanceMarginFraction"] = json!("0.06");
    says(
        &fail(Venue::Dydx, &pretty(&v)),
        Venue::Dydx,
        &["BTC-USD", "tier 1", "0.06"],
    );
    let t = r#"{"errors":[{"msg":"ticker must be a valid ticker"}]}"#;
    says(
        &fail(Venue::Dydx, t),
        Venue::Dydx,
        &["dYdX answered", "valid ticker"],
    );
}

#[test]
fn bitmex_instruments_give_the_repos_tables() {
    let v: Value = serde_json::from_str(BITMEX_SNAPSHOT).expect("json");
    let list = serde_json::to_string(&v["instruments"]).expect("instruments");
    let i = ok(Venue::Bitmex, &list);
    assert_eq!(i.format, Format::BitmexInstrument);
    assert_eq!(i.entries.len(), 7);
    same_as_repo(
        &i,
        &repo("bitmex", include_str!("../data/venues/bitmex.json")),
    );
    // The 2024 XBTUSD object, with JSON numbers: riskLimit 20000000000 XBt = 200 XBT, steps of
    // 150 XBT, maintMargin 0.005, initMargin 0.01: 199 steps to 1×.
    let x = ok(Venue::Bitmex, BITMEX_XBTUSD);
    let xbt = entry(&x, "XBTUSD");
    assert!(xbt.contract.inverse);
    assert_eq!(xbt.table.brackets.len(), 199);
    assert_eq!(
        rows(&xbt.table)[0],
        (d("0"), d("200"), d("0.005"), d("0"), d("100"))
    );
    assert_eq!(rows(&xbt.table)[1].0, d("200"));
    assert_eq!(rows(&xbt.table)[1].1, d("350"));
    assert_eq!(
        (xbt.contract.tick, xbt.contract.lot),
        (Some(d("0.1")), Some(d("100")))
    );
    assert_eq!(
        xbt.contract.fees.map(|f| (f.taker, f.maker)),
        Some((d("0.0005"), d("0.0005")))
    );
    // Quanto and non-perpetual instruments are left out; a hostile step is bounded.
    let mut v2: Value = serde_json::from_str(BITMEX_XBTUSD).expect("json");
    v2["maintMargin"] = json!(0.0001);
    says(
        &fail(Venue::Bitmex, &pretty(&v2)),
        Venue::Bitmex,
        &["XBTUSD", "risk-limit steps"],
    );
    let mut v3: Value = serde_json::from_str(BITMEX_XBTUSD).expect("json");
    v3["typ"] = json!("FFCCSX");
    says(
        &fail(Venue::Bitmex, &pretty(&json!([v3]))),
        Venue::Bitmex,
        &["no perpetual", "FFWCSX"],
    );
    let t = r#"{"error":{"message":"Rate limit exceeded, retry in 1 seconds.","name":"RateLimitError"}}"#;
    says(
        &fail(Venue::Bitmex, t),
        Venue::Bitmex,
        &["BitMEX answered", "RateLimitError", "Rate limit"],
    );
}

// --- Across formats -----------------------------------------------------------------------

/// Every vendored payload that imports, with its venue.
fn payloads() -> Vec<(Venue, String)> {
    let v: Value = serde_json::from_str(BITMEX_SNAPSHOT).expect("json");
    vec![
        (Venue::BinanceUsdm, BINANCE_CCXT.to_string()),
        (Venue::BinanceUsdm, BINANCE_FAPI.to_string()),
        (Venue::BinanceCoinm, BINANCE_DAPI_V1.to_string()),
        (Venue::BybitLinear, BYBIT_LTC.to_string()),
        (Venue::OkxLinear, OKX_FIXTURE.to_string()),
        (Venue::GateLinear, GATE_TIERS.to_string()),
        (Venue::GateLinear, gate_usdt()),
        (Venue::Hyperliquid, HYPERLIQUID.to_string()),
        (Venue::Dydx, DYDX.to_string()),
        (
            Venue::Bitmex,
            serde_json::to_string(&v["instruments"]).expect("list"),
        ),
        (Venue::Bitmex, BITMEX_XBTUSD.to_string()),
    ]
}

#[test]
fn every_payload_imports_and_truncated_ones_are_errors() {
    for (venue, text) in payloads() {
        ok(venue, &text);
        let body = text.trim_end();
        let cuts: Vec<usize> = (0..body.len())
            .step_by((body.len() / 300).max(1))
            .chain(body.len().saturating_sub(40)..body.len())
            .filter(|c| body.is_char_boundary(*c))
            .collect();
        for c in cuts {
            let e = import(venue, &body[..c], TODAY).expect_err("a cut answer is refused");
            says(&e, venue, &[]);
        }
    }
}

#[test]
fn another_venues_payload_says_what_it_looks_like() {
    let cases = [
        (
            Venue::BinanceUsdm,
            BYBIT_LTC,
            "Bybit GET /v5/market/risk-limit",
        ),
        (
            Venue::BybitLinear,
            BINANCE_FAPI,
            "Binance GET /fapi/v1/leverageBracket",
        ),
        (
            Venue::OkxLinear,
            GATE_TIERS,
            "Gate GET /futures/usdt/risk_limit_tiers",
        ),
        (
            Venue::GateLinear,
            OKX_FIXTURE,
            "OKX GET /api/v5/public/position-tiers",
        ),
        (Venue::Hyperliquid, DYDX, "dYdX GET /v4/perpetualMarkets"),
        (Venue::Dydx, HYPERLIQUID, "Hyperliquid POST /info"),
        (Venue::Bitmex, BINANCE_CCXT, "ccxt"),
        (
            Venue::BinanceUsdm,
            BITMEX_XBTUSD,
            "BitMEX GET /api/v1/instrument",
        ),
    ];
    for (venue, text, looks) in cases {
        let e = fail(venue, text);
        says(&e, venue, &["this looks like a", looks]);
    }
    let e = fail(Venue::Custom, BINANCE_FAPI);
    assert!(e.to_string().contains("no import format"), "{e}");
}

#[test]
fn wrong_shapes_are_named_errors() {
    for venue in Venue::ALL
        .into_iter()
        .filter(|v| !formats_for(*v).is_empty())
    {
        for text in [
            "",
            "   ",
            "null",
            "\"hello\"",
            "42",
            "[1, 2, 3]",
            "[]",
            "{}",
            "{\"a\": 1}",
            "[{\"a\": 1}]",
        ] {
            let e = fail(venue, text);
            says(&e, venue, &[]);
        }
    }
    let e = fail(Venue::BinanceUsdm, r#"[{"symbol":"BTCUSDT","brackets":5}]"#);
    says(&e, Venue::BinanceUsdm, &["BTCUSDT", "brackets", "list"]);
    let e = fail(
        Venue::BinanceUsdm,
        r#"[{"symbol":"BTC USDT","brackets":[]}]"#,
    );
    says(&e, Venue::BinanceUsdm, &["symbol", "BTC USDT"]);
    let e = fail(
        Venue::BybitLinear,
        r#"{"retCode":0,"result":{"category":"linear","list":{}}}"#,
    );
    says(&e, Venue::BybitLinear, &["list"]);
    let e = fail(
        Venue::Dydx,
        r#"{"markets":{"BTC-USD":{"ticker":"ETH-USD"}}}"#,
    );
    says(&e, Venue::Dydx, &["ticker", "BTC-USD"]);
    let e = import(Venue::Dydx, DYDX, "01-12-2026").expect_err("bad date");
    says(&e, Venue::Dydx, &["imported_on"]);
}

#[test]
fn hostile_payloads_are_bounded_errors() {
    // More than 5 MB.
    let big = format!("[{}]", " ".repeat(MAX_IMPORT_BYTES));
    says(
        &fail(Venue::BinanceUsdm, &big),
        Venue::BinanceUsdm,
        &["bytes"],
    );
    // Deeply nested JSON: serde_json's recursion limit, no stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    says(
        &fail(Venue::BinanceUsdm, &deep),
        Venue::BinanceUsdm,
        &["JSON"],
    );
    let deep = format!(
        "{{\"brackets\":{}{}}}",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    says(
        &fail(Venue::BinanceUsdm, &deep),
        Venue::BinanceUsdm,
        &["JSON"],
    );
    // 100,000 symbols.
    let many: Vec<Value> = (0..100_000)
        .map(|i| json!({"symbol": format!("S{i}"), "brackets": []}))
        .collect();
    let t = serde_json::to_string(&many).expect("many");
    says(
        &fail(Venue::BinanceUsdm, &t),
        Venue::BinanceUsdm,
        &["100000 symbols", "2000"],
    );
    let rows: Vec<Value> = (0..30_000)
        .map(|i| json!({"symbol": format!("S{i}"), "riskLimitValue": "1", "maintenanceMargin": "0.01", "maxLeverage": "10"}))
        .collect();
    let t = serde_json::to_string(
        &json!({"retCode": 0, "result": {"category": "linear", "list": rows}}),
    )
    .expect("rows");
    says(
        &fail(Venue::BybitLinear, &t),
        Venue::BybitLinear,
        &["symbols", "2000"],
    );
    // 10,000 tiers in one symbol.
    let brackets: Vec<Value> = (1..=10_000)
        .map(|n| json!({"bracket": n, "initialLeverage": 10, "notionalCap": n * 10, "notionalFloor": (n - 1) * 10, "maintMarginRatio": 0.01, "cum": 0}))
        .collect();
    let t = serde_json::to_string(&json!([{"symbol": "BTCUSDT", "brackets": brackets}]))
        .expect("tiers");
    says(
        &fail(Venue::BinanceUsdm, &t),
        Venue::BinanceUsdm,
        &["BTCUSDT", "10000 brackets", "256"],
    );
    let tiers: Vec<Value> = (1..=10_000)
        .map(|n| json!({"tier": n, "risk_limit": (n * 10).to_string(), "maintenance_rate": "0.01", "leverage_max": "10", "contract": "BTC_USDT"}))
        .collect();
    let t = serde_json::to_string(&tiers).expect("tiers");
    says(
        &fail(Venue::GateLinear, &t),
        Venue::GateLinear,
        &["BTC_USDT", "tiers", "256"],
    );
    // Huge and non-finite numbers anywhere a figure is read.
    for bad in ["1e400", "-1e400", "NaN", "Infinity"] {
        let t = GATE_TIERS.replacen("\"20000\"", bad, 1);
        says(&fail(Venue::GateLinear, &t), Venue::GateLinear, &["JSON"]);
    }
    let t = GATE_TIERS.replacen("\"20000\"", "\"1e400\"", 1);
    says(
        &fail(Venue::GateLinear, &t),
        Venue::GateLinear,
        &["ZTX_USDT", "tier 1", "risk_limit"],
    );
    // Negative rates and leverage.
    let t = GATE_TIERS.replacen("\"0.013\"", "\"-0.013\"", 1);
    says(
        &fail(Venue::GateLinear, &t),
        Venue::GateLinear,
        &["ZTX_USDT", "tier 2", "maintenance rate"],
    );
    let t = GATE_TIERS.replacen("\"leverage_max\": \"35\"", "\"leverage_max\": \"-35\"", 1);
    says(
        &fail(Venue::GateLinear, &t),
        Venue::GateLinear,
        &["ZTX_USDT", "tier 3", "max leverage"],
    );
    // Gate contracts with a step so small the rule would expand without bound.
    let mut v: Value = serde_json::from_str(&gate_usdt()).expect("json");
    v[0]["risk_limit_step"] = json!("0.0001");
    says(
        &fail(Venue::GateLinear, &pretty(&v)),
        Venue::GateLinear,
        &["BTC_USDT", "risk-limit steps"],
    );
}

#[test]
fn endpoints_name_the_request() {
    assert_eq!(
        endpoint(Venue::BinanceUsdm, "DOGEUSDT").as_deref(),
        Some("https://fapi.binance.com/fapi/v1/leverageBracket?symbol=DOGEUSDT (signed: needs your API key)")
    );
    assert_eq!(
        endpoint(Venue::BybitLinear, "BTCUSDT").as_deref(),
        Some("https://api.bybit.com/v5/market/risk-limit?category=linear&symbol=BTCUSDT")
    );
    assert_eq!(
        endpoint(Venue::OkxLinear, "BTC-USDT-SWAP").as_deref(),
        Some("https://www.okx.com/api/v5/public/position-tiers?instType=SWAP&tdMode=cross&instFamily=BTC-USDT")
    );
    assert_eq!(
        endpoint(Venue::GateLinear, "BTC_USDT").as_deref(),
        Some("https://api.gateio.ws/api/v4/futures/usdt/risk_limit_tiers?contract=BTC_USDT")
    );
    assert_eq!(
        endpoint(Venue::Hyperliquid, "BTC").as_deref(),
        Some("POST https://api.hyperliquid.xyz/info {\"type\":\"meta\"}")
    );
    assert_eq!(
        endpoint(Venue::Dydx, "BTC-USD").as_deref(),
        Some("https://indexer.dydx.trade/v4/perpetualMarkets?ticker=BTC-USD")
    );
    assert_eq!(
        endpoint(Venue::Bitmex, "XBTUSD").as_deref(),
        Some("https://www.bitmex.com/api/v1/instrument?symbol=XBTUSD")
    );
    assert_eq!(endpoint(Venue::Custom, "BTC"), None);
    // A symbol that is not one is left out of the URL.
    assert_eq!(
        endpoint(Venue::BybitLinear, "BTC&category=spot").as_deref(),
        Some("https://api.bybit.com/v5/market/risk-limit?category=linear")
    );
    assert!(formats_for(Venue::GateLinear).contains(&Format::GateContracts));
    assert_eq!(
        Format::BybitRiskLimit.label(),
        "Bybit GET /v5/market/risk-limit"
    );
    let _ = Problem::NoTiers;
}

#[test]
fn every_payload_reads_back_from_the_page_text_unchanged() {
    // What the page will keep of an import (local storage) and read with the reader it has:
    // the page text of the imported tables gives back exactly the imported entries.
    use levcalc::engine::table_text;
    use levcalc::engine::tables::import_key;
    use levcalc::engine::venue_import::import_page_text;
    for (venue, text) in payloads() {
        let imported = ok(venue, &text);
        // Every venue with a payload has a key to keep its import under (Binance COIN-M,
        // which has no data file, too).
        let key = import_key(venue).unwrap_or_else(|| panic!("{venue:?} has no import key"));
        let page = import_page_text(venue.key(), &text, TODAY)
            .unwrap_or_else(|e| panic!("{venue:?}: {e}"));
        assert_eq!(page.symbols, imported.entries.len(), "{venue:?}");
        let (k, entries) = table_text::read(key.key(), &page.text)
            .unwrap_or_else(|e| panic!("{venue:?}: the page text does not read back: {e}"));
        assert_eq!(k, key);
        assert_eq!(entries, imported.entries, "{venue:?} ({})", page.format);
    }
    // One sentence for a wrong answer, naming the format expected; nothing for Custom.
    let e = import_page_text("binance-usdm", BYBIT_LTC, TODAY).unwrap_err();
    assert!(e.contains("leverageBracket"), "{e}");
    assert!(import_page_text("custom", BINANCE_FAPI, TODAY).is_err());
    assert!(import_page_text("no-such-venue", BINANCE_FAPI, TODAY)
        .unwrap_err()
        .contains("unknown venue"));
}

#[test]
fn vendored_sources_note_matches_shared() {
    // The payloads' provenance travels with them (tests/data/venue-import/SOURCES.md); beside a
    // checkout with ../shared (a developer's machine, CI) the copy must be current.
    let root = env!("CARGO_MANIFEST_DIR");
    let ours =
        std::fs::read(format!("{root}/tests/data/venue-import/SOURCES.md")).expect("vendored");
    assert!(!ours.is_empty());
    if let Ok(theirs) = std::fs::read(format!("{root}/../shared/reference/venue-data/SOURCES.md")) {
        assert!(
            ours == theirs,
            "tests/data/venue-import/SOURCES.md differs from ../shared: copy it again"
        );
    }
}

/// A COIN-M symbol only the user's import holds (a dated contract) is offered by the symbol
/// picker and evaluates with the imported table.
#[test]
fn an_imported_coinm_symbol_is_offered_and_evaluates() {
    use levcalc::engine::tables;
    use levcalc::engine::venue_import::import_entries_for;
    use levcalc::engine::venues::{self, Venue};
    let text = BINANCE_DAPI_V2.replace("BTCUSD_PERP", "BTCUSD_261225");
    assert!(!venues::symbols_of(Venue::BinanceCoinm).contains(&"BTCUSD_261225".to_owned()));
    let (key, _, entries) = import_entries_for(Venue::BinanceCoinm, &text, TODAY).unwrap();
    assert!(tables::import_entries(key, entries));
    assert!(venues::symbols_of(Venue::BinanceCoinm).contains(&"BTCUSD_261225".to_owned()));
    let s = levcalc::scenario::Scenario {
        venue: Venue::BinanceCoinm,
        symbol: Some("BTCUSD_261225".into()),
        quantity: Some(levcalc::scenario::Num::new("10")),
        ..levcalc::scenario::Scenario::default()
    };
    let e = levcalc::scenario::evaluate_scenario(&s).unwrap();
    assert!(e
        .table
        .unwrap()
        .source
        .starts_with("your table: Binance GET /dapi"));
}
