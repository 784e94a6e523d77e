// A small WebDriver client over HTTP, enough to drive the real app through tauri-driver.
const KEYS = { Enter: "\uE007", F4: "\uE034", F5: "\uE035", F7: "\uE037", Escape: "\uE00C" };
export { KEYS };

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities) {
    const res = await request(base, "POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, res.value.sessionId);
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body).then((r) => r.value);
  }

  end() {
    return this.cmd("DELETE", "");
  }

  async find(css) {
    const el = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return Object.values(el)[0];
  }

  async findAll(css) {
    const els = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return els.map((e) => Object.values(e)[0]);
  }

  type(element, text) {
    return this.cmd("POST", `/element/${element}/value`, { text });
  }

  text(element) {
    return this.cmd("GET", `/element/${element}/text`);
  }

  click(element) {
    return this.cmd("POST", `/element/${element}/click`, {});
  }

  script(source, args = []) {
    return this.cmd("POST", "/execute/sync", { script: source, args });
  }

  screenshot() {
    return this.cmd("GET", "/screenshot").then((b64) => Buffer.from(b64, "base64"));
  }

  handles() {
    return this.cmd("GET", "/window/handles");
  }

  switchTo(handle) {
    return this.cmd("POST", "/window", { handle });
  }

  url() {
    return this.cmd("GET", "/url");
  }

  /** Switches to the window whose URL satisfies `test` (a substring or a predicate). */
  async switchToWindowWith(test, timeoutMs = 15000) {
    const matches = typeof test === "string" ? (url) => url.includes(test) : test;
    return this.until(async () => {
      for (const handle of await this.handles()) {
        await this.switchTo(handle);
        if (matches(await this.url())) return handle;
      }
      return null;
    }, timeoutMs, `a window matching ${test}`);
  }

  /** Polls `probe` until it returns something truthy. */
  async until(probe, timeoutMs = 15000, what = "condition") {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      try {
        last = await probe();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what} (last: ${last})`);
  }
}

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  return json;
}
