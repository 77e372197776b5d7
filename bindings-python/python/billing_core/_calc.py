"""Calculations that need no account: exact money arithmetic, totals,
billing-cycle dates, card checks. Each is one request to the core's
``calc`` (the same requests as the money cases of the shared vectors)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any, Mapping, Sequence

from . import _billing_core as _native
from ._account import DateLike, _dumps
from ._types import Amount, CurrencyInfo, CurrencyLike, Invoice, RoundingPolicy, Totals, amount, decode

__all__ = [
    "ERROR_CODES",
    "allocate_money",
    "calc",
    "card_expired",
    "check_card_data",
    "currency_info",
    "cycle_dates",
    "invoice_totals",
    "parse_money",
    "round_money",
    "split_money",
]

#: Every error code of the core, in a stable order.
ERROR_CODES: tuple[str, ...] = tuple(_native.error_codes())


def calc(request: Mapping[str, Any]) -> Any:
    """Answers a calculation request in the core's JSON form
    (``{"split": {"amount": "10.00", "currency": "USD", "parts": 3}}``)
    with plain JSON values. The functions below are the typed way in."""
    return json.loads(_native.calc(_dumps(request)))


def parse_money(value: Amount, currency: CurrencyLike) -> Decimal:
    """The amount at the currency's scale (``"10.5"`` USD is
    ``Decimal("10.50")``). More places than the currency has raise
    ``InvalidInputError`` (``scale_exceeded``); use ``round_money``."""
    return Decimal(calc({"parse": {"amount": amount(value), "currency": currency}}))


def round_money(value: Amount, currency: CurrencyLike, mode: str = "half_up") -> Decimal:
    """The amount rounded to the currency's scale: ``mode`` is
    ``"half_up"``, ``"half_even"``, ``"down"`` or ``"up"``."""
    return Decimal(calc({"round": {"amount": amount(value), "currency": currency, "mode": mode}}))


def split_money(value: Amount, currency: CurrencyLike, parts: int) -> list[Decimal]:
    """Splits an amount into ``parts`` near-equal parts that sum to it
    exactly (the first parts get the extra minor units). More than 100,000
    parts raise ``InvalidInputError`` (``too_many_parts``)."""
    answer = calc({"split": {"amount": amount(value), "currency": currency, "parts": parts}})
    return [Decimal(p) for p in answer]


def allocate_money(value: Amount, currency: CurrencyLike, ratios: Sequence[Amount]) -> list[Decimal]:
    """Splits an amount by ratios into parts that sum to it exactly
    (largest remainders get the leftover minor units). More than 100,000
    ratios raise ``InvalidInputError`` (``too_many_parts``)."""
    # A str is a sequence of characters, not of ratios: sent as it is, it
    # is refused by the core (invalid_json), as in JavaScript.
    sent = ratios if isinstance(ratios, str) else [amount(r) for r in ratios]
    request = {"amount": amount(value), "currency": currency, "ratios": sent}
    return [Decimal(p) for p in calc({"allocate": request})]


def currency_info(currency: CurrencyLike) -> CurrencyInfo:
    """A currency's code and minor units (``"JPY"`` has 0, ``"KWD"`` 3).
    Raises ``InvalidInputError`` for an unknown code."""
    return decode(CurrencyInfo, calc({"currency": currency}))


def invoice_totals(invoice: Invoice, policy: RoundingPolicy | None = None) -> Totals:
    """An invoice's subtotal, discounts, taxes per rate and total."""
    request: dict[str, Any] = {"invoice": invoice}
    if policy is not None:
        request["policy"] = policy
    return decode(Totals, calc({"totals": request}))


def cycle_dates(every: int, unit: str, anchor: DateLike, first: int = 0, count: int = 1) -> list[datetime.date]:
    """The start dates of billing cycles ``first`` .. ``first + count - 1``
    of a cycle of ``every`` ``unit`` (day, week, month, year) from
    ``anchor``. Month ends clamp and come back (Jan 31, Feb 28, Mar 31).
    A date past the year 9999 raises ``InvalidInputError``
    (``date_out_of_range``)."""
    request = {"every": every, "unit": unit, "anchor": anchor, "first": first, "count": count}
    return [datetime.date.fromisoformat(d) for d in calc({"cycle": request})]


def check_card_data(text: str) -> None:
    """Raises ``InvalidInputError`` (``card_data_refused``) if the text
    holds something that looks like a full card number or a security
    code; returns None otherwise."""
    calc({"card_check": text})


def card_expired(month: int, year: int, as_of: DateLike) -> bool:
    """Whether a card expiring ``month``/``year`` is expired on ``as_of``
    (it is valid through the last day of its month). A month outside 1 to
    12 raises ``InvalidInputError`` (``invalid_payment_method``)."""
    answer: bool = calc({"expiry": {"month": month, "year": year, "as_of": as_of}})
    return answer
