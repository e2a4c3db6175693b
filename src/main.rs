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

/// `shellKnows(id)`: whether the first screen's input `id` (test-id suffix) is live before
/// the app is built (src/first-screen-live.js; see `levcalc::ui::live`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = shellKnows)]
pub fn shell_knows(id: &str) -> bool {
    levcalc::ui::live::knows(id)
}

/// `shellUpdate(pairs)`: the first screen's figures for its typed inputs, `pairs` being input
/// test-id suffixes and texts in turn (`["entry", "61500", "leverage", "20"]`). Returns
/// `[summary, errorInput, errorMessage, leverageHint, figures, warnings]`: figures as
/// `[testid, text, exact, detail, sign]` (detail `null` when hidden), warnings as
/// `[code, text]`; errorInput "" when no one input is to blame, errorMessage "" for none.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = shellUpdate)]
pub fn shell_update(pairs: Vec<String>) -> js_sys::Array {
    let inputs: Vec<(String, String)> = pairs
        .chunks_exact(2)
        .filter_map(|p| Some((p.first()?.clone(), p.get(1)?.clone())))
        .collect();
    let u = levcalc::ui::live::update(&inputs);
    let s = |t: &str| JsValue::from_str(t);
    let figures: js_sys::Array = u
        .figures
        .iter()
        .map(|(id, f)| {
            let detail = f.detail.as_deref().map_or(JsValue::NULL, s);
            js_sys::Array::of5(&s(id), &s(&f.text), &s(&f.exact), &detail, &s(f.sign()))
        })
        .collect();
    let warnings: js_sys::Array = u
        .warnings
        .iter()
        .map(|(code, text)| js_sys::Array::of2(&s(code), &s(text)))
        .collect();
    let (err_input, err_msg) = u.error.unwrap_or(("", String::new()));
    let out = js_sys::Array::of4(
        &s(&u.summary),
        &s(err_input),
        &s(&err_msg),
        &s(&u.leverage_hint),
    );
    out.push(&figures);
    out.push(&warnings);
    out
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
