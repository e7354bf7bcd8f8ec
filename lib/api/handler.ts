import "server-only";
// The one wrapper every route handler goes through (ARCHITECTURE.md), driven by the
// route's operation (lib/api/operation.ts, declared in lib/contract): who is asking
// (the session cookie, or a bearer API token on routes that name a token scope), which
// scope and permission, zod input (query, path and body: handlers never read the body
// themselves; text with a NUL character is refused), and one error body. A refusal
// ("forbidden"), whoever throws it, is recorded once (lib/access-denied.ts). A handler
// returns data (sent as JSON) or a Response of its own; every response is
// `Cache-Control: no-store`, since each one is personal.
import type { z } from "zod";
import { recordRefusal } from "@/lib/access-denied";
import { can } from "@/lib/access/permissions";
import { contextFromHeaders, serviceContext } from "@/lib/auth/request-context";
import { countSessionUse } from "@/lib/auth/session-activity";
import { getCurrentUser, type CurrentUser } from "@/lib/auth/session";
import { ServiceError } from "@/lib/errors";
import { MAX_REQUEST_PATH_LENGTH, type ServiceContext } from "@/lib/service-context";
import { authenticateToken, tokenSessionId } from "@/lib/tokens/authenticate";
import type { TokenScope } from "@/lib/tokens/scopes";
import { parseBody } from "./body";
import type { Operation } from "./operation";
import { ratePolicies, takeRatePoints } from "./rate-limit";
import { ApiError, errorResponse, NO_STORE, nulCharacterError, toApiError, validationError } from "./errors";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler may return: the operation's JSON body, or a Response of its own. */
type Result<R> = R extends z.ZodType ? z.input<R> | Response : Response;

/** A route handler that carries its operation (the contract coverage test reads it). */
export type ApiRouteHandler = ((request: Request, context?: RouteContext) => Promise<Response>) & { operation: Operation };

/**
 * Test hook: integration tests install a checker (lib/contract/check.ts) that holds
 * every answer to the OpenAPI document. Unset in the app.
 */
type ContractHook = (operation: Operation, response: Response) => void | Promise<void>;
const contractHook = () => (globalThis as { __apiContractCheck?: ContractHook }).__apiContractCheck;

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

export function apiRoute<Q extends Schema | undefined, P extends Schema | undefined, B extends Schema | undefined, R extends Schema | undefined>(
  options: Operation<Q, P, B, R>,
  handler: (args: ApiHandlerArgs<Out<Q>, Out<P>, Out<B>>) => Promise<Result<R>>,
): ApiRouteHandler {
  const route = async (request: Request, context?: RouteContext): Promise<Response> => {
    const response = await answer(request, context);
    await contractHook()?.(options as Operation, response);
    return response;
  };
  const answer = async (request: Request, context?: RouteContext): Promise<Response> => {
    const started = performance.now();
    let ctx: ServiceContext | undefined;
    let limits: Record<string, string> = {};
    try {
      const url = new URL(request.url);
      const { user, scopes, caller } = await whoIsAsking(request, url, options);
      const policies = ratePolicies();
      limits = await takeRatePoints(caller, options.rateLimit ? [policies.default, policies[options.rateLimit]] : [policies.default]);
      const signedIn = performance.now();
      ctx = serviceContext(user, { headers: request.headers, method: request.method, path: auditedPath(url) });
      if (scopes && !scopes.includes(options.scope!)) {
        const header = { "WWW-Authenticate": `Bearer error="insufficient_scope", scope="${options.scope}"` };
        throw new ApiError(403, "insufficient_scope", `This API token lacks the ${options.scope} scope.`, { missingScope: options.scope }, header);
      }
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
        for (const [name, value] of Object.entries(limits)) result.headers.set(name, value);
        return result;
      }
      return Response.json(result, { status: 200, headers: { ...NO_STORE, "Server-Timing": timing, ...limits } });
    } catch (error) {
      await recordRefusal(error, ctx);
      const response = errorResponse(toApiError(error));
      for (const [name, value] of Object.entries(limits)) if (!response.headers.has(name)) response.headers.set(name, value);
      return response;
    }
  };
  return Object.assign(route, { operation: options as Operation });
}

const INVALID_TOKEN = { "WWW-Authenticate": 'Bearer error="invalid_token"' };

/**
 * The caller: a bearer token's owner with the token's scopes, or the session cookie's
 * person (scopes null: a person in the browser is limited by their role alone). A token
 * needs no Origin check (no browser attaches it by itself); a cookie request to a
 * state-changing route must come from this origin.
 */
async function whoIsAsking(request: Request, url: URL, options: { scope?: TokenScope; sameOrigin?: boolean }): Promise<{ user: CurrentUser; scopes: TokenScope[] | null; caller: string }> {
  const authorization = request.headers.get("authorization");
  if (authorization && /^Bearer\b/i.test(authorization)) {
    const bearer = authorization.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const caller = bearer ? await authenticateToken(bearer, { ...contextFromHeaders(request.headers), method: request.method, path: auditedPath(url) }) : null;
    if (!caller) throw new ApiError(401, "invalid_token", "The API token is not valid: it is unknown, revoked or expired, or its owner's account is suspended.", undefined, INVALID_TOKEN);
    if (!options.scope) throw new ApiError(403, "forbidden", "This endpoint takes the browser session only; API tokens cannot use it.");
    countSessionUse(tokenSessionId(caller.tokenId), "api");
    return { user: caller.user, scopes: caller.scopes, caller: tokenSessionId(caller.tokenId) };
  }
  if (options.sameOrigin && !isSameOrigin(request)) throw new ApiError(403, "forbidden", "Cross-origin request refused.");
  const user = await getCurrentUser();
  if (!user) throw new ApiError(401, "unauthenticated", "Sign in first, or send an API token as `Authorization: Bearer …`.");
  countSessionUse(user.sessionId, "api");
  return { user, scopes: null, caller: `user:${user.id}` };
}

/**
 * The path as the audit log keeps it: cut at its limit, as the request stamp cuts a
 * page's path (lib/auth/request-stamp.ts). A longer one (a path parameter of 5000
 * characters, say) would fail the entry's validation and lose the record of a refusal.
 */
function auditedPath(url: URL): string {
  return url.pathname.slice(0, MAX_REQUEST_PATH_LENGTH);
}

function parseWith(schema: Schema, input: unknown, where: "query" | "params"): unknown {
  const nul = nulCharacterError(input, where);
  if (nul) throw nul;
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

/**
 * The export for a method a route refuses on purpose (a GET on a POST-only route), so
 * the caller gets the one error body rather than an empty 405. Not an operation: the
 * document lists it under the path's own operation as the 405 it gives.
 */
export function refusedMethod(allow: string, message: string): (() => Response) & { refuses: string } {
  return Object.assign(() => methodNotAllowed(allow, message), { refuses: allow });
}
