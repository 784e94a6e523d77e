// The daily closing: the drawer counted by denomination (the grid sums live), what the till
// expects against what was counted with the difference in colour and words, the float kept for
// tomorrow, and — once booked — the Z-report to print.
import { h, mount } from "../dom";
import { day, money, parseAmount, t } from "../i18n";
import type { TillScreen, ZReportView } from "../api/bindings";
import { toUiError } from "../api/ipc";
import { explainRefusal } from "../api/refusal";
import { tillDay } from "../api/tillDay";
import { differenceKind, differenceWords } from "./cashCount";
import { countGrid } from "./countGrid";

export interface ClosingOptions {
  screen: TillScreen;
  closed: (z: ZReportView) => void;
  /** Back to the till; absent when a day left open must be closed first. */
  cancel: (() => void) | null;
}

export function closingScreen(root: HTMLElement, options: ClosingOptions): void {
  const { status } = options.screen;
  const session = status.session;
  const expected = status.cash_expected_cents ?? 0;
  const problem = h("p", { id: "closing-error", class: "error-banner", role: "alert", hidden: true });
  const countedCell = h("td", { id: "closing-counted", class: "num" }, money(0));
  const differenceCell = h("td", { id: "closing-difference", class: "num" });
  const differenceText = h("p", { id: "closing-difference-words", class: "difference" });
  // The float for tomorrow: what the day opened with, unless the cashier keeps another amount.
  const floatNext = h("input", { id: "float-next", inputmode: "decimal", autocomplete: "off", placeholder: "0,00", value: money(session?.float_cents ?? 0) });
  const banked = h("td", { id: "closing-banked", class: "num" });
  const grid = countGrid("closing-grid", render);
  let busy = false;

  function floatNextCents(): number | null {
    return floatNext.value.trim() === "" ? 0 : parseAmount(floatNext.value);
  }

  function render(counted = grid.total()): void {
    const difference = counted - expected;
    const kind = differenceKind(difference);
    countedCell.textContent = money(counted);
    differenceCell.textContent = money(difference);
    for (const el of [differenceCell, differenceText]) {
      el.classList.remove("diff-even", "diff-short", "diff-over");
      el.classList.add(`diff-${kind}`);
      el.dataset.kind = kind;
    }
    differenceText.textContent = differenceWords(difference);
    const next = floatNextCents();
    banked.textContent = next === null ? "–" : money(counted - next);
  }

  async function submit(): Promise<void> {
    problem.hidden = true;
    const pieces = grid.pieces();
    const next = floatNextCents();
    if (!pieces || pieces.length === 0 || next === null) {
      problem.hidden = false;
      problem.dataset.code = "invalid_input";
      problem.textContent = t(!pieces || pieces.length === 0 ? "count.invalid" : "closing.floatInvalid");
      return;
    }
    if (busy) return;
    busy = true;
    try {
      options.closed(await tillDay.close({ kind: "count", pieces }, next));
    } catch (error) {
      const e = toUiError(error);
      problem.hidden = false;
      problem.dataset.code = e.code;
      problem.textContent = explainRefusal(e);
    } finally {
      busy = false;
    }
  }

  floatNext.addEventListener("input", () => render());
  mount(
    root,
    h(
      "form",
      {
        class: "till-day closing",
        "data-testid": "closing",
        onsubmit: (e: Event) => {
          e.preventDefault();
          void submit();
        },
      },
      h("h2", {}, t("closing.title", { till: status.till_name || status.till_id })),
      session ? h("p", { class: "hint" }, t("closing.session", { session: session.session_no, day: day(session.business_day), cashier: session.cashier })) : null,
      status.unclosed_from_earlier_day ? h("p", { id: "closing-stale", class: "error-banner" }, t("closing.stale", { day: day(session?.business_day ?? "") })) : null,
      h(
        "div",
        { class: "two-col" },
        h("div", {}, h("h3", {}, t("closing.count")), grid.el),
        h(
          "div",
          { class: "till-summary" },
          h(
            "table",
            { class: "report-table closing-figures" },
            h("tr", {}, h("th", { scope: "row" }, t("report.expected")), h("td", { id: "closing-expected", class: "num" }, money(expected))),
            h("tr", {}, h("th", { scope: "row" }, t("report.counted")), countedCell),
            h("tr", {}, h("th", { scope: "row" }, t("report.difference")), differenceCell),
          ),
          differenceText,
          h("label", { for: "float-next" }, t("report.floatNext")),
          floatNext,
          h("table", { class: "report-table" }, h("tr", {}, h("th", { scope: "row" }, t("report.banked")), banked)),
          problem,
          h(
            "div",
            { class: "actions" },
            options.cancel ? h("button", { type: "button", id: "closing-cancel", onclick: options.cancel }, t("closing.cancel")) : null,
            h("button", { type: "submit", id: "confirm-closing", class: "primary big" }, t("closing.submit")),
          ),
        ),
      ),
    ),
  );
  render(0);
  root.dataset.ready = "closing";
  grid.focus();
}
