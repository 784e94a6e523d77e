// Opening the till: the float counted by denomination (the count grid) or entered as one sum.
// The float the last closing left is offered as the expected amount.
import { h, mount } from "../dom";
import { money, parseAmount, t } from "../i18n";
import type { TillScreen } from "../api/bindings";
import { toUiError } from "../api/ipc";
import { explainRefusal } from "../api/refusal";
import { tillDay } from "../api/tillDay";
import { countGrid } from "./countGrid";

export interface OpenTillOptions {
  screen: TillScreen;
  opened: (screen: TillScreen) => void;
}

export function openTillScreen(root: HTMLElement, options: OpenTillOptions): void {
  const { status } = options.screen;
  const problem = h("p", { id: "open-error", class: "error-banner", role: "alert", hidden: true });
  let mode: "count" | "sum" = "count";
  const counted = h("p", { id: "open-total", class: "big-figure" }, money(0));
  const grid = countGrid("float-grid", (total) => (counted.textContent = money(total)));
  const sum = h("input", { id: "float-sum", inputmode: "decimal", autocomplete: "off", placeholder: "150,00", "aria-label": t("open.sum") });
  const sumBox = h("div", { class: "float-sum", hidden: true }, h("label", { for: "float-sum" }, t("open.sum")), sum);
  const gridBox = h("div", {}, grid.el);
  const choose = (next: "count" | "sum") => {
    mode = next;
    gridBox.hidden = next !== "count";
    sumBox.hidden = next !== "sum";
    (next === "count" ? grid : sum).focus();
  };
  const modeRadio = (value: "count" | "sum") =>
    h(
      "label",
      {},
      h("input", { type: "radio", name: "float-mode", id: `float-mode-${value}`, value, checked: value === "count", onchange: () => choose(value) }),
      " ",
      t(value === "count" ? "open.byCount" : "open.bySum"),
    );

  async function submit(): Promise<void> {
    problem.hidden = true;
    const pieces = grid.pieces();
    const typedSum = parseAmount(sum.value);
    const float = mode === "count" ? (pieces ? { kind: "count" as const, pieces } : null) : typedSum !== null ? { kind: "sum" as const, cents: typedSum } : null;
    if (!float) {
      problem.hidden = false;
      problem.dataset.code = "invalid_input";
      problem.textContent = t(mode === "count" ? "count.invalid" : "open.sumInvalid");
      return;
    }
    try {
      options.opened(await tillDay.open(float));
    } catch (error) {
      const e = toUiError(error);
      problem.hidden = false;
      problem.dataset.code = e.code;
      problem.textContent = explainRefusal(e);
    }
  }

  mount(
    root,
    h(
      "form",
      {
        class: "till-day open-till",
        "data-testid": "open-till",
        onsubmit: (e: Event) => {
          e.preventDefault();
          void submit();
        },
      },
      h("h2", {}, t("open.title", { till: status.till_name || status.till_id })),
      h("p", { class: "hint" }, status.float_left_cents !== null ? t("open.floatLeft", { amount: money(status.float_left_cents), z: status.last_z_no ?? "" }) : t("open.noFloatLeft")),
      h("fieldset", { class: "float-modes" }, h("legend", {}, t("open.how")), modeRadio("count"), modeRadio("sum")),
      h("div", { class: "two-col" }, h("div", {}, gridBox, sumBox), h("div", { class: "till-summary" }, h("h3", {}, t("open.float")), counted, problem, h("button", { type: "submit", id: "open-till", class: "primary big" }, t("open.submit")))),
    ),
  );
  sum.addEventListener("input", () => (counted.textContent = money(parseAmount(sum.value) ?? 0)));
  root.dataset.ready = "open-till";
  grid.focus();
}
