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

/// The scenario version this build reads and writes.
pub fn scenario_version() -> u32 {
    SCENARIO_VERSION
}
