import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KEEP_ALIVE_EVERY_MS, idleLock } from "./idleLock";

describe("the idle lock", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const target = () => {
    const listeners = new Set<() => void>();
    return {
      addEventListener: (_: string, l: () => void) => listeners.add(l),
      removeEventListener: (_: string, l: () => void) => listeners.delete(l),
      press: () => [...listeners].forEach((l) => l()),
      size: () => listeners.size,
    };
  };

  it("locks after the idle minutes and each key starts them again", () => {
    const keys = target();
    const onIdle = vi.fn();
    const lock = idleLock(5, onIdle, () => {}, keys as unknown as Document, () => Date.now());
    vi.advanceTimersByTime(4 * 60_000);
    keys.press();
    vi.advanceTimersByTime(4 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledOnce();
    lock.stop();
    expect(keys.size()).toBe(0);
  });

  it("tells the core at most every 30 seconds that the cashier works", () => {
    const keys = target();
    const keepAlive = vi.fn();
    idleLock(5, () => {}, keepAlive, keys as unknown as Document, () => Date.now());
    keys.press();
    expect(keepAlive).not.toHaveBeenCalled();
    vi.advanceTimersByTime(KEEP_ALIVE_EVERY_MS);
    keys.press();
    keys.press();
    expect(keepAlive).toHaveBeenCalledOnce();
  });

  it("never locks by time with 0 minutes", () => {
    const onIdle = vi.fn();
    idleLock(0, onIdle, () => {}, target() as unknown as Document);
    vi.advanceTimersByTime(24 * 3600_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
