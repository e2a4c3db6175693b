//! The bundled venue data is well-formed and consistent, and every venue evaluates a plain
//! BTC or ETH trade.

use core::str::FromStr;
use levcalc::engine::data;
use levcalc::engine::venues::{implied_contract, preset, Venue};
use levcalc::engine::ContractKind;
use levcalc::scenario::{evaluate_scenario, Scenario};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn binance_rows_parse_and_their_amounts_follow_the_cum_recursion() {
    for (name, rows) in [
        ("BTCUSDT", data::BINANCE_USDM_BTCUSDT),
        ("ETHUSDT", data::BINANCE_USDM_ETHUSDT),
        ("SOLUSDT", data::BINANCE_USDM_SOLUSDT),
    ] {
        let mut prev: Option<(Decimal, Decimal, Decimal)> = None; // cap, rate, amount
        for (floor, cap, rate, amount, lev) in rows
            .iter()
            .map(|r| (d(r.0), d(r.1), d(r.2), d(r.3), d(r.4)))
        {
            assert!(
                floor < cap && rate > Decimal::ZERO && rate < Decimal::ONE && lev >= Decimal::ONE,
                "{name}"
            );
            match prev {
                None => assert_eq!(amount, Decimal::ZERO, "{name}: first tier has no amount"),
                Some((prev_cap, prev_rate, prev_amount)) => {
                    assert_eq!(floor, prev_cap, "{name}: tiers are contiguous");
                    assert!(rate > prev_rate, "{name}: rates rise");
                    assert_eq!(
                        amount,
                        floor * (rate - prev_rate) + prev_amount,
                        "{name}: cum recursion at {floor}"
                    );
                }
            }
            prev = Some((cap, rate, amount));
        }
    }
}

#[test]
fn hyperliquid_tiers_are_half_the_inverse_max_leverage_with_continuous_margin() {
    let t = preset(Venue::Hyperliquid, Some("BTC"), ContractKind::Linear)
        .unwrap()
        .table
        .unwrap();
    assert_eq!(t.brackets[0].maintenance.rate, d("0.0125"));
    assert_eq!(t.brackets[1].maintenance.rate, d("0.025"));
    // Deduction makes MM continuous at the boundary: 150M × 1.25 % = 150M × 2.5 % − 1.875M.
    assert_eq!(t.brackets[1].maintenance.amount, d("1875000"));
    let b = t.brackets[1].floor;
    assert_eq!(
        t.brackets[0].maintenance.margin(b).unwrap(),
        t.brackets[1].maintenance.margin(b).unwrap()
    );
}

#[test]
fn every_venue_and_symbol_evaluates_a_plain_trade() {
    for venue in Venue::ALL.into_iter().filter(|v| *v != Venue::Custom) {
        for symbol in venue.symbols() {
            let inverse =
                implied_contract(venue) == Some(levcalc::engine::contract::ContractType::Inverse);
            let (entry, qty) = if symbol.starts_with("ETH") {
                ("3000", "2")
            } else if symbol.starts_with("SOL") {
                ("150", "40")
            } else {
                ("60000", "0.1")
            };
            let s = Scenario {
                venue,
                symbol: Some(symbol.to_string()),
                contract: None,
                entry_price: entry.into(),
                quantity: Some(if inverse { "60".into() } else { qty.into() }),
                leverage: "5".into(),
                maintenance: None,
                taker_fee: None,
                maker_fee: None,
                stop_price: None,
                target_price: None,
                ..Scenario::default()
            };
            let ev = evaluate_scenario(&s).unwrap_or_else(|e| panic!("{venue:?} {symbol}: {e}"));
            let lp = ev
                .report
                .liquidation_price
                .expect("a 5× long has a liquidation price");
            assert!(lp < d(entry), "{venue:?} {symbol}");
            // 5× long: liquidation roughly 20 % below entry, less the maintenance cushion.
            let drop = (d(entry) - lp) / d(entry);
            assert!(
                drop > d("0.12") && drop < d("0.21"),
                "{venue:?} {symbol}: drop {drop}"
            );
            let p = preset(venue, Some(symbol), ev.input.contract).unwrap();
            assert!(!p.source.is_empty() && !p.as_of.is_empty());
        }
    }
}

#[test]
fn an_unknown_symbol_is_a_clear_error() {
    let s = Scenario {
        venue: Venue::BinanceUsdm,
        symbol: Some("DOGEUSDT".into()),
        maintenance: None,
        ..Scenario::default()
    };
    let e = evaluate_scenario(&s).unwrap_err();
    assert_eq!(e.field_key().as_deref(), Some("symbol"));
}

#[test]
fn the_same_20x_is_not_the_same_everywhere() {
    let mut prices = Vec::new();
    for venue in [
        Venue::BinanceUsdm,
        Venue::BybitLinear,
        Venue::Hyperliquid,
        Venue::Dydx,
    ] {
        let s = Scenario {
            venue,
            symbol: None,
            contract: None,
            entry_price: "60000".into(),
            quantity: Some("0.1".into()),
            leverage: "20".into(),
            maintenance: None,
            stop_price: None,
            target_price: None,
            ..Scenario::default()
        };
        let ev = evaluate_scenario(&s).unwrap_or_else(|e| panic!("{venue:?}: {e}"));
        prices.push(ev.report.liquidation_price.unwrap());
    }
    prices.sort();
    prices.dedup();
    assert!(prices.len() >= 3, "{prices:?}");
}
