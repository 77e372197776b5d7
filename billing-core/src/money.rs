//! Money: an exact amount at its currency's scale.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::currency::Currency;
use crate::decimal::parse_decimal;
use crate::error::Error;
use crate::error::OrOverflow;
use crate::rounding::RoundingMode;
use crate::split;

/// The largest magnitude of an amount, in minor units (2^96 − 1, the range
/// of a [`Decimal`] mantissa).
pub const MAX_MINOR: i128 = (1 << 96) - 1;

/// The most parts [`Money::split`] and [`Money::allocate`] make (their
/// result is a list of that many amounts).
pub const MAX_PARTS: usize = 100_000;

/// An exact amount of money in one currency, always at that currency's
/// scale (`10.00 USD`, `1000 JPY`, `1.500 KWD`).
///
/// Arithmetic is checked: adding amounts of different currencies is
/// [`Error::CurrencyMismatch`] and results beyond ±[`MAX_MINOR`] minor units
/// are [`Error::Overflow`]; nothing panics. Input with more decimal places
/// than the currency allows is [`Error::ScaleExceeded`] unless a rounding
/// mode is given. Internally the amount is an integer count of minor units.
///
/// Text form: `"10.00 USD"` ([`Display`](fmt::Display) and
/// [`FromStr`]). JSON form: `{"amount":"10.00","currency":"USD"}`.
///
/// # Example
/// ```
/// use billing_core::{Currency, Money, RoundingMode};
///
/// let usd = Currency::iso("USD")?;
/// let price = Money::parse("19.99", usd)?;
/// let total = price.checked_add(Money::parse("0.01", usd)?)?;
/// assert_eq!(total.to_string(), "20.00 USD");
///
/// // More precision than USD has: refused unless rounding is asked for.
/// assert_eq!(Money::parse("0.125", usd).unwrap_err().code(), "scale_exceeded");
/// assert_eq!(Money::parse_rounded("0.125", usd, RoundingMode::HalfEven)?.to_string(), "0.12 USD");
///
/// // Exact splits: the parts always sum to the whole.
/// let parts: Vec<String> = total.split(3)?.iter().map(|m| m.to_string()).collect();
/// assert_eq!(parts, ["6.67 USD", "6.67 USD", "6.66 USD"]);
/// # Ok::<(), billing_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i128,
    currency: Currency,
}

impl Money {
    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// An amount from a count of minor units (cents for USD).
    ///
    /// # Errors
    /// [`Error::Overflow`] if `|minor|` is over [`MAX_MINOR`].
    ///
    /// # Example
    /// ```
    /// use billing_core::{Currency, Money};
    ///
    /// assert_eq!(Money::from_minor(1999, Currency::iso("USD")?)?.to_string(), "19.99 USD");
    /// assert_eq!(Money::from_minor(1999, Currency::iso("JPY")?)?.to_string(), "1999 JPY");
    /// # Ok::<(), billing_core::Error>(())
    /// ```
    pub fn from_minor(minor: i128, currency: Currency) -> Result<Money, Error> {
        if minor.unsigned_abs() > MAX_MINOR.unsigned_abs() {
            return Err(Error::Overflow);
        }
        Ok(Money { minor, currency })
    }

    /// An amount from a decimal that must already fit the currency's scale.
    ///
    /// Trailing zeros beyond the scale are fine (`10.500` is `10.50 USD`);
    /// a value that needs more places is not.
    ///
    /// # Errors
    /// - [`Error::ScaleExceeded`] if `amount` needs more decimal places than
    ///   the currency has.
    /// - [`Error::Overflow`] if it is too large.
    pub fn new(amount: Decimal, currency: Currency) -> Result<Money, Error> {
        let scale = currency.minor_units();
        let mantissa = amount.mantissa();
        let minor = match amount.scale().cmp(&scale) {
            Ordering::Equal => mantissa,
            Ordering::Less => mantissa
                .checked_mul(pow10(scale.saturating_sub(amount.scale()))?)
                .or_overflow()?,
            Ordering::Greater => {
                let divisor = pow10(amount.scale().saturating_sub(scale))?;
                if mantissa.checked_rem(divisor) != Some(0) {
                    return Err(Error::ScaleExceeded {
                        currency,
                        minor_units: scale,
                    });
                }
                mantissa.checked_div(divisor).or_overflow()?
            }
        };
        Money::from_minor(minor, currency)
    }

    /// An amount from any decimal, rounded to the currency's scale.
    ///
    /// # Errors
    /// [`Error::Overflow`] if the rounded amount is too large.
    pub fn rounded(
        amount: Decimal,
        currency: Currency,
        mode: RoundingMode,
    ) -> Result<Money, Error> {
        Money::new(mode.round(amount, currency.minor_units()), currency)
    }

    /// `a × b` rounded once to the currency's scale with `mode`: the one
    /// product of the library (line amounts, [`Money::checked_mul`]).
    ///
    /// rust_decimal rounds a product that needs more than 28 decimal places
    /// or 96 bits; rounding that again to the currency's scale could cross
    /// a midpoint the exact product does not sit on (0.2 ×
    /// 5.0250000000000000000000000002 is just over 1.005, and rounded to 28
    /// places it is 1.005 exactly). Such a product is refused instead.
    pub(crate) fn rounded_product(
        a: Decimal,
        b: Decimal,
        currency: Currency,
        mode: RoundingMode,
    ) -> Result<Money, Error> {
        // rust_decimal writes a zero product at scale 0.
        let exact = |a: Decimal, b: Decimal| {
            a.checked_mul(b).filter(|p| {
                a.is_zero() || b.is_zero() || p.scale() == a.scale().saturating_add(b.scale())
            })
        };
        // Trailing zeros count against the 28 places: retry without them.
        let product = exact(a, b)
            .or_else(|| exact(a.normalize(), b.normalize()))
            .or_overflow()?;
        Money::rounded(product, currency, mode)
    }

    /// Parses a plain decimal string (see [`parse_decimal`](crate::parse_decimal))
    /// as an amount of `currency`.
    ///
    /// # Errors
    /// [`Error::InvalidDecimal`], [`Error::ScaleExceeded`] or
    /// [`Error::Overflow`].
    pub fn parse(text: &str, currency: Currency) -> Result<Money, Error> {
        Money::new(parse_decimal(text)?, currency)
    }

    /// Parses a plain decimal string and rounds it to the currency's scale.
    ///
    /// # Errors
    /// [`Error::InvalidDecimal`] or [`Error::Overflow`].
    pub fn parse_rounded(
        text: &str,
        currency: Currency,
        mode: RoundingMode,
    ) -> Result<Money, Error> {
        Money::rounded(parse_decimal(text)?, currency, mode)
    }

    /// The amount as a decimal at the currency's scale (`10.00`).
    pub fn amount(&self) -> Decimal {
        // `minor` is always within MAX_MINOR and the scale within 18, so
        // this is exact; the fallback is never taken.
        Decimal::try_from_i128_with_scale(self.minor, self.currency.minor_units())
            .unwrap_or_default()
    }

    /// The amount's text at the currency's scale (`"10.00"`), as
    /// [`amount`](Self::amount) displays it, written without building a
    /// `Decimal`: every answer and snapshot writes many amounts, and
    /// `Decimal`'s 96-bit digit loop is slow, most of all in WebAssembly.
    pub(crate) fn amount_text(&self) -> AmountText {
        AmountText::new(self.minor, self.currency.minor_units())
    }

    /// The amount as a count of minor units (`1000` for `10.00 USD`).
    pub fn minor(&self) -> i128 {
        self.minor
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.minor < 0
    }

    /// Whether the amount is above zero.
    pub fn is_positive(&self) -> bool {
        self.minor > 0
    }

    /// The amount with its sign flipped (never overflows: the range is
    /// symmetric).
    #[must_use]
    pub fn negated(self) -> Money {
        Money {
            minor: self.minor.saturating_neg(),
            currency: self.currency,
        }
    }

    /// `self + other`.
    ///
    /// # Errors
    /// [`Error::CurrencyMismatch`] if the currencies differ,
    /// [`Error::Overflow`] if the sum is too large.
    pub fn checked_add(self, other: Money) -> Result<Money, Error> {
        self.same_currency(other)?;
        Money::from_minor(
            self.minor.checked_add(other.minor).or_overflow()?,
            self.currency,
        )
    }

    /// `self - other`.
    ///
    /// # Errors
    /// [`Error::CurrencyMismatch`] if the currencies differ,
    /// [`Error::Overflow`] if the difference is too large.
    pub fn checked_sub(self, other: Money) -> Result<Money, Error> {
        self.checked_add(other.negated())
    }

    /// `self × factor`, rounded to the currency's scale with `mode`.
    ///
    /// The product is rounded once, from its exact value.
    ///
    /// # Errors
    /// [`Error::Overflow`] if the product is too large, or needs more than
    /// 28 decimal places (or 96 bits) to be exact.
    ///
    /// # Example
    /// ```
    /// use billing_core::{Currency, Money, RoundingMode};
    /// use rust_decimal::Decimal;
    ///
    /// let fee = Money::parse("10.00", Currency::iso("USD")?)?;
    /// let third = fee.checked_mul(Decimal::new(3333, 4), RoundingMode::HalfUp)?;
    /// assert_eq!(third.to_string(), "3.33 USD");
    /// # Ok::<(), billing_core::Error>(())
    /// ```
    pub fn checked_mul(self, factor: Decimal, mode: RoundingMode) -> Result<Money, Error> {
        Money::rounded_product(self.amount(), factor, self.currency, mode)
    }

    /// Splits into `parts` amounts that differ by at most one minor unit
    /// and sum exactly to `self`; earlier parts get the extra units.
    ///
    /// # Errors
    /// [`Error::NoParts`] if `parts` is zero; [`Error::TooManyParts`] if it
    /// is over [`MAX_PARTS`].
    pub fn split(self, parts: usize) -> Result<Vec<Money>, Error> {
        if parts == 0 {
            return Err(Error::NoParts);
        }
        if parts > MAX_PARTS {
            return Err(Error::TooManyParts { max: MAX_PARTS });
        }
        self.allocate(&vec![Decimal::ONE; parts])
    }

    /// Splits in proportion to `ratios` (largest remainder: each part gets
    /// the floor of its exact share, then the missing minor units go to the
    /// largest remainders, ties to the earlier part). The parts sum exactly
    /// to `self`. The shares are exact fractions at any size: no remainder
    /// is rounded before it is compared.
    ///
    /// # Errors
    /// [`Error::InvalidRatios`] if `ratios` is empty, has a negative ratio
    /// or sums to zero; [`Error::TooManyParts`] if there are more than
    /// [`MAX_PARTS`] ratios; [`Error::Overflow`] if the ratios, written as
    /// whole numbers at the scale of the one with most places, or their
    /// sum, do not fit in 128 bits (about 1.7 × 10^38: `1e28` beside
    /// `1e-28` does not).
    ///
    /// # Example
    /// ```
    /// use billing_core::{Currency, Money};
    /// use rust_decimal::Decimal;
    ///
    /// let pot = Money::parse("100", Currency::iso("JPY")?)?;
    /// let parts = pot.allocate(&[Decimal::ONE, Decimal::ONE, Decimal::ONE])?;
    /// assert_eq!(parts.iter().map(|m| m.minor()).collect::<Vec<_>>(), [34, 33, 33]);
    /// assert_eq!(pot.allocate(&[]).unwrap_err().code(), "invalid_ratios");
    /// # Ok::<(), billing_core::Error>(())
    /// ```
    pub fn allocate(self, ratios: &[Decimal]) -> Result<Vec<Money>, Error> {
        if ratios.len() > MAX_PARTS {
            return Err(Error::TooManyParts { max: MAX_PARTS });
        }
        split::by_ratios(self.minor, ratios)?
            .into_iter()
            .map(|minor| Money::from_minor(minor, self.currency))
            .collect()
    }

    /// Sums amounts of one currency; the sum of nothing is zero.
    ///
    /// # Errors
    /// [`Error::CurrencyMismatch`] or [`Error::Overflow`].
    pub fn sum<I: IntoIterator<Item = Money>>(
        currency: Currency,
        items: I,
    ) -> Result<Money, Error> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), Money::checked_add)
    }

    fn same_currency(self, other: Money) -> Result<(), Error> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                expected: self.currency,
                found: other.currency,
            })
        }
    }
}

/// `10^exp` as an `i128`; exponents above 38 overflow.
pub(crate) fn pow10(exp: u32) -> Result<i128, Error> {
    10i128.checked_pow(exp).or_overflow()
}

/// Amounts compare only within one currency: `partial_cmp` of amounts in
/// different currencies is `None`, so `<` and `>` are both false.
impl PartialOrd for Money {
    fn partial_cmp(&self, other: &Money) -> Option<Ordering> {
        (self.currency == other.currency).then(|| self.minor.cmp(&other.minor))
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_text().as_str(), self.currency)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

impl FromStr for Money {
    type Err = Error;

    /// Parses `"<amount> <ISO code>"`, such as `"10.00 USD"`.
    fn from_str(s: &str) -> Result<Money, Error> {
        let (amount, code) = s.split_once(' ').ok_or(Error::InvalidDecimal)?;
        Money::parse(amount, Currency::iso(code)?)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an amount of money: an object with amount and currency"
)]
struct MoneyForm {
    #[serde(with = "crate::decimal::serde_str")]
    amount: Decimal,
    currency: Currency,
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The fields of `MoneyForm`, in its order.
        let mut form = serializer.serialize_struct("MoneyForm", 2)?;
        form.serialize_field("amount", self.amount_text().as_str())?;
        form.serialize_field("currency", &self.currency)?;
        form.end()
    }
}

/// A money amount's decimal text, formatted on the stack (see
/// [`Money::amount_text`]).
pub(crate) struct AmountText {
    bytes: [u8; AmountText::CAPACITY],
    /// The text is the last `len` bytes.
    len: usize,
}

impl AmountText {
    /// Room for any i128 (39 digits) with its sign, point and a leading
    /// zero (scales are at most 18).
    const CAPACITY: usize = 48;

    fn new(minor: i128, scale: u32) -> AmountText {
        let mut text = AmountText {
            bytes: [0; AmountText::CAPACITY],
            len: 0,
        };
        let mut rest = minor.unsigned_abs();
        for _ in 0..scale {
            text.push_front(last_digit(&mut rest));
        }
        if scale > 0 {
            text.push_front(b'.');
        }
        loop {
            text.push_front(last_digit(&mut rest));
            if rest == 0 {
                break;
            }
        }
        if minor < 0 {
            text.push_front(b'-');
        }
        text
    }

    /// Writes `byte` before the text (ignored when full, which the
    /// capacity rules out).
    #[inline]
    fn push_front(&mut self, byte: u8) {
        let free = AmountText::CAPACITY.saturating_sub(self.len);
        if let Some(slot) = free.checked_sub(1).and_then(|at| self.bytes.get_mut(at)) {
            *slot = byte;
            self.len = self.len.saturating_add(1);
        }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        let start = AmountText::CAPACITY.saturating_sub(self.len);
        self.bytes
            .get(start..)
            .and_then(|text| std::str::from_utf8(text).ok())
            .unwrap_or_default()
    }
}

/// Takes the last decimal digit off `rest`, as its ASCII byte; with native
/// 64-bit division once `rest` fits (always, for amounts under 1.8 * 10^19
/// minor units).
fn last_digit(rest: &mut u128) -> u8 {
    let digit = match u64::try_from(*rest) {
        Ok(small) => {
            *rest = u128::from(small / 10);
            small % 10
        }
        Err(_) => {
            let digit = u64::try_from(*rest % 10).unwrap_or(0);
            *rest /= 10;
            digit
        }
    };
    b'0'.saturating_add(u8::try_from(digit).unwrap_or(0))
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let form = MoneyForm::deserialize(deserializer)?;
        Money::new(form.amount, form.currency).map_err(crate::json::de_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The amount text equals `Decimal`'s display at every scale a
    /// currency can have, at the edges of 64 and 96 bits, and beyond.
    #[test]
    fn amount_text_is_the_decimal_display() {
        let edges: [i128; 12] = [
            0,
            1,
            -1,
            9,
            10,
            -105,
            i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            -i128::from(u64::MAX) - 1,
            (1 << 96) - 1,
            -(1 << 96) + 1,
            123_456_789_012_345_678,
        ];
        for scale in 0..=18 {
            for minor in edges {
                let decimal = Decimal::try_from_i128_with_scale(minor, scale).unwrap();
                assert_eq!(
                    AmountText::new(minor, scale).as_str(),
                    decimal.to_string(),
                    "{minor} at scale {scale}"
                );
            }
        }
        // Beyond Decimal's 96 bits, still exact.
        assert_eq!(
            AmountText::new(i128::MIN, 2).as_str(),
            "-1701411834604692317316873037158841057.28"
        );
        assert_eq!(
            AmountText::new(i128::MAX, 0).as_str(),
            i128::MAX.to_string()
        );
    }

    fn usd() -> Currency {
        Currency::iso("USD").unwrap()
    }

    /// A product is rounded once from its exact value, or refused: never
    /// rounded to 28 places by rust_decimal and then again.
    #[test]
    fn a_product_is_rounded_once_or_refused() {
        let dec = |t: &str| parse_decimal(t).unwrap();
        let product = |a: &str, b: &str, mode: RoundingMode| {
            Money::rounded_product(dec(a), dec(b), usd(), mode).map(|m| m.to_string())
        };
        use RoundingMode::{Down, HalfEven, HalfUp, Up};
        let refused = Err(Error::Overflow);
        let usd = |text: &str| Ok(format!("{text} USD"));
        let half_cent = "0.010000000000000000000000002";
        for (a, b, mode, expected) in [
            // 0.2 × 5.0250000000000000000000000002 =
            // 1.00500000000000000000000000004 exactly (29 places): just
            // over the midpoint, it would round to 1.005 first and then to
            // even (1.00). Refused, not wrong.
            (
                "0.2",
                "5.0250000000000000000000000002",
                HalfEven,
                refused.clone(),
            ),
            // Trailing zeros do not count: 30 written places, exact in 1.
            ("1.5000000000000000000000000000", "2.00", Up, usd("3.00")),
            // Exact products at 28 places round as before, in every mode.
            ("3", "0.3333333333333333333333333333", Up, usd("1.00")),
            ("0.5", half_cent, Up, usd("0.01")),
            ("0.5", half_cent, HalfUp, usd("0.01")),
            ("0.5", half_cent, Down, usd("0.00")),
            // A zero factor gives zero; a product too small to be exact is
            // refused, not taken for zero (up would make it 0.01).
            ("0", "7.50", HalfUp, usd("0.00")),
            (
                "0.00000000000000000001",
                "0.00000000000000000001",
                Up,
                refused.clone(),
            ),
            // Too large is refused as before.
            (
                "79228162514264337593543950335",
                "2",
                HalfUp,
                refused.clone(),
            ),
        ] {
            assert_eq!(product(a, b, mode), expected, "{a} × {b}, {mode:?}");
        }
    }

    #[test]
    fn trailing_zeros_are_not_extra_precision() {
        assert_eq!(Money::parse("10.500", usd()).unwrap().minor(), 1050);
        assert_eq!(Money::parse("10", usd()).unwrap().to_string(), "10.00 USD");
    }

    #[test]
    fn mismatched_currencies_do_not_add_or_compare() {
        let eur = Money::zero(Currency::iso("EUR").unwrap());
        let usd = Money::zero(usd());
        assert_eq!(
            usd.checked_add(eur),
            Err(Error::CurrencyMismatch {
                expected: usd.currency(),
                found: eur.currency()
            })
        );
        assert_eq!(usd.partial_cmp(&eur), None);
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let max = Money::from_minor(MAX_MINOR, usd()).unwrap();
        assert_eq!(
            max.checked_add(Money::from_minor(1, usd()).unwrap()),
            Err(Error::Overflow)
        );
        assert_eq!(
            Money::from_minor(MAX_MINOR + 1, usd()),
            Err(Error::Overflow)
        );
        assert_eq!(max.negated().minor(), -MAX_MINOR);
        let big: Decimal = "79228162514264337593543950335".parse().unwrap();
        assert_eq!(Money::new(big, usd()), Err(Error::Overflow));
        assert_eq!(
            max.checked_mul(Decimal::TWO, RoundingMode::HalfUp),
            Err(Error::Overflow)
        );
    }

    #[test]
    fn json_form_refuses_numbers_and_extra_precision() {
        let m = Money::parse("-1.50", usd()).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":"-1.50","currency":"USD"}"#);
        assert_eq!(crate::json::from_str::<Money>(&json), Ok(m));
        assert_eq!(
            crate::json::from_str::<Money>(r#"{"amount":1.5,"currency":"USD"}"#),
            Err(Error::FloatRefused)
        );
        assert_eq!(
            crate::json::from_str::<Money>(r#"{"amount":"1.505","currency":"USD"}"#),
            Err(Error::ScaleExceeded {
                currency: usd(),
                minor_units: 2
            })
        );
    }
}
