//! "Use the venue's current table" (issue 11 §3): the user brings the venue's own answer, the
//! page turns it into tables for that venue and keeps them.
//!
//! The page never sends a request: most of these endpoints refuse browser requests and
//! Binance's needs a signed key, so the page shows the exact address to open for the symbol
//! in use ([`venue_import::endpoint`]) and the user pastes the answer or drops the saved
//! file. [`venue_import::import`] reads it (one clear message for a bad paste, and nothing is
//! stored then); the tables go into the registry ([`tables::import_entries`], standing
//! before the venue file's table of each symbol) and into local storage as the page text of
//! [`table_text`], one key per venue file, with the import date. They are read back at start
//! ([`restore`]) and used until the user removes them.

use super::share::web;
use super::Ctx;
use crate::engine::table_text;
use crate::engine::tables;
use crate::engine::venue_data::VenueKey;
use crate::engine::venue_import;
use leptos::prelude::*;

/// Local-storage key of a venue file's imported tables.
fn storage_key(key: VenueKey) -> String {
    format!("levcalc.imported-tables.{}", key.key())
}

/// Register the imported tables kept in local storage (at start). A stored text that does not
/// read back is left alone and unused.
pub fn restore() {
    for key in VenueKey::ALL {
        let Ok(Some(text)) = web::storage_get(&storage_key(key)) else {
            continue;
        };
        if let Ok((k, entries)) = table_text::read(key.key(), &text) {
            if k == key && !entries.is_empty() {
                tables::import_entries(k, entries);
            }
        }
    }
}

/// Write venue file `key`'s imported tables to local storage (or remove the key when none
/// are left). `Err`: the browser's refusal.
fn persist(key: VenueKey) -> Result<(), String> {
    let mut entries: Vec<tables::Entry> = tables::imported_symbols(key)
        .iter()
        .filter_map(|s| tables::imported(key, s))
        .collect();
    if entries.is_empty() {
        web::storage_remove(&storage_key(key));
        return Ok(());
    }
    entries.sort_by(|a, b| a.symbol.cmp(&b.symbol));
    web::storage_set(&storage_key(key), &table_text::write_entries(key, &entries))
}

/// Today's date (`YYYY-MM-DD`) from the browser's clock.
fn today() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let iso: String = js_sys::Date::new_0().to_iso_string().into();
        iso.get(..10).unwrap_or_default().to_owned()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// The import panel, under the venue's bracket table.
#[component]
pub fn ImportTable(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let tables_state = ctx.tables;
    let text = RwSignal::new(String::new());
    // (message, is_error)
    let status = RwSignal::new(None::<(String, bool)>);
    let venue = Memo::new(move |_| form.with(|f| f.venue));
    let symbol = Memo::new(move |_| form.with(|f| f.symbol.clone()));
    let endpoint = Memo::new(move |_| symbol.with(|s| venue_import::endpoint(venue.get(), s)));
    let key = Memo::new(move |_| tables::file_key(venue.get()));
    // The current symbol's imported table, if any: (date, format label).
    let mine = Memo::new(move |_| {
        tables_state.track();
        let k = key.get()?;
        symbol
            .with(|s| tables::imported(k, s))
            .map(|e| (e.info.as_of, e.info.source))
    });
    let apply = move |payload: String| {
        let (Some(k), v) = (key.get_untracked(), venue.get_untracked()) else {
            status.set(Some(("This venue has no table to replace.".into(), true)));
            return;
        };
        match venue_import::import(v, &payload, &today()) {
            Err(e) => status.set(Some((format!("Not used: {e}"), true))),
            Ok(imported) if imported.entries.is_empty() => status.set(Some((
                format!(
                    "Not used: the {} answer holds no {} table.",
                    imported.format.label(),
                    v.label()
                ),
                true,
            ))),
            Ok(imported) => {
                let n = imported.entries.len();
                let has_current =
                    symbol.with_untracked(|s| imported.entries.iter().any(|e| e.symbol == *s));
                if !tables::import_entries(k, imported.entries) {
                    status.set(Some((
                        format!("Not used: more than {} symbols.", tables::MAX_IMPORTED),
                        true,
                    )));
                    return;
                }
                tables_state.version.set(tables::version());
                text.set(String::new());
                let kept = match persist(k) {
                    Ok(()) => "kept in this browser until you remove it".to_owned(),
                    Err(e) => format!("used in this tab only ({e})"),
                };
                let which = if has_current {
                    format!("{} now uses it", symbol.get_untracked())
                } else {
                    format!("it does not list {}", symbol.get_untracked())
                };
                status.set(Some((
                    format!(
                        "Read {n} symbol{} from the {} answer ({which}); {kept}.",
                        if n == 1 { "" } else { "s" },
                        imported.format.label()
                    ),
                    false,
                )));
            }
        }
    };
    let remove = move |_| {
        if let Some(k) = key.get_untracked() {
            let s = symbol.get_untracked();
            tables::remove_imported(k, Some(&s));
            tables_state.version.set(tables::version());
            let msg = match persist(k) {
                Ok(()) => format!("Your table for {s} is removed: the bundled one is used again."),
                Err(e) => {
                    format!("Removed for this tab; the stored copy could not be updated ({e}).")
                }
            };
            status.set(Some((msg, false)));
        }
    };
    let on_file = move |ev: leptos::ev::Event| read_file(ev, apply, status);
    view! {
        <details class="import" data-testid="import-table" hidden=move || key.get().is_none()>
            <summary>"Use the venue's current table"</summary>
            <p class="hint">
                "Open this address (the venue answers with JSON), then paste the whole answer below or choose the saved file. Nothing is sent from this page."
            </p>
            <p class="endpoint">
                <code data-testid="import-endpoint">{move || endpoint.get().unwrap_or_default()}</code>
            </p>
            <label for="f-import-text">"The venue's answer (JSON)"</label>
            <textarea
                id="f-import-text"
                data-testid="import-text"
                rows="4"
                spellcheck="false"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <div class="import-actions">
                <button
                    type="button"
                    class="btn"
                    data-testid="import-use"
                    on:click=move |_| apply(text.get_untracked())
                >
                    "Use this table"
                </button>
                <label class="btn file">
                    "Choose a file"
                    <input type="file" accept=".json,application/json,text/plain" data-testid="import-file" on:change=on_file />
                </label>
            </div>
            {move || {
                status
                    .get()
                    .map(|(msg, bad)| {
                        view! {
                            <p
                                class=if bad { "error" } else { "note" }
                                role=if bad { "alert" } else { "status" }
                                data-testid="import-status"
                            >
                                {msg}
                            </p>
                        }
                    })
            }}
            {move || {
                mine.get()
                    .map(|(date, source)| {
                        view! {
                            <p class="note" data-testid="import-mine">
                                {format!("{}: your table, imported {date} ({source}). ", symbol.get())}
                                <button type="button" class="link" data-testid="import-remove" on:click=remove>
                                    "Remove"
                                </button>
                            </p>
                        }
                    })
            }}
        </details>
    }
}

/// Read the chosen file (at most the import limit) and apply it.
#[cfg(target_arch = "wasm32")]
fn read_file(
    ev: leptos::ev::Event,
    apply: impl Fn(String) + Copy + 'static,
    status: RwSignal<Option<(String, bool)>>,
) {
    use leptos::wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    input.set_value("");
    if file.size() > venue_import::MAX_IMPORT_BYTES as f64 {
        status.set(Some((
            format!(
                "Not used: the file is larger than {} MB.",
                venue_import::MAX_IMPORT_BYTES / 1_000_000
            ),
            true,
        )));
        return;
    }
    web::on_promise(file.text(), move |r| {
        match r.ok().and_then(|v| v.as_string()) {
            Some(t) => apply(t),
            None => status.set(Some(("Not used: the file could not be read.".into(), true))),
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn read_file(
    _ev: leptos::ev::Event,
    _apply: impl Fn(String) + Copy + 'static,
    _status: RwSignal<Option<(String, bool)>>,
) {
}
