import { describe, expect, it } from "vitest";
import { typeahead } from "./typeahead";

/** A search whose answers the test releases in any order. */
function controlledSearch() {
  const pending = new Map<string, (r: string[]) => void>();
  const search = (q: string) => new Promise<string[]>((resolve) => pending.set(q, resolve));
  return { search, answer: (q: string, r: string[]) => pending.get(q)!(r) };
}

describe("typeahead", () => {
  it("never lets an older answer overwrite a newer one", async () => {
    const { search, answer } = controlledSearch();
    const shown: string[] = [];
    const ta = typeahead(search, (q) => shown.push(q), () => {});
    const ra = ta.ask("ra");
    const rasen = ta.ask("rasen");
    answer("rasen", ["Rasendünger"]);
    answer("ra", ["Rasendünger", "Rankhilfe"]);
    expect(await rasen).toBe(true);
    expect(await ra).toBe(false);
    expect(shown).toEqual(["rasen"]);
  });

  it("shows every answer when they come in order, one per keystroke", async () => {
    const shown: string[] = [];
    const ta = typeahead(async (q) => [q.toUpperCase()], (q, r) => shown.push(`${q}:${r}`), () => {});
    for (const q of ["e", "er", "erd"]) await ta.ask(q);
    expect(shown).toEqual(["e:E", "er:ER", "erd:ERD"]);
  });

  it("reports only the newest query's failure", async () => {
    const failures: unknown[] = [];
    let n = 0;
    const ta = typeahead(
      (q) => (n++ === 0 ? new Promise<string>((_, reject) => setTimeout(() => reject(new Error(q)), 5)) : Promise.resolve(q)),
      () => {},
      (e) => failures.push(e),
    );
    const old = ta.ask("alt");
    await ta.ask("neu");
    await old;
    expect(failures).toEqual([]);
  });
});
