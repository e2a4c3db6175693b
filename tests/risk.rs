//! Integration tests of the risk engine (`levcalc::engine::risk`): closed forms against
//! independent computations (Simpson integration of the first-passage density, Monte Carlo),
//! known values, limits, reproducibility. Benchmarks are `#[ignore]`d tests:
//!
//! ```text
//! cargo test --release --test risk -- --ignored --nocapture
//! ```

use levcalc::engine::risk::gbm::{
    expected_loss, expected_shortfall, horizon_risk, prob_target_before_stop,
    prob_target_before_stop_within, prob_touch, two_barrier, value_at_risk, Exit, Gbm, Monitoring,
    PositionSpec,
};
use levcalc::engine::risk::montecarlo::{
    Barriers, Estimate, Increments, McResult, MonteCarlo, PathMonitoring, SimConfig,
};
use levcalc::engine::risk::normal::{cdf, erfc, inv_cdf, pdf};
use levcalc::engine::risk::safe_leverage::{
    safe_leverage, Binding, IsolatedLinear, SafeLeverageQuery,
};
use levcalc::engine::risk::volatility::horizon_years_from_hours;
use levcalc::engine::risk::{bench, Exposure, PnlKind, Side};

const DAY: f64 = 1.0 / 365.0;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn run(config: SimConfig, paths: u64) -> McResult {
    let mut mc = MonteCarlo::new(config).unwrap();
    mc.run_chunk(paths);
    mc.result().unwrap()
}

fn sim(model: Gbm, exposure: Exposure, barriers: Barriers, t: f64, steps: u32) -> SimConfig {
    SimConfig {
        model,
        increments: Increments::Gaussian,
        s0: 100.0,
        horizon_years: t,
        steps,
        monitoring: PathMonitoring::Continuous,
        exposure,
        barriers,
        seed: 100,
        confidence: 0.95,
        fan_points: 0,
    }
}

// ---------------------------------------------------------------------------------------
// Known values

#[test]
fn normal_known_values() {
    assert!(close(cdf(1.0), 0.8413447460685429, 2e-16));
    // The brief's value (SciPy's) and mpmath's 0.0013498980316300946 differ by 1.3e-18.
    assert!(close(cdf(-3.0), 0.0013498980316300933, 2e-18));
    assert!(close(erfc(0.5), 0.4795001221869535, 1e-16));
    assert!(close(pdf(1.0), 0.24197072451914334, 3e-17));
    assert!(close(inv_cdf(0.8413447460685429).unwrap(), 1.0, 1e-15));
}

#[test]
fn horizon_from_hours_uses_a_365_day_year() {
    assert_eq!(horizon_years_from_hours(24.0 * 365.0).unwrap(), 1.0);
    assert!(close(horizon_years_from_hours(24.0).unwrap(), DAY, 1e-18));
}

// ---------------------------------------------------------------------------------------
// Reflection principle against an independent computation

/// Composite Simpson integral of the first-passage (inverse Gaussian) density of
/// `X_t = νt + σW_t` to the level `b ≠ 0`:
/// `f(t) = |b|/(σ√(2πt³))·exp(−(b − νt)²/(2σ²t))` (Shreve II, eq. 3.7.3 with Girsanov;
/// Borodin & Salminen 2.0.2). Substituting `t = T·u⁴` spreads the sharp peak near
/// `t ≈ b²/(3σ²)` of close barriers over many nodes.
fn first_passage_simpson(nu: f64, sigma: f64, b: f64, t: f64, n: usize) -> f64 {
    let f = |u: f64| -> f64 {
        if u <= 0.0 {
            return 0.0;
        }
        let s = t * u * u * u * u;
        let dens = b.abs() / (sigma * (2.0 * std::f64::consts::PI * s * s * s).sqrt())
            * (-(b - nu * s).powi(2) / (2.0 * sigma * sigma * s)).exp();
        dens * 4.0 * t * u * u * u // dt = 4Tu³ du
    };
    let h = 1.0 / n as f64;
    let mut acc = f(0.0) + f(1.0);
    for i in 1..n {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        acc += w * f(i as f64 * h);
    }
    acc * h / 3.0
}

#[test]
fn touch_probability_matches_simpson_integration_of_the_first_passage_density() {
    let mut checked = 0;
    for &sigma in &[0.3, 0.8, 1.5] {
        for &mu in &[-2.0, -0.4, 0.0, 0.6, 3.0] {
            let g = Gbm::new(sigma, mu).unwrap();
            for &barrier in &[70.0, 93.0, 99.0, 101.0, 108.0, 140.0] {
                for &t in &[6.0 / 8760.0, DAY, 30.0 * DAY, 1.0] {
                    let p = prob_touch(&g, 100.0, barrier, t, Monitoring::Continuous).unwrap();
                    let b = (barrier / 100.0f64).ln();
                    let q = first_passage_simpson(g.nu(), sigma, b, t, 20_000);
                    assert!(
                        close(p, q, 1e-9),
                        "σ={sigma} μ={mu} B={barrier} T={t}: {p} vs {q}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 360);
}

#[test]
fn touch_probability_limits() {
    let c = Monitoring::Continuous;
    let g = Gbm::new(0.9, 0.3).unwrap();
    // Barrier at the spot: 1, whatever the horizon or monitoring.
    assert_eq!(prob_touch(&g, 100.0, 100.0, 0.0, c).unwrap(), 1.0);
    let d = Monitoring::Discrete {
        interval_years: 1.0 / (3600.0 * 8760.0),
    };
    assert_eq!(prob_touch(&g, 100.0, 100.0, DAY, d).unwrap(), 1.0);
    // T → 0: 0 away from the spot, and continuous in T.
    assert_eq!(prob_touch(&g, 100.0, 99.0, 0.0, c).unwrap(), 0.0);
    let tiny = prob_touch(&g, 100.0, 99.0, 1e-7, c).unwrap();
    assert!(tiny < 1e-10, "{tiny}");
    // A barrier approaching the spot: P → 1.
    let near = prob_touch(&g, 100.0, 99.9999, DAY, c).unwrap();
    assert!(near > 0.999, "{near}");
    // σ → 0 converges to the deterministic answer: upward drift 50 %/yr reaches +4 % in
    // ln(1.04)/0.5 = 28.6 days.
    for sigma in [1e-1, 1e-2, 1e-3, 0.0] {
        let g = Gbm::new(sigma, 0.5).unwrap();
        let before = prob_touch(&g, 100.0, 104.0, 25.0 * DAY, c).unwrap();
        let after = prob_touch(&g, 100.0, 104.0, 32.0 * DAY, c).unwrap();
        if sigma <= 1e-3 {
            assert!(
                before < 1e-6 && after > 1.0 - 1e-6,
                "σ={sigma}: {before} {after}"
            );
        }
        assert!(before < after);
    }
    // Long horizons with a drift away from the barrier: P → e^{2νb/σ²} < 1 (the maximum
    // of a Brownian motion with negative drift is exponential).
    let g = Gbm::new(0.5, -0.5).unwrap();
    let p = prob_touch(&g, 100.0, 150.0, 100.0, c).unwrap();
    let want = (2.0 * g.nu() * 1.5f64.ln() / 0.25).exp();
    assert!(close(p, want, 1e-10), "{p} vs {want}");
}

#[test]
fn target_before_stop_finite_horizon_tends_to_the_scale_function() {
    let c = Monitoring::Continuous;
    for &(sigma, mu) in &[(0.6, 0.0), (0.6, 0.5), (1.1, -0.8)] {
        let g = Gbm::new(sigma, mu).unwrap();
        let inf = prob_target_before_stop(&g, 100.0, 112.0, 95.0, c).unwrap();
        let mut last = 0.0;
        for days in [0.5, 2.0, 10.0, 60.0, 365.0, 3650.0] {
            let p = prob_target_before_stop_within(&g, 100.0, 112.0, 95.0, days * DAY, c).unwrap();
            assert!(
                p >= last - 1e-15 && p <= inf + 1e-15,
                "σ={sigma} μ={mu} {days}d"
            );
            last = p;
        }
        assert!(close(last, inf, 1e-12));
        // Short: target below, stop above.
        let ps = prob_target_before_stop(&g, 100.0, 95.0, 112.0, c).unwrap();
        assert!(close(ps, 1.0 - inf, 1e-14));
    }
}

// ---------------------------------------------------------------------------------------
// Closed forms against Monte Carlo (continuous monitoring by the Brownian bridge: exact in
// law for GBM, so only sampling error remains; 3 standard errors)

/// `(estimate − exact)/SE`.
fn z_score(e: &Estimate, exact: f64) -> f64 {
    if e.std_error == 0.0 {
        if e.value == exact {
            0.0
        } else {
            f64::INFINITY
        }
    } else {
        (e.value - exact) / e.std_error
    }
}

#[test]
fn closed_forms_agree_with_monte_carlo_on_a_grid() {
    let (paths, steps) = (40_000, 96);
    let c = Monitoring::Continuous;
    let mut z = Vec::new();
    for &(sigma, mu) in &[(0.5, 0.0), (0.9, 0.6), (1.4, -1.0)] {
        for &exposure in &[Exposure::LINEAR_LONG, Exposure::LINEAR_SHORT] {
            for &t in &[DAY, 5.0 * DAY] {
                let g = Gbm::new(sigma, mu).unwrap();
                let long = exposure.side == Side::Long;
                let (stop, liq, target) = if long {
                    (96.0, 92.0, 106.0)
                } else {
                    (104.0, 108.0, 94.0)
                };
                let barriers = Barriers {
                    stop: Some(stop),
                    liquidation: Some(liq),
                    target: Some(target),
                    liquidation_pnl: Some(-0.1),
                };
                let r = run(sim(g, exposure, barriers, t, steps), paths);
                let pos = PositionSpec {
                    s0: 100.0,
                    exposure,
                    stop: Some(Exit::at(stop)),
                    target: Some(Exit::at(target)),
                };
                let h = horizon_risk(&g, &pos, t, 0.95, c).unwrap();
                let checks = [
                    (
                        "touch liq",
                        &r.prob_touch_liquidation,
                        prob_touch(&g, 100.0, liq, t, c),
                    ),
                    (
                        "touch stop",
                        &r.prob_touch_stop,
                        prob_touch(&g, 100.0, stop, t, c),
                    ),
                    (
                        "touch target",
                        &r.prob_touch_target,
                        prob_touch(&g, 100.0, target, t, c),
                    ),
                    (
                        "target first",
                        &r.prob_target_first,
                        prob_target_before_stop_within(&g, 100.0, target, stop, t, c),
                    ),
                    ("stop first", &r.prob_stop_first, Ok(h.prob_stop)),
                    ("E[PnL]", &r.expected_pnl, Ok(h.expected_pnl)),
                    ("E[loss]", &r.expected_loss, Ok(h.expected_loss)),
                ];
                for (name, est, exact) in checks {
                    let exact = exact.unwrap();
                    let zz = z_score(est, exact);
                    assert!(
                        zz.abs() <= 3.0,
                        "σ={sigma} μ={mu} {:?} T={t} {name}: MC {est:?} vs {exact} (z = {zz:.2})",
                        exposure.side
                    );
                    z.push(zz);
                }
                // The stop is nearer than liquidation: liquidation never comes first.
                assert_eq!(r.prob_liquidation_first.value, 0.0);
            }
        }
    }
    assert_eq!(z.len(), 84);
    // No systematic bias hiding under the per-case bound: mean z² ≈ 1 for unbiased
    // estimates. The 84 comparisons are one seeded draw; a diagnostic run of this grid over
    // seeds 100–129 gave mean z² = 0.91 and one grid (of 30) with a |z| above 3 (3.59), as
    // expected from sampling error alone; seed 100 is the first of them.
    let mean_sq = z.iter().map(|v| v * v).sum::<f64>() / z.len() as f64;
    assert!(mean_sq < 2.5, "mean z² = {mean_sq}");
}

#[test]
fn two_barrier_outcomes_agree_with_monte_carlo() {
    let (paths, steps) = (50_000, 120);
    let g = Gbm::new(1.0, 0.3).unwrap();
    let t = 3.0 * DAY;
    let tb = two_barrier(&g, 100.0, 94.0, 105.0, t, Monitoring::Continuous).unwrap();
    let barriers = Barriers {
        stop: Some(94.0),
        target: Some(105.0),
        ..Barriers::default()
    };
    let r = run(sim(g, Exposure::LINEAR_LONG, barriers, t, steps), paths);
    assert!(r.prob_stop_first.agrees_with(tb.lower_first, 3.0, 0.0));
    assert!(r.prob_target_first.agrees_with(tb.upper_first, 3.0, 0.0));
    assert!(r.prob_open_at_horizon.agrees_with(tb.neither, 3.0, 0.0));
}

#[test]
fn unprotected_var_es_and_expected_loss_agree_with_monte_carlo() {
    let (paths, steps) = (200_000, 1);
    let g = Gbm::new(0.8, 0.2).unwrap();
    let t = 7.0 * DAY;
    for exposure in [
        Exposure::LINEAR_LONG,
        Exposure::LINEAR_SHORT,
        Exposure::new(Side::Long, PnlKind::Inverse),
    ] {
        let mut c = sim(g, exposure, Barriers::default(), t, steps);
        c.confidence = 0.99;
        let r = run(c, paths);
        let var = value_at_risk(&g, exposure, t, 0.99).unwrap();
        let es = expected_shortfall(&g, exposure, t, 0.99).unwrap();
        let el = expected_loss(&g, exposure, t).unwrap();
        assert!(r.expected_loss.agrees_with(el, 3.0, 0.0), "{exposure:?}");
        // Quantile standard error √(α(1−α)/n)/f(VaR) with the loss density f; the loss is a
        // monotone map of Z, so f(VaR) = φ(z)/|dL/dZ| and |dL/dZ| = s·|1 − VaR| or s·(1+VaR).
        let s = 0.8 * t.sqrt();
        let z = inv_cdf(0.99).unwrap();
        let slope = s * (1.0 + var.abs());
        let se = (0.99f64 * 0.01 / paths as f64).sqrt() * slope / pdf(z);
        assert!(
            close(r.value_at_risk, var, 3.0 * se),
            "{exposure:?} VaR {} vs {var}",
            r.value_at_risk
        );
        // ES: mean of the worst 1 %, standard error ≈ sd(tail)/√(n·1 %) ≤ 2·se here.
        assert!(close(r.expected_shortfall, es, 6.0 * se), "{exposure:?} ES");
    }
}

#[test]
fn var_with_a_stop_is_the_stop_loss_when_the_stop_is_likely() {
    let g = Gbm::new(0.8, 0.0).unwrap();
    let t = 5.0 * DAY;
    let barriers = Barriers {
        stop: Some(95.0),
        ..Barriers::default()
    };
    let r = run(sim(g, Exposure::LINEAR_LONG, barriers, t, 24), 20_000);
    let pos = PositionSpec {
        s0: 100.0,
        exposure: Exposure::LINEAR_LONG,
        stop: Some(Exit::at(95.0)),
        target: None,
    };
    let h = horizon_risk(&g, &pos, t, 0.95, Monitoring::Continuous).unwrap();
    assert!(close(h.value_at_risk, 0.05, 1e-12));
    assert!(close(r.value_at_risk, 0.05, 1e-12));
    assert!(close(r.expected_shortfall, 0.05, 1e-12));
}

// ---------------------------------------------------------------------------------------
// Discrete monitoring: BGK against Monte Carlo with barriers checked only at the steps

#[test]
fn bgk_correction_matches_discretely_monitored_monte_carlo() {
    let paths = 80_000;
    let steps = 48; // hourly mark price over two days
    let g = Gbm::new(0.9, 0.0).unwrap();
    let t = 2.0 * DAY;
    let barriers = Barriers {
        liquidation: Some(94.0),
        ..Barriers::default()
    };
    let mut c = sim(g, Exposure::LINEAR_LONG, barriers, t, steps);
    c.monitoring = PathMonitoring::AtSteps;
    let r = run(c, paths);
    let disc = prob_touch(
        &g,
        100.0,
        94.0,
        t,
        Monitoring::Discrete {
            interval_years: t / f64::from(steps),
        },
    )
    .unwrap();
    let cont = prob_touch(&g, 100.0, 94.0, t, Monitoring::Continuous).unwrap();
    // BGK's own error at m = 48 is well below 0.002 here (Broadie et al. 1997, table 2).
    assert!(
        r.prob_touch_liquidation.agrees_with(disc, 3.0, 0.002),
        "{r:?} vs {disc}"
    );
    // Without the correction the continuous formula overstates the risk by more than 3 SE.
    assert!(cont - r.prob_touch_liquidation.value > 3.0 * r.prob_touch_liquidation.std_error);
}

// ---------------------------------------------------------------------------------------
// Fat tails and jumps

#[test]
fn student_t_with_large_df_converges_to_the_gaussian_result() {
    let (paths, steps) = (40_000, 48);
    let g = Gbm::new(0.8, 0.0).unwrap();
    let t = 2.0 * DAY;
    let barriers = Barriers {
        stop: Some(96.0),
        liquidation: Some(93.0),
        ..Barriers::default()
    };
    let p = prob_touch(&g, 100.0, 93.0, t, Monitoring::Continuous).unwrap();
    let mut c = sim(g, Exposure::LINEAR_LONG, barriers, t, steps);
    c.increments = Increments::StudentT { df: 1e6 };
    let r = run(c, paths);
    assert!(
        r.prob_touch_liquidation.agrees_with(p, 3.0, 0.0),
        "{r:?} vs {p}"
    );
    // And the distance to the Gaussian answer shrinks as df grows (one step per path, so the
    // increments' own law shows: P(X_T < b) for unit-variance t → Φ).
    let one_step = |df: f64| {
        let mut c = sim(g, Exposure::LINEAR_LONG, barriers, t, 1);
        c.monitoring = PathMonitoring::AtSteps;
        c.increments = Increments::StudentT { df };
        run(c, 400_000).prob_touch_liquidation
    };
    let gauss = cdf(((93.0f64 / 100.0).ln() - g.nu() * t) / (0.8 * t.sqrt()));
    let d3 = (one_step(3.0).value - gauss).abs();
    let d1000 = one_step(1000.0);
    assert!(d1000.agrees_with(gauss, 3.0, 0.0), "{d1000:?} vs {gauss}");
    assert!(d3 > (d1000.value - gauss).abs());
}

#[test]
fn jumps_gap_through_the_stop_and_can_liquidate_first() {
    let paths = 30_000;
    let g = Gbm::new(0.9, 0.0).unwrap();
    let t = 7.0 * DAY;
    let barriers = Barriers {
        stop: Some(97.0),
        liquidation: Some(95.0),
        liquidation_pnl: Some(-0.1),
        ..Barriers::default()
    };
    let mut c = sim(g, Exposure::LINEAR_LONG, barriers, t, 168);
    c.increments = Increments::MertonJumps {
        intensity: 20.0,
        jump_mean: -0.06,
        jump_std: 0.03,
    };
    let r = run(c, paths);
    // Some jumps skip the stop and land past liquidation: liquidation wins.
    assert!(r.prob_liquidation_first.value > 3.0 * r.prob_liquidation_first.std_error);
    // Stops are filled below the stop price on gaps.
    assert!(r.mean_stop_fill_pnl.unwrap() < -0.03 - 1e-4);
    // Without jumps (continuous GBM) neither happens.
    let mut c0 = c;
    c0.increments = Increments::Gaussian;
    let r0 = run(c0, paths);
    assert_eq!(r0.prob_liquidation_first.value, 0.0);
    assert!(close(r0.mean_stop_fill_pnl.unwrap(), -0.03, 1e-12));
    // Compensated jumps keep E[S_T] = S₀e^{μT}: a linear long held to the horizon has E[PnL] = 0.
    let mut free = c;
    free.barriers = Barriers::default();
    let rf = run(free, paths);
    assert!(
        rf.expected_pnl.agrees_with(0.0, 3.0, 0.0),
        "{:?}",
        rf.expected_pnl
    );
}

#[test]
fn rare_jumps_leave_the_gaussian_answer() {
    let paths = 40_000;
    let g = Gbm::new(0.7, 0.0).unwrap();
    let t = DAY;
    let barriers = Barriers {
        liquidation: Some(96.0),
        ..Barriers::default()
    };
    let mut c = sim(g, Exposure::LINEAR_LONG, barriers, t, 24);
    c.increments = Increments::MertonJumps {
        intensity: 1e-9,
        jump_mean: -0.05,
        jump_std: 0.01,
    };
    let r = run(c, paths);
    let p = prob_touch(&g, 100.0, 96.0, t, Monitoring::Continuous).unwrap();
    assert!(r.prob_touch_liquidation.agrees_with(p, 3.0, 0.0));
}

// ---------------------------------------------------------------------------------------
// Reproducibility and slicing

#[test]
fn monte_carlo_is_reproducible_and_slice_independent() {
    let g = Gbm::new(0.8, 0.1).unwrap();
    let mut c = sim(
        g,
        Exposure::LINEAR_SHORT,
        Barriers {
            stop: Some(103.0),
            liquidation: Some(106.0),
            target: Some(95.0),
            liquidation_pnl: None,
        },
        DAY,
        30,
    );
    c.increments = Increments::StudentT { df: 4.0 };
    c.fan_points = 10;
    let mut a = MonteCarlo::new(c).unwrap();
    a.run_chunk(1500);
    let mut b = MonteCarlo::new(c).unwrap();
    while b.paths_done() < 1500 {
        b.run_chunk(37.min(1500 - b.paths_done()));
    }
    assert_eq!(a.result().unwrap(), b.result().unwrap());
    assert_eq!(a.sample_path(17), b.sample_path(17));
    let fan = a.result().unwrap().fan;
    assert_eq!(fan.len(), 11);
}

// ---------------------------------------------------------------------------------------
// Safe leverage with a venue-style liquidation model passed in

#[test]
fn safe_leverage_grows_with_the_risk_limit() {
    let venue = IsolatedLinear {
        side: Side::Long,
        entry: 100.0,
        maintenance_rate: 0.004,
    };
    let mut last = 0.0;
    for limit in [0.001, 0.01, 0.05, 0.2] {
        let q = SafeLeverageQuery {
            model: Gbm::new(0.7, 0.0).unwrap(),
            side: Side::Long,
            entry: 100.0,
            stop: None,
            horizon_years: 3.0 * DAY,
            buffer_sigmas: 0.0,
            max_prob_liquidation: limit,
            min_leverage: 1.0,
            max_leverage: 125.0,
            monitoring: Monitoring::Continuous,
        };
        let r = safe_leverage(&q, &venue).unwrap().unwrap();
        assert_eq!(r.binding, Binding::LiquidationProbability);
        assert!(close(
            r.prob_touch_liquidation,
            limit,
            1e-9 * limit.max(1e-3)
        ));
        assert!(r.leverage > last);
        last = r.leverage;
    }
}

// ---------------------------------------------------------------------------------------
// Benchmarks (not timed tests): `cargo test --release --test risk -- --ignored --nocapture`

#[test]
#[ignore]
fn bench_closed_form_evaluations_per_second() {
    use std::time::Instant;
    let n = 2_000_000;
    let t0 = Instant::now();
    let sum = bench::closed_form_workload(n).unwrap();
    let s = t0.elapsed().as_secs_f64();
    println!(
        "closed form prob_touch: {n} evaluations in {s:.3} s = {:.2} M/s (checksum {sum:.6})",
        n as f64 / s / 1e6
    );
    let g = Gbm::new(0.8, 0.0).unwrap();
    let pos = PositionSpec {
        s0: 100.0,
        exposure: Exposure::LINEAR_LONG,
        stop: Some(Exit::at(97.0)),
        target: Some(Exit::at(104.0)),
    };
    let m = 20_000;
    let t0 = Instant::now();
    let mut acc = 0.0;
    for i in 0..m {
        let t = DAY * (1.0 + (i % 10) as f64);
        acc += two_barrier(&g, 100.0, 97.0, 104.0, t, Monitoring::Continuous)
            .unwrap()
            .upper_first;
    }
    let s2 = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    for i in 0..m / 10 {
        let t = DAY * (1.0 + (i % 10) as f64);
        acc += horizon_risk(&g, &pos, t, 0.99, Monitoring::Continuous)
            .unwrap()
            .value_at_risk;
    }
    let s3 = t0.elapsed().as_secs_f64();
    println!(
        "two_barrier: {:.0} k/s; horizon_risk (stop+target, VaR/ES): {:.1} k/s (checksum {acc:.3})",
        m as f64 / s2 / 1e3,
        (m / 10) as f64 / s3 / 1e3
    );
}

#[test]
#[ignore]
fn bench_monte_carlo_path_steps_per_second() {
    use std::time::Instant;
    let cases = [
        (
            "Gaussian, at steps",
            Increments::Gaussian,
            PathMonitoring::AtSteps,
        ),
        (
            "Gaussian, continuous (bridge)",
            Increments::Gaussian,
            PathMonitoring::Continuous,
        ),
        (
            "Student-t(4), at steps",
            Increments::StudentT { df: 4.0 },
            PathMonitoring::AtSteps,
        ),
        (
            "Merton jumps, at steps",
            Increments::MertonJumps {
                intensity: 50.0,
                jump_mean: -0.02,
                jump_std: 0.03,
            },
            PathMonitoring::AtSteps,
        ),
    ];
    for (name, inc, mon) in cases {
        let t0 = Instant::now();
        let steps = bench::monte_carlo_workload(20_000, 1440, inc, mon).unwrap();
        let s = t0.elapsed().as_secs_f64();
        println!(
            "Monte Carlo {name}: {steps} path-steps in {s:.3} s = {:.1} M path-steps/s",
            steps as f64 / s / 1e6
        );
    }
}
