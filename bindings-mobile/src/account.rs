//! The account (core `account.rs`): the `Account` object, its constructors,
//! the generic JSON operations and every read. The typed operation helpers
//! are in `operation.rs`.
//!
//! An `Account` wraps `billing_core::Account` in a mutex, so one object may
//! be called from several threads: each call runs whole, one at a time.

use std::sync::{Arc, Mutex, MutexGuard};

use billing_core::api::Query;
use billing_core::{BatchError, Entry, Error, Operation, json};

use crate::errors::Result;
use crate::invoice::Invoice;
use crate::ledger::AccountSettings;
use crate::method::PaymentMethod;
use crate::outcome::Outcome;
use crate::report::{Aging, BillingSummary, ChargePlan, Statement};
use crate::series::Series;
use crate::values::{code, date};
use crate::view::{Balance, CreditBalance, CreditSource, InvoiceView, PaymentView};

/// One customer's billing account: invoices, payments, credit and refunds
/// in any number of currencies, exact to the minor unit.
///
/// Kotlin: `Account("acme")`, `Account.fromJson(text)`,
/// `Account.replay(id, entries)`; close it (`use { }`) to free it at once.
/// Safe to call from several threads.
#[derive(Debug, uniffi::Object)]
pub struct Account {
    inner: Mutex<billing_core::Account>,
}

impl Account {
    fn wrap(account: billing_core::Account) -> Arc<Account> {
        Arc::new(Account {
            inner: Mutex::new(account),
        })
    }

    /// The core account, locked for one call.
    ///
    /// A panic while the lock was held (none is expected: the core never
    /// panics; uniffi would report it as an internal error) could have
    /// left an operation half applied. The history holds only committed
    /// operations, so the account is rebuilt from it and the lock is
    /// usable again.
    fn lock(&self) -> MutexGuard<'_, billing_core::Account> {
        self.inner.lock().unwrap_or_else(|poisoned| {
            let mut account = poisoned.into_inner();
            if let Ok(rebuilt) = account
                .to_json()
                .and_then(|text| billing_core::Account::from_json(&text))
            {
                *account = rebuilt;
            }
            self.inner.clear_poison();
            account
        })
    }

    /// Builds an operation against the locked account and executes it
    /// (at `expected_version`, if given).
    pub(crate) fn run(
        &self,
        expected_version: Option<u64>,
        build: impl FnOnce(&billing_core::Account) -> Result<Operation, Error>,
    ) -> Result<Outcome> {
        let mut account = self.lock();
        let operation = build(&account)?;
        let outcome = match expected_version {
            Some(version) => account.execute_expecting(version, operation)?,
            None => account.execute(operation)?,
        };
        Ok(Outcome::try_from(&*outcome)?)
    }

    /// Builds an operation against the locked account and previews it.
    pub(crate) fn run_preview(
        &self,
        build: impl FnOnce(&billing_core::Account) -> Result<Operation, Error>,
    ) -> Result<Outcome> {
        let mut account = self.lock();
        let operation = build(&account)?;
        let outcome = account.preview(operation)?;
        Ok(Outcome::try_from(&*outcome)?)
    }

    /// Runs a read on the locked account.
    fn read<T>(&self, read: impl FnOnce(&billing_core::Account) -> Result<T, Error>) -> Result<T> {
        Ok(read(&self.lock())?)
    }
}

#[uniffi::export]
impl Account {
    /// A new, empty account (default settings if none are given).
    ///
    /// # Errors
    /// `empty_id` (InvalidInput) for an empty id, `invalid_id` (InvalidInput)
    /// for one holding a control or invisible formatting character.
    #[uniffi::constructor(default(settings = None))]
    pub fn new(id: String, settings: Option<AccountSettings>) -> Result<Arc<Account>> {
        let settings = settings.unwrap_or_default().into();
        Ok(Account::wrap(billing_core::Account::new(id, settings)?))
    }

    /// Loads an account from its JSON snapshot (`toJson`).
    ///
    /// # Errors
    /// `invalid_json`, `unsupported_format`, `corrupt_history` (its
    /// `detailsJson` names the entry and the cause), or the code of a value
    /// in it that is not valid (`scale_exceeded` for an amount with too
    /// many decimals, say).
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Account>> {
        Ok(Account::wrap(billing_core::Account::from_json(&text)?))
    }

    /// Rebuilds an account from its history entries
    /// (`history`), oldest first. `settings` are those the account was
    /// opened with (later changes are in the history); the entries carry
    /// neither them nor the id, so store both with the history, or keep
    /// the JSON snapshot (`toJson`), which has them.
    ///
    /// # Errors
    /// `invalid_json` for an entry that does not decode; `corrupt_history`
    /// for one that does not apply, or (cause `settings_mismatch`) for a
    /// history made under other settings: credit beside invoices still due
    /// with auto-apply on.
    #[uniffi::constructor(default(settings = None))]
    pub fn replay(
        id: String,
        entries_json: Vec<String>,
        settings: Option<AccountSettings>,
    ) -> Result<Arc<Account>> {
        let entries = entries_json
            .iter()
            .map(|text| json::from_str::<Entry>(text))
            .collect::<Result<Vec<_>, _>>()?;
        let settings = settings.unwrap_or_default().into();
        Ok(Account::wrap(billing_core::Account::replay(
            id, settings, entries,
        )?))
    }

    /// The versioned JSON snapshot of the whole account (its history).
    pub fn to_json(&self) -> Result<String> {
        self.read(billing_core::Account::to_json)
    }

    /// The account's id.
    pub fn id(&self) -> String {
        self.lock().id().to_owned()
    }

    /// The number of operations applied so far.
    pub fn version(&self) -> u64 {
        self.lock().version()
    }

    /// The current settings.
    pub fn settings(&self) -> AccountSettings {
        self.lock().settings().into()
    }

    /// The codes of the currencies the account has anything in, sorted.
    pub fn currencies(&self) -> Vec<String> {
        self.lock().currencies().into_iter().map(code).collect()
    }

    /// Executes an operation given in its JSON form
    /// (`{"op": "record_payment", ...}`, `docs/json-format.md`), only at
    /// `expectedVersion` if given.
    ///
    /// # Errors
    /// `invalid_json` and the other decoding errors; every error of the
    /// operation. The account is then unchanged.
    #[uniffi::method(default(expected_version = None))]
    pub fn execute(&self, op_json: String, expected_version: Option<u64>) -> Result<Outcome> {
        self.run(expected_version, |_| json::from_str::<Operation>(&op_json))
    }

    /// Previews an operation given in its JSON form: what it would do,
    /// changing nothing.
    ///
    /// # Errors
    /// Exactly those `execute` would raise.
    pub fn preview(&self, op_json: String) -> Result<Outcome> {
        self.run_preview(|_| json::from_str::<Operation>(&op_json))
    }

    /// Executes operations (JSON forms) all or nothing: if one is refused,
    /// none stays applied and the exception's `index` names it (from 0).
    /// `expectedVersion`, if given, is checked until an operation applies, as
    /// `execute` checks it, under the same lock as the whole batch: a batch
    /// retried whole after it was applied returns its original outcomes.
    ///
    /// # Errors
    /// The refused operation's error, with `index` set; `version_conflict`
    /// at the first operation that is not a repeat, at another version.
    #[uniffi::method(default(expected_version = None))]
    pub fn execute_batch(
        &self,
        ops_json: Vec<String>,
        expected_version: Option<u64>,
    ) -> Result<Vec<Outcome>> {
        let operations = ops_json
            .iter()
            .enumerate()
            .map(|(index, text)| {
                json::from_str::<Operation>(text).map_err(|error| BatchError { index, error })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let outcomes = match expected_version {
            Some(version) => self.lock().execute_batch_expecting(version, operations)?,
            None => self.lock().execute_batch(operations)?,
        };
        Ok(outcomes
            .iter()
            .map(|outcome| Outcome::try_from(&**outcome))
            .collect::<Result<_, _>>()?)
    }

    /// Answers a query (`{"query": "summary", "as_of": "2026-02-15"}`,
    /// `docs/json-format.md`) in the answer form, as JSON text.
    ///
    /// # Errors
    /// `invalid_json` for an unknown query; the read's error.
    pub fn query(&self, query_json: String) -> Result<String> {
        let query = json::from_str::<Query>(&query_json)?;
        self.read(|account| account.query(&query))
    }

    /// One invoice's view.
    ///
    /// # Errors
    /// `unknown_invoice` (NotFound).
    pub fn invoice(&self, id: String) -> Result<InvoiceView> {
        self.read(|account| account.invoice(&id).map(InvoiceView::from))
    }

    /// One invoice's document.
    ///
    /// # Errors
    /// `unknown_invoice` (NotFound).
    pub fn document(&self, id: String) -> Result<Invoice> {
        self.read(|account| account.document(&id).map(Invoice::from))
    }

    /// Every invoice's view, drafts included, in the order created.
    pub fn invoices(&self) -> Vec<InvoiceView> {
        let account = self.lock();
        account
            .invoices()
            .into_iter()
            .map(InvoiceView::from)
            .collect()
    }

    /// The invoices overdue on `asOf` by their amounts now, oldest due
    /// first. For amounts as they stood on a past date, read `summary` or
    /// `aging`: those count only what happened by then.
    ///
    /// # Errors
    /// `invalid_date`.
    pub fn overdue(&self, as_of: String) -> Result<Vec<InvoiceView>> {
        let as_of = date(&as_of)?;
        let account = self.lock();
        Ok(account
            .overdue(as_of)
            .into_iter()
            .map(InvoiceView::from)
            .collect())
    }

    /// One payment's view.
    ///
    /// # Errors
    /// `unknown_payment` (NotFound).
    pub fn payment(&self, id: String) -> Result<PaymentView> {
        self.read(|account| account.payment(&id).map(PaymentView::from))
    }

    /// Every payment's view, in the order recorded.
    pub fn payments(&self) -> Vec<PaymentView> {
        let account = self.lock();
        account
            .payments()
            .into_iter()
            .map(PaymentView::from)
            .collect()
    }

    /// The credit balance of a currency (default: the account's only
    /// currency), with its sources.
    ///
    /// # Errors
    /// `unknown_currency`; `currency_required` without a currency if the
    /// account does not use exactly one.
    #[uniffi::method(default(currency = None))]
    pub fn credit(&self, currency: Option<String>) -> Result<CreditBalance> {
        self.read(|account| {
            let currency = account.currency_or_only(currency.as_deref())?;
            Ok(account.credit(currency)?.into())
        })
    }

    /// Every credit source, oldest first (used-up ones included).
    pub fn credit_sources(&self) -> Vec<CreditSource> {
        let account = self.lock();
        account
            .credit_sources()
            .into_iter()
            .map(CreditSource::from)
            .collect()
    }

    /// The balances of a currency (default: the account's only currency).
    ///
    /// # Errors
    /// As `credit`; `overflow`.
    #[uniffi::method(default(currency = None))]
    pub fn balance(&self, currency: Option<String>) -> Result<Balance> {
        self.read(|account| {
            let currency = account.currency_or_only(currency.as_deref())?;
            account.balance(currency).map(Balance::from)
        })
    }

    /// The balances of every currency the account uses.
    ///
    /// # Errors
    /// `overflow`.
    pub fn balances(&self) -> Result<Vec<Balance>> {
        self.read(|account| Ok(account.balances()?.into_iter().map(Balance::from).collect()))
    }

    /// The billing summary of a currency (default: the account's only
    /// currency) on `asOf`.
    ///
    /// # Errors
    /// `invalid_date`; as `credit`.
    #[uniffi::method(default(currency = None))]
    pub fn summary(&self, as_of: String, currency: Option<String>) -> Result<BillingSummary> {
        let as_of = date(&as_of)?;
        self.read(|account| {
            let currency = account.currency_or_only(currency.as_deref())?;
            account.summary(currency, as_of).map(BillingSummary::from)
        })
    }

    /// The billing summaries of every currency on `asOf`.
    ///
    /// # Errors
    /// `invalid_date`.
    pub fn summaries(&self, as_of: String) -> Result<Vec<BillingSummary>> {
        let as_of = date(&as_of)?;
        self.read(|account| {
            Ok(account
                .summaries(as_of)?
                .into_iter()
                .map(BillingSummary::from)
                .collect())
        })
    }

    /// The aging report of a currency (default: the account's only
    /// currency) on `asOf`.
    ///
    /// # Errors
    /// `invalid_date`; as `credit`.
    #[uniffi::method(default(currency = None))]
    pub fn aging(&self, as_of: String, currency: Option<String>) -> Result<Aging> {
        let as_of = date(&as_of)?;
        self.read(|account| {
            let currency = account.currency_or_only(currency.as_deref())?;
            account.aging(currency, as_of).map(Aging::from)
        })
    }

    /// The statement of a currency (default: the account's only currency)
    /// from `from` to `to`, both included.
    ///
    /// # Errors
    /// `invalid_date`; `invalid_period` if `from` is after `to`; as
    /// `credit`.
    #[uniffi::method(default(currency = None))]
    pub fn statement(
        &self,
        from: String,
        to: String,
        currency: Option<String>,
    ) -> Result<Statement> {
        let (from, to) = (date(&from)?, date(&to)?);
        self.read(|account| {
            let currency = account.currency_or_only(currency.as_deref())?;
            account.statement(currency, from, to).map(Statement::from)
        })
    }

    /// The automatic charges due on `asOf`.
    ///
    /// # Errors
    /// `invalid_date`.
    pub fn auto_charge_plan(&self, as_of: String) -> Result<ChargePlan> {
        let as_of = date(&as_of)?;
        self.read(|account| account.auto_charge_plan(as_of).map(ChargePlan::from))
    }

    /// The live payment methods, in the order added.
    pub fn payment_methods(&self) -> Vec<PaymentMethod> {
        let account = self.lock();
        account
            .payment_methods()
            .into_iter()
            .map(PaymentMethod::from)
            .collect()
    }

    /// The default payment method, if any.
    pub fn default_payment_method(&self) -> Option<PaymentMethod> {
        self.lock()
            .default_payment_method()
            .map(PaymentMethod::from)
    }

    /// One recurring series.
    ///
    /// # Errors
    /// `unknown_series` (NotFound).
    pub fn series(&self, id: String) -> Result<Series> {
        self.read(|account| account.series(&id).map(|s| Series::from(&s)))
    }

    /// Every series, in the order added.
    pub fn series_list(&self) -> Vec<Series> {
        let account = self.lock();
        account.series_list().iter().map(Series::from).collect()
    }

    /// The history entries, oldest first, each in its JSON form (what an
    /// app stores; `replay` takes them back).
    pub fn history(&self) -> Result<Vec<String>> {
        self.read(|account| account.history().map(json::to_string).collect())
    }

    /// The invariant check: null if every invariant holds, else the first
    /// that does not.
    pub fn verify(&self) -> Option<String> {
        self.lock().verify().err().map(|e| e.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poisoned_lock_is_recovered_from_the_history() {
        let account = Account::new("acme".into(), None).unwrap();
        account
            .execute(
                r#"{"op": "record_payment", "payment": "PAY-1", "amount": "10.00", "currency": "USD", "date": "2026-01-05"}"#
                    .into(),
                None,
            )
            .unwrap();
        let poisoner = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _guard = account.inner.lock().unwrap();
            panic!("a panic while the lock is held");
        }));
        assert!(poisoner.is_err());
        assert!(account.inner.is_poisoned());
        assert_eq!(account.version(), 1);
        assert!(!account.inner.is_poisoned());
        assert_eq!(account.verify(), None);
        assert_eq!(account.payments().len(), 1);
    }
}
