// The cashier window's commands.
import { call } from "./ipc";
import type {
  DisplayEndpoint,
  Receipt,
  Sale,
  StockedArticle,
  StoreOverview,
  TenderInput,
  TillView,
} from "./types";

/** What the cashier's search found and how: `hybrid`, `lexical` (no model loaded) or `filter`. */
export interface ArticleSearch {
  mode: string;
  articles: StockedArticle[];
}

/** A function the typeahead asks for articles matching a query. */
export type SearchArticles = (query: string, limit?: number) => Promise<ArticleSearch>;

/**
 * The cashier's instant article search: an exact SKU or EAN first, then the hybrid search over
 * the catalogue (lexical when no embedding model is loaded).
 */
export const searchArticles: SearchArticles = (query, limit = 12) =>
  call<ArticleSearch>("search_articles", { query, limit });

/** The plain substring filter over the catalogue (the benchmark's baseline). */
export const filterArticles: SearchArticles = async (query, limit = 12) => ({
  mode: "filter",
  articles: await call<StockedArticle[]>("articles_filter", { query, limit }),
});

/** A manager's name and PIN, sent along with what the cashier may not do alone. */
export interface ManagerPin {
  manager: string;
  pin: string;
}

export const till = {
  show: (terminal: string) => call<TillView>("till_show", { terminal }),
  scan: (terminal: string, code: string, quantity = 1) =>
    call<TillView>("till_scan", { terminal, code, quantity }),
  setQuantity: (terminal: string, sku: string, quantity: number) =>
    call<TillView>("till_set_quantity", { terminal, sku, quantity }),
  remove: (terminal: string, sku: string) => call<TillView>("till_remove", { terminal, sku }),
  discount: (terminal: string, sku: string, discountCents: number, manager?: ManagerPin) =>
    call<TillView>("till_discount", { terminal, sku, discountCents, ...(manager ?? {}) }),
  attachCustomer: (terminal: string, customerNo: string | null) =>
    call<TillView>("till_attach_customer", { terminal, customerNo }),
  clear: (terminal: string) => call<TillView>("till_clear", { terminal }),
  startPayment: (terminal: string, tender: TenderInput) =>
    call<TillView>("till_start_payment", { terminal, tender }),
  pay: (terminal: string, tender: TenderInput) => call<Sale>("till_pay", { terminal, tender }),
};

export const receipt = (receiptNo: number) => call<Receipt>("receipt_show", { receiptNo });
export const storeOverview = () => call<StoreOverview>("store_overview");
export const displayEndpoint = () => call<DisplayEndpoint>("display_endpoint");
