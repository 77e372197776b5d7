//! The JSON interface the bindings are built on: every read of an account
//! ([`Query`]) and every stateless calculation ([`Calc`]) as a JSON request
//! with a JSON answer. Python, JavaScript and Kotlin/Swift call these, so a
//! question is answered by one piece of code in every language; operations
//! already have their JSON form ([`Operation`]).
//!
//! Answers are in the *answer form*: the JSON forms of the answering types
//! (`docs/json-format.md`) with every amount flattened ([`flatten`]): a
//! Money value `{"amount": "30.00", "currency": "USD"}` becomes `"30.00"`
//! and the object holding it names the currency (`"currency": "USD"`), so a
//! binding hands out `invoice.due == "30.00"` (a `Decimal` in Python).
//! Forms that are fed back as input (documents, history entries, series,
//! payment methods) are left as they are.
//!
//! # Example
//! ```
//! use billing_core::{Account, api::{Calc, Query}, json};
//!
//! let account = Account::new("acme", Default::default())?;
//! let query: Query = json::from_str(r#"{"query": "balances"}"#)?;
//! assert_eq!(account.query(&query)?, "[]");
//!
//! let calc: Calc = json::from_str(r#"{"split": {"amount": "10.00", "currency": "USD", "parts": 3}}"#)?;
//! assert_eq!(billing_core::api::calc(&calc)?, r#"["3.34","3.33","3.33"]"#);
//! # Ok::<(), billing_core::Error>(())
//! ```

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::account::{Account, BatchError, Outcome};
use crate::currency::Currency;
use crate::cycle::{Cycle, CycleUnit, shift};
use crate::error::Error;
use crate::invoice::Invoice;
use crate::json;
use crate::method::{CardExpiry, refuse_card_data};
use crate::money::Money;
use crate::operation::Operation;
use crate::rounding::{RoundingMode, RoundingPolicy};

crate::tagged::tagged_enum! {
    tag = "query", serde(rename_all = "snake_case", deny_unknown_fields);
    /// A read of an account. JSON: `{"query": "<name>", ...arguments}`, for
    /// example `{"query": "summary", "currency": "USD", "as_of": "2026-02-15"}`.
    ///
    /// Queries without arguments are written `Query::Invoices {}` in Rust, so
    /// that unknown fields are refused in JSON as for every other query.
    ///
    /// A `currency` argument is a currency code: one the account uses (custom
    /// currencies included) or an ISO 4217 code. Absent, it is the account's
    /// only currency ([`Error::CurrencyRequired`] if it uses none or several).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Query {
        /// The account's id, version, current settings and currencies:
        /// `{"id", "version", "settings", "currencies"}`.
        Account {},
        /// One invoice's view ([`Account::invoice`]).
        Invoice {
            /// The invoice id.
            id: String,
        },
        /// One invoice's document ([`Account::document`]).
        Document {
            /// The invoice id.
            id: String,
        },
        /// Every invoice's view, in the order created.
        Invoices {},
        /// The overdue invoices on a date, oldest due first.
        Overdue {
            /// The date.
            #[serde(with = "crate::date::serde_str")]
            as_of: NaiveDate,
        },
        /// One payment's view.
        Payment {
            /// The payment id.
            id: String,
        },
        /// Every payment's view, in the order recorded.
        Payments {},
        /// The credit balance of a currency, with its sources.
        Credit {
            /// The currency code (absent: the account's only currency).
            #[serde(default)]
            currency: Option<String>,
        },
        /// Every credit source, with credit left or not, oldest first.
        CreditSources {},
        /// The balances of a currency.
        Balance {
            /// The currency code (absent: the account's only currency).
            #[serde(default)]
            currency: Option<String>,
        },
        /// The balances of every currency the account uses.
        Balances {},
        /// The billing summary of a currency on a date.
        Summary {
            /// The currency code (absent: the account's only currency).
            #[serde(default)]
            currency: Option<String>,
            /// The date.
            #[serde(with = "crate::date::serde_str")]
            as_of: NaiveDate,
        },
        /// The billing summaries of every currency on a date.
        Summaries {
            /// The date.
            #[serde(with = "crate::date::serde_str")]
            as_of: NaiveDate,
        },
        /// The aging report of a currency on a date.
        Aging {
            /// The currency code (absent: the account's only currency).
            #[serde(default)]
            currency: Option<String>,
            /// The date.
            #[serde(with = "crate::date::serde_str")]
            as_of: NaiveDate,
        },
        /// The statement of a currency over `from..=to`.
        Statement {
            /// The currency code (absent: the account's only currency).
            #[serde(default)]
            currency: Option<String>,
            /// The first day.
            #[serde(with = "crate::date::serde_str")]
            from: NaiveDate,
            /// The last day.
            #[serde(with = "crate::date::serde_str")]
            to: NaiveDate,
        },
        /// The automatic-charge plan on a date.
        AutoChargePlan {
            /// The date.
            #[serde(with = "crate::date::serde_str")]
            as_of: NaiveDate,
        },
        /// The live payment methods, in the order added.
        PaymentMethods {},
        /// The default payment method, or `null`.
        DefaultPaymentMethod {},
        /// One recurring series.
        Series {
            /// The series id.
            id: String,
        },
        /// Every series, in the order added.
        SeriesList {},
        /// The history entries, oldest first.
        History {},
        /// The invariant check: `null` if every invariant holds, else the
        /// message of the first that does not ([`Account::verify`]).
        Verify {},
    }
}

crate::tagged::one_field_enum! {
    expecting = "a calculation: an object with one field naming it, such as split, that holds its arguments",
    serde(rename_all = "snake_case", deny_unknown_fields);
    /// A calculation that needs no account. JSON: `{"<name>": {...arguments}}`,
    /// the same form as the money cases of the shared test vectors.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Calc {
        /// An amount at a currency's scale (more places: `scale_exceeded`).
        Parse {
            /// The amount.
            #[serde(with = "crate::decimal::serde_str")]
            amount: Decimal,
            /// The currency.
            currency: Currency,
        },
        /// An amount rounded to a currency's scale.
        Round {
            /// The amount.
            #[serde(with = "crate::decimal::serde_str")]
            amount: Decimal,
            /// The currency.
            currency: Currency,
            /// The rounding mode.
            mode: RoundingMode,
        },
        /// An amount split into equal parts that sum to it ([`Money::split`]).
        Split {
            /// The amount.
            #[serde(with = "crate::decimal::serde_str")]
            amount: Decimal,
            /// The currency.
            currency: Currency,
            /// How many parts. Read as 64 bits on every target, so a count
            /// past `usize` on a 32-bit one (WebAssembly) is refused as too
            /// many parts, as it is natively, not as undecodable JSON.
            parts: u64,
        },
        /// An amount split by ratios into parts that sum to it
        /// ([`Money::allocate`]).
        Allocate {
            /// The amount.
            #[serde(with = "crate::decimal::serde_str")]
            amount: Decimal,
            /// The currency.
            currency: Currency,
            /// The ratios, as decimal strings.
            ratios: Vec<DecimalText>,
        },
        /// A currency's code and minor units: `{"code", "minor_units"}`.
        Currency(Currency),
        /// An invoice's totals under a rounding policy (default: the default
        /// policy).
        Totals {
            /// The invoice document.
            invoice: Box<Invoice>,
            /// The rounding policy.
            #[serde(default)]
            policy: RoundingPolicy,
        },
        /// The start dates of cycles `first .. first + count − 1` of a cycle.
        Cycle {
            /// Units per cycle.
            every: u32,
            /// The unit.
            unit: CycleUnit,
            /// The anchor date.
            #[serde(with = "crate::date::serde_str")]
            anchor: NaiveDate,
            /// The first cycle number (negative: before the anchor).
            first: i64,
            /// How many dates.
            count: u16,
        },
        /// `null`, or the error `card_data_refused` if the text holds card data
        /// ([`refuse_card_data`]).
        CardCheck(String),
        /// Whether a card expiring `month`/`year` is expired on `as_of`
        /// (a month outside 1 to 12: `invalid_payment_method`).
        Expiry {
            /// 1 to 12.
            month: u32,
            /// The year.
            year: i32,
            /// The date.
            #[serde(with = "crate::date::serde_str")]
            as_of: NaiveDate,
        },
    }
}

/// A decimal written as a JSON string (a number is `float_refused`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DecimalText(#[serde(with = "crate::decimal::serde_str")] pub Decimal);

/// Answers a [`Calc`] with its result's JSON text, in the answer form
/// (amounts as plain strings).
///
/// # Errors
/// The error of the calculation, such as `scale_exceeded`,
/// `invalid_ratios` or `card_data_refused`.
pub fn calc(calc: &Calc) -> Result<String, Error> {
    answer(calculate(calc)?)
}

fn calculate(calc: &Calc) -> Result<Value, Error> {
    match calc {
        Calc::Parse { amount, currency } => to_value(&Money::new(*amount, *currency)?),
        Calc::Round {
            amount,
            currency,
            mode,
        } => to_value(&Money::rounded(*amount, *currency, *mode)?),
        Calc::Split {
            amount,
            currency,
            parts,
        } => to_value(
            &Money::new(*amount, *currency)?
                .split(usize::try_from(*parts).unwrap_or(usize::MAX))?,
        ),
        Calc::Allocate {
            amount,
            currency,
            ratios,
        } => {
            let ratios: Vec<Decimal> = ratios.iter().map(|r| r.0).collect();
            to_value(&Money::new(*amount, *currency)?.allocate(&ratios)?)
        }
        Calc::Currency(currency) => to_value(&CurrencyInfo {
            code: currency.code(),
            minor_units: currency.minor_units(),
            iso: currency.is_iso(),
        }),
        Calc::Totals { invoice, policy } => to_value(&invoice.totals(*policy)?),
        Calc::Cycle {
            every,
            unit,
            anchor,
            first,
            count,
        } => {
            let cycle = Cycle::new(*every, *unit, *anchor)?;
            let dates = (0..i64::from(*count))
                .map(|k| cycle.date(shift(*first, k)?).map(|d| d.to_string()))
                .collect::<Result<Vec<String>, Error>>()?;
            to_value(&dates)
        }
        Calc::CardCheck(text) => {
            refuse_card_data("text", text)?;
            Ok(Value::Null)
        }
        Calc::Expiry { month, year, as_of } => {
            let expiry = CardExpiry {
                month: *month,
                year: *year,
            };
            expiry.check()?;
            to_value(&expiry.is_expired(*as_of))
        }
    }
}

#[derive(Serialize)]
struct CurrencyInfo<'a> {
    code: &'a str,
    minor_units: u32,
    iso: bool,
}

#[derive(Serialize)]
struct AccountInfo<'a> {
    id: &'a str,
    version: u64,
    settings: crate::AccountSettings,
    currencies: Vec<Currency>,
}

impl Account {
    /// A currency by code: one this account uses (custom currencies
    /// included), else an ISO 4217 currency.
    ///
    /// # Errors
    /// [`Error::UnknownCurrency`] if it is neither.
    pub fn currency(&self, code: &str) -> Result<Currency, Error> {
        self.ledger().currency_by_code(code)
    }

    /// The currency named by `code`, or without one the account's only
    /// currency.
    ///
    /// # Errors
    /// [`Error::UnknownCurrency`] for an unknown code;
    /// [`Error::CurrencyRequired`] without a code if the account does not use
    /// exactly one currency.
    pub fn currency_or_only(&self, code: Option<&str>) -> Result<Currency, Error> {
        match code {
            Some(code) => self.currency(code),
            None => match self.currencies().as_slice() {
                [only] => Ok(*only),
                all => Err(Error::CurrencyRequired { count: all.len() }),
            },
        }
    }

    /// Answers a [`Query`] with its result's JSON text.
    ///
    /// # Errors
    /// The error of the read: `unknown_invoice`, `unknown_payment`,
    /// `unknown_series`, `unknown_currency`, `currency_required`, or a
    /// report's error.
    pub fn query(&self, query: &Query) -> Result<String, Error> {
        // Documents, history, series, payment methods and the settings are
        // input forms that may be sent back: they keep their JSON form
        // (`json::to_string`); the rest is flattened.
        match query {
            Query::Account {} => json::to_string(&AccountInfo {
                id: self.id(),
                version: self.version(),
                settings: self.settings(),
                currencies: self.currencies(),
            }),
            Query::Invoice { id } => flat(&self.invoice(id)?),
            Query::Document { id } => json::to_string(self.document(id)?),
            Query::Invoices {} => flat_list(&self.invoices()),
            Query::Overdue { as_of } => flat_list(&self.overdue(*as_of)),
            Query::Payment { id } => flat(&self.payment(id)?),
            Query::Payments {} => flat_list(&self.payments()),
            Query::Credit { currency } => {
                flat(&self.credit(self.currency_or_only(currency.as_deref())?)?)
            }
            Query::CreditSources {} => flat_list(&self.credit_sources()),
            Query::Balance { currency } => {
                flat(&self.balance(self.currency_or_only(currency.as_deref())?)?)
            }
            Query::Balances {} => flat_list(&self.balances()?),
            Query::Summary { currency, as_of } => {
                flat(&self.summary(self.currency_or_only(currency.as_deref())?, *as_of)?)
            }
            Query::Summaries { as_of } => flat_list(&self.summaries(*as_of)?),
            Query::Aging { currency, as_of } => {
                flat(&self.aging(self.currency_or_only(currency.as_deref())?, *as_of)?)
            }
            Query::Statement { currency, from, to } => {
                flat(&self.statement(self.currency_or_only(currency.as_deref())?, *from, *to)?)
            }
            Query::AutoChargePlan { as_of } => flat(&self.auto_charge_plan(*as_of)?),
            Query::PaymentMethods {} => json::to_string(&self.payment_methods()),
            Query::DefaultPaymentMethod {} => json::to_string(&self.default_payment_method()),
            Query::Series { id } => json::to_string(&self.series(id)?),
            Query::SeriesList {} => json::to_string(&self.series_list()),
            Query::History {} => json::to_string(&self.history().collect::<Vec<_>>()),
            Query::Verify {} => json::to_string(&self.verify().err().map(|e| e.message)),
        }
    }
}

/// The answer form of a value: its JSON form, [`flatten`]ed.
fn flat<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    answer(to_value(value)?)
}

/// The answer form of a JSON value.
fn answer(mut value: Value) -> Result<String, Error> {
    flatten(&mut value);
    json::to_string(&value)
}

fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| json::decode_error(&e.to_string()))
}

/// The answer form of a list, one item at a time: a long list (every
/// payment of a big account) is never held whole as a JSON tree.
fn flat_list<T: Serialize>(items: &[T]) -> Result<String, Error> {
    let mut text = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&flat(item)?);
    }
    text.push(']');
    Ok(text)
}

/// Turns the JSON form of a value into the answer form, in place: every
/// Money value `{"amount": "30.00", "currency": "USD"}` becomes its amount
/// `"30.00"`, and an object that held one gains `"currency"` (a code) if it
/// had none; every currency is written as its code. (All the amounts of one
/// object share a currency.)
///
/// # Example
/// ```
/// use serde_json::json;
///
/// let mut view = json!({"invoice": "INV-1", "due": {"amount": "30.00", "currency": "USD"}});
/// billing_core::api::flatten(&mut view);
/// assert_eq!(view, json!({"invoice": "INV-1", "due": "30.00", "currency": "USD"}));
/// ```
pub fn flatten(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(flatten),
        Value::Object(fields) => {
            if let Some(amount) = money_amount(fields) {
                *value = amount;
                return;
            }
            let mut currency = None;
            for (key, field) in fields.iter_mut() {
                if let Value::Object(inner) = field {
                    if let Some(amount) = money_amount(inner) {
                        currency = currency.or_else(|| inner.get("currency").map(currency_code));
                        *field = amount;
                        continue;
                    }
                    if key == "currency" {
                        *field = currency_code(field);
                        continue;
                    }
                }
                flatten(field);
            }
            if let Some(code) = currency {
                fields.entry("currency").or_insert(code);
            }
        }
        _ => {}
    }
}

/// The amount of a Money object, if `fields` is one.
fn money_amount(fields: &Map<String, Value>) -> Option<Value> {
    match (fields.len(), fields.get("amount"), fields.get("currency")) {
        (2, Some(amount @ Value::String(_)), Some(_)) => Some(amount.clone()),
        _ => None,
    }
}

/// A currency's code: `"USD"` stays, `{"code": "CREDITS", ...}` is `"CREDITS"`.
fn currency_code(currency: &Value) -> Value {
    match currency {
        Value::Object(fields) => fields.get("code").cloned().unwrap_or(Value::Null),
        other => other.clone(),
    }
}

impl Outcome {
    /// The answer form of an outcome, as the bindings return it:
    /// `{"version", "operation", "events", "invoices", "allocations",
    /// "credit_created", "credit_applied"}`. The operation and events keep
    /// their JSON form (they are history); the rest is flattened. Written
    /// directly (every operation of every binding returns one), it equals
    /// [`flatten`] applied to the outcome's JSON form.
    ///
    /// # Errors
    /// Only if serialization fails, which it does not for values the
    /// library made.
    pub fn to_answer(&self) -> Result<String, Error> {
        let changes = self.invoices();
        let answer = OutcomeAnswer {
            version: self.version(),
            operation: &self.entry().operation,
            events: self.events(),
            invoices: changes.iter().map(FlatChange::of).collect(),
            allocations: self
                .allocations()
                .into_iter()
                .map(|(payment, invoice, amount)| FlatAllocation {
                    payment,
                    invoice,
                    amount: Amount(amount),
                    currency: Code(amount.currency()),
                })
                .collect(),
            credit_created: self
                .credit_created()
                .into_iter()
                .map(|(source, amount)| FlatCreated {
                    source,
                    amount: Amount(amount),
                    currency: Code(amount.currency()),
                })
                .collect(),
            credit_applied: self
                .credit_applied()
                .into_iter()
                .map(|(source, invoice, amount)| FlatApplied {
                    source,
                    invoice,
                    amount: Amount(amount),
                    currency: Code(amount.currency()),
                })
                .collect(),
        };
        json::to_string(&answer)
    }
}

/// Money in the answer form: its amount, `"30.00"`.
struct Amount(Money);

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.amount_text().as_str())
    }
}

/// A currency in the answer form: its code.
struct Code(Currency);

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.code())
    }
}

#[derive(Serialize)]
struct OutcomeAnswer<'a> {
    version: u64,
    operation: &'a Operation,
    events: &'a [crate::Event],
    invoices: Vec<FlatChange<'a>>,
    allocations: Vec<FlatAllocation<'a>>,
    credit_created: Vec<FlatCreated>,
    credit_applied: Vec<FlatApplied<'a>>,
}

#[derive(Serialize)]
struct FlatChange<'a> {
    invoice: &'a str,
    before: Option<FlatAmounts>,
    after: Option<FlatAmounts>,
}

impl FlatChange<'_> {
    fn of(change: &crate::InvoiceChange) -> FlatChange<'_> {
        FlatChange {
            invoice: &change.invoice,
            before: change.before.as_ref().map(FlatAmounts::of),
            after: change.after.as_ref().map(FlatAmounts::of),
        }
    }
}

#[derive(Serialize)]
struct FlatAmounts {
    status: crate::InvoiceStatus,
    total: Amount,
    reversed: Amount,
    paid: Amount,
    pending: Amount,
    credited: Amount,
    due: Amount,
    credit_remaining: Amount,
    currency: Code,
}

impl FlatAmounts {
    fn of(a: &crate::InvoiceAmounts) -> FlatAmounts {
        FlatAmounts {
            status: a.status,
            total: Amount(a.total),
            reversed: Amount(a.reversed),
            paid: Amount(a.paid),
            pending: Amount(a.pending),
            credited: Amount(a.credited),
            due: Amount(a.due),
            credit_remaining: Amount(a.credit_remaining),
            currency: Code(a.total.currency()),
        }
    }
}

#[derive(Serialize)]
struct FlatAllocation<'a> {
    payment: &'a str,
    invoice: &'a str,
    amount: Amount,
    currency: Code,
}

#[derive(Serialize)]
struct FlatCreated {
    source: u32,
    amount: Amount,
    currency: Code,
}

#[derive(Serialize)]
struct FlatApplied<'a> {
    source: u32,
    invoice: &'a str,
    amount: Amount,
    currency: Code,
}

/// An error as the bindings raise it: `{"code", "kind", "message",
/// "details"}`, where `kind` is the [`ErrorKind`](crate::ErrorKind) (the
/// exception class), `message` the English description and `details` the
/// variant's fields (`{"currency": "USD", "minor_units": 2}`; `{}` if none).
///
/// # Example
/// ```
/// use billing_core::{Currency, Money};
///
/// let err = Money::parse("10.001", Currency::iso("USD")?).unwrap_err();
/// assert_eq!(
///     billing_core::api::error_answer(&err),
///     r#"{"code":"scale_exceeded","kind":"invalid_input","message":"amount has more decimal places than USD allows (2)","details":{"currency":"USD","minor_units":2}}"#
/// );
/// # Ok::<(), billing_core::Error>(())
/// ```
pub fn error_answer(error: &Error) -> String {
    #[derive(Serialize)]
    struct ErrorAnswer {
        code: &'static str,
        kind: crate::ErrorKind,
        message: String,
        details: Map<String, Value>,
    }
    let answer = ErrorAnswer {
        code: error.code(),
        kind: error.kind(),
        message: error.to_string(),
        details: details(error),
    };
    // A struct of strings and JSON values always serializes; the fallback
    // keeps the code if it ever did not.
    serde_json::to_string(&answer).unwrap_or_else(|_| {
        format!(
            r#"{{"code":"{}","kind":"invalid_input","message":"","details":{{}}}}"#,
            error.code()
        )
    })
}

/// The `details` of [`error_answer`] alone: the variant's fields as a JSON
/// object (`{}` if none), for a binding whose error type carries the code
/// and message as fields of their own.
///
/// # Example
/// ```
/// use billing_core::{Currency, Money};
///
/// let err = Money::parse("10.001", Currency::iso("USD")?).unwrap_err();
/// assert_eq!(
///     billing_core::api::error_details(&err),
///     r#"{"currency":"USD","minor_units":2}"#
/// );
/// # Ok::<(), billing_core::Error>(())
/// ```
pub fn error_details(error: &Error) -> String {
    Value::Object(details(error)).to_string()
}

fn details(error: &Error) -> Map<String, Value> {
    // Written as JSON text and read back as a map (keys in order): the
    // error's one serializer is the text one, not a second, tree-building
    // one for its eighty variants.
    let mut details = match json::to_string(error)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
    {
        Some(Value::Object(fields)) => fields,
        _ => Map::new(),
    };
    details.remove("code");
    details
}

/// Decodes a JSON array of operations for [`Account::execute_batch`],
/// naming the position of the first one that does not decode.
///
/// # Errors
/// [`BatchError`] with the index of the bad operation and its decode error
/// (index 0 if the text is not a JSON array at all).
///
/// # Example
/// ```
/// let text = r#"[{"op": "settle_payment", "payment": "P-1", "date": "2026-01-05"},
///               {"op": "settle_payment", "payment": "P-2", "date": "2026-02-30"}]"#;
/// let refused = billing_core::api::operations(text).unwrap_err();
/// assert_eq!((refused.index, refused.error.code()), (1, "invalid_date"));
/// ```
pub fn operations(text: &str) -> Result<Vec<Operation>, BatchError> {
    // One pass when all is well; the slower pass finds the bad one.
    if let Ok(operations) = serde_json::from_str::<Vec<Operation>>(text) {
        return Ok(operations);
    }
    let items: Vec<&serde_json::value::RawValue> =
        serde_json::from_str(text).map_err(|e| BatchError {
            index: 0,
            error: json::decode_error(&e.to_string()),
        })?;
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            json::from_str(item.get()).map_err(|error| BatchError { index, error })
        })
        .collect()
}
