//! Reports (core `report.rs`): the billing summary, aging, statements and
//! the automatic-charge plan.

use crate::values::{amount, code, date_text, date_text_opt};

/// The billing summary of one currency as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct BillingSummary {
    /// The currency code.
    pub currency: String,
    /// The date it is computed for.
    pub as_of: String,
    /// Everything due on issued charge invoices (written-off ones
    /// included).
    pub current_balance: String,
    /// The part of the balance that was written off.
    pub written_off: String,
    /// The part covered by pending payments.
    pub pending: String,
    /// Due on overdue invoices.
    pub overdue: String,
    /// How many invoices have something due.
    pub open_invoices: u32,
    /// Credit available on that date, with money paid by then to invoices
    /// issued after it (a prepayment, until the invoice is issued).
    pub credit_available: String,
    /// The latest issue date of a new or recurring invoice.
    pub last_recurring_invoice: Option<String>,
    /// The earliest date a series will next bill: the start of the first
    /// period of any series not billed on the summary's date.
    pub next_recurring_invoice: Option<String>,
    /// What billing will issue on that date (and, for a series behind,
    /// every period it has not billed through the summary's date).
    pub next_recurring_charges: String,
    /// `current_balance + next_recurring_charges − credit that will apply`.
    pub estimated_next_balance: String,
}

impl From<billing_core::BillingSummary> for BillingSummary {
    fn from(s: billing_core::BillingSummary) -> BillingSummary {
        BillingSummary {
            currency: code(s.currency),
            as_of: date_text(s.as_of),
            current_balance: amount(s.current_balance),
            written_off: amount(s.written_off),
            pending: amount(s.pending),
            overdue: amount(s.overdue),
            open_invoices: s.open_invoices,
            credit_available: amount(s.credit_available),
            last_recurring_invoice: date_text_opt(s.last_recurring_invoice),
            next_recurring_invoice: date_text_opt(s.next_recurring_invoice),
            next_recurring_charges: amount(s.next_recurring_charges),
            estimated_next_balance: amount(s.estimated_next_balance),
        }
    }
}

/// An aging bucket, by days past the due date. Kotlin: `CURRENT`,
/// `DAYS_1_30`, `DAYS_31_60`, `DAYS_61_90`, `OVER_90`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum AgingBucket {
    /// Not past due.
    Current,
    /// 1 to 30 days past due.
    Days1To30,
    /// 31 to 60 days.
    Days31To60,
    /// 61 to 90 days.
    Days61To90,
    /// More than 90 days.
    Over90,
}

/// One invoice in an aging report.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct AgedInvoice {
    /// The invoice id.
    pub invoice: String,
    /// Its due date.
    pub due_date: String,
    /// Days past due on the report date (zero or less: not yet due).
    pub days_past_due: i64,
    /// Its bucket.
    pub bucket: AgingBucket,
    /// What was due on the report date.
    pub due: String,
}

/// Aging of what is due in one currency as of a date; the buckets sum to
/// `total`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Aging {
    /// The currency code.
    pub currency: String,
    /// The report date.
    pub as_of: String,
    /// Not yet due.
    pub current: String,
    /// 1 to 30 days past due (JSON `days_1_30`).
    pub days_1_to_30: String,
    /// 31 to 60 days past due (JSON `days_31_60`).
    pub days_31_to_60: String,
    /// 61 to 90 days past due (JSON `days_61_90`).
    pub days_61_to_90: String,
    /// More than 90 days past due (JSON `over_90`).
    pub over_90: String,
    /// Everything due.
    pub total: String,
    /// The invoices, oldest due date first.
    pub invoices: Vec<AgedInvoice>,
}

impl From<billing_core::Aging> for Aging {
    fn from(a: billing_core::Aging) -> Aging {
        Aging {
            currency: code(a.currency),
            as_of: date_text(a.as_of),
            current: amount(a.current),
            days_1_to_30: amount(a.days_1_30),
            days_31_to_60: amount(a.days_31_60),
            days_61_to_90: amount(a.days_61_90),
            over_90: amount(a.over_90),
            total: amount(a.total),
            invoices: a
                .invoices
                .into_iter()
                .map(|i| AgedInvoice {
                    invoice: i.invoice,
                    due_date: date_text(i.due_date),
                    days_past_due: i.days_past_due,
                    bucket: match i.bucket {
                        billing_core::AgingBucket::Current => AgingBucket::Current,
                        billing_core::AgingBucket::Days1To30 => AgingBucket::Days1To30,
                        billing_core::AgingBucket::Days31To60 => AgingBucket::Days31To60,
                        billing_core::AgingBucket::Days61To90 => AgingBucket::Days61To90,
                        billing_core::AgingBucket::Over90 => AgingBucket::Over90,
                    },
                    due: amount(i.due),
                })
                .collect(),
        }
    }
}

/// What a statement line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum StatementLineKind {
    /// A charge invoice was issued (+).
    Invoice,
    /// A credit document was issued (−).
    CreditNote,
    /// A refund document was issued (−).
    RefundNote,
    /// A payment succeeded (−).
    Payment,
    /// Money was paid back (+).
    Refund,
    /// A charge invoice was voided (−).
    Void,
    /// A credit document's unused credit was voided (+).
    CreditVoided,
}

/// One line of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct StatementLine {
    /// The date of the operation.
    pub date: String,
    /// What happened.
    pub kind: StatementLineKind,
    /// The invoice, document, payment or refund id.
    pub reference: String,
    /// The change of the balance (positive: the customer owes more).
    pub amount: String,
    /// The balance after this line.
    pub balance: String,
}

/// A statement of one currency from `from` to `to` (both included).
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Statement {
    /// The currency code.
    pub currency: String,
    /// The first day.
    pub from: String,
    /// The last day.
    pub to: String,
    /// The balance before `from`.
    pub opening_balance: String,
    /// The balance at the end of `to`.
    pub closing_balance: String,
    /// Every line, in date order.
    pub lines: Vec<StatementLine>,
}

impl From<billing_core::Statement> for Statement {
    fn from(s: billing_core::Statement) -> Statement {
        Statement {
            currency: code(s.currency),
            from: date_text(s.from),
            to: date_text(s.to),
            opening_balance: amount(s.opening_balance),
            closing_balance: amount(s.closing_balance),
            lines: s
                .lines
                .into_iter()
                .map(|l| StatementLine {
                    date: date_text(l.date),
                    kind: match l.kind {
                        billing_core::StatementLineKind::Invoice => StatementLineKind::Invoice,
                        billing_core::StatementLineKind::CreditNote => {
                            StatementLineKind::CreditNote
                        }
                        billing_core::StatementLineKind::RefundNote => {
                            StatementLineKind::RefundNote
                        }
                        billing_core::StatementLineKind::Payment => StatementLineKind::Payment,
                        billing_core::StatementLineKind::Refund => StatementLineKind::Refund,
                        billing_core::StatementLineKind::Void => StatementLineKind::Void,
                        billing_core::StatementLineKind::CreditVoided => {
                            StatementLineKind::CreditVoided
                        }
                    },
                    reference: l.reference,
                    amount: amount(l.amount),
                    balance: amount(l.balance),
                })
                .collect(),
        }
    }
}

/// Why an invoice due for an automatic charge is not charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum SkipReason {
    /// No default payment method.
    NoDefaultMethod,
    /// The default card is expired.
    MethodExpired,
    /// The default method cannot be charged by the provider.
    MethodNotChargeable,
    /// Pending payments already cover what is due.
    CoveredByPendingPayments,
    /// The invoice was written off.
    WrittenOff,
}

/// An automatic charge to make.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct PlannedCharge {
    /// The invoice.
    pub invoice: String,
    /// What to charge.
    pub amount: String,
    /// The currency code.
    pub currency: String,
    /// The payment method to charge.
    pub method: String,
}

/// An invoice due for an automatic charge that will not be charged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct SkippedCharge {
    /// The invoice.
    pub invoice: String,
    /// What a charge would have taken: what is due less what pending
    /// payments hold. For `CoveredByPendingPayments`, what is due (all of
    /// it held by pending payments).
    pub amount: String,
    /// The currency code.
    pub currency: String,
    /// Why it is skipped.
    pub reason: SkipReason,
}

/// The automatic charges due on a date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct ChargePlan {
    /// The date.
    pub as_of: String,
    /// The charges to make.
    pub charges: Vec<PlannedCharge>,
    /// Invoices due but not charged, with why.
    pub skipped: Vec<SkippedCharge>,
}

impl From<billing_core::ChargePlan> for ChargePlan {
    fn from(plan: billing_core::ChargePlan) -> ChargePlan {
        ChargePlan {
            as_of: date_text(plan.as_of),
            charges: plan
                .charges
                .into_iter()
                .map(|c| PlannedCharge {
                    invoice: c.invoice,
                    amount: amount(c.amount),
                    currency: code(c.amount.currency()),
                    method: c.method,
                })
                .collect(),
            skipped: plan
                .skipped
                .into_iter()
                .map(|s| SkippedCharge {
                    invoice: s.invoice,
                    amount: amount(s.amount),
                    currency: code(s.amount.currency()),
                    reason: match s.reason {
                        billing_core::SkipReason::NoDefaultMethod => SkipReason::NoDefaultMethod,
                        billing_core::SkipReason::MethodExpired => SkipReason::MethodExpired,
                        billing_core::SkipReason::MethodNotChargeable => {
                            SkipReason::MethodNotChargeable
                        }
                        billing_core::SkipReason::CoveredByPendingPayments => {
                            SkipReason::CoveredByPendingPayments
                        }
                        billing_core::SkipReason::WrittenOff => SkipReason::WrittenOff,
                    },
                })
                .collect(),
        }
    }
}
