// The API reference that /docs/api renders, read from the OpenAPI document itself (not
// from the operations), so the page shows exactly what /api/openapi.json publishes:
// the tags in the document's order, each operation's words, who may call it, its
// parameters, body and responses, and every schema as a tree of fields with `$ref`s
// resolved against components (a schema that contains itself is cut, not followed).
// Failures that point at components.responses become one compact row each (status,
// meaning, error codes) instead of the error schema again. Plain data: the page lays
// it out (components/api-docs/), nothing here renders.
import { openApiDocument } from "./document";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** The part of JSON Schema 2020-12 the document uses. */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};

type Ref = { $ref: string };
type MediaTypeObject = { schema?: JsonSchema };
type HeaderObject = { description?: string; schema?: JsonSchema };
type ResponseObject = { description?: string; headers?: Record<string, HeaderObject | Ref>; content?: Record<string, MediaTypeObject> };
type ParameterObject = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema };
type RequestBodyObject = { required?: boolean; description?: string; content?: Record<string, MediaTypeObject> };
type OperationObject = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  "x-token-scope"?: string;
  parameters?: Array<ParameterObject | Ref>;
  requestBody?: RequestBodyObject | Ref;
  responses?: Record<string, ResponseObject | Ref>;
};
type SecuritySchemeObject = { type: string; description?: string; scheme?: string; bearerFormat?: string; name?: string; in?: string };

/** The part of an OpenAPI 3.1 document this module reads. */
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; summary?: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  paths?: Record<string, { [M in (typeof METHODS)[number]]?: unknown }>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    responses?: Record<string, ResponseObject | Ref>;
    headers?: Record<string, HeaderObject | Ref>;
    parameters?: Record<string, ParameterObject | Ref>;
    requestBodies?: Record<string, RequestBodyObject | Ref>;
    securitySchemes?: Record<string, SecuritySchemeObject | Ref>;
  };
};

/** One field of a schema (or the schema itself, at the root), ready to show. */
export type FieldNode = {
  /** The property name; absent at the root and for an array's items. */
  name?: string;
  required: boolean;
  /** In words: "string", "integer", "array of AuditEntry", "boolean or string", "any JSON". */
  type: string;
  /** The component the shape comes from (`#/components/schemas/<name>`), if any. */
  schemaName?: string;
  format?: string;
  nullable: boolean;
  /** The allowed values (enum or const), as they would be written in JSON, strings bare. */
  values?: string[];
  /** Bounds in words: "1 to 200", "at most 3000 characters". */
  constraints: string[];
  /** A pattern the value must match (shown only when no `format` already says it). */
  pattern?: string;
  defaultValue?: string;
  description?: string;
  fields: FieldNode[];
  /** Whose fields `fields` are, in words: "AuditEntry", "each AuditEntry", "each item". */
  fieldsOf?: string;
  /** The schema contains itself here: the tree stops, naming the shape. */
  recursive?: boolean;
  /** How many fields sit below this one, all levels (for collapsing long trees). */
  size: number;
};

export type ParameterView = { name: string; in: string; required: boolean; description?: string; schema: FieldNode };
export type MediaView = { mediaType: string; schema?: FieldNode };
export type HeaderView = { name: string; description?: string; /** A component header (the rate-limit pair), explained once on the page. */ shared: boolean };
export type ResponseView = { status: string; description?: string; headers: HeaderView[]; content: MediaView[] };
export type FailureView = { status: string; description?: string; codes: string[]; /** components.responses name, when it is one. */ component?: string };

/** Who may call an operation: a token with this scope (or the session), the session only, or anyone. */
export type Access = { kind: "token"; scope: string } | { kind: "session" } | { kind: "session-optional" } | { kind: "public" };

export type OperationView = {
  anchor: string;
  method: string;
  path: string;
  operationId?: string;
  summary: string;
  description?: string;
  access: Access;
  parameters: ParameterView[];
  requestBody?: { required: boolean; description?: string; content: MediaView[] };
  responses: ResponseView[];
  failures: FailureView[];
};

export type TagView = { name: string; anchor: string; description?: string; operations: OperationView[] };

export type ApiReference = {
  title: string;
  version: string;
  openapi: string;
  summary?: string;
  description?: string;
  tokenScheme?: { description?: string; bearerFormat?: string };
  sessionScheme?: { description?: string; cookie?: string };
  /** components.headers: the rate-limit pair every answer carries. */
  sharedHeaders: Array<{ name: string; description?: string }>;
  /** The 429 answer, when the document has one. */
  rateLimited?: FailureView & { headers: HeaderView[] };
  /** The error body itself, as a tree (its `code` field lists every error code). */
  errorSchema?: FieldNode;
  /** Every component failure by status (lowest first). */
  failures: FailureView[];
  tags: TagView[];
};

// zod writes its integer bounds as Number.MIN/MAX_SAFE_INTEGER: not a limit anyone sets.
const SAFE_MIN = Number.MIN_SAFE_INTEGER;
const SAFE_MAX = Number.MAX_SAFE_INTEGER;

/** The trailing paragraph operationObject() adds (lib/contract/document.ts); the page shows access on its own. */
const ACCESS_PARAGRAPH = /\n*(?:Token scope: `[^`]+`\.|Browser session only: API tokens get 403\.)\s*$/;
/** The codes a component failure names at the end of its description. */
const CODES_SENTENCE = /\s*Codes: ((?:`[^`]+`(?:, )?)+)\.\s*$/;

function isRef(value: unknown): value is Ref {
  return typeof value === "object" && value !== null && typeof (value as Ref).$ref === "string";
}

/** "#/components/schemas/AuditEntry" → "AuditEntry" when it points into that section. */
function refName(ref: string, section: string): string | undefined {
  const prefix = `#/components/${section}/`;
  return ref.startsWith(prefix) ? decodeURIComponent(ref.slice(prefix.length).replace(/~1/g, "/").replace(/~0/g, "~")) : undefined;
}

/** An anchor id from words: "Audit log" → "audit-log". */
export function slug(words: string): string {
  return (
    words
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "x"
  );
}

function literal(value: unknown, quoteStrings: boolean): string {
  if (typeof value === "string") return quoteStrings || value === "" ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === "string") return [schema.type];
  if (schema.const !== undefined) return [jsonType(schema.const)];
  if (schema.enum?.length) return [...new Set(schema.enum.map(jsonType))];
  if (schema.properties) return ["object"];
  if (schema.items) return ["array"];
  return [];
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function valuesOf(schema: JsonSchema): unknown[] {
  if (schema.const !== undefined) return [schema.const];
  return schema.enum ?? [];
}

function range(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  const u = unit ? ` ${unit}` : "";
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min}${u}` : `${min} to ${max}${u}`;
  if (min !== undefined) return `at least ${min}${u}`;
  if (max !== undefined) return `at most ${max}${u}`;
  return undefined;
}

function constraintsOf(schema: JsonSchema): string[] {
  const min = schema.minimum === SAFE_MIN ? undefined : schema.minimum;
  const max = schema.maximum === SAFE_MAX ? undefined : schema.maximum;
  const out = [range(min, max, ""), range(schema.minLength, schema.maxLength, "characters"), range(schema.minItems, schema.maxItems, "items")];
  if (schema.exclusiveMinimum !== undefined) out.push(`more than ${schema.exclusiveMinimum}`);
  if (schema.exclusiveMaximum !== undefined) out.push(`less than ${schema.exclusiveMaximum}`);
  return out.filter((c): c is string => Boolean(c));
}

function sizeOf(fields: FieldNode[]): number {
  return fields.reduce((n, f) => n + 1 + f.size, 0);
}

/** Reads schemas against one document's components. */
class SchemaReader {
  constructor(private readonly schemas: Record<string, JsonSchema>) {}

  /**
   * One schema as a field. `seen` holds the components on the way down from the root,
   * so a schema that contains itself stops at its second appearance.
   */
  field(schema: JsonSchema, seen: readonly string[] = [], name?: string, required = false): FieldNode {
    const outerDescription = schema.description;
    let s = schema;
    let schemaName: string | undefined;
    if (s.$ref !== undefined) {
      schemaName = refName(s.$ref, "schemas") ?? s.$ref;
      const target = this.schemas[schemaName];
      if (seen.includes(schemaName) || !target) {
        return { name, required, type: schemaName, schemaName, nullable: false, constraints: [], description: outerDescription ?? target?.description, fields: [], recursive: Boolean(target), size: 0 };
      }
      seen = [...seen, schemaName];
      s = target;
    }
    if (s.allOf?.length) s = this.merge(s, seen);
    const description = outerDescription ?? s.description;
    const defaultValue = s.default === undefined ? undefined : literal(s.default, false);

    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives?.length) {
      const nonNull = alternatives.filter((a) => !(a.type === "null" || (Array.isArray(a.type) && a.type.length === 1 && a.type[0] === "null")));
      const nullable = nonNull.length < alternatives.length;
      if (nonNull.length === 1) {
        const inner = this.field(nonNull[0]!, seen, name, required);
        return { ...inner, nullable: inner.nullable || nullable, description: description ?? inner.description, defaultValue: defaultValue ?? inner.defaultValue, schemaName: inner.schemaName ?? schemaName };
      }
      const resolved = nonNull.map((a) => (a.$ref ? (this.schemas[refName(a.$ref, "schemas") ?? ""] ?? a) : a));
      if (resolved.every((a) => !a.properties && !a.items && !a.anyOf && !a.oneOf && !a.$ref)) {
        // Scalars only (a boolean, or "on", "true", …): one line, its types and values.
        const types = [...new Set(resolved.flatMap(typesOf))];
        const mixed = types.length > 1;
        const values = resolved.flatMap(valuesOf).map((v) => literal(v, mixed));
        return { name, required, type: types.join(" or ") || "any JSON", schemaName, nullable, values: values.length ? values : undefined, constraints: [], description, defaultValue, fields: [], size: 0 };
      }
      // Shapes: one child per alternative.
      const fields = nonNull.map((a, i) => ({ ...this.field(a, seen, `option ${i + 1}`), required: false }));
      return { name, required, type: "one of", schemaName, nullable, constraints: [], description, defaultValue, fields, size: sizeOf(fields) };
    }

    let types = typesOf(s);
    const nullable = types.includes("null");
    types = types.filter((t) => t !== "null");
    const rawValues = valuesOf(s).filter((v) => v !== null);
    const base = {
      name,
      required,
      schemaName,
      nullable,
      format: s.format,
      values: rawValues.length ? rawValues.map((v) => literal(v, types.length > 1)) : undefined,
      constraints: constraintsOf(s),
      pattern: s.format ? undefined : s.pattern,
      defaultValue,
      description,
    };

    if (types.length === 1 && types[0] === "array") {
      const item = s.items ? this.field(s.items, seen) : undefined;
      const itemType = item ? `${item.schemaName ?? item.type}${item.nullable ? " or null" : ""}` : "any JSON";
      const itemWords = item ? [...item.constraints.map((c) => `each ${c}`)] : [];
      return {
        ...base,
        type: `array of ${itemType}`,
        format: item?.format,
        values: item?.values,
        pattern: item?.pattern,
        constraints: [...base.constraints, ...itemWords],
        fields: item?.fields ?? [],
        fieldsOf: `each ${item?.schemaName ?? "item"}`,
        recursive: item?.recursive,
        size: item?.size ?? 0,
      };
    }

    if (s.properties || (types.length === 1 && types[0] === "object")) {
      const required = new Set(s.required ?? []);
      const fields = Object.entries(s.properties ?? {}).map(([key, value]) => this.field(value, seen, key, required.has(key)));
      const extra = s.additionalProperties;
      if (extra && typeof extra === "object") {
        const value = this.field(extra, seen);
        const valueType = value.schemaName ?? (value.type === "any JSON" || value.type === "" ? "any JSON" : value.type);
        if (!fields.length) return { ...base, type: `object (any keys, each ${valueType})`, fields: value.fields, fieldsOf: "each value", size: value.size };
        fields.push({ ...value, name: "(any other key)", required: false });
      }
      return { ...base, type: "object", fields, fieldsOf: schemaName, size: sizeOf(fields) };
    }

    return { ...base, type: types.join(" or ") || "any JSON", fields: [], size: 0 };
  }

  /** allOf, flattened: properties and required lists merged (the document has none today). */
  private merge(schema: JsonSchema, seen: readonly string[]): JsonSchema {
    const parts = (schema.allOf ?? []).map((p) => (p.$ref && !seen.includes(refName(p.$ref, "schemas") ?? "") ? (this.schemas[refName(p.$ref, "schemas") ?? ""] ?? {}) : p));
    const { allOf: _allOf, ...rest } = schema;
    void _allOf;
    return parts.reduce<JsonSchema>(
      (acc, p) => ({ ...p, ...acc, properties: { ...p.properties, ...acc.properties }, required: [...(acc.required ?? []), ...(p.required ?? [])] }),
      rest,
    );
  }
}

function accessOf(op: OperationObject): Access {
  const security = op.security ?? [];
  const scope = op["x-token-scope"] ?? security.flatMap((r) => Object.entries(r)).find(([name, scopes]) => name === "apiToken" && scopes.length)?.[1]?.[0];
  if (scope) return { kind: "token", scope };
  const open = security.length === 0 || security.some((r) => Object.keys(r).length === 0);
  const session = security.some((r) => Object.keys(r).length > 0);
  if (session && open) return { kind: "session-optional" };
  if (session) return { kind: "session" };
  return { kind: "public" };
}

/**
 * A failure's codes: the response's `x-error-codes` (document.ts writes it beside the
 * "Codes: …" sentence, which is dropped from the words so they are not said twice).
 */
function splitCodes(r: { description?: string; "x-error-codes"?: unknown } | undefined): { description?: string; codes: string[] } {
  const description = r?.description;
  const listed = Array.isArray(r?.["x-error-codes"]) ? (r["x-error-codes"] as unknown[]).filter((c): c is string => typeof c === "string") : [];
  if (!description) return { codes: listed };
  const match = CODES_SENTENCE.exec(description);
  const codes = listed.length ? listed : match ? [...match[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) : [];
  return { description: match ? description.slice(0, match.index) : description, codes };
}

/** A component section's entry, following `$ref`s within the section (a few hops at most). */
function resolve<T extends object>(section: Record<string, T | Ref> | undefined, name: string, value: T | Ref | undefined): T | undefined {
  for (let hops = 0; value && hops < 8; hops++) {
    if (!isRef(value)) return value;
    value = section?.[refName(value.$ref, name) ?? ""];
  }
  return undefined;
}

/** Reads the document into what the docs page shows. */
export function apiReferenceFrom(doc: OpenApiDocument): ApiReference {
  const components = doc.components ?? {};
  const reader = new SchemaReader(components.schemas ?? {});
  const errorSchemaRef = "#/components/schemas/Error";
  const header = (value: HeaderObject | Ref | undefined) => resolve(components.headers, "headers", value);
  const response = (value: ResponseObject | Ref | undefined) => resolve(components.responses, "responses", value);

  const headerViews = (headers: Record<string, HeaderObject | Ref> | undefined): HeaderView[] =>
    Object.entries(headers ?? {}).map(([name, h]) => ({ name, description: header(h)?.description, shared: isRef(h) }));

  const isErrorResponse = (r: ResponseObject) => {
    const schemas = Object.values(r.content ?? {}).map((m) => m.schema);
    return schemas.length > 0 && schemas.every((s) => s?.$ref === errorSchemaRef);
  };

  // Which status each component failure answers with (components.responses are named, not numbered).
  const componentStatus = new Map<string, string>();
  const operations: Array<{ path: string; method: string; op: OperationObject }> = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      operations.push({ path, method, op });
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const name = isRef(r) ? refName(r.$ref, "responses") : undefined;
        if (name && !componentStatus.has(name)) componentStatus.set(name, status);
      }
    }
  }

  const usedAnchors = new Set<string>();
  const anchorFor = (wanted: string) => {
    let anchor = wanted;
    for (let i = 2; usedAnchors.has(anchor); i++) anchor = `${wanted}-${i}`;
    usedAnchors.add(anchor);
    return anchor;
  };

  const media = (content: Record<string, MediaTypeObject> | undefined): MediaView[] =>
    Object.entries(content ?? {}).map(([mediaType, m]) => ({ mediaType, schema: m.schema ? reader.field(m.schema) : undefined }));

  const operationView = (path: string, method: string, op: OperationObject): OperationView => {
    const access = accessOf(op);
    const parameters = (op.parameters ?? [])
      .map((p) => resolve(components.parameters, "parameters", p))
      .filter((p): p is ParameterObject => Boolean(p))
      .map((p) => {
        const required = p.required ?? p.in === "path";
        const schema = reader.field(p.schema ?? {}, [], p.name, required);
        return { name: p.name, in: p.in, required, description: p.description ?? schema.description, schema };
      });
    const body = resolve(components.requestBodies, "requestBodies", op.requestBody);
    const responses: ResponseView[] = [];
    const failures: FailureView[] = [];
    for (const [status, entry] of Object.entries(op.responses ?? {})) {
      const component = isRef(entry) ? refName(entry.$ref, "responses") : undefined;
      const r = response(entry);
      if (!r) continue;
      if (/^[45]/.test(status) && (component || isErrorResponse(r) || !r.content)) {
        failures.push({ status, component, ...splitCodes(r) });
        continue;
      }
      responses.push({ status, description: r.description, headers: headerViews(r.headers), content: media(r.content) });
    }
    const description = access.kind === "public" ? op.description : op.description?.replace(ACCESS_PARAGRAPH, "");
    return {
      anchor: anchorFor(`op-${slug(op.operationId ?? `${method}-${path}`)}`),
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      summary: op.summary ?? `${method.toUpperCase()} ${path}`,
      description: description?.trim() || undefined,
      access,
      parameters,
      requestBody: body ? { required: Boolean(body.required), description: body.description, content: media(body.content) } : undefined,
      responses,
      failures,
    };
  };

  const tags: TagView[] = (doc.tags ?? []).map((t) => ({ name: t.name, anchor: anchorFor(`tag-${slug(t.name)}`), description: t.description, operations: [] }));
  const byName = new Map(tags.map((t) => [t.name, t]));
  for (const { path, method, op } of operations) {
    const tagName = op.tags?.[0] ?? "Other";
    let tag = byName.get(tagName);
    if (!tag) {
      // An operation under a tag the document does not list still shows, after the listed ones.
      tag = { name: tagName, anchor: anchorFor(`tag-${slug(tagName)}`), operations: [] };
      byName.set(tagName, tag);
      tags.push(tag);
    }
    tag.operations.push(operationView(path, method, op));
  }

  const failures: FailureView[] = [...componentStatus]
    .map(([name, status]) => ({ status, component: name, ...splitCodes(response(components.responses?.[name])) }))
    .sort((a, b) => a.status.localeCompare(b.status));
  const tooMany = [...componentStatus].find(([, status]) => status === "429")?.[0];
  const tooManyResponse = tooMany ? response(components.responses?.[tooMany]) : undefined;

  const errorSchema = components.schemas?.Error ? reader.field({ $ref: errorSchemaRef }) : undefined;
  const token = resolve(components.securitySchemes, "securitySchemes", components.securitySchemes?.apiToken);
  const session = resolve(components.securitySchemes, "securitySchemes", components.securitySchemes?.sessionCookie);

  return {
    title: doc.info.title,
    version: doc.info.version,
    openapi: doc.openapi,
    summary: doc.info.summary,
    description: doc.info.description,
    tokenScheme: token ? { description: token.description, bearerFormat: token.bearerFormat } : undefined,
    sessionScheme: session ? { description: session.description, cookie: session.name } : undefined,
    sharedHeaders: Object.keys(components.headers ?? {}).map((name) => ({ name, description: header(components.headers?.[name])?.description })),
    rateLimited: tooManyResponse ? { status: "429", component: tooMany, ...splitCodes(tooManyResponse), headers: headerViews(tooManyResponse.headers) } : undefined,
    errorSchema,
    failures,
    tags,
  };
}

let cached: ApiReference | undefined;

/** This API's reference (read once per process: the document does not change at run time). */
export function apiReference(): ApiReference {
  cached ??= apiReferenceFrom(openApiDocument());
  return cached;
}
