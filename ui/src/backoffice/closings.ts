// Back office: the daily closings (Kassenabschlüsse) of every till, newest first, with their
// figures — receipts, turnover, cash and card, expected and counted cash, the difference in
// colour — and each Z-report to read and print.
import { h, mount } from "../dom";
import { count, dateTime, day, money, t } from "../i18n";
import type { ZReportView } from "../api/bindings";
import { tillDay } from "../api/tillDay";
import { differenceKind } from "../tillday/cashCount";
import { zReportView } from "../tillday/reports";
import { statusLine } from "./common";

const tenderTotal = (z: ZReportView, method: string) => z.figures.by_tender.find((x) => x.method === method)?.total_cents ?? 0;

export function closingsPage(root: HTMLElement): void {
  const status = statusLine("closings-status");
  const filter = h("select", { id: "closings-till", "aria-label": t("closings.till") });
  const list = h("div", { id: "closings-list" }, h("p", {}, t("bo.loading")));
  const detail = h("div", { id: "closing-detail" });
  let all: ZReportView[] = [];

  function render(): void {
    const chosen = filter.value;
    const shown = all.filter((z) => chosen === "" || z.till_id === chosen);
    if (shown.length === 0) {
      mount(list, h("p", { class: "hint", id: "closings-empty" }, t("closings.none")));
      return;
    }
    mount(
      list,
      h(
        "table",
        { class: "data", id: "closings-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            [t("closings.till"), t("closings.z"), t("closings.day"), t("closings.closedAt"), t("report.receipts"), t("report.turnover"), t("report.cash"), t("report.card"), t("report.expected"), t("report.counted"), t("report.difference"), t("report.floatNext"), ""].map((x) =>
              h("th", {}, x),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          shown.map((z) =>
            h(
              "tr",
              { "data-till": z.till_id, "data-z": z.z_no },
              h("td", {}, z.till_id),
              h("td", { class: "num" }, String(z.z_no)),
              h("td", {}, day(z.business_day)),
              h("td", {}, `${dateTime(z.closed_at)} (${z.closed_by})`),
              h("td", { class: "num" }, count(z.figures.receipts)),
              h("td", { class: "num" }, money(z.figures.turnover_cents)),
              h("td", { class: "num" }, money(tenderTotal(z, "cash"))),
              h("td", { class: "num" }, money(tenderTotal(z, "card"))),
              h("td", { class: "num" }, money(z.expected_cents)),
              h("td", { class: "num" }, money(z.counted_cents)),
              h("td", { class: `num diff-${differenceKind(z.difference_cents)}`, "data-kind": differenceKind(z.difference_cents) }, money(z.difference_cents)),
              h("td", { class: "num" }, money(z.float_next_cents)),
              h("td", {}, h("button", { class: "show-z", type: "button", onclick: () => showZ(z) }, t("closings.show"))),
            ),
          ),
        ),
      ),
    );
  }

  function showZ(z: ZReportView): void {
    mount(
      detail,
      h("div", { class: "actions no-print" }, h("button", { type: "button", id: "closing-print", class: "primary", onclick: () => window.print() }, t("report.print"))),
      zReportView(z, document.getElementById("store-name")?.textContent ?? ""),
    );
  }

  filter.addEventListener("change", () => {
    mount(detail);
    render();
  });
  mount(root, status.el, h("div", { class: "inline-form" }, h("label", { for: "closings-till" }, t("closings.till")), filter), list, detail);
  tillDay
    .closings(null, 500)
    .then((closings) => {
      all = closings;
      const tills = [...new Set(closings.map((z) => z.till_id))].sort();
      mount(filter, h("option", { value: "" }, t("closings.allTills")), tills.map((id) => h("option", { value: id }, id)));
      render();
    })
    .catch((e) => {
      mount(list);
      status.fail(e);
    });
}
