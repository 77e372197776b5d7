//! Criterion benchmarks of the account ledger (issue goals in brackets):
//! - an auto-allocated payment on accounts with 10 and 100,000 open
//!   invoices [cost grows with what a payment touches, not with the
//!   account; ≥ 1,000,000 payments/s on one core for the small account];
//! - replay of 1,000,000 already-decoded events [≥ 5,000,000 events/s],
//!   and, apart, decoding that history from JSON.
//!
//! Run: `cargo bench -p billing-core --bench ledger`
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::unwrap_used
)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use billing_core::{
    Account, AccountSettings, Currency, Entry, Invoice, InvoiceKind, IssueInvoice, Line, Money,
    NaiveDate, RecordPayment, json,
};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n)
}

fn invoice(id: usize, usd: Currency, price: Decimal) -> Invoice {
    Invoice::builder(
        format!("INV-{id:07}"),
        InvoiceKind::Recurring,
        usd,
        day((id % 300) as u64),
        day((id % 300) as u64 + 30),
    )
    .line(Line::new("Plan", Decimal::ONE, price))
    .build()
    .unwrap()
}

/// An account with `n` open invoices, each large enough that the payments
/// of a benchmark run never pay one off.
fn account_with_open_invoices(n: usize) -> Account {
    let usd = Currency::iso("USD").unwrap();
    let mut account = Account::new("bench", AccountSettings::default()).unwrap();
    for i in 0..n {
        account
            .execute(IssueInvoice {
                invoice: Arc::new(invoice(i, usd, Decimal::new(1_000_000_000, 2))),
            })
            .unwrap();
    }
    account
}

fn payments(c: &mut Criterion) {
    let usd = Currency::iso("USD").unwrap();
    let amount = Money::parse("1.00", usd).unwrap();
    let mut group = c.benchmark_group("auto_allocated_payment");
    group.throughput(Throughput::Elements(1));
    for open in [10usize, 100_000] {
        let base = account_with_open_invoices(open);
        group.bench_function(format!("{open}_open_invoices"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let mut done = 0u64;
                // A fresh copy every 50,000 payments keeps the history (and
                // memory) of one run bounded; copying is not timed.
                while done < iters {
                    let batch = (iters - done).min(50_000);
                    let mut account = base.clone();
                    let ops: Vec<RecordPayment> = (0..batch)
                        .map(|i| RecordPayment::new(format!("PAY-{i}"), amount, day(40)))
                        .collect();
                    let start = Instant::now();
                    for op in ops {
                        black_box(account.execute(op).unwrap());
                    }
                    total += start.elapsed();
                    done += batch;
                }
                total
            });
        });
    }
    group.finish();
}

/// A realistic history of about `events` events: invoices issued, paid in
/// parts, some overpaid, some refunded.
pub fn history(events: usize) -> Vec<Entry> {
    let usd = Currency::iso("USD").unwrap();
    let mut account = Account::new("bench", AccountSettings::default()).unwrap();
    let mut i = 0usize;
    let mut count = 0usize;
    while count < events {
        let inv = invoice(i, usd, Decimal::new(10_000, 2));
        count += account
            .execute(IssueInvoice {
                invoice: Arc::new(inv),
            })
            .unwrap()
            .events()
            .len();
        let pay = RecordPayment::new(
            format!("PAY-{i}"),
            Money::from_minor(if i.is_multiple_of(5) { 15_000 } else { 6_000 }, usd).unwrap(),
            day(40),
        );
        count += account.execute(pay).unwrap().events().len();
        i += 1;
    }
    account.history().cloned().collect()
}

fn replay(c: &mut Criterion) {
    let entries = history(1_000_000);
    let events: usize = entries.iter().map(|e| e.events.len()).sum();
    let settings = AccountSettings::default();
    let mut group = c.benchmark_group("replay");
    group.sample_size(10);
    group.throughput(Throughput::Elements(events as u64));
    group.bench_function(format!("{events}_decoded_events"), |b| {
        b.iter_batched(
            || entries.clone(),
            |entries| black_box(Account::replay("bench", settings, entries).unwrap()),
            BatchSize::PerIteration,
        );
    });
    let text = json::to_string(&entries).unwrap();
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(format!("decode_json_of_{events}_events"), |b| {
        b.iter(|| black_box(json::from_str::<Vec<Entry>>(&text).unwrap()));
    });
    group.finish();
}

criterion_group!(benches, payments, replay);
criterion_main!(benches);
