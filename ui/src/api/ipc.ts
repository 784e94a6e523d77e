// The one door to the core: every command goes through call(), which turns a rejected invoke into
// a typed UiError `{code, message}` the screens can branch on.
import { invoke } from "@tauri-apps/api/core";

export interface UiError {
  code: string;
  message: string;
}

export function isUiError(value: unknown): value is UiError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as UiError).code === "string" &&
    typeof (value as UiError).message === "string"
  );
}

export function toUiError(error: unknown): UiError {
  if (isUiError(error)) return error;
  return { code: "internal", message: error instanceof Error ? error.message : String(error) };
}

export async function call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toUiError(error);
  }
}
