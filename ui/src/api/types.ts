// What the core's commands return, as JSON. Money is integer cents everywhere.
import type { CartView, DisplayState } from "../display/protocol";

export type { CartView, DisplayState };

export interface StockedArticle {
  sku: string;
  ean: string | null;
  name: string;
  description: string;
  category: string;
  unit: string;
  price: number;
  vat_rate: 19 | 7 | 0;
  purchase_price: number | null;
  pack_size: number;
  supplier: string | null;
  lead_time_days: number;
  reorder_point: number;
  on_hand: number;
  on_order: number;
}

export interface TillView {
  terminal_id: string;
  version: number;
  cart: CartView;
  customer_no: string | null;
  display: DisplayState;
}

export type TenderInput = { method: "cash"; tendered_cents: number } | { method: "card" };

export interface Sale {
  receipt_no: number;
  completed_at: string;
  total: number;
  change: number;
  tender: { method: "cash"; tendered: number } | { method: "card" };
  customer_no: string | null;
}

export interface Receipt {
  receipt_no: number;
  completed_at: string;
  total_cents: number;
  method: string;
  tendered_cents: number | null;
  change_cents: number;
  customer_no: string | null;
  lines: {
    sku: string;
    name: string;
    quantity: number;
    unit_price_cents: number;
    line_total_cents: number;
    vat_rate: number;
  }[];
}

export interface OutboxStatus {
  total: number;
  pending: number;
  published: number;
  dead: number;
  oldest_pending_at: string | null;
  last_published_seq: number | null;
  last_store_seq: number | null;
}

export interface StoreOverview {
  store_id: string;
  store_name: string;
  articles: number;
  customers: number;
  low_stock: number;
  sales_today: number;
  revenue_today_cents: number;
  outbox: OutboxStatus;
}

export interface DisplayEndpoint {
  port: number;
  terminal_id: string;
}

export interface Customer {
  customer_no: string;
  name: string;
  email: string | null;
  phone: string | null;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  customer_type: string;
  notes: string;
}

export type LeadStatus = "new" | "contacted" | "qualified" | "converted" | "lost";

export interface Lead {
  id: number;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  source: string | null;
  interest: string | null;
  notes: string;
  status: LeadStatus;
  customer_no: string | null;
}

export interface ImportSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; reason: string }[];
}

export interface StockChange {
  before: number;
  after: number;
  delta: number;
  crossed_reorder_point: boolean;
  negative: boolean;
}

export interface ArticleInput {
  sku: string;
  ean: string | null;
  name: string;
  description: string;
  category: string;
  unit: string;
  price_cents: number;
  vat_rate: number;
  purchase_price_cents: number | null;
  pack_size: number | null;
  supplier: string | null;
  lead_time_days: number | null;
  reorder_point: number | null;
  initial_stock: number | null;
}

export interface CustomerInput {
  name: string;
  email?: string;
  phone?: string;
  city?: string;
  postal_code?: string;
  customer_type?: string;
}

export interface LeadInput {
  name: string;
  company?: string;
  email?: string;
  interest?: string;
  notes?: string;
}

export interface JournalView {
  balances: { number: number; name: string; balance_cents: number }[];
  entries: {
    id: number;
    posted_at: string;
    text: string;
    reference: string;
    lines: [number, number, number][];
  }[];
}

export interface OutboxRow {
  store_seq: number;
  event_id: string;
  event_type: string;
  aggregate_id: string;
  created_at: string;
  published_at: string | null;
  attempts: number;
  last_error: string | null;
  dead_at: string | null;
}

export interface SyncView {
  status: OutboxStatus;
  recent: OutboxRow[];
  dead: OutboxRow[];
}

/** One line of a receipt as the refund page shows it: sold, refunded already, still refundable. */
export interface RefundableLine {
  line_no: number;
  sku: string;
  name: string;
  quantity: number;
  unit_price_cents: number;
  /** What the line cost after its discount. */
  line_total_cents: number;
  vat_rate: number;
  refunded: number;
  remaining: number;
}

/** A refund of a receipt as stored. */
export interface StoredRefund {
  refund_no: number;
  receipt_no: number;
  kind: "void" | "refund";
  refunded_at: string;
  total_cents: number;
  method: string;
  authorized_by: string;
}

export interface RefundableReceipt {
  receipt: Receipt;
  lines: RefundableLine[];
  refunds: StoredRefund[];
  refunded_cents: number;
}

/** A committed refund document. */
export interface Refund {
  refund_no: number;
  receipt_no: number;
  kind: "void" | "refund";
  refunded_at: string;
  payout: "cash" | "card";
  lines: { sale_line_no: number; sku: string; name: string; quantity: number; vat_rate: number; amount: number }[];
  total: number;
  authorized_by: string;
  journal_entry: number;
}

/** Units of one article to give back. */
export interface RefundLineInput {
  sku: string;
  quantity: number;
}

export type StaffRole = "cashier" | "manager";

/** A member of staff (never with a PIN or its hash). */
export interface StaffRow {
  name: string;
  role: StaffRole;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  /** Locked out right now, by the core's clock. */
  locked: boolean;
}

export interface AuditEntry {
  id: number;
  occurred_at: string;
  terminal: string;
  actor: string;
  action: string;
  outcome: "ok" | "denied";
  subject: string;
  details: Record<string, unknown>;
}

export type ChainFault = "content_changed" | "record_missing" | "link_broken" | "link_missing" | "unsealed";

/** The outcome of verifying the books' hash chain and append-only triggers. */
export interface ChainCheck {
  ok: boolean;
  links: number;
  head: string | null;
  problem: { position: number | null; kind: "sale" | "refund" | "journal_entry" | "audit"; record_id: number; fault: ChainFault } | null;
  problem_text: string | null;
  missing_triggers: string[];
}
