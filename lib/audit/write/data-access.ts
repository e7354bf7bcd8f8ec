import type { Role } from "@/lib/access/permissions";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AccessType, DataCategory, SensitivityLevel, AccessMethod } from "@/lib/generated/prisma/enums";
import type { RequestContext } from "@/lib/service-context";
import { sessionRef } from "./session-ref";

/** Who read: the CurrentUser of a page, or a service's actor. */
export type DataAccessReader = { id: string; name: string; role: Role };

type DataAccessOptions = {
  actor: DataAccessReader;
  request: RequestContext;
  accessType: AccessType;
  dataCategory: DataCategory;
  dataType: string;
  recordCount: number;
  dataFields?: string[];
  accessMethod?: AccessMethod;
  sensitivity: SensitivityLevel;
  purpose?: string;
  searchCriteria?: Record<string, unknown>;
  isPii?: boolean;
  /** Health information (a sick-leave reason): spec 001 is_phi_data. */
  isPhi?: boolean;
  /** Refused reads are logged too: `denied`, with the reason in words. */
  status?: "granted" | "denied";
  denialReason?: string;
  /**
   * Whose records were read: one row per person (their name as it is now, kept), with
   * how many of their records. None: one row about no one in particular (a search).
   */
  subjects?: Array<{ id: string; name: string; count: number }>;
  auditLogId?: string;
};

/**
 * Records that someone read sensitive data (spec 001 DataAccessLog): the audit log
 * itself, an entry's detail, exports, personal fields. Append-only like the audit log.
 * The one recorder: each logged read path calls it from one place, the read function
 * that serves it (never a page), after the scoped read, with what was returned.
 */
export async function recordDataAccess(o: DataAccessOptions): Promise<void> {
  const subjects: Array<{ id: string | null; name: string; count: number }> = o.subjects?.length ? o.subjects : [{ id: null, name: "", count: o.recordCount }];
  const rows = Prisma.join(
    subjects.map(
      (subject) => Prisma.sql`(uuidv7(), ${o.accessType}::"AccessType", ${o.actor.id}::uuid, ${o.actor.name}, ${o.actor.role}, ${o.dataCategory}::"DataCategory",
              ${o.dataType}, ${subject.count}::int, ${JSON.stringify(o.dataFields ?? [])}::jsonb, ${o.accessMethod ?? "ui"}::"AccessMethod",
              ${o.purpose ?? ""}, ${JSON.stringify(o.searchCriteria ?? {})}::jsonb, ${o.sensitivity}::"SensitivityLevel", ${o.isPii ?? false}, ${o.isPhi ?? false},
              ${o.request.ip ?? ""}, ${o.request.userAgent ?? ""}, ${sessionRef(o.request.sessionId)}, ${o.status ?? "granted"}::"AccessStatus", ${o.denialReason ?? ""},
              ${o.auditLogId ?? null}::uuid, ${subject.id}::uuid, ${subject.name})`,
    ),
  );
  // One statement, one round trip: the rows and their session's count together (every
  // logged read pays for this on its way out).
  await db.$executeRaw`
    WITH logged AS (
      INSERT INTO data_access_logs (id, access_type, user_id, user_name, user_role, data_category, data_type, record_count, data_fields,
                                    access_method, access_purpose, search_criteria, sensitivity_level, is_pii_data, is_phi_data, ip_address, user_agent,
                                    session_id, access_status, denial_reason, audit_log_id, subject_user_id, subject_name)
      VALUES ${rows}
    )
    UPDATE audit_sessions SET data_access_count = data_access_count + 1 WHERE session_id = ${o.request.sessionId ?? null}`;
}
