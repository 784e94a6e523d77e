// Why a proposal line exists, in the window's language. The core sends each line's reason as a code
// with the numbers it speaks of (reason_code, reason_facts) next to the German sentence the command
// line prints; proposals stored before the codes existed carry only that sentence, shown as it is.
import { count, decimal, t } from "../i18n";
import type { LineReasonFacts, ProposalLine } from "../api/bindings";

export type { LineReasonFacts };

export const LINE_REASON_CODES = ["below_reorder_point", "at_reorder_point", "projected_stockout"] as const;
export type LineReasonCode = (typeof LINE_REASON_CODES)[number];
/** A proposal line as the core sends it, with the reason as data when the proposal has it. */
export type ReasonedLine = Omit<ProposalLine, "reason_code" | "reason_facts"> & {
  reason_code?: string | null;
  reason_facts?: LineReasonFacts | null;
};

const SEASONS: readonly string[] = ["spring", "summer", "autumn", "winter"];

function isCode(code: string | null | undefined): code is LineReasonCode {
  return (LINE_REASON_CODES as readonly string[]).includes(code ?? "");
}

/** A change as the language writes it: 0.6 -> "+60 %" (de), "+60%" (en). */
export function change(ratio: number): string {
  const p = Math.round(ratio * 100);
  return t("approval.why.percent", { sign: p >= 0 ? "+" : "-", n: count(Math.abs(p)) });
}

/**
 * The line's reason in the current language, e.g. "Stock 3 below reorder point 10; Sales ~0.6/day,
 * forecast ~0.9/day (winter season +70% on last year)". The forecast is the one the column shows.
 */
export function lineReason(line: ReasonedLine): string {
  const code = line.reason_code;
  const f = line.reason_facts;
  if (!isCode(code) || !f) return line.reason;
  const stock = t(`approval.why.${code}`, {
    onHand: count(f.on_hand),
    reorderPoint: count(f.reorder_point),
    days: count(Math.round(f.days_left ?? 0)),
  });
  const onOrder = f.on_order > 0 ? ` ${t("approval.why.onOrder", { n: count(f.on_order) })}` : "";
  const why: string[] = [];
  if (f.season && SEASONS.includes(f.season) && typeof f.season_lift === "number") {
    why.push(t("approval.why.season", { season: t(`approval.why.season.${f.season}`), change: change(f.season_lift) }));
  }
  if (typeof f.year_on_year === "number") why.push(t("approval.why.yearOnYear", { change: change(f.year_on_year) }));
  if (typeof f.trend === "number") why.push(t("approval.why.trend", { change: change(f.trend) }));
  const demand = t("approval.why.demand", { recent: decimal(f.recent_rate ?? 0, 1), forecast: decimal(line.forecast_rate ?? 0, 1) });
  return `${stock}${onOrder}; ${demand}${why.length > 0 ? ` (${why.join(", ")})` : ""}`;
}

/**
 * What the till could not sell because the article was out of stock, as the forecast counted it
 * ("4 days sold out: ~18 units of lost demand"); null when it was never out of stock.
 */
export function lostDemand(profile: { stockout_days?: number | null; lost_units?: number | null } | undefined): string | null {
  const days = profile?.stockout_days ?? 0;
  if (days <= 0) return null;
  return t("approval.lostDemand", { days: count(days), n: count(Math.round(profile?.lost_units ?? 0)) });
}
