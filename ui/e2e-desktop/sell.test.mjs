// End to end on the real app through tauri-driver: sell two articles for cash and find the sale
// and its events in the store's database; the customer display shows the cart while it is built.
// Started by scripts/test-desktop, which sets FILIALE_BIN, FILIALE_DATA_DIR and WEBDRIVER_URL.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { KEYS, Session } from "./webdriver.mjs";

const bin = process.env.FILIALE_BIN;
const dataDir = process.env.FILIALE_DATA_DIR;
const shots = process.env.SCREENSHOT_DIR;
let s;

const cli = (...args) => execFileSync(bin, ["--data-dir", dataDir, ...args], { encoding: "utf8" });
const nbsp = (t) => t.replace(/\u00a0/g, " ");
// Read in one step inside the page: the cart re-renders while the core answers, and an element
// found a moment earlier may already have been replaced.
const shownText = async (selector) =>
  nbsp(await s.script(`return document.querySelector(${JSON.stringify(selector)})?.innerText ?? "";`));

/**
 * Saves the screen as `name`.png, taken from the X server the app runs on (WebKitWebDriver's own
 * screenshots need compositing, which is off under Xvfb). Without a window manager the windows
 * overlap, so the one not shown is moved off the screen first.
 */
async function shoot(name, show, hide) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await s.switchTo(hide);
  await s.cmd("POST", "/window/rect", { x: 4000, y: 0 }).catch(() => {});
  await s.switchTo(show);
  await s.cmd("POST", "/window/rect", { x: 0, y: 0, width: 1280, height: 800 }).catch(() => {});
  await new Promise((r) => setTimeout(r, 400));
  execFileSync("sh", ["-c", `xwd -root -silent | convert xwd:- -crop 1280x800+0+0 +repage png:${shots}/${name}.png`]);
}

before(async () => {
  s = await Session.start(process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444", {
    "tauri:options": { application: bin, args: ["--data-dir", dataDir] },
  });
});
after(async () => {
  await s?.end().catch(() => {});
});

it("sells two articles for cash; the sale, its events and the customer display agree", async () => {
  const receiptsBefore = Number(JSON.parse(cli("status", "--json")).sales_today ?? 0);
  // The cashier window is the app's root page; the display's URL names display.html.
  const cashier = await s.switchToWindowWith((url) => !url.includes("display.html"));
  const scan = await s.until(() => s.find("#scan"), 20000, "the till");
  await s.type(scan, `GF-10001${KEYS.Enter}`);
  await s.until(() => s.findAll('#cart tr.line[data-sku="GF-10001"]').then((l) => l.length === 1), 10000, "first line");
  await s.type(scan, `GF-10003${KEYS.Enter}`);
  await s.until(() => s.findAll("#cart tr.line").then((l) => l.length === 2), 10000, "second line");
  assert.equal(await shownText("#total"), "27,98 €");

  const display = await s.switchToWindowWith("display.html");
  await s.until(() => s.findAll(".d-line").then((l) => l.length === 2), 10000, "the cart on the display");
  assert.equal(await shownText('[data-testid="display-total"]'), "27,98 €");
  assert.ok(await s.findAll('[data-connection="connected"]').then((l) => l.length === 1));
  await shoot("customer-display", display, cashier);
  await shoot("cashier", cashier, display);

  await s.switchTo(cashier);
  const tendered = await s.find("#tendered");
  await s.type(tendered, "50");
  await s.type(tendered, KEYS.F4);
  await s.until(() => s.find('[data-testid="receipt"]'), 10000, "the receipt");
  const receiptText = await shownText('[data-testid="receipt"]');
  assert.match(receiptText, /22,02 €/, "change of 50,00 € for 27,98 €");
  const heading = await shownText(".receipt h2");
  const receiptNo = Number(/(\d+)\s*$/.exec(heading)[1]);
  await shoot("receipt", cashier, display);

  await s.switchToWindowWith("display.html");
  await s.until(() => s.findAll(".d-thanks").then((l) => l.length === 1), 10000, "the thank-you screen");
  await shoot("customer-display-thanks", display, cashier);

  const status = JSON.parse(cli("status", "--json"));
  assert.equal(status.sales_today, receiptsBefore + 1);
  const printed = cli("receipt", String(receiptNo));
  assert.match(printed, /GF-10001|Pflanzkübel/);
  assert.match(printed, /GF-10003|Blumentopf Terrakotta 25/);
  const events = JSON.parse(cli("outbox", "list", "--json", "--limit", "50"));
  const types = new Set((events.rows ?? events).map((e) => e.event_type));
  for (const t of ["SaleCompleted", "StockUpdated", "JournalEntryPosted"]) assert.ok(types.has(t), `${t} in the outbox`);

  // The other screens, for the record.
  await s.switchTo(cashier);
  await s.type(await s.find("#close-receipt"), KEYS.Escape);
  for (const [hash, name] of [["#/freigaben", "approval"], ["#/backoffice/articles", "backoffice-articles"], ["#/backoffice/crm", "backoffice-crm"], ["#/backoffice/sync", "backoffice-sync"], ["#/backoffice/journal", "backoffice-journal"]]) {
    await s.script(`window.location.hash = arguments[0];`, [hash]);
    await new Promise((r) => setTimeout(r, 700));
    await shoot(name, cashier, display);
  }
});

it("finds an article by hybrid search and gives 20 % with the manager's PIN", async () => {
  const display = await s.switchToWindowWith("display.html");
  const cashier = await s.switchToWindowWith((url) => !url.includes("display.html"));
  await s.script(`window.location.hash = "#/kasse";`);
  const search = await s.until(() => s.find("#search"), 10000, "the search box");
  // Typed with a typo and in other words than the article's name.
  await s.type(search, "blumentopf terakotta");
  await s.until(
    () => s.script(`return document.querySelector("#results")?.dataset.query === "blumentopf terakotta";`),
    // The first search of a fresh store waits for the index to be built with the model.
    120000,
    "results for the whole query",
  );
  const mode = await s.script(`return document.querySelector("#results").dataset.mode;`);
  assert.equal(mode, "hybrid", "the embedding model is loaded in the app");
  const first = await s.script(`return document.querySelector("#results .hit")?.dataset.sku;`);
  assert.ok(["GF-10002", "GF-10003", "GF-10004"].includes(first), `a terracotta pot first, got ${first}`);
  await s.type(search, KEYS.Enter);
  await s.until(() => s.findAll(`#cart tr.line[data-sku="${first}"]`).then((l) => l.length === 1), 10000, "the pot in the cart");
  const before = await shownText("#total");

  // The discount is typed into the till's discount dialog (percent is chosen when it opens).
  await s.type(await s.find("#scan"), KEYS.F7);
  const discount = await s.until(() => s.find('[data-testid="discount-dialog"] #discount-input'), 10000, "the discount dialog");
  await s.type(discount, `20${KEYS.Enter}`);
  const pin = await s.until(() => s.find('[data-testid="pin-dialog"] #pin-input'), 10000, "the PIN dialog");
  await s.type(pin, `4321${KEYS.Enter}`);
  await s.until(() => s.script(`return document.querySelector("#pin-error")?.dataset.code === "wrong_pin";`), 10000, "wrong PIN refused");
  assert.match(await shownText("#pin-error"), /Falsche PIN/);
  assert.equal(await shownText("#total"), before, "a wrong PIN changes nothing");
  await shoot("cashier-manager-pin", cashier, display);
  await s.switchTo(cashier);

  await s.type(await s.find("#pin-input"), `1234${KEYS.Enter}`);
  await s.until(() => s.findAll("#cart .discount").then((l) => l.length === 1), 10000, "the discount on the line");
  const after = await shownText("#total");
  assert.notEqual(after, before);
  await s.type(await s.find("#scan"), KEYS.F5);
  await s.until(() => s.find('[data-testid="receipt"]'), 10000, "the receipt");
  assert.match(await shownText('[data-testid="receipt"]'), new RegExp(after.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await s.type(await s.find("#close-receipt"), KEYS.Escape);
});
