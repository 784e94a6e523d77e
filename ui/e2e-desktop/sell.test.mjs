// End to end on the real app through tauri-driver: the demo cashier signs in and opens the till
// with a counted float, sells two articles for cash and finds the sale and its events in the
// store's database (the customer display shows the cart while it is built), ..., and at the end
// closes the till in the window, checking the Z-report's figures against the day's sales.
// Started by scripts/test-desktop, which sets FILIALE_BIN, FILIALE_DATA_DIR and WEBDRIVER_URL.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { KEYS, Session } from "./webdriver.mjs";

const bin = process.env.FILIALE_BIN;
/** The first test's sale, which the back office looks up later: receipt number and total. */
let sold = null;
/** The day at the till as the tests made it, for the closing's figures (cents). */
const day = { float: 0, cashSales: 0, cardSales: 0, receipts: 0, refundsCash: 0, refunds: 0, cashIn: 0 };
const cents = (text) => {
  const m = /(-?)([\d.]+),(\d\d)\s*€/.exec(text);
  if (!m) throw new Error(`no amount in ${JSON.stringify(text)}`);
  return (m[1] ? -1 : 1) * (Number(m[2].replace(/\./g, "")) * 100 + Number(m[3]));
};
const euros = (c) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)},${String(Math.abs(c) % 100).padStart(2, "0")}`;
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
  // The demo store's morning was sold at kasse-1: that session is closed first (counted as
  // expected), so the window starts its own day with the sign-in and the opening float.
  const status = JSON.parse(cli("till", "status", "--json"));
  if (status.session) cli("till", "close", "--cashier", "Kasse", "--pin", "0000", "--counted", euros(status.cash_expected_cents));
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
  // The window starts locked: the demo cashier signs in with name and PIN; a wrong PIN first.
  const name = await s.until(() => s.find("#signin-name"), 20000, "the sign-in screen");
  assert.equal(await s.findAll("#scan").then((l) => l.length), 0, "no till before sign-in");
  await s.type(name, "Kasse");
  await s.type(await s.find("#signin-pin"), `1111${KEYS.Enter}`);
  await s.until(() => s.script(`return document.querySelector("#signin-error")?.dataset.code ?? null;`), 10000, "the wrong PIN refused");
  assert.match(await shownText("#signin-error"), /Falsche PIN für Kasse/);
  await s.type(await s.find("#signin-pin"), `0000${KEYS.Enter}`);
  // The till is closed: the float is counted by denomination and the grid sums it.
  await s.until(() => s.find("#float-grid"), 10000, "the opening screen");
  for (const [value, pieces] of [[2000, 4], [1000, 4], [500, 4], [200, 5]]) {
    await s.type(await s.find(`#float-grid input[data-value="${value}"]`), String(pieces));
  }
  assert.equal(await shownText("#open-total"), "150,00 €");
  await shoot("open-till", cashier, await s.switchToWindowWith("display.html"));
  await s.switchTo(cashier);
  await s.click(await s.find("#open-till"));
  const scan = await s.until(() => s.find("#scan"), 20000, "the till");
  day.float = 150_00;
  assert.equal(await shownText("#till-cashier"), "Angemeldet: Kasse");
  assert.equal(JSON.parse(cli("till", "status", "--json")).session.float_cents, 150_00, "opened in the store");
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
  // What § 6 KassenSichV asks of the receipt, from the real core and its software TSE.
  await s.until(() => s.find('[data-testid="receipt-qr"]'), 10000, "the receipt's QR code");
  const fiscal = await shownText('[data-testid="receipt-tse"]');
  for (const field of ["TSE-Transaktion", "Signaturzähler", "TSE-Seriennummer", "Signatur:", "Start", "Ende", "nicht zertifiziert"]) {
    assert.ok(fiscal.includes(field), `the receipt shows ${field}: ${fiscal}`);
  }
  assert.match(await shownText(".receipt-store"), /Gartencenter Grünfink/);
  const heading = await shownText(".receipt h2");
  const receiptNo = Number(/(\d+)\s*$/.exec(heading)[1]);
  sold = { receiptNo, total: "27,98 €" };
  day.cashSales += 27_98;
  day.receipts += 1;
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
  for (const [hash, name] of [["#/backoffice/articles", "backoffice-articles"], ["#/backoffice/crm", "backoffice-crm"], ["#/backoffice/sync", "backoffice-sync"], ["#/backoffice/journal", "backoffice-journal"]]) {
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
  day.cardSales += cents(after);
  day.receipts += 1;
  await s.type(await s.find("#close-receipt"), KEYS.Escape);
});

it("the back office refunds part of the sale, adds a cashier and shows both in the audit log", async () => {
  assert.ok(sold, "the sale of the first test");
  const display = await s.switchToWindowWith("display.html");
  const cashier = await s.switchToWindowWith((url) => !url.includes("display.html"));
  const dataOf = (selector, key) => s.script(`return document.querySelector(${JSON.stringify(selector)})?.dataset[${JSON.stringify(key)}] ?? null;`);

  // Receipts: the sale is found by its number, with its total; one pot goes back with the PIN.
  await s.script(`window.location.hash = "#/backoffice/receipts";`);
  const number = await s.until(() => s.find("#receipt-no"), 10000, "the receipt number field");
  await s.type(number, `${sold.receiptNo}${KEYS.Enter}`);
  await s.until(() => s.findAll("#refund-lines tbody tr").then((l) => l.length === 2), 10000, "the sale's two lines");
  assert.match(await shownText("#receipt-title"), new RegExp(`^Bon ${sold.receiptNo} vom `));
  assert.equal(await shownText("#receipt-total"), `Bonsumme ${sold.total}`);
  assert.match(await shownText(".receipt-paid"), /bar: gegeben 50,00 €, zurück 22,02 €/);
  await s.type(await s.find('.refund-qty[data-sku="GF-10003"]'), "1");
  const preview = /Erstattung: (\d+,\d\d €)/.exec(await shownText("#refund-preview"));
  assert.ok(preview, "the refund's amount before the PIN is asked");
  await s.type(await s.find("#refund-reason"), `Topf gesprungen${KEYS.Enter}`);
  const pin = await s.until(() => s.find('[data-testid="pin-dialog"] #pin-input'), 10000, "the PIN dialog");
  assert.match(await shownText(".pin-intro"), new RegExp(`Erstattung von ${preview[1]} zu Bon ${sold.receiptNo}`));
  await s.type(pin, `1234${KEYS.Enter}`);
  await s.until(() => dataOf("#receipts-status", "refundNo"), 10000, "the refund's number");
  assert.match(
    await shownText("#receipts-status"),
    new RegExp(`^Erstattung Nr\\. \\d+ zu Bon ${sold.receiptNo}: ${preview[1]} zurück \\(bar\\), freigegeben von Filialleitung\\.$`),
  );
  assert.match(await shownText("#receipt-refunded"), new RegExp(`Bereits erstattet ${preview[1]}`));
  day.refundsCash += cents(preview[1]);
  day.refunds += 1;
  assert.match(await shownText("#earlier-refunds"), /Erstattung/);
  await shoot("backoffice-receipts", cashier, display);

  // Staff: the demo store's manager and till; a new cashier is added with the manager's PIN.
  await s.switchTo(cashier);
  await s.script(`window.location.hash = "#/backoffice/staff";`);
  await s.until(() => s.findAll("#staff-table tbody tr").then((l) => l.length === 2), 10000, "the staff list");
  assert.match(await shownText("#staff-table"), /Filialleitung\s+Filialleitung\s+aktiv/);
  await s.type(await s.find("#new-name"), "Jonas");
  await s.type(await s.find("#new-pin"), "5678");
  await s.type(await s.find("#new-pin2"), `5678${KEYS.Enter}`);
  const staffPin = await s.until(() => s.find('[data-testid="pin-dialog"] #pin-input'), 10000, "the PIN dialog");
  await s.type(staffPin, `1234${KEYS.Enter}`);
  await s.until(() => s.findAll("#staff-table tbody tr").then((l) => l.length === 3), 10000, "Jonas in the list");
  assert.equal(await shownText("#staff-status"), "Jonas ist als Kasse angelegt.");
  assert.match(await shownText("#staff-table"), /Jonas\s+Kasse\s+aktiv/);
  assert.match(cli("staff", "list"), /Jonas\s+cashier/, "in the store's database");
  await shoot("backoffice-staff", cashier, display);

  // Audit log: the refund and the new cashier, newest first, and the books' chain intact.
  await s.switchTo(cashier);
  await s.script(`window.location.hash = "#/backoffice/audit";`);
  await s.until(() => s.findAll("#audit-table tbody tr").then((l) => l.length > 0), 10000, "the audit log");
  const rows = await s.script(`return [...document.querySelectorAll("#audit-table tbody tr")].map((r) => r.innerText.replace(/\\u00a0/g, " "));`);
  assert.match(rows[0], /Filialleitung\s+Personal angelegt\s+Jonas\s+ausgeführt/, "the newest entry first");
  assert.ok(
    rows.some((r) => new RegExp(`Filialleitung\\s+Erstattung\\s+(Bon )?${sold.receiptNo}\\s+ausgeführt`).test(r)),
    `the refund of receipt ${sold.receiptNo} in ${rows.join(" | ")}`,
  );
  await s.type(await s.find("#verify-chain"), KEYS.Enter);
  await s.until(() => dataOf("#chain-result", "ok"), 20000, "the chain check");
  assert.equal(await dataOf("#chain-result", "ok"), "true");
  assert.match(await shownText("#chain-result"), /^Kette in Ordnung: [\d.]+ Einträge geprüft, nichts verändert\./);
  await shoot("backoffice-audit", cashier, display);
});

it("the manager creates a reorder proposal, approves it with the PIN, and the orders exist", async () => {
  const display = await s.switchToWindowWith("display.html");
  const cashier = await s.switchToWindowWith((url) => !url.includes("display.html"));
  await s.script(`window.location.hash = "#/freigaben";`);
  const start = await s.until(() => s.find("#start-proposal"), 10000, "the approval screen");
  const before = await s.script(`return document.querySelectorAll("#proposals li[data-id]").length;`);
  await s.type(start, KEYS.Enter);
  // The demo store has articles at or below their reorder point, so there is something to order.
  await s.until(() => s.findAll(".supplier tr[data-sku]").then((l) => l.length > 0), 60000, "the proposal's lines");
  // The list is refreshed after the proposal is shown.
  const id = await s.until(() => s.script(`return document.querySelector("#proposals li.selected")?.dataset.id ?? null;`), 10000, "the new proposal in the list");
  assert.match(id ?? "", /^BV-\d{8}-\d{3}$/);
  assert.equal(await s.script(`return document.querySelectorAll("#proposals li[data-id]").length;`), before + 1);
  assert.match(await shownText("#approval-message"), new RegExp(`Vorschlag ${id} erstellt`));
  assert.match(await shownText("#proposal h2"), new RegExp(`Bestellvorschlag ${id}\\s+wartet auf Freigabe`));
  assert.match(await shownText(".grand-total"), /^Bestellwert\s+[\d.]+,\d\d €\s*$/);
  const listed = cli("reorder", "list");
  assert.match(listed, new RegExp(`${id}\\s+interrupted`), "waiting for the manager in the store's database");
  assert.match(await shownText('[data-kpi="articles"] strong'), /^\d+$/);
  // Every line has its sales of the last 28 days drawn from the store's sales history.
  await s.until(() => s.script(`return document.querySelectorAll(".history[data-sku] .bar").length > 0;`), 10000, "the sales charts");
  const charts = await s.script(`return [...document.querySelectorAll(".history[data-sku]")].map((c) => c.querySelectorAll(".bar").length);`);
  assert.equal(charts.length, await s.script(`return document.querySelectorAll(".supplier tr[data-sku]").length;`));
  assert.ok(charts.every((bars) => bars === 28), "28 days per line");
  await shoot("approval", cashier, display);

  // Approved as proposed with the manager's PIN: the workflow creates the purchase orders.
  await s.switchTo(cashier);
  await s.type(await s.find("#pin"), "1234");
  await s.click(await s.find("#approve"));
  await s.until(() => s.script(`return document.querySelector('.outcome[data-outcome="ordered"]') !== null;`), 20000, "the orders");
  assert.match(await shownText(".outcome"), /^Bestellt: \S+\.$/);
  await s.until(() => s.script(`return document.querySelector('#proposals li[data-id="${id}"] .badge')?.textContent === "bestellt";`), 10000, "the list's badge");
  assert.match(cli("reorder", "list"), new RegExp(`${id}\\s+completed`), "decided in the store's database");
  const events = JSON.parse(cli("outbox", "list", "--json", "--limit", "50"));
  const orders = (events.rows ?? events).filter((e) => e.event_type === "PurchaseOrderCreated");
  assert.ok(orders.length > 0, "PurchaseOrderCreated in the outbox");
});

/** `amount` cents as notes and coins, largest first (the drawer as the cashier counts it). */
function piecesOf(amount) {
  const pieces = [];
  let left = amount;
  for (const value of [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1]) {
    const n = Math.floor(left / value);
    if (n > 0) pieces.push([value, n]);
    left -= n * value;
  }
  return pieces;
}

it("closes the till: the drawer counted 3,00 € short, the Z-report's figures are the day's sales", async () => {
  const display = await s.switchToWindowWith("display.html");
  const cashier = await s.switchToWindowWith((url) => !url.includes("display.html"));
  await s.script(`window.location.hash = "#/kasse";`);
  // The back office and the approvals were shown meanwhile; the till is still signed in.
  const menu = await s.until(() => s.find("#menu-closing"), 10000, "the till's menu");
  // Change money comes in during the day: 50 € through the cash dialog.
  await s.click(await s.find("#menu-cash"));
  await s.click(await s.until(() => s.find('[data-testid="cash-dialog"] #cash-dir-in'), 10000, "the cash dialog"));
  assert.equal(await s.script(`return document.querySelector("#cash-reason").value;`), "wechselgeld");
  await s.type(await s.find("#cash-amount"), `50${KEYS.Enter}`);
  await s.until(async () => (await shownText("#till-message")).startsWith("Einzahlung 50,00 € (Wechselgeld) gebucht"), 10000, "the cash in booked");
  day.cashIn += 50_00;
  const x = JSON.parse(cli("till", "x-report", "--json"));
  const expected = day.float + day.cashSales - day.refundsCash + day.cashIn;
  assert.equal(x.figures.cash_in_cents, day.cashIn);
  assert.equal(x.figures.cash_expected_cents, expected, "the store expects what the window sold");
  await s.click(menu);
  await s.until(() => s.find("#closing-grid"), 10000, "the closing screen");
  assert.equal(await shownText("#closing-expected"), `${euros(expected)} €`);

  const counted = expected - 3_00;
  for (const [value, pieces] of piecesOf(counted)) {
    await s.type(await s.find(`#closing-grid input[data-value="${value}"]`), String(pieces));
  }
  await s.until(async () => (await shownText("#closing-counted")) === `${euros(counted)} €`, 10000, "the live sum");
  assert.equal(await shownText("#closing-difference-words"), "Kassendifferenz: 3,00 € zu wenig");
  assert.equal(await s.script(`return document.querySelector("#closing-difference-words").dataset.kind;`), "short");
  // The day's float is offered for tomorrow; the cashier keeps 100 € instead.
  assert.equal(await s.script(`return document.querySelector("#float-next").value.replace(/\u00a0/g, " ");`), "150,00 €");
  await s.script(`document.querySelector("#float-next").value = "";`);
  await s.type(await s.find("#float-next"), "100");
  assert.equal(await shownText("#closing-banked"), `${euros(counted - 100_00)} €`);
  await shoot("closing", cashier, display);

  const zBefore = JSON.parse(cli("till", "status", "--json")).last_z_no ?? 0;
  await s.switchTo(cashier);
  await s.click(await s.find("#confirm-closing"));
  await s.until(() => s.find('[data-testid="z-report"]'), 15000, "the Z-report");
  const z = await shownText('[data-testid="z-report"]');
  assert.match(z, new RegExp(`Z-Bericht Nr\\. ${zBefore + 1}`));
  const figure = (label) => {
    const m = new RegExp(`${label}\\s+(-?[\\d.]+,\\d\\d €)`).exec(z);
    assert.ok(m, `${label} on the Z-report`);
    return cents(m[1]);
  };
  assert.equal(figure("Anfangsbestand"), day.float);
  assert.match(z, new RegExp(`Bons\\s+${day.receipts} \\(`));
  assert.equal(figure("Umsatz"), day.cashSales + day.cardSales);
  assert.equal(figure(`Erstattungen \\(${day.refunds}\\)`), day.refundsCash);
  assert.equal(figure("Einzahlungen"), day.cashIn);
  assert.equal(figure("Einzahlung: Wechselgeld \\(1\\)"), day.cashIn);
  assert.equal(figure("Soll-Bestand"), expected);
  assert.equal(figure("Gezählt"), counted);
  assert.equal(figure("Differenz"), -3_00);
  assert.equal(figure("Wechselgeld für morgen"), 100_00);
  assert.match(z, /Kassendifferenz: 3,00 € zu wenig/);
  assert.match(z, /Kasse \(2\)/, "both sales by the signed-in cashier");
  await shoot("z-report", cashier, display);

  // The store has the closing as the window showed it, the till is closed and the books balance.
  const [closing] = JSON.parse(cli("till", "closings", "--json", "--limit", "1"));
  assert.equal(closing.z_no, zBefore + 1);
  assert.equal(closing.counted_cents, counted);
  assert.equal(closing.difference_cents, -3_00);
  assert.equal(closing.float_next_cents, 100_00);
  assert.equal(closing.figures.receipts, day.receipts);
  assert.equal(JSON.parse(cli("till", "status", "--json")).session, null, "the till is closed");
  cli("audit", "verify"); // exits with an error when the hash chain does not hold

  // Closed: the window offers the opening again; the back office lists the closing.
  await s.switchTo(cashier);
  await s.click(await s.find("#report-back"));
  await s.until(() => s.find("#float-grid"), 10000, "the opening screen after the closing");
  await s.script(`window.location.hash = "#/backoffice/closings";`);
  await s.until(() => s.find(`#closings-table tr[data-z="${zBefore + 1}"]`), 10000, "the closing in the back office");
  assert.match(await shownText(`#closings-table tr[data-z="${zBefore + 1}"]`), /-3,00 €/);
  await shoot("backoffice-closings", cashier, display);

  // "Kasse sperren" locks the window: selling needs a sign-in again.
  await s.script(`window.location.hash = "#/kasse";`);
  await s.click(await s.until(() => s.find("#lock-till"), 10000, "the lock button"));
  await s.until(() => s.find("#signin-name"), 10000, "the lock screen");
});
