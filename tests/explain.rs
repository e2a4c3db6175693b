//! "How each figure is computed" substitutes the numbers the result really used (issue 13 §1):
//! the substituted formula, evaluated, gives the result shown beside it.

use levcalc::explain::explain;
use levcalc::scenario::{evaluate_scenario, from_json};

/// A number as `explain` writes it: thousands separators, `−` for minus.
fn num(t: &str) -> f64 {
    let t = t.trim().replace(',', "").replace('−', "-");
    t.parse().unwrap_or_else(|_| panic!("not a number: {t:?}"))
}

fn scenarios() -> Vec<String> {
    let mut v = Vec::new();
    for (side, qty, stop) in [
        ("long", "0.5", "57000"),
        ("long", "5.1", "57000"),
        ("short", "5.1", "63000"),
        ("long", "20", "58000"),
        ("short", "0.9", "61500"),
    ] {
        v.push(format!(
            r#"{{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"{side}","entry_price":"60000","quantity":"{qty}","leverage":"5","stop_price":"{stop}"}}"#
        ));
        v.push(format!(
            r#"{{"version":1,"venue":"custom","side":"{side}","entry_price":"60000","quantity":"{qty}","leverage":"10","stop_price":"{stop}","maintenance":{{"rate":"0.004","amount":"0"}}}}"#
        ));
    }
    // The page's opening example with a mark away from entry.
    v.push(r#"{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"long","entry_price":"60000","mark_price":"55000","quantity":"5.1","leverage":"5","stop_price":"52000"}"#.into());
    v
}

#[test]
fn substituted_formulas_evaluate_to_their_results() {
    let mut checked = 0;
    for text in scenarios() {
        let s = from_json(&text).unwrap();
        let e = evaluate_scenario(&s).unwrap_or_else(|x| panic!("{text}: {x}"));
        for x in explain(&e) {
            let got = match x.key {
                "maintenance_margin" => {
                    // N × r − a
                    let (n, rest) = x.substituted.split_once(" × ").unwrap();
                    let (r, a) = rest.split_once(" − ").unwrap();
                    num(n) * num(r) - num(a)
                }
                "max_leverage_stop_first" => {
                    // N / (MM − (PnL))
                    let (n, rest) = x.substituted.split_once(" / (").unwrap();
                    let (mm, pnl) = rest.split_once(" − (").unwrap();
                    let pnl = pnl.trim_end_matches("))");
                    num(n) / (num(mm) - num(pnl))
                }
                "initial_margin" => {
                    let (n, l) = x.substituted.split_once(" / ").unwrap();
                    num(n) / num(l)
                }
                _ => continue,
            };
            let want = num(&x.result);
            assert!(
                (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                "{}: {} = {got}, but the result is {} ({text})",
                x.key,
                x.substituted,
                x.result
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} formulas checked");
}

/// The issue's case: the custom example (30,000 notional) with the stop at 57,000 uses the
/// maintenance at the stop (114), not at entry (120), so L* = 30,000 / (114 + 1,500).
#[test]
fn highest_leverage_with_the_stop_first_uses_the_maintenance_at_the_stop() {
    let s = from_json(r#"{"version":1,"venue":"custom","side":"long","entry_price":"60000","quantity":"0.5","leverage":"10","stop_price":"57000","maintenance":{"rate":"0.004","amount":"0"}}"#).unwrap();
    let e = evaluate_scenario(&s).unwrap();
    let x = explain(&e)
        .into_iter()
        .find(|x| x.key == "max_leverage_stop_first")
        .unwrap();
    assert_eq!(x.substituted, "30,000 / (114 − (−1,500))");
    assert!(x.result.starts_with("18.58736059"), "{}", x.result);
}
