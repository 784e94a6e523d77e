import { describe, expect, it } from "vitest";
import { barHeights } from "./history";

describe("sales history bars", () => {
  it("scales each day to the busiest one", () => {
    expect(barHeights([0, 2, 4, 1])).toEqual([0, 50, 100, 25]);
  });
  it("draws no bar for a history without sales or with a negative correction", () => {
    expect(barHeights([0, 0, 0])).toEqual([0, 0, 0]);
    expect(barHeights([-1, 3])).toEqual([0, 100]);
    expect(barHeights([])).toEqual([]);
  });
});
