// The cashier window's till: scan or search articles, change the cart, take cash or card, print
// the receipt. Every change goes through the core, which mirrors the cart to the customer display.
import { h, mount } from "../dom";
import { money, parseAmount, t, dateTime } from "../i18n";
import { type UiError, toUiError } from "../api/ipc";
import { receipt as loadReceipt, searchArticles, till } from "../api/till";
import type { Receipt, Sale, StockedArticle, TenderInput, TillView } from "../api/types";
import {
  type Action,
  DISCOUNT_WITHOUT_PIN_PERCENT,
  SHORTCUTS,
  actionForKey,
  changeDue,
  looksLikeBarcode,
  parseDiscount,
} from "./rules";

export const TERMINAL_ID = "kasse-1";

interface Completed {
  sale: Sale;
  receipt: Receipt | null;
}

export function cashierScreen(root: HTMLElement, terminal = TERMINAL_ID): () => void {
  let view: TillView | null = null;
  let selected: string | null = null;
  let results: StockedArticle[] = [];
  let highlighted = 0;
  let searchSeq = 0;
  let completed: Completed | null = null;
  let paying = false;

  const search = h("input", {
    id: "search",
    type: "search",
    autocomplete: "off",
    placeholder: t("cashier.searchPlaceholder"),
    "aria-label": t("cashier.search"),
  });
  const scan = h("input", {
    id: "scan",
    inputmode: "numeric",
    autocomplete: "off",
    placeholder: t("cashier.scanPlaceholder"),
    "aria-label": t("cashier.scan"),
  });
  const tendered = h("input", {
    id: "tendered",
    inputmode: "decimal",
    autocomplete: "off",
    placeholder: t("cashier.tenderedPlaceholder"),
    "aria-label": t("cashier.tendered"),
  });
  const customerInput = h("input", {
    id: "customer-no",
    autocomplete: "off",
    placeholder: "K-00001",
    "aria-label": t("cashier.customerNo"),
  });
  const resultsBox = h("ul", { id: "results", class: "results", role: "listbox" });
  const cartBox = h("div", { id: "cart", class: "cart" });
  const totalsBox = h("div", { id: "totals", class: "totals" });
  const changeBox = h("p", { id: "change", class: "change" });
  const customerBox = h("p", { id: "customer", class: "customer" });
  const errorBox = h("div", { id: "error", class: "error-banner", role: "alert", hidden: true });
  const receiptBox = h("div", { id: "receipt-dialog", class: "modal", hidden: true });

  const showError = (error: UiError | null) => {
    if (!error) {
      errorBox.hidden = true;
      errorBox.textContent = "";
      return;
    }
    errorBox.hidden = false;
    errorBox.dataset.code = error.code;
    mount(errorBox, h("strong", {}, t(`error.${error.code}` as "error.internal") || t("error.internal")), " ", error.message);
  };

  // Commands run one after the other in the order the cashier gave them: a fast "+ + +" gives
  // three more, never a lost or reordered change.
  let queue: Promise<unknown> = Promise.resolve();
  function run<T>(action: () => Promise<T>): Promise<T | null> {
    const next = queue.then(async () => {
      try {
        const result = await action();
        showError(null);
        return result;
      } catch (e) {
        showError(toUiError(e));
        return null;
      }
    });
    queue = next;
    return next;
  }

  async function apply(change: () => Promise<TillView>): Promise<void> {
    await run(async () => {
      // The view is taken over inside the queue, so the next queued change already sees it.
      const next = await change();
      view = next;
      const skus = next.cart.lines.map((l) => l.sku);
      if (!selected || !skus.includes(selected)) selected = skus.at(-1) ?? null;
      renderTill();
      return next;
    });
  }

  function selectedLine() {
    return view?.cart.lines.find((l) => l.sku === selected) ?? null;
  }

  // ---- search -------------------------------------------------------------------------------
  async function runSearch(): Promise<void> {
    const query = search.value.trim();
    const seq = ++searchSeq;
    if (query === "") {
      results = [];
      renderResults();
      return;
    }
    try {
      const found = await searchArticles(query);
      if (seq !== searchSeq) return; // a newer keystroke already asked
      results = found;
      highlighted = 0;
      renderResults();
    } catch (e) {
      showError(toUiError(e));
    }
  }

  function renderResults(): void {
    const query = search.value.trim();
    mount(
      resultsBox,
      results.length === 0 && query !== ""
        ? h("li", { class: "empty" }, t("cashier.noResults"))
        : results.map((a, i) =>
            h(
              "li",
              {
                role: "option",
                class: i === highlighted ? "hit highlighted" : "hit",
                "data-sku": a.sku,
                "aria-selected": i === highlighted ? "true" : "false",
                onclick: () => void addArticle(a.sku),
              },
              h("span", { class: "name" }, a.name),
              h("span", { class: "sku" }, a.sku),
              h("span", { class: "stock" }, t("cashier.onHand", { n: a.on_hand })),
              h("span", { class: "price" }, money(a.price)),
            ),
          ),
    );
  }

  async function addArticle(code: string): Promise<void> {
    await apply(() => till.scan(terminal, code, 1));
    search.value = "";
    results = [];
    renderResults();
  }

  search.addEventListener("input", () => void runSearch());
  search.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (results.length === 0) return;
      highlighted = (highlighted + (e.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      renderResults();
    } else if (e.key === "Enter") {
      e.preventDefault();
      const text = search.value.trim();
      if (looksLikeBarcode(text)) void addArticle(text);
      else if (results[highlighted]) void addArticle(results[highlighted].sku);
    }
  });

  scan.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    const code = scan.value.trim();
    scan.value = "";
    if (code !== "") void apply(() => till.scan(terminal, code, 1));
  });

  // ---- payment ------------------------------------------------------------------------------
  function tenderedCents(): number | null | "invalid" {
    const text = tendered.value.trim();
    if (text === "") return null;
    return parseAmount(text) ?? "invalid";
  }

  function renderChange(): void {
    const total = view?.cart.total_cents ?? 0;
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

  let paymentTimer: ReturnType<typeof setTimeout> | undefined;
  tendered.addEventListener("input", () => {
    renderChange();
    clearTimeout(paymentTimer);
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
    if (!view || view.cart.lines.length === 0) {
      showError({ code: "sale_refused", message: t("cashier.emptyCart") });
      return;
    }
    clearTimeout(paymentTimer);
    let tender: TenderInput;
    if (method === "cash") {
      const given = tenderedCents();
      if (given === "invalid") {
        showError({ code: "invalid_input", message: t("cashier.tenderedInvalid") });
        return;
      }
      tender = { method: "cash", tendered_cents: given ?? view.cart.total_cents };
    } else {
      tender = { method: "card" };
    }
    if (paying) return; // a second F4 while the first payment runs must not pay twice
    paying = true;
    const sale = await run(async () => {
      await till.startPayment(terminal, tender);
      return till.pay(terminal, tender);
    }).finally(() => (paying = false));
    if (!sale) return;
    tendered.value = "";
    completed = { sale, receipt: null };
    selected = null;
    await apply(() => till.show(terminal));
    renderReceipt();
    completed.receipt = await loadReceipt(sale.receipt_no).catch(() => null);
    renderReceipt();
  }

  // ---- receipt ------------------------------------------------------------------------------
  function closeReceipt(): void {
    completed = null;
    receiptBox.hidden = true;
    scan.focus();
  }

  function renderReceipt(): void {
    if (!completed) {
      receiptBox.hidden = true;
      return;
    }
    const { sale, receipt } = completed;
    receiptBox.hidden = false;
    mount(
      receiptBox,
      h(
        "section",
        { class: "receipt", "data-testid": "receipt" },
        h("h2", {}, t("receipt.title", { no: sale.receipt_no })),
        h("p", { class: "receipt-date" }, dateTime(sale.completed_at)),
        receipt
          ? h(
              "table",
              { class: "receipt-lines" },
              receipt.lines.map((l) =>
                h(
                  "tr",
                  {},
                  h("td", {}, `${l.quantity} × ${l.name}`),
                  h("td", { class: "num" }, money(l.line_total_cents)),
                  h("td", { class: "vat" }, `${l.vat_rate} %`),
                ),
              ),
            )
          : null,
        h("p", { class: "receipt-total" }, t("cashier.total"), " ", h("strong", {}, money(sale.total))),
        sale.tender.method === "cash"
          ? [
              h("p", {}, t("receipt.cash"), " ", money(sale.tender.tendered)),
              h("p", { class: "receipt-change", "data-testid": "receipt-change" }, t("receipt.change"), " ", money(sale.change)),
            ]
          : h("p", {}, t("receipt.card")),
        h("p", { class: "receipt-thanks" }, t("receipt.thanks")),
        h(
          "div",
          { class: "actions no-print" },
          h("button", { id: "print", onclick: () => window.print() }, t("receipt.print"), " (F8)"),
          h("button", { id: "close-receipt", class: "primary", onclick: closeReceipt }, t("receipt.next")),
        ),
      ),
    );
    (receiptBox.querySelector("#close-receipt") as HTMLButtonElement | null)?.focus();
  }

  // ---- cart ---------------------------------------------------------------------------------
  function discountLine(sku: string): void {
    const line = view?.cart.lines.find((l) => l.sku === sku);
    if (!line) return;
    const gross = line.unit_price_cents * line.quantity;
    const text = window.prompt(t("cashier.discountPrompt", { name: line.name, max: DISCOUNT_WITHOUT_PIN_PERCENT }), "");
    if (text === null) return;
    const request = parseDiscount(text, gross, (x) => parseAmount(x));
    if (!request.ok) {
      showError({
        code: request.reason === "needs-manager" ? "needs_manager" : "invalid_input",
        message: t(`cashier.discount.${request.reason}`, { max: DISCOUNT_WITHOUT_PIN_PERCENT }),
      });
      return;
    }
    void apply(() => till.discount(terminal, sku, request.discountCents));
  }

  function renderTill(): void {
    const cart = view?.cart;
    const lines = cart?.lines ?? [];
    mount(
      cartBox,
      lines.length === 0
        ? h("p", { class: "empty-cart" }, t("cashier.emptyCart"))
        : h(
            "table",
            { class: "cart-table" },
            h(
              "thead",
              {},
              h("tr", {}, h("th", {}, t("cashier.article")), h("th", {}, t("cashier.quantity")), h("th", { class: "num" }, t("cashier.unitPrice")), h("th", { class: "num" }, t("cashier.lineTotal")), h("th", {}, "")),
            ),
            h(
              "tbody",
              {},
              lines.map((l) => {
                const discount = l.unit_price_cents * l.quantity - l.line_total_cents;
                return h(
                  "tr",
                  {
                    class: l.sku === selected ? "line selected" : "line",
                    "data-sku": l.sku,
                    onclick: () => {
                      selected = l.sku;
                      renderTill();
                    },
                  },
                  h("td", {}, h("span", { class: "name" }, l.name), h("span", { class: "sku" }, ` ${l.sku} · ${l.vat_rate} %`)),
                  h(
                    "td",
                    { class: "qty" },
                    h("button", { class: "dec", "aria-label": t("cashier.decrease"), onclick: () => void changeQuantity(l.sku, -1) }, "−"),
                    h("span", { class: "quantity" }, l.quantity),
                    h("button", { class: "inc", "aria-label": t("cashier.increase"), onclick: () => void changeQuantity(l.sku, 1) }, "+"),
                  ),
                  h("td", { class: "num" }, money(l.unit_price_cents)),
                  h("td", { class: "num line-total" }, money(l.line_total_cents), discount > 0 ? h("small", { class: "discount" }, ` −${money(discount)}`) : null),
                  h(
                    "td",
                    { class: "line-actions" },
                    h("button", { class: "discount-btn", title: t("cashier.discount"), onclick: () => discountLine(l.sku) }, "%"),
                    h("button", { class: "remove", title: t("cashier.remove"), "aria-label": t("cashier.remove"), onclick: () => void apply(() => till.remove(terminal, l.sku)) }, "×"),
                  ),
                );
              }),
            ),
          ),
    );
    mount(
      totalsBox,
      h("p", { class: "grand-total" }, h("span", {}, t("cashier.total")), h("strong", { id: "total" }, money(cart?.total_cents ?? 0))),
      cart && cart.vat_breakdown.length > 0
        ? h(
            "table",
            { class: "vat-table" },
            h("tr", {}, h("th", {}, t("cashier.vatRate")), h("th", { class: "num" }, t("cashier.net")), h("th", { class: "num" }, t("cashier.vat")), h("th", { class: "num" }, t("cashier.gross"))),
            cart.vat_breakdown.map((v) =>
              h("tr", {}, h("td", {}, `${v.rate} %`), h("td", { class: "num" }, money(v.net_cents)), h("td", { class: "num" }, money(v.vat_cents)), h("td", { class: "num" }, money(v.gross_cents))),
            ),
          )
        : null,
    );
    customerBox.textContent = view?.customer_no
      ? t("cashier.customerAttached", { name: cart?.customer_name ?? "", no: view.customer_no })
      : t("cashier.noCustomer");
    renderChange();
  }

  function changeQuantity(sku: string, delta: number): Promise<void> {
    return apply(() => {
      const line = view?.cart.lines.find((l) => l.sku === sku);
      if (!line) return till.show(terminal);
      const next = line.quantity + delta;
      return next <= 0 ? till.remove(terminal, sku) : till.setQuantity(terminal, sku, next);
    });
  }

  function moveSelection(step: number): void {
    const lines = view?.cart.lines ?? [];
    if (lines.length === 0) return;
    const i = Math.max(0, lines.findIndex((l) => l.sku === selected));
    selected = lines[(i + step + lines.length) % lines.length].sku;
    renderTill();
  }

  function attachCustomer(): void {
    const no = customerInput.value.trim();
    void apply(() => till.attachCustomer(terminal, no === "" ? null : no));
  }
  customerInput.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      attachCustomer();
    }
  });

  // ---- keyboard -----------------------------------------------------------------------------
  function perform(action: Action): void {
    const line = selectedLine();
    switch (action) {
      case "focus-search":
        search.focus();
        search.select();
        break;
      case "focus-scan":
        scan.focus();
        break;
      case "pay-cash":
        void pay("cash");
        break;
      case "pay-card":
        void pay("card");
        break;
      case "attach-customer":
        customerInput.focus();
        break;
      case "discount":
        if (line) discountLine(line.sku);
        break;
      case "print":
        if (completed) window.print();
        break;
      case "clear":
        if (completed) closeReceipt();
        else if (search.value !== "") {
          search.value = "";
          results = [];
          renderResults();
        } else {
          tendered.value = "";
          void apply(() => till.clear(terminal));
        }
        break;
      case "increase":
        if (line) void changeQuantity(line.sku, 1);
        break;
      case "decrease":
        if (line) void changeQuantity(line.sku, -1);
        break;
      case "remove":
        if (line) void apply(() => till.remove(terminal, line.sku));
        break;
      case "select-previous":
        moveSelection(-1);
        break;
      case "select-next":
        moveSelection(1);
        break;
    }
  }

  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    const inText = !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
    // In the search box the arrows move through the results.
    if (target === search && (e.key === "ArrowUp" || e.key === "ArrowDown")) return;
    const action = actionForKey(e.key, inText);
    if (!action) return;
    e.preventDefault();
    perform(action);
  };
  document.addEventListener("keydown", onKey);

  mount(
    root,
    h(
      "div",
      { class: "cashier" },
      h(
        "section",
        { class: "pane find" },
        h("label", { for: "scan" }, t("cashier.scan"), h("kbd", {}, "F3")),
        scan,
        h("label", { for: "search" }, t("cashier.search"), h("kbd", {}, "F2")),
        search,
        resultsBox,
      ),
      h("section", { class: "pane cart-pane" }, h("h2", {}, t("cashier.cart")), cartBox),
      h(
        "section",
        { class: "pane pay" },
        totalsBox,
        h("div", { class: "customer-box" }, customerBox, h("label", { for: "customer-no" }, t("cashier.customerNo"), h("kbd", {}, "F6")), h("div", { class: "row" }, customerInput, h("button", { id: "attach", onclick: attachCustomer }, t("cashier.attach")))),
        h("label", { for: "tendered" }, t("cashier.tendered")),
        tendered,
        changeBox,
        h(
          "div",
          { class: "pay-buttons" },
          h("button", { id: "pay-cash", class: "primary big", onclick: () => void pay("cash") }, t("cashier.payCash"), h("kbd", {}, "F4")),
          h("button", { id: "pay-card", class: "primary big", onclick: () => void pay("card") }, t("cashier.payCard"), h("kbd", {}, "F5")),
        ),
        h("p", { class: "rule" }, t("cashier.discountRule", { max: DISCOUNT_WITHOUT_PIN_PERCENT })),
      ),
    ),
    errorBox,
    h(
      "footer",
      { class: "shortcuts", "aria-label": t("cashier.shortcuts") },
      SHORTCUTS.map((s) => h("span", {}, h("kbd", {}, s.key), " ", t(`action.${s.action}` as "action.clear"))),
    ),
    receiptBox,
  );

  void apply(() => till.show(terminal)).then(() => scan.focus());

  return () => document.removeEventListener("keydown", onKey);
}
