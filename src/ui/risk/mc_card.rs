//! The Monte Carlo card: settings, progress, the fan chart and the simulated figures with
//! their standard errors.

use super::frame::Chart;
use super::inputs::rlens;
use super::mc::{setup, McSetup, McState, Runner};
use super::model::RiskData;
use super::params::McKind;
use super::text;
use crate::engine::num::from_f64;
use crate::engine::risk::montecarlo::{Estimate, McResult};
use crate::ui::fields::{Lens, NumField, NumFieldProps, SelectField};
use crate::ui::format;
use crate::ui::stat::Stat;
use crate::ui::state::FormValues;
use crate::ui::units::Units;
use crate::ui::Ctx;
use leptos::prelude::*;
use std::sync::Arc;

/// A Monte Carlo setting: id, label, unit, hint, and when it is shown.
struct McSpec {
    id: &'static str,
    label: &'static str,
    lens: Lens,
    unit: &'static str,
    hint: &'static str,
    shown: fn(&FormValues) -> bool,
}

const MC_FIELDS: [McSpec; 6] = [
    McSpec {
        id: "mc-paths",
        label: "Paths",
        lens: rlens!(mc_paths),
        unit: "",
        hint: "100 to 100,000.",
        shown: |_| true,
    },
    McSpec {
        id: "mc-seed",
        label: "Seed",
        lens: rlens!(mc_seed),
        unit: "",
        hint: "Same seed, same paths.",
        shown: |_| true,
    },
    McSpec {
        id: "mc-df",
        label: "Degrees of freedom ν",
        lens: rlens!(mc_df),
        unit: "",
        hint: "Lower is fatter-tailed; 3 to 5 is typical of crypto returns.",
        shown: |f| f.risk_model.mc_kind == McKind::StudentT,
    },
    McSpec {
        id: "mc-jump-rate",
        label: "Jumps",
        lens: rlens!(mc_jump_rate),
        unit: "a year",
        hint: "",
        shown: |f| f.risk_model.mc_kind == McKind::Jumps,
    },
    McSpec {
        id: "mc-jump-mean",
        label: "Mean jump",
        lens: rlens!(mc_jump_mean),
        unit: "%",
        hint: "",
        shown: |f| f.risk_model.mc_kind == McKind::Jumps,
    },
    McSpec {
        id: "mc-jump-std",
        label: "Jump size deviation",
        lens: rlens!(mc_jump_std),
        unit: "%",
        hint: "The diffusion keeps the rest of the variance: total σ is unchanged.",
        shown: |f| f.risk_model.mc_kind == McKind::Jumps,
    },
];

/// A text input of the Monte Carlo settings: the page's [`NumField`] with its own error
/// (these settings do not enter the scenario, so the evaluation does not blame them), shown
/// while the model uses it.
fn mc_field(ctx: Ctx, spec: &'static McSpec, error: Signal<Option<String>>) -> impl IntoView {
    let text = |t: &'static str| (!t.is_empty()).then(|| Signal::stored(t.to_owned()));
    let form = ctx.form;
    NumField(NumFieldProps {
        ctx,
        id: spec.id,
        label: spec.label,
        lens: spec.lens,
        unit: text(spec.unit),
        hint: text(spec.hint),
        placeholder: None,
        hidden: Signal::derive(move || !form.with(spec.shown)),
        number: false,
        own_error: Some(error),
    })
}

/// One simulated figure: the page's figure card, with its standard error.
type McFig = Stat;

fn money(x: f64, s: &McSetup, u: &Units) -> String {
    match from_f64(x * s.notional) {
        Some(v) => format!(
            "{} {}",
            format::signed_amount(v, u.coin_settled),
            u.settle()
        ),
        None => format::DASH.to_owned(),
    }
}

fn mc_figures(r: &McResult, s: &McSetup, d: Option<&RiskData>, u: &Units) -> Vec<McFig> {
    let prob = |testid, label: &str, e: Estimate, detail: String| McFig {
        testid,
        label: label.to_owned(),
        text: text::prob_se(e.value, e.std_error),
        exact: text::prob_exact(e.value),
        se: Some(text::prob_exact(e.std_error)),
        detail,
    };
    let closed = |v: Option<f64>| match v {
        Some(p) => format!("Closed form (Gaussian, continuous): {}.", text::prob(p)),
        None => String::new(),
    };
    let f = d.map(|d| d.figures);
    let mut out = Vec::new();
    if s.liquidation.is_some() {
        out.push(prob(
            "risk-mc-touch-liq",
            "Paths touching liquidation",
            r.prob_touch_liquidation,
            closed(f.map(|f| f.prob_touch_liquidation)),
        ));
    }
    if s.stop.is_some() {
        out.push(prob(
            "risk-mc-touch-stop",
            "Paths touching the stop",
            r.prob_touch_stop,
            closed(f.and_then(|f| f.prob_touch_stop)),
        ));
    }
    if s.target.is_some() {
        out.push(prob(
            "risk-mc-touch-target",
            "Paths touching the target",
            r.prob_touch_target,
            closed(f.and_then(|f| f.prob_touch_target)),
        ));
    }
    out.push(prob(
        "risk-mc-liq-first",
        "Liquidated before any stop",
        r.prob_liquidation_first,
        "Positions closed by liquidation: a jump or gap can skip the stop entirely.".to_owned(),
    ));
    out.push(prob(
        "risk-mc-stop-first",
        "Closed by the stop",
        r.prob_stop_first,
        "Positions the stop closed first.".to_owned(),
    ));
    out.push(prob(
        "risk-mc-target-first",
        "Closed at the target",
        r.prob_target_first,
        format!(
            "Still open at the end: {}.",
            text::prob_se(
                r.prob_open_at_horizon.value,
                r.prob_open_at_horizon.std_error
            )
        ),
    ));
    out.push(McFig {
        testid: "risk-mc-mean-pnl",
        label: "Mean PnL".to_owned(),
        text: format!(
            "{} ± {}",
            money(r.expected_pnl.value, s, u),
            money(r.expected_pnl.std_error, s, u).trim_start_matches('+')
        ),
        exact: text::plain(r.expected_pnl.value * s.notional, 6),
        se: Some(text::plain(r.expected_pnl.std_error * s.notional, 6)),
        detail: "Average profit over all paths at the horizon or the exit (before fees)."
            .to_owned(),
    });
    let conf = text::pct(r.confidence, 1);
    out.push(McFig {
        testid: "risk-mc-var",
        label: format!("Value at risk ({conf})"),
        text: money(r.value_at_risk, s, u)
            .trim_start_matches('+')
            .to_owned(),
        exact: text::plain(r.value_at_risk * s.notional, 6),
        se: Some(String::new()),
        detail: format!(
            "Expected shortfall: {}. Empirical, from the simulated losses.",
            money(r.expected_shortfall, s, u).trim_start_matches('+')
        ),
    });
    if let (Some(fill), Some(stop)) = (r.mean_stop_fill_pnl, s.stop) {
        let own = s.config.exposure.pnl(s.config.s0, stop);
        out.push(McFig {
            testid: "risk-mc-slippage",
            label: "Stop fills".to_owned(),
            text: format!("{} of notional", text::pct(fill, 2)),
            exact: text::plain(fill, 9),
            se: Some(String::new()),
            detail: format!(
                "Mean result of stopped paths, against {} at the stop price: gaps through the stop cost {} on average.",
                text::pct(own, 2),
                text::pct((own - fill).max(0.0), 3)
            ),
        });
    }
    out
}

#[component]
pub fn MonteCarloCard(ctx: Ctx, data: Memo<Option<Arc<RiskData>>>) -> impl IntoView {
    let form = ctx.form;
    let kind = Memo::new(move |_| form.with(|f| f.risk_model.mc_kind));
    // The set-up: `None` without closed-form data; `Err` with the input to blame.
    let params = Memo::new(move |_| {
        let sigma = data.with(|d| d.as_ref().map(|d| d.sigma))?;
        Some(form.with(|f| f.risk_model.mc_params(sigma)))
    });
    let setup_memo = Memo::new(move |_| {
        let p = match params.get()? {
            Ok(p) => p,
            Err((_, msg)) => return Some(Err(format!("Check the simulation settings: {msg}"))),
        };
        let d = data.get()?;
        ctx.eval.with(|e| e.as_ref().ok().map(|e| setup(&d, e, p)))
    });
    let runner = Runner::new();
    let view_sig = runner.view;
    // The figures and the fan follow published reads only, not every slice's progress.
    let published = Memo::new(move |_| view_sig.with(super::mc::McView::published));
    Effect::new(move |_| {
        let s = setup_memo.get();
        runner.restart(s);
    });
    let err_for = move |id: &'static str| {
        Signal::derive(move || match params.get() {
            Some(Err((i, m))) if i == id => Some(m),
            _ => None,
        })
    };
    let kind_opts: Vec<(String, String)> = McKind::ALL
        .iter()
        .map(|k| (k.key().to_owned(), k.label().to_owned()))
        .collect();
    let on_workers = |n: usize| match n {
        0 => String::new(),
        1 => " on 1 worker".to_owned(),
        n => format!(" on {n} workers"),
    };
    let status_text = move || {
        view_sig.with(|v| match &v.state {
            McState::Idle => "Enter a volatility and valid inputs to simulate.".to_owned(),
            McState::Error(m) => m.clone(),
            McState::Running => format!(
                "Simulating: {} of {} paths{}…",
                text::trimmed(v.done as f64, 0),
                text::trimmed(v.total as f64, 0),
                on_workers(v.workers)
            ),
            McState::Done => {
                let s = v.shown.as_ref();
                format!(
                    "{} paths of {} steps ({} min each{}), seed {}: {} s of computing{}.",
                    text::trimmed(v.done as f64, 0),
                    s.map(|s| s.config.steps).unwrap_or(0),
                    s.map(|s| text::trimmed(s.step_minutes, 2))
                        .unwrap_or_default(),
                    if s.is_some_and(|s| s.capped) {
                        ", capped: coarser than the mark interval"
                    } else {
                        ""
                    },
                    s.map(|s| s.config.seed).unwrap_or(0),
                    text::trimmed(v.compute_ms / 1000.0, 2),
                    on_workers(v.workers)
                )
            }
        })
    };
    let live = move || {
        view_sig.with(|v| match v.state {
            McState::Done => "Simulation finished.",
            McState::Running => "Simulating.",
            _ => "",
        })
    };
    // The list element is kept while there are figures: a new run or an input change (which
    // marks them stale) changes its markup and class in place.
    let has_figs = Memo::new(move |_| published.with(|v| v.result.is_some() && v.shown.is_some()));
    let stale = Memo::new(move |_| published.with(|v| v.stale));
    let figs_markup = move || {
        let (result, shown) = published.with(|v| (v.result.clone(), v.shown.clone()));
        let (Some(r), Some(s)) = (result, shown) else {
            return String::new();
        };
        let list = data.with(|d| ctx.units.with(|u| mc_figures(&r, &s, d.as_deref(), u)));
        crate::ui::stat::markup(&list)
    };
    let figs = move || {
        has_figs.get().then(|| {
            view! {
                <dl class="stats risk-stats" class:stale=move || stale.get() data-testid="risk-mc-figures" inner_html=figs_markup></dl>
            }
        })
    };
    view! {
        <section class="card risk-mc" aria-labelledby="risk-mc-title">
            <h2 id="risk-mc-title">"Monte Carlo: fat tails, jumps and gaps"</h2>
            <p class="hint">
                "Simulated paths of the same volatility and drift, for what the formulas above cannot show: fat tails, jumps, and gaps that fill a stop below its price or skip it. Seeded: the same inputs give the same result. ± is one standard error."
            </p>
            <fieldset class="risk-inputs">
                <legend>"Simulation"</legend>
                <div class="row">
                    <SelectField
                        id="mc-kind"
                        label="Price moves"
                        options=kind_opts
                        value=Signal::derive(move || kind.get().key().to_owned())
                        on_change=move |v: String| {
                            if let Some(k) = McKind::from_key(&v) {
                                form.update(|f| f.risk_model.mc_kind = k);
                            }
                        }
                    />
                    {MC_FIELDS
                        .iter()
                        .map(|spec| mc_field(ctx, spec, err_for(spec.id)))
                        .collect_view()}
                </div>
            </fieldset>
            <div
                class="mc-status"
                data-testid="risk-mc-status"
                data-state=move || view_sig.with(|v| v.state.key())
                data-stats=move || {
                    view_sig.with(|v| {
                        let steps = v.shown.as_ref().map_or(0, |s| u64::from(s.config.steps));
                        format!(
                            "generation={} paths={} path_steps={} compute_ms={} max_task_ms={} workers={}",
                            v.generation,
                            v.done,
                            v.done * steps,
                            text::plain(v.compute_ms, 3),
                            text::plain(v.max_task_ms, 3),
                            v.workers
                        )
                    })
                }
            >
                <progress
                    max=move || view_sig.with(|v| v.total.max(1).to_string())
                    value=move || view_sig.with(|v| v.done.to_string())
                    aria-label="Simulation progress"
                ></progress>
                <span>{status_text}</span>
                <span class="visually-hidden" role="status">{live}</span>
            </div>
            <Chart
                test_id="risk-chart-fan"
                title="Simulated price paths over the horizon"
                hint="Shaded: where 50 % and 90 % of the simulated prices lie at each time; the line is the median; thin lines are single paths. Each exit line says how many paths touched it."
                empty="The fan appears when the simulation has run."
                model=Signal::derive(move || published.with(super::fan::model))
                stale=Signal::derive(move || published.with(|v| v.stale))
            />
            {figs}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::risk::montecarlo::{Increments, MonteCarlo};
    use crate::scenario::{evaluate_scenario, Num, Scenario};

    #[test]
    fn simulated_figures_read_without_nan() {
        let s = Scenario {
            volatility_annual: Some(Num::new("0.6")),
            horizon_hours: Some(Num::new("24")),
            ..Scenario::default()
        };
        let e = evaluate_scenario(&s).unwrap();
        let d = super::super::model::build(&e).unwrap();
        let m = setup(
            &d,
            &e,
            super::super::params::McParams {
                increments: Increments::MertonJumps {
                    intensity: 50.0,
                    jump_mean: -0.03,
                    jump_std: 0.03,
                },
                paths: 2000,
                seed: 1,
            },
        )
        .unwrap();
        let mut mc = MonteCarlo::new(m.config).unwrap();
        mc.run_chunk(2000);
        let r = mc.result().unwrap();
        let u = Units::new(s.venue, "BTCUSDT", false);
        let list = mc_figures(&r, &m, Some(&d), &u);
        assert!(list
            .iter()
            .any(|f| f.testid == "risk-mc-touch-liq" && f.text.contains('±')));
        for f in &list {
            for t in [&f.text, &f.detail, &f.label] {
                assert!(
                    !t.contains("NaN") && !t.contains("inf"),
                    "{}: {t}",
                    f.testid
                );
            }
        }
        // Jumps gap through the stop: stopped paths fill below the stop on average.
        let slip = list
            .iter()
            .find(|f| f.testid == "risk-mc-slippage")
            .unwrap();
        let fill: f64 = slip.exact.parse().unwrap();
        assert!(fill < -0.05, "{fill}");
    }
}
