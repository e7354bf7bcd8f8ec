// One API operation, declared once: what the route wrapper enforces (who may call it,
// with which token scope, which inputs) and what the OpenAPI document says about it
// (lib/contract builds the document from these objects; nothing there is written by
// hand). A route handler is `apiRoute(operation, handler)`, so the document cannot
// drift from what the code validates. Client-safe: zod schemas and words only.
import type { z } from "zod";
import type { Permission } from "@/lib/access/permissions";
import type { TokenScope } from "@/lib/tokens/scopes";
import type { BodyFormat } from "./body";
import type { ApiErrorCode } from "./errors";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** The document's sections, in the order the docs page shows them. */
export const API_TAGS = {
  "Audit log": "Search, read, chart and export the audit log within your reach.",
  "Saved searches": "Audit log searches kept by name: yours, those shared with auditors, and those an admin pinned for everyone.",
  "Audit integrity": "Check the hash chains and signed checkpoints that make the log tamper-evident.",
  "Compliance reports": "Reports an auditor is asked for (access review, authentication, sensitive data access, integrity attestation, alert handling, announcement reach): requested for a period, generated in the background, signed, downloaded as PDF, CSV or JSON.",
  "Audit streams": "Destinations the audit log streams to (a webhook, Splunk HEC, Datadog, Elasticsearch, syslog): configured, tested, paused, replayed, and their delivery health. Admins; token scope streams:manage.",
  "Sign-in activity": "Sign-in sessions and data-access records.",
  Alerts: "Operational alerts sent to you, and anomaly alerts raised on the audit log.",
  Announcements: "Announcements shown to you; authors create and change them and see their reach.",
  "API tokens": "Personal API tokens. Browser session only: a token cannot mint or list tokens.",
  Realtime: "The Pusher channel authorizer the browser uses. Browser session only.",
  "Sign-in": "Auth.js (browser sign-in). Not for API clients.",
  Scheduler: "The scheduler's endpoint (Inngest). Not for API clients.",
  Contract: "This document.",
} as const;
export type ApiTag = keyof typeof API_TAGS;

export type SuccessResponse<R> = {
  status: 200 | 201 | 202 | 204;
  description: string;
  /** The JSON body (absent: no body, as for 204, or a file only). */
  schema?: R;
  /** Other media types the same status may carry: a CSV download, an NDJSON stream. */
  files?: ReadonlyArray<{ contentType: string; description: string; schema?: z.ZodType }>;
  /** Response headers beyond the rate-limit pair every answer carries (name → meaning). */
  headers?: Readonly<Record<string, string>>;
};

type Schema = z.ZodType;

export type Operation<
  Q extends Schema | undefined = Schema | undefined,
  P extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema | undefined = Schema | undefined,
> = {
  method: HttpMethod;
  /** The OpenAPI path, `{name}` for a path parameter: "/api/alerts/{id}/resolve". */
  path: `/api/${string}`;
  operationId: string;
  tag: ApiTag;
  summary: string;
  description?: string;
  /** Who may call it at all; scope within it is the read function's business. */
  permission?: Permission;
  /**
   * The API token scope the route needs. A route without one takes the session cookie
   * only (token management, the realtime authorizer): a token gets 403 there.
   */
  scope?: TokenScope;
  /** A route with a budget of its own on top of the default (lib/api/rate-limit.ts). */
  rateLimit?: "export";
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
  response: SuccessResponse<R>;
  /**
   * Failures beyond those every operation may give (the wrapper's 400 for bad input,
   * 401, 403, 429 and 500): `not_found`, `conflict`, `invalid_query`.
   */
  errors?: readonly ApiErrorCode[];
};

/** Declares an operation (an identity function that keeps the schemas' types). */
export function defineOperation<Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined, B extends Schema | undefined = undefined, R extends Schema | undefined = undefined>(
  operation: Operation<Q, P, B, R>,
): Operation<Q, P, B, R> {
  return operation;
}
