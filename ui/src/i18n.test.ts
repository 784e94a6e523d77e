import { describe, expect, it } from "vitest";
import { age, dateTime, day, decimal, money, parseAmount, plural } from "./i18n";

describe("money", () => {
  it.each([
    [123456, "de", "1.234,56 €"],
    [5, "de", "0,05 €"],
    [-250, "de", "-2,50 €"],
    [123456, "en", "€1,234.56"],
  ] as const)("%i cents in %s is %s", (cents, lang, text) => {
    expect(money(cents, lang).replace(/\u00a0/g, " ")).toBe(text);
  });
  it("refuses non-integer cents", () => {
    expect(() => money(1.5)).toThrow(RangeError);
  });
});

describe("parseAmount", () => {
  it.each([
    ["50", "de", 5000],
    ["50,5", "de", 5050],
    ["1.234,56", "de", 123456],
    ["20 €", "de", 2000],
    ["1,234.56", "en", 123456],
    ["0,99", "de", 99],
  ] as const)("%s (%s) is %i cents", (text, lang, cents) => {
    expect(parseAmount(text, lang)).toBe(cents);
  });
  it.each(["", "abc", "1,234", "-5", "1,2,3", "12,345"])("%s is not an amount", (text) => {
    expect(parseAmount(text, "de")).toBeNull();
  });
});

describe("dates", () => {
  it("shows German dates", () => {
    expect(dateTime("2025-03-14T09:15:00Z", "de")).toMatch(/14\.03\.2025/);
    // The store's time, Europe/Berlin: CET in winter, CEST in summer, whatever the PC's zone.
    expect(dateTime("2025-03-14T09:15:00Z", "de")).toContain("10:15");
    expect(dateTime("2025-07-14T22:30:00Z", "de")).toMatch(/15\.07\.2025.*00:30/);
  });
  it("writes a calendar day per language, whatever the time zone", () => {
    expect(day("2025-03-14", "de")).toBe("14.03.2025");
    expect(day("2025-03-14", "en")).toBe("14 Mar 2025");
    expect(day("gestern", "en")).toBe("gestern");
  });
  it("says how long ago", () => {
    const now = new Date("2025-03-14T10:00:00Z");
    expect(age("2025-03-14T09:58:00Z", now, "de")).toBe("vor 2 min");
    expect(age("2025-03-12T10:00:00Z", now, "en")).toBe("2 days ago");
    expect(age(null, now, "de")).toBe("–");
  });
});

describe("decimal", () => {
  it.each([
    [2.4, "de", "2,4"],
    [2.4, "en", "2.4"],
    [1234.56, "en", "1,234.6"],
    [3, "de", "3"],
  ] as const)("%d in %s is %s", (n, lang, text) => {
    expect(decimal(n, 1, lang)).toBe(text);
  });
});

describe("plural", () => {
  it.each([
    [1, "de", "1 Versuch"],
    [3, "de", "3 Versuche"],
    [0, "de", "0 Versuche"],
    [1, "en", "1 attempt"],
    [3, "en", "3 attempts"],
  ] as const)("%i in %s is %s", (n, lang, text) => {
    const [one, other] = lang === "de" ? ["Versuch", "Versuche"] : ["attempt", "attempts"];
    expect(plural(n, one, other, lang)).toBe(text);
  });
});
