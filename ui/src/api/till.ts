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

/**
 * The cashier's instant article search. Today a substring filter over the catalogue; when the
 * hybrid search command lands, swap the command name here and nothing else.
 */
export const searchArticles = (query: string, limit = 12): Promise<StockedArticle[]> =>
  call<StockedArticle[]>("articles_filter", { query, limit });

export const till = {
  show: (terminal: string) => call<TillView>("till_show", { terminal }),
  scan: (terminal: string, code: string, quantity = 1) =>
    call<TillView>("till_scan", { terminal, code, quantity }),
  setQuantity: (terminal: string, sku: string, quantity: number) =>
    call<TillView>("till_set_quantity", { terminal, sku, quantity }),
  remove: (terminal: string, sku: string) => call<TillView>("till_remove", { terminal, sku }),
  discount: (terminal: string, sku: string, discountCents: number) =>
    call<TillView>("till_discount", { terminal, sku, discountCents }),
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
