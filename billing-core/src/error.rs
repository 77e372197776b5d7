//! The one error type of billing-core, with a stable code per variant.

use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::status::InvoiceStatus;

/// Everything that can go wrong in billing-core.
///
/// Every fallible function returns this type. Each variant has a stable,
/// machine-readable [`code`](Error::code) (snake case, never reused or
/// renamed) that the Python, JavaScript and Kotlin/Swift bindings expose
/// unchanged, and a [`kind`](Error::kind) that groups variants into the
/// exception classes of those bindings.
///
/// Messages never contain personal data or echo free-form input (an amount
/// or currency field could hold anything a user pasted). They may name the
/// caller's own identifiers (invoice and payment ids), currencies, amounts
/// computed by the library, and statuses.
///
/// The JSON form is an object whose `code` field is [`Error::code`], with the
/// variant's fields beside it: `{"code":"scale_exceeded","currency":"USD","minor_units":2}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Error {
    // ----- values -------------------------------------------------------
    /// Text that should be a decimal number is not one. Amounts, prices,
    /// quantities and rates are written as plain decimals: an optional `-`,
    /// digits, and optionally `.` followed by digits (`"150.00"`, `"-3"`,
    /// `"0.0015"`); no exponent, sign `+`, spaces or digit separators.
    #[error(
        "not a plain decimal number (expected digits, an optional leading '-' and at most one '.')"
    )]
    InvalidDecimal,

    /// Text that should be a date is not an ISO 8601 calendar date
    /// (`YYYY-MM-DD`), or names a day that does not exist.
    #[error("not a date written YYYY-MM-DD, or no such day")]
    InvalidDate,

    /// A binary floating-point number was given where money or another
    /// exact decimal is expected. Bindings raise this for host floats.
    #[error(
        "binary floating-point numbers are refused for exact decimals; pass a decimal string or the host's decimal type"
    )]
    FloatRefused,

    /// A currency code is not an ISO 4217 currency with minor units
    /// (codes are upper case: `"USD"`).
    #[error("unknown currency code (expected an ISO 4217 code such as \"USD\", upper case)")]
    UnknownCurrency,

    /// A custom currency code breaks the naming rules or collides with an
    /// ISO 4217 code.
    #[error(
        "invalid custom currency code (1 to 12 upper-case letters, digits, '_' or '-', starting with a letter, and not an ISO 4217 code)"
    )]
    InvalidCurrencyCode,

    /// A custom currency asks for more minor units than supported.
    #[error("a currency may have at most {max} minor units")]
    InvalidMinorUnits {
        /// The largest number of minor units allowed.
        max: u32,
    },

    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: expected {expected}, found {found}")]
    CurrencyMismatch {
        /// The currency required by the operation.
        expected: Currency,
        /// The currency that was given.
        found: Currency,
    },

    /// An amount has more decimal places than its currency allows and no
    /// rounding was asked for.
    #[error("amount has more decimal places than {currency} allows ({minor_units})")]
    ScaleExceeded {
        /// The currency of the amount.
        currency: Currency,
        /// The number of decimal places that currency allows.
        minor_units: u32,
    },

    /// A result does not fit: an amount is larger than about 7.9 × 10^28
    /// minor units, or a product of decimals lost its precision.
    #[error("arithmetic overflow: the amount is too large to be represented exactly")]
    Overflow,

    /// A split into parts was asked for with zero parts.
    #[error("cannot split into zero parts")]
    NoParts,

    /// Ratios for a split are empty, negative, or sum to zero.
    #[error("split ratios must be non-empty, non-negative, and not all zero")]
    InvalidRatios,

    // ----- documents ----------------------------------------------------
    /// A required identifier is empty.
    #[error("the {field} must not be empty")]
    EmptyId {
        /// Which identifier (for example `"invoice id"`).
        field: String,
    },

    /// An invoice's due date is before its issue date.
    #[error("the due date is before the issue date")]
    DueBeforeIssue,

    /// A line's service period ends before it starts.
    #[error("line {line}: the service period ends before it starts")]
    InvalidServicePeriod {
        /// The line's position, counting from 0.
        line: usize,
    },

    /// An invoice has no lines.
    #[error("an invoice needs at least one line")]
    NoLines,

    /// A line has a negative quantity.
    #[error("line {line}: the quantity is negative")]
    NegativeQuantity {
        /// The line's position, counting from 0.
        line: usize,
    },

    /// A line has a negative unit price.
    #[error("line {line}: the unit price is negative")]
    NegativeUnitPrice {
        /// The line's position, counting from 0.
        line: usize,
    },

    /// A discount is negative, or a percentage discount is over 100.
    #[error("{}: a discount must be an amount of at least zero or a percentage from 0 to 100", line_or_invoice(*.line))]
    InvalidDiscount {
        /// The line's position, or `None` for the invoice-level discount.
        line: Option<usize>,
    },

    /// A discount is larger than the amount it applies to.
    #[error("{}: the discount is larger than the amount it applies to", line_or_invoice(*.line))]
    DiscountExceedsAmount {
        /// The line's position, or `None` for the invoice-level discount.
        line: Option<usize>,
    },

    /// A tax rate is negative or has an empty id.
    #[error("line {line}: a tax rate needs an id and a percentage of at least zero")]
    InvalidTaxRate {
        /// The line's position, counting from 0.
        line: usize,
    },

    /// A line mixes tax-inclusive and tax-exclusive rates.
    #[error("line {line}: tax rates on one line must be all inclusive or all exclusive")]
    MixedTaxInclusion {
        /// The line's position, counting from 0.
        line: usize,
    },

    /// A line names the same tax rate twice.
    #[error("line {line}: tax rate {rate} appears twice")]
    DuplicateTaxRate {
        /// The line's position, counting from 0.
        line: usize,
        /// The rate's id.
        rate: String,
    },

    /// Two lines use the same tax rate id with different percentages or
    /// inclusion.
    #[error("tax rate {rate} is defined differently on two lines")]
    ConflictingTaxRate {
        /// The rate's id.
        rate: String,
    },

    /// A refund document does not name the invoice it reverses.
    #[error("a refund document must name the charge invoice it reverses")]
    MissingRefundTarget,

    /// A document that is not a refund names an invoice to reverse.
    #[error("only a refund document may name an invoice to reverse")]
    UnexpectedRefundTarget,

    // ----- statuses -----------------------------------------------------
    /// A status change that the transition table does not allow.
    #[error("an invoice cannot go from {from} to {to}")]
    InvalidTransition {
        /// The current status.
        from: InvoiceStatus,
        /// The refused target status.
        to: InvoiceStatus,
    },

    // ----- formats ------------------------------------------------------
    /// JSON could not be decoded: bad syntax, a missing or unknown field,
    /// or a value of the wrong type.
    #[error("invalid JSON: {message}")]
    InvalidJson {
        /// What was wrong and where (string contents are never echoed).
        message: String,
    },

    /// A versioned JSON document is of another kind or a newer version.
    #[error("unsupported document: expected {expected} version {supported} or older")]
    UnsupportedFormat {
        /// The document kind expected, such as `"billing-core/invoice"`.
        expected: String,
        /// The newest version this library reads.
        supported: u32,
    },
}

fn line_or_invoice(line: Option<usize>) -> String {
    match line {
        Some(line) => format!("line {line}"),
        None => "invoice".to_owned(),
    }
}

/// Groups of errors, for callers (and bindings) that handle whole families
/// alike. Each binding maps a kind to one exception class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad input values: numbers, currencies, documents, formats. Retrying
    /// the same input fails again. (Bindings also derive from the host's
    /// value-error class, such as Python's `ValueError`.)
    InvalidInput,
    /// Amounts in different currencies were combined.
    CurrencyMismatch,
    /// A result is too large to represent exactly.
    Overflow,
    /// The operation is not allowed in the current state of the object
    /// (for example, a status transition the table refuses).
    InvalidState,
}

impl Error {
    /// The stable machine-readable code of this error, such as
    /// `"scale_exceeded"`. Codes are never renamed or reused.
    ///
    /// # Example
    /// ```
    /// use billing_core::{Currency, Money};
    ///
    /// let err = Money::parse("10.001", Currency::iso("USD")?).unwrap_err();
    /// assert_eq!(err.code(), "scale_exceeded");
    /// assert_eq!(err.to_string(), "amount has more decimal places than USD allows (2)");
    /// # Ok::<(), billing_core::Error>(())
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidDecimal => "invalid_decimal",
            Error::InvalidDate => "invalid_date",
            Error::FloatRefused => "float_refused",
            Error::UnknownCurrency => "unknown_currency",
            Error::InvalidCurrencyCode => "invalid_currency_code",
            Error::InvalidMinorUnits { .. } => "invalid_minor_units",
            Error::CurrencyMismatch { .. } => "currency_mismatch",
            Error::ScaleExceeded { .. } => "scale_exceeded",
            Error::Overflow => "overflow",
            Error::NoParts => "no_parts",
            Error::InvalidRatios => "invalid_ratios",
            Error::EmptyId { .. } => "empty_id",
            Error::DueBeforeIssue => "due_before_issue",
            Error::InvalidServicePeriod { .. } => "invalid_service_period",
            Error::NoLines => "no_lines",
            Error::NegativeQuantity { .. } => "negative_quantity",
            Error::NegativeUnitPrice { .. } => "negative_unit_price",
            Error::InvalidDiscount { .. } => "invalid_discount",
            Error::DiscountExceedsAmount { .. } => "discount_exceeds_amount",
            Error::InvalidTaxRate { .. } => "invalid_tax_rate",
            Error::MixedTaxInclusion { .. } => "mixed_tax_inclusion",
            Error::DuplicateTaxRate { .. } => "duplicate_tax_rate",
            Error::ConflictingTaxRate { .. } => "conflicting_tax_rate",
            Error::MissingRefundTarget => "missing_refund_target",
            Error::UnexpectedRefundTarget => "unexpected_refund_target",
            Error::InvalidTransition { .. } => "invalid_transition",
            Error::InvalidJson { .. } => "invalid_json",
            Error::UnsupportedFormat { .. } => "unsupported_format",
        }
    }

    /// The family this error belongs to; see [`ErrorKind`].
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::CurrencyMismatch { .. } => ErrorKind::CurrencyMismatch,
            Error::Overflow => ErrorKind::Overflow,
            Error::InvalidTransition { .. } => ErrorKind::InvalidState,
            Error::InvalidDecimal
            | Error::InvalidDate
            | Error::FloatRefused
            | Error::UnknownCurrency
            | Error::InvalidCurrencyCode
            | Error::InvalidMinorUnits { .. }
            | Error::ScaleExceeded { .. }
            | Error::NoParts
            | Error::InvalidRatios
            | Error::EmptyId { .. }
            | Error::DueBeforeIssue
            | Error::InvalidServicePeriod { .. }
            | Error::NoLines
            | Error::NegativeQuantity { .. }
            | Error::NegativeUnitPrice { .. }
            | Error::InvalidDiscount { .. }
            | Error::DiscountExceedsAmount { .. }
            | Error::InvalidTaxRate { .. }
            | Error::MixedTaxInclusion { .. }
            | Error::DuplicateTaxRate { .. }
            | Error::ConflictingTaxRate { .. }
            | Error::MissingRefundTarget
            | Error::UnexpectedRefundTarget
            | Error::InvalidJson { .. }
            | Error::UnsupportedFormat { .. } => ErrorKind::InvalidInput,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_tag_is_the_code() {
        let errors = [
            Error::InvalidDecimal,
            Error::InvalidMinorUnits { max: 18 },
            Error::DiscountExceedsAmount { line: None },
            Error::InvalidTransition {
                from: InvoiceStatus::Void,
                to: InvoiceStatus::Open,
            },
        ];
        for err in errors {
            let json = serde_json::to_value(&err).unwrap();
            assert_eq!(json["code"], err.code());
            let back: Error = serde_json::from_value(json).unwrap();
            assert_eq!(back, err);
        }
    }
}
