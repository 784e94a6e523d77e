import { describe, expect, it } from "vitest";
import { parseAmount } from "../i18n";
import { actionForKey, changeDue, looksLikeBarcode, parseDiscount } from "./rules";

const de = (t: string) => parseAmount(t, "de");

describe("keyboard shortcuts", () => {
  it.each([
    ["F2", false, "focus-search"],
    ["F4", true, "pay-cash"],
    ["F5", true, "pay-card"],
    ["Escape", true, "clear"],
    ["+", false, "increase"],
    ["-", false, "decrease"],
    ["Delete", false, "remove"],
  ] as const)("%s (in text field: %s) -> %s", (key, inText, action) => {
    expect(actionForKey(key, inText)).toBe(action);
  });
  it("lets + and - be typed into text fields", () => {
    expect(actionForKey("+", true)).toBeNull();
    expect(actionForKey("-", true)).toBeNull();
    expect(actionForKey("a", false)).toBeNull();
  });
});

describe("discount rule", () => {
  it("allows up to 10 % without the manager", () => {
    expect(parseDiscount("10 %", 2000, de)).toEqual({ ok: true, discountCents: 200, needsManager: false });
    expect(parseDiscount("2,00", 2000, de)).toEqual({ ok: true, discountCents: 200, needsManager: false });
  });
  it("marks anything above 10 % as the manager's", () => {
    expect(parseDiscount("11%", 2000, de)).toEqual({ ok: true, discountCents: 220, needsManager: true });
    expect(parseDiscount("2,01", 2000, de)).toEqual({ ok: true, discountCents: 201, needsManager: true });
  });
  it("rejects nonsense and discounts above the line", () => {
    expect(parseDiscount("viel", 2000, de)).toEqual({ ok: false, reason: "invalid" });
    expect(parseDiscount("30,00", 2000, de)).toEqual({ ok: false, reason: "too-large" });
  });
});

describe("change due", () => {
  it("is what was handed over beyond the total", () => {
    expect(changeDue(3798, 5000)).toBe(1202);
    expect(changeDue(3798, 3798)).toBe(0);
  });
  it("is null when the money is not enough", () => {
    expect(changeDue(3798, 2000)).toBeNull();
  });
});

describe("barcodes", () => {
  it("recognises EAN-13 and EAN-8", () => {
    expect(looksLikeBarcode("4006381333931")).toBe(true);
    expect(looksLikeBarcode("96385074")).toBe(true);
    expect(looksLikeBarcode("GF-10001")).toBe(false);
    expect(looksLikeBarcode("123")).toBe(false);
  });
});
