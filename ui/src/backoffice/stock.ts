// Back office: stock levels (low stock first), goods received and stocktake corrections.
import { field, h, mount } from "../dom";
import { count, t } from "../i18n";
import { backoffice } from "../api/backOffice";
import { statusLine, table } from "./common";
import { pinDialog } from "../cashier/pinDialog";
import { withManagerIfNeeded } from "../cashier/managerDiscount";

export function stockPage(root: HTMLElement): void {
  const status = statusLine("stock-status");
  const pinBox = h("div", { id: "pin-dialog", class: "modal", hidden: true });
  const pin = pinDialog(pinBox);
  const low = h("div", { id: "low-stock" });
  const receive = h(
    "form",
    { id: "receive-form", class: "inline-form" },
    h("h3", {}, t("stock.receive")),
    h("input", { name: "code", placeholder: t("stock.code"), "aria-label": t("stock.code") }),
    h("input", { name: "quantity", type: "number", min: 1, placeholder: t("stock.quantity"), "aria-label": t("stock.quantity") }),
    h("input", { name: "reference", placeholder: t("stock.reference"), "aria-label": t("stock.reference") }),
    h("button", { type: "submit", class: "primary" }, t("stock.book")),
  ) as HTMLFormElement;
  const adjust = h(
    "form",
    { id: "adjust-form", class: "inline-form" },
    h("h3", {}, t("stock.adjust")),
    h("input", { name: "code", placeholder: t("stock.code"), "aria-label": t("stock.code") }),
    h("input", { name: "to", type: "number", min: 0, placeholder: t("stock.countedTo"), "aria-label": t("stock.countedTo") }),
    h("input", { name: "reason", placeholder: t("stock.reason"), "aria-label": t("stock.reason") }),
    h("button", { type: "submit", class: "primary" }, t("stock.book")),
  ) as HTMLFormElement;

  async function load(): Promise<void> {
    try {
      const articles = await backoffice.lowStock();
      mount(
        low,
        h("h3", {}, t("stock.low", { n: count(articles.length) })),
        table(
          [t("article.field.sku"), t("article.field.name"), t("bo.onHand"), t("article.field.reorder_point"), t("stock.onOrder"), t("article.field.supplier")],
          articles.map((a) => [a.sku, a.name, count(a.on_hand), count(a.reorder_point), count(a.on_order), a.supplier ?? "–"]),
          { id: "low-stock-table" },
        ),
      );
    } catch (error) {
      status.fail(error);
    }
  }

  receive.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const change = await backoffice.receive(field(receive, "code"), Number(field(receive, "quantity")), field(receive, "reference") || null);
      status.ok(t("stock.booked", { sku: field(receive, "code"), n: count(change.after) }));
      receive.reset();
      await load();
    } catch (error) {
      status.fail(error);
    }
  });
  adjust.addEventListener("submit", async (e) => {
    e.preventDefault();
    const to = field(adjust, "to");
    try {
      const change = await withManagerIfNeeded(
        (approval) => backoffice.adjust(field(adjust, "code"), to === "" ? null : Number(to), null, field(adjust, "reason"), approval),
        (refusal) => pin.ask({ intro: t("pin.introCorrection") }, refusal),
      ).finally(() => pin.close());
      if (!change) return;
      status.ok(t("stock.booked", { sku: field(adjust, "code"), n: count(change.after) }));
      adjust.reset();
      await load();
    } catch (error) {
      status.fail(error);
    }
  });

  mount(root, status.el, h("div", { class: "two-col" }, h("div", {}, receive, adjust), low), pinBox);
  void load();
}
