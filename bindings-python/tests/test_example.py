"""The CSV example (examples/python/replay_csv.py): the report it prints,
and a bad row reported by file and line with nothing loaded."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python"


def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("replay_csv", EXAMPLE / "replay_csv.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_report_shows_balance_overdue_and_aging(capsys: pytest.CaptureFixture[str]) -> None:
    code = example().main([str(EXAMPLE / "invoices.csv"), str(EXAMPLE / "payments.csv"), "--as-of", "2026-03-31"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Current balance            198.78" in out
    assert "Overdue                    116.03" in out
    assert "INV-1004   due 2026-02-24         29.34  35 days late" in out


def test_a_bad_row_is_named_and_nothing_is_loaded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(EXAMPLE / "invoices.csv", tmp_path / "invoices.csv")
    payments = (EXAMPLE / "payments.csv").read_text().replace("100.00", "1O0.00")
    (tmp_path / "payments.csv").write_text(payments)
    code = example().main([str(tmp_path / "invoices.csv"), str(tmp_path / "payments.csv")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("payments.csv line 4: not a plain decimal number")
    assert "[invalid_decimal]; nothing was loaded" in err
