"use server";

import { signOut } from "@/lib/auth/config";
import { endSession } from "@/lib/auth/service";
import { getCurrentUser, requestContext } from "@/lib/auth/session";

export async function signOutAction() {
  const user = await getCurrentUser();
  if (user) {
    await endSession({ sessionId: user.sessionId, context: { ...(await requestContext(user.sessionId)), method: "POST", path: "/sign-out" } });
  }
  await signOut({ redirectTo: "/sign-in" });
}
