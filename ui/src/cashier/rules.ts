// The till's rules as the cashier sees them: keyboard shortcuts, the discount limit, change due.

/** A line discount up to this share of the line needs no manager (the core enforces it too). */
export const DISCOUNT_WITHOUT_PIN_PERCENT = 10;

export type Action =
  | "focus-search"
  | "focus-scan"
  | "pay-cash"
  | "pay-card"
  | "attach-customer"
  | "discount"
  | "clear"
  | "increase"
  | "decrease"
  | "remove"
  | "select-previous"
  | "select-next"
  | "print";

/** The shortcuts shown on screen, in the order they are listed. */
export const SHORTCUTS: { key: string; action: Action }[] = [
  { key: "F2", action: "focus-search" },
  { key: "F3", action: "focus-scan" },
  { key: "F4", action: "pay-cash" },
  { key: "F5", action: "pay-card" },
  { key: "F6", action: "attach-customer" },
  { key: "F7", action: "discount" },
  { key: "F8", action: "print" },
  { key: "+", action: "increase" },
  { key: "-", action: "decrease" },
  { key: "Entf", action: "remove" },
  { key: "Esc", action: "clear" },
];

/**
 * The action of a key press. Function keys and Escape work everywhere; `+`, `-`, Delete and
 * arrows only outside text fields, where they would otherwise be typed.
 */
export function actionForKey(key: string, inTextField: boolean): Action | null {
  switch (key) {
    case "F2":
      return "focus-search";
    case "F3":
      return "focus-scan";
    case "F4":
      return "pay-cash";
    case "F5":
      return "pay-card";
    case "F6":
      return "attach-customer";
    case "F7":
      return "discount";
    case "F8":
      return "print";
    case "Escape":
      return "clear";
  }
  if (inTextField) return null;
  switch (key) {
    case "+":
      return "increase";
    case "-":
      return "decrease";
    case "Delete":
      return "remove";
    case "ArrowUp":
      return "select-previous";
    case "ArrowDown":
      return "select-next";
  }
  return null;
}

/** Whether a scanner (or a person) typed a barcode: 8 or 13 digits. */
export function looksLikeBarcode(text: string): boolean {
  return /^(\d{8}|\d{13})$/.test(text.trim());
}

export type DiscountRequest =
  | { ok: true; discountCents: number; needsManager: boolean }
  | { ok: false; reason: "invalid" | "too-large" };

/**
 * Reads a discount as typed — "10 %", "10%", "2,50" (euros) — for a line of `lineGrossCents`
 * (before any discount) and says whether it is above the limit the cashier may give alone
 * (the core decides; above the limit it asks for the manager's PIN).
 */
export function parseDiscount(
  text: string,
  lineGrossCents: number,
  parseAmount: (text: string) => number | null,
): DiscountRequest {
  const t = text.trim();
  let cents: number | null;
  const percent = /^(\d{1,3}(?:[.,]\d{1,2})?)\s*%$/.exec(t);
  if (percent) {
    const p = Number(percent[1].replace(",", "."));
    // Rounded down, so that "10 %" never ends up a cent above the limit.
    cents = Math.floor((lineGrossCents * p) / 100);
  } else {
    cents = parseAmount(t);
  }
  if (cents === null || cents < 0) return { ok: false, reason: "invalid" };
  if (cents > lineGrossCents) return { ok: false, reason: "too-large" };
  const needsManager = cents * 100 > lineGrossCents * DISCOUNT_WITHOUT_PIN_PERCENT;
  return { ok: true, discountCents: cents, needsManager };
}

/** Change due for cash: what was handed over beyond the total, or `null` when it is not enough. */
export function changeDue(totalCents: number, tenderedCents: number | null): number | null {
  if (tenderedCents === null) return 0;
  return tenderedCents >= totalCents ? tenderedCents - totalCents : null;
}

export type DiscountMode = "percent" | "amount";

export type DiscountInput = DiscountRequest | { ok: false; reason: "empty" };

/**
 * Reads the discount dialog: a percentage ("10", "12,5") or an amount in euros ("2,50") as the
 * chosen mode says; a "%" typed in the amount field is taken as a percentage all the same.
 */
export function discountFromInput(
  mode: DiscountMode,
  text: string,
  lineGrossCents: number,
  parseAmount: (text: string) => number | null,
): DiscountInput {
  const typed = text.trim();
  if (typed === "") return { ok: false, reason: "empty" };
  const asPercent = mode === "percent" && !typed.endsWith("%") ? `${typed} %` : typed;
  return parseDiscount(asPercent, lineGrossCents, parseAmount);
}
