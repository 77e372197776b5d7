//! Billing cycles: every n days, weeks, months or years from an anchor.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::date::{add_days, add_months};
use crate::error::Error;

/// The unit of a billing cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CycleUnit {
    /// Days.
    Day,
    /// Weeks (seven days).
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// A billing cycle: every `every` units, counted from `anchor`.
///
/// Cycle dates are computed from the anchor, never step by step, so month
/// ends do not drift: anchored on January 31 a monthly cycle falls on
/// Jan 31, Feb 28 (29 in leap years), Mar 31, Apr 30, May 31, ... A date
/// past the end of a month is clamped to its last day and comes back to
/// the anchor day when the month has it. Yearly cycles anchored on Feb 29
/// fall on Feb 28 in common years.
///
/// # Example
/// ```
/// use billing_core::{Cycle, CycleUnit, parse_date};
///
/// let monthly = Cycle::new(1, CycleUnit::Month, parse_date("2026-01-31")?)?;
/// let dates: Vec<String> = (0..4).map(|k| monthly.date(k).map(|d| d.to_string())).collect::<Result<_, _>>()?;
/// assert_eq!(dates, ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
/// assert_eq!(Cycle::new(0, CycleUnit::Day, parse_date("2026-01-01")?).unwrap_err().code(), "invalid_cycle");
/// # Ok::<(), billing_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a billing cycle: an object with every, unit and anchor"
)]
pub struct Cycle {
    /// How many units per cycle (at least 1).
    pub every: u32,
    /// The unit.
    pub unit: CycleUnit,
    /// The date cycles are counted from (cycle 0 starts on it).
    #[serde(with = "crate::date::serde_str")]
    pub anchor: NaiveDate,
}

impl Cycle {
    /// A cycle of `every` units from `anchor`.
    ///
    /// # Errors
    /// [`Error::InvalidCycle`] if `every` is zero or over 1,000.
    pub fn new(every: u32, unit: CycleUnit, anchor: NaiveDate) -> Result<Cycle, Error> {
        let cycle = Cycle {
            every,
            unit,
            anchor,
        };
        cycle.check()?;
        Ok(cycle)
    }

    /// Checks `every` (a decoded cycle is checked when it is used).
    ///
    /// # Errors
    /// [`Error::InvalidCycle`] if `every` is zero or over 1,000.
    pub fn check(&self) -> Result<(), Error> {
        if (1..=1_000).contains(&self.every) {
            Ok(())
        } else {
            Err(Error::InvalidCycle)
        }
    }

    /// The start of cycle `k` (0 is the anchor; negative counts back).
    ///
    /// # Errors
    /// [`Error::InvalidCycle`] for a bad `every`; [`Error::DateOutOfRange`]
    /// for a date outside the years 0001 to 9999.
    pub fn date(&self, k: i64) -> Result<NaiveDate, Error> {
        self.check()?;
        let steps = |per_cycle: i64| {
            k.checked_mul(i64::from(self.every))
                .and_then(|n| n.checked_mul(per_cycle))
                .ok_or(Error::DateOutOfRange)
        };
        match self.unit {
            CycleUnit::Day => add_days(self.anchor, steps(1)?),
            CycleUnit::Week => add_days(self.anchor, steps(7)?),
            CycleUnit::Month => add_months(self.anchor, steps(1)?),
            CycleUnit::Year => add_months(self.anchor, steps(12)?),
        }
    }

    /// The number of the cycle containing `date`: the largest `k` with
    /// `date(k) <= date`. The last cycle before the year 10000 contains
    /// every date from its start on, though the next one's start is past
    /// the calendar.
    ///
    /// # Errors
    /// As [`Cycle::date`]; [`Error::DateOutOfRange`] when the cycle
    /// containing `date` starts before the year 0001.
    ///
    /// ```
    /// use billing_core::{Cycle, CycleUnit, parse_date};
    ///
    /// let monthly = Cycle::new(1, CycleUnit::Month, parse_date("2026-01-31")?)?;
    /// assert_eq!(monthly.index_of(parse_date("2026-03-30")?)?, 1);
    /// assert_eq!(monthly.index_of(parse_date("9999-12-31")?)?, 95_687);
    /// # Ok::<(), billing_core::Error>(())
    /// ```
    pub fn index_of(&self, date: NaiveDate) -> Result<i64, Error> {
        self.check()?;
        let days = date.signed_duration_since(self.anchor).num_days();
        let every = i64::from(self.every);
        // A first guess from the average length, then corrected: month
        // clamping moves cycle starts by a few days at most.
        let guess = match self.unit {
            CycleUnit::Day => days.div_euclid(every),
            CycleUnit::Week => days.div_euclid(every.saturating_mul(7)),
            CycleUnit::Month => {
                let months = i64::from(date.year())
                    .saturating_sub(i64::from(self.anchor.year()))
                    .saturating_mul(12)
                    .saturating_add(i64::from(date.month()))
                    .saturating_sub(i64::from(self.anchor.month()));
                months.div_euclid(every)
            }
            CycleUnit::Year => i64::from(date.year())
                .saturating_sub(i64::from(self.anchor.year()))
                .div_euclid(every),
        };
        let mut k = guess;
        while self.date(k)? > date {
            k = shift(k, -1)?;
        }
        // Cycle starts grow with `k`: one out of range here is past 9999.
        while match self.date(shift(k, 1)?) {
            Err(Error::DateOutOfRange) => false,
            next => next? <= date,
        } {
            k = shift(k, 1)?;
        }
        Ok(k)
    }
}

/// Cycle number `k + by`.
///
/// # Errors
/// [`Error::DateOutOfRange`] past `i64`: no such cycle has a date in range.
pub(crate) fn shift(k: i64, by: i64) -> Result<i64, Error> {
    k.checked_add(by).ok_or(Error::DateOutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::parse_date(s).unwrap()
    }

    #[test]
    fn index_of_finds_the_containing_cycle() {
        let c = Cycle::new(1, CycleUnit::Month, d("2026-01-31")).unwrap();
        assert_eq!(c.index_of(d("2026-01-31")).unwrap(), 0);
        assert_eq!(c.index_of(d("2026-02-27")).unwrap(), 0);
        assert_eq!(c.index_of(d("2026-02-28")).unwrap(), 1);
        assert_eq!(c.index_of(d("2026-01-30")).unwrap(), -1);
        let w = Cycle::new(2, CycleUnit::Week, d("2026-01-05")).unwrap();
        assert_eq!(w.index_of(d("2026-01-18")).unwrap(), 0);
        assert_eq!(w.index_of(d("2026-01-19")).unwrap(), 1);
        assert_eq!(w.index_of(d("2026-01-04")).unwrap(), -1);
    }

    #[test]
    fn index_of_finds_the_first_and_last_cycles_of_the_calendar() {
        let yearly = Cycle::new(1, CycleUnit::Year, d("2026-01-01")).unwrap();
        assert_eq!(yearly.index_of(d("9999-01-01")).unwrap(), 7_973);
        assert_eq!(yearly.index_of(d("9999-12-31")).unwrap(), 7_973);
        let monthly = Cycle::new(1, CycleUnit::Month, d("9999-11-01")).unwrap();
        assert_eq!(monthly.index_of(d("9999-12-05")).unwrap(), 1);
        assert_eq!(monthly.index_of(d("0001-01-01")).unwrap(), -119_986);
        // Its cycle would start on 0000-12-31.
        let month_ends = Cycle::new(1, CycleUnit::Month, d("2026-01-31")).unwrap();
        assert_eq!(
            month_ends.index_of(d("0001-01-15")).unwrap_err(),
            Error::DateOutOfRange
        );
    }
}
