//! Issue 11 §4, "errors that blame the wrong input": each message names the input that is to
//! blame, and a user's own table works for a symbol the venue's tables do not hold.

use levcalc::scenario::{evaluate_scenario, from_json};
use serde_json::{json, Value};

fn eval(v: Value) -> Result<Value, (String, Option<String>, String)> {
    let s = from_json(&v.to_string())
        .map_err(|e| (e.code().to_owned(), e.field_key(), e.to_string()))?;
    match evaluate_scenario(&s) {
        Ok(e) => Ok(serde_json::to_value(e.to_report(s.venue)).unwrap()),
        Err(e) => Err((e.code().to_owned(), e.field_key(), e.to_string())),
    }
}

/// A cross account whose other position has lost more than the wallet holds.
fn underwater(leverage: &str) -> Value {
    json!({"version": 1, "venue": "custom", "side": "long", "entry_price": "60000",
           "quantity": "1", "leverage": leverage, "margin_mode": "cross",
           "wallet_balance": "1000", "maintenance": {"rate": "0.004"},
           "other_positions": [{"side": "long", "entry_price": "100", "mark_price": "10",
                                "quantity": "100", "maintenance": {"rate": "0.01"}}]})
}

#[test]
fn cross_losses_beyond_the_wallet_blame_the_wallet_not_the_leverage() {
    for lev in ["1", "10"] {
        let (code, field, msg) = eval(underwater(lev)).unwrap_err();
        assert_eq!(code, "immediate_liquidation");
        assert_eq!(field.as_deref(), Some("wallet_balance"), "{msg}");
        assert!(
            msg.contains("wallet balance") && msg.contains("other positions"),
            "{msg}"
        );
        assert!(!msg.contains("Lower the leverage"), "at {lev}×: {msg}");
        // The balance named is the wallet less the other's maintenance plus its loss:
        // 1000 − 100·10·0.01 + 100·(10 − 100) = −8010.
        assert!(msg.contains("-8010"), "{msg}");
    }
    // With a wallet that covers the loss, the same trade opens.
    let mut ok = underwater("1");
    ok["wallet_balance"] = json!("20000");
    assert!(eval(ok).is_ok());
}

#[test]
fn isolated_immediate_liquidation_still_blames_the_leverage() {
    let v = json!({"version": 1, "venue": "custom", "side": "long", "entry_price": "60000",
                   "quantity": "0.5", "leverage": "300", "maintenance": {"rate": "0.004"}});
    let (code, field, msg) = eval(v).unwrap_err();
    assert_eq!(code, "immediate_liquidation");
    assert_eq!(field.as_deref(), Some("leverage"));
    assert!(msg.contains("Lower the leverage"), "{msg}");
}

fn with_brackets(symbol: &str) -> Value {
    json!({"version": 1, "venue": "binance-usdm", "symbol": symbol, "side": "long",
           "entry_price": "60000", "quantity": "0.5", "leverage": "10",
           "brackets": [{"floor": "0", "cap": "1000000", "rate": "0.005", "amount": "0",
                         "max_leverage": "50"},
                        {"floor": "1000000", "cap": "5000000", "rate": "0.01", "amount": "5000",
                         "max_leverage": "20"}]})
}

#[test]
fn a_users_table_works_for_a_symbol_the_venue_tables_do_not_hold() {
    let new = eval(with_brackets("NEWCOINUSDT")).unwrap();
    let known = eval(with_brackets("BTCUSDT")).unwrap();
    assert_eq!(new["liquidation_price"], known["liquidation_price"]);
    assert_eq!(new["maintenance_margin"], known["maintenance_margin"]);
    assert!(new["liquidation_price"].is_string(), "{new}");
    assert!(
        new.get("table").is_none_or(Value::is_null),
        "no venue table claimed: {new}"
    );
    // The user's table sets the leverage limit: 60× is above its 50×.
    let mut high = with_brackets("NEWCOINUSDT");
    high["leverage"] = json!("60");
    let (code, field, _) = eval(high).unwrap_err();
    assert_eq!(
        (code.as_str(), field.as_deref()),
        ("leverage_above_max", Some("leverage"))
    );
    // A user's flat rate works too.
    let mut flat = with_brackets("NEWCOINUSDT");
    flat.as_object_mut().unwrap().remove("brackets");
    flat["maintenance"] = json!({"rate": "0.005"});
    assert_eq!(
        eval(flat).unwrap()["liquidation_price"],
        known["liquidation_price"]
    );
    // Without a table of the user's, the unknown symbol is still refused, naming the symbol.
    let mut bare = with_brackets("NEWCOINUSDT");
    bare.as_object_mut().unwrap().remove("brackets");
    let (_, field, msg) = eval(bare).unwrap_err();
    assert_eq!(field.as_deref(), Some("symbol"), "{msg}");
}

#[test]
fn too_many_significant_digits_is_a_precision_message() {
    let v = json!({"version": 1, "venue": "custom", "side": "long",
                   "entry_price": "60000.00000000000000000000000001", "quantity": "0.5",
                   "leverage": "10", "maintenance": {"rate": "0.004"}});
    let (code, field, msg) = eval(v).unwrap_err();
    assert_eq!(code, "too_precise");
    assert_eq!(field.as_deref(), Some("entry_price"));
    assert!(
        msg.contains("significant digits") && !msg.contains("too small"),
        "{msg}"
    );
}

#[test]
fn a_json_number_or_scientific_text_with_too_many_digits_is_a_precision_message() {
    // A JSON number is read from its text (not through a double), so its 33 digits reach the
    // parser and are refused for their precision, not called "not a number".
    for price in [
        "1.2345678901234567890123456789012",
        "\"1.2345678901234567890123456789012e3\"",
    ] {
        let text = format!(
            r#"{{"version": 1, "venue": "custom", "side": "long", "entry_price": {price},
                "quantity": "0.5", "leverage": "10", "maintenance": {{"rate": "0.004"}}}}"#
        );
        let s = from_json(&text).unwrap();
        let e = evaluate_scenario(&s).unwrap_err();
        assert_eq!(e.code(), "too_precise", "{price}: {e}");
        assert_eq!(e.field_key().as_deref(), Some("entry_price"));
    }
}
