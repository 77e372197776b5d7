//! The ledger state of an account: records, the settlement journal, the
//! allocation indexes, and the undo journal that makes operations atomic.
//!
//! Every change goes through a primitive here that first saves what it
//! overwrites. An operation applies its events one by one (each checked);
//! if any step fails, [`Ledger::rollback`] restores the state exactly, and
//! a preview always rolls back. Indexes are derived data: primitives mark
//! what they touch and [`Ledger::sync`] brings the indexes up to date.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::error::Error;
use crate::error::OrOverflow;
use crate::invoice::{Invoice, InvoiceKind};
use crate::method::PaymentMethod;
use crate::rounding::RoundingPolicy;
use crate::series::Series;
use crate::status::{DocumentClass, InvoiceStatus};

/// Identifiers inside the ledger: shared, cheap to clone.
pub(crate) type Id = Arc<str>;

/// Maps keyed by id. The hasher is fast and deterministic (a fixed seed:
/// no randomness in the core); ids come from the embedding application.
pub(crate) type IdMap<V> = HashMap<Id, V, foldhash::fast::FixedState>;

/// The settings of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "account settings: an object with auto_apply_credit and rounding, both optional"
)]
pub struct AccountSettings {
    /// Apply available credit automatically: when an invoice is issued and
    /// whenever credit and money owed in one currency would otherwise sit
    /// side by side. On by default.
    #[serde(default = "yes")]
    pub auto_apply_credit: bool,
    /// How invoice totals are rounded.
    #[serde(default)]
    pub rounding: RoundingPolicy,
}

fn yes() -> bool {
    true
}

impl Default for AccountSettings {
    fn default() -> Self {
        AccountSettings {
            auto_apply_credit: true,
            rounding: RoundingPolicy::default(),
        }
    }
}

/// The state of a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// In flight (ACH, card awaiting approval): its allocations hold the
    /// invoices' amounts but do not pay them.
    Pending,
    /// Money received: its allocations pay the invoices.
    Succeeded,
    /// Never arrived: its allocations were removed.
    Failed,
}

impl PaymentState {
    /// The `snake_case` name used in JSON and by the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Pending => "pending",
            PaymentState::Succeeded => "succeeded",
            PaymentState::Failed => "failed",
        }
    }
}

impl fmt::Display for PaymentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The figures of an invoice, in minor units. `Copy`, so the undo journal
/// can save them whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvoiceFigures {
    pub(crate) status: InvoiceStatus,
    /// The operation date it was issued on; `None` while a draft.
    pub(crate) issued_on: Option<NaiveDate>,
    /// The operation date it was voided on.
    pub(crate) voided_on: Option<NaiveDate>,
    /// The operation date it was written off on.
    pub(crate) written_off_on: Option<NaiveDate>,
    pub(crate) deleted: bool,
    pub(crate) total: i128,
    pub(crate) reversed: i128,
    pub(crate) paid: i128,
    pub(crate) pending: i128,
    pub(crate) credited: i128,
    /// Credit and refund documents: the credit they created that is still
    /// available.
    pub(crate) credit_remaining: i128,
}

impl InvoiceFigures {
    fn draft(total: i128) -> Self {
        InvoiceFigures {
            status: InvoiceStatus::Draft,
            issued_on: None,
            voided_on: None,
            written_off_on: None,
            deleted: false,
            total,
            reversed: 0,
            paid: 0,
            pending: 0,
            credited: 0,
            credit_remaining: 0,
        }
    }

    /// `total − reversed − paid − credited`.
    pub(crate) fn due(&self) -> i128 {
        self.total
            .saturating_sub(self.reversed)
            .saturating_sub(self.paid)
            .saturating_sub(self.credited)
    }

    /// What can still be allocated: the amount due less what pending
    /// payments already cover.
    pub(crate) fn open(&self) -> i128 {
        self.due().saturating_sub(self.pending)
    }

    /// The status these figures mean for a document of `kind`.
    pub(crate) fn derived_status(&self, kind: InvoiceKind) -> InvoiceStatus {
        if self.issued_on.is_none() {
            return InvoiceStatus::Draft;
        }
        if self.voided_on.is_some() {
            return InvoiceStatus::Void;
        }
        match DocumentClass::of(kind) {
            DocumentClass::Charge => {
                if self.due() == 0 {
                    InvoiceStatus::Paid
                } else if self.written_off_on.is_some() {
                    InvoiceStatus::Uncollectible
                } else if self.paid > 0 || self.credited > 0 {
                    InvoiceStatus::PartiallyPaid
                } else {
                    InvoiceStatus::Open
                }
            }
            DocumentClass::Credit | DocumentClass::Refund => {
                if self.credit_remaining > 0 {
                    InvoiceStatus::Open
                } else {
                    InvoiceStatus::Applied
                }
            }
        }
    }
}

/// An invoice (any kind) in the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InvoiceRecord {
    pub(crate) id: Id,
    pub(crate) doc: Arc<Invoice>,
    pub(crate) fig: InvoiceFigures,
    /// Its newest settlement journal entry ([`NONE`] if none); older ones
    /// are chained through [`Settlement::prev_for_invoice`].
    pub(crate) last_settlement: u32,
    /// The log position of the operation that created it.
    pub(crate) created_at: u32,
    /// Credit sources this document created (credit and refund documents).
    pub(crate) sources: Vec<u32>,
    /// The open amount under which it sits in the allocation indexes.
    indexed: Option<i128>,
    /// The rounding its total was computed with (see
    /// [`Ledger::totals_policy`]).
    pub(crate) rounding: RoundingPolicy,
}

impl InvoiceRecord {
    pub(crate) fn kind(&self) -> InvoiceKind {
        self.doc.kind()
    }

    /// Whether this invoice (which has the id of period `number` of
    /// `series`, starting on `start`) is that period's invoice: an issued
    /// invoice of the series' currency and kind dated the period's start,
    /// as billing the series makes it (one issued by hand so, at any price,
    /// counts too). Another invoice under that id (a draft, a deleted
    /// draft, one of another kind, currency or date) does not bill the
    /// period.
    pub(crate) fn bills_period(&self, series: &Series, number: u32, start: NaiveDate) -> bool {
        let kind = if number == 1 {
            InvoiceKind::New
        } else {
            InvoiceKind::Recurring
        };
        !self.fig.deleted
            && self.fig.issued_on.is_some()
            && self.kind() == kind
            && self.currency() == series.currency
            && self.doc.issue_date() == start
    }

    pub(crate) fn currency(&self) -> Currency {
        self.doc.currency()
    }

    /// An issued, non-void charge invoice: one that takes money.
    pub(crate) fn is_payable(&self) -> bool {
        self.kind().is_charge()
            && self.fig.issued_on.is_some()
            && self.fig.voided_on.is_none()
            && !self.fig.deleted
    }

    fn index_amount(&self) -> Option<i128> {
        let open = self.fig.open();
        (self.is_payable() && open > 0).then_some(open)
    }
}

/// The figures of a payment that change after it is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PaymentFigures {
    pub(crate) state: PaymentState,
    /// The operation date it succeeded on (recorded as succeeded, or
    /// settled); `None` while pending or once failed.
    pub(crate) settled_on: Option<NaiveDate>,
    pub(crate) refunded: i128,
    /// Money of the payment not (yet) allocated, credited or refunded. At
    /// the end of every operation it is zero unless the payment is pending
    /// (then it is the overpayment that becomes credit on settlement).
    pub(crate) unapplied: i128,
}

/// A payment refund (money back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefundEntry {
    pub(crate) id: Id,
    pub(crate) amount: i128,
    pub(crate) date: NaiveDate,
}

/// A payment in the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PaymentRecord {
    pub(crate) id: Id,
    pub(crate) currency: Currency,
    pub(crate) amount: i128,
    pub(crate) date: NaiveDate,
    pub(crate) method: Option<Id>,
    pub(crate) fig: PaymentFigures,
    /// Its newest settlement journal entry ([`NONE`] if none); older ones
    /// are chained through [`Settlement::prev_for_payer`].
    pub(crate) last_settlement: u32,
    /// The log position of the operation that recorded it.
    pub(crate) created_at: u32,
    /// Credit sources funded by this payment.
    pub(crate) sources: Vec<u32>,
    pub(crate) refunds: Vec<RefundEntry>,
}

/// The figures of a credit source that change after it is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct SourceFigures {
    /// Currently applied to invoices.
    pub(crate) applied: i128,
    /// Paid back to the funding payment's payer.
    pub(crate) refunded: i128,
    /// Cancelled with its credit document.
    pub(crate) voided: i128,
}

/// A credit source: a credit document, an overpayment, or the
/// post-payment part of a refund document funded by one payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CreditSource {
    pub(crate) currency: Currency,
    pub(crate) date: NaiveDate,
    /// The credit or refund document that created it.
    pub(crate) document: Option<u32>,
    /// The payment whose money it is (overpayments, refund documents).
    pub(crate) payment: Option<u32>,
    pub(crate) original: i128,
    pub(crate) fig: SourceFigures,
    /// Its newest settlement journal entry ([`NONE`] if none).
    pub(crate) last_settlement: u32,
    /// Credit taken out other than by application (refunded to the
    /// funding payment, or voided), with the operation dates.
    pub(crate) withdrawals: Vec<(NaiveDate, i128)>,
    indexed: bool,
}

impl CreditSource {
    pub(crate) fn new(
        currency: Currency,
        date: NaiveDate,
        document: Option<u32>,
        payment: Option<u32>,
        original: i128,
    ) -> CreditSource {
        CreditSource {
            currency,
            date,
            document,
            payment,
            original,
            fig: SourceFigures::default(),
            last_settlement: NONE,
            withdrawals: Vec::new(),
            indexed: false,
        }
    }

    pub(crate) fn remaining(&self) -> i128 {
        self.original
            .saturating_sub(self.fig.applied)
            .saturating_sub(self.fig.refunded)
            .saturating_sub(self.fig.voided)
    }
}

/// A payment method in the ledger (removed ones stay, so ids are never
/// reused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MethodRecord {
    pub(crate) method: Arc<PaymentMethod>,
    pub(crate) removed: bool,
}

/// Who settles an invoice: a payment or a credit source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Payer {
    Payment(u32),
    Credit(u32),
}

/// "No entry" in a settlement chain.
pub(crate) const NONE: u32 = u32::MAX;

/// One entry of the settlement journal: money put on an invoice (positive)
/// or taken off it (negative). Entries are never changed, only appended,
/// so history as of any date can be read back.
///
/// Each entry points back to the previous entry of the same invoice and of
/// the same payer, so every invoice, payment and credit source can walk its
/// own entries, newest first, without a list of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Settlement {
    pub(crate) date: NaiveDate,
    pub(crate) invoice: u32,
    pub(crate) by: Payer,
    pub(crate) amount: i128,
    pub(crate) prev_for_invoice: u32,
    pub(crate) prev_for_payer: u32,
}

/// The settlement entries of one invoice or one payer, newest first.
pub(crate) struct Chain<'a> {
    ledger: &'a Ledger,
    next: u32,
    by_invoice: bool,
}

impl Iterator for Chain<'_> {
    /// The entry's position in the journal, and the entry.
    type Item = (u32, Settlement);

    fn next(&mut self) -> Option<(u32, Settlement)> {
        let index = self.next;
        let entry = *self.ledger.settlements.get(at(index))?;
        self.next = if self.by_invoice {
            entry.prev_for_invoice
        } else {
            entry.prev_for_payer
        };
        Some((index, entry))
    }
}

type DateKey = (NaiveDate, NaiveDate, Id, u32);
/// No id in this key: it changes with every partial payment, and cloning
/// a shared id costs atomic operations. Ties are broken by id on lookup.
type AmountKey = (i128, NaiveDate, NaiveDate, u32);

/// Per-currency indexes: open charge invoices in allocation orders, and
/// credit sources with credit left, oldest first.
#[derive(Debug, Clone, Default)]
struct Books {
    /// (due date, issue date, id, index)
    by_due: BTreeSet<DateKey>,
    /// (issue date, due date, id, index)
    by_issue: BTreeSet<DateKey>,
    /// (open amount, due date, issue date, index): built the first time the
    /// exact-match strategy needs it, then kept up to date. Every partial
    /// payment moves an invoice in it, so accounts that never use exact
    /// matching do not pay for it.
    by_amount: Option<BTreeSet<AmountKey>>,
    /// (date, index): sources with credit remaining
    sources: BTreeSet<(NaiveDate, u32)>,
}

impl Books {
    fn is_empty(&self) -> bool {
        self.by_due.is_empty() && self.sources.is_empty()
    }
}

/// The amount index is a cache: whether it was built does not make two
/// ledgers different.
impl PartialEq for Books {
    fn eq(&self, other: &Self) -> bool {
        self.by_due == other.by_due
            && self.by_issue == other.by_issue
            && self.sources == other.sources
    }
}

impl Eq for Books {}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Undo {
    InvoicePush(u32),
    InvoiceFig(u32, InvoiceFigures),
    InvoiceDoc(u32, Arc<Invoice>, RoundingPolicy),
    InvoiceSource(u32),
    PaymentPush(u32),
    PaymentFig(u32, PaymentFigures),
    PaymentSource(u32),
    PaymentRefund(u32),
    SourcePush,
    SourceFig(u32, SourceFigures),
    SourceWithdrawal(u32),
    MethodPush,
    MethodRemoved(u32),
    DefaultMethod(Option<u32>),
    SeriesPush,
    SeriesReplace(u32, Arc<Series>),
    SettlementPush,
    Settings(AccountSettings),
    CurrencyPush,
}

/// What the changes not yet final leave to do: their undo steps (newest
/// last), and the records whose index entries must catch up
/// ([`Ledger::sync`]). A replay keeps neither ([`Ledger::begin_replay`]):
/// a refused entry refuses the whole history, and the replayed ledger is
/// dropped; the indexes are rebuilt once at the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Journal {
    steps: Vec<Undo>,
    dirty_invoices: Vec<u32>,
    dirty_sources: Vec<u32>,
    off: bool,
}

impl Journal {
    fn push(&mut self, step: Undo) {
        if !self.off {
            self.steps.push(step);
        }
    }

    fn invoice_changed(&mut self, index: u32) {
        if !self.off {
            self.dirty_invoices.push(index);
        }
    }

    fn source_changed(&mut self, index: u32) {
        if !self.off {
            self.dirty_sources.push(index);
        }
    }
}

/// Converts a stored `u32` index to a `usize` for slice access.
pub(crate) fn at(index: u32) -> usize {
    usize::try_from(index).unwrap_or(usize::MAX)
}

fn next_index(len: usize) -> Result<u32, Error> {
    u32::try_from(len).map_err(|_| Error::Overflow)
}

/// The state of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ledger {
    pub(crate) settings: AccountSettings,
    invoices: Vec<InvoiceRecord>,
    invoice_ids: IdMap<u32>,
    payments: Vec<PaymentRecord>,
    payment_ids: IdMap<u32>,
    sources: Vec<CreditSource>,
    settlements: Vec<Settlement>,
    books: BTreeMap<Currency, Books>,
    /// Every currency used (few per account): one code means one currency.
    currencies: Vec<Currency>,
    methods: Vec<MethodRecord>,
    method_ids: IdMap<u32>,
    default_method: Option<u32>,
    series: Vec<Arc<Series>>,
    series_ids: IdMap<u32>,
    journal: Journal,
    /// The payments changed since the last commit (possibly repeated).
    touched_payments: Vec<u32>,
    /// In a batch, the undo steps of the batch's operations applied so far
    /// (`journal.steps[..kept]`): kept until the batch ends, so it can be undone
    /// whole. Zero outside a batch.
    kept: usize,
    batch: bool,
    /// The date of the operation being applied.
    pub(crate) date: NaiveDate,
    /// The log position of the operation being applied.
    pub(crate) position: u32,
}

impl Ledger {
    pub(crate) fn new(settings: AccountSettings) -> Ledger {
        Ledger {
            settings,
            invoices: Vec::new(),
            invoice_ids: IdMap::default(),
            payments: Vec::new(),
            payment_ids: IdMap::default(),
            sources: Vec::new(),
            settlements: Vec::new(),
            books: BTreeMap::new(),
            currencies: Vec::new(),
            methods: Vec::new(),
            method_ids: IdMap::default(),
            default_method: None,
            series: Vec::new(),
            series_ids: IdMap::default(),
            journal: Journal::default(),
            touched_payments: Vec::new(),
            kept: 0,
            batch: false,
            date: NaiveDate::MIN,
            position: 0,
        }
    }

    /// The date and log position of the operation being applied, to put
    /// back with [`Ledger::restamp`] when that operation is not kept.
    pub(crate) fn stamp(&self) -> (NaiveDate, u32) {
        (self.date, self.position)
    }

    /// Sets the date and log position of the operation being applied.
    pub(crate) fn restamp(&mut self, (date, position): (NaiveDate, u32)) {
        (self.date, self.position) = (date, position);
    }

    // ----- reads --------------------------------------------------------

    pub(crate) fn invoices(&self) -> &[InvoiceRecord] {
        &self.invoices
    }

    pub(crate) fn payments(&self) -> &[PaymentRecord] {
        &self.payments
    }

    pub(crate) fn sources(&self) -> &[CreditSource] {
        &self.sources
    }

    pub(crate) fn invoice_index(&self, id: &str) -> Option<u32> {
        self.invoice_ids.get(id).copied()
    }

    pub(crate) fn payment_index(&self, id: &str) -> Option<u32> {
        self.payment_ids.get(id).copied()
    }

    pub(crate) fn invoice(&self, index: u32) -> Option<&InvoiceRecord> {
        self.invoices.get(at(index))
    }

    pub(crate) fn payment(&self, index: u32) -> Option<&PaymentRecord> {
        self.payments.get(at(index))
    }

    pub(crate) fn source(&self, index: u32) -> Option<&CreditSource> {
        self.sources.get(at(index))
    }

    /// The number of settlement journal entries.
    pub(crate) fn settlement_count(&self) -> usize {
        self.settlements.len()
    }

    /// Looks up an invoice by id (deleted drafts are not found).
    pub(crate) fn find_invoice(&self, id: &str) -> Result<(u32, &InvoiceRecord), Error> {
        self.invoice_index(id)
            .and_then(|i| self.invoice(i).map(|r| (i, r)))
            .filter(|(_, r)| !r.fig.deleted)
            .ok_or_else(|| Error::UnknownInvoice {
                invoice: id.to_owned(),
            })
    }

    /// Looks up a payment by id.
    pub(crate) fn find_payment(&self, id: &str) -> Result<(u32, &PaymentRecord), Error> {
        self.payment_index(id)
            .and_then(|i| self.payment(i).map(|r| (i, r)))
            .ok_or_else(|| Error::UnknownPayment {
                payment: id.to_owned(),
            })
    }

    /// A currency by code: one the account uses (custom currencies
    /// included), else an ISO 4217 currency.
    pub(crate) fn currency_by_code(&self, code: &str) -> Result<Currency, Error> {
        match self.currencies.iter().find(|c| c.code() == code) {
            Some(currency) => Ok(*currency),
            None => Currency::iso(code),
        }
    }

    /// The currencies used in the account.
    pub(crate) fn currencies(&self) -> BTreeSet<Currency> {
        self.currencies.iter().copied().collect()
    }

    /// Open charge invoices of a currency, oldest due date first (then
    /// issue date, then id). Call [`sync`](Self::sync) first.
    pub(crate) fn open_by_due(&self, currency: Currency) -> impl Iterator<Item = u32> + '_ {
        self.books
            .get(&currency)
            .into_iter()
            .flat_map(|b| b.by_due.iter().map(|k| k.3))
    }

    /// Open charge invoices of a currency, oldest issue date first (then
    /// due date, then id).
    pub(crate) fn open_by_issue(&self, currency: Currency) -> impl Iterator<Item = u32> + '_ {
        self.books
            .get(&currency)
            .into_iter()
            .flat_map(|b| b.by_issue.iter().map(|k| k.3))
    }

    /// The oldest-due open invoice whose open amount is exactly `amount`
    /// (then oldest issued, then lowest id).
    /// Call [`ensure_amount_index`](Self::ensure_amount_index) first.
    pub(crate) fn open_with_amount(&self, currency: Currency, amount: i128) -> Option<u32> {
        let books = self.books.get(&currency)?;
        let mut candidates = books
            .by_amount
            .as_ref()?
            .range((amount, NaiveDate::MIN, NaiveDate::MIN, 0)..)
            .take_while(|k| k.0 == amount);
        let first = candidates.next()?;
        let id = |index: u32| self.invoice(index).map(|r| r.id.clone());
        // Equal amount and dates: the lowest id wins (rarely more than one).
        let best = candidates
            .take_while(|k| (k.1, k.2) == (first.1, first.2))
            .fold(
                first.3,
                |best, k| if id(k.3) < id(best) { k.3 } else { best },
            );
        Some(best)
    }

    /// Builds the amount index of a currency if it does not exist yet.
    pub(crate) fn ensure_amount_index(&mut self, currency: Currency) {
        self.sync();
        let Some(books) = self.books.get(&currency) else {
            return;
        };
        if books.by_amount.is_some() {
            return;
        }
        let index: BTreeSet<AmountKey> = books
            .by_due
            .iter()
            .filter_map(|k| {
                let open = self.invoices.get(at(k.3))?.fig.open();
                Some((open, k.0, k.1, k.3))
            })
            .collect();
        if let Some(books) = self.books.get_mut(&currency) {
            books.by_amount = Some(index);
        }
    }

    /// Credit sources of a currency with credit left, oldest first.
    pub(crate) fn available_sources(&self, currency: Currency) -> impl Iterator<Item = u32> + '_ {
        self.books
            .get(&currency)
            .into_iter()
            .flat_map(|b| b.sources.iter().map(|k| k.1))
    }

    // ----- primitives (each saves what it overwrites) -----------------------

    /// The rounding a document's total is computed with: the account's,
    /// or for a refund document that of the invoice it reverses, so that
    /// one copying the invoice's lines reverses exactly its total after the
    /// account's rounding changed.
    pub(crate) fn totals_policy(&self, doc: &Invoice) -> RoundingPolicy {
        doc.refund_of()
            .and_then(|target| self.invoice_index(target))
            .and_then(|index| self.invoice(index))
            .map_or(self.settings.rounding, |target| target.rounding)
    }

    /// Adds a draft invoice.
    pub(crate) fn push_invoice(&mut self, doc: Arc<Invoice>, total: i128) -> Result<u32, Error> {
        let index = next_index(self.invoices.len())?;
        let rounding = self.totals_policy(&doc);
        let id: Id = doc.shared_id();
        match self.invoice_ids.entry(id.clone()) {
            std::collections::hash_map::Entry::Occupied(_) => {
                return Err(Error::DuplicateInvoice {
                    invoice: id.to_string(),
                });
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        self.invoices.push(InvoiceRecord {
            id,
            doc,
            fig: InvoiceFigures::draft(total),
            last_settlement: NONE,
            created_at: self.position,
            sources: Vec::new(),
            indexed: None,
            rounding,
        });
        self.journal.push(Undo::InvoicePush(index));
        Ok(index)
    }

    /// Replaces a draft's document.
    pub(crate) fn replace_document(
        &mut self,
        index: u32,
        doc: Arc<Invoice>,
        total: i128,
    ) -> Result<(), Error> {
        let rounding = self.totals_policy(&doc);
        let record = self.invoices.get_mut(at(index)).or_overflow()?;
        let old = std::mem::replace(&mut record.doc, doc);
        let old_rounding = std::mem::replace(&mut record.rounding, rounding);
        self.journal
            .push(Undo::InvoiceDoc(index, old, old_rounding));
        self.update_invoice(index, |f| {
            f.total = total;
            Ok(())
        })
    }

    /// Deletes a draft. Its id stays taken: ids are never reused.
    pub(crate) fn delete_invoice(&mut self, index: u32) -> Result<(), Error> {
        self.update_invoice(index, |f| {
            f.deleted = true;
            Ok(())
        })
    }

    /// Changes an invoice's figures; the status follows from them and the
    /// change is checked against the transition table.
    pub(crate) fn update_invoice(
        &mut self,
        index: u32,
        change: impl FnOnce(&mut InvoiceFigures) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let record = self.invoices.get_mut(at(index)).or_overflow()?;
        let before = record.fig;
        self.journal.push(Undo::InvoiceFig(index, before));
        self.journal.invoice_changed(index);
        change(&mut record.fig)?;
        let kind = record.kind();
        let status = record.fig.derived_status(kind);
        record.fig.status = before.status.transition(kind, status)?;
        Ok(())
    }

    pub(crate) fn push_payment(&mut self, record: PaymentRecord) -> Result<u32, Error> {
        let index = next_index(self.payments.len())?;
        match self.payment_ids.entry(record.id.clone()) {
            std::collections::hash_map::Entry::Occupied(_) => {
                return Err(Error::DuplicatePayment {
                    payment: record.id.to_string(),
                });
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        self.payments.push(record);
        self.journal.push(Undo::PaymentPush(index));
        self.touched_payments.push(index);
        Ok(index)
    }

    pub(crate) fn update_payment(
        &mut self,
        index: u32,
        change: impl FnOnce(&mut PaymentFigures) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let record = self.payments.get_mut(at(index)).or_overflow()?;
        self.journal.push(Undo::PaymentFig(index, record.fig));
        self.touched_payments.push(index);
        change(&mut record.fig)
    }

    pub(crate) fn push_payment_refund(
        &mut self,
        index: u32,
        entry: RefundEntry,
    ) -> Result<(), Error> {
        let record = self.payments.get_mut(at(index)).or_overflow()?;
        // Each of a payment's refunds is found by its id.
        if record.refunds.iter().any(|r| r.id == entry.id) {
            return Err(Error::DuplicateRefund {
                payment: record.id.to_string(),
                refund: entry.id.to_string(),
            });
        }
        record.refunds.push(entry);
        self.journal.push(Undo::PaymentRefund(index));
        Ok(())
    }

    /// Adds a credit source, linked to its document and funding payment.
    pub(crate) fn push_source(&mut self, source: CreditSource) -> Result<u32, Error> {
        let index = next_index(self.sources.len())?;
        if let Some(doc) = source.document {
            let record = self.invoices.get_mut(at(doc)).or_overflow()?;
            record.sources.push(index);
            self.journal.push(Undo::InvoiceSource(doc));
        }
        if let Some(payment) = source.payment {
            let record = self.payments.get_mut(at(payment)).or_overflow()?;
            record.sources.push(index);
            self.journal.push(Undo::PaymentSource(payment));
        }
        self.sources.push(source);
        self.journal.push(Undo::SourcePush);
        self.journal.source_changed(index);
        Ok(index)
    }

    pub(crate) fn update_source(
        &mut self,
        index: u32,
        change: impl FnOnce(&mut SourceFigures) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let record = self.sources.get_mut(at(index)).or_overflow()?;
        self.journal.push(Undo::SourceFig(index, record.fig));
        self.journal.source_changed(index);
        change(&mut record.fig)
    }

    /// Appends a settlement journal entry, linked from its invoice and payer.
    pub(crate) fn push_settlement(&mut self, mut entry: Settlement) -> Result<(), Error> {
        let index = next_index(self.settlements.len())?;
        let invoice = self.invoices.get_mut(at(entry.invoice)).or_overflow()?;
        entry.prev_for_invoice = std::mem::replace(&mut invoice.last_settlement, index);
        let payer_last = match entry.by {
            Payer::Payment(p) => &mut self.payments.get_mut(at(p)).or_overflow()?.last_settlement,
            Payer::Credit(s) => &mut self.sources.get_mut(at(s)).or_overflow()?.last_settlement,
        };
        entry.prev_for_payer = std::mem::replace(payer_last, index);
        self.settlements.push(entry);
        self.journal.push(Undo::SettlementPush);
        Ok(())
    }

    /// The settlement entries on an invoice, newest first.
    pub(crate) fn invoice_settlements(&self, invoice: u32) -> Chain<'_> {
        Chain {
            ledger: self,
            next: self.invoice(invoice).map_or(NONE, |r| r.last_settlement),
            by_invoice: true,
        }
    }

    /// The settlement entries of a payment or credit source, newest first.
    pub(crate) fn payer_settlements(&self, by: Payer) -> Chain<'_> {
        let last = match by {
            Payer::Payment(p) => self.payment(p).map(|r| r.last_settlement),
            Payer::Credit(s) => self.source(s).map(|r| r.last_settlement),
        };
        Chain {
            ledger: self,
            next: last.unwrap_or(NONE),
            by_invoice: false,
        }
    }

    /// Records that the account uses `currency`. Within one account a code
    /// names one currency: a custom currency may not come back with other
    /// minor units.
    pub(crate) fn use_currency(&mut self, currency: Currency) -> Result<(), Error> {
        if self.currencies.contains(&currency) {
            return Ok(());
        }
        if let Some(known) = self.currencies.iter().find(|c| c.code() == currency.code()) {
            return Err(Error::CurrencyMismatch {
                expected: *known,
                found: currency,
            });
        }
        self.currencies.push(currency);
        self.journal.push(Undo::CurrencyPush);
        Ok(())
    }

    pub(crate) fn push_withdrawal(&mut self, source: u32, amount: i128) -> Result<(), Error> {
        let date = self.date;
        let record = self.sources.get_mut(at(source)).or_overflow()?;
        record.withdrawals.push((date, amount));
        self.journal.push(Undo::SourceWithdrawal(source));
        Ok(())
    }

    // ----- payment methods and series -----------------------------------------

    /// Live (not removed) payment methods, in the order added.
    pub(crate) fn methods(&self) -> impl Iterator<Item = &PaymentMethod> {
        self.methods
            .iter()
            .filter(|r| !r.removed)
            .map(|r| &*r.method)
    }

    pub(crate) fn find_method(&self, id: &str) -> Result<(u32, &PaymentMethod), Error> {
        self.method_ids
            .get(id)
            .and_then(|&i| {
                self.methods
                    .get(at(i))
                    .filter(|r| !r.removed)
                    .map(|r| (i, &*r.method))
            })
            .ok_or_else(|| Error::UnknownPaymentMethod {
                method: id.to_owned(),
            })
    }

    pub(crate) fn default_method(&self) -> Option<&PaymentMethod> {
        self.default_method
            .and_then(|i| self.methods.get(at(i)))
            .filter(|r| !r.removed)
            .map(|r| &*r.method)
    }

    pub(crate) fn push_method(&mut self, method: Arc<PaymentMethod>) -> Result<u32, Error> {
        let index = next_index(self.methods.len())?;
        match self.method_ids.entry(Arc::from(method.id.as_str())) {
            std::collections::hash_map::Entry::Occupied(_) => {
                return Err(Error::DuplicatePaymentMethod {
                    method: method.id.clone(),
                });
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        self.methods.push(MethodRecord {
            method,
            removed: false,
        });
        self.journal.push(Undo::MethodPush);
        Ok(index)
    }

    pub(crate) fn remove_method(&mut self, index: u32) -> Result<(), Error> {
        let record = self.methods.get_mut(at(index)).or_overflow()?;
        record.removed = true;
        self.journal.push(Undo::MethodRemoved(index));
        Ok(())
    }

    pub(crate) fn set_default_method(&mut self, index: Option<u32>) {
        let previous = std::mem::replace(&mut self.default_method, index);
        self.journal.push(Undo::DefaultMethod(previous));
    }

    /// Every series, in the order added.
    pub(crate) fn series(&self) -> &[Arc<Series>] {
        &self.series
    }

    pub(crate) fn find_series(&self, id: &str) -> Result<(u32, &Arc<Series>), Error> {
        self.series_ids
            .get(id)
            .and_then(|&i| self.series.get(at(i)).map(|s| (i, s)))
            .ok_or_else(|| Error::UnknownSeries {
                series: id.to_owned(),
            })
    }

    pub(crate) fn push_series(&mut self, series: Arc<Series>) -> Result<(), Error> {
        let index = next_index(self.series.len())?;
        match self.series_ids.entry(Arc::from(series.id.as_str())) {
            std::collections::hash_map::Entry::Occupied(_) => {
                return Err(Error::DuplicateSeries {
                    series: series.id.clone(),
                });
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        self.series.push(series);
        self.journal.push(Undo::SeriesPush);
        Ok(())
    }

    pub(crate) fn replace_series(&mut self, index: u32, series: Arc<Series>) -> Result<(), Error> {
        let slot = self.series.get_mut(at(index)).or_overflow()?;
        let old = std::mem::replace(slot, series);
        self.journal.push(Undo::SeriesReplace(index, old));
        Ok(())
    }

    pub(crate) fn set_settings(&mut self, settings: AccountSettings) {
        let old = std::mem::replace(&mut self.settings, settings);
        self.journal.push(Undo::Settings(old));
    }

    /// Makes room for about `entries` more history entries' records (used
    /// before a replay, to avoid growing the id maps step by step).
    pub(crate) fn reserve(&mut self, entries: usize) {
        let half = entries / 2;
        self.invoice_ids.reserve(half);
        self.payment_ids.reserve(half);
        self.invoices.reserve(half);
        self.payments.reserve(half);
        self.settlements.reserve(entries);
    }

    // ----- transactions ----------------------------------------------------

    /// Ends an operation: its changes are final (in a batch, until the
    /// batch ends).
    pub(crate) fn commit(&mut self) {
        if self.batch {
            self.kept = self.journal.steps.len();
        } else {
            self.journal.steps.clear();
        }
        self.touched_payments.clear();
    }

    /// Undoes every change since the last commit, newest first.
    pub(crate) fn rollback(&mut self) {
        while self.journal.steps.len() > self.kept {
            if let Some(step) = self.journal.steps.pop() {
                self.revert(step);
            }
        }
        self.touched_payments.clear();
        self.sync();
    }

    /// Starts a batch: committed operations stay undoable until
    /// [`end_batch`](Self::end_batch).
    pub(crate) fn begin_batch(&mut self) {
        self.commit();
        self.batch = true;
        self.kept = 0;
    }

    /// Ends a batch: keeps its operations (`keep`) or undoes them all. The
    /// journal a batch grew is released, not kept for the account's life.
    pub(crate) fn end_batch(&mut self, keep: bool) {
        self.batch = false;
        self.kept = 0;
        if !keep {
            self.rollback();
        }
        self.journal.steps = Vec::new();
    }

    fn revert(&mut self, step: Undo) {
        match step {
            Undo::InvoicePush(index) => {
                self.file_invoice(index, None);
                if let Some(record) = self.invoices.pop() {
                    self.invoice_ids.remove(&record.id);
                }
            }
            Undo::InvoiceFig(index, fig) => {
                if let Some(r) = self.invoices.get_mut(at(index)) {
                    r.fig = fig;
                    self.journal.invoice_changed(index);
                }
            }
            Undo::InvoiceDoc(index, doc, rounding) => {
                // Out of the indexes under the dates it was filed with;
                // the sync at the end files it again if it should be.
                self.file_invoice(index, None);
                self.journal.invoice_changed(index);
                if let Some(r) = self.invoices.get_mut(at(index)) {
                    r.doc = doc;
                    r.rounding = rounding;
                }
            }
            Undo::InvoiceSource(index) => {
                if let Some(r) = self.invoices.get_mut(at(index)) {
                    r.sources.pop();
                }
            }
            Undo::PaymentPush(_) => {
                if let Some(record) = self.payments.pop() {
                    self.payment_ids.remove(&record.id);
                }
            }
            Undo::PaymentFig(index, fig) => {
                if let Some(r) = self.payments.get_mut(at(index)) {
                    r.fig = fig;
                }
            }
            Undo::PaymentSource(index) => {
                if let Some(r) = self.payments.get_mut(at(index)) {
                    r.sources.pop();
                }
            }
            Undo::PaymentRefund(index) => {
                if let Some(r) = self.payments.get_mut(at(index)) {
                    r.refunds.pop();
                }
            }
            Undo::SourcePush => {
                if let Ok(index) = next_index(self.sources.len().saturating_sub(1)) {
                    self.unindex_source(index);
                }
                self.sources.pop();
            }
            Undo::SourceFig(index, fig) => {
                if let Some(r) = self.sources.get_mut(at(index)) {
                    r.fig = fig;
                    self.journal.source_changed(index);
                }
            }
            Undo::SettlementPush => {
                if let Some(entry) = self.settlements.pop() {
                    if let Some(r) = self.invoices.get_mut(at(entry.invoice)) {
                        r.last_settlement = entry.prev_for_invoice;
                    }
                    let payer_last = match entry.by {
                        Payer::Payment(p) => {
                            self.payments.get_mut(at(p)).map(|r| &mut r.last_settlement)
                        }
                        Payer::Credit(s) => {
                            self.sources.get_mut(at(s)).map(|r| &mut r.last_settlement)
                        }
                    };
                    if let Some(last) = payer_last {
                        *last = entry.prev_for_payer;
                    }
                }
            }
            Undo::Settings(settings) => self.settings = settings,
            Undo::SourceWithdrawal(index) => {
                if let Some(r) = self.sources.get_mut(at(index)) {
                    r.withdrawals.pop();
                }
            }
            Undo::MethodPush => {
                if let Some(record) = self.methods.pop() {
                    self.method_ids.remove(record.method.id.as_str());
                }
            }
            Undo::MethodRemoved(index) => {
                if let Some(r) = self.methods.get_mut(at(index)) {
                    r.removed = false;
                }
            }
            Undo::DefaultMethod(previous) => self.default_method = previous,
            Undo::SeriesPush => {
                if let Some(series) = self.series.pop() {
                    self.series_ids.remove(series.id.as_str());
                }
            }
            Undo::SeriesReplace(index, series) => {
                if let Some(slot) = self.series.get_mut(at(index)) {
                    *slot = series;
                }
            }
            Undo::CurrencyPush => {
                self.currencies.pop();
            }
        }
    }

    /// The invoices changed since the last commit, in the order they were
    /// first touched, each with its figures before (`None` if created),
    /// into `touched` (a buffer the caller reuses).
    pub(crate) fn touched_invoices(&self, touched: &mut Vec<(u32, Option<InvoiceFigures>)>) {
        touched.clear();
        // Most operations touch a few invoices; some (proportional
        // allocation, sweeps) touch thousands.
        let mut seen: std::collections::HashSet<u32, foldhash::fast::FixedState> =
            Default::default();
        for step in self.journal.steps.get(self.kept..).unwrap_or_default() {
            let (index, before) = match step {
                Undo::InvoicePush(index) => (*index, None),
                Undo::InvoiceFig(index, fig) => (*index, Some(*fig)),
                _ => continue,
            };
            let new = if touched.len() < 16 {
                !touched.iter().any(|(i, _)| *i == index)
            } else {
                if seen.is_empty() {
                    seen.extend(touched.iter().map(|(i, _)| *i));
                }
                seen.insert(index)
            };
            if new {
                touched.push((index, before));
            }
        }
    }

    /// The payments changed since the last commit (possibly repeated).
    pub(crate) fn touched_payments(&self) -> &[u32] {
        &self.touched_payments
    }

    // ----- indexes ---------------------------------------------------------

    /// Brings the allocation indexes up to date with every record touched
    /// since the last sync.
    pub(crate) fn sync(&mut self) {
        while let Some(index) = self.journal.dirty_invoices.pop() {
            self.reindex_invoice(index);
        }
        while let Some(index) = self.journal.dirty_sources.pop() {
            self.reindex_source(index);
        }
    }

    /// An index is a function of the records alone: a currency whose books
    /// became empty leaves no empty entry behind.
    fn drop_empty_books(&mut self, currency: Currency) {
        if self.books.get(&currency).is_some_and(Books::is_empty) {
            self.books.remove(&currency);
        }
    }

    /// Starts a replay that keeps no outcomes: until
    /// [`reindex_all`](Self::reindex_all) the changes keep no undo steps
    /// (a refused entry refuses the whole history) and leave the indexes
    /// alone (rebuilt at the end).
    pub(crate) fn begin_replay(&mut self) {
        self.journal.off = true;
    }

    /// Rebuilds every index from the records (after a replay).
    pub(crate) fn reindex_all(&mut self) {
        self.journal.off = false;
        self.journal.dirty_invoices.clear();
        self.journal.dirty_sources.clear();
        // Collected and bulk-built: much faster than inserting one by one.
        let mut due: BTreeMap<Currency, Vec<DateKey>> = BTreeMap::new();
        let mut issue: BTreeMap<Currency, Vec<DateKey>> = BTreeMap::new();
        for (i, record) in self.invoices.iter_mut().enumerate() {
            record.indexed = record.index_amount();
            if record.indexed.is_some()
                && let Ok(i) = next_index(i)
            {
                let (d, s) = (record.doc.due_date(), record.doc.issue_date());
                due.entry(record.currency())
                    .or_default()
                    .push((d, s, record.id.clone(), i));
                issue
                    .entry(record.currency())
                    .or_default()
                    .push((s, d, record.id.clone(), i));
            }
        }
        let mut sources: BTreeMap<Currency, Vec<(NaiveDate, u32)>> = BTreeMap::new();
        for (i, source) in self.sources.iter_mut().enumerate() {
            source.indexed = source.remaining() > 0;
            if source.indexed
                && let Ok(i) = next_index(i)
            {
                sources
                    .entry(source.currency)
                    .or_default()
                    .push((source.date, i));
            }
        }
        self.books.clear();
        for (currency, keys) in due {
            self.books.entry(currency).or_default().by_due = keys.into_iter().collect();
        }
        for (currency, keys) in issue {
            self.books.entry(currency).or_default().by_issue = keys.into_iter().collect();
        }
        for (currency, keys) in sources {
            self.books.entry(currency).or_default().sources = keys.into_iter().collect();
        }
    }

    /// A currency in which credit sits beside invoices still due although
    /// the settings apply credit automatically (the indexes up to date):
    /// what the credit sweep would find work for.
    pub(crate) fn credit_beside_due(&self) -> Option<Currency> {
        if !self.settings.auto_apply_credit {
            return None;
        }
        self.currencies.iter().copied().find(|&currency| {
            self.available_sources(currency).next().is_some()
                && self.open_by_due(currency).next().is_some()
        })
    }

    fn reindex_invoice(&mut self, index: u32) {
        if let Some(record) = self.invoices.get(at(index)) {
            self.file_invoice(index, record.index_amount());
        }
    }

    /// Files an invoice in its currency's allocation indexes (`want`: the
    /// amount it is open for) or takes it out of them (`None`). The index
    /// keys hold the document's dates and currency, so an invoice is taken
    /// out before its document changes back in a rollback.
    fn file_invoice(&mut self, index: u32, want: Option<i128>) {
        let Some(record) = self.invoices.get(at(index)) else {
            return;
        };
        let old = record.indexed;
        if want == old {
            return;
        }
        let (due, issued, currency) = (
            record.doc.due_date(),
            record.doc.issue_date(),
            record.currency(),
        );
        // Cloning the shared id costs atomic operations: only when needed.
        let id = || record.id.clone();
        match (old, want) {
            (Some(old), Some(new)) => {
                // Still open: only its place by amount moves, if that index
                // was ever built.
                if let Some(by_amount) = self
                    .books
                    .get_mut(&currency)
                    .and_then(|b| b.by_amount.as_mut())
                {
                    by_amount.remove(&(old, due, issued, index));
                    by_amount.insert((new, due, issued, index));
                }
            }
            (Some(old), None) => {
                if let Some(books) = self.books.get_mut(&currency) {
                    books.by_due.remove(&(due, issued, id(), index));
                    books.by_issue.remove(&(issued, due, id(), index));
                    if let Some(by_amount) = &mut books.by_amount {
                        by_amount.remove(&(old, due, issued, index));
                    }
                }
            }
            (None, Some(new)) => {
                let books = self.books.entry(currency).or_default();
                books.by_due.insert((due, issued, id(), index));
                books.by_issue.insert((issued, due, id(), index));
                if let Some(by_amount) = &mut books.by_amount {
                    by_amount.insert((new, due, issued, index));
                }
            }
            (None, None) => {}
        }
        if let Some(record) = self.invoices.get_mut(at(index)) {
            record.indexed = want;
        }
        if want.is_none() {
            self.drop_empty_books(currency);
        }
    }

    fn reindex_source(&mut self, index: u32) {
        let Some(source) = self.sources.get(at(index)) else {
            return;
        };
        let want = source.remaining() > 0;
        if want == source.indexed {
            return;
        }
        let key = (source.date, index);
        let currency = source.currency;
        let books = self.books.entry(currency).or_default();
        if want {
            books.sources.insert(key);
        } else {
            books.sources.remove(&key);
        }
        if let Some(source) = self.sources.get_mut(at(index)) {
            source.indexed = want;
        }
        if !want {
            self.drop_empty_books(currency);
        }
    }

    fn unindex_source(&mut self, index: u32) {
        if let Some(source) = self.sources.get(at(index)) {
            let (key, currency) = ((source.date, index), source.currency);
            if let Some(books) = self.books.get_mut(&currency) {
                books.sources.remove(&key);
            }
            self.drop_empty_books(currency);
        }
    }

    /// Whether the indexes hold exactly what the records say (for
    /// verification).
    pub(crate) fn indexes_consistent(&self) -> bool {
        let mut expected: BTreeMap<Currency, (BTreeSet<u32>, BTreeSet<u32>)> = BTreeMap::new();
        for (i, record) in self.invoices.iter().enumerate() {
            if record.index_amount().is_some()
                && let Ok(i) = next_index(i)
            {
                expected.entry(record.currency()).or_default().0.insert(i);
            }
        }
        for (i, source) in self.sources.iter().enumerate() {
            if source.remaining() > 0
                && let Ok(i) = next_index(i)
            {
                expected.entry(source.currency).or_default().1.insert(i);
            }
        }
        let currencies: BTreeSet<Currency> =
            expected.keys().chain(self.books.keys()).copied().collect();
        currencies.into_iter().all(|c| {
            let (invoices, sources) = expected.get(&c).cloned().unwrap_or_default();
            let by_due: BTreeSet<u32> = self.open_by_due(c).collect();
            let by_issue: BTreeSet<u32> = self.open_by_issue(c).collect();
            let by_amount = self.books.get(&c).and_then(|b| b.by_amount.as_ref());
            let amounts_match = by_amount.is_none_or(|set| {
                set.iter().map(|k| k.3).collect::<BTreeSet<u32>>() == invoices
                    && set
                        .iter()
                        .all(|k| self.invoice(k.3).is_some_and(|r| r.fig.open() == k.0))
            });
            let available: BTreeSet<u32> = self.available_sources(c).collect();
            let no_empty_books = self.books.values().all(|b| !b.is_empty());
            by_due == invoices
                && by_issue == invoices
                && amounts_match
                && available == sources
                && no_empty_books
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_releases_its_undo_journal_when_it_ends() {
        let mut ledger = Ledger::new(AccountSettings::default());
        for keep in [true, false] {
            ledger.begin_batch();
            for _ in 0..100 {
                ledger.set_settings(AccountSettings::default());
                ledger.commit();
            }
            assert!(ledger.journal.steps.capacity() >= 100);
            ledger.end_batch(keep);
            // An account keeps its ledger for life: the journal a batch
            // grew (tens of kilobytes for a few dozen operations) must not
            // stay with it.
            assert_eq!(
                (ledger.journal.steps.len(), ledger.journal.steps.capacity()),
                (0, 0)
            );
        }
    }
}
