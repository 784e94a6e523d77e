// Page flows of the back office and the approval screen in English: after the switch, headings,
// buttons, PIN dialogs and refusals are English, money and dates are written the English way, and
// no German text of these pages is left on screen.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { calls, nbsp, openPage, useBrowser } from "./harness.js";
import { germanOn } from "./leftovers.js";

const shared = useBrowser();

const text = async (page, selector) => nbsp(await page.locator(selector).innerText());

/** Opens `route` in German, as a store starts, and switches the window to English. */
async function inEnglish(route, options = {}) {
  const page = await openPage(shared.browser, options);
  await page.goto(`${shared.server.url}/index.html#${route}`);
  await page.locator('[data-lang="en"]').click();
  await page.waitForFunction(() => document.documentElement.lang === "en" && document.querySelector('[data-tab="backoffice"]')?.textContent !== "Backoffice");
  return page;
}

async function assertNoGerman(page, where) {
  assert.deepEqual(await germanOn(page), [], `German left on the page ${where}`);
}

describe("the German-text check", () => {
  it("finds the German of a page that is still German", async () => {
    const page = await openPage(shared.browser);
    await page.goto(`${shared.server.url}/index.html#/backoffice/staff`);
    await page.locator("#staff-table").waitFor();
    const found = await germanOn(page);
    for (const expected of ["staff.resetPin: PIN zurücksetzen", "staff.active: aktiv", "bo.tab.audit: Prüfprotokoll"]) {
      assert.ok(found.includes(expected), `${expected} in ${found.join("; ")}`);
    }
  });

  it("finds a proposal line's reason and a receipt's subject that are still German", async () => {
    const page = await openPage(shared.browser, { reorders: [structuredClone(proposal)] });
    await page.goto(`${shared.server.url}/index.html#/freigaben`);
    await page.locator('#proposals li[data-id="BV-20250314-001"]').click();
    await page.locator(".line-reason").first().waitFor();
    const found = await germanOn(page);
    for (const expected of ["approval.why.below_reorder_point: unter Meldebestand", "approval.why.season: lt. Vorjahr", "approval.why.onOrder: bestellt"]) {
      assert.ok(found.includes(expected), `${expected} in ${found.join("; ")}`);
    }
    await page.goto(`${shared.server.url}/index.html#/backoffice/audit`);
    await page.locator("#audit-table").waitFor();
    assert.ok((await germanOn(page)).includes("audit.subject.receipt: Bon"));
  });
});

describe("back office in English: receipts and refunds", () => {
  it("looks up a receipt, refunds with the manager's PIN and says every refusal in English", async () => {
    const page = await inEnglish("/backoffice/receipts");
    assert.equal(await text(page, '.subtabs a[data-page="receipts"]'), "Receipts & refunds");
    assert.equal(await text(page, "#receipt-show"), "Show receipt");
    await assertNoGerman(page, "before a lookup");

    await page.locator("#receipt-no").fill("abc");
    await page.locator("#receipt-no").press("Enter");
    assert.equal(await text(page, "#receipts-status"), "Please enter a receipt number (a whole number from 1).");
    await page.locator("#receipt-no").fill("99");
    await page.locator("#receipt-no").press("Enter");
    await page.waitForFunction(() => document.querySelector("#receipts-status")?.dataset.code === "unknown_receipt");
    assert.equal(await text(page, "#receipts-status"), "There is no receipt number 99.");

    await page.locator("#receipt-no").fill("41");
    await page.locator("#receipt-no").press("Enter");
    await page.locator("#refund-lines").waitFor();
    assert.match(await text(page, "#receipt-title"), /^Receipt 41 of 13 Mar 2025, \d\d:\d\d$/);
    assert.equal(await text(page, ".receipt-paid"), "Paid cash: tendered €50.00, change €17.03");
    assert.equal(await text(page, "#receipt-total"), "Receipt total €32.97");
    assert.deepEqual(await page.locator("#refund-lines th").allInnerTexts(), ["Article", "SKU", "Qty", "Unit price", "Total", "Refunded", "Give back"]);
    assert.match(await text(page, '#refund-lines tbody tr:has-text("Tomatensamen")'), /GF-10002\s+3\s+€2\.49\s+€7\.47\s+0/);
    assert.equal(await text(page, "#no-earlier-refunds"), "No refunds of this receipt yet.");
    assert.equal(await page.locator("#refund-reason").getAttribute("placeholder"), "e.g. damaged goods");
    await assertNoGerman(page, "with receipt 41 shown");

    await page.locator("#refund-selected").click();
    assert.equal(await text(page, "#receipts-status"), "Please enter a quantity to give back on at least one line.");
    await page.locator('.refund-qty[data-line="2"]').fill("4");
    await page.locator("#refund-selected").click();
    assert.equal(await text(page, "#receipts-status"), "“Tomatensamen Harzfeuer”: please enter a whole number from 0 to 3.");

    await page.locator('.refund-qty[data-line="2"]').fill("2");
    assert.equal(await text(page, "#refund-preview"), "Refund: €4.98");
    await page.locator("#refund-reason").fill("damaged");
    await page.locator("#refund-reason").press("Enter");
    await page.locator('[data-testid="pin-dialog"]').waitFor();
    assert.equal(await text(page, "#pin-dialog h2"), "Manager approval");
    assert.equal(await text(page, ".pin-intro"), "Refund of €4.98 on receipt 41. Please enter the manager's name and PIN.");
    await page.locator("#pin-input").fill("0000");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "wrong_pin");
    assert.equal(await text(page, "#pin-error"), "Wrong PIN for Filialleitung. 4 attempts left before lockout.");
    await assertNoGerman(page, "with the PIN dialog and a refusal");

    await page.locator("#pin-input").fill("1234");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#receipts-status")?.dataset.refundNo === "2");
    assert.equal(await text(page, "#receipts-status"), "Refund no. 2 of receipt 41: €4.98 back (cash), approved by Filialleitung.");
    assert.match(await text(page, "#earlier-refunds tbody"), /^2\s+Refund\s+\d{1,2} \w{3} \d{4}, \d\d:\d\d\s+€4\.98\s+Filialleitung$/);
    assert.match(await text(page, "#receipt-refunded"), /Refunded so far €4\.98$/);
    assert.equal(await text(page, "#void-receipt"), "Refund everything left");
    await assertNoGerman(page, "after the refund");

    // Tom is locked out: the refusal names him and the end of the lockout in English.
    await page.locator("#void-receipt").click();
    assert.equal(await text(page, ".pin-intro"), "Refund of €27.99 on receipt 41. Please enter the manager's name and PIN.");
    await page.locator("#pin-manager").fill("Tom");
    await page.locator("#pin-input").fill("1357");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "locked_out");
    assert.match(await text(page, "#pin-error"), /^Tom is locked out after too many wrong PINs until 14 Mar 2099, \d\d:\d\d\.$/);
    await page.locator("#pin-input").press("Escape");
    const refunds = (await calls(page)).filter((c) => c.cmd === "receipt_refund").map((c) => [c.args.manager, c.args.pin]);
    assert.deepEqual(refunds, [["Filialleitung", "0000"], ["Filialleitung", "1234"], ["Tom", "1357"]]);
  });
});

describe("back office in English: staff", () => {
  it("lists staff with English roles and states and refuses in English", async () => {
    const page = await inEnglish("/backoffice/staff");
    await page.locator("#staff-table").waitFor();
    assert.deepEqual(await page.locator("#staff-table th").allInnerTexts(), ["Name", "Role", "State", ""]);
    const rows = nbsp((await page.locator("#staff-table tbody tr").allInnerTexts()).join("\n"));
    assert.match(rows, /Filialleitung\s+Manager\s+active\s+Reset PIN\s+Make cashier/);
    assert.match(rows, /Lena\s+Cashier\s+active\s+Reset PIN\s+Make manager/);
    assert.match(rows, /Tom\s+Cashier\s+locked until 14 Mar 2099, \d\d:\d\d/);
    assert.deepEqual(await page.locator("#new-role option").allInnerTexts(), ["Cashier", "Manager"]);
    await assertNoGerman(page, "with the staff list");

    await page.locator("#new-name").fill("Jonas");
    await page.locator("#new-pin").fill("12");
    await page.locator("#new-pin2").fill("12");
    await page.locator("#staff-add").click();
    assert.equal(await text(page, "#staff-status"), "A PIN has 4 to 12 digits.");
    await page.locator("#new-pin").fill("5678");
    await page.locator("#new-pin2").fill("5679");
    await page.locator("#staff-add").click();
    assert.equal(await text(page, "#staff-status"), "The two PINs do not match.");
    await page.locator("#new-pin").fill("5678");
    await page.locator("#new-pin2").fill("5678");
    await page.locator("#new-pin2").press("Enter");
    await page.locator('[data-testid="pin-dialog"]').waitFor();
    assert.equal(await text(page, ".pin-intro"), "Add Jonas as Cashier. Please enter the manager's name and PIN.");
    await page.locator("#pin-input").fill("0000");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "wrong_pin");
    assert.equal(await text(page, "#pin-error"), "Wrong PIN for Filialleitung. 4 attempts left before lockout.");
    await assertNoGerman(page, "with the PIN dialog for a new member");
    await page.locator("#pin-input").fill("1234");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#staff-status")?.textContent === "Jonas has been added as Cashier.");
    assert.match(nbsp((await page.locator("#staff-table tbody tr").allInnerTexts()).join("\n")), /Jonas\s+Cashier\s+active/);

    await page.locator('button.set-role[data-name="Filialleitung"]').click();
    assert.equal(await text(page, ".pin-intro"), "Filialleitung becomes Cashier. Please enter the manager's name and PIN.");
    await page.locator("#pin-input").fill("1234");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#staff-status")?.dataset.code === "only_manager");
    assert.equal(await text(page, "#staff-status"), "Filialleitung is the only manager. Please add another manager first.");
    await assertNoGerman(page, "after a refusal");
  });
});

describe("back office in English: audit log", () => {
  it("shows who did what in English words and English dates, and verifies the chain", async () => {
    const page = await inEnglish("/backoffice/audit");
    await page.locator("#audit-table").waitFor();
    assert.deepEqual(await page.locator("#audit-table th").allInnerTexts(), ["Time", "Till", "Who", "What", "Subject", "Outcome", "Details"]);
    assert.equal(await text(page, "#audit-count"), "4 entries, newest first");
    const rows = (await page.locator("#audit-table tbody tr").allInnerTexts()).map(nbsp);
    assert.match(rows[0], /^14 Mar 2025, \d\d:\d\d\s+kasse-1\s+Tom\s+Login\s+Tom\s+refused\s+PIN locked$/, "the refusal's reason in words");
    assert.match(rows[2], /Filialleitung\s+Approval granted\s+Receipt 42\s+done/, "a receipt in English, though the log stores \"Bon 42\"");
    assert.deepEqual(await page.locator("#audit-action option").allInnerTexts(), ["Everything", "Approvals", "Refunds & voids", "Staff & logins", "Reorder proposals"]);
    assert.equal(await page.locator("#verify-chain").getAttribute("title"), "Checks the hash chain over receipts, refunds, journal and audit log.");
    await assertNoGerman(page, "with the audit log");

    await page.locator("#audit-action").selectOption("sale");
    await page.locator("#audit-show").click();
    await page.waitForFunction(() => document.querySelectorAll("#audit-table tbody tr").length === 1);
    assert.match(await text(page, "#audit-table tbody"), /Filialleitung\s+Refund\s+Receipt 42\s+done/);
    await page.locator("#verify-chain").click();
    await page.locator('#chain-result[data-ok="true"]').waitFor();
    assert.match(await text(page, "#chain-result"), /^Chain intact: 16 records verified, nothing changed\.\s+Chain head 9f2c41d0a7b3e5f1$/);
    await assertNoGerman(page, "after verifying the chain");
  });

  it("names the first broken link in English", async () => {
    const page = await inEnglish("/backoffice/audit", { brokenChain: true });
    await page.locator("#verify-chain").click();
    await page.locator('#chain-result[data-ok="false"]').waitFor();
    const result = await text(page, "#chain-result");
    assert.match(result, /Chain broken: Receipt 41 was changed after it was sealed \(chain position 7\)/);
    assert.match(result, /Write protection missing: sales_no_update/);
    await assertNoGerman(page, "with a broken chain");
  });

  it("lists a refused approval made on the staff page in English", async () => {
    const page = await inEnglish("/backoffice/staff");
    await page.locator('button.set-role[data-name="Lena"]').click();
    await page.locator("#pin-input").fill("1111");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#pin-error")?.dataset.code === "wrong_pin");
    await page.locator("#pin-input").press("Escape");
    await page.locator('.subtabs a[data-page="audit"]').click();
    await page.locator("#audit-table").waitFor();
    assert.match(await text(page, "#audit-table tbody tr:first-child"), /Filialleitung\s+Approval refused\s+Lena\s+refused\s+kind: staff_change, staff: Lena, Wrong PIN/);
  });
});

const proposal = {
  thread_id: "BV-20250314-001",
  status: "interrupted",
  created_at: "2025-03-14T06:00:00Z",
  values: {
    as_of: "2025-03-14",
    articles_checked: 1344,
    decision: null,
    outcome: null,
    proposal: {
      suppliers: [
        {
          supplier: "Compo",
          total_cents: 121000,
          lines: [
            { sku: "GF-10001", name: "Blumenerde Premium 40 l", supplier: "Compo", quantity: 30, pack_size: 10, unit_cost_cents: 400, line_total_cents: 12000, on_hand: 3, on_order: 0, reorder_point: 10, forecast_rate: 2.4, safety_stock: 6, order_up_to: 33,
              reason: "Bestand 3 unter Meldebestand 10; Absatz ~1,9/Tag, Prognose ~2,4/Tag (Frühjahrssaison +60 % lt. Vorjahr, -20 % ggü. Vorjahr)",
              reason_code: "below_reorder_point",
              reason_facts: { on_hand: 3, reorder_point: 10, on_order: 0, recent_rate: 1.9, forecast_rate: 2.4, season: "spring", season_lift: 0.6, year_on_year: -0.2 } },
            { sku: "GF-10005", name: "Gewächshaus 6 m²", supplier: "Compo", quantity: 1, pack_size: 1, unit_cost_cents: 109000, line_total_cents: 109000, on_hand: 1200, on_order: 0, reorder_point: 1500, forecast_rate: 12.25, safety_stock: 2, order_up_to: 7,
              reason: "Bestand 1200 reicht ~98 Tage (+300 bestellt); Absatz ~8,0/Tag, Prognose ~12,3/Tag (Trend +53 % ggü. Vormonat)",
              reason_code: "projected_stockout",
              reason_facts: { on_hand: 1200, reorder_point: 1500, on_order: 300, days_left: 98, recent_rate: 8, forecast_rate: 12.25, trend: 0.53 } },
          ],
        },
      ],
      skipped: [],
      total_cents: 121000,
    },
  },
};

describe("approval screen in English", () => {
  it("shows a proposal with English numbers, money and dates, and refuses in English", async () => {
    const page = await inEnglish("/freigaben", { reorders: [structuredClone(proposal)] });
    await page.locator('#proposals li[data-id="BV-20250314-001"]').waitFor();
    assert.match(await text(page, '#proposals li[data-id="BV-20250314-001"]'), /awaiting approval\s+14 Mar 2025, \d\d:\d\d/);
    assert.equal(await text(page, "#start-proposal"), "Create new reorder proposal");
    await page.locator('#proposals li[data-id="BV-20250314-001"]').click();
    await page.locator("#edited-total").waitFor();
    assert.equal(await text(page, "#proposal .hint"), "As of 14 Mar 2025 · 1,344 articles checked");
    assert.equal(await text(page, ".supplier h3"), "Compo · €1,210.00");
    assert.deepEqual(await page.locator(".supplier th").allInnerTexts(), ["Article", "Stock", "Reorder point", "Forecast", "Quantity", "Cost", "Line total", "Remove"]);
    assert.deepEqual(await page.locator(".kpi small").allInnerTexts(), ["Articles", "Order value", "Created"]);
    assert.match(await text(page, '[data-kpi="created"] strong'), /^14 Mar 2025, \d\d:\d\d$/);
    const greenhouse = await text(page, 'tr[data-sku="GF-10005"]');
    assert.match(greenhouse, /1,200\s+1,500\s+12\.3\/day\s+pack 1\s+€1,090\.00/, "numbers with English separators");
    assert.match(await text(page, 'tr[data-sku="GF-10001"]'), /2\.4\/day/);
    assert.equal(
      await text(page, 'tr[data-sku="GF-10001"] .line-reason'),
      "GF-10001 · Stock 3 below reorder point 10; Sales ~1.9/day, forecast ~2.4/day (spring season +60% on last year, -20% year on year)",
      "the reason in English, with the forecast the column shows",
    );
    assert.equal(
      await text(page, 'tr[data-sku="GF-10005"] .line-reason'),
      "GF-10005 · Stock 1,200 lasts ~98 days (+300 on order); Sales ~8/day, forecast ~12.3/day (trend +53% on the month before)",
    );
    assert.equal(await text(page, "#edited-total"), "€1,210.00");
    assert.equal(await page.locator("#reason").getAttribute("placeholder"), "Why it is rejected");
    await assertNoGerman(page, "with a proposal open");

    await page.locator('input.qty-input[data-sku="GF-10001"]').fill("40");
    assert.equal(await text(page, "#edited-total"), "€1,250.00");
    await page.locator("#pin").fill("1234");
    await page.locator("#reject").click();
    assert.equal(await text(page, "#approval-message"), "Please give a reason for the rejection.", "said once, in English");
    await page.locator("#pin").fill("0000");
    await page.locator("#approve").click();
    await page.waitForFunction(() => document.querySelector("#approval-message")?.getAttribute("data-code") === "wrong_pin");
    assert.equal(await text(page, "#approval-message"), "Decision not saved: Wrong PIN for Filialleitung. 4 attempts left before lockout.");
    await assertNoGerman(page, "after a wrong PIN");

    await page.locator("#pin").fill("1234");
    await page.locator("#approve").click();
    await page.locator('.outcome[data-outcome="ordered"]').waitFor();
    assert.equal(await text(page, "#approval-message"), "Proposal BV-20250314-001 approved.");
    assert.equal(await text(page, ".outcome"), "Ordered: PO-1.");
    assert.match(await text(page, '#proposals li[data-id="BV-20250314-001"]'), /ordered/);
    await assertNoGerman(page, "after the approval");
  });
});
