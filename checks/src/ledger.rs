//! Random operation sequences on an account: every invariant of the domain
//! after every step, and the guarantees around operations:
//! - a refused operation leaves the account identical, its serialized form
//!   byte for byte included;
//! - preview and execute give the same result, and preview changes nothing;
//! - repeating an applied keyed operation returns its original outcome;
//! - replaying the history and reloading the JSON snapshot give an equal
//!   account; summaries, aging and statements reconcile;
//! - a batch is all or nothing.
//!
//! The steps come from bytes (`arbitrary`), so cargo-fuzz and proptest
//! drive the same code.

use std::sync::Arc;

use arbitrary::{Arbitrary, Unstructured};
use billing_core::{
    Account, AccountSettings, AllocationStrategy, ApplyAvailableCredit, ApplyCredit, Currency,
    DeleteDraft, Discount, FailPayment, Invoice, InvoiceKind, IssueDraft, IssueInvoice, Line,
    MarkUncollectible, Money, MoveAllocation, NaiveDate, Operation, Outcome, OverpaymentPolicy,
    RecordPayment, RefundPayment, SettlePayment, TaxRate, UpdateDraft, UpdateSettings, VoidInvoice,
};
use billing_core::{
    AddPaymentMethod, AddSeries, BillSeries, CardExpiry, Cycle, CycleUnit, EndSeries, MethodKind,
    PaymentMethod, RemovePaymentMethod, Series, SetDefaultPaymentMethod,
};
use rust_decimal::Decimal;

use crate::{Failure, check, check_eq};

/// At most this many steps per input.
const MAX_STEPS: usize = 100;

/// Reads the settings and steps of a run from the bytes (fewer steps if the
/// bytes run out).
fn steps(data: &[u8]) -> (AccountSettings, Vec<Spec>) {
    let mut u = Unstructured::new(data);
    let settings = AccountSettings {
        auto_apply_credit: !u.ratio(1, 4).unwrap_or(false),
        ..AccountSettings::default()
    };
    let mut specs = Vec::new();
    while !u.is_empty() && specs.len() < MAX_STEPS {
        match Spec::arbitrary(&mut u) {
            Ok(spec) => specs.push(spec),
            Err(_) => break,
        }
    }
    (settings, specs)
}

/// The answer form the bindings get (`Outcome::to_answer`, written
/// directly) is the outcome's JSON form flattened by `api::flatten`.
fn answer_is_the_flattened_form(outcome: &Outcome) -> Result<(), Failure> {
    let mut expected = serde_json::to_value(outcome).unwrap();
    let entry = expected
        .as_object_mut()
        .and_then(|fields| fields.remove("entry"))
        .unwrap();
    billing_core::api::flatten(&mut expected);
    for key in ["version", "operation", "events"] {
        expected[key] = entry[key].clone();
    }
    let answer: serde_json::Value = serde_json::from_str(&outcome.to_answer().unwrap()).unwrap();
    check_eq!(answer, expected, "the answer form of an outcome");
    Ok(())
}

/// How many operations of a run applied and how many were refused (a run
/// where nothing applies checks little).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Operations applied (idempotent repeats not counted).
    pub applied: usize,
    /// Operations refused.
    pub refused: usize,
}

/// Runs the steps the bytes describe on a new account, checking every
/// invariant after each and the history, snapshot and reports at the end.
///
/// # Errors
/// The first check that fails, described.
pub fn operations(data: &[u8]) -> Result<Tally, Failure> {
    let (settings, specs) = steps(data);
    run(specs, settings, Dating::InOrder)
}

/// As [`operations`], with the operations dated out of order: step `n` is
/// dated `37 n` days (modulo 200) after the first day, so most operations
/// are recorded with a date before one recorded earlier (a payment
/// entered late, a void back-dated), and the as-of reports must still
/// agree with each other on every date.
///
/// # Errors
/// The first check that fails, described.
pub fn operations_out_of_order(data: &[u8]) -> Result<Tally, Failure> {
    let (settings, specs) = steps(data);
    run(specs, settings, Dating::Scrambled)
}

/// How the steps of a run are dated.
#[derive(Debug, Clone, Copy)]
enum Dating {
    /// Step `n` on day `n` (modulo 200).
    InOrder,
    /// Step `n` on day `37 n` (modulo 200).
    Scrambled,
}

impl Dating {
    fn date(self, step: usize) -> NaiveDate {
        let n = match self {
            Dating::InOrder => step % 200,
            Dating::Scrambled => step.wrapping_mul(37) % 200,
        };
        day(u8::try_from(n).unwrap())
    }
}

/// Runs the steps the bytes describe as batches: the good ones succeed
/// together as they do one by one; a batch with a refused operation names
/// it and changes nothing.
///
/// # Errors
/// The first check that fails, described.
pub fn batches(data: &[u8]) -> Result<(), Failure> {
    let (settings, specs) = steps(data);
    batch(specs, settings)
}

const CURRENCIES: [&str; 3] = ["USD", "JPY", "KWD"];

fn currency(i: u8) -> Currency {
    Currency::iso(CURRENCIES[usize::from(i) % CURRENCIES.len()]).unwrap()
}

fn day(n: u8) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(n))
}

/// An amount in minor units as a decimal of the currency.
fn amount(minor: u32, c: Currency) -> Decimal {
    Decimal::new(i64::from(minor), c.minor_units())
}

/// One random step; see its `Arbitrary` impl for how often each comes.
#[derive(Debug, Clone)]
enum Spec {
    AddMethod {
        method: u8,
        kind: u8,
        expiry_month: Option<u8>,
        default: bool,
    },
    RemoveMethod {
        method: u8,
    },
    SetDefault {
        method: u8,
    },
    AddSeries {
        series: u8,
        cur: u8,
        every: u8,
        unit: u8,
        start: u8,
        length: Option<u16>,
        minor: u32,
    },
    EndSeries {
        series: u8,
        end: u16,
    },
    BillSeries {
        series: u8,
        through: u16,
    },
    Charge {
        inv: u8,
        cur: u8,
        minor: u32,
        taxed: bool,
        draft: bool,
        issued: u8,
        due_in: u8,
    },
    IssueDraft {
        inv: u8,
    },
    UpdateDraft {
        inv: u8,
        minor: u32,
        /// Moves the draft to currency `cur` (one in four: keeps its own).
        cur: Option<u8>,
    },
    DeleteDraft {
        inv: u8,
    },
    Credit {
        cur: u8,
        minor: u32,
    },
    RefundDoc {
        target: u8,
        minor: u32,
        cash: Option<u8>,
    },
    Pay {
        pay: u8,
        cur: u8,
        minor: u32,
        pending: bool,
        strategy: u8,
        explicit: Vec<(u8, u32)>,
        refuse: bool,
    },
    Settle {
        pay: u8,
    },
    Fail {
        pay: u8,
    },
    ApplyCredit {
        inv: u8,
        minor: Option<u32>,
    },
    ApplyAll {
        cur: u8,
    },
    Refund {
        pay: u8,
        minor: u32,
    },
    Void {
        inv: u8,
    },
    WriteOff {
        inv: u8,
    },
    Move {
        pay: u8,
        from: u8,
        to: u8,
        minor: Option<u32>,
    },
    Settings {
        auto_apply: bool,
    },
    Repeat {
        back: u8,
    },
}

/// A number in `0..n`.
fn below(u: &mut Unstructured<'_>, n: u8) -> arbitrary::Result<u8> {
    u.int_in_range(0..=n.saturating_sub(1))
}

fn minor_in(u: &mut Unstructured<'_>, low: u32, high: u32) -> arbitrary::Result<u32> {
    u.int_in_range(low..=high - 1)
}

fn maybe<T>(
    u: &mut Unstructured<'_>,
    percent: u8,
    value: impl FnOnce(&mut Unstructured<'_>) -> arbitrary::Result<T>,
) -> arbitrary::Result<Option<T>> {
    Ok(if u.ratio(percent, 100)? {
        Some(value(u)?)
    } else {
        None
    })
}

/// Steps come with these weights (out of 48): charges and payments most,
/// so operations often apply; every other kind regularly.
const WEIGHTS: [(u8, u8); 24] = [
    (0, 9),
    (1, 1),
    (2, 1),
    (3, 1),
    (4, 2),
    (5, 2),
    (6, 8),
    (7, 2),
    (8, 1),
    (9, 2),
    (10, 1),
    (11, 2),
    (12, 1),
    (13, 1),
    (14, 3),
    (15, 1),
    (16, 1),
    (17, 1),
    (18, 1),
    (19, 1),
    (20, 1),
    (21, 1),
    (22, 2),
    (23, 1),
];

impl<'a> Arbitrary<'a> for Spec {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Spec> {
        let total: u8 = WEIGHTS.iter().map(|(_, w)| w).sum();
        let mut pick = u.int_in_range(0..=total - 1)?;
        let mut kind = 0;
        for (k, weight) in WEIGHTS {
            if pick < weight {
                kind = k;
                break;
            }
            pick -= weight;
        }
        let (inv, pay, cur) = (16, 6, 3);
        Ok(match kind {
            0 => Spec::Charge {
                inv: below(u, inv)?,
                cur: below(u, cur)?,
                minor: minor_in(u, 0, 60_000)?,
                taxed: u.arbitrary()?,
                draft: u.ratio(1, 5)?,
                issued: below(u, 60)?,
                due_in: below(u, 45)?,
            },
            1 => Spec::IssueDraft {
                inv: below(u, inv)?,
            },
            2 => Spec::UpdateDraft {
                inv: below(u, inv)?,
                minor: minor_in(u, 1, 60_000)?,
                cur: u.ratio(1, 4)?.then(|| below(u, cur)).transpose()?,
            },
            3 => Spec::DeleteDraft {
                inv: below(u, inv)?,
            },
            4 => Spec::Credit {
                cur: below(u, cur)?,
                minor: minor_in(u, 1, 60_000)?,
            },
            5 => Spec::RefundDoc {
                target: below(u, inv)?,
                minor: minor_in(u, 1, 60_000)?,
                cash: maybe(u, 40, |u| below(u, pay))?,
            },
            6 => Spec::Pay {
                pay: below(u, pay)?,
                cur: below(u, cur)?,
                minor: minor_in(u, 1, 25_000)?,
                pending: u.ratio(3, 10)?,
                strategy: below(u, 5)?,
                explicit: {
                    let n = u.int_in_range(1..=2)?;
                    (0..n)
                        .map(|_| Ok((below(u, inv)?, minor_in(u, 1, 60_000)?)))
                        .collect::<arbitrary::Result<_>>()?
                },
                refuse: u.ratio(15, 100)?,
            },
            7 => Spec::Settle {
                pay: below(u, pay)?,
            },
            8 => Spec::Fail {
                pay: below(u, pay)?,
            },
            9 => Spec::ApplyCredit {
                inv: below(u, inv)?,
                minor: maybe(u, 50, |u| minor_in(u, 1, 60_000))?,
            },
            10 => Spec::ApplyAll {
                cur: below(u, cur)?,
            },
            11 => Spec::Refund {
                pay: below(u, pay)?,
                minor: minor_in(u, 1, 60_000)?,
            },
            12 => Spec::Void {
                inv: below(u, inv)?,
            },
            13 => Spec::WriteOff {
                inv: below(u, inv)?,
            },
            14 => Spec::Move {
                pay: below(u, pay)?,
                from: below(u, inv)?,
                to: below(u, inv)?,
                minor: maybe(u, 50, |u| minor_in(u, 1, 60_000))?,
            },
            15 => Spec::Settings {
                auto_apply: u.arbitrary()?,
            },
            16 => Spec::Repeat {
                back: u.arbitrary()?,
            },
            17 => Spec::AddMethod {
                method: below(u, 4)?,
                kind: below(u, 9)?,
                expiry_month: maybe(u, 50, |u| u.int_in_range(1..=12))?,
                default: u.arbitrary()?,
            },
            18 => Spec::RemoveMethod {
                method: below(u, 4)?,
            },
            19 => Spec::SetDefault {
                method: below(u, 4)?,
            },
            20 => Spec::AddSeries {
                series: below(u, 3)?,
                cur: below(u, cur)?,
                every: u.int_in_range(1..=2)?,
                unit: below(u, 4)?,
                start: below(u, 60)?,
                length: maybe(u, 50, |u| u.int_in_range(1..=199))?,
                minor: minor_in(u, 1, 30_000)?,
            },
            21 => Spec::EndSeries {
                series: below(u, 3)?,
                end: u.int_in_range(1..=299)?,
            },
            _ => Spec::BillSeries {
                series: below(u, 3)?,
                through: u.int_in_range(0..=299)?,
            },
        })
    }
}

fn invoice_id(i: u8) -> String {
    format!("INV-{i}")
}

fn payment_id(i: u8) -> String {
    format!("PAY-{i}")
}

/// The currency an invoice or payment already has, else the spec's.
fn currency_of_invoice(account: &Account, id: &str, fallback: Currency) -> Currency {
    account.invoice(id).map(|v| v.currency).unwrap_or(fallback)
}

fn charge(
    id: String,
    kind: InvoiceKind,
    c: Currency,
    minor: u32,
    taxed: bool,
    issued: NaiveDate,
    due: NaiveDate,
) -> Invoice {
    let mut line = Line::new("service", Decimal::ONE, amount(minor, c));
    if taxed {
        line = line.tax(TaxRate::exclusive("VAT", Decimal::new(175, 1)));
    }
    let mut b = Invoice::builder(id, kind, c, issued, due).line(line);
    if taxed && minor.is_multiple_of(3) {
        b = b.discount(Discount::Percent(Decimal::new(5, 0)));
    }
    b.build().unwrap()
}

/// Turns a spec into an operation, reading the account for what makes the
/// operation plausible (currencies of existing things). `step` makes ids
/// unique where needed.
fn operation(
    spec: &Spec,
    account: &Account,
    step: usize,
    history: &[Operation],
    dating: Dating,
) -> Option<Operation> {
    let date = dating.date(step);
    Some(match spec {
        Spec::Charge {
            inv,
            cur,
            minor,
            taxed,
            draft,
            issued,
            due_in,
        } => {
            let kind = [
                InvoiceKind::New,
                InvoiceKind::Recurring,
                InvoiceKind::OneTimeCharge,
            ][usize::from(*inv) % 3];
            let issued = day(*issued);
            let doc = Arc::new(charge(
                invoice_id(*inv),
                kind,
                currency(*cur),
                *minor,
                *taxed,
                issued,
                issued + chrono::Days::new(u64::from(*due_in)),
            ));
            if *draft {
                Operation::CreateDraft(billing_core::CreateDraft { invoice: doc })
            } else {
                IssueInvoice { invoice: doc }.into()
            }
        }
        Spec::IssueDraft { inv } => IssueDraft {
            invoice: invoice_id(*inv),
            date,
        }
        .into(),
        Spec::UpdateDraft { inv, minor, cur } => {
            let own = currency_of_invoice(account, &invoice_id(*inv), currency(0));
            let c = cur.map_or(own, currency);
            UpdateDraft {
                invoice: Arc::new(charge(
                    invoice_id(*inv),
                    InvoiceKind::OneTimeCharge,
                    c,
                    *minor,
                    false,
                    date,
                    date,
                )),
            }
            .into()
        }
        Spec::DeleteDraft { inv } => DeleteDraft {
            invoice: invoice_id(*inv),
            date,
        }
        .into(),
        Spec::Credit { cur, minor } => {
            let c = currency(*cur);
            let doc = Invoice::builder(format!("CR-{step}"), InvoiceKind::Credit, c, date, date)
                .line(Line::new("goodwill", Decimal::ONE, amount(*minor, c)))
                .build()
                .unwrap();
            IssueInvoice {
                invoice: Arc::new(doc),
            }
            .into()
        }
        Spec::RefundDoc {
            target,
            minor,
            cash,
        } => {
            let target = pick_issued_charge(account, *target);
            let c = currency_of_invoice(account, &target, currency(0));
            let mut b = Invoice::builder(format!("RF-{step}"), InvoiceKind::Refund, c, date, date)
                .refund_of(target)
                .line(Line::new("reversal", Decimal::ONE, amount(*minor, c)));
            if let Some(p) = cash {
                b = b.refund_to_payment(payment_id(*p));
            }
            IssueInvoice {
                invoice: Arc::new(b.build().unwrap()),
            }
            .into()
        }
        Spec::Pay {
            pay,
            cur,
            minor,
            pending,
            strategy,
            explicit,
            refuse,
        } => {
            let c = currency(*cur);
            let mut op = RecordPayment::new(
                format!("{}-{step}", payment_id(*pay)),
                Money::from_minor(i128::from(*minor), c).unwrap(),
                date,
            );
            if *pending {
                op = op.pending();
            }
            op = match strategy {
                0 => op.strategy(AllocationStrategy::OldestDueFirst),
                1 => op.strategy(AllocationStrategy::OldestIssuedFirst),
                2 => op.strategy(AllocationStrategy::ExactMatchFirst),
                3 => op.strategy(AllocationStrategy::Proportional),
                _ => op.allocate(
                    explicit
                        .iter()
                        .map(|(i, m)| (pick_open(account, *i, Some(c)), amount(*m, c))),
                ),
            };
            if *refuse {
                op = op.overpayment(OverpaymentPolicy::Refuse);
            }
            op.into()
        }
        Spec::Settle { pay } => SettlePayment {
            payment: pick_payment(account, *pay)?,
            date,
        }
        .into(),
        Spec::Fail { pay } => FailPayment {
            payment: pick_payment(account, *pay)?,
            date,
        }
        .into(),
        Spec::ApplyCredit { inv, minor } => {
            let with_credit = account
                .currencies()
                .into_iter()
                .find(|c| account.credit(*c).is_ok_and(|b| b.available.is_positive()));
            let invoice = pick_open(account, *inv, with_credit);
            let c = currency_of_invoice(account, &invoice, currency(0));
            ApplyCredit {
                id: format!("AC-{step}"),
                invoice,
                amount: minor.map(|m| amount(m % 20_000 + 1, c)),
                date,
            }
            .into()
        }
        Spec::ApplyAll { cur } => ApplyAvailableCredit {
            id: format!("AA-{step}"),
            currency: currency(*cur),
            date,
        }
        .into(),
        Spec::Refund { pay, minor } => {
            let id = pick_payment(account, *pay)?;
            let c = account
                .payment(&id)
                .map_or(currency(0), |p| p.amount.currency());
            RefundPayment {
                refund: format!("RP-{step}"),
                payment: id,
                amount: amount(*minor, c),
                date,
            }
            .into()
        }
        Spec::Void { inv } => VoidInvoice {
            invoice: pick_invoice(account, *inv),
            date,
        }
        .into(),
        Spec::WriteOff { inv } => MarkUncollectible {
            invoice: invoice_id(*inv),
            date,
        }
        .into(),
        Spec::Move {
            pay,
            from,
            to,
            minor,
        } => {
            let id = pick_payment(account, *pay)?;
            let payment = account.payment(&id).ok();
            let c = payment
                .as_ref()
                .map_or(currency(0), |p| p.amount.currency());
            let from = match payment.as_ref().map(|p| &p.allocations) {
                Some(a) if !a.is_empty() && from.is_multiple_of(2) => {
                    a[usize::from(*from / 2) % a.len()].invoice.clone()
                }
                _ => invoice_id(*from),
            };
            let to = pick_open(account, *to, Some(c));
            MoveAllocation {
                id: format!("MV-{step}"),
                payment: id,
                from,
                to,
                amount: minor.map(|m| amount(m % 5_000 + 1, c)),
                date,
            }
            .into()
        }
        Spec::Settings { auto_apply } => UpdateSettings {
            settings: AccountSettings {
                auto_apply_credit: *auto_apply,
                ..AccountSettings::default()
            },
            date,
        }
        .into(),
        Spec::AddMethod {
            method,
            kind,
            expiry_month,
            default,
        } => {
            let kinds = [
                MethodKind::Card,
                MethodKind::BankAccount,
                MethodKind::DirectDebit,
                MethodKind::BankTransfer,
                MethodKind::Wire,
                MethodKind::PayPal,
                MethodKind::Check,
                MethodKind::Cash,
                MethodKind::Other,
            ];
            let mut m = PaymentMethod::new(
                format!("PM-{method}"),
                kinds[usize::from(*kind) % kinds.len()],
            );
            m.expiry = expiry_month.map(|month| CardExpiry {
                month: u32::from(month),
                year: 2026,
            });
            AddPaymentMethod {
                method: m,
                default: *default,
                date,
            }
            .into()
        }
        Spec::RemoveMethod { method } => RemovePaymentMethod {
            method: format!("PM-{method}"),
            date,
        }
        .into(),
        Spec::SetDefault { method } => SetDefaultPaymentMethod {
            method: format!("PM-{method}"),
            date,
        }
        .into(),
        Spec::AddSeries {
            series,
            cur,
            every,
            unit,
            start,
            length,
            minor,
        } => {
            let c = currency(*cur);
            let units = [
                CycleUnit::Day,
                CycleUnit::Week,
                CycleUnit::Month,
                CycleUnit::Year,
            ];
            let start_day = day(*start);
            let s = Series {
                id: format!("SER-{series}"),
                currency: c,
                cycle: Cycle::new(u32::from(*every), units[usize::from(*unit)], day(0)).unwrap(),
                start: start_day,
                end: length.map(|l| start_day + chrono::Days::new(u64::from(l))),
                due_days: 10,
                lines: vec![Line::new("plan", Decimal::ONE, amount(*minor, c))],
            };
            AddSeries {
                series: Arc::new(s),
                date,
            }
            .into()
        }
        Spec::EndSeries { series, end } => EndSeries {
            series: format!("SER-{series}"),
            end: day(0) + chrono::Days::new(u64::from(*end)),
            date,
        }
        .into(),
        Spec::BillSeries { series, through } => BillSeries {
            series: format!("SER-{series}"),
            through: day(0) + chrono::Days::new(u64::from(*through)),
        }
        .into(),
        Spec::Repeat { back } => {
            if history.is_empty() {
                return None;
            }
            history[history.len() - 1 - usize::from(*back) % history.len()].clone()
        }
    })
}

/// Half of the picks (even selectors) choose among invoices that are open
/// (optionally of one currency), so operations are often valid; the other
/// half name raw ids, which may not exist or fit.
fn pick_open(account: &Account, n: u8, currency: Option<Currency>) -> String {
    let open: Vec<String> = account
        .invoices()
        .into_iter()
        .filter(|v| {
            v.kind.is_charge()
                && v.amounts.due.is_positive()
                && currency.is_none_or(|c| c == v.currency)
        })
        .map(|v| v.id)
        .collect();
    if n.is_multiple_of(2) && !open.is_empty() {
        open[usize::from(n / 2) % open.len()].clone()
    } else {
        invoice_id(n % 8)
    }
}

/// A charge invoice that was issued (for refund documents).
fn pick_issued_charge(account: &Account, n: u8) -> String {
    let issued: Vec<String> = account
        .invoices()
        .into_iter()
        .filter(|v| v.kind.is_charge() && v.amounts.status != billing_core::InvoiceStatus::Draft)
        .map(|v| v.id)
        .collect();
    if n.is_multiple_of(2) && !issued.is_empty() {
        issued[usize::from(n / 2) % issued.len()].clone()
    } else {
        invoice_id(n % 8)
    }
}

/// Payment ids carry the step they were made in; pick the n-th existing one.
fn pick_payment(account: &Account, n: u8) -> Option<String> {
    let payments = account.payments();
    if payments.is_empty() {
        return Some(payment_id(n));
    }
    Some(payments[usize::from(n) % payments.len()].id.clone())
}

/// Any invoice, including credit documents, so voiding is tried on all kinds.
fn pick_invoice(account: &Account, n: u8) -> String {
    let invoices = account.invoices();
    if invoices.is_empty() {
        return invoice_id(n);
    }
    invoices[usize::from(n) % invoices.len()].id.clone()
}

fn run(specs: Vec<Spec>, settings: AccountSettings, dating: Dating) -> Result<Tally, Failure> {
    let mut account = Account::new("acct", settings).unwrap();
    let mut applied: Vec<Operation> = Vec::new();
    let mut refused = 0usize;
    for (step, spec) in specs.iter().enumerate() {
        let Some(op) = operation(spec, &account, step, &applied, dating) else {
            continue;
        };
        let before = account.clone();
        let before_json = account.to_json().unwrap();

        let preview = account.preview(op.clone());
        check!(
            account == before,
            "preview changed the account at step {step}: {op:?}"
        );
        let result = account.execute(op.clone());
        if let Ok(outcome) = &result {
            answer_is_the_flattened_form(outcome)?;
        }
        match (&preview, &result) {
            (Ok(p), Ok(r)) => check_eq!(p, r, "preview ≠ execute at step {}", step),
            (Err(p), Err(r)) => check_eq!(
                p,
                r,
                "preview and execute refuse differently at step {}",
                step
            ),
            _ => check!(
                false,
                "preview {preview:?} but execute {result:?} at step {step}"
            ),
        }
        match result {
            Ok(outcome) => {
                if outcome.version() == account.version() && account.version() > before.version() {
                    applied.push(op.clone());
                    // An immediate repeat returns the same outcome, changes nothing.
                    if op.idempotency_key().is_some() {
                        let snapshot = account.clone();
                        let again = account.execute(op.clone()).unwrap();
                        check_eq!(&again, &outcome);
                        check!(account == snapshot);
                    }
                } else {
                    // An idempotent repeat: nothing may have changed.
                    check!(
                        account == before,
                        "a repeat changed the account at step {step}"
                    );
                }
            }
            Err(err) => {
                refused += 1;
                check!(
                    account == before,
                    "refused op {op:?} ({err}) changed the account"
                );
                check_eq!(account.to_json().unwrap(), before_json);
            }
        }
        if let Err(problem) = account.verify() {
            check!(false, "after step {step} ({op:?}): {problem}");
        }
    }
    check_reports(&account)?;
    let replayed = Account::replay("acct", settings, account.history().cloned()).unwrap();
    check!(replayed == account, "replay differs");
    let reloaded = Account::from_json(&account.to_json().unwrap()).unwrap();
    check!(reloaded == account, "snapshot reload differs");
    check_eq!(reloaded.to_json().unwrap(), account.to_json().unwrap());
    // Equality compares histories; the outcomes a replay rebuilds when
    // first asked for are the ones the operations returned: to a repeat
    // (on a fresh reload, which rebuilds them for it) and to outcome_of.
    let mut repeated = Account::from_json(&account.to_json().unwrap()).unwrap();
    for op in applied
        .iter()
        .rev()
        .filter(|op| op.idempotency_key().is_some())
    {
        match repeated.execute(op.clone()) {
            Ok(again) => check_eq!(Some(&again), account.outcome_of(again.version())),
            Err(err) => check!(false, "a repeat of {op:?} on a reloaded account: {err}"),
        }
    }
    check!(
        repeated == account,
        "repeats on a reloaded account changed it"
    );
    for version in 0..=account.version() + 1 {
        check_eq!(replayed.outcome_of(version), account.outcome_of(version));
        check_eq!(reloaded.outcome_of(version), account.outcome_of(version));
    }
    Ok(Tally {
        applied: applied.len(),
        refused,
    })
}

/// A batch is all or nothing: the operations that succeed one by one
/// succeed as a batch with the same result; a batch with a refused
/// operation reports its position and error and changes nothing (keys
/// included: the same operations then apply one by one as on a fresh
/// account).
fn batch(specs: Vec<Spec>, settings: AccountSettings) -> Result<(), Failure> {
    let mut scratch = Account::new("acct", settings).unwrap();
    let mut generated: Vec<Operation> = Vec::new();
    let mut applied: Vec<Operation> = Vec::new();
    for (step, spec) in specs.iter().enumerate() {
        if let Some(op) = operation(spec, &scratch, step, &applied, Dating::InOrder) {
            generated.push(op.clone());
            if scratch.execute(op.clone()).is_ok() {
                applied.push(op);
            }
        }
    }
    let mut all_good = Account::new("acct", settings).unwrap();
    let outcomes = all_good.execute_batch(applied.clone());
    check!(
        outcomes.is_ok(),
        "a batch of good operations was refused: {outcomes:?}"
    );
    check!(
        all_good == scratch,
        "a batch differs from the same operations one by one"
    );

    let (prefix, rest) = generated.split_at(generated.len() / 2);
    let mut base = Account::new("acct", settings).unwrap();
    for op in prefix {
        let _ = base.execute(op.clone());
    }
    let mut one_by_one = base.clone();
    let mut first_error = None;
    for (index, op) in rest.iter().enumerate() {
        if let Err(error) = one_by_one.execute(op.clone()) {
            first_error = Some((index, error));
            break;
        }
    }
    let mut batched = base.clone();
    match (batched.execute_batch(rest.to_vec()), first_error) {
        (Ok(outcomes), None) => {
            check_eq!(outcomes.len(), rest.len());
            check!(batched == one_by_one);
        }
        (Err(refused), Some((index, error))) => {
            check_eq!(refused.index, index);
            check_eq!(refused.error, error);
            check!(batched == base, "a refused batch changed the account");
            check_eq!(batched.to_json().unwrap(), base.to_json().unwrap());
            if let Err(problem) = batched.verify() {
                check!(false, "after a refused batch: {problem}");
            }
            for op in rest.iter().take(index) {
                let again = batched.execute(op.clone());
                check!(again.is_ok(), "after a refused batch: {again:?}");
            }
            let mut expected = base.clone();
            for op in rest.iter().take(index) {
                expected.execute(op.clone()).unwrap();
            }
            check!(batched == expected);
        }
        (result, expected) => check!(
            false,
            "batch {result:?}, one by one first error {expected:?}"
        ),
    }
    Ok(())
}

/// Reports on a random history: aging sums to the balance, statements
/// reconcile and chain, and the last closing balance is the live state.
fn check_reports(account: &Account) -> Result<(), Failure> {
    let last_date = account
        .history()
        .map(|e| e.operation.date())
        .max()
        .unwrap_or(day(0));
    for currency in account.currencies() {
        for offset in (0u64..=200).step_by(5).chain([201, 400]) {
            let as_of = day(0) + chrono::Days::new(offset);
            let aging = account.aging(currency, as_of).unwrap();
            let summary = account.summary(currency, as_of).unwrap();
            check_eq!(aging.total, summary.current_balance);
            let buckets = [
                aging.current,
                aging.days_1_30,
                aging.days_31_60,
                aging.days_61_90,
                aging.over_90,
            ];
            check_eq!(Money::sum(currency, buckets).unwrap(), aging.total);
            check_eq!(
                Money::sum(currency, aging.invoices.iter().map(|i| i.due)).unwrap(),
                aging.total
            );
            // Statements chain: each period opens where the last closed.
            let from = as_of;
            let to = as_of + chrono::Days::new(14);
            let statement = account.statement(currency, from, to).unwrap();
            let moved = Money::sum(currency, statement.lines.iter().map(|l| l.amount)).unwrap();
            check_eq!(
                statement.opening_balance.checked_add(moved).unwrap(),
                statement.closing_balance
            );
            if let Some(last) = statement.lines.last() {
                check_eq!(last.balance, statement.closing_balance);
            }
            let before = account
                .statement(
                    currency,
                    day(0) - chrono::Days::new(1),
                    from - chrono::Days::new(1),
                )
                .unwrap();
            check_eq!(before.closing_balance, statement.opening_balance);
            // The summary agrees with the statement (what is owed less
            // credit) on every date, operations recorded out of date order
            // included: each report counts a change from the latest of its
            // own date, its invoice's issue and its money's arrival.
            let to_date = account
                .statement(currency, day(0) - chrono::Days::new(1), as_of)
                .unwrap();
            check_eq!(
                summary
                    .current_balance
                    .checked_sub(summary.credit_available)
                    .unwrap(),
                to_date.closing_balance,
                "summary and statement of {currency} as of {as_of}"
            );
        }
        // After the last operation, the statement and summary are the live state.
        let end = last_date.max(day(0) + chrono::Days::new(400));
        let b = account.balance(currency).unwrap();
        let owed = b.receivable.checked_add(b.written_off).unwrap();
        let statement = account.statement(currency, day(0), end).unwrap();
        check_eq!(
            statement.closing_balance,
            owed.checked_sub(b.credit).unwrap()
        );
        let summary = account.summary(currency, end).unwrap();
        check_eq!(
            (summary.current_balance, summary.credit_available),
            (owed, b.credit)
        );
        // The charge plan covers exactly the payable invoices due by then.
        let plan = account.auto_charge_plan(end).unwrap();
        let planned = plan.charges.len() + plan.skipped.len();
        let due = account
            .invoices()
            .iter()
            .filter(|v| {
                v.amounts.due.is_positive()
                    && v.due_date <= end
                    && !matches!(
                        v.amounts.status,
                        billing_core::InvoiceStatus::Void | billing_core::InvoiceStatus::Draft
                    )
            })
            .count();
        check_eq!(planned, due);
    }
    Ok(())
}
