// Runs the shared JSON vectors (billing-core/tests/vectors/) through the
// Kotlin API, as billing-core/tests/vectors.rs does in Rust: partial
// matching (objects on the expected keys, lists item by item), step kinds
// op / preview / batch / query / load / state, verify() after every step,
// and at the end replay and snapshot-reload equality.
//
// Each account scenario runs twice: once with the generic
// execute(opJson) / preview(opJson), once with the typed helpers
// (recordPayment(...), issueInvoice(Invoice(...)), ...) wherever typed
// values can express the operation. State checks read the typed records
// (data classes) through reflection: Kotlin field names in snake case,
// enum constants in lower case, so they compare with the JSON names.
package io.billingcore.tests

import io.billingcore.*
import java.io.File
import java.math.BigDecimal

/** The exception class of every error code (billing-core's ErrorKind). */
val KIND_OF_CODE: Map<String, Class<out BillingException>> = buildMap {
    fun kind(cls: Class<out BillingException>, vararg codes: String) = codes.forEach { put(it, cls) }
    kind(BillingException.CurrencyMismatch::class.java, "currency_mismatch")
    kind(BillingException.AmountOverflow::class.java, "overflow")
    kind(
        BillingException.NotFound::class.java,
        "unknown_invoice", "unknown_payment", "unknown_credit_source", "unknown_series", "unknown_payment_method",
    )
    kind(
        BillingException.Conflict::class.java,
        "duplicate_invoice", "duplicate_payment", "duplicate_refund", "duplicate_series", "duplicate_payment_method",
        "version_conflict", "idempotency_conflict",
    )
    kind(
        BillingException.InvalidState::class.java,
        "invalid_transition", "invoice_not_draft", "invoice_not_payable", "invoice_not_refundable",
        "payment_not_pending", "payment_not_succeeded", "invoice_has_payments", "invoice_has_pending_payments",
        "credit_already_used", "unbalanced_payment", "settings_mismatch",
    )
    kind(
        BillingException.LimitExceeded::class.java,
        "allocation_exceeds_due", "allocation_exceeds_payment", "allocation_exceeds_allocated", "overpayment",
        "insufficient_credit", "refund_exceeds_refundable", "refund_exceeds_invoice",
    )
    kind(
        BillingException.InvalidInput::class.java,
        "invalid_decimal", "invalid_date", "date_out_of_range", "invalid_period", "too_long", "float_refused", "unknown_currency", "currency_required",
        "invalid_currency_code", "invalid_minor_units", "scale_exceeded", "no_parts", "too_many_parts", "invalid_ratios",
        "empty_id", "invalid_id",
        "due_before_issue", "dated_before_target", "invalid_service_period", "no_lines", "negative_quantity", "negative_unit_price",
        "invalid_discount", "discount_exceeds_amount", "invalid_tax_rate", "mixed_tax_inclusion",
        "duplicate_tax_rate", "conflicting_tax_rate", "missing_refund_target", "unexpected_refund_target",
        "non_positive_amount", "duplicate_allocation", "same_invoice", "corrupt_history", "invalid_cycle",
        "invalid_series_dates", "too_many_periods", "card_data_refused", "invalid_payment_method", "invalid_json",
        "unsupported_format",
    )
}

/** Kotlin field names that are not the camel case of their JSON names. */
private val FIELD_ALIASES = mapOf(
    "days1To30" to "days_1_30",
    "days31To60" to "days_31_60",
    "days61To90" to "days_61_90",
    "over90" to "over_90",
)

private fun snake(name: String): String =
    FIELD_ALIASES[name] ?: name.replace(Regex("([A-Z])")) { "_" + it.value.lowercase() }

/** A typed value (records, enums, lists) as plain JSON-like values. */
fun plain(value: Any?): Any? = when (value) {
    null, is String, is Boolean -> value
    is Int -> value.toLong()
    is Long -> value
    is Short -> value.toLong()
    is UInt -> value.toLong()
    is ULong -> value.toLong()
    is UShort -> value.toLong()
    is Enum<*> -> value.name.lowercase()
    is List<*> -> value.map(::plain)
    else -> {
        val map = LinkedHashMap<String, Any?>()
        for (field in value.javaClass.declaredFields) {
            if (java.lang.reflect.Modifier.isStatic(field.modifiers)) continue
            field.isAccessible = true
            map[snake(field.name)] = plain(field.get(value))
        }
        map
    }
}

class Mismatch(message: String) : Exception(message)

fun matches(expected: Any?, actual: Any?, path: String) {
    when {
        expected is Map<*, *> && actual is Map<*, *> ->
            for ((key, value) in expected) matches(value, actual[key], "$path.$key")
        expected is List<*> && actual is List<*> -> {
            if (expected.size != actual.size) {
                throw Mismatch("$path: expected ${expected.size} items, got ${actual.size}: ${Json.write(actual)}")
            }
            expected.indices.forEach { matches(expected[it], actual[it], "$path[$it]") }
        }
        expected is Number && actual is Number ->
            if (BigDecimal(expected.toString()).compareTo(BigDecimal(actual.toString())) != 0) {
                throw Mismatch("$path: expected $expected, got $actual")
            }
        expected != actual -> throw Mismatch("$path: expected ${Json.write(expected)}, got ${Json.write(actual)}")
    }
}

@Suppress("UNCHECKED_CAST")
private fun Any?.asMap(): Map<String, Any?> = this as Map<String, Any?>

class VectorRunner(private val dir: File) {
    val codes = sortedSetOf<String>()
    var scenarios = 0
        private set

    fun files(): List<File> = dir.listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }

    /** Checks an expected error (or success); returns the value on success. */
    private fun <T> expect(step: Map<String, Any?>, run: () -> T): T? {
        val expectedCode = step["error"] as String?
        val result = try {
            Result.success(run())
        } catch (e: BillingException) {
            Result.failure(e)
        }
        val error = result.exceptionOrNull() as BillingException?
        if (error == null) {
            if (expectedCode != null) throw Mismatch("expected error $expectedCode, but it succeeded")
            return result.getOrNull()
        }
        val kind = KIND_OF_CODE[error.code] ?: throw Mismatch("unknown error code ${error.code}")
        if (!kind.isInstance(error)) {
            throw Mismatch("${error.code} raised as ${error.javaClass.simpleName}, not ${kind.simpleName}")
        }
        codes.add(error.code)
        if (error.code == "corrupt_history") {
            val cause = Json.parse(error.detailsJson).asMap()["cause"].asMap()["code"] as String
            codes.add(cause)
            step["cause"]?.let { matches(it, cause, "cause") }
        }
        if (expectedCode == null) throw Mismatch("unexpected error ${error.code}: ${error.detail}")
        matches(expectedCode, error.code, "error")
        return null
    }

    /** What a refused operation or a preview must not change. */
    private fun fingerprint(a: Account): List<Any?> =
        listOf(a.version(), a.toJson(), a.invoices(), a.payments(), a.creditSources(), a.balances())

    private fun checkOutcome(outcome: Outcome, expected: Map<String, Any?>) {
        for ((key, value) in expected) {
            val actual: Any? = when (key) {
                "version" -> outcome.version.toLong()
                "events" -> outcome.events.map { it.name }
                "allocations" -> outcome.allocations.map { listOf(it.payment, it.invoice, it.amount) }
                "credit_created" -> outcome.creditCreated.map { it.amount }
                "credit_applied" -> outcome.creditApplied.map { listOf(it.invoice, it.amount) }
                "invoices" -> {
                    val byId = outcome.invoices.associate {
                        it.invoice to mapOf("before" to plain(it.before), "after" to plain(it.after))
                    }
                    for (id in value.asMap().keys) {
                        if (id !in byId) throw Mismatch("outcome did not touch invoice $id")
                    }
                    byId
                }
                else -> throw Mismatch("unknown outcome key $key")
            }
            matches(value, actual, "outcome.$key")
        }
    }

    private fun checkState(account: Account, expected: Map<String, Any?>) {
        for ((key, value) in expected) {
            when (key) {
                "version" -> matches(value, account.version().toLong(), "version")
                "invoices" -> for ((id, fields) in value.asMap()) {
                    val view = try {
                        account.invoice(id)
                    } catch (e: BillingException.NotFound) {
                        null
                    }
                    when {
                        fields == null && view != null -> throw Mismatch("invoice $id should not exist")
                        fields == null -> {}
                        view == null -> throw Mismatch("invoice $id: not found")
                        else -> matches(fields, plain(view), "invoice $id")
                    }
                }
                "payments" -> for ((id, fields) in value.asMap()) {
                    val view = account.payment(id)
                    val actual = plain(view).asMap().toMutableMap()
                    actual["allocations"] = view.allocations.associate { it.invoice to it.amount }
                    val expectedAllocations = fields.asMap()["allocations"]
                    if (expectedAllocations != null && expectedAllocations.asMap().size != view.allocations.size) {
                        throw Mismatch("payment $id: allocations ${actual["allocations"]}")
                    }
                    matches(fields, actual, "payment $id")
                }
                "credit" -> for ((code, amount) in value.asMap()) {
                    matches(amount, account.credit(code).available, "credit $code")
                }
                "credit_sources" -> for ((code, sources) in value.asMap()) {
                    matches(sources, plain(account.credit(code).sources), "credit sources $code")
                }
                "balances" -> for ((code, fields) in value.asMap()) {
                    matches(fields, plain(account.balance(code)), "balance $code")
                }
                "overdue" -> {
                    val v = value.asMap()
                    matches(v["invoices"], account.overdue(v["as_of"] as String).map { it.id }, "overdue")
                }
                "summary", "aging", "statement", "charge_plan" -> {
                    val v = value.asMap()
                    val currency = v["currency"] as String? ?: "USD"
                    val report: Any = when (key) {
                        "summary" -> account.summary(v["as_of"] as String, currency)
                        "aging" -> account.aging(v["as_of"] as String, currency)
                        "statement" -> account.statement(v["from"] as String, v["to"] as String, currency)
                        else -> account.autoChargePlan(v["as_of"] as String)
                    }
                    matches(value, plain(report), key)
                }
                "payment_methods" -> matches(value, account.paymentMethods().map { it.id }, "payment_methods")
                "default_method" -> matches(value, account.defaultPaymentMethod()?.id, "default_method")
                "series" -> for ((id, fields) in value.asMap()) {
                    matches(fields, plain(account.series(id)), "series $id")
                }
                else -> throw Mismatch("unknown state key $key")
            }
        }
    }

    /** Runs one account scenario; `typed`: operations through the typed helpers where possible. */
    fun runScenario(vector: Map<String, Any?>, typed: Boolean): Int {
        val settingsMap = vector["settings"]?.asMap()
        val settings = settingsMap?.let(::settingsOf)
        var account = Account("acct", settings)
        var typedCalls = 0
        try {
            (vector["steps"] as List<*>).forEachIndexed { i, s ->
                val step = s.asMap()
                try {
                    val outcome: Outcome? = when {
                        "op" in step || "preview" in step -> {
                            val preview = "preview" in step
                            val op = (step["op"] ?: step["preview"]).asMap()
                            val expected = (step["expected_version"] as Long?)?.toULong()
                            val before = fingerprint(account)
                            val call = if (typed) typedCall(account, op, expected, preview) else null
                            if (call != null) typedCalls++
                            val opJson = Json.write(op)
                            val result = expect(step) {
                                call?.invoke()
                                    ?: if (preview) account.preview(opJson) else account.execute(opJson, expected)
                            }
                            if ((result == null || preview) && fingerprint(account) != before) {
                                throw Mismatch("a refused operation or a preview changed the account")
                            }
                            result
                        }
                        "batch" in step -> {
                            val ops = (step["batch"] as List<*>).map { Json.write(it) }
                            val expected = (step["expected_version"] as Long?)?.toULong()
                            val before = fingerprint(account)
                            var index: Int? = null
                            val result = expect(step) {
                                try {
                                    account.executeBatch(ops, expected)
                                } catch (e: BillingException) {
                                    index = e.index
                                    throw e
                                }
                            }
                            step["index"]?.let { matches(it, index?.toLong(), "index") }
                            if (result == null && fingerprint(account) != before) {
                                throw Mismatch("a refused batch changed the account")
                            }
                            result?.lastOrNull()
                        }
                        "query" in step -> {
                            val answer = expect(step) { account.query(Json.write(step["query"])) }
                            if (answer != null) {
                                if ("result" !in step) throw Mismatch("a query needs a result")
                                matches(step["result"], Json.parse(answer), "result")
                            }
                            null
                        }
                        "load" in step -> {
                            val loaded = expect(step) { Account.fromJson(Json.write(step["load"])) }
                            if (loaded != null) {
                                account.close()
                                account = loaded
                            }
                            null
                        }
                        "state" !in step -> throw Mismatch("a step needs op, preview, batch, query, load or state")
                        else -> null
                    }
                    val expectedOutcome = step["outcome"]
                    if (expectedOutcome != null && outcome != null) checkOutcome(outcome, expectedOutcome.asMap())
                    step["state"]?.let { checkState(account, it.asMap()) }
                    account.verify()?.let { throw Mismatch("verify: $it") }
                } catch (e: Mismatch) {
                    throw Mismatch("step $i: ${e.message}")
                }
            }
            Account.replay("acct", account.history(), settings).use { replayed ->
                if (fingerprint(replayed) != fingerprint(account)) {
                    throw Mismatch("replaying the history gives another account")
                }
            }
            Account.fromJson(account.toJson()).use { reloaded ->
                if (fingerprint(reloaded) != fingerprint(account)) {
                    throw Mismatch("reloading the snapshot gives another account")
                }
            }
        } finally {
            account.close()
        }
        return typedCalls
    }

    /** A money case: the generic calc(), and the typed function where one fits. */
    fun moneyCase(case: Map<String, Any?>) {
        val request = case.filterKeys { it != "result" && it != "error" }
        val answer = expect(case) { calc(Json.write(request)) }
        if (answer != null && "result" in case) matches(case["result"], Json.parse(answer), "result")
        val typed = typedCalc(request) ?: return
        val result = expect(case) { typed() }
        if (result != null && "result" in case) matches(case["result"], result, "typed result")
    }

    /** The typed calculation for a request, or null if typed values cannot express it. */
    private fun typedCalc(request: Map<String, Any?>): (() -> Any?)? {
        val (name, args) = request.entries.single()
        val a = (args as? Map<*, *>)?.asMap()
        fun s(key: String) = a?.get(key) as? String
        return when (name) {
            "parse" -> {
                val (amount, currency) = (s("amount") ?: return null) to (s("currency") ?: return null)
                { parseMoney(amount, currency) }
            }
            "round" -> {
                val (amount, currency) = (s("amount") ?: return null) to (s("currency") ?: return null)
                val mode = RoundingMode.values().firstOrNull { it.name.lowercase() == s("mode") } ?: return null
                { roundMoney(amount, currency, mode) }
            }
            "split" -> {
                val (amount, currency) = (s("amount") ?: return null) to (s("currency") ?: return null)
                val parts = (a?.get("parts") as? Long)?.takeIf { it in 0..UInt.MAX_VALUE.toLong() } ?: return null
                { splitMoney(amount, currency, parts.toUInt()) }
            }
            "allocate" -> {
                val (amount, currency) = (s("amount") ?: return null) to (s("currency") ?: return null)
                val ratios = (a?.get("ratios") as? List<*>)?.map { it as? String ?: return null } ?: return null
                { allocateMoney(amount, currency, ratios) }
            }
            "currency" -> {
                val code = args as? String ?: return null
                { plain(currencyInfo(code)) }
            }
            "cycle" -> {
                val every = (a?.get("every") as? Long)?.takeIf { it in 0..UInt.MAX_VALUE.toLong() } ?: return null
                val unit = CycleUnit.values().firstOrNull { it.name.lowercase() == s("unit") } ?: return null
                val anchor = s("anchor") ?: return null
                val first = a["first"] as? Long ?: return null
                val count = (a["count"] as? Long)?.takeIf { it in 0..UShort.MAX_VALUE.toLong() } ?: return null
                { cycleDates(every.toUInt(), unit, anchor, first, count.toUShort()) }
            }
            "card_check" -> {
                val text = args as? String ?: return null
                { checkCardData(text); null }
            }
            "expiry" -> {
                val month = (a?.get("month") as? Long)?.takeIf { it in 0..UInt.MAX_VALUE.toLong() } ?: return null
                val year = (a["year"] as? Long)?.takeIf { it in Int.MIN_VALUE..Int.MAX_VALUE } ?: return null
                val asOf = s("as_of") ?: return null
                { cardExpired(month.toUInt(), year.toInt(), asOf) }
            }
            else -> null
        }
    }
}

/** Runs every vector file; returns (passed, failed). */
fun runVectors(dir: File): Pair<Int, Int> {
    val runner = VectorRunner(dir)
    var passed = 0
    var failed = 0
    var typedCalls = 0
    var moneyCases = 0
    for (file in runner.files()) {
        val vector = Json.parse(file.readText()).asMap()
        val money = vector["money"] as List<*>?
        val runs: List<Pair<String, () -> Any>> = if (money != null) {
            money.mapIndexed { i, case ->
                "${file.name} case $i" to { moneyCases++; runner.moneyCase(case.asMap()) }
            }
        } else {
            listOf(
                "${file.name} (json)" to { runner.runScenario(vector, typed = false) },
                "${file.name} (typed)" to { typedCalls += runner.runScenario(vector, typed = true) },
            )
        }
        for ((name, run) in runs) {
            try {
                run()
                passed++
            } catch (e: Throwable) {
                failed++
                println("FAIL vector $name: ${e.message ?: e}")
            }
        }
    }
    val scenarios = runner.files().count { !it.name.startsWith("money") }
    val missing = errorCodes().filter { it !in runner.codes }
    if (missing.isNotEmpty()) {
        failed++
        println("FAIL vectors: error codes no vector exercised: $missing")
    } else {
        passed++
    }
    if (scenarios < 40) {
        failed++
        println("FAIL vectors: only $scenarios account scenarios")
    }
    println(
        "vectors: $scenarios scenarios (each generic and typed; $typedCalls operations through typed helpers), " +
            "$moneyCases money cases, ${runner.codes.size} of ${errorCodes().size} error codes exercised",
    )
    return passed to failed
}
