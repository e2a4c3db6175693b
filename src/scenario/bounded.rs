//! Lists read with a bound (other positions, bracket tiers) from a share link's JSON lists,
//! by the scenario's own reader ([`super::reader`]): the element past the limit stops the
//! reading, in a scenario and in a share link's lists alike.

use super::{reader, BracketSpec, OtherPosition, ScenarioError};
use crate::engine::json_tree;

fn parse(text: &str) -> Result<json_tree::Value, ScenarioError> {
    json_tree::parse(text).map_err(|e| reader::at("", e.to_string()))
}

/// Read a list of other positions (a share link's `op`), bounded as in a scenario.
///
/// # Errors
/// The JSON error, or the field's or the limit's message.
pub fn positions_from_json(text: &str) -> Result<Vec<OtherPosition>, ScenarioError> {
    reader::positions(&parse(text)?, "")
}

/// Read a bracket table (a share link's `br`), bounded as in a scenario.
///
/// # Errors
/// The JSON error, or the field's or the limit's message.
pub fn brackets_from_json(text: &str) -> Result<Vec<BracketSpec>, ScenarioError> {
    reader::brackets(&parse(text)?, "")
}
