// Page flows of the till's trading day against the mock core: sign-in and lock, opening with a
// counted float, cash in and out (the manager's PIN above the limit), the X-report, the daily
// closing with its live count and difference, the Z-report, a day left open, taking the till
// over, the idle lock and the back office's list of closings.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { calls, nbsp, openPage, useBrowser } from "./harness.js";
import { germanOn } from "./leftovers.js";

const shared = useBrowser();
const text = async (page, selector) => nbsp(await page.locator(selector).innerText());

/** Types `pieces` of each denomination (cents) into the count grid `grid`. */
async function count(page, grid, pieces) {
  for (const [value, n] of Object.entries(pieces)) await page.locator(`#${grid} input[data-value="${value}"]`).fill(String(n));
}

async function signIn(page, name, pin) {
  await page.locator("#signin-name").fill(name);
  await page.locator("#signin-pin").fill(pin);
  await page.locator("#signin-pin").press("Enter");
}

describe("the till's trading day", () => {
  it("starts locked, refuses a wrong PIN, and opens the till with a counted float", async () => {
    const page = await openPage(shared.browser, { signedIn: false, tillOpen: false });
    await page.goto(`${shared.server.url}/index.html#/kasse`);
    await page.locator('[data-testid="signin"]').waitFor();
    assert.equal(await page.locator("#scan").count(), 0, "no till before sign-in");
    assert.equal(await page.locator("#till-bar").isVisible(), false);

    await signIn(page, "Lena", "9999");
    await page.waitForFunction(() => document.querySelector("#signin-error")?.dataset.code === "wrong_pin");
    assert.match(await text(page, "#signin-error"), /Falsche PIN für Lena/);
    assert.equal(await page.locator("#signin-pin").inputValue(), "", "the PIN field is emptied");

    await signIn(page, "Lena", "2468");
    await page.locator('[data-testid="open-till"] #float-grid').waitFor();
    assert.equal(await text(page, "#till-cashier"), "Angemeldet: Lena");
    assert.match(await text(page, '[data-testid="open-till"]'), /Der letzte Abschluss \(Z 41\) hat 150,00 € Wechselgeld/);
    // The grid sums while the cashier types.
    await count(page, "float-grid", { 5000: 2, 2000: 2 });
    assert.equal(await text(page, "#open-total"), "140,00 €");
    await count(page, "float-grid", { 100: 9, 1: 100 });
    assert.equal(await text(page, "#open-total"), "150,00 €");
    assert.equal(await text(page, '#float-grid tr[data-value="100"] .line-sum'), "9,00 €");
    await page.locator("#open-till").click();
    await page.locator("#scan").waitFor();
    assert.match(await text(page, "#till-message"), /Kasse geöffnet mit 150,00 € Anfangsbestand/);
    assert.match(await text(page, "#till-session"), /Front · Sitzung 8/);
    const opened = (await calls(page)).find((c) => c.cmd === "till_open").args.float;
    assert.deepEqual(opened, { kind: "count", pieces: [{ value_cents: 5000, pieces: 2 }, { value_cents: 2000, pieces: 2 }, { value_cents: 100, pieces: 9 }, { value_cents: 1, pieces: 100 }] });
    assert.deepEqual(page.errors, []);
  });

  it("sells, moves cash (the manager's PIN above the limit), shows the X-report and closes the day", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/kasse`);
    await page.locator("#scan").fill("GF-10004");
    await page.locator("#scan").press("Enter");
    await page.locator('#cart tr.line[data-sku="GF-10004"]').waitFor();
    await page.locator("#tendered").fill("50");
    await page.keyboard.press("F4");
    await page.locator('[data-testid="receipt"]').waitFor();
    await page.locator("#close-receipt").click();

    // 100 € change money in, no PIN needed.
    await page.locator("#menu-cash").click();
    await page.locator('[data-testid="cash-dialog"]').waitFor();
    assert.deepEqual(await page.locator("#cash-reason option").allInnerTexts(), ["Wechselgeld", "Bankeinzahlung", "Privatentnahme", "Ausgabe mit Beleg"]);
    await page.locator("#cash-dir-in").check();
    assert.deepEqual(await page.locator("#cash-reason option").allInnerTexts(), ["Wechselgeld", "Einlage"]);
    await page.locator("#cash-amount").fill("100");
    await page.locator("#cash-confirm").click();
    await page.waitForFunction(() => document.querySelector("#till-message")?.textContent?.startsWith("Einzahlung"));
    assert.equal(await text(page, "#till-message"), "Einzahlung 100,00 € (Wechselgeld) gebucht. In der Kasse sollten jetzt 282,99 € sein.");

    // 250 € to the bank: above the 200 € limit, so the manager approves; a wrong PIN first.
    await page.locator("#menu-cash").click();
    await page.locator("#cash-reason").selectOption("bankeinzahlung");
    await page.locator("#cash-amount").fill("250");
    await page.locator("#cash-note").fill("Einzahlungsbeleg 4711");
    await page.locator("#cash-confirm").click();
    await page.locator('[data-testid="pin-dialog"]').waitFor();
    assert.match(nbsp(await page.locator(".pin-intro").innerText()), /Auszahlung von 250,00 € \(über 200,00 €\)/);
    await page.locator("#pin-input").fill("0000");
    await page.locator("#pin-confirm").click();
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "wrong_pin");
    await page.locator("#pin-input").fill("1234");
    await page.locator("#pin-confirm").click();
    await page.waitForFunction(() => document.querySelector("#till-message")?.textContent?.startsWith("Auszahlung"));
    assert.equal(await text(page, "#till-message"), "Auszahlung 250,00 € (Bankeinzahlung) gebucht. In der Kasse sollten jetzt 32,99 € sein.");
    assert.equal(await page.locator("#cash-dialog").isVisible(), false);
    const moved = (await calls(page)).filter((c) => c.cmd === "till_cash_move").map((c) => [c.args.direction, c.args.reason, c.args.amountCents, c.args.manager]);
    assert.deepEqual(moved, [["in", "wechselgeld", 10000, null], ["out", "bankeinzahlung", 25000, null], ["out", "bankeinzahlung", 25000, "Filialleitung"], ["out", "bankeinzahlung", 25000, "Filialleitung"]]);

    await page.locator("#menu-x-report").click();
    await page.locator('[data-testid="x-report"]').waitFor();
    const x = await text(page, '[data-testid="x-report"]');
    assert.match(x, /Bons\s+1 \(1–1\)/);
    assert.match(x, /Umsatz\s+32,99 €/);
    assert.match(x, /Einzahlung: Wechselgeld \(1\)\s+100,00 €/);
    assert.match(x, /Auszahlung: Bankeinzahlung \(1\)\s+250,00 €/);
    assert.match(x, /Soll-Bestand\s+32,99 €/);

    // The closing: the drawer is counted 3,00 € short; the difference shows in red and in words.
    await page.locator("#menu-closing").click();
    await page.locator('[data-testid="closing"] #closing-grid').waitFor();
    assert.equal(await text(page, "#closing-expected"), "32,99 €");
    await count(page, "closing-grid", { 2000: 1 });
    assert.equal(await text(page, "#closing-difference-words"), "Kassendifferenz: 12,99 € zu wenig");
    await count(page, "closing-grid", { 500: 1, 200: 2, 50: 1, 20: 2, 5: 1, 2: 2 });
    assert.equal(await text(page, "#closing-grid-total"), "29,99 €");
    assert.equal(await text(page, "#closing-counted"), "29,99 €");
    assert.equal(await text(page, "#closing-difference"), "-3,00 €");
    assert.equal(await text(page, "#closing-difference-words"), "Kassendifferenz: 3,00 € zu wenig");
    assert.equal(await page.locator("#closing-difference-words").getAttribute("data-kind"), "short");
    assert.equal(await page.locator("#closing-difference-words").evaluate((e) => getComputedStyle(e).color), "rgb(164, 38, 44)", "short is red");
    // The float for tomorrow cannot be more than was counted: the core's refusal is shown.
    assert.equal(nbsp(await page.locator("#float-next").inputValue()), "150,00 €", "the day's float is offered");
    await page.locator("#confirm-closing").click();
    await page.waitForFunction(() => document.querySelector("#closing-error")?.textContent?.includes("höher als das Gezählte"));
    await page.locator("#float-next").fill("20");
    assert.equal(await text(page, "#closing-banked"), "9,99 €");
    await page.locator("#confirm-closing").click();

    await page.locator('[data-testid="z-report"]').waitFor();
    const z = await text(page, '[data-testid="z-report"]');
    assert.match(z, /Z-Bericht Nr\. 42/);
    assert.match(z, /Soll-Bestand\s+32,99 €/);
    assert.match(z, /Gezählt\s+29,99 €/);
    assert.match(z, /Differenz\s+-3,00 €/);
    assert.match(z, /Wechselgeld für morgen\s+20,00 €/);
    assert.match(z, /Zur Bank\s+9,99 €/);
    assert.match(z, /Kassendifferenz: 3,00 € zu wenig/);
    assert.match(z, /2 × 2 €\s+4,00 €/, "the count log");
    assert.match(await text(page, "#till-message"), /Kassenabschluss Z 42 gebucht/);
    // Printing shows only the report: the print button calls the browser's print.
    await page.evaluate(() => (window.print = () => (window.__printed = (window.__printed ?? 0) + 1)));
    await page.locator("#report-print").click();
    assert.equal(await page.evaluate(() => window.__printed), 1);
    const closings = (await calls(page)).filter((c) => c.cmd === "till_close").map((c) => c.args.floatNextCents);
    assert.deepEqual(closings, [15000, 2000], "refused with the day's float, booked with 20,00 €");

    // Closed: the next screen opens the till again, with tomorrow's float offered.
    await page.locator("#report-back").click();
    await page.locator('[data-testid="open-till"]').waitFor();
    assert.match(await text(page, '[data-testid="open-till"]'), /Der letzte Abschluss \(Z 42\) hat 20,00 € Wechselgeld/);
    assert.deepEqual(page.errors, []);
  });

  it("locks with „Kasse sperren“ and after the idle time, and the core's refusal also shows the sign-in", async () => {
    const page = await openPage(shared.browser, { lockAfterMinutes: 2 });
    await page.clock.install();
    await page.goto(`${shared.server.url}/index.html#/kasse`);
    await page.locator("#scan").waitFor();
    await page.locator("#lock-till").click();
    await page.locator('[data-testid="signin"]').waitFor();
    assert.equal(await page.locator("#scan").count(), 0);
    assert.ok((await calls(page)).some((c) => c.cmd === "till_lock"));

    await signIn(page, "Lena", "2468");
    await page.locator("#scan").waitFor();
    await page.clock.fastForward("01:50");
    assert.equal(await page.locator("#scan").count(), 1, "still open before the idle time");
    await page.locator("#scan").press("a");
    await page.clock.fastForward("01:50");
    assert.equal(await page.locator("#scan").count(), 1, "a key restarts the idle time");
    await page.clock.fastForward("00:20");
    await page.locator('[data-testid="signin"]').waitFor();
    assert.equal(await text(page, "#signin-notice"), "Die Kasse wurde nach 2 Minuten ohne Eingabe gesperrt.");

    // Locked by the core (another window, or its own idle time): the next scan shows the sign-in.
    await signIn(page, "Lena", "2468");
    await page.locator("#scan").waitFor();
    await page.evaluate(() => window.__TAURI_INTERNALS__.invoke("till_lock"));
    await page.locator("#scan").fill("GF-10001");
    await page.locator("#scan").press("Enter");
    await page.locator('[data-testid="signin"]').waitFor();
    assert.match(await text(page, "#signin-notice"), /niemand angemeldet/);
    assert.deepEqual(page.errors, []);
  });

  it("a till left open yesterday must be closed first", async () => {
    const page = await openPage(shared.browser, { signedIn: false, staleSession: true });
    await page.goto(`${shared.server.url}/index.html#/kasse`);
    await signIn(page, "Lena", "2468");
    await page.locator('[data-testid="closing"]').waitFor();
    assert.match(await text(page, "#closing-stale"), /wurde am \d\d\.\d\d\.\d{4} nicht abgeschlossen/);
    assert.equal(await page.locator("#closing-cancel").count(), 0, "no way back to the till");
    assert.equal(await page.locator("#menu-cash").isDisabled(), true);
    await count(page, "closing-grid", { 5000: 3 });
    assert.equal(await text(page, "#closing-difference-words"), "Kasse stimmt: keine Differenz");
    assert.equal(await page.locator("#closing-difference-words").getAttribute("data-kind"), "even");
    await page.locator("#confirm-closing").click();
    await page.locator('[data-testid="z-report"]').waitFor();
    await page.locator("#report-back").click();
    await page.locator('[data-testid="open-till"]').waitFor();
  });

  it("a second cashier takes the till over before selling", async () => {
    const page = await openPage(shared.browser, { signedIn: false });
    await page.goto(`${shared.server.url}/index.html#/kasse`);
    await signIn(page, "Filialleitung", "1234");
    await page.locator('[data-testid="take-over"]').waitFor();
    assert.match(await text(page, '[data-testid="take-over"]'), /Die Kasse wird von Lena geführt \(Sitzung 8\)/);
    await page.locator("#take-over").click();
    await page.locator("#scan").waitFor();
    assert.equal(await text(page, "#till-cashier"), "Angemeldet: Filialleitung");
    assert.equal(await text(page, "#till-message"), "Filialleitung hat die Kasse übernommen.");
  });

  it("speaks English: the count, the difference and the Z-report", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/kasse`);
    await page.locator("#scan").waitFor();
    await page.locator('[data-lang="en"]').click();
    await page.locator("#menu-closing").waitFor();
    assert.equal(await text(page, "#lock-till"), "Lock till");
    assert.deepEqual(await germanOn(page), [], "no German left on the till");
    await page.locator("#menu-cash").click();
    await page.locator('[data-testid="cash-dialog"]').waitFor();
    assert.deepEqual(await page.locator("#cash-reason option").allInnerTexts(), ["Change money", "Bank deposit", "Private withdrawal", "Expense with receipt"]);
    assert.deepEqual(await germanOn(page), [], "no German left in the cash dialog");
    await page.locator("#cash-cancel").click();
    await page.locator("#menu-x-report").click();
    await page.locator('[data-testid="x-report"]').waitFor();
    assert.deepEqual(await germanOn(page), [], "no German left on the X-report");
    await page.locator("#menu-closing").click();
    await page.locator("#closing-grid").waitFor();
    await count(page, "closing-grid", { 10000: 1, 5000: 1 });
    assert.equal(await text(page, "#closing-difference-words"), "The drawer is right: no difference");
    await count(page, "closing-grid", { 10000: 0, 5000: 1 });
    assert.equal(await text(page, "#closing-difference-words"), "Cash difference: €100.00 short");
    await page.locator("#float-next").fill("50");
    await page.locator("#confirm-closing").click();
    await page.locator('[data-testid="z-report"]').waitFor();
    const z = await text(page, '[data-testid="z-report"]');
    assert.match(z, /Z-report no\. 42/);
    assert.match(z, /Expected cash\s+€150\.00/);
    assert.match(z, /Float for tomorrow\s+€50\.00/);
    assert.deepEqual(await germanOn(page), [], "no German left on the Z-report");
  });
});

describe("the back office's daily closings", () => {
  it("lists the closings of every till with their figures and shows a Z-report", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/closings`);
    await page.locator("#closings-table").waitFor();
    const rows = await page.locator("#closings-table tbody tr").allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(nbsp(rows[0]), /^kasse-1\s+41\s+13\.03\.2025\s+.*Lena.*\s+23\s+618,70 €\s+373,40 €\s+245,30 €\s+523,40 €\s+523,40 €\s+0,00 €\s+150,00 €/);
    assert.match(nbsp(rows[1]), /^kasse-2\s+12\s+.*-3,00 €/);
    assert.equal(await page.locator('tr[data-till="kasse-2"] td[data-kind]').getAttribute("data-kind"), "short");
    await page.locator("#closings-till").selectOption("kasse-2");
    assert.equal(await page.locator("#closings-table tbody tr").count(), 1);
    await page.locator('tr[data-till="kasse-2"] .show-z').click();
    await page.locator('[data-testid="z-report"]').waitFor();
    assert.match(await text(page, '[data-testid="z-report"]'), /Z-Bericht Nr\. 12[\s\S]*Kassendifferenz: 3,00 € zu wenig/);
  });
});
