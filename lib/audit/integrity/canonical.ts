import { createHash, hash } from "node:crypto";
import { canonicalJson, contentFraming } from "@/lib/audit/evidence/verify-bundle.mjs";

// The hashed form of an audit entry is the text PostgreSQL itself prints for its
// hashed columns as one record (record_out). The writer sends an entry as exactly that
// record text (contentFraming), PostgreSQL hashes it as it stores it (audit_append),
// and the verifier has PostgreSQL print the stored row the same way and hash it again,
// which is what lets it check a couple of hundred thousand entries a second. Anyone
// can recompute a hash outside the database from the exported column texts
// (contentHashOfTexts).

// canonicalJson (what signatures cover) and contentFraming (the hashed record text) are
// the bundle verifier's own: an outside auditor runs the same code the app signs and
// hashes with.
export { canonicalJson, contentFraming };

export function stripNul(s: string): string {
  const clean = s.includes("\u0000") ? s.replaceAll("\u0000", "") : s;
  // Lone surrogates cannot be stored as UTF-8; replace them as PostgreSQL would refuse them.
  return clean.isWellFormed() ? clean : clean.toWellFormed();
}

/**
 * Turns any value into plain JSON that survives a round trip through jsonb unchanged:
 * dates become ISO strings, NaN/Infinity become null, BigInts and numbers JavaScript
 * would print in exponent form become strings (jsonb prints them expanded), NUL
 * characters and lone surrogates are removed.
 */
export function toPlainJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  switch (typeof value) {
    case "string":
      return stripNul(value);
    case "number": {
      if (!Number.isFinite(value)) return null;
      if (Object.is(value, -0)) return 0;
      const text = JSON.stringify(value);
      return text.includes("e") ? text : value;
    }
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "object": {
      if (Array.isArray(value)) return value.map(toPlainJson);
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
        return toPlainJson((value as { toJSON: () => unknown }).toJSON());
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
        out[stripNul(k)] = toPlainJson(v);
      }
      return out;
    }
    default:
      return null;
  }
}

function utf8Compare(a: string, b: string): number {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length - bb.length || Buffer.compare(ab, bb);
}

/**
 * The text PostgreSQL prints for a jsonb value (`value::text`): object keys ordered by
 * UTF-8 length then bytes, ", " and ": " separators. Input must come from toPlainJson.
 */
export function jsonbText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort(utf8Compare);
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText(obj[k])}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** Hashed columns in hashing order; each is read back as PostgreSQL's text output. */
export const HASHED_COLUMNS = [
  "id", "event_type", "event_category", "action_type", "action_description", "module_name",
  "user_id", "user_name", "user_email", "user_role", "user_department", "session_id", "ip_address",
  "user_agent", "object_type", "object_id", "object_name", "subject_user_id", "old_values", "new_values",
  "changed_fields", "request_method", "request_path", "response_status", "risk_level", "is_sensitive",
  "is_compliance_related", "status", "error_message", "error_code", "additional_data", "tags", "retention_months",
] as const;

export type HashedColumn = (typeof HASHED_COLUMNS)[number];

/**
 * SQL that recomputes an entry's content hash from the stored row with PostgreSQL's
 * own built-ins (schema-qualified, so nothing defined later can stand in for them):
 * the row of hashed columns printed as a composite value.
 */
export const CONTENT_HASH_SQL = `pg_catalog.sha256(pg_catalog.convert_to(ROW(${HASHED_COLUMNS.join(", ")})::text, 'UTF8'))`;

/**
 * contentFraming (above): the column texts in HASHED_COLUMNS order spelled exactly as
 * PostgreSQL prints the row as a composite value (record_out): unambiguous (NULL is an
 * empty field, the empty string is ""), so the verifier can have PostgreSQL produce the
 * same bytes straight from the stored row, fast.
 */

/** SHA-256 of contentFraming(). The entry's time is covered by the chain hash instead. */
export function contentHashOfTexts(texts: ReadonlyArray<string | null>): Buffer {
  return hash("sha256", contentFraming(texts), "buffer");
}

/**
 * Each entry's hash covers the previous entry's hash in its chain, its content hash
 * and its time in milliseconds (8 bytes, big-endian). The same formula runs inside
 * PostgreSQL in audit_append().
 */
export function chainHash(previous: Buffer, content: Buffer, timeMs: Buffer | Date): Buffer {
  let ms = timeMs as Buffer;
  if (timeMs instanceof Date) {
    ms = Buffer.alloc(8);
    ms.writeBigInt64BE(BigInt(timeMs.getTime()));
  }
  return hash("sha256", Buffer.concat([previous, content, ms]), "buffer");
}

/** The starting hash of chain `chainId`, also seeded by the migration. */
export function genesisHash(chainId: number): Buffer {
  return createHash("sha256").update(`hr-governance-audit-chain:${chainId}`).digest();
}

/**
 * SQL for an entry's hashed fields as one JSON object text, keys in hashing order, each
 * value the column's text as the row prints it (booleans t/f): what an evidence bundle
 * and a stream event carry, so a receiver can recompute the content hash.
 */
export function hashedFieldsJsonSql(alias: string): string {
  // json_object over two text arrays: several times cheaper than json_build_object's
  // variadic pairs at a million rows.
  const values = HASHED_COLUMNS.map((c) => (c.startsWith("is_") ? `CASE WHEN ${alias}.${c} THEN 't' ELSE 'f' END` : `${alias}.${c}::text`));
  return `json_object(ARRAY[${HASHED_COLUMNS.map((c) => `'${c}'`).join(", ")}]::text[], ARRAY[${values.join(", ")}]::text[])::text`;
}
