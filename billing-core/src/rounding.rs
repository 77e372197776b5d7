//! Rounding modes and the rounding policy of invoice totals.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// How an amount with more precision than its currency is rounded.
///
/// | mode        | 2.345 → | 2.355 → | −2.345 → | 2.341 → |
/// |-------------|---------|---------|----------|---------|
/// | `HalfUp`    | 2.35    | 2.36    | −2.35    | 2.34    |
/// | `HalfEven`  | 2.34    | 2.36    | −2.34    | 2.34    |
/// | `Down`      | 2.34    | 2.35    | −2.34    | 2.34    |
/// | `Up`        | 2.35    | 2.36    | −2.35    | 2.35    |
///
/// "Half up" rounds a midpoint away from zero, as Kill Bill and Zuora do;
/// it is the default. "Down" is toward zero, "up" away from zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Nearest; a midpoint goes away from zero (the default).
    #[default]
    HalfUp,
    /// Nearest; a midpoint goes to the even neighbour (banker's rounding).
    HalfEven,
    /// Toward zero (truncation).
    Down,
    /// Away from zero.
    Up,
}

impl RoundingMode {
    /// Rounds `value` to `scale` decimal places in this mode.
    ///
    /// The result always has exactly `scale` decimal places (`2` becomes
    /// `2.00` at scale 2), so it prints as an amount of that currency.
    ///
    /// # Example
    /// ```
    /// use billing_core::RoundingMode;
    /// use rust_decimal::Decimal;
    ///
    /// let x: Decimal = "2.345".parse().unwrap();
    /// assert_eq!(RoundingMode::HalfEven.round(x, 2).to_string(), "2.34");
    /// assert_eq!(RoundingMode::HalfUp.round(x, 2).to_string(), "2.35");
    /// ```
    pub fn round(self, value: Decimal, scale: u32) -> Decimal {
        let mut rounded = value.round_dp_with_strategy(scale, self.strategy());
        rounded.rescale(scale);
        if rounded.is_zero() {
            rounded.set_sign_positive(true);
        }
        rounded
    }

    /// `num / den` (`den > 0`) rounded to an integer in this mode: the
    /// exact form of [`round`](Self::round), for fractions of integers.
    pub(crate) fn round_fraction(self, num: i128, den: i128) -> Option<i128> {
        let floor = num.checked_div_euclid(den)?;
        let rem = num.checked_rem_euclid(den)?;
        if rem == 0 {
            return Some(floor);
        }
        let ceil = floor.checked_add(1)?;
        let (toward, away) = if num < 0 {
            (ceil, floor)
        } else {
            (floor, ceil)
        };
        // The remainder against the distance to the next integer up.
        let up = den.checked_sub(rem)?;
        Some(match self {
            RoundingMode::Down => toward,
            RoundingMode::Up => away,
            RoundingMode::HalfUp | RoundingMode::HalfEven => match rem.cmp(&up) {
                Ordering::Less => floor,
                Ordering::Greater => ceil,
                Ordering::Equal if self == RoundingMode::HalfUp => away,
                Ordering::Equal if floor.rem_euclid(2) == 0 => floor,
                Ordering::Equal => ceil,
            },
        })
    }

    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
        }
    }
}

/// Where tax is rounded when an invoice's totals are computed.
///
/// Both are lawful and both are used: many carts round each line, many
/// ERPs and EU VAT invoices round once per rate. They can differ by a few
/// minor units; see [`RoundingPolicy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxRounding {
    /// Each line's tax for each rate is rounded on its own, then summed
    /// (the default, as Stripe and Kill Bill do).
    #[default]
    PerLine,
    /// For each rate, the exact tax of all lines is summed and rounded once;
    /// that total is then spread back over the lines exactly (largest
    /// remainder), so every line still shows a tax at currency scale.
    PerInvoice,
}

/// The rounding rules for invoice totals: a mode and where tax is rounded.
///
/// The default is half-up rounding with tax rounded per line.
///
/// # Example: the two tax policies give different, correct totals
/// Three lines of 0.10 USD at 15 % tax: each line's exact tax is 0.015.
/// ```
/// use billing_core::{Currency, Invoice, InvoiceKind, Line, RoundingPolicy, TaxRate, TaxRounding};
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
///
/// let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let vat = TaxRate::exclusive("VAT15", Decimal::new(15, 0));
/// let mut invoice = Invoice::builder("INV-1", InvoiceKind::OneTimeCharge, Currency::iso("USD")?, day, day);
/// for _ in 0..3 {
///     invoice = invoice.line(Line::new("Widget", Decimal::ONE, Decimal::new(10, 2)).tax(vat.clone()));
/// }
/// let invoice = invoice.build()?;
///
/// let per_line = invoice.totals(RoundingPolicy::default())?;
/// let per_invoice = invoice.totals(RoundingPolicy { tax: TaxRounding::PerInvoice, ..Default::default() })?;
/// assert_eq!(per_line.tax.to_string(), "0.06 USD");    // 0.02 + 0.02 + 0.02
/// assert_eq!(per_invoice.tax.to_string(), "0.05 USD"); // round(0.045)
/// # Ok::<(), billing_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a rounding policy: an object with mode and tax, both optional"
)]
pub struct RoundingPolicy {
    /// How amounts are rounded to the currency's scale.
    #[serde(default)]
    pub mode: RoundingMode,
    /// Whether tax is rounded per line or per invoice and rate.
    #[serde(default)]
    pub tax: TaxRounding,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_keeps_the_scale_and_has_no_negative_zero() {
        let x: Decimal = "-0.004".parse().unwrap();
        assert_eq!(RoundingMode::HalfUp.round(x, 2).to_string(), "0.00");
        assert_eq!(RoundingMode::Up.round(x, 2).to_string(), "-0.01");
        assert_eq!(
            RoundingMode::Down.round(Decimal::TWO, 3).to_string(),
            "2.000"
        );
    }

    #[test]
    fn a_fraction_rounds_once_in_every_mode() {
        use RoundingMode::{Down, HalfEven, HalfUp, Up};
        // (num, den, half up, half even, down, up)
        for (num, den, expected) in [
            (9, 2, [5, 4, 4, 5]),
            (11, 2, [6, 6, 5, 6]),
            (-9, 2, [-5, -4, -4, -5]),
            (-11, 2, [-6, -6, -5, -6]),
            (10, 3, [3, 3, 3, 4]),
            (-10, 3, [-3, -3, -3, -4]),
            (11, 3, [4, 4, 3, 4]),
            (-11, 3, [-4, -4, -3, -4]),
            (12, 3, [4, 4, 4, 4]),
            (0, 7, [0, 0, 0, 0]),
            (1, i128::MAX, [0, 0, 0, 1]),
        ] {
            for (mode, want) in [HalfUp, HalfEven, Down, Up].into_iter().zip(expected) {
                assert_eq!(
                    mode.round_fraction(num, den),
                    Some(want),
                    "{num}/{den} {mode:?}"
                );
            }
        }
    }
}
