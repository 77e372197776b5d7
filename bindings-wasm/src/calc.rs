//! The calculations that need no account ([`billing_core::api::calc`]) and
//! the list of error codes.

use billing_core::api::{self, Calc};
use billing_core::{ERROR_CODES, json};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::errors::Refused;

/// Answers a calculation request (`{"split": {"amount": "10.00",
/// "currency": "USD", "parts": 3}}`) with its JSON answer
/// (`["3.34","3.33","3.33"]`).
///
/// # Errors
/// The calculation's error (`scale_exceeded`, `invalid_ratios`, ...), or
/// `invalid_json` / `float_refused` for a request that does not decode.
#[wasm_bindgen]
pub fn calc(request: &str) -> Result<String, Refused> {
    Ok(api::calc(&json::from_str::<Calc>(request)?)?)
}

/// Every error code of the core, in declaration order, separated by commas
/// (codes are snake case): one string crosses the boundary, not a list.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> String {
    ERROR_CODES.join(",")
}
