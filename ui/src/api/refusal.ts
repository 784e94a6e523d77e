// The core's refusals in the window's language: each ErrorCode has one sentence per language
// (texts.*.ts, "refusal.<code>"), filled from its parameters. The map below names every code of
// bindings.ts, so a new code that has no words does not compile.
import { dateTime, money, t } from "../i18n";
import type { ErrorCode } from "./bindings";
import { toUiError } from "./ipc";

type Code = ErrorCode["code"];
/** The parameters of one code (none for codes without). */
type ParamsOf<C extends Code> = Extract<ErrorCode, { code: C }> extends { params: infer P } ? P : Record<string, never>;
type Words = { [C in Code]: (params: ParamsOf<C>) => string };

/** Every code's sentence; a code's plain parameters fill placeholders of the same name. */
export const REFUSAL_WORDS: Words = {
  wrong_pin: (p) => (p.name ? t("refusal.wrong_pin", p) : t("refusal.wrong_pin_no_name", p)),
  locked_out: (p) => t("refusal.locked_out", { name: p.name, until: dateTime(p.until) }),
  unknown_staff: (p) => t("refusal.unknown_staff", p),
  unknown_manager: (p) => t("refusal.unknown_manager", p),
  not_a_manager: (p) => t("refusal.not_a_manager", p),
  wrong_approval: () => t("refusal.wrong_approval"),
  needs_manager: () => t("refusal.needs_manager"),
  invalid_pin: () => t("refusal.invalid_pin"),
  invalid_name: () => t("refusal.invalid_name"),
  already_enrolled: (p) => t("refusal.already_enrolled", p),
  unknown_role: (p) => t("refusal.unknown_role", p),
  only_manager: (p) => t("refusal.only_manager", p),
  approval_stale: (p) => t("refusal.approval_stale", p),
  first_manager: () => t("refusal.first_manager"),
  staff_needs_manager: () => t("refusal.staff_needs_manager"),
  unknown_receipt: (p) => t("refusal.unknown_receipt", p),
  refund_more_than_sold: (p) => t("refusal.refund_more_than_sold", p),
  refund_nothing_left: (p) => t("refusal.refund_nothing_left", p),
  refund_not_on_receipt: (p) => t("refusal.refund_not_on_receipt", p),
  refund_impossible_quantity: () => t("refusal.refund_impossible_quantity"),
  refund_nothing_chosen: () => t("refusal.refund_nothing_chosen"),
  refund_reason_too_long: (p) => t("refusal.refund_reason_too_long", p),
  bad_sku: (p) => t("refusal.bad_sku", p),
  bad_ean: (p) => t("refusal.bad_ean", p),
  bad_ean_check_digit: (p) => t("refusal.bad_ean_check_digit", p),
  unknown_article: (p) => t("refusal.unknown_article", p),
  unknown_ean: (p) => t("refusal.unknown_ean", p),
  duplicate_ean: (p) => t("refusal.duplicate_ean", p),
  article_name_empty: () => t("refusal.article_name_empty"),
  field_too_long: (p) => t("refusal.field_too_long", p),
  price_out_of_range: (p) => t("refusal.price_out_of_range", { price: money(p.price_cents) }),
  purchase_price_out_of_range: (p) => t("refusal.purchase_price_out_of_range", { price: money(p.price_cents) }),
  pack_size_zero: () => t("refusal.pack_size_zero"),
  lead_time_too_long: (p) => t("refusal.lead_time_too_long", p),
  reorder_point_negative: () => t("refusal.reorder_point_negative"),
  bad_vat_rate: (p) => t("refusal.bad_vat_rate", p),
  bad_amount: (p) => t("refusal.bad_amount", p),
  amount_too_precise: (p) => t("refusal.amount_too_precise", p),
  amount_too_large: () => t("refusal.amount_too_large"),
  impossible_quantity: (p) => t("refusal.impossible_quantity", p),
  not_in_cart: (p) => t("refusal.not_in_cart", p),
  negative_discount: () => t("refusal.negative_discount"),
  discount_above_line_total: (p) =>
    t("refusal.discount_above_line_total", { discount: money(p.discount_cents), line_total: money(p.line_total_cents) }),
  cart_total_too_large: () => t("refusal.cart_total_too_large"),
  empty_cart: () => t("refusal.empty_cart"),
  tendered_less_than_total: (p) =>
    t("refusal.tendered_less_than_total", { tendered: money(p.tendered_cents), total: money(p.total_cents) }),
  non_positive_total: (p) => t("refusal.non_positive_total", { total: money(p.total_cents) }),
  stock_quantity_impossible: (p) => t("refusal.stock_quantity_impossible", p),
  count_or_difference: () => t("refusal.count_or_difference"),
  adjustment_impossible: () => t("refusal.adjustment_impossible"),
  price_change_needs_manager: (p) =>
    t(p.articles > 1 ? "refusal.price_change_needs_manager_many" : "refusal.price_change_needs_manager", {
      sku: p.sku,
      old: money(p.old_price_cents),
      new: money(p.new_price_cents),
      limit_percent: p.limit_percent,
      more: p.articles - 1,
    }),
  stock_correction_needs_manager: (p) =>
    t("refusal.stock_correction_needs_manager", {
      sku: p.sku,
      delta: p.delta > 0 ? `+${p.delta}` : `${p.delta}`,
      value: money(p.value_cents),
      limit: money(p.limit_cents),
    }),
  unknown_customer: (p) => t("refusal.unknown_customer", p),
  duplicate_customer: (p) => t("refusal.duplicate_customer", p),
  customer_name_empty: () => t("refusal.customer_name_empty"),
  bad_customer_number: (p) => t("refusal.bad_customer_number", p),
  bad_email: (p) => t("refusal.bad_email", p),
  bad_postal_code: (p) => t("refusal.bad_postal_code", p),
  customer_field_too_long: (p) => t("refusal.customer_field_too_long", p),
  unknown_lead: (p) => t("refusal.unknown_lead", p),
  lead_name_empty: () => t("refusal.lead_name_empty"),
  unknown_lead_status: (p) => t("refusal.unknown_lead_status", p),
  impossible_lead_transition: (p) => t("refusal.impossible_lead_transition", p),
  file_not_utf8: (p) => t("refusal.file_not_utf8", p),
  file_empty: () => t("refusal.file_empty"),
  missing_column: (p) => t("refusal.missing_column", p),
  duplicate_column: (p) => t("refusal.duplicate_column", p),
  not_dead_letter: (p) => t("refusal.not_dead_letter", p),
  search_too_long: (p) => t("refusal.search_too_long", p),
  workflow: (p) => t("refusal.workflow", p),
  invalid_input: (p) => t("refusal.invalid_input", p),
  disk_full: () => t("refusal.disk_full"),
  internal: (p) => t("refusal.internal", p),
  till_refused: (p) => t("refusal.till_refused", p),
  order_refused: (p) => t("refusal.order_refused", p),
};

/** A refusal as one sentence in the current language. */
export function explainRefusal(error: unknown): string {
  const e = toUiError(error);
  const words = REFUSAL_WORDS[e.code] as ((params: unknown) => string) | undefined;
  // A code this window does not know yet (a newer core) is still said, as the kind of problem.
  if (!words) return t("refusal.internal", { detail: e.code });
  return words("params" in e ? e.params : {});
}
