//! The read side of an account (core `view.rs`): invoices, payments,
//! credit and balances as Kotlin data classes and Swift structs. Amounts
//! are decimal strings at the currency's scale, named once per record by
//! `currency`.

use crate::invoice::InvoiceKind;
use crate::ledger::PaymentState;
use crate::values::{amount, code, date_text};

/// The status of an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum InvoiceStatus {
    /// Not issued yet.
    Draft,
    /// Issued, nothing paid.
    Open,
    /// Issued, part paid.
    PartiallyPaid,
    /// Fully paid.
    Paid,
    /// Written off (still payable).
    Uncollectible,
    /// Voided.
    Void,
    /// A credit or refund document whose credit is in the balance.
    Applied,
}

impl From<billing_core::InvoiceStatus> for InvoiceStatus {
    fn from(status: billing_core::InvoiceStatus) -> InvoiceStatus {
        match status {
            billing_core::InvoiceStatus::Draft => InvoiceStatus::Draft,
            billing_core::InvoiceStatus::Open => InvoiceStatus::Open,
            billing_core::InvoiceStatus::PartiallyPaid => InvoiceStatus::PartiallyPaid,
            billing_core::InvoiceStatus::Paid => InvoiceStatus::Paid,
            billing_core::InvoiceStatus::Uncollectible => InvoiceStatus::Uncollectible,
            billing_core::InvoiceStatus::Void => InvoiceStatus::Void,
            billing_core::InvoiceStatus::Applied => InvoiceStatus::Applied,
        }
    }
}

/// An invoice's amounts at one moment (before or after an operation).
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct InvoiceAmounts {
    /// The currency code.
    pub currency: String,
    /// The status.
    pub status: InvoiceStatus,
    /// The document's total.
    pub total: String,
    /// Reversed by refund documents.
    pub reversed: String,
    /// Paid by succeeded payments, net of refunds.
    pub paid: String,
    /// Covered by pending payments (still due).
    pub pending: String,
    /// Paid from the credit balance.
    pub credited: String,
    /// Still due.
    pub due: String,
    /// Credit and refund documents: their credit still available.
    pub credit_remaining: String,
}

impl From<billing_core::InvoiceAmounts> for InvoiceAmounts {
    fn from(a: billing_core::InvoiceAmounts) -> InvoiceAmounts {
        InvoiceAmounts {
            currency: code(a.total.currency()),
            status: a.status.into(),
            total: amount(a.total),
            reversed: amount(a.reversed),
            paid: amount(a.paid),
            pending: amount(a.pending),
            credited: amount(a.credited),
            due: amount(a.due),
            credit_remaining: amount(a.credit_remaining),
        }
    }
}

/// How one operation changed one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct InvoiceChange {
    /// The invoice id.
    pub invoice: String,
    /// Its amounts before (null: it did not exist).
    pub before: Option<InvoiceAmounts>,
    /// Its amounts after (null: it was deleted).
    pub after: Option<InvoiceAmounts>,
}

impl From<billing_core::InvoiceChange> for InvoiceChange {
    fn from(change: billing_core::InvoiceChange) -> InvoiceChange {
        InvoiceChange {
            invoice: change.invoice,
            before: change.before.map(InvoiceAmounts::from),
            after: change.after.map(InvoiceAmounts::from),
        }
    }
}

/// An invoice as the portal shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct InvoiceView {
    /// The id.
    pub id: String,
    /// The kind.
    pub kind: InvoiceKind,
    /// The currency code.
    pub currency: String,
    /// The issue date.
    pub issue_date: String,
    /// The due date.
    pub due_date: String,
    /// Refund documents: the invoice reversed.
    pub refund_of: Option<String>,
    /// The status.
    pub status: InvoiceStatus,
    /// The document's total.
    pub total: String,
    /// Reversed by refund documents.
    pub reversed: String,
    /// Paid by succeeded payments, net of refunds.
    pub paid: String,
    /// Covered by pending payments (still due).
    pub pending: String,
    /// Paid from the credit balance.
    pub credited: String,
    /// Still due.
    pub due: String,
    /// Credit and refund documents: their credit still available.
    pub credit_remaining: String,
}

impl From<billing_core::InvoiceView> for InvoiceView {
    fn from(view: billing_core::InvoiceView) -> InvoiceView {
        let a = view.amounts;
        InvoiceView {
            id: view.id,
            kind: view.kind.into(),
            currency: code(view.currency),
            issue_date: date_text(view.issue_date),
            due_date: date_text(view.due_date),
            refund_of: view.refund_of,
            status: a.status.into(),
            total: amount(a.total),
            reversed: amount(a.reversed),
            paid: amount(a.paid),
            pending: amount(a.pending),
            credited: amount(a.credited),
            due: amount(a.due),
            credit_remaining: amount(a.credit_remaining),
        }
    }
}

/// Part of a payment on one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct AllocationView {
    /// The invoice id.
    pub invoice: String,
    /// The amount allocated, net of reversals.
    pub amount: String,
}

/// A refund of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct RefundView {
    /// The refund id.
    pub id: String,
    /// The amount.
    pub amount: String,
    /// The date.
    pub date: String,
}

/// A payment as the portal shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct PaymentView {
    /// The id.
    pub id: String,
    /// The amount.
    pub amount: String,
    /// The currency code.
    pub currency: String,
    /// The payment date.
    pub date: String,
    /// The payment method reference.
    pub method: Option<String>,
    /// The state.
    pub state: PaymentState,
    /// Where it went, per invoice, in the order first allocated.
    pub allocations: Vec<AllocationView>,
    /// Credit it created.
    pub credit_created: String,
    /// Of that credit, what is still available.
    pub credit_remaining: String,
    /// What a pending payment will put on credit when it settles.
    pub unallocated: String,
    /// Refunded so far.
    pub refunded: String,
    /// What can still be refunded.
    pub refundable: String,
    /// The refunds.
    pub refunds: Vec<RefundView>,
}

impl From<billing_core::PaymentView> for PaymentView {
    fn from(view: billing_core::PaymentView) -> PaymentView {
        PaymentView {
            id: view.id,
            amount: amount(view.amount),
            currency: code(view.amount.currency()),
            date: date_text(view.date),
            method: view.method,
            state: view.state.into(),
            allocations: view
                .allocations
                .into_iter()
                .map(|a| AllocationView {
                    invoice: a.invoice,
                    amount: amount(a.amount),
                })
                .collect(),
            credit_created: amount(view.credit_created),
            credit_remaining: amount(view.credit_remaining),
            unallocated: amount(view.unallocated),
            refunded: amount(view.refunded),
            refundable: amount(view.refundable),
            refunds: view
                .refunds
                .into_iter()
                .map(|r| RefundView {
                    id: r.id,
                    amount: amount(r.amount),
                    date: date_text(r.date),
                })
                .collect(),
        }
    }
}

/// Where a credit source's credit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum CreditOriginKind {
    /// A credit document (`document`).
    CreditNote,
    /// A payment's overpayment (`payment`).
    Overpayment,
    /// The post-payment part of a refund document (`document`), paid by
    /// a payment (`payment`).
    RefundNote,
}

/// Where a credit source's credit came from: its kind and the document
/// and/or payment behind it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct CreditOrigin {
    /// The kind.
    pub kind: CreditOriginKind,
    /// The credit or refund document's id.
    pub document: Option<String>,
    /// The payment's id.
    pub payment: Option<String>,
}

impl From<billing_core::CreditOrigin> for CreditOrigin {
    fn from(origin: billing_core::CreditOrigin) -> CreditOrigin {
        match origin {
            billing_core::CreditOrigin::CreditNote { document } => CreditOrigin {
                kind: CreditOriginKind::CreditNote,
                document: Some(document),
                payment: None,
            },
            billing_core::CreditOrigin::Overpayment { payment } => CreditOrigin {
                kind: CreditOriginKind::Overpayment,
                document: None,
                payment: Some(payment),
            },
            billing_core::CreditOrigin::RefundNote { document, payment } => CreditOrigin {
                kind: CreditOriginKind::RefundNote,
                document: Some(document),
                payment: Some(payment),
            },
        }
    }
}

/// One source of credit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct CreditSource {
    /// Its number in the account (creation order, from 0).
    pub source: u32,
    /// Where it came from.
    pub origin: CreditOrigin,
    /// The date it was created.
    pub date: String,
    /// The currency code.
    pub currency: String,
    /// Its original amount.
    pub original: String,
    /// Used: applied, refunded or voided.
    pub used: String,
    /// Still available.
    pub remaining: String,
}

impl From<billing_core::CreditSourceView> for CreditSource {
    fn from(view: billing_core::CreditSourceView) -> CreditSource {
        CreditSource {
            source: view.source,
            origin: view.origin.into(),
            date: date_text(view.date),
            currency: code(view.original.currency()),
            original: amount(view.original),
            used: amount(view.used),
            remaining: amount(view.remaining),
        }
    }
}

/// The credit balance of one currency, with its sources (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct CreditBalance {
    /// The currency code.
    pub currency: String,
    /// The credit available.
    pub available: String,
    /// Every source with credit remaining, oldest first.
    pub sources: Vec<CreditSource>,
}

impl From<billing_core::CreditBalance> for CreditBalance {
    fn from(balance: billing_core::CreditBalance) -> CreditBalance {
        CreditBalance {
            currency: code(balance.currency),
            available: amount(balance.available),
            sources: balance
                .sources
                .into_iter()
                .map(CreditSource::from)
                .collect(),
        }
    }
}

/// The balances of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Balance {
    /// The currency code.
    pub currency: String,
    /// Due on issued charge invoices that are not written off.
    pub receivable: String,
    /// Due on written-off invoices.
    pub written_off: String,
    /// The credit available.
    pub credit: String,
    /// `receivable − credit` (negative: the provider owes the customer).
    pub net_position: String,
}

impl From<billing_core::Balance> for Balance {
    fn from(balance: billing_core::Balance) -> Balance {
        Balance {
            currency: code(balance.currency),
            receivable: amount(balance.receivable),
            written_off: amount(balance.written_off),
            credit: amount(balance.credit),
            net_position: amount(balance.net_position),
        }
    }
}
