"""The shared test vectors (billing-core/tests/vectors/*.json), run through
the public Python API: the same files the Rust core, the JavaScript and the
Kotlin bindings run, so the languages cannot drift apart. The format is in
billing-core/tests/vectors/README.md."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import billing_core as bc

VECTORS = Path(__file__).resolve().parents[2] / "billing-core" / "tests" / "vectors"
FILES = sorted(VECTORS.glob("*.json"))

#: The exception class of each error kind (float_refused has its own).
CLASS_OF_KIND: dict[str, type[bc.BillingError]] = {
    "invalid_input": bc.InvalidInputError,
    "currency_mismatch": bc.CurrencyMismatchError,
    "overflow": bc.AmountOverflowError,
    "invalid_state": bc.InvalidStateError,
    "not_found": bc.NotFoundError,
    "conflict": bc.ConflictError,
    "limit_exceeded": bc.LimitExceededError,
}

#: Every error code a vector raised, with the class it was raised as.
SEEN: dict[str, type[BaseException]] = {}


class Mismatch(AssertionError):
    pass


def plain(value: Any) -> Any:
    """Python values as JSON values: Decimal and dates as strings."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bc.CustomCurrency):
        return value.code
    return value


def matches(expected: Any, actual: Any, path: str) -> None:
    """Objects match on the expected keys only; lists item by item; a
    money object matches its amount string."""
    if isinstance(actual, dict) and isinstance(expected, str) and {"amount", "currency"} <= actual.keys():
        actual = actual["amount"]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise Mismatch(f"{path}: expected an object, got {actual!r}")
        for key, value in expected.items():
            matches(value, actual.get(key), f"{path}.{key}")
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            raise Mismatch(f"{path}: expected {expected!r}, got {actual!r}")
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]")
    elif expected != actual:
        raise Mismatch(f"{path}: expected {expected!r}, got {actual!r}")


def expect(step: dict[str, Any], action: Any) -> Any:
    """Runs `action`; checks it fails with the step's error (as the class
    of its kind) or succeeds if the step expects no error."""
    code = step.get("error")
    try:
        result = action()
    except bc.BillingError as err:
        SEEN[err.code] = type(err)
        expected_class = bc.FloatRefusedError if err.code == "float_refused" else CLASS_OF_KIND[err.kind]
        assert isinstance(err, expected_class), f"{err.code} raised as {type(err).__name__}"
        if err.code == "corrupt_history":
            SEEN[err.details["cause"]["code"]] = type(err)
            if "cause" in step:
                matches(step["cause"], err.details["cause"]["code"], "cause")
        if code is None:
            raise Mismatch(f"unexpected error {err.code}: {err}") from err
        matches(code, err.code, "error")
        if "index" in step:
            matches(step["index"], err.index, "index")
        return None
    if code is not None:
        raise Mismatch(f"expected error {code}, but it succeeded")
    return result


def check_outcome(outcome: bc.Outcome, expected: dict[str, Any]) -> None:
    for key, value in expected.items():
        if key == "version":
            actual: Any = outcome.version
        elif key == "events":
            actual = [e.name for e in outcome.events]
        elif key == "allocations":
            actual = [[a.payment, a.invoice, str(a.amount)] for a in outcome.allocations]
        elif key == "credit_created":
            actual = [str(c.amount) for c in outcome.credit_created]
        elif key == "credit_applied":
            actual = [[c.invoice, str(c.amount)] for c in outcome.credit_applied]
        elif key == "invoices":
            actual = {c.invoice: plain(c.to_dict()) for c in outcome.invoices}
            missing = value.keys() - actual.keys()
            assert not missing, f"outcome did not touch {sorted(missing)}"
        else:
            raise Mismatch(f"unknown outcome key {key}")
        matches(value, actual, f"outcome.{key}")


def check_state(acct: bc.Account, expected: dict[str, Any]) -> None:
    for key, value in expected.items():
        if key == "version":
            matches(value, acct.version, key)
        elif key == "invoices":
            for id, fields in value.items():
                if fields is None:
                    with pytest.raises(bc.NotFoundError):
                        acct.invoice(id)
                else:
                    matches(fields, plain(acct.invoice(id).to_dict()), f"invoice {id}")
        elif key == "payments":
            for id, fields in value.items():
                view = acct.payment(id)
                actual = plain(view.to_dict())
                actual["allocations"] = {a.invoice: str(a.amount) for a in view.allocations}
                if "allocations" in fields:
                    assert len(fields["allocations"]) == len(view.allocations), f"payment {id}: {actual}"
                matches(fields, actual, f"payment {id}")
        elif key == "credit":
            for code, amount in value.items():
                matches(amount, str(acct.credit(code).available), f"credit {code}")
        elif key == "credit_sources":
            for code, sources in value.items():
                matches(sources, plain([s.to_dict() for s in acct.credit(code).sources]), f"sources {code}")
        elif key == "balances":
            for code, fields in value.items():
                matches(fields, plain(acct.balance(code).to_dict()), f"balance {code}")
        elif key == "overdue":
            matches(value["invoices"], [v.id for v in acct.overdue(value["as_of"])], key)
        elif key == "summary":
            report = acct.summary(value["as_of"], value.get("currency", "USD"))
            matches(value, plain(report.to_dict()), key)
        elif key == "aging":
            matches(value, plain(acct.aging(value["as_of"], value.get("currency", "USD")).to_dict()), key)
        elif key == "statement":
            statement = acct.statement(value["from"], value["to"], value.get("currency", "USD"))
            matches(value, plain(statement.to_dict()), key)
        elif key == "charge_plan":
            matches(value, plain(acct.auto_charge_plan(value["as_of"]).to_dict()), key)
        elif key == "payment_methods":
            matches(value, [m.id for m in acct.payment_methods()], key)
        elif key == "default_method":
            method = acct.default_payment_method()
            matches(value, None if method is None else method.id, key)
        elif key == "series":
            for id, fields in value.items():
                matches(fields, plain(acct.series(id).to_dict()), f"series {id}")
        else:
            raise Mismatch(f"unknown state key {key}")


def run_scenario(vector: dict[str, Any]) -> None:
    given = vector.get("settings")
    settings = None
    if given is not None:
        rounding = bc.RoundingPolicy(**given.get("rounding", {}))
        settings = bc.AccountSettings(given.get("auto_apply_credit", True), rounding)
    acct = bc.Account("acct", settings)
    for i, step in enumerate(vector["steps"]):
        try:
            outcome = None
            before = acct.to_json()
            if "op" in step:
                op = step["op"]
                outcome = expect(step, lambda: acct.execute(op, expected_version=step.get("expected_version")))
            elif "preview" in step:
                outcome = expect(step, lambda: acct.preview(step["preview"]))
                assert acct.to_json() == before, "a preview changed the account"
            elif "batch" in step:
                outcomes = expect(
                    step, lambda: acct.execute_batch(step["batch"], expected_version=step.get("expected_version"))
                )
                outcome = outcomes[-1] if outcomes else None
            elif "query" in step:
                answer = expect(step, lambda: acct.query(step["query"]))
                if "error" not in step:
                    matches(step["result"], answer, "result")
            elif "load" in step:
                loaded = expect(step, lambda: bc.Account.from_json(json.dumps(step["load"])))
                if loaded is not None:
                    acct = loaded
            elif "state" not in step:
                raise Mismatch("a step needs op, preview, batch, query, load or state")
            if "error" in step and "load" not in step:
                assert acct.to_json() == before, "a refused action changed the account"
            if "outcome" in step and outcome is not None:
                check_outcome(outcome, step["outcome"])
            if "state" in step:
                check_state(acct, step["state"])
            assert acct.verify() is None
        except AssertionError as err:
            raise AssertionError(f"step {i}: {err}") from err
    assert bc.Account.replay("acct", acct.history(), settings) == acct, "replay differs"
    assert bc.Account.from_json(acct.to_json()) == acct, "snapshot reload differs"


def currency(value: Any) -> bc.CurrencyLike:
    return bc.CustomCurrency(**value) if isinstance(value, dict) else value


def money_case(case: dict[str, Any]) -> Any:
    """A money case through the typed functions (a JSON number amount is a
    Python float, refused)."""
    if "parse" in case:
        v = case["parse"]
        return str(bc.parse_money(v["amount"], currency(v["currency"])))
    if "round" in case:
        v = case["round"]
        return str(bc.round_money(v["amount"], currency(v["currency"]), v["mode"]))
    if "split" in case:
        v = case["split"]
        return [str(p) for p in bc.split_money(v["amount"], currency(v["currency"]), v["parts"])]
    if "allocate" in case:
        v = case["allocate"]
        return [str(p) for p in bc.allocate_money(v["amount"], currency(v["currency"]), v["ratios"])]
    if "currency" in case:
        return bc.currency_info(currency(case["currency"])).to_dict()
    if "totals" in case:
        # The document as JSON: through the generic request.
        return bc.calc({"totals": case["totals"]})
    if "cycle" in case:
        v = case["cycle"]
        dates = bc.cycle_dates(v["every"], v["unit"], v["anchor"], v["first"], v["count"])
        return [d.isoformat() for d in dates]
    if "card_check" in case:
        return bc.check_card_data(case["card_check"])
    if "expiry" in case:
        v = case["expiry"]
        return bc.card_expired(v["month"], v["year"], v["as_of"])
    raise Mismatch(f"unknown money case {case}")


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_vector(path: Path) -> None:
    vector = json.loads(path.read_text())
    if "money" in vector:
        for i, case in enumerate(vector["money"]):
            try:
                result = expect(case, lambda: money_case(case))
                if "result" in case:
                    matches(case["result"], result, "result")
            except AssertionError as err:
                raise AssertionError(f"case {i} {case}: {err}") from err
    else:
        run_scenario(vector)


def test_vectors_cover_every_error_code() -> None:
    """Runs after the vectors (pytest keeps file order): every code of the
    core was raised by some vector, as the class of its kind."""
    assert len(FILES) >= 40
    missing = [code for code in bc.ERROR_CODES if code not in SEEN]
    assert not missing, f"error codes no vector raised: {missing}"
