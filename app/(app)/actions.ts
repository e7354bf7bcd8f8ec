"use server";

import { signOut } from "@/lib/auth/config";
import { endSession } from "@/lib/auth/service";
import { getCurrentUser, requestContext } from "@/lib/auth/session";

export async function signOutAction() {
  const user = await getCurrentUser();
  if (user) {
    await endSession({ sessionId: user.sessionId, context: await requestContext(user.sessionId, "POST", "server action signOut") });
  }
  await signOut({ redirectTo: "/sign-in" });
}
