//! Calculations that need no account (`billing_core::api::calc`).

use billing_core::api::{self, Calc};
use billing_core::{ERROR_CODES, json};
use pyo3::prelude::*;

use crate::errors::IntoPy;

/// Answers a calculation request (JSON text) in the answer form.
#[pyfunction]
pub(crate) fn calc(py: Python<'_>, request: &str) -> PyResult<String> {
    json::from_str::<Calc>(request)
        .and_then(|c| api::calc(&c))
        .or_raise(py)
}

/// Every error code of the core.
#[pyfunction]
pub(crate) fn error_codes() -> Vec<&'static str> {
    ERROR_CODES.to_vec()
}
