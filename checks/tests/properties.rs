//! The checks of this crate as property tests: proptest feeds them random
//! bytes (and shrinks a failure to a small input, which then belongs in
//! `regressions.rs`). The fuzz targets in `fuzz/` feed them too.
#![allow(clippy::unwrap_used)]

use billing_core_checks::{amounts, json, ledger};
use proptest::collection::vec;
use proptest::prelude::*;

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), 0..max)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_every_operation(data in bytes(400)) {
        if let Err(failure) = ledger::operations(&data) {
            prop_assert!(false, "{failure}");
        }
    }

    #[test]
    fn reports_agree_when_operations_are_dated_out_of_order(data in bytes(400)) {
        if let Err(failure) = ledger::operations_out_of_order(&data) {
            prop_assert!(false, "{failure}");
        }
    }

    #[test]
    fn batches_are_all_or_nothing(data in bytes(400)) {
        if let Err(failure) = ledger::batches(&data) {
            prop_assert!(false, "{failure}");
        }
    }

    #[test]
    fn splits_by_whole_ratios_tie_exactly(data in bytes(20)) {
        if let Err(failure) = amounts::exact_splits(&data) {
            prop_assert!(false, "{failure}");
        }
    }

    #[test]
    fn amounts_parse_round_and_split_exactly(data in bytes(40)) {
        if let Err(failure) = amounts::parsing(&data) {
            prop_assert!(false, "{failure}");
        }
    }

    #[test]
    fn decimal_looking_text_parses_exactly(
        pick in any::<u8>(),
        parts in any::<u8>(),
        text in "-?[0-9]{0,30}(\\.[0-9]{0,30})?",
    ) {
        let mut data = vec![pick, parts];
        data.extend_from_slice(text.as_bytes());
        if let Err(failure) = amounts::parsing(&data) {
            prop_assert!(false, "{failure}");
        }
    }

    #[test]
    fn any_text_decodes_or_is_refused(data in bytes(200)) {
        if let Err(failure) = json::decoding(&data) {
            prop_assert!(false, "{failure}");
        }
    }
}

/// The random steps are meaningful: over many runs, a good share of the
/// operations apply and a good share are refused (both paths are
/// exercised; about half each when this was written).
#[test]
fn random_runs_apply_most_operations_and_refuse_some() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let (mut applied, mut refused) = (0, 0);
    for _ in 0..40 {
        let data: Vec<u8> = (0..400)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed.to_le_bytes()[0]
            })
            .collect();
        let tally = ledger::operations(&data).unwrap();
        applied += tally.applied;
        refused += tally.refused;
    }
    let total = applied + refused;
    assert!(total > 40 * 30, "only {total} operations in 40 runs");
    assert!(applied * 3 > total, "applied {applied}, refused {refused}");
    assert!(refused * 5 > total, "applied {applied}, refused {refused}");
}
