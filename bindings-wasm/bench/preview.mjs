// Benchmark (not a test): previewing a payment from Node through the built
// npm package, over an account with 1,000 open invoices. Each call is the
// whole round trip a page makes: the operation built and written as JSON,
// the core's preview in wasm, the outcome parsed back into objects.
//
//   node bindings-wasm/bench/preview.mjs      (after scripts/test-wasm)
import { Account } from "billing-core";

const OPEN = 1_000;
const account = new Account("bench");
const ops = [];
for (let i = 0; i < OPEN; i++) {
  const day = String(1 + (i % 28)).padStart(2, "0");
  ops.push({
    op: "issue_invoice",
    invoice: {
      id: `INV-${i}`,
      kind: "recurring",
      currency: "USD",
      issue_date: `2026-01-${day}`,
      due_date: `2026-02-${day}`,
      lines: [{ description: "Plan", quantity: "1", unit_price: "10.00", taxes: [{ id: "VAT", percent: "20" }] }],
    },
  });
}
account.executeBatch(ops);

function bench(name, args, iterations) {
  const check = account.previewPayment(args);
  for (let i = 0; i < 20; i++) account.previewPayment(args); // warm up
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    account.previewPayment(args);
    times.push(Number(process.hrtime.bigint() - start) / 1_000);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p90 = times[Math.floor(times.length * 0.9)];
  console.log(
    `${name}: median ${median.toFixed(1)} µs per call (p90 ${p90.toFixed(1)} µs, ${iterations} calls; ` +
      `${check.allocations.length} allocations, ${check.invoices.length} invoices in the outcome)`,
  );
}

const pay = { payment: "PAY-1", currency: "USD", date: "2026-03-01" };
console.log(`account: ${account.invoices().length} open invoices, version ${account.version}; ${process.version}`);
bench("preview of a payment over all 1,000 open invoices", { ...pay, amount: "12000.00" }, 200);
bench("preview of a payment of one invoice (1,000 open)", { ...pay, amount: "12.00" }, 2_000);
