// Holds an answer to the OpenAPI document: its status is one the operation documents,
// its media type is one documented for that status, and a JSON body validates against
// the documented schema (ajv, JSON Schema 2020-12, as OpenAPI 3.1 is). Used by the
// integration tests on every answer of every route (test/contract-check.ts) and by the
// property-based run; not by the app.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Operation } from "@/lib/api/operation";
import { openApiDocument } from "./document";

type Json = Record<string, unknown>;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema(openApiDocument() as unknown as Json, "openapi.json");
  }
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
    compiled.set(pointer, validate);
  }
  return validate;
}

const escape = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");

function resolve(ref: unknown): Json | undefined {
  const doc = openApiDocument() as unknown as Json;
  if (!ref || typeof ref !== "object") return undefined;
  const r = (ref as { $ref?: string }).$ref;
  if (!r) return ref as Json;
  return r
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], doc) as Json | undefined;
}

/** Where in the document the response for `status` lives, and its object. */
function documentedResponse(operation: Pick<Operation, "path" | "method">, status: number): { pointer: string; response: Json } | undefined {
  const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  const op = doc.paths[operation.path]?.[operation.method.toLowerCase()];
  if (!op) return undefined;
  const key = String(status) in op.responses ? String(status) : `${String(status)[0]}XX` in op.responses ? `${String(status)[0]}XX` : undefined;
  if (!key) return undefined;
  const raw = op.responses[key] as Json;
  const base = raw.$ref ? (raw.$ref as string).slice(1) : `/paths/${escape(operation.path)}/${operation.method.toLowerCase()}/responses/${key}`;
  const response = resolve(raw);
  return response ? { pointer: base, response } : undefined;
}

/**
 * What is wrong with this answer, in words (empty when it conforms). Reads a clone of
 * a JSON body; a file body (CSV, NDJSON) is checked by its media type only.
 */
export async function contractBreaches(operation: Pick<Operation, "path" | "method">, response: Response): Promise<string[]> {
  const where = `${operation.method} ${operation.path} → ${response.status}`;
  const documented = documentedResponse(operation, response.status);
  if (!documented) return [`${where}: status not documented`];
  const content = documented.response.content as Record<string, unknown> | undefined;
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (!content) {
    if (response.body !== null && mediaType) return [`${where}: documented without a body, answered ${mediaType}`];
    return [];
  }
  if (!(mediaType in content)) return [`${where}: media type ${mediaType || "(none)"} not documented (${Object.keys(content).join(", ")})`];
  if (mediaType !== "application/json") return [];
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    return [`${where}: body is not JSON`];
  }
  const validate = validatorFor(`${documented.pointer}/content/${escape(mediaType)}/schema`);
  if (validate(body)) return [];
  return (validate.errors ?? []).slice(0, 5).map((e) => `${where}: body${e.instancePath} ${e.message}${e.params && "allowedValues" in e.params ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : ""}`);
}
