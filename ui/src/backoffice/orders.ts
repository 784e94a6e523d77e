// Back office: purchase orders. The list (open ones first by default), an order's detail with
// ordered, received and open units, the goods receipt against it (arrived units per line, an
// optional price, an article that came in addition, closing the order short), cancelling, and the
// supplier's documents (CSV download, printable page).
import { h, mount } from "../dom";
import { count, day, money, t } from "../i18n";
import { ordersApi, type OrderDetail, type OrderState, type OrdersApi } from "../api/orders";
import { statusLine, table } from "./common";
import { receiptLines, type ReceiptRow } from "./orderReceipt";

const STATE_KEYS: Record<OrderState, "orders.state.open" | "orders.state.partly_received" | "orders.state.received" | "orders.state.cancelled"> = {
  open: "orders.state.open",
  partly_received: "orders.state.partly_received",
  received: "orders.state.received",
  cancelled: "orders.state.cancelled",
};

export function orderState(state: OrderState): string {
  return t(STATE_KEYS[state]);
}

export function ordersPage(root: HTMLElement, api: OrdersApi = ordersApi): void {
  const status = statusLine("orders-status");
  const list = h("div", { id: "orders-list" });
  const detail = h("div", { id: "order-detail" });
  const openOnly = h("input", { type: "checkbox", id: "orders-open-only", checked: true }) as HTMLInputElement;

  async function loadList(): Promise<void> {
    try {
      const orders = await api.list(openOnly.checked);
      mount(
        list,
        h("h3", {}, t("orders.title", { n: count(orders.length) })),
        h("label", {}, openOnly, " ", t("orders.openOnly")),
        table(
          [t("orders.number"), t("orders.supplier"), t("orders.stateLabel"), t("orders.expected"), t("orders.units"), t("orders.total")],
          orders.map((o) => [
            h("a", { href: "#", "data-order": o.order_no, onclick: (e: Event) => (e.preventDefault(), void loadDetail(o.order_no)) }, o.order_no),
            o.supplier,
            orderState(o.state),
            o.expected_on ? day(o.expected_on) : "–",
            `${count(o.units_received)} / ${count(o.units_ordered)}`,
            money(o.total_cents),
          ]),
          { id: "orders-table" },
        ),
      );
    } catch (error) {
      status.fail(error);
    }
  }

  async function loadDetail(orderNo: string): Promise<void> {
    try {
      showDetail(await api.show(orderNo));
    } catch (error) {
      status.fail(error);
    }
  }

  function showDetail(order: OrderDetail): void {
    const open = order.state === "open" || order.state === "partly_received";
    const inputs = order.lines.map((l) => ({
      sku: l.sku,
      quantity: h("input", { type: "number", name: `qty-${l.sku}`, value: open ? l.open : 0, "aria-label": `${t("orders.arrived")} ${l.sku}`, disabled: !open }) as HTMLInputElement,
      price: h("input", { name: `price-${l.sku}`, placeholder: money(l.unit_cost_cents), "aria-label": `${t("orders.price")} ${l.sku}`, disabled: !open }) as HTMLInputElement,
    }));
    const extraCode = h("input", { name: "extra-code", placeholder: t("stock.code"), "aria-label": t("orders.extra") }) as HTMLInputElement;
    const extraQty = h("input", { name: "extra-qty", type: "number", placeholder: t("stock.quantity"), "aria-label": t("orders.extraQuantity") }) as HTMLInputElement;
    const close = h("input", { type: "checkbox", name: "close" }) as HTMLInputElement;
    const confirmed = h("input", { type: "checkbox", name: "confirmed" }) as HTMLInputElement;
    const by = h("input", { name: "received_by", placeholder: t("orders.receivedBy"), "aria-label": t("orders.receivedBy") }) as HTMLInputElement;
    const note = h("input", { name: "note", placeholder: t("stock.reference"), "aria-label": t("stock.reference") }) as HTMLInputElement;
    const form = h(
      "form",
      { id: "receive-order-form", class: "inline-form" },
      h("h4", {}, t("orders.receive")),
      h("div", {}, extraCode, extraQty),
      h("label", {}, close, " ", t("orders.closeShort")),
      h("label", {}, confirmed, " ", t("orders.confirmLarge")),
      by,
      note,
      h("button", { type: "submit", class: "primary" }, t("stock.book")),
    ) as HTMLFormElement;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const rows: ReceiptRow[] = inputs.map((i) => ({ code: i.sku, quantity: i.quantity.value, price: i.price.value }));
      rows.push({ code: extraCode.value, quantity: extraQty.value, price: "" });
      const parsed = receiptLines(rows);
      if ("error" in parsed) {
        status.fail({ code: "invalid_input", params: { detail: `${parsed.code}: ${t(parsed.error)}` } });
        return;
      }
      try {
        const outcome = await api.receive(order.order_no, parsed.lines, {
          close: close.checked,
          confirmed: confirmed.checked,
          received_by: by.value.trim(),
          note: note.value.trim(),
        });
        status.ok(t("orders.booked", { receipt: outcome.booked.receipt_no ?? "–", order: order.order_no, state: orderState(outcome.order.state) }));
        showDetail(outcome.order);
        await loadList();
      } catch (error) {
        status.fail(error);
      }
    });

    const documents = h(
      "div",
      { class: "order-documents" },
      h("button", { type: "button", id: "order-csv", onclick: () => void download(order.order_no) }, t("orders.csv")),
      h("button", { type: "button", id: "order-print", onclick: () => void print(order.order_no) }, t("orders.print")),
      open ? h("button", { type: "button", id: "order-cancel", class: "danger", onclick: () => void cancel(order.order_no) }, t("orders.cancel")) : null,
    );
    mount(
      detail,
      h("h3", {}, `${order.order_no} · ${order.supplier}`),
      h("p", {}, `${orderState(order.state)} · ${t("orders.expected")} ${order.expected_on ? day(order.expected_on) : "–"} · ${money(order.total_cents)}`),
      table(
        [t("article.field.sku"), t("article.field.name"), t("orders.ordered"), t("orders.received"), t("orders.open"), t("orders.arrived"), t("orders.price")],
        order.lines.map((l, i) => [l.sku, l.name, count(l.ordered), count(l.received), count(l.open), inputs[i].quantity, inputs[i].price]),
        { id: "order-lines" },
      ),
      order.extra.length
        ? table([t("article.field.sku"), t("article.field.name"), t("orders.received")], order.extra.map((x) => [x.sku, x.name, count(x.received)]), { id: "order-extra" })
        : null,
      h("ul", { id: "order-receipts" }, order.receipts.map((r) => h("li", {}, `${r.receipt_no} · ${day(r.received_at.slice(0, 10))} · ${r.received_by}${r.note ? ` · ${r.note}` : ""}`))),
      open ? form : null,
      documents,
    );
  }

  async function download(orderNo: string): Promise<void> {
    try {
      const { csv } = await api.documents(orderNo);
      const link = h("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" })), download: `Bestellung-${orderNo}.csv` });
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      status.fail(error);
    }
  }

  async function print(orderNo: string): Promise<void> {
    try {
      const { page } = await api.documents(orderNo);
      const frame = h("iframe", { id: "order-print-frame", title: t("orders.print"), style: "position:absolute;width:0;height:0;border:0" }) as HTMLIFrameElement;
      frame.srcdoc = page;
      frame.addEventListener("load", () => {
        frame.contentWindow?.print();
        setTimeout(() => frame.remove(), 1000);
      });
      document.body.appendChild(frame);
    } catch (error) {
      status.fail(error);
    }
  }

  async function cancel(orderNo: string): Promise<void> {
    if (!window.confirm(t("orders.cancelConfirm", { order: orderNo }))) return;
    try {
      showDetail(await api.cancel(orderNo, ""));
      status.ok(t("orders.cancelled", { order: orderNo }));
      await loadList();
    } catch (error) {
      status.fail(error);
    }
  }

  openOnly.addEventListener("change", () => void loadList());
  mount(root, status.el, h("div", { class: "two-col" }, list, detail));
  void loadList();
}
