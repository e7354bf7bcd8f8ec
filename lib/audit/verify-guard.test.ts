import { describe, expect, it } from "vitest";
import { RateLimitedError } from "@/lib/errors";
import { VERIFY_INTERVAL_MS, VerificationGuard } from "./verify-guard";

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("VerificationGuard", () => {
  it("runs one scan at a time: a request during a scan waits for it and shares its result", async () => {
    const guard = new VerificationGuard<{ n: number }>();
    const gate = deferred<{ n: number }>();
    let scans = 0;
    const scan = () => {
      scans++;
      return gate.promise;
    };
    const first = guard.run("auditor", scan);
    const second = guard.run("admin", scan);
    gate.resolve({ n: 1 });
    const [a, b] = await Promise.all([first, second]);
    expect(scans).toBe(1);
    expect(a).toEqual({ result: { n: 1 }, shared: false });
    expect(b.shared).toBe(true);
    expect(b.result).toBe(a.result);

    // Once it has finished, the next request starts a fresh scan.
    const third = await guard.run("someone-else", async () => ({ n: ++scans }));
    expect(third).toEqual({ result: { n: 2 }, shared: false });
  });

  it("a failed scan is not cached: the next request scans again", async () => {
    const guard = new VerificationGuard<number>();
    await expect(guard.run("a", () => Promise.reject(new Error("database went away")))).rejects.toThrow("database went away");
    expect((await guard.run("b", async () => 7)).result).toBe(7);
  });

  it("lets each person start at most one verification per interval, and says how long to wait", async () => {
    let clock = 1_000_000;
    const guard = new VerificationGuard<number>({ now: () => clock });
    expect(VERIFY_INTERVAL_MS).toBe(30_000);
    await guard.run("auditor", async () => 1);

    clock += 10_000;
    const refused = await guard.run("auditor", async () => 2).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ code: "rate_limited", retryAfterSeconds: 20 });
    // Someone else is not held back by it.
    expect((await guard.run("admin", async () => 3)).result).toBe(3);

    clock += 20_000;
    expect((await guard.run("auditor", async () => 4)).result).toBe(4);
  });
});
