//! Currencies: ISO 4217 (from the `iso_currency` table) and custom ones.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// The longest code a currency may have, in ASCII characters.
pub const MAX_CODE_LEN: usize = 12;

/// The most minor units (decimal places) a currency may have.
///
/// Eighteen covers every fiat currency (ISO 4217 goes up to four) and
/// fine-grained internal units such as usage credits.
pub const MAX_MINOR_UNITS: u32 = 18;

/// A currency: a code and its number of minor units (decimal places).
///
/// Two kinds exist:
/// - ISO 4217 currencies, looked up by code in a maintained table
///   (`iso_currency`): `USD` has 2 minor units, `JPY` 0, `KWD` 3.
///   Codes without minor units in ISO 4217 (`XAU`, `XXX`, ...) are not
///   usable for billing and are refused.
/// - Custom currencies for internal credits, points or tokens, with an
///   explicit number of minor units. Their code may not be an ISO code.
///
/// Two currencies are the same only if code and minor units are the same.
/// A `Currency` is small and `Copy`.
///
/// # Example
/// ```
/// use billing_core::Currency;
///
/// let usd: Currency = "USD".parse()?;
/// assert_eq!(usd.minor_units(), 2);
/// assert_eq!(Currency::iso("JPY")?.minor_units(), 0);
///
/// let points = Currency::custom("POINTS", 0)?;
/// assert!(!points.is_iso());
///
/// assert_eq!(Currency::iso("usd").unwrap_err().code(), "unknown_currency");
/// # Ok::<(), billing_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: [u8; MAX_CODE_LEN],
    len: u8,
    minor_units: u8,
    iso: bool,
}

/// The most traded currencies, looked up before the whole ISO table:
/// `iso_currency`'s `from_code` compares a code with each of about 180 in
/// alphabetical order (`USD` near the end), which was 15% of decoding a
/// history, where every amount names its currency. (Their codes are
/// written out: `Currency::code` would bring the crate's whole code table
/// into the WebAssembly module.)
const MOST_USED: [(&str, iso_currency::Currency); 8] = {
    use iso_currency::Currency::*;
    [
        ("USD", USD),
        ("EUR", EUR),
        ("JPY", JPY),
        ("GBP", GBP),
        ("CNY", CNY),
        ("AUD", AUD),
        ("CAD", CAD),
        ("CHF", CHF),
    ]
};

/// The ISO 4217 table's entry for a code.
fn iso_entry(code: &str) -> Option<iso_currency::Currency> {
    MOST_USED
        .into_iter()
        .find_map(|(c, entry)| (c == code).then_some(entry))
        .or_else(|| iso_currency::Currency::from_code(code))
}

impl Currency {
    /// Looks up an ISO 4217 currency by its three-letter code (upper case).
    ///
    /// # Errors
    /// [`Error::UnknownCurrency`] if the code is not in ISO 4217, is not
    /// upper case, or names a unit without minor units (such as `XAU`).
    pub fn iso(code: &str) -> Result<Self, Error> {
        let exponent = iso_entry(code)
            .and_then(|c| c.exponent())
            .ok_or(Error::UnknownCurrency)?;
        let minor_units = u8::try_from(exponent).map_err(|_| Error::UnknownCurrency)?;
        Self::from_parts(code, minor_units, true)
    }

    /// Defines a custom currency (internal credits, points, tokens).
    ///
    /// The code is 1 to 12 characters: an upper-case ASCII letter, then
    /// upper-case letters, digits, `_` or `-`.
    ///
    /// # Errors
    /// - [`Error::InvalidCurrencyCode`] if the code breaks those rules or is
    ///   an ISO 4217 code (use [`Currency::iso`] for those).
    /// - [`Error::InvalidMinorUnits`] if `minor_units` is over
    ///   [`MAX_MINOR_UNITS`].
    ///
    /// # Example
    /// ```
    /// use billing_core::Currency;
    ///
    /// let credits = Currency::custom("CREDITS", 4)?;
    /// assert_eq!((credits.code(), credits.minor_units()), ("CREDITS", 4));
    /// assert_eq!(Currency::custom("EUR", 2).unwrap_err().code(), "invalid_currency_code");
    /// # Ok::<(), billing_core::Error>(())
    /// ```
    pub fn custom(code: &str, minor_units: u32) -> Result<Self, Error> {
        let valid_chars = code.bytes().enumerate().all(|(i, b)| {
            b.is_ascii_uppercase() || (i > 0 && (b.is_ascii_digit() || b == b'_' || b == b'-'))
        });
        if code.is_empty() || code.len() > MAX_CODE_LEN || !valid_chars {
            return Err(Error::InvalidCurrencyCode);
        }
        if iso_entry(code).is_some() {
            return Err(Error::InvalidCurrencyCode);
        }
        let minor_units = u8::try_from(minor_units)
            .ok()
            .filter(|m| u32::from(*m) <= MAX_MINOR_UNITS)
            .ok_or(Error::InvalidMinorUnits {
                max: MAX_MINOR_UNITS,
            })?;
        Self::from_parts(code, minor_units, false)
    }

    fn from_parts(code: &str, minor_units: u8, iso: bool) -> Result<Self, Error> {
        let mut bytes = [0u8; MAX_CODE_LEN];
        bytes
            .get_mut(..code.len())
            .ok_or(Error::InvalidCurrencyCode)?
            .copy_from_slice(code.as_bytes());
        let len = u8::try_from(code.len()).map_err(|_| Error::InvalidCurrencyCode)?;
        Ok(Currency {
            code: bytes,
            len,
            minor_units,
            iso,
        })
    }

    /// The currency code, such as `"USD"` or `"CREDITS"`.
    pub fn code(&self) -> &str {
        let bytes = self.code.get(..usize::from(self.len)).unwrap_or_default();
        // Only ASCII bytes are ever stored, so this cannot fail.
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// The number of minor units (decimal places): 2 for USD, 0 for JPY.
    pub fn minor_units(&self) -> u32 {
        u32::from(self.minor_units)
    }

    /// Whether this is an ISO 4217 currency (as opposed to a custom one).
    pub fn is_iso(&self) -> bool {
        self.iso
    }
}

impl FromStr for Currency {
    type Err = Error;

    /// Parses an ISO 4217 code; see [`Currency::iso`].
    fn from_str(s: &str) -> Result<Self, Error> {
        Currency::iso(s)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.iso {
            write!(f, "Currency({})", self.code())
        } else {
            write!(f, "Currency({}, custom/{})", self.code(), self.minor_units)
        }
    }
}

/// JSON form: an ISO currency is its code (`"USD"`); a custom currency is
/// an object `{"code": "CREDITS", "minor_units": 4}`.
#[derive(Serialize)]
#[serde(untagged)]
enum CurrencyForm<'a> {
    Iso(&'a str),
    Custom { code: &'a str, minor_units: u32 },
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A currency named by its code alone (not looked up yet) is written
        // as it was read.
        if self.iso || self.is_named() {
            CurrencyForm::Iso(self.code()).serialize(serializer)
        } else {
            CurrencyForm::Custom {
                code: self.code(),
                minor_units: self.minor_units(),
            }
            .serialize(serializer)
        }
    }
}

/// Minor units of a currency named by its code alone, not yet looked up in
/// an account (see [`code_or_currency`]); no real currency has this many.
const NAMED: u8 = u8::MAX;

impl Currency {
    /// A custom currency named by its code alone, to be looked up in the
    /// account an operation runs on ([`Currency::is_named`]).
    fn named(code: &str) -> Result<Currency, Error> {
        let custom = Currency::custom(code, 0).map_err(|_| Error::UnknownCurrency)?;
        Ok(Currency {
            minor_units: NAMED,
            ..custom
        })
    }

    /// Whether this is a custom currency named by its code alone in an
    /// operation's JSON form, which the account resolves when the
    /// operation runs.
    pub(crate) fn is_named(&self) -> bool {
        self.minor_units == NAMED
    }
}

/// Reads either form with one visitor (an untagged derive would buffer the
/// value first). `named`: a code that is not ISO 4217 names a custom
/// currency (see [`code_or_currency`]).
struct CurrencyVisitor {
    named: bool,
}

/// Reads a currency where an account will resolve it: an ISO code, a
/// custom currency's object, or a custom currency's code alone (refused
/// with `unknown_currency` when the operation runs if the account does not
/// use that currency).
pub(crate) fn code_or_currency<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Currency, D::Error> {
    deserializer.deserialize_any(CurrencyVisitor { named: true })
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CurrencyVisitor { named: false })
    }
}

impl<'de> Visitor<'de> for CurrencyVisitor {
    type Value = Currency;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // No quotes: `json::decode_error` removes quoted text.
        f.write_str("a currency code such as USD, or an object with code and minor_units")
    }
    fn visit_str<E: de::Error>(self, code: &str) -> Result<Currency, E> {
        match Currency::iso(code) {
            Err(_) if self.named => Currency::named(code),
            iso => iso,
        }
        .map_err(crate::json::de_error)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Currency, A::Error> {
        #[derive(Deserialize)]
        #[serde(field_identifier, rename_all = "snake_case")]
        enum Field {
            Code,
            MinorUnits,
        }
        let (mut code, mut minor_units): (Option<String>, Option<u32>) = (None, None);
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Code if code.is_none() => code = Some(map.next_value()?),
                Field::MinorUnits if minor_units.is_none() => {
                    minor_units = Some(map.next_value()?);
                }
                Field::Code => return Err(de::Error::duplicate_field("code")),
                Field::MinorUnits => return Err(de::Error::duplicate_field("minor_units")),
            }
        }
        let code = code.ok_or_else(|| de::Error::missing_field("code"))?;
        let minor_units = minor_units.ok_or_else(|| de::Error::missing_field("minor_units"))?;
        Currency::custom(&code, minor_units).map_err(crate::json::de_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_minor_units_come_from_the_table() {
        for (code, units) in [("USD", 2), ("EUR", 2), ("JPY", 0), ("KWD", 3), ("CLF", 4)] {
            assert_eq!(Currency::iso(code).unwrap().minor_units(), units, "{code}");
        }
    }

    #[test]
    fn the_most_used_currencies_are_the_tables_own() {
        for (code, entry) in MOST_USED {
            assert_eq!(entry.code(), code);
            assert_eq!(iso_entry(code), iso_currency::Currency::from_code(code));
            let units = entry.exponent().map(u32::from);
            assert_eq!(Currency::iso(code).ok().map(|c| c.minor_units()), units);
            assert_eq!(Currency::custom(code, 2), Err(Error::InvalidCurrencyCode));
        }
    }

    #[test]
    fn codes_without_minor_units_are_refused() {
        for code in ["XAU", "XXX", "XDR", "", "US", "USDX", "usd"] {
            assert_eq!(Currency::iso(code), Err(Error::UnknownCurrency), "{code}");
        }
    }

    #[test]
    fn custom_codes_are_checked() {
        assert!(Currency::custom("POINTS", 0).is_ok());
        assert!(Currency::custom("GPU-HOURS_2", 6).is_ok());
        for bad in [
            "",
            "points",
            "1ABC",
            "-A",
            "ABCDEFGHIJKLM",
            "USD",
            "A B",
            "ÉCU",
        ] {
            assert_eq!(
                Currency::custom(bad, 2),
                Err(Error::InvalidCurrencyCode),
                "{bad}"
            );
        }
        assert_eq!(
            Currency::custom("POINTS", 19),
            Err(Error::InvalidMinorUnits { max: 18 })
        );
    }

    #[test]
    fn same_code_with_other_minor_units_is_another_currency() {
        assert_ne!(
            Currency::custom("PTS", 0).unwrap(),
            Currency::custom("PTS", 2).unwrap()
        );
    }

    #[test]
    fn json_forms() {
        let usd = Currency::iso("USD").unwrap();
        let pts = Currency::custom("PTS", 3).unwrap();
        assert_eq!(serde_json::to_string(&usd).unwrap(), r#""USD""#);
        assert_eq!(
            serde_json::to_string(&pts).unwrap(),
            r#"{"code":"PTS","minor_units":3}"#
        );
        for c in [usd, pts] {
            let back: Currency = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
            assert_eq!(back, c);
        }
        assert_eq!(
            crate::json::from_str::<Currency>(r#""U\u0053X""#),
            Err(Error::UnknownCurrency)
        );
    }
}
