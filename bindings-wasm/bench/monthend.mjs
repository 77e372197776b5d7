// The month-end workload through the WebAssembly package in Node (not a
// test). Reads the JSON lines written by `monthend generate` (workload/),
// applies each account's operations with `executeBatch`, keeps every
// account, and prints one JSON line: throughput, peak memory and the
// totals, which must equal the generator's.
//
//   node bindings-wasm/bench/monthend.mjs target/monthend/workload.jsonl
//   (after scripts/test-wasm)
import { readFileSync } from "node:fs";
import { Account } from "billing-core";

const FIELDS = ["receivable", "written_off", "credit", "net_position"];

/** A decimal string as [minor units, scale], exactly (BigInt). */
function minor(text) {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace("-", "").split(".");
  const value = BigInt(whole + fraction);
  return [negative ? -value : value, fraction.length];
}

/** Minor units back to a decimal string at `scale`. */
function decimal(value, scale) {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}

const path = process.argv[2];
const expected = JSON.parse(readFileSync(`${path}.expected.json`, "utf8"));
const lines = readFileSync(path, "utf8").split("\n").filter((line) => line);

const start = process.hrtime.bigint();
const accounts = [];
let operations = 0;
for (const line of lines) {
  const work = JSON.parse(line);
  const account = new Account(work.account);
  account.executeBatch(work.operations);
  operations += work.operations.length;
  accounts.push(account);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

const sums = {};
for (const account of accounts) {
  for (const balance of account.balances()) {
    const into = (sums[balance.currency] ??= {});
    for (const field of FIELDS) {
      const [value, scale] = minor(balance[field]);
      into[field] = { value: (into[field]?.value ?? 0n) + value, scale };
    }
  }
}
const totals = ordered(sums, ({ value, scale }) => decimal(value, scale));

const result = {
  runner: "node (wasm)",
  accounts: accounts.length,
  operations,
  seconds,
  operations_per_second: operations / seconds,
  peak_rss_mib: process.resourceUsage().maxRSS / 1024,
  totals,
};
console.log(JSON.stringify(result));
if (JSON.stringify(totals) !== JSON.stringify(ordered(expected.totals, (amount) => amount))) {
  console.error(`totals differ from the expected ones: ${JSON.stringify(expected.totals)}`);
  process.exit(1);
}

/**
 * Totals per currency in one fixed order (currencies sorted, then FIELDS),
 * each field's value passed through `amount`, so two sets compare as text.
 */
function ordered(byCurrency, amount) {
  return Object.fromEntries(
    Object.keys(byCurrency)
      .sort()
      .map((code) => [code, Object.fromEntries(FIELDS.map((f) => [f, amount(byCurrency[code][f])]))]),
  );
}
