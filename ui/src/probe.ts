// The start-up probe of the desktop benchmark (scripts/bench-desktop). Once the cashier can be
// typed in, the window tells the core (which prints the time since start when the probe is on).
// If the core answers with a keystroke plan, the window types it into the real search box, one
// key at a time, and measures each keystroke until its results are painted: first with the
// hybrid search, then with the plain catalogue filter as the baseline. Without the probe the
// core answers null and nothing else happens.
import { commands } from "./api/bindings";
import { type SearchArticles, filterArticles, searchArticles } from "./api/search";

interface KeystrokePlan {
  queries: string[];
  rounds: number;
}

/** Resolves once `el` has `attribute` equal to `value` (or one of them; checked on every change). */
function attributeBecomes(el: HTMLElement, attribute: string, value: string | string[]): Promise<void> {
  const wanted = (v: string | null) => (Array.isArray(value) ? value.includes(v ?? "") : v === value);
  return new Promise((resolve) => {
    if (wanted(el.getAttribute(attribute))) return resolve();
    const observer = new MutationObserver(() => {
      if (wanted(el.getAttribute(attribute))) {
        observer.disconnect();
        resolve();
      }
    });
    observer.observe(el, { attributes: true, attributeFilter: [attribute] });
  });
}

/** Resolves after the next frame has been painted. */
function painted(): Promise<void> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }),
  );
}

/** Types every query of the plan; returns keystroke-to-paint times of all but the first round. */
async function typeQueries(plan: KeystrokePlan): Promise<number[]> {
  const samples: number[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    for (const query of plan.queries) {
      const box = document.getElementById("search") as HTMLInputElement;
      const results = document.getElementById("results") as HTMLElement;
      let previous = "";
      for (let i = 1; i <= query.length; i++) {
        const typed = query.slice(0, i);
        if (typed.trim() === previous) continue;
        previous = typed.trim();
        box.value = typed;
        const start = performance.now();
        box.dispatchEvent(new Event("input", { bubbles: true }));
        await attributeBecomes(results, "data-query", previous);
        await painted();
        if (round > 0) samples.push(performance.now() - start);
      }
      box.value = "";
      box.dispatchEvent(new Event("input", { bubbles: true }));
      await attributeBecomes(results, "data-query", "");
    }
  }
  return samples;
}

/**
 * Reports readiness once `screen` shows its first usable screen (the till's sign-in, or the till);
 * runs the plan if the core hands one over. `showCashier` mounts the bare till with a given
 * search (the hybrid one, then the baseline).
 */
export async function startupProbe(screen: HTMLElement, showCashier: (search: SearchArticles) => Promise<void>): Promise<void> {
  await attributeBecomes(screen, "data-ready", ["cashier", "sign-in"]);
  await painted();
  const plan = await commands.probeReady().catch(() => null);
  if (!plan) return;
  const sources: [string, SearchArticles][] = [
    ["hybrid", searchArticles],
    ["filter", filterArticles],
  ];
  for (const [source, search] of sources) {
    await showCashier(search);
    await attributeBecomes(screen, "data-ready", "cashier");
    const samples = await typeQueries(plan);
    await commands.probeReport({ source, samples_ms: samples });
  }
  await showCashier(searchArticles);
}
