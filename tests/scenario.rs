//! The scenario format: strings or numbers, exact round trips, funding fields.

// Figures are compared rounded with `round_dp` (clippy.toml refuses it outside tests).
#![allow(clippy::disallowed_methods)]

use core::str::FromStr;
use levcalc::scenario::{eval_json, evaluate_scenario, from_json, Scenario};
use rust_decimal::Decimal;
use serde_json::Value;

fn report(json: &str) -> Value {
    serde_json::from_str(&eval_json(json).unwrap_or_else(|e| panic!("{e}"))).unwrap()
}

#[test]
fn numbers_and_strings_mean_the_same_exact_decimal() {
    let a = report(
        r#"{"version":1,"venue":"custom","entry_price":1456.84,"quantity":3683.979,"leverage":5,"maintenance":{"rate":0.1,"amount":135365}}"#,
    );
    let b = report(
        r#"{"version":1,"venue":"custom","entry_price":"1456.84","quantity":"3683.979","leverage":"5","maintenance":{"rate":"0.1","amount":"135365"}}"#,
    );
    assert_eq!(a, b);
    assert_eq!(a["notional"], "5366967.96636"); // 1456.84 × 3683.979, exact
}

#[test]
fn a_scenario_round_trips_exactly() {
    let s = Scenario::default();
    let text = serde_json::to_string(&s).unwrap();
    let back = from_json(&text).unwrap();
    assert_eq!(s, back);
    let r1 = evaluate_scenario(&s).unwrap();
    let r2 = evaluate_scenario(&back).unwrap();
    assert_eq!(r1.report, r2.report);
}

#[test]
fn the_contract_is_implied_by_the_venue_and_a_contradiction_is_rejected() {
    let r = report(
        r#"{"version":1,"venue":"binance-coinm","entry_price":60000,"quantity":10,"leverage":5}"#,
    );
    assert_eq!(r["contract"], "inverse");
    assert_eq!(r["settlement"], "base");
    // 10 contracts × 100 USD / 60,000 = 1/60 BTC notional.
    assert_eq!(
        Decimal::from_str(r["notional"].as_str().unwrap())
            .unwrap()
            .round_dp(10),
        Decimal::from_str("0.0166666667").unwrap()
    );
    let err = eval_json(r#"{"version":1,"venue":"binance-coinm","contract":"linear","entry_price":60000,"quantity":10,"leverage":5}"#).unwrap_err();
    assert!(err.contains("contract type"), "{err}");
}

#[test]
fn funding_reduces_isolated_margin_and_moves_liquidation_toward_entry() {
    let r = report(
        r#"{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"long","entry_price":60000,"quantity":"0.5","leverage":10,"funding_rate":"0.0001","holding_hours":72}"#,
    );
    assert_eq!(r["funding_payments"], "9");
    assert_eq!(r["funding_paid"], "27");
    // Tier 1 (0.4 %, no amount; the notional stays under 50,000); margin 3,000 − 27 = 2,973:
    // (2,973 − 30,000) / (0.5 × (0.004 − 1)).
    let d = |s: &str| Decimal::from_str(s).unwrap();
    let want = (d("2973") - d("30000")) / (d("0.5") * (d("0.004") - Decimal::ONE));
    assert_eq!(
        r["liquidation_price_after_holding"],
        want.normalize().to_string()
    );
    let before = d(r["liquidation_price"].as_str().unwrap());
    assert!(want > before);
}

#[test]
fn hourly_funding_on_hyperliquid_and_liquidation_by_funding_alone() {
    let r = report(
        r#"{"version":1,"venue":"hyperliquid","symbol":"BTC","side":"short","entry_price":60000,"quantity":1,"leverage":10,"funding_rate":"-0.0001","holding_hours":10}"#,
    );
    assert_eq!(r["funding_payments"], "10"); // hourly
    assert_eq!(r["funding_paid"], "60"); // shorts pay a negative rate: 10 × 6
    let r = report(
        r#"{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"long","entry_price":60000,"quantity":1,"leverage":50,"funding_rate":"0.01","holding_hours":72}"#,
    );
    assert_eq!(r["liquidated_by_funding"], true);
    assert_eq!(r["liquidation_price_after_holding"], Value::Null);
    // Cushion 1,200 − 240 = 960; 600 per payment → 2 payments → 16 h.
    assert_eq!(r["hours_to_funding_liquidation"], "16");
}

#[test]
fn risk_sizing_loses_at_most_the_budget_at_the_stop() {
    let r = report(
        r#"{"version":1,"venue":"custom","entry_price":60000,"equity":10000,"risk_percent":1,"leverage":10,"stop_price":58800,"maintenance":{"rate":0.004},"taker_fee":0.0005,"maker_fee":0.0002,"quantity_step":"0.001"}"#,
    );
    let loss = -Decimal::from_str(r["stop"]["net_pnl"].as_str().unwrap()).unwrap();
    assert!(loss <= Decimal::from(100), "{loss}");
    assert!(loss > Decimal::from(95), "{loss}");
    assert_eq!(r["risk_amount"], "100");
}

#[test]
fn volatility_adds_touch_probabilities_and_a_safe_leverage() {
    let r = report(
        r#"{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"long","entry_price":60000,"quantity":0.5,"leverage":20,"stop_price":58000,"target_price":64000,"volatility_annual":0.6,"horizon_hours":24,"max_prob_liquidation":0.02}"#,
    );
    let p = |k: &str| r[k].as_f64().unwrap_or_else(|| panic!("{k}: {}", r[k]));
    let (liq, stop, target) = (
        p("prob_touch_liquidation"),
        p("prob_touch_stop"),
        p("prob_touch_target"),
    );
    // The stop is nearer than liquidation (20× → ~4.6 % away), so it is touched more often.
    assert!(0.0 < liq && liq < stop && stop < 1.0, "{liq} {stop}");
    assert!(0.0 < target && target < 1.0);
    let safe = &r["safe_leverage"];
    let lev = safe["leverage"].as_f64().unwrap();
    assert!(lev > 1.0 && lev < 20.0, "{safe}");
    assert!(safe["prob_touch_liquidation"].as_f64().unwrap() <= 0.02 + 1e-9);
    // At the safe leverage the venue's own liquidation price is what the report says.
    let at = report(&format!(
        r#"{{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"long","entry_price":60000,"quantity":0.5,"leverage":"{}"}}"#,
        rust_decimal::Decimal::from_f64_retain(lev)
            .unwrap()
            .round_dp(8)
    ));
    let lp: f64 = at["liquidation_price"].as_str().unwrap().parse().unwrap();
    assert!((lp - safe["liquidation_price"].as_f64().unwrap()).abs() < 1e-6 * lp);
    // Without a volatility, none of these fields appear.
    let plain = report(
        r#"{"version":1,"venue":"binance-usdm","entry_price":60000,"quantity":0.5,"leverage":20}"#,
    );
    assert!(plain.get("prob_touch_liquidation").is_none());
}

#[test]
fn a_volatility_without_a_horizon_names_the_missing_field() {
    let err = eval_json(r#"{"version":1,"venue":"binance-usdm","entry_price":60000,"quantity":0.5,"leverage":20,"volatility_annual":0.6}"#).unwrap_err();
    assert!(err.contains("horizon_hours"), "{err}");
    let err = eval_json(r#"{"version":1,"venue":"binance-usdm","entry_price":60000,"quantity":0.5,"leverage":20,"volatility_annual":-0.6,"horizon_hours":24}"#).unwrap_err();
    assert!(err.contains("volatility"), "{err}");
}

#[test]
fn every_headline_figure_explains_itself_with_the_users_numbers() {
    use levcalc::explain::explain;
    let s = levcalc::scenario::from_json(
        r#"{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"long","entry_price":60000,"quantity":0.5,"leverage":20,"stop_price":56000,"target_price":64000,"funding_rate":0.0001,"holding_hours":24,"volatility_annual":0.6,"horizon_hours":24}"#,
    )
    .unwrap();
    let e = evaluate_scenario(&s).unwrap();
    let x = explain(&e);
    let keys: Vec<_> = x.iter().map(|x| x.key).collect();
    for k in [
        "notional",
        "initial_margin",
        "maintenance_margin",
        "liquidation_price",
        "bankruptcy_price",
        "pnl_stop",
        "pnl_target",
        "max_leverage_stop_first",
        "funding_paid",
        "prob_touch_liquidation",
    ] {
        assert!(keys.contains(&k), "missing {k}: {keys:?}");
    }
    let liq = x.iter().find(|x| x.key == "liquidation_price").unwrap();
    assert!(
        liq.substituted.contains("60,000") && liq.substituted.contains("0.5"),
        "{}",
        liq.substituted
    );
    let lp = e
        .report
        .liquidation_price
        .unwrap()
        .round_dp(8)
        .normalize()
        .to_string();
    assert_eq!(liq.result.replace(',', ""), lp);
    assert!(
        liq.notes.iter().any(|n| n.contains("Tier 1")),
        "{:?}",
        liq.notes
    );
    // 20× with the stop 6.7 % away: the stop fires too late, and the explanation says so.
    let m = x
        .iter()
        .find(|x| x.key == "max_leverage_stop_first")
        .unwrap();
    assert!(
        m.notes
            .iter()
            .any(|n| n.contains("liquidates you before the stop")),
        "{:?}",
        m.notes
    );
}

#[test]
fn a_custom_bracket_table_is_used_and_validated() {
    // Binance's old BTCUSDT tiers as a user-typed table: a 1,000,000 notional at 5× falls in
    // tier 3 at its liquidation price (floor 250,000, rate 1 %, amount 1,300).
    let r = report(
        r#"{"version":1,"venue":"custom","side":"long","entry_price":50000,"quantity":20,"leverage":5,
            "brackets":[{"floor":0,"cap":50000,"rate":0.004,"max_leverage":125},
                        {"floor":50000,"cap":250000,"rate":0.005,"amount":50,"max_leverage":100},
                        {"floor":250000,"cap":1000000,"rate":0.01,"amount":1300,"max_leverage":50},
                        {"floor":1000000,"cap":10000000,"rate":0.025,"amount":16300,"max_leverage":20}]}"#,
    );
    assert_eq!(r["bracket"]["tier"], 3, "{r}");
    assert_eq!(r["maintenance_amount"], "1300");
    let err = eval_json(
        r#"{"version":1,"venue":"custom","entry_price":50000,"quantity":1,"leverage":5,
            "brackets":[{"floor":100,"cap":50,"rate":0.004,"max_leverage":125}]}"#,
    )
    .unwrap_err();
    assert!(err.contains("brackets") && err.contains("cap"), "{err}");
    let err = eval_json(
        r#"{"version":1,"venue":"custom","entry_price":50000,"quantity":1,"leverage":150,
            "brackets":[{"floor":0,"cap":1000000,"rate":0.004,"max_leverage":125}]}"#,
    )
    .unwrap_err();
    assert!(err.contains("125"), "{err}");
}

#[test]
fn a_mark_past_the_stop_keeps_the_figures_and_explains_the_missing_probabilities() {
    let r = report(
        r#"{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"long","entry_price":60000,"mark_price":56000,"quantity":0.5,"leverage":10,"stop_price":57000,"volatility_annual":0.6,"horizon_hours":24}"#,
    );
    assert!(r["liquidation_price"].is_string());
    assert!(r.get("prob_touch_liquidation").is_none());
    let codes: Vec<_> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap().to_owned())
        .collect();
    assert!(codes.contains(&"risk_not_computed".to_owned()), "{codes:?}");
}

/// "Open price" (issue 13 §3): adding to the trade gives the average entry and the new
/// liquidation price the Account tab's ladder gives, here checked against a fresh evaluation
/// of the combined position.
#[test]
fn adding_to_a_position_averages_its_entry_and_moves_its_liquidation() {
    let d = |s: &str| Decimal::from_str(s).unwrap();
    let linear = from_json(
        r#"{"version":1,"venue":"custom","side":"long","entry_price":"60000","quantity":"0.5",
            "leverage":"10","maintenance":{"rate":"0.005","amount":"0"},"taker_fee":"0.0005","maker_fee":"0.0002"}"#,
    )
    .unwrap();
    let e = evaluate_scenario(&linear).unwrap();
    let after = e.add_to_position(d("58000"), d("0.5")).unwrap();
    assert_eq!(
        after.average_entry,
        d("59000"),
        "linear: the quantity-weighted mean"
    );
    assert_eq!(after.total_quantity, d("1.0"));
    // Isolated margin: the first margin plus the add's notional over the leverage.
    assert_eq!(after.margin, d("5900"));
    let lp = after.liquidation_price.unwrap();
    assert!(
        lp < e.report.liquidation_price.unwrap() && lp > d("50000"),
        "{lp}"
    );
    // The same position typed as one trade has the same liquidation price.
    let mut one = linear.clone();
    one.entry_price = levcalc::scenario::Num("59000".into());
    one.quantity = Some(levcalc::scenario::Num("1".into()));
    assert_eq!(
        evaluate_scenario(&one).unwrap().report.liquidation_price,
        Some(lp)
    );

    // Inverse: the harmonic mean of the prices, weighted by contracts.
    let inverse = from_json(
        r#"{"version":1,"venue":"custom","contract":"inverse","contract_size":"100","side":"short",
            "entry_price":"50000","quantity":"100","leverage":"5","maintenance":{"rate":"0.005","amount":"0"},
            "taker_fee":"0.0005","maker_fee":"0.0002"}"#,
    )
    .unwrap();
    let e = evaluate_scenario(&inverse).unwrap();
    let after = e.add_to_position(d("62500"), d("100")).unwrap();
    // 200 / (100/50000 + 100/62500) = 55,555.55…
    assert!(
        (after.average_entry - d("55555.5555555555")).abs() < d("0.0001"),
        "{}",
        after.average_entry
    );
    assert!(after.liquidation_price.unwrap() > e.report.liquidation_price.unwrap());

    // Bad adds name their own input.
    let err = e.add_to_position(d("0"), d("100")).unwrap_err();
    assert_eq!(err.field(), Some(levcalc::engine::Field::AddPrice), "{err}");
    let err = e.add_to_position(d("60000"), d("-1")).unwrap_err();
    assert_eq!(
        err.field(),
        Some(levcalc::engine::Field::AddQuantity),
        "{err}"
    );
}

#[test]
fn the_risk_outcome_carries_what_the_risk_charts_use() {
    use levcalc::engine::risk::Monitoring;
    use levcalc::scenario::{Num, DEFAULT_MAX_PROB_LIQUIDATION, DEFAULT_SAFE_BUFFER_SIGMAS};
    let s = Scenario {
        volatility_annual: Some(Num::new("0.6")),
        horizon_hours: Some(Num::new("24")),
        ..Scenario::default()
    };
    let e = evaluate_scenario(&s).unwrap();
    let r = e.risk.unwrap();
    assert_eq!(r.max_prob_liquidation, DEFAULT_MAX_PROB_LIQUIDATION);
    assert_eq!(r.buffer_sigmas, DEFAULT_SAFE_BUFFER_SIGMAS);
    assert_eq!(r.monitoring, Monitoring::Continuous);
    assert_eq!(r.mark_interval_seconds, None);
    assert!((r.horizon_years - 24.0 / 8760.0).abs() < 1e-15);
    // The venue's limit bounds the search: at it the position holds, above it not.
    assert!(r.max_leverage > 1.0 && r.max_leverage <= 125.0);
    let entry = levcalc::engine::num::to_f64(e.input.entry_price);
    let at = e.liquidation_by_leverage(&[r.max_leverage, r.max_leverage * 2.0]);
    assert!(at[0].is_some_and(|p| p != entry), "{at:?}");
    assert_eq!(
        at[1],
        Some(entry),
        "above the venue's limit: liquidated at once"
    );
    // At the user's leverage the curve passes through the position's own liquidation price
    // (the default position is isolated with the initial margin).
    let own = e.liquidation_by_leverage(&[levcalc::engine::num::to_f64(e.input.leverage)]);
    assert_eq!(
        own[0],
        e.report.liquidation_price.map(levcalc::engine::num::to_f64)
    );

    let hourly = Scenario {
        mark_interval_seconds: Some(Num::new("3600")),
        max_prob_liquidation: Some(Num::new("0.01")),
        safe_buffer_sigmas: Some(Num::new("0.5")),
        ..s
    };
    let r = evaluate_scenario(&hourly).unwrap().risk.unwrap();
    assert_eq!(r.mark_interval_seconds, Some(3600.0));
    assert_eq!(
        r.monitoring,
        Monitoring::Discrete {
            interval_years: 3600.0 / (3600.0 * 24.0 * 365.0)
        }
    );
    assert_eq!((r.max_prob_liquidation, r.buffer_sigmas), (0.01, 0.5));
}

#[test]
fn each_risk_input_names_itself_in_its_error() {
    use levcalc::scenario::Num;
    let base = Scenario {
        volatility_annual: Some(Num::new("0.6")),
        horizon_hours: Some(Num::new("24")),
        ..Scenario::default()
    };
    type Set = fn(&mut Scenario);
    let cases: [(&str, Set); 3] = [
        ("max_prob_liquidation", |s| {
            s.max_prob_liquidation = Some(Num::new("1,5"))
        }),
        ("safe_buffer_sigmas", |s| {
            s.safe_buffer_sigmas = Some(Num::new("x"))
        }),
        ("mark_interval_seconds", |s| {
            s.mark_interval_seconds = Some(Num::new("1,5"))
        }),
    ];
    for (key, set) in cases {
        let mut s = base.clone();
        set(&mut s);
        let err = evaluate_scenario(&s).unwrap_err();
        assert_eq!(err.field_key().as_deref(), Some(key), "{err}");
    }
}
