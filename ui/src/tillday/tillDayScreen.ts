// The cashier window's trading day: which screen the till shows — sign-in (also the lock screen),
// opening with a float, taking over from another cashier, the till itself, the X-report, the
// daily closing and its Z-report — and the bar above it with the signed-in cashier, the menu
// (cash in/out, X-report, closing) and "Kasse sperren". The till locks after the idle time the
// core names, here and in the core.
import { h, mount } from "../dom";
import { money, t } from "../i18n";
import type { TillScreen, ZReportView } from "../api/bindings";
import { type UiError, toUiError } from "../api/ipc";
import { explainRefusal } from "../api/refusal";
import type { SearchArticles } from "../api/search";
import { tillDay } from "../api/tillDay";
import { cashierScreen } from "../cashier/cashierScreen";
import { pinDialog } from "../cashier/pinDialog";
import { cashDialog } from "./cashDialog";
import { closingScreen } from "./closingScreen";
import { type IdleLock, idleLock } from "./idleLock";
import { openTillScreen } from "./openTillScreen";
import { reasonName, xReportView, zReportView } from "./reports";
import { signInScreen } from "./signInScreen";

export interface TillDayOptions {
  search?: SearchArticles;
}

type View = "till" | "x-report" | "closing";

const storeName = () => document.getElementById("store-name")?.textContent ?? "";

export function tillDayScreen(root: HTMLElement, options: TillDayOptions = {}): () => void {
  const bar = h("div", { id: "till-bar", class: "till-bar", hidden: true });
  const message = h("div", { id: "till-message", role: "status", class: "status-line" });
  const body = h("div", { id: "till-body", class: "till-body" });
  const cashBox = h("div", { id: "cash-dialog", class: "modal", hidden: true });
  const pinBox = h("div", { id: "pin-dialog", class: "modal", hidden: true });
  mount(root, bar, message, body, cashBox, pinBox);
  const pin = pinDialog(pinBox);

  let screen: TillScreen | null = null;
  let view: View = "till";
  let leaveView: (() => void) | null = null;
  let idle: IdleLock | null = null;
  let notice: string | null = null;
  let left = false;

  const say = (text: string, ok = true) => {
    message.className = ok ? "ok-banner" : "error-banner";
    message.textContent = text;
  };
  const quiet = () => {
    message.className = "status-line";
    message.textContent = "";
  };

  function stopIdle(): void {
    idle?.stop();
    idle = null;
  }

  /** The core says nobody is signed in (locked by hand elsewhere, or idle): the lock screen. */
  function signedOut(error: UiError): void {
    notice = explainRefusal(error);
    screen = screen ? { ...screen, signed_in: null } : screen;
    show();
  }

  async function lock(why: string | null): Promise<void> {
    notice = why;
    await tillDay.lock().catch(() => null);
    await reload();
  }

  async function reload(): Promise<void> {
    try {
      screen = await tillDay.status();
      show();
    } catch (error) {
      say(explainRefusal(toUiError(error)), false);
    }
  }

  function renderBar(s: TillScreen): void {
    const who = s.signed_in;
    const session = s.status.session;
    const open = !!session && session.cashier === who?.name && !s.status.unclosed_from_earlier_day;
    bar.hidden = !who;
    if (!who) return;
    const menu = (id: string, label: string, action: () => void, enabled = open) =>
      h("button", { id, type: "button", disabled: !enabled, class: view !== "till" && id === `menu-${view}` ? "active" : "", onclick: action }, label);
    mount(
      bar,
      h("span", { id: "till-cashier", class: "till-cashier" }, t("bar.cashier", { name: who.name })),
      h("span", { id: "till-session", class: "till-session" }, session ? t("bar.session", { till: s.status.till_name || s.status.till_id, session: session.session_no }) : t("bar.closed", { till: s.status.till_name || s.status.till_id })),
      h(
        "nav",
        { class: "till-menu", "aria-label": t("bar.menu") },
        view !== "till" ? menu("menu-till", t("bar.backToTill"), () => goTo("till")) : null,
        menu("menu-cash", t("bar.cash"), () => void moveCash()),
        menu("menu-x-report", t("bar.xReport"), () => goTo("x-report")),
        menu("menu-closing", t("bar.closing"), () => goTo("closing")),
      ),
      h("button", { id: "lock-till", type: "button", class: "danger", onclick: () => void lock(null) }, t("bar.lock")),
    );
  }

  function goTo(next: View): void {
    view = next;
    quiet();
    show();
  }

  async function moveCash(): Promise<void> {
    if (!screen) return;
    const dialog = cashDialog(cashBox, screen.reasons, screen.cash_out_manager_limit_cents, pin);
    const done = await dialog.ask();
    if (!done) return;
    say(
      t(done.direction === "in" ? "cash.doneIn" : "cash.doneOut", {
        amount: money(done.amount_cents),
        reason: reasonName(done.reason),
        expected: money(done.cash_expected_cents),
      }),
    );
    const status = await tillDay.status().catch(() => null);
    if (status) screen = status;
  }

  function showReport(z: ZReportView | null): void {
    mount(
      body,
      h(
        "div",
        { class: "till-day report-view" },
        h(
          "div",
          { class: "actions no-print" },
          h("button", { type: "button", id: "report-print", class: "primary", onclick: () => window.print() }, t("report.print")),
          h("button", { type: "button", id: "report-back", onclick: () => (z ? void reload() : goTo("till")) }, z ? t("report.done") : t("bar.backToTill")),
        ),
        z ? zReportView(z, storeName()) : h("p", { id: "x-loading" }, t("bo.loading")),
      ),
    );
    body.dataset.ready = z ? "z-report" : "x-report";
  }

  async function showXReport(): Promise<void> {
    showReport(null);
    try {
      const x = await tillDay.xReport();
      if (left || view !== "x-report") return;
      const loading = body.querySelector("#x-loading");
      loading?.replaceWith(xReportView(x, storeName()));
    } catch (error) {
      const e = toUiError(error);
      if (e.code === "till_refused" && ["not_signed_in", "idle_locked"].includes(e.params.reason)) signedOut(e);
      else say(explainRefusal(e), false);
    }
  }

  function show(): void {
    if (left) return;
    leaveView?.();
    leaveView = null;
    delete body.dataset.ready;
    delete root.dataset.ready;
    const s = screen;
    if (!s) return;
    renderBar(s);
    const who = s.signed_in;
    if (!who) {
      stopIdle();
      view = "till";
      signInScreen(body, {
        tillName: t("signin.till", { till: s.status.till_name || s.status.till_id }),
        notice,
        signedIn: (next) => {
          notice = null;
          screen = next;
          quiet();
          stopIdle();
          show();
        },
      });
      // The first screen a cashier can use: the start-up probe waits for it.
      root.dataset.ready = "sign-in";
      return;
    }
    // Signed in (also when the window comes back to the till from another tab): the idle lock runs.
    idle ??= idleLock(s.lock_after_minutes, () => void lock(t("signin.idle", { minutes: s.lock_after_minutes })), () => void tillDay.keepAlive().catch(() => null));
    const session = s.status.session;
    if (s.status.unclosed_from_earlier_day || view === "closing") {
      closingScreen(body, {
        screen: s,
        cancel: s.status.unclosed_from_earlier_day ? null : () => goTo("till"),
        closed: (z) => {
          view = "till";
          say(t("closing.done", { z: z.z_no }));
          screen = { ...s, status: { ...s.status, session: null, unclosed_from_earlier_day: false } };
          renderBar(screen);
          showReport(z);
        },
      });
      return;
    }
    if (!session) {
      view = "till";
      openTillScreen(body, {
        screen: s,
        opened: (next) => {
          screen = next;
          say(t("open.done", { amount: money(next.status.session?.float_cents ?? 0) }));
          show();
        },
      });
      return;
    }
    if (session.cashier !== who.name) {
      mount(
        body,
        h(
          "div",
          { class: "till-center" },
          h(
            "section",
            { class: "pin-form", "data-testid": "take-over" },
            h("h2", {}, t("takeOver.title")),
            h("p", {}, t("takeOver.held", { cashier: session.cashier, session: session.session_no })),
            h(
              "button",
              {
                id: "take-over",
                type: "button",
                class: "primary big",
                onclick: () =>
                  void tillDay
                    .takeOver()
                    .then((next) => {
                      screen = next;
                      say(t("takeOver.done", { cashier: who.name }));
                      show();
                    })
                    .catch((error) => say(explainRefusal(toUiError(error)), false)),
              },
              t("takeOver.submit"),
            ),
          ),
        ),
      );
      body.dataset.ready = "take-over";
      return;
    }
    if (view === "x-report") {
      void showXReport();
      return;
    }
    leaveView = cashierScreen(body, { terminal: s.status.till_id, search: options.search, signedOut, readyOn: root, pin });
  }

  void reload();
  return () => {
    left = true;
    stopIdle();
    leaveView?.();
  };
}
