// Cash in and out of the drawer outside a sale: direction, a reason from the list (only those
// that fit the direction), the amount and a note. Above the store's limit a cash out needs the
// manager's name and PIN, asked in the PIN dialog until it is given or cancelled.
import { h, mount } from "../dom";
import { money, parseAmount, t } from "../i18n";
import type { CashMovementDone, CashReasonView } from "../api/bindings";
import { type UiError, toUiError } from "../api/ipc";
import { explainRefusal } from "../api/refusal";
import { tillDay, tillReason } from "../api/tillDay";
import type { PinDialog } from "../cashier/pinDialog";
import { modalFormHandlers } from "../cashier/modalForm";
import { reasonName } from "./reports";

export interface CashDialog {
  /** Opens the dialog; resolves with the booked movement, or null when cancelled. */
  ask(): Promise<CashMovementDone | null>;
  isOpen(): boolean;
}

export function cashDialog(box: HTMLElement, reasons: CashReasonView[], limitCents: number, pin: PinDialog): CashDialog {
  let answer: ((done: CashMovementDone | null) => void) | null = null;
  let direction: "in" | "out" = "out";
  const reason = h("select", { id: "cash-reason", "aria-label": t("cash.reason") });
  const amount = h("input", { id: "cash-amount", inputmode: "decimal", autocomplete: "off", "aria-label": t("cash.amount") });
  const note = h("input", { id: "cash-note", autocomplete: "off", "aria-label": t("cash.note") });
  const problem = h("p", { id: "cash-error", class: "pin-error", role: "alert", hidden: true });

  function fillReasons(): void {
    mount(
      reason,
      reasons.filter((r) => (direction === "in" ? r.cash_in : r.cash_out)).map((r) => h("option", { value: r.code }, reasonName(r.code))),
    );
  }

  const radio = (value: "in" | "out") =>
    h(
      "label",
      {},
      h("input", {
        type: "radio",
        name: "cash-direction",
        id: `cash-dir-${value}`,
        value,
        checked: value === direction,
        onchange: () => {
          direction = value;
          fillReasons();
        },
      }),
      " ",
      t(value === "in" ? "cash.in" : "cash.out"),
    );

  const settle = (done: CashMovementDone | null) => {
    box.hidden = true;
    const resolve = answer;
    answer = null;
    resolve?.(done);
  };

  function showProblem(error: UiError | string): void {
    problem.hidden = false;
    if (typeof error === "string") {
      problem.dataset.code = "invalid_input";
      problem.textContent = error;
    } else {
      problem.dataset.code = error.code;
      problem.textContent = explainRefusal(error);
    }
  }

  async function confirm(): Promise<void> {
    const cents = parseAmount(amount.value);
    if (cents === null || cents <= 0) return showProblem(t("cash.amountInvalid"));
    let refusal: UiError | null = null;
    try {
      settle(await tillDay.cashMove(direction, reason.value, cents, note.value));
      return;
    } catch (error) {
      refusal = toUiError(error);
    }
    if (tillReason(refusal) !== "needs_manager") return showProblem(refusal);
    // Above the limit: the manager's name and PIN, retyped until right or cancelled.
    const intro = t("cash.needsManager", { amount: money(cents), limit: money(limitCents) });
    let shown: UiError | null = null;
    for (;;) {
      const given = await pin.ask({ intro }, shown);
      if (!given) return showProblem(t("cash.cancelled"));
      try {
        const done = await tillDay.cashMove(direction, reason.value, cents, note.value, given);
        pin.close();
        settle(done);
        return;
      } catch (error) {
        shown = toUiError(error);
        if (!["wrong_pin", "unknown_manager", "not_a_manager", "locked_out"].includes(shown.code)) {
          pin.close();
          return showProblem(shown);
        }
      }
    }
  }

  const form = h(
    "form",
    { class: "pin-form cash-form", "data-testid": "cash-dialog", ...modalFormHandlers(() => void confirm(), () => settle(null)) },
    h("h2", {}, t("cash.title")),
    h("fieldset", { class: "discount-modes" }, h("legend", {}, t("cash.direction")), radio("in"), radio("out")),
    h("label", { for: "cash-reason" }, t("cash.reason")),
    reason,
    h("label", { for: "cash-amount" }, t("cash.amount")),
    amount,
    h("p", { class: "hint" }, t("cash.limit", { limit: money(limitCents) })),
    h("label", { for: "cash-note" }, t("cash.note")),
    note,
    problem,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", id: "cash-cancel", onclick: () => settle(null) }, t("pin.cancel")),
      h("button", { type: "submit", id: "cash-confirm", class: "primary" }, t("cash.submit")),
    ),
  );
  mount(box, form);
  box.hidden = true;

  return {
    ask() {
      settle(null);
      direction = "out";
      (form.querySelector("#cash-dir-out") as HTMLInputElement).checked = true;
      fillReasons();
      amount.value = "";
      note.value = "";
      problem.hidden = true;
      box.hidden = false;
      amount.focus();
      return new Promise((resolve) => (answer = resolve));
    },
    isOpen: () => !box.hidden,
  };
}
