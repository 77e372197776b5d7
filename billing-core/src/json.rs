//! JSON: the stable, versioned form of documents, with typed decode errors.
//!
//! Every public value type has a serde form that is part of the stable
//! format (amounts as strings at currency scale, dates as ISO 8601
//! `YYYY-MM-DD`, enums in `snake_case`). Top-level documents that are
//! stored or sent between systems are wrapped in an envelope naming their
//! kind and format version:
//!
//! ```json
//! {"format": "billing-core/invoice", "version": 1, "data": { ... }}
//! ```
//!
//! A reader refuses other kinds and newer versions with
//! [`Error::UnsupportedFormat`]; within a version, fields are only ever
//! added as optional. See `docs/json-format.md` for every form.
//!
//! Decoding keeps domain errors typed: text that is JSON but holds, say, an
//! amount with too many decimals fails with [`Error::ScaleExceeded`], not
//! with a generic parse error.

use serde::de::{DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Error;

/// The version of the JSON format this library writes and the newest it
/// reads.
pub const FORMAT_VERSION: u32 = 1;

/// A top-level document with a versioned JSON envelope.
pub trait Document: Serialize + DeserializeOwned {
    /// The document kind written in the envelope, such as
    /// `"billing-core/invoice"`.
    const KIND: &'static str;
}

/// Encodes a value in its plain JSON form (no envelope).
///
/// # Errors
/// [`Error::InvalidJson`] if the value cannot be encoded (no type of this
/// crate fails to encode).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| decode_error(&e.to_string()))
}

/// Decodes a value from its plain JSON form (no envelope).
///
/// # Errors
/// The domain error of a bad value (such as [`Error::UnknownCurrency`]), or
/// [`Error::InvalidJson`] for syntax errors, missing or unknown fields and
/// values of the wrong JSON type.
///
/// # Example
/// ```
/// use billing_core::{json, Money};
///
/// let m: Money = json::from_str(r#"{"amount":"10.00","currency":"USD"}"#)?;
/// assert_eq!(m.to_string(), "10.00 USD");
/// let err = json::from_str::<Money>(r#"{"amount":"10.00","currency":"XYZ"}"#).unwrap_err();
/// assert_eq!(err.code(), "unknown_currency");
/// # Ok::<(), billing_core::Error>(())
/// ```
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| decode_error(&e.to_string()))
}

/// Encodes a document in its versioned envelope.
///
/// # Errors
/// As [`to_string`].
pub fn to_document<T: Document>(value: &T) -> Result<String, Error> {
    to_string(&Envelope {
        format: T::KIND.to_owned(),
        version: FORMAT_VERSION,
        data: value,
    })
}

/// Decodes a document from its versioned envelope.
///
/// # Errors
/// [`Error::UnsupportedFormat`] if the envelope names another kind or a
/// newer version; otherwise as [`from_str`].
///
/// # Example
/// ```
/// use billing_core::{json, Invoice};
///
/// let err = json::from_document::<Invoice>(r#"{"format":"billing-core/invoice","version":99,"data":{}}"#)
///     .unwrap_err();
/// assert_eq!(err.code(), "unsupported_format");
/// ```
pub fn from_document<T: Document>(text: &str) -> Result<T, Error> {
    let unsupported = || Error::UnsupportedFormat {
        expected: T::KIND.to_owned(),
        supported: FORMAT_VERSION,
    };
    let header_ok = |h: &Header| h.format == T::KIND && (1..=FORMAT_VERSION).contains(&h.version);
    match serde_json::from_str::<Envelope<T>>(text) {
        Ok(envelope) if header_ok(&Header::of(&envelope)) => Ok(envelope.data),
        Ok(_) => Err(unsupported()),
        Err(err) => match serde_json::from_str::<Header>(text) {
            Ok(header) if !header_ok(&header) => Err(unsupported()),
            _ => Err(decode_error(&err.to_string())),
        },
    }
}

#[derive(Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a billing-core document: an object with format, version and data"
)]
struct Envelope<T> {
    format: String,
    version: u32,
    data: T,
}

// Read only to tell an unsupported document from a bad one; its own
// decode error is never shown (the envelope's is).
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

impl Header {
    fn of<T>(envelope: &Envelope<T>) -> Header {
        Header {
            format: envelope.format.clone(),
            version: envelope.version,
        }
    }
}

/// Marks the number of a carried error inside a serde error message.
const MARK: char = '\u{1}';

thread_local! {
    /// The domain error of the last [`de_error`] on this thread, with its
    /// number. Serde's errors carry only a message, so the typed error
    /// travels beside it and [`decode_error`] picks it up when the message
    /// names its number. (Decoding and reading the error happen on one
    /// thread, one after the other.)
    static CARRIED: std::cell::RefCell<(u64, Option<Error>)> =
        const { std::cell::RefCell::new((0, None)) };
}

/// Wraps a domain error so that it survives serde (which only keeps
/// messages) and is recovered by [`decode_error`].
pub(crate) fn de_error<E: serde::de::Error>(err: Error) -> E {
    let number = CARRIED.with(|carried| {
        let mut carried = carried.borrow_mut();
        let number = carried.0.wrapping_add(1);
        *carried = (number, Some(err.clone()));
        number
    });
    E::custom(format_args!("{err} {MARK}{number}{MARK}"))
}

/// Turns the message of a failed decode into an [`Error`]: the domain error
/// it carries, if any, else [`Error::InvalidJson`] with the message, the
/// contents of any quoted strings removed.
///
/// Bindings that decode with serde_json themselves pass its message here so
/// their errors are typed the same way (on the thread that decoded).
pub fn decode_error(message: &str) -> Error {
    let mut pieces = message.split(MARK);
    if let (Some(_), Some(number)) = (pieces.next(), pieces.next())
        && let Ok(number) = number.parse::<u64>()
        && let Some(err) = CARRIED.with(|carried| {
            let mut carried = carried.borrow_mut();
            if carried.0 == number {
                carried.1.take()
            } else {
                None
            }
        })
    {
        return err;
    }
    // Not carried here (decoded on another thread): the message alone.
    let unmarked: String = message
        .split(MARK)
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, piece)| piece)
        .collect();
    Error::InvalidJson {
        message: without_string_contents(unmarked.trim_end()),
    }
}

/// Replaces the contents of `"..."` in a message by `…`, so input values
/// (which could be anything a user typed) are never echoed.
fn without_string_contents(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '"' {
            if inside {
                out.push('…');
            }
            inside = !inside;
            out.push(c);
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// Reads a string field with `parse`; a number is refused with
/// `number_error`. Used by every decimal and date field.
pub(crate) fn parse_text<'de, D, T>(
    deserializer: D,
    number_error: Error,
    parse: fn(&str) -> Result<T, Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let text = Text::deserialize(deserializer)?;
    text.as_str(number_error).and_then(parse).map_err(de_error)
}

/// As [`parse_text`], for optional fields (`null` or absent is `None`).
pub(crate) fn parse_text_option<'de, D, T>(
    deserializer: D,
    number_error: Error,
    parse: fn(&str) -> Result<T, Error>,
) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    Option::<Text>::deserialize(deserializer)?
        .map(|text| {
            text.as_str(number_error.clone())
                .and_then(parse)
                .map_err(de_error)
        })
        .transpose()
}

/// A JSON string, borrowed from the input when possible; or a number,
/// which every decimal and date field refuses with its own typed error
/// (most JSON readers turn numbers into binary floats).
pub(crate) enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
    Number,
}

impl Text<'_> {
    /// The string, or `number_error` if a number was given.
    pub(crate) fn as_str(&self, number_error: Error) -> Result<&str, Error> {
        match self {
            Text::Borrowed(s) => Ok(s),
            Text::Owned(s) => Ok(s),
            Text::Number => Err(number_error),
        }
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                // No quotes: `json::decode_error` removes quoted text.
                f.write_str("a string (a decimal such as 150.00, or a date such as 2026-01-31)")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(Text::Borrowed(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text::Owned(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text::Owned(v))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Text::Number)
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Text::Number)
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Text::Number)
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Money;

    #[test]
    fn string_contents_are_not_echoed() {
        let err =
            from_str::<Money>(r#"{"amount":"4111111111111111x","currency":"USD"}"#).unwrap_err();
        assert_eq!(err, Error::InvalidDecimal);
        let err =
            from_str::<Money>(r#"{"amount":["4111111111111111"],"currency":"USD"}"#).unwrap_err();
        let Error::InvalidJson { message } = err else {
            panic!("expected invalid_json")
        };
        assert!(!message.contains("4111"), "{message}");
        assert_eq!(
            without_string_contents(r#"invalid type: string "secret", expected x"#),
            r#"invalid type: string "…", expected x"#
        );
    }

    #[test]
    fn numbers_for_money_are_refused_as_floats() {
        for number in ["150.5", "150", "-1", "1e3"] {
            let text = format!(r#"{{"amount":{number},"currency":"USD"}}"#);
            assert_eq!(
                from_str::<Money>(&text),
                Err(Error::FloatRefused),
                "{number}"
            );
        }
        let err = from_str::<Money>(r#"{"amount":true,"currency":"USD"}"#).unwrap_err();
        assert_eq!(err.code(), "invalid_json");
    }

    #[test]
    fn what_was_expected_survives_the_removal_of_quoted_text() {
        let message = |text: &str| from_str::<Money>(text).unwrap_err().to_string();
        let amount = message(r#"{"amount":true,"currency":"USD"}"#);
        assert!(
            amount.contains("expected a string (a decimal such as 150.00, or a date such as"),
            "{amount}"
        );
        let currency = message(r#"{"amount":"1.00","currency":7}"#);
        assert!(
            currency.contains("expected a currency code such as USD, or an object with code and"),
            "{currency}"
        );
        let err = from_str::<crate::Operation>("[1]").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected an object with the field `op`"),
            "{err}"
        );
    }

    #[test]
    fn no_rust_type_name_reaches_a_user() {
        use crate::{
            Account, AccountSettings, AllocationRequest, BillingPeriod, CardExpiry, Cycle, Entry,
            Invoice, Line, PaymentMethod, RoundingPolicy, Series, ServicePeriod, TaxRate,
        };
        fn refused<T: DeserializeOwned>() -> String {
            from_str::<T>("1")
                .map(|_| String::new())
                .unwrap_or_else(|e| e.to_string())
        }
        // Each object form says what it is, and what it holds.
        for (message, expected) in [
            (refused::<Money>(), "an amount of money: an object"),
            (refused::<Invoice>(), "an invoice: an object with id, kind"),
            (refused::<Line>(), "an invoice line: an object with"),
            (refused::<TaxRate>(), "a tax rate: an object with id"),
            (refused::<ServicePeriod>(), "a service period: an object"),
            (refused::<AllocationRequest>(), "an allocation: an object"),
            (refused::<AccountSettings>(), "account settings: an object"),
            (refused::<RoundingPolicy>(), "a rounding policy: an object"),
            (refused::<Series>(), "a billing series: an object"),
            (refused::<BillingPeriod>(), "a billing period: an object"),
            (refused::<Cycle>(), "a billing cycle: an object"),
            (refused::<CardExpiry>(), "a card expiry: an object"),
            (refused::<PaymentMethod>(), "a payment method: an object"),
            (refused::<Entry>(), "a history entry: an object"),
            (refused::<Account>(), "an account: an object with id"),
        ] {
            assert!(message.contains(expected), "{message}");
            assert!(!message.contains("struct"), "{message}");
        }
        let err = from_document::<Account>("1").unwrap_err();
        assert!(
            err.to_string().contains("expected a billing-core document"),
            "{err}"
        );
    }

    #[test]
    fn a_one_field_object_of_the_wrong_shape_says_what_it_takes() {
        use crate::{Discount, api::Calc};
        let message = |text: &str| from_str::<Calc>(text).unwrap_err().to_string();
        let split = message(r#"{"split": 1}"#);
        assert!(
            split.contains(
                "invalid type: integer `1`, expected an object with the fields amount, currency and parts"
            ),
            "{split}"
        );
        let calculation = "expected a calculation: an object with one field naming it";
        for (text, found) in [
            ("[]", "invalid type: sequence"),
            (r#""split""#, "invalid type: string"),
            ("{}", "invalid value: an empty object"),
            (
                r#"{"card_check": "text", "split": {}}"#,
                "invalid value: an object with a second field",
            ),
        ] {
            let err = message(text);
            assert!(err.contains(found), "{err}");
            assert!(err.contains(calculation), "{err}");
        }
        assert!(message(r#"{"nope": {}}"#).contains("unknown variant `nope`, expected one of"));
        // Arguments are decoded, and a discount written, as before.
        let calc: Calc = from_str(r#"{"card_check": "text"}"#).unwrap();
        assert_eq!(calc, Calc::CardCheck("text".into()));
        let discount: Discount = from_str(r#"{"percent": "10"}"#).unwrap();
        assert_eq!(to_string(&discount).unwrap(), r#"{"percent":"10"}"#);
        let err = from_str::<Discount>("5").unwrap_err().to_string();
        assert!(
            err.contains("expected a discount: an object with amount or percent"),
            "{err}"
        );
    }
}
