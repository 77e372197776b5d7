//! Strict decimal text: the one parser for every amount, price, quantity
//! and rate that enters the library as text, and its serde form.

use rust_decimal::Decimal;

use crate::error::Error;
use crate::error::OrOverflow;

/// Parses a plain decimal number: an optional `-`, one or more digits, and
/// optionally a `.` followed by one or more digits.
///
/// Exponents, a leading `+`, spaces, digit separators and a bare `.5` or
/// `5.` are refused: money text should mean exactly one thing. A negative
/// zero is read as zero. The written scale is kept (`"1.50"` has scale 2).
///
/// # Errors
/// - [`Error::InvalidDecimal`] if the text is not of that form.
/// - [`Error::Overflow`] if it has more than 28 decimal places or does not
///   fit in a 96-bit mantissa.
///
/// # Example
/// ```
/// use billing_core::parse_decimal;
///
/// assert_eq!(parse_decimal("150.00")?.to_string(), "150.00");
/// assert_eq!(parse_decimal("1e3").unwrap_err().code(), "invalid_decimal");
/// # Ok::<(), billing_core::Error>(())
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, Error> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return Err(Error::InvalidDecimal);
    }
    // The mantissa is read here, digit by digit: rust_decimal's parser
    // recurses once per digit, and thousands of digits (leading zeros, say)
    // overflowed the stack of a WebAssembly build (found by a probe).
    // Leading zeros are skipped; more than 29 digits (a decimal holds less
    // than 2^96) or 28 places is overflow.
    let fraction = fraction.unwrap_or_default();
    if fraction.len() > 28 {
        return Err(Error::Overflow);
    }
    let mut mantissa: i128 = 0;
    let mut kept = 0usize;
    for digit in whole.bytes().chain(fraction.bytes()) {
        if mantissa == 0 && digit == b'0' {
            continue;
        }
        kept = kept.saturating_add(1);
        if kept > 29 {
            return Err(Error::Overflow);
        }
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(i128::from(digit.saturating_sub(b'0'))))
            .or_overflow()?;
    }
    let signed = if digits.len() < text.len() {
        mantissa.saturating_neg()
    } else {
        mantissa
    };
    let scale = u32::try_from(fraction.len()).map_err(|_| Error::Overflow)?;
    let mut value =
        Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| Error::Overflow)?;
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    Ok(value)
}

/// Serde helpers writing a [`Decimal`] as a JSON string (`"150.00"`) and
/// reading it back with [`parse_decimal`]. JSON numbers are refused: they
/// are binary floats in most readers.
pub(crate) mod serde_str {
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        value: &Decimal,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Decimal, D::Error> {
        crate::json::parse_text(
            deserializer,
            crate::Error::FloatRefused,
            super::parse_decimal,
        )
    }
}

/// As [`serde_str`], for optional decimals (`null` or absent is `None`).
pub(crate) mod serde_str_option {
    use rust_decimal::Decimal;
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(value),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        crate::json::parse_text_option(
            deserializer,
            crate::Error::FloatRefused,
            super::parse_decimal,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_decimals_and_keeps_their_scale() {
        for (text, shown) in [
            ("0", "0"),
            ("150.00", "150.00"),
            ("-3", "-3"),
            ("0.0015", "0.0015"),
            ("007.5", "7.5"),
            ("-0.00", "0.00"),
            ("-007.50", "-7.50"),
            ("000", "0"),
            (
                "79228162514264337593543950335",
                "79228162514264337593543950335",
            ),
        ] {
            assert_eq!(parse_decimal(text).unwrap().to_string(), shown, "{text}");
        }
        // Leading zeros by the thousand (the parser recursed once per
        // digit: a WebAssembly build overflowed its stack).
        let zeros = "0".repeat(100_000);
        for (text, shown) in [
            (format!("{zeros}1.50"), "1.50"),
            (format!("-{zeros}"), "0"),
            (format!("{zeros}.25"), "0.25"),
        ] {
            assert_eq!(parse_decimal(&text).unwrap().to_string(), shown);
        }
    }

    proptest::proptest! {
        /// The same decimal as rust_decimal's own parser reads, or overflow
        /// where it cannot represent it exactly.
        #[test]
        fn reads_what_rust_decimal_reads(text in "-?0{0,3}[0-9]{1,31}(\\.[0-9]{1,31})?") {
            let ours = parse_decimal(&text);
            match Decimal::from_str_exact(&text) {
                Ok(mut theirs) => {
                    if theirs.is_zero() {
                        theirs.set_sign_positive(true);
                    }
                    proptest::prop_assert_eq!(ours.map(|d| (d, d.scale())), Ok((theirs, theirs.scale())));
                }
                Err(_) => proptest::prop_assert_eq!(ours, Err(Error::Overflow)),
            }
        }
    }

    #[test]
    fn refuses_anything_else() {
        for text in [
            "", "-", ".", ".5", "5.", "+5", " 5", "5 ", "1e3", "1_000", "1,000", "0x10", "NaN",
            "1.2.3", "--1", "١٢", "５",
        ] {
            assert_eq!(parse_decimal(text), Err(Error::InvalidDecimal), "{text:?}");
        }
    }

    #[test]
    fn too_large_or_too_precise_is_overflow() {
        assert_eq!(
            parse_decimal("79228162514264337593543950336"),
            Err(Error::Overflow)
        );
        assert_eq!(
            parse_decimal("0.00000000000000000000000000001"),
            Err(Error::Overflow)
        );
        // Too many digits is overflow before any parsing, however many.
        for text in ["1".repeat(100_000), format!("1.{}", "0".repeat(100_000))] {
            assert_eq!(parse_decimal(&text), Err(Error::Overflow));
        }
        // The message names both causes: "too large" alone misleads here.
        assert!(
            Error::Overflow
                .to_string()
                .contains("too large, or more than 28 decimal places")
        );
    }
}
