//! Payment methods: references to a card, bank account or wallet, never the
//! card data itself.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::Error;
use crate::invoice::{MAX_TEXT_CHARS, limit_text, require_id};

/// The kind of a payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    /// A payment card (credit or debit).
    Card,
    /// A bank account debited by ACH.
    BankAccount,
    /// A direct debit mandate (SEPA, BACS, ...).
    DirectDebit,
    /// A bank transfer the customer sends.
    BankTransfer,
    /// A wire transfer the customer sends.
    Wire,
    /// A PayPal billing agreement.
    PayPal,
    /// A paper check.
    Check,
    /// Cash.
    Cash,
    /// Anything else.
    Other,
}

impl MethodKind {
    /// Whether the provider can charge it without the customer acting
    /// (cards, bank accounts, direct debit, PayPal); transfers, wires,
    /// checks and cash are pushed by the customer.
    pub fn is_chargeable(self) -> bool {
        matches!(
            self,
            MethodKind::Card
                | MethodKind::BankAccount
                | MethodKind::DirectDebit
                | MethodKind::PayPal
        )
    }
}

/// A card's expiry: valid through the last day of `month`/`year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a card expiry: an object with month and year"
)]
pub struct CardExpiry {
    /// 1 to 12.
    pub month: u32,
    /// Four-digit year.
    pub year: i32,
}

impl CardExpiry {
    /// Whether the card is expired on `as_of`: after the last day of its
    /// expiry month.
    ///
    /// # Example
    /// ```
    /// use billing_core::{CardExpiry, parse_date};
    ///
    /// let expiry = CardExpiry { month: 2, year: 2028 };
    /// assert!(!expiry.is_expired(parse_date("2028-02-29")?)); // the last day is still valid
    /// assert!(expiry.is_expired(parse_date("2028-03-01")?));
    /// # Ok::<(), billing_core::Error>(())
    /// ```
    pub fn is_expired(&self, as_of: NaiveDate) -> bool {
        (as_of.year(), as_of.month()) > (self.year, self.month)
    }

    /// Checks the month and the year, which is written in full: a card
    /// printed "12/28" expires in year 2028, and 28 would be taken as the
    /// year 28, long expired.
    ///
    /// # Errors
    /// [`Error::InvalidPaymentMethod`] (field `expiry`) for a month outside
    /// 1 to 12 or a year outside 1000 to 9999.
    pub fn check(&self) -> Result<(), Error> {
        if (1..=12).contains(&self.month) && (1000..=9999).contains(&self.year) {
            Ok(())
        } else {
            Err(Error::InvalidPaymentMethod {
                field: "expiry".to_owned(),
            })
        }
    }
}

/// A payment method the account can be charged with: a reference (a token
/// or external id from the payment provider) and what a portal shows about
/// it (brand, last four digits, expiry, a label).
///
/// Card data never enters the library: any field that holds something that
/// looks like a full card number (13 to 19 digits, separators allowed,
/// passing the Luhn check) or a card security code is refused with
/// [`Error::CardDataRefused`], and the value is never echoed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct PaymentMethod {
    /// The caller's id for the method.
    pub id: String,
    /// The kind.
    pub kind: MethodKind,
    /// The payment provider's token or id for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The card brand or bank name (`"visa"`, `"Chase"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// The last four digits of the card or account number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last4: Option<String>,
    /// A card's expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<CardExpiry>,
    /// A label the customer chose (`"Company card"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl PaymentMethod {
    /// A method with only an id and a kind.
    pub fn new(id: impl Into<String>, kind: MethodKind) -> PaymentMethod {
        PaymentMethod {
            id: id.into(),
            kind,
            token: None,
            brand: None,
            last4: None,
            expiry: None,
            label: None,
        }
    }

    /// Checks the method.
    ///
    /// # Errors
    /// - [`Error::CardDataRefused`] if any field holds a full card number or
    ///   a security code;
    /// - [`Error::EmptyId`] for an empty id, [`Error::InvalidId`] for one
    ///   holding a control or invisible formatting character;
    /// - [`Error::InvalidPaymentMethod`] if `last4` is not four digits or the
    ///   expiry month is not 1 to 12.
    ///
    /// # Example
    /// ```
    /// use billing_core::{MethodKind, PaymentMethod};
    ///
    /// let mut card = PaymentMethod::new("pm_1", MethodKind::Card);
    /// card.last4 = Some("4242".into());
    /// assert!(card.check().is_ok());
    /// card.label = Some("4242 4242 4242 4242".into());
    /// let err = card.check().unwrap_err();
    /// assert_eq!(err.code(), "card_data_refused");
    /// assert!(!err.to_string().contains("4242"));
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        for (field, value) in [
            ("id", Some(&self.id)),
            ("token", self.token.as_ref()),
            ("brand", self.brand.as_ref()),
            ("last4", self.last4.as_ref()),
            ("label", self.label.as_ref()),
        ] {
            if let Some(value) = value {
                refuse_card_data(field, value)?;
                limit_text(value, MAX_TEXT_CHARS, || format!("payment method {field}"))?;
            }
        }
        require_id(&self.id, "payment method id")?;
        if let Some(last4) = &self.last4
            && (last4.len() != 4 || !last4.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::InvalidPaymentMethod {
                field: "last4".to_owned(),
            });
        }
        self.expiry.as_ref().map_or(Ok(()), CardExpiry::check)
    }

    /// Whether the method can be used for an automatic charge on `as_of`:
    /// a chargeable kind, and not an expired card.
    pub fn can_auto_charge(&self, as_of: NaiveDate) -> bool {
        self.kind.is_chargeable() && !self.expiry.is_some_and(|e| e.is_expired(as_of))
    }
}

/// Names under which a card security code is sent.
const SECURITY_CODE_NAMES: [&str; 7] =
    ["cvv", "cvc", "cvv2", "cvc2", "csc", "cid", "security_code"];

/// Refuses text that holds a full card number or names a security code.
///
/// # Errors
/// [`Error::CardDataRefused`] naming `field` (never the value).
pub fn refuse_card_data(field: &str, value: &str) -> Result<(), Error> {
    // Both a card number and a security code need digits: most text (a
    // line description, a method id) has fewer than three and is done.
    if value.bytes().filter(u8::is_ascii_digit).take(3).count() < 3 {
        return Ok(());
    }
    if contains_card_number(value) || names_a_security_code(value) {
        return Err(Error::CardDataRefused {
            field: field.to_owned(),
        });
    }
    Ok(())
}

/// Whether `text` names a security code followed by its 3 or 4 digits
/// ("CVV 123", "cvc: 1234"), in any letter case.
fn names_a_security_code(text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|at| {
        let rest = bytes.get(at..).unwrap_or_default();
        SECURITY_CODE_NAMES.iter().any(|name| {
            let name = name.as_bytes();
            rest.get(..name.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(name))
                && {
                    let after = rest.get(name.len()..).unwrap_or_default();
                    let digits = after
                        .iter()
                        .skip_while(|b| matches!(b, b' ' | b':' | b'=' | b'-'))
                        .take_while(|b| b.is_ascii_digit())
                        .take(5)
                        .count();
                    (3..=4).contains(&digits)
                }
        })
    })
}

/// Whether `text` holds 13 to 19 digits in a row (spaces and dashes may
/// separate them) that pass the Luhn check.
fn contains_card_number(text: &str) -> bool {
    // The current run of digits (only its first 20 are kept: a run longer
    // than 19 is not a card number anyway).
    let mut run = [0u8; 20];
    let mut len = 0usize;
    let mut found = false;
    let mut end_run = |run: &[u8; 20], len: usize| {
        // A whole run of 13 to 19 digits: a longer run is some other
        // number, and checking its windows would refuse innocent ids.
        if (13..=19).contains(&len) && luhn(run.get(..len).unwrap_or_default()) {
            found = true;
        }
    };
    for c in text.chars() {
        match c {
            '0'..='9' => {
                if let Some(slot) = run.get_mut(len) {
                    *slot = u8::try_from(u32::from(c).saturating_sub(u32::from('0'))).unwrap_or(0);
                }
                len = len.saturating_add(1);
            }
            ' ' | '-' if len > 0 => {}
            _ => {
                end_run(&run, len);
                len = 0;
            }
        }
    }
    end_run(&run, len);
    found
}

/// The Luhn check over decimal digits.
fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d.saturating_mul(2);
                if doubled > 9 {
                    doubled.saturating_sub(9)
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .fold(0u32, u32::saturating_add);
    sum.is_multiple_of(10)
}

/// Decoding refuses fields that name a security code with
/// [`Error::CardDataRefused`] rather than an unknown-field error, and checks
/// the method.
impl<'de> Deserialize<'de> for PaymentMethod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(
            deny_unknown_fields,
            expecting = "a payment method: an object with id, kind and optionally token, brand, last4, expiry and label"
        )]
        struct Form {
            id: String,
            kind: MethodKind,
            #[serde(default)]
            token: Option<String>,
            #[serde(default)]
            brand: Option<String>,
            #[serde(default)]
            last4: Option<String>,
            #[serde(default)]
            expiry: Option<CardExpiry>,
            #[serde(default)]
            label: Option<String>,
            // Security codes and card numbers are named to refuse them.
            #[serde(
                default,
                alias = "cvc",
                alias = "cvv2",
                alias = "cvc2",
                alias = "csc",
                alias = "cid",
                alias = "security_code"
            )]
            cvv: Option<serde::de::IgnoredAny>,
            #[serde(default, alias = "card_number", alias = "pan")]
            number: Option<serde::de::IgnoredAny>,
        }
        let form = Form::deserialize(deserializer)?;
        if form.cvv.is_some() || form.number.is_some() {
            let field = if form.cvv.is_some() {
                "security code"
            } else {
                "card number"
            };
            return Err(crate::json::de_error(Error::CardDataRefused {
                field: field.to_owned(),
            }));
        }
        let method = PaymentMethod {
            id: form.id,
            kind: form.kind,
            token: form.token,
            brand: form.brand,
            last4: form.last4,
            expiry: form.expiry,
            label: form.label,
        };
        method.check().map_err(crate::json::de_error)?;
        Ok(method)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first, allocating implementation, kept as the reference the
    /// allocation-free one must agree with.
    #[allow(
        clippy::as_conversions,
        clippy::arithmetic_side_effects,
        clippy::indexing_slicing
    )]
    fn reference(value: &str) -> bool {
        let mut digits: Vec<u8> = Vec::new();
        let mut runs: Vec<Vec<u8>> = Vec::new();
        for c in value.chars() {
            match c {
                '0'..='9' => digits.push(c.to_digit(10).unwrap() as u8),
                ' ' | '-' if !digits.is_empty() => {}
                _ => runs.push(std::mem::take(&mut digits)),
            }
        }
        runs.push(digits);
        let card = runs
            .iter()
            .any(|run| (13..=19).contains(&run.len()) && luhn(run));
        let lower = value.to_ascii_lowercase();
        let code = SECURITY_CODE_NAMES.iter().any(|name| {
            lower.match_indices(name).any(|(at, _)| {
                let digits: String = lower[at + name.len()..]
                    .trim_start_matches([' ', ':', '=', '-'])
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                (3..=4).contains(&digits.len())
            })
        });
        card || code
    }

    proptest! {
        #[test]
        fn agrees_with_the_reference(value in "([0-9]{1,6}|[ -:=]|CvV|cvc2|Cid|security_code|x|é){0,16}") {
            prop_assert_eq!(refuse_card_data("f", &value).is_err(), reference(&value), "{:?}", value);
        }
    }

    #[test]
    fn luhn_numbers() {
        assert!(luhn(&[4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2]));
        assert!(!luhn(&[4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 2, 4, 1]));
    }

    #[test]
    fn card_numbers_hide_anywhere() {
        for text in [
            "4242424242424242",
            "4242 4242 4242 4242",
            "4242-4242-4242-4242",
            "tok_4242424242424242x",
            "card 378282246310005 amex",
            "6011111111111117",
            "4000056655665556",
        ] {
            assert!(contains_card_number(text), "{text}");
        }
        for text in [
            "4242",
            "tok_1N3fKz2eZvKYlo2C",
            "4242424242424241",
            "2026-01-31",
            "123456789012",
        ] {
            assert!(!contains_card_number(text), "{text}");
        }
    }

    #[test]
    fn security_codes_named_in_text_are_refused() {
        assert!(refuse_card_data("label", "CVV 123").is_err());
        assert!(refuse_card_data("label", "cvc:1234").is_err());
        assert!(refuse_card_data("label", "visa cvv").is_ok());
        assert!(refuse_card_data("label", "Company card").is_ok());
    }
}
