//! The table registry: the venue data files that are loaded, each parsed and validated once.
//!
//! Issue 11: the dated tables of `data/venues/*.json` (see `data/venues/README.md`) are not
//! compiled into the library or the wasm. Whoever has a file's text hands it over: the
//! `levcalc` binary (which embeds the JSON files) and the tests to [`load`], which validates
//! it with [`super::venue_data::parse`]; the page, which fetches the files' page form
//! `data/venues/<key>.txt` (written natively from the validated JSON by
//! [`super::table_text::write`], so the wasm carries no JSON venue reader), to [`load_text`]. From
//! then on [`crate::engine::venues::preset`] takes a symbol's bracket table from the file
//! (for the main position and for every other position alike), and falls back to the
//! built-in tables of [`crate::engine::data`] when the venue's file is not loaded or has no
//! usable table for the symbol. Nothing loaded: every figure is what it was before.
//!
//! # Which symbols of a file are used
//! A symbol is used when its tiers convert to an engine [`BracketTable`]
//! (`SymbolData::bracket_table` with no fallback leverage: a tier without a leverage limit,
//! Bybit BTCUSDT in the derived cache, keeps the built-in table) and its contract type is the
//! venue's; BitMEX takes every symbol, inverse and linear ([`super::bitmex`]). OKX's
//! file has contract values only, no tiers: OKX keeps its built-in tables.
//!
//! # Scope
//! The registry is per thread (`thread_local!`): the wasm page is single-threaded, the CLI
//! loads on its main thread, and each native test (one thread per test) starts empty.

use super::brackets::BracketTable;
use super::contract::ContractType;
use super::fees::FeeSchedule;
#[cfg(not(target_arch = "wasm32"))]
use super::venue_data::VenueFile;
use super::venue_data::{Quality, VenueDataError, VenueKey};
use super::venues::{implied_contract, Venue};
use rust_decimal::Decimal;
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

/// The contract facts of a symbol the engine uses (BitMEX's rule needs all of them; the
/// other venues only `inverse`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContractFacts {
    /// Coin-margined contract.
    pub inverse: bool,
    /// Price tick (BitMEX rounds liquidation to it).
    pub tick: Option<Decimal>,
    /// Quantity step (lot size, dYdX step size).
    pub lot: Option<Decimal>,
    /// Base maintenance and initial rates of a risk-limit step rule (Gate, BitMEX).
    pub mmr: Option<Decimal>,
    pub imr: Option<Decimal>,
    /// The contract's own fees (Gate, BitMEX).
    pub fees: Option<FeeSchedule>,
}

/// One usable symbol of a loaded file: its table, where the table comes from, its contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub symbol: String,
    pub table: BracketTable,
    pub info: TableInfo,
    pub contract: ContractFacts,
}

/// A table is stale once this many months have passed since its `as_of` date.
pub const STALE_MONTHS: u32 = 6;

thread_local! {
    /// Today's date as the host set it (year, month, day); `None`: never stale.
    static TODAY: Cell<Option<(u32, u32, u32)>> = const { Cell::new(None) };
    /// Each loaded file's usable symbols, sorted by symbol.
    static REGISTRY: RefCell<Vec<(VenueKey, Rc<Vec<Entry>>)>> = const { RefCell::new(Vec::new()) };
    static VERSION: Cell<u64> = const { Cell::new(0) };
    /// The user's own imported tables (issue 11 §3), by venue file and symbol: they stand
    /// before the loaded file's table of the same symbol until removed.
    static IMPORTED: RefCell<Vec<(VenueKey, Entry)>> = const { RefCell::new(Vec::new()) };
}

/// Most imported symbols kept at once (over every venue).
pub const MAX_IMPORTED: usize = 2_000;

fn bump() {
    VERSION.with(|v| v.set(v.get().wrapping_add(1)));
}

/// Use the user's imported `entries` for venue file `key` (each replaces an earlier import of
/// the same symbol). The caller has checked them (`venue_import`, [`super::table_text`]).
/// Returns false, changing nothing, when the imports would exceed [`MAX_IMPORTED`].
pub fn import_entries(key: VenueKey, entries: Vec<Entry>) -> bool {
    let ok = IMPORTED.with(|i| {
        let mut i = i.borrow_mut();
        let kept = i
            .iter()
            .filter(|(k, e)| !(*k == key && entries.iter().any(|n| n.symbol == e.symbol)))
            .count();
        if kept.saturating_add(entries.len()) > MAX_IMPORTED {
            return false;
        }
        i.retain(|(k, e)| !(*k == key && entries.iter().any(|n| n.symbol == e.symbol)));
        i.extend(entries.into_iter().map(|e| (key, e)));
        true
    });
    if ok {
        bump();
    }
    ok
}

/// Stop using the imported tables of venue file `key` (all of its symbols, or one).
pub fn remove_imported(key: VenueKey, symbol: Option<&str>) {
    IMPORTED.with(|i| {
        i.borrow_mut()
            .retain(|(k, e)| !(*k == key && symbol.is_none_or(|s| s == e.symbol)))
    });
    bump();
}

/// The imported entry of `symbol` in venue file `key`, if the user imported one.
pub fn imported(key: VenueKey, symbol: &str) -> Option<Entry> {
    IMPORTED.with(|i| {
        i.borrow()
            .iter()
            .find(|(k, e)| *k == key && e.symbol == symbol)
            .map(|(_, e)| e.clone())
    })
}

/// The symbols of venue file `key` with an imported table.
pub fn imported_symbols(key: VenueKey) -> Vec<String> {
    IMPORTED.with(|i| {
        i.borrow()
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, e)| e.symbol.clone())
            .collect()
    })
}

/// Every imported entry of venue file `key`, sorted by symbol (what the page keeps in local
/// storage, [`super::table_text::write_entries`]).
pub fn imported_entries(key: VenueKey) -> Vec<Entry> {
    let mut v: Vec<Entry> = IMPORTED.with(|i| {
        i.borrow()
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, e)| e.clone())
            .collect()
    });
    v.sort_by(|a, b| a.symbol.cmp(&b.symbol));
    v
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

/// The key under which `venue`'s tables are kept, loaded or imported: its data file's
/// ([`file_key`]), or, for Binance COIN-M (no file), the key of the user's imports.
pub fn import_key(venue: Venue) -> Option<VenueKey> {
    file_key(venue).or(match venue {
        Venue::BinanceCoinm => Some(VenueKey::BinanceCoinm),
        _ => None,
    })
}

/// Whether `e` can stand as `venue`'s table (see the module documentation).
fn usable(venue: Venue, e: &Entry) -> bool {
    if venue == Venue::Bitmex {
        // BitMEX lists inverse and linear contracts; engine::bitmex reads both.
        return true;
    }
    let inverse = implied_contract(venue) == Some(ContractType::Inverse);
    e.contract.inverse == inverse
}

/// The usable symbols of a validated file (natively: the CLI, the tests and the writer of the
/// page's table files, [`super::table_text`]). A symbol is used when its tiers convert to an
/// engine table without a fallback leverage.
#[cfg(not(target_arch = "wasm32"))]
pub fn entries_of(file: &VenueFile) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(file.symbols.len());
    for s in &file.symbols {
        if s.tiers.is_empty() {
            continue;
        }
        let Ok(table) = s.bracket_table(file.venue, None) else {
            continue;
        };
        let c = &s.contract;
        entries.push(Entry {
            symbol: s.symbol.clone(),
            table,
            info: TableInfo {
                source: s.source.clone(),
                as_of: s.as_of.clone(),
                quality: s.quality,
            },
            contract: ContractFacts {
                inverse: c.inverse,
                tick: c.tick_size,
                lot: lot_step(c),
                mmr: c.steps.map(|r| r.maintenance),
                imr: c.steps.map(|r| r.initial),
                fees: c.fees,
            },
        });
    }
    entries
}

/// A symbol's lot step in the unit its size is typed in: base units for a linear contract
/// (OKX gives `lotSz` in contracts of `ctVal`), contracts for an inverse one; dYdX's
/// `stepSize`; Hyperliquid's `szDecimals` as 10^−d.
#[cfg(not(target_arch = "wasm32"))]
fn lot_step(c: &crate::engine::venue_data::Contract) -> Option<Decimal> {
    let lot = c.lot_size.map(|l| match (c.inverse, c.contract_value) {
        (false, Some(v)) => l.checked_mul(v).unwrap_or(l),
        _ => l,
    });
    lot.or(c.step_size).or_else(|| {
        c.sz_decimals
            .and_then(|d| Decimal::try_from_i128_with_scale(1, d).ok())
    })
}

/// Register the entries a [`super::table_text::Reader`] read from a whole text (checked as
/// [`load_text`] checks it), replacing what file `key` had.
pub fn register_read(key: VenueKey, entries: Vec<Entry>) {
    register(key, entries);
}

/// Register a file's entries, which come sorted by symbol, each once (the JSON reader and
/// the text reader both refuse anything else).
fn register(key: VenueKey, entries: Vec<Entry>) {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.retain(|(k, _)| *k != key);
        r.push((key, Rc::new(entries)));
    });
    bump();
}

/// Read, validate and register one venue file (`venue_key`: `binance-usdm`, …), in its JSON
/// form (`data/venues/<key>.json`; natively only: the page reads [`load_text`]).
///
/// The file replaces an earlier one of the same venue only when it is valid: a file that
/// fails leaves the registry as it was.
///
/// # Errors
/// The first problem [`super::venue_data::parse`] finds, naming venue, symbol and tier.
#[cfg(not(target_arch = "wasm32"))]
pub fn load(venue_key: &str, text: &str) -> Result<(), VenueDataError> {
    let file = super::venue_data::parse(venue_key, text)?;
    register(file.venue, entries_of(&file));
    Ok(())
}

/// Read, check and register one venue's tables in the page's text form
/// ([`super::table_text`], `data/venues/<key>.txt`). A text that fails leaves the registry as
/// it was.
///
/// # Errors
/// The first problem [`super::table_text::read`] finds, naming venue, symbol and tier.
pub fn load_text(venue_key: &str, text: &str) -> Result<(), VenueDataError> {
    let (key, entries) = super::table_text::read(venue_key, text)?;
    register(key, entries);
    Ok(())
}

/// Forget every loaded file (tests; the page never unloads).
pub fn clear() {
    REGISTRY.with(|r| r.borrow_mut().clear());
    IMPORTED.with(|i| i.borrow_mut().clear());
    bump();
}

/// A number that changes whenever a file is loaded or the registry cleared.
pub fn version() -> u64 {
    VERSION.with(Cell::get)
}

fn loaded(key: VenueKey) -> Option<Rc<Vec<Entry>>> {
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

/// The entry of `symbol` in the file `key` (the user's import first, else the loaded file's),
/// usable or not for a given venue.
pub fn entry_in(key: VenueKey, symbol: &str) -> Option<Entry> {
    if let Some(e) = imported(key, symbol) {
        return Some(e);
    }
    let l = loaded(key)?;
    let i = l.binary_search_by(|e| e.symbol.as_str().cmp(symbol)).ok()?;
    l.get(i).cloned()
}

/// The loaded file's table for `symbol` on `venue`, with its source, date and quality;
/// `None` when the venue's file is not loaded or has no usable table for the symbol.
pub fn table_for(venue: Venue, symbol: &str) -> Option<(BracketTable, TableInfo)> {
    let e = entry_in(import_key(venue)?, symbol)?;
    usable(venue, &e).then_some((e.table, e.info))
}

/// The lot step of `symbol` on `venue` from its loaded file (the user's import first), if the
/// file gives one.
pub fn lot_for(venue: Venue, symbol: &str) -> Option<Decimal> {
    let e = entry_in(import_key(venue)?, symbol)?;
    usable(venue, &e).then_some(e.contract.lot).flatten()
}

/// The first symbol of `venue` with a table from its loaded file or the user's imports (the
/// file's in its order, then the imported ones it does not hold) for which `visit` returns
/// `true`; `visit` sees every such symbol when it never does. Names only: no entry is copied
/// (the page runs this on every input change, for an 808-symbol file).
pub fn find_symbol(venue: Venue, mut visit: impl FnMut(&str) -> bool) -> Option<String> {
    let key = import_key(venue)?;
    let file = loaded(key);
    let in_file = |symbol: &str| {
        file.as_ref().is_some_and(|l| {
            l.binary_search_by(|e| e.symbol.as_str().cmp(symbol))
                .is_ok_and(|i| l.get(i).is_some_and(|e| usable(venue, e)))
        })
    };
    if let Some(l) = &file {
        if let Some(e) = l.iter().find(|e| usable(venue, e) && visit(&e.symbol)) {
            return Some(e.symbol.clone());
        }
    }
    IMPORTED.with(|i| {
        i.borrow()
            .iter()
            .filter(|(k, e)| *k == key && usable(venue, e) && !in_file(&e.symbol))
            .find(|(_, e)| visit(&e.symbol))
            .map(|(_, e)| e.symbol.clone())
    })
}

/// Whether `venue`'s loaded file has a usable table for `symbol`.
pub fn has_symbol(venue: Venue, symbol: &str) -> bool {
    table_for(venue, symbol).is_some()
}

/// A date `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as (year, month, day); a month or year alone is
/// read as its last day (so a table dated only "2024" is stale from mid-2025). `None` for any
/// other text (the built-in "—").
fn read_date(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.split('-');
    let num = |p: Option<&str>, len: usize| {
        p.filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let year = num(parts.next(), 4)?;
    let month = match parts.next() {
        None => return Some((year, 12, 31)),
        m => num(m, 2).filter(|m| (1..=12).contains(m))?,
    };
    let day = match parts.next() {
        None => 31,
        d => num(d, 2).filter(|d| (1..=31).contains(d))?,
    };
    parts.next().is_none().then_some((year, month, day))
}

/// Set today's date (`YYYY-MM-DD`), against which tables are judged stale. The CLI and the
/// page set it from their clock; a library caller that never sets it gets no staleness
/// warning, so evaluations stay reproducible. Returns false (and changes nothing) for a text
/// that is not such a date.
pub fn set_today(date: &str) -> bool {
    let Some(d) = read_date(date).filter(|_| date.len() == 10) else {
        return false;
    };
    TODAY.with(|t| t.set(Some(d)));
    true
}

/// Forget today's date (tests).
pub fn clear_today() {
    TODAY.with(|t| t.set(None));
}

/// Whether a table dated `as_of` is older than [`STALE_MONTHS`] months today: `as_of` plus
/// six calendar months is before today. `None` when today is not set or `as_of` is no date.
pub fn is_stale(as_of: &str) -> Option<bool> {
    let today = TODAY.with(Cell::get)?;
    let (y, m, d) = read_date(as_of)?;
    let months = y
        .saturating_mul(12)
        .saturating_add(m - 1)
        .saturating_add(STALE_MONTHS);
    let limit = (months / 12, months % 12 + 1, d);
    Some(limit < today)
}

/// The civil date (`YYYY-MM-DD`, UTC) of a Unix time in seconds (Howard Hinnant's
/// `civil_from_days`), for hosts that have a clock but no calendar (the CLI).
pub fn date_from_unix(secs: u64) -> String {
    let days = (secs / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_staleness() {
        assert_eq!(date_from_unix(0), "1970-01-01");
        assert_eq!(date_from_unix(1_796_083_200), "2026-12-01");
        assert_eq!(read_date("2024"), Some((2024, 12, 31)));
        assert_eq!(read_date("2024-10"), Some((2024, 10, 31)));
        assert_eq!(read_date("—"), None);
        assert_eq!(read_date("2024-13-01"), None);
        assert_eq!(is_stale("2026-01-01"), None, "no today: never stale");
        assert!(!set_today("2026-12"));
        assert!(set_today("2026-12-01"));
        assert_eq!(is_stale("2026-06-01"), Some(false), "exactly six months");
        assert_eq!(is_stale("2026-05-31"), Some(true));
        assert_eq!(is_stale("2026-07-02"), Some(false));
        assert_eq!(is_stale("2025"), Some(true));
        assert_eq!(is_stale("—"), None);
        clear_today();
        assert_eq!(is_stale("2020-01-01"), None);
    }
}
