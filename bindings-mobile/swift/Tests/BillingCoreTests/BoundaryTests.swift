// XCTest boundary tests of the Swift binding, mirroring the Kotlin suite
// (bindings-mobile/tests/kotlin/BoundaryTests.kt): amounts and dates as
// strings, each error case with its code and fields, batches, threads,
// lifetimes, garbage JSON, the typed API. Run on a Mac: ../prepare.sh, then
// `swift test` (no Swift compiler exists on the Linux CI machine).
import Foundation
import XCTest
@testable import BillingCore

private func invoice(
    _ id: String, total: String = "100.00", currency: String = "USD",
    issue: String = "2026-01-01", due: String = "2026-01-31", kind: InvoiceKind = .recurring
) -> Invoice {
    Invoice(
        id: id, kind: kind, currency: currency, issueDate: issue, dueDate: due,
        lines: [Line(description: "Plan", quantity: "1", unitPrice: total)]
    )
}

private func accountWithInvoice() throws -> Account {
    let account = try Account(id: "acme")
    _ = try account.issueInvoice(invoice: invoice("INV-1"))
    return account
}

/// Asserts that `body` throws the BillingError `code` of the given case (`kind`).
private func assertBilling(
    _ kind: String, _ code: String, file: StaticString = #filePath, line: UInt = #line,
    _ body: () throws -> Void
) -> BillingError? {
    do {
        try body()
        XCTFail("expected \(code), nothing was thrown", file: file, line: line)
        return nil
    } catch let error as BillingError {
        XCTAssertEqual(error.code, code, file: file, line: line)
        XCTAssertEqual(caseName(error), kind, file: file, line: line)
        return error
    } catch {
        XCTFail("expected BillingError, got \(error)", file: file, line: line)
        return nil
    }
}

private func caseName(_ error: BillingError) -> String {
    switch error {
    case .InvalidInput: return "InvalidInput"
    case .CurrencyMismatch: return "CurrencyMismatch"
    case .AmountOverflow: return "AmountOverflow"
    case .InvalidState: return "InvalidState"
    case .NotFound: return "NotFound"
    case .Conflict: return "Conflict"
    case .LimitExceeded: return "LimitExceeded"
    }
}

private func json(_ text: String) -> NSDictionary? {
    try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
}

final class BoundaryTests: XCTestCase {
    func testAmountsAreDecimalStringsAtTheCurrencysScale() throws {
        XCTAssertEqual(try parseMoney(amount: "1.5", currency: "USD"), "1.50")
        XCTAssertEqual(try parseMoney(amount: "1000", currency: "JPY"), "1000")
        XCTAssertEqual(try parseMoney(amount: "1.5", currency: "KWD"), "1.500")
    }

    func testBadAmountStringsAreInvalidInput() {
        for bad in ["12,50", "1e3", "", " 1", "+1", "1.", ".5", "abc"] {
            let e = assertBilling("InvalidInput", "invalid_decimal") { _ = try parseMoney(amount: bad, currency: "USD") }
            XCTAssertNil(e?.index)
        }
        let e = assertBilling("InvalidInput", "scale_exceeded") { _ = try parseMoney(amount: "1.005", currency: "USD") }
        XCTAssertEqual(json(e?.detailsJson ?? ""), ["currency": "USD", "minor_units": 2] as NSDictionary)
        _ = assertBilling("AmountOverflow", "overflow") {
            _ = try parseMoney(amount: "79228162514264337593543950336", currency: "USD")
        }
    }

    func testABadAmountOrDateInAnOperationChangesNothing() throws {
        let account = try accountWithInvoice()
        _ = assertBilling("InvalidInput", "invalid_decimal") {
            _ = try account.recordPayment(payment: "PAY-1", amount: "12,50", currency: "USD", date: "2026-01-20")
        }
        _ = assertBilling("InvalidInput", "invalid_date") {
            _ = try account.recordPayment(payment: "PAY-1", amount: "10.00", currency: "USD", date: "2026-02-30")
        }
        XCTAssertEqual(account.version(), 1)
        XCTAssertEqual(account.payments(), [])
    }

    func testEachErrorCase() throws {
        let account = try accountWithInvoice()
        let notFound = assertBilling("NotFound", "unknown_invoice") { _ = try account.invoice(id: "NOPE") }
        XCTAssertEqual(json(notFound?.detailsJson ?? ""), ["invoice": "NOPE"] as NSDictionary)
        _ = assertBilling("CurrencyMismatch", "currency_mismatch") {
            _ = try account.recordPayment(
                payment: "PAY-1", amount: "10.00", currency: "EUR", date: "2026-01-20",
                allocation: .explicit(parts: [AllocationRequest(invoice: "INV-1", amount: "10.00")]))
        }
        _ = assertBilling("LimitExceeded", "overpayment") {
            _ = try account.recordPayment(
                payment: "PAY-1", amount: "150.00", currency: "USD", date: "2026-01-20", overpayment: .refuse)
        }
        _ = try account.recordPayment(payment: "PAY-1", amount: "10.00", currency: "USD", date: "2026-01-20")
        _ = assertBilling("InvalidState", "invoice_has_payments") {
            _ = try account.voidInvoice(invoice: "INV-1", date: "2026-01-21")
        }
        _ = assertBilling("Conflict", "idempotency_conflict") {
            _ = try account.recordPayment(payment: "PAY-1", amount: "11.00", currency: "USD", date: "2026-01-20")
        }
        _ = assertBilling("Conflict", "version_conflict") {
            _ = try account.recordPayment(
                payment: "PAY-2", amount: "1.00", currency: "USD", date: "2026-01-20", expectedVersion: 1)
        }
        XCTAssertEqual(errorCodes().count, 64)
    }

    func testBatchIsAllOrNothingAndNamesTheRefusedOperation() throws {
        let account = try accountWithInvoice()
        func pay(_ id: String, _ amount: String) -> String {
            #"{"op":"record_payment","payment":"\#(id)","amount":"\#(amount)","currency":"USD","date":"2026-01-20"}"#
        }
        let e = assertBilling("InvalidInput", "non_positive_amount") {
            _ = try account.executeBatch(opsJson: [pay("P1", "10.00"), pay("P2", "5.00"), pay("P3", "0.00")])
        }
        XCTAssertEqual(e?.index, 2)
        XCTAssertEqual(account.version(), 1)
        let outcomes = try account.executeBatch(opsJson: [pay("P1", "10.00"), pay("P2", "5.00")])
        XCTAssertEqual(outcomes.map(\.version), [2, 3])
    }

    func testBatchAppliesOnlyAtTheVersionItExpects() throws {
        let account = try accountWithInvoice()
        let ops = [
            #"{"op":"record_payment","payment":"P1","amount":"10.00","currency":"USD","date":"2026-01-20"}"#,
            #"{"op":"record_payment","payment":"P2","amount":"5.00","currency":"USD","date":"2026-01-20"}"#,
        ]
        let e = assertBilling("Conflict", "version_conflict") {
            _ = try account.executeBatch(opsJson: ops, expectedVersion: 0)
        }
        XCTAssertEqual(e?.index, 0)
        XCTAssertEqual(account.version(), 1)
        XCTAssertEqual(try account.executeBatch(opsJson: ops, expectedVersion: 1).map(\.version), [2, 3])
        // Retried whole: each operation is an idempotent repeat.
        XCTAssertEqual(try account.executeBatch(opsJson: ops, expectedVersion: 1).map(\.version), [2, 3])
        XCTAssertEqual(account.version(), 3)
    }

    func testGarbageJsonIsInvalidInput() throws {
        let account = try Account(id: "acme")
        for text in ["", "{", "[]", "null", #"{"op":"teleport"}"#] {
            _ = assertBilling("InvalidInput", "invalid_json") { _ = try account.execute(opJson: text) }
            _ = assertBilling("InvalidInput", "invalid_json") { _ = try account.query(queryJson: text) }
            _ = assertBilling("InvalidInput", "invalid_json") { _ = try calc(requestJson: text) }
            _ = assertBilling("InvalidInput", "invalid_json") { _ = try Account.fromJson(text: text) }
        }
    }

    func testEightThreadsRecordingPaymentsOnOneAccount() throws {
        let account = try Account(id: "acme")
        _ = try account.issueInvoice(invoice: invoice("INV-1", total: "100000.00"))
        let lock = NSLock()
        var failures: [Error] = []
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<25 {
                do {
                    _ = try account.recordPayment(payment: "P-\(t)-\(i)", amount: "1.25", currency: "USD", date: "2026-01-20")
                    _ = try account.summary(asOf: "2026-01-21")
                } catch {
                    lock.lock()
                    failures.append(error)
                    lock.unlock()
                }
            }
        }
        XCTAssertEqual(failures.count, 0)
        XCTAssertEqual(account.version(), 201)
        XCTAssertEqual(try account.invoice(id: "INV-1").paid, "250.00")
        XCTAssertNil(account.verify())
    }

    func testAccountsAreFreedWhenReleased() throws {
        for i in 0..<2000 {
            let account = try Account(id: "tmp-\(i)")
            _ = try account.issueInvoice(invoice: invoice("INV-\(i)"))
        }
        XCTAssertEqual(try Account(id: "after").version(), 0)
    }

    func testTypedRoundTripAndPreview() throws {
        let account = try Account(id: "acme")
        let doc = Invoice(
            id: "INV-7", kind: .oneTimeCharge, currency: "EUR", issueDate: "2026-01-01", dueDate: "2026-01-31",
            lines: [Line(
                description: "GPU hours", quantity: "12.5", unitPrice: "2.4999", discount: .percent(percent: "10"),
                taxes: [TaxRate(id: "VAT", percent: "20")],
                period: ServicePeriod(start: "2026-01-01", end: "2026-02-01"))],
            discount: .amount(amount: "1.00"))
        _ = try account.issueInvoice(invoice: doc)
        XCTAssertEqual(try account.document(id: "INV-7"), doc)
        XCTAssertEqual(try invoiceTotals(invoice: doc).total, try account.invoice(id: "INV-7").total)

        let preview = try account.previewPayment(payment: "PAY-1", amount: "150.00", currency: "EUR", date: "2026-01-20")
        XCTAssertEqual(account.version(), 1)
        let outcome = try account.recordPayment(payment: "PAY-1", amount: "150.00", currency: "EUR", date: "2026-01-20")
        XCTAssertEqual(preview, outcome)
        XCTAssertEqual(try account.invoice(id: "INV-7").status, .paid)
        XCTAssertEqual(try account.aging(asOf: "2026-02-15").invoices, [])
    }

    func testSnapshotHistoryAndReplay() throws {
        let account = try accountWithInvoice()
        _ = try account.recordPayment(payment: "PAY-1", amount: "150.00", currency: "USD", date: "2026-01-20")
        let replayed = try Account.replay(id: "acme", entriesJson: try account.history())
        XCTAssertEqual(try replayed.toJson(), try account.toJson())
        let reloaded = try Account.fromJson(text: try account.toJson())
        XCTAssertEqual(reloaded.payments(), account.payments())
    }

    /// The Swift quick start of bindings-mobile/README.md, kept in step with it.
    func testReadmeQuickStart() throws {
        let account = try Account(id: "acme")
        _ = try account.issueInvoice(invoice: Invoice(
            id: "INV-1", kind: .recurring, currency: "USD", issueDate: "2026-01-01", dueDate: "2026-01-31",
            lines: [Line(description: "Compute", quantity: "1", unitPrice: "100.00",
                         taxes: [TaxRate(id: "VAT", percent: "20")])]))

        let preview = try account.previewPayment(payment: "PAY-1", amount: "150.00", currency: "USD", date: "2026-01-20")
        XCTAssertEqual(preview.allocations.map(\.amount), ["120.00"])
        _ = try account.recordPayment(payment: "PAY-1", amount: "150.00", currency: "USD", date: "2026-01-20")
        XCTAssertEqual(try account.invoice(id: "INV-1").status, .paid)

        do {
            _ = try parseMoney(amount: "0.125", currency: "USD")
            XCTFail("expected scale_exceeded")
        } catch let error as BillingError {
            XCTAssertEqual(error.code, "scale_exceeded")
        }
    }
}
