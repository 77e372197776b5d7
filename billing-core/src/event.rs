//! Events: the facts an applied operation leaves behind, and the one place
//! that applies them to the ledger.
//!
//! Executing, previewing and replaying all apply events through
//! [`apply`], which checks each event against the state before changing
//! anything. An event that does not fit the state is refused with the
//! domain error that explains why: no amount goes negative, past what an
//! invoice, payment or source holds, or into another currency. What the
//! events say of the documents behind them is taken as written, not
//! recomputed (that would cost a replay the totals of every invoice): a
//! history edited so that a draft's total, a credit note's credit or a
//! refund document's reversal disagrees with its document applies, and
//! [`Account::verify`](crate::Account::verify) reports it.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::error::Error;
use crate::error::OrOverflow;
use crate::invoice::{Invoice, InvoiceKind};
use crate::ledger::{
    AccountSettings, CreditSource, Id, Ledger, NONE, Payer, PaymentFigures, PaymentRecord,
    PaymentState, RefundEntry, Settlement,
};
use crate::method::PaymentMethod;
use crate::money::Money;
use crate::series::Series;
use crate::status::InvoiceStatus;

crate::tagged::tagged_enum! {
    tag = "event", serde(rename_all = "snake_case", deny_unknown_fields);
    /// One fact recorded by an applied operation. An operation's events, in
    /// order, are its whole effect: replaying them rebuilds the account.
    ///
    /// Invoices and payments are named by id; credit sources by their number
    /// (0, 1, 2, ... in the order they were created). Amounts are in the
    /// currency of what they touch. JSON: `{"event": "payment_allocated",
    /// "payment": "PAY-1", "invoice": "INV-1", "amount": {...}}`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub enum Event {
        /// A draft was created, with the total computed under the account's
        /// rounding policy.
        DraftCreated {
            /// The document.
            invoice: Arc<Invoice>,
            /// Its total.
            total: Money,
        },
        /// A draft's document was replaced.
        DraftUpdated {
            /// The new document (same id).
            invoice: Arc<Invoice>,
            /// Its total.
            total: Money,
        },
        /// A draft was deleted (its id is not used again).
        DraftDeleted {
            /// The invoice id.
            invoice: Id,
        },
        /// A draft was issued: it is on the ledger from now on.
        InvoiceIssued {
            /// The invoice id.
            invoice: Id,
        },
        /// An invoice was voided.
        InvoiceVoided {
            /// The invoice id.
            invoice: Id,
        },
        /// A charge invoice was written off as uncollectible.
        InvoiceWrittenOff {
            /// The invoice id.
            invoice: Id,
        },
        /// A refund document reversed part of a charge invoice.
        InvoiceReversed {
            /// The charge invoice.
            invoice: Id,
            /// The refund document.
            document: Id,
            /// The amount reversed.
            amount: Money,
        },
        /// A payment was recorded.
        PaymentRecorded {
            /// The payment id.
            payment: Id,
            /// Its amount.
            amount: Money,
            /// The payment method reference, if given.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            method: Option<Id>,
            /// Whether it is pending (else succeeded).
            pending: bool,
        },
        /// Part of a payment was allocated to an invoice.
        PaymentAllocated {
            /// The payment.
            payment: Id,
            /// The invoice.
            invoice: Id,
            /// The amount.
            amount: Money,
        },
        /// Part of a payment's allocation was taken off an invoice.
        AllocationReversed {
            /// The payment.
            payment: Id,
            /// The invoice.
            invoice: Id,
            /// The amount.
            amount: Money,
        },
        /// A pending payment succeeded: its allocations now pay.
        PaymentSettled {
            /// The payment.
            payment: Id,
        },
        /// A pending payment failed.
        PaymentFailed {
            /// The payment.
            payment: Id,
        },
        /// Money of a payment was paid back to the customer.
        PaymentRefunded {
            /// The payment.
            payment: Id,
            /// The refund's id (a payment refund, or the refund document that
            /// paid its post-payment part back in cash).
            refund: Id,
            /// The amount.
            amount: Money,
        },
        /// A credit source was created.
        CreditCreated {
            /// Its number (the count of sources before it).
            source: u32,
            /// The credit.
            amount: Money,
            /// The credit or refund document that created it.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            document: Option<Id>,
            /// The payment whose money it is.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            payment: Option<Id>,
        },
        /// Credit was applied to an invoice.
        CreditApplied {
            /// The credit source.
            source: u32,
            /// The invoice.
            invoice: Id,
            /// The amount.
            amount: Money,
        },
        /// Credit applied to an invoice went back to its source.
        CreditReturned {
            /// The credit source.
            source: u32,
            /// The invoice.
            invoice: Id,
            /// The amount.
            amount: Money,
        },
        /// Credit funded by a payment was taken back to refund that payment.
        CreditRefunded {
            /// The credit source.
            source: u32,
            /// The amount.
            amount: Money,
        },
        /// The credit of a voided credit document was cancelled.
        CreditVoided {
            /// The credit source.
            source: u32,
            /// The amount.
            amount: Money,
        },
        /// The account's settings changed.
        SettingsChanged {
            /// The new settings.
            settings: AccountSettings,
        },
        /// A payment method was added.
        PaymentMethodAdded {
            /// The method.
            method: Arc<PaymentMethod>,
        },
        /// A payment method was removed (its id is not used again).
        PaymentMethodRemoved {
            /// The method id.
            method: Id,
        },
        /// The default payment method changed.
        DefaultPaymentMethodSet {
            /// The new default, or `None` for none.
            #[serde(default)]
            method: Option<Id>,
        },
        /// A recurring series was added.
        SeriesAdded {
            /// The series.
            series: Arc<Series>,
        },
        /// A series got a (new) end date.
        SeriesEnded {
            /// The series id.
            series: Id,
            /// The day after its last day of service.
            #[serde(with = "crate::date::serde_str")]
            end: NaiveDate,
        },
    }
}

/// A human label for a credit source where an error wants a payment id.
fn source_label(source: u32) -> String {
    format!("credit source #{source}")
}

fn positive(amount: &Money) -> Result<i128, Error> {
    if amount.is_positive() {
        Ok(amount.minor())
    } else {
        Err(Error::NonPositiveAmount)
    }
}

fn add(a: i128, b: i128) -> Result<i128, Error> {
    a.checked_add(b).or_overflow()
}

fn sub(a: i128, b: i128) -> Result<i128, Error> {
    a.checked_sub(b).or_overflow()
}

fn same_currency(expected: crate::Currency, found: crate::Currency) -> Result<(), Error> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::CurrencyMismatch { expected, found })
    }
}

/// What `by` has settled on invoice `invoice`, net of reversals.
pub(crate) fn net_settled(ledger: &Ledger, by: Payer, invoice: u32) -> i128 {
    ledger
        .invoice_settlements(invoice)
        .filter(|(_, s)| s.by == by)
        .fold(0i128, |acc, (_, s)| acc.saturating_add(s.amount))
}

/// Net amounts per key over some settlement entries, newest first (by the
/// latest entry that added to each), leaving out keys with nothing left.
pub(crate) fn newest_first<K: Copy + Eq + std::hash::Hash>(
    entries: impl Iterator<Item = (u32, Settlement)>,
    key: impl Fn(&Settlement) -> K,
) -> Vec<(K, i128)> {
    // (key, net, newest entry that added to it), in first-seen order.
    let mut acc: Vec<(K, i128, u32)> = Vec::new();
    let mut slots: std::collections::HashMap<K, usize, foldhash::fast::FixedState> =
        Default::default();
    for (e, s) in entries {
        let k = key(&s);
        let slot = *slots.entry(k).or_insert_with(|| {
            acc.push((k, 0, 0));
            acc.len().saturating_sub(1)
        });
        if let Some(entry) = acc.get_mut(slot) {
            entry.1 = entry.1.saturating_add(s.amount);
            if s.amount > 0 && e >= entry.2 {
                entry.2 = e;
            }
        }
    }
    acc.retain(|(_, net, _)| *net > 0);
    acc.sort_by_key(|entry| std::cmp::Reverse(entry.2));
    acc.into_iter().map(|(k, net, _)| (k, net)).collect()
}

/// Applies one event to the ledger, after checking that it fits.
pub(crate) fn apply(ledger: &mut Ledger, event: &Event) -> Result<(), Error> {
    match event {
        Event::DraftCreated { invoice, total } => {
            draft_in_currency(ledger, invoice, total)?;
            ledger.push_invoice(invoice.clone(), total.minor())?;
            Ok(())
        }
        Event::DraftUpdated { invoice, total } => {
            let (index, _) = find_draft(ledger, invoice.id())?;
            // The new document may be in another currency than the draft.
            draft_in_currency(ledger, invoice, total)?;
            ledger.replace_document(index, invoice.clone(), total.minor())
        }
        Event::DraftDeleted { invoice } => {
            let (index, _) = find_draft(ledger, invoice)?;
            ledger.delete_invoice(index)
        }
        Event::InvoiceIssued { invoice } => {
            // An invoice counts from the issue date on its document (a
            // series billed late issues each period's invoice on its own
            // date; `issue_draft` keeps the draft's date).
            let (index, record) = find_draft(ledger, invoice)?;
            let date = record.doc.issue_date();
            ledger.update_invoice(index, |f| {
                f.issued_on = Some(date);
                Ok(())
            })
        }
        Event::InvoiceVoided { invoice } => apply_void(ledger, invoice),
        Event::InvoiceWrittenOff { invoice } => {
            let (index, record) = ledger.find_invoice(invoice)?;
            let status = record.fig.status;
            if !record.kind().is_charge()
                || !matches!(status, InvoiceStatus::Open | InvoiceStatus::PartiallyPaid)
            {
                return Err(Error::InvalidTransition {
                    from: status,
                    to: InvoiceStatus::Uncollectible,
                });
            }
            let date = ledger.date;
            ledger.update_invoice(index, |f| {
                f.written_off_on = Some(date);
                Ok(())
            })
        }
        Event::InvoiceReversed {
            invoice,
            document,
            amount,
        } => {
            let x = positive(amount)?;
            let (doc, doc_record) = ledger.find_invoice(document)?;
            if doc_record.kind() != InvoiceKind::Refund
                || doc_record.doc.refund_of() != Some(&**invoice)
                || doc_record.fig.issued_on.is_none()
            {
                return Err(not_refundable(ledger, doc));
            }
            let (index, record) = ledger.find_invoice(invoice)?;
            if !record.is_payable() {
                return Err(not_refundable(ledger, index));
            }
            same_currency(record.currency(), amount.currency())?;
            let refundable = sub(record.fig.total, record.fig.reversed)?;
            let id = record.id.to_string();
            let currency = record.currency();
            ledger.update_invoice(index, |f| {
                f.reversed = add(f.reversed, x)?;
                if f.reversed > f.total {
                    return Err(Error::RefundExceedsInvoice {
                        invoice: id.clone(),
                        refundable: Money::from_minor(refundable, currency)?,
                    });
                }
                if f.due() < f.pending {
                    return Err(Error::InvoiceHasPendingPayments { invoice: id });
                }
                Ok(())
            })
        }
        Event::PaymentRecorded {
            payment,
            amount,
            method,
            pending,
        } => {
            let x = positive(amount)?;
            ledger.use_currency(amount.currency())?;
            ledger.push_payment(PaymentRecord {
                id: payment.clone(),
                currency: amount.currency(),
                amount: x,
                date: ledger.date,
                method: method.clone(),
                fig: PaymentFigures {
                    state: if *pending {
                        PaymentState::Pending
                    } else {
                        PaymentState::Succeeded
                    },
                    settled_on: (!*pending).then_some(ledger.date),
                    refunded: 0,
                    unapplied: x,
                },
                last_settlement: NONE,
                created_at: ledger.position,
                sources: Vec::new(),
                refunds: Vec::new(),
            })?;
            Ok(())
        }
        Event::PaymentAllocated {
            payment,
            invoice,
            amount,
        } => {
            let x = positive(amount)?;
            let (p, record) = ledger.find_payment(payment)?;
            let (state, unapplied, currency) =
                (record.fig.state, record.fig.unapplied, record.currency);
            if state == PaymentState::Failed {
                return Err(Error::PaymentNotPending {
                    payment: payment.to_string(),
                    state,
                });
            }
            same_currency(currency, amount.currency())?;
            let index = payable_invoice(ledger, invoice, amount)?;
            if x > unapplied {
                return Err(Error::AllocationExceedsPayment {
                    allocated: *amount,
                    amount: Money::from_minor(unapplied, currency)?,
                });
            }
            move_payment_money(ledger, p, state, index, x)
        }
        Event::AllocationReversed {
            payment,
            invoice,
            amount,
        } => {
            let x = positive(amount)?;
            let (p, record) = ledger.find_payment(payment)?;
            let state = record.fig.state;
            same_currency(record.currency, amount.currency())?;
            let (index, _) = ledger.find_invoice(invoice)?;
            let allocated = net_settled(ledger, Payer::Payment(p), index);
            if x > allocated {
                return Err(Error::AllocationExceedsAllocated {
                    payment: payment.to_string(),
                    invoice: invoice.to_string(),
                    allocated: Money::from_minor(allocated, amount.currency())?,
                });
            }
            move_payment_money(ledger, p, state, index, x.saturating_neg())
        }
        Event::PaymentSettled { payment } => {
            let p = pending_payment(ledger, payment)?;
            for (invoice, net) in
                newest_first(ledger.payer_settlements(Payer::Payment(p)), |s| s.invoice)
            {
                ledger.update_invoice(invoice, |f| {
                    f.pending = sub(f.pending, net)?;
                    f.paid = add(f.paid, net)?;
                    Ok(())
                })?;
            }
            let date = ledger.date;
            ledger.update_payment(p, |f| {
                f.state = PaymentState::Succeeded;
                f.settled_on = Some(date);
                Ok(())
            })
        }
        Event::PaymentFailed { payment } => {
            let p = pending_payment(ledger, payment)?;
            if let Some((invoice, _)) =
                newest_first(ledger.payer_settlements(Payer::Payment(p)), |s| s.invoice).first()
            {
                let id = ledger
                    .invoice(*invoice)
                    .map(|r| r.id.to_string())
                    .unwrap_or_default();
                return Err(Error::InvoiceHasPendingPayments { invoice: id });
            }
            ledger.update_payment(p, |f| {
                f.state = PaymentState::Failed;
                f.unapplied = 0;
                Ok(())
            })
        }
        Event::PaymentRefunded {
            payment,
            refund,
            amount,
        } => {
            let x = positive(amount)?;
            let (p, record) = ledger.find_payment(payment)?;
            same_currency(record.currency, amount.currency())?;
            let (state, freed) = (record.fig.state, record.fig.unapplied);
            if state != PaymentState::Succeeded {
                return Err(Error::PaymentNotSucceeded {
                    payment: payment.to_string(),
                    state,
                });
            }
            if x > freed {
                return Err(Error::RefundExceedsRefundable {
                    payment: payment.to_string(),
                    refundable: Money::from_minor(freed, amount.currency())?,
                });
            }
            ledger.update_payment(p, |f| {
                f.unapplied = sub(f.unapplied, x)?;
                f.refunded = add(f.refunded, x)?;
                Ok(())
            })?;
            let date = ledger.date;
            ledger.push_payment_refund(
                p,
                RefundEntry {
                    id: refund.clone(),
                    amount: x,
                    date,
                },
            )
        }
        Event::CreditCreated {
            source,
            amount,
            document,
            payment,
        } => apply_credit_created(
            ledger,
            *source,
            amount,
            document.as_deref(),
            payment.as_deref(),
        ),
        Event::CreditApplied {
            source,
            invoice,
            amount,
        } => {
            let x = positive(amount)?;
            let (remaining, currency, document) = source_parts(ledger, *source)?;
            same_currency(currency, amount.currency())?;
            if x > remaining {
                return Err(Error::InsufficientCredit {
                    available: Money::from_minor(remaining, currency)?,
                });
            }
            let index = payable_invoice(ledger, invoice, amount)?;
            move_credit(ledger, *source, document, index, x)
        }
        Event::CreditReturned {
            source,
            invoice,
            amount,
        } => {
            let x = positive(amount)?;
            let (_, currency, document) = source_parts(ledger, *source)?;
            same_currency(currency, amount.currency())?;
            let (index, _) = ledger.find_invoice(invoice)?;
            let applied = net_settled(ledger, Payer::Credit(*source), index);
            if x > applied {
                return Err(Error::AllocationExceedsAllocated {
                    payment: source_label(*source),
                    invoice: invoice.to_string(),
                    allocated: Money::from_minor(applied, currency)?,
                });
            }
            move_credit(ledger, *source, document, index, x.saturating_neg())
        }
        Event::CreditRefunded { source, amount } => {
            let x = positive(amount)?;
            let (remaining, currency, document) = source_parts(ledger, *source)?;
            same_currency(currency, amount.currency())?;
            let payment = ledger.source(*source).and_then(|s| s.payment);
            let Some(p) = payment.filter(|_| x <= remaining) else {
                return Err(Error::RefundExceedsRefundable {
                    payment: source_label(*source),
                    refundable: Money::from_minor(
                        if payment.is_some() { remaining } else { 0 },
                        currency,
                    )?,
                });
            };
            ledger.update_source(*source, |f| {
                f.refunded = add(f.refunded, x)?;
                Ok(())
            })?;
            ledger.push_withdrawal(*source, x)?;
            ledger.update_payment(p, |f| {
                f.unapplied = add(f.unapplied, x)?;
                Ok(())
            })?;
            change_document_credit(ledger, document, x.saturating_neg())
        }
        Event::CreditVoided { source, amount } => {
            let x = positive(amount)?;
            let (remaining, currency, document) = source_parts(ledger, *source)?;
            same_currency(currency, amount.currency())?;
            let voided_credit_note = document
                .and_then(|d| ledger.invoice(d))
                .is_some_and(|r| r.kind() == InvoiceKind::Credit && r.fig.voided_on.is_some());
            if !voided_credit_note || x != remaining {
                let invoice = document
                    .and_then(|d| ledger.invoice(d))
                    .map(|r| r.id.to_string())
                    .unwrap_or_else(|| source_label(*source));
                return Err(Error::CreditAlreadyUsed { invoice });
            }
            ledger.update_source(*source, |f| {
                f.voided = add(f.voided, x)?;
                Ok(())
            })?;
            ledger.push_withdrawal(*source, x)?;
            change_document_credit(ledger, document, x.saturating_neg())
        }
        Event::SettingsChanged { settings } => {
            ledger.set_settings(*settings);
            Ok(())
        }
        Event::PaymentMethodAdded { method } => {
            method.check()?;
            ledger.push_method(method.clone()).map(|_| ())
        }
        Event::PaymentMethodRemoved { method } => {
            let (index, _) = ledger.find_method(method)?;
            ledger.remove_method(index)
        }
        Event::DefaultPaymentMethodSet { method } => {
            let index = match method {
                Some(id) => Some(ledger.find_method(id)?.0),
                None => None,
            };
            ledger.set_default_method(index);
            Ok(())
        }
        Event::SeriesAdded { series } => {
            series.check()?;
            ledger.use_currency(series.currency)?;
            ledger.push_series(series.clone())
        }
        Event::SeriesEnded { series, end } => {
            let (index, current) = ledger.find_series(series)?;
            let mut ended = Series::clone(current);
            ended.end = Some(*end);
            ended.check()?;
            ledger.replace_series(index, Arc::new(ended))
        }
    }
}

fn not_refundable(ledger: &Ledger, index: u32) -> Error {
    match ledger.invoice(index) {
        Some(r) => Error::InvoiceNotRefundable {
            invoice: r.id.to_string(),
            kind: r.kind(),
            status: r.fig.status,
        },
        None => Error::Overflow,
    }
}

fn find_draft<'a>(
    ledger: &'a Ledger,
    id: &str,
) -> Result<(u32, &'a crate::ledger::InvoiceRecord), Error> {
    let (index, record) = ledger.find_invoice(id)?;
    if record.fig.issued_on.is_some() {
        return Err(Error::InvoiceNotDraft {
            invoice: id.to_owned(),
            status: record.fig.status,
        });
    }
    Ok((index, record))
}

/// A draft's document and total agree on a currency, which the account
/// records as used (refused if the account knows the code with other
/// minor units); the total is not negative.
fn draft_in_currency(ledger: &mut Ledger, invoice: &Invoice, total: &Money) -> Result<(), Error> {
    same_currency(invoice.currency(), total.currency())?;
    if total.is_negative() {
        return Err(Error::NonPositiveAmount);
    }
    ledger.use_currency(invoice.currency())
}

/// An issued, non-void charge invoice in the amount's currency with at
/// least that much open.
fn payable_invoice(ledger: &Ledger, invoice: &str, amount: &Money) -> Result<u32, Error> {
    let (index, record) = ledger.find_invoice(invoice)?;
    if !record.is_payable() {
        return Err(Error::InvoiceNotPayable {
            invoice: invoice.to_owned(),
            kind: record.kind(),
            status: record.fig.status,
        });
    }
    same_currency(amount.currency(), record.currency())?;
    let open = record.fig.open();
    if amount.minor() > open {
        return Err(Error::AllocationExceedsDue {
            invoice: invoice.to_owned(),
            open: Money::from_minor(open, record.currency())?,
        });
    }
    Ok(index)
}

fn pending_payment(ledger: &Ledger, payment: &str) -> Result<u32, Error> {
    let (p, record) = ledger.find_payment(payment)?;
    if record.fig.state != PaymentState::Pending {
        return Err(Error::PaymentNotPending {
            payment: payment.to_owned(),
            state: record.fig.state,
        });
    }
    Ok(p)
}

/// Moves `delta` of a payment's money onto an invoice (negative: off it),
/// as paid or, for a pending payment, as pending.
fn move_payment_money(
    ledger: &mut Ledger,
    p: u32,
    state: PaymentState,
    invoice: u32,
    delta: i128,
) -> Result<(), Error> {
    settle(ledger, invoice, Payer::Payment(p), delta)?;
    ledger.update_invoice(invoice, |f| {
        let slot = if state == PaymentState::Pending {
            &mut f.pending
        } else {
            &mut f.paid
        };
        *slot = add(*slot, delta)?;
        Ok(())
    })?;
    ledger.update_payment(p, |f| {
        f.unapplied = sub(f.unapplied, delta)?;
        Ok(())
    })
}

/// Moves `delta` of a credit source's credit onto an invoice (negative:
/// back to the source).
fn move_credit(
    ledger: &mut Ledger,
    source: u32,
    document: Option<u32>,
    invoice: u32,
    delta: i128,
) -> Result<(), Error> {
    settle(ledger, invoice, Payer::Credit(source), delta)?;
    ledger.update_invoice(invoice, |f| {
        f.credited = add(f.credited, delta)?;
        Ok(())
    })?;
    ledger.update_source(source, |f| {
        f.applied = add(f.applied, delta)?;
        Ok(())
    })?;
    change_document_credit(ledger, document, delta.saturating_neg())
}

fn settle(ledger: &mut Ledger, invoice: u32, by: Payer, amount: i128) -> Result<(), Error> {
    let date = ledger.date;
    ledger.push_settlement(Settlement {
        date,
        invoice,
        by,
        amount,
        prev_for_invoice: NONE,
        prev_for_payer: NONE,
    })
}

fn source_parts(
    ledger: &Ledger,
    source: u32,
) -> Result<(i128, crate::Currency, Option<u32>), Error> {
    ledger
        .source(source)
        .map(|s| (s.remaining(), s.currency, s.document))
        .ok_or(Error::UnknownCreditSource {
            credit_source: source,
        })
}

/// Keeps a credit or refund document's `credit_remaining` (and so its
/// status) in step with its sources.
fn change_document_credit(
    ledger: &mut Ledger,
    document: Option<u32>,
    delta: i128,
) -> Result<(), Error> {
    match document {
        Some(doc) => ledger.update_invoice(doc, |f| {
            f.credit_remaining = add(f.credit_remaining, delta)?;
            Ok(())
        }),
        None => Ok(()),
    }
}

fn apply_void(ledger: &mut Ledger, invoice: &str) -> Result<(), Error> {
    let (index, record) = ledger.find_invoice(invoice)?;
    match record.kind() {
        InvoiceKind::Credit => {
            let used = record
                .sources
                .iter()
                .filter_map(|&s| ledger.source(s))
                .any(|s| s.fig.applied > 0 || s.fig.refunded > 0);
            if used {
                return Err(Error::CreditAlreadyUsed {
                    invoice: invoice.to_owned(),
                });
            }
        }
        kind if kind.is_charge() => {
            if record.fig.pending > 0 {
                return Err(Error::InvoiceHasPendingPayments {
                    invoice: invoice.to_owned(),
                });
            }
            if record.fig.paid > 0 || record.fig.credited > 0 {
                return Err(Error::InvoiceHasPayments {
                    invoice: invoice.to_owned(),
                });
            }
        }
        _ => {}
    }
    if record.fig.voided_on.is_some() || record.fig.issued_on.is_none() {
        return Err(Error::InvalidTransition {
            from: record.fig.status,
            to: InvoiceStatus::Void,
        });
    }
    let date = ledger.date;
    ledger.update_invoice(index, |f| {
        f.voided_on = Some(date);
        Ok(())
    })
}

fn apply_credit_created(
    ledger: &mut Ledger,
    source: u32,
    amount: &Money,
    document: Option<&str>,
    payment: Option<&str>,
) -> Result<(), Error> {
    let x = positive(amount)?;
    if usize::try_from(source).ok() != Some(ledger.sources().len()) {
        return Err(Error::UnknownCreditSource {
            credit_source: source,
        });
    }
    let document = match document {
        Some(id) => {
            let (index, record) = ledger.find_invoice(id)?;
            let fits = match record.kind() {
                InvoiceKind::Credit => payment.is_none(),
                InvoiceKind::Refund => payment.is_some(),
                _ => false,
            };
            if !fits || record.fig.issued_on.is_none() || record.fig.voided_on.is_some() {
                return Err(Error::InvoiceNotRefundable {
                    invoice: id.to_owned(),
                    kind: record.kind(),
                    status: record.fig.status,
                });
            }
            same_currency(record.currency(), amount.currency())?;
            Some(index)
        }
        None => None,
    };
    let payment = match payment {
        Some(id) => {
            let (p, record) = ledger.find_payment(id)?;
            same_currency(record.currency, amount.currency())?;
            if record.fig.state != PaymentState::Succeeded || record.fig.unapplied < x {
                return Err(Error::UnbalancedPayment {
                    payment: id.to_owned(),
                });
            }
            ledger.update_payment(p, |f| {
                f.unapplied = sub(f.unapplied, x)?;
                Ok(())
            })?;
            Some(p)
        }
        None if document.is_none() => {
            return Err(Error::UnknownCreditSource {
                credit_source: source,
            });
        }
        None => None,
    };
    // A document's credit counts from the issue date on the document (a
    // draft issued later keeps its date), as the document itself does.
    let date = document
        .and_then(|d| ledger.invoice(d))
        .and_then(|r| r.fig.issued_on)
        .unwrap_or(ledger.date);
    ledger.push_source(CreditSource::new(
        amount.currency(),
        date,
        document,
        payment,
        x,
    ))?;
    change_document_credit(ledger, document, x)
}
