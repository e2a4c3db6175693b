//! The venue data files `data/venues/*.json`, embedded in the native binaries that need them
//! (`levcalc`, and `levcalc-prerender` for the page's first screen) — never in the library or
//! the wasm, which fetches them.

use levcalc::engine::tables;

/// The venue data files, by key (`data/venues/<key>.json`).
pub const VENUE_FILES: [(&str, &str); 7] = [
    (
        "binance-usdm",
        include_str!("../../../data/venues/binance-usdm.json"),
    ),
    (
        "hyperliquid",
        include_str!("../../../data/venues/hyperliquid.json"),
    ),
    ("dydx", include_str!("../../../data/venues/dydx.json")),
    (
        "gate-linear",
        include_str!("../../../data/venues/gate-linear.json"),
    ),
    ("bitmex", include_str!("../../../data/venues/bitmex.json")),
    ("okx", include_str!("../../../data/venues/okx.json")),
    (
        "bybit-linear",
        include_str!("../../../data/venues/bybit-linear.json"),
    ),
];

/// Load every embedded venue file. A file that fails its checks is named on standard error
/// and left out (its venue keeps the built-in tables); the committed files all pass
/// (`tests/venue_data.rs`).
pub fn load_venue_files() {
    // Today's date, so a table older than six months is said to be (`table_stale`).
    if let Ok(now) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        tables::set_today(&tables::date_from_unix(now.as_secs()));
    }
    for (key, text) in VENUE_FILES {
        if let Err(e) = tables::load(key, text) {
            eprintln!(
                "{}",
                levcalc::scenario::error_json("venue_data", None, &e.to_string())
            );
        }
    }
}
