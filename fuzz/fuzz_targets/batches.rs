#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(failure) = billing_core_checks::ledger::batches(data) {
        panic!("{failure}");
    }
});
