// The trading day's commands: the till's state, sign-in and lock, opening with a float, cash in
// and out, the X-report, the daily closing and the closings of the back office.
import { commands } from "./bindings";
import type { CashCountInput } from "./bindings";
import { type UiError, call } from "./ipc";
import type { ManagerPin } from "./till";

export const tillDay = {
  status: () => call(commands.tillStatus()),
  signIn: (name: string, pin: string) => call(commands.tillSignIn(name, pin)),
  lock: () => call(commands.tillLock()),
  keepAlive: () => call(commands.tillKeepAlive()),
  takeOver: () => call(commands.tillTakeOver()),
  open: (float: CashCountInput) => call(commands.tillOpen(float)),
  cashMove: (direction: "in" | "out", reason: string, amountCents: number, note: string, manager?: ManagerPin) =>
    call(commands.tillCashMove(direction, reason, amountCents, note, manager?.manager ?? null, manager?.pin ?? null)),
  xReport: () => call(commands.tillXReport()),
  close: (counted: CashCountInput, floatNextCents: number) => call(commands.tillClose(counted, floatNextCents)),
  closings: (till: string | null, limit = 200) => call(commands.tillClosings(till, limit)),
};

/** The till's refusals that mean "nobody is signed in here": the window shows the sign-in screen. */
export function needsSignIn(error: UiError): boolean {
  return error.code === "till_refused" && ["not_signed_in", "idle_locked"].includes(error.params.reason);
}

/** A till refusal's reason (`till_closed`, `needs_manager`, ...), or null for other refusals. */
export function tillReason(error: UiError): string | null {
  return error.code === "till_refused" ? error.params.reason : null;
}
