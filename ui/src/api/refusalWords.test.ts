import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../i18n";
import type { ErrorCode } from "./bindings";
import { explainRefusal } from "./refusal";

type Code = ErrorCode["code"];

/** One refusal of every code bindings.ts knows; a code missing here does not compile. */
const ONE_OF_EACH: { [C in Code]: Extract<ErrorCode, { code: C }> } = {
  wrong_pin: { code: "wrong_pin", params: { name: "Lena", remaining: 3 } },
  locked_out: { code: "locked_out", params: { name: "Lena", until: "2025-03-14T09:30:00Z" } },
  unknown_staff: { code: "unknown_staff", params: { name: "Lena" } },
  unknown_manager: { code: "unknown_manager", params: { name: "Lena" } },
  not_a_manager: { code: "not_a_manager", params: { name: "Lena" } },
  wrong_approval: { code: "wrong_approval", params: { approved: "Lena", requested: "Lena" } },
  needs_manager: { code: "needs_manager", params: { limit_percent: 3 } },
  invalid_pin: { code: "invalid_pin" },
  invalid_name: { code: "invalid_name" },
  already_enrolled: { code: "already_enrolled", params: { name: "Lena" } },
  unknown_role: { code: "unknown_role", params: { role: "Lena" } },
  only_manager: { code: "only_manager", params: { name: "Lena" } },
  approval_stale: { code: "approval_stale", params: { name: "Lena", minutes: 3 } },
  first_manager: { code: "first_manager" },
  staff_needs_manager: { code: "staff_needs_manager" },
  unknown_receipt: { code: "unknown_receipt", params: { receipt_no: 3 } },
  refund_more_than_sold: { code: "refund_more_than_sold", params: { sku: "Lena", requested: 3, sold: 3, refunded: 3, left: 3 } },
  refund_nothing_left: { code: "refund_nothing_left", params: { receipt_no: 3 } },
  refund_not_on_receipt: { code: "refund_not_on_receipt", params: { sku: "Lena" } },
  refund_impossible_quantity: { code: "refund_impossible_quantity", params: { quantity: 3 } },
  refund_nothing_chosen: { code: "refund_nothing_chosen" },
  refund_reason_too_long: { code: "refund_reason_too_long", params: { max: 3 } },
  bad_sku: { code: "bad_sku", params: { sku: "Lena" } },
  bad_ean: { code: "bad_ean", params: { ean: "Lena" } },
  bad_ean_check_digit: { code: "bad_ean_check_digit", params: { ean: "Lena", expected: 7 } },
  unknown_article: { code: "unknown_article", params: { sku: "Lena" } },
  unknown_ean: { code: "unknown_ean", params: { ean: "Lena" } },
  duplicate_ean: { code: "duplicate_ean", params: { ean: "Lena", sku: "Lena" } },
  article_name_empty: { code: "article_name_empty" },
  field_too_long: { code: "field_too_long", params: { field: "Lena", max: 3 } },
  price_out_of_range: { code: "price_out_of_range", params: { price_cents: 3 } },
  purchase_price_out_of_range: { code: "purchase_price_out_of_range", params: { price_cents: 3 } },
  pack_size_zero: { code: "pack_size_zero" },
  lead_time_too_long: { code: "lead_time_too_long", params: { days: 3 } },
  reorder_point_negative: { code: "reorder_point_negative" },
  bad_vat_rate: { code: "bad_vat_rate", params: { rate: "Lena" } },
  bad_amount: { code: "bad_amount", params: { text: "Lena" } },
  amount_too_precise: { code: "amount_too_precise", params: { text: "Lena" } },
  amount_too_large: { code: "amount_too_large" },
  impossible_quantity: { code: "impossible_quantity", params: { quantity: 3 } },
  not_in_cart: { code: "not_in_cart", params: { sku: "Lena" } },
  negative_discount: { code: "negative_discount" },
  discount_above_line_total: { code: "discount_above_line_total", params: { discount_cents: 3, line_total_cents: 3 } },
  cart_total_too_large: { code: "cart_total_too_large" },
  empty_cart: { code: "empty_cart" },
  tendered_less_than_total: { code: "tendered_less_than_total", params: { tendered_cents: 3, total_cents: 3 } },
  non_positive_total: { code: "non_positive_total", params: { total_cents: 3 } },
  stock_quantity_impossible: { code: "stock_quantity_impossible", params: { quantity: 3, max: 3 } },
  count_or_difference: { code: "count_or_difference" },
  adjustment_impossible: { code: "adjustment_impossible" },
  price_change_needs_manager: {
    code: "price_change_needs_manager",
    params: { sku: "T-1", old_price_cents: 1299, new_price_cents: 100, limit_percent: 20, articles: 3 },
  },
  stock_correction_needs_manager: {
    code: "stock_correction_needs_manager",
    params: { sku: "T-3", delta: -1, value_cents: 123450, limit_cents: 10000 },
  },
  unknown_customer: { code: "unknown_customer", params: { customer_no: "Lena" } },
  duplicate_customer: { code: "duplicate_customer", params: { customer_no: "Lena" } },
  customer_name_empty: { code: "customer_name_empty" },
  bad_customer_number: { code: "bad_customer_number", params: { customer_no: "Lena" } },
  bad_email: { code: "bad_email", params: { email: "Lena" } },
  bad_postal_code: { code: "bad_postal_code", params: { postal_code: "Lena" } },
  customer_field_too_long: { code: "customer_field_too_long", params: { field: "Lena" } },
  unknown_lead: { code: "unknown_lead", params: { id: 3 } },
  lead_name_empty: { code: "lead_name_empty" },
  unknown_lead_status: { code: "unknown_lead_status", params: { status: "Lena" } },
  impossible_lead_transition: { code: "impossible_lead_transition", params: { from: "Lena", to: "Lena" } },
  file_not_utf8: { code: "file_not_utf8", params: { line: 3 } },
  file_empty: { code: "file_empty" },
  missing_column: { code: "missing_column", params: { column: "Lena" } },
  duplicate_column: { code: "duplicate_column", params: { column: "Lena" } },
  not_dead_letter: { code: "not_dead_letter", params: { store_seq: 3 } },
  search_too_long: { code: "search_too_long", params: { max: 3 } },
  workflow: { code: "workflow", params: { detail: "Lena" } },
  invalid_input: { code: "invalid_input", params: { detail: "Lena" } },
  disk_full: { code: "disk_full" },
  internal: { code: "internal", params: { detail: "Lena" } },
  till_refused: { code: "till_refused", params: { reason: "till_closed", de: "Kasse kasse-1 ist nicht geöffnet", en: "till kasse-1 is not open" } },
  order_refused: { code: "order_refused", params: { reason: "order_closed", de: "Bestellung B-00001 ist geliefert", en: "purchase order B-00001 is received" } },
};

describe("every refusal in words", () => {
  afterEach(() => setLanguage("de"));

  it.each(Object.values(ONE_OF_EACH).map((e) => [e.code, e] as const))("%s has German and English words", (_, error) => {
    setLanguage("de");
    const german = explainRefusal(error);
    setLanguage("en");
    const english = explainRefusal(error);
    for (const words of [german, english]) {
      expect(words.trim()).not.toBe("");
      expect(words).not.toMatch(/[{}]|refusal\./);
    }
    expect(german).not.toBe(english);
  });

  it.each([
    ["de", 1, "Falsche PIN für Lena. Noch 1 Versuch bis zur Sperre."],
    ["de", 3, "Falsche PIN für Lena. Noch 3 Versuche bis zur Sperre."],
    ["en", 1, "Wrong PIN for Lena. 1 attempt left before lockout."],
    ["en", 3, "Wrong PIN for Lena. 3 attempts left before lockout."],
  ] as const)("counts attempts in %s: %i", (lang, remaining, words) => {
    setLanguage(lang);
    expect(explainRefusal({ code: "wrong_pin", params: { name: "Lena", remaining } })).toBe(words);
  });

  it.each([
    ["de", 1, "Die Freigabe von Lena ist älter als 1 Minute. Bitte erneut freigeben."],
    ["de", 5, "Die Freigabe von Lena ist älter als 5 Minuten. Bitte erneut freigeben."],
    ["en", 1, "The approval by Lena is older than 1 minute. Please approve again."],
    ["en", 5, "The approval by Lena is older than 5 minutes. Please approve again."],
  ] as const)("counts minutes in %s: %i", (lang, minutes, words) => {
    setLanguage(lang);
    expect(explainRefusal({ code: "approval_stale", params: { name: "Lena", minutes } })).toBe(words);
  });
});
