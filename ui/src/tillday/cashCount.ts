// The drawer counted by denomination (the Zählprotokoll): the euro notes and coins from 500 € to
// 1 ct, the live sum of a count, and the difference between what was counted and what the till
// expects, in words ("Kassendifferenz: 3,00 € zu wenig"). Pure logic, tested with vitest.
import { money, t } from "../i18n";
import type { CountedPieces } from "../api/bindings";

/** Every euro note and coin, in cents, from 500 € down to 1 ct. */
export const DENOMINATIONS = [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1] as const;

/** The most pieces of one denomination the core accepts. */
export const MAX_PIECES = 10_000;

/** A note or coin as people write it: "500 €", "2 €", "50 ct". */
export function denominationLabel(valueCents: number): string {
  return valueCents >= 100 ? `${valueCents / 100} €` : `${valueCents} ct`;
}

/** Notes are 5 € and up; 2 € and below are coins. */
export const isNote = (valueCents: number) => valueCents >= 500;

/** Pieces as typed into one field of the grid: "" is 0; `null` when it is no count. */
export function parsePieces(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return 0;
  if (!/^\d{1,5}$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n <= MAX_PIECES ? n : null;
}

/** The value of a count in cents. */
export function countTotal(pieces: readonly CountedPieces[]): number {
  return pieces.reduce((sum, p) => sum + p.value_cents * p.pieces, 0);
}

/** The grid's fields as the core takes a count: only denominations with pieces, 500 € first. */
export function countedPieces(typed: ReadonlyMap<number, number>): CountedPieces[] {
  return DENOMINATIONS.filter((d) => (typed.get(d) ?? 0) > 0).map((d) => ({ value_cents: d, pieces: typed.get(d) ?? 0 }));
}

export type DifferenceKind = "even" | "short" | "over";

/** Counted minus expected: below zero the drawer holds too little. */
export function differenceKind(differenceCents: number): DifferenceKind {
  return differenceCents === 0 ? "even" : differenceCents < 0 ? "short" : "over";
}

/** The difference in words: "Kassendifferenz: 3,00 € zu wenig" / "… zu viel" / "Kasse stimmt". */
export function differenceWords(differenceCents: number): string {
  const kind = differenceKind(differenceCents);
  if (kind === "even") return t("closing.differenceEven");
  return t(kind === "short" ? "closing.differenceShort" : "closing.differenceOver", { amount: money(Math.abs(differenceCents)) });
}
