import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { accountWithTestPassword, signInContextPerTest, TEST_PASSWORD, WRONG_PASSWORD } from "@/test/sign-in";
import { authenticate, AuthenticationError, LOCK_AFTER_FAILURES, LOCK_MINUTES } from "./service";

// What an attacker sees must not tell an existing account from a missing one, nor a
// suspended account's right password from a wrong one.
const PASSWORD = TEST_PASSWORD;
const CONTEXT = signInContextPerTest();

async function account(status: "active" | "suspended" = "active") {
  return accountWithTestPassword({ status });
}

/** The reason shown, and how far ahead the unlock time is (rounded to the minute). */
async function answer(email: string, password: string): Promise<string> {
  try {
    await authenticate({ email, password, context: CONTEXT });
    return "signed_in";
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    const ahead = error.unlockAt ? `:${Math.round((error.unlockAt.getTime() - Date.now()) / 60_000)}min` : "";
    return `${error.reason}${ahead}`;
  }
}

const expected = [
  ...Array<string>(LOCK_AFTER_FAILURES - 1).fill("invalid"),
  `locked:${LOCK_MINUTES}min`,
  `locked:${LOCK_MINUTES}min`,
];

describe("sign-in answers reveal nothing about accounts", () => {
  it("gives an unknown email the same answers as an existing account, lockout included", async () => {
    const user = await account();
    const nobody = `nobody-${Date.now()}@acme.test`;
    const known: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < LOCK_AFTER_FAILURES + 1; i++) {
      known.push(await answer(user.email, WRONG_PASSWORD));
      unknown.push(await answer(nobody, WRONG_PASSWORD));
    }
    expect(known).toEqual(expected);
    expect(unknown).toEqual(known);
    // Case and spaces do not give a fresh count.
    expect(await answer(` ${nobody.toUpperCase()} `, WRONG_PASSWORD)).toBe(`locked:${LOCK_MINUTES}min`);
  });

  it("answers a suspended account's right password exactly like a wrong one, lockout included", async () => {
    const rightTried = await account("suspended");
    const wrongTried = await account("suspended");
    const right: string[] = [];
    const wrong: string[] = [];
    for (let i = 0; i < LOCK_AFTER_FAILURES + 1; i++) {
      right.push(await answer(rightTried.email, PASSWORD));
      wrong.push(await answer(wrongTried.email, WRONG_PASSWORD));
    }
    expect(right).toEqual(expected);
    expect(wrong).toEqual(right);

    // The audit log still says what happened.
    const entries = await db.auditLog.findMany({ where: { subjectUserId: rightTried.id }, orderBy: [{ eventTimestamp: "asc" }, { chainSeq: "asc" }] });
    expect(entries.map((e) => e.actionType)).toEqual([
      ...Array<string>(LOCK_AFTER_FAILURES).fill("auth.login_suspended"),
      "auth.locked_out",
      "auth.login_failed",
    ]);
    expect(entries[0]).toMatchObject({ eventType: "access_denied", errorCode: "suspended", status: "failure" });
    expect(entries.at(-1)).toMatchObject({ errorCode: "locked" });
    expect((await db.user.findUniqueOrThrow({ where: { id: rightTried.id } })).lastLoginAt).toBeNull();
  });

  it("spends an argon2 verify on an unknown email, as on an existing one", async () => {
    const user = await account();
    const time = async (email: string) => {
      const started = performance.now();
      await answer(email, WRONG_PASSWORD);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Fewer than the lockout, so both take the full path every time.
    for (let i = 0; i < LOCK_AFTER_FAILURES - 1; i++) {
      known.push(await time(user.email));
      unknown.push(await time(`timing-${Date.now()}-${i}@acme.test`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Loose on purpose (a shared CPU): without the dummy verify an unknown email
    // answers in a fraction of the time.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });
});
