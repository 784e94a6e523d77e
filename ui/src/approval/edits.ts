// The manager's edits to a proposal, turned into what reorder_approve expects.
import type { ApproveArgs, Proposal, ProposalLine } from "../api/purchasing";

export interface LineEdit {
  quantity: number;
  removed: boolean;
}

/**
 * The approve arguments for `edits` of `proposal`: only changed quantities and removed lines are
 * sent, so an untouched proposal is approved exactly as proposed. Returns an error text key for
 * impossible quantities.
 */
export function approveArgs(
  id: string,
  manager: string,
  pin: string,
  proposal: Proposal,
  edits: Map<string, LineEdit>,
): ApproveArgs | { error: "approval.badQuantity" | "approval.pinMissing" | "approval.managerMissing" } {
  if (manager.trim() === "") return { error: "approval.managerMissing" };
  if (!/^\d{4,8}$/.test(pin.trim())) return { error: "approval.pinMissing" };
  const quantities: Record<string, number> = {};
  const removed: string[] = [];
  for (const supplier of proposal.suppliers) {
    for (const line of supplier.lines) {
      const edit = edits.get(line.sku);
      if (!edit) continue;
      if (edit.removed) {
        removed.push(line.sku);
      } else if (edit.quantity !== line.quantity) {
        if (!Number.isInteger(edit.quantity) || edit.quantity < 0 || edit.quantity > 1_000_000) {
          return { error: "approval.badQuantity" };
        }
        quantities[line.sku] = edit.quantity;
      }
    }
  }
  const args: ApproveArgs = { id, manager: manager.trim(), pin: pin.trim() };
  if (Object.keys(quantities).length > 0) args.quantities = quantities;
  if (removed.length > 0) args.removed = removed;
  return args;
}

/** One line's cost after its edit, in cents: 0 once removed. */
export function editedLineTotal(line: ProposalLine, edit: LineEdit | undefined): number {
  if (edit?.removed) return 0;
  return (edit ? edit.quantity : line.quantity) * line.unit_cost_cents;
}

/** The order total after edits, in cents. */
export function editedTotal(proposal: Proposal, edits: Map<string, LineEdit>): number {
  let total = 0;
  for (const s of proposal.suppliers) {
    for (const l of s.lines) total += editedLineTotal(l, edits.get(l.sku));
  }
  return total;
}

/** The articles left in the order after edits. */
export function editedArticles(proposal: Proposal, edits: Map<string, LineEdit>): number {
  return proposal.suppliers.flatMap((s) => s.lines).filter((l) => !edits.get(l.sku)?.removed).length;
}
