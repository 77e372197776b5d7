#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(failure) = billing_core_checks::amounts::parsing(data) {
        panic!("{failure}");
    }
    if let Err(failure) = billing_core_checks::amounts::exact_splits(data) {
        panic!("{failure}");
    }
});
