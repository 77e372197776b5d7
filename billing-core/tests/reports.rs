//! Table tests for summaries, aging, statements and the automatic-charge
//! plan.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    clippy::unwrap_used
)]

use std::sync::Arc;

use billing_core::{
    Account, AccountSettings, AddPaymentMethod, AddSeries, AgingBucket, BillSeries, CardExpiry,
    Currency, Cycle, CycleUnit, EndSeries, FailPayment, Invoice, InvoiceKind, IssueInvoice, Line,
    MAX_BILLED_PERIODS, MarkUncollectible, MethodKind, Money, PaymentMethod, RecordPayment,
    RefundPayment, RemovePaymentMethod, Series, SetDefaultPaymentMethod, SettlePayment, SkipReason,
    StatementLineKind, VoidInvoice, parse_date, parse_decimal,
};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn usd() -> Currency {
    Currency::iso("USD").unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s, usd()).unwrap()
}

fn charge(id: &str, amount: &str, issued: &str, due: &str) -> IssueInvoice {
    charge_kind(id, amount, issued, due, InvoiceKind::OneTimeCharge)
}

fn charge_kind(id: &str, amount: &str, issued: &str, due: &str, kind: InvoiceKind) -> IssueInvoice {
    let invoice = Invoice::builder(id, kind, usd(), d(issued), d(due))
        .line(Line::new(
            "Service",
            parse_decimal("1").unwrap(),
            parse_decimal(amount).unwrap(),
        ))
        .build()
        .unwrap();
    IssueInvoice {
        invoice: Arc::new(invoice),
    }
}

fn pay(id: &str, amount: &str, date: &str) -> RecordPayment {
    RecordPayment::new(id, m(amount), d(date))
}

/// Adds series `id` in USD of one line at `price`, every `unit` from `start`
/// (its anchor), due `due_days` after each issue; the operation dated `on`.
fn add_series(
    id: &str,
    unit: CycleUnit,
    start: &str,
    due_days: u32,
    price: &str,
    on: &str,
) -> AddSeries {
    let series = Series {
        id: id.into(),
        currency: usd(),
        cycle: Cycle::new(1, unit, d(start)).unwrap(),
        start: d(start),
        end: None,
        due_days,
        lines: vec![Line::new(
            "Plan",
            parse_decimal("1").unwrap(),
            parse_decimal(price).unwrap(),
        )],
    };
    AddSeries {
        series: Arc::new(series),
        date: d(on),
    }
}

fn account() -> Account {
    Account::new("acct", AccountSettings::default()).unwrap()
}

#[test]
fn aging_bucket_boundaries() {
    // (days past due, bucket)
    let rows = [
        (-5, AgingBucket::Current),
        (0, AgingBucket::Current),
        (1, AgingBucket::Days1To30),
        (30, AgingBucket::Days1To30),
        (31, AgingBucket::Days31To60),
        (60, AgingBucket::Days31To60),
        (61, AgingBucket::Days61To90),
        (90, AgingBucket::Days61To90),
        (91, AgingBucket::Over90),
        (400, AgingBucket::Over90),
    ];
    let mut acct = account();
    acct.execute(charge("INV-1", "100.00", "2026-01-01", "2026-01-31"))
        .unwrap();
    for (days, bucket) in rows {
        assert_eq!(AgingBucket::of(days), bucket, "{days}");
        let as_of = d("2026-01-31") + chrono::Duration::days(days);
        if as_of < d("2026-01-01") {
            continue;
        }
        let aging = acct.aging(usd(), as_of).unwrap();
        assert_eq!(aging.invoices[0].days_past_due, days);
        assert_eq!(aging.invoices[0].bucket, bucket, "{days} days");
        let in_bucket = match bucket {
            AgingBucket::Current => aging.current,
            AgingBucket::Days1To30 => aging.days_1_30,
            AgingBucket::Days31To60 => aging.days_31_60,
            AgingBucket::Days61To90 => aging.days_61_90,
            AgingBucket::Over90 => aging.over_90,
        };
        assert_eq!(in_bucket, m("100.00"));
        assert_eq!(aging.total, m("100.00"));
    }
}

#[test]
fn aging_counts_nothing_after_its_date() {
    let mut acct = account();
    acct.execute(charge("INV-1", "100.00", "2026-01-01", "2026-01-31"))
        .unwrap();
    acct.execute(charge("INV-2", "50.00", "2026-03-01", "2026-03-31"))
        .unwrap();
    acct.execute(pay("PAY-1", "30.00", "2026-02-15")).unwrap();
    let early = acct.aging(usd(), d("2026-02-14")).unwrap();
    assert_eq!(
        (early.total, early.days_1_30, early.invoices.len()),
        (m("100.00"), m("100.00"), 1)
    );
    let later = acct.aging(usd(), d("2026-03-15")).unwrap();
    assert_eq!(later.days_31_60, m("70.00")); // INV-1, 43 days late, less the payment
    assert_eq!(later.current, m("50.00"));
    assert_eq!(later.total, m("120.00"));
    // The buckets sum to the summary's balance on the same day.
    assert_eq!(
        acct.summary(usd(), d("2026-03-15"))
            .unwrap()
            .current_balance,
        later.total
    );
    // Before anything was issued there is nothing to age.
    assert_eq!(acct.aging(usd(), d("2025-12-31")).unwrap().total, m("0.00"));
}

#[test]
fn pending_payments_count_from_the_day_they_settle() {
    let mut acct = account();
    acct.execute(charge("INV-1", "100.00", "2026-01-01", "2026-01-31"))
        .unwrap();
    acct.execute(pay("PAY-1", "40.00", "2026-01-10").pending())
        .unwrap();
    acct.execute(SettlePayment {
        payment: "PAY-1".into(),
        date: d("2026-01-20"),
    })
    .unwrap();
    acct.execute(pay("PAY-2", "60.00", "2026-01-25").pending())
        .unwrap();
    acct.execute(FailPayment {
        payment: "PAY-2".into(),
        date: d("2026-02-05"),
    })
    .unwrap();
    let rows = [
        ("2026-01-15", "100.00", "40.00"),
        ("2026-01-20", "60.00", "0.00"),
        ("2026-01-30", "60.00", "60.00"),
        ("2026-02-05", "60.00", "0.00"),
    ];
    for (as_of, balance, pending) in rows {
        let s = acct.summary(usd(), d(as_of)).unwrap();
        assert_eq!(
            (s.current_balance, s.pending),
            (m(balance), m(pending)),
            "{as_of}"
        );
    }
}

#[test]
fn summary_with_series_written_off_and_overdue() {
    let mut acct = account();
    acct.execute(add_series(
        "PRO",
        CycleUnit::Month,
        "2026-01-01",
        14,
        "49.00",
        "2026-01-01",
    ))
    .unwrap();
    acct.execute(BillSeries {
        series: "PRO".into(),
        through: d("2026-02-01"),
    })
    .unwrap();
    assert_eq!(acct.invoice("PRO-1").unwrap().kind, InvoiceKind::New);
    assert_eq!(acct.invoice("PRO-2").unwrap().kind, InvoiceKind::Recurring);
    // Repeating the billing issues nothing new.
    let again = acct
        .execute(BillSeries {
            series: "PRO".into(),
            through: d("2026-02-01"),
        })
        .unwrap();
    assert!(again.events().is_empty());

    acct.execute(charge("SETUP", "20.00", "2026-01-01", "2026-01-05"))
        .unwrap();
    acct.execute(MarkUncollectible {
        invoice: "SETUP".into(),
        date: d("2026-02-10"),
    })
    .unwrap();
    acct.execute(pay("PAY-1", "60.00", "2026-02-10")).unwrap(); // oldest due: SETUP 20, PRO-1 40

    let s = acct.summary(usd(), d("2026-02-20")).unwrap();
    // Left: PRO-1 9.00 (due Jan 15, overdue), PRO-2 49.00 (due Feb 15, overdue).
    assert_eq!(s.current_balance, m("58.00"));
    assert_eq!(s.overdue, m("58.00"));
    assert_eq!(s.written_off, m("0.00"));
    assert_eq!(s.open_invoices, 2);
    assert_eq!(s.last_recurring_invoice, Some(d("2026-02-01")));
    assert_eq!(s.next_recurring_invoice, Some(d("2026-03-01")));
    assert_eq!(s.next_recurring_charges, m("49.00"));
    assert_eq!(s.estimated_next_balance, m("107.00"));

    // Credit lowers the estimate when auto-apply is on.
    acct.execute(pay("PAY-2", "100.00", "2026-02-21")).unwrap();
    let s = acct.summary(usd(), d("2026-02-21")).unwrap();
    assert_eq!(
        (s.current_balance, s.credit_available),
        (m("0.00"), m("42.00"))
    );
    assert_eq!(s.estimated_next_balance, m("7.00"));

    // Ending the series stops the next charges; it cannot end before what
    // was billed.
    assert_eq!(
        acct.execute(EndSeries {
            series: "PRO".into(),
            end: d("2026-02-01"),
            date: d("2026-02-21")
        })
        .unwrap_err()
        .code(),
        "invalid_series_dates"
    );
    acct.execute(EndSeries {
        series: "PRO".into(),
        end: d("2026-03-01"),
        date: d("2026-02-21"),
    })
    .unwrap();
    let s = acct.summary(usd(), d("2026-02-21")).unwrap();
    assert_eq!(
        (s.next_recurring_invoice, s.next_recurring_charges),
        (None, m("0.00"))
    );
}

#[test]
fn the_next_charges_of_a_series_far_behind_stop_at_one_billing_run() {
    // A daily series started six years before the summary's date and never
    // billed: the next charges count what one bill_series can issue
    // (MAX_BILLED_PERIODS periods), and the summary stays cheap.
    let mut acct = account();
    acct.execute(add_series(
        "DAILY",
        CycleUnit::Day,
        "2020-01-01",
        0,
        "1.00",
        "2026-01-01",
    ))
    .unwrap();
    let s = acct.summary(usd(), d("2026-01-01")).unwrap();
    assert_eq!(s.next_recurring_invoice, Some(d("2020-01-01")));
    assert_eq!(
        s.next_recurring_charges,
        m(&format!("{MAX_BILLED_PERIODS}.00"))
    );
    // On its first day, only that day's period.
    let s = acct.summary(usd(), d("2020-01-01")).unwrap();
    assert_eq!(s.next_recurring_charges, m("1.00"));
}

#[test]
fn a_written_off_invoice_stays_in_the_balance() {
    let mut acct = account();
    acct.execute(charge("INV-1", "80.00", "2026-01-01", "2026-01-31"))
        .unwrap();
    acct.execute(MarkUncollectible {
        invoice: "INV-1".into(),
        date: d("2026-03-01"),
    })
    .unwrap();
    let before = acct.summary(usd(), d("2026-02-28")).unwrap();
    assert_eq!(
        (before.written_off, before.overdue),
        (m("0.00"), m("80.00"))
    );
    let after = acct.summary(usd(), d("2026-03-01")).unwrap();
    assert_eq!(
        (after.current_balance, after.written_off, after.overdue),
        (m("80.00"), m("80.00"), m("0.00"))
    );
}

#[test]
fn statements_reconcile() {
    let mut acct = account();
    acct.execute(charge("INV-1", "100.00", "2026-01-05", "2026-02-04"))
        .unwrap();
    acct.execute(charge("INV-2", "50.00", "2026-01-10", "2026-02-09"))
        .unwrap();
    acct.execute(pay("PAY-1", "120.00", "2026-01-20")).unwrap();
    acct.execute(charge_kind(
        "CR-1",
        "15.00",
        "2026-01-25",
        "2026-01-25",
        InvoiceKind::Credit,
    ))
    .unwrap();
    acct.execute(charge("INV-3", "40.00", "2026-02-01", "2026-03-01"))
        .unwrap();
    acct.execute(RefundPayment {
        refund: "RF-1".into(),
        payment: "PAY-1".into(),
        amount: parse_decimal("10.00").unwrap(),
        date: d("2026-02-03"),
    })
    .unwrap();
    acct.execute(VoidInvoice {
        invoice: "INV-3".into(),
        date: d("2026-02-05"),
    })
    .unwrap();

    let jan = acct
        .statement(usd(), d("2026-01-01"), d("2026-01-31"))
        .unwrap();
    let lines: Vec<(String, StatementLineKind, String, String)> = jan
        .lines
        .iter()
        .map(|l| {
            (
                l.date.to_string(),
                l.kind,
                l.amount.amount().to_string(),
                l.balance.amount().to_string(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                "2026-01-05".to_owned(),
                StatementLineKind::Invoice,
                "100.00".to_owned(),
                "100.00".to_owned()
            ),
            (
                "2026-01-10".to_owned(),
                StatementLineKind::Invoice,
                "50.00".to_owned(),
                "150.00".to_owned()
            ),
            (
                "2026-01-20".to_owned(),
                StatementLineKind::Payment,
                "-120.00".to_owned(),
                "30.00".to_owned()
            ),
            (
                "2026-01-25".to_owned(),
                StatementLineKind::CreditNote,
                "-15.00".to_owned(),
                "15.00".to_owned()
            ),
        ]
    );
    assert_eq!(
        (jan.opening_balance, jan.closing_balance),
        (m("0.00"), m("15.00"))
    );

    let feb = acct
        .statement(usd(), d("2026-02-01"), d("2026-02-28"))
        .unwrap();
    assert_eq!(feb.opening_balance, jan.closing_balance);
    let kinds: Vec<StatementLineKind> = feb.lines.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        [
            StatementLineKind::Invoice,
            StatementLineKind::Refund,
            StatementLineKind::Void
        ]
    );
    // The credit note went to INV-2 on Jan 25 (INV-3 did not exist yet), so
    // all of INV-3 was still due when voided.
    assert_eq!(feb.lines[2].amount, m("-40.00"));
    assert_eq!(feb.closing_balance, m("25.00"));
    // The closing balance is what is due less credit available.
    let b = acct.balance(usd()).unwrap();
    assert_eq!(
        feb.closing_balance,
        b.receivable
            .checked_add(b.written_off)
            .unwrap()
            .checked_sub(b.credit)
            .unwrap()
    );
}

#[test]
fn auto_charge_plan_and_its_reasons() {
    let mut acct = account();
    acct.execute(charge("INV-1", "100.00", "2026-01-01", "2026-01-31"))
        .unwrap();
    acct.execute(charge("INV-2", "50.00", "2026-01-01", "2026-02-10"))
        .unwrap();
    acct.execute(charge("INV-3", "30.00", "2026-01-01", "2026-01-20"))
        .unwrap();
    acct.execute(charge("INV-4", "20.00", "2026-01-01", "2026-01-25"))
        .unwrap();
    acct.execute(
        pay("PAY-P", "30.00", "2026-01-25")
            .pending()
            .allocate([("INV-3", parse_decimal("30.00").unwrap())]),
    )
    .unwrap();
    acct.execute(MarkUncollectible {
        invoice: "INV-4".into(),
        date: d("2026-01-30"),
    })
    .unwrap();

    let reasons = |acct: &Account, as_of: &str| -> Vec<(String, Option<SkipReason>, String)> {
        let plan = acct.auto_charge_plan(d(as_of)).unwrap();
        let mut all: Vec<(String, Option<SkipReason>, String)> = plan
            .charges
            .iter()
            .map(|c| (c.invoice.clone(), None, c.amount.amount().to_string()))
            .chain(plan.skipped.iter().map(|s| {
                (
                    s.invoice.clone(),
                    Some(s.reason),
                    s.amount.amount().to_string(),
                )
            }))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    };
    // No default method yet; INV-2 is not due.
    assert_eq!(
        reasons(&acct, "2026-02-01"),
        [
            (
                "INV-1".to_owned(),
                Some(SkipReason::NoDefaultMethod),
                "100.00".to_owned()
            ),
            (
                "INV-3".to_owned(),
                Some(SkipReason::CoveredByPendingPayments),
                "30.00".to_owned()
            ),
            (
                "INV-4".to_owned(),
                Some(SkipReason::WrittenOff),
                "20.00".to_owned()
            ),
        ]
    );
    let mut wire = PaymentMethod::new("wire", MethodKind::Wire);
    wire.label = Some("Bank wire".into());
    acct.execute(AddPaymentMethod {
        method: wire,
        default: false,
        date: d("2026-01-02"),
    })
    .unwrap();
    assert_eq!(acct.default_payment_method().unwrap().id, "wire"); // the first method is the default
    assert_eq!(
        reasons(&acct, "2026-02-01")[0].1,
        Some(SkipReason::MethodNotChargeable)
    );

    let mut card = PaymentMethod::new("card", MethodKind::Card);
    card.brand = Some("visa".into());
    card.last4 = Some("4242".into());
    card.expiry = Some(CardExpiry {
        month: 1,
        year: 2026,
    });
    acct.execute(AddPaymentMethod {
        method: card,
        default: true,
        date: d("2026-01-02"),
    })
    .unwrap();
    assert_eq!(
        reasons(&acct, "2026-01-31")[0],
        ("INV-1".to_owned(), None, "100.00".to_owned())
    );
    assert_eq!(
        acct.auto_charge_plan(d("2026-01-31")).unwrap().charges[0].method,
        "card"
    );
    assert_eq!(
        reasons(&acct, "2026-02-01")[0].1,
        Some(SkipReason::MethodExpired)
    );

    acct.execute(SetDefaultPaymentMethod {
        method: "wire".into(),
        date: d("2026-02-01"),
    })
    .unwrap();
    acct.execute(RemovePaymentMethod {
        method: "wire".into(),
        date: d("2026-02-01"),
    })
    .unwrap();
    assert!(acct.default_payment_method().is_none());
    assert_eq!(acct.payment_methods().len(), 1);
    assert_eq!(
        reasons(&acct, "2026-02-15")[0].1,
        Some(SkipReason::NoDefaultMethod)
    );
    assert_eq!(reasons(&acct, "2026-02-15")[1].0, "INV-2");
}
