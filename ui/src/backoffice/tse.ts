// Back office: the TSE (serial, public key, signature counter, certified or not, the self test
// run now, outages) and the DSFinV-K export for the tax office, with a progress bar while it runs.
import { h, mount } from "../dom";
import { count, dateTime, t } from "../i18n";
import { fiscalApi } from "../api/fiscal";
import type { TseStatus } from "../api/bindings";
import { statusLine, table } from "./common";

/** The rows of the status card: label and value. */
export function tseRows(s: TseStatus): [string, string][] {
  const dash = (v: string | number | null) => (v === null || v === "" ? "–" : String(v));
  const selfTest = t(s.self_test_passed ? "tse.selfTestPassed" : "tse.selfTestFailed", { at: dateTime(s.self_test_at) });
  const rows: [string, string][] = [
    [t("tse.kind"), s.description ?? s.kind],
    [t("tse.certified"), t(s.certified ? "tse.certifiedYes" : "tse.certifiedNo")],
    [t("tse.serial"), dash(s.serial_number)],
    [t("tse.publicKey"), dash(s.public_key)],
    [t("tse.algorithm"), dash(s.signature_algorithm)],
    [t("tse.counter"), s.signature_counter === null ? "–" : count(s.signature_counter)],
    [t("tse.transactions"), s.transaction_number === null ? "–" : count(s.transaction_number)],
    [t("tse.openTransactions"), dash(s.open_transactions)],
    [t("tse.selfTest"), selfTest],
    [t("tse.cases"), t("tse.casesValue", { signed: count(s.signed_business_cases), unsigned: count(s.unsigned_business_cases) })],
  ];
  if (s.error) rows.push([t("tse.error"), s.error]);
  return rows;
}

export function tsePage(root: HTMLElement): void {
  const status = statusLine("tse-status");
  const card = h("div", { id: "tse-card" }, t("bo.loading"));
  const outages = h("div", { id: "tse-outages" });

  async function load(): Promise<void> {
    try {
      const s = await fiscalApi.tseStatus();
      mount(
        card,
        h(
          "table",
          { class: "data", id: "tse-table", "data-certified": String(s.certified), "data-reachable": String(s.reachable) },
          h("tbody", {}, tseRows(s).map(([label, value]) => h("tr", {}, h("th", {}, label), h("td", { class: "mono" }, value)))),
        ),
      );
      mount(
        outages,
        h("h3", {}, t("tse.outages")),
        s.outages.length === 0
          ? h("p", {}, t("tse.noOutages"))
          : table(
              [t("tse.outageTill"), t("tse.outageFrom"), t("tse.outageTo"), t("tse.outageCases"), t("tse.outageReason")],
              s.outages.map((o) => [o.till_id, dateTime(o.started_at), o.ended_at ? dateTime(o.ended_at) : t("tse.outageOngoing"), count(o.business_cases), o.reason]),
              { id: "outages-table" },
            ),
      );
    } catch (e) {
      status.fail(e);
    }
  }

  const today = new Date().toISOString().slice(0, 10);
  const from = h("input", { type: "date", id: "export-from", value: today });
  const to = h("input", { type: "date", id: "export-to", value: today });
  const till = h("input", { type: "text", id: "export-till", placeholder: "kasse-1" });
  const progress = h("progress", { id: "export-progress", hidden: true });
  const start = h("button", { id: "export-start", class: "primary" }, t("export.start"));
  start.addEventListener("click", async () => {
    start.disabled = true;
    progress.hidden = false;
    status.ok(t("export.running"));
    try {
      const done = await fiscalApi.exportDsfinvk(from.value, to.value, till.value.trim() === "" ? null : till.value.trim());
      progress.max = 1;
      progress.value = 1;
      status.ok(t("export.done", { path: done.path, closings: count(done.closings), receipts: count(done.receipts), outages: count(done.outages) }));
    } catch (e) {
      status.fail(e);
    } finally {
      start.disabled = false;
      progress.hidden = true;
    }
  });

  mount(
    root,
    status.el,
    h("h3", {}, t("tse.title")),
    card,
    h("button", { id: "tse-refresh", onclick: () => void load() }, t("tse.refresh")),
    outages,
    h(
      "section",
      { class: "export-dialog", id: "dsfinvk-export" },
      h("h3", {}, t("export.title")),
      h("label", {}, t("export.from"), " ", from),
      h("label", {}, t("export.to"), " ", to),
      h("label", {}, t("export.till"), " ", till),
      start,
      progress,
    ),
  );
  void load();
}
