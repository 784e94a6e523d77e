import { describe, expect, it } from "vitest";
import type { TseStatus } from "../api/bindings";
import { tseRows } from "./tse";

const status = (over: Partial<TseStatus> = {}): TseStatus => ({
  kind: "software",
  reachable: true,
  error: null,
  serial_number: "ab".repeat(32),
  public_key: "BHB1Yg==",
  signature_algorithm: "ecdsa-plain-SHA256",
  time_format: "unixTime",
  certified: false,
  description: "Filiale Software-TSE, nicht zertifiziert",
  signature_counter: 1234,
  transaction_number: 617,
  log_messages: 1234,
  open_transactions: 0,
  self_test_at: "2026-12-07T09:00:00Z",
  self_test_passed: true,
  signed_business_cases: 616,
  unsigned_business_cases: 2,
  outages: [],
  ...over,
});

describe("TSE status rows", () => {
  it("says the software TSE is not certified and shows its counter and self test", () => {
    const rows = Object.fromEntries(tseRows(status()));
    expect(rows["Zertifiziert"]).toMatch(/^nein/);
    expect(rows["Signaturzähler"]).toBe("1.234");
    expect(rows["Selbsttest"]).toMatch(/^bestanden/);
    expect(rows["Vorgänge"]).toBe("616 signiert, 2 ohne Signatur (Ausfall)");
    expect(rows["Fehler"]).toBeUndefined();
  });

  it("names the error of a TSE that does not answer", () => {
    const rows = Object.fromEntries(
      tseRows(status({ reachable: false, self_test_passed: false, signature_counter: null, error: "TSE nicht erreichbar" })),
    );
    expect(rows["Signaturzähler"]).toBe("–");
    expect(rows["Selbsttest"]).toMatch(/^nicht bestanden/);
    expect(rows["Fehler"]).toBe("TSE nicht erreichbar");
  });
});
