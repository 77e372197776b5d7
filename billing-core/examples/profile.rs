//! A profiling driver, not a benchmark: runs one workload so a profiler
//! (perf, or valgrind's callgrind for repeatable instruction counts) can
//! look inside. The timed benchmarks are in `benches/`.
//!
//! ```text
//! cargo build --release -p billing-core --example profile
//! N=20000 valgrind --tool=callgrind target/release/examples/profile payments
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='profile::replay' \
//!     target/release/examples/profile replay
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='profile::decode' \
//!     target/release/examples/profile decode
//! ```
//! `payments`: N auto-allocated payments on an account with INV open
//! invoices (defaults 200,000 and 10). `replay`: replay of the history of N
//! invoices, each paid (default 100,000), then the first `outcome_of`, which
//! rebuilds the replayed operations' outcomes. `decode`: the JSON
//! decoding of that history (in `decode`). `reads`: the list queries and
//! the snapshot of such an account (in `read` and `Account::to_json`).
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::print_stdout,
    clippy::unwrap_used,
    missing_docs
)]

#[path = "../benches/fixtures/mod.rs"]
mod fixtures;

use std::time::Instant;

use billing_core::{Account, AccountSettings, Entry, RecordPayment};
use fixtures::{account_with_open_invoices, env_count, issue_and_pay, payment_of_one};

fn payments() {
    let (n, invoices) = (env_count("N", 200_000), env_count("INV", 10));
    let mut account = account_with_open_invoices(invoices);
    let ops: Vec<RecordPayment> = (0..n as u64).map(payment_of_one).collect();
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
    let n = env_count("N", 100_000);
    let mut account = Account::new("profile", AccountSettings::default()).unwrap();
    for i in 0..n {
        issue_and_pay(&mut account, i);
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
    // The outcomes of the replayed operations, rebuilt when first asked for.
    let start = Instant::now();
    std::hint::black_box(replayed.outcome_of(1));
    println!(
        "their outcomes rebuilt on first use in {:?}",
        start.elapsed()
    );
    drop(replayed);
}

#[inline(never)]
fn decode(text: &str) -> Vec<Entry> {
    billing_core::json::from_str(text).unwrap()
}

fn decode_workload() {
    let n = env_count("N", 100_000);
    let mut account = Account::new("profile", AccountSettings::default()).unwrap();
    for i in 0..n {
        issue_and_pay(&mut account, i);
    }
    let entries: Vec<&Entry> = account.history().collect();
    let text = billing_core::json::to_string(&entries).unwrap();
    let start = Instant::now();
    let decoded = std::hint::black_box(decode(&text));
    println!(
        "{} entries, {} bytes, decoded in {:?}",
        decoded.len(),
        text.len(),
        start.elapsed()
    );
}

#[inline(never)]
fn read(account: &Account, query: &str) -> String {
    account
        .query(&billing_core::json::from_str(query).unwrap())
        .unwrap()
}

fn reads() {
    let n = env_count("N", 100_000);
    let mut account = Account::new("profile", AccountSettings::default()).unwrap();
    for i in 0..n {
        issue_and_pay(&mut account, i);
    }
    for query in [
        r#"{"query":"payments"}"#,
        r#"{"query":"invoices"}"#,
        r#"{"query":"history"}"#,
    ] {
        let start = Instant::now();
        let text = std::hint::black_box(read(&account, query));
        println!("{query}: {} bytes in {:?}", text.len(), start.elapsed());
    }
    let start = Instant::now();
    let text = std::hint::black_box(account.to_json().unwrap());
    println!("to_json: {} bytes in {:?}", text.len(), start.elapsed());
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("replay") => replay_workload(),
        Some("decode") => decode_workload(),
        Some("reads") => reads(),
        _ => payments(),
    }
}
