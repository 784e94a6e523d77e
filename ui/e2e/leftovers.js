// Finds German left on a page that should be English: every German text of the windows
// (ui/src/texts.de.ts) is cut at its placeholders, and each piece that English never uses is looked
// for in what the page shows (text, placeholders, tooltips, labels read out, choices in lists).
import { readFileSync } from "node:fs";

/** The texts of one language file as key -> text (each entry is one `"key": "text",` line). */
export function readTexts(file) {
  const source = readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8");
  const entries = [...source.matchAll(/^\s*"([^"]+)": ("(?:[^"\\]|\\.)*"),?$/gm)].map((m) => [m[1], JSON.parse(m[2])]);
  if (entries.length < 100) throw new Error(`${file}: only ${entries.length} texts read; has its layout changed?`);
  return Object.fromEntries(entries);
}

// The windows' texts and those of the till's trading day, kept in a file of their own.
const de = { ...readTexts("texts.de.ts"), ...readTexts("texts.tillday.de.ts") };
const en = { ...readTexts("texts.en.ts"), ...readTexts("texts.tillday.en.ts") };
const english = Object.values(en).join("\n");

/**
 * Names in the demo data that happen to be German words of the windows: the store's manager is a
 * member of staff called "Filialleitung", so the name shows in lists and messages in every
 * language. Tests check the role column and the messages around the name separately.
 */
const DATA_NAMES = new Set(["Filialleitung"]);

/** Pieces of German text that only German uses: [key, piece]. */
export const GERMAN_PIECES = Object.entries(de).flatMap(([key, text]) =>
  text
    .split(/\{\w+\}/)
    .map((piece) => piece.trim().replace(/^[\s:;,.·()„“”"/–…-]+|[\s:;,.·()„“”"/–…-]+$/gu, ""))
    .filter((piece) => /\p{L}{3,}/u.test(piece) && !english.includes(piece) && !DATA_NAMES.has(piece))
    .map((piece) => [key, piece]),
);

/** Small German words that no English sentence of the windows contains. */
const GERMAN_WORDS = ["und", "oder", "nicht", "bitte", "Bitte", "der", "die", "das", "mit", "für", "vom", "zur", "ist", "noch", "eingeben"];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const asWord = (s) => new RegExp(`(?<!\\p{L})${escape(s)}(?!\\p{L})`, "u");

/** Everything the page shows a person: visible text and the words around the controls. */
export function shownText(page) {
  return page.evaluate(() => {
    const shown = (el) => el.getClientRects().length > 0;
    const words = [...document.querySelectorAll("[placeholder], [title], [aria-label]")]
      .filter(shown)
      .flatMap((el) => ["placeholder", "title", "aria-label"].map((a) => el.getAttribute(a) ?? ""));
    const choices = [...document.querySelectorAll("select")].filter(shown).flatMap((s) => [...s.options].map((o) => o.textContent ?? ""));
    return [document.body.innerText, ...words, ...choices].join("\n");
  });
}

/** The German found on the page, as "key: piece" (texts.de.ts) or "word: …"; empty when none. */
export async function germanOn(page) {
  const text = await shownText(page);
  const found = GERMAN_PIECES.filter(([, piece]) => asWord(piece).test(text)).map(([key, piece]) => `${key}: ${piece}`);
  for (const word of GERMAN_WORDS) if (asWord(word).test(text)) found.push(`word: ${word}`);
  return [...new Set(found)];
}
