import { createHash } from "node:crypto";

// The hashed form of an audit entry. The writer and the verifier both build it from
// the stored column values, so anything that changes a stored value changes the hash.

/** JSON with object keys sorted at every level; undefined members are dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    return value === undefined ? "null" : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      out += canonicalJson(value[i]);
    }
    return out + "]";
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    if (!first) out += ",";
    first = false;
    out += JSON.stringify(key) + ":" + canonicalJson(v);
  }
  return out + "}";
}

/**
 * Turns any value into the plain JSON PostgreSQL's jsonb will hand back: dates become
 * ISO strings, NaN/Infinity become null, NUL characters (which jsonb and text reject)
 * are removed, BigInts become strings.
 */
export function toPlainJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  switch (typeof value) {
    case "string":
      return stripNul(value);
    case "number":
      return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
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
        if (v === undefined || typeof v === "function") continue;
        out[stripNul(k)] = toPlainJson(v);
      }
      return out;
    }
    default:
      return null;
  }
}

export function stripNul(s: string): string {
  return s.includes("\u0000") ? s.replaceAll("\u0000", "") : s;
}

/** The columns covered by an entry's content hash, as stored. */
export type HashedAuditFields = {
  id: string;
  eventTimestamp: Date;
  eventType: string;
  eventCategory: string;
  actionType: string;
  actionDescription: string;
  moduleName: string;
  userId: string | null;
  userName: string;
  userEmail: string;
  userRole: string;
  userDepartment: string;
  sessionId: string;
  ipAddress: string | null;
  userAgent: string;
  objectType: string;
  objectId: string;
  objectName: string;
  subjectUserId: string | null;
  oldValues: unknown;
  newValues: unknown;
  changedFields: unknown;
  requestMethod: string;
  requestPath: string;
  responseStatus: number | null;
  riskLevel: string;
  isSensitive: boolean;
  isComplianceRelated: boolean;
  status: string;
  errorMessage: string;
  errorCode: string;
  additionalData: unknown;
  tags: unknown;
  retentionMonths: number;
};

export type HashedContent = Omit<HashedAuditFields, "eventTimestamp">;

const HASHED_FIELDS = [
  "id", "eventType", "eventCategory", "actionType", "actionDescription", "moduleName",
  "userId", "userName", "userEmail", "userRole", "userDepartment", "sessionId", "ipAddress", "userAgent",
  "objectType", "objectId", "objectName", "subjectUserId", "oldValues", "newValues", "changedFields",
  "requestMethod", "requestPath", "responseStatus", "riskLevel", "isSensitive", "isComplianceRelated",
  "status", "errorMessage", "errorCode", "additionalData", "tags", "retentionMonths",
] as const satisfies ReadonlyArray<keyof HashedContent>;

/**
 * SHA-256 of the canonical JSON of exactly the hashed columns (extra properties are
 * ignored). The time is not part of it: PostgreSQL stamps the entry when it joins
 * its chain, and the chain hash covers the time (see chainHash).
 */
export function contentHash(f: HashedContent): Buffer {
  const picked: Record<string, unknown> = {};
  for (const key of HASHED_FIELDS) picked[key] = f[key];
  return createHash("sha256").update(canonicalJson(picked)).digest();
}

/**
 * Each entry's hash covers the previous entry's hash in its chain, its content hash
 * and its time in milliseconds (8 bytes, big-endian). The same formula runs inside
 * PostgreSQL in audit_append_chain().
 */
export function chainHash(previous: Buffer, content: Buffer, eventTimestamp: Date): Buffer {
  const ms = Buffer.alloc(8);
  ms.writeBigInt64BE(BigInt(eventTimestamp.getTime()));
  return createHash("sha256").update(previous).update(content).update(ms).digest();
}

/** The starting hash of chain `chainId`, also seeded by the migration. */
export function genesisHash(chainId: number): Buffer {
  return createHash("sha256").update(`hr-governance-audit-chain:${chainId}`).digest();
}
