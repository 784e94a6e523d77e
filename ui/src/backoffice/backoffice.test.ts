import { describe, expect, it } from "vitest";
import { articleInput } from "./articles";
import { canConvert, nextStatuses } from "./crm";
import { syncHealth } from "./ledger";

describe("article form", () => {
  it("turns German amounts into cents", () => {
    const input = articleInput({ sku: "GF-1", name: "Blumenerde 40 l", price: "7,99", vat_rate: "7", reorder_point: "10" });
    expect(input).toMatchObject({ sku: "GF-1", price_cents: 799, vat_rate: 7, reorder_point: 10, unit: "Stk" });
  });
  it("names the first missing field", () => {
    expect(articleInput({ sku: "", name: "x", price: "1" })).toEqual({ error: "article.skuMissing" });
    expect(articleInput({ sku: "A", name: "x", price: "zwei" })).toEqual({ error: "article.priceInvalid" });
  });
});

describe("lead pipeline", () => {
  it("moves forward one stage at a time and never out of converted", () => {
    expect(nextStatuses("new")).toEqual(["contacted", "lost"]);
    expect(nextStatuses("converted")).toEqual([]);
    expect(canConvert("lost")).toBe(false);
    expect(canConvert("qualified")).toBe(true);
  });
});

describe("sync health", () => {
  const base = { total: 10, pending: 0, published: 10, dead: 0, oldest_pending_at: null, last_published_seq: 10, last_store_seq: 10 };
  const now = new Date("2025-03-14T10:00:00Z");
  it.each([
    [{ ...base }, "current"],
    [{ ...base, published: 0, total: 0 }, "idle"],
    [{ ...base, pending: 3, oldest_pending_at: "2025-03-14T09:59:00Z" }, "current"],
    [{ ...base, pending: 3, oldest_pending_at: "2025-03-14T09:00:00Z" }, "behind"],
    [{ ...base, dead: 1 }, "stuck"],
  ] as const)("%o is %s", (status, health) => {
    expect(syncHealth(status, now)).toBe(health);
  });
});
