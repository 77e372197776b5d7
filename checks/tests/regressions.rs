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
