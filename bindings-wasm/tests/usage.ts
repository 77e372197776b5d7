// Compiled with `tsc --noEmit --strict` against the built package's
// declarations (tsconfig.json: bundler resolution, index.d.mts;
// tsconfig.cjs.json: Node CommonJS resolution, index.d.cts). Not run: the
// node tests run the same calls. `@ts-expect-error` lines check that the
// types refuse what the package refuses at run time.
import {
  Account,
  BillingError,
  ERROR_CODES,
  FloatRefusedError,
  LimitExceededError,
  NotFoundError,
  allocateMoney,
  calc,
  cardExpired,
  currencyInfo,
  cycleDates,
  invoiceTotals,
  parseMoney,
  roundMoney,
  splitMoney,
  type Aging,
  type Amount,
  type BillingSummary,
  type ErrorCode,
  type Invoice,
  type InvoiceView,
  type Operation,
  type BatchOutcomes,
  type Outcome,
  type PaymentView,
  type Statement,
} from "billing-core";

const invoice: Invoice = {
  id: "INV-1",
  kind: "recurring",
  currency: "USD",
  issue_date: "2026-01-01",
  due_date: "2026-01-31",
  lines: [{ description: "Pro plan", quantity: "1", unit_price: "49.00", taxes: [{ id: "CA", percent: "8.875" }] }],
  discount: { percent: "10" },
};

const account = new Account("acme", { auto_apply_credit: true });
account.issueInvoice({ invoice });
const preview: Outcome = account.previewPayment({
  payment: "PAY-1",
  amount: "150.00",
  currency: "USD",
  allocation: [{ invoice: "INV-1", amount: "40.00" }],
  overpayment: "refuse",
});
const allocated: Amount[] = preview.allocations.map((a) => a.amount);
const after: string | undefined = preview.invoices[0]?.after?.status;
account.recordPayment({ payment: "PAY-1", amount: "40.00", currency: "USD", date: "2026-01-20" }, { expectedVersion: 1 });

const view: InvoiceView = account.invoice("INV-1");
const due: string = view.due;
const payment: PaymentView = account.payment("PAY-1");
const firstAllocation: Amount | undefined = payment.allocations[0]?.amount;
const summary: BillingSummary = account.summary("2026-02-15");
const next: string | null = summary.next_recurring_invoice;
const aging: Aging = account.aging("2026-02-15", "USD");
const statement: Statement = account.statement("2026-01-01", "2026-01-31");
const version: number = account.version;
const verified: string | null = account.verify();
const snapshot: string = account.toJson();
const copy: Account = Account.fromJson(snapshot);
const replayed = Account.replay("acme", copy.history());
const methods = replayed.paymentMethods().map((m) => m.kind);
const credit: Amount = account.credit().available;
const origin = account.creditSources()[0]?.origin;
if (origin?.kind === "refund_note") {
  const paidBy: string = origin.payment;
}

const op: Operation = { op: "void_invoice", invoice: "INV-1", date: "2026-02-01" };
const batch: BatchOutcomes = account.executeBatch([op, '{"op": "settle_payment", "payment": "PAY-1", "date": "2026-02-01"}'], {
  expectedVersion: account.version,
});
const outcomes: Outcome[] = batch.toArray();
const last: Outcome | undefined = batch.at(-1);
for (const outcome of batch) outcome.version;
const events: string[] = outcomes.flatMap((o) => o.events.map((e) => e.event));
const queried: InvoiceView[] = account.query({ query: "overdue", as_of: "2026-03-01" });
const balance: string = account.query({ query: "balance", currency: "USD" }).net_position;
const anything: unknown = account.query('{"query": "history"}');

const parts: Amount[] = splitMoney("100.00", "USD", 3);
const shares: Amount[] = allocateMoney("10.00", "USD", ["70", "30"]);
const rounded: Amount = roundMoney("2.345", "USD", "half_even");
const parsed: Amount = parseMoney("10", { code: "CREDITS", minor_units: 4 });
const minor: number = currencyInfo("JPY").minor_units;
const total: Amount = invoiceTotals(invoice, { tax: "per_invoice" }).total;
const dates: string[] = cycleDates(1, "month", "2026-01-31", 0, 12);
const expired: boolean = cardExpired(12, 2030, "2026-01-01");
const split: Amount[] = calc({ split: { amount: "10.00", currency: "USD", parts: 3 } });
const info: boolean = calc({ currency: "USD" }).iso;
const codes: readonly ErrorCode[] = ERROR_CODES;

try {
  account.recordPayment({ payment: "PAY-2", amount: "1000.00", currency: "USD", overpayment: "refuse" });
} catch (error) {
  if (error instanceof LimitExceededError) {
    const code: ErrorCode = error.code;
    const details: Record<string, unknown> = error.details;
  } else if (error instanceof NotFoundError || error instanceof BillingError) {
    const index: number | undefined = error.index;
  } else if (error instanceof FloatRefusedError) {
    const refused: "float_refused" = error.code;
    const isTypeError: TypeError = error;
  }
}

// What the package refuses at run time, the types refuse too.
// @ts-expect-error a number for money
account.recordPayment({ payment: "PAY-3", amount: 150, currency: "USD" });
// @ts-expect-error a number for money
parseMoney(10.5, "USD");
// @ts-expect-error a Date for a date
account.summary(new Date());
// @ts-expect-error an unknown operation field
account.recordPayment({ payment: "PAY-3", amount: "1.00", currency: "USD", tip: "1.00" });
// @ts-expect-error the generic form needs the date
account.execute({ op: "void_invoice", invoice: "INV-1" });
// @ts-expect-error amounts are strings in answers
const notANumber: number = view.total;
// @ts-expect-error an unknown status
const status: typeof view.status = "settled";

// An account is Disposable (`using`), whatever `lib` the caller compiles with.
const scratch = Account.fromJson(account.toJson());
const dispose: () => void = scratch[Symbol.dispose];
dispose.call(scratch);
const release: () => void = batch[Symbol.dispose];
release.call(batch);
batch.free();

export {};
