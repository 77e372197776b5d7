"""Loads invoices and payments from CSV files into a billing_core account
and prints its summary and aging report: what a finance script does with
an export from a billing system.

    python replay_csv.py invoices.csv payments.csv --as-of 2026-03-31

invoices.csv has one row per invoice line (rows of one invoice share its
id, kind, currency and dates); payments.csv one row per payment, with an
optional invoice it must go to (otherwise oldest due first). Everything is
applied in date order as one all-or-nothing batch, so a bad row changes
nothing and is reported by its file and line.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import billing_core as bc


def read_invoices(path: Path) -> Iterator[tuple[datetime.date, str, dict[str, Any]]]:
    """The issue_invoice operations of the file, with their row numbers."""
    documents: dict[str, dict[str, Any]] = {}
    rows: dict[str, int] = {}
    with path.open(newline="") as file:
        for line, row in enumerate(csv.DictReader(file), start=2):
            document = documents.setdefault(
                row["invoice"],
                {
                    "id": row["invoice"],
                    "kind": row["kind"],
                    "currency": row["currency"],
                    "issue_date": row["issue_date"],
                    "due_date": row["due_date"],
                    "lines": [],
                },
            )
            rows.setdefault(row["invoice"], line)
            entry: dict[str, Any] = {
                "description": row["description"],
                "quantity": row["quantity"],  # decimal strings, exact
                "unit_price": row["unit_price"],
            }
            if row["tax_percent"]:
                entry["taxes"] = [{"id": "sales-tax", "percent": row["tax_percent"]}]
            document["lines"].append(entry)
    for id, document in documents.items():
        date = datetime.date.fromisoformat(document["issue_date"])
        yield date, f"{path.name} line {rows[id]}", {"op": "issue_invoice", "invoice": document}


def read_payments(path: Path) -> Iterator[tuple[datetime.date, str, dict[str, Any]]]:
    """The record_payment operations of the file, with their row numbers."""
    with path.open(newline="") as file:
        for line, row in enumerate(csv.DictReader(file), start=2):
            op: dict[str, Any] = {
                "op": "record_payment",
                "payment": row["payment"],
                "amount": row["amount"],
                "currency": row["currency"],
                "date": row["date"],
                "method": row["method"],
            }
            if row["invoice"]:
                op["allocation"] = [{"invoice": row["invoice"], "amount": row["amount"]}]
            yield datetime.date.fromisoformat(row["date"]), f"{path.name} line {line}", op


def money(amount: Decimal) -> str:
    return f"{amount:>12,}"


def report(acct: bc.Account, as_of: datetime.date) -> None:
    summary = acct.summary(as_of)
    print(f"Account {acct.id} on {as_of} ({summary.currency})")
    print(f"  Current balance      {money(summary.current_balance)}")
    print(f"  Overdue              {money(summary.overdue)}")
    print(f"  Credit available     {money(summary.credit_available)}")
    print(f"  Open invoices        {summary.open_invoices:>12}")
    if summary.last_recurring_invoice:
        print(f"  Last recurring       {summary.last_recurring_invoice.isoformat():>12}")
    print(f"  Next balance (est.)  {money(summary.estimated_next_balance)}")

    aging = acct.aging(as_of)
    print("\nAging")
    buckets = [("Current", aging.current), ("1-30 days", aging.days_1_30), ("31-60 days", aging.days_31_60),
               ("61-90 days", aging.days_61_90), ("Over 90 days", aging.over_90), ("Total", aging.total)]
    for label, amount in buckets:
        print(f"  {label:<20} {money(amount)}")
    print("\nOpen invoices")
    for invoice in aging.invoices:
        late = f"{invoice.days_past_due} days late" if invoice.days_past_due > 0 else "not yet due"
        print(f"  {invoice.invoice:<10} due {invoice.due_date}  {money(invoice.due)}  {late}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("invoices", type=Path)
    parser.add_argument("payments", type=Path)
    parser.add_argument("--account", default="acme")
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)
    args = parser.parse_args(argv)

    # Invoices before payments on the same day; stable within each file.
    rows = sorted([*read_invoices(args.invoices), *read_payments(args.payments)], key=lambda r: r[0])
    acct = bc.Account(args.account)
    try:
        acct.execute_batch(op for _, _, op in rows)
    except bc.BillingError as err:
        where = rows[err.index][1] if err.index is not None else "input"
        print(f"{where}: {err} [{err.code}]; nothing was loaded", file=sys.stderr)
        return 1
    as_of = args.as_of or max(date for date, _, _ in rows)
    report(acct, as_of)
    return 0


if __name__ == "__main__":
    sys.exit(main())
