import { describe, expect, it } from "vitest";
import { decodeText } from "./common";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe("reading a spreadsheet export", () => {
  it("reads UTF-8 and drops its BOM", () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("Gießkanne;12,99 €")]);
    expect(decodeText(utf8)).toEqual({ text: "Gießkanne;12,99 €", encoding: "UTF-8" });
  });

  it("reads what German Excel saves (Windows-1252) with umlauts, € and quotes", () => {
    const cp1252 = bytes("Gie", [0xdf], "kanne gr", [0xfc], "n;12,99 ", [0x80], ";", [0x84], "Profi", [0x93]);
    expect(decodeText(cp1252)).toEqual({ text: "Gießkanne grün;12,99 €;„Profi“", encoding: "Windows-1252" });
  });

  it("reads ISO-8859-15 when the euro sign is at 0xA4", () => {
    expect(decodeText(bytes("S", [0xe4], "ge;9,99 ", [0xa4]))).toEqual({ text: "Säge;9,99 €", encoding: "ISO-8859-15" });
  });
});
