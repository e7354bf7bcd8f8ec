import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { RateLimitedError } from "@/lib/errors";
import { createUser, REQUEST } from "@/test/factories";
import { runVerification } from "./service";

describe("runVerification", () => {
  it("runs one scan for concurrent requests, records each requester, and refuses a second request by the same person within 30 s", async () => {
    const auditor = await createUser({ role: "auditor" });
    const admin = await createUser({ role: "admin" });
    const request = { ...REQUEST, path: "/api/audit-logs/verify" };

    const [a, b] = await Promise.all([
      runVerification({ actor: auditor.actor, request }),
      runVerification({ actor: admin.actor, request }),
    ]);
    // The second request joined the first one's scan instead of starting another.
    expect(b).toBe(a);

    const entries = await db.auditLog.findMany({ where: { actionType: { in: ["audit.verified", "audit.verification_failed"] } } });
    expect(entries.map((e) => e.userId).sort()).toEqual([auditor.user.id, admin.user.id].sort());
    expect(entries.filter((e) => (e.additionalData as { shared?: boolean }).shared === true)).toHaveLength(1);

    const refused = await runVerification({ actor: auditor.actor, request }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(30);
    // A refused request scans nothing and records nothing.
    expect(await db.auditLog.count({ where: { actionType: { in: ["audit.verified", "audit.verification_failed"] } } })).toBe(2);
  });
});
