//! Typed operation helpers (core `operation.rs`): one method per
//! operation, with named arguments and defaults. Each builds the core
//! operation from host values (amounts and dates parsed here, so bad text
//! raises the typed exception) and executes it.
//!
//! The operation's `date` is optional: left out, it is today's date (local)
//! from the host clock. Every helper also takes `expected_version`
//! (optimistic concurrency: the operation runs only at that version).

use std::sync::Arc;

use billing_core::{Error, Operation};

use crate::account::Account;
use crate::errors::Result;
use crate::invoice::Invoice;
use crate::ledger::AccountSettings;
use crate::method::PaymentMethod;
use crate::outcome::Outcome;
use crate::series::Series;
use crate::values::{date, date_or_today, decimal, decimal_opt};

/// How a payment is allocated to open invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum AllocationStrategy {
    /// Oldest due date first (the default).
    OldestDueFirst,
    /// Oldest issue date first.
    OldestIssuedFirst,
    /// An invoice whose open amount (due less what pending payments hold)
    /// equals the payment first, then oldest due first.
    ExactMatchFirst,
    /// In proportion to what is due on each.
    Proportional,
}

/// Part of a payment for one invoice, in an explicit allocation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct AllocationRequest {
    /// The invoice id.
    pub invoice: String,
    /// The amount, a decimal string.
    pub amount: String,
}

/// How a payment is allocated: by a strategy, or explicitly. Kotlin:
/// `Allocation.Strategy(AllocationStrategy.PROPORTIONAL)`,
/// `Allocation.Explicit(listOf(AllocationRequest("INV-1", "50.00")))`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Allocation {
    /// By a strategy.
    Strategy {
        /// The strategy.
        strategy: AllocationStrategy,
    },
    /// Explicitly, per invoice.
    Explicit {
        /// The parts.
        parts: Vec<AllocationRequest>,
    },
}

/// What happens to money left over after allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum OverpaymentPolicy {
    /// It becomes credit (the default).
    Credit,
    /// The payment is refused (`overpayment`).
    Refuse,
}

/// The arguments of `record_payment` and `preview_payment`.
struct PaymentArgs {
    payment: String,
    amount: String,
    currency: String,
    date: Option<String>,
    method: Option<String>,
    pending: bool,
    allocation: Option<Allocation>,
    overpayment: Option<OverpaymentPolicy>,
}

impl PaymentArgs {
    fn operation(self, account: &billing_core::Account) -> Result<Operation, Error> {
        let allocation = match self.allocation {
            None => billing_core::Allocation::default(),
            Some(Allocation::Strategy { strategy }) => {
                billing_core::Allocation::Strategy(match strategy {
                    AllocationStrategy::OldestDueFirst => {
                        billing_core::AllocationStrategy::OldestDueFirst
                    }
                    AllocationStrategy::OldestIssuedFirst => {
                        billing_core::AllocationStrategy::OldestIssuedFirst
                    }
                    AllocationStrategy::ExactMatchFirst => {
                        billing_core::AllocationStrategy::ExactMatchFirst
                    }
                    AllocationStrategy::Proportional => {
                        billing_core::AllocationStrategy::Proportional
                    }
                })
            }
            Some(Allocation::Explicit { parts }) => billing_core::Allocation::Explicit(
                parts
                    .into_iter()
                    .map(|p| {
                        Ok(billing_core::AllocationRequest {
                            amount: decimal(&p.amount)?,
                            invoice: p.invoice,
                        })
                    })
                    .collect::<Result<_, Error>>()?,
            ),
        };
        Ok(billing_core::RecordPayment {
            amount: decimal(&self.amount)?,
            currency: account.currency(&self.currency)?,
            date: date_or_today(self.date)?,
            payment: self.payment,
            method: self.method,
            pending: self.pending,
            allocation,
            overpayment: match self.overpayment {
                None => billing_core::OverpaymentPolicy::default(),
                Some(OverpaymentPolicy::Credit) => billing_core::OverpaymentPolicy::Credit,
                Some(OverpaymentPolicy::Refuse) => billing_core::OverpaymentPolicy::Refuse,
            },
        }
        .into())
    }
}

#[uniffi::export]
impl Account {
    /// Creates a draft invoice (`create_draft`).
    ///
    /// # Errors
    /// The document's errors (`invalid_decimal`, `invalid_date`,
    /// `no_lines`, ...), `duplicate_invoice`, and every error of the
    /// operation.
    #[uniffi::method(default(expected_version = None))]
    pub fn create_draft(&self, invoice: Invoice, expected_version: Option<u64>) -> Result<Outcome> {
        self.run(expected_version, |account| {
            let invoice = Arc::new(invoice.to_core(|c| account.currency(c))?);
            Ok(billing_core::CreateDraft { invoice }.into())
        })
    }

    /// Replaces a draft's document (`update_draft`, same id).
    ///
    /// # Errors
    /// As `create_draft`; `invoice_not_draft`.
    #[uniffi::method(default(expected_version = None))]
    pub fn update_draft(&self, invoice: Invoice, expected_version: Option<u64>) -> Result<Outcome> {
        self.run(expected_version, |account| {
            let invoice = Arc::new(invoice.to_core(|c| account.currency(c))?);
            Ok(billing_core::UpdateDraft { invoice }.into())
        })
    }

    /// Deletes a draft (`delete_draft`).
    ///
    /// # Errors
    /// `unknown_invoice`, `invoice_not_draft`, `invalid_date`.
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn delete_draft(
        &self,
        invoice: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::DeleteDraft { invoice, date }.into())
        })
    }

    /// Issues a draft (`issue_draft`). The document keeps its issue date,
    /// and reports count the invoice from that date.
    ///
    /// # Errors
    /// `unknown_invoice`, `invoice_not_draft`, `invalid_date`;
    /// `idempotency_conflict` for an invoice issued directly with
    /// `issueInvoice` (issuing shares one idempotency key, `issue:<id>`).
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn issue_draft(
        &self,
        invoice: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::IssueDraft { invoice, date }.into())
        })
    }

    /// Creates and issues an invoice in one step (`issue_invoice`); its
    /// date is the document's issue date.
    ///
    /// # Errors
    /// As `create_draft`.
    #[uniffi::method(default(expected_version = None))]
    pub fn issue_invoice(
        &self,
        invoice: Invoice,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        self.run(expected_version, |account| {
            let invoice = Arc::new(invoice.to_core(|c| account.currency(c))?);
            Ok(billing_core::IssueInvoice { invoice }.into())
        })
    }

    /// Records a payment (`record_payment`): allocated by `allocation`
    /// (default: oldest due first), money left over becomes credit unless
    /// `overpayment` is `REFUSE`; `pending` payments hold what is due
    /// until settled or failed.
    ///
    /// # Errors
    /// `invalid_decimal`, `scale_exceeded`, `unknown_currency`,
    /// `invalid_date`, `non_positive_amount`, `overpayment`,
    /// `allocation_exceeds_due`, ...
    #[uniffi::method(default(
        date = None,
        method = None,
        pending = false,
        allocation = None,
        overpayment = None,
        expected_version = None
    ))]
    #[allow(clippy::too_many_arguments)] // Kotlin/Swift named arguments with defaults
    pub fn record_payment(
        &self,
        payment: String,
        amount: String,
        currency: String,
        date: Option<String>,
        method: Option<String>,
        pending: bool,
        allocation: Option<Allocation>,
        overpayment: Option<OverpaymentPolicy>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let args = PaymentArgs {
            payment,
            amount,
            currency,
            date,
            method,
            pending,
            allocation,
            overpayment,
        };
        self.run(expected_version, |account| args.operation(account))
    }

    /// Previews a payment: what `record_payment`
    /// would do with the same arguments, changing nothing.
    ///
    /// # Errors
    /// Exactly those `record_payment` would raise.
    #[uniffi::method(default(
        date = None,
        method = None,
        pending = false,
        allocation = None,
        overpayment = None
    ))]
    #[allow(clippy::too_many_arguments)] // Kotlin/Swift named arguments with defaults
    pub fn preview_payment(
        &self,
        payment: String,
        amount: String,
        currency: String,
        date: Option<String>,
        method: Option<String>,
        pending: bool,
        allocation: Option<Allocation>,
        overpayment: Option<OverpaymentPolicy>,
    ) -> Result<Outcome> {
        let args = PaymentArgs {
            payment,
            amount,
            currency,
            date,
            method,
            pending,
            allocation,
            overpayment,
        };
        self.run_preview(|account| args.operation(account))
    }

    /// Settles a pending payment (`settle_payment`).
    ///
    /// # Errors
    /// `unknown_payment`, `payment_not_pending`, `invalid_date`.
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn settle_payment(
        &self,
        payment: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::SettlePayment { payment, date }.into())
        })
    }

    /// Fails a pending payment (`fail_payment`): its allocations are
    /// removed.
    ///
    /// # Errors
    /// `unknown_payment`, `payment_not_pending`, `invalid_date`.
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn fail_payment(
        &self,
        payment: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::FailPayment { payment, date }.into())
        })
    }

    /// Pays an invoice from the credit balance (`apply_credit`); without
    /// an amount, as much as possible.
    ///
    /// # Errors
    /// `invalid_decimal`, `unknown_invoice`, `insufficient_credit`, ...
    #[uniffi::method(default(amount = None, date = None, expected_version = None))]
    pub fn apply_credit(
        &self,
        id: String,
        invoice: String,
        amount: Option<String>,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let amount = decimal_opt(amount)?;
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::ApplyCredit {
                id,
                invoice,
                amount,
                date,
            }
            .into())
        })
    }

    /// Applies the available credit of a currency to its open invoices,
    /// oldest due first (`apply_available_credit`).
    ///
    /// # Errors
    /// `unknown_currency`, `invalid_date`.
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn apply_available_credit(
        &self,
        id: String,
        currency: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |account| {
            Ok(billing_core::ApplyAvailableCredit {
                id,
                currency: account.currency(&currency)?,
                date,
            }
            .into())
        })
    }

    /// Refunds part or all of a payment (`refund_payment`).
    ///
    /// # Errors
    /// `invalid_decimal`, `unknown_payment`, `payment_not_succeeded`,
    /// `refund_exceeds_refundable`, ...
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn refund_payment(
        &self,
        refund: String,
        payment: String,
        amount: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let amount = decimal(&amount)?;
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::RefundPayment {
                refund,
                payment,
                amount,
                date,
            }
            .into())
        })
    }

    /// Voids an invoice (`void_invoice`).
    ///
    /// # Errors
    /// `unknown_invoice`, `invoice_has_payments`, `invalid_transition`, ...
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn void_invoice(
        &self,
        invoice: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::VoidInvoice { invoice, date }.into())
        })
    }

    /// Writes an invoice off (`mark_uncollectible`); it stays payable.
    ///
    /// # Errors
    /// `unknown_invoice`, `invalid_transition`, ...
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn mark_uncollectible(
        &self,
        invoice: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::MarkUncollectible { invoice, date }.into())
        })
    }

    /// Moves part or all (no amount) of a payment's allocation from one
    /// invoice to another (`move_allocation`).
    ///
    /// # Errors
    /// `invalid_decimal`, `same_invoice`, `allocation_exceeds_allocated`,
    /// `allocation_exceeds_due`, ...
    #[uniffi::method(default(amount = None, date = None, expected_version = None))]
    #[allow(clippy::too_many_arguments)] // Kotlin/Swift named arguments with defaults
    pub fn move_allocation(
        &self,
        id: String,
        payment: String,
        from_invoice: String,
        to_invoice: String,
        amount: Option<String>,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let amount = decimal_opt(amount)?;
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::MoveAllocation {
                id,
                payment,
                from: from_invoice,
                to: to_invoice,
                amount,
                date,
            }
            .into())
        })
    }

    /// Replaces the account's settings whole (`update_settings`): to change
    /// one, pass `settings().copy(...)`; a null `rounding` is the default
    /// policy.
    ///
    /// # Errors
    /// `invalid_date`.
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn update_settings(
        &self,
        settings: AccountSettings,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::UpdateSettings {
                settings: settings.into(),
                date,
            }
            .into())
        })
    }

    /// Adds a payment method (`add_payment_method`); the first one added,
    /// or one added with `as_default` (Kotlin: `default`), becomes the
    /// default.
    ///
    /// # Errors
    /// `card_data_refused`, `invalid_payment_method`,
    /// `duplicate_payment_method`, `invalid_date`.
    #[uniffi::method(default(as_default = false, date = None, expected_version = None))]
    pub fn add_payment_method(
        &self,
        method: PaymentMethod,
        as_default: bool,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::AddPaymentMethod {
                method: method.into(),
                default: as_default,
                date,
            }
            .into())
        })
    }

    /// Removes a payment method (`remove_payment_method`).
    ///
    /// # Errors
    /// `unknown_payment_method`, `invalid_date`.
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn remove_payment_method(
        &self,
        method: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::RemovePaymentMethod { method, date }.into())
        })
    }

    /// Makes a payment method the default (`set_default_payment_method`).
    ///
    /// # Errors
    /// `unknown_payment_method`, `invalid_date`.
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn set_default_payment_method(
        &self,
        method: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::SetDefaultPaymentMethod { method, date }.into())
        })
    }

    /// Adds a recurring series (`add_series`).
    ///
    /// # Errors
    /// `invalid_cycle`, `invalid_series_dates`, `duplicate_series`, the
    /// lines' errors, `invalid_date`.
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn add_series(
        &self,
        series: Series,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let date = date_or_today(date)?;
        self.run(expected_version, |account| {
            let series = Arc::new(series.to_core(|c| account.currency(c))?);
            Ok(billing_core::AddSeries { series, date }.into())
        })
    }

    /// Ends a series on `end` (the day after its last day of service)
    /// (`end_series`). A period cut short and billed after this is
    /// prorated; one already billed stays billed in full (to give the
    /// unused days back, issue a refund document of that invoice).
    ///
    /// # Errors
    /// `unknown_series`, `invalid_series_dates`, `invalid_date`.
    #[uniffi::method(default(date = None, expected_version = None))]
    pub fn end_series(
        &self,
        series: String,
        end: String,
        date: Option<String>,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let end = crate::values::date(&end)?;
        let date = date_or_today(date)?;
        self.run(expected_version, |_| {
            Ok(billing_core::EndSeries { series, end, date }.into())
        })
    }

    /// Issues every invoice of a series due through `through` (also the
    /// operation's date) (`bill_series`). Reports count each invoice from
    /// its own issue date.
    ///
    /// # Errors
    /// `unknown_series`, `invalid_date`, `too_many_periods`,
    /// `date_out_of_range` (an invoice dated past the year 9999).
    #[uniffi::method(default(expected_version = None))]
    pub fn bill_series(
        &self,
        series: String,
        through: String,
        expected_version: Option<u64>,
    ) -> Result<Outcome> {
        let through = date(&through)?;
        self.run(expected_version, |_| {
            Ok(billing_core::BillSeries { series, through }.into())
        })
    }
}
