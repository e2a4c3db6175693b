//! Issue 10, "Nothing kills the page, nothing is lost": one test per finding, on the native
//! paths the page, the JS API and the CLI share (the browser halves are in
//! tests/e2e/specs/robust.test.mjs).

use levcalc::limits::{MAX_LINK_LEN, MAX_NAME_CHARS, MAX_OTHER_POSITIONS, MAX_SAVED};
use levcalc::scenario::{evaluate_scenario, from_json, OtherPosition, Scenario, SideName};
use levcalc::share::{decode, encode, link, ShareError};
use levcalc::storage::{Store, STORE_SCHEMA};
use serde_json::json;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The link of finding 1: a return on equity above 7.9e26 made `pct()` overflow.
const OVERFLOW_LINK: &str = "v=1&venue=custom&entry=1e-12&qty=1e12&lev=1000&mmr=0.0005&tp=1e12";

fn scenario_with(patch: serde_json::Value) -> String {
    let mut v = serde_json::to_value(Scenario::default()).unwrap();
    for (k, x) in patch.as_object().unwrap() {
        v[k] = x.clone();
    }
    v.to_string()
}

fn position(i: usize) -> serde_json::Value {
    json!({"symbol": "ETHUSDT", "side": if i % 2 == 0 {"short"} else {"long"},
           "quantity": "1.2345", "entry_price": "3012.5", "mark_price": "2990.1",
           "maintenance": {"rate": "0.005"}})
}

#[test]
fn finding_1_a_huge_return_on_equity_is_explained_not_a_panic() {
    let d = decode(OVERFLOW_LINK).unwrap();
    let e = evaluate_scenario(&d.scenario).unwrap();
    let all = levcalc::explain::explain(&e);
    assert!(!all.is_empty());
    let roe = all
        .iter()
        .flat_map(|x| x.notes.iter())
        .find(|n| n.starts_with("ROE"))
        .expect("the target's ROE is explained");
    assert!(roe.ends_with("e29 %."), "{roe}");
    // The same through the JSON path the JS API and the CLI use.
    let text = serde_json::to_string(&d.scenario).unwrap();
    assert!(levcalc::scenario::eval_json(&text).is_ok());
}

#[test]
fn finding_2_other_positions_are_bounded_on_every_way_in() {
    let over = scenario_with(json!({"margin_mode": "cross", "wallet_balance": "5000",
        "other_positions": (0..300).map(position).collect::<Vec<_>>()}));
    let t = Instant::now();
    let err = from_json(&over).unwrap_err().to_string();
    assert!(
        err.contains(&format!("at most {MAX_OTHER_POSITIONS} other positions")),
        "{err}"
    );
    assert!(t.elapsed() < Duration::from_millis(200), "refused early");
    // Exactly the limit is accepted and evaluates.
    let at = scenario_with(json!({"margin_mode": "cross", "wallet_balance": "500000",
        "other_positions": (0..MAX_OTHER_POSITIONS).map(position).collect::<Vec<_>>()}));
    let s = from_json(&at).unwrap();
    if let Err(e) = evaluate_scenario(&s) {
        panic!("{e}");
    }
    // A scenario built in code past the limit is refused by the evaluation itself.
    let mut big = s.clone();
    big.other_positions.push(big.other_positions[0].clone());
    assert!(evaluate_scenario(&big).is_err());
    // A link with 101 positions (compact form, and the JSON form of older links).
    let compact: Vec<String> = (0..=MAX_OTHER_POSITIONS)
        .map(|_| "ETHUSDT:s:1:3000".to_owned())
        .collect();
    let e = decode(&format!("v=1&op={}", compact.join(","))).unwrap_err();
    assert!(e.to_string().contains("at most 100 other positions"), "{e}");
    // Storage: an entry over the limit (5,000 positions, 0.5 MB) is kept aside whole, not loaded.
    let crafted = scenario_with(json!({"margin_mode": "cross", "wallet_balance": "5000",
        "other_positions": (0..5_000).map(position).collect::<Vec<_>>()}));
    let store_text = json!({"schema": 1, "scenarios": [
        {"name": "big", "scenario": serde_json::from_str::<serde_json::Value>(&crafted).unwrap()}]})
    .to_string();
    let t = Instant::now();
    let store = Store::read(Some(&store_text));
    assert!(store.saved.is_empty());
    assert_eq!(store.quarantine.len(), 1);
    assert!(store.quarantine[0]
        .reason
        .contains("at most 100 other positions"));
    assert!(store_text.contains(&store.quarantine[0].raw));
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    // Import: refused with the reason, nothing added.
    let mut target = Store::default();
    let report = target.import(&store_text).unwrap();
    assert!(target.saved.is_empty());
    let msg = report.message();
    assert!(msg.contains("Refused 1"), "{msg}");
    assert!(msg.contains("at most 100 other positions"), "{msg}");
    // The JSON text limit.
    let huge = format!(
        "{{\"version\":1,\"entry_price\":\"{}\"}}",
        "1".repeat(300_000)
    );
    assert!(from_json(&huge)
        .unwrap_err()
        .to_string()
        .contains("larger than"));
}

#[test]
fn finding_4_unreadable_and_newer_stores_are_kept_whole_and_never_overwritten() {
    // Unreadable text: kept whole (it used to be cut at 20,000 characters).
    let garbage = format!("{{not json {}", "x".repeat(50_000));
    let mut store = Store::read(Some(&garbage));
    assert_eq!(store.unreadable.as_deref(), Some(garbage.as_str()));
    assert_eq!(store.quarantine[0].raw, garbage);
    assert!(
        store.writable().is_err(),
        "not written before it is kept aside"
    );
    store.kept_aside("levcalc.saved.v1.unreadable");
    assert!(store.writable().is_ok());
    let written = store.write();
    assert!(
        !written.contains("xxxxxxxxxx"),
        "the text lives under its own key"
    );
    let back = Store::read(Some(&written));
    assert_eq!(
        back.quarantine[0].key.as_deref(),
        Some("levcalc.saved.v1.unreadable")
    );

    // A newer schema is read-only, whatever its size.
    let newer =
        json!({"schema": STORE_SCHEMA + 1, "scenarios": [], "pad": "y".repeat(30_000)}).to_string();
    let store = Store::read(Some(&newer));
    assert_eq!(store.newer_schema, Some(u64::from(STORE_SCHEMA + 1)));
    let why = store.writable().unwrap_err();
    assert!(why.contains("newer version"), "{why}");
    assert_eq!(store.quarantine[0].raw, newer);

    // An unreadable entry is kept as its exact original text (spacing, number forms, order).
    let odd =
        r#"{ "name" : "bad",  "scenario": {"version": 1, "entry_price": 1.50e3, "zz": [1,2]} }"#;
    let text = format!(r#"{{"schema":1,"scenarios":[{odd}]}}"#);
    let store = Store::read(Some(&text));
    assert_eq!(store.quarantine[0].raw, odd);
    let again = Store::read(Some(&store.write()));
    assert_eq!(again.quarantine[0].raw, odd, "written back untouched");
}

#[test]
fn finding_2_a_crafted_store_of_many_entries_stays_a_short_list() {
    use levcalc::storage::MAX_QUARANTINE;
    let good = json!({"name": "g", "scenario": serde_json::to_value(Scenario::default()).unwrap()});
    let mut entries: Vec<serde_json::Value> = (0..1_000)
        .map(|i| {
            let mut g = good.clone();
            g["name"] = json!(format!("g{i}"));
            g
        })
        .collect();
    entries.extend((0..20_000).map(|i| json!({"name": i})));
    let text = json!({"schema": 1, "scenarios": entries}).to_string();
    let t = Instant::now();
    let store = Store::read(Some(&text));
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(store.saved.len(), MAX_SAVED);
    assert_eq!(store.quarantine.len(), MAX_QUARANTINE + 1);
    let rest = store.quarantine.last().unwrap();
    let kept: Vec<serde_json::Value> = serde_json::from_str(&rest.raw).unwrap();
    assert_eq!(
        kept.len(),
        1_000 + 20_000 - MAX_SAVED - MAX_QUARANTINE,
        "nothing dropped"
    );
    assert!(rest.reason.contains("kept together"), "{}", rest.reason);
    // Written and read back, still short.
    let back = Store::read(Some(&store.write()));
    assert_eq!(back.saved.len(), MAX_SAVED);
    assert!(back.quarantine.len() <= MAX_QUARANTINE + 1);
}

#[test]
fn finding_5_numbers_the_page_accepts_read_back() {
    let text = scenario_with(json!({"taker_fee": 1e-70}));
    let s = from_json(&text).unwrap();
    let written = serde_json::to_string(&s).unwrap();
    let back = from_json(&written).expect("what was accepted reads back");
    assert_eq!(back, s);
    // It then fails evaluation with the real reason, naming the field.
    let e = evaluate_scenario(&back).unwrap_err();
    assert_eq!(e.field_key().as_deref(), Some("taker_fee"));
    assert!(e.to_string().contains("too small"), "{e}");
    // 1e-320 (a subnormal double): the real reason, not "must be a number".
    let s = from_json(&scenario_with(json!({"taker_fee": 1e-320}))).unwrap();
    let e = evaluate_scenario(&s).unwrap_err().to_string();
    assert!(
        !e.contains("must be a number") && e.contains("too small"),
        "{e}"
    );
    // Too many significant digits: a message about precision.
    let s = from_json(&scenario_with(
        json!({"entry_price": "60000.00000000000000000000000001"}),
    ))
    .unwrap();
    let e = evaluate_scenario(&s).unwrap_err().to_string();
    assert!(e.contains("significant digits"), "{e}");
    // A text too long to be a number is refused by the reader, naming the field; the page's form
    // gives the same error, so the page never holds (or links) what it could not read back.
    let e = from_json(&scenario_with(json!({"entry_price": "1".repeat(70)}))).unwrap_err();
    assert!(e.to_string().contains("longer than 64 characters"), "{e}");
    assert_eq!(e.field_key().as_deref(), Some("entry_price"));
    let form = levcalc::ui::state::FormValues {
        entry: "1".repeat(70),
        ..Default::default()
    };
    let e = form.to_scenario().unwrap_err();
    assert_eq!(e.field_key().as_deref(), Some("entry_price"), "{e}");
    // Ordinary numbers keep their plain text.
    let s = from_json(&scenario_with(
        json!({"entry_price": 1456.84, "leverage": 20}),
    ))
    .unwrap();
    assert_eq!(s.entry_price.0, "1456.84");
    assert_eq!(s.leverage.0, "20");
}

fn with_positions(n: usize) -> Scenario {
    Scenario {
        margin_mode: levcalc::scenario::MarginModeName::Cross,
        wallet_balance: Some("500000".into()),
        other_positions: (0..n)
            .map(|i| OtherPosition {
                symbol: Some("ETHUSDT".into()),
                side: if i % 2 == 0 {
                    SideName::Short
                } else {
                    SideName::Long
                },
                quantity: "1.2345".into(),
                entry_price: "3012.5".into(),
                mark_price: Some("2990.1".into()),
                maintenance: None,
                contract_size: None,
            })
            .collect(),
        ..Scenario::default()
    }
}

#[test]
fn finding_6_the_page_never_writes_a_link_it_would_refuse() {
    // 85 positions made a 9,910-character link; the compact form fits and reads back.
    let s = with_positions(85);
    let fragment = link(&s, 0).unwrap();
    assert!(fragment.len() <= MAX_LINK_LEN, "{}", fragment.len());
    assert_eq!(decode(&fragment).unwrap().scenario, s);
    // A position with separators and escapes in its values survives too.
    let mut odd = with_positions(2);
    odd.other_positions[0].symbol = Some("A,B:C%D".into());
    odd.other_positions[1].quantity = "1,234.5".into();
    odd.other_positions[1].maintenance = Some(levcalc::scenario::MaintenanceSpec {
        rate: "0.005".into(),
        amount: Some("1e+2".into()),
    });
    assert_eq!(decode(&encode(&odd)).unwrap().scenario, odd);
    // Too large for any link: refused with its length, never written.
    let mut huge = with_positions(MAX_OTHER_POSITIONS);
    for p in &mut huge.other_positions {
        p.quantity = format!("1.{}", "1".repeat(60)).as_str().into();
        p.entry_price = format!("3.{}", "3".repeat(60)).as_str().into();
    }
    match link(&huge, 0) {
        Err(ShareError::TooLong(n)) => assert!(n > MAX_LINK_LEN),
        other => panic!("{other:?}"),
    }
    // Older links with the JSON list still open.
    let old = "v=1&mm=cross&wb=5000&op=%5B%7B%22side%22%3A%22short%22%2C%22quantity%22%3A%221%22%2C%22entry_price%22%3A%223000%22%7D%5D";
    assert_eq!(decode(old).unwrap().scenario.other_positions.len(), 1);
}

fn saved_file(names: &[String]) -> String {
    let scenario = serde_json::to_value(Scenario::default()).unwrap();
    json!({"schema": 1, "scenarios": names.iter()
        .map(|n| json!({"name": n, "saved_at": "2026-12-01T00:00:00Z", "scenario": scenario}))
        .collect::<Vec<_>>()})
    .to_string()
}

#[test]
fn finding_7_import_keeps_the_limits_and_says_what_it_did() {
    let names: Vec<String> = (0..1_000)
        .map(|i| format!("{i:04}{}", "n".repeat(496)))
        .collect();
    let mut store = Store::default();
    let report = store.import(&saved_file(&names)).unwrap();
    assert_eq!(store.saved.len(), MAX_SAVED);
    assert!(store
        .saved
        .iter()
        .all(|s| s.name.chars().count() <= MAX_NAME_CHARS));
    let msg = report.message();
    assert!(msg.contains("Imported 200 scenarios."), "{msg}");
    assert!(msg.contains("Renamed 200"), "{msg}");
    assert!(msg.contains("Refused 800"), "{msg}");

    let mut store = Store::default();
    store.save("dup", "t", Scenario::default()).unwrap();
    let report = store
        .import(&saved_file(&["dup".into(), "dup".into(), "new".into()]))
        .unwrap();
    let got: Vec<&str> = store.saved.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(got, ["dup", "dup (2)", "new"]);
    let msg = report.message();
    assert!(msg.starts_with("Imported 3 scenarios."), "{msg}");
    assert!(msg.contains("Replaced 1"), "{msg}");
    assert!(msg.contains("Renamed 1: “dup” → “dup (2)”"), "{msg}");

    // A full store: a name the file repeats becomes `name (k)`, which comes in only where a
    // scenario of that name is saved (it replaces it); otherwise it is refused.
    let mut full = Store::default();
    for i in 0..MAX_SAVED - 1 {
        full.save(&format!("s{i}"), "t", Scenario::default())
            .unwrap();
    }
    full.save("s0 (3)", "t", Scenario::default()).unwrap();
    let report = full
        .import(&saved_file(&[
            "s0".into(),
            "s0".into(),
            "s0".into(),
            "s1".into(),
        ]))
        .unwrap();
    assert_eq!(full.saved.len(), MAX_SAVED);
    assert_eq!(report.imported, ["s0", "s0 (3)", "s1"], "{report:?}");
    assert_eq!(report.replaced, ["s0", "s0 (3)", "s1"], "{report:?}");
    let msg = report.message();
    assert!(msg.contains("Refused 1"), "{msg}");

    // A file that is not a store changes nothing.
    assert!(store.import("{nope").is_err());
    assert!(store.import(r#"{"schema": 9, "scenarios": []}"#).is_err());
    assert_eq!(store.saved.len(), 3);
}

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_levcalc"))
}

/// `levcalc eval -` with `bytes` on standard input.
fn eval_stdin(bytes: &[u8]) -> std::process::Output {
    let mut child = cli()
        .args(["eval", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn finding_8_the_cli_never_panics_and_reads_at_most_its_limit() {
    use std::os::unix::ffi::OsStrExt;
    let out = cli()
        .arg(std::ffi::OsStr::from_bytes(b"ev\xffal"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(64),
        "usage error, not a panic (134)"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("UTF-8"));

    // An endless input (like `yes |`): the CLI stops reading at its limit and answers.
    let mut child = cli()
        .args(["eval", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'y'; 64 * 1024];
        let mut sent = 0usize;
        while stdin.write_all(&chunk).is_ok() {
            sent += chunk.len();
            if sent > 64 * 1024 * 1024 {
                break;
            }
        }
        sent
    });
    let out = child.wait_with_output().unwrap();
    let sent = writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than"));
    assert!(
        sent < 64 * 1024 * 1024,
        "it stopped reading: {sent} bytes sent"
    );

    // A byte-order mark is skipped.
    let text = format!(
        "\u{feff}{}",
        serde_json::to_string(&Scenario::default()).unwrap()
    );
    let out = eval_stdin(text.as_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Bytes that are not UTF-8: the usual error.
    let out = eval_stdin(b"{\"version\":1,\xff}");
    assert_eq!(out.status.code(), Some(2));
}
