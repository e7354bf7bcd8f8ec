// Shared pieces of the sign-in tests.
import { beforeEach } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { AuthenticationError } from "@/lib/auth/service";
import { db } from "@/lib/db";
import { createUser, uniqueTestIp } from "./factories";

export const TEST_PASSWORD = "Correct-Horse-Battery-Staple-7731";
export const WRONG_PASSWORD = "Tr0ub4dor&3-not-it-4409";

let hashed: Promise<string> | null = null;
/** TEST_PASSWORD's argon2 hash, computed once per file. */
export function testPasswordHash(): Promise<string> {
  hashed ??= hashPassword(TEST_PASSWORD);
  return hashed;
}

/** An account (an employee unless told otherwise) that signs in with TEST_PASSWORD. */
export async function accountWithTestPassword(options: Parameters<typeof createUser>[0] = {}) {
  const { user } = await createUser({ role: "employee", ...options });
  return db.user.update({ where: { id: user.id }, data: { passwordHash: await testPasswordHash() } });
}

/**
 * The request context of a file's sign-in attempts. Each test signs in from its own
 * address, so the per-address limit of one test never refuses another's attempts.
 */
export function signInContextPerTest(context: { userAgent: string; method: string; path: string } = { userAgent: "vitest", method: "POST", path: "/sign-in" }) {
  const perTest = { ip: "", ...context };
  beforeEach(() => {
    perTest.ip = uniqueTestIp();
  });
  return perTest;
}

/** What a sign-in attempt came to: "signed_in" or the refusal's reason. */
export async function signInOutcome(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
    return "signed_in";
  } catch (error) {
    if (error instanceof AuthenticationError) return error.reason;
    throw error;
  }
}
