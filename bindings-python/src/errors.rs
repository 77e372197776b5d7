//! The one mapping from core errors to the package's exception classes
//! (defined in `billing_core/_errors.py`, where Python's multiple
//! inheritance gives `InvalidInputError` both `BillingError` and
//! `ValueError` as bases).

use billing_core::{BatchError, Error, ErrorKind, api};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// The exception class of an error: by kind, except `float_refused`,
/// which is also a `TypeError`.
fn class_name(error: &Error) -> &'static str {
    if matches!(error, Error::FloatRefused) {
        return "FloatRefusedError";
    }
    match error.kind() {
        ErrorKind::InvalidInput => "InvalidInputError",
        ErrorKind::CurrencyMismatch => "CurrencyMismatchError",
        ErrorKind::Overflow => "AmountOverflowError",
        ErrorKind::InvalidState => "InvalidStateError",
        ErrorKind::NotFound => "NotFoundError",
        ErrorKind::Conflict => "ConflictError",
        ErrorKind::LimitExceeded => "LimitExceededError",
        // A kind added to the core later: still a BillingError.
        _ => "BillingError",
    }
}

/// The Python exception for a core error (and, for a refused batch, the
/// position of the refused operation).
pub(crate) fn to_py(py: Python<'_>, error: &Error, index: Option<usize>) -> PyErr {
    match build(py, error, index) {
        Ok(err) => err,
        // Only if the package's own module cannot be imported.
        Err(err) => err,
    }
}

fn build(py: Python<'_>, error: &Error, index: Option<usize>) -> PyResult<PyErr> {
    let module = ERRORS.get_or_try_init(py, || {
        PyModule::import(py, "billing_core._errors").map(Bound::unbind)
    })?;
    let class = module.bind(py).getattr(class_name(error))?;
    let exception = class.call1((api::error_answer(error), index))?;
    Ok(PyErr::from_value(exception))
}

/// Converts core results for `?` in the exported methods.
pub(crate) trait IntoPy<T> {
    /// The value, or the error as its Python exception.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, &e, None))
    }
}

impl<T> IntoPy<T> for Result<T, BatchError> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, &e.error, Some(e.index)))
    }
}
