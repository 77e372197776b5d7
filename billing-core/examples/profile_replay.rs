//! Profiling driver (not a benchmark): replay of a generated history.
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
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let usd = Currency::iso("USD").unwrap();
    let day = |d: u64| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(d);
    let mut account = Account::new("p", AccountSettings::default()).unwrap();
    for i in 0..n {
        let inv = Invoice::builder(
            format!("INV-{i:07}"),
            InvoiceKind::Recurring,
            usd,
            day((i % 300) as u64),
            day((i % 300) as u64 + 30),
        )
        .line(Line::new("Plan", Decimal::ONE, Decimal::new(10_000, 2)))
        .build()
        .unwrap();
        account
            .execute(IssueInvoice {
                invoice: Arc::new(inv),
            })
            .unwrap();
        let amount =
            Money::from_minor(if i.is_multiple_of(5) { 15_000 } else { 6_000 }, usd).unwrap();
        account
            .execute(RecordPayment::new(format!("PAY-{i}"), amount, day(40)))
            .unwrap();
    }
    let entries: Vec<_> = account.history().cloned().collect();
    let events: usize = entries.iter().map(|e| e.events.len()).sum();
    let start = std::time::Instant::now();
    let replayed = std::hint::black_box(do_replay(entries));
    let took = start.elapsed();
    println!(
        "{events} events in {took:?}: {:.2} M events/s",
        events as f64 / took.as_secs_f64() / 1e6
    );
    std::mem::forget(replayed);
}

#[inline(never)]
fn do_replay(entries: Vec<billing_core::Entry>) -> Account {
    Account::replay("p", AccountSettings::default(), entries).unwrap()
}
