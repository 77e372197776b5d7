// A small billing portal session with the Kotlin binding: open an account,
// issue invoices, preview and record a payment, then show the summary and
// the aging report. Built and run by scripts/test-kotlin.
package io.billingcore.example

import io.billingcore.*

fun main() {
    Account("acme").use { account ->
        // Invoices are typed records; amounts and dates are strings.
        account.issueInvoice(
            Invoice(
                id = "INV-1", kind = InvoiceKind.RECURRING, currency = "USD",
                issueDate = "2026-01-01", dueDate = "2026-01-31",
                lines = listOf(
                    Line(
                        description = "Pro plan", quantity = "1", unitPrice = "49.00",
                        taxes = listOf(TaxRate(id = "CA", percent = "8.875")),
                    ),
                    Line(description = "API calls", quantity = "12345", unitPrice = "0.0015"),
                ),
                discount = Discount.Percent("10"),
            ),
        )
        account.issueInvoice(
            Invoice(
                id = "INV-2", kind = InvoiceKind.ONE_TIME_CHARGE, currency = "USD",
                issueDate = "2026-02-01", dueDate = "2026-02-15",
                lines = listOf(Line(description = "Setup", quantity = "1", unitPrice = "25.00")),
            ),
        )
        for (invoice in account.invoices()) {
            println("${invoice.id}  ${invoice.kind}  total ${invoice.total} ${invoice.currency}  due ${invoice.dueDate}")
        }

        // Preview first (nothing changes), then record the payment.
        val preview = account.previewPayment(payment = "PAY-1", amount = "80.00", currency = "USD", date = "2026-02-10")
        for (a in preview.allocations) println("would allocate ${a.amount} ${a.currency} of ${a.payment} to ${a.invoice}")
        account.recordPayment(payment = "PAY-1", amount = "80.00", currency = "USD", date = "2026-02-10")
        println("INV-1 is ${account.invoice("INV-1").status}, INV-2 is ${account.invoice("INV-2").status}")

        // What the portal shows on March 20.
        val summary = account.summary(asOf = "2026-03-20")
        println("balance ${summary.currentBalance} ${summary.currency}, overdue ${summary.overdue}, open invoices ${summary.openInvoices}")
        val aging = account.aging(asOf = "2026-03-20")
        println("aging: current ${aging.current}, 1-30 ${aging.days1To30}, 31-60 ${aging.days31To60}, total ${aging.total}")

        // Every failure is a typed exception with the core's code.
        try {
            account.recordPayment(payment = "PAY-2", amount = "12,50", currency = "USD", date = "2026-03-20")
        } catch (e: BillingException.InvalidInput) {
            println("refused: ${e.code} (${e.detail})")
        }
        check(account.verify() == null)
    }
}
