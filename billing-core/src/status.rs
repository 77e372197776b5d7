//! Invoice statuses and the one table of allowed transitions.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::invoice::InvoiceKind;

/// The stored status of a document. Statuses never depend on the clock;
/// "overdue" is derived with [`InvoiceStatus::is_overdue`].
///
/// Charge invoices (new, recurring, one-time charge) use `Draft`, `Open`,
/// `PartiallyPaid`, `Paid`, `Uncollectible` and `Void`. Credit documents use
/// `Draft`, `Open` (some of the credit they created is still unused),
/// `Applied` (nothing of it remains to use) and `Void`. Refund documents use
/// `Draft`, `Open` and `Applied`; once issued they cannot be voided (what
/// they reversed may already be paid back), as with posted credit notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Editable and off the ledger: no balance, takes no payment. Can be
    /// deleted or issued.
    Draft,
    /// Issued. For a charge: money is due and nothing is paid yet. For a
    /// credit or refund document: some of its credit is still available.
    Open,
    /// Issued charge with part paid (by payments or credit), part still due.
    PartiallyPaid,
    /// Issued charge with nothing due.
    Paid,
    /// Written off as bad debt: out of the receivable balance, still
    /// payable; a later payment in full makes it `Paid`.
    Uncollectible,
    /// Cancelled. Terminal.
    Void,
    /// Credit or refund document whose credit is used up (or that created
    /// none, such as a refund that only reduced what was due).
    Applied,
}

impl InvoiceStatus {
    /// The `snake_case` name used in JSON and by the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "draft",
            InvoiceStatus::Open => "open",
            InvoiceStatus::PartiallyPaid => "partially_paid",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Uncollectible => "uncollectible",
            InvoiceStatus::Void => "void",
            InvoiceStatus::Applied => "applied",
        }
    }

    /// Whether a document in this status with this due date is overdue on
    /// `as_of`: open or partially paid, and `as_of` after the due date
    /// (an invoice is not overdue on its due date).
    ///
    /// # Example
    /// ```
    /// use billing_core::InvoiceStatus;
    /// use chrono::NaiveDate;
    ///
    /// let due = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
    /// let next_day = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
    /// assert!(!InvoiceStatus::Open.is_overdue(due, due));
    /// assert!(InvoiceStatus::PartiallyPaid.is_overdue(due, next_day));
    /// assert!(!InvoiceStatus::Paid.is_overdue(due, next_day));
    /// ```
    pub fn is_overdue(self, due_date: NaiveDate, as_of: NaiveDate) -> bool {
        matches!(self, InvoiceStatus::Open | InvoiceStatus::PartiallyPaid) && as_of > due_date
    }

    /// Checks a status change for a document of `kind` against
    /// [`TRANSITIONS`]. Staying in the same status is not a transition and
    /// always passes.
    ///
    /// # Errors
    /// [`Error::InvalidTransition`] naming both statuses if the table does
    /// not allow the change.
    ///
    /// # Example
    /// ```
    /// use billing_core::{InvoiceKind, InvoiceStatus};
    ///
    /// let charge = InvoiceKind::Recurring;
    /// assert!(InvoiceStatus::Open.transition(charge, InvoiceStatus::Paid).is_ok());
    /// let err = InvoiceStatus::Void.transition(charge, InvoiceStatus::Open).unwrap_err();
    /// assert_eq!(err.to_string(), "an invoice cannot go from void to open");
    /// ```
    pub fn transition(self, kind: InvoiceKind, to: InvoiceStatus) -> Result<InvoiceStatus, Error> {
        let class = DocumentClass::of(kind);
        let allowed = self == to
            || TRANSITIONS
                .iter()
                .any(|t| t.class == class && t.from == self && t.to == to);
        if allowed {
            Ok(to)
        } else {
            Err(Error::InvalidTransition { from: self, to })
        }
    }
}

impl fmt::Display for InvoiceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three families of documents, which have different status lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentClass {
    /// New, recurring and one-time charge invoices: money the customer owes.
    Charge,
    /// Credit documents: credit the provider gives.
    Credit,
    /// Refund documents: reversals of an earlier charge invoice.
    Refund,
}

impl DocumentClass {
    /// The class of a document kind.
    pub fn of(kind: InvoiceKind) -> DocumentClass {
        match kind {
            InvoiceKind::New | InvoiceKind::Recurring | InvoiceKind::OneTimeCharge => {
                DocumentClass::Charge
            }
            InvoiceKind::Credit => DocumentClass::Credit,
            InvoiceKind::Refund => DocumentClass::Refund,
        }
    }
}

/// One allowed status change, with why it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// The documents it applies to.
    pub class: DocumentClass,
    /// The status before.
    pub from: InvoiceStatus,
    /// The status after.
    pub to: InvoiceStatus,
    /// What causes it.
    pub why: &'static str,
}

const fn t(
    class: DocumentClass,
    from: InvoiceStatus,
    to: InvoiceStatus,
    why: &'static str,
) -> Transition {
    Transition {
        class,
        from,
        to,
        why,
    }
}

use DocumentClass::{Charge, Credit, Refund};
use InvoiceStatus::{Applied, Draft, Open, Paid, PartiallyPaid, Uncollectible, Void};

/// Every allowed status change; anything else is refused with
/// [`Error::InvalidTransition`]. Deleting a draft is not a status change
/// (the draft disappears) and is not listed.
#[rustfmt::skip]
pub const TRANSITIONS: &[Transition] = &[
    // Charge invoices.
    t(Charge, Draft, Open, "issued"),
    t(Charge, Draft, PartiallyPaid, "issued; available credit paid part of it"),
    t(Charge, Draft, Paid, "issued; credit paid all of it, or its total is zero"),
    t(Charge, Open, PartiallyPaid, "a payment or credit paid part of it"),
    t(Charge, Open, Paid, "paid in full, or a refund document reversed what was due"),
    t(Charge, Open, Uncollectible, "written off"),
    t(Charge, Open, Void, "voided"),
    t(Charge, PartiallyPaid, Open, "its only settlement was removed (failed payment, refund, moved allocation)"),
    t(Charge, PartiallyPaid, Paid, "the rest was paid or reversed"),
    t(Charge, PartiallyPaid, Uncollectible, "written off"),
    t(Charge, PartiallyPaid, Void, "voided; the credit it consumed returns to its sources"),
    t(Charge, Paid, Open, "all settlements were removed (refund, moved allocation)"),
    t(Charge, Paid, PartiallyPaid, "part of its settlement was removed"),
    t(Charge, Paid, Uncollectible, "a written-off invoice is due again after a refund"),
    t(Charge, Paid, Void, "voided; it was paid only by credit, which returns to its sources"),
    t(Charge, Uncollectible, Paid, "a late payment paid it in full"),
    t(Charge, Uncollectible, Void, "voided"),
    // Credit documents.
    t(Credit, Draft, Open, "issued; its credit is available"),
    t(Credit, Draft, Applied, "issued with a zero total"),
    t(Credit, Open, Applied, "its credit is used up"),
    t(Credit, Open, Void, "voided before any of its credit was used"),
    t(Credit, Applied, Void, "voided with a zero total: it had no credit to use"),
    t(Credit, Applied, Open, "credit it gave returned (an invoice it paid was voided or reversed)"),
    // Refund documents.
    t(Refund, Draft, Open, "issued; its post-payment part became credit"),
    t(Refund, Draft, Applied, "issued; it only reduced what was due, or was paid back in cash"),
    t(Refund, Open, Applied, "the credit it created is used up"),
    t(Refund, Applied, Open, "credit it created returned (an invoice it paid was voided or reversed)"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_no_self_loops_or_duplicates() {
        for (i, a) in TRANSITIONS.iter().enumerate() {
            assert_ne!(a.from, a.to, "{a:?}");
            for b in TRANSITIONS.iter().skip(i + 1) {
                assert!(
                    (a.class, a.from, a.to) != (b.class, b.from, b.to),
                    "duplicate {a:?}"
                );
            }
        }
    }

    #[test]
    fn void_is_terminal() {
        assert!(TRANSITIONS.iter().all(|t| t.from != Void));
    }
}
