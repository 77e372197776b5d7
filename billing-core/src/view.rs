//! The read side of an account: what a portal shows about invoices,
//! payments, credit and balances. Views are plain values, detached from
//! the account.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::invoice::InvoiceKind;
use crate::ledger::{InvoiceFigures, PaymentState};
use crate::money::Money;
use crate::status::InvoiceStatus;

/// The amounts of an invoice at one moment.
///
/// For a charge invoice, `due = total − reversed − paid − credited` and is
/// never negative, whatever the status: a draft or a void invoice keeps the
/// figure, but nobody owes it (no balance counts it); `pending` is what
/// pending payments cover (shown apart, still due). For credit and refund documents, `credit_remaining` is the
/// credit they created that is still available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceAmounts {
    /// The status.
    pub status: InvoiceStatus,
    /// The total of the document.
    pub total: Money,
    /// Reversed by refund documents.
    pub reversed: Money,
    /// Paid by succeeded payments, net of refunds.
    pub paid: Money,
    /// Covered by pending payments (still due).
    pub pending: Money,
    /// Paid from the credit balance.
    pub credited: Money,
    /// Still due.
    pub due: Money,
    /// Credit and refund documents: their credit still available.
    pub credit_remaining: Money,
}

impl InvoiceAmounts {
    /// The amounts of a document of `kind`: only charges have something
    /// due.
    pub(crate) fn from_figures(
        fig: &InvoiceFigures,
        kind: InvoiceKind,
        currency: Currency,
    ) -> InvoiceAmounts {
        // Figures are within range by construction; zero is never used.
        let m = |minor: i128| Money::from_minor(minor, currency).unwrap_or(Money::zero(currency));
        InvoiceAmounts {
            status: fig.status,
            total: m(fig.total),
            reversed: m(fig.reversed),
            paid: m(fig.paid),
            pending: m(fig.pending),
            credited: m(fig.credited),
            due: m(if kind.is_charge() { fig.due() } else { 0 }),
            credit_remaining: m(fig.credit_remaining),
        }
    }
}

/// How one operation changed one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceChange {
    /// The invoice id.
    pub invoice: String,
    /// Its amounts before (`None`: it did not exist).
    pub before: Option<InvoiceAmounts>,
    /// Its amounts after (`None`: it was deleted).
    pub after: Option<InvoiceAmounts>,
}

/// An invoice as the portal shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceView {
    /// The id.
    pub id: String,
    /// The kind.
    pub kind: InvoiceKind,
    /// The currency.
    pub currency: Currency,
    /// The issue date of the document.
    #[serde(with = "crate::date::serde_str")]
    pub issue_date: NaiveDate,
    /// The due date.
    #[serde(with = "crate::date::serde_str")]
    pub due_date: NaiveDate,
    /// For refund documents, the invoice reversed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_of: Option<String>,
    /// The amounts and status.
    #[serde(flatten)]
    pub amounts: InvoiceAmounts,
}

impl InvoiceView {
    /// Whether it is overdue on `as_of`: a charge invoice, open or
    /// partially paid, and past its due date. Credit and refund documents
    /// never are: an open one is credit still to use.
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        self.kind.is_charge() && self.amounts.status.is_overdue(self.due_date, as_of)
    }
}

/// Part of a payment on one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationView {
    /// The invoice id.
    pub invoice: String,
    /// The amount allocated, net of reversals.
    pub amount: Money,
}

/// A refund of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundView {
    /// The refund id (or the refund document that paid money back).
    pub id: String,
    /// The amount.
    pub amount: Money,
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
}

/// A payment as the portal shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentView {
    /// The id.
    pub id: String,
    /// The amount.
    pub amount: Money,
    /// The payment date.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
    /// The payment method reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The state.
    pub state: PaymentState,
    /// Where it went, per invoice, in the order first allocated (pending
    /// allocations for a pending payment).
    pub allocations: Vec<AllocationView>,
    /// Credit it created (overpayment, released by refund documents).
    pub credit_created: Money,
    /// Of that credit, what is still available.
    pub credit_remaining: Money,
    /// What a pending payment will put on credit when it settles.
    pub unallocated: Money,
    /// Refunded so far.
    pub refunded: Money,
    /// What can still be refunded (succeeded payments only).
    pub refundable: Money,
    /// The refunds.
    pub refunds: Vec<RefundView>,
}

/// Where a credit source's credit came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CreditOrigin {
    /// A credit document.
    CreditNote {
        /// Its id.
        document: String,
    },
    /// A payment's overpayment.
    Overpayment {
        /// The payment id.
        payment: String,
    },
    /// The post-payment part of a refund document, paid by a payment.
    RefundNote {
        /// The refund document's id.
        document: String,
        /// The payment whose money it is.
        payment: String,
    },
}

/// One source of credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditSourceView {
    /// Its number in the account (creation order).
    pub source: u32,
    /// Where it came from.
    pub origin: CreditOrigin,
    /// The date it was created.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
    /// Its original amount.
    pub original: Money,
    /// Used: applied to invoices, refunded, or voided.
    pub used: Money,
    /// Still available.
    pub remaining: Money,
}

/// The credit balance of one currency, with its sources (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditBalance {
    /// The currency.
    pub currency: Currency,
    /// The credit available.
    pub available: Money,
    /// Every source with credit remaining, oldest first.
    pub sources: Vec<CreditSourceView>,
}

/// The balances of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balance {
    /// The currency.
    pub currency: Currency,
    /// What is due on issued, non-void charge invoices that are not
    /// written off.
    pub receivable: Money,
    /// What is due on written-off (uncollectible) invoices.
    pub written_off: Money,
    /// The credit available.
    pub credit: Money,
    /// `receivable − credit`: what the customer owes, net (negative: the
    /// provider owes the customer).
    pub net_position: Money,
}
