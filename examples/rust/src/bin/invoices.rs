//! Builds one invoice of each kind, in three currencies, and prints their
//! totals under both tax-rounding policies.
//!
//! Run: `cargo run -p billing-examples --bin invoices`
#![allow(clippy::print_stdout)]

use billing_core::{
    Currency, Decimal, Discount, Error, Invoice, InvoiceKind, Line, NaiveDate, RoundingPolicy,
    TaxRate, TaxRounding, Totals, parse_decimal,
};

fn main() -> Result<(), Error> {
    let invoices = sample_invoices()?;
    for policy in [
        RoundingPolicy::default(),
        RoundingPolicy {
            tax: TaxRounding::PerInvoice,
            ..RoundingPolicy::default()
        },
    ] {
        println!("== tax rounded {:?}, {:?} ==\n", policy.tax, policy.mode);
        for invoice in &invoices {
            print_invoice(invoice, &invoice.totals(policy)?);
        }
    }
    Ok(())
}

fn dec(text: &str) -> Result<Decimal, Error> {
    parse_decimal(text)
}

fn date(text: &str) -> Result<NaiveDate, Error> {
    billing_core::parse_date(text)
}

fn sample_invoices() -> Result<Vec<Invoice>, Error> {
    let usd = Currency::iso("USD")?;
    let eur = Currency::iso("EUR")?;
    let jpy = Currency::iso("JPY")?;
    let sales_tax = TaxRate::exclusive("US-CA 8.875%", dec("8.875")?);
    let vat = TaxRate::inclusive("DE VAT 19%", dec("19")?);
    let jct = TaxRate::exclusive("JP JCT 10%", dec("10")?);

    Ok(vec![
        Invoice::builder(
            "INV-1001",
            InvoiceKind::New,
            usd,
            date("2026-01-01")?,
            date("2026-01-31")?,
        )
        .line(Line::new("Set-up fee", Decimal::ONE, dec("99.00")?).tax(sales_tax.clone()))
        .line(
            Line::new("Pro plan, January", Decimal::ONE, dec("49.00")?)
                .tax(sales_tax.clone())
                .period(date("2026-01-01")?, date("2026-02-01")?),
        )
        .discount(Discount::Percent(dec("10")?))
        .build()?,
        Invoice::builder(
            "INV-1002",
            InvoiceKind::Recurring,
            usd,
            date("2026-02-01")?,
            date("2026-02-28")?,
        )
        .line(
            Line::new("Pro plan, February", Decimal::ONE, dec("49.00")?)
                .tax(sales_tax.clone())
                .period(date("2026-02-01")?, date("2026-03-01")?),
        )
        .line(Line::new("API calls", dec("12345")?, dec("0.0015")?).tax(sales_tax.clone()))
        .line(Line::new("Storage GB-months", dec("0.333")?, dec("0.10")?).tax(sales_tax))
        .build()?,
        Invoice::builder(
            "RE-2026-17",
            InvoiceKind::OneTimeCharge,
            eur,
            date("2026-02-10")?,
            date("2026-03-10")?,
        )
        .line(Line::new("Hardware token", dec("3")?, dec("29.99")?).tax(vat.clone()))
        .line(
            Line::new("On-site support (hours)", dec("2.5")?, dec("119.00")?)
                .discount(Discount::Amount(dec("20.00")?))
                .tax(vat),
        )
        .build()?,
        Invoice::builder(
            "CR-5",
            InvoiceKind::Credit,
            jpy,
            date("2026-02-15")?,
            date("2026-02-15")?,
        )
        .line(Line::new("SLA credit: 3 h outage", Decimal::ONE, dec("1500")?).tax(jct.clone()))
        .build()?,
        Invoice::builder(
            "RF-9",
            InvoiceKind::Refund,
            usd,
            date("2026-02-20")?,
            date("2026-02-20")?,
        )
        .refund_of("INV-1001")
        .line(Line::new(
            "Refund of set-up fee",
            Decimal::ONE,
            dec("99.00")?,
        ))
        .build()?,
    ])
}

fn print_invoice(invoice: &Invoice, totals: &Totals) {
    let refund = invoice
        .refund_of()
        .map(|id| format!(" (reverses {id})"))
        .unwrap_or_default();
    println!(
        "{} · {}{} · {} · issued {} · due {}",
        invoice.id(),
        invoice.kind().as_str(),
        refund,
        invoice.currency(),
        invoice.issue_date(),
        invoice.due_date()
    );
    for (line, t) in invoice.lines().iter().zip(&totals.lines) {
        println!(
            "  {:<28} {:>8} × {:>8}  {:>10}  disc {:>8}  tax {:>8}  {:>10}",
            line.description,
            line.quantity.to_string(),
            line.unit_price.to_string(),
            t.amount.amount().to_string(),
            t.discount.amount().to_string(),
            t.tax.amount().to_string(),
            t.total.amount().to_string()
        );
    }
    let row = |label: &str, value: String| println!("  {label:>78} {value:>12}");
    row("subtotal", totals.subtotal.amount().to_string());
    if !totals.discount.is_zero() {
        row("discount", format!("-{}", totals.discount.amount()));
    }
    for tax in &totals.taxes {
        let label = if tax.rate.inclusive { "incl." } else { "tax" };
        row(
            &format!("{label} {}", tax.rate.id),
            tax.amount.amount().to_string(),
        );
    }
    row("total", totals.total.to_string());
    println!();
}
