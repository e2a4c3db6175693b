//! Saved scenarios in localStorage ([`crate::storage`]): name and save, load, delete, compare
//! two side by side (the engine's figures for both), export and import as a JSON file. Entries
//! that cannot be read (corrupted, or from a newer version) are listed with the reason and can
//! be exported or discarded; they never stop the page from starting and are never dropped
//! without the user asking.

use super::web;
use crate::engine::contract::ContractKind;
use crate::limits::MAX_IMPORT_BYTES;
use crate::scenario::{evaluate_scenario, Scenario};
use crate::storage::{count, unreadable_key, Saved, Store, STORAGE_KEY};
use crate::ui::format::{self, DASH};
use crate::ui::state::FormValues;
use crate::ui::units::Units;
use crate::ui::Ctx;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;
use rust_decimal::Decimal;

/// Read the stored text; text that cannot be read as a whole is first kept, whole, under a key
/// of its own, and kept-aside entries that live under their own key are read back for export.
fn open_store(text: Option<&str>) -> Store {
    let mut store = Store::read(text);
    if let Some(raw) = store.unreadable.clone() {
        if let Some(key) = keep_aside(&raw) {
            store.kept_aside(&key);
        }
    }
    for q in &mut store.quarantine {
        if let Some(k) = &q.key {
            if q.raw.is_empty() {
                q.raw = web::storage_get(k).ok().flatten().unwrap_or_default();
            }
        }
    }
    store
}

/// Store `raw` whole under the first free `…unreadable` key (or the one already holding it).
fn keep_aside(raw: &str) -> Option<String> {
    (1..=20)
        .map(unreadable_key)
        .find(|key| match web::storage_get(key) {
            Ok(Some(existing)) => existing == raw,
            Ok(None) => web::storage_set(key, raw).is_ok(),
            Err(()) => false,
        })
}

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
    let money = |d: Decimal| (exact(d), crate::ui::figures::money(d, &u));
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

/// A reason to follow "Not saved: ": first letter in lower case, no final full stop.
fn reason(e: &str) -> String {
    let e = e.trim().trim_end_matches('.');
    let mut c = e.chars();
    match c.next() {
        // ASCII case only (the messages start with an ASCII letter; the Unicode case
        // tables cost 10 KB gzip).
        Some(f) => std::iter::once(f.to_ascii_lowercase()).chain(c).collect(),
        None => String::new(),
    }
}

/// A saved date for reading: `2026-11-25 14:00`.
fn when(iso: &str) -> String {
    iso.chars().take(16).collect::<String>().replace('T', " ")
}

#[component]
pub fn SavedPanel(ctx: Ctx) -> impl IntoView {
    let (initial, storage_ok) = match web::storage_get(STORAGE_KEY) {
        Ok(text) => (open_store(text.as_deref()), true),
        Err(()) => (Store::default(), false),
    };
    let store = RwSignal::new(initial);
    // Names held in this tab only: their last write to storage failed.
    let unsaved = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(if storage_ok {
        String::new()
    } else {
        "This browser does not let the page store data: saved scenarios last until the page is closed."
            .to_owned()
    });
    // Write the store; on success everything in memory is stored.
    let persist = move || -> Result<(), String> {
        store.with_untracked(Store::writable)?;
        let text = store.with_untracked(Store::write);
        web::storage_set(STORAGE_KEY, &text)?;
        unsaved.set(Vec::new());
        Ok(())
    };
    let keep_in_tab = move |names: Vec<String>| {
        unsaved.update(|u| {
            for n in names {
                if !u.contains(&n) {
                    u.push(n);
                }
            }
        })
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
                let n = n.trim().to_owned();
                match persist() {
                    Ok(()) => status.set(format!("Saved “{n}”.")),
                    Err(e) => {
                        status.set(format!(
                            "Not saved: {}. “{n}” is kept in this tab only: export it to keep a copy.",
                            reason(&e)
                        ));
                        keep_in_tab(vec![n]);
                    }
                }
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
        let before = store.get_untracked();
        store.update(|st| st.delete(&n));
        match persist() {
            Ok(()) => status.set(format!("Deleted “{n}”.")),
            Err(e) => {
                // Storage still holds it: say so and keep showing it.
                store.set(before);
                status.set(format!("Not deleted: {}.", reason(&e)));
            }
        }
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
        if file.size() > MAX_IMPORT_BYTES as f64 {
            status.set(format!(
                "That file is larger than {} MB: not a scenarios file.",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ));
            return;
        }
        web::read_text(&file, move |text| {
            let Some(text) = text else {
                status.set("The file could not be read.".into());
                return;
            };
            let before = store.get_untracked();
            let mut result = Err(String::new());
            store.update(|st| result = st.import(&text));
            let report = match result {
                Ok(r) => r,
                Err(e) => {
                    store.set(before);
                    status.set(e);
                    return;
                }
            };
            let msg = report.message();
            if report.imported.is_empty() {
                status.set(msg);
                return;
            }
            match persist() {
                Ok(()) => status.set(msg),
                Err(e) => {
                    status.set(format!(
                        "{msg} Not stored: {}; kept in this tab only: export them to keep a copy.",
                        reason(&e)
                    ));
                    keep_in_tab(report.imported);
                }
            }
        });
    };

    let list = move || {
        store.with(|st| {
            st.saved
                .iter()
                .map(|s: &Saved| {
                    let n = s.name.clone();
                    let (n1, n2) = (n.clone(), n.clone());
                    let in_tab = unsaved.with(|u| u.contains(&n));
                    view! {
                        <li
                            class="saved-item"
                            data-testid="saved-item"
                            data-name=n.clone()
                            data-unsaved=in_tab.then_some("true")
                        >
                            <div class="saved-text">
                                <strong>{n.clone()}</strong>
                                {in_tab
                                    .then(|| {
                                        view! {
                                            <span class="detail unsaved">
                                                "Not stored: kept in this tab only"
                                            </span>
                                        }
                                    })}
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
                        let key = item.key.clone();
                        view! {
                            <li data-testid="quarantine-item">
                                <span>{item.reason.clone()}</span>
                                <span class="detail">
                                    {match &item.key {
                                        Some(k) => {
                                            format!(
                                                "{} characters kept whole under the browser key {k}",
                                                item.raw.chars().count(),
                                            )
                                        }
                                        None => format!("{} characters kept", item.raw.chars().count()),
                                    }}
                                </span>
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
                                            let before = store.get_untracked();
                                            store
                                                .update(|st| {
                                                    if i < st.quarantine.len() {
                                                        st.quarantine.remove(i);
                                                    }
                                                });
                                            match persist() {
                                                Ok(()) => {
                                                    if let Some(k) = &key {
                                                        web::storage_remove(k);
                                                    }
                                                    status.set("Discarded one unreadable entry.".into());
                                                }
                                                Err(e) => {
                                                    store.set(before);
                                                    status
                                                        .set(
                                                            format!(
                                                                "Not discarded: {}.",
                                                                reason(&e),
                                                            ),
                                                        );
                                                }
                                            }
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
