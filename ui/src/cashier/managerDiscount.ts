// Acts behind a manager's PIN. A line discount is the cashier's own up to the limit; above it the
// core answers `needs_manager`, the PIN dialog asks for a manager's name and PIN and the discount
// is sent again with them. Refunds and staff changes always need the PIN. Either way the dialog
// asks again as often as the manager retypes a wrong PIN, until they cancel.
import { type UiError, toUiError } from "../api/ipc";
import type { ManagerPin } from "../api/till";

/** Codes after which the PIN dialog stays open and asks again. */
const ASK_AGAIN = new Set(["wrong_pin", "unknown_manager", "unknown_staff", "not_a_manager", "locked_out"]);

/**
 * Asks the PIN through `askPin` (with the last refusal, if any) and sends it with `give`, again
 * after each refused PIN. Resolves to the answer of the successful `give`, or null when the
 * manager cancelled. Any other refusal is thrown.
 */
export async function withManagerPin<T>(
  give: (manager: ManagerPin) => Promise<T>,
  askPin: (refusal: UiError | null) => Promise<ManagerPin | null>,
  firstRefusal: UiError | null = null,
): Promise<T | null> {
  let refusal = firstRefusal;
  for (;;) {
    const pin = await askPin(refusal);
    if (!pin) return null;
    try {
      return await give(pin);
    } catch (e) {
      const error = toUiError(e);
      if (!ASK_AGAIN.has(error.code)) throw error;
      refusal = error;
    }
  }
}

/**
 * Gives the discount through `give`, first without a PIN; when the core needs the manager, goes
 * on as [`withManagerPin`].
 */
export async function discountWithManager<T>(
  give: (manager?: ManagerPin) => Promise<T>,
  askPin: (refusal: UiError | null) => Promise<ManagerPin | null>,
): Promise<T | null> {
  try {
    return await give();
  } catch (e) {
    if (toUiError(e).code !== "needs_manager") throw toUiError(e);
  }
  return withManagerPin(give, askPin);
}

/** Refusals that mean "this needs a manager": the act is sent again with a manager's PIN. */
const NEEDS_MANAGER = new Set(["needs_manager", "price_change_needs_manager", "stock_correction_needs_manager"]);

/**
 * Does the act through `give`, first without a PIN; when the core answers that it needs a manager
 * (a price change or stock correction beyond the store's limit), asks the PIN showing that
 * refusal and goes on as [`withManagerPin`].
 */
export async function withManagerIfNeeded<T>(
  give: (manager: ManagerPin | null) => Promise<T>,
  askPin: (refusal: UiError | null) => Promise<ManagerPin | null>,
): Promise<T | null> {
  let first: UiError;
  try {
    return await give(null);
  } catch (e) {
    first = toUiError(e);
    if (!NEEDS_MANAGER.has(first.code)) throw first;
  }
  return withManagerPin(give, askPin, first);
}
