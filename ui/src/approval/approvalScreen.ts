// The store manager's approval screen: reorder proposals awaiting a decision, each line editable,
// approved or rejected with the manager's PIN.
import { h, mount } from "../dom";
import { count, dateTime, day, decimal, money, t } from "../i18n";
import { toUiError, type UiError } from "../api/ipc";
import { explainRefusal } from "../api/refusal";
import type { ProposalSummary as ReorderSummary, ReorderApi, ReorderSnapshot } from "../api/purchasing";
import { approveArgs, editedArticles, editedLineTotal, editedTotal, type LineEdit } from "./edits";
import { HISTORY_DAYS, historyChart } from "./history";
import { lineReason, lostDemand } from "./reasons";

export function approvalScreen(root: HTMLElement, api: ReorderApi): void {
  /** The manager who decided last: offered first at the next decision. */
  let lastManager = "Filialleitung";
  let list: ReorderSummary[] = [];
  let current: ReorderSnapshot | null = null;
  const edits = new Map<string, LineEdit>();
  /** Units sold per day of each shown line's article (loaded after the proposal is shown). */
  let history: Record<string, number[]> = {};
  const listBox = h("ul", { id: "proposals", class: "proposal-list" });
  const detailBox = h("div", { id: "proposal", class: "proposal" });
  const message = h("div", { id: "approval-message", role: "status" });

  /** A result, or what went wrong: the core's refusal is said in the window's language. */
  const say = (text: string, error: UiError | null = null) => {
    message.className = error ? "error-banner" : "ok-banner";
    if (error) message.dataset.code = error.code;
    else delete message.dataset.code;
    message.textContent = error ? `${text}: ${explainRefusal(error)}` : text;
  };
  /** A problem with what was typed, found before asking the core: said once, as it is. */
  const refuse = (text: string) => {
    message.className = "error-banner";
    message.dataset.code = "invalid_input";
    message.textContent = text;
  };

  async function refresh(): Promise<void> {
    try {
      list = await api.list();
      renderList();
    } catch (e) {
      say(t("approval.loadFailed"), toUiError(e));
    }
  }

  async function open(id: string): Promise<void> {
    try {
      current = await api.show(id);
      edits.clear();
      renderDetail();
      renderList();
      void loadHistory();
    } catch (e) {
      say(t("approval.loadFailed"), toUiError(e));
    }
  }

  /** Loads the sales history of the shown proposal's lines; the chart is left out if it fails. */
  async function loadHistory(): Promise<void> {
    const shown = current;
    const skus = shown?.values.proposal?.suppliers.flatMap((s) => s.lines.map((l) => l.sku)) ?? [];
    history = {};
    if (skus.length === 0) return;
    try {
      const loaded = await api.salesHistory(skus, HISTORY_DAYS);
      if (current !== shown) return;
      history = loaded;
      renderDetail();
    } catch {
      // The proposal is complete without the charts.
    }
  }

  function statusText(s: ReorderSummary["status"]): string {
    return t(`approval.status.${s}` as "approval.status.interrupted");
  }

  function renderList(): void {
    mount(
      listBox,
      list.length === 0
        ? h("li", { class: "empty" }, t("approval.none"))
        : list.map((p) =>
            h(
              "li",
              {
                class: p.thread_id === current?.thread_id ? "selected" : "",
                "data-id": p.thread_id,
                onclick: () => void open(p.thread_id),
              },
              h("strong", {}, p.thread_id),
              p.outcome
                ? h("span", { class: `badge status-${p.status} outcome-${p.outcome.kind}` }, t(`approval.stage.${p.outcome.kind}` as "approval.stage.ordered"))
                : h("span", { class: `badge status-${p.status}` }, statusText(p.status)),
              h("small", {}, dateTime(p.created_at)),
              p.decided_by ? h("small", { class: "decided-by" }, t("approval.decidedBy", { name: p.decided_by })) : null,
            ),
          ),
    );
  }

  function renderDetail(): void {
    if (!current) {
      mount(detailBox, h("p", { class: "hint" }, t("approval.pick")));
      return;
    }
    const snapshot = current;
    const proposal = snapshot.values.proposal;
    const awaiting = snapshot.status === "interrupted";
    const outcome = snapshot.values.outcome;
    const totalBox = h("strong", { id: "edited-total" }, money(proposal ? editedTotal(proposal, edits) : 0));
    const kpiTotal = h("strong", { id: "kpi-total" }, money(proposal ? editedTotal(proposal, edits) : 0));
    const kpi = (key: string, value: Node | string) =>
      h("div", { class: "kpi", "data-kpi": key }, h("small", {}, t(`approval.kpi.${key}` as "approval.kpi.total")), value);
    const manager = h("input", { id: "approval-manager", autocomplete: "off", value: lastManager, "aria-label": t("approval.manager") });
    const pin = h("input", { id: "pin", type: "password", inputmode: "numeric", autocomplete: "off", placeholder: "PIN", "aria-label": t("approval.pin") });
    const reason = h("input", { id: "reason", autocomplete: "off", placeholder: t("approval.reasonPlaceholder"), "aria-label": t("approval.reason") });

    const approve = async () => {
      if (!proposal) return;
      const args = approveArgs(snapshot.thread_id, manager.value, pin.value, proposal, edits);
      if ("error" in args) {
        refuse(t(args.error));
        return;
      }
      lastManager = args.manager;
      try {
        current = await api.approve(args);
        say(t("approval.approved", { id: snapshot.thread_id }));
        renderDetail();
        await refresh();
      } catch (e) {
        say(t("approval.decisionFailed"), toUiError(e));
      }
    };
    const reject = async () => {
      if (reason.value.trim() === "") {
        refuse(t("approval.reasonMissing"));
        return;
      }
      try {
        if (manager.value.trim() === "") {
          refuse(t("approval.managerMissing"));
          return;
        }
        lastManager = manager.value.trim();
        current = await api.reject({ id: snapshot.thread_id, reason: reason.value.trim(), manager: lastManager, pin: pin.value.trim() });
        say(t("approval.rejected", { id: snapshot.thread_id }));
        renderDetail();
        await refresh();
      } catch (e) {
        say(t("approval.decisionFailed"), toUiError(e));
      }
    };

    mount(
      detailBox,
      h("h2", {}, t("approval.proposal", { id: snapshot.thread_id }), " ", h("span", { class: `badge status-${snapshot.status}` }, statusText(snapshot.status))),
      h("p", { class: "hint" }, t("approval.asOf", { date: day(snapshot.values.as_of), n: count(snapshot.values.articles_checked ?? 0) })),
      proposal
        ? h(
            "div",
            { class: "kpis" },
            kpi("articles", h("strong", {}, count(editedArticles(proposal, edits)))),
            kpi("total", kpiTotal),
            kpi("created", h("strong", {}, dateTime(snapshot.created_at))),
          )
        : null,
      outcome
        ? h(
            "p",
            { class: "outcome", "data-outcome": outcome.kind },
            t(`approval.outcome.${outcome.kind}` as "approval.outcome.ordered", {
              reason: outcome.kind === "rejected" ? outcome.reason : "",
              orders: outcome.kind === "ordered" ? outcome.order_id : "",
            }),
          )
        : null,
      !proposal
        ? h("p", {}, t("approval.empty"))
        : proposal.suppliers.map((s) =>
            h(
              "section",
              { class: "supplier" },
              h("h3", {}, s.supplier, " · ", money(s.total_cents)),
              h(
                "table",
                { class: "lines" },
                h("tr", {}, ["article", "onHand", "reorderPoint", "forecast", "quantity", "cost", "lineTotal", "remove"].map((k) => h("th", {}, t(`approval.col.${k}` as "approval.col.article")))),
                s.lines.map((l) => {
                  const edit = edits.get(l.sku) ?? { quantity: l.quantity, removed: false };
                  const lineTotal = h("td", { class: "num line-total" }, money(editedLineTotal(l, edits.get(l.sku))));
                  const qty = h("input", { class: "qty-input", type: "number", min: 0, step: l.pack_size, value: edit.quantity, disabled: !awaiting || edit.removed, "aria-label": `${t("approval.col.quantity")} ${l.sku}`, "data-sku": l.sku });
                  qty.addEventListener("input", () => {
                    edits.set(l.sku, { ...edit, quantity: Number(qty.value) });
                    totalBox.textContent = money(editedTotal(proposal, edits));
                    kpiTotal.textContent = totalBox.textContent;
                    lineTotal.textContent = money(editedLineTotal(l, edits.get(l.sku)));
                  });
                  const remove = h("input", { type: "checkbox", class: "remove-line", checked: edit.removed, disabled: !awaiting, "aria-label": `${t("approval.col.remove")} ${l.sku}`, "data-sku": l.sku });
                  remove.addEventListener("change", () => {
                    edits.set(l.sku, { quantity: Number(qty.value), removed: remove.checked });
                    renderDetail();
                  });
                  return h(
                    "tr",
                    { class: edit.removed ? "removed" : "", "data-sku": l.sku },
                    h("td", {}, h("strong", {}, l.name), h("br", {}), h("small", { class: "line-reason" }, `${l.sku} · ${lineReason(l)}`), lostDemandNote(lostDemand(snapshot.values.profiles?.[l.sku])), historyChart(l.sku, history[l.sku])),
                    h("td", { class: "num" }, count(l.on_hand)),
                    h("td", { class: "num" }, count(l.reorder_point)),
                    h("td", { class: "num" }, t("approval.perDay", { n: decimal(l.forecast_rate ?? 0, 1) })),
                    h("td", {}, qty, h("small", {}, ` ${t("approval.pack", { n: l.pack_size })}`)),
                    h("td", { class: "num" }, money(l.unit_cost_cents)),
                    lineTotal,
                    h("td", {}, remove),
                  );
                }),
              ),
            ),
          ),
      proposal ? h("p", { class: "grand-total" }, t("approval.total"), " ", totalBox) : null,
      awaiting
        ? h(
            "div",
            { class: "decision" },
            h("label", { for: "approval-manager" }, t("approval.manager")),
            manager,
            h("label", { for: "pin" }, t("approval.pin")),
            pin,
            h("button", { id: "approve", class: "primary", onclick: () => void approve() }, t("approval.approve")),
            reason,
            h("button", { id: "reject", class: "danger", onclick: () => void reject() }, t("approval.reject")),
          )
        : null,
    );
  }

  const start = async () => {
    try {
      current = await api.start();
      edits.clear();
      void loadHistory();
      say(t("approval.started", { id: current.thread_id }));
      renderDetail();
      await refresh();
    } catch (e) {
      say(t("approval.startFailed"), toUiError(e));
    }
  };

  mount(
    root,
    h(
      "div",
      { class: "approval" },
      h("aside", {}, h("button", { id: "start-proposal", onclick: () => void start() }, t("approval.start")), listBox),
      h("div", {}, message, detailBox),
    ),
  );
  renderDetail();
  void refresh();
}

/** The lost-demand note under a line's reason, when the article was sold out some days. */
function lostDemandNote(text: string | null): HTMLElement | null {
  return text === null ? null : h("small", { class: "lost-demand" }, h("br", {}), text);
}
