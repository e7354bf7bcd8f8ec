// Shared pieces of the sign-in tests.
import { AuthenticationError } from "@/lib/auth/service";
import { hashPassword } from "@/lib/auth/password";

export const TEST_PASSWORD = "Correct-Horse-Battery-Staple-7731";

let hashed: Promise<string> | null = null;
/** TEST_PASSWORD's argon2 hash, computed once per file. */
export function testPasswordHash(): Promise<string> {
  hashed ??= hashPassword(TEST_PASSWORD);
  return hashed;
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
