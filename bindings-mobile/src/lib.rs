//! The Kotlin and Swift bindings of billing-core, made with uniffi.
//!
//! A thin layer: records (Kotlin data classes, Swift structs) converted
//! from the core's types, one [`Account`](account::Account) object that
//! delegates to `billing_core::Account` behind a mutex, the stateless
//! calculations ([`calc`]), and one exception family ([`errors`]). Amounts
//! and dates cross as strings and are parsed inside the exported functions,
//! so bad text raises a typed `BillingException`, never an internal error.
//! No domain logic lives here.
//!
//! Files mirror the core's modules: the Kotlin/Swift face of
//! `billing_core::view` is in `view.rs`, and so on.
#![allow(unsafe_code)] // uniffi's macros emit it; none is written by hand.

uniffi::setup_scaffolding!();

pub mod account;
pub mod calc;
pub mod currency;
pub mod errors;
pub mod invoice;
pub mod ledger;
pub mod method;
pub mod operation;
pub mod outcome;
pub mod report;
pub mod rounding;
pub mod series;
pub mod totals;
mod values;
pub mod view;
