//! Bybit's unified trading account (issue 11 §4): the fee to close in the initial and the
//! maintenance margin (venue-formulas.md §3–§4, `src/engine/bybit.rs`).
//!
//! The vectors are computed by hand from the formulas (exact fractions, then rounded here):
//! `N` notional, `t` taker 0.055 %, `F = t·N(BP)`, `IM = N/L + t·N(BP₀)`,
//! `MM = N·r − a + F`, `LP` the root of `M + PnL(P) = N(P)·r − a + F`.

// Figures are compared rounded with `round_dp` (clippy.toml refuses it outside tests).
#![allow(clippy::disallowed_methods)]

use levcalc::engine::bybit::Account;
use levcalc::engine::venues::Venue;
use levcalc::explain::explain;
use levcalc::scenario::{evaluate_scenario, from_json, Evaluation, Scenario};
use levcalc::share;
use levcalc::ui::state::FormValues;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn run(v: &Value) -> Evaluation {
    let s = from_json(&v.to_string()).unwrap_or_else(|e| panic!("{v}: {e}"));
    evaluate_scenario(&s).unwrap_or_else(|e| panic!("{v}: {e}"))
}

fn report(v: &Value) -> Value {
    let s = from_json(&v.to_string()).unwrap();
    serde_json::to_value(run(v).to_report(s.venue)).unwrap()
}

fn linear(side: &str, qty: &str, lev: &str, rate: &str, amount: &str, account: &str) -> Value {
    json!({"version": 1, "venue": "bybit-linear", "side": side, "entry_price": "20000",
           "quantity": qty, "leverage": lev, "maintenance": {"rate": rate, "amount": amount},
           "taker_fee": "0.00055", "account": account})
}

/// 60,000 USD of BTCUSD (1 USD contracts) at 50,000, MMR 0.5 %: venue-formulas.md §4.
fn inverse(side: &str, lev: &str, account: &str) -> Value {
    json!({"version": 1, "venue": "bybit-inverse", "side": side, "entry_price": "50000",
           "quantity": "60000", "leverage": lev, "maintenance": {"rate": "0.005"},
           "taker_fee": "0.00055", "account": account})
}

fn lp(e: &Evaluation) -> Decimal {
    e.report.liquidation_price.unwrap()
}

/// `M + PnL(P) − (N(P)·r − a + F)`: zero at the UTA liquidation price.
fn surplus_at(e: &Evaluation, p: Decimal) -> Decimal {
    let (t, r) = (&e.input, &e.report);
    let equity = r.margin_balance
        + t.contract
            .pnl(t.side, r.quantity, t.entry_price, p)
            .unwrap();
    let mm = t.contract.notional(r.quantity, p).unwrap() * r.maintenance_rate
        - r.maintenance_amount
        + r.fee_to_close.unwrap().maintenance;
    equity - mm
}

/// The fee to close the figures should hold: taker × the bankruptcy value `N(BP)`.
fn fee_at_bankruptcy(e: &Evaluation) -> Decimal {
    let (t, r) = (&e.input, &e.report);
    t.fees.taker
        * t.contract
            .notional(r.quantity, r.bankruptcy_price.unwrap())
            .unwrap()
}

fn close(a: Decimal, b: Decimal, tol: &str) {
    assert!((a - b).abs() <= d(tol), "{a} vs {b}");
}

/// Checks common to the four vectors: IM and MM hold the fee to close at the bankruptcy
/// price, and the liquidation price is the root of equity = MM(at LP).
fn check_fee_terms(e: &Evaluation, im: &str, mm: &str, fee: &str) {
    let r = &e.report;
    let f = r.fee_to_close.expect("a UTA figure has a fee to close");
    assert_eq!(f.maintenance.round_dp(10), d(fee));
    assert_eq!(
        f.initial, f.maintenance,
        "at the initial margin both fees agree"
    );
    close(f.maintenance, fee_at_bankruptcy(e), "0.0000000001");
    assert_eq!(r.initial_margin.round_dp(10), d(im));
    close(
        r.initial_margin,
        r.notional / r.leverage + fee_at_bankruptcy(e),
        "0.0000000001",
    );
    assert_eq!(r.maintenance_margin.round_dp(10), d(mm));
    close(
        r.maintenance_margin,
        r.notional * r.maintenance_rate - r.maintenance_amount + fee_at_bankruptcy(e),
        "0.0000000001",
    );
    let p = lp(e);
    close(surplus_at(e, p), Decimal::ZERO, "0.000000000001");
    // And not a root one unit of price away.
    assert!(surplus_at(e, p + Decimal::ONE).abs() > d("0.0000001"));
}

#[test]
fn linear_long() {
    // 1 BTC at 20,000, 50×, MMR 0.5 %: N 20,000, BP₀ = 19,600, F = 0.00055 × 19,600 = 10.78;
    // IM = 400 + 10.78; MM = 100 + 10.78; LP = (410.78 − 10.78 − 20,000)/(0.005 − 1).
    let e = run(&linear("long", "1", "50", "0.005", "0", "uta"));
    check_fee_terms(&e, "410.78", "110.78", "10.78");
    assert_eq!(e.report.bankruptcy_price.unwrap().round_dp(10), d("19600"));
    assert_eq!(lp(&e).round_dp(10), d("19698.4924623116"));
}

#[test]
fn linear_short_with_a_deduction() {
    // 2 BTC at 20,000, 25×, MMR 1 %, deduction 20: N 40,000, BP₀ = 20,800,
    // F = 0.00055 × 41,600 = 22.88; IM = 1,600 + 22.88; MM = 400 − 20 + 22.88;
    // LP = (1,622.88 − 22.88 + 20 + 40,000)/(2 × 1.01) = 20,603.96.
    let e = run(&linear("short", "2", "25", "0.01", "20", "uta"));
    check_fee_terms(&e, "1622.88", "402.88", "22.88");
    assert_eq!(e.report.bankruptcy_price.unwrap().round_dp(10), d("20800"));
    assert_eq!(lp(&e).round_dp(10), d("20603.9603960396"));
}

#[test]
fn inverse_long_reproduces_the_2026_doc_example() {
    // §4: 60,000 USD at 50,000, 10×, MMR 0.5 %, no extra margin. N = 1.2 BTC, BP₀ = 45,454.54…,
    // N(BP₀) = 1.32, F = 0.000726; LP = 60,000 × 1.005 / (1.2 + 0.12) = 45,681.8 — the 2026
    // (exact-root) figure; the classic account gives the 2024 text's 45,662.1.
    let e = run(&inverse("long", "10", "uta"));
    check_fee_terms(&e, "0.120726", "0.006726", "0.000726");
    assert_eq!(lp(&e).round_dp(1), d("45681.8"));
    assert_eq!(lp(&e).round_dp(10), d("45681.8181818182"));
    assert_eq!(
        e.report.bankruptcy_price.unwrap().round_dp(10),
        d("45454.5454545455")
    );
    let classic = run(&inverse("long", "10", "classic"));
    assert_eq!(lp(&classic).round_dp(1), d("45662.1"));
}

#[test]
fn inverse_short() {
    // 60,000 USD at 50,000, 50×: N = 1.2 BTC, BP₀ = 50,000/(1 − 1/50) = 51,020.41,
    // N(BP₀) = 1.176, F = 0.0006468; LP = 60,000 × 0.995 / (1.2 − 0.024) = 50,765.31.
    let e = run(&inverse("short", "50", "uta"));
    check_fee_terms(&e, "0.0246468", "0.0066468", "0.0006468");
    assert_eq!(
        e.report.bankruptcy_price.unwrap().round_dp(10),
        d("51020.4081632653")
    );
    assert_eq!(lp(&e).round_dp(10), d("50765.306122449"));
}

#[test]
fn extra_margin_enters_divided_by_one_plus_or_minus_the_taker_fee() {
    // The 2026 inverse text term for term: LP_long = Q(r + 1)/[Q/E + Q/E/L + X/(1 + t) + a],
    // LP_short = Q(1 − r)/[Q/E − Q/E/L − X/(1 − t) − a], with X = 0.03 BTC added.
    let (q, e, l, r, t, x) = (
        d("60000"),
        d("50000"),
        d("10"),
        d("0.005"),
        d("0.00055"),
        d("0.03"),
    );
    for (side, doc) in [
        (
            "long",
            q * (r + Decimal::ONE) / (q / e + q / e / l + x / (Decimal::ONE + t)),
        ),
        (
            "short",
            q * (Decimal::ONE - r) / (q / e - q / e / l - x / (Decimal::ONE - t)),
        ),
    ] {
        let im = run(&inverse(side, "10", "uta")).report.initial_margin;
        let mut v = inverse(side, "10", "uta");
        v["isolated_margin"] = json!((im + x).to_string());
        let got = lp(&run(&v));
        close(got, doc, "0.0000000001");
    }
    // Linear, the same equation (derived): [Q·E·(1 ∓ 1/L) ∓ X/(1 ∓ t) ∓ a] / (Q·(1 ∓ r)), with
    // a = 7 and X = 300 USDT.
    let (q, e, l, r, a, x) = (d("1"), d("20000"), d("50"), d("0.005"), d("7"), d("300"));
    let one = Decimal::ONE;
    for (side, doc) in [
        (
            "long",
            (q * e * (one - one / l) - x / (one - t) - a) / (q * (one - r)),
        ),
        (
            "short",
            (q * e * (one + one / l) + x / (one + t) + a) / (q * (one + r)),
        ),
    ] {
        let im = run(&linear(side, "1", "50", "0.005", "7", "uta"))
            .report
            .initial_margin;
        let mut v = linear(side, "1", "50", "0.005", "7", "uta");
        v["isolated_margin"] = json!((im + x).to_string());
        close(lp(&run(&v)), doc, "0.0000000001");
    }
}

#[test]
fn for_the_same_margin_the_uta_price_is_nearer_the_entry_than_classic() {
    // The same isolated margin N/L under both accounts: under UTA the fee to close comes out of
    // the cushion. (Hand values: classic 19,700 / 20,610 / 45,662.10 / 50,761.42; UTA
    // 19,709.33 / 20,592.64 / 45,706.94 / 50,737.39.)
    let cases = [
        (
            linear("long", "1", "50", "0.005", "0", "uta"),
            "400",
            "19700",
            "19709.33",
        ),
        (
            linear("short", "2", "25", "0.01", "20", "uta"),
            "1600",
            "20610",
            "20592.64",
        ),
        (inverse("long", "10", "uta"), "0.12", "45662.1", "45706.94"),
        (
            inverse("short", "50", "uta"),
            "0.024",
            "50761.42",
            "50737.39",
        ),
    ];
    for (mut v, margin, classic_lp, uta_lp) in cases {
        v["isolated_margin"] = json!(margin);
        let uta = run(&v);
        v["account"] = json!("classic");
        let classic = run(&v);
        let entry = uta.input.entry_price;
        assert_eq!(lp(&classic).round_dp(2), d(classic_lp), "{v}");
        assert_eq!(lp(&uta).round_dp(2), d(uta_lp), "{v}");
        assert!(
            (lp(&uta) - entry).abs() < (lp(&classic) - entry).abs(),
            "{v}: UTA {} vs classic {}",
            lp(&uta),
            lp(&classic)
        );
        // The margin is below the UTA initial margin, which holds the fee: said so.
        assert!(uta
            .report
            .warnings
            .iter()
            .any(|w| w.code() == "margin_below_initial"));
        assert!(classic.report.warnings.is_empty(), "{v}");
    }
}

#[test]
fn at_the_initial_margin_the_fee_cancels_and_the_price_is_the_exact_root() {
    // With its own initial margin (the default) a UTA position's reserve and requirement
    // cancel: the price is the exact root of the margin N/L, as on the custom venue. That is
    // nearer the entry than classic where maintenance grows toward liquidation (linear short,
    // inverse long) and farther where it shrinks (linear long, inverse short).
    let custom = |mut v: Value| {
        let contract = if v["venue"] == "bybit-inverse" {
            "inverse"
        } else {
            "linear"
        };
        v["venue"] = json!("custom");
        v["contract"] = json!(contract);
        if contract == "inverse" {
            v["contract_size"] = json!("1");
        }
        v.as_object_mut().unwrap().remove("account");
        v
    };
    for (v, nearer) in [
        (linear("long", "1", "50", "0.005", "0", "uta"), false),
        (linear("short", "2", "25", "0.01", "20", "uta"), true),
        (inverse("long", "10", "uta"), true),
        (inverse("short", "50", "uta"), false),
    ] {
        let uta = run(&v);
        let exact = run(&custom(v.clone()));
        close(lp(&uta), lp(&exact), "0.0000000001");
        let mut c = v.clone();
        c["account"] = json!("classic");
        let classic = run(&c);
        let entry = uta.input.entry_price;
        assert_eq!(
            (lp(&uta) - entry).abs() < (lp(&classic) - entry).abs(),
            nearer,
            "{v}"
        );
    }
}

#[test]
fn classic_is_the_default_and_unchanged() {
    let mut v = linear("long", "1", "50", "0.005", "0", "classic");
    let explicit = run(&v);
    v.as_object_mut().unwrap().remove("account");
    let default = run(&v);
    assert_eq!(explicit.report, default.report);
    assert_eq!(lp(&default), d("19700"));
    assert_eq!(default.report.initial_margin, d("400"));
    assert_eq!(default.report.fee_to_close, None);
    let j = report(&v);
    assert_eq!(j["account"], "classic");
    assert!(j.get("fee_to_close").is_none());
    assert!(j["account_formula"]
        .as_str()
        .unwrap()
        .starts_with("classic"));
}

#[test]
fn the_report_says_which_account_it_assumes() {
    let j = report(&linear("long", "1", "50", "0.005", "0", "uta"));
    assert_eq!(j["account"], "uta");
    assert_eq!(j["fee_to_close"], "10.78");
    assert_eq!(j["initial_margin"], "410.78");
    assert!(j["account_formula"]
        .as_str()
        .unwrap()
        .contains("taker × bankruptcy value"));
    // Other venues: no account, and the field changes nothing.
    let b = json!({"version": 1, "venue": "binance-usdm", "symbol": "BTCUSDT", "side": "long",
                   "entry_price": "60000", "quantity": "0.5", "leverage": "10"});
    let mut with = b.clone();
    with["account"] = json!("uta");
    let (jb, jw) = (report(&b), report(&with));
    assert!(jb.get("account").is_none() && jw.get("account").is_none());
    assert_eq!(jb["liquidation_price"], jw["liquidation_price"]);
}

#[test]
fn a_scenario_round_trips_with_its_account() {
    let text = linear("short", "2", "25", "0.01", "20", "uta").to_string();
    let s = from_json(&text).unwrap();
    assert_eq!(s.account, Some(Account::Uta));
    let written = serde_json::to_string(&s).unwrap();
    assert!(written.contains(r#""account":"uta""#), "{written}");
    let back = from_json(&written).unwrap();
    assert_eq!(back, s);
    // Without the field nothing is written.
    let plain = serde_json::to_string(&Scenario::default()).unwrap();
    assert!(!plain.contains("account"), "{plain}");
    // And through a share link: `acct=uta`.
    let link = share::encode(&s);
    assert!(link.contains("&acct=uta"), "{link}");
    assert_eq!(share::decode(&link).unwrap().scenario, s);
    assert!(!share::encode(&Scenario::default()).contains("acct"));
}

#[test]
fn a_bad_account_is_refused_naming_the_field() {
    let mut v = linear("long", "1", "50", "0.005", "0", "uta");
    v["account"] = json!("unified");
    let e = from_json(&v.to_string()).unwrap_err();
    assert_eq!(e.field_key().as_deref(), Some("account"));
    let msg = e.to_string();
    assert!(
        msg.contains("`account`") && msg.contains("uta") && msg.contains("classic"),
        "{msg}"
    );
    v["account"] = json!(1);
    let e = from_json(&v.to_string()).unwrap_err();
    assert_eq!(e.field_key().as_deref(), Some("account"));
    // A link with a bad value names its key, as for every link key.
    let e = share::decode("v=1&venue=bybit-linear&entry=20000&qty=1&lev=50&acct=unified");
    let msg = match e {
        Ok(d) => panic!("read: {:?}", d.scenario.account),
        Err(e) => e.to_string(),
    };
    assert!(msg.contains("`acct`") && msg.contains("uta"), "{msg}");
}

#[test]
fn uta_cross_is_an_estimate_with_the_fee_out_of_the_wallet() {
    let mut v = linear("long", "1", "50", "0.005", "0", "uta");
    v["margin_mode"] = json!("cross");
    v["wallet_balance"] = json!("2000");
    let uta = run(&v);
    assert!(uta
        .report
        .warnings
        .iter()
        .any(|w| w.code() == "uta_cross_estimate"));
    let f = uta.report.fee_to_close.unwrap();
    // BP = (2,000 − 20,000)/(0.00055 − 1) = 18,009.905…; F = 0.00055 × BP.
    close(f.maintenance, d("9.9054479964"), "0.0000000001");
    close(surplus_at(&uta, lp(&uta)), Decimal::ZERO, "0.000000000001");
    v["account"] = json!("classic");
    let classic = run(&v);
    // Classic cross: 20,000 − (2,000 − 100) = 18,100.
    assert_eq!(lp(&classic), d("18100"));
    assert!(lp(&uta) > lp(&classic), "{} {}", lp(&uta), lp(&classic));
    assert!(classic
        .report
        .warnings
        .iter()
        .all(|w| w.code() != "uta_cross_estimate"));
}

#[test]
fn sizing_by_margin_counts_the_fee_to_close() {
    // 410.78 USDT at 50× and 20,000 is exactly 1 BTC under UTA (IM = 400 + 10.78).
    let mut v = linear("long", "1", "50", "0.005", "0", "uta");
    let o = v.as_object_mut().unwrap();
    o.remove("quantity");
    o.insert("margin".into(), json!("410.78"));
    let e = run(&v);
    close(e.report.quantity, Decimal::ONE, "0.0000000001");
    close(e.report.initial_margin, d("410.78"), "0.0000000001");
}

#[test]
fn the_explanation_shows_the_fee_to_close() {
    let e = run(&linear("long", "1", "50", "0.005", "0", "uta"));
    let x = explain(&e);
    let get = |k: &str| x.iter().find(|x| x.key == k).unwrap().clone();
    let im = get("initial_margin");
    assert!(im.formula.contains("F₀"), "{}", im.formula);
    assert_eq!(im.substituted, "20,000 / 50 + 10.78");
    let mm = get("maintenance_margin");
    assert_eq!(mm.formula, "MM = N(P) × r − a + F");
    assert!(mm.substituted.ends_with("+ 10.78"), "{}", mm.substituted);
    let liq = get("liquidation_price");
    assert!(liq.formula.contains("M − F"), "{}", liq.formula);
    assert!(
        liq.substituted.starts_with("(410.78 − 10.78 + "),
        "{}",
        liq.substituted
    );
    assert!(
        liq.notes
            .iter()
            .any(|n| n.contains("unified trading account")),
        "{:?}",
        liq.notes
    );
    let bp = get("bankruptcy_price");
    assert!(bp.substituted.contains("0.00055"), "{}", bp.substituted);
    // Classic says so, and has no fee term.
    let c = run(&linear("long", "1", "50", "0.005", "0", "classic"));
    let x = explain(&c);
    let liq = x.iter().find(|x| x.key == "liquidation_price").unwrap();
    assert!(!liq.formula.contains("M − F"));
    assert!(liq.notes.iter().any(|n| n.contains("classic account")));
    // Classic inverse shows the classic formula it computes.
    let c = run(&inverse("long", "10", "classic"));
    let x = explain(&c);
    let liq = x.iter().find(|x| x.key == "liquidation_price").unwrap();
    assert!(
        liq.formula
            .starts_with("P = Q × C / (Q × C / E + s × (M − MM(E)))"),
        "{}",
        liq.formula
    );
}

#[test]
fn the_form_carries_the_account_on_bybit_only() {
    let mut f = FormValues::default();
    f.set_venue(Venue::BybitLinear, Some(Decimal::from(30_000)));
    assert_eq!(f.to_scenario().unwrap().account, None, "classic by default");
    f.set_account("uta");
    let s = f.to_scenario().unwrap();
    assert_eq!(s.account, Some(Account::Uta));
    assert_eq!(FormValues::from_scenario(&s), f);
    assert!(share::encode(&s).contains("acct=uta"));
    let e = evaluate_scenario(&s).unwrap();
    assert!(e.report.fee_to_close.is_some());
    // Back to classic: the default, not written.
    f.set_account("classic");
    assert_eq!(f.account, None);
    assert_eq!(f.to_scenario().unwrap().account, None);
    // Another venue: never written.
    f.set_account("uta");
    f.set_venue(Venue::BinanceUsdm, Some(Decimal::from(30_000)));
    assert_eq!(f.to_scenario().unwrap().account, None);
    // A link that says classic keeps saying it (the form holds what it was given).
    let s = Scenario {
        venue: Venue::BybitInverse,
        symbol: None,
        account: Some(Account::Classic),
        ..Scenario::default()
    };
    assert_eq!(
        FormValues::from_scenario(&s).to_scenario().unwrap().account,
        Some(Account::Classic)
    );
}
