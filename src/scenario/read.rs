//! Reading a scenario from JSON text: the size, version and symbol limits, and the round trip
//! a scenario built in code must survive ([`readable`]).

use super::{Scenario, ScenarioError, SCENARIO_VERSION};
use crate::limits::{MAX_BRACKETS, MAX_OTHER_POSITIONS, MAX_SCENARIO_BYTES, MAX_SYMBOL_CHARS};

/// A scenario built in code (the page's form) as the readers would take it: written and read
/// back through [`from_json`], so that whatever the page holds, saves or puts in a link reads
/// back — with the same limits and the same message naming the field.
///
/// # Errors
/// The reader's error for the text the scenario writes.
pub fn readable(s: Scenario) -> Result<Scenario, ScenarioError> {
    from_json(&super::to_json(&s))?;
    Ok(s)
}

/// Read a scenario from JSON text, naming the offending field on error.
pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(ScenarioError::Format {
            path: String::new(),
            message: format!(
                "scenario larger than {} KB ({} bytes)",
                MAX_SCENARIO_BYTES / 1024,
                text.len()
            ),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // One JSON value at the start of the text (what follows it is not read, as before).
    let value = crate::engine::json_tree::parse_prefix(text).map_err(|e| {
        super::reader::at(
            &crate::engine::json_path::path_at(text, e.offset, false),
            e.to_string(),
        )
    })?;
    let scenario = super::reader::scenario(&value)?;
    scenario.check_version()?;
    scenario.check_limits()?;
    Ok(scenario)
}

impl Scenario {
    /// The limits of [`crate::limits`] that the field types do not enforce by themselves
    /// (the list lengths are bounded while reading): symbol names.
    ///
    /// # Errors
    /// [`ScenarioError::Format`] naming the field.
    pub fn check_limits(&self) -> Result<(), ScenarioError> {
        let too_long = |s: &Option<String>| {
            s.as_ref()
                .is_some_and(|s| s.chars().count() > MAX_SYMBOL_CHARS)
        };
        let symbol_error = |path: String| ScenarioError::Format {
            path,
            message: format!("a symbol is at most {MAX_SYMBOL_CHARS} characters"),
        };
        if too_long(&self.symbol) {
            return Err(symbol_error("symbol".into()));
        }
        for (i, p) in self.other_positions.iter().enumerate() {
            if too_long(&p.symbol) {
                return Err(symbol_error(format!("other_positions[{i}].symbol")));
            }
        }
        // Lists built in code (not read) are bounded here too.
        if self.other_positions.len() > MAX_OTHER_POSITIONS {
            return Err(ScenarioError::Format {
                path: "other_positions".into(),
                message: format!(
                    "at most {MAX_OTHER_POSITIONS} other positions are accepted; this list has {}",
                    self.other_positions.len()
                ),
            });
        }
        if self
            .brackets
            .as_ref()
            .is_some_and(|b| b.len() > MAX_BRACKETS)
        {
            return Err(ScenarioError::Format {
                path: "brackets".into(),
                message: format!("at most {MAX_BRACKETS} bracket tiers are accepted"),
            });
        }
        Ok(())
    }

    pub(super) fn check_version(&self) -> Result<(), ScenarioError> {
        if self.version != SCENARIO_VERSION {
            return Err(ScenarioError::Version(self.version));
        }
        Ok(())
    }
}
