import { describe, expect, it } from "vitest";
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
    expect(b).toEqual({ result: { n: 1 }, shared: true });
    expect("result" in a && "result" in b && b.result === a.result).toBe(true);

    // Once it has finished, the next request starts a fresh scan.
    const third = await guard.run("someone-else", async () => ({ n: ++scans }));
    expect(third).toEqual({ result: { n: 2 }, shared: false });
  });

  it("a failed scan is not cached: the next request scans again", async () => {
    const guard = new VerificationGuard<number>();
    await expect(guard.run("a", () => Promise.reject(new Error("database went away")))).rejects.toThrow("database went away");
    expect(await guard.run("b", async () => 7)).toEqual({ result: 7, shared: false });
  });

  it("lets each person start at most one verification per interval, and says how long to wait", async () => {
    let clock = 1_000_000;
    const guard = new VerificationGuard<number>({ now: () => clock });
    expect(VERIFY_INTERVAL_MS).toBe(30_000);
    await guard.run("auditor", async () => 1);

    clock += 10_000;
    expect(await guard.run("auditor", async () => 2)).toEqual({ retryAfterSeconds: 20 });
    // Someone else is not held back by it.
    expect(await guard.run("admin", async () => 3)).toEqual({ result: 3, shared: false });

    // The refusal did not restart the wait.
    clock += 20_000;
    expect(await guard.run("auditor", async () => 4)).toEqual({ result: 4, shared: false });
  });
});
