//! Values at the boundary. Amounts and dates cross as strings and are
//! parsed here, inside the exported functions, with the core's parsers: bad
//! text raises the typed exception (`invalid_decimal`, `invalid_date`).

use billing_core::{Currency, Decimal, Error, Money, NaiveDate, parse_date, parse_decimal};

/// A decimal from its text (`"150.00"`).
pub(crate) fn decimal(text: &str) -> Result<Decimal, Error> {
    parse_decimal(text)
}

/// An optional decimal from its text.
pub(crate) fn decimal_opt(text: Option<String>) -> Result<Option<Decimal>, Error> {
    text.as_deref().map(parse_decimal).transpose()
}

/// A date from its text (`"2026-01-31"`).
pub(crate) fn date(text: &str) -> Result<NaiveDate, Error> {
    parse_date(text)
}

/// An optional date from its text.
pub(crate) fn date_opt(text: Option<String>) -> Result<Option<NaiveDate>, Error> {
    text.as_deref().map(parse_date).transpose()
}

/// The operation date: the one given, or today's date in the device's
/// time zone, as Python's `date.today()` and JavaScript's local date give
/// it. The core never reads a clock; the binding does, for callers that
/// leave the date out.
pub(crate) fn date_or_today(text: Option<String>) -> Result<NaiveDate, Error> {
    match text {
        Some(text) => parse_date(&text),
        None => Ok(today()),
    }
}

/// Today's date in the local time zone (UTC where the zone is unknown).
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// An amount as it crosses: its decimal text at the currency's scale.
pub(crate) fn amount(money: Money) -> String {
    money.amount().to_string()
}

/// A date as it crosses: `YYYY-MM-DD`.
pub(crate) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// An optional date as it crosses.
pub(crate) fn date_text_opt(date: Option<NaiveDate>) -> Option<String> {
    date.map(date_text)
}

/// A currency as it crosses: its code.
pub(crate) fn code(currency: Currency) -> String {
    currency.code().to_owned()
}

/// A currency named by code, custom when `minor_units` is given; without
/// them the code is looked up by `known` (an account's currencies, or
/// ISO 4217).
pub(crate) fn currency(
    code: &str,
    minor_units: Option<u32>,
    known: impl Fn(&str) -> Result<Currency, Error>,
) -> Result<Currency, Error> {
    match minor_units {
        Some(minor_units) => Currency::custom(code, minor_units),
        None => known(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_plausible_date() {
        let today = today();
        assert!(today > parse_date("2024-01-01").unwrap());
        assert!(today < parse_date("2200-01-01").unwrap());
    }
}
