import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../i18n";
import { lineReason, lostDemand, type ReasonedLine } from "./reasons";

/** A line as the core sends it for "Hundetrockenfutter" in the demo store. */
const line = (over: Partial<ReasonedLine> = {}): ReasonedLine => ({
  sku: "GF-18024", name: "Hundetrockenfutter Adult Geflügel 15 kg", supplier: "Agrarhandel Weser-Ems eG",
  quantity: 5, pack_size: 5, unit_cost_cents: 2036, line_total_cents: 10180, on_hand: 3, on_order: 0,
  reorder_point: 10, forecast_rate: 0.8853, safety_stock: 4, order_up_to: 16,
  reason: "Bestand 3 unter Meldebestand 10; Absatz ~0,6/Tag, Prognose ~0,9/Tag (Wintersaison +70 % lt. Vorjahr, +22 % ggü. Vorjahr)",
  reason_code: "below_reorder_point",
  reason_facts: { on_hand: 3, reorder_point: 10, on_order: 0, recent_rate: 0.5714, forecast_rate: 0.8853, season: "winter", season_lift: 0.697, year_on_year: 0.2222 },
  ...over,
});

afterEach(() => setLanguage("de"));

describe("a proposal line's reason", () => {
  it("is worded in German exactly as the core's sentence", () => {
    setLanguage("de");
    expect(lineReason(line())).toBe(line().reason);
  });

  it("is worded in English from the code and the numbers", () => {
    setLanguage("en");
    expect(lineReason(line())).toBe(
      "Stock 3 below reorder point 10; Sales ~0.6/day, forecast ~0.9/day (winter season +70% on last year, +22% year on year)",
    );
  });

  it("states the forecast the column shows", () => {
    setLanguage("en");
    const l = line({ forecast_rate: 3.25, reason_facts: { ...line().reason_facts!, forecast_rate: 3.25 } });
    expect(lineReason(l)).toContain("forecast ~3.3/day");
  });

  it("says how long stock lasts, what is on order, and a falling trend", () => {
    setLanguage("en");
    const l = line({
      reason_code: "projected_stockout",
      reason_facts: { on_hand: 12, reorder_point: 4, on_order: 6, days_left: 13.6, recent_rate: 1.5, forecast_rate: 0.8853, trend: -0.3 },
    });
    expect(lineReason(l)).toBe("Stock 12 lasts ~14 days (+6 on order); Sales ~1.5/day, forecast ~0.9/day (trend -30% on the month before)");
    setLanguage("de");
    expect(lineReason(l)).toBe("Bestand 12 reicht ~14 Tage (+6 bestellt); Absatz ~1,5/Tag, Prognose ~0,9/Tag (Trend -30 % ggü. Vormonat)");
  });

  it("is the stored sentence for proposals made before reasons had codes, or with a code this window does not know", () => {
    setLanguage("en");
    expect(lineReason(line({ reason_code: undefined, reason_facts: undefined }))).toBe(line().reason);
    expect(lineReason(line({ reason_code: "something_new" }))).toBe(line().reason);
  });
});

describe("lost demand", () => {
  it("says how many days were sold out and what could not be sold", () => {
    setLanguage("en");
    expect(lostDemand({ stockout_days: 4, lost_units: 17.6 })).toBe("4 days sold out: ~18 units of lost demand (counted in the forecast)");
    expect(lostDemand({ stockout_days: 0, lost_units: 0 })).toBeNull();
    expect(lostDemand(undefined)).toBeNull();
    setLanguage("de");
  });
});
