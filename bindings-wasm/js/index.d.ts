// Types of the `billing-core` npm package (hand-written; checked by
// bindings-wasm/tests/usage.ts with tsc --strict, and against the answers
// of the built package by the node tests).
//
// Data objects use the JSON format's field names (docs/json-format.md):
// `issue_date`, `unit_price`, `due`. Amounts are decimal strings ("150.00")
// in and out; a JS number for money is refused with FloatRefusedError (a
// TypeError). Dates are "YYYY-MM-DD" strings.

declare global {
  // As TypeScript's lib.esnext.disposable and @types/node declare it, so
  // that `Account[Symbol.dispose]` also compiles under older `lib` settings.
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

// ----- values -----------------------------------------------------------------

/** An exact decimal as a string: `"150.00"`, `"-3"`, `"0.0015"`. Never a number. */
export type Amount = string;
/** A calendar date, `"YYYY-MM-DD"`. */
export type DateString = string;
/**
 * A currency code: an ISO 4217 code (`"USD"`) or a custom currency's code, as
 * answers give them and queries, payments and credit applications take them.
 * Documents and series define a custom currency with its `CustomCurrency`.
 */
export type CurrencyCode = string;
/** A custom currency: `{"code": "CREDITS", "minor_units": 4}`. */
export interface CustomCurrency {
  code: string;
  minor_units: number;
}
/** A currency as input: an ISO code, or a custom currency (its object; in payments and credit applications also its code). */
export type Currency = CurrencyCode | CustomCurrency;
/** A Money value in its JSON form (events, history). */
export interface Money {
  amount: Amount;
  currency: Currency;
}

export type InvoiceKind = "new" | "recurring" | "one_time_charge" | "credit" | "refund";
export type InvoiceStatus =
  | "draft"
  | "open"
  | "partially_paid"
  | "paid"
  | "uncollectible"
  | "void"
  | "applied";
export type PaymentState = "pending" | "succeeded" | "failed";
/**
 * How an automatic allocation spreads a payment. `exact_match_first` looks for
 * an invoice whose open amount (due less what pending payments hold) equals it.
 */
export type AllocationStrategy =
  | "oldest_due_first"
  | "oldest_issued_first"
  | "exact_match_first"
  | "proportional";
export type OverpaymentPolicy = "credit" | "refuse";
export type RoundingMode = "half_up" | "half_even" | "down" | "up";
export type TaxRounding = "per_line" | "per_invoice";
export type CycleUnit = "day" | "week" | "month" | "year";
export type MethodKind =
  | "card"
  | "bank_account"
  | "direct_debit"
  | "bank_transfer"
  | "wire"
  | "pay_pal"
  | "check"
  | "cash"
  | "other";
export type AgingBucket = "current" | "days_1_30" | "days_31_60" | "days_61_90" | "over_90";
export type StatementLineKind =
  | "invoice"
  | "credit_note"
  | "refund_note"
  | "payment"
  | "refund"
  | "void"
  | "credit_voided";
export type SkipReason =
  | "no_default_method"
  | "method_expired"
  | "method_not_chargeable"
  | "covered_by_pending_payments"
  | "written_off";

// ----- documents and settings (input forms, also answered as such) --------------

export interface RoundingPolicy {
  mode: RoundingMode;
  tax: TaxRounding;
}
export interface AccountSettings {
  auto_apply_credit: boolean;
  rounding: RoundingPolicy;
}
/** Settings as input: omitted fields take their defaults (auto-apply on, half-up per line). */
export interface AccountSettingsInput {
  auto_apply_credit?: boolean;
  rounding?: Partial<RoundingPolicy>;
}

export type Discount = { amount: Amount } | { percent: Amount };
export interface TaxRate {
  id: string;
  percent: Amount;
  inclusive?: boolean;
}
export interface ServicePeriod {
  start: DateString;
  /** Excluded. */
  end: DateString;
}
export interface Line {
  description: string;
  quantity: Amount;
  /** May carry more decimals than the currency. */
  unit_price: Amount;
  discount?: Discount;
  taxes?: TaxRate[];
  period?: ServicePeriod;
}
/** An invoice document (any of the five kinds). */
export interface Invoice {
  id: string;
  kind: InvoiceKind;
  currency: Currency;
  issue_date: DateString;
  due_date: DateString;
  /** Refund documents: the charge invoice reversed. */
  refund_of?: string;
  /** Refund documents: pay the post-payment part back to this payment. */
  refund_payment?: string;
  lines: Line[];
  discount?: Discount;
}
export interface CardExpiry {
  month: number;
  year: number;
}
/** A payment method reference (never card data). */
export interface PaymentMethod {
  id: string;
  kind: MethodKind;
  token?: string;
  brand?: string;
  last4?: string;
  expiry?: CardExpiry;
  label?: string;
}
export interface Cycle {
  every: number;
  unit: CycleUnit;
  anchor: DateString;
}
/** A recurring series. */
export interface Series {
  id: string;
  currency: Currency;
  cycle: Cycle;
  start: DateString;
  end?: DateString | null;
  due_days?: number;
  lines: Line[];
}

// ----- operations ------------------------------------------------------------------

export interface AllocationRequest {
  invoice: string;
  amount: Amount;
}

/** The fields of each operation (its JSON form without `"op"`). */
export interface OperationFields {
  create_draft: { invoice: Invoice };
  update_draft: { invoice: Invoice };
  delete_draft: { invoice: string; date: DateString };
  issue_invoice: { invoice: Invoice };
  issue_draft: { invoice: string; date: DateString };
  record_payment: {
    payment: string;
    amount: Amount;
    currency: Currency;
    date: DateString;
    /** A payment method id. */
    method?: string;
    pending?: boolean;
    /** A strategy (default `oldest_due_first`) or explicit amounts per invoice. */
    allocation?: AllocationStrategy | AllocationRequest[];
    /** What to do with money left over (default `credit`). */
    overpayment?: OverpaymentPolicy;
  };
  settle_payment: { payment: string; date: DateString };
  fail_payment: { payment: string; date: DateString };
  /** `amount` absent: as much as the credit and the invoice allow. */
  apply_credit: { id: string; invoice: string; amount?: Amount; date: DateString };
  apply_available_credit: { id: string; currency: Currency; date: DateString };
  refund_payment: { refund: string; payment: string; amount: Amount; date: DateString };
  void_invoice: { invoice: string; date: DateString };
  mark_uncollectible: { invoice: string; date: DateString };
  /** `amount` absent: all of it. */
  move_allocation: {
    id: string;
    payment: string;
    from: string;
    to: string;
    amount?: Amount;
    date: DateString;
  };
  update_settings: { settings: AccountSettingsInput; date: DateString };
  add_payment_method: { method: PaymentMethod; default?: boolean; date: DateString };
  remove_payment_method: { method: string; date: DateString };
  set_default_payment_method: { method: string; date: DateString };
  add_series: { series: Series; date: DateString };
  end_series: { series: string; end: DateString; date: DateString };
  /** `through` is also the operation's date. */
  bill_series: { series: string; through: DateString };
}
export type OperationName = keyof OperationFields;
/** An operation in its JSON form: `{"op": "record_payment", ...}`. */
export type Operation = { [K in OperationName]: { op: K } & OperationFields[K] }[OperationName];
/** A helper's argument: the operation's fields, `date` optional (default: today, local time). */
export type OperationArgs<K extends OperationName> = OperationFields[K] extends { date: DateString }
  ? Omit<OperationFields[K], "date"> & { date?: DateString }
  : OperationFields[K];
export type RecordPaymentArgs = OperationArgs<"record_payment">;

export interface ExecuteOptions {
  /** Apply only if the account is at this version (else ConflictError `version_conflict`). */
  expectedVersion?: number;
}

// ----- history ------------------------------------------------------------------------

/** A history event (JSON form: amounts are Money objects). */
export type Event =
  | { event: "draft_created" | "draft_updated"; invoice: Invoice; total: Money }
  | {
      event: "draft_deleted" | "invoice_issued" | "invoice_voided" | "invoice_written_off";
      invoice: string;
    }
  | { event: "invoice_reversed"; invoice: string; document: string; amount: Money }
  | { event: "payment_recorded"; payment: string; amount: Money; method?: string; pending: boolean }
  | { event: "payment_allocated" | "allocation_reversed"; payment: string; invoice: string; amount: Money }
  | { event: "payment_settled" | "payment_failed"; payment: string }
  | { event: "payment_refunded"; payment: string; refund: string; amount: Money }
  | { event: "credit_created"; source: number; amount: Money; document?: string; payment?: string }
  | { event: "credit_applied" | "credit_returned"; source: number; invoice: string; amount: Money }
  | { event: "credit_refunded" | "credit_voided"; source: number; amount: Money }
  | { event: "settings_changed"; settings: AccountSettings }
  | { event: "payment_method_added"; method: PaymentMethod }
  | { event: "payment_method_removed"; method: string }
  | { event: "default_payment_method_set"; method: string | null }
  | { event: "series_added"; series: Series }
  | { event: "series_ended"; series: string; end: DateString };

/** One applied operation as stored. */
export interface Entry {
  version: number;
  operation: Operation;
  events: Event[];
}

/** The account snapshot (`toJson()`, parsed). */
export interface AccountSnapshot {
  format: "billing-core/account";
  version: number;
  data: { id: string; settings: AccountSettingsInput; history: Entry[] };
}

// ----- answers (amounts flattened to strings, the currency named once) --------------

export interface InvoiceAmounts {
  status: InvoiceStatus;
  total: Amount;
  /** Reversed by refund documents. */
  reversed: Amount;
  /** Paid by succeeded payments, net of refunds. */
  paid: Amount;
  /** Covered by pending payments (still due). */
  pending: Amount;
  /** Paid from the credit balance. */
  credited: Amount;
  /** Still due: total − reversed − paid − credited (charges only). */
  due: Amount;
  /** Credit and refund documents: their credit still available. */
  credit_remaining: Amount;
  currency: CurrencyCode;
}

/** An invoice as the portal shows it. */
export interface InvoiceView extends InvoiceAmounts {
  id: string;
  kind: InvoiceKind;
  issue_date: DateString;
  due_date: DateString;
  refund_of?: string;
}

export interface AllocationView {
  invoice: string;
  amount: Amount;
  currency: CurrencyCode;
}
export interface RefundView {
  id: string;
  amount: Amount;
  date: DateString;
  currency: CurrencyCode;
}
/** A payment as the portal shows it. */
export interface PaymentView {
  id: string;
  amount: Amount;
  currency: CurrencyCode;
  date: DateString;
  method?: string;
  state: PaymentState;
  allocations: AllocationView[];
  credit_created: Amount;
  credit_remaining: Amount;
  /** What a pending payment will put on credit when it settles. */
  unallocated: Amount;
  refunded: Amount;
  refundable: Amount;
  refunds: RefundView[];
}

export type CreditOrigin =
  | { kind: "credit_note"; document: string }
  | { kind: "overpayment"; payment: string }
  | { kind: "refund_note"; document: string; payment: string };
export interface CreditSource {
  /** Its number in the account (creation order). */
  source: number;
  origin: CreditOrigin;
  date: DateString;
  original: Amount;
  used: Amount;
  remaining: Amount;
  currency: CurrencyCode;
}
export interface CreditBalance {
  currency: CurrencyCode;
  available: Amount;
  /** Sources with credit remaining, oldest first. */
  sources: CreditSource[];
}
export interface Balance {
  currency: CurrencyCode;
  /** Due on issued charge invoices, not counting written-off ones (those are `written_off`). */
  receivable: Amount;
  /** Due on written-off (uncollectible) invoices: still payable. */
  written_off: Amount;
  credit: Amount;
  /** receivable − credit (negative: the provider owes the customer). */
  net_position: Amount;
}

export interface BillingSummary {
  currency: CurrencyCode;
  as_of: DateString;
  /** Everything due on `as_of`, written-off invoices included (unlike `Balance.receivable`); aging sums to it. */
  current_balance: Amount;
  /** The part of `current_balance` on written-off invoices. */
  written_off: Amount;
  pending: Amount;
  overdue: Amount;
  open_invoices: number;
  /** Credit available on that date, with money paid by then to invoices issued after it. */
  credit_available: Amount;
  last_recurring_invoice: DateString | null;
  /** The start of the first period of any series not billed on `as_of`. */
  next_recurring_invoice: DateString | null;
  /** What billing issues on that date (for a series behind, every period not billed through `as_of`). */
  next_recurring_charges: Amount;
  estimated_next_balance: Amount;
}
export interface AgedInvoice {
  invoice: string;
  due_date: DateString;
  days_past_due: number;
  bucket: AgingBucket;
  due: Amount;
  currency: CurrencyCode;
}
export interface Aging {
  currency: CurrencyCode;
  as_of: DateString;
  current: Amount;
  days_1_30: Amount;
  days_31_60: Amount;
  days_61_90: Amount;
  over_90: Amount;
  total: Amount;
  invoices: AgedInvoice[];
}
export interface StatementLine {
  date: DateString;
  kind: StatementLineKind;
  reference: string;
  amount: Amount;
  balance: Amount;
  currency: CurrencyCode;
}
export interface Statement {
  currency: CurrencyCode;
  from: DateString;
  to: DateString;
  opening_balance: Amount;
  closing_balance: Amount;
  lines: StatementLine[];
}
export interface PlannedCharge {
  invoice: string;
  amount: Amount;
  method: string;
  currency: CurrencyCode;
}
export interface SkippedCharge {
  invoice: string;
  /** What a charge would have taken (due less pending); for `covered_by_pending_payments`, what is due. */
  amount: Amount;
  reason: SkipReason;
  currency: CurrencyCode;
}
export interface ChargePlan {
  as_of: DateString;
  charges: PlannedCharge[];
  skipped: SkippedCharge[];
}

/** How one operation changed one invoice (`null`: it did not exist / was deleted). */
export interface InvoiceChange {
  invoice: string;
  before: InvoiceAmounts | null;
  after: InvoiceAmounts | null;
}
/** What an operation did, or (preview) would do. */
export interface Outcome {
  /** The account version it produces. */
  version: number;
  operation: Operation;
  events: Event[];
  invoices: InvoiceChange[];
  allocations: { payment: string; invoice: string; amount: Amount; currency: CurrencyCode }[];
  credit_created: { source: number; amount: Amount; currency: CurrencyCode }[];
  credit_applied: { source: number; invoice: string; amount: Amount; currency: CurrencyCode }[];
}

/** The account's id, version, current settings and currencies (input forms). */
export interface AccountInfo {
  id: string;
  version: number;
  settings: AccountSettings;
  currencies: Currency[];
}

export interface TaxTotal {
  rate: TaxRate;
  taxable: Amount;
  amount: Amount;
  currency: CurrencyCode;
}
export interface LineTotals {
  amount: Amount;
  discount: Amount;
  net: Amount;
  tax: Amount;
  total: Amount;
  /** The line's tax per rate, in the order of its rates. */
  taxes: Amount[];
  currency: CurrencyCode;
}
export interface Totals {
  subtotal: Amount;
  discount: Amount;
  net: Amount;
  tax: Amount;
  total: Amount;
  taxes: TaxTotal[];
  lines: LineTotals[];
  currency: CurrencyCode;
}
export interface CurrencyInfo {
  code: string;
  minor_units: number;
  iso: boolean;
}

// ----- queries and calculations (the generic forms) -----------------------------------

/** The arguments and answer of each query. */
export interface Queries {
  account: [{}, AccountInfo];
  invoice: [{ id: string }, InvoiceView];
  document: [{ id: string }, Invoice];
  invoices: [{}, InvoiceView[]];
  overdue: [{ as_of: DateString }, InvoiceView[]];
  payment: [{ id: string }, PaymentView];
  payments: [{}, PaymentView[]];
  credit: [{ currency?: CurrencyCode }, CreditBalance];
  credit_sources: [{}, CreditSource[]];
  balance: [{ currency?: CurrencyCode }, Balance];
  balances: [{}, Balance[]];
  summary: [{ as_of: DateString; currency?: CurrencyCode }, BillingSummary];
  summaries: [{ as_of: DateString }, BillingSummary[]];
  aging: [{ as_of: DateString; currency?: CurrencyCode }, Aging];
  statement: [{ from: DateString; to: DateString; currency?: CurrencyCode }, Statement];
  auto_charge_plan: [{ as_of: DateString }, ChargePlan];
  payment_methods: [{}, PaymentMethod[]];
  default_payment_method: [{}, PaymentMethod | null];
  series: [{ id: string }, Series];
  series_list: [{}, Series[]];
  history: [{}, Entry[]];
  verify: [{}, string | null];
}
export type QueryName = keyof Queries;
/** A query: `{"query": "summary", "as_of": "2026-02-15"}`. */
export type Query = { [K in QueryName]: { query: K } & Queries[K][0] }[QueryName];

/** The arguments and answer of each calculation. */
export interface Calculations {
  parse: [{ amount: Amount; currency: Currency }, Amount];
  round: [{ amount: Amount; currency: Currency; mode: RoundingMode }, Amount];
  split: [{ amount: Amount; currency: Currency; parts: number }, Amount[]];
  allocate: [{ amount: Amount; currency: Currency; ratios: Amount[] }, Amount[]];
  currency: [Currency, CurrencyInfo];
  totals: [{ invoice: Invoice; policy?: Partial<RoundingPolicy> }, Totals];
  cycle: [
    { every: number; unit: CycleUnit; anchor: DateString; first: number; count: number },
    DateString[],
  ];
  card_check: [string, null];
  expiry: [{ month: number; year: number; as_of: DateString }, boolean];
}
export type CalculationName = keyof Calculations;
/** A calculation request: `{"split": {"amount": "10.00", "currency": "USD", "parts": 3}}`. */
export type CalcRequest = { [K in CalculationName]: { [P in K]: Calculations[K][0] } }[CalculationName];

// ----- the account ---------------------------------------------------------------------

/** The outcomes of a batch, parsed when read. */
export class BatchOutcomes implements Iterable<Outcome> {
  private constructor();
  /** How many operations the batch applied. */
  readonly length: number;
  /** The outcome at `index` (negative counts from the end), or undefined. */
  at(index: number): Outcome | undefined;
  [Symbol.iterator](): Iterator<Outcome>;
  /** Every outcome, in order. */
  toArray(): Outcome[];
  /**
   * Releases the outcomes' wasm memory now (otherwise when garbage
   * collected; a large batch keeps its outcomes until then). Any later
   * read throws an Error saying so; a second free() does nothing. Outcomes
   * whose read trapped (a `WebAssembly.RuntimeError`, such as the module
   * running out of memory) are lost as an account is: later reads throw an
   * Error saying so; the batch stays applied on the account.
   */
  free(): void;
  /** `free()`, so that `using outcomes = account.executeBatch(ops)` releases them. */
  [Symbol.dispose](): void;
}

/**
 * One customer's account: invoices, payments, credit and refunds in any
 * number of currencies, exact to the cent. Every operation is atomic;
 * `preview` and `previewPayment` run the same code and change nothing.
 */
export class Account {
  /** A new, empty account. */
  constructor(id: string, settings?: AccountSettingsInput);
  /** Loads an account from its JSON snapshot (`toJson()`), as text or parsed. */
  static fromJson(snapshot: string | AccountSnapshot): Account;
  /**
   * Rebuilds an account from its history entries. `settings` are those the
   * account was opened with (later changes are in the history); the entries
   * carry neither them nor the id, so store both with the history, or keep
   * the JSON snapshot, which has them. A history made under other settings
   * is refused (`corrupt_history`, cause `settings_mismatch`) when it shows:
   * credit beside invoices still due with auto-apply on.
   */
  static replay(id: string, entries: Entry[] | string, settings?: AccountSettingsInput): Account;

  readonly id: string;
  /** The number of operations applied. */
  readonly version: number;
  readonly settings: AccountSettings;
  /** Every currency the account uses, sorted by code. */
  readonly currencies: Currency[];
  /** The versioned JSON snapshot (text). */
  toJson(): string;
  /**
   * Releases the account's wasm memory now (otherwise when it is garbage
   * collected). Any later use throws an Error saying so; a second free()
   * does nothing. An account whose call trapped (a `WebAssembly.RuntimeError`,
   * such as the module running out of memory) is lost: later calls throw an
   * Error saying so, free() does nothing, and its memory stays taken; load
   * it again from its snapshot or history.
   */
  free(): void;
  /**
   * `free()`, so that `using account = Account.fromJson(snapshot)` releases
   * the account when the block ends (where the runtime has
   * `Symbol.dispose`: Node 20.4+, current browsers).
   */
  [Symbol.dispose](): void;

  /**
   * Applies an operation in its JSON form (object or text). An object that
   * cannot be written as JSON (it contains itself) is `invalid_json`, with
   * JSON.stringify's error as `cause`; an error thrown by your own getter
   * or `toJSON` reaches you as it is.
   */
  execute(op: Operation | string, options?: ExecuteOptions): Outcome;
  /** What an operation would do; changes nothing. */
  preview(op: Operation | string): Outcome;
  /**
   * Applies operations all or nothing; a refusal's error has `index` (from
   * 0). `expectedVersion` is checked as `execute` checks it, until an
   * operation applies: another version is `version_conflict` at the first
   * operation that is not an idempotent repeat, and a batch
   * retried whole after it was applied returns its original outcomes.
   */
  executeBatch(ops: Iterable<Operation | string>, options?: ExecuteOptions): BatchOutcomes;

  createDraft(args: OperationArgs<"create_draft">, options?: ExecuteOptions): Outcome;
  updateDraft(args: OperationArgs<"update_draft">, options?: ExecuteOptions): Outcome;
  deleteDraft(args: OperationArgs<"delete_draft">, options?: ExecuteOptions): Outcome;
  /** Issues a draft. The document keeps its issue date, and reports count the invoice from it. */
  issueDraft(args: OperationArgs<"issue_draft">, options?: ExecuteOptions): Outcome;
  issueInvoice(args: OperationArgs<"issue_invoice">, options?: ExecuteOptions): Outcome;
  recordPayment(args: RecordPaymentArgs, options?: ExecuteOptions): Outcome;
  /** What `recordPayment` would do with the same arguments; changes nothing. */
  previewPayment(args: RecordPaymentArgs): Outcome;
  settlePayment(args: OperationArgs<"settle_payment">, options?: ExecuteOptions): Outcome;
  failPayment(args: OperationArgs<"fail_payment">, options?: ExecuteOptions): Outcome;
  applyCredit(args: OperationArgs<"apply_credit">, options?: ExecuteOptions): Outcome;
  applyAvailableCredit(args: OperationArgs<"apply_available_credit">, options?: ExecuteOptions): Outcome;
  refundPayment(args: OperationArgs<"refund_payment">, options?: ExecuteOptions): Outcome;
  voidInvoice(args: OperationArgs<"void_invoice">, options?: ExecuteOptions): Outcome;
  markUncollectible(args: OperationArgs<"mark_uncollectible">, options?: ExecuteOptions): Outcome;
  moveAllocation(args: OperationArgs<"move_allocation">, options?: ExecuteOptions): Outcome;
  updateSettings(args: OperationArgs<"update_settings">, options?: ExecuteOptions): Outcome;
  addPaymentMethod(args: OperationArgs<"add_payment_method">, options?: ExecuteOptions): Outcome;
  removePaymentMethod(args: OperationArgs<"remove_payment_method">, options?: ExecuteOptions): Outcome;
  setDefaultPaymentMethod(
    args: OperationArgs<"set_default_payment_method">,
    options?: ExecuteOptions,
  ): Outcome;
  addSeries(args: OperationArgs<"add_series">, options?: ExecuteOptions): Outcome;
  /**
   * Ends a series: no service from `end` on. A period cut short and billed
   * after this is prorated; one already billed stays billed in full (to give
   * the unused days back, issue a refund document of that invoice).
   */
  endSeries(args: OperationArgs<"end_series">, options?: ExecuteOptions): Outcome;
  /** Issues every period of a series through a date; reports count each invoice from its own issue date. */
  billSeries(args: OperationArgs<"bill_series">, options?: ExecuteOptions): Outcome;

  /** Answers a query in its JSON form. */
  query<K extends QueryName>(q: { query: K } & Queries[K][0]): Queries[K][1];
  query(q: string): unknown;
  invoice(id: string): InvoiceView;
  document(id: string): Invoice;
  invoices(): InvoiceView[];
  /**
   * The invoices overdue on `asOf` by their amounts now, oldest due first. For
   * amounts as they stood on a past date, read `summary` or `aging`.
   */
  overdue(asOf: DateString): InvoiceView[];
  payment(id: string): PaymentView;
  payments(): PaymentView[];
  /** Without a currency: the account's only one (`currency_required` otherwise). */
  credit(currency?: CurrencyCode): CreditBalance;
  creditSources(): CreditSource[];
  balance(currency?: CurrencyCode): Balance;
  balances(): Balance[];
  summary(asOf: DateString, currency?: CurrencyCode): BillingSummary;
  summaries(asOf: DateString): BillingSummary[];
  aging(asOf: DateString, currency?: CurrencyCode): Aging;
  /** From `from` to `to`, both included (`from` after `to`: InvalidInputError `invalid_period`). */
  statement(from: DateString, to: DateString, currency?: CurrencyCode): Statement;
  /** What a charge run on `asOf` would charge or skip: the account as it stands (every payment recorded, whatever its date); `asOf` decides which due dates have come and which cards have expired. */
  autoChargePlan(asOf: DateString): ChargePlan;
  paymentMethods(): PaymentMethod[];
  defaultPaymentMethod(): PaymentMethod | null;
  series(id: string): Series;
  seriesList(): Series[];
  history(): Entry[];
  /** `null` when every invariant holds, else the first that does not. */
  verify(): string | null;
}

// ----- calculations --------------------------------------------------------------------

/** Answers a calculation request in its JSON form. */
export function calc<K extends CalculationName>(request: { [P in K]: Calculations[K][0] }): Calculations[K][1];
export function calc(request: string): unknown;
/** The amount at the currency's scale (`"10"` USD is `"10.00"`; more places: `scale_exceeded`). */
export function parseMoney(amount: Amount, currency: Currency): Amount;
export function roundMoney(amount: Amount, currency: Currency, mode?: RoundingMode): Amount;
/** Equal parts that sum exactly to the amount (largest remainder); at most 100,000 (`too_many_parts`). */
export function splitMoney(amount: Amount, currency: Currency, parts: number): Amount[];
/** Parts by ratios (decimal strings) that sum exactly to the amount; at most 100,000 ratios (`too_many_parts`). */
export function allocateMoney(amount: Amount, currency: Currency, ratios: Amount[]): Amount[];
export function currencyInfo(currency: Currency): CurrencyInfo;
export function invoiceTotals(invoice: Invoice, policy?: Partial<RoundingPolicy>): Totals;
/** Start dates of cycles `first` .. `first + count − 1` (past the year 9999: InvalidInputError `date_out_of_range`). */
export function cycleDates(
  every: number,
  unit: CycleUnit,
  anchor: DateString,
  first?: number,
  count?: number,
): DateString[];
/** Throws InvalidInputError `card_data_refused` if the text holds card data. */
export function checkCardData(text: string): void;
/** Whether a card expiring month/year is expired on `asOf` (a month outside 1 to 12: InvalidInputError `invalid_payment_method`). */
export function cardExpired(month: number, year: number, asOf: DateString): boolean;

// ----- errors ----------------------------------------------------------------------------

export type ErrorKind =
  | "invalid_input"
  | "currency_mismatch"
  | "overflow"
  | "invalid_state"
  | "not_found"
  | "conflict"
  | "limit_exceeded";

export type ErrorCode =
  | "invalid_decimal"
  | "invalid_date"
  | "date_out_of_range"
  | "invalid_period"
  | "too_long"
  | "float_refused"
  | "unknown_currency"
  | "currency_required"
  | "invalid_currency_code"
  | "invalid_minor_units"
  | "currency_mismatch"
  | "scale_exceeded"
  | "overflow"
  | "no_parts"
  | "too_many_parts"
  | "invalid_ratios"
  | "empty_id"
  | "invalid_id"
  | "due_before_issue"
  | "invalid_service_period"
  | "no_lines"
  | "negative_quantity"
  | "negative_unit_price"
  | "invalid_discount"
  | "discount_exceeds_amount"
  | "invalid_tax_rate"
  | "mixed_tax_inclusion"
  | "duplicate_tax_rate"
  | "conflicting_tax_rate"
  | "missing_refund_target"
  | "unexpected_refund_target"
  | "invalid_transition"
  | "unknown_invoice"
  | "unknown_payment"
  | "duplicate_invoice"
  | "duplicate_payment"
  | "duplicate_refund"
  | "unknown_credit_source"
  | "unbalanced_payment"
  | "settings_mismatch"
  | "invoice_not_draft"
  | "invoice_not_payable"
  | "invoice_not_refundable"
  | "non_positive_amount"
  | "duplicate_allocation"
  | "allocation_exceeds_due"
  | "allocation_exceeds_payment"
  | "allocation_exceeds_allocated"
  | "same_invoice"
  | "overpayment"
  | "payment_not_pending"
  | "payment_not_succeeded"
  | "insufficient_credit"
  | "refund_exceeds_refundable"
  | "refund_exceeds_invoice"
  | "invoice_has_payments"
  | "invoice_has_pending_payments"
  | "dated_before_target"
  | "credit_already_used"
  | "version_conflict"
  | "idempotency_conflict"
  | "corrupt_history"
  | "invalid_cycle"
  | "invalid_series_dates"
  | "too_many_periods"
  | "unknown_series"
  | "duplicate_series"
  | "card_data_refused"
  | "invalid_payment_method"
  | "unknown_payment_method"
  | "duplicate_payment_method"
  | "invalid_json"
  | "unsupported_format";

/** Every error code of the core, in declaration order. */
export const ERROR_CODES: readonly ErrorCode[];

/** An error as the core answers it. */
export interface ErrorAnswer {
  code: ErrorCode;
  kind: ErrorKind;
  /** English. Echoes no free-form input (amounts, text, card data); may name your own ids (invoice, payment). */
  message: string;
  /** The variant's fields, such as `{"currency": "USD", "minor_units": 2}`. */
  details: Record<string, unknown>;
  /** For a refused batch: the position of the refused operation (from 0). */
  index?: number;
}

/** Every refusal of billing-core. */
export class BillingError extends Error {
  constructor(answer: ErrorAnswer, options?: { cause?: unknown });
  /** The stable error code, such as `"allocation_exceeds_due"`. */
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown>;
  /** For a refused batch: the position of the refused operation (from 0). */
  readonly index: number | undefined;
  toJSON(): ErrorAnswer & { name: string };
}
export class InvalidInputError extends BillingError {}
export class CurrencyMismatchError extends BillingError {}
export class AmountOverflowError extends BillingError {}
export class InvalidStateError extends BillingError {}
export class NotFoundError extends BillingError {}
export class ConflictError extends BillingError {}
export class LimitExceededError extends BillingError {}
/**
 * A number where an exact decimal is expected (code `float_refused`). A
 * TypeError; `instanceof InvalidInputError` and `instanceof BillingError`
 * are true as well.
 */
export class FloatRefusedError extends TypeError {
  constructor(answer: ErrorAnswer, options?: { cause?: unknown });
  readonly code: "float_refused";
  readonly kind: "invalid_input";
  readonly details: Record<string, unknown>;
  readonly index: number | undefined;
  toJSON(): ErrorAnswer & { name: string };
}
