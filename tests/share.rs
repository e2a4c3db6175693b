//! Share links and saved scenarios: exact round trips, migration, hostile input.

use levcalc::scenario::{evaluate_scenario, Num, OtherPosition, Scenario, SideName};
use levcalc::share::{decode, encode, percent_decode, percent_encode, ShareError, MAX_LINK_LEN};
use levcalc::storage::{Store, STORE_SCHEMA};

fn rich() -> Scenario {
    Scenario {
        venue: levcalc::engine::venues::Venue::BinanceUsdm,
        symbol: Some("ETHUSDT".into()),
        margin_mode: levcalc::scenario::MarginModeName::Cross,
        side: SideName::Short,
        contract: None,
        entry_price: "3,000.5".into(),
        wallet_balance: Some("25000".into()),
        maintenance: None,
        other_positions: vec![OtherPosition {
            symbol: Some("BTCUSDT".into()),
            side: SideName::Long,
            quantity: "0.25".into(),
            entry_price: "60000".into(),
            mark_price: Some("58000".into()),
            maintenance: None,
            contract_size: None,
        }],
        funding_rate: Some("-0.0001".into()),
        holding_hours: Some("48".into()),
        volatility_annual: Some("0.65".into()),
        horizon_hours: Some("36".into()),
        drift_annual: Some("0.1".into()),
        max_prob_liquidation: Some("0.02".into()),
        stop_price: Some("3100".into()),
        target_price: Some("2700".into()),
        ..Scenario::default()
    }
}

#[test]
fn a_link_round_trips_exactly_and_reproduces_the_report() {
    for s in [Scenario::default(), rich()] {
        let link = encode(&s);
        assert!(link.starts_with("v=1&"), "{link}");
        let back = decode(&format!("#{link}")).unwrap();
        assert_eq!(back.scenario, s, "{link}");
        assert!(back.ignored.is_empty() && back.migrated_from.is_none());
        assert_eq!(
            evaluate_scenario(&s).map(|e| e.report),
            evaluate_scenario(&back.scenario).map(|e| e.report)
        );
    }
}

#[test]
fn links_are_readable() {
    let link = encode(&Scenario::default());
    assert!(
        link.contains("entry=60000") && link.contains("lev=10") && link.contains("side=long"),
        "{link}"
    );
}

#[test]
fn a_link_without_a_version_is_read_as_version_1_and_unknown_keys_are_listed() {
    let d = decode("?entry=100&lev=5&qty=2&mmr=0.01&utm_source=x").unwrap();
    assert_eq!(d.scenario.entry_price, Num::new("100"));
    assert_eq!(d.ignored, vec!["utm_source".to_string()]);
    assert!(evaluate_scenario(&d.scenario).is_ok());
}

#[test]
fn a_newer_link_says_so() {
    let e = decode("v=7&entry=1").unwrap_err();
    assert_eq!(e, ShareError::NewerVersion("7".into()));
    assert!(e.to_string().contains("newer version"));
}

#[test]
fn hostile_links_never_panic_and_never_carry_markup_into_numbers() {
    let script = percent_encode("<script>alert(1)</script>");
    let cases = [
        format!("v=1&entry={script}&lev=10&qty=1&mmr=0.004"),
        format!("v=1&sym={script}&venue=custom&entry=1&lev=1&qty=1&mmr=0.004"),
        "v=1&entry=1e999999&lev=1e40&qty=-0".to_string(),
        "v=1&entry=%ZZ%&lev=%&qty=%F0%9F".to_string(),
        "v=abc".to_string(),
        "v=1&op=%5B%7B%22side%22%3A1%7D%5D".to_string(),
        "v=1&venue=%3Cimg%20src%3Dx%3E".to_string(),
        "&&&===&v&".to_string(),
        "v=1&".repeat(100),
    ];
    for link in cases {
        match decode(&link) {
            Ok(d) => {
                // Whatever was read, evaluating it yields a value or a readable error.
                match evaluate_scenario(&d.scenario) {
                    Ok(e) => assert!(
                        e.report.liquidation_price.is_some()
                            || e.report.liquidation_price.is_none()
                    ),
                    Err(err) => {
                        let msg = err.to_string();
                        assert!(!msg.is_empty() && !msg.contains("NaN"), "{msg}");
                    }
                }
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    let huge = format!("v=1&entry={}", "9".repeat(MAX_LINK_LEN));
    assert!(matches!(decode(&huge), Err(ShareError::TooLong(_))));
}

#[test]
fn percent_coding_round_trips_any_text() {
    for s in ["", "a b", "100%", "ü€😀", "<>&\"'#?=", "%", "%4", "%zz"] {
        assert_eq!(percent_decode(&percent_encode(s)), s);
    }
    assert_eq!(percent_decode("%41%zz%"), "A%zz%");
}

#[test]
fn saved_scenarios_round_trip_and_survive_corruption() {
    let mut store = Store::default();
    store
        .save("BTC swing", "2026-11-25T14:00:00Z", Scenario::default())
        .unwrap();
    store
        .save("ETH short", "2026-11-25T14:01:00Z", rich())
        .unwrap();
    let text = store.write();
    let back = Store::read(Some(&text));
    assert_eq!(back, store);
    assert_eq!(
        back.write(),
        text,
        "export → import → export is byte-identical"
    );

    // One corrupted entry: the other survives, the bad one is kept aside with a reason.
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["scenarios"][1]["scenario"]["entry_price"] = serde_json::json!({"evil": true});
    let damaged = Store::read(Some(&v.to_string()));
    assert_eq!(damaged.saved.len(), 1);
    assert_eq!(damaged.quarantine.len(), 1);
    assert!(
        damaged.quarantine[0].reason.contains("entry_price"),
        "{}",
        damaged.quarantine[0].reason
    );
    // Writing keeps the quarantined entry.
    assert_eq!(Store::read(Some(&damaged.write())).quarantine.len(), 1);

    // Not JSON at all, and a newer schema: nothing lost, nothing crashes.
    let garbage = Store::read(Some("{not json"));
    assert!(garbage.saved.is_empty() && garbage.quarantine.len() == 1);
    let newer = Store::read(Some(&format!(
        r#"{{"schema":{},"scenarios":[]}}"#,
        STORE_SCHEMA + 1
    )));
    assert!(newer.quarantine[0].reason.contains("newer version"));
    assert!(Store::read(None).saved.is_empty());
}

#[test]
fn saving_validates_names_and_replaces_by_name() {
    let mut store = Store::default();
    assert!(store.save("  ", "", Scenario::default()).is_err());
    store.save("a", "t1", Scenario::default()).unwrap();
    store.save("a", "t2", rich()).unwrap();
    assert_eq!(store.saved.len(), 1);
    assert_eq!(store.get("a").unwrap().saved_at, "t2");
    store.delete("a");
    assert!(store.saved.is_empty());
    let mut other = Store::default();
    other.save("x", "t", Scenario::default()).unwrap();
    let report = store.import(&other.write()).unwrap();
    assert_eq!(report.imported, vec!["x".to_owned()]);
    assert!(report.refused == 0 && report.renamed.is_empty());
}

/// Issue 11 §3: a link carries the imported table of the symbol in use, and the page that
/// opens it computes with the same table (validated, marked as the link's).
#[test]
fn a_link_carries_the_symbols_imported_table() {
    use levcalc::engine::tables;
    use levcalc::engine::venue_import::{import_entries_for, FROM_LINK};
    use levcalc::engine::venues::Venue;
    use levcalc::share::{read_table, table_pair, TABLE_KEY};
    let payload = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/venue-import/binance-usdm-ccxt-tiers-subset-2026-07-02.json"
    ))
    .unwrap();
    let (key, _, entries) = import_entries_for(Venue::BinanceUsdm, &payload, "2026-12-07").unwrap();
    let symbol = entries
        .iter()
        .find(|e| e.table.brackets.len() > 3)
        .unwrap()
        .symbol
        .clone();
    assert_eq!(
        table_pair(Venue::BinanceUsdm, &symbol),
        "",
        "nothing imported yet"
    );
    assert!(tables::import_entries(key, entries));
    let s = Scenario {
        symbol: Some(symbol.clone()),
        quantity: None,
        notional: Some(Num::new("30000")),
        leverage: Num::new("5"),
        ..Scenario::default()
    };
    let theirs = evaluate_scenario(&s).unwrap();
    let pair = table_pair(Venue::BinanceUsdm, &symbol);
    let value = pair
        .strip_prefix(&format!("&{TABLE_KEY}="))
        .expect("a tbl pair");
    assert!(!value.contains(['&', '#', '\n', '\t', ' ']), "{value}");
    let text = percent_decode(value);
    let (k, got) = read_table(Venue::BinanceUsdm, &symbol, &text).unwrap();
    assert_eq!(k, key);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].info.source.starts_with(FROM_LINK),
        "{}",
        got[0].info.source
    );
    assert_eq!(got[0].info.as_of, "2026-12-07");
    // The opening page: only the link's table, in a registry without the sender's import.
    tables::remove_imported(key, None);
    let bundled = evaluate_scenario(&s)
        .ok()
        .and_then(|e| e.table)
        .map(|t| t.source);
    assert!(tables::import_entries(k, got));
    let mine = evaluate_scenario(&s).unwrap();
    assert_eq!(mine.report, theirs.report);
    let source = mine.table.as_ref().map(|t| t.source.clone());
    assert!(
        source.as_deref().is_some_and(|t| t.starts_with(FROM_LINK)),
        "{source:?}"
    );
    assert_ne!(bundled, source);

    // Refused: another venue, another symbol, a tampered rate, junk.
    assert!(read_table(Venue::BybitLinear, &symbol, &text).is_err());
    assert!(read_table(Venue::Custom, &symbol, &text).is_err());
    let other = read_table(Venue::BinanceUsdm, "NOPEUSDT", &text).unwrap_err();
    assert!(other.contains("NOPEUSDT"), "{other}");
    assert!(read_table(Venue::BinanceUsdm, &symbol, "<img src=x onerror=alert(1)>").is_err());
    // A tier's rate of 1.5 (150 %) in the carried text: the whole table is refused.
    let tampered = text.replacen(",0.01,0,75;", ",1.5,0,75;", 1);
    assert_ne!(tampered, text);
    assert!(read_table(Venue::BinanceUsdm, &symbol, &tampered).is_err());
}
