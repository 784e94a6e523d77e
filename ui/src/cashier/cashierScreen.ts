// The cashier window's till: scan or search articles, change the cart, take cash or card, print
// the receipt. Every change goes through the core, which mirrors the cart to the customer display.
// The cart table, payment, receipt and the manager's PIN dialog live in their own modules.
import { h, mount } from "../dom";
import { money, t } from "../i18n";
import { type UiError, toUiError } from "../api/ipc";
import { explainRefusal } from "../api/refusal";
import { type ArticleSearch, type SearchArticles, searchArticles } from "../api/search";
import { receipt as loadReceipt, till } from "../api/till";
import { needsSignIn } from "../api/tillDay";
import type { Sale, StockedArticle, TillView } from "../api/bindings";
import { type Action, DISCOUNT_WITHOUT_PIN_PERCENT, SHORTCUTS, actionForKey, looksLikeBarcode } from "./rules";
import { cartTable, totals } from "./cartTable";
import { discountDialog } from "./discountDialog";
import { discountWithManager } from "./managerDiscount";
import { paymentPanel } from "./paymentPanel";
import { type PinDialog, pinDialog } from "./pinDialog";
import { type Completed, receiptDialog } from "./receiptDialog";
import { typeahead } from "./typeahead";

export interface CashierOptions {
  /** The till this window is, as the core names it (`till_status`). */
  terminal: string;
  /** Where the typeahead asks (the hybrid search unless a benchmark compares another). */
  search?: SearchArticles;
  /** Called instead of showing the refusal when the core says nobody is signed in any more. */
  signedOut?: (error: UiError) => void;
  /** Where `data-ready` is set once the till can be typed in (the screen's root by default). */
  readyOn?: HTMLElement;
  /** The manager's PIN dialog of the window around the till, if it has one. */
  pin?: PinDialog;
}

export function cashierScreen(root: HTMLElement, options: CashierOptions): () => void {
  const terminal = options.terminal;
  const readyOn = options.readyOn ?? root;
  const search = options.search ?? searchArticles;
  let view: TillView | null = null;
  let selected: string | null = null;
  let results: StockedArticle[] = [];
  let highlighted = 0;

  const searchBox = h("input", {
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
  const customerInput = h("input", {
    id: "customer-no",
    autocomplete: "off",
    placeholder: "K-00001",
    "aria-label": t("cashier.customerNo"),
  });
  const resultsBox = h("ul", { id: "results", class: "results", role: "listbox" });
  const cartBox = h("div", { id: "cart", class: "cart" });
  const totalsBox = h("div", { id: "totals", class: "totals" });
  const customerBox = h("p", { id: "customer", class: "customer" });
  const errorBox = h("div", { id: "error", class: "error-banner", role: "alert", hidden: true });
  const receiptBox = h("div", { id: "receipt-dialog", class: "modal", hidden: true });
  const pinBox = h("div", { id: "pin-dialog", class: "modal", hidden: true });
  const discountBox = h("div", { id: "discount-dialog", class: "modal", hidden: true });

  const showError = (error: UiError | null) => {
    if (!error) {
      errorBox.hidden = true;
      errorBox.textContent = "";
      return;
    }
    errorBox.hidden = false;
    errorBox.dataset.code = error.code;
    mount(errorBox, explainRefusal(error));
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
        const error = toUiError(e);
        if (options.signedOut && needsSignIn(error)) options.signedOut(error);
        else showError(error);
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

  const selectedLine = () => view?.cart.lines.find((l) => l.sku === selected) ?? null;

  const payment = paymentPanel({
    terminal,
    view: () => view,
    run,
    showError,
    paid: async (sale: Sale) => {
      selected = null;
      await apply(() => till.show(terminal));
      const shown: Completed = { sale, receipt: null };
      receipt.show(shown);
      shown.receipt = await loadReceipt(sale.receipt_no).catch(() => null);
      if (receipt.isOpen()) receipt.show(shown);
    },
  });
  const receipt = receiptDialog(receiptBox, () => scan.focus());
  const pin = options.pin ?? pinDialog(pinBox);
  const discountAsk = discountDialog(discountBox);

  // ---- search -------------------------------------------------------------------------------
  const lookup = typeahead<ArticleSearch>(
    (query) => (query === "" ? Promise.resolve({ mode: "none", articles: [] }) : search(query)),
    (query, found) => {
      results = found.articles;
      highlighted = 0;
      renderResults(query, found.mode);
    },
    (e) => showError(toUiError(e)),
  );

  function renderResults(query = searchBox.value.trim(), mode = ""): void {
    // The query and mode the list shows, for tests and the keystroke benchmark.
    resultsBox.dataset.query = query;
    resultsBox.dataset.mode = mode;
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

  function clearSearch(): void {
    searchBox.value = "";
    results = [];
    void lookup.ask("");
  }

  async function addArticle(code: string): Promise<void> {
    await apply(() => till.scan(terminal, code, 1));
    clearSearch();
  }

  searchBox.addEventListener("input", () => void lookup.ask(searchBox.value.trim()));
  searchBox.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (results.length === 0) return;
      highlighted = (highlighted + (e.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      renderResults();
    } else if (e.key === "Enter") {
      e.preventDefault();
      const text = searchBox.value.trim();
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

  // ---- cart ---------------------------------------------------------------------------------
  async function discountLine(sku: string): Promise<void> {
    const line = view?.cart.lines.find((l) => l.sku === sku);
    if (!line) return;
    const discountCents = await discountAsk.ask({ name: line.name, quantity: line.quantity, unitPriceCents: line.unit_price_cents });
    if (discountCents === null) {
      // Cancelled: nothing changes, the cart keeps the keyboard.
      scan.focus();
      return;
    }
    const subject = { name: line.name, discountCents };
    await apply(async () => {
      const given = await discountWithManager(
        (manager) => till.discount(terminal, sku, discountCents, manager),
        (refusal) => pin.ask(subject, refusal),
      ).finally(() => pin.close());
      // Cancelled by the manager: the till stays as it was.
      return given ?? till.show(terminal);
    });
  }

  function renderTill(): void {
    mount(
      cartBox,
      cartTable(view, selected, {
        select: (sku) => {
          selected = sku;
          renderTill();
        },
        changeQuantity: (sku, delta) => void changeQuantity(sku, delta),
        discount: (sku) => void discountLine(sku),
        remove: (sku) => void apply(() => till.remove(terminal, sku)),
      }),
    );
    mount(totalsBox, ...totals(view));
    customerBox.textContent = view?.customer_no
      ? t("cashier.customerAttached", { name: view.cart.customer_name ?? "", no: view.customer_no })
      : t("cashier.noCustomer");
    payment.renderChange();
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
        searchBox.focus();
        searchBox.select();
        break;
      case "focus-scan":
        scan.focus();
        break;
      case "pay-cash":
        void payment.pay("cash");
        break;
      case "pay-card":
        void payment.pay("card");
        break;
      case "attach-customer":
        customerInput.focus();
        break;
      case "discount":
        if (line) void discountLine(line.sku);
        break;
      case "print":
        if (receipt.isOpen()) window.print();
        break;
      case "clear":
        if (receipt.isOpen()) receipt.close();
        else if (searchBox.value !== "") clearSearch();
        else {
          payment.reset();
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
    if (pin.isOpen() || discountAsk.isOpen()) return; // an open dialog has the keyboard
    const target = e.target as HTMLElement | null;
    const inText = !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
    // In the search box the arrows move through the results.
    if (target === searchBox && (e.key === "ArrowUp" || e.key === "ArrowDown")) return;
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
        searchBox,
        resultsBox,
      ),
      h("section", { class: "pane cart-pane" }, h("h2", {}, t("cashier.cart")), cartBox),
      h(
        "section",
        { class: "pane pay" },
        totalsBox,
        h("div", { class: "customer-box" }, customerBox, h("label", { for: "customer-no" }, t("cashier.customerNo"), h("kbd", {}, "F6")), h("div", { class: "row" }, customerInput, h("button", { id: "attach", onclick: attachCustomer }, t("cashier.attach")))),
        h("label", { for: "tendered" }, t("cashier.tendered")),
        payment.tendered,
        payment.changeBox,
        payment.buttons,
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
    discountBox,
    options.pin ? null : pinBox,
  );

  // `data-ready` tells tests and the start-up probe that the search box can be typed in.
  delete readyOn.dataset.ready;
  void apply(() => till.show(terminal)).then(() => {
    scan.focus();
    readyOn.dataset.ready = "cashier";
  });

  return () => document.removeEventListener("keydown", onKey);
}
