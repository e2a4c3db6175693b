//! Leverage and liquidation-risk calculator.
//!
//! - [`engine`]: pure math (exact `rust_decimal` money, `f64` statistics), no web types.
//! - [`scenario`]: the versioned scenario format shared by the page, the CLI and the JS API.
//! - [`share`] and [`storage`]: share links and saved scenarios (pure, tested natively).
//! - [`api`]: the JavaScript-facing evaluation.
//! - [`ui`]: the Leptos components.

pub mod api;
pub mod engine;
pub mod explain;
pub mod scenario;
pub mod share;
pub mod storage;
pub mod ui;
