// Page flows of the customer display, the approval screen and the back office against the mock
// core (and, for the display, a mocked hub WebSocket).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { calls, launch, openPage, serveDist } from "./harness.js";

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const nbsp = (s) => s.replace(/\u00a0/g, " ");
const cart = {
  lines: [
    { sku: "GF-10001", name: "Blumenerde Premium 40 l", quantity: 2, unit_price_cents: 799, line_total_cents: 1598, vat_rate: 19 },
    { sku: "GF-10002", name: "Tomatensamen Harzfeuer", quantity: 1, unit_price_cents: 249, line_total_cents: 249, vat_rate: 7 },
  ],
  total_cents: 1847,
  vat_breakdown: [],
  customer_name: "Hof Meyer",
};

describe("customer display", () => {
  it("shows welcome, the live cart, change due and thanks, with a connection badge", async () => {
    const page = await openPage(browser);
    let hub;
    await page.routeWebSocket("ws://127.0.0.1:8787/ws/pos/kasse-1", (ws) => {
      hub = ws;
      ws.send(JSON.stringify({ type: "snapshot", terminal_id: "kasse-1", version: 1, state: { phase: "idle" } }));
    });
    await page.goto(`${server.url}/display.html?port=8787&terminal=kasse-1`);
    await page.locator('[data-connection="connected"]').waitFor();
    assert.match(await page.locator("#display").innerText(), /Herzlich willkommen/);
    hub.send(JSON.stringify({ type: "cart_updated", terminal_id: "kasse-1", version: 2, cart }));
    await page.locator('.d-line[data-sku="GF-10002"]').waitFor();
    assert.equal(nbsp(await page.locator('[data-testid="display-total"]').innerText()), "18,47 €");
    assert.match(await page.locator(".d-greeting").innerText(), /Hof Meyer/);
    const size = await page.locator(".d-line").first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(size >= 20, `type is readable from a metre away (${size}px)`);
    hub.send(JSON.stringify({ type: "change_due", terminal_id: "kasse-1", version: 3, cart, tendered_cents: 2000, change_cents: 153 }));
    await page.locator(".d-change").waitFor();
    assert.match(nbsp(await page.locator(".d-change-due").innerText()), /1,53 €/);
    hub.send(JSON.stringify({ type: "sale_completed", terminal_id: "kasse-1", version: 4, receipt_number: "17", total_cents: 1847, change_cents: 153 }));
    await page.locator(".d-thanks").waitFor();
    assert.match(await page.locator(".d-thanks").innerText(), /Vielen Dank/);
    hub.close();
    await page.locator('[data-connection="reconnecting"], [data-connection="connecting"]').first().waitFor();
    assert.deepEqual(await calls(page), [], "the display calls no command");
  });

  it("says so when it was opened without a hub port", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/display.html`);
    assert.match(await page.locator("#display").innerText(), /keine Verbindung/);
  });
});

const proposal = (id, status) => ({
  thread_id: id,
  status,
  created_at: "2025-03-14T06:00:00Z",
  values: {
    as_of: "2025-03-14",
    articles_checked: 344,
    decision: null,
    outcome: null,
    proposal: {
      suppliers: [
        {
          supplier: "Compo",
          total_cents: 21000,
          lines: [
            { sku: "GF-10001", name: "Blumenerde Premium 40 l", supplier: "Compo", quantity: 30, pack_size: 10, unit_cost_cents: 400, line_total_cents: 12000, on_hand: 3, on_order: 0, reorder_point: 10, forecast_rate: 2.4, safety_stock: 6, order_up_to: 33, reason: "unter Meldebestand" },
            { sku: "GF-10004", name: "Rasendünger 10 kg", supplier: "Compo", quantity: 6, pack_size: 2, unit_cost_cents: 1500, line_total_cents: 9000, on_hand: 1, on_order: 0, reorder_point: 4, forecast_rate: 0.8, safety_stock: 2, order_up_to: 7, reason: "Saison" },
          ],
        },
      ],
      skipped: [],
      total_cents: 21000,
    },
  },
});

describe("approval screen", () => {
  it("approves an edited proposal with the manager PIN", async () => {
    const page = await openPage(browser, { reorders: [proposal("BV-20250314-001", "interrupted")] });
    await page.goto(`${server.url}/index.html#/freigaben`);
    await page.locator('#proposals li[data-id="BV-20250314-001"]').click();
    await page.locator('input.qty-input[data-sku="GF-10001"]').fill("40");
    await page.locator('input.remove-line[data-sku="GF-10004"]').check();
    assert.equal(nbsp(await page.locator("#edited-total").innerText()), "160,00 €");
    await page.locator("#pin").fill("0000");
    await page.locator("#approve").click();
    await page.waitForFunction(() => document.querySelector("#approval-message")?.getAttribute("data-code") === "denied");
    await page.locator("#pin").fill("1234");
    await page.locator("#approve").click();
    await page.locator('.outcome[data-outcome="ordered"]').waitFor();
    const approve = (await calls(page)).filter((c) => c.cmd === "reorder_approve").at(-1);
    assert.deepEqual(approve.args, { id: "BV-20250314-001", pin: "1234", quantities: { "GF-10001": 40 }, removed: ["GF-10004"] });
  });

  it("rejects only with a reason, and starts a new proposal", async () => {
    const page = await openPage(browser, { reorders: [proposal("BV-20250314-001", "interrupted")] });
    await page.goto(`${server.url}/index.html#/freigaben`);
    await page.locator('#proposals li[data-id="BV-20250314-001"]').click();
    await page.locator("#pin").fill("1234");
    await page.locator("#reject").click();
    assert.match(await page.locator("#approval-message").innerText(), /Grund/);
    await page.locator("#reason").fill("Lager voll");
    await page.locator("#reject").click();
    await page.locator('.outcome[data-outcome="rejected"]').waitFor();
    assert.match(await page.locator(".outcome").innerText(), /Lager voll/);
    await page.locator("#start-proposal").click();
    await page.locator('#proposals li[data-id="BV-20250314-002"]').waitFor();
  });
});

describe("back office", () => {
  it("creates and edits articles and imports a CSV with row errors", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html#/backoffice/articles`);
    await page.locator("#articles-table tbody tr").first().waitFor();
    await page.locator("#article-search").fill("schere");
    assert.equal(await page.locator("#articles-table tbody tr").count(), 1);
    const form = page.locator("#article-form");
    await form.locator('input[name="sku"]').fill("GF-20001");
    await form.locator('input[name="name"]').fill("Hochbeet Lärche");
    await form.locator('input[name="price"]').fill("149,90");
    await form.locator('select[name="vat_rate"]').selectOption("19");
    await page.locator("#article-save").click();
    await page.waitForFunction(() => document.querySelector("#articles-status")?.textContent?.includes("GF-20001"));
    const saved = (await calls(page)).find((c) => c.cmd === "article_save");
    assert.equal(saved.args.article.price_cents, 14990);
    await page.locator("#article-search").fill("");
    await page.locator('#articles-table a[data-sku="GF-10003"]').click();
    assert.equal(await form.locator('input[name="price"]').inputValue(), "24,99");
    await page.locator("#import-file").setInputFiles({ name: "artikel.csv", mimeType: "text/csv", buffer: Buffer.from("sku;name;price\nGF-30001;Vogelhaus;19,90\nGF-30002;Kaputt;abc\n") });
    await page.locator('[data-testid="import-summary"]').waitFor();
    assert.match(await page.locator('[data-testid="import-summary"]').innerText(), /1 neu.*1 abgelehnt/);
    assert.match(await page.locator("#import-errors").innerText(), /3\s+price "abc"/);
  });

  it("books goods received and stocktake corrections, shows low stock", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html#/backoffice/stock`);
    const receive = page.locator("#receive-form");
    await receive.locator('input[name="code"]').fill("GF-10001");
    await receive.locator('input[name="quantity"]').fill("24");
    await receive.locator("button").click();
    await page.waitForFunction(() => document.querySelector("#stock-status")?.textContent?.includes("36"));
    const adjust = page.locator("#adjust-form");
    await adjust.locator('input[name="code"]').fill("GF-10004");
    await adjust.locator('input[name="to"]').fill("2");
    await adjust.locator("button").click();
    await page.waitForFunction(() => document.querySelector("#low-stock-table")?.textContent?.includes("GF-10004"));
    await receive.locator('input[name="code"]').fill("GIBTSNICHT");
    await receive.locator('input[name="quantity"]').fill("1");
    await receive.locator("button").click();
    await page.waitForFunction(() => document.querySelector("#stock-status")?.getAttribute("data-code") === "unknown_article");
  });

  it("creates customers and leads, moves a lead and converts it", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html#/backoffice/crm`);
    await page.locator("#customers-table").waitFor();
    await page.locator('#customer-form input[name="name"]').fill("Baumschule Kruse");
    await page.locator("#customer-form button").click();
    await page.waitForFunction(() => document.querySelector("#customers-table")?.textContent?.includes("Baumschule Kruse"));
    await page.locator('#lead-form input[name="name"]').fill("Reitstall Brinkmann");
    await page.locator("#lead-form button").click();
    await page.locator('.stage[data-status="new"] .lead:has-text("Reitstall Brinkmann")').waitFor();
    await page.locator('.lead[data-id="1"] button[data-to="contacted"]').click();
    await page.locator('.stage[data-status="contacted"] .lead[data-id="1"]').waitFor();
    await page.locator('.lead[data-id="1"] button.convert').click();
    await page.locator('.stage[data-status="converted"] .lead[data-id="1"]').waitFor();
    assert.match(await page.locator("#crm-status").innerText(), /ist jetzt Kunde K-/);
  });

  it("shows journal balances, sync status with dead letters to retry, search index status", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html#/backoffice/journal`);
    await page.locator("#balances-table").waitFor();
    assert.match(nbsp(await page.locator("#balances-table").innerText()), /1000\s+Kasse\s+1.250,00 €/);
    await page.locator('.subtabs a[data-page="sync"]').click();
    await page.locator('[data-testid="sync-pending"]').waitFor();
    assert.equal(await page.locator('[data-health]').getAttribute("data-health"), "stuck");
    await page.locator('#dead-table button.retry[data-seq="7"]').click();
    await page.waitForFunction(() => document.querySelector("#sync-status")?.textContent?.includes("7"));
    await page.locator("text=Keine unzustellbaren Ereignisse.").waitFor();
    await page.locator('.subtabs a[data-page="search"]').click();
    await page.locator("#search-index").waitFor();
  });
});
