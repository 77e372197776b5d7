//! Amounts, dates and currencies from arbitrary text: what parses prints
//! back as the same value; rounding lands within one minor unit; splits and
//! allocations always sum to the whole, and allocations by whole ratios are
//! the exact largest-remainder ones.

use billing_core::{Currency, Money, RoundingMode, parse_date, parse_decimal, refuse_card_data};
use rust_decimal::Decimal;

use crate::{Failure, check, check_eq};

const ISO: [&str; 6] = ["USD", "JPY", "KWD", "EUR", "CLF", "BHD"];

/// The first byte picks a currency (ISO, or custom with 0 to 18 minor
/// units), the second a number of parts; the rest is the text parsed.
///
/// # Errors
/// A parse, rounding or split that breaks its contract.
pub fn parsing(data: &[u8]) -> Result<(), Failure> {
    let (pick, parts, text) = match data {
        [pick, parts, rest @ ..] => (*pick, *parts, String::from_utf8_lossy(rest)),
        _ => return Ok(()),
    };
    let currency = if pick < 128 {
        Currency::iso(ISO[usize::from(pick) % ISO.len()]).unwrap()
    } else {
        Currency::custom("FUZZ", u32::from(pick % 19)).unwrap()
    };
    if let Ok(date) = parse_date(&text) {
        check_eq!(
            date.to_string(),
            text.to_string(),
            "a date prints back as written"
        );
    }
    if let Ok(code) = Currency::iso(&text) {
        check_eq!(code.code(), &*text);
    }
    let _ = Currency::custom(&text, u32::from(parts % 20));
    let _ = refuse_card_data("text", &text);
    let Ok(decimal) = parse_decimal(&text) else {
        check!(
            Money::parse(&text, currency).is_err(),
            "money parsed what a decimal does not"
        );
        return Ok(());
    };
    check_eq!(
        parse_decimal(&decimal.to_string()).ok(),
        Some(decimal),
        "decimal round trip"
    );
    if let Ok(money) = Money::parse(&text, currency) {
        check_eq!(money.amount(), decimal, "money keeps the value");
        check_eq!(Money::from_minor(money.minor(), currency).ok(), Some(money));
        check_eq!(
            Money::parse(&money.amount().to_string(), currency).ok(),
            Some(money)
        );
        splits(money, parts)?;
    }
    for mode in [
        RoundingMode::HalfUp,
        RoundingMode::HalfEven,
        RoundingMode::Down,
        RoundingMode::Up,
    ] {
        let Ok(rounded) = Money::rounded(decimal, currency, mode) else {
            continue;
        };
        let unit = Decimal::new(1, currency.minor_units());
        let off = (rounded.amount() - decimal).abs();
        check!(
            off < unit || off == Decimal::ZERO,
            "{mode:?}: {decimal} -> {rounded} is a unit off"
        );
        if matches!(mode, RoundingMode::HalfUp | RoundingMode::HalfEven) {
            check!(
                off * Decimal::TWO <= unit,
                "{mode:?}: {decimal} -> {rounded} is not nearest"
            );
        }
    }
    Ok(())
}

/// Splits and allocations of `money` sum to it exactly.
fn splits(money: Money, parts: u8) -> Result<(), Failure> {
    let n = usize::from(parts % 12);
    match money.split(n) {
        Ok(pieces) => {
            check_eq!(pieces.len(), n);
            check_eq!(
                Money::sum(money.currency(), pieces.clone()).ok(),
                Some(money),
                "split sum"
            );
            let minors = pieces.iter().map(|p| p.minor());
            if let (Some(low), Some(high)) = (minors.clone().min(), minors.max()) {
                check!(high - low <= 1, "split parts differ by more than a unit");
            }
        }
        Err(_) => check_eq!(n, 0, "only zero parts are refused"),
    }
    let ratios: Vec<Decimal> = (0..n)
        .map(|i| Decimal::from((i * 7 + usize::from(parts)) % 5))
        .collect();
    if let Ok(pieces) = money.allocate(&ratios) {
        check_eq!(
            Money::sum(money.currency(), pieces).ok(),
            Some(money),
            "allocation sum"
        );
    }
    Ok(())
}

/// An allocation by whole ratios is what exact integer arithmetic gives:
/// each part the floor of `total * ratio / sum`, the units still missing
/// one each to the largest remainders, ties to the earlier part. The first
/// eight bytes give the total (below 10^17 minor units), each byte after
/// them a ratio from 1 to 40 (up to twelve parts).
///
/// # Errors
/// An allocation that differs from the exact one.
pub fn exact_splits(data: &[u8]) -> Result<(), Failure> {
    let (Some(head), Some(rest)) = (data.get(..8), data.get(8..)) else {
        return Ok(());
    };
    let mut eight = [0u8; 8];
    eight.copy_from_slice(head);
    let total = i128::from(u64::from_le_bytes(eight) % 100_000_000_000_000_000);
    let ratios: Vec<i128> = rest
        .iter()
        .take(12)
        .map(|b| i128::from(b % 40) + 1)
        .collect();
    if ratios.is_empty() {
        return Ok(());
    }
    let sum: i128 = ratios.iter().sum();
    let mut want: Vec<i128> = ratios.iter().map(|r| total * r / sum).collect();
    let mut order: Vec<usize> = (0..ratios.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(total * ratios[i] % sum));
    let missing = total - want.iter().sum::<i128>();
    for &i in order.iter().take(usize::try_from(missing).unwrap_or(0)) {
        want[i] += 1;
    }
    let usd = Currency::iso("USD").unwrap();
    let decimals: Vec<Decimal> = ratios.iter().map(|&r| Decimal::from(r)).collect();
    let got: Vec<i128> = Money::from_minor(total, usd)
        .and_then(|m| m.allocate(&decimals))
        .map_err(|e| Failure(format!("allocation refused: {e}")))?
        .iter()
        .map(Money::minor)
        .collect();
    check_eq!(got, want, "{total} by {ratios:?}");
    Ok(())
}
