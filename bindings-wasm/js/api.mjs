// billing-core for JavaScript: the public API of the npm package.
//
// A thin layer over the wasm module (bindings-wasm/src): it checks host
// values (a JS number for money is refused, dates are "YYYY-MM-DD"
// strings), builds the core's JSON forms, parses answers into plain
// objects, and raises the error classes below. Every rule about money
// lives in the core; nothing here computes an amount.
//
// The names, value conventions and error classes are those of
// docs/bindings.md; the types are in index.d.ts.

import { native, ERROR_CODES } from "./runtime.mjs";

export { ERROR_CODES };

// ----- errors ---------------------------------------------------------------

function setFields(error, answer) {
  error.code = answer.code;
  error.kind = answer.kind;
  error.details = answer.details ?? {};
  error.index = answer.index;
}

function errorJson(error) {
  const { name, code, kind, message, details, index } = error;
  return index === undefined
    ? { name, code, kind, message, details }
    : { name, code, kind, message, details, index };
}

/**
 * Every refusal of billing-core: `code` is the core's stable error code,
 * `kind` its family, `details` the variant's fields, and `index` the
 * position of the refused operation in a batch.
 */
export class BillingError extends Error {
  constructor(answer, options) {
    super(answer.message, options);
    setFields(this, answer);
  }

  // FloatRefusedError is a TypeError (the host's class for a value of the
  // wrong type) and, as in Python, also an InvalidInputError and a
  // BillingError: `instanceof` says so.
  static [Symbol.hasInstance](value) {
    return (
      Function.prototype[Symbol.hasInstance].call(this, value) ||
      ((this === BillingError || this === InvalidInputError) &&
        value instanceof FloatRefusedError)
    );
  }

  toJSON() {
    return errorJson(this);
  }
}

/** Bad input values: numbers, currencies, documents, formats (kind `invalid_input`). */
export class InvalidInputError extends BillingError {}
/** Amounts in different currencies were combined (kind `currency_mismatch`). */
export class CurrencyMismatchError extends BillingError {}
/** A number that cannot be represented exactly: too large, or more than 28 decimal places (kind `overflow`). */
export class AmountOverflowError extends BillingError {}
/** Not allowed in the current state (kind `invalid_state`). */
export class InvalidStateError extends BillingError {}
/** No such invoice, payment, series, method or credit source (kind `not_found`). */
export class NotFoundError extends BillingError {}
/** A duplicate id, a reused idempotency key or a stale version (kind `conflict`). */
export class ConflictError extends BillingError {}
/** More than is due, refundable or available (kind `limit_exceeded`). */
export class LimitExceededError extends BillingError {}

/**
 * A JS number (or a JSON number) where an exact decimal is expected: code
 * `float_refused`, kind `invalid_input`. A TypeError; `instanceof
 * InvalidInputError` and `instanceof BillingError` are true as well.
 */
export class FloatRefusedError extends TypeError {
  constructor(answer, options) {
    super(answer.message, options);
    setFields(this, answer);
  }

  toJSON() {
    return errorJson(this);
  }
}

/** The class of each error kind: the one mapping, exhaustive over kinds. */
const ERROR_CLASSES = Object.freeze({
  invalid_input: InvalidInputError,
  currency_mismatch: CurrencyMismatchError,
  overflow: AmountOverflowError,
  invalid_state: InvalidStateError,
  not_found: NotFoundError,
  conflict: ConflictError,
  limit_exceeded: LimitExceededError,
});

for (const Class of [BillingError, FloatRefusedError, ...Object.values(ERROR_CLASSES)]) {
  Object.defineProperty(Class.prototype, "name", {
    value: Class.name,
    writable: true,
    configurable: true,
  });
}

/** The error for an error answer (`{code, kind, message, details, index?}`). */
function errorFrom(answer, options) {
  if (answer.code === "float_refused") return new FloatRefusedError(answer, options);
  const Class = Object.hasOwn(ERROR_CLASSES, answer.kind) ? ERROR_CLASSES[answer.kind] : BillingError;
  return new Class(answer, options);
}

/** Runs a call into the wasm module, raising its refusal as its class. */
function call(run) {
  try {
    return run();
  } catch (thrown) {
    throw refusal(thrown);
  }
}

/** The module throws `Error`s whose message is the error answer (errors.rs). */
function refusal(thrown) {
  if (thrown instanceof Error && thrown.message.startsWith('{"')) {
    let answer;
    try {
      answer = JSON.parse(thrown.message);
    } catch {
      return thrown;
    }
    if (typeof answer?.code === "string") return errorFrom(answer);
  }
  return thrown;
}

const MESSAGES = {
  // The core's own message for the code (billing-core/src/error.rs).
  float_refused:
    "numbers are refused for money and other exact decimals (binary floats lose cents); pass a decimal string or the host's decimal type",
  date_object:
    'not a date written YYYY-MM-DD in the years 0001 to 9999, or no such day: pass the calendar day as a "YYYY-MM-DD" string, not a Date (whose day depends on the time zone)',
};

function invalidInput(code, message, options) {
  return errorFrom({ code, kind: "invalid_input", message, details: {} }, options);
}

/** The core's `invalid_json`, as it words and details it: `{message}`. */
function invalidJson(message, options) {
  return errorFrom(
    { code: "invalid_json", kind: "invalid_input", message: `invalid JSON: ${message}`, details: { message } },
    options,
  );
}

// ----- host values ------------------------------------------------------------

/** An amount: a decimal string. A JS number or bigint is refused. */
function amountIn(value) {
  // A Number object, a symbol or a function is refused when written
  // (`finite`), wherever it is.
  if (typeof value === "number" || typeof value === "bigint") {
    throw invalidInput("float_refused", MESSAGES.float_refused);
  }
  return value;
}

/** A date: a "YYYY-MM-DD" string (checked by the core). A Date is refused. */
function dateIn(value) {
  if (value instanceof Date) throw invalidInput("invalid_date", MESSAGES.date_object);
  return value;
}

/** Today's date on the host clock, local time, as "YYYY-MM-DD". */
function today() {
  const now = new Date();
  const pad = (n, width) => String(n).padStart(width, "0");
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1, 2)}-${pad(now.getDate(), 2)}`;
}

/**
 * NaN and ±Infinity would silently become `null` in JSON, and a bigint
 * cannot be written at all: both are refused as numbers for exact values.
 */
function finite(key, value) {
  // A Number object is written as its number (NaN as null, too).
  const number = value instanceof Number ? value.valueOf() : value;
  if ((typeof number === "number" && !Number.isFinite(number)) || typeof value === "bigint") {
    throw invalidInput("float_refused", MESSAGES.float_refused);
  }
  // JSON would leave a symbol or a function out (a field dropped: its
  // default applies) or write null: refused instead.
  if (key !== "" && (typeof value === "symbol" || typeof value === "function")) throw unwritable();
  return value;
}

/**
 * Whether a string is well-formed UTF-16. Text crosses to the module as
 * UTF-8, whose encoder would silently replace an unpaired surrogate (half
 * of an emoji cut in two, say) with U+FFFD: such text is refused instead.
 */
const wellFormed = String.prototype.isWellFormed
  ? (text) => text.isWellFormed()
  : (text) => !/\p{Surrogate}/u.test(text); // Node 18

function unicodeIn(text, what) {
  if (!wellFormed(text)) {
    throw invalidJson(`${what} is not valid Unicode (it holds an unpaired surrogate)`);
  }
  return text;
}

/** JSON text for the core: a string is taken as JSON text already. */
function jsonText(value) {
  if (typeof value === "string") return unicodeIn(value, "the JSON text");
  let text;
  try {
    text = JSON.stringify(value, finite);
  } catch (error) {
    // A float refused by `finite`, or whatever the caller's own getter or
    // toJSON threw, reaches the caller as it is, however deep it was.
    // JSON.stringify's own TypeError (a value that contains itself, say)
    // or stack overflow (a value nested too deep) is the refusal below,
    // with that error as its cause.
    const tooDeep = error instanceof RangeError && /call stack/i.test(error.message);
    if (error instanceof FloatRefusedError || !(error instanceof TypeError || tooDeep)) throw error;
    throw unwritable(error);
  }
  if (text === undefined) throw unwritable(); // undefined, or a function
  return text;
}

function unwritable(cause) {
  return invalidJson("the value cannot be written as JSON", cause && { cause });
}

function stringIn(value, what) {
  if (typeof value !== "string") {
    throw invalidJson(`invalid type: ${what} must be a string`);
  }
  return unicodeIn(value, what);
}

function versionIn(options) {
  const version = options?.expectedVersion;
  if (version === undefined || version === null) return undefined;
  if (typeof version === "bigint" && version >= 0n && version < 2n ** 64n) return version;
  if (Number.isSafeInteger(version) && version >= 0) return BigInt(version);
  throw invalidJson("invalid value: expectedVersion must be a non-negative integer");
}

// Operations whose date is not a `date` field: those carrying a document
// are dated by its issue date; bill_series by `through`.
const UNDATED = new Set(["create_draft", "update_draft", "issue_invoice", "bill_series"]);

/** The JSON form of an operation from a helper's argument object. */
function operation(name, fields) {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw invalidJson(`${name} takes one object of its fields`);
  }
  const op = { op: name };
  Object.assign(op, fields);
  op.op = name;
  if (!UNDATED.has(name)) op.date = dateIn(fields.date ?? today());
  for (const key of ["end", "through"]) if (key in op) dateIn(op[key]);
  if ("amount" in op) amountIn(op.amount);
  if (Array.isArray(op.allocation)) {
    for (const part of op.allocation) amountIn(part?.amount);
  }
  return op;
}

const parse = (text) => JSON.parse(text);

// ----- native objects -----------------------------------------------------------

/**
 * A native object, until free() releases it or a trap loses it. A trap
 * (WebAssembly.RuntimeError, such as running out of memory) can leave the
 * object half changed and still borrowed, so it is given up: later calls
 * say so, and its memory is left alone (freeing a borrowed object throws,
 * also from the garbage collector's cleanup).
 */
class Handle {
  #native;
  #what;
  #again;
  #lost = false;

  /** `what` names the object in errors; `again` says how to get it back. */
  constructor(native, what, again) {
    this.#native = native;
    this.#what = what;
    this.#again = again;
  }

  /** The native object, or a clear error once it was released or lost. */
  get live() {
    if (this.#lost) {
      throw new Error(
        `this ${this.#what} was lost: the WebAssembly module trapped during a call on it (out of memory); ${this.#again}`,
      );
    }
    if (this.#native === undefined) {
      throw new Error(`this ${this.#what} was released by free() and can no longer be used`);
    }
    return this.#native;
  }

  /** `run(native)`, with the module's errors as typed errors (`call`). */
  call(run) {
    const native = this.live;
    try {
      return call(() => run(native));
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError && !this.#lost) {
        this.#lost = true;
        this.#native?.__destroy_into_raw?.();
        this.#native = undefined;
      }
      throw error;
    }
  }

  free() {
    this.#native?.free();
    this.#native = undefined;
  }
}

// ----- batch outcomes -----------------------------------------------------------

/**
 * The outcomes of a batch, parsed when read: loading thousands of
 * operations does not pay for answers nobody reads.
 */
export class BatchOutcomes {
  #handle;

  constructor(native) {
    this.#handle = new Handle(native, "BatchOutcomes", "the batch was applied: read the account instead");
  }

  /** How many operations the batch applied. */
  get length() {
    return this.#handle.live.length;
  }

  /** The outcome at `index` (negative counts from the end), or undefined. */
  at(index) {
    const i = index < 0 ? index + this.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    return parse(this.#handle.call((outcomes) => outcomes.get(i)));
  }

  *[Symbol.iterator]() {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** Every outcome, in order. */
  toArray() {
    return Array.from(this);
  }

  /** Releases the outcomes' wasm memory now (otherwise when garbage collected). */
  free() {
    this.#handle.free();
  }
}

// ----- the account ------------------------------------------------------------

let adopting; // a native account being wrapped (fromJson, replay)

/** Account settings as JSON text, or undefined for the defaults. */
const settingsIn = (settings) => (settings === undefined || settings === null ? undefined : jsonText(settings));

function adopt(handle) {
  adopting = handle;
  try {
    return new Account();
  } finally {
    adopting = undefined;
  }
}

/**
 * One customer's account: invoices, payments, credit and refunds in any
 * number of currencies, exact to the cent.
 */
export class Account {
  #handle;

  constructor(id, settings) {
    let account = adopting;
    if (account === undefined) {
      const settingsText = settingsIn(settings);
      account = call(() => new native.Account(stringIn(id, "the account id"), settingsText));
    }
    this.#handle = new Handle(account, "Account", "load it again from its snapshot or history");
  }

  /** Loads an account from its JSON snapshot (`toJson()`), text or parsed. */
  static fromJson(snapshot) {
    return adopt(call(() => native.Account.fromJson(jsonText(snapshot))));
  }

  /** Rebuilds an account from its history entries (`history()`). */
  static replay(id, entries, settings) {
    const settingsText = settingsIn(settings);
    return adopt(
      call(() => native.Account.replay(stringIn(id, "the account id"), jsonText(entries), settingsText)),
    );
  }

  get id() {
    return this.#handle.live.id;
  }

  get version() {
    return Number(this.#handle.live.version);
  }

  get settings() {
    return this.query({ query: "account" }).settings;
  }

  get currencies() {
    return this.query({ query: "account" }).currencies;
  }

  /** The versioned JSON snapshot (text). */
  toJson() {
    return this.#handle.call((account) => account.toJson());
  }

  /** Releases the wasm memory now (otherwise when garbage collected). */
  free() {
    this.#handle.free();
  }

  // ----- operations -----------------------------------------------------------

  execute(op, options) {
    const version = versionIn(options);
    return parse(this.#handle.call((account) => account.execute(jsonText(op), version)));
  }

  preview(op) {
    return parse(this.#handle.call((account) => account.preview(jsonText(op))));
  }

  executeBatch(ops, options) {
    const version = versionIn(options);
    if (ops == null || typeof ops === "string" || typeof ops[Symbol.iterator] !== "function") {
      throw invalidJson("a batch is a list of operations (an array or another iterable)");
    }
    const texts = Array.from(ops, (op, index) => {
      try {
        return jsonText(op);
      } catch (error) {
        // The position of a refusal; the caller's own errors pass as they are.
        if (error instanceof BillingError || error instanceof FloatRefusedError) error.index = index;
        throw error;
      }
    });
    return new BatchOutcomes(this.#handle.call((account) => account.executeBatch(texts, version)));
  }

  createDraft(fields, options) {
    return this.execute(operation("create_draft", fields), options);
  }

  updateDraft(fields, options) {
    return this.execute(operation("update_draft", fields), options);
  }

  deleteDraft(fields, options) {
    return this.execute(operation("delete_draft", fields), options);
  }

  issueDraft(fields, options) {
    return this.execute(operation("issue_draft", fields), options);
  }

  issueInvoice(fields, options) {
    return this.execute(operation("issue_invoice", fields), options);
  }

  recordPayment(fields, options) {
    return this.execute(operation("record_payment", fields), options);
  }

  previewPayment(fields) {
    return this.preview(operation("record_payment", fields));
  }

  settlePayment(fields, options) {
    return this.execute(operation("settle_payment", fields), options);
  }

  failPayment(fields, options) {
    return this.execute(operation("fail_payment", fields), options);
  }

  applyCredit(fields, options) {
    return this.execute(operation("apply_credit", fields), options);
  }

  applyAvailableCredit(fields, options) {
    return this.execute(operation("apply_available_credit", fields), options);
  }

  refundPayment(fields, options) {
    return this.execute(operation("refund_payment", fields), options);
  }

  voidInvoice(fields, options) {
    return this.execute(operation("void_invoice", fields), options);
  }

  markUncollectible(fields, options) {
    return this.execute(operation("mark_uncollectible", fields), options);
  }

  moveAllocation(fields, options) {
    return this.execute(operation("move_allocation", fields), options);
  }

  updateSettings(fields, options) {
    return this.execute(operation("update_settings", fields), options);
  }

  addPaymentMethod(fields, options) {
    return this.execute(operation("add_payment_method", fields), options);
  }

  removePaymentMethod(fields, options) {
    return this.execute(operation("remove_payment_method", fields), options);
  }

  setDefaultPaymentMethod(fields, options) {
    return this.execute(operation("set_default_payment_method", fields), options);
  }

  addSeries(fields, options) {
    return this.execute(operation("add_series", fields), options);
  }

  endSeries(fields, options) {
    return this.execute(operation("end_series", fields), options);
  }

  billSeries(fields, options) {
    return this.execute(operation("bill_series", fields), options);
  }

  // ----- reads ----------------------------------------------------------------

  query(q) {
    return parse(this.#handle.call((account) => account.query(jsonText(q))));
  }

  invoice(id) {
    return this.query({ query: "invoice", id });
  }

  document(id) {
    return this.query({ query: "document", id });
  }

  invoices() {
    return this.query({ query: "invoices" });
  }

  overdue(asOf) {
    return this.query({ query: "overdue", as_of: dateIn(asOf) });
  }

  payment(id) {
    return this.query({ query: "payment", id });
  }

  payments() {
    return this.query({ query: "payments" });
  }

  credit(currency) {
    return this.query({ query: "credit", currency });
  }

  creditSources() {
    return this.query({ query: "credit_sources" });
  }

  balance(currency) {
    return this.query({ query: "balance", currency });
  }

  balances() {
    return this.query({ query: "balances" });
  }

  summary(asOf, currency) {
    return this.query({ query: "summary", currency, as_of: dateIn(asOf) });
  }

  summaries(asOf) {
    return this.query({ query: "summaries", as_of: dateIn(asOf) });
  }

  aging(asOf, currency) {
    return this.query({ query: "aging", currency, as_of: dateIn(asOf) });
  }

  statement(from, to, currency) {
    return this.query({ query: "statement", currency, from: dateIn(from), to: dateIn(to) });
  }

  autoChargePlan(asOf) {
    return this.query({ query: "auto_charge_plan", as_of: dateIn(asOf) });
  }

  paymentMethods() {
    return this.query({ query: "payment_methods" });
  }

  defaultPaymentMethod() {
    return this.query({ query: "default_payment_method" });
  }

  series(id) {
    return this.query({ query: "series", id });
  }

  seriesList() {
    return this.query({ query: "series_list" });
  }

  history() {
    return this.query({ query: "history" });
  }

  verify() {
    return this.query({ query: "verify" });
  }
}

// `using account = Account.fromJson(snapshot)` frees the account when the
// block ends (explicit resource management), where the runtime has
// Symbol.dispose (Node 20.4+, current browsers).
if (typeof Symbol.dispose === "symbol") {
  Account.prototype[Symbol.dispose] = Account.prototype.free;
  BatchOutcomes.prototype[Symbol.dispose] = BatchOutcomes.prototype.free;
}

// ----- calculations -------------------------------------------------------------

/** Answers a calculation request (`{"split": {...}}`, see docs/json-format.md). */
export function calc(request) {
  return parse(call(() => native.calc(jsonText(request))));
}

export function parseMoney(amount, currency) {
  return calc({ parse: { amount: amountIn(amount), currency } });
}

export function roundMoney(amount, currency, mode = "half_up") {
  return calc({ round: { amount: amountIn(amount), currency, mode } });
}

export function splitMoney(amount, currency, parts) {
  return calc({ split: { amount: amountIn(amount), currency, parts } });
}

export function allocateMoney(amount, currency, ratios) {
  if (Array.isArray(ratios)) ratios.forEach(amountIn);
  return calc({ allocate: { amount: amountIn(amount), currency, ratios } });
}

export function currencyInfo(currency) {
  return calc({ currency });
}

export function invoiceTotals(invoice, policy) {
  return calc({ totals: { invoice, policy } });
}

export function cycleDates(every, unit, anchor, first = 0, count = 1) {
  return calc({ cycle: { every, unit, anchor: dateIn(anchor), first, count } });
}

export function checkCardData(text) {
  calc({ card_check: text });
}

export function cardExpired(month, year, asOf) {
  return calc({ expiry: { month, year, as_of: dateIn(asOf) } });
}
