//! Table tests for money: parsing, scale checks, rounding and splitting, in
//! zero-decimal (JPY), two-decimal (USD) and three-decimal (KWD) currencies.
//! Rows are strings in, strings out.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    clippy::unwrap_used
)]

use billing_core::{Currency, Error, Money, RoundingMode};
use rust_decimal::Decimal;

fn cur(code: &str) -> Currency {
    Currency::iso(code).unwrap()
}

#[test]
fn parsing_and_scale() {
    // (currency, input, expected display or error code)
    let rows = [
        ("USD", "10", "10.00 USD"),
        ("USD", "10.5", "10.50 USD"),
        ("USD", "10.50", "10.50 USD"),
        ("USD", "10.500", "10.50 USD"),
        ("USD", "10.505", "scale_exceeded"),
        ("USD", "-0.01", "-0.01 USD"),
        ("USD", "-0.00", "0.00 USD"),
        ("USD", "1e2", "invalid_decimal"),
        ("USD", "", "invalid_decimal"),
        ("JPY", "1500", "1500 JPY"),
        ("JPY", "1500.0", "1500 JPY"),
        ("JPY", "1500.5", "scale_exceeded"),
        ("KWD", "1.5", "1.500 KWD"),
        ("KWD", "1.505", "1.505 KWD"),
        ("KWD", "1.5055", "scale_exceeded"),
        (
            "KWD",
            "79228162514264337593543950.335",
            "79228162514264337593543950.335 KWD",
        ),
        ("KWD", "79228162514264337593543950.336", "overflow"),
        (
            "USD",
            "792281625142643375935439503.35",
            "792281625142643375935439503.35 USD",
        ),
        ("USD", "7922816251426433759354395033.5", "overflow"),
    ];
    for (code, input, expected) in rows {
        let got = match Money::parse(input, cur(code)) {
            Ok(m) => m.to_string(),
            Err(e) => e.code().to_owned(),
        };
        assert_eq!(got, expected, "{code} {input:?}");
    }
}

#[test]
fn rounding_modes() {
    // (currency, input, half_up, half_even, down, up)
    let rows = [
        ("USD", "2.345", "2.35", "2.34", "2.34", "2.35"),
        ("USD", "2.355", "2.36", "2.36", "2.35", "2.36"),
        ("USD", "2.3449", "2.34", "2.34", "2.34", "2.35"),
        ("USD", "-2.345", "-2.35", "-2.34", "-2.34", "-2.35"),
        ("USD", "-0.001", "0.00", "0.00", "0.00", "-0.01"),
        ("USD", "2.30", "2.30", "2.30", "2.30", "2.30"),
        ("JPY", "2.5", "3", "2", "2", "3"),
        ("JPY", "3.5", "4", "4", "3", "4"),
        ("JPY", "-2.5", "-3", "-2", "-2", "-3"),
        ("JPY", "0.0001", "0", "0", "0", "1"),
        ("KWD", "1.0005", "1.001", "1.000", "1.000", "1.001"),
        ("KWD", "1.0015", "1.002", "1.002", "1.001", "1.002"),
        ("KWD", "1.00049", "1.000", "1.000", "1.000", "1.001"),
    ];
    let modes = [
        RoundingMode::HalfUp,
        RoundingMode::HalfEven,
        RoundingMode::Down,
        RoundingMode::Up,
    ];
    for (code, input, half_up, half_even, down, up) in rows {
        for (mode, expected) in modes.iter().zip([half_up, half_even, down, up]) {
            let got = Money::parse_rounded(input, cur(code), *mode).unwrap();
            assert_eq!(
                got.amount().to_string(),
                expected,
                "{code} {input} {mode:?}"
            );
        }
    }
}

#[test]
fn multiplication_rounds_once() {
    // (currency, amount, factor, mode, expected)
    let rows = [
        ("USD", "10.00", "0.0725", RoundingMode::HalfUp, "0.73"),
        ("USD", "10.00", "0.0725", RoundingMode::HalfEven, "0.72"),
        ("JPY", "999", "0.1", RoundingMode::HalfUp, "100"),
        ("JPY", "999", "0.1", RoundingMode::Down, "99"),
        ("KWD", "12.345", "0.05", RoundingMode::HalfUp, "0.617"),
        ("KWD", "12.345", "0.05", RoundingMode::Up, "0.618"),
    ];
    for (code, amount, factor, mode, expected) in rows {
        let m = Money::parse(amount, cur(code)).unwrap();
        let got = m.checked_mul(factor.parse().unwrap(), mode).unwrap();
        assert_eq!(
            got.amount().to_string(),
            expected,
            "{code} {amount}×{factor} {mode:?}"
        );
    }
}

#[test]
fn splitting_into_parts() {
    // (currency, amount, parts, expected parts)
    let rows: [(&str, &str, usize, &[&str]); 8] = [
        ("USD", "100.00", 3, &["33.34", "33.33", "33.33"]),
        ("USD", "0.02", 3, &["0.01", "0.01", "0.00"]),
        ("USD", "-100.00", 3, &["-33.34", "-33.33", "-33.33"]),
        ("USD", "0.00", 2, &["0.00", "0.00"]),
        ("JPY", "100", 3, &["34", "33", "33"]),
        ("JPY", "5", 7, &["1", "1", "1", "1", "1", "0", "0"]),
        ("KWD", "1.000", 3, &["0.334", "0.333", "0.333"]),
        ("KWD", "10.001", 4, &["2.501", "2.500", "2.500", "2.500"]),
    ];
    for (code, amount, n, expected) in rows {
        let parts = Money::parse(amount, cur(code)).unwrap().split(n).unwrap();
        let got: Vec<String> = parts.iter().map(|m| m.amount().to_string()).collect();
        assert_eq!(got, expected, "{code} {amount} / {n}");
    }
    assert_eq!(
        Money::parse("1.00", cur("USD")).unwrap().split(0),
        Err(Error::NoParts)
    );
}

#[test]
fn splitting_by_ratios() {
    // (currency, amount, ratios, expected parts)
    let rows: [(&str, &str, &[&str], &[&str]); 7] = [
        (
            "USD",
            "100.00",
            &["1", "1", "1"],
            &["33.34", "33.33", "33.33"],
        ),
        (
            "USD",
            "10.00",
            &["70", "20", "10"],
            &["7.00", "2.00", "1.00"],
        ),
        (
            "USD",
            "0.05",
            &["0.3", "0.3", "0.4"],
            &["0.02", "0.01", "0.02"],
        ),
        ("USD", "1.00", &["0", "1"], &["0.00", "1.00"]),
        ("JPY", "1000", &["1", "2", "3"], &["167", "333", "500"]),
        (
            "KWD",
            "0.010",
            &["1", "1", "1"],
            &["0.004", "0.003", "0.003"],
        ),
        ("KWD", "-0.010", &["2", "1"], &["-0.007", "-0.003"]),
    ];
    for (code, amount, ratios, expected) in rows {
        let ratios: Vec<Decimal> = ratios.iter().map(|r| r.parse().unwrap()).collect();
        let parts = Money::parse(amount, cur(code))
            .unwrap()
            .allocate(&ratios)
            .unwrap();
        let got: Vec<String> = parts.iter().map(|m| m.amount().to_string()).collect();
        assert_eq!(got, expected, "{code} {amount} by {ratios:?}");
    }
    let usd = Money::parse("1.00", cur("USD")).unwrap();
    for bad in [
        vec![],
        vec![Decimal::ZERO],
        vec![Decimal::ONE, Decimal::NEGATIVE_ONE],
    ] {
        assert_eq!(usd.allocate(&bad), Err(Error::InvalidRatios), "{bad:?}");
    }
}

#[test]
fn arithmetic_is_checked() {
    let usd = Money::parse("1.00", cur("USD")).unwrap();
    let jpy = Money::parse("1", cur("JPY")).unwrap();
    assert_eq!(
        usd.checked_add(jpy).unwrap_err().code(),
        "currency_mismatch"
    );
    assert_eq!(
        usd.checked_sub(jpy).unwrap_err().code(),
        "currency_mismatch"
    );
    assert_eq!(
        Money::sum(cur("USD"), [usd, usd, usd]).unwrap().to_string(),
        "3.00 USD"
    );
    assert_eq!(
        Money::sum(cur("USD"), [usd, jpy]).unwrap_err().code(),
        "currency_mismatch"
    );
    let custom = Currency::custom("CREDITS", 4).unwrap();
    assert_eq!(
        Money::parse("0.0001", custom).unwrap().to_string(),
        "0.0001 CREDITS"
    );
    assert_eq!("12.30 EUR".parse::<Money>().unwrap().minor(), 1230);
    assert_eq!(
        "12.30EUR".parse::<Money>().unwrap_err().code(),
        "invalid_decimal"
    );
}
