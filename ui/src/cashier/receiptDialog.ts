// The receipt after a sale: lines, total, cash and change or card, printable (only the receipt
// is printed), closed with "next customer".
import { h, mount } from "../dom";
import { dateTime, money, t } from "../i18n";
import type { Receipt, Sale } from "../api/bindings";

export interface Completed {
  sale: Sale;
  receipt: Receipt | null;
}

export interface ReceiptDialog {
  show(completed: Completed): void;
  close(): void;
  isOpen(): boolean;
}

export function receiptDialog(box: HTMLElement, onClosed: () => void): ReceiptDialog {
  box.hidden = true;

  function close(): void {
    box.hidden = true;
    box.replaceChildren();
    onClosed();
  }

  function show({ sale, receipt }: Completed): void {
    box.hidden = false;
    mount(
      box,
      h(
        "section",
        { class: "receipt", "data-testid": "receipt" },
        h("h2", {}, t("receipt.title", { no: sale.receipt_no })),
        h("p", { class: "receipt-date" }, dateTime(sale.completed_at)),
        receipt
          ? h(
              "table",
              { class: "receipt-lines" },
              receipt.lines.map((l) =>
                h(
                  "tr",
                  {},
                  h("td", {}, `${l.quantity} × ${l.name}`),
                  h("td", { class: "num" }, money(l.line_total_cents)),
                  h("td", { class: "vat" }, `${l.vat_rate} %`),
                ),
              ),
            )
          : null,
        h("p", { class: "receipt-total" }, t("cashier.total"), " ", h("strong", {}, money(sale.total))),
        sale.tender.method === "cash"
          ? [
              h("p", {}, t("receipt.cash"), " ", money(sale.tender.tendered)),
              h("p", { class: "receipt-change", "data-testid": "receipt-change" }, t("receipt.change"), " ", money(sale.change)),
            ]
          : h("p", {}, t("receipt.card")),
        h("p", { class: "receipt-thanks" }, t("receipt.thanks")),
        h(
          "div",
          { class: "actions no-print" },
          h("button", { id: "print", onclick: () => window.print() }, t("receipt.print"), " (F8)"),
          h("button", { id: "close-receipt", class: "primary", onclick: close }, t("receipt.next")),
        ),
      ),
    );
    (box.querySelector("#close-receipt") as HTMLButtonElement | null)?.focus();
  }

  return { show, close, isOpen: () => !box.hidden };
}
