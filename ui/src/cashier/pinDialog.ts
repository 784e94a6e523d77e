// The manager's PIN dialog: name and PIN for a discount above the cashier's limit, a refund or a
// staff change. It stays open while the manager retypes a wrong PIN and shows why the last one was
// refused, in the window's language. The PIN field is emptied whenever the dialog opens or closes.
import { h, mount } from "../dom";
import { money, t } from "../i18n";
import type { UiError } from "../api/ipc";
import { explainRefusal } from "../api/refusal";
import type { ManagerPin } from "../api/till";
import { DISCOUNT_WITHOUT_PIN_PERCENT } from "./rules";
import { modalFormHandlers } from "./modalForm";

/** The manager name offered first: the demo store's, or the one typed last. */
const DEFAULT_MANAGER = "Filialleitung";

/** What the manager approves: a discount on a line, or any act described in a sentence. */
export type PinSubject = { name: string; discountCents: number } | { intro: string };

export interface PinDialog {
  /** Opens the dialog (or keeps it open showing `refusal`); resolves on confirm or cancel. */
  ask(subject: PinSubject, refusal: UiError | null): Promise<ManagerPin | null>;
  close(): void;
  isOpen(): boolean;
}

export function pinDialog(box: HTMLElement): PinDialog {
  let lastManager = DEFAULT_MANAGER;
  let answer: ((pin: ManagerPin | null) => void) | null = null;

  const manager = h("input", { id: "pin-manager", autocomplete: "off", "aria-label": t("pin.manager") });
  const pin = h("input", { id: "pin-input", type: "password", inputmode: "numeric", autocomplete: "off", "aria-label": t("pin.pin") });
  const problem = h("p", { id: "pin-error", class: "pin-error", role: "alert", hidden: true });
  const intro = h("p", { class: "pin-intro" });

  const settle = (value: ManagerPin | null) => {
    const resolve = answer;
    answer = null;
    resolve?.(value);
  };
  const confirm = () => {
    const typed = { manager: manager.value.trim(), pin: pin.value.trim() };
    if (typed.manager === "" || typed.pin === "") {
      problem.hidden = false;
      problem.dataset.code = "invalid_input";
      problem.textContent = t("pin.missing");
      return;
    }
    lastManager = typed.manager;
    settle(typed);
  };
  const cancel = () => {
    settle(null);
    close();
  };

  function showProblem(error: UiError | null): void {
    problem.hidden = !error;
    if (!error) return;
    problem.dataset.code = error.code;
    problem.textContent = explainRefusal(error);
  }

  const form = h(
    "form",
    {
      class: "pin-form",
      "data-testid": "pin-dialog",
      ...modalFormHandlers(confirm, cancel),
    },
    h("h2", {}, t("pin.title")),
    intro,
    h("label", { for: "pin-manager" }, t("pin.manager")),
    manager,
    h("label", { for: "pin-input" }, t("pin.pin")),
    pin,
    problem,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", id: "pin-cancel", onclick: cancel }, t("pin.cancel")),
      h("button", { type: "submit", id: "pin-confirm", class: "primary" }, t("pin.confirm")),
    ),
  );
  mount(box, form);
  box.hidden = true;

  function close(): void {
    box.hidden = true;
    pin.value = "";
    showProblem(null);
  }

  return {
    ask(subject, refusal) {
      settle(null);
      if (box.hidden) {
        manager.value = lastManager;
        box.hidden = false;
      }
      intro.textContent =
        "intro" in subject
          ? subject.intro
          : t("pin.intro", { amount: money(subject.discountCents), name: subject.name, max: DISCOUNT_WITHOUT_PIN_PERCENT });
      pin.value = "";
      showProblem(refusal);
      (manager.value === "" ? manager : pin).focus();
      return new Promise((resolve) => (answer = resolve));
    },
    close,
    isOpen: () => !box.hidden,
  };
}
