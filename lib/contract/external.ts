// The two routes under app/api that are not operations of this API but are in its
// document all the same: Auth.js (the browser's sign-in) and the scheduler's endpoint.
// No API client calls them; the document says what they are so nothing is hidden.
import type { ZodOpenApiPathsObject } from "zod-openapi";

const browserOnly = (summary: string, operationId: string) => ({
  operationId,
  summary,
  description: "Auth.js' own endpoints (`signin`, `signout`, `callback/credentials`, `session`, `csrf`, `providers`), used by the sign-in page. Browser session only; API tokens are not read here.",
  tags: ["Sign-in"],
  security: [{ sessionCookie: [] }, {} as Record<string, string[]>],
  parameters: [{ name: "nextauth", in: "path" as const, required: true, description: "The Auth.js action, e.g. `session` or `callback/credentials`.", schema: { type: "string" as const } }],
  responses: {
    "200": { description: "Auth.js' answer: an HTML page or JSON, as Auth.js defines it." },
    "302": { description: "A redirect (after signing in or out, or to the sign-in page)." },
    "4XX": { description: "Auth.js refused the request (a missing CSRF token, an unknown action)." },
  },
});

const scheduler = (summary: string, operationId: string) => ({
  operationId,
  summary,
  description: "Inngest's `serve()` endpoint. In cloud mode the SDK checks Inngest's signature on every request; locally only the driver holding `INNGEST_LOCAL_TOKEN` gets through (403 otherwise).",
  tags: ["Scheduler"],
  security: [{} as Record<string, string[]>],
  responses: {
    "200": { description: "The Inngest SDK's answer." },
    "403": { description: "Locally: not the driver. In cloud mode: the signature did not verify." },
  },
});

export const EXTERNAL_PATHS: ZodOpenApiPathsObject = {
  "/api/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      description: "The OpenAPI 3.1 document of this API, generated from the schemas the server validates with. Public: it describes the API and holds no data.",
      tags: ["Contract"],
      security: [{} as Record<string, string[]>],
      responses: {
        "200": { description: "The document.", content: { "application/json": { schema: { type: "object" } } } },
        "4XX": { description: "Not served (never expected)." },
      },
    },
  },
  "/api/auth/{nextauth}": {
    get: browserOnly("Auth.js (GET)", "authJsGet"),
    post: browserOnly("Auth.js (POST)", "authJsPost"),
  },
  "/api/inngest": {
    get: scheduler("Scheduler: introspection", "inngestGet"),
    post: scheduler("Scheduler: run a function step", "inngestPost"),
    put: scheduler("Scheduler: register functions", "inngestPut"),
  },
};
