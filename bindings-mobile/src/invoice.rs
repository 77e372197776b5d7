//! Invoice documents (core `invoice.rs`): the record Kotlin and Swift
//! build to issue an invoice or a draft, and get back from
//! `Account.document`.

use billing_core::{Currency, Error};

use crate::values::{code, date, date_text, decimal};

/// The five kinds of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum InvoiceKind {
    /// The first invoice of a recurring series.
    New,
    /// A later invoice of a recurring series.
    Recurring,
    /// An ad-hoc charge.
    OneTimeCharge,
    /// A credit from the provider to the customer.
    Credit,
    /// A reversal of an earlier charge invoice (a credit note).
    Refund,
}

/// A discount on a line or a whole invoice. Kotlin:
/// `Discount.Percent("10")`, `Discount.Amount("5.00")`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum Discount {
    /// A fixed amount in the invoice's currency.
    Amount {
        /// The amount, a decimal string at the currency's scale.
        amount: String,
    },
    /// A percentage from 0 to 100 (`"10"` is 10 %).
    Percent {
        /// The percentage, a decimal string.
        percent: String,
    },
}

/// A tax rate on a line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct TaxRate {
    /// The rate's id, shown on the invoice (`"VAT-20"`).
    pub id: String,
    /// The percentage, a decimal string (`"8.875"`).
    pub percent: String,
    /// Whether the line's amount already includes this tax.
    #[uniffi(default = false)]
    pub inclusive: bool,
}

/// The service period of a line: `start` included, `end` excluded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct ServicePeriod {
    /// The first day of service, `YYYY-MM-DD`.
    pub start: String,
    /// The day after the last day of service.
    pub end: String,
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Line {
    /// What is billed.
    pub description: String,
    /// How many units, a decimal string (`"1"`, `"12.5"`).
    pub quantity: String,
    /// The price of one unit, a decimal string; may carry more decimals
    /// than the currency (`"0.0015"`).
    pub unit_price: String,
    /// A discount on this line.
    #[uniffi(default = None)]
    pub discount: Option<Discount>,
    /// The line's tax rates.
    #[uniffi(default)]
    pub taxes: Vec<TaxRate>,
    /// The service period billed.
    #[uniffi(default = None)]
    pub period: Option<ServicePeriod>,
}

/// An invoice document (what `issueInvoice`, `createDraft` and
/// `updateDraft` take and `document` returns).
///
/// `currency` is a code. A custom currency (not ISO 4217) is named with
/// its `minor_units` the first time; afterwards the code alone finds it in
/// the account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Invoice {
    /// The invoice id.
    pub id: String,
    /// The kind.
    pub kind: InvoiceKind,
    /// The currency code.
    pub currency: String,
    /// The issue date, `YYYY-MM-DD`.
    pub issue_date: String,
    /// The due date, `YYYY-MM-DD`.
    pub due_date: String,
    /// The lines (at least one).
    pub lines: Vec<Line>,
    /// An invoice-level discount.
    #[uniffi(default = None)]
    pub discount: Option<Discount>,
    /// Refund documents only: the charge invoice reversed.
    #[uniffi(default = None)]
    pub refund_of: Option<String>,
    /// Refund documents only: pay the post-payment part back to this
    /// payment instead of adding it to the credit balance.
    #[uniffi(default = None)]
    pub refund_payment: Option<String>,
    /// A custom currency's minor units (null for ISO 4217 currencies and
    /// for custom ones the account already uses).
    #[uniffi(default = None)]
    pub minor_units: Option<u32>,
}

impl Invoice {
    /// The core document, checked as the core checks every document;
    /// `known` looks up a currency code without minor units.
    pub(crate) fn to_core(
        &self,
        known: impl Fn(&str) -> Result<Currency, Error>,
    ) -> Result<billing_core::Invoice, Error> {
        let currency = crate::values::currency(&self.currency, self.minor_units, known)?;
        let mut builder = billing_core::Invoice::builder(
            self.id.as_str(),
            self.kind.into(),
            currency,
            date(&self.issue_date)?,
            date(&self.due_date)?,
        )
        .lines(lines_to_core(&self.lines)?);
        if let Some(discount) = &self.discount {
            builder = builder.discount(discount.to_core()?);
        }
        if let Some(invoice) = &self.refund_of {
            builder = builder.refund_of(invoice.as_str());
        }
        if let Some(payment) = &self.refund_payment {
            builder = builder.refund_to_payment(payment.as_str());
        }
        builder.build()
    }
}

impl From<&billing_core::Invoice> for Invoice {
    fn from(invoice: &billing_core::Invoice) -> Invoice {
        let currency = invoice.currency();
        Invoice {
            id: invoice.id().to_owned(),
            kind: invoice.kind().into(),
            currency: code(currency),
            issue_date: date_text(invoice.issue_date()),
            due_date: date_text(invoice.due_date()),
            lines: invoice.lines().iter().map(Line::from).collect(),
            discount: invoice.discount().map(Discount::from),
            refund_of: invoice.refund_of().map(str::to_owned),
            refund_payment: invoice.refund_payment().map(str::to_owned),
            minor_units: (!currency.is_iso()).then(|| currency.minor_units()),
        }
    }
}

/// Lines in their core form.
pub(crate) fn lines_to_core(lines: &[Line]) -> Result<Vec<billing_core::Line>, Error> {
    lines.iter().map(Line::to_core).collect()
}

impl Line {
    fn to_core(&self) -> Result<billing_core::Line, Error> {
        Ok(billing_core::Line {
            description: self.description.clone(),
            quantity: decimal(&self.quantity)?,
            unit_price: decimal(&self.unit_price)?,
            discount: self.discount.as_ref().map(Discount::to_core).transpose()?,
            taxes: self
                .taxes
                .iter()
                .map(TaxRate::to_core)
                .collect::<Result<_, _>>()?,
            period: self
                .period
                .as_ref()
                .map(|p| {
                    Ok::<_, Error>(billing_core::ServicePeriod {
                        start: date(&p.start)?,
                        end: date(&p.end)?,
                    })
                })
                .transpose()?,
        })
    }
}

impl From<&billing_core::Line> for Line {
    fn from(line: &billing_core::Line) -> Line {
        Line {
            description: line.description.clone(),
            quantity: line.quantity.to_string(),
            unit_price: line.unit_price.to_string(),
            discount: line.discount.map(Discount::from),
            taxes: line.taxes.iter().map(TaxRate::from).collect(),
            period: line.period.map(|p| ServicePeriod {
                start: date_text(p.start),
                end: date_text(p.end),
            }),
        }
    }
}

impl Discount {
    fn to_core(&self) -> Result<billing_core::Discount, Error> {
        Ok(match self {
            Discount::Amount { amount } => billing_core::Discount::Amount(decimal(amount)?),
            Discount::Percent { percent } => billing_core::Discount::Percent(decimal(percent)?),
        })
    }
}

impl From<billing_core::Discount> for Discount {
    fn from(discount: billing_core::Discount) -> Discount {
        match discount {
            billing_core::Discount::Amount(amount) => Discount::Amount {
                amount: amount.to_string(),
            },
            billing_core::Discount::Percent(percent) => Discount::Percent {
                percent: percent.to_string(),
            },
        }
    }
}

impl TaxRate {
    fn to_core(&self) -> Result<billing_core::TaxRate, Error> {
        Ok(billing_core::TaxRate {
            id: self.id.clone(),
            percent: decimal(&self.percent)?,
            inclusive: self.inclusive,
        })
    }
}

impl From<&billing_core::TaxRate> for TaxRate {
    fn from(rate: &billing_core::TaxRate) -> TaxRate {
        TaxRate {
            id: rate.id.clone(),
            percent: rate.percent.to_string(),
            inclusive: rate.inclusive,
        }
    }
}

impl From<billing_core::InvoiceKind> for InvoiceKind {
    fn from(kind: billing_core::InvoiceKind) -> InvoiceKind {
        match kind {
            billing_core::InvoiceKind::New => InvoiceKind::New,
            billing_core::InvoiceKind::Recurring => InvoiceKind::Recurring,
            billing_core::InvoiceKind::OneTimeCharge => InvoiceKind::OneTimeCharge,
            billing_core::InvoiceKind::Credit => InvoiceKind::Credit,
            billing_core::InvoiceKind::Refund => InvoiceKind::Refund,
        }
    }
}

impl From<InvoiceKind> for billing_core::InvoiceKind {
    fn from(kind: InvoiceKind) -> billing_core::InvoiceKind {
        match kind {
            InvoiceKind::New => billing_core::InvoiceKind::New,
            InvoiceKind::Recurring => billing_core::InvoiceKind::Recurring,
            InvoiceKind::OneTimeCharge => billing_core::InvoiceKind::OneTimeCharge,
            InvoiceKind::Credit => billing_core::InvoiceKind::Credit,
            InvoiceKind::Refund => billing_core::InvoiceKind::Refund,
        }
    }
}
