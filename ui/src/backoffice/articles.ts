// Back office: the article list with search, the article form (create and edit) and CSV import.
import { field, h, mount } from "../dom";
import { count, money, parseAmount, t } from "../i18n";
import { backoffice } from "../api/backOffice";
import type { ArticleInput, StockedArticle } from "../api/bindings";
import type { ManagerPin } from "../api/till";
import { readFile, statusLine, table } from "./common";
import { pinDialog } from "../cashier/pinDialog";
import { withManagerIfNeeded } from "../cashier/managerDiscount";

/** Articles matching every word of `query` in SKU, EAN, name or category. */
export function filterArticles(all: StockedArticle[], query: string): StockedArticle[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return all.filter((a) => {
    const text = `${a.sku} ${a.ean ?? ""} ${a.name} ${a.category}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The form's fields as the core expects them, or the key of the first problem. */
export function articleInput(values: Record<string, string>): ArticleInput | { error: string } {
  const price = parseAmount(values.price ?? "");
  if (!values.sku) return { error: "article.skuMissing" };
  if (!values.name) return { error: "article.nameMissing" };
  if (price === null) return { error: "article.priceInvalid" };
  const int = (s: string | undefined) => (s && /^-?\d+$/.test(s) ? Number(s) : null);
  const purchase = values.purchase_price ? parseAmount(values.purchase_price) : null;
  return {
    sku: values.sku,
    ean: values.ean || null,
    name: values.name,
    description: values.description ?? "",
    category: values.category ?? "",
    unit: values.unit || "Stk",
    price_cents: price,
    vat_rate: Number(values.vat_rate ?? 19),
    purchase_price_cents: purchase,
    pack_size: int(values.pack_size),
    supplier: values.supplier || null,
    lead_time_days: int(values.lead_time_days),
    reorder_point: int(values.reorder_point),
    initial_stock: int(values.initial_stock),
  };
}

const FIELDS = ["sku", "ean", "name", "category", "unit", "price", "vat_rate", "purchase_price", "supplier", "pack_size", "lead_time_days", "reorder_point", "initial_stock", "description"] as const;

export function articlesPage(root: HTMLElement): void {
  let all: StockedArticle[] = [];
  const status = statusLine("articles-status");
  const search = h("input", { id: "article-search", type: "search", placeholder: t("bo.searchArticles"), "aria-label": t("bo.searchArticles") });
  const listBox = h("div", { id: "article-list" });
  const form = h("form", { id: "article-form", class: "form-grid" }) as HTMLFormElement;
  const progress = h("progress", { id: "import-progress", max: 1, value: 0, hidden: true });
  const importResult = h("div", { id: "import-result" });
  const fileInput = h("input", { id: "import-file", type: "file", accept: ".csv,text/csv" });
  const pinBox = h("div", { id: "pin-dialog", class: "modal", hidden: true });
  const pin = pinDialog(pinBox);
  /** Runs `act`, with a manager's PIN when the core says a price changes beyond the limit. */
  const approved = <T>(act: (approval: ManagerPin | null) => Promise<T>) =>
    withManagerIfNeeded(act, (refusal) => pin.ask({ intro: t("pin.introPrices") }, refusal)).finally(() => pin.close());

  function fillForm(a: StockedArticle | null): void {
    const value = (name: string): string => {
      if (!a) return name === "vat_rate" ? "19" : name === "unit" ? "Stk" : "";
      switch (name) {
        case "price":
          return (a.price / 100).toFixed(2).replace(".", ",");
        case "purchase_price":
          return a.purchase_price === null ? "" : (a.purchase_price / 100).toFixed(2).replace(".", ",");
        case "initial_stock":
          return "";
        default:
          return String((a as unknown as Record<string, unknown>)[name] ?? "");
      }
    };
    mount(
      form,
      h("h3", {}, a ? t("article.edit", { sku: a.sku }) : t("article.new")),
      FIELDS.map((name) =>
        h(
          "label",
          {},
          t(`article.field.${name}` as "article.field.sku"),
          name === "vat_rate"
            ? h("select", { name }, ["19", "7", "0"].map((r) => h("option", { value: r, selected: value(name) === r }, `${r} %`)))
            : h("input", { name, value: value(name), readonly: a !== null && name === "sku", disabled: a !== null && name === "initial_stock" }),
        ),
      ),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "article-save" }, t("article.save")), h("button", { type: "button", onclick: () => fillForm(null) }, t("article.new"))),
    );
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const values: Record<string, string> = {};
    for (const name of FIELDS) values[name] = field(form, name);
    const input = articleInput(values);
    if ("error" in input) {
      status.fail({ code: "invalid_input", message: t(input.error as "article.nameMissing") });
      return;
    }
    try {
      const saved = await approved((approval) => backoffice.saveArticle(input, approval));
      if (!saved) return;
      status.ok(t("article.saved", { sku: saved.sku }));
      await load();
    } catch (error) {
      status.fail(error);
    }
  });

  function renderList(): void {
    const shown = filterArticles(all, search.value).slice(0, 200);
    mount(
      listBox,
      h("p", { class: "hint" }, t("bo.shown", { n: count(shown.length), total: count(all.length) })),
      table(
        [t("article.field.sku"), t("article.field.name"), t("article.field.category"), t("article.field.price"), t("bo.onHand"), t("article.field.reorder_point")],
        shown.map((a) => [
          h("a", { href: "#", "data-sku": a.sku, onclick: (e: Event) => { e.preventDefault(); fillForm(a); } }, a.sku),
          a.name,
          a.category,
          money(a.price),
          h("span", { class: a.on_hand <= a.reorder_point ? "low" : "" }, count(a.on_hand)),
          count(a.reorder_point),
        ]),
        { id: "articles-table" },
      ),
    );
  }

  async function load(): Promise<void> {
    try {
      all = await backoffice.articles();
      renderList();
    } catch (error) {
      status.fail(error);
    }
  }

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    progress.hidden = false;
    progress.value = 0;
    mount(importResult, h("p", {}, t("import.reading", { name: file.name })));
    try {
      const { text, encoding } = await readFile(file, (share) => (progress.value = share * 0.3));
      progress.value = 0.3;
      mount(importResult, h("p", {}, t("import.importing")));
      progress.removeAttribute("value"); // indeterminate while the core writes
      const summary = await approved((approval) => backoffice.importArticles(text, approval));
      if (!summary) {
        progress.hidden = true;
        mount(importResult, h("p", { class: "warn" }, t("import.cancelled")));
        return;
      }
      progress.value = 1;
      mount(
        importResult,
        h("p", { class: summary.errors.length ? "warn" : "ok", "data-testid": "import-summary" }, t("import.summary", { rows: summary.rows, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.errors.length })),
        h("p", { class: "hint", "data-testid": "import-encoding" }, t("import.encoding", { encoding })),
        summary.errors.length
          ? table([t("import.line"), t("import.reason")], summary.errors.map((e) => [String(e.line), e.reason]), { id: "import-errors" })
          : null,
      );
      await load();
    } catch (error) {
      progress.hidden = true;
      status.fail(error);
    } finally {
      fileInput.value = "";
    }
  });

  search.addEventListener("input", renderList);
  mount(
    root,
    status.el,
    h("div", { class: "two-col" }, h("div", {}, search, listBox), h("div", {}, form, h("section", { class: "import" }, h("h3", {}, t("import.title")), h("p", { class: "hint" }, t("import.hint")), fileInput, progress, importResult))),
    pinBox,
  );
  fillForm(null);
  void load();
}
