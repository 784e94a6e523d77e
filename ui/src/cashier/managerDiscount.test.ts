import { describe, expect, it } from "vitest";
import type { UiError } from "../api/ipc";
import type { ManagerPin } from "../api/till";
import { discountWithManager, withManagerIfNeeded, withManagerPin } from "./managerDiscount";

/** A core that allows 10 % alone and more with Filialleitung/1234, locking after 3 wrong PINs. */
function core(discount: number) {
  const sent: (ManagerPin | undefined)[] = [];
  let wrong = 0;
  const give = async (manager?: ManagerPin) => {
    sent.push(manager);
    if (discount <= 10) return { discount };
    if (!manager) throw { code: "needs_manager", params: { limit_percent: 10 } };
    if (manager.manager !== "Filialleitung") throw { code: "unknown_manager", params: { name: manager.manager } };
    if (wrong >= 3) throw { code: "locked_out", params: { name: manager.manager, until: "2025-03-14T10:15:00Z" } };
    if (manager.pin !== "1234") {
      wrong += 1;
      throw { code: "wrong_pin", params: { name: manager.manager, remaining: 3 - wrong } };
    }
    return { discount };
  };
  return { give, sent };
}

/** A PIN dialog that types the given answers in turn and remembers what it was told. */
function dialog(answers: (ManagerPin | null)[]) {
  const told: (string | null)[] = [];
  const askPin = async (refusal: UiError | null) => {
    told.push(refusal?.code ?? null);
    return answers.shift() ?? null;
  };
  return { askPin, told };
}

const boss = (pin: string): ManagerPin => ({ manager: "Filialleitung", pin });

describe("discount with the manager's PIN", () => {
  it("gives up to the limit without asking", async () => {
    const c = core(10);
    const d = dialog([]);
    expect(await discountWithManager(c.give, d.askPin)).toEqual({ discount: 10 });
    expect(d.told).toEqual([]);
    expect(c.sent).toEqual([undefined]);
  });

  it("asks for the PIN when the core needs the manager, then sends it along", async () => {
    const c = core(20);
    const d = dialog([boss("1234")]);
    expect(await discountWithManager(c.give, d.askPin)).toEqual({ discount: 20 });
    expect(d.told).toEqual([null]);
    expect(c.sent).toEqual([undefined, boss("1234")]);
  });

  it("asks again after a wrong PIN and shows why", async () => {
    const c = core(20);
    const d = dialog([boss("0000"), { manager: "Chef", pin: "1234" }, boss("1234")]);
    expect(await discountWithManager(c.give, d.askPin)).toEqual({ discount: 20 });
    expect(d.told).toEqual([null, "wrong_pin", "unknown_manager"]);
  });

  it("gives nothing when the manager cancels, and stays locked after too many wrong PINs", async () => {
    const c = core(30);
    const d = dialog([boss("1"), boss("2"), boss("3"), boss("1234"), null]);
    expect(await discountWithManager(c.give, d.askPin)).toBeNull();
    expect(d.told).toEqual([null, "wrong_pin", "wrong_pin", "wrong_pin", "locked_out"]);
  });

  it("passes other refusals on to the till", async () => {
    const give = async () => {
      throw { code: "invalid_input", message: "article GF-1 is not in the cart" };
    };
    await expect(discountWithManager(give, async () => boss("1234"))).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("acts that always need the manager's PIN", () => {
  it("asks first, again after a wrong PIN, and sends nothing when cancelled", async () => {
    const c = core(100);
    const d = dialog([boss("0000"), boss("1234")]);
    expect(await withManagerPin((pin) => c.give(pin), d.askPin)).toEqual({ discount: 100 });
    expect(d.told).toEqual([null, "wrong_pin"]);
    expect(c.sent).toEqual([boss("0000"), boss("1234")]);

    const none = core(100);
    expect(await withManagerPin((pin) => none.give(pin), dialog([null]).askPin)).toBeNull();
    expect(none.sent).toEqual([]);
  });
});

describe("a back-office change beyond the store's limit", () => {
  /** A core that refuses a price cut of more than 20 % without Filialleitung/1234. */
  function prices(newPrice: number) {
    const sent: (ManagerPin | null)[] = [];
    const give = async (manager: ManagerPin | null) => {
      sent.push(manager);
      if (newPrice >= 800) return { price: newPrice };
      if (!manager) {
        throw { code: "price_change_needs_manager", params: { sku: "T-1", old_price_cents: 1000, new_price_cents: newPrice, limit_percent: 20, articles: 1 } };
      }
      if (manager.pin !== "1234") throw { code: "wrong_pin", params: { name: manager.manager, remaining: 2 } };
      return { price: newPrice };
    };
    return { give, sent };
  }

  it("saves a change within the limit without asking", async () => {
    const c = prices(900);
    const d = dialog([]);
    expect(await withManagerIfNeeded(c.give, d.askPin)).toEqual({ price: 900 });
    expect(d.told).toEqual([]);
  });

  it("shows why it asks, asks again after a wrong PIN, and sends the right one", async () => {
    const c = prices(100);
    const d = dialog([boss("0000"), boss("1234")]);
    expect(await withManagerIfNeeded(c.give, d.askPin)).toEqual({ price: 100 });
    expect(d.told).toEqual(["price_change_needs_manager", "wrong_pin"]);
    expect(c.sent).toEqual([null, boss("0000"), boss("1234")]);
  });

  it("changes nothing when the manager cancels", async () => {
    const c = prices(100);
    const d = dialog([null]);
    expect(await withManagerIfNeeded(c.give, d.askPin)).toBeNull();
    expect(c.sent).toEqual([null]);
  });

  it("passes other refusals on", async () => {
    const give = async () => {
      throw { code: "unknown_article", params: { sku: "X" } };
    };
    await expect(withManagerIfNeeded(give, dialog([]).askPin)).rejects.toMatchObject({ code: "unknown_article" });
  });
});
