//! The calculation engine: exact money math in `rust_decimal`, statistics in `f64`.
//!
//! No web or UI types live here; every function is tested natively with `cargo test`.
//! One module per concept, each with the formula and its source in its doc comment.

pub mod account;
pub mod band;
pub mod bitmex;
pub mod brackets;
pub mod bybit;
pub mod cascade;
pub mod contract;
pub mod cppi;
pub mod data;
pub mod drag;
pub mod error;
pub mod fees;
pub mod funding;
pub mod input;
pub mod json_path;
pub mod json_tree;
pub mod ladder;
pub mod liquidation;
pub mod margin;
pub mod max_open;
pub mod num;
pub mod order;
pub mod risk;
pub mod sizing;
pub mod symbol;
pub mod table_text;
pub mod tables;
pub mod trade;
pub mod venue_data;
pub mod venue_import;
pub mod venues;

pub use contract::{ContractKind, Settlement, Side};
pub use error::{CalcError, CalcResult, Field};
pub use margin::Maintenance;
pub use trade::{evaluate, TradeInput, TradeReport};
