//! The table registry: the venue data files that are loaded, each parsed and validated once.
//!
//! Issue 11: the dated tables of `data/venues/*.json` (see `data/venues/README.md`) are not
//! compiled into the library or the wasm. Whoever has a file's text — the `levcalc` binary
//! (which embeds them), the page (which fetches them), a test — hands it to [`load`]. From
//! then on [`crate::engine::venues::preset`] takes a symbol's bracket table from the file
//! (for the main position and for every other position alike), and falls back to the
//! built-in tables of [`crate::engine::data`] when the venue's file is not loaded or has no
//! usable table for the symbol. Nothing loaded: every figure is what it was before.
//!
//! # Which symbols of a file are used
//! A symbol is used when its tiers convert to an engine [`BracketTable`]
//! ([`SymbolData::bracket_table`] with no fallback leverage: a tier without a leverage limit,
//! Bybit BTCUSDT in the derived cache, keeps the built-in table) and its contract type is the
//! venue's (BitMEX's linear USDT contracts are not the engine's inverse BitMEX venue). OKX's
//! file has contract values only, no tiers: OKX keeps its built-in tables.
//!
//! # Scope
//! The registry is per thread (`thread_local!`): the wasm page is single-threaded, the CLI
//! loads on its main thread, and each native test (one thread per test) starts empty.

use super::brackets::BracketTable;
use super::contract::ContractType;
use super::venue_data::{self, Quality, SymbolData, VenueDataError, VenueFile, VenueKey};
use super::venues::{implied_contract, Venue};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Where a table comes from: the file's (or symbol's) source, date and quality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub source: String,
    /// `YYYY-MM-DD` for a file's table; the built-in tables' own date text otherwise.
    pub as_of: String,
    pub quality: Quality,
}

/// One usable symbol of a loaded file.
#[derive(Debug, Clone)]
struct Entry {
    symbol: String,
    table: BracketTable,
    info: TableInfo,
}

/// A loaded file: the validated file and its usable tables, sorted by symbol.
#[derive(Debug)]
struct Loaded {
    file: VenueFile,
    entries: Vec<Entry>,
}

thread_local! {
    static REGISTRY: RefCell<Vec<(VenueKey, Rc<Loaded>)>> = const { RefCell::new(Vec::new()) };
    static VERSION: Cell<u64> = const { Cell::new(0) };
}

/// The data file that holds a venue's tables, if there is one.
pub fn file_key(venue: Venue) -> Option<VenueKey> {
    Some(match venue {
        Venue::BinanceUsdm => VenueKey::BinanceUsdm,
        Venue::BybitLinear => VenueKey::BybitLinear,
        Venue::OkxLinear | Venue::OkxInverse => VenueKey::Okx,
        Venue::GateLinear => VenueKey::GateLinear,
        Venue::Hyperliquid => VenueKey::Hyperliquid,
        Venue::Dydx => VenueKey::Dydx,
        Venue::Bitmex => VenueKey::Bitmex,
        Venue::BinanceCoinm | Venue::BybitInverse | Venue::Custom => return None,
    })
}

/// Whether `s` can stand as `venue`'s table (see the module documentation).
fn usable(venue: Venue, s: &SymbolData) -> bool {
    let inverse = implied_contract(venue) == Some(ContractType::Inverse);
    s.contract.inverse == inverse
}

/// Read, validate and register one venue file (`venue_key`: `binance-usdm`, …).
///
/// The file replaces an earlier one of the same venue only when it is valid: a file that
/// fails leaves the registry as it was.
///
/// # Errors
/// The first problem [`venue_data::parse`] finds, naming venue, symbol and tier.
pub fn load(venue_key: &str, text: &str) -> Result<(), VenueDataError> {
    let file = venue_data::parse(venue_key, text)?;
    let key = file.venue;
    let mut entries = Vec::with_capacity(file.symbols.len());
    for s in &file.symbols {
        if s.tiers.is_empty() {
            continue;
        }
        let Ok(table) = s.bracket_table(key, None) else {
            continue;
        };
        entries.push(Entry {
            symbol: s.symbol.clone(),
            table,
            info: TableInfo {
                source: s.source.clone(),
                as_of: s.as_of.clone(),
                quality: s.quality,
            },
        });
    }
    let loaded = Rc::new(Loaded { file, entries });
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.retain(|(k, _)| *k != key);
        r.push((key, loaded));
    });
    VERSION.with(|v| v.set(v.get().wrapping_add(1)));
    Ok(())
}

/// Forget every loaded file (tests; the page never unloads).
pub fn clear() {
    REGISTRY.with(|r| r.borrow_mut().clear());
    VERSION.with(|v| v.set(v.get().wrapping_add(1)));
}

/// A number that changes whenever a file is loaded or the registry cleared.
pub fn version() -> u64 {
    VERSION.with(Cell::get)
}

fn loaded(key: VenueKey) -> Option<Rc<Loaded>> {
    REGISTRY.with(|r| {
        r.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| Rc::clone(l))
    })
}

/// Whether the file `key` (`binance-usdm`, …) is loaded.
pub fn is_loaded(key: &str) -> bool {
    VenueKey::from_key(key).is_some_and(|k| loaded(k).is_some())
}

/// Run `f` on the loaded file `key`.
pub fn with_file<R>(key: VenueKey, f: impl FnOnce(&VenueFile) -> R) -> Option<R> {
    loaded(key).map(|l| f(&l.file))
}

/// The loaded file's table for `symbol` on `venue`, with its source, date and quality;
/// `None` when the venue's file is not loaded or has no usable table for the symbol.
pub fn table_for(venue: Venue, symbol: &str) -> Option<(BracketTable, TableInfo)> {
    let l = loaded(file_key(venue)?)?;
    let s = l.file.symbol(symbol)?;
    if !usable(venue, s) {
        return None;
    }
    let i = l
        .entries
        .binary_search_by(|e| e.symbol.as_str().cmp(symbol))
        .ok()?;
    l.entries.get(i).map(|e| (e.table.clone(), e.info.clone()))
}

/// The symbols of `venue` with a table from its loaded file, with their table's info
/// (sorted; empty when the file is not loaded).
pub fn symbols(venue: Venue) -> Vec<(String, TableInfo)> {
    let Some(l) = file_key(venue).and_then(loaded) else {
        return Vec::new();
    };
    l.entries
        .iter()
        .filter(|e| l.file.symbol(&e.symbol).is_some_and(|s| usable(venue, s)))
        .map(|e| (e.symbol.clone(), e.info.clone()))
        .collect()
}

/// Whether `venue`'s loaded file has a usable table for `symbol`.
pub fn has_symbol(venue: Venue, symbol: &str) -> bool {
    table_for(venue, symbol).is_some()
}
