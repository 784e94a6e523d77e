// The count grid: one field per euro note and coin (500 € … 1 ct), the value of each line and the
// total, summed live as the cashier types. A field that holds no count is marked and keeps the
// grid from being confirmed.
import { h, mount } from "../dom";
import { money, t } from "../i18n";
import type { CountedPieces } from "../api/bindings";
import { DENOMINATIONS, countTotal, countedPieces, denominationLabel, isNote, parsePieces } from "./cashCount";

export interface CountGrid {
  el: HTMLElement;
  /** The count as the core takes it, or null while a field holds no count. */
  pieces(): CountedPieces[] | null;
  total(): number;
  focus(): void;
}

export function countGrid(id: string, onChange: (totalCents: number) => void): CountGrid {
  const typed = new Map<number, number>();
  const invalid = new Set<number>();
  const totalCell = h("strong", { id: `${id}-total`, class: "count-total" }, money(0));
  const lineSums = new Map<number, HTMLElement>();

  const inputs = DENOMINATIONS.map((value) => {
    const input = h("input", {
      class: "count-input",
      inputmode: "numeric",
      autocomplete: "off",
      "data-value": value,
      "aria-label": t("count.piecesOf", { denomination: denominationLabel(value) }),
      placeholder: "0",
    });
    input.addEventListener("input", () => {
      const n = parsePieces(input.value);
      if (n === null) invalid.add(value);
      else {
        invalid.delete(value);
        typed.set(value, n);
      }
      input.classList.toggle("invalid", n === null);
      lineSums.get(value)!.textContent = n === null ? "–" : money(value * n);
      render();
    });
    return input;
  });

  function render(): void {
    totalCell.textContent = money(total());
    onChange(total());
  }

  function total(): number {
    return countTotal(countedPieces(typed));
  }

  const rows = DENOMINATIONS.map((value, i) => {
    const sum = h("td", { class: "num line-sum" }, money(0));
    lineSums.set(value, sum);
    return h(
      "tr",
      { class: isNote(value) ? "note" : "coin", "data-value": value },
      h("th", { scope: "row" }, denominationLabel(value)),
      h("td", {}, inputs[i]),
      sum,
    );
  });

  const el = h(
    "table",
    { id, class: "count-grid" },
    h("thead", {}, h("tr", {}, h("th", {}, t("count.denomination")), h("th", {}, t("count.pieces")), h("th", { class: "num" }, t("count.value")))),
    h("tbody", {}, rows),
    h("tfoot", {}, h("tr", {}, h("th", { colspan: 2 }, t("count.total")), h("td", { class: "num" }, totalCell))),
  );
  mount(totalCell, money(0));

  return {
    el,
    pieces: () => (invalid.size > 0 ? null : countedPieces(typed)),
    total,
    focus: () => inputs[0].focus(),
  };
}
