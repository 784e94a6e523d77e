// The line discount dialog: percentage or amount, checked while typing. Enter confirms, Escape
// cancels; an invalid discount is explained inside the dialog and changes nothing.
import { h, mount } from "../dom";
import { money, parseAmount, t } from "../i18n";
import { DISCOUNT_WITHOUT_PIN_PERCENT, type DiscountMode, discountFromInput } from "./rules";
import { modalFormHandlers } from "./modalForm";

/** The line a discount is given on. */
export interface DiscountSubject {
  name: string;
  quantity: number;
  unitPriceCents: number;
}

export interface DiscountDialog {
  /** Opens the dialog; resolves to the discount in cents, or null when cancelled. */
  ask(line: DiscountSubject): Promise<number | null>;
  isOpen(): boolean;
}

export function discountDialog(box: HTMLElement, onClosed: () => void = () => {}): DiscountDialog {
  let answer: ((cents: number | null) => void) | null = null;
  let grossCents = 0;
  let mode: DiscountMode = "percent";

  const title = h("h2", { id: "discount-title" });
  const lineInfo = h("p", { class: "discount-line" });
  const radio = (value: DiscountMode) =>
    h("input", { type: "radio", name: "discount-mode", id: `discount-mode-${value}`, value, onchange: () => setMode(value) });
  const percent = radio("percent");
  const amount = radio("amount");
  const input = h("input", { id: "discount-input", inputmode: "decimal", autocomplete: "off", "aria-describedby": "discount-preview discount-error" });
  const unit = h("span", { class: "discount-unit", "aria-hidden": "true" });
  const preview = h("p", { id: "discount-preview", class: "hint", "aria-live": "polite" });
  const problem = h("p", { id: "discount-error", class: "pin-error", role: "alert", hidden: true });

  const read = () => discountFromInput(mode, input.value, grossCents, (x) => parseAmount(x));

  function setMode(next: DiscountMode): void {
    mode = next;
    percent.checked = next === "percent";
    amount.checked = next === "amount";
    unit.textContent = next === "percent" ? "%" : "€";
    showPreview();
    input.focus();
  }

  function showPreview(): void {
    const r = read();
    preview.textContent = r.ok
      ? t(r.needsManager ? "discount.previewManager" : "discount.preview", { amount: money(r.discountCents), rest: money(grossCents - r.discountCents) })
      : "";
  }

  const settle = (cents: number | null) => {
    const resolve = answer;
    answer = null;
    box.hidden = true;
    input.value = "";
    problem.hidden = true;
    onClosed();
    resolve?.(cents);
  };
  const confirm = () => {
    const r = read();
    if (!r.ok) {
      problem.hidden = false;
      problem.dataset.reason = r.reason;
      problem.textContent = r.reason === "empty" ? t("discount.empty") : t(`cashier.discount.${r.reason}`, { max: DISCOUNT_WITHOUT_PIN_PERCENT });
      input.focus();
      input.select();
      return;
    }
    settle(r.discountCents);
  };

  input.addEventListener("input", () => {
    problem.hidden = true;
    showPreview();
  });

  mount(
    box,
    h(
      "form",
      {
        class: "pin-form discount-form",
        "data-testid": "discount-dialog",
        role: "dialog",
        "aria-modal": "true",
        "aria-labelledby": "discount-title",
        ...modalFormHandlers(confirm, () => settle(null)),
      },
      title,
      lineInfo,
      h(
        "fieldset",
        { class: "discount-modes" },
        h("legend", {}, t("discount.value")),
        h("label", { for: "discount-mode-percent" }, percent, " ", t("discount.percent")),
        h("label", { for: "discount-mode-amount" }, amount, " ", t("discount.amount")),
      ),
      h("div", { class: "discount-entry" }, input, unit),
      preview,
      problem,
      h("p", { class: "hint" }, t("discount.rule", { max: DISCOUNT_WITHOUT_PIN_PERCENT })),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", id: "discount-cancel", onclick: () => settle(null) }, t("discount.cancel")),
        h("button", { type: "submit", id: "discount-confirm", class: "primary" }, t("discount.confirm")),
      ),
    ),
  );
  box.hidden = true;

  return {
    ask(line) {
      if (answer) settle(null);
      grossCents = line.unitPriceCents * line.quantity;
      title.textContent = t("discount.title", { name: line.name });
      lineInfo.textContent = t("discount.line", { qty: line.quantity, price: money(line.unitPriceCents), gross: money(grossCents) });
      box.hidden = false;
      setMode("percent");
      return new Promise((resolve) => (answer = resolve));
    },
    isOpen: () => !box.hidden,
  };
}
