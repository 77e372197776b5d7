//! The month-end workload under criterion: every account's operations
//! applied as a batch (decoded from the JSON lines every language reads,
//! and from operations already in memory). `cargo bench -p
//! billing-core-workload` (`MONTHEND_ACCOUNTS` to change the size).
#![allow(
    missing_docs,
    clippy::as_conversions,
    clippy::unwrap_used,
    clippy::expect_used
)]

use billing_core_workload::{ACCOUNTS, SEED, from_line, generate, run, to_line};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn monthend(c: &mut Criterion) {
    let accounts = std::env::var("MONTHEND_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ACCOUNTS);
    let work: Vec<_> = generate(SEED, accounts).collect();
    let lines: Vec<String> = work.iter().map(|a| to_line(a).unwrap()).collect();
    let operations: usize = work.iter().map(|a| a.operations.len()).sum();
    let mut group = c.benchmark_group("monthend");
    group.sample_size(10);
    group.throughput(Throughput::Elements(operations as u64));
    group.bench_function(format!("{accounts} accounts from JSON lines"), |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|line| run(&from_line(line).unwrap()).unwrap())
                .collect::<Vec<_>>()
        });
    });
    group.bench_function(format!("{accounts} accounts from operations"), |b| {
        b.iter(|| work.iter().map(|a| run(a).unwrap()).collect::<Vec<_>>());
    });
    group.finish();
}

criterion_group!(benches, monthend);
criterion_main!(benches);
