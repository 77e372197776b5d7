//! Outcomes (core `account.rs`'s `Outcome`): what an operation did, or
//! from a preview would do.

use billing_core::{Error, json};
use serde_json::Value;

use crate::values::{amount, code};
use crate::view::InvoiceChange;

/// What an operation did (or, from a preview, would do).
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Outcome {
    /// The account version the operation produced.
    pub version: u64,
    /// The operation, in its JSON form (as stored in the history).
    pub operation_json: String,
    /// Its events, in order.
    pub events: Vec<Event>,
    /// Every invoice touched, before and after, in the order first
    /// touched.
    pub invoices: Vec<InvoiceChange>,
    /// Payment allocations made, in order.
    pub allocations: Vec<PaymentAllocation>,
    /// Credit created, in order.
    pub credit_created: Vec<CreditCreated>,
    /// Credit applied to invoices, in order.
    pub credit_applied: Vec<CreditApplied>,
}

/// One event: its name (`"payment_allocated"`) and JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Event {
    /// The event name, such as `"payment_recorded"`.
    pub name: String,
    /// The event's JSON form (`docs/json-format.md`, "Events").
    pub json: String,
}

/// Part of a payment allocated to an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct PaymentAllocation {
    /// The payment id.
    pub payment: String,
    /// The invoice id.
    pub invoice: String,
    /// The amount.
    pub amount: String,
    /// The currency code.
    pub currency: String,
}

/// Credit created.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct CreditCreated {
    /// The credit source's number.
    pub source: u32,
    /// The amount.
    pub amount: String,
    /// The currency code.
    pub currency: String,
}

/// Credit applied to an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct CreditApplied {
    /// The credit source's number.
    pub source: u32,
    /// The invoice id.
    pub invoice: String,
    /// The amount.
    pub amount: String,
    /// The currency code.
    pub currency: String,
}

impl TryFrom<&billing_core::Outcome> for Outcome {
    type Error = Error;

    fn try_from(outcome: &billing_core::Outcome) -> Result<Outcome, Error> {
        Ok(Outcome {
            version: outcome.version(),
            operation_json: json::to_string(&outcome.entry().operation)?,
            events: outcome
                .events()
                .iter()
                .map(Event::try_from)
                .collect::<Result<_, _>>()?,
            invoices: outcome
                .invoices()
                .into_iter()
                .map(InvoiceChange::from)
                .collect(),
            allocations: outcome
                .allocations()
                .into_iter()
                .map(|(payment, invoice, money)| PaymentAllocation {
                    payment: payment.to_owned(),
                    invoice: invoice.to_owned(),
                    amount: amount(money),
                    currency: code(money.currency()),
                })
                .collect(),
            credit_created: outcome
                .credit_created()
                .into_iter()
                .map(|(source, money)| CreditCreated {
                    source,
                    amount: amount(money),
                    currency: code(money.currency()),
                })
                .collect(),
            credit_applied: outcome
                .credit_applied()
                .into_iter()
                .map(|(source, invoice, money)| CreditApplied {
                    source,
                    invoice: invoice.to_owned(),
                    amount: amount(money),
                    currency: code(money.currency()),
                })
                .collect(),
        })
    }
}

impl TryFrom<&billing_core::Event> for Event {
    type Error = Error;

    fn try_from(event: &billing_core::Event) -> Result<Event, Error> {
        let json = json::to_string(event)?;
        let name = serde_json::from_str::<Value>(&json)
            .ok()
            .and_then(|v| v.get("event").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        Ok(Event { name, json })
    }
}
