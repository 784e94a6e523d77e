// Back office: the audit log (who did what, when, with which outcome; newest first), filtered by
// person and kind of act, and "Kette prüfen", which verifies the books' hash chain.
import { h, mount } from "../dom";
import { count, dateTime, t } from "../i18n";
import { auditApi } from "../api/backOffice";
import { explainRefusal } from "../api/refusal";
import { toUiError } from "../api/ipc";
import type { AuditEntry, ChainCheck, Value } from "../api/bindings";
import { de } from "../texts.de";
import { table } from "./common";

type TextKey = keyof typeof de;

/** The kinds of act the filter offers (an action family as the core filters by). */
export const AUDIT_FAMILIES = ["authorization", "sale", "staff", "reorder"] as const;

/** How many entries the page shows at most. */
const SHOWN = 200;

function known(key: string): key is TextKey {
  return key in de;
}

/** An action in words ("Freigabe verweigert"), or as the core named it when the page does not know it. */
export function actionLabel(action: string): string {
  const key = `audit.act.${action}`;
  return known(key) ? t(key) : action;
}

/**
 * The subject of an entry in the current language. The core stores subjects as written at the time
 * (the log is sealed, so they stay as they are): a receipt is "Bon 13", shown as "Receipt 13" in
 * English; SKUs, proposal numbers and names need no words and are shown as they are.
 */
export function subjectText(subject: string): string {
  const receipt = /^Bon (\d+)$/.exec(subject);
  return receipt ? t("audit.subject.receipt", { n: receipt[1] }) : subject;
}

/** The details of an entry as short "key: value" pairs; a refusal's reason in words. */
export function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details ?? {})
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => {
      if (k === "reason" && typeof v === "string" && known(`error.${v}`)) return t(`error.${v}` as TextKey);
      return `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`;
    })
    .join(", ");
}

/** The result of verifying the chain in one sentence (plus one per missing trigger). */
export function chainSummary(check: ChainCheck): string[] {
  const lines: string[] = [];
  if (check.problem) {
    const p = check.problem;
    const what = [t(`audit.kind.${p.kind}`), String(p.record_id), t(`audit.fault.${p.fault}`), p.position !== null ? t("audit.position", { n: p.position }) : ""]
      .filter(Boolean)
      .join(" ");
    lines.push(t("audit.verifyBroken", { what }));
  } else if (check.ok) {
    lines.push(t("audit.verifyOk", { n: count(check.links) }));
  }
  for (const trigger of check.missing_triggers) lines.push(t("audit.missingTrigger", { trigger }));
  return lines;
}

export function auditPage(root: HTMLElement): void {
  const message = h("div", { id: "audit-status", role: "status", class: "status-line" });
  const actor = h("input", { id: "audit-actor", autocomplete: "off", placeholder: t("audit.actor") });
  const family = h(
    "select",
    { id: "audit-action" },
    h("option", { value: "" }, t("audit.family.all")),
    AUDIT_FAMILIES.map((f) => h("option", { value: f }, t(`audit.family.${f}`))),
  );
  const chain = h("div", { id: "chain-result", role: "status", "aria-live": "polite" });
  const list = h("div", { id: "audit-list" });
  const fail = (error: unknown) => {
    message.className = "error-banner";
    message.dataset.code = toUiError(error).code;
    message.textContent = explainRefusal(error);
  };

  async function load(): Promise<void> {
    try {
      const entries: AuditEntry[] = (await auditApi.log(actor.value.trim() || null, family.value || null, SHOWN)).slice().reverse();
      message.className = "status-line";
      message.textContent = "";
      mount(
        list,
        h("p", { class: "hint", id: "audit-count" }, t("audit.count", { n: count(entries.length) })),
        entries.length === 0
          ? h("p", { class: "hint", id: "audit-empty" }, t("audit.empty"))
          : table(
              [t("audit.when"), t("audit.terminal"), t("audit.actor"), t("audit.action"), t("audit.subject"), t("audit.outcome"), t("audit.details")],
              entries.map((e) => [
                dateTime(e.occurred_at),
                e.terminal,
                e.actor,
                h("span", { title: e.action, "data-action": e.action }, actionLabel(e.action)),
                h("span", { class: "subject", "data-subject": e.subject }, subjectText(e.subject)),
                h("span", { class: `outcome outcome-${e.outcome}`, "data-outcome": e.outcome }, t(`audit.outcome.${e.outcome}` as "audit.outcome.ok")),
                detailsText(isObject(e.details) ? e.details : {}),
              ]),
              { id: "audit-table" },
            ),
      );
    } catch (error) {
      fail(error);
    }
  }

  async function verify(): Promise<void> {
    chain.className = "";
    chain.textContent = t("bo.loading");
    try {
      const check = await auditApi.verify();
      chain.className = check.ok ? "ok-banner" : "error-banner";
      chain.dataset.ok = String(check.ok);
      mount(
        chain,
        chainSummary(check).map((line) => h("p", {}, line)),
        check.head ? h("p", { class: "hint chain-head" }, t("audit.head", { head: check.head.slice(0, 16) })) : null,
      );
    } catch (error) {
      chain.className = "error-banner";
      chain.textContent = explainRefusal(error);
    }
  }

  mount(
    root,
    h(
      "form",
      { class: "inline-form", id: "audit-filter", onsubmit: (e: Event) => (e.preventDefault(), void load()) },
      h("label", { for: "audit-actor" }, t("audit.actor")),
      actor,
      h("label", { for: "audit-action" }, t("audit.action")),
      family,
      h("button", { type: "submit", id: "audit-show" }, t("audit.filter")),
      h("span", { class: "spacer" }),
      h("button", { type: "button", id: "verify-chain", class: "primary", title: t("audit.verifyHint"), onclick: () => void verify() }, t("audit.verify")),
    ),
    chain,
    message,
    list,
  );
  void load();
}

/** The details of an entry are a JSON object; anything else has nothing to show. */
function isObject(value: Value): value is { [key in string]: Value } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
