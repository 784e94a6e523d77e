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
export function readFile(file: File, onProgress: (share: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file, "utf-8");
  });
}
