"""The Python boundary: conversions, float refusal, the exception classes,
pickling, threads, batches. The domain rules themselves are tested in Rust
and by the shared vectors (test_vectors.py)."""

from __future__ import annotations

import concurrent.futures
import copy
import datetime
import gc
import json
import pickle
import random
import threading
from dataclasses import FrozenInstanceError
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pytest

import billing_core as bc

D = Decimal
JAN1 = datetime.date(2026, 1, 1)
JAN31 = datetime.date(2026, 1, 31)


def invoice(id: str = "INV-1", price: Any = D("100.00"), currency: bc.CurrencyLike = "USD") -> bc.Invoice:
    return bc.Invoice(id, "recurring", currency, JAN1, JAN31, (bc.Line("Compute", 1, price),))


def account_with_invoices(*prices: str) -> bc.Account:
    acct = bc.Account("acme")
    for i, price in enumerate(prices, 1):
        acct.issue_invoice(invoice(f"INV-{i}", D(price)))
    return acct


def test_the_package_under_test_is_the_installed_wheel() -> None:
    assert "site-packages" in bc.__file__, bc.__file__
    assert bc._billing_core.__file__ is not None


# ----- amounts --------------------------------------------------------------


def test_amounts_come_out_as_decimals_at_the_currency_scale() -> None:
    acct = account_with_invoices("100")
    view = acct.invoice("INV-1")
    assert view.total == D("100.00") and type(view.total) is Decimal
    assert str(view.due) == "100.00"
    assert bc.parse_money("1000", "JPY") == D("1000")
    assert str(bc.parse_money("1.5", "KWD")) == "1.500"


def test_issue_invoice_takes_the_documents_fields_as_keywords() -> None:
    acct = bc.Account("acme")
    acct.issue_invoice(
        "INV-1", kind="recurring", currency="USD", issue_date=JAN1, due_date=JAN31,
        lines=[bc.Line("Compute", quantity=1, unit_price=D("100.00"))],
    )
    assert acct.invoice("INV-1").due == D("100.00")


def test_issue_invoice_refuses_an_unknown_keyword_as_python_does() -> None:
    acct = bc.Account("acme")
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'issued'; an invoice's fields are kind, "):
        acct.issue_invoice(
            "INV-1", kind="recurring", currency="USD", issued=JAN1, due_date=JAN31,  # type: ignore[call-overload]
            lines=[bc.Line("Compute", 1, D("100.00"))],
        )
    with pytest.raises(TypeError, match="not both"):
        acct.issue_invoice(invoice("INV-1"), kind="new")  # type: ignore[call-overload]
    # A dict is neither: the message says what is taken, not a JSON decode error.
    with pytest.raises(TypeError, match=r"takes an Invoice, or the invoice id \(str\) .*, not dict"):
        acct.issue_invoice({"id": "INV-1", "kind": "new"})  # type: ignore[call-overload]
    assert acct.version == 0


@pytest.mark.parametrize("amount", [D("40.00"), 40, "40.00", "40", D("4E+1")])
def test_decimal_int_and_str_are_accepted_for_amounts(amount: Any) -> None:
    acct = account_with_invoices("100.00")
    outcome = acct.record_payment("PAY-1", amount, "USD", JAN31)
    assert outcome.allocations[0].amount == D("40.00")
    assert acct.invoice("INV-1").due == D("60.00")


FLOAT_CALLS: dict[str, Callable[[bc.Account], Any]] = {
    "record_payment": lambda a: a.record_payment("PAY-1", 10.0, "USD", JAN31),  # type: ignore[arg-type]
    "preview_payment": lambda a: a.preview_payment("PAY-1", 0.1, "USD", JAN31),  # type: ignore[arg-type]
    "explicit allocation": lambda a: a.record_payment("PAY-1", "10", "USD", JAN31, allocation={"INV-1": 10.0}),  # type: ignore[dict-item]
    "refund_payment": lambda a: a.refund_payment("R-1", "PAY-0", 1.5, JAN31),  # type: ignore[arg-type]
    "apply_credit": lambda a: a.apply_credit("C-1", "INV-1", 2.5, JAN31),  # type: ignore[arg-type]
    "line unit price": lambda a: a.issue_invoice(invoice("INV-9", 19.99)),
    "line quantity": lambda a: a.issue_invoice(
        bc.Invoice("INV-9", "new", "USD", JAN1, JAN31, (bc.Line("x", 1.5, "2"),))  # type: ignore[arg-type]
    ),
    "discount": lambda a: a.issue_invoice(
        bc.Invoice(
            "INV-9", "new", "USD", JAN1, JAN31, (bc.Line("x", 1, "2"),),
            discount=bc.Discount(percent=0.5),  # type: ignore[arg-type]
        )
    ),
    "generic execute": lambda a: a.execute(
        {"op": "record_payment", "payment": "P", "amount": 10.0, "currency": "USD", "date": JAN31}
    ),
    "batch": lambda a: a.execute_batch(
        [{"op": "record_payment", "payment": "P", "amount": 10.0, "currency": "USD", "date": JAN31}]
    ),
    "parse_money": lambda a: bc.parse_money(0.1, "USD"),  # type: ignore[arg-type]
    "round_money": lambda a: bc.round_money(2.675, "USD"),  # type: ignore[arg-type]
    "split_money": lambda a: bc.split_money(10.0, "USD", 3),  # type: ignore[arg-type]
    "allocate ratios": lambda a: bc.allocate_money("10", "USD", [0.5, 0.5]),  # type: ignore[list-item]
    # JSON has no NaN or infinity: still a float, refused as one.
    "NaN": lambda a: a.record_payment("P", float("nan"), "USD", JAN31),  # type: ignore[arg-type]
    "infinity in an allocation": lambda a: a.record_payment(
        "P", "10", "USD", JAN31, allocation={"INV-1": float("inf")}  # type: ignore[dict-item]
    ),
}


@pytest.mark.parametrize("call", FLOAT_CALLS.values(), ids=FLOAT_CALLS.keys())
def test_a_float_for_money_is_refused_with_a_type_error(call: Callable[[bc.Account], Any]) -> None:
    acct = account_with_invoices("100.00")
    before = acct.to_json()
    with pytest.raises(TypeError) as raised:
        call(acct)
    err = raised.value
    assert isinstance(err, bc.FloatRefusedError)
    assert isinstance(err, bc.InvalidInputError) and isinstance(err, ValueError)
    assert err.code == "float_refused" and err.kind == "invalid_input"
    assert "binary floats lose cents" in str(err)
    assert acct.to_json() == before


@pytest.mark.parametrize(
    ("text", "code"),
    [("12,50", "invalid_decimal"), ("1e3", "invalid_decimal"), ("", "invalid_decimal"),
     ("NaN", "invalid_decimal"), ("10.001", "scale_exceeded"), ("-5.00", "non_positive_amount")],
)
def test_bad_amount_strings_are_typed_errors(text: str, code: str) -> None:
    acct = account_with_invoices("100.00")
    with pytest.raises(bc.InvalidInputError) as raised:
        acct.record_payment("PAY-1", text, "USD", JAN31)
    assert raised.value.code == code


def test_ids_with_hidden_characters_are_refused_naming_the_character() -> None:
    with pytest.raises(bc.InvalidInputError) as raised:
        bc.Account("acme\u202e")
    assert raised.value.code == "invalid_id"
    assert raised.value.details == {"field": "account id", "character": "U+202E"}
    acct = account_with_invoices("100.00")
    before = acct.to_json()
    with pytest.raises(bc.InvalidInputError) as raised:
        acct.record_payment("PAY\n1", "10.00", "USD", JAN31)
    assert raised.value.details == {"field": "payment id", "character": "U+000A"}
    with pytest.raises(bc.InvalidInputError) as raised:
        acct.record_payment("PAY-1", "10.00", "USD", JAN31, method="")
    assert raised.value.code == "empty_id"
    assert acct.to_json() == before
    assert bc.Account("Konto-\u00e4").id == "Konto-\u00e4"


def test_decimal_specials_are_refused_not_rounded() -> None:
    for value in (D("NaN"), D("Infinity"), D("1.005")):
        with pytest.raises(bc.InvalidInputError):
            bc.parse_money(value, "USD")
    # Far beyond what an amount holds: refused at once, without writing out
    # a billion digits first.
    for value in (D("1E+999999999"), D("-1E+999999999"), D("1E-999999999"), D("0E-999999999")):
        with pytest.raises(bc.AmountOverflowError) as overflow:
            bc.parse_money(value, "USD")
        assert overflow.value.code == "overflow"
    assert bc.parse_money(D("1.5E+3"), "USD") == D("1500.00")
    assert bc.parse_money(D("1.50000E-1"), "USD") == D("0.15")
    assert bc.round_money(D("1.005"), "USD") == D("1.01")
    assert bc.round_money(D("1.005"), "USD", "half_even") == D("1.00")


def test_an_int_subclass_is_an_exact_amount() -> None:
    class Cents(int):
        pass

    acct = account_with_invoices("100.00")
    acct.record_payment("P", Cents(10), "USD", JAN31)
    assert acct.payment("P").amount == D("10.00")
    with pytest.raises(bc.InvalidInputError):  # a bool is not an amount
        acct.record_payment("P2", True, "USD", JAN31)


# ----- dates and currencies --------------------------------------------------


def test_splits_and_allocations_have_one_bound() -> None:
    assert len(bc.allocate_money(D("1.00"), "USD", [1] * 100_000)) == 100_000
    calls: list[Callable[[], Any]] = [
        lambda: bc.split_money(D("1.00"), "USD", 100_001),
        lambda: bc.allocate_money(D("1.00"), "USD", [1] * 100_001),
    ]
    for call in calls:
        with pytest.raises(bc.InvalidInputError) as refused:
            call()
        assert (refused.value.code, refused.value.details) == ("too_many_parts", {"max": 100_000})


def test_dates_are_dates_in_and_out() -> None:
    acct = account_with_invoices("100.00")
    assert acct.invoice("INV-1").due_date == JAN31
    acct.record_payment("PAY-1", "10", "USD", "2026-01-15")
    assert acct.payment("PAY-1").date == datetime.date(2026, 1, 15)
    with pytest.raises(bc.InvalidInputError) as raised:
        acct.record_payment("PAY-2", "10", "USD", datetime.datetime(2026, 1, 15, 12, 0))
    assert raised.value.code == "invalid_date"  # a timestamp is not a calendar date
    with pytest.raises(bc.InvalidInputError):
        acct.record_payment("PAY-2", "10", "USD", "2026-02-30")
    # Dates come out as datetime.date: none is computed past the year 9999.
    assert bc.cycle_dates(1, "year", "9999-12-31") == [datetime.date(9999, 12, 31)]
    with pytest.raises(bc.InvalidInputError) as raised:
        bc.cycle_dates(1, "year", "9999-12-31", count=2)
    assert raised.value.code == "date_out_of_range"
    # Year 0000 is no date in Python: refused on the way in, so every date
    # read back is one datetime.date holds.
    with pytest.raises(bc.InvalidInputError) as raised:
        acct.record_payment("PAY-2", "10", "USD", "0000-12-31")
    assert raised.value.code == "invalid_date"
    assert bc.cycle_dates(1, "day", "0001-01-01") == [datetime.date.min]


def test_messages_echo_no_input_value() -> None:
    acct = account_with_invoices("100.00")
    pay = {"op": "record_payment", "payment": "P", "amount": "1", "currency": "USD", "date": "2026-01-31"}
    for wrong in ({"pending": 'a"4242424242424242"b'}, {"allocation": "4242424242424242"}):
        with pytest.raises(bc.InvalidInputError) as raised:
            acct.execute({**pay, **wrong})
        assert raised.value.code == "invalid_json"
        assert "4242" not in str(raised.value), raised.value


def test_a_payment_without_a_date_is_dated_today() -> None:
    acct = account_with_invoices("100.00")
    acct.record_payment("PAY-1", "10", "USD")
    assert acct.payment("PAY-1").date == datetime.date.today()


def test_custom_currencies_cross_both_ways() -> None:
    credits = bc.CustomCurrency("CREDITS", 4)
    acct = bc.Account("acme")
    acct.issue_invoice(invoice("INV-1", "12.5", credits))
    assert acct.invoice("INV-1").total == D("12.5000")
    assert acct.currencies == [credits]
    assert acct.document("INV-1").currency == credits
    assert acct.balance("CREDITS").receivable == D("12.5000")
    assert acct.balance(credits).receivable == D("12.5000")
    assert bc.currency_info(credits) == bc.CurrencyInfo("CREDITS", 4, False)


def test_a_read_takes_a_custom_currency_in_its_json_form_too() -> None:
    # The form payments take (outside the typed API); reads raised
    # AttributeError on it.
    acct = bc.Account("acme")
    acct.issue_invoice(invoice("INV-1", "12.5", bc.CustomCurrency("CREDITS", 4)))
    whole = {"code": "CREDITS", "minor_units": 4}
    assert acct.balance(whole).receivable == D("12.5000")  # type: ignore[arg-type]
    assert acct.summary(JAN31, whole).current_balance == D("12.5000")  # type: ignore[arg-type]
    for bad in (12, ["CREDITS"], {"minor_units": 4}):
        with pytest.raises(bc.InvalidInputError) as raised:
            acct.credit(bad)  # type: ignore[arg-type]
        assert raised.value.code == "invalid_json"


def test_a_payment_names_a_custom_currency_by_the_code_an_invoice_shows() -> None:
    acct = bc.Account("acme")
    acct.issue_invoice(invoice("INV-1", "12.5", bc.CustomCurrency("CREDITS", 4)))
    code = acct.invoice("INV-1").currency
    acct.record_payment("PAY-1", D("2.5"), code, JAN31)
    assert acct.invoice("INV-1").due == D("10.0000")
    with pytest.raises(bc.InvalidInputError) as raised:
        acct.record_payment("PAY-2", D("1"), "POINTS", JAN31)
    assert raised.value.code == "unknown_currency"


def test_a_read_without_a_currency_needs_exactly_one() -> None:
    acct = bc.Account("acme")
    with pytest.raises(bc.InvalidInputError) as raised:
        acct.summary(JAN31)
    assert raised.value.code == "currency_required"
    acct.issue_invoice(invoice())
    assert acct.summary(JAN31).current_balance == D("100.00")


# ----- results ---------------------------------------------------------------


def test_results_are_frozen_comparable_and_convert_to_dicts() -> None:
    acct = account_with_invoices("100.00")
    view = acct.invoice("INV-1")
    assert view == acct.invoice("INV-1")
    assert view != acct.invoice("INV-1").__class__(**{**view.to_dict(), "due": D("1.00")})
    with pytest.raises(FrozenInstanceError):
        view.due = D("0")  # type: ignore[misc]
    assert view.to_dict()["due"] == D("100.00")
    assert repr(view).startswith("InvoiceView(id='INV-1', kind='recurring'")
    statement = acct.statement(JAN1, JAN31)
    assert "from" in statement.to_dict() and statement.from_ == JAN1
    assert hash(view) == hash(acct.invoice("INV-1"))


def test_a_preview_shows_allocations_credit_and_statuses_and_changes_nothing() -> None:
    acct = account_with_invoices("100.00", "30.00")
    before = acct.to_json()
    preview = acct.preview_payment("PAY-1", D("150.00"), "USD", JAN31)
    assert [(a.invoice, a.amount) for a in preview.allocations] == [("INV-1", D("100.00")), ("INV-2", D("30.00"))]
    assert [c.amount for c in preview.credit_created] == [D("20.00")]
    assert [c.after.status for c in preview.invoices if c.after] == ["paid", "paid"]
    assert preview.version == 3 and acct.version == 2
    assert acct.to_json() == before
    assert acct.record_payment("PAY-1", D("150.00"), "USD", JAN31) == preview


def test_explicit_allocations_and_strategies() -> None:
    acct = account_with_invoices("100.00", "30.00")
    outcome = acct.record_payment("PAY-1", "50", "USD", JAN31, allocation=[("INV-2", "30"), ("INV-1", 20)])
    assert [(a.invoice, a.amount) for a in outcome.allocations] == [("INV-2", D("30.00")), ("INV-1", D("20.00"))]
    with pytest.raises(bc.LimitExceededError) as raised:
        acct.record_payment("PAY-2", "5", "USD", JAN31, allocation={"INV-2": "5"})
    assert raised.value.code == "allocation_exceeds_due"
    with pytest.raises(bc.InvalidInputError):
        acct.record_payment("PAY-2", "5", "USD", JAN31, allocation="largest_first")


# ----- exceptions ------------------------------------------------------------


def raises(cls: type[bc.BillingError], code: str, call: Callable[[], Any]) -> bc.BillingError:
    with pytest.raises(cls) as raised:
        call()
    err = raised.value
    assert type(err) is cls, type(err)
    assert err.code == code
    assert err.code in bc.ERROR_CODES
    return err


def test_every_exception_class_is_raised_with_its_code_and_details() -> None:
    acct = account_with_invoices("100.00")
    acct.record_payment("PAY-1", "40", "USD", JAN31)

    err = raises(bc.InvalidInputError, "scale_exceeded", lambda: bc.parse_money("1.001", "USD"))
    assert err.kind == "invalid_input" and err.details == {"currency": "USD", "minor_units": 2}
    assert isinstance(err, ValueError) and not isinstance(err, TypeError)
    raises(bc.FloatRefusedError, "float_refused", lambda: bc.parse_money(1.0, "USD"))  # type: ignore[arg-type]
    err = raises(
        bc.CurrencyMismatchError,
        "currency_mismatch",
        lambda: acct.record_payment("PAY-E", "5", "EUR", JAN31, allocation={"INV-1": "5"}),
    )
    assert isinstance(err, ValueError)
    err = raises(bc.AmountOverflowError, "overflow", lambda: bc.parse_money("9" * 28, "USD"))
    assert isinstance(err, ValueError)
    err = raises(bc.InvalidStateError, "payment_not_pending", lambda: acct.settle_payment("PAY-1", JAN31))
    assert err.details["payment"] == "PAY-1"
    err = raises(bc.NotFoundError, "unknown_payment", lambda: acct.payment("PAY-404"))
    assert isinstance(err, LookupError) and err.details == {"payment": "PAY-404"}
    err = raises(bc.ConflictError, "version_conflict", lambda: acct.settle_payment("PAY-1", JAN31, expected_version=1))
    assert err.details == {"expected": 1, "actual": 2}
    err = raises(bc.ConflictError, "idempotency_conflict", lambda: acct.record_payment("PAY-1", "41", "USD", JAN31))
    assert err.details == {"key": "payment:PAY-1", "version": 2}  # the operation that used the key
    err = raises(
        bc.LimitExceededError,
        "refund_exceeds_refundable",
        lambda: acct.refund_payment("R-1", "PAY-1", "41", JAN31),
    )
    assert isinstance(err, ValueError)
    assert repr(err).startswith("LimitExceededError(code='refund_exceeds_refundable'")
    assert err.message == str(err) and err.index is None


@pytest.mark.parametrize("bad", [-1, 2**64, True, 1.5, "1", Decimal("1")])
def test_an_expected_version_that_is_not_a_count_is_refused_as_in_javascript(bad: Any) -> None:
    acct = account_with_invoices("100.00")
    err = raises(
        bc.InvalidInputError,
        "invalid_json",
        lambda: acct.record_payment("PAY-1", "40", "USD", JAN31, expected_version=bad),
    )
    assert "expected_version must be a non-negative integer" in err.message
    err = raises(
        bc.InvalidInputError,
        "invalid_json",
        lambda: acct.execute_batch([payment_op("PAY-1", "40")], expected_version=bad),
    )
    assert "expected_version must be a non-negative integer" in err.message
    assert acct.version == 1
    acct.record_payment("PAY-1", "40", "USD", JAN31, expected_version=1)
    assert acct.version == 2


def test_exceptions_pickle_with_their_fields() -> None:
    with pytest.raises(bc.BillingError) as raised:
        bc.parse_money("1.001", "USD")
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is bc.InvalidInputError
    assert (again.code, again.details, str(again)) == (raised.value.code, raised.value.details, str(raised.value))


@pytest.mark.parametrize(
    "garbage",
    ["", "{", "[]", "null", '{"format":"billing-core/account","version":99,"data":{}}', "\x00" * 10, "[" * 5000,
     json.dumps({"format": "billing-core/account", "version": 1, "data": {"id": "a", "history": [{"version": 1}]}})],
)
def test_garbage_snapshots_are_refused_not_crashes(garbage: str) -> None:
    with pytest.raises(bc.InvalidInputError):
        bc.Account.from_json(garbage)


@pytest.mark.parametrize(
    "operation",
    [{}, {"op": "teleport"}, {"op": "record_payment"}, {"op": "void_invoice", "invoice": ["x"], "date": "2026-01-01"},
     {"op": "record_payment", "payment": "P", "amount": "1" * 400, "currency": "USD", "date": "2026-01-01"},
     {"op": "record_payment", "payment": "P", "amount": "1", "currency": "X" * 1000, "date": "2026-01-01"},
     {"op": "record_payment", "payment": "P", "amount": True, "currency": "USD", "date": "2026-01-01"},
     {"op": "void_invoice", "invoice": "INV-1", "date": "9999999-01-01"}],
)
def test_garbage_operations_are_typed_errors(operation: dict[str, Any]) -> None:
    acct = account_with_invoices("100.00")
    with pytest.raises(bc.BillingError):
        acct.execute(operation)
    assert acct.version == 1


def test_values_python_cannot_send_are_type_errors() -> None:
    acct = account_with_invoices("100.00")
    with pytest.raises(TypeError, match="cannot send a object"):
        acct.execute({"op": "void_invoice", "invoice": object(), "date": JAN31})


def test_text_that_is_not_valid_unicode_is_refused_not_altered() -> None:
    # Half an emoji (an unpaired surrogate) has no UTF-8 form: refused as
    # invalid_json, whether it is an argument or inside an operation.
    unpaired = "it holds an unpaired surrogate"
    acct = account_with_invoices("100.00")
    refusals: list[Callable[[], Any]] = [
        lambda: bc.Account("acme\ud83d"),
        lambda: bc.Account.replay("acme\ud83d", acct.history()),
        lambda: bc.Account.from_json(acct.to_json()[:-1] + "\ud800}"),
        lambda: acct.execute({"op": "void_invoice", "invoice": "INV-\ud800", "date": JAN31}),
        lambda: acct.record_payment("PAY-\udc00-1", "10", "USD", JAN31),
    ]
    # Nor a pair of surrogates: two code points, not the emoji they encode
    # in UTF-16 (found by a probe: inside a JSON form they were joined).
    pair = "\ud83d\ude00"
    refusals += [
        lambda: bc.Account("acme" + pair),
        lambda: acct.record_payment("PAY-" + pair, "10", "USD", JAN31),
        lambda: acct.preview({"op": "void_invoice", "invoice": pair, "date": JAN31}),
        lambda: acct.execute_batch([{"op": "void_invoice", "invoice": pair, "date": JAN31}]),
        lambda: acct.payment(pair),
        lambda: bc.check_card_data(pair),
    ]
    for refused in refusals:
        err = raises(bc.InvalidInputError, "invalid_json", refused)
        assert unpaired in err.message
    assert acct.version == 1
    assert bc.Account("acme\U0001f600").id == "acme\U0001f600"  # a whole emoji is text
    acct.record_payment("PAY-\U0001f600", "10", "USD", JAN31)
    assert acct.payment("PAY-\U0001f600").id == "PAY-\U0001f600"


def test_batch_outcomes_pickle_as_the_list_of_their_outcomes() -> None:
    # Found by a probe: the native handle inside could not be pickled.
    acct = account_with_invoices("100.00")
    outcomes = acct.execute_batch(
        [{"op": "record_payment", "payment": f"P{i}", "amount": "10", "currency": "USD", "date": JAN31} for i in range(2)]
    )
    copied = pickle.loads(pickle.dumps(outcomes))
    assert copied == list(outcomes) and len(copied) == 2
    assert copied[1].version == outcomes[1].version


def test_a_value_that_json_cannot_write_is_invalid_json() -> None:
    # Found by a probe: a list that holds itself raised Python's bare
    # ValueError, and one nested 100,000 deep a RecursionError, neither a
    # BillingError with a code.
    acct = account_with_invoices("100.00")
    before = acct.to_json()
    itself: list[Any] = []
    itself.append(itself)
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    for value in (itself, deep):
        for refused in (
            lambda: acct.execute({"op": "void_invoice", "invoice": "INV-1", "date": JAN31, "x": value}),
            lambda: acct.execute_batch([{"op": "void_invoice", "invoice": value, "date": JAN31}]),
            lambda: bc.allocate_money("10.00", "USD", value),
        ):
            err = raises(bc.InvalidInputError, "invalid_json", refused)
            assert err.details == {"message": "the value cannot be written as JSON"}
            assert isinstance(err.__cause__, (ValueError, RecursionError))
    assert acct.to_json() == before


def test_a_zero_is_zero_whatever_its_exponent() -> None:
    # Found by a probe: Decimal("0E+50") was sent as a number too large.
    for zero in [D("0E+41"), D("-0E+60"), D("0E+999999999"), D(0) * D("1E45")]:
        assert bc.parse_money(zero, "USD") == D("0.00")
    acct = account_with_invoices("100.00")
    raises(bc.InvalidInputError, "non_positive_amount", lambda: acct.record_payment("P", D("0E+50"), "USD", JAN31))


def test_documents_given_lists_equal_the_documents_read_back() -> None:
    # Found by a probe: lines given as a list never equalled the tuple read back.
    line = bc.Line("Plan", D("1"), D("100.00"), taxes=[bc.TaxRate("VAT", D("20"))])  # type: ignore[arg-type]
    invoice = bc.Invoice("INV-9", "recurring", "USD", JAN1, JAN31, [line])  # type: ignore[arg-type]
    assert isinstance(invoice.lines, tuple) and isinstance(invoice.lines[0].taxes, tuple)
    acct = bc.Account("acme")
    acct.execute({"op": "issue_invoice", "invoice": invoice})
    assert acct.document("INV-9") == invoice


class Customer(bc.Account):
    """An app's own account class."""


def test_an_account_subclass_pickles_and_copies_as_itself() -> None:
    acct = Customer.from_json(account_with_invoices("100.00").to_json())
    for twin in [pickle.loads(pickle.dumps(acct)), copy.copy(acct), copy.deepcopy(acct)]:
        assert type(twin) is Customer and twin == acct


def test_ratios_given_as_a_string_are_refused() -> None:
    # A str is a sequence of characters: "123" is not the ratios 1, 2, 3.
    raises(bc.InvalidInputError, "invalid_json", lambda: bc.allocate_money("10.00", "USD", "123"))


# ----- batches ----------------------------------------------------------------


def payment_op(id: str, amount: str) -> dict[str, Any]:
    return {"op": "record_payment", "payment": id, "amount": amount, "currency": "USD", "date": JAN31}


def test_a_batch_is_all_or_nothing_and_names_the_refused_operation() -> None:
    acct = account_with_invoices("100.00")
    before = acct.to_json()
    with pytest.raises(bc.InvalidInputError) as raised:
        acct.execute_batch([payment_op("PAY-1", "10"), payment_op("PAY-2", "0"), payment_op("PAY-3", "1")])
    assert raised.value.index == 1 and raised.value.code == "non_positive_amount"
    assert "index=1" in repr(raised.value)
    assert acct.to_json() == before
    with pytest.raises(bc.InvalidInputError) as raised:
        acct.execute_batch([payment_op("PAY-1", "10"), payment_op("PAY-2", "1O"), {"op": "?"}])
    assert (raised.value.index, raised.value.code) == (1, "invalid_decimal")  # found before anything runs
    outcomes = acct.execute_batch(payment_op(f"PAY-{i}", "10") for i in range(5))
    assert len(outcomes) == 5 and acct.version == 6
    assert outcomes[-1].version == 6 and outcomes[0].allocations[0].amount == D("10.00")
    assert [o.version for o in outcomes[1:3]] == [3, 4]
    with pytest.raises(IndexError):
        outcomes[5]


def test_a_batch_names_an_operation_json_cannot_write() -> None:
    # Refused while the list is written, before the core reads it apart:
    # the index is still the operation's, as in JavaScript.
    acct = account_with_invoices("100.00")
    before = acct.to_json()
    circular: dict[str, object] = payment_op("PAY-2", "1")
    circular["self"] = circular
    for bad, code in (
        ({**payment_op("PAY-2", "1"), "amount": float("nan")}, "float_refused"),
        ({**payment_op("PAY-2", "1"), "payment": "PAY-\ud800"}, "invalid_json"),
        (circular, "invalid_json"),
    ):
        with pytest.raises(bc.InvalidInputError) as raised:
            acct.execute_batch([payment_op("PAY-1", "10"), bad, payment_op("PAY-3", "1")])
        assert (raised.value.index, raised.value.code) == (1, code)
        assert acct.to_json() == before


def test_a_batch_applies_only_at_the_version_it_expects() -> None:
    acct = account_with_invoices("100.00")
    batch = [payment_op("PAY-1", "10"), payment_op("PAY-2", "20")]
    err = raises(bc.ConflictError, "version_conflict", lambda: acct.execute_batch(batch, expected_version=0))
    assert (err.index, err.details) == (0, {"expected": 0, "actual": 1})
    assert acct.version == 1
    assert [o.version for o in acct.execute_batch(batch, expected_version=1)] == [2, 3]
    # Retried whole: each operation is an idempotent repeat.
    assert [o.version for o in acct.execute_batch(batch, expected_version=1)] == [2, 3]
    assert acct.version == 3


# ----- snapshots, pickling, processes, threads ----------------------------------


def test_snapshots_replay_and_pickle_give_equal_accounts() -> None:
    acct = account_with_invoices("100.00", "25.50")
    acct.record_payment("PAY-1", "110", "USD", JAN31)
    assert bc.Account.from_json(acct.to_json()) == acct
    assert bc.Account.replay("acme", acct.history()) == acct
    assert bc.Account.replay("acme", [e.to_dict() for e in acct.history()]) == acct
    assert pickle.loads(pickle.dumps(acct)) == acct
    copy = acct.copy()
    copy.refund_payment("R-1", "PAY-1", "10", JAN31)
    assert copy != acct and acct.invoice("INV-2").status == "partially_paid"
    assert copy.invoice("INV-2").due == D("25.50")


def _summarize(acct: bc.Account) -> tuple[str, str]:
    acct.record_payment("PAY-W", "5", "USD", JAN31)
    return (str(acct.balance().receivable), acct.to_json())


def test_accounts_travel_to_worker_processes_and_back() -> None:
    acct = account_with_invoices("100.00")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        receivable, snapshot = pool.submit(_summarize, acct).result()
    assert receivable == "95.00"
    assert bc.Account.from_json(snapshot).payment("PAY-W").amount == D("5.00")
    assert acct.version == 1  # the worker had its own copy


def test_one_account_is_safe_to_use_from_many_threads() -> None:
    acct = account_with_invoices(*["10.00"] * 50)
    errors: list[BaseException] = []

    def pay(worker: int) -> None:
        try:
            for i in range(25):
                acct.record_payment(f"PAY-{worker}-{i}", "1.00", "USD", JAN31)
                acct.invoices()
        except BaseException as err:  # noqa: BLE001 - collected for the assert
            errors.append(err)

    threads = [threading.Thread(target=pay, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert acct.version == 50 + 8 * 25
    assert acct.balance().receivable == D("300.00")
    assert acct.verify() is None



def test_reads_leave_the_garbage_collector_as_they_found_it() -> None:
    # Reads pause the collector while they build their objects.
    acct = account_with_invoices("100.00", "25.50")
    reads: list[Callable[[], Any]] = [
        acct.invoices,
        acct.history,
        lambda: acct.query({"query": "payments"}),
        lambda: acct.summaries("2026-13-01"),  # refused: invalid_date
    ]
    enabled = gc.isenabled()
    try:
        for setting in (True, False):
            (gc.enable if setting else gc.disable)()
            for read in reads:
                try:
                    read()
                except bc.InvalidInputError:
                    pass
                assert gc.isenabled() is setting
    finally:
        (gc.enable if enabled else gc.disable)()
    with pytest.raises(bc.InvalidInputError):
        reads[-1]()


# ----- the README -------------------------------------------------------------


def python_blocks(path: Path) -> list[str]:
    text = path.read_text()
    return [block.split("```", 1)[0] for block in text.split("```python\n")[1:]]


@pytest.mark.parametrize("readme", ["README.md", "bindings-python/README.md"])
def test_readme_examples_run(readme: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[2] / readme
    blocks = python_blocks(path)
    assert blocks, f"no python example in {readme}"
    for block in blocks:
        exec(compile(block, str(path), "exec"), {})
    assert capsys.readouterr().out


def test_allocate_money_agrees_with_exact_integers_at_any_size() -> None:
    # Python's integers are exact at any size: the oracle for largest
    # remainder. Found by review: above about 10^25 minor units the core
    # compared rounded shares, and a part could take the smaller
    # remainder's unit. Refused splits may only be those whose ratios, at
    # one scale, pass 128 bits.
    rng = random.Random(7)
    top = 79228162514264337593543950335  # MAX_MINOR
    checked = refused = 0
    for _ in range(3000):
        ratios = [
            D(rng.randint(0, min(10 ** rng.randint(1, 29) - 1, top))).scaleb(-rng.choice([0, 0, 2, 5, 12, 20, 28]))
            for _ in range(rng.randint(1, 5))
        ]
        if sum(ratios) == 0:
            continue
        total = rng.choice([rng.randint(-top, top), rng.randint(-10**6, 10**6)])
        places = max(-int(r.as_tuple().exponent) for r in ratios)
        whole = [int(r.scaleb(places)) for r in ratios]
        try:
            got = [int(p) for p in bc.allocate_money(str(total), "JPY", [format(r, "f") for r in ratios])]
        except bc.AmountOverflowError:
            assert max(whole) >= 2**127 or sum(whole) >= 2**127, (total, ratios)
            refused += 1
            continue
        t, s = abs(total), sum(whole)
        parts = [t * w // s for w in whole]
        by_remainder = sorted(range(len(whole)), key=lambda i: (-(t * whole[i] % s), i))
        for i in by_remainder[: t - sum(parts)]:
            parts[i] += 1
        assert got == [p if total >= 0 else -p for p in parts], (total, ratios)
        checked += 1
    assert checked > 1500 and refused > 0  # both paths were taken
