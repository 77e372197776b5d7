//! Calculations that need no account (`billing_core::api::calc`).

use billing_core::api::{self, Calc};
use billing_core::{ERROR_CODES, json};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::IntoPy;

/// Answers a calculation request (JSON text) in the answer form.
#[pyfunction]
pub(crate) fn calc(py: Python<'_>, request: &Bound<'_, PyString>) -> PyResult<String> {
    crate::account::utf8(request, "the request")
        .and_then(json::from_str::<Calc>)
        .and_then(|c| api::calc(&c))
        .or_raise(py)
}

/// Every error code of the core.
#[pyfunction]
pub(crate) fn error_codes() -> Vec<&'static str> {
    ERROR_CODES.to_vec()
}
