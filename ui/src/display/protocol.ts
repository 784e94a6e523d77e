// Wire types of the customer display WebSocket (`ws://HOST:PORT/ws/pos/<terminal_id>`).
// Mirrors crates/display/src/view.rs and message.rs; documented in docs/display-protocol.md.
// Money is integer cents everywhere.

export type VatRate = 19 | 7 | 0;

export interface CartLineView {
  sku: string;
  name: string;
  quantity: number;
  unit_price_cents: number;
  line_total_cents: number;
  vat_rate: VatRate;
}

export interface VatBreakdownView {
  rate: VatRate;
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
}

export interface CartView {
  lines: CartLineView[];
  total_cents: number;
  vat_breakdown: VatBreakdownView[];
  customer_name: string | null;
}

export type PaymentMethod = "cash" | "card" | "voucher";

/** What the display shows; `phase` says which screen. */
export type DisplayState =
  | { phase: "idle" }
  | { phase: "cart"; cart: CartView }
  | {
      phase: "payment_in_progress";
      cart: CartView;
      method: PaymentMethod;
      tendered_cents: number | null;
    }
  | { phase: "change_due"; cart: CartView; tendered_cents: number; change_cents: number }
  | { phase: "sale_completed"; receipt_number: string; total_cents: number; change_cents: number };

interface Envelope {
  terminal_id: string;
  version: number;
}

/** Messages from the hub, tagged by `type`. */
export type ServerMessage =
  | (Envelope & { type: "snapshot"; state: DisplayState })
  | (Envelope & { type: "cart_updated"; cart: CartView })
  | (Envelope & {
      type: "payment_in_progress";
      cart: CartView;
      method: PaymentMethod;
      tendered_cents: number | null;
    })
  | (Envelope & { type: "change_due"; cart: CartView; tendered_cents: number; change_cents: number })
  | (Envelope & {
      type: "sale_completed";
      receipt_number: string;
      total_cents: number;
      change_cents: number;
    })
  | (Envelope & { type: "idle" })
  | (Envelope & { type: "pong" });

/** The only messages a display may send. */
export type ClientMessage = { type: "ping" } | { type: "hello"; name?: string };

const MESSAGE_TYPES = new Set([
  "snapshot",
  "cart_updated",
  "payment_in_progress",
  "change_due",
  "sale_completed",
  "idle",
  "pong",
]);

/** Parses one text frame; `null` for anything that is not a hub message. */
export function parseServerMessage(text: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const candidate = value as Record<string, unknown>;
  if (
    typeof candidate.type !== "string" ||
    !MESSAGE_TYPES.has(candidate.type) ||
    typeof candidate.terminal_id !== "string" ||
    typeof candidate.version !== "number" ||
    !Number.isSafeInteger(candidate.version)
  ) {
    return null;
  }
  return candidate as unknown as ServerMessage;
}

/** The screen a message puts up; `null` for a `pong`. */
export function stateOf(message: ServerMessage): DisplayState | null {
  switch (message.type) {
    case "snapshot":
      return message.state;
    case "cart_updated":
      return { phase: "cart", cart: message.cart };
    case "payment_in_progress":
      return {
        phase: "payment_in_progress",
        cart: message.cart,
        method: message.method,
        tendered_cents: message.tendered_cents,
      };
    case "change_due":
      return {
        phase: "change_due",
        cart: message.cart,
        tendered_cents: message.tendered_cents,
        change_cents: message.change_cents,
      };
    case "sale_completed":
      return {
        phase: "sale_completed",
        receipt_number: message.receipt_number,
        total_cents: message.total_cents,
        change_cents: message.change_cents,
      };
    case "idle":
      return { phase: "idle" };
    case "pong":
      return null;
  }
}
