//! The JSON forms are a stable format: these golden texts may only change
//! with a new format version.
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
    Currency, Discount, Error, Invoice, InvoiceKind, InvoiceStatus, Line, Money, NaiveDate,
    RoundingPolicy, TaxRate, Totals, json,
};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn sample() -> Invoice {
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    Invoice::builder(
        "INV-7",
        InvoiceKind::Recurring,
        Currency::iso("USD").unwrap(),
        day(1, 1),
        day(1, 31),
    )
    .line(
        Line::new("Pro plan", d("1"), d("49.00"))
            .tax(TaxRate::exclusive("CA", d("8.875")))
            .period(day(1, 1), day(2, 1)),
    )
    .line(Line::new("API calls", d("12345"), d("0.0015")).discount(Discount::Amount(d("0.52"))))
    .discount(Discount::Percent(d("10")))
    .build()
    .unwrap()
}

const GOLDEN_INVOICE: &str = r#"{"format":"billing-core/invoice","version":1,"data":{"id":"INV-7","kind":"recurring","currency":"USD","issue_date":"2026-01-01","due_date":"2026-01-31","lines":[{"description":"Pro plan","quantity":"1","unit_price":"49.00","taxes":[{"id":"CA","percent":"8.875","inclusive":false}],"period":{"start":"2026-01-01","end":"2026-02-01"}},{"description":"API calls","quantity":"12345","unit_price":"0.0015","discount":{"amount":"0.52"}}],"discount":{"percent":"10"}}}"#;

#[test]
fn invoice_document_form_is_stable() {
    assert_eq!(json::to_document(&sample()).unwrap(), GOLDEN_INVOICE);
    assert_eq!(
        json::from_document::<Invoice>(GOLDEN_INVOICE).unwrap(),
        sample()
    );
}

#[test]
fn totals_form_is_stable() {
    let totals = sample().totals(RoundingPolicy::default()).unwrap();
    let value: serde_json::Value =
        serde_json::from_str(&json::to_string(&totals).unwrap()).unwrap();
    assert_eq!(
        value["total"],
        serde_json::json!({"amount": "64.21", "currency": "USD"})
    );
    assert_eq!(value["taxes"][0]["rate"]["id"], "CA");
    assert_eq!(value["taxes"][0]["amount"]["amount"], "3.91");
    assert_eq!(value["lines"][1]["discount"]["amount"], "2.32");
    let back: Totals = json::from_str(&value.to_string()).unwrap();
    assert_eq!(back, totals);
}

#[test]
fn value_forms() {
    let usd = Currency::iso("USD").unwrap();
    let cases: Vec<(String, &str)> = vec![
        (json::to_string(&usd).unwrap(), r#""USD""#),
        (
            json::to_string(&Currency::custom("PTS", 0).unwrap()).unwrap(),
            r#"{"code":"PTS","minor_units":0}"#,
        ),
        (
            json::to_string(&Money::parse("-0.5", usd).unwrap()).unwrap(),
            r#"{"amount":"-0.50","currency":"USD"}"#,
        ),
        (
            json::to_string(&InvoiceStatus::PartiallyPaid).unwrap(),
            r#""partially_paid""#,
        ),
        (
            json::to_string(&InvoiceKind::OneTimeCharge).unwrap(),
            r#""one_time_charge""#,
        ),
        (
            json::to_string(&RoundingPolicy::default()).unwrap(),
            r#"{"mode":"half_up","tax":"per_line"}"#,
        ),
        (
            json::to_string(&TaxRate::inclusive("VAT", d("20"))).unwrap(),
            r#"{"id":"VAT","percent":"20","inclusive":true}"#,
        ),
        (
            json::to_string(&Error::ScaleExceeded {
                currency: usd,
                minor_units: 2,
            })
            .unwrap(),
            r#"{"code":"scale_exceeded","currency":"USD","minor_units":2}"#,
        ),
    ];
    for (got, expected) in cases {
        assert_eq!(got, expected);
    }
}

#[test]
fn decoding_keeps_domain_errors_typed() {
    let bad = |from: &str, to: &str| GOLDEN_INVOICE.replacen(from, to, 1);
    let cases = [
        (
            bad(r#""currency":"USD""#, r#""currency":"usd""#),
            "unknown_currency",
        ),
        (
            bad(r#""unit_price":"49.00""#, r#""unit_price":"49,00""#),
            "invalid_decimal",
        ),
        (
            bad(r#""unit_price":"49.00""#, r#""unit_price":49.0"#),
            "float_refused",
        ),
        (
            bad(r#""due_date":"2026-01-31""#, r#""due_date":"2025-12-31""#),
            "due_before_issue",
        ),
        (
            bad(r#""due_date":"2026-01-31""#, r#""due_date":"2026-02-30""#),
            "invalid_date",
        ),
        (
            bad(r#""quantity":"1""#, r#""quantity":"-1""#),
            "negative_quantity",
        ),
        (
            bad(r#""amount":"0.52""#, r#""amount":"0.525""#),
            "scale_exceeded",
        ),
        (
            bad(r#""kind":"recurring""#, r#""kind":"weekly""#),
            "invalid_json",
        ),
        (
            bad(r#""id":"INV-7""#, r#""id":"INV-7","extra":1"#),
            "invalid_json",
        ),
        (
            bad(r#""version":1"#, r#""version":2"#),
            "unsupported_format",
        ),
        (
            bad("billing-core/invoice", "billing-core/other"),
            "unsupported_format",
        ),
        ("{".to_owned(), "invalid_json"),
    ];
    for (text, code) in cases {
        let err = json::from_document::<Invoice>(&text).unwrap_err();
        assert_eq!(err.code(), code, "{text}");
    }
}
