//! The committed venue data files load, hold what the snapshots hold, and bad tables are
//! named errors, never panics.
//!
//! The files are embedded with `include_str!`, so these tests need nothing outside the repo.
//! Spot-check figures are the snapshots' own numbers (shared/reference/venue-data/).

use levcalc::engine::brackets::Lookup;
use levcalc::engine::venue_data::{
    parse, Problem, Quality, VenueDataError, VenueFile, VenueKey, MAX_FILE_BYTES,
};
use rust_decimal::Decimal;
use std::str::FromStr;

// The one list of venue files, as the binaries embed them.
#[path = "../src/bin/common/venue_files.rs"]
#[allow(dead_code)]
mod venue_files;
use venue_files::VENUE_FILES as FILES;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("test literal")
}

fn load(key: &str) -> VenueFile {
    let (_, text) = FILES
        .iter()
        .find(|(k, _)| *k == key)
        .expect("file in the list");
    parse(key, text).unwrap_or_else(|e| panic!("{key}: {e}"))
}

#[test]
fn every_committed_file_loads_and_covers_what_the_snapshot_holds() {
    let mut keys: Vec<&str> = FILES.iter().map(|(k, _)| *k).collect();
    keys.sort_unstable();
    let mut all: Vec<&str> = VenueKey::ALL
        .iter()
        .filter(|v| v.has_file())
        .map(|v| v.key())
        .collect();
    all.sort_unstable();
    assert_eq!(keys, all, "one file per venue key");
    let expected = [
        ("binance-usdm", 808, "2026-07-02", Quality::Exact),
        ("hyperliquid", 178, "2026-09-27", Quality::Exact),
        ("dydx", 125, "2024-08-20", Quality::Exact),
        ("gate-linear", 5, "2026-06-01", Quality::Derived),
        ("bitmex", 7, "2026-05-21", Quality::Exact),
        ("okx", 3, "2025-10-24", Quality::Exact),
        ("bybit-linear", 2, "2026-05-18", Quality::Derived),
    ];
    for (key, count, as_of, quality) in expected {
        let f = load(key);
        assert_eq!(f.venue.key(), key);
        assert_eq!(f.symbols.len(), count, "{key} symbols");
        assert_eq!(f.as_of, as_of, "{key} as_of");
        assert_eq!(f.quality, quality, "{key} quality");
        assert!(
            !f.source.is_empty() && !f.note.is_empty(),
            "{key} source/note"
        );
    }
}

#[test]
fn binance_has_804_perpetuals_4_dated_contracts_and_6576_tiers() {
    let f = load("binance-usdm");
    let dated: Vec<&str> = f
        .symbols
        .iter()
        .filter(|s| s.contract.expiry.is_some())
        .map(|s| s.symbol.as_str())
        .collect();
    assert_eq!(
        dated,
        [
            "BTCUSDT_260925",
            "BTCUSDT_261225",
            "ETHUSDT_260925",
            "ETHUSDT_261225"
        ]
    );
    let settle = |c: &str| {
        f.symbols
            .iter()
            .filter(|s| s.contract.expiry.is_none() && s.contract.settle.as_deref() == Some(c))
            .count()
    };
    assert_eq!(settle("USDT"), 762);
    assert_eq!(settle("USDC"), 38);
    assert_eq!(settle("U") + settle("USD1") + settle("BTC"), 4);
    let tiers: usize = f.symbols.iter().map(|s| s.tiers.len()).sum();
    assert_eq!(tiers, 6576);
    let btc_q3 = f.symbol("BTCUSDT_260925").expect("dated BTC");
    assert_eq!(btc_q3.contract.expiry.as_deref(), Some("2026-09-25"));
}

#[test]
fn binance_btcusdt_and_dogeusdt_tiers_match_the_snapshot() {
    let f = load("binance-usdm");
    let btc = f.symbol("BTCUSDT").expect("BTCUSDT");
    assert_eq!(btc.tiers.len(), 12);
    let t1 = btc.tiers[0];
    assert_eq!(
        (t1.floor, t1.cap, t1.rate, t1.amount, t1.max_leverage),
        (
            d("0"),
            Some(d("300000")),
            d("0.004"),
            d("0"),
            Some(d("150"))
        )
    );
    let t2 = btc.tiers[1];
    assert_eq!(
        (t2.floor, t2.cap, t2.rate, t2.amount, t2.max_leverage),
        (
            d("300000"),
            Some(d("800000")),
            d("0.005"),
            d("300"),
            Some(d("100"))
        )
    );
    let doge = f.symbol("DOGEUSDT").expect("DOGEUSDT");
    let t3 = doge.tiers[2];
    assert_eq!(
        (t3.floor, t3.cap, t3.rate, t3.amount, t3.max_leverage),
        (
            d("150000"),
            Some(d("750000")),
            d("0.0125"),
            d("655"),
            Some(d("40"))
        )
    );
    assert_eq!(doge.tiers[9].amount, d("33366280"));
    assert!(f.symbol("DOGEUSDC").is_some());
    assert!(f.symbol("DOGE/USDT:USDT").is_none());
}

#[test]
fn a_binance_table_becomes_the_engines_bracket_table() {
    let f = load("binance-usdm");
    let table = f
        .symbol("BTCUSDT")
        .expect("BTCUSDT")
        .bracket_table(f.venue, None)
        .expect("table");
    assert_eq!(table.lookup, Lookup::FloorInclusive);
    // A notional on a boundary belongs to the upper tier.
    let at = table.lookup(d("300000")).expect("tier");
    assert_eq!(at.tier, 2);
    assert_eq!(at.bracket.maintenance.amount, d("300"));
    assert_eq!(at.bracket.max_leverage, d("100"));
}

#[test]
fn hyperliquid_btc_tiers_rates_deductions_and_fees() {
    let f = load("hyperliquid");
    let btc = f.symbol("BTC").expect("BTC");
    assert_eq!(btc.quality, Quality::Exact);
    assert_eq!(btc.contract.margin_table, Some(56));
    assert_eq!(btc.tiers.len(), 2);
    let [t1, t2] = [btc.tiers[0], btc.tiers[1]];
    assert_eq!((t1.floor, t1.cap), (d("0"), Some(d("150000000"))));
    assert_eq!((t1.rate, t1.max_leverage), (d("0.0125"), Some(d("40"))));
    assert_eq!((t2.floor, t2.cap), (d("150000000"), None));
    assert_eq!((t2.rate, t2.max_leverage), (d("0.025"), Some(d("20"))));
    // deduction = 150,000,000 × (2.5 % − 1.25 %)
    assert_eq!(t2.amount, d("1875000"));
    let atom = f.symbol("ATOM").expect("ATOM");
    assert_eq!(
        atom.quality,
        Quality::Derived,
        "flat table id 5, not in meta"
    );
    assert_eq!(atom.tiers.len(), 1);
    assert_eq!(atom.tiers[0].max_leverage, Some(d("5")));
    assert_eq!(atom.tiers[0].rate, d("0.1"));
    assert!(f.symbol("MATIC").is_none(), "delisted entries are left out");
    let fees = f.fees.as_ref().expect("fee schedule");
    assert_eq!(fees.as_of, "2026-10-08");
    assert_eq!(
        (fees.base.taker, fees.base.maker),
        (d("0.00045"), d("0.00015"))
    );
    assert_eq!(fees.volume_tiers.len(), 6);
    assert_eq!(fees.maker_tiers.len(), 3);
    let table = btc.bracket_table(f.venue, None).expect("table");
    assert_eq!(table.lookup(d("200000000")).expect("tier").tier, 2);
}

#[test]
fn dydx_markets_have_imf_and_mmf() {
    let f = load("dydx");
    let btc = f.symbol("BTC-USD").expect("BTC-USD");
    let m = btc.contract.dydx.expect("margin fractions");
    assert_eq!((m.imf, m.mmf), (d("0.05"), d("0.03")));
    assert_eq!(btc.tiers[0].max_leverage, Some(d("20")));
    assert_eq!(btc.tiers[0].rate, d("0.03"));
    let one = f.symbol("1INCH-USD").expect("1INCH-USD");
    let m = one.contract.dydx.expect("margin fractions");
    assert_eq!((m.imf, m.mmf), (d("0.2"), d("0.1")));
    assert_eq!(
        (m.oi_lower_cap, m.oi_upper_cap),
        (d("5000000"), d("10000000"))
    );
    let active = f
        .symbols
        .iter()
        .filter(|s| s.contract.status.as_deref() == Some("ACTIVE"))
        .count();
    assert_eq!(active, 123);
}

#[test]
fn gate_risk_limit_steps_expand_into_tiers() {
    let f = load("gate-linear");
    let names: Vec<&str> = f.symbols.iter().map(|s| s.symbol.as_str()).collect();
    assert_eq!(
        names,
        ["ADA_USDT", "BTC_USDT", "ETH_USDT", "LTC_USDT", "XRP_USDT"]
    );
    let btc = f.symbol("BTC_USDT").expect("BTC_USDT");
    assert_eq!(btc.tiers.len(), 2);
    let [t1, t2] = [btc.tiers[0], btc.tiers[1]];
    assert_eq!((t1.floor, t1.cap), (d("0"), Some(d("500000"))));
    assert_eq!((t1.rate, t1.max_leverage), (d("0.003"), Some(d("200"))));
    assert_eq!((t2.floor, t2.cap), (d("500000"), Some(d("1500000000"))));
    // one step: maintenance 2 × 0.3 %, initial 1/200 + 0.3 % = 0.8 % → 125×
    assert_eq!((t2.rate, t2.max_leverage), (d("0.006"), Some(d("125"))));
    assert_eq!(btc.contract.multiplier, Some(d("0.0001")));
    let fees = btc.contract.fees.expect("contract fees");
    assert_eq!((fees.taker, fees.maker), (d("0.00075"), d("-0.0001")));
    let table = btc.bracket_table(f.venue, None).expect("table");
    assert_eq!(table.lookup, Lookup::CapInclusive);
    assert_eq!(table.lookup(d("500000")).expect("tier").tier, 1);
}

#[test]
fn bitmex_inverse_and_linear_perpetuals() {
    let f = load("bitmex");
    let xbt = f.symbol("XBTUSD").expect("XBTUSD");
    assert!(xbt.contract.inverse);
    assert_eq!(xbt.contract.settle.as_deref(), Some("XBt"));
    assert_eq!(xbt.contract.tick_size, Some(d("0.1")));
    assert_eq!(xbt.contract.multiplier, Some(d("-100000000")));
    // 20,000,000,000 XBt = 200 XBT base limit, steps of 150 XBT.
    let [t1, t2] = [xbt.tiers[0], xbt.tiers[1]];
    assert_eq!(
        (t1.cap, t1.rate, t1.max_leverage),
        (Some(d("200")), d("0.005"), Some(d("100")))
    );
    assert_eq!(
        (t2.floor, t2.cap, t2.rate),
        (d("200"), Some(d("350")), d("0.01"))
    );
    // Steps stop at the last tier whose initial rate is ≤ 100 %: 0.01 + 198 × 0.005 = 1.
    assert_eq!(xbt.tiers.len(), 199);
    assert_eq!(xbt.tiers[198].max_leverage, Some(d("1")));
    let usdt = f.symbol("XBTUSDT").expect("XBTUSDT");
    assert!(!usdt.contract.inverse);
    // 1,000,000,000,000 USDt = 1,000,000 USDT.
    assert_eq!(usdt.tiers[0].cap, Some(d("1000000")));
    assert_eq!(usdt.contract.position_multiplier, Some(d("1000000")));
    let linear = f.symbols.iter().filter(|s| !s.contract.inverse).count();
    assert_eq!(linear, 6);
}

#[test]
fn okx_contract_values_and_no_tiers() {
    let f = load("okx");
    let btc = f.symbol("BTC-USDT-SWAP").expect("BTC-USDT-SWAP");
    assert_eq!(btc.contract.contract_value, Some(d("0.01")));
    assert_eq!(btc.contract.contract_value_ccy.as_deref(), Some("BTC"));
    assert_eq!(btc.contract.max_leverage, Some(d("100")));
    let inv = f.symbol("BTC-USD-SWAP").expect("BTC-USD-SWAP");
    assert!(inv.contract.inverse);
    assert_eq!(inv.contract.contract_value, Some(d("100")));
    assert_eq!(f.venue.engine_venue(true).key(), "okx-inverse");
    let e = btc.bracket_table(f.venue, None).expect_err("no tiers");
    assert_eq!(e.problem, Problem::NoTiers);
    assert_eq!(e.symbol.as_deref(), Some("BTC-USDT-SWAP"));
}

#[test]
fn bybit_derived_cache_tiers() {
    let f = load("bybit-linear");
    let btc = f.symbol("BTCUSDT").expect("BTCUSDT");
    assert_eq!(btc.as_of, "2026-02-26", "per-symbol date");
    assert_eq!(btc.quality, Quality::Derived);
    assert_eq!(btc.tiers.len(), 35);
    assert_eq!(btc.tiers[1].amount, d("1200"));
    assert_eq!(btc.tiers[34].cap, None);
    assert_eq!(btc.tiers[0].max_leverage, None);
    let e = btc.bracket_table(f.venue, None).expect_err("no leverage");
    assert_eq!(e.problem, Problem::NoLeverageLimit);
    assert_eq!(e.tier, Some(0));
    let table = btc.bracket_table(f.venue, Some(d("100"))).expect("table");
    assert_eq!(table.lookup(d("2000000")).expect("tier").tier, 1);
    let ltc = f.symbol("LTCUSDT").expect("LTCUSDT");
    assert_eq!(ltc.as_of, "2026-05-18");
    assert_eq!(ltc.tiers.len(), 30);
    assert_eq!(ltc.tiers[0].max_leverage, Some(d("50")));
}

// --- Corrupted tables ------------------------------------------------------------------------

/// A valid one-symbol Binance file with three tiers; `edit` changes its columns.
fn binance(edit: impl FnOnce(&mut [Vec<String>; 5])) -> String {
    let col = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut cols = [
        col(&["0", "50000", "250000"]),
        col(&["50000", "250000", "1000000"]),
        col(&["0.004", "0.005", "0.01"]),
        col(&["0", "50", "1300"]),
        col(&["125", "100", "50"]),
    ];
    edit(&mut cols);
    let j = |v: &Vec<String>| serde_json::to_string(v).expect("json");
    format!(
        r#"{{"venue":"binance-usdm","source":"test","as_of":"2026-07-02","quality":"exact","symbols":[
{{"symbol":"BTCUSDT","settle":"USDT","tiers":{{"floor":{},"cap":{},"rate":{},"cum":{},"lev":{}}}}}
]}}"#,
        j(&cols[0]),
        j(&cols[1]),
        j(&cols[2]),
        j(&cols[3]),
        j(&cols[4])
    )
}

fn bad(key: &str, text: &str) -> VenueDataError {
    match parse(key, text) {
        Ok(_) => panic!("{key}: a corrupted file was accepted"),
        Err(e) => e,
    }
}

/// The error names venue, symbol and tier, in the struct and in the sentence.
fn names(e: &VenueDataError, symbol: &str, tier: usize) {
    assert_eq!(e.venue, "binance-usdm");
    assert_eq!(e.symbol.as_deref(), Some(symbol));
    assert_eq!(e.tier, Some(tier));
    let text = e.to_string();
    assert!(text.contains("binance-usdm"), "{text}");
    assert!(text.contains(symbol), "{text}");
    assert!(
        text.contains(&format!("tier {}", tier + 1)),
        "{text} should name tier {}",
        tier + 1
    );
    assert!(text.ends_with('.'), "{text}");
}

#[test]
fn the_template_is_valid() {
    let f = parse("binance-usdm", &binance(|_| {})).expect("valid");
    assert_eq!(f.symbols[0].tiers[2].amount, d("1300"));
}

#[test]
fn non_contiguous_floors_are_named() {
    let e = bad("binance-usdm", &binance(|c| c[0][2] = "250001".into()));
    names(&e, "BTCUSDT", 2);
    assert!(matches!(e.problem, Problem::NotContiguous { .. }));
    assert!(e.to_string().contains("contiguous"));
    let e = bad("binance-usdm", &binance(|c| c[0][0] = "10".into()));
    assert!(matches!(e.problem, Problem::FirstFloorNotZero { .. }));
    names(&e, "BTCUSDT", 0);
}

#[test]
fn cap_at_or_below_floor_is_named() {
    let e = bad("binance-usdm", &binance(|c| c[1][0] = "0".into()));
    names(&e, "BTCUSDT", 0);
    assert!(matches!(e.problem, Problem::CapNotAboveFloor { .. }));
}

#[test]
fn rates_outside_zero_one_are_named() {
    for rate in ["0", "1", "1.5", "-0.01"] {
        let e = bad("binance-usdm", &binance(|c| c[2][1] = rate.into()));
        names(&e, "BTCUSDT", 1);
        assert!(
            matches!(
                e.problem,
                Problem::OutOfRange {
                    field: "maintenance rate",
                    ..
                }
            ),
            "{rate}: {e}"
        );
    }
}

#[test]
fn max_leverage_below_one_is_named() {
    let e = bad("binance-usdm", &binance(|c| c[4][2] = "0.5".into()));
    names(&e, "BTCUSDT", 2);
    assert!(e.to_string().contains("0.5"));
    let e = bad("binance-usdm", &binance(|c| c[4][0] = "0".into()));
    names(&e, "BTCUSDT", 0);
    // maintenance 0.4 % at 300× would be liquidated as it opens (0.004 × 300 ≥ 1)
    let e = bad("binance-usdm", &binance(|c| c[4][0] = "300".into()));
    assert!(matches!(
        e.problem,
        Problem::MaintenanceNotBelowInitial { .. }
    ));
}

#[test]
fn a_wrong_cum_is_named_with_the_expected_figure() {
    let e = bad("binance-usdm", &binance(|c| c[3][2] = "1299".into()));
    names(&e, "BTCUSDT", 2);
    assert_eq!(
        e.problem,
        Problem::CumMismatch {
            expected: d("1300"),
            found: d("1299")
        }
    );
    assert!(e.to_string().contains("1300"));
    let e = bad("binance-usdm", &binance(|c| c[3][0] = "5".into()));
    names(&e, "BTCUSDT", 0);
}

#[test]
fn a_wrong_cum_in_the_real_file_names_dogeusdt() {
    let (_, text) = FILES[0];
    let broken = text.replacen(
        r#""cum":["0","280","655","6280""#,
        r#""cum":["0","280","656","6280""#,
        1,
    );
    assert_ne!(broken, text, "the DOGEUSDT row is in the file");
    let e = bad("binance-usdm", &broken);
    names(&e, "DOGEUSDT", 2);
}

#[test]
fn truncated_json_is_an_error_at_every_length() {
    let text = binance(|_| {});
    for n in 0..text.len() {
        let Some(prefix) = text.get(..n) else {
            continue;
        };
        let e = bad("binance-usdm", prefix);
        assert_eq!(e.venue, "binance-usdm");
    }
    let (_, okx) = FILES[5];
    let e = bad("okx", &okx[..okx.len() / 2]);
    assert!(matches!(e.problem, Problem::Json { .. }), "{e}");
    assert!(e
        .to_string()
        .starts_with("Venue data okx: not a valid data file"));
}

#[test]
fn wrong_shapes_are_errors() {
    let ok = binance(|_| {});
    let cases = [
        // numbers instead of strings
        ok.replacen(r#""floor":["0","50000","250000"]"#, r#""floor":[0,50000,250000]"#, 1),
        // an unknown column
        ok.replacen(r#""floor""#, r#""flor""#, 1),
        // symbols as an object
        r#"{"venue":"binance-usdm","source":"s","as_of":"2026-07-02","quality":"exact","symbols":{}}"#
            .to_string(),
        // missing symbols
        r#"{"venue":"binance-usdm","source":"s","as_of":"2026-07-02","quality":"exact"}"#.to_string(),
        // not an object at all
        "[1,2,3]".to_string(),
        String::new(),
        // trailing garbage
        format!("{ok} {{}}"),
    ];
    for text in &cases {
        let e = bad("binance-usdm", text);
        assert!(matches!(e.problem, Problem::Json { .. }), "{e}");
    }
    // The parser's message keeps its path, line and column.
    let e = bad("binance-usdm", &cases[0]);
    let text = e.to_string();
    assert!(text.contains("symbols[0].tiers.floor[0]"), "{text}");
    assert!(text.contains("line 2 column"), "{text}");
    // a column of the wrong length
    let e = bad(
        "binance-usdm",
        &binance(|c| {
            c[3].pop();
        }),
    );
    assert!(
        matches!(e.problem, Problem::ColumnLength { column: "cum", .. }),
        "{e}"
    );
    assert_eq!(e.symbol.as_deref(), Some("BTCUSDT"));
    // a missing column
    let e = bad(
        "binance-usdm",
        &ok.replacen(r#","cum":["0","50","1300"]"#, "", 1),
    );
    assert_eq!(e.problem, Problem::Missing { field: "tiers.cum" });
    // no tiers
    let e = bad(
        "binance-usdm",
        &binance(|c| c.iter_mut().for_each(Vec::clear)),
    );
    assert_eq!(e.problem, Problem::NoTiers);
    // a field of another venue
    let e = bad(
        "binance-usdm",
        &ok.replacen(r#""settle":"USDT""#, r#""settle":"USDT","imf":"0.05""#, 1),
    );
    assert!(e.to_string().contains("imf"), "{e}");
    // the wrong venue, an unknown venue, a bad date or quality
    let e = bad("bitmex", &ok);
    assert!(matches!(e.problem, Problem::VenueMismatch { .. }));
    assert_eq!(bad("kraken", &ok).problem, Problem::UnknownVenue);
    assert!(
        bad("binance-usdm", &ok.replacen("2026-07-02", "2026-13-02", 1))
            .to_string()
            .contains("YYYY-MM-DD")
    );
    assert!(
        bad("binance-usdm", &ok.replacen(r#""exact""#, r#""great""#, 1))
            .to_string()
            .contains("stand-in")
    );
    // duplicate or unsorted symbols
    let two = ok.replacen(
        "\n]}",
        &format!(",\n{}\n]}}", ok.lines().nth(1).expect("line")),
        1,
    );
    let e = bad("binance-usdm", &two);
    assert!(matches!(e.problem, Problem::NotSorted { .. }), "{e}");
}

#[test]
fn hostile_numbers_and_strings_are_errors_not_panics() {
    for number in [
        "1e400",
        "1E3",
        "99999999999999999999999999999999999999",
        "0.00000000000000000000000000000001",
        "NaN",
        "inf",
        " 1",
        "+1",
        "1.",
        ".5",
        "1..2",
        "0x10",
        "",
        "١٢",
    ] {
        let e = bad("binance-usdm", &binance(|c| c[1][1] = number.into()));
        assert_eq!(e.tier, Some(1), "{number}: {e}");
        assert!(
            matches!(e.problem, Problem::NotANumber { field: "cap", .. }),
            "{number}: {e}"
        );
    }
    let huge = "9".repeat(100_000);
    let e = bad("binance-usdm", &binance(|c| c[1][1] = huge.clone()));
    assert!(
        e.to_string().len() < 300,
        "the message quotes a bounded part"
    );
    // A bound above 10^15
    let e = bad(
        "binance-usdm",
        &binance(|c| c[1][2] = "1000000000000000000".into()),
    );
    assert!(
        matches!(e.problem, Problem::OutOfRange { field: "cap", .. }),
        "{e}"
    );
    // A symbol name that is too long, empty or odd
    for name in [
        "A".repeat(41),
        String::new(),
        "BTC USDT".into(),
        "BTC\"".into(),
    ] {
        let text = binance(|_| {}).replacen(
            r#""BTCUSDT""#,
            &serde_json::to_string(&name).expect("json"),
            1,
        );
        let e = bad("binance-usdm", &text);
        assert!(
            matches!(
                e.problem,
                Problem::BadText {
                    field: "symbol",
                    ..
                }
            ),
            "{name:?}: {e}"
        );
        assert!(e.to_string().len() < 300);
    }
    // Deep nesting, a huge file, many symbols
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(bad("okx", &deep).problem, Problem::Json { .. }));
    let big = " ".repeat(MAX_FILE_BYTES + 1);
    assert!(matches!(
        bad("okx", &big).problem,
        Problem::FileTooLarge { .. }
    ));
    let many: Vec<String> = (0..2001)
        .map(|i| format!(r#"{{"symbol":"S{i:05}","settle":"USDT","tiers":{{"floor":["0"],"cap":["1"],"rate":["0.1"],"cum":["0"],"lev":["2"]}}}}"#))
        .collect();
    let text = format!(
        r#"{{"venue":"binance-usdm","source":"s","as_of":"2026-07-02","quality":"exact","symbols":[{}]}}"#,
        many.join(",")
    );
    assert!(matches!(
        bad("binance-usdm", &text).problem,
        Problem::TooMany {
            what: "symbols",
            ..
        }
    ));
    // Too many tiers
    let e = bad(
        "binance-usdm",
        &binance(|c| {
            for col in c.iter_mut() {
                while col.len() < 65 {
                    col.push("1".into());
                }
            }
        }),
    );
    assert!(
        matches!(e.problem, Problem::TooMany { what: "tiers", .. }),
        "{e}"
    );
}

#[test]
fn a_hostile_gate_step_is_bounded() {
    let (_, text) = FILES[3];
    let broken = text.replacen(
        r#""risk_limit_step":"1499500000""#,
        r#""risk_limit_step":"1""#,
        1,
    );
    let e = bad("gate-linear", &broken);
    assert_eq!(e.symbol.as_deref(), Some("BTC_USDT"));
    assert!(
        matches!(
            e.problem,
            Problem::TooMany {
                what: "risk-limit steps",
                ..
            }
        ),
        "{e}"
    );
    let broken = text.replacen(
        r#""risk_limit_step":"1499500000""#,
        r#""risk_limit_step":"0""#,
        1,
    );
    assert!(bad("gate-linear", &broken).to_string().contains("BTC_USDT"));
    // 2× with steps of 6,000,000: the initial rate 0.5 + k × 0.003 passes 100 % at step 167,
    // so that tier's max leverage would be below 1 → named tier.
    let broken = text.replacen(
        r#""lev":"200","risk_limit_base":"500000","risk_limit_step":"1499500000""#,
        r#""lev":"2","risk_limit_base":"500000","risk_limit_step":"6000000""#,
        1,
    );
    assert_ne!(broken, text);
    let e = bad("gate-linear", &broken);
    assert_eq!(e.symbol.as_deref(), Some("BTC_USDT"));
    assert_eq!(e.tier, Some(167), "{e}");
    assert!(e.to_string().contains("tier 168"), "{e}");
}

#[test]
fn hostile_hyperliquid_dydx_bybit_tables_are_named() {
    let (_, hl) = FILES[1];
    let e = bad(
        "hyperliquid",
        &hl.replacen(r#""lev":["40","20"]"#, r#""lev":["40","0.5"]"#, 1),
    );
    assert_eq!((e.symbol.as_deref(), e.tier), (Some("BTC"), Some(1)));
    let e = bad(
        "hyperliquid",
        &hl.replacen(r#""cap":["150000000",null]"#, r#""cap":[null,null]"#, 1),
    );
    assert_eq!(e.problem, Problem::OpenTierNotLast);
    let (_, dydx) = FILES[2];
    let e = bad(
        "dydx",
        &dydx.replacen(
            r#""imf":"0.05","mmf":"0.03""#,
            r#""imf":"0.05","mmf":"0.05""#,
            1,
        ),
    );
    assert!(
        matches!(e.problem, Problem::MaintenanceNotBelowInitial { .. }),
        "{e}"
    );
    let (_, bybit) = FILES[6];
    let e = bad("bybit-linear", &bybit.replacen(r#""1200""#, r#""1201""#, 1));
    assert_eq!((e.symbol.as_deref(), e.tier), (Some("BTCUSDT"), Some(1)));
    assert!(matches!(e.problem, Problem::CumMismatch { .. }));
}

#[test]
fn random_byte_corruption_never_panics() {
    // A small deterministic generator: flip bytes of the smaller files and parse the result.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"0123456789.-\",:{}[]naeE ";
    for (key, text) in FILES.iter().skip(1) {
        for _ in 0..300 {
            let mut bytes = text.as_bytes().to_vec();
            for _ in 0..3 {
                let i = (next() % bytes.len() as u64) as usize;
                bytes[i] = alphabet[(next() % alphabet.len() as u64) as usize];
            }
            if let Ok(s) = String::from_utf8(bytes) {
                let _ = parse(key, &s);
            }
        }
    }
}
