// The document names every route under app/api, and every operation in it is a route:
// a handler added without an operation, or an operation left behind by a removed
// route, fails here. Also: the check that holds answers to the document can fail.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "./operations";
import { contractBreaches } from "./check";
import { openApiDocument } from "./document";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const root = path.resolve(import.meta.dirname, "../..");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(full) : e.name === "route.ts" ? [full] : [];
  });
}

/** app/api/alerts/[id]/resolve/route.ts → /api/alerts/{id}/resolve; [...x] → {x}. */
function openApiPath(file: string): string {
  const dir = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep);
  return `/${dir.map((seg) => seg.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}")).join("/")}`;
}

describe("the OpenAPI document covers app/api", () => {
  it("lists every exported method of every route, with the operation the handler runs", async () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };
    const seen = new Set<string>();
    const files = routeFiles(path.join(root, "app/api"));
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const route = openApiPath(file);
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = mod[method] as undefined | ((...a: unknown[]) => unknown) & { operation?: { operationId: string; path: string; method: string }; refuses?: string };
        if (!handler) continue;
        if (handler.refuses) {
          // A refused method answers 405; the path's real operation documents it.
          const real = doc.paths[route]?.[handler.refuses.toLowerCase()];
          expect(real?.responses["405"], `${route}: ${method} is refused, so ${handler.refuses} documents a 405`).toBeDefined();
          continue;
        }
        const documented = doc.paths[route]?.[method.toLowerCase()];
        expect(documented, `${method} ${route} (${path.relative(root, file)}) is not in the document`).toBeDefined();
        if (handler.operation) {
          expect(handler.operation.path, `${method} ${route}: the operation names another path`).toBe(route);
          expect(handler.operation.method).toBe(method);
          expect(documented!.operationId).toBe(handler.operation.operationId);
        }
        seen.add(`${method} ${route}`);
      }
    }
    const inDocument = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(inDocument.filter((op) => !seen.has(op)), "operations in the document that no route serves").toEqual([]);
  });

  it("gives every operation a unique id", () => {
    const ids = OPERATIONS.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("contractBreaches", () => {
  const op = OPERATIONS.find((o) => o.operationId === "listApiTokens")!;
  const json = (status: number, body: unknown, type = "application/json") => new Response(JSON.stringify(body), { status, headers: { "content-type": type } });

  it("passes a conforming answer and a documented error", async () => {
    expect(await contractBreaches(op, json(200, { data: [] }))).toEqual([]);
    expect(await contractBreaches(op, json(401, { error: { code: "unauthenticated", message: "Sign in." } }))).toEqual([]);
  });

  it("names an undocumented status, a wrong media type, a missing field and an unknown error code", async () => {
    expect(await contractBreaches(op, json(418, {}))).toEqual(["GET /api/tokens → 418: status not documented"]);
    expect((await contractBreaches(op, json(200, "a,b", "text/csv")))[0]).toMatch(/media type text\/csv not documented/);
    expect((await contractBreaches(op, json(200, { data: [{ id: "x" }] })))[0]).toMatch(/body\/data\/0 must have required property|must match format/);
    expect((await contractBreaches(op, json(403, { error: { code: "nope", message: "x" } })))[0]).toMatch(/body\/error\/code must be equal to one of the allowed values/);
  });
});
