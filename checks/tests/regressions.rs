//! Inputs that once broke a check, pinned with the bytes inline. Each entry
//! names what it found; the fix is in the commit that added it.

use billing_core_checks::{amounts, json, ledger};

#[test]
fn the_vectors_operations_decode_and_round_trip() {
    // Not a crash: a seed, so the JSON check sees real operations too.
    let op = br#"{"op":"record_payment","payment":"P","amount":"150.00","currency":"USD","date":"2026-01-20","allocation":"proportional"}"#;
    json::decoding(op).unwrap();
    json::decoding(br#"[{"op":"settle_payment","payment":"P","date":"2026-01-20"}]"#).unwrap();
    amounts::parsing(b"\x02\x03-0.001").unwrap();
    ledger::operations(&[0u8; 64]).unwrap();
    ledger::batches(&[7u8; 64]).unwrap();
}

#[test]
fn a_refused_batch_that_edited_and_issued_a_draft_is_undone_whole() {
    // `batches`, 300 s run: a batch edited a draft's dates, issued it and
    // was then refused; undoing it restored the old dates before taking
    // the invoice out of the indexes keyed by them ("a refused batch
    // changed the account"). billing-core/tests/api.rs has the readable form.
    let data: &[u8] = b"\xdd\x50\xdd\x50\x48\x50\x46\x0a\xc3\x24\xc3\xc3\xc3\xdd\x50\x48\x50\x46\x0a\xc3\x24\xc3\xc3\xc3\xc3\xc3\xc3\xc3\xc3\xff\xff\x01\x7f\xc3\xc3\x68\x68\x68\x68\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x4a\x0c\xd6\xff\xff\xff\x80\x2a\xac\xda\xdb\x04\x00\x00\x68\x68\x28\x68\x68\x68\x2f\x68\x68\x68\x00\x00\xc5\x68\x68\x68\x4d\x57\x55\xc3\xc3\xc3\xc3\xc3\xc3\xc3\xff\xf5\x0a\xc3\xc3\xc3\xc3\xc3\x28\xc3\xc3\xc3\xc3\xc3\xbf\xc3\xc3\x3d\x3c\x3c\x3c\x3c\x3c\x3c\x45\xc3\xc3\xc3\xc3\xc3\xc3\xc3\xc3\x00\x00\x00\x00\x00\x3b\x00\x00\x00\x00\x00\x00\x00\x46";
    ledger::batches(data).unwrap();
}

#[test]
fn credit_given_back_before_it_was_applied_counts_from_the_day_it_was() {
    // `operations`, 4,000 runs: a series billed late (its invoices dated in
    // January, the credit applied to them on the June billing day) and one
    // of them voided in between; the void gave back credit that, as of
    // February, was not applied yet ("summary and statement of KWD as of
    // 2026-02-10: -3.843 vs -3.840").
    let data: &[u8] = b"\x01\x09\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x2b\x00\x00\x00\x18\x00\x10\x00\x00\x00\x00\x00\x00\x7d\x00\x00\x00\x00\x00\x00\x00\x0b\x00\x2f\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x09\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x8d\x00\x00\x00\x00\x00\x00\x00\x00\x39\x00\x00\x00\x01\xf7\xcb\x0f\x00\x18\x00\x76\x00\xda\x00\x00\x00\x2b\x00\x00\x00\x2f\x71\x1b\x00\x00\x00\x00\x00\x00\x2f\x02\x18\x00\x00\x00\x00\x00\x00\x2a\x1d\x08\xbc\xa1\x81\x00\x05\x75\x32\x1b\x00\x00\x00\x00\x2c\x89\x03\x00\x4c\x00\xd4\x00\x20\x03";
    ledger::operations(data).unwrap();
}

#[test]
fn an_operation_naming_a_custom_currency_by_code_round_trips() {
    // The `json` fuzz target, seeded from vector 67: a payment or credit
    // application naming a custom currency by its code alone was written
    // back with minor_units 255, which does not read back.
    json::decoding(br#"{"op": "apply_available_credit", "id": "AC-2", "currency": "POINTS", "date": "2026-01-07"}"#).unwrap();
    json::decoding(br#"{"op": "record_payment", "payment": "P", "amount": "1.0000", "currency": "CREDITS", "date": "2026-01-07"}"#).unwrap();
}

#[test]
fn a_payment_refund_dated_before_the_refund_document_that_made_its_credit_takes_from_its_allocation()
 {
    // A refund document dated April turned 0.001 KWD of a payment into
    // credit; a refund of the payment dated March paid that 0.001 back.
    // On a date in between, the summary left the invoice 0.001 short of
    // the statement: the money paid back came from the payment's
    // allocation, which now counts 0.001 less until the credit exists.
    let data = &[
        0, 74, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 1, 0, 0, 16, 0, 0, 0, 0, 0, 0, 103, 0, 0, 0, 0, 0, 0,
        0, 27, 0, 50, 118, 0, 47, 119, 44, 195, 0, 0, 111, 0, 0, 63, 0, 65, 0, 111, 93, 0, 55, 0,
        0, 0, 0, 0, 0, 0, 0, 87, 0, 0, 0, 0, 0, 0, 0, 108, 214, 194, 144, 40, 24, 0, 42, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 118, 0, 118, 0, 218, 0,
    ];
    ledger::operations_out_of_order(data).unwrap();
}

#[test]
fn an_allocation_by_whole_ratios_gives_a_tied_unit_to_the_earlier_part() {
    // `splits_by_whole_ratios_tie_exactly`, 20,000 cases: 772,156,057,202,450.34
    // by 4:24:6:16:6:39:4. Parts 3, 5 and 6 leave equal fractions (54/99)
    // and one unit is left for them; their shares, rounded by division at
    // the 28th digit, told 3 and 6 apart and the unit went to 6.
    let data: &[u8] = b"\x2a\x63\x12\x2e\x2f\x53\x12\x01\x03\x17\x05\x0f\x05\x26\x03";
    amounts::exact_splits(data).unwrap();
}
