import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createUser, uniqueTestIp } from "@/test/factories";
import { signInOutcome, TEST_PASSWORD, testPasswordHash } from "@/test/sign-in";
import { authenticate } from "./service";

const PASSWORD = TEST_PASSWORD;
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await testPasswordHash();
});


const context = (ip: string) => ({ ip, userAgent: "vitest", method: "POST", path: "/sign-in" });

describe("sign-in rate limits (PostgreSQL store)", () => {
  it("limits one address across many accounts, before any password check, and records one refusal", async () => {
    const ip = uniqueTestIp();
    const results: string[] = [];
    // 35 different emails from one address: 30 are checked (per-address limit), the rest refused.
    for (let i = 0; i < 35; i++) results.push(await signInOutcome(authenticate({ email: `nobody-${i}-${ip}@acme.test`, password: "wrong-password-123", context: context(ip) })));
    expect(results.slice(0, 30).every((r) => r === "invalid")).toBe(true);
    expect(results.slice(30)).toEqual(Array(5).fill("throttled"));
    // Another address is not affected.
    expect(await signInOutcome(authenticate({ email: `someone-${ip}@acme.test`, password: "wrong-password-123", context: context(uniqueTestIp()) }))).toBe("invalid");
    const refusals = await db.auditLog.findMany({ where: { actionType: "auth.login_throttled", ipAddress: ip } });
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ errorCode: "throttled_ip", riskLevel: "high", eventType: "access_denied" });
    // The limit is stored under hashes, never the address or the email in clear.
    const keys = (await db.rateLimit.findMany()).map((r) => r.key).join(" ");
    expect(keys).not.toContain(ip);
    expect(keys).not.toContain("@acme.test");
  });

  it("treats an unknown email exactly like an existing account", async () => {
    const { user } = await createUser({ role: "employee" });
    const ip = uniqueTestIp();
    const known: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < 12; i++) {
      known.push(await signInOutcome(authenticate({ email: user.email, password: "wrong-password-123", context: context(ip) })));
      unknown.push(await signInOutcome(authenticate({ email: `ghost-${ip}@acme.test`, password: "wrong-password-123", context: context(ip) })));
    }
    expect(unknown).toEqual(known);
    expect(known.slice(10)).toEqual(["throttled", "throttled"]);
  });

  it("gives the account's attempts back after a successful sign-in", async () => {
    const { user } = await createUser({ role: "employee" });
    await db.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ip = uniqueTestIp();
    for (let i = 0; i < 5; i++) expect(await signInOutcome(authenticate({ email: user.email, password: "wrong-password-123", context: context(ip) }))).toBe("invalid");
    expect(await signInOutcome(authenticate({ email: user.email, password: PASSWORD, context: context(ip) }))).toBe("signed_in");
    // A fresh window: five more mistakes are checked (and counted) rather than refused.
    for (let i = 0; i < 5; i++) expect(await signInOutcome(authenticate({ email: user.email, password: "wrong-password-123", context: context(ip) }))).toBe("invalid");
  });

  it("locks an email without an account for every app instance, not only the one that counted", async () => {
    const email = `nobody-${uniqueTestIp()}@acme.test`;
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push(await signInOutcome(authenticate({ email, password: "wrong-password-123", context: context(uniqueTestIp()) })));
    expect(answers).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid", "locked"]);
    // A second instance: fresh modules, so nothing in this process's memory carries over.
    vi.resetModules();
    const other = await import("./service");
    const { signInOutcome: outcomeThere } = await import("@/test/sign-in");
    expect(await outcomeThere(other.authenticate({ email, password: "wrong-password-123", context: context(uniqueTestIp()) }))).toBe("locked");
    const { db: otherDb } = await import("@/lib/db");
    await otherDb.$disconnect();
  });
});
