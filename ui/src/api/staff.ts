// The back office's receipts, staff and audit commands. A manager's name and PIN go along with
// every change; the core checks them and never hands a PIN back.
import { call } from "./ipc";
import type { AuditEntry, ChainCheck, RefundableReceipt, Refund, RefundLineInput, StaffRole, StaffRow } from "./types";
import type { ManagerPin } from "./till";

export const receiptsApi = {
  refundable: (receiptNo: number) => call<RefundableReceipt>("receipt_refundable", { receiptNo }),
  /** `lines: null` voids what is left of the receipt. */
  refund: (receiptNo: number, lines: RefundLineInput[] | null, reason: string, approval: ManagerPin) =>
    call<Refund>("receipt_refund", { receiptNo, lines, reason, manager: approval.manager, pin: approval.pin }),
};

export const staffApi = {
  list: () => call<StaffRow[]>("staff_list"),
  add: (name: string, role: StaffRole, pin: string, approval: ManagerPin | null) =>
    call<null>("staff_add", { name, role, pin, manager: approval?.manager ?? null, managerPin: approval?.pin ?? null }),
  resetPin: (name: string, pin: string, approval: ManagerPin) =>
    call<null>("staff_reset_pin", { name, pin, manager: approval.manager, managerPin: approval.pin }),
  setRole: (name: string, role: StaffRole, approval: ManagerPin) =>
    call<null>("staff_set_role", { name, role, manager: approval.manager, managerPin: approval.pin }),
};

export const auditApi = {
  /** The most recent `limit` entries, oldest first. */
  log: (actor: string | null, action: string | null, limit = 200) => call<AuditEntry[]>("audit_log", { actor, action, limit }),
  verify: () => call<ChainCheck>("audit_verify"),
};
