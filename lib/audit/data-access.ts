import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { AccessType, DataCategory, SensitivityLevel, AccessMethod } from "@/lib/generated/prisma/enums";
import type { RequestContext } from "./schemas";
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
  auditLogId?: string;
};

/**
 * Records that someone read sensitive data (spec 001 DataAccessLog): the audit log
 * itself, an entry's detail, exports, personal fields. Append-only like the audit log.
 * The one recorder: each logged read path calls it from one place, the read function
 * that serves it (never a page), after the scoped read, with what was returned.
 */
export async function recordDataAccess(o: DataAccessOptions): Promise<void> {
  await db.dataAccessLog.create({
    data: {
      accessType: o.accessType,
      userId: o.actor.id,
      userName: o.actor.name,
      userRole: o.actor.role,
      dataCategory: o.dataCategory,
      dataType: o.dataType,
      recordCount: o.recordCount,
      dataFields: o.dataFields ?? [],
      accessMethod: o.accessMethod ?? "ui",
      accessPurpose: o.purpose ?? "",
      searchCriteria: (o.searchCriteria ?? {}) as object,
      sensitivityLevel: o.sensitivity,
      isPiiData: o.isPii ?? false,
      ipAddress: o.request.ip ?? "",
      userAgent: o.request.userAgent ?? "",
      sessionId: sessionRef(o.request.sessionId),
      accessStatus: "granted",
      auditLogId: o.auditLogId ?? null,
    },
  });
  if (o.request.sessionId) {
    await db.auditSession.updateMany({ where: { sessionId: o.request.sessionId }, data: { dataAccessCount: { increment: 1 } } });
  }
}
