"""Benchmarks of the Python binding (not a test; numbers vary by machine):

- per-call overhead of small calls (a read, a payment, a calculation),
  median of many runs;
- throughput of ``execute_batch`` on 100,000 operations (50,000 invoices
  and 50,000 payments), and of the same operations one call at a time.

    python bindings-python/bench/bench.py [--operations 100000]
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import billing_core as bc

DAY = datetime.date(2026, 1, 1)


def per_call(label: str, call: Callable[[int], Any], runs: int = 20_000) -> None:
    samples = []
    for i in range(runs):
        start = time.perf_counter_ns()
        call(i)
        samples.append(time.perf_counter_ns() - start)
    median = statistics.median(samples) / 1000
    print(f"{label:<46} {median:8.1f} µs per call (median of {runs:,})")


def operations(n: int) -> list[dict[str, Any]]:
    ops: list[dict[str, Any]] = []
    for i in range(n // 2):
        issued = DAY + datetime.timedelta(days=i % 365)
        ops.append({
            "op": "issue_invoice",
            "invoice": {
                "id": f"INV-{i}", "kind": "recurring", "currency": "USD",
                "issue_date": issued, "due_date": issued + datetime.timedelta(days=30),
                "lines": [{"description": "Plan", "quantity": "1", "unit_price": Decimal("49.00")}],
            },
        })
        ops.append({
            "op": "record_payment", "payment": f"PAY-{i}", "amount": Decimal("49.00"),
            "currency": "USD", "date": issued,
        })
    return ops


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--operations", type=int, default=100_000)
    args = parser.parse_args()

    acct = bc.Account("bench")
    acct.issue_invoice(bc.Invoice("INV-0", "recurring", "USD", DAY, DAY, (bc.Line("Plan", 1, Decimal("1000000.00")),)))
    per_call("invoice(id): a read", lambda i: acct.invoice("INV-0"))
    per_call("record_payment: a payment on one open invoice", lambda i: acct.record_payment(f"P-{i}", "0.01", "USD", DAY))
    per_call("preview_payment: the same, previewed", lambda i: acct.preview_payment("P-x", "0.01", "USD", DAY))
    per_call("parse_money: a calculation", lambda i: bc.parse_money("12.34", "USD"))

    ops = operations(args.operations)
    batch = bc.Account("loaded")
    start = time.perf_counter()
    batch.execute_batch(ops)
    seconds = time.perf_counter() - start
    print(f"execute_batch, {len(ops):,} operations: {seconds:.2f} s, {len(ops) / seconds:,.0f} operations/s")

    single = bc.Account("loaded")
    start = time.perf_counter()
    for op in ops:
        single.execute(op)
    seconds = time.perf_counter() - start
    print(f"execute one at a time, {len(ops):,} operations: {seconds:.2f} s, {len(ops) / seconds:,.0f} operations/s")
    assert single == batch


if __name__ == "__main__":
    main()
