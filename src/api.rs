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
/// # Errors
/// Throws `{code, field, message}` for a malformed scenario or a failed calculation.
pub fn evaluate(scenario: JsValue) -> Result<JsValue, JsValue> {
    let s: Scenario =
        serde_path_to_error::deserialize(serde_wasm_bindgen::Deserializer::from(scenario))
            .map_err(|e| {
                to_js_error(&ScenarioError::Format {
                    path: e.path().to_string(),
                    message: e.inner().to_string(),
                })
            })?;
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
