//! A profiling driver, not a benchmark: runs one workload so a profiler
//! (perf, or valgrind's callgrind for repeatable instruction counts) can
//! look inside. The timed benchmarks are in `benches/`.
//!
//! ```text
//! cargo build --release -p billing-core --example profile
//! N=20000 valgrind --tool=callgrind target/release/examples/profile payments
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='profile::replay' \
//!     target/release/examples/profile replay
//! ```
//! `payments`: N auto-allocated payments on an account with INV open
//! invoices (defaults 200,000 and 10). `replay`: replay of the history of N
//! invoices, each paid (default 100,000).
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::print_stdout,
    clippy::unwrap_used,
    missing_docs
)]

use std::sync::Arc;
use std::time::Instant;

use billing_core::{
    Account, AccountSettings, Currency, Entry, Invoice, InvoiceKind, IssueInvoice, Line, Money,
    NaiveDate, RecordPayment,
};
use rust_decimal::Decimal;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn day(n: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n as u64)
}

fn issue(account: &mut Account, i: usize, price: Decimal) {
    let usd = Currency::iso("USD").unwrap();
    let invoice = Invoice::builder(
        format!("INV-{i:07}"),
        InvoiceKind::Recurring,
        usd,
        day(i % 300),
        day(i % 300 + 30),
    )
    .line(Line::new("Plan", Decimal::ONE, price))
    .build()
    .unwrap();
    account
        .execute(IssueInvoice {
            invoice: Arc::new(invoice),
        })
        .unwrap();
}

fn payments() {
    let (n, invoices) = (env("N", 200_000), env("INV", 10));
    let usd = Currency::iso("USD").unwrap();
    let mut account = Account::new("profile", AccountSettings::default()).unwrap();
    for i in 0..invoices {
        issue(&mut account, i, Decimal::new(1_000_000_000, 2));
    }
    let amount = Money::parse("1.00", usd).unwrap();
    let ops: Vec<RecordPayment> = (0..n)
        .map(|i| RecordPayment::new(format!("PAY-{i}"), amount, day(40)))
        .collect();
    let start = Instant::now();
    for op in ops {
        std::hint::black_box(account.execute(op).unwrap());
    }
    println!("{:?} per payment", start.elapsed() / n as u32);
}

#[inline(never)]
fn replay(entries: Vec<Entry>) -> Account {
    Account::replay("profile", AccountSettings::default(), entries).unwrap()
}

fn replay_workload() {
    let n = env("N", 100_000);
    let usd = Currency::iso("USD").unwrap();
    let mut account = Account::new("profile", AccountSettings::default()).unwrap();
    for i in 0..n {
        issue(&mut account, i, Decimal::new(10_000, 2));
        let amount =
            Money::from_minor(if i.is_multiple_of(5) { 15_000 } else { 6_000 }, usd).unwrap();
        account
            .execute(RecordPayment::new(format!("PAY-{i}"), amount, day(40)))
            .unwrap();
    }
    let entries: Vec<Entry> = account.history().cloned().collect();
    let events: usize = entries.iter().map(|e| e.events.len()).sum();
    let start = Instant::now();
    let replayed = std::hint::black_box(replay(entries));
    let took = start.elapsed();
    println!(
        "{events} events in {took:?}: {:.2} M events/s",
        events as f64 / took.as_secs_f64() / 1e6
    );
    drop(replayed);
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("replay") => replay_workload(),
        _ => payments(),
    }
}
