"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/config";
import { LOCK_MINUTES } from "@/lib/auth/service";
import { signInSchema } from "@/lib/auth/schemas";
import { formatTime } from "@/lib/time";

export type SignInState = { error?: string; email?: string };

function safeCallback(url: string | undefined): string {
  // Only same-site paths; never an open redirect.
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

// Sign-in has two answers only (lib/auth/service.ts): whether an account exists or is
// suspended is never shown here.
function messageFor(code: string): string {
  const [reason, until] = code.split(":");
  if (reason === "locked") {
    const when = until ? ` after ${formatTime(Number(until))}` : ` in ${LOCK_MINUTES} minutes`;
    return `This account is locked after too many failed sign-in attempts. Try again${when}, or ask an administrator.`;
  }
  if (reason === "throttled") {
    return `Too many sign-in attempts. Try again${until ? ` after ${formatTime(Number(until))}` : " in a few minutes"}.`;
  }
  return "Incorrect email or password.";
}

export async function signInAction(_prev: SignInState, formData: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse({
    email: formData.get("email"),
    password: formData.get("password"),
    callbackUrl: formData.get("callbackUrl") ?? undefined,
  });
  const email = String(formData.get("email") ?? "");
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check your details.", email };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallback(parsed.data.callbackUrl),
    });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code ?? "invalid";
      return { error: messageFor(code), email };
    }
    throw error; // the redirect after a successful sign-in
  }
}
