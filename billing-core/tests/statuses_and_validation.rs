//! The status transition matrix and invoice validation, as tables.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    clippy::unwrap_used
)]

use billing_core::{
    Currency, Discount, Error, Invoice, InvoiceKind, InvoiceStatus, Line, NaiveDate, TaxRate,
};
use rust_decimal::Decimal;

use InvoiceStatus::*;

const ALL: [InvoiceStatus; 7] = [
    Draft,
    Open,
    PartiallyPaid,
    Paid,
    Uncollectible,
    Void,
    Applied,
];

/// The complete expected matrix: for each kind family, every allowed
/// (from, to) pair. Everything else must be refused.
const CHARGE_ALLOWED: &[(InvoiceStatus, InvoiceStatus)] = &[
    (Draft, Open),
    (Draft, PartiallyPaid),
    (Draft, Paid),
    (Open, PartiallyPaid),
    (Open, Paid),
    (Open, Uncollectible),
    (Open, Void),
    (PartiallyPaid, Open),
    (PartiallyPaid, Paid),
    (PartiallyPaid, Uncollectible),
    (PartiallyPaid, Void),
    (Paid, Open),
    (Paid, PartiallyPaid),
    (Paid, Uncollectible),
    (Paid, Void),
    (Uncollectible, Paid),
    (Uncollectible, Void),
];

const CREDIT_ALLOWED: &[(InvoiceStatus, InvoiceStatus)] = &[
    (Draft, Open),
    (Draft, Applied),
    (Open, Applied),
    (Open, Void),
    (Applied, Open),
    (Applied, Void),
];

const REFUND_ALLOWED: &[(InvoiceStatus, InvoiceStatus)] = &[
    (Draft, Open),
    (Draft, Applied),
    (Open, Applied),
    (Applied, Open),
];

#[test]
fn transition_matrix() {
    type Family<'a> = (&'a [InvoiceKind], &'a [(InvoiceStatus, InvoiceStatus)]);
    let families: [Family; 3] = [
        (
            &[
                InvoiceKind::New,
                InvoiceKind::Recurring,
                InvoiceKind::OneTimeCharge,
            ],
            CHARGE_ALLOWED,
        ),
        (&[InvoiceKind::Credit], CREDIT_ALLOWED),
        (&[InvoiceKind::Refund], REFUND_ALLOWED),
    ];
    for (kinds, allowed) in families {
        for &kind in kinds {
            for from in ALL {
                for to in ALL {
                    let result = from.transition(kind, to);
                    if from == to || allowed.contains(&(from, to)) {
                        assert_eq!(result, Ok(to), "{kind:?}: {from} -> {to}");
                    } else {
                        assert_eq!(
                            result,
                            Err(Error::InvalidTransition { from, to }),
                            "{kind:?}: {from} -> {to}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn refused_transition_names_both_states() {
    let err = Draft.transition(InvoiceKind::New, Void).unwrap_err();
    assert_eq!(err.code(), "invalid_transition");
    assert_eq!(err.to_string(), "an invoice cannot go from draft to void");
    let err = Open.transition(InvoiceKind::Credit, Paid).unwrap_err();
    assert_eq!(err.to_string(), "an invoice cannot go from open to paid");
    let err = Applied.transition(InvoiceKind::Refund, Void).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidTransition {
            from: Applied,
            to: Void
        }
    );
}

#[test]
fn overdue_is_derived_from_status_due_date_and_as_of() {
    let due = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
    let before = NaiveDate::from_ymd_opt(2026, 1, 30).unwrap();
    let after = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
    // (status, as_of, overdue)
    let rows = [
        (Open, before, false),
        (Open, due, false),
        (Open, after, true),
        (PartiallyPaid, after, true),
        (Paid, after, false),
        (Draft, after, false),
        (Void, after, false),
        (Uncollectible, after, false),
        (Applied, after, false),
    ];
    for (status, as_of, overdue) in rows {
        assert_eq!(
            status.is_overdue(due, as_of),
            overdue,
            "{status} on {as_of}"
        );
    }
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, day).unwrap()
}

fn good_line() -> Line {
    Line::new("Compute", d("1"), d("10.00"))
}

#[test]
fn validation_errors() {
    let usd = Currency::iso("USD").unwrap();
    let base = || Invoice::builder("INV-1", InvoiceKind::OneTimeCharge, usd, date(1), date(31));
    let with_line = |line: Line| base().line(line).build();
    let vat = |pct: &str| TaxRate::exclusive("VAT", d(pct));

    let cases: Vec<(&str, Result<Invoice, Error>, &str)> = vec![
        (
            "empty id",
            Invoice::builder("  ", InvoiceKind::New, usd, date(1), date(2))
                .line(good_line())
                .build(),
            "empty_id",
        ),
        (
            "due before issue",
            Invoice::builder("I", InvoiceKind::New, usd, date(2), date(1))
                .line(good_line())
                .build(),
            "due_before_issue",
        ),
        ("no lines", base().build(), "no_lines"),
        (
            "negative quantity",
            with_line(Line::new("x", d("-1"), d("1"))),
            "negative_quantity",
        ),
        (
            "negative price",
            with_line(Line::new("x", d("1"), d("-0.01"))),
            "negative_unit_price",
        ),
        (
            "service period ends before it starts",
            with_line(good_line().period(date(10), date(10))),
            "invalid_service_period",
        ),
        (
            "negative discount",
            with_line(good_line().discount(Discount::Amount(d("-1")))),
            "invalid_discount",
        ),
        (
            "percent over 100",
            with_line(good_line().discount(Discount::Percent(d("100.01")))),
            "invalid_discount",
        ),
        (
            "discount finer than the currency",
            with_line(good_line().discount(Discount::Amount(d("0.001")))),
            "scale_exceeded",
        ),
        (
            "negative tax rate",
            with_line(good_line().tax(vat("-1"))),
            "invalid_tax_rate",
        ),
        (
            "tax rate without id",
            with_line(good_line().tax(TaxRate::exclusive(" ", d("5")))),
            "empty_id",
        ),
        (
            "same rate twice on a line",
            with_line(good_line().tax(vat("20")).tax(vat("20"))),
            "duplicate_tax_rate",
        ),
        (
            "mixed inclusion on a line",
            with_line(
                good_line()
                    .tax(vat("20"))
                    .tax(TaxRate::inclusive("GST", d("5"))),
            ),
            "mixed_tax_inclusion",
        ),
        (
            "one rate id, two definitions",
            base()
                .line(good_line().tax(vat("20")))
                .line(good_line().tax(vat("19")))
                .build(),
            "conflicting_tax_rate",
        ),
        (
            "refund without its original",
            Invoice::builder("R", InvoiceKind::Refund, usd, date(1), date(1))
                .line(good_line())
                .build(),
            "missing_refund_target",
        ),
        (
            "charge naming an original",
            base().line(good_line()).refund_of("INV-0").build(),
            "unexpected_refund_target",
        ),
        (
            "refund naming an empty original",
            Invoice::builder("R", InvoiceKind::Refund, usd, date(1), date(1))
                .line(good_line())
                .refund_of("")
                .build(),
            "empty_id",
        ),
        (
            "invoice-level percent over 100",
            base()
                .line(good_line())
                .discount(Discount::Percent(d("101")))
                .build(),
            "invalid_discount",
        ),
    ];
    for (name, result, code) in cases {
        assert_eq!(result.map(|_| ()).unwrap_err().code(), code, "{name}");
    }

    // Errors name the line they are about.
    let err = base()
        .line(good_line())
        .line(Line::new("x", d("1"), d("-1")))
        .build()
        .unwrap_err();
    assert_eq!(err, Error::NegativeUnitPrice { line: 1 });
    assert_eq!(err.to_string(), "line 1: the unit price is negative");
}

#[test]
fn every_kind_builds() {
    let usd = Currency::iso("USD").unwrap();
    for kind in [
        InvoiceKind::New,
        InvoiceKind::Recurring,
        InvoiceKind::OneTimeCharge,
        InvoiceKind::Credit,
        InvoiceKind::Refund,
    ] {
        let mut b = Invoice::builder("DOC", kind, usd, date(1), date(1)).line(good_line());
        if kind == InvoiceKind::Refund {
            b = b.refund_of("INV-1");
        }
        let invoice = b.build().unwrap();
        assert_eq!(invoice.kind(), kind);
        assert_eq!(
            invoice.kind().is_charge(),
            !matches!(kind, InvoiceKind::Credit | InvoiceKind::Refund)
        );
    }
}
