// The cart as the cashier sees it: lines with quantity buttons, discount and removal, the total
// and the VAT per rate.
import { h } from "../dom";
import { money, t } from "../i18n";
import type { TillView } from "../api/bindings";

export interface CartActions {
  select(sku: string): void;
  changeQuantity(sku: string, delta: number): void;
  discount(sku: string): void;
  remove(sku: string): void;
}

export function cartTable(view: TillView | null, selected: string | null, act: CartActions): Node {
  const lines = view?.cart.lines ?? [];
  if (lines.length === 0) return h("p", { class: "empty-cart" }, t("cashier.emptyCart"));
  return h(
    "table",
    { class: "cart-table" },
    h(
      "thead",
      {},
      h("tr", {}, h("th", {}, t("cashier.article")), h("th", {}, t("cashier.quantity")), h("th", { class: "num" }, t("cashier.unitPrice")), h("th", { class: "num" }, t("cashier.lineTotal")), h("th", {}, "")),
    ),
    h(
      "tbody",
      {},
      lines.map((l) => {
        const discount = l.unit_price_cents * l.quantity - l.line_total_cents;
        return h(
          "tr",
          { class: l.sku === selected ? "line selected" : "line", "data-sku": l.sku, onclick: () => act.select(l.sku) },
          h("td", {}, h("span", { class: "name" }, l.name), h("span", { class: "sku" }, ` ${l.sku} · ${l.vat_rate} %`)),
          h(
            "td",
            { class: "qty" },
            h("button", { class: "dec", "aria-label": t("cashier.decrease"), onclick: () => act.changeQuantity(l.sku, -1) }, "−"),
            h("span", { class: "quantity" }, l.quantity),
            h("button", { class: "inc", "aria-label": t("cashier.increase"), onclick: () => act.changeQuantity(l.sku, 1) }, "+"),
          ),
          h("td", { class: "num" }, money(l.unit_price_cents)),
          h("td", { class: "num line-total" }, money(l.line_total_cents), discount > 0 ? h("small", { class: "discount" }, ` −${money(discount)}`) : null),
          h(
            "td",
            { class: "line-actions" },
            h("button", { class: "discount-btn", title: t("cashier.discount"), onclick: () => act.discount(l.sku) }, "%"),
            h("button", { class: "remove", title: t("cashier.remove"), "aria-label": t("cashier.remove"), onclick: () => act.remove(l.sku) }, "×"),
          ),
        );
      }),
    ),
  );
}

export function totals(view: TillView | null): (Node | null)[] {
  const cart = view?.cart;
  return [
    h("p", { class: "grand-total" }, h("span", {}, t("cashier.total")), h("strong", { id: "total" }, money(cart?.total_cents ?? 0))),
    cart && cart.vat_breakdown.length > 0
      ? h(
          "table",
          { class: "vat-table" },
          h("tr", {}, h("th", {}, t("cashier.vatRate")), h("th", { class: "num" }, t("cashier.net")), h("th", { class: "num" }, t("cashier.vat")), h("th", { class: "num" }, t("cashier.gross"))),
          cart.vat_breakdown.map((v) =>
            h("tr", {}, h("td", {}, `${v.rate} %`), h("td", { class: "num" }, money(v.net_cents)), h("td", { class: "num" }, money(v.vat_cents)), h("td", { class: "num" }, money(v.gross_cents))),
          ),
        )
      : null,
  ];
}
