//! The JavaScript API: the same evaluation the page and `levcalc eval` use.
//!
//! ```js
//! import init, { evaluate } from "./levcalc-web.js";
//! await init();
//! const report = evaluate({ version: 1, venue: "binance-usdm", symbol: "BTCUSDT",
//!                           side: "long", entry_price: 60000, quantity: 0.5, leverage: 10 });
//! report.liquidation_price; // "54227.7…" (decimal string)
//! ```
//! A bad scenario throws an object `{ code, field, message }`.
//!
//! Venue data files (`data/venues/<key>.json`, issue 11) are not in the wasm. Load the ones
//! you need before evaluating, and every symbol of the file evaluates with its dated table
//! (without one, the built-in tables stand and other symbols are refused):
//! ```js
//! loadVenue("binance-usdm", await (await fetch("data/venues/binance-usdm.json")).text());
//! evaluate({ version: 1, venue: "binance-usdm", symbol: "DOGEUSDT", side: "long",
//!            entry_price: "0.2", quantity: "10000", leverage: "10" }).table.as_of; // "2026-07-02"
//! ```

use crate::scenario::{evaluate_scenario, Scenario, ScenarioError, SCENARIO_VERSION};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
struct JsError<'a> {
    code: &'a str,
    field: Option<String>,
    message: String,
}

fn to_js_error(e: &ScenarioError) -> JsValue {
    let err = JsError {
        code: e.code(),
        field: e.field_key(),
        message: e.to_string(),
    };
    serde_wasm_bindgen::to_value(&err).unwrap_or_else(|_| JsValue::from_str(&e.to_string()))
}

/// Evaluate a scenario object (the scenario format) and return the report object.
///
/// The object is read through its JSON text, exactly as `levcalc eval` reads a file, so unknown
/// fields are rejected and numbers mean their shortest decimal form. (serde-wasm-bindgen reads
/// only the fields a struct declares, which would let a misspelt field pass silently.)
///
/// # Errors
/// Throws `{code, field, message}` for a malformed scenario or a failed calculation.
pub fn evaluate(scenario: JsValue) -> Result<JsValue, JsValue> {
    let text = js_sys::JSON::stringify(&scenario)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| {
            to_js_error(&ScenarioError::Format {
                path: String::new(),
                message: "the scenario is not a JSON-compatible object".into(),
            })
        })?;
    let s: Scenario = crate::scenario::from_json(&text).map_err(|e| to_js_error(&e))?;
    let venue = s.venue;
    let evaluation = evaluate_scenario(&s).map_err(|e| to_js_error(&e))?;
    let report = evaluation.to_report(venue);
    report
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

#[derive(Serialize)]
struct JsVenueError<'a> {
    code: &'a str,
    field: Option<String>,
    message: String,
    venue: String,
    symbol: Option<String>,
    /// 1-based, as the venues number their tiers.
    tier: Option<usize>,
}

/// Validate a venue's tables and load them into the table registry: from then on `evaluate`
/// uses them. The text is the page form `data/venues/<key>.txt`
/// ([`crate::engine::table_text`], [`crate::engine::tables::load_text`]); natively the JSON
/// data file is accepted too ([`crate::engine::tables::load`]). A text that fails leaves the
/// registry as it was.
///
/// # Errors
/// Throws `{code: "venue_data", field: null, message, venue, symbol, tier}` naming the
/// first problem.
pub fn load_venue(key: &str, text: &str) -> Result<(), JsValue> {
    let loaded = if text.starts_with(crate::engine::table_text::MAGIC) {
        crate::engine::tables::load_text(key, text)
    } else {
        load_json(key, text)
    };
    loaded.map_err(|e| {
        let err = JsVenueError {
            code: "venue_data",
            field: None,
            message: e.to_string(),
            venue: e.venue.clone(),
            symbol: e.symbol.clone(),
            tier: e.tier.map(|t| t.saturating_add(1)),
        };
        serde_wasm_bindgen::to_value(&err).unwrap_or_else(|_| JsValue::from_str(&e.to_string()))
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn load_json(key: &str, text: &str) -> Result<(), crate::engine::venue_data::VenueDataError> {
    crate::engine::tables::load(key, text)
}

#[cfg(target_arch = "wasm32")]
fn load_json(key: &str, _text: &str) -> Result<(), crate::engine::venue_data::VenueDataError> {
    use crate::engine::venue_data::{Problem, VenueDataError};
    Err(VenueDataError::new(
        key,
        Problem::BadText {
            field: "text",
            text: String::new(),
            reason: "the page reads the table text data/venues/<key>.txt, not the JSON file",
        },
    ))
}

/// Whether the venue data file `key` is loaded.
pub fn is_venue_loaded(key: &str) -> bool {
    crate::engine::tables::is_loaded(key)
}

/// The scenario version this build reads and writes.
pub fn scenario_version() -> u32 {
    SCENARIO_VERSION
}
