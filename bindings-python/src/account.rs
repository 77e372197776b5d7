//! The native account: `billing_core::Account` behind a mutex, speaking JSON
//! text. The Python `billing_core.Account` wraps it.

use std::sync::{Arc, Mutex, MutexGuard};

use billing_core::api::{self, Query};
use billing_core::{Account, AccountSettings, Entry, Error, Operation, Outcome, json};
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};

use crate::errors::IntoPy;

/// An account. Safe to share between threads: calls are serialized by a
/// lock, and the GIL is released while the core works.
#[pyclass(frozen, module = "billing_core._billing_core")]
pub(crate) struct NativeAccount(Mutex<Account>);

impl NativeAccount {
    fn new_from(account: Account) -> NativeAccount {
        NativeAccount(Mutex::new(account))
    }

    /// The account; a panic cannot happen in the core, but if one ever
    /// poisoned the lock the account is still whole (every operation is
    /// applied whole or undone), so it is used as is.
    fn lock(&self) -> MutexGuard<'_, Account> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` on the account with the GIL released.
    fn with<T: Send>(&self, py: Python<'_>, work: impl FnOnce(&mut Account) -> T + Send) -> T {
        py.detach(|| work(&mut self.lock()))
    }
}

fn settings(text: Option<&Bound<'_, PyString>>) -> Result<AccountSettings, Error> {
    text.map_or(Ok(AccountSettings::default()), |text| {
        json::from_str(utf8(text, "the settings")?)
    })
}

/// A `str` argument as UTF-8. One holding a surrogate (Python allows it;
/// UTF-8 cannot carry it) is the core's `invalid_json` (pyo3 alone would
/// raise `UnicodeEncodeError`). The package writes JSON text with its
/// characters as they are (not `\u` escapes), so a surrogate inside a
/// JSON form is refused here too: escaped, a pair of them would read as
/// the character they encode in UTF-16, and the text would be altered.
pub(crate) fn utf8<'a>(value: &'a Bound<'_, PyString>, what: &str) -> Result<&'a str, Error> {
    value.to_str().map_err(|_| Error::InvalidJson {
        message: format!("{what} {}", json::NOT_UNICODE),
    })
}

/// An expected version: a count of operations, an `int` from 0 to
/// 2**64 - 1. A negative or larger number, a `bool` or a float is refused
/// with the core's `invalid_json`, as JavaScript refuses it (pyo3 alone
/// would raise a bare `OverflowError` or `TypeError`, and read `True` as 1).
fn version(value: Option<&Bound<'_, PyAny>>) -> Result<Option<u64>, Error> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    match value.extract::<u64>() {
        Ok(version) if !value.is_instance_of::<PyBool>() => Ok(Some(version)),
        _ => Err(Error::InvalidJson {
            message: "invalid value: expected_version must be a non-negative integer".to_owned(),
        }),
    }
}

fn answer(outcome: Result<Arc<Outcome>, Error>) -> Result<String, Error> {
    outcome.and_then(|o| o.to_answer())
}

#[pymethods]
impl NativeAccount {
    /// A new, empty account; `settings` is the JSON form of the settings.
    #[new]
    #[pyo3(signature = (id, settings=None))]
    fn py_new(
        py: Python<'_>,
        id: &Bound<'_, PyString>,
        settings: Option<&Bound<'_, PyString>>,
    ) -> PyResult<NativeAccount> {
        utf8(id, "the account id")
            .and_then(|id| Account::new(id, self::settings(settings)?))
            .map(NativeAccount::new_from)
            .or_raise(py)
    }

    /// Loads an account from its JSON snapshot.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<NativeAccount> {
        utf8(text, "the snapshot")
            .and_then(|text| py.detach(|| Account::from_json(text)))
            .map(NativeAccount::new_from)
            .or_raise(py)
    }

    /// Rebuilds an account from history entries (a JSON array).
    #[staticmethod]
    #[pyo3(signature = (id, entries, settings=None))]
    fn replay(
        py: Python<'_>,
        id: &Bound<'_, PyString>,
        entries: &Bound<'_, PyString>,
        settings: Option<&Bound<'_, PyString>>,
    ) -> PyResult<NativeAccount> {
        let settings = self::settings(settings).or_raise(py)?;
        let entries = utf8(entries, "the history").or_raise(py)?;
        utf8(id, "the account id")
            .and_then(|id| {
                py.detach(|| {
                    let entries: Vec<Entry> = json::from_str(entries)?;
                    Account::replay(id, settings, entries)
                })
            })
            .map(NativeAccount::new_from)
            .or_raise(py)
    }

    /// The account's id.
    #[getter]
    fn id(&self, py: Python<'_>) -> String {
        self.with(py, |account| account.id().to_owned())
    }

    /// The number of operations applied.
    #[getter]
    fn version(&self, py: Python<'_>) -> u64 {
        // Like every method, waits for the account with the GIL released:
        // another thread may hold it through a long batch.
        self.with(py, |account| account.version())
    }

    /// Applies an operation (JSON text); answers its outcome.
    #[pyo3(signature = (operation, expected_version=None))]
    fn execute(
        &self,
        py: Python<'_>,
        operation: &Bound<'_, PyString>,
        expected_version: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let expected_version = version(expected_version).or_raise(py)?;
        let operation = utf8(operation, "the operation").or_raise(py)?;
        self.with(py, |account| {
            let operation: Operation = json::from_str(operation)?;
            answer(match expected_version {
                Some(version) => account.execute_expecting(version, operation),
                None => account.execute(operation),
            })
        })
        .or_raise(py)
    }

    /// What an operation (JSON text) would do; changes nothing.
    fn preview(&self, py: Python<'_>, operation: &Bound<'_, PyString>) -> PyResult<String> {
        let operation = utf8(operation, "the operation").or_raise(py)?;
        self.with(py, |account| {
            let operation: Operation = json::from_str(operation)?;
            answer(account.preview(operation))
        })
        .or_raise(py)
    }

    /// Applies a JSON array of operations all or nothing (at
    /// `expected_version`, checked until an operation applies, if given).
    #[pyo3(signature = (operations, expected_version=None))]
    fn execute_batch(
        &self,
        py: Python<'_>,
        operations: &Bound<'_, PyString>,
        expected_version: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<NativeOutcomes> {
        let expected_version = version(expected_version).or_raise(py)?;
        let operations = utf8(operations, "the batch").or_raise(py)?;
        self.with(py, |account| {
            api::operations(operations).and_then(|ops| match expected_version {
                Some(version) => account.execute_batch_expecting(version, ops),
                None => account.execute_batch(ops),
            })
        })
        .map(NativeOutcomes)
        .or_raise(py)
    }

    /// Answers a query (JSON text) in the answer form.
    fn query(&self, py: Python<'_>, query: &Bound<'_, PyString>) -> PyResult<String> {
        let query = utf8(query, "the query").or_raise(py)?;
        self.with(py, |account| {
            let query: Query = json::from_str(query)?;
            account.query(&query)
        })
        .or_raise(py)
    }

    /// The JSON snapshot.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.with(py, |account| account.to_json()).or_raise(py)
    }

    /// A copy of the account.
    fn copy(&self, py: Python<'_>) -> NativeAccount {
        NativeAccount::new_from(self.with(py, |account| account.clone()))
    }
}

/// The outcomes of a batch, converted to JSON one at a time on request.
#[pyclass(frozen, sequence, module = "billing_core._billing_core")]
pub(crate) struct NativeOutcomes(Vec<Arc<Outcome>>);

#[pymethods]
impl NativeOutcomes {
    fn __len__(&self) -> usize {
        self.0.len()
    }

    /// The answer form of outcome `index`.
    fn get(&self, py: Python<'_>, index: usize) -> PyResult<String> {
        let outcome = self
            .0
            .get(index)
            .ok_or_else(|| PyIndexError::new_err("batch outcome index out of range"))?;
        outcome.to_answer().or_raise(py)
    }
}
