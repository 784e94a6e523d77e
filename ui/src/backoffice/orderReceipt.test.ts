import { describe, expect, it } from "vitest";
import { setLanguage } from "../i18n";
import { receiptLines } from "./orderReceipt";

describe("goods receipt form", () => {
  setLanguage("de");
  it("sends what arrived, with a price only where one was typed", () => {
    const result = receiptLines([
      { code: "GF-10002", quantity: "12", price: "1,95" },
      { code: "GF-10003", quantity: "", price: "" },
      { code: "GF-10004", quantity: "0", price: "" },
      { code: "4006381333931", quantity: "6", price: "" },
    ]);
    expect(result).toEqual({
      lines: [
        { code: "GF-10002", quantity: 12, unit_cost_cents: 195 },
        { code: "4006381333931", quantity: 6, unit_cost_cents: null },
      ],
    });
  });
  it("names the row to fix", () => {
    expect(receiptLines([{ code: "GF-1", quantity: "zwei", price: "" }])).toEqual({ error: "orders.quantityInvalid", code: "GF-1" });
    expect(receiptLines([{ code: "GF-1", quantity: "2", price: "1,2,3" }])).toEqual({ error: "orders.priceInvalid", code: "GF-1" });
  });
  it("leaves a negative quantity for the core to refuse", () => {
    expect(receiptLines([{ code: "GF-1", quantity: "-3", price: "" }])).toEqual({ lines: [{ code: "GF-1", quantity: -3, unit_cost_cents: null }] });
  });
});
