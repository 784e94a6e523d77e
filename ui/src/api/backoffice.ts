// The back office's commands.
import { call } from "./ipc";
import type {
  ArticleInput,
  Customer,
  CustomerInput,
  ImportSummary,
  JournalView,
  Lead,
  LeadInput,
  LeadStatus,
  StockChange,
  StockedArticle,
  SyncView,
} from "./types";

export const backoffice = {
  articles: (limit = 1000, offset = 0, category: string | null = null) =>
    call<StockedArticle[]>("articles_list", { category, limit, offset }),
  saveArticle: (article: ArticleInput) => call<StockedArticle>("article_save", { article }),
  importArticles: (csv: string) => call<ImportSummary>("articles_import", { csv }),
  importCustomers: (csv: string) => call<ImportSummary>("customers_import", { csv }),
  lowStock: () => call<StockedArticle[]>("stock_low"),
  receive: (code: string, quantity: number, reference: string | null) =>
    call<StockChange>("stock_receive", { code, quantity, reference }),
  adjust: (code: string, to: number | null, by: number | null, reason: string) =>
    call<StockChange>("stock_adjust", { code, to, by, reason }),
  customers: (limit = 1000, offset = 0) => call<Customer[]>("customers_list", { limit, offset }),
  addCustomer: (customer: CustomerInput) => call<Customer>("customer_add", { customer }),
  leads: () => call<Lead[]>("leads_list"),
  addLead: (lead: LeadInput) => call<Lead>("lead_add", { lead }),
  leadStatus: (id: number, status: LeadStatus) => call<Lead>("lead_status", { id, status }),
  convertLead: (id: number) => call<{ lead: Lead; customer: Customer }>("lead_convert", { id }),
  journal: (entries = 50) => call<JournalView>("journal_show", { entries }),
  sync: (limit = 50) => call<SyncView>("sync_status", { limit }),
  retry: (storeSeq: number) => call<null>("outbox_retry", { storeSeq }),
};
