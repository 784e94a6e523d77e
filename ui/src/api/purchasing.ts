// The store manager's reorder proposals: list, show, start, approve (optionally edited) or
// reject, each decision signed with the manager's PIN.
import { commands } from "./bindings";
import type { ProposalSummary, ReorderState, StateSnapshot } from "./bindings";
import { call } from "./ipc";

export type { Outcome, Proposal, ProposalLine, ProposalSummary, ThreadStatus } from "./bindings";

/** A proposal as the workflow keeps it: its state after the last step. */
export type ReorderSnapshot = StateSnapshot<ReorderState>;

export interface ApproveArgs {
  id: string;
  /** The approving manager's name; the decision is signed with it. */
  manager: string;
  pin: string;
  /** Changed quantities by SKU; 0 removes a line. */
  quantities?: Record<string, number>;
  removed?: string[];
}

export interface RejectArgs {
  id: string;
  reason: string;
  manager: string;
  pin: string;
}

/** The commands the approval screen needs; tests and the real core both provide them. */
export interface ReorderApi {
  list(): Promise<ProposalSummary[]>;
  show(id: string): Promise<ReorderSnapshot>;
  start(): Promise<ReorderSnapshot>;
  approve(args: ApproveArgs): Promise<ReorderSnapshot>;
  reject(args: RejectArgs): Promise<ReorderSnapshot>;
  /** Units sold per day of each article over the last `days` days, today last. */
  salesHistory(skus: string[], days: number): Promise<Record<string, number[]>>;
}

export const reorderApi: ReorderApi = {
  list: () => call(commands.reorderList()),
  show: (id) => call(commands.reorderShow(id)),
  start: () => call(commands.reorderStart()),
  approve: ({ id, manager, pin, quantities, removed }) =>
    call(commands.reorderApprove(id, manager, pin, quantities ?? null, removed ?? null)),
  reject: ({ id, reason, manager, pin }) => call(commands.reorderReject(id, reason, manager, pin)),
  salesHistory: (skus, days) => call(commands.reorderSalesHistory(skus, days)),
};
