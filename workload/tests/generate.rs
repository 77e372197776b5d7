//! The generator is deterministic, its workload valid and complete, and
//! its file form reads back to the same operations.
#![allow(clippy::as_conversions, clippy::unwrap_used, clippy::indexing_slicing)]

use billing_core_workload::{
    INVOICES_PER_ACCOUNT, PAYMENTS_PER_ACCOUNT, Totals, count, from_line, generate, run, to_line,
};

#[test]
fn one_seed_one_workload() {
    let first: Vec<_> = generate(7, 40).collect();
    let again: Vec<_> = generate(7, 40).collect();
    let other: Vec<_> = generate(8, 40).collect();
    assert_eq!(first, again);
    assert_ne!(first, other);
}

#[test]
fn every_account_has_its_invoices_and_payments_and_applies() {
    let work: Vec<_> = generate(2026, 200).collect();
    let counts = count(&work);
    assert_eq!(counts.accounts, 200);
    assert_eq!(
        counts.invoices.values().sum::<usize>(),
        200 * INVOICES_PER_ACCOUNT
    );
    assert_eq!(counts.payments, 200 * PAYMENTS_PER_ACCOUNT);
    for kind in ["new", "recurring", "one_time_charge", "credit", "refund"] {
        assert!(
            counts.invoices.get(kind).is_some_and(|n| *n > 0),
            "no {kind} invoice"
        );
    }
    assert!(counts.pending > 0 && counts.settled > 0 && counts.failed > 0);
    assert!(counts.refunds > 0 && counts.voids > 0);
    let mut totals = Totals::default();
    for account in &work {
        let applied = run(account).unwrap();
        assert_eq!(applied.version(), account.operations.len() as u64);
        assert!(applied.verify().is_ok());
        totals.add(&applied).unwrap();
    }
    assert!(totals.to_json()["USD"]["receivable"].as_str().is_some());
}

#[test]
fn lines_read_back_to_the_same_operations() {
    for account in generate(3, 20) {
        assert_eq!(from_line(&to_line(&account).unwrap()).unwrap(), account);
    }
}
