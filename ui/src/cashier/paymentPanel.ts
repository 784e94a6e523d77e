// Taking payment: what the customer handed over, the change due as the cashier types, cash (F4)
// or card (F5). The customer display sees the amount handed over while it is typed.
import { h } from "../dom";
import { money, parseAmount, t } from "../i18n";
import type { UiError } from "../api/ipc";
import { till } from "../api/till";
import type { Sale, TenderInput, TillView } from "../api/bindings";
import { changeDue } from "./rules";

export interface PaymentDeps {
  terminal: string;
  view: () => TillView | null;
  /** Runs a core command in the till's queue; null when it failed (the error is shown). */
  run: <T>(action: () => Promise<T>) => Promise<T | null>;
  showError: (error: UiError) => void;
  paid: (sale: Sale) => Promise<void>;
}

export interface PaymentPanel {
  tendered: HTMLInputElement;
  changeBox: HTMLElement;
  buttons: HTMLElement;
  pay(method: "cash" | "card"): Promise<void>;
  renderChange(): void;
  reset(): void;
}

export function paymentPanel(deps: PaymentDeps): PaymentPanel {
  const { terminal } = deps;
  let paying = false;
  let paymentTimer: ReturnType<typeof setTimeout> | undefined;

  const tendered = h("input", {
    id: "tendered",
    inputmode: "decimal",
    autocomplete: "off",
    placeholder: t("cashier.tenderedPlaceholder"),
    "aria-label": t("cashier.tendered"),
  });
  const changeBox = h("p", { id: "change", class: "change" });

  function tenderedCents(): number | null | "invalid" {
    const text = tendered.value.trim();
    if (text === "") return null;
    return parseAmount(text) ?? "invalid";
  }

  function renderChange(): void {
    const total = deps.view()?.cart.total_cents ?? 0;
    const given = tenderedCents();
    if (given === "invalid") {
      changeBox.textContent = t("cashier.tenderedInvalid");
      changeBox.className = "change bad";
      return;
    }
    const change = changeDue(total, given);
    changeBox.className = change === null ? "change bad" : "change";
    changeBox.textContent =
      given === null
        ? ""
        : change === null
          ? t("cashier.tenderedTooLow", { missing: money(total - given) })
          : t("cashier.changeDue", { change: money(change) });
  }

  tendered.addEventListener("input", () => {
    renderChange();
    clearTimeout(paymentTimer);
    const view = deps.view();
    const given = tenderedCents();
    if (view && view.cart.lines.length > 0 && typeof given === "number") {
      // Let the customer see what they handed over while the cashier types.
      paymentTimer = setTimeout(() => {
        void till.startPayment(terminal, { method: "cash", tendered_cents: given }).catch(() => {});
      }, 250);
    }
  });
  tendered.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void pay("cash");
    }
  });

  async function pay(method: "cash" | "card"): Promise<void> {
    const view = deps.view();
    if (!view || view.cart.lines.length === 0) {
      deps.showError({ code: "empty_cart" });
      return;
    }
    clearTimeout(paymentTimer);
    let tender: TenderInput;
    if (method === "cash") {
      const given = tenderedCents();
      if (given === "invalid") {
        deps.showError({ code: "invalid_input", params: { detail: t("cashier.tenderedInvalid") } });
        return;
      }
      tender = { method: "cash", tendered_cents: given ?? view.cart.total_cents };
    } else {
      tender = { method: "card" };
    }
    if (paying) return; // a second F4 while the first payment runs must not pay twice
    paying = true;
    const sale = await deps
      .run(async () => {
        await till.startPayment(terminal, tender);
        return till.pay(terminal, tender);
      })
      .finally(() => (paying = false));
    if (!sale) return;
    tendered.value = "";
    await deps.paid(sale);
  }

  const buttons = h(
    "div",
    { class: "pay-buttons" },
    h("button", { id: "pay-cash", class: "primary big", onclick: () => void pay("cash") }, t("cashier.payCash"), h("kbd", {}, "F4")),
    h("button", { id: "pay-card", class: "primary big", onclick: () => void pay("card") }, t("cashier.payCard"), h("kbd", {}, "F5")),
  );

  return {
    tendered,
    changeBox,
    buttons,
    pay,
    renderChange,
    reset: () => {
      tendered.value = "";
      renderChange();
    },
  };
}
