//! Invoice totals: subtotal, discounts, tax per rate, tax and total.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::error::Error;
use crate::error::OrOverflow;
use crate::invoice::{Discount, Invoice, TaxRate};
use crate::money::Money;
use crate::rounding::{RoundingMode, RoundingPolicy, TaxRounding};
use crate::split;

/// The totals of an invoice under a [`RoundingPolicy`].
///
/// How they are computed, line by line:
/// 1. `amount` = quantity × unit price, rounded once to the currency.
/// 2. The line's own discount (an amount, or a percentage of `amount`
///    rounded once) is taken off.
/// 3. The invoice-level discount (an amount, or a percentage of what is
///    left on all lines, rounded once) is spread over the lines in
///    proportion to what is left on each, exactly (largest remainder).
///    Coupons reduce tax; account credit, applied later, does not.
/// 4. Tax for each rate: exclusive tax is `rate × discounted amount`;
///    inclusive tax is split out of the discounted amount, which already
///    contains it (`amount × rate / (100 + sum of the line's rates)`).
///    With [`TaxRounding::PerLine`] each line's exclusive tax per rate is
///    rounded, and each line's inclusive tax is rounded once and spread
///    over its rates; with [`TaxRounding::PerInvoice`] each rate's exact
///    tax over all lines is rounded once and spread back over the lines
///    exactly.
/// 5. `net` is the discounted amount without tax; `total` = `net + tax`.
///    For inclusive lines, `net + tax` is exactly the discounted gross.
///
/// Identities that always hold (the property tests check them):
/// `total = subtotal − discount + exclusive tax`, `total = net + tax`,
/// the per-rate amounts sum to `tax`, the lines sum to the invoice, and
/// every amount is at the currency's scale and at least zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Sum of the line amounts (quantity × unit price, rounded), before any
    /// discount. Includes inclusive tax.
    pub subtotal: Money,
    /// All discounts: line discounts plus the invoice discount.
    pub discount: Money,
    /// The amount without tax, after discounts.
    pub net: Money,
    /// All tax, exclusive and inclusive.
    pub tax: Money,
    /// What the document is for: `net + tax`.
    pub total: Money,
    /// Tax per rate, in order of first appearance on the lines.
    pub taxes: Vec<TaxTotal>,
    /// Per line, in the order of the invoice's lines.
    pub lines: Vec<LineTotals>,
}

impl Totals {
    /// The tax that was added on top of the lines (exclusive rates).
    pub fn exclusive_tax(&self) -> Money {
        self.sum_taxes(false)
    }

    /// The tax that was already inside the lines' prices (inclusive rates).
    pub fn inclusive_tax(&self) -> Money {
        self.sum_taxes(true)
    }

    fn sum_taxes(&self, inclusive: bool) -> Money {
        let minor = self
            .taxes
            .iter()
            .filter(|t| t.rate.inclusive == inclusive)
            .fold(0i128, |acc, t| acc.saturating_add(t.amount.minor()));
        // Never larger than `tax`, which fits.
        Money::from_minor(minor, self.tax.currency()).unwrap_or(self.tax)
    }
}

/// One line's share of the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineTotals {
    /// Quantity × unit price, rounded.
    pub amount: Money,
    /// The line's discount plus its share of the invoice discount.
    pub discount: Money,
    /// The amount without tax, after discounts.
    pub net: Money,
    /// The line's tax, all rates.
    pub tax: Money,
    /// `net + tax`.
    pub total: Money,
    /// The line's tax per rate, in the order of the line's rates.
    pub taxes: Vec<Money>,
}

/// One tax rate's total on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxTotal {
    /// The rate.
    pub rate: TaxRate,
    /// The net amount of the lines that carry this rate.
    pub taxable: Money,
    /// The tax at this rate.
    pub amount: Money,
}

/// A line during computation, in minor units.
struct Work {
    amount: i128,
    discount: i128,
    gross: i128,
    /// Exact tax per rate of the line, in minor units.
    exact: Vec<split::Share>,
    taxes: Vec<i128>,
    inclusive: bool,
}

pub(crate) fn compute(invoice: &Invoice, policy: RoundingPolicy) -> Result<Totals, Error> {
    let currency = invoice.currency();
    let mode = policy.mode;
    let mut work = Vec::with_capacity(invoice.lines().len());
    for (index, line) in invoice.lines().iter().enumerate() {
        let amount =
            Money::rounded_product(line.quantity, line.unit_price, currency, mode)?.minor();
        let discount = discount_minor(line.discount, amount, currency, mode, Some(index))?;
        work.push(Work {
            amount,
            discount,
            gross: amount.checked_sub(discount).or_overflow()?,
            exact: Vec::new(),
            taxes: Vec::new(),
            inclusive: line.taxes.first().is_some_and(|t| t.inclusive),
        });
    }
    spread_invoice_discount(invoice, &mut work, currency, mode)?;

    // Exact tax per line and rate.
    for (w, line) in work.iter_mut().zip(invoice.lines()) {
        let rates_sum = line
            .taxes
            .iter()
            .try_fold(Decimal::ZERO, |acc, t| acc.checked_add(t.percent))
            .or_overflow()?;
        let base = if w.inclusive {
            Decimal::ONE_HUNDRED.checked_add(rates_sum).or_overflow()?
        } else {
            Decimal::ONE_HUNDRED
        };
        let gross = decimal(w.gross)?;
        w.exact = line
            .taxes
            .iter()
            .map(|t| split::share(gross, t.percent, base))
            .collect::<Result<_, _>>()?;
    }

    let rates = distinct_rates(invoice);
    match policy.tax {
        TaxRounding::PerLine => round_per_line(&mut work, mode)?,
        TaxRounding::PerInvoice => round_per_invoice(invoice, &rates, &mut work, mode)?,
    }
    assemble(invoice, &rates, &work, currency)
}

fn decimal(minor: i128) -> Result<Decimal, Error> {
    Decimal::try_from_i128_with_scale(minor, 0).map_err(|_| Error::Overflow)
}

fn sum(values: impl IntoIterator<Item = i128>) -> Result<i128, Error> {
    values
        .into_iter()
        .try_fold(0i128, i128::checked_add)
        .or_overflow()
}

/// The discount in minor units on `base`, checked not to exceed it.
fn discount_minor(
    discount: Option<Discount>,
    base: i128,
    currency: Currency,
    mode: RoundingMode,
    line: Option<usize>,
) -> Result<i128, Error> {
    let minor = match discount {
        None => 0,
        Some(Discount::Amount(amount)) => Money::new(amount, currency)?.minor(),
        Some(Discount::Percent(percent)) => split::round_sum(
            &[split::share(decimal(base)?, percent, Decimal::ONE_HUNDRED)?],
            mode,
        )?,
    };
    if minor > base {
        return Err(Error::DiscountExceedsAmount { line });
    }
    Ok(minor)
}

fn spread_invoice_discount(
    invoice: &Invoice,
    work: &mut [Work],
    currency: Currency,
    mode: RoundingMode,
) -> Result<(), Error> {
    let base = sum(work.iter().map(|w| w.gross))?;
    let discount = discount_minor(invoice.discount(), base, currency, mode, None)?;
    if discount == 0 {
        return Ok(());
    }
    let weights: Vec<i128> = work.iter().map(|w| w.gross).collect();
    let shares = split::by_weights(discount, &weights)?;
    for (w, share) in work.iter_mut().zip(shares) {
        w.discount = w.discount.checked_add(share).or_overflow()?;
        w.gross = w.gross.checked_sub(share).or_overflow()?;
    }
    Ok(())
}

fn round_per_line(work: &mut [Work], mode: RoundingMode) -> Result<(), Error> {
    for w in work {
        w.taxes = if w.inclusive {
            // Round the line's whole inclusive tax once (it can then never
            // exceed the gross), and spread it over the rates.
            split::distribute(split::round_sum(&w.exact, mode)?, &w.exact)?
        } else {
            w.exact
                .iter()
                .map(|e| split::round_sum(std::slice::from_ref(e), mode))
                .collect::<Result<_, _>>()?
        };
    }
    Ok(())
}

fn round_per_invoice(
    invoice: &Invoice,
    rates: &[&TaxRate],
    work: &mut [Work],
    mode: RoundingMode,
) -> Result<(), Error> {
    for w in work.iter_mut() {
        w.taxes = vec![0; w.exact.len()];
    }
    for rate in rates {
        // (line index, position of the rate on the line) for every use.
        let uses: Vec<(usize, usize)> = invoice
            .lines()
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                line.taxes
                    .iter()
                    .position(|t| t.id == rate.id)
                    .map(|k| (i, k))
            })
            .collect();
        let exact: Vec<split::Share> = uses
            .iter()
            .map(|&(i, k)| {
                work.get(i)
                    .and_then(|w| w.exact.get(k))
                    .copied()
                    .unwrap_or_default()
            })
            .collect();
        let mut total = split::round_sum(&exact, mode)?;
        let parts = if rate.inclusive {
            // Inclusive tax can never exceed what is left of a line's gross.
            let caps: Vec<i128> = uses
                .iter()
                .map(|&(i, _)| {
                    work.get(i)
                        .map(|w| {
                            w.gross.saturating_sub(
                                w.taxes.iter().fold(0i128, |a, b| a.saturating_add(*b)),
                            )
                        })
                        .unwrap_or_default()
                })
                .collect();
            total = total.min(sum(caps.iter().copied())?);
            split::distribute_capped(total, &exact, &caps)?
        } else {
            split::distribute(total, &exact)?
        };
        for (&(i, k), part) in uses.iter().zip(parts) {
            if let Some(slot) = work.get_mut(i).and_then(|w| w.taxes.get_mut(k)) {
                *slot = part;
            }
        }
    }
    Ok(())
}

fn distinct_rates(invoice: &Invoice) -> Vec<&TaxRate> {
    let mut rates: Vec<&TaxRate> = Vec::new();
    for rate in invoice.lines().iter().flat_map(|l| &l.taxes) {
        if !rates.iter().any(|r| r.id == rate.id) {
            rates.push(rate);
        }
    }
    rates
}

fn assemble(
    invoice: &Invoice,
    rates: &[&TaxRate],
    work: &[Work],
    currency: Currency,
) -> Result<Totals, Error> {
    let money = |minor: i128| Money::from_minor(minor, currency);
    let mut lines = Vec::with_capacity(work.len());
    let mut per_rate: Vec<(i128, i128)> = vec![(0, 0); rates.len()];
    for (w, line) in work.iter().zip(invoice.lines()) {
        let tax = sum(w.taxes.iter().copied())?;
        let net = if w.inclusive {
            w.gross.checked_sub(tax).or_overflow()?
        } else {
            w.gross
        };
        for (rate, part) in line.taxes.iter().zip(&w.taxes) {
            if let Some((taxable, amount)) = rates
                .iter()
                .position(|r| r.id == rate.id)
                .and_then(|p| per_rate.get_mut(p))
            {
                *taxable = taxable.checked_add(net).or_overflow()?;
                *amount = amount.checked_add(*part).or_overflow()?;
            }
        }
        lines.push(LineTotals {
            amount: money(w.amount)?,
            discount: money(w.discount)?,
            net: money(net)?,
            tax: money(tax)?,
            total: money(net.checked_add(tax).or_overflow()?)?,
            taxes: w
                .taxes
                .iter()
                .map(|t| money(*t))
                .collect::<Result<_, _>>()?,
        });
    }
    let total_of = |f: fn(&LineTotals) -> Money| Money::sum(currency, lines.iter().map(f));
    Ok(Totals {
        subtotal: total_of(|l| l.amount)?,
        discount: total_of(|l| l.discount)?,
        net: total_of(|l| l.net)?,
        tax: total_of(|l| l.tax)?,
        total: total_of(|l| l.total)?,
        taxes: rates
            .iter()
            .zip(per_rate)
            .map(|(rate, (taxable, amount))| {
                Ok(TaxTotal {
                    rate: (*rate).clone(),
                    taxable: money(taxable)?,
                    amount: money(amount)?,
                })
            })
            .collect::<Result<_, Error>>()?,
        lines,
    })
}
