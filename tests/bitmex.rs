//! BitMEX: the open-position rule (shared/reference/venue-formulas.md §7, correction of
//! 2026-12-01), inverse and linear, isolated and cross; the order's cost view kept as it was.
//!
//! Every expected price below is worked by hand from
//! ```text
//! inverse: LP = E / (1 + s·(f − MMR))   BP = E / (1 + s·f)
//! linear:  LP = E · (1 − s·(f − MMR))   BP = E · (1 − s·f)        f = M / N(E) (= 1/L isolated)
//! ```
//! rounded to the tick toward the entry, with the numbers of `data/venues/bitmex.json`
//! (BitMEX instruments 2026-05-21): XBTUSD inverse, 1 USD contracts, MMR 0.005, tick 0.1;
//! XBTUSDT linear, MMR 0.005, tick 0.1; ETHUSDT linear, MMR 0.005, tick 0.01. Entries are the
//! snapshot's last prices (XBTUSD 77,043.5; XBTUSDT 77,087.2; ETHUSDT 2,122.97).

// Figures are compared rounded with `round_dp` (clippy.toml refuses it outside tests).
#![allow(clippy::disallowed_methods)]

use core::str::FromStr;
use levcalc::engine::bitmex::{self, Rule, View};
use levcalc::engine::contract::{ContractKind, Side};
use levcalc::engine::fees::FeeSchedule;
use levcalc::engine::liquidation::Trigger;
use levcalc::engine::margin::Maintenance;
use levcalc::engine::trade::{
    evaluate, LiquidationModel, MaintenanceSource, MarginInput, SizeInput, TradeInput,
};
use levcalc::engine::venues::{preset, Venue};
use levcalc::explain::explain;
use levcalc::scenario::{evaluate_scenario, Evaluation, Scenario};
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn scenario(v: Value) -> Scenario {
    levcalc::scenario::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}: {v}"))
}

fn run(v: Value) -> Evaluation {
    let s = scenario(v);
    evaluate_scenario(&s).unwrap_or_else(|e| panic!("{e}: {s:?}"))
}

/// Liquidation and bankruptcy prices of a BitMEX scenario.
fn prices(v: Value) -> (Option<Decimal>, Option<Decimal>) {
    let e = run(v);
    (e.report.liquidation_price, e.report.bankruptcy_price)
}

fn xbtusd(side: &str, leverage: &str) -> Value {
    json!({"version": 1, "venue": "bitmex", "symbol": "XBTUSD", "side": side,
           "entry_price": "77043.5", "quantity": "10000", "leverage": leverage})
}

fn xbtusdt(side: &str, leverage: &str) -> Value {
    json!({"version": 1, "venue": "bitmex", "symbol": "XBTUSDT", "contract": "linear",
           "side": side, "entry_price": "77087.2", "quantity": "0.5", "leverage": leverage})
}

#[test]
fn inverse_xbtusd_isolated_long_and_short_at_10x_100x_1x() {
    // Long 10×: 77043.5 / 1.095 = 70359.3607… → up to 70359.4; BP 77043.5 / 1.1 = 70039.5454…
    // → 70039.6 (half-away would give 70039.5).
    assert_eq!(
        prices(xbtusd("long", "10")),
        (Some(d("70359.4")), Some(d("70039.6")))
    );
    // Short 10×: 77043.5 / 0.905 = 85130.9392… → down to 85130.9; BP / 0.9 = 85603.8888… →
    // 85603.8 (half-away: 85603.9).
    assert_eq!(
        prices(xbtusd("short", "10")),
        (Some(d("85130.9")), Some(d("85603.8")))
    );
    // 100×: / 1.005 = 76660.1990… → 76660.2, / 1.01 = 76280.6930… → 76280.7;
    // short / 0.995 = 77430.6532… → 77430.6, / 0.99 = 77821.7171… → 77821.7.
    assert_eq!(
        prices(xbtusd("long", "100")),
        (Some(d("76660.2")), Some(d("76280.7")))
    );
    assert_eq!(
        prices(xbtusd("short", "100")),
        (Some(d("77430.6")), Some(d("77821.7")))
    );
    // 1× long: / 1.995 = 38618.2957… → 38618.3; BP = E / 2 = 38521.75, off the tick → 38521.8.
    assert_eq!(
        prices(xbtusd("long", "1")),
        (Some(d("38618.3")), Some(d("38521.8")))
    );
    // 1× short: / (1 − 0.995) = 15,408,700 exactly; BP: 1 + s·f = 0, no price.
    assert_eq!(prices(xbtusd("short", "1")), (Some(d("15408700")), None));
}

#[test]
fn linear_xbtusdt_isolated_long_and_short_at_10x_100x_1x() {
    // Long 10×: 77087.2 × 0.905 = 69763.916 → 69764.0; BP × 0.9 = 69378.48 → 69378.5.
    assert_eq!(
        prices(xbtusdt("long", "10")),
        (Some(d("69764")), Some(d("69378.5")))
    );
    // Short 10×: × 1.095 = 84410.484 → 84410.4; BP × 1.1 = 84795.92 → 84795.9.
    assert_eq!(
        prices(xbtusdt("short", "10")),
        (Some(d("84410.4")), Some(d("84795.9")))
    );
    // 100×: × 0.995 = 76701.764 → 76701.8, × 0.99 = 76316.328 → 76316.4;
    // short × 1.005 = 77472.636 → 77472.6, × 1.01 = 77858.072 → 77858.0.
    assert_eq!(
        prices(xbtusdt("long", "100")),
        (Some(d("76701.8")), Some(d("76316.4")))
    );
    assert_eq!(
        prices(xbtusdt("short", "100")),
        (Some(d("77472.6")), Some(d("77858")))
    );
    // 1× long: maintenance is on the cost at entry, so LP = 0.005 × E = 385.436 → 385.5;
    // BP = E × 0 = 0: no price.
    assert_eq!(prices(xbtusdt("long", "1")), (Some(d("385.5")), None));
    // 1× short: × 1.995 = 153788.964 → 153788.9; BP × 2 = 154174.4 on the tick, unchanged.
    assert_eq!(
        prices(xbtusdt("short", "1")),
        (Some(d("153788.9")), Some(d("154174.4")))
    );
}

#[test]
fn linear_ethusdt_uses_its_own_tick_and_the_contract_is_implied_by_the_symbol() {
    // No "contract" field: the data file says ETHUSDT is linear. 25×: f = 0.04.
    // Long: 2122.97 × 0.965 = 2048.66605 → 2048.67; BP × 0.96 = 2038.0512 → 2038.06.
    let v = json!({"version": 1, "venue": "bitmex", "symbol": "ETHUSDT", "side": "long",
                   "entry_price": "2122.97", "quantity": "3", "leverage": "25"});
    assert_eq!(prices(v), (Some(d("2048.67")), Some(d("2038.06"))));
    // Short: × 1.035 = 2197.27395 → 2197.27; BP × 1.04 = 2207.8888 → 2207.88.
    let v = json!({"version": 1, "venue": "bitmex", "symbol": "ETHUSDT", "side": "short",
                   "entry_price": "2122.97", "quantity": "3", "leverage": "25"});
    assert_eq!(prices(v), (Some(d("2197.27")), Some(d("2207.88"))));
}

#[test]
fn the_contract_type_must_match_the_symbol() {
    let mut v = xbtusd("long", "10");
    v["contract"] = json!("linear");
    assert!(evaluate_scenario(&scenario(v)).is_err());
    let mut v = xbtusdt("long", "10");
    v["contract"] = json!("inverse");
    assert!(evaluate_scenario(&scenario(v)).is_err());
    let mut v = xbtusd("long", "10");
    v["symbol"] = json!("ETHUSD");
    assert!(
        evaluate_scenario(&scenario(v)).is_err(),
        "not in the data file"
    );
}

#[test]
fn inverse_cross_uses_the_whole_wallet() {
    // 10,000 contracts, wallet 0.05 XBT: f = 0.05 × 77043.5 / 10000 = 0.3852175.
    // LP = 77043.5 / 1.3802175 = 55819.8254… → 55819.9; BP / 1.3852175 = 55618.3415… → 55618.4.
    let v = json!({"version": 1, "venue": "bitmex", "symbol": "XBTUSD", "side": "long",
                   "margin_mode": "cross", "wallet_balance": "0.05",
                   "entry_price": "77043.5", "quantity": "10000", "leverage": "10"});
    assert_eq!(prices(v), (Some(d("55819.9")), Some(d("55618.4"))));
}

#[test]
fn linear_cross_short_with_and_without_other_positions() {
    // 0.5 XBT short, wallet 5000 USDT: f·E = M/Q = 10000, so LP = E + 10000 − 0.005·E
    // = 86701.764 → 86701.7, BP = E + 10000 = 87087.2, on the tick (kept, not cut to .1 below).
    let v = json!({"version": 1, "venue": "bitmex", "symbol": "XBTUSDT", "side": "short",
                   "margin_mode": "cross", "wallet_balance": "5000",
                   "entry_price": "77087.2", "quantity": "0.5", "leverage": "10"});
    assert_eq!(prices(v), (Some(d("86701.7")), Some(d("87087.2"))));
    // Other positions: maintenance 200, uPnL −300 → M = 4500, M/Q = 9000:
    // LP = 85701.764 → 85701.7, BP = 86087.2.
    let i = bitmex::instrument("XBTUSDT").unwrap();
    let t = TradeInput {
        margin: MarginInput::Cross {
            wallet_balance: d("5000"),
            others_maintenance: d("200"),
            others_unrealized_pnl: d("-300"),
        },
        maintenance: MaintenanceSource::Table(i.table),
        fees: i.fees,
        model: LiquidationModel::Bitmex(Rule {
            view: View::Position,
            tick: i.tick,
        }),
        ..TradeInput::linear(Side::Short, d("77087.2"), d("0.5"), d("10"))
    };
    let r = evaluate(&t).unwrap();
    assert_eq!(r.margin_balance, d("4500"));
    assert_eq!(r.liquidation_price, Some(d("85701.7")));
    assert_eq!(r.bankruptcy_price, Some(d("86087.2")));
}

#[test]
fn rounding_is_toward_the_entry_at_the_tick() {
    let tick = d("0.1");
    let e = d("100");
    // Below the entry (long): up, even from just above a tick; a price on the tick stays.
    assert_eq!(
        bitmex::round_toward_entry(d("90.01"), e, tick).unwrap(),
        d("90.1")
    );
    assert_eq!(
        bitmex::round_toward_entry(d("90.09"), e, tick).unwrap(),
        d("90.1")
    );
    assert_eq!(
        bitmex::round_toward_entry(d("90.1"), e, tick).unwrap(),
        d("90.1")
    );
    // Above the entry (short): down.
    assert_eq!(
        bitmex::round_toward_entry(d("110.09"), e, tick).unwrap(),
        d("110")
    );
    assert_eq!(
        bitmex::round_toward_entry(d("110.1"), e, tick).unwrap(),
        d("110.1")
    );
    // An exact root on the tick: long 10× inverse at 109,500 → 109500 / 1.095 = 100,000.
    let lp = bitmex::position_price(
        ContractKind::Inverse {
            contract_size: Decimal::ONE,
        },
        Side::Long,
        d("109500"),
        d("0.1"),
        d("0.005"),
        tick,
    )
    .unwrap();
    assert_eq!(lp, Trigger::At(d("100000")));
    // A zero tick is a typed error, not a panic.
    assert!(bitmex::round_toward_entry(d("90"), e, Decimal::ZERO).is_err());
}

#[test]
fn the_tick_is_the_symbols_tick_from_the_data_file() {
    let inverse = ContractKind::Inverse {
        contract_size: Decimal::ONE,
    };
    for (sym, contract, tick) in [
        ("XBTUSD", inverse, "0.1"),
        ("XBTUSDT", ContractKind::Linear, "0.1"),
        ("ETHUSDT", ContractKind::Linear, "0.01"),
        ("ADAUSDT", ContractKind::Linear, "0.0001"),
    ] {
        let p = preset(Venue::Bitmex, Some(sym), contract).unwrap();
        assert_eq!(
            p.model,
            LiquidationModel::Bitmex(Rule {
                view: View::Position,
                tick: d(tick)
            }),
            "{sym}"
        );
        assert_eq!(p.fees.taker, d("0.0005"), "{sym}");
        assert_eq!(p.as_of, "2026-05-21", "{sym}");
    }
    // The file's maintenance and initial rates: ADAUSDT 1.5 % and 3 % (33.3…× max).
    let ada = bitmex::instrument("ADAUSDT").unwrap();
    assert_eq!((ada.mmr, ada.imr), (d("0.015"), d("0.03")));
    let xbt = preset(Venue::Bitmex, None, inverse).unwrap().table.unwrap();
    assert_eq!(xbt.brackets[0].maintenance.rate, d("0.005"));
    assert_eq!(xbt.brackets[0].cap, d("200"), "risk limit 200 XBT");
}

#[test]
fn the_report_says_which_view_it_shows() {
    let e = run(xbtusd("long", "10"));
    let j = serde_json::to_value(e.to_report(Venue::Bitmex)).unwrap();
    assert_eq!(j["liquidation_view"], "position");
    let mut v = xbtusd("long", "10");
    v["bitmex_view"] = json!("order");
    let e = run(v);
    let j = serde_json::to_value(e.to_report(Venue::Bitmex)).unwrap();
    assert_eq!(j["liquidation_view"], "order");
    // Other venues carry no such field.
    let v = json!({"version": 1, "venue": "binance-usdm", "symbol": "BTCUSDT", "side": "long",
                   "entry_price": "60000", "quantity": "0.5", "leverage": "10"});
    let j = serde_json::to_value(run(v).to_report(Venue::BinanceUsdm)).unwrap();
    assert!(j.get("liquidation_view").is_none());
    // Unknown views are refused.
    let mut v = xbtusd("long", "10");
    v["bitmex_view"] = json!("fill");
    assert!(levcalc::scenario::from_json(&v.to_string()).is_err());
}

/// The engine's BitMEX figures before the open-position rule (main at bd58891, `levcalc eval`
/// on XBTUSD, 10,000 contracts at 77,043.5, taker 0.075 %, flat 0.5 % maintenance, 0.5 tick):
/// the order view reproduces them exactly.
#[test]
fn order_view_is_the_former_formula() {
    let inverse = ContractKind::Inverse {
        contract_size: Decimal::ONE,
    };
    for (side, lev, lp, bp) in [
        (Side::Long, "10", "70311", "69944"),
        (Side::Long, "100", "76603", "76167.5"),
        (Side::Short, "10", "85201.5", "85747"),
        (Side::Short, "100", "77489", "77940"),
    ] {
        let t = TradeInput {
            contract: inverse,
            size: SizeInput::Quantity(d("10000")),
            maintenance: MaintenanceSource::Fixed(Maintenance::new(d("0.005"), Decimal::ZERO)),
            fees: FeeSchedule {
                taker: d("0.00075"),
                maker: d("0.0002"),
            },
            model: LiquidationModel::Bitmex(Rule {
                view: View::Order,
                tick: d("0.5"),
            }),
            ..TradeInput::linear(side, d("77043.5"), d("10000"), d(lev))
        };
        let r = evaluate(&t).unwrap();
        assert_eq!(r.liquidation_price, Some(d(lp)), "{side:?} {lev}");
        assert_eq!(r.bankruptcy_price, Some(d(bp)), "{side:?} {lev}");
    }
    // With the data file's tick and fees (0.1, taker 0.05 %): long 10× im − mm = 0.1 + 0.001
    // − 0.0055 = 0.0955, 77043.5 / 1.0955 = 70327.2478… → 70327.2 (half-away); the position
    // view for the same trade is 70359.4 (32 ticks nearer the entry).
    let mut v = xbtusd("long", "10");
    v["bitmex_view"] = json!("order");
    assert_eq!(run(v).report.liquidation_price, Some(d("70327.2")));
}

/// Numbers in an explanation's substituted text, in order (`77,043.5` → 77043.5).
fn numbers(text: &str) -> Vec<Decimal> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(core::iter::once(' ')) {
        if c.is_ascii_digit() || c == '.' || (c == '-' && cur.is_empty()) {
            cur.push(c);
        } else if c == ',' && !cur.is_empty() {
        } else {
            if !cur.is_empty() && cur != "-" {
                out.push(d(&cur));
            }
            cur.clear();
        }
    }
    out
}

fn tick_toward(p: Decimal, entry: Decimal, tick: Decimal) -> Decimal {
    bitmex::round_toward_entry(p.round_dp(18), entry, tick).unwrap()
}

#[test]
fn the_explanation_shows_the_numbers_the_result_used() {
    for (v, inverse) in [
        (xbtusd("long", "10"), true),
        (xbtusd("short", "100"), true),
        (xbtusdt("long", "25"), false),
        (
            json!({"version": 1, "venue": "bitmex", "symbol": "XBTUSDT", "side": "short",
                   "margin_mode": "cross", "wallet_balance": "5000",
                   "entry_price": "77087.2", "quantity": "0.5", "leverage": "10"}),
            false,
        ),
    ] {
        let e = run(v.clone());
        let tick = d("0.1");
        for (key, result) in [
            ("liquidation_price", e.report.liquidation_price),
            ("bankruptcy_price", e.report.bankruptcy_price),
        ] {
            let x = explain(&e)
                .into_iter()
                .find(|x| x.key == key)
                .unwrap_or_else(|| panic!("{key}"));
            assert!(x.formula.contains("0.1 tick toward E"), "{}", x.formula);
            assert!(
                x.notes.iter().any(|n| n.contains("open position")),
                "{:?}",
                x.notes
            );
            // "E / (1 + s × (f − r))" or "E × (1 − s × (f − r))": recompute from the text.
            let n = numbers(&x.substituted);
            let [entry, one, s, f, r] = n[..] else {
                panic!("{}", x.substituted)
            };
            assert_eq!((entry, one), (e.input.entry_price, Decimal::ONE));
            assert_eq!(
                r,
                if key == "bankruptcy_price" {
                    d("0")
                } else {
                    e.report.maintenance_rate
                }
            );
            let raw = if inverse {
                entry / (Decimal::ONE + s * (f - r))
            } else {
                entry * (Decimal::ONE - s * (f - r))
            };
            // f is shown to 8 decimals: exact for isolated (1/L), within a tick for cross.
            let got = tick_toward(raw, entry, tick);
            let want = result.unwrap();
            if v.get("margin_mode").is_none() {
                assert_eq!(got, want, "{key}: {}", x.substituted);
            } else {
                assert!(
                    (got - want).abs() <= tick,
                    "{key}: {} → {got} vs {want}",
                    x.substituted
                );
            }
            assert_eq!(numbers(&x.result), vec![want], "{key}: {}", x.result);
        }
    }
}

#[test]
fn max_leverage_with_the_stop_first_uses_maintenance_at_entry() {
    // XBTUSDT long at 77087.2, stop 70000: L* = 1 / (0.005 + 1 − 70000/77087.2)
    // = 1 / 0.0969381… = 10.3158…; at 10× the stop fires first, at 11× liquidation comes first.
    let mut v = xbtusdt("long", "10");
    v["stop_price"] = json!("70000");
    let e = run(v.clone());
    let want = Decimal::ONE / (d("1.005") - d("70000") / d("77087.2"));
    let got = e.report.max_leverage_stop_first.unwrap();
    assert!((got - want).abs() < d("0.000000001"), "{got} vs {want}");
    assert_eq!(got.round_dp(4), d("10.3159"));
    assert!(e.report.liquidation_price.unwrap() < d("70000"));
    v["leverage"] = json!("11");
    let e = run(v);
    // 11×: LP = 77087.2 × (1 − (1/11 − 0.005)) = 70463.8… > stop.
    assert!(e.report.liquidation_price.unwrap() > d("70000"));
    assert!(e
        .report
        .warnings
        .iter()
        .any(|w| w.code() == "stop_beyond_liquidation"));
}

#[test]
fn the_order_view_explanation_says_so_and_shows_its_fees() {
    let mut v = xbtusd("long", "10");
    v["bitmex_view"] = json!("order");
    let e = run(v);
    let x = explain(&e)
        .into_iter()
        .find(|x| x.key == "liquidation_price")
        .unwrap();
    assert!(x.formula.contains("order's cost"), "{}", x.formula);
    // E / (1 + s × (f + 2·taker − (r + taker))) = 77043.5 / (1 + 1 × (0.1 + 0.001 − 0.0055)).
    assert_eq!(x.substituted, "77,043.5 / (1 + 1 × (0.1 + 0.001 − 0.0055))");
    assert_eq!(x.result, "70,327.2");
    assert!(x
        .notes
        .iter()
        .any(|n| n.contains("Not what the position screen shows")));
}
