"""The account: one customer's invoices, payments, credit and refunds.

Each method builds the operation or query in the core's JSON form, hands
it to the native account, and turns the answer into value classes. The
rules themselves live in the Rust core.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gc
import json
from typing import Any, Iterable, Iterator, Mapping, Sequence, Union, overload

from . import _billing_core as _native
from ._errors import BillingError, InvalidInputError
from ._types import (
    AccountSettings,
    Aging,
    Amount,
    Balance,
    BillingSummary,
    ChargePlan,
    CreditBalance,
    CreditSourceView,
    CurrencyLike,
    CustomCurrency,
    Entry,
    Invoice,
    InvoiceView,
    Outcome,
    PaymentMethod,
    PaymentView,
    Series,
    Statement,
    amount as _amount,
    decode,
    decode_list,
    encode,
)

__all__ = ["Account", "Allocation", "DateLike"]

#: A date: ``datetime.date`` or ``"YYYY-MM-DD"``.
DateLike = Union[datetime.date, str]
#: How a payment is allocated: a strategy name (``"oldest_due_first"``,
#: ``"oldest_issued_first"``, ``"exact_match_first"``, ``"proportional"``),
#: or explicit amounts per invoice (a mapping or ``(invoice, amount)``
#: pairs).
Allocation = Union[str, Mapping[str, Amount], Sequence[tuple[str, Amount]]]


# Characters are written as they are, not as \u escapes: a surrogate in a
# str (which has no UTF-8 form) is then refused by the native side, as an
# argument is, instead of a pair of them being read as the character they
# encode in UTF-16.
_ENCODER = json.JSONEncoder(default=encode, separators=(",", ":"), allow_nan=False, ensure_ascii=False)

# The keywords of ``Account.issue_invoice(id, ...)``: the fields of an
# ``Invoice`` after its id, so the two forms cannot drift apart.
_INVOICE_KEYWORDS = tuple(field.name for field in dataclasses.fields(Invoice) if field.name != "id")


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pauses Python's cyclic garbage collector while a read's answer is
    turned into objects, and leaves it as it was found. A long list makes
    millions of objects, and the collector would walk them again and
    again as they are made (two thirds of the time of ``history()`` on
    40,000 payments), though none can be garbage yet; Mercurial's
    ``util.nogc`` does the same for its large reads. (The setting is
    process-wide: a thread that turns the collector off while another
    thread's read is running finds it back on when that read ends.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _first_unwritable(operations: Sequence[Any]) -> int | None:
    """The position of the first operation that cannot be written as
    Unicode JSON text, if any."""
    for position, operation in enumerate(operations):
        try:
            _dumps(operation).encode("utf-8")
        except (BillingError, UnicodeEncodeError):
            return position
    return None


def _dumps(value: Any) -> str:
    # One encoder for every call: building one per call costs a microsecond.
    try:
        return _ENCODER.encode(value)
    except ValueError as error:
        if str(error).startswith("Out of range float"):
            # A NaN or infinite float, which JSON cannot carry: refused as
            # every float is, with the core's FloatRefusedError (this call
            # raises it).
            return str(_native.calc('{"parse":{"amount":0.5,"currency":"USD"}}'))
        if not str(error).startswith("Circular reference"):
            raise
        cause: Exception = error
    except RecursionError as error:  # a value nested too deep
        cause = error
    # A value that contains itself, or is nested too deep to write, is the
    # core's invalid_json, worded as the JavaScript binding words it.
    message = "the value cannot be written as JSON"
    answer = {"code": "invalid_json", "kind": "invalid_input", "message": f"invalid JSON: {message}", "details": {"message": message}}
    raise InvalidInputError(json.dumps(answer)) from cause


def _day(value: DateLike | None) -> DateLike:
    # The core has no clock: "today" is the host's local date.
    return datetime.date.today() if value is None else value


def _allocation(allocation: Allocation) -> Any:
    if isinstance(allocation, str):
        return allocation
    pairs = allocation.items() if isinstance(allocation, Mapping) else allocation
    return [{"invoice": invoice, "amount": _amount(a)} for invoice, a in pairs]


class Account:
    """One customer's billing account, in any number of currencies.

    Every change is an operation, applied whole or refused with a
    ``BillingError`` and the account unchanged; ``preview_*`` and
    ``preview`` show what an operation would do without changing anything.
    Accounts are safe to share between threads, pickle through their JSON
    snapshot, and compare equal when their histories are equal.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> import billing_core as bc
    >>> acct = bc.Account("acme")
    >>> _ = acct.issue_invoice(bc.Invoice("INV-1", "recurring", "USD", date(2026, 1, 1), date(2026, 1, 31),
    ...                                   [bc.Line("Compute", 1, Decimal("100.00"))]))
    >>> acct.invoice("INV-1").due
    Decimal('100.00')
    """

    __slots__ = ("_native", "__weakref__")

    def __init__(self, id: str, settings: AccountSettings | None = None) -> None:
        """A new, empty account. Raises ``InvalidInputError`` for an empty
        id."""
        self._native = _native.NativeAccount(id, None if settings is None else _dumps(settings))

    @classmethod
    def _wrap(cls, native: _native.NativeAccount) -> Account:
        account = cls.__new__(cls)
        account._native = native
        return account

    # ----- snapshots ---------------------------------------------------------

    @classmethod
    def from_json(cls, text: str) -> Account:
        """Loads an account from its JSON snapshot (``to_json()``).
        Raises ``InvalidInputError`` (``invalid_json``,
        ``unsupported_format``, ``corrupt_history``) if it does not load."""
        return cls._wrap(_native.NativeAccount.from_json(text))

    @classmethod
    def replay(
        cls,
        id: str,
        entries: Iterable[Entry | Mapping[str, Any]],
        settings: AccountSettings | None = None,
    ) -> Account:
        """Rebuilds an account from its history entries (``history()``, or
        their JSON forms). ``settings`` are those the account was opened
        with (later changes are in the history); the entries carry neither
        them nor the id, so store both with the history, or keep the JSON
        snapshot, which has them. A history made under other settings is
        refused (``corrupt_history``, cause ``settings_mismatch``) when it
        shows: credit beside invoices still due with auto-apply on."""
        return cls._wrap(
            _native.NativeAccount.replay(
                id, _dumps(list(entries)), None if settings is None else _dumps(settings)
            )
        )

    def to_json(self) -> str:
        """The JSON snapshot: the account's history in a versioned
        envelope. ``Account.from_json`` gives back an equal account."""
        return self._native.to_json()

    def copy(self) -> Account:
        """An independent copy."""
        return self._wrap(self._native.copy())

    def __reduce__(self) -> tuple[Any, ...]:
        # The class's own from_json: a subclass pickles and copies as itself.
        return (type(self).from_json, (self.to_json(),))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Account):
            return NotImplemented
        return self is other or self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Account(id={self.id!r}, version={self.version})"

    # ----- identity ----------------------------------------------------------

    @property
    def id(self) -> str:
        """The account's id."""
        return self._native.id

    @property
    def version(self) -> int:
        """The number of operations applied so far."""
        return self._native.version

    @property
    def settings(self) -> AccountSettings:
        """The current settings."""
        return decode(AccountSettings, self._info()["settings"])

    @property
    def currencies(self) -> list[CurrencyLike]:
        """Every currency the account uses, sorted by code."""
        return [decode(CurrencyLike, c) for c in self._info()["currencies"]]

    def _info(self) -> dict[str, Any]:
        info: dict[str, Any] = json.loads(self._native.query('{"query":"account"}'))
        return info

    # ----- operations --------------------------------------------------------

    def execute(self, operation: Mapping[str, Any], *, expected_version: int | None = None) -> Outcome:
        """Applies an operation given in the core's JSON form, as a dict:
        ``{"op": "void_invoice", "invoice": "INV-1", "date": date(2026, 2, 1)}``.
        Amounts must be ``Decimal`` or strings here (an ``int`` is a JSON
        number, refused like a float). With ``expected_version``, applies
        only if the account is at that version (``ConflictError``
        otherwise); a version is an ``int`` from 0, and anything else (a
        negative number, a ``bool``, a float) is ``InvalidInputError``.
        Every operation method takes ``expected_version`` the same way."""
        return self._run(operation, expected_version)

    def preview(self, operation: Mapping[str, Any]) -> Outcome:
        """What ``execute(operation)`` would do; changes nothing. Raises
        exactly what ``execute`` would."""
        return decode(Outcome, json.loads(self._native.preview(_dumps(operation))))

    def execute_batch(
        self, operations: Iterable[Mapping[str, Any]], *, expected_version: int | None = None
    ) -> Sequence[Outcome]:
        """Applies many operations (JSON-form dicts) in one call, all or
        nothing: if one is refused, none stays applied and the exception's
        ``index`` is the position of the refused operation. Returns the
        outcomes, converted when read. With ``expected_version``, applies
        only if the account is at that version (``ConflictError`` with
        ``index`` 0 otherwise), checked at the first operation as
        ``execute`` checks it: a batch retried whole after it was applied
        returns its original outcomes."""
        ops = operations if isinstance(operations, list) else list(operations)
        try:
            return _Outcomes(self._native.execute_batch(_dumps(ops), expected_version))
        except BillingError as error:
            # Refused before the core read the operations apart (a value
            # JSON cannot write, text that is not Unicode): the position is
            # that of the first operation refused alone.
            if error.index is None:
                error.index = _first_unwritable(ops)
            raise

    def _run(self, operation: Mapping[str, Any], expected_version: int | None) -> Outcome:
        answer = self._native.execute(_dumps(operation), expected_version)
        return decode(Outcome, json.loads(answer))

    def create_draft(self, invoice: Invoice, *, expected_version: int | None = None) -> Outcome:
        """Creates a draft invoice (not yet owed)."""
        return self._run({"op": "create_draft", "invoice": invoice}, expected_version)

    def update_draft(self, invoice: Invoice, *, expected_version: int | None = None) -> Outcome:
        """Replaces a draft with a new version of the document (same id)."""
        return self._run({"op": "update_draft", "invoice": invoice}, expected_version)

    def delete_draft(
        self, invoice: str, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """Deletes a draft."""
        return self._run({"op": "delete_draft", "invoice": invoice, "date": _day(date)}, expected_version)

    def issue_draft(
        self, invoice: str, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """Issues a draft: it becomes owed. The document keeps its issue
        date, and reports count it from that date; ``date`` is the
        operation's."""
        return self._run({"op": "issue_draft", "invoice": invoice, "date": _day(date)}, expected_version)

    @overload
    def issue_invoice(self, invoice: Invoice, *, expected_version: int | None = None) -> Outcome: ...

    @overload
    def issue_invoice(
        self,
        invoice: str,
        *,
        kind: str,
        currency: CurrencyLike,
        issue_date: DateLike,
        due_date: DateLike,
        lines: Sequence[Any],
        discount: Any = None,
        refund_of: str | None = None,
        refund_payment: str | None = None,
        expected_version: int | None = None,
    ) -> Outcome: ...

    def issue_invoice(
        self, invoice: Invoice | str, *, expected_version: int | None = None, **fields: Any
    ) -> Outcome:
        """Creates and issues an invoice: pass an ``Invoice``, or its id and
        the document's fields as keywords (``kind``, ``currency``,
        ``issue_date``, ``due_date``, ``lines``, ...)."""
        if isinstance(invoice, Invoice):
            if fields:
                raise TypeError("issue_invoice() takes an Invoice or an id with keywords, not both")
            document: Any = invoice
        elif not isinstance(invoice, str):
            raise TypeError(
                f"issue_invoice() takes an Invoice, or the invoice id (str) with the document's "
                f"fields as keywords, not {type(invoice).__name__}"
            )
        else:
            unknown = [name for name in fields if name not in _INVOICE_KEYWORDS]
            if unknown:
                raise TypeError(
                    f"issue_invoice() got an unexpected keyword argument {unknown[0]!r}; "
                    f"an invoice's fields are {', '.join(_INVOICE_KEYWORDS)}"
                )
            document = {"id": invoice, **fields}
        return self._run({"op": "issue_invoice", "invoice": document}, expected_version)

    def _payment(
        self,
        payment: str,
        amount: Amount,
        currency: CurrencyLike,
        date: DateLike | None,
        method: str | None,
        pending: bool,
        allocation: Allocation | None,
        overpayment: str | None,
    ) -> dict[str, Any]:
        op: dict[str, Any] = {
            "op": "record_payment",
            "payment": payment,
            "amount": _amount(amount),
            "currency": currency,
            "date": _day(date),
            "pending": pending,
        }
        if method is not None:
            op["method"] = method
        if allocation is not None:
            op["allocation"] = _allocation(allocation)
        if overpayment is not None:
            op["overpayment"] = overpayment
        return op

    def record_payment(
        self,
        payment: str,
        amount: Amount,
        currency: CurrencyLike,
        date: DateLike | None = None,
        *,
        method: str | None = None,
        pending: bool = False,
        allocation: Allocation | None = None,
        overpayment: str | None = None,
        expected_version: int | None = None,
    ) -> Outcome:
        """Records a payment and allocates it: by default oldest due
        first; ``allocation`` names another strategy or gives amounts per
        invoice. What is left goes to credit (``overpayment="refuse"``
        refuses it instead). ``pending=True`` records a payment that has
        not cleared (settle or fail it later)."""
        op = self._payment(payment, amount, currency, date, method, pending, allocation, overpayment)
        return self._run(op, expected_version)

    def preview_payment(
        self,
        payment: str,
        amount: Amount,
        currency: CurrencyLike,
        date: DateLike | None = None,
        *,
        method: str | None = None,
        pending: bool = False,
        allocation: Allocation | None = None,
        overpayment: str | None = None,
    ) -> Outcome:
        """What ``record_payment`` with the same arguments would do;
        changes nothing."""
        return self.preview(self._payment(payment, amount, currency, date, method, pending, allocation, overpayment))

    def settle_payment(
        self, payment: str, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """A pending payment cleared: its allocations count as paid."""
        return self._run({"op": "settle_payment", "payment": payment, "date": _day(date)}, expected_version)

    def fail_payment(
        self, payment: str, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """A pending payment failed: its allocations are released."""
        return self._run({"op": "fail_payment", "payment": payment, "date": _day(date)}, expected_version)

    def apply_credit(
        self,
        id: str,
        invoice: str,
        amount: Amount | None = None,
        date: DateLike | None = None,
        *,
        expected_version: int | None = None,
    ) -> Outcome:
        """Pays an invoice from the credit balance, oldest credit first
        (all that is possible if ``amount`` is None). ``id`` is the
        operation's idempotency key."""
        op: dict[str, Any] = {"op": "apply_credit", "id": id, "invoice": invoice, "date": _day(date)}
        if amount is not None:
            op["amount"] = _amount(amount)
        return self._run(op, expected_version)

    def apply_available_credit(
        self,
        id: str,
        currency: CurrencyLike,
        date: DateLike | None = None,
        *,
        expected_version: int | None = None,
    ) -> Outcome:
        """Applies all available credit of a currency to open invoices:
        oldest credit first, invoices oldest due first."""
        op = {"op": "apply_available_credit", "id": id, "currency": currency, "date": _day(date)}
        return self._run(op, expected_version)

    def refund_payment(
        self,
        refund: str,
        payment: str,
        amount: Amount,
        date: DateLike | None = None,
        *,
        expected_version: int | None = None,
    ) -> Outcome:
        """Pays money of a succeeded payment back: from its unused credit
        first, then from its allocations, newest first; every invoice it
        leaves is due again."""
        op = {
            "op": "refund_payment",
            "refund": refund,
            "payment": payment,
            "amount": _amount(amount),
            "date": _day(date),
        }
        return self._run(op, expected_version)

    def void_invoice(
        self, invoice: str, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """Voids an invoice. A charge must have no payments on it (refund or
        move them first); credit it consumed returns to the credit balance.
        A credit document's credit must be unused; refund documents cannot
        be voided."""
        return self._run({"op": "void_invoice", "invoice": invoice, "date": _day(date)}, expected_version)

    def mark_uncollectible(
        self, invoice: str, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """Writes an open or partially paid charge off as uncollectible: it
        leaves the receivable balance but stays payable."""
        return self._run({"op": "mark_uncollectible", "invoice": invoice, "date": _day(date)}, expected_version)

    def move_allocation(
        self,
        id: str,
        payment: str,
        from_invoice: str,
        to_invoice: str,
        amount: Amount | None = None,
        date: DateLike | None = None,
        *,
        expected_version: int | None = None,
    ) -> Outcome:
        """Moves (part of) a payment's allocation from one invoice to
        another (all of it if ``amount`` is None)."""
        op: dict[str, Any] = {
            "op": "move_allocation",
            "id": id,
            "payment": payment,
            "from": from_invoice,
            "to": to_invoice,
            "date": _day(date),
        }
        if amount is not None:
            op["amount"] = _amount(amount)
        return self._run(op, expected_version)

    def update_settings(
        self, settings: AccountSettings, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """Changes the account's settings from now on."""
        return self._run({"op": "update_settings", "settings": settings, "date": _day(date)}, expected_version)

    def add_payment_method(
        self,
        method: PaymentMethod,
        default: bool = False,
        date: DateLike | None = None,
        *,
        expected_version: int | None = None,
    ) -> Outcome:
        """Adds a payment method (a reference: card numbers and security
        codes are refused). It becomes the default if ``default`` is set or
        the account has none yet."""
        op = {"op": "add_payment_method", "method": method, "default": default, "date": _day(date)}
        return self._run(op, expected_version)

    def remove_payment_method(
        self, method: str, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """Removes a payment method."""
        return self._run({"op": "remove_payment_method", "method": method, "date": _day(date)}, expected_version)

    def set_default_payment_method(
        self, method: str, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """Makes a payment method the default for automatic charges."""
        op = {"op": "set_default_payment_method", "method": method, "date": _day(date)}
        return self._run(op, expected_version)

    def add_series(
        self, series: Series, date: DateLike | None = None, *, expected_version: int | None = None
    ) -> Outcome:
        """Adds a recurring series."""
        return self._run({"op": "add_series", "series": series, "date": _day(date)}, expected_version)

    def end_series(
        self,
        series: str,
        end: DateLike,
        date: DateLike | None = None,
        *,
        expected_version: int | None = None,
    ) -> Outcome:
        """Ends a series: no service from ``end`` on; a period cut short and
        billed after this is prorated. Refused if a period starting on or
        after ``end`` was already billed. A period already billed that
        ``end`` cuts short stays billed in full (no credit is issued by
        itself): to give the unused days back, issue a refund document of
        that invoice for them."""
        op = {"op": "end_series", "series": series, "end": end, "date": _day(date)}
        return self._run(op, expected_version)

    def bill_series(self, series: str, through: DateLike, *, expected_version: int | None = None) -> Outcome:
        """Issues every invoice of a series whose period starts on or
        before ``through`` and is not issued yet (repeating it issues
        nothing new). Reports count each invoice from its own issue date."""
        return self._run({"op": "bill_series", "series": series, "through": through}, expected_version)

    # ----- reads -------------------------------------------------------------

    def query(self, query: Mapping[str, Any]) -> Any:
        """Answers a query in the core's JSON form
        (``{"query": "aging", "as_of": "2026-03-31"}``) with plain JSON
        values (amounts as strings). The typed reads below are usually
        what you want."""
        answer = self._native.query(_dumps(query))
        with _gc_paused():
            return json.loads(answer)

    def _list(self, tp: Any, query: Mapping[str, Any]) -> list[Any]:
        with _gc_paused():
            return decode_list(tp, self.query(query))

    @staticmethod
    def _currency_arg(query: dict[str, Any], currency: CurrencyLike | None) -> dict[str, Any]:
        # Queries name a currency by its code; a custom currency may be
        # given whole, as a CustomCurrency or in its JSON form. Anything
        # else goes to the core as it is, which refuses it (invalid_json).
        if isinstance(currency, CustomCurrency):
            query["currency"] = currency.code
        elif isinstance(currency, Mapping) and isinstance(currency.get("code"), str):
            query["currency"] = currency["code"]
        elif currency is not None:
            query["currency"] = currency
        return query

    def invoice(self, id: str) -> InvoiceView:
        """An invoice (any kind). Raises ``NotFoundError``."""
        return decode(InvoiceView, self.query({"query": "invoice", "id": id}))

    def document(self, id: str) -> Invoice:
        """An invoice's document, as issued (or as the draft stands)."""
        return decode(Invoice, self.query({"query": "document", "id": id}))

    def invoices(self) -> list[InvoiceView]:
        """Every invoice, in the order created."""
        return self._list(InvoiceView, {"query": "invoices"})

    def overdue(self, as_of: DateLike) -> list[InvoiceView]:
        """The invoices overdue on ``as_of`` by their amounts now, oldest due
        first. For amounts as they stood on a past date, read ``summary`` or
        ``aging``: those count only what happened by then."""
        return self._list(InvoiceView, {"query": "overdue", "as_of": as_of})

    def payment(self, id: str) -> PaymentView:
        """A payment. Raises ``NotFoundError``."""
        return decode(PaymentView, self.query({"query": "payment", "id": id}))

    def payments(self) -> list[PaymentView]:
        """Every payment, in the order recorded."""
        return self._list(PaymentView, {"query": "payments"})

    def credit(self, currency: CurrencyLike | None = None) -> CreditBalance:
        """The credit available in a currency (default: the account's only
        currency), with its sources."""
        return decode(CreditBalance, self.query(self._currency_arg({"query": "credit"}, currency)))

    def credit_sources(self) -> list[CreditSourceView]:
        """Every credit source, used up or not, oldest first."""
        return self._list(CreditSourceView, {"query": "credit_sources"})

    def balance(self, currency: CurrencyLike | None = None) -> Balance:
        """The balances of a currency (default: the account's only
        currency)."""
        return decode(Balance, self.query(self._currency_arg({"query": "balance"}, currency)))

    def balances(self) -> list[Balance]:
        """The balances of every currency."""
        return self._list(Balance, {"query": "balances"})

    def summary(self, as_of: DateLike, currency: CurrencyLike | None = None) -> BillingSummary:
        """The billing summary on ``as_of``: current balance, overdue,
        credit, last and next recurring invoice, estimated next balance."""
        query = self._currency_arg({"query": "summary", "as_of": as_of}, currency)
        return decode(BillingSummary, self.query(query))

    def summaries(self, as_of: DateLike) -> list[BillingSummary]:
        """The billing summary of every currency on ``as_of``."""
        return self._list(BillingSummary, {"query": "summaries", "as_of": as_of})

    def aging(self, as_of: DateLike, currency: CurrencyLike | None = None) -> Aging:
        """What is due on ``as_of`` by days past due (current, 1-30, 31-60,
        61-90, over 90)."""
        return decode(Aging, self.query(self._currency_arg({"query": "aging", "as_of": as_of}, currency)))

    def statement(self, start: DateLike, end: DateLike, currency: CurrencyLike | None = None) -> Statement:
        """The statement from ``start`` to ``end`` (both included): opening
        balance, every line with its running balance, closing balance.
        ``start`` after ``end`` raises ``InvalidInputError``
        (``invalid_period``)."""
        query = self._currency_arg({"query": "statement", "from": start, "to": end}, currency)
        return decode(Statement, self.query(query))

    def auto_charge_plan(self, as_of: DateLike) -> ChargePlan:
        """What an automatic-charge run on ``as_of`` would charge, and what
        it would skip and why. It reads the account as it stands (every
        payment recorded, whatever its date); ``as_of`` decides which due
        dates have come and which cards have expired."""
        return decode(ChargePlan, self.query({"query": "auto_charge_plan", "as_of": as_of}))

    def payment_methods(self) -> list[PaymentMethod]:
        """The live payment methods, in the order added."""
        return self._list(PaymentMethod, {"query": "payment_methods"})

    def default_payment_method(self) -> PaymentMethod | None:
        """The default payment method, if any."""
        method = self.query({"query": "default_payment_method"})
        return None if method is None else decode(PaymentMethod, method)

    def series(self, id: str) -> Series:
        """A recurring series. Raises ``NotFoundError``."""
        return decode(Series, self.query({"query": "series", "id": id}))

    def series_list(self) -> list[Series]:
        """Every series, in the order added."""
        return self._list(Series, {"query": "series_list"})

    def history(self) -> list[Entry]:
        """The history, oldest first: what ``replay`` rebuilds the account
        from."""
        return self._list(Entry, {"query": "history"})

    def verify(self) -> str | None:
        """Checks every invariant of the domain: None if they all hold,
        else a description of the first that does not (never expected)."""
        problem: str | None = self.query({"query": "verify"})
        return problem


class _Outcomes(Sequence[Outcome]):
    """The outcomes of a batch, converted when read."""

    __slots__ = ("_native",)

    def __init__(self, native: _native.NativeOutcomes) -> None:
        self._native = native

    def __len__(self) -> int:
        return len(self._native)

    @overload
    def __getitem__(self, index: int) -> Outcome: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Outcome]: ...

    def __getitem__(self, index: int | slice) -> Outcome | Sequence[Outcome]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("batch outcome index out of range")
        return decode(Outcome, json.loads(self._native.get(index)))

    def __iter__(self) -> Iterator[Outcome]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        return f"<{len(self)} outcomes>"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (multiprocessing, a cache) as the list of its outcomes:
        # the native handle holds no more than they do.
        return (list, (list(self),))
