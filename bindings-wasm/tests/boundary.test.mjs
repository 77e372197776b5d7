// Boundary tests of the built npm package: what crosses between JavaScript
// and the core (types, names, error classes, refusal of numbers for money,
// dates, snapshots, batches, garbage input). The domain itself is tested
// by the shared vectors (vectors.test.mjs) and by the core's own tests.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as billing from "billing-core";

const require = createRequire(import.meta.url);
const PKG = dirname(require.resolve("billing-core/package.json"));
const {
  Account,
  BillingError,
  InvalidInputError,
  FloatRefusedError,
  CurrencyMismatchError,
  AmountOverflowError,
  InvalidStateError,
  NotFoundError,
  ConflictError,
  LimitExceededError,
  ERROR_CODES,
} = billing;

const invoice = (id, price = "100.00", more = {}) => ({
  id,
  kind: "recurring",
  currency: "USD",
  issue_date: "2026-01-01",
  due_date: "2026-01-31",
  lines: [{ description: "Plan", quantity: "1", unit_price: price }],
  ...more,
});

/** An account with two open USD invoices (100.00 and 50.00). */
function twoInvoices() {
  const account = new Account("acme");
  account.issueInvoice({ invoice: invoice("INV-1") });
  account.issueInvoice({ invoice: invoice("INV-2", "50.00", { issue_date: "2026-02-01", due_date: "2026-02-28" }) });
  return account;
}

/** Asserts `run` throws an error of `Class` with `code`; returns it. */
function refuses(run, Class, code) {
  let error;
  assert.throws(run, (e) => {
    error = e;
    return true;
  });
  assert.ok(error instanceof Error, `thrown value is not an Error: ${String(error)}`);
  assert.ok(error instanceof Class, `${error.name} (${error.code}: ${error.message}) is not a ${Class.name}`);
  assert.equal(error.code, code, error.message);
  if (code === "invalid_json") {
    // Worded and detailed as the core does it, whether the refusal came
    // from the module or from the JS layer in front of it.
    assert.match(error.message, /^invalid JSON: /);
    assert.deepEqual(error.details, { message: error.message.slice("invalid JSON: ".length) });
  }
  return error;
}

const isPlainObject = (value) => Object.getPrototypeOf(value) === Object.prototype;

describe("the package", () => {
  test("exports the documented names and nothing else", () => {
    assert.deepEqual(Object.keys(billing).sort(), [
      "Account",
      "AmountOverflowError",
      "BatchOutcomes",
      "BillingError",
      "ConflictError",
      "CurrencyMismatchError",
      "ERROR_CODES",
      "FloatRefusedError",
      "InvalidInputError",
      "InvalidStateError",
      "LimitExceededError",
      "NotFoundError",
      "allocateMoney",
      "calc",
      "cardExpired",
      "checkCardData",
      "currencyInfo",
      "cycleDates",
      "invoiceTotals",
      "parseMoney",
      "roundMoney",
      "splitMoney",
    ]);
  });

  test("require() and import share one module instance", () => {
    const cjs = require("billing-core");
    for (const name of Object.keys(billing)) assert.equal(cjs[name], billing[name], name);
  });

  test("package.json: exports for each build, types, files", () => {
    const pkg = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
    assert.equal(pkg.name, "billing-core");
    assert.equal(pkg.type, undefined, 'no root "type": "module" (it would break the CommonJS build)');
    for (const entry of ["./web", "./bundler", "./node"]) assert.ok(pkg.exports[entry], entry);
    const conditions = JSON.stringify(pkg.exports["."]);
    for (const condition of ["types", "import", "require", "browser", "node"]) {
      assert.ok(conditions.includes(`"${condition}"`), condition);
    }
    // Every file the exports name is in the packed package.
    const targets = JSON.stringify(pkg.exports).match(/"\.\/[^"]+\.[a-z.]+"/g).map((s) => JSON.parse(s));
    for (const file of new Set([...targets, pkg.types, pkg.main])) {
      assert.doesNotThrow(() => readFileSync(join(PKG, file)), file);
    }
    for (const file of ["web/billing_core_wasm_bg.wasm", "bundler/billing_core_wasm_bg.wasm", "node/billing_core_wasm_bg.wasm"]) {
      assert.doesNotThrow(() => readFileSync(join(PKG, file)), file);
    }
  });

  test("ERROR_CODES: frozen, every core code, the same list as the TypeScript ErrorCode type", () => {
    assert.ok(Object.isFrozen(ERROR_CODES));
    assert.equal(ERROR_CODES.length, new Set(ERROR_CODES).size);
    assert.ok(ERROR_CODES.includes("float_refused") && ERROR_CODES.includes("allocation_exceeds_due"));
    const types = readFileSync(join(PKG, "index.d.ts"), "utf8");
    const union = /export type ErrorCode =([^;]*);/.exec(types)[1].match(/"([a-z_0-9]+)"/g).map((s) => JSON.parse(s));
    assert.deepEqual(union, [...ERROR_CODES]);
  });
});

describe("values at the boundary", () => {
  test("a payment names a custom currency by the code an invoice shows", () => {
    const account = new Account("acme");
    account.issueInvoice({ invoice: invoice("INV-1", "10.0000", { currency: { code: "CREDITS", minor_units: 4 } }) });
    const currency = account.invoice("INV-1").currency;
    assert.equal(currency, "CREDITS");
    account.recordPayment({ payment: "PAY-1", amount: "5.0000", currency, date: "2026-01-02" });
    assert.equal(account.invoice("INV-1").due, "5.0000");
    refuses(
      () => account.recordPayment({ payment: "PAY-2", amount: "1.0000", currency: "POINTS", date: "2026-01-02" }),
      InvalidInputError,
      "unknown_currency",
    );
  });

  test("results are plain JSON objects with amounts as strings", () => {
    const account = twoInvoices();
    const outcome = account.recordPayment({ payment: "PAY-1", amount: "120.00", currency: "USD", date: "2026-02-10" });
    for (const value of [outcome, account.invoice("INV-1"), account.payment("PAY-1"), account.summary("2026-03-01")]) {
      assert.ok(isPlainObject(value));
      assert.deepEqual(JSON.parse(JSON.stringify(value)), value);
    }
    assert.deepEqual(
      outcome.allocations.map((a) => [a.invoice, a.amount]),
      [
        ["INV-1", "100.00"],
        ["INV-2", "20.00"],
      ],
    );
    const view = account.invoice("INV-2");
    assert.equal(view.due, "30.00");
    assert.equal(view.currency, "USD");
    assert.equal(view.status, "partially_paid");
    assert.equal(typeof account.version, "number");
    assert.equal(account.version, 3);
    assert.equal(typeof outcome.version, "number");
    assert.equal(account.summary("2026-03-01").open_invoices, 1);
  });

  test("a JS number for money is refused with FloatRefusedError, a TypeError", () => {
    const account = twoInvoices();
    const pay = { payment: "PAY-1", currency: "USD", date: "2026-02-10" };
    const calls = {
      recordPayment: (n) => account.recordPayment({ ...pay, amount: n }),
      previewPayment: (n) => account.previewPayment({ ...pay, amount: n }),
      "recordPayment allocation": (n) =>
        account.recordPayment({ ...pay, amount: "10.00", allocation: [{ invoice: "INV-1", amount: n }] }),
      applyCredit: (n) => account.applyCredit({ id: "C-1", invoice: "INV-1", amount: n }),
      refundPayment: (n) => account.refundPayment({ refund: "R-1", payment: "PAY-1", amount: n }),
      moveAllocation: (n) => account.moveAllocation({ id: "M-1", payment: "PAY-1", from: "INV-1", to: "INV-2", amount: n }),
      "execute (JSON number)": (n) => account.execute({ op: "record_payment", ...pay, amount: n }),
      "issueInvoice unit_price": (n) => account.issueInvoice({ invoice: invoice("INV-9", n) }),
      parseMoney: (n) => billing.parseMoney(n, "USD"),
      roundMoney: (n) => billing.roundMoney(n, "USD"),
      splitMoney: (n) => billing.splitMoney(n, "USD", 2),
      allocateMoney: (n) => billing.allocateMoney(n, "USD", ["1"]),
      "allocateMoney ratio": (n) => billing.allocateMoney("1.00", "USD", ["1", n]),
      "calc (JSON number)": (n) => billing.calc({ parse: { amount: n, currency: "USD" } }),
    };
    const coreMessage = refuses(() => calls["execute (JSON number)"](150.5), FloatRefusedError, "float_refused").message;
    for (const [name, run] of Object.entries(calls)) {
      for (const number of [150.5, 150, 0.1 + 0.2, -0, NaN, Infinity, 10n]) {
        if (name.includes("JSON number") && typeof number === "bigint") continue;
        const error = refuses(() => run(number), FloatRefusedError, "float_refused");
        assert.ok(error instanceof TypeError, name);
        assert.ok(error instanceof BillingError && error instanceof InvalidInputError, name);
        assert.equal(error.name, "FloatRefusedError");
        assert.equal(error.kind, "invalid_input");
        assert.equal(error.message, coreMessage, `${name}: the core's message`);
      }
    }
    assert.equal(account.version, 2, "nothing was applied");
    assert.equal(billing.parseMoney("150", "USD"), "150.00");
  });

  test("money that is not a string is refused, never read as 'all of it'", () => {
    // Found by a probe: a Number object holding NaN was written as null,
    // and a symbol left out; apply_credit then applied all the credit.
    const account = new Account("acme", { auto_apply_credit: false });
    account.issueInvoice({ invoice: invoice("INV-1") });
    account.recordPayment({ payment: "P", amount: "200.00", currency: "USD", date: "2026-02-01", allocation: [] });
    const version = account.version;
    const apply = (amount) => () => account.applyCredit({ id: "C", invoice: "INV-1", amount, date: "2026-02-02" });
    for (const amount of [new Number(NaN), new Number(Infinity), new Number(5)]) {
      refuses(apply(amount), FloatRefusedError, "float_refused");
    }
    for (const amount of [Symbol("x"), () => "5.00"]) refuses(apply(amount), InvalidInputError, "invalid_json");
    refuses(() => account.execute({ op: "apply_credit", id: "C", invoice: "INV-1", amount: Symbol("x"), date: "2026-02-02" }), InvalidInputError, "invalid_json");
    assert.equal(account.version, version);
  });

  test("dates are YYYY-MM-DD strings; a Date object is refused; the default is today's local date", () => {
    const account = twoInvoices();
    const pay = { payment: "PAY-1", amount: "10.00", currency: "USD" };
    for (const run of [
      () => account.recordPayment({ ...pay, date: new Date() }),
      () => account.summary(new Date()),
      () => account.statement("2026-01-01", new Date()),
      () => account.endSeries({ series: "S", end: new Date() }),
      () => billing.cycleDates(1, "month", new Date()),
      () => billing.cardExpired(1, 2030, new Date()),
    ]) {
      const error = refuses(run, InvalidInputError, "invalid_date");
      assert.match(error.message, /YYYY-MM-DD/);
      assert.ok(!(error instanceof TypeError));
    }
    for (const bad of ["2026-02-30", "20260101", "2026-1-5", "", "2026-01-01T00:00:00Z", 20260101]) {
      refuses(() => account.recordPayment({ ...pay, date: bad }), InvalidInputError, "invalid_date");
    }
    const now = new Date();
    const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n, i) => String(n).padStart(i ? 2 : 4, "0")).join("-");
    const outcome = account.previewPayment(pay);
    assert.equal(outcome.operation.date, today);
    assert.equal(account.version, 2);
  });

  test("helpers take one object of the operation's fields; `op` cannot be overridden", () => {
    const account = twoInvoices();
    for (const bad of [undefined, null, "PAY-1", ["PAY-1"], 5]) {
      refuses(() => account.recordPayment(bad), InvalidInputError, "invalid_json");
    }
    refuses(
      () => account.recordPayment({ payment: "P", amount: "1.00", currency: "USD", date: "2026-02-01", tip: "1.00" }),
      InvalidInputError,
      "invalid_json",
    );
    const outcome = account.voidInvoice({ op: "record_payment", invoice: "INV-2", date: "2026-02-02" });
    assert.equal(outcome.operation.op, "void_invoice");
    assert.equal(account.invoice("INV-2").status, "void");
  });

  test("the account id and expectedVersion are checked", () => {
    refuses(() => new Account(42), InvalidInputError, "invalid_json");
    refuses(() => new Account(""), InvalidInputError, "empty_id");
    const hidden = refuses(() => new Account("acme\u202e"), InvalidInputError, "invalid_id");
    assert.deepEqual(hidden.details, { field: "account id", character: "U+202E" });
    refuses(() => new Account("a", { auto_apply_credit: "yes" }), InvalidInputError, "invalid_json");
    const account = new Account("a", { auto_apply_credit: false });
    assert.equal(account.settings.auto_apply_credit, false);
    assert.deepEqual(account.settings.rounding, { mode: "half_up", tax: "per_line" });
    assert.deepEqual(account.currencies, []);
    account.issueInvoice({ invoice: invoice("INV-1") }, { expectedVersion: 0 });
    const conflict = refuses(
      () => account.issueInvoice({ invoice: invoice("INV-2") }, { expectedVersion: 0 }),
      ConflictError,
      "version_conflict",
    );
    assert.deepEqual(conflict.details, { expected: 0, actual: 1 });
    for (const bad of [-1, 1.5, "1", NaN]) {
      refuses(() => account.issueInvoice({ invoice: invoice("INV-2") }, { expectedVersion: bad }), InvalidInputError, "invalid_json");
    }
    account.issueInvoice({ invoice: invoice("INV-2") }, { expectedVersion: 1n });
    assert.deepEqual(account.currencies, ["USD"]);
  });
});

describe("errors", () => {
  const account = twoInvoices();
  account.recordPayment({ payment: "PAY-1", amount: "10.00", currency: "USD", date: "2026-02-10" });
  account.issueInvoice({ invoice: { ...invoice("INV-E"), currency: "EUR" } });
  const pay = { currency: "USD", date: "2026-02-11" };
  const cases = [
    [InvalidInputError, "invalid_decimal", () => billing.parseMoney("1,000.00", "USD")],
    [InvalidInputError, "scale_exceeded", () => billing.parseMoney("10.001", "USD")],
    [
      CurrencyMismatchError,
      "currency_mismatch",
      () => account.recordPayment({ ...pay, payment: "P-2", amount: "5.00", allocation: [{ invoice: "INV-E", amount: "5.00" }] }),
    ],
    [AmountOverflowError, "overflow", () => billing.parseMoney("79228162514264337593543950335", "USD")],
    [InvalidStateError, "invoice_has_payments", () => account.voidInvoice({ invoice: "INV-1", date: "2026-02-11" })],
    [NotFoundError, "unknown_invoice", () => account.invoice("INV-404")],
    [NotFoundError, "unknown_payment", () => account.settlePayment({ payment: "PAY-404", date: "2026-02-11" })],
    [ConflictError, "idempotency_conflict", () => account.recordPayment({ ...pay, payment: "PAY-1", amount: "11.00" })],
    [
      LimitExceededError,
      "allocation_exceeds_due",
      () => account.recordPayment({ ...pay, payment: "P-3", amount: "500.00", allocation: [{ invoice: "INV-2", amount: "500.00" }] }),
    ],
    [
      LimitExceededError,
      "overpayment",
      () => account.previewPayment({ ...pay, payment: "P-4", amount: "500.00", overpayment: "refuse" }),
    ],
  ];

  test("each kind is raised as its class, with code, kind, message and details", () => {
    for (const [Class, code, run] of cases) {
      const error = refuses(run, Class, code);
      assert.ok(error instanceof BillingError);
      assert.equal(error.name, Class.name);
      assert.equal(Object.getPrototypeOf(error), Class.prototype);
      assert.equal(typeof error.kind, "string");
      assert.ok(ERROR_CODES.includes(error.code));
      assert.ok(isPlainObject(error.details));
      assert.equal(error.index, undefined);
      assert.ok(String(error).startsWith(`${Class.name}: `), String(error));
      assert.match(error.stack, new RegExp(`^${Class.name}: `));
      assert.deepEqual(JSON.parse(JSON.stringify(error)), {
        name: Class.name,
        code,
        kind: error.kind,
        message: error.message,
        details: error.details,
      });
    }
    assert.equal(account.version, 4, "no refusal changed the account");
  });

  test("details carry the variant's fields; messages do not echo input", () => {
    const error = refuses(() => billing.parseMoney("10.001", "USD"), InvalidInputError, "scale_exceeded");
    assert.deepEqual(error.details, { currency: "USD", minor_units: 2 });
    const secret = refuses(
      () => account.addPaymentMethod({ method: { id: "card", kind: "card", label: "4111 1111 1111 1111" }, date: "2026-02-11" }),
      InvalidInputError,
      "card_data_refused",
    );
    assert.ok(!JSON.stringify(secret).includes("4111"));
    // Nor is a value in a JSON form: an unknown name, a number where text belongs.
    const pay = { op: "record_payment", payment: "P", amount: "1.00", currency: "USD", date: "2026-02-11" };
    for (const op of [{ ...pay, allocation: "4111111111111111" }, { ...pay, "4111111111111111": 1 }, { ...pay, method: 4111111111111111 }]) {
      const error = refuses(() => account.preview(JSON.stringify(op)), InvalidInputError, "invalid_json");
      assert.ok(!JSON.stringify(error).includes("4111") && !error.message.includes("4111"), error.message);
    }
    refuses(() => billing.checkCardData("my card 4111111111111111"), InvalidInputError, "card_data_refused");
    assert.equal(billing.checkCardData("Company card"), undefined);
  });

  test("the classes: one family, exhaustive over kinds, constructible", () => {
    const kinds = {
      invalid_input: InvalidInputError,
      currency_mismatch: CurrencyMismatchError,
      overflow: AmountOverflowError,
      invalid_state: InvalidStateError,
      not_found: NotFoundError,
      conflict: ConflictError,
      limit_exceeded: LimitExceededError,
    };
    const types = readFileSync(join(PKG, "index.d.ts"), "utf8");
    const union = /export type ErrorKind =([^;]*);/.exec(types)[1].match(/"([a-z_]+)"/g).map((s) => JSON.parse(s));
    assert.deepEqual(union.sort(), Object.keys(kinds).sort());
    for (const [kind, Class] of Object.entries(kinds)) {
      const error = new Class({ code: "invalid_json", kind, message: "m", details: {} });
      assert.ok(error instanceof BillingError && error instanceof Error);
      assert.ok(!(error instanceof FloatRefusedError) && !(error instanceof TypeError));
      assert.equal(error.name, Class.name);
    }
    const float = new FloatRefusedError({ code: "float_refused", kind: "invalid_input", message: "m", details: {} });
    assert.ok(float instanceof TypeError && float instanceof InvalidInputError && float instanceof BillingError);
    assert.ok(!(float instanceof NotFoundError));
    assert.ok(!({} instanceof BillingError) && !(new Error("x") instanceof BillingError));
  });
});

describe("batches", () => {
  test("all or nothing; a refusal names the index of the refused operation", () => {
    const account = new Account("acme");
    const ops = [
      { op: "issue_invoice", invoice: invoice("INV-1") },
      { op: "issue_invoice", invoice: invoice("INV-2") },
      { op: "record_payment", payment: "PAY-1", amount: "0.00", currency: "USD", date: "2026-02-10" },
    ];
    const refused = refuses(() => account.executeBatch(ops), InvalidInputError, "non_positive_amount");
    assert.equal(refused.index, 2);
    assert.equal(refused.toJSON().index, 2);
    assert.equal(account.version, 0);
    refuses(() => account.invoice("INV-1"), NotFoundError, "unknown_invoice");

    const undecodable = refuses(() => account.executeBatch([ops[0], "{", ops[1]]), InvalidInputError, "invalid_json");
    assert.equal(undecodable.index, 1);
    const float = refuses(() => account.executeBatch([ops[0], { ...ops[2], amount: 10.5 }]), FloatRefusedError, "float_refused");
    assert.equal(float.index, 1);
    const bigint = refuses(() => account.executeBatch([ops[0], ops[1], { ...ops[2], amount: 10n }]), FloatRefusedError, "float_refused");
    assert.equal(bigint.index, 2);
    const cyclic = { op: "void_invoice" };
    cyclic.self = cyclic;
    const unwritable = refuses(() => account.executeBatch([ops[0], ops[1], cyclic]), InvalidInputError, "invalid_json");
    assert.equal(unwritable.index, 2);
    assert.ok(unwritable.cause instanceof TypeError, "JSON.stringify's own error is the cause");
    // What the caller's own getter or toJSON throws reaches the caller as
    // it is, at any depth (it used to become invalid_json when nested).
    const mine = new RangeError("from my getter");
    const nested = { ...ops[2], get amount() { throw mine; } };
    const top = { get op() { throw mine; } };
    const primitive = { op: "void_invoice", toJSON() { throw "a string"; } };
    for (const [op, thrown] of [[nested, mine], [top, mine], [primitive, "a string"]]) {
      assert.throws(() => account.executeBatch([ops[0], op]), (error) => error === thrown);
      assert.throws(() => account.execute(op), (error) => error === thrown);
    }
    assert.equal(mine.index, undefined);
    // Only a list (an array or another iterable) is a batch: not a string,
    // whose characters would each be read as an operation, nor an object.
    for (const notAList of [null, undefined, 5, {}, "abc", JSON.stringify(ops)]) {
      refuses(() => account.executeBatch(notAList), InvalidInputError, "invalid_json");
    }
    assert.equal(account.version, 0);

    ops[2].amount = "120.00";
    const outcomes = account.executeBatch(new Set(ops));
    assert.equal(outcomes.length, 3);
    assert.deepEqual(outcomes.toArray().map((o) => o.version), [1, 2, 3]);
    assert.deepEqual([...outcomes].map((o) => o.version), [1, 2, 3]);
    assert.deepEqual(outcomes.at(-1).allocations.map((a) => a.amount), ["100.00", "20.00"]);
    assert.equal(outcomes.at(3), undefined);
    assert.equal(outcomes.at(-4), undefined);
    assert.deepEqual(account.executeBatch([]).toArray(), []);
    assert.equal(account.invoice("INV-2").due, "80.00");
  });

  test("a batch applies only at the version it expects", () => {
    const account = new Account("acme");
    const ops = [
      { op: "issue_invoice", invoice: invoice("INV-1") },
      { op: "record_payment", payment: "PAY-1", amount: "10.00", currency: "USD", date: "2026-02-10" },
    ];
    const stale = refuses(() => account.executeBatch(ops, { expectedVersion: 1 }), ConflictError, "version_conflict");
    assert.equal(stale.index, 0);
    assert.deepEqual(stale.details, { expected: 1, actual: 0 });
    for (const bad of [-1, 1.5, "0", 2n ** 64n]) {
      refuses(() => account.executeBatch(ops, { expectedVersion: bad }), InvalidInputError, "invalid_json");
    }
    assert.equal(account.version, 0);
    assert.deepEqual(account.executeBatch(ops, { expectedVersion: 0n }).toArray().map((o) => o.version), [1, 2]);
    // Retried whole: each operation is an idempotent repeat.
    assert.deepEqual(account.executeBatch(ops, { expectedVersion: 0 }).toArray().map((o) => o.version), [1, 2]);
    assert.equal(account.version, 2);
  });
});

describe("snapshots", () => {
  test("toJson / fromJson round-trip: same state, same history, same idempotency keys", () => {
    const account = twoInvoices();
    account.recordPayment({ payment: "PAY-1", amount: "130.00", currency: "USD", date: "2026-02-10" });
    account.addPaymentMethod({ method: { id: "pm-1", kind: "card", brand: "visa", last4: "4242", expiry: { month: 12, year: 2030 } }, date: "2026-02-10" });
    const text = account.toJson();
    assert.equal(typeof text, "string");
    const snapshot = JSON.parse(text);
    assert.equal(snapshot.format, "billing-core/account");
    for (const loaded of [Account.fromJson(text), Account.fromJson(snapshot), Account.replay("acme", account.history())]) {
      assert.equal(loaded.toJson(), text);
      assert.deepEqual(loaded.invoices(), account.invoices());
      assert.deepEqual(loaded.payments(), account.payments());
      assert.deepEqual(loaded.summary("2026-03-01"), account.summary("2026-03-01"));
      assert.equal(loaded.version, 4);
      // The same operation again is an idempotent repeat with the original outcome.
      const repeat = loaded.recordPayment({ payment: "PAY-1", amount: "130.00", currency: "USD", date: "2026-02-10" });
      assert.equal(repeat.version, 3);
      assert.equal(loaded.version, 4);
      loaded.recordPayment({ payment: "PAY-2", amount: "20.00", currency: "USD", date: "2026-02-12" });
      assert.equal(loaded.invoice("INV-2").status, "paid");
      assert.equal(loaded.verify(), null);
    }
    assert.equal(account.version, 4, "loading copies; the original is untouched");
  });

  test("bad snapshots are refused with typed errors", () => {
    refuses(() => Account.fromJson('{"format":"billing-core/invoice","version":1,"data":{}}'), InvalidInputError, "unsupported_format");
    refuses(() => Account.fromJson('{"format":"billing-core/account","version":99,"data":{}}'), InvalidInputError, "unsupported_format");
    const history = twoInvoices().history();
    history[1].version = 5;
    const corrupt = refuses(
      () => Account.fromJson({ format: "billing-core/account", version: 1, data: { id: "a", settings: {}, history } }),
      InvalidInputError,
      "corrupt_history",
    );
    assert.equal(corrupt.details.cause.code, "version_conflict");
    refuses(() => Account.replay("a", history), InvalidInputError, "corrupt_history");
    refuses(() => Account.replay("a", "not json"), InvalidInputError, "invalid_json");
  });
});

describe("garbage in: typed errors, never a crash", () => {
  test("malformed JSON text and values of the wrong shape", () => {
    const account = twoInvoices();
    const garbage = ["", "{", "}", "null", "[]", "[1,2", '"x"', "1e999", "{\"op\":", "\u0000", "{\"op\":\"record_payment\"}", "😀"];
    for (const text of garbage) {
      refuses(() => account.execute(text), InvalidInputError, "invalid_json");
      refuses(() => account.preview(text), InvalidInputError, "invalid_json");
      refuses(() => account.query(text), InvalidInputError, "invalid_json");
      refuses(() => billing.calc(text), InvalidInputError, "invalid_json");
      refuses(() => Account.fromJson(text), InvalidInputError, "invalid_json");
    }
    for (const value of [undefined, () => 1, Symbol("x")]) {
      refuses(() => account.execute(value), InvalidInputError, "invalid_json");
    }
    const cyclic = { op: "void_invoice" };
    cyclic.self = cyclic;
    refuses(() => account.execute(cyclic), InvalidInputError, "invalid_json");
    assert.equal(account.version, 2);
    assert.equal(account.verify(), null);
  });

  test("text that is not valid Unicode is refused, not altered", () => {
    // Half an emoji: the UTF-8 encoder would turn it into U+FFFD silently.
    refuses(() => new Account("acme\uD83D"), InvalidInputError, "invalid_json");
    refuses(() => Account.replay("acme\uDC00", []), InvalidInputError, "invalid_json");
    const account = twoInvoices();
    const version = account.version;
    const voiding = (invoice) => ({ op: "void_invoice", invoice, date: "2026-02-01" });
    refuses(() => account.execute(JSON.stringify(voiding("INV-1")).replace("INV-1", "INV-\uD800")), InvalidInputError, "invalid_json");
    refuses(() => account.execute(voiding("INV-\uD800")), InvalidInputError, "invalid_json");
    assert.equal(account.version, version);
    assert.equal(new Account("acme \uD83D\uDE00").id, "acme \uD83D\uDE00", "a whole emoji crosses unchanged");
  });

  test("huge numbers, long strings and deep nesting", () => {
    const account = twoInvoices();
    const pay = { payment: "P", currency: "USD", date: "2026-02-01" };
    refuses(() => account.recordPayment({ ...pay, amount: "9".repeat(100_000) }), AmountOverflowError, "overflow");
    refuses(() => account.recordPayment({ ...pay, amount: "0." + "0".repeat(10_000) + "1" }), AmountOverflowError, "overflow");
    refuses(() => account.execute('{"op":"void_invoice","invoice":"INV-1","date":"2026-02-01"}', { expectedVersion: 2 ** 53 - 1 }), ConflictError, "version_conflict");
    refuses(() => billing.splitMoney("1.00", "USD", 2 ** 32), InvalidInputError, "too_many_parts");
    refuses(() => billing.cycleDates(1, "day", "2026-01-01", 2 ** 64, 10), InvalidInputError, "invalid_json");
    refuses(() => billing.cycleDates(1, "day", "2026-01-01", 2 ** 62, 10), InvalidInputError, "date_out_of_range");
    refuses(() => billing.cycleDates(1000, "year", "2026-01-01", 9e15, 100), InvalidInputError, "date_out_of_range");
    refuses(() => billing.cycleDates(1, "month", "9999-12-31", 0, 2), InvalidInputError, "date_out_of_range");
    refuses(() => account.execute("[".repeat(100_000)), InvalidInputError, "invalid_json");
    // Found by a probe: thousands of leading zeros overflowed the module's
    // stack (the decimal parser recursed per digit) and left the account unusable.
    const zeros = "0".repeat(20_000);
    assert.equal(billing.parseMoney(zeros + "1.50", "USD"), "1.50");
    refuses(() => account.recordPayment({ ...pay, amount: "1" + zeros }), AmountOverflowError, "overflow");
    // A value nested too deep for JSON.stringify is invalid_json, not a RangeError.
    let nested = [];
    for (let i = 0; i < 100_000; i++) nested = [nested];
    refuses(() => account.execute({ op: "void_invoice", invoice: nested }), InvalidInputError, "invalid_json");
    const deep = '{"op":"issue_invoice","invoice":' + '{"a":'.repeat(10_000) + "1" + "}".repeat(10_001);
    refuses(() => account.execute(deep), InvalidInputError, "invalid_json");
    // Text has limits, so no answer or snapshot outgrows what a JS string
    // holds: refused before anything is applied.
    const before = account.version;
    const longText = invoice("INV-LONG");
    longText.lines[0].description = "d".repeat(5_001);
    refuses(() => account.issueInvoice({ invoice: longText }), InvalidInputError, "too_long");
    refuses(() => account.issueInvoice({ invoice: invoice("I".repeat(256)) }), InvalidInputError, "too_long");
    assert.equal(account.version, before);
    // A quote inside a string does not end what is left out of a message.
    const leak = refuses(
      () => account.execute({ op: "record_payment", payment: "P", amount: "1", currency: "USD", date: "2026-01-31", pending: 'a"4242424242424242"b' }),
      InvalidInputError,
      "invalid_json",
    );
    assert.ok(!leak.message.includes("4242"), leak.message);
    refuses(() => account.statement("2026-02-01", "2026-01-01", "USD"), InvalidInputError, "invalid_period");
    refuses(() => billing.cycleDates(1, "day", "0000-12-31"), InvalidInputError, "invalid_date");
    refuses(() => account.invoice("x".repeat(1_000_000)), NotFoundError, "unknown_invoice");
    refuses(() => account.recordPayment({ ...pay, payment: "P".repeat(100_000), amount: "1.00" }), InvalidInputError, "too_long");
    // The limit counts characters: 255 emoji (510 UTF-16 units) are an id.
    const long = account.recordPayment({ ...pay, payment: "💶".repeat(255), amount: "1.00" });
    assert.equal(long.operation.payment, "💶".repeat(255));
    // A NUL reaches the core intact (not cut off at "a"), which refuses it in an id.
    const nul = refuses(() => new Account("a\u0000b"), InvalidInputError, "invalid_id");
    assert.equal(nul.details.character, "U+0000");
    assert.equal(account.verify(), null);
  });

  test("2,000 random corruptions of valid operation text", () => {
    const account = twoInvoices();
    const valid = JSON.stringify({
      op: "record_payment",
      payment: "PAY-1",
      amount: "12.34",
      currency: "USD",
      date: "2026-02-10",
      allocation: [{ invoice: "INV-1", amount: "12.34" }],
    });
    let seed = 42;
    const random = (n) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = '{}[]",:0123456789.-eE abcdefghijklmnopqrstuvwxyz_\\\u0000\u00e9😀';
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const chars = [...valid];
      for (let k = 0; k <= random(4); k++) {
        const at = random(chars.length);
        const choice = random(3);
        if (choice === 0) chars.splice(at, 1);
        else if (choice === 1) chars.splice(at, 0, alphabet[random(alphabet.length)]);
        else chars[at] = alphabet[random(alphabet.length)];
      }
      const text = chars.join("");
      try {
        account.preview(text);
      } catch (error) {
        assert.ok(error instanceof BillingError, `${JSON.stringify(text)}: ${error?.stack ?? error}`);
        refused++;
      }
    }
    assert.ok(refused > 1000, `${refused} refused`);
    assert.equal(account.version, 2);
    assert.equal(account.verify(), null);
  });

  test(
    "a huge split is refused, not a trap",
    () => {
      assert.throws(
        () => billing.splitMoney("1.00", "USD", 300_000_000),
        (error) => error instanceof billing.InvalidInputError && error.code === "too_many_parts",
      );
      assert.equal(billing.splitMoney("1.00", "USD", 100_000).length, 100_000);
      // Allocation by ratios has the same bound.
      assert.throws(
        () => billing.allocateMoney("1.00", "USD", Array(100_001).fill("1")),
        (error) => error instanceof billing.InvalidInputError && error.code === "too_many_parts",
      );
      assert.equal(billing.allocateMoney("1.00", "USD", Array(100_000).fill("1")).length, 100_000);
    },
  );
});

describe("lifetime", () => {
  test("free() releases the account; later calls throw an Error that says so", () => {
    const account = twoInvoices();
    account.free();
    const released = { name: "Error", message: /released by free\(\)/ };
    assert.throws(() => account.invoices(), released);
    assert.throws(() => account.version, released);
    assert.throws(() => account.recordPayment({ payment: "P-9", amount: "1.00", currency: "USD", date: "2026-01-05" }), released);
    account.free(); // a second free() does nothing
  });

  test("a trap in a call (out of memory) loses that account with a clear error, and free() stays safe", () => {
    // Found by probing: a billSeries that ran the module out of memory left
    // the account borrowed, so every later call, and free(), threw
    // wasm-bindgen's aliasing errors. A trap is simulated here: the native
    // class is the one the package loaded (the CommonJS cache shares it).
    const native = require(join(PKG, "node", "billing_core_wasm.js")).Account.prototype;
    const lost = twoInvoices();
    const other = twoInvoices();
    const query = native.query;
    native.query = function () {
      throw new WebAssembly.RuntimeError("unreachable");
    };
    try {
      assert.throws(() => lost.invoices(), WebAssembly.RuntimeError);
    } finally {
      native.query = query;
    }
    const message = /lost: the WebAssembly module trapped/;
    assert.throws(() => lost.invoices(), { name: "Error", message });
    assert.throws(() => lost.version, { name: "Error", message });
    assert.throws(() => lost.toJson(), { name: "Error", message });
    lost.free();
    lost.free();
    assert.equal(other.invoices().length, 2, "other accounts work on");
  });

  test("a trap while reading a batch's outcome loses those outcomes with a clear error; the account lives on", () => {
    const native = require(join(PKG, "node", "billing_core_wasm.js")).Outcomes.prototype;
    const account = twoInvoices();
    const pay = (payment) => ({ op: "record_payment", payment, amount: "1.00", currency: "USD", date: "2026-01-05" });
    const batch = account.executeBatch([pay("P-1"), pay("P-2")]);
    const get = native.get;
    native.get = function () {
      throw new WebAssembly.RuntimeError("unreachable");
    };
    try {
      assert.throws(() => batch.at(0), WebAssembly.RuntimeError);
    } finally {
      native.get = get;
    }
    const message = /BatchOutcomes was lost: the WebAssembly module trapped.*read the account instead/;
    assert.throws(() => batch.at(1), { name: "Error", message });
    assert.throws(() => batch.length, { name: "Error", message });
    batch.free();
    batch.free();
    assert.equal(account.payment("P-2").amount, "1.00");
    assert.equal(account.executeBatch([pay("P-3")]).at(0).version, account.version);
  });

  test("Symbol.dispose frees the account, as `using` calls it at the end of a block", () => {
    const account = twoInvoices();
    assert.equal(account[Symbol.dispose], account.free);
    account[Symbol.dispose]();
    assert.throws(() => account.invoices(), { name: "Error", message: /released by free\(\)/ });
    account[Symbol.dispose](); // as free(): a second call does nothing
  });

  test("a batch's outcomes free() and dispose as an account does, and the account lives on", () => {
    const account = twoInvoices();
    const pay = (payment) => ({ op: "record_payment", payment, amount: "1.00", currency: "USD", date: "2026-01-05" });
    const batch = account.executeBatch([pay("P-1"), pay("P-2")]);
    assert.equal(batch.at(-1).version, account.version);
    batch.free();
    const released = { name: "Error", message: /BatchOutcomes was released by free\(\)/ };
    assert.throws(() => batch.length, released);
    assert.throws(() => batch.at(0), released);
    assert.throws(() => batch.toArray(), released);
    batch.free(); // a second free() does nothing
    const disposed = account.executeBatch([pay("P-3")]);
    assert.equal(disposed[Symbol.dispose], disposed.free);
    disposed[Symbol.dispose]();
    assert.throws(() => disposed.at(0), released);
    assert.equal(account.payment("P-3").amount, "1.00");
  });
});
