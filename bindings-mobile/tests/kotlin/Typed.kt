// The typed face of the shared vectors: turns an operation's JSON form into
// a call of the typed helper (account.recordPayment(...), ...), with typed
// records built from the JSON. Operations that typed values cannot express
// (a JSON number for an amount, an unknown field, a custom currency object
// where only a code fits, a missing date) return null: the runner then uses
// the generic execute(opJson), so the vector's expectation still applies.
package io.billingcore.tests

import io.billingcore.*

private class NotExpressible : Exception()

private fun fail(): Nothing = throw NotExpressible()

private fun Map<String, Any?>.only(vararg keys: String): Map<String, Any?> {
    if (!keys.toSet().containsAll(this.keys)) fail()
    return this
}

private fun Map<String, Any?>.str(key: String): String = this[key] as? String ?: fail()

private fun Map<String, Any?>.strOrNull(key: String): String? =
    if (this[key] == null) null else this[key] as? String ?: fail()

private fun Map<String, Any?>.bool(key: String, default: Boolean): Boolean =
    if (this[key] == null) default else this[key] as? Boolean ?: fail()

private fun Map<String, Any?>.long(key: String): Long = this[key] as? Long ?: fail()

@Suppress("UNCHECKED_CAST")
private fun Map<String, Any?>.obj(key: String): Map<String, Any?> = this[key] as? Map<String, Any?> ?: fail()

@Suppress("UNCHECKED_CAST")
private fun Map<String, Any?>.objOrNull(key: String): Map<String, Any?>? =
    if (this[key] == null) null else this[key] as? Map<String, Any?> ?: fail()

@Suppress("UNCHECKED_CAST")
private fun Map<String, Any?>.objects(key: String): List<Map<String, Any?>> =
    (this[key] as? List<*> ?: fail()).map { it as? Map<String, Any?> ?: fail() }

private fun uint(value: Long): UInt = if (value in 0..UInt.MAX_VALUE.toLong()) value.toUInt() else fail()

private inline fun <reified E : Enum<E>> enumOf(name: Any?): E {
    val text = name as? String ?: fail()
    return enumValues<E>().firstOrNull { it.name.lowercase() == text } ?: fail()
}

/** A currency field: a code, or a custom currency object (code and minor units). */
private fun currencyOf(value: Any?): Pair<String, UInt?> = when (value) {
    is String -> value to null
    is Map<*, *> -> {
        @Suppress("UNCHECKED_CAST")
        val m = (value as Map<String, Any?>).only("code", "minor_units")
        m.str("code") to uint(m.long("minor_units"))
    }
    else -> fail()
}

private fun discountOf(m: Map<String, Any?>?): Discount? = when {
    m == null -> null
    m.keys == setOf("amount") -> Discount.Amount(m.str("amount"))
    m.keys == setOf("percent") -> Discount.Percent(m.str("percent"))
    else -> fail()
}

private fun lineOf(m: Map<String, Any?>): Line {
    m.only("description", "quantity", "unit_price", "discount", "taxes", "period")
    return Line(
        description = m.str("description"),
        quantity = m.str("quantity"),
        unitPrice = m.str("unit_price"),
        discount = discountOf(m.objOrNull("discount")),
        taxes = if (m["taxes"] == null) emptyList() else m.objects("taxes").map {
            it.only("id", "percent", "inclusive")
            TaxRate(id = it.str("id"), percent = it.str("percent"), inclusive = it.bool("inclusive", false))
        },
        period = m.objOrNull("period")?.let {
            it.only("start", "end")
            ServicePeriod(start = it.str("start"), end = it.str("end"))
        },
    )
}

fun invoiceOf(m: Map<String, Any?>): Invoice {
    m.only("id", "kind", "currency", "issue_date", "due_date", "refund_of", "refund_payment", "lines", "discount")
    val (code, minorUnits) = currencyOf(m["currency"])
    return Invoice(
        id = m.str("id"),
        kind = enumOf<InvoiceKind>(m["kind"]),
        currency = code,
        issueDate = m.str("issue_date"),
        dueDate = m.str("due_date"),
        lines = m.objects("lines").map(::lineOf),
        discount = discountOf(m.objOrNull("discount")),
        refundOf = m.strOrNull("refund_of"),
        refundPayment = m.strOrNull("refund_payment"),
        minorUnits = minorUnits,
    )
}

private fun methodOf(m: Map<String, Any?>): PaymentMethod {
    m.only("id", "kind", "token", "brand", "last4", "expiry", "label")
    return PaymentMethod(
        id = m.str("id"),
        kind = enumOf<MethodKind>(m["kind"]),
        token = m.strOrNull("token"),
        brand = m.strOrNull("brand"),
        last4 = m.strOrNull("last4"),
        expiry = m.objOrNull("expiry")?.let {
            it.only("month", "year")
            val year = it.long("year")
            if (year !in Int.MIN_VALUE..Int.MAX_VALUE) fail()
            CardExpiry(month = uint(it.long("month")), year = year.toInt())
        },
        label = m.strOrNull("label"),
    )
}

private fun seriesOf(m: Map<String, Any?>): Series {
    m.only("id", "currency", "cycle", "start", "end", "due_days", "lines")
    val (code, minorUnits) = currencyOf(m["currency"])
    val cycle = m.obj("cycle").only("every", "unit", "anchor")
    return Series(
        id = m.str("id"),
        currency = code,
        cycle = Cycle(every = uint(cycle.long("every")), unit = enumOf<CycleUnit>(cycle["unit"]), anchor = cycle.str("anchor")),
        start = m.str("start"),
        end = m.strOrNull("end"),
        dueDays = if (m["due_days"] == null) 0u else uint(m.long("due_days")),
        lines = m.objects("lines").map(::lineOf),
        minorUnits = minorUnits,
    )
}

fun settingsOf(m: Map<String, Any?>): AccountSettings {
    m.only("auto_apply_credit", "rounding")
    val rounding = m.objOrNull("rounding")?.let {
        it.only("mode", "tax")
        RoundingPolicy(
            mode = if (it["mode"] == null) RoundingMode.HALF_UP else enumOf<RoundingMode>(it["mode"]),
            tax = if (it["tax"] == null) TaxRounding.PER_LINE else enumOf<TaxRounding>(it["tax"]),
        )
    }
    return AccountSettings(autoApplyCredit = m.bool("auto_apply_credit", true), rounding = rounding)
}

private fun allocationOf(value: Any?): Allocation? = when (value) {
    null -> null
    is String -> Allocation.Strategy(enumOf<AllocationStrategy>(value))
    is List<*> -> Allocation.Explicit(value.map {
        @Suppress("UNCHECKED_CAST")
        val m = (it as? Map<String, Any?> ?: fail()).only("invoice", "amount")
        AllocationRequest(invoice = m.str("invoice"), amount = m.str("amount"))
    })
    else -> fail()
}

private fun call(f: () -> Outcome): () -> Outcome = f

/** The typed call for [op] (`preview`: previewed), or null if typed values cannot express it. */
fun typedCall(account: Account, op: Map<String, Any?>, expected: ULong?, preview: Boolean): (() -> Outcome)? = try {
    val o = op
    val name = o.str("op")
    if (preview && name != "record_payment") fail()
    when (name) {
        "create_draft", "update_draft", "issue_invoice" -> {
            o.only("op", "invoice")
            val invoice = invoiceOf(o.obj("invoice"))
            when (name) {
                "create_draft" -> call { account.createDraft(invoice, expected) }
                "update_draft" -> call { account.updateDraft(invoice, expected) }
                else -> call { account.issueInvoice(invoice, expected) }
            }
        }
        "delete_draft", "issue_draft", "void_invoice", "mark_uncollectible" -> {
            o.only("op", "invoice", "date")
            val invoice = o.str("invoice")
            val date = o.str("date")
            when (name) {
                "delete_draft" -> call { account.deleteDraft(invoice, date, expected) }
                "issue_draft" -> call { account.issueDraft(invoice, date, expected) }
                "void_invoice" -> call { account.voidInvoice(invoice, date, expected) }
                else -> call { account.markUncollectible(invoice, date, expected) }
            }
        }
        "record_payment" -> {
            o.only("op", "payment", "amount", "currency", "date", "method", "pending", "allocation", "overpayment")
            val payment = o.str("payment")
            val amount = o.str("amount")
            val currency = o.str("currency")
            val date = o.str("date")
            val method = o.strOrNull("method")
            val pending = o.bool("pending", false)
            val allocation = allocationOf(o["allocation"])
            val overpayment = if (o["overpayment"] == null) null else enumOf<OverpaymentPolicy>(o["overpayment"])
            if (preview) {
                call { account.previewPayment(payment, amount, currency, date, method, pending, allocation, overpayment) }
            } else {
                {
                    account.recordPayment(
                        payment = payment, amount = amount, currency = currency, date = date, method = method,
                        pending = pending, allocation = allocation, overpayment = overpayment, expectedVersion = expected,
                    )
                }
            }
        }
        "settle_payment", "fail_payment" -> {
            o.only("op", "payment", "date")
            val payment = o.str("payment")
            val date = o.str("date")
            if (name == "settle_payment") call { account.settlePayment(payment, date, expected) }
            else call { account.failPayment(payment, date, expected) }
        }
        "apply_credit" -> {
            o.only("op", "id", "invoice", "amount", "date")
            val id = o.str("id")
            val invoice = o.str("invoice")
            val amount = o.strOrNull("amount")
            val date = o.str("date")
            call { account.applyCredit(id, invoice, amount, date, expected) }
        }
        "apply_available_credit" -> {
            o.only("op", "id", "currency", "date")
            val id = o.str("id")
            val currency = o.str("currency")
            val date = o.str("date")
            call { account.applyAvailableCredit(id, currency, date, expected) }
        }
        "refund_payment" -> {
            o.only("op", "refund", "payment", "amount", "date")
            val refund = o.str("refund")
            val payment = o.str("payment")
            val amount = o.str("amount")
            val date = o.str("date")
            call { account.refundPayment(refund, payment, amount, date, expected) }
        }
        "move_allocation" -> {
            o.only("op", "id", "payment", "from", "to", "amount", "date")
            val id = o.str("id")
            val payment = o.str("payment")
            val from = o.str("from")
            val to = o.str("to")
            val amount = o.strOrNull("amount")
            val date = o.str("date")
            call { account.moveAllocation(id, payment, fromInvoice = from, toInvoice = to, amount = amount, date = date, expectedVersion = expected) }
        }
        "update_settings" -> {
            o.only("op", "settings", "date")
            val settings = settingsOf(o.obj("settings"))
            val date = o.str("date")
            call { account.updateSettings(settings, date, expected) }
        }
        "add_payment_method" -> {
            o.only("op", "method", "default", "date")
            val method = methodOf(o.obj("method"))
            val default = o.bool("default", false)
            val date = o.str("date")
            call { account.addPaymentMethod(method, default = default, date = date, expectedVersion = expected) }
        }
        "remove_payment_method", "set_default_payment_method" -> {
            o.only("op", "method", "date")
            val method = o.str("method")
            val date = o.str("date")
            if (name == "remove_payment_method") call { account.removePaymentMethod(method, date, expected) }
            else call { account.setDefaultPaymentMethod(method, date, expected) }
        }
        "add_series" -> {
            o.only("op", "series", "date")
            val series = seriesOf(o.obj("series"))
            val date = o.str("date")
            call { account.addSeries(series, date, expected) }
        }
        "end_series" -> {
            o.only("op", "series", "end", "date")
            val series = o.str("series")
            val end = o.str("end")
            val date = o.str("date")
            call { account.endSeries(series, end, date, expected) }
        }
        "bill_series" -> {
            o.only("op", "series", "through")
            val series = o.str("series")
            val through = o.str("through")
            call { account.billSeries(series, through, expected) }
        }
        else -> fail()
    }
} catch (e: NotExpressible) {
    null
}
