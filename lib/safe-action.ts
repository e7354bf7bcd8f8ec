import "server-only";
import { createSafeActionClient } from "next-safe-action";
import { getCurrentUser, requestContext } from "@/lib/auth/session";
import type { RequestContext } from "@/lib/service-context";
import { recordAccessDenied } from "@/lib/audit/integrity/service";
import { ServiceError } from "@/lib/errors";
import type { Actor } from "@/lib/service-context";

// Expected failures reach the person as their message; anything else is logged and
// shown as a generic error so internals never leak.
export const actionClient = createSafeActionClient({
  async handleServerError(error, { ctx }) {
    if (error instanceof ServiceError) {
      const { user, context } = ctx as { user?: Actor; context?: RequestContext };
      if (error.code === "forbidden" && user && context) {
        await recordAccessDenied({ actor: user, request: context, reason: error.message }).catch((e) => console.error("[audit]", e));
      }
      return error.message;
    }
    console.error("[action]", error);
    return "Something went wrong. Nothing was changed; please try again.";
  },
});

export const authActionClient = actionClient.use(async ({ next }) => {
  const user = await getCurrentUser();
  if (!user) throw new ServiceError("Your session has ended. Please sign in again.", "forbidden");
  const context = await requestContext(user.sessionId);
  return next({ ctx: { user, context: { ...context, method: "POST" } } });
});
