//! Profiling driver (not a benchmark): many auto-allocated payments on a
//! small account. `cargo build --release -p billing-core --example profile_payments`.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::unwrap_used,
    missing_docs
)]
use billing_core::{
    Account, AccountSettings, Currency, Invoice, InvoiceKind, IssueInvoice, Line, Money, NaiveDate,
    RecordPayment,
};
use rust_decimal::Decimal;
use std::sync::Arc;
fn main() {
    let usd = Currency::iso("USD").unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut account = Account::new("p", AccountSettings::default()).unwrap();
    let invoices: usize = std::env::var("INV")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    for i in 0..invoices {
        let inv = Invoice::builder(format!("INV-{i}"), InvoiceKind::Recurring, usd, day, day)
            .line(Line::new(
                "Plan",
                Decimal::ONE,
                Decimal::new(1_000_000_000, 2),
            ))
            .build()
            .unwrap();
        account
            .execute(IssueInvoice {
                invoice: Arc::new(inv),
            })
            .unwrap();
    }
    let amount = Money::parse("1.00", usd).unwrap();
    let ops: Vec<RecordPayment> = (0..std::env::var("N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000))
        .map(|i| RecordPayment::new(format!("PAY-{i}"), amount, day))
        .collect();
    let start = std::time::Instant::now();
    for op in ops {
        std::hint::black_box(account.execute(op).unwrap());
    }
    let n = std::env::var("N")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or(200_000);
    println!("{:?} per payment", start.elapsed() / n);
}
