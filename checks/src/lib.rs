//! Randomized checks of billing-core. Each check takes arbitrary bytes and
//! either passes or describes what broke; the cargo-fuzz targets in `fuzz/`
//! call them on fuzzer input, and this crate's property tests call them on
//! proptest input, so both drive one piece of code. Inputs that once broke
//! something are pinned in `tests/regressions.rs`.
//!
//! - [`ledger::operations`], [`ledger::batches`]: random operation
//!   sequences on an account, every invariant after every step.
//! - [`json::decoding`]: JSON of every public form: never a panic; what
//!   decodes re-encodes and decodes to the same value.
//! - [`amounts::parsing`]: amounts, dates and currencies: what parses prints
//!   back the same; rounding, splitting and allocating stay exact.
// Test tooling: a failed expectation is a finding, so unwrapping results
// that must succeed is the point, and inputs are small.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used
)]

pub mod amounts;
pub mod json;
pub mod ledger;

use std::fmt;

/// A check that did not hold, described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

/// Fails the check with a message unless the condition holds.
macro_rules! check {
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err($crate::Failure(format!($($message)+)));
        }
    };
    ($cond:expr $(,)?) => {
        if !$cond {
            return Err($crate::Failure(format!("check failed: {}", stringify!($cond))));
        }
    };
}

/// Fails the check unless the two values are equal.
macro_rules! check_eq {
    ($left:expr, $right:expr $(,)?) => {{
        let (left, right) = (&$left, &$right);
        if left != right {
            return Err($crate::Failure(format!(
                "{} != {}: {left:?} vs {right:?}",
                stringify!($left),
                stringify!($right)
            )));
        }
    }};
    ($left:expr, $right:expr, $($message:tt)+) => {{
        let (left, right) = (&$left, &$right);
        if left != right {
            return Err($crate::Failure(format!(
                "{}: {left:?} vs {right:?}",
                format!($($message)+)
            )));
        }
    }};
}

pub(crate) use {check, check_eq};
