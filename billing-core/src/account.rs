//! The account: one customer's billing profile in any number of
//! currencies. It takes operations, keeps every balance exact, and keeps
//! the history that rebuilds it.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, OnceLock};

use foldhash::fast::FixedState;
use hashbrown::HashTable;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::currency::Currency;
use crate::error::Error;
use crate::error::OrOverflow;
use crate::event::{Event, apply};
use crate::invoice::{Invoice, InvoiceKind, check_id, require_id};
use crate::json::Document;
use crate::ledger::{
    AccountSettings, Id, InvoiceFigures, Ledger, Payer, PaymentState, Settlement, at,
};
use crate::money::Money;
use crate::operation::{CreateDraft, IssueInvoice, KeyKind, Operation, Txn, decide};
use crate::status::InvoiceStatus;
use crate::view::{
    AllocationView, Balance, CreditBalance, CreditOrigin, CreditSourceView, InvoiceAmounts,
    InvoiceChange, InvoiceView, PaymentView, RefundView,
};

/// One applied operation as it is stored: its version, the operation, and
/// the events it produced. An account's entries, in order, are its whole
/// history: [`Account::replay`] rebuilds the account from them.
///
/// JSON: `{"version": 3, "operation": {"op": ...}, "events": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "DecodedEntry")]
pub struct Entry {
    /// The account version this entry produced (1 for the first).
    pub version: u64,
    /// The operation.
    pub operation: Operation,
    /// Its events, in the order applied.
    pub events: Vec<Event>,
}

impl Entry {
    /// The key the account files in its key table for this entry, if any:
    /// [`Operation::table_key`], and also the key of an operation whose key
    /// is the id of the record it creates when its first event does not
    /// create that record (a history edited by hand, which replay takes
    /// as written): no record keeps the entry's position then.
    fn table_key(&self) -> Option<(KeyKind, &str)> {
        let key = self.operation.key()?;
        let created = match (&self.operation, self.events.first()) {
            (Operation::RecordPayment(op), Some(Event::PaymentRecorded { payment, .. })) => {
                **payment == *op.payment
            }
            (
                Operation::CreateDraft(CreateDraft { invoice: doc })
                | Operation::IssueInvoice(IssueInvoice { invoice: doc }),
                Some(Event::DraftCreated { invoice, .. }),
            ) => invoice.id() == doc.id(),
            _ => false,
        };
        match self.operation.table_key() {
            None if created => None,
            _ => Some(key),
        }
    }
}

/// An entry as its JSON decodes: a draft's document is written twice, in
/// the operation and in its event, and so decodes as two copies.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a history entry: an object with version, operation and events"
)]
struct DecodedEntry {
    version: u64,
    operation: Operation,
    events: Vec<Event>,
}

/// The two copies of a document are made one again, as the entry was when
/// applied: a loaded account keeps each document once.
impl From<DecodedEntry> for Entry {
    fn from(decoded: DecodedEntry) -> Entry {
        let DecodedEntry {
            version,
            operation,
            mut events,
        } = decoded;
        if let Some(document) = operation.document() {
            for event in &mut events {
                if let Event::DraftCreated { invoice, .. } | Event::DraftUpdated { invoice, .. } =
                    event
                    && invoice == document
                {
                    *invoice = Arc::clone(document);
                }
            }
        }
        Entry {
            version,
            operation,
            events,
        }
    }
}

/// What an operation did (or, from a preview, would do): the stored entry
/// and how each invoice it touched changed.
///
/// JSON (written, not read): `{"entry": {...}, "invoices": [{"invoice",
/// "before", "after"}, ...], "allocations": [{"payment", "invoice",
/// "amount"}, ...], "credit_created": [{"source", "amount"}, ...],
/// "credit_applied": [{"source", "invoice", "amount"}, ...]}`; the last
/// three are read off the events, for callers that do not walk them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    entry: Entry,
    changes: Changes,
}

/// The invoices an operation touched: most touch one, so that one is kept
/// inline (the account keeps every outcome).
#[derive(Debug, Clone, PartialEq, Eq)]
// Inline on purpose: boxing the common case would add the very allocation
// this type exists to avoid.
#[allow(clippy::large_enum_variant)]
enum Changes {
    One(Change),
    Many(Box<[Change]>),
}

impl Changes {
    fn as_slice(&self) -> &[Change] {
        match self {
            Changes::One(change) => std::slice::from_ref(change),
            Changes::Many(changes) => changes,
        }
    }
}

/// One invoice's figures before and after, kept compact (an account keeps
/// the outcome of every operation for idempotent repeats).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    invoice: Id,
    kind: InvoiceKind,
    currency: Currency,
    before: Option<KeptFigures>,
    after: Option<KeptFigures>,
}

impl Change {
    fn view(&self) -> InvoiceChange {
        let amounts =
            |f: &KeptFigures| InvoiceAmounts::from_figures(&f.figures(), self.kind, self.currency);
        InvoiceChange {
            invoice: self.invoice.to_string(),
            before: self.before.as_ref().map(amounts),
            after: self.after.as_ref().map(amounts),
        }
    }
}

/// An invoice's figures as an outcome keeps them (never a deleted draft's:
/// those are kept as `None`). The six amounts take 64 bits each when all of
/// them fit, as they do for any invoice under 9.2 * 10^18 minor units;
/// larger ones are kept whole, boxed. That halves the bytes of the figures
/// the account keeps for every invoice every operation touched.
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeptFigures {
    Small {
        /// total, reversed, paid, pending, credited, credit remaining.
        amounts: [i64; 6],
        status: InvoiceStatus,
        issued_on: Option<NaiveDate>,
        voided_on: Option<NaiveDate>,
        written_off_on: Option<NaiveDate>,
    },
    Big(Box<InvoiceFigures>),
}

impl KeptFigures {
    fn keep(f: &InvoiceFigures) -> KeptFigures {
        let narrow = [
            f.total,
            f.reversed,
            f.paid,
            f.pending,
            f.credited,
            f.credit_remaining,
        ]
        .map(i64::try_from);
        let [Ok(a), Ok(b), Ok(c), Ok(d), Ok(e), Ok(g)] = narrow else {
            return KeptFigures::Big(Box::new(*f));
        };
        let amounts = [a, b, c, d, e, g];
        KeptFigures::Small {
            amounts,
            status: f.status,
            issued_on: f.issued_on,
            voided_on: f.voided_on,
            written_off_on: f.written_off_on,
        }
    }

    fn figures(&self) -> InvoiceFigures {
        match self {
            KeptFigures::Big(figures) => **figures,
            KeptFigures::Small {
                amounts,
                status,
                issued_on,
                voided_on,
                written_off_on,
            } => {
                let [total, reversed, paid, pending, credited, credit_remaining] =
                    amounts.map(i128::from);
                InvoiceFigures {
                    status: *status,
                    issued_on: *issued_on,
                    voided_on: *voided_on,
                    written_off_on: *written_off_on,
                    deleted: false,
                    total,
                    reversed,
                    paid,
                    pending,
                    credited,
                    credit_remaining,
                }
            }
        }
    }
}

impl Outcome {
    /// The history entry: the operation, its events and the version.
    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    /// The account version after the operation.
    pub fn version(&self) -> u64 {
        self.entry.version
    }

    /// The events.
    pub fn events(&self) -> &[Event] {
        &self.entry.events
    }

    /// Every invoice touched, with its amounts and status before and after,
    /// in the order first touched.
    pub fn invoices(&self) -> Vec<InvoiceChange> {
        self.changes.as_slice().iter().map(Change::view).collect()
    }

    /// The change of one invoice, if the operation touched it.
    pub fn invoice(&self, id: &str) -> Option<InvoiceChange> {
        self.changes
            .as_slice()
            .iter()
            .find(|c| &*c.invoice == id)
            .map(Change::view)
    }

    /// Payment allocations made, as `(payment, invoice, amount)`.
    pub fn allocations(&self) -> Vec<(&str, &str, Money)> {
        self.events()
            .iter()
            .filter_map(|e| match e {
                Event::PaymentAllocated {
                    payment,
                    invoice,
                    amount,
                } => Some((&**payment, &**invoice, *amount)),
                _ => None,
            })
            .collect()
    }

    /// Credit created, as `(source number, amount)`.
    pub fn credit_created(&self) -> Vec<(u32, Money)> {
        self.events()
            .iter()
            .filter_map(|e| match e {
                Event::CreditCreated { source, amount, .. } => Some((*source, *amount)),
                _ => None,
            })
            .collect()
    }

    /// Credit applied to invoices, as `(source number, invoice, amount)`.
    pub fn credit_applied(&self) -> Vec<(u32, &str, Money)> {
        self.events()
            .iter()
            .filter_map(|e| match e {
                Event::CreditApplied {
                    source,
                    invoice,
                    amount,
                } => Some((*source, &**invoice, *amount)),
                _ => None,
            })
            .collect()
    }
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Allocated<'a> {
            payment: &'a str,
            invoice: &'a str,
            amount: Money,
        }
        #[derive(Serialize)]
        struct Created {
            source: u32,
            amount: Money,
        }
        #[derive(Serialize)]
        struct Applied<'a> {
            source: u32,
            invoice: &'a str,
            amount: Money,
        }
        #[derive(Serialize)]
        struct OutcomeForm<'a> {
            entry: &'a Entry,
            invoices: Vec<InvoiceChange>,
            allocations: Vec<Allocated<'a>>,
            credit_created: Vec<Created>,
            credit_applied: Vec<Applied<'a>>,
        }
        let allocations = self.allocations().into_iter();
        let created = self.credit_created().into_iter();
        let applied = self.credit_applied().into_iter();
        OutcomeForm {
            entry: &self.entry,
            invoices: self.invoices(),
            allocations: allocations
                .map(|(payment, invoice, amount)| Allocated {
                    payment,
                    invoice,
                    amount,
                })
                .collect(),
            credit_created: created
                .map(|(source, amount)| Created { source, amount })
                .collect(),
            credit_applied: applied
                .map(|(source, invoice, amount)| Applied {
                    source,
                    invoice,
                    amount,
                })
                .collect(),
        }
        .serialize(serializer)
    }
}

/// Why a batch ([`Account::execute_batch`]) was refused: the position of
/// the first refused operation (from 0) and its error. The account is
/// unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("operation {index} of the batch was refused: {error}")]
pub struct BatchError {
    /// The position of the refused operation in the batch, from 0.
    pub index: usize,
    /// Why it was refused.
    pub error: Error,
}

/// An account's history: every applied operation's entry, with its
/// outcome.
///
/// The entries a replay loaded come first, kept bare: their outcomes are
/// derived data (a replay of the same entries always gives the same ones),
/// so they are rebuilt only when first asked for, by an idempotent repeat
/// or [`Account::outcome_of`]. Loading an account then costs what its state
/// costs, not also every stored outcome. The operations applied since keep
/// their outcomes as they run.
#[derive(Debug, Clone, Default)]
struct History {
    /// The entries replay loaded, oldest first (positions from 0): the
    /// vector the caller passed, each entry checked and applied where it
    /// lies (not moved into a copy).
    replayed: Vec<Entry>,
    /// How many of them are in the history: all of them once the replay
    /// is done; while it runs, the ones checked and applied so far.
    loaded: usize,
    /// Their outcomes, once rebuilt.
    rebuilt: OnceLock<Vec<Arc<Outcome>>>,
    /// The outcomes of the operations applied since (positions from
    /// `loaded`).
    applied: Vec<Arc<Outcome>>,
}

impl History {
    fn len(&self) -> usize {
        self.loaded.saturating_add(self.applied.len())
    }

    /// The version the last entry produced (0 for none).
    fn version(&self) -> u64 {
        u64::try_from(self.len()).unwrap_or(u64::MAX)
    }

    /// The version the entry at a log position produced.
    fn version_at(&self, position: usize) -> u64 {
        self.entry(position).map_or(0, |e| e.version)
    }

    /// The log position the next entry takes (records keep it as `u32`).
    fn next_position(&self) -> Result<u32, Error> {
        u32::try_from(self.len()).map_err(|_| Error::Overflow)
    }

    /// The entry at a log position.
    fn entry(&self, position: usize) -> Option<&Entry> {
        match position.checked_sub(self.loaded) {
            None => self.replayed.get(position),
            Some(applied) => self.applied.get(applied).map(|o| &o.entry),
        }
    }

    /// Drops the applied outcomes from log position `start` on and returns
    /// them (replayed entries are never dropped: a batch starts after them).
    fn split_off(&mut self, start: usize) -> Vec<Arc<Outcome>> {
        let from = start.saturating_sub(self.loaded);
        self.applied.split_off(from.min(self.applied.len()))
    }
}

/// The entries of a history in order, as [`Account::history`] returns them.
struct Entries<'a> {
    history: &'a History,
    next: usize,
}

impl<'a> Iterator for Entries<'a> {
    type Item = &'a Entry;

    fn next(&mut self) -> Option<&'a Entry> {
        let entry = self.history.entry(self.next)?;
        self.next = self.next.saturating_add(1);
        Some(entry)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.history.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Entries<'_> {}

/// Idempotency keys already used: for each entry that carries a key, the
/// key's hash and the entry's log position, in a hash table. The key itself
/// is read from the entry in the log, so a hash collision can never match
/// the wrong entry and no copy of the key is kept.
///
/// Entries whose key is the id of the record they create are not in the
/// table (see [`Entry::table_key`]): the record keeps their position
/// (see [`Account::key_position`]).
#[derive(Debug, Clone, Default)]
struct Keys(HashTable<(u64, usize)>);

fn key_hash(kind: KeyKind, key: &str) -> u64 {
    let mut hasher = FixedState::default().build_hasher();
    kind.slot().hash(&mut hasher);
    key.hash(&mut hasher);
    hasher.finish()
}

impl Keys {
    /// The log position of the entry with this key, if any.
    fn find(&self, kind: KeyKind, key: &str, history: &History) -> Option<usize> {
        let hash = key_hash(kind, key);
        let is_it = |&(h, p): &(u64, usize)| {
            h == hash && history.entry(p).and_then(|e| e.operation.key()) == Some((kind, key))
        };
        self.0.find(hash, is_it).map(|&(_, p)| p)
    }

    /// Files the idempotency key of the entry at `position`, if it goes
    /// in the table.
    fn remember(&mut self, entry: &Entry, position: usize) {
        if let Some((kind, key)) = entry.table_key() {
            let hash = key_hash(kind, key);
            self.0.insert_unique(hash, (hash, position), |&(h, _)| h);
        }
    }

    /// Forgets that the entry at `position` used this key.
    fn remove(&mut self, kind: KeyKind, key: &str, position: usize) {
        let hash = key_hash(kind, key);
        if let Ok(slot) = self.0.find_entry(hash, |&(_, p)| p == position) {
            slot.remove();
        }
    }
}

/// Two key tables are equal when they hold the same keys at the same
/// positions (the table's layout does not matter).
impl PartialEq for Keys {
    fn eq(&self, other: &Keys) -> bool {
        let sorted = |keys: &Keys| {
            let mut all: Vec<(u64, usize)> = keys.0.iter().copied().collect();
            all.sort_unstable();
            all
        };
        self.0.len() == other.0.len() && sorted(self) == sorted(other)
    }
}

impl Eq for Keys {}

/// One customer's billing account: invoices, payments, credit and refunds
/// in any number of currencies, kept exact to the minor unit.
///
/// Every change is an [`Operation`]: it is checked against the account and
/// then applied whole, or refused with an [`Error`] and the account left
/// exactly as it was. [`Account::preview`] runs the same code and changes
/// nothing. Each applied operation appends an [`Entry`] to the history;
/// [`Account::replay`] and the JSON form rebuild an identical account.
///
/// The rules are those of the project's domain notes; the decisions they
/// leave open are documented on each operation type. In short:
/// - A charge invoice's `due = total − reversed − paid − credited`, never
///   negative; pending payments hold part of it without paying it.
/// - Payments allocate explicitly or by an [`AllocationStrategy`](crate::AllocationStrategy);
///   money left over becomes credit traced to the payment, or is refused.
/// - Credit is used oldest source first. With auto-apply on (the default),
///   after every operation either no credit or no open invoice remains in
///   each currency.
///
/// # Example
/// ```
/// use billing_core::{Account, Currency, Invoice, InvoiceKind, Line, Money, RecordPayment};
/// use billing_core::{parse_date, parse_decimal, InvoiceStatus};
///
/// let usd = Currency::iso("USD")?;
/// let mut account = Account::new("acme", Default::default())?;
/// let invoice = Invoice::builder("INV-1", InvoiceKind::Recurring, usd,
///         parse_date("2026-01-01")?, parse_date("2026-01-31")?)
///     .line(Line::new("Compute", parse_decimal("1")?, parse_decimal("100.00")?))
///     .build()?;
/// account.execute(billing_core::IssueInvoice { invoice: invoice.into() })?;
///
/// // Preview first: nothing changes.
/// let pay = RecordPayment::new("PAY-1", Money::parse("150.00", usd)?, parse_date("2026-01-20")?);
/// let preview = account.preview(pay.clone())?;
/// assert_eq!(preview.allocations()[0].2, Money::parse("100.00", usd)?);
/// assert_eq!(account.version(), 1);
///
/// let outcome = account.execute(pay)?;
/// assert_eq!(outcome, preview);                  // preview equals execute
/// assert_eq!(account.invoice("INV-1")?.amounts.status, InvoiceStatus::Paid);
/// assert_eq!(account.credit(usd)?.available, Money::parse("50.00", usd)?);
///
/// // A repeat with the same content returns the original outcome.
/// let again = RecordPayment::new("PAY-1", Money::parse("150.00", usd)?, parse_date("2026-01-20")?);
/// assert_eq!(account.execute(again)?, outcome);
/// assert_eq!(account.version(), 2);
/// # Ok::<(), billing_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Account {
    id: String,
    initial: AccountSettings,
    ledger: Ledger,
    history: History,
    keys: Keys,
    /// Reused buffer of the invoices an operation touched (always empty
    /// between operations).
    touched: Vec<(u32, Option<InvoiceFigures>)>,
    /// Reused buffer for allocation plans (always empty between operations).
    plan: Vec<(u32, i128)>,
}

impl Account {
    /// A new, empty account.
    ///
    /// # Errors
    /// [`Error::EmptyId`] if `id` is empty, [`Error::InvalidId`] if it holds
    /// a control or invisible formatting character.
    pub fn new(id: impl Into<String>, settings: AccountSettings) -> Result<Account, Error> {
        let id = id.into();
        require_id(&id, "account id")?;
        Ok(Account {
            id,
            initial: settings,
            ledger: Ledger::new(settings),
            history: History::default(),
            keys: Keys::default(),
            touched: Vec::new(),
            plan: Vec::new(),
        })
    }

    /// The account's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The current settings.
    pub fn settings(&self) -> AccountSettings {
        self.ledger.settings
    }

    /// The number of operations applied so far.
    pub fn version(&self) -> u64 {
        self.history.version()
    }

    /// Applies an operation.
    ///
    /// # Errors
    /// - [`Error::IdempotencyConflict`] if the operation's idempotency key
    ///   was used for an operation with other content. (Same content: the
    ///   original outcome is returned and nothing changes.)
    /// - Any error of the operation's checks; see each operation type. The
    ///   account is then unchanged.
    pub fn execute(&mut self, operation: impl Into<Operation>) -> Result<Arc<Outcome>, Error> {
        self.run(operation.into(), None, true)
    }

    /// Applies an operation only if the account is at `expected_version`
    /// (optimistic concurrency for apps that store history elsewhere).
    ///
    /// # Errors
    /// [`Error::VersionConflict`] if the account is at another version, and
    /// everything [`execute`](Self::execute) can return. An idempotent
    /// repeat returns the original outcome whatever the version.
    pub fn execute_expecting(
        &mut self,
        expected_version: u64,
        operation: impl Into<Operation>,
    ) -> Result<Arc<Outcome>, Error> {
        self.run(operation.into(), Some(expected_version), true)
    }

    /// Applies a batch of operations all or nothing: each is applied in
    /// order as by [`execute`](Self::execute); if one is refused, every
    /// operation of the batch is undone and the account is exactly as
    /// before. For scripts that load thousands of invoices and payments in
    /// one call.
    ///
    /// # Errors
    /// [`BatchError`]: the position in the batch of the first refused
    /// operation and why it was refused.
    ///
    /// # Example
    /// ```
    /// use billing_core::{Account, Currency, Money, Operation, RecordPayment, parse_date};
    ///
    /// let usd = Currency::iso("USD")?;
    /// let mut account = Account::new("acme", Default::default())?;
    /// let pay = |id: &str, amount: &str| -> Result<Operation, billing_core::Error> {
    ///     Ok(RecordPayment::new(id, Money::parse(amount, usd)?, parse_date("2026-01-05")?).into())
    /// };
    /// let refused = account.execute_batch([pay("PAY-1", "10.00")?, pay("PAY-2", "-1.00")?]).unwrap_err();
    /// assert_eq!((refused.index, refused.error.code()), (1, "non_positive_amount"));
    /// assert_eq!(account.version(), 0); // PAY-1 was undone too
    ///
    /// let outcomes = account.execute_batch([pay("PAY-1", "10.00")?, pay("PAY-2", "5.00")?])?;
    /// assert_eq!((outcomes.len(), account.version()), (2, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn execute_batch<I>(&mut self, operations: I) -> Result<Vec<Arc<Outcome>>, BatchError>
    where
        I: IntoIterator,
        I::Item: Into<Operation>,
    {
        self.batch(None, operations)
    }

    /// [`execute_batch`](Self::execute_batch), only if the account is at
    /// `expected_version`. Each operation is checked as
    /// [`execute_expecting`](Self::execute_expecting) checks one, until one
    /// applies: idempotent repeats before it return their outcomes whatever
    /// the version. So a batch retried whole after it was applied returns
    /// its original outcomes, and a stale batch is refused at its first
    /// operation that is not a repeat.
    ///
    /// # Errors
    /// As [`execute_batch`](Self::execute_batch); at another version,
    /// [`Error::VersionConflict`] at the index of the first operation that
    /// is not a repeat (0 for an empty batch), with nothing applied.
    ///
    /// # Example
    /// ```
    /// use billing_core::{Account, Currency, Money, RecordPayment, parse_date};
    ///
    /// let usd = Currency::iso("USD")?;
    /// let mut account = Account::new("acme", Default::default())?;
    /// let pay = |id: &str| -> Result<RecordPayment, billing_core::Error> {
    ///     Ok(RecordPayment::new(id, Money::parse("10.00", usd)?, parse_date("2026-01-05")?))
    /// };
    /// account.execute_batch_expecting(0, [pay("PAY-1")?, pay("PAY-2")?])?;
    ///
    /// // Another writer's view, taken at version 0, is stale now.
    /// let stale = account.execute_batch_expecting(0, [pay("PAY-3")?]).unwrap_err();
    /// assert_eq!((stale.index, stale.error.code()), (0, "version_conflict"));
    ///
    /// // The same batch again returns its original outcomes.
    /// let again = account.execute_batch_expecting(0, [pay("PAY-1")?, pay("PAY-2")?])?;
    /// assert_eq!((again[1].version(), account.version()), (2, 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn execute_batch_expecting<I>(
        &mut self,
        expected_version: u64,
        operations: I,
    ) -> Result<Vec<Arc<Outcome>>, BatchError>
    where
        I: IntoIterator,
        I::Item: Into<Operation>,
    {
        self.batch(Some(expected_version), operations)
    }

    fn batch<I>(
        &mut self,
        mut expected: Option<u64>,
        operations: I,
    ) -> Result<Vec<Arc<Outcome>>, BatchError>
    where
        I: IntoIterator,
        I::Item: Into<Operation>,
    {
        let start = self.history.len();
        let stamp = self.ledger.stamp();
        let operations = operations.into_iter();
        let mut outcomes = Vec::with_capacity(operations.size_hint().0);
        self.ledger.begin_batch();
        for (index, operation) in operations.enumerate() {
            let applied = self.history.len();
            match self.run(operation.into(), expected, true) {
                Ok(outcome) => {
                    // Checked until an operation applies (repeats apply
                    // nothing); the ones after it follow it.
                    if self.history.len() > applied {
                        expected = None;
                    }
                    outcomes.push(outcome);
                }
                Err(error) => {
                    self.ledger.end_batch(false);
                    self.ledger.restamp(stamp);
                    self.forget_from(start);
                    return Err(BatchError { index, error });
                }
            }
        }
        self.ledger.end_batch(true);
        // An empty batch, which ran no check.
        match expected {
            Some(expected) if outcomes.is_empty() && expected != self.version() => {
                Err(BatchError {
                    index: 0,
                    error: Error::VersionConflict {
                        expected,
                        actual: self.version(),
                    },
                })
            }
            _ => Ok(outcomes),
        }
    }

    /// Drops the log entries from `start` on, with their idempotency keys.
    fn forget_from(&mut self, start: usize) {
        let dropped = self.history.split_off(start);
        for (offset, outcome) in dropped.iter().enumerate() {
            if let Some((kind, key)) = outcome.entry.table_key() {
                self.keys.remove(kind, key, start.saturating_add(offset));
            }
        }
    }

    /// Runs an operation and reports what it would do, changing nothing:
    /// the same code path as [`execute`](Self::execute), rolled back at the
    /// end (hence `&mut self`; afterwards the account is identical).
    ///
    /// # Errors
    /// Exactly those [`execute`](Self::execute) would return.
    pub fn preview(&mut self, operation: impl Into<Operation>) -> Result<Arc<Outcome>, Error> {
        self.run(operation.into(), None, false)
    }

    fn run(
        &mut self,
        mut operation: Operation,
        expected: Option<u64>,
        commit: bool,
    ) -> Result<Arc<Outcome>, Error> {
        operation.resolve_currency(|code| self.currency(code))?;
        if let Some((kind, key)) = operation.key() {
            if let Some(position) = self.key_position(kind, key) {
                return match self.history.entry(position) {
                    Some(done) if done.operation == operation => {
                        self.outcome_at(position).cloned().or_overflow()
                    }
                    _ => Err(Error::IdempotencyConflict {
                        key: format!("{}:{key}", kind.prefix()),
                        version: self.history.version_at(position),
                    }),
                };
            }
            check_id(key, || format!("{} id", kind.prefix()))?;
        }
        if let Some(expected) = expected
            && expected != self.version()
        {
            return Err(Error::VersionConflict {
                expected,
                actual: self.version(),
            });
        }
        let previous = self.ledger.stamp();
        self.ledger
            .restamp((operation.date(), self.history.next_position()?));
        let mut tx = Txn {
            ledger: &mut self.ledger,
            // Most operations produce two events.
            events: Vec::with_capacity(2),
            plan: std::mem::take(&mut self.plan),
        };
        let decided = decide(&mut tx, &operation);
        let events = tx.events;
        self.plan = tx.plan;
        let outcome = decided
            .and_then(|()| check_payments_balanced(&self.ledger))
            .map(|()| self.outcome(operation, events));
        match outcome {
            Ok(outcome) if commit => {
                self.ledger.commit();
                self.ledger.sync();
                let outcome = Arc::new(outcome);
                self.remember(outcome.clone());
                Ok(outcome)
            }
            Ok(outcome) => {
                self.ledger.rollback();
                self.ledger.restamp(previous);
                Ok(Arc::new(outcome))
            }
            Err(err) => {
                self.ledger.rollback();
                self.ledger.restamp(previous);
                Err(err)
            }
        }
    }

    fn outcome(&mut self, operation: Operation, mut events: Vec<Event>) -> Outcome {
        self.ledger.touched_invoices(&mut self.touched);
        let ledger = &self.ledger;
        let change = |(index, before): &(u32, Option<InvoiceFigures>)| {
            let record = ledger.invoice(*index)?;
            Some(Change {
                invoice: record.id.clone(),
                kind: record.kind(),
                currency: record.currency(),
                before: before
                    .as_ref()
                    .filter(|f| !f.deleted)
                    .map(KeptFigures::keep),
                after: (!record.fig.deleted).then(|| KeptFigures::keep(&record.fig)),
            })
        };
        // Most operations touch one invoice: kept inline, with no
        // collection allocated; several are kept with no spare room.
        let changes = match self.touched.as_slice() {
            [only] => change(only).map_or_else(|| Changes::Many(Box::default()), Changes::One),
            all => {
                let mut many = Vec::with_capacity(all.len());
                many.extend(all.iter().filter_map(change));
                Changes::Many(many.into_boxed_slice())
            }
        };
        self.touched.clear();
        // Kept for the account's life: no spare capacity.
        events.shrink_to_fit();
        Outcome {
            entry: Entry {
                version: self.version().saturating_add(1),
                operation,
                events,
            },
            changes,
        }
    }

    fn remember(&mut self, outcome: Arc<Outcome>) {
        self.keys.remember(&outcome.entry, self.history.len());
        self.history.applied.push(outcome);
    }

    /// The log position of the entry that used this idempotency key, if
    /// any (see [`key_position`]).
    fn key_position(&self, kind: KeyKind, key: &str) -> Option<usize> {
        key_position(&self.ledger, &self.keys, &self.history, kind, key)
    }

    // ----- history -------------------------------------------------------

    /// The history entries, oldest first.
    pub fn history(&self) -> impl ExactSizeIterator<Item = &Entry> {
        Entries {
            history: &self.history,
            next: 0,
        }
    }

    /// The outcome of the operation that produced `version`, if any: what
    /// it returned when it was applied, as an idempotent repeat of it
    /// returns it.
    ///
    /// On an account loaded by [`replay`](Self::replay) (or
    /// [`from_json`](Self::from_json)), the first call for a replayed
    /// operation, or the first repeat of one, rebuilds the outcomes of all
    /// the replayed operations, by replaying their entries once more; the
    /// calls after it read them.
    pub fn outcome_of(&self, version: u64) -> Option<&Arc<Outcome>> {
        self.outcome_at(usize::try_from(version.checked_sub(1)?).ok()?)
    }

    fn outcome_at(&self, position: usize) -> Option<&Arc<Outcome>> {
        let history = &self.history;
        match position.checked_sub(history.loaded) {
            Some(applied) => history.applied.get(applied),
            None => history
                .rebuilt
                .get_or_init(|| self.rebuild_outcomes().unwrap_or_default())
                .get(position),
        }
    }

    /// Rebuilds an account from its history entries. The result is equal to
    /// the account that produced them (same state, same outcomes, same
    /// idempotency keys).
    ///
    /// A `Vec` of entries becomes the account's history as it is: each
    /// entry is checked and applied where it lies, not copied.
    ///
    /// # Errors
    /// - [`Error::EmptyId`] or [`Error::InvalidId`] for an account id that is
    ///   empty or holds a control or invisible formatting character.
    /// - [`Error::CorruptHistory`] naming the first entry that is out of
    ///   order, reuses an idempotency key, or whose events do not apply;
    ///   its `cause` says why. A history that ends with credit beside
    ///   invoices still due while `settings` apply credit automatically
    ///   was made under other settings: its last entry is named, with the
    ///   cause [`Error::SettingsMismatch`].
    ///
    /// `settings` are the settings the account was opened with (changes
    /// since are in the history); neither they nor `id` are in the entries,
    /// so store them with the history (the JSON snapshot has both).
    ///
    /// The stored outcomes of the replayed operations (what an idempotent
    /// repeat returns) are derived from the entries: they are rebuilt the
    /// first time one is asked for (see [`outcome_of`](Self::outcome_of)),
    /// not by the replay.
    pub fn replay(
        id: impl Into<String>,
        settings: AccountSettings,
        entries: impl IntoIterator<Item = Entry>,
    ) -> Result<Account, Error> {
        // A vector is kept as it is (no copy), anything else collected.
        Account::replay_vec(id.into(), settings, entries.into_iter().collect())
    }

    /// The replay, not generic: one copy of it in a build, whatever its
    /// callers pass (the WebAssembly module counts its bytes).
    fn replay_vec(
        id: String,
        settings: AccountSettings,
        mut entries: Vec<Entry>,
    ) -> Result<Account, Error> {
        let mut account = Account::new(id, settings)?;
        account.ledger.begin_replay();
        account.ledger.reserve(entries.len());
        // Kept for the account's life: no spare capacity (a decoder grows
        // its vector by doubling).
        entries.shrink_to_fit();
        account.history.replayed = entries;
        while account.history.loaded < account.history.replayed.len() {
            account.replay_next()?;
        }
        account.ledger.reindex_all();
        if let Some(currency) = account.ledger.credit_beside_due() {
            return Err(Error::CorruptHistory {
                version: account.version(),
                cause: Box::new(Error::SettingsMismatch { currency }),
            });
        }
        Ok(account)
    }

    /// Checks and applies the first replayed entry not yet loaded, where it
    /// lies in the replayed entries.
    fn replay_next(&mut self) -> Result<(), Error> {
        let Account {
            ledger,
            history,
            keys,
            ..
        } = self;
        let position = history.loaded;
        let Some(entry) = history.replayed.get_mut(position) else {
            return Ok(());
        };
        let version = entry.version;
        let corrupt = |cause| Error::CorruptHistory {
            version,
            cause: Box::new(cause),
        };
        entry
            .operation
            .resolve_currency(|code| ledger.currency_by_code(code))
            .map_err(corrupt)?;
        // Kept for the account's life: no spare capacity.
        entry.events.shrink_to_fit();
        let Some(entry) = history.replayed.get(position) else {
            return Ok(());
        };
        apply_entry(ledger, keys, history, entry).map_err(corrupt)?;
        ledger.commit();
        keys.remember(entry, position);
        history.loaded = position.saturating_add(1);
        Ok(())
    }

    /// The outcomes of the replayed entries, rebuilt by replaying them once
    /// more (they replayed once already).
    fn rebuild_outcomes(&self) -> Result<Vec<Arc<Outcome>>, Error> {
        let mut account = Account::new(self.id.clone(), self.initial)?;
        let entries = self
            .history
            .replayed
            .get(..self.history.loaded)
            .unwrap_or_default();
        account.history.applied.reserve(entries.len());
        account.ledger.reserve(entries.len());
        for entry in entries {
            let mut entry = entry.clone();
            entry
                .operation
                .resolve_currency(|code| account.ledger.currency_by_code(code))?;
            apply_entry(&mut account.ledger, &account.keys, &account.history, &entry)?;
            // An outcome reads the invoice figures before it off the undo
            // journal: committed after.
            let outcome = account.outcome(entry.operation, entry.events);
            account.ledger.commit();
            account.remember(Arc::new(outcome));
        }
        Ok(account.history.applied)
    }

    // ----- reads ---------------------------------------------------------

    /// An invoice (any kind) by id.
    ///
    /// # Errors
    /// [`Error::UnknownInvoice`] if there is none (deleted drafts are gone).
    pub fn invoice(&self, id: &str) -> Result<InvoiceView, Error> {
        let (_, record) = self.ledger.find_invoice(id)?;
        Ok(invoice_view(record))
    }

    /// The document of an invoice, as issued (or as the draft stands).
    ///
    /// # Errors
    /// [`Error::UnknownInvoice`] if there is none.
    pub fn document(&self, id: &str) -> Result<&Invoice, Error> {
        Ok(&self.ledger.find_invoice(id)?.1.doc)
    }

    /// Every invoice, drafts included, in the order created.
    pub fn invoices(&self) -> Vec<InvoiceView> {
        self.ledger
            .invoices()
            .iter()
            .filter(|r| !r.fig.deleted)
            .map(invoice_view)
            .collect()
    }

    /// Charge invoices overdue on `as_of` by their amounts now (something
    /// still due, the due date before `as_of`), oldest due date first. For
    /// amounts as they stood on a past date, read [`Account::summary`] or
    /// [`Account::aging`]: those count only what happened by then.
    pub fn overdue(&self, as_of: NaiveDate) -> Vec<InvoiceView> {
        let mut overdue: Vec<InvoiceView> = self
            .invoices()
            .into_iter()
            .filter(|v| v.is_overdue(as_of))
            .collect();
        overdue.sort_by(|a, b| {
            (a.due_date, a.issue_date, &a.id).cmp(&(b.due_date, b.issue_date, &b.id))
        });
        overdue
    }

    /// A payment by id.
    ///
    /// # Errors
    /// [`Error::UnknownPayment`] if there is none.
    pub fn payment(&self, id: &str) -> Result<PaymentView, Error> {
        let (index, _) = self.ledger.find_payment(id)?;
        self.payment_view(index)
    }

    /// Every payment, in the order recorded.
    pub fn payments(&self) -> Vec<PaymentView> {
        (0..self.ledger.payments().len())
            .filter_map(|i| u32::try_from(i).ok())
            .filter_map(|i| self.payment_view(i).ok())
            .collect()
    }

    fn payment_view(&self, index: u32) -> Result<PaymentView, Error> {
        let ledger = &self.ledger;
        let record = ledger.payment(index).or_overflow()?;
        let currency = record.currency;
        let m = |minor: i128| Money::from_minor(minor, currency);
        // Net per invoice, in the order first allocated (the chain runs
        // newest first).
        let mut entries: Vec<Settlement> = ledger
            .payer_settlements(Payer::Payment(index))
            .map(|(_, s)| s)
            .collect();
        entries.reverse();
        let mut allocations: Vec<(u32, i128)> = Vec::new();
        let mut slots: HashMap<u32, usize, foldhash::fast::FixedState> = HashMap::default();
        for s in entries {
            let slot = *slots.entry(s.invoice).or_insert_with(|| {
                allocations.push((s.invoice, 0));
                allocations.len().saturating_sub(1)
            });
            if let Some((_, net)) = allocations.get_mut(slot) {
                *net = net.saturating_add(s.amount);
            }
        }
        let sources = record.sources.iter().filter_map(|&s| ledger.source(s));
        let (created, remaining) = sources.fold((0i128, 0i128), |(c, r), s| {
            (
                c.saturating_add(s.original),
                r.saturating_add(s.remaining()),
            )
        });
        let refundable = if record.fig.state == PaymentState::Succeeded {
            record.amount.saturating_sub(record.fig.refunded)
        } else {
            0
        };
        Ok(PaymentView {
            id: record.id.to_string(),
            amount: m(record.amount)?,
            date: record.date,
            method: record.method.as_deref().map(str::to_owned),
            state: record.fig.state,
            allocations: allocations
                .into_iter()
                .filter(|(_, net)| *net != 0)
                .map(|(invoice, net)| {
                    Ok(AllocationView {
                        invoice: ledger
                            .invoice(invoice)
                            .map(|r| r.id.to_string())
                            .unwrap_or_default(),
                        amount: m(net)?,
                    })
                })
                .collect::<Result<_, Error>>()?,
            credit_created: m(created)?,
            credit_remaining: m(remaining)?,
            unallocated: m(if record.fig.state == PaymentState::Pending {
                record.fig.unapplied
            } else {
                0
            })?,
            refunded: m(record.fig.refunded)?,
            refundable: m(refundable)?,
            refunds: record
                .refunds
                .iter()
                .map(|r| {
                    Ok(RefundView {
                        id: r.id.to_string(),
                        amount: m(r.amount)?,
                        date: r.date,
                    })
                })
                .collect::<Result<_, Error>>()?,
        })
    }

    /// The currencies the account has anything in, sorted by code.
    pub fn currencies(&self) -> Vec<Currency> {
        self.ledger.currencies().into_iter().collect()
    }

    /// The credit balance of a currency with its sources, oldest first.
    ///
    /// # Errors
    /// [`Error::Overflow`] if the sources' credit adds up to more than an
    /// amount can hold (7.9 * 10^28 minor units).
    pub fn credit(&self, currency: Currency) -> Result<CreditBalance, Error> {
        let ledger = &self.ledger;
        let mut sources: Vec<(NaiveDate, u32)> = ledger
            .sources()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.currency == currency && s.remaining() > 0)
            .filter_map(|(i, s)| u32::try_from(i).ok().map(|i| (s.date, i)))
            .collect();
        sources.sort();
        let views: Vec<CreditSourceView> = sources
            .into_iter()
            .filter_map(|(_, i)| self.source_view(i))
            .collect();
        let available = views
            .iter()
            .try_fold(0i128, |acc, v| acc.checked_add(v.remaining.minor()))
            .or_overflow()?;
        Ok(CreditBalance {
            currency,
            available: Money::from_minor(available, currency)?,
            sources: views,
        })
    }

    /// Every credit source ever created, in creation order (used up ones
    /// included).
    pub fn credit_sources(&self) -> Vec<CreditSourceView> {
        (0..self.ledger.sources().len())
            .filter_map(|i| u32::try_from(i).ok())
            .filter_map(|i| self.source_view(i))
            .collect()
    }

    fn source_view(&self, index: u32) -> Option<CreditSourceView> {
        let ledger = &self.ledger;
        let s = ledger.source(index)?;
        let id_of_doc = |d: u32| ledger.invoice(d).map(|r| r.id.to_string());
        let id_of_payment = |p: u32| ledger.payment(p).map(|r| r.id.to_string());
        let origin = match (s.document, s.payment) {
            (Some(d), None) => CreditOrigin::CreditNote {
                document: id_of_doc(d)?,
            },
            (Some(d), Some(p)) => CreditOrigin::RefundNote {
                document: id_of_doc(d)?,
                payment: id_of_payment(p)?,
            },
            (None, Some(p)) => CreditOrigin::Overpayment {
                payment: id_of_payment(p)?,
            },
            (None, None) => return None,
        };
        let m = |minor: i128| Money::from_minor(minor, s.currency).ok();
        Some(CreditSourceView {
            source: index,
            origin,
            date: s.date,
            original: m(s.original)?,
            used: m(s.original.saturating_sub(s.remaining()))?,
            remaining: m(s.remaining())?,
        })
    }

    /// The balances of one currency.
    ///
    /// # Errors
    /// [`Error::Overflow`] if a sum does not fit.
    pub fn balance(&self, currency: Currency) -> Result<Balance, Error> {
        let mut receivable = Money::zero(currency);
        let mut written_off = Money::zero(currency);
        for record in self.ledger.invoices() {
            if record.currency() == currency && record.is_payable() {
                let due = Money::from_minor(record.fig.due(), currency)?;
                if record.fig.written_off_on.is_some() {
                    written_off = written_off.checked_add(due)?;
                } else {
                    receivable = receivable.checked_add(due)?;
                }
            }
        }
        let credit = self.credit(currency)?.available;
        Ok(Balance {
            currency,
            receivable,
            written_off,
            credit,
            net_position: receivable.checked_sub(credit)?,
        })
    }

    /// The balances of every currency the account has anything in.
    ///
    /// # Errors
    /// [`Error::Overflow`] if a sum does not fit.
    pub fn balances(&self) -> Result<Vec<Balance>, Error> {
        self.currencies()
            .into_iter()
            .map(|c| self.balance(c))
            .collect()
    }

    pub(crate) fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

/// Two accounts are equal when they have the same id, opening settings,
/// state, idempotency keys and history. Outcomes are not compared: they
/// follow from the history (and an account loaded by replay may not have
/// rebuilt its own yet).
/// The log position of the entry that used this idempotency key, if any:
/// found through the record the entry created, else in the key table.
/// Either way the key is confirmed against the entry itself.
fn key_position(
    ledger: &Ledger,
    keys: &Keys,
    history: &History,
    kind: KeyKind,
    key: &str,
) -> Option<usize> {
    let created = match kind {
        KeyKind::Payment => ledger
            .payment_index(key)
            .and_then(|i| ledger.payment(i))
            .map(|r| r.created_at),
        KeyKind::Draft | KeyKind::Issue => ledger
            .invoice_index(key)
            .and_then(|i| ledger.invoice(i))
            .map(|r| r.created_at),
        _ => None,
    };
    let used_key = |p: &usize| history.entry(*p).and_then(|e| e.operation.key());
    created
        .map(at)
        .filter(|p| used_key(p) == Some((kind, key)))
        .or_else(|| keys.find(kind, key, history))
}

/// Checks a replayed entry against the account as it stands (its version
/// comes next, its idempotency key is unused) and applies its events; if
/// one does not apply, or leaves a payment's money unplaced, the entry is
/// refused and its changes are undone.
fn apply_entry(
    ledger: &mut Ledger,
    keys: &Keys,
    history: &History,
    entry: &Entry,
) -> Result<(), Error> {
    let actual = history.version();
    if entry.version != actual.saturating_add(1) {
        return Err(Error::VersionConflict {
            expected: entry.version.saturating_sub(1),
            actual,
        });
    }
    if let Some((kind, key)) = entry.operation.key()
        && let Some(position) = key_position(ledger, keys, history, kind, key)
    {
        return Err(Error::IdempotencyConflict {
            key: format!("{}:{key}", kind.prefix()),
            version: history.version_at(position),
        });
    }
    ledger.restamp((entry.operation.date(), history.next_position()?));
    let applied = entry
        .events
        .iter()
        .try_for_each(|event| apply(ledger, event))
        .and_then(|()| check_payments_balanced(ledger));
    if applied.is_err() {
        ledger.rollback();
    }
    applied
}

/// After an operation, every succeeded or failed payment it touched has
/// all its money placed: allocated, on credit, or refunded.
fn check_payments_balanced(ledger: &Ledger) -> Result<(), Error> {
    for &p in ledger.touched_payments() {
        if let Some(payment) = ledger.payment(p)
            && payment.fig.state != PaymentState::Pending
            && payment.fig.unapplied != 0
        {
            return Err(Error::UnbalancedPayment {
                payment: payment.id.to_string(),
            });
        }
    }
    Ok(())
}

impl PartialEq for Account {
    fn eq(&self, other: &Account) -> bool {
        self.id == other.id
            && self.initial == other.initial
            && self.ledger == other.ledger
            && self.keys == other.keys
            && self.history().eq(other.history())
    }
}

fn invoice_view(record: &crate::ledger::InvoiceRecord) -> InvoiceView {
    InvoiceView {
        id: record.id.to_string(),
        kind: record.kind(),
        currency: record.currency(),
        issue_date: record.doc.issue_date(),
        due_date: record.doc.due_date(),
        refund_of: record.doc.refund_of().map(str::to_owned),
        amounts: InvoiceAmounts::from_figures(&record.fig, record.kind(), record.currency()),
    }
}

/// The JSON form of an account: its id, initial settings and history.
#[derive(Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an account: an object with id, settings and history"
)]
struct AccountForm<E> {
    id: String,
    settings: AccountSettings,
    history: Vec<E>,
}

impl Serialize for Account {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AccountForm {
            id: self.id.clone(),
            settings: self.initial,
            history: self.history().collect(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Account {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Account, D::Error> {
        let form = AccountForm::<Entry>::deserialize(deserializer)?;
        Account::replay(form.id, form.settings, form.history).map_err(crate::json::de_error)
    }
}

/// The account's versioned JSON form is its id, initial settings and
/// history; reading it replays the history (see [`Account::replay`]).
impl Document for Account {
    const KIND: &'static str = "billing-core/account";
}

impl Account {
    /// The versioned JSON snapshot of the whole account.
    ///
    /// # Errors
    /// [`Error::InvalidJson`] only if encoding fails (it does not for this
    /// crate's types).
    pub fn to_json(&self) -> Result<String, Error> {
        crate::json::to_document(self)
    }

    /// Loads an account from [`to_json`](Self::to_json)'s form.
    ///
    /// # Errors
    /// [`Error::UnsupportedFormat`], [`Error::InvalidJson`], or
    /// [`Error::CorruptHistory`] if its history does not replay.
    pub fn from_json(text: &str) -> Result<Account, Error> {
        crate::json::from_document(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::RecordPayment;

    /// A payment of `minor` cents of USD on 2026-03-01.
    fn pay(id: &str, minor: i128) -> RecordPayment {
        let usd = Currency::iso("USD").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        RecordPayment::new(id, Money::from_minor(minor, usd).unwrap(), day)
    }

    /// A payment's key is found through its record, which keeps the log
    /// position of the operation that recorded it. A preview or a refused
    /// batch leaves no such position behind: the id is free again, and the
    /// account equals itself as before and its own replay.
    #[test]
    fn payment_keys_live_and_go_with_their_records() {
        let mut account = Account::new("acme", AccountSettings::default()).unwrap();
        account.execute(pay("PAY-0", 100)).unwrap();
        let before = account.clone();

        account.preview(pay("PAY-1", 500)).unwrap();
        assert_eq!(account, before);
        let refused = account.execute_batch([pay("PAY-1", 500), pay("PAY-2", -1)]);
        assert_eq!(refused.map_err(|e| e.index), Err(1));
        assert_eq!(account, before);
        assert_eq!(account.key_position(KeyKind::Payment, "PAY-1"), None);

        // Other content under the freed id is a new payment, not a conflict.
        account.execute(pay("PAY-1", 700)).unwrap();
        assert_eq!(account.key_position(KeyKind::Payment, "PAY-1"), Some(1));
        assert_eq!(account.execute(pay("PAY-1", 700)).unwrap().entry.version, 2);
        let conflict = account.execute(pay("PAY-1", 500)).unwrap_err();
        assert_eq!(conflict.code(), "idempotency_conflict");
        let replayed = Account::replay(
            "acme",
            AccountSettings::default(),
            account.history().cloned(),
        );
        assert_eq!(replayed.unwrap(), account);
    }

    /// A replay keeps no undo journal while it runs; the account it makes
    /// keeps one again: a refused batch on it is undone whole.
    #[test]
    fn a_replayed_account_undoes_what_it_refuses() {
        let mut account = Account::new("acme", AccountSettings::default()).unwrap();
        account.execute(pay("PAY-0", 100)).unwrap();
        let history: Vec<Entry> = account.history().cloned().collect();
        let mut replayed = Account::replay("acme", AccountSettings::default(), history).unwrap();
        let before = replayed.clone();

        let refused = replayed.execute_batch([pay("PAY-1", 500), pay("PAY-2", -1)]);
        assert_eq!(refused.map_err(|e| e.index), Err(1));
        assert_eq!(replayed, before);
        assert_eq!(replayed.ledger.payments().len(), 1);
        replayed.execute(pay("PAY-1", 500)).unwrap();
        assert_eq!(replayed.ledger.payments().len(), 2);
    }

    /// A replay keeps the entries alone; the first outcome asked for, by
    /// `outcome_of` or by a repeat, rebuilds them all, and they are the
    /// ones the operations returned.
    #[test]
    fn a_replay_rebuilds_outcomes_when_first_asked_for() {
        let usd = Currency::iso("USD").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let pay = |id: &str| RecordPayment::new(id, Money::from_minor(500, usd).unwrap(), day);
        let mut account = Account::new("acme", AccountSettings::default()).unwrap();
        for id in ["PAY-A", "PAY-B"] {
            account.execute(pay(id)).unwrap();
        }
        let replay = || {
            let entries = account.history().cloned();
            Account::replay("acme", AccountSettings::default(), entries).unwrap()
        };

        let replayed = replay();
        assert_eq!(replayed, account);
        assert!(replayed.history.rebuilt.get().is_none());
        assert_eq!(replayed.outcome_of(2), account.outcome_of(2));
        assert_eq!(replayed.history.rebuilt.get().map(Vec::len), Some(2));
        assert_eq!(replayed.outcome_of(3), None);

        let mut replayed = replay();
        let again = replayed.execute(pay("PAY-A")).unwrap();
        assert_eq!(Some(&again), account.outcome_of(1));
        // Operations applied after the replay keep their own outcomes.
        let next = replayed.execute(pay("PAY-C")).unwrap();
        assert_eq!((next.version(), replayed.outcome_of(3)), (3, Some(&next)));
        assert_eq!(replayed.execute(pay("PAY-C")).unwrap(), next);
    }

    /// The key table stores hashes only; a lookup must confirm the key
    /// against the log, so two keys with the same hash each find their own
    /// entry (and a third, unused key finds none).
    #[test]
    fn keys_with_colliding_hashes_each_find_their_own_entry() {
        let usd = Currency::iso("USD").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let mut account = Account::new("acme", AccountSettings::default()).unwrap();
        for id in ["PAY-A", "PAY-B"] {
            let money = Money::from_minor(500, usd).unwrap();
            account.execute(RecordPayment::new(id, money, day)).unwrap();
        }
        // Forge a collision: both entries filed under the hash of PAY-B,
        // PAY-A's first, as a colliding key inserted earlier would be.
        let shared = key_hash(KeyKind::Payment, "PAY-B");
        let mut keys = Keys::default();
        for position in [0, 1] {
            keys.0
                .insert_unique(shared, (shared, position), |&(h, _)| h);
        }
        assert_eq!(
            keys.find(KeyKind::Payment, "PAY-B", &account.history),
            Some(1)
        );
        assert_eq!(keys.find(KeyKind::Settle, "PAY-B", &account.history), None);
        assert_eq!(keys.find(KeyKind::Payment, "PAY-C", &account.history), None);
        // Forgetting one entry leaves the other findable.
        keys.remove(KeyKind::Payment, "PAY-B", 0);
        assert_eq!(
            keys.find(KeyKind::Payment, "PAY-B", &account.history),
            Some(1)
        );
        keys.remove(KeyKind::Payment, "PAY-B", 1);
        assert_eq!(keys.find(KeyKind::Payment, "PAY-B", &account.history), None);
        // And the account finds both, through their payment records.
        assert_eq!(account.key_position(KeyKind::Payment, "PAY-A"), Some(0));
        assert_eq!(account.key_position(KeyKind::Payment, "PAY-B"), Some(1));
        assert_eq!(account.key_position(KeyKind::Settle, "PAY-B"), None);
    }

    /// Outcomes keep figures in 64 bits when they fit and whole when not;
    /// either way they read back exactly, on both sides of the boundary.
    #[test]
    fn kept_figures_read_back_exactly_in_64_bits_and_beyond() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1);
        let edges = [
            0,
            1,
            -1,
            i128::from(i64::MAX),
            i128::from(i64::MIN),
            i128::from(i64::MAX) + 1,
            i128::from(i64::MIN) - 1,
            (1 << 96) - 1,
        ];
        for (i, &edge) in edges.iter().enumerate() {
            let figures = InvoiceFigures {
                status: InvoiceStatus::PartiallyPaid,
                issued_on: day,
                voided_on: None,
                written_off_on: day,
                deleted: false,
                total: edge,
                reversed: 7,
                paid: -3,
                pending: edge,
                credited: 0,
                credit_remaining: i128::try_from(i).unwrap(),
            };
            let kept = KeptFigures::keep(&figures);
            assert_eq!(kept.figures(), figures, "amount {edge}");
            let small = i64::try_from(edge).is_ok();
            assert_eq!(
                matches!(kept, KeptFigures::Small { .. }),
                small,
                "amount {edge}"
            );
        }
    }

    /// An invoice beyond 64 bits of minor units: the outcome of a payment
    /// shows its exact amounts before and after.
    #[test]
    fn an_outcome_keeps_amounts_beyond_64_bits_exactly() {
        let usd = Currency::iso("USD").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let huge = 100_000_000_000_000_000_000i128; // 10^20 cents, over i64::MAX
        let mut account = Account::new("acme", AccountSettings::default()).unwrap();
        let invoice = Invoice::builder("INV-1", InvoiceKind::OneTimeCharge, usd, day, day)
            .line(crate::Line::new(
                "Everything",
                rust_decimal::Decimal::ONE,
                Money::from_minor(huge, usd).unwrap().amount(),
            ))
            .build()
            .unwrap();
        account
            .execute(crate::IssueInvoice {
                invoice: Arc::new(invoice),
            })
            .unwrap();
        let paid = Money::from_minor(huge - 1, usd).unwrap();
        let outcome = account
            .execute(RecordPayment::new("PAY-1", paid, day))
            .unwrap();
        let change = outcome.invoice("INV-1").unwrap();
        let (before, after) = (change.before.unwrap(), change.after.unwrap());
        assert_eq!(before.due.minor(), huge);
        assert_eq!(before.paid.minor(), 0);
        assert_eq!(after.paid.minor(), huge - 1);
        assert_eq!(after.due.minor(), 1);
        assert_eq!(after.status, InvoiceStatus::PartiallyPaid);
        // The stored outcome, returned again for a repeat, is the same.
        let repeat = account
            .execute(RecordPayment::new("PAY-1", paid, day))
            .unwrap();
        assert_eq!(repeat.invoice("INV-1"), Some(change));
    }

    /// A draft's document is written twice in an entry's JSON (in the
    /// operation and in its event): a decoded entry, and the account
    /// loaded from it, keep it once; a document that differs is kept as
    /// written.
    #[test]
    fn a_decoded_entry_keeps_its_document_once() {
        let text = r#"{"version": 1, "operation": {"op": "issue_invoice", "invoice": DOC}, "events": [
            {"event": "draft_created", "invoice": DOC, "total": {"amount": "100.00", "currency": "USD"}},
            {"event": "invoice_issued", "invoice": "INV-1"}]}"#;
        let doc = |price: &str| {
            format!(
                r#"{{"id": "INV-1", "kind": "one_time_charge", "currency": "USD",
                "issue_date": "2026-01-01", "due_date": "2026-01-31",
                "lines": [{{"description": "Service", "quantity": "1", "unit_price": "{price}"}}]}}"#
            )
        };
        let documents = |entry: &Entry| {
            let Some(Event::DraftCreated { invoice, .. }) = entry.events.first() else {
                panic!("not a draft: {entry:?}");
            };
            (
                entry.operation.document().cloned().unwrap(),
                invoice.clone(),
            )
        };

        let entry: Entry = crate::json::from_str(&text.replace("DOC", &doc("100.00"))).unwrap();
        let (written, applied) = documents(&entry);
        assert!(Arc::ptr_eq(&written, &applied));
        let account = Account::replay("acme", AccountSettings::default(), [entry]).unwrap();
        assert!(Arc::ptr_eq(&account.ledger.invoices()[0].doc, &written));

        let other = text
            .replacen("DOC", &doc("90.00"), 1)
            .replace("DOC", &doc("100.00"));
        let (written, applied) = documents(&crate::json::from_str(&other).unwrap());
        assert!(!Arc::ptr_eq(&written, &applied));
        assert_eq!(written.lines()[0].unit_price.to_string(), "90.00");
        assert_eq!(applied.lines()[0].unit_price.to_string(), "100.00");
    }

    /// A history replays only under the settings it was made under: with
    /// credit applied automatically, credit beside an invoice still due
    /// shows it was made with auto-apply off.
    #[test]
    fn replay_refuses_a_history_made_under_other_settings() {
        let issue = |id: &str, kind: &str, price: &str| {
            let text = format!(
                r#"{{"op": "issue_invoice", "invoice": {{"id": "{id}", "kind": "{kind}", "currency": "USD",
                "issue_date": "2026-01-01", "due_date": "2026-01-31",
                "lines": [{{"description": "Service", "quantity": "1", "unit_price": "{price}"}}]}}}}"#
            );
            crate::json::from_str::<Operation>(&text).unwrap()
        };
        let manual = AccountSettings {
            auto_apply_credit: false,
            ..AccountSettings::default()
        };
        let mut account = Account::new("acme", manual).unwrap();
        account
            .execute(issue("INV-1", "recurring", "100.00"))
            .unwrap();
        account.execute(issue("CN-1", "credit", "30.00")).unwrap();
        let history: Vec<Entry> = account.history().cloned().collect();

        let replayed = Account::replay("acme", manual, history.clone()).unwrap();
        assert_eq!(replayed, account);
        let usd = Currency::iso("USD").unwrap();
        assert_eq!(
            Account::replay("acme", AccountSettings::default(), history),
            Err(Error::CorruptHistory {
                version: 2,
                cause: Box::new(Error::SettingsMismatch { currency: usd }),
            })
        );
    }
}
