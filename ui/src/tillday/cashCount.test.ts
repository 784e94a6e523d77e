import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../i18n";
import { DENOMINATIONS, countTotal, countedPieces, denominationLabel, differenceKind, differenceWords, parsePieces } from "./cashCount";

const plain = (text: string) => text.replace(/\u00a0/g, " ");

afterEach(() => setLanguage("de"));

describe("the count grid", () => {
  it("has every euro note and coin from 500 € to 1 ct", () => {
    expect(DENOMINATIONS).toHaveLength(15);
    expect(denominationLabel(DENOMINATIONS[0])).toBe("500 €");
    expect(denominationLabel(200)).toBe("2 €");
    expect(denominationLabel(DENOMINATIONS.at(-1)!)).toBe("1 ct");
  });

  it("sums what was typed, in cents", () => {
    const typed = new Map<number, number>([
      [5000, 2],
      [2000, 5],
      [50, 3],
      [1, 7],
      [500, 0],
    ]);
    const pieces = countedPieces(typed);
    expect(pieces).toEqual([
      { value_cents: 5000, pieces: 2 },
      { value_cents: 2000, pieces: 5 },
      { value_cents: 50, pieces: 3 },
      { value_cents: 1, pieces: 7 },
    ]);
    expect(countTotal(pieces)).toBe(100_00 + 100_00 + 1_50 + 7);
  });

  it("sums every denomination once to 888,88 €", () => {
    expect(countTotal(DENOMINATIONS.map((d) => ({ value_cents: d, pieces: 1 })))).toBe(888_88);
  });

  it.each([
    ["", 0],
    ["3", 3],
    [" 12 ", 12],
    ["10000", 10000],
  ])("reads %j as %i pieces", (text, n) => {
    expect(parsePieces(text)).toBe(n);
  });

  it.each(["-1", "1,5", "abc", "10001", "2e3"])("refuses %j", (text) => {
    expect(parsePieces(text)).toBeNull();
  });
});

describe("the difference in words", () => {
  it("says how much is short or over in German", () => {
    expect(differenceKind(-300)).toBe("short");
    expect(plain(differenceWords(-300))).toBe("Kassendifferenz: 3,00 € zu wenig");
    expect(plain(differenceWords(1250))).toBe("Kassendifferenz: 12,50 € zu viel");
    expect(differenceWords(0)).toBe("Kasse stimmt: keine Differenz");
  });

  it("and in English", () => {
    setLanguage("en");
    expect(plain(differenceWords(-300))).toBe("Cash difference: €3.00 short");
    expect(plain(differenceWords(5))).toBe("Cash difference: €0.05 over");
    expect(differenceWords(0)).toBe("The drawer is right: no difference");
  });
});
