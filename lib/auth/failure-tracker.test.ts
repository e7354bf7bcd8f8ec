import { describe, expect, it } from "vitest";
import { FailureTracker } from "./failure-tracker";

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0);

function tracker(maxEntries = 100) {
  return new FailureTracker({ lockAfter: 6, lockMs: 15 * MINUTE, maxEntries });
}

describe("FailureTracker", () => {
  it("locks on the sixth failure in a row, once, and keeps counting without extending the lock", () => {
    const t = tracker();
    for (let i = 1; i <= 5; i++) expect(t.fail("a@x.test", T0 + i)).toEqual({ failures: i, lockedUntil: null, lockNow: false });
    expect(t.lockedUntil("a@x.test", T0 + 5)).toBeNull();
    const sixth = t.fail("a@x.test", T0 + 6);
    expect(sixth).toEqual({ failures: 6, lockedUntil: new Date(T0 + 6 + 15 * MINUTE), lockNow: true });
    expect(t.lockedUntil("a@x.test", T0 + 7)).toEqual(sixth.lockedUntil);
    expect(t.fail("a@x.test", T0 + MINUTE)).toEqual({ failures: 7, lockedUntil: sixth.lockedUntil, lockNow: false });
  });

  it("starts a fresh count once the lock has expired", () => {
    const t = tracker();
    for (let i = 1; i <= 6; i++) t.fail("a@x.test", T0);
    const later = T0 + 15 * MINUTE + 1;
    expect(t.lockedUntil("a@x.test", later)).toBeNull();
    expect(t.fail("a@x.test", later)).toEqual({ failures: 1, lockedUntil: null, lockNow: false });
  });

  it("keeps names apart and forgets the least recently failed past its bound", () => {
    const t = tracker(2);
    t.fail("a@x.test", T0);
    t.fail("b@x.test", T0);
    t.fail("a@x.test", T0);
    t.fail("c@x.test", T0);
    expect(t.size).toBe(2);
    expect(t.fail("a@x.test", T0).failures).toBe(3);
    expect(t.fail("b@x.test", T0).failures).toBe(1);
  });
});
