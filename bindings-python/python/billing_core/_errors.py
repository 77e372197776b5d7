"""The exceptions of billing_core: one family, one class per kind of error.

Every exception carries the core's stable ``code`` (``"scale_exceeded"``),
its ``kind`` (``"invalid_input"``), the English message, the error's
``details`` (its fields, such as ``{"currency": "USD", "minor_units": 2}``)
and, for a refused batch, the ``index`` of the refused operation. The
native module raises them (``src/errors.rs`` holds the one mapping).
"""

from __future__ import annotations

import json
from typing import Any, Mapping

__all__ = [
    "BillingError",
    "InvalidInputError",
    "FloatRefusedError",
    "CurrencyMismatchError",
    "AmountOverflowError",
    "InvalidStateError",
    "NotFoundError",
    "ConflictError",
    "LimitExceededError",
]


class BillingError(Exception):
    """Base class of every error billing_core raises.

    Attributes:
        code: The core's stable machine-readable code, such as
            ``"allocation_exceeds_due"``. Codes are never renamed.
        kind: The family of the error (``"invalid_input"``, ``"not_found"``,
            ...), which decides the class.
        details: The error's fields, such as ``{"invoice": "INV-1"}``.
        index: For a refused batch, the position of the refused operation
            (from 0); otherwise None.
    """

    code: str
    kind: str
    details: Mapping[str, Any]
    index: int | None

    def __init__(self, answer: str, index: int | None = None) -> None:
        """Builds the exception from the core's error answer (JSON text:
        ``{"code", "kind", "message", "details"}``)."""
        fields = json.loads(answer)
        super().__init__(fields["message"])
        self._answer = answer
        self.code = fields["code"]
        self.kind = fields["kind"]
        self.details = fields["details"]
        self.index = index

    @property
    def message(self) -> str:
        """The English description (also ``str(error)``)."""
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions travel between processes (multiprocessing, Dask):
        # rebuild from the same answer.
        return (type(self), (self._answer, self.index))

    def __repr__(self) -> str:
        where = f", index={self.index}" if self.index is not None else ""
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r}{where})"


class InvalidInputError(BillingError, ValueError):
    """Bad input values: amounts, dates, currencies, documents, JSON.
    Retrying the same input fails again."""


class FloatRefusedError(InvalidInputError, TypeError):
    """A binary float was given for money or another exact decimal. Pass a
    ``decimal.Decimal``, an ``int`` or a string such as ``"150.00"``."""


class CurrencyMismatchError(BillingError, ValueError):
    """Amounts in different currencies were combined."""


class AmountOverflowError(BillingError, ValueError):
    """A number cannot be represented exactly: too large, or more than 28
    decimal places."""


class InvalidStateError(BillingError):
    """The operation is not allowed in the current state (for example, a
    status change the transition table refuses)."""


class NotFoundError(BillingError, LookupError):
    """No such invoice, payment, series or payment method."""


class ConflictError(BillingError):
    """An id or version is already taken: a duplicate, an idempotency key
    reused for other content, or a stale expected version."""


class LimitExceededError(BillingError, ValueError):
    """An amount is larger than allowed: more than is due, refundable or
    available."""
