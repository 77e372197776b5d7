// The JVM test suite of the Kotlin binding: boundary tests, then every
// shared vector. Prints "N passed, N failed" and exits 1 on any failure.
//
//     java -Djna.library.path=<dir of libbilling_core_mobile.so> -cp ... io.billingcore.tests.MainKt <vectors dir>
package io.billingcore.tests

import java.io.File
import kotlin.system.exitProcess

fun main(args: Array<String>) {
    val vectors = File(args.firstOrNull() ?: "billing-core/tests/vectors")
    val suite = Suite("boundary")
    boundaryTests(suite)
    println("boundary tests: ${suite.passed} passed, ${suite.failed} failed")
    val (passed, failed) = runVectors(vectors)
    println("vector runs: $passed passed, $failed failed")
    val totalPassed = suite.passed + passed
    val totalFailed = suite.failed + failed
    println("$totalPassed passed, $totalFailed failed")
    exitProcess(if (totalFailed == 0 && totalPassed > 0) 0 else 1)
}
