// The bundler build (`billing-core/bundler`: the .wasm imported as an ES
// module, as webpack and Vite load it) under Node's own wasm ES modules:
// `node --experimental-wasm-modules bundler-smoke.mjs`. The web build is
// tested in Chromium (browser/preview.test.mjs), the Node build by the
// node tests.
import assert from "node:assert/strict";
import { Account, FloatRefusedError, NotFoundError, splitMoney, ERROR_CODES } from "billing-core/bundler";

const account = new Account("acme");
account.issueInvoice({
  invoice: {
    id: "INV-1",
    kind: "new",
    currency: "USD",
    issue_date: "2026-01-01",
    due_date: "2026-01-31",
    lines: [{ description: "Setup", quantity: "1", unit_price: "80.00" }],
  },
});
const preview = account.previewPayment({ payment: "PAY-1", amount: "100.00", currency: "USD", date: "2026-01-05" });
assert.deepEqual(preview.credit_created.map((c) => c.amount), ["20.00"]);
assert.deepEqual(splitMoney("100.00", "USD", 3), ["33.34", "33.33", "33.33"]);
assert.throws(() => account.invoice("INV-9"), NotFoundError);
assert.throws(() => splitMoney(100, "USD", 3), FloatRefusedError);
assert.ok(ERROR_CODES.length > 60);
assert.equal(Account.fromJson(account.toJson()).version, 1);
console.log("bundler build: ok");
