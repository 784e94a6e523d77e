// A line's sales history as a small bar chart: one bar per day, scaled to the busiest day.
import { type Child, h } from "../dom";
import { count, t } from "../i18n";

/** Days of sales history shown per line. */
export const HISTORY_DAYS = 28;

/** Each day's bar height in percent of the busiest day (a day without sales: 0). */
export function barHeights(units: number[]): number[] {
  const most = Math.max(0, ...units);
  return units.map((u) => (most > 0 ? Math.round((Math.max(0, u) / most) * 100) : 0));
}

/** The chart of one line: the bars, and the units sold in words for screen readers and tooltips. */
export function historyChart(sku: string, units: number[] | undefined): Child {
  if (!units) return null;
  const sold = units.reduce((sum, u) => sum + u, 0);
  const label = t("approval.history", { days: count(units.length), n: count(sold) });
  return h(
    "div",
    { class: "history", "data-sku": sku, "data-sold": sold, role: "img", "aria-label": label, title: label },
    barHeights(units).map((height) => h("span", { class: height > 0 ? "bar" : "bar empty", style: `height: ${Math.max(height, 4)}%` })),
  );
}
