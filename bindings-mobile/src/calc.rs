//! Calculations that need no account (core `api::calc`): money parsing,
//! rounding, splits, currencies, invoice totals, cycle dates, card checks.
//! Kotlin and Swift: top-level functions (`parseMoney("1.5", "USD")`).
//!
//! Currencies here are ISO 4217 codes; for a custom currency use the
//! generic [`calc`] with `{"code", "minor_units"}`.

use billing_core::api::{self, Calc};
use billing_core::{Currency, ERROR_CODES, Error, Money, json};

use crate::currency::CurrencyInfo;
use crate::errors::Result;
use crate::invoice::Invoice;
use crate::rounding::{RoundingMode, RoundingPolicy};
use crate::series::CycleUnit;
use crate::totals::Totals;
use crate::values::{amount as text, date, decimal};

/// An amount at a currency's scale: `parseMoney("1.5", "USD") == "1.50"`.
///
/// # Errors
/// `invalid_decimal` (`"12,50"`, `"1e3"`, `""`), `scale_exceeded`
/// (`"1.005"` USD), `unknown_currency`.
#[uniffi::export]
pub fn parse_money(amount: String, currency: String) -> Result<String> {
    Ok(text(Money::parse(&amount, Currency::iso(&currency)?)?))
}

/// An amount rounded to a currency's scale (default: half up).
///
/// # Errors
/// `invalid_decimal`, `unknown_currency`, `overflow`.
#[uniffi::export(default(mode = None))]
pub fn round_money(amount: String, currency: String, mode: Option<RoundingMode>) -> Result<String> {
    let mode = mode.map_or_else(billing_core::RoundingMode::default, Into::into);
    Ok(text(Money::rounded(
        decimal(&amount)?,
        Currency::iso(&currency)?,
        mode,
    )?))
}

/// An amount split into `parts` equal parts that sum to it exactly
/// (earlier parts get the extra minor units).
///
/// # Errors
/// `invalid_decimal`, `scale_exceeded`, `unknown_currency`, `no_parts`,
/// `too_many_parts` (over 100,000).
#[uniffi::export]
pub fn split_money(amount: String, currency: String, parts: u32) -> Result<Vec<String>> {
    let parts = usize::try_from(parts).map_err(|_| Error::Overflow)?;
    let money = Money::parse(&amount, Currency::iso(&currency)?)?;
    Ok(money.split(parts)?.into_iter().map(text).collect())
}

/// An amount split by ratios (decimal strings) into parts that sum to it.
///
/// # Errors
/// `invalid_decimal`, `scale_exceeded`, `unknown_currency`,
/// `invalid_ratios`, `too_many_parts` (over 100,000 ratios).
#[uniffi::export]
pub fn allocate_money(
    amount: String,
    currency: String,
    ratios: Vec<String>,
) -> Result<Vec<String>> {
    let ratios = ratios
        .iter()
        .map(|r| decimal(r))
        .collect::<Result<Vec<_>, _>>()?;
    let money = Money::parse(&amount, Currency::iso(&currency)?)?;
    Ok(money.allocate(&ratios)?.into_iter().map(text).collect())
}

/// An ISO 4217 currency's code and minor units.
///
/// # Errors
/// `unknown_currency` (codes are upper case).
#[uniffi::export]
pub fn currency_info(currency: String) -> Result<CurrencyInfo> {
    Ok(Currency::iso(&currency)?.into())
}

/// An invoice's totals under a rounding policy (default: half up, per
/// line).
///
/// # Errors
/// The document's errors (`invalid_decimal`, `no_lines`, ...).
#[uniffi::export(default(policy = None))]
pub fn invoice_totals(invoice: Invoice, policy: Option<RoundingPolicy>) -> Result<Totals> {
    let invoice = invoice.to_core(Currency::iso)?;
    let policy = policy.map_or_else(billing_core::RoundingPolicy::default, Into::into);
    Ok(invoice.totals(policy)?.into())
}

/// The start dates of cycles `first` .. `first + count − 1` of a billing
/// cycle (`YYYY-MM-DD` each).
///
/// # Errors
/// `invalid_cycle`, `invalid_date`, `date_out_of_range` (a date past the
/// year 9999 or before 0000).
#[uniffi::export]
pub fn cycle_dates(
    every: u32,
    unit: CycleUnit,
    anchor: String,
    first: i64,
    count: u16,
) -> Result<Vec<String>> {
    let request = Calc::Cycle {
        every,
        unit: unit.into(),
        anchor: date(&anchor)?,
        first,
        count,
    };
    Ok(json::from_str(&api::calc(&request)?)?)
}

/// Checks that a text holds no card data (a full card number or a
/// security code).
///
/// # Errors
/// `card_data_refused` (InvalidInput); the text is never echoed.
#[uniffi::export]
pub fn check_card_data(text: String) -> Result<()> {
    Ok(billing_core::refuse_card_data("text", &text)?)
}

/// Whether a card expiring `month`/`year` is expired on `asOf` (valid
/// through the last day of its month).
///
/// # Errors
/// `invalid_payment_method` for a month outside 1 to 12 or a year outside
/// 1000 to 9999 (written in full: 2028, not 28); `invalid_date`.
#[uniffi::export]
pub fn card_expired(month: u32, year: i32, as_of: String) -> Result<bool> {
    let request = Calc::Expiry {
        month,
        year,
        as_of: date(&as_of)?,
    };
    Ok(json::from_str(&api::calc(&request)?)?)
}

/// Answers a calculation request in its JSON form
/// (`{"split": {"amount": "10.00", "currency": "USD", "parts": 3}}`,
/// `docs/json-format.md`) with JSON text in the answer form.
///
/// # Errors
/// `invalid_json` for an unknown request; the calculation's error.
#[uniffi::export]
pub fn calc(request_json: String) -> Result<String> {
    Ok(api::calc(&json::from_str::<Calc>(&request_json)?)?)
}

/// Every error code of the core, in declaration order.
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    ERROR_CODES.iter().map(|code| (*code).to_owned()).collect()
}
