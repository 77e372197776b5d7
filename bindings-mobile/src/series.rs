//! Recurring series and billing cycles (core `series.rs`, `cycle.rs`).

use billing_core::{Currency, Error};

use crate::invoice::{Line, lines_to_core};
use crate::values::{code, date, date_opt, date_text, date_text_opt};

/// The unit of a billing cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum CycleUnit {
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Calendar months (month ends clamp).
    Month,
    /// Calendar years.
    Year,
}

/// A billing cycle: every `every` units from `anchor`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Cycle {
    /// Units per cycle, 1 to 1,000.
    pub every: u32,
    /// The unit.
    pub unit: CycleUnit,
    /// The date cycles are counted from, `YYYY-MM-DD`.
    pub anchor: String,
}

/// A recurring series: plan lines billed in advance every cycle.
/// Invoices are `"<id>-<n>"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct Series {
    /// The series id.
    pub id: String,
    /// The currency code of its invoices.
    pub currency: String,
    /// The billing cycle.
    pub cycle: Cycle,
    /// The first day of service.
    pub start: String,
    /// The day after the last day of service, if it ends.
    #[uniffi(default = None)]
    pub end: Option<String>,
    /// Days from issue to due date.
    #[uniffi(default = 0)]
    pub due_days: u32,
    /// The plan lines.
    pub lines: Vec<Line>,
    /// A custom currency's minor units (null for ISO 4217 currencies and
    /// for custom ones the account already uses).
    #[uniffi(default = None)]
    pub minor_units: Option<u32>,
}

impl Series {
    /// The core series; `known` looks up a currency code without minor
    /// units.
    pub(crate) fn to_core(
        &self,
        known: impl Fn(&str) -> Result<Currency, Error>,
    ) -> Result<billing_core::Series, Error> {
        Ok(billing_core::Series {
            id: self.id.clone(),
            currency: crate::values::currency(&self.currency, self.minor_units, known)?,
            cycle: self.cycle.to_core()?,
            start: date(&self.start)?,
            end: date_opt(self.end.clone())?,
            due_days: self.due_days,
            lines: lines_to_core(&self.lines)?,
        })
    }
}

impl From<&billing_core::Series> for Series {
    fn from(series: &billing_core::Series) -> Series {
        Series {
            id: series.id.clone(),
            currency: code(series.currency),
            cycle: Cycle {
                every: series.cycle.every,
                unit: series.cycle.unit.into(),
                anchor: date_text(series.cycle.anchor),
            },
            start: date_text(series.start),
            end: date_text_opt(series.end),
            due_days: series.due_days,
            lines: series.lines.iter().map(Line::from).collect(),
            minor_units: (!series.currency.is_iso()).then(|| series.currency.minor_units()),
        }
    }
}

impl Cycle {
    fn to_core(&self) -> Result<billing_core::Cycle, Error> {
        Ok(billing_core::Cycle {
            every: self.every,
            unit: self.unit.into(),
            anchor: date(&self.anchor)?,
        })
    }
}

impl From<billing_core::CycleUnit> for CycleUnit {
    fn from(unit: billing_core::CycleUnit) -> CycleUnit {
        match unit {
            billing_core::CycleUnit::Day => CycleUnit::Day,
            billing_core::CycleUnit::Week => CycleUnit::Week,
            billing_core::CycleUnit::Month => CycleUnit::Month,
            billing_core::CycleUnit::Year => CycleUnit::Year,
        }
    }
}

impl From<CycleUnit> for billing_core::CycleUnit {
    fn from(unit: CycleUnit) -> billing_core::CycleUnit {
        match unit {
            CycleUnit::Day => billing_core::CycleUnit::Day,
            CycleUnit::Week => billing_core::CycleUnit::Week,
            CycleUnit::Month => billing_core::CycleUnit::Month,
            CycleUnit::Year => billing_core::CycleUnit::Year,
        }
    }
}
