//! The web app's entry point: panic hook, mount, and the JavaScript API exports.

#![deny(clippy::arithmetic_side_effects)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// `evaluate(scenario)`: see `levcalc::api`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn evaluate(scenario: JsValue) -> Result<JsValue, JsValue> {
    levcalc::api::evaluate(scenario)
}

/// `loadVenue(key, jsonText)`: validate a venue data file and use its tables (throws
/// `{code, field, message, venue, symbol, tier}`); see `levcalc::api::load_venue`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = loadVenue)]
pub fn load_venue(key: &str, json_text: &str) -> Result<(), JsValue> {
    levcalc::api::load_venue(key, json_text)
}

/// `isVenueLoaded(key)`: whether that venue data file is loaded.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = isVenueLoaded)]
pub fn is_venue_loaded(key: &str) -> bool {
    levcalc::api::is_venue_loaded(key)
}

/// The scenario version this build reads.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = scenarioVersion)]
pub fn scenario_version() -> u32 {
    levcalc::api::scenario_version()
}

/// `mcBlock(config, first, paths)`: one block of a Monte Carlo run, for the page's workers
/// (public/mc-worker.js); see `levcalc::engine::risk::montecarlo::run_block`. Throws the
/// engine's message for a bad configuration.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = mcBlock)]
pub fn mc_block(config: &[f64], first: f64, paths: f64) -> Result<Vec<f64>, JsValue> {
    levcalc::ui::mc_block(config, first, paths).map_err(|e| JsValue::from_str(&e))
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // In a worker (no window) the module only serves mcBlock: nothing to mount.
    if web_sys::window().is_some() {
        levcalc::ui::mount();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("levcalc-web is the browser app: build it with `trunk build` (see README.md).");
}
