import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../i18n";
import { explainRefusal } from "./refusal";

describe("refusals in words", () => {
  afterEach(() => setLanguage("de"));

  it.each([
    [{ code: "wrong_pin", message: "not allowed: wrong PIN for Frau Krüger; 4 attempts left before lockout" }, "Falsche PIN für Frau Krüger. Noch 4 Versuche bis zur Sperre."],
    [{ code: "unknown_manager", message: "not allowed: Chef is not on the staff list" }, "„Chef“ steht nicht auf der Personalliste."],
    [{ code: "not_a_manager", message: "not allowed: Lena is not a manager" }, "Lena ist keine Filialleitung und kann das nicht freigeben."],
    [
      { code: "refund_refused", message: "cannot refund 3 × GF-10001: 2 sold, 1 refunded already, 1 left" },
      "3 × GF-10001 geht nicht: 2 verkauft, 1 schon erstattet, noch 1 offen.",
    ],
    [{ code: "refund_refused", message: "receipt 7 has been refunded completely already" }, "Bon 7 ist schon vollständig erstattet."],
    [{ code: "unknown_receipt", message: "there is no receipt 99" }, "Einen Bon mit der Nummer 99 gibt es nicht."],
    [{ code: "invalid_input", message: "a PIN must be 4 to 12 digits" }, "Eine PIN hat 4 bis 12 Ziffern."],
    [{ code: "denied", message: "not allowed: Frau Krüger is the only manager; add another manager first" }, "Frau Krüger ist die einzige Filialleitung. Bitte zuerst eine weitere Filialleitung anlegen."],
  ])("%o", (error, text) => expect(explainRefusal(error)).toBe(text));

  it("gives the lockout's end as a German time", () => {
    const text = explainRefusal({ code: "locked_out", message: "not allowed: Frau Krüger is locked out after too many wrong PINs until 2025-03-14 09:30:00.123456 UTC" });
    expect(text).toMatch(/^Frau Krüger ist nach zu vielen falschen PINs gesperrt bis 14\.03\.2025, \d\d:30\.$/);
  });

  it("keeps the core's words after the kind of problem for anything else", () => {
    expect(explainRefusal({ code: "disk_full", message: "disk full" })).toBe("Festplatte voll: disk full");
    expect(explainRefusal({ code: "something_new", message: "odd" })).toBe("Fehler: odd");
    expect(explainRefusal(new Error("boom"))).toBe("Fehler: boom");
  });

  it("speaks English on request", () => {
    setLanguage("en");
    expect(explainRefusal({ code: "wrong_pin", message: "not allowed: wrong PIN for Frau Krüger; 2 attempts left before lockout" })).toBe(
      "Wrong PIN for Frau Krüger. 2 attempts left before lockout.",
    );
  });
});
