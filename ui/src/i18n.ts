// German by default, English on request: texts, money (1.234,56 €) and dates per language.

export type Language = "de" | "en";

const STORAGE_KEY = "filiale.language";

let language: Language = readStoredLanguage();
const listeners = new Set<() => void>();

function readStoredLanguage(): Language {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === "en" ? "en" : "de";
  } catch {
    return "de";
  }
}

export function currentLanguage(): Language {
  return language;
}

export function setLanguage(next: Language): void {
  language = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this session only
  }
  if (typeof document !== "undefined") document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

export function onLanguageChange(listener: () => void): void {
  listeners.add(listener);
}

const locales: Record<Language, string> = { de: "de-DE", en: "en-GB" };

/** Integer cents as money in the current language: 123456 -> "1.234,56 €" (de). */
export function money(cents: number, lang: Language = language): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an amount in cents: ${cents}`);
  return new Intl.NumberFormat(locales[lang], { style: "currency", currency: "EUR" }).format(
    cents / 100,
  );
}

export function count(n: number, lang: Language = language): string {
  return new Intl.NumberFormat(locales[lang]).format(n);
}

/** A number with up to `digits` decimals in the current language: 2.4 -> "2,4" (de), "2.4" (en). */
export function decimal(n: number, digits = 1, lang: Language = language): string {
  return new Intl.NumberFormat(locales[lang], { maximumFractionDigits: digits }).format(n);
}

/** A calendar day ("2025-03-14") as the language writes it: "14.03.2025" (de), "14 Mar 2025" (en). */
export function day(isoDate: string, lang: Language = language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
  const d = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDate;
  // A day has no time of day: read and written in UTC, so no time zone moves it.
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

/**
 * An RFC 3339 time as date and time in the store's time, Europe/Berlin, whatever zone the PC is
 * set to: "14.03.2025, 10:15" (de) for 09:15 UTC.
 */
export function dateTime(rfc3339: string, lang: Language = language): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return new Intl.DateTimeFormat(locales[lang], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Berlin",
  }).format(d);
}

/** How long ago a time was, in words. */
export function age(rfc3339: string | null, now: Date = new Date(), lang: Language = language): string {
  if (!rfc3339) return "–";
  const s = Math.max(0, Math.round((now.getTime() - new Date(rfc3339).getTime()) / 1000));
  const [unit, n] =
    s < 60 ? ["s", s] : s < 3600 ? ["min", Math.round(s / 60)] : s < 86400 ? ["h", Math.round(s / 3600)] : ["d", Math.round(s / 86400)];
  if (lang === "en") return `${n} ${unit === "d" ? "days" : unit} ago`;
  return `vor ${n} ${unit === "d" ? "Tagen" : unit}`;
}

/**
 * Parses an amount as typed at the till: "50", "50,5", "1.234,56" (de) or "1,234.56" (en) into
 * integer cents. `null` for anything that is not an amount.
 */
export function parseAmount(text: string, lang: Language = language): number | null {
  let t = text.trim().replace(/\s|€/g, "");
  if (t === "") return null;
  if (lang === "de") t = t.replace(/\./g, "").replace(",", ".");
  else t = t.replace(/,/g, "");
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return null;
  const [euros, fraction = ""] = t.split(".");
  return Number(euros) * 100 + Number(fraction.padEnd(2, "0"));
}

type Dictionary = Record<string, string>;

import { de } from "./texts.de";
import { en } from "./texts.en";

const dictionaries: Record<Language, Dictionary> = { de, en };

/**
 * `n` with the word that fits it in the language's plural rules (Intl.PluralRules):
 * plural(1, "Versuch", "Versuche") is "1 Versuch", plural(3, ...) is "3 Versuche".
 */
export function plural(n: number, one: string, other: string, lang: Language = language): string {
  const rule = new Intl.PluralRules(locales[lang]).select(n);
  return `${count(n, lang)} ${rule === "one" ? one : other}`;
}

/**
 * The text for `key` in the current language, with `{name}` placeholders filled in and
 * `{n#one|other}` as the number n with the word of its plural form ("{n#Versuch|Versuche}").
 */
export function t(key: keyof typeof de, values: Record<string, string | number> = {}): string {
  const text = dictionaries[language][key] ?? de[key] ?? key;
  return text.replace(/\{(\w+)(?:#([^|}]*)\|([^}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    if (one === undefined || other === undefined) return String(value);
    return plural(Number(value), one, other);
  });
}
