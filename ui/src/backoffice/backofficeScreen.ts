// The back office: one page per area, chosen with the tabs at the top.
import { h, mount } from "../dom";
import { t } from "../i18n";
import { articlesPage } from "./articles";
import { auditPage } from "./audit";
import { closingsPage } from "./closings";
import { crmPage } from "./crm";
import { journalPage, searchIndexPage, syncPage } from "./ledger";
import { ordersPage } from "./orders";
import { receiptsPage } from "./receipts";
import { staffPage } from "./staff";
import { stockPage } from "./stock";
import { tsePage } from "./tse";

const PAGES = {
  articles: articlesPage,
  stock: stockPage,
  crm: crmPage,
  journal: journalPage,
  sync: syncPage,
  search: searchIndexPage,
  receipts: receiptsPage,
  staff: staffPage,
  audit: auditPage,
  closings: closingsPage,
  tse: tsePage,
  orders: (root: HTMLElement) => ordersPage(root),
} as const;

export type BackofficePage = keyof typeof PAGES;

/** The back office's pages in tab order (the router accepts exactly these). */
export const BACKOFFICE_PAGES = Object.keys(PAGES) as BackofficePage[];

export function backofficeScreen(root: HTMLElement, page: BackofficePage = "articles"): void {
  const body = h("div", { class: "bo-page", id: `bo-${page}` });
  mount(
    root,
    h(
      "nav",
      { class: "subtabs" },
      BACKOFFICE_PAGES.map((p) =>
        h("a", { href: `#/backoffice/${p}`, class: p === page ? "active" : "", "data-page": p }, t(`bo.tab.${p}` as "bo.tab.articles")),
      ),
    ),
    body,
  );
  PAGES[page](body);
}
