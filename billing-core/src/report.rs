//! What a portal shows around the invoices: the billing summary, aging,
//! statements and the automatic-charge plan.
//!
//! Figures "as of" a date (the summary, aging and statements; the
//! automatic-charge plan reads the account as it stands) count only what
//! happened on or before it, by the dates the operations carried: an
//! invoice is on the books from the date it was issued, a payment counts
//! from the date it succeeded, credit from the date it was created or
//! applied. Later operations do not count, even if they were recorded
//! earlier.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::currency::Currency;
use crate::error::Error;
use crate::error::OrOverflow;
use crate::event::Event;
use crate::invoice::InvoiceKind;
use crate::ledger::{InvoiceRecord, Ledger, Payer, Settlement};
use crate::method::PaymentMethod;
use crate::money::Money;
use crate::series::Series;

/// The billing summary of one currency as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BillingSummary {
    /// The currency.
    pub currency: Currency,
    /// The date it is computed for.
    #[serde(with = "crate::date::serde_str")]
    pub as_of: NaiveDate,
    /// Everything due on issued, non-void charge invoices (written-off
    /// ones included: they stay payable).
    pub current_balance: Money,
    /// The part of the current balance that was written off.
    pub written_off: Money,
    /// The part covered by pending payments.
    pub pending: Money,
    /// What is due on overdue invoices (open or partially paid, past due).
    pub overdue: Money,
    /// How many invoices have something due.
    pub open_invoices: u32,
    /// Credit available on that date, with money paid by then to invoices
    /// issued after it (a prepayment, until the invoice is issued).
    pub credit_available: Money,
    /// The latest issue date of a new or recurring invoice.
    #[serde(default, with = "crate::date::serde_str_option")]
    pub last_recurring_invoice: Option<NaiveDate>,
    /// The earliest date a series will next bill: the start of the first
    /// period of any series not billed on that date (a past date for a
    /// series behind it).
    #[serde(default, with = "crate::date::serde_str_option")]
    pub next_recurring_invoice: Option<NaiveDate>,
    /// What billing will issue on that date: the invoices of the series
    /// that bill on it (not of those that bill later), and, for a series
    /// behind, every period it has not billed through the summary's date.
    pub next_recurring_charges: Money,
    /// `current_balance + next_recurring_charges − credit that will apply`:
    /// credit applies to the balance less what pending payments hold, and
    /// to the next charges (with auto-apply off, no credit applies by
    /// itself).
    pub estimated_next_balance: Money,
}

/// An aging bucket, by days past the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgingBucket {
    /// Not past due.
    Current,
    /// 1 to 30 days past due.
    #[serde(rename = "days_1_30")]
    Days1To30,
    /// 31 to 60 days.
    #[serde(rename = "days_31_60")]
    Days31To60,
    /// 61 to 90 days.
    #[serde(rename = "days_61_90")]
    Days61To90,
    /// More than 90 days.
    #[serde(rename = "over_90")]
    Over90,
}

impl AgingBucket {
    /// The bucket of an amount `days` past its due date.
    pub fn of(days_past_due: i64) -> AgingBucket {
        match days_past_due {
            ..=0 => AgingBucket::Current,
            1..=30 => AgingBucket::Days1To30,
            31..=60 => AgingBucket::Days31To60,
            61..=90 => AgingBucket::Days61To90,
            _ => AgingBucket::Over90,
        }
    }
}

/// One invoice in an aging report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgedInvoice {
    /// The invoice id.
    pub invoice: String,
    /// Its due date.
    #[serde(with = "crate::date::serde_str")]
    pub due_date: NaiveDate,
    /// Days past due on the report date (zero or less: not yet due).
    pub days_past_due: i64,
    /// Its bucket.
    pub bucket: AgingBucket,
    /// What was due on the report date.
    pub due: Money,
}

/// Aging of what is due in one currency as of a date. The buckets sum to
/// `total`, which is the summary's current balance on that date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Aging {
    /// The currency.
    pub currency: Currency,
    /// The report date.
    #[serde(with = "crate::date::serde_str")]
    pub as_of: NaiveDate,
    /// Not yet due.
    pub current: Money,
    /// 1 to 30 days past due.
    pub days_1_30: Money,
    /// 31 to 60 days past due.
    pub days_31_60: Money,
    /// 61 to 90 days past due.
    pub days_61_90: Money,
    /// More than 90 days past due.
    pub over_90: Money,
    /// Everything due.
    pub total: Money,
    /// The invoices, oldest due date first.
    pub invoices: Vec<AgedInvoice>,
}

/// What a statement line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementLineKind {
    /// A charge invoice was issued (+ its total).
    Invoice,
    /// A credit document was issued (− its total).
    CreditNote,
    /// A refund document was issued (− its total).
    RefundNote,
    /// A payment succeeded (− its amount).
    Payment,
    /// Money was paid back (+ the amount).
    Refund,
    /// A charge invoice was voided (− its total less what refund documents
    /// reversed: what was still due on it, and the credit it had used,
    /// which comes back to the balance on the same line).
    Void,
    /// A credit document's unused credit was voided (+ that credit).
    CreditVoided,
}

/// One line of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementLine {
    /// The date of the operation.
    #[serde(with = "crate::date::serde_str")]
    pub date: NaiveDate,
    /// What happened.
    pub kind: StatementLineKind,
    /// The invoice, document, payment or refund id.
    pub reference: String,
    /// The change of the balance (positive: the customer owes more).
    pub amount: Money,
    /// The balance after this line.
    pub balance: Money,
}

/// A statement of one currency between two dates (both included).
///
/// The balance is what the customer owes net of credit: everything due on
/// issued, non-void charge invoices less the credit available; negative
/// means the provider owes the customer. Lines are dated by their
/// operations; `opening_balance + Σ amounts = closing_balance`, and the
/// closing balance on one date is the opening balance of the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// The currency.
    pub currency: Currency,
    /// The first day.
    #[serde(with = "crate::date::serde_str")]
    pub from: NaiveDate,
    /// The last day.
    #[serde(with = "crate::date::serde_str")]
    pub to: NaiveDate,
    /// The balance before `from`.
    pub opening_balance: Money,
    /// The balance at the end of `to`.
    pub closing_balance: Money,
    /// Every line, in date order (then in the order recorded).
    pub lines: Vec<StatementLine>,
}

/// Why an invoice due for an automatic charge is not charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The account has no default payment method.
    NoDefaultMethod,
    /// The default method is a card past its expiry month.
    MethodExpired,
    /// The default method cannot be charged by the provider (transfer,
    /// wire, check, cash, other).
    MethodNotChargeable,
    /// Pending payments already cover what is due.
    CoveredByPendingPayments,
    /// The invoice was written off: collection stopped.
    WrittenOff,
}

/// An automatic charge to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedCharge {
    /// The invoice.
    pub invoice: String,
    /// What to charge: what is due less what pending payments cover.
    pub amount: Money,
    /// The payment method to charge.
    pub method: String,
}

/// An invoice due for an automatic charge that will not be charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkippedCharge {
    /// The invoice.
    pub invoice: String,
    /// What a charge would have taken: what is due less what pending
    /// payments hold, as in [`PlannedCharge::amount`]. For
    /// [`SkipReason::CoveredByPendingPayments`], what is due (all of it
    /// held by pending payments).
    pub amount: Money,
    /// Why it is skipped.
    pub reason: SkipReason,
}

/// The automatic charges due on a date: every issued charge invoice whose
/// due date has come and that still has something due, oldest due first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChargePlan {
    /// The date.
    #[serde(with = "crate::date::serde_str")]
    pub as_of: NaiveDate,
    /// The charges to make.
    pub charges: Vec<PlannedCharge>,
    /// The invoices that are due but will not be charged, with why.
    pub skipped: Vec<SkippedCharge>,
}

/// What is due on one invoice as of a date.
struct DueAsOf {
    due: i128,
    /// What the invoice was paid beyond its amount on the date: money an
    /// operation recorded with an earlier date put on it, which the
    /// customer has as credit until the change that made room for it (a
    /// refund of a payment, say) comes.
    excess: i128,
    pending: i128,
    written_off: bool,
}

/// Figures as of a date, from the dated settlement journal.
struct AsOf<'a> {
    ledger: &'a Ledger,
    date: NaiveDate,
    /// Per charge invoice: the refund documents reversing it, with the
    /// dates they were issued and their totals.
    reversals: HashMap<u32, Vec<(NaiveDate, i128)>>,
    /// Credit as it stood on the date (see [`SourceAsOf`]).
    credit: SourceAsOf,
    /// Payment allocations (journal positions) that money paid back
    /// before it became credit came from ([`SourceAsOf::overdrawn`]): the
    /// part taken.
    taken: Vec<(u32, i128)>,
}

/// The credit sources on a date, their money followed in date order: a
/// source's credit comes in on its date (and its funding payment's
/// success), and again on the date of each operation that gives credit
/// back to it (a void, a refund document); it goes out to invoices and
/// withdrawals oldest date first. Credit used on a date before the source
/// had it (an operation recorded with an earlier date than the one that
/// freed the credit) counts from the date it came in; credit given back
/// on a date before it was applied to that invoice, from the day it was.
#[derive(Default)]
struct SourceAsOf {
    /// Settlement entries (journal positions) that applied credit on or
    /// before the date but before their source had all of it: the part
    /// that counts. Every other entry dated by then counts whole.
    short: Vec<(u32, i128)>,
    /// Parts of settlement entries that gave credit back before it was
    /// applied to their invoice: the day it was, and the part.
    returned: Vec<(u32, NaiveDate, i128)>,
    /// Per source: the credit left.
    left: Vec<i128>,
    /// Credit paid back before the source had it (a refund of a payment
    /// dated before the refund document that turned part of the payment
    /// into credit): per funding payment, what its allocations gave.
    overdrawn: Vec<(u32, i128)>,
}

/// Money into a credit source (sorts first on a day), out to the invoice
/// of a settlement entry, withdrawn, or given back by an invoice (after
/// the credit it applied that day).
const IN: u8 = 0;
const APPLIED: u8 = 1;
const WITHDRAWN: u8 = 2;
const RETURNED: u8 = 3;

impl SourceAsOf {
    fn new(ledger: &Ledger, date: NaiveDate) -> SourceAsOf {
        let mut credit = SourceAsOf::default();
        // (day, IN / APPLIED / WITHDRAWN / RETURNED, journal position (for
        // RETURNED, of the application given back), amount)
        let mut flows: Vec<(NaiveDate, u8, u32, i128)> = Vec::new();
        for (i, source) in ledger.sources().iter().enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            flows.clear();
            let funded = match source.payment {
                None => Some(source.date),
                Some(p) => ledger
                    .payment(p)
                    .and_then(|r| r.fig.settled_on)
                    .map(|paid| paid.max(source.date)),
            };
            if let Some(on) = funded {
                flows.push((on, IN, 0, source.original));
            }
            let mut entries: Vec<(u32, Settlement)> =
                ledger.payer_settlements(Payer::Credit(index)).collect();
            // The chain runs newest first.
            entries.reverse();
            // Credit applied and not given back: (invoice, day, journal
            // position, amount).
            let mut pieces: Vec<(u32, NaiveDate, u32, i128)> = Vec::new();
            for (at, entry) in &entries {
                if entry.amount > 0 {
                    flows.push((entry.date, APPLIED, *at, entry.amount));
                    pieces.push((entry.invoice, entry.date, *at, entry.amount));
                    continue;
                }
                // Given back: each part not before the day it was applied,
                // the pieces applied earliest given back first; and not
                // after the invoice's void, which gives back everything.
                let voided = ledger
                    .invoice(entry.invoice)
                    .and_then(|r| r.fig.voided_on)
                    .map_or(entry.date, |on| on.min(entry.date));
                let mut back = entry.amount.saturating_neg();
                while back > 0 {
                    let piece = pieces
                        .iter_mut()
                        .filter(|(invoice, _, _, x)| *invoice == entry.invoice && *x > 0)
                        .min_by_key(|(_, on, _, _)| *on);
                    let (on, applied, part) = match piece {
                        Some((_, on, applied, x)) => {
                            let part = (*x).min(back);
                            *x = x.saturating_sub(part);
                            ((*on).max(voided), *applied, part)
                        }
                        None => (voided, u32::MAX, back),
                    };
                    if on > entry.date {
                        credit.returned.push((*at, on, part));
                    }
                    flows.push((on, RETURNED, applied, part));
                    back = back.saturating_sub(part);
                }
            }
            for (on, x) in &source.withdrawals {
                flows.push((*on, WITHDRAWN, u32::MAX, *x));
            }
            flows.sort_unstable();
            let (left, overdrawn) = credit.follow(&flows, date);
            credit.left.push(left);
            if let (Some(p), true) = (source.payment, overdrawn > 0) {
                credit.overdrawn.push((p, overdrawn));
            }
        }
        credit
    }

    /// Follows one source's flows up to `date`; returns the credit left.
    /// Credit applied waits, oldest first, until money has come in for it.
    /// Credit taken out (paid back, voided) left the account on its day,
    /// so it goes first: from what is left, else from the credit applied
    /// most recently, which then waits again; beyond all that, from the
    /// next money in. Returns the credit left and what was taken out
    /// beyond it on `date`.
    fn follow(&mut self, flows: &[(NaiveDate, u8, u32, i128)], date: NaiveDate) -> (i128, i128) {
        let (mut left, mut overdrawn) = (0i128, 0i128);
        // Applications: (journal position, amount, still wanted).
        let mut waiting: Vec<(u32, i128, i128)> = Vec::new();
        let mut first = 0usize;
        for &(_, kind, at, x) in flows.iter().take_while(|(on, ..)| *on <= date) {
            match kind {
                IN | RETURNED => {
                    // Credit given back that the source never had (its
                    // application still waits for money) cancels what
                    // waits; the rest comes back in.
                    let wanted = match kind {
                        RETURNED => waiting.iter_mut().find(|w| w.0 == at),
                        _ => None,
                    };
                    let cancelled = wanted.map_or(0, |w| {
                        let part = w.2.min(x).max(0);
                        w.2 = w.2.saturating_sub(part);
                        part
                    });
                    let x = x.saturating_sub(cancelled);
                    // What was taken out before the money came goes first.
                    let repaid = overdrawn.min(x).max(0);
                    overdrawn = overdrawn.saturating_sub(repaid);
                    left = left.saturating_add(x.saturating_sub(repaid));
                }
                APPLIED => waiting.push((at, x, x)),
                _ => {
                    let taken = x.min(left).max(0);
                    left = left.saturating_sub(taken);
                    let mut want = x.saturating_sub(taken);
                    for (i, w) in waiting.iter_mut().enumerate().rev() {
                        if want <= 0 {
                            break;
                        }
                        let part = w.1.saturating_sub(w.2).min(want).max(0);
                        if part > 0 {
                            w.2 = w.2.saturating_add(part);
                            want = want.saturating_sub(part);
                            first = first.min(i);
                        }
                    }
                    overdrawn = overdrawn.saturating_add(want.max(0));
                }
            }
            while let Some((_, _, want)) = waiting.get_mut(first) {
                let part = (*want).min(left).max(0);
                left = left.saturating_sub(part);
                *want = want.saturating_sub(part);
                if *want > 0 {
                    break;
                }
                first = first.saturating_add(1);
            }
        }
        let unfunded = waiting.iter().skip(first);
        self.short
            .extend(unfunded.map(|&(at, x, want)| (at, x.saturating_sub(want))));
        (left, overdrawn)
    }

    /// What of the credit applied by the entry at `at` (of `amount`)
    /// counts.
    fn applied(&self, at: u32, amount: i128) -> i128 {
        self.short
            .iter()
            .find(|(a, _)| *a == at)
            .map_or(amount, |(_, part)| *part)
    }

    /// What of the credit given back by the entry at `at` (of `amount`,
    /// negative) counts on `date`: the parts given back before they were
    /// applied count from the day they were.
    fn returned(&self, at: u32, amount: i128, date: NaiveDate) -> i128 {
        self.returned
            .iter()
            .filter(|(a, on, _)| *a == at && *on > date)
            .fold(amount, |counted, (_, _, part)| {
                counted.saturating_add(*part)
            })
    }
}

fn on_or_before(date: Option<NaiveDate>, limit: NaiveDate) -> bool {
    date.is_some_and(|d| d <= limit)
}

impl<'a> AsOf<'a> {
    fn new(ledger: &'a Ledger, date: NaiveDate) -> AsOf<'a> {
        let mut reversals: HashMap<u32, Vec<(NaiveDate, i128)>> = HashMap::new();
        for record in ledger.invoices() {
            if record.kind() == InvoiceKind::Refund
                && let (Some(issued), Some(target)) = (record.fig.issued_on, record.doc.refund_of())
                && let Some(index) = ledger.invoice_index(target)
            {
                reversals
                    .entry(index)
                    .or_default()
                    .push((issued, record.fig.total));
            }
        }
        let credit = SourceAsOf::new(ledger, date);
        // Newest allocations first, as a refund of the payment takes them.
        let mut taken = Vec::new();
        for &(p, mut want) in &credit.overdrawn {
            let paid = ledger
                .payment(p)
                .is_some_and(|r| on_or_before(r.fig.settled_on, date));
            for (at, entry) in ledger.payer_settlements(Payer::Payment(p)) {
                if !paid || want <= 0 {
                    break;
                }
                if entry.date <= date && entry.amount > 0 {
                    let part = entry.amount.min(want);
                    taken.push((at, part));
                    want = want.saturating_sub(part);
                }
            }
        }
        AsOf {
            ledger,
            date,
            reversals,
            credit,
            taken,
        }
    }

    /// What is due on an issued, non-void charge invoice, or `None`.
    fn invoice(&self, index: u32, record: &InvoiceRecord) -> Option<DueAsOf> {
        let d = self.date;
        let issued = record.kind().is_charge()
            && !record.fig.deleted
            && on_or_before(record.fig.issued_on, d)
            && !on_or_before(record.fig.voided_on, d);
        if !issued {
            return None;
        }
        let reversed = self.reversals.get(&index).map_or(0, |r| {
            r.iter()
                .filter(|(date, _)| *date <= d)
                .fold(0i128, |a, (_, x)| a.saturating_add(*x))
        });
        let (mut settled, mut pending) = (0i128, 0i128);
        for (at, entry) in self.ledger.invoice_settlements(index) {
            match self.pays(at, &entry) {
                Some(Ok(x)) => settled = settled.saturating_add(x),
                Some(Err(x)) => pending = pending.saturating_add(x),
                None => {}
            }
        }
        let owed = record
            .fig
            .total
            .saturating_sub(reversed)
            .saturating_sub(settled);
        let due = owed.max(0);
        Some(DueAsOf {
            due,
            excess: owed.saturating_neg().max(0),
            pending: pending.clamp(0, due),
            written_off: on_or_before(record.fig.written_off_on, d),
        })
    }

    /// What of a settlement entry (at journal position `at`) pays its
    /// invoice on this date (`Ok`), holds part of it for a pending payment
    /// (`Err`), or `None` if it does not count yet. A payment's entry
    /// counts from the latest of its own date and the payment's success;
    /// credit applied counts as far as its source had the credit by then
    /// (see [`SourceAsOf`]).
    fn pays(&self, at: u32, entry: &Settlement) -> Option<Result<i128, i128>> {
        let d = self.date;
        if entry.date > d {
            return None;
        }
        match entry.by {
            Payer::Credit(_) if entry.amount > 0 => Some(Ok(self.credit.applied(at, entry.amount))),
            Payer::Credit(_) => Some(Ok(self.credit.returned(at, entry.amount, d))),
            Payer::Payment(p) => {
                let paid = self
                    .ledger
                    .payment(p)
                    .is_some_and(|r| on_or_before(r.fig.settled_on, d));
                let taken = self.taken.iter().filter(|(a, _)| *a == at);
                let counted = taken.fold(entry.amount, |x, (_, part)| x.saturating_sub(*part));
                Some(if paid { Ok(counted) } else { Err(entry.amount) })
            }
        }
    }

    /// Credit available in `currency`: what the sources have left, and
    /// the money on invoices that is the customer's (see [`AsOf::held`]).
    fn credit(&self, currency: Currency) -> i128 {
        let sources = self.ledger.sources().iter().zip(&self.credit.left);
        let on_invoices = self.ledger.invoices().iter().enumerate();
        let held = on_invoices
            .filter(|(_, record)| record.currency() == currency)
            .map(|(i, record)| self.held(u32::try_from(i).unwrap_or(u32::MAX), record));
        sources
            .filter(|(source, _)| source.currency == currency)
            .map(|(_, left)| *left)
            .chain(held)
            .fold(0i128, i128::saturating_add)
    }

    /// Money on a charge invoice that is the customer's credit on this
    /// date, put there by operations recorded with an earlier date than
    /// what they depend on:
    /// - before the invoice's issue, all it was paid (a payment or credit
    ///   applied early: a prepayment, as the statement shows it, its
    ///   payment line first);
    /// - once it is void, the payments' money still on it (taken off by an
    ///   operation dated after the void; credit applied to it is back with
    ///   its source from the void, see [`SourceAsOf`]);
    /// - otherwise, what it was paid beyond its amount
    ///   ([`DueAsOf::excess`]).
    fn held(&self, index: u32, record: &InvoiceRecord) -> i128 {
        let d = self.date;
        // Drafts take no money; a deleted draft never took any.
        if !record.kind().is_charge() || record.fig.issued_on.is_none() {
            return 0;
        }
        if let Some(due) = self.invoice(index, record) {
            return due.excess;
        }
        let ahead = !on_or_before(record.fig.issued_on, d);
        let paid = self
            .ledger
            .invoice_settlements(index)
            .filter(|(_, entry)| ahead || matches!(entry.by, Payer::Payment(_)))
            .filter_map(|(at, entry)| self.pays(at, &entry)?.ok());
        paid.fold(0i128, i128::saturating_add)
    }
}

/// The date a statement shows a change to an invoice on: its own, or the
/// invoice's issue if that came later (an operation recorded with an
/// earlier date than the invoice's issue counts from the issue, as in the
/// summary, which counts an invoice only from its issue).
fn not_before_issue(date: NaiveDate, invoice: Option<&InvoiceRecord>) -> NaiveDate {
    invoice
        .and_then(|r| r.fig.issued_on)
        .map_or(date, |issued| date.max(issued))
}

fn money(minor: i128, currency: Currency) -> Result<Money, Error> {
    Money::from_minor(minor, currency)
}

impl Account {
    /// The billing summary of `currency` as of `as_of`.
    ///
    /// # Errors
    /// [`Error::Overflow`] if a sum does not fit, or an error computing a
    /// series' next invoice.
    ///
    /// # Example
    /// ```
    /// use billing_core::{Account, Currency, Invoice, InvoiceKind, IssueInvoice, Line, parse_date, parse_decimal};
    ///
    /// let usd = Currency::iso("USD")?;
    /// let mut account = Account::new("acme", Default::default())?;
    /// let invoice = Invoice::builder("INV-1", InvoiceKind::OneTimeCharge, usd,
    ///         parse_date("2026-01-01")?, parse_date("2026-01-31")?)
    ///     .line(Line::new("Setup", parse_decimal("1")?, parse_decimal("99.00")?))
    ///     .build()?;
    /// account.execute(IssueInvoice { invoice: invoice.into() })?;
    /// let summary = account.summary(usd, parse_date("2026-02-15")?)?;
    /// assert_eq!(summary.current_balance.to_string(), "99.00 USD");
    /// assert_eq!(summary.overdue.to_string(), "99.00 USD");
    /// assert_eq!(account.summary(usd, parse_date("2025-12-31")?)?.current_balance.to_string(), "0.00 USD");
    /// # Ok::<(), billing_core::Error>(())
    /// ```
    pub fn summary(&self, currency: Currency, as_of: NaiveDate) -> Result<BillingSummary, Error> {
        let ledger = self.ledger();
        let at = AsOf::new(ledger, as_of);
        let (mut balance, mut written_off, mut pending, mut overdue, mut open) =
            (0i128, 0i128, 0i128, 0i128, 0u32);
        let mut last_recurring: Option<NaiveDate> = None;
        for (i, record) in ledger.invoices().iter().enumerate() {
            if record.currency() != currency {
                continue;
            }
            let index = u32::try_from(i).map_err(|_| Error::Overflow)?;
            let Some(due) = at.invoice(index, record) else {
                continue;
            };
            if matches!(record.kind(), InvoiceKind::New | InvoiceKind::Recurring) {
                last_recurring = last_recurring.max(Some(record.doc.issue_date()));
            }
            if due.due == 0 {
                continue;
            }
            open = open.saturating_add(1);
            balance = balance.checked_add(due.due).or_overflow()?;
            pending = pending.checked_add(due.pending).or_overflow()?;
            if due.written_off {
                written_off = written_off.checked_add(due.due).or_overflow()?;
            } else if as_of > record.doc.due_date() {
                overdue = overdue.checked_add(due.due).or_overflow()?;
            }
        }
        let credit = at.credit(currency);
        let (next_date, next_charges) = self.next_recurring(currency, as_of)?;
        let upcoming = balance.checked_add(next_charges).or_overflow()?;
        let estimated = if ledger.settings.auto_apply_credit {
            // Credit applies to what is open: not to what pending payments
            // hold (their invoices are paid if they succeed).
            let applies = credit.min(upcoming.saturating_sub(pending)).max(0);
            upcoming.saturating_sub(applies)
        } else {
            upcoming
        };
        Ok(BillingSummary {
            currency,
            as_of,
            current_balance: money(balance, currency)?,
            written_off: money(written_off, currency)?,
            pending: money(pending, currency)?,
            overdue: money(overdue, currency)?,
            open_invoices: open,
            credit_available: money(credit, currency)?,
            last_recurring_invoice: last_recurring,
            next_recurring_invoice: next_date,
            next_recurring_charges: money(next_charges, currency)?,
            estimated_next_balance: money(estimated, currency)?,
        })
    }

    /// The summaries of every currency the account has anything in.
    ///
    /// # Errors
    /// As [`Account::summary`].
    pub fn summaries(&self, as_of: NaiveDate) -> Result<Vec<BillingSummary>, Error> {
        self.currencies()
            .into_iter()
            .map(|c| self.summary(c, as_of))
            .collect()
    }

    /// The next recurring invoice in `currency` as of `as_of`: the
    /// earliest start of a period of any series not billed on `as_of` (its
    /// invoice not issued by then), and what billing will issue through
    /// that date, or through `as_of` for a series behind it: every period
    /// not billed that starts by then, at most what one `bill_series` of a
    /// series issues ([`Series::billable_at_once`]). A series whose next invoice
    /// would have dates past the year 9999 bills no more.
    fn next_recurring(
        &self,
        currency: Currency,
        as_of: NaiveDate,
    ) -> Result<(Option<NaiveDate>, i128), Error> {
        let ledger = self.ledger();
        let policy = ledger.settings.rounding;
        // Billed on `as_of`: the period's invoice issued by then.
        let billed = |series: &Series, number: u32, start: NaiveDate| {
            ledger
                .find_invoice(&series.invoice_id(number))
                .is_ok_and(|(_, r)| {
                    r.bills_period(series, number, start) && on_or_before(r.fig.issued_on, as_of)
                })
        };
        // Each series' periods not billed, from its first through that
        // date or `as_of` (the later): their issue dates and totals.
        let mut next = None::<NaiveDate>;
        let mut bills = Vec::new();
        for series in ledger.series().iter().filter(|s| s.currency == currency) {
            let mut first = None::<NaiveDate>;
            // Every whole period bills the same: its invoice is built once.
            let mut whole = None::<i128>;
            let (mut number, mut counted) = (0u32, 0u32);
            while counted < series.billable_at_once() {
                number = number.checked_add(1).or_overflow()?;
                let Some(period) = series.period(number)? else {
                    break;
                };
                let day = period.start;
                if first.is_some_and(|first| day > first.max(as_of)) {
                    break;
                }
                if billed(series, number, day) {
                    continue;
                }
                // Due past 9999: that invoice cannot be made, nor any after.
                if series.due_date(day).is_err() {
                    break;
                }
                let total = match whole.filter(|_| !period.is_partial()) {
                    Some(total) => total,
                    None => {
                        let Some(bill) = series.invoice(number, policy.mode)? else {
                            break;
                        };
                        let total = bill.totals(policy)?.total.minor();
                        if !period.is_partial() {
                            whole = Some(total);
                        }
                        total
                    }
                };
                first = first.or(Some(day));
                bills.push((day, total));
                counted = counted.saturating_add(1);
            }
            next = match (next, first) {
                (Some(next), Some(first)) => Some(next.min(first)),
                (next, first) => next.or(first),
            };
        }
        let Some(next) = next else {
            return Ok((None, 0));
        };
        let through = next.max(as_of);
        let total = bills
            .iter()
            .filter(|(day, _)| *day <= through)
            .try_fold(0i128, |sum, (_, total)| sum.checked_add(*total))
            .or_overflow()?;
        Ok((Some(next), total))
    }

    /// Aging of what is due in `currency` as of `as_of`, by days past the
    /// due date: current, 1–30, 31–60, 61–90, over 90. Only what happened
    /// on or before `as_of` counts.
    ///
    /// # Errors
    /// [`Error::Overflow`] if a sum does not fit.
    pub fn aging(&self, currency: Currency, as_of: NaiveDate) -> Result<Aging, Error> {
        let ledger = self.ledger();
        let at = AsOf::new(ledger, as_of);
        let mut invoices = Vec::new();
        for (i, record) in ledger.invoices().iter().enumerate() {
            if record.currency() != currency {
                continue;
            }
            let index = u32::try_from(i).map_err(|_| Error::Overflow)?;
            if let Some(due) = at.invoice(index, record).filter(|d| d.due > 0) {
                let days = as_of
                    .signed_duration_since(record.doc.due_date())
                    .num_days();
                invoices.push(AgedInvoice {
                    invoice: record.id.to_string(),
                    due_date: record.doc.due_date(),
                    days_past_due: days,
                    bucket: AgingBucket::of(days),
                    due: money(due.due, currency)?,
                });
            }
        }
        invoices.sort_by(|a, b| (a.due_date, &a.invoice).cmp(&(b.due_date, &b.invoice)));
        let sum = |bucket: Option<AgingBucket>| {
            Money::sum(
                currency,
                invoices
                    .iter()
                    .filter(|i| bucket.is_none_or(|b| i.bucket == b))
                    .map(|i| i.due),
            )
        };
        Ok(Aging {
            currency,
            as_of,
            current: sum(Some(AgingBucket::Current))?,
            days_1_30: sum(Some(AgingBucket::Days1To30))?,
            days_31_60: sum(Some(AgingBucket::Days31To60))?,
            days_61_90: sum(Some(AgingBucket::Days61To90))?,
            over_90: sum(Some(AgingBucket::Over90))?,
            total: sum(None)?,
            invoices,
        })
    }

    /// The statement of `currency` from `from` to `to` (both included).
    ///
    /// # Errors
    /// - [`Error::InvalidPeriod`] if `from` is after `to`.
    /// - [`Error::Overflow`] if a sum does not fit.
    pub fn statement(
        &self,
        currency: Currency,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Statement, Error> {
        if from > to {
            return Err(Error::InvalidPeriod { from, to });
        }
        let mut lines = self.statement_lines(currency)?;
        lines.sort_by_key(|(date, _, _, _)| *date);
        let mut balance = 0i128;
        let mut shown = Vec::new();
        for (date, kind, reference, amount) in lines {
            if date > to {
                break;
            }
            balance = balance.checked_add(amount).or_overflow()?;
            if date >= from {
                shown.push(StatementLine {
                    date,
                    kind,
                    reference,
                    amount: money(amount, currency)?,
                    balance: money(balance, currency)?,
                });
            }
        }
        let moved = shown
            .iter()
            .fold(0i128, |a, l| a.saturating_add(l.amount.minor()));
        Ok(Statement {
            currency,
            from,
            to,
            opening_balance: money(balance.saturating_sub(moved), currency)?,
            closing_balance: money(balance, currency)?,
            lines: shown,
        })
    }

    /// Every balance change of `currency` in history order, with its date.
    fn statement_lines(
        &self,
        currency: Currency,
    ) -> Result<Vec<(NaiveDate, StatementLineKind, String, i128)>, Error> {
        let ledger = self.ledger();
        let mut lines = Vec::new();
        for entry in self.history() {
            let date = entry.operation.date();
            for event in &entry.events {
                let line = match event {
                    Event::InvoiceIssued { invoice } => {
                        let Ok((_, record)) = ledger.find_invoice(invoice) else {
                            continue;
                        };
                        let kind = match record.kind() {
                            InvoiceKind::Credit => StatementLineKind::CreditNote,
                            InvoiceKind::Refund => StatementLineKind::RefundNote,
                            _ => StatementLineKind::Invoice,
                        };
                        let sign = if kind == StatementLineKind::Invoice {
                            1
                        } else {
                            -1
                        };
                        // An invoice counts from its issue date (a series
                        // billed late, a draft issued later); a refund
                        // document from its invoice's issue.
                        let issued = record.fig.issued_on.unwrap_or(date);
                        let target = record
                            .doc
                            .refund_of()
                            .and_then(|t| ledger.find_invoice(t).ok());
                        (
                            not_before_issue(issued, target.map(|(_, r)| r)),
                            record.currency(),
                            kind,
                            invoice.to_string(),
                            record.fig.total.saturating_mul(sign),
                        )
                    }
                    Event::InvoiceVoided { invoice } => {
                        let Ok((_, record)) = ledger.find_invoice(invoice) else {
                            continue;
                        };
                        if !record.kind().is_charge() {
                            continue;
                        }
                        // Voiding first returns any credit the invoice consumed, so
                        // what it takes off is everything not reversed (figures a
                        // void invoice keeps: nothing reverses it after).
                        let before = record.fig.total.saturating_sub(record.fig.reversed);
                        (
                            not_before_issue(date, Some(record)),
                            record.currency(),
                            StatementLineKind::Void,
                            invoice.to_string(),
                            before.saturating_neg(),
                        )
                    }
                    Event::CreditVoided { source, amount } => {
                        let reference = ledger
                            .source(*source)
                            .and_then(|s| s.document)
                            .and_then(|d| ledger.invoice(d))
                            .map(|r| r.id.to_string())
                            .unwrap_or_default();
                        (
                            date,
                            amount.currency(),
                            StatementLineKind::CreditVoided,
                            reference,
                            amount.minor(),
                        )
                    }
                    Event::PaymentRecorded {
                        payment,
                        amount,
                        pending: false,
                        ..
                    } => (
                        date,
                        amount.currency(),
                        StatementLineKind::Payment,
                        payment.to_string(),
                        amount.minor().saturating_neg(),
                    ),
                    Event::PaymentSettled { payment } => {
                        let Ok((_, record)) = ledger.find_payment(payment) else {
                            continue;
                        };
                        (
                            date,
                            record.currency,
                            StatementLineKind::Payment,
                            payment.to_string(),
                            record.amount.saturating_neg(),
                        )
                    }
                    Event::PaymentRefunded { refund, amount, .. } => (
                        date,
                        amount.currency(),
                        StatementLineKind::Refund,
                        refund.to_string(),
                        amount.minor(),
                    ),
                    _ => continue,
                };
                let (date, line_currency, kind, reference, amount) = line;
                if line_currency == currency {
                    lines.push((date, kind, reference, amount));
                }
            }
        }
        Ok(lines)
    }

    /// The automatic charges due on `as_of`: issued charge invoices whose
    /// due date has come, charged with the default payment method for what
    /// is due less what pending payments cover; or skipped, with why.
    ///
    /// Unlike the reports above, the plan is what to charge now: it reads
    /// the account as it stands (every payment recorded, whatever its
    /// date, and the current default method). `as_of` is the day of the
    /// run: it decides which due dates have come and which cards have
    /// expired.
    ///
    /// # Errors
    /// [`Error::Overflow`] if an amount does not fit.
    pub fn auto_charge_plan(&self, as_of: NaiveDate) -> Result<ChargePlan, Error> {
        let ledger = self.ledger();
        let method = ledger.default_method();
        let mut due: Vec<&InvoiceRecord> = ledger
            .invoices()
            .iter()
            .filter(|r| r.is_payable() && r.fig.due() > 0 && r.doc.due_date() <= as_of)
            .collect();
        due.sort_by(|a, b| (a.doc.due_date(), &a.id).cmp(&(b.doc.due_date(), &b.id)));
        let mut plan = ChargePlan {
            as_of,
            charges: Vec::new(),
            skipped: Vec::new(),
        };
        for record in due {
            let currency = record.currency();
            let reason = if record.fig.written_off_on.is_some() {
                Some(SkipReason::WrittenOff)
            } else if record.fig.open() == 0 {
                Some(SkipReason::CoveredByPendingPayments)
            } else {
                match method {
                    None => Some(SkipReason::NoDefaultMethod),
                    Some(m) if !m.kind.is_chargeable() => Some(SkipReason::MethodNotChargeable),
                    Some(m) if !m.can_auto_charge(as_of) => Some(SkipReason::MethodExpired),
                    Some(_) => None,
                }
            };
            match (reason, method) {
                (None, Some(m)) => plan.charges.push(PlannedCharge {
                    invoice: record.id.to_string(),
                    amount: money(record.fig.open(), currency)?,
                    method: m.id.clone(),
                }),
                (reason, _) => {
                    let reason = reason.unwrap_or(SkipReason::NoDefaultMethod);
                    // What a charge would have taken; pending payments that
                    // cover it all are shown with what they cover.
                    let amount = match reason {
                        SkipReason::CoveredByPendingPayments => record.fig.due(),
                        _ => record.fig.open(),
                    };
                    plan.skipped.push(SkippedCharge {
                        invoice: record.id.to_string(),
                        amount: money(amount, currency)?,
                        reason,
                    });
                }
            }
        }
        Ok(plan)
    }

    /// The live payment methods, in the order added.
    pub fn payment_methods(&self) -> Vec<PaymentMethod> {
        self.ledger().methods().cloned().collect()
    }

    /// The default payment method, if any.
    pub fn default_payment_method(&self) -> Option<PaymentMethod> {
        self.ledger().default_method().cloned()
    }

    /// A series by id.
    ///
    /// # Errors
    /// [`Error::UnknownSeries`] if there is none.
    pub fn series(&self, id: &str) -> Result<Series, Error> {
        Ok(Series::clone(self.ledger().find_series(id)?.1))
    }

    /// Every series, in the order added.
    pub fn series_list(&self) -> Vec<Series> {
        self.ledger()
            .series()
            .iter()
            .map(|s| Series::clone(s))
            .collect()
    }
}
