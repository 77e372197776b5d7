// A small test runner (no JUnit jar needed): named tests, assertions, and
// the closing line "N passed, N failed"; exit code 1 on any failure.
package io.billingcore.tests

import io.billingcore.BillingException
import io.billingcore.code

class Suite(private val name: String) {
    var passed = 0
        private set
    var failed = 0
        private set

    fun test(test: String, body: () -> Unit) {
        try {
            body()
            passed++
        } catch (e: Throwable) {
            failed++
            println("FAIL $name: $test\n     $e")
        }
    }
}

class AssertionFailed(message: String) : AssertionError(message)

fun check(condition: Boolean, message: () -> String = { "check failed" }) {
    if (!condition) throw AssertionFailed(message())
}

fun <T> assertEquals(expected: T, actual: T, what: String = "value") {
    if (expected != actual) throw AssertionFailed("$what: expected <$expected>, got <$actual>")
}

/** Runs [body], which must throw an [E]; returns it. */
inline fun <reified E : Throwable> assertThrows(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionFailed("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionFailed("expected ${E::class.simpleName}, but nothing was thrown")
}

/** Runs [body], which must raise the [BillingException] variant [E] with [code]. */
inline fun <reified E : BillingException> assertBilling(code: String, body: () -> Unit): E {
    val e = assertThrows<E>(body)
    assertEquals(code, e.code, "error code")
    return e
}
