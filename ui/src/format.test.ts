import { describe, expect, it } from "vitest";
import { formatAge, formatCents, formatCount } from "./format";

describe("German formats", () => {
  it("formats cents as euros with comma and thousands dots", () => {
    expect(formatCents(123456).replace(/\u00a0/g, " ")).toBe("1.234,56 €");
    expect(formatCents(5).replace(/\u00a0/g, " ")).toBe("0,05 €");
    expect(formatCents(-350).replace(/\u00a0/g, " ")).toBe("-3,50 €");
  });

  it("refuses what is not a whole number of cents", () => {
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it("formats counts and ages", () => {
    expect(formatCount(12345)).toBe("12.345");
    const now = new Date("2026-05-01T12:00:00Z");
    expect(formatAge("2026-05-01T11:59:30Z", now)).toBe("vor 30 s");
    expect(formatAge("2026-05-01T09:00:00Z", now)).toBe("vor 3 h");
    expect(formatAge(null, now)).toBe("–");
  });
});
