//! Property tests for money, splitting, totals and JSON.
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
    Currency, Discount, Error, Invoice, InvoiceKind, Line, Money, NaiveDate, RoundingMode,
    RoundingPolicy, TaxRate, TaxRounding, Totals, json,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        Just(Currency::iso("JPY").unwrap()),
        Just(Currency::iso("USD").unwrap()),
        Just(Currency::iso("KWD").unwrap()),
        Just(Currency::custom("CREDITS", 6).unwrap()),
    ]
}

fn mode() -> impl Strategy<Value = RoundingMode> {
    prop_oneof![
        Just(RoundingMode::HalfUp),
        Just(RoundingMode::HalfEven),
        Just(RoundingMode::Down),
        Just(RoundingMode::Up),
    ]
}

fn policy() -> impl Strategy<Value = RoundingPolicy> {
    (
        mode(),
        prop_oneof![Just(TaxRounding::PerLine), Just(TaxRounding::PerInvoice)],
    )
        .prop_map(|(mode, tax)| RoundingPolicy { mode, tax })
}

/// A decimal from 0 to `max_units` with up to `scale` places.
fn decimal(max_units: i64, scale: u32) -> impl Strategy<Value = Decimal> {
    let factor = 10i64.pow(scale);
    (0..=max_units * factor, 0..=scale).prop_map(move |(m, s)| {
        // Fewer decimals sometimes: drop precision the value does not have.
        let d = Decimal::new(m, scale);
        d.round_dp(s)
    })
}

fn money(c: Currency) -> impl Strategy<Value = Money> {
    (-1_000_000_000_000i64..1_000_000_000_000)
        .prop_map(move |m| Money::from_minor(i128::from(m), c).unwrap())
}

/// A small, consistent pool of tax rates: exclusive ones and inclusive ones.
fn rate_pool() -> (Vec<TaxRate>, Vec<TaxRate>) {
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    (
        vec![
            TaxRate::exclusive("VAT20", d("20")),
            TaxRate::exclusive("GST5", d("5")),
            TaxRate::exclusive("CA8875", d("8.875")),
        ],
        vec![
            TaxRate::inclusive("IVAT19", d("19")),
            TaxRate::inclusive("IGST7", d("7")),
            TaxRate::inclusive("IHUGE150", d("150")),
        ],
    )
}

fn discount(max_amount: i64, c: Currency) -> impl Strategy<Value = Option<Discount>> {
    let scale = c.minor_units();
    prop_oneof![
        3 => Just(None),
        1 => decimal(100, 2).prop_map(|p| Some(Discount::Percent(p))),
        1 => decimal(max_amount, scale).prop_map(|a| Some(Discount::Amount(a))),
    ]
}

fn line(c: Currency) -> impl Strategy<Value = Line> {
    (
        decimal(1000, 3),
        decimal(5000, 4),
        discount(50, c),
        any::<bool>(),
        prop::sample::subsequence(vec![0usize, 1, 2], 0..=3),
    )
        .prop_map(|(qty, price, discount, inclusive, picks)| {
            let (exclusive, inclusive_rates) = rate_pool();
            let pool = if inclusive {
                inclusive_rates
            } else {
                exclusive
            };
            let mut l = Line::new("item", qty, price);
            l.discount = discount;
            l.taxes = picks.into_iter().map(|i| pool[i].clone()).collect();
            l
        })
}

fn invoice() -> impl Strategy<Value = Invoice> {
    currency().prop_flat_map(|c| {
        (
            prop::collection::vec(line(c), 1..6),
            discount(200, c),
            prop_oneof![
                Just(InvoiceKind::New),
                Just(InvoiceKind::Recurring),
                Just(InvoiceKind::OneTimeCharge),
                Just(InvoiceKind::Credit),
                Just(InvoiceKind::Refund),
            ],
            0u32..60,
        )
            .prop_map(move |(lines, discount, kind, days)| {
                let issued = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
                let mut b = Invoice::builder(
                    "INV-P",
                    kind,
                    c,
                    issued,
                    issued + chrono::Days::new(days.into()),
                )
                .lines(lines);
                if let Some(discount) = discount {
                    b = b.discount(discount);
                }
                if kind == InvoiceKind::Refund {
                    b = b.refund_of("INV-0");
                }
                b.build().unwrap()
            })
    })
}

fn all_money(t: &Totals) -> Vec<Money> {
    let mut all = vec![t.subtotal, t.discount, t.net, t.tax, t.total];
    for l in &t.lines {
        all.extend([l.amount, l.discount, l.net, l.tax, l.total]);
        all.extend(l.taxes.iter().copied());
    }
    for r in &t.taxes {
        all.extend([r.taxable, r.amount]);
    }
    all
}

fn sum(c: Currency, items: impl IntoIterator<Item = Money>) -> Money {
    Money::sum(c, items).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn money_is_written_as_its_decimal_amount(
        c in currency(),
        m in prop_oneof![-100_000i128..100_000, -(1i128 << 96) + 1..1i128 << 96],
    ) {
        let money = Money::from_minor(m, c).unwrap();
        prop_assert_eq!(money.to_string(), format!("{} {}", money.amount(), c));
        let written = json::to_string(&money).unwrap();
        let expected = format!("{{\"amount\":\"{}\",", money.amount());
        prop_assert!(written.starts_with(&expected), "{}", written);
        prop_assert_eq!(json::from_str::<Money>(&written).unwrap(), money);
    }

    #[test]
    fn split_parts_sum_exactly_and_differ_by_at_most_one_unit(
        c in currency(), n in 1usize..40,
        m in -1_000_000_000_000_000i128..1_000_000_000_000_000,
    ) {
        let whole = Money::from_minor(m, c).unwrap();
        let parts = whole.split(n).unwrap();
        prop_assert_eq!(parts.len(), n);
        prop_assert_eq!(sum(c, parts.clone()), whole);
        let minors: Vec<i128> = parts.iter().map(Money::minor).collect();
        let (lo, hi) = (minors.iter().min().unwrap(), minors.iter().max().unwrap());
        prop_assert!(hi - lo <= 1);
        // Earlier parts get the extra units (in magnitude).
        prop_assert!(minors.windows(2).all(|w| w[0].abs() >= w[1].abs()));
    }

    #[test]
    fn ratio_splits_sum_exactly_and_stay_near_their_share(
        c in currency(),
        m in -1_000_000_000_000i128..1_000_000_000_000,
        ratios in prop::collection::vec(decimal(1000, 3), 1..12),
    ) {
        let whole = Money::from_minor(m, c).unwrap();
        match whole.allocate(&ratios) {
            Err(e) => prop_assert_eq!(e, Error::InvalidRatios),
            Ok(parts) => {
                prop_assert_eq!(sum(c, parts.clone()), whole);
                let total: Decimal = ratios.iter().sum();
                for (part, ratio) in parts.iter().zip(&ratios) {
                    let exact = Decimal::from(m) * ratio / total;
                    let diff = (Decimal::from(part.minor()) - exact).abs();
                    prop_assert!(diff < Decimal::ONE, "part {} exact {}", part.minor(), exact);
                }
            }
        }
    }

    #[test]
    fn money_arithmetic_and_text_round_trip(c in currency(), a in money(Currency::iso("USD").unwrap()), b_minor in -1_000_000i64..1_000_000) {
        let a = Money::from_minor(a.minor(), c).unwrap();
        let b = Money::from_minor(i128::from(b_minor), c).unwrap();
        prop_assert_eq!(a.checked_add(b).unwrap().checked_sub(b).unwrap(), a);
        prop_assert_eq!(a.amount().scale(), c.minor_units());
        prop_assert_eq!(Money::parse(&a.amount().to_string(), c).unwrap(), a);
        let text = json::to_string(&a).unwrap();
        prop_assert_eq!(json::from_str::<Money>(&text).unwrap(), a);
    }

    #[test]
    fn totals_identities_hold_under_every_policy(inv in invoice(), policy in policy()) {
        let c = inv.currency();
        let totals = match inv.totals(policy) {
            Ok(t) => t,
            Err(e) => {
                // A random amount discount may exceed its line; nothing else fails.
                prop_assert_eq!(e.code(), "discount_exceeds_amount");
                return Ok(());
            }
        };
        // Every amount at the currency's scale, none negative.
        for m in all_money(&totals) {
            prop_assert_eq!(m.currency(), c);
            prop_assert_eq!(m.amount().scale(), c.minor_units());
            prop_assert!(!m.is_negative(), "negative amount {m}");
        }
        prop_assert_eq!(totals.total, totals.net.checked_add(totals.tax).unwrap());
        prop_assert_eq!(
            totals.total,
            totals.subtotal.checked_sub(totals.discount).unwrap().checked_add(totals.exclusive_tax()).unwrap()
        );
        prop_assert_eq!(sum(c, totals.taxes.iter().map(|t| t.amount)), totals.tax);
        prop_assert_eq!(totals.tax, totals.exclusive_tax().checked_add(totals.inclusive_tax()).unwrap());
        prop_assert_eq!(sum(c, totals.lines.iter().map(|l| l.total)), totals.total);
        prop_assert_eq!(sum(c, totals.lines.iter().map(|l| l.amount)), totals.subtotal);
        prop_assert_eq!(sum(c, totals.lines.iter().map(|l| l.discount)), totals.discount);
        for (l, line) in totals.lines.iter().zip(inv.lines()) {
            prop_assert_eq!(l.total, l.net.checked_add(l.tax).unwrap());
            prop_assert_eq!(sum(c, l.taxes.iter().copied()), l.tax);
            let gross = l.amount.checked_sub(l.discount).unwrap();
            if line.taxes.first().is_some_and(|t| t.inclusive) {
                // Inclusive tax splits the gross exactly into net + tax.
                prop_assert_eq!(l.total, gross);
            } else {
                prop_assert_eq!(l.net, gross);
            }
        }
        // Per invoice, each rate's exact tax over all lines is rounded once
        // (inclusive tax may only be lower, never above the gross).
        if policy.tax == TaxRounding::PerInvoice {
            for rate_total in &totals.taxes {
                let mut exact = Decimal::ZERO;
                for (l, line) in totals.lines.iter().zip(inv.lines()) {
                    if let Some(rate) = line.taxes.iter().find(|t| t.id == rate_total.rate.id) {
                        let rates: Decimal = line.taxes.iter().map(|t| t.percent).sum();
                        let base = if rate.inclusive { Decimal::ONE_HUNDRED + rates } else { Decimal::ONE_HUNDRED };
                        exact += Decimal::from(l.amount.minor() - l.discount.minor()) * rate.percent / base;
                    }
                }
                let expected = policy.mode.round(exact, 0);
                let got = Decimal::from(rate_total.amount.minor());
                if rate_total.rate.inclusive {
                    prop_assert!(got <= expected, "{} > {}", got, expected);
                } else {
                    prop_assert_eq!(got, expected);
                }
            }
        }
        // Per line, rounding each rate moves the tax by less than one unit per rate.
        if policy.tax == TaxRounding::PerLine {
            for (l, line) in totals.lines.iter().zip(inv.lines()) {
                let rates: Decimal = line.taxes.iter().map(|t| t.percent).sum();
                let gross = Decimal::from(l.amount.minor() - l.discount.minor());
                let exact = if line.taxes.first().is_some_and(|t| t.inclusive) {
                    gross * rates / (Decimal::ONE_HUNDRED + rates)
                } else {
                    gross * rates / Decimal::ONE_HUNDRED
                };
                let slack = Decimal::from(line.taxes.len().max(1));
                prop_assert!((Decimal::from(l.tax.minor()) - exact).abs() <= slack);
            }
        }
    }

    #[test]
    fn invoices_and_totals_round_trip_through_json_exactly(inv in invoice(), policy in policy()) {
        let text = json::to_document(&inv).unwrap();
        let back: Invoice = json::from_document(&text).unwrap();
        prop_assert_eq!(&back, &inv);
        prop_assert_eq!(json::to_document(&back).unwrap(), text);
        if let Ok(totals) = inv.totals(policy) {
            let text = json::to_string(&totals).unwrap();
            let back: Totals = json::from_str(&text).unwrap();
            prop_assert_eq!(json::to_string(&back).unwrap(), text);
            prop_assert_eq!(back, totals);
        }
        let policy_text = json::to_string(&policy).unwrap();
        prop_assert_eq!(json::from_str::<RoundingPolicy>(&policy_text).unwrap(), policy);
    }
}
