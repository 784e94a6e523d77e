// The core's refusals in the window's language. The core answers `{code, message}` with an English
// message; for the refusals a cashier or manager meets (wrong PIN, lockout, too many units back,
// staff rules) the details are read from the message and said again as a whole sentence.
import { dateTime, t } from "../i18n";
import { de } from "../texts.de";
import { type UiError, toUiError } from "./ipc";

type TextKey = keyof typeof de;

interface Pattern {
  codes: string[];
  re: RegExp;
  key: TextKey;
  /** Names of the placeholders filled from the capture groups, in order. */
  names: string[];
}

const PATTERNS: Pattern[] = [
  { codes: ["wrong_pin"], re: /wrong PIN for (.+); (\d+) attempts? left/, key: "refusal.wrongPin", names: ["name", "n"] },
  { codes: ["wrong_pin"], re: /wrong PIN; (\d+) attempts? left/, key: "refusal.wrongPin", names: ["n"] },
  { codes: ["locked_out"], re: /(.+) is locked out after too many wrong PINs until (.+)$/, key: "refusal.lockedOut", names: ["name", "until"] },
  { codes: ["unknown_manager", "unknown_staff"], re: /(.+) is not on the staff list/, key: "refusal.unknownStaff", names: ["name"] },
  { codes: ["not_a_manager"], re: /(.+) is not a manager/, key: "refusal.notAManager", names: ["name"] },
  { codes: ["wrong_approval"], re: /./, key: "refusal.wrongApproval", names: [] },
  {
    codes: ["refund_refused"],
    re: /cannot refund (\d+) × (\S+): (\d+) sold, (\d+) refunded already, (\d+) left/,
    key: "refusal.moreThanSold",
    names: ["requested", "sku", "sold", "refunded", "left"],
  },
  { codes: ["refund_refused"], re: /receipt (\d+) has been refunded completely already/, key: "refusal.nothingLeft", names: ["receipt"] },
  { codes: ["refund_refused"], re: /article (\S+) is not on the receipt/, key: "refusal.notOnReceipt", names: ["sku"] },
  { codes: ["refund_refused"], re: /a refund quantity must be at least 1/, key: "refusal.impossibleQuantity", names: [] },
  { codes: ["unknown_receipt", "invalid_input"], re: /there is no receipt (?:number )?(\d+)/, key: "refusal.unknownReceipt", names: ["receipt"] },
  { codes: ["invalid_input"], re: /a PIN must be 4 to 12 digits/, key: "refusal.invalidPin", names: [] },
  { codes: ["invalid_input"], re: /a staff name must be 1 to 60 characters/, key: "refusal.invalidName", names: [] },
  { codes: ["invalid_input"], re: /(.+) is already on the staff list/, key: "refusal.alreadyEnrolled", names: ["name"] },
  { codes: ["invalid_input"], re: /choose at least one unit to refund/, key: "refusal.nothingChosen", names: [] },
  { codes: ["invalid_input"], re: /a refund reason must be at most 200 characters/, key: "refusal.reasonTooLong", names: [] },
  { codes: ["denied"], re: /(.+) is the only manager/, key: "refusal.onlyManager", names: ["name"] },
  { codes: ["denied"], re: /the approval by (.+) is older than (\d+) minutes/, key: "refusal.approvalStale", names: ["name", "n"] },
  { codes: ["denied"], re: /the first member of staff must be a manager/, key: "refusal.firstManager", names: [] },
  { codes: ["denied"], re: /changing the staff list needs a manager's approval/, key: "refusal.staffNeedsManager", names: [] },
  { codes: ["needs_manager"], re: /./, key: "refusal.needsManager", names: [] },
];

/**
 * A refusal as one sentence in the current language: a known refusal said again with its details,
 * anything else as the kind of problem followed by the core's own words.
 */
export function explainRefusal(error: unknown): string {
  const e: UiError = toUiError(error);
  const message = e.message.replace(/^not allowed: /, "");
  for (const p of PATTERNS) {
    if (!p.codes.includes(e.code)) continue;
    const m = p.re.exec(message);
    if (!m) continue;
    const values: Record<string, string> = {};
    p.names.forEach((name, i) => (values[name] = m[i + 1]));
    if (values.until) values.until = dateTime(values.until.replace(/\.\d+/, "").replace(" UTC", "Z").replace(" ", "T"));
    if (p.key === "refusal.wrongPin" && !values.name) return t("refusal.wrongPinNoName", values);
    return t(p.key, values);
  }
  const kind = `error.${e.code}`;
  return `${kind in de ? t(kind as TextKey) : t("error.internal")}: ${e.message}`;
}
