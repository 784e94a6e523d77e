import { describe, expect, it } from "vitest";
import type { RefundableReceiptLine as RefundableLine } from "../api/bindings";
import { receiptNumber, refundChoice } from "./receipts";

const line = (line_no: number, sku: string, quantity: number, line_total_cents: number, refunded = 0): RefundableLine => ({
  line_no,
  sku,
  name: `Artikel ${sku}`,
  quantity,
  unit_price_cents: Math.round(line_total_cents / quantity),
  line_total_cents,
  vat_rate: 19,
  refunded,
  remaining: quantity - refunded,
});

describe("refund choice", () => {
  const lines = [line(1, "GF-1", 3, 1000), line(2, "GF-2", 2, 498, 1)];

  it("sends the chosen units per article and the amount the core pays back", () => {
    // 2 of 3 units of a 10,00 € line: 6,67 € as the core rounds (half up), not 6,66 €.
    expect(refundChoice(lines, { 1: "2", 2: "" })).toEqual({ ok: true, lines: [{ sku: "GF-1", quantity: 2 }], amountCents: 667 });
    expect(refundChoice(lines, { 1: "1", 2: "1" })).toEqual({
      ok: true,
      lines: [
        { sku: "GF-1", quantity: 1 },
        { sku: "GF-2", quantity: 1 },
      ],
      amountCents: 333 + 249,
    });
  });

  it("values the rest of a line from what earlier refunds took", () => {
    // 1 of 3 units refunded before (3,33 €); the other two are worth 6,67 €, 10,00 € in all.
    const partly = [line(1, "GF-1", 3, 1000, 1)];
    expect(refundChoice(partly, { 1: "2" })).toMatchObject({ ok: true, amountCents: 667 });
  });

  it("sums an article on two lines into one request line, taken in line order", () => {
    const twice = [line(1, "GF-1", 1, 500), line(2, "GF-1", 2, 900)];
    expect(refundChoice(twice, { 1: "1", 2: "1" })).toEqual({ ok: true, lines: [{ sku: "GF-1", quantity: 2 }], amountCents: 500 + 450 });
  });

  it("refuses nothing at all, more than is left, fractions and negatives", () => {
    expect(refundChoice(lines, {})).toEqual({ ok: false, error: "nothing-chosen" });
    expect(refundChoice(lines, { 1: "0", 2: "0" })).toEqual({ ok: false, error: "nothing-chosen" });
    expect(refundChoice(lines, { 2: "2" })).toMatchObject({ ok: false, error: "quantity", line: { line_no: 2 } });
    expect(refundChoice(lines, { 1: "1,5" })).toMatchObject({ ok: false, error: "quantity", line: { line_no: 1 } });
    expect(refundChoice(lines, { 1: "-1" })).toMatchObject({ ok: false, error: "quantity" });
  });
});

describe("receipt number", () => {
  it.each([
    ["17", 17],
    [" 4 ", 4],
    ["#12", 12],
  ])("%s is receipt %i", (text, n) => expect(receiptNumber(text)).toBe(n));
  it.each(["", "0", "abc", "1.5", "-3"])("%s is not a receipt number", (text) => expect(receiptNumber(text)).toBeNull());
});
