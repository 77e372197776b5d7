// Boundary tests of the Kotlin binding: conversions of amounts and dates,
// each exception class with its code and fields, batches, threads, object
// lifetimes, garbage JSON, naming. The domain itself is tested by the core
// and by the shared vectors.
package io.billingcore.tests

import io.billingcore.*
import java.time.LocalDate
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

private fun invoice(
    id: String,
    total: String = "100.00",
    currency: String = "USD",
    issue: String = "2026-01-01",
    due: String = "2026-01-31",
    kind: InvoiceKind = InvoiceKind.RECURRING,
) = Invoice(
    id = id,
    kind = kind,
    currency = currency,
    issueDate = issue,
    dueDate = due,
    lines = listOf(Line(description = "Plan", quantity = "1", unitPrice = total)),
)

private fun accountWithInvoice(total: String = "100.00"): Account =
    Account("acme").also { it.issueInvoice(invoice("INV-1", total)) }

fun boundaryTests(suite: Suite) {
    // ----- amounts and dates cross as strings -------------------------------
    suite.test("amounts: decimal strings at the currency's scale") {
        assertEquals("1.50", parseMoney("1.5", "USD"))
        assertEquals("1000", parseMoney("1000", "JPY"))
        assertEquals("1.500", parseMoney("1.5", "KWD"))
        assertEquals("10.50", parseMoney("10.500", "USD"), "trailing zeros")
    }
    suite.test("amounts: bad strings raise InvalidInput(invalid_decimal)") {
        for (bad in listOf("12,50", "1e3", "", " 1", "+1", "1.", ".5", "abc", "1 000", "NaN", "٣")) {
            val e = assertBilling<BillingException.InvalidInput>("invalid_decimal") { parseMoney(bad, "USD") }
            assertEquals(null, e.index, "index")
            assertEquals("{}", e.detailsJson, "details")
        }
    }
    suite.test("amounts: more places than the currency is scale_exceeded, with details") {
        val e = assertBilling<BillingException.InvalidInput>("scale_exceeded") { parseMoney("1.005", "USD") }
        assertEquals(mapOf("currency" to "USD", "minor_units" to 2L), Json.parse(e.detailsJson), "details")
        check(e.detail.contains("USD")) { e.detail }
    }
    suite.test("amounts: too large is AmountOverflow(overflow)") {
        assertBilling<BillingException.AmountOverflow>("overflow") {
            parseMoney("79228162514264337593543950336", "USD")
        }
    }
    suite.test("amounts: a bad amount in an operation changes nothing") {
        accountWithInvoice().use { account ->
            assertBilling<BillingException.InvalidInput>("invalid_decimal") {
                account.recordPayment("PAY-1", "12,50", "USD", date = "2026-01-20")
            }
            assertBilling<BillingException.InvalidInput>("scale_exceeded") {
                account.recordPayment("PAY-1", "12.505", "USD", date = "2026-01-20")
            }
            assertEquals(1uL, account.version(), "version")
            assertEquals(emptyList(), account.payments(), "payments")
        }
    }
    suite.test("amounts: a JSON number in the generic form is float_refused") {
        accountWithInvoice().use { account ->
            assertBilling<BillingException.InvalidInput>("float_refused") {
                account.execute(
                    """{"op":"record_payment","payment":"P","amount":150.0,"currency":"USD","date":"2026-01-20"}""",
                )
            }
        }
    }
    suite.test("dates: bad dates raise InvalidInput(invalid_date)") {
        accountWithInvoice().use { account ->
            for (bad in listOf("2026-02-30", "2026/01/05", "", "2026-1-5", "05-01-2026", "2026-01-05T00:00")) {
                assertBilling<BillingException.InvalidInput>("invalid_date") {
                    account.recordPayment("PAY-1", "10.00", "USD", date = bad)
                }
                assertBilling<BillingException.InvalidInput>("invalid_date") { account.summary(bad) }
            }
            assertBilling<BillingException.InvalidInput>("invalid_date") {
                account.issueInvoice(invoice("INV-2", issue = "2026-13-01"))
            }
            assertEquals(1uL, account.version(), "version")
        }
    }
    suite.test("dates: a left-out operation date is today in the local time zone") {
        // scripts/test-kotlin runs this suite at UTC+14 and at UTC-12, where
        // the local date is never the UTC date in both runs.
        accountWithInvoice().use { account ->
            account.recordPayment("PAY-1", "10.00", "USD")
            assertEquals(LocalDate.now().toString(), account.payment("PAY-1").date, "date")
        }
    }

    // ----- each exception class, with its code and fields -------------------
    suite.test("errors: NotFound with the core's code and details") {
        accountWithInvoice().use { account ->
            val e = assertBilling<BillingException.NotFound>("unknown_invoice") { account.invoice("NOPE") }
            assertEquals(mapOf("invoice" to "NOPE"), Json.parse(e.detailsJson), "details")
            assertBilling<BillingException.NotFound>("unknown_payment") { account.payment("NOPE") }
            assertBilling<BillingException.NotFound>("unknown_series") { account.series("NOPE") }
        }
    }
    suite.test("errors: CurrencyMismatch") {
        accountWithInvoice().use { account ->
            assertBilling<BillingException.CurrencyMismatch>("currency_mismatch") {
                account.recordPayment(
                    "PAY-1", "10.00", "EUR", date = "2026-01-20",
                    allocation = Allocation.Explicit(listOf(AllocationRequest("INV-1", "10.00"))),
                )
            }
        }
    }
    suite.test("errors: InvalidState") {
        accountWithInvoice().use { account ->
            account.recordPayment("PAY-1", "10.00", "USD", date = "2026-01-20")
            assertBilling<BillingException.InvalidState>("invoice_has_payments") {
                account.voidInvoice("INV-1", date = "2026-01-21")
            }
            assertBilling<BillingException.InvalidState>("payment_not_pending") {
                account.settlePayment("PAY-1", date = "2026-01-21")
            }
        }
    }
    suite.test("errors: Conflict (idempotency and expected version)") {
        accountWithInvoice().use { account ->
            account.recordPayment("PAY-1", "10.00", "USD", date = "2026-01-20")
            // The same content again: the original outcome, nothing changes.
            val again = account.recordPayment("PAY-1", "10.00", "USD", date = "2026-01-20")
            assertEquals(2uL, again.version, "repeat version")
            assertBilling<BillingException.Conflict>("idempotency_conflict") {
                account.recordPayment("PAY-1", "11.00", "USD", date = "2026-01-20")
            }
            val e = assertBilling<BillingException.Conflict>("version_conflict") {
                account.recordPayment("PAY-2", "1.00", "USD", date = "2026-01-20", expectedVersion = 1uL)
            }
            assertEquals(mapOf("expected" to 1L, "actual" to 2L), Json.parse(e.detailsJson), "details")
            account.recordPayment("PAY-2", "1.00", "USD", date = "2026-01-20", expectedVersion = 2uL)
            assertEquals(3uL, account.version(), "version")
        }
    }
    suite.test("errors: LimitExceeded") {
        accountWithInvoice().use { account ->
            assertBilling<BillingException.LimitExceeded>("overpayment") {
                account.recordPayment(
                    "PAY-1", "150.00", "USD", date = "2026-01-20", overpayment = OverpaymentPolicy.REFUSE,
                )
            }
            assertBilling<BillingException.LimitExceeded>("allocation_exceeds_due") {
                account.recordPayment(
                    "PAY-1", "150.00", "USD", date = "2026-01-20",
                    allocation = Allocation.Explicit(listOf(AllocationRequest("INV-1", "150.00"))),
                )
            }
        }
    }
    suite.test("errors: InvalidInput for documents and every exception is a BillingException") {
        Account("acme").use { account ->
            val noLines = invoice("INV-1").copy(lines = emptyList())
            val e: BillingException = assertBilling<BillingException.InvalidInput>("no_lines") {
                account.issueInvoice(noLines)
            }
            // The fields are readable on the base class too.
            assertEquals("no_lines", e.code, "code")
            check(e.detail.isNotEmpty())
            check(e.message!!.contains("no_lines")) { e.message!! }
            assertBilling<BillingException.InvalidInput>("due_before_issue") {
                account.issueInvoice(invoice("INV-1", issue = "2026-02-01", due = "2026-01-01"))
            }
            assertBilling<BillingException.InvalidInput>("empty_id") { Account("") }
            val hidden = assertBilling<BillingException.InvalidInput>("invalid_id") { Account("acme\u202e") }
            check(hidden.detailsJson.contains("\"character\":\"U+202E\"")) { hidden.detailsJson }
        }
    }
    suite.test("errors: every core code maps to one exception class") {
        assertEquals(KIND_OF_CODE.keys.sorted(), errorCodes().sorted(), "codes")
        assertEquals(errorCodes().size, errorCodes().toSet().size, "no code twice")
    }
    suite.test("errors: card data is refused and never echoed") {
        Account("acme").use { account ->
            val card = PaymentMethod(id = "pm_1", kind = MethodKind.CARD, token = "4242 4242 4242 4242")
            val e = assertBilling<BillingException.InvalidInput>("card_data_refused") {
                account.addPaymentMethod(card, date = "2026-01-01")
            }
            check("4242" !in e.detail && "4242" !in e.detailsJson) { e.detail }
            assertBilling<BillingException.InvalidInput>("card_data_refused") { checkCardData("4111111111111111") }
            checkCardData("tok_visa")
        }
    }

    // ----- batches ---------------------------------------------------------------
    suite.test("batch: all or nothing, the refused operation's index") {
        accountWithInvoice().use { account ->
            fun pay(id: String, amount: String) =
                """{"op":"record_payment","payment":"$id","amount":"$amount","currency":"USD","date":"2026-01-20"}"""
            val e = assertBilling<BillingException.InvalidInput>("non_positive_amount") {
                account.executeBatch(listOf(pay("P1", "10.00"), pay("P2", "5.00"), pay("P3", "0.00")))
            }
            assertEquals(2, e.index, "index")
            assertEquals(1uL, account.version(), "version after a refused batch")
            val bad = assertBilling<BillingException.InvalidInput>("invalid_json") {
                account.executeBatch(listOf(pay("P1", "10.00"), "{not json"))
            }
            assertEquals(1, bad.index, "index of the undecodable operation")
            val outcomes = account.executeBatch(listOf(pay("P1", "10.00"), pay("P2", "5.00")))
            assertEquals(listOf(2uL, 3uL), outcomes.map { it.version }, "versions")
            assertEquals(emptyList(), account.executeBatch(emptyList()), "empty batch")
        }
    }

    suite.test("batch: applied only at the version it expects") {
        accountWithInvoice().use { account ->
            val ops = listOf(
                """{"op":"record_payment","payment":"P1","amount":"10.00","currency":"USD","date":"2026-01-20"}""",
                """{"op":"record_payment","payment":"P2","amount":"5.00","currency":"USD","date":"2026-01-20"}""",
            )
            val stale = assertBilling<BillingException.Conflict>("version_conflict") {
                account.executeBatch(ops, expectedVersion = 0uL)
            }
            assertEquals(0, stale.index, "index")
            assertEquals(1uL, account.version(), "version after a stale batch")
            assertEquals(listOf(2uL, 3uL), account.executeBatch(ops, expectedVersion = 1uL).map { it.version })
            // Retried whole: each operation is an idempotent repeat.
            assertEquals(listOf(2uL, 3uL), account.executeBatch(ops, expectedVersion = 1uL).map { it.version })
            assertEquals(3uL, account.version(), "version after the retry")
        }
    }

    // ----- garbage in -------------------------------------------------------------
    suite.test("garbage JSON to the generic methods is InvalidInput, never a crash") {
        Account("acme").use { account ->
            for (text in listOf("", "{", "[]", "null", "42", "{\"op\":\"teleport\"}", "\u0000", "{\"op\":\"record_payment\"}")) {
                assertBilling<BillingException.InvalidInput>("invalid_json") { account.execute(text) }
                assertBilling<BillingException.InvalidInput>("invalid_json") { account.preview(text) }
                assertBilling<BillingException.InvalidInput>("invalid_json") { account.query(text) }
                assertBilling<BillingException.InvalidInput>("invalid_json") { calc(text) }
                assertBilling<BillingException.InvalidInput>("invalid_json") { Account.fromJson(text) }
                assertBilling<BillingException.InvalidInput>("invalid_json") { Account.replay("x", listOf(text)) }
                assertBilling<BillingException.InvalidInput>("invalid_json") { account.executeBatch(listOf(text)) }
            }
            assertBilling<BillingException.InvalidInput>("unsupported_format") {
                Account.fromJson("""{"format":"billing-core/account","version":99,"data":{}}""")
            }
            assertEquals(0uL, account.version(), "version")
        }
    }
    suite.test("strings: unicode ids and descriptions cross intact") {
        Account("Ωmega-账户").use { account ->
            account.issueInvoice(invoice("ÜBER-1 🧾").copy(lines = listOf(Line("Café ☕ «plan»", "1", "9.99"))))
            assertEquals("Ωmega-账户", account.id(), "account id")
            assertEquals("ÜBER-1 🧾", account.invoices().single().id, "invoice id")
            assertEquals("Café ☕ «plan»", account.document("ÜBER-1 🧾").lines.single().description, "description")
        }
    }
    suite.test("strings: text that is not valid Unicode is refused before the call, as documented") {
        // Half an emoji cannot be encoded to UTF-8: the generated code throws.
        assertThrows<java.nio.charset.CharacterCodingException> { Account("acme\uD83D").close() }
        Account("acme").use { account ->
            assertThrows<java.nio.charset.CharacterCodingException> { account.invoice("INV-\uDC00") }
            assertEquals(0uL, account.version(), "nothing applied")
        }
    }

    // ----- threads ----------------------------------------------------------------
    suite.test("threads: 8 threads recording payments on one account") {
        Account("acme").use { account ->
            account.issueInvoice(invoice("INV-1", total = "100000.00"))
            val threads = 8
            val perThread = 25
            val pool = Executors.newFixedThreadPool(threads)
            val start = CountDownLatch(1)
            val failures = java.util.Collections.synchronizedList(mutableListOf<Throwable>())
            repeat(threads) { t ->
                pool.execute {
                    try {
                        start.await()
                        repeat(perThread) { i ->
                            account.recordPayment("P-$t-$i", "1.25", "USD", date = "2026-01-20")
                            account.summary("2026-01-21")
                            account.invoice("INV-1")
                        }
                    } catch (e: Throwable) {
                        failures.add(e)
                    }
                }
            }
            start.countDown()
            pool.shutdown()
            check(pool.awaitTermination(60, TimeUnit.SECONDS)) { "threads did not finish" }
            assertEquals(emptyList<Throwable>(), failures.toList(), "failures")
            assertEquals((1 + threads * perThread).toULong(), account.version(), "version")
            assertEquals(threads * perThread, account.payments().size, "payments")
            assertEquals("250.00", account.invoice("INV-1").paid, "paid")
            assertEquals(null, account.verify(), "verify")
        }
    }

    // ----- object lifetimes ---------------------------------------------------------
    suite.test("lifetimes: a closed account refuses calls with IllegalStateException") {
        val account = Account("acme")
        account.use { it.issueInvoice(invoice("INV-1")) }
        assertThrows<IllegalStateException> { account.version() }
        assertThrows<IllegalStateException> { account.recordPayment("P", "1.00", "USD", date = "2026-01-02") }
        account.close() // closing twice is harmless
        account.destroy()
    }
    suite.test("lifetimes: accounts left to the garbage collector are freed without a crash") {
        repeat(2_000) { Account("tmp-$it").issueInvoice(invoice("INV-$it")) }
        System.gc()
        Thread.sleep(50)
        Account("after").use { assertEquals(0uL, it.version()) }
    }

    // ----- the typed API -------------------------------------------------------------
    suite.test("typed: a document comes back as the record that was issued") {
        Account("acme").use { account ->
            val doc = Invoice(
                id = "INV-7", kind = InvoiceKind.ONE_TIME_CHARGE, currency = "EUR",
                issueDate = "2026-01-01", dueDate = "2026-01-31",
                lines = listOf(
                    Line(
                        description = "GPU hours", quantity = "12.5", unitPrice = "2.4999",
                        discount = Discount.Percent("10"),
                        taxes = listOf(TaxRate(id = "VAT", percent = "20")),
                        period = ServicePeriod(start = "2026-01-01", end = "2026-02-01"),
                    ),
                ),
                discount = Discount.Amount("1.00"),
            )
            val outcome = account.issueInvoice(doc)
            assertEquals(doc, account.document("INV-7"), "document")
            val totals = invoiceTotals(doc)
            assertEquals(totals.total, account.invoice("INV-7").total, "total")
            assertEquals(listOf("invoice_issued"), outcome.events.map { it.name }.filter { it == "invoice_issued" }, "events")
            val change = outcome.invoices.single()
            assertEquals(null, change.before, "before")
            assertEquals(InvoiceStatus.OPEN, change.after!!.status, "after")
            assertEquals("EUR", change.after!!.currency, "currency")
        }
    }
    suite.test("typed: records are values: no setters, a change is a copy") {
        for (record in listOf(Invoice::class.java, InvoiceView::class.java, Outcome::class.java, BillingSummary::class.java, Balance::class.java)) {
            val setters = record.methods.filter { it.name.startsWith("set") }.map { it.name }
            assertEquals(emptyList<String>(), setters, "${record.simpleName} setters")
        }
        accountWithInvoice().use { account ->
            val view = account.invoice("INV-1")
            val voided = view.copy(status = InvoiceStatus.VOID)
            assertEquals(InvoiceStatus.OPEN, account.invoice("INV-1").status, "the account is unchanged")
            assertEquals(false, view == voided, "a copy with a change is another value")
        }
    }
    suite.test("typed: preview equals execute, and changes nothing") {
        accountWithInvoice().use { account ->
            val preview = account.previewPayment("PAY-1", "150.00", "USD", date = "2026-01-20")
            assertEquals(1uL, account.version(), "version after preview")
            val outcome = account.recordPayment("PAY-1", "150.00", "USD", date = "2026-01-20")
            assertEquals(preview, outcome, "outcome")
            assertEquals(listOf(PaymentAllocation("PAY-1", "INV-1", "100.00", "USD")), outcome.allocations, "allocations")
            assertEquals(listOf("50.00"), outcome.creditCreated.map { it.amount }, "credit")
            assertEquals(InvoiceStatus.PAID, account.invoice("INV-1").status, "status")
            assertEquals("50.00", account.credit().available, "credit")
            val source = account.creditSources().single()
            assertEquals(CreditOrigin(CreditOriginKind.OVERPAYMENT, null, "PAY-1"), source.origin, "origin")
        }
    }
    suite.test("typed: reads default to the account's only currency") {
        Account("acme").use { account ->
            assertBilling<BillingException.InvalidInput>("currency_required") { account.balance() }
            account.issueInvoice(invoice("INV-1"))
            assertEquals("100.00", account.balance().receivable, "receivable")
            account.issueInvoice(invoice("INV-2", currency = "EUR"))
            assertBilling<BillingException.InvalidInput>("currency_required") { account.summary("2026-02-15") }
            assertEquals("100.00", account.summary("2026-02-15", currency = "EUR").currentBalance, "summary")
            assertEquals(listOf("EUR", "USD"), account.balances().map { it.currency }.sorted(), "balances")
            assertEquals(2, account.summaries("2026-02-15").size, "summaries")
            assertBilling<BillingException.InvalidInput>("unknown_currency") { account.credit("usd") }
        }
    }
    suite.test("typed: reports use Kotlin enums") {
        accountWithInvoice().use { account ->
            account.recordPayment("PAY-1", "40.00", "USD", date = "2026-01-20")
            assertEquals(InvoiceStatus.PARTIALLY_PAID, account.invoice("INV-1").status, "status")
            assertEquals(PaymentState.SUCCEEDED, account.payment("PAY-1").state, "state")
            val aging = account.aging("2026-02-15")
            assertEquals("60.00", aging.days1To30, "days1To30")
            assertEquals(AgingBucket.DAYS_1_30, aging.invoices.single().bucket, "bucket")
            assertEquals(listOf("INV-1"), account.overdue("2026-02-15").map { it.id }, "overdue")
            val statement = account.statement("2026-01-01", "2026-01-31")
            assertEquals(listOf(StatementLineKind.INVOICE, StatementLineKind.PAYMENT), statement.lines.map { it.kind }, "lines")
            assertEquals("60.00", statement.closingBalance, "closing")
            assertEquals(
                listOf(SkipReason.NO_DEFAULT_METHOD),
                account.autoChargePlan("2026-02-15").skipped.map { it.reason },
                "plan",
            )
        }
    }
    suite.test("typed: payment methods and series") {
        Account("acme").use { account ->
            val card = PaymentMethod(
                id = "pm_1", kind = MethodKind.CARD, token = "tok_1", brand = "visa", last4 = "4242",
                expiry = CardExpiry(month = 12u, year = 2030),
            )
            account.addPaymentMethod(card, date = "2026-01-01")
            account.addPaymentMethod(PaymentMethod(id = "pm_2", kind = MethodKind.PAY_PAL), default = true, date = "2026-01-01")
            assertEquals(listOf(card, PaymentMethod("pm_2", MethodKind.PAY_PAL)), account.paymentMethods(), "methods")
            assertEquals("pm_2", account.defaultPaymentMethod()?.id, "default")
            val series = Series(
                id = "SUB", currency = "USD", cycle = Cycle(1u, CycleUnit.MONTH, "2026-01-01"),
                start = "2026-01-10", dueDays = 14u, lines = listOf(Line("Pro plan", "1", "31.00")),
            )
            account.addSeries(series, date = "2026-01-10")
            assertEquals(series, account.series("SUB"), "series")
            val billed = account.billSeries("SUB", through = "2026-02-01")
            assertEquals(listOf("SUB-1", "SUB-2"), account.invoices().map { it.id }, "invoices")
            check(billed.events.isNotEmpty())
            assertEquals("22.00", account.invoice("SUB-1").total, "prorated")
            account.endSeries("SUB", end = "2026-03-01", date = "2026-02-02")
            assertEquals("2026-03-01", account.seriesList().single().end, "end")
        }
    }
    suite.test("typed: custom currencies are named with their minor units once") {
        Account("acme").use { account ->
            account.issueInvoice(invoice("INV-1", total = "7.5", currency = "CREDITS").copy(minorUnits = 4u))
            assertEquals("7.5000", account.invoice("INV-1").due, "due")
            account.recordPayment("PAY-1", "2.5", "CREDITS", date = "2026-01-05")
            assertEquals("5.0000", account.balance("CREDITS").receivable, "receivable")
            assertEquals(4u, account.document("INV-1").minorUnits, "minor units")
        }
    }
    suite.test("typed: settings, snapshot, history and replay") {
        Account("acme", AccountSettings(autoApplyCredit = false)).use { account ->
            assertEquals(false, account.settings().autoApplyCredit, "setting")
            assertEquals(RoundingPolicy(RoundingMode.HALF_UP, TaxRounding.PER_LINE), account.settings().rounding, "rounding")
            account.issueInvoice(invoice("INV-1"))
            account.recordPayment("PAY-1", "150.00", "USD", date = "2026-01-20")
            account.updateSettings(AccountSettings(), date = "2026-01-21")
            val history = account.history()
            assertEquals(3, history.size, "entries")
            Account.replay("acme", history, AccountSettings(autoApplyCredit = false)).use {
                assertEquals(account.toJson(), it.toJson(), "replayed")
                assertEquals(account.invoices(), it.invoices(), "replayed invoices")
            }
            Account.fromJson(account.toJson()).use {
                assertEquals(account.payments(), it.payments(), "reloaded payments")
                assertEquals(3uL, it.version(), "version")
            }
            assertBilling<BillingException.InvalidInput>("corrupt_history") {
                Account.replay("acme", history.drop(1), AccountSettings(autoApplyCredit = false))
            }
        }
    }
    suite.test("typed: other operations reach the core") {
        accountWithInvoice().use { account ->
            account.issueInvoice(invoice("INV-2", total = "50.00", issue = "2026-01-02"))
            account.recordPayment("PAY-1", "30.00", "USD", date = "2026-01-10", pending = true)
            account.failPayment("PAY-1", date = "2026-01-11")
            account.recordPayment(
                "PAY-2", "60.00", "USD", date = "2026-01-12",
                allocation = Allocation.Strategy(AllocationStrategy.PROPORTIONAL), method = "pm_1",
            )
            account.moveAllocation("MV-1", "PAY-2", fromInvoice = "INV-2", toInvoice = "INV-1", date = "2026-01-13")
            account.refundPayment("RF-1", "PAY-2", "5.00", date = "2026-01-14")
            account.markUncollectible("INV-2", date = "2026-01-15")
            account.createDraft(invoice("D-1", total = "10.00", issue = "2026-01-16", due = "2026-01-20"))
            account.updateDraft(invoice("D-1", total = "12.00", issue = "2026-01-16", due = "2026-01-20"))
            account.issueDraft("D-1", date = "2026-01-16")
            account.createDraft(invoice("D-2", total = "10.00", issue = "2026-01-16", due = "2026-01-20"))
            account.deleteDraft("D-2", date = "2026-01-16")
            account.issueInvoice(invoice("CR-1", total = "20.00", issue = "2026-01-17", kind = InvoiceKind.CREDIT))
            account.recordPayment("PAY-3", "500.00", "USD", date = "2026-01-18")
            account.applyAvailableCredit("AC-1", "USD", date = "2026-01-19")
            assertEquals(null, account.verify(), "verify")
            assertEquals(16uL, account.version(), "version")
        }
    }

    // ----- calculations ---------------------------------------------------------------
    suite.test("calculations: the top-level functions") {
        assertEquals(listOf("33.34", "33.33", "33.33"), splitMoney("100.00", "USD", 3u), "split")
        assertEquals(listOf("50.00", "25.00", "25.00"), allocateMoney("100.00", "USD", listOf("2", "1", "1")), "allocate")
        assertEquals("0.13", roundMoney("0.125", "USD"), "round half up")
        assertEquals("0.12", roundMoney("0.125", "USD", RoundingMode.HALF_EVEN), "round half even")
        assertEquals(CurrencyInfo("KWD", 3u, true), currencyInfo("KWD"), "currency")
        assertEquals(listOf("2026-01-31", "2026-02-28", "2026-03-31"), cycleDates(1u, CycleUnit.MONTH, "2026-01-31", 0L, 3u), "cycle")
        assertEquals(false, cardExpired(2u, 2028, "2028-02-29"), "expiry")
        assertEquals(true, cardExpired(2u, 2028, "2028-03-01"), "expired")
        assertEquals("\"1.50\"", calc("""{"parse":{"amount":"1.5","currency":"USD"}}"""), "calc")
        assertBilling<BillingException.InvalidInput>("no_parts") { splitMoney("1.00", "USD", 0u) }
        assertBilling<BillingException.InvalidInput>("too_many_parts") { splitMoney("1.00", "USD", 100_001u) }
        assertBilling<BillingException.InvalidInput>("too_many_parts") { allocateMoney("1.00", "USD", List(100_001) { "1" }) }
        assertBilling<BillingException.InvalidInput>("invalid_cycle") { cycleDates(0u, CycleUnit.DAY, "2026-01-01", 0L, 1u) }
        assertBilling<BillingException.InvalidInput>("date_out_of_range") { cycleDates(1u, CycleUnit.YEAR, "9999-12-31", 0L, 2u) }
    }
    suite.test("queries answer in the answer form") {
        accountWithInvoice().use { account ->
            val answer = Json.parse(account.query("""{"query":"invoice","id":"INV-1"}""")) as Map<*, *>
            assertEquals("100.00", answer["due"], "due")
            assertEquals("USD", answer["currency"], "currency")
            assertEquals(null, Json.parse(account.query("""{"query":"verify"}""")), "verify")
        }
    }
}
