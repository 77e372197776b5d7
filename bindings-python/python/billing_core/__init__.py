"""billing_core: the money side of a customer billing portal, exact to the
cent: invoices of five kinds, payments in full or in part across invoices,
credit, refunds, voids, recurring series, summaries, aging and statements.

>>> from datetime import date
>>> from decimal import Decimal
>>> import billing_core as bc
>>> acct = bc.Account("acme")
>>> _ = acct.issue_invoice("INV-1", kind="recurring", currency="USD",
...                        issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31),
...                        lines=[bc.Line("Compute", quantity=1, unit_price=Decimal("100.00"))])
>>> preview = acct.preview_payment("PAY-1", Decimal("150.00"), "USD", date(2026, 1, 20))
>>> [(a.invoice, a.amount) for a in preview.allocations]
[('INV-1', Decimal('100.00'))]
>>> [c.amount for c in preview.credit_created]
[Decimal('50.00')]

Amounts are ``decimal.Decimal`` out and ``Decimal``, ``int`` or ``str`` in; a
``float`` is refused with ``FloatRefusedError`` (a ``TypeError``). Dates are
``datetime.date``; currencies ISO codes such as ``"USD"``. Every error is a
``BillingError`` with the core's stable ``code``.
"""

from ._account import Account, Allocation, DateLike
from ._calc import (
    ERROR_CODES,
    allocate_money,
    calc,
    card_expired,
    check_card_data,
    currency_info,
    cycle_dates,
    invoice_totals,
    parse_money,
    round_money,
    split_money,
)
from ._errors import (
    AmountOverflowError,
    BillingError,
    ConflictError,
    CurrencyMismatchError,
    FloatRefusedError,
    InvalidInputError,
    InvalidStateError,
    LimitExceededError,
    NotFoundError,
)
from ._types import (
    AccountSettings,
    AgedInvoice,
    Aging,
    AllocationView,
    Amount,
    Balance,
    BillingSummary,
    CardExpiry,
    ChargePlan,
    CreditApplied,
    CreditBalance,
    CreditCreated,
    CreditOrigin,
    CreditSourceView,
    CurrencyInfo,
    CurrencyLike,
    CustomCurrency,
    Cycle,
    Discount,
    Entry,
    Event,
    Invoice,
    InvoiceAmounts,
    InvoiceChange,
    InvoiceView,
    Line,
    LineTotals,
    Outcome,
    PaymentAllocation,
    PaymentMethod,
    PaymentView,
    PlannedCharge,
    RefundView,
    RoundingPolicy,
    Series,
    ServicePeriod,
    SkippedCharge,
    Statement,
    StatementLine,
    TaxRate,
    TaxTotal,
    Totals,
)

__version__ = "0.1.0"

__all__ = [
    "ERROR_CODES",
    "Account",
    "AccountSettings",
    "AgedInvoice",
    "Aging",
    "Allocation",
    "AllocationView",
    "Amount",
    "AmountOverflowError",
    "Balance",
    "BillingError",
    "BillingSummary",
    "CardExpiry",
    "ChargePlan",
    "ConflictError",
    "CreditApplied",
    "CreditBalance",
    "CreditCreated",
    "CreditOrigin",
    "CreditSourceView",
    "CurrencyInfo",
    "CurrencyLike",
    "CurrencyMismatchError",
    "CustomCurrency",
    "Cycle",
    "DateLike",
    "Discount",
    "Entry",
    "Event",
    "FloatRefusedError",
    "InvalidInputError",
    "InvalidStateError",
    "Invoice",
    "InvoiceAmounts",
    "InvoiceChange",
    "InvoiceView",
    "LimitExceededError",
    "Line",
    "LineTotals",
    "NotFoundError",
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
