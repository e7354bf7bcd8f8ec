import "server-only";
// The one wrapper every route handler goes through (ARCHITECTURE.md): who is asking
// (the session; API tokens come later, here), which permission, zod input (query, path
// and body: handlers never read the body themselves), and one error body. A refusal
// ("forbidden"), whoever throws it, is recorded once (lib/access-denied.ts). A handler
// returns data (sent as JSON) or a Response of its own; every response is
// `Cache-Control: no-store`, since each one is personal.
import type { z } from "zod";
import { recordRefusal } from "@/lib/access-denied";
import { can, type Permission } from "@/lib/access/permissions";
import { serviceContext } from "@/lib/auth/request-context";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { ServiceError } from "@/lib/errors";
import type { ServiceContext } from "@/lib/service-context";
import { parseBody, type BodyFormat } from "./body";
import { ApiError, errorResponse, NO_STORE, toApiError, validationError } from "./errors";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiRouteOptions<Q extends Schema | undefined, P extends Schema | undefined, B extends Schema | undefined> = {
  /** Who may call it at all; scope within it is the read function's business. */
  permission?: Permission;
  /** What the refusal says (and the access-denied audit entry records). */
  deniedMessage?: string;
  query?: Q;
  params?: P;
  /** The body's schema; the body is JSON unless `bodyFormat` says otherwise (lib/api/body.ts). */
  body?: B;
  bodyFormat?: BodyFormat;
  /**
   * Refuse a browser's cross-origin request (for routes that change state: a form or a
   * script on another site cannot start them). Session cookies are SameSite=Lax already.
   */
  sameOrigin?: boolean;
};

export type ApiHandlerArgs<Q, P, B> = {
  user: CurrentUser;
  query: Q;
  params: P;
  body: B;
  request: Request;
  /** The actor and request facts services and recorders take. */
  ctx: ServiceContext;
};

type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

export function apiRoute<Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  options: ApiRouteOptions<Q, P, B>,
  handler: (args: ApiHandlerArgs<Out<Q>, Out<P>, Out<B>>) => Promise<Response | unknown>,
): (request: Request, context?: RouteContext) => Promise<Response> {
  return async (request, context) => {
    const started = performance.now();
    let ctx: ServiceContext | undefined;
    try {
      if (options.sameOrigin && !isSameOrigin(request)) throw new ApiError(403, "forbidden", "Cross-origin request refused.");
      const user = await getCurrentUser();
      const signedIn = performance.now();
      if (!user) throw new ApiError(401, "unauthenticated", "Sign in first.");
      const url = new URL(request.url);
      ctx = serviceContext(user, { headers: request.headers, method: request.method, path: url.pathname });
      if (options.permission && !can(user.role, options.permission)) {
        throw new ServiceError(options.deniedMessage ?? "You are not allowed to use this endpoint.", "forbidden");
      }
      const query = options.query ? parseWith(options.query, searchParamsObject(url.searchParams), "query") : undefined;
      const params = options.params ? parseWith(options.params, (await context?.params) ?? {}, "params") : undefined;
      const body = options.body ? await parseBody(request, options.body, options.bodyFormat) : undefined;
      const handled = performance.now();
      const result = await handler({ user, query: query as Out<Q>, params: params as Out<P>, body: body as Out<B>, request, ctx });
      // Where the time went, for the browser's network panel and for bench:search: the
      // session check, then the handler (the read and its data-access row).
      const timing = `session;dur=${(signedIn - started).toFixed(1)}, handler;dur=${(performance.now() - handled).toFixed(1)}`;
      if (result instanceof Response) {
        if (!result.headers.has("Cache-Control")) result.headers.set("Cache-Control", "no-store");
        result.headers.set("Server-Timing", timing);
        return result;
      }
      return Response.json(result, { status: 200, headers: { ...NO_STORE, "Server-Timing": timing } });
    } catch (error) {
      await recordRefusal(error, ctx);
      return errorResponse(toApiError(error));
    }
  };
}

function parseWith(schema: Schema, input: unknown, where: "query" | "params"): unknown {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, where);
  return parsed.data;
}

/** The first value of each parameter (a repeated one is not a list in this API). */
function searchParamsObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in out)) out[key] = value;
  return out;
}

function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true; // not a browser's cross-origin request
  try {
    return new URL(origin).host === (request.headers.get("host") ?? new URL(request.url).host);
  } catch {
    return false; // "null" (a sandboxed frame, a data: URL)
  }
}

/** A method the route does not offer: 405 with the methods it does, in the one error body. */
export function methodNotAllowed(allow: string, message: string): Response {
  return errorResponse(new ApiError(405, "method_not_allowed", message, undefined, { Allow: allow }));
}
