// Hand-written companion of the generated bindings (compiled with them):
// the fields every BillingException variant has, readable on the base class.
//
//     try { account.recordPayment(...) } catch (e: BillingException) { log(e.code, e.detail) }
package io.billingcore

/** The core's stable error code, such as `invalid_decimal` (one of [errorCodes]). */
val BillingException.code: String
    get() = when (this) {
        is BillingException.InvalidInput -> code
        is BillingException.CurrencyMismatch -> code
        is BillingException.AmountOverflow -> code
        is BillingException.InvalidState -> code
        is BillingException.NotFound -> code
        is BillingException.Conflict -> code
        is BillingException.LimitExceeded -> code
    }

/** The English message. */
val BillingException.detail: String
    get() = when (this) {
        is BillingException.InvalidInput -> detail
        is BillingException.CurrencyMismatch -> detail
        is BillingException.AmountOverflow -> detail
        is BillingException.InvalidState -> detail
        is BillingException.NotFound -> detail
        is BillingException.Conflict -> detail
        is BillingException.LimitExceeded -> detail
    }

/** The error's fields as a JSON object (`{"currency":"USD","minor_units":2}`; `{}` if none). */
val BillingException.detailsJson: String
    get() = when (this) {
        is BillingException.InvalidInput -> detailsJson
        is BillingException.CurrencyMismatch -> detailsJson
        is BillingException.AmountOverflow -> detailsJson
        is BillingException.InvalidState -> detailsJson
        is BillingException.NotFound -> detailsJson
        is BillingException.Conflict -> detailsJson
        is BillingException.LimitExceeded -> detailsJson
    }

/** In a refused batch, the position of the refused operation (from 0); otherwise null. */
val BillingException.index: Int?
    get() = when (this) {
        is BillingException.InvalidInput -> index
        is BillingException.CurrencyMismatch -> index
        is BillingException.AmountOverflow -> index
        is BillingException.InvalidState -> index
        is BillingException.NotFound -> index
        is BillingException.Conflict -> index
        is BillingException.LimitExceeded -> index
    }
