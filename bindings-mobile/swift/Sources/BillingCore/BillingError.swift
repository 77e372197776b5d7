// Hand-written companion of the generated BillingCore.swift (copied next to
// it by prepare.sh): the error type under the name docs/bindings.md gives it,
// and the fields every case has, readable without matching the case.
//
//     do { try account.recordPayment(...) } catch let e as BillingError { print(e.code, e.detail) }

/// Every failure of billing-core: one case per error kind
/// (`BillingError.InvalidInput`, `.NotFound`, ...).
public typealias BillingError = BillingException

extension BillingException {
    private var fields: (code: String, detail: String, detailsJson: String, index: Int32?) {
        switch self {
        case let .InvalidInput(code, detail, detailsJson, index),
             let .CurrencyMismatch(code, detail, detailsJson, index),
             let .AmountOverflow(code, detail, detailsJson, index),
             let .InvalidState(code, detail, detailsJson, index),
             let .NotFound(code, detail, detailsJson, index),
             let .Conflict(code, detail, detailsJson, index),
             let .LimitExceeded(code, detail, detailsJson, index):
            return (code, detail, detailsJson, index)
        }
    }

    /// The core's stable error code, such as `invalid_decimal` (one of `errorCodes()`).
    public var code: String { fields.code }

    /// The English message.
    public var detail: String { fields.detail }

    /// The error's fields as a JSON object (`{"currency":"USD","minor_units":2}`; `{}` if none).
    public var detailsJson: String { fields.detailsJson }

    /// In a refused batch, the position of the refused operation (from 0); otherwise nil.
    public var index: Int32? { fields.index }
}
