// How the window meets the core's refusals: a command that refuses throws an ErrorCode
// `{code, params}` (generated in bindings.ts); anything else thrown (a failed invoke, a bug) is
// turned into the `internal` code so the screens branch on one type.
import type { ErrorCode } from "./bindings";

export type UiError = ErrorCode;

export function isUiError(value: unknown): value is UiError {
  return typeof value === "object" && value !== null && typeof (value as UiError).code === "string";
}

export function toUiError(error: unknown): UiError {
  if (isUiError(error)) return error;
  return { code: "internal", params: { detail: error instanceof Error ? error.message : String(error) } };
}

/** Runs a command and rethrows whatever it throws as a UiError. */
export async function call<T>(command: Promise<T>): Promise<T> {
  try {
    return await command;
  } catch (error) {
    throw toUiError(error);
  }
}
