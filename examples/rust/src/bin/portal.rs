//! A walk through a customer portal's flows on one account: invoices of
//! each kind (new, recurring, one-time charge, credit note, refund), a
//! partial payment, a payment over several invoices (previewed first), an
//! overpayment that becomes credit, paying an invoice from credit, a refund
//! after a partial payment, a void, and what the portal's summary, aging
//! and statement then show.
//!
//! Run: `cargo run -p billing-examples --bin portal`
#![allow(clippy::print_stdout)]

use std::sync::Arc;

use billing_core::{
    Account, AccountSettings, ApplyCredit, Currency, Error, Invoice, InvoiceKind, InvoiceStatus,
    IssueInvoice, Line, Money, NaiveDate, Outcome, RecordPayment, RefundPayment, TaxRate,
    VoidInvoice, parse_date, parse_decimal,
};

fn date(text: &str) -> Result<NaiveDate, Error> {
    parse_date(text)
}

fn invoice(
    id: &str,
    kind: InvoiceKind,
    issued: &str,
    due: &str,
    lines: &[(&str, &str, &str)],
) -> Result<IssueInvoice, Error> {
    let usd = Currency::iso("USD")?;
    let sales_tax = TaxRate::exclusive("CA", parse_decimal("8.875")?);
    let mut builder = Invoice::builder(id, kind, usd, date(issued)?, date(due)?);
    for (description, quantity, price) in lines {
        let mut line = Line::new(
            *description,
            parse_decimal(quantity)?,
            parse_decimal(price)?,
        );
        if kind.is_charge() {
            line = line.tax(sales_tax.clone());
        }
        builder = builder.line(line);
    }
    Ok(IssueInvoice {
        invoice: Arc::new(builder.build()?),
    })
}

fn usd(amount: &str) -> Result<Money, Error> {
    Money::parse(amount, Currency::iso("USD")?)
}

/// What an operation did, as the portal would confirm it.
fn show(title: &str, outcome: &Arc<Outcome>) {
    println!("\n{title}");
    for (payment, invoice, amount) in outcome.allocations() {
        println!("  {payment} pays {amount} on {invoice}");
    }
    for (_, amount) in outcome.credit_created() {
        println!("  credit created: {amount}");
    }
    for (_, invoice, amount) in outcome.credit_applied() {
        println!("  credit used: {amount} on {invoice}");
    }
    for change in outcome.invoices() {
        if let Some(after) = change.after {
            let before = change
                .before
                .map_or("new".to_owned(), |b| format!("{:?}", b.status));
            let figure = if after.status == InvoiceStatus::Void {
                "nothing due".to_owned()
            } else if after.credit_remaining.is_positive() {
                format!("credit remaining {}", after.credit_remaining)
            } else if after.status == InvoiceStatus::Applied {
                "credit used up".to_owned()
            } else {
                format!("due {}", after.due)
            };
            println!(
                "  {:<6} {before} -> {:?}, {figure}",
                change.invoice, after.status
            );
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The customer chooses when to use their credit, so it is not applied
    // automatically.
    let settings = AccountSettings {
        auto_apply_credit: false,
        ..AccountSettings::default()
    };
    let mut account = Account::new("acme", settings)?;
    let day = |d: &str| date(d);

    // Invoices of each kind.
    let setup = invoice(
        "INV-1",
        InvoiceKind::New,
        "2026-01-02",
        "2026-01-16",
        &[("Onboarding", "1", "400.00")],
    )?;
    show("New customer: the setup invoice", &account.execute(setup)?);
    let plan = invoice(
        "INV-2",
        InvoiceKind::Recurring,
        "2026-01-05",
        "2026-02-04",
        &[
            ("Pro plan (January)", "1", "99.00"),
            ("API calls", "48210", "0.0015"),
        ],
    )?;
    show("The first recurring invoice", &account.execute(plan)?);
    let extra = invoice(
        "INV-3",
        InvoiceKind::OneTimeCharge,
        "2026-01-10",
        "2026-01-24",
        &[("Data export", "1", "60.00")],
    )?;
    show("A one-time charge", &account.execute(extra)?);

    // A partial payment on one invoice.
    let partial = RecordPayment::new("PAY-1", usd("150.00")?, day("2026-01-12")?)
        .method("card_tok_visa_4242")
        .allocate([("INV-1", parse_decimal("150.00")?)]);
    show(
        "A partial payment of the setup invoice",
        &account.execute(partial)?,
    );

    // One payment over several invoices: previewed first, then made.
    let several =
        RecordPayment::new("PAY-2", usd("450.00")?, day("2026-01-20")?).method("ach_ref_0091");
    let preview = account.preview(several.clone())?;
    show(
        "Preview: 450.00 over the open invoices (nothing changes yet)",
        &preview,
    );
    let made = account.execute(several)?;
    assert_eq!(made, preview);
    println!("  (made: the outcome equals the preview)");

    // An overpayment becomes credit.
    let over = RecordPayment::new("PAY-3", usd("100.00")?, day("2026-01-28")?).method("paypal_b7");
    show("An overpayment", &account.execute(over)?);

    // A credit note: the provider credits the customer for an outage.
    let sla = invoice(
        "CR-1",
        InvoiceKind::Credit,
        "2026-02-02",
        "2026-02-02",
        &[("SLA credit: January outage", "1", "25.00")],
    )?;
    show("A credit note for an outage", &account.execute(sla)?);

    // The next recurring invoice, paid from the credit balance.
    let february = invoice(
        "INV-4",
        InvoiceKind::Recurring,
        "2026-02-05",
        "2026-03-07",
        &[("Pro plan (February)", "1", "99.00")],
    )?;
    account.execute(february)?;
    let from_credit = ApplyCredit {
        id: "USE-CREDIT-1".to_owned(),
        invoice: "INV-4".to_owned(),
        amount: None,
        date: day("2026-02-06")?,
    };
    show(
        "February's invoice paid from credit",
        &account.execute(from_credit)?,
    );

    // A refund after a partial payment: the invoice is due again.
    let support = invoice(
        "INV-5",
        InvoiceKind::OneTimeCharge,
        "2026-02-10",
        "2026-02-24",
        &[("Priority support", "1", "200.00")],
    )?;
    account.execute(support)?;
    account.execute(
        RecordPayment::new("PAY-4", usd("120.00")?, day("2026-02-12")?)
            .method("card_tok_visa_4242"),
    )?;
    let refund = RefundPayment {
        refund: "REF-1".to_owned(),
        payment: "PAY-4".to_owned(),
        amount: parse_decimal("50.00")?,
        date: day("2026-02-14")?,
    };
    show(
        "50.00 of PAY-4 refunded to the card",
        &account.execute(refund)?,
    );

    // A refund document for a service problem, and a void.
    let reversal = Invoice::builder(
        "RF-1",
        InvoiceKind::Refund,
        Currency::iso("USD")?,
        day("2026-02-16")?,
        day("2026-02-16")?,
    )
    .refund_of("INV-3")
    .line(Line::new(
        "Export failed twice",
        parse_decimal("1")?,
        parse_decimal("20.00")?,
    ))
    .build()?;
    show(
        "A refund document for part of INV-3",
        &account.execute(IssueInvoice {
            invoice: Arc::new(reversal),
        })?,
    );
    let mistake = invoice(
        "INV-6",
        InvoiceKind::OneTimeCharge,
        "2026-02-20",
        "2026-03-06",
        &[("Duplicate export", "1", "60.00")],
    )?;
    account.execute(mistake)?;
    show(
        "INV-6 was issued twice by mistake: voided",
        &account.execute(VoidInvoice {
            invoice: "INV-6".to_owned(),
            date: day("2026-02-20")?,
        })?,
    );

    // What the portal shows on March 15.
    let as_of = day("2026-03-15")?;
    let usd_currency = Currency::iso("USD")?;
    let summary = account.summary(usd_currency, as_of)?;
    println!("\nSummary on {as_of}");
    println!(
        "  current balance     {:>12}",
        summary.current_balance.to_string()
    );
    println!("  overdue             {:>12}", summary.overdue.to_string());
    println!(
        "  credit available    {:>12}",
        summary.credit_available.to_string()
    );
    println!("  open invoices       {:>12}", summary.open_invoices);
    if let Some(last) = summary.last_recurring_invoice {
        println!("  last recurring      {last:>12}");
    }
    println!("\nInvoices");
    for view in account.invoices() {
        let due = if view.amounts.status == InvoiceStatus::Void || !view.kind.is_charge() {
            "-".to_owned()
        } else {
            view.amounts.due.amount().to_string()
        };
        println!(
            "  {:<6} {:<16} {:<15} total {:>10}  due {:>10}",
            view.id,
            format!("{:?}", view.kind),
            format!("{:?}", view.amounts.status),
            view.amounts.total.amount().to_string(),
            due,
        );
    }
    let aging = account.aging(usd_currency, as_of)?;
    println!(
        "\nAging: current {}, 1-30 {}, 31-60 {}, 61-90 {}, over 90 {}",
        aging.current, aging.days_1_30, aging.days_31_60, aging.days_61_90, aging.over_90
    );
    let statement = account.statement(usd_currency, day("2026-01-01")?, as_of)?;
    println!("\nStatement {} to {}", statement.from, statement.to);
    for line in &statement.lines {
        println!(
            "  {} {:<14} {:<14} {:>10} {:>10}",
            line.date,
            format!("{:?}", line.kind),
            line.reference,
            line.amount.amount().to_string(),
            line.balance.amount().to_string()
        );
    }
    println!("  closing balance {}", statement.closing_balance);
    account.verify()?;
    Ok(())
}
