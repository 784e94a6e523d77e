// Start page of the cashier window: the store's key figures from the core.
import { invoke } from "@tauri-apps/api/core";
import { formatAge, formatCents, formatCount } from "./format";

interface OutboxStatus {
  pending: number;
  published: number;
  dead: number;
  oldest_pending_at: string | null;
}

interface StoreOverview {
  store_id: string;
  store_name: string;
  articles: number;
  customers: number;
  low_stock: number;
  sales_today: number;
  revenue_today_cents: number;
  outbox: OutboxStatus;
}

interface UiError {
  code: string;
  message: string;
}

function card(label: string, value: string, id: string): string {
  return `<section class="card" data-testid="${id}"><h2>${label}</h2><p>${value}</p></section>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function show(): Promise<void> {
  const status = document.getElementById("status")!;
  try {
    const o = await invoke<StoreOverview>("store_overview");
    document.getElementById("store-name")!.textContent = o.store_name;
    document.title = `${o.store_name} – Kasse`;
    status.innerHTML = `<div class="cards">
      ${card("Artikel", formatCount(o.articles), "articles")}
      ${card("Kunden", formatCount(o.customers), "customers")}
      ${card("Unter Meldebestand", formatCount(o.low_stock), "low-stock")}
      ${card("Verkäufe heute", `${formatCount(o.sales_today)} · ${formatCents(o.revenue_today_cents)}`, "sales-today")}
      ${card("Zentrale (Outbox)", `${formatCount(o.outbox.pending)} offen · älteste ${formatAge(o.outbox.oldest_pending_at)}`, "outbox")}
    </div>
    <p class="hint">Filiale ${escapeHtml(o.store_id)} · Kasse, Kundenanzeige und Backoffice folgen in diesem Fenster.</p>`;
  } catch (e) {
    const error = e as UiError;
    status.textContent = `Fehler: ${error.message ?? String(e)}`;
    status.className = "error";
  }
}

void show();
