// Page flows of the till against the mock core: search, scan, quantities, discount, pay, receipt.
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

describe("cashier", () => {
  it("finds articles while typing and adds the highlighted one with Enter", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html#/kasse`);
    await page.keyboard.press("F2");
    await page.keyboard.type("erde");
    await page.locator("#results .hit").first().waitFor();
    assert.equal(await page.locator("#results .hit").count(), 1);
    await page.keyboard.press("Enter");
    await page.locator('#cart tr.line[data-sku="GF-10001"]').waitFor();
    assert.equal(nbsp(await page.locator("#total").innerText()), "7,99 €");
    const searched = (await calls(page)).filter((c) => c.cmd === "articles_filter");
    assert.ok(searched.length >= 1 && searched.at(-1).args.query === "erde");
    assert.deepEqual(page.errors, []);
  });

  it("scans barcodes, changes quantities with + and -, shows VAT per rate", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html`);
    await page.locator("#scan").fill("4006381333931");
    await page.locator("#scan").press("Enter");
    await page.locator("#scan").fill("GF-10002");
    await page.locator("#scan").press("Enter");
    await page.locator('#cart tr.line[data-sku="GF-10002"]').waitFor();
    await page.locator('#cart tr.line[data-sku="GF-10002"] .name').click();
    await page.keyboard.press("+");
    await page.keyboard.press("+");
    await page.waitForFunction(() => document.querySelector('#cart tr[data-sku="GF-10002"] .quantity')?.textContent === "3");
    await page.keyboard.press("-");
    await page.waitForFunction(() => document.querySelector('#cart tr[data-sku="GF-10002"] .quantity')?.textContent === "2");
    assert.equal(nbsp(await page.locator("#total").innerText()), "12,97 €");
    const vat = await page.locator(".vat-table tr").allInnerTexts();
    assert.equal(vat.length, 3, "header plus the 19 % and 7 % rates");
    assert.match(nbsp(vat.join("\n")), /7 %\s+4,65 €\s+0,33 €\s+4,98 €/);
  });

  it("refuses a discount above 10 % without the manager and gives one up to 10 %", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html`);
    await page.locator("#scan").fill("GF-10003");
    await page.locator("#scan").press("Enter");
    await page.locator('#cart tr.line[data-sku="GF-10003"]').waitFor();
    page.once("dialog", (d) => d.accept("20 %"));
    await page.locator(".discount-btn").click();
    await page.locator("#error").waitFor();
    assert.equal(await page.locator("#error").getAttribute("data-code"), "needs_manager");
    assert.equal(nbsp(await page.locator("#total").innerText()), "24,99 €");
    page.once("dialog", (d) => d.accept("10 %"));
    await page.locator(".discount-btn").click();
    await page.waitForFunction(() => document.querySelector("#total")?.textContent?.startsWith("22,50"));
    assert.match(await page.locator(".rule").innerText(), /10 %/);
  });

  it("takes cash with F4, shows the change and a printable receipt", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html`);
    for (const code of ["GF-10001", "GF-10004"]) {
      await page.locator("#scan").fill(code);
      await page.locator("#scan").press("Enter");
      await page.locator(`#cart tr.line[data-sku="${code}"]`).waitFor();
    }
    await page.locator("#tendered").fill("50");
    assert.equal(nbsp(await page.locator("#change").innerText()), "Rückgeld: 9,02 €");
    await page.keyboard.press("F4");
    await page.locator('[data-testid="receipt"]').waitFor();
    assert.match(nbsp(await page.locator('[data-testid="receipt-change"]').innerText()), /9,02 €/);
    await page.locator(".receipt-lines tr").first().waitFor();
    assert.equal(await page.locator(".receipt-lines tr").count(), 2);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("#scan").isVisible(), false, "only the receipt is printed");
    await page.emulateMedia({ media: "screen" });
    const paid = (await calls(page)).find((c) => c.cmd === "till_pay");
    assert.deepEqual(paid.args.tender, { method: "cash", tendered_cents: 5000 });
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#receipt-dialog").isVisible(), false);
    assert.match(await page.locator("#cart").innerText(), /leer/);
  });

  it("pays by card with F5 and says clearly when the cart is empty or the customer unknown", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html`);
    await page.keyboard.press("F5");
    await page.locator("#error").waitFor();
    assert.equal(await page.locator("#error").getAttribute("data-code"), "sale_refused");
    await page.keyboard.press("F6");
    await page.keyboard.type("K-99999");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#error")?.getAttribute("data-code") === "unknown_customer");
    assert.match(await page.locator("#error").innerText(), /Unbekannter Kunde/);
    await page.locator("#customer-no").fill("K-00001");
    await page.locator("#customer-no").press("Enter");
    await page.waitForFunction(() => document.querySelector("#customer")?.textContent?.includes("Hof Meyer"));
    await page.locator("#scan").fill("GF-10002");
    await page.locator("#scan").press("Enter");
    await page.locator('#cart tr.line[data-sku="GF-10002"]').waitFor();
    await page.keyboard.press("F5");
    await page.locator('[data-testid="receipt"]').waitFor();
    assert.match(await page.locator(".receipt").innerText(), /Karte/);
  });

  it("removes a line and clears the cart with Esc; shortcuts are listed on screen", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html`);
    for (const code of ["GF-10001", "GF-10002"]) {
      await page.locator("#scan").fill(code);
      await page.locator("#scan").press("Enter");
      await page.locator(`#cart tr.line[data-sku="${code}"]`).waitFor();
    }
    await page.locator('#cart tr[data-sku="GF-10001"] .remove').click();
    await page.waitForFunction(() => !document.querySelector('#cart tr[data-sku="GF-10001"]'));
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => document.querySelector("#cart")?.textContent?.includes("leer"));
    const footer = await page.locator(".shortcuts").innerText();
    for (const key of ["F2", "F4", "F5", "Esc", "+", "-"]) assert.ok(footer.includes(key), key);
  });

  it("switches to English with money in English format", async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}/index.html`);
    await page.locator('[data-lang="en"]').click();
    await page.locator("#scan").fill("GF-10003");
    await page.locator("#scan").press("Enter");
    await page.waitForFunction(() => document.querySelector("#total")?.textContent === "€24.99");
    assert.match(await page.locator(".shortcuts").innerText(), /Cash/);
  });
});
