import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { accountWithTestPassword, signInContextPerTest, signInOutcome, TEST_PASSWORD, WRONG_PASSWORD } from "@/test/sign-in";
import { authenticate, LOCK_AFTER_FAILURES } from "./service";

const PASSWORD = TEST_PASSWORD;
const CONTEXT = signInContextPerTest();
const signInUser = () => accountWithTestPassword();


describe("lockout under concurrency", () => {
  it("takes 50 concurrent wrong passwords for one account: the limiter refuses the excess, the rest are counted, and it locks", async () => {
    const user = await signInUser();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => signInOutcome(authenticate({ email: user.email, password: WRONG_PASSWORD, context: CONTEXT }))),
    );
    // SIGN_IN_LIMIT_PER_ACCOUNT (10) attempts reach the password check; the other 40
    // are refused before it, whatever the interleaving.
    const checked = results.filter((r) => r === "invalid" || r === "locked");
    expect(checked).toHaveLength(10);
    expect(results.filter((r) => r === "throttled")).toHaveLength(40);
    expect(results.filter((r) => r === "invalid").length).toBeLessThan(LOCK_AFTER_FAILURES);

    // Every attempt that reached the check counted; the sixth locked the account.
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.failedLoginCount).toBe(10);
    expect(stored.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

    // Exactly one lockout, recorded once, however many attempts raced past the sixth;
    // the refused excess leaves one entry per limit, not forty.
    const lockouts = await db.auditLog.count({ where: { subjectUserId: user.id, actionType: "auth.locked_out" } });
    expect(lockouts).toBe(1);
    const failures = await db.auditLog.count({ where: { subjectUserId: user.id, actionType: "auth.login_failed" } });
    expect(failures).toBe(10);
    // At most one refusal entry per limit and window (here the account's, and the
    // address's once its own limit is reached too).
    const refusals = await db.auditLog.findMany({ where: { objectName: user.email, actionType: "auth.login_throttled" }, select: { errorCode: true } });
    expect(refusals.filter((r) => r.errorCode === "throttled_account")).toHaveLength(1);
    expect(new Set(refusals.map((r) => r.errorCode)).size).toBe(refusals.length);

    // The right password is refused too (by the limiter, ahead of the lock), and never accepted.
    expect(await signInOutcome(authenticate({ email: user.email, password: PASSWORD, context: CONTEXT }))).toMatch(/^(throttled|locked)$/);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toBeNull();
  });

  it("re-checks the lock before accepting a right password: a lock that lands while the password is being verified wins", async () => {
    const user = await signInUser();
    // Another sign-in holds the user's row and is about to lock the account.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(
        "UPDATE users SET failed_login_count = $2, locked_until = now() + interval '15 minutes' WHERE id = $1",
        [user.id, LOCK_AFTER_FAILURES],
      );
      const attempt = signInOutcome(authenticate({ email: user.email, password: PASSWORD, context: CONTEXT }));
      // Wait until the right-password attempt has read the (still unlocked) account and is
      // waiting for the row, then let the lock commit.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await other.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
        );
        if (rows[0]!.n > 0) break;
        if (Date.now() > deadline) throw new Error("the sign-in never reached the account row");
        await new Promise((r) => setTimeout(r, 20));
      }
      await other.query("COMMIT");
      expect(await attempt).toBe("locked");
    } finally {
      await other.end();
    }
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lastLoginAt).toBeNull();
    expect(stored.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await db.auditSession.count({ where: { userId: user.id, loginStatus: "success" } })).toBe(0);
  });
});
