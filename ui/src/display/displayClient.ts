// Customer display client: follows one till over the hub's WebSocket, applies snapshots and
// newer updates, and reconnects with exponential backoff and jitter.

import { type DisplayState, type ServerMessage, parseServerMessage, stateOf } from "./protocol";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

/** The part of the browser's WebSocket the client uses, so tests can inject a fake. */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface Backoff {
  /** Delay before the first retry. */
  initialMs: number;
  /** Upper bound of the delay. */
  maxMs: number;
  /** Share of the delay that is random, 0..1: spreads displays out after a hub restart. */
  jitter: number;
}

export interface DisplayClientOptions {
  /** `ws://HOST:PORT/ws/pos/<terminal_id>`, with `?token=...` when the hub needs one. */
  url: string;
  /** Called with every state the display should show, and the message that carried it. */
  onState: (state: DisplayState, version: number) => void;
  /** Called whenever the connection state changes. */
  onConnection?: (connection: ConnectionState) => void;
  /** Sent as `{"type":"hello","name":...}` after connecting; shows in the cashier's list. */
  name?: string;
  backoff?: Partial<Backoff>;
  /** Consecutive failed attempts after which the state reads `offline` (retrying goes on). */
  offlineAfterFailures?: number;
  /** Interval of application pings; browsers cannot see WebSocket-level pings. */
  pingIntervalMs?: number;
  /** Silence after which the connection is taken as dead and reopened. */
  staleAfterMs?: number;
  /** Defaults to the global `WebSocket`. */
  createSocket?: WebSocketFactory;
  /** Defaults to `Math.random`. */
  random?: () => number;
}

export interface DisplayClient {
  /** Opens the connection; call once. */
  start(): void;
  /** Closes for good: no reconnect, state `offline`. */
  stop(): void;
  readonly connection: ConnectionState;
  /** The till's version shown now, or `null` before the first snapshot. */
  readonly version: number | null;
}

const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, jitter: 0.5 };

/** The delay before retry number `attempt` (0-based): doubling, capped, partly random. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (1 - backoff.jitter) + base * backoff.jitter * random());
}

export function createDisplayClient(options: DisplayClientOptions): DisplayClient {
  const backoff: Backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const offlineAfter = options.offlineAfterFailures ?? 5;
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const staleAfterMs = options.staleAfterMs ?? 45_000;
  const createSocket: WebSocketFactory =
    options.createSocket ?? ((url) => new WebSocket(url) as unknown as WebSocketLike);
  const expectedTerminal = terminalOf(options.url);

  let connection: ConnectionState = "connecting";
  let version: number | null = null;
  let socket: WebSocketLike | null = null;
  let failures = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  let lastHeard = 0;

  function setConnection(next: ConnectionState): void {
    if (next === connection) return;
    connection = next;
    options.onConnection?.(next);
  }

  function clearTimers(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    if (pingTimer !== null) clearInterval(pingTimer);
    retryTimer = null;
    pingTimer = null;
  }

  function open(): void {
    let ws: WebSocketLike;
    try {
      ws = createSocket(options.url);
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      lastHeard = Date.now();
      if (options.name !== undefined) ws.send(JSON.stringify({ type: "hello", name: options.name }));
      pingTimer = setInterval(() => keepAlive(ws), pingIntervalMs);
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      lastHeard = Date.now();
      if (typeof event.data === "string") receive(event.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      clearTimers();
      if (!stopped) scheduleRetry();
    };
    ws.onerror = () => {
      // A close event always follows; the retry is scheduled there.
    };
  }

  function keepAlive(ws: WebSocketLike): void {
    if (Date.now() - lastHeard >= staleAfterMs) {
      // Half-open connection (cable pulled, hub machine asleep): start over.
      ws.close(4000, "no message from the hub");
      socket = null;
      clearTimers();
      scheduleRetry();
      return;
    }
    ws.send(JSON.stringify({ type: "ping" }));
  }

  function receive(text: string): void {
    const message: ServerMessage | null = parseServerMessage(text);
    if (message === null) return;
    if (expectedTerminal !== null && message.terminal_id !== expectedTerminal) return;
    if (message.type === "snapshot") {
      // A snapshot is the whole truth, also when its version is lower (the hub restarted).
      version = message.version;
      failures = 0;
      setConnection("connected");
      options.onState(message.state, message.version);
      return;
    }
    if (version === null || message.version <= version) return;
    const state = stateOf(message);
    if (state === null) return;
    version = message.version;
    options.onState(state, message.version);
  }

  function scheduleRetry(): void {
    if (stopped) return;
    const delay = backoffDelay(failures, backoff, random);
    failures += 1;
    setConnection(failures >= offlineAfter ? "offline" : "reconnecting");
    retryTimer = setTimeout(() => {
      retryTimer = null;
      open();
    }, delay);
  }

  return {
    start() {
      stopped = false;
      options.onConnection?.(connection);
      open();
    },
    stop() {
      stopped = true;
      clearTimers();
      const ws = socket;
      socket = null;
      ws?.close(1000, "display closed");
      setConnection("offline");
    },
    get connection() {
      return connection;
    },
    get version() {
      return version;
    },
  };
}

/** The terminal id in a display URL, to ignore messages meant for another till. */
function terminalOf(url: string): string | null {
  const match = /\/ws\/pos\/([A-Za-z0-9_-]{1,32})(?:[?#]|$)/.exec(url);
  return match ? match[1] : null;
}
