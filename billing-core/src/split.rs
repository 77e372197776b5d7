//! Exact splitting: largest remainder, the one way money is divided.
//!
//! Every place that divides money (splitting an amount, spreading an
//! invoice discount over lines, spreading per-invoice tax back over lines,
//! proportional payment allocation, proration) goes through
//! [`distribute`], so the parts always sum exactly to the whole.

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
pub(crate) fn distribute(total: i128, exact: &[Decimal]) -> Result<Vec<i128>, Error> {
    if total < 0 {
        let negated: Vec<Decimal> = exact
            .iter()
            .map(|d| d.checked_mul(Decimal::NEGATIVE_ONE).or_overflow())
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
    exact: &[Decimal],
    caps: &[i128],
) -> Result<Vec<i128>, Error> {
    if exact.is_empty() {
        return if total == 0 {
            Ok(Vec::new())
        } else {
            Err(Error::NoParts)
        };
    }
    let cap = |i: usize| caps.get(i).copied().unwrap_or(i128::MAX);
    let mut parts = Vec::with_capacity(exact.len());
    let mut remainders = Vec::with_capacity(exact.len());
    let mut assigned: i128 = 0;
    for (i, share) in exact.iter().enumerate() {
        let floor = share.floor();
        let part = i128::try_from(floor)
            .map_err(|_| Error::Overflow)?
            .min(cap(i));
        parts.push(part);
        remainders.push(share.checked_sub(floor).or_overflow()?);
        assigned = assigned.checked_add(part).or_overflow()?;
    }
    // A share found by division keeps as many digits as a `Decimal` holds,
    // so a smaller share keeps more decimal places (60629.333…, 24 of
    // them, beside 86613.333…, 23): compared as they are, equal fractions
    // would not tie. Compared at the places every such share keeps, they
    // do, and the earlier part wins as documented.
    if let Some(places) = exact
        .iter()
        .filter(|share| may_be_rounded(share))
        .map(Decimal::scale)
        .min()
    {
        for remainder in &mut remainders {
            *remainder = RoundingMode::HalfEven.round(*remainder, places);
        }
    }
    // Order: largest remainder first, then the earlier part.
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| match (remainders.get(a), remainders.get(b)) {
        (Some(ra), Some(rb)) => rb.cmp(ra).then(a.cmp(&b)),
        _ => Ordering::Equal,
    });
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

/// Splits `total` minor units in proportion to `ratios`.
///
/// # Errors
/// [`Error::InvalidRatios`] if `ratios` is empty, has a negative ratio, or
/// sums to zero; [`Error::Overflow`] if the arithmetic does not fit.
pub(crate) fn by_ratios(total: i128, ratios: &[Decimal]) -> Result<Vec<i128>, Error> {
    if ratios.is_empty() || ratios.iter().any(Decimal::is_sign_negative) {
        return Err(Error::InvalidRatios);
    }
    let sum = ratios
        .iter()
        .try_fold(Decimal::ZERO, |acc, r| acc.checked_add(*r))
        .or_overflow()?;
    if sum.is_zero() {
        return Err(Error::InvalidRatios);
    }
    let whole = Decimal::try_from_i128_with_scale(total, 0).map_err(|_| Error::Overflow)?;
    let exact = ratios
        .iter()
        .map(|r| share(whole, *r, sum))
        .collect::<Result<Vec<_>, _>>()?;
    distribute(total, &exact)
}

/// `whole * part / sum`, multiplying first for precision and dividing
/// first only when the product would not fit.
pub(crate) fn share(whole: Decimal, part: Decimal, sum: Decimal) -> Result<Decimal, Error> {
    match whole.checked_mul(part) {
        Some(product) => product.checked_div(sum),
        None => part.checked_div(sum).and_then(|f| f.checked_mul(whole)),
    }
    .or_overflow()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn equal_shares_give_the_extra_units_to_the_first_parts() {
        let thirds = vec![d("33.333333333333333333333333333"); 3];
        assert_eq!(distribute(100, &thirds).unwrap(), vec![34, 33, 33]);
        let negative_thirds = vec![d("-33.333333333333333333333333333"); 3];
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
        assert_ne!(gst.scale(), pst.scale());
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
            distribute(1, &[d("0.3"), gst - d("86613")]).unwrap(),
            vec![0, 1]
        );
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
            distribute(10, &[d("3.6"), d("3.3"), d("3.1")]).unwrap(),
            vec![4, 3, 3]
        );
    }

    #[test]
    fn shares_that_do_not_sum_to_total_are_still_exact() {
        assert_eq!(distribute(5, &[d("0"), d("0")]).unwrap(), vec![3, 2]);
        assert_eq!(distribute(1, &[d("2"), d("2")]).unwrap(), vec![1, 0]);
    }

    #[test]
    fn caps_are_respected() {
        assert_eq!(
            distribute_capped(3, &[d("1.9"), d("0.5"), d("0.6")], &[1, 5, 5]).unwrap(),
            vec![1, 1, 1]
        );
        assert_eq!(
            distribute_capped(3, &[d("1"), d("1")], &[1, 1]),
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
