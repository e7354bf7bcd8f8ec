// The OpenAPI 3.1 document, built from the operations (lib/contract/*.ts) with
// zod-openapi, which renders each zod schema through zod 4's own JSON Schema output:
// the schemas the wrapper validates with are the schemas the document shows. Served at
// /api/openapi.json, rendered at /docs/api, linted in npm test.
import { createDocument, type ZodOpenApiObject, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { API_TAGS, type Operation } from "@/lib/api/operation";
import type { ApiErrorCode } from "@/lib/api/errors";
import { TOKEN_SCOPE_LABELS, TOKEN_SCOPES } from "@/lib/tokens/scopes";
import { OPERATIONS } from "./operations";
import { errorBodySchema } from "./schemas";
import { EXTERNAL_PATHS } from "./external";

export const OPENAPI_VERSION = "3.1.0";
export const API_VERSION = "1.0.0";

/** Every failure status and the codes it may carry, for the responses' words. */
const FAILURES: Record<number, { id: string; codes: ApiErrorCode[]; description: string }> = {
  400: { id: "BadRequest", codes: ["invalid_input", "invalid_query"], description: "The input is not valid: `details.issues` names each field, or, for a search, the term and its position." },
  401: { id: "Unauthorized", codes: ["unauthenticated", "invalid_token"], description: "Not signed in, or the API token is unknown, revoked, expired, or its owner is suspended (`WWW-Authenticate: Bearer error=\"invalid_token\"`)." },
  403: { id: "Forbidden", codes: ["forbidden", "insufficient_scope"], description: "Your role may not do this, the token lacks the scope (`details.missingScope`), or the route takes the browser session only. Recorded in the audit log." },
  404: { id: "NotFound", codes: ["not_found"], description: "No such record that you may see." },
  405: { id: "MethodNotAllowed", codes: ["method_not_allowed"], description: "The path does not offer that method (`Allow` names those it does)." },
  409: { id: "Conflict", codes: ["conflict"], description: "The record's state does not allow it (already closed, say)." },
  413: { id: "PayloadTooLarge", codes: ["payload_too_large"], description: "The body is over 1 MiB." },
  415: { id: "UnsupportedMediaType", codes: ["unsupported_media_type"], description: "The body is not in the media type the operation takes." },
  429: { id: "TooManyRequests", codes: ["rate_limited"], description: "A budget is spent: `Retry-After` says when to try again, `details.retryAfterSeconds` too." },
  500: { id: "InternalError", codes: ["internal"], description: "Something failed on our side; `details.errorId` is in our logs." },
};

const RATE_HEADERS = {
  "RateLimit-Policy": { description: 'The budgets that apply (IETF draft): `"default";q=600;w=60`, plus `"export";q=10;w=3600` on exports.', schema: { type: "string" as const } },
  RateLimit: { description: 'What is left of each budget and when it resets: `"default";r=599;t=60`.', schema: { type: "string" as const } },
};

const RATE_HEADER_REFS = Object.fromEntries(Object.keys(RATE_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]));

function failureStatuses(op: Operation): number[] {
  const statuses = new Set<number>([401, 403, 429, 500]);
  if (op.query || op.params || op.body) statuses.add(400);
  if (op.body) {
    statuses.add(413);
    statuses.add(415);
  }
  for (const code of op.errors ?? []) {
    const status = Number(Object.entries(FAILURES).find(([, f]) => f.codes.includes(code))?.[0]);
    if (status) statuses.add(status);
  }
  return [...statuses].sort((a, b) => a - b);
}

function responses(op: Operation): ZodOpenApiResponsesObject {
  const { status, description, schema, files, headers } = op.response;
  const content: Record<string, { schema?: typeof schema | { type: "string" }; description?: string }> = {};
  if (schema) content["application/json"] = { schema };
  for (const file of files ?? []) content[file.contentType] = { schema: file.schema ?? { type: "string" } };
  const fileWords = files?.length ? ` ${files.map((f) => f.description).join(" ")}` : "";
  const out: ZodOpenApiResponsesObject = {
    [String(status) as "200"]: {
      description: description + fileWords,
      headers: { ...RATE_HEADER_REFS, ...Object.fromEntries(Object.entries(headers ?? {}).map(([name, meaning]) => [name, { description: meaning, schema: { type: "string" } }])) },
      ...(Object.keys(content).length ? { content } : {}),
    },
  };
  for (const s of failureStatuses(op)) out[String(s) as "400"] = { $ref: `#/components/responses/${FAILURES[s]!.id}` };
  return out;
}

function operationObject(op: Operation): ZodOpenApiOperationObject {
  const scopeWords = op.scope ? `Token scope: \`${op.scope}\`.` : "Browser session only: API tokens get 403.";
  const bodyRequired = op.body ? !op.body.safeParse(undefined).success : false;
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, scopeWords].filter(Boolean).join("\n\n"),
    tags: [op.tag],
    ...(op.query || op.params ? { requestParams: { ...(op.query ? { query: op.query } : {}), ...(op.params ? { path: op.params } : {}) } } : {}),
    ...(op.body
      ? { requestBody: { required: bodyRequired, content: { [op.bodyFormat === "form" ? "application/x-www-form-urlencoded" : "application/json"]: { schema: op.body } } } }
      : {}),
    responses: responses(op),
    security: op.scope ? [{ apiToken: [op.scope] }, { sessionCookie: [] }] : [{ sessionCookie: [] }],
    ...(op.scope ? { "x-token-scope": op.scope } : {}),
  } as ZodOpenApiOperationObject;
}

function paths(): ZodOpenApiPathsObject {
  const out: ZodOpenApiPathsObject = {};
  for (const op of OPERATIONS) {
    const item = (out[op.path] ??= {});
    item[op.method.toLowerCase() as "get"] = operationObject(op);
  }
  return { ...out, ...EXTERNAL_PATHS };
}

export function openApiInput(serverUrl = "/"): ZodOpenApiObject {
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: "HR Governance API",
      version: API_VERSION,
      summary: "Audit log, alerts and announcements, for scripts, SIEM jobs and auditors' tools.",
      description: [
        "Every operation takes an API token (`Authorization: Bearer hrg_…`, made under Settings → API tokens) or the browser's session cookie.",
        "A token acts as its owner: a request needs the operation's scope on the token and the permission on the owner's current role, and reads stay within the owner's reach.",
        "Every answer carries `RateLimit-Policy` and `RateLimit`; errors are `{ error: { code, message, details } }`.",
        "Times are ISO 8601 instants in UTC; calendar days (`yyyy-MM-dd`) are Pakistan time (PKT, UTC+5).",
      ].join("\n\n"),
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: serverUrl, description: "This server." }],
    tags: Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
    paths: paths(),
    components: {
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "hrg_ token",
          description: `A personal API token. Scopes: ${TOKEN_SCOPES.map((s) => `\`${s}\` (${TOKEN_SCOPE_LABELS[s]})`).join("; ")}.`,
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description: "The browser's sign-in session (`__Secure-authjs.session-token` over HTTPS). A request that changes state must come from this origin.",
        },
      },
      headers: RATE_HEADERS,
      responses: Object.fromEntries(
        Object.values(FAILURES).map((f) => [
          f.id,
          {
            description: `${f.description} Codes: ${f.codes.map((c) => `\`${c}\``).join(", ")}.`,
            "x-error-codes": f.codes,
            headers: { ...RATE_HEADER_REFS, ...(f.id === "TooManyRequests" ? { "Retry-After": { description: "Seconds until the budget resets.", schema: { type: "string" } } } : {}) },
            content: { "application/json": { schema: errorBodySchema } },
          },
        ]),
      ),
    },
  } as ZodOpenApiObject;
}

let cached: ReturnType<typeof createDocument> | undefined;

/** The document (built once per process: the operations do not change at run time). */
export function openApiDocument(): ReturnType<typeof createDocument> {
  cached ??= createDocument(openApiInput(), { allowEmptySchema: { unknown: true } });
  return cached;
}
