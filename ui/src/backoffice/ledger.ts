// Back office: the journal (account balances, latest entries), the sync status of the outbox with
// dead letters to retry, and the search index status.
import { h, mount } from "../dom";
import { age, count, dateTime, money, t } from "../i18n";
import { backoffice } from "../api/backOffice";
import { syncApi } from "../api/sync";
import type { OutboxStatus } from "../api/bindings";
import { statusLine, table } from "./common";

export function journalPage(root: HTMLElement): void {
  const status = statusLine("journal-status");
  mount(root, status.el, h("p", {}, t("bo.loading")));
  backoffice
    .journal(50)
    .then((j) => {
      mount(
        root,
        status.el,
        h(
          "div",
          { class: "two-col" },
          h(
            "div",
            {},
            h("h3", {}, t("journal.balances")),
            table([t("journal.account"), t("journal.name"), t("journal.balance")], j.balances.map((b) => [String(b.number), b.name, money(b.balance_cents)]), { id: "balances-table" }),
          ),
          h(
            "div",
            {},
            h("h3", {}, t("journal.entries")),
            table(
              [t("journal.date"), t("journal.text"), t("journal.lines")],
              j.entries.map((e) => [
                dateTime(e.posted_at),
                `${e.text} (${e.reference})`,
                h("span", {}, e.lines.map(([acct, debit, credit]) => h("span", { class: "jl" }, `${acct}: ${debit ? `S ${money(debit)}` : `H ${money(credit)}`}`))),
              ]),
              { id: "entries-table" },
            ),
          ),
        ),
      );
    })
    .catch((e) => status.fail(e));
}

export type SyncHealth = "idle" | "current" | "behind" | "stuck";

/** How the store's link to head office looks from its outbox alone. */
export function syncHealth(s: OutboxStatus, now: Date = new Date()): SyncHealth {
  if (s.dead > 0) return "stuck";
  if (s.pending === 0) return s.published > 0 ? "current" : "idle";
  const oldest = s.oldest_pending_at ? new Date(s.oldest_pending_at).getTime() : now.getTime();
  return now.getTime() - oldest > 5 * 60_000 ? "behind" : "current";
}

export function syncPage(root: HTMLElement): void {
  const status = statusLine("sync-status");
  const body = h("div", {});
  async function load(): Promise<void> {
    try {
      const v = await syncApi.status(50);
      const health = syncHealth(v.status);
      mount(
        body,
        h(
          "div",
          { class: "cards" },
          card(t("sync.connection"), h("span", { class: `badge health-${health}`, "data-health": health }, t(`sync.health.${health}` as "sync.health.idle"))),
          card(t("sync.pending"), count(v.status.pending), "sync-pending"),
          card(t("sync.oldest"), age(v.status.oldest_pending_at)),
          card(t("sync.published"), count(v.status.published)),
          card(t("sync.dead"), count(v.status.dead), "sync-dead"),
        ),
        h("h3", {}, t("sync.deadLetters")),
        v.dead.length === 0
          ? h("p", { class: "hint" }, t("sync.noDead"))
          : table(
              ["#", t("sync.event"), t("sync.error"), ""],
              v.dead.map((r) => [String(r.store_seq), `${r.event_type} ${r.aggregate_id}`, r.last_error ?? "", h("button", { class: "retry", "data-seq": r.store_seq, onclick: () => void retry(r.store_seq) }, t("sync.retry"))]),
              { id: "dead-table" },
            ),
        h("h3", {}, t("sync.recent")),
        table(
          ["#", t("sync.event"), t("sync.created"), t("sync.state")],
          v.recent
            .slice()
            .reverse()
            .map((r) => [String(r.store_seq), `${r.event_type} ${r.aggregate_id}`, dateTime(r.created_at), r.dead_at ? t("sync.stateDead") : r.published_at ? t("sync.statePublished") : t("sync.statePending")]),
          { id: "outbox-table" },
        ),
      );
    } catch (error) {
      status.fail(error);
    }
  }
  async function retry(seq: number): Promise<void> {
    try {
      await syncApi.retry(seq);
      status.ok(t("sync.retried", { seq }));
      await load();
    } catch (error) {
      status.fail(error);
    }
  }
  mount(root, status.el, body);
  void load();
}

function card(label: string, value: Node | string, testid?: string) {
  return h("section", { class: "card", "data-testid": testid }, h("h4", {}, label), h("p", {}, value));
}

export function searchIndexPage(root: HTMLElement): void {
  mount(root, h("section", { class: "placeholder", id: "search-index" }, h("h3", {}, t("searchIndex.title")), h("p", {}, t("searchIndex.pending"))));
}
