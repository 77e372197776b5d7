//! Invoice totals (core `totals.rs`).

use crate::invoice::TaxRate;
use crate::values::{amount, code};

/// The totals of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Totals {
    /// The currency code.
    pub currency: String,
    /// Sum of the line amounts, before discounts.
    pub subtotal: String,
    /// All discounts.
    pub discount: String,
    /// The amount without tax, after discounts.
    pub net: String,
    /// All tax.
    pub tax: String,
    /// `net + tax`.
    pub total: String,
    /// Tax per rate, in order of first appearance.
    pub taxes: Vec<TaxTotal>,
    /// Per line.
    pub lines: Vec<LineTotals>,
}

/// One tax rate's total on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct TaxTotal {
    /// The rate.
    pub rate: TaxRate,
    /// The net amount of the lines that carry it.
    pub taxable: String,
    /// The tax at this rate.
    pub amount: String,
}

/// One line's share of the totals.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct LineTotals {
    /// Quantity × unit price, rounded.
    pub amount: String,
    /// The line's discount plus its share of the invoice discount.
    pub discount: String,
    /// After discounts, without tax.
    pub net: String,
    /// The line's tax.
    pub tax: String,
    /// `net + tax`.
    pub total: String,
    /// The line's tax per rate, in the order of its rates.
    pub taxes: Vec<String>,
}

impl From<billing_core::Totals> for Totals {
    fn from(t: billing_core::Totals) -> Totals {
        Totals {
            currency: code(t.total.currency()),
            subtotal: amount(t.subtotal),
            discount: amount(t.discount),
            net: amount(t.net),
            tax: amount(t.tax),
            total: amount(t.total),
            taxes: t
                .taxes
                .iter()
                .map(|tax| TaxTotal {
                    rate: TaxRate::from(&tax.rate),
                    taxable: amount(tax.taxable),
                    amount: amount(tax.amount),
                })
                .collect(),
            lines: t
                .lines
                .into_iter()
                .map(|l| LineTotals {
                    amount: amount(l.amount),
                    discount: amount(l.discount),
                    net: amount(l.net),
                    tax: amount(l.tax),
                    total: amount(l.total),
                    taxes: l.taxes.into_iter().map(amount).collect(),
                })
                .collect(),
        }
    }
}
