// The receipt after a sale: store, lines, total, cash and change or card, the VAT breakdown and
// what the TSE recorded (transaction, signature counter, serial, signature, or "TSE ausgefallen"
// — the same lines the command line prints) with the QR code as an image; printable (only the
// receipt is printed), closed with "next customer".
import { h, mount } from "../dom";
import { dateTime, money, t } from "../i18n";
import type { PrintedReceipt, Sale } from "../api/bindings";

export interface Completed {
  sale: Sale;
  receipt: PrintedReceipt | null;
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
        receipt ? h("p", { class: "receipt-store" }, h("strong", {}, receipt.store_name), receipt.address ? h("br", {}) : null, receipt.address) : null,
        h("h2", {}, t("receipt.title", { no: sale.receipt_no })),
        // Once printed, start and end of the business case as the TSE logged them (Berlin time).
        h("p", { class: "receipt-date" }, receipt ? `${receipt.started_at} – ${receipt.ended_at}` : dateTime(sale.completed_at)),
        receipt
          ? h(
              "table",
              { class: "receipt-lines" },
              receipt.receipt.lines.map((l) =>
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
        receipt ? fiscal(receipt) : null,
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

/** The VAT breakdown, the TSE's lines and the QR code (DSFinV-K V0) of a printed receipt. */
function fiscal(receipt: PrintedReceipt): HTMLElement {
  return h(
    "div",
    { class: "receipt-fiscal", "data-testid": "receipt-tse", "data-tse-status": receipt.tse.status },
    h(
      "table",
      { class: "receipt-vat" },
      receipt.vat.map((v) =>
        h(
          "tr",
          {},
          h("td", {}, `${v.code} ${v.rate} %`),
          h("td", { class: "num" }, money(v.net_cents)),
          h("td", { class: "num" }, money(v.vat_cents)),
          h("td", { class: "num" }, money(v.gross_cents)),
        ),
      ),
    ),
    h("pre", { class: "receipt-tse-lines" }, receipt.tse_lines.join("\n")),
    receipt.qr_svg
      ? h("img", {
          class: "receipt-qr",
          "data-testid": "receipt-qr",
          alt: receipt.tse.qr_code ?? "",
          src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(receipt.qr_svg)}`,
        })
      : null,
  );
}
