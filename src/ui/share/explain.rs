//! "How each figure is computed": one `<details>` per headline figure with its formula, the
//! same formula with the user's numbers, the result and the venue rule in force
//! ([`crate::explain::explain`]). The list of figures is fixed, so a figure the user opened
//! stays open while they edit the trade.

use crate::explain::{explain, Explanation};
use crate::ui::Ctx;
use leptos::prelude::*;

/// Every figure `explain` can describe, in page order.
const KEYS: &[&str] = &[
    "liquidation_price",
    "bankruptcy_price",
    "notional",
    "initial_margin",
    "maintenance_margin",
    "pnl_stop",
    "pnl_target",
    "max_leverage_stop_first",
    "funding_paid",
    "prob_touch_liquidation",
];

#[component]
pub fn ExplainPanel(ctx: Ctx) -> impl IntoView {
    // Recomputed exactly when the evaluation is.
    let all = Memo::new_with_compare(
        move |_| {
            ctx.eval
                .with(|e| e.as_ref().map(explain).unwrap_or_default())
        },
        |_, _| true,
    );
    let items = KEYS
        .iter()
        .map(|&key| {
            // One figure's explanation: its texts re-render only when it changes.
            let item = Memo::new(move |_| all.with(|v| v.iter().find(|x| x.key == key).cloned()));
            let field = move |f: fn(&Explanation) -> String| {
                move || item.with(|x| x.as_ref().map(f).unwrap_or_default())
            };
            view! {
                <details class="explain-item" data-testid=format!("explain-{key}") hidden=move || item.with(Option::is_none)>
                    <summary>
                        {field(|x| x.title.to_owned())}
                        <span class="explain-result">{field(|x| x.result.clone())}</span>
                    </summary>
                    <dl>
                        <dt>"Formula"</dt>
                        <dd><code>{field(|x| x.formula.clone())}</code></dd>
                        <dt>"With your numbers"</dt>
                        <dd><code data-testid=format!("explain-{key}-substituted")>{field(|x| x.substituted.clone())}</code></dd>
                        <dt>"Result"</dt>
                        <dd><code>{field(|x| x.result.clone())}</code></dd>
                    </dl>
                    <ul class="explain-notes">
                        {move || {
                            item.with(|x| {
                                x.iter()
                                    .flat_map(|x| x.notes.iter())
                                    .map(|n| view! { <li>{n.clone()}</li> })
                                    .collect_view()
                            })
                        }}
                    </ul>
                </details>
            }
        })
        .collect_view();
    view! {
        <section class="card explain" aria-labelledby="explain-title" data-testid="explain">
            <h2 id="explain-title">"How each figure is computed"</h2>
            <p class="hint">
                "Open a figure for its formula, the same formula with your numbers, and the venue's rule that applies."
            </p>
            <p class="empty" hidden=move || all.with(|v| !v.is_empty())>
                "Fix the highlighted input to see the formulas."
            </p>
            {items}
        </section>
    }
}
