//! The one mapping from billing-core errors to what JavaScript catches.
//!
//! Every refusal is thrown as a JavaScript `Error` whose message is the
//! core's error answer ([`api::error_answer`]):
//! `{"code", "kind", "message", "details"}`, plus `"index"` (from 0) for a
//! refused batch. The package's JavaScript wrapper turns it into the class
//! of its kind (`InvalidInputError`, `NotFoundError`, ...); nothing else is
//! ever thrown, and nothing here panics.

use billing_core::{BatchError, Error, api};
use wasm_bindgen::{JsError, JsValue};

/// A refused call: the core's error, and for a batch the position of the
/// refused operation. Converted to the thrown JavaScript value at the
/// boundary, so exported functions use `?` on core results.
#[derive(Debug)]
pub struct Refused {
    error: Error,
    index: Option<usize>,
}

impl From<Error> for Refused {
    fn from(error: Error) -> Refused {
        Refused { error, index: None }
    }
}

impl From<BatchError> for Refused {
    fn from(refused: BatchError) -> Refused {
        Refused {
            error: refused.error,
            index: Some(refused.index),
        }
    }
}

impl Refused {
    /// The text thrown: the error answer, with `"index"` first for a batch.
    pub fn answer(&self) -> String {
        let answer = api::error_answer(&self.error);
        match (self.index, answer.strip_prefix('{')) {
            (Some(index), Some(rest)) => format!("{{\"index\":{index},{rest}"),
            _ => answer,
        }
    }
}

impl From<Refused> for JsValue {
    fn from(refused: Refused) -> JsValue {
        JsError::new(&refused.answer()).into()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_batch_refusal_names_its_index() {
        let refused = Refused::from(BatchError {
            index: 2,
            error: Error::NonPositiveAmount,
        });
        assert!(
            refused
                .answer()
                .starts_with(r#"{"index":2,"code":"non_positive_amount","kind":"invalid_input""#),
            "{}",
            refused.answer()
        );
        let single = Refused::from(Error::InvalidDate);
        assert!(single.answer().starts_with(r#"{"code":"invalid_date""#));
    }
}
