//! Leverage over time and across the market: funding decay and volatility drag, the
//! cross-margin account, CPPI, and cascading liquidations (issue 7).
//!
//! Four tabs under one heading; only the open tab is mounted, so a hidden panel costs nothing.
//! Each panel reads the page's [`Ctx`] (the trade, its scenario and evaluation) and its own
//! inputs in one [`DynForm`] signal, calls the engine, and draws with [`plot`].

mod account;
mod cascade;
mod cppi;
mod field;
mod forms;
mod funding;
mod plot;
pub mod state;

use super::Ctx;
use leptos::either::EitherOf4;
use leptos::prelude::*;
use state::DynForm;

/// The panels' shared state. `Copy`.
#[derive(Clone, Copy)]
pub struct Dyn {
    pub ctx: Ctx,
    /// The panels' own inputs.
    pub form: RwSignal<DynForm>,
    /// The width the panels' charts are drawn at (the section's content width, measured).
    pub width: RwSignal<f64>,
    /// The CPPI simulation (kept while another tab is open).
    pub cppi: cppi::Runner,
    /// Bumped by "Run again" in the cascade.
    pub rerun: RwSignal<u32>,
    /// What a blank volatility or drift means (the trade's risk inputs, if any).
    pub fallback: Memo<state::Fallback>,
}

/// `performance.now()` in milliseconds (0 outside the browser).
pub fn now() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        perf_now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn perf_now() -> f64;
}

const TABS: [(&str, &str, &str); 4] = [
    ("funding", "Funding and decay", "Funding"),
    ("account", "Account monitor", "Account"),
    ("cppi", "CPPI", "CPPI"),
    ("cascade", "Liquidation cascade", "Cascade"),
];

/// What the account tab's defaults follow ([`DynForm::follow_trade`]).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Followed {
    long: bool,
    entry: rust_decimal::Decimal,
    quantity: rust_decimal::Decimal,
    liquidation: Option<rust_decimal::Decimal>,
    stop: Option<rust_decimal::Decimal>,
    /// Whole contracts (inverse).
    whole: bool,
}

/// The section with its four tabs.
#[component]
pub fn Dynamics(ctx: Ctx) -> impl IntoView {
    let d = Dyn {
        ctx,
        form: ctx.dynamics,
        width: crate::ui::chart::measured_width("dyn-title".to_owned()),
        cppi: cppi::Runner::new(),
        rerun: RwSignal::new(0),
        fallback: Memo::new(move |_| ctx.scenario.with(|s| state::Fallback::of(s.as_ref().ok()))),
    };
    // The account tab's prices and sizes follow the trade (issue 13 §2): when what they follow
    // changes, not on every evaluation.
    let followed = Memo::new(move |_| {
        ctx.eval.with(|e| {
            e.as_ref().ok().map(|e| Followed {
                long: e.input.side == crate::engine::Side::Long,
                entry: e.input.entry_price,
                quantity: e.report.quantity,
                liquidation: e.report.liquidation_price,
                stop: e.input.stop_price,
                whole: e.input.contract.is_inverse(),
            })
        })
    });
    Effect::new(move |_| {
        if let Some(t) = followed.get() {
            d.form.update(|f| {
                f.follow_trade(t.long, t.entry, t.quantity, t.liquidation, t.stop, t.whole);
            });
        }
    });
    let tab = ctx.tab;
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let cur = tab.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => (cur + 1) % 4,
            "ArrowLeft" => (cur + 3) % 4,
            "Home" => 0,
            "End" => 3,
            _ => return,
        };
        ev.prevent_default();
        tab.set(next);
        if let Some(el) = document().get_element_by_id(&format!("dyn-tab-{}", TABS[next].0)) {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    let buttons = TABS
        .iter()
        .enumerate()
        .map(|(i, (key, label, short))| {
            let selected = move || tab.get() == i;
            view! {
                <button
                    type="button"
                    role="tab"
                    id=format!("dyn-tab-{key}")
                    data-testid=format!("dyn-tab-{key}")
                    aria-controls="dyn-panel"
                    aria-selected=move || if selected() { "true" } else { "false" }
                    tabindex=move || if selected() { "0" } else { "-1" }
                    on:click=move |_| tab.set(i)
                >
                    <span class="tab-long">{*label}</span>
                    <span class="tab-short">{*short}</span>
                </button>
            }
        })
        .collect_view();
    let panel = move || match tab.get() {
        0 => EitherOf4::A(view! { <funding::FundingPanel d=d /> }),
        1 => EitherOf4::B(view! { <account::AccountPanel d=d /> }),
        2 => EitherOf4::C(view! { <cppi::CppiPanel d=d /> }),
        _ => EitherOf4::D(view! { <cascade::CascadePanel d=d /> }),
    };
    view! {
        <section class="card dynamics" aria-labelledby="dyn-title" data-testid="dynamics">
            <h2 id="dyn-title">"Leverage over time and across the market"</h2>
            <p class="hint">
                "A liquidation price is not fixed: funding eats the margin day by day, an account's positions share one margin, and in a crash other traders' liquidations push the price through yours."
            </p>
            <div class="tabs" role="tablist" aria-label="Dynamics" on:keydown=on_key>
                {buttons}
            </div>
            <div
                class="tab-panel"
                id="dyn-panel"
                role="tabpanel"
                tabindex="-1"
                aria-labelledby=move || format!("dyn-tab-{}", TABS[tab.get()].0)
            >
                {panel}
            </div>
        </section>
    }
}

/// Read and write one text input of [`DynForm`].
#[derive(Clone, Copy)]
pub struct DLens {
    pub get: fn(&DynForm) -> &String,
    pub set: fn(&mut DynForm) -> &mut String,
}

/// `dl!(sigma)`: a [`DLens`] on `DynForm::sigma`.
macro_rules! dl {
    ($($f:tt)+) => {
        $crate::ui::dynamics::DLens {
            get: |v| &v.$($f)+,
            set: |v| &mut v.$($f)+,
        }
    };
}
pub(crate) use dl;

/// A sentence saying what blank volatility and drift inputs use.
pub fn fallback_note(fb: state::Fallback, mu: f64) -> String {
    format!(
        r#"<p class="hint">Blank volatility and drift: {} (σ {} %, μ {} % a year).</p>"#,
        if fb.from_trade {
            "the trade's risk inputs"
        } else {
            "an illustration"
        },
        plot::num(fb.sigma, 2),
        plot::num(mu, 2)
    )
}

/// A block of HTML drawn from a string that changes with the inputs.
#[component]
pub fn Html(
    /// The markup.
    #[prop(into)]
    html: Signal<String>,
) -> impl IntoView {
    view! { <div inner_html=move || html.get()></div> }
}
