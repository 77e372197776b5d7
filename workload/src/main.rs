//! The month-end workload, natively.
//!
//! ```sh
//! monthend generate [--seed 2026] [--accounts 10000] --out target/monthend/workload.jsonl
//! monthend run target/monthend/workload.jsonl
//! ```
//!
//! `generate` writes the workload (one JSON line per account) and, beside
//! it, `<file>.expected.json` with its counts and the totals every runner
//! must reach. `run` applies each account's operations as a batch, keeps
//! every account in memory, and prints one JSON line: throughput, peak
//! memory and totals. It fails if the totals differ from the expected ones.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::unwrap_used
)]

use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use billing_core_workload::{ACCOUNTS, SEED, Totals, count, from_line, generate, run, to_line};
use serde_json::{Value, json};

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => {
            let seed = option(&args, "--seed").map_or(SEED, |s| s.parse().expect("a seed"));
            let accounts =
                option(&args, "--accounts").map_or(ACCOUNTS, |s| s.parse().expect("a count"));
            let out = option(&args, "--out").expect("--out FILE");
            if let Some(dir) = std::path::Path::new(&out).parent() {
                std::fs::create_dir_all(dir).expect("the output directory");
            }
            let mut file = BufWriter::new(std::fs::File::create(&out).expect("the output file"));
            let mut totals = Totals::default();
            let work: Vec<_> = generate(seed, accounts).collect();
            for account in &work {
                writeln!(file, "{}", to_line(account).expect("a line")).expect("writing");
                totals
                    .add(&run(account).expect("a generated account applies"))
                    .expect("totals");
            }
            file.flush().expect("writing");
            let counts = count(&work);
            let expected = json!({
                "seed": seed,
                "accounts": counts.accounts,
                "operations": counts.operations,
                "invoices": counts.invoices,
                "payments": counts.payments,
                "pending": counts.pending,
                "settled": counts.settled,
                "failed": counts.failed,
                "refunds": counts.refunds,
                "voids": counts.voids,
                "write_offs": counts.write_offs,
                "totals": totals.to_json(),
            });
            std::fs::write(format!("{out}.expected.json"), format!("{expected:#}\n"))
                .expect("writing");
            println!("{expected}");
            ExitCode::SUCCESS
        }
        Some("run") => {
            let path = args.get(1).expect("monthend run FILE");
            let text = std::fs::read_to_string(path).expect("the workload file");
            let expected: Value = serde_json::from_str(
                &std::fs::read_to_string(format!("{path}.expected.json"))
                    .expect("the expected totals"),
            )
            .expect("expected totals");
            let start = Instant::now();
            let mut accounts = Vec::new();
            let mut operations = 0;
            for line in text.lines() {
                let work = from_line(line).expect("a workload line");
                operations += work.operations.len();
                accounts.push(run(&work).expect("the account applies"));
            }
            let seconds = start.elapsed().as_secs_f64();
            let mut totals = Totals::default();
            for account in &accounts {
                totals.add(account).expect("totals");
            }
            let result = json!({
                "runner": "native",
                "accounts": accounts.len(),
                "operations": operations,
                "seconds": seconds,
                "operations_per_second": operations as f64 / seconds,
                "peak_rss_mib": peak_rss_mib(),
                "totals": totals.to_json(),
            });
            println!("{result}");
            if result["totals"] != expected["totals"] {
                eprintln!(
                    "totals differ from the expected ones: {}",
                    expected["totals"]
                );
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!(
                "usage: monthend generate [--seed N] [--accounts N] --out FILE | monthend run FILE"
            );
            ExitCode::FAILURE
        }
    }
}
