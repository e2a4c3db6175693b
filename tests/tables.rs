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
    // BitMEX prices its inverse XBTUSD and its linear USDT perpetuals alike (engine::bitmex).
    let bitmex: Vec<String> = venues::symbols_of(Venue::Bitmex);
    assert_eq!(bitmex.len(), 7, "{bitmex:?}");
    assert!(bitmex.contains(&"ETHUSDT".to_owned()));
    assert!(tables::table_for(Venue::Bitmex, "XBTUSD").is_some());
    assert!(tables::table_for(Venue::Bitmex, "ETHUSDT").is_some());
    // Binance's file lists USDT perpetuals only for the linear venue; no inverse symbol of
    // OKX's file is taken for its linear venue.
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

// ---- The page form of the tables (engine::table_text): data/venues/page/<key>.txt ----

use levcalc::engine::table_text;
use levcalc::engine::venue_data::{self, VenueKey};

fn json_of(key: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/data/venues/{key}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn page_of(key: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/data/venues/page/{key}.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn committed_page_texts_are_what_the_json_files_give() {
    for key in VenueKey::ALL.into_iter().filter(|k| k.has_file()) {
        let file = venue_data::parse(key.key(), &json_of(key.key())).unwrap();
        assert!(
            table_text::write(&file) == page_of(key.key()),
            "data/venues/page/{}.txt is stale: run `cargo run --bin levcalc -- venues --write-page data/venues/page`",
            key.key()
        );
    }
}

#[test]
fn every_symbol_reads_back_from_the_page_text_to_the_same_table() {
    let mut symbols = 0;
    for key in VenueKey::ALL.into_iter().filter(|k| k.has_file()) {
        let file = venue_data::parse(key.key(), &json_of(key.key())).unwrap();
        let want = tables::entries_of(&file);
        let (got_key, got) = table_text::read(key.key(), &page_of(key.key())).unwrap();
        assert_eq!(got_key, key);
        assert_eq!(got.len(), want.len(), "{}", key.key());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{} {}", key.key(), w.symbol);
        }
        symbols += got.len();
    }
    // Binance 808 (every one has tiers), Hyperliquid 178, dYdX 125, Gate 5, BitMEX 7,
    // Bybit: LTCUSDT only (BTCUSDT's derived tiers have no leverage limit), OKX none.
    assert_eq!(symbols, 808 + 178 + 125 + 5 + 7 + 1);
}

#[test]
fn a_page_text_read_in_steps_gives_what_one_read_gives() {
    for key in VenueKey::ALL.into_iter().filter(|k| k.has_file()) {
        let text = page_of(key.key());
        let (_, whole) = table_text::read(key.key(), &text).unwrap();
        for step in [1usize, 7, 100] {
            let mut r = table_text::Reader::new(key.key(), text.clone()).unwrap();
            let mut steps = 0;
            while !r.step(step).unwrap() {
                steps += 1;
                assert!(steps <= whole.len() / step + 1, "ends");
            }
            assert_eq!(r.finish().1, whole, "{} in steps of {step}", key.key());
        }
        // Windows line ends read the same.
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(table_text::read(key.key(), &crlf).unwrap().1, whole);
    }
    // A bad line is found by the step that reaches it.
    let bad = edited("binance-usdm", "DOGEUSDT", |l| l.replacen("0,", "5,", 1));
    let mut r = table_text::Reader::new("binance-usdm", bad).unwrap();
    let err = loop {
        match r.step(50) {
            Ok(false) => {}
            Ok(true) => panic!("the bad tier was read"),
            Err(e) => break e,
        }
    };
    assert!(err.to_string().contains("first tier starts at 5"), "{err}");
    assert_eq!(err.symbol.as_deref(), Some("DOGEUSDT"));
    assert!(table_text::Reader::new("binance-usdm", "levcalc-tables 1 bitmex\n".into()).is_err());
}

#[test]
fn the_page_text_and_the_json_file_give_the_same_figures() {
    tables::load_text("binance-usdm", &page_of("binance-usdm")).unwrap();
    let from_text = report(DOGE);
    assert_eq!(from_text["table"]["as_of"], "2026-07-02", "{from_text}");
    tables::clear();
    tables::load("binance-usdm", BINANCE).unwrap();
    assert_eq!(report(DOGE), from_text);
    tables::clear();
    tables::load_text("bitmex", &page_of("bitmex")).unwrap();
    let eth = r#"{"version":1,"venue":"bitmex","symbol":"ETHUSDT","side":"short","entry_price":"3000","quantity":"2","leverage":"20"}"#;
    let from_text = report(eth);
    tables::clear();
    tables::load("bitmex", BITMEX).unwrap();
    assert_eq!(report(eth), from_text);
}

/// A page text with one line changed by `edit`.
fn edited(key: &str, symbol: &str, edit: impl Fn(&str) -> String) -> String {
    page_of(key)
        .lines()
        .map(|l| {
            if l.starts_with(&format!("{symbol}\t")) {
                edit(l)
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_bad_page_text_is_refused_with_its_place_and_registers_nothing() {
    let cases: Vec<(String, &str, Option<&str>, Option<usize>)> = vec![
        ("".into(), "not a version 1", None, None),
        (
            "levcalc-tables 2 binance-usdm\n".into(),
            "not a version 1",
            None,
            None,
        ),
        (
            "levcalc-tables 1 bitmex\n".into(),
            "for venue \"bitmex\"",
            None,
            None,
        ),
        (
            edited("binance-usdm", "DOGEUSDT", |l| l.replacen("0,", "5,", 1)),
            "first tier starts at 5",
            Some("DOGEUSDT"),
            Some(0),
        ),
        (
            edited("binance-usdm", "DOGEUSDT", |l| {
                // The second tier starts one above the first tier's cap.
                let (head, tiers) = l.rsplit_once('\t').unwrap();
                let mut t: Vec<String> = tiers.split(';').map(str::to_owned).collect();
                let (floor, rest) = t[1].split_once(',').unwrap();
                t[1] = format!("{}1,{rest}", floor);
                format!("{head}\t{}", t.join(";"))
            }),
            "tiers must be contiguous",
            Some("DOGEUSDT"),
            Some(1),
        ),
        (
            edited("binance-usdm", "DOGEUSDT", |l| {
                l.replacen(",0.0065,", ",0.5,", 1)
            }),
            "maintenance rate",
            Some("DOGEUSDT"),
            Some(0),
        ),
        (
            edited("binance-usdm", "DOGEUSDT", |l| {
                l.replace("\tFN\t", "\tXN\t")
            }),
            "rule",
            Some("DOGEUSDT"),
            None,
        ),
        (
            edited("binance-usdm", "DOGEUSDT", |l| {
                l.replacen(",0.0065,", ",65e-4,", 1)
            }),
            "plain decimal",
            Some("DOGEUSDT"),
            Some(0),
        ),
        (
            edited("binance-usdm", "DOGEUSDT", |l| format!("{l}\n{l}")),
            "sorted",
            Some("DOGEUSDT"),
            None,
        ),
        (
            edited("binance-usdm", "DOGEUSDT", |l| l.replace("\t0\t", "\t9\t")),
            "earlier i line",
            Some("DOGEUSDT"),
            None,
        ),
        (
            edited("binance-usdm", "DOGEUSDT", |l| {
                l.split('\t').take(3).collect::<Vec<_>>().join("\t")
            }),
            "five tab-separated columns",
            Some("DOGEUSDT"),
            None,
        ),
    ];
    for (text, says, symbol, tier) in cases {
        tables::clear();
        let err = tables::load_text("binance-usdm", &text).expect_err(says);
        let msg = err.to_string();
        assert!(msg.contains(says), "{msg}");
        assert_eq!(err.venue, "binance-usdm");
        assert_eq!(err.symbol.as_deref(), symbol, "{msg}");
        if tier.is_some() {
            assert_eq!(err.tier, tier, "{msg}");
        }
        assert!(
            !tables::is_loaded("binance-usdm"),
            "nothing registered after: {msg}"
        );
    }
    // Truncated anywhere: refused or read as the symbols before the cut, never a panic.
    let whole = page_of("gate-linear");
    for cut in (0..whole.len()).step_by(7) {
        if let Some(prefix) = whole.get(..cut) {
            let _ = table_text::read("gate-linear", prefix);
        }
    }
    // A huge tier list stops at the limit.
    let tiers: Vec<String> = (0..300)
        .map(|i| format!("{i},{},0.001,0,10", i + 1))
        .collect();
    let text = format!(
        "levcalc-tables 1 dydx\ni\t2024\texact\tx\nBTC-USD\t0\t0;;;;;;\tFN\t{}\n",
        tiers.join(";")
    );
    let err = table_text::read("dydx", &text).unwrap_err();
    assert!(err.to_string().contains("more than the 256"), "{err}");
}

#[test]
fn an_imported_table_stands_before_the_files_until_removed() {
    tables::load("binance-usdm", BINANCE).unwrap();
    let (file_table, _) = tables::table_for(Venue::BinanceUsdm, "DOGEUSDT").unwrap();
    let mut mine = tables::entry_in(VenueKey::BinanceUsdm, "DOGEUSDT").unwrap();
    mine.table.brackets.truncate(2);
    mine.info = TableInfo {
        source: "your table: Binance GET /fapi/v1/leverageBracket".into(),
        as_of: "2026-12-01".into(),
        quality: Quality::Exact,
    };
    let mut new_coin = mine.clone();
    new_coin.symbol = "NEWCOINUSDT".into();
    let before = tables::version();
    assert!(tables::import_entries(
        VenueKey::BinanceUsdm,
        vec![mine.clone(), new_coin]
    ));
    assert_ne!(tables::version(), before, "figures re-evaluate");
    let (t, info) = tables::table_for(Venue::BinanceUsdm, "DOGEUSDT").unwrap();
    assert_eq!(t.brackets.len(), 2);
    assert_eq!(info.as_of, "2026-12-01");
    assert_eq!(report(DOGE)["table"]["as_of"], "2026-12-01");
    let symbols = venues::symbols_of(Venue::BinanceUsdm);
    assert!(symbols.contains(&"NEWCOINUSDT".to_owned()));
    assert_eq!(symbols.iter().filter(|s| *s == "DOGEUSDT").count(), 1);
    // The page's search for one symbol walks the same list in the same order.
    for pred in [
        (|s: &str| s.starts_with("DOGE")) as fn(&str) -> bool,
        |s| s == "NEWCOINUSDT",
        |s| s.ends_with("USDC"),
        |s| s.starts_with('E'),
        |s| s == "NOSUCH",
    ] {
        assert_eq!(
            venues::find_symbol_of(Venue::BinanceUsdm, pred),
            symbols.iter().find(|s| pred(s)).cloned()
        );
    }
    tables::remove_imported(VenueKey::BinanceUsdm, Some("DOGEUSDT"));
    assert_eq!(
        tables::table_for(Venue::BinanceUsdm, "DOGEUSDT").unwrap().0,
        file_table
    );
    assert!(tables::table_for(Venue::BinanceUsdm, "NEWCOINUSDT").is_some());
    tables::remove_imported(VenueKey::BinanceUsdm, None);
    assert!(tables::table_for(Venue::BinanceUsdm, "NEWCOINUSDT").is_none());
    // Bounded: more than MAX_IMPORTED symbols at once is refused and changes nothing.
    let many: Vec<_> = (0..=tables::MAX_IMPORTED)
        .map(|i| {
            let mut e = mine.clone();
            e.symbol = format!("C{i}USDT");
            e
        })
        .collect();
    assert!(!tables::import_entries(VenueKey::BinanceUsdm, many));
    assert!(tables::imported_symbols(VenueKey::BinanceUsdm).is_empty());
}

/// Issue 13 §3: a size sized by risk is rounded down to the symbol's lot step from the venue
/// data (Hyperliquid `szDecimals`, dYdX `stepSize`), so the loss at the stop stays within the
/// budget; a size typed by the user, or a symbol without a lot, is not rounded.
#[test]
fn a_risk_size_is_rounded_down_to_the_symbols_lot_step() {
    const HYPERLIQUID: &str = include_str!("../data/venues/hyperliquid.json");
    const DYDX: &str = include_str!("../data/venues/dydx.json");
    tables::load("hyperliquid", HYPERLIQUID).unwrap();
    tables::load("dydx", DYDX).unwrap();
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    for (venue, symbol, lot) in [
        ("hyperliquid", "ETH", "0.0001"),
        ("hyperliquid", "DOGE", "1"),
        ("dydx", "BTC-USD", "0.0001"),
    ] {
        let s = from_json(&format!(
            r#"{{"version":1,"venue":"{venue}","symbol":"{symbol}","side":"long","entry_price":"3001.7","stop_price":"2890.3",
                "equity":"10000","risk_percent":"1.37","leverage":"5"}}"#
        ))
        .unwrap();
        let e = evaluate_scenario(&s).unwrap();
        assert_eq!(e.input.quantity_step, Some(d(lot)), "{venue} {symbol}");
        let q = e.report.quantity;
        assert_eq!(
            q % d(lot),
            d("0"),
            "{venue} {symbol}: {q} is a whole number of lots"
        );
        let budget = e.report.risk_amount.unwrap();
        let loss = -e.report.stop.as_ref().unwrap().net_pnl;
        assert!(
            loss <= budget,
            "{venue} {symbol}: loss {loss} within {budget}"
        );
        // One more lot would go over the budget: the rounding is down, and only by one lot.
        let mut more = s.clone();
        more.equity = None;
        more.risk_percent = None;
        more.quantity = Some(levcalc::scenario::Num((q + d(lot)).to_string()));
        let over = evaluate_scenario(&more).unwrap();
        assert!(
            -over.report.stop.unwrap().net_pnl > budget,
            "{venue} {symbol}: {q} + one lot exceeds the budget"
        );
        // Typed by the user: not rounded.
        let mut typed = s.clone();
        typed.equity = None;
        typed.risk_percent = None;
        typed.quantity = Some(levcalc::scenario::Num("1.23456789".into()));
        let t = evaluate_scenario(&typed).unwrap();
        assert_eq!(t.input.quantity_step, None);
        assert_eq!(t.report.quantity, d("1.23456789"));
    }
    // Binance's snapshot has no lot: the size is not rounded (and the page says so).
    tables::load("binance-usdm", BINANCE).unwrap();
    let s = from_json(
        r#"{"version":1,"venue":"binance-usdm","symbol":"DOGEUSDT","side":"long","entry_price":"0.2","stop_price":"0.19",
            "equity":"10000","risk_percent":"1","leverage":"5"}"#,
    )
    .unwrap();
    assert_eq!(evaluate_scenario(&s).unwrap().input.quantity_step, None);
}

#[test]
fn a_dated_contract_says_so_and_pays_no_funding() {
    tables::load("binance-usdm", BINANCE).unwrap();
    let trade = |symbol: &str| {
        format!(
            r#"{{"version":1,"venue":"binance-usdm","symbol":"{symbol}","side":"long","entry_price":"60000","quantity":"0.5","leverage":"10","funding_rate":"0.0001","holding_hours":"72"}}"#
        )
    };
    let dated = report(&trade("BTCUSDT_260925"));
    let w = dated["warnings"].as_array().unwrap();
    let d = w
        .iter()
        .find(|w| w["code"] == "dated_contract")
        .expect("a dated-contract warning");
    let m = d["message"].as_str().unwrap();
    assert!(m.contains("2026-09-25") && m.contains("not applied"), "{m}");
    assert!(
        dated["funding_paid"].is_null(),
        "no funding on a dated contract: {dated}"
    );
    let perp = report(&trade("BTCUSDT"));
    assert!(
        !perp["funding_paid"].is_null(),
        "the perpetual pays funding: {perp}"
    );
    assert!(perp["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["code"] != "dated_contract"));
    // Its own tiers (the file's BTCUSDT_260925 table, not the perpetual's).
    assert_eq!(dated["table"]["as_of"], "2026-07-02");
    assert_eq!(
        venues::dated_expiry(Venue::BinanceUsdm, "ETHUSDT_261225").as_deref(),
        Some("2026-12-25")
    );
    for not_dated in ["BTCUSDT", "BTCUSDT_261325", "BTCUSDT_2609", "X_26092A"] {
        assert_eq!(
            venues::dated_expiry(Venue::BinanceUsdm, not_dated),
            None,
            "{not_dated}"
        );
    }
    assert_eq!(
        venues::dated_expiry(Venue::OkxInverse, "BTC-USD_260925"),
        None,
        "other venues' names are not read"
    );
}
