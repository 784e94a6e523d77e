// The customer display: welcome screen, live cart, total, change due, thank-you, and a badge for
// the connection to the hub. Read-only: it never calls a command, it only follows the WebSocket.
import { h, mount } from "../dom";
import { money, t } from "../i18n";
import type { ConnectionState } from "../display/displayClient";
import type { CartView, DisplayState } from "../display/protocol";

/** Where the display connects, read from its window's URL (`?port=8787&terminal=kasse-1`). */
export function hubUrlFromLocation(search: string, host = "127.0.0.1"): string | null {
  const params = new URLSearchParams(search);
  const port = Number(params.get("port"));
  const terminal = params.get("terminal") ?? "kasse-1";
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return null;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(terminal)) return null;
  return `ws://${host}:${port}/ws/pos/${terminal}`;
}

function cartLines(cart: CartView, limit = 8) {
  const shown = cart.lines.slice(-limit);
  const hidden = cart.lines.length - shown.length;
  return h(
    "ul",
    { class: "d-lines" },
    hidden > 0 ? h("li", { class: "d-more" }, t("display.moreLines", { n: hidden })) : null,
    shown.map((l) =>
      h(
        "li",
        { class: "d-line", "data-sku": l.sku },
        h("span", { class: "d-qty" }, `${l.quantity} ×`),
        h("span", { class: "d-name" }, l.name),
        h("span", { class: "d-amount" }, money(l.line_total_cents)),
      ),
    ),
  );
}

function total(cents: number) {
  return h("p", { class: "d-total" }, h("span", {}, t("display.total")), h("strong", { "data-testid": "display-total" }, money(cents)));
}

/** The screen for one display state. */
export function renderState(state: DisplayState): HTMLElement {
  switch (state.phase) {
    case "idle":
      return h("section", { class: "d-screen d-idle" }, h("h1", {}, t("display.welcome")), h("p", {}, t("display.welcomeSub")));
    case "cart":
      return h(
        "section",
        { class: "d-screen d-cart" },
        state.cart.customer_name ? h("p", { class: "d-greeting" }, t("display.hello", { name: state.cart.customer_name })) : null,
        cartLines(state.cart),
        total(state.cart.total_cents),
      );
    case "payment_in_progress":
      return h(
        "section",
        { class: "d-screen d-payment" },
        cartLines(state.cart, 4),
        total(state.cart.total_cents),
        h("p", { class: "d-method" }, state.method === "card" ? t("display.payCard") : t("display.payCash")),
        state.tendered_cents !== null && state.method === "cash"
          ? h("p", { class: "d-tendered" }, t("display.tendered", { amount: money(state.tendered_cents) }))
          : null,
      );
    case "change_due":
      return h(
        "section",
        { class: "d-screen d-change" },
        total(state.cart.total_cents),
        h("p", { class: "d-tendered" }, t("display.tendered", { amount: money(state.tendered_cents) })),
        h("p", { class: "d-change-due" }, t("display.change"), " ", h("strong", {}, money(state.change_cents))),
      );
    case "sale_completed":
      return h(
        "section",
        { class: "d-screen d-thanks" },
        h("h1", {}, t("display.thanks")),
        h("p", {}, t("display.paid", { amount: money(state.total_cents) })),
        state.change_cents > 0
          ? h("p", { class: "d-change-due" }, t("display.change"), " ", h("strong", { "data-testid": "display-change" }, money(state.change_cents)))
          : null,
        h("p", { class: "d-receipt" }, t("display.receipt", { no: state.receipt_number })),
      );
  }
}

export function renderBadge(connection: ConnectionState): HTMLElement {
  return h("span", { class: `d-badge d-${connection}`, "data-connection": connection }, t(`display.connection.${connection}`));
}

/** Draws `state` and the badge into `root`. */
export function paint(root: HTMLElement, state: DisplayState, connection: ConnectionState): void {
  root.dataset.phase = state.phase;
  mount(root, renderBadge(connection), renderState(state));
}
