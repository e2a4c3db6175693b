//! Saved scenarios in localStorage ([`crate::storage`]): name and save, load, delete, compare
//! two side by side (the engine's figures for both), export and import as a JSON file. Entries
//! that cannot be read (corrupted, or from a newer version) are listed with the reason and can
//! be exported or discarded; they never stop the page from starting and are never dropped
//! without the user asking.

use super::web;
use crate::engine::contract::ContractKind;
use crate::scenario::{evaluate_scenario, Scenario};
use crate::storage::{Saved, Store, STORAGE_KEY};
use crate::ui::format::{self, DASH};
use crate::ui::state::FormValues;
use crate::ui::units::Units;
use crate::ui::Ctx;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;
use rust_decimal::Decimal;

/// Largest file `import` reads.
const MAX_IMPORT: f64 = 5.0 * 1024.0 * 1024.0;

/// One line about a saved scenario: venue, side, entry, leverage.
fn summary(s: &Scenario) -> String {
    format!(
        "{} · {} · entry {} · {}×",
        s.venue.label(),
        if s.side == crate::scenario::SideName::Long {
            "long"
        } else {
            "short"
        },
        s.entry_price.0,
        s.leverage.0
    )
}

/// (label, exact value, text) of the figures compared, or why the scenario does not evaluate.
fn figures(s: &Scenario) -> Result<Vec<(&'static str, String, String)>, String> {
    let e = evaluate_scenario(s).map_err(|e| crate::ui::message(&e))?;
    let inverse = matches!(s.contract_kind(), Ok(ContractKind::Inverse { .. }));
    let u = Units::new(s.venue, s.symbol.as_deref().unwrap_or(""), inverse);
    let r = &e.report;
    let exact = |d: Decimal| d.normalize().to_string();
    let price = |d: Option<Decimal>| match d {
        Some(p) => (exact(p), format!("{} {}", format::price(p), u.quote)),
        None => (String::new(), DASH.to_owned()),
    };
    let money = |d: Decimal| (exact(d), crate::ui::results::money(d, &u));
    let pnl = |x: Option<crate::engine::trade::ExitReport>| match x {
        Some(x) => (
            exact(x.net_pnl),
            format!(
                "{} {}",
                format::signed_amount(x.net_pnl, u.coin_settled),
                u.settle()
            ),
        ),
        None => (String::new(), DASH.to_owned()),
    };
    let rows = [
        ("Liquidation price", price(r.liquidation_price)),
        ("Bankruptcy price", price(r.bankruptcy_price)),
        (
            "Distance to liquidation",
            match r.liquidation_distance {
                Some(d) => (exact(d), format::percent(d, 2)),
                None => (String::new(), DASH.to_owned()),
            },
        ),
        (
            "Leverage",
            (exact(r.leverage), format::leverage(r.leverage)),
        ),
        ("Notional", money(r.notional)),
        ("Initial margin", money(r.initial_margin)),
        ("Maintenance margin", money(r.maintenance_margin)),
        ("PnL at stop", pnl(r.stop)),
        ("PnL at target", pnl(r.target)),
    ];
    Ok(rows.into_iter().map(|(l, (x, t))| (l, x, t)).collect())
}

/// "1 entry", "3 entries".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A saved date for reading: `2026-11-25 14:00`.
fn when(iso: &str) -> String {
    iso.chars().take(16).collect::<String>().replace('T', " ")
}

#[component]
pub fn SavedPanel(ctx: Ctx) -> impl IntoView {
    let (initial, storage_ok) = match web::storage_get(STORAGE_KEY) {
        Ok(text) => (Store::read(text.as_deref()), true),
        Err(()) => (Store::default(), false),
    };
    let store = RwSignal::new(initial);
    let status = RwSignal::new(if storage_ok {
        String::new()
    } else {
        "This browser does not let the page store data: saved scenarios last until the page is closed."
            .to_owned()
    });
    let persist = move || {
        let text = store.with(Store::write);
        if let Err(e) = web::storage_set(STORAGE_KEY, &text) {
            status.set(e);
        }
    };
    let name = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(scenario) = ctx.scenario.get_untracked() else {
            status.set("Fix the highlighted input before saving.".into());
            return;
        };
        let n = name.get_untracked();
        let mut result = Ok(());
        store.update(|st| result = st.save(&n, &web::now_iso(), scenario));
        match result {
            Ok(()) => {
                persist();
                status.set(format!("Saved “{}”.", n.trim()));
                name.set(String::new());
            }
            Err(e) => status.set(e),
        }
    };
    let load = move |n: String| {
        if let Some(s) = store.with_untracked(|st| st.get(&n).map(|s| s.scenario.clone())) {
            ctx.form.set(FormValues::from_scenario(&s));
            status.set(format!("Loaded “{n}”."));
        }
    };
    let delete = move |n: String| {
        store.update(|st| st.delete(&n));
        persist();
        status.set(format!("Deleted “{n}”."));
    };
    let export = move |_| {
        let text = store.with_untracked(Store::write);
        if web::download("levcalc-scenarios.json", &text, "application/json").is_err() {
            status.set("The browser did not allow the download.".into());
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        if file.size() > MAX_IMPORT {
            status.set("That file is larger than 5 MB: not a scenarios file.".into());
            return;
        }
        web::read_text(&file, move |text| {
            let Some(text) = text else {
                status.set("The file could not be read.".into());
                return;
            };
            let mut counts = (0, 0);
            store.update(|st| counts = st.import(&text));
            persist();
            let mut msg = format!("Imported {}.", count(counts.0, "scenario", "scenarios"));
            if counts.1 > 0 {
                msg.push_str(&format!(
                    " {} could not be read and {} kept aside (below).",
                    count(counts.1, "entry", "entries"),
                    if counts.1 == 1 { "was" } else { "were" }
                ));
            }
            status.set(msg);
        });
    };

    let list = move || {
        store.with(|st| {
            st.saved
                .iter()
                .map(|s: &Saved| {
                    let n = s.name.clone();
                    let (n1, n2) = (n.clone(), n.clone());
                    view! {
                        <li class="saved-item" data-testid="saved-item" data-name=n.clone()>
                            <div class="saved-text">
                                <strong>{n.clone()}</strong>
                                <span class="detail">{summary(&s.scenario)}</span>
                                <span class="detail">{when(&s.saved_at)}</span>
                            </div>
                            <div class="saved-actions">
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="saved-load"
                                    aria-label=format!("Load {n}")
                                    on:click=move |_| load(n1.clone())
                                >
                                    "Load"
                                </button>
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="saved-delete"
                                    aria-label=format!("Delete {n}")
                                    on:click=move |_| delete(n2.clone())
                                >
                                    "Delete"
                                </button>
                            </div>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    let quarantine = move || {
        store.with(|st| {
            let q = &st.quarantine;
            (!q.is_empty()).then(|| {
                let items = q
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let raw = item.raw.clone();
                        view! {
                            <li data-testid="quarantine-item">
                                <span>{item.reason.clone()}</span>
                                <span class="detail">{format!("{} characters kept", item.raw.chars().count())}</span>
                                <div class="saved-actions">
                                    <button
                                        type="button"
                                        class="button"
                                        on:click=move |_| {
                                            let _ = web::download(
                                                &format!("levcalc-unreadable-{}.json", i + 1),
                                                &raw,
                                                "application/json",
                                            );
                                        }
                                    >
                                        "Export"
                                    </button>
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="quarantine-discard"
                                        on:click=move |_| {
                                            store
                                                .update(|st| {
                                                    if i < st.quarantine.len() {
                                                        st.quarantine.remove(i);
                                                    }
                                                });
                                            persist();
                                            status.set("Discarded one unreadable entry.".into());
                                        }
                                    >
                                        "Discard"
                                    </button>
                                </div>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="quarantine" role="alert" data-testid="quarantine">
                        <h3 class="subhead">
                            {format!("{} could not be read", count(q.len(), "stored entry", "stored entries"))}
                        </h3>
                        <p class="hint">
                            "They were kept aside, not deleted: export them to keep a copy, or discard them."
                        </p>
                        <ul>{items}</ul>
                    </div>
                }
            })
        })
    };

    view! {
        <section class="card saved" aria-labelledby="saved-title" data-testid="saved-panel">
            <h2 id="saved-title">"Saved scenarios"</h2>
            <form class="save-form" on:submit=save>
                <div class="field">
                    <label for="f-save-name">"Name"</label>
                    <input
                        id="f-save-name"
                        type="text"
                        maxlength="80"
                        autocomplete="off"
                        data-testid="save-name"
                        placeholder="e.g. BTC swing 10×"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
                <button type="submit" class="button secondary" data-testid="save-button">
                    "Save this trade"
                </button>
            </form>
            <p class="status-line" role="status" data-testid="saved-status">
                {move || status.get()}
            </p>
            <p class="empty" hidden=move || store.with(|st| !st.saved.is_empty())>
                "Nothing saved yet. Scenarios stay in this browser only."
            </p>
            <ul class="saved-list" data-testid="saved-list">
                {list}
            </ul>
            <Compare store=store />
            <div class="saved-files">
                <button type="button" class="button" data-testid="export-button" on:click=export>
                    "Export as JSON file"
                </button>
                <label class="button file-button">
                    "Import a JSON file"
                    <input
                        type="file"
                        accept="application/json,.json"
                        class="visually-hidden"
                        data-testid="import-file"
                        on:change=import
                    />
                </label>
            </div>
            {quarantine}
        </section>
    }
}

/// Two saved scenarios side by side, each evaluated by the engine.
#[component]
fn Compare(store: RwSignal<Store>) -> impl IntoView {
    let a = RwSignal::new(String::new());
    let b = RwSignal::new(String::new());
    let names = Memo::new(move |_| {
        store.with(|st| st.saved.iter().map(|s| s.name.clone()).collect::<Vec<_>>())
    });
    // The chosen name, or the first (second) saved one.
    let pick = move |sel: RwSignal<String>, fallback: usize| {
        let want = sel.get();
        names.with(|n| {
            if n.contains(&want) {
                Some(want)
            } else {
                n.get(fallback).or(n.first()).cloned()
            }
        })
    };
    let chosen = Memo::new(move |_| (pick(a, 0), pick(b, 1)));
    let select = move |id: &'static str, label: &'static str, sel: RwSignal<String>, fallback| {
        view! {
            <div class="field">
                <label for=format!("f-{id}")>{label}</label>
                <select
                    id=format!("f-{id}")
                    data-testid=id
                    on:change=move |ev| sel.set(event_target_value(&ev))
                >
                    {move || {
                        let current = pick(sel, fallback);
                        names
                            .get()
                            .into_iter()
                            .map(|n| {
                                let selected = current.as_deref() == Some(n.as_str());
                                view! { <option value=n.clone() prop:selected=selected>{n.clone()}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        }
    };
    let table = move || {
        let (Some(na), Some(nb)) = chosen.get() else {
            return None;
        };
        let get = |n: &str| store.with(|st| st.get(n).map(|s| figures(&s.scenario)));
        let (Some(fa), Some(fb)) = (get(&na), get(&nb)) else {
            return None;
        };
        let cell = |f: &Result<Vec<(&'static str, String, String)>, String>, i: usize| match f {
            Ok(rows) => {
                let (_, exact, text) = rows[i].clone();
                view! { <td class="num" data-value=exact>{text}</td> }.into_any()
            }
            Err(e) if i == 0 => view! { <td class="row-error">{e.clone()}</td> }.into_any(),
            Err(_) => view! { <td class="num">{DASH}</td> }.into_any(),
        };
        let labels: Vec<&'static str> = match (&fa, &fb) {
            (Ok(r), _) | (_, Ok(r)) => r.iter().map(|x| x.0).collect(),
            _ => vec!["Liquidation price"],
        };
        let rows = labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                view! {
                    <tr>
                        <th scope="row">{*l}</th>
                        {cell(&fa, i)}
                        {cell(&fb, i)}
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label="Saved scenarios compared">
                <table data-testid="saved-compare">
                    <thead>
                        <tr>
                            <th scope="col">"Figure"</th>
                            <th scope="col">{na}</th>
                            <th scope="col">{nb}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })
    };
    view! {
        <div class="saved-compare" hidden=move || names.with(|n| n.len() < 2)>
            <h3 class="subhead">"Compare two"</h3>
            <div class="row">
                {select("compare-a", "First", a, 0)}
                {select("compare-b", "Second", b, 1)}
            </div>
            {table}
        </div>
    }
}
