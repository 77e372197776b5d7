//! # billing-core
//!
//! The money side of a customer billing portal, exact to the cent: money
//! and currencies, invoice documents of five kinds with their totals, and
//! an account ledger that takes payments, credit, refunds and voids and
//! keeps every balance exact. The crate is pure: no I/O, no clock, no
//! randomness, no `unsafe`; dates and ids come from the caller. Nothing in
//! it panics on any input: every failure is an [`Error`] with a stable
//! [`code`](Error::code).
//!
//! The meaning of every term (documents, statuses, payments, credit) is
//! fixed in the project's domain notes and followed here; where a choice
//! had to be made, the item's docs say what was decided and why.
//!
//! ## Money
//! [`Money`] is an exact amount at its [`Currency`]'s scale. Currencies are
//! ISO 4217 (minor units from a maintained table) or custom ones with an
//! explicit number of minor units. Arithmetic is checked; more precision
//! than the currency has is an error unless a [`RoundingMode`] is given;
//! splits ([`Money::split`], [`Money::allocate`]) always sum to the whole.
//!
//! ## Documents and totals
//! An [`Invoice`] (new, recurring, one-time charge, credit or refund) has
//! lines with quantities, unit prices, discounts, tax rates (exclusive or
//! inclusive) and service periods. [`Invoice::totals`] computes subtotal,
//! discounts, tax per rate, tax and total under a [`RoundingPolicy`].
//! [`InvoiceStatus`] changes are checked against one table,
//! [`TRANSITIONS`]; a refused change is [`Error::InvalidTransition`].
//!
//! ## The account ledger
//! An [`Account`] takes [`Operation`]s: issuing documents, recording
//! payments (explicit or by [`AllocationStrategy`], pending or succeeded),
//! paying from credit, refunding payments, refund documents, voids,
//! write-offs, moving allocations. Each is applied whole or refused with no
//! change; [`Account::preview`] runs the same code and changes nothing.
//! Every applied operation leaves an [`Entry`] of [`Event`]s in the
//! history; [`Account::replay`] and the JSON snapshot rebuild an identical
//! account. Operations carry idempotency keys and may name the version
//! they expect. The read side: [`InvoiceView`], [`PaymentView`],
//! [`CreditBalance`], [`Balance`]; [`Account::verify`] checks every
//! invariant.
//!
//! ## Around the invoices
//! A [`Series`] bills plan lines every [`Cycle`] (days, weeks, months,
//! years; month ends clamp and come back), prorating partial periods by
//! days exactly; [`BillSeries`] issues what is due. [`PaymentMethod`]s are
//! references only: card numbers and security codes are refused in every
//! field. As of any date an account gives its [`BillingSummary`],
//! [`Aging`], [`Statement`] and automatic-charge [`ChargePlan`].
//!
//! ## JSON
//! Every value type has a stable JSON form (amounts as strings, dates as
//! `YYYY-MM-DD`); documents and accounts travel in a versioned envelope
//! ([`json`]).
//!
//! # Example
//! ```
//! use billing_core::{
//!     Account, Currency, Discount, Invoice, InvoiceKind, InvoiceStatus, IssueInvoice, Line, Money,
//!     RecordPayment, RefundPayment, TaxRate, json, parse_date, parse_decimal,
//! };
//!
//! let usd = Currency::iso("USD")?;
//! let sales_tax = TaxRate::exclusive("CA", parse_decimal("8.875")?);
//! let invoice = Invoice::builder("INV-1001", InvoiceKind::Recurring, usd,
//!         parse_date("2026-01-01")?, parse_date("2026-01-31")?)
//!     .line(Line::new("Pro plan", parse_decimal("1")?, parse_decimal("49.00")?).tax(sales_tax.clone()))
//!     .line(Line::new("API calls", parse_decimal("12345")?, parse_decimal("0.0015")?).tax(sales_tax))
//!     .discount(Discount::Percent(parse_decimal("10")?))
//!     .build()?;
//! assert_eq!(invoice.totals(Default::default())?.total.to_string(), "66.16 USD");
//!
//! let mut account = Account::new("acme", Default::default())?;
//! account.execute(IssueInvoice { invoice: invoice.into() })?;
//!
//! // A partial payment, then what the portal shows.
//! let pay = RecordPayment::new("PAY-1", Money::parse("40.00", usd)?, parse_date("2026-01-20")?);
//! account.execute(pay)?;
//! let view = account.invoice("INV-1001")?;
//! assert_eq!(view.amounts.status, InvoiceStatus::PartiallyPaid);
//! assert_eq!(view.amounts.due.to_string(), "26.16 USD");
//! assert!(view.is_overdue(parse_date("2026-02-01")?));
//!
//! // Money back: the invoice is due again; every amount is exact.
//! account.execute(RefundPayment {
//!     refund: "RF-1".into(), payment: "PAY-1".into(),
//!     amount: parse_decimal("10.00")?, date: parse_date("2026-01-25")?,
//! })?;
//! assert_eq!(account.invoice("INV-1001")?.amounts.due.to_string(), "36.16 USD");
//! account.verify().expect("invariants hold");
//!
//! // The versioned JSON snapshot loads back to an identical account.
//! let text = json::to_document(&account)?;
//! assert_eq!(json::from_document::<Account>(&text)?, account);
//! # Ok::<(), billing_core::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod account;
pub mod api;
mod currency;
mod cycle;
mod date;
mod decimal;
mod error;
mod event;
mod invoice;
pub mod json;
mod ledger;
mod method;
mod money;
mod operation;
mod report;
mod rounding;
mod series;
mod split;
mod status;
mod tagged;
mod totals;
mod verify;
mod view;

pub use account::{Account, BatchError, Entry, Outcome};
pub use currency::{Currency, MAX_CODE_LEN, MAX_MINOR_UNITS};
pub use cycle::{Cycle, CycleUnit};
pub use date::parse_date;
pub use decimal::parse_decimal;
pub use error::{ERROR_CODES, Error, ErrorKind};
pub use event::Event;
pub use invoice::{
    Discount, Invoice, InvoiceBuilder, InvoiceKind, Line, MAX_ID_CHARS, MAX_LINES, MAX_TEXT_CHARS,
    ServicePeriod, TaxRate,
};
pub use ledger::{AccountSettings, PaymentState};
pub use method::{CardExpiry, MethodKind, PaymentMethod, refuse_card_data};
pub use money::{MAX_MINOR, MAX_PARTS, Money};
pub use operation::{
    AddPaymentMethod, AddSeries, Allocation, AllocationRequest, AllocationStrategy,
    ApplyAvailableCredit, ApplyCredit, BillSeries, CreateDraft, DeleteDraft, EndSeries,
    FailPayment, IssueDraft, IssueInvoice, MarkUncollectible, MoveAllocation, Operation,
    OverpaymentPolicy, RecordPayment, RefundPayment, RemovePaymentMethod, SetDefaultPaymentMethod,
    SettlePayment, UpdateDraft, UpdateSettings, VoidInvoice,
};
pub use report::{
    AgedInvoice, Aging, AgingBucket, BillingSummary, ChargePlan, PlannedCharge, SkipReason,
    SkippedCharge, Statement, StatementLine, StatementLineKind,
};
pub use rounding::{RoundingMode, RoundingPolicy, TaxRounding};
pub use series::{
    BillingPeriod, MAX_BILLED_LINES, MAX_BILLED_PERIODS, MAX_DUE_DAYS, PRORATION_NOTE_CHARS, Series,
};
pub use status::{DocumentClass, InvoiceStatus, TRANSITIONS, Transition};
pub use totals::{LineTotals, TaxTotal, Totals};
pub use verify::Inconsistency;
pub use view::{
    AllocationView, Balance, CreditBalance, CreditOrigin, CreditSourceView, InvoiceAmounts,
    InvoiceChange, InvoiceView, PaymentView, RefundView,
};

/// Re-exported so callers use the same decimal and date types.
pub use chrono::NaiveDate;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
/// Re-exported so callers use the same decimal and date types.
pub use rust_decimal::Decimal;
