// Back office: the staff list. Members with role and lockout state; adding a member, resetting a
// PIN and changing a role, each approved with the manager's name and PIN. PINs are typed into
// password fields, sent once and cleared; they are never shown, kept or written anywhere.
import { h, mount } from "../dom";
import { count, dateTime, t } from "../i18n";
import { staffApi } from "../api/staff";
import { explainRefusal } from "../api/refusal";
import { toUiError } from "../api/ipc";
import type { ManagerPin } from "../api/till";
import type { Role as StaffRole, StaffRow } from "../api/bindings";
import { withManagerPin } from "../cashier/managerDiscount";
import { pinDialog } from "../cashier/pinDialog";
import { table } from "./common";

export type NewPinProblem = "staff.pinInvalid" | "staff.pinMismatch" | null;

/** Checks a new PIN typed twice: 4 to 12 digits (as the core demands), both the same. */
export function newPinProblem(pin: string, repeated: string): NewPinProblem {
  if (!/^\d{4,12}$/.test(pin)) return "staff.pinInvalid";
  if (pin !== repeated) return "staff.pinMismatch";
  return null;
}

/** The state of a member as the list shows it. */
export function staffState(m: StaffRow): string {
  if (m.locked && m.locked_until) return t("staff.lockedUntil", { until: dateTime(m.locked_until) });
  if (m.failed_attempts > 0) return t("staff.failed", { n: count(m.failed_attempts) });
  return t("staff.active");
}

export function staffPage(root: HTMLElement): void {
  const message = h("div", { id: "staff-status", role: "status", class: "status-line" });
  const list = h("div", { id: "staff-list" });
  const pinBox = h("div", { id: "pin-dialog", class: "modal", hidden: true });
  const pin = pinDialog(pinBox);
  let staff: StaffRow[] = [];

  const say = (kind: "ok" | "error", text: string, code?: string) => {
    message.className = kind === "ok" ? "ok-banner" : "error-banner";
    if (code) message.dataset.code = code;
    else delete message.dataset.code;
    message.textContent = text;
  };
  const fail = (error: unknown) => say("error", explainRefusal(error), toUiError(error).code);

  // ---- forms ---------------------------------------------------------------------------------
  const newName = h("input", { id: "new-name", name: "name", autocomplete: "off", maxlength: 60 });
  const newRole = h(
    "select",
    { id: "new-role", name: "role" },
    h("option", { value: "cashier" }, t("staff.role.cashier")),
    h("option", { value: "manager" }, t("staff.role.manager")),
  );
  const newPin = h("input", { id: "new-pin", type: "password", inputmode: "numeric", autocomplete: "new-password" });
  const newPin2 = h("input", { id: "new-pin2", type: "password", inputmode: "numeric", autocomplete: "new-password" });
  const addForm = h(
    "form",
    { class: "form-grid", id: "staff-add-form", onsubmit: (e: Event) => (e.preventDefault(), void add()) },
    h("h3", {}, t("staff.add")),
    h("label", {}, t("staff.name"), newName),
    h("label", {}, t("staff.role"), newRole),
    h("label", {}, t("staff.newPin"), newPin),
    h("label", {}, t("staff.repeatPin"), newPin2),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "staff-add" }, t("staff.addButton"))),
  );

  const resetName = h("select", { id: "reset-name", name: "name" });
  const resetPin = h("input", { id: "reset-pin", type: "password", inputmode: "numeric", autocomplete: "new-password" });
  const resetPin2 = h("input", { id: "reset-pin2", type: "password", inputmode: "numeric", autocomplete: "new-password" });
  const resetForm = h(
    "form",
    { class: "form-grid", id: "staff-reset-form", onsubmit: (e: Event) => (e.preventDefault(), void reset()) },
    h("h3", {}, t("staff.resetTitle")),
    h("label", {}, t("staff.resetFor"), resetName),
    h("span", {}),
    h("label", {}, t("staff.newPin"), resetPin),
    h("label", {}, t("staff.repeatPin"), resetPin2),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", id: "staff-reset" }, t("staff.resetButton"))),
  );

  const clearPins = (...fields: HTMLInputElement[]) => fields.forEach((f) => (f.value = ""));

  /** Runs `change` with the manager's PIN (none while the store has no manager yet). */
  async function approved(intro: string, change: (approval: ManagerPin | null) => Promise<unknown>): Promise<boolean> {
    if (!staff.some((m) => m.role === "manager")) {
      await change(null);
      return true;
    }
    const done = await withManagerPin(
      async (approval) => {
        await change(approval);
        return true;
      },
      (refusal) => pin.ask({ intro }, refusal),
    ).finally(() => pin.close());
    return done === true;
  }

  async function add(): Promise<void> {
    const name = newName.value.trim();
    const role = newRole.value as StaffRole;
    if (name === "") {
      say("error", t("staff.nameMissing"), "invalid_input");
      newName.focus();
      return;
    }
    const problem = newPinProblem(newPin.value, newPin2.value);
    if (problem) {
      say("error", t(problem), "invalid_input");
      clearPins(newPin, newPin2);
      newPin.focus();
      return;
    }
    const memberPin = newPin.value;
    clearPins(newPin, newPin2);
    const roleName = t(`staff.role.${role}`);
    try {
      if (!(await approved(t("pin.introStaffAdd", { name, role: roleName }), (a) => staffApi.add(name, role, memberPin, a)))) return;
      newName.value = "";
      await load();
      say("ok", t("staff.added", { name, role: roleName }));
      newName.focus();
    } catch (error) {
      fail(error);
    }
  }

  async function reset(): Promise<void> {
    const name = resetName.value;
    if (name === "") {
      say("error", t("staff.chooseMember"), "invalid_input");
      resetName.focus();
      return;
    }
    const problem = newPinProblem(resetPin.value, resetPin2.value);
    if (problem) {
      say("error", t(problem), "invalid_input");
      clearPins(resetPin, resetPin2);
      resetPin.focus();
      return;
    }
    const memberPin = resetPin.value;
    clearPins(resetPin, resetPin2);
    try {
      if (!(await approved(t("pin.introStaffPin", { name }), (a) => staffApi.resetPin(name, memberPin, a!)))) return;
      await load();
      say("ok", t("staff.pinSet", { name }));
    } catch (error) {
      fail(error);
    }
  }

  async function changeRole(m: StaffRow): Promise<void> {
    const role: StaffRole = m.role === "manager" ? "cashier" : "manager";
    const roleName = t(`staff.role.${role}`);
    try {
      if (!(await approved(t("pin.introStaffRole", { name: m.name, role: roleName }), (a) => staffApi.setRole(m.name, role, a!)))) return;
      await load();
      say("ok", t("staff.roleSet", { name: m.name, role: roleName }));
    } catch (error) {
      fail(error);
    }
  }

  // ---- list ----------------------------------------------------------------------------------
  function render(): void {
    mount(
      resetName,
      h("option", { value: "" }, "–"),
      staff.map((m) => h("option", { value: m.name }, m.name)),
    );
    mount(
      list,
      staff.length === 0
        ? h("p", { class: "hint", id: "staff-empty" }, t("staff.empty"))
        : table(
            [t("staff.name"), t("staff.role"), t("staff.state"), ""],
            staff.map((m) => [
              m.name,
              t(`staff.role.${m.role}`),
              h("span", { class: m.locked ? "badge locked" : "badge", "data-locked": String(m.locked) }, staffState(m)),
              h(
                "span",
                { class: "row-actions" },
                h(
                  "button",
                  {
                    class: "reset-pin",
                    "data-name": m.name,
                    onclick: () => {
                      resetName.value = m.name;
                      resetPin.focus();
                    },
                  },
                  t("staff.resetPin"),
                ),
                h("button", { class: "set-role", "data-name": m.name, onclick: () => void changeRole(m) }, m.role === "manager" ? t("staff.makeCashier") : t("staff.makeManager")),
              ),
            ]),
            { id: "staff-table" },
          ),
    );
    if (staff.length === 0) newRole.value = "manager";
  }

  async function load(): Promise<void> {
    try {
      staff = await staffApi.list();
      render();
    } catch (error) {
      fail(error);
    }
  }

  mount(
    root,
    message,
    h("p", { class: "hint" }, t("staff.rule")),
    h("div", { class: "two-col" }, list, h("div", { class: "staff-forms" }, addForm, resetForm)),
    pinBox,
  );
  void load();
}
