import { describe, expect, it } from "vitest";
import type { ChainCheck, StaffRow } from "../api/bindings";
import { actionLabel, chainSummary, detailsText } from "./audit";
import { newPinProblem, staffState } from "./staff";

describe("new PIN", () => {
  it("takes 4 to 12 digits typed the same twice", () => {
    expect(newPinProblem("4711", "4711")).toBeNull();
    expect(newPinProblem("123456789012", "123456789012")).toBeNull();
  });
  it.each([
    ["123", "123", "staff.pinInvalid"],
    ["12a4", "12a4", "staff.pinInvalid"],
    ["1234567890123", "1234567890123", "staff.pinInvalid"],
    ["4711", "4712", "staff.pinMismatch"],
  ])("%s / %s: %s", (pin, again, problem) => expect(newPinProblem(pin, again)).toBe(problem));
});

describe("staff state", () => {
  const member: StaffRow = { name: "Lena", role: "cashier", failed_attempts: 0, locked_until: null, created_at: "", updated_at: "", locked: false };
  it("says locked, failed attempts or active", () => {
    expect(staffState(member)).toBe("aktiv");
    expect(staffState({ ...member, failed_attempts: 2 })).toBe("2 Fehlversuche");
    expect(staffState({ ...member, failed_attempts: 5, locked: true, locked_until: "2025-03-14T09:30:00Z" })).toMatch(/^gesperrt bis 14\.03\.2025/);
  });
});

describe("audit log", () => {
  it("names known actions in German and keeps unknown ones as they are", () => {
    expect(actionLabel("authorization.deny")).toBe("Freigabe verweigert");
    expect(actionLabel("staff.set_pin")).toBe("PIN gesetzt");
    expect(actionLabel("till.something_new")).toBe("till.something_new");
  });
  it.each([
    "authorization.grant",
    "authorization.deny",
    "sale.refund",
    "sale.void",
    "staff.enroll",
    "staff.add",
    "staff.login",
    "staff.set_pin",
    "staff.set_role",
    "reorder.approve",
    "reorder.reject",
  ])("has words for %s, an act the core writes to the log", (action) => {
    expect(actionLabel(action)).not.toBe(action);
  });
  it("shows details briefly, a refusal's reason in words", () => {
    expect(detailsText({ kind: "refund", receipt_no: 17, reason: "wrong_pin" })).toBe("kind: refund, receipt_no: 17, Falsche PIN");
    expect(detailsText({})).toBe("");
  });
});

describe("chain check", () => {
  const ok: ChainCheck = { ok: true, links: 1234, head: "ab12", problem: null, problem_text: null, missing_triggers: [] };
  it("reports an intact chain with its count", () => {
    expect(chainSummary(ok)).toEqual(["Kette in Ordnung: 1.234 Einträge geprüft, nichts verändert."]);
  });
  it("names the first broken link and every missing trigger", () => {
    const broken: ChainCheck = {
      ...ok,
      ok: false,
      problem: { position: 42, kind: "sale", record_id: 17, fault: "content_changed" },
      missing_triggers: ["sales_no_update"],
    };
    expect(chainSummary(broken)).toEqual([
      "Kette unterbrochen: Bon 17 wurde nach dem Versiegeln geändert (Kettenposition 42)",
      "Schreibschutz fehlt: sales_no_update",
    ]);
  });
});
