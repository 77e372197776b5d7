//! Invoice documents: kinds, lines, discounts, tax rates and validation.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::currency::Currency;
use crate::error::Error;
use crate::json::Document;
use crate::money::Money;
use crate::rounding::RoundingPolicy;
use crate::totals::Totals;

/// The five kinds of documents a customer portal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    /// The first invoice of a recurring series.
    New,
    /// A later invoice of a recurring series, for one billing period.
    Recurring,
    /// An ad-hoc charge (set-up fee, overage, hardware).
    OneTimeCharge,
    /// A credit from the provider to the customer (goodwill, SLA credit);
    /// issuing it adds its total to the credit balance.
    Credit,
    /// A reversal of charges of one earlier charge invoice (a credit note);
    /// it names that invoice with [`InvoiceBuilder::refund_of`].
    Refund,
}

impl InvoiceKind {
    /// Whether this kind is a charge (new, recurring, one-time charge):
    /// money the customer owes.
    pub fn is_charge(self) -> bool {
        matches!(
            self,
            InvoiceKind::New | InvoiceKind::Recurring | InvoiceKind::OneTimeCharge
        )
    }

    /// The `snake_case` name used in JSON and by the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceKind::New => "new",
            InvoiceKind::Recurring => "recurring",
            InvoiceKind::OneTimeCharge => "one_time_charge",
            InvoiceKind::Credit => "credit",
            InvoiceKind::Refund => "refund",
        }
    }
}

impl std::fmt::Display for InvoiceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::tagged::one_field_enum! {
    expecting = "a discount: an object with amount or percent",
    serde(rename_all = "snake_case");
    /// A discount on a line or on a whole invoice.
    ///
    /// JSON: `{"amount": "5.00"}` or `{"percent": "10"}`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Discount {
        /// A fixed amount in the invoice's currency, at its scale.
        Amount(#[serde(with = "crate::decimal::serde_str")] Decimal),
        /// A percentage from 0 to 100 (`10` is 10 %); may carry decimals.
        Percent(#[serde(with = "crate::decimal::serde_str")] Decimal),
    }
}

/// A tax rate applied to a line.
///
/// A rate is a percentage (`20` is 20 %, `8.875` is 8.875 %). Exclusive
/// tax is added on top of the line's amount; inclusive tax is already part
/// of it and is split out. Several rates on one line are each applied to
/// the same base (not compounded) and must be all inclusive or all
/// exclusive. The `id` names the rate on the invoice (`"VAT-20"`,
/// `"US-CA"`) and groups tax per rate; one id has one definition per
/// invoice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a tax rate: an object with id, percent and optionally inclusive"
)]
pub struct TaxRate {
    /// The rate's identifier, shown on the invoice.
    pub id: String,
    /// The percentage, at least zero.
    #[serde(with = "crate::decimal::serde_str")]
    pub percent: Decimal,
    /// Whether the line's amount already includes this tax.
    #[serde(default)]
    pub inclusive: bool,
}

impl TaxRate {
    /// A rate added on top of the line's amount.
    pub fn exclusive(id: impl Into<String>, percent: Decimal) -> TaxRate {
        TaxRate {
            id: id.into(),
            percent,
            inclusive: false,
        }
    }

    /// A rate already included in the line's amount.
    pub fn inclusive(id: impl Into<String>, percent: Decimal) -> TaxRate {
        TaxRate {
            id: id.into(),
            percent,
            inclusive: true,
        }
    }
}

/// The period of service a line bills for: from `start` (included) to
/// `end` (excluded), so consecutive periods meet without overlap and the
/// number of days is `end - start`. A January period is
/// `2026-01-01..2026-02-01`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a service period: an object with start and end"
)]
pub struct ServicePeriod {
    /// The first day of service.
    #[serde(with = "crate::date::serde_str")]
    pub start: NaiveDate,
    /// The day after the last day of service.
    #[serde(with = "crate::date::serde_str")]
    pub end: NaiveDate,
}

/// One line of an invoice.
///
/// The line's amount is `quantity × unit_price`, rounded once to the
/// currency's scale; the unit price may carry more decimals than the
/// currency (usage at 0.0015 per unit is normal). A product that needs
/// more than 28 decimal places to be exact is refused as
/// [`Error::Overflow`](crate::Error::Overflow) when the totals are
/// computed: rounding it to 28 places first would round it twice.
///
/// # Example
/// ```
/// use billing_core::{Discount, Line, TaxRate};
/// use rust_decimal::Decimal;
///
/// let line = Line::new("GPU hours", Decimal::new(125, 1), Decimal::new(24999, 4))
///     .discount(Discount::Percent(Decimal::TEN))
///     .tax(TaxRate::exclusive("VAT", Decimal::new(20, 0)));
/// assert_eq!(line.taxes.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an invoice line: an object with description, quantity and unit_price"
)]
pub struct Line {
    /// What is billed.
    pub description: String,
    /// How many units; at least zero, may carry decimals.
    #[serde(with = "crate::decimal::serde_str")]
    pub quantity: Decimal,
    /// The price of one unit; at least zero, may carry more decimals than
    /// the currency.
    #[serde(with = "crate::decimal::serde_str")]
    pub unit_price: Decimal,
    /// A discount on this line, applied before tax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
    /// The tax rates of this line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxes: Vec<TaxRate>,
    /// The service period billed, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<ServicePeriod>,
}

impl Line {
    /// A line with no discount, tax or period.
    pub fn new(description: impl Into<String>, quantity: Decimal, unit_price: Decimal) -> Line {
        Line {
            description: description.into(),
            quantity,
            unit_price,
            discount: None,
            taxes: Vec::new(),
            period: None,
        }
    }

    /// Sets the line's discount.
    #[must_use]
    pub fn discount(mut self, discount: Discount) -> Line {
        self.discount = Some(discount);
        self
    }

    /// Adds a tax rate.
    #[must_use]
    pub fn tax(mut self, rate: TaxRate) -> Line {
        self.taxes.push(rate);
        self
    }

    /// Sets the service period.
    #[must_use]
    pub fn period(mut self, start: NaiveDate, end: NaiveDate) -> Line {
        self.period = Some(ServicePeriod { start, end });
        self
    }
}

/// A validated invoice document of any kind.
///
/// An `Invoice` is only ever built valid (by [`InvoiceBuilder::build`] or by
/// decoding JSON, which runs the same checks): a non-empty id, one currency,
/// a due date not before the issue date, at least one line, no negative
/// quantity, price or discount, consistent tax rates, and a refund target
/// exactly when the kind is [`InvoiceKind::Refund`]. Amounts are never
/// negative on any kind: the kind says which way the money goes.
///
/// Its status and what has been paid live in the account ledger, not in the
/// document.
///
/// # Example
/// ```
/// use billing_core::{Currency, Discount, Invoice, InvoiceKind, Line, RoundingPolicy, TaxRate};
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
///
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let jan31 = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
/// let invoice = Invoice::builder("INV-1", InvoiceKind::Recurring, Currency::iso("EUR")?, jan1, jan31)
///     .line(Line::new("Compute", Decimal::ONE, Decimal::new(10000, 2))
///         .tax(TaxRate::exclusive("VAT-20", Decimal::new(20, 0))))
///     .discount(Discount::Percent(Decimal::TEN))
///     .build()?;
/// let totals = invoice.totals(RoundingPolicy::default())?;
/// assert_eq!(totals.total.to_string(), "108.00 EUR"); // (100 - 10) + 20 %
///
/// let err = Invoice::builder("INV-2", InvoiceKind::Recurring, Currency::iso("EUR")?, jan31, jan1)
///     .line(Line::new("Compute", Decimal::ONE, Decimal::ONE))
///     .build()
///     .unwrap_err();
/// assert_eq!(err.code(), "due_before_issue");
/// # Ok::<(), billing_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    parts: InvoiceBuilder,
}

/// The parts of an [`Invoice`], checked by [`InvoiceBuilder::build`].
/// Its JSON form is the invoice's JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an invoice: an object with id, kind, currency, issue_date, due_date and lines"
)]
pub struct InvoiceBuilder {
    id: Arc<str>,
    kind: InvoiceKind,
    currency: Currency,
    #[serde(with = "crate::date::serde_str")]
    issue_date: NaiveDate,
    #[serde(with = "crate::date::serde_str")]
    due_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refund_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refund_payment: Option<String>,
    lines: Vec<Line>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    discount: Option<Discount>,
}

impl Invoice {
    /// Starts an invoice; add lines, then [`build`](InvoiceBuilder::build).
    pub fn builder(
        id: impl Into<String>,
        kind: InvoiceKind,
        currency: Currency,
        issue_date: NaiveDate,
        due_date: NaiveDate,
    ) -> InvoiceBuilder {
        InvoiceBuilder {
            id: Arc::from(id.into()),
            kind,
            currency,
            issue_date,
            due_date,
            refund_of: None,
            refund_payment: None,
            lines: Vec::new(),
            discount: None,
        }
    }

    /// The caller's identifier of the invoice.
    pub fn id(&self) -> &str {
        &self.parts.id
    }

    /// The identifier, shared (the ledger keeps it without copying).
    pub(crate) fn shared_id(&self) -> Arc<str> {
        self.parts.id.clone()
    }

    /// The kind of document.
    pub fn kind(&self) -> InvoiceKind {
        self.parts.kind
    }

    /// The one currency of every amount on the invoice.
    pub fn currency(&self) -> Currency {
        self.parts.currency
    }

    /// The issue date.
    pub fn issue_date(&self) -> NaiveDate {
        self.parts.issue_date
    }

    /// The due date (never before the issue date).
    pub fn due_date(&self) -> NaiveDate {
        self.parts.due_date
    }

    /// For a refund document, the id of the charge invoice it reverses.
    pub fn refund_of(&self) -> Option<&str> {
        self.parts.refund_of.as_deref()
    }

    /// For a refund document: the payment to which any post-payment part
    /// is paid back in cash. `None` means that part becomes account credit.
    pub fn refund_payment(&self) -> Option<&str> {
        self.parts.refund_payment.as_deref()
    }

    /// The lines, in order.
    pub fn lines(&self) -> &[Line] {
        &self.parts.lines
    }

    /// The invoice-level discount, spread over the lines before tax.
    pub fn discount(&self) -> Option<Discount> {
        self.parts.discount
    }

    /// Computes subtotal, discounts, tax per rate, tax and total under a
    /// rounding policy. See [`Totals`] for the rules.
    ///
    /// # Errors
    /// - [`Error::DiscountExceedsAmount`] if a discount is larger than the
    ///   amount it applies to (after rounding).
    /// - [`Error::Overflow`] if an amount is too large, or a line's
    ///   `quantity × unit_price` needs more than 28 decimal places.
    pub fn totals(&self, policy: RoundingPolicy) -> Result<Totals, Error> {
        crate::totals::compute(self, policy)
    }

    /// Turns the invoice back into its editable parts.
    pub fn into_builder(self) -> InvoiceBuilder {
        self.parts
    }
}

impl InvoiceBuilder {
    /// Adds a line.
    #[must_use]
    pub fn line(mut self, line: Line) -> InvoiceBuilder {
        self.lines.push(line);
        self
    }

    /// Adds lines.
    #[must_use]
    pub fn lines(mut self, lines: impl IntoIterator<Item = Line>) -> InvoiceBuilder {
        self.lines.extend(lines);
        self
    }

    /// Sets the invoice-level discount (spread over lines before tax).
    #[must_use]
    pub fn discount(mut self, discount: Discount) -> InvoiceBuilder {
        self.discount = Some(discount);
        self
    }

    /// For a refund document: the charge invoice it reverses.
    #[must_use]
    pub fn refund_of(mut self, invoice_id: impl Into<String>) -> InvoiceBuilder {
        self.refund_of = Some(invoice_id.into());
        self
    }

    /// For a refund document: pay the post-payment part (what the customer
    /// had already paid of the reversed amount) back in cash to this payment
    /// instead of adding it to the account's credit balance.
    #[must_use]
    pub fn refund_to_payment(mut self, payment_id: impl Into<String>) -> InvoiceBuilder {
        self.refund_payment = Some(payment_id.into());
        self
    }

    /// Checks the document and returns the invoice.
    ///
    /// # Errors
    /// The first problem found, in this order:
    /// - [`Error::EmptyId`]: the id (or the refunded invoice's id) is empty
    ///   or only spaces; [`Error::InvalidId`]: it holds a control or
    ///   invisible formatting character.
    /// - [`Error::MissingRefundTarget`] / [`Error::UnexpectedRefundTarget`]:
    ///   a refund without the invoice it reverses, or another kind with a
    ///   refunded invoice or refund payment.
    /// - [`Error::DueBeforeIssue`].
    /// - [`Error::NoLines`].
    /// - per line, in order: [`Error::NegativeQuantity`],
    ///   [`Error::NegativeUnitPrice`], [`Error::InvalidServicePeriod`]
    ///   (end not after start), [`Error::InvalidDiscount`] (negative, or a
    ///   percentage over 100), [`Error::ScaleExceeded`] (an amount discount
    ///   finer than the currency), [`Error::TooLong`] (a description over
    ///   [`MAX_TEXT_CHARS`], a tax rate id over [`MAX_ID_CHARS`]),
    ///   [`Error::EmptyId`] or [`Error::InvalidId`] (a tax rate id),
    ///   [`Error::InvalidTaxRate`] (a negative percent),
    ///   [`Error::DuplicateTaxRate`],
    ///   [`Error::MixedTaxInclusion`];
    /// - [`Error::ConflictingTaxRate`]: one rate id defined two ways;
    /// - the invoice discount, as for a line's.
    pub fn build(mut self) -> Result<Invoice, Error> {
        self.validate()?;
        self.lines.shrink_to_fit();
        Ok(Invoice { parts: self })
    }

    fn validate(&self) -> Result<(), Error> {
        require_id(&self.id, "invoice id")?;
        match (self.kind, &self.refund_of) {
            (InvoiceKind::Refund, None) => return Err(Error::MissingRefundTarget),
            (InvoiceKind::Refund, Some(target)) => require_id(target, "refunded invoice id")?,
            (_, Some(_)) => return Err(Error::UnexpectedRefundTarget),
            (_, None) => {}
        }
        match (self.kind, &self.refund_payment) {
            (InvoiceKind::Refund, Some(payment)) => require_id(payment, "refund payment id")?,
            (_, Some(_)) => return Err(Error::UnexpectedRefundTarget),
            (_, None) => {}
        }
        if self.due_date < self.issue_date {
            return Err(Error::DueBeforeIssue);
        }
        if self.lines.is_empty() {
            return Err(Error::NoLines);
        }
        if u32::try_from(self.lines.len()).map_or(true, |n| n > MAX_LINES) {
            return Err(Error::TooLong {
                field: "an invoice".to_owned(),
                max: MAX_LINES,
                unit: "lines",
            });
        }
        let mut rates: Vec<&TaxRate> = Vec::new();
        for (index, line) in self.lines.iter().enumerate() {
            self.validate_line(index, line)?;
            for rate in &line.taxes {
                match rates.iter().find(|r| r.id == rate.id) {
                    Some(known) if *known != rate => {
                        return Err(Error::ConflictingTaxRate {
                            rate: rate.id.clone(),
                        });
                    }
                    Some(_) => {}
                    None => rates.push(rate),
                }
            }
        }
        if let Some(discount) = self.discount {
            validate_discount(discount, self.currency, None)?;
        }
        Ok(())
    }

    fn validate_line(&self, line: usize, l: &Line) -> Result<(), Error> {
        if l.quantity < Decimal::ZERO {
            return Err(Error::NegativeQuantity { line });
        }
        if l.unit_price < Decimal::ZERO {
            return Err(Error::NegativeUnitPrice { line });
        }
        if let Some(period) = l.period
            && period.end <= period.start
        {
            return Err(Error::InvalidServicePeriod { line });
        }
        if let Some(discount) = l.discount {
            validate_discount(discount, self.currency, Some(line))?;
        }
        limit_text(&l.description, MAX_TEXT_CHARS, || {
            format!("line {line} description")
        })?;
        for (i, rate) in l.taxes.iter().enumerate() {
            check_id(&rate.id, || format!("line {line} tax rate id"))?;
            if rate.percent < Decimal::ZERO {
                return Err(Error::InvalidTaxRate { line });
            }
            if l.taxes.iter().take(i).any(|earlier| earlier.id == rate.id) {
                return Err(Error::DuplicateTaxRate {
                    line,
                    rate: rate.id.clone(),
                });
            }
            if rate.inclusive != l.taxes.first().is_some_and(|first| first.inclusive) {
                return Err(Error::MixedTaxInclusion { line });
            }
        }
        Ok(())
    }
}

/// Whether `id` is empty or only whitespace. Same as `id.trim().is_empty()`
/// but stops at the first character that is not whitespace (`trim` also
/// scans from the end): ids are checked on every operation.
pub(crate) fn is_blank(id: &str) -> bool {
    match id.as_bytes().first() {
        // Most ids start with a letter or digit: no need to decode.
        Some(first) if first.is_ascii_alphanumeric() => false,
        _ => id.chars().all(char::is_whitespace),
    }
}

/// The most characters of an id (an invoice, payment, series, account or
/// payment method id, a tax rate id, a payment method reference). Longer
/// ones are refused with [`Error::TooLong`].
pub const MAX_ID_CHARS: u32 = 255;

/// Refuses line descriptions that hold a full card number or name a
/// security code ([`refuse_card_data`](crate::refuse_card_data)), naming
/// the line. Checked when an operation brings a document or a series into
/// an account, not when a stored history is read (one recorded before the
/// check still loads).
pub(crate) fn refuse_lines_card_data(lines: &[Line]) -> Result<(), Error> {
    for (index, line) in lines.iter().enumerate() {
        crate::method::refuse_card_data(&format!("line {index} description"), &line.description)?;
    }
    Ok(())
}

/// The most characters of free text (a line's description, a payment
/// method's token, brand or label). Longer text is refused with
/// [`Error::TooLong`].
pub const MAX_TEXT_CHARS: u32 = 5_000;

/// The most lines of an invoice. More are refused with [`Error::TooLong`].
pub const MAX_LINES: u32 = 10_000;

/// Refuses text (a field named `field`) of more than `max` characters
/// (counted only when its bytes could be more).
pub(crate) fn limit_text(
    text: &str,
    max: u32,
    field: impl FnOnce() -> String,
) -> Result<(), Error> {
    let chars = usize::try_from(max).unwrap_or(usize::MAX);
    if text.len() > chars && text.chars().count() > chars {
        return Err(Error::TooLong {
            field: field(),
            max,
            unit: "characters",
        });
    }
    Ok(())
}

/// Checks that an identifier is not empty or only spaces
/// ([`Error::EmptyId`]), holds no control or invisible formatting character
/// ([`Error::InvalidId`]), and has at most [`MAX_ID_CHARS`] characters.
pub(crate) fn require_id(id: &str, field: &str) -> Result<(), Error> {
    check_id(id, || field.to_owned())
}

/// As [`require_id`], naming the field (`field`) only if the id is refused.
pub(crate) fn check_id(id: &str, field: impl FnOnce() -> String) -> Result<(), Error> {
    if is_blank(id) {
        return Err(Error::EmptyId { field: field() });
    }
    check_id_text(id, field)
}

/// The characters and the length of an id, blank or not (for ids whose
/// blankness is refused with another error).
pub(crate) fn check_id_text(id: &str, field: impl FnOnce() -> String) -> Result<(), Error> {
    if let Some(hidden) = hidden_character(id) {
        return Err(Error::InvalidId {
            field: field(),
            character: format!("U+{:04X}", u32::from(hidden)),
        });
    }
    limit_text(id, MAX_ID_CHARS, field)
}

/// The first character of `text` that is a control character (Unicode
/// category Cc, line and paragraph separators) or an invisible formatting
/// character that reorders text or hides between letters: bidirectional
/// marks, embeddings, overrides and isolates, the zero-width space, word
/// joiner and invisible operators, the byte order mark, the soft hyphen
/// and the interlinear annotation marks. The zero-width joiner and
/// non-joiner stay allowed: some scripts need them to spell words.
fn hidden_character(text: &str) -> Option<char> {
    // Printable ASCII (space to `~`), which most ids are, holds none: no
    // need to decode. Checked without a branch per byte, so it vectorizes.
    if text.bytes().fold(true, |printable, b| {
        printable & (b.wrapping_sub(b' ') <= b'~' - b' ')
    }) {
        return None;
    }
    text.chars().find(|&c| {
        c.is_control()
            || matches!(
                c,
                '\u{00AD}'
                    | '\u{061C}'
                    | '\u{180E}'
                    | '\u{200B}'
                    | '\u{200E}'..='\u{200F}'
                    | '\u{2028}'..='\u{202E}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{FEFF}'
                    | '\u{FFF9}'..='\u{FFFB}'
            )
    })
}

fn validate_discount(
    discount: Discount,
    currency: Currency,
    line: Option<usize>,
) -> Result<(), Error> {
    match discount {
        Discount::Amount(amount) => {
            if Money::new(amount, currency)?.is_negative() {
                return Err(Error::InvalidDiscount { line });
            }
        }
        Discount::Percent(percent) => {
            if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
                return Err(Error::InvalidDiscount { line });
            }
        }
    }
    Ok(())
}

impl Serialize for Invoice {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.parts.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Invoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Invoice, D::Error> {
        InvoiceBuilder::deserialize(deserializer)?
            .build()
            .map_err(crate::json::de_error)
    }
}

impl Document for Invoice {
    const KIND: &'static str = "billing-core/invoice";
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::{Invoice, InvoiceKind, Line, MAX_ID_CHARS, MAX_LINES, MAX_TEXT_CHARS, is_blank};
    use crate::{Currency, Error, parse_date};

    /// Ids, text and lines have limits, counted in characters (not bytes)
    /// and inclusive.
    #[test]
    fn ids_text_and_lines_are_limited() {
        let usd = Currency::iso("USD").unwrap();
        let day = parse_date("2026-01-01").unwrap();
        let line = |description: String| Line::new(description, Decimal::ONE, Decimal::TEN);
        let build = |id: String, lines: Vec<Line>| {
            Invoice::builder(id, InvoiceKind::New, usd, day, day)
                .lines(lines)
                .build()
        };
        let chars = |c: char, n: u32| {
            std::iter::repeat_n(c, usize::try_from(n).unwrap()).collect::<String>()
        };
        let ok = |id: &str| build(id.to_owned(), vec![line("x".into())]).map(|_| ());
        assert_eq!(ok(&chars('é', MAX_ID_CHARS)), Ok(()));
        assert_eq!(
            ok(&chars('é', MAX_ID_CHARS + 1)).map_err(|e| e.to_string()),
            Err("invoice id is too long: at most 255 characters".to_owned())
        );
        let text = |n| build("I".into(), vec![line("x".into()), line(chars('€', n))]);
        assert!(text(MAX_TEXT_CHARS).is_ok());
        assert_eq!(
            text(MAX_TEXT_CHARS + 1).unwrap_err(),
            Error::TooLong {
                field: "line 1 description".into(),
                max: MAX_TEXT_CHARS,
                unit: "characters"
            }
        );
        let lines = |n| {
            build(
                "I".into(),
                vec![line("x".into()); usize::try_from(n).unwrap()],
            )
        };
        assert!(lines(MAX_LINES).is_ok());
        let refused = lines(MAX_LINES + 1).unwrap_err();
        assert_eq!(refused.code(), "too_long");
        assert_eq!(
            refused.to_string(),
            "an invoice is too long: at most 10000 lines"
        );
    }

    /// `is_blank` is `trim().is_empty()`, also for Unicode and ASCII
    /// whitespace that `u8::is_ascii_whitespace` leaves out (vertical tab).
    #[test]
    fn is_blank_agrees_with_trim() {
        for id in [
            "",
            " ",
            "\t\n\r",
            "\u{b}",
            "\u{c}",
            "\u{85}",
            "\u{a0}",
            "\u{3000}",
            "\u{2028}",
            "A",
            " A",
            "A ",
            "0",
            "-",
            "é",
            "\u{200b}",
            "\u{3000}x",
            "PAY-1",
        ] {
            assert_eq!(is_blank(id), id.trim().is_empty(), "{id:?}");
        }
    }

    /// Ids refuse control characters and the invisible formatting
    /// characters that make one id print as another, naming the first;
    /// other text, in any script, stays allowed.
    #[test]
    fn ids_refuse_hidden_characters() {
        for (id, character) in [
            ("INV\n1", "U+000A"),
            ("INV\t1", "U+0009"),
            ("INV-1\u{0}", "U+0000"),
            ("INV\u{7f}", "U+007F"),
            ("INV\u{85}", "U+0085"),
            ("INV\u{ad}1", "U+00AD"),
            ("\u{61c}1", "U+061C"),
            ("INV\u{200b}1", "U+200B"),
            ("INV\u{200e}1", "U+200E"),
            ("INV\u{200f}1", "U+200F"),
            ("INV\u{2028}", "U+2028"),
            ("INV\u{2029}", "U+2029"),
            ("INV-\u{202a}1\u{202c}", "U+202A"),
            ("INV-\u{202e}1-VNI", "U+202E"),
            ("INV\u{2060}1", "U+2060"),
            ("\u{2066}INV\u{2069}", "U+2066"),
            ("\u{feff}INV-1", "U+FEFF"),
            ("INV\u{fffb}", "U+FFFB"),
        ] {
            assert_eq!(
                super::require_id(id, "invoice id"),
                Err(crate::Error::InvalidId {
                    field: "invoice id".to_owned(),
                    character: character.to_owned()
                }),
                "{id:?}"
            );
        }
        for id in [
            "INV-1",
            "Rechnung-Ä-1",
            "請求書-1",
            "\u{0641}\u{0627}\u{06a9}\u{062a}\u{0648}\u{0631}\u{200d}-2",
            "\u{0915}\u{094d}\u{200c}\u{0937}",
            "INV 1 (copy)",
            "🧾-1",
        ] {
            assert_eq!(super::require_id(id, "invoice id"), Ok(()), "{id:?}");
        }
        // A blank id is empty_id, whatever its blank characters.
        assert_eq!(
            super::require_id("\n\u{2028}", "invoice id").map_err(|e| e.code()),
            Err("empty_id")
        );
    }
}
