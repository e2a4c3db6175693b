//! JSON in, JSON out (what `levcalc eval` prints), and the `{"error": …}` text.

use super::{evaluate_scenario, from_json};
use crate::limits::MAX_SCENARIO_BYTES;

/// JSON in, JSON out: what `levcalc eval` prints. Errors come back as
/// `{"error": {"code", "field", "message"}}` with `Err`.
pub fn eval_json(text: &str) -> Result<String, String> {
    let result = from_json(text).and_then(|s| evaluate_scenario(&s).map(|e| (s.venue, e)));
    match result {
        Ok((venue, e)) => serde_json::to_string_pretty(&e.to_report(venue))
            .map_err(|err| error_json("internal", None, &err.to_string())),
        Err(err) => Err(error_json(err.code(), err.field_key(), &err.to_string())),
    }
}

/// Evaluate the raw bytes of a scenario file (what `levcalc eval` reads): at most
/// [`MAX_SCENARIO_BYTES`], UTF-8 (a leading byte-order mark is skipped), then [`eval_json`].
///
/// # Errors
/// The `{"error": …}` text, as [`eval_json`] gives it.
pub fn eval_bytes(bytes: &[u8]) -> Result<String, String> {
    if bytes.len() > MAX_SCENARIO_BYTES {
        return Err(error_json(
            "format",
            None,
            &format!(
                "scenario larger than {} KB: not read further",
                MAX_SCENARIO_BYTES / 1024
            ),
        ));
    }
    let text = core::str::from_utf8(bytes)
        .map_err(|_| error_json("format", None, "the scenario is not UTF-8 text"))?;
    eval_json(text)
}

/// `{"error": {...}}` text.
pub fn error_json(code: &str, field: Option<String>, message: &str) -> String {
    serde_json::json!({ "error": { "code": code, "field": field, "message": message } }).to_string()
}
