import { describe, expect, it } from "vitest";
import type { Proposal } from "../api/purchasing";
import { approveArgs, editedArticles, editedLineTotal, editedTotal } from "./edits";

const line = (sku: string, quantity: number, unit: number) => ({
  sku, name: sku, supplier: "Compo", quantity, pack_size: 1, unit_cost_cents: unit,
  line_total_cents: quantity * unit, on_hand: 0, on_order: 0, reorder_point: 5,
  forecast_rate: 1, safety_stock: 2, order_up_to: 10, reason: "",
});
const proposal: Proposal = {
  suppliers: [{ supplier: "Compo", lines: [line("A", 10, 100), line("B", 4, 250)], total_cents: 2000 }],
  skipped: [],
  total_cents: 2000,
};

describe("approve arguments", () => {
  it("approves an untouched proposal as proposed", () => {
    expect(approveArgs("BV-1", "Frau Krüger", "1234", proposal, new Map())).toEqual({ id: "BV-1", manager: "Frau Krüger", pin: "1234" });
  });
  it("sends only changed quantities and removed lines", () => {
    const edits = new Map([
      ["A", { quantity: 12, removed: false }],
      ["B", { quantity: 4, removed: true }],
    ]);
    expect(approveArgs("BV-1", "Filialleitung", "1234", proposal, edits)).toEqual({
      manager: "Filialleitung",
      id: "BV-1", pin: "1234", quantities: { A: 12 }, removed: ["B"],
    });
    expect(editedTotal(proposal, edits)).toBe(1200);
    expect(editedArticles(proposal, edits)).toBe(1);
    expect(editedLineTotal(proposal.suppliers[0].lines[0], edits.get("A"))).toBe(1200);
    expect(editedLineTotal(proposal.suppliers[0].lines[1], edits.get("B"))).toBe(0);
  });
  it("counts an untouched proposal as proposed", () => {
    expect(editedTotal(proposal, new Map())).toBe(2000);
    expect(editedArticles(proposal, new Map())).toBe(2);
    expect(editedLineTotal(proposal.suppliers[0].lines[1], undefined)).toBe(1000);
  });
  it("refuses a missing PIN and impossible quantities", () => {
    expect(approveArgs("BV-1", "Filialleitung", "", proposal, new Map())).toEqual({ error: "approval.pinMissing" });
    expect(approveArgs("BV-1", " ", "1234", proposal, new Map())).toEqual({ error: "approval.managerMissing" });
    const bad = new Map([["A", { quantity: -1, removed: false }]]);
    expect(approveArgs("BV-1", "Filialleitung", "1234", proposal, bad)).toEqual({ error: "approval.badQuantity" });
  });
});
