//! Exact splitting: largest remainder, the one way money is divided.
//!
//! Every place that divides money (splitting an amount, spreading an
//! invoice discount over lines, spreading per-invoice tax back over lines,
//! proportional payment allocation, proration) hands each part's floor
//! and remainder to one largest-remainder step, `allot` (through
//! [`distribute`] for shares, [`by_ratios`] and [`by_weights`] for whole
//! weights), so the parts always sum exactly to the whole.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::error::Error;
use crate::error::OrOverflow;
use crate::rounding::RoundingMode;

/// Whether a `Decimal` may have been rounded to fit: it has 28 digits or
/// more (it holds up to 2^96, about 7.9 * 10^28), or 28 decimal places.
fn may_be_rounded(value: &Decimal) -> bool {
    value.mantissa().unsigned_abs() >= 10u128.pow(27) || value.scale() >= Decimal::MAX_SCALE
}

/// One part's share of a split, in minor units: as a `Decimal`, and as the
/// exact fraction `num / den` (`den > 0`) where those integers fit in 128
/// bits. A share found by division is rounded at its 28th digit, so two
/// equal fractions can differ at their last place; their exact forms tie.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Share {
    /// The share (rounded at its 28th digit when division made it).
    pub(crate) value: Decimal,
    exact: Option<(i128, i128)>,
}

impl Share {
    fn negated(self) -> Result<Share, Error> {
        Ok(Share {
            value: self
                .value
                .checked_mul(Decimal::NEGATIVE_ONE)
                .or_overflow()?,
            exact: self
                .exact
                .and_then(|(num, den)| Some((num.checked_neg()?, den))),
        })
    }
}

/// A share split into its floor and its remainder `rem / den`
/// (`0 <= rem <= den`), in minor units.
#[derive(Debug, Clone, Copy)]
struct Part {
    floor: i128,
    rem: i128,
    den: i128,
}

fn pow10(places: u32) -> Option<i128> {
    10i128.checked_pow(places)
}

/// Distributes `total` minor units over parts whose exact (unrounded)
/// shares in minor units are `exact`, so that the parts sum to `total`.
///
/// Each part starts at the floor of its exact share; the minor units still
/// missing go one each to the parts with the largest remainders (ties: the
/// earlier part). Negative totals are split as the mirror image of the
/// positive total, so `-1.00 / 3` gives `-0.34, -0.33, -0.33`.
///
/// The shares are expected to sum to about `total`; if they do not, the
/// difference is still spread one unit at a time, so the result always sums
/// exactly to `total`.
pub(crate) fn distribute(total: i128, exact: &[Share]) -> Result<Vec<i128>, Error> {
    if total < 0 {
        let negated: Vec<Share> = exact
            .iter()
            .map(|share| share.negated())
            .collect::<Result<_, _>>()?;
        let parts = distribute(total.checked_neg().or_overflow()?, &negated)?;
        return parts
            .into_iter()
            .map(|p| p.checked_neg().or_overflow())
            .collect();
    }
    distribute_capped(total, exact, &[])
}

/// As [`distribute`] for a total of at least zero, with no part above its
/// cap (`caps[i]`, where given; parts without a cap are unbounded).
///
/// # Errors
/// [`Error::Overflow`] if the arithmetic does not fit, or if the caps sum
/// to less than `total`.
pub(crate) fn distribute_capped(
    total: i128,
    exact: &[Share],
    caps: &[i128],
) -> Result<Vec<i128>, Error> {
    if exact.is_empty() {
        return if total == 0 {
            Ok(Vec::new())
        } else {
            Err(Error::NoParts)
        };
    }
    let split = match exact_parts(exact) {
        Some(split) => split,
        None => decimal_parts(exact)?,
    };
    allot(total, &split, caps)
}

/// As [`distribute_capped`], from each share's floor and remainder.
fn allot(total: i128, split: &[Part], caps: &[i128]) -> Result<Vec<i128>, Error> {
    let cap = |i: usize| caps.get(i).copied().unwrap_or(i128::MAX);
    // Order: largest remainder first, then the earlier part. Remainders
    // `rem / den` compare as `rem * den'`; they share `den` or the
    // product fits.
    let mut order: Vec<usize> = (0..split.len()).collect();
    order.sort_by(|&a, &b| match (split.get(a), split.get(b)) {
        (Some(pa), Some(pb)) if pa.den == pb.den => pb.rem.cmp(&pa.rem).then(a.cmp(&b)),
        (Some(pa), Some(pb)) => pb
            .rem
            .saturating_mul(pa.den)
            .cmp(&pa.rem.saturating_mul(pb.den))
            .then(a.cmp(&b)),
        _ => Ordering::Equal,
    });
    let mut parts = Vec::with_capacity(split.len());
    let mut assigned: i128 = 0;
    for (i, share) in split.iter().enumerate() {
        let part = share.floor.min(cap(i));
        parts.push(part);
        assigned = assigned.checked_add(part).or_overflow()?;
    }
    let mut missing = total.checked_sub(assigned).or_overflow()?;
    // Hand out (or take back) one unit per pass over the order; a pass that
    // moves nothing means the caps leave no room.
    while missing != 0 {
        let mut moved = false;
        let sequence: Box<dyn Iterator<Item = &usize>> = if missing > 0 {
            Box::new(order.iter())
        } else {
            Box::new(order.iter().rev())
        };
        for &i in sequence {
            let Some(part) = parts.get_mut(i) else {
                continue;
            };
            if missing > 0 && *part < cap(i) {
                *part = part.checked_add(1).or_overflow()?;
                missing = missing.checked_sub(1).or_overflow()?;
                moved = true;
            } else if missing < 0 {
                *part = part.checked_sub(1).or_overflow()?;
                missing = missing.checked_add(1).or_overflow()?;
                moved = true;
            }
            if missing == 0 {
                break;
            }
        }
        if !moved {
            return Err(Error::Overflow);
        }
    }
    Ok(parts)
}

/// The sum of `shares` rounded once to whole minor units in `mode`.
///
/// From their exact fractions, where every share has one and their sum
/// fits: the decimal value of a share found by division is rounded at its
/// 28th digit, and a sum of such values can land on the other side of a
/// midpoint or a whole unit than the exact sum (3 × 9.95 at 20% inclusive
/// is 4.975 of tax, exactly; three shares of 1.6583…33 sum to 4.9749…99).
/// Else from the decimal values, which are then exact unless one may have
/// been rounded: that is refused, never rounded twice.
///
/// # Errors
/// [`Error::Overflow`] if the sum cannot be rounded exactly.
pub(crate) fn round_sum(shares: &[Share], mode: RoundingMode) -> Result<i128, Error> {
    if let Some((num, den)) = exact_sum(shares) {
        return mode.round_fraction(num, den).or_overflow();
    }
    if shares.iter().any(|share| may_be_rounded(&share.value)) {
        return Err(Error::Overflow);
    }
    let sum = shares
        .iter()
        .try_fold(Decimal::ZERO, |acc, share| acc.checked_add(share.value))
        .or_overflow()?;
    i128::try_from(mode.round(sum, 0)).map_err(|_| Error::Overflow)
}

/// The exact sum of the shares' fractions, as `num / den` (`den > 0`), if
/// every share has one and the arithmetic fits.
fn exact_sum(shares: &[Share]) -> Option<(i128, i128)> {
    shares.iter().try_fold((0i128, 1i128), |(num, den), share| {
        let (n, d) = share.exact?;
        if d == den {
            return Some((num.checked_add(n)?, den));
        }
        // num/den + n/d over the least common denominator.
        let g = gcd(den, d);
        let (left, right) = (d.checked_div(g)?, den.checked_div(g)?);
        let sum = num.checked_mul(left)?.checked_add(n.checked_mul(right)?)?;
        Some((sum, den.checked_mul(left)?))
    })
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a.checked_rem(b).unwrap_or(0));
    }
    a.checked_abs().unwrap_or(1).max(1)
}

/// Each share's floor and remainder, exactly: `None` if a share has no
/// fraction, or if two denominators' product might not fit.
fn exact_parts(exact: &[Share]) -> Option<Vec<Part>> {
    let mut split = Vec::with_capacity(exact.len());
    let mut widest: i128 = 1;
    for share in exact {
        let (num, den) = share.exact?;
        widest = widest.max(den);
        split.push(Part {
            floor: num.checked_div_euclid(den)?,
            rem: num.checked_rem_euclid(den)?,
            den,
        });
    }
    widest.checked_mul(widest)?;
    Some(split)
}

/// As [`exact_parts`], from the shares' `Decimal` values, every remainder
/// over one denominator: a power of ten.
///
/// A share found by division keeps as many digits as a `Decimal` holds, so
/// a smaller share keeps more decimal places (60629.333…, 24 of them,
/// beside 86613.333…, 23): compared as they are, equal fractions would not
/// tie. They are compared at the places every such share keeps, where most
/// do.
fn decimal_parts(exact: &[Share]) -> Result<Vec<Part>, Error> {
    let places = exact
        .iter()
        .map(|share| share.value)
        .filter(may_be_rounded)
        .map(|value| value.scale())
        .min()
        .or_else(|| exact.iter().map(|share| share.value.scale()).max())
        .unwrap_or(0);
    let den = pow10(places).or_overflow()?;
    let mut split = Vec::with_capacity(exact.len());
    for share in exact {
        let floor = share.value.floor();
        let remainder =
            RoundingMode::HalfEven.round(share.value.checked_sub(floor).or_overflow()?, places);
        // At most `places` places: over `den`, its digits times a power of ten.
        let rem = places
            .checked_sub(remainder.scale())
            .and_then(pow10)
            .and_then(|shift| remainder.mantissa().checked_mul(shift))
            .or_overflow()?;
        let floor = i128::try_from(floor).map_err(|_| Error::Overflow)?;
        split.push(Part { floor, rem, den });
    }
    Ok(split)
}

/// Splits `total` minor units in proportion to `ratios`.
///
/// Exactly: the ratios are brought to one scale as integers `r_i`, and each
/// share `total * r_i / sum` is found as its floor and remainder over
/// `sum`, with 256 bits for the product. So any two remainders compare
/// exactly, however large the amount or the ratios.
///
/// # Errors
/// [`Error::InvalidRatios`] if `ratios` is empty, has a negative ratio, or
/// sums to zero; [`Error::Overflow`] if the ratios at one scale, or their
/// sum, do not fit in 128 bits (a ratio of 29 digits beside one of 28
/// places).
pub(crate) fn by_ratios(total: i128, ratios: &[Decimal]) -> Result<Vec<i128>, Error> {
    if total < 0 {
        let parts = by_ratios(total.checked_neg().or_overflow()?, ratios)?;
        return parts
            .into_iter()
            .map(|p| p.checked_neg().or_overflow())
            .collect();
    }
    // Signed mantissas: a negative ratio is refused as a negative weight,
    // and a negative zero (`-Decimal::ZERO`) is a zero one.
    let scale = ratios.iter().map(Decimal::scale).max().unwrap_or(0);
    let whole = ratios
        .iter()
        .map(|r| {
            let shift = pow10(scale.checked_sub(r.scale())?)?;
            r.mantissa().checked_mul(shift)
        })
        .collect::<Option<Vec<i128>>>()
        .or_overflow()?;
    allot(total, &whole_parts(total, &whole)?, &[])
}

/// Splits `total` minor units (from zero to the weights' sum) in
/// proportion to `weights` (open amounts, line amounts), exactly as
/// [`by_ratios`], no part above its weight.
///
/// # Errors
/// As [`by_ratios`]; [`Error::Overflow`] also for a total above the
/// weights' sum.
pub(crate) fn by_weights(total: i128, weights: &[i128]) -> Result<Vec<i128>, Error> {
    allot(total, &whole_parts(total, weights)?, weights)
}

/// Each share `total * w_i / sum` of whole weights `w_i`, as its floor
/// and its remainder over `sum`.
///
/// # Errors
/// [`Error::InvalidRatios`] for no weights, a negative one, or a zero sum;
/// [`Error::Overflow`] for a negative `total` or a sum past 128 bits.
fn whole_parts(total: i128, weights: &[i128]) -> Result<Vec<Part>, Error> {
    if weights.is_empty() || weights.iter().any(|w| *w < 0) {
        return Err(Error::InvalidRatios);
    }
    let sum = weights
        .iter()
        .try_fold(0i128, |acc, w| acc.checked_add(*w))
        .or_overflow()?;
    if sum == 0 {
        return Err(Error::InvalidRatios);
    }
    let unsigned = |n: i128| u128::try_from(n).map_err(|_| Error::Overflow);
    let signed = |n: u128| i128::try_from(n).map_err(|_| Error::Overflow);
    let (total_u, den) = (unsigned(total)?, unsigned(sum)?);
    weights
        .iter()
        .map(|w| {
            let (floor, rem) = mul_div(total_u, unsigned(*w)?, den).or_overflow()?;
            Ok(Part {
                floor: signed(floor)?,
                rem: signed(rem)?,
                den: sum,
            })
        })
        .collect()
}

/// `a * b / d` (`d > 0`) as its quotient and remainder, the product in 256
/// bits; `None` if the quotient does not fit in 128 bits.
fn mul_div(a: u128, b: u128, d: u128) -> Option<(u128, u128)> {
    if let Some(product) = a.checked_mul(b) {
        return Some((product.checked_div(d)?, product.checked_rem(d)?));
    }
    let (high, low) = wide_mul(a, b);
    if high >= d || d > u128::MAX >> 1 {
        return None;
    }
    // Long division of `high * 2^128 + low` by `d`, a bit at a time:
    // `rem < d < 2^127`, so `rem << 1` never loses a bit.
    let (mut quot, mut rem) = (0u128, high);
    for bit in (0..128).rev() {
        rem = (rem << 1) | ((low >> bit) & 1);
        quot <<= 1;
        if rem >= d {
            rem = rem.wrapping_sub(d);
            quot |= 1;
        }
    }
    Some((quot, rem))
}

/// `a * b` in 256 bits, as `(high, low)`.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u128::MAX >> 64;
    let (a1, a0, b1, b0) = (a >> 64, a & LOW, b >> 64, b & LOW);
    // Each product of two 64-bit halves fits in 128 bits, and so do the
    // sums below (three terms under 2^64 each, or the high word itself).
    let (p00, p01, p10, p11) = (
        a0.wrapping_mul(b0),
        a0.wrapping_mul(b1),
        a1.wrapping_mul(b0),
        a1.wrapping_mul(b1),
    );
    let mid = (p00 >> 64).wrapping_add(p01 & LOW).wrapping_add(p10 & LOW);
    let low = (p00 & LOW) | (mid << 64);
    let high = p11
        .wrapping_add(p01 >> 64)
        .wrapping_add(p10 >> 64)
        .wrapping_add(mid >> 64);
    (high, low)
}

/// `whole * part / sum` (`sum` above zero), multiplying first for
/// precision and dividing first only when the product would not fit; and
/// exactly, where the integers fit.
pub(crate) fn share(whole: Decimal, part: Decimal, sum: Decimal) -> Result<Share, Error> {
    let value = match whole.checked_mul(part) {
        Some(product) => product.checked_div(sum),
        None => part.checked_div(sum).and_then(|f| f.checked_mul(whole)),
    }
    .or_overflow()?;
    // whole = w / 10^a, part = p / 10^b, sum = s / 10^c:
    // whole * part / sum = w * p * 10^c / (s * 10^(a + b)).
    let exact = (|| {
        let num = whole
            .mantissa()
            .checked_mul(part.mantissa())?
            .checked_mul(pow10(sum.scale())?)?;
        let den = sum
            .mantissa()
            .checked_mul(pow10(whole.scale().checked_add(part.scale())?)?)?;
        (den > 0).then_some((num, den))
    })();
    Ok(Share { value, exact })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// A share that the decimal `s` states exactly.
    fn e(s: &str) -> Share {
        let value = d(s);
        Share {
            value,
            exact: pow10(value.scale()).map(|den| (value.mantissa(), den)),
        }
    }

    /// A share known only as the decimal `s` (as if rounded).
    fn r(s: &str) -> Share {
        Share {
            value: d(s),
            exact: None,
        }
    }

    #[test]
    fn a_sum_of_shares_rounds_from_their_exact_fractions() {
        let sixth = |g: &str| share(d(g), d("20"), d("120")).unwrap();
        // 3 x 9.95 at 20% inclusive: 4.975 exactly, not 4.97499…
        let shares = [sixth("995"), sixth("995"), sixth("995")];
        assert_eq!(round_sum(&shares, RoundingMode::HalfUp), Ok(498));
        // Without exact forms, values that may have been rounded are
        // refused; exact ones are summed.
        assert_eq!(
            round_sum(&[r("165.83333333333333333333333333")], RoundingMode::HalfUp),
            Err(Error::Overflow)
        );
        assert_eq!(round_sum(&[r("2.5"), r("2.5")], RoundingMode::Down), Ok(5));
        // Fractions over different denominators.
        assert_eq!(
            round_sum(&[e("0.25"), e("0.125"), e("0.125")], RoundingMode::HalfUp),
            Ok(1)
        );
    }

    /// Found by review: a proportional payment of all but one unit over
    /// open amounts of 3 and 78999999999999999999999999997 (an 18-decimal
    /// currency) gave the larger invoice one unit more than it had open,
    /// and the payment was refused.
    #[test]
    fn no_part_of_a_weighted_split_exceeds_its_weight() {
        for weights in [
            [3, 78_999_999_999_999_999_999_999_999_997],
            [
                50_000_000_000_000_000_000_000_000_000,
                28_999_999_999_999_999_999_999_999_999,
            ],
        ] {
            let sum: i128 = weights.iter().sum();
            for total in [sum - 1, sum - 2, 1] {
                let parts = by_weights(total, &weights).unwrap();
                assert_eq!(parts.iter().sum::<i128>(), total);
                assert!(
                    parts.iter().zip(weights).all(|(p, w)| (0..=w).contains(p)),
                    "{parts:?}"
                );
            }
        }
    }

    #[test]
    fn equal_shares_give_the_extra_units_to_the_first_parts() {
        let thirds = vec![r("33.333333333333333333333333333"); 3];
        assert_eq!(distribute(100, &thirds).unwrap(), vec![34, 33, 33]);
        let negative_thirds = vec![r("-33.333333333333333333333333333"); 3];
        assert_eq!(
            distribute(-100, &negative_thirds).unwrap(),
            vec![-34, -33, -33]
        );
    }

    #[test]
    fn equal_fractions_tie_whatever_places_their_shares_keep() {
        // Found by a review: 24 x 422.24 with inclusive rates of 10% and 7%
        // gives exact tax shares of 86613.333… and 60629.333… (both 1/3
        // over), and the smaller keeps one place more. The missing unit goes
        // to the earlier rate, in either order.
        let gst = share(d("1013376"), d("10"), d("117")).unwrap();
        let pst = share(d("1013376"), d("7"), d("117")).unwrap();
        assert_ne!(gst.value.scale(), pst.value.scale());
        assert_eq!(
            distribute(147_243, &[gst, pst]).unwrap(),
            vec![86614, 60629]
        );
        assert_eq!(
            distribute(147_243, &[pst, gst]).unwrap(),
            vec![60630, 86613]
        );
        // Exact shares still order by their whole remainders.
        assert_eq!(
            distribute(1, &[e("0.3"), r(&(gst.value - d("86613")).to_string())]).unwrap(),
            vec![0, 1]
        );
    }

    /// Found by comparing with exact integer arithmetic over random
    /// splits: shares that division rounds at their 28th digit told equal
    /// fractions apart (about 1 in 4,000 splits by small whole ratios, 1 in
    /// 24,000 inclusive tax splits), and the later part took the unit.
    #[test]
    fn equal_fractions_tie_exactly() {
        let ratios = [d("33"), d("4"), d("3"), d("37"), d("33")];
        assert_eq!(
            by_ratios(60_345_874_890, &ratios).unwrap(),
            vec![
                18_103_762_467,
                2_194_395_451,
                1_645_796_588,
                20_298_157_917,
                18_103_762_467
            ]
        );
        let tax = |rate: &str| share(d("8100"), d(rate), d("132.0")).unwrap();
        assert_eq!(
            distribute(1964, &[tax("4.0"), tax("26"), tax("2.0")]).unwrap(),
            vec![246, 1595, 123]
        );
        // Shares whose integers do not fit are ordered by their decimals.
        let huge = share(
            d("79228162514264337593543950335"),
            d("1000000000000"),
            d("3000000000000"),
        )
        .unwrap();
        assert_eq!(huge.exact, None);
        assert_eq!(distribute(2, &[r("0.5"), r("1.5")]).unwrap(), vec![1, 1]);
    }

    /// Found by review: ratio splits of more than about 10^25 minor units
    /// were ordered by decimal shares with three places or fewer left, so
    /// a part could fall outside its exact share's floor and ceiling, or
    /// the unit go to the smaller remainder.
    #[test]
    fn huge_ratio_splits_are_exact() {
        let max = 79_228_162_514_264_337_593_543_950_335;
        let by = |total: i128, ratios: &[&str]| {
            by_ratios(total, &ratios.iter().map(|r| d(r)).collect::<Vec<_>>())
        };
        // Exact shares …107.4957 and …392.5043: the second takes the unit.
        assert_eq!(
            by(
                655_280_230_001_943_045_572_401_500,
                &["852.415534600398", "419313.33685608"]
            ),
            Ok(vec![
                1_329_406_417_329_332_956_999_107,
                653_950_823_584_613_712_615_402_393
            ])
        );
        // …075.2809 and 0.7191: the tiny ratio's part takes it.
        assert_eq!(
            by(
                23_740_406_645_232_039_204_533_029_076,
                &["2896427871.4288543", "0.0000000000000000000877294618"]
            ),
            Ok(vec![23_740_406_645_232_039_204_533_029_075, 1])
        );
        assert_eq!(
            by(
                max,
                &["5196243968.6850253578353864351", "29394.96185478000795371"]
            ),
            Ok(vec![
                79_227_714_325_985_556_081_826_204_356,
                448_188_278_781_511_717_745_979
            ])
        );
        // Two ratios of Decimal::MAX sum past a Decimal, not past 128 bits.
        assert_eq!(
            by(-1001, &[&max.to_string(), &max.to_string()]),
            Ok(vec![-501, -500])
        );
        // Ratios that do not fit in 128 bits at one scale are refused.
        assert_eq!(
            by(
                1000,
                &[
                    "0.0000000000000000000000000001",
                    "10000000000000000000000000000"
                ]
            ),
            Err(Error::Overflow)
        );
    }

    /// Found by review: a negative zero built in Rust was
    /// refused as a negative ratio.
    #[test]
    fn a_negative_zero_ratio_is_zero() {
        let zero = -Decimal::ZERO;
        assert!(zero.is_sign_negative());
        assert_eq!(by_ratios(100, &[zero, d("1")]), Ok(vec![0, 100]));
        assert_eq!(by_ratios(100, &[zero]), Err(Error::InvalidRatios));
    }

    #[test]
    fn wide_products_divide_exactly() {
        let (a, b) = (u128::MAX, u128::MAX);
        // (2^128 - 1)^2 = 2^256 - 2^129 + 1
        assert_eq!(wide_mul(a, b), (u128::MAX - 1, 1));
        let d = (1u128 << 126) + 12_345;
        let (q, r) = mul_div(1 << 100, 3 << 100, d).unwrap();
        // q * d + r == 3 * 2^200, checked in two 128-bit words.
        let (high, low) = wide_mul(q, d);
        let (low, carry) = low.overflowing_add(r);
        assert_eq!((high + u128::from(carry), low), (3 << 72, 0));
        assert!(r < d);
        assert_eq!(mul_div(u128::MAX, u128::MAX, 5), None);
    }

    #[test]
    fn largest_remainder_wins() {
        // 10 split 1:1:2 of 7 minor units -> 1.75, 1.75, 3.5
        assert_eq!(
            by_ratios(7, &[d("1"), d("1"), d("2")]).unwrap(),
            vec![2, 2, 3]
        );
        // remainders .6, .3, .1 with one unit missing
        assert_eq!(
            distribute(10, &[e("3.6"), e("3.3"), e("3.1")]).unwrap(),
            vec![4, 3, 3]
        );
    }

    #[test]
    fn shares_that_do_not_sum_to_total_are_still_exact() {
        assert_eq!(distribute(5, &[e("0"), e("0")]).unwrap(), vec![3, 2]);
        assert_eq!(distribute(1, &[e("2"), e("2")]).unwrap(), vec![1, 0]);
    }

    #[test]
    fn caps_are_respected() {
        assert_eq!(
            distribute_capped(3, &[e("1.9"), e("0.5"), e("0.6")], &[1, 5, 5]).unwrap(),
            vec![1, 1, 1]
        );
        assert_eq!(
            distribute_capped(3, &[e("1"), e("1")], &[1, 1]),
            Err(Error::Overflow)
        );
    }

    #[test]
    fn bad_ratios() {
        assert_eq!(by_ratios(1, &[]), Err(Error::InvalidRatios));
        assert_eq!(by_ratios(1, &[d("0"), d("0")]), Err(Error::InvalidRatios));
        assert_eq!(by_ratios(1, &[d("1"), d("-1")]), Err(Error::InvalidRatios));
        assert_eq!(distribute(1, &[]), Err(Error::NoParts));
    }
}
