import { describe, expect, it } from "vitest";
import { hubUrlFromLocation } from "./displayScreen";

describe("hub address from the window's URL", () => {
  it("builds the WebSocket URL from port and terminal", () => {
    expect(hubUrlFromLocation("?port=8787&terminal=kasse-1")).toBe("ws://127.0.0.1:8787/ws/pos/kasse-1");
    expect(hubUrlFromLocation("?port=40111")).toBe("ws://127.0.0.1:40111/ws/pos/kasse-1");
  });
  it("refuses a missing port or a terminal that could change the path", () => {
    expect(hubUrlFromLocation("")).toBeNull();
    expect(hubUrlFromLocation("?port=99999")).toBeNull();
    expect(hubUrlFromLocation("?port=8787&terminal=../admin")).toBeNull();
  });
});
