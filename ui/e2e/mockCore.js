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
  // A proposal as the core makes one from the articles at or below their reorder point: each line's
  // reason as a code with its numbers (what the windows word) and as the German sentence.
  const freshProposal = (threadId) => {
    const lines = articles.filter((a) => a.on_hand <= 3 * a.reorder_point).map((a) => {
      const forecast = 1.5;
      const quantity = Math.max(a.pack_size, Math.ceil((forecast * (a.lead_time_days + 7) + 4 - a.on_hand) / a.pack_size) * a.pack_size);
      const days = Math.round((a.on_hand / forecast) * 10) / 10;
      const code = a.on_hand < a.reorder_point ? "below_reorder_point" : a.on_hand === a.reorder_point ? "at_reorder_point" : "projected_stockout";
      const stock = {
        below_reorder_point: `Bestand ${a.on_hand} unter Meldebestand ${a.reorder_point}`,
        at_reorder_point: `Bestand ${a.on_hand} auf Meldebestand`,
        projected_stockout: `Bestand ${a.on_hand} reicht ~${Math.round(days)} Tage`,
      }[code];
      const cost = a.purchase_price ?? Math.round(a.price / 2);
      return {
        sku: a.sku, name: a.name, supplier: a.supplier, quantity, pack_size: a.pack_size, unit_cost_cents: cost, line_total_cents: quantity * cost,
        on_hand: a.on_hand, on_order: a.on_order, reorder_point: a.reorder_point, forecast_rate: forecast, safety_stock: 4, order_up_to: Math.ceil(forecast * (a.lead_time_days + 7)) + 4,
        reason: `${stock}; Absatz ~1,2/Tag, Prognose ~1,5/Tag (Frühjahrssaison +25 % lt. Vorjahr)`,
        reason_code: code,
        reason_facts: { on_hand: a.on_hand, reorder_point: a.reorder_point, on_order: a.on_order, ...(code === "projected_stockout" ? { days_left: days } : {}), recent_rate: 1.2, forecast_rate: forecast, season: "spring", season_lift: 0.25 },
      };
    });
    const bySupplier = [...new Set(lines.map((l) => l.supplier))].map((supplier) => {
      const own = lines.filter((l) => l.supplier === supplier);
      return { supplier, lines: own, total_cents: own.reduce((n, l) => n + l.line_total_cents, 0) };
    });
    return {
      thread_id: threadId, status: "interrupted", created_at: new Date().toISOString(),
      values: { as_of: new Date().toISOString().slice(0, 10), articles_checked: articles.length, decision: null, outcome: null,
        proposal: { suppliers: bySupplier, skipped: [], total_cents: bySupplier.reduce((n, s) => n + s.total_cents, 0) } },
    };
  };
  // Earlier sales for the refund page: receipt 41 paid cash, 42 by card (one unit refunded already).
  const pastSales = [
    { receipt_no: 41, completed_at: "2025-03-13T16:05:00Z", total: 3297, change: 1703, tender: { method: "cash", tendered: 5000 }, customer_no: null, lines: [
      { sku: "GF-10001", name: "Blumenerde Premium 40 l", quantity: 2, unit_price_cents: 799, line_total_cents: 1598, vat_rate: 19 },
      { sku: "GF-10002", name: "Tomatensamen Harzfeuer", quantity: 3, unit_price_cents: 249, line_total_cents: 747, vat_rate: 7 },
      { sku: "GF-10003", name: "Gartenschere Profi", quantity: 1, unit_price_cents: 2499, line_total_cents: 952, vat_rate: 19 },
    ] },
    { receipt_no: 42, completed_at: "2025-03-13T17:20:00Z", total: 6598, change: 0, tender: { method: "card" }, customer_no: "K-00001", lines: [
      { sku: "GF-10004", name: "Rasendünger 10 kg", quantity: 2, unit_price_cents: 3299, line_total_cents: 6598, vat_rate: 19 },
    ] },
  ];
  // Refund documents: {refund_no, receipt_no, kind, refunded_at, total_cents, method, authorized_by, lines: [{sale_line_no, quantity}]}
  const refunds = [{ refund_no: 1, receipt_no: 42, kind: "refund", refunded_at: "2025-03-14T08:30:00Z", total_cents: 3299, method: "card", authorized_by: "Filialleitung", lines: [{ sale_line_no: 1, quantity: 1 }] }];
  // The staff list with PINs (the real core keeps argon2 hashes; the mock never returns a PIN).
  const staff = [
    { name: "Filialleitung", role: "manager", pin: "1234", failed_attempts: 0, locked_until: null, created_at: "2025-03-01T08:00:00Z", updated_at: "2025-03-01T08:00:00Z" },
    { name: "Lena", role: "cashier", pin: "2468", failed_attempts: 0, locked_until: null, created_at: "2025-03-02T08:00:00Z", updated_at: "2025-03-02T08:00:00Z" },
    { name: "Tom", role: "cashier", pin: "1357", failed_attempts: 5, locked_until: "2099-03-14T09:30:00Z", created_at: "2025-03-02T08:00:00Z", updated_at: "2025-03-14T09:15:00Z" },
  ];
  const audit = [
    { id: 1, occurred_at: "2025-03-14T07:58:00Z", terminal: "kasse-1", actor: "Lena", action: "staff.login", outcome: "ok", subject: "Lena", details: { role: "cashier" } },
    { id: 2, occurred_at: "2025-03-14T08:29:00Z", terminal: "kasse-1", actor: "Filialleitung", action: "authorization.grant", outcome: "ok", subject: "Bon 42", details: { kind: "refund", receipt_no: 42 } },
    { id: 3, occurred_at: "2025-03-14T08:30:00Z", terminal: "kasse-1", actor: "Filialleitung", action: "sale.refund", outcome: "ok", subject: "Bon 42", details: { refund_no: 1, total_cents: 3299 } },
    { id: 4, occurred_at: "2025-03-14T09:15:00Z", terminal: "kasse-1", actor: "Tom", action: "staff.login", outcome: "denied", subject: "Tom", details: { reason: "locked_out" } },
  ];
  const audited = (actor, action, outcome, subject, details) =>
    audit.push({ id: audit.length + 1, occurred_at: new Date().toISOString(), terminal: "kasse-1", actor, action, outcome, subject, details });
  // A manager's PIN as the core checks it: unknown names, cashiers, wrong PINs counting towards
  // a lockout after five, each attempt in the audit log.
  const authorize = (name, pin, subject, details) => {
    const m = staff.find((x) => x.name === name.trim());
    const deny = (code, params) => {
      audited(name.trim(), "authorization.deny", "denied", subject, { ...details, reason: code });
      fail(code, params);
    };
    if (!m) deny("unknown_manager", { name: name.trim() });
    if (m.locked_until && new Date(m.locked_until) > new Date()) deny("locked_out", { name: m.name, until: "2099-03-14T09:30:00Z" });
    if (m.pin !== pin) {
      m.failed_attempts = Math.min(5, m.failed_attempts + 1);
      if (m.failed_attempts >= 5) m.locked_until = "2099-03-14T09:30:00Z";
      deny("wrong_pin", { name: m.name, remaining: 5 - m.failed_attempts });
    }
    if (m.role !== "manager") deny("not_a_manager", { name: m.name });
    m.failed_attempts = 0;
    audited(m.name, "authorization.grant", "ok", subject, details);
    return m;
  };
  const allSales = () => [...pastSales, ...sales];
  const refundableLines = (s) =>
    s.lines.map((l, i) => {
      const refunded = refunds.filter((r) => r.receipt_no === s.receipt_no).flatMap((r) => r.lines).filter((x) => x.sale_line_no === i + 1).reduce((n, x) => n + x.quantity, 0);
      return { line_no: i + 1, sku: l.sku, name: l.name, quantity: l.quantity, unit_price_cents: l.unit_price_cents, line_total_cents: l.line_total_cents, vat_rate: l.vat_rate, refunded, remaining: l.quantity - refunded };
    });
  const valueOf = (l, units) => Math.floor((2 * l.line_total_cents * units + l.quantity) / (2 * l.quantity));
  const staffRow = ({ pin: _pin, ...m }) => ({ ...m, locked: !!m.locked_until && new Date(m.locked_until) > new Date() });
  const checkNewPin = (pin) => /^\d{4,12}$/.test(pin) || fail("invalid_pin");
  const asRole = (text) => (["cashier", "manager"].includes(text) ? text : fail("unknown_role", { role: text }));
  const calls = [];
  window.__calls = calls;

  // A refusal as the core answers it: ErrorCode `{code, params}` (params only where the code has any).
  const fail = (code, params) => {
    throw params === undefined ? { code } : { code, params };
  };
  const article = (code) => articles.find((a) => a.sku === code || a.ean === code) ?? fail("unknown_article", { sku: code });
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


  // The till's trading day as the core keeps it: who is signed in at this window (the shell's
  // state), the open session, cash movements and the closings (Z-reports). By default Lena is
  // signed in and the till is open, so the till's own flows start at the cart;
  // `options.signedIn: false` starts at the sign-in screen, `options.tillOpen: false` with a closed
  // till, `options.staleSession: true` with a session left open yesterday.
  const TILL = "kasse-1";
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  const till = {
    signedIn: options.signedIn === false ? null : { name: "Lena", role: "cashier" },
    session: null,
    sessionNo: 7,
    movements: [],
    sessionSales: [],
    closings: [
      { till_id: "kasse-2", z_no: 12, session_no: 12, business_day: "2025-03-13", opened_at: "2025-03-13T07:30:00Z", closed_at: "2025-03-13T18:05:00Z", closed_by: "Tom", expected_cents: 41250, counted_cents: 40950, difference_cents: -300, float_next_cents: 15000, count: [], figures: null },
      { till_id: "kasse-1", z_no: 41, session_no: 6, business_day: "2025-03-13", opened_at: "2025-03-13T07:45:00Z", closed_at: "2025-03-13T18:10:00Z", closed_by: "Lena", expected_cents: 52340, counted_cents: 52340, difference_cents: 0, float_next_cents: 15000, count: [{ value_cents: 5000, pieces: 10 }, { value_cents: 1000, pieces: 2 }, { value_cents: 100, pieces: 3 }, { value_cents: 20, pieces: 2 }], figures: null },
    ],
  };
  const emptyFigures = (float) => ({ float_cents: float, receipts: 0, first_receipt: null, last_receipt: null, turnover_cents: 0, turnover_by_vat: [], by_tender: [], refunds: 0, refunds_cents: 0, refunds_by_vat: [], discounts_cents: 0, cash_in_cents: 0, cash_out_cents: 0, movements: [], cash_expected_cents: float, by_cashier: [] });
  for (const z of till.closings) {
    z.figures = { ...emptyFigures(15000), receipts: 23, first_receipt: 17, last_receipt: 39, turnover_cents: 61870, turnover_by_vat: [{ rate_percent: 19, net_cents: 37815, vat_cents: 7185, gross_cents: 45000 }, { rate_percent: 7, net_cents: 15766, vat_cents: 1104, gross_cents: 16870 }], by_tender: [{ method: "cash", receipts: 15, total_cents: z.expected_cents - 15000, refunds_cents: 0 }, { method: "card", receipts: 8, total_cents: 61870 - (z.expected_cents - 15000), refunds_cents: 0 }], cash_expected_cents: z.expected_cents, by_cashier: [{ cashier: z.closed_by, receipts: 23, total_cents: 61870 }] };
  }
  const openSession = (cashier, float, day = today) => {
    till.sessionNo += 1;
    till.session = { till_id: TILL, session_no: till.sessionNo, business_day: day, opened_at: new Date().toISOString(), opened_by: cashier, float_cents: float, cashier };
    till.movements = [];
    till.sessionSales = [];
  };
  if (options.tillOpen !== false) openSession("Lena", 15000, options.staleSession ? yesterday : today);
  const tillRefused = (reason, de, en) => fail("till_refused", { reason, de, en });
  const signedIn = () => till.signedIn ?? tillRefused("not_signed_in", "An Kasse kasse-1 ist niemand angemeldet: bitte mit Name und PIN anmelden", "nobody is signed in at till kasse-1: sign in with name and PIN");
  const figures = () => {
    const s = till.session;
    const f = emptyFigures(s.float_cents);
    const byRate = new Map();
    for (const sale of till.sessionSales) {
      f.receipts += 1;
      f.first_receipt ??= sale.receipt_no;
      f.last_receipt = sale.receipt_no;
      f.turnover_cents += sale.total;
      for (const l of sale.lines) byRate.set(l.vat_rate, (byRate.get(l.vat_rate) ?? 0) + l.line_total_cents);
      const tender = f.by_tender.find((x) => x.method === sale.tender.method) ?? f.by_tender[f.by_tender.push({ method: sale.tender.method, receipts: 0, total_cents: 0, refunds_cents: 0 }) - 1];
      tender.receipts += 1;
      tender.total_cents += sale.total;
      const who = f.by_cashier.find((x) => x.cashier === sale.cashier) ?? f.by_cashier[f.by_cashier.push({ cashier: sale.cashier, receipts: 0, total_cents: 0 }) - 1];
      who.receipts += 1;
      who.total_cents += sale.total;
    }
    f.turnover_by_vat = [...byRate].sort((a, b) => b[0] - a[0]).map(([rate, gross]) => ({ rate_percent: rate, net_cents: gross - vatOf(gross, rate), vat_cents: vatOf(gross, rate), gross_cents: gross }));
    for (const m of till.movements) {
      if (m.direction === "in") f.cash_in_cents += m.amount_cents;
      else f.cash_out_cents += m.amount_cents;
      const total = f.movements.find((x) => x.direction === m.direction && x.reason === m.reason) ?? f.movements[f.movements.push({ direction: m.direction, reason: m.reason, count: 0, total_cents: 0 }) - 1];
      total.count += 1;
      total.total_cents += m.amount_cents;
    }
    const cash = f.by_tender.find((x) => x.method === "cash")?.total_cents ?? 0;
    f.cash_expected_cents = s.float_cents + cash + f.cash_in_cents - f.cash_out_cents;
    return f;
  };
  const denominations = [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1];
  const cashOf = (input) => {
    if (input.kind === "sum") return input.cents;
    for (const p of input.pieces) {
      if (!denominations.includes(p.value_cents)) tillRefused("invalid_count", `${p.value_cents} ct ist kein Euro-Schein oder -Münze`, `${p.value_cents} ct is no euro note or coin`);
      if (p.pieces < 0 || p.pieces > 10000) tillRefused("invalid_count", `Anzahl ${p.pieces} ist nicht möglich`, `${p.pieces} pieces are not possible`);
    }
    return input.pieces.reduce((n, p) => n + p.value_cents * p.pieces, 0);
  };
  const tillScreen = () => {
    const s = till.session;
    const last = till.closings.filter((z) => z.till_id === TILL).sort((a, b) => b.z_no - a.z_no)[0];
    return {
      status: { till_id: TILL, till_name: "Front", business_day: today, session: s ? { ...s } : null, unclosed_from_earlier_day: !!s && s.business_day < today, cash_expected_cents: s ? figures().cash_expected_cents : null, last_z_no: last?.z_no ?? null, float_left_cents: last?.float_next_cents ?? null },
      signed_in: till.signedIn ? { ...till.signedIn } : null,
      lock_after_minutes: options.lockAfterMinutes ?? 5,
      cash_out_manager_limit_cents: 20000,
      reasons: [
        { code: "wechselgeld", cash_in: true, cash_out: true },
        { code: "bankeinzahlung", cash_in: false, cash_out: true },
        { code: "privatentnahme", cash_in: false, cash_out: true },
        { code: "ausgabe_mit_beleg", cash_in: false, cash_out: true },
        { code: "einlage", cash_in: true, cash_out: false },
      ],
    };
  };
  const sellingSession = (who) => {
    const s = till.session ?? tillRefused("till_closed", "Kasse kasse-1 ist nicht geöffnet: erst mit Anfangsbestand öffnen", "till kasse-1 is not open: open it with a float first");
    if (s.business_day < today) tillRefused("till_not_closed_yesterday", "Kasse kasse-1 wurde gestern nicht abgeschlossen: erst den Kassenabschluss machen", "till kasse-1 was not closed yesterday: close it first");
    if (s.cashier !== who.name) tillRefused("held_by_other", `Kasse kasse-1 wird von ${s.cashier} geführt: erst die Kasse übernehmen`, `till kasse-1 is held by ${s.cashier}: take it over first`);
    return s;
  };

  // A receipt as stored (the refund screen's), without what printing adds.
  const storedReceipt = (no) => {
    const s = allSales().find((x) => x.receipt_no === no) ?? fail("unknown_receipt", { receipt_no: no });
    return { receipt_no: s.receipt_no, completed_at: s.completed_at, total_cents: s.total, method: s.tender.method, tendered_cents: s.tender.tendered ?? null, change_cents: s.change, customer_no: s.customer_no, lines: s.lines };
  };
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
      signedIn();
      const a = article(code);
      const line = cart.find((l) => l.sku === a.sku);
      if (line) line.quantity += quantity;
      else cart.push({ sku: a.sku, quantity, discount: 0 });
      return changed();
    },
    till_set_quantity: ({ sku, quantity }) => {
      signedIn();
      if (quantity < 1) fail("impossible_quantity", { quantity });
      cart.find((l) => l.sku === sku).quantity = quantity;
      return changed();
    },
    till_remove: ({ sku }) => {
      signedIn();
      cart = cart.filter((l) => l.sku !== sku);
      return changed();
    },
    till_discount: ({ sku, discountCents, manager, pin }) => {
      signedIn();
      const l = cart.find((x) => x.sku === sku);
      const gross = article(sku).price * l.quantity;
      if (discountCents * 100 > gross * 10) {
        if (!manager || !pin) fail("needs_manager", { limit_percent: 10 });
        authorize(manager, pin, sku, { kind: "discount", sku, discount_cents: discountCents });
      }
      l.discount = discountCents;
      return changed();
    },
    till_attach_customer: ({ customerNo: no }) => {
      signedIn();
      if (no && !customers.some((c) => c.customer_no === no)) fail("unknown_customer", { customer_no: no });
      customerNo = no;
      return changed();
    },
    till_clear: () => {
      signedIn();
      cart = [];
      customerNo = null;
      return changed();
    },
    till_start_payment: () => {
      signedIn();
      if (cart.length === 0) fail("empty_cart");
      return changed();
    },
    till_pay: ({ tender }) => {
      const who = signedIn();
      sellingSession(who);
      const view = cartView();
      if (view.lines.length === 0) fail("empty_cart");
      if (tender.method === "cash" && tender.tendered_cents < view.total_cents)
        fail("tendered_less_than_total", { tendered_cents: tender.tendered_cents, total_cents: view.total_cents });
      receiptNo += 1;
      const sale = { receipt_no: receiptNo, completed_at: "2025-03-14T09:15:00Z", total: view.total_cents, change: tender.method === "cash" ? tender.tendered_cents - view.total_cents : 0, tender: tender.method === "cash" ? { method: "cash", tendered: tender.tendered_cents } : { method: "card" }, customer_no: customerNo, lines: view.lines };
      sales.push(sale);
      till.sessionSales.push({ ...sale, cashier: who.name });
      cart = [];
      customerNo = null;
      version += 1;
      return sale;
    },
    // The printed receipt: the stored one with the store, VAT and what the TSE recorded.
    receipt_show: ({ receiptNo: no }) => {
      if (options.printedReceipt) return options.printedReceipt;
      const receipt = storedReceipt(no);
      const qr = `V0;kasse-1;Kassenbeleg-V1;Beleg^0.00_0.00_0.00_0.00_0.00^;${no};${2 * no};2025-03-14T09:15:00.000Z;2025-03-14T09:15:01.000Z;ecdsa-plain-SHA256;unixTime;c2ln;cHVi`;
      return {
        receipt, store_name: "Gartencenter Grünfink", address: "Lindenweg 12, 49377 Vechta", till_id: "kasse-1", cashier: "Kasse",
        started_at: "14.03.2025 10:15:00", ended_at: "14.03.2025 10:15:01",
        vat: [{ code: "A", rate: 19, net_cents: Math.round(receipt.total_cents / 1.19), vat_cents: receipt.total_cents - Math.round(receipt.total_cents / 1.19), gross_cents: receipt.total_cents }],
        tse: { status: "signed", transaction_number: no, signature_counter: 2 * no, serial_number: "ab".repeat(32), signature: "c2ln", signature_algorithm: "ecdsa-plain-SHA256", time_format: "unixTime", public_key: "cHVi", process_type: "Kassenbeleg-V1", process_data: "Beleg^0.00_0.00_0.00_0.00_0.00^", client_id: "kasse-1", certified: false, qr_code: qr },
        tse_lines: [`TSE-Transaktion ${no}`, `Signaturzähler ${2 * no}`, "TSE nicht zertifiziert (Software-TSE,"],
        text: [],
        qr_svg: '<svg xmlns="http://www.w3.org/2000/svg" width="21" height="21"><rect width="21" height="21" fill="#fff"/><rect width="7" height="7" fill="#000"/></svg>',
      };
    },
    tse_status: () => options.tseStatus ?? ({
      kind: "software", reachable: true, error: null, serial_number: "ab".repeat(32), public_key: "cHVi", signature_algorithm: "ecdsa-plain-SHA256",
      time_format: "unixTime", certified: false, description: "Filiale Software-TSE, nicht zertifiziert", signature_counter: 2 * sales.length, transaction_number: sales.length,
      log_messages: 2 * sales.length, open_transactions: 0, self_test_at: "2025-03-14T09:15:00Z", self_test_passed: true,
      signed_business_cases: sales.length, unsigned_business_cases: 0, outages: [],
    }),
    export_dsfinvk: ({ from, to }) => ({ path: `/daten/exports/dsfinvk_${from}_${to}.zip`, closings: 1, receipts: sales.length, lines: sales.length, outages: 0, first_day: from, last_day: to }),
    receipt_refundable: ({ receiptNo: no }) => {
      const s = allSales().find((x) => x.receipt_no === no) ?? fail("unknown_receipt", { receipt_no: no });
      const earlier = refunds.filter((r) => r.receipt_no === no).map(({ lines: _lines, ...r }) => r);
      return { receipt: storedReceipt(no), lines: refundableLines(s), refunds: earlier, refunded_cents: earlier.reduce((n, r) => n + r.total_cents, 0) };
    },
    receipt_refund: ({ receiptNo: no, lines, reason, manager, pin }) => {
      const s = allSales().find((x) => x.receipt_no === no) ?? fail("unknown_receipt", { receipt_no: no });
      if (lines && lines.length === 0) fail("refund_nothing_chosen");
      const kind = lines ? "refund" : "void";
      authorize(manager, pin, `Bon ${no}`, { kind, receipt_no: no });
      const sold = refundableLines(s);
      const wanted = lines ?? sold.filter((l) => l.remaining > 0).map((l) => ({ sku: l.sku, quantity: l.remaining }));
      if (wanted.length === 0) fail("refund_nothing_left", { receipt_no: no });
      const taken = [];
      let total = 0;
      for (const w of wanted) {
        const on = sold.filter((l) => l.sku === w.sku);
        if (on.length === 0) fail("refund_not_on_receipt", { sku: w.sku });
        const left = on.reduce((n, l) => n + l.remaining, 0);
        if (w.quantity > left) {
          const soldUnits = on.reduce((n, l) => n + l.quantity, 0);
          fail("refund_more_than_sold", { sku: w.sku, requested: w.quantity, sold: soldUnits, refunded: soldUnits - left, left });
        }
        let still = w.quantity;
        for (const l of on) {
          const units = Math.min(still, l.remaining);
          if (units <= 0) continue;
          const amount = valueOf(l, l.refunded + units) - valueOf(l, l.refunded);
          taken.push({ sale_line_no: l.line_no, sku: l.sku, name: l.name, quantity: units, vat_rate: l.vat_rate, amount });
          total += amount;
          still -= units;
        }
      }
      const nothingBefore = sold.every((l) => l.refunded === 0);
      const everything = sold.every((l) => l.remaining === taken.filter((x) => x.sale_line_no === l.line_no).reduce((n, x) => n + x.quantity, 0));
      const doc = { refund_no: refunds.length + 1, receipt_no: no, kind: nothingBefore && everything ? "void" : "refund", refunded_at: new Date().toISOString(), total_cents: total, method: s.tender.method, authorized_by: manager, lines: taken };
      refunds.push(doc);
      audited(manager, doc.kind === "void" ? "sale.void" : "sale.refund", "ok", `Bon ${no}`, { refund_no: doc.refund_no, total_cents: total, reason });
      return { refund_no: doc.refund_no, receipt_no: no, kind: doc.kind, refunded_at: doc.refunded_at, payout: s.tender.method === "cash" ? "cash" : "card", lines: taken, total, authorized_by: manager, journal_entry: 100 + doc.refund_no };
    },
    staff_list: () => [...staff].sort((a, b) => a.name.localeCompare(b.name)).map(staffRow),
    staff_add: ({ name, role, pin, manager, managerPin }) => {
      const r = asRole(role);
      if (!manager || !managerPin) fail("staff_needs_manager");
      authorize(manager, managerPin, name.trim(), { kind: "staff_change", staff: name.trim() });
      if (staff.some((m) => m.name === name.trim())) fail("already_enrolled", { name: name.trim() });
      checkNewPin(pin);
      staff.push({ name: name.trim(), role: r, pin, failed_attempts: 0, locked_until: null, created_at: new Date().toISOString(), updated_at: new Date().toISOString() });
      audited(manager, "staff.add", "ok", name.trim(), { role: r });
      return null;
    },
    staff_reset_pin: ({ name, pin, manager, managerPin }) => {
      authorize(manager, managerPin, name, { kind: "staff_change", staff: name });
      const m = staff.find((x) => x.name === name) ?? fail("unknown_staff", { name });
      checkNewPin(pin);
      Object.assign(m, { pin, failed_attempts: 0, locked_until: null });
      audited(manager, "staff.set_pin", "ok", name, { by: "manager" });
      return null;
    },
    staff_set_role: ({ name, role, manager, managerPin }) => {
      const r = asRole(role);
      authorize(manager, managerPin, name, { kind: "staff_change", staff: name });
      const m = staff.find((x) => x.name === name) ?? fail("unknown_staff", { name });
      if (r === "cashier" && staff.filter((x) => x.role === "manager").length === 1 && m.role === "manager") fail("only_manager", { name });
      m.role = r;
      audited(manager, "staff.set_role", "ok", name, { role: r });
      return null;
    },
    audit_log: ({ actor, action, limit }) =>
      audit.filter((e) => (!actor || e.actor === actor) && (!action || e.action === action || e.action.startsWith(`${action}.`))).slice(-limit),
    audit_verify: () =>
      options.brokenChain
        ? { ok: false, links: audit.length + 12, head: "9f2c41d0a7b3e5f1c2d4", problem: { position: 7, kind: "sale", record_id: 41, fault: "content_changed" }, problem_text: "sale (receipt) 41 was changed after it was sealed (chain position 7)", missing_triggers: ["sales_no_update"] }
        : { ok: true, links: audit.length + 12, head: "9f2c41d0a7b3e5f1c2d4", problem: null, problem_text: null, missing_triggers: [] },
    articles_list: () => articles,
    article_save: ({ article: input }) => {
      if (!input.name) fail("article_name_empty");
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
      if (quantity < 1) fail("stock_quantity_impossible", { quantity, max: 1000000 });
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
      if (!customer.name) fail("customer_name_empty");
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
      if (i < 0) fail("not_dead_letter", { store_seq: storeSeq });
      dead.splice(i, 1);
      return null;
    },
    reorder_list: () => reorders.map((r) => ({ thread_id: r.thread_id, graph: "reorder", status: r.status, step: 3, decided: r.status !== "interrupted", created_at: r.created_at, updated_at: r.created_at, outcome: r.values.outcome, decided_by: r.decidedBy ?? null })),
    reorder_show: ({ id }) => snapshot(reorders.find((r) => r.thread_id === id) ?? fail("workflow", { detail: `workflow thread ${id} does not exist` })),
    reorder_start: () => {
      const id = `BV-20250314-00${reorders.length + 1}`;
      const r = reorders.length > 0 ? structuredClone(reorders[0]) : freshProposal(id);
      r.thread_id = id;
      r.status = "interrupted";
      reorders.unshift(r);
      return r;
    },
    // The core decides as the manager named (the store's "Filialleitung" by default), with the same
    // PIN check as refunds.
    reorder_approve: ({ id, manager, pin }) => {
      authorize(manager || "Filialleitung", pin, id, { kind: "reorder", thread_id: id });
      const r = reorders.find((x) => x.thread_id === id);
      r.status = "completed";
      r.decidedBy = manager || "Filialleitung";
      r.values.outcome = { kind: "ordered", order_id: "PO-1" };
      return r;
    },
    // A steady pattern per article: the n-th article sells (day × (n + 3)) mod 5 a day.
    reorder_sales_history: ({ skus, days }) =>
      Object.fromEntries(skus.map((sku, n) => [sku, Array.from({ length: days }, (_, day) => (day * (n + 3)) % 5)])),
    reorder_reject: ({ id, reason, manager, pin }) => {
      authorize(manager || "Filialleitung", pin, id, { kind: "reorder", thread_id: id });
      const r = reorders.find((x) => x.thread_id === id);
      r.status = "completed";
      r.decidedBy = manager || "Filialleitung";
      r.values.outcome = { kind: "rejected", reason };
      return r;
    },
    till_status: () => tillScreen(),
    till_sign_in: ({ name, pin }) => {
      const m = staff.find((x) => x.name === name.trim()) ?? fail("unknown_staff", { name: name.trim() });
      if (m.locked_until && new Date(m.locked_until) > new Date()) fail("locked_out", { name: m.name, until: m.locked_until });
      if (m.pin !== pin) {
        m.failed_attempts = Math.min(5, m.failed_attempts + 1);
        if (m.failed_attempts >= 5) m.locked_until = "2099-03-14T09:30:00Z";
        fail("wrong_pin", { name: m.name, remaining: 5 - m.failed_attempts });
      }
      m.failed_attempts = 0;
      till.signedIn = { name: m.name, role: m.role };
      audited(m.name, "staff.login", "ok", m.name, { role: m.role });
      return tillScreen();
    },
    till_lock: () => {
      till.signedIn = null;
      return null;
    },
    till_keep_alive: () => {
      signedIn();
      return null;
    },
    till_take_over: () => {
      const who = signedIn();
      const s = till.session ?? tillRefused("till_closed", "Kasse kasse-1 ist nicht geöffnet", "till kasse-1 is not open");
      s.cashier = who.name;
      return tillScreen();
    },
    till_open: ({ float }) => {
      const who = signedIn();
      if (till.session) tillRefused("till_already_open", "Kasse kasse-1 ist bereits geöffnet", "till kasse-1 is already open");
      openSession(who.name, cashOf(float));
      return tillScreen();
    },
    till_cash_move: ({ direction, reason, amountCents, note, manager, managerPin }) => {
      const who = signedIn();
      const s = sellingSession(who);
      if (amountCents <= 0) tillRefused("invalid_amount", "Der Betrag ist ungültig", "the amount is invalid");
      const available = figures().cash_expected_cents;
      let approvedBy = null;
      if (direction === "out") {
        if (amountCents > available) tillRefused("beyond_drawer", `Auszahlung ist mehr als in der Kasse sein sollte (${available})`, "more than the drawer should hold");
        if (amountCents > 20000) {
          if (!manager || !managerPin) tillRefused("needs_manager", "Eine Auszahlung über 200,00 € braucht die Freigabe der Filialleitung (Name und PIN)", "a cash out above EUR 200.00 needs the store manager's approval (name and PIN)");
          approvedBy = authorize(manager, managerPin, TILL, { kind: "cash_out", amount_cents: amountCents }).name;
        }
      }
      till.movements.push({ direction, reason, amount_cents: amountCents, note });
      return { movement_id: till.movements.length, session_no: s.session_no, direction, reason, amount_cents: amountCents, approved_by: approvedBy, cash_expected_cents: figures().cash_expected_cents };
    },
    till_x_report: () => {
      signedIn();
      const s = till.session ?? tillRefused("till_closed", "Kasse kasse-1 ist nicht geöffnet", "till kasse-1 is not open");
      return { till_id: TILL, session: { ...s }, printed_at: new Date().toISOString(), figures: figures() };
    },
    till_close: ({ counted, floatNextCents }) => {
      const who = signedIn();
      const s = till.session ?? tillRefused("till_closed", "Kasse kasse-1 ist nicht geöffnet", "till kasse-1 is not open");
      const total = cashOf(counted);
      if (floatNextCents > total) tillRefused("float_above_counted", "Der Wechselgeldbestand für morgen ist höher als das Gezählte", "the float for tomorrow is more than was counted");
      const f = figures();
      const z = {
        till_id: TILL, z_no: Math.max(0, ...till.closings.filter((x) => x.till_id === TILL).map((x) => x.z_no)) + 1, session_no: s.session_no, business_day: s.business_day, opened_at: s.opened_at, closed_at: new Date().toISOString(), closed_by: who.name,
        expected_cents: f.cash_expected_cents, counted_cents: total, difference_cents: total - f.cash_expected_cents, float_next_cents: floatNextCents,
        count: counted.kind === "count" ? denominations.flatMap((d) => counted.pieces.filter((p) => p.value_cents === d && p.pieces > 0)) : [], figures: f,
      };
      till.closings.push(z);
      till.session = null;
      return z;
    },
    till_closings: ({ till: only, limit }) =>
      till.closings.filter((z) => !only || z.till_id === only).sort((a, b) => b.closed_at.localeCompare(a.closed_at)).slice(0, limit),
  };

  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "cashier" }, currentWebview: { label: "cashier", windowLabel: "cashier" } },
    transformCallback: () => 0,
    unregisterCallback: () => {},
    convertFileSrc: (p) => p,
    invoke: async (cmd, args = {}) => {
      calls.push({ cmd, args: JSON.parse(JSON.stringify(args)) });
      const command = commands[cmd];
      if (!command) throw `command ${cmd} not allowed`;
      return JSON.parse(JSON.stringify(await command(args)));
    },
  };
}
