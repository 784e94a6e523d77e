import { describe, expect, it } from "vitest";
import { parseAmount } from "../i18n";
import { discountFromInput } from "./rules";

const de = (text: string) => parseAmount(text, "de");

describe("discount dialog input", () => {
  // A line of 24,99 €.
  it.each([
    ["percent", "10", { ok: true, discountCents: 249, needsManager: false }],
    ["percent", "12,5", { ok: true, discountCents: 312, needsManager: true }],
    ["percent", "20 %", { ok: true, discountCents: 499, needsManager: true }],
    ["amount", "2,49", { ok: true, discountCents: 249, needsManager: false }],
    ["amount", "2,50", { ok: true, discountCents: 250, needsManager: true }],
    ["amount", "10 %", { ok: true, discountCents: 249, needsManager: false }],
  ] as const)("%s %s", (mode, text, result) => {
    expect(discountFromInput(mode, text, 2499, de)).toEqual(result);
  });

  it.each([
    ["percent", "", "empty"],
    ["amount", "   ", "empty"],
    ["percent", "zehn", "invalid"],
    ["amount", "-1", "invalid"],
    ["amount", "2,499", "invalid"],
    ["percent", "101", "too-large"],
    ["amount", "25,00", "too-large"],
  ] as const)("%s %j is refused as %s", (mode, text, reason) => {
    expect(discountFromInput(mode, text, 2499, de)).toEqual({ ok: false, reason });
  });
});
