// What the receipt form sends: the rows a person filled in (arrived units per order line, an
// optional price, articles that came in addition) as the core's receipt lines, or the first
// problem to fix. Empty and zero rows are left out; a missing line simply stays open.
import { parseAmount } from "../i18n";
import type { ReceiptLineInput } from "../api/orders";

export interface ReceiptRow {
  code: string;
  quantity: string;
  price: string;
}

export type ReceiptLines = { lines: ReceiptLineInput[] } | { error: "orders.quantityInvalid" | "orders.priceInvalid"; code: string };

export function receiptLines(rows: ReceiptRow[]): ReceiptLines {
  const lines: ReceiptLineInput[] = [];
  for (const row of rows) {
    const code = row.code.trim();
    const text = row.quantity.trim();
    if (code === "" || text === "" || text === "0") continue;
    if (!/^-?\d+$/.test(text)) return { error: "orders.quantityInvalid", code };
    let unitCost: number | null = null;
    if (row.price.trim() !== "") {
      const cents = parseAmount(row.price);
      if (cents === null) return { error: "orders.priceInvalid", code };
      unitCost = cents;
    }
    // Negative numbers go to the core, which refuses them with its own words.
    lines.push({ code, quantity: Number(text), unit_cost_cents: unitCost });
  }
  return { lines };
}
