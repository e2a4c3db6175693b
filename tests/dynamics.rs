//! Integration tests of leverage over time and across the market: the cross-margin account,
//! averaging-in ladders, volatility drag, CPPI and cascading liquidations.
//!
//! Properties run over seeded random inputs (a small splitmix64 generator, no test-framework
//! dependency); a failing case prints its inputs. Timings are `#[ignore]`d tests:
//!
//! ```text
//! cargo test --release --test dynamics -- --ignored --nocapture
//! ```

// Figures are compared rounded with `round_dp` (clippy.toml refuses it outside tests).
#![allow(clippy::disallowed_methods)]

use core::str::FromStr;
use levcalc::engine::account::{default_shocks, Account, Position};
use levcalc::engine::cascade::{
    presets, EntryBucket, ImpactLaw, LeverageBucket, Market, MarketSpec, UserPosition,
};
use levcalc::engine::cppi::{Cppi, CppiConfig, CppiRun, PathModel};
use levcalc::engine::drag::{Drag, GrowthOptimal};
use levcalc::engine::ladder::{Ladder, Rung};
use levcalc::engine::risk::montecarlo::Increments;
use levcalc::engine::trade::{MaintenanceSource, SizeInput};
use levcalc::engine::venues::{preset, Venue};
use levcalc::engine::{evaluate, ContractKind, Maintenance, Side, TradeInput};
use rust_decimal::Decimal;
use std::time::Instant;

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
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + self.unit() * (hi - lo)
    }
    fn log_range(&mut self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + self.unit() * (hi.ln() - lo.ln())).exp()
    }
    /// Log-uniform decimal in [lo, hi] with `dp` decimals.
    fn log_dec(&mut self, lo: f64, hi: f64, dp: u32) -> Decimal {
        let x = self.log_range(lo, hi);
        let d = Decimal::from_str(&format!("{x:.12}")).unwrap_or(Decimal::ONE);
        d.round_dp(dp).max(Decimal::new(1, dp))
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn rel(a: Decimal, b: Decimal) -> Decimal {
    if b.is_zero() {
        a.abs()
    } else {
        ((a - b) / b).abs()
    }
}

// ---------------------------------------------------------------------------------------------
// Account
// ---------------------------------------------------------------------------------------------

fn binance_btc() -> MaintenanceSource {
    let p = preset(Venue::BinanceUsdm, Some("BTCUSDT"), ContractKind::Linear).unwrap();
    MaintenanceSource::Table(p.table.unwrap())
}

/// A random healthy cross account of 1–5 linear positions, some on Binance's BTCUSDT table.
fn random_account(g: &mut Gen) -> Option<Account> {
    let n = 1 + g.below(5);
    let mut positions = Vec::new();
    let mut notional = 0.0;
    for _ in 0..n {
        let side = if g.unit() < 0.5 {
            Side::Long
        } else {
            Side::Short
        };
        let entry = g.log_dec(0.5, 100_000.0, 2);
        let mark = (entry * Decimal::from_str(&format!("{:.4}", g.range(0.9, 1.1))).unwrap())
            .round_dp(4)
            .max(d("0.0001"));
        let qty = g.log_dec(
            0.01,
            1_000_000.0 / entry.to_string().parse::<f64>().unwrap(),
            3,
        );
        let maintenance = if g.unit() < 0.4 {
            binance_btc()
        } else {
            MaintenanceSource::Fixed(Maintenance::new(g.log_dec(0.002, 0.05, 4), Decimal::ZERO))
        };
        notional += (qty * mark).to_string().parse::<f64>().unwrap();
        positions
            .push(Position::new(side, ContractKind::Linear, qty, entry, mark, maintenance).ok()?);
    }
    // Wallet for an effective leverage between 2× and 50×.
    let wallet = Decimal::from_str(&format!("{:.2}", notional / g.log_range(2.0, 50.0))).ok()?;
    let acc = Account::new(wallet.max(d("0.01")), positions).ok()?;
    let v = acc.view().ok()?;
    if v.liquidated {
        return None;
    }
    Some(acc)
}

fn with_mark(acc: &Account, i: usize, mark: Decimal) -> Account {
    let mut ps = acc.positions().to_vec();
    ps[i].mark_price = mark;
    Account::new(acc.wallet_balance(), ps).unwrap()
}

#[test]
fn account_equity_equals_maintenance_at_every_liquidation_price() {
    let mut g = Gen(11);
    let mut checked = 0;
    for case in 0..400 {
        let Some(acc) = random_account(&mut g) else {
            continue;
        };
        let v = acc.view().unwrap();
        for (i, pv) in v.positions.iter().enumerate() {
            let Some(lp) = pv.liquidation_price else {
                continue;
            };
            if !(d("0.000000000001")..=d("1000000000000")).contains(&lp) {
                continue;
            }
            // Move position i to its liquidation price, the others stay at mark.
            let at = with_mark(&acc, i, lp).view().unwrap();
            let err = rel(at.margin_balance, at.total_maintenance);
            assert!(
                err <= d("1e-12"),
                "case {case} position {i}: equity {} vs maintenance {} ({acc:?})",
                at.margin_balance,
                at.total_maintenance
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}

#[test]
fn account_shock_at_zero_is_the_current_state() {
    let mut g = Gen(12);
    for _ in 0..200 {
        let Some(acc) = random_account(&mut g) else {
            continue;
        };
        let v = acc.view().unwrap();
        let table = acc.shock_table(&default_shocks()).unwrap();
        let zero = table.iter().find(|r| r.shock.is_zero()).unwrap();
        assert_eq!(zero.equity, v.margin_balance);
        assert_eq!(zero.total_maintenance, v.total_maintenance);
        assert_eq!(zero.margin_ratio, v.margin_ratio);
        assert_eq!(zero.liquidated, v.liquidated);
        assert!(zero.gone.is_empty());
        let marks: Vec<Decimal> = acc.positions().iter().map(|p| p.mark_price).collect();
        assert_eq!(zero.prices, marks);
    }
}

#[test]
fn margin_to_add_moves_liquidation_exactly_to_the_target() {
    let mut g = Gen(13);
    let mut checked = 0;
    for case in 0..300 {
        let Some(acc) = random_account(&mut g) else {
            continue;
        };
        let i = g.below(acc.positions().len());
        let p = &acc.positions()[i];
        let f = Decimal::from_str(&format!("{:.6}", g.range(0.02, 0.6))).unwrap();
        let target = match p.side {
            Side::Long => p.mark_price * (Decimal::ONE - f),
            Side::Short => p.mark_price * (Decimal::ONE + f),
        }
        .round_dp(8);
        let Ok(change) = acc.margin_to_move_liquidation(i, target) else {
            continue;
        };
        let Ok(after) = acc.with_wallet_change(change.amount) else {
            continue; // a wallet beyond the accepted range
        };
        let lp = after.view().unwrap().positions[i].liquidation_price;
        let lp = lp.unwrap_or_else(|| panic!("case {case}: no LP after the change"));
        assert!(
            rel(lp, target) <= d("1e-18"),
            "case {case}: LP {lp} vs target {target}"
        );
        checked += 1;
    }
    assert!(checked > 150, "{checked}");
}

#[test]
fn account_alert_and_liquidation_shock_agree() {
    // One long: the uniform shock that liquidates the account equals LP/mark − 1, and the
    // alert price at 100 % is the liquidation price.
    let acc = Account::new(
        d("8000"),
        vec![Position::new(
            Side::Long,
            ContractKind::Linear,
            d("2"),
            d("60000"),
            d("61000"),
            binance_btc(),
        )
        .unwrap()],
    )
    .unwrap();
    let v = acc.view().unwrap();
    let lp = v.positions[0].liquidation_price.unwrap();
    let down = acc.shock_to_ratio(Decimal::ONE).unwrap().down.unwrap();
    assert!((down - (lp / d("61000") - Decimal::ONE)).abs() < d("1e-15"));
    match acc.alert_price(0, Decimal::ONE).unwrap() {
        levcalc::engine::account::AlertPrice::At { price, .. } => {
            assert!(rel(price, lp) < d("1e-24"))
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Ladder
// ---------------------------------------------------------------------------------------------

#[test]
fn ladder_of_one_rung_equals_a_single_evaluation() {
    let mut g = Gen(21);
    let mut checked = 0;
    for _ in 0..300 {
        let side = if g.unit() < 0.5 {
            Side::Long
        } else {
            Side::Short
        };
        let entry = g.log_dec(1.0, 100_000.0, 2);
        let qty = g.log_dec(0.001, 100.0, 3);
        let lev = g.log_dec(1.0, 50.0, 1);
        let mut t = TradeInput::linear(side, entry, qty, lev);
        t.maintenance =
            MaintenanceSource::Fixed(Maintenance::new(g.log_dec(0.002, 0.02, 4), Decimal::ZERO));
        let Ok(single) = evaluate(&t) else {
            continue;
        };
        // The ladder replaces entry and size with the rung's.
        let mut template = t.clone();
        template.entry_price = d("1");
        template.size = SizeInput::Quantity(d("1"));
        let ladder = Ladder::new(
            template,
            vec![Rung {
                price: entry,
                quantity: qty,
            }],
        )
        .unwrap();
        let rep = ladder.evaluate().unwrap();
        assert_eq!(rep.rungs.len(), 1);
        assert_eq!(rep.rungs[0].report, single);
        assert_eq!(rep.rungs[0].average_entry, entry);
        checked += 1;
    }
    assert!(checked > 200);
}

#[test]
fn ladder_average_entry_is_the_quantity_weighted_mean() {
    let mut g = Gen(22);
    for _ in 0..100 {
        let n = 1 + g.below(8);
        let rungs: Vec<Rung> = (0..n)
            .map(|_| Rung {
                price: g.log_dec(90.0, 110.0, 2),
                quantity: g.log_dec(0.01, 10.0, 3),
            })
            .collect();
        let mut t = TradeInput::linear(Side::Long, d("100"), d("1"), d("3"));
        t.maintenance = MaintenanceSource::Fixed(Maintenance::new(d("0.005"), Decimal::ZERO));
        let rep = Ladder::new(t, rungs.clone()).unwrap().evaluate().unwrap();
        assert_eq!(rep.rungs.len(), n);
        for (k, r) in rep.rungs.iter().enumerate() {
            let q: Decimal = rungs[..=k].iter().map(|r| r.quantity).sum();
            let qp: Decimal = rungs[..=k].iter().map(|r| r.quantity * r.price).sum();
            assert_eq!(r.total_quantity, q);
            assert!(rel(r.average_entry, qp / q) <= d("1e-26"));
            // Isolated margin: each fill's initial margin, Σ q·p / L.
            assert!(rel(r.margin, qp / d("3")) <= d("1e-24"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Drag
// ---------------------------------------------------------------------------------------------

#[test]
fn drag_at_zero_volatility_median_equals_mean_equals_compounding() {
    for (mu, days) in [(0.1, 365), (-0.2, 30), (1.5, 730)] {
        let model = Drag::daily(0.0, mu, days).unwrap();
        for l in [-2.0, 0.5, 1.0, 3.0, 10.0] {
            let o = model.outcome(l).unwrap();
            let want = (1.0 + l * mu / 365.0).powi(days as i32);
            assert_eq!(o.mean, want, "{mu} {l}");
            assert_eq!(o.median, want, "{mu} {l}");
        }
    }
}

#[test]
fn drag_growth_optimal_leverage_maximises_the_median() {
    let mut g = Gen(31);
    let mut checked = 0;
    for _ in 0..300 {
        let sigma = g.range(0.05, 2.0);
        let mu = g.range(-1.0, 1.5);
        let days = 1 + g.below(1000) as u32;
        let model = Drag::daily(sigma, mu, days).unwrap();
        let GrowthOptimal::At(l) = model.growth_optimal() else {
            continue;
        };
        let Ok(best) = model.outcome(l) else { continue };
        for eps in [1e-4, 1e-2, 0.3] {
            let h = eps * l.abs().max(1.0);
            for nb in [l - h, l + h] {
                if let Ok(o) = model.outcome(nb) {
                    assert!(
                        o.median < best.median,
                        "σ {sigma} μ {mu} n {days}: L* {l}, {nb}"
                    );
                }
            }
        }
        checked += 1;
    }
    assert!(checked > 250);
}

// ---------------------------------------------------------------------------------------------
// CPPI
// ---------------------------------------------------------------------------------------------

fn cppi_config(m: f64, steps: u32, every: u32) -> CppiConfig {
    CppiConfig {
        capital: 100.0,
        floor: 80.0,
        multiplier: m,
        max_leverage: 10.0,
        cash_rate: 0.0,
        horizon_years: 1.0,
        steps,
        rebalance_every: every,
    }
}

fn run_cppi(
    config: CppiConfig,
    model: PathModel,
    paths: u64,
) -> levcalc::engine::cppi::CppiSummary {
    let mut run = CppiRun::new(Cppi::new(config, model).unwrap(), 2024, paths).unwrap();
    run.run_all();
    run.summary().unwrap()
}

#[test]
fn cppi_floor_holds_with_fine_rebalancing_and_no_jumps() {
    let model = PathModel::new(0.8, 0.05, Increments::Gaussian).unwrap();
    // Rebalanced every 6 hours: a breach needs a 6-hour fall of 1/m = 20 %, ≈ 9.5 σ.
    let fine = run_cppi(cppi_config(5.0, 4 * 365, 1), model, 400);
    assert!(fine.p_breach <= 0.0025, "{}", fine.p_breach);
    assert!(fine.p_below_floor <= 0.0025, "{}", fine.p_below_floor);
    assert!(fine.quantiles[0].1 >= 80.0 * 0.999);
    // Rebalancing monthly lets gaps of more than 20 % through.
    let coarse = run_cppi(cppi_config(5.0, 4 * 365, 120), model, 400);
    assert!(
        coarse.p_breach > fine.p_breach + 0.05,
        "{}",
        coarse.p_breach
    );
}

#[test]
fn cppi_gap_risk_rises_with_the_multiplier() {
    // Three jumps a year of about −20 %; daily rebalancing.
    let model = PathModel::new(
        0.8,
        0.05,
        Increments::MertonJumps {
            intensity: 3.0,
            jump_mean: -0.2,
            jump_std: 0.1,
        },
    )
    .unwrap();
    let ps: Vec<(f64, f64)> = [2.0, 4.0, 8.0]
        .iter()
        .map(|&m| {
            let s = run_cppi(cppi_config(m, 365, 1), model, 1000);
            (s.p_below_floor, s.p_below_floor_se)
        })
        .collect();
    for w in ps.windows(2) {
        let (p0, se0) = w[0];
        let (p1, se1) = w[1];
        assert!(p1 > p0 + 3.0 * (se0 * se0 + se1 * se1).sqrt(), "{ps:?}");
    }
    // The same with fat-tailed Student-t steps and no jumps, every 3 days.
    let t3 = PathModel::new(1.0, 0.0, Increments::StudentT { df: 3.0 }).unwrap();
    let low = run_cppi(cppi_config(3.0, 365, 3), t3, 1000);
    let high = run_cppi(cppi_config(12.0, 365, 3), t3, 1000);
    assert!(
        high.p_breach > low.p_breach,
        "{} {}",
        low.p_breach,
        high.p_breach
    );
}

// ---------------------------------------------------------------------------------------------
// Cascade
// ---------------------------------------------------------------------------------------------

fn random_market(g: &mut Gen) -> MarketSpec {
    let ne = 1 + g.below(30);
    let entries = (0..ne)
        .map(|_| EntryBucket {
            offset: g.range(-0.3, 0.3),
            weight: g.unit(),
        })
        .collect();
    let nl = 1 + g.below(8);
    let leverages = (0..nl)
        .map(|_| LeverageBucket {
            leverage: g.log_range(1.0, 200.0),
            weight: g.unit() + 1e-3,
        })
        .collect();
    MarketSpec {
        price: g.log_range(0.01, 100_000.0),
        long_open_interest: g.log_range(1e3, 1e12),
        short_open_interest: g.log_range(1e3, 1e12),
        entries,
        leverages,
        maintenance_rate: g.range(0.0, 0.05),
        depth: g.log_range(1e2, 1e11),
        impact: if g.unit() < 0.5 {
            ImpactLaw::Linear
        } else {
            ImpactLaw::SquareRoot
        },
    }
}

fn subset(a: &[usize], b: &[usize]) -> bool {
    a.iter().all(|x| b.binary_search(x).is_ok())
}

#[test]
fn cascade_no_shock_no_cascade() {
    let mut g = Gen(41);
    for _ in 0..300 {
        let m = Market::new(random_market(&mut g)).unwrap();
        let r = m.cascade(0.0, None).unwrap();
        assert!(r.rounds.is_empty());
        assert_eq!(r.total_liquidated, 0.0);
        assert_eq!(r.final_price, m.spec().price);
    }
}

#[test]
fn cascade_deeper_books_never_make_it_larger() {
    let mut g = Gen(42);
    let mut grew = 0;
    for case in 0..500 {
        let spec = random_market(&mut g);
        let shock = g.range(-0.5, 0.5);
        let m = Market::new(spec.clone()).unwrap();
        let deeper = m.with_depth(spec.depth * g.log_range(1.0, 100.0)).unwrap();
        let a = m.cascade(shock, None).unwrap();
        let b = deeper.cascade(shock, None).unwrap();
        assert!(
            b.total_liquidated <= a.total_liquidated,
            "case {case}: {} > {} ({spec:?}, shock {shock})",
            b.total_liquidated,
            a.total_liquidated
        );
        assert!(subset(&b.triggered, &a.triggered), "case {case}");
        if a.total_liquidated > b.total_liquidated {
            grew += 1;
        }
    }
    // The property is not vacuous: depth matters in many cases.
    assert!(grew > 50, "{grew}");
}

#[test]
fn cascade_larger_shock_never_makes_it_smaller() {
    let mut g = Gen(43);
    for case in 0..500 {
        let spec = random_market(&mut g);
        let m = Market::new(spec.clone()).unwrap();
        let s1 = g.range(0.0, 0.4);
        let s2 = s1 + g.range(0.0, 0.4);
        for sign in [-1.0, 1.0] {
            let small = m.cascade(sign * s1, None).unwrap();
            let large = m.cascade(sign * s2, None).unwrap();
            assert!(
                large.total_liquidated >= small.total_liquidated,
                "case {case} sign {sign}: {spec:?}"
            );
            assert!(subset(&small.triggered, &large.triggered));
            if sign < 0.0 {
                assert!(large.final_price <= small.final_price);
            } else {
                assert!(large.final_price >= small.final_price);
            }
        }
    }
}

#[test]
fn cascade_liquidated_notional_is_the_sum_of_triggered_slices() {
    let mut g = Gen(44);
    for case in 0..500 {
        let m = Market::new(random_market(&mut g)).unwrap();
        let shock = g.range(-0.6, 0.6);
        let r = m.cascade(shock, None).unwrap();
        // Recompute independently: every slice the final price has reached, on the hit side.
        let mut want = 0.0;
        let mut ids = Vec::new();
        for (i, s) in m.slices().iter().enumerate() {
            let hit = match s.side {
                Side::Long => shock < 0.0 && r.final_price <= s.liquidation_price,
                Side::Short => shock > 0.0 && r.final_price >= s.liquidation_price,
            };
            if hit {
                want += s.forced_notional;
                ids.push(i);
            }
        }
        assert_eq!(ids, r.triggered, "case {case}");
        let tol = 1e-9 * want.max(1.0);
        assert!((r.total_liquidated - want).abs() <= tol, "case {case}");
        let by_round: f64 = r.rounds.iter().map(|x| x.liquidated_notional).sum();
        assert!((by_round - want).abs() <= tol);
        let listed: usize = r.rounds.iter().map(|x| x.slices.len()).sum();
        assert_eq!(listed, ids.len());
        // Terminates: each round liquidates at least one slice.
        assert!(r.rounds.len() <= m.slices().len());
        assert!(r.rounds.iter().all(|x| !x.slices.is_empty()));
        assert!(!r.truncated);
    }
}

#[test]
fn cascade_always_terminates_on_extreme_input() {
    let base = presets()[0].spec.clone();
    // Zero depth: refused (the impact would be unbounded).
    assert!(Market::new(MarketSpec {
        depth: 0.0,
        ..base.clone()
    })
    .is_err());
    // Huge open interest beyond the accepted range: refused.
    assert!(Market::new(MarketSpec {
        long_open_interest: 1e300,
        ..base.clone()
    })
    .is_err());
    assert!(Market::new(MarketSpec {
        long_open_interest: f64::INFINITY,
        ..base.clone()
    })
    .is_err());
    // The largest accepted open interest on the thinnest book: bounded, finite, terminates.
    let m = Market::new(MarketSpec {
        long_open_interest: 1e15,
        short_open_interest: 1e15,
        entries: EntryBucket::uniform(0.5, 400),
        leverages: (1..=50)
            .map(|k| LeverageBucket {
                leverage: 2.0 * k as f64,
                weight: 1.0,
            })
            .collect(),
        depth: 1e-9,
        impact: ImpactLaw::Linear,
        ..base.clone()
    })
    .unwrap();
    for shock in [-0.999, -1e-12, 1e-12, 10.0] {
        let r = m.cascade(shock, None).unwrap();
        assert!(r.final_price.is_finite() && r.final_price >= 0.0, "{shock}");
        assert!(r.total_liquidated.is_finite());
        assert!(r.rounds.len() <= m.slices().len());
        assert!(!r.truncated);
    }
    // Only 1× leverage: nobody can be liquidated by a fall.
    let safe = Market::new(MarketSpec {
        leverages: vec![LeverageBucket {
            leverage: 1.0,
            weight: 1.0,
        }],
        ..base
    })
    .unwrap();
    assert!(safe.cascade(-0.99, None).unwrap().rounds.is_empty());
}

#[test]
fn cascade_reports_the_users_round() {
    let m = Market::new(presets()[1].spec.clone()).unwrap();
    let r = m.cascade(-0.03, None).unwrap();
    assert!(r.rounds.len() >= 2);
    // A long liquidated between the second round's start and end price.
    let lp = 0.5 * (r.rounds[1].price_before + r.rounds[1].price_after);
    let u = m
        .cascade(
            -0.03,
            Some(UserPosition {
                side: Side::Long,
                liquidation_price: lp,
            }),
        )
        .unwrap()
        .user
        .unwrap();
    assert_eq!(u.round, Some(3));
    assert!(u.liquidated);
}

// ---------------------------------------------------------------------------------------------
// Timings (ignored by default)
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore]
fn timing_cascade() {
    for p in presets() {
        let t0 = Instant::now();
        let m = Market::new(p.spec.clone()).unwrap();
        let build = t0.elapsed();
        let n = 1000;
        let t0 = Instant::now();
        let mut rounds = 0;
        for k in 0..n {
            let r = m.cascade(-0.02 - 0.0001 * k as f64, None).unwrap();
            rounds += r.rounds.len();
        }
        let per = t0.elapsed() / n;
        println!(
            "cascade {:>14}: {} slices, build {:?}, one run {:?} (avg {} rounds)",
            p.key,
            m.slices().len(),
            build,
            per,
            rounds / n as usize
        );
    }
    let big = Market::new(MarketSpec {
        entries: EntryBucket::uniform(0.3, 400),
        leverages: (1..=50)
            .map(|k| LeverageBucket {
                leverage: 2.0 * k as f64,
                weight: 1.0,
            })
            .collect(),
        ..presets()[0].spec.clone()
    })
    .unwrap();
    let t0 = Instant::now();
    let r = big.cascade(-0.05, None).unwrap();
    println!(
        "cascade largest market: {} slices, one run {:?} ({} rounds)",
        big.slices().len(),
        t0.elapsed(),
        r.rounds.len()
    );
}

#[test]
#[ignore]
fn timing_cppi() {
    let cases = [
        ("Gaussian", Increments::Gaussian),
        ("Student-t 3", Increments::StudentT { df: 3.0 }),
        (
            "Merton jumps",
            Increments::MertonJumps {
                intensity: 3.0,
                jump_mean: -0.2,
                jump_std: 0.1,
            },
        ),
    ];
    for (name, law) in cases {
        let model = PathModel::new(0.8, 0.05, law).unwrap();
        let cppi = Cppi::new(cppi_config(5.0, 365, 1), model).unwrap();
        let mut run = CppiRun::new(cppi, 7, 2000).unwrap();
        let t0 = Instant::now();
        run.run_all();
        let s = run.summary().unwrap();
        println!(
            "CPPI {name:>12}: 2,000 paths × 365 steps in {:?}; P(below floor) {:.4}, median {:.2}",
            t0.elapsed(),
            s.p_below_floor,
            s.quantiles[3].1
        );
    }
}
