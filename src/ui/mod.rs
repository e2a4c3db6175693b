//! The page: a form of raw inputs, the scenario they describe, and the engine's figures.
//!
//! Data flow: every input writes its raw text into one `RwSignal<FormValues>`; a `Memo`
//! builds the [`Scenario`]; a second `Memo` evaluates it. The results panel, the chart, the
//! bracket table and the venue comparison all read those memos. The UI never does the
//! math itself.

mod brackets;
mod browser;
mod chart;
mod combobox;
mod compare;
mod dynamics;
mod escape;
mod fields;
pub mod figures;
#[cfg(not(target_arch = "wasm32"))]
pub mod first_paint;
mod form;
pub mod format;
mod import;
pub mod live;
mod modes;
mod others;
mod results;
mod risk;
pub(crate) mod share;
mod slice;
mod stage;
mod stat;
pub mod state;
pub mod tables;
pub mod units;

use crate::scenario::{Evaluation, Scenario, ScenarioError};
use leptos::prelude::*;
use rust_decimal::Decimal;
use stage::Stage;
use state::FormValues;
use units::Units;

/// The page's shared state: raw inputs and the memos derived from them. `Copy`, so every
/// component can take it as a prop.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// What the user typed.
    pub form: RwSignal<FormValues>,
    /// The scenario the inputs describe.
    pub scenario: Memo<Result<Scenario, ScenarioError>>,
    /// The engine's evaluation of it.
    pub eval: Memo<Result<Evaluation, ScenarioError>>,
    /// Currencies of the trade, for labels.
    pub units: Memo<Units>,
    /// The input to blame for the current error (test-id suffix) and the message.
    pub field_error: Memo<Option<(&'static str, String)>>,
    /// The position's value in the quote coin from the last evaluation that succeeded.
    pub last_position_value: Memo<Option<Decimal>>,
    /// The length a link to the trade would have, when it is too long to be a link.
    pub link_too_long: RwSignal<Option<usize>>,
    /// The venue data files loaded into the engine's registry: the evaluation (and every
    /// view of a venue's table or symbols) tracks their version.
    pub tables: tables::TablesState,
    /// Inputs a lesson has locked (embed mode): read-only, with a note.
    pub locks: RwSignal<Locks>,
    /// The dynamics panels' inputs (here, not in their section, so that links carry them).
    pub dynamics: RwSignal<dynamics::state::DynForm>,
    /// The open dynamics tab (an index of [`share::page_state::TABS`]).
    pub tab: RwSignal<usize>,
    /// The section last picked in the page's index (of [`share::page_state::SECTIONS`]).
    pub at: RwSignal<Option<usize>>,
}

/// The inputs an embed locks: some by name (`data-testid` suffixes), or all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locks {
    pub all: bool,
    pub ids: Vec<&'static str>,
}

impl Locks {
    /// Is the input `id` locked?
    pub fn has(&self, id: &'static str) -> bool {
        self.all || self.ids.contains(&id)
    }
}

impl Ctx {
    fn new() -> Ctx {
        let form = RwSignal::new(FormValues::default());
        let tables = tables::TablesState::new();
        let scenario = Memo::new(move |_| form.with(FormValues::to_scenario));
        // A new scenario, or a newly loaded venue file, always means a new evaluation: no
        // equality check needed.
        // Evaluated in parts: a bad volatility, funding, stop or target leaves the position's
        // own figures standing and is shown at its input (issue 13 §1).
        let parts = Memo::new_with_compare(
            move |_| {
                tables.track();
                // The form is read again, leaving parts out, only when its scenario failed.
                scenario.with(|s| match s {
                    Ok(s) => crate::scenario::evaluate_in_parts(s),
                    Err(_) => form.with(state::evaluate_form_in_parts),
                })
            },
            |_, _| true,
        );
        let eval = Memo::new_with_compare(move |_| parts.with(|p| p.0.clone()), |_, _| true);
        let left_out = Memo::new(move |_| parts.with(|p| p.1.clone()));
        // A newly loaded table can change what the form's inputs mean (a BitMEX symbol's
        // contract type, and with it the units of every amount): every reader of the form
        // runs again.
        Effect::new(move |seen: Option<()>| {
            tables.track();
            if seen.is_some() {
                form.update(|_| {});
            }
        });
        // The venue's data file, at start (the venue of a link) and whenever it changes.
        Effect::new(move |_| {
            let venue = form.with(|f| f.venue);
            tables.ensure(venue);
        });
        let units =
            Memo::new(move |_| form.with(|f| Units::new(f.venue, &f.symbol, f.is_inverse())));
        let field_error =
            Memo::new(move |_| eval.with(|e| left_out.with(|l| state::field_error(e, l))));
        let last_position_value = Memo::new(move |prev: Option<&Option<Decimal>>| {
            eval.with(|e| match e {
                Ok(e) => Some(e.report.position_value),
                Err(_) => prev.copied().flatten(),
            })
        });
        Ctx {
            form,
            scenario,
            eval,
            units,
            field_error,
            last_position_value,
            link_too_long: RwSignal::new(None),
            tables,
            locks: RwSignal::new(Locks::default()),
            dynamics: RwSignal::new(dynamics::state::DynForm::default()),
            tab: RwSignal::new(0),
            at: RwSignal::new(None),
        }
    }

    /// Whether the input `id` is locked by the lesson the page is embedded in.
    pub fn locked(self, id: &'static str) -> Signal<bool> {
        let locks = self.locks;
        Signal::derive(move || locks.with(|l| l.has(id)))
    }

    /// The error message for one input, if it is the one to blame.
    pub fn error_for(self, id: &'static str) -> Signal<Option<String>> {
        let field_error = self.field_error;
        Signal::derive(move || {
            field_error.with(|e| match e {
                Some((input, msg)) if *input == id => Some(msg.clone()),
                _ => None,
            })
        })
    }

    /// The position's value in the quote coin, from the last good evaluation (for keeping
    /// the trade's size when the contract type changes).
    pub fn position_value(self) -> Option<Decimal> {
        self.last_position_value.get_untracked()
    }
}

/// A user-facing message: the engine's text without the `field `x`: ` prefix, which the
/// page shows by placing the message under that field instead.
///
/// Rates and fees are limited in the engine as fractions; the page shows them in percent, so
/// their limits are given in percent too, and amounts are grouped like the rest of the page.
pub fn message(err: &ScenarioError) -> String {
    use crate::engine::{CalcError, Field};
    let percent_field = |f: &Field| {
        matches!(
            f,
            Field::TakerFee | Field::MakerFee | Field::MaintenanceRate
        )
    };
    match err {
        ScenarioError::Calc(CalcError::TooLarge { field, max }) if percent_field(field) => {
            format!("{field} is too large (at most {}).", format::percent(*max, 4))
        }
        ScenarioError::Calc(CalcError::TooSmall { field, min }) if percent_field(field) => {
            format!("{field} is too small (at least {}).", format::percent(*min, 4))
        }
        ScenarioError::Calc(CalcError::ImmediateLiquidation {
            margin,
            maintenance,
        }) => format!(
            "Leverage is too high: the margin ({}) does not cover the maintenance margin ({}), so the position would be liquidated at once. Lower the leverage.",
            format::trimmed(*margin, 8, 2),
            format::trimmed(*maintenance, 8, 2)
        ),
        ScenarioError::Calc(CalcError::CrossBalanceShort {
            balance,
            maintenance,
        }) => format!(
            "The account cannot back this position: the wallet balance less the other positions' maintenance margin, plus their unrealised PnL, is {}, which does not cover this position's maintenance margin ({}), so it would be liquidated at once at any leverage. Add to the wallet balance, or reduce the other positions or this position's size.",
            format::trimmed(*balance, 8, 2),
            format::trimmed(*maintenance, 8, 2)
        ),
        ScenarioError::Calc(e) => e.to_string(),
        // The page shows the message under the field it names.
        ScenarioError::Risk { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// Mount the app on `<body>`, except on a page that loads the module for its JS API only
/// (`<meta name="levcalc" content="api">`, as public/api-example.html does): that page keeps
/// its own content and fetches nothing.
/// One Monte Carlo block for a worker (`mcBlock` of the page's module; see
/// [`risk::mc::block_words`]).
///
/// # Errors
/// Words that are not a block's configuration, or the engine's message.
pub fn mc_block(config: &[f64], first: f64, paths: f64) -> Result<Vec<f64>, String> {
    risk::mc::block_words(config, first, paths)
}

/// The id of the element holding the build-time first screen in `index.html`
/// ([`first_paint`], written by scripts/postbuild.mjs).
pub const FIRST_PAINT_ID: &str = "first-paint";

pub fn mount() {
    // The opening venue's inline file first, a few symbols per task, so that no task of the
    // load is long; then the first screen answers what is typed into it (its figures from
    // this module's `shellUpdate`, src/first-screen-live.js) while the app is built.
    tables::preload_inline(share::opening_venue(), || {
        first_screen_live();
        mount_now();
    });
}

/// Asks the page's start script to make the build-time first screen live
/// (`window.levcalcFirstScreenLive`, src/first-screen-live.js, which scripts/postbuild.mjs
/// puts into index.html); nothing where the page has no such script.
fn first_screen_live() {
    use leptos::wasm_bindgen::JsCast;
    let Some(w) = browser::window() else {
        return;
    };
    if let Ok(f) = js_sys::Reflect::get(&w, &"levcalcFirstScreenLive".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call0(&w);
        }
    }
}

fn mount_now() {
    let api_only = browser::document()
        .and_then(|d| {
            d.query_selector(r#"meta[name="levcalc"][content="api"]"#)
                .ok()
        })
        .flatten()
        .is_some();
    if api_only {
        return;
    }
    // The app is built into a container outside the document, a few components per task
    // (`stage`), while the first screen written into index.html at build time stays on view;
    // one task then swaps them, so no frame shows neither (or both), and nothing reads the
    // app's figures before they are on view.
    let Some(doc) = browser::document() else {
        return;
    };
    let (Some(body), Ok(container)) = (doc.body(), doc.create_element("div")) else {
        return;
    };
    use leptos::wasm_bindgen::JsCast;
    let parent = container
        .clone()
        .unchecked_into::<leptos::web_sys::HtmlElement>();
    if share::embedded() {
        leptos::mount::mount_to(parent, share::Embed).forget();
    } else {
        leptos::mount::mount_to(parent, App).forget();
    }
    stage::start(move || {
        // What the visitor typed into the first screen while the app loaded goes into the
        // app's form first, and the input being typed in keeps the focus.
        let focus = take_over_first_screen(&doc);
        if let Some(shell) = doc.get_element_by_id(FIRST_PAINT_ID) {
            shell.remove();
        }
        // The app's nodes go to <body>, as if mounted there (the view's top level is static
        // elements: nothing tracks where they are).
        while let Some(node) = container.first_child() {
            if body.append_child(&node).is_err() {
                break;
            }
        }
        if let Some((id, start, end)) = focus {
            if let Some(el) = doc
                .get_element_by_id(&id)
                .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
            {
                let _ = el.focus();
                if let (Some(a), Some(b)) = (start, end) {
                    let _ = el.set_selection_range(a, b);
                }
            }
        }
    });
}

thread_local! {
    /// The app's form, for the first screen's inputs to be carried into (see [`mount_now`]).
    static APP_FORM: core::cell::Cell<Option<RwSignal<FormValues>>> = const { core::cell::Cell::new(None) };
}

/// The first screen's inputs that the visitor changed (the page's start script marks them
/// `data-shell-edited`, src/first-screen-live.js) set in the app's form, as the app's own
/// inputs would set them; returns the id and selection of the first-screen input that has the
/// focus, for the app's input of the same id to take it.
fn take_over_first_screen(
    doc: &leptos::web_sys::Document,
) -> Option<(String, Option<u32>, Option<u32>)> {
    use leptos::wasm_bindgen::JsCast;
    let shell = doc.get_element_by_id(FIRST_PAINT_ID)?;
    let edited = shell.query_selector_all("[data-shell-edited]").ok()?;
    let mut pairs = Vec::new();
    for i in 0..edited.length() {
        let Some(el) = edited
            .item(i)
            .and_then(|n| n.dyn_into::<leptos::web_sys::Element>().ok())
        else {
            continue;
        };
        let id = el.get_attribute("data-shell-testid").unwrap_or_default();
        let value = js_sys::Reflect::get(&el, &"value".into())
            .ok()
            .and_then(|v| v.as_string());
        let id = id
            .strip_prefix("input-")
            .or_else(|| id.strip_prefix("select-"));
        if let (Some(id), Some(value)) = (id, value) {
            pairs.push((id.to_owned(), value));
        }
    }
    if !pairs.is_empty() {
        if let Some(form) = APP_FORM.with(core::cell::Cell::get) {
            form.update(|f| {
                for (id, value) in &pairs {
                    state::set_input(f, id, value);
                }
            });
        }
    }
    let active = doc.active_element().filter(|a| shell.contains(Some(a)))?;
    let input = active
        .dyn_into::<leptos::web_sys::HtmlInputElement>()
        .ok()?;
    let (start, end) = (
        input.selection_start().ok().flatten(),
        input.selection_end().ok().flatten(),
    );
    Some((input.id(), start, end))
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new();
    APP_FORM.with(|f| f.set(Some(ctx.form)));
    import::restore(ctx);
    let (link_notice, _) = share::start(ctx);
    view! {
        <a class="skip-link" href="#results">"Skip to results"</a>
        <Stage><Header ctx=ctx /></Stage>
        <main id="main">
            <share::LinkNotice notice=link_notice />
            <share::ShareBar ctx=ctx />
            <PageIndex ctx=ctx />
            // At desktop widths the form stays in view (sticky) while the sections beside it
            // scroll; the index reaches each section (issue 13 §5).
            <div class="layout">
                // Built before the app is shown: the form in three stages (form.rs), then the
                // results, then the modes with the PnL chart, each stage in a task of its own
                // (issue 14).
                <form::TradeForm ctx=ctx />
                <div class="output">
                    <Stage><results::Results ctx=ctx /></Stage>
                    <Stage>
                        <modes::Modes ctx=ctx />
                        <chart::PnlChart ctx=ctx />
                    </Stage>
                    <risk::RiskPanel ctx=ctx />
                    // Below the fold: built after the first frame, each in a task of its own,
                    // so the calculator above paints first and no task builds them all (issue 14).
                    <Later><dynamics::Dynamics ctx=ctx /></Later>
                    <Later><compare::CompareVenues ctx=ctx /></Later>
                    <Later><share::ExplainPanel ctx=ctx /></Later>
                    <Later><share::SavedPanel ctx=ctx /></Later>
                </div>
            </div>
        </main>
        <Footer />
    }
}

/// Its children, built after the page's first frame in a task of their own (the sections
/// below the fold, the risk panel).
#[component]
pub(crate) fn Later(children: ChildrenFn) -> impl IntoView {
    // The build-time render writes the first screen only.
    if !browser::present() {
        return ().into_any();
    }
    stage::deferred(children, |build| {
        stage::after_reveal(move || {
            request_animation_frame(move || set_timeout(build, core::time::Duration::ZERO))
        })
    })
}

/// Scroll the section `i` of [`share::page_state::SECTIONS`] to the top of the view; false
/// when it is not built yet.
fn scroll_to_section(i: usize) -> bool {
    if !stage::revealed() {
        return false;
    }
    let Some((_, _, heading)) = share::page_state::SECTIONS.get(i) else {
        return true;
    };
    match document().get_element_by_id(heading) {
        Some(el) => {
            el.scroll_into_view();
            true
        }
        None => false,
    }
}

/// A link's section, once it is built (some sections are built after the first paint), and
/// once more after the sections above it have settled.
fn scroll_when_built(i: usize, tries: u32) {
    set_timeout(
        move || {
            if scroll_to_section(i) {
                set_timeout(
                    move || {
                        scroll_to_section(i);
                    },
                    core::time::Duration::from_millis(400),
                );
            } else if tries > 0 {
                scroll_when_built(i, tries - 1);
            }
        },
        core::time::Duration::from_millis(100),
    );
}

/// The in-page index: one link per section; the one picked is kept in the address (`at=`), so
/// a shared link or a reload opens there.
#[component]
fn PageIndex(ctx: Ctx) -> impl IntoView {
    // A link's section, once the page is built.
    if let Some(i) = ctx.at.get_untracked() {
        scroll_when_built(i, 50);
    }
    let links = share::page_state::SECTIONS
        .iter()
        .enumerate()
        .map(|(i, &(key, label, heading))| {
            view! {
                <li>
                    <a
                        href=format!("#{heading}")
                        data-testid=format!("index-{key}")
                        aria-current=move || (ctx.at.get() == Some(i)).then_some("location")
                        on:click=move |ev| {
                            // Not the anchor itself: the address holds the trade.
                            ev.prevent_default();
                            ctx.at.set(Some(i));
                            scroll_to_section(i);
                        }
                    >
                        {label}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="page-index" aria-label="Sections" data-testid="page-index">
            <ul>{links}</ul>
        </nav>
    }
}

#[component]
fn Header(ctx: Ctx) -> impl IntoView {
    // The date of the table the figures use (each venue and symbol has its own); the user's
    // own rate or table has none.
    let as_of = Memo::new(move |_| {
        ctx.eval.with(|e| match e {
            Ok(e) => Some(match &e.table {
                Some(t) => (t.as_of.clone(), t.quality.key()),
                None => ("your own rate".to_owned(), ""),
            }),
            Err(_) => None,
        })
    });
    view! {
        <header class="site-header">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                    <rect width="32" height="32" rx="7" class="logo-bg" />
                    <path d="M7 22 L13 15 L18 19 L25 9" class="logo-line" />
                    <path d="M6 25 H26" class="logo-liq" />
                </svg>
                <div>
                    <h1>"levcalc"</h1>
                    <p class="tagline">"Leverage and liquidation risk, computed exactly, venue by venue"</p>
                </div>
            </div>
            <p class="as-of" data-testid="table-as-of" hidden=move || as_of.with(Option::is_none)>
                "Table as of "
                <strong>{move || as_of.get().map(|(d, _)| d).unwrap_or_default()}</strong>
                {move || {
                    as_of
                        .get()
                        .and_then(|(_, q)| (q == "derived" || q == "stand-in").then(|| format!(" · {q}")))
                }}
            </p>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                "Figures are computed in exact decimal arithmetic from the venue formulas and the venues' dated tables (the header and the bracket table give the date of the one in use). Venues change their tables and round differently; check your venue before trading. The headline figures leave funding out; the funding panel adds it."
            </p>
            <p>"Runs entirely in your browser. Nothing you type leaves this page."</p>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_of_percent_fields_are_given_in_percent() {
        let f = FormValues {
            taker_fee: "50".into(),
            ..FormValues::default()
        };
        let err = f
            .to_scenario()
            .and_then(|s| crate::scenario::evaluate_scenario(&s))
            .unwrap_err();
        let msg = message(&err);
        assert!(msg.contains("10\u{a0}%"), "{msg}");
        assert_eq!(state::input_for_key(&err.field_key().unwrap()), "taker-fee");
    }

    #[test]
    fn immediate_liquidation_groups_its_amounts() {
        let f = FormValues {
            venue: crate::engine::venues::Venue::Custom,
            leverage: "300".into(),
            quantity: "50".into(),
            ..FormValues::default()
        };
        let err = f
            .to_scenario()
            .and_then(|s| crate::scenario::evaluate_scenario(&s))
            .unwrap_err();
        let msg = message(&err);
        assert!(msg.contains("10,000.00"), "{msg}");
    }
}
