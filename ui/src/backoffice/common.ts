// Pieces the back-office pages share: a status line for results and errors, simple tables.
import { h } from "../dom";
import { toUiError } from "../api/ipc";
import { explainRefusal } from "../api/refusal";

export function statusLine(id: string) {
  const el = h("div", { id, role: "status", class: "status-line" });
  return {
    el,
    ok(text: string) {
      el.className = "ok-banner";
      delete el.dataset.code;
      el.textContent = text;
    },
    fail(error: unknown) {
      const e = toUiError(error);
      el.className = "error-banner";
      el.dataset.code = e.code;
      el.textContent = explainRefusal(e);
    },
  };
}

export function table(headers: string[], rows: (Node | string)[][], attrs: Record<string, string> = {}) {
  return h(
    "table",
    { class: "data", ...attrs },
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", {}, x)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))),
  );
}

/** Reads a text file, reporting progress 0..1. */
/** A text file as read: its text and the encoding it was in. */
export interface ReadText {
  text: string;
  encoding: "UTF-8" | "Windows-1252" | "ISO-8859-15";
}

/**
 * Decodes a spreadsheet export as the core does: UTF-8 (a BOM removed), else what German Excel
 * writes: Windows-1252, or ISO-8859-15 when the file has none of Windows-1252's 0x80–0x9F
 * characters but 0xA4 (€ there).
 */
export function decodeText(bytes: Uint8Array): ReadText {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "UTF-8" };
  } catch {
    const usesC1 = bytes.some((b) => b >= 0x80 && b <= 0x9f);
    if (!usesC1 && bytes.includes(0xa4)) return { text: singleByte(bytes, LATIN9), encoding: "ISO-8859-15" };
    return { text: singleByte(bytes, CP1252), encoding: "Windows-1252" };
  }
}

/** Windows-1252's characters at 0x80–0x9F (the rest of the upper half is Latin-1). */
const CP1252: Record<number, string> = Object.fromEntries(
  [..."€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ"].map((c, i) => [0x80 + i, c]),
);
/** Where ISO-8859-15 differs from Latin-1. */
const LATIN9: Record<number, string> = { 0xa4: "€", 0xa6: "Š", 0xa8: "š", 0xb4: "Ž", 0xb8: "ž", 0xbc: "Œ", 0xbd: "œ", 0xbe: "Ÿ" };

/** Decodes a single-byte encoding: Latin-1 with `table`'s exceptions (same in every runtime). */
function singleByte(bytes: Uint8Array, table: Record<number, string>): string {
  let text = "";
  for (const b of bytes) text += table[b] ?? String.fromCharCode(b);
  return text;
}

/** Reads a file, reporting progress, and decodes it with [`decodeText`]. */
export function readFile(file: File, onProgress: (share: number) => void): Promise<ReadText> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    reader.onload = () => resolve(decodeText(new Uint8Array(reader.result as ArrayBuffer)));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}
