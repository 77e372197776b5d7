//! Memory per issued single-line invoice in an account of 1,000,000
//! invoices, as built and as loaded from its JSON snapshot, and memory kept
//! per auto-allocated payment (1,000,000 payments on an account with 10
//! open invoices): the growth of the process's
//! resident memory (Linux `/proc/self/status`, `VmRSS`) while the account
//! grows, divided by the count. Resident memory includes allocator overhead
//! and fragmentation, so it is what a server would actually pay.
//!
//! Run: `cargo bench -p billing-core --bench memory` (each measure runs in
//! its own process; `-- invoices`, `-- loaded` or `-- payments` runs one;
//! `INVOICES=n` and `PAYMENTS=n` to change the counts).
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::print_stdout,
    clippy::as_conversions
)]

mod fixtures;

use billing_core::{Account, AccountSettings};
use fixtures::{account_with_open_invoices, env_count, issue, payment_of_one};
use rust_decimal::Decimal;

fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return; // `cargo bench -- --list` asks every bench target for its benchmarks.
    }
    let invoice_count = env_count("INVOICES", 1_000_000);
    if args.iter().any(|a| a == "invoices") {
        invoices(invoice_count);
    } else if let Some(path) = args
        .iter()
        .position(|a| a == "loaded")
        .and_then(|i| args.get(i + 1))
    {
        loaded(path, invoice_count);
    } else if args.iter().any(|a| a == "payments") {
        payments(env_count("PAYMENTS", 1_000_000));
    } else {
        // The snapshot the `loaded` process reads, written by this one.
        let snapshot =
            std::env::temp_dir().join(format!("billing-core-memory-{}.json", std::process::id()));
        std::fs::write(&snapshot, with_invoices(invoice_count).to_json().unwrap()).unwrap();
        // Each in a fresh process: memory freed by one would be reused by
        // the other and hide its growth.
        let snapshot = snapshot.to_str().unwrap();
        for what in [&["invoices"][..], &["loaded", snapshot], &["payments"]] {
            let status = std::process::Command::new(std::env::current_exe().unwrap())
                .args(what)
                .status()
                .unwrap();
            assert!(status.success());
        }
        std::fs::remove_file(snapshot).unwrap();
    }
}

/// An account of `n` issued single-line invoices.
fn with_invoices(n: usize) -> Account {
    let mut account = Account::new("memory", AccountSettings::default()).unwrap();
    for i in 0..n {
        issue(&mut account, i, Decimal::new(4_900, 2));
    }
    account
}

fn invoices(n: usize) {
    let before = resident_kib();
    let account = with_invoices(n);
    report(
        before,
        n,
        "issued single-line invoices",
        "invoice (document, ledger record, allocation indexes, history entry with its outcome, idempotency key)",
    );
    std::hint::black_box(&account);
}

/// The same account loaded from its snapshot (read into memory first): a
/// replay keeps each entry but not yet its outcome.
fn loaded(path: &str, n: usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let before = resident_kib();
    let account = Account::from_json(&text).unwrap();
    report(
        before,
        n,
        "issued single-line invoices, loaded from the JSON snapshot",
        "invoice (document, ledger record, allocation indexes, history entry, idempotency key)",
    );
    std::hint::black_box(&account);
}

fn payments(n: usize) {
    let mut account = account_with_open_invoices(10);
    let before = resident_kib();
    for i in 0..n as u64 {
        account.execute(payment_of_one(i)).unwrap();
    }
    report(
        before,
        n,
        "auto-allocated payments on 10 open invoices",
        "payment (ledger record, allocation, history entry with its outcome, idempotency key)",
    );
    std::hint::black_box(&account);
}

/// Prints how much resident memory grew since `before` (KiB), in all and
/// per each of the `n` things made.
fn report(before: u64, n: usize, made: &str, each: &str) {
    let grown = resident_kib().saturating_sub(before) * 1024;
    println!(
        "{n} {made}: {:.1} MiB resident, {} bytes per {each}",
        grown as f64 / 1_048_576.0,
        grown / n as u64
    );
}
