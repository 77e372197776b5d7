//! Operations: everything that changes an account, and how each one is
//! decided (validated, then turned into events).
//!
//! Each operation carries the caller's ids and a date (the library has no
//! clock). Operations that create or act on something once carry a natural
//! idempotency key (see [`Operation::idempotency_key`]): repeating one with
//! the same content returns the original outcome and changes nothing;
//! reusing the key with other content is [`Error::IdempotencyConflict`].

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::currency::Currency;
use crate::error::Error;
use crate::error::OrOverflow;
use crate::event::{Event, apply, net_settled, newest_first};
use crate::invoice::{Invoice, InvoiceKind, require_id};
use crate::ledger::{AccountSettings, Id, Ledger, Payer, PaymentState};
use crate::method::{PaymentMethod, refuse_card_data};
use crate::money::Money;
use crate::series::Series;
use crate::split;
use crate::status::InvoiceStatus;

/// How an automatic allocation spreads a payment over open invoices of its
/// currency. Each invoice takes at most what is open on it (its amount due
/// less what pending payments already cover).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllocationStrategy {
    /// Oldest due date first, then oldest issue date, then invoice id (the
    /// default).
    #[default]
    OldestDueFirst,
    /// Oldest issue date first, then oldest due date, then invoice id.
    OldestIssuedFirst,
    /// An invoice whose open amount equals the payment (the oldest due such
    /// invoice), else oldest due first.
    ExactMatchFirst,
    /// Every open invoice in proportion to its open amount, exactly
    /// (largest remainder); a payment covering them all pays them all.
    Proportional,
}

/// Where a payment's money goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Allocation {
    /// Automatic, by a strategy.
    Strategy(AllocationStrategy),
    /// Explicit amounts per invoice, in the payment's currency. Each is at
    /// most what is open on the invoice; an invoice may appear once.
    Explicit(Vec<AllocationRequest>),
}

impl Default for Allocation {
    fn default() -> Self {
        Allocation::Strategy(AllocationStrategy::default())
    }
}

impl Allocation {
    fn is_default(&self) -> bool {
        *self == Allocation::default()
    }
}

/// JSON: a strategy name (`"proportional"`) or a list of requests
/// (`[{"invoice": "INV-1", "amount": "50.00"}]`).
impl Serialize for Allocation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Allocation::Strategy(s) => s.serialize(serializer),
            Allocation::Explicit(list) => list.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Allocation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AllocationVisitor;
        impl<'de> Visitor<'de> for AllocationVisitor {
            type Value = Allocation;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a strategy name or a list of {invoice, amount}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Allocation, E> {
                AllocationStrategy::deserialize(de::value::StrDeserializer::<E>::new(v))
                    .map(Allocation::Strategy)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Allocation, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(Allocation::Explicit)
            }
        }
        deserializer.deserialize_any(AllocationVisitor)
    }
}

/// An explicit allocation: this much of the payment to this invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an allocation: an object with invoice and amount"
)]
pub struct AllocationRequest {
    /// The invoice id.
    pub invoice: String,
    /// The amount, in the payment's currency.
    #[serde(with = "crate::decimal::serde_str")]
    pub amount: Decimal,
}

/// What happens to money a payment does not allocate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverpaymentPolicy {
    /// It becomes account credit traced to the payment (the default; for a
    /// pending payment, once it settles).
    #[default]
    Credit,
    /// The payment is refused with [`Error::Overpayment`].
    Refuse,
}

impl OverpaymentPolicy {
    fn is_default(&self) -> bool {
        *self == OverpaymentPolicy::default()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Creates a draft (off the ledger, editable). Key: `draft:<invoice id>`.
/// A line description holding card data is refused
/// ([`Error::CardDataRefused`]), here and in [`UpdateDraft`] and
/// [`IssueInvoice`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateDraft {
    /// The document.
    pub invoice: Arc<Invoice>,
}

/// Replaces a draft's document (same id). Always applied; not keyed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateDraft {
    /// The new document.
    pub invoice: Arc<Invoice>,
}

/// Deletes a draft. Its id is never used again (as with issued invoices,
/// ids are not reused). Key: `delete:<invoice id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteDraft {
    /// The draft's id.
    pub invoice: String,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Creates and issues a document in one step, dated its issue date.
/// Key: `issue:<invoice id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueInvoice {
    /// The document.
    pub invoice: Arc<Invoice>,
}

/// Issues an existing draft. The document keeps its issue date, and
/// reports count the invoice from that date; `date` is the operation's
/// (credit it takes automatically is applied on it). Key:
/// `issue:<invoice id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueDraft {
    /// The draft's id.
    pub invoice: String,
    /// The date it is issued on.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Records a payment. Key: `payment:<payment id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordPayment {
    /// The payment's id.
    pub payment: String,
    /// The amount, above zero, at the currency's scale.
    #[serde(with = "crate::decimal::serde_str")]
    pub amount: Decimal,
    /// The currency. In the JSON form, a custom currency the account uses
    /// may be named by its code alone; the account looks it up when the
    /// operation runs (until then, read from JSON, its `minor_units()` is
    /// 255, which no real currency has).
    #[serde(deserialize_with = "crate::currency::code_or_currency")]
    pub currency: Currency,
    /// The payment date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
    /// A reference to the payment method (a token or id, never card data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Pending (ACH in flight, card awaiting approval) rather than
    /// succeeded.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pending: bool,
    /// Where the money goes.
    #[serde(default, skip_serializing_if = "Allocation::is_default")]
    pub allocation: Allocation,
    /// What happens to money left over.
    #[serde(default, skip_serializing_if = "OverpaymentPolicy::is_default")]
    pub overpayment: OverpaymentPolicy,
}

impl RecordPayment {
    /// A succeeded payment, allocated oldest due first, any rest to credit.
    pub fn new(payment: impl Into<String>, amount: Money, date: NaiveDate) -> RecordPayment {
        RecordPayment {
            payment: payment.into(),
            amount: amount.amount(),
            currency: amount.currency(),
            date,
            method: None,
            pending: false,
            allocation: Allocation::default(),
            overpayment: OverpaymentPolicy::default(),
        }
    }

    /// Marks the payment pending.
    #[must_use]
    pub fn pending(mut self) -> RecordPayment {
        self.pending = true;
        self
    }

    /// Sets the payment method reference.
    #[must_use]
    pub fn method(mut self, method: impl Into<String>) -> RecordPayment {
        self.method = Some(method.into());
        self
    }

    /// Allocates automatically with `strategy`.
    #[must_use]
    pub fn strategy(mut self, strategy: AllocationStrategy) -> RecordPayment {
        self.allocation = Allocation::Strategy(strategy);
        self
    }

    /// Allocates explicitly: `(invoice id, amount)` pairs.
    #[must_use]
    pub fn allocate<S: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (S, Decimal)>,
    ) -> RecordPayment {
        self.allocation = Allocation::Explicit(
            pairs
                .into_iter()
                .map(|(invoice, amount)| AllocationRequest {
                    invoice: invoice.into(),
                    amount,
                })
                .collect(),
        );
        self
    }

    /// Sets the overpayment policy.
    #[must_use]
    pub fn overpayment(mut self, policy: OverpaymentPolicy) -> RecordPayment {
        self.overpayment = policy;
        self
    }
}

/// Marks a pending payment succeeded. Key: `settle:<payment id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettlePayment {
    /// The payment's id.
    pub payment: String,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Marks a pending payment failed: its allocations are removed and the
/// invoices are due again. Key: `fail:<payment id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailPayment {
    /// The payment's id.
    pub payment: String,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Pays an invoice from the credit balance ("pay from credit"), oldest
/// credit source first. Key: `credit:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyCredit {
    /// The caller's id for this application.
    pub id: String,
    /// The invoice.
    pub invoice: String,
    /// How much, in the invoice's currency; `None` for as much as the
    /// credit and the invoice allow.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::serde_str_option"
    )]
    pub amount: Option<Decimal>,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Applies all available credit of a currency to open invoices, oldest
/// credit first, invoices oldest due first (whatever the auto-apply
/// setting). Key: `credit:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyAvailableCredit {
    /// The caller's id for this application.
    pub id: String,
    /// The currency (in the JSON form, a custom currency may be named by
    /// its code alone, as in [`RecordPayment::currency`]).
    #[serde(deserialize_with = "crate::currency::code_or_currency")]
    pub currency: Currency,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Pays money of a succeeded payment back (no charge is reversed): first
/// from the payment's unused credit, then from its allocations newest
/// first, then from invoices its credit paid, newest first; every invoice
/// it leaves is due again. Key: `refund:<refund id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundPayment {
    /// The caller's id for this refund.
    pub refund: String,
    /// The payment.
    pub payment: String,
    /// The amount, in the payment's currency.
    #[serde(with = "crate::decimal::serde_str")]
    pub amount: Decimal,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Voids an invoice. A charge invoice must have no settled or pending
/// payments (refund or move them first); credit it consumed returns to its
/// sources. A credit document's credit must be unused. Refund documents
/// cannot be voided. Key: `void:<invoice id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoidInvoice {
    /// The invoice.
    pub invoice: String,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Writes an open or partially paid charge invoice off as uncollectible:
/// it leaves the receivable balance but stays payable. Key:
/// `write_off:<invoice id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkUncollectible {
    /// The invoice.
    pub invoice: String,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Moves (part of) a payment's allocation from one invoice to another, as
/// when a payment was applied to the wrong invoice. Key: `move:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveAllocation {
    /// The caller's id for this move.
    pub id: String,
    /// The payment.
    pub payment: String,
    /// The invoice the allocation is on.
    pub from: String,
    /// The invoice it should be on.
    pub to: String,
    /// How much, in the payment's currency; `None` for all of it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::serde_str_option"
    )]
    pub amount: Option<Decimal>,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Changes the account's settings. Turning auto-apply on applies available
/// credit at once. Not keyed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateSettings {
    /// The new settings.
    pub settings: AccountSettings,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Adds a payment method (checked: card data is refused). It becomes the
/// default if `default` is set or if the account has no default yet.
/// Key: `method:<method id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddPaymentMethod {
    /// The method.
    pub method: PaymentMethod,
    /// Make it the default for automatic charges.
    #[serde(default, skip_serializing_if = "is_false")]
    pub default: bool,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Removes a payment method; if it was the default, there is no default
/// any more. Its id is not used again. Key: `remove_method:<method id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemovePaymentMethod {
    /// The method id.
    pub method: String,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Makes a payment method the default for automatic charges (one default
/// per account). Not keyed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetDefaultPaymentMethod {
    /// The method id.
    pub method: String,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Adds a recurring series (see [`Series`]). Refused, as
/// [`Series::check`] says, and also if its plan lines have no totals under
/// the account's rounding policy (a discount larger than its line), since
/// no invoice of the series could then be billed. Key: `series:<series id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddSeries {
    /// The series.
    pub series: Arc<Series>,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Ends a series: no service from `end` on; a period cut short and billed
/// after this is prorated. Refused ([`Error::InvalidSeriesDates`]) if a
/// period starting on or after `end` was already billed, or if a period
/// billed short by an earlier end would go on past it (its days after the
/// old end would never be billed). A period already billed that `end` cuts short
/// stays billed in full: no credit is issued by itself; to give the unused
/// days back, issue a refund document of that invoice (`refund_of`) for
/// them. Key: `end_series:<series id>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndSeries {
    /// The series id.
    pub series: String,
    /// The day after the last day of service.
    #[serde(with = "crate::date::serde_str")]
    pub end: NaiveDate,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// Issues every invoice of a series whose period starts on or before
/// `through` and that is not issued yet (credit auto-applies as usual, on
/// `through`). Each document keeps its period's dates, and reports count
/// each invoice from its own issue date: a series billed late shows its
/// January invoice in January. Not keyed: repeating it issues nothing new.
/// A period whose invoice id (`<series>-<n>`) is taken by another invoice
/// (a draft, a deleted draft, one of another kind, currency or issue date)
/// is never skipped: billing it is refused with
/// [`Error::DuplicateInvoice`]. An issued invoice of the period's kind,
/// currency and date counts as its bill, at any price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillSeries {
    /// The series id.
    pub series: String,
    /// Bill periods starting up to this date.
    #[serde(with = "crate::date::serde_str")]
    pub through: NaiveDate,
}

/// Every operation on an account. JSON: the operation's fields with an
/// `"op"` tag, such as `{"op": "record_payment", "payment": "PAY-1", ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Operation {
    /// See [`CreateDraft`].
    CreateDraft(CreateDraft),
    /// See [`UpdateDraft`].
    UpdateDraft(UpdateDraft),
    /// See [`DeleteDraft`].
    DeleteDraft(DeleteDraft),
    /// See [`IssueInvoice`].
    IssueInvoice(IssueInvoice),
    /// See [`IssueDraft`].
    IssueDraft(IssueDraft),
    /// See [`RecordPayment`].
    RecordPayment(RecordPayment),
    /// See [`SettlePayment`].
    SettlePayment(SettlePayment),
    /// See [`FailPayment`].
    FailPayment(FailPayment),
    /// See [`ApplyCredit`].
    ApplyCredit(ApplyCredit),
    /// See [`ApplyAvailableCredit`].
    ApplyAvailableCredit(ApplyAvailableCredit),
    /// See [`RefundPayment`].
    RefundPayment(RefundPayment),
    /// See [`VoidInvoice`].
    VoidInvoice(VoidInvoice),
    /// See [`MarkUncollectible`].
    MarkUncollectible(MarkUncollectible),
    /// See [`MoveAllocation`].
    MoveAllocation(MoveAllocation),
    /// See [`UpdateSettings`].
    UpdateSettings(UpdateSettings),
    /// See [`AddPaymentMethod`].
    AddPaymentMethod(AddPaymentMethod),
    /// See [`RemovePaymentMethod`].
    RemovePaymentMethod(RemovePaymentMethod),
    /// See [`SetDefaultPaymentMethod`].
    SetDefaultPaymentMethod(SetDefaultPaymentMethod),
    /// See [`AddSeries`].
    AddSeries(AddSeries),
    /// See [`EndSeries`].
    EndSeries(EndSeries),
    /// See [`BillSeries`].
    BillSeries(BillSeries),
}

/// `From` each operation type, and decoding through a private externally
/// tagged mirror (see `tagged.rs`: no buffering of the whole object).
macro_rules! into_operation {
    ($($name:ident),*) => {
        $(
            impl From<$name> for Operation {
                fn from(op: $name) -> Operation {
                    Operation::$name(op)
                }
            }
        )*

        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum OperationForm {
            $($name($name),)*
        }

        impl<'de> Deserialize<'de> for Operation {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let form: OperationForm = crate::tagged::deserialize(deserializer, "op")?;
                Ok(match form {
                    $(OperationForm::$name(op) => Operation::$name(op),)*
                })
            }
        }
    };
}

into_operation!(
    CreateDraft,
    UpdateDraft,
    DeleteDraft,
    IssueInvoice,
    IssueDraft,
    RecordPayment,
    SettlePayment,
    FailPayment,
    ApplyCredit,
    ApplyAvailableCredit,
    RefundPayment,
    VoidInvoice,
    MarkUncollectible,
    MoveAllocation,
    UpdateSettings,
    AddPaymentMethod,
    RemovePaymentMethod,
    SetDefaultPaymentMethod,
    AddSeries,
    EndSeries,
    BillSeries
);

/// The namespaces of idempotency keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Draft,
    Delete,
    Issue,
    Payment,
    Settle,
    Fail,
    Credit,
    Refund,
    Void,
    WriteOff,
    Move,
    Method,
    RemoveMethod,
    Series,
    EndSeries,
}

impl KeyKind {
    /// A distinct number per namespace.
    pub(crate) fn slot(self) -> usize {
        match self {
            KeyKind::Draft => 0,
            KeyKind::Delete => 1,
            KeyKind::Issue => 2,
            KeyKind::Payment => 3,
            KeyKind::Settle => 4,
            KeyKind::Fail => 5,
            KeyKind::Credit => 6,
            KeyKind::Refund => 7,
            KeyKind::Void => 8,
            KeyKind::WriteOff => 9,
            KeyKind::Move => 10,
            KeyKind::Method => 11,
            KeyKind::RemoveMethod => 12,
            KeyKind::Series => 13,
            KeyKind::EndSeries => 14,
        }
    }

    pub(crate) fn prefix(self) -> &'static str {
        match self {
            KeyKind::Draft => "draft",
            KeyKind::Delete => "delete",
            KeyKind::Issue => "issue",
            KeyKind::Payment => "payment",
            KeyKind::Settle => "settle",
            KeyKind::Fail => "fail",
            KeyKind::Credit => "credit",
            KeyKind::Refund => "refund",
            KeyKind::Void => "void",
            KeyKind::WriteOff => "write_off",
            KeyKind::Move => "move",
            KeyKind::Method => "method",
            KeyKind::RemoveMethod => "remove_method",
            KeyKind::Series => "series",
            KeyKind::EndSeries => "end_series",
        }
    }
}

impl Operation {
    /// Looks up a custom currency named by its code alone (in the JSON
    /// form of a payment or a credit application) with `resolve`.
    ///
    /// # Errors
    /// `resolve`'s: [`Error::UnknownCurrency`] for a code the account does
    /// not use.
    pub(crate) fn resolve_currency(
        &mut self,
        resolve: impl FnOnce(&str) -> Result<Currency, Error>,
    ) -> Result<(), Error> {
        let currency = match self {
            Operation::RecordPayment(op) => &mut op.currency,
            Operation::ApplyAvailableCredit(op) => &mut op.currency,
            _ => return Ok(()),
        };
        if currency.is_named() {
            *currency = resolve(currency.code())?;
        }
        Ok(())
    }

    /// The date the operation takes effect: its `date`, or for documents
    /// created or issued in one step, the document's issue date.
    pub fn date(&self) -> NaiveDate {
        match self {
            Operation::CreateDraft(op) => op.invoice.issue_date(),
            Operation::UpdateDraft(op) => op.invoice.issue_date(),
            Operation::IssueInvoice(op) => op.invoice.issue_date(),
            Operation::DeleteDraft(op) => op.date,
            Operation::IssueDraft(op) => op.date,
            Operation::RecordPayment(op) => op.date,
            Operation::SettlePayment(op) => op.date,
            Operation::FailPayment(op) => op.date,
            Operation::ApplyCredit(op) => op.date,
            Operation::ApplyAvailableCredit(op) => op.date,
            Operation::RefundPayment(op) => op.date,
            Operation::VoidInvoice(op) => op.date,
            Operation::MarkUncollectible(op) => op.date,
            Operation::MoveAllocation(op) => op.date,
            Operation::UpdateSettings(op) => op.date,
            Operation::AddPaymentMethod(op) => op.date,
            Operation::RemovePaymentMethod(op) => op.date,
            Operation::SetDefaultPaymentMethod(op) => op.date,
            Operation::AddSeries(op) => op.date,
            Operation::EndSeries(op) => op.date,
            Operation::BillSeries(op) => op.through,
        }
    }

    /// The operation's idempotency key, such as `"payment:PAY-1"`, or
    /// `None` for operations that are not keyed (draft updates, settings).
    pub fn idempotency_key(&self) -> Option<String> {
        self.key()
            .map(|(kind, id)| format!("{}:{id}", kind.prefix()))
    }

    /// The document the operation carries: a draft's, or one issued in
    /// one step.
    pub(crate) fn document(&self) -> Option<&Arc<Invoice>> {
        match self {
            Operation::CreateDraft(op) => Some(&op.invoice),
            Operation::UpdateDraft(op) => Some(&op.invoice),
            Operation::IssueInvoice(op) => Some(&op.invoice),
            _ => None,
        }
    }

    pub(crate) fn key(&self) -> Option<(KeyKind, &str)> {
        Some(match self {
            Operation::CreateDraft(op) => (KeyKind::Draft, op.invoice.id()),
            Operation::IssueInvoice(op) => (KeyKind::Issue, op.invoice.id()),
            Operation::DeleteDraft(op) => (KeyKind::Delete, &op.invoice),
            Operation::IssueDraft(op) => (KeyKind::Issue, &op.invoice),
            Operation::RecordPayment(op) => (KeyKind::Payment, &op.payment),
            Operation::SettlePayment(op) => (KeyKind::Settle, &op.payment),
            Operation::FailPayment(op) => (KeyKind::Fail, &op.payment),
            Operation::ApplyCredit(op) => (KeyKind::Credit, &op.id),
            Operation::ApplyAvailableCredit(op) => (KeyKind::Credit, &op.id),
            Operation::RefundPayment(op) => (KeyKind::Refund, &op.refund),
            Operation::VoidInvoice(op) => (KeyKind::Void, &op.invoice),
            Operation::MarkUncollectible(op) => (KeyKind::WriteOff, &op.invoice),
            Operation::MoveAllocation(op) => (KeyKind::Move, &op.id),
            Operation::AddPaymentMethod(op) => (KeyKind::Method, &op.method.id),
            Operation::RemovePaymentMethod(op) => (KeyKind::RemoveMethod, &op.method),
            Operation::AddSeries(op) => (KeyKind::Series, &op.series.id),
            Operation::EndSeries(op) => (KeyKind::EndSeries, &op.series),
            Operation::UpdateDraft(_)
            | Operation::UpdateSettings(_)
            | Operation::SetDefaultPaymentMethod(_)
            | Operation::BillSeries(_) => return None,
        })
    }

    /// The key the account files in its key table: none for an operation
    /// whose key is the id of the record it creates (an invoice or a
    /// payment), as that record keeps the operation's log position.
    pub(crate) fn table_key(&self) -> Option<(KeyKind, &str)> {
        match self {
            Operation::CreateDraft(_)
            | Operation::IssueInvoice(_)
            | Operation::RecordPayment(_) => None,
            _ => self.key(),
        }
    }
}

/// An operation being decided: events are applied as they are emitted, so
/// each decision sees the effect of the ones before it.
pub(crate) struct Txn<'a> {
    pub(crate) ledger: &'a mut Ledger,
    pub(crate) events: Vec<Event>,
    /// A reused buffer for allocation plans; empty between uses.
    pub(crate) plan: Vec<(u32, i128)>,
}

impl Txn<'_> {
    fn emit(&mut self, event: Event) -> Result<(), Error> {
        apply(self.ledger, &event)?;
        self.events.push(event);
        Ok(())
    }
}

/// Takes a payment's money off an invoice (a refund, a failure, a move, a
/// refund document paying it back in cash): refused with
/// [`Error::DatedBeforeTarget`] at a date before the payment's latest
/// entry on that invoice (its allocation there, or a move to or from it).
/// Reports place every entry by its date, so the money would leave the
/// invoice before it arrived. (A refund document that turns the money into
/// credit may be dated before it: its credit counts from the payment's
/// date.)
fn take_back(tx: &mut Txn<'_>, payment: u32, invoice: u32, amount: Money) -> Result<(), Error> {
    let latest = tx
        .ledger
        .payer_settlements(Payer::Payment(payment))
        .filter(|(_, s)| s.invoice == invoice)
        .map(|(_, s)| s.date)
        .max();
    let payment = tx.ledger.payment(payment).or_overflow()?.id.clone();
    not_before(tx, latest, &payment)?;
    tx.emit(Event::AllocationReversed {
        payment,
        invoice: tx.ledger.invoice(invoice).or_overflow()?.id.clone(),
        amount,
    })
}

fn money(minor: i128, currency: Currency) -> Result<Money, Error> {
    Money::from_minor(minor, currency)
}

fn positive_money(amount: Decimal, currency: Currency) -> Result<Money, Error> {
    let m = Money::new(amount, currency)?;
    if m.is_positive() {
        Ok(m)
    } else {
        Err(Error::NonPositiveAmount)
    }
}

/// Decides an operation: checks it against the ledger and emits its events.
/// The id of its idempotency key (`Operation::key`: a payment, refund or
/// operation id) was checked by `Account::run` before (`check_id`).
pub(crate) fn decide(tx: &mut Txn<'_>, op: &Operation) -> Result<(), Error> {
    if let Some(document) = op.document() {
        crate::invoice::refuse_lines_card_data(document.lines())?;
    }
    match op {
        Operation::CreateDraft(op) => create_draft(tx, &op.invoice).map(|_| ()),
        Operation::UpdateDraft(op) => {
            let (_, record) = tx.ledger.find_invoice(op.invoice.id())?;
            require_draft(record)?;
            let total = op
                .invoice
                .totals(tx.ledger.totals_policy(&op.invoice))?
                .total;
            tx.emit(Event::DraftUpdated {
                invoice: op.invoice.clone(),
                total,
            })
        }
        Operation::DeleteDraft(op) => {
            let (_, record) = tx.ledger.find_invoice(&op.invoice)?;
            require_draft(record)?;
            let invoice = record.id.clone();
            tx.emit(Event::DraftDeleted { invoice })
        }
        Operation::IssueInvoice(op) => {
            let index = create_draft(tx, &op.invoice)?;
            issue(tx, index)
        }
        Operation::IssueDraft(op) => {
            let (index, record) = tx.ledger.find_invoice(&op.invoice)?;
            require_draft(record)?;
            issue(tx, index)
        }
        Operation::RecordPayment(op) => record_payment(tx, op),
        Operation::SettlePayment(op) => settle_payment(tx, op),
        Operation::FailPayment(op) => fail_payment(tx, op),
        Operation::ApplyCredit(op) => apply_credit(tx, op),
        Operation::ApplyAvailableCredit(op) => sweep_credit(tx, op.currency),
        Operation::RefundPayment(op) => refund_payment(tx, op),
        Operation::VoidInvoice(op) => void_invoice(tx, op),
        Operation::MarkUncollectible(op) => {
            let (_, record) = tx.ledger.find_invoice(&op.invoice)?;
            not_before(tx, record.fig.issued_on, &op.invoice)?;
            let invoice = record.id.clone();
            tx.emit(Event::InvoiceWrittenOff { invoice })
        }
        Operation::MoveAllocation(op) => move_allocation(tx, op),
        Operation::UpdateSettings(op) => {
            tx.emit(Event::SettingsChanged {
                settings: op.settings,
            })?;
            for currency in tx.ledger.currencies() {
                auto_apply(tx, currency)?;
            }
            Ok(())
        }
        Operation::AddPaymentMethod(op) => {
            op.method.check()?;
            let id: Id = Arc::from(op.method.id.as_str());
            tx.emit(Event::PaymentMethodAdded {
                method: Arc::new(op.method.clone()),
            })?;
            if op.default || tx.ledger.default_method().is_none() {
                tx.emit(Event::DefaultPaymentMethodSet { method: Some(id) })?;
            }
            Ok(())
        }
        Operation::RemovePaymentMethod(op) => {
            let (_, method) = tx.ledger.find_method(&op.method)?;
            let id: Id = Arc::from(method.id.as_str());
            let was_default = tx
                .ledger
                .default_method()
                .is_some_and(|m| m.id == method.id);
            tx.emit(Event::PaymentMethodRemoved { method: id })?;
            if was_default {
                tx.emit(Event::DefaultPaymentMethodSet { method: None })?;
            }
            Ok(())
        }
        Operation::SetDefaultPaymentMethod(op) => {
            let (_, method) = tx.ledger.find_method(&op.method)?;
            let id: Id = Arc::from(method.id.as_str());
            tx.emit(Event::DefaultPaymentMethodSet { method: Some(id) })
        }
        Operation::AddSeries(op) => {
            op.series.check_billable(tx.ledger.settings.rounding)?;
            tx.emit(Event::SeriesAdded {
                series: op.series.clone(),
            })
        }
        Operation::EndSeries(op) => end_series(tx, op),
        Operation::BillSeries(op) => bill_series(tx, op),
    }
}

fn end_series(tx: &mut Txn<'_>, op: &EndSeries) -> Result<(), Error> {
    let (_, series) = tx.ledger.find_series(&op.series)?;
    let series = Arc::clone(series);
    // Billed periods are the series' invoices that exist, numbered from 1;
    // none of them may start on or after the new end, nor end before it
    // where the period goes on (a period billed short by an earlier end,
    // then extended, would leave days unbilled).
    let mut number = 1u32;
    while let Some(record) = tx
        .ledger
        .invoice_index(&series.invoice_id(number))
        .and_then(|i| tx.ledger.invoice(i))
    {
        let billed_end = (!record.fig.deleted)
            .then(|| record.doc.lines().first()?.period.map(|p| p.end))
            .flatten();
        match series.period_ending(number, Some(op.end))? {
            None => return Err(Error::InvalidSeriesDates),
            Some(p) if billed_end.is_some_and(|billed| billed < p.end) => {
                return Err(Error::InvalidSeriesDates);
            }
            Some(_) => {}
        }
        number = number.checked_add(1).or_overflow()?;
    }
    tx.emit(Event::SeriesEnded {
        series: Arc::from(series.id.as_str()),
        end: op.end,
    })
}

fn bill_series(tx: &mut Txn<'_>, op: &BillSeries) -> Result<(), Error> {
    let (_, series) = tx.ledger.find_series(&op.series)?;
    let series = Arc::clone(series);
    let mode = tx.ledger.settings.rounding.mode;
    let mut number = 1u32;
    let mut issued = 0u32;
    let max = series.billable_at_once();
    while let Some(period) = series.period(number)? {
        if period.start > op.through {
            break;
        }
        let id = series.invoice_id(number);
        if let Ok((_, record)) = tx.ledger.find_invoice(&id) {
            // Billed already, or the id is taken by another invoice: a
            // period is never skipped silently.
            if !record.bills_period(&series, number, period.start) {
                return Err(Error::DuplicateInvoice { invoice: id });
            }
        } else if let Some(invoice) = series.invoice(number, mode)? {
            if issued == max {
                return Err(Error::TooManyPeriods {
                    series: series.id.clone(),
                    max,
                });
            }
            let index = create_draft(tx, &Arc::new(invoice))?;
            issue(tx, index)?;
            issued = issued.saturating_add(1);
        }
        number = number.checked_add(1).or_overflow()?;
    }
    Ok(())
}

fn require_draft(record: &crate::ledger::InvoiceRecord) -> Result<(), Error> {
    if record.fig.issued_on.is_some() {
        return Err(Error::InvoiceNotDraft {
            invoice: record.id.to_string(),
            status: record.fig.status,
        });
    }
    Ok(())
}

fn create_draft(tx: &mut Txn<'_>, invoice: &Arc<Invoice>) -> Result<u32, Error> {
    if tx.ledger.invoice_index(invoice.id()).is_some() {
        return Err(Error::DuplicateInvoice {
            invoice: invoice.id().to_owned(),
        });
    }
    let total = invoice.totals(tx.ledger.totals_policy(invoice))?.total;
    tx.emit(Event::DraftCreated {
        invoice: invoice.clone(),
        total,
    })?;
    tx.ledger
        .invoice_index(invoice.id())
        .ok_or_else(|| Error::UnknownInvoice {
            invoice: invoice.id().to_owned(),
        })
}

fn issue(tx: &mut Txn<'_>, index: u32) -> Result<(), Error> {
    let record = tx.ledger.invoice(index).or_overflow()?;
    let (id, kind, currency, total) = (
        record.id.clone(),
        record.kind(),
        record.currency(),
        record.fig.total,
    );
    if kind == InvoiceKind::Refund {
        return issue_refund(tx, index);
    }
    tx.emit(Event::InvoiceIssued {
        invoice: id.clone(),
    })?;
    if kind == InvoiceKind::Credit && total > 0 {
        tx.emit(Event::CreditCreated {
            source: next_source(tx.ledger)?,
            amount: money(total, currency)?,
            document: Some(id),
            payment: None,
        })?;
    }
    auto_apply(tx, currency)
}

fn next_source(ledger: &Ledger) -> Result<u32, Error> {
    u32::try_from(ledger.sources().len()).map_err(|_| Error::Overflow)
}

/// Refuses an operation dated before `earliest`, the date of the payment
/// or invoice `target` it acts on ([`Error::DatedBeforeTarget`]). The
/// operation's date is the one the ledger stamps its changes with.
fn not_before(tx: &Txn<'_>, earliest: Option<NaiveDate>, target: &str) -> Result<(), Error> {
    let (date, _) = tx.ledger.stamp();
    not_before_date(date, earliest, target)
}

/// [`not_before`] for a given `date`.
fn not_before_date(
    date: NaiveDate,
    earliest: Option<NaiveDate>,
    target: &str,
) -> Result<(), Error> {
    match earliest {
        Some(earliest) if date < earliest => Err(Error::DatedBeforeTarget {
            date,
            target: target.to_owned(),
            earliest,
        }),
        _ => Ok(()),
    }
}

fn issue_refund(tx: &mut Txn<'_>, index: u32) -> Result<(), Error> {
    let record = tx.ledger.invoice(index).or_overflow()?;
    let doc_id = record.id.clone();
    let currency = record.currency();
    let amount = record.fig.total;
    let target_id = record.doc.refund_of().unwrap_or_default().to_owned();
    let cash_payment = record.doc.refund_payment().map(str::to_owned);
    let (target, target_record) = tx.ledger.find_invoice(&target_id)?;
    if !target_record.is_payable() {
        return Err(Error::InvoiceNotRefundable {
            invoice: target_id,
            kind: target_record.kind(),
            status: target_record.fig.status,
        });
    }
    if target_record.currency() != currency {
        return Err(Error::CurrencyMismatch {
            expected: target_record.currency(),
            found: currency,
        });
    }
    // A document counts from its own issue date, whatever day it is issued.
    not_before_date(
        record.doc.issue_date(),
        target_record.fig.issued_on,
        &target_id,
    )?;
    let (fig, policy) = (target_record.fig, target_record.rounding);
    let target_key = target_record.id.clone();
    // A draft was totalled when made, under the rounding of the invoice it
    // reverses as it stood then (the account's, if that invoice did not
    // exist yet). Issued, it is totalled under that invoice's rounding as
    // it stands, so that copying its lines reverses exactly its total.
    let amount = if record.rounding == policy {
        amount
    } else {
        let doc = record.doc.clone();
        let total = doc.totals(policy)?.total;
        tx.emit(Event::DraftUpdated {
            invoice: doc,
            total,
        })?;
        total.minor()
    };
    // A payment named for a cash refund exists, whether or not any money
    // goes back to it.
    if let Some(payment) = &cash_payment {
        tx.ledger.find_payment(payment)?;
    }
    let refundable = fig.total.saturating_sub(fig.reversed);
    if amount > refundable {
        return Err(Error::RefundExceedsInvoice {
            invoice: target_id,
            refundable: money(refundable, currency)?,
        });
    }
    // What is still open is reversed first; the rest was paid already.
    let post = amount.saturating_sub(fig.open().min(amount));
    if post > fig.paid.saturating_add(fig.credited) {
        return Err(Error::InvoiceHasPendingPayments { invoice: target_id });
    }
    tx.emit(Event::InvoiceIssued {
        invoice: doc_id.clone(),
    })?;
    if post > 0 {
        match cash_payment {
            Some(payment_id) => {
                let (p, payment) = tx.ledger.find_payment(&payment_id)?;
                if payment.fig.state != PaymentState::Succeeded {
                    return Err(Error::PaymentNotSucceeded {
                        payment: payment_id,
                        state: payment.fig.state,
                    });
                }
                not_before(tx, payment.fig.settled_on, &payment_id)?;
                let payment_key = payment.id.clone();
                let allocated = net_settled(tx.ledger, Payer::Payment(p), target);
                if allocated < post {
                    return Err(Error::AllocationExceedsAllocated {
                        payment: payment_id,
                        invoice: target_id,
                        allocated: money(allocated, currency)?,
                    });
                }
                take_back(tx, p, target, money(post, currency)?)?;
                tx.emit(Event::PaymentRefunded {
                    payment: payment_key,
                    refund: doc_id.clone(),
                    amount: money(post, currency)?,
                })?;
            }
            None => release_to_credit(tx, target, &doc_id, post, currency)?,
        }
    }
    if amount > 0 {
        tx.emit(Event::InvoiceReversed {
            invoice: target_key,
            document: doc_id,
            amount: money(amount, currency)?,
        })?;
    }
    auto_apply(tx, currency)
}

/// Takes `amount` of what settled an invoice off it, newest first, and
/// gives it back as credit: money of a payment becomes a credit source of
/// the refund document funded by that payment; credit goes back to its
/// source. Pending payments are left alone.
fn release_to_credit(
    tx: &mut Txn<'_>,
    invoice: u32,
    document: &Id,
    amount: i128,
    currency: Currency,
) -> Result<(), Error> {
    let record = tx.ledger.invoice(invoice).or_overflow()?;
    let invoice_id = record.id.clone();
    let pieces = newest_first(tx.ledger.invoice_settlements(invoice), |s| s.by);
    let mut left = amount;
    for (by, net) in pieces {
        if left == 0 {
            break;
        }
        let take = net.min(left);
        match by {
            Payer::Payment(p) => {
                let payment = tx.ledger.payment(p).or_overflow()?;
                if payment.fig.state != PaymentState::Succeeded {
                    continue;
                }
                let payment_id = payment.id.clone();
                tx.emit(Event::AllocationReversed {
                    payment: payment_id.clone(),
                    invoice: invoice_id.clone(),
                    amount: money(take, currency)?,
                })?;
                tx.emit(Event::CreditCreated {
                    source: next_source(tx.ledger)?,
                    amount: money(take, currency)?,
                    document: Some(document.clone()),
                    payment: Some(payment_id),
                })?;
            }
            Payer::Credit(source) => tx.emit(Event::CreditReturned {
                source,
                invoice: invoice_id.clone(),
                amount: money(take, currency)?,
            })?,
        }
        left = left.saturating_sub(take);
    }
    Ok(())
}

fn record_payment(tx: &mut Txn<'_>, op: &RecordPayment) -> Result<(), Error> {
    if let Some(method) = &op.method {
        refuse_card_data("payment method", method)?;
        require_id(method, "payment method")?;
    }
    let currency = op.currency;
    let amount = positive_money(op.amount, currency)?;
    let mut plan = std::mem::take(&mut tx.plan);
    plan.clear();
    let planned = match &op.allocation {
        Allocation::Explicit(requests) => explicit_plan(tx.ledger, requests, amount, &mut plan),
        Allocation::Strategy(strategy) => {
            tx.ledger.sync();
            if *strategy == AllocationStrategy::ExactMatchFirst {
                tx.ledger.ensure_amount_index(currency);
            }
            strategy_plan(tx.ledger, *strategy, amount, &mut plan)
        }
    };
    let result = planned.and_then(|()| record_planned_payment(tx, op, amount, &plan));
    plan.clear();
    tx.plan = plan;
    result
}

fn record_planned_payment(
    tx: &mut Txn<'_>,
    op: &RecordPayment,
    amount: Money,
    plan: &[(u32, i128)],
) -> Result<(), Error> {
    let currency = amount.currency();
    let allocated = plan
        .iter()
        .fold(0i128, |acc, (_, x)| acc.saturating_add(*x));
    let rest = amount.minor().saturating_sub(allocated);
    if rest > 0 && op.overpayment == OverpaymentPolicy::Refuse {
        return Err(Error::Overpayment {
            unallocated: money(rest, currency)?,
        });
    }
    let payment: Id = Arc::from(op.payment.as_str());
    tx.emit(Event::PaymentRecorded {
        payment: payment.clone(),
        amount,
        method: op.method.as_deref().map(Arc::from),
        pending: op.pending,
    })?;
    for &(invoice, x) in plan {
        let invoice = tx.ledger.invoice(invoice).or_overflow()?.id.clone();
        tx.emit(Event::PaymentAllocated {
            payment: payment.clone(),
            invoice,
            amount: money(x, currency)?,
        })?;
    }
    if rest > 0 && !op.pending {
        tx.emit(Event::CreditCreated {
            source: next_source(tx.ledger)?,
            amount: money(rest, currency)?,
            document: None,
            payment: Some(payment),
        })?;
    }
    auto_apply(tx, currency)
}

fn explicit_plan(
    ledger: &Ledger,
    requests: &[AllocationRequest],
    amount: Money,
    plan: &mut Vec<(u32, i128)>,
) -> Result<(), Error> {
    let currency = amount.currency();
    let mut allocated = Money::zero(currency);
    for request in requests {
        let (index, record) = ledger.find_invoice(&request.invoice)?;
        if !record.is_payable() {
            return Err(Error::InvoiceNotPayable {
                invoice: request.invoice.clone(),
                kind: record.kind(),
                status: record.fig.status,
            });
        }
        if record.currency() != currency {
            return Err(Error::CurrencyMismatch {
                expected: currency,
                found: record.currency(),
            });
        }
        let x = positive_money(request.amount, currency)?;
        if plan.iter().any(|(i, _)| *i == index) {
            return Err(Error::DuplicateAllocation {
                invoice: request.invoice.clone(),
            });
        }
        let open = record.fig.open();
        if x.minor() > open {
            return Err(Error::AllocationExceedsDue {
                invoice: request.invoice.clone(),
                open: money(open, currency)?,
            });
        }
        allocated = allocated.checked_add(x)?;
        plan.push((index, x.minor()));
    }
    if allocated > amount {
        return Err(Error::AllocationExceedsPayment { allocated, amount });
    }
    Ok(())
}

fn strategy_plan(
    ledger: &Ledger,
    strategy: AllocationStrategy,
    amount: Money,
    plan: &mut Vec<(u32, i128)>,
) -> Result<(), Error> {
    let currency = amount.currency();
    let open = |i: u32| ledger.invoice(i).map_or(0, |r| r.fig.open());
    let mut greedy = |order: &mut dyn Iterator<Item = u32>| {
        let mut left = amount.minor();
        for index in order {
            if left == 0 {
                break;
            }
            let take = open(index).min(left);
            if take > 0 {
                plan.push((index, take));
                left = left.saturating_sub(take);
            }
        }
    };
    match strategy {
        AllocationStrategy::OldestDueFirst => greedy(&mut ledger.open_by_due(currency)),
        AllocationStrategy::OldestIssuedFirst => greedy(&mut ledger.open_by_issue(currency)),
        AllocationStrategy::ExactMatchFirst => {
            match ledger.open_with_amount(currency, amount.minor()) {
                Some(index) => plan.push((index, amount.minor())),
                None => greedy(&mut ledger.open_by_due(currency)),
            }
        }
        AllocationStrategy::Proportional => {
            let all: Vec<(u32, i128)> =
                ledger.open_by_due(currency).map(|i| (i, open(i))).collect();
            let total = all.iter().fold(0i128, |acc, (_, x)| acc.saturating_add(*x));
            if total <= amount.minor() {
                plan.extend(all);
            } else {
                let weights: Vec<i128> = all.iter().map(|(_, x)| *x).collect();
                let parts = split::by_weights(amount.minor(), &weights)?;
                plan.extend(
                    all.iter()
                        .zip(parts)
                        .filter(|(_, x)| *x > 0)
                        .map(|((i, _), x)| (*i, x)),
                );
            }
        }
    }
    Ok(())
}

fn settle_payment(tx: &mut Txn<'_>, op: &SettlePayment) -> Result<(), Error> {
    let (_, record) = tx.ledger.find_payment(&op.payment)?;
    let (id, currency) = (record.id.clone(), record.currency);
    if record.fig.state == PaymentState::Pending {
        not_before(tx, Some(record.date), &op.payment)?;
    }
    tx.emit(Event::PaymentSettled {
        payment: id.clone(),
    })?;
    let (_, record) = tx.ledger.find_payment(&op.payment)?;
    let rest = record.fig.unapplied;
    if rest > 0 {
        tx.emit(Event::CreditCreated {
            source: next_source(tx.ledger)?,
            amount: money(rest, currency)?,
            document: None,
            payment: Some(id),
        })?;
    }
    auto_apply(tx, currency)
}

fn fail_payment(tx: &mut Txn<'_>, op: &FailPayment) -> Result<(), Error> {
    let (p, record) = tx.ledger.find_payment(&op.payment)?;
    if record.fig.state != PaymentState::Pending {
        return Err(Error::PaymentNotPending {
            payment: op.payment.clone(),
            state: record.fig.state,
        });
    }
    not_before(tx, Some(record.date), &op.payment)?;
    let (id, currency) = (record.id.clone(), record.currency);
    let pieces = newest_first(tx.ledger.payer_settlements(Payer::Payment(p)), |s| {
        s.invoice
    });
    for (invoice, net) in pieces {
        take_back(tx, p, invoice, money(net, currency)?)?;
    }
    tx.emit(Event::PaymentFailed { payment: id })?;
    auto_apply(tx, currency)
}

fn available_credit(ledger: &Ledger, currency: Currency) -> i128 {
    ledger
        .available_sources(currency)
        .filter_map(|s| ledger.source(s))
        .fold(0i128, |acc, s| acc.saturating_add(s.remaining()))
}

fn apply_credit(tx: &mut Txn<'_>, op: &ApplyCredit) -> Result<(), Error> {
    let (index, record) = tx.ledger.find_invoice(&op.invoice)?;
    if !record.is_payable() {
        return Err(Error::InvoiceNotPayable {
            invoice: op.invoice.clone(),
            kind: record.kind(),
            status: record.fig.status,
        });
    }
    let currency = record.currency();
    let open = record.fig.open();
    tx.ledger.sync();
    let available = available_credit(tx.ledger, currency);
    let want = match op.amount {
        Some(amount) => positive_money(amount, currency)?.minor(),
        None => available.min(open),
    };
    if want > available || available == 0 {
        return Err(Error::InsufficientCredit {
            available: money(available, currency)?,
        });
    }
    if want > open || open == 0 {
        return Err(Error::AllocationExceedsDue {
            invoice: op.invoice.clone(),
            open: money(open, currency)?,
        });
    }
    pay_from_credit(tx, index, currency, want)?;
    auto_apply(tx, currency)
}

/// Applies `amount` of credit to one invoice, oldest source first.
fn pay_from_credit(
    tx: &mut Txn<'_>,
    invoice: u32,
    currency: Currency,
    amount: i128,
) -> Result<(), Error> {
    let invoice_id = tx.ledger.invoice(invoice).or_overflow()?.id.clone();
    let mut left = amount;
    while left > 0 {
        tx.ledger.sync();
        let Some(source) = tx.ledger.available_sources(currency).next() else {
            break;
        };
        let take = tx
            .ledger
            .source(source)
            .map_or(0, |s| s.remaining())
            .min(left);
        tx.emit(Event::CreditApplied {
            source,
            invoice: invoice_id.clone(),
            amount: money(take, currency)?,
        })?;
        left = left.saturating_sub(take);
    }
    Ok(())
}

/// With auto-apply on, applies credit until no credit or no open invoice
/// of the currency is left.
fn auto_apply(tx: &mut Txn<'_>, currency: Currency) -> Result<(), Error> {
    if tx.ledger.settings.auto_apply_credit {
        sweep_credit(tx, currency)
    } else {
        Ok(())
    }
}

/// Applies available credit to open invoices: oldest source first,
/// invoices oldest due first. Each step uses up a source or an invoice.
fn sweep_credit(tx: &mut Txn<'_>, currency: Currency) -> Result<(), Error> {
    loop {
        tx.ledger.sync();
        let Some(source) = tx.ledger.available_sources(currency).next() else {
            return Ok(());
        };
        let Some(invoice) = tx.ledger.open_by_due(currency).next() else {
            return Ok(());
        };
        let record = tx.ledger.invoice(invoice).or_overflow()?;
        let take = tx
            .ledger
            .source(source)
            .map_or(0, |s| s.remaining())
            .min(record.fig.open());
        let invoice = record.id.clone();
        tx.emit(Event::CreditApplied {
            source,
            invoice,
            amount: money(take, currency)?,
        })?;
    }
}

fn refund_payment(tx: &mut Txn<'_>, op: &RefundPayment) -> Result<(), Error> {
    let (p, record) = tx.ledger.find_payment(&op.payment)?;
    if record.fig.state != PaymentState::Succeeded {
        return Err(Error::PaymentNotSucceeded {
            payment: op.payment.clone(),
            state: record.fig.state,
        });
    }
    not_before(tx, record.fig.settled_on, &op.payment)?;
    let currency = record.currency;
    let amount = positive_money(op.amount, currency)?;
    let refundable = record.amount.saturating_sub(record.fig.refunded);
    if amount.minor() > refundable {
        return Err(Error::RefundExceedsRefundable {
            payment: op.payment.clone(),
            refundable: money(refundable, currency)?,
        });
    }
    let payment_id = record.id.clone();
    let sources = record.sources.clone();
    let allocations = newest_first(tx.ledger.payer_settlements(Payer::Payment(p)), |s| {
        s.invoice
    });
    let mut left = amount.minor();

    // 1. The payment's unused credit.
    for &source in &sources {
        let take = tx
            .ledger
            .source(source)
            .map_or(0, |s| s.remaining())
            .min(left);
        if take > 0 {
            tx.emit(Event::CreditRefunded {
                source,
                amount: money(take, currency)?,
            })?;
            left = left.saturating_sub(take);
        }
    }
    // 2. Its allocations, newest first.
    for (invoice, net) in allocations {
        if left == 0 {
            break;
        }
        let take = net.min(left);
        take_back(tx, p, invoice, money(take, currency)?)?;
        left = left.saturating_sub(take);
    }
    // 3. Invoices its credit has since paid, newest first.
    let applications = sources
        .iter()
        .flat_map(|&s| tx.ledger.payer_settlements(Payer::Credit(s)));
    let by_source_and_invoice = newest_first(applications, |s| (s.by, s.invoice));
    for ((by, invoice), net) in by_source_and_invoice {
        if left == 0 {
            break;
        }
        let Payer::Credit(source) = by else { continue };
        let take = net.min(left);
        let invoice = tx.ledger.invoice(invoice).or_overflow()?.id.clone();
        tx.emit(Event::CreditReturned {
            source,
            invoice,
            amount: money(take, currency)?,
        })?;
        tx.emit(Event::CreditRefunded {
            source,
            amount: money(take, currency)?,
        })?;
        left = left.saturating_sub(take);
    }
    tx.emit(Event::PaymentRefunded {
        payment: payment_id,
        refund: Arc::from(op.refund.as_str()),
        amount,
    })?;
    auto_apply(tx, currency)
}

fn void_invoice(tx: &mut Txn<'_>, op: &VoidInvoice) -> Result<(), Error> {
    let (index, record) = tx.ledger.find_invoice(&op.invoice)?;
    let (id, kind, currency, status) = (
        record.id.clone(),
        record.kind(),
        record.currency(),
        record.fig.status,
    );
    if matches!(status, InvoiceStatus::Void | InvoiceStatus::Draft) || kind == InvoiceKind::Refund {
        return Err(Error::InvalidTransition {
            from: status,
            to: InvoiceStatus::Void,
        });
    }
    not_before(tx, record.fig.issued_on, &op.invoice)?;
    if kind.is_charge() {
        // Nor before a refund document that reverses part of it: voiding
        // takes off what is not reversed, so every reversal comes first.
        if record.fig.reversed > 0
            && let Some((date, document)) = latest_reversal(tx.ledger, &op.invoice)
        {
            not_before(tx, Some(date), document)?;
        }
        if record.fig.pending > 0 {
            return Err(Error::InvoiceHasPendingPayments {
                invoice: op.invoice.clone(),
            });
        }
        if record.fig.paid > 0 {
            return Err(Error::InvoiceHasPayments {
                invoice: op.invoice.clone(),
            });
        }
        let pieces = newest_first(tx.ledger.invoice_settlements(index), |s| s.by);
        for (by, net) in pieces {
            if let Payer::Credit(source) = by {
                tx.emit(Event::CreditReturned {
                    source,
                    invoice: id.clone(),
                    amount: money(net, currency)?,
                })?;
            }
        }
        tx.emit(Event::InvoiceVoided { invoice: id })?;
    } else {
        let sources = record.sources.clone();
        tx.emit(Event::InvoiceVoided { invoice: id })?;
        for source in sources {
            let remaining = tx.ledger.source(source).map_or(0, |s| s.remaining());
            if remaining > 0 {
                tx.emit(Event::CreditVoided {
                    source,
                    amount: money(remaining, currency)?,
                })?;
            }
        }
    }
    auto_apply(tx, currency)
}

/// The refund document reversing `invoice` issued last, with its issue
/// date (a scan: only voids of partly reversed invoices look).
fn latest_reversal<'a>(ledger: &'a Ledger, invoice: &str) -> Option<(NaiveDate, &'a str)> {
    ledger
        .invoices()
        .iter()
        .filter(|r| r.kind() == InvoiceKind::Refund && r.doc.refund_of() == Some(invoice))
        .filter_map(|r| Some((r.fig.issued_on?, &*r.id)))
        .max()
}

fn move_allocation(tx: &mut Txn<'_>, op: &MoveAllocation) -> Result<(), Error> {
    let (p, payment) = tx.ledger.find_payment(&op.payment)?;
    not_before(tx, Some(payment.date), &op.payment)?;
    let (currency, payment_id) = (payment.currency, payment.id.clone());
    let (from, _) = tx.ledger.find_invoice(&op.from)?;
    let (to, to_record) = tx.ledger.find_invoice(&op.to)?;
    if from == to {
        return Err(Error::SameInvoice);
    }
    let allocated = net_settled(tx.ledger, Payer::Payment(p), from);
    let amount = match op.amount {
        Some(amount) => positive_money(amount, currency)?.minor(),
        None => allocated,
    };
    if amount > allocated || amount == 0 {
        return Err(Error::AllocationExceedsAllocated {
            payment: op.payment.clone(),
            invoice: op.from.clone(),
            allocated: money(allocated, currency)?,
        });
    }
    if !to_record.is_payable() {
        return Err(Error::InvoiceNotPayable {
            invoice: op.to.clone(),
            kind: to_record.kind(),
            status: to_record.fig.status,
        });
    }
    if to_record.currency() != currency {
        return Err(Error::CurrencyMismatch {
            expected: currency,
            found: to_record.currency(),
        });
    }
    let open = to_record.fig.open();
    if amount > open {
        return Err(Error::AllocationExceedsDue {
            invoice: op.to.clone(),
            open: money(open, currency)?,
        });
    }
    let to_id = to_record.id.clone();
    take_back(tx, p, from, money(amount, currency)?)?;
    tx.emit(Event::PaymentAllocated {
        payment: payment_id,
        invoice: to_id,
        amount: money(amount, currency)?,
    })?;
    auto_apply(tx, currency)
}
