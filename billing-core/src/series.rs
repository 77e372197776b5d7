//! Recurring series: plan lines billed every cycle, with proration by days.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::currency::Currency;
use crate::cycle::{Cycle, shift};
use crate::error::Error;
use crate::error::OrOverflow;
use crate::invoice::{
    Discount, Invoice, InvoiceKind, Line, MAX_TEXT_CHARS, limit_text, require_id,
};
use crate::money::Money;
use crate::rounding::{RoundingMode, RoundingPolicy};

/// A recurring series: plan lines billed in advance every cycle, from a
/// start date to an optional end date.
///
/// Period `n` (counting from 1) is the `n`-th cycle that overlaps
/// `[start, end)`, clipped to it. Its invoice is issued on the period's
/// first day and due `due_days` later; the first is of kind
/// [`InvoiceKind::New`], the later ones [`InvoiceKind::Recurring`]; every
/// line carries the period as its service period. Invoice ids are
/// `"<series id>-<n>"`.
///
/// A period cut short by the start or end date is prorated by days: each
/// line's full-period amount is split exactly (largest remainder) between
/// the days billed and the days not billed, so the parts of a split period
/// always sum to the full-period price.
///
/// # Example
/// ```
/// use billing_core::{Currency, Cycle, CycleUnit, Line, RoundingMode, Series, parse_date, parse_decimal};
///
/// // Monthly from Jan 1, service starting Jan 10: January is prorated.
/// let series = Series {
///     id: "SUB-1".into(),
///     currency: Currency::iso("USD")?,
///     cycle: Cycle::new(1, CycleUnit::Month, parse_date("2026-01-01")?)?,
///     start: parse_date("2026-01-10")?,
///     end: None,
///     due_days: 14,
///     lines: vec![Line::new("Pro plan", parse_decimal("1")?, parse_decimal("31.00")?)],
/// };
/// let first = series.invoice(1, RoundingMode::HalfUp)?.unwrap();
/// assert_eq!(first.id(), "SUB-1-1");
/// assert_eq!(first.lines()[0].unit_price.to_string(), "22.00"); // 22 of 31 days
/// assert_eq!(first.due_date().to_string(), "2026-01-24");
/// let second = series.invoice(2, RoundingMode::HalfUp)?.unwrap();
/// assert_eq!(second.issue_date().to_string(), "2026-02-01");
/// assert_eq!(second.lines()[0].unit_price.to_string(), "31.00");
/// # Ok::<(), billing_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a billing series: an object with id, currency, cycle, start and lines"
)]
pub struct Series {
    /// The series id (invoices are `"<id>-<n>"`).
    pub id: String,
    /// The currency of its invoices.
    pub currency: Currency,
    /// The billing cycle; periods start on cycle dates.
    pub cycle: Cycle,
    /// The first day of service.
    #[serde(with = "crate::date::serde_str")]
    pub start: NaiveDate,
    /// The day after the last day of service, if the series ends.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::date::serde_str_option"
    )]
    pub end: Option<NaiveDate>,
    /// Days from issue to due date.
    #[serde(default)]
    pub due_days: u32,
    /// The plan lines, billed every period (their service periods are set
    /// per invoice). A prorated period appends its days to each line's
    /// description ("Pro plan (22 of 31 days)"), so adding a series refuses
    /// a description over [`MAX_TEXT_CHARS`] − [`PRORATION_NOTE_CHARS`]
    /// characters.
    pub lines: Vec<Line>,
}

/// One billing period of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a billing period: an object with number, start and end"
)]
pub struct BillingPeriod {
    /// Its number, from 1.
    pub number: u32,
    /// The first day billed.
    #[serde(with = "crate::date::serde_str")]
    pub start: NaiveDate,
    /// The day after the last day billed.
    #[serde(with = "crate::date::serde_str")]
    pub end: NaiveDate,
    /// The full cycle it belongs to: its first day.
    #[serde(with = "crate::date::serde_str")]
    pub cycle_start: NaiveDate,
    /// The full cycle: the day after its last day.
    #[serde(with = "crate::date::serde_str")]
    pub cycle_end: NaiveDate,
}

impl BillingPeriod {
    /// Whether the period is shorter than its cycle (and so prorated).
    pub fn is_partial(&self) -> bool {
        self.start != self.cycle_start || self.end != self.cycle_end
    }
}

/// The most days from issue to due date.
pub const MAX_DUE_DAYS: u32 = 3_650;

/// The most invoices one [`BillSeries`](crate::BillSeries) issues: billing
/// further ahead is refused with [`Error::TooManyPeriods`](crate::Error::TooManyPeriods)
/// (bill in steps), so a far date cannot make an unbounded operation.
pub const MAX_BILLED_PERIODS: u32 = 1_000;

/// The room a series line's description leaves for the note of a
/// prorated period, `" (366000 of 366000 days)"` at the longest (a cycle
/// of 1,000 years).
pub const PRORATION_NOTE_CHARS: u32 = 24;

/// The most invoice lines one [`BillSeries`](crate::BillSeries) issues: a
/// series of many lines bills fewer periods at once
/// ([`Series::billable_at_once`]), so that one operation cannot build
/// gigabytes of invoices (10,000 lines of 5,000 characters, 1,000 times).
pub const MAX_BILLED_LINES: u32 = 100_000;

impl Series {
    /// The most periods one [`BillSeries`](crate::BillSeries) bills:
    /// [`MAX_BILLED_PERIODS`], fewer for a series of many lines (at most
    /// [`MAX_BILLED_LINES`] lines in all, and always at least one period).
    ///
    /// ```
    /// use billing_core::{Cycle, CycleUnit, Line, Series, parse_date, parse_decimal};
    ///
    /// let line = Line::new("Seat", parse_decimal("1")?, parse_decimal("9.99")?);
    /// let series = |lines: usize| Series {
    ///     id: "SUB".into(),
    ///     currency: billing_core::Currency::iso("USD").unwrap(),
    ///     cycle: Cycle::new(1, CycleUnit::Month, parse_date("2026-01-01").unwrap()).unwrap(),
    ///     start: parse_date("2026-01-01").unwrap(),
    ///     end: None,
    ///     due_days: 14,
    ///     lines: vec![line.clone(); lines],
    /// };
    /// assert_eq!(series(1).billable_at_once(), 1_000);
    /// assert_eq!(series(10_000).billable_at_once(), 10);
    /// # Ok::<(), billing_core::Error>(())
    /// ```
    pub fn billable_at_once(&self) -> u32 {
        let lines = u32::try_from(self.lines.len()).unwrap_or(u32::MAX).max(1);
        MAX_BILLED_LINES
            .checked_div(lines)
            .unwrap_or(1)
            .clamp(1, MAX_BILLED_PERIODS)
    }

    /// Checks the series: a non-empty id, a valid cycle, an end after the
    /// start, due days within [`MAX_DUE_DAYS`], and plan lines that make a
    /// valid invoice.
    ///
    /// # Errors
    /// [`Error::EmptyId`], [`Error::InvalidId`], [`Error::InvalidCycle`],
    /// [`Error::InvalidSeriesDates`], [`Error::NoLines`], or any error of
    /// [`InvoiceBuilder::build`](crate::InvoiceBuilder::build) for the lines.
    pub fn check(&self) -> Result<(), Error> {
        self.plan_invoice().map(|_| ())
    }

    /// As [`Series::check`], and every invoice of the series can be
    /// billed: the plan's full-cycle invoice has totals under `policy` (a
    /// discount larger than its line, for one, would make every invoice
    /// fail), and each line's description leaves room for a prorated
    /// period's note ([`PRORATION_NOTE_CHARS`]), and its first cycle starts
    /// in the calendar (from the year 0001 on). Checked when a series is
    /// added, not when a history is replayed: a history recorded before the
    /// note's room was checked still loads.
    ///
    /// # Errors
    /// As [`Series::check`], [`Error::TooLong`], [`Error::DateOutOfRange`],
    /// and any error of [`Invoice::totals`](crate::Invoice::totals).
    pub(crate) fn check_billable(&self, policy: RoundingPolicy) -> Result<(), Error> {
        let plan = self.plan_invoice()?;
        self.period(1)?;
        crate::invoice::refuse_lines_card_data(&self.lines)?;
        for (index, line) in self.lines.iter().enumerate() {
            limit_text(
                &line.description,
                MAX_TEXT_CHARS.saturating_sub(PRORATION_NOTE_CHARS),
                || format!("line {index} description"),
            )?;
        }
        plan.totals(policy).map(|_| ())
    }

    /// The checked series' plan lines as one invoice (as a full cycle bills
    /// them, without service periods).
    fn plan_invoice(&self) -> Result<Invoice, Error> {
        require_id(&self.id, "series id")?;
        self.cycle.check()?;
        if self.end.is_some_and(|end| end <= self.start) || self.due_days > MAX_DUE_DAYS {
            return Err(Error::InvalidSeriesDates);
        }
        Invoice::builder(
            self.invoice_id(1),
            InvoiceKind::New,
            self.currency,
            self.start,
            self.start,
        )
        .lines(self.lines.iter().cloned())
        .build()
    }

    /// The due date of the invoice issued on `issued`: `due_days` later.
    ///
    /// # Errors
    /// [`Error::DateOutOfRange`] past the year 9999.
    pub(crate) fn due_date(&self, issued: NaiveDate) -> Result<NaiveDate, Error> {
        crate::date::add_days(issued, i64::from(self.due_days))
    }

    /// The id of the `number`-th invoice: `"<series id>-<number>"`.
    pub fn invoice_id(&self, number: u32) -> String {
        format!("{}-{number}", self.id)
    }

    /// Billing period `number` (from 1), or `None` past the end: the
    /// series' end, or the year 9999 (dates stop there, so a period that
    /// would end after it is none, and the series bills no more).
    ///
    /// # Errors
    /// [`Error::InvalidCycle`]; [`Error::DateOutOfRange`] for a start
    /// outside the years 0001 to 9999.
    pub fn period(&self, number: u32) -> Result<Option<BillingPeriod>, Error> {
        self.period_ending(number, self.end)
    }

    /// As [`Series::period`], were the series to end on `end`.
    pub(crate) fn period_ending(
        &self,
        number: u32,
        end: Option<NaiveDate>,
    ) -> Result<Option<BillingPeriod>, Error> {
        if number == 0 {
            return Ok(None);
        }
        let first = self.cycle.index_of(self.start)?;
        let cycle = |k: i64| match self.cycle.date(k) {
            Err(Error::DateOutOfRange) => Ok(None),
            date => date.map(Some),
        };
        let k = shift(first, i64::from(number.saturating_sub(1)))?;
        let (Some(cycle_start), Some(cycle_end)) = (cycle(k)?, cycle(shift(k, 1)?)?) else {
            return Ok(None);
        };
        let start = cycle_start.max(self.start);
        let end = end.map_or(cycle_end, |end| end.min(cycle_end));
        Ok((start < end).then_some(BillingPeriod {
            number,
            start,
            end,
            cycle_start,
            cycle_end,
        }))
    }

    /// The first billing period starting after `date`, if the series goes on.
    ///
    /// # Errors
    /// As [`Series::period`].
    pub fn next_period_after(&self, date: NaiveDate) -> Result<Option<BillingPeriod>, Error> {
        if date < self.start {
            return self.period(1);
        }
        let first = self.cycle.index_of(self.start)?;
        let current = self.cycle.index_of(date)?;
        let number = current
            .checked_sub(first)
            .and_then(|n| n.checked_add(2))
            .and_then(|n| u32::try_from(n).ok())
            .ok_or(Error::DateOutOfRange)?;
        self.period(number)
    }

    /// The invoice of period `number`, or `None` past the end. Line amounts
    /// are computed with `mode` before proration.
    ///
    /// # Errors
    /// As [`Series::check`] and [`Series::period`].
    pub fn invoice(&self, number: u32, mode: RoundingMode) -> Result<Option<Invoice>, Error> {
        self.check()?;
        let Some(period) = self.period(number)? else {
            return Ok(None);
        };
        let kind = if number == 1 {
            InvoiceKind::New
        } else {
            InvoiceKind::Recurring
        };
        let due = self.due_date(period.start)?;
        let lines = self
            .lines
            .iter()
            .map(|line| self.period_line(line, &period, mode))
            .collect::<Result<Vec<_>, _>>()?;
        Invoice::builder(
            self.invoice_id(number),
            kind,
            self.currency,
            period.start,
            due,
        )
        .lines(lines)
        .build()
        .map(Some)
    }

    /// The invoices of every period that starts on or before `date`.
    ///
    /// # Errors
    /// As [`Series::invoice`]; [`Error::TooManyPeriods`] for more than
    /// [`Series::billable_at_once`] invoices.
    pub fn invoices_through(
        &self,
        date: NaiveDate,
        mode: RoundingMode,
    ) -> Result<Vec<Invoice>, Error> {
        let mut invoices = Vec::new();
        let mut number = 1u32;
        while let Some(period) = self.period(number)? {
            if period.start > date {
                break;
            }
            if let Some(invoice) = self.invoice(number, mode)? {
                if u32::try_from(invoices.len()).is_ok_and(|n| n >= self.billable_at_once()) {
                    return Err(Error::TooManyPeriods {
                        series: self.id.clone(),
                        max: self.billable_at_once(),
                    });
                }
                invoices.push(invoice);
            }
            number = number.checked_add(1).or_overflow()?;
        }
        Ok(invoices)
    }

    fn period_line(
        &self,
        line: &Line,
        period: &BillingPeriod,
        mode: RoundingMode,
    ) -> Result<Line, Error> {
        let mut out = line.clone();
        out.period = Some(crate::invoice::ServicePeriod {
            start: period.start,
            end: period.end,
        });
        if !period.is_partial() {
            return Ok(out);
        }
        let days = |a: NaiveDate, b: NaiveDate| b.signed_duration_since(a).num_days().max(0);
        // The days before the period, billed, and after it. A split into
        // two parts rounds each share the same way whatever the amount (a
        // larger amount never gets a smaller part), so a prorated discount
        // stays within its prorated price; a period cut at both ends counts
        // all its unbilled days before it, which keeps that so.
        let (before, after) = (
            days(period.cycle_start, period.start),
            days(period.end, period.cycle_end),
        );
        let (before, after) = if before == 0 || after == 0 {
            (before, after)
        } else {
            (before.saturating_add(after), 0)
        };
        let weights = [before, days(period.start, period.end), after].map(Decimal::from);
        let prorate = |full: Money| -> Result<Money, Error> {
            full.allocate(&weights)?.get(1).copied().or_overflow()
        };
        let full = Money::rounded_product(line.quantity, line.unit_price, self.currency, mode)?;
        out.description = format!(
            "{} ({} of {} days)",
            line.description,
            days(period.start, period.end),
            days(period.cycle_start, period.cycle_end)
        );
        out.quantity = Decimal::ONE;
        out.unit_price = prorate(full)?.amount();
        if let Some(Discount::Amount(amount)) = line.discount {
            out.discount = Some(Discount::Amount(
                prorate(Money::new(amount, self.currency)?)?.amount(),
            ));
        }
        Ok(out)
    }
}
