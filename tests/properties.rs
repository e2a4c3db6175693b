//! Property tests: invariants of the margin math over thousands of random trades, and
//! panic-freedom of the parser and evaluator on random, extreme and hostile input.
//!
//! A small seeded generator keeps the runs reproducible without a test-framework dependency;
//! a failing case prints its inputs.

// Figures are compared rounded with `round_dp` (clippy.toml refuses it outside tests).
#![allow(clippy::disallowed_methods)]

use core::str::FromStr;
use levcalc::engine::brackets::BracketTable;
use levcalc::engine::liquidation::margin_surplus;
use levcalc::engine::trade::{LiquidationModel, MaintenanceSource, MarginInput, SizeInput};
use levcalc::engine::venues::{preset, Venue};
use levcalc::engine::{evaluate, ContractKind, Maintenance, Side, TradeInput};
use levcalc::scenario::{eval_json, evaluate_scenario, Scenario};
use rust_decimal::Decimal;

/// splitmix64: tiny, seeded, good enough to spread test inputs.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Log-uniform decimal in [lo, hi] with `dp` decimals.
    fn log_dec(&mut self, lo: f64, hi: f64, dp: u32) -> Decimal {
        let x = (lo.ln() + self.unit() * (hi.ln() - lo.ln())).exp();
        let d = Decimal::from_str(&format!("{x:.12}")).unwrap_or(Decimal::ONE);
        d.round_dp(dp).max(Decimal::new(1, dp))
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn random_trade(g: &mut Gen) -> TradeInput {
    let side = g.pick(&[Side::Long, Side::Short]);
    let contract = if g.unit() < 0.5 {
        ContractKind::Linear
    } else {
        ContractKind::Inverse {
            contract_size: g.pick(&[d("1"), d("10"), d("100")]),
        }
    };
    let entry = g.log_dec(0.01, 200_000.0, 4);
    let quantity = match contract {
        ContractKind::Linear => g.log_dec(0.001, 10_000.0, 3),
        ContractKind::Inverse { .. } => g.log_dec(1.0, 1_000_000.0, 0),
    };
    let leverage = g.log_dec(1.0, 100.0, 2);
    let rate = g.log_dec(0.001, 0.05, 4);
    let mut t = TradeInput::linear(side, entry, quantity, leverage);
    t.contract = contract;
    t.maintenance = MaintenanceSource::Fixed(Maintenance::new(rate, Decimal::ZERO));
    t
}

/// |a − b| ≤ 1e-12 · max(|b|, tiny)
fn rel_close(a: Decimal, b: Decimal, scale: Decimal) -> bool {
    (a - b).abs() <= d("0.000000000001") * scale.abs().max(d("0.000000000001"))
}

#[test]
fn equity_equals_maintenance_at_the_liquidation_price() {
    let mut g = Gen(1);
    let mut checked = 0;
    for _ in 0..5_000 {
        let t = random_trade(&mut g);
        let Ok(r) = evaluate(&t) else { continue };
        let Some(lp) = r.liquidation_price else {
            continue;
        };
        let MaintenanceSource::Fixed(m) = t.maintenance else {
            unreachable!()
        };
        let surplus = margin_surplus(
            t.contract,
            t.side,
            r.quantity,
            t.entry_price,
            r.margin_balance,
            &m,
            lp,
        )
        .unwrap();
        let mm = m
            .margin(t.contract.notional(r.quantity, lp).unwrap())
            .unwrap();
        assert!(
            rel_close(surplus, Decimal::ZERO, mm),
            "surplus {surplus} at {lp} for {t:?}"
        );
        checked += 1;
    }
    assert!(
        checked > 3_000,
        "only {checked} trades had a liquidation price"
    );
}

#[test]
fn liquidation_sits_on_the_losing_side_and_bankruptcy_beyond_it() {
    let mut g = Gen(2);
    for _ in 0..5_000 {
        let t = random_trade(&mut g);
        let Ok(r) = evaluate(&t) else { continue };
        let Some(lp) = r.liquidation_price else {
            continue;
        };
        match t.side {
            Side::Long => {
                assert!(lp < t.entry_price, "{t:?}");
                if let Some(bp) = r.bankruptcy_price {
                    assert!(bp < lp, "long: bankruptcy {bp} not below liquidation {lp}");
                }
            }
            Side::Short => {
                assert!(lp > t.entry_price, "{t:?}");
                let bp = r
                    .bankruptcy_price
                    .expect("a short with a liquidation price has a bankruptcy price");
                assert!(bp > lp, "short: bankruptcy {bp} not above liquidation {lp}");
            }
        }
    }
}

#[test]
fn liquidation_moves_toward_entry_as_leverage_rises() {
    let mut g = Gen(3);
    let mut pairs = 0;
    for _ in 0..2_000 {
        let mut t = random_trade(&mut g);
        let mut last: Option<Decimal> = None;
        for lev in ["1", "2", "3", "5", "10", "20", "50", "100"] {
            t.leverage = d(lev);
            let Ok(r) = evaluate(&t) else { break };
            let Some(lp) = r.liquidation_price else {
                continue;
            };
            let dist = (lp - t.entry_price).abs();
            if let Some(prev) = last {
                assert!(
                    dist < prev,
                    "distance grew from {prev} to {dist} at {lev}× for {t:?}"
                );
                pairs += 1;
            }
            last = Some(dist);
        }
    }
    assert!(pairs > 2_000);
}

#[test]
fn the_stop_fires_first_exactly_below_the_reported_leverage_limit() {
    let mut g = Gen(4);
    let mut checked = 0;
    for _ in 0..2_000 {
        let mut t = random_trade(&mut g);
        let frac = g.log_dec(0.002, 0.3, 4);
        let stop = match t.side {
            Side::Long => t.entry_price * (Decimal::ONE - frac),
            Side::Short => t.entry_price * (Decimal::ONE + frac),
        };
        t.stop_price = Some(stop.round_dp(8));
        t.leverage = Decimal::ONE;
        let Ok(r) = evaluate(&t) else { continue };
        let Some(max) = r.max_leverage_stop_first else {
            continue;
        };
        for (lev, stop_first) in [(max * d("0.98"), true), (max * d("1.02"), false)] {
            if lev < Decimal::ONE || lev > d("1000") {
                continue;
            }
            t.leverage = lev.round_dp(6);
            let Ok(r) = evaluate(&t) else { continue };
            let warned = r
                .warnings
                .iter()
                .any(|w| w.code() == "stop_beyond_liquidation");
            assert_eq!(
                !warned, stop_first,
                "leverage {lev} vs limit {max} for {t:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked}");
}

/// Per venue: at the reported liquidation price, equity equals that venue's maintenance
/// requirement in the bracket that holds the notional there.
#[test]
fn each_venue_liquidates_where_its_own_requirement_binds() {
    let mut g = Gen(5);
    let mut checked = 0;
    for venue in Venue::ALL {
        if venue == Venue::Custom {
            continue;
        }
        for symbol in venue.symbols() {
            for _ in 0..200 {
                let side = g.pick(&[Side::Long, Side::Short]);
                let (entry, qty) = if symbol.starts_with("ETH") {
                    (g.log_dec(1_000.0, 5_000.0, 2), g.log_dec(0.1, 5_000.0, 3))
                } else if symbol.starts_with("SOL") {
                    (g.log_dec(50.0, 300.0, 3), g.log_dec(1.0, 50_000.0, 2))
                } else {
                    (
                        g.log_dec(20_000.0, 120_000.0, 1),
                        g.log_dec(0.001, 500.0, 3),
                    )
                };
                let s = Scenario {
                    venue,
                    symbol: Some(symbol.to_string()),
                    contract: None,
                    side: if side == Side::Long {
                        levcalc::scenario::SideName::Long
                    } else {
                        levcalc::scenario::SideName::Short
                    },
                    entry_price: entry.into(),
                    quantity: Some(
                        if levcalc::engine::venues::implied_contract(venue)
                            == Some(levcalc::engine::contract::ContractType::Inverse)
                        {
                            (qty * entry
                                / levcalc::engine::venues::default_contract_size(
                                    venue,
                                    Some(symbol),
                                )
                                .unwrap())
                            .round()
                            .max(Decimal::ONE)
                            .into()
                        } else {
                            qty.into()
                        },
                    ),
                    leverage: g.log_dec(1.0, 20.0, 1).into(),
                    maintenance: None,
                    stop_price: None,
                    target_price: None,
                    ..Scenario::default()
                };
                let Ok(ev) = evaluate_scenario(&s) else {
                    continue;
                };
                let (t, r) = (&ev.input, &ev.report);
                let Some(lp) = r.liquidation_price else {
                    continue;
                };
                let MaintenanceSource::Table(table) = &t.maintenance else {
                    panic!("{venue:?} without a table")
                };
                let tier = table.at_price(t.contract, r.quantity, lp).unwrap();
                let m = tier.bracket.maintenance;
                let equity = r.margin_balance
                    + t.contract
                        .pnl(t.side, r.quantity, t.entry_price, lp)
                        .unwrap();
                let requirement = match t.model {
                    LiquidationModel::ExactRoot => m
                        .margin(t.contract.notional(r.quantity, lp).unwrap())
                        .unwrap(),
                    LiquidationModel::FeeInRate => {
                        Maintenance::new(m.rate + t.fees.taker, m.amount)
                            .margin(t.contract.notional(r.quantity, lp).unwrap())
                            .unwrap()
                    }
                    // Bybit's classic formula holds maintenance at the entry notional.
                    LiquidationModel::BybitClassic => {
                        let entry_tier = table
                            .at_price(t.contract, r.quantity, t.entry_price)
                            .unwrap();
                        entry_tier
                            .bracket
                            .maintenance
                            .margin(t.contract.notional(r.quantity, t.entry_price).unwrap())
                            .unwrap()
                    }
                    // Bybit's unified account: maintenance at the liquidation price plus the
                    // fee to close.
                    LiquidationModel::BybitUta => {
                        m.margin(t.contract.notional(r.quantity, lp).unwrap())
                            .unwrap()
                            + r.fee_to_close.unwrap().maintenance
                    }
                    // BitMEX rounds to the symbol tick (toward entry) and keeps maintenance at entry cost.
                    LiquidationModel::Bitmex(_) => continue,
                };
                let tol = requirement.abs().max(d("0.00000001")) * d("0.000000000001");
                assert!((equity - requirement).abs() <= tol, "{venue:?} {symbol}: equity {equity} vs requirement {requirement} at {lp} ({s:?})");
                if t.model != LiquidationModel::BybitClassic {
                    assert_eq!(
                        r.bracket.map(|b| b.tier),
                        Some(tier.tier),
                        "{venue:?} {symbol}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000, "{checked}");
}

#[test]
fn bracket_walk_settles_on_the_tier_holding_the_liquidation_notional() {
    // A Binance BTCUSDT long big enough that the entry tier (notional ≥ 600k) and the tier at
    // the liquidation price can differ.
    let table: BracketTable = preset(Venue::BinanceUsdm, Some("BTCUSDT"), ContractKind::Linear)
        .unwrap()
        .table
        .unwrap();
    let mut moved = 0;
    for q in ["10", "11", "12", "15", "20", "49", "50", "51", "60"] {
        for lev in ["2", "5", "10", "20"] {
            let mut t = TradeInput::linear(Side::Long, d("60000"), d(q), d(lev));
            t.maintenance = MaintenanceSource::Table(table.clone());
            let Ok(r) = evaluate(&t) else { continue };
            let lp = r.liquidation_price.unwrap();
            let at_lp = table.at_price(t.contract, r.quantity, lp).unwrap();
            assert_eq!(r.bracket.unwrap().tier, at_lp.tier, "q {q} lev {lev}");
            if r.warnings.iter().any(|w| w.code() == "bracket_changed") {
                moved += 1;
            }
        }
    }
    assert!(moved > 0, "no case crossed a tier boundary");
}

#[test]
fn leverage_above_the_bracket_maximum_names_the_limit() {
    let s: Scenario = levcalc::scenario::from_json(
        r#"{"version":1,"venue":"binance-usdm","symbol":"BTCUSDT","side":"long",
            "entry_price":60000,"quantity":20,"leverage":100}"#,
    )
    .unwrap();
    let err = evaluate_scenario(&s).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("75") && msg.contains("tier 3"), "{msg}");
}

#[test]
fn evaluation_never_panics_on_extreme_trades() {
    let mut g = Gen(6);
    let extremes = [
        "0",
        "-1",
        "0.000000000001",
        "1e-28",
        "1000000000000",
        "999999999999999",
        "79228162514264337593543950335",
        "0.9999",
        "1",
    ];
    for _ in 0..20_000 {
        let mut t = random_trade(&mut g);
        let pick = |g: &mut Gen| {
            d(
                match extremes[(g.next() % extremes.len() as u64) as usize] {
                    "1e-28" => "0.0000000000000000000000000001",
                    x => x,
                },
            )
        };
        match g.next() % 8 {
            0 => t.entry_price = pick(&mut g),
            1 => t.size = SizeInput::Quantity(pick(&mut g)),
            2 => t.leverage = pick(&mut g),
            3 => {
                t.maintenance =
                    MaintenanceSource::Fixed(Maintenance::new(pick(&mut g), pick(&mut g)))
            }
            4 => t.stop_price = Some(pick(&mut g)),
            5 => {
                t.margin = MarginInput::Cross {
                    wallet_balance: pick(&mut g),
                    others_maintenance: pick(&mut g),
                    others_unrealized_pnl: -pick(&mut g),
                }
            }
            6 => t.size = SizeInput::Notional(pick(&mut g)),
            _ => {
                t.contract = ContractKind::Inverse {
                    contract_size: pick(&mut g),
                }
            }
        }
        let _ = evaluate(&t); // must return, Ok or Err, never panic
    }
}

/// Random JSON built from the scenario's own field names and hostile values.
fn random_json(g: &mut Gen, depth: u32) -> String {
    const KEYS: &[&str] = &[
        "version",
        "venue",
        "contract",
        "symbol",
        "margin_mode",
        "side",
        "entry_price",
        "mark_price",
        "quantity",
        "notional",
        "margin",
        "equity",
        "risk_percent",
        "risk_amount",
        "quantity_step",
        "contract_size",
        "leverage",
        "isolated_margin",
        "wallet_balance",
        "maintenance",
        "rate",
        "amount",
        "taker_fee",
        "maker_fee",
        "entry_liquidity",
        "other_positions",
        "stop_price",
        "target_price",
        "__proto__",
        "x",
    ];
    const ATOMS: &[&str] = &[
        "1",
        "0",
        "-1",
        "1e308",
        "-1e308",
        "1e-320",
        "60000",
        "0.004",
        "10",
        "true",
        "null",
        "\"\"",
        "\"abc\"",
        "\"NaN\"",
        "\"Infinity\"",
        "\"1e40\"",
        "\"<script>alert(1)</script>\"",
        "\"binance-usdm\"",
        "\"long\"",
        "\"short\"",
        "\"inverse\"",
        "\"cross\"",
        "\"BTCUSDT\"",
        "\"50,000\"",
        "18446744073709551616",
        "\"79228162514264337593543950336\"",
        "1.5",
    ];
    match if depth > 3 { 0 } else { g.next() % 4 } {
        0 | 1 => g.pick(ATOMS).to_string(),
        2 => {
            let n = g.next() % 4;
            let items: Vec<String> = (0..n).map(|_| random_json(g, depth + 1)).collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let n = g.next() % 12;
            let mut fields: Vec<String> = (0..n)
                .map(|_| format!("\"{}\":{}", g.pick(KEYS), random_json(g, depth + 1)))
                .collect();
            if depth == 0 && g.unit() < 0.7 {
                fields.push("\"version\":1".into());
                fields.push("\"entry_price\":60000".into());
                fields.push("\"leverage\":10".into());
            }
            format!("{{{}}}", fields.join(","))
        }
    }
}

#[test]
fn parser_and_evaluator_never_panic_on_arbitrary_json() {
    let mut g = Gen(7);
    let mut ok = 0;
    for _ in 0..20_000 {
        let text = random_json(&mut g, 0);
        if eval_json(&text).is_ok() {
            ok += 1;
        }
    }
    // Truncated and garbled text too.
    let valid = serde_json::to_string(&Scenario::default()).unwrap();
    for cut in 0..valid.len() {
        let _ = eval_json(&valid[..cut]);
        let mut bytes = valid.clone().into_bytes();
        bytes[cut] = b"{}[]\":,0a-"[(g.next() % 10) as usize];
        let _ = eval_json(&String::from_utf8_lossy(&bytes));
    }
    assert!(eval_json(&valid).is_ok());
    assert!(ok < 20_000);
}

#[test]
fn errors_name_the_field() {
    let cases = [
        (
            r#"{"version":1,"entry_price":"-5","leverage":10,"quantity":1,"maintenance":{"rate":0.004}}"#,
            "entry_price",
        ),
        (
            r#"{"version":1,"entry_price":"abc","leverage":10,"quantity":1,"maintenance":{"rate":0.004}}"#,
            "entry_price",
        ),
        (
            r#"{"version":1,"entry_price":100,"leverage":0,"quantity":1,"maintenance":{"rate":0.004}}"#,
            "leverage",
        ),
        (
            r#"{"version":1,"entry_price":100,"leverage":10,"quantity":"1e40","maintenance":{"rate":0.004}}"#,
            "quantity",
        ),
        (
            r#"{"version":1,"entry_price":100,"leverage":10,"quantity":1,"maintenance":{"rate":0.004},"stop_price":120}"#,
            "stop_price",
        ),
        (
            r#"{"version":1,"entry_price":100,"leverage":10,"quantity":1,"maintenance":{"rate":0.004},"target_price":90}"#,
            "target_price",
        ),
        (
            r#"{"version":1,"entry_price":100,"leverage":10,"quantity":1,"maintenance":{"rate":0.2}}"#,
            "leverage",
        ),
        (
            r#"{"version":1,"entry_price":100,"leverage":10,"quantity":1,"maintenance":{"rate":true}}"#,
            "maintenance.rate",
        ),
        (
            r#"{"version":1,"entry_price":100,"leverage":10,"quantity":1,"maintenance":{"rate":0.004},"colour":1}"#,
            "colour",
        ),
        (
            r#"{"version":1,"venue":"nope","entry_price":100,"leverage":10,"quantity":1}"#,
            "venue",
        ),
    ];
    for (json, field) in cases {
        let err = eval_json(json).unwrap_err();
        let v: serde_json::Value = serde_json::from_str(&err).unwrap();
        assert_eq!(v["error"]["field"], field, "{json} → {err}");
        let msg = v["error"]["message"].as_str().unwrap();
        assert!(!msg.is_empty() && !msg.contains("NaN"), "{msg}");
    }
}
