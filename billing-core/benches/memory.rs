//! Memory per issued single-line invoice in an account of 1,000,000
//! invoices: the growth of the process's resident memory (Linux
//! `/proc/self/status`, `VmRSS`) while the account is built, divided by
//! the number of invoices. Resident memory includes allocator overhead and
//! fragmentation, so it is what a server would actually pay.
//!
//! Run: `cargo bench -p billing-core --bench memory` (`INVOICES=n` to change
//! the count).
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::print_stdout,
    clippy::as_conversions
)]

use std::sync::Arc;

use billing_core::{
    Account, AccountSettings, Currency, Invoice, InvoiceKind, IssueInvoice, Line, NaiveDate,
};
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
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` asks every bench target for its benchmarks.
    }
    let n: usize = std::env::var("INVOICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let usd = Currency::iso("USD").unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let before = resident_kib();
    let mut account = Account::new("memory", AccountSettings::default()).unwrap();
    for i in 0..n {
        let invoice =
            Invoice::builder(format!("INV-{i:07}"), InvoiceKind::Recurring, usd, day, day)
                .line(Line::new("Plan", Decimal::ONE, Decimal::new(4_900, 2)))
                .build()
                .unwrap();
        account
            .execute(IssueInvoice {
                invoice: Arc::new(invoice),
            })
            .unwrap();
    }
    let grown = resident_kib().saturating_sub(before) * 1024;
    println!(
        "{n} issued single-line invoices: {:.1} MiB resident, {} bytes per invoice \
         (document, ledger record, allocation indexes, history entry with its outcome, idempotency key)",
        grown as f64 / 1_048_576.0,
        grown / n as u64
    );
    std::hint::black_box(&account);
}
