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
    forget_carried();
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
    forget_carried();
    match serde_json::from_str::<Envelope<T>>(text) {
        Ok(envelope) if header_ok(&Header::of(&envelope)) => Ok(envelope.data),
        Ok(_) => Err(unsupported()),
        Err(err) => match serde_json::from_str::<Header>(text) {
            Ok(header) if !header_ok(&header) => {
                // The data's own error, if it carried one, is not shown.
                forget_carried();
                Err(unsupported())
            }
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

/// Drops the carried error, if any: one a decode did not hand to
/// [`decode_error`] (it recovered, or failed for another reason) must not
/// reach a later decode whose message happens to name its number (a user
/// string can hold the marks).
fn forget_carried() {
    CARRIED.with(|carried| carried.borrow_mut().1 = None);
}

/// Wraps a domain error so that it survives serde (which only keeps
/// messages) and is recovered by [`decode_error`].
pub(crate) fn de_error<E: serde::de::Error>(err: Error) -> E {
    let number = CARRIED.with(|carried| {
        let mut carried = carried.borrow_mut();
        carried.0 = carried.0.wrapping_add(1);
        carried.0
    });
    let message = E::custom(format_args!("{err} {MARK}{number}{MARK}"));
    // Stored after the message is written, so that it is moved, not cloned.
    CARRIED.with(|carried| carried.borrow_mut().1 = Some(err));
    message
}

/// How `invalid_json` messages describe text holding an unpaired UTF-16
/// surrogate (half an emoji), after naming the text: "a string is not
/// valid Unicode (...)". Bindings whose hosts allow such text in their own
/// strings (Python) say it the same way.
pub const NOT_UNICODE: &str = "is not valid Unicode (it holds an unpaired surrogate)";

/// Turns the message of a failed decode into an [`Error`]: the domain error
/// it carries, if any, else [`Error::InvalidJson`] with the message as
/// users read it: no value of the input in it, and no Rust type name.
///
/// Bindings that decode with serde_json themselves pass its message here so
/// their errors are typed the same way (on the thread that decoded).
pub fn decode_error(message: &str) -> Error {
    // Taken whatever the message says: a carried error is read once.
    let (last, carried) = CARRIED.with(|carried| {
        let mut carried = carried.borrow_mut();
        (carried.0, carried.1.take())
    });
    let mut pieces = message.split(MARK);
    if let (Some(_), Some(number)) = (pieces.next(), pieces.next())
        && number.parse::<u64>() == Ok(last)
        && let Some(err) = carried
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
        message: for_users(unmarked.trim_end()),
    }
}

/// A serde message as users read it. Input values, which could be anything
/// a user typed (a card number, say), are never echoed: the contents of
/// `"..."` and the value in ``unknown variant `…` ``, ``unknown field `…` ``,
/// ``integer `…` `` and ``floating point `…` `` become `…`; the names the
/// library defines stay (``missing field `year` ``, ``expected one of
/// `parse`, `round` ``). Rust's integer types read as their range (`expected
/// u16` is `expected a whole number from 0 to 65535`), and an unpaired
/// surrogate is named as such.
///
/// One walk with prefix tests and character searches: substring searches
/// would add their code to the WebAssembly build for little.
fn for_users(message: &str) -> String {
    const ECHOED: [&str; 4] = [
        "unknown variant `",
        "unknown field `",
        "integer `",
        "floating point `",
    ];
    const EXPECTED: &str = "expected ";
    // serde's two names for an unpaired UTF-16 surrogate escape (`\ud800`
    // alone), which JSON from Python or Java can hold.
    const SURROGATE: [&str; 2] = [
        "unexpected end of hex escape",
        "lone leading surrogate in hex escape",
    ];
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        if let Some(string) = rest.strip_prefix('"') {
            // A string: its contents, up to the closing quote (or the end).
            // serde writes it escaped (`\"`, `\\`), so an escaped quote
            // is part of it.
            out.push_str("\"…");
            rest = string.get(string_end(string)..).unwrap_or_default();
            if let Some(after) = rest.strip_prefix('"') {
                out.push('"');
                rest = after;
            }
        } else if let Some((prefix, value)) = ECHOED
            .iter()
            .find_map(|prefix| Some((*prefix, rest.strip_prefix(prefix)?)))
        {
            out.push_str(prefix);
            out.push('…');
            let end = value_end(value, prefix.starts_with("unknown"));
            rest = value.get(end..).unwrap_or_default();
        } else if let Some(after) = SURROGATE.iter().find_map(|words| rest.strip_prefix(words)) {
            out.push_str("a string ");
            out.push_str(NOT_UNICODE);
            rest = after;
        } else if let Some(tail) = rest.strip_prefix(EXPECTED) {
            out.push_str(EXPECTED);
            let (word, after) = tail
                .split_at_checked(tail.find([' ', ',']).unwrap_or(tail.len()))
                .unwrap_or((tail, ""));
            match integer_range(word) {
                Some(range) => {
                    out.push_str("a whole number from ");
                    out.push_str(range);
                }
                None => out.push_str(word),
            }
            rest = after;
        } else {
            out.push(c);
            rest = rest.get(c.len_utf8()..).unwrap_or_default();
        }
    }
    out
}

/// Where a string serde wrote escaped ends: at its first quote that no
/// backslash escapes (or the end of the text).
fn string_end(string: &str) -> usize {
    let mut escaped = false;
    for (at, c) in string.char_indices() {
        match c {
            '"' if !escaped => return at,
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    string.len()
}

/// Where a value [`for_users`] leaves out ends: a name (`name`) where serde
/// goes on after it (`x`, expected ... / `x`, there are no fields), the last
/// such place as the name may hold the same text; a number at the next
/// backtick.
fn value_end(value: &str, name: bool) -> usize {
    let mut backticks = value.match_indices('`').map(|(at, _)| at);
    let end = if name {
        backticks.rfind(|&at| {
            value.get(at..).is_some_and(|after| {
                after.starts_with("`, expected ") || after.starts_with("`, there are no ")
            })
        })
    } else {
        backticks.next()
    };
    end.unwrap_or(value.len())
}

/// The range of a Rust integer type, by its name (written out: formatting
/// 128-bit numbers would add its code to the WebAssembly build).
fn integer_range(name: &str) -> Option<&'static str> {
    const U32: &str = "0 to 4294967295";
    const U64: &str = "0 to 18446744073709551615";
    Some(match name {
        "u8" => "0 to 255",
        "u16" => "0 to 65535",
        "u32" => U32,
        "u64" => U64,
        "usize" if usize::BITS == 32 => U32,
        "usize" => U64,
        "i8" => "-128 to 127",
        "i16" => "-32768 to 32767",
        "i32" => "-2147483648 to 2147483647",
        "i64" => "-9223372036854775808 to 9223372036854775807",
        _ => return None,
    })
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
        .map(|text| text.as_str(number_error).and_then(parse).map_err(de_error))
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
            // Numbers are refused, never read: the value is dropped and
            // the field answers with its typed error (`float_refused`).
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
            for_users(r#"invalid type: string "secret", expected x"#),
            r#"invalid type: string "…", expected x"#
        );
        // Quotes and backslashes inside the string are escaped: the string
        // ends at the first quote no backslash escapes.
        let pay = r#"{"op": "record_payment", "payment": "P", "amount": "1", "currency": "USD", "date": "2026-01-01", "pending": "#;
        for value in [
            r#""a\"4111111111111111\"b""#,
            r#""\\\"4111111111111111""#,
            r#""{\"auto_apply_credit\": 4111111111111111}""#,
        ] {
            let err = from_str::<crate::Operation>(&format!("{pay}{value}}}")).unwrap_err();
            let message = err.to_string();
            assert!(!message.contains("4111"), "{message}");
            assert!(
                message.contains(r#"invalid type: string "…", expected a boolean"#),
                "{message}"
            );
        }
        assert_eq!(
            for_users(r#"string "a\"b\\", then "c" and "d"#),
            r#"string "…", then "…" and "…"#
        );
    }

    #[test]
    fn an_unpaired_surrogate_is_named_as_such() {
        // A leading half alone, a leading half before another character,
        // and a trailing half alone (serde names these three differently).
        for id in [r#""\ud800""#, r#""\ud800\n""#, r#""x\udc00y""#] {
            let text =
                format!(r#"{{"op": "void_invoice", "invoice": {id}, "date": "2026-01-01"}}"#);
            let err = from_str::<crate::Operation>(&text).unwrap_err();
            assert_eq!(err.code(), "invalid_json");
            assert!(
                err.to_string().starts_with(
                    "invalid JSON: a string is not valid Unicode (it holds an unpaired surrogate) at line 1"
                ),
                "{err}"
            );
        }
        // A pair is one character.
        let pair = r#"{"op": "void_invoice", "invoice": "\ud83d\ude00", "date": "2026-01-01"}"#;
        assert!(from_str::<crate::Operation>(pair).is_ok());
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
                "invalid type: integer `…`, expected an object with the fields amount, currency and parts"
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
        assert!(message(r#"{"nope": {}}"#).contains("unknown variant `…`, expected one of"));
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

    #[test]
    fn no_input_value_is_echoed_and_integers_read_as_ranges() {
        let message = |text: &str| from_str::<crate::Operation>(text).unwrap_err().to_string();
        let pay = r#"{"op": "record_payment", "payment": "P", "amount": "1.00", "currency": "USD", "date": "2026-01-01""#;
        for (text, expected) in [
            (
                format!(r#"{pay}, "allocation": "4111111111111111"}}"#),
                "unknown variant `…`, expected one of `oldest_due_first`,",
            ),
            (
                format!(r#"{pay}, "4111111111111111": 1}}"#),
                "unknown field `…`, expected one of `payment`, `amount`,",
            ),
            (
                r#"{"op": "4111 1111 1111 1111`, x"}"#.to_owned(),
                "unknown variant `…`, expected one of `create_draft`,",
            ),
            (
                format!(r#"{pay}, "method": 4111111111111111}}"#),
                "invalid type: integer `…`, expected a string",
            ),
            (
                format!(r#"{pay}, "method": 4111111111111111.5}}"#),
                "invalid type: floating point `…`, expected a string",
            ),
        ] {
            let err = message(&text);
            assert!(err.contains(expected), "{err}");
            assert!(!err.contains("4111"), "{err}");
        }
        assert!(message(r#"{"op": "void_invoice"}"#).contains("missing field `invoice`"));

        let calc = |text: &str| from_str::<crate::api::Calc>(text).unwrap_err().to_string();
        let parts = calc(r#"{"split": {"amount": "1", "currency": "USD", "parts": -1}}"#);
        assert!(
            parts.contains(&format!(
                "invalid value: integer `…`, expected a whole number from 0 to {}",
                usize::MAX
            )),
            "{parts}"
        );
        let count = calc(
            r#"{"cycle": {"every": 1, "unit": "day", "anchor": "2026-01-01", "first": 0, "count": 70000}}"#,
        );
        assert!(
            count.contains("expected a whole number from 0 to 65535 at line 1"),
            "{count}"
        );
        let first = calc(
            r#"{"cycle": {"every": 1, "unit": "day", "anchor": "2026-01-01", "first": "0", "count": 1}}"#,
        );
        assert!(
            first.contains(
                "expected a whole number from -9223372036854775808 to 9223372036854775807"
            ),
            "{first}"
        );
        assert_eq!(
            for_users("expected u32, expected u32x, expected u8"),
            "expected a whole number from 0 to 4294967295, expected u32x, expected a whole number from 0 to 255"
        );
    }
}
