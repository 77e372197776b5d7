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

mod fixtures;

use std::hint::black_box;
use std::time::{Duration, Instant};

use billing_core::{Account, AccountSettings, Entry, RecordPayment, json};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use fixtures::{account_with_open_invoices, issue_and_pay, payment_of_one};

fn payments(c: &mut Criterion) {
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
                    let ops: Vec<RecordPayment> = (0..batch).map(payment_of_one).collect();
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

/// A history of at least `events` events: invoices of 100.00 issued and
/// paid, most in part and every fifth overpaid (the rest to credit).
pub fn history(events: usize) -> Vec<Entry> {
    let mut account = Account::new("bench", AccountSettings::default()).unwrap();
    let mut count = 0;
    for i in 0.. {
        if count >= events {
            break;
        }
        count += issue_and_pay(&mut account, i);
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
