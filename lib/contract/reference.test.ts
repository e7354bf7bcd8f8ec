import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";
import { apiReference, apiReferenceFrom, type FieldNode, type OpenApiDocument } from "./reference";

const field = (node: FieldNode | undefined, ...names: string[]): FieldNode | undefined => names.reduce<FieldNode | undefined>((n, name) => n?.fields.find((f) => f.name === name), node);

const SMALL: OpenApiDocument = {
  openapi: "3.1.0",
  info: { title: "T", version: "1" },
  tags: [{ name: "Things" }, { name: "Empty" }],
  paths: {
    "/api/things/{id}": {
      get: {
        operationId: "getThing",
        summary: "Read a thing",
        description: "Reads it.\n\nToken scope: `things:read`.",
        tags: ["Things"],
        security: [{ apiToken: ["things:read"] }, { sessionCookie: [] }],
        "x-token-scope": "things:read",
        parameters: [{ in: "path", name: "id", schema: { type: "string", format: "uuid", pattern: "^[0-9a-f-]+$" } }],
        responses: {
          "200": { description: "The thing.", headers: { RateLimit: { $ref: "#/components/headers/RateLimit" } }, content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } },
          "404": { $ref: "#/components/responses/NotFound" },
        },
      },
      delete: {
        summary: "Drop a thing",
        description: "Gone.\n\nBrowser session only: API tokens get 403.",
        tags: ["Elsewhere"],
        security: [{ sessionCookie: [] }],
        responses: { "204": { description: "Dropped." }, "404": { $ref: "#/components/responses/NotFound" } },
      },
    },
  },
  components: {
    schemas: {
      Node: {
        type: "object",
        properties: {
          name: { type: ["string", "null"], minLength: 1, maxLength: 20 },
          count: { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991, default: 0 },
          kind: { anyOf: [{ type: "string", enum: ["a", "b"] }, { type: "null" }], description: "What it is." },
          flag: { anyOf: [{ type: "boolean" }, { type: "string", const: "on" }] },
          children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
          meta: { type: "object", additionalProperties: {} },
        },
        required: ["name", "children"],
      },
      Error: { type: "object", properties: { error: { type: "object", properties: { code: { type: "string", enum: ["not_found"] } }, required: ["code"] } }, required: ["error"] },
    },
    headers: { RateLimit: { description: "What is left." } },
    responses: { NotFound: { description: "No such thing. Codes: `not_found`.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } } },
  },
};

describe("apiReferenceFrom", () => {
  const ref = apiReferenceFrom(SMALL);
  const [things, empty, elsewhere] = ref.tags;
  const get = things!.operations[0]!;

  it("groups operations by tag in the document's order, unlisted tags last", () => {
    expect(ref.tags.map((t) => t.name)).toEqual(["Things", "Empty", "Elsewhere"]);
    expect(empty!.operations).toEqual([]);
    expect(elsewhere!.operations.map((o) => `${o.method} ${o.path}`)).toEqual(["DELETE /api/things/{id}"]);
    expect(get.anchor).toBe("op-getthing");
    expect(elsewhere!.operations[0]!.anchor).toBe("op-delete-api-things-id");
  });

  it("names the scope, or the session, and drops the access paragraph the description repeats", () => {
    expect(get.access).toEqual({ kind: "token", scope: "things:read" });
    expect(get.description).toBe("Reads it.");
    expect(elsewhere!.operations[0]!.access).toEqual({ kind: "session" });
    expect(elsewhere!.operations[0]!.description).toBe("Gone.");
  });

  it("resolves $refs and cuts a schema where it contains itself", () => {
    const root = get.responses[0]!.content[0]!.schema!;
    expect(root.schemaName).toBe("Node");
    const children = field(root, "children")!;
    expect(children.type).toBe("array of Node");
    expect(children.required).toBe(true);
    // One level down, Node again: named, not followed.
    expect(children.fields).toEqual([]);
    expect(children.recursive).toBe(true);
  });

  it("reads nullability, values, bounds and defaults into words", () => {
    const root = get.responses[0]!.content[0]!.schema!;
    expect(field(root, "name")).toMatchObject({ type: "string", nullable: true, required: true, constraints: ["1 to 20 characters"] });
    // zod's safe-integer bounds are not limits anyone set.
    expect(field(root, "count")).toMatchObject({ type: "integer", constraints: [], defaultValue: "0", required: false });
    expect(field(root, "kind")).toMatchObject({ type: "string", nullable: true, values: ["a", "b"], description: "What it is." });
    expect(field(root, "flag")).toMatchObject({ type: "boolean or string", values: ['"on"'] });
    expect(field(root, "meta")?.type).toBe("object (any keys, each any JSON)");
    const id = get.parameters[0]!;
    expect(id).toMatchObject({ name: "id", in: "path", required: true });
    expect(id.schema).toMatchObject({ format: "uuid", pattern: undefined });
  });

  it("turns component failures into compact rows with their codes", () => {
    expect(get.failures).toEqual([{ status: "404", component: "NotFound", description: "No such thing.", codes: ["not_found"] }]);
    expect(get.responses.map((r) => r.status)).toEqual(["200"]);
    expect(get.responses[0]!.headers).toEqual([{ name: "RateLimit", description: "What is left.", shared: true }]);
    expect(ref.failures).toEqual([{ status: "404", component: "NotFound", description: "No such thing.", codes: ["not_found"] }]);
  });
});

describe("apiReference (this API)", () => {
  const ref = apiReference();
  const doc = openApiDocument();

  it("shows every tag and every operation of the document", () => {
    expect(ref.tags.map((t) => t.name)).toEqual(doc.tags?.map((t) => t.name));
    const inDoc = Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(ref.tags.flatMap((t) => t.operations.map((o) => `${o.method} ${o.path}`)).sort()).toEqual(inDoc.sort());
  });

  it("describes List audit entries with its scope and the error codes of its failures", () => {
    const op = ref.tags.flatMap((t) => t.operations).find((o) => o.summary === "List audit entries")!;
    expect(`${op.method} ${op.path}`).toBe("GET /api/audit-logs");
    expect(op.access).toEqual({ kind: "token", scope: "audit:read" });
    expect(op.failures.find((f) => f.status === "429")?.codes).toEqual(["rate_limited"]);
    expect(field(op.responses[0]!.content[0]!.schema, "data")?.type).toBe("array of AuditEntry");
  });

  it("lists every error code in the error body's tree, and every status in the failures", () => {
    const codes = field(ref.errorSchema, "error", "code")?.values;
    expect(codes).toContain("rate_limited");
    expect(ref.failures.flatMap((f) => f.codes).sort()).toEqual([...codes!].sort());
  });
});
