//! `uniffi-bindgen generate <lib> --language kotlin --language swift --out-dir <dir>`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
