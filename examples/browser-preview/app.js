// The payment preview of a customer portal: the server sends the account's
// JSON snapshot; as the customer ticks invoices, types an amount or chooses
// to use their credit, the page previews the payment with billing-core (the
// web build of the npm package), the same code the server records it with.
// Nothing here computes money: every amount shown comes from the core.
import { Account, BillingError, invoiceTotals, parseMoney } from "billing-core";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const today = params.get("today") ?? localToday();

// In a portal the snapshot comes from the server's API.
const snapshot = await (await fetch("sample-account.json")).text();
const account = Account.fromJson(snapshot);
// This customer is billed in one currency: an ISO code ("USD"), or a
// currency of the portal's own ({code: "CREDITS", minor_units: 4}).
// The account's operations and reads name it by its code; the calculations
// (parseMoney, invoiceTotals) take it whole.
const [currency] = account.currencies;
const code = typeof currency === "string" ? currency : currency.code;
const ZERO = parseMoney("0", currency);
const PAYMENT_ID = "portal-payment";

/**
 * Exact amounts formatted for people ("$1,234.50", "1,234.5000 CREDITS"):
 * Intl formats decimal strings exactly, at the currency's places.
 */
const money = formatter(ZERO.split(".")[1]?.length ?? 0).format;

function formatter(places) {
  const digits = { minimumFractionDigits: places, maximumFractionDigits: places };
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: code, ...digits });
  } catch {
    // Intl takes only three-letter codes: a longer one follows the number.
    const plain = new Intl.NumberFormat("en-US", digits);
    return { format: (amount) => `${plain.format(amount)} ${code}` };
  }
}

/** The exact sum of amounts, by the core: the total of an invoice with one line per amount. */
function sum(amounts) {
  if (amounts.length === 0) return ZERO;
  const lines = amounts.map((amount) => ({ description: "amount", quantity: "1", unit_price: amount }));
  return invoiceTotals({ id: "sum", kind: "one_time_charge", currency, issue_date: today, due_date: today, lines }).total;
}

const STATUS = {
  open: "Open",
  partially_paid: "Partially paid",
  paid: "Paid",
  uncollectible: "Uncollectible",
  void: "Void",
  draft: "Draft",
  applied: "Applied",
};
const PAYABLE = new Set(["open", "partially_paid", "uncollectible"]);

/** What the core's refusals mean for someone typing a payment. */
function explain(error) {
  const amountOf = (value) => money(value?.amount ?? value);
  switch (error.code) {
    case "invalid_decimal":
      return "Enter the amount as digits with a dot for cents, such as 150.00 (no commas, spaces or currency signs).";
    case "scale_exceeded":
      return `${code} amounts have at most ${error.details.minor_units} decimal places.`;
    case "non_positive_amount":
      return "Enter an amount greater than zero.";
    case "overflow":
      return "That amount is too large.";
    case "allocation_exceeds_payment":
      return (
        `The selected invoices need ${amountOf(error.details.allocated)}, but the payment is ` +
        `${amountOf(error.details.amount)}. Raise the amount or untick an invoice.`
      );
    case "overpayment":
      return (
        `This pays ${amountOf(error.details.unallocated)} more than the selected invoices need. ` +
        "Lower the amount, or choose to keep the extra as account credit."
      );
    default:
      return error.message;
  }
}

// ----- the invoice list ----------------------------------------------------------------

const invoices = account
  .invoices()
  .filter((v) => PAYABLE.has(v.status) && v.due !== ZERO)
  .sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : 0));
const description = (id) => account.document(id).lines[0]?.description ?? "";

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function badge(text, kind) {
  const span = document.createElement("span");
  span.className = `badge ${kind}`;
  span.textContent = text;
  return span;
}

for (const view of invoices) {
  const row = document.createElement("tr");
  row.dataset.invoice = view.id;
  const pick = document.createElement("td");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.id = `pay-${view.id}`;
  box.value = view.id;
  box.className = "pick";
  pick.append(box);
  const name = document.createElement("td");
  const label = document.createElement("label");
  label.htmlFor = box.id;
  label.innerHTML = `<span class="visually-hidden">Pay </span><span class="id"></span><span class="desc"></span>`;
  label.querySelector(".id").textContent = view.id;
  label.querySelector(".desc").textContent = description(view.id);
  name.append(label);
  const dueDate = cell(view.due_date);
  // Overdue: open or partly paid past its due date (not written off).
  if (view.due_date < today && view.status !== "uncollectible") dueDate.append(" ", badge("Overdue", "warn"));
  row.append(pick, name, dueDate, cell(money(view.total), "num"), cell(money(view.paid), "num"), cell(money(view.due), "num strong"));
  $("invoice-rows").append(row);
}

// ----- the preview ---------------------------------------------------------------------

const credit = account.credit(code).available;
$("customer").textContent = `${account.id} · ${invoices.length} open invoices · ${money(credit)} credit`;
$("credit-available").textContent = `(${money(credit)} available)`;
$("use-credit").disabled = credit === ZERO;

let amountEdited = false;

const selected = () => invoices.filter((v) => $(`pay-${v.id}`).checked);

function preview() {
  // Credit is used on a copy of the account (a preview of two operations);
  // the account itself never changes.
  const draft = $("use-credit").checked ? Account.fromJson(snapshot) : account;
  const state = {
    picked: selected(),
    draft,
    creditOutcomes: [],
    outcome: null,
    creditLeft: null,
    kept: ZERO,
    refusal: null,
    amount: "",
    selectedTotal: ZERO,
  };
  try {
    previewOn(state);
  } catch (error) {
    // Refused credit (an invoice a pending payment holds) or payment.
    if (!(error instanceof BillingError)) throw error;
    state.refusal = error;
  }
  show(state);
  if (draft !== account) draft.free();
}

/** Fills `state` with what using credit and the typed payment would do. */
function previewOn(state) {
  const { picked, draft } = state;
  if (draft !== account) {
    if (picked.length === 0) {
      state.creditOutcomes.push(draft.applyAvailableCredit({ id: "portal-credit", currency: code, date: today }));
    }
    for (const view of picked) {
      if (draft.credit(code).available === ZERO) break;
      state.creditOutcomes.push(draft.applyCredit({ id: `portal-credit-${view.id}`, invoice: view.id, date: today }));
    }
  }
  const dueAfterCredit = new Map(picked.map((v) => [v.id, draft.invoice(v.id).due]));
  state.selectedTotal = sum([...dueAfterCredit.values()]);
  $("selected-total").textContent = picked.length ? money(sum(picked.map((v) => v.due))) : "—";
  if (!amountEdited) $("amount").value = picked.length && state.selectedTotal !== ZERO ? state.selectedTotal : "";

  state.amount = $("amount").value.trim();
  if (state.amount === "") return;
  const payment = {
    payment: PAYMENT_ID,
    amount: state.amount,
    currency: code,
    date: today,
    overpayment: $("keep-extra").checked ? "credit" : "refuse",
  };
  if (picked.length) {
    // The ticked invoices are paid in full (after any credit), oldest due first.
    payment.allocation = picked
      .filter((v) => dueAfterCredit.get(v.id) !== ZERO)
      .map((v) => ({ invoice: v.id, amount: dueAfterCredit.get(v.id) }));
  }
  state.outcome = draft.previewPayment(payment);
  // The credit left, and what of the payment's stays credit: the payment
  // recorded on a scratch copy (with auto-apply on, the core applies what
  // a payment overpays to other open invoices at once).
  const scratch = Account.fromJson(draft.toJson());
  try {
    scratch.recordPayment(payment);
    const credit = scratch.credit(code);
    state.creditLeft = credit.available;
    const own = credit.sources.filter((s) => s.origin.kind === "overpayment" && s.origin.payment === PAYMENT_ID);
    state.kept = sum(own.map((s) => s.remaining));
  } finally {
    scratch.free();
  }
}

function show({ picked, draft, creditOutcomes, outcome, creditLeft, kept, refusal, amount, selectedTotal }) {
  const message = $("message");
  message.className = "message";
  $("amount").removeAttribute("aria-invalid");
  if (refusal) {
    message.textContent = explain(refusal);
    message.classList.add("error");
    message.dataset.code = refusal.code;
    $("amount").setAttribute("aria-invalid", "true");
  } else {
    delete message.dataset.code;
    if (outcome) {
      const n = outcome.allocations.length;
      message.textContent = `Ready: this payment settles ${n === 1 ? "1 invoice" : `${n} invoices`} as shown below.`;
      message.classList.add("ok");
    } else if (picked.length && selectedTotal === ZERO) {
      message.textContent = "Your credit covers the selected invoices: there is nothing to pay.";
      message.classList.add("ok");
    } else {
      message.textContent = "Tick invoices to pay, or type an amount.";
    }
  }

  // Credit used: the customer's, and what the payment overpays when the
  // core applies it to other invoices at once.
  const creditApplied = [...creditOutcomes, ...(outcome ? [outcome] : [])].flatMap((o) => o.credit_applied);
  const paid = outcome ? outcome.allocations : [];
  const ok = !refusal && (outcome !== null || creditApplied.length > 0);
  const after = new Map();
  if (ok) {
    for (const view of invoices) after.set(view.id, draft.invoice(view.id));
    for (const change of outcome?.invoices ?? []) after.set(change.invoice, change.after);
  }

  // Per invoice: due now, credit used, this payment, still due, status afterwards.
  const rows = $("preview-rows");
  rows.replaceChildren();
  const touched = ok
    ? invoices.filter((v) => creditApplied.some((c) => c.invoice === v.id) || paid.some((a) => a.invoice === v.id))
    : [];
  for (const view of touched) {
    const usedCredit = sum(creditApplied.filter((c) => c.invoice === view.id).map((c) => c.amount));
    const payment = sum(paid.filter((a) => a.invoice === view.id).map((a) => a.amount));
    const state = after.get(view.id);
    const row = document.createElement("tr");
    row.dataset.invoice = view.id;
    const status = document.createElement("td");
    status.append(badge(STATUS[state.status] ?? state.status, state.status === "paid" ? "good" : "info"));
    row.append(
      cell(view.id),
      cell(money(view.due), "num"),
      cell(usedCredit === ZERO ? "—" : money(usedCredit), "num credit-used"),
      cell(payment === ZERO ? "—" : money(payment), "num payment"),
      cell(money(state.due), "num still-due strong"),
      status,
    );
    rows.append(row);
  }
  const totals = $("preview-totals");
  totals.hidden = touched.length === 0;
  if (touched.length) {
    $("total-due-now").textContent = money(sum(touched.map((v) => v.due)));
    $("total-credit-used").textContent = money(sum(creditApplied.map((c) => c.amount)));
    $("total-payment").textContent = money(sum(paid.map((a) => a.amount)));
    $("total-still-due").textContent = money(sum(touched.map((v) => after.get(v.id).due)));
    $("total-note").textContent = kept === ZERO ? "" : `+ ${money(kept)} kept as account credit`;
  }
  if (touched.length === 0) {
    const row = document.createElement("tr");
    row.className = "empty";
    row.append(cell(refusal ? "No preview: see the message above." : "Nothing to preview yet."));
    row.firstChild.colSpan = 6;
    rows.append(row);
  }

  const created = outcome ? sum(outcome.credit_created.map((c) => c.amount)) : ZERO;
  const figures = ok
    ? {
        payment: outcome ? money(amount === "" ? ZERO : parseMoney(amount, currency)) : money(ZERO),
        allocated: money(sum(paid.map((a) => a.amount))),
        "credit-used": money(sum(creditApplied.map((c) => c.amount))),
        "credit-created": money(created),
        "credit-left": money(creditLeft ?? draft.credit(code).available),
        "still-due": money(sum(invoices.map((v) => after.get(v.id).due))),
      }
    : {};
  for (const key of ["payment", "allocated", "credit-used", "credit-created", "credit-left", "still-due"]) {
    $(`sum-${key}`).textContent = figures[key] ?? "—";
  }
  $("submit").disabled = !outcome;
}

// ----- events --------------------------------------------------------------------------------

$("invoice-rows").addEventListener("change", preview);
$("use-credit").addEventListener("change", preview);
$("keep-extra").addEventListener("change", preview);
$("amount").addEventListener("input", () => {
  amountEdited = true;
  preview();
});
$("use-total").addEventListener("click", () => {
  amountEdited = false;
  preview();
  $("amount").focus();
});
$("payment-form").addEventListener("submit", (event) => {
  event.preventDefault();
  $("message").textContent = "This demo page does not submit payments.";
});

preview();
$("app").dataset.state = "ready";

function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
