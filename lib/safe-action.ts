import "server-only";
import { createSafeActionClient } from "next-safe-action";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { recordRefusal } from "@/lib/access-denied";
import { requestPathFromHeaders, serviceContext } from "@/lib/auth/request-context";
import { getCurrentUser } from "@/lib/auth/session";
import { logUnexpectedError, ServiceError, type ErrorLogger } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";

/**
 * The page a server action was posted from. In Next 16 an action is a POST to the page's
 * own URL (the router posts to its canonical URL, a form without script to the
 * document's), and the server stamps that request's path on arrival
 * (lib/auth/request-stamp.ts); the Referer, which the client writes, is never read. An
 * unstamped request, or one Next forwarded between its workers (which names the worker's
 * page, not the person's), is recorded under the action's name instead.
 */
export function actionPath(h: Headers, actionName: string): string {
  const path = requestPathFromHeaders(h);
  if (path?.startsWith("/") && !h.has("x-action-forwarded")) return path;
  return `server action ${actionName}`;
}

/**
 * What the person is told when an action fails. Expected failures (a ServiceError) say
 * what went wrong, and a refusal is on record; anything else is logged under an id and
 * answered with a generic message naming that id, so internals never leak.
 */
export async function actionErrorMessage(error: unknown, ctx: ServiceContext | undefined, log?: ErrorLogger): Promise<string> {
  if (error instanceof ServiceError) {
    await recordRefusal(error, ctx);
    return error.message;
  }
  const errorId = logUnexpectedError("action", error, log);
  return `Something went wrong (error ${errorId}). Nothing was changed; please try again.`;
}

const actionClient = createSafeActionClient({
  // Every action names itself, for the log and for a request with no stamped path.
  defineMetadataSchema: () => z.object({ name: z.string().min(1) }),
  // { formErrors, fieldErrors }: the shape failureText (components/ui/action-status.tsx)
  // reads, so a form shows the schema's own message ("a dismissal needs a note"), not
  // only the generic hint (the default shape nests messages under `_errors`).
  defaultValidationErrorsShape: "flattened",
  handleServerError: (error, { ctx }) => actionErrorMessage(error, (ctx as { service?: ServiceContext }).service),
});

/**
 * Signed-in actions. `ctx.service` is the context every service takes, built as the
 * route wrapper builds it (serviceContext in lib/auth/request-context.ts), so an action
 * passes it on as is;
 * `ctx.user` is the person, for reads scoped to them.
 */
export const authActionClient = actionClient.use(async ({ next, metadata }) => {
  const user = await getCurrentUser();
  if (!user) throw new ServiceError("Your session has ended. Please sign in again.", "forbidden");
  const h = await headers();
  return next({ ctx: { user, service: serviceContext(user, { headers: h, method: "POST", path: actionPath(h, metadata.name) }) } });
});

/** What an action refreshes once its service succeeded: a page, or a layout and every page under it. */
export type Refresh = `/${string}` | { layout: `/${string}` };

/**
 * The usual action: `schema` parses the input, `run` (a service) gets the action's
 * context with that input, and `refresh` is revalidated. The browser gets nothing back:
 * what a service returns can hold more than the page should see, so an action that
 * answers with something is written out with authActionClient.
 */
export function serviceAction<S extends z.ZodType>(name: string, schema: S, run: (options: ServiceContext & z.output<S>) => Promise<unknown>, refresh: Refresh) {
  return authActionClient
    .metadata({ name })
    .inputSchema(schema)
    .action(async ({ ctx, parsedInput }) => {
      await run({ ...ctx.service, ...(parsedInput as object) } as ServiceContext & z.output<S>);
      if (typeof refresh === "string") revalidatePath(refresh);
      else revalidatePath(refresh.layout, "layout");
    });
}
