//! The `Account` class: a billing-core account driven by JSON text.

use std::sync::Arc;

use billing_core::api::Query;
use billing_core::{AccountSettings, BatchError, Entry, Operation, Outcome, json};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::errors::Refused;

/// One customer's account (`billing_core::Account`). Operations go in as
/// their JSON form, reads as query JSON; answers come back as JSON text.
#[wasm_bindgen]
pub struct Account(billing_core::Account);

/// Settings from their JSON form, or the defaults.
fn settings(text: Option<String>) -> Result<AccountSettings, Refused> {
    match text {
        Some(text) => Ok(json::from_str(&text)?),
        None => Ok(AccountSettings::default()),
    }
}

#[wasm_bindgen]
impl Account {
    /// A new, empty account; `settings` is the JSON form of the account
    /// settings (defaults if absent).
    ///
    /// # Errors
    /// `empty_id` or `invalid_id` (see the id rules in docs/json-format.md), or the settings' decode error.
    #[wasm_bindgen(constructor)]
    pub fn new(id: &str, settings_json: Option<String>) -> Result<Account, Refused> {
        Ok(Account(billing_core::Account::new(
            id,
            settings(settings_json)?,
        )?))
    }

    /// The account's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.0.id().to_owned()
    }

    /// The number of operations applied so far.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> u64 {
        self.0.version()
    }

    /// Applies an operation (its JSON form), only at `expected_version` if
    /// given; answers the outcome (`Outcome::to_answer`).
    ///
    /// # Errors
    /// The operation's error; `version_conflict` at another version.
    pub fn execute(
        &mut self,
        operation: &str,
        expected_version: Option<u64>,
    ) -> Result<String, Refused> {
        let operation: Operation = json::from_str(operation)?;
        let outcome = match expected_version {
            Some(version) => self.0.execute_expecting(version, operation)?,
            None => self.0.execute(operation)?,
        };
        Ok(outcome.to_answer()?)
    }

    /// What an operation would do, changing nothing.
    ///
    /// # Errors
    /// Exactly those `execute` would raise.
    pub fn preview(&mut self, operation: &str) -> Result<String, Refused> {
        let operation: Operation = json::from_str(operation)?;
        Ok(self.0.preview(operation)?.to_answer()?)
    }

    /// Applies operations (each its JSON form) all or nothing, only at
    /// `expected_version` (checked until an operation applies) if given; the
    /// outcomes are answered one at a time, when read.
    ///
    /// # Errors
    /// The first refused operation's error with its index (from 0); an
    /// operation that does not decode is refused before any is applied;
    /// `version_conflict` at the first operation that is not a repeat at
    /// another version.
    #[wasm_bindgen(js_name = executeBatch)]
    pub fn execute_batch(
        &mut self,
        operations: Vec<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcomes, Refused> {
        let operations = operations
            .iter()
            .enumerate()
            .map(|(index, text)| {
                json::from_str::<Operation>(text).map_err(|error| BatchError { index, error })
            })
            .collect::<Result<Vec<Operation>, BatchError>>()?;
        Ok(Outcomes(match expected_version {
            Some(version) => self.0.execute_batch_expecting(version, operations)?,
            None => self.0.execute_batch(operations)?,
        }))
    }

    /// Answers a query (`{"query": "summary", "as_of": "2026-02-15"}`).
    ///
    /// # Errors
    /// The read's error (`unknown_invoice`, `currency_required`, ...).
    pub fn query(&self, query: &str) -> Result<String, Refused> {
        Ok(self.0.query(&json::from_str::<Query>(query)?)?)
    }

    /// The versioned JSON snapshot of the account.
    ///
    /// # Errors
    /// Only if encoding fails, which it does not.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, Refused> {
        Ok(self.0.to_json()?)
    }

    /// Loads an account from its snapshot.
    ///
    /// # Errors
    /// `unsupported_format`, `invalid_json`, or `corrupt_history`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Account, Refused> {
        Ok(Account(billing_core::Account::from_json(text)?))
    }

    /// Rebuilds an account from its history entries (a JSON list).
    ///
    /// # Errors
    /// `empty_id`, `invalid_id`, a decode error, or `corrupt_history`.
    pub fn replay(
        id: &str,
        entries: &str,
        settings_json: Option<String>,
    ) -> Result<Account, Refused> {
        let entries: Vec<Entry> = json::from_str(entries)?;
        Ok(Account(billing_core::Account::replay(
            id,
            settings(settings_json)?,
            entries,
        )?))
    }
}

/// The outcomes of a batch, kept as the core made them and answered one at
/// a time (a bulk load rarely reads them all).
#[wasm_bindgen]
pub struct Outcomes(Vec<Arc<Outcome>>);

#[wasm_bindgen]
impl Outcomes {
    /// How many operations the batch applied.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.0.len()
    }

    /// The answer of outcome `index`, or `undefined` out of range.
    ///
    /// # Errors
    /// Only if encoding fails, which it does not.
    pub fn get(&self, index: usize) -> Result<Option<String>, Refused> {
        Ok(self.0.get(index).map(|o| o.to_answer()).transpose()?)
    }
}
