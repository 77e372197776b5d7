//! Dates as ISO 8601 calendar dates (`YYYY-MM-DD`), the one parser and
//! serde form for every date in the library.

use chrono::NaiveDate;

use crate::error::Error;

/// Parses an ISO 8601 calendar date written `YYYY-MM-DD`, such as
/// `"2026-01-31"`.
///
/// # Errors
/// [`Error::InvalidDate`] for any other text, or a day that does not exist
/// (`"2026-02-30"`).
///
/// # Example
/// ```
/// use billing_core::parse_date;
///
/// assert_eq!(parse_date("2028-02-29")?.to_string(), "2028-02-29");
/// assert_eq!(parse_date("2026-02-29").unwrap_err().code(), "invalid_date");
/// assert_eq!(parse_date("2026-1-5").unwrap_err().code(), "invalid_date");
/// # Ok::<(), billing_core::Error>(())
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, Error> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(Error::InvalidDate);
    }
    // The shape is checked: each field is plain digits (chrono's general
    // format parser is many times slower, and every JSON date goes here).
    let number = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .unwrap_or_default()
            .iter()
            .fold(0u32, |n, d| {
                n.saturating_mul(10)
                    .saturating_add(u32::from(d.saturating_sub(b'0')))
            })
    };
    let year = i32::try_from(number(0..4)).map_err(|_| Error::InvalidDate)?;
    NaiveDate::from_ymd_opt(year, number(5..7), number(8..10)).ok_or(Error::InvalidDate)
}

/// Serde helpers writing a date as `"YYYY-MM-DD"` and reading it with
/// [`parse_date`].
pub(crate) mod serde_str {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        date: &NaiveDate,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(date)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<NaiveDate, D::Error> {
        crate::json::parse_text(deserializer, crate::Error::InvalidDate, super::parse_date)
    }
}

/// As [`serde_str`], for optional dates.
pub(crate) mod serde_str_option {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => super::serde_str::serialize(date, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        crate::json::parse_text_option(deserializer, crate::Error::InvalidDate, super::parse_date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_four_digit_years_with_dashes() {
        for bad in [
            "",
            "20260131",
            "+2026-01-31",
            "2026-01-31T00:00",
            " 2026-01-31",
            "2026/01/31",
            "2026-13-01",
            "2026-00-10",
        ] {
            assert_eq!(parse_date(bad), Err(Error::InvalidDate), "{bad}");
        }
        assert_eq!(parse_date("0001-01-01").unwrap().to_string(), "0001-01-01");
    }
}
