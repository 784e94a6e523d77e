// Back office: receipts and refunds. A receipt is looked up by number and shown with its lines,
// payment and earlier refunds; the units to give back are chosen per line (or the whole receipt is
// voided), a reason given, and the manager approves with name and PIN.
import { h, mount } from "../dom";
import { count, dateTime, money, t } from "../i18n";
import { receiptsApi } from "../api/backOffice";
import { explainRefusal } from "../api/refusal";
import type { Refund, RefundableReceipt, RefundableReceiptLine as RefundableLine, RefundLineInput } from "../api/bindings";
import { withManagerPin } from "../cashier/managerDiscount";
import { pinDialog } from "../cashier/pinDialog";
import { table } from "./common";

/** Units typed per receipt line (by `line_no`), as text. */
export type ChosenUnits = Record<number, string>;

export type RefundChoice =
  | { ok: true; lines: RefundLineInput[]; amountCents: number }
  | { ok: false; error: "nothing-chosen" }
  | { ok: false; error: "quantity"; line: RefundableLine };

/** What `units` of a line after `taken` are worth, rounded as the core rounds (half up). */
function valueOf(line: RefundableLine, units: number): number {
  return Math.floor((2 * line.line_total_cents * units + line.quantity) / (2 * line.quantity));
}

/**
 * The refund request for the units typed per line: whole numbers from 0 to what is left of each
 * line, at least one unit in all. Units of the same article are summed into one request line, and
 * the amount is what the core will pay back (it takes units from the article's lines in order).
 */
export function refundChoice(lines: RefundableLine[], chosen: ChosenUnits): RefundChoice {
  const bySku = new Map<string, number>();
  for (const line of lines) {
    const text = (chosen[line.line_no] ?? "").trim();
    if (text !== "" && !/^\d+$/.test(text)) return { ok: false, error: "quantity", line };
    const units = text === "" ? 0 : Number(text);
    if (units > line.remaining) return { ok: false, error: "quantity", line };
    if (units > 0) bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + units);
  }
  if (bySku.size === 0) return { ok: false, error: "nothing-chosen" };
  let amountCents = 0;
  const taken = new Map(lines.map((l) => [l.line_no, l.refunded]));
  for (const [sku, wanted] of bySku) {
    let still = wanted;
    for (const line of lines.filter((l) => l.sku === sku)) {
      const before = taken.get(line.line_no) ?? 0;
      const units = Math.min(still, line.quantity - before);
      if (units <= 0) continue;
      amountCents += valueOf(line, before + units) - valueOf(line, before);
      taken.set(line.line_no, before + units);
      still -= units;
    }
  }
  return { ok: true, lines: [...bySku].map(([sku, quantity]) => ({ sku, quantity })), amountCents };
}

/** What a void (or the refund of everything left) pays back. */
export function restAmount(r: RefundableReceipt): number {
  return r.receipt.total_cents - r.refunded_cents;
}

/** Reads a receipt number as typed: a whole number from 1, or null. */
export function receiptNumber(text: string): number | null {
  const typed = text.trim().replace(/^#/, "");
  if (!/^\d{1,12}$/.test(typed)) return null;
  const n = Number(typed);
  return n >= 1 ? n : null;
}

export function receiptsPage(root: HTMLElement): void {
  const numberInput = h("input", { id: "receipt-no", inputmode: "numeric", autocomplete: "off", "aria-describedby": "receipts-hint" });
  const message = h("div", { id: "receipts-status", role: "status", class: "status-line" });
  const view = h("div", { id: "receipt-view" });
  const pinBox = h("div", { id: "pin-dialog", class: "modal", hidden: true });
  const pin = pinDialog(pinBox);

  const say = (kind: "ok" | "error", text: string, code?: string) => {
    message.className = kind === "ok" ? "ok-banner" : "error-banner";
    delete message.dataset.refundNo;
    if (code) message.dataset.code = code;
    else delete message.dataset.code;
    message.textContent = text;
  };
  const quiet = () => {
    message.className = "status-line";
    delete message.dataset.code;
    delete message.dataset.refundNo;
    message.textContent = "";
  };
  const fail = (error: unknown) => {
    const code = typeof error === "object" && error && "code" in error ? String((error as { code: unknown }).code) : "internal";
    say("error", explainRefusal(error), code);
  };

  async function load(no: number, focusLines = false): Promise<void> {
    try {
      render(await receiptsApi.refundable(no));
      // Straight on to the first line that can still go back.
      if (focusLines) view.querySelector<HTMLInputElement>(".refund-qty:not([disabled])")?.focus();
    } catch (error) {
      mount(view);
      fail(error);
    }
  }

  function render(r: RefundableReceipt): void {
    const inputs = new Map<number, HTMLInputElement>();
    const preview = h("p", { id: "refund-preview", class: "refund-preview", "aria-live": "polite" });
    const reason = h("input", { id: "refund-reason", maxlength: 200, autocomplete: "off", placeholder: t("receipts.reasonPlaceholder") });
    const chosen = (): ChosenUnits => Object.fromEntries([...inputs].map(([no, el]) => [no, el.value]));
    const updatePreview = () => {
      const c = refundChoice(r.lines, chosen());
      preview.textContent = c.ok ? t("receipts.preview", { amount: money(c.amountCents) }) : "";
    };
    const rest = restAmount(r);
    // Enter in a quantity or the reason refunds the selection, as the button does.
    function enterRefunds(e: Event): void {
      if ((e as KeyboardEvent).key !== "Enter") return;
      e.preventDefault();
      void refundSelected();
    }
    reason.addEventListener("keydown", enterRefunds);
    const anythingLeft = r.lines.some((l) => l.remaining > 0);
    const paid =
      r.receipt.method === "cash"
        ? t("receipts.paidCash", { tendered: money(r.receipt.tendered_cents ?? r.receipt.total_cents), change: money(r.receipt.change_cents) })
        : t("receipts.paidCard");
    const rows = r.lines.map((line) => {
      const qty = h("input", {
        class: "refund-qty",
        type: "number",
        min: 0,
        max: line.remaining,
        step: 1,
        value: "",
        placeholder: "0",
        "data-sku": line.sku,
        "data-line": line.line_no,
        "aria-label": t("receipts.giveBackLabel", { name: line.name, max: line.remaining }),
        disabled: line.remaining === 0,
        oninput: updatePreview,
        onkeydown: enterRefunds,
      });
      inputs.set(line.line_no, qty);
      return [line.name, line.sku, count(line.quantity), money(line.unit_price_cents), money(line.line_total_cents), count(line.refunded), qty];
    });
    mount(
      view,
      h("h3", { id: "receipt-title" }, t("receipts.title", { receipt: r.receipt.receipt_no, date: dateTime(r.receipt.completed_at) })),
      h("p", { class: "receipt-paid" }, paid, r.receipt.customer_no ? ` · ${t("receipts.customer", { no: r.receipt.customer_no })}` : ""),
      table(
        [t("receipts.article"), t("receipts.sku"), t("receipts.qty"), t("receipts.unitPrice"), t("receipts.lineTotal"), t("receipts.refunded"), t("receipts.giveBack")],
        rows,
        { id: "refund-lines" },
      ),
      h(
        "p",
        { class: "receipt-totals" },
        h("strong", { id: "receipt-total" }, t("receipts.total", { amount: money(r.receipt.total_cents) })),
        r.refunded_cents > 0 ? h("span", { id: "receipt-refunded" }, ` · ${t("receipts.refundedSoFar", { amount: money(r.refunded_cents) })}`) : "",
      ),
      h("h4", {}, t("receipts.earlier")),
      r.refunds.length === 0
        ? h("p", { class: "hint", id: "no-earlier-refunds" }, t("receipts.noEarlier"))
        : table(
            [t("receipts.refundNo"), t("receipts.kind"), t("receipts.when"), t("receipts.amount"), t("receipts.approvedBy")],
            r.refunds.map((x) => [String(x.refund_no), t(`receipts.kind.${x.kind}` as "receipts.kind.refund"), dateTime(x.refunded_at), money(x.total_cents), x.authorized_by]),
            { id: "earlier-refunds" },
          ),
      anythingLeft
        ? h(
            "div",
            { class: "refund-actions" },
            h("label", { for: "refund-reason" }, t("receipts.reason")),
            reason,
            preview,
            h("button", { id: "refund-selected", class: "primary", onclick: () => void refundSelected() }, t("receipts.refundSelected")),
            h("button", { id: "void-receipt", class: "danger", onclick: () => void refundRest() }, r.refunds.length ? t("receipts.refundRest") : t("receipts.voidAll")),
          )
        : h("p", { class: "ok-banner", id: "all-refunded" }, t("receipts.allRefunded")),
    );

    async function refundSelected(): Promise<void> {
      const c = refundChoice(r.lines, chosen());
      if (!c.ok) {
        if (c.error === "nothing-chosen") say("error", t("receipts.nothingChosen"), "invalid_input");
        else {
          say("error", t("receipts.qtyInvalid", { name: c.line.name, max: c.line.remaining }), "invalid_input");
          inputs.get(c.line.line_no)?.focus();
        }
        return;
      }
      const intro = t("pin.introRefund", { amount: money(c.amountCents), receipt: r.receipt.receipt_no });
      await approve(intro, c.lines);
    }

    async function refundRest(): Promise<void> {
      const intro = t(r.refunds.length ? "pin.introRefund" : "pin.introVoid", { amount: money(rest), receipt: r.receipt.receipt_no });
      await approve(intro, null);
    }

    async function approve(intro: string, lines: RefundLineInput[] | null): Promise<void> {
      quiet();
      const opener = document.activeElement as HTMLElement | null;
      try {
        const done = await withManagerPin(
          (approval) => receiptsApi.refund(r.receipt.receipt_no, lines, reason.value.trim(), approval),
          (refusal) => pin.ask({ intro }, refusal),
        ).finally(() => pin.close());
        if (!done) {
          opener?.focus();
          return;
        }
        await load(r.receipt.receipt_no);
        announce(done);
        numberInput.focus();
      } catch (error) {
        fail(error);
        opener?.focus();
      }
    }
  }

  function announce(done: Refund): void {
    say(
      "ok",
      t("receipts.done", {
        kind: t(`receipts.kind.${done.kind}`),
        refund: done.refund_no,
        receipt: done.receipt_no,
        amount: money(done.total),
        payout: t(`receipts.payout.${done.payout}`),
        manager: done.authorized_by,
      }),
    );
    message.dataset.refundNo = String(done.refund_no);
  }

  const form = h(
    "form",
    {
      class: "inline-form",
      id: "receipt-lookup",
      onsubmit: (e: Event) => {
        e.preventDefault();
        const no = receiptNumber(numberInput.value);
        if (no === null) {
          say("error", t("receipts.numberInvalid"), "invalid_input");
          numberInput.focus();
          return;
        }
        quiet();
        void load(no, true);
      },
    },
    h("label", { for: "receipt-no" }, t("receipts.lookup")),
    numberInput,
    h("button", { type: "submit", class: "primary", id: "receipt-show" }, t("receipts.show")),
    h("span", { class: "hint", id: "receipts-hint" }, t("receipts.hint")),
  );
  mount(root, form, message, view, pinBox);
  numberInput.focus();
}
