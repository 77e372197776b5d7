//! The WebAssembly binding of billing-core: the native half of the
//! `billing-core` npm package.
//!
//! It is deliberately thin. Everything crosses the boundary as JSON text in
//! the core's own forms (`docs/json-format.md`): operations go in as their
//! JSON form, reads are [`billing_core::api::Query`] requests, calculations
//! are [`billing_core::api::Calc`] requests, and answers come back in the
//! answer form (amounts as strings). Errors are thrown as JavaScript `Error`
//! objects carrying [`billing_core::api::error_answer`] ([`errors`]); the
//! hand-written JavaScript wrapper around this module (`bindings-wasm/js/`)
//! parses answers, builds operations from host values, and raises the
//! package's error classes. One file per concern, mirroring the core:
//! [`account`] (the `Account` class), [`calc`](mod@calc) (stateless calculations),
//! [`errors`] (the one mapping of errors).
#![allow(unsafe_code)] // wasm-bindgen's macros emit it; none is written by hand.

pub mod account;
pub mod calc;
pub mod errors;

pub use account::{Account, Outcomes};
pub use calc::{calc, error_codes};
pub use errors::Refused;
