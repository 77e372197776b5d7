//! Currencies (core `currency.rs`). A currency crosses as its code; this
//! record describes one.

use billing_core::Currency;

/// A currency's code and minor units.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct CurrencyInfo {
    /// The code, such as `"USD"`.
    pub code: String,
    /// Decimal places (2 for USD, 0 for JPY, 3 for KWD).
    pub minor_units: u32,
    /// Whether it is an ISO 4217 currency (else a custom one).
    pub iso: bool,
}

impl From<Currency> for CurrencyInfo {
    fn from(currency: Currency) -> CurrencyInfo {
        CurrencyInfo {
            code: currency.code().to_owned(),
            minor_units: currency.minor_units(),
            iso: currency.is_iso(),
        }
    }
}
