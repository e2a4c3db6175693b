//! Why a scenario could not be read or evaluated ([`ScenarioError`]), with the field to blame
//! and the error's code.

use super::SCENARIO_VERSION;
use crate::engine::error::CalcError;
use core::fmt;

/// A scenario that could not be read or evaluated.
#[derive(Debug, Clone, PartialEq)]
pub enum ScenarioError {
    /// Not valid JSON, or a field of the wrong type, or an unknown field; `path` names it.
    Format { path: String, message: String },
    /// A value failed validation or the calculation failed.
    Calc(CalcError),
    /// A version this build does not read.
    Version(u32),
    /// The statistics could not be computed (e.g. a volatility input out of range).
    Risk {
        field: Option<&'static str>,
        message: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Format { path, message } if path.is_empty() || path == "." => {
                write!(f, "{message}")
            }
            ScenarioError::Format { path, message } => write!(f, "field `{path}`: {message}"),
            ScenarioError::Calc(e) => match e.field() {
                Some(field) => write!(f, "field `{}`: {e}", field.key()),
                None => write!(f, "{e}"),
            },
            ScenarioError::Risk {
                field: Some(k),
                message,
            } => write!(f, "field `{k}`: {message}"),
            ScenarioError::Risk { message, .. } => write!(f, "{message}"),
            ScenarioError::Version(v) => write!(
                f,
                "scenario version {v} is not supported (this build reads version {SCENARIO_VERSION})"
            ),
        }
    }
}

impl std::error::Error for ScenarioError {}

impl From<CalcError> for ScenarioError {
    fn from(e: CalcError) -> Self {
        ScenarioError::Calc(e)
    }
}

impl ScenarioError {
    /// The scenario field to blame, if known.
    pub fn field_key(&self) -> Option<String> {
        match self {
            ScenarioError::Format { path, .. } if !path.is_empty() && path != "." => {
                Some(path.clone())
            }
            ScenarioError::Calc(e) => e.field().map(|f| f.key().to_owned()),
            ScenarioError::Risk { field, .. } => field.map(str::to_owned),
            _ => None,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ScenarioError::Format { .. } => "format",
            ScenarioError::Calc(e) => e.code(),
            ScenarioError::Version(_) => "version",
            ScenarioError::Risk { .. } => "risk",
        }
    }
}
