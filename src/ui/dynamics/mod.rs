//! Leverage over time and across the market: funding decay and volatility drag, the
//! cross-margin account, CPPI, and cascading liquidations (issue 7).
//!
//! Four tabs under one heading; only the open tab is mounted, so a hidden panel costs nothing.
//! Each panel reads the page's [`Ctx`] (the trade, its scenario and evaluation) and its own
//! inputs in one [`DynForm`] signal, calls the engine, and draws with [`plot`].

mod account;
mod cascade;
mod cppi;
mod funding;
mod plot;
pub mod state;

use super::Ctx;
use leptos::either::EitherOf4;
use leptos::prelude::*;
use state::{Bad, DynForm};

/// The panels' shared state. `Copy`.
#[derive(Clone, Copy)]
pub struct Dyn {
    pub ctx: Ctx,
    /// The panels' own inputs.
    pub form: RwSignal<DynForm>,
    /// Draw charts for a narrow screen.
    pub narrow: RwSignal<bool>,
    /// The CPPI simulation (kept while another tab is open).
    pub cppi: cppi::Runner,
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

fn is_narrow() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .is_some_and(|w| w < 640.0)
}

const TABS: [(&str, &str); 4] = [
    ("funding", "Funding and decay"),
    ("account", "Account monitor"),
    ("cppi", "CPPI"),
    ("cascade", "Liquidation cascade"),
];

/// The section with its four tabs.
#[component]
pub fn Dynamics(ctx: Ctx) -> impl IntoView {
    let d = Dyn {
        ctx,
        form: RwSignal::new(DynForm::default()),
        narrow: RwSignal::new(is_narrow()),
        cppi: cppi::Runner::new(),
    };
    let _ = window_event_listener(leptos::ev::resize, move |_| {
        let n = is_narrow();
        if d.narrow.get_untracked() != n {
            d.narrow.set(n);
        }
    });
    let tab = RwSignal::new(0usize);
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
        .map(|(i, (key, label))| {
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
                    {*label}
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

/// A labelled text input bound to [`DynForm`] (`id="dyn-<id>"`, `data-testid="input-dyn-<id>"`),
/// with the inline error when `bad` names it.
#[component]
pub fn DIn(
    d: Dyn,
    /// Id suffix; also what [`Bad::id`] names.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    lens: DLens,
    /// Unit after the label.
    #[prop(optional)]
    unit: &'static str,
    /// Help under the input.
    #[prop(optional)]
    hint: &'static str,
    /// The panel's current input error.
    #[prop(into)]
    bad: Signal<Option<Bad>>,
) -> impl IntoView {
    let form = d.form;
    let err = move || bad.with(|b| b.as_ref().filter(|b| b.id == id).map(|b| b.msg.clone()));
    let input_id = format!("dyn-{id}");
    let err_id = format!("dyn-err-{id}");
    let hint_id = format!("dyn-hint-{id}");
    let described = {
        let (e, h) = (err_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if err().is_some() {
                ids.push(e.clone());
            }
            if !hint.is_empty() {
                ids.push(h.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:invalid=move || err().is_some()>
            <label for=input_id.clone()>
                {label}
                {(!unit.is_empty()).then(|| view! { <span class="unit">{unit}</span> })}
            </label>
            <input
                id=input_id
                type="text"
                inputmode="decimal"
                autocomplete="off"
                spellcheck="false"
                data-testid=format!("input-dyn-{id}")
                aria-invalid=move || err().is_some().then_some("true")
                aria-describedby=described
                prop:value=move || form.with(|f| (lens.get)(f).clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| *(lens.set)(f) = v);
                }
            />
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {move || err().map(|m| view! { <p class="error" id=err_id.clone() role="alert">{m}</p> })}
        </div>
    }
}

/// A labelled `<select>` (`data-testid="select-dyn-<id>"`); its options are written as HTML.
#[component]
pub fn DSelect(
    /// Id suffix.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// (value, label) pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The selected value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the chosen value.
    on_change: impl Fn(String) + 'static,
) -> impl IntoView {
    let select_id = format!("dyn-{id}");
    let html = move || {
        let cur = value.get();
        options.with(|o| {
            o.iter()
                .map(|(v, l)| {
                    format!(
                        r#"<option value="{}"{}>{}</option>"#,
                        plot::esc(v),
                        if *v == cur { " selected" } else { "" },
                        plot::esc(l)
                    )
                })
                .collect::<String>()
        })
    };
    view! {
        <div class="field">
            <label for=select_id.clone()>{label}</label>
            <select
                id=select_id
                data-testid=format!("select-dyn-{id}")
                inner_html=html
                on:change=move |ev| on_change(event_target_value(&ev))
            ></select>
        </div>
    }
}

/// (value, label) pairs from string slices.
fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
        .collect()
}
