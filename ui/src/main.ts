// Entry of the cashier window: a header with the store, tabs for till, approvals and back office,
// and the language switch. The route lives in the URL hash (#/kasse, #/freigaben, #/backoffice/..).
import "./style.css";
import { h, mount } from "./dom";
import { type Language, currentLanguage, onLanguageChange, setLanguage, t, money, count } from "./i18n";
import { storeOverview } from "./api/backOffice";
import { displayEndpoint } from "./api/till";
import { reorderApi } from "./api/purchasing";
import { cashierScreen } from "./cashier/cashierScreen";
import { tillDayScreen } from "./tillday/tillDayScreen";
import { tillDay } from "./api/tillDay";
import { approvalScreen } from "./approval/approvalScreen";
import { BACKOFFICE_PAGES, type BackofficePage, backofficeScreen } from "./backoffice/backofficeScreen";
import { startupProbe } from "./probe";

export type Route =
  | { screen: "cashier" }
  | { screen: "approval" }
  | { screen: "backoffice"; page: BackofficePage };

export function parseRoute(hash: string): Route {
  const [, screen, page] = hash.replace(/^#/, "").split("/");
  if (screen === "freigaben") return { screen: "approval" };
  if (screen === "backoffice") {
    const p = BACKOFFICE_PAGES.includes(page as BackofficePage) ? (page as BackofficePage) : "articles";
    return { screen: "backoffice", page: p };
  }
  return { screen: "cashier" };
}

const app = document.getElementById("app")!;
const header = h("header", { class: "topbar" });
const main = h("main", { id: "screen" });
let leave: (() => void) | null = null;

function renderHeader(route: Route): void {
  const tab = (href: string, label: string, active: boolean, key: string) =>
    h("a", { href, class: active ? "tab active" : "tab", "data-tab": key }, label);
  const lang = (l: Language) =>
    h("button", { class: currentLanguage() === l ? "lang active" : "lang", "data-lang": l, onclick: () => setLanguage(l) }, l.toUpperCase());
  mount(
    header,
    h("h1", { id: "store-name" }, document.title.split(" – ")[0] || "Filiale"),
    h(
      "nav",
      { class: "tabs" },
      tab("#/kasse", t("nav.cashier"), route.screen === "cashier", "cashier"),
      tab("#/freigaben", t("nav.approval"), route.screen === "approval", "approval"),
      tab("#/backoffice", t("nav.backoffice"), route.screen === "backoffice", "backoffice"),
    ),
    h("span", { id: "figures", class: "figures" }),
    h("span", { id: "display-info", class: "display-info" }),
    h("span", { class: "langs" }, lang("de"), lang("en")),
  );
  void refreshHeaderFigures();
}

async function refreshHeaderFigures(): Promise<void> {
  try {
    const [o, d] = await Promise.all([storeOverview(), displayEndpoint()]);
    document.title = `${o.store_name} – Filiale`;
    const name = document.getElementById("store-name");
    if (name) name.textContent = o.store_name;
    const figures = document.getElementById("figures");
    if (figures) figures.textContent = t("header.figures", { sales: count(o.sales_today), revenue: money(o.revenue_today_cents), pending: count(o.outbox.pending) });
    const info = document.getElementById("display-info");
    if (info) info.textContent = t("header.display", { port: d.port, terminal: d.terminal_id });
  } catch {
    // the header's figures are a convenience; the screens report their own errors
  }
}

function show(): void {
  leave?.();
  leave = null;
  const route = parseRoute(window.location.hash);
  document.documentElement.lang = currentLanguage();
  renderHeader(route);
  switch (route.screen) {
    case "cashier":
      leave = tillDayScreen(main);
      break;
    case "approval":
      approvalScreen(main, reorderApi);
      break;
    case "backoffice":
      backofficeScreen(main, route.page);
      break;
  }
}

mount(app, header, main);
window.addEventListener("hashchange", show);
onLanguageChange(show);
show();
// The benchmark types into the bare till (searching needs no sign-in) of this window's till.
void startupProbe(main, async (search) => {
  const { status } = await tillDay.status();
  leave?.();
  leave = cashierScreen(main, { search, terminal: status.till_id });
});
