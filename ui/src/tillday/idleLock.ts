// The window's idle lock: after `minutes` without a key or a touch the till locks (the core locks
// too, on its side). While the cashier works, the core is told now and then, so that typing and
// searching alone keep the till signed in there as well.

export interface IdleLock {
  stop(): void;
}

/** How often, at most, the window tells the core that the cashier is still working. */
export const KEEP_ALIVE_EVERY_MS = 30_000;

export function idleLock(
  minutes: number,
  onIdle: () => void,
  keepAlive: () => void,
  target: Pick<Document, "addEventListener" | "removeEventListener"> = document,
  clock: () => number = Date.now,
): IdleLock {
  if (minutes <= 0) return { stop: () => {} };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastKeepAlive = clock();
  const restart = () => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, minutes * 60_000);
  };
  const activity = () => {
    restart();
    const now = clock();
    if (now - lastKeepAlive >= KEEP_ALIVE_EVERY_MS) {
      lastKeepAlive = now;
      keepAlive();
    }
  };
  const events = ["keydown", "pointerdown", "wheel"] as const;
  for (const e of events) target.addEventListener(e, activity, { capture: true, passive: true });
  restart();
  return {
    stop() {
      clearTimeout(timer);
      for (const e of events) target.removeEventListener(e, activity, { capture: true });
    },
  };
}
