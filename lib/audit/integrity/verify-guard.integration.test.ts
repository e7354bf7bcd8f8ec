// Verification's limits across app instances (issue 25, defect 11): two guards on two
// connection pools stand for two `next start` processes on one database.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { VERIFY_INTERVAL_MS, VerificationGuard } from "./verify-guard";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const pools = [new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 }), new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 })];
afterAll(() => Promise.all(pools.map((p) => p.end())));
let n = 0;
/** Two instances with their own memory, one database; a fresh interval key per test. */
function instances(intervalMs = VERIFY_INTERVAL_MS + ++n) {
  return [new VerificationGuard<{ n: number }>(pools[0]!, { intervalMs }), new VerificationGuard<{ n: number }>(pools[1]!, { intervalMs })] as const;
}

describe("VerificationGuard", () => {
  it("runs one scan at a time across instances: a request on the other instance waits for it and answers with its report", async () => {
    const [one, two] = instances();
    const gate = deferred<{ n: number }>();
    let scans = 0;
    const first = one.run("auditor", () => (scans++, gate.promise));
    // Let the first take the lock before the second asks.
    await new Promise((r) => setTimeout(r, 200));
    const second = two.run("admin", async () => ({ n: ++scans + 100 }));
    await new Promise((r) => setTimeout(r, 200));
    expect(scans).toBe(1);
    gate.resolve({ n: 1 });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual({ result: { n: 1 }, shared: false });
    expect(b).toEqual({ result: { n: 1 }, shared: true });
    expect(scans).toBe(1);
    // Once it has finished, the next request (anywhere) starts a fresh scan.
    expect(await two.run("someone-else", async () => ({ n: ++scans }))).toEqual({ result: { n: 2 }, shared: false });
  });

  it("in one instance, a request during a scan joins it without a second scan", async () => {
    const [one] = instances();
    const gate = deferred<{ n: number }>();
    let scans = 0;
    const a = one.run("auditor", () => (scans++, gate.promise));
    const b = one.run("admin", () => (scans++, gate.promise));
    await new Promise((r) => setTimeout(r, 100));
    gate.resolve({ n: 7 });
    expect(await Promise.all([a, b])).toEqual([{ result: { n: 7 }, shared: false }, { result: { n: 7 }, shared: true }]);
    expect(scans).toBe(1);
  });

  it("a failed scan is not shared: a request that waited on it scans itself, and the lock is free again", async () => {
    const [one, two] = instances();
    const gate = deferred<{ n: number }>();
    const first = one.run("auditor", () => gate.promise);
    await new Promise((r) => setTimeout(r, 200));
    const second = two.run("admin", async () => ({ n: 9 }));
    await new Promise((r) => setTimeout(r, 100));
    gate.reject(new Error("database went away"));
    await expect(first).rejects.toThrow("database went away");
    expect(await second).toEqual({ result: { n: 9 }, shared: false });
    expect(await one.run("third", async () => ({ n: 10 }))).toEqual({ result: { n: 10 }, shared: false });
  });

  it("lets each person start at most one verification per interval, on any instance, and says how long to wait", async () => {
    const [one, two] = instances(30_000 + ++n * 1000);
    expect(VERIFY_INTERVAL_MS).toBe(30_000);
    await one.run("auditor", async () => ({ n: 1 }));
    const refused = await two.run("auditor", async () => ({ n: 2 }));
    expect(refused).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(25);
    // Someone else is not held back by it.
    expect(await two.run("admin", async () => ({ n: 3 }))).toEqual({ result: { n: 3 }, shared: false });
  });
});
