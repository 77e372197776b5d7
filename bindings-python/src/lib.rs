//! The native module of the `billing_core` Python package.
#![allow(unsafe_code)] // pyo3's macros emit it; none is written by hand.

use pyo3::prelude::*;

/// The native module `billing_core._billing_core`.
#[pymodule]
fn _billing_core(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
