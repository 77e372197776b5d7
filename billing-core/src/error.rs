//! The one error type of billing-core, with a stable code per variant.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::invoice::InvoiceKind;
use crate::ledger::PaymentState;
use crate::money::Money;
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
/// The JSON form (written, not read) is an object whose `code` field is
/// [`Error::code`], with the variant's fields beside it: `{"code":"scale_exceeded","currency":"USD","minor_units":2}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
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
    /// (`YYYY-MM-DD`) in the years 0001 to 9999, or names a day that does
    /// not exist.
    #[error("not a date written YYYY-MM-DD in the years 0001 to 9999, or no such day")]
    InvalidDate,

    /// A date the library computes (the start of a billing cycle, a due
    /// date, the end of a service period) would fall outside the years
    /// 0001 to 9999: a date it could not write as `YYYY-MM-DD`, nor read
    /// back from a snapshot.
    #[error("a computed date would fall outside the years 0001 to 9999")]
    DateOutOfRange,

    /// A period (a statement's `from` and `to`) ends before it starts. A
    /// one-day period has `from` equal to `to`.
    #[error("the period from {from} to {to} ends before it starts")]
    InvalidPeriod {
        /// Its first day.
        from: NaiveDate,
        /// Its last day.
        to: NaiveDate,
    },

    /// Text or a list is longer than the library takes: an id over
    /// [`MAX_ID_CHARS`](crate::MAX_ID_CHARS) characters, free text over
    /// [`MAX_TEXT_CHARS`](crate::MAX_TEXT_CHARS), an invoice over
    /// [`MAX_LINES`](crate::MAX_LINES) lines. (Every answer and snapshot
    /// stays of a size every host can hold.)
    #[error("{field} is too long: at most {max} {unit}")]
    TooLong {
        /// What is too long (`"invoice id"`, `"line 0 description"`, `"an
        /// invoice"`).
        field: String,
        /// The most allowed.
        max: u32,
        /// Of what: `"characters"` or `"lines"`.
        unit: &'static str,
    },

    /// A number was given where an exact decimal is expected: a host float
    /// (Python `float`, a JavaScript number) or a JSON number, which most
    /// readers turn into a binary float. Amounts travel as decimal strings
    /// or the host's decimal type.
    #[error(
        "numbers are refused for money and other exact decimals (binary floats lose cents); pass a decimal string or the host's decimal type"
    )]
    FloatRefused,

    /// A currency code is not an ISO 4217 currency with minor units
    /// (codes are upper case: `"USD"`).
    #[error(
        "unknown currency code (expected an ISO 4217 code such as \"USD\", upper case; a custom currency is defined with its code and minor_units)"
    )]
    UnknownCurrency,

    /// A read that takes a currency was asked without one, and the account
    /// does not use exactly one currency to default to.
    #[error("name a currency: the account uses {count} currencies")]
    CurrencyRequired {
        /// How many currencies the account uses.
        count: usize,
    },

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
    #[error("currency mismatch: {}", mismatch(.expected, .found))]
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
    /// minor units, a decimal has more than 28 decimal places, or a product
    /// of decimals lost its precision. (Also returned, in theory, by an
    /// account past 2^32 history entries, invoices, payments or
    /// settlements.)
    #[error(
        "arithmetic overflow: the number cannot be represented exactly (too large, or more than 28 decimal places)"
    )]
    Overflow,

    /// A split into parts was asked for with zero parts.
    #[error("cannot split into zero parts")]
    NoParts,

    /// A split into more parts (or by more ratios) than
    /// [`MAX_PARTS`](crate::MAX_PARTS) was asked for.
    #[error("cannot split into more than {max} parts")]
    TooManyParts {
        /// The most parts a split may have.
        max: usize,
    },

    /// Ratios for a split are empty, negative, or sum to zero.
    #[error("split ratios must be non-empty, non-negative, and not all zero")]
    InvalidRatios,

    // ----- documents ----------------------------------------------------
    /// A required identifier is empty, or only whitespace.
    #[error("the {field} must not be empty or blank")]
    EmptyId {
        /// Which identifier (for example `"invoice id"`).
        field: String,
    },

    /// An identifier holds a control character (a newline, a tab, NUL...)
    /// or an invisible formatting character that reorders text or hides
    /// between letters (bidirectional marks, embeddings, overrides and
    /// isolates; zero-width space, word joiner, byte order mark, soft
    /// hyphen): such an id prints as another id, or breaks the line of a
    /// log or an export.
    #[error("the {field} holds a control or invisible formatting character ({character})")]
    InvalidId {
        /// Which identifier (for example `"invoice id"`).
        field: String,
        /// The first such character, as `U+202E`.
        character: String,
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

    /// A tax rate is negative. (A blank rate id is [`Error::EmptyId`], as
    /// every id.)
    #[error("line {line}: a tax rate's percentage must be at least zero")]
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

    // ----- the account ledger --------------------------------------------
    /// No invoice with this id in the account (deleted drafts are gone).
    #[error("no invoice {invoice} in this account")]
    UnknownInvoice {
        /// The invoice id asked for.
        invoice: String,
    },

    /// No payment with this id in the account.
    #[error("no payment {payment} in this account")]
    UnknownPayment {
        /// The payment id asked for.
        payment: String,
    },

    /// An invoice with this id exists in the account, or did (a deleted
    /// draft's id is not used again).
    #[error(
        "invoice id {invoice} is already used in this account (the id of a deleted draft is not used again)"
    )]
    DuplicateInvoice {
        /// The invoice id.
        invoice: String,
    },

    /// A payment with this id already exists in the account.
    #[error("payment {payment} already exists in this account")]
    DuplicatePayment {
        /// The payment id.
        payment: String,
    },

    /// The payment already has a refund with this id (a payment refund
    /// and a refund document paying cash back are both refunds of it).
    #[error("payment {payment} already has a refund {refund}")]
    DuplicateRefund {
        /// The payment id.
        payment: String,
        /// The refund id (or the refund document's id).
        refund: String,
    },

    /// No credit source with this number in the account (credit sources
    /// are numbered from 0 in the order they were created).
    #[error("no credit source #{credit_source} in this account")]
    UnknownCreditSource {
        /// The source's number.
        credit_source: u32,
    },

    /// An operation would leave part of a payment neither allocated,
    /// credited nor refunded (only a corrupt history can cause this).
    #[error("payment {payment} would be left with money neither allocated, credited nor refunded")]
    UnbalancedPayment {
        /// The payment id.
        payment: String,
    },

    /// A replayed history leaves credit beside invoices still due in one
    /// currency although the settings apply credit automatically: it was
    /// made under other settings (replay it with the settings the account
    /// was opened with).
    #[error(
        "with auto-apply on, {currency} credit cannot sit beside invoices still due: the history was made under other settings"
    )]
    SettingsMismatch {
        /// The currency.
        currency: Currency,
    },

    /// The operation needs a draft, and the invoice is not one.
    #[error("invoice {invoice} is {status}, not a draft")]
    InvoiceNotDraft {
        /// The invoice id.
        invoice: String,
        /// Its status.
        status: InvoiceStatus,
    },

    /// The invoice cannot take money: it is a draft, void, or a credit or
    /// refund document.
    #[error("invoice {invoice} cannot be paid: it is a {kind} document in status {status}")]
    InvoiceNotPayable {
        /// The invoice id.
        invoice: String,
        /// Its kind.
        kind: InvoiceKind,
        /// Its status.
        status: InvoiceStatus,
    },

    /// The invoice cannot be reversed by a refund document: it is not an
    /// issued, non-void charge invoice.
    #[error("invoice {invoice} cannot be refunded: it is a {kind} document in status {status}")]
    InvoiceNotRefundable {
        /// The invoice id.
        invoice: String,
        /// Its kind.
        kind: InvoiceKind,
        /// Its status.
        status: InvoiceStatus,
    },

    /// An amount that must be above zero is zero or negative.
    #[error("the amount must be greater than zero")]
    NonPositiveAmount,

    /// One payment names the same invoice twice in its allocations.
    #[error("invoice {invoice} appears twice in the allocations")]
    DuplicateAllocation {
        /// The invoice id.
        invoice: String,
    },

    /// An allocation or credit application is larger than what the invoice
    /// still has open for allocation (its amount due less what pending
    /// payments already cover).
    #[error("invoice {invoice} has only {open} open for allocation")]
    AllocationExceedsDue {
        /// The invoice id.
        invoice: String,
        /// What can still be allocated to it.
        open: Money,
    },

    /// The allocations of a payment add up to more than the payment.
    #[error("the allocations total {allocated}, more than the payment of {amount}")]
    AllocationExceedsPayment {
        /// The sum of the allocations.
        allocated: Money,
        /// The payment's amount.
        amount: Money,
    },

    /// Moving an allocation: the payment has less than that on the invoice.
    #[error("payment {payment} has only {allocated} allocated to invoice {invoice}")]
    AllocationExceedsAllocated {
        /// The payment id.
        payment: String,
        /// The invoice id.
        invoice: String,
        /// What the payment has allocated to it.
        allocated: Money,
    },

    /// Moving an allocation from an invoice to itself.
    #[error("an allocation cannot be moved to the invoice it is on")]
    SameInvoice,

    /// The payment leaves money unallocated and the overpayment policy
    /// refuses it.
    #[error("the payment leaves {unallocated} unallocated and the overpayment policy is refuse")]
    Overpayment {
        /// What would be left over.
        unallocated: Money,
    },

    /// The operation needs a pending payment.
    #[error("payment {payment} is {state}, not pending")]
    PaymentNotPending {
        /// The payment id.
        payment: String,
        /// Its state.
        state: PaymentState,
    },

    /// The operation needs a succeeded payment.
    #[error("payment {payment} is {state}; only a succeeded payment can be refunded")]
    PaymentNotSucceeded {
        /// The payment id.
        payment: String,
        /// Its state.
        state: PaymentState,
    },

    /// Less credit is available than asked for.
    #[error("only {available} of credit is available")]
    InsufficientCredit {
        /// The credit available in that currency.
        available: Money,
    },

    /// A payment refund asks for more than the payment has left to refund.
    #[error("payment {payment} has only {refundable} left to refund")]
    RefundExceedsRefundable {
        /// The payment id.
        payment: String,
        /// What can still be refunded.
        refundable: Money,
    },

    /// A refund document reverses more than its invoice has left to
    /// reverse (its total less what earlier refund documents reversed).
    #[error("invoice {invoice} has only {refundable} left to reverse")]
    RefundExceedsInvoice {
        /// The invoice id.
        invoice: String,
        /// What can still be reversed.
        refundable: Money,
    },

    /// An invoice with settled payments on it cannot be voided; refund or
    /// move them first.
    #[error("invoice {invoice} has payments on it; refund or move them before voiding")]
    InvoiceHasPayments {
        /// The invoice id.
        invoice: String,
    },

    /// The operation must wait until the pending payments on the invoice
    /// settle or fail.
    #[error("invoice {invoice} has pending payments on it; settle or fail them first")]
    InvoiceHasPendingPayments {
        /// The invoice id.
        invoice: String,
    },

    /// An operation is dated before the payment or invoice it acts on: a
    /// payment settled or failed before its own date, or refunded before
    /// it succeeded; an allocation moved before its payment's date; a
    /// payment's money taken off an invoice (refunded, failed, moved, or
    /// paid back by a refund document) before the payment's latest
    /// allocation or move on that invoice; an invoice voided or written
    /// off before it was issued, or voided before a refund document that
    /// reverses part of it (the target is then that document); a refund
    /// document issued before the invoice it reverses.
    /// Reports place every operation by its date, so such a date would
    /// show money leaving before it arrived.
    #[error("the operation is dated {date}, before {target}'s date {earliest}")]
    DatedBeforeTarget {
        /// The operation's date.
        date: NaiveDate,
        /// The payment or invoice it acts on.
        target: String,
        /// The earliest date it may carry: the payment's date (its
        /// success, for a refund; its latest entry on the invoice it takes
        /// money off) or the invoice's issue.
        earliest: NaiveDate,
    },

    /// A credit document whose credit was already used cannot be voided.
    #[error("credit document {invoice} has been used; it can no longer be voided")]
    CreditAlreadyUsed {
        /// The credit document's id.
        invoice: String,
    },

    /// The account is at another version than the operation expected
    /// (optimistic concurrency: reload and retry).
    #[error("the account is at version {actual}, not the expected {expected}")]
    VersionConflict {
        /// The version the caller expected.
        expected: u64,
        /// The account's version.
        actual: u64,
    },

    /// An operation id was used before for an operation with different
    /// content (a second void of an invoice under another date, a payment
    /// id reused for another amount): `version` names the operation that
    /// used it ([`Account::outcome_of`](crate::Account::outcome_of)).
    #[error("{key} was already used, by the operation of version {version}, for other content")]
    IdempotencyConflict {
        /// The idempotency key, such as `payment:PAY-1`.
        key: String,
        /// The account version the operation that used the key produced.
        version: u64,
    },

    /// A history entry does not apply to the account being rebuilt (out of
    /// order, or its events contradict the state).
    #[error("history entry {version} does not apply: {cause}")]
    CorruptHistory {
        /// The version of the entry.
        version: u64,
        /// Why its events do not apply.
        cause: Box<Error>,
    },

    // ----- recurring series and payment methods ----------------------------
    /// A billing cycle repeats every zero units, or more than 1,000.
    #[error("a billing cycle must repeat every 1 to 1,000 days, weeks, months or years")]
    InvalidCycle,

    /// A series ends on or before its start, or (ending a series) on or
    /// before the start of a period already billed, or after the end of a
    /// period billed short, or its due days are out of range.
    #[error(
        "a series must end after it starts, after the start of every period already billed and not after the end of one billed short, and be due within 3,650 days of issue"
    )]
    InvalidSeriesDates,

    /// Billing a series through the date given would issue more invoices
    /// at once than [`Series::billable_at_once`](crate::Series::billable_at_once)
    /// allows: [`MAX_BILLED_PERIODS`](crate::MAX_BILLED_PERIODS), fewer for
    /// a series of many lines.
    #[error(
        "billing series {series} through that date would issue more than {max} invoices at once; bill it in steps"
    )]
    TooManyPeriods {
        /// The series.
        series: String,
        /// The most invoices one billing issues.
        max: u32,
    },

    /// No series with this id in the account.
    #[error("no series {series} in this account")]
    UnknownSeries {
        /// The series id.
        series: String,
    },

    /// A series with this id already exists in the account.
    #[error("series {series} already exists in this account")]
    DuplicateSeries {
        /// The series id.
        series: String,
    },

    /// A field holds a full card number or a card security code. Card data
    /// is never accepted, stored or echoed: pass the payment provider's
    /// token instead.
    #[error(
        "the {field} holds card data (a full card number or security code); pass a token instead"
    )]
    CardDataRefused {
        /// Which field (never its value).
        field: String,
    },

    /// A payment method field is malformed (`last4` not four digits, an
    /// expiry month outside 1 to 12).
    #[error("payment method {field} is malformed")]
    InvalidPaymentMethod {
        /// Which field.
        field: String,
    },

    /// No live payment method with this id in the account.
    #[error("no payment method {method} in this account")]
    UnknownPaymentMethod {
        /// The method id.
        method: String,
    },

    /// A payment method with this id already exists (ids are not reused,
    /// even after removal).
    #[error("payment method {method} already exists in this account")]
    DuplicatePaymentMethod {
        /// The method id.
        method: String,
    },

    // ----- formats ------------------------------------------------------
    /// JSON could not be decoded: bad syntax, a missing or unknown field,
    /// or a value of the wrong type.
    #[error("invalid JSON: {message}")]
    InvalidJson {
        /// What was wrong and where. No value of the input is echoed (not
        /// a string's contents, an unknown field or variant name, nor a
        /// number); the names the library defines are.
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

/// Every [`Error::code`], in declaration order. Bindings use it to check
/// that each code maps to an exception class.
pub const ERROR_CODES: &[&str] = &[
    "invalid_decimal",
    "invalid_date",
    "date_out_of_range",
    "invalid_period",
    "too_long",
    "float_refused",
    "unknown_currency",
    "currency_required",
    "invalid_currency_code",
    "invalid_minor_units",
    "currency_mismatch",
    "scale_exceeded",
    "overflow",
    "no_parts",
    "too_many_parts",
    "invalid_ratios",
    "empty_id",
    "invalid_id",
    "due_before_issue",
    "invalid_service_period",
    "no_lines",
    "negative_quantity",
    "negative_unit_price",
    "invalid_discount",
    "discount_exceeds_amount",
    "invalid_tax_rate",
    "mixed_tax_inclusion",
    "duplicate_tax_rate",
    "conflicting_tax_rate",
    "missing_refund_target",
    "unexpected_refund_target",
    "invalid_transition",
    "unknown_invoice",
    "unknown_payment",
    "duplicate_invoice",
    "duplicate_payment",
    "duplicate_refund",
    "unknown_credit_source",
    "unbalanced_payment",
    "settings_mismatch",
    "invoice_not_draft",
    "invoice_not_payable",
    "invoice_not_refundable",
    "non_positive_amount",
    "duplicate_allocation",
    "allocation_exceeds_due",
    "allocation_exceeds_payment",
    "allocation_exceeds_allocated",
    "same_invoice",
    "overpayment",
    "payment_not_pending",
    "payment_not_succeeded",
    "insufficient_credit",
    "refund_exceeds_refundable",
    "refund_exceeds_invoice",
    "invoice_has_payments",
    "invoice_has_pending_payments",
    "dated_before_target",
    "credit_already_used",
    "version_conflict",
    "idempotency_conflict",
    "corrupt_history",
    "invalid_cycle",
    "invalid_series_dates",
    "too_many_periods",
    "unknown_series",
    "duplicate_series",
    "card_data_refused",
    "invalid_payment_method",
    "unknown_payment_method",
    "duplicate_payment_method",
    "invalid_json",
    "unsupported_format",
];

/// "expected USD, found EUR"; two custom currencies of one code differ in
/// their minor units, so those are named.
fn mismatch(expected: &Currency, found: &Currency) -> String {
    if expected.code() == found.code() {
        format!(
            "expected {expected} with {} minor units, found {found} with {}",
            expected.minor_units(),
            found.minor_units()
        )
    } else {
        format!("expected {expected}, found {found}")
    }
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
    /// No such invoice or payment.
    NotFound,
    /// The id or version is already taken: a duplicate, an idempotency key
    /// reused for other content, or a stale expected version.
    Conflict,
    /// An amount is larger than allowed: more than is due, refundable or
    /// available.
    LimitExceeded,
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
            Error::DateOutOfRange => "date_out_of_range",
            Error::InvalidPeriod { .. } => "invalid_period",
            Error::TooLong { .. } => "too_long",
            Error::FloatRefused => "float_refused",
            Error::UnknownCurrency => "unknown_currency",
            Error::CurrencyRequired { .. } => "currency_required",
            Error::InvalidCurrencyCode => "invalid_currency_code",
            Error::InvalidMinorUnits { .. } => "invalid_minor_units",
            Error::CurrencyMismatch { .. } => "currency_mismatch",
            Error::ScaleExceeded { .. } => "scale_exceeded",
            Error::Overflow => "overflow",
            Error::NoParts => "no_parts",
            Error::TooManyParts { .. } => "too_many_parts",
            Error::InvalidRatios => "invalid_ratios",
            Error::EmptyId { .. } => "empty_id",
            Error::InvalidId { .. } => "invalid_id",
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
            Error::UnknownInvoice { .. } => "unknown_invoice",
            Error::UnknownPayment { .. } => "unknown_payment",
            Error::DuplicateInvoice { .. } => "duplicate_invoice",
            Error::DuplicatePayment { .. } => "duplicate_payment",
            Error::DuplicateRefund { .. } => "duplicate_refund",
            Error::UnknownCreditSource { .. } => "unknown_credit_source",
            Error::UnbalancedPayment { .. } => "unbalanced_payment",
            Error::SettingsMismatch { .. } => "settings_mismatch",
            Error::InvoiceNotDraft { .. } => "invoice_not_draft",
            Error::InvoiceNotPayable { .. } => "invoice_not_payable",
            Error::InvoiceNotRefundable { .. } => "invoice_not_refundable",
            Error::NonPositiveAmount => "non_positive_amount",
            Error::DuplicateAllocation { .. } => "duplicate_allocation",
            Error::AllocationExceedsDue { .. } => "allocation_exceeds_due",
            Error::AllocationExceedsPayment { .. } => "allocation_exceeds_payment",
            Error::AllocationExceedsAllocated { .. } => "allocation_exceeds_allocated",
            Error::SameInvoice => "same_invoice",
            Error::Overpayment { .. } => "overpayment",
            Error::PaymentNotPending { .. } => "payment_not_pending",
            Error::PaymentNotSucceeded { .. } => "payment_not_succeeded",
            Error::InsufficientCredit { .. } => "insufficient_credit",
            Error::RefundExceedsRefundable { .. } => "refund_exceeds_refundable",
            Error::RefundExceedsInvoice { .. } => "refund_exceeds_invoice",
            Error::InvoiceHasPayments { .. } => "invoice_has_payments",
            Error::InvoiceHasPendingPayments { .. } => "invoice_has_pending_payments",
            Error::DatedBeforeTarget { .. } => "dated_before_target",
            Error::CreditAlreadyUsed { .. } => "credit_already_used",
            Error::VersionConflict { .. } => "version_conflict",
            Error::IdempotencyConflict { .. } => "idempotency_conflict",
            Error::CorruptHistory { .. } => "corrupt_history",
            Error::InvalidCycle => "invalid_cycle",
            Error::InvalidSeriesDates => "invalid_series_dates",
            Error::TooManyPeriods { .. } => "too_many_periods",
            Error::UnknownSeries { .. } => "unknown_series",
            Error::DuplicateSeries { .. } => "duplicate_series",
            Error::CardDataRefused { .. } => "card_data_refused",
            Error::InvalidPaymentMethod { .. } => "invalid_payment_method",
            Error::UnknownPaymentMethod { .. } => "unknown_payment_method",
            Error::DuplicatePaymentMethod { .. } => "duplicate_payment_method",
            Error::InvalidJson { .. } => "invalid_json",
            Error::UnsupportedFormat { .. } => "unsupported_format",
        }
    }

    /// The family this error belongs to; see [`ErrorKind`].
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::CurrencyMismatch { .. } => ErrorKind::CurrencyMismatch,
            Error::Overflow => ErrorKind::Overflow,
            Error::UnknownInvoice { .. }
            | Error::UnknownPayment { .. }
            | Error::UnknownCreditSource { .. }
            | Error::UnknownSeries { .. }
            | Error::UnknownPaymentMethod { .. } => ErrorKind::NotFound,
            Error::DuplicateInvoice { .. }
            | Error::DuplicatePayment { .. }
            | Error::DuplicateRefund { .. }
            | Error::DuplicateSeries { .. }
            | Error::DuplicatePaymentMethod { .. }
            | Error::VersionConflict { .. }
            | Error::IdempotencyConflict { .. } => ErrorKind::Conflict,
            Error::InvalidTransition { .. }
            | Error::InvoiceNotDraft { .. }
            | Error::InvoiceNotPayable { .. }
            | Error::InvoiceNotRefundable { .. }
            | Error::PaymentNotPending { .. }
            | Error::PaymentNotSucceeded { .. }
            | Error::InvoiceHasPayments { .. }
            | Error::InvoiceHasPendingPayments { .. }
            | Error::CreditAlreadyUsed { .. }
            | Error::UnbalancedPayment { .. }
            | Error::SettingsMismatch { .. } => ErrorKind::InvalidState,
            Error::AllocationExceedsDue { .. }
            | Error::AllocationExceedsPayment { .. }
            | Error::AllocationExceedsAllocated { .. }
            | Error::Overpayment { .. }
            | Error::InsufficientCredit { .. }
            | Error::RefundExceedsRefundable { .. }
            | Error::RefundExceedsInvoice { .. } => ErrorKind::LimitExceeded,
            Error::InvalidDecimal
            | Error::InvalidDate
            | Error::DateOutOfRange
            | Error::InvalidPeriod { .. }
            | Error::TooLong { .. }
            | Error::FloatRefused
            | Error::UnknownCurrency
            | Error::CurrencyRequired { .. }
            | Error::InvalidCurrencyCode
            | Error::InvalidMinorUnits { .. }
            | Error::ScaleExceeded { .. }
            | Error::NoParts
            | Error::TooManyParts { .. }
            | Error::InvalidRatios
            | Error::EmptyId { .. }
            | Error::InvalidId { .. }
            | Error::DueBeforeIssue
            | Error::DatedBeforeTarget { .. }
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
            | Error::NonPositiveAmount
            | Error::DuplicateAllocation { .. }
            | Error::SameInvoice
            | Error::CorruptHistory { .. }
            | Error::InvalidCycle
            | Error::InvalidSeriesDates
            | Error::TooManyPeriods { .. }
            | Error::CardDataRefused { .. }
            | Error::InvalidPaymentMethod { .. }
            | Error::InvalidJson { .. }
            | Error::UnsupportedFormat { .. } => ErrorKind::InvalidInput,
        }
    }
}

/// `Option` to `Result` with [`Error::Overflow`] for `None`. Unlike
/// `ok_or(Error::Overflow)`, it builds no `Error` on success: that one is
/// built and then dropped through `Error`'s drop glue on every checked sum,
/// a measurable cost on the payment and replay paths.
pub(crate) trait OrOverflow<T> {
    /// `Some(v)` to `Ok(v)`, `None` to `Err(Error::Overflow)`.
    fn or_overflow(self) -> Result<T, Error>;
}

impl<T> OrOverflow<T> for Option<T> {
    #[inline]
    fn or_overflow(self) -> Result<T, Error> {
        match self {
            Some(value) => Ok(value),
            None => Err(Error::Overflow),
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
        }
        assert_eq!(
            serde_json::to_string(&Error::InvalidMinorUnits { max: 18 }).unwrap(),
            r#"{"code":"invalid_minor_units","max":18}"#
        );
    }

    #[test]
    fn a_mismatch_of_one_code_names_the_minor_units() {
        let usd = Currency::iso("USD").unwrap();
        let eur = Currency::iso("EUR").unwrap();
        let credits = |units| Currency::custom("CREDITS", units).unwrap();
        let message = |expected, found| Error::CurrencyMismatch { expected, found }.to_string();
        assert_eq!(
            message(usd, eur),
            "currency mismatch: expected USD, found EUR"
        );
        assert_eq!(
            message(credits(4), credits(2)),
            "currency mismatch: expected CREDITS with 4 minor units, found CREDITS with 2"
        );
    }

    #[test]
    fn a_typed_error_survives_serde_and_stays_on_its_thread() {
        let err: serde_json::Error = crate::json::de_error(Error::ScaleExceeded {
            currency: crate::Currency::iso("USD").unwrap(),
            minor_units: 2,
        });
        let message = err.to_string();
        // Read on another thread, only the message is there.
        let elsewhere = std::thread::spawn({
            let message = message.clone();
            move || crate::json::decode_error(&message)
        })
        .join()
        .unwrap();
        assert_eq!(elsewhere.code(), "invalid_json");
        assert!(!elsewhere.to_string().contains('\u{1}'), "{elsewhere}");
        // Here, the typed error, once.
        assert_eq!(crate::json::decode_error(&message).code(), "scale_exceeded");
        assert_eq!(crate::json::decode_error(&message).code(), "invalid_json");
    }

    /// Found by a probe of the Kotlin binding: a document refused as
    /// unsupported left its data's carried error behind, and a later decode
    /// on the thread whose message held the marks and that error's number
    /// (a user string: an unknown operation named "\u{1}1\u{1}") was given
    /// it, `invalid_decimal` instead of `invalid_json`.
    #[test]
    fn a_carried_error_never_reaches_a_later_decode() {
        std::thread::spawn(|| {
            let newer = r#"{"format": "billing-core/account", "version": 99,
                "data": {"id": "a", "history": [{"amount": "1e5"}]}}"#;
            let refused = crate::json::from_document::<crate::Account>(newer).unwrap_err();
            assert_eq!(refused.code(), "unsupported_format");
            for number in 0..5 {
                let text = format!(r#"{{"op": "\u0001{number}\u0001"}}"#);
                let err = crate::json::from_str::<crate::Operation>(&text).unwrap_err();
                assert_eq!(err.code(), "invalid_json", "{number}: {err}");
            }
            // Nor one a later decode did not pick up (it succeeded).
            let left: serde_json::Error = crate::json::de_error(Error::Overflow);
            let _ = crate::json::from_str::<crate::Money>(r#"{"amount": "1", "currency": "USD"}"#);
            assert_eq!(
                crate::json::decode_error(&left.to_string()).code(),
                "invalid_json"
            );
        })
        .join()
        .unwrap();
    }
}
