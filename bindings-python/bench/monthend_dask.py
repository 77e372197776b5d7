"""Scale-out of the month-end workload with Dask (not a test): accounts are
independent, so the workload is partitioned by account over worker
processes of a local cluster. Each worker runs its partition exactly as the
single-process run does (monthend.py) and returns its totals; the merged
totals must equal the single-process ones to the cent.

    python bindings-python/bench/monthend_dask.py target/monthend/workload.jsonl [--workers 2]

Each partition is a range of lines of the workload file, which workers
read themselves: only the range and the totals travel. Prints one JSON
line: single-process and Dask wall times, the speed-up, and each worker's
peak memory. Needs ``dask[distributed]`` (PyPI).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

from dask.distributed import Client, LocalCluster  # type: ignore[import-not-found,unused-ignore]
from monthend import as_json, merge, peak_rss_mib, run_lines, totals


def partition(lines: int, parts: int) -> list[tuple[int, int]]:
    """Line ranges of about equal size: accounts are independent, so any
    split by account is a valid one."""
    size = -(-lines // parts)
    return [(start, min(start + size, lines)) for start in range(0, lines, size)]


def run_part(path: str, start: int, stop: int) -> dict[str, Any]:
    """What one worker does with one partition: read its accounts from the
    shared file (only the range travels), run them, keep only totals."""
    with open(path) as file:
        lines = list(itertools.islice(file, start, stop))
    accounts, operations = run_lines(lines)
    return {"totals": totals(accounts), "operations": operations, "peak_rss_mib": peak_rss_mib()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("workload", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()
    path = str(args.workload.resolve())
    with open(path) as file:
        count = sum(1 for _ in file)
    parts = partition(count, args.partitions)

    start = time.perf_counter()
    single = [run_part(path, a, b) for a, b in parts]
    single_seconds = time.perf_counter() - start
    single_totals = as_json(merge(r["totals"] for r in single))

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.upload_file(str(Path(__file__).with_name("monthend.py")))
        start = time.perf_counter()
        futures = [client.submit(run_part, path, a, b, pure=False) for a, b in parts]
        results = client.gather(futures)
        dask_seconds = time.perf_counter() - start
        worker_peaks = client.run(peak_rss_mib)

    dask_totals = as_json(merge(r["totals"] for r in results))
    expected = json.loads(Path(f"{args.workload}.expected.json").read_text())["totals"]
    operations = sum(r["operations"] for r in results)
    print(json.dumps({
        "runner": "python+dask",
        "workers": args.workers,
        "partitions": len(parts),
        "operations": operations,
        "single_process_seconds": single_seconds,
        "dask_seconds": dask_seconds,
        "speed_up": single_seconds / dask_seconds,
        "dask_operations_per_second": operations / dask_seconds,
        "worker_peak_rss_mib": sorted(worker_peaks.values()),
        "totals_equal": dask_totals == single_totals == expected,
    }))
    if not dask_totals == single_totals == expected:
        print("totals differ between the runs", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
