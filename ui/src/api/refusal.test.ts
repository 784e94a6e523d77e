import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../i18n";
import { explainRefusal } from "./refusal";

describe("refusals in words", () => {
  afterEach(() => setLanguage("de"));

  it.each([
    [{ code: "wrong_pin", params: { name: "Frau Krüger", remaining: 4 } }, "Falsche PIN für Frau Krüger. Noch 4 Versuche bis zur Sperre."],
    [{ code: "unknown_manager", params: { name: "Chef" } }, "„Chef“ steht nicht auf der Personalliste."],
    [{ code: "not_a_manager", params: { name: "Lena" } }, "Lena ist keine Filialleitung und kann das nicht freigeben."],
    [
      { code: "refund_more_than_sold", params: { sku: "GF-10001", requested: 3, sold: 2, refunded: 1, left: 1 } },
      "3 × GF-10001 geht nicht: 2 verkauft, 1 schon erstattet, noch 1 offen.",
    ],
    [{ code: "refund_nothing_left", params: { receipt_no: 7 } }, "Bon 7 ist schon vollständig erstattet."],
    [{ code: "unknown_receipt", params: { receipt_no: 99 } }, "Einen Bon mit der Nummer 99 gibt es nicht."],
    [{ code: "invalid_pin" }, "Eine PIN hat 4 bis 12 Ziffern."],
    [{ code: "only_manager", params: { name: "Frau Krüger" } }, "Frau Krüger ist die einzige Filialleitung. Bitte zuerst eine weitere Filialleitung anlegen."],
  ])("%o", (error, text) => expect(explainRefusal(error)).toBe(text));

  it("gives the lockout's end as a German time", () => {
    const text = explainRefusal({ code: "locked_out", params: { name: "Frau Krüger", until: "2025-03-14T09:30:00.123456Z" } });
    expect(text).toMatch(/^Frau Krüger ist nach zu vielen falschen PINs gesperrt bis 14\.03\.2025, \d\d:30\.$/);
  });

  it("says the kind of problem for what no one can act on, with the core's words", () => {
    expect(explainRefusal({ code: "disk_full" })).toBe("Die Festplatte ist voll: Nichts wurde gespeichert.");
    expect(explainRefusal({ code: "something_new", params: {} })).toBe("Fehler: something_new");
    expect(explainRefusal(new Error("boom"))).toBe("Fehler: boom");
  });

  it("speaks English on request", () => {
    setLanguage("en");
    expect(explainRefusal({ code: "wrong_pin", params: { name: "Frau Krüger", remaining: 2 } })).toBe(
      "Wrong PIN for Frau Krüger. 2 attempts left before lockout.",
    );
  });
});
