//! The page's venue data files (issue 11): fetched when their venue is chosen, loaded into
//! the engine's table registry ([`crate::engine::tables`]), then the figures re-evaluated.
//!
//! The files are not in the wasm: the bundle carries each venue's tables in their page form
//! `data/venues/<key>.txt` ([`crate::engine::table_text`], written from the validated JSON
//! files) beside the app (Trunk copies them; the service worker precaches them). For a venue with a file,
//! the page first looks for `<script type="application/json" id="venue-data-<key>">` — the
//! single-file `offline.html` inlines every file that way, since a page opened from disk
//! cannot fetch — and otherwise fetches the file from its own origin. Until it is loaded the
//! figures are the built-in table's and are marked pending ([`TablesState::pending`]); a file
//! that cannot be fetched or fails its checks leaves the built-in tables and says why
//! ([`TablesState::error`]). This is the same table `levcalc eval` uses (it embeds the files),
//! so the page and the CLI agree once the file is in.

use crate::engine::tables;
use crate::engine::venue_data::VenueKey;
use crate::engine::venues::Venue;
use leptos::prelude::*;
use std::cell::RefCell;

/// What the page knows about its venue files.
#[derive(Clone, Copy)]
pub struct TablesState {
    /// Bumped whenever a file is loaded: every memo that asks the registry tracks it.
    pub version: RwSignal<u64>,
    /// The file being fetched, if any (its venue's figures are the built-in table's until
    /// it is in).
    pub pending: RwSignal<Option<&'static str>>,
    /// The last file that could not be loaded, and why.
    pub error: RwSignal<Option<String>>,
}

thread_local! {
    /// Files asked for (fetching, loaded or failed): each is asked for once per page.
    static ASKED: RefCell<Vec<VenueKey>> = const { RefCell::new(Vec::new()) };
}

impl TablesState {
    pub fn new() -> TablesState {
        // Today's date from the browser's clock, so a stale table is said to be.
        #[cfg(target_arch = "wasm32")]
        {
            tables::set_today(&crate::ui::share::web::today());
        }
        TablesState {
            version: RwSignal::new(tables::version()),
            pending: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Track the registry (call inside a memo that reads it).
    pub fn track(self) {
        self.version.track();
    }

    /// True while `venue`'s file is being fetched.
    pub fn is_pending(self, venue: Venue) -> bool {
        let key = tables::file_key(venue).map(VenueKey::key);
        key.is_some() && self.pending.with(|p| *p == key)
    }

    /// Load `venue`'s file if it has one that was not asked for yet: from the page's inline
    /// copy, else by fetching `data/venues/<key>.json`.
    pub fn ensure(self, venue: Venue) {
        let Some(key) = tables::file_key(venue) else {
            return;
        };
        let asked = ASKED.with(|a| {
            let mut a = a.borrow_mut();
            let was = a.contains(&key);
            if !was {
                a.push(key);
            }
            was
        });
        if asked || tables::is_loaded(key.key()) {
            return;
        }
        self.fetch(key);
    }

    /// Validate and register a file's text, then bump [`TablesState::version`].
    pub fn apply(self, key: VenueKey, text: &str) {
        match tables::load_text(key.key(), text) {
            Ok(()) => self.version.set(tables::version()),
            Err(e) => self.error.set(Some(format!(
                "The {} table file could not be used ({e}); the built-in table stands.",
                key.key()
            ))),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn fetch(self, _key: VenueKey) {}

    #[cfg(target_arch = "wasm32")]
    fn fetch(self, key: VenueKey) {
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys;
        let Some(window) = crate::ui::browser::window() else {
            return;
        };
        if let Some(text) = inline_text(key) {
            self.apply(key, &text);
            return;
        }
        self.pending.set(Some(key.key()));
        let url = format!("data/venues/{}.txt", key.key());
        let failed = move |why: String| {
            self.pending.set(None);
            self.error.set(Some(format!(
                "The {} table file could not be fetched ({why}); the built-in table stands.",
                key.key()
            )));
        };
        super::share::web::on_promise(window.fetch_with_str(&url), move |r| {
            let response = match r.map(|v| v.dyn_into::<web_sys::Response>()) {
                Ok(Ok(resp)) if resp.ok() => resp,
                Ok(Ok(resp)) => return failed(format!("HTTP {}", resp.status())),
                _ => return failed("network error".into()),
            };
            let Ok(text) = response.text() else {
                return failed("unreadable response".into());
            };
            super::share::web::on_promise(text, move |t| {
                match t.ok().and_then(|v| v.as_string()) {
                    Some(text) => {
                        self.pending.set(None);
                        self.apply(key, &text);
                    }
                    None => failed("unreadable response".into()),
                }
            });
        });
    }
}

/// Symbols read per task by [`preload_inline`] (Binance's 808 in 9 tasks).
#[cfg(target_arch = "wasm32")]
const STEP_SYMBOLS: usize = 100;

/// Read `venue`'s file, when the page carries it inline (`<script id="venue-data-<key>">`:
/// the opening venue's in `index.html`, every one in `offline.html`), a few symbols per task,
/// then run `then` (the mount). Issue 14: read in the mount's task, the 808-symbol opening
/// table made it a long one. A file read in full and checked is registered, so the app is
/// built with it; one that fails is left for [`TablesState`] to read again and say why.
#[cfg(target_arch = "wasm32")]
pub fn preload_inline(venue: Venue, then: impl FnOnce() + 'static) {
    use crate::engine::table_text::Reader;
    let reader = tables::file_key(venue).and_then(|k| Reader::new(k.key(), inline_text(k)?).ok());
    fn tick(reader: Option<Reader>, then: Box<dyn FnOnce()>) {
        let Some(mut r) = reader else {
            return then();
        };
        set_timeout(
            move || match r.step(STEP_SYMBOLS) {
                Ok(false) => tick(Some(r), then),
                Ok(true) => {
                    let (k, entries) = r.finish();
                    tables::register_read(k, entries);
                    then();
                }
                // Not registered: the page's own read of it says why.
                Err(_) => then(),
            },
            std::time::Duration::ZERO,
        );
    }
    tick(reader, Box::new(then));
}

/// The text of file `key` when the page carries it inline (`<script id="venue-data-<key>">`).
#[cfg(target_arch = "wasm32")]
fn inline_text(key: VenueKey) -> Option<String> {
    crate::ui::browser::document()?
        .get_element_by_id(&format!("venue-data-{}", key.key()))?
        .text_content()
}

/// Where there is no browser there is nothing inline: `then` runs at once.
#[cfg(not(target_arch = "wasm32"))]
pub fn preload_inline(_venue: Venue, then: impl FnOnce() + 'static) {
    then();
}

impl Default for TablesState {
    fn default() -> Self {
        TablesState::new()
    }
}

/// Local-storage key of the symbols picked lately: one `venue-key SYMBOL` a line, newest first.
const RECENT_KEY: &str = "levcalc.recent-symbols";
/// Lines kept (over every venue).
const RECENT_MAX: usize = 24;

/// The lines of a stored recent list that can be read: at most [`RECENT_MAX`], each a venue
/// key, one space and a symbol of at most [`crate::limits::MAX_SYMBOL_CHARS`] characters.
pub fn read_recent(text: &str) -> Vec<(String, String)> {
    text.lines()
        .take(RECENT_MAX)
        .filter_map(|l| {
            let (v, s) = l.split_once(' ')?;
            let ok = Venue::from_key(v).is_some()
                && !s.is_empty()
                && s.chars().count() <= crate::limits::MAX_SYMBOL_CHARS
                && !s.contains(char::is_whitespace);
            ok.then(|| (v.to_owned(), s.to_owned()))
        })
        .collect()
}

/// `symbol` put first in a recent list (once), the list cut to [`RECENT_MAX`].
pub fn with_recent(
    mut list: Vec<(String, String)>,
    venue: &str,
    symbol: &str,
) -> Vec<(String, String)> {
    list.retain(|(v, s)| !(v == venue && s == symbol));
    list.insert(0, (venue.to_owned(), symbol.to_owned()));
    list.truncate(RECENT_MAX);
    list
}

fn stored_recent() -> Vec<(String, String)> {
    super::share::web::storage_get(RECENT_KEY)
        .ok()
        .flatten()
        .map(|t| read_recent(&t))
        .unwrap_or_default()
}

/// Symbols picked lately on `venue`, newest first (nothing when storage is unavailable).
pub fn recent_symbols(venue: Venue) -> Vec<String> {
    stored_recent()
        .into_iter()
        .filter(|(v, _)| v == venue.key())
        .map(|(_, s)| s)
        .collect()
}

/// Remember that `symbol` was picked on `venue`. A refused write is ignored: the list is a
/// convenience, not the user's work.
pub fn remember_symbol(venue: Venue, symbol: &str) {
    if venue == Venue::Custom || symbol.chars().count() > crate::limits::MAX_SYMBOL_CHARS {
        return;
    }
    let list = with_recent(stored_recent(), venue.key(), symbol);
    let text: Vec<String> = list.into_iter().map(|(v, s)| format!("{v} {s}")).collect();
    let _ = super::share::web::storage_set(RECENT_KEY, &text.join("\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_list_reads_only_what_it_wrote() {
        let text =
            "binance-usdm DOGEUSDT\nnope X\nbitmex XBTUSD\nbinance-usdm \nbinance-usdm A B\n";
        let got = read_recent(text);
        assert_eq!(
            got,
            vec![
                ("binance-usdm".to_owned(), "DOGEUSDT".to_owned()),
                ("bitmex".to_owned(), "XBTUSD".to_owned())
            ]
        );
        let long = format!("binance-usdm {}", "X".repeat(41));
        assert!(read_recent(&long).is_empty());
        let many: String = (0..100).map(|i| format!("okx-linear S{i}\n")).collect();
        assert_eq!(read_recent(&many).len(), RECENT_MAX);
        let list = with_recent(got, "bitmex", "XBTUSD");
        assert_eq!(list.first().map(|(_, s)| s.as_str()), Some("XBTUSD"));
        assert_eq!(list.len(), 2, "moved to the front, not repeated");
    }
}
