// A line discount as the till gives it: the cashier's own up to the limit; above it the core
// answers `needs_manager`, the PIN dialog asks for a manager's name and PIN and the discount is
// sent again with them, as often as the manager retypes a wrong PIN or until they cancel.
import { type UiError, toUiError } from "../api/ipc";
import type { ManagerPin } from "../api/till";

/** Codes after which the PIN dialog stays open and asks again. */
const ASK_AGAIN = new Set(["wrong_pin", "unknown_manager", "not_a_manager", "locked_out"]);

/**
 * Gives the discount through `give`; `askPin` opens the PIN dialog (with the last refusal, if
 * any) and resolves to the typed name and PIN, or null when cancelled. Resolves to the answer of
 * the successful `give`, or null when the manager cancelled. Any other refusal is thrown.
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
  let refusal: UiError | null = null;
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
