// Tests of the display client against a fake WebSocket driven by the test, on fake timers.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  type ConnectionState,
  type WebSocketLike,
  backoffDelay,
  createDisplayClient,
} from "./displayClient";
import type { CartView, DisplayState } from "./protocol";

class FakeSocket implements WebSocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: unknown[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000): void {
    this.closedWith = code;
  }

  // What the hub does:
  open(): void {
    this.onopen?.({});
  }
  deliver(message: unknown): void {
    this.onmessage?.({ data: typeof message === "string" ? message : JSON.stringify(message) });
  }
  drop(code = 1006): void {
    this.onclose?.({ code, reason: "" });
  }
}

const URL = "ws://127.0.0.1:8787/ws/pos/kasse-1";

function cart(total: number): CartView {
  return {
    lines: [
      {
        sku: "ART-1",
        name: "Blumenerde 40 l",
        quantity: 1,
        unit_price_cents: total,
        line_total_cents: total,
        vat_rate: 19,
      },
    ],
    total_cents: total,
    vat_breakdown: [{ rate: 19, net_cents: 0, vat_cents: 0, gross_cents: total }],
    customer_name: null,
  };
}

function setup(extra: { name?: string; random?: () => number } = {}) {
  const sockets: FakeSocket[] = [];
  const shown: Array<{ state: DisplayState; version: number }> = [];
  const connections: ConnectionState[] = [];
  const client = createDisplayClient({
    url: URL,
    onState: (state, version) => shown.push({ state, version }),
    onConnection: (c) => connections.push(c),
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    random: extra.random ?? (() => 1),
    backoff: { initialMs: 100, maxMs: 1600, jitter: 0.5 },
    offlineAfterFailures: 3,
    pingIntervalMs: 1000,
    staleAfterMs: 3000,
    name: extra.name,
  });
  const last = () => sockets[sockets.length - 1];
  return { client, sockets, shown, connections, last };
}

const snapshot = (version: number, state: DisplayState, terminal = "kasse-1") => ({
  type: "snapshot",
  terminal_id: terminal,
  version,
  state,
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("display client", () => {
  it("shows the snapshot, then only updates with a newer version", () => {
    const { client, shown, last, connections } = setup({ name: "Eingang" });
    client.start();
    expect(connections).toEqual(["connecting"]);
    last().open();
    expect(last().sent).toEqual([{ type: "hello", name: "Eingang" }]);
    last().deliver(snapshot(5, { phase: "cart", cart: cart(100) }));
    expect(client.connection).toBe("connected");

    last().deliver({ type: "cart_updated", terminal_id: "kasse-1", version: 6, cart: cart(200) });
    last().deliver({ type: "cart_updated", terminal_id: "kasse-1", version: 6, cart: cart(999) });
    last().deliver({ type: "cart_updated", terminal_id: "kasse-1", version: 4, cart: cart(999) });
    last().deliver({ type: "cart_updated", terminal_id: "kasse-2", version: 9, cart: cart(999) });
    last().deliver("not json");
    last().deliver({ type: "pong", terminal_id: "kasse-1", version: 7 });
    last().deliver({
      type: "change_due",
      terminal_id: "kasse-1",
      version: 7,
      cart: cart(200),
      tendered_cents: 500,
      change_cents: 300,
    });
    last().deliver({ type: "idle", terminal_id: "kasse-1", version: 8 });

    expect(shown).toEqual([
      { version: 5, state: { phase: "cart", cart: cart(100) } },
      { version: 6, state: { phase: "cart", cart: cart(200) } },
      {
        version: 7,
        state: { phase: "change_due", cart: cart(200), tendered_cents: 500, change_cents: 300 },
      },
      { version: 8, state: { phase: "idle" } },
    ]);
    expect(client.version).toBe(8);
  });

  it("ignores updates that arrive before the first snapshot", () => {
    const { client, shown, last } = setup();
    client.start();
    last().open();
    last().deliver({ type: "idle", terminal_id: "kasse-1", version: 3 });
    expect(shown).toEqual([]);
    expect(client.connection).toBe("connecting");
  });

  it("reconnects with growing, jittered delays and takes the new snapshot even if its version is lower", () => {
    const { client, sockets, shown, last, connections } = setup({ random: () => 0 });
    client.start();
    last().open();
    last().deliver(snapshot(40, { phase: "idle" }));
    last().drop();
    expect(client.connection).toBe("reconnecting");

    // random() = 0: each delay is half its base (jitter 0.5): 50, 100, 200 ms.
    vi.advanceTimersByTime(49);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().drop();
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().drop();
    expect(client.connection).toBe("offline");
    vi.advanceTimersByTime(200);
    expect(sockets).toHaveLength(4);

    // The hub restarted and counts from 1 again: the snapshot still wins.
    last().open();
    last().deliver(snapshot(1, { phase: "cart", cart: cart(300) }));
    expect(shown[shown.length - 1]).toEqual({ version: 1, state: { phase: "cart", cart: cart(300) } });
    expect(connections).toEqual(["connecting", "connected", "reconnecting", "offline", "connected"]);

    // A success resets the backoff.
    last().drop();
    vi.advanceTimersByTime(50);
    expect(sockets).toHaveLength(5);
  });

  it("caps the delay and spreads it with jitter", () => {
    const backoff = { initialMs: 100, maxMs: 1600, jitter: 0.5 };
    expect(backoffDelay(0, backoff, () => 1)).toBe(100);
    expect(backoffDelay(3, backoff, () => 1)).toBe(800);
    expect(backoffDelay(10, backoff, () => 1)).toBe(1600);
    expect(backoffDelay(10, backoff, () => 0)).toBe(800);
    expect(backoffDelay(10, backoff, () => 0.5)).toBe(1200);
  });

  it("pings the hub and reopens a connection that went silent", () => {
    const { client, sockets, last } = setup();
    client.start();
    const first = last();
    first.open();
    first.deliver(snapshot(1, { phase: "idle" }));
    vi.advanceTimersByTime(1000);
    expect(first.sent).toEqual([{ type: "ping" }]);
    vi.advanceTimersByTime(2000);
    expect(first.closedWith).toBe(4000);
    expect(client.connection).toBe("reconnecting");
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
  });

  it("stops for good", () => {
    const { client, sockets, last } = setup();
    client.start();
    last().open();
    last().deliver(snapshot(1, { phase: "idle" }));
    client.stop();
    expect(last().closedWith).toBe(1000);
    expect(client.connection).toBe("offline");
    last().drop(1000);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});
