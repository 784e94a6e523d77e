// Saves the README's fiscal screenshots — a receipt with its TSE block and QR code, and the back
// office's TSE page — from a real store's answers (`filiale receipt 1 --json`, `filiale tse status
// --json`) shown by the window's own code in Chromium. The sale must be 1 × GF-10001 (7,99) and
// 1 × GF-10004 (32,99) paid with 50 € cash, the mock core's articles.
// Usage (after `npm run build`): node e2e/fiscalScreenshots.mjs RECEIPT.json TSE.json OUT_DIR
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { launch, openPage, serveDist } from "./harness.js";

const [receiptFile, tseFile, out] = process.argv.slice(2);
const printedReceipt = JSON.parse(await readFile(receiptFile, "utf-8"));
const tseStatus = JSON.parse(await readFile(tseFile, "utf-8"));
const server = await serveDist();
const browser = await launch();
try {
  const page = await openPage(browser, { printedReceipt, tseStatus });
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.goto(`${server.url}/index.html`);
  for (const code of ["GF-10001", "GF-10004"]) {
    await page.locator("#scan").fill(code);
    await page.locator("#scan").press("Enter");
    await page.locator(`#cart tr.line[data-sku="${code}"]`).waitFor();
  }
  await page.locator("#tendered").fill("50");
  await page.keyboard.press("F4");
  await page.locator('[data-testid="receipt-qr"]').waitFor();
  await page.locator('[data-testid="receipt"]').screenshot({ path: join(out, "receipt-tse.png") });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}/index.html#/backoffice/tse`);
  await page.locator("#tse-table").waitFor();
  await page.screenshot({ path: join(out, "backoffice-tse.png") });
  if (page.errors.length > 0) throw new Error(page.errors.join("\n"));
} finally {
  await browser.close();
  await server.close();
}
