//! The native module of the `billing_core` Python package:
//! `billing_core._billing_core`.
//!
//! It is deliberately small: accounts and calculations speak the core's JSON
//! interface (`billing_core::api`) in strings, and errors become the
//! package's exception classes (`errors.rs`). Everything Pythonic (dates,
//! `Decimal`, dataclasses, keyword arguments) is in the pure-Python package
//! around it, `bindings-python/python/billing_core/`.
#![allow(unsafe_code)] // pyo3's macros emit it; none is written by hand.

mod account;
mod calc;
mod errors;

use pyo3::prelude::*;

/// The native module `billing_core._billing_core`.
#[pymodule]
fn _billing_core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<account::NativeAccount>()?;
    m.add_class::<account::NativeOutcomes>()?;
    m.add_function(wrap_pyfunction!(calc::calc, m)?)?;
    m.add_function(wrap_pyfunction!(calc::error_codes, m)?)?;
    Ok(())
}
