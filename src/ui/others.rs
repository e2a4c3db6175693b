//! Cross margin: the account's other positions, whose maintenance margin and unrealised PnL
//! share the wallet with this one.

use super::fields::FieldError;
use super::state::{FormValues, OtherRow};
use super::Ctx;
use crate::engine::venues::Venue;
use crate::scenario::SideName;
use leptos::either::Either;
use leptos::prelude::*;

/// Above this many symbols a row's symbol is a text field with one shared suggestion list
/// (`<datalist>`), not a `<select>` per row: a loaded venue file has hundreds of symbols
/// (Binance 808), and a hundred rows of 808 options would stall the page.
const SELECT_MAX: usize = 50;

/// Other-position rows built in one task (see [`OtherPositions`]).
const ROWS_PER_TASK: usize = 20;

/// Rows built in the task that loads a list: that task also sets every other field and
/// evaluates the trade, so it builds fewer (see [`OtherPositions`]).
const FIRST_ROWS: usize = 8;

/// The id of the shared symbol suggestions.
const SYMBOLS_LIST: &str = "other-symbols";

/// The editable list of other positions.
#[component]
pub fn OtherPositions(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let ids = Memo::new(move |_| form.with(|f| f.others.iter().map(|r| r.id).collect::<Vec<_>>()));
    // Rows are built ROWS_PER_TASK at a time: a saved scenario or link with 100 positions
    // must not build all 100 editors in one task (issue 10: no task over 200 ms). One row
    // added by hand shows at once; a list that grows by more starts again from one chunk.
    let shown = RwSignal::new(FIRST_ROWS);
    let last_len = StoredValue::new(0usize);
    Effect::new(move |_| {
        let n = ids.with(Vec::len);
        if n > last_len.get_value().saturating_add(1) {
            shown.set(FIRST_ROWS.min(n).max(1));
        }
        last_len.set_value(n);
    });
    Effect::new(move |_| {
        let n = ids.with(Vec::len);
        if shown.get() < n {
            set_timeout(
                move || shown.update(|s| *s = s.saturating_add(ROWS_PER_TASK)),
                std::time::Duration::ZERO,
            );
        }
    });
    let tables = ctx.tables;
    let long_list = Memo::new(move |_| {
        tables.track();
        let venue = form.with(|f| f.venue);
        let list = crate::engine::venues::symbols_of(venue);
        (list.len() > SELECT_MAX).then_some(list)
    });
    let locked = ctx.locked("other-positions");
    view! {
        // A lesson's lock disables every control inside (a disabled fieldset).
        <fieldset
            class="others"
            prop:disabled=move || locked.get()
            data-locked=move || locked.get().then_some("")
            data-testid="other-positions"
        >
            // The suggestions are one markup string (hundreds of options: one parse, not
            // hundreds of node insertions in the task that loads a scenario).
            <datalist
                id=SYMBOLS_LIST
                inner_html=move || long_list.with(|l| l.as_deref().map(options_markup).unwrap_or_default())
            ></datalist>
            <h3 class="subhead">"Other positions in this account"</h3>
            <p class="hint">
                "Their maintenance margin is set aside and their unrealised PnL (at mark) counts toward the balance that backs this position."
            </p>
            // Rows are keyed by id: adding, removing or showing more builds only those rows.
            <p class="empty" hidden=move || ids.with(|v| !v.is_empty())>
                "None: the whole wallet backs this position."
            </p>
            <ul class="other-list" hidden=move || ids.with(Vec::is_empty)>
                <For
                    each=move || {
                        let n = shown.get();
                        ids.with(|v| v.iter().copied().take(n).collect::<Vec<_>>())
                    }
                    key=|id| *id
                    children=move |id| view! { <OtherRowEditor ctx=ctx id=id /> }
                />
            </ul>
            <FieldError id="other-positions" error=ctx.error_for("other-positions") />
            <button
                type="button"
                class="button secondary"
                data-testid="add-other-position"
                disabled=move || form.with(|f| f.others.len() >= crate::limits::MAX_OTHER_POSITIONS)
                on:click=move |_| form.update(FormValues::add_other)
            >
                "+ Add a position"
            </button>
            <p
                class="hint"
                hidden=move || form.with(|f| f.others.len() < crate::limits::MAX_OTHER_POSITIONS)
            >
                {format!("At most {} other positions.", crate::limits::MAX_OTHER_POSITIONS)}
            </p>
        </fieldset>
    }
}

/// `<option value="…">` for each symbol, escaped by the page's one escaper.
fn options_markup(list: &[String]) -> String {
    let mut out = String::with_capacity(list.len().saturating_mul(32));
    for s in list {
        out.push_str("<option value=\"");
        super::escape::escape_into(&mut out, s);
        out.push_str("\"></option>");
    }
    out
}

/// One other position: symbol, side, quantity, entry, mark, maintenance rate.
#[component]
fn OtherRowEditor(ctx: Ctx, id: u32) -> impl IntoView {
    let form = ctx.form;
    let units = ctx.units;
    // The row as typed, compared on change: an edit elsewhere in the form (the entry, another
    // row) re-runs this memo only, not the row's fields and options; with 100 rows that is
    // the difference between a smooth edit and a long task (issue 10).
    let row = Memo::new(move |_| form.with(|f| f.others.iter().find(|r| r.id == id).cloned()));
    let read = move |get: fn(&OtherRow) -> String| {
        move || row.with(|r| r.as_ref().map(get).unwrap_or_default())
    };
    let write = move |set: fn(&mut OtherRow, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            form.update(|f| {
                if let Some(r) = f.other_mut(id) {
                    set(r, v);
                }
            });
        }
    };
    let venue = Memo::new(move |_| form.with(|f| f.venue));
    let custom = Memo::new(move |_| venue.get() == Venue::Custom);
    let text = move |label: &'static str,
                     key: &'static str,
                     get: fn(&OtherRow) -> String,
                     set: fn(&mut OtherRow, String),
                     placeholder: &'static str| {
        let input_id = format!("o{id}-{key}");
        view! {
            <div class="field compact">
                <label for=input_id.clone()>{label}</label>
                <input
                    id=input_id
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    data-testid=format!("other-{key}")
                    placeholder=placeholder
                    prop:value=read(get)
                    on:input=write(set)
                />
            </div>
        }
    };
    let side_id = format!("o{id}-side");
    let sym_id = format!("o{id}-symbol");
    let qty_label = move || {
        if units.with(|u| u.coin_settled) {
            "Contracts"
        } else {
            "Quantity"
        }
    };
    view! {
        <li class="other-row">
            <div class="field compact">
                <label for=sym_id.clone()>"Symbol"</label>
                {move || {
                    let venue = venue.get();
                    ctx.tables.track();
                    let many = venue != Venue::Custom
                        && crate::engine::venues::symbols_of(venue).len() > SELECT_MAX;
                    if venue == Venue::Custom || many {
                        Either::Left(view! {
                            <input
                                id=sym_id.clone()
                                list=many.then_some(SYMBOLS_LIST)
                                type="text"
                                autocomplete="off"
                                data-testid="other-symbol"
                                prop:value=read(|r| r.symbol.clone())
                                on:input=write(|r, v| r.symbol = v)
                            />
                        })
                    } else {
                        // A venue has tables for its own symbols only.
                        let current = read(|r| r.symbol.clone());
                        let mut list = crate::engine::venues::symbols_of(venue);
                        let now = row
                            .with_untracked(|r| r.as_ref().map(|r| r.symbol.clone()))
                            .unwrap_or_default();
                        if !now.is_empty() && !list.contains(&now) {
                            list.push(now);
                        }
                        Either::Right(view! {
                            <select id=sym_id.clone() data-testid="other-symbol" on:change=write(|r, v| r.symbol = v)>
                                {list
                                    .into_iter()
                                    .map(|sym| {
                                        let value = sym.clone();
                                        let label = sym.clone();
                                        view! {
                                            <option value=value prop:selected=move || current() == sym>
                                                {label}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        })
                    }
                }}
            </div>
            <div class="field compact">
                <label for=side_id.clone()>"Side"</label>
                <select
                    id=side_id
                    data-testid="other-side"
                    on:change=write(|r, v| {
                        r.side = if v == "short" { SideName::Short } else { SideName::Long };
                    })
                >
                    <option value="long" prop:selected=move || read(|r| r.side.key().to_owned())() == "long">
                        "Long"
                    </option>
                    <option value="short" prop:selected=move || read(|r| r.side.key().to_owned())() == "short">
                        "Short"
                    </option>
                </select>
            </div>
            <div class="field compact">
                <label for=format!("o{id}-quantity")>{qty_label}</label>
                <input
                    id=format!("o{id}-quantity")
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    data-testid="other-quantity"
                    prop:value=read(|r| r.quantity.clone())
                    on:input=write(|r, v| r.quantity = v)
                />
            </div>
            {text("Entry", "entry", |r| r.entry.clone(), |r, v| r.entry = v, "")}
            {text("Mark", "mark", |r| r.mark.clone(), |r, v| r.mark = v, "= entry")}
            {move || {
                let ph = if custom.get() { "= main" } else { "table" };
                text("MMR %", "mmr", |r| r.mmr.clone(), |r, v| r.mmr = v, ph)
            }}
            <button
                type="button"
                class="button icon"
                aria-label=format!("Remove position {id}")
                on:click=move |_| form.update(|f| f.remove_other(id))
            >
                "×"
            </button>
        </li>
    }
}
