// Page flows of the customer display, the approval screen and the back office against the mock
// core (and, for the display, a mocked hub WebSocket).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { calls, nbsp, openPage, useBrowser } from "./harness.js";

const shared = useBrowser();

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
    const page = await openPage(shared.browser);
    let hub;
    await page.routeWebSocket("ws://127.0.0.1:8787/ws/pos/kasse-1", (ws) => {
      hub = ws;
      ws.send(JSON.stringify({ type: "snapshot", terminal_id: "kasse-1", version: 1, state: { phase: "idle" } }));
    });
    await page.goto(`${shared.server.url}/display.html?port=8787&terminal=kasse-1`);
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
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/display.html`);
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
            { sku: "GF-10001", name: "Blumenerde Premium 40 l", supplier: "Compo", quantity: 30, pack_size: 10, unit_cost_cents: 400, line_total_cents: 12000, on_hand: 3, on_order: 0, reorder_point: 10, forecast_rate: 2.4, safety_stock: 6, order_up_to: 33,
              reason: "Bestand 3 unter Meldebestand 10; Absatz ~2,0/Tag, Prognose ~2,4/Tag (Frühjahrssaison +20 % lt. Vorjahr)",
              reason_code: "below_reorder_point",
              reason_facts: { on_hand: 3, reorder_point: 10, on_order: 0, recent_rate: 2.0, forecast_rate: 2.4, season: "spring", season_lift: 0.2 } },
            // Stored before reasons had codes: only the sentence.
            { sku: "GF-10004", name: "Rasendünger 10 kg", supplier: "Compo", quantity: 6, pack_size: 2, unit_cost_cents: 1500, line_total_cents: 9000, on_hand: 1, on_order: 0, reorder_point: 4, forecast_rate: 0.8, safety_stock: 2, order_up_to: 7, reason: "Bestand 1 unter Meldebestand 4; Absatz ~0,8/Tag" },
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
    const page = await openPage(shared.browser, { reorders: [proposal("BV-20250314-001", "interrupted")] });
    await page.goto(`${shared.server.url}/index.html#/freigaben`);
    await page.locator('#proposals li[data-id="BV-20250314-001"]').click();
    assert.equal(await page.locator("#proposal .hint").innerText(), "Stand 14.03.2025 · 344 Artikel geprüft");
    assert.match(await page.locator('tr[data-sku="GF-10001"]').innerText(), /2,4\/Tag/);
    assert.equal(
      nbsp(await page.locator('tr[data-sku="GF-10001"] .line-reason').innerText()),
      "GF-10001 · Bestand 3 unter Meldebestand 10; Absatz ~2/Tag, Prognose ~2,4/Tag (Frühjahrssaison +20 % lt. Vorjahr)",
      "the reason worded from its code and numbers, with the forecast the column shows",
    );
    assert.equal(nbsp(await page.locator('tr[data-sku="GF-10004"] .line-reason').innerText()), "GF-10004 · Bestand 1 unter Meldebestand 4; Absatz ~0,8/Tag", "an older proposal's sentence as stored");
    assert.equal(nbsp(await page.locator('[data-kpi="articles"] strong').innerText()), "2");
    // Each line's sales of the last 28 days as bars: GF-10001 (first) sells (day × 3) mod 5 a day.
    const chart = page.locator('.history[data-sku="GF-10001"]');
    await chart.waitFor();
    assert.equal(await chart.locator(".bar").count(), 28);
    assert.equal(await chart.getAttribute("aria-label"), "Verkauft in den letzten 28 Tagen: 54 Stück");
    const history = (await calls(page)).find((c) => c.cmd === "reorder_sales_history");
    assert.deepEqual(history.args, { skus: ["GF-10001", "GF-10004"], days: 28 });
    assert.equal(nbsp(await page.locator('[data-kpi="total"] strong').innerText()), "210,00 €");
    assert.equal(nbsp(await page.locator('tr[data-sku="GF-10001"] .line-total').innerText()), "120,00 €");
    await page.locator('input.qty-input[data-sku="GF-10001"]').fill("40");
    assert.equal(nbsp(await page.locator('tr[data-sku="GF-10001"] .line-total').innerText()), "160,00 €", "the line's total follows its quantity");
    await page.locator('input.remove-line[data-sku="GF-10004"]').check();
    assert.equal(nbsp(await page.locator("#edited-total").innerText()), "160,00 €");
    assert.equal(nbsp(await page.locator('[data-kpi="total"] strong').innerText()), "160,00 €");
    assert.equal(nbsp(await page.locator('[data-kpi="articles"] strong').innerText()), "1", "a removed line leaves the count");
    await page.locator("#pin").fill("0000");
    await page.locator("#approve").click();
    await page.waitForFunction(() => document.querySelector("#approval-message")?.getAttribute("data-code") === "wrong_pin");
    assert.equal(await page.locator("#approval-message").innerText(), "Entscheidung nicht gespeichert: Falsche PIN für Filialleitung. Noch 4 Versuche bis zur Sperre.");
    await page.locator("#pin").fill("1234");
    await page.locator("#approve").click();
    await page.locator('.outcome[data-outcome="ordered"]').waitFor();
    assert.match(await page.locator(".outcome").innerText(), /^Bestellt: \S+\.$/, "the order's number");
    await page.waitForFunction(() => document.querySelector('#proposals li[data-id="BV-20250314-001"] .badge')?.textContent === "bestellt");
    const approve = (await calls(page)).filter((c) => c.cmd === "reorder_approve").at(-1);
    // The decision is signed with the manager named on the screen (the store manager by default).
    assert.deepEqual(approve.args, { id: "BV-20250314-001", manager: "Filialleitung", pin: "1234", quantities: { "GF-10001": 40 }, removed: ["GF-10004"] });
    // The list says who decided.
    await page.waitForFunction(() => document.querySelector('#proposals li[data-id="BV-20250314-001"] .decided-by')?.textContent === "entschieden von Filialleitung");
  });

  it("rejects only with a reason, and starts a new proposal", async () => {
    const page = await openPage(shared.browser, { reorders: [proposal("BV-20250314-001", "interrupted")] });
    await page.goto(`${shared.server.url}/index.html#/freigaben`);
    await page.locator('#proposals li[data-id="BV-20250314-001"]').click();
    await page.locator("#pin").fill("1234");
    await page.locator("#reject").click();
    assert.equal(await page.locator("#approval-message").innerText(), "Bitte einen Grund für die Ablehnung angeben.", "said once");
    await page.locator("#reason").fill("Lager voll");
    await page.locator("#reject").click();
    await page.locator('.outcome[data-outcome="rejected"]').waitFor();
    assert.match(await page.locator(".outcome").innerText(), /Lager voll/);
    await page.waitForFunction(() => document.querySelector('#proposals li[data-id="BV-20250314-001"] .badge.outcome-rejected')?.textContent === "abgelehnt");
    await page.locator("#start-proposal").click();
    await page.locator('#proposals li[data-id="BV-20250314-002"]').waitFor();
  });
});

describe("back office", () => {
  it("creates and edits articles and imports a CSV with row errors", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/articles`);
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
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/stock`);
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
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/crm`);
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
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/journal`);
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

describe("back office: receipts and refunds", () => {
  it("looks up a receipt, refunds chosen units with the manager's PIN after a wrong one", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/receipts`);
    // The number field has the keyboard: type and press Enter.
    await page.keyboard.type("41");
    await page.keyboard.press("Enter");
    await page.locator("#refund-lines").waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.line), "1", "the first line's quantity has the keyboard");
    assert.match(nbsp(await page.locator("#receipt-title").innerText()), /Bon 41 vom 13\.03\.2025/);
    assert.match(nbsp(await page.locator(".receipt-paid").innerText()), /bar: gegeben 50,00 €, zurück 17,03 €/);
    assert.match(nbsp(await page.locator("#receipt-total").innerText()), /32,97 €/);
    assert.equal(await page.locator("#refund-lines tbody tr").count(), 3);
    assert.equal(await page.locator("#no-earlier-refunds").isVisible(), true);

    // Nothing chosen: a message, no PIN asked.
    await page.locator("#refund-selected").click();
    assert.equal(await page.locator("#receipts-status").innerText(), "Bitte bei mindestens einer Position eine Menge zum Zurückgeben eintragen.");
    assert.equal(await page.locator("#pin-dialog").isVisible(), false);

    await page.locator('.refund-qty[data-line="2"]').fill("2");
    assert.match(nbsp(await page.locator("#refund-preview").innerText()), /Erstattung: 4,98 €/);
    await page.locator("#refund-reason").fill("Ware defekt");
    await page.locator("#refund-reason").press("Enter");
    await page.locator('[data-testid="pin-dialog"]').waitFor();
    assert.match(nbsp(await page.locator(".pin-intro").innerText()), /Erstattung von 4,98 € zu Bon 41/);
    await page.locator("#pin-input").fill("9999");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "wrong_pin");
    assert.equal(await page.locator("#pin-error").innerText(), "Falsche PIN für Filialleitung. Noch 4 Versuche bis zur Sperre.");
    assert.equal(await page.locator("#pin-input").inputValue(), "", "the wrong PIN is cleared");
    await page.locator("#pin-input").fill("1234");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#receipts-status")?.dataset.refundNo === "2");
    assert.equal(
      nbsp(await page.locator("#receipts-status").innerText()),
      "Erstattung Nr. 2 zu Bon 41: 4,98 € zurück (bar), freigegeben von Filialleitung.",
    );
    assert.equal(await page.locator("#pin-dialog").isVisible(), false);
    // The receipt is shown again with the refund: 1 unit of the seeds left, the refund listed.
    await page.locator("#earlier-refunds").waitFor();
    assert.match(nbsp(await page.locator("#earlier-refunds").innerText()), /2\s+Erstattung\s+.*4,98 €\s+Filialleitung/);
    assert.equal(await page.locator('.refund-qty[data-line="2"]').getAttribute("max"), "1");
    const refund = (await calls(page)).filter((c) => c.cmd === "receipt_refund").map((c) => c.args);
    assert.deepEqual(refund.map((a) => [a.lines, a.reason, a.manager, a.pin]), [
      [[{ sku: "GF-10002", quantity: 2 }], "Ware defekt", "Filialleitung", "9999"],
      [[{ sku: "GF-10002", quantity: 2 }], "Ware defekt", "Filialleitung", "1234"],
    ]);
  });

  it("refuses more than is left, names unknown receipts, and refunds the rest of a receipt", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/receipts`);
    await page.locator("#receipt-no").fill("999");
    await page.locator("#receipt-no").press("Enter");
    await page.waitForFunction(() => document.querySelector("#receipts-status")?.dataset.code === "unknown_receipt");
    assert.equal(await page.locator("#receipts-status").innerText(), "Einen Bon mit der Nummer 999 gibt es nicht.");

    await page.locator("#receipt-no").fill("42");
    await page.locator("#receipt-no").press("Enter");
    await page.locator("#earlier-refunds").waitFor();
    assert.match(nbsp(await page.locator("#receipt-refunded").innerText()), /Bereits erstattet 32,99 €/);
    assert.equal(await page.locator("#void-receipt").innerText(), "Alles Übrige erstatten");
    // Two units typed where one is left: the page says so before any PIN is asked.
    await page.locator('.refund-qty[data-line="1"]').fill("2");
    await page.locator("#refund-selected").click();
    assert.match(await page.locator("#receipts-status").innerText(), /„Rasendünger 10 kg“: bitte eine ganze Zahl von 0 bis 1/);
    assert.equal(await page.locator("#pin-dialog").isVisible(), false);

    // The rest of the receipt, with the manager's PIN; Escape first cancels without refunding.
    await page.locator("#void-receipt").click();
    await page.locator('[data-testid="pin-dialog"]').waitFor();
    await page.locator("#pin-input").press("Escape");
    await page.waitForFunction(() => document.querySelector("#pin-dialog")?.hidden === true);
    assert.equal((await calls(page)).filter((c) => c.cmd === "receipt_refund").length, 0);
    await page.locator("#void-receipt").click();
    await page.locator("#pin-input").fill("1234");
    await page.locator("#pin-confirm").click();
    await page.locator("#all-refunded").waitFor();
    assert.match(nbsp(await page.locator("#receipts-status").innerText()), /Erstattung Nr\. 2 zu Bon 42: 32,99 € zurück \(auf die Karte\)/);
    const last = (await calls(page)).filter((c) => c.cmd === "receipt_refund").at(-1).args;
    assert.equal(last.lines, null, "the rest goes as a void request without lines");
  });

  it("voids a whole receipt and reports a locked-out manager in German", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/receipts`);
    await page.locator("#receipt-no").fill("41");
    await page.locator("#receipt-no").press("Enter");
    await page.locator("#void-receipt").click();
    assert.match(nbsp(await page.locator(".pin-intro").innerText()), /Storno von Bon 41 \(32,97 €\)/);
    await page.locator("#pin-manager").fill("Tom");
    await page.locator("#pin-input").fill("1357");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "locked_out");
    assert.match(await page.locator("#pin-error").innerText(), /^Tom ist nach zu vielen falschen PINs gesperrt bis 14\.03\.2099/);
    await page.locator("#pin-manager").fill("Filialleitung");
    await page.locator("#pin-input").fill("1234");
    await page.keyboard.press("Enter");
    await page.locator("#all-refunded").waitFor();
    assert.match(nbsp(await page.locator("#receipts-status").innerText()), /^Storno Nr\. 2 zu Bon 41: 32,97 € zurück \(bar\)/);
  });
});

describe("back office: staff", () => {
  it("lists staff, adds a cashier, resets a locked PIN and changes a role, each with the manager's PIN", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/staff`);
    await page.locator("#staff-table").waitFor();
    const rows = await page.locator("#staff-table tbody tr").allInnerTexts();
    assert.equal(rows.length, 3);
    assert.match(rows.join("\n"), /Tom\s+Kasse\s+gesperrt bis/);
    assert.match(rows.join("\n"), /Filialleitung\s+Filialleitung\s+aktiv/);

    // A PIN typed differently twice never leaves the page.
    await page.locator("#new-name").fill("Jonas");
    await page.locator("#new-pin").fill("5678");
    await page.locator("#new-pin2").fill("5679");
    await page.locator("#staff-add").click();
    assert.equal(await page.locator("#staff-status").innerText(), "Die beiden PINs stimmen nicht überein.");
    assert.equal(await page.locator("#new-pin").inputValue(), "", "PIN fields are cleared");
    await page.locator("#new-pin").fill("5678");
    await page.locator("#new-pin2").fill("5678");
    await page.locator("#new-pin2").press("Enter");
    await page.locator('[data-testid="pin-dialog"]').waitFor();
    assert.match(await page.locator(".pin-intro").innerText(), /Jonas als Kasse anlegen/);
    await page.locator("#pin-input").fill("0000");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "wrong_pin");
    await page.locator("#pin-input").fill("1234");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#staff-table")?.textContent?.includes("Jonas"));
    assert.equal(await page.locator("#staff-status").innerText(), "Jonas ist als Kasse angelegt.");

    // Tom's lockout is lifted by a new PIN.
    await page.locator('button.reset-pin[data-name="Tom"]').click();
    assert.equal(await page.locator("#reset-name").inputValue(), "Tom");
    await page.keyboard.type("8642");
    await page.locator("#reset-pin2").fill("8642");
    await page.locator("#reset-pin2").press("Enter");
    await page.locator("#pin-input").fill("1234");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#staff-status")?.textContent === "Die PIN von Tom ist neu gesetzt.");
    assert.match((await page.locator("#staff-table tbody tr").allInnerTexts()).join("\n"), /Tom\s+Kasse\s+aktiv/);

    // Lena becomes a manager; the only manager's demotion is refused in German.
    await page.locator('button.set-role[data-name="Lena"]').click();
    await page.locator("#pin-input").fill("1234");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#staff-status")?.textContent === "Lena ist jetzt Filialleitung.");

    const sent = (await calls(page)).filter((c) => c.cmd.startsWith("staff_") && c.cmd !== "staff_list").map((c) => [c.cmd, c.args.name, c.args.pin ?? null, c.args.managerPin]);
    assert.deepEqual(sent, [
      ["staff_add", "Jonas", "5678", "0000"],
      ["staff_add", "Jonas", "5678", "1234"],
      ["staff_reset_pin", "Tom", "8642", "1234"],
      ["staff_set_role", "Lena", null, "1234"],
    ]);
    const text = await page.locator("#screen").innerText();
    for (const pin of ["1234", "5678", "8642"]) assert.ok(!text.includes(pin), `PIN ${pin} is never shown`);
  });

  it("refuses demoting the only manager with a clear message", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/staff`);
    await page.locator('button.set-role[data-name="Filialleitung"]').click();
    await page.locator("#pin-input").fill("1234");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#staff-status")?.dataset.code === "only_manager");
    assert.equal(await page.locator("#staff-status").innerText(), "Filialleitung ist die einzige Filialleitung. Bitte zuerst eine weitere Filialleitung anlegen.");
  });
});

describe("back office: audit log", () => {
  it("shows who did what newest first, filters, and verifies the chain", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/audit`);
    await page.locator("#audit-table").waitFor();
    const rows = await page.locator("#audit-table tbody tr").allInnerTexts();
    assert.equal(rows.length, 4);
    assert.match(rows[0], /Tom\s+Anmeldung\s+Tom\s+abgelehnt\s+PIN gesperrt/, "newest first, the refusal's reason in words");
    assert.match(rows[3], /Lena\s+Anmeldung/);
    assert.match(rows[1], /Filialleitung\s+Erstattung\s+Bon 42\s+ausgeführt/, "a receipt as the log stores it");
    await page.locator("#audit-action").selectOption("sale");
    await page.locator("#audit-show").click();
    await page.waitForFunction(() => document.querySelectorAll("#audit-table tbody tr").length === 1);
    assert.match(await page.locator("#audit-table").innerText(), /Erstattung/);
    await page.locator("#audit-action").selectOption("");
    await page.locator("#audit-actor").fill("Lena");
    await page.locator("#audit-actor").press("Enter");
    await page.waitForFunction(() => document.querySelectorAll("#audit-table tbody tr").length === 1);
    const log = (await calls(page)).filter((c) => c.cmd === "audit_log").map((c) => [c.args.actor, c.args.action]);
    assert.deepEqual(log, [[null, null], [null, "sale"], ["Lena", null]]);

    await page.locator("#verify-chain").click();
    await page.locator('#chain-result[data-ok="true"]').waitFor();
    assert.match(await page.locator("#chain-result").innerText(), /Kette in Ordnung: 16 Einträge geprüft/);
  });

  it("names the first broken link when the books were changed", async () => {
    const page = await openPage(shared.browser, { brokenChain: true });
    await page.goto(`${shared.server.url}/index.html#/backoffice/audit`);
    await page.locator("#verify-chain").click();
    await page.locator('#chain-result[data-ok="false"]').waitFor();
    const text = await page.locator("#chain-result").innerText();
    assert.match(text, /Kette unterbrochen: Bon 41 wurde nach dem Versiegeln geändert \(Kettenposition 7\)/);
    assert.match(text, /Schreibschutz fehlt: sales_no_update/);
  });

  it("records refused and granted approvals from the other pages", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/staff`);
    await page.locator('button.set-role[data-name="Lena"]').click();
    await page.locator("#pin-input").fill("1111");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "wrong_pin");
    await page.locator("#pin-input").press("Escape");
    await page.locator('.subtabs a[data-page="audit"]').click();
    await page.locator("#audit-table").waitFor();
    assert.match((await page.locator("#audit-table tbody tr").first().innerText()), /Filialleitung\s+Freigabe verweigert\s+Lena\s+abgelehnt/);
  });
});

describe("back office: TSE and DSFinV-K export", () => {
  it("shows the TSE's serial, counter and that it is not certified, and exports a range", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/tse`);
    await page.locator("#tse-table").waitFor();
    assert.equal(await page.locator("#tse-table").getAttribute("data-certified"), "false");
    const text = await page.locator("#tse-table").innerText();
    assert.match(text, /Zertifiziert\s+nein – Software-TSE/);
    assert.match(text, /Seriennummer\s+(ab){32}/);
    assert.match(text, /Selbsttest\s+bestanden/);
    assert.match(await page.locator("#tse-outages").innerText(), /Keine Ausfälle/);
    await page.locator("#export-from").fill("2025-03-01");
    await page.locator("#export-to").fill("2025-03-14");
    await page.locator("#export-start").click();
    await page.waitForFunction(() => document.querySelector("#tse-status")?.textContent?.includes("dsfinvk_2025-03-01_2025-03-14.zip"));
    const exported = (await calls(page)).find((c) => c.cmd === "export_dsfinvk");
    assert.deepEqual(exported.args, { from: "2025-03-01", to: "2025-03-14", till: null });
  });
});
