"""The values of billing_core: documents and settings you pass in, views
and reports you get back.

Every class is a frozen dataclass with the field names of the core's JSON
format (``issue_date``, ``unit_price``, ``due``), amounts as
``decimal.Decimal`` and dates as ``datetime.date``; ``to_dict()`` gives the
fields as a plain dict under their JSON names. One object's amounts share
its ``currency``.

Two small generic functions move values across the boundary: ``encode``
(what ``json.dumps`` cannot do by itself: Decimal, date, these classes)
and ``decode`` (the core's answers into these classes, driven by the
annotations below). There is no per-class conversion code.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping, Union

__all__ = [
    "AccountSettings",
    "AgedInvoice",
    "Aging",
    "AllocationView",
    "Balance",
    "BillingSummary",
    "CardExpiry",
    "ChargePlan",
    "CreditApplied",
    "CreditBalance",
    "CreditCreated",
    "CreditOrigin",
    "CreditSourceView",
    "CurrencyInfo",
    "CustomCurrency",
    "Cycle",
    "Discount",
    "Entry",
    "Event",
    "Invoice",
    "InvoiceAmounts",
    "InvoiceChange",
    "InvoiceView",
    "Line",
    "LineTotals",
    "Outcome",
    "PaymentAllocation",
    "PaymentMethod",
    "PaymentView",
    "PlannedCharge",
    "RefundView",
    "RoundingPolicy",
    "Series",
    "ServicePeriod",
    "SkippedCharge",
    "Statement",
    "StatementLine",
    "TaxRate",
    "TaxTotal",
    "Totals",
]

#: A JSON object as the core writes it (operations, events, history).
JsonObject = Mapping[str, Any]


class _Record:
    """What every value class shares: ``to_dict()``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict under their JSON names (amounts stay
        ``Decimal``, dates ``date``); nested values become dicts and lists."""
        return {
            _json_name(f.name): _plain(getattr(self, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        }


def _keep_as_tuple(record: Any, name: str) -> None:
    """A sequence field given as a list (or any iterable) is kept as the
    tuple its type says: the record then equals the one read back, and
    stays immutable."""
    value = getattr(record, name)
    if not isinstance(value, tuple):
        object.__setattr__(record, name, tuple(value))


def _plain(value: Any) -> Any:
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _json_name(name: str) -> str:
    # `from` is a Python keyword: the field is `from_`.
    return name[:-1] if name.endswith("_") else name



# ----- inputs (also read back from documents and series) ------------------


@dataclass(frozen=True, slots=True)
class CustomCurrency(_Record):
    """A currency that is not in ISO 4217 (``"CREDITS"`` with 4 minor
    units). ISO currencies are just their codes: ``"USD"``."""

    code: str
    minor_units: int


#: A currency as input: an ISO code (``"USD"``) or a custom currency.
CurrencyLike = Union[str, CustomCurrency]

#: An amount or other exact decimal as input: ``Decimal``, ``int`` or a
#: decimal string (``"150.00"``). A ``float`` is refused with
#: ``FloatRefusedError``. Read back, it is always a ``Decimal``.
Amount = Union[Decimal, int, str]


@dataclass(frozen=True, slots=True)
class RoundingPolicy(_Record):
    """How invoice totals are rounded: ``mode`` is ``"half_up"``,
    ``"half_even"``, ``"down"`` or ``"up"``; ``tax`` is ``"per_line"`` or
    ``"per_invoice"``."""

    mode: str = "half_up"
    tax: str = "per_line"


@dataclass(frozen=True, slots=True)
class AccountSettings(_Record):
    """An account's settings."""

    auto_apply_credit: bool = True
    rounding: RoundingPolicy = field(default_factory=RoundingPolicy)


@dataclass(frozen=True, slots=True)
class Discount(_Record):
    """A discount: give exactly one of ``amount`` (in the invoice's
    currency) or ``percent``."""

    amount: Amount | None = None
    percent: Amount | None = None


@dataclass(frozen=True, slots=True)
class TaxRate(_Record):
    """A tax rate; ``inclusive`` rates are contained in the prices."""

    id: str
    percent: Amount
    inclusive: bool = False


@dataclass(frozen=True, slots=True)
class ServicePeriod(_Record):
    """The period a line covers: ``start`` included, ``end`` excluded."""

    start: datetime.date
    end: datetime.date


@dataclass(frozen=True, slots=True)
class Line(_Record):
    """An invoice line. ``quantity`` and ``unit_price`` take ``Decimal``,
    ``int`` or ``str``; the unit price may have more places than the
    currency."""

    description: str
    quantity: Amount
    unit_price: Amount
    discount: Discount | None = None
    taxes: tuple[TaxRate, ...] = ()
    period: ServicePeriod | None = None

    def __post_init__(self) -> None:
        _keep_as_tuple(self, "taxes")


@dataclass(frozen=True, slots=True)
class Invoice(_Record):
    """An invoice document of one of five kinds: ``"new"``,
    ``"recurring"``, ``"one_time_charge"``, ``"credit"`` or ``"refund"``
    (a refund names the invoice it reverses in ``refund_of``)."""

    id: str
    kind: str
    currency: CurrencyLike
    issue_date: datetime.date
    due_date: datetime.date
    lines: tuple[Line, ...]
    discount: Discount | None = None
    refund_of: str | None = None
    refund_payment: str | None = None

    def __post_init__(self) -> None:
        _keep_as_tuple(self, "lines")


@dataclass(frozen=True, slots=True)
class CardExpiry(_Record):
    """A card's expiry: valid through the last day of ``month``/``year``."""

    month: int
    year: int


@dataclass(frozen=True, slots=True)
class PaymentMethod(_Record):
    """A payment method reference: ``kind`` is ``"card"``,
    ``"bank_account"``, ``"direct_debit"``, ``"bank_transfer"``,
    ``"wire"``, ``"pay_pal"``, ``"check"``, ``"cash"`` or ``"other"``.
    Card numbers and security codes are refused in every field."""

    id: str
    kind: str
    token: str | None = None
    brand: str | None = None
    last4: str | None = None
    expiry: CardExpiry | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Cycle(_Record):
    """Every ``every`` units (``"day"``, ``"week"``, ``"month"``,
    ``"year"``) counted from ``anchor``."""

    every: int
    unit: str
    anchor: datetime.date


@dataclass(frozen=True, slots=True)
class Series(_Record):
    """A recurring series: bills ``lines`` every cycle from ``start``
    (until ``end``, excluded, if set), each invoice due ``due_days`` after
    its issue date."""

    id: str
    currency: CurrencyLike
    cycle: Cycle
    start: datetime.date
    lines: tuple[Line, ...]
    end: datetime.date | None = None
    due_days: int = 0

    def __post_init__(self) -> None:
        _keep_as_tuple(self, "lines")


# ----- views ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvoiceAmounts(_Record):
    """An invoice's status and amounts at one moment."""

    status: str
    total: Decimal
    reversed: Decimal
    paid: Decimal
    pending: Decimal
    credited: Decimal
    due: Decimal
    credit_remaining: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class InvoiceChange(_Record):
    """How an operation changed one invoice (None: it did not exist
    before, or was deleted)."""

    invoice: str
    before: InvoiceAmounts | None
    after: InvoiceAmounts | None


@dataclass(frozen=True, slots=True)
class InvoiceView(_Record):
    """An invoice as the portal shows it. For a charge,
    ``due = total - reversed - paid - credited``; ``pending`` is what
    pending payments cover (still due)."""

    id: str
    kind: str
    currency: str
    issue_date: datetime.date
    due_date: datetime.date
    status: str
    total: Decimal
    reversed: Decimal
    paid: Decimal
    pending: Decimal
    credited: Decimal
    due: Decimal
    credit_remaining: Decimal
    refund_of: str | None = None


@dataclass(frozen=True, slots=True)
class AllocationView(_Record):
    """Part of a payment on one invoice."""

    invoice: str
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class RefundView(_Record):
    """A refund of a payment."""

    id: str
    amount: Decimal
    date: datetime.date
    currency: str


@dataclass(frozen=True, slots=True)
class PaymentView(_Record):
    """A payment: where its money went, what is refundable."""

    id: str
    amount: Decimal
    currency: str
    date: datetime.date
    state: str
    allocations: tuple[AllocationView, ...]
    credit_created: Decimal
    credit_remaining: Decimal
    unallocated: Decimal
    refunded: Decimal
    refundable: Decimal
    refunds: tuple[RefundView, ...]
    method: str | None = None


@dataclass(frozen=True, slots=True)
class CreditOrigin(_Record):
    """Where credit came from: ``kind`` is ``"credit_note"`` (a credit
    document), ``"overpayment"`` (a payment) or ``"refund_note"`` (a refund
    document paid by a payment)."""

    kind: str
    document: str | None = None
    payment: str | None = None


@dataclass(frozen=True, slots=True)
class CreditSourceView(_Record):
    """One source of credit."""

    source: int
    origin: CreditOrigin
    date: datetime.date
    original: Decimal
    used: Decimal
    remaining: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class CreditBalance(_Record):
    """The credit available in one currency, with its sources (oldest
    first)."""

    currency: str
    available: Decimal
    sources: tuple[CreditSourceView, ...]


@dataclass(frozen=True, slots=True)
class Balance(_Record):
    """The balances of one currency: ``net_position = receivable -
    credit``."""

    currency: str
    receivable: Decimal
    written_off: Decimal
    credit: Decimal
    net_position: Decimal


# ----- reports --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BillingSummary(_Record):
    """What a portal's summary shows for one currency on a date."""

    currency: str
    as_of: datetime.date
    current_balance: Decimal
    written_off: Decimal
    pending: Decimal
    overdue: Decimal
    open_invoices: int
    credit_available: Decimal
    next_recurring_charges: Decimal
    estimated_next_balance: Decimal
    last_recurring_invoice: datetime.date | None = None
    next_recurring_invoice: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class AgedInvoice(_Record):
    """One invoice in an aging report."""

    invoice: str
    due_date: datetime.date
    days_past_due: int
    bucket: str
    due: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Aging(_Record):
    """What is due, by how long past due, on a date."""

    currency: str
    as_of: datetime.date
    current: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    over_90: Decimal
    total: Decimal
    invoices: tuple[AgedInvoice, ...]


@dataclass(frozen=True, slots=True)
class StatementLine(_Record):
    """One line of a statement, with the running balance after it."""

    date: datetime.date
    kind: str
    reference: str
    amount: Decimal
    balance: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Statement(_Record):
    """A statement of one currency from ``from_`` to ``to`` (both
    included; ``from_`` is ``"from"`` in ``to_dict()``)."""

    currency: str
    from_: datetime.date
    to: datetime.date
    opening_balance: Decimal
    closing_balance: Decimal
    lines: tuple[StatementLine, ...]


@dataclass(frozen=True, slots=True)
class PlannedCharge(_Record):
    """A charge the automatic-charge plan would make."""

    invoice: str
    amount: Decimal
    method: str
    currency: str


@dataclass(frozen=True, slots=True)
class SkippedCharge(_Record):
    """A due invoice the plan does not charge, and why.

    ``amount`` is what a charge would have taken: what is due less what
    pending payments hold. For ``covered_by_pending_payments``, what is due.
    """

    invoice: str
    amount: Decimal
    reason: str
    currency: str


@dataclass(frozen=True, slots=True)
class ChargePlan(_Record):
    """What an automatic-charge run would do on a date."""

    as_of: datetime.date
    charges: tuple[PlannedCharge, ...]
    skipped: tuple[SkippedCharge, ...]


@dataclass(frozen=True, slots=True)
class TaxTotal(_Record):
    """The tax of one rate over an invoice."""

    rate: TaxRate
    taxable: Decimal
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class LineTotals(_Record):
    """The totals of one line (``taxes`` per rate, in the line's order)."""

    amount: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal
    taxes: tuple[Decimal, ...]
    currency: str


@dataclass(frozen=True, slots=True)
class Totals(_Record):
    """An invoice's totals."""

    subtotal: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal
    taxes: tuple[TaxTotal, ...]
    lines: tuple[LineTotals, ...]
    currency: str


@dataclass(frozen=True, slots=True)
class CurrencyInfo(_Record):
    """A currency's code and minor units, and whether it is ISO 4217."""

    code: str
    minor_units: int
    iso: bool


# ----- outcomes and history -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event(_Record):
    """One event of the history: its ``name`` (``"payment_allocated"``)
    and its fields in the JSON form (``data``)."""

    name: str
    data: JsonObject

    def to_dict(self) -> dict[str, Any]:
        """The event's JSON form: ``{"event": name, ...data}``."""
        return {"event": self.name, **self.data}


@dataclass(frozen=True, slots=True)
class PaymentAllocation(_Record):
    """A payment allocated to an invoice by an operation."""

    payment: str
    invoice: str
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class CreditCreated(_Record):
    """Credit an operation created (source number and amount)."""

    source: int
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class CreditApplied(_Record):
    """Credit an operation applied to an invoice."""

    source: int
    invoice: str
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class Outcome(_Record):
    """What an operation did (or, from a preview, would do): the version it
    produced, the operation and events as stored, every invoice it touched
    with its amounts before and after, and its allocations and credit
    moves."""

    version: int
    operation: JsonObject
    events: tuple[Event, ...]
    invoices: tuple[InvoiceChange, ...]
    allocations: tuple[PaymentAllocation, ...]
    credit_created: tuple[CreditCreated, ...]
    credit_applied: tuple[CreditApplied, ...]


@dataclass(frozen=True, slots=True)
class Entry(_Record):
    """One entry of an account's history: store these, and
    ``Account.replay`` rebuilds the account."""

    version: int
    operation: JsonObject
    events: tuple[Event, ...]


# ----- crossing the boundary -------------------------------------------------

Decoder = Callable[[Any], Any]
_DECODERS: dict[Any, Decoder] = {}


def _identity(value: Any) -> Any:
    return value


def _event(value: Any) -> Event:
    data = dict(value)
    return Event(data.pop("event"), data)


def _currency(value: Any) -> CurrencyLike:
    if isinstance(value, str):
        return value
    return CustomCurrency(value["code"], value["minor_units"])


def _date(value: Any) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _decoder(tp: Any) -> Decoder:
    """The function that turns a JSON value into a value of type ``tp``."""
    known = _DECODERS.get(tp)
    if known is not None:
        return known
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    decode: Decoder
    if tp is Decimal or tp == Amount:
        decode = Decimal
    elif tp is datetime.date:
        decode = _date
    elif tp is Event:
        decode = _event
    elif tp == CurrencyLike:
        decode = _currency
    elif dataclasses.is_dataclass(tp):
        decode = _record_decoder(tp)
    elif origin is tuple:
        item = _decoder(args[0])
        decode = lambda value: tuple(item(v) for v in value)  # noqa: E731
    elif origin in (Union, types.UnionType) and type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        some = _decoder(rest[0] if len(rest) == 1 else Union[rest])
        decode = lambda value: None if value is None else some(value)  # noqa: E731
    else:
        decode = _identity  # str, int, bool, JSON objects
    _DECODERS[tp] = decode
    return decode


def _record_decoder(cls: Any) -> Decoder:
    hints = typing.get_type_hints(cls)
    plan = [
        (_json_name(f.name), f.name, _decoder(hints[f.name]))
        for f in dataclasses.fields(cls)
    ]
    names = {key for key, _, _ in plan}

    def decode(value: Mapping[str, Any]) -> Any:
        fields = {name: convert(value[key]) for key, name, convert in plan if key in value}
        if len(fields) != len(value):
            # The package and the core are built together: a field the
            # package does not know is a bug in the package.
            unknown = sorted(value.keys() - names)
            raise RuntimeError(f"billing_core: {cls.__name__} has no field {unknown}")
        return cls(**fields)

    return decode


def decode(tp: Any, value: Any) -> Any:
    """Turns a JSON value from the core into a value of type ``tp``."""
    return _decoder(tp)(value)


def decode_list(tp: Any, values: Any) -> list[Any]:
    """Turns a JSON array from the core into a list of ``tp``."""
    item = _decoder(tp)
    return [item(v) for v in values]


_DECIMAL_FIELDS: dict[type, frozenset[str]] = {}


def _decimal_fields(cls: type) -> frozenset[str]:
    known = _DECIMAL_FIELDS.get(cls)
    if known is None:
        hints = typing.get_type_hints(cls)
        known = frozenset(
            name
            for name, tp in hints.items()
            if tp is Decimal or (typing.get_origin(tp) in (Union, types.UnionType) and Decimal in typing.get_args(tp))
        )
        _DECIMAL_FIELDS[cls] = known
    return known


def amount(value: Any) -> Any:
    """An amount as it goes into JSON: an ``int`` (or a subclass such as an
    ``IntEnum``; not ``bool``) becomes a string (it is exact); ``Decimal``
    and ``str`` pass; anything else goes to the core as is, which refuses a
    float with ``FloatRefusedError``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(int(value))
    return value


#: Beyond this many digits before or after the point, a ``Decimal`` cannot
#: be an amount (the core holds 28 decimal places and about 29 digits).
_DIGITS_BEYOND = 40


def _decimal_text(value: Decimal) -> str:
    """A ``Decimal`` as a plain decimal string. One too large or too fine
    for any amount is sent as a stand-in the core refuses the same way
    (``overflow``): written out, ``Decimal("1E+999999999")`` would take a
    gigabyte. NaN and infinities go as their names (``invalid_decimal``)."""
    if value.is_zero() and value.adjusted() > 0:
        return "0"  # 0E+50 is zero, however large its exponent
    if value.is_finite():
        exponent = value.as_tuple().exponent
        if value.adjusted() > _DIGITS_BEYOND or (isinstance(exponent, int) and exponent < -_DIGITS_BEYOND):
            return ("-" if value.is_signed() else "") + "1" + "0" * _DIGITS_BEYOND
    return format(value, "f")


def encode(value: Any) -> Any:
    """The ``default`` of ``json.dumps``: Decimal as a plain decimal string,
    dates as ``YYYY-MM-DD``, value classes as their JSON form (an ``int``
    in a decimal field is written as a string, a float is left to the core
    to refuse). None fields are left out."""
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, datetime.date):
        # A datetime is refused by the core (invalid_date): a timestamp
        # is not a calendar date.
        return value.isoformat()
    if isinstance(value, Event):
        return value.to_dict()
    if isinstance(value, _Record):
        decimals = _decimal_fields(type(value))
        out = {}
        for f in dataclasses.fields(value):  # type: ignore[arg-type]
            v = getattr(value, f.name)
            if v is None:
                continue
            out[_json_name(f.name)] = amount(v) if f.name in decimals else v
        return out
    raise TypeError(
        f"billing_core cannot send a {type(value).__name__}: "
        "use str, int, Decimal, date, lists, dicts or billing_core's classes"
    )
