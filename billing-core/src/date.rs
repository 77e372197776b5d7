//! Dates as ISO 8601 calendar dates (`YYYY-MM-DD`), the one parser and
//! serde form for every date in the library.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::error::Error;

/// Parses an ISO 8601 calendar date written `YYYY-MM-DD`, such as
/// `"2026-01-31"`, in the years 0001 to 9999 (the years every binding's
/// date type holds: Python's `datetime.date` starts at year 1).
///
/// # Errors
/// [`Error::InvalidDate`] for any other text, a day that does not exist
/// (`"2026-02-30"`), or the year 0000.
///
/// # Example
/// ```
/// use billing_core::parse_date;
///
/// assert_eq!(parse_date("2028-02-29")?.to_string(), "2028-02-29");
/// assert_eq!(parse_date("2026-02-29").unwrap_err().code(), "invalid_date");
/// assert_eq!(parse_date("2026-1-5").unwrap_err().code(), "invalid_date");
/// assert_eq!(parse_date("0000-01-01").unwrap_err().code(), "invalid_date");
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
    NaiveDate::from_ymd_opt(year, number(5..7), number(8..10))
        .filter(writable)
        .ok_or(Error::InvalidDate)
}

/// `date` moved by `days` (negative: back).
///
/// # Errors
/// [`Error::DateOutOfRange`] outside the years 0001 to 9999.
pub(crate) fn add_days(date: NaiveDate, days: i64) -> Result<NaiveDate, Error> {
    let magnitude = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(magnitude)
    } else {
        date.checked_sub_days(magnitude)
    }
    .filter(writable)
    .ok_or(Error::DateOutOfRange)
}

/// `date` moved by `months` (negative: back), clamped to the last day of a
/// shorter month.
///
/// # Errors
/// [`Error::DateOutOfRange`] outside the years 0001 to 9999.
pub(crate) fn add_months(date: NaiveDate, months: i64) -> Result<NaiveDate, Error> {
    let magnitude =
        Months::new(u32::try_from(months.unsigned_abs()).map_err(|_| Error::DateOutOfRange)?);
    if months >= 0 {
        date.checked_add_months(magnitude)
    } else {
        date.checked_sub_months(magnitude)
    }
    .filter(writable)
    .ok_or(Error::DateOutOfRange)
}

/// Whether `date` is in the years 0001 to 9999, so that [`parse_date`]
/// reads it back.
fn writable(date: &NaiveDate) -> bool {
    (1..=9999).contains(&date.year())
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
            "0000-01-01",
            "0000-12-31",
        ] {
            assert_eq!(parse_date(bad), Err(Error::InvalidDate), "{bad}");
        }
        assert_eq!(parse_date("0001-01-01").unwrap().to_string(), "0001-01-01");
    }

    #[test]
    fn computed_dates_stay_within_what_is_read_back() {
        let last = parse_date("9999-12-31").unwrap();
        let first = parse_date("0001-01-01").unwrap();
        assert_eq!(add_days(last, 0), Ok(last));
        assert_eq!(add_days(last, 1), Err(Error::DateOutOfRange));
        assert_eq!(add_days(first, -1), Err(Error::DateOutOfRange));
        assert_eq!(add_days(first, i64::MIN), Err(Error::DateOutOfRange));
        assert_eq!(
            add_months(parse_date("9999-12-01").unwrap(), 1),
            Err(Error::DateOutOfRange)
        );
        assert_eq!(add_months(first, -1), Err(Error::DateOutOfRange));
        assert_eq!(add_months(first, i64::MAX), Err(Error::DateOutOfRange));
        assert_eq!(
            add_months(parse_date("9999-11-30").unwrap(), 1).map(|d| d.to_string()),
            Ok("9999-12-30".to_owned())
        );
    }
}
