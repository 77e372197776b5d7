//! # billing-core
//!
//! The money side of a customer billing portal, exact to the cent: money
//! and currencies, invoice documents of five kinds with their totals, and
//! the status machine of invoices. The crate is pure: no I/O, no clock, no
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
//!
//! ## Statuses
//! [`InvoiceStatus`] changes are checked against one table,
//! [`TRANSITIONS`]; a refused change is [`Error::InvalidTransition`].
//!
//! ## JSON
//! Every value type has a stable JSON form (amounts as strings, dates as
//! `YYYY-MM-DD`); documents travel in a versioned envelope ([`json`]).
//!
//! # Example
//! ```
//! use billing_core::{
//!     Currency, Discount, Invoice, InvoiceKind, Line, RoundingPolicy, TaxRate, json,
//! };
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//!
//! let usd = Currency::iso("USD")?;
//! let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
//! let sales_tax = TaxRate::exclusive("CA", "8.875".parse().unwrap());
//!
//! let invoice = Invoice::builder("INV-1001", InvoiceKind::Recurring, usd, day(1), day(31))
//!     .line(Line::new("Pro plan", Decimal::ONE, "49.00".parse().unwrap()).tax(sales_tax.clone()))
//!     .line(
//!         Line::new("API calls", Decimal::from(12_345), "0.0015".parse().unwrap())
//!             .tax(sales_tax),
//!     )
//!     .discount(Discount::Percent(Decimal::TEN))
//!     .build()?;
//!
//! let totals = invoice.totals(RoundingPolicy::default())?;
//! assert_eq!(totals.subtotal.to_string(), "67.52 USD"); // 49.00 + 18.5175 rounded
//! assert_eq!(totals.discount.to_string(), "6.75 USD");
//! assert_eq!(totals.tax.to_string(), "5.39 USD");
//! assert_eq!(totals.total.to_string(), "66.16 USD");
//!
//! // The versioned JSON form reads back to the same invoice.
//! let text = json::to_document(&invoice)?;
//! assert_eq!(json::from_document::<Invoice>(&text)?, invoice);
//! # Ok::<(), billing_core::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod account;
mod currency;
mod date;
mod decimal;
mod error;
mod event;
mod invoice;
pub mod json;
mod ledger;
mod money;
mod operation;
mod rounding;
mod split;
mod status;
mod totals;
mod verify;
mod view;

pub use account::{Account, Entry, Outcome};
pub use currency::{Currency, MAX_CODE_LEN, MAX_MINOR_UNITS};
pub use date::parse_date;
pub use decimal::parse_decimal;
pub use error::{ERROR_CODES, Error, ErrorKind};
pub use event::Event;
pub use invoice::{Discount, Invoice, InvoiceBuilder, InvoiceKind, Line, ServicePeriod, TaxRate};
pub use ledger::{AccountSettings, PaymentState};
pub use money::{MAX_MINOR, Money};
pub use operation::{
    Allocation, AllocationRequest, AllocationStrategy, ApplyAvailableCredit, ApplyCredit,
    CreateDraft, DeleteDraft, FailPayment, IssueDraft, IssueInvoice, MarkUncollectible,
    MoveAllocation, Operation, OverpaymentPolicy, RecordPayment, RefundPayment, SettlePayment,
    UpdateDraft, UpdateSettings, VoidInvoice,
};
pub use rounding::{RoundingMode, RoundingPolicy, TaxRounding};
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
