//! The WebAssembly binding of billing-core.
#![allow(unsafe_code)] // wasm-bindgen's macros emit it; none is written by hand.
