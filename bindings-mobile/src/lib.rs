//! The Kotlin and Swift bindings of billing-core.
#![allow(unsafe_code)] // uniffi's macros emit it; none is written by hand.

uniffi::setup_scaffolding!();
