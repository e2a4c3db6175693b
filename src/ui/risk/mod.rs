//! The liquidation-risk panel: the volatility inputs, the closed-form figures, three
//! closed-form charts and the Monte Carlo card with its fan chart.
//!
//! Data flow: the risk inputs live in `FormValues::risk_model` and enter the scenario
//! ([`params`]); the scenario's evaluation carries the engine's figures (`Evaluation::risk`).
//! One memo turns the evaluation into everything the closed-form charts draw ([`model`]: one
//! engine `evaluate` per leverage grid point, `prob_touch` per curve point and heatmap cell),
//! so an input change recomputes it once and every chart redraws from it. The Monte Carlo
//! runs in slices between frames ([`mc`]). Pure parts (`params`, `model`, `geometry`, `text`,
//! `mc::setup`) are tested natively.

mod distance;
mod fan;
mod figures;
mod frame;
pub mod geometry;
mod heatmap;
mod inputs;
mod leverage;
pub mod mc;
mod mc_card;
pub mod model;
pub mod params;
mod pool;
pub mod text;

use super::Ctx;
use frame::{Chart, ChartModel};
use leptos::prelude::*;
use model::RiskData;
use std::sync::Arc;

/// A chart model for each evaluation with risk data.
fn chart(
    data: Memo<Option<Arc<RiskData>>>,
    make: fn(Arc<RiskData>) -> Arc<dyn ChartModel>,
) -> Signal<Option<Arc<dyn ChartModel>>> {
    Signal::derive(move || data.get().map(make))
}

/// The panel: inputs and figures, the closed-form charts, the Monte Carlo. Mounted after the
/// page's first frame, in a task of its own, so the calculator above paints first.
#[component]
pub fn RiskPanel(ctx: Ctx) -> impl IntoView {
    view! {
        <crate::ui::Later>
            <Panel ctx=ctx />
        </crate::ui::Later>
    }
}

#[component]
fn Panel(ctx: Ctx) -> impl IntoView {
    // Recomputed exactly when the evaluation is: no equality check needed.
    let data = Memo::new_with_compare(
        move |_| {
            ctx.eval
                .with(|e| e.as_ref().ok().and_then(model::build).map(Arc::new))
        },
        |_, _| true,
    );
    // Counts chart updates (for the benchmark: `data-updated` on the panel).
    let updated = RwSignal::new(0u64);
    Effect::new(move |_| {
        data.track();
        updated.update(|n| *n += 1);
    });
    view! {
        <section
            class="card risk"
            aria-labelledby="risk-title"
            data-testid="risk-panel"
            data-updated=move || updated.get().to_string()
        >
            <h2 id="risk-title">"Liquidation risk under volatility"</h2>
            <p class="hint">
                "The price is modelled as a random walk with the volatility below (geometric Brownian motion, 365-day year). These are model probabilities, not forecasts: real markets have fatter tails — see the Monte Carlo."
            </p>
            <inputs::RiskInputs ctx=ctx />
            <figures::Figures ctx=ctx data=data />
        </section>
        <section class="card risk-charts" aria-labelledby="risk-charts-title">
            <h2 id="risk-charts-title">"Leverage, volatility and liquidation"</h2>
            <Chart
                test_id="risk-chart-leverage"
                title="Chance of liquidation within the horizon, by leverage"
                hint="One curve per volatility; a new isolated position of your size at each leverage, from the entry price. The dot is your position; the dashed line your limit; the vertical line the safe leverage."
                empty="The chart appears with a volatility and valid inputs."
                model=chart(data, |d| Arc::new(leverage::LeverageChart(d)))
                legend=leverage::legend()
            />
            <Chart
                test_id="risk-chart-heatmap"
                title="Leverage × volatility"
                hint="Colour: the chance of touching liquidation within the horizon. The line is your limit: to its left the chance is smaller. The ring is your position."
                empty="The heatmap appears with a volatility and valid inputs."
                model=chart(data, |d| Arc::new(heatmap::HeatmapChart(d)))
                legend=heatmap::legend()
            />
            <Chart
                test_id="risk-chart-distance"
                title="Room before liquidation and before the stop"
                hint="How far the price may move against you, in % of entry (log scale). Where the liquidation curve drops below the stop line, the stop stops protecting you: liquidation comes first."
                empty="The chart appears with a volatility and valid inputs."
                model=chart(data, |d| Arc::new(distance::DistanceChart(d)))
            />
        </section>
        <mc_card::MonteCarloCard ctx=ctx data=data />
    }
}

/// Benchmark entry points for the page (`window.wasmBindings`, see `scripts/bench-browser.mjs`):
/// the engine's own workloads, timed by the caller with `performance.now()`. Only in the bundle
/// scripts/bench builds (cargo feature `bench`), not in the one users download.
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
mod bench {
    use crate::engine::risk::bench::{closed_form_workload, monte_carlo_workload};
    use crate::engine::risk::montecarlo::{Increments, PathMonitoring};
    use wasm_bindgen::prelude::wasm_bindgen;

    /// `n` closed-form touch probabilities; returns their sum.
    #[wasm_bindgen(js_name = riskBenchClosedForm)]
    pub fn closed_form(n: u32) -> f64 {
        closed_form_workload(n as usize).unwrap_or(f64::NAN)
    }

    /// A Monte Carlo of `paths` × `steps` (kind 0 Gaussian, 1 Student-t(4), 2 Merton jumps;
    /// `bridge` for continuous barrier checks); returns the path-steps simulated.
    #[wasm_bindgen(js_name = riskBenchMonteCarlo)]
    pub fn monte_carlo(paths: u32, steps: u32, kind: u32, bridge: bool) -> f64 {
        let inc = match kind {
            1 => Increments::StudentT { df: 4.0 },
            2 => Increments::MertonJumps {
                intensity: 50.0,
                jump_mean: -0.02,
                jump_std: 0.03,
            },
            _ => Increments::Gaussian,
        };
        let mon = if bridge {
            PathMonitoring::Continuous
        } else {
            PathMonitoring::AtSteps
        };
        monte_carlo_workload(u64::from(paths), steps, inc, mon).map_or(f64::NAN, |n| n as f64)
    }
}
