// The back office's commands: key figures, articles and stock, customers and leads, the journal,
// receipts and refunds, and the audit log. A manager's name and PIN go along with every refund;
// the core checks them and never hands a PIN back.
import { commands } from "./bindings";
import type { ArticleInput, CustomerInput, LeadInput, LeadStatus, RefundLineInput } from "./bindings";
import { call } from "./ipc";
import type { ManagerPin } from "./till";

export const storeOverview = () => call(commands.storeOverview());

export const backoffice = {
  articles: (limit = 1000, offset = 0, category: string | null = null) => call(commands.articlesList(category, limit, offset)),
  saveArticle: (article: ArticleInput, approval: ManagerPin | null = null) =>
    call(commands.articleSave(article, approval?.manager ?? null, approval?.pin ?? null)),
  importArticles: (csv: string, approval: ManagerPin | null = null) =>
    call(commands.articlesImport(csv, approval?.manager ?? null, approval?.pin ?? null)),
  importCustomers: (csv: string) => call(commands.customersImport(csv)),
  lowStock: () => call(commands.stockLow()),
  receive: (code: string, quantity: number, reference: string | null) => call(commands.stockReceive(code, quantity, reference)),
  adjust: (code: string, to: number | null, by: number | null, reason: string, approval: ManagerPin | null = null) =>
    call(commands.stockAdjust(code, to, by, reason, approval?.manager ?? null, approval?.pin ?? null)),
  customers: (limit = 1000, offset = 0) => call(commands.customersList(limit, offset)),
  addCustomer: (customer: CustomerInput) => call(commands.customerAdd(customer)),
  leads: () => call(commands.leadsList()),
  addLead: (lead: LeadInput) => call(commands.leadAdd(lead)),
  leadStatus: (id: number, status: LeadStatus) => call(commands.leadStatus(id, status)),
  convertLead: (id: number) => call(commands.leadConvert(id)),
  journal: (entries = 50) => call(commands.journalShow(entries)),
};

export const receiptsApi = {
  refundable: (receiptNo: number) => call(commands.receiptRefundable(receiptNo)),
  /** `lines: null` voids what is left of the receipt. */
  refund: (receiptNo: number, lines: RefundLineInput[] | null, reason: string, approval: ManagerPin) =>
    call(commands.receiptRefund(receiptNo, lines, reason, approval.manager, approval.pin)),
};

export const auditApi = {
  /** The most recent `limit` entries, oldest first. */
  log: (actor: string | null, action: string | null, limit = 200) => call(commands.auditLog(actor, action, limit)),
  verify: () => call(commands.auditVerify()),
};
