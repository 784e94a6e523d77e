// Page flows of the till against the mock core: search, scan, quantities, discount, pay, receipt.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { calls, nbsp, openPage, useBrowser } from "./harness.js";

const shared = useBrowser();


describe("cashier", () => {
  it("finds articles while typing and adds the highlighted one with Enter", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/kasse`);
    await page.keyboard.press("F2");
    await page.keyboard.type("erde");
    await page.locator("#results .hit").first().waitFor();
    assert.equal(await page.locator("#results .hit").count(), 1);
    await page.keyboard.press("Enter");
    await page.locator('#cart tr.line[data-sku="GF-10001"]').waitFor();
    assert.equal(nbsp(await page.locator("#total").innerText()), "7,99 €");
    const searched = (await calls(page)).filter((c) => c.cmd === "search_articles");
    assert.deepEqual(searched.map((c) => c.args.query), ["e", "er", "erd", "erde"], "one search per keystroke");
    assert.deepEqual(page.errors, []);
  });

  it("shows the newest query's results even when an older answer arrives later", async () => {
    const page = await openPage(shared.browser, { searchDelays: { gar: 400 } });
    await page.goto(`${shared.server.url}/index.html#/kasse`);
    await page.locator("#search").fill("gar");
    await page.locator("#search").fill("gartenschere");
    await page.waitForFunction(() => document.querySelector("#results")?.dataset.query === "gartenschere");
    // The slow answer to "gar" comes in afterwards and must not replace the list.
    await page.waitForTimeout(600);
    assert.equal(await page.locator("#results").getAttribute("data-query"), "gartenschere");
    assert.deepEqual(await page.locator("#results .hit").evaluateAll((els) => els.map((e) => e.dataset.sku)), ["GF-10003"]);
  });

  it("puts an exact code first", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/kasse`);
    await page.locator("#search").fill("GF-10004");
    await page.waitForFunction(() => document.querySelector("#results")?.dataset.query === "GF-10004");
    assert.equal(await page.locator("#results .hit").first().getAttribute("data-sku"), "GF-10004");
    assert.equal(await page.locator("#results").getAttribute("data-mode"), "hybrid");
  });

  it("scans barcodes, changes quantities with + and -, shows VAT per rate", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html`);
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

  it("gives up to 10 % alone and asks the manager's PIN above that", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html`);
    await page.locator("#scan").fill("GF-10003");
    await page.locator("#scan").press("Enter");
    await page.locator('#cart tr.line[data-sku="GF-10003"]').waitFor();
    await page.locator(".discount-btn").click();
    await page.locator('[data-testid="discount-dialog"]').waitFor();
    assert.match(nbsp(await page.locator(".discount-line").innerText()), /1 × 24,99 € = 24,99 €/);
    assert.equal(await page.locator("#discount-mode-percent").isChecked(), true, "percent is the default");
    await page.locator("#discount-input").fill("10");
    assert.match(nbsp(await page.locator("#discount-preview").innerText()), /Rabatt 2,49 €, neuer Preis 22,50 €$/);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#total")?.textContent?.startsWith("22,50"));
    assert.equal(await page.locator("#discount-dialog").isVisible(), false);
    assert.equal(await page.locator("#pin-dialog").isVisible(), false, "no PIN up to 10 %");

    // As an amount this time: 4,99 € is above 10 %, so the manager's PIN is asked.
    await page.keyboard.press("F7");
    await page.locator("#discount-mode-amount").check();
    await page.locator("#discount-input").fill("4,99");
    assert.match(await page.locator("#discount-preview").innerText(), /braucht die Filialleitung/);
    await page.locator("#discount-confirm").click();
    await page.locator('[data-testid="pin-dialog"]').waitFor();
    assert.match(nbsp(await page.locator(".pin-intro").innerText()), /4,99 € auf „Gartenschere Profi“/);
    assert.equal(await page.locator("#pin-manager").inputValue(), "Filialleitung");
    // A wrong PIN: the dialog stays open, says why in German, the cart is unchanged.
    await page.locator("#pin-input").fill("9999");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "wrong_pin");
    assert.equal(await page.locator("#pin-error").innerText(), "Falsche PIN für Filialleitung. Noch 4 Versuche bis zur Sperre.");
    assert.equal(nbsp(await page.locator("#total").innerText()), "22,50 €");
    assert.equal(await page.locator("#pin-input").inputValue(), "", "the wrong PIN is cleared");
    // Escape inside the dialog must not clear the cart; the right PIN gives the discount.
    await page.locator("#pin-input").fill("1234");
    await page.locator("#pin-confirm").click();
    await page.waitForFunction(() => document.querySelector("#total")?.textContent?.startsWith("20,00"));
    assert.equal(await page.locator("#pin-dialog").isVisible(), false);
    assert.match(nbsp(await page.locator('#cart tr[data-sku="GF-10003"] .discount').innerText()), /−4,99 €/);
    const discounts = (await calls(page)).filter((c) => c.cmd === "till_discount").map((c) => c.args);
    assert.deepEqual(discounts.map((a) => [a.discountCents, a.manager ?? null, a.pin ?? null]), [
      [249, null, null],
      [499, null, null],
      [499, "Filialleitung", "9999"],
      [499, "Filialleitung", "1234"],
    ]);
    assert.equal(await page.locator("#error").isVisible(), false);
  });

  it("leaves the line as it was when the manager cancels the PIN dialog", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html`);
    await page.locator("#scan").fill("GF-10004");
    await page.locator("#scan").press("Enter");
    await page.locator('#cart tr.line[data-sku="GF-10004"]').waitFor();
    await page.keyboard.press("F7");
    await page.locator("#discount-input").fill("50");
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="pin-dialog"]').waitFor();
    await page.locator("#pin-input").press("Escape");
    await page.waitForFunction(() => document.querySelector("#pin-dialog")?.hidden === true);
    assert.equal(nbsp(await page.locator("#total").innerText()), "32,99 €");
    assert.equal(await page.locator('#cart tr.line[data-sku="GF-10004"]').count(), 1, "Escape did not clear the cart");
  });

  it("explains an impossible discount inside the dialog, and Escape leaves the line as it was", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html`);
    await page.locator("#scan").fill("GF-10001");
    await page.locator("#scan").press("Enter");
    await page.locator('#cart tr.line[data-sku="GF-10001"]').waitFor();
    await page.keyboard.press("F7");
    await page.locator('[data-testid="discount-dialog"]').waitFor();
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#discount-error").innerText(), "Bitte einen Rabatt eingeben.");
    await page.locator("#discount-input").fill("zehn");
    await page.keyboard.press("Enter");
    assert.match(await page.locator("#discount-error").innerText(), /Betrag \(2,50\) oder Prozentsatz/);
    await page.locator("#discount-mode-amount").check();
    await page.locator("#discount-input").fill("9,00");
    await page.keyboard.press("Enter");
    assert.equal(await page.locator("#discount-error").innerText(), "Der Rabatt ist größer als die Position.");
    assert.equal(await page.locator("#discount-dialog").isVisible(), true, "the dialog stays open");
    // Escape cancels the dialog only: the cart, which Escape would otherwise clear, stays.
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => document.querySelector("#discount-dialog")?.hidden === true);
    assert.equal(await page.locator('#cart tr.line[data-sku="GF-10001"]').count(), 1);
    assert.equal(nbsp(await page.locator("#total").innerText()), "7,99 €");
    assert.equal((await calls(page)).filter((c) => c.cmd === "till_discount").length, 0, "nothing was sent");
  });

  it("takes cash with F4, shows the change and a printable receipt", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html`);
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
    await page.locator('[data-testid="receipt-qr"]').waitFor();
    assert.equal(await page.locator('[data-testid="receipt-tse"]').getAttribute("data-tse-status"), "signed");
    assert.match(await page.locator('[data-testid="receipt-tse"]').innerText(), /Signaturzähler 2[\s\S]*nicht zertifiziert/);
    assert.match(await page.locator(".receipt-store").innerText(), /Gartencenter Grünfink/);
    assert.match(await page.locator('[data-testid="receipt-qr"]').getAttribute("alt"), /^V0;kasse-1;Kassenbeleg-V1;/);
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
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html`);
    await page.keyboard.press("F5");
    await page.locator("#error").waitFor();
    assert.equal(await page.locator("#error").getAttribute("data-code"), "empty_cart");
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
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html`);
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
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html`);
    await page.locator('[data-lang="en"]').click();
    await page.locator("#scan").fill("GF-10003");
    await page.locator("#scan").press("Enter");
    await page.waitForFunction(() => document.querySelector("#total")?.textContent === "€24.99");
    assert.match(await page.locator(".shortcuts").innerText(), /Cash/);
  });
});
