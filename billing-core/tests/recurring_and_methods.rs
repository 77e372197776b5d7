//! Table tests for billing cycles, series and proration, and payment
//! methods (card-number refusal, expiry).
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
    Account, AddSeries, BillSeries, CardExpiry, Currency, Cycle, CycleUnit, Error, InvoiceKind,
    Line, MAX_TEXT_CHARS, MethodKind, PRORATION_NOTE_CHARS, PaymentMethod, RoundingMode,
    RoundingPolicy, Series, json, parse_date, parse_decimal, refuse_card_data,
};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

#[test]
fn cycle_dates() {
    // (every, unit, anchor, first k, expected dates)
    let rows: Vec<(u32, CycleUnit, &str, i64, Vec<&str>)> = vec![
        (
            1,
            CycleUnit::Month,
            "2026-01-31",
            0,
            vec![
                "2026-01-31",
                "2026-02-28",
                "2026-03-31",
                "2026-04-30",
                "2026-05-31",
                "2026-06-30",
                "2026-07-31",
            ],
        ),
        (
            1,
            CycleUnit::Month,
            "2028-01-31",
            0,
            vec!["2028-01-31", "2028-02-29", "2028-03-31"],
        ),
        (
            1,
            CycleUnit::Month,
            "2026-01-30",
            0,
            vec!["2026-01-30", "2026-02-28", "2026-03-30"],
        ),
        (
            1,
            CycleUnit::Month,
            "2026-03-31",
            -2,
            vec!["2026-01-31", "2026-02-28", "2026-03-31"],
        ),
        (
            3,
            CycleUnit::Month,
            "2025-11-30",
            0,
            vec!["2025-11-30", "2026-02-28", "2026-05-30", "2026-08-30"],
        ),
        (
            1,
            CycleUnit::Year,
            "2024-02-29",
            0,
            vec![
                "2024-02-29",
                "2025-02-28",
                "2026-02-28",
                "2027-02-28",
                "2028-02-29",
            ],
        ),
        (
            1,
            CycleUnit::Year,
            "2025-12-31",
            0,
            vec!["2025-12-31", "2026-12-31"],
        ),
        (
            1,
            CycleUnit::Week,
            "2026-01-05",
            -1,
            vec!["2025-12-29", "2026-01-05", "2026-01-12"],
        ),
        (
            2,
            CycleUnit::Week,
            "2026-01-05",
            0,
            vec!["2026-01-05", "2026-01-19", "2026-02-02"],
        ),
        (
            10,
            CycleUnit::Day,
            "2026-02-25",
            0,
            vec!["2026-02-25", "2026-03-07", "2026-03-17"],
        ),
    ];
    for (every, unit, anchor, first, expected) in rows {
        let cycle = Cycle::new(every, unit, d(anchor)).unwrap();
        let got: Vec<String> = (0..expected.len())
            .map(|i| cycle.date(first + i as i64).unwrap().to_string())
            .collect();
        assert_eq!(got, expected, "every {every} {unit:?} from {anchor}");
        // Every date is in the cycle that starts on it.
        for (i, date) in expected.iter().enumerate() {
            assert_eq!(cycle.index_of(d(date)).unwrap(), first + i as i64, "{date}");
        }
    }
    assert_eq!(
        Cycle::new(0, CycleUnit::Month, d("2026-01-01")),
        Err(Error::InvalidCycle)
    );
    assert_eq!(
        Cycle::new(1001, CycleUnit::Day, d("2026-01-01")),
        Err(Error::InvalidCycle)
    );
}

fn monthly(start: &str, end: Option<&str>, price: &str, currency: &str) -> Series {
    Series {
        id: "SUB".into(),
        currency: Currency::iso(currency).unwrap(),
        cycle: Cycle::new(1, CycleUnit::Month, d("2026-01-01")).unwrap(),
        start: d(start),
        end: end.map(d),
        due_days: 10,
        lines: vec![Line::new(
            "Plan",
            parse_decimal("1").unwrap(),
            parse_decimal(price).unwrap(),
        )],
    }
}

#[test]
fn proration_by_days() {
    // (start, end, price, currency, period, expected prorated unit price, description)
    let rows = [
        (
            "2026-01-10",
            None,
            "31.00",
            "USD",
            1,
            "22.00",
            "Plan (22 of 31 days)",
        ),
        (
            "2026-01-10",
            None,
            "100.00",
            "USD",
            1,
            "70.97",
            "Plan (22 of 31 days)",
        ),
        (
            "2026-01-01",
            Some("2026-03-15"),
            "100.00",
            "USD",
            3,
            "45.16",
            "Plan (14 of 31 days)",
        ),
        (
            "2026-01-10",
            Some("2026-01-20"),
            "100.00",
            "USD",
            1,
            "32.26",
            "Plan (10 of 31 days)",
        ),
        (
            "2026-02-10",
            None,
            "28.00",
            "USD",
            1,
            "19.00",
            "Plan (19 of 28 days)",
        ),
        (
            "2026-01-10",
            None,
            "10000",
            "JPY",
            1,
            "7097",
            "Plan (22 of 31 days)",
        ),
        (
            "2026-01-10",
            None,
            "10.000",
            "KWD",
            1,
            "7.097",
            "Plan (22 of 31 days)",
        ),
    ];
    for (start, end, price, currency, period, expected, description) in rows {
        let invoice = monthly(start, end, price, currency)
            .invoice(period, RoundingMode::HalfUp)
            .unwrap()
            .unwrap();
        let line = &invoice.lines()[0];
        assert_eq!(
            line.unit_price.to_string(),
            expected,
            "{start}..{end:?} {price} {currency}"
        );
        assert_eq!(line.description, description);
    }
    // Full periods are not prorated.
    let second = monthly("2026-01-10", None, "100.00", "USD")
        .invoice(2, RoundingMode::HalfUp)
        .unwrap()
        .unwrap();
    assert_eq!(second.lines()[0].unit_price.to_string(), "100.00");
    assert_eq!(second.lines()[0].description, "Plan");
}

#[test]
fn the_parts_of_a_split_period_sum_to_the_full_price() {
    for price in ["100.00", "99.99", "0.01", "33.33", "1234.57", "10.00"] {
        for split_day in 2..=31 {
            let split = format!("2026-01-{split_day:02}");
            let before = monthly("2026-01-01", Some(&split), price, "USD");
            let after = monthly(&split, None, price, "USD");
            let a = before
                .invoice(1, RoundingMode::HalfUp)
                .unwrap()
                .unwrap()
                .lines()[0]
                .unit_price;
            let b = after
                .invoice(1, RoundingMode::HalfUp)
                .unwrap()
                .unwrap()
                .lines()[0]
                .unit_price;
            assert_eq!((a + b).to_string(), price, "{price} split on {split}");
        }
    }
}

/// A period cut at both ends is prorated as its days billed against its
/// days not billed, a two-part split that never gives a smaller amount a
/// larger part: so the prorated discount stays within the prorated price,
/// and every such invoice can be billed (three parts, the days before,
/// billed and after, gave 100.00 less 99.99 over Feb 12 to 16 a price of
/// 14.28 and a discount of 14.29).
#[test]
fn a_period_cut_at_both_ends_keeps_its_discount_within_its_price() {
    use billing_core::Discount;
    let mut checked = 0;
    for (price, discount) in [("100.00", "99.99"), ("0.16", "0.13"), ("10.00", "9.97")] {
        for start in 2..=27u32 {
            for end in start + 1..=28 {
                let mut series = monthly(
                    &format!("2026-02-{start:02}"),
                    Some(&format!("2026-02-{end:02}")),
                    price,
                    "USD",
                );
                series.lines[0] = Line::new(
                    "Plan",
                    parse_decimal("1").unwrap(),
                    parse_decimal(price).unwrap(),
                )
                .discount(Discount::Amount(parse_decimal(discount).unwrap()));
                let invoice = series.invoice(1, RoundingMode::HalfUp).unwrap().unwrap();
                let line = &invoice.lines()[0];
                // The exact share of the days billed, of 28, rounded to the
                // nearer unit; a tie goes to the days not billed (the first
                // part).
                let share = |amount: &str| {
                    let minor = (parse_decimal(amount).unwrap() * parse_decimal("100").unwrap())
                        .to_string()
                        .split('.')
                        .next()
                        .unwrap()
                        .parse::<i64>()
                        .unwrap();
                    let exact = minor * i64::from(end - start);
                    exact / 28 + i64::from(exact % 28 * 2 > 28)
                };
                let minor = |d: rust_decimal::Decimal| {
                    (d * parse_decimal("100").unwrap()).normalize().to_string()
                };
                assert_eq!(
                    minor(line.unit_price),
                    share(price).to_string(),
                    "{price} Feb {start}..{end}"
                );
                let Some(Discount::Amount(prorated)) = line.discount else {
                    panic!("no discount");
                };
                assert_eq!(
                    minor(prorated),
                    share(discount).to_string(),
                    "{discount} Feb {start}..{end}"
                );
                assert!(prorated <= line.unit_price);
                invoice.totals(RoundingPolicy::default()).unwrap();
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3 * 351);
}

#[test]
fn series_invoices() {
    let series = monthly("2026-01-10", Some("2026-04-01"), "100.00", "USD");
    let invoices = series
        .invoices_through(d("2026-12-31"), RoundingMode::HalfUp)
        .unwrap();
    let summary: Vec<(String, InvoiceKind, String, String, String)> = invoices
        .iter()
        .map(|i| {
            let period = i.lines()[0].period.unwrap();
            (
                i.id().to_owned(),
                i.kind(),
                i.issue_date().to_string(),
                i.due_date().to_string(),
                format!("{}..{}", period.start, period.end),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "SUB-1".into(),
                InvoiceKind::New,
                "2026-01-10".into(),
                "2026-01-20".into(),
                "2026-01-10..2026-02-01".into()
            ),
            (
                "SUB-2".into(),
                InvoiceKind::Recurring,
                "2026-02-01".into(),
                "2026-02-11".into(),
                "2026-02-01..2026-03-01".into()
            ),
            (
                "SUB-3".into(),
                InvoiceKind::Recurring,
                "2026-03-01".into(),
                "2026-03-11".into(),
                "2026-03-01..2026-04-01".into()
            ),
        ]
    );
    assert!(series.invoice(4, RoundingMode::HalfUp).unwrap().is_none());
    assert_eq!(
        series
            .invoices_through(d("2026-02-01"), RoundingMode::HalfUp)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        series
            .next_period_after(d("2026-01-15"))
            .unwrap()
            .unwrap()
            .start,
        d("2026-02-01")
    );
    assert_eq!(
        series
            .next_period_after(d("2026-01-01"))
            .unwrap()
            .unwrap()
            .start,
        d("2026-01-10")
    );
    assert!(series.next_period_after(d("2026-03-05")).unwrap().is_none());
    // Totals follow the account's rounding like any invoice.
    let totals = invoices[0].totals(RoundingPolicy::default()).unwrap();
    assert_eq!(totals.total.to_string(), "70.97 USD");
}

#[test]
fn series_are_checked() {
    let mut bad = monthly("2026-01-10", Some("2026-01-10"), "100.00", "USD");
    assert_eq!(bad.check(), Err(Error::InvalidSeriesDates));
    bad.end = None;
    bad.due_days = 4000;
    assert_eq!(bad.check(), Err(Error::InvalidSeriesDates));
    bad.due_days = 0;
    bad.lines.clear();
    assert_eq!(bad.check(), Err(Error::NoLines));
    bad.lines.push(Line::new(
        "Plan",
        parse_decimal("-1").unwrap(),
        parse_decimal("1").unwrap(),
    ));
    assert_eq!(bad.check().unwrap_err().code(), "negative_quantity");
    bad.id = " ".into();
    assert_eq!(bad.check().unwrap_err().code(), "empty_id");
}

/// A series line's description leaves room for the days a prorated period
/// appends to it: one that fits an invoice but not with that note would
/// be accepted and then fail every prorated billing and every summary.
#[test]
fn a_series_description_leaves_room_for_the_proration_note() {
    let room = (MAX_TEXT_CHARS - PRORATION_NOTE_CHARS) as usize;
    let with = |chars: usize| {
        let mut series = monthly("2026-01-10", None, "31.00", "USD");
        series.lines[0].description = "x".repeat(chars);
        series
    };
    let mut account = Account::new("acme", Default::default()).unwrap();
    let add = |series: Series| AddSeries {
        series: series.into(),
        date: d("2026-01-01"),
    };
    assert_eq!(
        account.execute(add(with(room + 1))).map(|_| ()),
        Err(Error::TooLong {
            field: "line 0 description".into(),
            max: MAX_TEXT_CHARS - PRORATION_NOTE_CHARS,
            unit: "characters",
        })
    );
    // At the limit, the longest note still fits: the prorated first
    // period bills, and the summary reads.
    account.execute(add(with(room))).unwrap();
    account
        .execute(BillSeries {
            series: "SUB".into(),
            through: d("2026-01-10"),
        })
        .unwrap();
    let usd = Currency::iso("USD").unwrap();
    assert!(account.summary(usd, d("2026-01-11")).is_ok());
}

#[test]
fn card_numbers_and_security_codes_are_refused_in_every_field() {
    let card_numbers = [
        "4242424242424242",    // Visa
        "4000 0566 5566 5556", // Visa debit, with spaces
        "5555-5555-5555-4444", // Mastercard, with dashes
        "2223003122003222",    // Mastercard 2-series
        "378282246310005",     // Amex, 15 digits
        "6011111111111117",    // Discover
        "3056930009020004",    // Diners, 16 digits
        "6200000000000005",    // UnionPay
        "4111111111111111110", // 19 digits
        "tok_4242424242424242",
    ];
    for number in card_numbers {
        for field in ["id", "token", "brand", "last4", "label"] {
            let mut method = PaymentMethod::new("pm_1", MethodKind::Card);
            match field {
                "id" => method.id = number.into(),
                "token" => method.token = Some(number.into()),
                "brand" => method.brand = Some(number.into()),
                "last4" => method.last4 = Some(number.into()),
                _ => method.label = Some(number.into()),
            }
            let err = method.check().unwrap_err();
            assert_eq!(
                err,
                Error::CardDataRefused {
                    field: field.into()
                },
                "{number} in {field}"
            );
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !err.to_string().contains(&digits[digits.len() - 4..]),
                "echoed: {err}"
            );
        }
    }
    // Not card numbers: a failing Luhn check, too few or too many digits,
    // dates and ordinary ids.
    for fine in [
        "4242424242424241",
        "424242424242",
        "42424242424242424242",
        "2026-01-31",
        "pm_1N3fKz2eZvKYlo2C",
        "INV-2026-0001",
    ] {
        assert!(refuse_card_data("token", fine).is_ok(), "{fine}");
    }
    for code in ["CVV 123", "cvc: 1234", "security_code=999"] {
        assert!(refuse_card_data("label", code).is_err(), "{code}");
    }
    // Decoding refuses security-code and card-number fields by name.
    for (json_text, field) in [
        (
            r#"{"id":"pm_1","kind":"card","cvv":"123"}"#,
            "security code",
        ),
        (
            r#"{"id":"pm_1","kind":"card","cvc":"123"}"#,
            "security code",
        ),
        (
            r#"{"id":"pm_1","kind":"card","security_code":"123"}"#,
            "security code",
        ),
        (
            r#"{"id":"pm_1","kind":"card","number":"4242424242424242"}"#,
            "card number",
        ),
        (
            r#"{"id":"pm_1","kind":"card","token":"4242 4242 4242 4242"}"#,
            "token",
        ),
    ] {
        assert_eq!(
            json::from_str::<PaymentMethod>(json_text),
            Err(Error::CardDataRefused {
                field: field.into()
            }),
            "{json_text}"
        );
    }
}

#[test]
fn payment_method_fields_are_checked() {
    let mut card = PaymentMethod::new("pm_1", MethodKind::Card);
    card.last4 = Some("424".into());
    assert_eq!(
        card.check(),
        Err(Error::InvalidPaymentMethod {
            field: "last4".into()
        })
    );
    card.last4 = Some("4242".into());
    card.expiry = Some(CardExpiry {
        month: 13,
        year: 2028,
    });
    assert_eq!(
        card.check(),
        Err(Error::InvalidPaymentMethod {
            field: "expiry".into()
        })
    );
    card.expiry = Some(CardExpiry {
        month: 12,
        year: 2028,
    });
    assert!(card.check().is_ok());
    card.id = String::new();
    assert_eq!(card.check().unwrap_err().code(), "empty_id");
}

#[test]
fn a_card_is_valid_through_the_last_day_of_its_expiry_month() {
    // (expiry month, year, as of, expired)
    let rows = [
        (2, 2028, "2028-02-29", false),
        (2, 2028, "2028-03-01", true),
        (2, 2027, "2027-02-28", false),
        (2, 2027, "2027-03-01", true),
        (12, 2026, "2026-12-31", false),
        (12, 2026, "2027-01-01", true),
        (1, 2027, "2026-12-31", false),
        (6, 2026, "2025-01-01", false),
    ];
    for (month, year, as_of, expired) in rows {
        assert_eq!(
            CardExpiry { month, year }.is_expired(d(as_of)),
            expired,
            "{month}/{year} on {as_of}"
        );
    }
    let mut card = PaymentMethod::new("pm_1", MethodKind::Card);
    card.expiry = Some(CardExpiry {
        month: 2,
        year: 2028,
    });
    assert!(card.can_auto_charge(d("2028-02-29")));
    assert!(!card.can_auto_charge(d("2028-03-01")));
    assert!(!PaymentMethod::new("wire", MethodKind::Wire).can_auto_charge(d("2026-01-01")));
    assert!(PaymentMethod::new("ach", MethodKind::BankAccount).can_auto_charge(d("2026-01-01")));
}

#[test]
fn billing_and_splitting_have_bounds() {
    let usd = Currency::iso("USD").unwrap();
    let one = billing_core::Money::parse("1.00", usd).unwrap();
    assert_eq!(
        one.split(billing_core::MAX_PARTS).unwrap().len(),
        billing_core::MAX_PARTS
    );
    assert_eq!(
        one.split(billing_core::MAX_PARTS + 1).unwrap_err(),
        Error::TooManyParts {
            max: billing_core::MAX_PARTS
        }
    );
    // Allocation by ratios has the same bound, checked before the ratios.
    let ratios = vec![rust_decimal::Decimal::ONE; billing_core::MAX_PARTS];
    assert_eq!(
        one.allocate(&ratios).unwrap().len(),
        billing_core::MAX_PARTS
    );
    let too_many = vec![rust_decimal::Decimal::ZERO; billing_core::MAX_PARTS + 1];
    assert_eq!(
        one.allocate(&too_many).unwrap_err(),
        Error::TooManyParts {
            max: billing_core::MAX_PARTS
        }
    );
    // A daily series: exactly the most periods one billing issues, then one more.
    let daily = daily_series(1);
    let max = billing_core::MAX_BILLED_PERIODS;
    let last = d("2026-01-01") + chrono::Days::new(u64::from(max - 1));
    let invoices = daily.invoices_through(last, RoundingMode::HalfUp).unwrap();
    assert_eq!(invoices.len(), usize::try_from(max).unwrap());
    let refused = daily
        .invoices_through(last + chrono::Days::new(1), RoundingMode::HalfUp)
        .unwrap_err();
    assert_eq!(refused.code(), "too_many_periods");
    assert_eq!(
        refused.to_string(),
        "billing series D through that date would issue more than 1000 invoices at once; bill it in steps"
    );
}

/// Series "D" in USD, billed daily from 2026-01-01, due at once, of `lines`
/// lines of 1.00.
fn daily_series(lines: usize) -> Series {
    let line = Line::new(
        "day",
        parse_decimal("1").unwrap(),
        parse_decimal("1.00").unwrap(),
    );
    Series {
        id: "D".to_owned(),
        currency: Currency::iso("USD").unwrap(),
        cycle: Cycle::new(1, CycleUnit::Day, d("2026-01-01")).unwrap(),
        start: d("2026-01-01"),
        end: None,
        due_days: 0,
        lines: vec![line; lines],
    }
}

#[test]
fn a_series_of_many_lines_bills_fewer_periods_at_once() {
    // Found by probing the JavaScript package: 1,000 periods of a series of
    // 10,000 long lines made one bill_series build gigabytes, until the
    // WebAssembly module ran out of memory. Lines per run are bounded too.
    let series = daily_series(2_000);
    assert_eq!(
        series.billable_at_once(),
        billing_core::MAX_BILLED_LINES / 2_000
    );
    let mut account = billing_core::Account::new("acme", Default::default()).unwrap();
    account
        .execute(billing_core::AddSeries {
            series: std::sync::Arc::new(series),
            date: d("2026-01-01"),
        })
        .unwrap();
    let bill = |through: &str| billing_core::BillSeries {
        series: "D".into(),
        through: d(through),
    };
    let refused = account.execute(bill("2026-02-20")).unwrap_err();
    assert_eq!(
        refused,
        Error::TooManyPeriods {
            series: "D".into(),
            max: 50
        }
    );
    assert_eq!(account.version(), 1);
    // In steps, it bills.
    account.execute(bill("2026-02-19")).unwrap();
    account.execute(bill("2026-02-20")).unwrap();
    assert_eq!(
        account.invoice("D-51").unwrap().amounts.total.to_string(),
        "2000.00 USD"
    );
}

#[test]
fn no_computed_date_falls_after_the_year_9999() {
    // Dates are written YYYY-MM-DD: one past 9999 could not be read back,
    // and a snapshot holding it would not load.
    let cycle = Cycle::new(1, CycleUnit::Year, d("9999-12-31")).unwrap();
    assert_eq!(cycle.date(0).unwrap(), d("9999-12-31"));
    assert_eq!(cycle.date(1), Err(Error::DateOutOfRange));
    assert_eq!(cycle.date(i64::MAX), Err(Error::DateOutOfRange));
    let back = Cycle::new(1, CycleUnit::Day, d("0001-01-01")).unwrap();
    assert_eq!(back.date(-1), Err(Error::DateOutOfRange));
    let calc: billing_core::api::Calc = json::from_str(
        r#"{"cycle": {"every": 1, "unit": "month", "anchor": "9999-12-31", "first": 0, "count": 2}}"#,
    )
    .unwrap();
    let refused = billing_core::api::calc(&calc).unwrap_err();
    assert_eq!(refused.code(), "date_out_of_range");
    assert_eq!(
        refused.to_string(),
        "a computed date would fall outside the years 0001 to 9999"
    );

    // A series whose invoice would be due after 9999 does not bill, has no
    // next invoice in the summary, and its account loads back.
    let mut account = billing_core::Account::new("acme", Default::default()).unwrap();
    // A monthly series from 9999-11-01, due `due_days` after each issue.
    let add = |id: &str, due_days: u32| -> billing_core::Operation {
        json::from_str(&format!(
            r#"{{"op": "add_series", "date": "9999-11-01", "series": {{"id": "{id}", "currency": "USD",
                "cycle": {{"every": 1, "unit": "month", "anchor": "9999-11-01"}}, "start": "9999-11-01",
                "due_days": {due_days}, "lines": [{{"description": "Plan", "quantity": "1", "unit_price": "10.00"}}]}}}}"#
        ))
        .unwrap()
    };
    account.execute(add("S", 3650)).unwrap();
    let bill: billing_core::Operation =
        json::from_str(r#"{"op": "bill_series", "series": "S", "through": "9999-11-30"}"#).unwrap();
    assert_eq!(account.execute(bill).unwrap_err(), Error::DateOutOfRange);
    let usd = Currency::iso("USD").unwrap();
    let summary = account.summary(usd, d("9999-11-15")).unwrap();
    assert_eq!(summary.next_recurring_invoice, None);
    assert!(summary.next_recurring_charges.is_zero());
    let snapshot = json::to_document(&account).unwrap();
    let loaded: billing_core::Account = json::from_document(&snapshot).unwrap();
    assert_eq!(loaded, account);

    // Due within 9999, it bills its last period whose dates exist: the
    // next one, ending in the year 10000, is none (found by a review:
    // billing failed with date_out_of_range while the summary expected it).
    account.execute(add("T", 14)).unwrap();
    let summary = account.summary(usd, d("9999-11-01")).unwrap();
    assert_eq!(summary.next_recurring_invoice, Some(d("9999-11-01")));
    let bill: billing_core::Operation =
        json::from_str(r#"{"op": "bill_series", "series": "T", "through": "9999-12-31"}"#).unwrap();
    account.execute(bill).unwrap();
    assert_eq!(account.invoice("T-1").unwrap().due_date, d("9999-11-15"));
    let summary = account.summary(usd, d("9999-12-31")).unwrap();
    assert_eq!(summary.next_recurring_invoice, None);
}
