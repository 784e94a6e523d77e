// The X-report (the open session now) and the Z-report (a daily closing as written) as the window
// shows and prints them: turnover by VAT rate and by tender, refunds, discounts, cash in and out
// by reason, what the drawer should hold, per cashier; the Z-report adds the count, the
// difference and the float for tomorrow.
import { h } from "../dom";
import { count, dateTime, day, money, t } from "../i18n";
import type { TillFiguresView, XReportView, ZReportView } from "../api/bindings";
import { denominationLabel, differenceKind, differenceWords } from "./cashCount";

const row = (label: string, value: string, key?: string) => h("tr", { "data-figure": key }, h("th", { scope: "row" }, label), h("td", { class: "num" }, value));

/** A tender's name in the window's language. */
export function tenderName(method: string): string {
  return method === "cash" ? t("report.cash") : method === "card" ? t("report.card") : method;
}

/** A cash reason's name in the window's language. */
export function reasonName(code: string): string {
  return t(`reason.${code}` as "reason.wechselgeld");
}

/** The figures both reports share. */
export function figuresTables(f: TillFiguresView): HTMLElement {
  const receiptsRange = f.first_receipt !== null && f.last_receipt !== null ? ` (${f.first_receipt}–${f.last_receipt})` : "";
  return h(
    "div",
    { class: "report-figures" },
    h(
      "table",
      { class: "report-table", "data-part": "summary" },
      row(t("report.float"), money(f.float_cents), "float"),
      row(t("report.receipts"), `${count(f.receipts)}${receiptsRange}`, "receipts"),
      row(t("report.turnover"), money(f.turnover_cents), "turnover"),
      row(t("report.refunds", { n: f.refunds }), money(f.refunds_cents), "refunds"),
      row(t("report.discounts"), money(f.discounts_cents), "discounts"),
      row(t("report.cashIn"), money(f.cash_in_cents), "cash-in"),
      row(t("report.cashOut"), money(f.cash_out_cents), "cash-out"),
      row(t("report.expected"), money(f.cash_expected_cents), "expected"),
    ),
    h("h4", {}, t("report.byVat")),
    h(
      "table",
      { class: "report-table", "data-part": "vat" },
      h("tr", {}, h("th", {}, t("report.rate")), h("th", { class: "num" }, t("report.net")), h("th", { class: "num" }, t("report.vat")), h("th", { class: "num" }, t("report.gross"))),
      f.turnover_by_vat.map((v) =>
        h("tr", { "data-rate": v.rate_percent }, h("td", {}, `${v.rate_percent} %`), h("td", { class: "num" }, money(v.net_cents)), h("td", { class: "num" }, money(v.vat_cents)), h("td", { class: "num" }, money(v.gross_cents))),
      ),
    ),
    h("h4", {}, t("report.byTender")),
    h(
      "table",
      { class: "report-table", "data-part": "tender" },
      f.by_tender.map((x) => h("tr", { "data-method": x.method }, h("th", { scope: "row" }, `${tenderName(x.method)} (${count(x.receipts)})`), h("td", { class: "num" }, money(x.total_cents)))),
    ),
    f.movements.length > 0
      ? [
          h("h4", {}, t("report.movements")),
          h(
            "table",
            { class: "report-table", "data-part": "movements" },
            f.movements.map((m) =>
              h("tr", {}, h("th", { scope: "row" }, `${m.direction === "in" ? t("cash.in") : t("cash.out")}: ${reasonName(m.reason)} (${count(m.count)})`), h("td", { class: "num" }, money(m.total_cents))),
            ),
          ),
        ]
      : null,
    h("h4", {}, t("report.byCashier")),
    h(
      "table",
      { class: "report-table", "data-part": "cashiers" },
      f.by_cashier.map((c) => h("tr", {}, h("th", { scope: "row" }, `${c.cashier} (${count(c.receipts)})`), h("td", { class: "num" }, money(c.total_cents)))),
    ),
  );
}

export function xReportView(x: XReportView, storeName: string): HTMLElement {
  return h(
    "section",
    { class: "till-report x-report", "data-testid": "x-report" },
    h("h2", {}, t("report.xTitle")),
    h("p", { class: "report-head" }, storeName, h("br"), t("report.tillSession", { till: x.till_id, session: x.session.session_no, day: day(x.session.business_day) }), h("br"), t("report.printedAt", { at: dateTime(x.printed_at) })),
    h("p", { class: "hint" }, t("report.xNote")),
    figuresTables(x.figures),
  );
}

export function zReportView(z: ZReportView, storeName: string): HTMLElement {
  const kind = differenceKind(z.difference_cents);
  return h(
    "section",
    { class: "till-report z-report", "data-testid": "z-report", "data-z": z.z_no },
    h("h2", { id: "z-title" }, t("report.zTitle", { z: z.z_no })),
    h(
      "p",
      { class: "report-head" },
      storeName,
      h("br"),
      t("report.tillSession", { till: z.till_id, session: z.session_no, day: day(z.business_day) }),
      h("br"),
      t("report.closedAt", { at: dateTime(z.closed_at), by: z.closed_by }),
    ),
    figuresTables(z.figures),
    h("h4", {}, t("report.closing")),
    h(
      "table",
      { class: "report-table", "data-part": "closing" },
      row(t("report.expected"), money(z.expected_cents), "z-expected"),
      row(t("report.counted"), money(z.counted_cents), "z-counted"),
      h("tr", { "data-figure": "z-difference", class: `diff-${kind}` }, h("th", { scope: "row" }, t("report.difference")), h("td", { class: "num" }, money(z.difference_cents))),
      row(t("report.floatNext"), money(z.float_next_cents), "z-float-next"),
      row(t("report.banked"), money(z.counted_cents - z.float_next_cents), "z-banked"),
    ),
    h("p", { class: `difference diff-${kind}` }, differenceWords(z.difference_cents)),
    z.count.length > 0
      ? [
          h("h4", {}, t("report.countLog")),
          h(
            "table",
            { class: "report-table", "data-part": "count" },
            z.count.map((c) => h("tr", {}, h("th", { scope: "row" }, `${c.pieces} × ${denominationLabel(c.value_cents)}`), h("td", { class: "num" }, money(c.pieces * c.value_cents)))),
          ),
        ]
      : null,
  );
}
