//! The scenario format: one versioned description of a calculation, written with serde and
//! read by hand from a JSON value tree ([`reader`]).
//!
//! A share link, a saved scenario, the JavaScript API and the `levcalc` command line all read
//! this type. Decimal values are accepted as JSON strings (`"0.004"`) or numbers (`0.004`); a
//! number is taken as the decimal it writes, in its shortest form ([`reader::number_text`]),
//! so `1456.84` means exactly 1456.84.
//! Unknown fields and wrong types are rejected with a message that names the field.

mod bounded;
mod calculators;
mod error;
mod evaluate;
mod format;
mod funding;
mod json;
mod num;
mod percent;
mod read;
pub mod reader;
mod report;
mod risk;
mod trade;
pub mod write;

pub use bounded::{brackets_from_json, positions_from_json};
pub use error::ScenarioError;
pub use evaluate::{evaluate_in_parts, evaluate_scenario, Evaluation};
pub use format::{
    BracketSpec, ContractName, LiquidityName, MaintenanceSpec, MarginModeName, OtherPosition,
    Scenario, SideName,
};
pub use json::{error_json, eval_bytes, eval_json};
pub use num::{shortest_text, Num};
pub use percent::{fraction_to_percent, percent_to_fraction};
pub use read::{from_json, readable};
pub use report::{
    BracketReport, ExitJson, LiquidatedFirstJson, Report, SafeLeverageJson, TableJson, WarningJson,
};
pub use risk::{
    RiskOutcome, DEFAULT_MAX_PROB_LIQUIDATION, DEFAULT_SAFE_BUFFER_SIGMAS, MAX_LEVERAGE,
};
pub use write::to_json;

/// The current scenario version.
pub const SCENARIO_VERSION: u32 = 1;
