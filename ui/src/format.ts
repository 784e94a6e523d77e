// German number and money formats for the UI: 1.234,56 €.

const euro = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" });
const count = new Intl.NumberFormat("de-DE");

/** Formats integer cents as German euros, e.g. 123456 -> "1.234,56 €". */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`not an amount in cents: ${cents}`);
  }
  return euro.format(cents / 100);
}

/** Formats a count with German thousands separators. */
export function formatCount(n: number): string {
  return count.format(n);
}

/** How long ago an RFC 3339 time was, in German words. */
export function formatAge(rfc3339: string | null, now: Date = new Date()): string {
  if (!rfc3339) return "–";
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(rfc3339).getTime()) / 1000));
  if (seconds < 60) return `vor ${seconds} s`;
  if (seconds < 3600) return `vor ${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `vor ${Math.round(seconds / 3600)} h`;
  return `vor ${Math.round(seconds / 86400)} Tagen`;
}
