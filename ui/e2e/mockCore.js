// A stand-in for the Rust core inside the page: answers the windows' commands from memory, the
// way the real commands shape their JSON, and records every call in window.__calls.
// Installed with page.addInitScript(installMockCore, options) before the app's scripts run.

export function installMockCore(options = {}) {
  const articles = [
    { sku: "GF-10001", ean: "4006381333931", name: "Blumenerde Premium 40 l", category: "Erden", price: 799, vat_rate: 19 },
    { sku: "GF-10002", ean: "4012345678901", name: "Tomatensamen Harzfeuer", category: "Saatgut", price: 249, vat_rate: 7 },
    { sku: "GF-10003", ean: null, name: "Gartenschere Profi", category: "Werkzeug", price: 2499, vat_rate: 19 },
    { sku: "GF-10004", ean: null, name: "Rasendünger 10 kg", category: "Dünger", price: 3299, vat_rate: 19 },
  ].map((a) => ({
    description: "", unit: "Stk", purchase_price: null, pack_size: 1, supplier: "Compo",
    lead_time_days: 3, reorder_point: 5, on_hand: 12, on_order: 0, ...a,
  }));
  const customers = [{ customer_no: "K-00001", name: "Hof Meyer", email: null, phone: null, street: null, postal_code: "49377", city: "Vechta", customer_type: "farm", notes: "" }];
  const leads = [
    { id: 1, name: "Gärtnerei Lüdtke", company: "Lüdtke GbR", email: null, phone: null, source: "Messe", interest: "Substrate", notes: "", status: "new", customer_no: null },
    { id: 2, name: "Kita Sonnenschein", company: null, email: null, phone: null, source: null, interest: "Hochbeete", notes: "", status: "contacted", customer_no: null },
  ];
  let cart = []; // {sku, quantity, discount}
  let customerNo = null;
  let version = 0;
  let receiptNo = 0;
  const sales = [];
  const dead = [{ store_seq: 7, event_id: "e7", event_type: "SaleCompleted", aggregate_id: "1", created_at: "2025-03-14T08:00:00Z", published_at: null, attempts: 8, last_error: "nats: timeout", dead_at: "2025-03-14T09:00:00Z" }];
  const reorders = options.reorders ?? [];
  const calls = [];
  window.__calls = calls;

  const fail = (code, message) => {
    throw { code, message };
  };
  const article = (code) => articles.find((a) => a.sku === code || a.ean === code) ?? fail("unknown_article", `unknown article ${code}`);
  const vatOf = (gross, rate) => Math.round((gross * rate) / (100 + rate));
  const cartView = () => {
    const lines = cart.map((l) => {
      const a = article(l.sku);
      return { sku: a.sku, name: a.name, quantity: l.quantity, unit_price_cents: a.price, line_total_cents: a.price * l.quantity - l.discount, vat_rate: a.vat_rate };
    });
    const rates = [...new Set(lines.map((l) => l.vat_rate))].sort((a, b) => b - a);
    const vat_breakdown = rates.map((rate) => {
      const gross = lines.filter((l) => l.vat_rate === rate).reduce((s, l) => s + l.line_total_cents, 0);
      const vat = vatOf(gross, rate);
      return { rate, net_cents: gross - vat, vat_cents: vat, gross_cents: gross };
    });
    const customer = customers.find((c) => c.customer_no === customerNo);
    return { lines, total_cents: lines.reduce((s, l) => s + l.line_total_cents, 0), vat_breakdown, customer_name: customer ? customer.name : null };
  };
  const tillView = () => ({ terminal_id: "kasse-1", version, cart: cartView(), customer_no: customerNo, display: { phase: cart.length ? "cart" : "idle" } });
  const changed = () => {
    version += 1;
    return tillView();
  };
  const snapshot = (r) => r;

  const commands = {
    store_overview: () => ({ store_id: "gruenfink-vechta", store_name: "Gartencenter Grünfink", articles: articles.length, customers: customers.length, low_stock: 1, sales_today: sales.length, revenue_today_cents: sales.reduce((s, x) => s + x.total, 0), outbox: { total: 20, pending: 3, published: 16, dead: 1, oldest_pending_at: new Date(Date.now() - 120000).toISOString(), last_published_seq: 16, last_store_seq: 20 } }),
    display_endpoint: () => ({ port: 8787, terminal_id: "kasse-1" }),
    articles_filter: ({ query, limit }) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      return articles.filter((a) => words.every((w) => `${a.sku} ${a.ean ?? ""} ${a.name}`.toLowerCase().includes(w))).slice(0, limit);
    },
    // The hybrid search as the core answers it: an exact code first, then words in any order.
    // `options.searchDelays` holds back the answer to chosen queries (milliseconds).
    search_articles: async ({ query, limit }) => {
      const delay = options.searchDelays?.[query] ?? 0;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const exact = articles.filter((a) => a.sku === query || a.ean === query);
      const rest = commands.articles_filter({ query, limit }).filter((a) => !exact.includes(a));
      return { mode: "hybrid", articles: [...exact, ...rest].slice(0, limit) };
    },
    till_show: () => tillView(),
    till_scan: ({ code, quantity }) => {
      const a = article(code);
      const line = cart.find((l) => l.sku === a.sku);
      if (line) line.quantity += quantity;
      else cart.push({ sku: a.sku, quantity, discount: 0 });
      return changed();
    },
    till_set_quantity: ({ sku, quantity }) => {
      if (quantity < 1) fail("invalid_input", "quantity must be at least 1");
      cart.find((l) => l.sku === sku).quantity = quantity;
      return changed();
    },
    till_remove: ({ sku }) => {
      cart = cart.filter((l) => l.sku !== sku);
      return changed();
    },
    till_discount: ({ sku, discountCents, manager, pin }) => {
      const l = cart.find((x) => x.sku === sku);
      const gross = article(sku).price * l.quantity;
      if (discountCents * 100 > gross * 10) {
        if (!manager || !pin) fail("needs_manager", "Ein Rabatt über 10 % braucht die Freigabe der Filialleitung (Name und PIN).");
        if (manager !== "Filialleitung") fail("unknown_manager", `Die Filialleitung „${manager}“ ist nicht bekannt.`);
        if (pin !== "1234") fail("wrong_pin", "Falsche PIN. Noch 4 Versuche, dann wird die PIN gesperrt.");
      }
      l.discount = discountCents;
      return changed();
    },
    till_attach_customer: ({ customerNo: no }) => {
      if (no && !customers.some((c) => c.customer_no === no)) fail("unknown_customer", `unknown customer ${no}`);
      customerNo = no;
      return changed();
    },
    till_clear: () => {
      cart = [];
      customerNo = null;
      return changed();
    },
    till_start_payment: () => {
      if (cart.length === 0) fail("sale_refused", "the cart is empty");
      return changed();
    },
    till_pay: ({ tender }) => {
      const view = cartView();
      if (view.lines.length === 0) fail("sale_refused", "the cart is empty");
      if (tender.method === "cash" && tender.tendered_cents < view.total_cents) fail("sale_refused", `tendered is less than the total`);
      receiptNo += 1;
      const sale = { receipt_no: receiptNo, completed_at: "2025-03-14T09:15:00Z", total: view.total_cents, change: tender.method === "cash" ? tender.tendered_cents - view.total_cents : 0, tender: tender.method === "cash" ? { method: "cash", tendered: tender.tendered_cents } : { method: "card" }, customer_no: customerNo, lines: view.lines };
      sales.push(sale);
      cart = [];
      customerNo = null;
      version += 1;
      return sale;
    },
    receipt_show: ({ receiptNo: no }) => {
      const s = sales.find((x) => x.receipt_no === no) ?? fail("invalid_input", `there is no receipt number ${no}`);
      return { receipt_no: s.receipt_no, completed_at: s.completed_at, total_cents: s.total, method: s.tender.method, tendered_cents: s.tender.tendered ?? null, change_cents: s.change, customer_no: s.customer_no, lines: s.lines };
    },
    articles_list: () => articles,
    article_save: ({ article: input }) => {
      if (!input.name) fail("invalid_input", "name must not be empty");
      const existing = articles.find((a) => a.sku === input.sku);
      const a = { ...(existing ?? { description: "", on_hand: input.initial_stock ?? 0, on_order: 0, ean: null }), sku: input.sku, name: input.name, category: input.category, price: input.price_cents, vat_rate: input.vat_rate, unit: input.unit, reorder_point: input.reorder_point ?? 0, pack_size: input.pack_size ?? 1, supplier: input.supplier, lead_time_days: input.lead_time_days ?? 0, purchase_price: input.purchase_price_cents };
      if (existing) Object.assign(existing, a);
      else articles.push(a);
      return a;
    },
    articles_import: ({ csv }) => {
      const rows = csv.trim().split(/\r?\n/).slice(1);
      const errors = [];
      let created = 0;
      rows.forEach((row, i) => {
        const [sku, name, price] = row.split(";");
        if (!name || Number.isNaN(Number(price.replace(",", ".")))) errors.push({ line: i + 2, reason: `price ${JSON.stringify(price)} is not an amount` });
        else {
          articles.push({ ...articles[0], sku, ean: null, name, price: Math.round(Number(price.replace(",", ".")) * 100) });
          created += 1;
        }
      });
      return { rows: rows.length, created, updated: 0, unchanged: 0, errors };
    },
    customers_import: () => ({ rows: 0, created: 0, updated: 0, unchanged: 0, errors: [] }),
    stock_low: () => articles.filter((a) => a.on_hand <= a.reorder_point),
    stock_receive: ({ code, quantity }) => {
      const a = article(code);
      if (quantity < 1) fail("invalid_input", `quantity ${quantity} is impossible for a receipt`);
      const before = a.on_hand;
      a.on_hand += quantity;
      return { before, after: a.on_hand, delta: quantity, crossed_reorder_point: false, negative: false };
    },
    stock_adjust: ({ code, to }) => {
      const a = article(code);
      const before = a.on_hand;
      a.on_hand = to;
      return { before, after: to, delta: to - before, crossed_reorder_point: to <= a.reorder_point && before > a.reorder_point, negative: false };
    },
    customers_list: () => customers,
    customer_add: ({ customer }) => {
      if (!customer.name) fail("invalid_input", "customer name must not be empty");
      const c = { customer_no: `K-0000${customers.length + 1}`, email: null, phone: null, street: null, postal_code: null, city: null, customer_type: "private", notes: "", ...customer };
      customers.push(c);
      return c;
    },
    leads_list: () => leads,
    lead_add: ({ lead }) => {
      const l = { id: leads.length + 1, company: null, email: null, phone: null, source: null, interest: null, notes: "", status: "new", customer_no: null, ...lead };
      leads.push(l);
      return l;
    },
    lead_status: ({ id, status }) => {
      const l = leads.find((x) => x.id === id);
      l.status = status;
      return l;
    },
    lead_convert: ({ id }) => {
      const l = leads.find((x) => x.id === id);
      const c = commands.customer_add({ customer: { name: l.name } });
      l.status = "converted";
      l.customer_no = c.customer_no;
      return { lead: l, customer: c };
    },
    journal_show: () => ({
      balances: [
        { number: 1000, name: "Kasse", balance_cents: 125000 },
        { number: 8400, name: "Erlöse 19 % USt", balance_cents: -98000 },
        { number: 1776, name: "Umsatzsteuer 19 %", balance_cents: -18620 },
      ],
      entries: [{ id: 1, posted_at: "2025-03-14T09:15:00Z", text: "Verkauf Bon 1", reference: "1", lines: [[1000, 799, 0], [8400, 0, 671], [1776, 0, 128]] }],
    }),
    sync_status: () => ({
      status: { total: 20, pending: 3, published: 16, dead: dead.length, oldest_pending_at: new Date(Date.now() - 120000).toISOString(), last_published_seq: 16, last_store_seq: 20 },
      recent: [{ store_seq: 20, event_id: "e20", event_type: "StockUpdated", aggregate_id: "GF-10001", created_at: "2025-03-14T09:15:00Z", published_at: null, attempts: 0, last_error: null, dead_at: null }, ...dead],
      dead: [...dead],
    }),
    outbox_retry: ({ storeSeq }) => {
      const i = dead.findIndex((d) => d.store_seq === storeSeq);
      if (i < 0) fail("not_dead_letter", `event ${storeSeq} is not a dead letter`);
      dead.splice(i, 1);
      return null;
    },
    reorder_list: () => reorders.map((r) => ({ thread_id: r.thread_id, graph: "reorder", status: r.status, step: 3, decided: r.status !== "interrupted", created_at: r.created_at, updated_at: r.created_at })),
    reorder_show: ({ id }) => snapshot(reorders.find((r) => r.thread_id === id) ?? fail("invalid_input", `unknown proposal ${id}`)),
    reorder_start: () => {
      const r = structuredClone(reorders[0]);
      r.thread_id = `BV-20250314-00${reorders.length + 1}`;
      r.status = "interrupted";
      reorders.unshift(r);
      return r;
    },
    reorder_approve: ({ id, pin }) => {
      if (pin !== "1234") fail("denied", "wrong PIN");
      const r = reorders.find((x) => x.thread_id === id);
      r.status = "completed";
      r.values.outcome = { kind: "ordered", order_id: "PO-1" };
      return r;
    },
    reorder_reject: ({ id, reason, pin }) => {
      if (pin !== "1234") fail("denied", "wrong PIN");
      const r = reorders.find((x) => x.thread_id === id);
      r.status = "completed";
      r.values.outcome = { kind: "rejected", reason };
      return r;
    },
  };

  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "cashier" }, currentWebview: { label: "cashier", windowLabel: "cashier" } },
    transformCallback: () => 0,
    unregisterCallback: () => {},
    convertFileSrc: (p) => p,
    invoke: async (cmd, args = {}) => {
      calls.push({ cmd, args: JSON.parse(JSON.stringify(args)) });
      const command = commands[cmd];
      if (!command) throw { code: "internal", message: `command ${cmd} not allowed` };
      return JSON.parse(JSON.stringify(await command(args)));
    },
  };
}
