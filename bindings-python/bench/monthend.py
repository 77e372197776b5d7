"""The month-end workload through the Python batch entry point (not a
test). Reads the JSON lines written by `monthend generate` (workload/),
applies each account's operations with ``Account.execute_batch``, keeps
every account, and prints one JSON line: throughput, peak memory and the
totals, which must equal the generator's.

    python bindings-python/bench/monthend.py target/monthend/workload.jsonl

``run_lines`` is also what each Dask worker runs (monthend_dask.py).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import billing_core as bc

FIELDS = ("receivable", "written_off", "credit", "net_position")
Totals = dict[str, dict[str, Decimal]]


def run_lines(lines: Iterable[str]) -> tuple[list[bc.Account], int]:
    """Applies each line's operations to a new account, as a batch."""
    accounts = []
    operations = 0
    for line in lines:
        work = json.loads(line)
        account = bc.Account(work["account"])
        account.execute_batch(work["operations"])
        operations += len(work["operations"])
        accounts.append(account)
    return accounts, operations


def totals(accounts: Iterable[bc.Account]) -> Totals:
    """Per currency, the sums of every account's balances."""
    sums: Totals = {}
    for account in accounts:
        for balance in account.balances():
            by_field = sums.setdefault(balance.currency, {f: Decimal(0) for f in FIELDS})
            for field in FIELDS:
                by_field[field] += getattr(balance, field)
    return sums


def merge(parts: Iterable[Totals]) -> Totals:
    """Adds partial totals (one per worker)."""
    merged: Totals = {}
    for part in parts:
        for currency, fields in part.items():
            into = merged.setdefault(currency, {f: Decimal(0) for f in FIELDS})
            for field in FIELDS:
                into[field] += fields[field]
    return merged


def as_json(sums: Totals) -> dict[str, Any]:
    return {c: {f: str(v) for f, v in fields.items()} for c, fields in sorted(sums.items())}


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    path = Path(sys.argv[1])
    expected = json.loads(Path(f"{path}.expected.json").read_text())
    lines = path.read_text().splitlines()
    start = time.perf_counter()
    accounts, operations = run_lines(lines)
    seconds = time.perf_counter() - start
    result = {
        "runner": "python",
        "accounts": len(accounts),
        "operations": operations,
        "seconds": seconds,
        "operations_per_second": operations / seconds,
        "peak_rss_mib": peak_rss_mib(),
        "totals": as_json(totals(accounts)),
    }
    print(json.dumps(result))
    if result["totals"] != expected["totals"]:
        print(f"totals differ from the expected ones: {expected['totals']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
