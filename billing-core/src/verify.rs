//! Checks every invariant of the domain on an account, recomputing what it
//! can from the settlement journal rather than trusting cached figures.
//! The property tests and fuzz targets run it after every operation; apps
//! may run it after loading history from their own storage.

use std::collections::BTreeMap;
use std::fmt;

use crate::account::Account;
use crate::currency::Currency;
use crate::error::Error;
use crate::invoice::InvoiceKind;
use crate::ledger::{Ledger, Payer, PaymentState, at};
use crate::money::Money;

/// An invariant that does not hold, described for a developer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inconsistency {
    /// Which invariant, and where.
    pub message: String,
}

impl fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "inconsistent account: {}", self.message)
    }
}

impl std::error::Error for Inconsistency {}

fn fail<T>(message: String) -> Result<T, Inconsistency> {
    Err(Inconsistency { message })
}

fn check(ok: bool, message: impl FnOnce() -> String) -> Result<(), Inconsistency> {
    if ok { Ok(()) } else { fail(message()) }
}

/// An amount in minor units, written as money for a message.
fn shown(minor: i128, currency: Currency) -> String {
    Money::from_minor(minor, currency)
        .map_or_else(|_| format!("{minor} minor units"), |m| m.to_string())
}

impl Account {
    /// Checks the invariants of the domain:
    /// 1. per invoice, its total is what its document computes to under the
    ///    rounding it was made with; `total − reversed − paid − credited −
    ///    due == 0` and `due ≥ 0`, with paid, pending and credited
    ///    recomputed from the settlement journal;
    /// 2. per payment, allocated + credit it created (less what refunds took
    ///    back from it) + refunded == its amount;
    /// 3. per credit source, `used + remaining == original`, `remaining ≥ 0`;
    ///    an issued credit note's sources were given its total, a refund
    ///    document's at most its total, and a void document keeps none;
    /// 4. per currency, the receivable balance is the sum of amounts due of
    ///    issued, non-void, non-written-off invoices, and the net position
    ///    is receivable − credit;
    /// 5. every status agrees with the amounts;
    /// 6. every amount fits its currency; every record's currency is among
    ///    the account's currencies, where a code names one currency; the
    ///    allocation indexes match the records; with auto-apply on, credit
    ///    and open invoices never sit side by side in one currency.
    ///
    /// # Errors
    /// The first [`Inconsistency`] found. None is ever expected: this is
    /// for tests, fuzzing and auditing stored histories.
    pub fn verify(&self) -> Result<(), Inconsistency> {
        let ledger = self.ledger();
        check_invoices(ledger)?;
        check_payments(ledger)?;
        check_sources(ledger)?;
        check_currencies(self, ledger)?;
        check(ledger.indexes_consistent(), || {
            "allocation indexes out of step".to_owned()
        })?;
        check(
            self.history().zip(1u64..).all(|(e, v)| e.version == v),
            || "history versions are not 1, 2, 3, ...".to_owned(),
        )
    }
}

fn check_invoices(ledger: &Ledger) -> Result<(), Inconsistency> {
    // Every journal entry must be on exactly one invoice's chain.
    let mut chained_by_invoice = 0usize;
    for (i, record) in ledger.invoices().iter().enumerate() {
        let id = &record.id;
        let fig = &record.fig;
        let m = |minor: i128| shown(minor, record.currency());
        // The total as the document computes under the rounding it was
        // made with (an event's total is taken as written on replay).
        let computed = record.doc.totals(record.rounding).map(|t| t.total.minor());
        check(computed == Ok(fig.total), || match computed {
            Ok(total) => format!(
                "invoice {id}: total {} but its document totals {}",
                m(fig.total),
                m(total)
            ),
            Err(err) => format!("invoice {id}: its document's totals do not compute ({err})"),
        })?;
        let (mut paid, mut pending, mut credited) = (0i128, 0i128, 0i128);
        let mut per_payer: BTreeMap<(u8, u32), i128> = BTreeMap::new();
        let index = u32::try_from(i).map_err(|_| Inconsistency {
            message: "too many invoices".to_owned(),
        })?;
        for (e, s) in ledger.invoice_settlements(index) {
            chained_by_invoice = chained_by_invoice.saturating_add(1);
            check(at(s.invoice) == i, || {
                format!("invoice {id}: journal entry {e} is for another invoice")
            })?;
            let key = match s.by {
                Payer::Payment(p) => {
                    let state = ledger.payment(p).map(|r| r.fig.state);
                    match state {
                        Some(PaymentState::Succeeded) => paid = paid.saturating_add(s.amount),
                        Some(PaymentState::Pending) => pending = pending.saturating_add(s.amount),
                        _ => {}
                    }
                    (0, p)
                }
                Payer::Credit(c) => {
                    credited = credited.saturating_add(s.amount);
                    (1, c)
                }
            };
            let net = per_payer.entry(key).or_default();
            *net = net.saturating_add(s.amount);
        }
        check(per_payer.values().all(|n| *n >= 0), || {
            format!("invoice {id}: a payer's net settlement is negative")
        })?;
        check(
            (fig.paid, fig.pending, fig.credited) == (paid, pending, credited),
            || {
                format!(
                    "invoice {id}: paid/pending/credited {}/{}/{} but the journal says {}/{}/{}",
                    m(fig.paid),
                    m(fig.pending),
                    m(fig.credited),
                    m(paid),
                    m(pending),
                    m(credited)
                )
            },
        )?;
        let reversed = ledger
            .invoices()
            .iter()
            .filter(|r| {
                r.kind() == InvoiceKind::Refund
                    && r.fig.issued_on.is_some()
                    && !r.fig.deleted
                    && r.doc.refund_of() == Some(&**id)
            })
            .fold(0i128, |acc, r| acc.saturating_add(r.fig.total));
        let due = fig.due();
        check(fig.reversed == reversed, || {
            format!(
                "invoice {id}: reversed {} but refund documents total {}",
                m(fig.reversed),
                m(reversed)
            )
        })?;
        let identity = fig
            .total
            .checked_sub(fig.reversed)
            .and_then(|x| x.checked_sub(fig.paid))
            .and_then(|x| x.checked_sub(fig.credited))
            .and_then(|x| x.checked_sub(due));
        check(identity == Some(0), || {
            format!("invoice {id}: total − reversed − paid − credited ≠ due")
        })?;
        check(due >= 0 && fig.pending >= 0 && fig.pending <= due, || {
            format!(
                "invoice {id}: due {} with pending {}",
                m(due),
                m(fig.pending)
            )
        })?;
        check(fig.status == fig.derived_status(record.kind()), || {
            format!(
                "invoice {id}: status {} disagrees with its amounts",
                fig.status
            )
        })?;
        if fig.issued_on.is_none() || !record.kind().is_charge() {
            check(record.last_settlement == crate::ledger::NONE, || {
                format!("invoice {id}: a draft or credit document holds settlements")
            })?;
        }
        if !record.kind().is_charge() {
            let remaining = record
                .sources
                .iter()
                .filter_map(|&s| ledger.source(s))
                .fold(0i128, |acc, s| acc.saturating_add(s.remaining()));
            check(fig.credit_remaining == remaining, || {
                format!(
                    "invoice {id}: credit remaining {} but its sources hold {}",
                    m(fig.credit_remaining),
                    m(remaining)
                )
            })?;
            // A credit note gives its total as credit, once; a refund
            // document at most its total (the part the invoice had paid).
            let given = record
                .sources
                .iter()
                .filter_map(|&s| ledger.source(s))
                .fold(0i128, |acc, s| acc.saturating_add(s.original));
            let issued = fig.issued_on.is_some() && !fig.deleted;
            let right = match record.kind() {
                InvoiceKind::Credit if issued => given == fig.total,
                _ => given <= fig.total,
            };
            check(right, || {
                format!(
                    "invoice {id}: its credit sources were given {} for a total of {}",
                    m(given),
                    m(fig.total)
                )
            })?;
            check(fig.voided_on.is_none() || remaining == 0, || {
                format!("invoice {id}: void, but its credit remains")
            })?;
        }
        for amount in [
            fig.total,
            fig.reversed,
            fig.paid,
            fig.pending,
            fig.credited,
            fig.credit_remaining,
        ] {
            check(Money::from_minor(amount, record.currency()).is_ok(), || {
                format!("invoice {id}: amount out of range")
            })?;
        }
    }
    check(chained_by_invoice == ledger.settlement_count(), || {
        "journal entries are missing from invoice chains".to_owned()
    })
}

fn check_payments(ledger: &Ledger) -> Result<(), Inconsistency> {
    for (p, payment) in ledger.payments().iter().enumerate() {
        let id = &payment.id;
        let m = |minor: i128| shown(minor, payment.currency);
        let by = Payer::Payment(u32::try_from(p).unwrap_or(u32::MAX));
        let mut allocated = 0i128;
        for (_, s) in ledger.payer_settlements(by) {
            check(s.by == by, || {
                format!("payment {id}: its chain holds another payer's entry")
            })?;
            allocated = allocated.saturating_add(s.amount);
        }
        let credit = payment
            .sources
            .iter()
            .filter_map(|&s| ledger.source(s))
            .fold(0i128, |acc, s| {
                acc.saturating_add(s.original.saturating_sub(s.fig.refunded))
            });
        let refunds = payment
            .refunds
            .iter()
            .fold(0i128, |acc, r| acc.saturating_add(r.amount));
        check(refunds == payment.fig.refunded, || {
            format!("payment {id}: refunds do not add up")
        })?;
        // A failed payment's money never arrived: nothing of it is placed.
        let expected = if payment.fig.state == PaymentState::Failed {
            0
        } else {
            payment.amount
        };
        let placed = allocated
            .saturating_add(credit)
            .saturating_add(payment.fig.refunded)
            .saturating_add(payment.fig.unapplied);
        check(placed == expected, || {
            format!(
                "payment {id}: allocated {} + credit {} + refunded {} + unapplied {} ≠ {}",
                m(allocated),
                m(credit),
                m(payment.fig.refunded),
                m(payment.fig.unapplied),
                m(expected)
            )
        })?;
        check(
            payment.fig.settled_on.is_some() == (payment.fig.state == PaymentState::Succeeded),
            || format!("payment {id}: settlement date disagrees with its state"),
        )?;
        match payment.fig.state {
            PaymentState::Succeeded => check(payment.fig.unapplied == 0, || {
                format!("payment {id}: money left unplaced")
            })?,
            PaymentState::Failed => check(
                allocated == 0
                    && credit == 0
                    && payment.fig.unapplied == 0
                    && payment.fig.refunded == 0,
                || format!("payment {id}: a failed payment still holds money"),
            )?,
            PaymentState::Pending => check(credit == 0 && payment.fig.refunded == 0, || {
                format!("payment {id}: a pending payment created credit or was refunded")
            })?,
        }
    }
    Ok(())
}

fn check_sources(ledger: &Ledger) -> Result<(), Inconsistency> {
    for (i, source) in ledger.sources().iter().enumerate() {
        let fig = &source.fig;
        let m = |minor: i128| shown(minor, source.currency);
        let by = Payer::Credit(u32::try_from(i).unwrap_or(u32::MAX));
        let mut applied = 0i128;
        for (_, s) in ledger.payer_settlements(by) {
            check(s.by == by, || {
                format!("credit source #{i}: its chain holds another payer's entry")
            })?;
            applied = applied.saturating_add(s.amount);
        }
        check(applied == fig.applied, || {
            format!(
                "credit source #{i}: applied {} but the journal says {}",
                m(fig.applied),
                m(applied)
            )
        })?;
        let withdrawn = source
            .withdrawals
            .iter()
            .fold(0i128, |acc, (_, x)| acc.saturating_add(*x));
        check(withdrawn == fig.refunded.saturating_add(fig.voided), || {
            format!(
                "credit source #{i}: dated withdrawals do not match what was refunded and voided"
            )
        })?;
        let used = fig
            .applied
            .saturating_add(fig.refunded)
            .saturating_add(fig.voided);
        check(
            source.remaining() >= 0 && used.saturating_add(source.remaining()) == source.original,
            || {
                format!(
                    "credit source #{i}: used {} + remaining {} ≠ original {}",
                    m(used),
                    m(source.remaining()),
                    m(source.original)
                )
            },
        )?;
        check(
            fig.applied >= 0 && fig.refunded >= 0 && fig.voided >= 0 && source.original > 0,
            || format!("credit source #{i}: negative figures"),
        )?;
    }
    Ok(())
}

fn check_currencies(account: &Account, ledger: &Ledger) -> Result<(), Inconsistency> {
    // Every record's currency is one the account records as used, and a
    // code names one currency.
    let used = ledger.currencies();
    let mut codes = used.iter().map(Currency::code);
    // Sorted by code first: a repeated code would be next to itself.
    let mut last = None;
    check(codes.all(|code| last.replace(code) != Some(code)), || {
        "a currency code names two currencies".to_owned()
    })?;
    let records = (ledger.invoices().iter().map(|r| r.currency()))
        .chain(ledger.payments().iter().map(|r| r.currency))
        .chain(ledger.sources().iter().map(|s| s.currency))
        .chain(ledger.series().iter().map(|s| s.currency));
    for currency in records {
        check(used.contains(&currency), || {
            format!("{currency}: used by a record but not among the account's currencies")
        })?;
    }
    for currency in used {
        let mut receivable = 0i128;
        let mut open_invoice = false;
        for record in ledger.invoices() {
            if record.currency() == currency && record.is_payable() {
                if record.fig.written_off_on.is_none() {
                    receivable = receivable.saturating_add(record.fig.due());
                }
                open_invoice |= record.fig.open() > 0;
            }
        }
        let credit = ledger
            .sources()
            .iter()
            .filter(|s| s.currency == currency)
            .fold(0i128, |acc, s| acc.saturating_add(s.remaining()));
        // A sum may exceed what an amount holds (each invoice fits, all of
        // them need not): the balance read is then `overflow`, by design.
        let fits = |minor: i128| Money::from_minor(minor, currency).is_ok();
        let net = receivable.saturating_sub(credit);
        match account.balance(currency) {
            Ok(balance) => {
                check(
                    balance.receivable.minor() == receivable && balance.credit.minor() == credit,
                    || {
                        format!(
                            "{currency}: receivable/credit {}/{} but records say {}/{}",
                            balance.receivable,
                            balance.credit,
                            shown(receivable, currency),
                            shown(credit, currency)
                        )
                    },
                )?;
                check(balance.net_position.minor() == net, || {
                    format!("{currency}: net position ≠ receivable − credit")
                })?;
            }
            Err(Error::Overflow) if !(fits(receivable) && fits(credit) && fits(net)) => {}
            Err(e) => fail(format!("{currency}: balance fails: {e}"))?,
        }
        check(
            !ledger.settings.auto_apply_credit || credit == 0 || !open_invoice,
            || {
                format!(
                    "{currency}: credit {} sits beside open invoices with auto-apply on",
                    shown(credit, currency)
                )
            },
        )?;
    }
    Ok(())
}
