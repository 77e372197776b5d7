//! The month-end workload: many independent accounts, each with a quarter
//! of billing history (invoices of every kind, partial, multi-invoice and
//! overpaying payments, pending payments that settle or fail, credit,
//! refunds, voids), generated deterministically from a seed.
//!
//! The generator lives here only. It writes the workload as JSON lines
//! (`{"account": id, "operations": [...]}` per account, operations in the
//! core's JSON form) with the expected totals, and every runner (native,
//! Python, Node) reads that one file, so every language runs exactly the
//! same operations and must reach exactly the same totals.
//!
//! Every generated operation is checked on a shadow account while
//! generating, so the workload is valid: each account's operations apply
//! as one batch.
// Benchmark tooling: sizes are small and known, and a generator that
// cannot build its own invoices is a bug to stop on.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::unwrap_used
)]

use std::collections::BTreeMap;
use std::sync::Arc;

use billing_core::{
    Account, AllocationStrategy, Currency, Discount, Error, FailPayment, Invoice, InvoiceKind,
    IssueInvoice, Line, MarkUncollectible, Money, NaiveDate, Operation, RecordPayment,
    RefundPayment, SettlePayment, TaxRate, VoidInvoice, api, json,
};
use rust_decimal::Decimal;
use serde_json::Value;

/// The default seed of the benchmark.
pub const SEED: u64 = 2026;
/// The default number of accounts: 10 invoices and 15 payments each.
pub const ACCOUNTS: usize = 10_000;
/// Invoices per account (all kinds).
pub const INVOICES_PER_ACCOUNT: usize = 10;
/// Payments recorded per account.
pub const PAYMENTS_PER_ACCOUNT: usize = 15;

/// SplitMix64: tiny, and its output never changes with a dependency
/// upgrade, so a seed means the same workload forever.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// One account's operations.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountWork {
    /// The account id.
    pub id: String,
    /// Its operations, in order.
    pub operations: Vec<Operation>,
}

/// What the workload holds, counted while generating.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Accounts.
    pub accounts: usize,
    /// Operations of every kind.
    pub operations: usize,
    /// Invoices issued, by kind (`recurring`, `credit`, ...).
    pub invoices: BTreeMap<String, usize>,
    /// Payments recorded (pending ones included).
    pub payments: usize,
    /// Payments recorded pending.
    pub pending: usize,
    /// Pending payments settled.
    pub settled: usize,
    /// Pending payments failed.
    pub failed: usize,
    /// Payments refunded (in part).
    pub refunds: usize,
    /// Invoices voided.
    pub voids: usize,
    /// Invoices written off.
    pub write_offs: usize,
}

/// Generates the workload's accounts, in order. The same seed and count
/// always give the same accounts.
pub fn generate(seed: u64, accounts: usize) -> impl Iterator<Item = AccountWork> {
    let mut rng = Rng::new(seed);
    (0..accounts).map(move |i| account(&mut rng, i))
}

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(offset)
}

/// An amount of `minor` minor units.
fn money(minor: i128, currency: Currency) -> Money {
    Money::from_minor(minor, currency).expect("workload amounts are small")
}

/// Builds one account's operations, keeping only those its shadow account
/// accepts (a refused one is replaced by a fallback that applies).
struct Builder<'a> {
    rng: &'a mut Rng,
    shadow: Account,
    currency: Currency,
    operations: Vec<Operation>,
    today: u64,
    charges: Vec<String>,
    payments: Vec<String>,
    pending: Vec<String>,
}

impl Builder<'_> {
    /// Applies the operation to the shadow account; keeps it if it applies.
    fn apply(&mut self, operation: impl Into<Operation>) -> bool {
        let operation = operation.into();
        match self.shadow.execute(operation.clone()) {
            Ok(_) => {
                self.operations.push(operation);
                true
            }
            Err(_) => false,
        }
    }

    fn date(&self) -> NaiveDate {
        day(self.today)
    }

    fn receivable(&self) -> i128 {
        self.shadow
            .balance(self.currency)
            .map_or(0, |b| b.receivable.minor())
    }

    /// A price: 5.00 to 500.00 in the currency's units.
    fn price(&mut self) -> Decimal {
        let units = 5 + self.rng.below(496);
        let cents = self.rng.below(100);
        let minor = self.currency.minor_units();
        if minor == 0 {
            Decimal::from(units * 100 + cents)
        } else {
            Decimal::new((units * 100 + cents) as i64, 2)
        }
    }

    fn charge_lines(&mut self) -> Vec<Line> {
        let count = 1 + self.rng.below(3);
        (0..count)
            .map(|_| {
                let mut line = if self.rng.chance(30) {
                    // Metered usage: many units at a sub-cent price.
                    let units = 1_000 + self.rng.below(50_000);
                    Line::new("API calls", Decimal::from(units), Decimal::new(15, 4))
                } else {
                    let quantity = 1 + self.rng.below(5);
                    let price = self.price();
                    Line::new("Service", Decimal::from(quantity), price)
                };
                if self.rng.chance(30) {
                    line = line.tax(TaxRate::exclusive("sales-tax", Decimal::new(8_875, 3)));
                }
                line
            })
            .collect()
    }

    fn issue(&mut self, number: usize, kind: InvoiceKind) -> bool {
        let id = format!("INV-{number:02}");
        let issued = self.date();
        let due = day(self.today + 30);
        let mut builder = Invoice::builder(&id, kind, self.currency, issued, due);
        match kind {
            InvoiceKind::Credit => {
                let price = self.price();
                builder = builder.line(Line::new(
                    "Goodwill credit",
                    Decimal::ONE,
                    price / Decimal::TEN,
                ));
            }
            InvoiceKind::Refund => {
                let Some(target) = self.pick(&self.charges.clone()) else {
                    return false;
                };
                let total = self
                    .shadow
                    .invoice(&target)
                    .map_or(0, |v| v.amounts.total.minor() - v.amounts.reversed.minor());
                let minor = (total * i128::from(10 + self.rng.below(40) as u8)) / 100;
                if minor <= 0 {
                    return false;
                }
                builder = builder.refund_of(target).line(Line::new(
                    "Service credit",
                    Decimal::ONE,
                    money(minor, self.currency).amount(),
                ));
            }
            _ => {
                builder = builder.lines(self.charge_lines());
                if self.rng.chance(10) {
                    builder = builder.discount(Discount::Percent(Decimal::TEN));
                }
            }
        }
        let Ok(invoice) = builder.build() else {
            return false;
        };
        let applied = self.apply(IssueInvoice {
            invoice: Arc::new(invoice),
        });
        if applied && kind.is_charge() {
            self.charges.push(id.clone());
            if self.rng.chance(3) {
                // Issued by mistake: voided before anything is paid.
                let date = self.date();
                self.apply(VoidInvoice { invoice: id, date });
            }
        }
        applied
    }

    fn pick(&mut self, from: &[String]) -> Option<String> {
        if from.is_empty() {
            None
        } else {
            Some(from[self.rng.below(from.len() as u64) as usize].clone())
        }
    }

    fn pay(&mut self, number: usize) {
        let id = format!("PAY-{number:02}");
        let receivable = self.receivable();
        let unit = 10i128.pow(self.currency.minor_units());
        let share = |percent: u64| (receivable * i128::from(percent as u8)) / 100;
        let kind = self.rng.below(100);
        let (minor, pending, strategy) = match kind {
            // Partial: part of what is due.
            0..35 => (share(30 + self.rng.below(60)), false, None),
            // In full: everything due, often over several invoices.
            35..55 => (receivable, false, None),
            // Overpaying: the rest becomes credit.
            55..65 => (
                receivable + unit * i128::from(10 + self.rng.below(90) as u8),
                false,
                None,
            ),
            // Pending (ACH, direct debit): settles or fails later.
            65..85 => (share(50 + self.rng.below(50)), true, None),
            // Spread over every open invoice.
            _ => (
                share(50 + self.rng.below(50)),
                false,
                Some(AllocationStrategy::Proportional),
            ),
        };
        let minor = if minor <= 0 { unit * 25 } else { minor };
        let methods = [
            "card",
            "ach",
            "direct_debit",
            "bank_transfer",
            "wire",
            "paypal",
        ];
        let method = methods[self.rng.below(methods.len() as u64) as usize];
        let mut op =
            RecordPayment::new(&id, money(minor, self.currency), self.date()).method(method);
        if pending {
            op = op.pending();
        }
        if let Some(strategy) = strategy {
            op = op.strategy(strategy);
        }
        if self.apply(op) {
            if pending {
                self.pending.push(id);
            } else {
                self.payments.push(id);
            }
        }
    }

    /// Settles (70%) or fails the oldest pending payment.
    fn resolve_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let id = self.pending.remove(0);
        let date = self.date();
        if self.rng.chance(70) {
            if self.apply(SettlePayment {
                payment: id.clone(),
                date,
            }) {
                self.payments.push(id);
            }
        } else {
            self.apply(FailPayment { payment: id, date });
        }
    }

    fn refund(&mut self) {
        let Some(id) = self.pick(&self.payments.clone()) else {
            return;
        };
        let refundable = self.shadow.payment(&id).map_or(0, |p| p.refundable.minor());
        let minor = refundable / 2;
        if minor > 0 {
            let refund = format!("REF-{}", self.operations.len());
            let amount = money(minor, self.currency).amount();
            let date = self.date();
            self.apply(RefundPayment {
                refund,
                payment: id,
                amount,
                date,
            });
        }
    }

    fn write_off(&mut self) {
        let open: Vec<String> = self
            .shadow
            .overdue(self.date())
            .into_iter()
            .map(|v| v.id)
            .collect();
        if let Some(id) = self.pick(&open) {
            let date = self.date();
            self.apply(MarkUncollectible { invoice: id, date });
        }
    }
}

/// One account: ten invoices over the quarter (recurring, new, one-time,
/// credit notes, refunds of earlier charges; a few voided), fifteen
/// payments between them, pending payments resolved a while later, some
/// refunds and a rare write-off.
fn account(rng: &mut Rng, index: usize) -> AccountWork {
    let id = format!("ACC-{index:05}");
    let currency = match rng.below(20) {
        0 => Currency::iso("EUR"),
        1 => Currency::iso("JPY"),
        _ => Currency::iso("USD"),
    }
    .expect("ISO currencies");
    let mut b = Builder {
        rng,
        shadow: Account::new(&id, Default::default()).expect("an account id"),
        currency,
        operations: Vec::with_capacity(32),
        today: 0,
        charges: Vec::new(),
        payments: Vec::new(),
        pending: Vec::new(),
    };
    let mut payment = 0;
    for number in 0..INVOICES_PER_ACCOUNT {
        b.today = (number as u64) * 9 + b.rng.below(4);
        let kind = match (number, b.rng.below(100)) {
            (0, _) | (_, 0..50) => InvoiceKind::Recurring,
            (_, 50..65) => InvoiceKind::New,
            (_, 65..82) => InvoiceKind::OneTimeCharge,
            (_, 82..91) => InvoiceKind::Credit,
            _ => InvoiceKind::Refund,
        };
        if !b.issue(number, kind) {
            // A refund with nothing to refund: a one-time charge instead.
            assert!(
                b.issue(number, InvoiceKind::OneTimeCharge),
                "a plain charge applies"
            );
        }
        let payments_now = if number < PAYMENTS_PER_ACCOUNT - INVOICES_PER_ACCOUNT {
            2
        } else {
            1
        };
        for _ in 0..payments_now {
            b.today += 1 + b.rng.below(3);
            b.pay(payment);
            payment += 1;
        }
        if number % 2 == 1 {
            b.resolve_pending();
        }
        if b.rng.chance(12) {
            b.refund();
        }
        if b.rng.chance(2) {
            b.write_off();
        }
    }
    AccountWork {
        id,
        operations: b.operations,
    }
}

/// Counts what the accounts hold.
pub fn count<'a>(accounts: impl IntoIterator<Item = &'a AccountWork>) -> Counts {
    let mut counts = Counts::default();
    for account in accounts {
        counts.accounts += 1;
        counts.operations += account.operations.len();
        for op in &account.operations {
            match op {
                Operation::IssueInvoice(issue) => {
                    let kind = json::to_string(&issue.invoice.kind()).unwrap_or_default();
                    *counts
                        .invoices
                        .entry(kind.trim_matches('"').to_owned())
                        .or_default() += 1;
                }
                Operation::RecordPayment(p) => {
                    counts.payments += 1;
                    counts.pending += usize::from(p.pending);
                }
                Operation::SettlePayment(_) => counts.settled += 1,
                Operation::FailPayment(_) => counts.failed += 1,
                Operation::RefundPayment(_) => counts.refunds += 1,
                Operation::VoidInvoice(_) => counts.voids += 1,
                Operation::MarkUncollectible(_) => counts.write_offs += 1,
                _ => {}
            }
        }
    }
    counts
}

/// The sums every runner must reach: per currency, the receivable, written
/// off, credit and net position over all accounts (exact decimal strings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals(BTreeMap<String, [i128; 4]>);

impl Totals {
    /// Adds an account's balances.
    ///
    /// # Errors
    /// A balance that cannot be computed (none expected).
    pub fn add(&mut self, account: &Account) -> Result<(), Error> {
        for balance in account.balances()? {
            let sums = self
                .0
                .entry(balance.currency.code().to_owned())
                .or_default();
            let figures = [
                balance.receivable,
                balance.written_off,
                balance.credit,
                balance.net_position,
            ];
            for (sum, money) in sums.iter_mut().zip(figures) {
                *sum += money.minor();
            }
        }
        Ok(())
    }

    /// Merges another runner's partial totals (scale-out).
    pub fn merge(&mut self, other: &Totals) {
        for (code, figures) in &other.0 {
            let sums = self.0.entry(code.clone()).or_default();
            for (sum, figure) in sums.iter_mut().zip(figures) {
                *sum += figure;
            }
        }
    }

    /// The JSON form every runner prints:
    /// `{"USD": {"receivable": "…", "written_off": "…", "credit": "…", "net_position": "…"}}`.
    pub fn to_json(&self) -> Value {
        let currencies = self
            .0
            .iter()
            .map(|(code, sums)| {
                let currency = Currency::iso(code).expect("ISO currencies");
                let amount = |minor: i128| Value::from(money(minor, currency).amount().to_string());
                let fields = serde_json::json!({
                    "receivable": amount(sums[0]),
                    "written_off": amount(sums[1]),
                    "credit": amount(sums[2]),
                    "net_position": amount(sums[3]),
                });
                (code.clone(), fields)
            })
            .collect();
        Value::Object(currencies)
    }
}

/// One line of the workload file: `{"account": id, "operations": [...]}`.
///
/// # Errors
/// Only if an operation does not serialize (none expected).
pub fn to_line(account: &AccountWork) -> Result<String, Error> {
    let operations = json::to_string(&account.operations)?;
    Ok(format!(
        "{{\"account\":{},\"operations\":{operations}}}",
        serde_json::Value::from(account.id.as_str())
    ))
}

/// Reads one line of the workload file: the account id and its operations.
///
/// # Errors
/// `invalid_json` for a line that is not one; the batch error of a bad
/// operation.
pub fn from_line(line: &str) -> Result<AccountWork, Error> {
    #[derive(serde::Deserialize)]
    struct Form<'a> {
        account: String,
        #[serde(borrow)]
        operations: &'a serde_json::value::RawValue,
    }
    let form: Form<'_> =
        serde_json::from_str(line).map_err(|e| json::decode_error(&e.to_string()))?;
    let operations = api::operations(form.operations.get()).map_err(|e| e.error)?;
    Ok(AccountWork {
        id: form.account,
        operations,
    })
}

/// Runs one account's operations as a batch on a new account.
///
/// # Errors
/// The batch's error (none expected: the generator checked every
/// operation).
pub fn run(account: &AccountWork) -> Result<Account, Error> {
    let mut result = Account::new(&account.id, Default::default())?;
    result
        .execute_batch(account.operations.iter().cloned())
        .map_err(|e| e.error)?;
    Ok(result)
}
