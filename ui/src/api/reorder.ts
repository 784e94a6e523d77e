// The store manager's reorder proposals: list, show, start, approve (optionally edited) or
// reject, each decision signed with the manager's PIN.
import { call } from "./ipc";

export type ThreadStatus = "running" | "interrupted" | "completed" | "failed";

export interface ReorderSummary {
  thread_id: string;
  status: ThreadStatus;
  step: number;
  decided: boolean;
  created_at: string;
  updated_at: string;
  /** How a completed proposal ended. */
  outcome: Outcome | null;
}

export interface ProposalLine {
  sku: string;
  name: string;
  supplier: string;
  quantity: number;
  pack_size: number;
  unit_cost_cents: number;
  line_total_cents: number;
  on_hand: number;
  on_order: number;
  reorder_point: number;
  forecast_rate: number;
  safety_stock: number;
  order_up_to: number;
  reason: string;
}

export interface Proposal {
  suppliers: { supplier: string; lines: ProposalLine[]; total_cents: number }[];
  skipped: { sku: string; name: string; reason: string }[];
  total_cents: number;
}

export type Outcome =
  | { kind: "ordered"; order_id: string }
  | { kind: "rejected"; reason: string }
  | { kind: "nothing_to_order" };

export interface ReorderSnapshot {
  thread_id: string;
  status: ThreadStatus;
  values: {
    as_of: string;
    articles_checked: number;
    proposal: Proposal | null;
    decision: { verdict: string; decided_by: string; decided_at: string; reason?: string } | null;
    outcome: Outcome | null;
  };
  created_at: string;
}

export interface ApproveArgs {
  id: string;
  pin: string;
  /** Changed quantities by SKU; 0 removes a line. */
  quantities?: Record<string, number>;
  removed?: string[];
}

export interface RejectArgs {
  id: string;
  reason: string;
  pin: string;
}

/** The commands the approval screen needs; tests and the real core both provide them. */
export interface ReorderApi {
  list(): Promise<ReorderSummary[]>;
  show(id: string): Promise<ReorderSnapshot>;
  start(): Promise<ReorderSnapshot>;
  approve(args: ApproveArgs): Promise<ReorderSnapshot>;
  reject(args: RejectArgs): Promise<ReorderSnapshot>;
  /** Units sold per day of each article over the last `days` days, today last. */
  salesHistory(skus: string[], days: number): Promise<Record<string, number[]>>;
}

export const reorderApi: ReorderApi = {
  list: () => call<ReorderSummary[]>("reorder_list"),
  show: (id) => call<ReorderSnapshot>("reorder_show", { id }),
  start: () => call<ReorderSnapshot>("reorder_start"),
  approve: (args) => call<ReorderSnapshot>("reorder_approve", { ...args }),
  reject: (args) => call<ReorderSnapshot>("reorder_reject", { ...args }),
  salesHistory: (skus, days) => call<Record<string, number[]>>("reorder_sales_history", { skus, days }),
};
