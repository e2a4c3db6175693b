#![recursion_limit = "256"]
//! Leverage and liquidation-risk calculator.
//!
//! - [`engine`]: pure math (exact `rust_decimal` money, `f64` statistics), no web types.
//! - [`scenario`]: the versioned scenario format shared by the page, the CLI and the JS API.
//! - [`share`] and [`storage`]: share links and saved scenarios (pure, tested natively).
//! - [`api`]: the JavaScript-facing evaluation.
//! - [`ui`]: the Leptos components.
//!
//! No arithmetic operator may touch a `Decimal` outside tests (it panics on overflow, and a
//! panic kills the page): clippy's `arithmetic_side_effects` is denied here and in the
//! binaries; clippy.toml says which primitive types are exempt.

#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]
// Tests compare figures rounded with `round_dp` (clippy.toml refuses it outside tests).
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod api;
pub mod engine;
pub mod explain;
#[cfg(not(target_arch = "wasm32"))]
pub mod fuzz;
pub mod limits;
pub mod scenario;
pub mod share;
pub mod storage;
pub mod ui;
