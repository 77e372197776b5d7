// The shared JSON vectors (billing-core/tests/vectors/, format in its
// README.md) through the built npm package's public API, twice: once with
// the generic forms (execute, preview, executeBatch, query, calc, fromJson
// of text) and once with the typed helpers and reads (recordPayment,
// previewPayment, summary(...), parseMoney(...), fromJson of an object).
// Mirrors billing-core/tests/vectors.rs: partial matching, every step's
// invariants, and replay + snapshot reload equality at the end. Every
// error must be an instance of its kind's class; every code in
// ERROR_CODES must be raised by some vector.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as billing from "billing-core";

const { Account, ERROR_CODES, calc } = billing;

const VECTORS = new URL("../../billing-core/tests/vectors/", import.meta.url);
const files = readdirSync(VECTORS)
  .filter((name) => name.endsWith(".json"))
  .sort();
const vectors = files.map((name) => [name, JSON.parse(readFileSync(new URL(name, VECTORS), "utf8"))]);

const CLASS_OF_KIND = {
  invalid_input: billing.InvalidInputError,
  currency_mismatch: billing.CurrencyMismatchError,
  overflow: billing.AmountOverflowError,
  invalid_state: billing.InvalidStateError,
  not_found: billing.NotFoundError,
  conflict: billing.ConflictError,
  limit_exceeded: billing.LimitExceededError,
};

/** Codes raised, with the classes they were raised as. */
const raised = new Map();

// ----- matching (as vectors.rs) ----------------------------------------------------

const show = (value) => JSON.stringify(value);

function matches(expected, actual, path) {
  if (
    typeof expected === "string" &&
    actual !== null &&
    typeof actual === "object" &&
    !Array.isArray(actual) &&
    "amount" in actual &&
    "currency" in actual
  ) {
    return matches(expected, actual.amount, path);
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected a list, got ${show(actual)}`);
    assert.equal(actual.length, expected.length, `${path}: expected ${expected.length} items, got ${show(actual)}`);
    expected.forEach((item, i) => matches(item, actual[i], `${path}[${i}]`));
    return;
  }
  if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${path}: expected an object, got ${show(actual)}`);
    for (const [key, value] of Object.entries(expected)) matches(value, actual[key] ?? null, `${path}.${key}`);
    return;
  }
  assert.deepEqual(actual, expected, `${path}: expected ${show(expected)}, got ${show(actual)}`);
}

// ----- errors ---------------------------------------------------------------------------

function checkRaised(error) {
  assert.ok(error instanceof Error, `not an Error: ${String(error)}`);
  assert.ok(error instanceof billing.BillingError, `not a BillingError: ${error.stack}`);
  const Class = error.code === "float_refused" ? billing.FloatRefusedError : CLASS_OF_KIND[error.kind];
  assert.ok(Class, `unknown kind ${error.kind}`);
  assert.ok(error instanceof Class, `${error.code} raised as ${error.name}, not ${Class.name}`);
  assert.equal(error.name, Class.name);
  if (error.code === "float_refused") assert.ok(error instanceof TypeError);
  assert.equal(typeof error.message, "string");
  raised.set(error.code, Class.name);
  if (error.code === "corrupt_history") {
    const cause = error.details.cause?.code;
    assert.equal(typeof cause, "string", "corrupt_history names its cause");
    raised.set(cause, "cause");
  }
}

/** Runs an action; with `error` expected, checks it; returns {ok, value}. */
function expectResult(step, run) {
  let value;
  try {
    value = run();
  } catch (error) {
    if (!(error instanceof billing.BillingError)) throw error;
    checkRaised(error);
    if (step.error === undefined) {
      assert.fail(`unexpected error ${error.code}: ${error.message}`);
    }
    matches(step.error, error.code, `error (${error.message})`);
    if (step.cause !== undefined) matches(step.cause, error.details.cause?.code, "cause");
    return { ok: false, error };
  }
  if (step.error !== undefined) assert.fail(`expected error ${step.error}, but it succeeded`);
  return { ok: true, value };
}

// ----- the two ways in ----------------------------------------------------------------

const HELPERS = {
  create_draft: "createDraft",
  update_draft: "updateDraft",
  delete_draft: "deleteDraft",
  issue_invoice: "issueInvoice",
  issue_draft: "issueDraft",
  record_payment: "recordPayment",
  settle_payment: "settlePayment",
  fail_payment: "failPayment",
  apply_credit: "applyCredit",
  apply_available_credit: "applyAvailableCredit",
  refund_payment: "refundPayment",
  void_invoice: "voidInvoice",
  mark_uncollectible: "markUncollectible",
  move_allocation: "moveAllocation",
  update_settings: "updateSettings",
  add_payment_method: "addPaymentMethod",
  remove_payment_method: "removePaymentMethod",
  set_default_payment_method: "setDefaultPaymentMethod",
  add_series: "addSeries",
  end_series: "endSeries",
  bill_series: "billSeries",
};
const UNDATED = new Set(["create_draft", "update_draft", "issue_invoice", "bill_series"]);

/** The helper for an operation, if one takes it as it is (a dated op needs its date). */
function helperFor(op) {
  if (op === null || typeof op !== "object" || !Object.hasOwn(HELPERS, op.op)) return undefined;
  if (!UNDATED.has(op.op) && !("date" in op)) return undefined; // the helper would add today
  const { op: name, ...fields } = op;
  return { method: HELPERS[name], name, fields };
}

/** Typed reads for queries: [method, argument names]. */
const READS = {
  invoice: ["invoice", ["id"]],
  document: ["document", ["id"]],
  invoices: ["invoices", []],
  overdue: ["overdue", ["as_of"]],
  payment: ["payment", ["id"]],
  payments: ["payments", []],
  credit: ["credit", ["currency"]],
  credit_sources: ["creditSources", []],
  balance: ["balance", ["currency"]],
  balances: ["balances", []],
  summary: ["summary", ["as_of", "currency"]],
  summaries: ["summaries", ["as_of"]],
  aging: ["aging", ["as_of", "currency"]],
  statement: ["statement", ["from", "to", "currency"]],
  auto_charge_plan: ["autoChargePlan", ["as_of"]],
  payment_methods: ["paymentMethods", []],
  default_payment_method: ["defaultPaymentMethod", []],
  series: ["series", ["id"]],
  series_list: ["seriesList", []],
  history: ["history", []],
  verify: ["verify", []],
};

function read(account, query, typed) {
  const known = typed && query !== null && typeof query === "object" && (READS[query.query] || query.query === "account");
  const { query: name, ...args } = known ? query : {};
  if (!known || !Object.keys(args).every((k) => (READS[name]?.[1] ?? []).includes(k))) {
    return account.query(query);
  }
  if (name === "account") {
    return { id: account.id, version: account.version, settings: account.settings, currencies: account.currencies };
  }
  const [method, params] = READS[name];
  return account[method](...params.map((p) => args[p]));
}

function execute(account, step, typed) {
  const op = step.op;
  const options = step.expected_version === undefined ? undefined : { expectedVersion: step.expected_version };
  const helper = typed ? helperFor(op) : undefined;
  if (helper) return account[helper.method](helper.fields, options);
  return account.execute(op, options);
}

function preview(account, op, typed) {
  const helper = typed ? helperFor(op) : undefined;
  if (helper?.name === "record_payment") return account.previewPayment(helper.fields);
  return account.preview(op);
}

// ----- checks ---------------------------------------------------------------------------

/** Everything observable about an account, for equality. */
function fingerprint(account) {
  return JSON.stringify({
    id: account.id,
    version: account.version,
    settings: account.settings,
    currencies: account.currencies,
    invoices: account.invoices(),
    documents: account.invoices().map((v) => account.document(v.id)),
    payments: account.payments(),
    credit: account.creditSources(),
    balances: account.balances(),
    methods: account.paymentMethods(),
    default: account.defaultPaymentMethod(),
    series: account.seriesList(),
    history: account.history(),
  });
}

function checkOutcome(outcome, expected) {
  for (const [key, value] of Object.entries(expected)) {
    let actual;
    switch (key) {
      case "version":
        actual = outcome.version;
        break;
      case "events":
        actual = outcome.events.map((e) => e.event);
        break;
      case "allocations":
        actual = outcome.allocations.map((a) => [a.payment, a.invoice, a.amount]);
        break;
      case "credit_created":
        actual = outcome.credit_created.map((c) => c.amount);
        break;
      case "credit_applied":
        actual = outcome.credit_applied.map((c) => [c.invoice, c.amount]);
        break;
      case "invoices":
        actual = Object.fromEntries(outcome.invoices.map((c) => [c.invoice, { before: c.before, after: c.after }]));
        for (const id of Object.keys(value)) assert.ok(id in actual, `outcome did not touch invoice ${id}`);
        break;
      default:
        assert.fail(`unknown outcome key ${key}`);
    }
    matches(value, actual, `outcome.${key}`);
  }
}

function checkState(account, expected) {
  for (const [key, value] of Object.entries(expected)) {
    switch (key) {
      case "version":
        matches(value, account.version, "version");
        break;
      case "invoices":
        for (const [id, fields] of Object.entries(value)) {
          let view;
          try {
            view = account.invoice(id);
          } catch (error) {
            assert.ok(error instanceof billing.NotFoundError, String(error));
            assert.equal(fields, null, `invoice ${id}: ${error.message}`);
            continue;
          }
          assert.notEqual(fields, null, `invoice ${id} should not exist`);
          matches(fields, view, `invoice ${id}`);
        }
        break;
      case "payments":
        for (const [id, fields] of Object.entries(value)) {
          const view = account.payment(id);
          const allocations = Object.fromEntries(view.allocations.map((a) => [a.invoice, a.amount]));
          if (fields.allocations) {
            assert.equal(view.allocations.length, Object.keys(fields.allocations).length, `payment ${id}: allocations ${show(allocations)}`);
          }
          matches(fields, { ...view, allocations }, `payment ${id}`);
        }
        break;
      case "credit":
        for (const [code, amount] of Object.entries(value)) matches(amount, account.credit(code).available, `credit ${code}`);
        break;
      case "credit_sources":
        for (const [code, sources] of Object.entries(value)) matches(sources, account.credit(code).sources, `credit sources ${code}`);
        break;
      case "balances":
        for (const [code, fields] of Object.entries(value)) matches(fields, account.balance(code), `balance ${code}`);
        break;
      case "overdue":
        matches(value.invoices, account.overdue(value.as_of).map((v) => v.id), "overdue");
        break;
      case "summary":
        matches(value, account.summary(value.as_of, value.currency ?? "USD"), key);
        break;
      case "aging":
        matches(value, account.aging(value.as_of, value.currency ?? "USD"), key);
        break;
      case "statement":
        matches(value, account.statement(value.from, value.to, value.currency ?? "USD"), key);
        break;
      case "charge_plan":
        matches(value, account.autoChargePlan(value.as_of), key);
        break;
      case "payment_methods":
        matches(value, account.paymentMethods().map((m) => m.id), key);
        break;
      case "default_method":
        matches(value, account.defaultPaymentMethod()?.id ?? null, key);
        break;
      case "series":
        for (const [id, fields] of Object.entries(value)) matches(fields, account.series(id), `series ${id}`);
        break;
      default:
        assert.fail(`unknown state key ${key}`);
    }
  }
}

// ----- runners ------------------------------------------------------------------------------

function runScenario(vector, typed) {
  let account = new Account("acct", vector.settings);
  vector.steps.forEach((step, i) => {
    try {
      let outcome;
      if ("op" in step || "preview" in step) {
        const before = fingerprint(account);
        const result = expectResult(step, () =>
          "preview" in step ? preview(account, step.preview, typed) : execute(account, step, typed),
        );
        if (!result.ok || "preview" in step) {
          assert.equal(fingerprint(account), before, "a refused operation or a preview changed the account");
        }
        outcome = result.value;
      } else if ("batch" in step) {
        const before = fingerprint(account);
        const options = { expectedVersion: step.expected_version };
        const result = expectResult(step, () => account.executeBatch(step.batch, options));
        if (!result.ok) {
          if ("index" in step) matches(step.index, result.error.index, "index");
          assert.equal(fingerprint(account), before, "a refused batch changed the account");
        }
        outcome = result.value?.at(-1);
      } else if ("query" in step) {
        const result = expectResult(step, () => read(account, step.query, typed));
        if (result.ok) {
          assert.ok("result" in step, "a query needs a result");
          matches(step.result, result.value, "result");
        }
      } else if ("load" in step) {
        const snapshot = typed ? step.load : JSON.stringify(step.load);
        const result = expectResult(step, () => Account.fromJson(snapshot));
        if (result.ok) account = result.value;
      } else {
        assert.ok("state" in step, "a step needs op, preview, batch, query, load or state");
      }
      if (step.outcome && outcome) checkOutcome(outcome, step.outcome);
      if (step.state) checkState(account, step.state);
      assert.equal(account.verify(), null, "invariants");
    } catch (error) {
      error.message = `step ${i}: ${error.message}`;
      throw error;
    }
  });
  const replayed = Account.replay("acct", account.history(), vector.settings);
  assert.equal(fingerprint(replayed), fingerprint(account), "replaying the history gives another account");
  const reloaded = Account.fromJson(account.toJson());
  assert.equal(fingerprint(reloaded), fingerprint(account), "reloading the snapshot gives another account");
}

/** The typed function for a calculation request. */
const CALCS = {
  parse: (r) => billing.parseMoney(r.amount, r.currency),
  round: (r) => billing.roundMoney(r.amount, r.currency, r.mode),
  split: (r) => billing.splitMoney(r.amount, r.currency, r.parts),
  allocate: (r) => billing.allocateMoney(r.amount, r.currency, r.ratios),
  currency: (r) => billing.currencyInfo(r),
  totals: (r) => billing.invoiceTotals(r.invoice, r.policy),
  cycle: (r) => billing.cycleDates(r.every, r.unit, r.anchor, r.first, r.count),
  card_check: (r) => billing.checkCardData(r) ?? null,
  expiry: (r) => billing.cardExpired(r.month, r.year, r.as_of),
};

function runMoneyCases(vector, typed) {
  vector.money.forEach((testCase, i) => {
    const { result, error, ...request } = testCase;
    const [name] = Object.keys(request);
    try {
      // A JSON number for an amount reaches the typed function as a JS number.
      const got = expectResult(testCase, () => (typed ? CALCS[name](request[name]) : calc(request)));
      if (got.ok && "result" in testCase) matches(result, got.value, "result");
    } catch (failure) {
      failure.message = `case ${i} ${show(request)}: ${failure.message}`;
      throw failure;
    }
  });
}

for (const [mode, typed] of [
  ["generic forms: execute, preview, executeBatch, query, calc", false],
  ["typed helpers and reads", true],
]) {
  describe(`shared vectors through ${mode}`, () => {
    for (const [name, vector] of vectors) {
      test(name, () => (vector.money ? runMoneyCases(vector, typed) : runScenario(vector, typed)));
    }
  });
}

test("the vectors raise every error code, each as the class of its kind", () => {
  const scenarios = vectors.filter(([, v]) => !v.money).length;
  assert.ok(scenarios >= 40, `only ${scenarios} account scenarios`);
  const missing = ERROR_CODES.filter((code) => !raised.has(code));
  assert.deepEqual(missing, [], `error codes no vector raised: ${missing.join(", ")}`);
});
