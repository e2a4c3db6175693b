//! "Use the venue's current table" (issue 11 §3): the user brings the venue's own JSON answer
//! (pasted, dropped or chosen as a file), the engine reads it ([`venue_import`]) and its
//! tables stand before the bundled ones until the user removes them.
//!
//! No request leaves the page: the panel names the URL to open ([`venue_import::endpoint`])
//! and the user brings the answer (most of those endpoints refuse browser requests, and
//! Binance's needs a signed key). A bad answer gets one message (the format expected, the
//! field or tier that is wrong) and nothing is kept. A good one is registered
//! ([`tables::import_entries`]) and kept in local storage under
//! `levcalc.imported-tables.<venue file key>` as the page's table text
//! ([`table_text::write_entries`]), read back at start by [`restore`] with the reader the
//! page already has ([`table_text::read`]). Each table is dated the day it was imported.

use super::share::web;
use super::Ctx;
use crate::engine::table_text;
use crate::engine::tables;
use crate::engine::venue_data::VenueKey;
use crate::engine::venue_import::{self, MAX_IMPORT_BYTES};
use crate::engine::venues::Venue;
use leptos::prelude::*;
use leptos::web_sys;

/// Local-storage key prefix of a venue file's imported tables.
pub const STORE_PREFIX: &str = "levcalc.imported-tables.";

/// Read every venue's kept imports back into the registry (once, at start). A kept text that
/// no longer reads is left in storage (it is the user's) and said so in Results.
pub fn restore(ctx: Ctx) {
    if !super::browser::present() {
        return;
    }
    for key in VenueKey::ALL {
        let Ok(Some(text)) = web::storage_get(&format!("{STORE_PREFIX}{}", key.key())) else {
            continue;
        };
        let ok = table_text::read(key.key(), &text)
            .map_err(|e| e.to_string())
            .and_then(|(k, entries)| {
                tables::import_entries(k, entries)
                    .then_some(())
                    .ok_or_else(|| "too many symbols".to_owned())
            });
        if let Err(e) = ok {
            ctx.tables.error.set(Some(format!(
                "Your imported {} table could not be read back ({e}): it is not used.",
                key.key()
            )));
        }
    }
    ctx.tables.version.set(tables::version());
}

/// Write venue file `key`'s imports to local storage (remove the entry when there are none).
fn keep(key: VenueKey) -> Result<(), ()> {
    let name = format!("{STORE_PREFIX}{}", key.key());
    // A table that came in a link is the sender's: used in the tab, never kept; the user's
    // own kept table of that symbol, which it stands in for, stays kept.
    let mut entries = tables::imported_entries(key);
    let from_link: Vec<String> = entries
        .iter()
        .filter(|e| e.info.source.starts_with(venue_import::FROM_LINK))
        .map(|e| e.symbol.clone())
        .collect();
    entries.retain(|e| !from_link.contains(&e.symbol));
    if !from_link.is_empty() {
        if let Ok(Some(text)) = web::storage_get(&name) {
            if let Ok((_, kept)) = table_text::read(key.key(), &text) {
                entries.extend(kept.into_iter().filter(|e| from_link.contains(&e.symbol)));
            }
        }
    }
    if entries.is_empty() {
        web::storage_remove(&name);
        return Ok(());
    }
    web::storage_set(&name, &table_text::write_entries(key, &entries)).map_err(|_| ())
}

/// Import `text` as `venue`'s current tables, for `symbol` in use: the message to show, and
/// whether the import was taken.
fn take(ctx: Ctx, venue: Venue, symbol: &str, text: &str) -> (bool, String) {
    let today = web::today();
    let (key, format, entries) = match venue_import::import_entries_for(venue, text, &today) {
        Ok(got) => got,
        Err(e) => return (false, format!("Nothing imported: {e}")),
    };
    let n = entries.len();
    let has_symbol = entries.iter().any(|e| e.symbol == symbol);
    if !tables::import_entries(key, entries) {
        return (
            false,
            format!(
                "Nothing imported: at most {} imported symbols are kept; remove some first.",
                tables::MAX_IMPORTED
            ),
        );
    }
    ctx.tables.version.set(tables::version());
    let what = if n == 1 {
        "1 symbol".to_owned()
    } else {
        format!("{n} symbols")
    };
    let mut msg = format!("Imported {what} from {format}, dated {today}.");
    if !has_symbol && !symbol.is_empty() {
        msg.push_str(&format!(
            " {symbol} is not in it: its table is still the bundled one."
        ));
    }
    if keep(key).is_err() {
        msg.push_str(" The browser refused to keep it: it is used until this page is closed.");
    }
    (true, msg)
}

/// The panel, under the venue's bracket table.
#[component]
pub fn ImportPanel(ctx: Ctx) -> impl IntoView {
    let form = ctx.form;
    let tabs = ctx.tables;
    let status: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let area = NodeRef::<leptos::html::Textarea>::new();
    let key = Memo::new(move |_| form.with(|f| tables::import_key(f.venue)));
    // A lesson that locks the maintenance (or everything) keeps the teacher's table: no import.
    let locked = ctx.locked("mmr");
    let url = Memo::new(move |_| {
        form.with(|f| venue_import::endpoint(f.venue, &f.symbol).unwrap_or_default())
    });
    // The current symbol's import date, and how many symbols of the venue are imported.
    let mine = Memo::new(move |_| {
        tabs.track();
        let k = key.get()?;
        form.with(|f| {
            tables::imported(k, &f.symbol).map(|e| {
                let whose = if e.info.source.starts_with(venue_import::FROM_LINK) {
                    "the link's table"
                } else {
                    "your table"
                };
                (f.symbol.clone(), whose, e.info.as_of)
            })
        })
    });
    let count = Memo::new(move |_| {
        tabs.track();
        key.get().map_or(0, |k| tables::imported_symbols(k).len())
    });
    let run = move |text: String| {
        let (venue, symbol) = form.with_untracked(|f| (f.venue, f.symbol.clone()));
        let (ok, msg) = take(ctx, venue, &symbol, &text);
        if ok {
            if let Some(a) = area.get_untracked() {
                a.set_value("");
            }
        }
        status.set(Some((ok, msg)));
    };
    let read_file = move |file: web_sys::File| {
        if file.size() > MAX_IMPORT_BYTES as f64 {
            status.set(Some((
                false,
                format!(
                    "Nothing imported: that file is larger than {} MB.",
                    MAX_IMPORT_BYTES / 1_000_000
                ),
            )));
            return;
        }
        web::read_text(&file, move |t| match t {
            Some(t) => run(t),
            None => status.set(Some((false, "The file could not be read.".into()))),
        });
    };
    let remove = move |all: bool| {
        let Some(k) = key.get_untracked() else {
            return;
        };
        let symbol = form.with_untracked(|f| f.symbol.clone());
        tables::remove_imported(k, (!all).then_some(symbol.as_str()));
        let kept = keep(k);
        tabs.version.set(tables::version());
        let mut msg = if all {
            "Your imported tables of this venue are removed.".to_owned()
        } else {
            format!("Your table for {symbol} is removed: the bundled one is back.")
        };
        if kept.is_err() {
            msg.push_str(
                " The browser refused to update its storage: after a reload the removed table is back.",
            );
        }
        status.set(Some((kept.is_ok(), msg)));
    };
    let status_view = move || {
        status.get().map(|(ok, msg)| {
            view! {
                <p
                    class=if ok { "note" } else { "note error" }
                    role=if ok { "status" } else { "alert" }
                    data-testid="table-import-status"
                >
                    {msg}
                </p>
            }
        })
    };
    view! {
        <details
            class="import"
            hidden=move || key.get().is_none() || locked.get()
            data-testid="table-import-panel"
        >
            <summary>"Use the venue's current table"</summary>
            <p class="hint">
                "Open " <code class="url" data-testid="table-import-url">{url}</code>
                ", then paste its JSON answer here, drop it, or choose the saved file. Nothing is sent anywhere."
            </p>
            <p class="note" hidden=move || mine.with(Option::is_none) data-testid="table-import-in-use">
                {move || {
                    mine.get()
                        .map(|(s, whose, d)| format!("{s}: {whose}, imported {d}, is in use."))
                }}
                " "
                <button type="button" class="button secondary" data-testid="table-import-remove" on:click=move |_| remove(false)>
                    "Remove it"
                </button>
            </p>
            <label for="f-import-text">"The venue's answer (JSON)"</label>
            <textarea
                id="f-import-text"
                node_ref=area
                rows="3"
                spellcheck="false"
                autocomplete="off"
                data-testid="table-import-text"
                on:dragover=|ev| ev.prevent_default()
                on:drop=move |ev| {
                    let file = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0));
                    if let Some(file) = file {
                        ev.prevent_default();
                        read_file(file);
                    }
                }
            ></textarea>
            <div class="import-actions">
                <button
                    type="button"
                    class="button"
                    data-testid="table-import-use"
                    on:click=move |_| {
                        let text = area.get_untracked().map(|a| a.value()).unwrap_or_default();
                        run(text);
                    }
                >
                    "Use this table"
                </button>
                <label class="button file-button">
                    "Choose a file"
                    <input
                        type="file"
                        accept="application/json,.json"
                        class="visually-hidden"
                        data-testid="table-import-file"
                        on:change=move |ev| {
                            use leptos::wasm_bindgen::JsCast;
                            let input = ev
                                .target()
                                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                            let Some(input) = input else {
                                return;
                            };
                            let file = input.files().and_then(|f| f.get(0));
                            input.set_value("");
                            if let Some(file) = file {
                                read_file(file);
                            }
                        }
                    />
                </label>
                <button
                    type="button"
                    class="button secondary"
                    hidden=move || count.get() == 0
                    data-testid="table-import-remove-all"
                    on:click=move |_| remove(true)
                >
                    {move || match count.get() {
                        1 => "Remove my imported table".to_owned(),
                        n => format!("Remove my {n} imported tables"),
                    }}
                </button>
            </div>
            {status_view}
        </details>
    }
}
